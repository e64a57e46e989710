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
from support import imported, run_generator

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
    # Made first: a path that does not exist yet is cached by the import system as "no finder".
    (tmp_path / "out").mkdir()
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
            importlib.invalidate_caches()
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
    assert [finding.describe() for finding in result.diagnostics] == [
        "spec.yaml:6:19 at #/components/schemas/$ref: a $ref where OpenAPI allows none, for a "
        "mapping of names to schemas: followed, as other tools do",
        "spec.yaml:4:67 at #/paths/~1a/get/responses/200/content/$ref: a $ref where OpenAPI "
        "allows none, for a mapping of media types: followed, as other tools do",
    ]


# -- a $ref where OpenAPI allows none ----------------------------------------------------------

# Laid out as DigitalOcean's multi-file description is: the entry has no components.schemas; each
# operation is a `$ref` to a file of its own, whose parameters and responses are in other
# folders; a file of shared parameters is keyed by name; discriminator mappings name files.
LAYOUT = {
    "api.yaml": """\
        openapi: 3.0.0
        info: {title: Droplets, version: '2.0'}
        paths:
          /v2/droplets:
            get: {$ref: 'resources/droplets/droplets_list.yml'}
            post: {$ref: 'resources/droplets/droplets_create.yml'}
          /v2/droplets/{droplet_id}:
            get: {$ref: 'resources/droplets/droplets_get.yml'}
        components:
          securitySchemes:
            bearer_auth: {type: http, scheme: bearer}
        """,
    "resources/droplets/droplets_list.yml": """\
        operationId: droplets_list
        parameters:
          - $ref: '../../shared/parameters.yml#/per_page'
        responses:
          '200': {$ref: 'responses/all_droplets.yml'}
          '401': {$ref: '../../shared/responses/unauthorized.yml'}
        """,
    "resources/droplets/droplets_create.yml": """\
        operationId: droplets_create
        requestBody:
          content:
            application/json:
              schema: {$ref: 'models/droplet_create.yml'}
        responses:
          '202': {$ref: 'responses/existing_droplet.yml'}
        """,
    "resources/droplets/droplets_get.yml": """\
        operationId: droplets_get
        parameters:
          - $ref: 'parameters.yml#/droplet_id'
        responses:
          '200': {$ref: 'responses/existing_droplet.yml'}
        """,
    "resources/droplets/parameters.yml": """\
        droplet_id: {in: path, name: droplet_id, required: true, schema: {type: integer}}
        """,
    "resources/droplets/responses/all_droplets.yml": """\
        description: all droplets
        content:
          application/json:
            schema:
              allOf:
                - properties:
                    droplets: {type: array, items: {$ref: '../models/droplet.yml'}}
                - $ref: '../../../shared/meta.yml'
        """,
    "resources/droplets/responses/existing_droplet.yml": """\
        description: one droplet
        content:
          application/json:
            schema:
              properties:
                droplet: {$ref: '../models/droplet.yml'}
        """,
    "resources/droplets/models/droplet.yml": """\
        type: object
        required: [id, name]
        properties:
          id: {type: integer}
          name: {type: string}
          image:
            oneOf: [{$ref: 'image_public.yml'}, {$ref: 'image_snapshot.yml'}]
            discriminator:
              propertyName: type
              mapping: {public: image_public.yml, snapshot: image_snapshot.yml}
        """,
    "resources/droplets/models/image_public.yml": """\
        type: object
        properties: {type: {type: string}, slug: {type: string}}
        """,
    "resources/droplets/models/image_snapshot.yml": """\
        type: object
        properties: {type: {type: string}, snapshot_id: {type: integer}}
        """,
    "resources/droplets/models/droplet_create.yml": """\
        type: object
        required: [name]
        properties: {name: {type: string}, size: {type: string}}
        """,
    "shared/parameters.yml": """\
        per_page: {in: query, name: per_page, schema: {type: integer, default: 20}}
        """,
    "shared/meta.yml": """\
        type: object
        properties:
          meta: {type: object, properties: {total: {type: integer}}}
        """,
    "shared/responses/unauthorized.yml": """\
        description: unauthorized
        content:
          application/json:
            schema: {$ref: '../models/error.yml'}
        """,
    "shared/models/error.yml": """\
        type: object
        properties: {id: {type: string}, message: {type: string}}
        """,
}


def write_layout(write_spec: Callable[..., Path], files: dict[str, str]) -> Path:
    for name, text in files.items():
        write_spec(text, name)
    return Path(next(iter(files)))


