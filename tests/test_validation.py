"""Validation findings: the same as openapi-spec-validator's own, found faster.

`generator.validation` runs two of the library's checks on jsonschema-rs. These tests hold both to
the library itself, unchanged: the same verdicts, at the same places.
"""

from __future__ import annotations

import multiprocessing
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pathable.accessors
import pytest
from jsonschema.exceptions import SchemaError
from openapi_schema_validator import OAS30Validator, OAS31Validator
from openapi_schema_validator._format import oas31_format_checker
from openapi_spec_validator.schemas.backend.jsonschema import create_validator
from openapi_spec_validator.validation import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from pathable.protocols import Subscriptable

from openapi_dataclasses import pipeline
from openapi_dataclasses.aside import can_fork
from openapi_dataclasses.errors import Diagnostic, GeneratorError
from openapi_dataclasses.loading import LoadedSpec, load_spec
from openapi_dataclasses.pipeline import Options, generate
from openapi_dataclasses.validation import (
    collect,
    quick_check,
    quicker_subscriptable_check,
    structural_abc,
    validate_spec,
)

SCHEMAS = [
    {"type": "string"},
    {"type": 5},
    {"type": "string", "pattern": "[[:alpha:]]+"},  # POSIX class: Python's re takes it
    {"type": "string", "pattern": "(unclosed"},
    {"type": "string", "pattern": "(?<name>x)"},  # ECMA 262's named group: Python's re does not
    {"type": "string", "pattern": "^\\p{L}+$"},
    {"type": "number", "exclusiveMinimum": True},
    {"type": "number", "exclusiveMinimum": 1},
    {"required": []},
    {"required": ["a", "a"]},
    {"properties": {"a": {"type": "string", "minLength": -1}}},
    {"properties": {"a": {"pattern": "("}}},
    {"enum": []},
    {"allOf": []},
    {"type": "integer", "minimum": "1"},
    {"multipleOf": 0},
    {"items": [{"type": "string"}]},
    {"format": 5},
    {"minLength": 1.0},
    {"maxItems": 1.5},
    {"additionalProperties": "no"},
    {"$ref": "#/components/schemas/A"},
    {"nullable": True, "type": "string"},
    {"type": ["string", "null"]},
    {"type": "nope"},
    {"discriminator": {"propertyName": 5}},
    {"xml": {"name": 5}},
    {"externalDocs": {"url": 5}},
    {"$id": "not a \\ uri"},
    {"$schema": 5},
    {"x-custom": {"anything": 1}},
    {"dependencies": {"a": 5}},
    {"patternProperties": {"(": {}}},
    True,
]
DIALECTS = [(OAS30Validator, OAS30Validator.FORMAT_CHECKER), (OAS31Validator, oas31_format_checker)]


def library_verdict(validator_class: Any, format_checker: Any, schema: Any) -> bool:
    try:
        validator_class.check_schema(schema, format_checker=format_checker)
    except SchemaError:
        return False
    return True


@pytest.mark.filterwarnings("ignore:Possible nested set:FutureWarning")  # Python's re on [[:
@pytest.mark.parametrize(("validator_class", "format_checker"), DIALECTS, ids=["3.0", "3.1"])
@pytest.mark.parametrize("schema", SCHEMAS, ids=repr)
def test_the_quick_check_passes_a_schema_exactly_when_the_library_does(
    validator_class: Any, format_checker: Any, schema: Any
) -> None:
    expected = library_verdict(validator_class, format_checker, schema)

    assert quick_check(validator_class, format_checker).passes(schema) == expected


def test_a_schema_jsonschema_rs_cannot_read_is_left_to_the_library() -> None:
    schema = {"type": "object", "properties": {1: {"type": "string"}}}  # a YAML integer key

    assert not quick_check(OAS30Validator, OAS30Validator.FORMAT_CHECKER).passes(schema)


SPEC_30 = """\
openapi: 3.0.3
info: {title: Broken, version: "1"}
paths: {}
components:
  schemas:
    Points:
      type: object
      required: [missing]
      allOf:
        - type: object
          properties:
            amount: {type: number, exclusiveMinimum: true}
    Name:
      type: string
      pattern: "(unclosed"
    Kind:
      type: 5
    Tags:
      type: array
      items: {type: string, minLength: -1}
"""

SPEC_31 = """\
openapi: 3.1.0
info: {title: Broken, version: "1"}
paths: {}
components:
  schemas:
    Name:
      type: [string, "null"]
      pattern: "(unclosed"
    Kind:
      type: nope
    Other:
      $schema: https://example.com/unknown-dialect
    Fine:
      type: object
      properties:
        id: {type: integer, exclusiveMinimum: 0}
"""


