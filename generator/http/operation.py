"""What a generated module says about each operation: plain frozen descriptors.

A generated tag module holds one `Operation` constant per operation; the client compiles it
into a `Plan` (see `plan.py`) the first time it is called, so that nothing that does not vary
between calls is worked out twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from ..runtime import Codec

if TYPE_CHECKING:
    from .plan import Plan

__all__ = ["Body", "Media", "Operation", "Param", "PartEncoding", "Reply"]

Location = Literal["path", "query", "header", "cookie", "querystring"]


@dataclass(frozen=True)
class Param:
    """A parameter: where it goes and how its value is written.

    `style` and `explode` are OpenAPI's (None: the default for the location). A parameter
    described with `content` names its media type in `content_type`; its value is then
    written in that media type (JSON for `application/json`) instead of by style.
    `querystring` (OpenAPI 3.2) is the whole query string, written from `content_type`.
    """

    wire_name: str
    location: Location
    codec: Codec
    _: KW_ONLY
    style: str | None = None
    explode: bool | None = None
    allow_reserved: bool = False
    content_type: str | None = None


@dataclass(frozen=True)
class PartEncoding:
    """OpenAPI's Encoding Object for one property of a form or multipart body.

    `headers` are fixed headers of the part (multipart only).
    """

    content_type: str | None = None
    style: str | None = None
    explode: bool | None = None
    allow_reserved: bool = False
    headers: Mapping[str, str] = field(default_factory=dict[str, str])


@dataclass(frozen=True)
class Media:
    """One media type of a body or a reply, with the codec of its value.

    `codec` is None where the value is raw (bytes, a file, text). For a streamed reply
    (`text/event-stream`, JSON lines) it is the codec of one item.
    """

    content_type: str
    codec: Codec | None = None
    encoding: Mapping[str, PartEncoding] = field(
        default_factory=dict[str, PartEncoding]
    )


@dataclass(frozen=True)
class Body:
    """The request body: its media types in the description's order (the first is the default)."""

    media: tuple[Media, ...]
    required: bool = False


@dataclass(frozen=True)
class Reply:
    """A documented response: media type (or range) to media; `error` for non-2xx ones.

    `stream` says the body is a stream of items: `"sse"` (`text/event-stream`) or `"jsonl"`
    (JSON lines). For `"sse"`, the item codec decodes each event's `data` (JSON, or the text
    when it is not JSON) unless `sse_events` is True: then it decodes each whole event, an
    object with `event`, `data`, `id` and `retry`, as OpenAPI 3.2's `itemSchema` describes it.
    """

    media: Mapping[str, Media] = field(default_factory=dict[str, Media])
    error: bool = False
    stream: Literal["sse", "jsonl"] | None = None
    sse_events: bool = False


@dataclass(frozen=True, eq=False)
class Operation:
    """One operation: a generated module-level constant that the client's `call` takes.

    `params` are in the order of the values the generated method passes; `replies` are keyed
    by status as the description writes them (`"200"`, `"2XX"`, `"default"`); `security`
    holds the alternatives of scheme names (`()`: none needed; an empty alternative makes
    credentials optional).
    """

    method: str
    path: str
    params: tuple[Param, ...] = ()
    body: Body | None = None
    replies: Mapping[str, Reply] = field(default_factory=dict[str, Reply])
    security: tuple[tuple[str, ...], ...] = ()
    name: str = ""

    @cached_property
    def plan(self) -> Plan:
        """What does not vary between calls, worked out on the first call."""
        from .plan import compile_plan

        return compile_plan(self)
