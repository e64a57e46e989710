"""The Prism harness's values (`tests/prism_samples.py`), on schemas written here."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from prism_samples import At, Judge, NoValueError, Sampler, string_matching

from openapi_dataclasses.loading import load_spec


@pytest.mark.parametrize(
    ("pattern", "min_length", "max_length"),
    [
        (r"^[A-Z]{3}$", 0, None),
        (r"^\d{4}-\d{2}-\d{2}$", 0, None),
        (r"^(?:[a-z]{2,3}|X)\d+$", 6, 8),
        (r"[a-z]+", 10, 10),
        (r"^[^/]+$", 5, 12),
        (r"^(?=.*[A-Z])(?=.*\d).{8,}$", 0, None),
        (r"^\S+@\S+\.\S+$", 0, 64),
        (r"^(?<code>[A-F0-9]{2})-\k<code>$", 0, None),  # rejected: \k is ECMAScript only
        (r"^(a|b)\1$", 0, None),
        (r"^[\w.-]+$", 3, None),
    ],
)
def test_string_matching_finds_a_string_in_the_bounds(
    pattern: str, min_length: int, max_length: int | None
) -> None:
    text = string_matching(pattern, min_length, max_length)
    if r"\k" in pattern:
        assert text is None  # Python cannot read it: the caller falls back
        return
    assert text is not None
    assert re.search(pattern.replace("(?<", "(?P<"), text)
    assert len(text) >= min_length
    assert max_length is None or len(text) <= max_length


def test_string_matching_gives_up_when_the_bounds_exclude_every_match() -> None:
    assert string_matching(r"^[A-Z]{3}$", 4) is None
    assert string_matching(r"^\d{4}$", 0, 3) is None
    assert string_matching(r"[", 0) is None  # not a pattern


SPEC = """\
openapi: {version}
info: {{title: T, version: '1'}}
paths: {{}}
components:
  schemas:
{schemas}
"""


@pytest.fixture
def sampler(tmp_path: Path) -> Callable[..., tuple[Sampler, Callable[[str], At]]]:
    def make(schemas: str, version: str = "3.1.0") -> tuple[Sampler, Callable[[str], At]]:
        path = tmp_path / "spec.yaml"
        body = textwrap.indent(textwrap.dedent(schemas), "    ")
        path.write_text(SPEC.format(version=version, schemas=body), encoding="utf-8")
        spec = load_spec(path)

        def at(name: str) -> At:
            pointer = f"/components/schemas/{name}"
            return At(spec.root, pointer, spec.node_at(spec.root, pointer))

        return Sampler(spec, Judge(spec)), at

    return make


def made(sampler: Sampler, at: At) -> Any:
    value = sampler.value(at)
    assert sampler.judge.errors(at, value) == [], value
    return value


def test_the_judge_reads_a_request_without_read_only_properties(sampler: Any) -> None:
    samples, at = sampler("""\
        Pet:
          type: object
          additionalProperties: false
          required: [id, name, secret]
          properties:
            id: {$ref: '#/components/schemas/Id'}
            name: {type: string}
            secret: {type: string, writeOnly: true}
        Id: {type: integer, readOnly: true}
    """)
    judge = samples.judge
    assert judge.errors(at("Pet"), {"name": "a", "secret": "s"}, "request") == []
    assert judge.errors(at("Pet"), {"id": 1, "name": "a"}, "response") == []
    assert judge.errors(at("Pet"), {"id": 1, "name": "a", "secret": "s"}, "request") == [
        "(root): Additional properties are not allowed ('id' was unexpected)"
    ]


def test_an_example_the_schema_accepts_comes_first(sampler: Any) -> None:
    samples, at = sampler("""\
        Code: {type: string, pattern: '^[A-Z]{3}$', examples: [abc, XYZ]}
        Count: {type: integer, minimum: 5, example: 2, default: 7}
    """)
    assert made(samples, at("Code")) == "XYZ"  # `abc` breaks the pattern
    assert made(samples, at("Count")) == 7


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ("{type: integer, minimum: 10, multipleOf: 4}", 12),
        ("{type: integer, exclusiveMinimum: 10}", 11),
        ("{type: number, exclusiveMaximum: 0}", -0.5),
        ("{type: integer, maximum: -3}", -3),
        ("{type: string, format: date-time}", "2024-01-02T03:04:05Z"),
        ("{type: string, format: uuid}", "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        ("{type: string, minLength: 8, maxLength: 8}", "stringxx"),
        ("{type: string, enum: [b, a]}", "b"),
        ("{const: 3}", 3),
        ("{type: [string, 'null'], format: email}", "user@example.com"),
    ],
)
def test_made_scalars_fit_their_bounds(sampler: Any, schema: str, expected: Any) -> None:
    samples, at = sampler(f"X: {schema}\n")
    assert made(samples, at("X")) == expected


def test_openapi_30_exclusive_bounds_are_flags(sampler: Any) -> None:
    samples, at = sampler(
        "X: {type: integer, minimum: 1, exclusiveMinimum: true, maximum: 3}\n", "3.0.3"
    )
    assert made(samples, at("X")) == 2


def test_objects_get_their_required_properties_but_not_read_only_ones(sampler: Any) -> None:
    samples, at = sampler("""\
        Pet:
          type: object
          required: [id, name, tags]
          properties:
            id: {type: integer, readOnly: true}
            name: {type: string, minLength: 2}
            tags: {type: array, minItems: 2, uniqueItems: true, items: {type: string}}
            age: {type: integer}
    """)
    value = samples.value(at("Pet"))
    assert value == {"name": "string", "tags": ["string", "string1"]}


def test_a_discriminator_tag_names_the_option_made(sampler: Any) -> None:
    samples, at = sampler("""\
        Pet:
          oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
          discriminator:
            propertyName: kind
            mapping: {dog: '#/components/schemas/Dog', cat: '#/components/schemas/Cat'}
        Cat:
          type: object
          required: [kind, lives]
          properties: {kind: {type: string}, lives: {type: integer, minimum: 1}}
        Dog:
          type: object
          required: [kind, barks]
          properties: {kind: {type: string}, barks: {type: boolean}}
    """)
    assert made(samples, at("Pet")) == {"kind": "cat", "lives": 1}


def test_a_discriminator_tag_that_names_no_schema_leaves_the_choice_to_the_options(
    sampler: Any,
) -> None:
    # Spotify's: `type: track` names no `track` schema (no mapping); the options decide, as
    # OpenAPI 3.0.4 reads a discriminator (a hint), and as Prism and the client do.
    samples, at = sampler(
        """\
        Playing:
          oneOf: [{$ref: '#/components/schemas/Track'}, {$ref: '#/components/schemas/Episode'}]
          discriminator: {propertyName: type}
        Track:
          type: object
          properties: {type: {type: string, enum: [track]}, name: {type: string}}
        Episode:
          type: object
          required: [type, show]
          properties: {type: {type: string, enum: [episode]}, show: {type: string}}
    """,
        version="3.0.3",
    )
    judge = samples.judge
    assert judge.errors(at("Playing"), {"type": "track", "name": "a"}, "response") == []
    assert judge.errors(at("Playing"), {"type": "episode", "show": "s"}, "response") == []
    # a tag that names a schema is still held to it; no option that fits is still wrong
    assert judge.errors(at("Playing"), {"type": "Episode", "show": "s"}, "response") == [
        "type: 'Episode' is not one of ['episode']"
    ]
    [wrong] = judge.errors(at("Playing"), {"type": "track", "name": 1}, "response") or []
    assert wrong.startswith("(root): no oneOf option fits")


def test_a_one_of_takes_the_first_option_that_fits_alone(sampler: Any) -> None:
    samples, at = sampler("""\
        Either:
          oneOf:
            - {type: integer, maximum: 50}
            - {type: integer, minimum: 1, example: 100}
    """)
    # 1, made for the first option, fits both, which `oneOf` forbids; 100 fits the second only.
    assert made(samples, at("Either")) == 100


def test_all_of_parts_are_merged(sampler: Any) -> None:
    samples, at = sampler("""\
        Base:
          type: object
          required: [id]
          properties: {id: {type: string, format: uuid}}
        Named:
          allOf:
            - $ref: '#/components/schemas/Base'
            - type: object
              required: [name]
              properties: {name: {type: string, pattern: '^N'}}
    """)
    assert made(samples, at("Named")) == {
        "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "name": "N",
    }


def test_a_schema_nothing_fits_says_so(sampler: Any) -> None:
    samples, at = sampler("X: {type: string, minLength: 5, maxLength: 2}\n")
    with pytest.raises(NoValueError, match="/components/schemas/X"):
        samples.value(at("X"))


def test_a_required_name_beside_all_of_is_made_from_the_part_that_lists_it(sampler: Any) -> None:
    samples, at = sampler("""\
        Copy:
          type: object
          required: [folder]
          allOf:
            - type: object
              properties: {title: {type: string}}
            - properties:
                folder:
                  type: object
                  required: [id]
                  properties: {id: {type: string, pattern: '^[0-9]+$'}}
    """)
    assert made(samples, at("Copy")) == {"folder": {"id": "0"}}


def test_the_judge_reads_untyped_object_keywords_as_an_object(sampler: Any) -> None:
    """As the generator does: `properties` without `type` is an object's schema, not one
    that admits null or a string too, as the letter of JSON Schema has it."""
    samples, at = sampler("""\
        Result:
          properties:
            id: {type: string}
    """)
    assert samples.judge.errors(at("Result"), {"id": "a"}, "response") == []
    assert samples.judge.errors(at("Result"), None, "response") == [
        "(root): None is not of type 'object'"
    ]


def test_options_only_their_optional_properties_tell_apart_are_made_whole(sampler: Any) -> None:
    samples, at = sampler("""\
        Target:
          oneOf:
            - type: object
              properties:
                target: {type: string, enum: [ip]}
                value: {type: string, format: ipv4}
            - type: object
              properties:
                target: {type: string, enum: [asn]}
                value: {type: string, pattern: '^AS[0-9]+$'}
    """)
    # {} fits both options, which oneOf forbids; the first option with its properties does not
    assert made(samples, at("Target")) == {"target": "ip", "value": "192.0.2.1"}


def test_an_option_finds_the_properties_it_requires_in_its_parent(sampler: Any) -> None:
    samples, at = sampler("""\
        App:
          type: object
          properties:
            name: {type: string}
            hostnames: {type: array, items: {type: string, format: hostname}}
            subnets: {type: array, items: {type: string, format: ipv4}}
          anyOf:
            - required: [name, hostnames]
            - required: [name, subnets]
    """)
    assert made(samples, at("App")) == {"name": "string", "hostnames": ["example.com"]}


def test_the_judge_reads_a_30_nullable_enum_as_admitting_null(sampler: Any) -> None:
    samples, at = sampler("Method: {type: string, enum: [GET, POST], nullable: true}\n", "3.0.3")
    assert samples.judge.errors(at("Method"), None, "response") == []
    assert samples.judge.errors(at("Method"), "PUT", "response") == [
        "(root): 'PUT' is not one of ['GET', 'POST', None]"
    ]


def test_parts_of_all_of_find_the_properties_their_siblings_list(sampler: Any) -> None:
    """Cloudflare's app configs: an anyOf part requires a name another allOf part lists; and a
    readOnly property an allOf part lists is not required in a request beside it."""
    samples, at = sampler("""\
        Config:
          type: object
          required: [id]
          allOf:
            - anyOf: [{required: [breakout]}, {required: [priority]}]
            - properties:
                id: {type: string, readOnly: true}
                breakout: {type: boolean}
                priority: {type: integer, minimum: 1}
    """)
    assert made(samples, at("Config")) == {"breakout": True}


def test_a_typed_schema_whose_options_do_not_fit_is_made_by_its_type(sampler: Any) -> None:
    samples, at = sampler("""\
        Names:
          type: array
          items: {type: string}
          anyOf: [{maxItems: 3}, {minItems: 10}]
    """)
    assert made(samples, at("Names")) == ["string"]


def test_the_judge_reads_nullable_in_31_as_the_generator_does(sampler: Any) -> None:
    samples, at = sampler("Reason: {type: string, nullable: true}\n")
    assert samples.judge.errors(at("Reason"), None, "response") == []
    assert samples.judge.errors(at("Reason"), 3, "response") == [
        "(root): 3 is not of type 'string', 'null'"
    ]


def test_a_one_of_value_is_set_apart_from_the_options_that_do_not_forbid_it(sampler: Any) -> None:
    """Cloudflare's bot management configs: no option requires a property or forbids others,
    so every object fits them all; a property another option lists, given a value its schema
    there rejects, keeps the value out of that option and in the first."""
    samples, at = sampler("""\
        Config:
          type: object
          oneOf:
            - {$ref: '#/components/schemas/Fight'}
            - {$ref: '#/components/schemas/Likely'}
            - {$ref: '#/components/schemas/Subscription'}
        Base:
          properties: {enable_js: {type: boolean}}
        Fight:
          allOf:
            - $ref: '#/components/schemas/Base'
            - properties: {fight_mode: {type: boolean}}
        Likely:
          allOf:
            - $ref: '#/components/schemas/Base'
            - properties: {likely: {type: string, enum: [allow, block]}}
        Subscription:
          allOf:
            - $ref: '#/components/schemas/Base'
            - properties: {auto_update: {type: boolean}}
    """)
    value = made(samples, at("Config"))
    assert value == {
        "enable_js": True,
        "fight_mode": True,
        "likely": "not-this-option",
        "auto_update": "not-this-option",
    }


def test_options_only_nested_properties_tell_apart_are_made_whole_in_depth(sampler: Any) -> None:
    """Cloudflare's R2 Sippy: both options list `source`; only its `provider` enum differs."""
    samples, at = sampler("""\
        Sippy:
          oneOf:
            - properties:
                source:
                  type: object
                  properties: {provider: {type: string, enum: [aws]}, region: {type: string}}
            - properties:
                source:
                  type: object
                  properties: {provider: {type: string, enum: [gcs]}, email: {type: string}}
    """)
    assert made(samples, at("Sippy")) == {"source": {"provider": "aws", "region": "string"}}


