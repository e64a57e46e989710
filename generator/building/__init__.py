"""Stage 3: build the intermediate model (`ir.Api`) from the loaded description.

Every component schema becomes a model, an enum or an alias; inline object and enum schemas become
named models and enums of their own, named after where they stand (`<Model><Property>`).

- `registry`: the names given so far, the work queue, what is built (`Registry`), and where a
  schema stands (`Located`) and what it is built inside of (`Scope`), passed down explicitly;
- `type_exprs`: type expressions, unions, inline enums and models, enums and aliases;
- `objects`: models, their properties, `allOf` merging and base classes;
- `operations`: the inline schemas of operations, named after them;
- `endpoints` (with `parameters`, `media`, `security`): the client's operations, grouped by tag;
- this module: the whole API, in order, and where inline enums end up.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence

from .. import ir
from ..errors import Diagnostic, GeneratorError, Location
from ..loading import LoadedSpec
from ..samples import build_samples
from .call_samples import with_samples
from .endpoints import build_groups, walk_operations
from .objects import build_model
from .operations import (
    HTTP_METHODS,
    MEDIA_TYPE_SCHEMAS,
    SchemaTypes,
    declare_operation_schemas,
)
from .registry import TOP, Located, Registry
from .security import build_schemes, build_servers
from .type_exprs import build_enum_or_alias

__all__ = ["HTTP_METHODS", "MEDIA_TYPE_SCHEMAS", "BuildResult", "build_api"]


@dataclasses.dataclass(frozen=True)
class BuildResult:
    api: ir.Api
    diagnostics: tuple[Diagnostic, ...]


def build_api(spec: LoadedSpec, package: str, selected: Sequence[str] = ()) -> BuildResult:
    """The model of the API: every component schema (or the `selected` ones and what they use)
    and, unless some are selected, the inline schemas of the operations."""
    reg = Registry(spec, package)
    client = not selected and any(True for _ in walk_operations(reg))
    if client:  # the client's modules, which no model's may take
        for module in CLIENT_MODULES:
            reg.module_names.claim(module)
    components = declare_components(reg)
    for wire_name in selected or list(components):
        if wire_name not in components:
            close = difflib.get_close_matches(wire_name, list(components), n=3)
            hint = f"did you mean {', '.join(close)}?" if close else "see components.schemas"
            raise GeneratorError(
                f"--schema {wire_name!r}: no such schema", Location(spec.root), hint
            )
        reg.enqueue(components[wire_name])
    types = declare_operation_schemas(reg) if not selected else {}
    while (located := reg.next_to_build()) is not None:
        ref = reg.refs[located.key]
        if isinstance(ref, ir.ModelRef):
            reg.models[ref.name] = build_model(reg, ref, located)
        else:
            build_enum_or_alias(reg, ref, located, TOP)
    settle_enum_modules(reg)
    api = assemble(reg)
    if client:
        api = with_client(reg, api, types)
    return BuildResult(api, tuple(reg.diagnostics))


# The modules of the client, beside the models': `client.py`, `api/` and the engine `_http/`.
CLIENT_MODULES = ("client", "api", "_http")


def with_client(reg: Registry, api: ir.Api, types: SchemaTypes) -> ir.Api:
    """The API with its client: the operations by tag, the security schemes and the servers."""
    modules = {enum.name: enum.module for enum in reg.enums.values()}
    settled = {key: ir.with_enum_modules(expr, modules) for key, expr in types.items()}
    schemes = build_schemes(reg)
    api = dataclasses.replace(
        api,
        groups=build_groups(reg, settled, schemes),
        security_schemes=tuple(schemes.values()),
        servers=build_servers(reg),
    )
    return dataclasses.replace(api, groups=with_samples(reg, api, api.groups))


def declare_components(reg: Registry) -> dict[str, Located]:
    """Names for every component schema, in the document's order, by wire name."""
    components: dict[str, Located] = {}
    schemas = component_schemas(reg)
    for wire_name in schemas.schema:
        located = component_target(reg, schemas.child(wire_name))
        components[str(wire_name)] = located
        reg.declare(str(wire_name), located)
    return components


def assemble(reg: Registry) -> ir.Api:
    """The API: models with their samples and inline enums, everything sorted by name."""
    enums_by_owner: dict[str | None, list[ir.EnumDef]] = {}
    for enum in reg.enums.values():
        if not enum.own_module:
            enums_by_owner.setdefault(enum.owner, []).append(enum)
    samples = build_samples(reg.models, reg.examples, reg.enums, reg.package)
    descendants = descendants_of(reg.models)
    models = {
        name: dataclasses.replace(
            model,
            sample=samples[name],
            enums=tuple(enums_by_owner.get(name, ())),
            subtypes=subtypes_of(model, descendants.get(name, [])),
        )
        for name, model in reg.models.items()
    }
    data = reg.spec.data
    info = data.get("info", {}) if isinstance(data, dict) else {}
    return ir.Api(
        package=reg.package,
        title=str(info.get("title", "")),
        version=str(info.get("version", "")),
        description=str(info.get("description", "") or ""),
        source=reg.spec.root,
        models=tuple(models[name] for name in sorted(models)),
        enums=tuple(reg.enums[name] for name in sorted(reg.enums)),
        aliases=tuple(reg.aliases[name] for name in sorted(reg.aliases)),
    )


