"""No stage grows faster than the description: the work is counted, never timed.

Each test builds a synthetic description at one size and at four times that size, runs the
generator on both in this process and counts the lines of the generator's own code executed
(`sys.settrace`): a linear stage does about four times the work on the larger one, a quadratic
one sixteen times. Timing would say the same on a quiet machine and nothing on a busy one.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from openapi_dataclasses import checking, ir, loading
from openapi_dataclasses.building import build_api
from openapi_dataclasses.loading import LoadedSpec, SourceFile
from openapi_dataclasses.pipeline import Options, generate
from openapi_dataclasses.positions import Positions
from openapi_dataclasses.schemas import first_occurrences

GENERATOR = str(Path(__file__).resolve().parent.parent / "generator")
SCALE = 4
# Linear work, plus a fixed part, grows by at most SCALE; a little slack for work that is
# linear but uneven (names with more digits, say). Quadratic work would grow by SCALE**2.
MAX_GROWTH = SCALE * 1.2


@contextmanager
def counted_lines() -> Iterator[list[int]]:
    """Counts the lines of `generator/` executed inside the block (in this process)."""
    count = [0]

    def local(frame: FrameType, event: str, arg: Any) -> Callable[..., Any] | None:
        if event == "line":
            count[0] += 1
        return local

    def on_call(frame: FrameType, event: str, arg: Any) -> Callable[..., Any] | None:
        return local if frame.f_code.co_filename.startswith(GENERATOR) else None

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        yield count
    finally:
        sys.settrace(previous)


def growth(work: Callable[[int], object], size: int) -> float:
    """How much more generator code runs for a description SCALE times as large."""
    counts = []
    for n in (size, SCALE * size):
        with counted_lines() as count:
            work(n)
        counts.append(count[0])
    return counts[1] / counts[0]


def in_memory(data: dict[str, Any]) -> LoadedSpec:
    text = json.dumps(data)
    source = SourceFile("spec.json", text, data, Positions(text, is_json=True))
    return LoadedSpec("spec.json", {"spec.json": source})


def build(data: dict[str, Any]) -> ir.Api:
    return build_api(in_memory(data), "pkg").api


def openapi(schemas: dict[str, Any], paths: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Scaling", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas},
    }


def test_an_enum_whose_member_names_collide_builds_in_linear_work() -> None:
    # Values without ASCII letters all want the member name EMPTY: EMPTY, EMPTY_2, EMPTY_3...
    def work(n: int) -> None:
        values = [chr(0x4E00 + index) for index in range(n)]
        api = build(openapi({"Kanji": {"type": "string", "enum": values}}))
        assert len(api.enums[0].members) == n

    assert growth(work, 100) < MAX_GROWTH


def test_schemas_that_share_one_class_name_build_in_linear_work() -> None:
    # `Item`, `Item.`, `Item..` ... all spell the class Item: Item, Item2, Item3...
    def work(n: int) -> None:
        schemas = {
            "Item" + "." * index: {"type": "object", "properties": {"id": {"type": "string"}}}
            for index in range(n)
        }
        assert len(build(openapi(schemas)).models) == n

    assert growth(work, 50) < MAX_GROWTH


def test_a_model_with_many_properties_and_examples_builds_in_linear_work() -> None:
    # Required names merged through allOf, and an example array of enum values for the sample.
    def work(n: int) -> None:
        names = [f"p{index}" for index in range(n)]
        colours = [f"colour{index}" for index in range(n)]
        base = {
            "type": "object",
            "required": names,
            "properties": {name: {"type": "string"} for name in names},
        }
        model = {
            "allOf": [
                {"$ref": "#/components/schemas/Base"},
                {
                    "type": "object",
                    "required": names,
                    "properties": {
                        "colours": {"type": "array", "items": {"$ref": "#/components/schemas/C"}}
                    },
                },
            ],
            "example": {"colours": colours},
        }
        colour = {"type": "string", "enum": colours}
        api = build(openapi({"Base": base, "Model": model, "C": colour}))
        assert len(api.models[1].properties) == n + 1

    assert growth(work, 40) < MAX_GROWTH


def api_of_size(n: int) -> dict[str, Any]:
    """N of each thing a real API has: models referring to each other, inline objects and enums,
    unions, aliases, operations with inline bodies and responses, examples."""
    schemas: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    for i in range(n):
        schemas[f"Thing{i}"] = {
            "type": "object",
            "description": f"Thing number {i}.",
            "required": ["id", "status"],
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "status": {"type": "string", "enum": ["active", "inactive", "gone"]},
                "next": {"$ref": f"#/components/schemas/Thing{(i + 1) % n}"},
                "meta": {"type": "object", "properties": {"created": {"type": "string"}}},
                "either": {
                    "oneOf": [
                        {"$ref": f"#/components/schemas/Thing{(i + 2) % n}"},
                        {"$ref": f"#/components/schemas/Names{i}"},
                    ]
                },
            },
            "example": {"id": "00000000-0000-4000-8000-000000000000", "status": "active"},
        }
        schemas[f"Names{i}"] = {"type": "array", "items": {"type": "string"}}
        # collides with the inline model of Thing{i}.meta
        schemas[f"Thing{i}Meta"] = {"type": "object", "properties": {"x": {"type": "integer"}}}
        paths[f"/things/{i}"] = {
            "post": {
                "operationId": f"createThing{i}",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "properties": {"name": {"type": "string"}}}
                        }
                    }
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/Thing{i}"}
                            }
                        },
                    }
                },
            }
        }
    return openapi(schemas, paths)


def test_the_whole_pipeline_does_linear_work(tmp_path: Path) -> None:
    # Building, naming, samples, the graph, rendering, filters and the Black-layout check; the
    # validator is a library and is left out (its findings are capped).
    def work(n: int) -> None:
        spec = tmp_path / f"spec{n}.json"
        spec.write_text(json.dumps(api_of_size(n)), encoding="utf-8")
        options = Options(spec=spec, package="pkg", validate=False, jobs=1, cache=False)
        assert len(generate(options).files) > 5 * n

    assert growth(work, 10) < MAX_GROWTH


def test_first_occurrences_agrees_with_comparing_every_pair() -> None:
    nan = float("nan")
    values: list[Any] = [1, True, 1.0, "1", 1, True, nan, nan, [1], [1], {"a": 1}, {"a": 1}, 1.0]
    pairwise = [
        not any(value == other and type(value) is type(other) for other in values[:index])
        for index, value in enumerate(values)
    ]
    assert first_occurrences(values) == pairwise


def test_each_document_is_walked_for_refs_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader (which files to read) and the checker (where each `$ref` and each discriminator
    mapping value leads) share one walk."""
    (tmp_path / "parts.json").write_text(json.dumps({"Tag": {"type": "string"}}), encoding="utf-8")
    data = openapi({"Pet": {"type": "object", "properties": {"tag": {"$ref": "parts.json#/Tag"}}}})
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(data), encoding="utf-8")
    walked: list[Any] = []
    walk = loading.scan

    def counted(document: Any) -> loading.Scan:
        walked.append(document)
        return walk(document)

    monkeypatch.setattr(loading, "scan", counted)
    monkeypatch.setattr(checking, "scan", counted, raising=False)  # should it walk again
    checking.check_spec(loading.load_spec(spec))

    assert len(walked) == 2  # spec.json and parts.json
