"""Reading schema objects: what a schema is, its types, constraints, defaults and examples.

Pure functions of the schema dictionaries, shared by the builder's stages.
"""

from __future__ import annotations

from typing import Any, Literal

from . import ir

STRING_FORMATS: dict[str, tuple[str, str]] = {
    "date-time": ("datetime.datetime", "DateTime"),
    "date": ("datetime.date", "Date"),
}
INT32_FORMATS = {"int32"}
# Raw bytes (`runtime/files.py`): what a multipart file part or a binary body holds.
BINARY = "rt.File"
SCHEMA_KEYWORDS_OF_OBJECTS = ("properties", "additionalProperties", "required")


def text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def int_or_none(value: Any) -> int | None:
    """A size keyword's value: an integer, also when written as a decimal (`maxItems: 2.0`)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def number_or_none(value: Any) -> int | float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def first_example(schema: Any) -> Any:
    if not isinstance(schema, dict):
        return None
    if "example" in schema:
        return schema["example"]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    return None


def admits_null(schema: Any) -> bool:
    """A named schema whose instances may be null (`nullable`, a `null` type or a `null` enum value)."""
    if not isinstance(schema, dict):
        return False
    enum = schema.get("enum")
    return (
        schema.get("nullable") is True
        or "null" in schema_types(schema)
        or (isinstance(enum, list) and None in enum)
    )


def schema_types(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [str(item) for item in kind]
    return []


def infer_type(schema: dict[str, Any]) -> str:
    """The type a schema without `type` is read as: an object for `properties` or
    `additionalProperties` (a deviation the README lists: JSON Schema lets any non-object
    through), else none (any JSON value, each keyword checked by the evaluator)."""
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    return ""


SchemaKind = Literal["model", "enum", "alias"]


def schema_kind(schema: Any) -> SchemaKind:
    """Whether a named schema is generated as a model, an enum or a type alias."""
    if not isinstance(schema, dict):
        return "alias"
    if is_scalar_enum(schema) and any(value is not None for value in schema["enum"]):
        return "enum"
    if is_named_worthy(schema) and not isinstance(schema.get("$ref"), str):
        return "model"
    return "alias"


def is_object_like(schema: dict[str, Any]) -> bool:
    """Whether a schema describes an object: its type, or keywords only objects have."""
    keywords = (*SCHEMA_KEYWORDS_OF_OBJECTS, "patternProperties")
    return "object" in schema_types(schema) or any(key in schema for key in keywords)


def is_named_worthy(schema: Any) -> bool:
    """Object schemas with properties (or `allOf` parts) are classes; the rest are plain types."""
    if not isinstance(schema, dict):
        return False
    if isinstance(schema.get("enum"), list):
        return is_scalar_enum(schema)
    if schema.get("properties"):
        # `properties` only constrain objects: beside a `type` that rules objects out
        # (`type: array`), they are inert, as JSON Schema reads them.
        types = schema_types(schema)
        return not types or "object" in types
    all_of = schema.get("allOf")
    return isinstance(all_of, list) and (
        len(all_of) > 1 or any(key in schema for key in SCHEMA_KEYWORDS_OF_OBJECTS)
    )


def is_scalar_enum(schema: dict[str, Any]) -> bool:
    """An `enum` of strings, numbers, booleans and null: a Python enum. One that lists arrays or
    objects (`enum: [[]]`), or two values Python holds equal (`true` and `1`, `1` and `1.0`),
    which would be one member, is a choice of constant values instead."""
    values = schema.get("enum")
    if not isinstance(values, list) or any(isinstance(value, list | dict) for value in values):
        return False
    kept = [value for value, first in zip(values, first_occurrences(values), strict=True) if first]
    return len(set(kept)) == len(kept)


def has_patterns(schema: dict[str, Any]) -> bool:
    """Whether `patternProperties` names properties: their values need not be of the type
    `additionalProperties` gives, which covers only the names no pattern matches."""
    patterns = schema.get("patternProperties")
    return isinstance(patterns, dict) and bool(patterns)


def enum_base(values: list[Any]) -> Any:
    if values and all(isinstance(value, str) for value in values):
        return "str"
    if values and all(isinstance(value, int) and not isinstance(value, bool) for value in values):
        return "int"
    if values and all(isinstance(value, float) for value in values):
        return "float"  # with integers among them, no base: a float one writes `1` as `1.0`
    return "any"


def array_constraints(schema: dict[str, Any]) -> ir.Constraints:
    return ir.Constraints(
        min_items=int_or_none(schema.get("minItems")),
        max_items=int_or_none(schema.get("maxItems")),
        unique_items=schema.get("uniqueItems") is True,
    )


def scalar(kind: str, schema: dict[str, Any], pattern: str | None = None) -> ir.Scalar:
    fmt = schema.get("format") if isinstance(schema.get("format"), str) else None
    if kind == "string" and is_raw_binary(schema):
        return ir.Scalar(BINARY, "Binary", fmt)
    if kind == "string":
        python, codec = STRING_FORMATS.get(fmt or "", ("str", "Str"))
        return ir.Scalar(
            python,
            codec,
            fmt,
            ir.Constraints(
                min_length=int_or_none(schema.get("minLength")),
                max_length=int_or_none(schema.get("maxLength")),
                pattern=pattern,
            ),
        )
    if kind == "boolean":
        return ir.Scalar("bool", "Bool", fmt)
    minimum, maximum = number_or_none(schema.get("minimum")), number_or_none(schema.get("maximum"))
    exclusive_minimum, exclusive_maximum = exclusive_bounds(schema)
    constraints = ir.Constraints(
        minimum=None if schema.get("exclusiveMinimum") is True else minimum,
        maximum=None if schema.get("exclusiveMaximum") is True else maximum,
        exclusive_minimum=exclusive_minimum,
        exclusive_maximum=exclusive_maximum,
        multiple_of=number_or_none(schema.get("multipleOf")),
    )
    if kind == "integer":
        return ir.Scalar("int", "Int", fmt, constraints)
    return ir.Scalar("float", "Float", fmt, constraints)


def is_raw_binary(schema: dict[str, Any]) -> bool:
    """A string of raw bytes: `format: binary`, or (3.1) a `contentMediaType` that is not
    text, without a `contentEncoding` that would make it text (base64, ...)."""
    if schema.get("format") == "binary":
        return True
    media_type = schema.get("contentMediaType")
    if not isinstance(media_type, str) or "contentEncoding" in schema:
        return False
    base = media_type.split(";", 1)[0].strip().lower()
    textual = base.startswith("text/") or base.endswith(("json", "xml"))
    return bool(base) and not textual


def exclusive_bounds(schema: dict[str, Any]) -> tuple[int | float | None, int | float | None]:
    """OpenAPI 3.0 writes exclusive bounds as booleans beside minimum/maximum; 3.1 as numbers."""
    low, high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    exclusive_minimum = (
        number_or_none(schema.get("minimum")) if low is True else number_or_none(low)
    )
    exclusive_maximum = (
        number_or_none(schema.get("maximum")) if high is True else number_or_none(high)
    )
    return exclusive_minimum, exclusive_maximum


# The scalars' Python types that hold a JSON value as it is (dates are read into objects).
PLAIN_TYPES = frozenset({"str", "int", "float", "bool"})


def fits_scalar(python_type: str, value: Any) -> bool:
    """Whether a JSON value is one of a plain Python type (`str`, `int`, `float`, `bool`)."""
    if python_type in ("str", BINARY):  # binary content read from JSON is text
        return isinstance(value, str)
    if python_type == "bool":
        return isinstance(value, bool)
    if python_type == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if python_type == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return False


def default_expr(
    prop_type: ir.TypeExpr, value: Any, enums: dict[str, ir.EnumDef]
) -> ir.PyExpr | None:
    """The Python value of a spec default, or None when it does not fit the type or is of a
    kind not written as a Python default (`takes_defaults` tells which)."""
    match prop_type:
        case ir.Nullable():
            if value is None:
                return ir.PyLiteral(None)
            return default_expr(prop_type.inner, value, enums)
        case ir.EnumRef():
            enum = enums.get(prop_type.name)
            member = enum_member(enum, value) if enum is not None else None
            return ir.PyName(f"{prop_type.name}.{member.name}") if member is not None else None
        case ir.Scalar():
            return ir.PyLiteral(value) if fits_scalar(prop_type.python, value) else None
        case ir.ArrayOf():
            return list_default(prop_type, value, enums)
        case ir.MapOf():
            return map_default(prop_type, value, enums)
        case ir.AliasRef():
            return default_expr(prop_type.target, value, enums)
        case ir.UnionOf():
            return union_default(prop_type, value, enums)
        case ir.AnyJson() | ir.Const():
            return ir.PyLiteral(value)
        case ir.Checked():
            return default_expr(prop_type.inner, value, enums)
        case ir.ModelRef():
            return None  # not written as a Python default yet: the property takes none
    return ir.unknown_kind(prop_type)


def list_default(
    prop_type: ir.ArrayOf, value: Any, enums: dict[str, ir.EnumDef]
) -> ir.PyExpr | None:
    """`[]` for any list; otherwise each item as the item type takes it."""
    if not isinstance(value, list):
        return None
    items = [default_expr(prop_type.item, item, enums) for item in value]
    if any(item is None for item in items):
        return None
    if all(isinstance(item, ir.PyLiteral) for item in items):
        return ir.PyLiteral(value)
    return ir.PyList(tuple(item for item in items if item is not None))


def map_default(prop_type: ir.MapOf, value: Any, enums: dict[str, ir.EnumDef]) -> ir.PyExpr | None:
    """`{}` for any map; otherwise each value as the value type takes it."""
    if not isinstance(value, dict):
        return None
    entries = [
        (str(key), default_expr(prop_type.value, item, enums)) for key, item in value.items()
    ]
    if any(entry is None for _, entry in entries):
        return None
    if all(isinstance(entry, ir.PyLiteral) for _, entry in entries):
        return ir.PyLiteral(value)
    return ir.PyDict(tuple((key, entry) for key, entry in entries if entry is not None))


def union_default(
    prop_type: ir.UnionOf, value: Any, enums: dict[str, ir.EnumDef]
) -> ir.PyExpr | None:
    """The default as the option that reading it from JSON picks (the first that accepts it),
    where that option takes it as it is: a constant, a plain value or an enum member. None
    where an option before might read it as something else (a date, a model, an open enum)."""
    for option in prop_type.options:
        if isinstance(option, ir.Const):
            if same_value(option.value, value):
                return ir.PyLiteral(value)
        elif isinstance(option, ir.Scalar) and fits_scalar(option.python, value):
            return ir.PyLiteral(value)
        elif (
            isinstance(option, ir.EnumRef)
            and (member := default_expr(option, value, enums)) is not None
        ):
            return member
        elif might_read(option, value):
            return None
    return None


def might_read(option: ir.TypeExpr, value: Any) -> bool:
    """Whether a union's option might accept a JSON value (so that a later option never sees it)."""
    match option:
        case ir.Scalar() if option.python == BINARY:
            return isinstance(value, str)
        case ir.Scalar():
            plain = option.python in PLAIN_TYPES
            return not plain and isinstance(value, str) and reads_as_date(option, value)
        case ir.ModelRef() | ir.MapOf():
            return isinstance(value, dict)
        case ir.ArrayOf():
            return isinstance(value, list)
        case ir.AliasRef():
            return might_read(option.target, value)
        case ir.Checked():
            return might_read(option.inner, value)
        case ir.Const():
            return False
    return True  # an enum (open ones take any value of their type), JSON, a union


