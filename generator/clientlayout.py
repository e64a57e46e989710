"""The engine's descriptors of an operation, and the client's long lines, written as Black leaves
them so that formatting can skip the modules of `api/` (`blackstable`).

A call or display that does not fit on its line goes one part a line, each with a trailing comma
(which Black then keeps so: a magic trailing comma), recursively; a one-item tuple is `(x,)`
where it fits, as Black writes it. Jinja filters, registered by `rendering.environment`.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass, field

from . import ir
from .blackstable import fits
from .clientcode import split_union
from .filters import codec, python_repr


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
