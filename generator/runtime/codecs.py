"""The codecs: each turns one JSON value into its Python value (`decode`, which validates) and
back (`encode`). A model's `field` names the codec of each property: `rt.List(rt.Str())`.
"""

from __future__ import annotations

import datetime
import enum
import importlib
import json
import math
import re
import sys
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from . import checks
from .checks import Check, json_equal, json_key, run_checks
from .errors import (
    Problems,
    ValidationError,
    child_path,
    describe,
    described,
    parse_json,
    shown,
    spelled,
)
from .formats import FORMATS, is_date_time

if TYPE_CHECKING:
    from .models import Model


# A method that tests `isinstance(value, list)` names the value with its type first
# (`items: list[Any] = value`) and uses that name: pyright calls a narrowed `Any` partly unknown.


class Codec:
    """Decodes one JSON value to Python (validating it) and encodes it back (checking it).

    `decode` and `encode` stop at the first problem. `collect` (for a JSON value) and
    `collect_value` (for a Python value) find every problem, for a `ValidationError`'s
    `problems`: they run only once a value is known to be wrong, or for `validate`.
    """

    # The keywords that check a value of the codec's JSON type, in the order they are checked.
    checks: tuple[Check, ...] = ()
    # Whether a model keeps the text a value was read from, to write it back (a date-time's).
    keeps_text = False
    # The Python values it writes, in words: "must be a str, got ...".
    expects = "a JSON value"

    def decode(self, value: Any, path: str) -> Any:
        """The Python value of a JSON value; raises `ValidationError` if it does not fit."""
        raise NotImplementedError

    def encode(self, value: Any) -> Any:
        """The JSON value of a Python value; raises `ValidationError` if it does not fit.

        The error's path is relative to the value: `collect_value` says where it is.
        """
        return self.decode(value, "")

    def holds(self, value: Any) -> bool:
        """Whether `value` is a Python value of this codec's type (`Union.encode` asks)."""
        return True

    def collect(self, value: Any, path: str, out: Problems) -> None:
        """Every problem of a JSON value at `path`."""
        try:
            self.decode(value, path)
        except ValidationError as error:
            out.add_error(error)

    def collect_value(self, value: Any, path: str, out: Problems) -> None:
        """Every problem of a Python value at `path` (an attribute's, to be written)."""
        if not self.holds(value):
            out.add(path, f"must be {self.expects}, got {described(value)}")
            return
        try:
            self.encode(value)
        except ValidationError as error:
            out.add(joined(path, error.path), error.reason)


def joined(path: str, relative: str) -> str:
    """A path below `path`, given relative to it (`[0].name`, `name`, or `""`)."""
    if not relative or not path:
        return path or relative
    return path + relative if relative.startswith("[") else f"{path}.{relative}"


def collect_checks(
    found: tuple[Check, ...], value: Any, path: str, out: Problems
) -> None:
    """Every keyword that a value of the right JSON type does not pass."""
    for check in found:
        if not check.holds(value):
            out.add_error(check.fail(value, path))


class Json(Codec):
    """Any JSON value, copied so that the model does not share structure with the payload."""

    def decode(self, value: Any, path: str) -> Any:
        items: list[Any] = value
        properties: dict[Any, Any] = value
        if value is None or isinstance(value, str | bool | int):
            return value
        if _flat_json(value):
            return value.copy()
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ValidationError(path, "must be a finite number")
            return value
        if isinstance(value, list):
            return [
                self.decode(item, child_path(path, index))
                for index, item in enumerate(items)
            ]
        if isinstance(value, dict):
            result: dict[str, Any] = {}
            for key, item in properties.items():
                if not isinstance(key, str):
                    raise ValidationError(
                        path, f"object keys must be strings, got {key!r}"
                    )
                result[key] = self.decode(item, child_path(path, key))
            return result
        raise ValidationError(path, f"must be a JSON value, got {describe(value)}")

    def encode(self, value: Any) -> Any:
        return self.decode(value, "")

    def holds(self, value: Any) -> bool:
        """A JSON value (not a model or an enum member, which a union's other options hold)."""
        return value is None or type(value) in _JSON_TYPES


# The Python types of decoded JSON values.
_JSON_TYPES = frozenset({str, int, float, bool, list, dict})
# Values a JSON object or array may hold that need no check and no copy.
PLAIN_JSON = frozenset({str, int, bool, type(None)})


def _flat_json(value: Any) -> bool:
    """An object with string keys, or an array, of strings, integers, booleans and nulls only."""
    properties: dict[Any, Any] = value
    items: list[Any] = value
    if type(value) is dict:
        return all(type(key) is str for key in properties) and all(
            type(item) in PLAIN_JSON for item in properties.values()
        )
    if type(value) is not list:
        return False
    return all(type(item) in PLAIN_JSON for item in items)