def reads_as_date(option: ir.Scalar, text: str) -> bool:
    """Whether the generated package reads `text` as a date (or a date-time) for this option:
    the runtime's own codec is asked."""
    from . import runtime  # the code the packages run; the generator rarely needs it

    codec = runtime.DateTime() if option.codec == "DateTime" else runtime.Date()
    try:
        codec.decode(text, "")
    except runtime.ValidationError:
        return False
    return True


def takes_defaults(prop_type: ir.TypeExpr) -> bool:
    """Whether a default that fits a property of this type becomes its Python default; models
    and dates (alone, in lists, in unions) do not yet: their defaults are left out."""
    match prop_type:
        case ir.Nullable():
            return takes_defaults(prop_type.inner)
        case ir.Scalar():
            return prop_type.python in PLAIN_TYPES
        case ir.ArrayOf():
            return takes_defaults(prop_type.item)
        case ir.MapOf():
            return takes_defaults(prop_type.value)
        case ir.AliasRef():
            return takes_defaults(prop_type.target)
        case ir.Checked():
            return takes_defaults(prop_type.inner)
        case ir.UnionOf():
            return all(takes_defaults(option) for option in prop_type.options)
        case ir.ModelRef():
            return False
        case ir.EnumRef() | ir.AnyJson() | ir.Const():
            return True
    return ir.unknown_kind(prop_type)


