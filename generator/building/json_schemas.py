"""The JSON Schema of each generated type, as the API description wrote it.

The generated package keeps them in its `_schemas` module, for pydantic (FastAPI's OpenAPI
document, `TypeAdapter.json_schema`). A schema is copied as written, but for its `$ref`s: one that
leads to a generated type becomes `#/components/schemas/<Name>`, the type's Python name, and any
other (a property of another schema, a schema in another file that has no type of its own) is
replaced by what it leads to. Data (`example`, `default`, `enum`, `x-...`) is copied as it is.
"""

from __future__ import annotations

from typing import Any

from .. import ir
from ..errors import GeneratorError, unescape_pointer_token
from .registry import Registry

COMPONENTS = "#/components/schemas/"
# Keywords whose values are data, not schemas: a `$ref` inside them is no reference.
DATA_KEYWORDS = frozenset({"example", "examples", "default", "enum", "const"})
# Keywords whose values map names (not keywords) to schemas.
SCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)


def type_schemas(reg: Registry) -> tuple[tuple[str, Any], ...]:
    """(name, schema) of every model, enum and alias built, sorted by name."""
    built = {*reg.models, *reg.enums, *reg.aliases}
    names = {key: ref.name for key, ref in reg.refs.items() if ref.name in built}
    named: list[ir.Model | ir.EnumDef | ir.Alias] = [
        *reg.models.values(),
        *reg.enums.values(),
        *reg.aliases.values(),
    ]
    sources = {item.name: item.source for item in named}
    copier = SchemaCopier(reg, names)
    return tuple((name, copier.copy_at(sources[name])) for name in sorted(sources))


class SchemaCopier:
    """Copies schemas, their `$ref`s rewritten (see the module's docstring)."""

    def __init__(self, reg: Registry, names: dict[str, str]) -> None:
        self.reg = reg
        self.names = names  # the generated type's name, by the document#pointer of its schema
        # Copies of the schemas met outside of any `$ref` copied in place, by node: an inline
        # model's schema is copied for the model that holds it and again for itself.
        self.copies: dict[int, Any] = {}

    def copy_at(self, source: str) -> Any:
        document, _, pointer = source.partition("#")
        return self.schema(node_at(self.reg, document, pointer), document, frozenset())

    def schema(self, node: Any, document: str, inlining: frozenset[str]) -> Any:
        """A copy of a schema in `document`; `inlining` holds the `$ref` targets being copied
        in place of their `$ref`s, so that one that leads back to itself ends."""
        if isinstance(node, list):
            return [self.schema(item, document, inlining) for item in node]
        if not isinstance(node, dict):
            return node
        if inlining:
            return self.copy(node, document, inlining)
        copied = self.copies.get(id(node))
        if copied is None:
            copied = self.copies[id(node)] = self.copy(node, document, inlining)
        return copied

    def copy(self, node: dict[str, Any], document: str, inlining: frozenset[str]) -> Any:
        ref = node.get("$ref")
        if isinstance(ref, str):
            return self.reference(node, ref, document, inlining)
        copied: dict[str, Any] = {}
        for key, value in node.items():
            if key in DATA_KEYWORDS or str(key).startswith("x-"):
                copied[key] = value
            elif key in SCHEMA_MAPS and isinstance(value, dict):
                copied[key] = {
                    name: self.schema(item, document, inlining) for name, item in value.items()
                }
            elif key == "discriminator" and isinstance(value, dict):
                copied[key] = self.discriminator(value, document)
            else:
                copied[key] = self.schema(value, document, inlining)
        return copied

    def reference(
        self, node: dict[str, Any], ref: str, document: str, inlining: frozenset[str]
    ) -> Any:
        """A `$ref` (with any keywords beside it) to a generated type, or what it leads to."""
        siblings = {key: value for key, value in node.items() if key != "$ref"}
        siblings = self.schema(siblings, document, inlining)
        try:
            target = self.reg.spec.resolve(ref, document)
        except GeneratorError:  # a `$ref` the builder never followed: no type to name
            return siblings
        key = f"{target.document}#{target.pointer}"
        name = self.names.get(key)
        if name is not None:
            return {"$ref": COMPONENTS + name, **siblings}
        if key in inlining:
            return siblings  # an unnamed schema that contains itself: any value
        inlined = self.schema(target.node, target.document, inlining | {key})
        if not siblings:
            return inlined
        return {"allOf": [inlined], **siblings}

    def discriminator(self, value: dict[str, Any], document: str) -> dict[str, Any]:
        """A discriminator whose `mapping` names generated types as `$ref`s do."""
        mapping = value.get("mapping")
        if not isinstance(mapping, dict):
            return dict(value)
        copied = {}
        for tag, target in mapping.items():
            copied[tag] = target
            if not isinstance(target, str):
                continue
            ref, base = self.reg.spec.discriminator_ref(target, document)
            try:
                resolved = self.reg.spec.resolve(ref, base)
            except GeneratorError:
                continue
            name = self.names.get(f"{resolved.document}#{resolved.pointer}")
            if name is not None:
                copied[tag] = COMPONENTS + name
        return {**value, "mapping": copied}


def node_at(reg: Registry, document: str, pointer: str) -> Any:
    """The node at a pointer the builder wrote (`Located.key`: escaped, never percent-encoded)."""
    node = reg.spec.documents[document].data
    for token in pointer.split("/")[1:] if pointer else []:
        name = unescape_pointer_token(token)
        node = node[int(name)] if isinstance(node, list) else node[name]
    return node
