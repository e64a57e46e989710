"""The HTTP engine every generated operation calls (shipped as `<package>/_http/`).

A generated tag module holds an `Operation` per operation and methods that call
`self._client.call(OPERATION, (values...), body, ...)`; the generated `Client` and
`AsyncClient` subclass `SyncClient` and `AsyncBaseClient`. Standard library and httpx only,
plus the package's runtime (`from ..runtime import ...`, shipped as `from .._runtime`).
"""

from .auth import ApiKey, Credential, HttpBasic, HttpBearer, OAuth2ClientCredentials
from .base import DEFAULT_TIMEOUT, Timeout
from .bodies import FileContent, FileTuple
from .client import AsyncBaseClient, AsyncResource, SyncClient, SyncResource
from .errors import (
    ApiConnectionError,
    ApiError,
    ApiStatusError,
    ApiTimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MissingCredentialsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    UnexpectedStatusError,
    UnprocessableEntityError,
)
from .operation import Body, Media, Operation, Param, PartEncoding, Reply
from .responses import (
    ApiResponse,
    AsyncApiResponse,
    AsyncStreamedResponse,
    AsyncStreamedResponseContext,
    StreamedResponse,
    StreamedResponseContext,
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from .retries import RetryPolicy
from .sentinels import NO_BODY, NOT_GIVEN, NoBody, NotGiven
from .streams import AsyncStream, ServerSentEvent, Stream

__all__ = [
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "NO_BODY",
    "ApiConnectionError",
    "ApiError",
    "ApiKey",
    "ApiResponse",
    "ApiStatusError",
    "ApiTimeoutError",
    "AsyncApiResponse",
    "AsyncBaseClient",
    "AsyncResource",
    "AsyncStream",
    "AsyncStreamedResponse",
    "AsyncStreamedResponseContext",
    "AuthenticationError",
    "BadRequestError",
    "Body",
    "ConflictError",
    "Credential",
    "FileContent",
    "FileTuple",
    "HttpBasic",
    "HttpBearer",
    "InternalServerError",
    "Media",
    "MissingCredentialsError",
    "NoBody",
    "NotFoundError",
    "NotGiven",
    "OAuth2ClientCredentials",
    "Operation",
    "Param",
    "PartEncoding",
    "PermissionDeniedError",
    "RateLimitError",
    "Reply",
    "ResponseDecodeError",
    "RetryPolicy",
    "ServerSentEvent",
    "Stream",
    "StreamedResponse",
    "StreamedResponseContext",
    "SyncClient",
    "SyncResource",
    "Timeout",
    "UnexpectedStatusError",
    "UnprocessableEntityError",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]
