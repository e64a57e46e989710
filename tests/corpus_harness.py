"""The real-world corpus harness (`make corpus`): generate every description and check the package.

Usage: ``python tests/corpus_harness.py [--manifest TSV] [--only DIR,...] [--skip DIR,...]
[--jobs N]`` (``CORPUS_ONLY`` and ``CORPUS_SKIP`` do the same as the flags; the default is
everything).

The descriptions are those listed in ``../shared/corpus/real/MANIFEST.tsv`` plus
``../shared/corpus/talon-one-25.17.openapi.yaml``, read in place; ``--manifest`` names another
TSV of the same format (its ``dir`` and ``entry`` relative to the TSV's folder) to run instead. Each one is generated into a
fresh ``build/corpus-real/<dir>/`` and checked, each check on its own so that one failure stops
neither the other checks (unless they need what failed) nor the other descriptions:

- ``generate``: ``python -m openapi_dataclasses generate ENTRY --out OUT --package PKG --no-cache`` exits 0
  (or as `EXPECTED_FAILURES` says);
- ``import``: ``import PKG`` in a fresh interpreter (cwd = OUT);
- ``hints``: ``typing.get_type_hints(cls)`` on every class in ``PKG.__all__``, after
  ``import PKG`` alone;
- ``fields``: ``dataclasses.fields(cls)`` on every dataclass in ``PKG.__all__``;
- ``examples``: every component schema's ``example`` and ``examples`` items (whole objects, not
  property-level examples) that openapi-schema-validator accepts against the description's own
  schema round-trip: ``from_dict(x).to_dict()`` (models), ``Enum(x).value`` (enums),
  ``adapter.to_data(adapter.from_data(x))`` (other named types) equal ``x``, int/float/bool kept;
- ``docs``: ``docs/<Name>.md`` exists for every model and enum class exported;
- ``samples``: the code sample of every model's page (``docs/<Name>.md``) runs, and what it prints
  is JSON that ``Name.from_json`` reads and writes back unchanged;
- ``client``: where the description has operations, ``PKG.client`` imports, ``Client`` and
  ``AsyncClient`` are made with a base URL alone, and every group of operations (each a module
  of ``PKG.api``, imported on first use) is reached and has its ``docs/<Group>.md``;
- ``mypy``: ``mypy --strict`` on the package, its client modules and engine included;
- ``black``: ``black --check`` on the package.

A component schema is matched to its generated type through the files, not the generator's
internals: every module starts with ``# Source: <file>#<pointer>`` and its docstring names its
type (``The `Name` model``). The report goes to ``test-artifacts/corpus.md`` and ``.json``; the
exit status is 1 when any check fails.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import dataclasses
import datetime
import json
import os
import posixpath
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
MANIFEST = SHARED / "corpus" / "real" / "MANIFEST.tsv"
TALON = SHARED / "corpus" / "talon-one-25.17.openapi.yaml"
BUILD = ROOT / "build" / "corpus-real"
REPORT = ROOT / "test-artifacts" / "corpus"

# A description that really is invalid: its dir -> (the generator's exit code, why). Keep empty
# unless a description is genuinely broken; none is expected to be.
EXPECTED_FAILURES: dict[str, tuple[int, str]] = {}

# Examples the validator accepts that the generated package rejects on purpose: (description,
# example) -> why. Each is listed in the report; keep it to readings we choose deliberately.
KNOWN_DEVIATIONS: dict[tuple[str, str], str] = {}
# The generator reads a schema with `properties` (or `additionalProperties`) and no `type` as an
# object, as every peer reads it and as its authors mean; by the letter of JSON Schema it accepts
# any non-object too. An example that only that letter accepts (Cloudflare's zones_actions puts
# the string 'on' where such a schema stands) is counted as deviating, not round-tripped.
UNTYPED_OBJECT = (
    "a schema with `properties` but no `type` is read as an object; the example puts a "
    "non-object where one stands"
)
# A model's schema that allows null (`nullable: true`) is `Model | None` wherever the model is
# used; `Model.from_dict` reads objects. A null example of it is counted as deviating.
NULL_FOR_A_MODEL = "null, which the schema allows, is None where the model is used (`Model | None`)"

CHECKS = (
    "generate",
    "import",
    "hints",
    "fields",
    "examples",
    "docs",
    "samples",
    "client",
    "mypy",
    "black",
)
# Run in the package's process.
PROBE_CHECKS = ("import", "hints", "fields", "docs", "samples", "client", "examples")
PASS, FAIL, SKIP = "pass", "FAIL", "skip"
TIMEOUT = float(os.environ.get("CORPUS_TIMEOUT", "1800"))  # seconds, per command
SHOWN_LINES = 8  # of an error, in the report's failure list
KEPT_PROBLEMS = 200  # per check, in the JSON report
JUDGE_SECONDS = 10.0  # for the validator on one example: past it the example is unjudged

SOURCE_HEADER = re.compile(r"^# Source: (?P<document>[^#\n]*)(?:#(?P<pointer>[^\n]*))?$", re.M)
TYPE_DOCSTRING = re.compile(r'^"""The `(?P<name>[^`]+)` (?P<kind>model|enum|type)\b', re.M)
FINDINGS = re.compile(r"^warning: (\d+) findings? ", re.M)
OPENAPI_FIELD = re.compile(r"""["']?openapi["']?\s*:\s*["']?([0-9][0-9.]*)""")


# -- what to run ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Description:
    """One API description of the corpus."""

    name: str  # the dir under corpus/real (or the file's stem): names outputs and tests
    entry: Path
    openapi: str
    megabytes: float  # every file of the description

    @property
    def package(self) -> str:
        return "corpus_" + re.sub(r"\W", "_", self.name)


def descriptions(shared: Path = SHARED) -> list[Description]:
    """Every description of the corpus: MANIFEST.tsv's rows, then the Talon.One API."""
    found = manifest_descriptions(shared / "corpus" / "real" / MANIFEST.name)
    talon = shared / "corpus" / TALON.name
    found.append(
        Description(
            talon.name.removesuffix(".openapi.yaml"),
            talon,
            openapi_version(talon),
            talon.stat().st_size / 1e6,
        )
    )
    return found


def manifest_descriptions(manifest: Path) -> list[Description]:
    """The rows of a TSV in MANIFEST.tsv's format (`dir`, `entry`, `openapi`, ...; a header line).

    `dir` is a folder beside the TSV and `entry` the description's file in it; a missing or
    empty `openapi` column is read from the entry file.
    """
    found = []
    lines = manifest.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        if not line.strip():
            continue
        row = dict(zip(header, line.split("\t"), strict=False))
        folder = manifest.parent / row["dir"]
        entry = folder / row["entry"]
        size = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
        version = row.get("openapi") or openapi_version(entry)
        found.append(Description(row["dir"], entry, version, size / 1e6))
    return found


def openapi_version(path: Path) -> str:
    with path.open(encoding="utf-8") as file:
        match = OPENAPI_FIELD.search(file.read(4096))
    return match.group(1) if match else "?"


def select(
    found: Sequence[Description], only: Iterable[str], skip: Iterable[str]
) -> list[Description]:
    """The descriptions named in `only` (all when empty) minus those in `skip`; unknown is an error."""
    only, skip = set(only) - {""}, set(skip) - {""}
    unknown = (only | skip) - {item.name for item in found}
    if unknown:
        raise SystemExit(f"corpus: no such description: {', '.join(sorted(unknown))}")
    return [item for item in found if (not only or item.name in only) and item.name not in skip]


# -- results --------------------------------------------------------------------------------------


@dataclasses.dataclass
class Check:
    status: str  # PASS, FAIL or SKIP (not run: something it needs failed)
    seconds: float = 0.0
    problems: list[str] = dataclasses.field(default_factory=list)  # one line (or block) each
    total: int = 0  # how many items were checked (classes, examples, modules)


@dataclasses.dataclass
class Result:
    name: str
    openapi: str
    megabytes: float
    package: str
    schemas: int = 0  # component schemas in the description
    schemas_with_type: int = 0  # ... that have a generated module
    files: int = 0  # files written (package and docs)
    generate_seconds: float = 0.0
    findings: int = 0  # warnings the generator printed about the description
    examples_ok: int = 0
    examples_total: int = 0  # examples the description's own schema accepts
    examples_rejected: int = 0  # ... and those it rejects (not checked)
    examples_unjudged: int = 0  # ... and those the validator could not judge (not checked)
    examples_deviating: list[str] = dataclasses.field(default_factory=list)  # KNOWN_DEVIATIONS
    checks: dict[str, Check] = dataclasses.field(default_factory=dict)

    @property
    def failed(self) -> list[str]:
        return [name for name, check in self.checks.items() if check.status == FAIL]


def finished(started: float, problems: list[str], total: int = 0) -> Check:
    return Check(PASS if not problems else FAIL, time.perf_counter() - started, problems, total)


def crash_report(error: BaseException, frames: int = 3) -> str:
    """The error first, then the last frames of its traceback."""
    tail = traceback.format_list(traceback.extract_tb(error.__traceback__)[-frames:])
    return f"{type(error).__name__}: {error}\n" + "".join(tail).rstrip()


def first_lines(text: str, count: int = SHOWN_LINES) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    shown = lines[:count]
    if len(lines) > count:
        shown.append(f"... ({len(lines) - count} more lines)")
    return "\n".join(shown)


# -- one description ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Settings:
    out_root: Path = BUILD
    mypy: bool = True
    timeout: float = TIMEOUT


def run_description(description: Description, settings: Settings = Settings()) -> Result:
    """Generate one description into a fresh folder and run every check on the package."""
    out = settings.out_root / description.name
    result = Result(
        description.name, description.openapi, description.megabytes, description.package
    )
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    result.checks["generate"] = generate(description, out, result, settings)
    expected = EXPECTED_FAILURES.get(description.name)
    if result.checks["generate"].status != PASS or expected is not None:
        reason = "expected to fail" if expected else "generation failed"
        for name in CHECKS[1:]:
            result.checks[name] = Check(SKIP, problems=[reason])
        return result
    try:
        check_package(description, out, result, settings)
    except Exception as error:  # a bug of this harness: the checks it did not finish say so
        crash = "the harness failed: " + crash_report(error)
        for name in CHECKS:
            result.checks.setdefault(name, Check(FAIL, problems=[crash]))
    return result


def generate(description: Description, out: Path, result: Result, settings: Settings) -> Check:
    command = [
        *(sys.executable, "-m", "openapi_dataclasses", "generate", str(description.entry)),
        *("--out", str(out), "--package", description.package, "--no-cache"),
    ]
    started = time.perf_counter()
    completed = run(command, ROOT, settings)
    result.generate_seconds = time.perf_counter() - started
    result.findings = count_findings(completed.stderr)
    result.files = sum(1 for path in out.rglob("*") if path.is_file())
    expected = EXPECTED_FAILURES.get(description.name)
    want, why = expected if expected else (0, "")
    problems = []
    if completed.returncode != want:
        problems.append(
            f"exit {completed.returncode}, expected {want}{f' ({why})' if why else ''}\n"
            + first_lines(completed.stderr or completed.stdout)
        )
    return Check(PASS if not problems else FAIL, result.generate_seconds, problems, 1)


def count_findings(stderr: str) -> int:
    """The generator's count of findings, plus any other warning line."""
    counted = [int(match) for match in FINDINGS.findall(stderr)]
    others = [
        line
        for line in stderr.splitlines()
        if line.startswith("warning:") and not FINDINGS.match(line)
    ]
    return sum(counted) + len(others)


def check_package(description: Description, out: Path, result: Result, settings: Settings) -> None:
    """Every check after generation, on the package in `out`."""
    started = time.perf_counter()
    cases, missing = example_cases(description, out, result)
    reading = time.perf_counter() - started
    probe = run_probe(description.package, out, cases, settings)
    for name in ("import", "hints", "fields", "docs", "samples", "client"):
        result.checks[name] = probe[name]
    examples = probe["examples"]
    if examples.status != SKIP or missing:
        examples.problems[:0] = missing
        examples.status = FAIL if examples.problems else PASS
    examples.seconds += reading
    result.examples_ok = len(probe["round_tripped"])
    result.examples_total = examples.total = len(cases) + len(missing)
    result.checks["examples"] = examples
    if settings.mypy:
        result.checks["mypy"] = run_mypy(description, out, settings)
    else:
        result.checks["mypy"] = Check(SKIP, problems=["mypy not asked for"])
    result.checks["black"] = run_black(description, out, settings)
    result.checks = {name: result.checks[name] for name in CHECKS}


def run(command: Sequence[str], cwd: Path, settings: Settings) -> subprocess.CompletedProcess[str]:
    """Run a command; a timeout is a failed run (exit -9) whose stderr says so."""
    env = {**os.environ, "BLACK_CACHE_DIR": str(settings.out_root / ".black-cache")}
    try:
        return subprocess.run(
            command,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=settings.timeout,
            check=False,
            env=env,
        )
    except subprocess.TimeoutExpired as error:
        return subprocess.CompletedProcess(command, -9, "", f"timed out after {error.timeout} s")


def run_mypy(description: Description, out: Path, settings: Settings) -> Check:
    cache = settings.out_root / ".mypy-cache" / description.name
    command = [
        *(sys.executable, "-m", "mypy", "--strict", "--config-file", str(mypy_config(settings))),
        *("--python-version", "3.10", "--cache-dir", str(cache), description.package),
    ]
    started = time.perf_counter()
    completed = run(command, out, settings)
    problems = []
    if completed.returncode != 0:
        problems.append(first_lines(completed.stdout + completed.stderr, 40))
    return finished(started, problems, python_files(out / description.package))


def mypy_config(settings: Settings) -> Path:
    """An empty configuration: the repository's own (found by walking up) is not for this."""
    path = settings.out_root / "mypy.ini"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("[mypy]\n", encoding="utf-8")
    return path


def run_black(description: Description, out: Path, settings: Settings) -> Check:
    """`black --check`; `--exclude` is given because Black's defaults skip anything under build/."""
    command = [
        *(sys.executable, "-m", "black", "--check", "--config", os.devnull),
        *("--target-version", "py310", "--exclude", "^$", description.package),
    ]
    started = time.perf_counter()
    completed = run(command, out, settings)
    problems = []
    if completed.returncode != 0:
        problems.append(first_lines(completed.stderr, 40))
    return finished(started, problems, python_files(out / description.package))


def python_files(package: Path) -> int:
    return sum(1 for _ in package.rglob("*.py"))


# -- examples: which component schemas have one, and which the description accepts ---------------


def example_cases(
    description: Description, out: Path, result: Result
) -> tuple[list[dict[str, Any]], list[str]]:
    """The examples to round-trip, and the problems with those that cannot be.

    Each case names the example, the generated module and type, and the value. An example the
    validator rejects (or cannot judge) is counted and left out; one the validator accepts whose
    schema has no generated type is a problem.
    """
    try:
        spec = load_description(description.entry)
        schemas = component_schemas(spec)
    except Exception as error:  # the generator ran fine on it: report and go on
        return [], [f"could not read the description's schemas: {error!r}"]
    result.schemas = len(schemas)
    types = generated_types(out / description.package)
    oracle = Oracle(spec, description.openapi)
    root_dir = posixpath.dirname(spec.root) or "."
    cases: list[dict[str, Any]] = []
    missing: list[str] = []
    for name, (document, pointer, schema) in schemas.items():
        found = types.get(source_key(posixpath.relpath(document, root_dir), pointer))
        if found is None:  # a `$ref` the generator names after the component
            here = posixpath.relpath(spec.root, root_dir)
            found = types.get(source_key(here, f"/components/schemas/{escape(name)}"))
        if found is not None:
            result.schemas_with_type += 1
        for index, example in schema_examples(schema):
            label = name if index is None else f"{name}.examples[{index}]"
            verdict = oracle.judge(document, pointer, example)
            if verdict is None:
                result.examples_unjudged += 1
            elif not verdict:
                result.examples_rejected += 1
            elif (description.name, label) in KNOWN_DEVIATIONS:
                reason = KNOWN_DEVIATIONS[description.name, label]
                result.examples_deviating.append(f"{description.name}: {label}: {reason}")
            elif oracle.judge(document, pointer, example, as_read=True) is False:
                result.examples_deviating.append(f"{description.name}: {label}: {UNTYPED_OBJECT}")
            elif example is None and found is not None and found[2] == "model":
                result.examples_deviating.append(f"{description.name}: {label}: {NULL_FOR_A_MODEL}")
            elif found is None:
                missing.append(f"{label}: no generated module has `# Source: {document}#{pointer}`")
            else:
                module, type_name, kind = found
                cases.append(
                    {"name": label, "module": module, "type": type_name, "kind": kind}
                    | {"example": example}
                )
    return cases, missing


