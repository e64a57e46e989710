"""The runtime every generated package carries (`generator/runtime/`), tested as a module.

The generated packages' tests exercise it through real models; these pin its parts directly.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import enum
import gc
import inspect
import json
import pickle
import re
import sys
import threading
import tracemalloc
import types
import unittest.mock
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from support import REPO_ROOT

from openapi_dataclasses import ir
from openapi_dataclasses import runtime as rt
from openapi_dataclasses.runtime import codecs, compiled, formats
from openapi_dataclasses.sample_values import placeholder_json


@rt.model
class Item(rt.Model):
    sku: str = rt.field("sku", rt.Str(min_length=1))
    count: int | rt.Unset = rt.field("count", rt.Int(minimum=1), default=rt.UNSET)
    extra_properties: dict[str, Any] = rt.extras()


class Colour(rt.OpenEnum):
    RED = "red"
    GREEN = "green"


class Size(enum.Enum):
    ONE = 1


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


def test_a_date_time_is_read_as_a_plain_aware_datetime() -> None:
    codec = rt.DateTime()
    value = codec.decode("2024-01-02T03:04:05.100+01:00", "at")
    assert type(value) is datetime.datetime
    assert value == datetime.datetime(
        2024, 1, 2, 2, 4, 5, 100000, tzinfo=datetime.timezone.utc
    ).astimezone(datetime.timezone(datetime.timedelta(hours=1)))
    assert codec.encode(value) == "2024-01-02T03:04:05.100000+01:00"
    assert codec.encode(datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone.utc)) == (
        "2024-01-02T00:00:00Z"
    )


# -- values that behave: plain types, written back as read while they hold what was read ------


@rt.model
class Event(rt.Model):
    at: datetime.datetime = rt.field("at", rt.DateTime())
    until: datetime.datetime | rt.Unset | None = rt.field(
        "until", rt.Nullable(rt.DateTime()), default=rt.UNSET
    )
    day: datetime.date | rt.Unset = rt.field("day", rt.Date(), default=rt.UNSET)
    colour: Colour | rt.Unset = rt.field("colour", rt.Enum(Colour), default=rt.UNSET)
    items: list[Item] | rt.Unset = rt.field("items", rt.List(rt.Nested("Item")), default=rt.UNSET)


EVENT = {
    "at": "2024-01-02T03:04:05.100+01:00",
    "until": "2024-01-02t23:59:60Z",
    "day": "2024-02-29",
    "colour": "purple",
    "items": [{"sku": "A", "count": 2, "note": "kept"}],
}


@pytest.mark.parametrize("reader", ["specialised", "generic"])
def test_decoded_values_are_of_plain_types_and_written_back_as_read(reader: str) -> None:
    event = read_event(reader)
    assert type(event.at) is datetime.datetime and type(event.until) is datetime.datetime
    assert type(event.day) is datetime.date
    assert "Wire" not in repr(event) and "datetime.datetime(2024, 1, 2, 3, 4, 5, 100000" in repr(
        event
    )
    assert event.to_dict() == EVENT
    assert rt.Model.to_dict(event) == EVENT


def read_event(reader: str) -> Event:
    if reader == "specialised":
        return Event.from_dict(copy.deepcopy(EVENT))
    return rt.Model.__dict__["from_dict"].__func__(Event, copy.deepcopy(EVENT))


@pytest.mark.parametrize("reader", ["specialised", "generic"])
@pytest.mark.parametrize(
    "operation",
    ["deepcopy", "copy", "pickle", "equal copy of the value", "same value assigned"],
)
def test_a_copy_keeps_the_wire_text(reader: str, operation: str) -> None:
    event = read_event(reader)
    if operation == "deepcopy":
        event = copy.deepcopy(event)
    elif operation == "copy":
        event = copy.copy(event)
    elif operation == "pickle":
        event = pickle.loads(pickle.dumps(event))
    elif operation == "equal copy of the value":
        event.at = pickle.loads(pickle.dumps(event.at))
    else:
        event.at = event.at
    assert event.to_dict() == EVENT == rt.Model.to_dict(event)
    assert Event.from_dict(event.to_dict()) == event


@pytest.mark.parametrize("reader", ["specialised", "generic"])
@pytest.mark.parametrize(
    ("operation", "written"),
    [
        ("add a day", "2024-01-03T03:04:05.100000+01:00"),
        ("replace", "2024-01-02T07:04:05.100000+01:00"),
        ("astimezone", "2024-01-02T02:04:05.100000Z"),
        ("dataclasses.replace", "2024-01-02T03:04:05.100000+01:00"),
    ],
)
def test_a_changed_value_is_written_as_it_now_is(reader: str, operation: str, written: str) -> None:
    event = read_event(reader)
    if operation == "add a day":
        event.at += datetime.timedelta(days=1)
    elif operation == "replace":
        event.at = event.at.replace(hour=7)
    elif operation == "astimezone":
        event.at = event.at.astimezone(datetime.timezone.utc)
    else:  # a new object: the values are kept, the texts they were read from are not
        event = dataclasses.replace(event, day=datetime.date(2024, 3, 1))
    wire = event.to_dict()
    assert wire["at"] == written == rt.Model.to_dict(event)["at"]
    assert Event.from_dict(wire).at == event.at
    assert wire["until"] in ("2024-01-02t23:59:60Z", "2024-01-02T23:59:59Z")


def test_every_decoded_value_survives_copies_and_pickles() -> None:
    event = read_event("specialised")
    for copied in (copy.deepcopy(event), pickle.loads(pickle.dumps(event))):
        assert copied == event
        assert copied.colour == event.colour and not rt.is_known(copied.colour)
        assert type(copied.items[0]) is Item and copied.items[0].extra_properties == {
            "note": "kept"
        }
        assert copied.to_dict() == EVENT


def _outcome(codec: rt.DateTime, text: str) -> tuple[str, Any]:
    try:
        value = codec.decode(text, "at")
    except rt.ValidationError as error:
        return "rejected", str(error)
    return "read", (value, value.tzinfo, codec.encode(value))


# Characters that make `fromisoformat` and RFC 3339 disagree: week dates, other digits, hour 24.
_TRICKY = st.sampled_from("0123456789WZTtz-:+., \u0662")
_SHAPES = st.sampled_from(
    [
        "2021-09-12T10:12:42Z",
        "2021-09-12T10:12:42.123456789+01:30",
        "2021-09-12t10:12:42.5z",
        "2021-09-12 23:59:60-00:00",
    ]
)


@given(_SHAPES, st.lists(_TRICKY, min_size=40, max_size=40), st.data())
def test_date_times_read_by_fromisoformat_read_as_field_by_field(
    shape: str, noise: list[str], data: st.DataObject
) -> None:
    """`fromisoformat` (C) reads what it can; the same text read field by field must agree."""
    characters = list(shape)
    for position in data.draw(st.sets(st.integers(0, len(shape) - 1), max_size=4)):
        characters[position] = noise[position]
    text = "".join(characters)
    fast = _outcome(rt.DateTime(), text)
    with unittest.mock.patch.object(codecs, "_read_iso", lambda text: None):
        assert fast == _outcome(rt.DateTime(), text)


def test_hour_24_and_week_dates_are_not_date_times() -> None:
    """RFC 3339: a leap second is 23:59:60 in UTC only; no hour 24, no ISO week date."""
    for text in ("2021-09-12T24:00:00Z", "2021-W37-1T10:12:42Z", "2021-09-12T10:12:60Z"):
        assert _outcome(rt.DateTime(), text)[0] == "rejected"
    for text in ("1998-12-31T23:59:60Z", "1998-12-31T15:59:60.123-08:00"):
        assert _outcome(rt.DateTime(), text)[0] == "read"
    for text in ("2023-W13-2", "2020-02-30", "1963-06-1\u09ea"):
        with pytest.raises(rt.ValidationError):
            rt.Date().decode(text, "")


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


# -- the code written per model behaves as the generic methods do -------------------------------

JSON_LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5)
JSON = st.recursive(
    JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


def outcome(convert: Any, error_type: type[ValueError]) -> Any:
    """What a conversion gives: its result, or the place, reason and problems of its error."""
    try:
        return ("ok", convert())
    except error_type as error:
        problems = [(problem.path, problem.message) for problem in error.problems]  # type: ignore[attr-defined]
        return ("error", error.path, error.reason, problems, error.omitted)  # type: ignore[attr-defined]


def mutated(payload: dict[str, Any], data: st.DataObject) -> Any:
    """The payload with a few of its properties (at any depth) replaced by random JSON."""
    result = copy.deepcopy(payload)
    for _ in range(data.draw(st.integers(0, 3))):
        node: Any = result
        while isinstance(node, dict | list) and node and data.draw(st.booleans()):
            key = data.draw(
                st.sampled_from(list(node) if isinstance(node, dict) else range(len(node)))
            )
            if not isinstance(node[key], dict | list) or not node[key]:
                break
            node = node[key]
        if isinstance(node, dict):
            key = data.draw(st.sampled_from([*node, "unknownProperty"]))
            node[key] = data.draw(JSON)
    return result


@given(data=st.data())
def test_the_specialised_code_decodes_and_encodes_as_the_generic_methods(
    talon_one: ModuleType, fragment_spec: Any, data: st.DataObject
) -> None:
    schemas = fragment_spec["components"]["schemas"]
    session_example = schemas["NewCustomerSessionV2"]["examples"][0]
    model = talon_one.NewCustomerSessionV2
    generic_from_dict = talon_one._runtime.Model.__dict__["from_dict"].__func__
    generic_to_dict = talon_one._runtime.Model.__dict__["to_dict"]
    payload = mutated(session_example, data)
    error_type = talon_one.ValidationError
    specialised = outcome(lambda: model.from_dict(payload, "at"), error_type)
    generic = outcome(lambda: generic_from_dict(model, payload, "at"), error_type)
    assert specialised == generic
    if specialised[0] == "ok":
        built = specialised[1]
        assert built.to_dict() == generic_to_dict(built)
        for item in getattr(built, "cart_items", None) or []:
            assert item.to_dict() == generic_to_dict(item)


def test_a_discriminator_picks_among_the_unions_own_models_only() -> None:
    union = rt.Union(rt.Nested("Item"), discriminator="kind", mapping={"item": "Item"})
    assert type(union.decode({"kind": "item", "sku": "A"}, "at")) is Item
    # `Every` is a model of this package too, but not one of this union's.
    assert type(union.decode({"kind": "Every", "sku": "A"}, "at")) is Item
    with pytest.raises(rt.ValidationError, match="matches none of the allowed types"):
        union.decode({"kind": "Every"}, "at")


@rt.model
class Every(rt.Model):
    """A property of each kind the code per model checks inline, or hands to its codec."""

    ids: list[int] | rt.Unset = rt.field("ids", rt.List(rt.Int(format="int32")), default=rt.UNSET)
    names: list[str | None] | rt.Unset = rt.field(
        "names", rt.List(rt.Nullable(rt.Str(max_length=3))), default=rt.UNSET
    )
    sized: list[str] | rt.Unset = rt.field(
        "sized", rt.List(rt.Str(), max_items=1), default=rt.UNSET
    )
    counts: dict[str, int] | rt.Unset = rt.field(
        "counts", rt.Map(rt.Int(maximum=9)), default=rt.UNSET
    )
    items: dict[str, Item] | rt.Unset = rt.field(
        "items", rt.Map(rt.Nested("Item")), default=rt.UNSET
    )
    listed: list[Item] | rt.Unset = rt.field(
        "listed", rt.List(rt.Nested("Item"), min_items=1), default=rt.UNSET
    )
    bounded: dict[str, str] | rt.Unset = rt.field(
        "bounded", rt.Map(rt.Str(), min_properties=1, max_properties=2), default=rt.UNSET
    )
    anything: dict[str, Any] | rt.Unset = rt.field("anything", rt.Map(rt.Json()), default=rt.UNSET)
    colour: Colour | rt.Unset = rt.field("colour", rt.Enum(Colour), default=rt.UNSET)
    size: Size | rt.Unset = rt.field("size", rt.Enum(Size), default=rt.UNSET)
    at: datetime.datetime | rt.Unset = rt.field("at", rt.DateTime(), default=rt.UNSET)
    extra_properties: dict[str, Any] = rt.extras()


EVERY_VALUES = {
    "ids": st.lists(st.integers(-(2**32), 2**32) | JSON_LEAVES, max_size=3),
    "names": st.lists(st.none() | st.text(max_size=4) | st.integers(), max_size=3),
    "sized": st.lists(st.text(max_size=2), max_size=2),
    "counts": st.dictionaries(st.text(max_size=2), st.integers(0, 12) | JSON_LEAVES),
    "items": st.dictionaries(
        st.text(max_size=2), st.fixed_dictionaries({"sku": st.text(max_size=2) | JSON})
    ),
    "listed": st.lists(st.fixed_dictionaries({"sku": st.text(max_size=2)}), max_size=2),
    "bounded": st.dictionaries(st.text(max_size=2), st.text(max_size=2), max_size=3),
    "anything": st.dictionaries(st.text(max_size=2), JSON, max_size=3),
    "colour": st.sampled_from(["red", "blue", 1, None]),
    "size": st.sampled_from([1, 2, "1", True]),
    "at": st.sampled_from(["2021-09-12T10:12:42Z", "2021-09-12T10:12:42.5Z", "2021-09-12"]),
    "other": JSON,
}


VALID_EVERY = {
    "ids": [1, -(2**31)],
    "names": ["a", None],
    "sized": ["b"],
    "counts": {"c": 9},
    "items": {"d": {"sku": "D"}},
    "listed": [{"sku": "E", "count": 1}],
    "bounded": {"l": "m"},
    "anything": {"f": [1.5, {"g": None}], "h": "i"},
    "colour": "purple",
    "size": 1,
    "at": "2021-09-12T10:12:42.5+01:00",
    "other": {"j": [True]},
}


@given(
    st.fixed_dictionaries({}, optional={key: values | JSON for key, values in EVERY_VALUES.items()})
)
@example(VALID_EVERY)
@example({**VALID_EVERY, "at": "2021-09-12T10:12:42Z", "other": "k"})
@example({"counts": {1: 2}, "anything": {3: 4}, 5: 6})  # keys that are not strings
@example({"other": [float("inf")]})
def test_the_specialised_code_of_every_kind_of_property_agrees_with_the_generic_methods(
    payload: dict[str, Any],
) -> None:
    generic_from_dict = rt.Model.__dict__["from_dict"].__func__
    specialised = outcome(lambda: Every.from_dict(payload, "at"), rt.ValidationError)
    generic = outcome(lambda: generic_from_dict(Every, payload, "at"), rt.ValidationError)
    assert specialised == generic
    if specialised[0] == "ok":
        as_json = json.loads(json.dumps(payload))  # what it says, with keys as strings
        assert specialised[1].to_dict() == rt.Model.to_dict(specialised[1]) == as_json


def test_the_specialised_code_is_shown_in_tracebacks(talon_one: ModuleType) -> None:
    talon_one.CartItem.from_dict({"sku": "a", "quantity": 1})
    source = inspect.getsource(talon_one.CartItem.from_dict)
    assert source.startswith("def from_dict(cls, data, path=''):")
    assert "'quantity'" in source


def test_a_property_left_out_takes_the_spec_default_and_stays_out(talon_one: ModuleType) -> None:
    session = talon_one.NewCustomerSessionV2.from_dict({})
    assert session.state is talon_one.NewCustomerSessionV2StateEnum.OPEN  # the spec's default
    assert session.to_dict() == {}  # left out again: the round trip loses and adds nothing
    session.state = talon_one.NewCustomerSessionV2StateEnum.CLOSED
    assert session.to_dict() == {"state": "closed"}
    built = talon_one.NewCustomerSessionV2()  # not read from a payload: the default is written
    assert built.to_dict() == {"state": "open"}


# -- the code written per model, and what users do with the classes ------------------------------


def fresh_model(name: str, count: int = 30) -> type[rt.Model]:
    """A new generated-style class with `count` defaulted integer properties (never used yet)."""
    namespace: dict[str, Any] = {"__annotations__": {}}
    for index in range(count):
        namespace["__annotations__"][f"p{index}"] = "int"
        namespace[f"p{index}"] = rt.field(f"p{index}", rt.Int(), default=index)
    namespace["__annotations__"]["extra_properties"] = "dict[str, Any]"
    namespace["extra_properties"] = rt.extras()
    return rt.model(type(name, (rt.Model,), namespace))


def test_threads_that_use_a_class_first_at_once_all_get_its_code_right() -> None:
    classes = [fresh_model(f"Raced{index}") for index in range(60)]
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    barrier = threading.Barrier(4)
    wrong: list[str] = []

    def work() -> None:
        barrier.wait()
        for cls in classes:
            if cls.from_dict({}).to_dict() != {}:
                wrong.append(cls.__name__)

    try:
        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(previous)
    assert wrong == []
    assert all(cls.from_dict({}).to_dict() == {} for cls in classes)


def test_a_users_subclass_keeps_its_own_methods_and_fields() -> None:
    @dataclasses.dataclass(kw_only=True)
    class Tracked(Item):
        seen: list[str] = dataclasses.field(default_factory=list)

        @classmethod
        def from_dict(cls, data: Any, path: str = "") -> Tracked:
            built = super().from_dict(data, path)
            built.seen.append("from_dict")
            return built

        def to_dict(self) -> dict[str, Any]:
            return {**super().to_dict(), "tracked": True}

    Item.from_dict({"sku": "a"}).to_dict()  # the generated class's own code exists first
    for _ in range(2):  # and stays the subclass's business, call after call
        tracked = Tracked.from_dict({"sku": "a"})
        assert tracked.seen == ["from_dict"]
        assert tracked.to_dict() == {"sku": "a", "tracked": True}
    assert type(Item.from_dict({"sku": "a"})) is Item


def test_a_list_of_models_writes_the_models_code_once(monkeypatch: pytest.MonkeyPatch) -> None:
    cls = fresh_model("Listed", 3)
    written: list[str] = []
    original = compiled._compiled
    monkeypatch.setattr(
        compiled, "_compiled", lambda *args: written.append(args[1]) or original(*args)
    )
    items = rt.List(rt.Nested("Listed")).decode([{"p0": 1}] * 50, "items")
    assert len(items) == 50 and type(items[0]) is cls
    assert written == ["from_dict"]


def test_a_union_writes_a_model_no_option_holds_as_an_object() -> None:
    class Special(Item):  # a user's subclass: not registered, not one of the union's options
        pass

    union = rt.Union(rt.Nested("NoSuchModel"), rt.Str())
    assert union.encode(Special(sku="a")) == {"sku": "a"}
    assert rt.model_named("Special") is None


# -- one definition per check, and the format registry --------------------------------------


@pytest.mark.parametrize("name", sorted(formats.FORMATS))
def test_each_checked_format_has_a_sample_that_passes_its_own_check(name: str) -> None:
    entry = formats.FORMATS[name]
    assert rt.Str(format=name).decode(entry.sample, "at") == entry.sample
    text = placeholder_json(ir.Scalar("str", "Str", format=name))
    assert text == entry.sample  # the docs' code samples take it from the registry


def test_the_readme_lists_exactly_the_checked_formats() -> None:
    """The README's two lists of checked formats name what `formats.FORMATS` checks."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if "checked on input" in line)
    as_strings = set(formats.FORMATS) - {"date", "date-time"}  # these are read into objects
    assert set(re.findall(r"`(?:format: )?([\w-]+)`", row.split("|")[1])) == as_strings
    listed = re.search(
        r"Formats checked, each as its RFC writes it: (.*?)\.\s+Every\s+other", readme, re.S
    )
    assert listed is not None
    assert set(re.findall(r"`([\w-]+)`", listed.group(1))) == {*formats.FORMATS, "int32", "int64"}


