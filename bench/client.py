"""Benchmark the generated client per call: ours against OpenAPI Generator's and
openapi-python-client's, on the same operations of Talon.One 25.17.

Usage: ``.venv/bin/python bench/client.py [--spec PATH] [--rounds N] [--repeat N]
[--min-time S] [--import-runs N] [--only CASES] [--instructions] [--json FILE]``

Every call goes through a transport that answers at once with the same bytes: httpx's
``MockTransport`` for the httpx clients (ours, openapi-python-client), and for OpenAPI
Generator's urllib3 client a connection class that takes the request and answers from memory
(`StubConnection`: urllib3's pool, request and response code run as they do on a socket). For
each tool and operation, the CPU time per call (the process's, ``time.process_time``: this
machine is shared, and time spent waiting for a core is nobody's; the garbage collector off).
The tools take turns: ``--rounds`` rounds, in each a fresh process per tool and operation that
takes ``--repeat`` timings of each part, the parts in turn, each timing of enough calls to last
``--min-time`` seconds; a figure is the median of every timing of every round. Taking turns
spreads a busier spell of the machine over every tool and part alike. The parts:

- ``call``: the client's method, from the arguments to the decoded result;
- ``bare``: the HTTP library alone making the request that client makes (the same method, URL,
  headers and body bytes, recorded from its own call) and reading the answer's bytes; for the
  two httpx clients, on a plain ``httpx.Client`` over the same transport. The httpx client our
  client makes skips httpx's cookie adapter for answers that set no cookie (18 µs or more), so
  our plumbing, the rest, can come out below zero: our call costs less than httpx alone;
- ``models``: what the client does to the data: the body from the model to JSON bytes and the
  answer from its bytes to the model, with the functions the client itself calls;
- ``plumbing``: the rest, ``call - bare - models``.

The operations: ``createCouponReservation`` (a body in, a model out), ``getCustomerAchievements``
(four query arrays, a page of models out) and ``getReservedCustomers`` (a list response). Their
payloads are the description's own examples where its schemas accept them, else values made to
fit (``tests/prism_samples.py``), checked against the schemas.

The import time of each client: the CPU time of ``python -c 'import ...'`` in fresh interpreters
(``os.wait4``'s user and system time, bytecode caches written by a first run), minus a bare
interpreter's, medians of ``--import-runs``, interleaved (the import a user needs for one call:
ours ``from talon_one.client import Client`` and the tag module the call loads; OpenAPI Generator's
``import talon_one_oag``, which imports every API and model; openapi-python-client's client and
endpoint modules).

The peers are generated once per spec (``bench/.work/client/``) with the CLIs ``bench/run.py``
installs; their runtime dependencies live in ``bench/.work/client-venv`` (pinned below), where
every worker runs. OpenAPI Generator's package does not import as generated for this API: four
models declare a field ``datetime: datetime``, which pydantic refuses ("field name clashing with
a type annotation"); the bench renames the annotation in those four files (``_DateTime``), the
smallest change that lets the package import, and says so in its report.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import run  # bench/run.py: the peers' venv and pins
import runtime  # bench/runtime.py: per_call, spec stamps

ROOT = run.ROOT
WORK = run.WORK / "client"
SCRIPT = Path(__file__).resolve()
CLIENT_VENV = run.WORK / "client-venv"
CLIENT_PYTHON = CLIENT_VENV / "bin" / "python"
CLIENT_PINS = {
    **{name: version for name, version in runtime.RUNTIME_PINS.items() if name != "msgspec"},
    # the httpx clients' (ours: httpx alone; openapi-python-client: httpx, attrs, dateutil)
    "httpx": "0.28.1",
    "httpcore": "1.0.9",
    "h11": "0.16.0",
    "anyio": "4.16.0",
    "idna": "3.21",
    "certifi": "2026.10.19.post1",
    "attrs": "26.1.0",
}
PACKAGE = "talon_one"
OAG_PACKAGE = "talon_one_oag"
OPC_PACKAGE = "talon_one_api_client"
OURS, OAG, OPC = "ours", "oag", "opc"
TOOLS = (OURS, OPC, OAG)
TOOL_NAMES = {OURS: "ours", OAG: "OpenAPI Generator", OPC: "openapi-python-client"}
BASE_URL = "http://talon.example"  # the stubs answer any host; http keeps TLS out of it
API_KEY = "ApiKey-v1 0123456789abcdef"
PARTS = ("call", "bare", "models", "plumbing")
TARGET_CALL = 1.0  # ours' whole call <= the faster peer's
TARGET_PLUMBING = 0.5  # ours' plumbing <= half the faster peer's
TARGET_IMPORT = 0.1  # ours' import <= a tenth of OpenAPI Generator's


@dataclass(frozen=True)
class Case:
    """One operation of the bench."""

    name: str
    operation_id: str
    method: str
    path: str  # with its path parameters filled in
    path_args: tuple[str, ...]  # the values of the path parameters, in order
    query: dict[str, Any]  # wire name -> wire value (lists for arrays)
    body_schema: str | None  # component schema of the body
    status: int  # the answer's status
    answer_schema: str  # component schema of the answer


CASES = (
    Case(
        "create_coupon_reservation", "createCouponReservation", "POST",
        "/v1/coupon_reservations/SUMMER25", ("SUMMER25",), {},
        "CouponReservations", 201, "Coupon",
    ),
    Case(
        "get_customer_achievements", "getCustomerAchievements", "GET",
        "/v1/customer_profiles/URNGV8294NV/achievements", ("URNGV8294NV",),
        {
            "campaignIds": ["1", "2", "3"],
            "achievementIds": ["10", "11"],
            "achievementStatus": ["active", "scheduled"],
            "currentProgressStatus": ["inprogress", "completed"],
        },
        None, 200, "inline_response_200_2",
    ),
    Case(
        "get_reserved_customers", "getReservedCustomers", "GET",
        "/v1/coupon_reservations/customerprofiles/SUMMER25", ("SUMMER25",), {},
        None, 200, "inline_response_200_1",
    ),
)  # fmt: skip


def log(message: str) -> None:
    print(f"client bench: {message}", file=sys.stderr, flush=True)


# --- setup: the venv and the three generated clients ----------------------------------------


def generate_ours(spec: Path) -> Path:
    """Our package with its client, generated every run."""
    out = WORK / "ours"
    shutil.rmtree(out, ignore_errors=True)
    argv = [
        str(runtime.ours_python()), "-m", "openapi_dataclasses", "generate", str(spec),
        "--out", str(out), "--package", PACKAGE, "--no-cache",
    ]  # fmt: skip
    log(f"generating ours: {' '.join(argv)}")
    subprocess.run(argv, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return out


def oag_argv(spec_json: Path, out: Path) -> list[str]:
    return [
        str(run.VENV_BIN / "openapi-generator-cli"), "generate", "-g", "python",
        "-i", str(spec_json), "-o", str(out), "--package-name", OAG_PACKAGE,
        "--global-property", "apiDocs=false,modelDocs=false,apiTests=false,modelTests=false",
    ]  # fmt: skip


def opc_argv(spec_json: Path, out: Path) -> list[str]:
    return [
        str(run.VENV_BIN / run.OPC), "generate", "--path", str(spec_json),
        "--output-path", str(out), "--overwrite",
    ]  # fmt: skip


# The field OpenAPI Generator's models declare that pydantic refuses, and how the bench renames
# its annotation so that the package imports.
OAG_CLASH = "    datetime: datetime = Field("
OAG_REMEDY = "    datetime: _DateTime = Field("


def generate_peer(tool: str, spec: Path, version: str) -> dict[str, Any]:
    """A peer's client, generated once per spec and version (its metadata: the command and
    the files the bench changed)."""
    out = WORK / tool
    stamp = runtime.spec_stamp(spec, version)
    meta = runtime.cached(out, stamp)
    if meta is not None:
        return meta
    runtime.fresh_dir(out)
    spec_json = run.spec_as_json(spec)  # their YAML 1.1 readers mis-read Talon.One's YAML
    argv = oag_argv(spec_json, out) if tool == OAG else opc_argv(spec_json, out / "project")
    log(f"generating {TOOL_NAMES[tool]}'s client: {' '.join(argv)}")
    path = os.pathsep.join([str(run.VENV_BIN), os.environ.get("PATH", "")])
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PATH": path})
    changed = []
    if tool == OAG:
        for model in sorted((out / OAG_PACKAGE / "models").glob("*.py")):
            text = model.read_text(encoding="utf-8")
            if OAG_CLASH in text:
                text = text.replace("from datetime import datetime\n",
                                    "from datetime import datetime\n_DateTime = datetime\n", 1)  # fmt: skip
                model.write_text(text.replace(OAG_CLASH, OAG_REMEDY), encoding="utf-8")
                changed.append(str(model.relative_to(out)))
    meta = {"stamp": stamp, "command": argv, "changed": changed}
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def tool_path(tool: str) -> Path:
    """The folder a worker puts first on sys.path for a tool's package."""
    return WORK / tool / "project" if tool == OPC else WORK / tool


