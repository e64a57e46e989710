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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .building import HTTP_METHODS, MEDIA_TYPE_SCHEMAS
from .errors import Diagnostic, GeneratorError, Location, join_pointer
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
    # Where a `$ref` stands that OpenAPI allows none for (file, pointer of what holds it): the
    # validator's findings there say the same once more (`without_restated`).
    refs_not_allowed: frozenset[tuple[str, str]] = frozenset()

    def without_restated(self, findings: Sequence[Diagnostic]) -> list[Diagnostic]:
        """The validator's `findings` but those at a place warned of as a `$ref` where OpenAPI
        allows none: an operation that is a `$ref` lacks `responses` and has an unexpected
        `$ref` key, which the warning says already (one warning a place, not three)."""
        return [
            finding
            for finding in findings
            if (finding.location.file, finding.location.pointer) not in self.refs_not_allowed
        ]


Broken = dict[tuple[str, str], GeneratorError]  # by document and pointer of the reference


def check_spec(spec: LoadedSpec, selected: Sequence[str] = ()) -> CheckedSpec:
    """The description checked; a `GeneratorError` with every problem if there are any.

    `selected` are the component schemas generated (`--schema`), all of them and every
    operation if none: a broken `$ref` only they reach is a problem, any other a warning.
    """
    resolved: dict[tuple[str, str], Resolved] = {}
    broken, diagnostics = check_references(spec, resolved)
    shapes = ShapeCheck(spec, resolved, broken)
    shapes.document(selected)
    problems = [error for key, error in broken.items() if key in shapes.reached]
    problems += [error for key, error in shapes.reached.items() if key not in broken]
    problems += shapes.problems
    if problems:
        raise GeneratorError.of_all(problems)
    diagnostics += [
        Diagnostic(
            error.location or Location(spec.root),
            f"{error.message}; left as it is: nothing generated reaches it",
        )
        for key, error in broken.items()
        if key not in shapes.reached
    ]
    return CheckedSpec(
        shapes.fixed_spec(),
        tuple(diagnostics + shapes.diagnostics),
        frozenset(shapes.refs_not_allowed),
    )


def check_references(
    spec: LoadedSpec, resolved_refs: dict[tuple[str, str], Resolved]
) -> tuple[Broken, list[Diagnostic]]:
    """Every `$ref` and discriminator mapping value that leads nowhere, each with its place,
    and a warning for each `$ref` that goes through another.

    What each `$ref` leads to is kept in `resolved_refs`, by `$ref` and document.
    """
    broken: Broken = {}
    diagnostics: list[Diagnostic] = []
    for name in [spec.root, *sorted(set(spec.documents) - {spec.root})]:
        source = spec.documents[name]
        for ref, pointer in source.refs:
            try:
                resolved = resolved_refs.get((ref, name)) or spec.resolve(ref, name)
                resolved_refs[ref, name] = resolved
            except GeneratorError as error:
                broken[name, pointer] = error.with_location(spec.locate(name, pointer))
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
        for value, pointer in source.mapping_refs:
            try:
                spec.resolve(*spec.discriminator_ref(value, name))
            except GeneratorError as error:
                broken[name, pointer] = error.with_location(spec.locate(name, pointer))
    return broken, diagnostics


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
    content, parameters or schemas; what it leads to is read through `Walk.container`.
    """
    return [name for name, value in mapping.items() if name != "$ref" or not isinstance(value, str)]


def is_lone_ref(value: Any) -> bool:
    """Whether a value is a `$ref` and nothing else (one that stands for a whole mapping)."""
    return isinstance(value, dict) and len(value) == 1 and isinstance(value.get("$ref"), str)


def with_article(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def is_schema(value: Any) -> bool:
    return isinstance(value, dict | bool)


class Walk:
    """What the checks share: their findings, the `$ref`s they follow and the fixes they make.

    A walk reaches what generation reads; `reached` holds each broken reference met on the way
    (those in `broken`, found beforehand, and any other), by document and pointer.
    """

    def __init__(
        self, spec: LoadedSpec, resolved: dict[tuple[str, str], Resolved], broken: Broken
    ) -> None:
        self.spec = spec
        self.resolved = resolved  # every `$ref` of the description that leads somewhere
        self.broken = broken
        self.reached: Broken = {}
        self.problems: list[GeneratorError] = []
        self.diagnostics: list[Diagnostic] = []
        self.refs_not_allowed: set[tuple[str, str]] = set()  # by document and pointer
        self.fixes: dict[str, list[tuple[tuple[Any, ...], Any, Any]]] = {}
        self.visited: set[tuple[str, tuple[Any, ...], str]] = set()  # document, path, role
        self.paths: dict[tuple[str, str], tuple[Any, ...]] = {}  # by document and pointer
        self.refs_allowed_for_media_types = str(spec.data.get("openapi", "")).startswith("3.2")

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

    def ref_not_allowed(self, node: Node, what: str) -> None:
        """Warn that OpenAPI allows no `$ref` for `what` (`an operation`), where `node` has one
        (and it is followed)."""
        self.refs_not_allowed.add((node.document, node.pointer))
        self.diagnostics.append(
            Diagnostic(
                self.spec.locate(node.document, join_pointer(node.pointer, "$ref")),
                f"a $ref where OpenAPI allows none, for {what}: followed, as other tools do",
            )
        )

    # -- references ------------------------------------------------------------------------------

    def follow_ref(self, node: Node) -> Node | None:
        """The node `node`'s `$ref` leads to; None, the reference kept as reached, if nowhere."""
        key = (node.document, join_pointer(node.pointer, "$ref"))
        if key in self.broken:
            self.reached[key] = self.broken[key]
            return None
        ref = node.value["$ref"]
        try:
            resolved = self.resolved.get((ref, node.document)) or self.spec.resolve(
                ref, node.document
            )
        except GeneratorError as error:  # met at a place the scan did not name (a YAML alias)
            self.reached[key] = error.with_location(self.spec.locate(*key))
            return None
        return self.target(resolved)

    def followed(self, node: Node, role: str) -> Node | None:
        """The node a `$ref` leads to (the node itself if none); None if already checked or if
        the `$ref` leads nowhere."""
        if isinstance(node.value, dict) and isinstance(node.value.get("$ref"), str):
            target = self.follow_ref(node)
            if target is None:
                return None
            node = target
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

    def container(self, holder: Node, key: Any, kind: type, expected: str) -> Node | None:
        """`holder[key]` if it is a `kind` (a mapping of names or a list), or what a `$ref` that
        stands for the whole of it leads to (OpenAPI allows none there: followed with a warning);
        None, with a warning, if it is something else."""
        node = holder.child(key)
        if not is_lone_ref(node.value):
            return node if self.expect(holder, key, kind, expected) else None
        self.ref_not_allowed(node, expected)
        target = self.follow_ref(node)
        if target is None or isinstance(target.value, kind):
            return target
        self.diagnostics.append(
            Diagnostic(
                self.spec.locate(target.document, target.pointer),
                f"{json_type(target.value)} where {expected} belongs; left out",
            )
        )
        self.fixes.setdefault(holder.document, []).append((holder.path, key, _DROP))
        return None

    # -- the fixed copy --------------------------------------------------------------------------

    def fixed_spec(self) -> LoadedSpec:
        """The spec with every fix applied to copies of the mappings and lists on its way."""
        if not self.fixes:
            return self.spec
        documents = dict(self.spec.documents)
        for name, fixes in self.fixes.items():
            source = documents[name]
            documents[name] = replace(source, data=fixed(source.data, fixes))
        return LoadedSpec(self.spec.root, documents, folder=self.spec.folder)