@pytest.mark.parametrize(
    ("codec", "valid", "invalid"),
    [
        (
            rt.Str(min_length=2, max_length=3, pattern="^a", format="ipv4"),
            None,
            ["a", "abcd", "ba"],
        ),
        (rt.Str(pattern="b+"), "abc", ["ac"]),
        (rt.Int(minimum=1, maximum=9, multiple_of=2, format="int32"), 4, [0, 10, 3, 2**31]),
        (rt.Float(exclusive_minimum=0, exclusive_maximum=1.5), 0.5, [0, 1.5]),
        (rt.Float(minimum=float("-inf"), maximum=float("inf")), 1e300, []),
        (
            rt.List(rt.Int(), min_items=1, max_items=2, unique_items=True),
            [1, 2],
            [[], [1, 2, 3], [1, 1]],
        ),
        (rt.Map(rt.Int(), min_properties=1, max_properties=1), {"a": 1}, [{}, {"a": 1, "b": 2}]),
    ],
)
def test_the_code_per_model_and_the_codec_test_a_keyword_alike(
    codec: rt.Codec, valid: Any, invalid: list[Any]
) -> None:
    """A check is one object: the codec runs it, and the code per model writes it inline."""
    model = fresh_model_with(codec)
    for value in ([] if valid is None else [valid]) + invalid:
        inline = outcome(lambda value=value: model.from_dict({"p": value}), rt.ValidationError)
        direct = outcome(lambda value=value: codec.decode(value, "p"), rt.ValidationError)
        assert inline[0] == direct[0] == ("ok" if value is valid else "error")
        assert inline[1:3] == direct[1:3] or inline[0] == "ok"  # the first problem
    if valid is not None:  # read inline: the codec is not asked
        with unittest.mock.patch.object(codec, "decode", side_effect=AssertionError):
            assert model.from_dict({"p": valid}).to_dict() == {"p": valid}