def load_description(entry: Path) -> Any:
    """The description as the generator reads it (YAML 1.2, every file its `$ref`s reach)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from openapi_dataclasses.loading import load_spec

    return load_spec(entry)


def component_schemas(spec: Any) -> dict[str, tuple[str, str, Any]]:
    """Each component schema by name: (document, pointer, schema), `$ref`s followed."""
    components = spec.data.get("components") or {}
    schemas = components.get("schemas") or {}
    document, base = spec.root, "/components/schemas"
    if isinstance(schemas, dict) and isinstance(schemas.get("$ref"), str) and len(schemas) == 1:
        # A `$ref` in place of the map (not valid OpenAPI, but what its author means is clear).
        resolved = spec.resolve(schemas["$ref"], spec.root)
        document, base, schemas = resolved.document, resolved.pointer, resolved.node
    found: dict[str, tuple[str, str, Any]] = {}
    for name, schema in schemas.items() if isinstance(schemas, dict) else ():
        where, pointer, node = document, f"{base}/{escape(name)}", schema
        if isinstance(node, dict) and isinstance(node.get("$ref"), str) and len(node) == 1:
            resolved = spec.resolve(node["$ref"], document)
            where, pointer, node = resolved.document, resolved.pointer, resolved.node
        found[name] = (where, normal_pointer(pointer), node)
    return found


def schema_examples(schema: Any) -> list[tuple[int | None, Any]]:
    """`example`, and each item of an `examples` list (JSON Schema's; OpenAPI 3.1)."""
    if not isinstance(schema, dict):
        return []
    found: list[tuple[int | None, Any]] = []
    if "example" in schema:
        found.append((None, schema["example"]))
    if isinstance(schema.get("examples"), list):
        found.extend(enumerate(schema["examples"]))
    return found


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def normal_pointer(pointer: str) -> str:
    """A JSON pointer with its tokens percent-decoded, then escaped as the generator writes them."""
    tokens = pointer.split("/")[1:] if pointer else []
    unescaped = [
        urllib.parse.unquote(token).replace("~1", "/").replace("~0", "~") for token in tokens
    ]
    return "".join("/" + escape(token) for token in unescaped)


def source_key(document: str, pointer: str) -> str:
    """`document#pointer` with the document relative to the root file's folder."""
    return f"{posixpath.normpath(document)}#{normal_pointer(pointer)}"


def generated_types(package: Path) -> dict[str, tuple[str, str, str]]:
    """(module, type name, kind) of every module by its `# Source:` header.

    The kind is the docstring's word: `model`, `enum` or `type` (an alias with an `adapter`).
    """
    init = package / "__init__.py"
    if not init.is_file():
        return {}
    root = SOURCE_HEADER.search(read_head(init))
    root_dir = posixpath.dirname(root.group("document")) if root else ""
    found: dict[str, tuple[str, str, str]] = {}
    for path in sorted(package.glob("*.py")):
        if path.name.startswith("_"):
            continue
        head = read_head(path)
        source, docstring = SOURCE_HEADER.search(head), TYPE_DOCSTRING.search(head)
        if source is None or docstring is None or source.group("pointer") is None:
            continue
        document = posixpath.relpath(source.group("document"), root_dir or ".")
        key = source_key(document, source.group("pointer"))
        found.setdefault(key, (path.stem, docstring.group("name"), docstring.group("kind")))
    return found


def read_head(path: Path) -> str:
    with path.open(encoding="utf-8") as file:
        return file.read(2048)


class Oracle:
    """openapi-schema-validator on the description's own schemas, `$ref`s across its files."""

    def __init__(self, spec: Any, openapi: str) -> None:
        from openapi_schema_validator import OAS30Validator, OAS31Validator, OAS32Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4, DRAFT202012

        modern = openapi.startswith(("3.1", "3.2"))  # JSON Schema 2020-12
        self.validator_class = {"3.1": OAS31Validator, "3.2": OAS32Validator}.get(
            openapi[:3], OAS30Validator
        )
        self.format_checker = with_uri_check(self.validator_class.FORMAT_CHECKER)
        dialect = DRAFT202012 if modern else DRAFT4
        self.root = spec.root
        self.registry: Any = Registry().with_resources(
            (self.uri(name), Resource(contents=source.data, specification=dialect))
            for name, source in spec.documents.items()
        )
        # The same documents with `type: object` where the generator reads an object.
        self.registry_as_read: Any = Registry().with_resources(
            (self.uri(name), Resource(contents=objects_typed(source.data), specification=dialect))
            for name, source in spec.documents.items()
        )

    def uri(self, document: str) -> str:
        # Documents go by paths relative to the root file's folder; a fake absolute folder deep
        # enough for `..` keeps relative `$ref`s between them resolving as on disk.
        relative = posixpath.relpath(document, posixpath.dirname(self.root) or ".")
        return "file:///corpus/a/b/c/d/e/f/" + posixpath.normpath(relative)

    def judge(
        self, document: str, pointer: str, example: Any, *, as_read: bool = False
    ) -> bool | None:
        """True if the schema accepts the example, False if not, None if it cannot tell;
        `as_read`: the schema with `type: object` where the generator reads an object."""
        validator = self.validator_class(
            {"$ref": f"{self.uri(document)}#{pointer}"},
            registry=self.registry_as_read if as_read else self.registry,
            format_checker=self.format_checker,
        )
        try:
            with time_limit(JUDGE_SECONDS):
                return next(iter(validator.iter_errors(example)), None) is None
        except Exception:  # JudgeTimeoutError too: a pattern that backtracks for ever cannot judge
            return None


def with_uri_check(checker: Any) -> Any:
    """`checker` that also checks `format: uri`, as the generated packages do.

    jsonschema checks `uri` only where rfc3987 or rfc3986-validator is installed, and the
    generator depends on neither: without this, an example such as `href: string` would count
    as valid. RFC 3986's URI (not a relative reference) starts with a scheme and holds no space.
    """
    copy = type(checker)()
    copy.checkers = {**checker.checkers}
    copy.checks("uri")(is_absolute_uri)
    return copy


def is_absolute_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return ABSOLUTE_URI.match(value) is not None and not any(char.isspace() for char in value)


ABSOLUTE_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


# Keys whose values are maps of names (of properties, schemas, ...) or data, never schemas
# themselves: a property called `properties` is not a schema keyword.
_NAME_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "schemas"}
)
_DATA = frozenset({"example", "examples", "default", "enum", "const", "value"})