class Bounded(Codec):
    """Numbers with the JSON Schema range keywords."""

    def __init__(
        self,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
        exclusive_minimum: float | None = None,
        exclusive_maximum: float | None = None,
        multiple_of: float | None = None,
    ) -> None:
        self.minimum = minimum
        self.maximum = maximum
        self.exclusive_minimum = exclusive_minimum
        self.exclusive_maximum = exclusive_maximum
        self.multiple_of = multiple_of
        self.checks = _present(
            (checks.Minimum, minimum),
            (checks.Maximum, maximum),
            (checks.ExclusiveMinimum, exclusive_minimum),
            (checks.ExclusiveMaximum, exclusive_maximum),
            (checks.MultipleOf, multiple_of),
        )
        # No range keyword: any number of the codec's type is in range.
        self.unbounded = not self.checks

    def check_range(self, value: float, path: str) -> None:
        run_checks(self.checks, value, path)


def _present(*keywords: tuple[Callable[[Any], Check], Any]) -> tuple[Check, ...]:
    """The checks of the keywords that are set (not None), in order."""
    return tuple(make(value) for make, value in keywords if value is not None)


class Int(Bounded):
    expects = "an int"

    def holds(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    def __init__(self, *, format: str | None = None, **bounds: Any) -> None:
        super().__init__(**bounds)
        bits = {"int32": 32, "int64": 64}.get(format or "")
        self.limit = None if bits is None else 2 ** (bits - 1)
        # With no range keyword, an integer is valid when it is in this span (format's bits).
        self.span = (-self.limit, self.limit) if self.limit else (-math.inf, math.inf)
        if bits is not None:  # checked first
            self.checks = (checks.IntegerBits(bits), *self.checks)

    def decode(self, value: Any, path: str) -> Any:
        # JSON Schema counts `1.0` an integer (a number with no fractional part): read as the
        # `int` the attribute's type promises (written back as `1`, the same JSON number).
        if type(value) is float and value.is_integer():
            value = int(value)
        elif not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(path, f"must be an integer, got {describe(value)}")
        run_checks(self.checks, value, path)
        return value

    def collect(self, value: Any, path: str, out: Problems) -> None:
        if type(value) is float and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            collect_checks(self.checks, value, path, out)
        else:
            super().collect(value, path, out)


class Float(Bounded):
    """A JSON number. Integers stay integers, so that `9` is written back as `9`, not `9.0`."""

    expects = "an int or a float"

    def holds(self, value: Any) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)

    def decode(self, value: Any, path: str) -> Any:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ValidationError(path, f"must be a number, got {describe(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValidationError(path, "must be a finite number")
        self.check_range(value, path)
        return value

    def collect(self, value: Any, path: str, out: Problems) -> None:
        if type(value) is int or (type(value) is float and math.isfinite(value)):
            collect_checks(self.checks, value, path, out)
        else:
            super().collect(value, path, out)


class Bool(Codec):
    expects = "a bool"

    def holds(self, value: Any) -> bool:
        return isinstance(value, bool)

    def decode(self, value: Any, path: str) -> Any:
        if not isinstance(value, bool):
            raise ValidationError(path, f"must be a boolean, got {describe(value)}")
        return value


class Str(Codec):
    expects = "a str"

    def __init__(
        self,
        *,
        format: str | None = None,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: str | None = None,
    ) -> None:
        self.format = format
        self.min_length = min_length
        self.max_length = max_length
        self.pattern = pattern
        self.checks = _present(
            (checks.MinLength, min_length),
            (checks.MaxLength, max_length),
            (checks.Pattern, pattern),
            (checks.FormatCheck, FORMATS.get(format or "")),
        )
        # Any string is valid: no length, pattern or checked format.
        self.unchecked = not self.checks

    def holds(self, value: Any) -> bool:
        return isinstance(value, str)

    def decode(self, value: Any, path: str) -> Any:
        if not isinstance(value, str):
            raise ValidationError(path, f"must be a string, got {describe(value)}")
        self.check(value, path)
        return value

    def check(self, value: str, path: str) -> None:
        run_checks(self.checks, value, path)

    def collect(self, value: Any, path: str, out: Problems) -> None:
        if type(self) is Str and isinstance(value, str):
            collect_checks(self.checks, value, path, out)
        else:  # not a string; or a date or a date-time, read by its own codec
            super().collect(value, path, out)


# -- date-times: RFC 3339 text, read by `fromisoformat` where it reads it as RFC 3339 does ----

# `datetime.timezone.utc` (the same object); `datetime.UTC` is new in Python 3.11.
UTC = datetime.timezone(datetime.timedelta(0))
DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?",
    re.ASCII,
)