def fresh_model_with(codec: rt.Codec) -> type[rt.Model]:
    namespace: dict[str, Any] = {"__annotations__": {"p": "Any"}, "p": rt.field("p", codec)}
    return rt.model(type(f"Keyword{id(codec)}", (rt.Model,), namespace))


class Rating(int, rt.OpenEnum):
    HIGH = 30
    LOW = 10


class Status(str, rt.OpenEnum):
    PAID = "paid"
    REFUNDED = "refunded"


@pytest.mark.parametrize("member", [Colour.RED, Status.PAID, Rating.HIGH, Status("returned")])
def test_an_enum_member_formats_as_its_value(member: rt.OpenEnum) -> None:
    assert str(member) == str(member.value)
    assert f"{member}" == f"{member.value}"
    assert f"{member:>8}" == f"{member.value:>8}"
    assert repr(member).startswith(f"<{type(member).__name__}.")


def test_an_int_enum_member_takes_integer_format_specs() -> None:
    assert f"{Rating.HIGH:04d}" == "0030"


# -- bounded memory: nothing grows with the values payloads send ------------------------------


@rt.model
class Painted(rt.Model):
    colour: Colour = rt.field("colour", rt.Enum(Colour))
    shades: list[Colour] | rt.Unset = rt.field("shades", rt.List(rt.Enum(Colour)), default=rt.UNSET)


