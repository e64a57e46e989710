"""Every operation of a description, called through the generated client against Prism.

Usage: ``python tests/prism_harness.py --spec FILE [--spec FILE ...] [--only OPERATION,...]
[--async-every N] [--json FILE] [--markdown FILE]``, or ``--corpus`` for Talon.One 25.17 and
every description of ``../shared/corpus/real/`` that has operations.

For each description: the package and its client are generated into a temporary folder and
imported; Prism (``tools/node_modules/.bin/prism mock``, `prism_server.Prism`) serves the
description on a free local port; every operation is called through the generated sync
`Client` (and every ``--async-every``-th one through `AsyncClient` too), with arguments built
from the description (`prism_samples`: a parameter's or media type's examples first, then the
schema's, then values made to fit it) and a credential for every security scheme. An operation
fails when:

- Prism reports the request as breaking the description (an ``sl-violations`` entry of
  severity Error on the request side: Prism then answers 422, or the 400/422/default the
  operation documents);
- the client raises anything on a request Prism accepts (an `ApiStatusError` for an answer
  Prism made up, a `ResponseDecodeError` for an answer the description's schema accepts);
- the harness cannot build a value the schema accepts for a required argument ("no
  arguments": a gap of the value maker, `prism_samples`).

Where the description itself admits no value for a required argument (`prism_proofs`: its
keywords contradict), nothing is sent either, and the outcome says so with the proof ("no
valid request"); an optional body no value fits is left out, and the call made without it.

Where Prism's own mock answer breaks the description (``sl-violations`` on the response side,
or a body the client cannot decode that the description's schema rejects too), the call is
made again with ``Prefer: dynamic=true`` (Prism's generated answer, seeded) before it counts as
a failure; the table says which answers were dynamic and why. It prints a table (description,
operations, passed, dynamic, failed) and each failure with its reason; the exit status is 1 when
any operation fails.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import importlib
import json
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

import httpx
import prism_served
from prism_proofs import Prover, UnsatisfiableError
from prism_samples import At, Judge, NoValueError, Sampler, content_map, resolved, short
from prism_server import Prism, PrismError, Violation, problem_violations, violations

from openapi_dataclasses import ir
from openapi_dataclasses.building import build_api
from openapi_dataclasses.loading import LoadedSpec, load_spec
from openapi_dataclasses.pipeline import Options, generate
from openapi_dataclasses.writing import write_output

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TALON = SHARED / "corpus" / "talon-one-25.17.openapi.yaml"
MANIFEST = SHARED / "corpus" / "real" / "MANIFEST.tsv"
CALL_TIMEOUT = 60.0  # seconds for one call: Prism makes large answers slowly
# Prism's dynamic answers come from json-schema-faker, seeded; some seeds break the schema they
# are made from (an empty array where `minItems: 1` stands), so a few are tried in turn.
DYNAMIC_SEEDS = tuple(str(seed) for seed in range(1, 11))
CREDENTIAL = "prism-credential"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


# -- results --------------------------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    """One call of one operation."""

    label: str  # the operationId, else method and path
    call: str  # `client.group.method`
    asynchronous: bool = False
    failure: str = ""  # why it failed; "" when it passed
    dynamic: str = ""  # why the answer used is Prism's dynamic one; "" when static
    unserved: str = ""  # why Prism could not serve it (no answer fits the description, a crash)
    unsatisfiable: str = ""  # why the description admits no request (the keywords that clash)
    notes: list[str] = dataclasses.field(default_factory=list)  # optional arguments left out
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.failure and not self.unserved and not self.unsatisfiable


@dataclasses.dataclass
class Report:
    """One description's calls."""

    name: str
    spec: str
    outcomes: list[Outcome] = dataclasses.field(default_factory=list)
    error: str = ""  # the description could not be run at all (generation, Prism)
    served: list[str] = dataclasses.field(default_factory=list)  # defaults spelled out for Prism
    seconds: float = 0.0
    timings: dict[str, float] = dataclasses.field(default_factory=dict)

    @property
    def operations(self) -> int:
        return len({outcome.label for outcome in self.outcomes})

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.failure]

    @property
    def unserved(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.unserved and not outcome.failure]

    @property
    def unsatisfiable(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.unsatisfiable]

    @property
    def dynamic(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.passed and outcome.dynamic]

    @property
    def noted(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.notes]

    def counts(self) -> tuple[int, int, int, int, int]:
        """(operations, passed, failed, Prism could not serve, no valid request): an operation
        fails if any of its calls fails, and is not served if any is not (and none fails)."""
        failed = {outcome.label for outcome in self.failed}
        unserved = {outcome.label for outcome in self.unserved} - failed
        unsatisfiable = {outcome.label for outcome in self.unsatisfiable} - failed - unserved
        passed = self.operations - len(failed) - len(unserved) - len(unsatisfiable)
        return self.operations, passed, len(failed), len(unserved), len(unsatisfiable)


# -- locating an operation's parts in the description ----------------------------------------


def split_source(source: str) -> tuple[str, str]:
    document, _, pointer = source.partition("#")
    return document, pointer


