"""Proofs that no value fits a schema, for the Prism harness: which keywords contradict.

`Prover(judge).contradiction(at)` reads the schema at a place of the description as the judge
reads a request's (`prism_samples.Judge`: readOnly properties left out, object keywords without
a `type` an object's, as the generator reads them) and says why no value can fit it: the JSON
pointer and the keywords that contradict, through the required properties, `$ref`s, `allOf`
parts and options that lead there. None means it found no such reason, which proves nothing
(the value maker may just have failed). It looks for contradictions a few keywords show:

- types: `type`, `const`, `enum`, `allOf` parts and `oneOf`/`anyOf` options that admit no
  JSON type in common;
- an `enum` (or `const`) none of whose values the whole schema accepts;
- bounds: `minLength` over `maxLength`, a `format` longer than `maxLength` allows,
  `minimum` over `maximum`, `minItems` over `maxItems`, `minProperties` over `maxProperties`;
- an object that requires a name its `properties` do not list while `additionalProperties` is
  false, or whose only possible value, `{}`, the schema rejects;
- a required property, a part, every option, or the items of a non-empty array, that no
  value fits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from prism_samples import At, Judge, NoValueError

# JSON's types, integers apart from other numbers (`number` admits both, `integer` one).
JSON_TYPES = frozenset({"null", "boolean", "object", "array", "string", "integer", "fraction"})
# The fewest characters a string of a format can have, for the formats the judge checks.
FORMAT_LENGTHS = {"uuid": 36, "date-time": 20, "date": 10, "ipv4": 7}


class UnsatisfiableError(NoValueError):
    """No value can fit the schema: the message is the proof (the keywords that contradict)."""


@dataclass(frozen=True)
class Place:
    """A schema as the judge reads it for a request, and where it stands: the document's URI
    (as `Judge.uri` names the description's documents) and the JSON pointer."""

    uri: str
    pointer: str
    node: Any

    @property
    def key(self) -> tuple[str, str]:
        return self.uri, self.pointer


class Prover:
    """Proofs for the schemas of one description (see the module's docstring)."""

    def __init__(self, judge: Judge) -> None:
        self.judge = judge
        self.registry = judge.registry("request")
        self.documents = {judge.uri(name): name for name in judge.spec.documents}
        self.modern = judge.modern  # 3.1 and later: a `$ref`'s siblings count too
        self.proofs: dict[tuple[str, str], str | None] = {}
        self.kind_cache: dict[tuple[str, str], frozenset[str]] = {}

    def contradiction(self, at: At) -> str | None:
        """Why no value fits the schema at `at` (None when no reason is found)."""
        place = self.place(self.judge.uri(at.document), at.pointer)
        return None if place is None else self.proof(place)

    # -- places --

    def place(self, uri: str, pointer: str) -> Place | None:
        try:
            found = self.registry.resolver(base_uri=uri).lookup(f"{uri}#{pointer}")
        except Exception:
            return None
        return Place(uri, pointer, found.contents)

    def child(self, place: Place, *keys: str | int) -> Place:
        node, pointer = place.node, place.pointer
        for key in keys:
            node = node[key]
            pointer = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
        return Place(place.uri, pointer, node)

    def referenced(self, place: Place) -> Place | None:
        ref = place.node.get("$ref") if isinstance(place.node, dict) else None
        if not isinstance(ref, str):
            return None
        uri, _, pointer = urljoin(place.uri, ref).partition("#")
        return self.place(uri or place.uri, pointer)

    def named(self, place: Place) -> str:
        document = self.documents.get(place.uri, place.uri)
        shown = "" if document == self.judge.spec.root else document
        return f"{shown}#{place.pointer}"

    def at(self, place: Place) -> At:
        return At(self.documents.get(place.uri, place.uri), place.pointer, place.node)

    def rejects(self, place: Place, value: Any) -> list[str]:
        """What the judge finds wrong with `value` there ([] when it accepts or cannot tell)."""
        return self.judge.errors(self.at(place), value) or []

    # -- the proof --

    def proof(self, place: Place) -> str | None:
        if place.key not in self.proofs:
            self.proofs[place.key] = None  # while it is worked out: a cycle proves nothing
            self.proofs[place.key] = self.unmemoised_proof(place)
        return self.proofs[place.key]

    def unmemoised_proof(self, place: Place) -> str | None:
        node = place.node
        if node is False:
            return f"{self.named(place)}: false admits no value"
        if not isinstance(node, dict):
            return None
        target = self.referenced(place)
        if target is not None:
            found = self.proof(target)
            if found is not None or not self.modern:  # 3.0: a `$ref`'s siblings are ignored
                return found
        for check in (self.types, self.values, self.bounds, self.objects, self.nested):
            found = check(place)
            if found is not None:
                return found
        return None

    def types(self, place: Place) -> str | None:
        """The keywords that leave no JSON type, each with the types it admits."""
        admitted = JSON_TYPES
        said: list[str] = []
        for label, kinds in self.type_steps(place):
            if not admitted & kinds:
                return (
                    f"{self.named(place)}: {', '.join(said)}, but {label} admits only "
                    f"{names(kinds)}"
                )
            admitted &= kinds
            said.append(f"{label} admits only {names(kinds)}")
        return None

    def kinds(self, place: Place) -> frozenset[str]:
        """The JSON types the schema admits, as far as its type keywords tell."""
        if place.key not in self.kind_cache:
            self.kind_cache[place.key] = JSON_TYPES  # while it is worked out: a cycle, any
            admitted = JSON_TYPES
            for _label, kinds in self.type_steps(place):
                admitted &= kinds
            self.kind_cache[place.key] = admitted
        return self.kind_cache[place.key]

    def type_steps(self, place: Place) -> Iterator[tuple[str, frozenset[str]]]:
        node = place.node
        if not isinstance(node, dict):
            return
        target = self.referenced(place)
        if target is not None:
            yield f"$ref {node['$ref']!r}", self.kinds(target)
            if not self.modern:
                return
        if "type" in node:
            nullable = node.get("nullable") is True  # 3.0: null too, whatever the type
            named = kinds_named(node["type"]) | ({"null"} if nullable else set())
            yield f"type {node['type']!r}" + (" (nullable)" if nullable else ""), named
        if "const" in node:
            yield "const", frozenset({kind_of(node["const"])})
        if isinstance(node.get("enum"), list):
            yield "enum", frozenset(kind_of(value) for value in node["enum"])
        parts = node.get("allOf")
        for index in range(len(parts) if isinstance(parts, list) else 0):
            part = self.child(place, "allOf", index)
            yield f"allOf/{index}{self.read_as_object(part)}", self.kinds(part)
        for keyword in ("oneOf", "anyOf"):
            options = node.get(keyword)
            if not isinstance(options, list) or not options:
                continue
            kinds: frozenset[str] = frozenset()
            notes = ""
            for index in range(len(options)):
                option = self.child(place, keyword, index)
                kinds |= self.kinds(option)
                notes = notes or self.read_as_object(option)
            yield f"every {keyword} option{notes}", kinds

    def read_as_object(self, place: Place) -> str:
        """A note when the schema (a `$ref` followed) is an object's only as the generator
        reads object keywords without a `type`: by the letter of JSON Schema it admits any
        value that is not an object."""
        target = self.referenced(place) or place
        try:
            original = self.judge.spec.node_at(self.at(target).document, target.pointer)
        except Exception:
            return ""
        untyped = isinstance(original, dict) and not {"type", "$ref"} & set(original)
        if untyped and isinstance(target.node, dict) and target.node.get("type") == "object":
            return (
                f" ({self.named(target)} has object keywords and no type: an object's, as the "
                "generator reads it)"
            )
        return ""

    def values(self, place: Place) -> str | None:
        """An `enum` (or `const`) none of whose values the whole schema accepts."""
        node = place.node
        values = [node["const"]] if "const" in node else node.get("enum")
        if not isinstance(values, list) or len(values) > 50:
            return None
        if not values:
            return f"{self.named(place)}: enum [] admits no value"
        errors = [self.rejects(place, value) for value in values]
        if all(errors):
            keyword = "const" if "const" in node else "enum"
            return (
                f"{self.named(place)}: no value of its {keyword} fits its other keywords "
                f"({errors[0][0]})"
            )
        return None

    def bounds(self, place: Place) -> str | None:
        """Lower bounds over upper ones, for the one type the schema admits."""
        node = place.node
        kinds = self.kinds(place)
        where = self.named(place)
        if kinds and kinds <= {"string"}:
            low, high = node.get("minLength", 0), node.get("maxLength")
            if is_number(low) and is_number(high) and low > high:
                return f"{where}: minLength {low} is more than maxLength {high}"
            form = node.get("format")
            least = FORMAT_LENGTHS.get(form) if isinstance(form, str) else None
            checked = form in self.judge.format_checker.checkers
            if least is not None and checked and is_number(high) and high < least:
                return (
                    f"{where}: format {form!r} needs at least {least} characters, and maxLength "
                    f"is {high}"
                )
        if kinds and kinds <= {"integer", "fraction"}:
            found = number_bounds(node, kinds == {"integer"})
            if found is not None:
                return f"{where}: {found}"
        for low_name, high_name, kind in (
            ("minItems", "maxItems", "array"),
            ("minProperties", "maxProperties", "object"),
        ):
            low, high = node.get(low_name), node.get(high_name)
            if kinds == {kind} and is_number(low) and is_number(high) and low > high:
                return f"{where}: {low_name} {low} is more than {high_name} {high}"
        return None

    def objects(self, place: Place) -> str | None:
        """Required names the object cannot have, and an object that can only be `{}`."""
        node = place.node
        if self.kinds(place) != {"object"}:
            return None
        where = self.named(place)
        listed = node.get("properties") if isinstance(node.get("properties"), dict) else {}
        patterns = node.get("patternProperties")
        patterns = list(patterns) if isinstance(patterns, dict) else []
        extra = node.get("additionalProperties", True)
        required = [name for name in node.get("required", []) if isinstance(name, str)]
        high = node.get("maxProperties")
        if is_number(high) and len(set(required)) > high:
            return f"{where}: requires {len(set(required))} properties, maxProperties is {high}"
        for name in required:
            if name in listed:
                found = self.proof(self.child(place, "properties", name))
                if found is not None:
                    return f"{where} requires {name!r} > {found}"
            elif any(matches(pattern, name) for pattern in patterns):
                continue
            elif extra is False:
                return (
                    f"{where}: requires {name!r}, which its properties do not list, and "
                    f"additionalProperties is false{self.read_as_object(place)}"
                )
            elif isinstance(extra, dict):
                found = self.proof(self.child(place, "additionalProperties"))
                if found is not None:
                    return f"{where} requires {name!r} (additionalProperties) > {found}"
        if extra is False and not listed and not patterns and not required:
            errors = self.rejects(place, {})
            if errors:
                return (
                    f"{where}: additionalProperties is false and it lists no properties, so "
                    f"only {{}} could fit, and {{}} does not ({errors[0]})"
                    f"{self.read_as_object(place)}"
                )
        return None

    def nested(self, place: Place) -> str | None:
        """A part, every option, or a non-empty array's items that no value fits."""
        node = place.node
        where = self.named(place)
        parts = node.get("allOf")
        for index in range(len(parts) if isinstance(parts, list) else 0):
            found = self.proof(self.child(place, "allOf", index))
            if found is not None:
                return f"{where} allOf/{index} > {found}"
        for keyword in ("oneOf", "anyOf"):
            options = node.get(keyword)
            if not isinstance(options, list) or not options:
                continue
            found_each = [
                self.proof(self.child(place, keyword, index)) for index in range(len(options))
            ]
            if all(found is not None for found in found_each):
                return f"{where}: no {keyword} option admits a value: " + "; ".join(
                    f"{index}: {found}" for index, found in enumerate(found_each)
                )
        low = node.get("minItems")
        if self.kinds(place) == {"array"} and is_number(low) and low >= 1 and "items" in node:
            found = self.proof(self.child(place, "items"))
            if found is not None:
                return f"{where}: minItems {low} > items > {found}"
        return None


def kinds_named(kind: Any) -> frozenset[str]:
    """The JSON types a `type` keyword admits (a list's, each; an unknown name's, all)."""
    if isinstance(kind, list):
        found: frozenset[str] = frozenset()
        for each in kind:
            found |= kinds_named(each)
        return found
    if kind == "number":
        return frozenset({"integer", "fraction"})
    if kind in JSON_TYPES - {"fraction"}:
        return frozenset({kind})
    return JSON_TYPES


def kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "fraction"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def names(kinds: frozenset[str]) -> str:
    shown = set(kinds)
    if {"integer", "fraction"} <= shown:
        shown = (shown - {"integer", "fraction"}) | {"number"}
    elif "fraction" in shown:
        shown = (shown - {"fraction"}) | {"number that is not an integer"}
    return " or ".join(sorted(shown)) or "nothing"


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def number_bounds(node: dict[str, Any], integer: bool) -> str | None:
    """Why no number fits the bounds (3.0's boolean exclusive flags and 3.1's numbers)."""
    low, high = node.get("minimum"), node.get("maximum")
    low_open, high_open = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
    if low_open is True:
        low_open, low = low, None
    if high_open is True:
        high_open, high = high, None
    lows = bounds_of((low, False), (low_open, True))
    highs = bounds_of((high, False), (high_open, True))
    for floor, floor_open in lows:
        for ceiling, ceiling_open in highs:
            if floor > ceiling or (floor == ceiling and (floor_open or ceiling_open)):
                return f"the lower bound {floor} is not below the upper bound {ceiling}"
            if integer:
                first = math.floor(floor) + 1 if floor_open else math.ceil(floor)
                last = math.ceil(ceiling) - 1 if ceiling_open else math.floor(ceiling)
                if first > last:
                    return f"no integer lies between {floor} and {ceiling}"
    return None


def bounds_of(*given: tuple[Any, bool]) -> list[tuple[int | float, bool]]:
    """The numbers among the bounds given, each with whether it is exclusive."""
    return [(value, exclusive) for value, exclusive in given if is_number(value)]


def matches(pattern: str, name: str) -> bool:
    try:
        return re.search(pattern, name) is not None
    except re.error:
        return True  # cannot tell: the name may be admitted
