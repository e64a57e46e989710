"""Stage 4: render the intermediate model through the Jinja2 templates in `templates/`.

Python here decides what each file contains (which imports a module needs, which files exist);
the templates decide how it looks. Filters are the escaping rules for each target language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import jinja2

from generator import __version__, ir

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
FileKind = Literal["python", "markdown", "text"]


@dataclass(frozen=True)
class RenderedFile:
    path: str  # relative to the output folder, POSIX
    content: str
    kind: FileKind


@dataclass(frozen=True)
class Edge:
    source: str  # model name
    label: str  # the property (attribute name) that refers
    target: str  # model name


@dataclass(frozen=True)
class Relations:
    """What one model's diagram shows: the models it refers to and those that refer to it."""

    model: str
    outgoing: tuple[Edge, ...]
    incoming: tuple[Edge, ...]
    more_incoming: int  # referrers left out to keep the diagram readable


@dataclass(frozen=True)
class ModelGraph:
    edges: tuple[Edge, ...]
    models: tuple[str, ...]
    max_incoming: int = 12

    def relations(self, name: str) -> Relations:
        incoming = [edge for edge in self.edges if edge.target == name and edge.source != name]
        return Relations(
            model=name,
            outgoing=tuple(edge for edge in self.edges if edge.source == name),
            incoming=tuple(incoming[: self.max_incoming]),
            more_incoming=max(0, len(incoming) - self.max_incoming),
        )

    def most_referenced(self, count: int) -> list[tuple[str, int]]:
        """The models most others refer to, for the index of a large API."""
        referrers: dict[str, set[str]] = {}
        for edge in self.edges:
            if edge.source != edge.target:
                referrers.setdefault(edge.target, set()).add(edge.source)
        ranked = sorted(referrers.items(), key=lambda item: (-len(item[1]), item[0]))
        return [(name, len(sources)) for name, sources in ranked[:count]]


def model_graph(api: ir.Api) -> ModelGraph:
    """Which model refers to which, through which property (aliases seen through)."""
    edges: dict[tuple[str, str, str], Edge] = {}
    for model in api.models:
        for prop in model.properties:
            for target in referenced_models(prop.type):
                edges.setdefault(
                    (model.name, prop.name, target), Edge(model.name, prop.name, target)
                )
    return ModelGraph(tuple(edges.values()), tuple(model.name for model in api.models))


def referenced_models(expr: ir.TypeExpr, seen: frozenset[str] = frozenset()) -> list[str]:
    names: list[str] = []
    for node in ir.walk_types(expr):
        if isinstance(node, ir.ModelRef):
            names.append(node.name)
        elif isinstance(node, ir.AliasRef) and node.name not in seen:
            names.extend(referenced_models(node.target, seen | {node.name}))
    return list(dict.fromkeys(names))


@dataclass(frozen=True)
class Imports:
    datetime: bool
    typing: tuple[str, ...]
    runtime: tuple[tuple[str, str], ...]  # (module, name) needed when the module runs
    type_only: tuple[tuple[str, str], ...]  # (module, name) needed by annotations only


