"""Request bodies: a value and its media type turned into what httpx sends.

JSON (`application/json`, `+json`), `application/x-www-form-urlencoded`, `multipart/*`, text
(`text/*`) and everything else as binary. A model instance is written with `to_dict`; wire
data given where the media has a codec is validated first (`codec.decode`), so that a wrong
payload raises the runtime's `ValidationError` before anything is sent. Bytes, file objects
and iterators of bytes are sent as they are whatever the media type.
"""

from __future__ import annotations

import io
import mimetypes
import os
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any, cast
from urllib.parse import quote_plus

import httpx

from ..runtime import Codec, Model
from .operation import Media, PartEncoding
from .params import (
    as_dict,
    as_list,
    compact_json,
    form_pairs,
    is_json_type,
    media_type,
    text,
)

__all__ = ["FileContent", "FileTuple", "Payload", "Upload", "encode_body", "wire_value"]

# What a multipart file part may be given as: bytes, a binary file object, or a tuple
# `(filename, content)` / `(filename, content, content_type)` /
# `(filename, content, content_type, headers)`.
FileContent = bytes | IO[bytes]
FileTuple = (
    tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None]
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
_Part = tuple[str | None, FileContent, str | None, Mapping[str, str]]

_CHUNK = 64 * 1024


@dataclass
class Payload:
    """The body of one request, ready for httpx.

    `content` (bytes) or `files` (multipart parts) or `stream` (an upload read as it is sent);
    `headers` are the ones the body sets (Content-Type, and Content-Length for a stream).
    `replayable` is False when the body cannot be sent twice (an iterator): no retries then.
    `content_type`, when given, replaces the Content-Type httpx wrote.
    """

    content: bytes | None = None
    files: list[tuple[str, _Part]] | None = None
    stream: Upload | None = None
    headers: dict[str, str] = field(default_factory=dict[str, str])
    replayable: bool = True
    content_type: str | None = None


def wire_value(codec: Codec | None, value: Any, path: str = "") -> Any:
    """`value` as JSON-like data: models via `to_dict`, wire data validated first."""
    if isinstance(value, Model):
        return value.to_dict()
    if codec is None:
        return value
    if codec.holds(value):
        return codec.encode(value)
    return codec.encode(codec.decode(_models_written(value), path))


def _models_written(value: Any) -> Any:
    """Wire data with the models inside it written as theirs (a list of models and dicts)."""
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, tuple):
        value = list(cast("tuple[object, ...]", value))
    array, members = as_list(value), as_dict(value)
    if array is not None:
        return [_models_written(item) for item in array]
    if members is not None:
        return {key: _models_written(item) for key, item in members.items()}
    return value