def operation_at(spec: LoadedSpec, operation: ir.Operation) -> At:
    document, pointer = split_source(operation.source)
    return At(document, pointer, spec.node_at(document, pointer))


def parent(at: At, spec: LoadedSpec) -> At:
    pointer = at.pointer.rsplit("/", 1)[0]
    return At(at.document, pointer, spec.node_at(at.document, pointer))


def raw_parameters(spec: LoadedSpec, operation: At) -> dict[tuple[str, str], At]:
    """The operation's parameter objects (the path item's first, overridden by its own), by
    (name, location), `$ref`s followed."""
    found: dict[tuple[str, str], At] = {}
    for holder in (parent(operation, spec), operation):
        listed = holder.node.get("parameters") if isinstance(holder.node, dict) else None
        for index in range(len(listed) if isinstance(listed, list) else 0):
            item = resolved(spec, holder.child("parameters", index))
            if isinstance(item.node, dict) and isinstance(item.node.get("name"), str):
                found[item.node["name"], str(item.node.get("in"))] = item
    return found


def first_content(spec: LoadedSpec, holder: At) -> tuple[str, At] | None:
    """The first media type of a `content` map and its Media Type object."""
    content = content_map(spec, holder)
    if content is None or not content.node:
        return None
    media_type = next(iter(content.node))
    return media_type, resolved(spec, content.child(media_type))


# -- building the arguments ----------------------------------------------------------------------


class Arguments:
    """The keyword arguments of one operation's method, as wire data and as Python values."""

    def __init__(self, spec: LoadedSpec, sampler: Sampler) -> None:
        self.spec = spec
        self.sampler = sampler
        self.prover = Prover(sampler.judge)

    def build(self, operation: ir.Operation, engine: Any) -> tuple[dict[str, Any], list[str]]:
        """(keyword arguments, notes on optional ones left out); NoValueError when a required
        one cannot be made, UnsatisfiableError when the description admits none."""
        at = operation_at(self.spec, operation)
        raw = raw_parameters(self.spec, at)
        kwargs: dict[str, Any] = {}
        notes: list[str] = []
        for index, parameter in enumerate(operation.parameters):
            codec = engine.params[index].codec
            item = raw.get((parameter.wire_name, parameter.location))
            try:
                wire = self.parameter_value(item) if item is not None else "value"
                if wire == "" and parameter.location == "path" and item is not None:
                    wire = non_empty(self.spec, item, wire)
                kwargs[parameter.name] = codec.decode(wire, parameter.wire_name)
            except NoValueError as error:
                proof = self.parameter_proof(item) if item is not None else None
                said = f"parameter {parameter.wire_name}"
                if parameter.required and proof is not None:
                    raise UnsatisfiableError(f"{said}: {proof}") from error
                if parameter.required:
                    raise NoValueError(f"{said}: {error}") from error
                notes.append(f"optional {said} left out: {proof or error}")
            except ValueError as error:  # the runtime's ValidationError
                message = f"the client's codec rejects {short(wire)} for {parameter.wire_name}"
                raise NoValueError(f"{message}: {error}") from error
        if operation.body is not None and engine.body is not None:
            try:
                body = self.body_value(at, engine)
            except NoValueError as error:
                proof = self.body_proof(at)
                if proof is None:
                    raise
                if operation.body.required:
                    raise UnsatisfiableError(f"body: {proof}") from error
                notes.append(f"optional body left out: no value fits its schema: {proof}")
                body = None
            if body is not None or operation.body.required:
                kwargs["body"] = body
        return kwargs, notes

    def parameter_proof(self, item: At) -> str | None:
        """Why no value fits a parameter's schema (None when no reason is found)."""
        if isinstance(item.node.get("schema"), dict | bool):
            return self.prover.contradiction(item.child("schema"))
        content = first_content(self.spec, item)
        media = content[1] if content is not None else None
        if media is None or not isinstance(media.node.get("schema"), dict | bool):
            return None
        return self.prover.contradiction(media.child("schema"))

    def body_proof(self, operation: At) -> str | None:
        """Why no value fits the body in any of its media types (None when one may fit)."""
        body = resolved(self.spec, operation.child("requestBody"))
        content = content_map(self.spec, body)
        if content is None or not content.node:
            return None
        proofs = []
        for media_type in content.node:
            media = resolved(self.spec, content.child(media_type))
            if not isinstance(media.node, dict) or not isinstance(
                media.node.get("schema"), dict | bool
            ):
                return None
            proof = self.prover.contradiction(media.child("schema"))
            if proof is None:
                return None
            proofs.append(f"{media_type}: {proof}")
        return "; ".join(proofs)

    def parameter_value(self, item: At) -> Any:
        if isinstance(item.node.get("schema"), dict | bool):
            candidates = self.sampler.examples_of(item)
            return self.sampler.first_accepted(item.child("schema"), candidates)[0]
        content = first_content(self.spec, item)
        if content is None:
            return "value"
        media = content[1]
        candidates = self.sampler.examples_of(item) + self.sampler.examples_of(media)
        if not isinstance(media.node.get("schema"), dict | bool):
            return candidates[0] if candidates else "value"
        return self.sampler.first_accepted(media.child("schema"), candidates)[0]

    def body_value(self, operation: At, engine: Any) -> Any:
        """The body in the first media type: a model (or other Python value) decoded from
        JSON data the schema accepts; bytes or text for raw media types."""
        body = resolved(self.spec, operation.child("requestBody"))
        content = first_content(self.spec, body)
        if content is None:
            return None
        media_type, media = content
        codec = engine.body.media[0].codec
        candidates = self.sampler.examples_of(media)
        schema = media.node.get("schema") if isinstance(media.node, dict) else None
        if isinstance(schema, dict | bool):
            wire, source = self.sampler.first_accepted(media.child("schema"), candidates)
            if source == "made" and wire == {}:  # an empty form is no body to Prism
                wire = self.sampler.full_value(media.child("schema"))
        else:
            wire = candidates[0] if candidates else "value"
        if codec is None:
            return wire.encode() if isinstance(wire, str) and "text" not in media_type else wire
        try:
            value = codec.decode(wire, "body")
        except ValueError as error:
            message = f"the client's codec rejects the body {short(wire)}"
            raise NoValueError(f"{message}: {error}") from error
        binary = isinstance(schema, dict) and schema.get("format") == "binary"
        return value.encode() if binary and isinstance(value, str) else value  # a file's bytes


