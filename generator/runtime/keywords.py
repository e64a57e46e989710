"""A JSON Schema (draft 2020-12) evaluator for the keywords a codec's type cannot say.

A generated codec checks what its Python type says (a string's length, a model's properties, ...).
What a schema says beyond that (`not`, `if`/`then`/`else`, `contains`, `patternProperties`,
`unevaluatedProperties`, a keyword of a schema without `type`, ...) the generator writes into the
model's module as data, `rt.Keywords({...})`, checked against the JSON value as it came:
`rt.Checked(codec, rt.Keywords(...))` for a value, `__keywords__` for a model. A schema is
compiled once, on first use, into closures; a package whose schemas need none of this never
imports the compiler's work.

The data is the schema as the generator normalised it: draft 2020-12 keywords only (OpenAPI
3.0's `nullable` and boolean `exclusiveMinimum` rewritten), patterns in Python's syntax, every
`$ref` naming an entry of `defs` (`{"$ref": "Pet"}`), so that a schema may refer to itself.
Keywords it does not know are annotations and are ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from . import checks as defined
from .checks import json_equal, json_key
from .codecs import Codec
from .errors import ValidationError, child_path, describe
from .formats import FORMATS

__all__ = ["Checked", "Keywords", "json_equal", "json_key"]


class _Seen:
    """What the keywords of one schema evaluated in one instance: the properties and items
    `unevaluatedProperties` and `unevaluatedItems` leave alone.
    """

    __slots__ = ("items", "properties")

    def __init__(self) -> None:
        self.properties: set[str] = set()
        self.items: set[int] = set()

    def update(self, other: _Seen) -> None:
        self.properties |= other.properties
        self.items |= other.items


# A compiled schema: raises ValidationError for a value it does not accept; records what it
# evaluated in the third argument, when it is not None.
Check = Callable[[Any, str, "_Seen | None"], None]


class Keywords:
    """A schema's keywords, compiled on first use; `check(value, path)` raises ValidationError."""

    __slots__ = ("_check", "defs", "schema")

    def __init__(self, schema: Any, defs: Mapping[str, Any] | None = None) -> None:
        self.schema = schema
        self.defs: Mapping[str, Any] = defs or {}
        self._check: Check | None = None

    def check(self, value: Any, path: str) -> None:
        check = self._check
        if check is None:
            check = self._check = _Compiler(self.defs).compile(self.schema)
        check(value, path, None)

    def accepts(self, value: Any) -> bool:
        try:
            self.check(value, "")
        except ValidationError:
            return False
        return True

    def __repr__(self) -> str:
        return f"Keywords({self.schema!r})"


class Checked(Codec):
    """A codec whose values must also satisfy keywords its type cannot say."""

    def __init__(self, inner: Codec, keywords: Keywords) -> None:
        self.inner = inner
        self.keywords = keywords

    def decode(self, value: Any, path: str) -> Any:
        decoded = self.inner.decode(value, path)
        self.keywords.check(value, path)
        return decoded

    def encode(self, value: Any) -> Any:
        return self.inner.encode(value)

    def holds(self, value: Any) -> bool:
        return self.inner.holds(value)


# -- the compiler ---------------------------------------------------------------------------------

