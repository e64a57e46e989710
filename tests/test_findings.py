"""Which findings a run reports: those about what it generates, each mistake once, less those the
project has accepted in `ignore`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from support import run_generator

from openapi_dataclasses.errors import Diagnostic, GeneratorError, Location
from openapi_dataclasses.findings import Ignore, parse_ignore, reported

SPEC = """\
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /items:
    get:
      parameters:
        - {name: q, in: query}
      responses:
        '200': {description: ok}
components:
  schemas:
    Item:
      type: object
      required: sku
      properties:
        sku: {type: string}
    Other:
      type: object
      properties:
        size: {type: strin}
"""


def finding(pointer: str, message: str, file: str = "spec.yaml") -> Diagnostic:
    return Diagnostic(Location(file, pointer), message)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("#/paths/~1x/get", Ignore("#/paths/~1x/get", pointer="/paths/~1x/get")),
        ("#", Ignore("#", pointer="")),
        ("common.yaml#/a", Ignore("common.yaml#/a", file="common.yaml", pointer="/a")),
        ("validator", Ignore("validator", kind="validator")),
        ("generator:left out", Ignore("generator:left out", kind="generator", text="left out")),
    ],
)
def test_the_forms_of_an_ignore_item(written: str, expected: Ignore) -> None:
    assert parse_ignore(written) == expected


@pytest.mark.parametrize("written", ["paths", "#paths", "validator:", "warnings:x", "Validator"])
def test_any_other_form_is_an_error_that_shows_the_forms(written: str) -> None:
    with pytest.raises(GeneratorError) as raised:
        parse_ignore(written)

    assert repr(written) in raised.value.describe()
    assert "'#/json/pointer'" in raised.value.describe()


def test_a_place_the_generator_has_a_finding_about_is_not_reported_again() -> None:
    ours = finding("/components/schemas/Item/required", "a string where a list belongs")
    theirs = finding("/components/schemas/Item/required", "'sku' is not of type 'array'")
    other = finding("/components/schemas/Other/properties/size/type", "'strin' is not valid")

    shown = reported([ours], [theirs, other], root="spec.yaml", scope=None, ignore=())

    assert shown == (ours, other)


def test_with_a_selection_only_its_places_and_the_whole_description_count() -> None:
    inside = finding("/components/schemas/Other/properties/size/type", "bad type")
    outside = finding("/components/schemas/Item/required", "bad required")
    elsewhere = finding("/paths/~1items/get/parameters/0", "bad parameter")
    whole = finding("", "'paths' is a required property")
    scope = [("spec.yaml", "/components/schemas/Other")]

    shown = reported(
        [], [inside, outside, elsewhere, whole], root="spec.yaml", scope=scope, ignore=()
    )

    assert shown == (inside, whole)


def test_ignored_places_and_kinds_are_not_reported() -> None:
    at_path = finding("/paths/~1items/get/parameters/0", "not valid under any of the schemas")
    ours = finding("/components/schemas/Item/required", "a string where a list belongs; left out")
    in_other_file = finding("/components/schemas/A", "bad", file="common.yaml")
    kept = finding("/components/schemas/Other", "'strin' is not valid")
    rules = [
        parse_ignore("#/paths/~1items"),
        parse_ignore("generator:left out"),
        parse_ignore("common.yaml#/components"),
    ]

    shown = reported(
        [ours], [at_path, in_other_file, kept], root="spec.yaml", scope=None, ignore=rules
    )

    assert shown == (kept,)
    # A kind names who found it: the validator's findings are not the generator's.
    assert reported(
        [], [ours], root="spec.yaml", scope=None, ignore=[parse_ignore("generator")]
    ) == (ours,)


def generate(tmp_path: Path, table: str = "") -> tuple[int, str]:
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        textwrap.dedent(
            """
            [tool.openapi-dataclasses]
            spec = "spec.yaml"
            out = "out"
            package = "items"
            """
        )
        + textwrap.dedent(table),
        encoding="utf-8",
    )
    result = run_generator("generate", "--no-cache", cwd=tmp_path)
    return result.returncode, result.stderr


def test_the_command_reports_each_mistake_once(tmp_path: Path) -> None:
    code, stderr = generate(tmp_path)

    assert code == 0, stderr
    assert stderr.count("#/components/schemas/Item/required") == 1
    assert "3 findings" in stderr


def test_the_command_reports_only_the_selected_schemas_findings(tmp_path: Path) -> None:
    code, stderr = generate(tmp_path, 'schemas = ["Other"]\n')

    assert code == 0, stderr
    assert "1 findings" in stderr
    assert "#/components/schemas/Other/properties/size/type" in stderr


def test_the_command_is_quiet_once_the_project_accepts_its_findings(tmp_path: Path) -> None:
    table = 'ignore = ["#/paths", "#/components/schemas/Item/required", "validator:strin"]\n'

    code, stderr = generate(tmp_path, table)

    assert code == 0, stderr
    assert stderr == ""
