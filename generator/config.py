"""The settings of a run: `[tool.openapi-dataclasses]` in the project's pyproject.toml, under the
command line's flags.

The table is looked for as ruff does: in the nearest pyproject.toml from the working folder upward
that has it (one without the table is passed over). Paths in it are relative to that file.

    [tool.openapi-dataclasses]
    spec = "specs/api.yaml"
    out = "generated"
    package = "api"

A repository that generates several APIs lists them as targets; the keys of the table itself are
the defaults of every target, and `--target NAME` picks targets by their `name`:

    [[tool.openapi-dataclasses.targets]]
    name = "billing"
    spec = "specs/billing.yaml"
    ...
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import GeneratorError, Location

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FILE = "pyproject.toml"
TABLE = "openapi-dataclasses"


@dataclass(frozen=True)
class Target:
    """Settings as written, in the file or on the command line: None where one is not given."""

    name: str | None = None
    spec: Path | None = None
    out: Path | None = None
    package: str | None = None
    schemas: tuple[str, ...] | None = None
    strict: bool | None = None
    validate: bool | None = None
    jobs: int | None = None
    cache: bool | None = None

    def over(self, defaults: Target) -> Target:
        """These settings, and those of `defaults` where these give none."""
        given = {field.name: getattr(self, field.name) for field in fields(self)}
        return replace(
            defaults, **{key: value for key, value in given.items() if value is not None}
        )


@dataclass(frozen=True)
class Configuration:
    """A `[tool.openapi-dataclasses]` table: its file and its targets (one if it lists none)."""

    file: Path
    targets: tuple[Target, ...]

    @property
    def folder(self) -> Path:
        return self.file.parent


@dataclass(frozen=True)
class Settings:
    """Everything one run needs, complete."""

    spec: Path
    out: Path
    package: str
    schemas: tuple[str, ...] = ()
    strict: bool = False
    validate: bool = True
    jobs: int = 0
    cache: bool = True
    name: str | None = None  # the target's
    folder: Path | None = None  # the configuration's: spec files are named relative to it


def resolve(flags: Target, wanted: Sequence[str], start: Path) -> list[Settings]:
    """The runs the command asks for: the configuration found from `start`, under `flags`."""
    configuration = find(start)
    if configuration is None:
        if wanted:
            raise GeneratorError(
                f"--target {wanted[0]}: no [tool.{TABLE}] table in a {FILE} from {start} upward"
            )
        return [complete(flags, None)]
    targets = select(configuration, wanted)
    if len(targets) > 1 and (flags.spec or flags.out or flags.package):
        raise GeneratorError(
            f"SPEC, --out and --package apply to one target, and {len(targets)} are configured",
            Location(shown(configuration.file)),
            "pick one with --target NAME",
        )
    return [complete(flags.over(target), configuration) for target in targets]


def complete(target: Target, configuration: Configuration | None) -> Settings:
    """The settings of one run; a missing spec, out or package is an error naming the key."""
    spec, out, package = target.spec, target.out, target.package
    if spec is None or out is None or package is None:
        key, flag = next(
            (key, flag)
            for key, flag in (("spec", "SPEC"), ("out", "--out"), ("package", "--package"))
            if getattr(target, key) is None
        )
        if configuration is None:
            raise GeneratorError(
                f"no {flag} given, and no {FILE} from the working folder upward has a "
                f"[tool.{TABLE}] table with `{key}`"
            )
        raise GeneratorError(
            f"no {flag} given, nor `{key}` in [tool.{TABLE}]"
            + (f" for target {target.name!r}" if target.name else ""),
            Location(shown(configuration.file)),
        )
    optional = {
        key: value
        for key in ("schemas", "strict", "validate", "jobs", "cache")
        if (value := getattr(target, key)) is not None
    }
    return Settings(
        spec,
        out,
        package,
        name=target.name,
        folder=configuration.folder if configuration is not None else None,
        **optional,
    )


def select(configuration: Configuration, wanted: Sequence[str]) -> list[Target]:
    if not wanted:
        return list(configuration.targets)
    by_name = {target.name: target for target in configuration.targets}
    for name in wanted:
        if name not in by_name:
            known = ", ".join(sorted(str(name) for name in by_name if name is not None))
            raise GeneratorError(
                f"--target {name}: no target of that name in [tool.{TABLE}]",
                Location(shown(configuration.file)),
                f"the targets are: {known}" if known else "the table lists no targets",
            )
    return [by_name[name] for name in dict.fromkeys(wanted)]


# -- finding and reading the table ---------------------------------------------------------------


def find(start: Path) -> Configuration | None:
    """The configuration in the nearest pyproject.toml from `start` upward that has the table."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / FILE
        if candidate.is_file():
            table = read_table(candidate)
            if table is not None:
                return parse(candidate, table)
    return None