def test_names_a_one_of_requires_beside_its_options_are_made_from_the_option(
    sampler: Any,
) -> None:
    """Cloudflare's DNS record: the oneOf's own `required` names properties only its options
    list, some readOnly there; the parent still requires them in a request."""
    samples, at = sampler("""\
        Record:
          type: object
          required: [id, type, content, created_on]
          oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/TXT'}]
        Base:
          properties:
            id: {type: string, maxLength: 32, readOnly: true}
            created_on: {type: string, format: date-time, readOnly: true}
        A:
          required: [type, content]
          allOf:
            - $ref: '#/components/schemas/Base'
            - properties:
                type: {type: string, enum: [A]}
                content: {type: string, format: ipv4}
        TXT:
          required: [type, content]
          allOf:
            - $ref: '#/components/schemas/Base'
            - properties:
                type: {type: string, enum: [TXT]}
                content: {type: string}
    """)
    assert made(samples, at("Record")) == {
        "type": "A",
        "content": "192.0.2.1",
        "id": "string",
        "created_on": "2024-01-02T03:04:05Z",
    }


def test_a_discriminated_one_of_is_not_tagged_with_its_own_name(sampler: Any) -> None:
    """Jira's custom field defaults: the oneOf's tags name its options; its own name as the tag
    would name itself (a loop the judge cannot follow, so it could not say no). Here no option
    fits (`additionalProperties: false` beside the oneOf forbids every option's properties), so
    an optional list of them is left out rather than sent with a made-up tag."""
    samples, at = sampler(
        """\
        Update:
          type: object
          properties:
            defaultValues: {type: array, items: {$ref: '#/components/schemas/Default'}}
          additionalProperties: false
        Default:
          type: object
          additionalProperties: false
          discriminator:
            propertyName: type
            mapping: {single: '#/components/schemas/Single'}
          oneOf: [{$ref: '#/components/schemas/Single'}]
        Single:
          type: object
          required: [type, optionId]
          properties: {type: {type: string}, optionId: {type: string}}
        """,
        "3.0.3",
    )
    with pytest.raises(NoValueError, match="/components/schemas/Default") as caught:
        samples.value(at("Default"))
    assert "more than one" not in str(caught.value)
    assert samples.full_value(at("Update")) == {}
