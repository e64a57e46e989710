"""Stage 3, building: the intermediate model (`ir`) for small specs written here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support import HEAD, HEAD_30, BuildIr, enum, model, prop

from openapi_dataclasses import ir
from openapi_dataclasses.building import build_api
from openapi_dataclasses.errors import GeneratorError
from openapi_dataclasses.loading import load_spec

# -- properties, required, defaults -------------------------------------------------------------


def test_properties_keep_spec_order_with_python_and_wire_names(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    CartItem:
      type: object
      properties:
        sku: {type: string}
        catalogItemID: {type: integer, format: int64}
        class: {type: string}
    """
    )

    properties = model(api, "CartItem").properties
    assert [(item.name, item.wire_name) for item in properties] == [
        ("sku", "sku"),
        ("catalog_item_id", "catalogItemID"),
        ("class_", "class"),
    ]
    assert model(api, "CartItem").module == "cart_item"


def test_required_properties_are_marked(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Product:
      type: object
      required: [name]
      properties:
        name: {type: string}
        size: {type: integer}
    """
    )

    assert prop(api, "Product", "name").required is True
    assert prop(api, "Product", "size").required is False


def test_scalar_types_and_constraints(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Item:
      type: object
      properties:
        code: {type: string, minLength: 1, maxLength: 10, pattern: '^[A-Z]+$'}
        quantity: {type: integer, format: int64, minimum: 1, maximum: 99}
        price: {type: number, multipleOf: 0.01}
        active: {type: boolean}
        at: {type: string, format: date-time}
        on: {type: string, format: date}
    """
    )

    assert prop(api, "Item", "code").type == ir.Scalar(
        "str", "Str", None, ir.Constraints(min_length=1, max_length=10, pattern="^[A-Z]+$")
    )
    assert prop(api, "Item", "quantity").type == ir.Scalar(
        "int", "Int", "int64", ir.Constraints(minimum=1, maximum=99)
    )
    assert prop(api, "Item", "price").type == ir.Scalar(
        "float", "Float", None, ir.Constraints(multiple_of=0.01)
    )
    assert prop(api, "Item", "active").type == ir.Scalar("bool", "Bool")
    assert prop(api, "Item", "at").type == ir.Scalar("datetime.datetime", "DateTime", "date-time")
    assert prop(api, "Item", "on").type == ir.Scalar("datetime.date", "Date", "date")


def test_openapi_30_exclusive_minimum_is_a_boolean_beside_minimum(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD_30
        + """
    Discount:
      type: object
      properties:
        rate: {type: number, minimum: 0, exclusiveMinimum: true, maximum: 1}
    """
    )

    constraints = prop(api, "Discount", "rate").type.constraints  # type: ignore[union-attr]
    assert constraints.minimum is None
    assert constraints.exclusive_minimum == 0
    assert constraints.maximum == 1


def test_zero_valued_constraints_are_listed_as_present() -> None:
    # `minimum: 0` and `minLength: 0`/`maxItems: 0` are real constraints, not "unset".
    constraints = ir.Constraints(minimum=0, exclusive_minimum=0, max_items=0)

    assert dict(constraints.present()) == {"minimum": 0, "exclusive_minimum": 0, "max_items": 0}


def test_defaults_become_python_values(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Settings:
      type: object
      properties:
        name: {type: string, default: guest}
        retries: {type: integer, default: 3}
        ratio: {type: number, default: 0.5}
        enabled: {type: boolean, default: false}
        tags: {type: array, items: {type: string}, default: [a, b]}
    """
    )

    assert prop(api, "Settings", "name").default == ir.PyLiteral("guest")
    assert prop(api, "Settings", "retries").default == ir.PyLiteral(3)
    assert prop(api, "Settings", "ratio").default == ir.PyLiteral(0.5)
    assert prop(api, "Settings", "enabled").default == ir.PyLiteral(False)
    tags = prop(api, "Settings", "tags")
    assert tags.default == ir.PyLiteral(["a", "b"])
    assert tags.mutable_default is True
    assert tags.default_json == ["a", "b"]


def test_default_that_does_not_fit_the_type_is_dropped_with_a_diagnostic(
    write_spec: Callable[..., Path],
) -> None:
    path = write_spec(
        HEAD
        + """
    Settings:
      type: object
      properties:
        retries: {type: integer, default: many}
    """
    )
    result = build_api(load_spec(path), "pkg")

    assert model(result.api, "Settings").properties[0].default is None
    assert [item.location.pointer for item in result.diagnostics] == [
        "/components/schemas/Settings/properties/retries/default"
    ]


def test_required_property_ignores_its_default(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Settings:
      type: object
      required: [name]
      properties:
        name: {type: string, default: guest}
    """
    )

    assert prop(api, "Settings", "name").default is None