def _plain_utc(text: str) -> bool:
    """Whether 20 characters ending in Z have the shape `2021-09-12T10:12:42Z`.

    `fromisoformat` reads those as RFC 3339 does, when it reads them at all (from Python
    3.11 on); it also takes other shapes (`20210912T101242Z`), and hour 24 from 3.12 on.
    """
    return (
        text[10] == "T"
        and text[4] == text[7] == "-"
        and text[13] == text[16] == ":"
        and (text[11] < "2" or text[12] < "4")
    )


def read_date_time(text: Any) -> datetime.datetime | None:
    """`text` read by `fromisoformat` (C), if it is RFC 3339 text that it reads right.

    Else None: `DateTime.decode` reads it, or says what is wrong with it.
    """
    if type(text) is not str:
        return None
    if len(text) == 20 and text[19] == "Z" and _plain_utc(text):
        return _read_iso(text)
    match = DATE_TIME.fullmatch(text)
    return None if match is None else read_matched(match)


def read_matched(match: re.Match[str]) -> datetime.datetime | None:
    """Text the RFC 3339 expression matched, read by `fromisoformat` if it has an offset.

    Not hour 24, which `fromisoformat` reads as the next day from Python 3.12 on. What it does
    not read (a leap second, digits other than ASCII, a lowercase t) is read field by field.
    """
    if match.group(8) is None or match.group(4) >= "24":
        return None
    return _read_iso(match.string)


def _read_iso(text: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


def read_fields(match: re.Match[str], path: str) -> datetime.datetime:
    """Text the RFC 3339 expression matched, read field by field (a leap second reads as :59)."""
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        tzinfo = UTC
        if offset not in "Zz":
            minutes = int(offset[1:3]) * 60 + int(offset[4:6])
            sign = -1 if offset[0] == "-" else 1
            tzinfo = datetime.timezone(datetime.timedelta(minutes=sign * minutes))
        return datetime.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            min(int(second), 59),  # a leap second reads as :59
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=tzinfo,
        )
    except ValueError as error:
        raise ValidationError(path, f"is not a valid date-time: {error}") from None


class DateTime(Str):
    """RFC 3339 date-time text as `datetime.datetime` (a plain one, aware of its offset).

    A model keeps the text it read beside the value (`keeps_text`), and writes that text back
    while the attribute holds the value read from it (or one equal to it, at the same offset);
    any other value is written as `isoformat` writes it, `+00:00` as `Z`.
    """

    keeps_text = True
    expects = "a datetime.datetime"

    def holds(self, value: Any) -> bool:
        return isinstance(value, datetime.datetime)

    def decode(self, value: Any, path: str) -> Any:
        if self.unchecked:
            read = read_date_time(value)
            if read is not None:
                return read
        text = super().decode(value, path)
        match = DATE_TIME.fullmatch(text)
        if match is None:
            raise ValidationError(path, f"must be an RFC 3339 date-time, got {text!r}")
        if match.group(8) is None:
            raise ValidationError(
                path, f"must have a time zone offset (Z or +hh:mm), got {text!r}"
            )
        if not is_date_time(text):  # hour 24, minute 60, a leap second at another time
            raise ValidationError(path, f"must be an RFC 3339 date-time, got {text!r}")
        # Unchecked, `read_date_time` above has tried the C reader already.
        read = None if self.unchecked else read_matched(match)
        return read if read is not None else read_fields(match, path)

    def encode(self, value: Any) -> Any:
        if not isinstance(value, datetime.datetime):
            raise ValidationError("", f"must be {self.expects}, got {described(value)}")
        if value.utcoffset() is None:
            raise ValidationError(
                "", f"must have a time zone (tzinfo) to be written, got {shown(value)}"
            )
        text: str = value.isoformat()
        text = text[:-6] + "Z" if text.endswith("+00:00") else text
        run_checks(self.checks, text, "")
        return text


def kept_text(codec: Codec, value: Any, kept: tuple[Any, str] | None) -> Any:
    """`value` written by `codec`, or the text it was read from if it still holds that value.

    `kept` is what a model keeps for the attribute: the value read and its text. The value is
    still the one read if it is the same object, or equal to it at the same offset (a copy).
    """
    if kept is not None:
        read = kept[0]
        if read is value or (
            type(value) is type(read)
            and value == read
            and value.utcoffset() == read.utcoffset()
        ):
            return kept[1]
    return codec.encode(value)


class Date(Str):
    """RFC 3339 full-date text as `datetime.date`."""

    expects = "a datetime.date"

    def holds(self, value: Any) -> bool:
        return isinstance(value, datetime.date) and not isinstance(
            value, datetime.datetime
        )

    def decode(self, value: Any, path: str) -> Any:
        text = super().decode(value, path)
        try:
            read = datetime.date.fromisoformat(text)
            # It also reads `20230328` and week dates (`2023-W13-2`): RFC 3339's full-date is
            # the text it writes back.
            if read.isoformat() != text:
                raise ValueError("expected YYYY-MM-DD")
            return read
        except ValueError:
            raise ValidationError(
                path, f"must be a date (YYYY-MM-DD), got {text!r}"
            ) from None

    def encode(self, value: Any) -> Any:
        if not self.holds(value):
            raise ValidationError("", f"must be {self.expects}, got {described(value)}")
        text: str = value.isoformat()
        run_checks(self.checks, text, "")
        return text


