"""Python names from wire names: snake_case, keywords, reserved names, digits, unicode, collisions."""

from __future__ import annotations

import keyword

import pytest
from support import HEAD, BuildIr, model

from openapi_dataclasses import naming


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("catalogItemID", "catalog_item_id"),
        ("profileId", "profile_id"),
        ("storeIntegrationId", "store_integration_id"),
        ("HTTPResponseCode", "http_response_code"),
        ("already_snake", "already_snake"),
        ("kebab-case-name", "kebab_case_name"),
        ("with spaces", "with_spaces"),
        ("x-trace-id", "x_trace_id"),
        ("v2Name", "v2_name"),
        # Plural acronyms are one word, as a person writes them.
        ("integrationIDs", "integration_ids"),
        ("campaignIDs", "campaign_ids"),
        ("profileIDs", "profile_ids"),
        ("URLs", "urls"),
        ("APIsAndURLs", "apis_and_urls"),
        ("URLsList", "urls_list"),
        ("HTTPServer", "http_server"),
        ("IsActive", "is_active"),
    ],
)
def test_snake_case(wire: str, expected: str) -> None:
    assert naming.snake_case(wire) == expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("new_customer_session_v2", "NewCustomerSessionV2"),
        ("cart-item", "CartItem"),
        ("priceDetail", "PriceDetail"),
    ],
)
def test_pascal_case(wire: str, expected: str) -> None:
    assert naming.pascal_case(wire) == expected


@pytest.mark.parametrize("word", ["class", "from", "import", "lambda", "async", "global"])
def test_keywords_get_a_trailing_underscore(word: str) -> None:
    name = naming.attribute_name(word)

    assert name == word + "_"
    assert not keyword.iskeyword(name)


@pytest.mark.parametrize("word", ["match", "case"])
def test_soft_keywords_get_a_trailing_underscore(word: str) -> None:
    assert naming.attribute_name(word) == word + "_"


def test_capitalised_constants_become_plain_lowercase_names() -> None:
    # `None` and `True` are keywords, but their snake_case spellings are ordinary names.
    assert naming.attribute_name("None") == "none"
    assert naming.attribute_name("True") == "true"


@pytest.mark.parametrize(
    "reserved",
    ["to_dict", "from_dict", "to_json", "from_json", "extra_properties", "validate", "copy"],
)
def test_runtime_method_names_get_a_trailing_underscore(reserved: str) -> None:
    assert naming.attribute_name(reserved) == reserved + "_"


def test_camel_case_spelling_of_a_runtime_name_is_also_reserved() -> None:
    assert naming.attribute_name("toDict") == "to_dict_"


@pytest.mark.parametrize(
    ("wire", "expected"),
    [("1st", "field_1st"), ("2fa_enabled", "field_2fa_enabled"), ("3D", "field_3_d")],
)
def test_leading_digit_gets_a_prefix(wire: str, expected: str) -> None:
    name = naming.attribute_name(wire)

    assert name == expected
    assert name.isidentifier()


def test_leading_digit_class_and_module_names() -> None:
    assert naming.class_name("3DSecure") == "Schema3DSecure"
    assert naming.module_name("3d_secure") == "m_3d_secure"


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("café", "cafe"),
        ("naïveScore", "naive_score"),
        ("Ångström", "angstrom"),
        ("Größe", "grosse"),
        ("Łódź", "lodz"),
    ],
)
def test_accents_are_folded_to_ascii(wire: str, expected: str) -> None:
    assert naming.attribute_name(wire) == expected


def test_name_without_any_ascii_letter_falls_back_to_a_generic_one() -> None:
    assert naming.attribute_name("名前") == "field"
    assert naming.attribute_name("$") == "field"
    assert naming.class_name("名前") == "Schema"


@pytest.mark.parametrize("wire", ["Model", "Enum", "ValidationError", "Exception", "Any"])
def test_class_names_that_would_shadow_imports_or_builtins_get_an_underscore(wire: str) -> None:
    assert naming.class_name(wire) == wire + "_"


@pytest.mark.parametrize("module", ["_runtime", "__init__"])
def test_reserved_module_names_are_avoided(module: str) -> None:
    assert naming.module_name(module) not in naming.RESERVED_MODULES


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("partially_returned", "PARTIALLY_RETURNED"),
        ("dark-blue", "DARK_BLUE"),
        ("inProgress", "IN_PROGRESS"),
        ("", "EMPTY"),
        ("1st", "VALUE_1ST"),
        (3, "VALUE_3"),
        (-1.5, "VALUE_MINUS_1_5"),
        (True, "TRUE"),
        (None, "NULL"),
    ],
)
def test_enum_member_names(value: object, expected: str) -> None:
    assert naming.enum_member_name(value) == expected


# -- collisions ---------------------------------------------------------------------------------


def test_registry_hands_out_numbered_names_on_collision() -> None:
    registry = naming.NameRegistry()

    assert [registry.claim("foo_bar", separator="_") for _ in range(3)] == [
        "foo_bar",
        "foo_bar_2",
        "foo_bar_3",
    ]


def test_registry_compares_case_insensitively() -> None:
    registry = naming.NameRegistry()

    assert registry.claim("Pet") == "Pet"
    assert registry.claim("pet") == "pet2"
    assert registry.claim("PET") == "PET3"


def test_registry_respects_names_taken_up_front() -> None:
    registry = naming.NameRegistry(frozenset({"Model"}))

    assert registry.claim("model") == "model2"


def test_wire_names_that_snake_case_alike_get_distinct_attributes() -> None:
    registry = naming.NameRegistry(naming.RESERVED_ATTRIBUTES)
    names = [
        registry.claim(naming.attribute_name(wire), separator="_")
        for wire in ("fooBar", "foo_bar", "FooBar", "to_dict")
    ]

    assert names == ["foo_bar", "foo_bar_2", "foo_bar_3", "to_dict_"]
    assert len({name.casefold() for name in names}) == len(names)


def test_a_name_ending_in_the_separator_is_numbered_without_doubling_it() -> None:
    registry = naming.NameRegistry()

    assert registry.claim("class_", separator="_") == "class_"
    assert registry.claim("class_", separator="_") == "class_2"


def test_a_numbered_name_does_not_reuse_a_taken_one() -> None:
    registry = naming.NameRegistry()
    registry.claim("item_2")

    assert registry.claim("item", separator="_") == "item"
    assert registry.claim("item", separator="_") == "item_3"


def test_a_name_longer_than_the_bound_keeps_its_ends_and_a_digest_of_the_whole() -> None:
    path = "get /identityGovernance/entitlementManagement/" + "accessPackageResources/{id}/" * 12
    first, second = (
        naming.class_name(path + "a"),
        naming.class_name(path[:200] + "/" + path[200:] + "a"),
    )

    assert len(first) == naming.MAX_NAME_LENGTH
    assert first.startswith("GetIdentityGovernanceEntitlementManagementAccessPackageResources")
    assert first.endswith("AccessPackageResourcesIdA")
    assert first != second  # only their middles differ, where the bound cuts
    assert naming.class_name(path + "a") == first
    assert len(naming.module_name(first)) == naming.MAX_NAME_LENGTH
    assert naming.class_name("getPet") == "GetPet"


def test_plural_acronyms_that_name_alike_stay_distinct(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD + "    Links:\n      type: object\n      properties:\n"
        "        URLs: {type: string}\n        urls: {type: string}\n"
        "        integrationIDs: {type: string}\n"
    )

    names = {prop.wire_name: prop.name for prop in model(api, "Links").properties}

    assert names == {"URLs": "urls", "urls": "urls_2", "integrationIDs": "integration_ids"}