def test_unknown_enum_values_are_not_kept() -> None:
    """100,000 payloads, each with an enum value never seen before: memory stays flat."""
    Painted.from_dict({"colour": "warm-up", "shades": ["warm-up"]}).to_dict()
    rt.Enum(Colour).decode("warm-up", "at")
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for index in range(100_000):
            payload = {"colour": f"shade-{index}", "shades": [f"tint-{index}", "red"]}
            painted = Painted.from_dict(payload)
            if index % 1000 == 0:  # still kept as they came, and told apart
                assert painted.to_dict() == payload and not rt.is_known(painted.colour)
        del painted
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 64 * 1024, f"{grown} bytes kept after 100,000 unknown values"


def test_unknown_enum_values_still_compare_round_trip_and_stay_apart_from_known_ones() -> None:
    purple, again = Colour("purple"), Colour("purple")
    assert purple == again and hash(purple) == hash(again) and purple != Colour("mauve")
    assert purple != Colour.RED and Colour.RED == Colour.RED and Colour.RED is Colour("red")
    assert not rt.is_known(purple) and rt.is_known(Colour.RED)
    assert pickle.loads(pickle.dumps(purple)) == purple
    assert copy.deepcopy(purple) is purple
    assert {purple: 1}[again] == 1
    assert rt.Enum(Colour).encode(rt.Enum(Colour).decode("purple", "at")) == "purple"
    rt.set_strict_enums(True)
    try:
        with pytest.raises(rt.ValidationError, match='must be one of "red", "green"; got "purple"'):
            Painted.from_dict({"colour": "purple"})
    finally:
        rt.set_strict_enums(False)


