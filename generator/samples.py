"""Code samples for the docs: a model built with keyword arguments from the spec's example values.

The sample must run as written, and what it prints must be valid for its model, so every value is
checked against the type it is given to as the generated package checks it (`sample_values`: its
pattern, format, length, range, item count). A value that does not fit is left out, or where the
property is required replaced by the example of its model, else a valid placeholder; a model for
which none is found (a required cycle, a pattern no text was found for) has no sample.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeVar

from . import ir
from .sample_values import DATETIME_PLACEHOLDER, is_valid, placeholder_json
from .sample_wire import EnumMembers, KeywordChecker, MismatchError
from .schemas import BINARY, first_example

_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6})\d*)?([Zz]|[+-]\d{2}:\d{2})?$"
)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
T = TypeVar("T")
MAX_DEPTH = 6  # recursive models: stop nesting samples here
# Values tried, in order, for a value of any type that keywords constrain.
ANY_JSON_CANDIDATES: tuple[Any, ...] = (None, {}, [], "string", 0, 1.5, True, False)


def example_payload(schema: Any, property_schemas: Mapping[str, Any]) -> Any:
    """What a model's sample shows: the schema's example, else its properties' own examples
    gathered in one object; None when there are neither."""
    example = first_example(schema)
    if example is not None:
        return example
    return {
        wire_name: value
        for wire_name, prop in property_schemas.items()
        if (value := first_example(prop)) is not None
    } or None


def build_samples(
    models: Mapping[str, ir.Model],
    examples: Mapping[str, Any],
    enums: Mapping[str, ir.EnumDef],
    package: str,
) -> dict[str, ir.CodeSample | None]:
    """Each model's code sample, by model name, from the example payloads found by model name."""
    return {
        name: build_sample(model, examples, models, enums, package)
        for name, model in models.items()
    }


class NoInstanceError(Exception):
    """No valid value of a type was found: a model that requires itself through its required
    properties, a pattern no text was found for, bounds that leave no value."""


def build_sample(
    model: ir.Model,
    examples: Mapping[str, Any],
    models: Mapping[str, ir.Model],
    enums: Mapping[str, ir.EnumDef],
    package: str,
) -> ir.CodeSample | None:
    """The model's code sample, from its example (`examples`, by model name); None when no
    valid value of the model was found."""
    builder = _SampleBuilder(models, enums, examples)
    try:
        value = builder.model_call(model, builder.example_of(model.name), 0)
    except NoInstanceError:
        return None
    imports = [f"{package}:{name}" for name in sorted(builder.names)]
    if builder.needs_datetime:
        imports.insert(0, "datetime")
    return ir.CodeSample(tuple(imports), value)