# --- the payloads --------------------------------------------------------------------------


def prepare(spec_path: Path, out: Path) -> None:
    """Write each case's body and answer (wire data the description's schemas accept)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from prism_samples import At, Judge, Sampler

    from openapi_dataclasses.loading import load_spec

    spec = load_spec(spec_path)
    judge = Judge(spec)
    sampler = Sampler(spec, judge)

    def value(name: str, side: str) -> Any:
        pointer = f"/components/schemas/{name}"
        at = At(spec.root, pointer, spec.node_at(spec.root, pointer))
        made = sampler.value(at)
        errors = judge.errors(at, made, side)
        if errors:
            raise SystemExit(f"the {side} value for {name} breaks its schema: {errors}")
        return made

    document = {}
    for case in CASES:
        document[case.name] = {
            "body": value(case.body_schema, "request") if case.body_schema else None,
            "answer": value(case.answer_schema, "response"),
        }
    out.write_text(json.dumps(document), encoding="utf-8")


# --- the stubs: transports that answer at once ------------------------------------------------


class Answer:
    """What every stub answers, and the last request it was sent."""

    def __init__(self, status: int, content: bytes) -> None:
        self.status = status
        self.content = content
        self.headers = {"content-type": "application/json", "content-length": str(len(content))}
        self.last: Any = None


def httpx_transport(answer: Answer) -> Any:
    import httpx

    def handler(request: httpx.Request) -> httpx.Response:
        answer.last = request
        return httpx.Response(answer.status, headers=answer.headers, content=answer.content)

    return httpx.MockTransport(handler)


def urllib3_stub_pool(answer: Answer) -> Any:
    """An HTTPConnectionPool class whose connections answer from memory."""
    import urllib3
    from urllib3.connection import HTTPConnection
    from urllib3.response import HTTPResponse

    class StubConnection(HTTPConnection):
        def connect(self) -> None:
            pass

        @property
        def is_connected(self) -> bool:
            return True

        @property
        def is_closed(self) -> bool:
            return False

        def request(  # type: ignore[override]
            self, method: str, url: str, body: Any = None, headers: Any = None, **kw: Any
        ) -> None:
            answer.last = (method, url, body, dict(headers or {}))
            self._stub_kw = kw

        def getresponse(self) -> HTTPResponse:  # type: ignore[override]
            kw = self._stub_kw
            return HTTPResponse(
                body=io.BytesIO(answer.content),
                headers=answer.headers,
                status=answer.status,
                version=11,
                version_string="HTTP/1.1",
                reason="OK",
                preload_content=kw.get("preload_content", True),
                decode_content=kw.get("decode_content", True),
                enforce_content_length=kw.get("enforce_content_length", True),
                connection=self,
            )

    class StubPool(urllib3.HTTPConnectionPool):
        ConnectionCls = StubConnection

    return StubPool


# --- the workers: one tool, one case, in a process of its own --------------------------------


Parts = dict[str, Callable[[], Any]]
OWN_HEADERS = frozenset({"host", "accept", "accept-encoding", "connection", "user-agent",
                         "content-length"})  # fmt: skip


def httpx_bare(http: Any, answer: Answer) -> Callable[[], Any]:
    """The request the client just made, made again with httpx alone."""
    sent = answer.last
    headers = {k: v for k, v in sent.headers.items() if k.lower() not in OWN_HEADERS}
    method, url, content = sent.method, str(sent.url), sent.content or None

    def bare() -> Any:
        return http.request(method, url, content=content, headers=headers).content

    return bare


def ours_parts(case: Case, body: Any, answer: Answer) -> Parts:
    """Our client: the generated method of `client.integration`, on the engine's `call`."""
    import httpx

    client_module = importlib.import_module(f"{PACKAGE}.client")
    bodies = importlib.import_module(f"{PACKAGE}._http.bodies")
    params = importlib.import_module(f"{PACKAGE}._http.params")
    client = client_module.Client(
        base_url=BASE_URL, api_key_v1=API_KEY, transport=httpx_transport(answer)
    )
    resource = client.integration
    method = getattr(resource, snake(case.operation_id))
    module = importlib.import_module(type(resource).__module__)
    operation = getattr(module, snake(case.operation_id).upper())
    codecs = {param.wire_name: param.codec for param in operation.params}
    kwargs = {snake(name): codecs[name].decode(values, name) for name, values in case.query.items()}
    model_body = None
    if body is not None:
        media = operation.body.media[0]
        model_body = media.codec.decode(body, "body")
        kwargs["body"] = model_body
    reply = operation.replies[str(case.status)].media["application/json"].codec

    def call() -> Any:
        return method(*case.path_args, **kwargs)

    result = call()
    assert type(result).__name__ == type(reply.decode(json.loads(answer.content), "")).__name__
    content = answer.content

    def models() -> Any:
        if model_body is not None:
            params.compact_json(bodies.wire_value(media.codec, model_body)).encode()
        return reply.decode(json.loads(content), "")

    # A plain httpx client, as openapi-python-client's is: the one ours made reads cookies
    # only from answers that set some (`extract_only_set_cookies`), which is our plumbing's.
    plain = httpx.Client(transport=httpx_transport(answer), timeout=client.http_client.timeout)
    return {"call": call, "bare": httpx_bare(plain, answer), "models": models}


