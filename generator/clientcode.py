"""How the generated client spells an operation: the Python types of its arguments, body and
result, the engine's descriptors, its docstring, and what its module imports.

Jinja filters (registered by `rendering.environment`), so that mypy checks them; the templates in
`templates/client/` decide the layout.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import ir
from .blackstable import fits
from .filters import annotation, codec, docstring, first_reference, join_text, python_repr

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


def param_descriptor(parameter: ir.Parameter) -> Spelled:
    """`_http.Param(...)`: how the engine serialises a parameter."""
    keywords: dict[str, str | Spelled] = {}
    if parameter.style is not None:
        keywords["style"] = python_repr(parameter.style)
    if parameter.explode is not None:
        keywords["explode"] = str(parameter.explode)
    if parameter.allow_reserved:
        keywords["allow_reserved"] = "True"
    if parameter.content_type is not None:
        keywords["content_type"] = python_repr(parameter.content_type)
    where = (python_repr(parameter.wire_name), python_repr(parameter.location))
    return call("_http.Param", *where, expression(codec(parameter.type)), **keywords)


def media_descriptor(media: ir.Media) -> Spelled:
    """`_http.Media(...)`: a content type, the codec of its values and a form's encoding."""
    arguments: list[str | Spelled] = [python_repr(media.content_type)]
    if media.type is not None:
        arguments.append(expression(codec(media.type)))
    if not media.encoding:
        return call("_http.Media", *arguments)
    parts = tuple(
        (f"{python_repr(part.property)}: ", part_encoding(part)) for part in media.encoding
    )
    return call("_http.Media", *arguments, encoding=Spelled("{", parts, "}"))


def part_encoding(part: ir.PartEncoding) -> Spelled:
    keywords: dict[str, str | Spelled] = {}
    if part.content_type is not None:
        keywords["content_type"] = python_repr(part.content_type)
    if part.style is not None:
        keywords["style"] = python_repr(part.style)
    if part.explode is not None:
        keywords["explode"] = str(part.explode)
    return call("_http.PartEncoding", **keywords)


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


# -- the API docs --------------------------------------------------------------------------------


def signature(operation: ir.Operation) -> str:
    """The method's signature in a line: `name(path_id, *, body, query=UNSET) -> Result`."""
    arguments = [p.name for p in operation.parameters if p.location == "path"]
    keywords = ["body" + ("" if operation.body.required else "=UNSET")] if operation.body else []
    if operation.body is not None and len(operation.body.media) > 1:
        keywords.append("content_type=None")
    others = [p for p in operation.parameters if p.location != "path"]
    keywords += [p.name for p in others if p.required]
    keywords += [f"{p.name}=UNSET" for p in others if not p.required]
    if keywords:
        arguments += ["*", *keywords]
    returned = return_annotation(operation).replace("_http.", "")
    return f"{operation.name}({', '.join(arguments)}) -> {returned}"


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


def authorization_markdown(operation: ir.Operation) -> str:
    """The alternatives of schemes an operation takes, each linked to the index's section."""
    if not operation.security:
        return "No authorization required"
    alternatives = [
        " and ".join(f"[{name}](README.md#{anchor(name)})" for name in alternative)
        if alternative
        else "none (the credentials are optional)"
        for alternative in operation.security
    ]
    return " or ".join(alternatives).replace("<", "&lt;").replace(">", "&gt;")


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
    lines.append(f"- **Client keyword**: `{scheme.keyword}`: {scheme_text(scheme)}.")
    return "\n".join(line.replace("<", "&lt;").replace(">", "&gt;") for line in lines)


# -- Black's layout --------------------------------------------------------------------------------
# The modules of `api/` are written as Black leaves them, so that formatting can skip them
# (`blackstable`): a call or display that does not fit on its line goes one part a line, each
# with a trailing comma (which Black then keeps so: a magic trailing comma), recursively; a
# one-item tuple is `(x,)` where it fits, as Black writes it.


@dataclass(frozen=True)
class Spelled:
    """A call or a display whose parts may go on lines of their own."""

    opening: str  # `_http.Operation(`, `(`, `{`
    parts: tuple[tuple[str, str | Spelled], ...]  # (what comes before: `name=`, `"200": `; value)
    closing: str
    one_tuple: bool = False
    text: str = field(init=False)  # on one line, worked out once: laying out asks at each level

    def __post_init__(self) -> None:
        inner = ", ".join(prefix + flat(value) for prefix, value in self.parts)
        text = self.opening + inner + ("," if self.one_tuple else "") + self.closing
        object.__setattr__(self, "text", text)


def flat(value: str | Spelled) -> str:
    return value if isinstance(value, str) else value.text