def _binary(value: object) -> bytes | None:
    """`value` as bytes if it is bytes, a bytearray or a memoryview."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(cast("bytes", value))
    return None


def _one_file_of_a_form(value: object, content_type: str) -> bool:
    file_like = _binary(value) is not None or hasattr(value, "read")
    return (
        media_type(content_type) == "multipart/form-data"
        and "boundary=" not in content_type
        and (file_like or isinstance(value, tuple))
    )


def encode_body(media: Media, content_type: str, value: Any) -> Payload:
    """The payload of `value` sent as `content_type` (one of `media`'s, or within its range)."""
    if _one_file_of_a_form(value, content_type):
        # A multipart body whose schema is a file itself (Jira's attachments: `type: string,
        # format: binary`) names no part: the file is sent as one part named "file", as such
        # APIs read it. (Sent as it is, it would be a form without a boundary, which no server
        # can read.)
        return _multipart(media, content_type, {"file": value})
    raw = _raw(value, content_type)
    if raw is not None:
        return raw
    mime = media_type(content_type)
    if "*" in mime:  # a range: data is sent as JSON
        content_type = mime = "application/json"
    if is_json_type(mime):
        data = compact_json(wire_value(media.codec, value)).encode()
        return Payload(data, headers={"Content-Type": content_type})
    if mime == "application/x-www-form-urlencoded":
        form = _form(_object(media, value), media.encoding)
        return Payload(form.encode(), headers={"Content-Type": content_type})
    if mime.startswith("multipart/"):
        return _multipart(media, content_type, _object(media, value))
    if isinstance(value, str):
        return Payload(value.encode(), headers={"Content-Type": content_type})
    if mime.startswith("text/") and as_list(value) is None and as_dict(value) is None:
        written = text(wire_value(media.codec, value))
        return Payload(written.encode(), headers={"Content-Type": content_type})
    raise TypeError(
        f"a {content_type} body must be bytes, a str, a binary file or an iterator of"
        f" bytes, not {type(value).__name__}"
    )


def _raw(value: Any, content_type: str) -> Payload | None:
    """Bytes, files and iterators, sent as they are."""
    if "*" in content_type:
        content_type = _guessed_type(value)
    headers = {"Content-Type": content_type}
    binary = _binary(value)
    if binary is not None:
        return Payload(binary, headers=headers)
    if isinstance(value, (str, dict, list, tuple, Model)) or value is None:
        return None
    if hasattr(value, "read") or isinstance(value, (Iterable, AsyncIterable)):
        upload = Upload(value)
        length = upload.length()
        if length is None:
            headers["Transfer-Encoding"] = "chunked"
        else:
            headers["Content-Length"] = str(length)
        return Payload(stream=upload, headers=headers, replayable=upload.replayable)
    return None


def _guessed_type(value: Any) -> str:
    name = getattr(value, "name", None)
    guessed = mimetypes.guess_type(str(name))[0] if isinstance(name, str) else None
    return guessed or "application/octet-stream"


def _object(media: Media, value: Any) -> dict[str, Any]:
    data = as_dict(wire_value(media.codec, value))
    if data is None:
        raise TypeError(
            f"a {media.content_type} body must be an object, not {type(value).__name__}"
        )
    return data


def _form_text(value: str) -> str:
    return quote_plus(value, safe="")


def _form(data: dict[str, Any], encoding: Mapping[str, PartEncoding]) -> str:
    """`application/x-www-form-urlencoded`: each property as its Encoding Object says.

    With `style`, `explode` or `allowReserved` given, the property is written as a query
    parameter of that style; otherwise by content type: objects as JSON, arrays as one pair
    per item, other values as text.
    """
    pairs: list[str] = []
    for key, value in data.items():
        if value is None:
            continue
        how = encoding.get(key)
        name = _form_text(key)
        if how is not None and (
            how.style or how.explode is not None or how.allow_reserved
        ):
            style = how.style or "form"
            explode = how.explode if how.explode is not None else style == "form"
            form_pairs(name, value, style, explode, pairs, _form_text)
            continue
        json_type = (
            how is not None and how.content_type and is_json_type(how.content_type)
        )
        array = as_list(value)
        items: list[Any] = array if array is not None and not json_type else [value]
        for item in items:
            as_json = (
                json_type or as_list(item) is not None or as_dict(item) is not None
            )
            data_text = compact_json(item) if as_json else text(item)
            pairs.append(f"{name}={_form_text(data_text)}")
    return "&".join(pairs)


def _multipart(media: Media, content_type: str, data: dict[str, Any]) -> Payload:
    """`multipart/*`: a part per property, or per item of an array property.

    Files (bytes, binary file objects, tuples) are file parts; objects are JSON parts;
    other values text parts; the Encoding Object's `contentType` and `headers` apply.
    """
    parts: list[tuple[str, _Part]] = []
    replayable = True
    for key, value in data.items():
        if value is None:
            continue
        how = media.encoding.get(key, _NO_ENCODING)
        items = as_list(value) or [value]
        for item in items:
            part = _part(key, item, how)
            replayable = replayable and _seekable(part[1])
            parts.append((key, part))
    mime = media_type(content_type)
    if mime == "multipart/form-data" and "boundary=" not in content_type:
        return Payload(files=parts, replayable=replayable)  # httpx writes the header
    # httpx takes the boundary from a form-data Content-Type; the real one is set after.
    quoted = content_type.partition("boundary=")[2]
    # Its quotes, if any: "\x22" rather than '"', so that generating needn't run Black here.
    boundary = quoted.strip("\x22") or os.urandom(16).hex()
    return Payload(
        files=parts,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        replayable=replayable,
        content_type=f"{mime}; boundary={boundary}",
    )


_NO_ENCODING = PartEncoding()


def _part(key: str, item: Any, how: PartEncoding) -> _Part:
    declared = how.content_type
    if declared is not None and ("*" in declared or "," in declared):
        declared = None  # a range or a list of types: the value's own type decides
    headers = dict(how.headers)
    if isinstance(item, tuple):
        given = cast("tuple[object, ...]", item)
        filename = cast("str | None", given[0])
        content = cast(FileContent, given[1])
        part_type = cast("str | None", given[2]) if len(given) > 2 else declared
        if len(given) > 3:
            headers.update(cast("Mapping[str, str]", given[3]))
        return (filename, content, part_type, headers)
    binary = _binary(item)
    if binary is not None:
        return (key, binary, declared or "application/octet-stream", headers)
    if hasattr(item, "read"):
        name = getattr(item, "name", None)
        filename = PurePath(name).name if isinstance(name, str) else key
        return (filename, item, declared or _guessed_type(item), headers)
    if (declared is not None and is_json_type(declared)) or isinstance(
        item, (dict, list)
    ):
        return (
            None,
            compact_json(item).encode(),
            declared or "application/json",
            headers,
        )
    return (None, text(item).encode(), declared, headers)


def _seekable(content: FileContent) -> bool:
    if isinstance(content, bytes):
        return True
    seekable = getattr(content, "seekable", None)
    return bool(seekable()) if callable(seekable) else False


class Upload(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A raw body read as it is sent: a binary file object, or an iterator of bytes.

    A seekable file starts over from where it stood at each sending, so the request can be
    retried; an iterator can be read once. A sync iterator may be sent by the async client
    (read in the event loop's thread); an async iterator only by the async client.
    """

    def __init__(self, source: Any) -> None:
        self.source = source
        self.start: int | None = None
        if hasattr(source, "read") and _seekable(source):
            self.start = source.tell()
        self.replayable = self.start is not None
        self.async_only = not hasattr(source, "read") and not isinstance(
            source, Iterable
        )

    def length(self) -> int | None:
        if self.start is None:
            return None
        end = self.source.seek(0, io.SEEK_END)
        self.source.seek(self.start)
        return int(end) - self.start

    def __iter__(self) -> Iterator[bytes]:
        source = self.source
        if hasattr(source, "read"):
            if self.start is not None:
                source.seek(self.start)
            chunk = source.read(_CHUNK)
            while chunk:
                yield _as_bytes(chunk)
                chunk = source.read(_CHUNK)
        elif isinstance(source, Iterable):
            for chunk in cast("Iterable[object]", source):
                yield _as_bytes(chunk)
        else:
            raise TypeError(
                "an async iterator body can only be sent by the async client"
            )

    async def __aiter__(self) -> AsyncIterator[bytes]:
        source = self.source
        if isinstance(source, AsyncIterable):
            async for chunk in cast("AsyncIterable[object]", source):
                yield _as_bytes(chunk)
        else:
            for chunk in self:
                yield chunk


def _as_bytes(chunk: object) -> bytes:
    if isinstance(chunk, str):
        return chunk.encode()
    return _binary(chunk) or b""
