"""Conversion and validation shared by the generated models of this package.

Each model declares its properties with `field(json_name, codec)`. A codec turns one JSON value
into its Python value (`decode`, which validates) and back (`encode`). The `model` decorator makes
the class a dataclass and collects the fields into `__wire__`, which `Model.from_dict` and
`Model.to_dict` walk.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import functools
import importlib
import json
import linecache
import math
import re
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Final, Generic, TypeVar, cast

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
elif hasattr(__import__("typing"), "dataclass_transform"):
    from typing import dataclass_transform
else:  # Python 3.10: the decorator only informs type checkers

    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        return lambda decorated: decorated


__all__ = ["UNSET", "Model", "Unset", "ValidationError", "set_strict_enums"]


class ValidationError(ValueError):
    """A payload does not match its schema. `path` names the place, like `cartItems[0].quantity`."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason


class Unset(enum.Enum):
    """The type of `UNSET`: a property that is absent from the payload (not the same as `None`)."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final = Unset.UNSET


class _Settings:
    strict_enums = False


def set_strict_enums(strict: bool) -> None:
    """With `True`, an enum value this package does not know is a `ValidationError`.

    By default such a value (say, from a newer server) is kept as an extra member of the enum,
    so that it round-trips unchanged; `is_known(member)` tells the two apart.
    """
    _Settings.strict_enums = strict


def child_path(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if key.isidentifier():
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key)}]"


def parse_json(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except ValueError as error:
        raise ValidationError("", f"not valid JSON: {error}") from None


def describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class Codec:
    """Decodes one JSON value to Python (validating it) and encodes it back."""

    def decode(self, value: Any, path: str) -> Any:
        raise NotImplementedError

    def encode(self, value: Any) -> Any:
        return value

    def holds(self, value: Any) -> bool:
        """Whether `value` is a Python value of this codec's type (`Union.encode` asks)."""
        return True


class Json(Codec):
    """Any JSON value, copied so that the model does not share structure with the payload."""

    def decode(self, value: Any, path: str) -> Any:
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
                for index, item in enumerate(value)
            ]
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                if not isinstance(key, str):
                    raise ValidationError(
                        path, f"object keys must be strings, got {key!r}"
                    )
                result[key] = self.decode(item, child_path(path, key))
            return result
        raise ValidationError(path, f"must be a JSON value, got {describe(value)}")

    def encode(self, value: Any) -> Any:
        return self.decode(value, "")


# Values a JSON object or array may hold that need no check and no copy.
_PLAIN_JSON = frozenset({str, int, bool, type(None)})


def _flat_json(value: Any) -> bool:
    """An object with string keys, or an array, of strings, integers, booleans and nulls only."""
    if type(value) is dict:
        return all(type(key) is str for key in value) and all(
            type(item) in _PLAIN_JSON for item in value.values()
        )
    return type(value) is list and all(type(item) in _PLAIN_JSON for item in value)


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
        # No range keyword: any number of the codec's type is in range.
        keywords = (minimum, maximum, exclusive_minimum, exclusive_maximum, multiple_of)
        self.unbounded = all(keyword is None for keyword in keywords)

    def check_range(self, value: float, path: str) -> None:
        if self.minimum is not None and value < self.minimum:
            raise ValidationError(path, f"must be >= {self.minimum}, got {value}")
        if self.maximum is not None and value > self.maximum:
            raise ValidationError(path, f"must be <= {self.maximum}, got {value}")
        if self.exclusive_minimum is not None and value <= self.exclusive_minimum:
            raise ValidationError(
                path, f"must be > {self.exclusive_minimum}, got {value}"
            )
        if self.exclusive_maximum is not None and value >= self.exclusive_maximum:
            raise ValidationError(
                path, f"must be < {self.exclusive_maximum}, got {value}"
            )
        if self.multiple_of is not None:
            quotient = value / self.multiple_of
            if not math.isclose(quotient, round(quotient), rel_tol=0, abs_tol=1e-9):
                raise ValidationError(
                    path, f"must be a multiple of {self.multiple_of}, got {value}"
                )


