"""What a model checks of its schema, `allOf` parts merged, and what it leaves to the evaluator.

A model reads the merged properties (each by the schema the last part that names it gives),
the required names, the extras and the sizes. What each part says beyond that goes into the
model's own keywords (`ir.Model.keywords`): the keywords no model checks (`not`, `if`,
`patternProperties`, ...), required names no part declares, an `additionalProperties` that
covers fewer names than the model has, and what an earlier part says of a property that a later
part declares again (unless the later schema implies it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import ir
from .keywords import (
    KINDS,
    Normaliser,
    admitted_kinds,
    declared_kinds,
    keywords_of,
    residual,
    warn_unenforced,
)
from .registry import Located, Registry


@dataclass(frozen=True)
class MergedObject:
    """What a model checks of its schema with the `allOf` parts merged in (`ObjectShape`)."""

    properties: Mapping[str, Located]  # each property's schema: the last part's that names it
    additional: Located | None  # the `additionalProperties` the model's extras follow
    patterned: bool  # a part has `patternProperties`: the extras are kept as they are
    min_properties: int | None
    max_properties: int | None
    types: Mapping[str, ir.TypeExpr]  # each property's type, as the model reads it


def model_keywords(
    reg: Registry, located: Located, merged: MergedObject
) -> ir.SchemaKeywords | None:
    """What a model's schema, and each part of its `allOf`, says beyond the properties, required
    names, extras and sizes the model checks, or None."""
    normaliser = Normaliser(reg)
    parts: list[Any] = []
    model_parts(reg, located, merged, normaliser, parts, set())
    if not parts:
        return None
    return keywords_of(parts[0] if len(parts) == 1 else {"allOf": parts}, normaliser.defs)


def model_parts(
    reg: Registry,
    located: Located,
    merged: MergedObject,
    normaliser: Normaliser,
    parts: list[Any],
    seen: set[str],
) -> None:
    """The keywords a model leaves to the evaluator, of this part and of its `allOf` parts."""
    schema = located.schema
    if located.key in seen or schema is True:
        return
    if not isinstance(schema, dict):
        parts.append(schema is not False)
        return
    seen.add(located.key)
    warn_unenforced(reg, located)
    handled, overrides = model_handles(reg, located, merged, normaliser)
    keywords = residual(reg, located, handled, frozenset({"object"}), overrides, normaliser)
    if keywords is not None and keywords.schema not in ({}, True):
        parts.append(keywords.schema)
    all_of = schema.get("allOf")
    if keywords is None or "allOf" not in keywords.schema:
        for index in range(len(all_of) if isinstance(all_of, list) else 0):
            part = reg.follow(located.child("allOf", index))
            model_parts(reg, part, merged, normaliser, parts, seen)


def model_handles(
    reg: Registry, located: Located, merged: MergedObject, normaliser: Normaliser
) -> tuple[set[str], dict[str, Any]]:
    """The keywords of one part that the merged model checks as the part means them, and
    values to check in place of some: the schemas of properties that a later part declares
    again, the required names no part declares, the names `additionalProperties` is beside."""
    schema = located.schema
    handled = {"allOf", "properties", "required", "minProperties", "maxProperties"}
    overrides: dict[str, Any] = {}
    names = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
    again = {}
    for name in map(str, names):
        later = merged.properties.get(name, located)
        if later.key != located.child("properties", name).key:
            earlier = located.child("properties", name)
            kept = still_to_check(reg, earlier, later, merged.types.get(name), normaliser)
            if kept is not None:
                again[name] = kept
    required = schema.get("required")
    missing = [
        name for name in required or () if isinstance(name, str) and name not in merged.properties
    ]
    if missing and isinstance(required, list):
        overrides["required"] = missing
    if schema.get("minProperties") != merged.min_properties and "minProperties" in schema:
        handled.discard("minProperties")
    if schema.get("maxProperties") != merged.max_properties and "maxProperties" in schema:
        handled.discard("maxProperties")
    additional = schema.get("additionalProperties")
    own_extras = (
        "additionalProperties" in schema
        and merged.additional is not None
        and merged.additional.key == located.child("additionalProperties").key
        and not merged.patterned
        and set(map(str, names)) == set(merged.properties)
    )
    if "additionalProperties" in schema and (own_extras or additional in (True, {})):
        handled.add("additionalProperties")
    elif "additionalProperties" in schema:
        overrides["properties"] = {str(name): again.get(str(name), True) for name in names}
    if again and "properties" not in overrides:
        overrides["properties"] = again
    return handled, overrides


def still_to_check(
    reg: Registry,
    earlier: Located,
    later: Located,
    later_type: ir.TypeExpr | None,
    normaliser: Normaliser,
) -> Any:
    """What a property's schema in an earlier `allOf` part says that the schema a later part
    gives it (which the model reads it by) does not already: None when nothing. When no value
    the later schema lists satisfies the earlier one, the parts contradict each other: the
    later one is kept alone, as the README's deviations say (a base's `success: {enum: [true]}`
    that a failure response overrides with `[false]`, seen hundreds of times in one real
    description)."""
    later_schema = reg.follow(later).schema
    bundling = Normaliser(reg, normaliser.defs)
    schema = bundling.schema(earlier)
    if not isinstance(schema, dict):
        return None if schema is True else schema
    if implied_by(schema, bundling.schema(later), normaliser.defs):
        return None
    kinds = admitted_kinds(reg, later_type) if later_type is not None else KINDS
    tested = declared_kinds(schema["type"]) if "type" in schema else KINDS
    if isinstance(schema.get("anyOf"), list):
        tested &= type_test_kinds(schema["anyOf"]) or KINDS
    if not kinds & tested:
        return None  # the parts contradict each other: the later one alone
    if "type" in schema and kinds <= declared_kinds(schema["type"]):
        schema = {key: value for key, value in schema.items() if key != "type"}
    if isinstance(schema.get("anyOf"), list) and kinds <= type_test_kinds(schema["anyOf"]):
        schema = {key: value for key, value in schema.items() if key != "anyOf"}
    schema = not_implied(schema, later_schema)
    if not schema:
        return None
    listed = listed_values(later_schema)
    if listed is not None:
        from ..runtime.keywords import Keywords

        passing = [Keywords(schema, normaliser.defs).accepts(value) for value in listed]
        if all(passing):
            return None
        if not any(passing):
            return None  # no listed value satisfies both: the later part alone
    return schema


def implied_by(earlier: Any, later: Any, defs: Mapping[str, Any]) -> bool:
    """Whether the later schema says all the earlier one does, seen through `$ref`s alone: the
    same schema, or one of its `allOf` parts (two components with the same content too)."""
    earlier = dereferenced(earlier, defs)
    later = dereferenced(later, defs)
    parts = later.get("allOf") if isinstance(later, dict) else None
    candidates = [later, *(parts if isinstance(parts, list) else ())]
    return any(dereferenced(candidate, defs) == earlier for candidate in candidates)


def dereferenced(schema: Any, defs: Mapping[str, Any]) -> Any:
    """The schema a bare `$ref` (or an `allOf` of one schema) stands for."""
    for _ in range(16):  # a chain of references, not a cycle
        if isinstance(schema, dict) and set(schema) == {"$ref"} and schema["$ref"] in defs:
            schema = defs[schema["$ref"]]
        elif isinstance(schema, dict) and set(schema) == {"allOf"} and len(schema["allOf"]) == 1:
            schema = schema["allOf"][0]
        else:
            break
    return schema


def type_test_kinds(options: list[Any]) -> frozenset[str]:
    """The JSON types an `anyOf` of bare `type` tests admits (none if it tests more)."""
    kinds: frozenset[str] = frozenset()
    for option in options:
        if option is True or option == {}:
            return KINDS
        if not isinstance(option, dict) or set(option) - {"type", "items"}:
            return frozenset()
        if option.get("items", {}) not in ({}, True):
            return frozenset()
        kinds |= declared_kinds(option.get("type"))
    return kinds


def listed_values(schema: Any) -> list[Any] | None:
    if not isinstance(schema, dict):
        return None
    if "const" in schema:
        return [schema["const"]]
    enum = schema.get("enum")
    return list(enum) if isinstance(enum, list) and enum else None


UPPER_BOUNDS = ("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties")
LOWER_BOUNDS = ("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties")


def not_implied(earlier: dict[str, Any], later: Any) -> dict[str, Any]:
    """The keywords of a property's earlier schema that its later one does not imply: the
    same value, or a bound at least as tight, says it already."""
    if not isinstance(later, dict):
        return earlier
    kept = {}
    for key, value in earlier.items():
        other = later.get(key)
        if other == value and type(other) is type(value):
            continue
        numbers = all(isinstance(item, int | float) for item in (value, other))
        if numbers and key in UPPER_BOUNDS and other <= value:
            continue
        if numbers and key in LOWER_BOUNDS and other >= value:
            continue
        kept[key] = value
    return kept
