"""Every ```python block in generated/docs runs: a model's prints JSON that its model accepts, an
API page's calls the client, which a MockTransport answers as the API would."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from client_support import Replies, every_client_answered
from conftest import FRAGMENT_SPEC, GENERATED_DOCS
from support import model_docs, python_blocks, run_python

from openapi_dataclasses.building import build_api
from openapi_dataclasses.loading import load_spec
from openapi_dataclasses.yaml12 import load_yaml

SAMPLED_DOCS = sorted(
    path for path in GENERATED_DOCS.glob("*.md") if python_blocks(path.read_text())
)
MODEL_DOCS = model_docs(GENERATED_DOCS)
API_DOCS = [path for path in SAMPLED_DOCS if path.stem.endswith("Api")]
SCHEMAS = load_yaml(FRAGMENT_SPEC.read_text(encoding="utf-8"))["components"]["schemas"]
# The fragment's own schemas, whose examples are written to be printed back as they are. Those
# the operation brought along keep Talon.One's examples as written, some of which their own
# schemas reject ('{}' where an object goes) or spell a date-time as a sample cannot print back.
FRAGMENT_MODELS = ["NewCustomerSessionV2", "CartItem", "AdditionalCost", "PriceDetail", "Product"]


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


def test_every_model_doc_and_api_page_has_code_samples() -> None:
    models = [path.name for path in MODEL_DOCS]

    assert models, "generated/docs holds no model docs"
    assert API_DOCS, "generated/docs holds no API page"
    assert [path.name for path in SAMPLED_DOCS] == sorted(models + [path.name for path in API_DOCS])


@pytest.mark.parametrize("doc", MODEL_DOCS, ids=lambda path: path.stem)
def test_code_sample_runs_and_prints_json_that_from_json_accepts(
    talon_one: ModuleType, doc: Path
) -> None:
    printed = printed_by_sample(doc)

    payload = json.loads(printed)
    model = getattr(talon_one, doc.stem)
    assert model.from_json(printed).to_dict() == payload


@pytest.mark.parametrize("model", FRAGMENT_MODELS)
def test_code_sample_prints_the_example_of_the_spec(talon_one: ModuleType, model: str) -> None:
    printed = printed_by_sample(GENERATED_DOCS / f"{model}.md")

    assert json.loads(printed) == documented_example(SCHEMAS[model])


@pytest.mark.parametrize("doc", API_DOCS, ids=lambda path: path.stem)
def test_api_page_samples_call_the_client(talon_one: ModuleType, doc: Path) -> None:
    """Each operation's sample runs against a MockTransport that answers every operation of the
    fragment with its documented example, or else a valid value of its reply's type."""
    api = build_api(load_spec(FRAGMENT_SPEC), "talon_one").api
    requests: list[str] = []
    handler = Replies(api, talon_one).handler()

    def answer(request: httpx.Request) -> httpx.Response:
        requests.append(f"{request.method} {request.url}")
        return handler(request)

    blocks = python_blocks(doc.read_text(encoding="utf-8"))
    with every_client_answered(answer):
        printed = [run_python(code, f"{doc.name} (code sample)") for code in blocks]

    operations = [op for group in api.groups if group.page == doc.stem for op in group.operations]
    assert len(blocks) == len(operations)
    assert len(requests) == len(operations), requests
    assert all(text.strip() for text in printed)
