"""The client's operations: every operation under `paths`, grouped by its first tag.

The walk follows `operations.declare_operation_schemas`'s, whose types it reads back by where each
schema stands (`SchemaTypes`). Webhooks, callbacks and `components.pathItems` are requests that the
API sends, or path items without a path: no client calls them. Names are Python's: a method per
operation (its `operationId` in snake_case, else its method and path), an argument per parameter
that shadows nothing the method needs, a module, a class and a `Client` attribute per tag.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from .. import ir, naming
from ..schemas import text
from .media import body_of, responses_of
from .operations import HTTP_METHODS, SchemaTypes
from .parameters import parameters_of
from .registry import Located, Registry
from .security import requirements_of

DEFAULT_TAG = "default"
# What a resource class has besides its operations (the engine's resources and the wrappers).
RESOURCE_ATTRIBUTES = frozenset({"with_raw_response", "with_streaming_response", "_client"})
# What the generated Client has besides its groups (the engine's client and its options).
CLIENT_ATTRIBUTES = frozenset(
    {
        *("call", "close", "aclose", "with_options", "base_url", "credentials", "timeout"),
        *("max_retries", "retry", "headers", "http_client", "transport"),
    }
)


@dataclass(frozen=True)
class Walked:
    """An operation found under `paths`, with the parameters its path item gives it."""

    operation: Located
    method: str  # upper case
    path: str
    shared: list[Located]


def walk_operations(reg: Registry) -> Iterator[Walked]:
    """Every operation under `paths`, in the description's order (fixed methods first)."""
    data = reg.spec.data
    paths = data.get("paths") if isinstance(data, dict) else None
    if not isinstance(paths, dict):
        return
    top = Located(data, reg.spec.root, "")
    for path in paths:
        item = reg.follow(top.child("paths", path))
        if not isinstance(item.schema, dict):
            continue
        shared = reg.list_at(item, "parameters")
        for method in HTTP_METHODS:
            if isinstance(item.schema.get(method), dict):
                yield Walked(item.child(method), method.upper(), str(path), shared)
        others = item.schema.get("additionalOperations")
        for method in others if isinstance(others, dict) else ():
            operation = item.child("additionalOperations", method)
            if isinstance(operation.schema, dict):
                yield Walked(operation, str(method).upper(), str(path), shared)


def build_groups(
    reg: Registry, types: SchemaTypes, schemes: dict[str, ir.SecurityScheme]
) -> tuple[ir.TagGroup, ...]:
    """A group per tag of the operations under `paths`, sorted by class name."""
    by_tag: dict[str, list[ir.Operation]] = {}
    methods: dict[str, naming.NameRegistry] = {}
    data = reg.spec.data
    top = Located(data, reg.spec.root, "")
    for walked in walk_operations(reg):
        tag = first_tag(walked.operation.schema)
        taken = methods.setdefault(tag, naming.NameRegistry(RESOURCE_ATTRIBUTES))
        operation = build_operation(reg, walked, types, taken)
        holder = walked.operation if "security" in walked.operation.schema else top
        security = requirements_of(reg, holder.schema.get("security"), schemes, holder)
        by_tag.setdefault(tag, []).append(replace(operation, security=security))
    return name_groups(reg, by_tag)


def first_tag(operation: dict[str, Any]) -> str:
    tags = operation.get("tags")
    if isinstance(tags, list) and tags and isinstance(tags[0], str) and tags[0].strip():
        return tags[0]
    return DEFAULT_TAG


def build_operation(
    reg: Registry, walked: Walked, types: SchemaTypes, taken: naming.NameRegistry
) -> ir.Operation:
    schema = walked.operation.schema
    operation_id = schema.get("operationId")
    operation_id = operation_id if isinstance(operation_id, str) else ""
    wanted = naming.snake_case(operation_id) or naming.snake_case(f"{walked.method} {walked.path}")
    name = taken.claim(
        naming.safe_identifier(wanted, "operation", "operation_", RESOURCE_ATTRIBUTES),
        separator="_",
    )
    body = body_of(reg, walked.operation, types)
    return ir.Operation(
        name=name,
        constant=name.upper(),
        operation_id=operation_id,
        method=walked.method,
        path=walked.path,
        source=walked.operation.key,
        summary=text(schema.get("summary")),
        description=text(schema.get("description")),
        deprecated=schema.get("deprecated") is True,
        parameters=parameters_of(reg, walked, types),
        body=body,
        responses=responses_of(reg, walked.operation, types),
    )


def name_groups(reg: Registry, by_tag: dict[str, list[ir.Operation]]) -> tuple[ir.TagGroup, ...]:
    """Python names for each tag's module, classes, Client attribute and docs page.

    Class names stay clear of the package's types (a module may import any of them), and so
    the pages, which sit beside theirs in `docs/`.
    """
    classes = {name.casefold() for name in (*reg.models, *reg.enums, *reg.aliases)}
    classes |= {name.casefold() for name in (*naming.RESERVED_CLASSES, "README", "Client")}
    attributes = naming.NameRegistry(CLIENT_ATTRIBUTES)
    modules = naming.NameRegistry(naming.RESERVED_MODULES)
    descriptions = tag_descriptions(reg)
    groups = []
    for tag, operations in by_tag.items():
        class_name = free_class_name(naming.pascal_case(tag) + "Api", classes)
        snake = naming.snake_case(tag)
        groups.append(
            ir.TagGroup(
                tag=tag,
                attribute=attributes.claim(
                    naming.safe_identifier(snake, "default", "api_", CLIENT_ATTRIBUTES),
                    separator="_",
                ),
                module=modules.claim(naming.module_name(tag), separator="_"),
                class_name=class_name,
                page=class_name,
                description=descriptions.get(tag, ""),
                operations=tuple(constants_apart(operations, classes)),
            )
        )
    return tuple(sorted(groups, key=lambda group: group.class_name))


def free_class_name(wanted: str, taken: set[str]) -> str:
    """`wanted` (or `wanted2`, ...) such that it and its async twin are both free; then taken."""
    wanted = naming.class_name(wanted)
    name, counter = wanted, 2
    while name.casefold() in taken or f"async{name}".casefold() in taken:
        name, counter = f"{wanted}{counter}", counter + 1
    taken.update({name.casefold(), f"async{name}".casefold()})
    return name


def constants_apart(operations: list[ir.Operation], classes: set[str]) -> Iterator[ir.Operation]:
    """The operations, each constant renamed where it would be a class name of the module."""
    constants = naming.NameRegistry(frozenset({*classes, "TYPE_CHECKING"}))
    for operation in operations:
        constant = constants.claim(operation.constant, separator="_")
        yield operation if constant == operation.constant else replace(operation, constant=constant)


def tag_descriptions(reg: Registry) -> dict[str, str]:
    data = reg.spec.data
    tags = data.get("tags") if isinstance(data, dict) else None
    found: dict[str, str] = {}
    for tag in tags if isinstance(tags, list) else ():
        if isinstance(tag, dict) and isinstance(tag.get("name"), str):
            found.setdefault(tag["name"], text(tag.get("description")))
    return found
