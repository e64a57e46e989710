"""An operation's parameters as its method's arguments: Python names, types, how they are sent.

Path parameters come first, in the order the path names them (the method takes them by
position), then the others in the description's order. An operation's own parameter replaces the
path item's of the same name and location; a header called Accept, Content-Type or Authorization
is left out, as OpenAPI says; a name the path fills in that no parameter describes is a string.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

from .. import ir, naming
from ..schemas import first_example, text
from .registry import Located, Registry

if TYPE_CHECKING:
    from .endpoints import Walked
    from .operations import SchemaTypes

LOCATIONS = ("path", "query", "header", "cookie", "querystring")
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
# Names an argument may not take: the method's other arguments, and what its body and the
# types it casts to name (an argument called `list` would hide the builtin from `cast`).
RESERVED_ARGUMENTS = frozenset(
    {
        *("self", "body", "timeout", "extra_headers", "content_type", "cast", "httpx", "rt"),
        *("http", "datetime", "str", "int", "float", "bool", "list", "dict", "bytes", "object"),
    }
)
STRING = ir.Scalar("str", "Str")


def parameters_of(reg: Registry, walked: Walked, types: SchemaTypes) -> tuple[ir.Parameter, ...]:
    declared = merged(walked.shared, reg.list_at(walked.operation, "parameters"))
    template = path_names(walked.path)
    by_path_name = {
        str(item.schema["name"]): item for item in declared if item.schema["in"] == "path"
    }
    ordered: list[Located | str] = [by_path_name.get(name, name) for name in template]
    ordered += [item for item in declared if item.schema["in"] == "path" and item not in ordered]
    ordered += [item for item in declared if item.schema["in"] != "path"]
    names = naming.NameRegistry(RESERVED_ARGUMENTS)
    built = []
    for item in ordered:
        if isinstance(item, str):  # a name the path fills in that no parameter describes
            name = argument_name(names, item)
            built.append(ir.Parameter(name, item, "path", STRING, required=True))
        else:
            name = argument_name(names, item.schema["name"])
            built.append(parameter_of(reg, item, types, name))
    return tuple(built)


PATH_TEMPLATE = re.compile(r"\{([^{}]+)\}")


def path_names(path: str) -> list[str]:
    """The names a path template fills in, in order: `/pets/{petId}` gives petId."""
    return list(dict.fromkeys(PATH_TEMPLATE.findall(path)))


def merged(shared: list[Located], own: list[Located]) -> list[Located]:
    """The path item's parameters with the operation's in their place, then the operation's
    others; only those with a name and a location, and not the headers OpenAPI ignores."""
    usable = [item for item in (*shared, *own) if is_parameter(item.schema)]
    overrides = {parameter_key(item): item for item in own if is_parameter(item.schema)}
    found: dict[tuple[str, str], Located] = {}
    for item in usable:
        found.setdefault(parameter_key(item), overrides.get(parameter_key(item), item))
    return list(found.values())


def parameter_key(item: Located) -> tuple[str, str]:
    return item.schema["name"], item.schema["in"]


def is_parameter(schema: Any) -> bool:
    if not isinstance(schema, dict) or not isinstance(schema.get("name"), str):
        return False
    location = schema.get("in")
    if location not in LOCATIONS:
        return False
    return not (location == "header" and schema["name"].lower() in IGNORED_HEADERS)


def argument_name(names: naming.NameRegistry, wire_name: str) -> str:
    wanted = naming.safe_identifier(
        naming.snake_case(wire_name), "param", "param_", RESERVED_ARGUMENTS
    )
    return names.claim(wanted, separator="_")


def parameter_of(reg: Registry, item: Located, types: SchemaTypes, name: str) -> ir.Parameter:
    schema = item.schema
    location = cast("ir.ParameterLocation", schema["in"])
    expr, content_type = parameter_type(reg, item, types)
    style, explode = schema.get("style"), schema.get("explode")
    example, has_example = parameter_example(item)
    return ir.Parameter(
        name=name,
        wire_name=schema["name"],
        location=location,
        type=expr,
        required=location == "path" or schema.get("required") is True,
        description=text(schema.get("description")),
        deprecated=schema.get("deprecated") is True,
        style=style if isinstance(style, str) else None,
        explode=explode if isinstance(explode, bool) else None,
        allow_reserved=schema.get("allowReserved") is True,
        content_type=content_type,
        example=example,
        has_example=has_example,
    )


def parameter_type(
    reg: Registry, item: Located, types: SchemaTypes
) -> tuple[ir.TypeExpr, str | None]:
    """The type of a parameter's schema; or of its `content`'s first media type, and that type."""
    schema = item.schema
    if isinstance(schema.get("schema"), dict):
        return types.get(item.child("schema").key, ir.AnyJson()), None
    content = reg.content_at(item)
    if content is None:
        return ir.AnyJson(), None
    for media_type in content.schema:
        media = reg.follow(content.child(media_type))
        if isinstance(media.schema, dict) and isinstance(media.schema.get("schema"), dict):
            return types.get(media.child("schema").key, ir.AnyJson()), str(media_type)
        return ir.AnyJson(), str(media_type)
    return ir.AnyJson(), None


def parameter_example(item: Located) -> tuple[Any, bool]:
    """The parameter's example (its own, else its schema's), for the docs; and whether it has one."""
    schema = item.schema
    if "example" in schema:
        return schema["example"], True
    examples = schema.get("examples")
    if isinstance(examples, dict):
        for example in examples.values():
            if isinstance(example, dict) and "value" in example:
                return example["value"], True
    found = first_example(schema.get("schema"))
    return found, found is not None
