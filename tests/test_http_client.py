"""The clients themselves: construction, options, headers, resources, closing."""

from __future__ import annotations

import asyncio
from functools import cached_property

import httpx
import pytest
from http_support import BASE, Recorder, answer, async_client, client, get

from openapi_dataclasses import http as oh
from openapi_dataclasses import runtime as rt


class Pets(oh.SyncResource):
    def list(self) -> None:
        self._client.call(get("/pets"), ())


class ExampleClient(oh.SyncClient):
    """What a generated client looks like: a cached property per group."""

    @cached_property
    def pets(self) -> Pets:
        return Pets(self)


def test_the_base_url_and_path_are_joined_whatever_the_slashes() -> None:
    recorder = Recorder()
    oh.SyncClient(base_url="https://x.test/api/", transport=recorder.transport()).call(
        get("/pets"), ()
    )
    assert str(recorder.last.url) == "https://x.test/api/pets"


def test_client_headers_and_extra_headers_per_call() -> None:
    recorder = Recorder()
    api = client(recorder, headers={"User-Agent": "sdk/1", "X-Team": "a"})
    api.call(get(), (), extra_headers={"X-Team": "b", "X-Once": "1"})
    assert recorder.last.headers["user-agent"] == "sdk/1"
    assert recorder.last.headers["x-team"] == "b"
    assert recorder.last.headers["x-once"] == "1"
    api.call(get(), ())
    assert recorder.last.headers["x-team"] == "a"
    assert "x-once" not in recorder.last.headers


def test_a_passed_httpx_client_lends_its_headers_cookies_params_hooks_and_base_url() -> None:
    # The engine builds most requests itself (faster than `build_request`); what an httpx
    # client of the user's sets must still reach every request, changes made later included.
    recorder, hooked = Recorder(), []
    http = httpx.Client(
        transport=recorder.transport(),
        headers={"X-Team": "a", "Accept": "text/plain"},
        event_hooks={"request": [lambda request: hooked.append(request.url.path)]},
        auth=("user", "secret"),
    )
    api = oh.SyncClient(base_url=BASE, http_client=http)
    api.call(get(), ())
    sent = recorder.last
    assert sent.headers["x-team"] == "a" and sent.headers["accept"] == "text/plain"
    assert sent.headers["authorization"].startswith("Basic ") and hooked == ["/v1/items"]
    assert sent.extensions["timeout"] == httpx.Timeout(60.0, connect=5.0).as_dict()
    http.headers["X-Team"] = "b"
    api.call(get(), (), timeout=3.0)
    assert recorder.last.headers["x-team"] == "b"
    assert recorder.last.extensions["timeout"] == httpx.Timeout(3.0).as_dict()
    http.cookies.set("session", "s1")
    http.params = httpx.QueryParams({"tenant": "t1"})
    api.call(get(), ())
    assert recorder.last.headers["cookie"] == "session=s1"
    assert recorder.last.url.params["tenant"] == "t1"
    relative = oh.SyncClient(
        base_url="/v2", http_client=httpx.Client(transport=recorder.transport(), base_url=BASE)
    )
    relative.call(get(), ())
    assert str(recorder.last.url) == BASE + "/v2/items"


def test_a_cookie_the_server_sets_is_sent_back() -> None:
    recorder = Recorder(
        answer(200, set_cookie="session=s2; Path=/"),
        answer(200),
        answer(200, **{"Set-Cookie": "session=s3; Path=/"}),
        answer(200),
    )
    api = client(recorder, timeout=7.0)
    api.call(get(), ())
    assert "cookie" not in recorder.last.headers
    api.call(get(), ())  # an answer that sets none keeps the jar as it is
    assert recorder.last.headers["cookie"] == "session=s2"
    assert recorder.last.extensions["timeout"] == httpx.Timeout(7.0).as_dict()
    api.call(get(), ())
    api.call(get(), (), timeout=2.5)
    assert recorder.last.headers["cookie"] == "session=s3"
    assert recorder.last.extensions["timeout"] == httpx.Timeout(2.5).as_dict()