def same_value(value: Any, other: Any) -> bool:
    """Equal, and of the same JSON type: 1, 1.0 and `true` are three values."""
    return value == other and type(value) is type(other)


def enum_member(enum: ir.EnumDef, value: Any) -> ir.EnumMember | None:
    return next(
        (member for member in enum.members if same_value(member.value, value)),
        None,
    )


def first_occurrences(values: list[Any]) -> list[bool]:
    """For each value, whether no earlier value has the same type and compares equal to it.

    Hashable values are looked up in a set, so a long `enum` costs time in proportion to its
    length; NaN equals nothing, itself included, and lists and mappings are compared one by one
    (they only ever equal each other).
    """
    seen: set[tuple[type, Any]] = set()
    unhashable: list[Any] = []
    first: list[bool] = []
    for value in values:
        if isinstance(value, float) and value != value:
            first.append(True)
            continue
        key = (type(value), value)
        try:
            new = key not in seen
        except TypeError:
            new = not any(same_value(value, other) for other in unhashable)
            if new:
                unhashable.append(value)
        else:
            seen.add(key)
        first.append(new)
    return first


def one_way(schema: Any) -> bool:
    """Whether a property's schema is `readOnly` or `writeOnly`, itself or in a part of its
    `allOf` (`allOf: [{$ref: ...}, {readOnly: true}]`, as Cloudflare marks its ids)."""
    if not isinstance(schema, dict):
        return False
    all_of = schema.get("allOf")
    parts: list[Any] = all_of if isinstance(all_of, list) else []
    return any(
        isinstance(part, dict) and (part.get("readOnly") is True or part.get("writeOnly") is True)
        for part in [schema, *parts]
    )
