"""The inline schemas of operations (bodies, responses, parameters, headers) become named types.

Operations are found in `paths`, `webhooks` (3.1), `components.pathItems` and the callbacks of
each operation, under the fixed methods or `additionalOperations` (3.2); any of them may be a
`$ref`, to this file or another, and so may a media type (3.2's `components.mediaTypes`). Each type is named after
the operation (its `operationId`, else its method and path) and where the schema stands in it.
The types are kept by where their schemas stand (`SchemaTypes`): `endpoints` reads them back
when it builds the client's operations.
"""

from __future__ import annotations

from typing import Any, TypeAlias

from .. import ir, naming
from .registry import TOP, Located, Registry
from .type_exprs import type_of

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
# A media type's schemas, with what their types' names add: 3.2's `itemSchema` is each item of a
# stream (`application/jsonl`, `text/event-stream`).
MEDIA_TYPE_SCHEMAS = (("schema", ""), ("itemSchema", "Item"))

# The type of each schema of the operations, by where the schema stands (`Located.key`).
SchemaTypes: TypeAlias = dict[str, ir.TypeExpr]


def declare_operation_schemas(reg: Registry) -> SchemaTypes:
    """Names for the inline schemas of every operation; the type of each schema met."""
    data = reg.spec.data
    types: SchemaTypes = {}
    if not isinstance(data, dict):
        return types
    top = Located(data, reg.spec.root, "")
    for section in ("paths", "webhooks"):
        if isinstance(data.get(section), dict):
            for name in data[section]:
                declare_path_item(reg, top.child(section, name), str(name), set(), types)
    components = data.get("components")
    if isinstance(components, dict) and isinstance(components.get("pathItems"), dict):
        for name in components["pathItems"]:
            item = top.child("components", "pathItems", name)
            declare_path_item(reg, item, str(name), set(), types)
    return types


def declare_path_item(
    reg: Registry, located: Located, path: str, seen: set[str], types: SchemaTypes
) -> None:
    """Every operation of a path item; `seen` holds the path items met on the way (callbacks)."""
    item = reg.follow(located)
    if not isinstance(item.schema, dict) or item.key in seen:
        return
    seen.add(item.key)
    shared = reg.list_at(item, "parameters")
    for method in HTTP_METHODS:
        if isinstance(item.schema.get(method), dict):
            declare_operation(reg, item.child(method), method, path, shared, seen, types)
    others = item.schema.get("additionalOperations")
    for method in others if isinstance(others, dict) else ():
        operation = item.child("additionalOperations", method)
        if isinstance(operation.schema, dict):
            declare_operation(reg, operation, str(method).lower(), path, shared, seen, types)


def declare_operation(
    reg: Registry,
    operation: Located,
    method: str,
    path: str,
    shared: list[Located],
    seen: set[str],
    types: SchemaTypes,
) -> None:
    name = operation_name(operation.schema, method, path)
    for parameter in [*shared, *reg.list_at(operation, "parameters")]:
        if isinstance(parameter.schema, dict):
            declare_parameter(reg, parameter, name + parameter_name(parameter.schema), types)
    if "requestBody" in operation.schema:
        body = reg.follow(operation.child("requestBody"))
        declare_content(reg, body, name + "Request", types)
    responses = operation.schema.get("responses")
    for code in responses if isinstance(responses, dict) else ():
        response = reg.follow(operation.child("responses", code))
        hint = f"{name}Response{naming.pascal_case(str(code))}"
        declare_content(reg, response, hint, types)
        declare_headers(reg, response, hint, types)
    callbacks = operation.schema.get("callbacks")
    for callback_name in callbacks if isinstance(callbacks, dict) else ():
        callback = reg.follow(operation.child("callbacks", callback_name))
        if isinstance(callback.schema, dict):
            for expression in callback.schema:
                where = callback.child(expression)
                declare_path_item(reg, where, str(callback_name), seen, types)


def declare_parameter(reg: Registry, parameter: Located, hint: str, types: SchemaTypes) -> None:
    """A parameter's or header's schema, or the schemas of its `content`."""
    if isinstance(parameter.schema.get("schema"), dict):
        schema = parameter.child("schema")
        types[schema.key] = type_of(reg, schema, hint, TOP)
    declare_content(reg, parameter, hint, types)


def declare_headers(reg: Registry, response: Located, hint: str, types: SchemaTypes) -> None:
    headers = response.schema.get("headers") if isinstance(response.schema, dict) else None
    for name in headers if isinstance(headers, dict) else ():
        header = reg.follow(response.child("headers", name))
        if isinstance(header.schema, dict):
            declare_parameter(reg, header, hint + naming.pascal_case(str(name)), types)


def declare_content(reg: Registry, holder: Located, hint: str, types: SchemaTypes) -> None:
    content = reg.content_at(holder)
    if content is None:
        return
    for media_type in content.schema:
        media = reg.follow(content.child(media_type))
        if not isinstance(media.schema, dict):
            continue
        for keyword, role in MEDIA_TYPE_SCHEMAS:
            if isinstance(media.schema.get(keyword), dict):
                schema = media.child(keyword)
                types[schema.key] = type_of(reg, schema, hint + role, TOP)


def operation_name(operation: dict[str, Any], method: str, path: str) -> str:
    """`getPet` gives GetPet; without an operationId, `post /pets/{id}` gives PostPetsId."""
    operation_id = operation.get("operationId")
    if isinstance(operation_id, str) and naming.pascal_case(operation_id):
        return naming.pascal_case(operation_id)
    return naming.pascal_case(f"{method} {path}")


def parameter_name(parameter: dict[str, Any]) -> str:
    return naming.pascal_case(str(parameter.get("name", "")))
