"""OpenAPI 3.2: validated by its own rules, and the schemas of what it adds become types.

3.2 adds the `query` method, `additionalOperations` (any other method), a media type's
`itemSchema` (each item of a stream), reusable media types (`components.mediaTypes`) and the
`querystring` parameter; its schemas are 3.1's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from openapi_dataclasses.loading import load_spec
from openapi_dataclasses.pipeline import Options, generate
from openapi_dataclasses.validation import validate_spec

SPEC = """\
openapi: 3.2.0
info: {title: streams, version: "1"}
tags:
  - {name: pets, summary: Pets, kind: nav}
  - {name: cats, parent: pets}
paths:
  /pets:
    query:
      operationId: searchPets
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                name: {type: string}
      responses:
        "200":
          description: the pets found, one JSON object a line
          content:
            application/jsonl:
              itemSchema:
                type: object
                required: [id]
                properties:
                  id: {type: integer}
    additionalOperations:
      COPY:
        operationId: copyPets
        parameters:
          - name: filter
            in: querystring
            content:
              application/x-www-form-urlencoded:
                schema:
                  type: object
                  properties:
                    species: {type: string, enum: [cat, dog]}
        responses:
          "204": {description: copied}
  /events:
    get:
      responses:
        "200":
          description: the events
          content:
            text/event-stream:
              $ref: "#/components/mediaTypes/EventStream"
components:
  mediaTypes:
    EventStream:
      itemSchema:
        type: object
        properties:
          event: {type: string}
          data: {type: string}
"""


def test_a_description_using_what_32_adds_is_valid_and_each_of_its_schemas_is_a_type(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    streams = generate_package(SPEC, "streams")

    found = streams.SearchPetsResponse200Item.from_dict({"id": 7})
    assert found.id == 7
    assert found.to_dict() == {"id": 7}
    assert streams.SearchPetsRequest.from_dict({"name": "Rex"}).to_dict() == {"name": "Rex"}
    species_filter = streams.CopyPetsFilter.from_dict({"species": "cat"})
    assert species_filter.species.name == "CAT"
    event = {"event": "created", "data": "{}"}
    assert streams.GetEventsResponse200Item.from_dict(event).to_dict() == event


def test_a_32_description_has_no_findings_and_the_same_text_as_31_has_some(
    tmp_path: Path,
) -> None:
    """The version picks the rules: `in: querystring` and `itemSchema` are not 3.1."""
    as_32 = tmp_path / "as32.yaml"
    as_32.write_text(SPEC, encoding="utf-8")
    as_31 = tmp_path / "as31.yaml"
    as_31.write_text(SPEC.replace("openapi: 3.2.0", "openapi: 3.1.0"), encoding="utf-8")

    assert validate_spec(load_spec(as_32), as_32) == []
    assert validate_spec(load_spec(as_31), as_31) != []


def test_a_32_description_generates_without_warnings(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")

    output = generate(Options(spec=spec, package="streams", cache=False, jobs=1))

    assert [finding.describe() for finding in output.diagnostics] == []
    assert "docs/SearchPetsResponse200Item.md" in output.files


DEFAULT_MAPPING = """\
openapi: 3.2.0
info: {title: pets, version: "1"}
paths: {}
components:
  schemas:
    Owner:
      type: object
      properties:
        pet:
          oneOf:
            - $ref: "#/components/schemas/Cat"
            - $ref: "#/components/schemas/Other"
          discriminator:
            propertyName: kind
            mapping: {cat: Cat}
            defaultMapping: Other
    Cat:
      type: object
      required: [lives]
      properties:
        kind: {type: string}
        lives: {type: integer}
    Other:
      type: object
      properties:
        kind: {type: string}
"""


def test_a_tag_the_mapping_lacks_or_no_tag_picks_the_default_mapping(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    pets = generate_package(DEFAULT_MAPPING, "pets")

    def pet(value: dict[str, object]) -> object:
        return pets.Owner.from_dict({"pet": value}).pet

    assert type(pet({"kind": "cat", "lives": 9})) is pets.Cat
    assert type(pet({"kind": "dog"})) is pets.Other
    assert type(pet({"lives": 9})) is pets.Other  # Cat would fit it too, without its tag
    assert pets.Owner.from_dict({"pet": {"kind": "dog"}}).to_dict() == {"pet": {"kind": "dog"}}
