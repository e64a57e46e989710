"""Models: object schemas with their `allOf` parts merged, their properties and their base class."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from .. import ir, naming
from ..errors import join_pointer
from ..filters import annotation
from ..samples import example_payload
from ..schemas import default_expr, has_patterns, one_way, takes_defaults, text
from .merged import MergedObject, model_keywords
from .registry import TOP, Located, Registry
from .type_exprs import mapped_model, reference, type_of


@dataclass
class ObjectShape:
    """An object schema with its `allOf` parts merged in."""

    properties: dict[str, Located] = field(default_factory=dict)
    required: dict[str, None] = field(default_factory=dict)  # names, in order, each once
    # Where each required name is listed: a name `properties` leaves out is still required.
    required_at: dict[str, Located] = field(default_factory=dict)
    additional: Located | None = None  # additionalProperties, when the schema sets it
    patterned: bool = False  # patternProperties: names that additionalProperties does not cover
    min_properties: int | None = None
    max_properties: int | None = None

    def merge(self, part: ObjectShape) -> None:
        """Take in what an `allOf` part declares, over what earlier parts did."""
        self.properties.update(part.properties)
        self.required.update(part.required)
        self.required_at = part.required_at | self.required_at
        self.additional = part.additional or self.additional
        self.patterned = part.patterned or self.patterned
        self.min_properties = part.min_properties or self.min_properties
        self.max_properties = part.max_properties or self.max_properties


def build_model(reg: Registry, ref: ir.ModelRef, located: Located) -> ir.Model:
    schema = located.schema
    shape = with_required_fields(object_shape(reg, located, set()))
    parent = parent_of(reg, located)
    parent_ref = reference(reg, parent, ref.name, TOP) if parent is not None else None
    parent_shape = (
        with_required_fields(object_shape(reg, parent, set()))
        if parent is not None
        else ObjectShape()
    )
    properties = build_properties(reg, shape, parent_shape, ref)
    if parent is not None and not overrides_fit(reg, properties, parent_shape, ref):
        # A subclass may narrow what it inherits, not change it (mypy holds it to that):
        # a model that changes a property's type is a class of its own with every property.
        parent, parent_ref = None, None
        properties = [dataclasses.replace(prop, inherited=False) for prop in properties]
    extra = extra_policy(reg, shape, ref.name)
    example = example_payload(  # a property's `$ref` followed: its target's example counts
        schema, {wire: reg.follow(prop).schema for wire, prop in shape.properties.items()}
    )
    if example is not None:
        reg.examples[ref.name] = example
    return ir.Model(
        name=ref.name,
        module=ref.module,
        source=located.key,
        wire_name=reg.wire_name(located),
        properties=tuple(properties),
        extra=extra,
        title=text(schema.get("title")),
        description=text(schema.get("description")),
        deprecated=schema.get("deprecated") is True,
        min_properties=shape.min_properties,
        max_properties=shape.max_properties,
        parent=parent_ref if isinstance(parent_ref, ir.ModelRef) else None,
        subtypes=declared_subtypes(reg, located, ref.name),
        keywords=model_keywords(
            reg,
            located,
            MergedObject(
                shape.properties,
                shape.additional,
                shape.patterned,
                shape.min_properties,
                shape.max_properties,
                {prop.wire_name: prop.type for prop in properties},
            ),
        ),
    )


def declared_subtypes(reg: Registry, located: Located, name: str) -> ir.Subtypes | None:
    """A base model's discriminator with its explicit `mapping`; the models that extend it are
    added by their names once all are built (`building.subtypes_of`). A union's discriminator
    (`oneOf`, `anyOf`) is the union's, not the model's."""
    schema = located.schema
    discriminator = schema.get("discriminator")
    if not isinstance(discriminator, dict) or "oneOf" in schema or "anyOf" in schema:
        return None
    tag = discriminator.get("propertyName")
    if not isinstance(tag, str):
        return None
    mapping = discriminator.get("mapping")
    explicit = [
        (str(value), mapped_model(reg, located, ref, name, TOP))
        for value, ref in (mapping.items() if isinstance(mapping, dict) else ())
        if isinstance(ref, str)
    ]
    return ir.Subtypes(tag, tuple((value, model) for value, model in explicit if model))


def build_properties(
    reg: Registry, shape: ObjectShape, parent_shape: ObjectShape, model: ir.ModelRef
) -> list[ir.Property]:
    """The model's properties, those it inherits unchanged from its parent marked so."""
    attributes = naming.NameRegistry(naming.RESERVED_ATTRIBUTES)
    properties: list[ir.Property] = []
    for wire_name, prop in shape.properties.items():
        prop_type = property_type(reg, wire_name, prop, model)
        required = is_required(reg, shape, wire_name)
        built = build_property(reg, wire_name, prop, prop_type, required, attributes)
        inherited_from = parent_shape.properties.get(wire_name)
        if inherited_from is not None and inherited_from.key == prop.key:
            inherited = is_required(reg, parent_shape, wire_name) == built.required
            built = dataclasses.replace(built, inherited=inherited)
        properties.append(built)
    return properties


