"""The JSON Schema Test Suite through generated models (`make conformance`).

Usage: ``python tests/conformance_harness.py [--draft 2020-12|4] [--out DIR] [--show FILE]``.

The suite is ``../shared/json-schema-test-suite/tests/`` (read in place). Each file is a list of
groups ``{description, schema, tests: [{description, data, valid}]}``. Every applicable group's
schema becomes the component schema ``S<n>`` of ONE OpenAPI document per draft (draft 2020-12 in
an OpenAPI 3.1 document, draft 4 in an OpenAPI 3.0 one), its internal ``$ref``s rewritten to
point there; one package is generated for the whole document. A test's data is decoded where
the schema is used, as the value of the required property ``v`` of a wrapper model
(``W<n>: {type: object, required: [v], properties: {v: {$ref: S<n>}}}``), so that a schema
that admits null reads null as its property does:

- a valid test agrees when ``W<n>.from_dict({"v": data})`` succeeds and ``to_dict()["v"]`` is
  the same JSON as ``data`` (JSON equality: numbers by value, ``true`` is not ``1``);
- an invalid test agrees when ``from_dict`` raises ``ValidationError``;
- any other exception, at import, in decoding or in writing back, is a crash.

Applicable (`applicable_groups`): draft 2020-12: every group of ``tests/draft2020-12/*.json`` and
of the format files of the formats the runtime checks (``optional/format/<f>.json`` for
``CHECKED_FORMATS``) but the groups that need what a generator reading one description offline
does not have: a ``$ref`` that is not a ``#`` fragment of the same document (remote and
relative URIs, ``$id``-based URNs), ``$anchor``, ``$dynamicRef``/``$dynamicAnchor``, and a
``$schema`` naming a meta-schema of its own (the vocabulary tests). That is 1,516 tests.
Draft 4 (OpenAPI 3.0's schema object is "an extended subset" of it): the same rules, with the
draft 4 format files the runtime checks, and also without the groups that use what an OpenAPI
3.0 schema object cannot hold (``DRAFT4_NOT_IN_OPENAPI_30``: a list of ``type``s or ``type:
null``, a list under ``items``, ``additionalItems``, ``dependencies``, ``patternProperties``,
and ``id``). ``definitions`` are moved to
component schemas of their own (3.0 has no ``definitions``), the pointers to them rewritten.

The report (`report`) goes to ``test-artifacts/conformance-<draft>.md`` and ``.json``: the
agreement per keyword file, and each disagreement with the group, the test and what happened.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import math
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT.parent / "shared" / "json-schema-test-suite" / "tests"
BUILD = ROOT / "build" / "conformance"
REPORT = ROOT / "test-artifacts"

# The formats whose checks the runtime claims (each follows its RFC); the others are annotations.
CHECKED_FORMATS = ("date-time", "date", "time", "email", "ipv4", "ipv6", "uri", "uuid")
META_SCHEMAS = {
    "2020-12": "https://json-schema.org/draft/2020-12/schema",
    "4": "http://json-schema.org/draft-04/schema#",
}
OPENAPI = {"2020-12": "3.1.0", "4": "3.0.3"}
# Keywords of draft 4 that an OpenAPI 3.0 schema object does not have.
DRAFT4_NOT_IN_OPENAPI_30 = ("additionalItems", "dependencies", "patternProperties", "id")
NOT_OFFLINE = ("$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary", "$recursiveRef")


@dataclasses.dataclass(frozen=True)
class Group:
    file: str  # the keyword file, as `ref` or `optional/format/date`
    index: int  # the group's place in its file
    description: str
    schema: Any
    tests: tuple[dict[str, Any], ...]


@dataclasses.dataclass
class Outcome:
    group: Group
    test: dict[str, Any]
    agrees: bool
    what: str  # what the package did: "accepted", "rejected: <reason>", "crashed: <error>"

    @property
    def crashed(self) -> bool:
        return self.what.startswith("crashed")


# -- which groups ---------------------------------------------------------------------------------


def suite_files(draft: str, suite: Path = SUITE) -> list[tuple[str, Path]]:
    folder = suite / f"draft{draft}"
    files = [(path.stem, path) for path in sorted(folder.glob("*.json"))]
    for name in CHECKED_FORMATS:
        path = folder / "optional" / "format" / f"{name}.json"
        if path.is_file():
            files.append((f"optional/format/{name}", path))
    return files


def applicable_groups(draft: str, suite: Path = SUITE) -> list[Group]:
    groups = []
    for name, path in suite_files(draft, suite):
        for index, group in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            if why_not_applicable(group["schema"], draft) is None:
                tests = tuple(group["tests"])
                groups.append(Group(name, index, group["description"], group["schema"], tests))
    return groups


def why_not_applicable(schema: Any, draft: str) -> str | None:
    """Why a group's schema cannot be read from one OpenAPI description offline, or None."""
    for node in subschemas(schema):
        for keyword in NOT_OFFLINE:
            if keyword in node:
                return keyword
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            return "a $ref to another document"
        meta = node.get("$schema")
        if isinstance(meta, str) and meta != META_SCHEMAS[draft]:
            return "a meta-schema of its own"
        if draft == "4":
            problem = not_in_openapi_30(node)
            if problem is not None:
                return problem
    return None