def test_a_cookie_the_server_sets_is_sent_back_by_the_async_client() -> None:
    recorder = Recorder(answer(200, set_cookie="session=s2; Path=/"), answer(200))
    api = async_client(recorder)

    async def twice() -> None:
        await api.call(get(), ())
        await api.call(get(), ())

    asyncio.run(twice())
    assert recorder.last.headers["cookie"] == "session=s2"


def test_an_answer_without_cookies_skips_httpx_s_cookie_adapter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # httpx copies every request into a urllib Request to read the answer's cookies: 18 µs of
    # each call. The clients the engine makes pay it only for answers that set cookies.
    def refused(*args: object) -> None:
        raise AssertionError("httpx's cookie adapter ran for an answer without cookies")

    monkeypatch.setattr(httpx.Cookies, "_CookieCompatRequest", refused)
    recorder = Recorder(answer(200))
    client(recorder).call(get(), ())
    with pytest.raises(AssertionError, match="cookie adapter"):
        oh.SyncClient(base_url=BASE, http_client=httpx.Client(transport=recorder.transport())).call(
            get(), ()
        )


def test_the_accept_header_lists_the_success_media_types() -> None:
    recorder = Recorder(httpx.Response(200, json={}))
    replies = {
        "200": oh.Reply(
            {"application/json": oh.Media("application/json"), "text/csv": oh.Media("text/csv")}
        ),
        "404": oh.Reply(
            {"application/problem+json": oh.Media("application/problem+json")}, error=True
        ),
    }
    client(recorder).call(get(replies=replies), ())
    assert recorder.last.headers["accept"] == "application/json, text/csv"


def test_with_options_changes_a_copy_and_rebinds_resources() -> None:
    recorder = Recorder()
    api = ExampleClient(
        base_url="https://x.test", transport=recorder.transport(), headers={"X-A": "1"}
    )
    pets = api.pets
    quick = api.with_options(timeout=2.0, max_retries=0, headers={"X-B": "2"})
    assert quick.pets is not pets
    assert quick.pets._client is quick
    assert api.pets is pets
    assert quick.timeout == 2.0
    assert quick.retry.max_retries == 0
    assert api.retry.max_retries == 2
    quick.pets.list()
    assert recorder.last.headers["x-a"] == "1"
    assert recorder.last.headers["x-b"] == "2"
    assert recorder.last.extensions["timeout"] == httpx.Timeout(2.0).as_dict()
    api.pets.list()
    assert "x-b" not in recorder.last.headers
    assert quick.http_client is api.http_client


def test_with_options_may_change_the_transport() -> None:
    first, second = Recorder(), Recorder()
    api = client(first)
    other = api.with_options(transport=second.transport())
    other.call(get(), ())
    assert (len(first.requests), len(second.requests)) == (0, 1)
    other.close()
    assert not api.http_client.is_closed


def test_closing_closes_only_the_httpx_client_it_made() -> None:
    with client(Recorder()) as api:
        made = api.http_client
    assert made.is_closed
    mine = httpx.Client(transport=Recorder().transport())
    with oh.SyncClient(base_url="https://x.test", http_client=mine) as api:
        api.call(get(), ())
    assert not mine.is_closed
    assert api.with_options(max_retries=1).http_client is mine


def test_an_httpx_client_and_a_transport_are_not_both_given() -> None:
    with pytest.raises(ValueError, match="not both"):
        oh.SyncClient(
            base_url="https://x.test",
            http_client=httpx.Client(),
            transport=httpx.MockTransport(Recorder()),
        )


def test_the_async_client_closes_and_copies_the_same() -> None:
    recorder = Recorder()

    async def main() -> None:
        async with oh.AsyncBaseClient(
            base_url="https://x.test", transport=recorder.transport()
        ) as api:
            other = api.with_options(headers={"X-C": "3"})
            await other.call(get(), ())
            assert recorder.last.headers["x-c"] == "3"
            made = api.http_client
        assert made.is_closed

    asyncio.run(main())


def test_an_operation_is_compiled_once() -> None:
    operation = get("/pets/{id}", (oh.Param("id", "path", rt.Int()),))
    api = client(Recorder())
    api.call(operation, (1,))
    plan = operation.plan
    api.call(operation, (2,))
    assert operation.plan is plan
