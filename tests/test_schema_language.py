"""The rest of the schema language, end to end: a description using each feature is generated,
imported and exercised (OpenAPI 3.1 here; 3.0 spellings are covered by the corpus and goldens)."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

SPEC = """\
openapi: 3.1.0
info: {title: features, version: "1"}
paths:
  /pets/{petId}:
    parameters:
      - {name: petId, in: path, required: true, schema: {type: string}}
    get:
      operationId: getPet
      parameters:
        - {name: view, in: query, schema: {type: string, enum: [full, brief]}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  pet: {$ref: "#/components/schemas/Dog"}
    post:
      operationId: createPet
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
      responses:
        "201": {description: created}
components:
  schemas:
    Pet:
      type: object
      required: [name, petType]
      properties:
        name: {type: string}
        petType: {type: string}
    Dog:
      allOf:
        - $ref: "#/components/schemas/Pet"
        - type: object
          properties:
            bark: {type: boolean}
    Cat:
      allOf:
        - $ref: "#/components/schemas/Pet"
        - type: object
          properties:
            lives: {type: integer, minimum: 0, maximum: 9}
    AnyPet:
      oneOf:
        - $ref: "#/components/schemas/Dog"
        - $ref: "#/components/schemas/Cat"
      discriminator:
        propertyName: petType
        mapping:
          dog: "#/components/schemas/Dog"
          cat: "#/components/schemas/Cat"
    IdOrName:
      anyOf:
        - {type: integer}
        - {type: string}
    Tree:
      type: object
      properties:
        children: {type: array, items: {$ref: "#/components/schemas/Tree"}}
        owner: {$ref: "#/components/schemas/Owner"}
    Owner:
      type: object
      properties:
        trees: {type: array, items: {$ref: "#/components/schemas/Tree"}}
    Mixed:
      type: object
      properties:
        maybe: {type: [string, "null"]}
        level: {type: integer, enum: [1, 2, 3]}
        choice: {enum: [a, 1, null]}
        kind: {const: mixed}
        tags: {type: array, items: {type: string}, uniqueItems: true}
        secret: {type: string, writeOnly: true}
        id: {type: string, readOnly: true, format: uuid}
        described: {$ref: "#/components/schemas/Pet", description: "A pet, described here."}
        colour:
          type: string
          enum: [r, g]
          x-enum-varnames: [RED, GREEN]
          x-enum-descriptions: [The red one., The green one.]
    Old:
      type: object
      deprecated: true
      properties:
        x: {type: string}
"""


@pytest.fixture
def features(generate_package: Callable[[str, str], ModuleType]) -> ModuleType:
    return generate_package(SPEC, "features")


def test_allof_with_one_parent_is_a_subclass(features: ModuleType) -> None:
    dog = features.Dog.from_dict({"name": "Rex", "petType": "dog", "bark": True})
    assert isinstance(dog, features.Pet)
    assert (dog.name, dog.bark) == ("Rex", True)
    with pytest.raises(features.ValidationError) as error:
        features.Dog.from_dict({"petType": "dog"})
    assert error.value.path == "name"


def test_discriminator_picks_the_class_by_its_mapping(features: ModuleType) -> None:
    from features.any_pet import adapter

    cat = adapter.from_data({"name": "Tom", "petType": "cat", "lives": 9})
    dog = adapter.from_data({"name": "Rex", "petType": "dog"})
    assert (type(cat), type(dog)) == (features.Cat, features.Dog)
    assert adapter.to_data(cat) == {"name": "Tom", "petType": "cat", "lives": 9}
    with pytest.raises(features.ValidationError) as error:
        adapter.from_data({"name": "Tom", "petType": "cat", "lives": 10})
    assert error.value.path == "lives"


def test_anyof_takes_the_first_option_that_fits(features: ModuleType) -> None:
    from features.id_or_name import adapter

    assert adapter.from_data(7) == 7
    assert adapter.from_data("seven") == "seven"
    with pytest.raises(features.ValidationError):
        adapter.from_data(7.5)


def test_recursive_and_mutually_recursive_schemas(features: ModuleType) -> None:
    payload = {"children": [{"children": []}], "owner": {"trees": [{"children": []}]}}
    tree = features.Tree.from_dict(payload)
    assert isinstance(tree.children[0], features.Tree)
    assert isinstance(tree.owner.trees[0], features.Tree)
    assert tree.to_dict() == payload


def test_type_lists_enums_of_any_type_and_const(features: ModuleType) -> None:
    payload = {"maybe": None, "level": 2, "choice": None, "kind": "mixed", "tags": ["a", "b"]}
    mixed = features.Mixed.from_dict(payload)
    assert mixed.to_dict() == payload
    assert features.Mixed.from_dict({"choice": 1}).choice.value == 1
    newer = features.Mixed.from_dict({"level": 4})  # an enum value from a newer server
    assert newer.level.value == 4 and not features.is_known(newer.level)
    assert newer.to_dict() == {"level": 4}
    for bad, path in [
        ({"kind": "other"}, "kind"),
        ({"level": "4"}, "level"),
        ({"tags": ["a", "a"]}, "tags[1]"),
    ]:
        with pytest.raises(features.ValidationError) as error:
            features.Mixed.from_dict(bad)
        assert error.value.path == path


def test_enum_varnames_and_descriptions(features: ModuleType) -> None:
    assert features.MixedColourEnum.RED.value == "r"
    assert features.MixedColourEnum.GREEN == "g"


def test_ref_siblings_describe_the_property(tmp_path: Path, features: ModuleType) -> None:
    docs = (tmp_path / "out" / "docs" / "Mixed.md").read_text(encoding="utf-8")
    assert "**described** | [**Pet**](Pet.md) | A pet, described here." in docs
    assert "[readonly]" in docs and "[writeonly]" in docs


def test_deprecated_models_warn_and_say_so(tmp_path: Path, features: ModuleType) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        features.Old(x="y")
    assert any(issubclass(item.category, DeprecationWarning) for item in caught)
    assert "**Deprecated.**" in (tmp_path / "out" / "docs" / "Old.md").read_text(encoding="utf-8")


def test_inline_schemas_of_operations_become_named_types(features: ModuleType) -> None:
    assert (
        features.GetPetResponse200.from_dict({"pet": {"name": "Rex", "petType": "dog"}}).pet.name
        == "Rex"
    )
    assert features.CreatePetRequest(name="Rex").to_dict() == {"name": "Rex"}
    assert features.GetPetViewEnum.BRIEF == "brief"
