"""The HTTP engine's own cost per call: a call through httpx's MockTransport minus the same
request made with bare httpx.

Usage: ``.venv/bin/python bench/engine_plumbing.py [--rounds N] [--instructions]``

Two calls shaped like Talon.One's (a body in and an object out, like
``createCouponReservation``; query arrays in and a list out), with raw JSON on all sides (no
codec), so that model work is left out: the engine's call against ``httpx.Client.request``
with the same URL, headers and body followed by ``response.json()``, and against the same
request with the body and the query left to httpx (``json=``, ``params=``), as hand-written
clients and openapi-python-client call httpx. All through the same MockTransport, which
answers at once.

Timing: CPU time (``time.process_time``) of small batches, the two sides alternating, and the
minimum per call of ``--rounds`` batches (the least disturbed; this machine is shared). The
difference of two numbers near 100 µs is noisy, so ``--instructions`` also counts the
instructions of each side under valgrind's callgrind (deterministic), and converts the
difference to microseconds at the bare request's own rate. Either way: our plumbing, as issue
22 defines it (the whole call minus bare httpx minus the model work).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from openapi_dataclasses import http as oh
from openapi_dataclasses import runtime as rt

BASE = "https://yourbaseurl.talon.one"
COUPON = {"id": 1, "created": "2020-01-01T00:00:00Z", "campaignId": 2, "value": "SUMMER25"}
ANSWERS = {
    "/v1/coupon_reservations/SUMMER25": (201, json.dumps(COUPON).encode()),
    "/v1/customer_profiles": (200, json.dumps({"data": [{"id": 1}, {"id": 2}]}).encode()),
}
JSON_HEADERS = {"content-type": "application/json"}
API_KEY = oh.ApiKey("secret", "Authorization", prefix="ApiKey-v1")


def answer(request: httpx.Request) -> httpx.Response:
    status, content = ANSWERS[request.url.path]
    return httpx.Response(status, content=content, headers=JSON_HEADERS)


def json_reply() -> oh.Reply:
    return oh.Reply({"application/json": oh.Media("application/json")})


RESERVE = oh.Operation(
    "POST",
    "/v1/coupon_reservations/{couponValue}",
    params=(oh.Param("couponValue", "path", rt.Str()),),
    body=oh.Body((oh.Media("application/json"),), required=True),
    replies={"201": json_reply(), "400": oh.Reply(error=True)},
    security=(("api_key_v1",),),
    name="createCouponReservation",
)
PROFILES = oh.Operation(
    "GET",
    "/v1/customer_profiles",
    params=(
        oh.Param("integrationIds", "query", rt.List(rt.Str())),
        oh.Param("pageSize", "query", rt.Int()),
    ),
    replies={"200": json_reply()},
    security=(("api_key_v1",),),
    name="getCustomerProfiles",
)
RESERVATION = {"integrationIDs": ["customer-1", "customer-2"]}
HEADERS = {"Accept": "application/json", "Authorization": "ApiKey-v1 secret"}


def sides() -> dict[str, tuple[Callable[[], Any], ...]]:
    """Per call: ours; bare httpx with the same URL (query string written), headers and
    body; bare httpx given the values as a hand-written client gives them (`json=`,
    `params=`), which leaves httpx to write them."""
    transport = httpx.MockTransport(answer)
    ours = oh.SyncClient(base_url=BASE, transport=transport, credentials={"api_key_v1": API_KEY})
    bare = httpx.Client(transport=transport)
    reserve_url = BASE + "/v1/coupon_reservations/SUMMER25"
    profiles_url = BASE + "/v1/customer_profiles"
    profiles_query = {"integrationIds": ["a", "b"], "pageSize": 50}
    json_headers = {**HEADERS, "Content-Type": "application/json"}

    def bare_reserve() -> Any:
        body = json.dumps(RESERVATION, separators=(",", ":"), ensure_ascii=False).encode()
        return bare.request("POST", reserve_url, content=body, headers=json_headers).json()

    return {
        "body in, object out": (
            lambda: ours.call(RESERVE, ("SUMMER25",), RESERVATION),
            bare_reserve,
            lambda: bare.request("POST", reserve_url, json=RESERVATION, headers=HEADERS).json(),
        ),
        "query arrays, list out": (
            lambda: ours.call(PROFILES, (["a", "b"], 50)),
            lambda: bare.request(
                "GET",
                profiles_url + "?integrationIds=a&integrationIds=b&pageSize=50",
                headers=HEADERS,
            ).json(),
            lambda: bare.request(
                "GET", profiles_url, params=profiles_query, headers=HEADERS
            ).json(),
        ),
    }


def per_call(function: Callable[[], Any], calls: int = 40) -> float:
    start = time.process_time()
    for _ in range(calls):
        function()
    return (time.process_time() - start) / calls * 1e6


def timed(rounds: int) -> dict[str, list[float]]:
    """Per call: the least CPU time per call of each side over `rounds` batches."""
    found = {}
    for name, functions in sides().items():
        assert all(function() == functions[0]() for function in functions), name
        times: list[list[float]] = [[] for _ in functions]
        for _ in range(rounds):
            for each, function in zip(times, functions, strict=True):
                each.append(per_call(function))
        found[name] = [min(each) for each in times]
    return found


def instructions(name: str, side: int, calls: int) -> int:
    """Instructions of `calls` calls of one side, under callgrind, less those of none."""
    counts = []
    for count in (0, calls):
        with tempfile.TemporaryDirectory() as folder:
            output = Path(folder) / "callgrind.out"
            result = subprocess.run(
                [
                    "valgrind",
                    "--tool=callgrind",
                    f"--callgrind-out-file={output}",
                    sys.executable,
                    __file__,
                    "--run",
                    name,
                    str(side),
                    str(count),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
        counts.append(int(re.search(r"Collected : (\d+)", result.stderr).group(1)))  # type: ignore[union-attr]
    return (counts[1] - counts[0]) // calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--instructions", action="store_true")
    parser.add_argument("--run", nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.run:
        name, side, count = options.run
        function = sides()[name][int(side)]
        function()
        for _ in range(int(count)):
            function()
        return
    header = f"{'call':24} {'ours':>7} {'bare':>7} {'plumbing':>9} {'bare, httpx writes':>19} {'plumbing':>9}"
    print("CPU time per call, µs (least of the rounds)\n" + header)
    results = timed(options.rounds)
    for name, (ours, same, idiomatic) in results.items():
        print(
            f"{name:24} {ours:7.1f} {same:7.1f} {ours - same:9.1f} {idiomatic:19.1f}"
            f" {ours - idiomatic:9.1f}"
        )
    if not options.instructions:
        return
    if shutil.which("valgrind") is None:
        sys.exit("--instructions needs valgrind")
    print(
        "\nInstructions per call (callgrind); plumbing in µs at the bare request's rate\n" + header
    )
    for name, (_, same_time, _) in results.items():
        ours, same, idiomatic = (instructions(name, side, 1000) for side in range(3))
        rate = same_time / same
        print(
            f"{name:24} {ours:7,} {same:7,} {(ours - same) * rate:9.2f} {idiomatic:19,}"
            f" {(ours - idiomatic) * rate:9.2f}"
        )


if __name__ == "__main__":
    main()
