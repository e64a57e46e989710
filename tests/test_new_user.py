"""A new user, scripted: a small service's repository that pins its own Black installs the tool,
generates two APIs into dotted packages under `src/` with the docs in `docs/api/`, imports them,
and its own toolchain (Black with its line length, ruff, pyright strict) has nothing to say; a
file of its own in the output folder survives `generate`, and two targets sharing a folder are a
configuration error.

Slow: the wheel is built from a clean checkout and installed into a fresh virtual environment
beside `black==24.10.0` (pip installs from PyPI, through its cache, about 30 s in all).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FRAGMENT_SPEC
from support import REPO_ROOT, without_checkout
from test_packaging import dist  # noqa: F401 - the fixture: the sdist and the wheel

pytestmark = pytest.mark.slow

PROJECT_BLACK = "black==24.10.0"  # the project's own pin, older than the tool's newest
PYRIGHT = REPO_ROOT / "tools" / "node_modules" / ".bin" / "pyright"

PYPROJECT = """\
[project]
name = "shop"
version = "1.0"

[tool.black]
line-length = 100

[tool.ruff]
line-length = 100

[tool.openapi-dataclasses]
out = "src"

[[tool.openapi-dataclasses.targets]]
name = "talon"
spec = "specs/new_customer_session_v2.yaml"
package = "shop.api.talon"
docs = "docs/api/talon"

