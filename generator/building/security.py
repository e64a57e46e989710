"""Security schemes, the requirements of each operation, and the servers.

Each scheme of `components.securitySchemes` becomes a keyword argument of the generated Client,
except mutual TLS, which the HTTP client's own configuration provides (an alternative that needs
it needs nothing more of the client). A requirement that names a scheme the description does
not define can never be met: it is left out, with a warning.
"""

from __future__ import annotations

import re
from typing import Any

from .. import ir, naming
from ..errors import Diagnostic, join_pointer
from ..schemas import text
from .registry import Located, Registry

# The keyword arguments of the engine's client: a scheme may not take one as its keyword.
CLIENT_KEYWORDS = frozenset(
    {
        *("self", "base_url", "credentials", "timeout", "max_retries", "retry", "headers"),
        *("http_client", "transport"),
    }
)


def build_schemes(reg: Registry) -> dict[str, ir.SecurityScheme]:
    """The description's security schemes, by name, in its order (mutual TLS left out)."""
    holder = scheme_map(reg)
    if holder is None:
        return {}
    keywords = naming.NameRegistry(CLIENT_KEYWORDS)
    found: dict[str, ir.SecurityScheme] = {}
    for name in holder.schema:
        spec = reg.follow(holder.child(name)).schema
        if not isinstance(spec, dict) or spec.get("type") == "mutualTLS":
            continue
        wanted = naming.safe_identifier(
            naming.snake_case(str(name)), "credential", "credential_", CLIENT_KEYWORDS
        )
        keyword = keywords.claim(wanted, separator="_")
        found[str(name)] = scheme_of(str(name), keyword, spec)
    return found


def scheme_map(reg: Registry) -> Located | None:
    """`components.securitySchemes`, which may be a `$ref` to another file (SendGrid's is)."""
    data = reg.spec.data
    if not isinstance(data, dict) or not isinstance(data.get("components"), dict):
        return None
    components = reg.follow(Located(data, reg.spec.root, "").child("components"))
    if not isinstance(components.schema, dict) or "securitySchemes" not in components.schema:
        return None
    holder = reg.follow(components.child("securitySchemes"))
    return holder if isinstance(holder.schema, dict) else None


def scheme_of(name: str, keyword: str, spec: dict[str, Any]) -> ir.SecurityScheme:
    kind = spec.get("type")
    description = text(spec.get("description"))
    if kind == "apiKey":
        location = spec.get("in")
        return ir.SecurityScheme(
            name,
            keyword,
            "api_key",
            description,
            text(spec.get("name")),
            location if location == "query" or location == "cookie" else "header",
        )
    if kind == "http":
        scheme = text(spec.get("scheme"))
        kinds: dict[str, ir.SecurityKind] = {"bearer": "bearer", "basic": "basic"}
        return ir.SecurityScheme(
            name, keyword, kinds.get(scheme.lower(), "http"), description, scheme=scheme
        )
    if kind == "oauth2":
        token_url, scopes = client_credentials(spec.get("flows"))
        return ir.SecurityScheme(
            name, keyword, "oauth2", description, token_url=token_url, scopes=scopes
        )
    return ir.SecurityScheme(name, keyword, "open_id_connect", description)


def client_credentials(flows: Any) -> tuple[str, tuple[str, ...]]:
    """The token URL and scopes of an OAuth2 scheme's client credentials flow ("" if none)."""
    flow = flows.get("clientCredentials") if isinstance(flows, dict) else None
    if not isinstance(flow, dict):
        return "", ()
    scopes = flow.get("scopes")
    return text(flow.get("tokenUrl")), tuple(
        str(scope) for scope in (scopes if isinstance(scopes, dict) else ())
    )


def requirements_of(
    reg: Registry, security: Any, schemes: dict[str, ir.SecurityScheme], where: Located
) -> tuple[tuple[str, ...], ...]:
    """An operation's security: its own (`security`), else the description's default."""
    if not isinstance(security, list):
        return ()
    alternatives: list[tuple[str, ...]] = []
    for index, requirement in enumerate(security):
        if not isinstance(requirement, dict):
            continue
        unknown = [str(name) for name in requirement if not defined(reg, str(name))]
        if unknown:
            pointer = join_pointer(where.pointer, "security", index)
            finding = Diagnostic(
                reg.spec.locate(where.document, pointer),
                f"no security scheme {', '.join(map(repr, unknown))} is defined: the client "
                "leaves this alternative out",
            )
            if finding not in reg.diagnostics:  # the description's default: one finding
                reg.diagnostics.append(finding)
            continue
        alternative = tuple(str(name) for name in requirement if str(name) in schemes)
        if alternative not in alternatives:
            alternatives.append(alternative)
    return tuple(alternatives)


def defined(reg: Registry, name: str) -> bool:
    holder = scheme_map(reg)
    return holder is not None and name in holder.schema


VARIABLE = re.compile(r"\{([^{}]*)\}")


def build_servers(reg: Registry) -> tuple[ir.Server, ...]:
    """The description's servers, each URL with its variables' defaults filled in."""
    data = reg.spec.data
    servers = data.get("servers") if isinstance(data, dict) else None
    found = []
    for server in servers if isinstance(servers, list) else ():
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        variables = tuple(server_variables(server.get("variables")))
        resolved = with_defaults(server["url"], variables)
        found.append(ir.Server(server["url"], resolved, text(server.get("description")), variables))
    return tuple(found)


def with_defaults(url: str, variables: tuple[ir.ServerVariable, ...]) -> str:
    """The URL with each `{variable}` replaced by its default (unknown ones left as they are)."""
    defaults = {variable.name: variable.default for variable in variables}
    return VARIABLE.sub(lambda match: defaults.get(match.group(1), match.group(0)), url)


def server_variables(variables: Any) -> list[ir.ServerVariable]:
    found = []
    for name, spec in variables.items() if isinstance(variables, dict) else ():
        if not isinstance(spec, dict):
            continue
        enum = spec.get("enum")
        found.append(
            ir.ServerVariable(
                name=str(name),
                default=str(spec.get("default", "")),
                enum=tuple(str(value) for value in enum) if isinstance(enum, list) else (),
                description=text(spec.get("description")),
            )
        )
    return found