@pytest.mark.parametrize(
    ("text", "library_class"),
    [(SPEC_30, OpenAPIV30SpecValidator), (SPEC_31, OpenAPIV31SpecValidator)],
    ids=["3.0", "3.1"],
)
def test_a_broken_description_has_the_findings_the_library_has(
    tmp_path: Path, text: str, library_class: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    spec = load_spec(path)
    # The library as it is: pathable's own protocol check, not ours (which `validate_spec` puts in).
    monkeypatch.setattr(pathable.accessors, "Subscriptable", Subscriptable)
    # The library as it runs without jsonschema-rs installed: jsonschema all through.
    document_check = create_validator(dict(library_class.schema_validator.schema))
    library = type("PurePythonValidator", (library_class,), {"schema_validator": document_check})
    expected = collect(spec, library(spec.data).iter_errors())
    on_document = len(collect(spec, document_check.iter_errors(spec.data)))

    findings = validate_spec(spec, path)

    # The document against the OpenAPI meta-schema: the same places, in jsonschema-rs's words.
    assert pointers(findings[:on_document]) == pointers(expected[:on_document])
    # Each schema against its dialect: the library's own findings.
    assert messages(findings[on_document:]) == messages(expected[on_document:])
    assert len(findings) >= 3


def pointers(findings: list[Diagnostic]) -> list[str]:
    return [finding.location.pointer for finding in findings]


def messages(findings: list[Diagnostic]) -> list[str]:
    return [finding.message for finding in findings]


def test_a_finding_about_a_value_points_at_it_from_the_root(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC_30, encoding="utf-8")

    findings = validate_spec(load_spec(path), path)

    assert "/components/schemas/Name/pattern" in [finding.location.pointer for finding in findings]


def test_a_finding_about_a_default_names_its_place_and_line(tmp_path: Path) -> None:
    """A number or a string is found by no identity: its schema, one of ours, gives the place."""
    path = tmp_path / "spec.yaml"
    path.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    Page:\n      type: object\n      properties:\n        size:\n"
        "          type: integer\n          maximum: 5\n          default: 10\n",
        encoding="utf-8",
    )

    findings = validate_spec(load_spec(path), path)

    assert [finding.describe() for finding in findings] == [
        "spec.yaml:12:20 at #/components/schemas/Page/properties/size/default: "
        "10 is greater than the maximum of 5"
    ]


def test_a_finding_about_the_whole_description_names_no_line(tmp_path: Path) -> None:
    """Without a pointer there is no place in the file: not its first line either."""
    path = tmp_path / "spec.yaml"
    path.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"
        "paths:\n  /a/{id}:\n    get:\n      responses: {'204': {description: none}}\n",
        encoding="utf-8",
    )

    findings = validate_spec(load_spec(path), path)

    assert findings
    assert all(
        finding.location.line is None for finding in findings if not finding.location.pointer
    )
    assert any(finding.describe().startswith("spec.yaml: ") for finding in findings)


