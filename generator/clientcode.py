"""How the generated client spells an operation: the Python types of its arguments, body and
result, its docstring, what its module imports, and the client's credentials.

Jinja filters (registered by `rendering.environment`), so that mypy checks them; the templates in
`templates/client/` decide the layout. The engine's descriptors, laid out as Black leaves them,
are `clientlayout`'s; the API pages' Markdown is `clientdocs`'.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import ir
from .filters import annotation, docstring, join_text, python_repr

RAW_BYTES = "bytes | IO[bytes]"  # what a binary body takes: its bytes, or a file open for reading


def argument_annotation(parameter: ir.Parameter) -> str:
    spelled = annotation(parameter.type, True)
    return spelled if parameter.required else optional(spelled)


def optional(spelled: str) -> str:
    """`X | rt.Unset`, None kept last (`X | rt.Unset | None`), as linters like unions."""
    parts = [part for part in split_union(spelled) if part != "None"]
    return " | ".join([*parts, "rt.Unset", *(["None"] if "None" in split_union(spelled) else [])])


def media_annotation(media: ir.Media) -> str:
    """What a body of this media type takes: a model (or its wire data), text or bytes."""
    if media.kind == "text":
        return "str"
    if media.kind == "binary" or media.type is None:
        return RAW_BYTES
    spelled = annotation(media.type, True)
    if isinstance(media.type, ir.ModelRef):
        return f"{spelled} | Mapping[str, Any]"
    return spelled


def body_annotation(body: ir.RequestBody) -> str:
    spelled = union(media_annotation(media) for media in body.media)
    return spelled if body.required else optional(spelled)


def union(spellings: Iterable[str]) -> str:
    """Types joined with `|`, each once, in order, None last (`Any` alone when one is `Any`)."""
    parts: dict[str, None] = {}
    for spelled in spellings:
        for part in split_union(spelled):
            parts.setdefault(part, None)
    if "Any" in parts:
        return "Any"
    return " | ".join(
        [*(part for part in parts if part != "None"), *(["None"] if "None" in parts else [])]
    )


def split_union(spelled: str) -> list[str]:
    """The top-level members of `A | list[B | C] | None`."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(spelled):
        depth += char == "["
        depth -= char == "]"
        if char == "|" and depth == 0:
            parts.append(spelled[start:index].strip())
            start = index + 1
    parts.append(spelled[start:].strip())
    return parts


def successes(operation: ir.Operation) -> tuple[ir.Response, ...]:
    return tuple(response for response in operation.responses if not response.error)


def reply_annotation(media: ir.Media, asynchronous: bool) -> str:
    """What a call returns for a reply of this media type."""
    if media.stream is not None:
        item = annotation(media.type, True) if media.type is not None else "Any"
        return f"_http.{'AsyncStream' if asynchronous else 'Stream'}[{item}]"
    if media.kind == "json" and media.type is not None:
        return annotation(media.type, True)
    return "str" if media.kind == "text" else "bytes"


def return_annotation(operation: ir.Operation, asynchronous: bool = False) -> str:
    """The union of the success replies' types; None for a reply without content."""
    spellings = []
    for response in successes(operation):
        spellings += [reply_annotation(media, asynchronous) for media in response.media]
        if not response.media:
            spellings.append("None")
    return union(spellings) if spellings else "None"


def content_types(body: ir.RequestBody) -> str:
    """`Literal[...]` of the body's content types, for a body that has more than one."""
    return "Literal[" + ", ".join(python_repr(media.content_type) for media in body.media) + "]"


# -- docstrings ----------------------------------------------------------------------------------


def operation_docstring(operation: ir.Operation, asynchronous: bool = False) -> str:
    """Summary and description, then Args, Returns and Raises, Google's style."""
    summary = sentence(operation.summary)
    lines = [join_text(summary, operation.description) or f"`{operation.label}`."]
    lines += ["", f"`{operation.method} {operation.path}`"]
    if operation.deprecated:
        lines += ["", "Deprecated: the API description marks this operation as deprecated."]
    arguments = [
        (item.name, item.description or f"`{item.wire_name}` ({item.location}).")
        for item in operation.parameters
    ]
    if operation.body is not None:
        arguments.append(("body", operation.body.description or "The request body."))
        if len(operation.body.media) > 1:
            arguments.append(("content_type", "The body's content type (the first by default)."))
    arguments.append(("timeout", "This call's timeout, instead of the client's."))
    arguments.append(("extra_headers", "Headers to send with this call only."))
    lines += ["", "Args:"]
    for name, text in arguments:
        first, *rest = text.strip().split("\n")
        lines.append(f"    {name}: {first}")
        lines += [f"        {line}" if line.strip() else "" for line in rest]
    lines += ["", "Returns:", f"    {returns_text(operation, asynchronous)}", "", "Raises:"]
    lines += [f"    {name}: {why}" for name, why in raised(operation)]
    return docstring("\n".join(lines))


