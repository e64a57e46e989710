"""Schema-driven payloads through a generated package (`tests/payload_harness.py`).

`make payloads` runs the harness on every real description of ../shared/corpus (its figures are
in the README); here it runs on a small description of our own, whose schemas use most of the
keywords, and its parts are tested on their own.
"""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

import corpus_harness as corpus
import payload_harness as harness
import pytest

pytestmark = pytest.mark.slow  # generates a package

SPEC = """\
openapi: 3.1.0
info: {title: payloads, version: "1"}
paths: {}
components:
  schemas:
    Order:
      type: object
      required: [id, status, lines]
      additionalProperties: false
      properties:
        id: {type: string, format: uuid}
        status: {type: string, enum: [open, closed]}
        placed: {type: string, format: date-time}
        code: {type: string, pattern: '^[A-Z]{3}-[0-9]{2}$'}
        lines:
          type: array
          minItems: 1
          maxItems: 5
          items: {$ref: '#/components/schemas/Line'}
        note: {type: [string, 'null'], maxLength: 20}
        channel: {oneOf: [{$ref: '#/components/schemas/Web'}, {$ref: '#/components/schemas/Shop'}]}
      dependentRequired: {code: [placed]}
    Line:
      type: object
      required: [sku, quantity]
      properties:
        sku: {type: string, minLength: 2}
        quantity: {type: integer, minimum: 1, maximum: 99}
        price: {type: number, exclusiveMinimum: 0, multipleOf: 0.01}
      not: {required: [discontinued]}
    Web:
      type: object
      required: [kind, url]
      properties:
        kind: {const: web}
        url: {type: string, format: uri}
    Shop:
      type: object
      required: [kind, address]
      properties:
        kind: {const: shop}
        address: {type: string, format: ipv4}
"""


def test_valid_payloads_come_back_and_mutants_are_refused(tmp_path: Path) -> None:
    entry = tmp_path / "spec" / "payloads.yaml"
    entry.parent.mkdir()
    entry.write_text(SPEC, encoding="utf-8")
    description = corpus.Description("payloads", entry, "3.1.0", 0.01)
    tally = harness.run_description(description, tmp_path / "out", 4, 6, 0)
    assert tally.schemas == 4
    assert tally.valid >= 12, tally.problems
    assert tally.accepted == tally.valid, tally.problems
    assert tally.mutants >= 40
    assert tally.refused == tally.mutants, tally.problems
    assert tally.crashes == 0, tally.problems
    assert "payloads" in harness.report([tally], tmp_path / "report")


def test_instances_follow_the_schema() -> None:
    maker = harness.InstanceMaker({"item": {"type": "integer", "minimum": 5}}, random.Random(1))
    schema = {
        "type": "object",
        "required": ["a", "b"],
        "properties": {
            "a": {"type": "array", "items": {"$ref": "item"}, "minItems": 2},
            "b": {"anyOf": [{"const": "x"}, {"enum": ["y"]}]},
        },
    }
    for _ in range(10):
        made = maker.make(schema)
        assert len(made["a"]) >= 2 and all(item >= 5 for item in made["a"])
        assert made["b"] in ("x", "y")


def test_mutants_change_one_place_each() -> None:
    payload = {"a": [1, 2], "b": {"c": "d"}}
    for change, mutant in harness.mutants(payload, random.Random(2), 20):
        assert mutant != payload, change
    assert payload == {"a": [1, 2], "b": {"c": "d"}}  # the payload itself is left as it was


def test_a_manifest_names_other_descriptions(tmp_path: Path) -> None:
    folder = tmp_path / "kept-back"
    folder.mkdir()
    (folder / "api.yaml").write_text(SPEC, encoding="utf-8")
    manifest = tmp_path / "MANIFEST.tsv"
    manifest.write_text(
        textwrap.dedent("""\
            dir\tentry\topenapi
            kept-back\tapi.yaml\t3.1.0
            """),
        encoding="utf-8",
    )
    found = corpus.manifest_descriptions(manifest)
    assert [(item.name, item.entry.name) for item in found] == [("kept-back", "api.yaml")]
