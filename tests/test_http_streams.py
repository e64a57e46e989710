"""Server-sent events (parsed as the WHATWG standard says) and JSON lines, as item streams."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from http_support import PET, HttpPet, Recorder, answer, async_client, client, get

from openapi_dataclasses import http as oh
from openapi_dataclasses import runtime as rt
from openapi_dataclasses.http.streams import JsonLinesDecoder, ServerSentEvent, SSEDecoder

SSE = "text/event-stream"


def events(text: str | bytes, chunk: int | None = None) -> list[ServerSentEvent]:
    data = text.encode() if isinstance(text, str) else text
    decoder = SSEDecoder()
    size = chunk or len(data) or 1
    found: list[ServerSentEvent] = []
    for start in range(0, len(data), size):
        found += decoder.feed(data[start : start + size])
    return found + decoder.finish()


def test_data_lines_are_joined_and_an_empty_line_dispatches() -> None:
    assert events("data: one\ndata: two\n\ndata:three\n\n") == [
        ServerSentEvent(data="one\ntwo"),
        ServerSentEvent(data="three"),
    ]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_every_line_ending(ending: str) -> None:
    text = f"event: add{ending}data: x{ending}{ending}data: y{ending}{ending}"
    assert events(text) == [ServerSentEvent(event="add", data="x"), ServerSentEvent(data="y")]
    assert events(text, chunk=1) == events(text)


def test_a_crlf_split_between_chunks_is_one_line_end() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\r") == []
    assert decoder.feed(b"\n\r") == []
    assert decoder.feed(b"\n") == [ServerSentEvent(data="a")]
    assert decoder.feed(b"data: b\r\r") == []  # the last CR may be half a CRLF
    assert decoder.finish() == [ServerSentEvent(data="b")]  # the end says it is not


def test_comments_unknown_fields_and_the_one_space_after_the_colon() -> None:
    text = ": a comment\nfoo: bar\ndata:  two spaces\ndata\ndata:\n\n"
    assert events(text) == [ServerSentEvent(data=" two spaces\n\n")]


def test_no_data_no_event_and_the_event_type_resets() -> None:
    assert events("event: ping\n\ndata: x\n\n") == [ServerSentEvent(event="message", data="x")]


def test_id_persists_and_retry_must_be_digits() -> None:
    text = "id: 7\nretry: 1500\ndata: a\n\ndata: b\n\nid: bad\0id\nretry: 2s\ndata: c\n\nid\ndata: d\n\n"
    assert events(text) == [
        ServerSentEvent(data="a", id="7", retry=1500),
        ServerSentEvent(data="b", id="7", retry=1500),
        ServerSentEvent(data="c", id="7", retry=1500),
        ServerSentEvent(data="d", id="", retry=1500),
    ]


def test_a_leading_bom_is_dropped_and_bad_utf8_replaced() -> None:
    assert events(b"\xef\xbb\xbfdata: \xc3\xa9\xff\n\n") == [ServerSentEvent(data="é\ufffd")]


def test_an_event_cut_off_by_the_end_is_dropped() -> None:
    assert events("data: done\n\ndata: cut") == [ServerSentEvent(data="done")]
    assert events("data: unterminated\n") == []


def test_json_lines() -> None:
    decoder = JsonLinesDecoder()
    assert decoder.feed(b'{"a": 1}\n\n{"a"') == [{"a": 1}]
    assert decoder.feed(b": 2}\r\n[3]") == [{"a": 2}]
    assert decoder.finish() == [[3]]


def sse_operation(codec: rt.Codec | None = PET, whole_events: bool = False) -> oh.Operation:
    reply = oh.Reply({SSE: oh.Media(SSE, codec)}, stream="sse", sse_events=whole_events)
    return get(replies={"200": reply, "4XX": oh.Reply(error=True)}, name="watchPets")


class Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that arrives in chunks of 7 bytes, for the sync and the async client."""

    def __init__(self, body: bytes) -> None:
        self.chunks = [body[start : start + 7] for start in range(0, len(body), 7)]

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk


def streamed(body: bytes, content_type: str = SSE) -> Recorder:
    def answer_stream(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Chunks(body), headers={"content-type": content_type})

    return Recorder(answer_stream)


