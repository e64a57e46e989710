"""Stage 1b: check the loaded description before anything builds on it.

Both checks report everything they find at once:
- every `$ref` of every document must lead somewhere; each that does not is a problem. One whose
  pointer goes through another `$ref` is followed, as other tools do, with a warning;
- the parts of the description the generator reads must have the JSON types OpenAPI gives them.
  `paths`, `components` and `components.schemas` of the wrong type are problems: nothing could be
  generated from them. Anything else of the wrong type is left out with a warning (`info`, a path
  item, an operation, a parameter, a request body, a response, a content map, a media type, and
  inside schemas a keyword: `properties: [...]`, `items: 3`, `required: "x"`, `enum: {}`, ...).

The later stages get a copy of the documents without what was left out (only the mappings and
lists on the way to it are copied); validation still sees the description as written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from .building import HTTP_METHODS, MEDIA_TYPE_SCHEMAS
from .errors import Diagnostic, GeneratorError, join_pointer
from .loading import LoadedSpec, Resolved, path_tokens

# Schema keywords that hold one schema, a mapping of schemas or a list of schemas.
ONE_SCHEMA = (
    "additionalProperties",
    "not",
    "additionalItems",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
)
SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
LISTS = ("enum", "x-enum-varnames", "x-enumNames", "x-enum-descriptions")

_DROP = object()  # a fix that removes the key instead of replacing its value


@dataclass(frozen=True)
class CheckedSpec:
    spec: LoadedSpec  # what the later stages build from: nodes of the wrong type left out
    diagnostics: tuple[Diagnostic, ...]


def check_spec(spec: LoadedSpec) -> CheckedSpec:
    """The description checked; a `GeneratorError` with every problem if there are any."""
    resolved: dict[tuple[str, str], Resolved] = {}
    problems, diagnostics = check_references(spec, resolved)
    shapes = ShapeCheck(spec, resolved, broken=bool(problems))
    shapes.document()
    problems += shapes.problems
    if problems:
        raise GeneratorError.of_all(problems)
    return CheckedSpec(shapes.fixed_spec(), tuple(diagnostics + shapes.diagnostics))


def check_references(
    spec: LoadedSpec, resolved_refs: dict[tuple[str, str], Resolved]
) -> tuple[list[GeneratorError], list[Diagnostic]]:
    """Every `$ref` that leads nowhere, and a warning for each that goes through another.

    What each `$ref` leads to is kept in `resolved_refs`, by `$ref` and document.
    """
    problems: list[GeneratorError] = []
    diagnostics: list[Diagnostic] = []
    for name in [spec.root, *sorted(set(spec.documents) - {spec.root})]:
        for ref, pointer in spec.documents[name].refs:
            try:
                resolved = resolved_refs.get((ref, name)) or spec.resolve(ref, name)
                resolved_refs[ref, name] = resolved
            except GeneratorError as error:
                problems.append(error.with_location(spec.locate(name, pointer)))
                continue
            if resolved.detours:
                followed = "; then ".join(
                    f"{detour.ref!r} at {spec.locate(detour.document, detour.pointer).describe()}"
                    for detour in resolved.detours
                )
                diagnostics.append(
                    Diagnostic(
                        spec.locate(name, pointer),
                        f"$ref {ref!r} goes through another $ref: {followed}; followed, "
                        "as other tools do",
                    )
                )
    return problems, diagnostics


def walked_path(data: Any, tokens: tuple[str, ...]) -> tuple[Any, ...]:
    """`tokens` with each array index as the int that indexes it (a resolved pointer's keys)."""
    path: list[Any] = []
    for token in tokens:
        step: Any = int(token) if isinstance(data, list) else token
        data = data[step]
        path.append(step)
    return tuple(path)


@dataclass(frozen=True)
class Node:
    """A value, the document it is in and the keys that lead to it there."""

    value: Any
    document: str
    path: tuple[Any, ...]

    @property
    def pointer(self) -> str:
        return join_pointer("", *self.path)

    def child(self, key: Any) -> Node:
        return Node(self.value[key], self.document, (*self.path, key))


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "a mapping"


def names(mapping: dict[Any, Any]) -> list[Any]:
    """The names of a mapping of names to objects, but a `$ref` that stands for the whole mapping.

    Some descriptions (and the tools that bundle them) write a `$ref` for a whole mapping of
    content, parameters or schemas; what it leads to is not read from there.
    """
    return [name for name, value in mapping.items() if name != "$ref" or not isinstance(value, str)]


def with_article(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def is_schema(value: Any) -> bool:
    return isinstance(value, dict | bool)


class ShapeCheck:
    """Walks the parts of the description the generator reads, checking each node's type."""

    def __init__(
        self, spec: LoadedSpec, resolved: dict[tuple[str, str], Resolved], *, broken: bool
    ) -> None:
        self.spec = spec
        self.resolved = resolved  # every `$ref` of the description, when none is broken
        self.broken = broken  # some `$ref`s lead nowhere: those are not followed here
        self.problems: list[GeneratorError] = []
        self.diagnostics: list[Diagnostic] = []
        self.fixes: dict[str, list[tuple[tuple[Any, ...], Any, Any]]] = {}
        self.visited: set[tuple[str, tuple[Any, ...], str]] = set()  # document, path, role
        self.paths: dict[tuple[str, str], tuple[Any, ...]] = {}  # by document and pointer

    # -- what is reported ------------------------------------------------------------------------

    def problem(self, node: Node, what: str, expected: str) -> None:
        self.problems.append(
            GeneratorError(
                f"{what} is {json_type(node.value)}, not {expected}",
                self.spec.locate(node.document, node.pointer),
            )
        )

    def leave_out(self, holder: Node, key: Any, expected: str, replacement: Any = _DROP) -> None:
        """Warn that `holder[key]` is not `expected`, and leave it out of the fixed copy.

        An item of a list is replaced by `{}` instead (any value, for a schema), so that the
        pointers of the items after it stay as the file spells them.
        """
        if replacement is _DROP and isinstance(holder.value, list):
            replacement = {}
        node = holder.child(key)
        what = "left out" if replacement is _DROP else f"read as {replacement!r}"
        self.diagnostics.append(
            Diagnostic(
                self.spec.locate(node.document, node.pointer),
                f"{json_type(node.value)} where {expected} belongs; {what}",
            )
        )
        self.fixes.setdefault(holder.document, []).append((holder.path, key, replacement))

    def expect(
        self,
        holder: Node,
        key: Any,
        kind: type | tuple[type, ...],
        expected: str,
        replacement: Any = _DROP,
    ) -> bool:
        """Whether `holder[key]` is of `kind`; left out (or replaced) with a warning if not."""
        if isinstance(holder.value[key], kind):
            return True
        self.leave_out(holder, key, expected, replacement)
        return False

    # -- the document ----------------------------------------------------------------------------

    def document(self) -> None:
        root = Node(self.spec.data, self.spec.root, ())
        data = root.value
        if "info" in data:
            self.expect(root, "info", dict, "a mapping (the Info object)")
        if "paths" in data:
            if not isinstance(data["paths"], dict):
                self.problem(root.child("paths"), "paths", "a mapping of paths to path items")
            else:
                paths = root.child("paths")
                for path in names(paths.value):
                    self.slot(paths, path, "path item", self.path_item)
        if "components" in data:
            if not isinstance(data["components"], dict):
                self.problem(root.child("components"), "components", "a mapping")
            else:
                self.components(root.child("components"))

    def components(self, components: Node) -> None:
        sections: tuple[tuple[str, str, Callable[[Node], None]], ...] = (
            ("parameters", "parameter", self.parameter),
            ("requestBodies", "request body", self.request_body),
            ("responses", "response", self.response),
        )
        for section, what, check in sections:
            if section in components.value and self.expect(
                components, section, dict, "a mapping of names to objects"
            ):
                holder = components.child(section)
                for name in names(holder.value):
                    self.slot(holder, name, what, check)
        if "schemas" not in components.value:
            return
        if not isinstance(components.value["schemas"], dict):
            self.problem(
                components.child("schemas"), "components.schemas", "a mapping of names to schemas"
            )
            return
        schemas = components.child("schemas")
        for name in names(schemas.value):
            self.schema_slot(schemas, name)

    def slot(self, holder: Node, key: Any, what: str, check: Callable[[Node], None]) -> None:
        """A mapping at `holder[key]`, or a `$ref` to one: checked by `check`.

        Anything else is read as an empty mapping: it may be the target of `$ref`s, which
        must still lead somewhere.
        """
        if not self.expect(holder, key, dict, f"a mapping ({with_article(what)})", {}):
            return
        node = self.followed(holder.child(key), what)
        if node is not None and isinstance(node.value, dict):
            check(node)

    def followed(self, node: Node, role: str) -> Node | None:
        """The node a `$ref` leads to (the node itself if none); None if already checked."""
        if isinstance(node.value, dict) and isinstance(node.value.get("$ref"), str):
            if self.broken:
                return None  # resolving could fail: the broken `$ref`s are reported instead
            resolved = self.resolve(node.value["$ref"], node.document)
            node = self.target(resolved)
        key = (node.document, node.path, role)
        if key in self.visited:
            return None
        self.visited.add(key)
        return node

    def target(self, resolved: Resolved) -> Node:
        """The node a `$ref` leads to, its path spelled as walking down to it spells it (an array
        index as an int, not as the pointer's text): met by either route, it is checked once."""
        key = (resolved.document, resolved.pointer)
        path = self.paths.get(key)
        if path is None:
            path = self.paths[key] = walked_path(
                self.spec.documents[resolved.document].data, path_tokens(resolved.pointer)
            )
        return Node(resolved.node, resolved.document, path)

    def resolve(self, ref: str, document: str) -> Resolved:
        return self.resolved.get((ref, document)) or self.spec.resolve(ref, document)

    def path_item(self, item: Node) -> None:
        if "parameters" in item.value:
            self.parameters(item)
        for method in HTTP_METHODS:
            if method in item.value:
                self.slot(item, method, "operation", self.operation)
        if "additionalOperations" in item.value and self.expect(
            item, "additionalOperations", dict, "a mapping of methods to operations"
        ):
            others = item.child("additionalOperations")
            for method in names(others.value):
                self.slot(others, method, "operation", self.operation)

    def operation(self, operation: Node) -> None:
        if "parameters" in operation.value:
            self.parameters(operation)
        if "requestBody" in operation.value:
            self.slot(operation, "requestBody", "request body", self.request_body)
        if "responses" in operation.value and self.expect(
            operation, "responses", dict, "a mapping of status codes to responses"
        ):
            responses = operation.child("responses")
            for code in names(responses.value):
                self.slot(responses, code, "response", self.response)

    def parameters(self, holder: Node) -> None:
        if self.expect(holder, "parameters", list, "a list of parameters"):
            parameters = holder.child("parameters")
            for index in range(len(parameters.value)):
                self.slot(parameters, index, "parameter", self.parameter)

    def parameter(self, parameter: Node) -> None:
        if "schema" in parameter.value:
            self.schema_slot(parameter, "schema")
        self.content(parameter)

    def request_body(self, body: Node) -> None:
        self.content(body)

    def response(self, response: Node) -> None:
        self.content(response)

    def content(self, holder: Node) -> None:
        if "content" not in holder.value:
            return
        if not self.expect(holder, "content", dict, "a mapping of media types"):
            return
        content = holder.child("content")
        for media_type in names(content.value):
            self.slot(content, media_type, "media type object", self.media_type)

    def media_type(self, media: Node) -> None:
        for keyword, _ in MEDIA_TYPE_SCHEMAS:
            if keyword in media.value:
                self.schema_slot(media, keyword)

    # -- schemas ---------------------------------------------------------------------------------

    def schema_slot(self, holder: Node, key: Any) -> None:
        """A schema at `holder[key]`; anything else is read as `{}`, a schema of any value."""
        if self.expect(holder, key, (dict, bool), "a schema", {}):
            schema = holder.child(key)
            if isinstance(schema.value, dict):
                self.schema(schema)

    def schema(self, schema: Node) -> None:
        """A schema's keywords of the wrong type are left out; its subschemas are checked too."""
        key = (schema.document, schema.path, "schema")
        if key in self.visited:
            return
        self.visited.add(key)
        ref = schema.value.get("$ref")
        if isinstance(ref, str) and not self.broken:  # the target, and the siblings here
            resolved = self.resolve(ref, schema.document)
            if isinstance(resolved.node, dict):
                self.schema(self.target(resolved))
        value = schema.value
        if "type" in value:
            kind = value["type"]
            if not (
                isinstance(kind, str)
                or (isinstance(kind, list) and all(isinstance(item, str) for item in kind))
            ):
                self.leave_out(schema, "type", "a type name or a list of them")
        self.subschemas(schema)
        for keyword in LISTS:
            if keyword in value:
                self.expect(schema, keyword, list, "a list")
        if "required" in value and self.expect(schema, "required", list, "a list of names"):
            required = value["required"]
            if not all(isinstance(name, str) for name in required):
                kept = [name for name in required if isinstance(name, str)]
                self.leave_out(schema, "required", "a list of names", kept)
        if "discriminator" in value:
            self.discriminator(schema)

    def subschemas(self, schema: Node) -> None:
        """The schemas inside a schema: one, a mapping of them or a list of them per keyword."""
        value = schema.value
        for keyword in (*ONE_SCHEMA, "items"):
            if keyword in value:
                self.schema_slot(schema, keyword)
        for keyword in SCHEMA_MAPS:
            if keyword in value and self.expect(schema, keyword, dict, "a mapping of schemas"):
                holder = schema.child(keyword)
                for name in names(holder.value):
                    self.schema_slot(holder, name)
        for keyword in SCHEMA_LISTS:
            if keyword in value and self.expect(schema, keyword, list, "a list of schemas"):
                holder = schema.child(keyword)
                for index in range(len(holder.value)):
                    self.schema_slot(holder, index)

    def discriminator(self, schema: Node) -> None:
        if not self.expect(schema, "discriminator", dict, "a mapping (a discriminator)"):
            return
        discriminator = schema.child("discriminator")
        if "propertyName" in discriminator.value:
            self.expect(discriminator, "propertyName", str, "a property name")
        if "mapping" in discriminator.value and self.expect(
            discriminator, "mapping", dict, "a mapping of values to schema $refs"
        ):
            mapping = discriminator.child("mapping")
            for value, ref in mapping.value.items():
                if self.expect(mapping, value, str, "a schema $ref") and not self.broken:
                    try:
                        self.spec.resolve(*self.spec.discriminator_ref(ref, mapping.document))
                    except GeneratorError as error:
                        where = mapping.child(value)
                        self.problems.append(
                            error.with_location(self.spec.locate(where.document, where.pointer))
                        )

    # -- the fixed copy --------------------------------------------------------------------------

    def fixed_spec(self) -> LoadedSpec:
        """The spec with every fix applied to copies of the mappings and lists on its way."""
        if not self.fixes:
            return self.spec
        documents = dict(self.spec.documents)
        for name, fixes in self.fixes.items():
            source = documents[name]
            documents[name] = replace(source, data=fixed(source.data, fixes))
        return LoadedSpec(self.spec.root, documents)


def fixed(data: Any, fixes: list[tuple[tuple[Any, ...], Any, Any]]) -> Any:
    """`data` with each fix made, deepest first (a key left out stays out)."""
    copies: dict[int, Any] = {}

    def copied(node: Any) -> Any:
        if id(node) not in copies:
            copies[id(node)] = dict(node) if isinstance(node, dict) else list(node)
        return copies[id(node)]

    root = copied(data)
    for path, key, replacement in sorted(fixes, key=lambda fix: -len(fix[0])):
        original, copy = data, root
        for token in path:
            index = int(token) if isinstance(original, list) else token
            original = original[index]
            copy[index] = copied(original)
            copy = copy[index]
        if replacement is _DROP:
            copy.pop(key, None)
        else:
            copy[key] = replacement
    return root
