"""Retries, waits and timeouts, with a `sleep` that records instead of waiting."""

from __future__ import annotations

import asyncio
import email.utils

import httpx
import pytest
from http_support import JSON, Recorder, Sleeps, answer, async_client, client, get

from openapi_dataclasses import http as oh
from openapi_dataclasses.http.retries import backoff, retry_after


def policy(sleeps: Sleeps, **options: object) -> oh.RetryPolicy:
    return oh.RetryPolicy(sleep=sleeps, random=lambda: 0.0, **options)  # type: ignore[arg-type]


def run(recorder: Recorder, method: str = "GET", **options: object) -> tuple[object, list[float]]:
    sleeps = Sleeps()
    api = client(recorder, retry=policy(sleeps, **options))
    try:
        result: object = api.call(get(method=method), ())
    except oh.ApiError as error:
        result = error
    return result, sleeps.waits


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_retried_statuses_are_sent_again_with_exponential_backoff(status: int) -> None:
    recorder = Recorder(answer(status), answer(status), answer(200))
    result, waits = run(recorder)
    assert result is None
    assert len(recorder.requests) == 3
    assert waits == [0.5, 1.0]


def test_other_statuses_are_not_retried() -> None:
    for status in (400, 404, 501):
        recorder = Recorder(answer(status))
        result, waits = run(recorder)
        assert isinstance(result, oh.ApiStatusError)
        assert (len(recorder.requests), waits) == (1, [])


def test_after_the_last_retry_the_error_is_raised() -> None:
    recorder = Recorder(answer(503, {"message": "down"}))
    result, waits = run(recorder, max_retries=3)
    assert isinstance(result, oh.InternalServerError)
    assert result.body == {"message": "down"}
    assert len(recorder.requests) == 4
    assert waits == [0.5, 1.0, 2.0]


def test_non_idempotent_methods_are_not_retried_unless_configured() -> None:
    recorder = Recorder(answer(503), answer(200))
    result, _ = run(recorder, method="POST")
    assert isinstance(result, oh.InternalServerError)
    assert len(recorder.requests) == 1
    recorder = Recorder(answer(503), answer(200))
    result, _ = run(recorder, method="POST", idempotent_only=False)
    assert result is None
    assert len(recorder.requests) == 2


def test_idempotent_methods_are_retried() -> None:
    for method in ("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"):
        recorder = Recorder(answer(503), answer(200))
        result, _ = run(recorder, method=method)
        assert result is None, method
        assert len(recorder.requests) == 2


def test_retry_after_in_seconds_milliseconds_and_http_dates() -> None:
    recorder = Recorder(
        answer(429, retry_after="3"), answer(429, retry_after_ms="250"), answer(200)
    )
    _, waits = run(recorder)
    assert waits == [3.0, 0.25]
    later = email.utils.formatdate(1_000_000 + 42, usegmt=True)
    assert retry_after(httpx.Headers({"retry-after": later}), now=1_000_000) == 42.0
    assert retry_after(httpx.Headers({"retry-after": "soon"})) is None
    assert retry_after(httpx.Headers({"retry-after": "-1"})) is None


def test_a_long_retry_after_is_capped() -> None:
    recorder = Recorder(answer(503, retry_after="3600"), answer(200))
    _, waits = run(recorder, retry_after_max=20.0)
    assert waits == [20.0]


def test_a_nonsense_retry_after_falls_back_to_backoff() -> None:
    recorder = Recorder(answer(503, retry_after="whenever"), answer(200))
    _, waits = run(recorder)
    assert waits == [0.5]


def test_backoff_is_capped_and_jitter_takes_off_up_to_its_share() -> None:
    steady = oh.RetryPolicy(random=lambda: 0.0)
    assert [backoff(steady, attempt) for attempt in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    most = oh.RetryPolicy(random=lambda: 1.0, jitter=0.25)
    assert backoff(most, 2) == 1.5


def test_connection_errors_are_retried_then_raised_as_api_errors() -> None:
    recorder = Recorder(httpx.ReadError("reset"), answer(200))
    result, waits = run(recorder)
    assert result is None
    assert waits == [0.5]
    failing = Recorder(httpx.ReadError("reset"))
    result, _ = run(failing)
    assert isinstance(result, oh.ApiConnectionError)
    assert not isinstance(result, oh.ApiTimeoutError)
    assert str(result) == "testOperation: ReadError: reset"
    assert len(failing.requests) == 3
    assert result.request is not None


def test_a_connection_that_never_opened_is_retried_even_for_post() -> None:
    recorder = Recorder(httpx.ConnectError("refused"), answer(200))
    result, _ = run(recorder, method="POST")
    assert result is None
    broken = Recorder(httpx.ReadError("reset"), answer(200))
    result, _ = run(broken, method="POST")
    assert isinstance(result, oh.ApiConnectionError)


def test_timeouts_raise_the_timeout_error() -> None:
    recorder = Recorder(httpx.ReadTimeout("slow"))
    result, waits = run(recorder, max_retries=1)
    assert isinstance(result, oh.ApiTimeoutError)
    assert isinstance(result, oh.ApiConnectionError)
    assert len(waits) == 1


def test_timeouts_per_client_and_per_call() -> None:
    recorder = Recorder()
    api = client(recorder, timeout=12.0)
    api.call(get(), ())
    assert recorder.last.extensions["timeout"] == httpx.Timeout(12.0).as_dict()
    api.call(get(), (), timeout=httpx.Timeout(1.0, connect=2.0))
    assert recorder.last.extensions["timeout"] == httpx.Timeout(1.0, connect=2.0).as_dict()
    api.call(get(), (), timeout=None)
    assert recorder.last.extensions["timeout"] == httpx.Timeout(None).as_dict()
    default = client(recorder)
    default.call(get(), ())
    assert recorder.last.extensions["timeout"] == oh.DEFAULT_TIMEOUT.as_dict()


def test_a_given_httpx_client_gets_the_clients_timeout() -> None:
    recorder = Recorder()
    mine = httpx.Client(transport=recorder.transport(), timeout=99.0)
    oh.SyncClient(base_url="https://x.test", http_client=mine, timeout=3.0).call(get(), ())
    assert recorder.last.extensions["timeout"] == httpx.Timeout(3.0).as_dict()


def test_max_retries_zero_sends_once() -> None:
    recorder = Recorder(answer(503))
    api = client(recorder, max_retries=0, retry=None)
    with pytest.raises(oh.InternalServerError):
        api.call(get(), ())
    assert len(recorder.requests) == 1


def test_the_async_client_retries_and_waits_with_its_sleep() -> None:
    recorder = Recorder(
        answer(503, retry_after="2"), httpx.ConnectError("refused"), answer(200, {"ok": True})
    )
    sleeps = Sleeps()

    async def main() -> object:
        retry = oh.RetryPolicy(sleep=sleeps, async_sleep=sleeps.sleep_async, random=lambda: 0.0)
        async with async_client(recorder, retry=retry) as api:
            operation = get(replies={"200": oh.Reply({JSON: oh.Media(JSON)})})
            return await api.call(operation, ())

    assert asyncio.run(main()) == {"ok": True}
    assert sleeps.waits == [2.0, 1.0]


def test_the_async_client_sleeps_with_anyio_by_default() -> None:
    recorder = Recorder(answer(503, retry_after_ms="1"), answer(200))

    async def main() -> None:
        api = oh.AsyncBaseClient(base_url="https://x.test", transport=recorder.transport())
        await api.call(get(), ())
        await api.aclose()

    asyncio.run(main())
    assert len(recorder.requests) == 2