class Const(Codec):
    """A value fixed by `const` (or a one-value `enum`), compared as JSON compares (`1` is
    `1.0`, `false` is not `0`).
    """

    def __init__(self, value: Any) -> None:
        self.value = value
        self.key = json_key(value)
        # A string, integer, boolean or null is its own value of its own type: compared at once.
        self.plain: type[Any] | None = (
            type(value) if type(value) in (str, int, bool, type(None)) else None
        )
        self.expects = spelled(value)

    def holds(self, value: Any) -> bool:
        return json_equal(value, self.value)

    def decode(self, value: Any, path: str) -> Any:
        if type(value) is self.plain and value == self.value:
            return value
        try:
            same = json_key(value) == self.key
        except TypeError:  # not a JSON value
            same = False
        if not same:
            raise ValidationError(path, f"must be {json.dumps(self.value)}")
        return value


class Nullable(Codec):
    def __init__(self, inner: Codec) -> None:
        self.inner = inner
        self.keeps_text = inner.keeps_text
        self.expects = f"{inner.expects} or None"

    def decode(self, value: Any, path: str) -> Any:
        return None if value is None else self.inner.decode(value, path)

    def encode(self, value: Any) -> Any:
        return None if value is None else self.inner.encode(value)

    def holds(self, value: Any) -> bool:
        return value is None or self.inner.holds(value)

    def collect(self, value: Any, path: str, out: Problems) -> None:
        if value is not None:
            self.inner.collect(value, path, out)

    def collect_value(self, value: Any, path: str, out: Problems) -> None:
        if value is not None:
            self.inner.collect_value(value, path, out)


class List(Codec):
    expects = "a list"

    def __init__(
        self,
        item: Codec,
        *,
        min_items: int | None = None,
        max_items: int | None = None,
        unique_items: bool = False,
    ) -> None:
        self.item = item
        self.min_items = min_items
        self.max_items = max_items
        self.unique_items = unique_items
        self.checks = _present(
            (checks.MinItems, min_items),
            (checks.MaxItems, max_items),
            (lambda _: checks.UniqueItems(), True if unique_items else None),
        )
        self.checks_items = bool(self.checks)

    def decode(self, value: Any, path: str) -> Any:
        items: list[Any] = value
        if not isinstance(value, list):
            raise ValidationError(path, f"must be an array, got {describe(value)}")
        if self.checks_items:
            self.check_items(items, path)
        item = self.item
        kind = type(item)
        if kind is Nested:  # straight to the model's own code, item after item
            convert = cast(Nested, item).model().from_dict
            return [
                convert(each, f"{path}[{index}]") for index, each in enumerate(items)
            ]
        if _all_kept(items, item):
            return list(items)
        decode = item.decode
        return [decode(each, f"{path}[{index}]") for index, each in enumerate(items)]

    def check_items(self, value: list[Any], path: str) -> None:
        run_checks(self.checks, value, path)

    def encode(self, value: Any) -> Any:
        items: list[Any] = value
        if not isinstance(value, list):
            raise ValidationError("", f"must be {self.expects}, got {described(value)}")
        encode = self.item.encode
        written = [encode(item) for item in items]
        run_checks(self.checks, written, "")
        return written

    def holds(self, value: Any) -> bool:
        items: list[Any] = value
        if not isinstance(value, list):
            return False
        return all(self.item.holds(item) for item in items)

    def collect(self, value: Any, path: str, out: Problems) -> None:
        items: list[Any] = value
        if not isinstance(value, list):
            super().collect(value, path, out)
            return
        collect_checks(self.checks, items, path, out)
        for index, item in enumerate(items):
            self.item.collect(item, child_path(path, index), out)

    def collect_value(self, value: Any, path: str, out: Problems) -> None:
        items: list[Any] = value
        if not isinstance(value, list):
            out.add(path, f"must be {self.expects}, got {described(value)}")
            return
        before = out.count()
        for index, item in enumerate(items):
            self.item.collect_value(item, child_path(path, index), out)
        if out.count() == before:  # the items can be written: so can the list?
            collect_checks(self.checks, self.encode(value), path, out)


def _all_kept(value: list[Any], item: Codec) -> bool:
    """Whether every item is valid as it is for an unconstrained `Str`.

    Or for an `Int` with no range keyword: then each is an integer in its format's span.
    """
    if type(item) is Str and item.unchecked:
        return all(type(each) is str for each in value)
    if type(item) is Int and item.unbounded:
        low, high = item.span
        return all(type(each) is int and low <= each < high for each in value)
    return False


