"""Stage 4: render the intermediate model through the Jinja2 templates in `templates/`.

Python here decides what each file contains (which imports a module needs, which files exist);
the templates decide how it looks. `filters` holds the escaping rules for each target language
and `graph` the relations the docs draw.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import jinja2

from . import __version__, clientcode, ir
from .blacklayout import lay_out
from .filters import (
    alias_docstring,
    annotation,
    codec,
    constraints_of,
    docstring,
    enum_docstring,
    first_reference,
    first_sentence,
    is_flat_value,
    markdown_block,
    markdown_cell,
    markdown_code_cell,
    markdown_inline,
    model_docstring,
    oneline,
    property_docstring,
    python_repr,
    tidy_markdown,
    truncate_cell,
)
from .graph import model_graph
from .locations import http_folder, runtime_folder, templates_folder

FileKind = Literal["python", "markdown", "text"]


@dataclass(frozen=True)
class RenderedFile:
    path: str  # relative to the output folder, POSIX
    content: str
    kind: FileKind


@dataclass(frozen=True)
class Imports:
    datetime: bool
    typing: tuple[str, ...]
    runtime: tuple[tuple[str, str], ...]  # (module, name) needed when the module runs
    type_only: tuple[tuple[str, str], ...]  # (module, name) needed by annotations only


def render_api(api: ir.Api) -> list[RenderedFile]:
    """Every file of the output, sorted by path."""
    return sorted([*render_package(api), *render_docs(api)], key=lambda file: file.path)


def render_package(api: ir.Api) -> list[RenderedFile]:
    """The Python package: a module per model, enum and alias, `__init__`, `_runtime`, `py.typed`."""
    env = environment()
    package = api.package
    files = [
        python_file(
            env,
            f"{package}/__init__.py",
            "python/__init__.py.jinja",
            api,
            api.source,
            **exports(api),
        ),
        *(
            python_file(
                env,
                f"{package}/_runtime/{name}",
                "python/_runtime.py.jinja",
                api,
                api.source,
                runtime_source=source,
            )
            for name, source in runtime_sources()
        ),
        RenderedFile(f"{package}/py.typed", "", "text"),
    ]
    for model in api.models:
        files.append(
            python_file(
                env,
                f"{package}/{model.module}.py",
                "python/model.py.jinja",
                api,
                model.source,
                model=model,
                imports=model_imports(model),
            )
        )
    for enum in api.enums:
        if enum.owner is None or enum.own_module:
            files.append(
                python_file(
                    env,
                    f"{package}/{enum.module}.py",
                    "python/enum.py.jinja",
                    api,
                    enum.source,
                    enum=enum,
                )
            )
    for alias in api.aliases:
        files.append(
            python_file(
                env,
                f"{package}/{alias.module}.py",
                "python/alias.py.jinja",
                api,
                alias.source,
                alias=alias,
                imports=alias_imports(alias),
            )
        )
    return files + render_client(env, api)


def render_client(env: jinja2.Environment, api: ir.Api) -> list[RenderedFile]:
    """The client, for a description with operations: `client.py`, a module of `api/` per group
    and the engine, `_http/`."""
    if not api.groups:
        return []
    package = api.package
    engine = clientcode.ENGINE_NAMES
    files = [
        python_file(
            env,
            f"{package}/client.py",
            "client/client.py.jinja",
            api,
            api.source,
            engine_names=engine,
        ),
        python_file(env, f"{package}/api/__init__.py", "client/api_init.py.jinja", api, api.source),
        *http_files(env, api),
    ]
    for group in api.groups:
        files.append(
            python_file(
                env,
                f"{package}/api/{group.module}.py",
                "client/group.py.jinja",
                api,
                group.operations[0].source if group.operations else api.source,
                group=group,
                imports=clientcode.group_imports(group),
            )
        )
    return files


@cache
def runtime_sources() -> tuple[tuple[str, str], ...]:
    """The modules of `generator/runtime/`, which every generated package carries as `_runtime/`."""
    folder = runtime_folder()
    return tuple(
        (path.name, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.py"))
    )


# The engine's one spelling of its import of the runtime, and the same import in a package.
ENGINE_RUNTIME_IMPORT = re.compile(r"^from \.\.runtime import ", re.MULTILINE)
SHIPPED_RUNTIME_IMPORT = "from .._runtime import "


@cache
def http_sources() -> tuple[tuple[str, str], ...]:
    """The modules of `generator/http/`, which a package with operations carries as `_http/`.

    One substitution, nothing else: the engine imports the runtime as `from ..runtime import`,
    which inside a generated package is `from .._runtime import`.
    """
    return tuple(
        (path.name, ENGINE_RUNTIME_IMPORT.sub(SHIPPED_RUNTIME_IMPORT, path.read_text("utf-8")))
        for path in sorted(http_folder().glob("*.py"))
    )


def http_files(env: jinja2.Environment, api: ir.Api) -> list[RenderedFile]:
    """`<package>/_http/`: the engine's modules under the generated header, as `_runtime/`."""
    return [
        python_file(
            env,
            f"{api.package}/_http/{name}",
            "python/_runtime.py.jinja",
            api,
            api.source,
            runtime_source=source,
        )
        for name, source in http_sources()
    ]


