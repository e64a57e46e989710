"""Request bodies of every kind, as the server receives them (httpx.MockTransport)."""

from __future__ import annotations

import asyncio
import datetime
import email.parser
import email.policy
import io
import json
from collections.abc import AsyncIterator, Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from http_support import JSON, PET, HttpPet, Recorder, answer, async_client, client

from openapi_dataclasses import http as oh
from openapi_dataclasses import runtime as rt

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
BINARY = "application/octet-stream"


def post(*media: oh.Media, required: bool = True, method: str = "POST") -> oh.Operation:
    return oh.Operation(
        method,
        "/pets",
        body=oh.Body(media, required=required),
        replies={"200": oh.Reply()},
        name="addPet",
    )


def send(operation: oh.Operation, body: Any, **options: Any) -> Recorder:
    recorder = Recorder()
    client(recorder).call(operation, (), body, **options)
    return recorder


def parts(recorder: Recorder) -> list[EmailMessage]:
    """The parts of a multipart body, parsed by the standard library."""
    head = f"Content-Type: {recorder.last.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        head + recorder.bodies[-1]
    )
    assert isinstance(message, EmailMessage)
    return [part for part in message.iter_parts() if isinstance(part, EmailMessage)]


# -- JSON -----------------------------------------------------------------------------------


def test_a_model_is_sent_as_its_to_dict() -> None:
    recorder = send(post(oh.Media(JSON, PET)), HttpPet(name="Rex", tags=["a"]))
    assert recorder.last.headers["content-type"] == JSON
    assert json.loads(recorder.bodies[-1]) == {"name": "Rex", "tags": ["a"]}


def test_wire_data_is_validated_and_sent_as_the_model_writes_it() -> None:
    recorder = send(post(oh.Media(JSON, PET)), {"name": "Rex", "age": 3, "extra": [1]})
    assert json.loads(recorder.bodies[-1]) == {"name": "Rex", "age": 3, "extra": [1]}


def test_wrong_wire_data_raises_before_anything_is_sent() -> None:
    recorder = Recorder()
    with pytest.raises(rt.ValidationError) as raised:
        client(recorder).call(post(oh.Media(JSON, PET)), (), {"name": "Rex", "age": "three"})
    assert raised.value.path == "age"
    assert recorder.requests == []


def test_a_list_of_models_and_raw_json() -> None:
    many = send(post(oh.Media(JSON, rt.List(PET))), [HttpPet(name="A"), {"name": "B"}])
    assert json.loads(many.bodies[-1]) == [{"name": "A"}, {"name": "B"}]
    raw = send(post(oh.Media(JSON)), {"any": ["json", 1, None]})
    assert raw.bodies[-1] == b'{"any":["json",1,null]}'


def test_raw_json_may_hold_models_enum_members_and_dates() -> None:
    body = {
        "pet": HttpPet(name="Rex"),
        "size": HttpSizeForBody.LARGE,
        "on": datetime.date(2024, 5, 1),
        "at": datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.timezone.utc),
    }
    recorder = send(post(oh.Media(JSON)), body)
    assert json.loads(recorder.bodies[-1]) == {
        "pet": {"name": "Rex"},
        "size": "large",
        "on": "2024-05-01",
        "at": "2024-05-01T12:30:00+00:00",
    }
    with pytest.raises(TypeError, match="a set is not JSON data"):
        send(post(oh.Media(JSON)), {"tags": {"a"}})


class HttpSizeForBody(str, rt.OpenEnum):
    LARGE = "large"


def test_json_bodies_are_compact_utf8() -> None:
    recorder = send(post(oh.Media("application/merge-patch+json")), {"name": "Zoë"})
    assert recorder.bodies[-1] == '{"name":"Zoë"}'.encode()
    assert recorder.last.headers["content-type"] == "application/merge-patch+json"


def test_bytes_are_sent_as_they_are_whatever_the_type() -> None:
    recorder = send(post(oh.Media(JSON, PET)), b'{"name":"pre-encoded"}')
    assert recorder.bodies[-1] == b'{"name":"pre-encoded"}'


# -- which media type --------------------------------------------------------------------------


def test_the_first_media_type_is_the_default_and_the_caller_may_choose() -> None:
    operation = post(oh.Media(JSON, PET), oh.Media(FORM, PET))
    assert send(operation, HttpPet(name="Rex")).last.headers["content-type"] == JSON
    chosen = send(operation, HttpPet(name="Rex"), content_type=FORM)
    assert chosen.last.headers["content-type"] == FORM
    assert chosen.bodies[-1] == b"name=Rex"


