"""A user's program calling an engine-backed client written as generated code would be.

tests/test_http_typing.py puts it beside a package `pkg` that carries the engine as `_http/`
and the runtime as `_runtime/`, type-checks both under mypy --strict and pyright strict, and
runs it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from functools import cached_property
from typing import Any, TypeAlias, cast

import httpx
from pkg import _http
from pkg import _runtime as rt
from typing_extensions import assert_type


@rt.model
class TypedPet(rt.Model):
    name: str = rt.field("name", rt.Str())


PET = _http.Media("application/json", rt.Nested("TypedPet"))
GET_PET = _http.Operation(
    "GET",
    "/pets/{id}",
    params=(_http.Param("id", "path", rt.Int()),),
    replies={"200": _http.Reply({"application/json": PET})},
    name="getPet",
)
ADD_PET = _http.Operation(
    "POST",
    "/pets",
    body=_http.Body((PET,), required=True),
    replies={"201": _http.Reply({"application/json": PET})},
    name="addPet",
)
LIST_PETS = _http.Operation(
    "GET",
    "/pets",
    params=(_http.Param("tags", "query", rt.List(rt.Str())),),
    replies={
        "200": _http.Reply(
            {"application/json": _http.Media("application/json", rt.List(rt.Nested("TypedPet")))}
        )
    },
    name="listPets",
)
WATCH_PETS = _http.Operation(
    "GET",
    "/pets/events",
    replies={"200": _http.Reply({"text/event-stream": PET}, stream="sse")},
    name="watchPets",
)

Timeout: TypeAlias = float | httpx.Timeout | _http.NotGiven | None


class Pets(_http.SyncResource):
    def get_pet(
        self,
        pet_id: int,
        *,
        timeout: Timeout = _http.NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
    ) -> TypedPet:
        return cast(
            "TypedPet",
            self._client.call(GET_PET, (pet_id,), timeout=timeout, extra_headers=extra_headers),
        )

    def add_pet(self, *, body: TypedPet | Mapping[str, Any]) -> TypedPet:
        return cast("TypedPet", self._client.call(ADD_PET, (), body))

    def list_pets(self, *, tags: list[str] | rt.Unset = rt.UNSET) -> list[TypedPet]:
        return cast("list[TypedPet]", self._client.call(LIST_PETS, (tags,)))

    def watch_pets(self) -> _http.Stream[TypedPet]:
        return cast("_http.Stream[TypedPet]", self._client.call(WATCH_PETS, ()))

    @cached_property
    def with_raw_response(self) -> PetsWithRawResponse:
        return PetsWithRawResponse(self)


class PetsWithRawResponse:
    def __init__(self, pets: Pets) -> None:
        self.get_pet = _http.to_raw_response_wrapper(pets.get_pet)
        self.download = _http.to_streamed_response_wrapper(pets.get_pet)


class AsyncPets(_http.AsyncResource):
    async def get_pet(self, pet_id: int) -> TypedPet:
        return cast("TypedPet", await self._client.call(GET_PET, (pet_id,)))

    async def watch_pets(self) -> _http.AsyncStream[TypedPet]:
        return cast("_http.AsyncStream[TypedPet]", await self._client.call(WATCH_PETS, ()))


class Client(_http.SyncClient):
    def __init__(
        self, *, api_key: str | None = None, transport: httpx.BaseTransport | None = None
    ) -> None:
        credentials: dict[str, _http.Credential] = {}
        if api_key is not None:
            credentials["api_key"] = _http.ApiKey(api_key, "X-API-Key")
        super().__init__(base_url="https://pets.test", credentials=credentials, transport=transport)

    @cached_property
    def pets(self) -> Pets:
        return Pets(self)


class AsyncClient(_http.AsyncBaseClient):
    @cached_property
    def pets(self) -> AsyncPets:
        return AsyncPets(self)


def answer(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/pets/events":
        return httpx.Response(
            200, content=b'data: {"name": "Rex"}\n\n', headers={"content-type": "text/event-stream"}
        )
    if request.url.path == "/pets":
        if request.method == "POST":
            return httpx.Response(
                201, content=request.content, headers={"content-type": "application/json"}
            )
        return httpx.Response(
            200, json=[{"name": tag} for tag in request.url.params.get_list("tags")]
        )
    if request.url.path == "/pets/404":
        return httpx.Response(404, json={"message": "no such pet"})
    return httpx.Response(200, json={"name": "Rex"})


def main() -> list[str]:
    seen: list[str] = []
    with Client(api_key="k", transport=httpx.MockTransport(answer)) as client:
        pet = client.pets.get_pet(1, timeout=2.0)
        assert_type(pet, TypedPet)
        seen.append(pet.name)
        added = client.pets.add_pet(body={"name": "Fido"})
        seen.append(added.name)
        pets = client.pets.list_pets(tags=["a", "b"])
        assert_type(pets, list[TypedPet])
        seen.extend(item.name for item in pets)
        with client.pets.watch_pets() as stream:
            for event in stream:
                assert_type(event, TypedPet)
                seen.append(event.name)
        raw = client.pets.with_raw_response.get_pet(2)
        assert_type(raw, _http.ApiResponse[TypedPet])
        assert_type(raw.parse(), TypedPet)
        seen.append(str(raw.status_code))
        with client.pets.with_raw_response.download(3) as download:
            assert_type(download, _http.StreamedResponse[TypedPet])
            seen.append(download.read().decode())
        quicker = client.with_options(timeout=1.0, max_retries=0)
        assert_type(quicker, Client)
        try:
            client.with_options(max_retries=0).pets.get_pet(404)
        except _http.ApiStatusError as error:
            seen.append(str(error.status_code))

    async def run_async() -> str:
        async with AsyncClient(
            base_url="https://pets.test", transport=httpx.MockTransport(answer)
        ) as api:
            found = await api.pets.get_pet(1)
            assert_type(found, TypedPet)
            names = [item.name async for item in await api.pets.watch_pets()]
            raw_get = _http.async_to_raw_response_wrapper(api.pets.get_pet)
            raw = await raw_get(1)
            assert_type(raw, _http.ApiResponse[TypedPet])
            return found.name + "/" + ",".join(names)

    seen.append(asyncio.run(run_async()))
    return seen


if __name__ == "__main__":
    print(main())