def render_docs(api: ir.Api) -> list[RenderedFile]:
    """The Markdown docs: a page per model, enum and alias, and the index."""
    env = environment()
    graph = model_graph(api)
    files = [
        markdown_file(env, "docs/README.md", "docs/README.md.jinja", api, api.source, graph=graph)
    ]
    for model in api.models:
        files.append(
            markdown_file(
                env,
                f"docs/{model.name}.md",
                "docs/model.md.jinja",
                api,
                model.source,
                model=model,
                relations=graph.relations(model.name),
            )
        )
    for enum in api.enums:
        files.append(
            markdown_file(
                env, f"docs/{enum.name}.md", "docs/enum.md.jinja", api, enum.source, enum=enum
            )
        )
    for alias in api.aliases:
        files.append(
            markdown_file(
                env, f"docs/{alias.name}.md", "docs/alias.md.jinja", api, alias.source, alias=alias
            )
        )
    for group in api.groups:
        source = group.operations[0].source if group.operations else api.source
        files.append(
            markdown_file(
                env, f"docs/{group.page}.md", "docs/api.md.jinja", api, source, group=group
            )
        )
    return files


def python_file(
    env: jinja2.Environment, path: str, template: str, api: ir.Api, source: str, **context: Any
) -> RenderedFile:
    header = f"# Generated by openapi-dataclasses {__version__}: do not edit.\n# Source: {oneline(source)}"
    content = env.get_template(template).render(api=api, header=header, **context)
    return RenderedFile(path, content, "python")


def markdown_file(
    env: jinja2.Environment, path: str, template: str, api: ir.Api, source: str, **context: Any
) -> RenderedFile:
    content = env.get_template(template).render(api=api, **context)
    place = oneline(source).replace("--", "- -")  # "--" may not appear inside an HTML comment
    comment = (
        f"<!-- Generated by openapi-dataclasses {__version__} from {place}: do not edit. -->\n"
    )
    return RenderedFile(path, tidy_markdown(content) + comment, "markdown")


def exports(api: ir.Api) -> dict[str, Any]:
    by_module: dict[str, list[str]] = {}
    named: list[ir.Model | ir.EnumDef | ir.Alias] = [*api.models, *api.enums, *api.aliases]
    for item in named:
        by_module.setdefault(item.module, []).append(item.name)
    names = [name for group in by_module.values() for name in group]
    names += ["UNSET", "Unset", "ValidationError", "is_known", "set_strict_enums"]
    return {
        "exports": sorted((module, sorted(group)) for module, group in by_module.items()),
        "all_names": sorted(names),
    }


def model_imports(model: ir.Model) -> Imports:
    """Base classes and enums before the class; the models that annotations name, after it.

    Annotations spell aliases out (`list[Tag]`, not `Tags`), so that `typing.get_type_hints`
    finds classes, and the module never needs an alias module.
    """
    types = [prop.type for prop in model.properties if not prop.inherited]
    if model.extra.type is not None:
        types.append(model.extra.type)
    imports = collect_imports(types, {model.module}, expand_aliases=True)
    typing = set(imports.typing)
    if model.extra.mode == "keep":
        typing.add("Any")
    runtime, type_only = set(imports.runtime), set(imports.type_only)
    if model.parent is not None:  # a base class is needed when the module runs
        runtime.add((model.parent.module, model.parent.name))
        type_only.discard((model.parent.module, model.parent.name))
    if not type_only:
        typing.discard("TYPE_CHECKING")
    return Imports(
        imports.datetime, isort_order(typing), tuple(sorted(runtime)), tuple(sorted(type_only))
    )