def test_a_type_within_a_documented_range() -> None:
    operation = post(oh.Media("image/*"))
    recorder = send(operation, b"\x89PNG", content_type="image/png")
    assert recorder.last.headers["content-type"] == "image/png"
    guessed = send(operation, b"\x89PNG")
    assert guessed.last.headers["content-type"] == BINARY


def test_an_undocumented_type_is_refused() -> None:
    with pytest.raises(
        ValueError, match=r"does not take a text/csv body \(documented: application/json\)"
    ):
        send(post(oh.Media(JSON)), {}, content_type="text/csv")


def test_a_required_body_must_be_given_and_an_optional_one_may_not() -> None:
    with pytest.raises(TypeError, match="addPet needs a request body"):
        send(post(oh.Media(JSON)), oh.NO_BODY)
    recorder = send(post(oh.Media(JSON), required=False), oh.NO_BODY)
    assert recorder.bodies[-1] == b""
    assert "content-type" not in recorder.last.headers
    with pytest.raises(TypeError, match="takes no request body"):
        client(Recorder()).call(oh.Operation("GET", "/x", replies={"200": oh.Reply()}), (), {})


# -- application/x-www-form-urlencoded ---------------------------------------------------------


def test_form_bodies_write_arrays_as_repeated_pairs_and_objects_as_json() -> None:
    body = {"name": "Rex Jr", "tags": ["a+b", "c"], "owner": {"id": 1}, "gone": None}
    recorder = send(post(oh.Media(FORM)), body)
    assert recorder.bodies[-1] == b"name=Rex+Jr&tags=a%2Bb&tags=c&owner=%7B%22id%22%3A1%7D"


def test_form_encoding_objects_choose_style_or_content_type() -> None:
    encoding = {
        "filter": oh.PartEncoding(style="deepObject", explode=True),
        "ids": oh.PartEncoding(explode=False),
        "tags": oh.PartEncoding(content_type=JSON),
    }
    body = {"filter": {"kind": "dog"}, "ids": [1, 2], "tags": ["x"]}
    recorder = send(post(oh.Media(FORM, encoding=encoding)), body)
    assert recorder.bodies[-1] == (b"filter%5Bkind%5D=dog&ids=1,2&tags=%5B%22x%22%5D")


# -- multipart ---------------------------------------------------------------------------------


def test_multipart_text_file_and_json_parts(tmp_path: Path) -> None:
    photo = tmp_path / "rex.png"
    photo.write_bytes(b"\x89PNG-file")
    with photo.open("rb") as file:
        body = {
            "name": "Rex",
            "age": 3,
            "raw": b"\x00\x01",
            "photo": file,
            "doc": ("notes.txt", b"hello", "text/plain"),
            "meta": {"source": "test"},
            "tags": ["a", "b"],
        }
        recorder = send(post(oh.Media(MULTIPART)), body)
    assert recorder.last.headers["content-type"].startswith("multipart/form-data; boundary=")
    got = [
        (
            p.get_param("name", header="content-disposition"),
            p.get_filename(),
            p.get_content_type(),
            p.get_payload(decode=True),
        )
        for p in parts(recorder)
    ]
    assert got == [
        ("name", None, "text/plain", b"Rex"),
        ("age", None, "text/plain", b"3"),
        ("raw", "raw", BINARY, b"\x00\x01"),
        ("photo", "rex.png", "image/png", b"\x89PNG-file"),
        ("doc", "notes.txt", "text/plain", b"hello"),
        ("meta", None, JSON, b'{"source":"test"}'),
        ("tags", None, "text/plain", b"a"),
        ("tags", None, "text/plain", b"b"),
    ]
    assert "content-type" not in parts(recorder)[0]  # text parts: the default, not written


def test_multipart_encoding_sets_part_types_and_headers() -> None:
    encoding = {
        "profile": oh.PartEncoding(content_type=JSON, headers={"X-Part": "1"}),
        "image": oh.PartEncoding(content_type="image/png"),
        "note": oh.PartEncoding(content_type="text/markdown"),
    }
    body = {"profile": "already a string", "image": b"PNG", "note": "# hi"}
    recorder = send(post(oh.Media(MULTIPART, encoding=encoding)), body)
    profile, image, note = parts(recorder)
    assert profile.get_content_type() == JSON
    assert profile["x-part"] == "1"
    assert profile.get_payload(decode=True) == b'"already a string"'
    assert image.get_content_type() == "image/png"
    assert note.get_content_type() == "text/markdown"


