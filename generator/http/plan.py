"""An operation compiled once for its calls: the path template split, each parameter's writer,
the fixed headers, the body's media by type and the reply table.

`Operation.plan` compiles on the first call; a call then runs `Plan.render`, which only walks
the tuples made here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

from ..runtime import UNSET, Bool, Codec, Enum, Int, List, Str
from .bodies import wire_value
from .operation import Media, Operation, Param
from .params import (
    Encoder,
    as_list,
    content_text,
    cookie_pairs,
    encode_reserved,
    encode_text,
    form_pairs,
    header_text,
    is_json_type,
    media_type,
    path_text,
)
from .replies import ReplyTable

__all__ = ["Plan", "compile_plan"]

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
_STYLES = {
    "path": ("simple", "label", "matrix"),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form", "cookie"),
}
# Codecs whose Python value of this exact type is already its wire value.
_PLAIN: dict[type[Codec], type] = {Str: str, Int: int, Bool: bool}

PathWriter = Callable[[Any], str]
PairsWriter = Callable[[Any, list[str]], None]


class Plan:
    """What does not vary between calls of one operation."""

    __slots__ = (
        "accept",
        "body",
        "cookies",
        "default_media",
        "headers",
        "idempotent",
        "json_body",
        "media",
        "method",
        "name",
        "path",
        "path_pieces",
        "path_slots",
        "query",
        "querystring",
        "replies",
        "security",
        "size",
        "static_headers",
        "streams",
    )

    def __init__(self, operation: Operation) -> None:
        self.name = operation.name or f"{operation.method.upper()} {operation.path}"
        self.method = operation.method.upper()
        self.idempotent = self.method in _IDEMPOTENT
        self.size = len(operation.params)
        self.security = operation.security
        self.replies = ReplyTable(operation.replies)
        self.streams = any(reply.stream for reply in operation.replies.values())
        self.accept = self.replies.accept()
        self.static_headers = {"Accept": self.accept} if self.accept else {}
        self.body = operation.body
        self.media: dict[str, Media] = {}
        self.default_media: Media | None = None
        self.json_body: Media | None = None  # the default media, when it is JSON
        if operation.body is not None and operation.body.media:
            self.default_media = operation.body.media[0]
            if is_json_type(self.default_media.content_type):
                self.json_body = self.default_media
            for media in operation.body.media:
                self.media.setdefault(media_type(media.content_type), media)
        self.path = operation.path
        self.path_pieces: list[str] = []
        self.path_slots: tuple[tuple[int, int, PathWriter], ...] = ()
        self.query: tuple[tuple[int, PairsWriter], ...] = ()
        self.querystring: tuple[int, Callable[[Any], str]] | None = None
        self.headers: tuple[tuple[int, str, Callable[[Any], str]], ...] = ()
        self.cookies: tuple[tuple[int, PairsWriter], ...] = ()

    def render(
        self, args: tuple[object, ...]
    ) -> tuple[str, list[str], dict[str, str], list[str]]:
        """The path, the query pairs, the headers and the cookie pairs of one call."""
        if len(args) != self.size:
            raise TypeError(
                f"{self.name} takes {self.size} parameter values, {len(args)} given"
            )
        path = self._path(args) if self.path_slots else self.path
        query: list[str] = []
        for index, add in self.query:
            value = args[index]
            if value is not UNSET:
                add(value, query)
        if self.querystring is not None:
            index, whole = self.querystring
            if args[index] is not UNSET:
                query.append(whole(args[index]))
        headers = self.static_headers.copy()
        for index, name, write in self.headers:
            value = args[index]
            if value is not UNSET:
                headers[name] = write(value)
        cookies: list[str] = []
        for index, add in self.cookies:
            value = args[index]
            if value is not UNSET:
                add(value, cookies)
        return path, query, headers, cookies

    def _path(self, args: tuple[object, ...]) -> str:
        pieces = self.path_pieces.copy()
        for piece, index, write in self.path_slots:
            value = args[index]
            if value is UNSET:
                raise TypeError(f"{self.name}: a path parameter is not given")
            pieces[piece] = write(value)
        return "".join(pieces)

    def media_for(self, content_type: str | None) -> tuple[Media, str]:
        """The body's media for the caller's `content_type` (None: the first documented)."""
        if content_type is None:
            if self.default_media is None:
                raise TypeError(f"{self.name} takes no request body")
            return self.default_media, self.default_media.content_type
        mime = media_type(content_type)
        found = self.media.get(mime)
        if found is None:
            found = self.media.get(mime.partition("/")[0] + "/*", self.media.get("*/*"))
        if found is None:
            documented = ", ".join(self.media) or "none"
            raise ValueError(
                f"{self.name} does not take a {content_type} body (documented: {documented})"
            )
        return found, content_type


def compile_plan(operation: Operation) -> Plan:
    """The plan of `operation`; a descriptor that cannot work raises ValueError here."""
    plan = Plan(operation)
    path_params: dict[str, tuple[int, Param]] = {}
    query: list[tuple[int, PairsWriter]] = []
    headers: list[tuple[int, str, Callable[[Any], str]]] = []
    cookies: list[tuple[int, PairsWriter]] = []
    for index, param in enumerate(operation.params):
        _check_style(plan.name, param)
        if param.location == "path":
            path_params[param.wire_name] = (index, param)
        elif param.location == "query":
            query.append((index, _query_writer(param)))
        elif param.location == "querystring":
            plan.querystring = (index, _querystring_writer(param))
        elif param.location == "header":
            headers.append((index, param.wire_name, _header_writer(param)))
        elif param.location == "cookie":
            cookies.append((index, _cookie_writer(param)))
        else:
            raise ValueError(
                f"{plan.name}: {param.location!r} is not a parameter location"
            )
    plan.path_pieces, plan.path_slots = _split_path(
        plan.name, _without_fragment(operation.path), path_params
    )
    plan.path = _without_fragment(operation.path)
    plan.query, plan.headers, plan.cookies = (
        tuple(query),
        tuple(headers),
        tuple(cookies),
    )
    return plan


def _check_style(name: str, param: Param) -> None:
    if param.style is None or param.content_type is not None:
        return
    allowed = _STYLES.get(param.location, ())
    if param.style not in allowed:
        raise ValueError(
            f"{name}: the {param.location} parameter {param.wire_name!r} cannot have"
            f" style {param.style!r} (allowed: {', '.join(allowed) or 'none'})"
        )


def _without_fragment(path: str) -> str:
    """The path without a `#fragment`, which some descriptions add to tell apart operations
    on one URL (Box's `/files/{file_id}#get_shared_link`): no request carries it, and left in
    it would make the query that follows part of the fragment.
    """
    return path.partition("#")[0]


def _split_path(
    name: str, path: str, params: dict[str, tuple[int, Param]]
) -> tuple[list[str], tuple[tuple[int, int, PathWriter], ...]]:
    pieces: list[str] = []
    slots: list[tuple[int, int, PathWriter]] = []
    end = 0
    placed: set[str] = set()
    for match in _PLACEHOLDER.finditer(path):
        pieces.append(path[end : match.start()])
        found = params.get(match.group(1))
        if found is None:
            raise ValueError(f"{name}: no path parameter is named {match.group(1)!r}")
        placed.add(match.group(1))  # a name the path has twice is written twice
        slots.append((len(pieces), found[0], _path_writer(found[1])))
        pieces.append("")
        end = match.end()
    pieces.append(path[end:])
    unplaced = [param for param in params if param not in placed]
    if unplaced:
        raise ValueError(f"{name}: the path has no place for {', '.join(unplaced)}")
    return pieces, tuple(slots)


def _wire(param: Param) -> Callable[[Any], Any]:
    """The parameter's value as JSON-like data (validated when given as wire data).

    A string for a `Str`, an integer for an `Int`, ... and a list of them for a `List` of
    them are their own wire data: taken as they are.
    """
    codec = param.codec
    plain = _PLAIN.get(type(codec))
    items_codec = _items_codec(codec)
    plain_items = None if items_codec is None else _PLAIN.get(type(items_codec))
    path = param.wire_name

    def wire(value: object) -> Any:
        kind = type(value)
        if kind is plain:
            return value
        if kind is list and plain_items is not None:
            for item in cast("list[object]", value):
                if type(item) is not plain_items:
                    break
            else:
                return value
        return wire_value(codec, value, path)

    return wire


def _items_codec(codec: Codec) -> Codec | None:
    """The codec of a `List`'s items (None for other codecs)."""
    item = getattr(codec, "item", None) if type(codec) is List else None
    return item if isinstance(item, Codec) else None


def _style(param: Param, default: str) -> tuple[str, bool]:
    style = param.style or default
    explode = (
        param.explode if param.explode is not None else style in ("form", "cookie")
    )
    return style, explode


def _encoder(param: Param) -> Encoder:
    return encode_reserved if param.allow_reserved else encode_text


def _path_writer(param: Param) -> PathWriter:
    wire, encode, name = _wire(param), _encoder(param), param.wire_name
    content_type = param.content_type
    if content_type is not None:
        return lambda value: encode(content_text(content_type, wire(value)))
    style, explode = _style(param, "simple")

    def write(value: Any) -> str:
        value = wire(value)
        if type(value) is str and style == "simple":
            return encode(value)
        return path_text(name, value, style, explode, encode)

    return write


def _query_writer(param: Param) -> PairsWriter:
    wire, encode = _wire(param), _encoder(param)
    key = encode_text(param.wire_name)
    content_type = param.content_type
    if content_type is not None:

        def add_content(value: Any, out: list[str]) -> None:
            out.append(f"{key}={encode(content_text(content_type, wire(value)))}")

        return add_content
    style, explode = _style(param, "form")
    items = _items_codec(param.codec)
    if style == "form" and _written_as_text(items):
        listed = _listed(items) if isinstance(items, Enum) else None
        return _strings_writer(key, wire, explode, encode, listed)

    def add(value: object, out: list[str]) -> None:
        wired: object = wire(value)
        kind = type(wired)
        if kind is str:  # every style writes a lone string or number as `key=value`
            out.append(f"{key}={encode(cast(str, wired))}")
        elif kind is int:
            out.append(f"{key}={wired}")
        else:
            form_pairs(key, wired, style, explode, out, encode)

    return add


def _written_as_text(items: Codec | None) -> bool:
    """Whether an array's items are strings on the wire: `Str`, or an enum of strings."""
    if type(items) is Enum:
        return all(type(member.value) is str for member in items.enum_type)
    return type(items) is Str


def _listed(items: Enum) -> dict[object, str]:
    """An enum's members, by member, and their wire text."""
    return {member: cast(str, member.value) for member in items.enum_type}


def _strings_writer(
    key: str,
    wire: Callable[[Any], Any],
    explode: bool,
    encode: Encoder,
    listed: dict[object, str] | None,
) -> PairsWriter:
    """A `form` array of strings or of an enum's members (the common query array), written
    straight; anything else goes through the parameter's codec first.
    """

    def add(value: object, out: list[str]) -> None:
        array = as_list(value)
        given: object = wire(value) if array is None else array
        strings = _texts(given, listed)
        if strings is None:  # values to check: their wire values
            wired: object = wire(given)
            strings = _texts(wired, None)
            if strings is None:
                form_pairs(key, wired, "form", explode, out, encode)
                return
        if not strings:
            out.append(key + "=")
        elif explode:
            out.extend([f"{key}={encode(item)}" for item in strings])
        else:
            out.append(f"{key}=" + ",".join([encode(item) for item in strings]))

    return add


def _texts(value: object, listed: dict[object, str] | None) -> list[str] | None:
    """The wire text of a list of strings or, with `listed` (an enum's members and values,
    keyed by member), of the enum's members and values; None if any item is something else
    (for an enum, a value it does not list: its codec says whether an open enum takes it).
    """
    array = as_list(value)
    if array is None:
        return None
    if listed is None:
        strings = all(type(item) is str for item in array)
        return cast("list[str]", array) if strings else None
    texts: list[str] = []
    for item in array:
        try:
            text = listed.get(item)  # a member, or a string equal to one (a `str` enum)
        except TypeError:  # unhashable
            return None
        if text is None:
            return None
        texts.append(text)
    return texts


def _querystring_writer(param: Param) -> Callable[[Any], str]:
    """OpenAPI 3.2's `in: querystring`: the whole query string, from its media type."""
    wire = _wire(param)
    content_type = param.content_type or "application/x-www-form-urlencoded"
    if media_type(content_type) == "application/x-www-form-urlencoded":

        def whole_form(value: Any) -> str:
            pairs: list[str] = []
            for key, item in wire(value).items():
                form_pairs(encode_text(key), item, "form", True, pairs)
            return "&".join(pairs)

        return whole_form
    return lambda value: encode_text(content_text(content_type, wire(value)))


def _header_writer(param: Param) -> Callable[[Any], str]:
    wire, name = _wire(param), param.wire_name
    content_type = param.content_type
    if content_type is not None:
        return lambda value: header_text(content_text(content_type, wire(value)))
    _, explode = _style(param, "simple")
    return lambda value: header_text(
        path_text(name, wire(value), "simple", explode, _kept)
    )


def _kept(value: str) -> str:
    return value


def _cookie_writer(param: Param) -> PairsWriter:
    wire, name = _wire(param), param.wire_name
    content_type = param.content_type
    if content_type is not None:
        key = encode_text(name)

        def add_content(value: Any, out: list[str]) -> None:
            out.append(f"{key}={encode_text(content_text(content_type, wire(value)))}")

        return add_content
    style, explode = _style(param, "form")
    return lambda value, out: cookie_pairs(name, wire(value), style, explode, out)