def objects_typed(node: Any, is_name_map: bool = False) -> Any:
    """A copy of a document where each schema with `properties` or `additionalProperties` and
    no `type` says `type: object`, as the generator reads it (`schemas.infer_type`)."""
    if isinstance(node, list):
        return [objects_typed(item) for item in node]
    if not isinstance(node, dict):
        return node
    if is_name_map:  # each value is a schema, whatever its name
        return {key: objects_typed(value) for key, value in node.items()}
    copy = {
        key: value if key in _DATA else objects_typed(value, key in _NAME_MAPS)
        for key, value in node.items()
    }
    object_keywords = isinstance(copy.get("properties"), dict) or "additionalProperties" in copy
    if object_keywords and "type" not in copy and "$ref" not in copy:
        copy["type"] = "object"
    return copy


class JudgeTimeoutError(Exception):
    """The time given to one example ran out."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `JudgeTimeoutError` in the block after `seconds` (on the main thread of a POSIX process; no
    limit elsewhere). `re` checks for signals while it backtracks, so this ends a pattern such
    as `([\\w.-]*)*$` trying every split of a long string it does not match."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise JudgeTimeoutError(f"more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- the probe: a fresh interpreter in OUT imports the package and runs the runtime checks -------


def run_probe(
    package: str, out: Path, cases: list[dict[str, Any]], settings: Settings
) -> dict[str, Any]:
    """Import, hints, fields, docs and examples checks, run by `probe` in a child process."""
    cases_file, answer_file = out / "probe-cases.json", out / "probe-answer.json"
    cases_file.write_text(json.dumps(cases), encoding="utf-8")
    command = [
        *(sys.executable, str(Path(__file__).resolve()), "--probe", package),
        *(str(cases_file), str(answer_file)),
    ]
    completed = run(command, out, settings)
    try:
        answer = json.loads(answer_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        crash = f"the probe died (exit {completed.returncode}):\n" + first_lines(
            completed.stderr, 20
        )
        return {
            **{name: Check(FAIL, problems=[crash]) for name in PROBE_CHECKS},
            "round_tripped": [],
        }
    checks: dict[str, Any] = {
        name: Check(**answer[name]) if name in answer else Check(SKIP, problems=["not reached"])
        for name in PROBE_CHECKS
    }
    checks["round_tripped"] = answer.get("round_tripped", [])
    return checks


def probe(package: str, cases_file: Path, answer_file: Path) -> None:
    """In the child: write what each check found into `answer_file`, as JSON, as it goes."""
    answer: dict[str, Any] = {}

    def save() -> None:
        answer_file.write_text(json.dumps(answer), encoding="utf-8")

    sys.path.insert(0, str(Path.cwd()))
    started = time.perf_counter()
    try:
        module = __import__(package)
    except BaseException as error:
        answer["import"] = dataclasses.asdict(finished(started, [crash_report(error)], 1))
        blocked = dataclasses.asdict(Check(SKIP, problems=["the package does not import"]))
        answer.update(dict.fromkeys(PROBE_CHECKS[1:], blocked))
        save()
        return
    answer["import"] = dataclasses.asdict(finished(started, [], 1))
    save()
    exported = [(name, getattr(module, name, None)) for name in getattr(module, "__all__", [])]
    classes = [(name, item) for name, item in exported if isinstance(item, type)]
    for check, function in (("hints", type_hints), ("fields", dataclass_fields)):
        started = time.perf_counter()
        problems, total = function(classes)
        answer[check] = dataclasses.asdict(finished(started, problems, total))
        save()
    started = time.perf_counter()
    problems, total = docs_pages(package, classes)
    answer["docs"] = dataclasses.asdict(finished(started, problems, total))
    save()
    started = time.perf_counter()
    problems, total = code_samples(module, classes)
    answer["samples"] = dataclasses.asdict(finished(started, problems, total))
    save()
    started = time.perf_counter()
    problems, total = client_groups(package)
    answer["client"] = dataclasses.asdict(finished(started, problems, total))
    save()
    started = time.perf_counter()
    cases = json.loads(cases_file.read_text(encoding="utf-8"))
    problems, answer["round_tripped"] = round_trips(package, cases)
    answer["examples"] = dataclasses.asdict(finished(started, problems, len(cases)))
    save()


def type_hints(classes: list[tuple[str, type]]) -> tuple[list[str], int]:
    import typing

    problems = []
    for name, item in classes:
        try:
            typing.get_type_hints(item)
        except Exception as error:
            problems.append(f"{name}: {type(error).__name__}: {error}")
    return problems, len(classes)


def dataclass_fields(classes: list[tuple[str, type]]) -> tuple[list[str], int]:
    problems, total = [], 0
    for name, item in classes:
        if dataclasses.is_dataclass(item):
            total += 1
            try:
                dataclasses.fields(item)
            except Exception as error:
                problems.append(f"{name}: {type(error).__name__}: {error}")
    return problems, total


def docs_pages(package: str, classes: list[tuple[str, type]]) -> tuple[list[str], int]:
    """Every exported model and enum (a class not from `_runtime`) has `docs/<Name>.md`."""
    generated = [
        item
        for _, item in classes
        if item.__module__.startswith(f"{package}.")
        and not item.__module__.startswith(f"{package}._runtime")  # its modules too
    ]
    missing = [
        f"{item.__name__}: no docs/{item.__name__}.md"
        for item in generated
        if not (Path("docs") / f"{item.__name__}.md").is_file()
    ]
    return missing, len(generated)


PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def code_samples(module: Any, classes: list[tuple[str, type]]) -> tuple[list[str], int]:
    """Every model page's code sample runs and prints JSON its model reads back unchanged."""
    import contextlib
    import io

    problems, total = [], 0
    models = [item for _, item in classes if hasattr(item, "from_json")]
    for model in models:
        page = Path("docs") / f"{model.__name__}.md"
        blocks = PYTHON_BLOCK.findall(page.read_text(encoding="utf-8")) if page.is_file() else []
        for code in blocks:
            total += 1
            printed = io.StringIO()
            try:
                with contextlib.redirect_stdout(printed):
                    exec(compile(code, str(page), "exec"), {"__name__": "__sample__"})
                written = json.loads(printed.getvalue())
                read = model.from_json(printed.getvalue()).to_dict()
            except Exception as error:
                problems.append(f"{page.name}: {type(error).__name__}: {str(error)[:300]}")
                continue
            if not same_json(read, written):
                problems.append(f"{page.name}: printed {clip(written)}, read back {clip(read)}")
    return problems, total