# Real descriptions whose `oneOf` options overlap, and whose payloads fit more than one: Box's
# `MetadataInstanceValue` (string, integer, number: every integer is both), Cloudflare's
# `access_app_id` (a string of at most 32 characters, or one of at most 36) and Intercom's
# `update_data_attribute_request` (an object, or `{title: other type}`: anything). JSON Schema's
# `oneOf` refuses each of these payloads; the default reading takes the first option that fits.
OVERLAPPING_ONE_OFS = [
    (rt.Union(rt.Str(), rt.Int(), rt.Float(), one_of=True), 5),
    (rt.Union(rt.Str(max_length=32), rt.Str(max_length=36), one_of=True), "023e105f4ecef8ad"),
    (rt.Union(rt.Map(rt.Json()), rt.Json(), one_of=True), {"name": "plan", "archived": True}),
]


@pytest.mark.parametrize(("union", "payload"), OVERLAPPING_ONE_OFS)
def test_one_of_takes_the_first_option_that_fits_as_real_payloads_need(
    union: rt.Union, payload: Any
) -> None:
    assert union.encode(union.decode(payload, "v")) == payload
    rt.set_strict_one_of(True)
    try:
        with pytest.raises(rt.ValidationError, match="matches more than one of the oneOf"):
            union.decode(payload, "v")
    finally:
        rt.set_strict_one_of(False)