def isort_order(names: set[str]) -> tuple[str, ...]:
    """Constants first, then classes, as isort and ruff order the names of one import."""
    return tuple(sorted(names, key=lambda name: (not name.isupper(), name)))


def alias_imports(alias: ir.Alias) -> Imports:
    imports = collect_imports([alias.target], {alias.module}, expand_aliases=False)
    typing = set(imports.typing) | {"TypeAlias"}
    if imports.datetime or imports.type_only:
        typing.add("TYPE_CHECKING")
    return Imports(imports.datetime, isort_order(typing), imports.runtime, imports.type_only)


def collect_imports(types: list[ir.TypeExpr], local: set[str], *, expand_aliases: bool) -> Imports:
    """Codecs need enums at run time; annotations need the models (and aliases) they name.

    `local` holds the modules whose names need no import.
    """
    datetime_used = False
    typing: set[str] = set()
    runtime: set[tuple[str, str]] = set()
    type_only: set[tuple[str, str]] = set()
    spelled = (
        node for expr in types for node in ir.walk_types(expr, through_aliases=expand_aliases)
    )
    for node in spelled:
        match node:
            case ir.Scalar():
                datetime_used = datetime_used or node.python.startswith("datetime.")
            case ir.Const() if node.literal:
                typing.add("Literal")
            case ir.AnyJson() | ir.Const():
                typing.add("Any")
            case ir.ModelRef() | ir.AliasRef():
                if node.module not in local:
                    type_only.add((node.module, node.name))
            case ir.EnumRef():
                pass  # the codec needs the enum at run time: see below
            case ir.ArrayOf() | ir.MapOf() | ir.Nullable() | ir.UnionOf():
                pass  # spelled with builtins; the walk yields what is inside
            case _:
                ir.unknown_kind(node)
    for expr in types:
        runtime |= {(enum.module, enum.name) for enum in ir.enums_inside(expr)}
    runtime = {(module, name) for module, name in runtime if module not in local}
    if type_only:
        typing.add("TYPE_CHECKING")
    return Imports(
        datetime_used,
        tuple(sorted(typing)),
        tuple(sorted(runtime)),
        tuple(sorted(type_only - runtime)),
    )


# -- the environment and its filters ---------------------------------------------------------


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_folder()),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,  # templates do not change during a run: no stat() per file rendered
    )
    env.filters.update(
        pyrepr=python_repr,
        annotation=annotation,
        codec=codec,
        plain_repr=repr,  # the docs' notes quote defaults as the seeds do: 'open'
        docstring=docstring,
        oneline=oneline,
        model_docstring=model_docstring,
        enum_docstring=enum_docstring,
        alias_docstring=alias_docstring,
        property_docstring=property_docstring,
        md_cell=markdown_cell,
        md_inline=markdown_inline,
        md_code_cell=markdown_code_cell,
        md_block=markdown_block,
        json=lambda value: json.dumps(value, ensure_ascii=False),
        first_reference=first_reference,
        constraints_of=constraints_of,
        map_of=ir.MapOf,
        after_colon=lambda text: text.split(":", 1)[1],
        first_sentence=first_sentence,
        truncate_cell=truncate_cell,
        black_layout=lay_out,
        argument_annotation=clientcode.argument_annotation,
        body_annotation=clientcode.body_annotation,
        return_annotation=clientcode.return_annotation,
        content_types=clientcode.content_types,
        operation_docstring=clientcode.operation_docstring,
        group_docstring=clientcode.group_docstring,
        client_docstring=clientcode.client_docstring,
        credential_annotation=clientcode.credential_annotation,
        credential_of=clientcode.credential_of,
        signature=clientcode.signature,
        body_doc_type=clientcode.body_doc_type,
        return_doc_type=clientcode.return_doc_type,
        accepted_types=clientcode.accepted_types,
        anchor=clientcode.anchor,
        scheme_markdown=clientcode.scheme_markdown,
        authorization_markdown=clientcode.authorization_markdown,
        operation_statement=clientcode.operation_statement,
        argument_line=clientcode.argument_line,
        call_arguments=clientcode.call_arguments,
        credentials_argument=clientcode.credentials_argument,
    )
    env.tests["contains"] = lambda text, part: part in text
    env.tests["flat_value"] = is_flat_value
    return env
