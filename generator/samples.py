"""Code samples for the docs: a model built with keyword arguments from the spec's example values.

The sample must run as written, so every value is checked against the type it is given to; a value
that does not fit is replaced by a placeholder of the right type, and required properties the
example lacks get one too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from . import ir
from .schemas import BINARY, first_example, fits_scalar, same_value

_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6})\d*)?([Zz]|[+-]\d{2}:\d{2})?$"
)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
T = TypeVar("T")
MAX_DEPTH = 6  # recursive models: stop nesting samples here


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
        name: build_sample(model, examples.get(name, {}), models, enums, package)
        for name, model in models.items()
    }


class MismatchError(Exception):
    """An example value does not fit its type."""


class NoInstanceError(Exception):
    """A model requires itself through its required properties: no finite value has its type."""


def build_sample(
    model: ir.Model,
    example: Any,
    models: Mapping[str, ir.Model],
    enums: Mapping[str, ir.EnumDef],
    package: str,
) -> ir.CodeSample | None:
    """The model's code sample; None for a model no finite value fits (a required cycle)."""
    builder = _SampleBuilder(models, enums)
    try:
        value = builder.model_call(model, example if isinstance(example, dict) else {}, 0)
    except NoInstanceError:
        return None
    imports = [f"{package}:{name}" for name in sorted(builder.names)]
    if builder.needs_datetime:
        imports.insert(0, "datetime")
    return ir.CodeSample(tuple(imports), value)


class _SampleBuilder:
    def __init__(self, models: Mapping[str, ir.Model], enums: Mapping[str, ir.EnumDef]) -> None:
        self.models = models
        self.enums = enums
        self.names: set[str] = set()
        self.needs_datetime = False
        self.member_lookups: dict[str, dict[tuple[type, Any], str]] = {}
        self.placeholders: set[str] = set()  # models being filled in with placeholders

    def model_call(self, model: ir.Model, example: dict[str, Any], depth: int) -> ir.PyExpr:
        self.names.add(model.name)
        kwargs: list[tuple[str, ir.PyExpr]] = []
        for prop in model.properties:
            if prop.wire_name in example and depth < MAX_DEPTH:
                try:
                    kwargs.append(
                        (prop.name, self.value(prop.type, example[prop.wire_name], depth))
                    )
                    continue
                except MismatchError:
                    pass
            if prop.required:
                kwargs.append((prop.name, self.placeholder(prop.type, depth)))
        known = {prop.wire_name for prop in model.properties}
        extras = {key: value for key, value in example.items() if key not in known}
        if extras and model.extra.mode == "keep":
            entries = tuple((str(key), ir.PyLiteral(value)) for key, value in extras.items())
            kwargs.append(("extra_properties", ir.PyDict(entries)))
        return ir.PyCall(model.name, (), tuple(kwargs))

    def value(self, expr: ir.TypeExpr, value: Any, depth: int) -> ir.PyExpr:
        """The example value as Python, or MismatchError when it does not fit the type."""
        if isinstance(expr, ir.Nullable):
            return ir.PyLiteral(None) if value is None else self.value(expr.inner, value, depth)
        if value is None:
            raise MismatchError
        match expr:
            case ir.ModelRef():
                example = must_be(dict, value)
                return self.model_call(self.models[expr.name], example, depth + 1)
            case ir.EnumRef():
                return self.enum_value(expr, value)
            case ir.AliasRef():
                self.names.add(expr.name)
                return self.value(expr.target, value, depth)
            case ir.ArrayOf():
                items = must_be(list, value)
                return ir.PyList(tuple(self.value(expr.item, item, depth) for item in items))
            case ir.MapOf():
                entries = must_be(dict, value).items()
                return ir.PyDict(
                    tuple((str(key), self.value(expr.value, item, depth)) for key, item in entries)
                )
            case ir.UnionOf():
                return self.union_value(expr, value, depth)
            case ir.Const():
                return ir.PyLiteral(must_equal(expr.value, value))
            case ir.Scalar():
                return self.scalar(expr, value)
            case ir.AnyJson():
                return ir.PyLiteral(value)
        return ir.unknown_kind(expr)

    def union_value(self, expr: ir.UnionOf, value: Any, depth: int) -> ir.PyExpr:
        """The first option the value fits."""
        for option in expr.options:
            try:
                return self.value(option, value, depth)
            except MismatchError:
                continue
        raise MismatchError

    def enum_value(self, expr: ir.EnumRef, value: Any) -> ir.PyExpr:
        self.names.add(expr.name)
        member = self.member_lookup(expr.name).get((type(value), value)) if is_key(value) else None
        if member is not None:
            return ir.PyName(f"{expr.name}.{member}")
        for each in self.enums[expr.name].members:
            if not is_key(each.value) and same_value(each.value, value):
                return ir.PyName(f"{expr.name}.{each.name}")
        raise MismatchError

    def member_lookup(self, enum_name: str) -> dict[tuple[type, Any], str]:
        """An enum's member names by (type, value), made once per sample: an example array of
        many enum values costs one lookup each, not one pass over the members each."""
        lookup = self.member_lookups.get(enum_name)
        if lookup is None:
            lookup = {}
            for member in self.enums[enum_name].members:
                if is_key(member.value):
                    lookup.setdefault((type(member.value), member.value), member.name)
            self.member_lookups[enum_name] = lookup
        return lookup

    def scalar(self, expr: ir.Scalar, value: Any) -> ir.PyExpr:
        if expr.python == "datetime.datetime":
            match = _DATETIME.match(value) if isinstance(value, str) else None
            if match is None:
                raise MismatchError
            return self.datetime_call(match)
        if expr.python == "datetime.date":
            match = _DATE.match(value) if isinstance(value, str) else None
            if match is None:
                raise MismatchError
            self.needs_datetime = True
            return ir.PyCall(
                "datetime.date", tuple(ir.PyLiteral(int(part)) for part in match.groups())
            )
        if not fits_scalar(expr.python, value):
            raise MismatchError
        return ir.PyLiteral(value)

    def datetime_call(self, match: re.Match[str]) -> ir.PyExpr:
        self.needs_datetime = True
        year, month, day, hour, minute, second, fraction, offset = match.groups()
        parts = [int(year), int(month), int(day), int(hour), int(minute), int(second)]
        if fraction:
            parts.append(int(fraction.ljust(6, "0")))
        kwargs: tuple[tuple[str, ir.PyExpr], ...] = ()
        if offset is not None:
            kwargs = (("tzinfo", timezone(offset)),)
        return ir.PyCall("datetime.datetime", tuple(ir.PyLiteral(part) for part in parts), kwargs)

    def placeholder(self, expr: ir.TypeExpr, depth: int) -> ir.PyExpr:
        """A value of the right type for a required property the example does not give."""
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
                count = expr.constraints.min_items or 0
                return ir.PyList(tuple(self.placeholder(expr.item, depth) for _ in range(count)))
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

    def placeholder_model(self, name: str, depth: int) -> ir.PyExpr:
        """A model built from placeholders; NoInstanceError when it needs itself to be built."""
        if name in self.placeholders:
            raise NoInstanceError(name)
        self.placeholders.add(name)
        try:
            return self.model_call(self.models[name], {}, depth + 1)
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

    def scalar_placeholder(self, expr: ir.Scalar) -> ir.PyExpr:
        if expr.python == "datetime.datetime":
            match = _DATETIME.match("2024-01-01T00:00:00Z")
            assert match is not None
            return self.datetime_call(match)
        if expr.python == "datetime.date":
            self.needs_datetime = True
            return ir.PyCall(
                "datetime.date", (ir.PyLiteral(2024), ir.PyLiteral(1), ir.PyLiteral(1))
            )
        if expr.python in ("str", BINARY):
            return ir.PyLiteral(placeholder_text(expr))
        if expr.python in ("int", "float"):
            return ir.PyLiteral(placeholder_number(expr))
        return ir.PyLiteral(False if expr.python == "bool" else None)


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


