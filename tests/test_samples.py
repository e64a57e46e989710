"""The docs' code samples: the description's examples where the model accepts them, else values
that satisfy patterns, formats and bounds; what a sample prints, its model reads back unchanged."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from support import HEAD, GeneratePackage, python_blocks, run_python

from openapi_dataclasses.sample_text import pattern_texts


def sample_payload(package: ModuleType, model: str, out: Path) -> dict[str, Any]:
    """What the code sample on the model's page prints, checked to be what the model reads."""
    page = out / "docs" / f"{model}.md"
    [code] = python_blocks(page.read_text(encoding="utf-8"))
    printed = run_python(code, page.name)
    payload: dict[str, Any] = json.loads(printed)
    assert getattr(package, model).from_json(printed).to_dict() == payload
    return payload


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"  # where `generate_package` writes


def test_a_string_with_a_pattern_gets_a_text_the_pattern_matches(
    generate_package: GeneratePackage, out: Path
) -> None:
    package = generate_package(
        HEAD
        + r"""
    LineItem:
      type: object
      required: [unitPrice, sid, zip]
      properties:
        unitPrice: {type: string, pattern: '^\d+\.\d{2}$'}
        sid: {type: string, pattern: '^XE[0-9a-fA-F]{32}$'}
        zip: {type: string, pattern: '^\d{5}((-)?\d{4})?$', minLength: 9}
    """,
        "patterns",
    )

    payload = sample_payload(package, "LineItem", out)

    assert payload == {"unitPrice": "0.00", "sid": "XE" + "a" * 32, "zip": "00000-0000"}


def test_an_example_the_model_rejects_is_left_out_or_replaced(
    generate_package: GeneratePackage, out: Path
) -> None:
    package = generate_package(
        HEAD
        + """
    Account:
      type: object
      required: [code, seats]
      properties:
        code: {type: string, pattern: '^[A-Z]{3}$', example: abc}
        seats: {type: integer, minimum: 3, multipleOf: 5, example: 4}
        email: {type: string, format: email, example: billingEmail}
        site: {type: string, format: uri, example: 'https://example.org/'}
        ratio: {type: number, exclusiveMinimum: 0, maximum: 1, example: 0}
    """,
        "rejected",
    )

    payload = sample_payload(package, "Account", out)

    assert payload == {"code": "AAA", "seats": 5, "site": "https://example.org/"}


def test_a_default_the_model_rejects_is_given_a_valid_value(
    generate_package: GeneratePackage, out: Path
) -> None:
    """A default the schema contradicts (`[]` with `minItems: 1`) would be written as it is."""
    package = generate_package(
        HEAD
        + """
    Integration:
      type: object
      properties:
        name: {type: string, example: hooks}
        featureFlags:
          type: array
          default: []
          minItems: 1
          uniqueItems: true
          items: {type: string}
          example: []
    """,
        "defaults",
    )

    payload = sample_payload(package, "Integration", out)

    assert payload == {"name": "hooks", "featureFlags": ["string"]}


def test_unique_items_are_different_placeholders(
    generate_package: GeneratePackage, out: Path
) -> None:
    package = generate_package(
        HEAD
        + """
    Tagged:
      type: object
      required: [tags, levels]
      properties:
        tags:
          type: array
          minItems: 3
          uniqueItems: true
          items: {type: string, maxLength: 7}
        levels:
          type: array
          minItems: 2
          uniqueItems: true
          items: {type: integer, enum: [3, 1, 2]}
    """,
        "unique",
    )

    payload = sample_payload(package, "Tagged", out)

    assert payload == {"tags": ["string", "string1", "string2"], "levels": [3, 1]}


def test_the_examples_of_referenced_components_are_used(
    generate_package: GeneratePackage, out: Path
) -> None:
    package = generate_package(
        HEAD
        + """
    Order:
      type: object
      required: [address]
      properties:
        id: {type: string, example: ord-1}
        customer: {$ref: '#/components/schemas/Customer'}
        address: {$ref: '#/components/schemas/Address'}
    Customer:
      type: object
      required: [name]
      properties:
        name: {type: string}
      example: {name: Ada}
    Address:
      type: object
      required: [city, country]
      properties:
        city: {type: string, example: Berlin}
        country: {type: string, pattern: '^[A-Z]{2}$'}
    """,
        "referenced",
    )

    payload = sample_payload(package, "Order", out)

    assert payload == {
        "id": "ord-1",
        "customer": {"name": "Ada"},
        "address": {"city": "Berlin", "country": "AA"},
    }