class SchemaCheck(Walk):
    """Schemas: keywords of the wrong type left out, subschemas and the schemas `$ref`s name."""

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
        if isinstance(schema.value.get("$ref"), str):  # the target, and the siblings here
            target = self.follow_ref(schema)
            if target is not None and isinstance(target.value, dict):
                self.schema(target)
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
        if "defaultMapping" in discriminator.value and self.expect(
            discriminator, "defaultMapping", str, "a schema $ref"
        ):
            self.mapped(discriminator.child("defaultMapping"))
        if "mapping" in discriminator.value and self.expect(
            discriminator, "mapping", dict, "a mapping of values to schema $refs"
        ):
            mapping = discriminator.child("mapping")
            for value in list(mapping.value):
                if self.expect(mapping, value, str, "a schema $ref"):
                    self.mapped(mapping.child(value))

    def mapped(self, entry: Node) -> None:
        """A discriminator's mapping value, which generation reads: the schema it names."""
        key = (entry.document, entry.pointer)
        if key in self.broken:
            self.reached[key] = self.broken[key]
            return
        try:
            resolved = self.spec.resolve(*self.spec.discriminator_ref(entry.value, entry.document))
        except GeneratorError as error:  # met at a place the scan did not name (a YAML alias)
            self.reached[key] = error.with_location(self.spec.locate(*key))
            return
        if isinstance(resolved.node, dict):
            self.schema(self.target(resolved))