def test_operations_that_are_refs_are_followed_with_one_warning_each(
    write_spec: Callable[..., Path],
) -> None:
    result = check_spec(load_spec(write_layout(write_spec, LAYOUT)))

    assert [finding.describe() for finding in result.diagnostics] == [
        f"api.yaml:{place} at #/paths/{path}/{method}/$ref: a $ref where OpenAPI allows none, "
        "for an operation: followed, as other tools do"
        for place, path, method in [
            ("5:17", "~1v2~1droplets", "get"),
            ("6:18", "~1v2~1droplets", "post"),
            ("8:17", "~1v2~1droplets~1{droplet_id}", "get"),
        ]
    ]
    assert len(result.spec.documents) == len(LAYOUT)


def test_a_description_laid_out_as_digitalocean_s_generates_its_models(
    tmp_path: Path, write_spec: Callable[..., Path]
) -> None:
    write_layout(write_spec, LAYOUT)
    payload = {
        "droplets": [{"id": 1, "name": "a", "image": {"type": "snapshot", "snapshot_id": 7}}],
        "meta": {"total": 1},
    }

    result = run_generator(
        "generate", "api.yaml", "--out", "out", "--package", "ocean", cwd=tmp_path
    )

    assert result.returncode == 0, result.stderr
    # One warning a place: the validator's findings there ('responses' missing, '$ref'
    # unexpected) say it again, and are left out; --strict still refuses the description.
    assert result.stderr.startswith("warning: 3 findings about the description")
    assert result.stderr.count("allows none, for an operation") == 3
    strict = run_generator(
        "generate", "api.yaml", "--out", "strict", "--package", "ocean", "--strict", cwd=tmp_path
    )
    assert strict.returncode == 2 and "not valid OpenAPI (3 findings" in strict.stderr
    with imported(tmp_path / "out", "ocean") as ocean:
        listed = ocean.DropletsListResponse200.from_dict(payload)
        # one response file for two operations: one model, named after the first
        got = ocean.DropletsCreateResponse202.from_dict({"droplet": {"id": 2, "name": "b"}})
        created = ocean.DropletsCreateRequest(name="c")
        assert listed.to_dict() == payload
        assert created.to_dict() == {"name": "c"}
    assert listed.droplets[0].image.snapshot_id == 7  # the mapping picked the snapshot's model
    assert got.droplet.name == "b"


@pytest.mark.parametrize(
    ("version", "warned"), [("3.0.3", True), ("3.1.0", True), ("3.2.0", False)]
)
def test_a_media_type_that_is_a_ref_is_warned_of_before_3_2(
    write_spec: Callable[..., Path], version: str, warned: bool
) -> None:
    write_spec("schema: {type: object, properties: {a: {type: string}}}\n", "media.yaml")
    text = f"""\
        openapi: {version}
        info: {{title: t, version: '1'}}
        paths:
          /a:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json: {{$ref: 'media.yaml'}}
        """
    result = check_spec(load_spec(write_spec(text)))

    expected = (
        "spec.yaml:10:38 at #/paths/~1a/get/responses/200/content/application~1json/$ref: a $ref "
        "where OpenAPI allows none, for a media type object: followed, as other tools do"
    )
    assert [finding.describe() for finding in result.diagnostics] == ([expected] if warned else [])


def test_whole_lists_and_mappings_that_are_refs_are_followed_and_generate(
    write_spec: Callable[..., Path], generate_package: Callable[[str, str], Any]
) -> None:
    write_spec("- {name: q, in: query, schema: {type: string, enum: [a, b]}}\n", "parameters.yaml")
    write_spec("'200': {description: ok, content: {$ref: 'content.yaml'}}\n", "responses.yaml")
    write_spec(
        "application/json:\n  schema: {type: object, properties: {id: {type: integer}}}\n",
        "content.yaml",
    )
    write_spec("X-Rate: {schema: {type: string, enum: [low, high]}}\n", "headers.yaml")
    text = """\
        paths:
          /a:
            get:
              operationId: getA
              parameters: {$ref: 'parameters.yaml'}
              responses: {$ref: 'responses.yaml'}
          /b:
            get:
              operationId: getB
              responses:
                '200': {description: ok, headers: {$ref: 'headers.yaml'}}
        """

    result = checked(write_spec, text)
    package = generate_package(HEAD + textwrap.dedent(text), "whole")

    assert [finding.message.split(":")[0] for finding in result.diagnostics] == [
        "a $ref where OpenAPI allows none, for a list of parameters",
        "a $ref where OpenAPI allows none, for a mapping of status codes to responses",
        "a $ref where OpenAPI allows none, for a mapping of media types",
        "a $ref where OpenAPI allows none, for a mapping of names to headers",
    ]
    assert package.GetAResponse200.from_dict({"id": 4}).id == 4
    assert [member.value for member in package.GetAQEnum] == ["a", "b"]
    assert [member.value for member in package.GetBResponse200XRateEnum] == ["low", "high"]


