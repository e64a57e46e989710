"""The sync and async clients: the I/O twins over `BaseClient`.

Each sends a request (retrying as its `RetryPolicy` says), fetches OAuth2 tokens when an
operation's credentials need one (and once more after a 401), reads the body unless the
answer is returned as a stream, and hands the answer to `BaseClient._result`. Generated
clients subclass them (`Client(SyncClient)`, `AsyncClient(AsyncBaseClient)`); generated
resource classes subclass `SyncResource` and `AsyncResource`.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx

from .auth import Credential, OAuth2ClientCredentials
from .base import (
    DEFAULT_TIMEOUT,
    BaseClient,
    Timeout,
    connection_error,
    extract_only_set_cookies,
)
from .operation import Operation
from .plan import Plan
from .replies import ReplyPlan
from .responses import RESPONSE_MODE, STREAMED, AsyncStreamedResponse, StreamedResponse
from .retries import RetryPolicy, error_retry_delay, status_retry_delay
from .sentinels import NO_BODY, NOT_GIVEN, NotGiven
from .streams import AsyncStream, Stream

if TYPE_CHECKING:
    import anyio
    from typing_extensions import Self  # in typing from Python 3.11

__all__ = ["AsyncBaseClient", "AsyncResource", "SyncClient", "SyncResource"]


class SyncClient(BaseClient[httpx.Client]):
    """A client on `httpx.Client`. Give `http_client` (yours, left open by `close`) or
    `transport` (tests, proxies, HTTP/2, mounts), not both.
    """

    _stream_type = Stream
    _is_async = False

    def __init__(
        self,
        *,
        base_url: str,
        credentials: Mapping[str, Credential] | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        retry: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            credentials=credentials or {},
            timeout=timeout,
            max_retries=max_retries,
            retry=retry,
            headers=headers,
        )
        self._use(http_client, transport, headers)

    def _use(
        self,
        http_client: httpx.Client | None,
        transport: httpx.BaseTransport | None,
        headers: Mapping[str, str] | None,
    ) -> None:
        if http_client is not None and transport is not None:
            raise ValueError("give http_client or transport, not both")
        self._owns_http = http_client is None
        if http_client is None:
            http_client = httpx.Client(
                transport=transport, timeout=self._timeout, headers=headers
            )
            extract_only_set_cookies(http_client.cookies)
            self._call_headers = {}
            self._http_has_timeout = True
        self._http = http_client

    def with_options(
        self,
        *,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry: RetryPolicy | NotGiven | None = NOT_GIVEN,
        headers: Mapping[str, str] | NotGiven = NOT_GIVEN,
        http_client: httpx.Client | NotGiven = NOT_GIVEN,
        transport: httpx.BaseTransport | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A client like this one (same credentials, same httpx client unless given)."""
        clone = self._options(timeout, max_retries, retry, headers)
        if not isinstance(http_client, NotGiven) or not isinstance(transport, NotGiven):
            clone._use(
                None if isinstance(http_client, NotGiven) else http_client,
                None if isinstance(transport, NotGiven) else transport,
                clone._call_headers,
            )
        return clone

    def close(self) -> None:
        """Close the httpx client, if this client made it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def call(
        self,
        operation: Operation,
        args: tuple[object, ...],
        body: object = NO_BODY,
        *,
        content_type: str | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Send one operation with these parameter values (and body); its decoded answer."""
        plan = operation.plan
        mode = RESPONSE_MODE.get()
        credentials, tokens = self._chosen.get(plan) or self._credentials_for(plan)
        if tokens:
            self._fetch_tokens(tokens)
        request, replayable = self._request(
            plan, args, body, content_type, timeout, extra_headers, credentials
        )
        streamed = plan.streams or mode == STREAMED
        response = self._send(plan, request, replayable, streamed)
        if tokens and response.status_code == 401 and replayable:
            response.close()
            for token in tokens:
                token.forget(token.token)
            self._fetch_tokens(tokens)
            request, _ = self._request(
                plan, args, body, content_type, timeout, extra_headers, credentials
            )
            response = self._send(plan, request, replayable, streamed)
        if streamed and not self._keeps_open(plan, response, mode):
            response.read()
        return self._result(plan, response, mode)

    def _send(
        self, plan: Plan, request: httpx.Request, replayable: bool, stream: bool
    ) -> httpx.Response:
        policy = self._retry
        attempt = 0
        while True:
            try:
                response = self._http.send(request, stream=stream)
            except httpx.TransportError as error:
                wait = (
                    error_retry_delay(policy, plan.idempotent, attempt, error)
                    if replayable
                    else None
                )
                if wait is None:
                    raise connection_error(plan.name, error) from error
            else:
                if response.status_code < 408 or not replayable:
                    return response
                wait = status_retry_delay(policy, plan.idempotent, attempt, response)
                if wait is None:
                    return response
                response.close()
            policy.sleep(wait)
            attempt += 1

    def _fetch_tokens(self, tokens: tuple[OAuth2ClientCredentials, ...]) -> None:
        for credential in tokens:
            if not credential.needs_token():
                continue
            with credential.lock:
                if credential.needs_token():
                    url, headers, form = credential.token_request(self.base_url)
                    try:
                        response = self._http.post(url, headers=headers, data=form)
                    except httpx.TransportError as error:
                        raise connection_error(
                            "the OAuth2 token request", error
                        ) from error
                    credential.accept(response)

    def _streamed(self, plan: Plan, reply: ReplyPlan, response: httpx.Response) -> Any:
        def parse() -> Any:
            if reply.reply.stream is None:
                response.read()
            return self._value(plan, reply, response)

        return StreamedResponse(response, parse)