# -- calling -----------------------------------------------------------------------------------


class Recorder:
    """The last exchange of a client, from httpx's event hooks."""

    def __init__(self) -> None:
        self.request: httpx.Request | None = None
        self.response: httpx.Response | None = None

    def on_request(self, request: httpx.Request) -> None:
        self.request, self.response = request, None

    def on_response(self, response: httpx.Response) -> None:
        self.response = response

    async def on_request_async(self, request: httpx.Request) -> None:
        self.on_request(request)

    async def on_response_async(self, response: httpx.Response) -> None:
        self.on_response(response)

    def violations(self) -> list[Violation]:
        response = self.response
        if response is None:
            return []
        found = violations(response.headers)
        if not found and response.status_code == 422:
            with contextlib.suppress(httpx.ResponseNotRead, httpx.StreamError):
                found = problem_violations(422, response.headers, response.content)
        return found


def credentials(api: ir.Api) -> dict[str, Any]:
    """A credential for every security scheme, as the generated Client takes it."""
    given: dict[str, Any] = {}
    for scheme in api.security_schemes:
        if scheme.kind == "basic":
            given[scheme.keyword] = ("prism-user", "prism-password")
        else:
            given[scheme.keyword] = CREDENTIAL
    return given


FAILED, ANSWER, CRASH = "failed", "answer", "crash"


@dataclasses.dataclass(frozen=True)
class Verdict:
    """Why a call did not pass: `kind` FAILED (the request, or the client on a valid answer),
    ANSWER (Prism's answer breaks the description: another is asked for) or CRASH (Prism died
    on the request); `refused` when the client refused the wrong answer, as it should."""

    message: str
    kind: str = FAILED
    refused: bool = False

    def __str__(self) -> str:
        return self.message


