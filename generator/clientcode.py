"""How the generated client spells an operation: the Python types of its arguments, body and
result, the engine's descriptors, its docstring, and what its module imports.

Jinja filters (registered by `rendering.environment`), so that mypy checks them; the templates in
`templates/client/` decide the layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import ir
from .filters import annotation, codec, docstring, first_reference, join_text, python_repr

RAW_BYTES = "bytes | IO[bytes]"  # what a binary body takes: its bytes, or a file open for reading


def argument_annotation(parameter: ir.Parameter) -> str:
    spelled = annotation(parameter.type, True)
    return spelled if parameter.required else f"{spelled} | rt.Unset"


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
    return spelled if body.required else f"{spelled} | rt.Unset"


def union(spellings: Iterable[str]) -> str:
    """Types joined with `|`, each once, in order (`Any` alone when one of them is `Any`)."""
    parts: dict[str, None] = {}
    for spelled in spellings:
        for part in split_union(spelled):
            parts.setdefault(part, None)
    return "Any" if "Any" in parts else " | ".join(parts)


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


def param_descriptor(parameter: ir.Parameter) -> str:
    """`_http.Param(...)`: how the engine serialises a parameter."""
    arguments = [python_repr(parameter.wire_name), python_repr(parameter.location)]
    arguments.append(codec(parameter.type))
    if parameter.style is not None:
        arguments.append(f"style={python_repr(parameter.style)}")
    if parameter.explode is not None:
        arguments.append(f"explode={parameter.explode}")
    if parameter.allow_reserved:
        arguments.append("allow_reserved=True")
    if parameter.content_type is not None:
        arguments.append(f"content_type={python_repr(parameter.content_type)}")
    return f"_http.Param({', '.join(arguments)})"


def media_descriptor(media: ir.Media) -> str:
    """`_http.Media(...)`: a content type, the codec of its values and a form's encoding."""
    arguments = [python_repr(media.content_type)]
    if media.type is not None:
        arguments.append(codec(media.type))
    if media.encoding:
        parts = ", ".join(
            f"{python_repr(part.property)}: {part_encoding(part)}" for part in media.encoding
        )
        arguments.append(f"encoding={{{parts}}}")
    return f"_http.Media({', '.join(arguments)})"


def part_encoding(part: ir.PartEncoding) -> str:
    arguments = []
    if part.content_type is not None:
        arguments.append(f"content_type={python_repr(part.content_type)}")
    if part.style is not None:
        arguments.append(f"style={python_repr(part.style)}")
    if part.explode is not None:
        arguments.append(f"explode={part.explode}")
    return f"_http.PartEncoding({', '.join(arguments)})"


def names_tuple(names: tuple[str, ...]) -> str:
    """A tuple of strings, as Black writes it: `("a",)`, `("a", "b")`."""
    spelled = [python_repr(name) for name in names]
    return "(" + ", ".join(spelled) + ("," if len(spelled) == 1 else "") + ")"


def content_types(body: ir.RequestBody) -> str:
    """`Literal[...]` of the body's content types, for a body that has more than one."""
    return "Literal[" + ", ".join(python_repr(media.content_type) for media in body.media) + "]"


# -- docstrings ----------------------------------------------------------------------------------


def operation_docstring(operation: ir.Operation, asynchronous: bool = False) -> str:
    """Summary and description, then Args, Returns and Raises, Google's style."""
    lines = [join_text(operation.summary, operation.description) or f"`{operation.label}`."]
    lines += ["", f"`{operation.method} {operation.path}`"]
    if operation.deprecated:
        lines += ["", "Deprecated: the API description marks this operation as deprecated."]
    arguments = [(p.name, p.description or f"`{p.wire_name}` ({p.location}).") for p in
                 operation.parameters]  # fmt: skip
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
    lines += ["", "Returns:", f"    {returns_text(operation, asynchronous)}"]
    lines += ["", "Raises:", f"    {raises_text(operation)}"]
    return docstring("\n".join(lines))


def returns_text(operation: ir.Operation, asynchronous: bool) -> str:
    described = [
        f"{response.status}: {response.description.strip().splitlines()[0]}"
        for response in successes(operation)
        if response.description.strip()
    ]
    spelled = return_annotation(operation, asynchronous)
    return f"`{spelled}`" + (f" ({'; '.join(described)})." if described else ".")


def raises_text(operation: ir.Operation) -> str:
    errors = [response.status for response in operation.responses if response.error]
    documented = f" (documented: {', '.join(errors)})" if errors else ""
    return (
        f"ApiStatusError: the subclass for the status of an error reply{documented}; "
        "ApiConnectionError when no reply comes."
    )


# -- imports -------------------------------------------------------------------------------------


TYPING_NAMES = {name: re.compile(rf"\b{name}\b") for name in ("Any", "IO", "Literal")}


@dataclass(frozen=True)
class GroupImports:
    typing: tuple[str, ...]
    runtime: tuple[tuple[str, str], ...]  # (module, name) of the enums the codecs need
    type_only: tuple[tuple[str, str], ...]  # (module, name) of the types annotations name
    datetime: bool


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
        typing=isort_order(typing),
        runtime=tuple(sorted(set(imports.runtime) | enums)),
        type_only=tuple(sorted(type_only)),
        datetime=imports.datetime,
    )


# -- the client ----------------------------------------------------------------------------------

