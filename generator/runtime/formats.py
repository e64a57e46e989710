"""The string formats checked on input: each format's test and a valid sample, in one entry.

`Str(format=...)` checks a format listed here (`checks.FormatCheck`, which the code per model
inlines); the generator's docs take a format's sample for their code samples. A format that is
not listed is documentation only. To check a new format, add its entry to `FORMATS`: nothing else
needs to know it (CONTRIBUTING.md, "Adding a keyword or a format").
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


def _matches(pattern: str) -> Callable[[str], object]:
    """A test that the whole text matches a regular expression."""
    return re.compile(pattern).fullmatch


# The string formats checked on input; other formats are documentation only.
FORMATS: Final[dict[str, Format]] = {
    entry.name: entry
    for entry in (
        Format(
            "uuid",
            _matches(
                r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
            ),
            "00000000-0000-4000-8000-000000000000",
        ),
        Format("email", _matches(r"[^@\s]+@[^@\s]+"), "user@example.com"),
        Format("uri", _matches(r"[A-Za-z][A-Za-z0-9+.-]*:\S*"), "https://example.com/"),
        Format("byte", _matches(r"[A-Za-z0-9+/\s]*={0,2}"), ""),
        Format(
            "time",
            _matches(r"\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?"),
            "00:00:00Z",
        ),
        Format("ipv4", _matches(r"(\d{1,3}\.){3}\d{1,3}"), "127.0.0.1"),
    )
}
