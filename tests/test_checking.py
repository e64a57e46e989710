"""Stage 1b, checking: every broken `$ref` at once, `$ref`s through `$ref`s, nodes of the wrong type."""

from __future__ import annotations

import contextlib
import copy
import importlib
import io
import json
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support import run_generator

from openapi_dataclasses import cli
from openapi_dataclasses.checking import check_spec
from openapi_dataclasses.errors import GeneratorError, Location, join_pointer
from openapi_dataclasses.loading import load_spec
from openapi_dataclasses.yaml12 import load_yaml

HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"


def checked(write_spec: Callable[..., Path], text: str) -> Any:
    return check_spec(load_spec(write_spec(HEAD + textwrap.dedent(text))))


# -- every problem at once ---------------------------------------------------------------------


def test_every_broken_ref_is_reported_with_its_place(write_spec: Callable[..., Path]) -> None:
    schemas = "".join(
        f"    S{index}: {{$ref: '#/components/schemas/Gone{index}'}}\n" for index in range(25)
    )
    text = "paths: 5\ncomponents:\n  schemas:\n" + schemas + "    T: {$ref: 'other.yaml#/T'}\n"

    with pytest.raises(GeneratorError) as caught:
        checked(write_spec, text)

    problems = caught.value.problems
    assert len(problems) == 27
    assert problems[0].describe().startswith("spec.yaml:6:16 at #/components/schemas/S0/$ref: $ref")
    assert "points at nothing: no 'Gone0' there" in problems[0].message
    assert "other.yaml" in problems[25].message and "does not exist" in problems[25].message
    assert problems[26].message == "paths is a number, not a mapping of paths to path items"
    assert all(problem.location and problem.location.line for problem in problems)


def test_several_problems_are_one_message_block_with_a_readable_cap(tmp_path: Path) -> None:
    schemas = "".join(f"    S{index}: {{$ref: '#/nowhere/{index}'}}\n" for index in range(23))
    (tmp_path / "spec.yaml").write_text(
        HEAD + "paths: {}\ncomponents:\n  schemas:\n" + schemas, encoding="utf-8"
    )

    result = run_generator("generate", "spec.yaml", "--out", "out", "--package", "p", cwd=tmp_path)

    assert result.returncode == 2
    lines = result.stderr.rstrip("\n").split("\n")
    assert lines[0] == "error: 23 problems in the description:"
    assert lines[1].startswith(
        "  spec.yaml:6:16 at #/components/schemas/S0/$ref: $ref '#/nowhere/0'"
    )
    assert len(lines) == 1 + 20 + 1 and lines[-1] == "  ... and 3 more"
    assert "Traceback" not in result.stderr


def test_a_problem_found_by_two_routes_is_said_once(write_spec: Callable[..., Path]) -> None:
    """The second option's `allOf` names the first option's part, with its broken mapping."""
    text = """\
        paths:
          /a:
            post:
              requestBody:
                content:
                  application/json:
                    schema:
                      anyOf:
                        - allOf:
                            - type: object
                              discriminator:
                                propertyName: type
                                mapping: {assign: '#/assign', unassign: '#/unassign'}
                        - allOf:
                            - $ref: '#/paths/~1a/post/requestBody/content/application~1json/schema/anyOf/0/allOf/0'
                            - {type: object, properties: {id: {type: integer}}}
              responses:
                "200": {description: ok}
        """

    with pytest.raises(GeneratorError) as caught:
        checked(write_spec, text)

    described = [problem.describe() for problem in caught.value.problems]
    assert len(described) == 2
    assert "'#/assign' points at nothing" in described[0]
    assert "'#/unassign' points at nothing" in described[1]


def test_one_problem_is_described_as_it_always_was() -> None:
    problem = GeneratorError("it broke", Location("a.yaml", "/x", 3, 4), "fix it")

    assert GeneratorError.of_all([problem]) is problem
    assert GeneratorError.of_all([problem, problem]).describe() == (
        "2 problems in the description:\n"
        "  a.yaml:3:4 at #/x: it broke (fix it)\n"
        "  a.yaml:3:4 at #/x: it broke (fix it)"
    )


def test_refs_in_examples_defaults_and_extensions_are_data(write_spec: Callable[..., Path]) -> None:
    result = checked(
        write_spec,
        """\
        paths: {}
        components:
          schemas:
            A:
              type: object
              example: {$ref: nowhere}
              default: {$ref: nowhere}
              x-thing: {$ref: nowhere}
              properties:
                $ref: {type: string}
                default: {$ref: '#/components/schemas/B'}
            B: {type: string, enum: [{$ref: nowhere}]}
        """,
    )

    assert result.diagnostics == ()


