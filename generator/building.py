"""Stage 3: build the intermediate model (`ir.Api`) from the loaded description.

Every component schema becomes a model, an enum or an alias; inline object and enum schemas become
named models and enums of their own, named after where they stand (`<Model><Property>`).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from generator import ir, naming
from generator.errors import Diagnostic, GeneratorError, Location, join_pointer
from generator.filters import annotation
from generator.loading import LoadedSpec
from generator.patterns import to_python_pattern
from generator.samples import build_sample
from generator.schemas import (
    SCHEMA_KEYWORDS_OF_OBJECTS,
    admits_null,
    array_constraints,
    default_expr,
    enum_base,
    first_example,
    first_occurrences,
    infer_type,
    int_or_none,
    is_named_worthy,
    is_scalar_enum,
    scalar,
    schema_kind,
    schema_types,
    text,
)

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


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


@dataclass
class ObjectShape:
    """An object schema with its `allOf` parts merged in."""

    properties: dict[str, Located] = field(default_factory=dict)
    required: dict[str, None] = field(default_factory=dict)  # names, in order, each once
    additional: Located | None = None  # additionalProperties, when the schema sets it
    min_properties: int | None = None
    max_properties: int | None = None


@dataclass(frozen=True)
class BuildResult:
    api: ir.Api
    diagnostics: tuple[Diagnostic, ...]


def build_api(spec: LoadedSpec, package: str, selected: Sequence[str] = ()) -> BuildResult:
    return _Builder(spec, package).build(selected)


class _Builder:
    def __init__(self, spec: LoadedSpec, package: str) -> None:
        self.spec = spec
        self.package = package
        self.class_names = naming.NameRegistry(naming.RESERVED_CLASSES)
        self.module_names = naming.NameRegistry(naming.RESERVED_MODULES)
        self.refs: dict[str, ir.ModelRef | ir.EnumRef | ir.AliasRef] = {}  # by Located.key
        self.components: dict[str, Located] = {}  # by wire name
        self.queue: deque[tuple[str, Located]] = deque()
        self.built: set[str] = set()
        self.models: dict[str, ir.Model] = {}
        self.enums: dict[str, ir.EnumDef] = {}
        self.aliases: dict[str, ir.Alias] = {}
        self.examples: dict[str, Any] = {}  # model name -> example payload
        self.diagnostics: list[Diagnostic] = []
        self.building_aliases: set[str] = set()
        self.current_model: ir.ModelRef | None = None  # inline enums are declared in its module
        self.current_property = ""  # the JSON name of the property being built
        self.wire_names: dict[str, str] = {}  # by Located.key: the name the description uses

    # -- the whole API -------------------------------------------------------------------------

    def build(self, selected: Sequence[str]) -> BuildResult:
        root = self.spec.root
        data = self.spec.data
        schemas = self.component_schemas()
        for wire_name in schemas.schema:
            located = self.component_target(schemas.child(wire_name))
            self.components[str(wire_name)] = located
            self.declare(str(wire_name), located)
        for wire_name in selected or list(self.components):
            if wire_name not in self.components:
                close = difflib.get_close_matches(wire_name, list(self.components), n=3)
                hint = f"did you mean {', '.join(close)}?" if close else "see components.schemas"
                raise GeneratorError(
                    f"--schema {wire_name!r}: no such schema", Location(root), hint
                )
            self.enqueue(self.components[wire_name])
        if not selected:
            self.declare_operation_schemas()
        while self.queue:
            key, located = self.queue.popleft()
            if key not in self.built:
                self.built.add(key)
                self.build_named(located)
        self.settle_enum_modules()
        enums_by_owner: dict[str | None, list[ir.EnumDef]] = {}
        for enum in self.enums.values():
            if not enum.own_module:
                enums_by_owner.setdefault(enum.owner, []).append(enum)
        models = {
            name: dataclasses.replace(
                model, sample=self.sample_for(model), enums=tuple(enums_by_owner.get(name, ()))
            )
            for name, model in self.models.items()
        }
        info = data.get("info", {}) if isinstance(data, dict) else {}
        api = ir.Api(
            package=self.package,
            title=str(info.get("title", "")),
            version=str(info.get("version", "")),
            description=str(info.get("description", "") or ""),
            source=root,
            models=tuple(models[name] for name in sorted(models)),
            enums=tuple(self.enums[name] for name in sorted(self.enums)),
            aliases=tuple(self.aliases[name] for name in sorted(self.aliases)),
        )
        return BuildResult(api, tuple(self.diagnostics))

    def settle_enum_modules(self) -> None:
        """Give an inline enum a module of its own when a module needs it that cannot import its owner.

        A model's module imports, before its class, only its base classes and the enums its fields
        use. That keeps those imports free of cycles as long as an enum declared in a model's module
        is used only there and by the subclasses, which import that module first anyway.
        """
        moved: set[str] = set()
        for enum in self.enums.values():
            if enum.owner is not None and enum.owner not in self.models:
                moved.add(enum.name)
        for model in self.models.values():
            imported_first = {model.module, *self.ancestor_modules(model)}
            types = [prop.type for prop in model.properties if not prop.inherited]
            types += [model.extra.type] if model.extra.type is not None else []
            moved |= self.owned_enums_outside(types, imported_first)
        for alias in self.aliases.values():
            moved |= self.owned_enums_outside([alias.target], set())
        if not moved:
            return
        modules = {
            name: self.module_names.claim(naming.module_name(name), separator="_")
            for name in sorted(moved)
        }
        for name, module in modules.items():
            self.enums[name] = dataclasses.replace(self.enums[name], module=module, own_module=True)
        for name, model in self.models.items():
            properties = tuple(
                dataclasses.replace(prop, type=ir.with_enum_modules(prop.type, modules))
                for prop in model.properties
            )
            extra = model.extra
            if extra.type is not None:
                extra = dataclasses.replace(extra, type=ir.with_enum_modules(extra.type, modules))
            self.models[name] = dataclasses.replace(model, properties=properties, extra=extra)
        for name, alias in self.aliases.items():
            target = ir.with_enum_modules(alias.target, modules)
            self.aliases[name] = dataclasses.replace(alias, target=target)

    def owned_enums_outside(self, types: list[ir.TypeExpr], modules: set[str]) -> set[str]:
        """The inline enums these types use that are declared outside `modules`."""
        return {
            enum.name
            for expr in types
            for enum in ir.enums_inside(expr)
            if self.enums[enum.name].owner is not None and enum.module not in modules
        }

    def ancestor_modules(self, model: ir.Model) -> list[str]:
        modules: list[str] = []
        parent = model.parent
        while parent is not None and parent.module not in modules:
            modules.append(parent.module)
            ancestor = self.models.get(parent.name)
            parent = ancestor.parent if ancestor is not None else None
        return modules

    def component_schemas(self) -> Located:
        """`components.schemas`, also where a `$ref` stands for the whole mapping (as bundlers write)."""
        data = self.spec.data
        components = data.get("components") if isinstance(data, dict) else None
        if not isinstance(components, dict) or not isinstance(components.get("schemas"), dict):
            return Located({}, self.spec.root, "/components/schemas")
        schemas = self.follow(Located(components["schemas"], self.spec.root, "/components/schemas"))
        return schemas if isinstance(schemas.schema, dict) else Located({}, self.spec.root, "")

    def component_target(self, located: Located) -> Located:
        """A component that only `$ref`s a schema in another file names that schema itself."""
        schema = located.schema
        if not (isinstance(schema, dict) and isinstance(schema.get("$ref"), str)):
            return located
        target = self.follow(located)
        is_component = target.document == self.spec.root and target.pointer.startswith(
            "/components/schemas/"
        )
        if is_component or target.key in self.refs or schema_kind(target.schema) == "alias":
            return located
        return target

    def declare(self, wire_name: str, located: Located) -> ir.ModelRef | ir.EnumRef | ir.AliasRef:
        """Reserve a class and module name for a schema, before anything refers to it."""
        name = self.class_names.claim(naming.class_name(wire_name))
        module = self.module_names.claim(naming.module_name(name), separator="_")
        kind = schema_kind(located.schema)
        self.wire_names[located.key] = wire_name
        ref: ir.ModelRef | ir.EnumRef | ir.AliasRef
        if kind == "model":
            ref = ir.ModelRef(name, module)
        elif kind == "enum":
            ref = ir.EnumRef(name, module)
        else:
            ref = ir.AliasRef(name, module, ir.AnyJson())
        self.refs[located.key] = ref
        return ref

    def declare_operation_schemas(self) -> None:
        """Inline schemas of operations (bodies, responses, parameters, headers) become named types.

        Operations are found in `paths`, `webhooks` (3.1), `components.pathItems` and the
        callbacks of each operation; any of them may be a `$ref`, to this file or another.
        """
        data = self.spec.data
        if not isinstance(data, dict):
            return
        top = Located(data, self.spec.root, "")
        for section in ("paths", "webhooks"):
            if isinstance(data.get(section), dict):
                for name in data[section]:
                    self.declare_path_item(top.child(section, name), str(name), set())
        components = data.get("components")
        if isinstance(components, dict) and isinstance(components.get("pathItems"), dict):
            for name in components["pathItems"]:
                self.declare_path_item(top.child("components", "pathItems", name), str(name), set())

    def declare_path_item(self, located: Located, path: str, seen: set[str]) -> None:
        item = self.follow(located)
        if not isinstance(item.schema, dict) or item.key in seen:
            return
        seen.add(item.key)
        shared = self.list_at(item, "parameters")
        for method in HTTP_METHODS:
            if not isinstance(item.schema.get(method), dict):
                continue
            operation = item.child(method)
            name = operation_name(operation.schema, method, path)
            for parameter in [*shared, *self.list_at(operation, "parameters")]:
                if isinstance(parameter.schema, dict):
                    self.declare_parameter(parameter, name + parameter_name(parameter.schema))
            if "requestBody" in operation.schema:
                self.declare_content(self.follow(operation.child("requestBody")), name + "Request")
            responses = operation.schema.get("responses")
            for code in responses if isinstance(responses, dict) else ():
                response = self.follow(operation.child("responses", code))
                hint = f"{name}Response{naming.pascal_case(str(code))}"
                self.declare_content(response, hint)
                self.declare_headers(response, hint)
            callbacks = operation.schema.get("callbacks")
            for callback_name in callbacks if isinstance(callbacks, dict) else ():
                callback = self.follow(operation.child("callbacks", callback_name))
                if isinstance(callback.schema, dict):
                    for expression in callback.schema:
                        self.declare_path_item(callback.child(expression), str(callback_name), seen)

    def list_at(self, located: Located, key: str) -> list[Located]:
        """The items of a list-valued keyword, each followed through its `$ref`."""
        items = located.schema.get(key)
        if not isinstance(items, list):
            return []
        return [self.follow(located.child(key, index)) for index in range(len(items))]

    def declare_parameter(self, parameter: Located, hint: str) -> None:
        """A parameter's or header's schema, or the schemas of its `content`."""
        if isinstance(parameter.schema.get("schema"), dict):
            self.type_of(parameter.child("schema"), hint)
        self.declare_content(parameter, hint)

    def declare_headers(self, response: Located, hint: str) -> None:
        headers = response.schema.get("headers") if isinstance(response.schema, dict) else None
        for name in headers if isinstance(headers, dict) else ():
            header = self.follow(response.child("headers", name))
            if isinstance(header.schema, dict):
                self.declare_parameter(header, hint + naming.pascal_case(str(name)))

    def declare_content(self, holder: Located, hint: str) -> None:
        content = holder.schema.get("content") if isinstance(holder.schema, dict) else None
        if not isinstance(content, dict):
            return
        for media_type, media in content.items():
            if isinstance(media, dict) and isinstance(media.get("schema"), dict):
                self.type_of(holder.child("content", media_type, "schema"), hint)

    def enqueue(self, located: Located) -> None:
        if located.key not in self.built:
            self.queue.append((located.key, located))

    def build_named(self, located: Located) -> None:
        ref = self.refs[located.key]
        wire_name = self.wire_names.get(located.key) or located.pointer.rsplit("/", 1)[-1]
        if isinstance(ref, ir.ModelRef):
            self.models[ref.name] = self.build_model(ref, located, wire_name)
        elif isinstance(ref, ir.EnumRef):
            self.enums[ref.name] = self.build_enum(ref.name, ref.module, located, owner=None)
        else:
            self.aliases[ref.name] = self.build_alias(ref, located, wire_name)

    # -- models --------------------------------------------------------------------------------

    def build_model(self, ref: ir.ModelRef, located: Located, wire_name: str) -> ir.Model:
        schema = located.schema
        shape = self.object_shape(located, set())
        parent = self.parent_of(located)
        parent_ref = self.reference(parent, ref.name) if parent is not None else None
        parent_shape = self.object_shape(parent, set()) if parent is not None else ObjectShape()
        attributes = naming.NameRegistry(naming.RESERVED_ATTRIBUTES)
        properties: list[ir.Property] = []
        outer = self.current_model
        for prop_wire, prop in shape.properties.items():
            prop_type = self.property_type(prop_wire, prop, ref)
            built = self.build_property(
                prop_wire, prop, prop_type, prop_wire in shape.required, attributes
            )
            inherited_from = parent_shape.properties.get(prop_wire)
            if inherited_from is not None and inherited_from.key == prop.key:
                inherited = (prop_wire in parent_shape.required) == built.required
                built = dataclasses.replace(built, inherited=inherited)
            properties.append(built)
        if parent is not None and not self.overrides_fit(properties, parent_shape, ref):
            # A subclass may narrow what it inherits, not change it (mypy holds it to that):
            # a model that changes a property's type is a class of its own with every property.
            parent, parent_ref = None, None
            properties = [dataclasses.replace(prop, inherited=False) for prop in properties]
        self.current_model = outer
        extra = self.extra_policy(shape, ref.name)
        example = first_example(schema)
        property_examples = {
            wire: value
            for wire, prop in shape.properties.items()
            if (value := first_example(prop.schema)) is not None
        }
        if example is not None or property_examples:
            self.examples[ref.name] = example if example is not None else property_examples
        return ir.Model(
            name=ref.name,
            module=ref.module,
            source=located.key,
            wire_name=wire_name,
            properties=tuple(properties),
            extra=extra,
            title=text(schema.get("title")),
            description=text(schema.get("description")),
            deprecated=schema.get("deprecated") is True,
            min_properties=shape.min_properties,
            max_properties=shape.max_properties,
            parent=parent_ref if isinstance(parent_ref, ir.ModelRef) else None,
        )

    def property_type(self, prop_wire: str, prop: Located, model: ir.ModelRef) -> ir.TypeExpr:
        # A property that an `allOf` part declares is named after, and owned by, that part.
        holder = self.declaring_model(prop) or model
        self.current_model, self.current_property = holder, prop_wire
        return self.type_of(prop, holder.name + naming.pascal_case(prop_wire))

    def overrides_fit(
        self, properties: list[ir.Property], parent_shape: ObjectShape, model: ir.ModelRef
    ) -> bool:
        """Whether each property the model declares again has a type its parent's admits."""
        for prop in properties:
            inherited = parent_shape.properties.get(prop.wire_name)
            if prop.inherited or inherited is None:
                continue
            parent_type = annotation(self.property_type(prop.wire_name, inherited, model), True)
            own_type = annotation(prop.type, True)
            if parent_type not in (own_type, f"{own_type} | None"):
                return False
            target = self.follow(inherited).schema
            parent_may_be_unset = prop.wire_name not in parent_shape.required and not (
                isinstance(target, dict) and "default" in target
            )
            if not prop.required and prop.default is None and not parent_may_be_unset:
                return False
        return True

    def build_property(
        self,
        wire_name: str,
        located: Located,
        prop_type: ir.TypeExpr,
        required: bool,
        attributes: naming.NameRegistry,
    ) -> ir.Property:
        schema = located.schema if isinstance(located.schema, dict) else {}
        target = self.follow(located).schema
        described = schema if "description" in schema or not isinstance(target, dict) else target
        default_source = (
            schema if "default" in schema else (target if isinstance(target, dict) else {})
        )
        default: ir.PyExpr | None = None
        mutable = False
        if "default" in default_source and not required:
            default = default_expr(prop_type, default_source["default"], self.enums)
            if default is None:
                self.diagnostics.append(
                    Diagnostic(
                        self.spec.locate(
                            located.document, join_pointer(located.pointer, "default")
                        ),
                        "default does not fit the property's type; ignored",
                    )
                )
            mutable = isinstance(default, ir.PyList | ir.PyDict) or (
                isinstance(default, ir.PyLiteral) and isinstance(default.value, list | dict)
            )
        return ir.Property(
            name=attributes.claim(naming.attribute_name(wire_name), separator="_"),
            wire_name=wire_name,
            type=prop_type,
            required=required,
            default=default,
            default_json=default_source.get("default") if default is not None else None,
            mutable_default=mutable,
            title=text(described.get("title")) if isinstance(described, dict) else "",
            description=text(described.get("description")) if isinstance(described, dict) else "",
            read_only=bool(
                schema.get("readOnly") or (isinstance(target, dict) and target.get("readOnly"))
            ),
            write_only=bool(
                schema.get("writeOnly") or (isinstance(target, dict) and target.get("writeOnly"))
            ),
            deprecated=schema.get("deprecated") is True,
        )

    def declaring_model(self, prop: Located) -> ir.ModelRef | None:
        """The innermost model whose schema holds this property's schema."""
        pointer = prop.pointer
        while "/" in pointer:
            pointer = pointer.rsplit("/", 1)[0]
            ref = self.refs.get(f"{prop.document}#{pointer}")
            if isinstance(ref, ir.ModelRef):
                return ref
        return None

    def extra_policy(self, shape: ObjectShape, model_name: str) -> ir.ExtraPolicy:
        additional = shape.additional
        if additional is None or additional.schema is True or additional.schema == {}:
            return ir.ExtraPolicy("keep")
        if additional.schema is False:
            return ir.ExtraPolicy("forbid")
        return ir.ExtraPolicy("typed", self.type_of(additional, model_name + "Value"))

    def parent_of(self, located: Located) -> Located | None:
        """The one named model an `allOf` extends, if it extends exactly one (and not in a cycle)."""
        chain: set[str] = {located.key}
        parent = single_parent(self, located)
        result = parent
        while parent is not None:
            if parent.key in chain:
                return None
            chain.add(parent.key)
            parent = single_parent(self, parent)
        return result

    def object_shape(self, located: Located, seen: set[str]) -> ObjectShape:
        """Properties, required names and extras of an object schema, `allOf` parts merged in order."""
        shape = ObjectShape()
        schema = located.schema
        if not isinstance(schema, dict) or located.key in seen:
            return shape
        seen = seen | {located.key}
        for index, part in enumerate(schema.get("allOf", []) or []):
            merged = self.object_shape(
                self.follow(located.child("allOf", index)) if isinstance(part, dict) else located,
                seen,
            )
            shape.properties.update(merged.properties)
            shape.required.update(merged.required)
            shape.additional = merged.additional or shape.additional
            shape.min_properties = merged.min_properties or shape.min_properties
            shape.max_properties = merged.max_properties or shape.max_properties
        properties = schema.get("properties") or {}
        if isinstance(properties, dict):
            for wire_name in properties:
                shape.properties[str(wire_name)] = located.child("properties", wire_name)
        required = schema.get("required") or []
        if isinstance(required, list):
            shape.required.update(dict.fromkeys(map(str, required)))
        if "additionalProperties" in schema:
            shape.additional = located.child("additionalProperties")
        if isinstance(schema.get("minProperties"), int):
            shape.min_properties = schema["minProperties"]
        if isinstance(schema.get("maxProperties"), int):
            shape.max_properties = schema["maxProperties"]
        return shape

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

    # -- enums and aliases -----------------------------------------------------------------------

    def build_enum(self, name: str, module: str, located: Located, owner: str | None) -> ir.EnumDef:
        schema = located.schema
        values = [value for value in schema.get("enum", []) if value is not None]
        names = schema.get("x-enum-varnames") or schema.get("x-enumNames") or []
        descriptions = schema.get("x-enum-descriptions") or []
        registry = naming.NameRegistry()
        members = []
        first = first_occurrences(values)
        for index, value in enumerate(values):
            if not first[index]:
                continue
            wanted = names[index] if index < len(names) and isinstance(names[index], str) else value
            member_name = registry.claim(naming.enum_member_name(wanted), separator="_")
            description = descriptions[index] if index < len(descriptions) else ""
            members.append(ir.EnumMember(member_name, value, text(description)))
        return ir.EnumDef(
            name=name,
            module=module,
            source=located.key,
            base=enum_base(values),
            members=tuple(members),
            title=text(schema.get("title")),
            description=text(schema.get("description")),
            owner=owner,
            deprecated=schema.get("deprecated") is True,
        )

    def build_alias(self, ref: ir.AliasRef, located: Located, wire_name: str) -> ir.Alias:
        self.building_aliases.add(located.key)
        outer, self.current_model = self.current_model, None
        target = self.type_of(located, ref.name, named_ok=False)
        self.current_model = outer
        self.building_aliases.discard(located.key)
        self.refs[located.key] = ir.AliasRef(ref.name, ref.module, target)
        schema = located.schema if isinstance(located.schema, dict) else {}
        return ir.Alias(
            name=ref.name,
            module=ref.module,
            source=located.key,
            wire_name=wire_name,
            target=target,
            title=text(schema.get("title")),
            description=text(schema.get("description")),
        )

    # -- type expressions ----------------------------------------------------------------------

    def type_of(self, located: Located, hint: str, *, named_ok: bool = True) -> ir.TypeExpr:
        """The type of a schema; `hint` names inline models and enums it declares."""
        schema = located.schema
        if schema is True or schema is None or schema == {}:
            return ir.AnyJson()
        if not isinstance(schema, dict):
            return ir.AnyJson()
        if isinstance(schema.get("$ref"), str):
            target = self.follow(located)
            nullable = schema.get("nullable") is True or admits_null(target.schema)
            result = self.reference(target, hint)
            return (
                ir.Nullable(result) if nullable and not isinstance(result, ir.Nullable) else result
            )
        if named_ok and located.key in self.refs:  # declared before: same type, same nullability
            known = self.reference(located, hint)
            return (
                ir.Nullable(known)
                if admits_null(schema) and not isinstance(known, ir.Nullable)
                else known
            )
        types = schema_types(schema)
        nullable = schema.get("nullable") is True or "null" in types
        result = self.type_of_non_null(located, hint, [kind for kind in types if kind != "null"])
        if isinstance(result, ir.Nullable) or not nullable:
            return result
        return ir.Nullable(result)

    def reference(self, target: Located, hint: str) -> ir.TypeExpr:
        ref = self.refs.get(target.key)
        if ref is None:
            if not is_named_worthy(target.schema):
                return self.type_of(target, hint, named_ok=False)
            ref = self.declare(target.pointer.rsplit("/", 1)[-1] or hint, target)
        if isinstance(ref, ir.AliasRef) and target.key in self.building_aliases:
            return ir.AnyJson()  # an alias that contains itself: no finite Python type
        self.enqueue(target)
        if isinstance(ref, ir.AliasRef | ir.EnumRef) and target.key not in self.built:
            self.built.add(target.key)
            self.build_named(target)
        return self.refs[target.key]

    def type_of_non_null(self, located: Located, hint: str, types: list[str]) -> ir.TypeExpr:
        schema = located.schema
        if "const" in schema:
            return ir.Const(schema["const"])
        if "enum" in schema and isinstance(schema["enum"], list):
            if not is_scalar_enum(schema):
                return constant_choice(schema["enum"])
            return self.inline_enum(located, hint)
        for keyword in ("oneOf", "anyOf"):
            options = schema.get(keyword)
            if isinstance(options, list) and options:
                return self.union(located, keyword, hint)
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and all_of:
            if len(all_of) == 1 and not any(key in schema for key in SCHEMA_KEYWORDS_OF_OBJECTS):
                return self.type_of(located.child("allOf", 0), hint)
            return self.inline_model(located, hint)
        if len(types) > 1:
            return ir.UnionOf(tuple(self.type_of_non_null(located, hint, [kind]) for kind in types))
        kind = types[0] if types else infer_type(schema)
        if kind == "object":
            if schema.get("properties"):
                return self.inline_model(located, hint)
            additional = schema.get("additionalProperties")
            constraints = ir.Constraints(
                min_properties=int_or_none(schema.get("minProperties")),
                max_properties=int_or_none(schema.get("maxProperties")),
            )
            if isinstance(additional, dict) and additional:
                value = self.type_of(located.child("additionalProperties"), hint + "Value")
                return ir.MapOf(value, constraints)
            return ir.MapOf(ir.AnyJson(), constraints)
        if kind == "array":
            items = (
                located.child("items")
                if "items" in schema
                else Located({}, located.document, located.pointer)
            )
            return ir.ArrayOf(self.type_of(items, hint + "Item"), array_constraints(schema))
        if kind in ("string", "integer", "number", "boolean"):
            return scalar(kind, schema, self.pattern_of(located))
        return ir.AnyJson()

    def inline_model(self, located: Located, hint: str) -> ir.TypeExpr:
        if located.key not in self.refs:
            self.declare(hint, located)
        return self.reference(located, hint)

    def inline_enum(self, located: Located, hint: str) -> ir.TypeExpr:
        values = located.schema["enum"]
        ref = self.refs.get(located.key)
        if ref is None:
            name = self.class_names.claim(
                naming.class_name(hint if hint.endswith("Enum") else hint + "Enum")
            )
            owner = self.current_model
            module = (
                owner.module
                if owner is not None
                else self.module_names.claim(naming.module_name(name), separator="_")
            )
            ref = ir.EnumRef(name, module)
            self.refs[located.key] = ref
            self.built.add(located.key)
            self.enums[name] = dataclasses.replace(
                self.build_enum(name, module, located, owner=owner.name if owner else None),
                owner_property=self.current_property if owner else "",
            )
        result: ir.TypeExpr = ref
        if not values or all(value is None for value in values):
            result = ir.Const(None)
        return (
            ir.Nullable(result) if None in values and not isinstance(result, ir.Const) else result
        )

    def union(self, located: Located, keyword: str, hint: str) -> ir.TypeExpr:
        options: list[ir.TypeExpr] = []
        nullable = False
        for index, option in enumerate(located.schema[keyword]):
            if isinstance(option, dict) and schema_types(option) == ["null"]:
                nullable = True
                continue
            options.append(self.type_of(located.child(keyword, index), f"{hint}Option{index + 1}"))
        discriminator = located.schema.get("discriminator")
        property_name = None
        mapping: list[tuple[str, str]] = []
        if isinstance(discriminator, dict) and isinstance(discriminator.get("propertyName"), str):
            property_name = discriminator["propertyName"]
            for value, ref in (discriminator.get("mapping") or {}).items():
                as_ref = self.spec.discriminator_ref(ref)
                target = self.follow(Located({"$ref": as_ref}, located.document, located.pointer))
                named = self.reference(target, hint)
                if isinstance(named, ir.ModelRef):
                    mapping.append((str(value), named.name))
        if property_name is not None:
            explicit = {value for value, _ in mapping}
            for index in range(len(located.schema[keyword])):
                target = self.follow(located.child(keyword, index))
                ref = self.refs.get(target.key)
                wire_name = target.pointer.rsplit("/", 1)[-1]
                if isinstance(ref, ir.ModelRef) and wire_name not in explicit:
                    mapping.append((wire_name, ref.name))
        result: ir.TypeExpr = ir.UnionOf(tuple(options), property_name, tuple(mapping))
        if len(options) == 1:
            result = options[0]
        return ir.Nullable(result) if nullable else result

    def pattern_of(self, located: Located) -> str | None:
        pattern = located.schema.get("pattern")
        if not isinstance(pattern, str):
            return None
        translated, problem = to_python_pattern(pattern)
        if translated is None:
            where = self.spec.locate(located.document, join_pointer(located.pointer, "pattern"))
            self.diagnostics.append(Diagnostic(where, problem))
        return translated

    # -- code samples --------------------------------------------------------------------------

    def sample_for(self, model: ir.Model) -> ir.CodeSample:
        return build_sample(
            model, self.examples.get(model.name, {}), self.models, self.enums, self.package
        )