def is_key(value: Any) -> bool:
    """A JSON scalar that a dict can look up as itself (NaN equals nothing, not even NaN)."""
    return isinstance(value, str | int | float | bool) and value == value


FORMAT_PLACEHOLDERS = {
    "uuid": "00000000-0000-4000-8000-000000000000",
    "email": "user@example.com",
    "uri": "https://example.com/",
    "byte": "",
    "binary": "file content",
    "time": "00:00:00Z",
    "ipv4": "127.0.0.1",
}


def placeholder_text(expr: ir.Scalar) -> str:
    """A string of the right format and length (a pattern it cannot guess)."""
    text = FORMAT_PLACEHOLDERS.get(expr.format or "", "string")
    minimum, maximum = expr.constraints.min_length, expr.constraints.max_length
    if minimum is not None and len(text) < minimum:
        text = text + "x" * (minimum - len(text))
    if maximum is not None:
        text = text[:maximum]
    return text


def placeholder_number(expr: ir.Scalar) -> int | float:
    """Zero, or the nearest value the range allows."""
    bounds = expr.constraints
    value: int | float = 0
    if bounds.minimum is not None and value < bounds.minimum:
        value = bounds.minimum
    if bounds.exclusive_minimum is not None and value <= bounds.exclusive_minimum:
        value = bounds.exclusive_minimum + 1
    if bounds.maximum is not None and value > bounds.maximum:
        value = bounds.maximum
    if bounds.exclusive_maximum is not None and value >= bounds.exclusive_maximum:
        value = bounds.exclusive_maximum - 1
    return float(value) if expr.python == "float" and isinstance(value, int) else value


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

    def scalar_placeholder(self, expr: ir.Scalar) -> ir.PyExpr:
        if expr.python == BINARY:
            return ir.PyName('b"file content"')
        return super().scalar_placeholder(expr)


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
        self.builder = _CallSampleBuilder(models, enums)
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
