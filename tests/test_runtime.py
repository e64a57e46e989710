"""The runtime every generated package carries (`generator/runtime.py`), tested as a module.

The generated packages' tests exercise it through real models; these pin its parts directly.
"""

from __future__ import annotations

import dataclasses
import datetime
import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest

from generator import runtime as rt


@rt.model
class Item(rt.Model):
    sku: str = rt.field("sku", rt.Str(min_length=1))
    count: int | rt.Unset = rt.field("count", rt.Int(minimum=1), default=rt.UNSET)
    extra_properties: dict[str, Any] = rt.extras()


def test_a_model_round_trips_and_keeps_unknown_properties() -> None:
    payload = {"sku": "A", "count": 2, "colour": "red"}
    item = Item.from_dict(payload)
    assert item.count == 2
    assert item.extra_properties == {"colour": "red"}
    assert item.to_dict() == payload
    assert Item.from_json('{"sku": "A"}').count is rt.UNSET


def test_a_validation_error_names_the_place() -> None:
    with pytest.raises(rt.ValidationError) as caught:
        rt.List(rt.Nested("Item")).decode([{"sku": "A"}, {"sku": "B", "count": 0}], "items")
    assert caught.value.path == "items[1].count"
    assert str(caught.value) == "items[1].count: must be >= 1, got 0"


def test_text_that_is_not_json_is_a_validation_error() -> None:
    with pytest.raises(rt.ValidationError, match="not valid JSON"):
        Item.from_json("{")
    with pytest.raises(rt.ValidationError, match="not valid JSON"):
        rt.Adapter[list[str]](rt.List(rt.Str())).from_json(b"[")


def test_a_date_time_is_written_back_as_it_was_read() -> None:
    codec = rt.DateTime()
    value = codec.decode("2024-01-02T03:04:05.100+01:00", "at")
    assert value == datetime.datetime(
        2024, 1, 2, 2, 4, 5, 100000, tzinfo=datetime.timezone.utc
    ).astimezone(datetime.timezone(datetime.timedelta(hours=1)))
    assert codec.encode(value) == "2024-01-02T03:04:05.100+01:00"
    assert codec.encode(datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone.utc)) == (
        "2024-01-02T00:00:00Z"
    )


@pytest.mark.parametrize(
    ("codec", "held", "not_held"),
    [
        (rt.Int(), 1, True),
        (rt.Float(), 1, "1"),
        (rt.Bool(), False, 0),
        (rt.Str(), "a", 1),
        (rt.DateTime(), datetime.datetime(2024, 1, 1), datetime.date(2024, 1, 1)),
        (rt.Date(), datetime.date(2024, 1, 1), datetime.datetime(2024, 1, 1)),
        (rt.Const("a"), "a", "b"),
        (rt.Nullable(rt.Int()), None, "a"),
        (rt.List(rt.Int()), [1, 2], [1, "2"]),
        (rt.Map(rt.Int()), {"a": 1}, {"a": "1"}),
        (rt.Nested("Item"), Item(sku="a"), {"sku": "a"}),
    ],
)
def test_each_codec_knows_the_python_values_it_writes(
    codec: rt.Codec, held: Any, not_held: Any
) -> None:
    assert codec.holds(held)
    assert not codec.holds(not_held)


def test_a_union_writes_a_value_with_the_option_that_holds_it() -> None:
    union = rt.Union(rt.List(rt.Str()), rt.List(rt.Nested("Item")), rt.DateTime())
    assert union.encode(["a"]) == ["a"]
    assert union.encode([Item(sku="a")]) == [{"sku": "a"}]
    moment = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    assert union.encode(moment) == "2024-01-01T00:00:00Z"


def test_the_model_decorator_collects_the_wire_table() -> None:
    assert {name: prop.wire_name for name, prop in Item.__wire__.items()} == {
        "sku": "sku",
        "count": "count",
    }
    assert [field.name for field in dataclasses.fields(Item)][:2] == ["sku", "count"]


@pytest.fixture
def fake_package() -> Iterator[dict[str, types.ModuleType]]:
    """Two modules of a package `fakepkg`, registered as imported but not yet run."""
    modules = {name: types.ModuleType(f"fakepkg.{name}") for name in ("base", "child")}
    sys.modules["fakepkg"] = types.ModuleType("fakepkg")
    for module in modules.values():
        sys.modules[module.__name__] = module
    yield modules
    for name in ("fakepkg", *(module.__name__ for module in modules.values())):
        sys.modules.pop(name, None)


def test_import_later_binds_a_class_that_already_exists(
    fake_package: dict[str, types.ModuleType],
) -> None:
    child = fake_package["child"]
    child.Child = type("Child", (), {})  # type: ignore[attr-defined]
    namespace = vars(fake_package["base"])
    rt.import_later(namespace, Child="child")
    assert namespace["Child"] is child.Child  # type: ignore[attr-defined]


def test_import_later_waits_for_a_module_still_importing_its_base_class(
    fake_package: dict[str, types.ModuleType],
) -> None:
    # `child` imports `base` first (its base class); `base` names Child in an annotation, while
    # `child` has not yet reached its class statement.
    base, child = vars(fake_package["base"]), vars(fake_package["child"])
    rt.import_later(base, Child="child")
    assert "Child" not in base
    child["Child"] = type("Child", (), {})
    rt.import_later(child)
    assert base["Child"] is child["Child"]
