"""How fast pure Python can read a cart item at all: the floor under issue 14's from_dict target.

Usage: ``.venv/bin/python bench/runtime_floor.py`` after ``bench/runtime.py`` (which generates
``bench/.work/runtime/ours`` and writes the payloads to ``bench/.work/runtime/cases.json``).

Times, per call, the generated ``CartItem.from_dict`` on the first cart item of the session
payload against ``stripped``, a reading written by hand for this one payload that does much less
than the generated code has to: it knows which properties are there, checks types but no ranges,
lengths or formats beyond the UUID and date-time parsing, keeps no error paths, does not look for
unknown properties and builds the nested objects without their own checks. Whatever the generated
code does, it cannot be faster than that in CPython; compare it with OpenAPI Generator's time per
cart item, which ``bench/runtime.py`` prints (the 10-item session minus the 1-item one, over 9).
"""

from __future__ import annotations

import datetime
import gc
import json
import re
import sys
import timeit
from pathlib import Path
from typing import Any

WORK = Path(__file__).resolve().parent / ".work" / "runtime"
UUID = re.compile(
    r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
)


def per_call_us(function: Any, number: int = 20_000) -> float:
    function()
    return min(timeit.repeat(function, number=number, repeat=5)) / number * 1e6


def main() -> int:
    cases = WORK / "cases.json"
    if not cases.is_file():
        print("run bench/runtime.py first: it writes the payloads and the package", file=sys.stderr)
        return 2
    sys.path.insert(0, str(WORK / "ours"))
    from talon_one import AdditionalCost, CartItem  # type: ignore[import-not-found]

    session = json.loads(cases.read_text(encoding="utf-8"))["sessions"]["session-1"]
    item: dict[str, Any] = session["cartItems"][0]
    new = object.__new__

    def date_time(text: str) -> Any:
        return datetime.datetime.fromisoformat(text)

    def bare(data: dict[str, Any]) -> Any:
        built = new(AdditionalCost)
        built.__dict__ = dict(data)
        return built

    def stripped(data: dict[str, Any]) -> Any:
        get = data.get
        values: dict[str, Any] = {}
        for key in ("name", "sku", "category", "selectedPriceType"):
            value = get(key)
            if type(value) is str:
                values[key] = value
        for key in ("quantity", "returnedQuantity", "remainingQuantity", "catalogItemID"):
            value = get(key)
            if type(value) is int:
                values[key] = value
        for key in ("price", "weight", "height", "width", "length", "position"):
            value = get(key)
            if type(value) is float or type(value) is int:
                values[key] = value
        values["product"] = bare(get("product"))
        values["attributes"] = dict(get("attributes"))
        values["additionalCosts"] = {k: bare(v) for k, v in get("additionalCosts").items()}
        reference = get("adjustmentReferenceId")
        values["adjustmentReferenceId"] = reference if UUID.fullmatch(reference) else None
        start, end = get("adjustmentEffectiveFrom"), get("adjustmentEffectiveUntil")
        values["from"], values["until"] = date_time(start), date_time(end)
        values["__texts__"] = {"from": (values["from"], start), "until": (values["until"], end)}
        prices = get("prices")
        member = prices["member"]
        UUID.fullmatch(member["adjustmentReferenceId"])
        date_time(member["effectiveFrom"])
        date_time(member["effectiveUntil"])
        values["prices"] = {k: bare(v) for k, v in prices.items()}
        built = new(CartItem)
        built.__dict__ = values
        return built

    gc.disable()
    ours = per_call_us(lambda: CartItem.from_dict(item))
    floor = per_call_us(lambda: stripped(item))
    print(f"CartItem.from_dict, generated: {ours:.2f} us a call")
    print(f"stripped reading by hand:      {floor:.2f} us a call ({floor / ours:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
