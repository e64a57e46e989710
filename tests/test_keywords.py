"""What a schema says beyond its Python type: the evaluator (`runtime/keywords.py`), what the
builder leaves to it (`building/keywords.py`), and generated packages that read by both."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from support import HEAD, HEAD_30, model, prop

from openapi_dataclasses import ir
from openapi_dataclasses.building import build_api
from openapi_dataclasses.loading import load_spec
from openapi_dataclasses.runtime import ValidationError
from openapi_dataclasses.runtime.keywords import Keywords, json_equal, json_key

# -- the evaluator --------------------------------------------------------------------------------


def accepts(schema: Any, value: Any, defs: dict[str, Any] | None = None) -> bool:
    return Keywords(schema, defs).accepts(value)


@pytest.mark.parametrize(
    ("schema", "good", "bad"),
    [
        ({"not": {"type": "string"}}, 1, "a"),
        ({"if": {"minimum": 10}, "then": {"multipleOf": 5}, "else": {"const": 1}}, 15, 12),
        ({"contains": {"const": 2}, "maxContains": 1}, [1, 2], [2, 2]),
        ({"dependentRequired": {"a": ["b"]}}, {"a": 1, "b": 2}, {"a": 1}),
        ({"dependentSchemas": {"a": {"required": ["c"]}}}, {"c": 1}, {"a": 1}),
        ({"propertyNames": {"maxLength": 2}}, {"ab": 1}, {"abc": 1}),
        ({"prefixItems": [{"type": "string"}], "items": {"type": "integer"}}, ["a", 1], [1, 1]),
        ({"patternProperties": {"^x": {"type": "integer"}}}, {"xa": 1}, {"xa": "1"}),
        ({"minimum": 1.1}, 1.1, 0.6),
        ({"enum": []}, None, None),
        (False, None, 1),
        ({"type": "null"}, None, 0),
    ],
)
def test_each_keyword_means_what_json_schema_says(schema: Any, good: Any, bad: Any) -> None:
    if schema not in ({"enum": []}, False):  # nothing is valid
        assert accepts(schema, good)
    assert not accepts(schema, bad)


def test_keywords_of_one_type_let_the_other_types_through() -> None:
    assert accepts({"minLength": 3, "minimum": 5, "required": ["a"], "maxItems": 0}, [])
    assert accepts({"minLength": 3, "minimum": 5, "required": ["a"], "maxItems": 0}, True)


def test_unevaluated_properties_see_what_the_applicators_evaluated() -> None:
    schema = {
        "allOf": [{"properties": {"a": True}}],
        "anyOf": [{"properties": {"b": True}}, {"properties": {"c": True}}],
        "unevaluatedProperties": False,
    }
    assert accepts(schema, {"a": 1, "b": 2, "c": 3})
    assert not accepts(schema, {"a": 1, "d": 4})


def test_unevaluated_items_see_prefix_items_and_contains() -> None:
    schema = {"prefixItems": [True], "contains": {"const": "x"}, "unevaluatedItems": False}
    assert accepts(schema, [1, "x", "x"])
    assert not accepts(schema, [1, "x", 2])


def test_a_schema_may_refer_to_itself() -> None:
    defs = {"tree": {"properties": {"child": {"$ref": "tree"}}, "required": ["n"]}}
    assert accepts({"$ref": "tree"}, {"n": 1, "child": {"n": 2, "child": {"n": 3}}}, defs)
    assert not accepts({"$ref": "tree"}, {"n": 1, "child": {"child": {"n": 3}}}, defs)


def test_equality_is_json_equality() -> None:
    assert json_equal(1, 1.0) and json_equal([1], [1.0]) and json_equal({"a": 0}, {"a": 0.0})
    assert not json_equal(False, 0) and not json_equal([True], [1]) and not json_equal(1, "1")
    assert json_key({"a": 1, "b": 2}) == json_key({"b": 2, "a": 1.0})
    assert not accepts({"enum": [[False]]}, [0])
    assert accepts({"const": 2}, 2.0)
    assert not accepts({"uniqueItems": True}, [1, 1.0])
    assert accepts({"uniqueItems": True}, [1, True])


def test_multiple_of_is_exact_however_large_the_quotient() -> None:
    assert not accepts({"multipleOf": 0.123456789}, 1e308)
    assert accepts({"multipleOf": 0.0001}, 0.0075)
    assert accepts({"multipleOf": 2}, 10**40)


def test_an_error_names_the_place_and_what_is_wrong() -> None:
    keywords = Keywords({"properties": {"items": {"items": {"not": {"type": "integer"}}}}})
    with pytest.raises(ValidationError) as raised:
        keywords.check({"items": ["a", 3]}, "order")
    assert raised.value.path == "order.items[1]"
    assert "not" in raised.value.reason


def test_checked_formats_follow_their_rfcs() -> None:
    assert accepts({"format": "ipv6"}, "1::d6:192.168.0.1")
    assert not accepts({"format": "ipv6"}, "1::d6::42")
    assert not accepts({"format": "ipv4"}, "256.256.256.256")
    assert not accepts({"format": "date"}, "2023-W13-2")
    assert not accepts({"format": "time"}, "24:00:00Z")
    assert accepts({"format": "date-time"}, "1998-12-31T15:59:60.123-08:00")
    assert not accepts({"format": "date-time"}, "1998-12-31T23:59:61Z")
    assert not accepts({"format": "uri"}, "https://example.org/foo bar")
    assert not accepts({"format": "email"}, "te..st@example.com")
    assert not accepts({"format": "uuid"}, "2eb8aa08aa9811eab4aa73b441d16380")
    assert accepts({"format": "unknown-format"}, "anything")


# -- what the builder leaves to the evaluator -----------------------------------------------------


def checked(expr: ir.TypeExpr) -> Any:
    assert isinstance(expr, ir.Checked), expr
    return expr.keywords.schema


def test_an_ordinary_schema_leaves_nothing_to_the_evaluator(
    build_ir: Callable[..., ir.Api],
) -> None:
    api = build_ir(
        HEAD
        + """\
    Pet:
      type: object
      required: [name]
      additionalProperties: false
      properties:
        name: {type: string, minLength: 1, pattern: '^[a-z]+$', format: email}
        age: {type: integer, minimum: 0, format: int32}
        tags: {type: array, items: {type: string}, maxItems: 3, uniqueItems: true}
        kind: {type: string, enum: [cat, dog]}
        meta: {type: object, additionalProperties: {type: integer}, maxProperties: 2}
        owner: {$ref: '#/components/schemas/Owner'}
        either: {oneOf: [{type: string}, {type: integer}]}
    Owner: {type: object, properties: {id: {type: integer}}}