def property_type(reg: Registry, wire_name: str, prop: Located, model: ir.ModelRef) -> ir.TypeExpr:
    # A property that an `allOf` part declares is named after, and owned by, that part.
    holder = declaring_model(reg, prop) or model
    scope = TOP.for_property(holder, wire_name)
    return type_of(reg, prop, holder.name + naming.pascal_case(wire_name), scope)


def overrides_fit(
    reg: Registry, properties: list[ir.Property], parent_shape: ObjectShape, model: ir.ModelRef
) -> bool:
    """Whether each property the model declares again has a type its parent's admits."""
    for prop in properties:
        inherited = parent_shape.properties.get(prop.wire_name)
        if prop.inherited or inherited is None:
            continue
        parent_type = annotation(property_type(reg, prop.wire_name, inherited, model), True)
        own_type = annotation(prop.type, True)
        if parent_type not in (own_type, f"{own_type} | None"):
            return False
        target = reg.follow(inherited).schema
        parent_may_be_unset = not is_required(reg, parent_shape, prop.wire_name) and not (
            isinstance(target, dict) and "default" in target
        )
        if not prop.required and prop.default is None and not parent_may_be_unset:
            return False
    return True


def is_required(reg: Registry, shape: ObjectShape, wire_name: str) -> bool:
    """Whether the property must be present: listed in `required`, and not `readOnly` or
    `writeOnly`, which one direction leaves out ("the required will take effect on the response
    only", OpenAPI 3.0.3), and one model serves both."""
    prop = shape.properties.get(wire_name)
    if wire_name not in shape.required or prop is None:
        return wire_name in shape.required
    return not any(one_way(schema) for schema in (prop.schema, reg.follow(prop).schema))


def build_property(
    reg: Registry,
    wire_name: str,
    located: Located,
    prop_type: ir.TypeExpr,
    required: bool,
    attributes: naming.NameRegistry,
) -> ir.Property:
    schema = located.schema if isinstance(located.schema, dict) else {}
    target = reg.follow(located).schema
    target = target if isinstance(target, dict) else None
    described = target if "description" not in schema and target is not None else schema
    default_source = schema if "default" in schema or target is None else target
    default = None
    if "default" in default_source and not required:
        default = property_default(reg, located, prop_type, default_source["default"])
    elif "default" not in default_source and isinstance(prop_type, ir.Const) and prop_type.literal:
        # Fixed by `const` (a discriminator's tag): its one value, which a payload must still hold.
        default = ir.PyLiteral(prop_type.value)
        default_source = {"default": prop_type.value}
    return ir.Property(
        name=attributes.claim(naming.attribute_name(wire_name), separator="_"),
        wire_name=wire_name,
        type=prop_type,
        required=required,
        default=default,
        default_json=default_source.get("default") if default is not None else None,
        mutable_default=isinstance(default, ir.PyList | ir.PyDict)
        or (isinstance(default, ir.PyLiteral) and isinstance(default.value, list | dict)),
        title=text(described.get("title")),
        description=text(described.get("description")),
        read_only=bool(schema.get("readOnly") or (target is not None and target.get("readOnly"))),
        write_only=bool(
            schema.get("writeOnly") or (target is not None and target.get("writeOnly"))
        ),
        deprecated=schema.get("deprecated") is True,
    )


def property_default(
    reg: Registry, located: Located, prop_type: ir.TypeExpr, value: Any
) -> ir.PyExpr | None:
    default = default_expr(prop_type, value, reg.enums)
    if default is None and takes_defaults(prop_type):
        reg.warn(located, "default", "default does not fit the property's type; ignored")
    elif default is None:
        reg.warn(
            located,
            "default",
            "default not applied: a default for a model, a date or a union is not written "
            "into the generated class yet",
        )
    return default


