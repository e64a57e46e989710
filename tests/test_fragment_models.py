"""The committed fragment package (generated/talon_one): round trips, rejections and enums."""

from __future__ import annotations

import datetime
import json
from types import ModuleType
from typing import Any

import pytest

Payload = dict[str, Any]


def cart_item(**changes: Any) -> Payload:
    return {"sku": "SKU1241028", "quantity": 1, **changes}


def rejection(model: type, payload: Any) -> Any:
    """The ValidationError that `model.from_dict(payload)` raises."""
    with pytest.raises(ValueError) as caught:
        model.from_dict(payload)  # type: ignore[attr-defined]
    return caught.value


# -- round trips --------------------------------------------------------------------------------


def test_schema_example_round_trips_through_dicts(
    talon_one: ModuleType, session_example: Payload
) -> None:
    assert talon_one.NewCustomerSessionV2.from_dict(session_example).to_dict() == session_example


def test_schema_example_round_trips_through_json(
    talon_one: ModuleType, session_example: Payload
) -> None:
    text = json.dumps(session_example)

    written = talon_one.NewCustomerSessionV2.from_json(text).to_json()

    assert json.loads(written) == session_example


def test_from_json_accepts_bytes(talon_one: ModuleType, session_example: Payload) -> None:
    model = talon_one.NewCustomerSessionV2.from_json(json.dumps(session_example).encode())

    assert model.to_dict() == session_example


def test_decoded_example_has_python_values(talon_one: ModuleType, session_example: Payload) -> None:
    session = talon_one.NewCustomerSessionV2.from_dict(session_example)
    item = session.cart_items[0]

    assert session.profile_id == "URNGV8294NV"
    assert session.state is talon_one.NewCustomerSessionV2StateEnum.OPEN
    assert isinstance(item, talon_one.CartItem)
    assert item.catalog_item_id == 5
    assert item.product == talon_one.Product(name="sample_product")
    assert item.adjustment_effective_from == datetime.datetime(
        2021, 9, 12, 10, 12, 42, tzinfo=datetime.timezone.utc
    )
    assert session.additional_costs == {"shipping": talon_one.AdditionalCost(price=9)}


def test_round_trip_does_not_change_the_input(
    talon_one: ModuleType, session_example: Payload
) -> None:
    original = json.dumps(session_example, sort_keys=True)

    talon_one.NewCustomerSessionV2.from_dict(session_example).to_dict()

    assert json.dumps(session_example, sort_keys=True) == original


def test_absent_properties_stay_absent(talon_one: ModuleType) -> None:
    payload = {"profileId": "p1", "state": "closed", "cartItems": [cart_item()]}

    session = talon_one.NewCustomerSessionV2.from_dict(payload)

    assert session.store_integration_id is talon_one.UNSET
    assert session.cart_items[0].price is talon_one.UNSET
    assert session.to_dict() == payload


def test_explicit_nulls_are_kept_where_the_schema_allows_them(talon_one: ModuleType) -> None:
    payload = {
        "state": "open",
        "attributes": {"ShippingCity": None, "nested": {"zip": None}},
        "x-unknown": None,
        "cartItems": [cart_item(attributes={"colour": None})],
    }

    assert talon_one.NewCustomerSessionV2.from_dict(payload).to_dict() == payload


def test_unknown_properties_are_kept_at_every_level(talon_one: ModuleType) -> None:
    payload = {
        "state": "open",
        "x-request-id": "abc",
        "experimentVariantAllocations": [{"experimentId": 1}],
        "cartItems": [
            cart_item(
                giftWrap=True,
                product={"name": "shoe", "brand": "Acme"},
                prices={"member": {"price": 90, "effectiveFrom": "2025-05-25T00:00:00Z"}},
            )
        ],
    }

    session = talon_one.NewCustomerSessionV2.from_dict(payload)

    assert session.extra_properties == {
        "x-request-id": "abc",
        "experimentVariantAllocations": [{"experimentId": 1}],
    }
    assert session.cart_items[0].extra_properties == {"giftWrap": True}
    assert session.cart_items[0].product.extra_properties == {"brand": "Acme"}
    assert session.to_dict() == payload