class Runner:
    """Calls the operations of one generated package against one Prism server."""

    def __init__(
        self, spec: LoadedSpec, api: ir.Api, package: ModuleType, prism: Prism, judge: Judge
    ) -> None:
        self.spec = spec
        self.api = api
        self.package = package
        self.prism = prism
        self.mark = 0  # where Prism's log stood when the last call started
        self.read_only: set[str] | None = None  # the names of readOnly properties, when asked
        self.base_url = prism.base_url
        self.judge = judge
        self.arguments = Arguments(spec, Sampler(spec, judge))
        self.recorder = Recorder()
        self.http = httpx.Client(
            timeout=CALL_TIMEOUT,
            event_hooks={
                "request": [self.recorder.on_request],
                "response": [self.recorder.on_response],
            },
        )
        self.errors = importlib.import_module(f"{package.__name__}.client")
        # No retries: the first answer is the one to judge, and a made-up 5xx is not retried
        # with backoff sleeps.
        self.client = self.errors.Client(
            base_url=self.base_url, http_client=self.http, max_retries=0, **credentials(api)
        )

    def close(self) -> None:
        self.client.close()
        self.http.close()

    def engine_operation(self, group: ir.TagGroup, operation: ir.Operation) -> Any:
        module = importlib.import_module(f"{self.package.__name__}.api.{group.module}")
        return getattr(module, operation.constant)

    def prepare(
        self, group: ir.TagGroup, operation: ir.Operation, asynchronous: bool
    ) -> tuple[Outcome, dict[str, Any] | None]:
        outcome = Outcome(
            operation.label, f"client.{group.attribute}.{operation.name}", asynchronous
        )
        try:
            kwargs, outcome.notes = self.arguments.build(
                operation, self.engine_operation(group, operation)
            )
        except UnsatisfiableError as error:
            outcome.unsatisfiable = f"no valid request: {error}"
            return outcome, None
        except NoValueError as error:
            outcome.failure = f"no arguments: {error}"
            return outcome, None
        return outcome, kwargs

    def run(self, group: ir.TagGroup, operation: ir.Operation) -> Outcome:
        """One operation through the sync client."""
        started = time.perf_counter()
        outcome, kwargs = self.prepare(group, operation, False)
        if kwargs is not None:
            method = getattr(getattr(self.client, group.attribute), operation.name)

            def call(headers: dict[str, str] | None) -> Exception | None:
                self.mark = self.prism.log_mark()
                try:
                    consume(method(**kwargs, extra_headers=headers))
                except Exception as error:
                    return error
                return None

            verdicts = [self.verdict(call(None), operation)]
            for seed in DYNAMIC_SEEDS:
                if not another_answer(verdicts[-1]):
                    break
                verdicts.append(self.verdict(call(dynamic_headers(seed)), operation))
            conclude(outcome, verdicts)
            fragment_route(operation, outcome)
        outcome.seconds = time.perf_counter() - started
        return outcome

    async def run_async(self, client: Any, group: ir.TagGroup, operation: ir.Operation) -> Outcome:
        """One operation through the async client."""
        started = time.perf_counter()
        outcome, kwargs = self.prepare(group, operation, True)
        if kwargs is not None:
            method = getattr(getattr(client, group.attribute), operation.name)

            async def call(headers: dict[str, str] | None) -> Exception | None:
                self.mark = self.prism.log_mark()
                try:
                    await consume_async(await method(**kwargs, extra_headers=headers))
                except Exception as error:
                    return error
                return None

            verdicts = [self.verdict(await call(None), operation)]
            for seed in DYNAMIC_SEEDS:
                if not another_answer(verdicts[-1]):
                    break
                verdicts.append(self.verdict(await call(dynamic_headers(seed)), operation))
            conclude(outcome, verdicts)
            fragment_route(operation, outcome)
        outcome.seconds = time.perf_counter() - started
        return outcome

    async def run_all_async(self, chosen: list[tuple[ir.TagGroup, ir.Operation]]) -> list[Outcome]:
        recorder = self.recorder
        async with httpx.AsyncClient(
            timeout=CALL_TIMEOUT,
            event_hooks={
                "request": [recorder.on_request_async],
                "response": [recorder.on_response_async],
            },
        ) as http:
            client = self.errors.AsyncClient(
                base_url=self.base_url, http_client=http, max_retries=0, **credentials(self.api)
            )
            return [await self.run_async(client, group, operation) for group, operation in chosen]

    def verdict(self, error: Exception | None, operation: ir.Operation) -> Verdict | None:
        """Why the call just made did not pass (None when it passed)."""
        if not self.prism.alive:  # Prism died on this request: started again for the next
            said = self.prism.restart()
            return Verdict(f"Prism crashed on the request ({said})", CRASH)
        found = self.recorder.violations()
        request_side = [
            item for item in found if item.side == "request" and item.severity == "Error"
        ]
        if request_side:
            sent = sent_request(self.recorder.request)
            misread = self.misreadings(operation, request_side)
            if misread:
                return Verdict(f"Prism misreads the request: {misread} ({sent})", CRASH)
            return Verdict(
                f"Prism: the request breaks the description: {join(request_side)} ({sent})"
            )
        name = type(error).__name__
        if error is None or isinstance(error, self.errors.ResponseDecodeError):
            wrong = self.answer_problems(operation, found)
            if error is None:
                said = f"Prism's answer breaks the description: {wrong} (the client decoded it)"
                return Verdict(said, ANSWER) if wrong else None
            if wrong:
                said = f"Prism's answer breaks the description: {wrong} (the client refused it)"
                return Verdict(said, ANSWER, refused=True)
            return Verdict(f"{name} on an answer the description accepts: {error}")
        if isinstance(error, self.errors.ApiConnectionError):
            if self.prism.died(within=2.0):  # it was on its way out
                said = self.prism.restart()
                return Verdict(f"Prism crashed on the request ({said})", CRASH)
            said = self.prism.errors_since(self.mark)
            if said:  # Prism's handler threw: it closed the connection without an answer
                return Verdict(f"Prism closed the connection without an answer ({said})", CRASH)
        if isinstance(error, self.errors.ApiStatusError) and only_errors(operation, error):
            # No success is documented: Prism answers a documented error, which the client
            # raises with its body decoded, as it should; the answer itself is judged.
            wrong = self.answer_problems(operation, found)
            said = f"Prism's answer breaks the description: {wrong} (the client raised it)"
            return Verdict(said, ANSWER, refused=True) if wrong else None
        if isinstance(error, self.errors.ApiStatusError):
            response = self.recorder.response
            said = f"{name} {error.status_code}: {short(problem(response), 300)}"
            # A 5xx that Prism makes up (it could not make the answer) may come out whole from
            # its dynamic generator (SCHEMA_TOO_COMPLEX, for one, is documented so).
            made_up = error.status_code >= 500 and is_problem(response)
            return Verdict(said, ANSWER, refused=True) if made_up else Verdict(said)
        return Verdict(f"{name}: {short(str(error), 300)} ({last_frame(error)})")

    def misreadings(self, operation: ir.Operation, found: list[Violation]) -> str:
        """Why Prism refuses a right request, when every one of its findings is a known way it
        misreads one (each rule checked against the description); "" otherwise."""
        if self.read_only is None:
            self.read_only = set()
            for name, source in self.spec.documents.items():
                self.read_only |= read_only_names(self.spec, name, source.data)
        reasons = [misreading(operation, item, self.read_only) for item in found]
        explained = {item.location for item, reason in zip(found, reasons, strict=True) if reason}
        # A oneOf/anyOf that fails where an explained finding stands follows from it, and so do
        # the other options' tag mismatches below it (`action` is not "log" in the "block" rule's
        # request: Prism reports what each option it tried wanted).
        reasons = [
            reason
            or ("-" if item.location in explained and is_choice(item) else "")
            or ("-" if other_option(item, explained) else "")
            for item, reason in zip(found, reasons, strict=True)
        ]
        if not reasons or not all(reasons):
            return ""
        reasons = [reason for reason in reasons if reason != "-"]
        return "; ".join(dict.fromkeys(reasons))

    def answer_problems(self, operation: ir.Operation, found: list[Violation]) -> str:
        """What breaks the description in the answer ("" when nothing): Prism's own findings,
        else the description's schema's (as the generator reads it), else a body that is not
        the JSON its media type says."""
        prism_says = [
            item for item in found if item.side == "response" and item.severity == "Error"
        ]
        if prism_says:
            return join(prism_says)
        response = self.recorder.response
        if response is None:
            return ""
        try:
            content = response.content
        except httpx.ResponseNotRead:
            return ""  # a stream: the client decoded each item as it read it
        if not content and (response.status_code in (204, 205, 304) or operation.method == "HEAD"):
            return ""  # no body, as HTTP has it, whatever the description documents
        media = answer_media(self.spec, operation_at(self.spec, operation), response)
        answered = response.headers.get("content-type", "")
        # JSON documented, or a media range (`*/*`) answered as JSON: the schema is the JSON's
        if media is None or not (
            is_json_type(media[0]) or ("*" in media[0] and is_json_type(answered))
        ):
            return ""
        try:
            data = json.loads(content)
        except ValueError as error:
            return f"the body is not the {media[0]} documented ({error}: {short(content)})"
        schema = media[1]
        errors = self.judge.errors(schema, data, "response") if schema is not None else []
        return "; ".join(errors or [])


