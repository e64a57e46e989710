"""Credentials, one per security scheme, and which of them an operation uses.

`ApiKey` (header, query or cookie), `HttpBearer` (also the plain bearer token of OAuth2 flows
other than client credentials, and of OpenID Connect), `HttpBasic`, and
`OAuth2ClientCredentials`, which fetches its token with a form POST to the token URL, keeps
it, fetches a new one shortly before it expires and once after a 401. The fetching itself is
the client's (sync or async); here are the request it sends and what it does with the answer.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Literal
from urllib.parse import urljoin

import httpx

from .errors import MissingCredentialsError, ResponseDecodeError, status_error_class
from .params import as_dict, encode_text

__all__ = [
    "ApiKey",
    "Credential",
    "HttpBasic",
    "HttpBearer",
    "OAuth2ClientCredentials",
    "choose_credentials",
]


class Credential:
    """The credential of one security scheme: what it adds to a request."""

    refreshes: bool = False  # whether the client must ask for a token first

    def apply(
        self, headers: dict[str, str], query: list[str], cookies: list[str]
    ) -> None:
        raise NotImplementedError


class ApiKey(Credential):
    """An API key sent in a header, a query parameter or a cookie named `name`.

    `prefix` goes before the key, with a space (`prefix="Token"`: `Token abc123`).
    """

    def __init__(
        self,
        value: str,
        name: str,
        location: Literal["header", "query", "cookie"] = "header",
        prefix: str | None = None,
    ) -> None:
        if location not in ("header", "query", "cookie"):
            raise ValueError(
                f"an API key goes in a header, a query or a cookie, not {location!r}"
            )
        self.value = value
        self.name = name
        self.location = location
        self.prefix = prefix
        self._sent = f"{prefix} {value}" if prefix else value
        self._pair = f"{encode_text(name)}={encode_text(self._sent)}"

    def apply(
        self, headers: dict[str, str], query: list[str], cookies: list[str]
    ) -> None:
        if self.location == "header":
            headers[self.name] = self._sent
        elif self.location == "query":
            query.append(self._pair)
        else:
            cookies.append(self._pair)

    def __repr__(self) -> str:
        return f"ApiKey(<hidden>, name={self.name!r}, location={self.location!r})"


class HttpBearer(Credential):
    """`Authorization: Bearer <token>`; `token` may be a function called for each request."""

    def __init__(self, token: str | Callable[[], str]) -> None:
        self.token = token

    def apply(
        self, headers: dict[str, str], query: list[str], cookies: list[str]
    ) -> None:
        token = self.token if isinstance(self.token, str) else self.token()
        headers["Authorization"] = f"Bearer {token}"

    def __repr__(self) -> str:
        return "HttpBearer(<hidden>)"


class HttpBasic(Credential):
    """`Authorization: Basic <base64 of username:password>`."""

    def __init__(self, username: str, password: str) -> None:
        self.username = username
        pair = f"{username}:{password}".encode()
        self._header = "Basic " + base64.b64encode(pair).decode("ascii")

    def apply(
        self, headers: dict[str, str], query: list[str], cookies: list[str]
    ) -> None:
        headers["Authorization"] = self._header

    def __repr__(self) -> str:
        return f"HttpBasic({self.username!r}, <hidden>)"


def basic_authorization(username: str, password: str) -> str:
    """The Authorization header of HTTP Basic."""
    pair = f"{username}:{password}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")


class OAuth2ClientCredentials(Credential):
    """OAuth 2.0's client credentials grant (RFC 6749, section 4.4).

    The token is fetched from `token_url` (relative to the client's base URL if relative),
    kept until `refresh_margin` seconds before it expires, and fetched again once when the
    API answers 401. The client authenticates with HTTP Basic (`client_auth="basic"`, which
    every server must accept) or with `client_id` and `client_secret` in the form
    (`client_auth="body"`).
    """

    refreshes = True

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        token_url: str,
        scopes: Sequence[str] = (),
        *,
        client_auth: Literal["basic", "body"] = "basic",
        refresh_margin: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.token_url = token_url
        self.scopes = tuple(scopes)
        self.client_auth = client_auth
        self.refresh_margin = refresh_margin
        self.clock = clock
        self.token: str | None = None
        self.refresh_at: float | None = None  # None: the token does not expire
        self.lock = threading.Lock()

    def __repr__(self) -> str:
        return (
            f"OAuth2ClientCredentials({self.client_id!r}, <hidden>, {self.token_url!r})"
        )

    def needs_token(self) -> bool:
        if self.token is None:
            return True
        return self.refresh_at is not None and self.clock() >= self.refresh_at

    def forget(self, token: str | None) -> None:
        """Drop `token` (refused by the API), unless another has replaced it meanwhile."""
        if token is not None and self.token == token:
            self.token = None

    def token_request(
        self, base_url: str
    ) -> tuple[str, dict[str, str], dict[str, str]]:
        """The token request: URL, headers and form fields."""
        form = {"grant_type": "client_credentials"}
        if self.scopes:
            form["scope"] = " ".join(self.scopes)
        headers = {"Accept": "application/json"}
        if self.client_auth == "basic":
            headers["Authorization"] = basic_authorization(
                self.client_id, self.client_secret
            )
        else:
            form["client_id"] = self.client_id
            form["client_secret"] = self.client_secret
        return urljoin(base_url + "/", self.token_url), headers, form

    def accept(self, response: httpx.Response) -> None:
        """Keep the token of the token endpoint's answer (or raise its error)."""
        name = f"the OAuth2 token request to {response.request.url}"
        if response.status_code >= 400:
            body = _json_or_text(response)
            raise status_error_class(response.status_code)(
                f"{name}: {response.status_code} {response.reason_phrase}: {body}",
                response=response,
                body=body,
                operation=name,
            )
        data = as_dict(_json_or_text(response)) or {}
        token = data.get("access_token")
        if not isinstance(token, str):
            raise ResponseDecodeError(
                f"{name}: the answer has no access_token",
                response=response,
                operation=name,
                status_code=response.status_code,
                path="access_token",
            )
        lifetime = data.get("expires_in")
        self.token = token
        self.refresh_at = None
        if isinstance(lifetime, (int, float)) and not isinstance(lifetime, bool):
            margin = min(self.refresh_margin, lifetime / 2)
            self.refresh_at = self.clock() + lifetime - margin

    def apply(
        self, headers: dict[str, str], query: list[str], cookies: list[str]
    ) -> None:
        headers["Authorization"] = f"Bearer {self.token}"


def _json_or_text(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return response.text


def choose_credentials(
    name: str,
    security: tuple[tuple[str, ...], ...],
    credentials: Mapping[str, Credential],
) -> tuple[Credential, ...]:
    """The credentials of the first alternative of `security` the client can satisfy.

    An empty alternative (credentials optional) is taken only when no other is satisfied.
    """
    optional = False
    for alternative in security:
        if not alternative:
            optional = True
        elif all(scheme in credentials for scheme in alternative):
            return tuple(credentials[scheme] for scheme in alternative)
    if optional or not security:
        return ()
    needed = " or ".join(" and ".join(alternative) for alternative in security)
    raise MissingCredentialsError(
        f"{name} needs credentials for {needed}; give them to the client",
        schemes=security,
    )
