"""What the sync and async clients share: everything but the I/O.

Building a request from an operation's plan and the call's values, choosing the credentials,
checking the answer's status and decoding it. `client.py` holds the two thin twins that send
(with retries), fetch OAuth2 tokens and read bodies.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any, Generic, TypeVar

import httpx

from ..runtime import UNSET
from .auth import Credential, choose_credentials
from .bodies import encode_body
from .errors import ApiConnectionError, ApiTimeoutError, ResponseDecodeError
from .plan import Plan
from .replies import (
    ReplyPlan,
    decode_success,
    mime_of,
    status_error,
    unexpected_status,
)
from .responses import RAW, STREAMED, ApiResponse
from .retries import RetryPolicy
from .sentinels import NO_BODY, NotGiven
from .streams import ItemReader

__all__ = ["DEFAULT_TIMEOUT", "BaseClient", "Timeout"]

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
Timeout = float | httpx.Timeout | None
HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
ClientT = TypeVar("ClientT", bound="BaseClient[Any]")


class BaseClient(Generic[HttpT]):
    """The state and the I/O-free work of a client; see `SyncClient` and `AsyncBaseClient`."""

    _http: HttpT
    _owns_http: bool
    _is_async: bool
    _stream_type: Callable[[httpx.Response, Callable[[], ItemReader]], Any]

    def __init__(
        self,
        *,
        base_url: str,
        credentials: Mapping[str, Credential],
        timeout: Timeout,
        max_retries: int,
        retry: RetryPolicy | None,
        headers: Mapping[str, str] | None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._credentials = dict(credentials)
        self._retry = retry or RetryPolicy(max_retries=max_retries)
        self._timeout = timeout
        self._http_has_timeout = False  # whether the httpx client's own timeout is ours
        self._call_headers = dict(headers or {})
        self._chosen: dict[Plan, tuple[Credential, ...]] = {}

    @property
    def timeout(self) -> Timeout:
        return self._timeout

    @property
    def retry(self) -> RetryPolicy:
        return self._retry

    @property
    def http_client(self) -> HttpT:
        """The httpx client that sends the requests."""
        return self._http

    def _options(
        self: ClientT,
        timeout: Timeout | NotGiven,
        max_retries: int | NotGiven,
        retry: RetryPolicy | NotGiven | None,
        headers: Mapping[str, str] | NotGiven,
    ) -> ClientT:
        """A copy with these options changed (the twins add the httpx client)."""
        clone = self.__class__.__new__(self.__class__)
        clone.__dict__.update(self.__dict__)
        for name in list(clone.__dict__):  # resources bound to this client
            if isinstance(getattr(type(clone), name, None), cached_property):
                del clone.__dict__[name]
        clone._owns_http = False
        clone._chosen = {}
        if not isinstance(timeout, NotGiven):
            clone._timeout = timeout
            clone._http_has_timeout = False
        if not isinstance(retry, NotGiven):
            clone._retry = retry or RetryPolicy()
        if not isinstance(max_retries, NotGiven):
            clone._retry = dataclasses.replace(clone._retry, max_retries=max_retries)
        if not isinstance(headers, NotGiven):
            clone._call_headers = {**self._call_headers, **headers}
        return clone

    def _credentials_for(self, plan: Plan) -> tuple[Credential, ...]:
        chosen = choose_credentials(plan.name, plan.security, self._credentials)
        self._chosen[plan] = chosen
        return chosen

    def _request(
        self,
        plan: Plan,
        args: tuple[object, ...],
        body: object,
        content_type: str | None,
        timeout: Timeout | NotGiven,
        extra_headers: Mapping[str, str] | None,
        credentials: tuple[Credential, ...],
    ) -> tuple[httpx.Request, bool]:
        """The request of one call, and whether it can be sent again (for retries)."""
        path, query, headers, cookies = plan.render(args)
        if self._call_headers:
            headers = {**self._call_headers, **headers}
        for credential in credentials:
            credential.apply(headers, query, cookies)
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        url = self.base_url + path
        if query:
            url += "?" + "&".join(query)
        content = files = stream = retyped = None
        replayable = True
        if body is not NO_BODY and body is not UNSET:
            media, chosen_type = plan.media_for(content_type)
            payload = encode_body(media, chosen_type, body)
            headers.update(payload.headers)
            content, files, stream = payload.content, payload.files, payload.stream
            replayable, retyped = payload.replayable, payload.content_type
        elif plan.body is not None and plan.body.required:
            raise TypeError(f"{plan.name} needs a request body")
        if extra_headers:
            headers.update(extra_headers)
        if isinstance(timeout, NotGiven) and self._http_has_timeout:
            request = self._http.build_request(
                plan.method, url, headers=headers, content=content, files=files
            )
        else:
            request = self._http.build_request(
                plan.method,
                url,
                headers=headers,
                content=content,
                files=files,
                timeout=self._timeout if isinstance(timeout, NotGiven) else timeout,
            )
        if retyped is not None:
            request.headers["Content-Type"] = retyped
        if stream is not None:
            if stream.async_only and not self._is_async:
                raise TypeError(
                    f"{plan.name}: an async iterator body needs the async client"
                )
            request = httpx.Request(
                request.method,
                request.url,
                headers=request.headers,
                stream=stream,
                extensions=request.extensions,
            )
        return request, replayable

    def _keeps_open(
        self, plan: Plan, response: httpx.Response, mode: str | None
    ) -> bool:
        """Whether a response sent with `stream=True` is returned unread."""
        if response.status_code >= 400:
            return False
        reply = plan.replies.choose(response.status_code)
        if reply is None or reply.reply.error:
            return False
        return mode == STREAMED or reply.reply.stream is not None

    def _checked(self, plan: Plan, response: httpx.Response) -> ReplyPlan:
        """The reply documented for the status; raises for error and undocumented statuses."""
        status = response.status_code
        reply = plan.replies.choose(status)
        if status >= 400 or (reply is not None and reply.reply.error):
            raise status_error(plan.name, reply, response)
        if reply is None:
            raise unexpected_status(plan.name, plan.replies, response)
        return reply

    def _result(self, plan: Plan, response: httpx.Response, mode: str | None) -> Any:
        """What `call` returns for a response whose body is read (but for streams)."""
        reply = self._checked(plan, response)
        if mode is None:
            return self._value(plan, reply, response)
        if mode == RAW:
            return ApiResponse(response, lambda: self._value(plan, reply, response))
        return self._streamed(plan, reply, response)

    def _streamed(self, plan: Plan, reply: ReplyPlan, response: httpx.Response) -> Any:
        raise NotImplementedError

    def _value(self, plan: Plan, reply: ReplyPlan, response: httpx.Response) -> Any:
        """The decoded value of a success reply (a stream for a streamed reply)."""
        kind = reply.reply.stream
        if kind is None:
            return decode_success(plan.name, reply, response, plan.method)
        media = reply.media_for(mime_of(response))
        if media is None:
            raise ResponseDecodeError(
                f"{plan.name}: the {response.status_code} answer's Content-Type"
                f" {mime_of(response) or '(none)'} is not the documented {reply.documented()}",
                response=response,
                operation=plan.name,
                status_code=response.status_code,
            )
        whole = reply.reply.sse_events
        status = response.status_code
        return self._stream_type(
            response, lambda: ItemReader(plan.name, status, media, kind, whole)
        )


def connection_error(name: str, error: httpx.TransportError) -> ApiConnectionError:
    """The client's error for httpx's, after any retries."""
    kind = (
        ApiTimeoutError
        if isinstance(error, httpx.TimeoutException)
        else ApiConnectionError
    )
    try:
        request: httpx.Request | None = error.request
    except RuntimeError:  # raised before httpx knew the request
        request = None
    return kind(f"{name}: {type(error).__name__}: {error}", request=request)