def sentence(text: str) -> str:
    """A summary as a sentence: it ends with a full stop unless it ends with a mark already."""
    text = text.strip()
    return text + "." if text and "\n" not in text and text[-1] not in ".!?:" else text


def returns_text(operation: ir.Operation, asynchronous: bool) -> str:
    described = [
        f"{response.status}: {response.description.strip().splitlines()[0].rstrip('.')}"
        for response in successes(operation)
        if response.description.strip()
    ]
    spelled = return_annotation(operation, asynchronous)
    return f"`{spelled}`" + (f" ({'; '.join(described)})." if described else ".")


# The engine's error for each status (`ApiStatusError` for the others).
STATUS_ERRORS = {
    "400": "BadRequestError",
    "401": "AuthenticationError",
    "403": "PermissionDeniedError",
    "404": "NotFoundError",
    "409": "ConflictError",
    "422": "UnprocessableEntityError",
    "429": "RateLimitError",
}


def raised(operation: ir.Operation) -> list[tuple[str, str]]:
    """The errors a call raises: one per documented error status, then the rest."""
    found = []
    for response in operation.responses:
        if response.error and response.status in STATUS_ERRORS:
            found.append((STATUS_ERRORS[response.status], response_text(response)))
        elif response.error and response.status[:1] == "5" and response.status[1:].isdigit():
            found.append(("InternalServerError", response_text(response)))
    found.append(("ApiStatusError", "Any other error status" + documented_errors(operation)))
    found.append(("ApiConnectionError", "No reply came (ApiTimeoutError: not in time)."))
    return found


def response_text(response: ir.Response) -> str:
    description = response.description.strip().splitlines()
    return f"{response.status}" + (f": {description[0].rstrip('.')}." if description else ".")


def documented_errors(operation: ir.Operation) -> str:
    others = [
        response_text(response)
        for response in operation.responses
        if response.error and not response.status.isdigit()
    ]
    return f" ({' '.join(others)})" if others else "."


# -- imports -------------------------------------------------------------------------------------


TYPING_NAMES = {name: re.compile(rf"\b{name}\b") for name in ("Any", "IO", "Literal")}


@dataclass(frozen=True)
class GroupImports:
    runtime_module: bool  # `_runtime as rt`: codecs, `rt.Unset` and `rt.UNSET`, `rt.File`
    typing: tuple[str, ...]
    runtime: tuple[tuple[str, str], ...]  # (module, name) of the enums the codecs need
    type_only: tuple[tuple[str, str], ...]  # (module, name) of the types annotations name
    datetime: bool


def uses_runtime(operation: ir.Operation) -> bool:
    """Whether a method or its constant names the runtime: any parameter, body or typed reply."""
    typed = (media.type for response in operation.responses for media in response.media)
    return bool(operation.parameters) or operation.body is not None or any(typed)


def group_imports(group: ir.TagGroup) -> GroupImports:
    """What a group's module imports: enums for its codecs, the types its annotations name."""
    from .rendering import collect_imports, isort_order

    annotated: list[ir.TypeExpr] = []
    coded: list[ir.TypeExpr] = []
    spelled: list[str] = []
    for operation in group.operations:
        annotated += [parameter.type for parameter in operation.parameters]
        if operation.body is not None:
            annotated += [media.type for media in operation.body.media if media.type is not None]
            spelled.append(body_annotation(operation.body))
            if len(operation.body.media) > 1:
                spelled.append("Literal")
        for response in operation.responses:
            typed = [media.type for media in response.media if media.type is not None]
            coded += typed
            annotated += [] if response.error else typed
        spelled.append(return_annotation(operation))
    imports = collect_imports(annotated, set(), expand_aliases=True)
    enums = {(enum.module, enum.name) for expr in coded for enum in ir.enums_inside(expr)}
    typing = set(imports.typing) | {"cast"}
    typing |= {name for name in TYPING_NAMES if any(TYPING_NAMES[name].search(s) for s in spelled)}
    type_only = set(imports.type_only) - enums - set(imports.runtime)
    if type_only or imports.datetime:
        typing.add("TYPE_CHECKING")
    return GroupImports(
        runtime_module=any(uses_runtime(operation) for operation in group.operations),
        typing=isort_order(typing),
        runtime=tuple(sorted(set(imports.runtime) | enums)),
        type_only=tuple(sorted(type_only)),
        datetime=imports.datetime,
    )