_TYPES: dict[str, Callable[[Any], bool]] = {
    "null": lambda value: value is None,
    "boolean": lambda value: value is True or value is False,
    "string": lambda value: isinstance(value, str),
    "integer": lambda value: (isinstance(value, int) and not isinstance(value, bool))
    or (isinstance(value, float) and value.is_integer()),
    "number": lambda value: isinstance(value, int | float)
    and not isinstance(value, bool),
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _plural(count: int, word: str) -> str:
    """`1 item`, `2 items`, `1 property`, `3 properties`."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {word[:-1]}ies" if word.endswith("y") else f"{count} {word}s"


class _Compiler:
    def __init__(self, defs: Mapping[str, Any]) -> None:
        self.defs = defs
        self.compiled: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True or schema == {}:
            return _accept
        if schema is False:
            return _refuse
        if not isinstance(schema, dict):
            return _accept
        schema = _object(schema)
        checks: list[Check] = []
        for keyword, build in _KEYWORDS.items():
            if keyword in schema:
                check = build(self, schema[keyword], schema)
                if check is not None:
                    checks.append(check)
        late = [
            check
            for keyword, build in _UNEVALUATED.items()
            if keyword in schema
            and (check := build(self, schema[keyword], schema)) is not None
        ]
        if late:
            return _with_own_annotations(checks, late)
        if len(checks) == 1:
            return checks[0]
        return _all(checks)

    def ref(self, name: str) -> Check:
        compiled = self.compiled

        def check(value: Any, path: str, seen: _Seen | None) -> None:
            target = compiled.get(name)
            if target is None:
                if name not in self.defs:
                    raise LookupError(f"no schema {name!r} among the definitions")
                compiled[name] = (
                    _accept  # a schema that refers to itself: found at run time
                )
                target = compiled[name] = self.compile(self.defs[name])
            target(value, path, seen)

        return check


def _array(value: Any) -> list[Any]:
    """A JSON array, typed as one (after an `isinstance` test)."""
    return value  # type: ignore[no-any-return]


def _object(value: Any) -> dict[str, Any]:
    """A JSON object, typed as one (after an `isinstance` test)."""
    return value  # type: ignore[no-any-return]


def _accept(value: Any, path: str, seen: _Seen | None) -> None:
    pass


def _refuse(value: Any, path: str, seen: _Seen | None) -> None:
    raise ValidationError(path, "is not allowed here (the schema is `false`)")


def _all(checks: list[Check]) -> Check:
    def check(value: Any, path: str, seen: _Seen | None) -> None:
        for each in checks:
            each(value, path, seen)

    return check


def _with_own_annotations(checks: list[Check], late: list[Check]) -> Check:
    """`unevaluated*` beside other keywords: these first, then those on what they left."""

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        own = _Seen()
        for each in checks:
            each(value, path, own)
        for each in late:
            each(value, path, own)
        if seen is not None:
            seen.update(own)

    return check


def _fails(
    check: Check, value: Any, path: str, seen: _Seen | None = None
) -> str | None:
    """The reason `check` refuses the value, or None (and what it evaluated, in `seen`)."""
    try:
        check(value, path, seen)
    except ValidationError as error:
        return error.reason if error.path == path else str(error)
    return None


Builder = Callable[[_Compiler, Any, dict[str, Any]], Check | None]


# -- any type -------------------------------------------------------------------------------------


def _type(compiler: _Compiler, kinds: Any, schema: dict[str, Any]) -> Check:
    names = [kinds] if isinstance(kinds, str) else list(kinds)
    tests = [_TYPES[name] for name in names if name in _TYPES]
    wanted = " or ".join(names)

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        for test in tests:
            if test(value):
                return
        raise ValidationError(path, f"must be of type {wanted}, got {describe(value)}")

    return check


def _enum(compiler: _Compiler, values: Any, schema: dict[str, Any]) -> Check:
    keys = {json_key(value) for value in values}
    allowed = ", ".join(json.dumps(value) for value in values[:10])

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        try:
            found = json_key(value) in keys
        except TypeError:
            found = False
        if not found:
            raise ValidationError(
                path, f"must be one of {allowed}; got {_shown(value)}"
            )

    return check


def _const(compiler: _Compiler, constant: Any, schema: dict[str, Any]) -> Check:
    key = json_key(constant)

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        if json_key(value) != key:
            raise ValidationError(
                path, f"must be {json.dumps(constant)}; got {_shown(value)}"
            )

    return check


def _shown(value: Any) -> str:
    text = json.dumps(value, default=repr)
    return text if len(text) <= 80 else text[:77] + "..."


def _all_of(compiler: _Compiler, schemas: Any, schema: dict[str, Any]) -> Check:
    return _all([compiler.compile(each) for each in schemas])


def _any_of(compiler: _Compiler, schemas: Any, schema: dict[str, Any]) -> Check:
    options = [compiler.compile(each) for each in schemas]

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        reasons: list[str] = []
        matched = False
        for option in options:
            own = None if seen is None else _Seen()
            reason = _fails(option, value, path, own)
            if reason is None:
                if seen is None:
                    return
                matched = True
                seen.update(own or _Seen())
            else:
                reasons.append(reason)
        if not matched:
            raise ValidationError(
                path, "matches none of the `anyOf` schemas: " + "; ".join(reasons)
            )

    return check


def _one_of(compiler: _Compiler, schemas: Any, schema: dict[str, Any]) -> Check:
    options = [compiler.compile(each) for each in schemas]

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        reasons: list[str] = []
        matched: list[int] = []
        kept = None
        for index, option in enumerate(options):
            own = _Seen()
            reason = _fails(option, value, path, own)
            if reason is None:
                matched.append(index + 1)
                kept = own
            else:
                reasons.append(reason)
        if not matched:
            raise ValidationError(
                path, "matches none of the `oneOf` schemas: " + "; ".join(reasons)
            )
        if len(matched) > 1:
            which = ", ".join(map(str, matched))
            raise ValidationError(
                path, f"matches more than one of the `oneOf` schemas ({which})"
            )
        if seen is not None and kept is not None:
            seen.update(kept)

    return check


def _not(compiler: _Compiler, inner: Any, schema: dict[str, Any]) -> Check:
    negated = compiler.compile(inner)

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        if _fails(negated, value, path) is None:
            raise ValidationError(path, "must not match the schema under `not`")

    return check


def _if(compiler: _Compiler, condition: Any, schema: dict[str, Any]) -> Check:
    test = compiler.compile(condition)
    then = compiler.compile(schema.get("then", True))
    otherwise = compiler.compile(schema.get("else", True))
    alone = "then" not in schema and "else" not in schema

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        if alone and seen is None:
            return  # no consequence, and no one asks what it evaluated
        own = None if seen is None else _Seen()
        if _fails(test, value, path, own) is None:
            if seen is not None and own is not None:
                seen.update(own)
            then(value, path, seen)
        else:
            otherwise(value, path, seen)

    return check


def _ref(compiler: _Compiler, name: Any, schema: dict[str, Any]) -> Check:
    return compiler.ref(str(name))


# -- numbers --------------------------------------------------------------------------------------


def _defined(
    make: Callable[[Any], defined.Check],
    applies: Callable[[Any], bool],
    valid: Callable[[Any], bool],
) -> Builder:
    """A keyword whose check `checks` defines (the codecs run the very same), on the values it
    applies to; a keyword whose value is not of its kind (`minimum: "5"`) checks nothing.
    """

    def build(
        compiler: _Compiler, argument: Any, schema: dict[str, Any]
    ) -> Check | None:
        if not valid(argument):
            return None
        made = make(argument)

        def check(value: Any, path: str, seen: _Seen | None) -> None:
            if applies(value) and not made.holds(value):
                raise made.fail(value, path)

        return check

    return build


def _is_string(value: Any) -> bool:
    return isinstance(value, str)


def _is_array(value: Any) -> bool:
    return isinstance(value, list)


def _is_object(value: Any) -> bool:
    return isinstance(value, dict)


def _positive(value: Any) -> bool:
    return _is_number(value) and value > 0


def _checked_format(name: Any) -> bool:
    return name in FORMATS


# -- strings --------------------------------------------------------------------------------------


# -- arrays ---------------------------------------------------------------------------------------


def _prefix_items(compiler: _Compiler, schemas: Any, schema: dict[str, Any]) -> Check:
    checks = [compiler.compile(each) for each in schemas]

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        if not isinstance(value, list):
            return
        value = _array(value)
        for index, (item, each) in enumerate(zip(value, checks, strict=False)):
            each(item, child_path(path, index), None)
        if seen is not None:
            seen.items.update(range(min(len(value), len(checks))))

    return check


def _items(compiler: _Compiler, inner: Any, schema: dict[str, Any]) -> Check:
    each = compiler.compile(inner)
    start = len(schema.get("prefixItems") or ())

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        if not isinstance(value, list):
            return
        value = _array(value)
        for index in range(start, len(value)):
            each(value[index], child_path(path, index), None)
        if seen is not None:
            seen.items.update(range(start, len(value)))

    return check


def _contains(compiler: _Compiler, inner: Any, schema: dict[str, Any]) -> Check:
    test = compiler.compile(inner)
    least = schema.get("minContains", 1)
    most = schema.get("maxContains")
    least = least if _is_number(least) else 1
    most = most if _is_number(most) else None

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        if not isinstance(value, list):
            return
        value = _array(value)
        found = [
            index
            for index, item in enumerate(value)
            if _fails(test, item, child_path(path, index)) is None
        ]
        if len(found) < least:
            items = _plural(int(least), "item")
            raise ValidationError(
                path,
                f"must contain at least {items} that match `contains`, got {len(found)}",
            )
        if most is not None and len(found) > most:
            items = _plural(int(most), "item")
            raise ValidationError(
                path,
                f"must contain at most {items} that match `contains`, got {len(found)}",
            )
        if seen is not None:
            seen.items.update(found)

    return check


def _unevaluated_items(
    compiler: _Compiler, inner: Any, schema: dict[str, Any]
) -> Check:
    each = compiler.compile(inner)

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        if not isinstance(value, list) or seen is None:
            return
        value = _array(value)
        for index, item in enumerate(value):
            if index not in seen.items:
                if inner is False:
                    raise ValidationError(
                        child_path(path, index),
                        "is an item no keyword of the schema allows",
                    )
                each(item, child_path(path, index), None)
        seen.items.update(range(len(value)))

    return check


# -- objects --------------------------------------------------------------------------------------


def _properties(compiler: _Compiler, schemas: Any, schema: dict[str, Any]) -> Check:
    checks = {name: compiler.compile(each) for name, each in schemas.items()}

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        if not isinstance(value, dict):
            return
        value = _object(value)
        for name, each in checks.items():
            if name in value:
                each(value[name], child_path(path, name), None)
                if seen is not None:
                    seen.properties.add(name)

    return check


def _pattern_properties(
    compiler: _Compiler, schemas: Any, schema: dict[str, Any]
) -> Check:
    checks = [
        (re.compile(pattern), compiler.compile(each))
        for pattern, each in schemas.items()
    ]

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        if not isinstance(value, dict):
            return
        value = _object(value)
        for name, item in value.items():
            for regex, each in checks:
                if regex.search(name) is not None:
                    each(item, child_path(path, name), None)
                    if seen is not None:
                        seen.properties.add(name)

    return check


def _additional_properties(
    compiler: _Compiler, inner: Any, schema: dict[str, Any]
) -> Check:
    each = compiler.compile(inner)
    named = set(schema.get("properties") or ())
    patterns: list[re.Pattern[str]] = [
        re.compile(pattern) for pattern in schema.get("patternProperties") or ()
    ]

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        if not isinstance(value, dict):
            return
        value = _object(value)
        for name, item in value.items():
            if name in named or any(regex.search(name) for regex in patterns):
                continue
            if inner is False:
                raise ValidationError(
                    child_path(path, name), "is not a property of this object"
                )
            each(item, child_path(path, name), None)
            if seen is not None:
                seen.properties.add(name)

    return check


def _unevaluated_properties(
    compiler: _Compiler, inner: Any, schema: dict[str, Any]
) -> Check:
    each = compiler.compile(inner)

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        if not isinstance(value, dict) or seen is None:
            return
        value = _object(value)
        for name, item in value.items():
            if name not in seen.properties:
                if inner is False:
                    raise ValidationError(
                        child_path(path, name), "is not a property of this object"
                    )
                each(item, child_path(path, name), None)
        seen.properties.update(value)

    return check


def _required(compiler: _Compiler, names: Any, schema: dict[str, Any]) -> Check | None:
    if not names:
        return None

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        if isinstance(value, dict):
            value = _object(value)
            for name in names:
                if name not in value:
                    raise ValidationError(child_path(path, name), "is required")

    return check


def _dependent_required(
    compiler: _Compiler, table: Any, schema: dict[str, Any]
) -> Check:
    def check(value: Any, path: str, seen: _Seen | None) -> None:
        if not isinstance(value, dict):
            return
        value = _object(value)
        for name, needed in table.items():
            if name in value:
                for other in needed:
                    if other not in value:
                        raise ValidationError(
                            child_path(path, other),
                            f"is required when {name!r} is present",
                        )

    return check


def _dependent_schemas(
    compiler: _Compiler, table: Any, schema: dict[str, Any]
) -> Check:
    checks = {name: compiler.compile(each) for name, each in table.items()}

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        if isinstance(value, dict):
            value = _object(value)
            for name, each in checks.items():
                if name in value:
                    each(value, path, seen)

    return check


def _property_names(compiler: _Compiler, inner: Any, schema: dict[str, Any]) -> Check:
    each = compiler.compile(inner)

    def check(value: Any, path: str, seen: _Seen | None) -> None:
        if isinstance(value, dict):
            value = _object(value)
            for name in value:
                reason = _fails(each, name, "")
                if reason is not None:
                    raise ValidationError(
                        child_path(path, name),
                        f"is not an allowed property name: {reason}",
                    )

    return check


_KEYWORDS: dict[str, Builder] = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "minimum": _defined(defined.Minimum, _is_number, _is_number),
    "maximum": _defined(defined.Maximum, _is_number, _is_number),
    "exclusiveMinimum": _defined(defined.ExclusiveMinimum, _is_number, _is_number),
    "exclusiveMaximum": _defined(defined.ExclusiveMaximum, _is_number, _is_number),
    "multipleOf": _defined(defined.MultipleOf, _is_number, _positive),
    "minLength": _defined(defined.MinLength, _is_string, _is_number),
    "maxLength": _defined(defined.MaxLength, _is_string, _is_number),
    "pattern": _defined(defined.Pattern, _is_string, _is_string),
    "format": _defined(
        lambda name: defined.FormatCheck(FORMATS[name]), _is_string, _checked_format
    ),
    "minItems": _defined(defined.MinItems, _is_array, _is_number),
    "maxItems": _defined(defined.MaxItems, _is_array, _is_number),
    "uniqueItems": _defined(
        lambda _: defined.UniqueItems(), _is_array, lambda on: on is True
    ),
    "prefixItems": _prefix_items,
    "items": _items,
    "contains": _contains,
    "minProperties": _defined(defined.MinProperties, _is_object, _is_number),
    "maxProperties": _defined(defined.MaxProperties, _is_object, _is_number),
    "required": _required,
    "dependentRequired": _dependent_required,
    "properties": _properties,
    "patternProperties": _pattern_properties,
    "additionalProperties": _additional_properties,
    "propertyNames": _property_names,
    "dependentSchemas": _dependent_schemas,
    "allOf": _all_of,
    "anyOf": _any_of,
    "oneOf": _one_of,
    "not": _not,
    "if": _if,
    "$ref": _ref,
}
_UNEVALUATED: dict[str, Builder] = {
    "unevaluatedItems": _unevaluated_items,
    "unevaluatedProperties": _unevaluated_properties,
}
