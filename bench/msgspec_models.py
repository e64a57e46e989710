"""msgspec Structs written by hand for Talon.One 25.17's `NewCustomerSessionV2` and what it references.

The yardstick of `bench/runtime.py` (imported only by its msgspec worker, in the bench venv): the
same wire names as the API (``rename="camel"``, and ``name=`` where camelCase is not the rule), the
same required properties, and the constraints msgspec can express as `Meta` (lengths, item counts,
minimum, int64 range, the uuid format as a pattern, date-times with a time zone). Numbers are
``int | float`` as in our models, so that ``9`` stays ``9``.

What msgspec cannot say: unknown properties are dropped rather than kept (our models keep them in
``extra_properties``), and the ``state`` enum is closed (ours accepts unknown values).
"""

from __future__ import annotations

import datetime
import enum
from typing import Annotated, Any

from msgspec import UNSET, Meta, Struct, UnsetType, field

Int64 = Annotated[int, Meta(ge=-(2**63), le=2**63 - 1)]
Number = int | float
Uuid = Annotated[
    str,
    Meta(
        pattern=r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
    ),
]
DateTime = Annotated[datetime.datetime, Meta(tz=True)]


class Model(Struct, rename="camel"):
    """The base: camelCase wire names (keyword-only fields where a required one follows others)."""


class NewCustomerSessionV2State(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"
    PARTIALLY_RETURNED = "partially_returned"
    CANCELLED = "cancelled"


class Product(Model):
    name: str


class AdditionalCost(Model):
    price: Number


class PriceDetail(Model):
    price: Number | UnsetType = UNSET
    adjustment_context_id: str | UnsetType = UNSET
    adjustment_reference_id: Uuid | UnsetType = UNSET
    adjustment_effective_from: DateTime | UnsetType = UNSET
    adjustment_effective_until: DateTime | UnsetType = UNSET


class ExperimentVariantAllocation(Model, kw_only=True):
    experiment_id: Int64 = field(name="experimentID")
    variant_id: Int64 = field(name="variantID")


class CartItem(Model, kw_only=True):
    name: str | UnsetType = UNSET
    sku: Annotated[str, Meta(min_length=1)]
    quantity: Annotated[int, Meta(ge=1, le=2**63 - 1)]
    returned_quantity: Int64 | UnsetType = UNSET
    remaining_quantity: Int64 | UnsetType = UNSET
    price: Number | UnsetType = UNSET
    category: str | UnsetType = UNSET
    product: Product | UnsetType = UNSET
    weight: Number | UnsetType = UNSET
    height: Number | UnsetType = UNSET
    width: Number | UnsetType = UNSET
    length: Number | UnsetType = UNSET
    position: Number | UnsetType = UNSET
    attributes: dict[str, Any] | UnsetType = UNSET
    additional_costs: dict[str, AdditionalCost] | UnsetType = UNSET
    catalog_item_id: Int64 | UnsetType = field(default=UNSET, name="catalogItemID")
    selected_price_type: str | UnsetType = UNSET
    adjustment_reference_id: Uuid | UnsetType = UNSET
    adjustment_effective_from: DateTime | UnsetType = UNSET
    adjustment_effective_until: DateTime | UnsetType = UNSET
    prices: dict[str, PriceDetail] | UnsetType = UNSET


class NewCustomerSessionV2(Model):
    profile_id: str | UnsetType = UNSET
    store_integration_id: Annotated[str, Meta(min_length=1, max_length=1000)] | UnsetType = UNSET
    evaluable_campaign_ids: list[Int64] | UnsetType = UNSET
    coupon_codes: list[Annotated[str, Meta(max_length=100)]] | UnsetType = UNSET
    referral_code: Annotated[str, Meta(max_length=100)] | UnsetType = UNSET
    loyalty_cards: Annotated[list[str], Meta(max_length=1)] | UnsetType = UNSET
    state: NewCustomerSessionV2State = NewCustomerSessionV2State.OPEN
    cart_items: list[CartItem] | UnsetType = UNSET
    experiment_variant_allocations: list[ExperimentVariantAllocation] | UnsetType = UNSET
    additional_costs: dict[str, AdditionalCost] | UnsetType = UNSET
    identifiers: Annotated[list[str], Meta(max_length=5)] | UnsetType = UNSET
    attributes: dict[str, Any] | UnsetType = UNSET


__all__ = [
    "AdditionalCost",
    "CartItem",
    "ExperimentVariantAllocation",
    "NewCustomerSessionV2",
    "NewCustomerSessionV2State",
    "PriceDetail",
    "Product",
]
