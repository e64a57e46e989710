"""Security schemes applied per operation as its `security` alternatives say."""

from __future__ import annotations

import asyncio
import base64
from urllib.parse import parse_qs

import httpx
import pytest
from http_support import Recorder, answer, async_client, client, get

from openapi_dataclasses import http as oh

TOKEN_URL = "https://auth.example.test/oauth/token"


def secured(*alternatives: tuple[str, ...]) -> oh.Operation:
    return get(security=alternatives)


def test_api_keys_go_in_a_header_a_query_or_a_cookie() -> None:
    credentials: dict[str, oh.Credential] = {
        "header": oh.ApiKey("k1", "X-API-Key"),
        "prefixed": oh.ApiKey("k2", "Authorization", prefix="ManagementKey-v1"),
        "query": oh.ApiKey("k 3", "api_key", location="query"),
        "cookie": oh.ApiKey("k4", "session", location="cookie"),
    }
    recorder = Recorder()
    client(recorder, credentials).call(secured(("header", "prefixed", "query", "cookie")), ())
    request = recorder.last
    assert request.headers["x-api-key"] == "k1"
    assert request.headers["authorization"] == "ManagementKey-v1 k2"
    assert request.url.query == b"api_key=k%203"
    assert request.headers["cookie"] == "session=k4"


def test_http_bearer_and_basic() -> None:
    calls = iter(["first", "second"])
    credentials: dict[str, oh.Credential] = {
        "bearer": oh.HttpBearer("tok"),
        "rotating": oh.HttpBearer(lambda: next(calls)),
        "basic": oh.HttpBasic("ann", "s3cret:x"),
    }
    recorder = Recorder()
    api = client(recorder, credentials)
    api.call(secured(("bearer",)), ())
    api.call(secured(("rotating",)), ())
    api.call(secured(("rotating",)), ())
    api.call(secured(("basic",)), ())
    headers = [request.headers["authorization"] for request in recorder.requests]
    expected_basic = "Basic " + base64.b64encode(b"ann:s3cret:x").decode()
    assert headers == ["Bearer tok", "Bearer first", "Bearer second", expected_basic]


def test_the_first_satisfiable_alternative_is_used() -> None:
    credentials: dict[str, oh.Credential] = {
        "key": oh.ApiKey("k", "X-Key"),
        "bearer": oh.HttpBearer("t"),
    }
    recorder = Recorder()
    api = client(recorder, credentials)
    api.call(secured(("oauth",), ("key",), ("bearer",)), ())
    assert recorder.last.headers["x-key"] == "k"
    assert "authorization" not in recorder.last.headers


def test_optional_security_sends_credentials_when_the_client_has_them() -> None:
    recorder = Recorder()
    client(recorder, {"key": oh.ApiKey("k", "X-Key")}).call(secured((), ("key",)), ())
    assert recorder.last.headers["x-key"] == "k"
    client(recorder).call(secured((), ("key",)), ())
    assert "x-key" not in recorder.last.headers


def test_missing_credentials_are_named_before_anything_is_sent() -> None:
    recorder = Recorder()
    with pytest.raises(oh.MissingCredentialsError) as raised:
        client(recorder, {"key": oh.ApiKey("k", "X-Key")}).call(
            secured(("oauth", "key"), ("basic",)), ()
        )
    assert str(raised.value) == (
        "testOperation needs credentials for oauth and key or basic; give them to the client"
    )
    assert raised.value.schemes == (("oauth", "key"), ("basic",))
    assert recorder.requests == []


def test_operations_without_security_send_no_credentials() -> None:
    recorder = Recorder()
    client(recorder, {"key": oh.ApiKey("k", "X-Key")}).call(get(), ())
    assert "x-key" not in recorder.last.headers


def test_credentials_do_not_show_their_secrets() -> None:
    shown = repr([oh.ApiKey("SECRET", "X"), oh.HttpBearer("SECRET"), oh.HttpBasic("u", "SECRET")])
    shown += repr(oh.OAuth2ClientCredentials("id", "SECRET", TOKEN_URL))
    assert "SECRET" not in shown


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class TokenServer:
    """Answers the token URL with numbered tokens, and the API with 401 for refused tokens."""

    def __init__(self, lifetime: int | None = 3600, refused: tuple[str, ...] = ()) -> None:
        self.lifetime = lifetime
        self.refused = refused
        self.issued = 0
        self.token_requests: list[httpx.Request] = []
        self.api_tokens: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if str(request.url) == TOKEN_URL:
            self.token_requests.append(request)
            self.issued += 1
            body: dict[str, object] = {
                "access_token": f"token-{self.issued}",
                "token_type": "Bearer",
            }
            if self.lifetime is not None:
                body["expires_in"] = self.lifetime
            return answer(200, body)
        token = request.headers["authorization"].removeprefix("Bearer ")
        self.api_tokens.append(token)
        return answer(401 if token in self.refused else 200)