class _SampleBuilder:
    def __init__(
        self,
        models: Mapping[str, ir.Model],
        enums: Mapping[str, ir.EnumDef],
        examples: Mapping[str, Any],
    ) -> None:
        self.models = models
        self.enums = enums
        self.examples = examples
        self.names: set[str] = set()
        self.needs_datetime = False
        self.members = EnumMembers(enums)
        self.placeholders: set[str] = set()  # models being filled in with placeholders
        self.checker = KeywordChecker(models, enums)

    def example_of(self, name: str) -> dict[str, Any]:
        example = self.examples.get(name)
        return example if isinstance(example, dict) else {}

    def model_call(self, model: ir.Model, example: dict[str, Any], depth: int) -> ir.PyExpr:
        """The model built from its example; where the model has keywords of its own (`oneOf`,
        `anyOf`, `not`, ...), the first of these that they accept: as built, with every optional
        property given, then as each `oneOf`/`anyOf` branch asks (its required properties, its
        constants). NoInstanceError when they accept none."""
        call = self.model_attempt(model, example, depth, set())
        if model.keywords is None:
            return call
        if self.checker.accepts(model.keywords, call):
            return call
        every = {prop.wire_name for prop in model.properties}
        attempts = [(example, every)] + [
            (example | constants, asked) for constants, asked in branches(model.keywords)
        ]
        for attempt_example, asked in attempts:
            try:
                call = self.model_attempt(model, attempt_example, depth, asked)
            except (NoInstanceError, MismatchError):
                continue
            if self.checker.accepts(model.keywords, call):
                return call
        raise NoInstanceError(model.name)

    def model_attempt(
        self, model: ir.Model, example: dict[str, Any], depth: int, asked: set[str]
    ) -> ir.PyCall:
        self.names.add(model.name)
        kwargs: dict[str, ir.PyExpr] = {}
        for prop in model.properties:
            if prop.wire_name in example and depth < MAX_DEPTH:
                try:
                    kwargs[prop.name] = self.value(prop.type, example[prop.wire_name], depth)
                    continue
                except MismatchError:
                    pass
            if prop.required or prop.wire_name in asked or not self.default_fits(prop, depth):
                kwargs[prop.name] = self.placeholder(prop.type, depth)
        known = {prop.wire_name for prop in model.properties}
        extras = {key: value for key, value in example.items() if key not in known}
        if not (extras and model.extra.mode == "keep"):
            extras = {}
        self.fill_to_size(model, kwargs, len(extras), depth)
        arguments = [
            (prop.name, kwargs[prop.name]) for prop in model.properties if prop.name in kwargs
        ]
        if extras:
            entries = tuple((str(key), ir.PyLiteral(value)) for key, value in extras.items())
            arguments.append(("extra_properties", ir.PyDict(entries)))
        return ir.PyCall(model.name, (), tuple(arguments))

    def default_fits(self, prop: ir.Property, depth: int) -> bool:
        """Whether the spec's default of a property left out is valid (else the sample gives
        a value: the default would be written, and read back as invalid)."""
        if prop.default is None:
            return True
        names, needs_datetime = set(self.names), self.needs_datetime
        try:
            self.value(prop.type, prop.default_json, depth)
        except (MismatchError, NoInstanceError):
            return False
        finally:
            self.names, self.needs_datetime = names, needs_datetime
        return True

    def fill_to_size(
        self, model: ir.Model, kwargs: dict[str, ir.PyExpr], extras: int, depth: int
    ) -> None:
        """Optional properties added (placeholders), or dropped, to the number of properties
        the model's `minProperties` and `maxProperties` allow (those left to their spec's
        default count: the model writes them)."""
        optional = [prop for prop in model.properties if not prop.required]

        def written() -> int:
            defaults = sum(prop.default is not None for prop in optional if prop.name not in kwargs)
            return len(kwargs) + extras + defaults

        if model.min_properties is not None:
            for prop in optional:
                if written() >= model.min_properties:
                    break
                if prop.name not in kwargs:
                    try:
                        kwargs[prop.name] = self.placeholder(prop.type, depth)
                    except NoInstanceError:
                        continue
            if written() < model.min_properties:
                raise NoInstanceError(model.name)
        if model.max_properties is not None:
            for prop in reversed(optional):
                if written() > model.max_properties and prop.default is None:
                    kwargs.pop(prop.name, None)

    def value(self, expr: ir.TypeExpr, value: Any, depth: int) -> ir.PyExpr:
        """The example value as Python, or MismatchError when it does not fit the type."""
        if isinstance(expr, ir.Checked):
            built = self.value(expr.inner, value, depth)
            if not self.checker.accepts(expr.keywords, built):
                raise MismatchError
            return built
        return self.plain_value(expr, value, depth)

    def plain_value(self, expr: ir.PlainTypeExpr, value: Any, depth: int) -> ir.PyExpr:
        if isinstance(expr, ir.Nullable):
            return ir.PyLiteral(None) if value is None else self.value(expr.inner, value, depth)
        if value is None:
            raise MismatchError
        match expr:
            case ir.ModelRef():
                example = must_be(dict, value)
                return self.model_call(self.models[expr.name], example, depth + 1)
            case ir.EnumRef():
                self.names.add(expr.name)
                return self.members.member(expr.name, value)
            case ir.AliasRef():
                self.names.add(expr.name)
                return self.value(expr.target, value, depth)
            case ir.ArrayOf():
                return self.array_value(expr, must_be(list, value), depth)
            case ir.MapOf():
                return self.map_value(expr, must_be(dict, value), depth)
            case ir.UnionOf():
                return self.union_value(expr, value, depth)
            case ir.Const():
                return ir.PyLiteral(must_equal(expr.value, value))
            case ir.Scalar():
                return self.scalar(expr, value)
            case ir.AnyJson():
                return ir.PyLiteral(value)
        return ir.unknown_kind(expr)

    def array_value(self, expr: ir.ArrayOf, items: list[Any], depth: int) -> ir.PyExpr:
        check_size(expr.constraints.min_items, expr.constraints.max_items, items)
        if expr.constraints.unique_items and not all_different(items):
            raise MismatchError
        return ir.PyList(tuple(self.value(expr.item, item, depth) for item in items))

    def map_value(self, expr: ir.MapOf, entries: dict[str, Any], depth: int) -> ir.PyExpr:
        check_size(expr.constraints.min_properties, expr.constraints.max_properties, entries)
        return ir.PyDict(
            tuple((str(key), self.value(expr.value, item, depth)) for key, item in entries.items())
        )

    def union_value(self, expr: ir.UnionOf, value: Any, depth: int) -> ir.PyExpr:
        """The option the discriminator names, or else the first option the value fits."""
        for option in tagged_first(expr, value):
            try:
                return self.value(option, value, depth)
            except MismatchError:
                continue
        raise MismatchError

    def scalar(self, expr: ir.Scalar, value: Any) -> ir.PyExpr:
        """The example value as Python, if the generated package reads it as valid."""
        if not is_valid(expr, value):
            raise MismatchError
        if expr.python == "datetime.datetime":
            match = _DATETIME.match(value)
            if match is None:
                raise MismatchError
            self.needs_datetime = True
            return datetime_call(match)
        if expr.python == "datetime.date":
            match = _DATE.match(value)
            if match is None:
                raise MismatchError
            self.needs_datetime = True
            return ir.PyCall(
                "datetime.date", tuple(ir.PyLiteral(int(part)) for part in match.groups())
            )
        return ir.PyLiteral(value)

    def placeholder(self, expr: ir.TypeExpr, depth: int) -> ir.PyExpr:
        """A value of the right type for a required property the example does not give."""
        if isinstance(expr, ir.Checked):
            return self.checked_placeholder(expr, depth)
        return self.plain_placeholder(expr, depth)

    def plain_placeholder(self, expr: ir.PlainTypeExpr, depth: int) -> ir.PyExpr:
        match expr:
            case ir.Nullable() | ir.AnyJson():
                return ir.PyLiteral(None)
            case ir.ModelRef():
                return self.placeholder_model(expr.name, depth)
            case ir.EnumRef():
                self.names.add(expr.name)
                members = self.enums[expr.name].members
                if not members:
                    return ir.PyLiteral(None)
                return ir.PyName(f"{expr.name}.{members[0].name}")
            case ir.AliasRef():
                return self.placeholder(expr.target, depth)
            case ir.ArrayOf():
                return self.array_placeholder(expr, depth)
            case ir.MapOf():
                count = expr.constraints.min_properties or 0
                entries = tuple(
                    (f"key{index + 1}", self.placeholder(expr.value, depth))
                    for index in range(count)
                )
                return ir.PyDict(entries)
            case ir.UnionOf():
                if not expr.options:
                    return ir.PyLiteral(None)
                return self.first_placeholder(expr.options, depth)
            case ir.Const():
                return ir.PyLiteral(expr.value)
            case ir.Scalar():
                return self.scalar_placeholder(expr)
        return ir.unknown_kind(expr)

    def checked_placeholder(self, expr: ir.Checked, depth: int) -> ir.PyExpr:
        """The inner type's placeholder if the keywords accept it, else the first of a few
        plain JSON values of any type that they accept (`anyOf: [{type: object}, ...]`)."""
        try:
            built = self.placeholder(expr.inner, depth)
        except NoInstanceError:
            built = None
        if built is not None and self.checker.accepts(expr.keywords, built):
            return built
        if isinstance(ir.unchecked(expr.inner), ir.AnyJson):
            for candidate in ANY_JSON_CANDIDATES:
                if self.checker.accepts(expr.keywords, ir.PyLiteral(candidate)):
                    return ir.PyLiteral(candidate)
        raise NoInstanceError(f"a value the keywords accept: {expr.keywords.schema!r:.80}")

    def array_placeholder(self, expr: ir.ArrayOf, depth: int) -> ir.PyExpr:
        count = expr.constraints.min_items or 0
        if expr.constraints.unique_items and count > 1:
            return ir.PyList(self.distinct_placeholders(expr.item, count, depth))
        return ir.PyList(tuple(self.placeholder(expr.item, depth) for _ in range(count)))

    def placeholder_model(self, name: str, depth: int) -> ir.PyExpr:
        """A model built from placeholders; NoInstanceError when it needs itself to be built."""
        if name in self.placeholders:
            raise NoInstanceError(name)
        self.placeholders.add(name)
        try:
            return self.model_call(self.models[name], self.example_of(name), depth + 1)
        finally:
            self.placeholders.discard(name)

    def first_placeholder(self, options: Sequence[ir.TypeExpr], depth: int) -> ir.PyExpr:
        """The first option that has a placeholder (one that is not a required cycle)."""
        for option in options[:-1]:
            try:
                return self.placeholder(option, depth)
            except NoInstanceError:
                continue
        return self.placeholder(options[-1], depth)

    def distinct_placeholders(
        self, expr: ir.TypeExpr, count: int, depth: int
    ) -> tuple[ir.PyExpr, ...]:
        """`count` different values of a type, for an array whose items must be unique."""
        while isinstance(expr, ir.AliasRef):
            expr = expr.target
        if isinstance(expr, ir.Scalar):
            return tuple(self.scalar_placeholder(expr, index) for index in range(count))
        if isinstance(expr, ir.EnumRef) and len(self.enums[expr.name].members) >= count:
            self.names.add(expr.name)
            members = self.enums[expr.name].members[:count]
            return tuple(ir.PyName(f"{expr.name}.{member.name}") for member in members)
        raise NoInstanceError(f"{count} different values")

    def scalar_placeholder(self, expr: ir.Scalar, distinct: int = 0) -> ir.PyExpr:
        value = placeholder_json(expr, distinct)
        if value is None:
            raise NoInstanceError(f"a valid value of {expr}")
        if expr.python == "datetime.datetime":
            match = _DATETIME.match(DATETIME_PLACEHOLDER)
            assert match is not None
            self.needs_datetime = True
            return datetime_call(match)
        if expr.python == "datetime.date":
            self.needs_datetime = True
            return ir.PyCall(
                "datetime.date", (ir.PyLiteral(2024), ir.PyLiteral(1), ir.PyLiteral(1))
            )
        return ir.PyLiteral(value)