"""
    )
    assert all(not isinstance(item.type, ir.Checked) for item in model(api, "Pet").properties)
    assert model(api, "Pet").keywords is None and model(api, "Owner").keywords is None


def test_keywords_of_a_schema_without_type_are_kept(build_ir: Callable[..., ir.Api]) -> None:
    api = build_ir(
        HEAD
        + """\
    T:
      type: object
      properties:
        low: {minimum: 1.1}
        list: {items: {type: integer}}
        either: {anyOf: [{type: integer}, {minimum: 2}]}
"""
    )
    low = prop(api, "T", "low").type
    assert isinstance(low, ir.Checked) and isinstance(low.inner, ir.AnyJson)
    assert checked(low) == {"minimum": 1.1}
    assert checked(prop(api, "T", "list").type) == {"items": {"type": "integer"}}
    either = prop(api, "T", "either").type
    assert isinstance(either, ir.UnionOf)
    assert checked(either.options[1]) == {"minimum": 2}


def test_what_a_model_cannot_check_is_the_model_s_keywords(
    build_ir: Callable[..., ir.Api],
) -> None:
    api = build_ir(
        HEAD
        + """\
    T:
      type: object
      required: [a, missing]
      properties: {a: {type: string}}
      patternProperties: {'^x-': {type: integer}}
      additionalProperties: false
      not: {required: [b]}
"""
    )
    keywords = model(api, "T").keywords
    assert keywords is not None
    assert keywords.schema == {
        "required": ["missing"],
        "properties": {"a": True},
        "patternProperties": {"^x-": {"type": "integer"}},
        "additionalProperties": False,
        "not": {"required": ["b"]},
    }


def test_an_all_of_of_non_objects_is_the_type_of_its_typed_part(
    build_ir: Callable[..., ir.Api],
) -> None:
    api = build_ir(
        HEAD
        + """\
    Range: {allOf: [{maximum: 30}, {minimum: 20}]}
    Short: {allOf: [{type: string}, {maxLength: 3}, {description: annotation only}]}
