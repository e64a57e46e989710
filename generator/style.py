"""The layout the generated modules are written in: Black's, with the project's own settings.

A project that keeps its settings in pyproject.toml formats its code with `[tool.black]` from the
same file; the generator reads the keys that change Black's output and writes what the project's
own `black --check` accepts:

    [tool.black]
    line-length = 100
    target-version = ["py311"]
    skip-string-normalization = true
    skip-magic-trailing-comma = true
    preview = true

Without them the layout is Black's default (88 columns, double quotes, magic trailing commas)
for Python 3.10, which the templates write themselves (`blacklayout`) and `blackstable` confirms
without running Black; with any of them every module goes through Black in that mode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .errors import GeneratorError, Location

DEFAULT_LINE_LENGTH = 88
_TARGET_VERSION = re.compile(r"py3[0-9]{1,2}")


@dataclass(frozen=True)
class Style:
    line_length: int = DEFAULT_LINE_LENGTH
    target_versions: tuple[str, ...] = ("py310",)
    string_normalization: bool = True
    magic_trailing_comma: bool = True
    preview: bool = False

    @property
    def is_default(self) -> bool:
        """Whether this is the layout the templates write and `blackstable` knows: Black's
        default. The target versions do not change how Black lays out what the templates write
        (the tests compare both ways on every golden module), so they do not count here."""
        return (
            self.line_length == DEFAULT_LINE_LENGTH
            and self.string_normalization
            and self.magic_trailing_comma
            and not self.preview
        )

    def key(self) -> str:
        """A text that changes with every setting: part of the formatting cache's key."""
        return (
            f"{self.line_length} {','.join(self.target_versions)} "
            f"{self.string_normalization} {self.magic_trailing_comma} {self.preview}"
        )


DEFAULT_STYLE = Style()

# [tool.black]'s keys that change the output, and what `Style` calls them.
KEYS = {
    "line-length": "line_length",
    "target-version": "target_versions",
    "skip-string-normalization": "string_normalization",
    "skip-magic-trailing-comma": "magic_trailing_comma",
    "preview": "preview",
}


def read_style(table: Any, file: str) -> Style:
    """The style of a `[tool.black]` table (None: Black's default); Black's other keys (`include`,
    `exclude`, ...) say which files Black looks at, not how it writes them."""
    if table is None:
        return DEFAULT_STYLE
    if not isinstance(table, dict):
        raise GeneratorError("`tool.black` must be a table", Location(file))
    values: dict[str, Any] = {}
    for key, name in KEYS.items():
        if key not in table:
            continue
        value = table[key]
        if key == "line-length":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise wrong(key, "a whole number, 1 or more", file)
        elif key == "target-version":
            if not isinstance(value, list) or not all(
                isinstance(item, str) and _TARGET_VERSION.fullmatch(item.lower()) for item in value
            ):
                raise wrong(key, 'an array of Python versions ("py310", "py311", ...)', file)
            value = tuple(sorted(item.lower() for item in value)) or Style.target_versions
        elif not isinstance(value, bool):
            raise wrong(key, "true or false", file)
        elif key.startswith("skip-"):
            value = not value
        values[name] = value
    return Style(**values)


def wrong(key: str, expected: str, file: str) -> GeneratorError:
    return GeneratorError(f"`{key}` in [tool.black] must be {expected}", Location(file))