def test_a_multipart_model_body() -> None:
    recorder = send(post(oh.Media(MULTIPART, PET)), HttpPet(name="Rex", tags=["a"]))
    assert [
        (p.get_param("name", header="content-disposition"), p.get_payload())
        for p in parts(recorder)
    ] == [
        ("name", "Rex"),
        ("tags", "a"),
    ]


def test_a_form_whose_schema_is_one_file_sends_it_as_a_part_named_file() -> None:
    """Jira's attachments: `multipart/form-data` with `{type: string, format: binary}`. Sent as
    it is, the body would be a form without a boundary (Prism answered 415)."""
    recorder = send(post(oh.Media(MULTIPART)), b"\x89PNG")
    assert recorder.last.headers["content-type"].startswith("multipart/form-data; boundary=")
    (part,) = parts(recorder)
    assert part.get_param("name", header="content-disposition") == "file"
    assert part.get_payload(decode=True) == b"\x89PNG"


def test_other_multipart_subtypes_carry_their_boundary() -> None:
    recorder = send(post(oh.Media("multipart/mixed")), {"a": "1"})
    content_type = recorder.last.headers["content-type"]
    assert content_type.startswith("multipart/mixed; boundary=")
    assert [p.get_payload() for p in parts(recorder)] == ["1"]


# -- binary and text ---------------------------------------------------------------------------


def test_a_binary_file_is_streamed_with_its_length(tmp_path: Path) -> None:
    data = bytes(range(256)) * 1000
    path = tmp_path / "blob.bin"
    path.write_bytes(data)
    with path.open("rb") as file:
        recorder = send(post(oh.Media(BINARY), method="PUT"), file)
    assert recorder.bodies[-1] == data
    assert recorder.last.headers["content-length"] == str(len(data))
    assert recorder.last.headers["content-type"] == BINARY


def test_a_seekable_body_is_sent_again_on_a_retry() -> None:
    recorder = Recorder(answer(503), answer(200))
    file = io.BytesIO(b"skip:payload")
    file.seek(5)
    client(recorder).call(post(oh.Media(BINARY), method="PUT"), (), file)
    assert recorder.bodies == [b"payload", b"payload"]


def test_an_iterator_body_is_chunked_and_never_retried() -> None:
    def chunks() -> Iterator[bytes]:
        yield b"one,"
        yield b"two"

    recorder = Recorder(answer(503), answer(200))
    with pytest.raises(oh.InternalServerError):
        client(recorder).call(post(oh.Media(BINARY), method="PUT"), (), chunks())
    assert recorder.bodies == [b"one,two"]
    assert recorder.last.headers["transfer-encoding"] == "chunked"


def test_text_bodies() -> None:
    recorder = send(post(oh.Media("text/plain")), "héllo")
    assert recorder.bodies[-1] == "héllo".encode()
    assert recorder.last.headers["content-type"] == "text/plain"
    number = send(post(oh.Media("text/plain", rt.Int())), 42)
    assert number.bodies[-1] == b"42"


def test_a_value_a_binary_type_cannot_carry_is_refused() -> None:
    with pytest.raises(
        TypeError, match="must be bytes, a str, a binary file or an iterator of bytes"
    ):
        send(post(oh.Media(BINARY)), 42)


def test_the_async_client_sends_files_and_async_iterators(tmp_path: Path) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(b"file-bytes")

    async def chunks() -> AsyncIterator[bytes]:
        yield b"async-"
        yield b"bytes"

    async def main() -> list[bytes]:
        recorder = Recorder()
        async with async_client(recorder) as api:
            operation = post(oh.Media(BINARY), method="PUT")
            with path.open("rb") as file:
                await api.call(operation, (), file)
            await api.call(operation, (), chunks())
            await api.call(post(oh.Media(MULTIPART)), (), {"f": ("a.txt", b"multi", None)})
        return recorder.bodies

    file_body, async_body, multipart_body = asyncio.run(main())
    assert file_body == b"file-bytes"
    assert async_body == b"async-bytes"
    assert b"multi" in multipart_body


def test_the_sync_client_refuses_an_async_iterator() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"x"

    recorder = Recorder()
    with pytest.raises(TypeError, match="an async iterator body needs the async client"):
        client(recorder).call(post(oh.Media(BINARY), method="PUT"), (), chunks())
    assert recorder.requests == []