"""
    )
    assert not api.models
    aliases = {alias.name: alias.target for alias in api.aliases}
    assert checked(aliases["Range"]) == {"allOf": [{"maximum": 30}, {"minimum": 20}]}
    short = aliases["Short"]
    assert isinstance(short, ir.Checked) and short.inner == ir.Scalar("str", "Str")
    assert checked(short) == {"allOf": [{"maxLength": 3}]}


def test_references_inside_are_bundled_so_that_recursion_works(
    build_ir: Callable[..., ir.Api],
) -> None:
    api = build_ir(
        HEAD
        + """\
    Node:
      type: object
      properties:
        next:
          not: {$ref: '#/components/schemas/Node'}
"""
    )
    expr = prop(api, "Node", "next").type
    assert isinstance(expr, ir.Checked)
    assert expr.keywords.schema == {"not": {"$ref": "#/components/schemas/Node"}}
    defs = dict(expr.keywords.defs)
    assert defs["#/components/schemas/Node"] == {
        "type": "object",
        "properties": {"next": {"not": {"$ref": "#/components/schemas/Node"}}},
    }


def test_openapi_30_keywords_are_rewritten(build_ir: Callable[..., ir.Api]) -> None:
    api = build_ir(
        HEAD_30
        + """\
    T:
      type: object
      properties:
        n:
          not:
            type: integer
            nullable: true
            minimum: 5
            exclusiveMinimum: true
"""
    )
    assert checked(prop(api, "T", "n").type) == {
        "not": {"type": ["integer", "null"], "exclusiveMinimum": 5}
    }


def test_siblings_of_a_ref_count_in_31_not_in_30(build_ir: Callable[..., ir.Api]) -> None:
    spec = """\
    Id: {type: string}
    T:
      type: object
      properties:
        id: {$ref: '#/components/schemas/Id', maxLength: 4}
"""
    assert checked(prop(build_ir(HEAD + spec), "T", "id").type) == {"maxLength": 4}
    assert isinstance(prop(build_ir(HEAD_30 + spec), "T", "id").type, ir.AliasRef)


def test_a_const_that_fails_its_siblings_is_checked(build_ir: Callable[..., ir.Api]) -> None:
    api = build_ir(
        HEAD
        + """\
    T:
      type: object
      properties:
        fine: {type: string, const: a, maxLength: 3}
        short: {const: abcd, maxLength: 3}
"""
    )
    assert prop(api, "T", "fine").type == ir.Const("a")
    assert checked(prop(api, "T", "short").type) == {"maxLength": 3}


def test_a_type_that_contradicts_the_rest_is_left_out_with_a_warning(write_spec: Any) -> None:
    spec = write_spec(
        HEAD
        + """\
    T:
      type: object
      properties:
        never: {type: string, const: 5}
        list: {type: array, anyOf: [{type: object}, {type: integer}]}
"""
    )
    built = build_api(load_spec(spec), "pkg")
    assert prop(built.api, "T", "never").type == ir.Const(5)
    messages = [diagnostic.describe() for diagnostic in built.diagnostics]
    assert any("properties/never/type" in text and "contradicts" in text for text in messages)
    assert any("properties/list/type" in text and "contradicts" in text for text in messages)


def test_allof_parts_that_contradict_keep_the_later_schema(write_spec: Any) -> None:
    spec = write_spec(
        HEAD
        + """\
    Base:
      type: object
      properties:
        ok: {type: boolean, enum: [true]}
        size: {type: integer, maximum: 10}
    Failure:
      allOf:
        - $ref: '#/components/schemas/Base'
        - properties:
            ok: {type: boolean, enum: [false]}
            size: {type: integer, maximum: 5}
"""
    )
    built = build_api(load_spec(spec), "pkg")
    assert model(built.api, "Failure").keywords is None  # false fails `enum: [true]`; 5 < 10


# -- generated packages ---------------------------------------------------------------------------

PACKAGE = (
    HEAD
    + """\
    Order:
      type: object
      required: [id]
      properties:
        id: {type: integer}
        note: {not: {type: 'null'}}
        code: {type: string, pattern: '^[A-Z]{2}$'}
        when: {type: string, format: date}
        items:
          type: array
          prefixItems: [{type: string}]
          items: {type: integer}
      patternProperties: {'^x-': {type: string}}
      dependentRequired: {code: [when]}
      if: {required: [note]}
      then: {required: [code]}
    Tree:
      type: object
      properties:
        children: {type: array, items: {$ref: '#/components/schemas/Tree'}}
        size: {minimum: 0}
      unevaluatedProperties: false