# The engine's errors, which the generated `client` module gives its users too.
ERROR_NAMES = (
    "ApiConnectionError",
    "ApiError",
    "ApiStatusError",
    "ApiTimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MissingCredentialsError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
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
        case "oauth2" if scheme.token_url:
            return (
                f"{value} if isinstance({value}, _http.OAuth2ClientCredentials) "
                f"else _http.HttpBearer({value})"
            )
        case "bearer" | "oauth2" | "open_id_connect":
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
        lines.append(f"    {scheme.keyword}: {scheme_text(scheme)}")
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
    """What a scheme's keyword takes, in a line."""
    match scheme.kind:
        case "api_key":
            where = f"the `{scheme.parameter}` {scheme.location}"
            return f"`{scheme.name}`: the API key, sent as it is in {where}."
        case "basic":
            return f"`{scheme.name}`: (username, password) for HTTP basic authentication."
        case "oauth2" if scheme.token_url:
            return (
                f"`{scheme.name}`: an OAuth2 access token, or `OAuth2ClientCredentials` "
                f"to fetch tokens from {scheme.token_url}."
            )
        case "http":
            return f"`{scheme.name}`: the credentials of the HTTP `{scheme.scheme}` scheme."
    return f"`{scheme.name}`: the bearer token."


def group_docstring(group: ir.TagGroup, asynchronous: bool = False) -> str:
    calls = "with `await`" if asynchronous else "synchronously"
    first = f"The operations tagged `{group.tag}`, called {calls}: `client.{group.attribute}`."
    return docstring(join_text(first, group.description))


# -- the API docs --------------------------------------------------------------------------------


def signature(operation: ir.Operation) -> str:
    """The method's signature in a line: `name(path_id, *, body, query=UNSET) -> Result`."""
    arguments = [p.name for p in operation.parameters if p.location == "path"]
    keywords = ["body" + ("" if operation.body.required else "=UNSET")] if operation.body else []
    others = [p for p in operation.parameters if p.location != "path"]
    keywords += [p.name for p in others if p.required]
    keywords += [f"{p.name}=UNSET" for p in others if not p.required]
    if keywords:
        arguments += ["*", *keywords]
    return f"{operation.name}({', '.join(arguments)}) -> {return_annotation(operation)}"


def doc_type_markdown(spelled: str, expr: ir.TypeExpr | None) -> str:
    """A type in a docs table: bold, linked to the page of the first type it names."""
    target = first_reference(expr) if expr is not None else ""
    shown = f"**{spelled.replace('|', chr(92) + '|')}**"
    return f"[{shown}]({target}.md)" if target else shown


def media_doc_type(media: ir.Media) -> str:
    if media.kind in ("json", "form", "multipart") and media.type is not None:
        return doc_type_markdown(annotation(media.type), media.type)
    return doc_type_markdown(media_annotation(media), None)


def body_doc_type(body: ir.RequestBody) -> str:
    return " or ".join(dict.fromkeys(media_doc_type(media) for media in body.media))


def return_doc_type(operation: ir.Operation) -> str:
    shown: dict[str, None] = {}
    for response in successes(operation):
        for media in response.media:
            if media.stream is not None:
                item = annotation(media.type) if media.type is not None else "Any"
                shown.setdefault(doc_type_markdown(f"Stream[{item}]", media.type), None)
            elif media.kind == "json" and media.type is not None:
                shown.setdefault(doc_type_markdown(annotation(media.type), media.type), None)
            else:
                shown.setdefault(doc_type_markdown(reply_annotation(media, False), None), None)
        if not response.media:
            shown.setdefault("None (empty response body)", None)
    return " or ".join(shown) or "None (empty response body)"


def accepted_types(operation: ir.Operation) -> str:
    """The content types the replies may have (the Accept header the client sends)."""
    found = dict.fromkeys(
        media.content_type for response in operation.responses for media in response.media
    )
    return ", ".join(found)


def anchor(heading: str) -> str:
    """The id Markdown renderers (MkDocs's toc, GitHub) give a heading of this text."""
    slug = re.sub(r"[^\w\s-]", "", heading).strip().lower()
    return re.sub(r"[-\s]+", "-", slug)


SCHEME_TYPES: dict[ir.SecurityKind, str] = {
    "api_key": "API key",
    "bearer": "HTTP bearer token",
    "basic": "HTTP basic authentication",
    "http": "HTTP authentication",
    "oauth2": "OAuth2",
    "open_id_connect": "OpenID Connect (a bearer token)",
}


def scheme_markdown(scheme: ir.SecurityScheme) -> str:
    """A security scheme in the docs index, as OpenAPI Generator's READMEs list them."""
    lines = [f"- **Type**: {SCHEME_TYPES[scheme.kind]}"]
    if scheme.kind == "api_key":
        lines.append(f"- **API key parameter name**: {scheme.parameter}")
        lines.append(
            f"- **Location**: {'HTTP header' if scheme.location == 'header' else scheme.location}"
        )
    elif scheme.kind == "http":
        lines.append(f"- **Scheme**: {scheme.scheme}")
    elif scheme.kind == "oauth2" and scheme.token_url:
        lines.append(f"- **Flow**: client credentials, tokens from {scheme.token_url}")
        if scheme.scopes:
            lines.append(f"- **Scopes**: {', '.join(scheme.scopes)}")
    lines.append(f"- **Client keyword**: `{scheme.keyword}` ({scheme_text(scheme)})")
    return "\n".join(line.replace("<", "&lt;").replace(">", "&gt;") for line in lines)