def test_a_dialect_jsonschema_rs_does_not_know_is_left_to_the_library(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(
        SPEC_31
        + "    Old:\n      $schema: http://json-schema.org/draft-03/schema#\n      type: string\n",
        encoding="utf-8",
    )

    findings = validate_spec(load_spec(path), path)

    assert "'(unclosed' is not a 'regex'" in messages(findings)
    assert not any("stopped" in message for message in messages(findings))


# -- validation aside: a process forked before loading --------------------------------------------

BROKEN = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        "200": {description: ok}
      parameters: [{name: x, in: nowhere}]
components:
  schemas:
    A: {type: object, properties: {b: {type: strin}}}
"""


def broken_findings(tmp_path: Path, jobs: int) -> list[str]:
    """`BROKEN`'s findings, with validation aside (`jobs=2`) or in this process (`jobs=1`)."""
    spec = tmp_path / "spec.yaml"
    if not spec.exists():
        spec.write_text(BROKEN, encoding="utf-8")
    options = Options(spec=spec, package="pkg", cache=False, names_from=tmp_path, jobs=jobs)
    return [finding.describe() for finding in generate(options).diagnostics]


def assert_found_as_here(aside: list[str], here: list[str]) -> None:
    assert aside == here
    assert any("nowhere" in finding for finding in aside)


@pytest.mark.skipif(not can_fork(), reason="validation runs aside only where processes fork")
def test_validation_aside_finds_what_validation_here_finds(tmp_path: Path) -> None:
    assert_found_as_here(broken_findings(tmp_path, 2), broken_findings(tmp_path, 1))


@pytest.mark.skipif(not can_fork(), reason="validation runs aside only where processes fork")
def test_validation_aside_reads_the_description_itself_when_it_cannot_be_handed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = broken_findings(tmp_path, 1)

    def too_deep(*_: object) -> bytes:
        raise RecursionError("maximum recursion depth exceeded while pickling an object")

    monkeypatch.setattr(pickle, "dump", too_deep)
    assert_found_as_here(broken_findings(tmp_path, 2), here)


@pytest.mark.skipif(not can_fork(), reason="validation runs aside only where processes fork")
def test_validation_aside_validates_the_copy_this_process_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is gone once this process has read it: the findings come from its copy."""
    here = broken_findings(tmp_path, 1)

    def load_once(path: Path, base: Path | None = None) -> LoadedSpec:
        loaded = load_spec(path, base)
        path.unlink()
        return loaded

    monkeypatch.setattr(pipeline, "load_spec", load_once)
    assert_found_as_here(broken_findings(tmp_path, 2), here)


RECORD_WHEN_VALIDATION_STARTS = """
import sys
from openapi_dataclasses import aside, cli

start = aside.validation_aside


def recording(*args, **kwargs):
    print("pipeline imported first:", "generator.pipeline" in sys.modules)
    return start(*args, **kwargs)


aside.validation_aside = recording
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.skipif(not can_fork(), reason="validation runs aside only where processes fork")
def test_the_command_starts_validation_before_it_imports_the_pipeline(tmp_path: Path) -> None:
    """The validation process imports the validator while this one imports Jinja and Black."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(BROKEN, encoding="utf-8")
    command = [sys.executable, "-c", RECORD_WHEN_VALIDATION_STARTS, "generate", str(spec)]
    command += ["--out", str(tmp_path / "out"), "--package", "pkg", "--no-cache", "--jobs", "2"]

    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stderr
    assert "pipeline imported first: False" in result.stdout
    assert "nowhere" in result.stderr  # its findings came back


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="Python 3.12 keeps a protocol's members")
def test_validation_puts_the_quicker_check_in_pathables_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pathable.accessors, "Subscriptable", Subscriptable)
    quicker_subscriptable_check()
    installed = pathable.accessors.Subscriptable
    assert installed is not Subscriptable
    assert [isinstance(value, installed) for value in ({}, [], "", 1, None)] == [
        isinstance(value, Subscriptable) for value in ({}, [], "", 1, None)
    ]


@pytest.mark.skipif(not can_fork(), reason="validation runs aside only where processes fork")
def test_an_error_while_loading_does_not_wait_for_validation_aside(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: [\n", encoding="utf-8")
    before = {child.pid for child in multiprocessing.active_children()}
    with pytest.raises(GeneratorError):
        generate(Options(spec=spec, package="pkg", cache=False, jobs=2))
    assert {child.pid for child in multiprocessing.active_children()} == before


def test_the_quicker_subscriptable_check_answers_as_pathables_protocol() -> None:
    from pathable.protocols import Subscriptable

    members = frozenset({"__contains__", "__getitem__", "__len__"})

    class Blocked(dict[str, Any]):
        __getitem__ = None  # type: ignore[assignment]

    class Indexed:
        def __getitem__(self, key: str) -> str:
            return key

    class Whole(Indexed):
        def __contains__(self, key: str) -> bool:
            return True

        def __len__(self) -> int:
            return 1

    class Nothing:
        pass

    values: list[Any] = [{}, [], "", b"", (), 1, 1.5, True, None]
    values += [Blocked(), Indexed(), Whole(), Nothing()]
    answers = [isinstance(value, structural_abc(members)) for value in values]
    assert answers == [isinstance(value, Subscriptable) for value in values]
    assert answers.count(True) == 6  # dict, list, str, bytes, tuple, Whole


IMPORT_THE_VALIDATOR = """\
import sys
from openapi_dataclasses.validation import import_validator
import_validator()
# Neither imported nor left unimportable (a None in sys.modules) for whoever asks for it later.
print("requests in sys.modules:", "requests" in sys.modules)
"""


def test_the_validator_is_imported_without_requests_which_it_never_uses() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_THE_VALIDATOR], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["requests in sys.modules: False"]


REMOTE_REF = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        b: {$ref: 'https://example.com/schemas.yaml#/B'}
"""


def test_validation_never_fetches_a_remote_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    def resolve(host: object, *args: object, **kwargs: object) -> object:
        looked_up.append(host)
        raise OSError("no network in this test")

    looked_up: list[object] = []
    monkeypatch.setattr(socket, "getaddrinfo", resolve)  # where every fetch starts
    spec = tmp_path / "spec.yaml"
    spec.write_text(REMOTE_REF, encoding="utf-8")
    for spec_path in (spec, None):
        validate_spec(load_spec(spec, tmp_path), spec_path)
    assert looked_up == []
