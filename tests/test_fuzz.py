"""Fuzzing: random descriptions with hostile names and text, through the whole pipeline.

Each example is a random set of component schemas (objects, enums, arrays, maps, nullable values,
`allOf` and `oneOf` over earlier schemas, constraints) whose names, property names, enum values,
titles, descriptions, defaults and examples are drawn from text full of quotes, backslashes,
Markdown, Jinja and HTML syntax, path separators and non-ASCII letters. Either the run fails with
a `GeneratorError` (exit code 2 at the command line) and a one-paragraph message, or the package
compiles, imports without side effects, stays inside its output folder, and round-trips payloads
drawn for its schemas.

The budget is fixed for CI (derandomized, FUZZ_EXAMPLES examples, default 20); raise FUZZ_EXAMPLES
for a longer run.
"""

from __future__ import annotations

import importlib
import itertools
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import imported

from openapi_dataclasses.errors import GeneratorError
from openapi_dataclasses.filters import oneline
from openapi_dataclasses.formatting import format_python
from openapi_dataclasses.pipeline import Options, generate
from openapi_dataclasses.writing import write_output

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
HOSTILE = st.sampled_from(
    [
        '"""',
        "'''",
        "\\",
        "\\n",
        "\n",
        "{{ x }}",
        "{% if %}",
        "|",
        "<script>",
        "../",
        "/",
        ".",
        "é",
        "ß",
        "İ",
        "日本",
        "class",
        "to_dict",
        "None",
        "1",
        " ",
        "-",
        "_",
        "`",
        "#",
        "\x00",
        "\u2028",
    ]
)
WORDS = st.sampled_from(["id", "name", "Item", "value", "ID", "Type", "x", "data", "Öl"])
counter = itertools.count()


@st.composite
def texts(draw: st.DrawFn, min_size: int = 1) -> str:
    parts = draw(st.lists(st.one_of(WORDS, HOSTILE), min_size=min_size, max_size=4))
    return "".join(parts)


def leaf_schemas() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.builds(
            lambda low, span: {"type": "string", "minLength": low, "maxLength": low + span},
            st.integers(0, 2),
            st.integers(0, 5),
        ),
        st.builds(
            lambda low, span: {"type": "integer", "minimum": low, "maximum": low + span},
            st.integers(-5, 5),
            st.integers(0, 100),
        ),
        st.just({"type": "number"}),
        st.just({"type": "boolean"}),
        st.just({"type": "string", "format": "date-time"}),
        st.just({"type": "string", "format": "date"}),
        st.lists(texts(), min_size=1, max_size=4, unique=True).map(
            lambda values: {"type": "string", "enum": values}
        ),
        st.lists(st.integers(-3, 3), min_size=1, max_size=3, unique=True).map(
            lambda values: {"type": "integer", "enum": values}
        ),
        st.just({}),
    )


@st.composite
def property_schemas(draw: st.DrawFn, earlier: list[str]) -> dict[str, Any]:
    options = [leaf_schemas()]
    if earlier:
        refs = st.sampled_from(earlier).map(
            lambda name: {"$ref": f"#/components/schemas/{pointer_token(name)}"}
        )
        options.append(refs)
    base = draw(st.one_of(*options))
    shape = draw(st.sampled_from(["plain", "array", "map", "nullable"]))
    if shape == "array":
        return {"type": "array", "items": base, "maxItems": draw(st.integers(1, 3))}
    if shape == "map":
        return {"type": "object", "additionalProperties": base}
    if shape == "nullable" and "$ref" not in base:
        return {**base, "nullable": True}
    return base


