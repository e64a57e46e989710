"""Type expressions: what a schema is as a Python type, with the enums and aliases it names.

Inline enums, objects and unions become named types of their own, named after where they stand
(the `hint`); an inline enum is declared in the module of the model whose property it is (`Scope`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import ir, naming
from ..patterns import to_python_pattern
from ..schemas import (
    SCHEMA_KEYWORDS_OF_OBJECTS,
    admits_null,
    array_constraints,
    enum_base,
    first_occurrences,
    has_patterns,
    infer_type,
    int_or_none,
    is_named_worthy,
    is_scalar_enum,
    scalar,
    schema_types,
    text,
)
from .registry import Located, Registry, Scope


def type_of(
    reg: Registry, located: Located, hint: str, scope: Scope, *, named_ok: bool = True
) -> ir.TypeExpr:
    """The type of a schema; `hint` names inline models and enums it declares."""
    schema = located.schema
    if schema is True or schema is None or schema == {} or not isinstance(schema, dict):
        return ir.AnyJson()
    if isinstance(schema.get("$ref"), str):
        target = reg.follow(located)
        nullable = schema.get("nullable") is True or admits_null(target.schema)
        named = reference(reg, target, hint, scope)
        return nullable_if(nullable, or_other_types(reg, target, named, hint, scope))
    if named_ok and located.key in reg.refs:  # declared before: same type, same nullability
        named = reference(reg, located, hint, scope)
        return nullable_if(admits_null(schema), or_other_types(reg, located, named, hint, scope))
    types = schema_types(schema)
    nullable = schema.get("nullable") is True or "null" in types
    non_null = [kind for kind in types if kind != "null"]
    return nullable_if(nullable, type_of_non_null(reg, located, hint, non_null, scope))


def or_other_types(
    reg: Registry, target: Located, named: ir.TypeExpr, hint: str, scope: Scope
) -> ir.TypeExpr:
    """A model whose `type` lists other JSON types too (`[object, string]`) is one of them."""
    if not isinstance(named, ir.ModelRef) or not isinstance(target.schema, dict):
        return named
    others = [kind for kind in schema_types(target.schema) if kind not in ("object", "null")]
    if not others:
        return named
    alternatives = (type_of_json_type(reg, target, hint, kind, scope) for kind in others)
    return ir.UnionOf((named, *alternatives))


def nullable_if(nullable: bool, expr: ir.TypeExpr) -> ir.TypeExpr:
    return ir.Nullable(expr) if nullable and not isinstance(expr, ir.Nullable) else expr


def reference(reg: Registry, target: Located, hint: str, scope: Scope) -> ir.TypeExpr:
    """The named type of a schema, declared (and for enums and aliases, built) if it is new."""
    ref = reg.refs.get(target.key)
    if ref is None:
        if not is_named_worthy(target.schema):
            return type_of(reg, target, hint, scope, named_ok=False)
        ref = reg.declare(target.pointer.rsplit("/", 1)[-1] or hint, target)
    if isinstance(ref, ir.AliasRef) and target.key in scope.open_aliases:
        return ir.AnyJson()  # an alias that contains itself: no finite Python type
    reg.enqueue(target)
    if isinstance(ref, ir.AliasRef | ir.EnumRef) and target.key not in reg.built:
        reg.built.add(target.key)
        build_enum_or_alias(reg, ref, target, scope)
    return reg.refs[target.key]


def build_enum_or_alias(
    reg: Registry, ref: ir.EnumRef | ir.AliasRef, located: Located, scope: Scope
) -> None:
    if isinstance(ref, ir.EnumRef):
        reg.enums[ref.name] = build_enum(ref.name, ref.module, located, owner=None)
    else:
        reg.aliases[ref.name] = build_alias(reg, ref, located, scope)


def type_of_non_null(
    reg: Registry, located: Located, hint: str, types: list[str], scope: Scope
) -> ir.TypeExpr:
    """The type of a schema, leaving out `null`: by its keywords, else by its JSON types."""
    schema = located.schema
    if "const" in schema:
        return ir.Const(schema["const"])
    if "enum" in schema and isinstance(schema["enum"], list):
        if not is_scalar_enum(schema):
            return constant_choice(schema["enum"])
        return inline_enum(reg, located, hint, scope)
    for keyword in ("oneOf", "anyOf"):
        options = schema.get(keyword)
        if isinstance(options, list) and options:
            return union(reg, located, keyword, hint, scope)
    all_of = schema.get("allOf")
    if isinstance(all_of, list) and all_of:
        if len(all_of) == 1 and not any(key in schema for key in SCHEMA_KEYWORDS_OF_OBJECTS):
            return type_of(reg, located.child("allOf", 0), hint, scope)
        typed = reg.typed_part(located)
        if typed is not None:  # no part is an object: the type of the part that has one
            return type_of(reg, typed, hint, scope)
        if not reg.shapes_object(located):  # no part has a type: any value
            return ir.AnyJson()
        return inline_model(reg, located, hint, scope)
    if len(types) > 1:
        return ir.UnionOf(
            tuple(type_of_json_type(reg, located, hint, kind, scope) for kind in types)
        )
    return type_of_json_type(reg, located, hint, types[0] if types else infer_type(schema), scope)


def type_of_json_type(
    reg: Registry, located: Located, hint: str, json_type: str, scope: Scope
) -> ir.TypeExpr:
    schema = located.schema
    match json_type:
        case "object":
            if schema.get("properties"):
                return inline_model(reg, located, hint, scope)
            return map_type(reg, located, hint, scope)
        case "array":
            items = (
                located.child("items")
                if "items" in schema
                else Located({}, located.document, located.pointer)
            )
            item = type_of(reg, items, hint + "Item", scope)
            return ir.ArrayOf(item, array_constraints(schema))
        case "string" | "integer" | "number" | "boolean":
            return scalar(json_type, schema, pattern_of(reg, located))
        case _:
            # No `type` (and nothing to infer one from) admits any JSON value; an unknown one
            # (Swagger's "file") is reported by validation, and taken as any value too.
            return ir.AnyJson()


def map_type(reg: Registry, located: Located, hint: str, scope: Scope) -> ir.TypeExpr:
    """An object schema without properties: a dict of its `additionalProperties`."""
    schema = located.schema
    additional = schema.get("additionalProperties")
    constraints = ir.Constraints(
        min_properties=int_or_none(schema.get("minProperties")),
        max_properties=int_or_none(schema.get("maxProperties")),
    )
    if isinstance(additional, dict) and additional and not has_patterns(schema):
        value = type_of(reg, located.child("additionalProperties"), hint + "Value", scope)
        return ir.MapOf(value, constraints)
    return ir.MapOf(ir.AnyJson(), constraints)


def inline_model(reg: Registry, located: Located, hint: str, scope: Scope) -> ir.TypeExpr:
    if located.key not in reg.refs:
        reg.declare(hint, located)
    return reference(reg, located, hint, scope)


def inline_enum(reg: Registry, located: Located, hint: str, scope: Scope) -> ir.TypeExpr:
    values = located.schema["enum"]
    ref = reg.refs.get(located.key)
    if ref is None:
        name = reg.class_names.claim(
            naming.class_name(hint if hint.endswith("Enum") else hint + "Enum")
        )
        owner = scope.owner
        module = owner.module if owner is not None else reg.new_module(name)
        ref = ir.EnumRef(name, module)
        reg.refs[located.key] = ref
        reg.built.add(located.key)
        reg.enums[name] = dataclasses.replace(
            build_enum(name, module, located, owner=owner.name if owner else None),
            owner_property=scope.property if owner else "",
        )
    if not values or all(value is None for value in values):
        return ir.Const(None)
    return nullable_if(None in values, ref)


def constant_choice(values: list[Any]) -> ir.TypeExpr:
    """One of these JSON values, compared as values (an `enum` that lists arrays or objects)."""
    options = [ir.Const(value) for value in values if value is not None]
    if not options:
        return ir.Const(None)
    choice: ir.TypeExpr = options[0] if len(options) == 1 else ir.UnionOf(tuple(options))
    return ir.Nullable(choice) if None in values else choice


def union(reg: Registry, located: Located, keyword: str, hint: str, scope: Scope) -> ir.TypeExpr:
    options: list[ir.TypeExpr] = []
    nullable = False
    for index, option in enumerate(located.schema[keyword]):
        if isinstance(option, dict) and schema_types(option) == ["null"]:
            nullable = True
            continue
        option_hint = f"{hint}Option{index + 1}"
        options.append(type_of(reg, located.child(keyword, index), option_hint, scope))
    discriminator = located.schema.get("discriminator")
    property_name = None
    mapping: list[tuple[str, str]] = []
    default_model = None
    if isinstance(discriminator, dict) and isinstance(discriminator.get("propertyName"), str):
        property_name = discriminator["propertyName"]
        mapping = discriminator_mapping(reg, located, keyword, hint, scope)
        if isinstance(discriminator.get("defaultMapping"), str):
            default_model = mapped_model(reg, located, discriminator["defaultMapping"], hint, scope)
    result: ir.TypeExpr = ir.UnionOf(tuple(options), property_name, tuple(mapping), default_model)
    if len(options) == 1:
        result = options[0]
    return ir.Nullable(result) if nullable else result


def discriminator_mapping(
    reg: Registry, located: Located, keyword: str, hint: str, scope: Scope
) -> list[tuple[str, str]]:
    """Discriminator values and the models they select: the explicit `mapping`, then the
    options' own names for the options it leaves out."""
    mapping: list[tuple[str, str]] = []
    for value, ref in (located.schema["discriminator"].get("mapping") or {}).items():
        name = mapped_model(reg, located, ref, hint, scope)
        if name is not None:
            mapping.append((str(value), name))
    explicit = {value for value, _ in mapping}
    for index in range(len(located.schema[keyword])):
        target = reg.follow(located.child(keyword, index))
        option = reg.refs.get(target.key)
        wire_name = target.pointer.rsplit("/", 1)[-1]
        if isinstance(option, ir.ModelRef) and wire_name not in explicit:
            mapping.append((wire_name, option.name))
    return mapping


