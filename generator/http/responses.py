"""Raw and streamed responses, as the Stainless SDKs give them.

`to_raw_response_wrapper(method)` makes a method return an `ApiResponse[R]` (status, headers,
the httpx response, and `parse()` for the value the method returns); the
`to_streamed_response_wrapper(method)` one returns a context manager of a
`StreamedResponse[R]`, whose body is not read until asked (`iter_bytes()`, `iter_lines()`,
`read()`, `parse()`), for large downloads. Async twins: `async_to_raw_response_wrapper`,
`async_to_streamed_response_wrapper` and `AsyncStreamedResponse`. The wrappers tell the
client's `call` what to return through a context variable, so the wrapped methods are the
generated methods themselves.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextvars import ContextVar
from types import TracebackType
from typing import Any, Generic, ParamSpec, TypeVar, cast

import httpx

from .sentinels import NOT_GIVEN, NotGiven

__all__ = [
    "ApiResponse",
    "AsyncApiResponse",
    "AsyncStreamedResponse",
    "AsyncStreamedResponseContext",
    "StreamedResponse",
    "StreamedResponseContext",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

P = ParamSpec("P")
R = TypeVar("R")

RAW = "raw"
STREAMED = "streamed"
# What `call` returns: the value (None), an ApiResponse (RAW) or a StreamedResponse (STREAMED).
RESPONSE_MODE: ContextVar[str | None] = ContextVar("response_mode", default=None)


class ApiResponse(Generic[R]):
    """A response as it came, and `parse()` for the value the method returns."""

    def __init__(self, response: httpx.Response, parse: Callable[[], R]) -> None:
        self.http_response = response
        self._parse = parse
        self._parsed: R | NotGiven = NOT_GIVEN

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def content(self) -> bytes:
        return self.http_response.content

    def parse(self) -> R:
        """The decoded value (decoded once; raises as the method would)."""
        if isinstance(self._parsed, NotGiven):
            self._parsed = self._parse()
        return self._parsed

    def __repr__(self) -> str:
        return f"<ApiResponse [{self.status_code}]>"


AsyncApiResponse = ApiResponse  # the body is read before either returns


class StreamedResponse(Generic[R]):
    """A response whose body is read only when asked; close it (or use `with`)."""

    def __init__(self, response: httpx.Response, parse: Callable[[], R]) -> None:
        self.http_response = response
        self._parse = parse

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def read(self) -> bytes:
        return self.http_response.read()

    def parse(self) -> R:
        """The decoded value: reads the body (a stream reply gives its `Stream`)."""
        return self._parse()

    def close(self) -> None:
        self.http_response.close()


class AsyncStreamedResponse(Generic[R]):
    """The async twin of `StreamedResponse`."""

    def __init__(
        self, response: httpx.Response, parse: Callable[[], Awaitable[R]]
    ) -> None:
        self.http_response = response
        self._parse = parse

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return self.http_response.aiter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        return self.http_response.aiter_text(chunk_size)

    def iter_lines(self) -> AsyncIterator[str]:
        return self.http_response.aiter_lines()

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def parse(self) -> R:
        return await self._parse()

    async def close(self) -> None:
        await self.http_response.aclose()


def to_raw_response_wrapper(func: Callable[P, R]) -> Callable[P, ApiResponse[R]]:
    """`func`, returning its `ApiResponse` instead of its value."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> ApiResponse[R]:
        token = RESPONSE_MODE.set(RAW)
        try:
            return cast("ApiResponse[R]", func(*args, **kwargs))
        finally:
            RESPONSE_MODE.reset(token)

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[ApiResponse[R]]]:
    """The async twin of `to_raw_response_wrapper`."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> ApiResponse[R]:
        token = RESPONSE_MODE.set(RAW)
        try:
            return cast("ApiResponse[R]", await func(*args, **kwargs))
        finally:
            RESPONSE_MODE.reset(token)

    return wrapped


class StreamedResponseContext(Generic[R]):
    """`with method(...) as response:` sends the request on entry and closes on exit."""

    def __init__(self, send: Callable[[], Any]) -> None:
        self._send = send
        self._response: StreamedResponse[R] | None = None

    def __enter__(self) -> StreamedResponse[R]:
        token = RESPONSE_MODE.set(STREAMED)
        try:
            self._response = cast("StreamedResponse[R]", self._send())
        finally:
            RESPONSE_MODE.reset(token)
        return self._response

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncStreamedResponseContext(Generic[R]):
    """`async with method(...) as response:`, the async twin."""

    def __init__(self, send: Callable[[], Awaitable[Any]]) -> None:
        self._send = send
        self._response: AsyncStreamedResponse[R] | None = None

    async def __aenter__(self) -> AsyncStreamedResponse[R]:
        token = RESPONSE_MODE.set(STREAMED)
        try:
            self._response = cast("AsyncStreamedResponse[R]", await self._send())
        finally:
            RESPONSE_MODE.reset(token)
        return self._response

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._response is not None:
            await self._response.close()


def to_streamed_response_wrapper(
    func: Callable[P, R],
) -> Callable[P, StreamedResponseContext[R]]:
    """`func`, returning a context manager of its `StreamedResponse`."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> StreamedResponseContext[R]:
        return StreamedResponseContext(lambda: func(*args, **kwargs))

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, AsyncStreamedResponseContext[R]]:
    """The async twin of `to_streamed_response_wrapper`."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncStreamedResponseContext[R]:
        return AsyncStreamedResponseContext(lambda: func(*args, **kwargs))

    return wrapped
