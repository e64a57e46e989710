"""Scalar values for the docs' code samples: whether an example value is valid, and a valid value
where the description gives none.

Validity is the generated package's own: the value is read by the runtime codec the model's field
has (`rt.Str(pattern=..., format=...)`, `rt.Int(minimum=...)`), so that a sample never shows a
value its model rejects. A placeholder is the simplest value that passes: a text the pattern
matches (`sample_text`), a format's typical value, a number in range.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterator
from functools import cache
from typing import Any

from . import ir
from .sample_text import pattern_texts
from .schemas import fits_scalar

DATETIME_PLACEHOLDER = "2024-01-01T00:00:00Z"
DATE_PLACEHOLDER = "2024-01-01"


@cache
def runtime_codec(expr: ir.Scalar) -> Any:
    """The codec the generated field has (`filters.codec`), as an object of the runtime; None
    where the type alone decides (a string, number or boolean with nothing more to check)."""
    arguments: dict[str, Any] = dict(expr.constraints.present())
    if expr.format and expr.codec in ("Int", "Str"):
        arguments["format"] = expr.format
    if not arguments and expr.codec in ("Str", "Float", "Bool"):
        return None
    return getattr(runtime(), expr.codec)(**arguments)


@cache
def runtime() -> Any:
    """The package every generated package carries: only samples need it, where they check."""
    return importlib.import_module(f"{__package__}.runtime")


def is_valid(expr: ir.Scalar, value: Any) -> bool:
    """Whether the generated package reads the JSON value as valid for this type."""
    if expr.python in ("str", "int", "float", "bool") and not fits_scalar(expr.python, value):
        return False
    codec = runtime_codec(expr)
    if codec is None:
        return expr.python != "float" or math.isfinite(value)
    try:
        codec.decode(value, "")
    except runtime().ValidationError:
        return False
    return True


def placeholder_json(expr: ir.Scalar, distinct: int = 0) -> Any:
    """A valid JSON value of the type (the `distinct`-th, where several must differ), or None
    when none is found: a pattern this cannot satisfy, bounds that leave no value."""
    seen: list[Any] = []
    for candidate in candidates(expr):
        if candidate not in seen and is_valid(expr, candidate):
            if len(seen) == distinct:
                return candidate
            seen.append(candidate)
    return None


def candidates(expr: ir.Scalar) -> Iterator[Any]:
    match expr.python:
        case "datetime.datetime":
            yield DATETIME_PLACEHOLDER
        case "datetime.date":
            yield DATE_PLACEHOLDER
        case "bool":
            yield from (False, True)
        case "int" | "float":
            yield from numbers(expr)
        case _:
            yield from texts(expr)


def texts(expr: ir.Scalar) -> Iterator[str]:
    """Texts of the right format, pattern and length, the most readable first."""
    constraints = expr.constraints
    minimum = constraints.min_length or 0
    known = runtime().formats.FORMATS.get(expr.format or "")  # a format's sample, beside its test
    seeds = ["string" if known is None else known.sample]
    if constraints.pattern is not None:
        seeds[:0] = pattern_texts(constraints.pattern, minimum)
    for seed in seeds:
        yield seed
        if len(seed) < minimum:
            yield seed + "x" * (minimum - len(seed))
        if constraints.max_length is not None:
            yield seed[: constraints.max_length]
    for index in range(1, 10):  # several distinct values (unique items)
        for seed in seeds:
            yield f"{seed}{index}"


def numbers(expr: ir.Scalar) -> Iterator[int | float]:
    """Zero, or the nearest values the range (and `multipleOf`) allow, counting up."""
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
    step = bounds.multiple_of
    if step:
        value = math.ceil(value / step) * step
        if isinstance(step, int) and isinstance(value, float) and value.is_integer():
            value = int(value)
    for index in range(10):
        number = value + index * (step or 1)
        yield float(number) if expr.python == "float" and isinstance(number, int) else number
