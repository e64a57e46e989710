"""What the builders share: the names given so far, the work queue and what is built.

A schema is declared (given a class and a module name, as an `ir` reference) before anything is
built, so that references to it, cycles included, resolve to the same name. Models are built from
the queue; enums and aliases as soon as they are referred to.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .. import ir, naming
from ..errors import Diagnostic, GeneratorError, join_pointer
from ..loading import LoadedSpec
from ..schemas import SchemaKind, is_object_like, schema_kind

NamedRef = ir.ModelRef | ir.EnumRef | ir.AliasRef


@dataclass(frozen=True)
class Located:
    """A schema and where it stands: the document and pointer, so that relative refs resolve."""

    schema: Any
    document: str
    pointer: str

    @property
    def key(self) -> str:
        return f"{self.document}#{self.pointer}"

    def child(self, *tokens: str | int) -> Located:
        node = self.schema
        for token in tokens:
            node = node[token]
        return Located(node, self.document, join_pointer(self.pointer, *tokens))


@dataclass(frozen=True)
class Scope:
    """Where a type expression is being built, passed down to what it builds inside.

    `owner` is the model whose property it is, with the property's JSON name: inline enums are
    declared in that model's module. `open_aliases` holds the aliases being built around it: an
    alias that contains itself has no finite Python type.
    """

    owner: ir.ModelRef | None = None
    property: str = ""
    open_aliases: frozenset[str] = frozenset()

    def for_property(self, owner: ir.ModelRef, wire_name: str) -> Scope:
        return Scope(owner, wire_name, self.open_aliases)

    def inside_alias(self, key: str) -> Scope:
        return Scope(None, "", self.open_aliases | {key})


TOP = Scope()


@dataclass
class Registry:
    spec: LoadedSpec
    package: str
    class_names: naming.NameRegistry = field(
        default_factory=lambda: naming.NameRegistry(naming.RESERVED_CLASSES)
    )
    module_names: naming.NameRegistry = field(
        default_factory=lambda: naming.NameRegistry(naming.RESERVED_MODULES)
    )
    refs: dict[str, NamedRef] = field(default_factory=dict)  # by Located.key
    wire_names: dict[str, str] = field(default_factory=dict)  # by Located.key: the spec's name
    queue: deque[tuple[str, Located]] = field(default_factory=deque)
    built: set[str] = field(default_factory=set)  # Located.key of what is built or being built
    models: dict[str, ir.Model] = field(default_factory=dict)
    enums: dict[str, ir.EnumDef] = field(default_factory=dict)
    aliases: dict[str, ir.Alias] = field(default_factory=dict)
    examples: dict[str, Any] = field(default_factory=dict)  # model name -> example payload
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def declare(self, wire_name: str, located: Located) -> NamedRef:
        """Reserve a class and module name for a schema, before anything refers to it."""
        name = self.class_names.claim(naming.class_name(wire_name))
        module = self.new_module(name)
        self.wire_names[located.key] = wire_name
        ref: NamedRef
        match self.kind(located):
            case "model":
                ref = ir.ModelRef(name, module)
            case "enum":
                ref = ir.EnumRef(name, module)
            case "alias":
                ref = ir.AliasRef(name, module, ir.AnyJson())  # the target comes when it is built
        self.refs[located.key] = ref
        return ref

    def kind(self, located: Located) -> SchemaKind:
        """Whether a named schema is a model, an enum or an alias (`schema_kind`), its `allOf`
        parts followed: an `allOf` none of whose parts is an object is a plain type."""
        kind = schema_kind(located.schema)
        if kind == "model" and (
            self.typed_part(located) is not None or not self.shapes_object(located)
        ):
            return "alias"
        return kind

    def shapes_object(self, located: Located, seen: frozenset[str] = frozenset()) -> bool:
        """Whether a schema describes an object or a choice, itself or through an `allOf`
        part: `allOf: [{}, {description: ...}]` does not, and so admits any value."""
        schema = located.schema
        if not isinstance(schema, dict) or located.key in seen:
            return False
        if is_object_like(schema) or "oneOf" in schema or "anyOf" in schema:
            return True
        parts = schema.get("allOf")
        return any(
            self.shapes_object(self.follow(located.child("allOf", index)), seen | {located.key})
            for index in range(len(parts) if isinstance(parts, list) else 0)
        )

    def typed_part(self, located: Located, seen: frozenset[str] = frozenset()) -> Located | None:
        """The part that gives an `allOf` its type when no part describes an object or a choice
        (`allOf: [{$ref: Id}, {description: ...}]`): the first with a type; the others only
        constrain or describe it. None for any other schema."""
        schema = located.schema
        if not isinstance(schema, dict) or is_object_like(schema) or located.key in seen:
            return None
        found: Located | None = None
        parts = schema.get("allOf")
        for index in range(len(parts) if isinstance(parts, list) else 0):
            candidate: Located | None = located.child("allOf", index)  # its `$ref`, if one
            part = self.follow(located.child("allOf", index))
            if not isinstance(part.schema, dict):
                continue
            if is_object_like(part.schema) or "oneOf" in part.schema or "anyOf" in part.schema:
                return None
            if part.schema.get("allOf"):
                candidate = self.typed_part(part, seen | {located.key})
                if candidate is None:
                    return None
            elif not any(key in part.schema for key in ("type", "enum", "const", "items")):
                continue
            found = found or candidate
        return found

    def new_module(self, class_name: str) -> str:
        return self.module_names.claim(naming.module_name(class_name), separator="_")

    def enqueue(self, located: Located) -> None:
        if located.key not in self.built:
            self.queue.append((located.key, located))

    def next_to_build(self) -> Located | None:
        """The next queued schema not built yet (marked as built), or None when all are."""
        while self.queue:
            key, located = self.queue.popleft()
            if key not in self.built:
                self.built.add(key)
                return located
        return None

    def wire_name(self, located: Located) -> str:
        return self.wire_names.get(located.key) or located.pointer.rsplit("/", 1)[-1]

    def follow(self, located: Located) -> Located:
        """The schema a `$ref` leads to (the schema itself when it is no `$ref`)."""
        schema = located.schema
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            try:
                resolved = self.spec.resolve(schema["$ref"], located.document)
            except GeneratorError as error:
                raise error.with_location(
                    self.spec.locate(located.document, join_pointer(located.pointer, "$ref"))
                ) from None
            return Located(resolved.node, resolved.document, resolved.pointer)
        return located

    def content_at(self, holder: Located) -> Located | None:
        """The `content` map of a body, response or parameter, followed through a `$ref` (Lob's
        responses give theirs so); None when it has none."""
        if not isinstance(holder.schema, dict) or not isinstance(
            holder.schema.get("content"), dict
        ):
            return None
        content = self.follow(holder.child("content"))
        return content if isinstance(content.schema, dict) else None

    def list_at(self, located: Located, key: str) -> list[Located]:
        """The items of a list-valued keyword, each followed through its `$ref`."""
        items = located.schema.get(key)
        if not isinstance(items, list):
            return []
        return [self.follow(located.child(key, index)) for index in range(len(items))]

    def warn(self, located: Located, keyword: str, message: str) -> None:
        """A finding about one keyword of a schema that does not stop generation."""
        where = self.spec.locate(located.document, join_pointer(located.pointer, keyword))
        self.diagnostics.append(Diagnostic(where, message))