# -- enums --------------------------------------------------------------------------------------


def test_inline_enum_is_named_after_model_and_property(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    NewCustomerSessionV2:
      type: object
      properties:
        state:
          type: string
          enum: [open, closed, partially_returned]
          default: open
    """
    )

    state = prop(api, "NewCustomerSessionV2", "state")
    declared = enum(api, "NewCustomerSessionV2StateEnum")
    assert state.type == ir.EnumRef("NewCustomerSessionV2StateEnum", "new_customer_session_v2")
    assert declared.owner == "NewCustomerSessionV2"
    assert declared.module == "new_customer_session_v2"
    assert declared.base == "str"
    assert [(member.name, member.value) for member in declared.members] == [
        ("OPEN", "open"),
        ("CLOSED", "closed"),
        ("PARTIALLY_RETURNED", "partially_returned"),
    ]
    assert state.default == ir.PyName("NewCustomerSessionV2StateEnum.OPEN")
    assert model(api, "NewCustomerSessionV2").enums == (declared,)


def test_component_enum_has_its_own_module_and_no_owner(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Priority:
      type: integer
      enum: [1, 2, 3]
      x-enum-varnames: [LOW, MEDIUM, HIGH]
    Task:
      type: object
      properties:
        priority: {$ref: '#/components/schemas/Priority'}
    """
    )

    priority = enum(api, "Priority")
    assert priority.owner is None
    assert priority.module == "priority"
    assert priority.base == "int"
    assert [(member.name, member.value) for member in priority.members] == [
        ("LOW", 1),
        ("MEDIUM", 2),
        ("HIGH", 3),
    ]
    assert prop(api, "Task", "priority").type == ir.EnumRef("Priority", "priority")


def test_enum_with_null_value_is_a_nullable_enum_without_a_null_member(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Pet:
      type: object
      properties:
        mood: {type: [string, 'null'], enum: [happy, sad, null]}
    """
    )

    assert prop(api, "Pet", "mood").type == ir.Nullable(ir.EnumRef("PetMoodEnum", "pet"))
    assert [member.value for member in enum(api, "PetMoodEnum").members] == ["happy", "sad"]


def test_enum_values_that_name_alike_get_distinct_members(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Pet:
      type: object
      properties:
        kind: {type: string, enum: [dark-blue, dark_blue, darkBlue]}
    """
    )

    members = enum(api, "PetKindEnum").members
    assert [member.name for member in members] == ["DARK_BLUE", "DARK_BLUE_2", "DARK_BLUE_3"]


# -- arrays, maps, nullable ---------------------------------------------------------------------


