"""Every ```python block in generated/docs runs and prints JSON that its model accepts."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import FRAGMENT_SPEC, GENERATED_DOCS
from support import model_docs, python_blocks, run_python

from openapi_dataclasses.yaml12 import load_yaml

SAMPLED_DOCS = sorted(
    path for path in GENERATED_DOCS.glob("*.md") if python_blocks(path.read_text())
)
SCHEMAS = load_yaml(FRAGMENT_SPEC.read_text(encoding="utf-8"))["components"]["schemas"]


def documented_example(schema: dict[str, Any]) -> dict[str, Any]:
    """The payload a doc's code sample is built from: the schema's example, else its properties'."""
    if schema.get("examples"):
        return schema["examples"][0]
    return {
        name: prop["examples"][0]
        for name, prop in schema.get("properties", {}).items()
        if prop.get("examples")
    }


def printed_by_sample(doc: Path) -> str:
    blocks = python_blocks(doc.read_text(encoding="utf-8"))
    assert len(blocks) == 1, f"{doc.name} has {len(blocks)} python blocks"
    return run_python(blocks[0], f"{doc.name} (code sample)")


def test_every_model_doc_has_one_code_sample() -> None:
    models = [path.name for path in model_docs(GENERATED_DOCS)]

    assert models, "generated/docs holds no model docs"
    assert [path.name for path in SAMPLED_DOCS] == models


@pytest.mark.parametrize("doc", SAMPLED_DOCS, ids=lambda path: path.stem)
def test_code_sample_runs_and_prints_json_that_from_json_accepts(
    talon_one: ModuleType, doc: Path
) -> None:
    printed = printed_by_sample(doc)

    payload = json.loads(printed)
    model = getattr(talon_one, doc.stem)
    assert model.from_json(printed).to_dict() == payload


@pytest.mark.parametrize("doc", SAMPLED_DOCS, ids=lambda path: path.stem)
def test_code_sample_prints_the_example_of_the_spec(talon_one: ModuleType, doc: Path) -> None:
    printed = printed_by_sample(doc)

    assert json.loads(printed) == documented_example(SCHEMAS[doc.stem])