class AsyncBaseClient(BaseClient[httpx.AsyncClient]):
    """The async twin of `SyncClient`, on `httpx.AsyncClient`."""

    _stream_type = AsyncStream
    _is_async = True

    def __init__(
        self,
        *,
        base_url: str,
        credentials: Mapping[str, Credential] | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        retry: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            credentials=credentials or {},
            timeout=timeout,
            max_retries=max_retries,
            retry=retry,
            headers=headers,
        )
        self._use(http_client, transport, headers)

    def _use(
        self,
        http_client: httpx.AsyncClient | None,
        transport: httpx.AsyncBaseTransport | None,
        headers: Mapping[str, str] | None,
    ) -> None:
        if http_client is not None and transport is not None:
            raise ValueError("give http_client or transport, not both")
        self._owns_http = http_client is None
        if http_client is None:
            http_client = httpx.AsyncClient(
                transport=transport, timeout=self._timeout, headers=headers
            )
            extract_only_set_cookies(http_client.cookies)
            self._call_headers = {}
            self._http_has_timeout = True
        self._http = http_client

    def with_options(
        self,
        *,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry: RetryPolicy | NotGiven | None = NOT_GIVEN,
        headers: Mapping[str, str] | NotGiven = NOT_GIVEN,
        http_client: httpx.AsyncClient | NotGiven = NOT_GIVEN,
        transport: httpx.AsyncBaseTransport | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A client like this one (same credentials, same httpx client unless given)."""
        clone = self._options(timeout, max_retries, retry, headers)
        if not isinstance(http_client, NotGiven) or not isinstance(transport, NotGiven):
            clone._use(
                None if isinstance(http_client, NotGiven) else http_client,
                None if isinstance(transport, NotGiven) else transport,
                clone._call_headers,
            )
        return clone

    async def aclose(self) -> None:
        """Close the httpx client, if this client made it."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def call(
        self,
        operation: Operation,
        args: tuple[object, ...],
        body: object = NO_BODY,
        *,
        content_type: str | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Send one operation with these parameter values (and body); its decoded answer."""
        plan = operation.plan
        mode = RESPONSE_MODE.get()
        credentials, tokens = self._chosen.get(plan) or self._credentials_for(plan)
        if tokens:
            await self._fetch_tokens(tokens)
        request, replayable = self._request(
            plan, args, body, content_type, timeout, extra_headers, credentials
        )
        streamed = plan.streams or mode == STREAMED
        response = await self._send(plan, request, replayable, streamed)
        if tokens and response.status_code == 401 and replayable:
            await response.aclose()
            for token in tokens:
                token.forget(token.token)
            await self._fetch_tokens(tokens)
            request, _ = self._request(
                plan, args, body, content_type, timeout, extra_headers, credentials
            )
            response = await self._send(plan, request, replayable, streamed)
        if streamed and not self._keeps_open(plan, response, mode):
            await response.aread()
        return self._result(plan, response, mode)

    async def _send(
        self, plan: Plan, request: httpx.Request, replayable: bool, stream: bool
    ) -> httpx.Response:
        policy = self._retry
        attempt = 0
        while True:
            try:
                response = await self._http.send(request, stream=stream)
            except httpx.TransportError as error:
                wait = (
                    error_retry_delay(policy, plan.idempotent, attempt, error)
                    if replayable
                    else None
                )
                if wait is None:
                    raise connection_error(plan.name, error) from error
            else:
                if response.status_code < 408 or not replayable:
                    return response
                wait = status_retry_delay(policy, plan.idempotent, attempt, response)
                if wait is None:
                    return response
                await response.aclose()
            await _async_sleep(policy, wait)
            attempt += 1

    async def _fetch_tokens(self, tokens: tuple[OAuth2ClientCredentials, ...]) -> None:
        for credential in tokens:
            if not credential.needs_token():
                continue
            async with _async_lock(credential):  # one fetch for calls made at once
                if credential.needs_token():
                    url, headers, form = credential.token_request(self.base_url)
                    try:
                        response = await self._http.post(
                            url, headers=headers, data=form
                        )
                    except httpx.TransportError as error:
                        raise connection_error(
                            "the OAuth2 token request", error
                        ) from error
                    credential.accept(response)

    def _streamed(self, plan: Plan, reply: ReplyPlan, response: httpx.Response) -> Any:
        async def parse() -> Any:
            if reply.reply.stream is None:
                await response.aread()
            return self._value(plan, reply, response)

        return AsyncStreamedResponse(response, parse)


_ASYNC_LOCKS: weakref.WeakKeyDictionary[OAuth2ClientCredentials, anyio.Lock] = (
    weakref.WeakKeyDictionary()
)


def _async_lock(credential: OAuth2ClientCredentials) -> anyio.Lock:
    """The lock that async token fetches of `credential` take (asyncio or trio)."""
    lock = _ASYNC_LOCKS.get(credential)
    if lock is None:
        import anyio  # httpx's own dependency; imported when a token is first fetched

        lock = _ASYNC_LOCKS[credential] = anyio.Lock()
    return lock


async def _async_sleep(policy: RetryPolicy, seconds: float) -> None:
    if policy.async_sleep is not None:
        await policy.async_sleep(seconds)
        return
    import anyio  # httpx's own dependency; imported when a retry first waits

    await anyio.sleep(seconds)


class SyncResource:
    """Base of a generated group of operations (sync): holds the client."""

    def __init__(self, client: SyncClient) -> None:
        self._client = client


class AsyncResource:
    """Base of a generated group of operations (async): holds the client."""

    def __init__(self, client: AsyncBaseClient) -> None:
        self._client = client