class Int(Bounded):
    def holds(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    def __init__(self, *, format: str | None = None, **bounds: Any) -> None:
        super().__init__(**bounds)
        self.limit = {"int32": 2**31, "int64": 2**63}.get(format or "")
        # With no range keyword, an integer is valid when it is in this span (format's bits).
        self.span = (-self.limit, self.limit) if self.limit else (-math.inf, math.inf)

    def decode(self, value: Any, path: str) -> Any:
        # JSON Schema counts `1.0` an integer (a number with no fractional part): read as the
        # `int` the attribute's type promises (written back as `1`, the same JSON number).
        if type(value) is float and value.is_integer():
            value = int(value)
        elif not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(path, f"must be an integer, got {describe(value)}")
        if self.limit is not None and not -self.limit <= value < self.limit:
            raise ValidationError(
                path, f"must fit in a signed {self.limit.bit_length()}-bit integer"
            )
        self.check_range(value, path)
        return value


class Float(Bounded):
    """A JSON number. Integers stay integers, so that `9` is written back as `9`, not `9.0`."""

    def holds(self, value: Any) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)

    def decode(self, value: Any, path: str) -> Any:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ValidationError(path, f"must be a number, got {describe(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValidationError(path, "must be a finite number")
        self.check_range(value, path)
        return value


class Bool(Codec):
    def holds(self, value: Any) -> bool:
        return isinstance(value, bool)

    def decode(self, value: Any, path: str) -> Any:
        if not isinstance(value, bool):
            raise ValidationError(path, f"must be a boolean, got {describe(value)}")
        return value


# The string formats checked on input; other formats are documentation only.
_FORMATS: dict[str, re.Pattern[str]] = {
    "uuid": re.compile(
        r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
    ),
    "email": re.compile(r"[^@\s]+@[^@\s]+"),
    "uri": re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S*"),
    "byte": re.compile(r"[A-Za-z0-9+/\s]*={0,2}"),
    "time": re.compile(r"\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?"),
    "ipv4": re.compile(r"(\d{1,3}\.){3}\d{1,3}"),
}


class Str(Codec):
    def __init__(
        self,
        *,
        format: str | None = None,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: str | None = None,
    ) -> None:
        self.format = format
        self.format_regex = _FORMATS.get(format or "")
        self.min_length = min_length
        self.max_length = max_length
        self.pattern = pattern
        self.regex = re.compile(pattern) if pattern is not None else None
        # Any string is valid: no length, pattern or checked format.
        checks = (min_length, max_length, self.regex, self.format_regex)
        self.unchecked = all(check is None for check in checks)

    def holds(self, value: Any) -> bool:
        return isinstance(value, str)

    def decode(self, value: Any, path: str) -> Any:
        if not isinstance(value, str):
            raise ValidationError(path, f"must be a string, got {describe(value)}")
        self.check(value, path)
        return value

    def check(self, value: str, path: str) -> None:
        if self.min_length is not None and len(value) < self.min_length:
            raise ValidationError(
                path, f"must be at least {self.min_length} characters long"
            )
        if self.max_length is not None and len(value) > self.max_length:
            raise ValidationError(
                path, f"must be at most {self.max_length} characters long"
            )
        if self.regex is not None and self.regex.search(value) is None:
            raise ValidationError(path, f"must match the pattern {self.pattern!r}")
        if self.format_regex is not None and self.format_regex.fullmatch(value) is None:
            raise ValidationError(path, f"must be a valid {self.format}, got {value!r}")


_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?"
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


class _WireDateTime(datetime.datetime):
    """A datetime that remembers the text it was read from, so that it is written back unchanged."""

    __slots__ = ["wire_text"]
    wire_text: str


def read_date_time(text: Any) -> _WireDateTime | None:
    """`text` read by `fromisoformat` (C), if it is RFC 3339 text that it reads right.

    Else None: `DateTime.decode` reads it, or says what is wrong with it.
    """
    if type(text) is not str:
        return None
    if len(text) == 20 and text[19] == "Z" and _plain_utc(text):
        return _read_iso(text)
    match = _DATETIME.fullmatch(text)
    return None if match is None else _read_matched(match)


def _read_matched(match: re.Match[str]) -> _WireDateTime | None:
    """Text the RFC 3339 expression matched, read by `fromisoformat` if it has an offset.

    Not hour 24, which `fromisoformat` reads as the next day from Python 3.12 on. What it does
    not read (a leap second, digits other than ASCII, a lowercase t) is read field by field.
    """
    if match.group(8) is None or match.group(4) >= "24":
        return None
    return _read_iso(match.string)


def _read_iso(text: str) -> _WireDateTime | None:
    try:
        read = _WireDateTime.fromisoformat(text)
    except ValueError:
        return None
    read.wire_text = text
    return read


class DateTime(Str):
    """RFC 3339 date-time text as `datetime.datetime`."""

    def holds(self, value: Any) -> bool:
        return isinstance(value, datetime.datetime)

    def decode(self, value: Any, path: str) -> Any:
        if self.unchecked:
            read = read_date_time(value)
            if read is not None:
                return read
        text = super().decode(value, path)
        match = _DATETIME.fullmatch(text)
        if match is None:
            raise ValidationError(path, f"must be an RFC 3339 date-time, got {text!r}")
        if match.group(8) is None:
            raise ValidationError(
                path, f"must have a time zone offset (Z or +hh:mm), got {text!r}"
            )
        # Unchecked, `read_date_time` above has tried the C reader already.
        read = None if self.unchecked else _read_matched(match)
        return read if read is not None else self.read_fields(match, path)

    def read_fields(self, match: re.Match[str], path: str) -> datetime.datetime:
        year, month, day, hour, minute, second, fraction, offset = match.groups()
        try:
            tzinfo = datetime.timezone.utc
            if offset not in "Zz":
                minutes = int(offset[1:3]) * 60 + int(offset[4:6])
                sign = -1 if offset[0] == "-" else 1
                tzinfo = datetime.timezone(datetime.timedelta(minutes=sign * minutes))
            parsed = _WireDateTime(
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
        parsed.wire_text = match.string
        return parsed

    def encode(self, value: Any) -> Any:
        wire_text = getattr(value, "wire_text", None)
        if isinstance(wire_text, str):
            return wire_text
        text: str = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


class Date(Str):
    """RFC 3339 full-date text as `datetime.date`."""

    def holds(self, value: Any) -> bool:
        return isinstance(value, datetime.date) and not isinstance(
            value, datetime.datetime
        )

    def decode(self, value: Any, path: str) -> Any:
        text = super().decode(value, path)
        try:
            if len(text) != 10:
                raise ValueError("expected YYYY-MM-DD")
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                path, f"must be a date (YYYY-MM-DD), got {text!r}"
            ) from None

    def encode(self, value: Any) -> Any:
        return value.isoformat()


class Const(Codec):
    def __init__(self, value: Any) -> None:
        self.value = value

    def holds(self, value: Any) -> bool:
        return bool(value == self.value) and type(value) is type(self.value)

    def decode(self, value: Any, path: str) -> Any:
        if value != self.value or type(value) is not type(self.value):
            raise ValidationError(path, f"must be {json.dumps(self.value)}")
        return value


class Nullable(Codec):
    def __init__(self, inner: Codec) -> None:
        self.inner = inner

    def decode(self, value: Any, path: str) -> Any:
        return None if value is None else self.inner.decode(value, path)

    def encode(self, value: Any) -> Any:
        return None if value is None else self.inner.encode(value)

    def holds(self, value: Any) -> bool:
        return value is None or self.inner.holds(value)


class List(Codec):
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
        self.checks_items = (min_items, max_items, unique_items) != (None, None, False)

    def decode(self, value: Any, path: str) -> Any:
        if not isinstance(value, list):
            raise ValidationError(path, f"must be an array, got {describe(value)}")
        if self.checks_items:
            self.check_items(value, path)
        item = self.item
        kind = type(item)
        if kind is Nested:  # straight to the model's own code, item after item
            convert = cast(Nested, item).model().from_dict
            return [
                convert(each, f"{path}[{index}]") for index, each in enumerate(value)
            ]
        if _all_kept(value, item):
            return list(value)
        decode = item.decode
        return [decode(each, f"{path}[{index}]") for index, each in enumerate(value)]

    def check_items(self, value: list[Any], path: str) -> None:
        if self.min_items is not None and len(value) < self.min_items:
            raise ValidationError(
                path, f"must have at least {self.min_items} items, got {len(value)}"
            )
        if self.max_items is not None and len(value) > self.max_items:
            raise ValidationError(
                path, f"must have at most {self.max_items} items, got {len(value)}"
            )
        if self.unique_items:
            seen: set[str] = set()
            for index, item in enumerate(value):
                canonical = json.dumps(item, sort_keys=True, default=str)
                if canonical in seen:
                    raise ValidationError(
                        child_path(path, index),
                        "repeats an earlier item; items must be unique",
                    )
                seen.add(canonical)

    def encode(self, value: Any) -> Any:
        encode = self.item.encode
        return [encode(item) for item in value]

    def holds(self, value: Any) -> bool:
        return isinstance(value, list) and all(self.item.holds(item) for item in value)


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
        self.checks_size = (min_properties, max_properties) != (None, None)

    def decode(self, value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            raise ValidationError(path, f"must be an object, got {describe(value)}")
        if self.checks_size:
            check_size(value, path, self.min_properties, self.max_properties)
        kind = type(self.value)
        if kind is Json and _flat_json(value):
            return value.copy()
        # A model's own code straight away, or the codec's.
        decode: Callable[[Any, str], Any] = (
            cast(Nested, self.value).model().from_dict
            if kind is Nested
            else self.value.decode
        )
        result = {}
        for key, item in value.items():
            key = str(key)
            result[key] = decode(item, child_path(path, key))
        return result

    def encode(self, value: Any) -> Any:
        encode = self.value.encode
        return {key: encode(item) for key, item in value.items()}

    def holds(self, value: Any) -> bool:
        return isinstance(value, dict) and all(
            self.value.holds(item) for item in value.values()
        )


def check_size(
    value: Mapping[str, Any], path: str, minimum: int | None, maximum: int | None
) -> None:
    if minimum is not None and len(value) < minimum:
        raise ValidationError(path, f"must have at least {minimum} properties")
    if maximum is not None and len(value) > maximum:
        raise ValidationError(path, f"must have at most {maximum} properties")


class Enum(Codec):
    def __init__(self, enum_type: type[enum.Enum]) -> None:
        self.enum_type = enum_type
        # The lookup `enum_type(value)` starts with, without the call's overhead.
        self.members: Mapping[Any, Any] = enum_type._value2member_map_

    def decode(self, value: Any, path: str) -> Any:
        try:
            member = self.members.get(value)
        except TypeError:  # an unhashable value: the enum's own lookup says what it is
            member = None
        if member is not None and (
            type(member._value_) is type(value)
            or _json_kind(member._value_) == _json_kind(value)
        ):
            return member
        if member is None:
            try:
                return self.enum_type(value)
            except ValueError:
                pass  # (not contextlib.suppress: one import less)
        else:
            # A member of another JSON type (`true` for 1) is no match, and the enum's own
            # lookup would find it again: an open enum may still keep the value as unlisted.
            unlisted = self.enum_type._missing_(value)
            if unlisted is not None:
                return unlisted
        allowed = ", ".join(json.dumps(member.value) for member in self.enum_type)
        raise ValidationError(
            path, f"must be one of {allowed}; got {json.dumps(value)}"
        )

    def encode(self, value: Any) -> Any:
        return value._value_ if isinstance(value, enum.Enum) else value

    def holds(self, value: Any) -> bool:
        return isinstance(value, self.enum_type)


class OpenEnum(enum.Enum):
    """An enum that accepts values it does not list (see `set_strict_enums`)."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if _Settings.strict_enums or not _fits_member_type(cls, value):
            return None
        # Kept apart from the enum's own lookup table, so that strict mode still sees them.
        unknown: dict[object, Any] = cls.__dict__.get("_unknown_members", {})
        # By type too: 3 and 3.0 are two values, each written back as it came.
        key = (type(value), value)
        member = unknown.get(key)
        if member is None:
            member_type: Any = getattr(cls, "_member_type_", object)
            member = (
                object.__new__(cls)
                if member_type is object
                else member_type.__new__(cls, value)
            )
            member._name_ = f"UNKNOWN_{value}"
            member._value_ = value
            unknown[key] = member
            type.__setattr__(cls, "_unknown_members", unknown)
        return member


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


_MODELS: dict[str, type[Model]] = {}


def model_named(name: str) -> type[Model] | None:
    """The package's model of this name, its module imported if it was not yet.

    Models refer to each other by name (`Nested("CartItem")`, a discriminator's mapping), and the
    package imports a module only when one of its names is first used.
    """
    found = _MODELS.get(name)
    if found is None:
        package = sys.modules.get(__name__.rpartition(".")[0])
        module = getattr(package, "_MODULES", {}).get(name)
        if package is not None and module is not None:
            importlib.import_module(f"{package.__name__}.{module}")
            found = _MODELS.get(name)
    return found


def tagged_subtype(cls: type[ModelT], data: dict[str, Any]) -> type[ModelT] | None:
    """The model extending `cls` that the payload's tag names.

    Only where `cls` is a base model with a discriminator; None for its own tag, an
    unknown one or none.
    """
    if cls.__subtypes__ is None:
        return None
    tag, mapping = cls.__subtypes__
    name = mapping.get(str(data[tag])) if tag in data else None
    found = None if name is None else model_named(name)
    if found is None or found is cls or not issubclass(found, cls):
        return None
    return found


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

    def encode(self, value: Any) -> Any:
        return value.to_dict()

    def holds(self, value: Any) -> bool:
        model = model_named(self.name)
        return model is not None and isinstance(value, model)


class Union(Codec):
    """`oneOf`/`anyOf`: the discriminator picks the model, or else the first option that fits."""

    def __init__(
        self,
        *options: Codec,
        discriminator: str | None = None,
        mapping: Mapping[str, str] | None = None,
        default: str | None = None,
    ) -> None:
        self.options = options
        self.discriminator = discriminator
        self.mapping = dict(mapping or {})
        self.default = default  # the model for a tag not in `mapping`, or none

    def decode(self, value: Any, path: str) -> Any:
        if self.discriminator is not None and isinstance(value, dict):
            # Only the union's own models: a tag naming another model of the package is not
            # one of the allowed types. A tag the mapping lacks, or none, picks the default
            # model (3.2's `defaultMapping`) if there is one; else the options say which fits.
            name = self.default
            if self.discriminator in value:
                name = self.mapping.get(str(value[self.discriminator]), self.default)
            model = None if name is None else model_named(name)
            if model is not None:
                return model.from_dict(value, path)
        reasons = []
        for option in self.options:
            try:
                return option.decode(value, path)
            except ValidationError as error:
                reasons.append(error.reason)
        raise ValidationError(
            path, "matches none of the allowed types: " + "; ".join(reasons)
        )

    def encode(self, value: Any) -> Any:
        for option in self.options:
            if option.holds(value):
                return option.encode(value)
        if isinstance(
            value, Model
        ):  # say, an instance of a user's subclass of none of these
            return value.to_dict()
        return value._value_ if isinstance(value, enum.Enum) else value

    def holds(self, value: Any) -> bool:
        return any(option.holds(value) for option in self.options)


@dataclasses.dataclass(frozen=True)
class Prop:
    """One row of a model's `__wire__` table."""

    wire_name: str
    codec: Codec
    required: bool = False


ModelT = TypeVar("ModelT", bound="Model")


class Model:
    """Base of every generated dataclass: conversion between attributes and JSON."""

    __wire__: ClassVar[Mapping[str, Prop]] = {}
    __extra__: ClassVar[Codec | None] = Json()  # None: unknown properties are an error
    __size__: ClassVar[tuple[int | None, int | None]] = (None, None)
    # A base model's discriminator: the tag's wire name, and each tag's model (a subclass).
    __subtypes__: ClassVar[tuple[str, Mapping[str, str]] | None] = None

    @classmethod
    def from_dict(cls: type[ModelT], data: Any, path: str = "") -> ModelT:
        """Validate `data` (a decoded JSON object) and build the model; raises `ValidationError`."""
        if not isinstance(data, dict):
            raise ValidationError(path, f"must be an object, got {describe(data)}")
        subtype = tagged_subtype(cls, data)
        if subtype is not None:
            return subtype.from_dict(data, path)
        check_size(data, path, *cls.__size__)
        values: dict[str, Any] = {}
        for attribute, prop in cls.__wire__.items():
            if prop.wire_name in data:
                value = data[prop.wire_name]
                values[attribute] = prop.codec.decode(
                    value, child_path(path, prop.wire_name)
                )
            elif prop.required:
                raise ValidationError(child_path(path, prop.wire_name), "is required")
        known = _wire_names(cls)
        extra = {key: value for key, value in data.items() if key not in known}
        if extra:
            if cls.__extra__ is None:
                key = next(iter(extra))
                raise ValidationError(
                    child_path(path, str(key)), "is not a property of this object"
                )
            decode = cls.__extra__.decode
            values["extra_properties"] = {
                str(key): decode(value, child_path(path, str(key)))
                for key, value in extra.items()
            }
        built = cls(**values)
        absent = [
            attribute
            for attribute in spec_defaults(cls)
            if cls.__wire__[attribute].wire_name not in data
        ]
        if absent:
            built.__dict__[_ABSENT] = frozenset(absent)
        return built

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model: absent properties stay absent, extras are written back."""
        result: dict[str, Any] = {}
        absent = self.__dict__.get(_ABSENT, ())
        defaults = spec_defaults(type(self))
        for attribute, prop in self.__wire__.items():
            value = getattr(self, attribute)
            if attribute in absent and value == defaults[attribute]():
                continue  # absent from the payload read, and still the default
            if value is not UNSET:
                result[prop.wire_name] = prop.codec.encode(value)
        extra_codec = type(self).__extra__
        if extra_codec is not None:
            for key, value in getattr(self, "extra_properties", {}).items():
                result.setdefault(key, extra_codec.encode(value))
        return result

    @classmethod
    def from_json(cls: type[ModelT], text: str | bytes) -> ModelT:
        return cls.from_dict(parse_json(text))

    def to_json(self, **dumps_options: Any) -> str:
        """`json.dumps` of `to_dict()`; keyword arguments go to `json.dumps` (`indent=2`, ...)."""
        return json.dumps(self.to_dict(), **dumps_options)


# An instance read from a payload keeps, under this key of its `__dict__`, the properties that
# the payload left out and that took the spec's default: `to_dict` leaves them out again.
_ABSENT = "__absent__"
_SPEC_DEFAULTS: dict[type[Model], dict[str, Callable[[], Any]]] = {}


def spec_defaults(model: type[Model]) -> dict[str, Callable[[], Any]]:
    """The properties with a default from the spec, each with what makes its default value."""
    found = _SPEC_DEFAULTS.get(model)
    if found is None:
        found = {}  # published only once complete: another thread may ask meanwhile
        for item in dataclasses.fields(cast(Any, model)):
            if item.name not in model.__wire__:
                continue
            if item.default_factory is not dataclasses.MISSING:
                found[item.name] = item.default_factory
            elif item.default is not dataclasses.MISSING and item.default is not UNSET:
                found[item.name] = functools.partial(_same, item.default)
        found = _SPEC_DEFAULTS.setdefault(model, found)
    return found


def _same(value: Any) -> Any:
    return value


_WIRE_NAMES: dict[type[Model], frozenset[str]] = {}


def _wire_names(model: type[Model]) -> frozenset[str]:
    names = _WIRE_NAMES.get(model)
    if names is None:
        names = _WIRE_NAMES[model] = frozenset(
            prop.wire_name for prop in model.__wire__.values()
        )
    return names


# Modules that asked `import_later` for a class their annotations name while that class's module
# was still importing its base class: they get the class when its module reaches its own call.
_WAITING: dict[str, list[tuple[dict[str, Any], str]]] = {}


def import_later(namespace: dict[str, Any], /, **modules: str) -> None:
    """Bind the classes a module's annotations name, once the module's own classes exist.

    A generated module calls this last, as `import_later(globals(), CartItem="cart_item")`: models
    may refer to each other in cycles, so these names cannot be imported at the top, and
    `typing.get_type_hints` needs them in the module. A module that is still importing its base
    class cannot give its own class yet; it does so when it makes its own call.
    """
    module = namespace["__name__"]
    for waiting, name in _WAITING.pop(module, ()):
        waiting[name] = namespace[name]
    package = module.rpartition(".")[0]
    for name, relative in modules.items():
        _bind(namespace, name, f"{package}.{relative}")
    # Modules that could not be imported while a module on their way was importing its base class.
    for target in [target for target in _WAITING if target not in sys.modules]:
        for waiting, name in _WAITING.pop(target):
            _bind(waiting, name, target)


def _bind(namespace: dict[str, Any], name: str, target: str) -> None:
    try:
        found = vars(importlib.import_module(target)).get(name)
    except ImportError as error:
        if "partially initialized" not in str(error):
            raise
        found = (
            None  # a module it imports first is still importing its base class: later
        )
    if found is None:
        _WAITING.setdefault(target, []).append((namespace, name))
    else:
        namespace[name] = found


# What every generated class's own conversion code falls back on for a subclass of it.
_GENERIC_FROM_DICT = Model.__dict__["from_dict"].__func__
_GENERIC_TO_DICT = Model.__dict__["to_dict"]

_WIRE_KEY = "openapi-dataclasses"
ClassT = TypeVar("ClassT", bound=type)


def field(
    wire_name: str,
    codec: Codec,
    *,
    default: Any = dataclasses.MISSING,
    default_factory: Any = dataclasses.MISSING,
) -> Any:
    """A property: its JSON name, its codec and, unless it is required, its default."""
    prop = Prop(
        wire_name,
        codec,
        default is dataclasses.MISSING and default_factory is dataclasses.MISSING,
    )
    return dataclasses.field(
        default=default, default_factory=default_factory, metadata={_WIRE_KEY: prop}
    )


def extras() -> Any:
    """The `extra_properties` field: properties the schema does not name."""
    return dataclasses.field(default_factory=dict)


@dataclass_transform(kw_only_default=True, field_specifiers=(field, dataclasses.field))
def model(cls: ClassT) -> ClassT:
    """Make a generated class a keyword-only dataclass and collect its `__wire__` table."""
    # Without slots, dataclass() modifies the class itself rather than making a new one.
    dataclasses.dataclass(kw_only=True)(cls)
    wire = {
        item.name: item.metadata[_WIRE_KEY]
        for item in dataclasses.fields(cls)
        if _WIRE_KEY in item.metadata
    }
    # setattr: to the type checker, ClassT is any class, which has no `__wire__`.
    setattr(cls, "__wire__", wire)  # noqa: B010
    # Each class converts with code of its own, written for its fields on first use.
    setattr(cls, "from_dict", classmethod(_from_dict_on_first_use(cls)))  # noqa: B010
    setattr(cls, "to_dict", _to_dict_on_first_use(cls))  # noqa: B010
    _MODELS[cls.__name__] = (
        cls  # a user's subclass does not take the generated class's name
    )
    return cls


# -- Conversion code specialised per model ---------------------------------------------------
#
# `Model.from_dict` and `Model.to_dict` walk the `__wire__` table and call each field's codec.
# For speed, every generated class gets its own two functions instead, written from its table
# the first time they are called: straight-line code with the plain fields (a string, an
# integer, ... without constraints) checked inline and the others handed to their codecs. They
# behave exactly as the generic methods do, error messages included. Their source is kept in
# `linecache`, so tracebacks and debuggers show it.

_MISSING: Final = object()


_CONVERTERS: dict[tuple[type[Model], str], Any] = {}


def _from_dict_on_first_use(owner: type[Model]) -> Callable[..., Any]:
    def from_dict(cls: type[ModelT], data: Any, path: str = "") -> ModelT:
        if (
            cls is not owner
        ):  # a subclass that is not a generated model: the generic method
            return _GENERIC_FROM_DICT(cls, data, path)  # type: ignore[no-any-return]
        result: ModelT = _converter(owner, "from_dict")(cls, data, path)
        return result

    return from_dict


def _to_dict_on_first_use(owner: type[Model]) -> Callable[[Model], dict[str, Any]]:
    def to_dict(self: Model) -> dict[str, Any]:
        if type(self) is not owner:
            return _GENERIC_TO_DICT(self)  # type: ignore[no-any-return]
        result: dict[str, Any] = _converter(owner, "to_dict")(self)
        return result

    return to_dict


def _converter(owner: type[Model], name: str) -> Any:
    """The code written for `owner`'s fields, written once and put on the class in the stub's place.

    Threads that come first at the same time may each write it; one of the two is kept.
    """
    function = _CONVERTERS.get((owner, name))
    if function is None:
        source = (
            _from_dict_source(owner) if name == "from_dict" else _to_dict_source(owner)
        )
        function = _CONVERTERS.setdefault((owner, name), _compiled(owner, name, source))
        setattr(owner, name, classmethod(function) if name == "from_dict" else function)
    return function


def _compiled(cls: type[Model], name: str, source: str) -> Any:
    filename = f"<openapi-dataclasses {name} of {cls.__module__}.{cls.__qualname__}>"
    constants, factories = _defaults(cls)
    namespace: dict[str, Any] = {
        "ValidationError": ValidationError,
        "UNSET": UNSET,
        "MISSING": _MISSING,
        "Enum": enum.Enum,
        "isfinite": math.isfinite,
        "Json": Json,
        "WireDateTime": _WireDateTime,
        "read_date_time": read_date_time,
        "PLAIN_JSON": _PLAIN_JSON,
        "child_path": child_path,
        "check_size": check_size,
        "describe": describe,
        "tagged_subtype": tagged_subtype,
        "codecs": [prop.codec for prop in cls.__wire__.values()],
        "new": object.__new__,
        "OWNER": cls,
        "generic_from_dict": _GENERIC_FROM_DICT,
        "generic_to_dict": _GENERIC_TO_DICT,
        "ABSENT": _ABSENT,
        "spec_defaults": spec_defaults(cls),
        "defaults": constants,
        "factories": factories,
        "extra": cls.__extra__,
        "known": _wire_names(cls),
    }
    exec(compile(source, filename, "exec"), namespace)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return namespace[name]


# A base model with a discriminator builds the subclass its tag names, if any.
_SUBTYPE_LINES = [
    "    subtype = tagged_subtype(cls, data)",
    "    if subtype is not None:",
    "        return subtype.from_dict(data, path)",
]


def _from_dict_source(cls: type[Model]) -> str:
    lines = [
        "def from_dict(cls, data, path=''):",
        # A user's subclass inherits this function: the generic method serves it.
        "    if cls is not OWNER:",
        "        return generic_from_dict(cls, data, path)",
        "    if not isinstance(data, dict):",
        "        raise ValidationError(path, f'must be an object, got {describe(data)}')",
    ]
    lines += _SUBTYPE_LINES if cls.__subtypes__ is not None else []
    if cls.__size__ != (None, None):
        lines.append("    check_size(data, path, *cls.__size__)")
    direct = _built_directly(cls)
    # Built directly, an instance starts from the defaults (the constant ones: copied once).
    lines += ["    values = defaults.copy()" if direct else "    values = {}"]
    lines += ["    get = data.get"]
    defaulted = spec_defaults(cls)
    if defaulted:
        lines.append("    absent = []")
    fields = {item.name: item for item in dataclasses.fields(cast(Any, cls))}
    for index, (attribute, prop) in enumerate(cls.__wire__.items()):
        at = _child_path_source(prop.wire_name)
        decoding = _decode_lines(
            prop.codec, f"codecs[{index}]", at, f"values[{attribute!r}]"
        )
        lines += [
            f"    value = get({prop.wire_name!r}, MISSING)",
            "    if value is not MISSING:",
            *[f"        {line}" for line in decoding],
        ]
        if prop.required:
            lines += [
                "    else:",
                f"        raise ValidationError({at}, 'is required')",
            ]
        elif attribute in defaulted:
            lines += ["    else:", f"        absent.append({attribute!r})"]
            if direct and fields[attribute].default_factory is not dataclasses.MISSING:
                lines.append(
                    f"        values[{attribute!r}] = factories[{attribute!r}]()"
                )
    lines.append("    if not known.issuperset(data):")
    lines.append("        unknown = {k: v for k, v in data.items() if k not in known}")
    if cls.__extra__ is None:
        lines += [
            "        key = next(iter(unknown))",
            "        raise ValidationError(",
            "            child_path(path, str(key)), 'is not a property of this object'",
            "        )",
        ]
    else:
        decoding = [
            "decode = extra.decode",
            "unknown = {",
            "    str(k): decode(v, child_path(path, str(k))) for k, v in unknown.items()",
            "}",
        ]
        if type(cls.__extra__) is Json:  # strings, numbers, ... are kept as they are
            decoding = [
                "for k, v in unknown.items():",
                "    if type(k) is not str or type(v) not in PLAIN_JSON:",
                *[f"        {line}" for line in decoding],
                "        break",
            ]
        lines += [f"        {line}" for line in decoding]
        lines.append("        values['extra_properties'] = unknown")
        if direct and "extra_properties" in fields:
            lines += ["    else:", "        values['extra_properties'] = {}"]
    if direct:
        lines += ["    built = new(cls)", "    built.__dict__ = values"]
    else:
        lines.append("    built = cls(**values)")
    if defaulted:
        lines += [
            "    if absent:",
            "        built.__dict__[ABSENT] = frozenset(absent)",
        ]
    lines.append("    return built")
    return "\n".join(lines) + "\n"


def _built_directly(cls: type[Model]) -> bool:
    """Whether an instance may be made without `__init__`: it only stores its fields.

    That holds for the generated classes: every field is a property or `extra_properties`, and
    nothing runs after `__init__` (a deprecated model's `__post_init__` warns, so it is called).
    """
    fields = dataclasses.fields(cast(Any, cls))
    return not hasattr(cls, "__post_init__") and all(
        item.name in cls.__wire__ or item.name == "extra_properties" for item in fields
    )


def _defaults(cls: type[Model]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The constant defaults of the fields, and the factories of the others."""
    constants: dict[str, Any] = {}
    factories: dict[str, Any] = {}
    for item in dataclasses.fields(cast(Any, cls)):
        if item.default is not dataclasses.MISSING:
            constants[item.name] = item.default
        elif item.default_factory is not dataclasses.MISSING:
            factories[item.name] = item.default_factory
    return constants, factories


def _child_path_source(wire_name: str) -> str:
    """An expression for `child_path(path, wire_name)`, with what does not vary worked out."""
    if wire_name.isidentifier():
        return f"(path + {'.' + wire_name!r} if path else {wire_name!r})"
    return f"path + {'[' + json.dumps(wire_name) + ']'!r}"


def _decode_lines(codec: Codec, name: str, at: str, target: str) -> list[str]:
    """Statements that decode `value` into `target`, most without the codec `name`.

    What is valid as it is, a list or map of such values, or a model, is checked inline;
    anything else (and any invalid value) goes to the codec, which says what is wrong.
    """
    call = f"{name}.decode(value, {at})"
    inline = _kept_as_is_source(codec, name, "value")
    if inline is not None:
        return [f"{target} = value if {inline} else {call}"]
    kind = type(codec)
    if kind is Nested:
        return [f"{target} = ({name}.found or {name}.model()).from_dict(value, {at})"]
    if kind is DateTime and cast(DateTime, codec).unchecked:
        return [
            "read = read_date_time(value)",
            f"{target} = {call} if read is None else read",
        ]
    if kind is Enum and all(type(key) is str for key in cast(Enum, codec).members):
        return [
            f"member = {name}.members.get(value) if type(value) is str else None",
            f"{target} = {call} if member is None else member",
        ]
    if kind is List and not cast(List, codec).unique_items:
        return _list_lines(cast(List, codec), name, at, target)
    if kind is Map:
        return _map_lines(cast(Map, codec), name, at, target)
    return [f"{target} = {call}"]


def _list_lines(codec: List, name: str, at: str, target: str) -> list[str]:
    is_list = "type(value) is list" + _size_source(codec.min_items, codec.max_items)
    if type(codec.item) is Nested:
        converting = [
            f"{target} = [",
            "    convert(item, f'{at}[{index}]') for index, item in enumerate(value)",
            "]",
        ]
        return _each_model_lines(is_list, f"{name}.item", name, at, target, converting)
    test = _kept_as_is_source(codec.item, f"{name}.item", "item")
    if test is None:
        return [f"{target} = {name}.decode(value, {at})"]
    return [
        f"kept = {is_list}",
        "for item in value if kept else ():",
        f"    if not ({test}):",
        "        kept = False",
        "        break",
        f"{target} = list(value) if kept else {name}.decode(value, {at})",
    ]


def _map_lines(codec: Map, name: str, at: str, target: str) -> list[str]:
    size = _size_source(codec.min_properties, codec.max_properties)
    is_dict = "type(value) is dict" + size
    if type(codec.value) is Nested:
        converting = [
            f"{target} = {{",
            "    str(key): convert(item, child_path(at, str(key)))",
            "    for key, item in value.items()",
            "}",
        ]
        return _each_model_lines(is_dict, f"{name}.value", name, at, target, converting)
    test = (
        "type(item) in PLAIN_JSON"
        if type(codec.value) is Json
        else _kept_as_is_source(codec.value, f"{name}.value", "item")
    )
    if test is None:
        return [f"{target} = {name}.decode(value, {at})"]
    return [
        f"kept = {is_dict}",
        "for key, item in value.items() if kept else ():",
        f"    if type(key) is not str or not ({test}):",
        "        kept = False",
        "        break",
        f"{target} = value.copy() if kept else {name}.decode(value, {at})",
    ]


def _size_source(minimum: int | None, maximum: int | None) -> str:
    """The tests of `minItems` and `maxItems` (or of properties), to follow another test."""
    tests = "" if minimum is None else f" and len(value) >= {minimum!r}"
    return tests + ("" if maximum is None else f" and len(value) <= {maximum!r}")


def _each_model_lines(
    is_container: str,
    nested: str,
    name: str,
    at: str,
    target: str,
    converting: list[str],
) -> list[str]:
    """A list or map of models: each item by the model's own code, anything else by the codec."""
    return [
        f"if {is_container}:",
        f"    convert = ({nested}.found or {nested}.model()).from_dict",
        f"    at = {at}",
        *[f"    {line}" for line in converting],
        "else:",
        f"    {target} = {name}.decode(value, {at})",
    ]


def _kept_as_is_source(codec: Codec, name: str, var: str) -> str | None:
    """A test that `codec.decode` would accept `var` and return it as it is, if one fits inline.

    When it is false, the codec itself decodes the value, or says what is wrong with it.
    """
    if type(codec) is Str:
        return _string_kept_source(codec, name, var)
    if type(codec) in (Int, Float) and cast(Bounded, codec).multiple_of is None:
        return _number_kept_source(cast(Bounded, codec), name, var)
    if type(codec) is Bool:
        return f"({var} is True or {var} is False)"
    if type(codec) is Nullable:
        inner = _kept_as_is_source(codec.inner, f"{name}.inner", var)
        return None if inner is None else f"({var} is None or {inner})"
    return None


def _string_kept_source(codec: Str, name: str, var: str) -> str:
    tests = [f"type({var}) is str"]
    if codec.min_length is not None:
        tests.append(
            f"len({var}) >= {_constant(codec.min_length, f'{name}.min_length')}"
        )
    if codec.max_length is not None:
        tests.append(
            f"len({var}) <= {_constant(codec.max_length, f'{name}.max_length')}"
        )
    if codec.regex is not None:
        tests.append(f"{name}.regex.search({var}) is not None")
    if codec.format_regex is not None:
        tests.append(f"{name}.format_regex.fullmatch({var}) is not None")
    return " and ".join(tests)


def _number_kept_source(codec: Bounded, name: str, var: str) -> str:
    if isinstance(codec, Int):
        tests = [f"type({var}) is int"]
        if codec.limit is not None:
            tests.append(f"{-codec.limit!r} <= {var} < {codec.limit!r}")
    else:
        tests = [f"(type({var}) is int or (type({var}) is float and isfinite({var})))"]
    for bound, operator in (
        ("minimum", ">="),
        ("maximum", "<="),
        ("exclusive_minimum", ">"),
        ("exclusive_maximum", "<"),
    ):
        if getattr(codec, bound) is not None:
            limit = _constant(getattr(codec, bound), f"{name}.{bound}")
            tests.append(f"{var} {operator} {limit}")
    return " and ".join(tests)


def _constant(value: Any, spelled_otherwise: str) -> str:
    """A number written into the code, or the expression that reads it (infinity, say)."""
    exact = type(value) is int or (type(value) is float and math.isfinite(value))
    return repr(value) if exact else spelled_otherwise


def _to_dict_source(cls: type[Model]) -> str:
    lines = [
        "def to_dict(self):",
        "    if type(self) is not OWNER:",
        "        return generic_to_dict(self)",
        "    result = {}",
    ]
    defaulted = spec_defaults(cls)
    if defaulted:
        lines.append("    absent = self.__dict__.get(ABSENT, ())")
    for index, (attribute, prop) in enumerate(cls.__wire__.items()):
        test = "value is not UNSET"
        if attribute in defaulted:
            still = (
                f"{attribute!r} in absent and value == spec_defaults[{attribute!r}]()"
            )
            test += f" and not ({still})"
        encoding = _encode_lines(prop.codec, index, f"result[{prop.wire_name!r}]")
        lines += [
            f"    value = self.{attribute}",
            f"    if {test}:",
            *[f"        {line}" for line in encoding],
        ]
    if cls.__extra__ is not None:
        # Any JSON value, written as it is when it is a string, number, boolean or null.
        kept = (
            "value if type(value) in PLAIN_JSON else "
            if type(cls.__extra__) is Json
            else ""
        )
        field_names = {item.name for item in dataclasses.fields(cast(Any, cls))}
        read = (
            "self.extra_properties"
            if "extra_properties" in field_names
            else "getattr(self, 'extra_properties', {})"
        )
        lines += [
            f"    extra_properties = {read}",
            "    if extra_properties:",
            "        encode = extra.encode",
            "        for key, value in extra_properties.items():",
            f"            result.setdefault(key, {kept}encode(value))",
        ]
    lines.append("    return result")
    return "\n".join(lines) + "\n"


def _encode_lines(codec: Codec, index: int, target: str) -> list[str]:
    """Statements that encode `value` into `target`, as its codec would, most without it."""
    expression = _encode_source(codec, index)
    if expression is not None:
        return [f"{target} = {expression}"]
    if type(codec) is Map and type(codec.value) is Json:
        return [
            "kept = True",
            "for item in value.values():",
            "    if type(item) not in PLAIN_JSON:",
            "        kept = False",
            "        break",
            f"{target} = dict(value) if kept else codecs[{index}].encode(value)",
        ]
    return [f"{target} = codecs[{index}].encode(value)"]


def _encode_source(codec: Codec, index: int) -> str | None:
    """An expression that encodes `value`, if one does without the codec."""
    if _writes_unchanged(codec):
        return "value"
    kind = type(codec)
    if kind is Enum:
        # `_value_`: the member's value, without the `value` property's descriptor call.
        return "value._value_ if isinstance(value, Enum) else value"
    if kind is Nested:
        return "value.to_dict()"
    if kind is DateTime:
        slow = f"codecs[{index}].encode(value)"
        return f"value.wire_text if type(value) is WireDateTime else {slow}"
    if kind is List or kind is Map:
        inner = cast(List, codec).item if kind is List else cast(Map, codec).value
        if _writes_unchanged(inner):
            return "list(value)" if kind is List else "dict(value)"
        if type(inner) is Nested:
            if kind is List:
                return "[item.to_dict() for item in value]"
            return "{key: item.to_dict() for key, item in value.items()}"
    return None


def _writes_unchanged(codec: Codec) -> bool:
    if type(codec) in (Str, Int, Float, Bool, Const):
        return True
    return type(codec) is Nullable and _writes_unchanged(codec.inner)


ValueT = TypeVar("ValueT")


class Adapter(Generic[ValueT]):
    """Reads and writes values of a type that is not a model (a list, a union, a string, ...)."""

    def __init__(self, codec: Codec) -> None:
        self.codec = codec

    def from_data(self, data: Any) -> ValueT:
        """Validate decoded JSON and convert it; raises `ValidationError`."""
        value: ValueT = self.codec.decode(data, "")
        return value

    def to_data(self, value: ValueT) -> Any:
        return self.codec.encode(value)

    def from_json(self, text: str | bytes) -> ValueT:
        return self.from_data(parse_json(text))

    def to_json(self, value: ValueT, **dumps_options: Any) -> str:
        return json.dumps(self.to_data(value), **dumps_options)


# Binary content (files), in a module of its own; its codec and types are the runtime's too.
from .files import Binary as Binary  # noqa: E402
from .files import File as File  # noqa: E402
from .files import FileContent as FileContent  # noqa: E402