def branches(keywords: ir.SchemaKeywords) -> Iterator[tuple[dict[str, Any], set[str]]]:
    """For each branch of the keywords' `oneOf` or `anyOf` (`$ref`s to `defs` followed, an
    `allOf` of one looked into): the constants it asks of properties, and the names it requires."""
    defs = dict(keywords.defs)

    def followed(schema: Any) -> Any:
        seen = 0
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and seen < 8:
            schema, seen = defs.get(schema["$ref"]), seen + 1
        return schema

    schema = followed(keywords.schema)
    parts = [schema, *(schema.get("allOf") or [])] if isinstance(schema, dict) else []
    for part in map(followed, parts):
        if not isinstance(part, dict):
            continue
        for branch in map(followed, [*(part.get("oneOf") or []), *(part.get("anyOf") or [])]):
            if not isinstance(branch, dict):
                continue
            constants: dict[str, Any] = {}
            properties = branch.get("properties")
            for name, prop in properties.items() if isinstance(properties, dict) else ():
                prop = followed(prop)
                if isinstance(prop, dict) and "const" in prop:
                    constants[str(name)] = prop["const"]
                elif isinstance(prop, dict) and isinstance(prop.get("enum"), list) and prop["enum"]:
                    constants[str(name)] = prop["enum"][0]
            required = branch.get("required")
            asked = {str(name) for name in required} if isinstance(required, list) else set()
            yield constants, asked | set(constants)


