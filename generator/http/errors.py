"""The errors a call raises, as a small tree users catch by meaning.

`ApiError` is the base. `ApiConnectionError` (and its `ApiTimeoutError`): no answer came.
`ApiStatusError`: the server answered with an error status (a subclass per common status).
`UnexpectedStatusError`: a success or redirect status the operation does not document.
`ResponseDecodeError`: the answer does not decode as documented. `MissingCredentialsError`:
the operation needs credentials the client was not given. Arguments that do not match their
schema raise the runtime's `ValidationError` before anything is sent.
"""

from __future__ import annotations

import httpx

__all__ = [
    "ApiConnectionError",
    "ApiError",
    "ApiStatusError",
    "ApiTimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MissingCredentialsError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "UnexpectedStatusError",
    "UnprocessableEntityError",
    "status_error_class",
]


class ApiError(Exception):
    """Base of the errors of this client."""


class ApiConnectionError(ApiError):
    """The request got no answer: the connection failed or broke (after any retries)."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.request = request


class ApiTimeoutError(ApiConnectionError):
    """The request timed out (after any retries)."""


class ApiStatusError(ApiError):
    """The server answered with an error status (400 or more, or one documented as an error).

    `body` is the decoded body: the documented type when it decodes, else the JSON value or
    the text.
    """

    def __init__(
        self, message: str, *, response: httpx.Response, body: object, operation: str
    ) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.operation = operation


class BadRequestError(ApiStatusError):
    """400 Bad Request."""


class AuthenticationError(ApiStatusError):
    """401 Unauthorized."""


class PermissionDeniedError(ApiStatusError):
    """403 Forbidden."""


class NotFoundError(ApiStatusError):
    """404 Not Found."""


class ConflictError(ApiStatusError):
    """409 Conflict."""


class UnprocessableEntityError(ApiStatusError):
    """422 Unprocessable Entity."""


class RateLimitError(ApiStatusError):
    """429 Too Many Requests."""


class InternalServerError(ApiStatusError):
    """500 or more."""


_BY_STATUS: dict[int, type[ApiStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status: int) -> type[ApiStatusError]:
    """The error raised for an error status."""
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, ApiStatusError)


class UnexpectedStatusError(ApiError):
    """A success or redirect status that the operation does not document."""

    def __init__(
        self, message: str, *, response: httpx.Response, body: object, operation: str
    ) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.operation = operation


class ResponseDecodeError(ApiError):
    """The answer does not decode as the operation documents it.

    `path` names the place in the body (empty for the whole body), as the runtime's
    `ValidationError` does.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response | None,
        operation: str,
        status_code: int,
        path: str = "",
    ) -> None:
        super().__init__(message)
        self.response = response
        self.operation = operation
        self.status_code = status_code
        self.path = path


class MissingCredentialsError(ApiError):
    """The operation needs credentials for security schemes the client was not given.

    `schemes` holds the alternatives, each a tuple of scheme names that together suffice.
    """

    def __init__(self, message: str, *, schemes: tuple[tuple[str, ...], ...]) -> None:
        super().__init__(message)
        self.schemes = schemes