def test_arrays_of_scalars_and_of_models(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Cart:
      type: object
      properties:
        codes:
          type: array
          items: {type: string, maxLength: 100}
          minItems: 1
          maxItems: 5
          uniqueItems: true
        items:
          type: array
          items: {$ref: '#/components/schemas/Line'}
    Line:
      type: object
      properties:
        sku: {type: string}
    """
    )

    assert prop(api, "Cart", "codes").type == ir.ArrayOf(
        ir.Scalar("str", "Str", None, ir.Constraints(max_length=100)),
        ir.Constraints(min_items=1, max_items=5, unique_items=True),
    )
    assert prop(api, "Cart", "items").type == ir.ArrayOf(ir.ModelRef("Line", "line"))


def test_maps_from_additional_properties(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Session:
      type: object
      properties:
        costs:
          type: object
          additionalProperties: {$ref: '#/components/schemas/Cost'}
        counts:
          type: object
          additionalProperties: {type: integer}
        anything:
          type: object
          additionalProperties: true
        attributes:
          type: object
          properties: {}
    Cost:
      type: object
      required: [price]
      properties:
        price: {type: number}
    """
    )

    assert prop(api, "Session", "costs").type == ir.MapOf(ir.ModelRef("Cost", "cost"))
    assert prop(api, "Session", "counts").type == ir.MapOf(ir.Scalar("int", "Int"))
    assert prop(api, "Session", "anything").type == ir.MapOf(ir.AnyJson())
    assert prop(api, "Session", "attributes").type == ir.MapOf(ir.AnyJson())


def test_extra_properties_policy_of_models(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Open:
      type: object
      properties: {a: {type: string}}
    Closed:
      type: object
      additionalProperties: false
      properties: {a: {type: string}}
    Typed:
      type: object
      additionalProperties: {type: integer}
      properties: {a: {type: string}}
    """
    )

    assert model(api, "Open").extra == ir.ExtraPolicy("keep")
    assert model(api, "Closed").extra == ir.ExtraPolicy("forbid")
    assert model(api, "Typed").extra == ir.ExtraPolicy("typed", ir.Scalar("int", "Int"))


def test_openapi_30_nullable(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD_30
        + """
    Note:
      type: object
      properties:
        text: {type: string, nullable: true}
        plain: {type: string}
        owner:
          allOf: [{$ref: '#/components/schemas/Owner'}]
          nullable: true
    Owner:
      type: object
      properties:
        name: {type: string}
    """
    )

    assert prop(api, "Note", "text").type == ir.Nullable(ir.Scalar("str", "Str"))
    assert prop(api, "Note", "plain").type == ir.Scalar("str", "Str")
    assert prop(api, "Note", "owner").type == ir.Nullable(ir.ModelRef("Owner", "owner"))


def test_openapi_31_null_in_type_list(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Note:
      type: object
      properties:
        text: {type: [string, 'null']}
        count: {type: ['null', integer]}
    """
    )

    assert prop(api, "Note", "text").type == ir.Nullable(ir.Scalar("str", "Str"))
    assert prop(api, "Note", "count").type == ir.Nullable(ir.Scalar("int", "Int"))


def test_inline_object_becomes_a_model_named_after_its_place(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Shipment:
      type: object
      properties:
        address:
          type: object
          required: [street]
          properties:
            street: {type: string}
    """
    )

    assert prop(api, "Shipment", "address").type == ir.ModelRef(
        "ShipmentAddress", "shipment_address"
    )
    assert prop(api, "ShipmentAddress", "street").required is True


# -- allOf --------------------------------------------------------------------------------------


def test_all_of_merges_properties_and_required_in_order(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Entity:
      type: object
      required: [id]
      properties:
        id: {type: string}
        createdAt: {type: string, format: date-time}
    Shipment:
      description: An entity with parcels.
      allOf:
      - $ref: '#/components/schemas/Entity'
      - type: object
        required: [parcels]
        properties:
          parcels: {type: array, items: {type: string}}
      properties:
        note: {type: string}
    """
    )

    shipment = model(api, "Shipment")
    assert [item.wire_name for item in shipment.properties] == [
        "id",
        "createdAt",
        "parcels",
        "note",
    ]
    assert [item.wire_name for item in shipment.properties if item.required] == ["id", "parcels"]
    assert shipment.description == "An entity with parcels."


