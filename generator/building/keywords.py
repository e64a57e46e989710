"""What a schema says beyond its Python type: the keywords its codec does not check, as data.

A codec checks what its type says: a `Str` its length, pattern and format, a model its properties
and extras, a union its options. Whoever builds a type from a schema says which of the schema's
keywords the type checks (`handled`); `residual` gives the others, normalised for the runtime's
evaluator (`runtime/keywords.py`), or None when there are none, which is what an ordinary schema
gets: its output and its speed are those of the codec alone.

The normalised form is JSON Schema 2020-12: OpenAPI 3.0's `nullable` and boolean
`exclusiveMinimum`/`exclusiveMaximum` rewritten, annotations (titles, examples, `readOnly`,
`discriminator`, `x-*`, formats the runtime does not check, ...) left out, patterns in Python's
syntax, and every `$ref` naming an entry of the `defs` that travel with it (the schemas it
reaches, bundled by their place in the description), so that recursion works.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import ir
from ..patterns import to_python_pattern
from ..runtime.formats import FORMATS
from ..schemas import one_way
from .registry import Located, Registry

# Keywords whose value is a schema, a list of schemas, or an object of schemas.
ONE_SCHEMA = (
    "additionalProperties",
    "items",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
)
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas")
# Keywords whose value is data.
DATA = (
    "type",
    "enum",
    "const",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "format",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
)
# What constrains values in JSON Schema 2020-12 (OpenAPI 3.1); everything else annotates.
VALIDATION = frozenset((*ONE_SCHEMA, *SCHEMA_LISTS, *SCHEMA_MAPS, *DATA, "$ref"))
# Keywords that say something JSON Schema 2020-12 does not read (older drafts' spellings, dynamic
# references): a warning names each, since nothing checks what it says.
UNENFORCED = {
    "dependencies": "use dependentRequired or dependentSchemas (JSON Schema 2019-09 on)",
    "additionalItems": "use items beside prefixItems (JSON Schema 2020-12)",
    "$dynamicRef": "dynamic references are not resolved",
    "$recursiveRef": "dynamic references are not resolved",
}
ALL = VALIDATION  # every keyword handled: nothing is left for the evaluator

# The JSON type a keyword constrains (the others constrain every value).
APPLIES_TO = {
    **dict.fromkeys(("minLength", "maxLength", "pattern", "format"), "string"),
    **dict.fromkeys(
        ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"), "number"
    ),
    **dict.fromkeys(
        (
            "items",
            "prefixItems",
            "contains",
            "minContains",
            "maxContains",
            "minItems",
            "maxItems",
            "uniqueItems",
            "unevaluatedItems",
        ),
        "array",
    ),
    **dict.fromkeys(
        (
            "properties",
            "patternProperties",
            "additionalProperties",
            "required",
            "dependentRequired",
            "dependentSchemas",
            "propertyNames",
            "minProperties",
            "maxProperties",
            "unevaluatedProperties",
        ),
        "object",
    ),
}
# JSON types, `integer` apart: a value of kind `integer` is a `number` too.
KINDS = frozenset({"string", "integer", "number", "boolean", "null", "array", "object"})
# Keywords that mean something only beside another, or whose meaning depends on another.
COMPANIONS = {
    "additionalProperties": ("properties", "patternProperties"),
    "items": ("prefixItems",),
    "prefixItems": ("items",),
    "contains": ("minContains", "maxContains"),
    "minContains": ("contains",),
    "maxContains": ("contains",),
    "if": ("then", "else"),
    "then": ("if",),
    "else": ("if",),
}
NEED_ALL = ("unevaluatedProperties", "unevaluatedItems")  # they see what every other evaluated


def openapi_30(reg: Registry) -> bool:
    data = reg.spec.data
    version = data.get("openapi") if isinstance(data, dict) else None
    return not (isinstance(version, str) and not version.startswith("3.0"))


@dataclass
class Normaliser:
    """Schemas of a description as the runtime's evaluator reads them, the `$ref`s they reach
    gathered in `defs` by name."""

    reg: Registry
    defs: dict[str, Any] = field(default_factory=dict)
    keep_formats: bool = False  # every `format`, not only those the runtime checks

    def __post_init__(self) -> None:
        self.openapi_30 = openapi_30(self.reg)

    def schema(self, located: Located) -> Any:
        node = located.schema
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict):
            return True
        if isinstance(node.get("$ref"), str):
            ref = {"$ref": self.bundle(self.reg.follow(located))}
            if not self.openapi_30:  # 3.0 ignores what stands beside a `$ref`; 3.1 applies it
                ref |= self.keywords(located, [key for key in node if key != "$ref"])
            # `nullable` beside a `$ref` admits null, as the generated type does.
            return {"anyOf": [{"type": "null"}, ref]} if self.nullable(node) else ref
        return self.keywords(located, list(node))

    def bundle(self, target: Located) -> str:
        """The name under which `defs` holds the schema (normalised once, cycles included)."""
        name = target.key.removeprefix(self.reg.spec.root)
        if name not in self.defs:
            self.defs[name] = True  # a cycle comes back here: the entry is being made
            self.defs[name] = self.schema(target)
        return name

    @staticmethod
    def nullable(node: dict[str, Any]) -> bool:
        """OpenAPI 3.0's `nullable: true` (read in 3.1 documents too, as their types are)."""
        return node.get("nullable") is True

    def keywords(
        self, located: Located, names: Iterable[str], overrides: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """The given keywords of a schema, normalised (`overrides` replaces some values)."""
        node = located.schema
        result: dict[str, Any] = {}
        for name in names:
            if name in (overrides or {}):
                result[name] = (overrides or {})[name]
            elif name in VALIDATION and name in node and name != "$ref":
                value = self.value(located, name)
                if value is not None:
                    result[name] = value
        if isinstance(result.get("required"), list):
            result["required"] = self.two_way_required(located, result["required"])
        return self.rewrite_openapi(node, result)

    def two_way_required(self, located: Located, required: list[Any]) -> list[Any]:
        """`required` without the properties that one direction leaves out: a `readOnly` one is
        "required on the response only" (OpenAPI 3.0.3), a `writeOnly` one on the request only,
        and one model serves both, as its fields do (`objects.is_required`)."""
        properties = located.schema.get("properties")
        if not isinstance(properties, dict):
            return required
        return [
            name
            for name in required
            if not (name in properties and self.one_way_property(located.child("properties", name)))
        ]

    def one_way_property(self, located: Located) -> bool:
        """Whether a property's schema, or what its `$ref` leads to, is one-way."""
        return any(one_way(schema) for schema in (located.schema, self.reg.follow(located).schema))

    def value(self, located: Located, name: str) -> Any:
        """A keyword's value normalised, or None to leave the keyword out."""
        value = located.schema[name]
        if name in ONE_SCHEMA:
            if name == "items" and not isinstance(value, dict | bool):
                return None
            return self.schema(located.child(name))
        if name in SCHEMA_LISTS:
            if not isinstance(value, list):
                return None
            return [self.schema(located.child(name, index)) for index in range(len(value))]
        if name in SCHEMA_MAPS:
            if not isinstance(value, dict):
                return None
            return self.schema_map(located, name)
        if name == "pattern":
            return self.pattern(located, value)
        if name == "format":
            return value if value in FORMATS or self.keep_formats else None
        return value

    def schema_map(self, located: Located, name: str) -> dict[str, Any]:
        result = {}
        for key in located.schema[name]:
            if name == "patternProperties":
                translated = self.pattern(located.child(name), key)
                if translated is not None:
                    result[translated] = self.schema(located.child(name, key))
            else:
                result[str(key)] = self.schema(located.child(name, key))
        return result

    def pattern(self, located: Located, pattern: Any) -> str | None:
        if not isinstance(pattern, str):
            return None
        translated, problem = to_python_pattern(pattern)
        if translated is None:
            where = "pattern" if located.schema.get("pattern") == pattern else ""
            warn_once(self.reg, located, where, problem)
        return translated

    def rewrite_openapi(self, node: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
        """OpenAPI 3.0's own keywords as 2020-12 writes them."""
        for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
            if exclusive in result:
                if result[exclusive] is True and bound in node:
                    result[exclusive] = node[bound]
                    result.pop(bound, None)
                elif not isinstance(result[exclusive], int | float) or isinstance(
                    result[exclusive], bool
                ):
                    del result[exclusive]
        if not self.nullable(node) or not result:
            return result
        if set(result) <= NULL_TOLERANT | {"type", "enum"}:  # the common case, spelled simply
            kind = result.get("type")
            if isinstance(kind, str):
                result["type"] = [kind, "null"]
            if isinstance(result.get("enum"), list) and None not in result["enum"]:
                result["enum"] = [*result["enum"], None]
            return result
        return {"anyOf": [{"type": "null"}, result]}  # null, or what the rest says


# Keywords that never refuse null (they constrain values of other types only).
NULL_TOLERANT = frozenset(APPLIES_TO)


def warn_unenforced(reg: Registry, located: Located) -> None:
    """A warning for each keyword of the schema that nothing checks."""
    schema = located.schema
    for keyword, instead in UNENFORCED.items():
        if keyword in schema:
            warn_once(reg, located, keyword, f"{keyword} is not enforced: {instead}")
    if isinstance(schema.get("items"), list):
        warn_once(reg, located, "items", "a list under items is not enforced: use prefixItems")


def warn_once(reg: Registry, located: Located, keyword: str, message: str) -> None:
    before = len(reg.diagnostics)
    reg.warn(located, keyword, message)
    if reg.diagnostics[-1] in reg.diagnostics[:before]:
        reg.diagnostics.pop()


def admitted_kinds(reg: Registry, expr: ir.TypeExpr) -> frozenset[str]:
    """The JSON types of the values a type's codec accepts (`number` for integers too)."""
    expr = ir.unchecked(expr)
    match expr:
        case ir.Scalar():
            return frozenset(
                {
                    "str": {"string"},
                    "int": {"integer"},
                    "float": {"number"},
                    "bool": {"boolean"},
                }.get(expr.python, {"string"})
            )
        case ir.ArrayOf():
            return frozenset({"array"})
        case ir.MapOf() | ir.ModelRef():
            return frozenset({"object"})
        case ir.EnumRef():
            enum = reg.enums.get(expr.name)
            if enum is None:
                return KINDS
            return frozenset(kind_of(member.value) for member in enum.members)
        case ir.AliasRef():
            return KINDS if expr.target == ir.AnyJson() else admitted_kinds(reg, expr.target)
        case ir.Const():
            return frozenset({kind_of(expr.value)})
        case ir.Nullable():
            return admitted_kinds(reg, expr.inner) | {"null"}
        case ir.UnionOf():
            found: frozenset[str] = frozenset()
            for option in expr.options:
                found |= admitted_kinds(reg, option)
            return found
        case ir.AnyJson():
            return KINDS
    return ir.unknown_kind(expr)


def kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def declared_kinds(types: Any) -> frozenset[str]:
    """The kinds a `type` admits (`number` admits integers too)."""
    names = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    kinds = frozenset(map(str, names))
    return kinds | {"integer"} if "number" in kinds else kinds


def left_over(
    reg: Registry, located: Located, handled: Iterable[str], admits: frozenset[str]
) -> tuple[list[str], bool]:
    """The keywords of a schema its type does not check, with the keywords they need beside
    them; those that constrain only values the type never holds are left out. True with all
    of them when `unevaluated*` needs to see what each evaluated."""
    schema = located.schema
    present = [key for key in schema if key in VALIDATION and key != "$ref"]
    if any(key in present and key not in handled for key in NEED_ALL):
        return present, True
    handled = set(handled)
    rest = [key for key in present if key not in handled]
    for key in list(rest):
        rest += [other for other in COMPANIONS.get(key, ()) if other in present]
    rest = list(dict.fromkeys(rest))
    if "if" not in rest:
        rest = [key for key in rest if key not in ("then", "else")]
    if "contains" not in rest:
        rest = [key for key in rest if key not in ("minContains", "maxContains")]
    rest = [key for key in rest if key not in APPLIES_TO or applies(APPLIES_TO[key], admits)]
    if "type" in rest and admits <= type_kinds(reg, schema):
        rest.remove("type")
    return rest, False


def applies(kind: str, admits: frozenset[str]) -> bool:
    """Whether keywords about values of `kind` can meet a value of these kinds."""
    return kind in admits or (kind == "number" and "integer" in admits)


def type_kinds(reg: Registry, schema: dict[str, Any]) -> frozenset[str]:
    kinds = declared_kinds(schema.get("type"))
    if schema.get("nullable") is True:
        kinds |= {"null"}
    return kinds


def residual(
    reg: Registry,
    located: Located,
    handled: Iterable[str],
    admits: frozenset[str],
    overrides: Mapping[str, Any] | None = None,
    normaliser: Normaliser | None = None,
) -> ir.SchemaKeywords | None:
    """What a schema says that a type admitting `admits` and checking `handled` does not
    (`overrides`: values to check in place of some keywords', normalised by `normaliser`)."""
    if not isinstance(located.schema, dict):
        return None
    names, whole = left_over(reg, located, handled, admits)
    if whole:
        overrides = None
    names += [name for name in overrides or {} if name not in names]
    if not names:
        return None
    normaliser = normaliser or Normaliser(reg)
    # Whole, with the `$ref` too, when `unevaluated*` needs to see what its target evaluated.
    schema = normaliser.schema(located) if whole else normaliser.keywords(located, names, overrides)
    return keywords_of(schema, normaliser.defs)


def keywords_of(schema: Any, defs: dict[str, Any]) -> ir.SchemaKeywords | None:
    """The schema and its definitions, what says nothing left out; None if nothing is left."""
    if not annotations_matter(schema, defs):
        schema = simplified(schema)
        defs = {name: simplified(value) for name, value in defs.items()}
    if schema in ({}, True):
        return None
    return ir.SchemaKeywords(schema, tuple(sorted(defs.items())))


def annotations_matter(schema: Any, defs: dict[str, Any]) -> bool:
    """Whether `unevaluated*` appears anywhere: then `items: {}` and the like say something."""
    text = repr((schema, defs))
    return "'unevaluatedProperties'" in text or "'unevaluatedItems'" in text


VACUOUS: tuple[Any, ...] = ({}, True)


def simplified(schema: Any) -> Any:
    """The same schema without the keywords that accept everything (`items: {}`, a property
    of schema `true` that no `additionalProperties` needs named, an `anyOf` with `{}`)."""
    if not isinstance(schema, dict):
        return schema
    result = {key: simplified_value(key, value) for key, value in schema.items()}
    for key in ("items", "additionalProperties", "propertyNames"):
        if result.get(key, False) in VACUOUS:
            del result[key]
    if "additionalProperties" not in result:  # the names it leaves alone matter no more
        for key in ("properties", "patternProperties", "dependentSchemas"):
            without_vacuous(result, key)
    without_vacuous(result, "allOf")
    if isinstance(result.get("anyOf"), list) and any(item in VACUOUS for item in result["anyOf"]):
        del result["anyOf"]
    if "if" in result and all(result.get(key, True) in VACUOUS for key in ("then", "else")):
        for key in ("if", "then", "else"):
            result.pop(key, None)
    return result


def simplified_value(key: str, value: Any) -> Any:
    if key in ONE_SCHEMA:
        return simplified(value)
    if key in SCHEMA_LISTS and isinstance(value, list):
        return [simplified(item) for item in value]
    if key in SCHEMA_MAPS and isinstance(value, dict):
        return {name: simplified(item) for name, item in value.items()}
    return value


def without_vacuous(schema: dict[str, Any], key: str) -> None:
    """A list or map of schemas without those that accept everything; gone if none is left."""
    value = schema.get(key)
    if isinstance(value, dict):
        schema[key] = {name: item for name, item in value.items() if item not in VACUOUS}
    elif isinstance(value, list):
        schema[key] = [item for item in value if item not in VACUOUS]
    else:
        return
    if not schema[key]:
        del schema[key]


def with_keywords(
    reg: Registry,
    located: Located,
    expr: ir.TypeExpr,
    handled: Iterable[str],
    overrides: Mapping[str, Any] | None = None,
    normaliser: Normaliser | None = None,
) -> ir.TypeExpr:
    """The type, checked against what else its schema says if it says more."""
    warn_unenforced(reg, located)
    admits = admitted_kinds(reg, expr)
    keywords = residual(reg, located, handled, admits, overrides, normaliser)
    if keywords is not None and isinstance(keywords.schema, dict) and "type" in keywords.schema:
        keywords = without_contradicting_type(reg, located, keywords, admits)
    return expr if keywords is None else ir.Checked(expr, keywords)


def without_contradicting_type(
    reg: Registry, located: Located, keywords: ir.SchemaKeywords, admits: frozenset[str]
) -> ir.SchemaKeywords | None:
    """A `type` that no value of the type its other keywords make can have (`type: array`
    beside an `anyOf` of objects) is left out, with a warning: the schema contradicts itself,
    and the generator keeps the reading its type gives (a README deviation)."""
    declared = declared_kinds(keywords.schema["type"])
    if admits & declared:
        return keywords
    warn_once(
        reg,
        located,
        "type",
        f"type {keywords.schema['type']!r} contradicts the schema's other keywords (which admit "
        f"{' or '.join(sorted(admits))}): no value could be valid; type is not checked",
    )
    rest = {key: value for key, value in keywords.schema.items() if key != "type"}
    return ir.SchemaKeywords(rest, keywords.defs) if rest else None


def satisfies(reg: Registry, located: Located, values: list[Any], without: Iterable[str]) -> bool:
    """Whether each value satisfies the schema's keywords but `without` (a `const` or an `enum`
    need no other check when each value it lists passes the others)."""
    from ..runtime.keywords import Keywords  # the evaluator the packages run

    names = [key for key in located.schema if key not in set(without)]
    normaliser = Normaliser(reg)
    schema = normaliser.keywords(located, names)
    keywords = Keywords(schema, normaliser.defs)
    return all(keywords.accepts(value) for value in values)


def normalised(reg: Registry, located: Located) -> ir.SchemaKeywords:
    """A whole schema, as the evaluator reads it."""
    normaliser = Normaliser(reg)
    schema = normaliser.schema(located)
    return ir.SchemaKeywords(schema, tuple(sorted(normaliser.defs.items())))
