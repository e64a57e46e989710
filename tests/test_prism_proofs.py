"""Proofs that no value fits a schema (`tests/prism_proofs.py`), on schemas written here."""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from prism_proofs import Prover
from prism_samples import At, Judge, NoValueError, Sampler

from openapi_dataclasses.loading import load_spec

SPEC = """\
openapi: {version}
info: {{title: T, version: '1'}}
paths: {{}}
components:
  schemas:
{schemas}
"""

Proved = Callable[..., "str | None"]


@pytest.fixture
def proved(tmp_path: Path) -> Proved:
    """The proof for schema `X` of the schemas given; when there is one, the judge rejects
    what the value maker makes for it (if it makes anything)."""

    def prove(schemas: str, version: str = "3.1.0") -> str | None:
        path = tmp_path / "spec.yaml"
        body = textwrap.indent(textwrap.dedent(schemas), "    ")
        path.write_text(SPEC.format(version=version, schemas=body), encoding="utf-8")
        spec = load_spec(path)
        pointer = "/components/schemas/X"
        at = At(spec.root, pointer, spec.node_at(spec.root, pointer))
        judge = Judge(spec)
        found = Prover(judge).contradiction(at)
        if found is not None:  # the judge agrees: nothing made for it fits
            with contextlib.suppress(NoValueError):
                assert judge.errors(at, Sampler(spec, judge).value(at))
        return found

    return prove


@pytest.mark.parametrize(
    ("schemas", "proof"),
    [
        (
            "X: {type: string, minLength: 5, maxLength: 2}",
            "#/components/schemas/X: minLength 5 is more than maxLength 2",
        ),
        (  # Intercom 2.16's conversation `from.id`: a UUID has 36 characters
            "X: {type: string, format: uuid, maxLength: 24}",
            "#/components/schemas/X: format 'uuid' needs at least 36 characters, and "
            "maxLength is 24",
        ),
        (
            "X: {type: integer, minimum: 1.2, maximum: 1.8}",
            "#/components/schemas/X: no integer lies between 1.2 and 1.8",
        ),
        (
            "X: {type: number, exclusiveMinimum: 3, maximum: 3}",
            "#/components/schemas/X: the lower bound 3 is not below the upper bound 3",
        ),
        (
            "X: {type: array, minItems: 3, maxItems: 1}",
            "#/components/schemas/X: minItems 3 is more than maxItems 1",
        ),
        (
            "X: {type: string, enum: [a, bb], minLength: 3}",
            "#/components/schemas/X: no value of its enum fits its other keywords "
            "((root): 'a' is too short)",
        ),
        (
            "X: {type: integer, enum: [a, b]}",
            "#/components/schemas/X: type 'integer' admits only integer, but enum admits "
            "only string",
        ),
        (  # Jira's ScreenTypes: requires a name it forbids
            """\
            X:
              type: object
              required: [defaultScreen]
              properties: {default: {type: integer}}
              additionalProperties: false
            """,
            "#/components/schemas/X: requires 'defaultScreen', which its properties do not "
            "list, and additionalProperties is false",
        ),
        (  # Cloudflare's firewall configurations: an array whose anyOf options are objects
            """\
            X:
              type: array
              anyOf: [{$ref: '#/components/schemas/Ip'}, {$ref: '#/components/schemas/Cidr'}]
              items: {type: string}
            Ip: {properties: {target: {enum: [ip]}}}
            Cidr: {properties: {target: {enum: [ip_range]}}}
            """,
            "#/components/schemas/X: type 'array' admits only array, but every anyOf option "
            "(#/components/schemas/Ip has object keywords and no type: an object's, as the "
            "generator reads it) admits only object",
        ),
        (  # Jira's custom field defaults: only {} could fit, and its oneOf wants a property
            """\
            X:
              type: object
              additionalProperties: false
              oneOf: [{type: object, required: [kind]}]
            """,
            "#/components/schemas/X: additionalProperties is false and it lists no properties, "
            "so only {} could fit, and {} does not ((root): no oneOf option fits ((root): "
            "'kind' is a required property))",
        ),
        (  # the proof leads through the required properties, $refs and parts to the clash
            """\
            X:
              type: object
              required: [screens]
              properties:
                screens: {allOf: [{$ref: '#/components/schemas/Screens'}]}
            Screens: {type: string, minLength: 2, maxLength: 1}
            """,
            "#/components/schemas/X requires 'screens' > #/components/schemas/X/properties/"
            "screens allOf/0 > #/components/schemas/Screens: minLength 2 is more than "
            "maxLength 1",
        ),
        (
            """\
            X:
              type: array
              minItems: 1
              items: {oneOf: [{type: string, maxLength: -1}, {type: boolean, enum: [1]}]}
            """,
            "#/components/schemas/X: minItems 1 > items > #/components/schemas/X/items: no "
            "oneOf option admits a value: 0: #/components/schemas/X/items/oneOf/0: minLength 0 "
            "is more than maxLength -1; 1: #/components/schemas/X/items/oneOf/1: type "
            "'boolean' admits only boolean, but enum admits only integer",
        ),
    ],
)
def test_a_contradiction_is_proved_by_the_keywords_that_clash(
    proved: Proved, schemas: str, proof: str
) -> None:
    assert proved(schemas) == proof


@pytest.mark.parametrize(
    "schemas",
    [
        "X: {type: [string, integer], minLength: 5, maxLength: 2}",  # an integer fits
        "X: {minLength: 5, maxLength: 2}",  # no type: any non-string fits
        "X: {type: array, items: {type: string, maxLength: -1}}",  # [] fits
        "X: {type: object, properties: {a: {type: string, maxLength: -1}}}",  # {} fits
        "X: {type: object, required: [a], additionalProperties: {type: integer}}",
        "X: {type: object, required: [a1], patternProperties: {'^a': {}}, "
        "additionalProperties: false}",
        "X: {type: string, format: uuid, maxLength: 36}",
        "X: {anyOf: [{type: string, maxLength: -1}, {type: integer}]}",
        # a cycle: no finite value fits, which these checks do not look for; they end
        "X: {type: object, required: [next], properties: {next: {$ref: '#/components/schemas/X'}}}",
    ],
)
def test_no_proof_where_a_value_may_fit(proved: Proved, schemas: str) -> None:
    assert proved(schemas) is None


def test_a_30_ref_ignores_its_siblings(proved: Proved) -> None:
    schemas = """\
        X: {$ref: '#/components/schemas/Y', maxLength: 1, minLength: 2}
        Y: {type: string}
    """
    assert proved(schemas, "3.0.3") is None
    assert proved(schemas) == "#/components/schemas/X: minLength 2 is more than maxLength 1"


def test_a_30_nullable_type_admits_null(proved: Proved) -> None:
    """Cloudflare's failure envelopes: `result: {type: object, enum: [null], nullable: true}`."""
    assert proved("X: {type: object, enum: [null], nullable: true}", "3.0.3") is None
    assert proved("X: {type: object, enum: [null]}", "3.0.3") == (
        "#/components/schemas/X: type 'object' admits only object, but enum admits only null"
    )