def opc_parts(case: Case, body: Any, answer: Answer) -> Parts:
    """openapi-python-client: `sync(...)` of the endpoint's module."""
    package = importlib.import_module(OPC_PACKAGE)
    endpoint = importlib.import_module(f"{OPC_PACKAGE}.api.integration.{snake(case.operation_id)}")
    client = package.AuthenticatedClient(
        base_url=BASE_URL, token=API_KEY.split()[1], prefix="ApiKey-v1",
        auth_header_name="Authorization", httpx_args={"transport": httpx_transport(answer)},
    )  # fmt: skip
    kwargs: dict[str, Any] = {}
    for name, values in case.query.items():
        kwargs[snake(name)] = opc_query_values(endpoint, snake(name), values)
    model_body = None
    if body is not None:
        body_class = opc_class(case.body_schema or "")
        model_body = body_class.from_dict(body)
        kwargs["body"] = model_body
    answer_class = opc_class(case.answer_schema)

    def call() -> Any:
        return endpoint.sync(*case.path_args, client=client, **kwargs)

    result = call()
    assert type(result).__name__ == answer_class.__name__, result
    content = answer.content

    def models() -> Any:
        if model_body is not None:
            json.dumps(model_body.to_dict(), ensure_ascii=False, separators=(",", ":"),
                       allow_nan=False).encode("utf-8")  # fmt: skip
        return answer_class.from_dict(json.loads(content))

    http = client.get_httpx_client()
    return {"call": call, "bare": httpx_bare(http, answer), "models": models}