def datetime_call(match: re.Match[str]) -> ir.PyExpr:
    """`datetime.datetime(...)` for a date-time text `_DATETIME` matched."""
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    parts = [int(year), int(month), int(day), int(hour), int(minute), int(second)]
    if fraction:
        parts.append(int(fraction.ljust(6, "0")))
    kwargs: tuple[tuple[str, ir.PyExpr], ...] = ()
    if offset is not None:
        kwargs = (("tzinfo", timezone(offset)),)
    return ir.PyCall("datetime.datetime", tuple(ir.PyLiteral(part) for part in parts), kwargs)


def must_equal(expected: Any, value: Any) -> Any:
    """The value, if it is the one expected; else MismatchError."""
    if value != expected:
        raise MismatchError
    return value


def must_be(kind: type[T], value: Any) -> T:
    """The value, if it is of that JSON type (a dict or a list); else MismatchError."""
    if not isinstance(value, kind):
        raise MismatchError
    return value


def check_size(minimum: int | None, maximum: int | None, value: list[Any] | dict[str, Any]) -> None:
    """MismatchError unless the array (or object) has as many items as its bounds allow."""
    if (minimum is not None and len(value) < minimum) or (
        maximum is not None and len(value) > maximum
    ):
        raise MismatchError


def all_different(items: list[Any]) -> bool:
    """Whether no two items are the same JSON value (`uniqueItems`), as the runtime compares."""
    seen = {json.dumps(item, sort_keys=True, default=str) for item in items}
    return len(seen) == len(items)