MISREAD_OBJECT_ITEM = (
    "Prism reads each item of a query array as text, never as the object the client writes "
    "(as JSON: OpenAPI defines no other form for it)"
)
MISREAD_JSON_PART = (
    "Prism reads each part of a multipart body as text, never as the JSON object the part "
    "carries (application/json, OpenAPI's default for an object)"
)
MISREAD_ADJACENT = (
    "Prism cannot split two path parameters that share a segment with nothing between them "
    "(`{id}{mediaTypeExtension}`): it reads the whole segment as the first"
)
MISREAD_FORM_OF_ONE_FILE = (
    "Prism reads a multipart form as the object of its parts and holds it against the body's "
    "schema, which here is one file (`type: string`): no form fits it, and a body that is not "
    "a form it refuses as a form without a boundary (415)"
)
NOT_AN_OBJECT = re.compile(r"body must be (string|array|number|integer|boolean)$")
MISREAD_READ_ONLY = (
    "Prism wants a readOnly property in a request where its stripping does not reach (inside "
    "oneOf/anyOf); the client leaves it out, as OpenAPI says"
)


def misreading(operation: ir.Operation, violation: Violation, read_only: set[str]) -> str:
    """The known way Prism misreads a right request that explains one of its findings."""
    where = violation.location
    message = violation.message
    parameters = {p.wire_name: p for p in operation.parameters if p.location == "query"}
    if (
        len(where) >= 4
        and where[1] == "query"
        and where[3].isdigit()
        and message.endswith("must be object")
        and where[2] in parameters
        and isinstance(parameters[where[2]].type, ir.ArrayOf)
    ):
        return MISREAD_OBJECT_ITEM
    body = operation.body
    multipart = body is not None and any(media.kind == "multipart" for media in body.media)
    if len(where) == 3 and where[1] == "body" and multipart and message.endswith("must be object"):
        return MISREAD_JSON_PART
    if where == ("request", "body") and multipart and NOT_AN_OBJECT.search(message):
        return MISREAD_FORM_OF_ONE_FILE
    if where[:2] == ("request", "path") and "}{" in operation.path:
        return MISREAD_ADJACENT
    required = re.search(r"must have required property '([^']+)'", message)
    if where[:2] == ("request", "body") and required and required.group(1) in read_only:
        return MISREAD_READ_ONLY
    return ""


def non_empty(spec: LoadedSpec, item: At, wire: Any) -> Any:
    """A path parameter's first enum value that is not "" (Brex lists "" first: a path segment
    left empty is a different URL, which Prism, as any server, does not route here)."""
    schema = item.node.get("schema")
    if not isinstance(schema, dict):
        return wire
    schema = resolved(spec, item.child("schema")).node
    values = schema.get("enum") if isinstance(schema, dict) else None
    return next((value for value in values or [] if value != ""), wire)