def subtypes_of(model: ir.Model, extending: list[ir.Model]) -> ir.Subtypes | None:
    """A base model's tags, each naming a model that extends it (`extending`): those its
    `mapping` lists, then every model that extends it under its own name (as OpenAPI reads a
    discriminator without a mapping entry). None when no model extends it."""
    if model.subtypes is None:
        return None
    names = {other.name for other in extending}
    mapping = [(tag, name) for tag, name in model.subtypes.mapping if name in names]
    listed = {name for _, name in mapping} | {tag for tag, _ in mapping}
    mapping += [
        (other.wire_name, other.name)
        for other in sorted(extending, key=lambda other: other.name)
        if other.name not in listed and other.wire_name not in listed
    ]
    return ir.Subtypes(model.subtypes.property, tuple(mapping)) if mapping else None


def descendants_of(models: dict[str, ir.Model]) -> dict[str, list[ir.Model]]:
    """The models that extend each model, at any depth: one walk up each model's parents,
    instead of one over all models for each base."""
    found: dict[str, list[ir.Model]] = {}
    for model in models.values():
        seen: set[str] = set()
        parent = model.parent
        while parent is not None and parent.name not in seen:
            found.setdefault(parent.name, []).append(model)
            seen.add(parent.name)
            ancestor = models.get(parent.name)
            parent = ancestor.parent if ancestor is not None else None
    return found


def component_schemas(reg: Registry) -> Located:
    """`components.schemas`, also where a `$ref` stands for the whole mapping (as bundlers write)."""
    data, root = reg.spec.data, reg.spec.root
    components = data.get("components") if isinstance(data, dict) else None
    if not isinstance(components, dict) or not isinstance(components.get("schemas"), dict):
        return Located({}, root, "/components/schemas")
    schemas = reg.follow(Located(components["schemas"], root, "/components/schemas"))
    return schemas if isinstance(schemas.schema, dict) else Located({}, root, "")


def component_target(reg: Registry, located: Located) -> Located:
    """A component that only `$ref`s a schema in another file names that schema itself."""
    schema = located.schema
    if not (isinstance(schema, dict) and isinstance(schema.get("$ref"), str)):
        return located
    target = reg.follow(located)
    is_component = target.document == reg.spec.root and target.pointer.startswith(
        "/components/schemas/"
    )
    if is_component or target.key in reg.refs or reg.kind(target) == "alias":
        return located
    return target


# -- where inline enums end up -------------------------------------------------------------------


def settle_enum_modules(reg: Registry) -> None:
    """Give an inline enum a module of its own when a module needs it that cannot import its owner.

    A model's module imports, before its class, only its base classes and the enums its fields
    use. That keeps those imports free of cycles as long as an enum declared in a model's module
    is used only there and by the subclasses, which import that module first anyway.
    """
    moved = {
        enum.name
        for enum in reg.enums.values()
        if enum.owner is not None and enum.owner not in reg.models
    }
    for model in reg.models.values():
        imported_first = {model.module, *ancestor_modules(reg, model)}
        types = [prop.type for prop in model.properties if not prop.inherited]
        types += [model.extra.type] if model.extra.type is not None else []
        moved |= owned_enums_outside(reg, types, imported_first)
    for alias in reg.aliases.values():
        moved |= owned_enums_outside(reg, [alias.target], set())
    if moved:
        move_enums(reg, {name: reg.new_module(name) for name in sorted(moved)})


def move_enums(reg: Registry, modules: dict[str, str]) -> None:
    """Put each enum named in `modules` in the module given there, and point its users there."""
    for name, module in modules.items():
        reg.enums[name] = dataclasses.replace(reg.enums[name], module=module, own_module=True)
    for name, model in reg.models.items():
        properties = tuple(property_with_enum_modules(prop, modules) for prop in model.properties)
        extra = model.extra
        if extra.type is not None:
            extra = dataclasses.replace(extra, type=ir.with_enum_modules(extra.type, modules))
        reg.models[name] = dataclasses.replace(model, properties=properties, extra=extra)
    for name, alias in reg.aliases.items():
        target = ir.with_enum_modules(alias.target, modules)
        reg.aliases[name] = dataclasses.replace(alias, target=target)


def property_with_enum_modules(prop: ir.Property, modules: dict[str, str]) -> ir.Property:
    moved = ir.with_enum_modules(prop.type, modules)
    return prop if moved is prop.type else dataclasses.replace(prop, type=moved)


def owned_enums_outside(reg: Registry, types: list[ir.TypeExpr], modules: set[str]) -> set[str]:
    """The inline enums these types use that are declared outside `modules`."""
    return {
        enum.name
        for expr in types
        for enum in ir.enums_inside(expr)
        if reg.enums[enum.name].owner is not None and enum.module not in modules
    }


def ancestor_modules(reg: Registry, model: ir.Model) -> list[str]:
    modules: list[str] = []
    parent = model.parent
    while parent is not None and parent.module not in modules:
        modules.append(parent.module)
        ancestor = reg.models.get(parent.name)
        parent = ancestor.parent if ancestor is not None else None
    return modules