# -- the client ----------------------------------------------------------------------------------

# What the generated `client` module gives its users of the engine: the errors, the types of
# what calls return and of their options.
ENGINE_NAMES = (
    "NOT_GIVEN",
    "ApiConnectionError",
    "ApiError",
    "ApiResponse",
    "ApiStatusError",
    "ApiTimeoutError",
    "AsyncApiResponse",
    "AsyncStream",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MissingCredentialsError",
    "NotFoundError",
    "NotGiven",
    "OAuth2ClientCredentials",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "RetryPolicy",
    "Stream",
    "UnexpectedStatusError",
    "UnprocessableEntityError",
)


def credential_annotation(scheme: ir.SecurityScheme) -> str:
    """The Client's keyword for a scheme: a key or token, a user and password, or OAuth2's
    client credentials (which the engine trades for tokens) where the scheme has that flow."""
    if scheme.kind == "basic":
        return "tuple[str, str] | None"
    if scheme.kind == "oauth2" and scheme.token_url:
        return "str | _http.OAuth2ClientCredentials | None"
    return "str | None"


def credential_of(scheme: ir.SecurityScheme) -> str:
    """The engine's credential built from the keyword's value (not None)."""
    value = scheme.keyword
    match scheme.kind:
        case "api_key":
            place = f"name={python_repr(scheme.parameter)}, location={python_repr(scheme.location)}"
            return f"_http.ApiKey({value}, {place})"
        case "basic":
            return f"_http.HttpBasic({value}[0], {value}[1])"
        case "http":
            prefix = python_repr(scheme.scheme.capitalize())
            return (
                f'_http.ApiKey({value}, name="Authorization", location="header", prefix={prefix})'
            )
        case "bearer" | "oauth2" | "open_id_connect":  # OAuth2 client credentials: the template's
            return f"_http.HttpBearer({value})"
    raise AssertionError(f"a security scheme of an unknown kind: {scheme.kind!r}")


def client_docstring(api: ir.Api, asynchronous: bool = False) -> str:
    title = api.title or api.package
    calls = "with `await`" if asynchronous else "synchronously"
    lines = [f"{title}, called {calls}.", "", "Args:"]
    lines.append(
        "    base_url: The URL the operations' paths are relative to"
        + (" (default: `BASE_URL`)." if api.base_url else ".")
    )
    for scheme in api.security_schemes:
        text = scheme_text(scheme)
        lines.append(f"    {scheme.keyword}: {text[0].upper()}{text[1:]} (scheme `{scheme.name}`).")
    lines += [
        "    timeout: Seconds (or an `httpx.Timeout`) each call may take; None waits for ever.",
        "    max_retries: How many times a call is retried (connection errors, 408, 429, 5xx).",
        "    retry: The whole retry policy, instead of `max_retries`.",
        "    headers: Headers sent with every call.",
        "    http_client: An httpx client to send the requests with (proxies, HTTP/2, mounts).",
        "    transport: An httpx transport for the client this one makes (tests: MockTransport).",
    ]
    return docstring("\n".join(lines))


def scheme_text(scheme: ir.SecurityScheme) -> str:
    """What a scheme's keyword takes, in a few words."""
    match scheme.kind:
        case "api_key":
            return f"the API key, sent as it is in the `{scheme.parameter}` {scheme.location}"
        case "basic":
            return "(username, password) for HTTP basic authentication"
        case "oauth2" if scheme.token_url:
            return (
                "an OAuth2 access token, or `OAuth2ClientCredentials` "
                f"to fetch tokens from {scheme.token_url}"
            )
        case "http":
            return f"the credentials of the HTTP `{scheme.scheme}` scheme"
    return "the bearer token"


def group_docstring(group: ir.TagGroup, asynchronous: bool = False) -> str:
    calls = "with `await`" if asynchronous else "synchronously"
    first = f"The operations tagged `{group.tag}`, called {calls}: `client.{group.attribute}`."
    return docstring(join_text(first, group.description))