def only_errors(operation: ir.Operation, error: Any) -> bool:
    """Whether the operation documents no success reply, and the error's status is one of its
    documented ones (exactly, by range, or `default`)."""
    statuses = [response.status for response in operation.responses]
    if any(status[:1] in "123" for status in statuses):
        return False
    code = str(error.status_code)
    return any(status in (code, f"{code[0]}XX", f"{code[0]}xx", "default") for status in statuses)


def other_option(violation: Violation, explained: set[tuple[str, ...]]) -> bool:
    """Whether the finding is another option's tag mismatch, inside a value whose own finding is
    explained: a value that fits one option of a oneOf does not have the others' tags."""
    return violation.message.split(" must be equal to ")[-1].startswith(
        ("one of the allowed values", "constant")
    ) and any(violation.location[: len(where)] == where for where in explained)


def is_choice(violation: Violation) -> bool:
    return violation.message.endswith(
        ("must match exactly one schema in oneOf", "must match a schema in anyOf")
    )


def read_only_names(spec: LoadedSpec, document: str, node: Any) -> set[str]:
    """The names of the readOnly properties of a document's schemas (through `$ref`s)."""
    names: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            properties = item.get("properties")
            for key, value in properties.items() if isinstance(properties, dict) else ():
                if isinstance(value, dict) and isinstance(value.get("$ref"), str):
                    with contextlib.suppress(Exception):
                        value = spec.resolve(value["$ref"], document).node
                if isinstance(value, dict) and value.get("readOnly") is True:
                    names.add(str(key))
            stack.extend(value for key, value in item.items() if key not in ("example", "examples"))
    return names


def answer_media(
    spec: LoadedSpec, operation: At, response: httpx.Response
) -> tuple[str, At | None] | None:
    """The media type and schema the description gives the answer's status and content type
    (the reply's one media type when the answer names none); None when it documents none."""
    responses = (
        resolved(spec, operation.child("responses")) if "responses" in operation.node else None
    )
    if responses is None or not isinstance(responses.node, dict):
        return None
    status = str(response.status_code)
    keys = {str(key): key for key in responses.node}
    key = next(
        (keys[k] for k in (status, f"{status[0]}XX", f"{status[0]}xx", "default") if k in keys),
        None,
    )
    if key is None:
        return None
    reply = resolved(spec, responses.child(key))
    found = content_map(spec, reply)
    if found is None or not found.node:
        return None
    content = found.node
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    candidates = [media_type, media_type.split("/")[0] + "/*", "*/*"] if media_type else []
    if not media_type and len(content) == 1:
        candidates = list(content)
    for candidate in candidates:
        if candidate in content:
            media = resolved(spec, found.child(candidate))
            has_schema = isinstance(media.node, dict) and "schema" in media.node
            return str(candidate), media.child("schema") if has_schema else None
    return None


def is_json_type(media_type: str) -> bool:
    mime = media_type.split(";")[0].strip().lower()
    return mime == "application/json" or mime.endswith("+json")


def another_answer(verdict: Verdict | None) -> bool:
    """Whether to ask Prism for another answer: its last one breaks the description."""
    return verdict is not None and verdict.kind == ANSWER


def dynamic_headers(seed: str) -> dict[str, str]:
    return {"Prefer": f"dynamic=true, seed={seed}"}


def fragment_route(operation: ir.Operation, outcome: Outcome) -> None:
    """An operation whose path tells it apart from another by a `#fragment` (Box, Mistral)
    reaches Prism as that other one's request (no request carries a fragment): Prism checks
    it and answers it as the other's, so a failure is Prism's routing, not the client's."""
    if "#" not in operation.path or outcome.passed:
        return
    other = operation.path.partition("#")[0]
    said = outcome.failure or outcome.unserved
    outcome.failure = ""
    outcome.unserved = (
        f"Prism takes it for {operation.method} {other}, whose request and answer it checks "
        f"(the #fragment that tells them apart is not sent): {said}"
    )


def conclude(outcome: Outcome, verdicts: list[Verdict | None]) -> None:
    """The outcome of the static call and the dynamic ones after it (one per seed tried, up
    to the first that is not a wrong answer)."""
    static, last = verdicts[0], verdicts[-1]
    if static is None:
        return
    if last is None:
        seed = DYNAMIC_SEEDS[len(verdicts) - 2]
        outcome.dynamic = f"{static} (dynamic answer, seed {seed})"
    elif last.kind == FAILED:
        dynamic = " (on a dynamic answer)" if len(verdicts) > 1 else ""
        outcome.failure = f"{last}{dynamic}"
    elif last.kind == CRASH:
        outcome.unserved = str(last)
    else:
        refused = sum(1 for verdict in verdicts if verdict is not None and verdict.refused)
        outcome.unserved = (
            f"no answer of Prism's fits the description ({len(verdicts)} asked for: the "
            f"client refused {refused}, decoded {len(verdicts) - refused}); the static one: "
            f"{static}" + (f"; the last: {last}" if len(verdicts) > 1 else "")
        )