def client_groups(package: str) -> tuple[list[str], int]:
    """The client, where the package has one: it imports, `Client` and `AsyncClient` are made
    with a base URL alone, and each group (a cached property that imports its module) is
    reached and has its docs page. The number of groups checked, and the problems."""
    import functools
    import importlib

    if not (Path(package) / "client.py").is_file():
        return [], 0
    try:
        module = importlib.import_module(f"{package}.client")
        clients = [module.Client(base_url="http://localhost")]
        clients.append(module.AsyncClient(base_url="http://localhost"))
    except Exception as error:
        return [crash_report(error)], 1
    problems, total = [], 0
    for made in clients:
        groups = [
            name
            for name, value in vars(type(made)).items()
            if isinstance(value, functools.cached_property)
        ]
        for name in groups:
            total += 1
            try:
                group = getattr(made, name)
            except Exception as error:
                problems.append(f"{type(made).__name__}.{name}: {crash_report(error)}")
                continue
            page = Path("docs") / f"{type(group).__name__.removeprefix('Async')}.md"
            if not page.is_file():
                problems.append(f"{type(made).__name__}.{name}: no {page}")
    return problems, total


def round_trips(package: str, cases: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """Each example read and written back; the problems, and the names of those that came back."""
    import importlib

    problems, passed = [], []
    for case in cases:
        label, example = case["name"], case["example"]
        try:
            module = importlib.import_module(f"{package}.{case['module']}")
            written = ROUND_TRIPS[case["kind"]](module, case["type"], example)
        except Exception as error:
            problems.append(f"{label}: {type(error).__name__}: {str(error)[:300]}")
            continue
        if same_json(written, example) or (
            case["kind"] == "type" and same_json(written, example, same_instant)
        ):
            passed.append(label)
        else:
            problems.append(f"{label}: wrote {clip(written)}, read {clip(example)}")
    return problems, passed


ROUND_TRIPS: dict[str, Callable[[Any, str, Any], Any]] = {
    "model": lambda module, name, data: getattr(module, name).from_dict(data).to_dict(),
    "enum": lambda module, name, data: getattr(module, name)(data).value,
    "type": lambda module, name, data: module.adapter.to_data(module.adapter.from_data(data)),
}


def same_json(written: Any, read: Any, same_text: Callable[[str, str], bool] | None = None) -> bool:
    """Equal as JSON: `==`, and the same JSON text (so 1, 1.0 and True stay apart); with
    `same_text`, two strings are equal when it says so."""
    if same_text is not None:
        if isinstance(written, str) and isinstance(read, str):
            return written == read or same_text(written, read)
        if isinstance(written, list) and isinstance(read, list):
            return len(written) == len(read) and all(
                same_json(one, other, same_text) for one, other in zip(written, read, strict=True)
            )
        if isinstance(written, dict) and isinstance(read, dict):
            return written.keys() == read.keys() and all(
                same_json(written[key], read[key], same_text) for key in read
            )
    try:
        return written == read and canonical(written) == canonical(read)
    except (TypeError, ValueError):
        return False


def same_instant(written: str, read: str) -> bool:
    """Two RFC 3339 date-times of the same instant at the same offset (`.12345Z` and
    `.123450Z`): what an alias's adapter writes, having no place to keep the text it read."""
    try:
        one = datetime.datetime.fromisoformat(written.replace("Z", "+00:00"))
        other = datetime.datetime.fromisoformat(read.replace("Z", "+00:00"))
    except ValueError:
        return False
    return one == other and one.utcoffset() == other.utcoffset()


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def clip(value: Any, size: int = 200) -> str:
    text = repr(value)
    return text if len(text) <= size else text[:size] + "..."


# -- many descriptions, and the report ------------------------------------------------------------


def run_all(
    chosen: Sequence[Description],
    settings: Settings = Settings(),
    jobs: int = 2,
    progress: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Every description, the largest first, `jobs` at a time; results in the order given."""
    order = sorted(chosen, key=lambda item: -item.megabytes)
    results: dict[str, Result] = {}
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(run_description, item, settings): item for item in order}
        for future in concurrent.futures.as_completed(futures):
            item = futures[future]
            try:
                result = future.result()
            except Exception as error:
                result = Result(item.name, item.openapi, item.megabytes, item.package)
                crash = "the harness failed: " + crash_report(error)
                result.checks = {name: Check(FAIL, problems=[crash]) for name in CHECKS}
            results[item.name] = result
            if progress is not None:
                progress(result)
    return [results[item.name] for item in chosen]


def failures(results: Iterable[Result]) -> list[tuple[str, str, str]]:
    """(description, check, first lines of the error) of every failed check."""
    found = []
    for result in results:
        for name in result.failed:
            problems = result.checks[name].problems
            text = "\n".join(problems[:SHOWN_LINES])
            if len(problems) > SHOWN_LINES:
                text += f"\n... and {len(problems) - SHOWN_LINES} more"
            found.append((result.name, name, first_lines(text, SHOWN_LINES + 2)))
    return found


def markdown(results: Sequence[Result], wall_seconds: float) -> str:
    head = [
        "description", "OpenAPI", "MB", "schemas", "files", "generate s", "examples ok/total",
        "findings", *CHECKS,
    ]  # fmt: skip
    rows = [
        [
            result.name,
            result.openapi,
            f"{result.megabytes:.2f}",
            f"{result.schemas}" + (
                f" ({result.schemas_with_type} typed)"
                if result.schemas_with_type != result.schemas else ""
            ),
            str(result.files),
            f"{result.generate_seconds:.1f}",
            f"{result.examples_ok}/{result.examples_total}",
            str(result.findings),
            *(result.checks.get(name, Check(SKIP)).status for name in CHECKS),
        ]
        for result in results
    ]  # fmt: skip
    timing_head = ["description", *(f"{name} s" for name in CHECKS)]
    timing_rows = [
        [result.name, *(f"{result.checks.get(n, Check(SKIP)).seconds:.1f}" for n in CHECKS)]
        for result in results
    ]
    totals = [sum(result.checks.get(n, Check(SKIP)).seconds for result in results) for n in CHECKS]
    timing_rows.append(["**sum**", *(f"{total:.1f}" for total in totals)])
    failed = failures(results)
    lines = [
        "# Real-world corpus",
        "",
        f"{len(results)} descriptions, {len(failed)} failed checks, {wall_seconds:.0f} s wall time.",
        "`schemas`: component schemas (how many have a generated module, when not all);",
        "`examples ok/total`: component examples the description's own schema accepts that",
        "round-trip, of those it accepts; `findings`: warnings the generator printed.",
        "",
        *table(head, rows),
        "",
        "## Seconds per check",
        "",
        *table(timing_head, timing_rows),
        "",
        "## Known deviations (examples left out on purpose)",
        "",
        *(f"- {line}" for result in results for line in result.examples_deviating),
        "",
        "## Failures",
        "",
    ]
    if not failed:
        lines.append("None.")
    for name, check, text in failed:
        lines += [f"### {name}: {check}", "", "```", text, "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    return [
        "| " + " | ".join(head) + " |",
        "| " + " | ".join("---" for _ in head) + " |",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def as_json(results: Sequence[Result], wall_seconds: float) -> str:
    def entry(result: Result) -> dict[str, Any]:
        data = dataclasses.asdict(result)
        for check in data["checks"].values():
            check["problems"] = check["problems"][:KEPT_PROBLEMS]
        return data

    report = {"wall_seconds": wall_seconds, "descriptions": [entry(item) for item in results]}
    return json.dumps(report, indent=2) + "\n"


def write_report(results: Sequence[Result], wall_seconds: float, report: Path = REPORT) -> None:
    report.parent.mkdir(parents=True, exist_ok=True)
    report.with_suffix(".md").write_text(markdown(results, wall_seconds), encoding="utf-8")
    report.with_suffix(".json").write_text(as_json(results, wall_seconds), encoding="utf-8")


def summary_line(result: Result) -> str:
    verdict = "ok" if not result.failed else "FAILED " + ",".join(result.failed)
    return (
        f"{result.name}: {verdict} (generate {result.generate_seconds:.1f} s, "
        f"examples {result.examples_ok}/{result.examples_total})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=os.environ.get("CORPUS_ONLY", ""))
    parser.add_argument("--skip", default=os.environ.get("CORPUS_SKIP", ""))
    parser.add_argument(
        "--manifest",
        type=Path,
        help="run the descriptions a TSV in MANIFEST.tsv's format lists (dir, entry, ...; "
        "relative to its folder) instead of the shared corpus",
    )
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--no-mypy", action="store_true", help="leave out mypy --strict")
    parser.add_argument("--out", type=Path, default=BUILD)
    parser.add_argument("--report", type=Path, default=REPORT, help="path without suffix")
    parser.add_argument("--probe", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        probe(args.probe[0], Path(args.probe[1]), Path(args.probe[2]))
        return 0
    if args.manifest is not None:
        if not args.manifest.is_file():
            print(f"corpus: no such manifest: {args.manifest}", file=sys.stderr)
            return 2
        found = manifest_descriptions(args.manifest)
    elif not MANIFEST.is_file():
        print(f"corpus: {MANIFEST} is absent (../shared beside the repository)", file=sys.stderr)
        return 2
    else:
        found = descriptions()
    chosen = select(found, args.only.split(","), args.skip.split(","))
    settings = Settings(out_root=args.out.resolve(), mypy=not args.no_mypy)
    started = time.perf_counter()
    results = run_all(chosen, settings, args.jobs, lambda result: print(summary_line(result)))
    wall = time.perf_counter() - started
    write_report(results, wall, args.report)
    for name, check, text in failures(results):
        print(f"\n{name}: {check}\n{text}", file=sys.stderr)
    failed = sum(1 for result in results if result.failed)
    print(
        f"corpus: {len(results) - failed}/{len(results)} descriptions pass every check, "
        f"{wall:.0f} s; report in {args.report.with_suffix('.md')}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