@pytest.mark.parametrize(
    "text",
    [
        "2021-09-12T10:12:42Z",
        "2021-09-12T10:12:42.5Z",
        "2021-09-12T10:12:42.123456789+02:00",
        "2021-09-12T10:12:42-00:00",
        "2021-09-12t10:12:42z",
    ],
)
def test_date_times_are_written_back_exactly_as_given(talon_one: ModuleType, text: str) -> None:
    payload = cart_item(adjustmentEffectiveFrom=text)

    item = talon_one.CartItem.from_dict(payload)

    assert isinstance(item.adjustment_effective_from, datetime.datetime)
    assert item.adjustment_effective_from.tzinfo is not None
    assert item.to_dict()["adjustmentEffectiveFrom"] == text


def test_date_time_set_in_python_is_written_in_rfc3339(talon_one: ModuleType) -> None:
    moment = datetime.datetime(2021, 9, 12, 10, 12, 42, tzinfo=datetime.timezone.utc)

    item = talon_one.CartItem(sku="s", quantity=1, adjustment_effective_from=moment)

    assert item.to_dict()["adjustmentEffectiveFrom"] == "2021-09-12T10:12:42Z"


def test_integers_in_number_fields_are_written_back_as_integers(talon_one: ModuleType) -> None:
    payload = cart_item(price=100, weight=1130.0, prices={"base": {"price": 90}})

    written = talon_one.CartItem.from_dict(payload).to_dict()

    assert written == payload
    assert type(written["price"]) is int
    assert type(written["weight"]) is float
    assert type(written["prices"]["base"]["price"]) is int
    assert '"price": 100,' in talon_one.CartItem.from_dict(payload).to_json()


def test_models_built_in_python_serialise_to_the_wire_names(talon_one: ModuleType) -> None:
    session = talon_one.NewCustomerSessionV2(
        profile_id="p1",
        cart_items=[talon_one.CartItem(sku="s", quantity=2, catalog_item_id=5)],
        additional_costs={"shipping": talon_one.AdditionalCost(price=4.5)},
    )

    assert session.to_dict() == {
        "profileId": "p1",
        "state": "open",
        "cartItems": [{"sku": "s", "quantity": 2, "catalogItemID": 5}],
        "additionalCosts": {"shipping": {"price": 4.5}},
    }


# -- rejections ---------------------------------------------------------------------------------


def test_validation_error_is_a_value_error(talon_one: ModuleType) -> None:
    assert issubclass(talon_one.ValidationError, ValueError)


def test_wrong_type_names_the_property(talon_one: ModuleType) -> None:
    error = rejection(talon_one.NewCustomerSessionV2, {"profileId": 42})

    assert isinstance(error, talon_one.ValidationError)
    assert error.path == "profileId"
    assert str(error) == "profileId: must be a string, got a number"


def test_wrong_type_inside_a_list_names_the_item(talon_one: ModuleType) -> None:
    error = rejection(talon_one.NewCustomerSessionV2, {"cartItems": [cart_item(quantity="1")]})

    assert error.path == "cartItems[0].quantity"
    assert "cartItems[0].quantity" in str(error)
    assert "integer" in str(error)


@pytest.mark.parametrize("value", [True, 1.5, None])
def test_integer_property_rejects_booleans_floats_and_null(
    talon_one: ModuleType, value: Any
) -> None:
    error = rejection(talon_one.CartItem, cart_item(quantity=value))

    assert error.path == "quantity"


def test_null_where_the_schema_does_not_allow_it(talon_one: ModuleType) -> None:
    error = rejection(talon_one.NewCustomerSessionV2, {"storeIntegrationId": None})

    assert error.path == "storeIntegrationId"
    assert "got null" in str(error)


