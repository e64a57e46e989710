"""The runtime a service can trust, end to end on a small orders API of our own: objects built in
Python are checked as they are written, every problem of a payload is listed with its path, a
discriminator's tag has its one value as its default."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from support import imported

from openapi_dataclasses.pipeline import Options, generate
from openapi_dataclasses.writing import write_output

SPEC = """\
openapi: 3.1.0
info: {title: orders, version: "1"}
paths: {}
components:
  schemas:
    Order:
      type: object
      required: [id, status, created_at]
      properties:
        id: {type: integer, format: int64, minimum: 1}
        status: {type: string, enum: [placed, paid, shipped]}
        created_at: {type: string, format: date-time}
        note: {type: string, maxLength: 5}
        code: {type: string, pattern: "^[A-Z]{3}$"}
        items:
          type: array
          maxItems: 2
          items: {$ref: "#/components/schemas/Item"}
        payment: {$ref: "#/components/schemas/Payment"}
    Item:
      type: object
      required: [sku, quantity]
      properties:
        sku: {type: string, minLength: 1}
        quantity: {type: integer, minimum: 1}
    Payment:
      oneOf:
        - {$ref: "#/components/schemas/Card"}
        - {$ref: "#/components/schemas/BankTransfer"}
      discriminator:
        propertyName: kind
        mapping:
          card: "#/components/schemas/Card"
          bank_transfer: "#/components/schemas/BankTransfer"
    Card:
      type: object
      required: [kind, number]
      properties:
        kind: {const: card}
        number: {type: string}
    BankTransfer:
      type: object
      required: [kind, iban]
      properties:
        kind: {const: bank_transfer}
        iban: {type: string}
"""

NOW = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.timezone.utc)


@pytest.fixture(scope="module")
def orders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    folder = tmp_path_factory.mktemp("orders")
    spec = folder / "orders.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    output = generate(Options(spec=spec, package="orders", jobs=1, cache=False))
    write_output(folder / "out", output.files, "orders")
    with imported(folder / "out", "orders") as package:
        yield package


def test_an_object_built_in_python_with_a_wrong_value_is_a_validation_error(
    orders: ModuleType,
) -> None:
    """The issue's example: `created_at="yesterday"` was an AttributeError with no path."""
    order = orders.Order(id=5, status="bogus", created_at="yesterday")
    with pytest.raises(orders.ValidationError) as caught:
        order.to_json()
    assert caught.value.path == "created_at"
    assert str(caught.value) == "created_at: must be a datetime.datetime, got str 'yesterday'"
    orders.set_strict_enums(True)
    try:
        with pytest.raises(orders.ValidationError) as caught:
            order.to_dict()
        assert [problem.path for problem in caught.value.problems] == ["status", "created_at"]
        assert caught.value.problems[0].message == (
            'must be one of "placed", "paid", "shipped"; got "bogus"'
        )
    finally:
        orders.set_strict_enums(False)


def test_validate_lists_every_problem_of_an_object_without_writing_it(orders: ModuleType) -> None:
    order = orders.Order(
        id=0,
        status=orders.OrderStatusEnum.PAID,
        created_at=NOW,
        note="too long",
        code="abc",
        items=[orders.Item(sku="", quantity=0), orders.Item(sku="a", quantity=1), 7],
    )
    with pytest.raises(orders.ValidationError) as caught:
        order.validate()
    assert caught.value.errors() == [
        {"path": "id", "message": "must be >= 1, got 0"},
        {"path": "note", "message": "must be at most 5 characters long, got 8"},
        {"path": "code", "message": "must match the pattern '^[A-Z]{3}$', got 'abc'"},
        {"path": "items[0].sku", "message": "must be at least 1 character long, got 0"},
        {"path": "items[0].quantity", "message": "must be >= 1, got 0"},
        {"path": "items[2]", "message": "must be a Item, got int 7"},
    ]
    with pytest.raises(orders.ValidationError) as written:
        order.to_dict()
    assert written.value.errors() == caught.value.errors()
    valid = orders.Order(id=1, status=orders.OrderStatusEnum.PAID, created_at=NOW, code="ABC")
    valid.validate()
    assert valid.to_dict() == {
        "id": 1, "status": "paid", "created_at": "2024-05-01T12:00:00Z", "code": "ABC"
    }  # fmt: skip


def test_every_problem_of_a_payload_is_listed_for_a_service_to_return(
    orders: ModuleType,
) -> None:
    payload = {
        "id": "5",
        "status": "paid",
        "created_at": "2024-05-01T12:00:00",
        "items": [{"sku": "a"}, {"sku": "b", "quantity": 0}, {"sku": "c", "quantity": 1}],
        "payment": {"kind": "crypto"},
    }
    with pytest.raises(orders.ValidationError) as caught:
        orders.Order.from_json(json.dumps(payload))
    error = caught.value
    assert str(error) == "id: must be an integer, got a string"  # the one-line message, as before
    assert error.errors() == [
        {"path": "id", "message": "must be an integer, got a string"},
        {
            "path": "created_at",
            "message": "must have a time zone offset (Z or +hh:mm), got '2024-05-01T12:00:00'",
        },
        {"path": "items", "message": "must have at most 2 items, got 3"},
        {"path": "items[0].quantity", "message": "is required"},
        {"path": "items[1].quantity", "message": "must be >= 1, got 0"},
        {
            "path": "payment",
            "message": 'matches none of the allowed types: its discriminator "kind" is "crypto", '
            'not one of "card", "bank_transfer", "Card", "BankTransfer"',
        },
    ]
    assert error.omitted == 0


def test_a_discriminator_tag_fixed_by_const_is_its_default(orders: ModuleType) -> None:
    card = orders.Card(number="4111")
    assert card.kind == "card"
    assert card.to_dict() == {"kind": "card", "number": "4111"}
    order = orders.Order(id=1, status="paid", created_at=NOW, payment=card)
    assert orders.Order.from_dict(order.to_dict()).payment == card
    with pytest.raises(orders.ValidationError, match=r"^kind: is required$"):
        orders.Card.from_dict({"number": "4111"})  # a payload must still hold it
    with pytest.raises(orders.ValidationError, match=r'^kind: must be "card", got str'):
        orders.Card(kind="bank_transfer", number="4111").to_dict()


def test_an_object_read_is_written_as_it_was_read(orders: ModuleType) -> None:
    payload: dict[str, Any] = {
        "id": 9,
        "status": "refunded",  # a value a newer server sends: kept, and written back
        "created_at": "2024-05-01T14:00:00.500+02:00",
        "payment": {"kind": "bank_transfer", "iban": "DE00"},
        "extra": [1, {"a": None}],
    }
    order = orders.Order.from_dict(payload)
    assert order.to_dict() == payload
    assert not orders.is_known(order.status)
    order.created_at += datetime.timedelta(hours=1)
    assert order.to_dict()["created_at"] == "2024-05-01T15:00:00.500000+02:00"