def pointer_token(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


@st.composite
def descriptions(draw: st.DrawFn) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for _ in range(draw(st.integers(1, 4))):
        name = draw(texts().filter(lambda text: text not in schemas))
        earlier = list(schemas)
        kind = draw(st.sampled_from(["object", "object", "enum", "allOf", "oneOf"]))
        if kind == "enum":
            schema: dict[str, Any] = {
                "type": "string",
                "enum": draw(st.lists(texts(), min_size=1, max_size=4, unique=True)),
            }
        elif kind in ("allOf", "oneOf") and earlier:
            parts = [
                {"$ref": f"#/components/schemas/{pointer_token(part)}"}
                for part in draw(
                    st.lists(st.sampled_from(earlier), min_size=1, max_size=2, unique=True)
                )
            ]
            schema = {kind: parts}
            if kind == "allOf":
                parts.append(
                    {
                        "type": "object",
                        "properties": {draw(texts()): draw(property_schemas(earlier))},
                    }
                )
        else:
            names = draw(st.lists(texts(), max_size=5, unique=True))
            properties = {prop: draw(property_schemas(earlier)) for prop in names}
            for prop in properties.values():
                prop["description"] = draw(texts(0))
            schema = {
                "type": "object",
                "properties": properties,
                "required": draw(st.lists(st.sampled_from(names), unique=True)) if names else [],
            }
            if draw(st.booleans()):
                schema["additionalProperties"] = False
        schema["title"] = draw(texts(0))
        schema["description"] = draw(texts(0))
        schemas[name] = schema
    return {
        "openapi": "3.0.3",
        "info": {"title": draw(texts()), "version": draw(texts())},
        "paths": {},
        "components": {"schemas": schemas},
    }


# -- payloads valid against a drawn description --------------------------------------------------


def payloads(schema: Any, components: dict[str, Any]) -> st.SearchStrategy[Any]:
    if not isinstance(schema, dict) or not schema:
        return st.one_of(st.none(), st.integers(), texts(0), st.lists(st.integers(), max_size=2))
    if "$ref" in schema:
        name = schema["$ref"].split("/")[-1].replace("~1", "/").replace("~0", "~")
        return payloads(components[name], components)
    value = payload_of(schema, components)
    return st.one_of(st.none(), value) if schema.get("nullable") else value


def payload_of(schema: dict[str, Any], components: dict[str, Any]) -> st.SearchStrategy[Any]:
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "oneOf" in schema:
        return st.one_of(*[payloads(part, components) for part in schema["oneOf"]])
    if "allOf" in schema:
        merged = merge_all_of(schema, components)
        return payload_of(merged, components)
    kind = schema.get("type")
    if kind == "string" and schema.get("format") == "date-time":
        return st.datetimes(timezones=st.just(__import__("datetime").timezone.utc)).map(
            lambda moment: moment.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
        )
    if kind == "string" and schema.get("format") == "date":
        return st.dates().map(lambda day: day.isoformat())
    if kind == "string":
        return st.text(min_size=schema.get("minLength", 0), max_size=schema.get("maxLength", 5))
    if kind == "integer":
        return st.integers(schema.get("minimum", -1000), schema.get("maximum", 1000))
    if kind == "number":
        return st.one_of(st.integers(-100, 100), st.floats(-1e6, 1e6, allow_nan=False))
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(payloads(schema["items"], components), max_size=schema.get("maxItems", 2))
    if "additionalProperties" in schema and not schema.get("properties"):
        return st.dictionaries(
            texts(), payloads(schema["additionalProperties"], components), max_size=2
        )
    return objects(schema, components)


def objects(
    schema: dict[str, Any], components: dict[str, Any]
) -> st.SearchStrategy[dict[str, Any]]:
    properties = schema.get("properties", {})
    required = {name: payloads(properties[name], components) for name in schema.get("required", [])}
    optional = {
        name: payloads(prop, components)
        for name, prop in properties.items()
        if name not in required
    }
    return st.fixed_dictionaries(required, optional=optional)


def merge_all_of(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
    for part in schema["allOf"]:
        if "$ref" in part:
            part = components[part["$ref"].split("/")[-1].replace("~1", "/").replace("~0", "~")]
        if "allOf" in part:
            part = merge_all_of(part, components)
        merged["properties"].update(part.get("properties", {}))
        merged["required"] += [
            name for name in part.get("required", []) if name not in merged["required"]
        ]
        if part.get("additionalProperties") is False:
            merged["additionalProperties"] = False
    return merged


# -- the property ------------------------------------------------------------------------------


@settings(max_examples=EXAMPLES, derandomize=True, deadline=None)
@given(description=descriptions(), data=st.data())
def test_random_descriptions_generate_safely_or_fail_clearly(
    description: dict[str, Any], data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("fuzz")
    spec = work / "spec.json"
    spec.write_text(json.dumps(description), encoding="utf-8")
    package = f"fuzzed_{next(counter)}"
    try:
        output = generate(Options(spec=spec, package=package, jobs=1, cache=False))
    except GeneratorError as error:
        message = error.describe()
        assert message and "Traceback" not in message
        return
    out = work / "out"
    write_output(out, output.files, package)
    written = {path.relative_to(work).as_posix() for path in work.rglob("*") if path.is_file()}
    assert all(path == "spec.json" or path.startswith("out/") for path in written)
    for path, content in output.files.items():
        if path.endswith(".py"):
            compile(content, path, "exec")
            assert format_python(content, path) == content, f"{path} is not as Black formats it"
    with imported(out, package) as module:
        components = description["components"]["schemas"]
        for name, schema in components.items():
            cls = find_model(
                module, f"#/components/schemas/{pointer_token(name)}", output.files, package
            )
            if cls is None:
                continue
            payload = data.draw(payloads(schema, components), label=f"payload of {name!r}")
            if isinstance(payload, dict):
                assert cls.from_dict(payload).to_dict() == payload


def find_model(module: Any, pointer: str, files: dict[str, str], package: str) -> Any:
    """The model class generated from `pointer`, found by the `# Source:` line of its module."""
    for path, content in files.items():
        if path.startswith(f"{package}/") and path.endswith(".py") and "@rt.model" in content:
            source_line = content.split("\n", 2)[1]
            if source_line.endswith(oneline(pointer)):
                submodule = importlib.import_module(f"{package}.{Path(path).stem}")
                return next(
                    value
                    for value in vars(submodule).values()
                    if getattr(value, "__module__", "") == submodule.__name__
                    and hasattr(value, "__wire__")
                )
    return None