def read_table(file: Path) -> Mapping[str, Any] | None:
    try:
        document = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise GeneratorError(f"cannot read it: {error}", Location(shown(file))) from None
    except tomllib.TOMLDecodeError as error:
        raise GeneratorError(f"not valid TOML: {error}", Location(shown(file))) from None
    tool = document.get("tool")
    table = tool.get(TABLE) if isinstance(tool, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise GeneratorError(f"`tool.{TABLE}` must be a table", Location(shown(file)))
    return table


def parse(file: Path, table: Mapping[str, Any]) -> Configuration:
    """The table's settings, every path made relative to `file`'s folder."""
    defaults = parse_target(file, {key: value for key, value in table.items() if key != "targets"})
    listed = table.get("targets")
    if listed is None:
        return Configuration(file, (defaults,))
    if not isinstance(listed, list) or not all(isinstance(item, dict) for item in listed):
        raise GeneratorError(
            f"`targets` in [tool.{TABLE}] must be an array of tables ([[tool.{TABLE}.targets]])",
            Location(shown(file)),
        )
    if not listed:
        raise GeneratorError(f"`targets` in [tool.{TABLE}] lists no target", Location(shown(file)))
    targets = [parse_target(file, item, index) for index, item in enumerate(listed, 1)]
    names = [target.name for target in targets]
    for index, name in enumerate(names, 1):
        if name is None:
            raise GeneratorError(
                f"[[tool.{TABLE}.targets]] number {index} has no `name`", Location(shown(file))
            )
        if names.count(name) > 1:
            raise GeneratorError(
                f"two [[tool.{TABLE}.targets]] are named {name!r}", Location(shown(file))
            )
    return Configuration(file, tuple(target.over(defaults) for target in targets))


def parse_target(file: Path, table: Mapping[str, Any], index: int | None = None) -> Target:
    """One table of settings; `index` numbers a target (a `name` is allowed there only)."""
    section = f"[tool.{TABLE}]" if index is None else f"[[tool.{TABLE}.targets]] number {index}"
    readers = READERS if index is not None else {k: v for k, v in READERS.items() if k != "name"}
    values: dict[str, Any] = {}
    for key, value in table.items():
        reader = readers.get(key)
        if reader is None:
            raise GeneratorError(
                f"unknown key `{key}` in {section}",
                Location(shown(file)),
                "the keys are: " + ", ".join(sorted([*readers, *([] if index else ["targets"])])),
            )
        read = reader(value, file.parent)
        if read is None:
            raise GeneratorError(
                f"`{key}` in {section} must be {EXPECTED[key]}, not {toml_type(value)}",
                Location(shown(file)),
            )
        values[key] = read
    return Target(**values)


Reader = Callable[[Any, Path], Any]


def text(value: Any, folder: Path) -> str | None:
    return value if isinstance(value, str) and value else None


def path(value: Any, folder: Path) -> Path | None:
    return folder / value if isinstance(value, str) and value else None


def flag(value: Any, folder: Path) -> bool | None:
    return value if isinstance(value, bool) else None


def count(value: Any, folder: Path) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def names(value: Any, folder: Path) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(item, str) and item for item in value):
        return tuple(value)
    return None


READERS: dict[str, Reader] = {
    "name": text,
    "spec": path,
    "out": path,
    "package": text,
    "schemas": names,
    "strict": flag,
    "validate": flag,
    "jobs": count,
    "cache": flag,
}
EXPECTED = {
    "name": "a non-empty string",
    "spec": "a path (a non-empty string)",
    "out": "a path (a non-empty string)",
    "package": "a non-empty string",
    "schemas": "an array of schema names (strings)",
    "strict": "true or false",
    "validate": "true or false",
    "jobs": "a whole number, 0 or more",
    "cache": "true or false",
}


def toml_type(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, list):
        return "an array"
    return "a table" if isinstance(value, dict) else type(value).__name__


def shown(path: Path) -> str:
    """A path as the user would name it: relative to the working folder when that is shorter."""
    relative = os.path.relpath(path)
    return relative if len(relative) <= len(str(path)) else str(path)