class Map(Codec):
    """A JSON object with arbitrary keys (`additionalProperties`)."""

    expects = "a dict"

    def __init__(
        self,
        value: Codec,
        *,
        min_properties: int | None = None,
        max_properties: int | None = None,
    ) -> None:
        self.value = value
        self.min_properties = min_properties
        self.max_properties = max_properties
        self.checks = size_checks(min_properties, max_properties)
        self.checks_size = bool(self.checks)

    def decode(self, value: Any, path: str) -> Any:
        properties: dict[Any, Any] = value
        if not isinstance(value, dict):
            raise ValidationError(path, f"must be an object, got {describe(value)}")
        if self.checks_size:
            run_checks(self.checks, value, path)
        kind = type(self.value)
        if kind is Json and _flat_json(value):
            return properties.copy()
        # A model's own code straight away, or the codec's.
        decode: Callable[[Any, str], Any] = (
            cast(Nested, self.value).model().from_dict
            if kind is Nested
            else self.value.decode
        )
        result: dict[str, Any] = {}
        for key, item in properties.items():
            name = str(key)
            result[name] = decode(item, child_path(path, name))
        return result

    def encode(self, value: Any) -> Any:
        properties: dict[Any, Any] = value
        if not isinstance(value, dict):
            raise ValidationError("", f"must be {self.expects}, got {described(value)}")
        encode = self.value.encode
        written = {key: encode(item) for key, item in properties.items()}
        run_checks(self.checks, written, "")
        return written

    def holds(self, value: Any) -> bool:
        properties: dict[Any, Any] = value
        if not isinstance(value, dict):
            return False
        return all(self.value.holds(item) for item in properties.values())

    def collect(self, value: Any, path: str, out: Problems) -> None:
        properties: dict[Any, Any] = value
        if not isinstance(value, dict):
            super().collect(value, path, out)
            return
        collect_checks(self.checks, properties, path, out)
        for key, item in properties.items():
            self.value.collect(item, child_path(path, str(key)), out)

    def collect_value(self, value: Any, path: str, out: Problems) -> None:
        properties: dict[Any, Any] = value
        if not isinstance(value, dict):
            out.add(path, f"must be {self.expects}, got {described(value)}")
            return
        before = out.count()
        for key, item in properties.items():
            self.value.collect_value(item, child_path(path, str(key)), out)
        if out.count() == before:
            collect_checks(self.checks, value, path, out)


def size_checks(minimum: int | None, maximum: int | None) -> tuple[Check, ...]:
    """The checks of `minProperties` and `maxProperties`, of a map or a model."""
    return _present((checks.MinProperties, minimum), (checks.MaxProperties, maximum))


def check_size(
    value: Mapping[str, Any], path: str, minimum: int | None, maximum: int | None
) -> None:
    run_checks(size_checks(minimum, maximum), value, path)


# -- enums ------------------------------------------------------------------------------------


class _Settings:
    strict_enums = False
    strict_one_of = False


# Whether enums take only the values they list, for this thread or task: while a union tries
# its options first with them closed (see `Union.decode`).
_enums_closed: ContextVar[bool] = ContextVar("enums_closed", default=False)


def _enums_are_closed() -> bool:
    """Whether an enum refuses a value it does not list here and now: everywhere, after
    `set_strict_enums(True)`, or in a union's first try.
    """
    return _Settings.strict_enums or _enums_closed.get()


def set_strict_one_of(strict: bool) -> None:
    """With `True`, a `oneOf` value must fit exactly one of its options, as JSON Schema says.

    By default the first option that fits is taken (as for `anyOf`): real descriptions' options
    often overlap (objects that allow other properties), and trying every option costs every
    decode. A discriminator's tag still picks its model.
    """
    _Settings.strict_one_of = strict


def set_strict_enums(strict: bool) -> None:
    """With `True`, an enum value this package does not know is a `ValidationError`.

    By default such a value (say, from a newer server) becomes a member made for it, so that
    it round-trips unchanged; `is_known(member)` tells the two apart.
    """
    _Settings.strict_enums = strict


