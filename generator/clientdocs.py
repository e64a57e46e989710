"""How the API pages of the docs show an operation: its signature, types linked to their
pages, authorization, content types, and the docs index's security schemes.

Jinja filters (registered by `rendering.environment`); `templates/docs/api.md.jinja` and
`_api_index.md.jinja` decide the layout.
"""

from __future__ import annotations

import re

from . import ir
from .clientcode import (
    media_annotation,
    reply_annotation,
    return_annotation,
    scheme_text,
    successes,
)
from .filters import annotation, first_reference


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
