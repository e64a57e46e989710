"""When to try a request again, and how long to wait first.

Connection errors and the statuses of `RetryPolicy.retry_statuses` (408, 429 and 5xx by
default) are retried for idempotent methods (all methods with `idempotent_only=False`); a
connection that could not be opened is retried for every method, since nothing was sent.
The wait is the server's `retry-after-ms` or `Retry-After` (seconds or an HTTP date), capped
at `retry_after_max`; else exponential backoff from `backoff_base`, capped at `backoff_max`,
less up to `jitter` of itself at random.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

__all__ = [
    "RetryPolicy",
    "backoff",
    "error_retry_delay",
    "retry_after",
    "status_retry_delay",
]


@dataclass(frozen=True)
class RetryPolicy:
    """How a client retries. `sleep` and `async_sleep` replace `time.sleep` and
    `anyio.sleep` (tests pass functions that record the waits); `random` gives the jitter.
    """

    max_retries: int = 2
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    jitter: float = 0.25
    retry_statuses: tuple[int, ...] = (408, 429, 500, 502, 503, 504)
    idempotent_only: bool = True
    retry_after_max: float = 60.0
    sleep: Callable[[float], object] = time.sleep
    async_sleep: Callable[[float], Awaitable[object]] | None = None
    random: Callable[[], float] = random.random


def retry_after(headers: httpx.Headers, now: float | None = None) -> float | None:
    """The wait the server asks for, in seconds (None: it does not say, or says nonsense)."""
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return _sane(float(milliseconds) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return _sane(float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # only for HTTP dates, rare

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _sane(seconds: float) -> float | None:
    return seconds if seconds >= 0 and math.isfinite(seconds) else None


def backoff(policy: RetryPolicy, attempt: int) -> float:
    """The wait before retry number `attempt + 1` when the server does not say."""
    wait: float = min(policy.backoff_base * 2**attempt, policy.backoff_max)
    return wait * (1 - policy.jitter * policy.random())


def _delay(policy: RetryPolicy, attempt: int, headers: httpx.Headers | None) -> float:
    asked = retry_after(headers) if headers is not None else None
    if asked is not None:
        return min(asked, policy.retry_after_max)
    return backoff(policy, attempt)


def status_retry_delay(
    policy: RetryPolicy, idempotent: bool, attempt: int, response: httpx.Response
) -> float | None:
    """The wait before retrying after `response`, or None not to retry."""
    if (
        attempt >= policy.max_retries
        or response.status_code not in policy.retry_statuses
        or (policy.idempotent_only and not idempotent)
    ):
        return None
    return _delay(policy, attempt, response.headers)


def error_retry_delay(
    policy: RetryPolicy, idempotent: bool, attempt: int, error: httpx.TransportError
) -> float | None:
    """The wait before retrying after a connection error, or None not to retry."""
    if attempt >= policy.max_retries:
        return None
    if isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout)):
        return _delay(policy, attempt, None)  # nothing was sent: safe for every method
    retried = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
    if isinstance(error, retried) and (idempotent or not policy.idempotent_only):
        return _delay(policy, attempt, None)
    return None