def test_a_model_with_min_properties_gets_enough_of_them(
    generate_package: GeneratePackage, out: Path
) -> None:
    package = generate_package(
        HEAD
        + """
    Flags:
      type: object
      minProperties: 2
      properties:
        a: {type: boolean}
        b: {type: string, pattern: '^b+$'}
        c: {type: integer}
    """,
        "sized",
    )

    assert sample_payload(package, "Flags", out) == {"a": False, "b": "b"}


def test_a_tagged_example_is_the_option_its_discriminator_names(
    generate_package: GeneratePackage, out: Path
) -> None:
    package = generate_package(
        HEAD
        + """
    Owner:
      type: object
      properties:
        pet:
          oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
          discriminator:
            propertyName: kind
            mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}
      example: {pet: {kind: dog, barks: true}}
    Cat:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
        purrs: {type: boolean}
    Dog:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
        barks: {type: boolean}
    """,
        "tagged",
    )

    assert sample_payload(package, "Owner", out) == {"pet": {"kind": "dog", "barks": True}}
    page = (out / "docs" / "Owner.md").read_text(encoding="utf-8")
    assert "pet=Dog(kind=" in page


def test_a_model_no_valid_value_was_found_for_has_no_sample(
    generate_package: GeneratePackage, out: Path
) -> None:
    generate_package(
        HEAD
        + """
    Impossible:
      type: object
      required: [id]
      properties:
        id: {type: string, format: uuid, maxLength: 10}
    """,
        "impossible",
    )

    page = (out / "docs" / "Impossible.md").read_text(encoding="utf-8")
    assert "## Properties" in page
    assert python_blocks(page) == []


@pytest.mark.parametrize(
    ("pattern", "length", "expected"),
    [
        (r"^adr_[a-zA-Z0-9]+$", 0, "adr_a"),
        (r"^[Ss][Mm][A-Za-z0-9]{4}$", 0, "SMaaaa"),
        (r"^/.*$", 0, "/"),
        (r"(a|bc)\1-(?=x)x", 0, "aa-x"),
        (r"^[^,\s]+$", 4, "aaaa"),
        (r"^\d{2,}$", 5, "00000"),
        (r"^[\w.-]+@[\w-]+\.[a-z]{2,}$", 0, "a@a.aa"),
    ],
)
def test_a_pattern_gives_a_short_readable_text_it_matches(
    pattern: str, length: int, expected: str
) -> None:
    """The first text long enough; later ones (padded) are candidates the caller checks."""
    found = [text for text in pattern_texts(pattern, length) if len(text) >= length]

    assert found[0] == expected
    assert re.search(pattern, found[0])


def test_a_pattern_python_cannot_read_gives_no_text() -> None:
    assert list(pattern_texts("[unclosed")) == []


def test_a_call_sample_with_a_file_is_checked_against_its_models_keywords(
    generate_package: GeneratePackage, out: Path
) -> None:
    """A body model with its own keywords (`anyOf`) and a file property: the call sample's
    bytes are read as a string where the keywords are checked (they made generation fail)."""
    generate_package(
        """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /up:
    post:
      operationId: upload
      requestBody:
        required: true
        content: {multipart/form-data: {schema: {$ref: '#/components/schemas/Upload'}}}
      responses: {'204': {description: ok}}
components:
  schemas:
    Upload:
      type: object
      required: [file]
      properties:
        file: {type: string, format: binary}
        a: {type: string}
      anyOf: [{required: [a]}]
""",
        "uploads",
    )

    page = (out / "docs" / "DefaultApi.md").read_text(encoding="utf-8")

    assert 'body=Upload(file=b"file content", a="string")' in page