def opc_class(schema: str) -> Any:
    """openapi-python-client's class for a component schema (``inline_response_200_1`` is
    ``InlineResponse2001``), from its ``models`` package, which names them all."""
    return getattr(importlib.import_module(f"{OPC_PACKAGE}.models"), oag_name(schema))


def opc_query_values(endpoint: Any, name: str, values: list[str]) -> Any:
    """The query array as openapi-python-client's `sync` takes it: enum members for enums."""
    import typing

    hint = typing.get_type_hints(endpoint.sync).get(name)
    for arg in typing.get_args(hint):
        for item in typing.get_args(arg):
            if isinstance(item, type) and issubclass(item, __import__("enum").Enum):
                return [item(value) for value in values]
    return values


def oag_parts(case: Case, body: Any, answer: Answer) -> Parts:
    """OpenAPI Generator: the tag class's method, on urllib3 through `urllib3_stub_pool`."""
    package = importlib.import_module(OAG_PACKAGE)
    configuration = package.Configuration(
        host=BASE_URL, api_key={"api_key_v1": API_KEY.split()[1]},
        api_key_prefix={"api_key_v1": "ApiKey-v1"},
    )  # fmt: skip
    api_client = package.ApiClient(configuration)
    pool_manager = api_client.rest_client.pool_manager
    pool_manager.pool_classes_by_scheme = {"http": urllib3_stub_pool(answer)}
    api = package.IntegrationApi(api_client)
    method = getattr(api, snake(case.operation_id))
    kwargs = {snake(name): values for name, values in case.query.items()}
    model_body = None
    if body is not None:
        body_class = getattr(package, oag_name(case.body_schema or ""))
        model_body = body_class.from_dict(body)
        kwargs["body"] = model_body
    answer_class = getattr(package, oag_name(case.answer_schema))

    def call() -> Any:
        return method(*case.path_args, **kwargs)

    result = call()
    assert isinstance(result, answer_class), result
    sent_method, url, sent_body, headers = answer.last
    headers = {k: v for k, v in headers.items() if k.lower() not in OWN_HEADERS}
    content = answer.content

    def bare() -> Any:
        response = pool_manager.request(
            sent_method, BASE_URL + url, body=sent_body, headers=headers, preload_content=False
        )
        return response.data

    def models() -> Any:
        if model_body is not None:
            json.dumps(api_client.sanitize_for_serialization(model_body))
        return answer_class.from_dict(json.loads(content.decode("utf-8")))

    return {"call": call, "bare": bare, "models": models}