class ShapeCheck(SchemaCheck):
    """Walks the parts of the description that generation reads, checking each node's type."""

    def document(self, selected: Sequence[str] = ()) -> None:
        """The whole description; only the `selected` component schemas when some are."""
        root = Node(self.spec.data, self.spec.root, ())
        data = root.value
        if "info" in data:
            self.expect(root, "info", dict, "a mapping (the Info object)")
        paths = self.top_mapping(root, "paths", "a mapping of paths to path items")
        webhooks = None
        if "webhooks" in data:
            webhooks = self.container(root, "webhooks", dict, "a mapping of path items")
        components = self.top_mapping(root, "components", "a mapping")
        schemas = None
        if components is not None and "schemas" in components.value:
            schemas = self.top_mapping(components, "schemas", "a mapping of names to schemas")
        if selected:
            self.component_schemas(schemas, selected)
            return
        self.path_items(paths)
        self.path_items(webhooks)
        if components is not None and "pathItems" in components.value:
            self.path_items(
                self.container(components, "pathItems", dict, "a mapping of path items")
            )
        self.component_schemas(schemas, ())

    def path_items(self, holder: Node | None) -> None:
        """Each path item of `paths`, `webhooks` or `components.pathItems`."""
        if holder is not None:
            for name in names(holder.value):
                self.slot(holder, name, "path item", self.path_item)

    def component_schemas(self, schemas: Node | None, selected: Sequence[str]) -> None:
        """The `selected` component schemas, or all of them if none is."""
        if schemas is not None:
            for name in names(schemas.value):
                if not selected or name in selected:
                    self.schema_slot(schemas, name)

    def top_mapping(self, holder: Node, key: str, expected: str) -> Node | None:
        """`paths`, `components` or `components.schemas`: of another type, nothing could be
        generated from it (a problem); a `$ref` for the whole of it is followed."""
        if key not in holder.value:
            return None
        if is_lone_ref(holder.value[key]):
            return self.container(holder, key, dict, expected)
        if not isinstance(holder.value[key], dict):
            self.problem(holder.child(key), ".".join(map(str, (*holder.path, key))), expected)
            return None
        return holder.child(key)

    def slot(
        self,
        holder: Node,
        key: Any,
        what: str,
        check: Callable[[Node], None],
        *,
        ref_allowed: bool = True,
    ) -> None:
        """A mapping at `holder[key]`, or a `$ref` to one: checked by `check`.

        Anything else is read as an empty mapping: it may be the target of `$ref`s, which
        must still lead somewhere. Where OpenAPI allows no `$ref`, one is followed with a warning.
        """
        if not self.expect(holder, key, dict, f"a mapping ({with_article(what)})", {}):
            return
        node = holder.child(key)
        if not ref_allowed and isinstance(node.value.get("$ref"), str):
            self.ref_not_allowed(node, with_article(what))
        target = self.followed(node, what)
        if target is not None and isinstance(target.value, dict):
            check(target)

    def entries(
        self, holder: Node, key: str, expected: str, check: Callable[[Node, Any], None]
    ) -> None:
        """Each entry of the mapping of names at `holder[key]` (`expected`), by `check`."""
        if key not in holder.value:
            return
        mapping = self.container(holder, key, dict, expected)
        if mapping is not None:
            for name in names(mapping.value):
                check(mapping, name)

    def path_item(self, item: Node) -> None:
        if "parameters" in item.value:
            self.parameters(item)
        for method in HTTP_METHODS:
            if method in item.value:
                self.slot(item, method, "operation", self.operation, ref_allowed=False)
        self.entries(
            item,
            "additionalOperations",
            "a mapping of methods to operations",
            lambda others, method: self.slot(
                others, method, "operation", self.operation, ref_allowed=False
            ),
        )

    def operation(self, operation: Node) -> None:
        if "parameters" in operation.value:
            self.parameters(operation)
        if "requestBody" in operation.value:
            self.slot(operation, "requestBody", "request body", self.request_body)
        self.entries(
            operation,
            "responses",
            "a mapping of status codes to responses",
            lambda responses, code: self.slot(responses, code, "response", self.response),
        )
        self.entries(
            operation,
            "callbacks",
            "a mapping of names to callbacks",
            lambda callbacks, name: self.slot(callbacks, name, "callback", self.callback),
        )

    def callback(self, callback: Node) -> None:
        for expression in names(callback.value):
            self.slot(callback, expression, "path item", self.path_item)

    def parameters(self, holder: Node) -> None:
        parameters = self.container(holder, "parameters", list, "a list of parameters")
        if parameters is not None:
            for index in range(len(parameters.value)):
                self.slot(parameters, index, "parameter", self.parameter)

    def parameter(self, parameter: Node) -> None:
        """A parameter, or a header."""
        if "schema" in parameter.value:
            self.schema_slot(parameter, "schema")
        self.content(parameter)

    def request_body(self, body: Node) -> None:
        self.content(body)

    def response(self, response: Node) -> None:
        self.content(response)
        self.entries(
            response,
            "headers",
            "a mapping of names to headers",
            lambda headers, name: self.slot(headers, name, "header", self.parameter),
        )

    def content(self, holder: Node) -> None:
        self.entries(
            holder,
            "content",
            "a mapping of media types",
            lambda content, media_type: self.slot(
                content,
                media_type,
                "media type object",
                self.media_type,
                ref_allowed=self.refs_allowed_for_media_types,
            ),
        )

    def media_type(self, media: Node) -> None:
        for keyword, _ in MEDIA_TYPE_SCHEMAS:
            if keyword in media.value:
                self.schema_slot(media, keyword)


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
