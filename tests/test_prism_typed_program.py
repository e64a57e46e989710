"""The bar's typed user program: three operations of a generated client (one with a body, one
with query arrays, one that streams server-sent events), type-checked by mypy --strict and
pyright in strict mode, then run against httpx's MockTransport."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import urllib.parse
from pathlib import Path

import pytest

from openapi_dataclasses.pipeline import Options, generate
from openapi_dataclasses.writing import write_output

ROOT = Path(__file__).resolve().parent.parent
PYRIGHT = ROOT / "tools" / "node_modules" / ".bin" / "pyright"

SHOP = """\
openapi: 3.1.0
info: {title: Shop, version: '1'}
servers: [{url: 'https://shop.example/api'}]
security: [{api_key: []}]
paths:
  /orders:
    post:
      operationId: createOrder
      tags: [orders]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewOrder'}
      responses:
        '201':
          description: the order
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
        '422':
          description: the order is not valid
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
    get:
      operationId: listOrders
      tags: [orders]
      parameters:
        - name: status
          in: query
          schema: {type: array, items: {$ref: '#/components/schemas/Status'}}
        - name: ids
          in: query
          style: form
          explode: false
          schema: {type: array, items: {type: integer}}
      responses:
        '200':
          description: the orders
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Order'}}
  /orders/events:
    get:
      operationId: watchOrders
      tags: [events]
      responses:
        '200':
          description: a stream of changes
          content:
            text/event-stream:
              schema: {$ref: '#/components/schemas/OrderEvent'}
components:
  securitySchemes:
    api_key: {type: apiKey, in: header, name: X-Api-Key}
  schemas:
    Status: {type: string, enum: [open, shipped]}
    NewOrder:
      type: object
      required: [item, quantity]
      properties:
        item: {type: string}
        quantity: {type: integer, minimum: 1}
    Order:
      type: object
      required: [id, item, quantity, status]
      properties:
        id: {type: integer}
        item: {type: string}
        quantity: {type: integer}
        status: {$ref: '#/components/schemas/Status'}
    OrderEvent:
      type: object
      required: [order, change]
      properties:
        order: {type: integer}
        change: {type: string}
    Problem:
      type: object
      properties:
        detail: {type: string}
"""

PROGRAM = '''\
"""A user's program: three calls of the generated shop client."""

from __future__ import annotations

import json

import httpx

from shop import NewOrder, Order, OrderEvent, Status
from shop.client import Client


def answer(request: httpx.Request) -> httpx.Response:
    """The shop, as a MockTransport answers for it."""
    assert request.headers["X-Api-Key"] == "secret"
    if request.method == "POST":
        sent = json.loads(request.content)
        order = {"id": 1, "status": "open", **sent}
        return httpx.Response(201, json=order)
    if request.url.path.endswith("/events"):
        events = b"data: {\\"order\\": 1, \\"change\\": \\"shipped\\"}\\n\\n"
        events += b"data: {\\"order\\": 2, \\"change\\": \\"open\\"}\\n\\n"
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=events)
    query = str(request.url.query, "ascii")
    order = {"id": 2, "item": query, "quantity": 1, "status": "shipped"}
    return httpx.Response(200, json=[order])


def main() -> None:
    transport = httpx.MockTransport(answer)
    with Client(base_url="https://shop.example/api", api_key="secret", transport=transport) as client:
        created: Order = client.orders.create_order(body=NewOrder(item="tea", quantity=2))
        found: list[Order] = client.orders.list_orders(
            status=[Status.OPEN, Status.SHIPPED], ids=[1, 2]
        )
        changes: list[str] = []
        with client.events.watch_orders() as stream:
            for event in stream:
                checked: OrderEvent = event
                changes.append(f"{checked.order}:{checked.change}")
    print(json.dumps([created.to_dict(), found[0].to_dict(), changes]))


if __name__ == "__main__":
    main()
'''


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shop package and the program beside it, in one folder."""
    folder = tmp_path_factory.mktemp("typed-program")
    spec = folder / "shop.yaml"
    spec.write_text(SHOP, encoding="utf-8")
    output = generate(Options(spec=spec, package="shop", jobs=1, cache=False))
    out = folder / "out"
    write_output(out, output.files, "shop")
    path = out / "program.py"
    path.write_text(PROGRAM, encoding="utf-8")
    return path


def test_the_program_runs_against_a_mock_transport(program: Path) -> None:
    done = subprocess.run(
        [sys.executable, program.name],
        cwd=program.parent,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    created, found, changes = json.loads(done.stdout)
    assert created == {"id": 1, "item": "tea", "quantity": 2, "status": "open"}
    # the enum array as repeated `status`, the integers as one comma-separated `ids`
    assert urllib.parse.parse_qs(found["item"]) == {"status": ["open", "shipped"], "ids": ["1,2"]}
    assert changes == ["1:shipped", "2:open"]


def test_mypy_strict_reports_nothing_on_the_program(program: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", program.name],
        cwd=program.parent,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_pyright_strict_reports_nothing_on_the_program(program: Path) -> None:
    if not PYRIGHT.exists():
        reason = f"{PYRIGHT} is absent: `make tools` installs pyright (tools/package.json)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI=true requires it")
        pytest.skip(reason)
    config = {"typeCheckingMode": "strict", "pythonVersion": "3.10", "include": [program.name]}
    (program.parent / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    done = subprocess.run(
        [str(PYRIGHT), "--pythonpath", sys.executable, "--outputjson"],
        cwd=program.parent,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    report = json.loads(done.stdout)
    problems = [
        f"{Path(item['file']).name}:{item['range']['start']['line'] + 1}: {item['message']}"
        for item in report["generalDiagnostics"]
    ]
    assert problems == []
    assert report["summary"]["filesAnalyzed"] >= 1
    assert done.returncode == 0, textwrap.shorten(done.stdout, 2000)
