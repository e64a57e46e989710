"""Regular expressions from API descriptions, made into patterns Python's `re` understands.

OpenAPI says patterns are ECMA-262, but real descriptions also use POSIX bracket classes such as
`[^[:cntrl:]]`, which neither ECMA-262 nor Python support and which would silently mean something
else. We translate those, and report patterns Python cannot compile instead of emitting a module
that fails at import.
"""

from __future__ import annotations

import re

POSIX_CLASSES = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "ascii": "\\x00-\\x7f",
    "blank": " \\t",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "\\x21-\\x7e",
    "lower": "a-z",
    "print": "\\x20-\\x7e",
    "punct": "!-/:-@\\[-`{-~",
    "space": "\\s",
    "upper": "A-Z",
    "word": "\\w",
    "xdigit": "0-9A-Fa-f",
}
_POSIX = re.compile(r"\[:(" + "|".join(POSIX_CLASSES) + r"):\]")


def to_python_pattern(pattern: str) -> tuple[str | None, str]:
    """The Python pattern, or None and the reason it cannot be used."""
    translated = _POSIX.sub(lambda match: POSIX_CLASSES[match.group(1)], pattern)
    try:
        re.compile(translated)
    except re.error as error:
        return (
            None,
            f"pattern {pattern!r} is not a regular expression Python can use ({error}); not enforced",
        )
    return translated, ""
