"""What the runtime says when a value does not match its schema: `ValidationError` and its paths."""

from __future__ import annotations

import json
from typing import Any


class ValidationError(ValueError):
    """A payload does not match its schema. `path` names the place, like `cartItems[0].quantity`."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason


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
