"""The settings of a run: `[tool.openapi-dataclasses]` in the project's pyproject.toml, under the
command line's flags.

The table is looked for as ruff does: in the nearest pyproject.toml from the working folder upward
that has it (one without the table is passed over). Paths in it are relative to that file.

    [tool.openapi-dataclasses]
    spec = "specs/api.yaml"
    out = "src"
    package = "shop.api.orders"      # dotted: written to src/shop/api/orders/
    docs = "docs/api"                # the Markdown docs (default: OUT/docs; false: none)
    ignore = ["#/paths/~1x/get"]     # findings the project has accepted (see `findings`)

The formatting follows the `[tool.black]` table of the same pyproject.toml (line length, target
versions, string normalisation, magic trailing commas), so that the project's own
`black --check` agrees with the output.

A repository that generates several APIs lists them as targets; the keys of the table itself are
the defaults of every target, and `--target NAME` picks targets by their `name`:

    [[tool.openapi-dataclasses.targets]]
    name = "billing"
    spec = "specs/billing.yaml"
    ...
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import GeneratorError, Location
from .findings import Ignore, parse_ignore
from .naming import package_path
from .style import DEFAULT_STYLE, Style, read_style

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
    docs: Path | bool | None = None  # a folder; False: no docs; True: the default, OUT/docs
    ignore: tuple[str, ...] | None = None
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
    style: Style = DEFAULT_STYLE  # from [tool.black] in the same file

    @property
    def folder(self) -> Path:
        return self.file.parent


@dataclass(frozen=True)
class Settings:
    """Everything one run needs, complete."""

    spec: Path
    out: Path
    package: str
    docs: Path | None = None  # None: no docs
    ignore: tuple[Ignore, ...] = ()
    schemas: tuple[str, ...] = ()
    strict: bool = False
    validate: bool = True
    jobs: int = 0
    cache: bool = True
    name: str | None = None  # the target's
    folder: Path | None = None  # the configuration's: spec files are named relative to it
    style: Style = DEFAULT_STYLE

    @property
    def package_folder(self) -> Path:
        return self.out / package_path(self.package)

    def roots(self) -> list[tuple[str, Path]]:
        """The folders this run owns files in: the package's and the docs'."""
        owned = [("package", self.package_folder)]
        return owned if self.docs is None else [*owned, ("docs", self.docs)]

    def describe(self) -> str:
        return f"target {self.name!r}" if self.name else "the target"


def resolve(flags: Target, wanted: Sequence[str], start: Path) -> list[Settings]:
    """The runs the command asks for: the configuration found from `start`, under `flags`."""
    configuration = find(start)
    if configuration is None:
        if wanted:
            raise GeneratorError(
                f"--target {wanted[0]}: no [tool.{TABLE}] table in a {FILE} from {start} upward"
            )
        run = complete(flags, None)
        check_overlaps([run], [], None)
        return [run]
    targets = select(configuration, wanted)
    if len(targets) > 1 and (flags.spec or flags.out or flags.package or flags.docs is not None):
        raise GeneratorError(
            f"SPEC, --out, --package and --docs apply to one target, and {len(targets)} are "
            "configured",
            Location(shown(configuration.file)),
            "pick one with --target NAME",
        )
    runs = [complete(flags.over(target), configuration) for target in targets]
    chosen = {run.name for run in runs}
    others = []
    for target in configuration.targets:
        if target.name not in chosen:
            try:
                others.append(complete(target, configuration))
            except GeneratorError:
                continue  # a target this command does not run, incomplete: its own run says so
    check_overlaps(runs, others, configuration.file)
    return runs


def check_overlaps(runs: list[Settings], others: list[Settings], file: Path | None) -> None:
    """No two targets (those run and the `others` configured) write into one folder, nor one into
    the other's, and no target's package and docs share one: each would take the other's files
    for its own."""
    placed = [
        (run, kind, folder.resolve()) for run in [*runs, *others] for kind, folder in run.roots()
    ]
    for index, (first, first_kind, first_folder) in enumerate(placed):
        for second, second_kind, second_folder in placed[index + 1 :]:
            if first is second and first_kind == second_kind:
                continue
            if nested(first_folder, second_folder) or nested(second_folder, first_folder):
                who = "" if first is second else f"{second.describe()} "
                raise GeneratorError(
                    f"{first.describe()} writes its {first_kind} to {shown(first_folder)} and "
                    f"{who}its {second_kind} to {shown(second_folder)}: one folder holds both",
                    Location(shown(file)) if file is not None else None,
                    "give each target its own `out`, `package` or `docs` folder",
                )


def nested(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


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
    docs = out / "docs" if target.docs is None or target.docs is True else target.docs
    optional["validate"] = validation_wanted(target.validate, configuration)
    return Settings(
        spec,
        out,
        package,
        docs=docs or None,
        ignore=tuple(parse_ignore(item) for item in target.ignore or ()),
        name=target.name,
        folder=configuration.folder if configuration is not None else None,
        style=configuration.style if configuration is not None else DEFAULT_STYLE,
        **optional,
    )


VALIDATOR_MODULES = ("openapi_spec_validator", "jsonschema_rs")


def validation_wanted(validate: bool | None, configuration: Configuration | None) -> bool:
    """Whether to validate: as set, else when the validator (the `validate` extra) is there."""
    installed = all(importlib.util.find_spec(name) is not None for name in VALIDATOR_MODULES)
    if validate and not installed:
        raise GeneratorError(
            "validation needs openapi-spec-validator and jsonschema-rs, which are not installed",
            Location(shown(configuration.file)) if configuration is not None else None,
            "install them with `pip install 'openapi-dataclasses[validate]'`, "
            "or set `validate = false` (--no-validate)",
        )
    return installed if validate is None else validate


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
    return {**table, BLACK_KEY: tool.get("black")}


BLACK_KEY = " black"  # where `read_table` passes [tool.black] on: no key of the table has a space


def parse(file: Path, table: Mapping[str, Any]) -> Configuration:
    """The table's settings, every path made relative to `file`'s folder."""
    style = read_style(table.get(BLACK_KEY), shown(file))
    own = {key: value for key, value in table.items() if key not in ("targets", BLACK_KEY)}
    defaults = parse_target(file, own)
    listed = table.get("targets")
    if listed is None:
        return Configuration(file, (defaults,), style)
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
    return Configuration(file, tuple(target.over(defaults) for target in targets), style)


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
        try:
            read = reader(value, file.parent)
        except GeneratorError as error:  # an item of `ignore` in no form it may take
            raise error.with_location(Location(shown(file))) from None
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


def folder_or_off(value: Any, folder: Path) -> Path | bool | None:
    if value is False:
        return False
    return path(value, folder)


def ignored(value: Any, folder: Path) -> tuple[str, ...] | None:
    items = names(value, folder)
    if items is not None:
        for item in items:
            parse_ignore(item)  # an unknown form is an error now, naming it
    return items


READERS: dict[str, Reader] = {
    "name": text,
    "spec": path,
    "out": path,
    "package": text,
    "docs": folder_or_off,
    "ignore": ignored,
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
    "docs": "a path (a non-empty string) or false",
    "ignore": "an array of findings to ignore (strings: '#/pointer', 'validator', ...)",
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
