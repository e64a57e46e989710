"""Streamed replies: server-sent events and JSON lines as iterators of decoded items.

`SSEDecoder` parses `text/event-stream` as the WHATWG HTML standard says (section 9.2.6):
lines end with CRLF, LF or CR; a line starting with `:` is a comment; `field: value` loses
one space after the colon; `data` lines are joined with LF; an empty line dispatches the
event (none when no data came); `id` persists across events (not if it contains NUL); `retry`
counts only when it is all ASCII digits; an event cut off by the end of the stream is
dropped. `JsonLinesDecoder` reads JSON lines (`application/jsonl`, `application/x-ndjson`).
`Stream` and `AsyncStream` decode each item with the reply's codec and close the response
when done; both are context managers.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, TypeVar

import httpx

from ..runtime import ValidationError
from .errors import ResponseDecodeError
from .operation import Media

__all__ = [
    "AsyncStream",
    "ItemReader",
    "JsonLinesDecoder",
    "SSEDecoder",
    "ServerSentEvent",
    "Stream",
]

T = TypeVar("T")

_LINE_END = re.compile(rb"\r\n|\r|\n")


@dataclass(frozen=True)
class ServerSentEvent:
    """One event: its type (`message` unless named), data, last event ID and retry time."""

    event: str = "message"
    data: str = ""
    id: str = ""
    retry: int | None = None

    def json(self) -> Any:
        return json.loads(self.data)


class _Lines:
    """Bytes to lines at CRLF, LF or CR, a CRLF split between two chunks included."""

    def __init__(self) -> None:
        self.buffer = b""

    def feed(self, chunk: bytes) -> list[bytes]:
        buffer = self.buffer + chunk
        lines: list[bytes] = []
        start = 0
        for match in _LINE_END.finditer(buffer):
            if match.group() == b"\r" and match.end() == len(buffer):
                break  # maybe the first half of a CRLF: wait for the next chunk
            lines.append(buffer[start : match.start()])
            start = match.end()
        self.buffer = buffer[start:]
        return lines

    def finish(self) -> list[bytes]:
        """At the end: a last CR held back is a line end; text without one is dropped."""
        rest, self.buffer = self.buffer, b""
        return [rest[:-1]] if rest.endswith(b"\r") else []


class SSEDecoder:
    """Incremental `text/event-stream` parser: bytes in, events out."""

    def __init__(self) -> None:
        self._lines = _Lines()
        self._first = True
        self._data: list[str] = []
        self._event = ""
        self.last_event_id = ""
        self.retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        return self._lines_to_events(self._lines.feed(chunk))

    def finish(self) -> list[ServerSentEvent]:
        """The events the end of the stream completes (a last line ended by CR)."""
        return self._lines_to_events(self._lines.finish())

    def _lines_to_events(self, lines: list[bytes]) -> list[ServerSentEvent]:
        events: list[ServerSentEvent] = []
        for raw in lines:
            line = raw.decode("utf-8", errors="replace")
            if self._first:
                self._first = False
                line = line.removeprefix("\ufeff")
            event = self.line(line)
            if event is not None:
                events.append(event)
        return events

    def line(self, line: str) -> ServerSentEvent | None:
        """Process one line; the event an empty line dispatches, if any."""
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self.last_event_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self.retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        if not self._data:
            self._event = ""
            return None
        event = ServerSentEvent(
            event=self._event or "message",
            data="\n".join(self._data),
            id=self.last_event_id,
            retry=self.retry,
        )
        self._data = []
        self._event = ""
        return event


class JsonLinesDecoder:
    """JSON lines: a JSON value per line; blank lines skipped; the last may lack its LF."""

    def __init__(self) -> None:
        self.buffer = b""

    def feed(self, chunk: bytes) -> list[Any]:
        lines = (self.buffer + chunk).split(b"\n")
        self.buffer = lines.pop()
        return [json.loads(line) for line in lines if line.strip()]

    def finish(self) -> list[Any]:
        rest, self.buffer = self.buffer, b""
        return [json.loads(rest)] if rest.strip() else []


class ItemReader:
    """Bytes of a streamed reply to decoded items (no I/O: the streams feed it)."""

    def __init__(
        self, operation: str, status: int, media: Media, kind: str, whole_events: bool
    ) -> None:
        self.operation = operation
        self.status = status
        self.codec = media.codec
        self.whole_events = whole_events
        self.sse = SSEDecoder() if kind == "sse" else None
        self.jsonl = JsonLinesDecoder() if kind != "sse" else None
        self.done = False
        self.count = 0

    def feed(self, chunk: bytes) -> list[Any]:
        try:
            if self.jsonl is not None:
                return [self._item(value) for value in self.jsonl.feed(chunk)]
            assert self.sse is not None
            return self._events(self.sse.feed(chunk))
        except ValueError as error:  # JSON that does not parse
            raise self._error("", f"is not valid JSON ({error})") from None

    def finish(self) -> list[Any]:
        if self.done:
            return []
        if self.sse is not None:
            return self._events(self.sse.finish())
        assert self.jsonl is not None
        try:
            return [self._item(value) for value in self.jsonl.finish()]
        except ValueError as error:
            raise self._error("", f"is not valid JSON ({error})") from None

    def _events(self, events: list[ServerSentEvent]) -> list[Any]:
        items: list[Any] = []
        for event in events:
            if self.whole_events:
                value: Any = {"event": event.event, "data": event.data, "id": event.id}
                if event.retry is not None:
                    value["retry"] = event.retry
                items.append(self._item(value))
                continue
            if event.data == "[DONE]":  # the end marker of OpenAI-style streams
                self.done = True
                break
            try:
                value = json.loads(event.data)
            except ValueError:
                value = event.data
            items.append(self._item(value, event.data))
        return items

    def _item(self, value: Any, text: str | None = None) -> Any:
        index = self.count
        self.count += 1
        if self.codec is None:
            return value
        try:
            return self.codec.decode(value, "")
        except ValidationError as error:
            if text is not None and not isinstance(value, str):
                try:  # JSON-looking text where the item is a string
                    return self.codec.decode(text, "")
                except ValidationError:
                    pass
            raise self._error(error.path, f"item {index}: {error}") from None

    def _error(self, path: str, problem: str) -> ResponseDecodeError:
        return ResponseDecodeError(
            f"{self.operation}: an item of the {self.status} stream does not decode: {problem}",
            response=None,
            operation=self.operation,
            status_code=self.status,
            path=path,
        )


class Stream(Generic[T]):
    """The items of a streamed reply, decoded as they arrive; closes the response at the end."""

    def __init__(
        self, response: httpx.Response, reader: Callable[[], ItemReader]
    ) -> None:
        self.response = response
        self._iterator = self._items(reader())

    def _items(self, reader: ItemReader) -> Generator[T, None, None]:
        try:
            for chunk in self.response.iter_bytes():
                yield from reader.feed(chunk)
                if reader.done:
                    return
            yield from reader.finish()
        finally:
            self.response.close()

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        return next(self._iterator)

    def close(self) -> None:
        """Stop reading and close the response."""
        self._iterator.close()
        self.response.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncStream(Generic[T]):
    """The async twin of `Stream`: `async for item in stream`."""

    def __init__(
        self, response: httpx.Response, reader: Callable[[], ItemReader]
    ) -> None:
        self.response = response
        self._iterator = self._items(reader())

    async def _items(self, reader: ItemReader) -> AsyncGenerator[T, None]:
        try:
            async for chunk in self.response.aiter_bytes():
                for item in reader.feed(chunk):
                    yield item
                if reader.done:
                    return
            for item in reader.finish():
                yield item
        finally:
            await self.response.aclose()

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    async def aclose(self) -> None:
        """Stop reading and close the response."""
        await self._iterator.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
