"""The generated models with the libraries a service uses: FastAPI, pydantic, cattrs, dataclasses.

A model is a FastAPI request body and response and a pydantic `TypeAdapter` type in the wire
format (through `from_dict`/`to_dict`, pydantic's hooks), with the description's own JSON Schema;
the package imports pydantic only when pydantic asks. cattrs reads and writes the wire format with
`register_cattrs_hooks`; `dataclasses.asdict` is the Python view (`to_dict` is the wire's).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import black
import cattrs
import pydantic
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from support import GeneratePackage

from openapi_dataclasses.yaml12 import load_yaml

SHOP = r"""
openapi: 3.1.0
info: {title: Shop, version: '1'}
paths: {}
components:
  schemas:
    Order:
      type: object
      description: An order, as the shop's API has it.
      required: [orderId, items]
      properties:
        orderId: {type: string, pattern: '^ord_[a-z0-9]{6}$'}
        status: {$ref: '#/components/schemas/OrderStatus'}
        items:
          type: array
          minItems: 1
          items: {$ref: '#/components/schemas/LineItem'}
        tags: {$ref: '#/components/schemas/Tags'}
        placedAt: {type: string, format: date-time}
        attributes:
          type: object
          additionalProperties: {type: integer}
        note:
          type: string
          examples: [{$ref: 'not a reference: an example'}]
    LineItem:
      type: object
      required: [sku, quantity]
      properties:
        sku: {type: string, minLength: 1}
        quantity: {type: integer, minimum: 1}
    Category:
      type: object
      required: [name]
      properties:
        name: {type: string}
        parent: {$ref: '#/components/schemas/Category'}
    OrderStatus:
      type: string
      enum: [placed, paid, shipped]
    Level:
      type: integer
      enum: [1, 2, 30]
    Tags:
      type: array
      items: {type: string, maxLength: 20}
"""

PAYLOAD = {
    "orderId": "ord_abc123",
    "status": "paid",
    "items": [{"sku": "A-1", "quantity": 2}],
    "placedAt": "2024-05-01T10:00:00Z",
}


@pytest.fixture
def shop(generate_package: GeneratePackage) -> ModuleType:
    return generate_package(SHOP, "shop")


def described(name: str) -> Any:
    """A schema as the description above writes it."""
    return load_yaml(SHOP)["components"]["schemas"][name]


# -- pydantic only when it is used -------------------------------------------------------------


def test_the_package_and_from_dict_import_neither_pydantic_nor_the_schemas(
    shop: ModuleType,
) -> None:
    out = Path(shop.__file__).parent.parent
    code = (
        "import json, sys\n"
        "import shop\n"
        f"order = shop.Order.from_dict({PAYLOAD!r})\n"
        "order.to_json()\n"
        "names = [m for m in sys.modules if m.startswith(('pydantic', 'shop._'))]\n"
        "print(json.dumps(sorted(names)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=out, capture_output=True, text=True, check=True
    )
    loaded = json.loads(done.stdout)
    assert "shop._runtime" in loaded
    assert not [name for name in loaded if name.startswith("pydantic")]
    assert "shop._runtime.pydantic_hooks" not in loaded
    assert "shop._schemas" not in loaded


# -- FastAPI ---------------------------------------------------------------------------------------


@pytest.fixture
def client(shop: ModuleType) -> TestClient:
    app = FastAPI()

    def place(order: Any) -> Any:
        assert isinstance(order, shop.Order)
        return dataclasses.replace(order, status=shop.OrderStatus.PLACED)

    # `order: Order -> Order`, as a service writes it (this module's annotations are strings).
    place.__annotations__ = {"order": shop.Order, "return": shop.Order}
    app.post("/orders")(place)

    @app.get("/orders/latest", response_model=shop.Order)
    def latest() -> Any:
        return shop.Order(order_id="ord_000001", items=[shop.LineItem(sku="B", quantity=1)])

    return TestClient(app)


def test_a_route_reads_its_body_and_writes_its_response_in_the_wire_format(
    client: TestClient,
) -> None:
    response = client.post("/orders", json={**PAYLOAD, "colour": "red"})

    assert response.status_code == 200, response.text
    assert response.json() == {**PAYLOAD, "status": "placed", "colour": "red"}


def test_a_response_leaves_out_what_is_unset(client: TestClient) -> None:
    response = client.get("/orders/latest")

    assert response.json() == {"orderId": "ord_000001", "items": [{"sku": "B", "quantity": 1}]}


def test_an_invalid_body_is_a_422_naming_the_place(client: TestClient) -> None:
    body = {**PAYLOAD, "items": [{"sku": "A-1", "quantity": 2}, {"sku": "B", "quantity": 0}]}

    response = client.post("/orders", json=body)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "items", 1, "quantity"]
    assert error["msg"] == "must be >= 1, got 0"
    assert error["input"] == 0


def test_the_openapi_document_holds_the_descriptions_own_schemas(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    body = document["paths"]["/orders"]["post"]["requestBody"]["content"]["application/json"]
    response = document["paths"]["/orders"]["post"]["responses"]["200"]["content"]

    assert body["schema"] == {"$ref": "#/components/schemas/Order"}
    assert response["application/json"]["schema"] == {"$ref": "#/components/schemas/Order"}
    for name in ("Order", "LineItem", "OrderStatus", "Tags"):
        assert schemas[name] == described(name), name
    assert "Level" not in schemas  # no route uses it


@pytest.mark.parametrize("separate", [True, False])
def test_a_model_that_refers_to_itself_has_its_schema_under_pydantics_names(
    shop: ModuleType, separate: bool
) -> None:
    """pydantic names a recursive schema apart for requests and responses (`Category-Input`,
    `Category-Output`), as it does its own models', unless FastAPI is told not to."""
    app = FastAPI(separate_input_output_schemas=separate)

    def rename(category: Any) -> Any:
        return category

    rename.__annotations__ = {"category": shop.Category, "return": shop.Category}
    app.put("/categories")(rename)
    schemas = TestClient(app).get("/openapi.json").json()["components"]["schemas"]

    names = ["Category-Input", "Category-Output"] if separate else ["Category"]
    for name in names:
        ref = json.dumps(described("Category")).replace("/Category", "/" + name)
        assert schemas[name] == json.loads(ref)


