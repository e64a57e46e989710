"""The string formats checked on input: each format's test and a valid sample, in one entry.

`Str(format=...)` checks a format listed here (`checks.FormatCheck`, which the code per model
inlines), and so does the evaluator of what a type cannot say (`keywords`); the generator's docs
take a format's sample for their code samples. Each test follows its RFC exactly; a format that
is not listed is an annotation (as JSON Schema 2020-12 reads `format`), documentation only. To
check a new format, add its entry to `FORMATS`: nothing else needs to know it (CONTRIBUTING.md,
"Adding a keyword or a format"). Only ASCII digits and letters count where the grammars say
DIGIT, HEXDIG or ALPHA.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final


class Format:
    """A string format: `test(text)` is truthy for valid text; `sample` is valid text."""

    __slots__ = ["name", "sample", "test"]

    def __init__(self, name: str, test: Callable[[str], object], sample: str) -> None:
        self.name = name
        self.test = test
        self.sample = sample

    def __repr__(self) -> str:
        return f"Format({self.name!r})"


class _Grammar:
    """A format's regular expression, compiled the first time a value is tested against it.

    Compiling all of them when the package is imported took 2.3 ms of every import, and most
    services read few formats.
    """

    __slots__ = ["compiled", "source"]

    def __init__(self, source: str) -> None:
        self.source = source
        self.compiled: re.Pattern[str] | None = None

    def fullmatch(self, text: str) -> re.Match[str] | None:
        compiled = self.compiled
        if compiled is None:
            compiled = self.compiled = re.compile(self.source, re.ASCII)
        return compiled.fullmatch(text)


_FULL_DATE = _Grammar(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_FULL_TIME = _Grammar(
    r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))"
)
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_date(text: str) -> bool:
    """RFC 3339 `full-date`: `2024-02-29` (no week dates, ordinal dates or other ISO 8601)."""
    match = _FULL_DATE.fullmatch(text)
    return match is not None and _valid_date(*map(int, match.groups()))


def _valid_date(year: int, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= (29 if month == 2 and leap else _DAYS[month - 1])


def is_time(text: str) -> bool:
    """RFC 3339 `full-time`: `08:30:06Z`, `23:59:60+00:00` (a leap second at 23:59 UTC only)."""
    match = _FULL_TIME.fullmatch(text)
    if match is None:
        return False
    hour, minute, second = int(match[1]), int(match[2]), int(match[3])
    offset = 0
    if match[4] is None:
        offset_hour, offset_minute = int(match[6]), int(match[7])
        if offset_hour > 23 or offset_minute > 59:
            return False
        offset = (offset_hour * 60 + offset_minute) * (1 if match[5] == "+" else -1)
    if hour > 23 or minute > 59 or second > 60:
        return False
    if second == 60:  # a leap second is 23:59:60 in UTC
        utc = (hour * 60 + minute - offset) % (24 * 60)
        return utc == 23 * 60 + 59
    return True


def is_date_time(text: str) -> bool:
    """RFC 3339 `date-time`: a full-date, `T` (or `t`), a full-time."""
    return (
        len(text) > 11
        and text[10] in "Tt"
        and is_date(text[:10])
        and is_time(text[11:])
    )


_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = rf"{_OCTET}(?:\.{_OCTET}){{3}}"
_IPV4_ADDRESS = _Grammar(_IPV4)
_H16 = _Grammar(r"[0-9A-Fa-f]{1,4}")


def is_ipv4(text: str) -> bool:
    """RFC 2673's dotted-quad: four decimal octets, 0 to 255, without leading zeros."""
    return _IPV4_ADDRESS.fullmatch(text) is not None


def is_ipv6(text: str) -> bool:
    """RFC 4291 section 2.2: eight groups of 1 to 4 hex digits, one `::` for a run of zero
    groups, the last two groups possibly written as an IPv4 address. No zone, no prefix.
    """
    head, double, tail = text.partition("::")
    if "::" in tail:
        return False
    before = _groups(head, last=not double) if head else 0
    after = _groups(tail, last=True) if tail else 0
    if before is None or after is None:
        return False
    return before + after <= 7 if double else before == 8


