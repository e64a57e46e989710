"""Errors and diagnostics: what the user is told, as values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SHOWN_PROBLEMS = 20  # of an error that gathers several


@dataclass(frozen=True)
class Location:
    """Where in the input something is: file, JSON pointer and, where known, line and column."""

    file: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None

    def describe(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        if self.pointer:
            place += f" at #{self.pointer}"
        return place


@dataclass(frozen=True)
class Diagnostic:
    """A finding about the input that does not stop generation (unless --strict)."""

    location: Location
    message: str

    def describe(self) -> str:
        return f"{self.location.describe()}: {self.message}"


class GeneratorError(Exception):
    """A failure the user caused and can fix; the CLI prints it and exits with code 2.

    It may gather several problems found together (`GeneratorError.of_all`): then it describes
    itself as a count and one line per problem, the first `SHOWN_PROBLEMS` of them.
    """

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        hint: str = "",
        *,
        problems: Sequence[GeneratorError] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint
        self.problems = tuple(problems)

    @classmethod
    def of_all(cls, problems: Sequence[GeneratorError]) -> GeneratorError:
        """One error for all of `problems` (not empty); a single problem is itself."""
        if len(problems) == 1:
            return problems[0]
        return cls(f"{len(problems)} problems in the description", problems=problems)

    def with_location(self, location: Location) -> GeneratorError:
        return GeneratorError(self.message, location, self.hint, problems=self.problems)

    def describe(self) -> str:
        text = self.message
        if self.location is not None:
            text = f"{self.location.describe()}: {text}"
        if self.hint:
            text += f" ({self.hint})"
        if not self.problems:
            return text
        lines = [
            f"{text}:",
            *(f"  {problem.describe()}" for problem in self.problems[:SHOWN_PROBLEMS]),
        ]
        if len(self.problems) > SHOWN_PROBLEMS:
            lines.append(f"  ... and {len(self.problems) - SHOWN_PROBLEMS} more")
        return "\n".join(lines)


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def is_index(token: str) -> bool:
    """Whether a pointer token is an array index: ASCII digits (`str.isdigit` takes `²` too)."""
    return token.isascii() and token.isdigit()


def join_pointer(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join("/" + escape_pointer_token(str(token)) for token in tokens)


class InternalError(Exception):
    """A bug in the generator (the CLI says so and exits with code 3), not something the user did."""