def laid_out(prefix: str, value: str | Spelled, indent: int, suffix: str) -> list[str]:
    """`prefix value suffix` at `indent`, on one line if it fits, else its parts one a line."""
    pad = " " * indent
    line = pad + prefix + flat(value) + suffix
    if isinstance(value, str) or not value.parts or fits(line):
        return [line]
    inner = [text for part, item in value.parts for text in laid_out(part, item, indent + 4, ",")]
    return [pad + prefix + value.opening, *inner, pad + value.closing + suffix]


def tuple_of(items: list[str | Spelled]) -> Spelled:
    return Spelled("(", tuple(("", item) for item in items), ")", one_tuple=len(items) == 1)


@functools.lru_cache(maxsize=1 << 14)
def expression(text: str) -> str | Spelled:
    """A codec's text as calls whose arguments may go one a line (`rt.List(rt.Enum(E))`)."""
    node = ast.parse(text, mode="eval").body
    if not isinstance(node, ast.Call) or not (node.args or node.keywords):
        return text
    parts: list[tuple[str, str | Spelled]] = [
        ("", expression(ast.get_source_segment(text, item) or "")) for item in node.args
    ]
    parts += [
        (f"{item.arg}=", expression(ast.get_source_segment(text, item.value) or ""))
        for item in node.keywords
    ]
    return Spelled(f"{ast.get_source_segment(text, node.func)}(", tuple(parts), ")")


def call(function: str, *arguments: str | Spelled, **keywords: str | Spelled) -> Spelled:
    parts = [("", argument) for argument in arguments]
    parts += [(f"{name}=", value) for name, value in keywords.items()]
    return Spelled(function + "(", tuple(parts), ")")


def operation_statement(operation: ir.Operation) -> str:
    """`NAME = _http.Operation(...)`: what the engine needs to send the request and read the
    reply, laid out as Black would leave it."""
    keywords: dict[str, str | Spelled] = {}
    if operation.parameters:
        keywords["params"] = tuple_of([param_descriptor(item) for item in operation.parameters])
    if operation.body is not None:
        media: list[str | Spelled] = [media_descriptor(item) for item in operation.body.media]
        body = [tuple_of(media)]
        keywords["body"] = call(
            "_http.Body", *body, **({"required": "True"} if operation.body.required else {})
        )
    if operation.responses:
        replies = tuple(
            (f"{python_repr(item.status)}: ", reply_descriptor(item))
            for item in operation.responses
        )
        keywords["replies"] = Spelled("{", replies, "}")
    if operation.security:
        keywords["security"] = tuple_of(
            [names_tuple(alternative) for alternative in operation.security]
        )
    keywords["name"] = python_repr(operation.label)
    statement = call(
        "_http.Operation", python_repr(operation.method), python_repr(operation.path), **keywords
    )
    return "\n".join(laid_out(f"{operation.constant} = ", statement, 0, ""))


def reply_descriptor(response: ir.Response) -> Spelled:
    keywords: dict[str, str | Spelled] = {}
    if response.error:
        keywords["error"] = "True"
    streams = [media for media in response.media if media.stream is not None]
    if streams:
        keywords["stream"] = python_repr(streams[0].stream)
        if streams[0].sse_events:
            keywords["sse_events"] = "True"
    media = tuple(
        (f"{python_repr(item.content_type)}: ", media_descriptor(item)) for item in response.media
    )
    arguments = [Spelled("{", media, "}")] if media else []
    return call("_http.Reply", *arguments, **keywords)


def argument_line(name: str, annotation_text: str, default: str = "", indent: int = 8) -> str:
    """A parameter of a method, `name: Type = default,` on its line; where that is too long, the
    type goes in parentheses on a line of its own, and a union too long for that one operand a
    line, operator first, as Black puts them."""
    tail = f" = {default}," if default else ","
    pad = " " * indent
    if fits(f"{pad}{name}: {annotation_text}{tail}"):
        return f"{name}: {annotation_text}{tail}"
    inner = [f"{pad}    {annotation_text}"]
    if not fits(inner[0]):
        operands = split_union(annotation_text)
        inner = [f"{pad}    {'| ' if index else ''}{part}" for index, part in enumerate(operands)]
    return "\n".join([f"{name}: (", *inner, f"{pad}){tail}"])


def credentials_argument(api: ir.Api) -> str:
    """`credentials=_credentials(...),` in the client's call to its base, laid out at column 12."""
    keywords: list[str | Spelled] = [scheme.keyword for scheme in api.security_schemes]
    lines = laid_out("credentials=", call("_credentials", *keywords), 12, ",")
    return "\n".join(line[12:] if index == 0 else line for index, line in enumerate(lines))


def call_arguments(operation: ir.Operation) -> list[str]:
    """The tuple of an operation's argument values in its call to the engine, one line or its
    items one a line (indented relative to the tuple's own line)."""
    values: list[str | Spelled] = [parameter.name for parameter in operation.parameters]
    return [line[16:] for line in laid_out("", tuple_of(values), 16, ",")]
