"""Binary content: where the API description has a string of raw bytes (`format: binary`, or
OpenAPI 3.1's `contentMediaType` of a non-text type without `contentEncoding`).

Such values travel as multipart parts or whole bodies, not as JSON: a model field of this type
takes bytes, a binary file open for reading, or `(filename, content)` and
`(filename, content, content_type)` tuples (the client sends each as a file part), or a str,
which is what such a value is when it does come in JSON.
"""

from __future__ import annotations

from typing import IO, Any, cast

from . import Codec, ValidationError, describe

__all__ = ["Binary", "File", "FileContent"]

FileContent = bytes | IO[bytes]
"""The bytes of a file, or the file itself (open in binary mode)."""

File = (
    str
    | FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None]
)
"""A file part: its content, or a tuple that names the file (and its content type) too."""


def _is_content(value: Any) -> bool:
    return isinstance(value, (bytes, bytearray, memoryview)) or callable(
        getattr(value, "read", None)
    )


def _is_file(value: Any) -> bool:
    if isinstance(value, str) or _is_content(value):
        return True
    if not isinstance(value, tuple):
        return False
    parts = cast("tuple[object, ...]", value)
    if len(parts) not in (2, 3):
        return False
    names = (parts[0], *parts[2:])  # the file's name and its content type: text or None
    return _is_content(parts[1]) and all(
        item is None or isinstance(item, str) for item in names
    )


class Binary(Codec):
    """Binary content, kept as it is given (`File`)."""

    def holds(self, value: Any) -> bool:
        return _is_file(value)

    def decode(self, value: Any, path: str) -> Any:
        if not _is_file(value):
            raise ValidationError(
                path,
                "must be file content (bytes, a binary file, (filename, content) or"
                f" (filename, content, content_type), or a str), got {describe(value)}",
            )
        return value