def declaring_model(reg: Registry, prop: Located) -> ir.ModelRef | None:
    """The innermost model whose schema holds this property's schema."""
    pointer = prop.pointer
    while "/" in pointer:
        pointer = pointer.rsplit("/", 1)[0]
        ref = reg.refs.get(f"{prop.document}#{pointer}")
        if isinstance(ref, ir.ModelRef):
            return ref
    return None


def extra_policy(reg: Registry, shape: ObjectShape, model_name: str) -> ir.ExtraPolicy:
    additional = shape.additional
    if additional is None or additional.schema is True or additional.schema == {}:
        return ir.ExtraPolicy("keep")
    if shape.patterned:  # other names may match a pattern, and hold what its schema says
        return ir.ExtraPolicy("keep")
    if additional.schema is False:
        return ir.ExtraPolicy("forbid")
    return ir.ExtraPolicy("typed", type_of(reg, additional, model_name + "Value", TOP))


def parent_of(reg: Registry, located: Located) -> Located | None:
    """The one named model an `allOf` extends, if it extends exactly one (and not in a cycle)."""
    chain: set[str] = {located.key}
    parent = single_parent(reg, located)
    result = parent
    while parent is not None:
        if parent.key in chain:
            return None
        chain.add(parent.key)
        parent = single_parent(reg, parent)
    return result


def single_parent(reg: Registry, located: Located) -> Located | None:
    schema = located.schema
    parts = schema.get("allOf") if isinstance(schema, dict) else None
    if not isinstance(parts, list):
        return None
    refs = [index for index, part in enumerate(parts) if isinstance(part, dict) and "$ref" in part]
    if len(refs) != 1:
        return None
    target = reg.follow(located.child("allOf", refs[0]))
    if reg.kind(target) != "model":
        return None
    return target


def with_required_fields(shape: ObjectShape) -> ObjectShape:
    """The shape with a property for each required name that `properties` does not describe.

    JSON Schema requires the name all the same (Mistral's `ChatCompletionResponse` requires a
    `data` it never describes), so the model holds it as a field: of the `additionalProperties`
    schema where there is one, of any JSON value otherwise. Kept among the extras instead, a
    model built in Python could never carry it, and its `to_dict` would be refused on the way in.
    """
    missing = [name for name in shape.required if name not in shape.properties]
    additional = shape.additional
    if not missing or shape.patterned or (additional is not None and additional.schema is False):
        # (Where other properties are refused, or patterns say which are allowed, the name is
        # left to the model's keywords, which check it as the schema says.)
        return shape
    described = additional is not None and isinstance(additional.schema, dict)
    properties = dict(shape.properties)
    for wire_name in missing:
        properties[wire_name] = (
            additional if described and additional is not None else shape.required_at[wire_name]
        )
    return dataclasses.replace(shape, properties=properties)


def object_shape(reg: Registry, located: Located, seen: set[str]) -> ObjectShape:
    """Properties, required names and extras of an object schema, `allOf` parts merged in order."""
    shape = ObjectShape()
    schema = located.schema
    if not isinstance(schema, dict) or located.key in seen:
        return shape
    seen = seen | {located.key}
    for index, part in enumerate(schema.get("allOf", []) or []):
        where = reg.follow(located.child("allOf", index)) if isinstance(part, dict) else located
        shape.merge(object_shape(reg, where, seen))
    properties = schema.get("properties") or {}
    if isinstance(properties, dict):
        for wire_name in properties:
            shape.properties[str(wire_name)] = located.child("properties", wire_name)
    required = schema.get("required") or []
    if isinstance(required, list):
        shape.required.update(dict.fromkeys(map(str, required)))
        for index, wire_name in enumerate(required):
            listed = Located({}, located.document, join_pointer(located.pointer, "required", index))
            shape.required_at.setdefault(str(wire_name), listed)
    if "additionalProperties" in schema:
        shape.additional = located.child("additionalProperties")
    shape.patterned = shape.patterned or has_patterns(schema)
    if isinstance(schema.get("minProperties"), int):
        shape.min_properties = schema["minProperties"]
    if isinstance(schema.get("maxProperties"), int):
        shape.max_properties = schema["maxProperties"]
    return shape
