"""Lines and columns of JSON pointers: right in YAML and JSON, and found in one read per file."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from openapi_dataclasses import positions
from openapi_dataclasses.building import build_api
from openapi_dataclasses.loading import load_spec

YAML_TEXT = """\
openapi: 3.1.0
info: {title: T, version: '1'}
base: &base
  kept: 1
  over: 2
merged:
  <<: *base
  over: 3
"a/b~c": [zero, {x: 1}]
caf\u00e9: {x: 1}
"""


@pytest.mark.parametrize(
    ("pointer", "expected"),
    [
        ("", (1, 1)),
        ("/openapi", (1, 10)),
        ("/info/version", (2, 27)),
        ("/merged/over", (8, 9)),  # the explicit key, not the merged one
        ("/merged/kept", (4, 9)),  # a merged key: where the anchored mapping has it
        ("/a~1b~0c/1/x", (9, 21)),
        ("/caf\u00e9/x", (10, 11)),
        ("/nope", (None, None)),
        ("/info/title/deeper", (None, None)),
        ("/a~1b~0c/7", (None, None)),
    ],
)
def test_yaml_pointers_have_the_lines_and_columns_of_their_nodes(
    write_spec: Callable[..., Path], pointer: str, expected: tuple[int | None, int | None]
) -> None:
    spec = load_spec(write_spec(YAML_TEXT))

    location = spec.locate("spec.yaml", pointer)

    assert (location.line, location.column) == expected


JSON_TEXT = """\
{"openapi": "3.1.0",
  "info": {"title": "T", "version": "1"},
  "a/b~c": [0, {"x": true}, null, -1.5e3, "s\\"]"],
  "k\\u00e9y": {"\\"q\\"": [[], {}]},
\t"caf\u00e9": {"x": 1}
}
"""


@pytest.mark.parametrize(
    ("pointer", "expected"),
    [
        ("", (1, 1)),
        ("/openapi", (1, 13)),
        ("/info", (2, 11)),
        ("/info/version", (2, 37)),
        ("/a~1b~0c/1/x", (3, 22)),
        ("/a~1b~0c/2", (3, 29)),
        ("/a~1b~0c/3", (3, 35)),
        ("/a~1b~0c/4", (3, 43)),
        ('/k\u00e9y/"q"/1', (4, 30)),
        ("/caf\u00e9/x", (5, 16)),
        ("/a~1b~0c/5", (None, None)),
        ("/openapi/x", (None, None)),
    ],
)
def test_json_pointers_have_the_lines_and_columns_yaml_would_give(
    write_spec: Callable[..., Path], pointer: str, expected: tuple[int | None, int | None]
) -> None:
    spec = load_spec(write_spec(JSON_TEXT, "spec.json"))

    location = spec.locate("spec.json", pointer)

    assert (location.line, location.column) == expected
    assert positions.index_yaml(JSON_TEXT) is not None
    assert positions.Positions(JSON_TEXT, is_json=False).find(pointer) == expected


def many_bad_defaults(count: int) -> dict[str, Any]:
    """A description with `count` findings: each schema's default does not fit its type."""
    schemas = {
        f"Thing{index}": {
            "type": "object",
            "properties": {"size": {"type": "integer", "default": "large"}},
        }
        for index in range(count)
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }


def counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Patch `positions.<name>` to record each call (and still do its work)."""
    calls: list[str] = []
    original = getattr(positions, name)

    def counted(text: str) -> Any:
        calls.append(name)
        return original(text)

    monkeypatch.setattr(positions, name, counted)
    return calls


@pytest.mark.parametrize("file_name", ["spec.yaml", "spec.json"])
def test_thousands_of_findings_read_each_file_for_positions_once(
    write_spec: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, file_name: str
) -> None:
    description = many_bad_defaults(3000)
    text = (
        json.dumps(description, indent=1) if file_name.endswith("json") else yaml.dump(description)
    )
    path = write_spec(text, file_name)
    spec = load_spec(path)
    yaml_reads = counting(monkeypatch, "index_yaml")
    json_reads = counting(monkeypatch, "index_json")
    json_scans = scans_counted(monkeypatch)

    diagnostics = build_api(spec, "pkg").diagnostics

    assert len(diagnostics) == 3000
    assert all(finding.location.line is not None for finding in diagnostics)
    assert diagnostics[-1].location.pointer.endswith("/properties/size/default")
    if file_name.endswith("json"):
        # JSON is not indexed whole: each object on the findings' ways is scanned once.
        assert (yaml_reads, json_reads) == ([], [])
        assert len(json_scans) == len(set(json_scans)) <= 3 + 3 * 3000
    else:
        assert (yaml_reads, json_reads, json_scans) == (["index_yaml"], [], [])


def scans_counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Patch `JsonPlaces.scan` to record the offset of each object or array it scans."""
    offsets: list[int] = []
    original = positions.JsonPlaces.scan

    def counted(self: positions.JsonPlaces, offset: int) -> Any:
        offsets.append(offset)
        return original(self, offset)

    monkeypatch.setattr(positions.JsonPlaces, "scan", counted)
    return offsets


def test_findings_all_down_a_deep_json_text_end_in_its_index_in_linear_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Scanned deeper and deeper, each level would skip over the rest again: past a budget of
    the text's length, the whole index answers, once built."""
    depth = 400
    text = '{"a": ' + "[" * depth + "1" + "]" * depth + "}"
    pointers = ["/a" + "/0" * level for level in range(depth)]
    json_reads = counting(monkeypatch, "index_json")
    json_scans = scans_counted(monkeypatch)
    lazily = positions.Positions(text, is_json=True)

    found = [lazily.find(pointer) for pointer in pointers]

    assert json_reads == ["index_json"]
    assert len(json_scans) < depth
    assert found == [(1, 7 + level) for level in range(depth)]
    assert found == [positions.Positions(text, is_json=False).find(p) for p in pointers]


def test_no_finding_reads_no_file_for_positions(
    write_spec: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = load_spec(write_spec(json.dumps(many_bad_defaults(0))))
    reads = counting(monkeypatch, "index_yaml") + counting(monkeypatch, "index_json")

    build_api(spec, "pkg")

    assert reads == []


def test_a_description_whose_places_were_asked_for_still_pickles(
    write_spec: Callable[..., Path],
) -> None:
    """Where processes are not forked, the loaded description is pickled to a validation worker
    after `checking` has asked for places (a warning): what `positions` keeps must pickle."""
    spec = load_spec(write_spec(JSON_TEXT, "spec.json"))
    before = spec.locate("spec.json", "/a~1b~0c/3")

    copy = pickle.loads(pickle.dumps(spec))

    assert copy.locate("spec.json", "/a~1b~0c/3") == before
    assert copy.locate("spec.json", "/a~1b~0c/4") == spec.locate("spec.json", "/a~1b~0c/4")
