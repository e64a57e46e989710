"""The generated client type-checks, and so does a user's program that calls it: mypy --strict and
pyright strict (as Pylance's strict mode) on the client modules of the golden case `client_calls`
and on a program calling three operations (a body, query arrays, a stream), sync and async. A
program that passes a wrong type is reported by both, so the types are really seen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import mypy.api
import pytest
from support import REPO_ROOT

from openapi_dataclasses.pipeline import Options, generate
from openapi_dataclasses.writing import write_output

SPEC = Path(__file__).resolve().parent / "golden" / "client_calls" / "spec.yaml"
PACKAGE = "client_calls"
PYRIGHT = REPO_ROOT / "tools" / "node_modules" / ".bin" / "pyright"

PROGRAM = f"""\
from __future__ import annotations

import asyncio

from {PACKAGE} import Event, NewPet, Pet
from {PACKAGE}.client import AsyncClient, Client, NotFoundError, Stream


def sync_calls(client: Client) -> list[str]:
    created: Pet = client.pets.create_pet(body=NewPet(name="Rex", tags=["dog"]))
    found: list[Pet] = client.pets.list_pets(tags=["dog", "cat"], limit=10)
    events: Stream[Event] = client.store.watch_events()
    with events:
        kinds = [event.kind.value for event in events]
    try:
        client.pets.get_pet(created.id)
    except NotFoundError as error:
        print(error.status_code)
    raw = client.pets.with_raw_response.list_pets(limit=1)
    return [pet.name for pet in found + raw.parse()] + kinds


async def async_calls(client: AsyncClient) -> list[str]:
    created = await client.pets.create_pet(body={{"name": "Rex"}})
    found = await client.pets.list_pets(tags=["dog"])
    async with await client.store.watch_events() as events:
        kinds = [event.kind.value async for event in events]
    return [created.name, *(pet.name for pet in found), *kinds]


if __name__ == "__main__":
    print(sync_calls(Client(api_key="key")))
    print(asyncio.run(async_calls(AsyncClient(api_key="key"))))
"""
WRONG = "from client_calls.client import Client\n\nClient(api_key='k').pets.get_pet('one')\n"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("typed")
    output = generate(Options(spec=SPEC, package=PACKAGE, jobs=1, cache=False))
    write_output(folder, output.files, PACKAGE)
    (folder / "program.py").write_text(PROGRAM, encoding="utf-8")
    (folder / "wrong.py").write_text(WRONG, encoding="utf-8")
    (folder / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")
    config = {"typeCheckingMode": "strict", "pythonVersion": "3.10"}
    (folder / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    return folder


def run_mypy(out: Path, *targets: str) -> tuple[str, int]:
    previous = Path.cwd()
    os.chdir(out)
    try:
        stdout, stderr, status = mypy.api.run(
            ["--strict", "--config-file", "mypy.ini", "--no-incremental", *targets]
        )
    finally:
        os.chdir(previous)
    return stdout + stderr, status


def run_pyright(out: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    if not PYRIGHT.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PYRIGHT} is missing; CI=true requires it (make tools)")
        pytest.skip(f"{PYRIGHT} is missing: `make tools` installs it")
    return subprocess.run(
        [str(PYRIGHT), "--pythonpath", sys.executable, *targets],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_mypy_strict_passes_on_the_client_and_a_program_calling_it(out: Path) -> None:
    report, status = run_mypy(out, "program.py", PACKAGE)

    assert status == 0, report


def test_pyright_strict_passes_on_the_client_and_a_program_calling_it(out: Path) -> None:
    checked = run_pyright(out, "program.py", f"{PACKAGE}/client.py", f"{PACKAGE}/api")

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 errors" in checked.stdout


def test_both_report_an_argument_of_the_wrong_type(out: Path) -> None:
    report, status = run_mypy(out, "wrong.py")
    checked = run_pyright(out, "wrong.py")

    assert status == 1 and 'incompatible type "str"; expected "int"' in report, report
    assert checked.returncode == 1 and '"Literal[\'one\']" is not assignable to "int"' in (
        checked.stdout
    ), checked.stdout