class OpenEnum(enum.Enum):
    """An enum that accepts values it does not list (see `set_strict_enums`), but an enum of
    one value, which is a constant.

    Such a value becomes a member made for it (`is_known` tells it apart), which is not kept:
    nothing grows with the values a payload sends. Two of them are equal when their values are
    (of the same JSON type), as listed members are equal to themselves.

    A member formats as its value: `f"{OrderStatus.PAID}"` and `str(OrderStatus.PAID)` give
    `paid`, as the API writes it.
    """

    def __str__(self) -> str:
        return str(self._value_)

    def __format__(self, format_spec: str) -> str:
        return format(self._value_, format_spec)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """pydantic's hook: values read and written as the models do (see `pydantic_hooks`)."""
        from .pydantic_hooks import enum_schema

        return enum_schema(cls, handler)

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> Any:
        """pydantic's hook: the enum's JSON Schema as the API description has it."""
        from .pydantic_hooks import json_schema

        return json_schema(cls, schema, handler)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        # An enum of one value is a constant (OpenAPI 3.0's way to write `const`), most often
        # the tag that tells a union's options apart: another value is not a member, or a
        # `bank` payment would read as a `card` one whose tag is an unknown member.
        if (
            len(cls._member_names_) == 1
            or _enums_are_closed()
            or not _fits_member_type(cls, value)
        ):
            return None
        member_type: Any = getattr(cls, "_member_type_", object)
        member = (
            object.__new__(cls)
            if member_type is object
            else member_type.__new__(cls, value)
        )
        member._name_ = f"UNKNOWN_{value}"
        member._value_ = value  # written back as it came: 3 and 3.0 stay apart
        return member

    # Used where the enum has no other base (`str`, `int`, `float`) that compares values.
    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not type(self):
            return NotImplemented
        value, other_value = self._value_, cast(enum.Enum, other)._value_
        return (
            not is_known(self)
            and type(value) is type(other_value)
            and bool(value == other_value)
        )

    def __hash__(self) -> int:
        return hash(self._name_)


def _fits_member_type(enum_type: type[enum.Enum], value: object) -> bool:
    """Whether a value the enum does not list is of a JSON type that its listed values have."""
    if isinstance(value, bool):
        return False
    member_type: Any = getattr(enum_type, "_member_type_", object)
    # An unlisted 7 for a float enum, or 3.0 (an integer in JSON Schema) for an int one, is
    # kept, and written back, as it came.
    if member_type is float:
        return isinstance(value, int | float)
    if member_type is int:
        return isinstance(value, int) or (type(value) is float and value.is_integer())
    if member_type is not object:
        return isinstance(value, member_type)
    # No common Python type: `[0.5, 1]` (an int would turn 1.0 into 1), or `[1, "a"]`.
    kind = _json_kind(value)
    return kind in ("string", "number") and kind in {
        _json_kind(m.value) for m in enum_type
    }


def _json_kind(value: object) -> str:
    """The JSON type of a value.

    Python holds `True == 1` and `1 == 1.0`; JSON holds the second, not the first.
    """
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "string" if isinstance(value, str) else "null" if value is None else "other"


def is_known(member: enum.Enum) -> bool:
    """Whether an enum member is one the API description lists (not one a newer server sent)."""
    return type(member).__members__.get(member.name) is member


class Enum(Codec):
    def __init__(self, enum_type: type[enum.Enum]) -> None:
        self.enum_type = enum_type
        # The lookup `enum_type(value)` starts with, without the call's overhead.
        self.members: Mapping[Any, Any] = enum_type._value2member_map_
        # Every listed value is a key there (none is unhashable): a hashable value that is not
        # a key is unlisted, without the enum's own search through its members.
        self.by_key = len(self.members) == len(enum_type.__members__)

    def decode(self, value: Any, path: str) -> Any:
        try:
            member = self.members.get(value)
        except TypeError:  # an unhashable value: the enum's own lookup says what it is
            member = None
        else:
            if member is None and self.by_key:
                unlisted = self.enum_type._missing_(value)  # an open enum may keep it
                if unlisted is not None:
                    return unlisted
        if member is not None and (
            type(member._value_) is type(value)
            or _json_kind(member._value_) == _json_kind(value)
        ):
            return member
        if member is None and not self.by_key:
            try:
                return self.enum_type(value)
            except ValueError:
                pass  # (not contextlib.suppress: one import less)
        elif member is not None:
            # A member of another JSON type (`true` for 1) is no match, and the enum's own
            # lookup would find it again: an open enum may still keep the value as unlisted.
            unlisted = self.enum_type._missing_(value)
            if unlisted is not None:
                return unlisted
        allowed = ", ".join(json.dumps(member.value) for member in self.enum_type)
        raise ValidationError(path, f"must be one of {allowed}; got {spelled(value)}")

    @property
    def expects(self) -> str:  # type: ignore[override]
        return f"a {self.enum_type.__name__}"

    def encode(self, value: Any) -> Any:
        if isinstance(value, self.enum_type):
            return value._value_
        # A value as the payload has it ("paid" for `Status.PAID`), if the enum takes it.
        return self.decode(value, "")._value_

    def holds(self, value: Any) -> bool:
        return isinstance(value, self.enum_type)

    def collect_value(self, value: Any, path: str, out: Problems) -> None:
        if not isinstance(value, self.enum_type):
            self.collect(value, path, out)


# -- models, by name: they refer to each other in cycles ----------------------------------------

_MODELS: dict[str, type[Model]] = {}