def test_missing_required_property_names_its_place(talon_one: ModuleType) -> None:
    error = rejection(talon_one.NewCustomerSessionV2, {"cartItems": [{"quantity": 1}]})

    assert error.path == "cartItems[0].sku"
    assert str(error) == "cartItems[0].sku: is required"


def test_missing_required_property_in_a_map_value(talon_one: ModuleType) -> None:
    error = rejection(talon_one.NewCustomerSessionV2, {"additionalCosts": {"shipping": {}}})

    assert error.path == "additionalCosts.shipping.price"


def test_map_key_that_is_not_an_identifier_is_quoted_in_the_path(talon_one: ModuleType) -> None:
    error = rejection(talon_one.NewCustomerSessionV2, {"additionalCosts": {"gift wrap": {}}})

    assert error.path == 'additionalCosts["gift wrap"].price'


def test_string_longer_than_max_length(talon_one: ModuleType) -> None:
    talon_one.NewCustomerSessionV2.from_dict({"storeIntegrationId": "x" * 1000})

    error = rejection(talon_one.NewCustomerSessionV2, {"storeIntegrationId": "x" * 1001})

    assert error.path == "storeIntegrationId"
    assert "at most 1000 characters" in str(error)


def test_string_shorter_than_min_length(talon_one: ModuleType) -> None:
    error = rejection(talon_one.NewCustomerSessionV2, {"storeIntegrationId": ""})

    assert error.path == "storeIntegrationId"


def test_max_length_of_list_items(talon_one: ModuleType) -> None:
    error = rejection(talon_one.NewCustomerSessionV2, {"couponCodes": ["ok", "x" * 101]})

    assert error.path == "couponCodes[1]"


def test_too_many_items(talon_one: ModuleType) -> None:
    talon_one.NewCustomerSessionV2.from_dict({"loyaltyCards": ["card-1"]})

    error = rejection(talon_one.NewCustomerSessionV2, {"loyaltyCards": ["card-1", "card-2"]})

    assert error.path == "loyaltyCards"
    assert "at most 1 item, got 2" in str(error)


def test_value_below_minimum(talon_one: ModuleType) -> None:
    error = rejection(talon_one.NewCustomerSessionV2, {"cartItems": [cart_item(quantity=0)]})

    assert error.path == "cartItems[0].quantity"
    assert str(error) == "cartItems[0].quantity: must be >= 1, got 0"


def test_integer_outside_int64(talon_one: ModuleType) -> None:
    error = rejection(talon_one.CartItem, cart_item(quantity=2**63))

    assert error.path == "quantity"


@pytest.mark.parametrize(
    "text",
    [
        "yesterday",
        "2021-09-12",
        "2021-13-01T10:12:42Z",
        "2021-09-31T10:12:42Z",
        "2021-09-12T25:00:00Z",
        "2021-09-12T10:12:42 Z",
    ],
)
def test_invalid_date_time(talon_one: ModuleType, text: str) -> None:
    error = rejection(talon_one.CartItem, cart_item(adjustmentEffectiveUntil=text))

    assert isinstance(error, talon_one.ValidationError)
    assert error.path == "adjustmentEffectiveUntil"


def test_date_time_with_an_out_of_range_offset(talon_one: ModuleType) -> None:
    # RFC 3339 offsets have hours 00-23: "+24:00" is invalid input, so a ValidationError.
    error = rejection(
        talon_one.CartItem, cart_item(adjustmentEffectiveUntil="2021-09-12T10:12:42+24:00")
    )

    assert isinstance(error, talon_one.ValidationError)
    assert error.path == "adjustmentEffectiveUntil"


def test_date_time_without_an_offset(talon_one: ModuleType) -> None:
    # RFC 3339 (and so OpenAPI's `date-time`) requires the offset: "Z" or "+hh:mm".
    error = rejection(talon_one.CartItem, cart_item(adjustmentEffectiveUntil="2021-09-12T10:12:42"))

    assert isinstance(error, talon_one.ValidationError)
    assert error.path == "adjustmentEffectiveUntil"