def oauth(clock: Clock, **options: object) -> oh.OAuth2ClientCredentials:
    return oh.OAuth2ClientCredentials(
        "my-id", "my-secret", TOKEN_URL, ["read", "write"], clock=clock, **options
    )  # type: ignore[arg-type]


def test_oauth2_client_credentials_fetches_once_then_keeps_the_token() -> None:
    server, clock = TokenServer(), Clock()
    recorder = Recorder(server)
    api = client(recorder, {"oauth": oauth(clock)})
    for _ in range(3):
        api.call(secured(("oauth",)), ())
    assert server.api_tokens == ["token-1"] * 3
    (token_request,) = server.token_requests
    assert token_request.method == "POST"
    assert token_request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert (
        token_request.headers["authorization"]
        == "Basic " + base64.b64encode(b"my-id:my-secret").decode()
    )
    assert parse_qs(token_request.content.decode()) == {
        "grant_type": ["client_credentials"],
        "scope": ["read write"],
    }


def test_the_client_may_authenticate_in_the_form_instead() -> None:
    server, clock = TokenServer(), Clock()
    client(Recorder(server), {"oauth": oauth(clock, client_auth="body")}).call(
        secured(("oauth",)), ()
    )
    form = parse_qs(server.token_requests[0].content.decode())
    assert form["client_id"] == ["my-id"]
    assert form["client_secret"] == ["my-secret"]
    assert "authorization" not in server.token_requests[0].headers


def test_the_token_is_refreshed_shortly_before_it_expires() -> None:
    server, clock = TokenServer(lifetime=100), Clock()
    api = client(Recorder(server), {"oauth": oauth(clock)})
    api.call(secured(("oauth",)), ())
    clock.now += 69  # refreshed 30 s before the end
    api.call(secured(("oauth",)), ())
    clock.now += 1
    api.call(secured(("oauth",)), ())
    assert server.api_tokens == ["token-1", "token-1", "token-2"]


def test_a_401_fetches_a_new_token_once_and_sends_again() -> None:
    server, clock = TokenServer(lifetime=None, refused=("token-1",)), Clock()
    api = client(Recorder(server), {"oauth": oauth(clock)})
    api.call(secured(("oauth",)), ())
    assert server.api_tokens == ["token-1", "token-2"]
    always_refused = TokenServer(refused=("token-1", "token-2", "token-3"))
    with pytest.raises(oh.AuthenticationError):
        client(Recorder(always_refused), {"oauth": oauth(clock)}).call(secured(("oauth",)), ())
    assert always_refused.api_tokens == ["token-1", "token-2"]


def test_a_relative_token_url_is_resolved_against_the_base_url() -> None:
    recorder = Recorder(
        lambda request: (
            answer(200, {"access_token": "t"})
            if request.url.path.endswith("/token")
            else answer(200)
        )
    )
    credential = oh.OAuth2ClientCredentials("id", "secret", "/oauth/token")
    client(recorder, {"oauth": credential}).call(secured(("oauth",)), ())
    assert str(recorder.requests[0].url) == "https://api.example.test/oauth/token"


def test_a_token_endpoint_error_is_raised_as_a_status_error() -> None:
    recorder = Recorder(answer(400, {"error": "invalid_client"}))
    credential = oh.OAuth2ClientCredentials("id", "secret", TOKEN_URL)
    with pytest.raises(oh.BadRequestError, match="invalid_client") as raised:
        client(recorder, {"oauth": credential}).call(secured(("oauth",)), ())
    assert raised.value.body == {"error": "invalid_client"}
    no_token = Recorder(answer(200, {"token_type": "Bearer"}))
    with pytest.raises(oh.ResponseDecodeError, match="no access_token"):
        client(no_token, {"oauth": oh.OAuth2ClientCredentials("id", "secret", TOKEN_URL)}).call(
            secured(("oauth",)), ()
        )


def test_the_async_client_fetches_refreshes_and_retries_after_a_401() -> None:
    server, clock = TokenServer(lifetime=100, refused=("token-2",)), Clock()

    async def main() -> None:
        async with async_client(Recorder(server), {"oauth": oauth(clock)}) as api:
            await api.call(secured(("oauth",)), ())
            await api.call(secured(("oauth",)), ())
            clock.now += 80
            await api.call(secured(("oauth",)), ())

    asyncio.run(main())
    assert server.api_tokens == ["token-1", "token-1", "token-2", "token-3"]
    assert len(server.token_requests) == 3
