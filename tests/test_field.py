"""Classes of failure found on real descriptions, each shown on a small description of our own."""

from __future__ import annotations

import importlib
import json
import typing
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from openapi_dataclasses import ir
from openapi_dataclasses.building import build_api
from openapi_dataclasses.checking import check_spec
from openapi_dataclasses.loading import load_spec
from openapi_dataclasses.validation import validate_spec


def test_a_pointer_finds_a_yaml_key_that_is_a_number(build_ir: Callable[..., ir.Api]) -> None:
    """Unquoted status codes are integers in YAML; `$ref`s still spell them as text."""
    api = build_ir(
        """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths:
          /a:
            get:
              operationId: getA
              responses:
                200:
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties: {n: {type: integer}}
        components:
          schemas:
            Same:
              $ref: '#/paths/~1a/get/responses/200/content/application~1json/schema'
        """
    )
    assert [model.name for model in api.models] == ["Same"]


def test_a_discriminator_mapping_may_name_a_schema(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    package = generate_package(
        """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            Pet:
              oneOf:
                - $ref: '#/components/schemas/Cat'
                - $ref: '#/components/schemas/Dog'
              discriminator:
                propertyName: kind
                mapping: {cat: Cat, dog: '#/components/schemas/Dog'}
            Cat:
              type: object
              properties: {kind: {type: string}, purrs: {type: boolean}}
            Dog:
              type: object
              properties: {kind: {type: string}, purrs: {type: boolean}}
        """,
        "bare",
    )
    adapter = importlib.import_module(f"{package.__name__}.pet").adapter
    cat = adapter.from_data({"kind": "cat", "purrs": True})
    assert type(cat).__name__ == "Cat"
    dog = adapter.from_data({"kind": "dog", "purrs": True})
    assert type(dog).__name__ == "Dog"


def test_components_schemas_may_be_a_ref_to_a_file_of_schemas(
    write_spec: Callable[..., Path],
) -> None:
    """Bundlers write `schemas: {$ref: schemas.yaml}`: the file's schemas are the components."""
    write_spec(
        """
        Pet:
          type: object
          properties: {owner: {$ref: '#/Owner'}}
        Owner:
          type: object
          properties: {name: {type: string}}
        """,
        "schemas.yaml",
    )
    spec = write_spec(
        """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas: {$ref: schemas.yaml}
        """
    )
    api = build_api(load_spec(spec), "pkg").api
    assert [model.name for model in api.models] == ["Owner", "Pet"]


def test_a_discriminator_may_name_a_schema_of_a_file_of_schemas(
    write_spec: Callable[..., Path], generate_package: Callable[[str, str], ModuleType]
) -> None:
    """A bare name in a mapping is a schema of the entry's `components`, wherever they live."""
    write_spec(
        """
        Pet:
          oneOf: [{$ref: '#/Cat'}, {$ref: '#/Dog'}]
          discriminator: {propertyName: kind, mapping: {cat: Cat, dog: Dog}}
        Cat: {type: object, properties: {kind: {type: string}, purrs: {type: boolean}}}
        Dog: {type: object, properties: {kind: {type: string}, purrs: {type: boolean}}}
        """,
        "models/schemas.yaml",
    )
    package = generate_package(
        """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas: {$ref: models/schemas.yaml}
        """,
        "filed",
    )
    adapter = importlib.import_module(f"{package.__name__}.pet").adapter
    assert type(adapter.from_data({"kind": "dog", "purrs": True})).__name__ == "Dog"
    assert type(adapter.from_data({"kind": "cat", "purrs": True})).__name__ == "Cat"


def test_an_enum_of_arrays_and_objects_is_a_choice_of_constants(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    package = generate_package(
        """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            Page:
              type: object
              properties:
                errors: {type: array, items: {type: string}, enum: [[]]}
                shape: {enum: [{a: 1}, [1, 2], null]}
        """,
        "consts",
    )
    page = package.Page.from_dict({"errors": [], "shape": [1, 2]})
    assert page.to_dict() == {"errors": [], "shape": [1, 2]}
    assert package.Page.from_dict({"shape": None}).shape is None
    with pytest.raises(package.ValidationError):
        package.Page.from_dict({"errors": ["x"]})


def test_yaml_keys_that_are_numbers_are_read_as_json_keys() -> None:
    """The validator (and every JSON tool) sees `200:` as the key "200"."""
    from openapi_dataclasses.yaml12 import load_yaml

    assert load_yaml("responses:\n  200: {description: ok}\n  true: x\n") == {
        "responses": {"200": {"description": "ok"}, "true": "x"}
    }


def test_two_yaml_keys_that_are_one_json_key_are_duplicates() -> None:
    import yaml

    from openapi_dataclasses.yaml12 import load_yaml

    with pytest.raises(yaml.MarkedYAMLError, match="duplicate key '16'"):
        load_yaml('a:\n  0x10: x\n  "16": y\n')


def test_required_read_only_and_write_only_properties_may_be_absent(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    """One model serves requests (no `readOnly` properties) and responses (no `writeOnly` ones)."""
    package = generate_package(
        """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            User:
              type: object
              required: [id, password, name]
              properties:
                id: {type: string, readOnly: true}
                password: {type: string, writeOnly: true}
                name: {type: string}
            Admin:
              allOf:
                - $ref: '#/components/schemas/User'
                - type: object
                  properties: {level: {type: integer}}
        """,
        "one_way",
    )
    for model in (package.User, package.Admin):
        assert model.from_dict({"name": "a", "id": "1"}).to_dict() == {"name": "a", "id": "1"}
        assert model.from_dict({"name": "a", "password": "x"}).to_dict()["password"] == "x"
        with pytest.raises(package.ValidationError, match="name"):
            model.from_dict({"id": "1", "password": "x"})
    assert package.Admin.from_dict({"name": "a", "level": 2}).password is package.UNSET


def test_pattern_properties_are_kept_whatever_additional_properties_says(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    """`additionalProperties` covers only the names no `patternProperties` pattern matches."""
    package = generate_package(
        """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            Closed:
              type: object
              properties: {name: {type: string}}
              patternProperties: {"^x-": {type: integer}}
              additionalProperties: false
            Typed:
              type: object
              properties: {name: {type: string}}
              patternProperties: {"^x-": {type: integer}}
              additionalProperties: {type: string}
            Map:
              type: object
              patternProperties: {"^x-": {type: integer}}
              additionalProperties: {type: string}
            Page:
              type: object
              properties: {map: {$ref: '#/components/schemas/Map'}}
        """,
        "patterned",
    )
    data = {"name": "a", "x-count": 1}
    assert package.Closed.from_dict(data).to_dict() == data
    assert package.Typed.from_dict(data).to_dict() == data
    page = {"map": {"x-count": 1, "other": "b"}}
    assert package.Page.from_dict(page).to_dict() == page


def test_enum_values_python_holds_equal_stay_apart(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    """`True == 1` and `1 == 1.0` in Python: one enum member would take both and write one back."""
    package = generate_package(
        """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            Flag:
              enum: [0, 1, true, false, "1"]
            Page:
              type: object
              properties:
                flag: {$ref: '#/components/schemas/Flag'}
                inline: {enum: [1, true, null]}
                ratio: {type: number, enum: [0.5, 1, 2]}
        """,
        "equal_values",
    )
    for data in (
        {"flag": True, "inline": True, "ratio": 1},
        {"flag": 1, "inline": 1, "ratio": 0.5},
        {"flag": False, "inline": None, "ratio": 2},
        {"flag": "1"},
    ):
        written = package.Page.from_dict(data).to_dict()
        assert json.dumps(written) == json.dumps(data)
    with pytest.raises(package.ValidationError):
        package.Page.from_dict({"flag": 2})


def test_an_open_enum_of_numbers_of_no_one_python_type_takes_unknown_numbers_only(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    """`[0.5, 1]` has no Python base type (a float one would write 1 back as 1.0); an unknown
    value must still be a number, as `[1, "a"]` takes numbers and strings."""
    package = generate_package(
        """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            Page:
              type: object
              properties:
                ratio: {type: number, enum: [0.5, 1]}
                mixed: {enum: [1, "a"]}
                flag_or_five: {enum: [true, 5]}
                fraction: {type: number, enum: [0.5, 1.5]}
                whole: {type: integer, enum: [1, 2]}
                flag: {type: boolean, enum: [true, false]}
        """,
        "number_enums",
    )
    kept = [
        {"ratio": 2.5, "mixed": 3, "flag_or_five": 1, "fraction": 7, "whole": 3.0},
        {"ratio": 7, "mixed": "b", "flag_or_five": 1.5, "fraction": 2.5, "whole": 3},
        {"ratio": 1, "flag_or_five": True, "fraction": 0.5, "whole": 1, "flag": False},
    ]
    for data in kept:
        assert json.dumps(package.Page.from_dict(data).to_dict()) == json.dumps(data)
    rejected = [{"ratio": "2.5"}, {"ratio": True}, {"mixed": False}, {"mixed": None}]
    rejected += [{"flag_or_five": "x"}, {"fraction": True}, {"whole": 3.5}, {"whole": "3"}]
    rejected += [{"flag": "x"}, {"flag": 1}, {"flag": 3}]
    for data in rejected:
        with pytest.raises(package.ValidationError):
            package.Page.from_dict(data)


def test_a_ref_may_name_an_anchor(
    write_spec: Callable[..., Path], generate_package: Callable[[str, str], ModuleType]
) -> None:
    """OpenAPI 3.1 schemas are JSON Schema 2020-12: `$ref: '#name'` finds the `$anchor: name`."""
    write_spec("Tag: {$anchor: tag, type: object, properties: {label: {type: string}}}\n", "t.yaml")
    package = generate_package(
        """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            Owner:
              $anchor: owner
              type: object
              properties: {name: {type: string}}
            Pet:
              type: object
              properties:
                owner: {$ref: '#owner'}
                tags: {type: array, items: {$ref: 't.yaml#tag'}}
        """,
        "anchors",
    )
    pet = package.Pet.from_dict({"owner": {"name": "a"}, "tags": [{"label": "b"}]})
    assert isinstance(pet.owner, package.Owner)
    assert type(pet.tags[0]).__name__ == "Tag"


def test_a_ref_to_an_anchor_no_schema_declares_is_reported(write_spec: Callable[..., Path]) -> None:
    from support import run_generator

    spec = write_spec(
        """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            Pet:
              type: object
              properties:
                owner: {$ref: '#owner'}
        """
    )
    result = run_generator("generate", str(spec), "--out", "out", "--package", "p", cwd=Path.cwd())
    assert result.returncode == 2, result.stderr
    assert "spec.yaml:10:23 at #/components/schemas/Pet/properties/owner/$ref:" in result.stderr
    assert "names an anchor that no schema of spec.yaml declares" in result.stderr


def test_a_number_without_a_fraction_is_an_integer(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    """JSON Schema (and so OpenAPI 3.1) counts `10.0` an integer: read as an `int`."""
    package = generate_package(
        """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            Page:
              type: object
              properties:
                size: {type: integer, format: int32, minimum: 1}
                counts: {type: array, items: {type: integer}}
                byName: {type: object, additionalProperties: {type: integer}}
        """,
        "integral",
    )
    data = {"size": 10.0, "counts": [1, 2.0], "byName": {"a": 3.0}}
    page = package.Page.from_dict(data)
    assert (page.size, page.counts, page.by_name) == (10, [1, 2], {"a": 3})
    assert {type(page.size), *map(type, page.counts), *map(type, page.by_name.values())} == {int}
    assert page.to_dict() == data  # the same JSON numbers
    for wrong in ({"size": 1.5}, {"size": 0.0}, {"size": 2.0**31}, {"counts": [True]}):
        with pytest.raises(package.ValidationError):
            package.Page.from_dict(wrong)


def test_an_all_of_without_an_object_part_is_the_type_of_its_typed_part(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    """`allOf: [{$ref: Id}, {description: ...}]` is an `Id`, not a model that wants an object."""
    package = generate_package(
        """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            Id: {type: string, format: uuid}
            Colour: {type: string, enum: [red, green]}
            OwnerId:
              allOf: [{$ref: '#/components/schemas/Id'}, {description: The owner.}]
            Name:
              allOf: [{type: string}, {minLength: 1}]
            Pet:
              type: object
              properties:
                owner: {$ref: '#/components/schemas/OwnerId'}
                name: {$ref: '#/components/schemas/Name'}
                colour:
                  allOf: [{$ref: '#/components/schemas/Colour'}, {description: Its colour.}]
                tags:
                  allOf: [{type: array, items: {type: string}}, {maxItems: 3}]
        """,
        "scalar_all_of",
    )
    data = {
        "owner": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "name": "Rex",
        "colour": "red",
        "tags": ["a"],
    }
    pet = package.Pet.from_dict(data)
    assert pet.to_dict() == data
    assert pet.colour is package.Colour.RED
    owner_id = importlib.import_module(f"{package.__name__}.owner_id")
    assert owner_id.adapter.from_data(data["owner"]) == data["owner"]  # a type, not a model


def test_an_all_of_whose_parts_have_no_type_admits_any_value(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    """`allOf: [{}, {example: ...}, {description: ...}]` constrains nothing (Box's metadata
    values): any JSON value, not a model that wants an object."""
    package = generate_package(
        """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            Anything:
              allOf: [{}, {description: Whatever the template holds.}]
            Metadata:
              type: object
              properties:
                owner: {type: string}
              additionalProperties:
                allOf: [{}, {example: Aaron Levie}, {description: A field's value.}]
        """,
        "untyped_all_of",
    )
    data = {"owner": "Aaron", "name": "Aaron Levie", "tags": ["a", 1], "size": {"w": 2}}
    assert package.Metadata.from_dict(data).to_dict() == data
    anything = importlib.import_module(f"{package.__name__}.anything")
    for value in ("text", 3, None, [1], {"a": {"b": 2}}):
        assert anything.adapter.to_data(anything.adapter.from_data(value)) == value
    assert not hasattr(package, "MetadataValue")  # no model for the values


def test_a_percent_encoded_ref_names_the_same_schema(build_ir: Callable[..., ir.Api]) -> None:
    """`#/components/schemas/Foo%20Bar` is `Foo Bar` itself, not a second class `Foo20Bar`."""
    api = build_ir(
        """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            Foo Bar:
              type: object
              properties: {v: {type: integer}}
            Café:
              type: object
              properties: {w: {type: integer}}
            Owner:
              type: object
              properties:
                spaced: {$ref: '#/components/schemas/Foo%20Bar'}
                plain: {$ref: '#/components/schemas/Foo Bar'}
                accented: {$ref: '#/components/schemas/Caf%C3%A9'}
        """
    )
    assert sorted(model.name for model in api.models) == ["Cafe", "FooBar", "Owner"]


def test_a_named_model_whose_type_lists_other_types_is_one_of_them_where_it_is_used(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    """`type: [object, string]` with `properties`: the class is the object; a `$ref` to it takes
    the string too (as an inline schema of that shape already did)."""
    package = generate_package(
        """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            Label:
              type: [object, string, "null"]
              properties: {text: {type: string}}
              maxLength: 3
            Holder:
              type: object
              properties:
                label: {$ref: '#/components/schemas/Label'}
                labels: {type: array, items: {$ref: '#/components/schemas/Label'}}
        """,
        "either",
    )
    data = {"label": "abc", "labels": [{"text": "t"}, "de", None]}
    holder = package.Holder.from_dict(data)
    assert holder.label == "abc"
    assert type(holder.labels[0]).__name__ == "Label"
    assert holder.to_dict() == data
    with pytest.raises(package.ValidationError, match="at most 3 characters"):
        package.Holder.from_dict({"label": "abcd"})
    hints = typing.get_type_hints(package.Holder)
    assert hints["label"] == package.Label | str | None | package._runtime.Unset


def test_properties_beside_a_type_that_rules_objects_out_make_no_model(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    """`type: array` (or `string`) with `properties`: JSON Schema applies `properties` to objects
    only, so the instances are arrays (strings) and no class is made for them."""
    package = generate_package(
        """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            Batch:
              type: array
              items: {}
              properties: {id: {type: string}}
            Code:
              type: string
              properties: {id: {type: string}}
            Holder:
              type: object
              properties:
                batch: {$ref: '#/components/schemas/Batch'}
                code: {$ref: '#/components/schemas/Code'}
        """,
        "inert_properties",
    )
    data = {"batch": [{"id": "a"}, 3], "code": "x"}
    assert package.Holder.from_dict(data).to_dict() == data
    for wrong in ({"batch": {"id": "a"}}, {"code": {"id": "a"}}):
        with pytest.raises(package.ValidationError):
            package.Holder.from_dict(wrong)
    hints = typing.get_type_hints(package.Holder)
    assert hints["batch"] == list[typing.Any] | package._runtime.Unset
    assert hints["code"] == str | package._runtime.Unset


def test_a_model_that_requires_itself_has_no_code_sample(
    generate_package: Callable[[str, str], ModuleType], tmp_path: Path
) -> None:
    """A required property that leads back to its own model (`parent` of a tree node, or A
    requiring B requiring A) allows no finite value: the docs' sample, which fills required
    properties with placeholders, recursed until Python's limit, and the generator stopped with
    "nested too deeply". Such a model has its page without a code sample; a required cycle with
    a way out (a nullable link, an optional one, a union with another option) keeps its sample."""
    package = generate_package(
        """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            TreeNode:
              type: object
              required: [id, parent]
              properties:
                id: {type: string}
                parent: {$ref: '#/components/schemas/TreeNode'}
            A:
              type: object
              required: [b]
              properties: {b: {$ref: '#/components/schemas/B'}}
            B:
              type: object
              required: [a]
              properties: {a: {$ref: '#/components/schemas/A'}}
            Way:
              type: object
              required: [next, other]
              properties:
                next:
                  oneOf: [{$ref: '#/components/schemas/Way'}, {type: string}]
                other: {$ref: '#/components/schemas/Out'}
            Out:
              type: object
              required: [back]
              properties:
                back: {$ref: '#/components/schemas/Way', nullable: true}
        """,
        "cycles",
    )
    docs = tmp_path / "out" / "docs"
    for name in ("TreeNode", "A", "B"):
        assert "## Code Sample" not in (docs / f"{name}.md").read_text(encoding="utf-8")
    assert set(typing.get_type_hints(package.TreeNode)) >= {"id", "parent"}
    way = (docs / "Way.md").read_text(encoding="utf-8")
    assert 'next=Way(next="string", other=Out(back=None))' in " ".join(way.split()).replace(
        "( ", "("
    ).replace(", )", ")")


def test_an_operation_under_a_very_long_path_gives_file_names_the_file_system_takes(
    generate_package: Callable[[str, str], ModuleType], tmp_path: Path
) -> None:
    """Inline schemas are named after their path; a 400-character path (Microsoft Graph has
    them) made module and docs names longer than the 255 bytes a file name may have."""
    path = "/tenants/{tenantId}" + "/accessPackageResourceEnvironments/{environmentId}" * 8
    spec = f"""\
openapi: 3.0.3
info: {{title: t, version: "1"}}
paths:
  {path}:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  state: {{type: string, enum: [on, off]}}
"""
    package = generate_package(spec, "longpaths")

    names = [file.name for file in (tmp_path / "out").rglob("*")]
    assert max(len(name.encode()) for name in names) <= 255
    response = next(
        getattr(package, name) for name in package.__all__ if name.endswith("Response200")
    )
    assert response.from_dict({"state": "on"}).to_dict() == {"state": "on"}


DEFAULTS = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Tag:
      type: object
      properties: {name: {type: string}}
    Job:
      type: object
      properties:
        tags:
          type: array
          items: {$ref: "#/components/schemas/Tag"}
          default: []
        states:
          type: array
          items: {type: string, enum: [queued, running]}
          default: [queued]
        labels:
          type: object
          additionalProperties: {type: string}
          default: {team: core}
        expires_at:
          anyOf:
            - {type: string, format: date-time}
            - {const: never}
            - {type: "null"}
          default: never
        owner:
          $ref: "#/components/schemas/Tag"
          default: {name: root}
"""


def test_defaults_of_lists_maps_and_unions_are_the_classes_defaults(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    """`default: []` on a list of models, a list of enum values, a map of strings and a union's
    constant were ignored with a warning that they did not fit."""
    package = generate_package(DEFAULTS, "defaults")

    job = package.Job.from_dict({})

    assert job.tags == []
    assert [state.value for state in job.states] == ["queued"]
    assert job.labels == {"team": "core"}
    assert job.expires_at == "never"
    assert job.to_dict() == {}  # defaults taken in, absent properties stay absent
    assert package.Job().to_dict() == {
        "tags": [],
        "states": ["queued"],
        "labels": {"team": "core"},
        "expires_at": "never",
    }


def test_a_default_the_classes_cannot_take_is_said_to_be_left_out_not_to_be_wrong(
    write_spec: Callable[..., Path],
) -> None:
    from openapi_dataclasses.pipeline import Options, generate

    output = generate(Options(spec=write_spec(DEFAULTS), package="defaults", jobs=1))

    assert [finding.describe() for finding in output.diagnostics] == [
        "spec.yaml:32:20 at #/components/schemas/Job/properties/owner/default: default not "
        "applied: a default for a model, a date or a union is not written into the generated "
        "class yet"
    ]


POLYMORPHIC = """\
openapi: 3.0.3
info: {title: pets, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [petType]
      properties:
        petType: {type: string}
      discriminator:
        propertyName: petType
        mapping: {dog: "#/components/schemas/Dog"}
    Dog:
      allOf:
        - $ref: "#/components/schemas/Pet"
        - {type: object, properties: {bark: {type: boolean}}}
    Cat:
      allOf:
        - $ref: "#/components/schemas/Pet"
        - {type: object, properties: {lives: {type: integer}}}
    Puppy:
      allOf:
        - $ref: "#/components/schemas/Dog"
        - {type: object, properties: {age: {type: integer}}}
    Owner:
      type: object
      properties:
        pets: {type: array, items: {$ref: "#/components/schemas/Pet"}}
"""


def test_a_base_models_discriminator_builds_the_subclass_its_tag_names(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    """By the mapping, or by a subclass's own name; a tag it lacks (or a tag naming a model that
    does not extend the class asked for) leaves the class asked for."""
    pets = generate_package(POLYMORPHIC, "pets")
    payload = {
        "pets": [
            {"petType": "dog", "bark": True},
            {"petType": "Cat", "lives": 9},
            {"petType": "Puppy", "age": 1},
            {"petType": "Parrot"},
        ]
    }

    owner = pets.Owner.from_dict(payload)

    assert [type(pet) for pet in owner.pets] == [pets.Dog, pets.Cat, pets.Puppy, pets.Pet]
    assert owner.pets[0].bark is True
    assert owner.to_dict() == payload
    assert type(pets.Dog.from_dict({"petType": "Puppy"})) is pets.Puppy
    assert type(pets.Dog.from_dict({"petType": "Cat"})) is pets.Dog


DEFAULTS_READ_AS_JSON_IS = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Colour: {type: string, enum: [red, green]}
    Thing:
      type: object
      properties:
        times:
          type: array
          items: {type: string, format: date-time}
          default: ["2020-01-01T00:00:00Z"]
        since:
          anyOf: [{type: string, format: date-time}, {type: string}]
          default: "2020-01-01T00:00:00Z"
        colour:
          oneOf: [{$ref: "#/components/schemas/Colour"}, {type: string}]
          default: red
        grid:
          type: array
          items: {type: array, items: {type: integer}}
          default: [[1, 2]]
"""


def test_a_default_is_the_value_reading_it_from_json_gives_or_none(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    """A list of dates or a union whose date option comes first would read the default as
    dates; written as text, `to_dict` failed on it or gave an instance unlike the read one."""
    package = generate_package(DEFAULTS_READ_AS_JSON_IS, "readdefaults")

    thing = package.Thing()

    assert thing == package.Thing.from_dict(thing.to_dict())
    assert isinstance(thing.colour, package.Colour)
    assert thing.grid == [[1, 2]]
    assert thing.to_dict() == {"colour": "red", "grid": [[1, 2]]}


CLIMBING_ENTRY = """\
openapi: 3.0.3
info: {title: climb, version: "1"}
paths: {}
components:
  schemas:
    Money: {$ref: '../../../common/Money.yaml'}
    Pet: {$ref: '../../../common/Pet.yaml'}
    Cat:
      type: object
      required: [kind]
      properties: {kind: {type: string}, purrs: {type: boolean}}
"""
# In a sibling folder, a discriminator's bare name: a schema of the entry's `components`.
CLIMBED_PET = """\
oneOf: [{$ref: '../a/b/c/openapi.yaml#/components/schemas/Cat'}]
discriminator: {propertyName: kind, mapping: {cat: Cat}}
"""


@pytest.mark.parametrize("working_folder", ["/", "deep"])
def test_refs_may_climb_above_a_working_folder_less_deep_than_they_climb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, working_folder: str
) -> None:
    entry = tmp_path / "spec" / "a" / "b" / "c" / "openapi.yaml"
    entry.parent.mkdir(parents=True)
    entry.write_text(CLIMBING_ENTRY, encoding="utf-8")
    common = tmp_path / "spec" / "common"
    common.mkdir()
    (common / "Money.yaml").write_text(
        "type: object\nproperties: {amount: {type: string}}\n", encoding="utf-8"
    )
    (common / "Pet.yaml").write_text(CLIMBED_PET, encoding="utf-8")
    # From `/` the names climb above the working folder; from a folder beside the entry's,
    # they do not (the entry is outside it either way, so names start from the entry's folder).
    elsewhere = tmp_path / "elsewhere" / "x" / "y" / "z" / "w"
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir("/" if working_folder == "/" else elsewhere)

    spec = load_spec(entry, elsewhere)
    api = build_api(check_spec(spec).spec, "pkg").api

    assert spec.root == "openapi.yaml"
    assert sorted(spec.documents) == [
        "../../../common/Money.yaml",
        "../../../common/Pet.yaml",
        "openapi.yaml",
    ]
    assert {model.name for model in api.models} == {"Money", "Cat"}
    assert validate_spec(spec, entry) == []  # the files outside the entry's folder are read too
