"""What a docs sample's value is on the wire, and whether keywords accept it: the checks
`samples` runs on a sample before it shows it (a model's `oneOf`, a `Checked` type's keywords),
with the generated package's own evaluator (`rt.Keywords`). And enum members found by value."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import ir
from .sample_values import DATE_PLACEHOLDER, DATETIME_PLACEHOLDER, runtime
from .schemas import same_value


class MismatchError(Exception):
    """An example value does not fit its type."""


class KeywordChecker:
    """Whether keywords accept a sample's value, as the generated package checks its JSON."""

    def __init__(self, models: Mapping[str, ir.Model], enums: Mapping[str, ir.EnumDef]) -> None:
        self.models = models
        self.enums = enums
        # The runtime's evaluators, by the id of the keywords they check (kept alive beside).
        self.compiled: dict[int, tuple[ir.SchemaKeywords, Any]] = {}

    def accepts(self, keywords: ir.SchemaKeywords, expr: ir.PyExpr) -> bool:
        return bool(self.keywords(keywords).accepts(self.wire(expr)))

    def keywords(self, keywords: ir.SchemaKeywords) -> Any:
        """The runtime's evaluator for the keywords (`rt.Keywords`), made once each."""
        key = id(keywords)
        compiled = self.compiled.get(key)
        if compiled is None:
            compiled = runtime().Keywords(keywords.schema, dict(keywords.defs))
            self.compiled[key] = (keywords, compiled)
            return compiled
        return compiled[1]

    def wire(self, expr: ir.PyExpr) -> Any:
        """What the sample's value is on the wire, as its model's `to_dict` writes it."""
        match expr:
            case ir.PyLiteral():
                return expr.value
            case ir.PyList():
                return [self.wire(item) for item in expr.items]
            case ir.PyDict():
                return {key: self.wire(item) for key, item in expr.entries}
            case ir.PyName():
                enum_name, _, member_name = expr.path.rpartition(".")
                if enum_name not in self.enums:  # a call sample's file (`b"file content"`),
                    return expr.path  # which JSON Schema sees as a string
                members = self.enums[enum_name].members
                return next(member.value for member in members if member.name == member_name)
            case ir.PyCall(callee="datetime.datetime"):
                return DATETIME_PLACEHOLDER
            case ir.PyCall(callee="datetime.date"):
                return DATE_PLACEHOLDER
            case ir.PyCall():
                return self.model_wire(self.models[expr.callee], expr)
        return None

    def model_wire(self, model: ir.Model, call: ir.PyCall) -> dict[str, Any]:
        given = dict(call.kwargs)
        written: dict[str, Any] = {}
        for prop in model.properties:
            if prop.name in given:
                written[prop.wire_name] = self.wire(given[prop.name])
            elif prop.default is not None:
                written[prop.wire_name] = prop.default_json
        extras = given.get("extra_properties")
        if extras is not None:
            written.update(self.wire(extras))
        return written


class EnumMembers:
    """An enum's member names by (type, value), made once per sample: an example array of many
    enum values costs one lookup each, not one pass over the members each."""

    def __init__(self, enums: Mapping[str, ir.EnumDef]) -> None:
        self.enums = enums
        self.lookups: dict[str, dict[tuple[type, Any], str]] = {}

    def member(self, enum_name: str, value: Any) -> ir.PyExpr:
        """`Enum.MEMBER` for the value; MismatchError when the enum does not list it."""
        member = self.lookup(enum_name).get((type(value), value)) if is_key(value) else None
        if member is not None:
            return ir.PyName(f"{enum_name}.{member}")
        for each in self.enums[enum_name].members:
            if not is_key(each.value) and same_value(each.value, value):
                return ir.PyName(f"{enum_name}.{each.name}")
        raise MismatchError

    def lookup(self, enum_name: str) -> dict[tuple[type, Any], str]:
        lookup = self.lookups.get(enum_name)
        if lookup is None:
            lookup = {}
            for member in self.enums[enum_name].members:
                if is_key(member.value):
                    lookup.setdefault((type(member.value), member.value), member.name)
            self.lookups[enum_name] = lookup
        return lookup


def is_key(value: Any) -> bool:
    """A JSON scalar that a dict can look up as itself (NaN equals nothing, not even NaN)."""
    return isinstance(value, str | int | float | bool) and value == value