# -- pydantic ----------------------------------------------------------------------------------


def test_a_type_adapter_reads_and_writes_the_wire_format(shop: ModuleType) -> None:
    adapter = pydantic.TypeAdapter(shop.Order)
    order = adapter.validate_python(PAYLOAD)

    assert order.placed_at == datetime.datetime(2024, 5, 1, 10, tzinfo=datetime.timezone.utc)
    assert adapter.validate_python(order) is order
    assert adapter.validate_json(json.dumps(PAYLOAD)) == order
    assert adapter.dump_python(order) == PAYLOAD
    assert json.loads(adapter.dump_json(order)) == PAYLOAD
    assert adapter.dump_python(order, mode="json") == PAYLOAD


def test_pydantic_says_what_is_wrong_where(shop: ModuleType) -> None:
    adapter = pydantic.TypeAdapter(shop.Order)

    with pytest.raises(pydantic.ValidationError) as caught:
        adapter.validate_json(json.dumps({**PAYLOAD, "attributes": {"a b": "x"}}))
    [error] = caught.value.errors()
    assert error["loc"] == ("attributes", "a b")
    assert error["msg"] == "must be an integer, got a string"
    with pytest.raises(pydantic.ValidationError) as caught:
        adapter.validate_python({"orderId": "nope", "items": []})
    assert [error["loc"] for error in caught.value.errors()] == [("orderId",)]


def test_a_model_is_a_field_of_a_pydantic_model(shop: ModuleType) -> None:
    envelope = pydantic.create_model("Envelope", order=(shop.Order, ...), level=(shop.Level, 1))

    read = envelope.model_validate({"order": PAYLOAD, "level": 30})

    assert read.order.items[0].quantity == 2
    assert read.model_dump(mode="json") == {"order": PAYLOAD, "level": 30}
    with pytest.raises(pydantic.ValidationError) as caught:
        envelope.model_validate({"order": {**PAYLOAD, "items": [{"sku": ""}]}})
    assert caught.value.errors()[0]["loc"] == ("order", "items", 0, "sku")
    schema = envelope.model_json_schema()
    assert schema["properties"]["order"] == {"$ref": "#/$defs/Order"}
    assert schema["$defs"]["Level"] == described("Level")
    assert schema["$defs"]["Order"]["properties"]["items"]["items"] == {"$ref": "#/$defs/LineItem"}


def test_json_schemas_are_the_same_to_read_and_to_write(shop: ModuleType) -> None:
    adapter = pydantic.TypeAdapter(list[shop.Order])

    validation = adapter.json_schema(mode="validation")

    assert validation == adapter.json_schema(mode="serialization")
    assert validation["items"] == {"$ref": "#/$defs/Order"}
    assert (
        validation["$defs"]["Order"]["properties"]["note"]
        == described("Order")["properties"]["note"]
    )