[[tool.openapi-dataclasses.targets]]
name = "orders"
spec = "specs/orders.yaml"
package = "shop.api.orders"
docs = "docs/api/orders"
"""

ORDERS = """\
openapi: 3.1.0
info: {title: Orders, version: '1.0'}
paths:
  /orders/{orderId}:
    get:
      operationId: getOrder
      parameters:
        - {name: orderId, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: The order.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
components:
  schemas:
    OrderStatus:
      type: string
      enum: [pending, paid, shipped]
    OrderLine:
      type: object
      required: [sku, quantity]
      properties:
        sku: {type: string}
        quantity: {type: integer, minimum: 1}
        unitPrice: {type: number}
    Order:
      type: object
      required: [orderId, status, lines]
      properties:
        orderId: {type: string}
        status: {$ref: '#/components/schemas/OrderStatus'}
        lines:
          type: array
          items: {$ref: '#/components/schemas/OrderLine'}
        couponIDs:
          type: array
          items: {type: string}
        placedAt: {type: string, format: date-time}
"""

USE_THEM = """\
from shop.api.orders import Order, OrderStatus
from shop.api.talon import CartItem

order = Order.from_dict({
    "orderId": "o-1", "status": "paid", "couponIDs": ["C1"],
    "lines": [{"sku": "s-1", "quantity": 2, "unitPrice": 9.5}],
})
assert order.status is OrderStatus.PAID and order.coupon_ids == ["C1"]
assert order.to_dict()["lines"][0]["unitPrice"] == 9.5
item = CartItem.from_dict({"name": "x", "sku": "s", "quantity": 1, "price": 2})
print(type(order).__module__, type(item).__module__)
"""

SERVE_THEM = """\
from fastapi import FastAPI
from fastapi.testclient import TestClient
from shop.api.orders import Order

app = FastAPI()


@app.post("/orders")
def create(order: Order) -> Order:
    assert isinstance(order, Order)
    return order


client = TestClient(app)
sent = {
    "orderId": "o-1", "status": "paid", "couponIDs": ["C1"],
    "lines": [{"sku": "s-1", "quantity": 2, "unitPrice": 9.5}],
}
answer = client.post("/orders", json=sent)
assert answer.status_code == 200 and answer.json() == sent, answer.text
refused = client.post("/orders", json={"orderId": "o-1", "status": "paid", "lines": [{}]})
assert refused.status_code == 422, refused.text
print("served", *[name for name in app.openapi()["components"]["schemas"] if name == "Order"])
"""


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=without_checkout(dict(os.environ)),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def succeeds(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def venv(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    """The project's environment: its own Black first, then the tool from the wheel, the
    project's ruff beside them; the tool must fit the project's pin, not the other way round."""
    folder = tmp_path_factory.mktemp("venv")
    succeeds(run(sys.executable, "-m", "venv", folder, cwd=folder))
    pip = [folder / "bin" / "python", "-m", "pip", "install", "-q"]
    # httpx is the service's own dependency: the generated client calls the API through it.
    succeeds(run(*pip, PROJECT_BLACK, "ruff", "httpx", cwd=folder))
    wheel = next(dist.glob("*.whl"))
    succeeds(run(*pip, wheel, PROJECT_BLACK, cwd=folder))
    return folder / "bin"


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    (tmp_path / "specs").mkdir()
    shutil.copy(FRAGMENT_SPEC, tmp_path / "specs" / FRAGMENT_SPEC.name)
    (tmp_path / "specs" / "orders.yaml").write_text(ORDERS, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    return tmp_path


def test_a_new_user_generates_two_apis_into_their_own_project(venv: Path, repository: Path) -> None:
    tool = venv / "openapi-dataclasses"
    installed = succeeds(run(venv / "python", "-m", "pip", "list", "--format=json", cwd=repository))
    versions = {item["name"].lower(): item["version"] for item in json.loads(installed)}
    assert versions["black"] == "24.10.0"
    assert "pydantic" not in versions  # validation is an extra, and nothing else needs it

    # Generate: two dotted packages below src/, the docs in docs/api/.
    succeeds(run(tool, "generate", cwd=repository))
    package = repository / "src" / "shop" / "api"
    assert (package / "talon" / "cart_item.py").is_file()
    assert (package / "orders" / "order.py").is_file()
    assert (repository / "docs" / "api" / "orders" / "Order.md").is_file()
    assert not list((repository / "src").rglob("*.md"))

    # Import and use them, as the service would.
    modules = succeeds(run(venv / "python", "-c", USE_THEM, cwd=repository / "src")).split()
    assert modules == ["shop.api.orders.order", "shop.api.talon.cart_item"]

    # The project's own toolchain on the output: Black at 100 columns, ruff, pyright strict.
    succeeds(run(venv / "python", "-m", "black", "--check", "src", cwd=repository))
    succeeds(run(venv / "ruff", "check", "src", cwd=repository))
    pyright_strict(repository, venv / "python")

    # The service serves them: a model as a FastAPI route's body and response, in wire names.
    succeeds(run(venv / "python", "-m", "pip", "install", "-q", "fastapi", cwd=repository))
    served = succeeds(run(venv / "python", "-c", SERVE_THEM, cwd=repository / "src"))
    assert served.split() == ["served", "Order"]

    # The project's own files in the output folders stay, reported once.
    (package / "orders" / "helpers.py").write_text("HELP = 1\n", encoding="utf-8")
    (repository / "docs" / "api" / "orders" / "intro.md").write_text("# Intro\n", encoding="utf-8")
    first = succeeds(run(tool, "generate", cwd=repository))
    again = succeeds(run(tool, "generate", "--no-cache", cwd=repository))
    assert "left alone: 2 files not written by the generator" in first
    assert "left alone" not in again
    assert (package / "orders" / "helpers.py").read_text(encoding="utf-8") == "HELP = 1\n"
    assert (repository / "docs" / "api" / "orders" / "intro.md").is_file()
    checked = succeeds(run(tool, "check", cwd=repository))
    assert "extra" not in checked

    # Two targets in one folder: a configuration error, naming both.
    shared = PYPROJECT.replace('docs = "docs/api/orders"', 'docs = "docs/api/talon"')
    (repository / "pyproject.toml").write_text(shared, encoding="utf-8")
    refused = run(tool, "generate", cwd=repository)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "target 'talon'" in refused.stderr
    assert "target 'orders'" in refused.stderr


def pyright_strict(repository: Path, python: Path) -> None:
    if not PYRIGHT.is_file():
        reason = f"{PYRIGHT} is absent: `make tools` installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI=true requires it")
        pytest.skip(reason)
    config = {"typeCheckingMode": "strict", "include": ["src"]}
    (repository / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    result = run(PYRIGHT, "--outputjson", "--pythonpath", python, cwd=repository)
    report = json.loads(result.stdout)
    found = [
        f"{item['file']}:{item['range']['start']['line'] + 1}: {item['message']}"
        for item in report["generalDiagnostics"]
    ]
    assert found == []
    (repository / "pyrightconfig.json").unlink()
