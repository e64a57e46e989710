"""The docs' code sample of each operation: a client with credentials, the call, its result.

The arguments are the required ones and those the description gives an example for, each
the example where it fits the type, else a placeholder of the type (`samples.ValueSamples`);
the client gets a placeholder credential for each scheme of the operation's first alternative.
"""

from __future__ import annotations

from dataclasses import replace

from .. import ir
from ..samples import NoInstanceError, ValueSamples
from .registry import Registry

EXAMPLE_HOST = "https://api.example.com"  # where a description gives no absolute server URL
PLACEHOLDER_CREDENTIALS: dict[ir.SecurityKind, ir.PyExpr] = {
    "api_key": ir.PyLiteral("YOUR_API_KEY"),
    "basic": ir.PyName('("username", "password")'),
    "http": ir.PyLiteral("YOUR_CREDENTIALS"),
}
PLACEHOLDER_TOKEN = ir.PyLiteral("YOUR_ACCESS_TOKEN")


def with_samples(
    reg: Registry, api: ir.Api, groups: tuple[ir.TagGroup, ...]
) -> tuple[ir.TagGroup, ...]:
    client = client_call(api)
    return tuple(
        replace(
            group,
            operations=tuple(
                replace(operation, sample=call_sample(reg, api, client, group, operation))
                for operation in group.operations
            ),
        )
        for group in groups
    )


def client_call(api: ir.Api) -> ir.PyCall:
    """`Client(...)`, with `base_url` where the description gives no absolute one."""
    if api.base_url is not None:
        return ir.PyCall("Client")
    relative = api.servers[0].resolved if api.servers else ""
    base_url = EXAMPLE_HOST + ("/" + relative.lstrip("/") if relative.strip("/") else "")
    return ir.PyCall("Client", (), (("base_url", ir.PyLiteral(base_url)),))


def call_sample(
    reg: Registry, api: ir.Api, client: ir.PyCall, group: ir.TagGroup, operation: ir.Operation
) -> ir.CallSample | None:
    values = ValueSamples(reg.models, reg.enums, reg.examples)
    arguments: list[ir.PyExpr] = []
    keywords: list[tuple[str, ir.PyExpr]] = []
    try:
        for parameter in operation.parameters:
            if parameter.location == "path":
                arguments.append(parameter_value(values, parameter))
        if operation.body is not None:
            keywords.append(("body", body_value(values, operation.body.media[0])))
        for parameter in operation.parameters:
            if parameter.location != "path" and (parameter.required or parameter.has_example):
                keywords.append((parameter.name, parameter_value(values, parameter)))
    except NoInstanceError:
        return None
    call = ir.PyCall(
        f"client.{group.attribute}.{operation.name}", tuple(arguments), tuple(keywords)
    )
    return ir.CallSample(
        imports=tuple(values.imports(api.package)),
        client=with_credentials(client, api, operation),
        call=call,
        result=result_kind(operation),
    )


def parameter_value(values: ValueSamples, parameter: ir.Parameter) -> ir.PyExpr:
    return values.value(parameter.type, parameter.example, parameter.has_example)


def body_value(values: ValueSamples, media: ir.Media) -> ir.PyExpr:
    if media.kind == "text":
        example = media.example if isinstance(media.example, str) else "text"
        return ir.PyLiteral(example)
    if media.kind == "binary" or media.type is None:
        return ir.PyName('b"content"')
    return values.value(media.type, media.example, media.has_example)


def with_credentials(client: ir.PyCall, api: ir.Api, operation: ir.Operation) -> ir.PyCall:
    """The client with a placeholder credential for each scheme of the first alternative."""
    if not operation.security:
        return client
    kinds = {scheme.name: scheme for scheme in api.security_schemes}
    keywords = [
        (kinds[name].keyword, PLACEHOLDER_CREDENTIALS.get(kinds[name].kind, PLACEHOLDER_TOKEN))
        for name in operation.security[0]
        if name in kinds
    ]
    return replace(client, kwargs=client.kwargs + tuple(keywords))


def result_kind(operation: ir.Operation) -> ir.CallResult:
    """How the sample shows the result: iterated (a stream), not at all (no content), printed."""
    successes = [response for response in operation.responses if not response.error]
    if any(media.stream for response in successes for media in response.media):
        return "stream"
    return "value" if any(response.media for response in successes) else "none"
