"""Replies: the documented reply for a status, its media for a Content-Type, and decoding.

The reply is chosen by exact status, then range (`2XX`), then `default`; its media by the
response's Content-Type: exact, then `type/*`, then `*/*` (a reply with one media type takes
an answer without Content-Type as that one, JSON answers match any JSON media, and a reply
that documents only JSON takes any body that parses as JSON, whatever its label). JSON is
decoded with the media's codec, text is `str`, anything else `bytes`; a reply without media
decodes to None. Nothing falls back to a silent None: an undocumented status, an undocumented
Content-Type or a body that does not decode raise errors that say what came.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from ..runtime import Codec, Model, Str, ValidationError
from .errors import (
    ApiStatusError,
    ResponseDecodeError,
    UnexpectedStatusError,
    status_error_class,
)
from .operation import Media, Reply
from .params import is_json_type, is_text_type, media_type

__all__ = ["ReplyPlan", "ReplyTable", "mime_of"]

_SNIPPET = 300


def mime_of(response: httpx.Response) -> str:
    """The response's media type, lower case, without parameters ('' when absent)."""
    return media_type(response.headers.get("content-type", ""))


# Reads a success reply's body: (operation name, response, method) to the value.
Decoder = Callable[[str, httpx.Response, str], Any]
_DECODERS_KEPT = 32  # Content-Type spellings remembered per reply


class ReplyPlan:
    """One documented reply, with its media looked up by type.

    `decode` reads a success body; the decoder for each spelling of the Content-Type header
    is worked out once and kept.
    """

    __slots__ = (
        "anything",
        "decoders",
        "error",
        "exact",
        "json",
        "key",
        "only",
        "ranges",
        "reply",
        "sole_json",
        "stream",
    )

    def __init__(self, key: str, reply: Reply) -> None:
        self.key = key
        self.reply = reply
        self.error = reply.error
        self.stream = reply.stream
        self.exact: dict[str, Media] = {}
        self.ranges: dict[str, Media] = {}
        self.anything: Media | None = None
        self.json: Media | None = None
        for content_type, media in reply.media.items():
            mime = media_type(content_type)
            if mime in ("*/*", "*"):
                self.anything = media
            elif mime.endswith("/*"):
                self.ranges[mime[:-2]] = media
            else:
                self.exact[mime] = media
                if self.json is None and is_json_type(mime):
                    self.json = media
        self.only = next(iter(reply.media.values())) if len(reply.media) == 1 else None
        self.decoders: dict[str, Decoder] = {}
        # The one media of a reply that documents only JSON: its body is read as JSON
        # without looking at the Content-Type (servers mislabel JSON); only a body that is
        # not JSON goes by the header, for the error to say what came.
        sole = self.only if self.only is not None and self.exact else None
        self.sole_json = sole if sole is not None and sole is self.json else None

    def media_for(self, mime: str) -> Media | None:
        found = self.exact.get(mime)
        if found is not None:
            return found
        if not mime:
            return self.only
        found = self.ranges.get(mime.partition("/")[0])
        if found is not None:
            return found
        if self.anything is not None:
            return self.anything
        return self.json if is_json_type(mime) else None

    def documented(self) -> str:
        return ", ".join(self.reply.media) or "no content"

    def decode(self, operation: str, response: httpx.Response, method: str) -> Any:
        """The value of a success reply (None for a reply without content)."""
        sole = self.sole_json
        if sole is not None and response.content:
            try:
                data = json.loads(response.content)
            except ValueError:
                pass  # not JSON: the Content-Type decides what the error says
            else:
                if sole.codec is None:
                    return data
                return _decoded(sole.codec, data, operation, response)
        header: str = response.headers.get("content-type", "")
        decoder = self.decoders.get(header)
        if decoder is None:
            decoder = self._decoder(media_type(header))
            if len(self.decoders) < _DECODERS_KEPT:
                self.decoders[header] = decoder
        return decoder(operation, response, method)

    def _decoder(self, mime: str) -> Decoder:
        if not self.reply.media:
            return _no_content
        media = self.media_for(mime)
        if media is None:
            problem = (
                f"its Content-Type {mime or '(none)'} is not documented"
                f" for {self.key} ({self.documented()})"
            )
            return _refused(problem)
        read = _reader(media, mime)
        documented = self.documented()

        def decoder(operation: str, response: httpx.Response, method: str) -> Any:
            if response.content:
                return read(operation, response)
            if method == "HEAD" or response.status_code in (204, 205, 304):
                return None
            problem = f"it is empty, where {documented} was documented"
            raise _decode_error(operation, response, "", problem)

        return decoder


def _no_content(operation: str, response: httpx.Response, method: str) -> None:
    return None


def _refused(problem: str) -> Decoder:
    def refuse(operation: str, response: httpx.Response, method: str) -> Any:
        raise _decode_error(operation, response, "", problem)

    return refuse