def not_in_openapi_30(node: dict[str, Any]) -> str | None:
    for keyword in DRAFT4_NOT_IN_OPENAPI_30:
        if keyword in node:
            return keyword
    kind = node.get("type")
    if isinstance(kind, list) or kind == "null":
        return "a list of types or type null"
    if isinstance(node.get("items"), list):
        return "a list under items"
    return None


# Keywords whose value is a schema, a list of schemas, or an object of schemas.
ONE_SCHEMA = (
    "additionalProperties",
    "additionalItems",
    "items",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
)
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems", "items")
SCHEMA_MAPS = (
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "dependencies",
)


def subschemas(schema: Any) -> Iterator[dict[str, Any]]:
    """Every schema object in a schema, itself included (booleans have no keywords)."""
    if not isinstance(schema, dict):
        return
    yield schema
    for keyword in ONE_SCHEMA:
        if isinstance(schema.get(keyword), dict):
            yield from subschemas(schema[keyword])
    for keyword in SCHEMA_LISTS:
        if isinstance(schema.get(keyword), list):
            for item in schema[keyword]:
                yield from subschemas(item)
    for keyword in SCHEMA_MAPS:
        if isinstance(schema.get(keyword), dict):
            for item in schema[keyword].values():
                yield from subschemas(item)


def count_tests(groups: list[Group]) -> int:
    return sum(len(group.tests) for group in groups)


# -- the OpenAPI document -------------------------------------------------------------------------