"""
)


@pytest.fixture
def package(generate_package: Callable[[str, str], ModuleType]) -> ModuleType:
    return generate_package(PACKAGE, "kwpkg")


@pytest.mark.parametrize(
    "payload",
    [
        {"id": 1},
        {"id": 1, "items": ["a", 1, 2], "x-trace": "t"},
        {"id": 1, "note": "n", "code": "AB", "when": "2024-02-29"},
    ],
)
def test_valid_payloads_round_trip(package: ModuleType, payload: dict[str, Any]) -> None:
    assert package.Order.from_dict(payload).to_dict() == payload


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        ({"id": 1, "note": None}, "note"),
        ({"id": 1, "items": [1]}, "items[0]"),
        ({"id": 1, "x-trace": 5}, '["x-trace"]'),
        ({"id": 1, "code": "AB"}, "when"),
        ({"id": 1, "note": "n"}, "code"),
    ],
)
def test_invalid_payloads_are_refused_with_the_place(
    package: ModuleType, payload: dict[str, Any], path: str
) -> None:
    with pytest.raises(package.ValidationError) as raised:
        package.Order.from_dict(payload)
    assert raised.value.path == path


def test_a_recursive_model_checks_each_level(package: ModuleType) -> None:
    tree = {"children": [{"children": [], "size": 2}], "size": 1}
    assert package.Tree.from_dict(tree).to_dict() == tree
    with pytest.raises(package.ValidationError):
        package.Tree.from_dict({"children": [{"size": -1}]})
    with pytest.raises(package.ValidationError):
        package.Tree.from_dict({"children": [], "other": 1})


def test_sizes_written_as_decimals_count(build_ir: Callable[..., ir.Api]) -> None:
    api = build_ir(
        HEAD
        + """\
    T:
      type: object
      properties:
        tags: {type: array, maxItems: 2.0, items: {type: string, maxLength: 3.0}}
"""
    )
    tags = prop(api, "T", "tags").type
    assert isinstance(tags, ir.ArrayOf) and tags.constraints.max_items == 2
    assert isinstance(tags.item, ir.Scalar) and tags.item.constraints.max_length == 3


def test_an_allof_of_a_nullable_model_and_a_description_admits_null(
    build_ir: Callable[..., ir.Api],
) -> None:
    api = build_ir(
        HEAD_30
        + """\
    Mini: {type: object, nullable: true, properties: {id: {type: string}}}
    Hold:
      type: object
      properties:
        file:
          allOf:
            - $ref: '#/components/schemas/Mini'
            - description: The file held.
"""
    )
    assert isinstance(prop(api, "Hold", "file").type, ir.Nullable)


def test_a_required_name_that_properties_leave_out_is_a_field(
    build_ir: Callable[..., ir.Api],
) -> None:
    """JSON Schema requires the name all the same: a field lets a model built in Python carry it
    (as extras, its `to_dict` would be refused by its own `from_dict`)."""
    api = build_ir(
        HEAD
        + """\
    Loose:
      type: object
      required: [a, data]
      properties: {a: {type: string}}
    Counted:
      type: object
      required: [n]
      properties: {a: {type: string}}
      additionalProperties: {type: integer}
"""
    )
    data = prop(api, "Loose", "data")
    assert data.required and isinstance(ir.unchecked(data.type), ir.AnyJson)
    counted = prop(api, "Counted", "n")
    assert counted.required and isinstance(counted.type, ir.Scalar)
    assert counted.type.python == "int"


ONE_WAY_IN_BRANCHES = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Rule:
      type: object
      required: [version, action, secret]
      properties:
        action: {type: string}
        version: {type: string, readOnly: true}
        secret: {allOf: [{$ref: '#/components/schemas/Secret'}, {writeOnly: true}]}
    Secret: {type: string}
    Ruleset:
      type: object
      properties:
        rules:
          type: array
          items:
            oneOf:
              - allOf: [{$ref: '#/components/schemas/Rule'}, {properties: {action: {enum: [block]}}}]
              - allOf: [{$ref: '#/components/schemas/Rule'}, {properties: {action: {enum: [log]}}}]
"""


def test_a_one_way_property_is_not_required_inside_a_branch_either(
    generate_package: Callable[[str, str], ModuleType],
) -> None:
    """A readOnly property is required in responses only, a writeOnly one in requests only; one
    model serves both, so neither is required, in a `oneOf` branch's keywords as in its fields
    (Cloudflare's ruleset rules require their readOnly `version`)."""
    package = generate_package(ONE_WAY_IN_BRANCHES, "oneway")
    sent = {"rules": [{"action": "block"}]}
    assert package.Ruleset.from_dict(sent).to_dict() == sent
    with pytest.raises(package.ValidationError, match="action: is required"):
        package.Ruleset.from_dict({"rules": [{"version": "1"}]})