def mapped_model(reg: Registry, located: Located, ref: str, hint: str, scope: Scope) -> str | None:
    """The model a discriminator's mapping names (a `$ref` or a bare schema name), if a model."""
    as_ref, document = reg.spec.discriminator_ref(ref, located.document)
    target = reg.follow(Located({"$ref": as_ref}, document, located.pointer))
    named = reference(reg, target, hint, scope)
    return named.name if isinstance(named, ir.ModelRef) else None


def pattern_of(reg: Registry, located: Located) -> str | None:
    pattern = located.schema.get("pattern")
    if not isinstance(pattern, str):
        return None
    translated, problem = to_python_pattern(pattern)
    if translated is None:
        reg.warn(located, "pattern", problem)
    return translated


# -- enums and aliases ---------------------------------------------------------------------------


def build_enum(name: str, module: str, located: Located, owner: str | None) -> ir.EnumDef:
    schema = located.schema
    values = [value for value in schema.get("enum", []) if value is not None]
    names = schema.get("x-enum-varnames") or schema.get("x-enumNames") or []
    descriptions = schema.get("x-enum-descriptions") or []
    registry = naming.NameRegistry()
    members = []
    first = first_occurrences(values)
    for index, value in enumerate(values):
        if not first[index]:
            continue
        wanted = names[index] if index < len(names) and isinstance(names[index], str) else value
        member_name = registry.claim(naming.enum_member_name(wanted), separator="_")
        description = descriptions[index] if index < len(descriptions) else ""
        members.append(ir.EnumMember(member_name, value, text(description)))
    return ir.EnumDef(
        name=name,
        module=module,
        source=located.key,
        base=enum_base(values),
        members=tuple(members),
        title=text(schema.get("title")),
        description=text(schema.get("description")),
        owner=owner,
        deprecated=schema.get("deprecated") is True,
    )


def build_alias(reg: Registry, ref: ir.AliasRef, located: Located, scope: Scope) -> ir.Alias:
    inside = scope.inside_alias(located.key)
    target = type_of(reg, located, ref.name, inside, named_ok=False)
    reg.refs[located.key] = ir.AliasRef(ref.name, ref.module, target)
    schema = located.schema if isinstance(located.schema, dict) else {}
    return ir.Alias(
        name=ref.name,
        module=ref.module,
        source=located.key,
        wire_name=reg.wire_name(located),
        target=target,
        title=text(schema.get("title")),
        description=text(schema.get("description")),
    )