async def consume_async(result: Any) -> Any:
    """The call's result; an async stream is read to its end and closed."""
    if hasattr(result, "__anext__") and hasattr(result, "close"):
        try:
            return [item async for item in result]
        finally:
            await result.close()
    return consume(result)


def consume(result: Any) -> Any:
    """The call's result; a stream is read to its end (each item decoded) and closed."""
    if hasattr(result, "__next__") and hasattr(result, "close"):
        with contextlib.closing(result):
            return list(result)
    return result


def join(items: Sequence[Violation]) -> str:
    return "; ".join(str(item) for item in items[:4]) + (" ..." if len(items) > 4 else "")


def sent_request(request: httpx.Request | None) -> str:
    """What was sent, shortly: the method, the path and query, the body's start."""
    if request is None:
        return "nothing sent"
    target = request.url.raw_path.decode("ascii", "replace")
    try:
        body = request.content
    except httpx.RequestNotRead:
        body = b"(a stream)"
    shown = f"sent {request.method} {short(target, 160)}"
    if body:
        kind = request.headers.get("content-type", "").split(";")[0]
        shown += f", {kind} body {short(body.decode('utf-8', 'replace'), 160)}"
    return shown


def is_problem(response: httpx.Response | None) -> bool:
    """Whether an answer is a problem+json that Prism wrote itself."""
    return response is not None and "problem+json" in response.headers.get("content-type", "")


def problem(response: httpx.Response | None) -> str:
    """What Prism says about an answer it made up (its problem+json), or the body's start."""
    if response is None:
        return "no answer"
    try:
        data = json.loads(response.content)
    except httpx.ResponseNotRead:
        return "(a stream)"
    except ValueError:
        return response.text[:200]
    if isinstance(data, dict) and "title" in data:
        return f"{data.get('title')} {data.get('detail', '')}".strip()
    return json.dumps(data)[:200]


def last_frame(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""


# -- one description -----------------------------------------------------------------------------


def package_name(spec: Path) -> str:
    stem = spec.parent.name if spec.parent.name not in ("", ".", "corpus") else spec.stem
    name = re.sub(r"\W+", "_", stem).strip("_").lower() or "api"
    return f"prism_{name}"


@contextlib.contextmanager
def imported(out: Path, package: str) -> Iterator[ModuleType]:
    """The package generated into `out`, imported; forgotten afterwards."""
    sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
        for name in [name for name in sys.modules if name.split(".")[0] == package]:
            del sys.modules[name]


def every_operation(api: ir.Api) -> list[tuple[ir.TagGroup, ir.Operation]]:
    return [(group, operation) for group in api.groups for operation in group.operations]


def chosen_operations(api: ir.Api, only: Sequence[str]) -> list[tuple[ir.TagGroup, ir.Operation]]:
    found = every_operation(api)
    if not only:
        return found
    wanted = set(only)
    return [
        (group, operation)
        for group, operation in found
        if {operation.label, operation.name, operation.operation_id} & wanted
    ]


def run_description(
    spec_path: Path,
    *,
    name: str | None = None,
    served: Path | None = None,
    only: Sequence[str] = (),
    async_every: int = 10,
    work: Path | None = None,
) -> Report:
    """Generate `spec_path`'s client, serve `served` (default: the same description) with
    Prism, and call every operation (those named in `only`, when given)."""
    report = Report(name or spec_path.parent.name or spec_path.stem, str(spec_path))
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="prism-harness-", dir=work))
    try:
        run_in(report, spec_path, served or spec_path, only, async_every, folder)
    except (PrismError, NoValueError) as error:
        report.error = str(error)
    except Exception as error:  # a crash of ours: reported, the next description still runs
        report.error = f"{type(error).__name__}: {error} ({last_frame(error)})"
        traceback.print_exc()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        report.seconds = time.perf_counter() - started
    return report


def run_in(
    report: Report,
    spec_path: Path,
    served: Path,
    only: Sequence[str],
    async_every: int,
    folder: Path,
) -> None:
    clock = time.perf_counter()
    package = package_name(spec_path)
    spec = load_spec(spec_path)
    api = build_api(spec, package).api
    output = generate(Options(spec=spec_path, package=package, jobs=1))
    write_output(folder / "out", output.files, package)
    report.timings["generate"] = time.perf_counter() - clock
    chosen = chosen_operations(api, only)
    if not chosen:
        return
    served_spec = spec if served == spec_path else load_spec(served)
    given, report.served = prism_served.served(served_spec, served, folder)
    with imported(folder / "out", package) as module, Prism(given, log_dir=folder) as prism:
        report.timings["prism start"] = time.perf_counter() - clock - report.timings["generate"]
        runner = Runner(spec, api, module, prism, Judge(spec))
        try:
            for group, operation in chosen:
                report.outcomes.append(runner.run(group, operation))
            sample = chosen[:: max(async_every, 1)] if async_every else []
            report.outcomes += asyncio.run(runner.run_all_async(sample))
        finally:
            runner.close()
    report.timings["calls"] = time.perf_counter() - clock - sum(report.timings.values())