# -- a $ref whose pointer goes through another $ref --------------------------------------------


def test_a_pointer_through_refs_is_followed_with_a_warning(write_spec: Callable[..., Path]) -> None:
    write_spec(
        """\
        A:
          type: object
          properties:
            x: {$ref: '#/B'}
        B: {type: integer}
        """,
        "models/a.yaml",
    )
    outer = "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/x"
    text = f"""\
        paths:
          /a:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {{$ref: 'models/a.yaml#/A'}}
        components:
          schemas:
            X: {{$ref: '{outer}'}}
            Y: {{$ref: '#/components/schemas/X/type'}}
        """
    result = checked(write_spec, text)
    spec = result.spec

    resolved = spec.resolve(outer, "spec.yaml")
    assert (resolved.document, resolved.pointer) == ("models/a.yaml", "/B")
    assert resolved.node == {"type": "integer"}
    # X is a `$ref` chain; Y goes through X's chain into another file: both followed.
    assert spec.resolve("#/components/schemas/X/type", "spec.yaml").node == "integer"
    messages = [finding.describe() for finding in result.diagnostics]
    assert messages == [
        f"spec.yaml:14:15 at #/components/schemas/X/$ref: $ref '{outer}' goes through another "
        "$ref: 'models/a.yaml#/A' at spec.yaml:11:30 at #/paths/~1a/get/responses/200/content/"
        "application~1json/schema/$ref; followed, as other tools do",
        "spec.yaml:15:15 at #/components/schemas/Y/$ref: $ref '#/components/schemas/X/type' goes "
        f"through another $ref: '{outer}' at spec.yaml:14:15 at #/components/schemas/X/$ref; "
        "then 'models/a.yaml#/A' at spec.yaml:11:30 at #/paths/~1a/get/responses/200/content/"
        "application~1json/schema/$ref; followed, as other tools do",
    ]


def test_a_pointer_through_itself_is_a_cycle(write_spec: Callable[..., Path]) -> None:
    text = """\
        paths: {}
        components:
          schemas:
            A: {$ref: '#/components/schemas/B/properties/x'}
            B: {$ref: '#/components/schemas/A/properties/x'}
        """
    with pytest.raises(GeneratorError) as caught:
        checked(write_spec, text)

    assert [problem.message.split(":")[0] for problem in caught.value.problems] == [
        "$ref cycle",
        "$ref cycle",
    ]


def test_a_pointer_through_refs_generates(generate_package: Callable[[str, str], Any]) -> None:
    package = generate_package(
        HEAD
        + textwrap.dedent(
            """\
            paths: {}
            components:
              schemas:
                Holder: {$ref: '#/components/schemas/Inner'}
                Inner:
                  type: object
                  properties:
                    size: {type: integer}
                Size: {$ref: '#/components/schemas/Holder/properties/size'}
                Box:
                  type: object
                  properties:
                    size: {$ref: '#/components/schemas/Holder/properties/size'}
            """
        ),
        "through",
    )

    assert package.Box.from_dict({"size": 3}).size == 3


# -- nodes of the wrong JSON type --------------------------------------------------------------

TINY = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      operationId: getPet
      parameters:
        - {name: q, in: query, schema: {type: string, enum: [a, b]}}
        - {$ref: '#/components/parameters/Limit'}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  pet: {$ref: '#/components/schemas/Pet'}
        default: {$ref: '#/components/responses/Error'}
components:
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer, minimum: 1}}
  requestBodies:
    Body: {content: {application/json: {schema: {type: string}}}}
  responses:
    Error:
      description: err
      content:
        application/json:
          schema: {type: object, properties: {message: {type: string}}}
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string, pattern: '^a', default: x}
        tags: {type: array, items: {type: string}, minItems: 1}
        kind: {type: string, enum: [cat, dog], x-enum-varnames: [CAT, DOG]}
        extra: {type: object, additionalProperties: {type: integer}}
        any:
          oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
          discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat'}}
        maybe: {type: string, nullable: true, x-enum-descriptions: [a]}
    Cat:
      allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {meow: {type: boolean}}}]
      not: {type: string}
    Dog:
      type: object
      properties: {bark: {type: number}}
      additionalProperties: false
      anyOf: [{required: [bark]}]
    Names: {type: array, items: {type: string, enum: [x]}}