class CardKind(str, rt.OpenEnum):  # OpenAPI 3.0's `const`: `kind: {enum: [card]}`
    CARD = "card"


class BankKind(str, rt.OpenEnum):
    BANK = "bank"


@rt.model
class TaggedCard(rt.Model):
    kind: CardKind = rt.field("kind", rt.Enum(CardKind))
    extra_properties: dict[str, Any] = rt.extras()


@rt.model
class TaggedBank(rt.Model):
    kind: BankKind = rt.field("kind", rt.Enum(BankKind))
    iban: str | rt.Unset = rt.field("iban", rt.Str(), default=rt.UNSET)
    extra_properties: dict[str, Any] = rt.extras()


def test_an_enum_of_one_value_is_a_constant_that_tells_union_options_apart() -> None:
    with pytest.raises(ValueError, match="not a valid CardKind"):
        CardKind("bank")
    payment = rt.Union(rt.Nested("TaggedCard"), rt.Nested("TaggedBank"))
    bank = payment.decode({"kind": "bank", "iban": "DE00"}, "payment")
    assert bank == TaggedBank(kind=BankKind.BANK, iban="DE00")  # not a card of kind "bank"
    with pytest.raises(rt.ValidationError, match='must be one of "card"; got "cash"'):
        payment.decode({"kind": "cash"}, "payment")


class CardKinds(str, rt.OpenEnum):
    CARD = "card"
    DEBIT = "debit"


class BankKinds(str, rt.OpenEnum):
    BANK = "bank"
    SEPA = "sepa"


@rt.model
class KindsCard(rt.Model):
    kind: CardKinds = rt.field("kind", rt.Enum(CardKinds))
    extra_properties: dict[str, Any] = rt.extras()


@rt.model
class KindsBank(rt.Model):
    kind: BankKinds = rt.field("kind", rt.Enum(BankKinds))
    iban: str | rt.Unset = rt.field("iban", rt.Str(), default=rt.UNSET)
    extra_properties: dict[str, Any] = rt.extras()