def test_enums_read_values_as_the_models_do(shop: ModuleType) -> None:
    adapter = pydantic.TypeAdapter(shop.OrderStatus)

    assert adapter.validate_python("paid") is shop.OrderStatus.PAID
    newer = adapter.validate_json('"returned"')
    assert not shop.is_known(newer)
    assert adapter.dump_json(newer) == b'"returned"'
    assert adapter.dump_python(shop.OrderStatus.PAID) is shop.OrderStatus.PAID
    assert adapter.json_schema() == described("OrderStatus")
    with pytest.raises(pydantic.ValidationError, match="must be one of"):
        adapter.validate_python(7)


def test_a_users_subclass_has_its_models_schema(shop: ModuleType) -> None:
    class MyOrder(shop.Order):  # type: ignore[name-defined, misc]
        pass

    adapter = pydantic.TypeAdapter(MyOrder)
    schema = adapter.json_schema()
    defined = schema.pop("$defs")

    assert type(adapter.validate_python(PAYLOAD)) is MyOrder
    assert schema == json.loads(
        json.dumps(described("Order")).replace("#/components/schemas/", "#/$defs/")
    )
    assert sorted(defined) == ["LineItem", "OrderStatus", "Tags"]


# -- cattrs and dataclasses ------------------------------------------------------------------------


def test_cattrs_reads_and_writes_the_wire_format_with_the_packages_hooks(shop: ModuleType) -> None:
    converter = shop.register_cattrs_hooks(cattrs.Converter())

    orders = converter.structure([PAYLOAD], list[shop.Order])

    assert orders[0].status is shop.OrderStatus.PAID
    assert converter.unstructure(orders) == [PAYLOAD]
    with pytest.raises(shop.ValidationError, match=r"items\[0\].quantity: must be >= 1"):
        converter.structure({**PAYLOAD, "items": [{"sku": "A", "quantity": 0}]}, shop.Order)


def test_asdict_is_the_python_view_and_to_dict_the_wire(shop: ModuleType) -> None:
    order = shop.Order.from_dict(PAYLOAD)

    python = dataclasses.asdict(order)

    assert python["order_id"] == "ord_abc123"
    assert python["status"] is shop.OrderStatus.PAID
    assert python["tags"] is shop.UNSET
    assert python["items"] == [{"sku": "A-1", "quantity": 2, "extra_properties": {}}]
    assert json.loads(json.dumps(order.to_dict())) == PAYLOAD


def test_enum_members_format_as_their_values(shop: ModuleType) -> None:
    assert f"{shop.OrderStatus.PAID}" == "paid"
    assert str(shop.OrderStatus.PAID) == "paid"
    assert f"{shop.OrderStatus.PAID:>6}" == "  paid"
    assert f"{shop.Level.VALUE_30:04d}" == "0030"
    assert str(shop.OrderStatus("returned")) == "returned"
    assert repr(shop.OrderStatus.PAID) == "<OrderStatus.PAID: 'paid'>"


# -- the `_schemas` module ----------------------------------------------------------------------


AWKWARD = r"""
openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Quotes:
      type: object
      description: "It's \"quoted\", a back\\slash, a tab\t, ünïcode, and \u2028 a separator."
      properties:
        pattern: {type: string, pattern: '^[''"]\d+$'}
        owner: {$ref: '#/components/schemas/Owner/properties/name'}
        self: {$ref: '#/components/schemas/Quotes'}
    Owner:
      type: object
      properties:
        name: {type: string, maxLength: 3, description: plain}
"""


def test_the_schemas_module_is_as_black_writes_it(
    generate_package: GeneratePackage, tmp_path: Path
) -> None:
    generate_package(AWKWARD, "awkward")
    source = (tmp_path / "out" / "awkward" / "_schemas.py").read_text(encoding="utf-8")

    assert black.format_str(source, mode=black.Mode()) == source


def test_a_ref_to_a_schema_of_no_type_of_its_own_is_replaced_by_what_it_leads_to(
    generate_package: GeneratePackage,
) -> None:
    package = generate_package(AWKWARD, "awkward")
    schemas = importlib_schemas(package)

    quotes = json.loads(schemas["Quotes"])
    assert quotes["properties"]["owner"] == {
        "type": "string",
        "maxLength": 3,
        "description": "plain",
    }
    assert quotes["properties"]["self"] == {"$ref": "#/components/schemas/Quotes"}
    assert (
        quotes["description"]
        == load_yaml(AWKWARD)["components"]["schemas"]["Quotes"]["description"]
    )


def importlib_schemas(package: ModuleType) -> dict[str, str]:
    import importlib

    texts: dict[str, str] = importlib.import_module(f"{package.__name__}._schemas").SCHEMAS
    return texts
