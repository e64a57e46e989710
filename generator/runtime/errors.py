"""What the runtime says when a value does not match its schema: `ValidationError` and its paths."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

# The problems a `ValidationError` lists at most; it counts the rest.
MAX_PROBLEMS = 100


class Problem:
    """One thing wrong: where (`path`, like `cartItems[0].quantity`) and what (`message`)."""

    __slots__ = ["message", "path"]

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.path, self.message) == (other.path, other.message)

    def __hash__(self) -> int:
        return hash((self.path, self.message))

    def __repr__(self) -> str:
        return f"Problem({self.path!r}, {self.message!r})"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class Problems:
    """The problems a collecting pass finds: the first `limit` of them, and a count of the rest."""

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.found: list[Problem] = []
        self.omitted = 0
        self.limit = limit

    def add(self, path: str, message: str) -> None:
        if len(self.found) < self.limit:
            self.found.append(Problem(path, message))
        else:
            self.omitted += 1

    def add_error(self, error: ValidationError) -> None:
        """Every problem of an error raised on the way (a model's, say)."""
        for problem in error.problems:
            self.add(problem.path, problem.message)
        self.omitted += error.omitted

    def add_all(self, other: Problems) -> None:
        for problem in other.found:
            self.add(problem.path, problem.message)
        self.omitted += other.omitted

    def count(self) -> int:
        """How many problems were found so far, those left out included."""
        return len(self.found) + self.omitted

    def __bool__(self) -> bool:
        return self.count() > 0


# Finds every problem of a value at a path (a codec's or a model's collecting pass).
Collect = Callable[[Any, str, Problems], None]


class ValidationError(ValueError):
    """A value does not match its schema.

    `str(error)` and `path` name the first problem found, like `cartItems[0].quantity: must be
    >= 1, got 0`; `problems` lists every problem of the payload (or of the object written), each
    with its `path` and `message`, up to `MAX_PROBLEMS`, and `omitted` counts the rest.
    `errors()` gives them as JSON-ready dictionaries, for a service to return.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason
        self._scope: tuple[Collect, Any, str] | None = None
        self._found: Problems | None = None

    def within(self, collect: Collect, value: Any, path: str) -> None:
        """Say what the error was raised in: `problems` looks there for every problem.

        Each model an error passes through on its way out says so; the outermost one counts.
        Nothing is collected until `problems` is read: a valid payload pays nothing.
        """
        self._scope = (collect, value, path)
        self._found = None

    def _collected(self) -> Problems:
        if self._found is None:
            found = Problems()
            if self._scope is not None:
                collect, value, path = self._scope
                collect(value, path, found)
            first = Problem(self.path, self.reason)
            if first not in found.found:  # the one the message names comes first
                found.found.insert(0, first)
                if len(found.found) > found.limit:
                    found.found.pop()
                    found.omitted += 1
            self._found = found
        return self._found

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem found (the first `MAX_PROBLEMS`), the one `str(error)` names first."""
        return tuple(self._collected().found)

    @property
    def omitted(self) -> int:
        """How many more problems there are than `problems` lists."""
        return self._collected().omitted

    def errors(self) -> list[dict[str, str]]:
        """The problems as `{"path": ..., "message": ...}` dictionaries, ready for JSON."""
        return [{"path": item.path, "message": item.message} for item in self.problems]


def child_path(path: str, key: str | int) -> str:
    """The path of an item (`[0]`) or a property (`.name`, or `["a b"]`) below `path`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if key.isidentifier():
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key)}]"


def parse_json(text: str | bytes) -> Any:
    """The JSON value of `text`; text that is not JSON is a `ValidationError`."""
    try:
        return json.loads(text)
    except ValueError as error:
        raise ValidationError("", f"not valid JSON: {error}") from None


def describe(value: Any) -> str:
    """What a value is, in JSON's words: `a string`, `an object`, ..."""
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


def described(value: Any) -> str:
    """What a Python value is, with the value: `str 'yesterday'`, `int 5`."""
    return f"{type(value).__name__} {shown(value)}"


def shown(value: Any, width: int = 60) -> str:
    """`repr(value)`, cut short if it is long (a payload may hold anything)."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def spelled(value: Any, width: int = 60) -> str:
    """A value as JSON writes it (`"a"`, `true`), else as Python does; cut short if long."""
    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        return shown(value, width)
    return text if len(text) <= width else text[: width - 3] + "..."


def counted(count: int, noun: str, plural: str = "") -> str:
    """`1 item`, `2 items`, `1 property`, `3 properties`."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
