"""Helpers of the engine's tests (tests/test_http_*.py): models, operations, a recording transport."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import httpx

from openapi_dataclasses import http as oh
from openapi_dataclasses import runtime as rt

BASE = "https://api.example.test/v1"
JSON = "application/json"

Answer = httpx.Response | Callable[[httpx.Request], httpx.Response]


@rt.model
class HttpPet(rt.Model):
    """A pet, as a generated model would be."""

    name: str = rt.field("name", rt.Str())
    age: int | rt.Unset = rt.field("age", rt.Int(), default=rt.UNSET)
    tags: list[str] | rt.Unset = rt.field("tags", rt.List(rt.Str()), default=rt.UNSET)


@rt.model
class HttpProblem(rt.Model):
    """An error body."""

    message: str = rt.field("message", rt.Str())


PET = rt.Nested("HttpPet")
PROBLEM = rt.Nested("HttpProblem")


def json_media(codec: Any = None, content_type: str = JSON) -> oh.Media:
    return oh.Media(content_type, codec)


def pet_reply() -> oh.Reply:
    return oh.Reply({JSON: json_media(PET)})


def problem_reply() -> oh.Reply:
    return oh.Reply({JSON: json_media(PROBLEM)}, error=True)


def answer(status: int = 200, body: Any = None, **headers: str) -> httpx.Response:
    """A response: JSON for a dict or list, bytes or text as given."""
    headers = {key.replace("_", "-"): value for key, value in headers.items()}
    if isinstance(body, (dict, list)):
        content = json.dumps(body).encode()
        headers.setdefault("content-type", JSON)
    elif isinstance(body, str):
        content = body.encode()
        headers.setdefault("content-type", "text/plain")
    else:
        content = body or b""
    return httpx.Response(status, content=content, headers=headers)


class Recorder:
    """A MockTransport handler: records each request (its body read) and answers in turn.

    The last answer repeats. An answer may be a function of the request, or an exception
    to raise.
    """

    def __init__(self, *answers: Answer | Exception) -> None:
        self.answers = list(answers) or [answer(200)]
        self.requests: list[httpx.Request] = []
        self.bodies: list[bytes] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.bodies.append(request.read())
        self.requests.append(request)
        found = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(found, Exception):
            raise found
        if isinstance(found, httpx.Response):
            # a fresh copy, so that an answer may repeat
            return httpx.Response(found.status_code, content=found.content, headers=found.headers)
        return found(request)

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return self(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def async_transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle_async)


class Sleeps:
    """A `sleep` that records the waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)

    async def sleep_async(self, seconds: float) -> None:
        self.waits.append(seconds)


def client(
    recorder: Recorder, credentials: dict[str, oh.Credential] | None = None, **options: Any
) -> oh.SyncClient:
    options.setdefault("retry", oh.RetryPolicy(sleep=Sleeps()))
    return oh.SyncClient(
        base_url=BASE, credentials=credentials, transport=recorder.transport(), **options
    )


def async_client(
    recorder: Recorder, credentials: dict[str, oh.Credential] | None = None, **options: Any
) -> oh.AsyncBaseClient:
    sleeps = Sleeps()
    options.setdefault("retry", oh.RetryPolicy(sleep=sleeps, async_sleep=sleeps.sleep_async))
    return oh.AsyncBaseClient(
        base_url=BASE,
        credentials=credentials,
        transport=recorder.async_transport(),
        **options,
    )


def get(
    path: str = "/items",
    params: Iterable[oh.Param] = (),
    replies: dict[str, oh.Reply] | None = None,
    **fields: Any,
) -> oh.Operation:
    """A GET operation (answering 200 with no content unless `replies` says)."""
    return oh.Operation(
        fields.pop("method", "GET"),
        path,
        params=tuple(params),
        replies={"200": oh.Reply()} if replies is None else replies,
        name=fields.pop("name", "testOperation"),
        **fields,
    )