# -- pure helpers ------------------------------------------------------------------------------


def operation_name(operation: dict[str, Any], method: str, path: str) -> str:
    """`getPet` gives GetPet; without an operationId, `post /pets/{id}` gives PostPetsId."""
    operation_id = operation.get("operationId")
    if isinstance(operation_id, str) and naming.pascal_case(operation_id):
        return naming.pascal_case(operation_id)
    return naming.pascal_case(f"{method} {path}")


def constant_choice(values: list[Any]) -> ir.TypeExpr:
    """One of these JSON values, compared as values (an `enum` that lists arrays or objects)."""
    options = [ir.Const(value) for value in values if value is not None]
    if not options:
        return ir.Const(None)
    choice: ir.TypeExpr = options[0] if len(options) == 1 else ir.UnionOf(tuple(options))
    return ir.Nullable(choice) if None in values else choice


def parameter_name(parameter: dict[str, Any]) -> str:
    return naming.pascal_case(str(parameter.get("name", "")))


def single_parent(builder: _Builder, located: Located) -> Located | None:
    schema = located.schema
    parts = schema.get("allOf") if isinstance(schema, dict) else None
    if not isinstance(parts, list):
        return None
    refs = [index for index, part in enumerate(parts) if isinstance(part, dict) and "$ref" in part]
    if len(refs) != 1:
        return None
    target = builder.follow(located.child("allOf", refs[0]))
    if schema_kind(target.schema) != "model":
        return None
    return target