def _reader(media: Media, mime: str) -> Callable[[str, httpx.Response], Any]:
    """How the body of `media` becomes its value, as the generated method's type says: JSON
    for a JSON type or a media with a codec (a `*/*` with a schema: whatever the answer's
    label, but a string's schema answered as text is that text), text for text types, bytes
    for the rest. `mime` is what the answer was labelled.
    """
    documented = media_type(media.content_type)
    codec = media.codec
    if isinstance(codec, Str) and "*" in documented and is_text_type(mime):
        # A range whose schema is a string's, answered as text: the text is the string.
        string_codec = codec

        def read_string(operation: str, response: httpx.Response) -> Any:
            return _decoded(string_codec, response.text, operation, response)

        return read_string
    if codec is not None or is_json_type(documented):

        def read_json(operation: str, response: httpx.Response) -> Any:
            try:
                data = json.loads(response.content)
            except ValueError as error:
                problem = f"it is not valid JSON ({error})"
                if mime and not is_json_type(mime):
                    problem += f"; it came as {mime}, documented as {documented}"
                raise _decode_error(operation, response, "", problem) from None
            if codec is None:
                return data
            return _decoded(codec, data, operation, response)

        return read_json
    if is_text_type(documented):
        return _read_text
    return _read_bytes


def _decoded(codec: Codec, data: Any, operation: str, response: httpx.Response) -> Any:
    """`data` through the reply's codec; a value it refuses is the call's decode error."""
    try:
        return codec.decode(data, "")
    except ValidationError as error:
        raise _decode_error(operation, response, error.path, str(error)) from None


def _read_text(operation: str, response: httpx.Response) -> str:
    return response.text


def _read_bytes(operation: str, response: httpx.Response) -> bytes:
    return response.content


class ReplyTable:
    """The replies of an operation, by exact status, range and default."""

    __slots__ = ("default", "exact", "keys", "plans", "ranges")

    def __init__(self, replies: Mapping[str, Reply]) -> None:
        self.exact: dict[int, ReplyPlan] = {}
        self.ranges: dict[int, ReplyPlan] = {}
        self.default: ReplyPlan | None = None
        self.keys = tuple(replies)
        self.plans = tuple(ReplyPlan(key, reply) for key, reply in replies.items())
        for plan in self.plans:
            key = plan.key
            spelled = key.strip().upper()
            if spelled == "DEFAULT":
                self.default = plan
            elif len(spelled) == 3 and spelled[0].isdigit() and spelled[1:] == "XX":
                self.ranges[int(spelled[0])] = plan
            elif spelled.isdigit():
                self.exact[int(spelled)] = plan
            else:
                raise ValueError(
                    f"{key!r} is not a status, a range like '2XX' or 'default'"
                )

    def choose(self, status: int) -> ReplyPlan | None:
        found = self.exact.get(status)
        if found is None:
            found = self.ranges.get(status // 100, self.default)
        return found

    def accept(self) -> str | None:
        """The Accept header: the success replies' media types, in order (None: none)."""
        types: list[str] = []
        for plan in self.plans:
            if not plan.reply.error and not plan.key.startswith(("4", "5")):
                types.extend(t for t in plan.reply.media if t not in types)
        return ", ".join(types) or None


def decode_media(
    operation: str, media: Media, mime: str, response: httpx.Response
) -> Any:
    """The body as `media` documents it: JSON through its codec, text, or bytes."""
    return _reader(media, mime)(operation, response)


def _decode_error(
    operation: str, response: httpx.Response, path: str, problem: str
) -> ResponseDecodeError:
    status = response.status_code
    return ResponseDecodeError(
        f"{operation}: the {status} answer does not decode: {problem}",
        response=response,
        operation=operation,
        status_code=status,
        path=path,
    )


def error_body(reply: ReplyPlan | None, response: httpx.Response) -> object:
    """An error's body: the documented type when it decodes, else JSON, else the text."""
    if not response.content:
        return None
    mime = mime_of(response)
    media = reply.media_for(mime) if reply is not None else None
    if media is not None:
        try:
            return decode_media("", media, mime, response)
        except ResponseDecodeError:
            pass
    if is_json_type(mime) or not mime:
        try:
            return json.loads(response.content)
        except ValueError:
            pass
    return response.text


def _snippet(body: object) -> str:
    if isinstance(body, Model):
        body = body.to_dict()
    if isinstance(body, bytes):
        shown = f"{len(body)} bytes"
    elif isinstance(body, str):
        shown = body
    else:
        shown = json.dumps(body, ensure_ascii=False, default=str)
    return shown if len(shown) <= _SNIPPET else shown[:_SNIPPET] + "..."


def status_error(
    operation: str, reply: ReplyPlan | None, response: httpx.Response
) -> ApiStatusError:
    """The error for an error status: the class of its status, with the decoded body."""
    body = error_body(reply, response)
    status = response.status_code
    message = f"{operation}: {status} {response.reason_phrase}"
    if body is not None:
        message += f": {_snippet(body)}"
    return status_error_class(status)(
        message, response=response, body=body, operation=operation
    )


def unexpected_status(
    operation: str, table: ReplyTable, response: httpx.Response
) -> UnexpectedStatusError:
    status = response.status_code
    body = error_body(None, response)
    documented = ", ".join(table.keys) or "none"
    message = (
        f"{operation}: {status} {response.reason_phrase} is not a documented answer"
        f" (documented: {documented})"
    )
    location = response.headers.get("location")
    if location is not None:
        message += f"; Location: {location}"
    elif body is not None:
        message += f": {_snippet(body)}"
    return UnexpectedStatusError(
        message, response=response, body=body, operation=operation
    )
