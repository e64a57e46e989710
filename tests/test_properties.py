"""Property-based round trips of the fragment's models, with payloads derived from the spec.

`payloads(schema)` reads a schema of specs/new_customer_session_v2.yaml and builds a hypothesis
strategy of valid payloads for it: types, required properties, string lengths, item counts,
minimums, date-time and uuid formats, enums (plus values the spec does not list, which the models
accept) and unknown extra properties. The profile (conftest.py) is derandomized; raise the
number of examples with HYPOTHESIS_MAX_EXAMPLES.
"""

from __future__ import annotations

import json
import math
from types import ModuleType
from typing import Any

import pytest
from conftest import FRAGMENT_SPEC
from hypothesis import given
from hypothesis import strategies as st

from openapi_dataclasses.yaml12 import load_yaml

SCHEMAS: dict[str, Any] = load_yaml(FRAGMENT_SPEC.read_text(encoding="utf-8"))["components"][
    "schemas"
]
MODELS = ["NewCustomerSessionV2", "CartItem", "AdditionalCost", "PriceDetail", "Product"]
INT64 = (-(2**63), 2**63 - 1)
MAX_COLLECTION = 3  # keeps nested payloads small and the suite fast
MAX_TEXT = 20

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=MAX_COLLECTION)
        | st.dictionaries(st.text(max_size=8), children, max_size=MAX_COLLECTION)
    ),
    max_leaves=8,
)


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    assert ref.startswith("#/components/schemas/"), f"only local refs are supported: {ref}"
    return resolve(SCHEMAS[ref.rsplit("/", 1)[-1]])


@st.composite
def rfc3339_date_times(draw: st.DrawFn) -> str:
    """RFC 3339 date-time text: any fraction, `T` or `t`, and `Z`, `z` or a numeric offset."""
    moment = draw(st.datetimes())
    fraction = draw(st.one_of(st.just(""), st.from_regex(r"\.[0-9]{1,9}", fullmatch=True)))
    offset = draw(
        st.one_of(
            st.sampled_from(["Z", "z"]),
            st.builds(
                "{}{:02d}:{:02d}".format,
                st.sampled_from("+-"),
                st.integers(0, 23),
                st.integers(0, 59),
            ),
        )
    )
    separator = draw(st.sampled_from("Tt"))
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}{separator}"
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}{fraction}{offset}"
    )


def strings(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    fmt = schema.get("format")
    if fmt == "date-time":
        return rfc3339_date_times()
    if fmt == "date":
        return st.dates().map(lambda day: f"{day.year:04d}-{day.month:02d}-{day.day:02d}")
    if fmt == "uuid":
        return st.uuids().map(str)
    if "pattern" in schema:
        return st.from_regex(schema["pattern"])
    low = schema.get("minLength", 0)
    high = min(schema.get("maxLength", MAX_TEXT), max(low, MAX_TEXT))
    return st.text(min_size=low, max_size=high)


def numbers(schema: dict[str, Any]) -> st.SearchStrategy[int | float]:
    low, high = schema.get("minimum"), schema.get("maximum")
    if schema["type"] == "integer":
        in_int64 = schema.get("format") == "int64"
        return st.integers(
            low if low is not None else INT64[0] if in_int64 else None,
            high if high is not None else INT64[1] if in_int64 else None,
        )
    # A JSON number: integers stay integers on the way back, so draw both.
    whole = st.integers(
        math.ceil(low) if low is not None else None, math.floor(high) if high is not None else None
    )
    return whole | st.floats(low, high, allow_nan=False, allow_infinity=False)


def enum_values(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    known = [value for value in schema["enum"] if value is not None]
    unknown = st.text(min_size=1, max_size=12).filter(lambda value: value not in known)
    return st.sampled_from(known) | unknown


def objects(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties = schema.get("properties") or {}
    additional = schema.get("additionalProperties", True)
    if not properties:
        values = json_values if additional in (True, {}) else payloads(additional)
        return st.dictionaries(st.text(max_size=10), values, max_size=MAX_COLLECTION)
    required = set(schema.get("required", []))
    known = st.fixed_dictionaries(
        {name: payloads(prop) for name, prop in properties.items() if name in required},
        optional={
            name: payloads(prop) for name, prop in properties.items() if name not in required
        },
    )
    if additional is False:
        return known
    extra_values = json_values if additional in (True, {}) else payloads(additional)
    extras = st.dictionaries(
        st.text(min_size=1, max_size=10).filter(lambda key: key not in properties),
        extra_values,
        max_size=2,
    )
    return st.builds(lambda named, extra: {**extra, **named}, known, extras)


def payloads(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Valid payloads for `schema`, as the generated models must accept and write back."""
    schema = resolve(schema)
    if "enum" in schema:
        return enum_values(schema)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return objects(schema)
    if kind == "array":
        low = schema.get("minItems", 0)
        high = min(schema.get("maxItems", MAX_COLLECTION), max(low, MAX_COLLECTION))
        return st.lists(payloads(schema.get("items", {})), min_size=low, max_size=high)
    if kind == "string":
        return strings(schema)
    if kind in ("integer", "number"):
        return numbers(schema)
    if kind == "boolean":
        return st.booleans()
    return json_values


STRATEGIES = {name: payloads(SCHEMAS[name]) for name in MODELS}


@pytest.mark.parametrize("name", MODELS)
@given(data=st.data())
def test_valid_payload_round_trips_through_dicts(
    talon_one: ModuleType, name: str, data: st.DataObject
) -> None:
    payload = data.draw(STRATEGIES[name], label="payload")
    snapshot = json.dumps(payload, sort_keys=True)

    written = getattr(talon_one, name).from_dict(payload).to_dict()

    assert written == payload  # absent stays absent, spec defaults included
    assert json.dumps(payload, sort_keys=True) == snapshot  # the input is not changed


@pytest.mark.parametrize("name", MODELS)
@given(data=st.data())
def test_valid_payload_round_trips_through_json(
    talon_one: ModuleType, name: str, data: st.DataObject
) -> None:
    payload = data.draw(STRATEGIES[name], label="payload")

    text = getattr(talon_one, name).from_json(json.dumps(payload)).to_json()

    assert json.loads(text) == payload


@given(payload=STRATEGIES["CartItem"], required=st.sampled_from(["sku", "quantity"]))
def test_cart_item_without_a_required_property_is_rejected_at_its_path(
    talon_one: ModuleType, payload: dict[str, Any], required: str
) -> None:
    del payload[required]

    with pytest.raises(talon_one.ValidationError) as caught:
        talon_one.NewCustomerSessionV2.from_dict({"cartItems": [payload]})

    assert caught.value.path == f"cartItems[0].{required}"


@given(
    payload=STRATEGIES["NewCustomerSessionV2"],
    length=st.integers(1001, 2000),
    character=st.characters(),
)
def test_store_integration_id_longer_than_1000_is_rejected(
    talon_one: ModuleType, payload: dict[str, Any], length: int, character: str
) -> None:
    too_long = character * length

    with pytest.raises(talon_one.ValidationError) as caught:
        talon_one.NewCustomerSessionV2.from_dict({**payload, "storeIntegrationId": too_long})

    assert caught.value.path == "storeIntegrationId"