"""

VALUES: dict[str, Any] = {
    "null": None,
    "number": 5,
    "string": "x",
    "list": [1],
    "mapping": {"a": 1},
    "boolean": True,
}


def places(node: Any, pointer: str = "") -> Iterator[str]:
    """Every pointer of a document but its root."""
    if pointer:
        yield pointer
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in items:
        yield from places(value, join_pointer(pointer, key))


def replaced(data: Any, pointer: str, value: Any) -> Any:
    result = copy.deepcopy(data)
    *path, last = [token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:]]
    node = result
    for token in path:
        node = node[int(token)] if isinstance(node, list) else node[token]
    node[int(last) if isinstance(node, list) else last] = value
    return result


COMMAND = ("generate", "spec.json", "--out", "out", "--jobs", "1", "--no-cache", "--no-validate")


def test_every_node_of_every_wrong_type_is_an_error_or_a_warning_never_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path / "out"))
    data = load_yaml(TINY)
    outcomes: dict[int, list[str]] = {0: [], 2: []}
    crashes = []
    for case, (pointer, (kind, value)) in enumerate(
        (pointer, item) for pointer in places(data) for item in VALUES.items()
    ):
        Path("spec.json").write_text(json.dumps(replaced(data, pointer, value)), encoding="utf-8")
        package = f"case{case}"
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
            code = cli.main([*COMMAND, "--package", package])
        if code not in outcomes:
            crashes.append(f"{pointer} as {kind}: exit {code}: {errors.getvalue()}")
            continue
        outcomes[code].append(pointer)
        if code == 0:
            module = importlib.import_module(package)
            assert module.__name__ == package
            for name in [name for name in sys.modules if name.split(".")[0] == package]:
                del sys.modules[name]

    assert crashes == []
    assert len(outcomes[0]) > len(outcomes[2]) > 0


@pytest.mark.parametrize(
    ("schema", "pointer", "message"),
    [
        ("{type: object, properties: [a, b]}", "/properties", "a list where a mapping of schemas"),
        ("{type: array, items: 3}", "/items", "a number where a schema belongs; read as {}"),
        ("{type: object, required: x}", "/required", "a string where a list of names belongs"),
        ("{type: string, enum: {}}", "/enum", "a mapping where a list belongs; left out"),
        ("{type: object, required: [a, 1]}", "/required", "read as ['a']"),
        ("{allOf: [{type: object}, 7]}", "/allOf/1", "a number where a schema belongs; read as {}"),
        ("{type: {}}", "/type", "a mapping where a type name or a list of them belongs"),
        (
            "{oneOf: [{type: string}], discriminator: {propertyName: k, mapping: []}}",
            "/discriminator/mapping",
            "a list where",
        ),
    ],
)
def test_schema_keywords_of_the_wrong_type_are_left_out_with_a_warning(
    write_spec: Callable[..., Path], schema: str, pointer: str, message: str
) -> None:
    result = checked(write_spec, f"paths: {{}}\ncomponents:\n  schemas:\n    A: {schema}\n")

    [finding] = result.diagnostics
    assert finding.location.pointer == "/components/schemas/A" + pointer
    assert finding.location.line == 6
    assert message in finding.message


def test_what_is_left_out_is_left_out_of_a_copy_only(write_spec: Callable[..., Path]) -> None:
    text = """\
        paths:
          /a: {get: {responses: [], parameters: [5, {name: q, in: query}]}}
        components:
          schemas:
            A: {type: object, properties: {b: {type: array, items: 3}}}
            B: {type: string}
        """
    spec = load_spec(write_spec(HEAD + textwrap.dedent(text)))

    result = check_spec(spec)

    fixed, original = result.spec.data, spec.data
    assert fixed["paths"]["/a"]["get"] == {"parameters": [{}, {"name": "q", "in": "query"}]}
    assert fixed["components"]["schemas"]["A"]["properties"]["b"] == {"type": "array", "items": {}}
    assert fixed["components"]["schemas"]["B"] is original["components"]["schemas"]["B"]
    assert original["paths"]["/a"]["get"]["responses"] == []
    assert original["components"]["schemas"]["A"]["properties"]["b"]["items"] == 3
    assert [finding.location.pointer for finding in result.diagnostics] == [
        "/paths/~1a/get/parameters/0",
        "/paths/~1a/get/responses",
        "/components/schemas/A/properties/b/items",
    ]


def test_a_ref_for_a_whole_mapping_is_a_reference_not_a_name(
    write_spec: Callable[..., Path],
) -> None:
    write_spec("application/json: {schema: {type: string}}\n", "content.yaml")
    write_spec("Pet: {type: string}\n", "schemas.yaml")
    text = """\
        paths:
          /a: {get: {responses: {'200': {description: ok, content: {$ref: 'content.yaml'}}}}}
        components:
          schemas: {$ref: 'schemas.yaml'}
        """

    result = checked(write_spec, text)

    assert sorted(result.spec.documents) == ["content.yaml", "schemas.yaml", "spec.yaml"]
    assert result.diagnostics == ()