def oag_name(schema: str) -> str:
    """OpenAPI Generator's class name: ``inline_response_200_1`` is ``InlineResponse2001``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\W]+", schema))


def snake(name: str) -> str:
    """``createCouponReservation`` -> ``create_coupon_reservation``; ``campaignIds`` ->
    ``campaign_ids``; ``inline_response_200_1`` unchanged."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return re.sub(r"[^a-z0-9_]", "_", text.lower())


def tool_parts(tool: str, case_name: str, payloads: Path) -> Parts:
    """The timed parts of one tool on one case, set up (and each called once)."""
    case = next(case for case in CASES if case.name == case_name)
    data = json.loads(payloads.read_text(encoding="utf-8"))[case_name]
    sys.path.insert(0, str(tool_path(tool)))
    answer = Answer(case.status, json.dumps(data["answer"]).encode())
    make = {OURS: ours_parts, OPC: opc_parts, OAG: oag_parts}[tool]
    return make(case, data["body"], answer)


def loop(tool: str, case_name: str, payloads: Path, part: str, count: int) -> None:
    """Call one part `count` times after a warm-up (what callgrind counts, `--instructions`)."""
    fn = tool_parts(tool, case_name, payloads)[part]
    gc.disable()
    for _ in range(WARM_UP):
        fn()
    for _ in range(count):
        fn()


def worker(
    tool: str, case_name: str, payloads: Path, repeat: int, min_time: float
) -> dict[str, Any]:
    parts = tool_parts(tool, case_name, payloads)
    result: dict[str, Any] = {"tool": tool, "case": case_name}
    gc.collect()
    gc.disable()
    try:
        result.update(interleaved(parts, repeat, min_time))
    finally:
        gc.enable()
    return result


def interleaved(parts: Parts, repeat: int, min_time: float) -> dict[str, dict[str, Any]]:
    """CPU seconds per call of each part (this process's, `time.process_time`: the machine is
    shared, and time spent waiting for a core is not the client's): `repeat` timings of enough
    calls to last `min_time` each, the parts taking turns, so that a slower spell of the machine
    weighs on every part alike (the plumbing is a difference of parts)."""
    timers = {name: timeit.Timer(fn, timer=time.process_time) for name, fn in parts.items()}
    loops = {}
    for name, timer in timers.items():
        count = 1
        while (elapsed := timer.timeit(count)) < min_time:
            count = max(count * 2, int(count * min_time / max(elapsed, 1e-9) * 1.2))
        loops[name] = count
    times: dict[str, list[float]] = {name: [] for name in parts}
    for _ in range(repeat):
        for name, timer in timers.items():
            times[name].append(timer.timeit(loops[name]) / loops[name])
    return {name: {"times": times[name], "loops": loops[name]} for name in parts}