def model_named(name: str) -> type[Model] | None:
    """The package's model of this name, its module imported if it was not yet.

    Models refer to each other by name (`Nested("CartItem")`, a discriminator's mapping), and the
    package imports a module only when one of its names is first used.
    """
    found = _MODELS.get(name)
    if found is None:
        # The generated package: this module is its `_runtime.codecs`.
        package = sys.modules.get(__name__.rsplit(".", 2)[0])
        module = getattr(package, "_MODULES", {}).get(name)
        if package is not None and module is not None:
            importlib.import_module(f"{package.__name__}.{module}")
            found = _MODELS.get(name)
    return found


def registered(name: str) -> type[Model] | None:
    """The package's model of this name, if its module is imported already."""
    return _MODELS.get(name)


def register(model: type[Model]) -> None:
    """Make a model findable by its class name (a user's subclass does not take its name)."""
    _MODELS[model.__name__] = model


class Nested(Codec):
    """A JSON object decoded by another model, looked up by name so that models may refer in cycles."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.found: type[Model] | None = None

    def decode(self, value: Any, path: str) -> Any:
        return (self.found or self.model()).from_dict(value, path)

    def model(self) -> type[Model]:
        """The model, looked up once it exists (models refer to each other by name)."""
        if self.found is None:
            found = model_named(self.name)
            if found is None:
                raise LookupError(f"no model named {self.name!r} in this package")
            self.found = found
        return self.found

    @property
    def expects(self) -> str:  # type: ignore[override]
        return f"a {self.name}"

    def encode(self, value: Any) -> Any:
        if isinstance(value, self.found or self.model()):
            return value.to_dict()
        raise ValidationError("", f"must be {self.expects}, got {described(value)}")

    def holds(self, value: Any) -> bool:
        model = model_named(self.name)
        return model is not None and isinstance(value, model)

    def collect(self, value: Any, path: str, out: Problems) -> None:
        from .models import collect_payload  # models.py imports this module

        collect_payload(self.found or self.model(), value, path, out)

    def collect_value(self, value: Any, path: str, out: Problems) -> None:
        from .models import collect_instance

        if isinstance(value, self.found or self.model()):
            collect_instance(value, path, out)
        else:
            out.add(path, f"must be {self.expects}, got {described(value)}")


def _within(error: ValidationError, path: str) -> str:
    """An option's error as a reason of the union's: where inside the value, then what."""
    inner = error.path
    if inner.startswith(path):
        inner = inner[len(path) :].lstrip(".")
    return f"{inner}: {error.reason}" if inner else error.reason


_NO_FIT = object()  # what `Union.first_fit` returns when no option takes a value


def _reads_no_enum(codec: Codec) -> bool:
    """Whether a codec reads its values without an enum anywhere (a scalar's, say)."""
    if isinstance(codec, Nullable):
        return _reads_no_enum(codec.inner)
    return isinstance(codec, (Json, Bounded, Bool, Str, Const))


class Union(Codec):
    """`oneOf`/`anyOf`: the discriminator picks the model, or else the first option that fits."""

    def __init__(
        self,
        *options: Codec,
        discriminator: str | None = None,
        mapping: Mapping[str, str] | None = None,
        default: str | None = None,
        one_of: bool = False,
    ) -> None:
        self.options = options
        self.discriminator = discriminator
        self.mapping = dict(mapping or {})
        self.default = default  # the model for a tag not in `mapping`, or none
        self.one_of = one_of  # `oneOf`: with `set_strict_one_of(True)`, one option only
        # Whether an option may read an enum: else trying them with enums closed is moot.
        self.has_enums = not all(_reads_no_enum(option) for option in options)

    def decode(self, value: Any, path: str) -> Any:
        # Only the union's own models: a tag naming another model of the package is not one
        # of the allowed types. A tag the mapping lacks, or none, picks the default model (3.2's
        # `defaultMapping`) if there is one; else the options say which fits.
        model = self.tagged(value)
        if model is not None:
            return model.from_dict(value, path)
        if self.has_enums and not _enums_are_closed():
            # First with every enum closed: the option whose enums list the payload's values
            # is the one it is, as with `kind: {enum: [card, debit]}` and `[bank, sepa]`, where
            # an open `card` enum would take a `bank` payment. Then, if none fits so, open.
            closed = _enums_closed.set(True)
            try:
                decoded = self.first_fit(value, path, None)
            finally:
                _enums_closed.reset(closed)
            if decoded is not _NO_FIT:
                return decoded
        reasons: list[str] = []
        decoded = self.first_fit(value, path, reasons)
        if decoded is _NO_FIT:
            raise ValidationError(path, self.mismatch(value, reasons))
        return decoded

    def first_fit(self, value: Any, path: str, reasons: list[str] | None) -> Any:
        """The value as the first option that takes it decodes it, or `_NO_FIT`; each
        refusal's reason is added to `reasons`, if given (the closed try needs none).
        """
        for index, option in enumerate(self.options):
            try:
                decoded = option.decode(value, path)
            except ValidationError as error:
                if reasons is not None:
                    reasons.append(_within(error, path))
                continue
            if self.one_of and _Settings.strict_one_of:
                self.check_no_other(value, path, index)
            return decoded
        return _NO_FIT

    def mismatch(self, value: Any, reasons: list[str]) -> str:
        """What is wrong with a value that no option takes: its discriminator, if it has one."""
        properties: dict[Any, Any] = value
        if self.discriminator is None or not isinstance(value, dict):
            return "matches none of the allowed types: " + "; ".join(reasons)
        tags = list(self.mapping) or [
            option.name for option in self.options if isinstance(option, Nested)
        ]
        allowed = ", ".join(json.dumps(tag) for tag in tags)
        tag = json.dumps(self.discriminator)
        if self.discriminator not in properties:
            return (
                f"matches none of the allowed types: its discriminator {tag} is "
                f"missing (one of {allowed})"
            )
        got = properties[self.discriminator]
        return (
            f"matches none of the allowed types: its discriminator {tag} is "
            f"{spelled(got)}, not one of {allowed}"
        )

    def check_no_other(self, value: Any, path: str, index: int) -> None:
        """`oneOf` read strictly: no option after the one that fits may fit too."""
        for other in range(index + 1, len(self.options)):
            try:
                self.options[other].decode(value, path)
            except ValidationError:
                continue
            raise ValidationError(
                path,
                f"matches more than one of the oneOf options ({index + 1} and {other + 1})",
            )

    def encode(self, value: Any) -> Any:
        for option in self.options:
            if option.holds(value):
                try:
                    return option.encode(value)
                except ValidationError:
                    pass  # another option may take it
        if isinstance(value, _model_class()):
            return value.to_dict()  # say, a user's subclass of none of these models
        for (
            option
        ) in self.options:  # a value as the payload has it ("paid" for an enum's)
            try:
                return option.encode(option.decode(value, ""))
            except ValidationError:
                pass
        raise ValidationError(
            "", f"matches none of the allowed types, got {described(value)}"
        )

    def holds(self, value: Any) -> bool:
        return any(option.holds(value) for option in self.options)

    def collect(self, value: Any, path: str, out: Problems) -> None:
        model = self.tagged(value)
        if model is not None:  # the discriminator's model says what is wrong, in detail
            from .models import collect_payload  # models.py imports this module

            collect_payload(model, value, path, out)
        else:
            super().collect(value, path, out)

    def tagged(self, value: Any) -> type[Model] | None:
        """The model the discriminator picks for a payload, if any."""
        properties: dict[Any, Any] = value
        if self.discriminator is None or not isinstance(value, dict):
            return None
        name = self.default
        if self.discriminator in properties:
            name = self.mapping.get(str(properties[self.discriminator]), self.default)
        return None if name is None else model_named(name)

    def collect_value(self, value: Any, path: str, out: Problems) -> None:
        for option in self.options:
            if option.holds(value):
                found = Problems()
                option.collect_value(value, path, found)
                if not found:
                    return
        try:
            self.encode(value)
        except ValidationError as error:
            out.add(path, error.reason)


ValueT = TypeVar("ValueT")


class Adapter(Generic[ValueT]):
    """Reads and writes values of a type that is not a model (a list, a union, a string, ...)."""

    def __init__(self, codec: Codec) -> None:
        self.codec = codec

    def from_data(self, data: Any) -> ValueT:
        """Validate decoded JSON and convert it; raises `ValidationError`."""
        try:
            value: ValueT = self.codec.decode(data, "")
        except ValidationError as error:
            error.within(self.codec.collect, data, "")
            raise
        return value

    def to_data(self, value: ValueT) -> Any:
        """The JSON value of `value`, checked; raises `ValidationError`."""
        try:
            return self.codec.encode(value)
        except Exception:
            found = value_error(self.codec.collect_value, value)
            if found is None:
                raise
            raise found from None

    def from_json(self, text: str | bytes) -> ValueT:
        return self.from_data(parse_json(text))

    def to_json(self, value: ValueT, **dumps_options: Any) -> str:
        return json.dumps(self.to_data(value), **dumps_options)


def value_error(
    collect: Callable[[Any, str, Problems], None], value: Any
) -> ValidationError | None:
    """The error listing every problem `collect` finds in a value to be written, if any."""
    found = Problems()
    collect(value, "", found)
    if not found:
        return None
    first = found.found[0]
    error = ValidationError(first.path, first.message)
    error.within(lambda _value, _path, out: out.add_all(found), value, "")
    return error


def _model_class() -> type[Model]:
    from .models import Model  # models.py imports this module

    return Model