def test_an_event_stream_yields_decoded_items_and_closes_at_the_end() -> None:
    body = b'data: {"name": "Rex"}\n\n: keep-alive\n\ndata: {"name": "Fido",\ndata: "age": 3}\n\n'
    stream = client(streamed(body)).call(sse_operation(), ())
    assert isinstance(stream, oh.Stream)
    assert not stream.response.is_closed
    assert list(stream) == [HttpPet(name="Rex"), HttpPet(name="Fido", age=3)]
    assert stream.response.is_closed


def test_the_done_marker_ends_the_stream_and_text_items_stay_text() -> None:
    body = b"data: hello\n\ndata: 42\n\ndata: [DONE]\n\ndata: never\n\n"
    stream = client(streamed(body)).call(sse_operation(rt.Str()), ())
    assert list(stream) == ["hello", "42"]


def test_whole_events_are_decoded_when_the_item_is_the_event() -> None:
    @rt.model
    class HttpEvent(rt.Model):
        event: str = rt.field("event", rt.Str())
        data: str = rt.field("data", rt.Str())
        id: str = rt.field("id", rt.Str())

    body = b'event: added\nid: 1\ndata: {"x": 1}\n\n'
    stream = client(streamed(body)).call(
        sse_operation(rt.Nested("HttpEvent"), whole_events=True), ()
    )
    assert list(stream) == [HttpEvent(event="added", data='{"x": 1}', id="1")]


def test_an_item_that_does_not_decode_raises_with_its_place() -> None:
    body = b'data: {"name": "Rex"}\n\ndata: {"name": 5}\n\n'
    stream = client(streamed(body)).call(sse_operation(), ())
    assert next(stream) == HttpPet(name="Rex")
    with pytest.raises(oh.ResponseDecodeError) as raised:
        next(stream)
    assert raised.value.path == "name"
    assert "watchPets: an item of the 200 stream does not decode: item 1: name:" in str(
        raised.value
    )
    assert stream.response.is_closed


def test_json_lines_streams() -> None:
    reply = oh.Reply(
        {"application/x-ndjson": oh.Media("application/x-ndjson", PET)}, stream="jsonl"
    )
    body = b'{"name": "A"}\n{"name": "B"}\n{"name": "C"}'
    stream = client(streamed(body, "application/x-ndjson")).call(get(replies={"200": reply}), ())
    assert [pet.name for pet in stream] == ["A", "B", "C"]


def test_closing_a_stream_early_closes_the_response() -> None:
    sent: list[int] = []

    def endless() -> Iterator[bytes]:
        for number in range(1000):
            sent.append(number)
            yield b'data: {"name": "pet"}\n\n'

    recorder = Recorder(
        lambda request: httpx.Response(200, content=endless(), headers={"content-type": SSE})
    )
    with client(recorder).call(sse_operation(), ()) as stream:
        assert next(stream) == HttpPet(name="pet")
    assert stream.response.is_closed
    assert len(sent) < 1000


def test_an_error_status_on_a_stream_operation_is_read_and_raised() -> None:
    recorder = Recorder(answer(404, {"message": "no such feed"}))
    with pytest.raises(oh.NotFoundError) as raised:
        client(recorder).call(sse_operation(), ())
    assert raised.value.body == {"message": "no such feed"}


def test_a_stream_reply_in_another_content_type_is_an_error() -> None:
    with pytest.raises(
        oh.ResponseDecodeError, match="Content-Type application/json is not the documented"
    ):
        client(Recorder(answer(200, {"name": "x"}))).call(sse_operation(), ())


def test_raw_response_of_a_stream_parses_to_the_stream() -> None:
    body = b'data: {"name": "Rex"}\n\n'
    api = client(streamed(body))
    raw = oh.to_raw_response_wrapper(api.call)(sse_operation(), ())
    assert raw.status_code == 200
    assert list(raw.parse()) == [HttpPet(name="Rex")]


def test_the_async_stream() -> None:
    body = b'data: {"name": "Rex"}\n\ndata: {"name": "Fido"}\n\n'

    async def main() -> list[HttpPet]:
        async with async_client(streamed(body)) as api:
            stream = await api.call(sse_operation(), ())
            assert isinstance(stream, oh.AsyncStream)
            async with stream:
                items = [item async for item in stream]
            assert stream.response.is_closed
            return items

    assert asyncio.run(main()) == [HttpPet(name="Rex"), HttpPet(name="Fido")]
