"""Parameter values written as OpenAPI's `style` and `explode` say.

Each function follows a row of the specification's Style Examples table (3.2, which follows
RFC 6570): for `color` = `"blue"`, `["blue", "black", "brown"]` or `{"R": 100, "G": 200}`,

| style          | explode | array                              | object                   |
| -------------- | ------- | ---------------------------------- | ------------------------ |
| matrix         | false   | ;color=blue,black,brown            | ;color=R,100,G,200       |
| matrix         | true    | ;color=blue;color=black;color=brown| ;R=100;G=200             |
| label          | false   | .blue,black,brown                  | .R,100,G,200             |
| label          | true    | .blue.black.brown                  | .R=100.G=200             |
| simple         | false   | blue,black,brown                   | R,100,G,200              |
| simple         | true    | blue,black,brown                   | R=100,G=200              |
| form           | false   | color=blue,black,brown             | color=R,100,G,200        |
| form           | true    | color=blue&color=black&color=brown | R=100&G=200              |
| spaceDelimited | false   | color=blue%20black%20brown         | color=R%20100%20G%20200  |
| pipeDelimited  | false   | color=blue%7Cblack%7Cbrown         | color=R%7C100%7CG%7C200  |
| deepObject     | true    |                                    | color%5BR%5D=100&...     |

An undefined value (null, an empty array or object) is written as the table's `undefined`
column: `;color`, `.`, empty, `color=`. Values are percent-encoded (RFC 3986: everything but
unreserved characters), the delimiters are not; with `allowReserved` the reserved characters
and percent-encoded triples pass unchanged (RFC 6570's reserved expansion; `#` is encoded all
the same, since it would end the URL). Header values are not percent-encoded (but characters
outside printable ASCII). Query, cookie and form output is a list of `name=value` pairs,
already encoded.
"""

from __future__ import annotations

import datetime
import enum
import json
import re
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import quote

from ..runtime import Model

__all__ = [
    "as_dict",
    "as_list",
    "compact_json",
    "content_text",
    "cookie_pairs",
    "encode_reserved",
    "encode_text",
    "form_pairs",
    "header_text",
    "is_json_type",
    "path_text",
    "text",
]

Encoder = Callable[[str], str]

_UNRESERVED_ONLY = re.compile(r"[A-Za-z0-9\-._~]*")
_OUTSIDE_RESERVED = re.compile(
    r"[^A-Za-z0-9\-._~:/?\[\]@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})"
)
_HEADER_SAFE = re.compile(r"[ -~\t]*")
_OUTSIDE_HEADER = re.compile(r"[^ -~\t]")


def _json_default(value: object) -> object:
    """Python values inside raw JSON data: models, enum members, dates and times."""
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    raise TypeError(f"a {type(value).__name__} is not JSON data")


# JSON as httpx writes it: compact, UTF-8, no NaN (one encoder, made once).
compact_json: Callable[[Any], str] = json.JSONEncoder(
    separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_json_default
).encode


def _escape(match: re.Match[str]) -> str:
    return quote(match.group(), safe="")


def encode_text(value: str) -> str:
    """Percent-encode all but RFC 3986's unreserved characters."""
    if (value.isalnum() and value.isascii()) or _UNRESERVED_ONLY.fullmatch(value):
        return value
    return quote(value, safe="")


def encode_reserved(value: str) -> str:
    """RFC 6570's reserved expansion: reserved characters and `%XX` triples kept (not `#`)."""
    return _OUTSIDE_RESERVED.sub(_escape, value)


def header_text(value: str) -> str:
    """A header value as is, with characters outside printable ASCII percent-encoded."""
    if _HEADER_SAFE.fullmatch(value):
        return value
    return _OUTSIDE_HEADER.sub(_escape, value)


def media_type(content_type: str) -> str:
    """A Content-Type's media type, lower case, without its parameters ('' for '')."""
    return content_type.partition(";")[0].strip().lower()


def is_json_type(content_type: str) -> bool:
    """`application/json`, and any `+json` or `/json` type (`application/problem+json`)."""
    return media_type(content_type).endswith(("/json", "+json"))


# Media types other than `text/*` whose values are text (`str`), beside any `+xml` type: as
# the generator types them (`building/media.py`, which cannot import this package: httpx);
# tests/test_http_replies.py holds the two to the same reading.
TEXT_TYPES = frozenset(
    {"application/xml", "application/javascript", "application/yaml"}
)


def is_text_type(content_type: str) -> bool:
    """`text/*`, XML, JavaScript and YAML: media types whose values are text (`str`)."""
    base = media_type(content_type)
    return base.startswith("text/") or base in TEXT_TYPES or base.endswith("+xml")


def text(value: object) -> str:
    """A scalar as the query string writes it (booleans as JSON does); others as JSON."""
    kind = type(value)
    if kind is str:
        return cast(str, value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int or kind is float:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, str):  # a subclass, say a `str` enum's member
        return str.__str__(value)
    return compact_json(value)


def content_text(content_type: str, value: Any) -> str:
    """A parameter described with `content`: JSON for a JSON type, else the text."""
    if is_json_type(content_type):
        return compact_json(value)
    return text(value)


def as_list(value: object) -> list[Any] | None:
    """`value` if it is a JSON array."""
    # `object` here: mypy sees `list[Any]` already, pyright `list[Unknown]`.
    return cast("list[object]", value) if isinstance(value, list) else None