def test_all_of_later_part_overrides_an_earlier_property(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Base:
      type: object
      properties:
        code: {type: string}
    Derived:
      allOf:
      - $ref: '#/components/schemas/Base'
      - properties:
          code: {type: string, maxLength: 3}
    """
    )

    assert prop(api, "Derived", "code").type == ir.Scalar(
        "str", "Str", None, ir.Constraints(max_length=3)
    )


# -- selection ----------------------------------------------------------------------------------


SELECTION_SPEC = (
    HEAD
    + """
    Session:
      type: object
      properties:
        items: {type: array, items: {$ref: '#/components/schemas/Item'}}
        state: {$ref: '#/components/schemas/State'}
    Item:
      type: object
      properties:
        product: {$ref: '#/components/schemas/Product'}
    Product:
      type: object
      properties:
        name: {type: string}
    State:
      type: string
      enum: [open, closed]
    Unrelated:
      type: object
      properties:
        other: {$ref: '#/components/schemas/AlsoUnrelated'}
    AlsoUnrelated:
      type: string
      enum: [x]
    """
)


def test_without_selection_every_schema_is_built(build_ir: BuildIr) -> None:
    api = build_ir(SELECTION_SPEC)

    assert [item.name for item in api.models] == ["Item", "Product", "Session", "Unrelated"]
    assert [item.name for item in api.enums] == ["AlsoUnrelated", "State"]


def test_schema_selection_includes_what_it_references_transitively(build_ir: BuildIr) -> None:
    api = build_ir(SELECTION_SPEC, ("Session",))

    assert [item.name for item in api.models] == ["Item", "Product", "Session"]
    assert [item.name for item in api.enums] == ["State"]


def test_selecting_a_leaf_schema_builds_only_it(build_ir: BuildIr) -> None:
    api = build_ir(SELECTION_SPEC, ("Product",))

    assert [item.name for item in api.models] == ["Product"]
    assert api.enums == ()


def test_unknown_selected_schema_is_an_error_with_suggestions(build_ir: BuildIr) -> None:
    with pytest.raises(GeneratorError) as caught:
        build_ir(SELECTION_SPEC, ("Produkt",))

    assert caught.value.message == "--schema 'Produkt': no such schema"
    assert "Product" in caught.value.hint


# -- names --------------------------------------------------------------------------------------


def test_schemas_whose_names_collide_get_distinct_classes_and_modules(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Widget:
      type: object
      properties: {a: {type: string}}
    widget:
      type: object
      properties: {b: {type: string}}
    Model:
      type: object
      properties: {c: {type: string}}
    """
    )

    names = sorted((item.name, item.module) for item in api.models)
    assert names == [("Model_", "model"), ("Widget", "widget"), ("Widget2", "widget2")]


def test_attribute_collisions_inside_a_model(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Widget:
      type: object
      properties:
        fooBar: {type: string}
        foo_bar: {type: string}
        to_dict: {type: string}
        extra_properties: {type: string}
        1st: {type: string}
    """
    )

    assert [item.name for item in model(api, "Widget").properties] == [
        "foo_bar",
        "foo_bar_2",
        "to_dict_",
        "extra_properties_",
        "field_1st",
    ]


def test_component_that_refers_to_another_file_keeps_its_name(
    write_spec: Callable[..., Path], build_ir: BuildIr
) -> None:
    # The common multi-file layout: components/schemas/Pet is a $ref to schemas/pet.yaml.
    write_spec(
        "Pet:\n  type: object\n  properties:\n    name: {type: string}\n", "schemas/pet.yaml"
    )
    api = build_ir(HEAD + "    Pet: {$ref: 'schemas/pet.yaml#/Pet'}\n")

    assert [item.name for item in api.models] == ["Pet"]
    assert api.aliases == ()


def test_schemas_in_other_files_are_built_from_their_own_file(
    write_spec: Callable[..., Path], build_ir: BuildIr
) -> None:
    write_spec(
        "Tag:\n  type: object\n  properties:\n    label: {type: string, maxLength: 5}\n",
        "schemas/tag.yaml",
    )
    api = build_ir(
        HEAD
        + """
    Owner:
      type: object
      properties:
        tag: {$ref: 'schemas/tag.yaml#/Tag'}
    """
    )

    assert prop(api, "Owner", "tag").type == ir.ModelRef("Tag", "tag")
    assert model(api, "Tag").source == "schemas/tag.yaml#/Tag"
    assert prop(api, "Tag", "label").type == ir.Scalar(
        "str", "Str", None, ir.Constraints(max_length=5)
    )