def document(groups: list[Group], draft: str) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for number, group in enumerate(groups):
        name = f"S{number}"
        schema, hoisted = placed(group.schema, name, draft)
        schemas[name] = schema
        schemas.update(hoisted)
        schemas[f"W{number}"] = {
            "type": "object",
            "required": ["v"],
            "properties": {"v": {"$ref": f"#/components/schemas/{name}"}},
            "additionalProperties": False,
        }
    return {
        "openapi": OPENAPI[draft],
        "info": {"title": f"JSON Schema Test Suite, draft {draft}", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }


def placed(schema: Any, name: str, draft: str) -> tuple[Any, dict[str, Any]]:
    """The schema as component `name`, and the schemas its `definitions` became (draft 4)."""
    hoisted: dict[str, Any] = {}
    if draft == "4" and isinstance(schema, dict) and isinstance(schema.get("definitions"), dict):
        schema = dict(schema)
        for key, value in schema.pop("definitions").items():
            hoisted[f"{name}_{key}"] = rewritten(value, name, draft)
    return rewritten(schema, name, draft), hoisted


def rewritten(schema: Any, name: str, draft: str) -> Any:
    if isinstance(schema, list):
        return [rewritten(item, name, draft) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {}
    for key, value in schema.items():
        if key == "$schema":
            continue
        if key == "$ref" and isinstance(value, str) and value.startswith("#"):
            result[key] = rewritten_ref(value, name, draft)
        elif key in ("enum", "const", "default", "examples"):
            result[key] = value
        else:
            result[key] = rewritten(value, name, draft)
    return result


def rewritten_ref(ref: str, name: str, draft: str) -> str:
    pointer = ref[1:]
    if draft == "4" and pointer.startswith("/definitions/"):
        head, _, rest = pointer.removeprefix("/definitions/").partition("/")
        return f"#/components/schemas/{name}_{head}" + (f"/{rest}" if rest else "")
    return f"#/components/schemas/{name}{pointer}"


# -- generating and running -----------------------------------------------------------------------


def generate(groups: list[Group], draft: str, out: Path) -> tuple[str, str]:
    """The package for these groups, generated into `out`; its name, and the generator's output."""
    out.mkdir(parents=True, exist_ok=True)
    spec = out / f"draft{draft}.json"
    spec.write_text(json.dumps(document(groups, draft), indent=1), encoding="utf-8")
    package = "suite_" + draft.replace("-", "_")
    command = [sys.executable, "-m", "openapi_dataclasses", "generate", spec.name]
    command += ["--out", ".", "--package", package, "--no-validate", "--no-cache", "--jobs", "1"]
    done = subprocess.run(
        command, cwd=out, capture_output=True, text=True, check=False, env=generator_env()
    )
    if done.returncode != 0:
        raise RuntimeError(f"generating the suite's package failed:\n{done.stderr[-4000:]}")
    return package, done.stderr


def generator_env() -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONPATH": str(ROOT)}


def run_groups(groups: list[Group], package: str, out: Path) -> Run:
    """Every test of these groups, with the package's defaults and with its strict readings."""
    sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    try:
        module = importlib.import_module(package)
        ran = {}
        for strict in (False, True):
            module.set_strict_enums(strict)
            module.set_strict_one_of(strict)
            ran[strict] = [
                outcome
                for number, group in enumerate(groups)
                for outcome in run_group(module, number, group)
            ]
        return Run(ran[False], ran[True])
    finally:
        sys.path.remove(str(out))
        for name in [name for name in sys.modules if name.split(".")[0] == package]:
            del sys.modules[name]


@dataclasses.dataclass
class Run:
    """A draft's tests, run with the package's defaults and with its strict readings on
    (`set_strict_enums(True)`, `set_strict_one_of(True)`: the README's deviations that have one)."""

    default: list[Outcome]
    strict: list[Outcome]
    said: str = ""  # what the generator printed


def run_group(package: Any, number: int, group: Group) -> list[Outcome]:
    try:
        wrapper = getattr(package, f"W{number}")
        error_type = package.ValidationError
    except Exception as error:  # a crash is an outcome
        crash = f"crashed: {type(error).__name__}: {str(error)[:300]}"
        return [Outcome(group, test, False, crash) for test in group.tests]
    return [run_test(wrapper, error_type, group, test) for test in group.tests]


def run_test(
    wrapper: Any, error_type: type[Exception], group: Group, test: dict[str, Any]
) -> Outcome:
    data = test["data"]
    try:
        written = wrapper.from_dict({"v": data}).to_dict()["v"]
    except error_type as error:
        return Outcome(group, test, test["valid"] is False, f"rejected: {str(error)[:300]}")
    except Exception as error:  # a crash is an outcome
        return Outcome(group, test, False, f"crashed: {type(error).__name__}: {str(error)[:300]}")
    if not test["valid"]:
        return Outcome(group, test, False, "accepted")
    if json_equal(written, data):
        return Outcome(group, test, True, "accepted")
    return Outcome(group, test, False, f"accepted, wrote back {clip(written)}")


def json_equal(one: Any, other: Any) -> bool:
    """Equal as JSON values: numbers by value (1 is 1.0), booleans apart from numbers."""
    if isinstance(one, bool) or isinstance(other, bool):
        return type(one) is type(other) and one == other
    if isinstance(one, int | float) and isinstance(other, int | float):
        return one == other or (
            isinstance(one, float)
            and isinstance(other, float)
            and math.isnan(one)
            and math.isnan(other)
        )
    if isinstance(one, list) and isinstance(other, list):
        return len(one) == len(other) and all(map(json_equal, one, other))
    if isinstance(one, dict) and isinstance(other, dict):
        return one.keys() == other.keys() and all(json_equal(one[key], other[key]) for key in one)
    return type(one) is type(other) and one == other


def clip(value: Any, size: int = 120) -> str:
    text = json.dumps(value, default=repr)
    return text if len(text) <= size else text[:size] + "..."


def run_draft(draft: str, out: Path | None = None) -> Run:
    """Every applicable test of a draft, both ways, and what the generator said."""
    groups = applicable_groups(draft)
    out = out or BUILD / f"draft{draft}"
    package, said = generate(groups, draft, out)
    run = run_groups(groups, package, out)
    run.said = said
    return run


# -- the report -----------------------------------------------------------------------------------


def by_file(outcomes: list[Outcome]) -> dict[str, tuple[int, int, int]]:
    """Per keyword file: tests, agreeing, crashed."""
    table: dict[str, list[int]] = {}
    for outcome in outcomes:
        row = table.setdefault(outcome.group.file, [0, 0, 0])
        row[0] += 1
        row[1] += outcome.agrees
        row[2] += outcome.crashed
    return {name: (row[0], row[1], row[2]) for name, row in sorted(table.items())}


def agreeing(outcomes: list[Outcome]) -> int:
    return sum(outcome.agrees for outcome in outcomes)


def report(draft: str, run: Run, folder: Path = REPORT) -> str:
    """The Markdown table (also written to `folder`), with the JSON beside it."""
    default, strict = by_file(run.default), by_file(run.strict)
    crashes = sum(outcome.crashed for outcome in [*run.default, *run.strict])
    lines = [
        f"# JSON Schema Test Suite, draft {draft}: {agreeing(run.default)} of "
        f"{len(run.default)} agree ({agreeing(run.strict)} with the strict readings), "
        f"{crashes} crashed",
        "",
        "| keyword file | tests | agree | agree, strict readings | crashed |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, (tests, agree, crashed) in default.items():
        lines.append(f"| {name} | {tests} | {agree} | {strict[name][1]} | {crashed} |")
    lines += ["", "## Disagreements with the strict readings", ""]
    lines += [disagreement(outcome) for outcome in run.strict if not outcome.agrees]
    lines += ["", "## ... and with the defaults only", ""]
    lines += [
        disagreement(outcome)
        for outcome, other in zip(run.default, run.strict, strict=True)
        if not outcome.agrees and other.agrees
    ]
    text = "\n".join(lines) + "\n"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"conformance-draft{draft}.md").write_text(text, encoding="utf-8")
    rows = [
        {
            "file": outcome.group.file,
            "group": outcome.group.index,
            "test": outcome.test["description"],
            "valid": outcome.test["valid"],
            "agrees": outcome.agrees,
            "agrees_strict": other.agrees,
            "what": outcome.what,
        }
        for outcome, other in zip(run.default, run.strict, strict=True)
    ]
    summary = {
        "agree": agreeing(run.default),
        "agree_strict": agreeing(run.strict),
        "tests": len(run.default),
        "crashes": crashes,
        "rows": rows,
    }
    (folder / f"conformance-draft{draft}.json").write_text(
        json.dumps(summary, indent=1), encoding="utf-8"
    )
    return text


def disagreement(outcome: Outcome) -> str:
    group, test = outcome.group, outcome.test
    return (
        f"- {group.file} #{group.index} {group.description!r} / {test['description']!r} "
        f"(valid: {str(test['valid']).lower()}): {outcome.what}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draft", choices=("2020-12", "4"), action="append")
    parser.add_argument("--show", help="print the disagreements of this keyword file")
    args = parser.parse_args(argv)
    for draft in args.draft or ["2020-12", "4"]:
        text = report(draft, run_draft(draft))
        print(text.split("\n## ")[0])
        if args.show:
            for line in text.splitlines():
                if line.startswith(f"- {args.show} "):
                    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
