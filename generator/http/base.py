"""What the sync and async clients share: everything but the I/O.

Building a request from an operation's plan and the call's values, choosing the credentials,
checking the answer's status and decoding it. `client.py` holds the two thin twins that send
(with retries), fetch OAuth2 tokens and read bodies.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from ..runtime import UNSET, Model
from .auth import Credential, OAuth2ClientCredentials, choose_credentials
from .bodies import Payload, encode_body, wire_value
from .errors import ApiConnectionError, ApiTimeoutError, ResponseDecodeError
from .params import compact_json
from .plan import Plan
from .replies import (
    ReplyPlan,
    mime_of,
    status_error,
    unexpected_status,
)
from .responses import RAW, STREAMED, ApiResponse
from .retries import RetryPolicy
from .sentinels import NO_BODY, NotGiven
from .streams import ItemReader

if TYPE_CHECKING:
    from typing_extensions import Self  # in typing from Python 3.11

__all__ = ["DEFAULT_TIMEOUT", "BaseClient", "Timeout"]

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
_MERGED_KEPT = 64
Chosen = tuple[tuple[Credential, ...], tuple[OAuth2ClientCredentials, ...]]
Timeout = float | httpx.Timeout | None
HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)


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
        self._call_headers: dict[str, str] = dict(headers or {})
        # Per operation: its credentials, and those of them that fetch tokens.
        self._chosen: dict[Plan, Chosen] = {}
        # An absolute base URL: the httpx client's own `base_url` has nothing to add.
        self._absolute = self.base_url.startswith(("http://", "https://"))
        # The httpx client's headers with a call's over them, by the call's headers, with the
        # client's headers they were merged from (see `_merged_headers`).
        self._merged: dict[
            tuple[tuple[str, str], ...], tuple[list[tuple[bytes, bytes]], httpx.Headers]
        ] = {}

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
        self,
        timeout: Timeout | NotGiven,
        max_retries: int | NotGiven,
        retry: RetryPolicy | NotGiven | None,
        headers: Mapping[str, str] | NotGiven,
    ) -> Self:
        """A copy with these options changed (the twins add the httpx client)."""
        clone = self.__class__.__new__(self.__class__)
        clone.__dict__.update(self.__dict__)
        for name in list(clone.__dict__):  # resources bound to this client
            if isinstance(getattr(type(clone), name, None), cached_property):
                del clone.__dict__[name]
        clone._owns_http = False
        clone._chosen = {}
        clone._merged = {}
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

    def _credentials_for(self, plan: Plan) -> Chosen:
        credentials = choose_credentials(plan.name, plan.security, self._credentials)
        tokens = tuple(c for c in credentials if isinstance(c, OAuth2ClientCredentials))
        chosen = (credentials, tokens)
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
        content: bytes | None = None
        payload: Payload | None = None
        json_body = plan.json_body
        if (
            json_body is not None
            and content_type is None
            and isinstance(body, (dict, list, Model))
        ):  # the common case, straight
            content = compact_json(wire_value(json_body.codec, body)).encode()
            headers["Content-Type"] = json_body.content_type
        elif body is not NO_BODY and body is not UNSET:
            media, chosen_type = plan.media_for(content_type)
            payload = encode_body(media, chosen_type, body)
            headers.update(payload.headers)
            content = payload.content
        elif plan.body is not None and plan.body.required:
            raise TypeError(f"{plan.name} needs a request body")
        if extra_headers:
            headers.update(extra_headers)
        files = None if payload is None else payload.files
        http = self._http
        given = self._timeout if isinstance(timeout, NotGiven) else timeout
        # The httpx client's timeout is this client's own unless the call or `with_options`
        # gave another.
        client_timeout = isinstance(timeout, NotGiven) and self._http_has_timeout
        if self._absolute and not http.cookies and not http.params:
            # What `build_request` makes, without its merging of the client's URL, cookies
            # and parameters (none here) and with the merged headers kept: 12% of a call's
            # instructions, httpx's included.
            chosen = http.timeout if client_timeout else httpx.Timeout(given)
            request = httpx.Request(
                plan.method,
                url,
                headers=self._merged_headers(headers),
                content=content,
                files=files,
                extensions={"timeout": chosen.as_dict()},
            )
        else:
            request = http.build_request(
                plan.method,
                url,
                headers=headers,
                content=content,
                files=files,
                timeout=httpx.USE_CLIENT_DEFAULT if client_timeout else given,
            )
        if payload is None:
            return request, True
        return self._with_payload(plan, request, payload), payload.replayable

    def _merged_headers(self, headers: dict[str, str]) -> httpx.Headers:
        """The httpx client's headers with the call's over them, as `build_request` merges
        them; kept for the next call with the same headers while the client's are the same.
        """
        own = self._http.headers
        raw = own.raw
        key = tuple(headers.items())
        found = self._merged.get(key)
        if found is not None and found[0] == raw:
            return found[1]
        merged = httpx.Headers(own)
        merged.update(headers)
        if len(self._merged) >= _MERGED_KEPT:  # a token per call, say: keep a few only
            self._merged.clear()
        self._merged[key] = (raw, merged)
        return merged

    def _with_payload(
        self, plan: Plan, request: httpx.Request, payload: Payload
    ) -> httpx.Request:
        """The request with what httpx could not set from the payload: the Content-Type of a
        multipart subtype, or an upload read as it is sent.
        """
        if payload.content_type is not None:
            request.headers["Content-Type"] = payload.content_type
        stream = payload.stream
        if stream is None:
            return request
        if stream.async_only and not self._is_async:
            raise TypeError(
                f"{plan.name}: an async iterator body needs the async client"
            )
        return httpx.Request(
            request.method,
            request.url,
            headers=request.headers,
            stream=stream,
            extensions=request.extensions,
        )

    def _keeps_open(
        self, plan: Plan, response: httpx.Response, mode: str | None
    ) -> bool:
        """Whether a response sent with `stream=True` is returned unread."""
        if response.status_code >= 400:
            return False
        reply = plan.replies.choose(response.status_code)
        if reply is None or reply.error:
            return False
        return mode == STREAMED or reply.stream is not None

    def _result(self, plan: Plan, response: httpx.Response, mode: str | None) -> Any:
        """What `call` returns for a response whose body is read (but for streams).

        Raises for error statuses (and replies documented as errors) and for statuses the
        operation does not document.
        """
        status = response.status_code
        reply = plan.replies.exact.get(status) or plan.replies.choose(status)
        if reply is None or reply.error or status >= 400:
            if reply is None and status < 400:
                raise unexpected_status(plan.name, plan.replies, response)
            raise status_error(plan.name, reply, response)
        if mode is None:
            if reply.stream is None:
                return reply.decode(plan.name, response, plan.method)
            return self._stream(plan, reply, response)
        if mode == RAW:
            return ApiResponse(response, lambda: self._value(plan, reply, response))
        return self._streamed(plan, reply, response)

    def _streamed(self, plan: Plan, reply: ReplyPlan, response: httpx.Response) -> Any:
        raise NotImplementedError

    def _value(self, plan: Plan, reply: ReplyPlan, response: httpx.Response) -> Any:
        """The decoded value of a success reply (a stream for a streamed reply)."""
        if reply.stream is None:
            return reply.decode(plan.name, response, plan.method)
        return self._stream(plan, reply, response)

    def _stream(self, plan: Plan, reply: ReplyPlan, response: httpx.Response) -> Any:
        """The `Stream` (or `AsyncStream`) of a streamed reply's items."""
        mime = mime_of(response)
        media = reply.media_for(mime)
        kind = reply.stream
        if media is None or kind is None:
            raise ResponseDecodeError(
                f"{plan.name}: the {response.status_code} answer's Content-Type"
                f" {mime or '(none)'} is not the documented {reply.documented()}",
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


def extract_only_set_cookies(cookies: httpx.Cookies) -> None:
    """Have the httpx client that holds `cookies` read an answer's cookies only when it sets
    some, as the clients do for the httpx clients they make (not for one that is passed).

    httpx reads every answer into its cookie jar through an adapter that copies the request
    into a `urllib.request.Request`: 18 µs a call, 14% of a small call, for nothing when the
    answer has no Set-Cookie header, as most API answers have none. httpx has no setting for
    it, so `extract_cookies` is wrapped on this one `httpx.Cookies` instance; an answer that
    sets cookies still goes through httpx's own.
    """
    extract = cookies.extract_cookies

    def extract_cookies(response: httpx.Response) -> None:
        for name, _ in response.headers.raw:
            if name.lower().startswith(b"set-cookie"):  # Set-Cookie, Set-Cookie2
                extract(response)
                return

    vars(cookies)["extract_cookies"] = extract_cookies