def test_a_union_takes_the_option_whose_enums_list_the_payload_s_values() -> None:
    # Open enums of several values tell options apart too: a `sepa` payment is a bank one, not
    # a card of an unknown kind with the iban as an extra property.
    payment = rt.Union(rt.Nested("KindsCard"), rt.Nested("KindsBank"))
    sepa = payment.decode({"kind": "sepa", "iban": "DE00"}, "payment")
    assert sepa == KindsBank(kind=BankKinds.SEPA, iban="DE00")
    nested = rt.List(rt.Union(rt.Str(), payment))  # a union within a union's option
    assert nested.decode([{"kind": "bank"}], "payments") == [KindsBank(kind=BankKinds.BANK)]
    # A value no option lists (a newer server's) is still read, by the first option that fits
    # with its enums open, and written back as it came.
    new = payment.decode({"kind": "wallet"}, "payment")
    assert type(new) is KindsCard and not rt.is_known(new.kind)
    assert new.to_dict() == {"kind": "wallet"}
    # Outside the union's first try, enums are open again.
    assert rt.Enum(CardKinds).decode("wallet", "kind").value == "wallet"


class Mixed(rt.OpenEnum):  # no common Python type: compared by the runtime's own __eq__
    ONE = 1
    HALF = 0.5


def test_unknown_members_of_an_enum_of_mixed_types_compare_by_json_value() -> None:
    assert Mixed(2) == Mixed(2) and Mixed(2) != Mixed(2.0) and Mixed(2) != Mixed(3)
    assert Mixed(1) is Mixed.ONE and Mixed.ONE != Mixed.HALF


# -- checked on the way out -------------------------------------------------------------------

NAIVE = datetime.datetime(2024, 1, 2, 3, 4, 5)
AWARE = NAIVE.replace(tzinfo=datetime.timezone.utc)
# Python values for each property of `Every`: right ones, and wrong ones of every kind.
EVERY_ATTRIBUTES = {
    "ids": st.lists(st.integers(-(2**32), 2**32) | st.sampled_from([True, 1.0, "1"]), max_size=3),
    "names": st.lists(st.none() | st.text(max_size=4) | st.integers(), max_size=3),
    "sized": st.lists(st.text(max_size=2), max_size=2) | st.text(max_size=2),
    "counts": st.dictionaries(st.text(max_size=2), st.integers(0, 12) | st.just(9.5)),
    "items": st.dictionaries(
        st.text(max_size=2), st.builds(Item, sku=st.text(max_size=2)) | st.just({"sku": "x"})
    ),
    "listed": st.lists(st.builds(Item, sku=st.text(max_size=2)), max_size=2) | st.just(()),
    "bounded": st.dictionaries(st.text(max_size=2), st.text(max_size=2), max_size=3),
    "anything": st.dictionaries(st.text(max_size=2), JSON | st.just({1, 2}), max_size=3),
    "colour": st.sampled_from([Colour.RED, Colour("purple"), "red", "blue", 1, Size.ONE]),
    "size": st.sampled_from([Size.ONE, 1, 2, Colour.RED]),
    "at": st.sampled_from([AWARE, NAIVE, "2024-01-02T03:04:05Z", datetime.date(2024, 1, 2)]),
    "extra_properties": st.dictionaries(st.text(max_size=2), JSON, max_size=2),
}


@given(st.fixed_dictionaries({}, optional=EVERY_ATTRIBUTES))
@example({"at": NAIVE, "colour": 1, "ids": [True]})
@example({"anything": {"a": float("nan")}, "counts": {"c": 10}})
def test_an_object_built_in_python_is_checked_by_the_code_per_model_as_by_the_generic_method(
    attributes: dict[str, Any],
) -> None:
    built = Every(**attributes)
    specialised = outcome(built.to_dict, rt.ValidationError)
    generic = outcome(lambda: rt.Model.to_dict(built), rt.ValidationError)
    assert specialised == generic
    validated = outcome(built.validate, rt.ValidationError)
    assert validated[0] == specialised[0]
    assert validated[1:] == specialised[1:] or validated[0] == "ok"
    if specialised[0] == "ok":  # what is written reads back as the same object
        assert Every.from_dict(specialised[1]).to_dict() == specialised[1]


def test_a_wrong_value_is_a_validation_error_with_its_path() -> None:
    with pytest.raises(rt.ValidationError) as caught:
        Event(at="yesterday").to_dict()  # type: ignore[arg-type]
    assert str(caught.value) == "at: must be a datetime.datetime, got str 'yesterday'"
    with pytest.raises(rt.ValidationError, match=r"^at: must have a time zone"):
        Event(at=NAIVE).to_json()
    with pytest.raises(rt.ValidationError) as caught:
        Event(at=AWARE, items=[Item(sku="a"), Item(sku="", count=0), "b"]).to_dict()  # type: ignore[list-item]
    assert caught.value.errors() == [
        {"path": "items[1].sku", "message": "must be at least 1 character long, got 0"},
        {"path": "items[1].count", "message": "must be >= 1, got 0"},
        {"path": "items[2]", "message": "must be a Item, got str 'b'"},
    ]