def pooled(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """One tool's result on one case over several rounds: each part's median, min and max over
    every timing of every round (or the first round's error)."""
    for result in rounds:
        if "error" in result:
            return result
    first = rounds[0]
    merged: dict[str, Any] = {"tool": first["tool"], "case": first["case"], "rounds": len(rounds)}
    for part in ("call", "bare", "models"):
        times = [value for result in rounds for value in result[part]["times"]]
        merged[part] = {"median": statistics.median(times), "min": min(times),
                        "max": max(times), "timings": len(times)}  # fmt: skip
    return merged


def run_worker(tool: str, case: str, payloads: Path, args: argparse.Namespace) -> dict[str, Any]:
    argv = [
        str(CLIENT_PYTHON), str(SCRIPT), "--worker", tool, "--case", case,
        "--payloads", str(payloads), "--repeat", str(args.repeat),
        "--min-time", str(args.min_time),
    ]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=WORK)
    if done.returncode:
        tail = done.stderr.strip().splitlines()[-3:]
        log(f"{tool} {case} failed: {' | '.join(tail)}")
        return {"tool": tool, "case": case, "error": " | ".join(tail)}
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


# Instructions per call under valgrind's callgrind: the difference of two loop lengths, so that
# the set-up (imports, generation of the parts, the warm-up) cancels out.
WARM_UP = 30
LOOPS = (50, 250)
COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(tool: str, case: str, payloads: Path) -> dict[str, Any]:
    """Instructions per call of each part (callgrind, deterministic), or the error."""
    found: dict[str, Any] = {"tool": tool, "case": case}
    for part in ("call", "bare", "models"):
        counts = []
        for count in LOOPS:
            argv = [
                "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                str(CLIENT_PYTHON), str(SCRIPT), "--worker", tool, "--case", case,
                "--payloads", str(payloads), "--loop", part, "--count", str(count),
            ]  # fmt: skip
            done = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=WORK)
            match = COLLECTED.search(done.stderr)
            if done.returncode or match is None:
                return {**found, "error": done.stderr.strip().splitlines()[-1:]}
            counts.append(int(match.group(1)))
        found[part] = (counts[1] - counts[0]) / (LOOPS[1] - LOOPS[0])
    found["plumbing"] = found["call"] - found["bare"] - found["models"]
    return found