def _groups(text: str, *, last: bool) -> int | None:
    """How many 16-bit groups colon-separated parts hold (an IPv4 address, if `last` part
    of the address, two); None if a part is neither.
    """
    parts = text.split(":")
    count = 0
    for index, part in enumerate(parts):
        if last and index == len(parts) - 1 and "." in part:
            if not is_ipv4(part):
                return None
            count += 2
        elif _H16.fullmatch(part) is None:
            return None
        else:
            count += 1
    return count


def is_uuid(text: str) -> bool:
    """RFC 4122's string form: 8-4-4-4-12 hex digits, any case."""
    return _UUID.fullmatch(text) is not None


_UUID = _Grammar(
    r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
)

# RFC 3986, appendix A, for an absolute URI with an optional fragment (`URI`).
_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_IP_LITERAL = rf"\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\.[{_UNRESERVED}{_SUB_DELIMS}:]+)\]"
_AUTHORITY = (
    rf"(?:(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*@)?"
    rf"(?P<host>{_IP_LITERAL}|(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*)"
    r"(?::[0-9]*)?"
)
_URI = _Grammar(
    r"[A-Za-z][A-Za-z0-9+\-.]*:"
    rf"(?://{_AUTHORITY}(?:/{_PCHAR}*)*"  # hier-part: "//" authority path-abempty
    rf"|/(?:{_PCHAR}+(?:/{_PCHAR}*)*)?"  # path-absolute
    rf"|{_PCHAR}+(?:/{_PCHAR}*)*"  # path-rootless
    r"|)"  # path-empty
    rf"(?:\?(?:{_PCHAR}|[/?])*)?"
    rf"(?:#(?:{_PCHAR}|[/?])*)?"
)


def is_uri(text: str) -> bool:
    """RFC 3986 `URI`: a scheme, then what the grammar allows, percent-encoded where it must be
    (no spaces, no `<>`, no non-ASCII); an IP literal holds a valid IPv6 address.
    """
    match = _URI.fullmatch(text)
    if match is None:
        return False
    host = match.group("host")
    if host and host.startswith("[") and not host[1:].startswith("v"):
        return is_ipv6(host[1:-1])
    return True


# RFC 5321's `Mailbox` (section 4.1.2): a dot-string or quoted string, `@`, a domain or an
# address literal.
_ATEXT = r"[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]"
# A quoted string: `\x22` is the double quote.
_QUOTED = r"\x22(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*\x22"
_LOCAL = rf"(?:{_ATEXT}+(?:\.{_ATEXT}+)*|{_QUOTED})"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
_MAILBOX = _Grammar(rf"{_LOCAL}@(?:{_LABEL}(?:\.{_LABEL})*|\[(?P<literal>[^\[\]]*)\])")


def is_email(text: str) -> bool:
    """RFC 5321 `Mailbox`: `joe.bloggs@example.com`, `"joe bloggs"@example.com`,
    `joe@[127.0.0.1]`, `joe@[IPv6:::1]`.
    """
    match = _MAILBOX.fullmatch(text)
    if match is None:
        return False
    literal = match.group("literal")
    if literal is None:
        return True
    if literal.startswith("IPv6:"):
        return is_ipv6(literal[5:])
    return is_ipv4(literal)


_BASE64 = _Grammar(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")


def is_base64(text: str) -> bool:
    """OpenAPI's `byte`: RFC 4648 base64 (section 4), padded, nothing outside its alphabet."""
    return _BASE64.fullmatch(text) is not None


# The string formats checked on input; other formats are annotations.
FORMATS: Final[dict[str, Format]] = {
    entry.name: entry
    for entry in (
        Format("date-time", is_date_time, "2024-01-01T00:00:00Z"),
        Format("date", is_date, "2024-01-01"),
        Format("time", is_time, "00:00:00Z"),
        Format("email", is_email, "user@example.com"),
        Format("ipv4", is_ipv4, "127.0.0.1"),
        Format("ipv6", is_ipv6, "::1"),
        Format("uri", is_uri, "https://example.com/"),
        Format("uuid", is_uuid, "00000000-0000-4000-8000-000000000000"),
        Format("byte", is_base64, "AAAA"),
    )
}
