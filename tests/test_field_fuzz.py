"""Structure-aware fuzzing: real API descriptions, mutated, through the command line.

Each example takes a description (our own fragment, or one of the real descriptions in
`../shared/corpus/real/`, read in place) and applies a few mutations at places drawn from the
document: a node replaced by a value of another JSON type, a key dropped, a component schema
renamed (its `$ref`s now point at nothing), a schema made to contain itself, a `$ref` pointed at
another schema. The command must then either succeed (exit 0, warnings allowed) with a package
that imports, or fail with exit 2 and a message; never exit 3 (a crash) or a traceback.

The budget is fixed for CI (derandomized, FIELD_FUZZ_EXAMPLES examples, default 40); raise it for
a longer campaign: `FIELD_FUZZ_EXAMPLES=1000 .venv/bin/python -m pytest tests/test_field_fuzz.py`.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import FRAGMENT_SPEC, shared_path
from hypothesis import given, settings
from hypothesis import strategies as st
from support import imported

from openapi_dataclasses.cli import EXIT_BAD_INPUT, EXIT_OK, main
from openapi_dataclasses.yaml12 import load_yaml

EXAMPLES = int(os.environ.get("FIELD_FUZZ_EXAMPLES", "40"))
# Small enough that an example takes well under a second; each covers other parts of OpenAPI.
REAL = (
    "corpus/real/oai-petstore-expanded/petstore-expanded.yaml",
    "corpus/real/oai-link-example/link-example.yaml",
    "corpus/real/oai-webhook-example/webhook-example.yaml",
    "corpus/real/oai-uspto/uspto.yaml",
)
OTHER_TYPES: tuple[Any, ...] = (None, 0, 1.5, "text", True, [], {}, ["x"], {"x": 1})

Path_ = tuple[str | int, ...]


def load_document(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else load_yaml(text)


@pytest.fixture(scope="module")
def documents() -> list[tuple[str, Any]]:
    found = [("fragment", load_document(FRAGMENT_SPEC))]
    for relative in REAL:
        found.append((Path(relative).parent.name, load_document(shared_path(relative))))
    return found


def node_paths(document: Any) -> list[Path_]:
    """The path of every node of the document, in document order."""
    paths: list[Path_] = []
    stack: list[tuple[Any, Path_]] = [(document, ())]
    while stack:
        node, path = stack.pop()
        paths.append(path)
        if isinstance(node, dict):
            stack.extend((value, (*path, key)) for key, value in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend(
                (value, (*path, index)) for index, value in reversed(list(enumerate(node)))
            )
    return paths


def parent_of(document: Any, path: Path_) -> Any:
    node = document
    for key in path[:-1]:
        node = node[key]
    return node


def schema_names(document: Any) -> list[str]:
    components = document.get("components") if isinstance(document, dict) else None
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return [str(name) for name in schemas] if isinstance(schemas, dict) else []


def mutate(document: Any, draw: Any) -> list[str]:
    """Apply one mutation drawn with `draw`; a description of what it did."""
    kind = draw(st.sampled_from(["retype", "drop", "rename", "cycle", "reref"]))
    names = schema_names(document)
    if kind in ("rename", "cycle", "reref") and names:
        schemas = document["components"]["schemas"]
        name = draw(st.sampled_from(names))
        if kind == "rename":
            schemas[name + "Renamed"] = schemas.pop(name)
        elif kind == "cycle":
            schemas[name] = {"allOf": [{"$ref": f"#/components/schemas/{name}"}]}
        else:
            other = draw(st.sampled_from(names))
            schemas[name] = {
                "type": "object",
                "properties": {"link": {"$ref": f"#/components/schemas/{other}"}},
            }
        return [f"{kind} {name}"]
    paths = [path for path in node_paths(document) if path]
    path = draw(st.sampled_from(paths))
    parent = parent_of(document, path)
    if kind == "drop" and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(OTHER_TYPES)))
    return [f"{kind} {'/'.join(map(str, path))}"]


@settings(max_examples=EXAMPLES)
@given(data=st.data())
def test_mutated_real_descriptions_generate_or_fail_clearly(
    data: st.DataObject,
    documents: list[tuple[str, Any]],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    name, original = documents[data.draw(st.integers(0, len(documents) - 1))]
    document = copy.deepcopy(original)
    done = [mutate(document, data.draw) for _ in range(data.draw(st.integers(1, 3)))]
    folder = tmp_path_factory.mktemp("field")
    spec = folder / "spec.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    out = folder / "out"
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = main(["generate", str(spec), "--out", str(out), "--package", "fz", "--jobs", "1"])
    where = f"{name} after {done}"
    assert code in (EXIT_OK, EXIT_BAD_INPUT), f"{where}: exit {code}\n{stderr.getvalue()}"
    assert "Traceback" not in stderr.getvalue(), where
    if code == EXIT_BAD_INPUT:
        assert stderr.getvalue().startswith("error: "), where
        return
    with imported(out, "fz"):
        pass
