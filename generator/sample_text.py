"""Text that a pattern matches, for the docs' code samples.

A pattern (in Python's syntax, as the runtime compiles it) is read with Python's own parser of
regular expressions (`re._parser`; `sre_parse` before 3.11) and walked for a short text it
matches: each repetition its least number of times, each alternative its first branch, each
character class a readable character (`a`, `0`, `A`, ...). Anchors and lookarounds add nothing.
The caller checks each text as the runtime would, so a pattern that this reading gets wrong (a
lookahead that asks for more, say) only costs a candidate.
"""

from __future__ import annotations

import importlib
import math
import re
import sys
from collections.abc import Iterator
from functools import cache
from typing import Any

# Characters tried first for a character class, so that samples read well.
PREFERRED = "a0Ax_-.9zZ @:/+"
# Classes the parser names, as the expressions that match them.
CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
}
REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})
ZERO_WIDTH = frozenset({"AT", "ASSERT", "ASSERT_NOT"})


class UnsupportedError(Exception):
    """A construct this reading does not turn into text."""


def pattern_texts(pattern: str, length: int = 0) -> Iterator[str]:
    """Texts the pattern should match: the shortest first, then longer ones toward `length`
    characters (a `minLength`): its repetitions stretched, or the text padded where the pattern
    is not anchored."""
    parsed = parse(pattern)
    if parsed is None:
        return
    try:
        shortest = Walker(0).text(parsed)
    except UnsupportedError:
        return
    yield shortest
    missing = length - len(shortest)
    if missing > 0:
        yield Walker(missing).text(parsed)
        yield shortest + "a" * missing
        yield "a" * missing + shortest


@cache
def parse(pattern: str) -> Any:
    """The parsed pattern, or None when Python's parser does not read it."""
    parser = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")
    try:
        return parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None


class Walker:
    """Writes the text of a parsed pattern; `stretch` characters more go to repetitions that
    allow more than their least number."""

    def __init__(self, stretch: int) -> None:
        self.stretch = stretch
        self.groups: dict[int, str] = {}

    def text(self, items: Any) -> str:
        return "".join(self.item(name(op), argument) for op, argument in items)

    def item(self, op: str, argument: Any) -> str:  # noqa: C901 - one case per kind of node
        if op == "LITERAL":
            return chr(argument)
        if op == "NOT_LITERAL":
            return "b" if chr(argument) == "a" else "a"
        if op == "ANY":
            return "a"
        if op == "IN":
            return class_character(argument)
        if op in REPEATS:
            return self.repeat(*argument)
        if op == "SUBPATTERN":
            group, _, _, items = argument
            text = self.text(items)
            if group is not None:
                self.groups[group] = text
            return text
        if op == "ATOMIC_GROUP":
            return self.text(argument)
        if op == "BRANCH":
            return self.text(argument[1][0])
        if op == "GROUPREF":
            return self.groups.get(argument, "")
        if op == "GROUPREF_EXISTS":
            group, yes, no = argument
            return self.text(yes if group in self.groups else no or [])
        if op in ZERO_WIDTH:
            return ""
        raise UnsupportedError(op)

    def repeat(self, low: int, high: int, items: Any) -> str:
        unit = self.text(items)
        count = low
        if self.stretch > 0 and high > low and unit:
            more = min(high - low, math.ceil(self.stretch / len(unit)))
            self.stretch -= more * len(unit)
            count += more
        if count == 0:
            return ""
        return unit + "".join(self.text(items) for _ in range(count - 1))


def class_character(items: Any) -> str:
    """A character of a class (`[a-z0-9]`, `[^,]`, `\\d`): a preferred one if it has one."""
    negated = bool(items) and name(items[0][0]) == "NEGATE"
    members = items[1:] if negated else items
    candidates = list(PREFERRED)
    for op, argument in members:
        if name(op) == "LITERAL":
            candidates.append(chr(argument))
        elif name(op) == "RANGE":
            candidates.append(chr(argument[0]))
    candidates += [chr(code) for code in range(33, 0x250)]
    for character in candidates:
        if in_class(character, members) != negated:
            return character
    raise UnsupportedError("an empty character class")


def in_class(character: str, members: Any) -> bool:
    for op, argument in members:
        kind = name(op)
        if kind == "LITERAL" and chr(argument) == character:
            return True
        if kind == "RANGE" and argument[0] <= ord(character) <= argument[1]:
            return True
        if kind == "CATEGORY":
            expression = CATEGORIES.get(name(argument))
            if expression is None:
                raise UnsupportedError(name(argument))
            if re.fullmatch(expression, character):
                return True
        elif kind not in ("LITERAL", "RANGE"):
            raise UnsupportedError(kind)
    return False


def name(constant: Any) -> str:
    """The name of one of the parser's constants (`LITERAL`, `CATEGORY_DIGIT`, ...)."""
    return str(getattr(constant, "name", constant))
