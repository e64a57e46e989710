"""The JSON Schema keywords that check a value, each defined once.

A check is an object made from a keyword's value (`MinLength(3)`). The codecs run it (`holds`,
then `fail` for the error), and the code written per model (`compiled`) writes it inline
(`source`), so that both paths apply the same test and say the same thing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sized
from typing import Any, ClassVar, cast

from .errors import ValidationError, child_path, counted, shown
from .formats import Format

# Gives a name under which the code per model can use an object (`bind(regex.search)`).
Bind = Callable[[Any], str]


class Check:
    """One keyword's test of a value that already has the keyword's JSON type."""

    __slots__ = ()
    keyword: ClassVar[str] = ""  # the JSON Schema keyword

    def holds(self, value: Any) -> bool:
        """Whether `value` passes."""
        raise NotImplementedError

    def reason(self, value: Any) -> str:
        """What is wrong with `value`, which does not pass."""
        raise NotImplementedError

    def fail(self, value: Any, path: str) -> ValidationError:
        """The error for `value`, which does not pass, at `path`."""
        return ValidationError(path, self.reason(value))

    def source(self, var: str, bind: Bind) -> str:
        """A Python expression that is true when the variable `var` passes.

        The code per model writes it inline; `bind(obj)` gives a name for an object it needs.
        """
        return f"{bind(self.holds)}({var})"


def run_checks(checks: tuple[Check, ...], value: Any, path: str) -> None:
    """Raise the `ValidationError` of the first check that `value` does not pass."""
    for check in checks:
        if not check.holds(value):
            raise check.fail(value, path)


def literal(value: Any, bind: Bind) -> str:
    """A number written into the code, or a name bound to it (infinity, say)."""
    exact = type(value) is int or (type(value) is float and math.isfinite(value))
    return repr(value) if exact else bind(value)


# -- strings ---------------------------------------------------------------------------------


class MinLength(Check):
    __slots__ = ["limit"]
    keyword = "minLength"

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def holds(self, value: Any) -> bool:
        return len(value) >= self.limit

    def reason(self, value: Any) -> str:
        limit = counted(self.limit, "character")
        return f"must be at least {limit} long, got {len(value)}"

    def source(self, var: str, bind: Bind) -> str:
        return f"len({var}) >= {literal(self.limit, bind)}"


class MaxLength(Check):
    __slots__ = ["limit"]
    keyword = "maxLength"

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def holds(self, value: Any) -> bool:
        return len(value) <= self.limit

    def reason(self, value: Any) -> str:
        return (
            f"must be at most {counted(self.limit, 'character')} long, got {len(value)}"
        )

    def source(self, var: str, bind: Bind) -> str:
        return f"len({var}) <= {literal(self.limit, bind)}"


class Pattern(Check):
    __slots__ = ["pattern", "regex"]
    keyword = "pattern"

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.regex = re.compile(pattern)

    def holds(self, value: Any) -> bool:
        return self.regex.search(value) is not None

    def reason(self, value: Any) -> str:
        return f"must match the pattern {self.pattern!r}, got {shown(value)}"

    def source(self, var: str, bind: Bind) -> str:
        return f"{bind(self.regex.search)}({var}) is not None"


class FormatCheck(Check):
    """`format`, for a format that `formats.FORMATS` lists."""

    __slots__ = ["format"]
    keyword = "format"

    def __init__(self, format: Format) -> None:
        self.format = format

    def holds(self, value: Any) -> bool:
        return bool(self.format.test(value))

    def reason(self, value: Any) -> str:
        return f"must be a valid {self.format.name}, got {shown(value)}"

    def source(self, var: str, bind: Bind) -> str:
        return f"{bind(self.format.test)}({var})"


# -- numbers ---------------------------------------------------------------------------------


class Minimum(Check):
    __slots__ = ["limit"]
    keyword = "minimum"

    def __init__(self, limit: float) -> None:
        self.limit = limit

    def holds(self, value: Any) -> bool:
        return bool(value >= self.limit)

    def reason(self, value: Any) -> str:
        return f"must be >= {self.limit}, got {value}"

    def source(self, var: str, bind: Bind) -> str:
        return f"{var} >= {literal(self.limit, bind)}"


class Maximum(Check):
    __slots__ = ["limit"]
    keyword = "maximum"

    def __init__(self, limit: float) -> None:
        self.limit = limit

    def holds(self, value: Any) -> bool:
        return bool(value <= self.limit)

    def reason(self, value: Any) -> str:
        return f"must be <= {self.limit}, got {value}"

    def source(self, var: str, bind: Bind) -> str:
        return f"{var} <= {literal(self.limit, bind)}"


class ExclusiveMinimum(Check):
    __slots__ = ["limit"]
    keyword = "exclusiveMinimum"

    def __init__(self, limit: float) -> None:
        self.limit = limit

    def holds(self, value: Any) -> bool:
        return bool(value > self.limit)

    def reason(self, value: Any) -> str:
        return f"must be > {self.limit}, got {value}"

    def source(self, var: str, bind: Bind) -> str:
        return f"{var} > {literal(self.limit, bind)}"


class ExclusiveMaximum(Check):
    __slots__ = ["limit"]
    keyword = "exclusiveMaximum"

    def __init__(self, limit: float) -> None:
        self.limit = limit

    def holds(self, value: Any) -> bool:
        return bool(value < self.limit)

    def reason(self, value: Any) -> str:
        return f"must be < {self.limit}, got {value}"

    def source(self, var: str, bind: Bind) -> str:
        return f"{var} < {literal(self.limit, bind)}"


class MultipleOf(Check):
    __slots__ = ["divisor"]
    keyword = "multipleOf"

    def __init__(self, divisor: float) -> None:
        self.divisor = divisor

    def holds(self, value: Any) -> bool:
        return is_multiple(value, self.divisor)

    def reason(self, value: Any) -> str:
        return f"must be a multiple of {self.divisor}, got {value}"


class IntegerBits(Check):
    """`format: int32` or `int64`: an integer that fits in so many bits, signed."""

    __slots__ = ["limit"]
    keyword = "format"

    def __init__(self, bits: int) -> None:
        self.limit = 2 ** (bits - 1)

    def holds(self, value: Any) -> bool:
        return bool(-self.limit <= value < self.limit)

    def reason(self, value: Any) -> str:
        return f"must fit in a signed {self.limit.bit_length()}-bit integer"

    def source(self, var: str, bind: Bind) -> str:
        return f"{-self.limit!r} <= {var} < {self.limit!r}"


# -- arrays and objects ----------------------------------------------------------------------


class MinItems(Check):
    __slots__ = ["limit"]
    keyword = "minItems"

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def holds(self, value: Any) -> bool:
        return len(value) >= self.limit

    def reason(self, value: Any) -> str:
        return f"must have at least {counted(self.limit, 'item')}, got {len(value)}"

    def source(self, var: str, bind: Bind) -> str:
        return f"len({var}) >= {literal(self.limit, bind)}"


class MaxItems(Check):
    __slots__ = ["limit"]
    keyword = "maxItems"

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def holds(self, value: Any) -> bool:
        return len(value) <= self.limit

    def reason(self, value: Any) -> str:
        return f"must have at most {counted(self.limit, 'item')}, got {len(value)}"

    def source(self, var: str, bind: Bind) -> str:
        return f"len({var}) <= {literal(self.limit, bind)}"


class UniqueItems(Check):
    __slots__ = ()
    keyword = "uniqueItems"

    def holds(self, value: Any) -> bool:
        return self.repeated(value) is None

    def repeated(self, value: list[Any]) -> int | None:
        """The index of the first item equal to an earlier one, if any."""
        seen: set[Any] = set()
        for index, item in enumerate(value):
            key = json_key(item)  # JSON's equality: 1 is 1.0, true is not 1
            if key in seen:
                return index
            seen.add(key)
        return None

    def reason(self, value: Any) -> str:
        return "repeats an earlier item; items must be unique"

    def fail(self, value: Any, path: str) -> ValidationError:
        index = self.repeated(value)
        return ValidationError(
            path if index is None else child_path(path, index), self.reason(value)
        )


class MinProperties(Check):
    __slots__ = ["limit"]
    keyword = "minProperties"

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def holds(self, value: Sized) -> bool:
        return len(value) >= self.limit

    def reason(self, value: Any) -> str:
        limit = counted(self.limit, "property", "properties")
        return f"must have at least {limit}, got {len(value)}"

    def source(self, var: str, bind: Bind) -> str:
        return f"len({var}) >= {literal(self.limit, bind)}"


class MaxProperties(Check):
    __slots__ = ["limit"]
    keyword = "maxProperties"

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def holds(self, value: Sized) -> bool:
        return len(value) <= self.limit

    def reason(self, value: Any) -> str:
        limit = counted(self.limit, "property", "properties")
        return f"must have at most {limit}, got {len(value)}"

    def source(self, var: str, bind: Bind) -> str:
        return f"len({var}) <= {literal(self.limit, bind)}"


# -- JSON's equality and JSON's numbers ------------------------------------------------------


def json_key(value: Any) -> Any:
    """A hashable key, equal for values JSON holds equal: `1` and `1.0` one key, `true` and `1`
    two, objects whatever the order of their properties.
    """
    if value is True or value is False:
        return ("b", value)
    if type(value) is float and value.is_integer():
        return int(value)
    if isinstance(value, list):
        items: list[Any] = cast(Any, value)  # (pyright strict would not know the items)
        return ("a", tuple(json_key(item) for item in items))
    if isinstance(value, dict):
        entries: dict[Any, Any] = cast(Any, value)
        return ("o", frozenset((key, json_key(item)) for key, item in entries.items()))
    return value


def json_equal(one: Any, other: Any) -> bool:
    """JSON Schema's equality: numbers by value (`1` is `1.0`), `false` is not `0`."""
    try:
        return bool(json_key(one) == json_key(other))
    except TypeError:  # not a JSON value (unhashable): Python's own equality
        return bool(one == other)


def is_multiple(value: float, step: float) -> bool:
    """Whether `value` is an integer times `step`, exactly, however large or small (no float
    division: `1e308 / 0.123456789` is infinite), each number as written (`0.1` is one tenth,
    not the nearest binary fraction).
    """
    if type(value) is int and type(step) is int:
        return value % step == 0
    if isinstance(value, float) and not math.isfinite(value):
        return False
    from decimal import Decimal  # imported by the packages whose schemas need it only
    from fractions import Fraction

    quotient = Fraction(Decimal(repr(value))) / Fraction(Decimal(repr(step)))
    return quotient.denominator == 1
