"""Replies decoded by status and content type; the error tree; raw and streamed responses."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from http_support import (
    JSON,
    PET,
    HttpPet,
    HttpProblem,
    Recorder,
    answer,
    async_client,
    client,
    get,
    json_media,
    pet_reply,
    problem_reply,
)

from openapi_dataclasses import http as oh
from openapi_dataclasses import runtime as rt
from openapi_dataclasses.building.media import media_kind
from openapi_dataclasses.http import params as oh_params


def called(replies: dict[str, oh.Reply], *answers: Any, method: str = "GET") -> Any:
    return client(Recorder(*answers)).call(get(replies=replies, method=method), ())


def test_a_json_reply_is_decoded_by_its_codec() -> None:
    pet = called({"200": pet_reply()}, answer(200, {"name": "Rex", "age": 3}))
    assert pet == HttpPet(name="Rex", age=3)


def test_status_is_chosen_exact_then_range_then_default() -> None:
    replies = {
        "200": oh.Reply({JSON: json_media(rt.Str())}),
        "2XX": oh.Reply({JSON: json_media(rt.Int())}),
        "default": oh.Reply({JSON: json_media(PROBLEM_OR_LIST)}),
    }
    assert called(replies, answer(200, b'"exact"', content_type=JSON)) == "exact"
    assert called(replies, answer(201, b"7", content_type=JSON)) == 7
    assert called(replies, answer(302, ["x"])) == ["x"]


PROBLEM_OR_LIST = rt.List(rt.Str())


def test_media_is_chosen_exact_then_range_then_any() -> None:
    replies = {
        "200": oh.Reply(
            {
                JSON: json_media(PET),
                "text/*": oh.Media("text/*"),
                "*/*": oh.Media("*/*"),
            }
        )
    }
    assert called(replies, answer(200, {"name": "A"})) == HttpPet(name="A")
    assert called(replies, answer(200, "plain words", content_type="text/csv")) == "plain words"
    assert called(replies, answer(200, b"\x89PNG", content_type="image/png")) == b"\x89PNG"


def test_any_json_type_matches_a_json_media_and_parameters_are_ignored() -> None:
    replies = {"200": pet_reply()}
    problem_json = answer(200, b'{"name": "B"}', content_type="application/problem+json")
    assert called(replies, problem_json) == HttpPet(name="B")
    with_charset = answer(200, b'{"name": "C"}', content_type="Application/JSON; charset=utf-8")
    assert called(replies, with_charset) == HttpPet(name="C")


def test_one_documented_media_takes_an_answer_without_content_type() -> None:
    assert called({"200": pet_reply()}, answer(200, b'{"name": "D"}')) == HttpPet(name="D")


def test_a_reply_documenting_only_json_takes_mislabelled_json() -> None:
    mislabelled = answer(200, b'{"name": "E"}', content_type="text/plain")
    assert called({"200": pet_reply()}, mislabelled) == HttpPet(name="E")
    two_types = {"200": oh.Reply({JSON: json_media(PET), "text/plain": oh.Media("text/plain")})}
    assert called(two_types, answer(200, b'{"name": "E"}', content_type="text/plain")) == (
        '{"name": "E"}'
    )


def test_text_and_binary_replies() -> None:
    assert (
        called({"200": oh.Reply({"text/plain": oh.Media("text/plain")})}, answer(200, "hi")) == "hi"
    )
    binary = {"200": oh.Reply({"application/pdf": oh.Media("application/pdf")})}
    assert called(binary, answer(200, b"%PDF", content_type="application/pdf")) == b"%PDF"


def test_a_range_with_a_schema_is_json_whatever_the_answer_is_labelled() -> None:
    # `*/*` with an object schema: the method returns the model, so the body is read as JSON.
    replies = {"200": oh.Reply({"*/*": oh.Media("*/*", PET)})}
    body = b'{"name": "F"}'
    for labelled in (
        answer(200, body, content_type="text/plain"),
        answer(200, body, content_type="application/octet-stream"),
        answer(200, body),
    ):
        assert called(replies, labelled) == HttpPet(name="F")
    with pytest.raises(oh.ResponseDecodeError, match=r"not valid JSON.*came as text/html"):
        called(replies, answer(200, b"<p>busy</p>", content_type="text/html"))
    # A range whose schema is a string's: JSON text, or the text itself when labelled text.
    words = {"200": oh.Reply({"*/*": oh.Media("*/*", rt.Str(max_length=5))})}
    assert called(words, answer(200, b'"hi"', content_type=JSON)) == "hi"
    assert called(words, answer(200, b"hello", content_type="text/plain")) == "hello"
    with pytest.raises(oh.ResponseDecodeError, match="at most 5"):
        called(words, answer(200, b"hello world", content_type="text/plain"))


def test_text_types_are_text_and_the_rest_bytes_whatever_the_label() -> None:
    for documented in ("application/xml", "application/atom+xml", "application/yaml"):
        replies = {"200": oh.Reply({documented: oh.Media(documented)})}
        assert called(replies, answer(200, b"<a/>", content_type=documented)) == "<a/>"
    binary = {"200": oh.Reply({"*/*": oh.Media("*/*")})}  # a binary string's schema
    assert called(binary, answer(200, b"\x00\x01", content_type="text/plain")) == b"\x00\x01"


@pytest.mark.parametrize(
    "documented",
    [
        "text/plain", "text/*", "text/csv", "application/xml", "application/atom+xml",
        "application/javascript", "application/yaml", "application/octet-stream", "image/png",
        "application/pdf", "*/*", "application/*",
    ],
)  # fmt: skip
def test_the_engine_reads_a_media_type_as_text_where_the_generator_types_it_str(
    documented: str,
) -> None:
    binary = {"type": "string", "format": "binary"}
    typed_as_text = media_kind(documented, binary) == "text"
    assert oh_params.is_text_type(documented) == typed_as_text


def test_a_reply_without_content_is_none() -> None:
    assert called({"204": oh.Reply()}, answer(204)) is None
    assert called({"200": oh.Reply()}, answer(200, {"ignored": True})) is None
    head = {"200": pet_reply()}
    assert called(head, answer(200, content_type=JSON), method="HEAD") is None


def test_a_body_that_does_not_match_its_schema_names_the_place() -> None:
    with pytest.raises(oh.ResponseDecodeError) as raised:
        called({"200": pet_reply()}, answer(200, {"name": "Rex", "tags": ["a", 5]}))
    error = raised.value
    assert error.path == "tags[1]"
    assert error.status_code == 200
    assert str(error) == (
        "testOperation: the 200 answer does not decode: tags[1]: must be a string, got a number"
    )


def test_invalid_json_an_empty_body_and_an_undocumented_type_are_errors() -> None:
    replies = {"200": pet_reply()}
    with pytest.raises(oh.ResponseDecodeError, match="not valid JSON"):
        called(replies, answer(200, b"{oops", content_type=JSON))
    with pytest.raises(
        oh.ResponseDecodeError, match="it is empty, where application/json was documented"
    ):
        called(replies, answer(200, content_type=JSON))
    with pytest.raises(
        oh.ResponseDecodeError, match="Content-Type text/html is not documented for 200"
    ):
        called(replies, answer(200, b"<html>", content_type="text/html"))


def test_an_undocumented_success_status_is_an_error_never_none() -> None:
    with pytest.raises(oh.UnexpectedStatusError) as raised:
        called({"200": pet_reply()}, answer(202, {"queued": True}))
    assert raised.value.status_code == 202
    assert raised.value.body == {"queued": True}
    assert "documented: 200" in str(raised.value)
    with pytest.raises(oh.UnexpectedStatusError, match="Location: /elsewhere"):
        called({"200": pet_reply()}, answer(301, location="/elsewhere"))


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, oh.BadRequestError),
        (401, oh.AuthenticationError),
        (403, oh.PermissionDeniedError),
        (404, oh.NotFoundError),
        (409, oh.ConflictError),
        (422, oh.UnprocessableEntityError),
        (429, oh.RateLimitError),
        (500, oh.InternalServerError),
        (503, oh.InternalServerError),
        (418, oh.ApiStatusError),
    ],
)
def test_error_statuses_raise_the_class_of_their_status(
    status: int, error: type[oh.ApiStatusError]
) -> None:
    replies = {"200": pet_reply(), "4XX": problem_reply(), "default": problem_reply()}
    with pytest.raises(error) as raised:
        client(
            Recorder(answer(status, {"message": "no"})), retry=oh.RetryPolicy(max_retries=0)
        ).call(get(replies=replies), ())
    assert type(raised.value) is error
    assert raised.value.status_code == status
    assert raised.value.body == HttpProblem(message="no")
    assert raised.value.operation == "testOperation"
    assert isinstance(raised.value, oh.ApiError)


def test_undocumented_error_bodies_are_json_or_text() -> None:
    with pytest.raises(oh.NotFoundError) as json_error:
        called({"200": pet_reply()}, answer(404, {"detail": "gone"}))
    assert json_error.value.body == {"detail": "gone"}
    assert str(json_error.value) == 'testOperation: 404 Not Found: {"detail": "gone"}'
    with pytest.raises(oh.BadRequestError) as text_error:
        called({"200": pet_reply()}, answer(400, "bad things"))
    assert text_error.value.body == "bad things"
    documented_but_wrong = {"200": pet_reply(), "400": problem_reply()}
    with pytest.raises(oh.BadRequestError) as loose:
        called(documented_but_wrong, answer(400, {"unexpected": 1}))
    assert loose.value.body == {"unexpected": 1}


def test_a_documented_error_reply_below_400_raises_too() -> None:
    replies = {"200": pet_reply(), "304": oh.Reply(error=True)}
    with pytest.raises(oh.ApiStatusError) as raised:
        called(replies, answer(304))
    assert raised.value.status_code == 304


def test_the_raw_response_has_status_headers_and_the_parsed_value() -> None:
    api = client(Recorder(answer(200, {"name": "Rex"}, x_request_id="abc")))
    operation = get(replies={"200": pet_reply()})

    def fetch() -> HttpPet:
        return api.call(operation, ())  # type: ignore[no-any-return]

    raw = oh.to_raw_response_wrapper(fetch)()
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "abc"
    assert raw.http_response.status_code == 200
    assert raw.parse() == HttpPet(name="Rex")
    assert raw.parse() is raw.parse()
    assert fetch() == HttpPet(name="Rex")  # outside the wrapper: the value again


def test_a_raw_response_still_raises_for_error_statuses() -> None:
    api = client(Recorder(answer(404, {"message": "no"})))
    with pytest.raises(oh.NotFoundError):
        oh.to_raw_response_wrapper(api.call)(get(replies={"200": pet_reply()}), ())


def test_a_streamed_response_is_read_only_when_asked() -> None:
    big = bytes(range(256)) * 4096
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(big), 65536):
            sent.append(start)
            yield big[start : start + 65536]

    def download_answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=chunks(), headers={"content-type": "application/octet-stream"}
        )

    api = client(Recorder(download_answer))
    download = get(
        replies={
            "200": oh.Reply({"application/octet-stream": oh.Media("application/octet-stream")})
        }
    )
    with oh.to_streamed_response_wrapper(api.call)(download, ()) as response:
        assert response.status_code == 200
        assert sent == []  # nothing read yet
        received = list(response.iter_bytes())
    assert b"".join(received) == big
    assert len(sent) == len(big) // 65536
    assert response.http_response.is_closed
    with oh.to_streamed_response_wrapper(api.call)(download, ()) as again:
        assert again.parse() == big


def test_the_async_twins_decode_raise_and_wrap_the_same() -> None:
    async def main() -> None:
        recorder = Recorder(
            answer(200, {"name": "Rex"}),
            answer(404, {"message": "no"}),
            answer(200, b"abc", content_type="text/plain"),
        )
        async with async_client(recorder) as api:
            operation = get(replies={"200": pet_reply(), "404": problem_reply()})
            assert await api.call(operation, ()) == HttpPet(name="Rex")
            with pytest.raises(oh.NotFoundError):
                await api.call(operation, ())
            text = get(replies={"200": oh.Reply({"text/plain": oh.Media("text/plain")})})
            raw = await oh.async_to_raw_response_wrapper(api.call)(text, ())
            assert raw.parse() == "abc"
            async with oh.async_to_streamed_response_wrapper(api.call)(text, ()) as streamed:
                assert [chunk async for chunk in streamed.iter_bytes()] == [b"abc"]
            async with oh.async_to_streamed_response_wrapper(api.call)(text, ()) as parsed:
                assert await parsed.parse() == "abc"

    asyncio.run(main())