def test_an_object_read_is_written_as_read_and_validate_checks_it_again() -> None:
    event = Event.from_dict({"at": "2024-01-02T03:04:05Z", "items": [{"sku": "A"}]})
    event.items[0].sku = ""  # type: ignore[index]
    with pytest.raises(rt.ValidationError, match=r"^items\[0\]\.sku: must be at least 1 character"):
        event.validate()
    assert Event(at=AWARE).validate() is None
    with pytest.raises(rt.ValidationError, match=r"^at: must be a datetime"):
        event.at = "now"  # type: ignore[assignment]
        event.to_dict()  # a date-time, a model or an enum member set since is checked


def test_a_required_property_left_unset_is_reported() -> None:
    with pytest.raises(rt.ValidationError, match=r"^sku: is required$"):
        Item(sku=rt.UNSET).to_dict()  # type: ignore[arg-type]


# -- errors a service can return --------------------------------------------------------------


def test_every_problem_of_a_payload_is_listed_with_its_path() -> None:
    payload = {"at": "2024-13-01T00:00:00Z", "items": [{"count": 0}, {"sku": 5}], "day": "x"}
    with pytest.raises(rt.ValidationError) as caught:
        Event.from_dict(payload)
    error = caught.value
    assert str(error) == error.problems[0].__str__() and error.path == "at"
    assert [problem.path for problem in error.problems] == [
        "at", "day", "items[0].sku", "items[0].count", "items[1].sku"
    ]  # fmt: skip
    assert error.omitted == 0
    assert error.errors()[2] == {"path": "items[0].sku", "message": "is required"}
    assert json.loads(json.dumps(error.errors())) == error.errors()


def test_the_problems_are_capped_with_a_count_of_the_rest() -> None:
    with pytest.raises(rt.ValidationError) as caught:
        rt.Adapter[list[Item]](rt.List(rt.Nested("Item"))).from_data([{"count": 0}] * 80)
    error = caught.value
    assert len(error.problems) == rt.errors.MAX_PROBLEMS == 100
    assert error.omitted == 80 * 2 - 100
    assert error.problems[0] == rt.errors.Problem("[0].sku", "is required")


def test_messages_name_the_value_and_count_in_english() -> None:
    cases = [
        (rt.Str(min_length=1), "", "must be at least 1 character long, got 0"),
        (rt.Str(max_length=2), "abc", "must be at most 2 characters long, got 3"),
        (rt.Str(pattern="^[A-Z]+$"), "abc", "must match the pattern '^[A-Z]+$', got 'abc'"),
        (rt.List(rt.Int(), max_items=1), [1, 2], "must have at most 1 item, got 2"),
        (rt.List(rt.Int(), min_items=2), [1], "must have at least 2 items, got 1"),
        (
            rt.Map(rt.Int(), max_properties=1),
            {"a": 1, "b": 2},
            "must have at most 1 property, got 2",
        ),
    ]
    for codec, value, message in cases:
        with pytest.raises(rt.ValidationError) as caught:
            codec.decode(value, "at")
        assert caught.value.reason == message
    long = "x" * 500
    with pytest.raises(rt.ValidationError) as caught:
        rt.Str(pattern="^y").decode(long, "at")
    assert len(str(caught.value)) < 120  # a long value is cut short


def test_a_discriminator_error_names_the_property_and_the_value() -> None:
    union = rt.Union(
        rt.Nested("Item"),
        rt.Nested("Event"),
        discriminator="kind",
        mapping={"item": "Item", "event": "Event"},
    )
    with pytest.raises(rt.ValidationError) as caught:
        union.decode({"kind": "card"}, "payment")
    assert str(caught.value) == (
        'payment: matches none of the allowed types: its discriminator "kind" is "card", '
        'not one of "item", "event"'
    )
    with pytest.raises(rt.ValidationError, match='its discriminator "kind" is missing'):
        union.decode({}, "payment")
    with pytest.raises(rt.ValidationError) as caught:  # the tag's model says what is wrong
        union.decode({"kind": "item", "count": 0}, "payment")
    assert [problem.path for problem in caught.value.problems] == ["payment.sku", "payment.count"]


def test_an_adapter_checks_what_it_writes() -> None:
    adapter = rt.Adapter[list[int]](rt.List(rt.Int(maximum=3)))
    assert adapter.to_data([1, 2]) == [1, 2]
    with pytest.raises(rt.ValidationError) as caught:
        adapter.to_json([1, "2", 4])  # type: ignore[list-item]
    assert [str(problem) for problem in caught.value.problems] == [
        "[1]: must be an int, got str '2'",
        "[2]: must be <= 3, got 4",
    ]


@rt.model
class OnlyExtras(rt.Model):
    extra_properties: dict[str, Any] = rt.extras()


def test_a_model_of_extras_only_writes_them_read_or_built() -> None:
    """No property to write: the code per model still compiles (Box's oneOf models)."""
    assert OnlyExtras.from_dict({"a": 1}).to_dict() == {"a": 1}
    assert OnlyExtras(extra_properties={"b": [2]}).to_dict() == {"b": [2]}