def as_dict(value: object) -> dict[str, Any] | None:
    """`value` if it is a JSON object."""
    return cast("dict[str, Any]", value) if isinstance(value, dict) else None


def _undefined(value: Any) -> bool:
    """RFC 6570's undefined: null, an empty array, an object without a defined member."""
    if value is None:
        return True
    array = as_list(value)
    if array is not None:
        return all(item is None for item in array)
    members = as_dict(value)
    if members is not None:
        return all(item is None for item in members.values())
    return False


def _items(value: list[Any], encode: Encoder) -> list[str]:
    return [
        encode(item if type(item) is str else text(item))
        for item in value
        if item is not None
    ]


def _members(value: dict[str, Any], encode: Encoder) -> list[tuple[str, str]]:
    return [
        (encode(text(key)), encode(text(item)))
        for key, item in value.items()
        if item is not None
    ]


def path_text(
    name: str, value: Any, style: str, explode: bool, encode: Encoder = encode_text
) -> str:
    """A path (or header) value in `simple`, `label` or `matrix` style."""
    if style == "label":
        return "." + _joined(value, explode, ".", encode)
    if style == "matrix":
        return _matrix(name, value, explode, encode)
    return _joined(value, explode, ",", encode)


def _joined(value: Any, explode: bool, separator: str, encode: Encoder) -> str:
    """`simple` (separator `,`) and `label` (`.`, after the caller's leading dot)."""
    if _undefined(value):
        return ""
    array, members = as_list(value), as_dict(value)
    if array is not None:
        return (separator if explode else ",").join(_items(array, encode))
    if members is not None:
        pairs = _members(members, encode)
        if explode:
            return separator.join(f"{k}={v}" for k, v in pairs)
        return ",".join(f"{k},{v}" for k, v in pairs)
    return encode(text(value))


def _matrix(name: str, value: Any, explode: bool, encode: Encoder) -> str:
    key = encode_text(name)
    if _undefined(value):
        return ";" + key
    array, members = as_list(value), as_dict(value)
    if array is not None:
        items = _items(array, encode)
        if explode:
            return "".join(f";{key}={item}" for item in items)
        return f";{key}=" + ",".join(items)
    if members is not None:
        pairs = _members(members, encode)
        if explode:
            return "".join(f";{k}={v}" for k, v in pairs)
        return f";{key}=" + ",".join(f"{k},{v}" for k, v in pairs)
    item = encode(text(value))
    return f";{key}={item}" if item else ";" + key


_DELIMITERS = {"form": ",", "spaceDelimited": "%20", "pipeDelimited": "%7C"}


def form_pairs(
    key: str,
    value: Any,
    style: str,
    explode: bool,
    out: list[str],
    encode: Encoder = encode_text,
) -> None:
    """Query-string pairs for `form`, `spaceDelimited`, `pipeDelimited` and `deepObject`.

    `key` is the parameter's name, already encoded.
    """
    array, members = as_list(value), as_dict(value)
    if style == "deepObject" and members is not None:
        _deep_pairs(key, members, out, encode)
        return
    delimiter = _DELIMITERS.get(style, ",")
    if array is not None:
        items = _items(array, encode)
        if not items:  # undefined
            if style != "deepObject":
                out.append(key + "=")
        elif explode:
            out.extend([f"{key}={item}" for item in items])
        else:
            out.append(f"{key}=" + delimiter.join(items))
    elif _undefined(value):
        if style != "deepObject":
            out.append(key + "=")
    elif members is not None:
        pairs = _members(members, encode)
        if explode:
            out.extend(f"{k}={v}" for k, v in pairs)
        else:
            out.append(
                f"{key}=" + delimiter.join(f"{k}{delimiter}{v}" for k, v in pairs)
            )
    else:
        out.append(f"{key}={encode(text(value))}")


def _deep_pairs(
    key: str, value: dict[str, Any], out: list[str], encode: Encoder
) -> None:
    """`color%5BR%5D=100`; nested objects nest further, arrays repeat the key."""
    for member, item in value.items():
        inner = f"{key}%5B{encode_text(text(member))}%5D"
        array, members = as_list(item), as_dict(item)
        if members is not None:
            _deep_pairs(inner, members, out, encode)
        elif array is not None:
            out.extend(f"{inner}={each}" for each in _items(array, encode))
        elif item is not None:
            out.append(f"{inner}={encode(text(item))}")


def cookie_pairs(
    name: str, value: Any, style: str, explode: bool, out: list[str]
) -> None:
    """Cookie pairs: `form` percent-encodes the values; 3.2's `cookie` style does not."""
    encode: Encoder = encode_text if style != "cookie" else _as_is
    key = encode(name)
    array, members = as_list(value), as_dict(value)
    if _undefined(value):
        out.append(key + "=")
    elif array is not None:
        items = _items(array, encode)
        if explode:
            out.extend(f"{key}={item}" for item in items)
        else:
            out.append(f"{key}=" + ",".join(items))
    elif members is not None:
        pairs = _members(members, encode)
        if explode:
            out.extend(f"{k}={v}" for k, v in pairs)
        else:
            out.append(f"{key}=" + ",".join(f"{k},{v}" for k, v in pairs))
    else:
        out.append(f"{key}={encode(text(value))}")


def _as_is(value: str) -> str:
    return value