@pytest.mark.parametrize("payload", [["not", "an", "object"], "text", 7, None])
def test_payload_that_is_not_an_object(talon_one: ModuleType, payload: Any) -> None:
    error = rejection(talon_one.NewCustomerSessionV2, payload)

    assert isinstance(error, talon_one.ValidationError)
    assert error.path == ""
    assert str(error).startswith("must be an object, got ")


def test_nested_value_that_is_not_an_object(talon_one: ModuleType) -> None:
    error = rejection(talon_one.NewCustomerSessionV2, {"cartItems": ["SKU1"]})

    assert error.path == "cartItems[0]"
    assert str(error) == "cartItems[0]: must be an object, got a string"


def test_from_json_rejects_text_that_is_not_json(talon_one: ModuleType) -> None:
    with pytest.raises(talon_one.ValidationError, match="not valid JSON"):
        talon_one.NewCustomerSessionV2.from_json("{'single': 'quotes'}")


def test_from_json_rejects_a_json_array(talon_one: ModuleType) -> None:
    with pytest.raises(talon_one.ValidationError, match="must be an object"):
        talon_one.NewCustomerSessionV2.from_json("[]")


# -- the state enum -----------------------------------------------------------------------------


def test_enum_members_are_their_string_values(talon_one: ModuleType) -> None:
    state = talon_one.NewCustomerSessionV2StateEnum

    assert state.PARTIALLY_RETURNED == "partially_returned"
    assert [member.value for member in state] == [
        "open",
        "closed",
        "partially_returned",
        "cancelled",
    ]
    assert talon_one.is_known(state.CANCELLED)


def test_absent_state_defaults_to_open(talon_one: ModuleType) -> None:
    state = talon_one.NewCustomerSessionV2StateEnum

    assert talon_one.NewCustomerSessionV2.from_dict({}).state is state.OPEN
    assert talon_one.NewCustomerSessionV2().state is state.OPEN


def test_unknown_enum_value_is_accepted_and_round_trips(talon_one: ModuleType) -> None:
    session = talon_one.NewCustomerSessionV2.from_dict({"state": "archived"})

    assert session.state == "archived"
    assert isinstance(session.state, talon_one.NewCustomerSessionV2StateEnum)
    assert not talon_one.is_known(session.state)
    assert session.to_dict() == {"state": "archived"}
    assert json.loads(session.to_json()) == {"state": "archived"}


def test_enum_value_of_the_wrong_type_is_rejected(talon_one: ModuleType) -> None:
    error = rejection(talon_one.NewCustomerSessionV2, {"state": 1})

    assert error.path == "state"


def test_strict_enums_reject_an_unknown_value(talon_one: ModuleType, strict_enums: None) -> None:
    error = rejection(talon_one.NewCustomerSessionV2, {"state": "suspended"})

    assert isinstance(error, talon_one.ValidationError)
    assert error.path == "state"
    assert '"partially_returned"' in str(error)


def test_strict_enums_still_accept_known_values(talon_one: ModuleType, strict_enums: None) -> None:
    session = talon_one.NewCustomerSessionV2.from_dict({"state": "closed"})

    assert session.state is talon_one.NewCustomerSessionV2StateEnum.CLOSED


def test_strict_enums_reject_an_unknown_value_seen_before_in_lenient_mode(
    talon_one: ModuleType,
) -> None:
    talon_one.NewCustomerSessionV2.from_dict({"state": "archived"})
    talon_one.set_strict_enums(True)
    try:
        with pytest.raises(talon_one.ValidationError) as caught:
            talon_one.NewCustomerSessionV2.from_dict({"state": "archived"})
        assert caught.value.path == "state"
    finally:
        talon_one.set_strict_enums(False)