def render_api(api: ir.Api) -> list[RenderedFile]:
    env = environment()
    package = api.package
    graph = model_graph(api)
    files = [
        python_file(
            env,
            f"{package}/__init__.py",
            "python/__init__.py.jinja",
            api,
            api.source,
            **exports(api),
        ),
        python_file(env, f"{package}/_runtime.py", "python/_runtime.py.jinja", api, api.source),
        RenderedFile(f"{package}/py.typed", "", "text"),
        markdown_file(env, "docs/README.md", "docs/README.md.jinja", api, api.source, graph=graph),
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
        if enum.owner is None:
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
        files.append(
            markdown_file(
                env, f"docs/{enum.name}.md", "docs/enum.md.jinja", api, enum.source, enum=enum
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
        files.append(
            markdown_file(
                env, f"docs/{alias.name}.md", "docs/alias.md.jinja", api, alias.source, alias=alias
            )
        )
    return sorted(files, key=lambda file: file.path)


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
    types = [prop.type for prop in model.properties]
    if model.extra.type is not None:
        types.append(model.extra.type)
    local = {enum.name for enum in model.enums} | {model.name}
    imports = collect_imports(types, local)
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
    imports = collect_imports([alias.target], {alias.name})
    typing = set(imports.typing) | {"TypeAlias"}
    if imports.datetime or imports.type_only:
        typing.add("TYPE_CHECKING")
    return Imports(imports.datetime, isort_order(typing), imports.runtime, imports.type_only)


def collect_imports(types: list[ir.TypeExpr], local: set[str]) -> Imports:
    """Annotations need models and aliases only for type checking; codecs need enums at run time."""
    datetime_used = False
    typing: set[str] = set()
    runtime: set[tuple[str, str]] = set()
    type_only: set[tuple[str, str]] = set()
    for expr in types:
        for node in ir.walk_types(expr):
            if isinstance(node, ir.Scalar) and node.python.startswith("datetime."):
                datetime_used = True
            elif isinstance(node, ir.AnyJson) or (isinstance(node, ir.Const) and not node.literal):
                typing.add("Any")
            elif isinstance(node, ir.Const):
                typing.add("Literal")
            elif isinstance(node, ir.EnumRef) and node.name not in local:
                runtime.add((node.module, node.name))
            elif isinstance(node, ir.ModelRef | ir.AliasRef) and node.name not in local:
                type_only.add((node.module, node.name))
                if isinstance(node, ir.AliasRef):
                    runtime |= {
                        (enum.module, enum.name)
                        for enum in enums_inside(node.target)
                        if enum.name not in local
                    }
    if type_only:
        typing.add("TYPE_CHECKING")
    return Imports(
        datetime_used,
        tuple(sorted(typing)),
        tuple(sorted(runtime)),
        tuple(sorted(type_only - runtime)),
    )


def enums_inside(expr: ir.TypeExpr) -> Iterator[ir.EnumRef]:
    for node in ir.walk_types(expr):
        if isinstance(node, ir.EnumRef):
            yield node
        elif isinstance(node, ir.AliasRef):
            yield from enums_inside(node.target)


# -- the environment and its filters ---------------------------------------------------------


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(
        pyrepr=python_repr,
        plain_repr=repr,  # the docs' notes quote defaults as the seeds do: 'open'
        docstring=docstring,
        oneline=oneline,
        model_docstring=lambda model: docstring(
            join_text(model.title, model.description) or f"The {model.name} model."
        ),
        enum_docstring=enum_docstring,
        alias_docstring=lambda alias: docstring(join_text(alias.title, alias.description)),
        property_docstring=lambda prop: docstring(join_text(prop.title, prop.description)),
        md_cell=markdown_cell,
        md_inline=markdown_inline,
        md_code_cell=lambda text: (
            "`" + str(text).replace("\n", " ").replace("`", "'").replace("|", "\\|") + "`"
        ),
        md_block=markdown_block,
        json=lambda value: json.dumps(value, ensure_ascii=False),
        first_reference=first_reference,
        constraints_of=constraints_of,
        map_of=ir.MapOf,
        dict_of_pairs=dict,
        after_colon=lambda text: text.split(":", 1)[1],
        first_sentence=first_sentence,
        truncate_cell=lambda text: text if len(text) <= 120 else text[:117] + "...",
    )
    env.tests["contains"] = lambda text, part: part in text
    env.tests["flat_value"] = is_flat_value
    return env


def enum_docstring(enum: ir.EnumDef) -> str:
    """An inline enum points to its property, whose docstring already says what it means."""
    if enum.owner:
        return docstring(f"The values of `{enum.owner}`'s `{enum.owner_property}` property.")
    return docstring(join_text(enum.title, enum.description) or f"The {enum.name} enum.")


def oneline(text: str) -> str:
    """Text that stays on one line (comments, headers): line breaks and controls shown escaped."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def python_repr(value: Any) -> str:
    """A Python literal for a JSON value, strings in double quotes as Black writes them."""
    if isinstance(value, str):
        return python_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(python_repr(item) for item in value) + "]"
    if isinstance(value, dict):
        items = (f"{python_repr(key)}: {python_repr(item)}" for key, item in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, float) and value != value:
        return 'float("nan")'
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return f'float("{value}")'
    return repr(value)


def python_string(text: str) -> str:
    """`repr` of a string, switched to double quotes unless that needs more escapes."""
    literal = repr(text)
    if literal.startswith('"'):
        return literal
    body = literal[1:-1]
    double = body.replace("\\'", "'").replace('"', '\\"')
    return f'"{double}"' if double.count("\\") <= body.count("\\") else literal


def join_text(title: str, description: str) -> str:
    """A title and a description as one text, the title as its first line unless it repeats it."""
    title, description = title.strip(), description.strip()
    if not title or title.rstrip(".") == description.rstrip("."):
        return description or title
    if not description:
        return title
    return f"{title if title.endswith('.') else title + '.'}\n\n{description}"


def docstring(text: str) -> str:
    """Text safe inside a triple-quoted docstring: no closing quotes, no escapes, no trailing quote."""
    text = "\n".join(line.rstrip() for line in text.strip().replace("\r", "").split("\n"))
    text = text.replace("\\", "\\\\")
    text = "".join(
        char if char.isprintable() or char in "\n\t" else f"\\x{ord(char):02x}" for char in text
    )
    # A quote before another quote, or at the very end, is escaped: no run can close the string.
    return re.sub(r'"(?=")|"$', r'\\"', text)


# The escaping OpenAPI Generator's Mustache templates apply to descriptions (the seeds show it).
_HTML_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "'": "&#39;",
        '"': "&quot;",
        "<": "&lt;",
        ">": "&gt;",
        "`": "&#x60;",
        "=": "&#x3D;",
    }
)


def markdown_cell(text: Any) -> str:
    """One table cell: newlines become spaces, HTML is escaped as the seeds do, pipes cannot split the row."""
    return (
        str(text)
        .replace("\r\n", "\n")
        .replace("\n", " ")
        .translate(_HTML_ESCAPES)
        .replace("|", "\\|")
    )


def markdown_inline(text: Any) -> str:
    return str(text).replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def markdown_block(text: Any) -> str:
    """A description as Markdown paragraphs: its Markdown is kept, raw HTML is shown as text.

    Lists get what every Markdown renderer needs (GitHub's is lenient, Python-Markdown is not):
    a blank line before a list that follows text, and nested items indented by four spaces.
    """
    escaped = str(text).strip().replace("\r\n", "\n").replace("<", "&lt;").replace(">", "&gt;")
    lines: list[str] = []
    fenced = False
    for line in escaped.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        item = None if fenced else _LIST_ITEM.match(line)
        if item and lines and lines[-1].strip() and not _LIST_ITEM.match(lines[-1]):
            lines.append("")
        if item and 0 < len(item.group(1)) < 4:
            line = "    " + line.lstrip()
        lines.append(line)
    return "\n".join(lines)


_LIST_ITEM = re.compile(r"^( *)(?:[-*+]|\d+[.)]) ")


def is_flat_value(value: ir.PyExpr) -> bool:
    """Whether a code sample shows a value on one line: scalars, and a few scalars together."""
    if isinstance(value, ir.PyLiteral | ir.PyName):
        return not isinstance(
            value.value if isinstance(value, ir.PyLiteral) else None, dict | list
        ) or (len(str(value.value)) <= 60 if isinstance(value, ir.PyLiteral) else True)
    children: list[ir.PyExpr]
    if isinstance(value, ir.PyList):
        children = list(value.items)
    elif isinstance(value, ir.PyDict):
        children = [item for _, item in value.entries]
    else:
        if value.callee.startswith("datetime."):
            return True
        children = [*value.args, *(item for _, item in value.kwargs)]
    return len(children) <= 3 and all(
        isinstance(child, ir.PyLiteral | ir.PyName) and is_flat_value(child) for child in children
    )


def first_sentence(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    match = re.match(r"(.+?[.!?])(\s|$)", line)
    return match.group(1) if match else line


def first_reference(expr: ir.TypeExpr) -> str:
    names = ir.referenced_names(expr)
    return getattr(names[0], "name", "") if names else ""


def constraints_of(expr: ir.TypeExpr) -> tuple[tuple[str, Any], ...]:
    """Constraints to list in the docs' Notes column, under their OpenAPI keyword names."""
    while isinstance(expr, ir.Nullable):
        expr = expr.inner
    if isinstance(expr, ir.Scalar | ir.ArrayOf | ir.MapOf):
        return tuple((camel(name), value) for name, value in expr.constraints.present())
    return ()


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


def tidy_markdown(text: str) -> str:
    """Collapse runs of blank lines the templates leave, so files read well as plain text."""
    return re.sub(r"\n{4,}", "\n\n\n", text).rstrip("\n") + "\n"
