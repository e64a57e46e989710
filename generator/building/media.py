"""Request bodies and responses: each media type, how its value is carried, and its type.

JSON (`application/json`, `*+json`) is decoded into the schema's type; so are the items of a
stream (`text/event-stream`, JSON lines), typed by 3.2's `itemSchema` or else the schema given.
A form or multipart body is its schema's model. Text (`text/*`, XML) is a `str` and anything
else raw bytes, whatever its schema says; `*/*` is bytes when its schema is a binary string and
JSON otherwise.
"""

from __future__ import annotations

from typing import Any

from .. import ir
from ..schemas import first_example, text
from .operations import SchemaTypes
from .registry import Located, Registry

JSON_LINES = frozenset(
    {
        "application/jsonl",
        "application/x-jsonlines",
        "application/jsonlines",
        "application/x-ndjson",
        "application/ndjson",
        "application/json-seq",
    }
)
TEXT_TYPES = frozenset({"application/xml", "application/javascript", "application/yaml"})
ANY_TYPES = frozenset({"*/*", "application/*"})


def body_of(reg: Registry, operation: Located, types: SchemaTypes) -> ir.RequestBody | None:
    """The operation's request body; None when it has none, or one without content."""
    if "requestBody" not in operation.schema:
        return None
    body = reg.follow(operation.child("requestBody"))
    content = reg.content_at(body)
    if content is None or not content.schema:
        return None
    return ir.RequestBody(
        media=tuple(media_of(reg, content, str(name), types) for name in content.schema),
        required=body.schema.get("required") is True,
        description=text(body.schema.get("description")),
    )


def responses_of(reg: Registry, operation: Located, types: SchemaTypes) -> tuple[ir.Response, ...]:
    """Every documented response; `default` is an error when a success is documented too."""
    responses = operation.schema.get("responses")
    if not isinstance(responses, dict):
        return ()
    succeeds = any(is_success(str(code)) for code in responses)
    found = []
    for code in responses:
        response = reg.follow(operation.child("responses", code))
        if not isinstance(response.schema, dict):
            continue
        content = reg.content_at(response)
        media_types = list(content.schema) if content is not None else []
        status = str(code)
        found.append(
            ir.Response(
                status=status,
                description=text(response.schema.get("description")),
                media=tuple(
                    media_of(reg, content, str(media_type), types)
                    for media_type in media_types
                    if content is not None
                ),
                headers=headers_of(reg, response),
                error=status[:1] in ("4", "5") or (status == "default" and succeeds),
            )
        )
    return tuple(found)


def is_success(status: str) -> bool:
    """1xx, 2xx and 3xx codes and ranges."""
    return status[:1] in ("1", "2", "3")


def headers_of(reg: Registry, response: Located) -> tuple[ir.ResponseHeader, ...]:
    headers = response.schema.get("headers")
    found = []
    for name in headers if isinstance(headers, dict) else ():
        header = reg.follow(response.child("headers", name))
        description = header.schema.get("description") if isinstance(header.schema, dict) else ""
        found.append(ir.ResponseHeader(str(name), text(description)))
    return tuple(found)


def media_of(reg: Registry, content: Located, media_type: str, types: SchemaTypes) -> ir.Media:
    """One media type of a body's or response's `content` map."""
    media = reg.follow(content.child(media_type))
    spec = media.schema if isinstance(media.schema, dict) else {}
    base = media_type.split(";", 1)[0].strip().lower()
    stream = stream_kind(base)
    order = ("itemSchema", "schema") if stream else ("schema", "itemSchema")
    keyword = next((key for key in order if isinstance(spec.get(key), dict)), None)
    schema = media.child(keyword) if keyword is not None else None
    kind = media_kind(base, reg.follow(schema).schema if schema is not None else None)
    expr: ir.TypeExpr | None = None
    if kind in ("json", "form", "multipart"):
        expr = types.get(schema.key, ir.AnyJson()) if schema is not None else ir.AnyJson()
    example, has_example = media_example(reg, media, spec)
    return ir.Media(
        content_type=media_type,
        kind=kind,
        type=expr,
        stream=stream,
        sse_events=stream == "sse" and keyword == "itemSchema",
        encoding=encoding_of(spec.get("encoding")) if kind in ("form", "multipart") else (),
        example=example,
        has_example=has_example,
    )


def stream_kind(base: str) -> Any:
    if base == "text/event-stream":
        return "sse"
    return "jsonl" if base in JSON_LINES else None


def media_kind(base: str, schema: Any) -> ir.MediaKind:
    """How a value of this media type (lower case, no parameters) is carried."""
    if base == "text/event-stream" or base in JSON_LINES:
        return "json"
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base.startswith("multipart/"):
        return "multipart"
    if base.endswith(("/json", "+json")):
        return "json"
    if base.startswith("text/") or base in TEXT_TYPES or base.endswith("+xml"):
        return "text"
    if base in ANY_TYPES and isinstance(schema, dict) and not is_binary_string(schema):
        return "json"
    return "binary"


def is_binary_string(schema: dict[str, Any]) -> bool:
    return schema.get("format") == "binary" or (
        schema.get("type") == "string" and "contentMediaType" in schema
    )


def encoding_of(encoding: Any) -> tuple[ir.PartEncoding, ...]:
    """A form's or multipart body's `encoding`, per property."""
    found = []
    for name, spec in encoding.items() if isinstance(encoding, dict) else ():
        if not isinstance(spec, dict):
            continue
        content_type, style, explode = (
            spec.get(key) for key in ("contentType", "style", "explode")
        )
        found.append(
            ir.PartEncoding(
                property=str(name),
                content_type=content_type if isinstance(content_type, str) else None,
                style=style if isinstance(style, str) else None,
                explode=explode if isinstance(explode, bool) else None,
            )
        )
    return tuple(found)


def media_example(reg: Registry, media: Located, spec: dict[str, Any]) -> tuple[Any, bool]:
    """The media type's example (its own, else its schema's); and whether it has one."""
    if "example" in spec:
        return spec["example"], True
    examples = spec.get("examples")
    for name in examples if isinstance(examples, dict) else ():
        example = reg.follow(media.child("examples", name)).schema
        if isinstance(example, dict) and "value" in example:
            return example["value"], True
    if isinstance(spec.get("schema"), dict):
        found = first_example(reg.follow(media.child("schema")).schema)
        return found, found is not None
    return None, False