def test_a_whole_mapping_ref_to_something_else_is_left_out_with_a_warning(
    write_spec: Callable[..., Path],
) -> None:
    write_spec("[1, 2]\n", "list.yaml")
    text = """\
        paths:
          /a: {get: {responses: {$ref: 'list.yaml'}}}
        """

    result = checked(write_spec, text)

    assert [finding.describe() for finding in result.diagnostics] == [
        "spec.yaml:4:32 at #/paths/~1a/get/responses/$ref: a $ref where OpenAPI allows none, "
        "for a mapping of status codes to responses: followed, as other tools do",
        "list.yaml:1:1: a list where a mapping of status codes to responses belongs; left out",
    ]
    assert "responses" not in result.spec.data["paths"]["/a"]["get"]


# -- broken $refs: errors where generation reaches them, warnings elsewhere ---------------------

UNREACHED = """\
    paths:
      /a:
        get:
          responses:
            '200': {$ref: 'responses.yaml#/Ok'}
    components:
      schemas:
        Pet: {type: object, properties: {owner: {$ref: '#/components/schemas/Owner'}}}
        Owner: {type: object, properties: {name: {type: string}}}
        Stray: {type: object, properties: {lost: {$ref: '#/components/schemas/Gone'}}}
      responses:
        Unused: {description: x, content: {application/json: {schema: {$ref: 'gone.yaml'}}}}
    """
RESPONSES = """\
    Ok:
      description: ok
      content: {application/json: {schema: {type: object, properties: {id: {type: integer}}}}}
    Old:
      description: nothing refers to it
      content: {application/json: {schema: {$ref: '#/Missing'}}}
      links: {self: {$ref: '#/Gone'}}
    """


def test_a_broken_ref_nothing_generated_reaches_is_a_warning(
    write_spec: Callable[..., Path],
) -> None:
    """In a part of a referenced file nothing reaches, in components nothing uses: warnings."""
    write_spec(RESPONSES, "responses.yaml")

    result = check_spec(
        load_spec(write_spec(HEAD + textwrap.dedent(UNREACHED))),
        ["Pet"],
    )

    assert [finding.describe() for finding in result.diagnostics] == [
        "spec.yaml:12:53 at #/components/schemas/Stray/properties/lost/$ref: $ref "
        "'#/components/schemas/Gone' points at nothing: no 'Gone' there; left as it is: nothing "
        "generated reaches it",
        "spec.yaml:14:74 at #/components/responses/Unused/content/application~1json/schema/$ref: "
        "$ref 'gone.yaml' names a file that does not exist (gone.yaml); left as it is: nothing "
        "generated reaches it",
        "responses.yaml:6:47 at #/Old/content/application~1json/schema/$ref: $ref '#/Missing' "
        "points at nothing: no 'Missing' there; left as it is: nothing generated reaches it",
        "responses.yaml:7:24 at #/Old/links/self/$ref: $ref '#/Gone' points at nothing: no "
        "'Gone' there; left as it is: nothing generated reaches it",
    ]


@pytest.mark.parametrize(
    ("schemas", "exit_code"),
    [((), 2), (("Pet",), 0), (("Stray",), 2)],
)
def test_with_schema_a_broken_ref_is_an_error_only_where_the_selection_reaches(
    tmp_path: Path, write_spec: Callable[..., Path], schemas: tuple[str, ...], exit_code: int
) -> None:
    write_spec(RESPONSES, "responses.yaml")
    write_spec(HEAD + textwrap.dedent(UNREACHED))
    selection = [argument for name in schemas for argument in ("--schema", name)]

    result = run_generator(
        "generate", "spec.yaml", "--out", "out", "--package", "p", *selection, cwd=tmp_path
    )

    assert result.returncode == exit_code, result.stderr
    broken = (
        "spec.yaml:12:53 at #/components/schemas/Stray/properties/lost/$ref: $ref "
        "'#/components/schemas/Gone' points at nothing: no 'Gone' there"
    )
    if exit_code == 2:
        assert result.stderr.startswith(f"error: {broken} (check the spelling")
        assert "Traceback" not in result.stderr
    else:
        # A warning outside the selected schemas is not shown: findings are limited to the parts
        # a run generates (tests/test_findings.py).
        assert broken not in result.stderr
        assert sorted(path.name for path in (tmp_path / "out" / "p").glob("*.py")) == [
            "__init__.py",
            "_schemas.py",
            "owner.py",
            "pet.py",
        ]


def test_a_broken_ref_in_a_part_of_a_referenced_file_nothing_reaches_does_not_stop_a_run(
    tmp_path: Path, write_spec: Callable[..., Path]
) -> None:
    write_spec(RESPONSES, "responses.yaml")
    write_spec(HEAD + textwrap.dedent(UNREACHED).replace("    Stray:", "    # Stray:"))

    result = run_generator("generate", "spec.yaml", "--out", "out", "--package", "p", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stderr.count("left as it is: nothing generated reaches it") == 3
    assert (tmp_path / "out" / "p" / "get_a_response200.py").is_file()
