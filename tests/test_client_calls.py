"""The generated client end to end: the golden case `client_calls` generated, imported and called,
sync and async, against httpx's MockTransport; each test checks the request the client sent and
what it made of the reply."""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from support import imported

from openapi_dataclasses.pipeline import Options, generate
from openapi_dataclasses.writing import write_output

SPEC = Path(__file__).resolve().parent / "golden" / "client_calls" / "spec.yaml"
PACKAGE = "client_calls"
BASE = "https://eu.pets.example.com/v1"
PET = {"id": 1, "name": "Rex", "tags": ["dog"]}

Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("client")
    output = generate(Options(spec=SPEC, package=PACKAGE, jobs=1, cache=False))
    write_output(folder, output.files, PACKAGE)
    return folder


@pytest.fixture
def package(out: Path) -> Iterator[ModuleType]:
    """The package, with its `client` module imported (the package itself does not import it)."""
    with imported(out, PACKAGE) as module:
        importlib.import_module(f"{PACKAGE}.client")
        yield module


class Recorder:
    """A MockTransport's handler that keeps the requests and answers with `reply`."""

    def __init__(self, reply: Handler) -> None:
        self.reply = reply
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.reply(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def client(package: ModuleType, reply: Handler, **options: Any) -> tuple[Any, Recorder]:
    recorder = Recorder(reply)
    made = package.client.Client(transport=httpx.MockTransport(recorder), **options)
    return made, recorder


def json_reply(status: int, data: Any) -> Handler:
    return lambda _: httpx.Response(status, json=data)


# -- parameters ----------------------------------------------------------------------------------


def test_parameters_go_where_and_as_the_description_says(package: ModuleType) -> None:
    api, sent = client(package, json_reply(200, [PET]), api_key="k")
    status = package.ListPetsStatusEnum.SOLD

    pets = api.pets.list_pets(
        tags=["a", "b"],
        status=status,
        limit=10,
        filter={"color": "red"},
        x_request_id="00000000-0000-4000-8000-000000000000",
        session="s1",
    )

    url = sent.last.url
    assert (sent.last.method, f"{url.scheme}://{url.host}{url.path}") == ("GET", f"{BASE}/pets")
    assert url.query.decode() == "tags=a,b&status=sold&limit=10&filter%5Bcolor%5D=red"
    assert sent.last.headers["X-Request-Id"] == "00000000-0000-4000-8000-000000000000"
    assert sent.last.headers["Cookie"] == "session=s1"
    assert sent.last.headers["X-API-Key"] == "k"
    assert pets == [package.Pet(id=1, name="Rex", tags=["dog"])]


def test_optional_parameters_left_out_are_not_sent(package: ModuleType) -> None:
    api, sent = client(package, json_reply(200, []), api_key="k")

    assert api.pets.list_pets() == []
    assert sent.last.url.query == b""
    assert "Cookie" not in sent.last.headers


def test_path_values_are_percent_encoded(package: ModuleType) -> None:
    api, sent = client(package, json_reply(200, PET), bearer="token")

    api.pets.get_pet(42)

    assert sent.last.url.raw_path == b"/v1/pets/42"
    assert sent.last.headers["Authorization"] == "Bearer token"


def test_a_content_parameter_is_sent_as_its_media_type(package: ModuleType) -> None:
    lines = json.dumps(PET) + "\n"
    headers = {"Content-Type": "application/jsonl"}
    api, sent = client(
        package, lambda _: httpx.Response(200, headers=headers, text=lines), api_key="k"
    )
    where = package.ExportStoreWhere.from_dict({"since": "2024-01-01T00:00:00Z"})

    with api.store.export_store(where=where) as pets:
        assert list(pets) == [package.Pet(id=1, name="Rex", tags=["dog"])]

    assert sent.last.url.params["where"] == '{"since":"2024-01-01T00:00:00Z"}'


# -- bodies --------------------------------------------------------------------------------------


def test_a_model_body_is_sent_as_json(package: ModuleType) -> None:
    api, sent = client(package, json_reply(201, PET), api_key="k")

    pet = api.pets.create_pet(body=package.NewPet(name="Rex", tags=["dog"]))

    assert sent.last.headers["Content-Type"] == "application/json"
    assert json.loads(sent.last.content) == {"name": "Rex", "tags": ["dog"]}
    assert pet.id == 1


def test_wire_data_is_validated_before_anything_is_sent(package: ModuleType) -> None:
    api, sent = client(package, json_reply(201, PET), api_key="k")

    assert api.pets.create_pet(body={"name": "Rex"}).name == "Rex"
    with pytest.raises(package.ValidationError, match="name"):
        api.pets.create_pet(body={"name": ""})  # minLength: 1

    assert len(sent.requests) == 1


def test_the_content_type_is_chosen_from_the_operations(package: ModuleType) -> None:
    api, sent = client(package, json_reply(201, PET), api_key="k")

    api.pets.create_pet(
        body=package.NewPet(name="Rex", tags=["dog", "cat"]),
        content_type="application/x-www-form-urlencoded",
    )

    assert sent.last.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert sent.last.content == b"name=Rex&tags=dog%7Ccat"  # pipeDelimited, as encoded


def test_a_multipart_body_sends_its_file_as_a_file_part(package: ModuleType) -> None:
    api, sent = client(package, lambda _: httpx.Response(204), api_key="k")
    photo = package.UploadPhotoRequest(photo=("rex.png", b"\x89PNG", "image/png"), caption="Rex")

    assert api.pets.upload_photo(7, body=photo) is None

    assert sent.last.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    body = sent.last.content
    assert b'name="photo"; filename="rex.png"' in body
    assert b"Content-Type: image/png" in body and b"\x89PNG" in body
    assert b'name="caption"' in body and b"Rex" in body


def test_raw_and_text_bodies_and_replies(package: ModuleType) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/photo"):
            return httpx.Response(200, headers={"Content-Type": "image/png"}, content=b"\x89PNG")
        if request.url.path.endswith("/notes"):
            return httpx.Response(200, text=request.content.decode().upper())
        return httpx.Response(202, json={"size": len(request.content)})

    api, sent = client(package, reply, api_key="k")

    assert api.pets.download_photo(7) == b"\x89PNG"
    assert api.pets.set_notes(7, body="good dog") == "GOOD DOG"
    assert sent.last.headers["Content-Type"] == "text/plain"
    assert api.default.post_upload(body=b"0123").size == 4
    assert sent.last.headers["Content-Type"] == "application/octet-stream"
    assert "X-API-Key" not in sent.last.headers  # `security: []`


# -- replies and errors --------------------------------------------------------------------------


def test_a_documented_error_raises_its_typed_error(package: ModuleType) -> None:
    api, _ = client(package, json_reply(404, {"code": 404, "message": "no such pet"}), api_key="k")

    with pytest.raises(package.client.NotFoundError) as raised:
        api.pets.get_pet(9)

    assert raised.value.status_code == 404
    assert raised.value.body == package.Error(code=404, message="no such pet")
    assert isinstance(raised.value, package.client.ApiStatusError)


def test_an_undocumented_success_or_a_reply_that_does_not_decode_is_an_error(
    package: ModuleType,
) -> None:
    api, _ = client(package, json_reply(202, PET), api_key="k")
    with pytest.raises(package.client.UnexpectedStatusError):
        api.pets.get_pet(9)

    api, _ = client(package, json_reply(200, {"id": "one"}), api_key="k")
    with pytest.raises(package.client.ResponseDecodeError):
        api.pets.get_pet(9)


def test_an_event_stream_yields_decoded_items(package: ModuleType) -> None:
    events = 'data: {"kind": "sold", "petId": 1}\n\ndata: {"kind": "restocked"}\n\n'
    reply = lambda _: httpx.Response(  # noqa: E731
        200, headers={"Content-Type": "text/event-stream"}, text=events
    )
    api, sent = client(package, reply, oauth="token")

    with api.store.watch_events() as stream:
        kinds = [event.kind for event in stream]

    assert kinds == [package.EventKindEnum.SOLD, package.EventKindEnum.RESTOCKED]
    assert sent.last.headers["Authorization"] == "Bearer token"


def test_the_raw_response_gives_status_headers_and_the_parsed_body(package: ModuleType) -> None:
    reply = lambda _: httpx.Response(200, headers={"X-Next": "/pets?page=2"}, json=[PET])  # noqa: E731
    api, _ = client(package, reply, api_key="k")

    response = api.pets.with_raw_response.list_pets(limit=1)

    assert (response.status_code, response.headers["X-Next"]) == (200, "/pets?page=2")
    assert response.parse() == [package.Pet(id=1, name="Rex", tags=["dog"])]


# -- credentials and the client ------------------------------------------------------------------


def test_credentials_are_those_of_the_first_alternative_given(package: ModuleType) -> None:
    api, sent = client(package, lambda _: httpx.Response(204), basic=("ann", "secret"))

    api.pets.delete_pet(3)
    assert sent.last.headers["Authorization"] == "Basic YW5uOnNlY3JldA=="

    anonymous, sent = client(package, lambda _: httpx.Response(204))
    anonymous.pets.delete_pet(3)  # its security allows no credentials
    assert "Authorization" not in sent.last.headers
    with pytest.raises(package.client.MissingCredentialsError, match="api_key"):
        anonymous.pets.get_pet(3)


def test_the_base_url_is_the_servers_or_the_one_given(package: ModuleType) -> None:
    assert package.client.BASE_URL == BASE
    api, sent = client(package, json_reply(200, PET), api_key="k", base_url="http://test/v9")

    api.pets.get_pet(1)

    assert str(sent.last.url) == "http://test/v9/pets/1"


def test_the_async_client_awaits_the_same_calls(package: ModuleType) -> None:
    sent: list[httpx.Request] = []

    def reply(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path.endswith("/events"):
            return httpx.Response(
                200,
                headers={"Content-Type": "text/event-stream"},
                text='data: {"kind": "sold"}\n\n',
            )
        return httpx.Response(201, json=PET)

    async def calls() -> tuple[Any, list[Any]]:
        async with package.client.AsyncClient(
            transport=httpx.MockTransport(reply), api_key="k", oauth="t"
        ) as api:
            created = await api.pets.create_pet(body={"name": "Rex"})
            async with await api.store.watch_events() as stream:
                events = [event async for event in stream]
            return created, events

    created, events = asyncio.run(calls())

    assert created == package.Pet(id=1, name="Rex", tags=["dog"])
    assert [event.kind.value for event in events] == ["sold"]
    assert [request.method for request in sent] == ["POST", "GET"]


def test_importing_the_package_or_the_client_imports_no_more_than_it_needs(out: Path) -> None:
    code = (
        "import sys\n"
        f"import {PACKAGE}\n"
        "print('httpx' in sys.modules)\n"
        f"from {PACKAGE}.client import Client\n"
        f"print(sorted(name for name in sys.modules if name.startswith('{PACKAGE}.api.')))\n"
        "Client(api_key='k').pets\n"
        f"print(sorted(name for name in sys.modules if name.startswith('{PACKAGE}.api.')))\n"
    )
    printed = subprocess.run(
        [sys.executable, "-c", code], cwd=out, capture_output=True, text=True, check=True
    ).stdout.splitlines()

    assert printed == ["False", "[]", f"['{PACKAGE}.api.pets']"]