def instruction_table(
    counted: dict[str, dict[str, dict[str, Any]]], results: dict[str, dict[str, dict[str, Any]]]
) -> list[str]:
    """Thousands of instructions per call, and the plumbing as µs at the bare request's rate
    (its CPU time per instruction in the timed run)."""
    lines = [
        "| operation | client | call (k instr.) | bare HTTP | models | plumbing | plumbing "
        "(µs at the bare rate) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for case in CASES:
        for tool in TOOLS:
            row = counted.get(case.name, {}).get(tool)
            if row is None or "error" in row:
                continue
            values = [f"{row[part] / 1000:.1f}" for part in PARTS]
            bare_us = us(results.get(case.name, {}).get(tool, {"error": ""}), "bare")
            rate = cell(row["plumbing"] * bare_us / row["bare"] if bare_us else None)
            lines.append(
                f"| {case.operation_id} | {TOOL_NAMES[tool]} | {' | '.join(values)} | {rate} |"
            )
    return lines


# --- imports -------------------------------------------------------------------------------

IMPORTS = {
    OURS: "from talon_one.client import Client; import talon_one.api.integration",
    OPC: "from talon_one_api_client import AuthenticatedClient; "
    "from talon_one_api_client.api.integration import create_coupon_reservation",
    OAG: "import talon_one_oag",
}


def child_cpu(argv: list[str]) -> float:
    """The CPU seconds (user and system) a fresh process running `argv` takes, bytecode
    caches written and read (`runtime.IMPORT_ENV` drops PYTHONDONTWRITEBYTECODE)."""
    process = subprocess.Popen(argv, cwd=WORK, env=runtime.IMPORT_ENV, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, argv)
    return float(usage.ru_utime + usage.ru_stime)


def measure_imports(runs: int) -> dict[str, Any]:
    """Each client's import in fresh interpreters (client-venv's python), minus a bare one's:
    medians of `runs` of the process's CPU time, interleaved, after a first run that writes
    the bytecode caches."""

    def argv(tool: str | None) -> list[str]:
        path = "" if tool is None else f"import sys; sys.path.insert(0, {str(tool_path(tool))!r}); "
        return [str(CLIENT_PYTHON), "-c", path + (IMPORTS[tool] if tool else "pass")]

    commands = {"bare": argv(None), **{tool: argv(tool) for tool in TOOLS}}
    for command in commands.values():
        child_cpu(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(child_cpu(command))
    bare = statistics.median(times["bare"])
    return {
        "bare_s": bare,
        "runs": runs,
        **{tool: {"median_s": statistics.median(times[tool]) - bare} for tool in TOOLS},
    }


# --- the report ----------------------------------------------------------------------------


def us(result: dict[str, Any], part: str) -> float | None:
    if "error" in result:
        return None
    if part == "plumbing":
        parts = [us(result, name) for name in ("call", "bare", "models")]
        if any(value is None for value in parts):
            return None
        call, bare, models = parts
        return call - bare - models  # type: ignore[operator]
    found = result.get(part)
    return None if found is None else found["median"] * 1e6


def times(value: float | None) -> str:
    """A ratio, to two places: the bars are at 1.0 and 0.5. Below zero, our plumbing is: our
    call costs less than the bare library and the models (see ``bare`` above)."""
    if value is None:
        return "-"
    return "below 0 (our call < bare + models)" if value < 0 else f"{value:.2f}x"


def cell(value: float | None, unit: str = "") -> str:
    return "-" if value is None else f"{value:.1f}{unit}"


def ratio(value: float | None, base: float | None) -> float | None:
    return None if value is None or not base else value / base


def report(results: dict[str, dict[str, dict[str, Any]]], imports: dict[str, Any],
           context: dict[str, Any]) -> str:  # fmt: skip
    lines = [
        "| operation | client | call (µs) | bare HTTP (µs) | models (µs) | plumbing (µs) |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    checks = []
    for case in CASES:
        row = results.get(case.name)
        if row is None:
            continue
        for tool in TOOLS:
            values = [cell(us(row[tool], part)) for part in PARTS]
            lines.append(f"| {case.operation_id} | {TOOL_NAMES[tool]} | {' | '.join(values)} |")
        peers = [tool for tool in (OPC, OAG) if us(row[tool], "call") is not None]
        if not peers:
            continue
        faster = min(peers, key=lambda tool: us(row[tool], "call") or 0.0)
        call = ratio(us(row[OURS], "call"), us(row[faster], "call"))
        plumbing = ratio(us(row[OURS], "plumbing"), us(row[faster], "plumbing"))
        checks.append((case.operation_id, TOOL_NAMES[faster], call, plumbing))
    lines += ["", "| operation | faster peer | ours / its call (bar <= 1.0) | ours / its plumbing (bar <= 0.5) |",
              "| --- | --- | ---: | ---: |"]  # fmt: skip
    for operation, peer, call, plumbing in checks:
        lines.append(
            f"| {operation} | {peer} | {times(call)}{mark(call, TARGET_CALL)} | "
            f"{times(plumbing)}{mark(plumbing, TARGET_PLUMBING)} |"
        )
    lines += ["", "| client | import (ms) | ours / it |", "| --- | ---: | ---: |"]
    ours_import = imports[OURS]["median_s"]
    for tool in TOOLS:
        seconds = imports[tool]["median_s"]
        share = ratio(ours_import, seconds) if tool != OURS else None
        bar = mark(share, TARGET_IMPORT) if tool == OAG else ""
        lines.append(f"| {TOOL_NAMES[tool]} | {seconds * 1000:.1f} | {times(share)}{bar} |")
    lines += ["", *context_lines(context)]
    return "\n".join(lines) + "\n"


def mark(value: float | None, limit: float) -> str:
    if value is None:
        return ""
    return " (meets the bar)" if value <= limit else f" (misses the bar, {limit}x)"


def context_lines(context: dict[str, Any]) -> list[str]:
    versions = context["versions"]
    lines = [
        f"Python {versions['python']}, {os.cpu_count()} CPUs, load {context['load']:.2f} at the "
        f"start; OpenAPI Generator {versions.get('openapi-generator-cli')}, "
        f"openapi-python-client {versions.get('openapi-python-client')}, httpx "
        f"{versions.get('httpx')}, urllib3 {versions.get('urllib3')}, pydantic "
        f"{versions.get('pydantic')}, attrs {versions.get('attrs')}.",
    ]
    changed = context["oag"].get("changed") or []
    if changed:
        lines.append(
            f"OpenAPI Generator's package imports only after the bench renames the annotation "
            f"`datetime: datetime` in {len(changed)} models ({', '.join(changed)})."
        )
    return lines


# --- the command ---------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=run.DEFAULT_SPEC, help="Talon.One 25.17")
    parser.add_argument(
        "--rounds", type=int, default=3, help="processes per tool and case, in turns (3)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="timings per part and round (5)")
    parser.add_argument("--min-time", type=float, default=0.2, help="seconds per timing (0.2)")
    parser.add_argument("--import-runs", type=int, default=10, help="import timings (10)")
    parser.add_argument("--only", default="", help="cases to run (names, comma-separated)")
    parser.add_argument("--json", type=Path, help="write the numbers here")
    parser.add_argument("--worker", choices=TOOLS, help=argparse.SUPPRESS)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--payloads", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions (callgrind, slow: the first case unless --only names some)",
    )
    parser.add_argument("--loop", choices=("call", "bare", "models"), help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def setup(spec: Path) -> tuple[Path, dict[str, Any]]:
    run.ensure_peers()
    run.ensure_venv(CLIENT_VENV, CLIENT_PINS)
    versions = {
        **run.installed_versions(run.VENV_BIN / "python"),
        **run.installed_versions(CLIENT_PYTHON, CLIENT_PINS),
        "python": sys.version.split()[0],
    }
    WORK.mkdir(parents=True, exist_ok=True)
    generate_ours(spec)
    oag = generate_peer(OAG, spec, versions["openapi-generator-cli"])
    generate_peer(OPC, spec, versions["openapi-python-client"])
    payloads = WORK / "payloads.json"
    argv = [
        str(runtime.ours_python()),
        str(SCRIPT),
        "--spec",
        str(spec),
        "--prepare",
        str(payloads),
    ]
    subprocess.run(argv, check=True, cwd=ROOT)
    return payloads, {"versions": versions, "oag": oag}


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        sys.path.insert(0, str(SCRIPT.parent))
        if args.loop:
            loop(args.worker, args.case, args.payloads, args.loop, args.count)
            return 0
        print(json.dumps(worker(args.worker, args.case, args.payloads, args.repeat, args.min_time)))
        return 0
    if args.prepare:
        prepare(args.spec, args.prepare)
        return 0
    load = os.getloadavg()[0]
    payloads, context = setup(args.spec.resolve())
    context["load"] = load
    only = {name for name in args.only.split(",") if name}
    rounds: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for round_number in range(1, args.rounds + 1):  # the tools take turns, round after round
        for case in CASES:
            if only and case.name not in only:
                continue
            for tool in TOOLS:
                log(f"round {round_number}: {tool}: {case.operation_id}")
                found = run_worker(tool, case.name, payloads, args)
                rounds.setdefault(case.name, {}).setdefault(tool, []).append(found)
    results = {
        case: {tool: pooled(found) for tool, found in tools.items()}
        for case, tools in rounds.items()
    }
    log("timing imports")
    imports = measure_imports(args.import_runs)
    text = report(results, imports, context)
    print(text, flush=True)
    counted: dict[str, dict[str, dict[str, Any]]] = {}
    if args.instructions:  # slow (valgrind): the first case only, unless --only names others
        for case_name in list(results)[: None if only else 1]:
            for tool in TOOLS:
                log(f"counting instructions: {tool} {case_name}")
                counted.setdefault(case_name, {})[tool] = instructions(tool, case_name, payloads)
        print("\n".join(instruction_table(counted, results)))
    if args.json:
        document = {"results": results, "imports": imports, "instructions": counted,
                    "context": context}  # fmt: skip
        args.json.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
