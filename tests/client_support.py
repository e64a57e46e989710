"""Answering a generated client in tests: a handler for httpx's MockTransport that replies to each
operation of an API with its documented example, or else a valid value of the reply's type.

The valid value is what the docs show: a model's code sample (built from its own example), or
a placeholder of the type (`samples.ValueSamples`), made in the generated package and written
back with its codec, so that it is what the package itself reads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import httpx
import pytest

from openapi_dataclasses import ir
from openapi_dataclasses.filters import codec
from openapi_dataclasses.samples import ValueSamples

Handler = Callable[[httpx.Request], httpx.Response]


def evaluate(expr: ir.PyExpr, namespace: dict[str, Any]) -> Any:
    """The Python value a sample's expression spells, its names looked up in `namespace`."""
    match expr:
        case ir.PyLiteral():
            return expr.value
        case ir.PyName():
            return eval(expr.path, namespace)  # a name or a dotted attribute, from the IR
        case ir.PyList():
            return [evaluate(item, namespace) for item in expr.items]
        case ir.PyDict():
            return {key: evaluate(item, namespace) for key, item in expr.entries}
        case ir.PyCall():
            function = eval(expr.callee, namespace)
            arguments = [evaluate(item, namespace) for item in expr.args]
            keywords = {key: evaluate(item, namespace) for key, item in expr.kwargs}
            return function(*arguments, **keywords)
    raise AssertionError(f"not a sample expression: {expr!r}")


class Replies:
    """Valid reply bodies for the operations of `api`, in its generated `package`."""

    def __init__(self, api: ir.Api, package: ModuleType) -> None:
        import datetime

        self.api = api
        self.models = {model.name: model for model in api.models}
        self.enums = {enum.name: enum for enum in api.enums}
        names = [*self.models, *self.enums, *(alias.name for alias in api.aliases)]
        self.namespace: dict[str, Any] = {name: getattr(package, name) for name in names}
        self.namespace.update(rt=package._runtime, datetime=datetime)

    def codec(self, expr: ir.TypeExpr) -> Any:
        return eval(codec(expr), self.namespace)

    def data(self, expr: ir.TypeExpr, example: Any = None, has_example: bool = False) -> Any:
        """JSON data of the type: the example where the package reads it, else a sample."""
        runtime_codec = self.codec(expr)
        if has_example:
            try:
                return runtime_codec.encode(runtime_codec.decode(example, ""))
            except (ValueError, TypeError):
                pass
        model = self.models.get(expr.name) if isinstance(expr, ir.ModelRef) else None
        if model is not None and model.sample is not None:
            value = evaluate(model.sample.value, self.namespace)
        else:
            value = evaluate(ValueSamples(self.models, self.enums, {}).value(expr, None, False),
                             self.namespace)  # fmt: skip
        return runtime_codec.encode(value)

    def response(self, operation: ir.Operation) -> httpx.Response:
        """The reply to `operation`: its first success, with its first media type."""
        success = next((item for item in operation.responses if not item.error), None)
        status = int(success.status) if success is not None and success.status.isdigit() else 200
        if success is None or not success.media:
            return httpx.Response(204 if success is None else status)
        media = success.media[0]
        content_type = concrete(media.content_type)
        headers = {"Content-Type": content_type}
        if media.kind == "text":
            return httpx.Response(status, headers=headers, text="text")
        if media.kind != "json" or media.type is None:
            return httpx.Response(status, headers=headers, content=b"\x89PNG bytes")
        data = self.data(media.type, media.example, media.has_example)
        if media.stream == "sse":
            return httpx.Response(status, headers=headers, text=f"data: {json.dumps(data)}\n\n" * 2)
        if media.stream == "jsonl":
            return httpx.Response(status, headers=headers, text=f"{json.dumps(data)}\n" * 2)
        return httpx.Response(status, headers=headers, json=data)

    def handler(self) -> Handler:
        """Replies to every operation of the API, found by method and path."""
        routes = [
            (operation.method, path_pattern(operation.path), operation)
            for group in self.api.groups
            for operation in group.operations
        ]

        def handle(request: httpx.Request) -> httpx.Response:
            for method, pattern, operation in routes:
                if request.method == method and pattern.search(request.url.path):
                    return self.response(operation)
            return httpx.Response(404, json={"message": f"no operation for {request.url}"})

        return handle


def concrete(content_type: str) -> str:
    """A content type a server may send for a range: `image/*` gives image/png."""
    if content_type in ("*/*", "application/*"):
        return "application/json"
    return content_type.replace("/*", "/png")


def path_pattern(path: str) -> re.Pattern[str]:
    """A path template as a pattern of the end of a request's path."""
    parts = re.split(r"\{[^{}]+\}", path)
    return re.compile("[^/]+".join(re.escape(part) for part in parts) + "$")


@contextmanager
def every_client_answered(handler: Handler) -> Iterator[None]:
    """Every httpx client made meanwhile (the docs' samples make their own) sends through a
    MockTransport with `handler`, sync and async."""
    mock = httpx.MockTransport(handler)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            httpx.HTTPTransport, "handle_request", lambda _, request: mock.handle_request(request)
        )

        async def handle_async(_: Any, request: httpx.Request) -> httpx.Response:
            return await mock.handle_async_request(request)

        patch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", handle_async)
        yield
