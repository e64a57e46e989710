"""The inline schemas of operations (bodies, responses, parameters, headers) become named types.

Operations are found in `paths`, `webhooks` (3.1), `components.pathItems` and the callbacks of
each operation, under the fixed methods or `additionalOperations` (3.2); any of them may be a
`$ref`, to this file or another, and so may a media type (3.2's `components.mediaTypes`), a
list of parameters and a whole mapping of responses, media types or headers (`checking` warns
of those where OpenAPI allows none). Each type is named after the operation (its
`operationId`, else its method and path) and where the schema stands in it.
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
    items = [*reg.entries_of(top, "paths"), *reg.entries_of(top, "webhooks")]
    components = reg.entries(top, "components")
    if components is not None:
        items += reg.entries_of(components, "pathItems")
    for name, item in items:
        declare_path_item(reg, item, name, set(), types)
    return types


def declare_path_item(
    reg: Registry, located: Located, path: str, seen: set[str], types: SchemaTypes
) -> None:
    """Every operation of a path item; `seen` holds the path items met on the way (callbacks).

    An operation may be a `$ref`, where OpenAPI allows none (`checking` warned of it)."""
    item = reg.follow(located)
    if not isinstance(item.schema, dict) or item.key in seen:
        return
    seen.add(item.key)
    shared = reg.list_at(item, "parameters")
    written = [(method, item.child(method)) for method in HTTP_METHODS if method in item.schema]
    written += [
        (method.lower(), operation)
        for method, operation in reg.entries_of(item, "additionalOperations")
    ]
    for method, located_operation in written:
        operation = reg.follow(located_operation)
        if isinstance(operation.schema, dict):
            declare_operation(reg, operation, method, path, shared, seen, types)


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
    for code, written in reg.entries_of(operation, "responses"):
        response = reg.follow(written)
        hint = f"{name}Response{naming.pascal_case(code)}"
        declare_content(reg, response, hint, types)
        declare_headers(reg, response, hint, types)
    for callback_name, written in reg.entries_of(operation, "callbacks"):
        callback = reg.follow(written)
        if isinstance(callback.schema, dict):
            for expression in callback.schema:
                where = callback.child(expression)
                declare_path_item(reg, where, callback_name, seen, types)


def declare_parameter(reg: Registry, parameter: Located, hint: str, types: SchemaTypes) -> None:
    """A parameter's or header's schema, or the schemas of its `content`."""
    if isinstance(parameter.schema.get("schema"), dict):
        schema = parameter.child("schema")
        types[schema.key] = type_of(reg, schema, hint, TOP)
    declare_content(reg, parameter, hint, types)


def declare_headers(reg: Registry, response: Located, hint: str, types: SchemaTypes) -> None:
    for name, written in reg.entries_of(response, "headers"):
        header = reg.follow(written)
        if isinstance(header.schema, dict):
            declare_parameter(reg, header, hint + naming.pascal_case(name), types)


def declare_content(reg: Registry, holder: Located, hint: str, types: SchemaTypes) -> None:
    for _, written in reg.entries_of(holder, "content"):
        media = reg.follow(written)
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