def tagged_first(expr: ir.UnionOf, value: Any) -> list[ir.TypeExpr]:
    """A union's options, the one the value's discriminator names first: the runtime reads a
    tagged object as that model, whichever option it would fit."""
    options = list(expr.options)
    if not (expr.discriminator and isinstance(value, dict)):
        return options
    named = dict(expr.mapping).get(str(value.get(expr.discriminator)), expr.default_model)
    tagged = [
        option for option in options if isinstance(option, ir.ModelRef) and option.name == named
    ]
    return tagged + [option for option in options if option not in tagged]


def timezone(offset: str) -> ir.PyExpr:
    if offset in ("Z", "z", "+00:00", "-00:00"):
        return ir.PyName("datetime.timezone.utc")
    sign = -1 if offset[0] == "-" else 1
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    delta = ir.PyCall(
        "datetime.timedelta", (), (("minutes", ir.PyLiteral(sign * (hours * 60 + minutes))),)
    )
    return ir.PyCall("datetime.timezone", (delta,))


# -- the values of the client's code samples -----------------------------------------------------


class _CallSampleBuilder(_SampleBuilder):
    """Placeholders for a call: a file is given as bytes (a model's sample prints JSON, so
    there it is text)."""

    def scalar_placeholder(self, expr: ir.Scalar, distinct: int = 0) -> ir.PyExpr:
        if expr.python == BINARY:
            return ir.PyName('b"file content"')
        return super().scalar_placeholder(expr, distinct)


class ValueSamples:
    """Values of any type for the client's code samples (the arguments of a call): the example
    given where it fits the type, else a model's own example, else a placeholder; and what the
    sample must import for them."""

    def __init__(
        self,
        models: Mapping[str, ir.Model],
        enums: Mapping[str, ir.EnumDef],
        examples: Mapping[str, Any],
    ) -> None:
        self.builder = _CallSampleBuilder(models, enums, examples)
        self.examples = examples

    def value(self, expr: ir.TypeExpr, example: Any, has_example: bool) -> ir.PyExpr:
        """A value of the type; NoInstanceError when it has none (a model requiring itself)."""
        if has_example:
            try:
                return self.builder.value(expr, example, 0)
            except MismatchError:
                pass
        if isinstance(expr, ir.ModelRef) and isinstance(self.examples.get(expr.name), dict):
            model = self.builder.models[expr.name]
            return self.builder.model_call(model, self.examples[expr.name], 0)
        return self.builder.placeholder(expr, 0)

    def imports(self, package: str) -> list[str]:
        """The names the values use (`package:Name`), `datetime` first where one is a date."""
        imports = [f"{package}:{name}" for name in sorted(self.builder.names)]
        return ["datetime", *imports] if self.builder.needs_datetime else imports