# -- the table -----------------------------------------------------------------------------------


def table(reports: Sequence[Report]) -> str:
    lines = [
        "| description | operations | passed | failed | Prism cannot serve | no valid request "
        "| dynamic answers | async calls | seconds |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for report in reports:
        if report.error:
            lines.append(f"| {report.name} | - | - | - | - | - | - | - | {report.seconds:.1f} |")
            continue
        operations, passed, failed, unserved, unsatisfiable = report.counts()
        dynamic = len({outcome.label for outcome in report.dynamic})
        calls = sum(outcome.asynchronous for outcome in report.outcomes)
        lines.append(
            f"| {report.name} | {operations} | {passed} | {failed} | {unserved} "
            f"| {unsatisfiable} | {dynamic} | {calls} | {report.seconds:.1f} |"
        )
    lines += details(reports)
    return "\n".join(lines) + "\n"


def details(reports: Sequence[Report]) -> list[str]:
    lines: list[str] = []
    for report in reports:
        if report.error:
            lines += ["", f"{report.name}: could not run: {report.error}"]
        lines += section(report, "failed", report.failed, lambda o: o.failure)
        lines += section(report, "Prism cannot serve", report.unserved, lambda o: o.unserved)
        lines += section(
            report,
            "no valid request (the description's keywords clash)",
            report.unsatisfiable,
            lambda o: o.unsatisfiable,
        )
        lines += section(
            report, "optional arguments left out", report.noted, lambda o: "; ".join(o.notes)
        )
        if report.served:
            lines += ["", f"{report.name}: given to Prism with OpenAPI's defaults spelled out:"]
            lines += [f"- {note}" for note in report.served]
        lines += section(
            report,
            "dynamic answers (Prism's static answer breaks the description)",
            report.dynamic,
            lambda o: o.dynamic,
        )
    return lines


def section(
    report: Report, title: str, outcomes: list[Outcome], said: Callable[[Outcome], str]
) -> list[str]:
    """A titled list of outcomes, each with what `said` says of it; none when there are none."""
    if not outcomes:
        return []
    lines = ["", f"{report.name}: {title}:"]
    for outcome in outcomes:
        mode = " (async)" if outcome.asynchronous else ""
        lines.append(f"- {outcome.label}{mode}: {said(outcome)}")
    return lines


def as_json(reports: Sequence[Report]) -> str:
    return json.dumps(
        [
            {
                **dataclasses.asdict(report),
                "counts": dict(
                    zip(
                        ("operations", "passed", "failed", "unserved", "unsatisfiable"),
                        report.counts(),
                        strict=True,
                    )
                ),
            }
            for report in reports
        ],
        indent=1,
    )


# -- the command ---------------------------------------------------------------------------------


def corpus_specs() -> list[tuple[str, Path]]:
    """Talon.One 25.17 and every description of ../shared/corpus/real/ (MANIFEST.tsv order)."""
    found = [("talon-one-25.17", TALON)]
    lines = MANIFEST.read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        folder, entry = line.split("\t")[:2]
        found.append((folder, MANIFEST.parent / folder / entry))
    return found


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP end the harness as Ctrl-C does, so that Prism is stopped on the way."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    for each in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(each, interrupt)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", action="append", type=Path, default=[], help="a description")
    parser.add_argument("--corpus", action="store_true", help="Talon.One and ../shared/corpus/real")
    parser.add_argument(
        "--only", default="", help="operations to call (operationId or method name)"
    )
    parser.add_argument(
        "--async-every", type=int, default=10, help="every Nth call also async (0: none)"
    )
    parser.add_argument("--json", type=Path, help="write the results as JSON")
    parser.add_argument("--markdown", type=Path, help="write the table to a file too")
    args = parser.parse_args(argv)
    specs = [(spec.parent.name if spec.parent.name else spec.stem, spec) for spec in args.spec]
    if args.corpus:
        specs += corpus_specs()
    if not specs:
        parser.error("give --spec FILE (or --corpus)")
    stop_on_signals()
    only = [name for name in args.only.split(",") if name]
    reports = []
    for name, spec in specs:
        print(f"prism harness: {name} ...", file=sys.stderr, flush=True)
        report = run_description(spec, name=name, only=only, async_every=args.async_every)
        operations, passed, failed, unserved, unsatisfiable = report.counts()
        print(
            f"prism harness: {name}: {operations} operations, {passed} passed, {failed} failed, "
            f"{unserved} Prism cannot serve, {unsatisfiable} no valid request"
            f"{', ' + report.error if report.error else ''} in {report.seconds:.1f} s",
            file=sys.stderr,
            flush=True,
        )
        reports.append(report)
        print("\n".join(details([report])), file=sys.stderr, flush=True)
    text = table(reports)
    print(text)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(text, encoding="utf-8")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(as_json(reports), encoding="utf-8")
    return (
        1
        if any(
            report.failed or report.unserved or report.unsatisfiable or report.error
            for report in reports
        )
        else 0
    )


if __name__ == "__main__":
    sys.exit(main())
