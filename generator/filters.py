"""The spelling and escaping rules of each target, as Jinja filters and tests.

Python literals and docstrings, one-line comments, Markdown table cells and paragraphs: whatever
text the description holds, these make it inert where it lands.
"""

from __future__ import annotations

import re
from typing import Any

from . import ir


def model_docstring(model: ir.Model) -> str:
    return class_docstring(join_text(model.title, model.description) or f"The {model.name} model.")


def alias_docstring(alias: ir.Alias) -> str:
    return docstring(join_text(alias.title, alias.description))


def property_docstring(prop: ir.Property) -> str:
    return docstring(join_text(prop.title, prop.description))


def markdown_code_cell(text: Any) -> str:
    """A value as inline code inside a table cell (backticks would end it, pipes the cell)."""
    return "`" + str(text).replace("\n", " ").replace("`", "'").replace("|", "\\|") + "`"


def truncate_cell(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "..."


def enum_docstring(enum: ir.EnumDef) -> str:
    """An inline enum points to its property, whose docstring already says what it means."""
    if enum.owner:
        return docstring(f"The values of `{enum.owner}`'s `{enum.owner_property}` property.")
    return class_docstring(join_text(enum.title, enum.description) or f"The {enum.name} enum.")


def oneline(text: str) -> str:
    """Text that stays on one line (comments, headers): line breaks and controls shown escaped."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def annotation(expr: ir.TypeExpr, expand_aliases: bool = False) -> str:
    """How a type is spelled in Python; `expand_aliases` writes an alias's target in its place."""
    match expr:
        case ir.Scalar():
            return expr.python
        case ir.ArrayOf():
            return f"list[{annotation(expr.item, expand_aliases)}]"
        case ir.MapOf():
            return f"dict[str, {annotation(expr.value, expand_aliases)}]"
        case ir.AliasRef() if expand_aliases:
            return annotation(expr.target, expand_aliases)
        case ir.ModelRef() | ir.EnumRef() | ir.AliasRef():
            return expr.name
        case ir.Nullable():
            return f"{annotation(expr.inner, expand_aliases)} | None"
        case ir.Checked():
            return annotation(expr.inner, expand_aliases)
        case ir.UnionOf():
            spelled = (annotation(option, expand_aliases) for option in expr.options)
            return " | ".join(dict.fromkeys(spelled))  # `Any | Any` says nothing more than `Any`
        case ir.Const() if expr.literal:
            return f"Literal[{python_repr(expr.value)}]"
        case ir.Const() | ir.AnyJson():
            return "Any"
    return ir.unknown_kind(expr)


def codec(expr: ir.TypeExpr) -> str:
    """The runtime codec that reads and writes values of a type: `rt.List(rt.Str(min_length=1))`."""
    match expr:
        case ir.Scalar():
            fmt = expr.format if expr.codec in ("Int", "Str") else None
            arguments = [f"format={python_repr(fmt)}"] if fmt else []
            return f"rt.{expr.codec}({', '.join(arguments + keywords(expr.constraints))})"
        case ir.ArrayOf():
            return f"rt.List({', '.join([codec(expr.item), *keywords(expr.constraints)])})"
        case ir.MapOf():
            return f"rt.Map({', '.join([codec(expr.value), *keywords(expr.constraints)])})"
        case ir.ModelRef():
            return f"rt.Nested({python_repr(expr.name)})"
        case ir.EnumRef():
            return f"rt.Enum({expr.name})"
        case ir.AliasRef():
            return codec(expr.target)
        case ir.Nullable():
            return f"rt.Nullable({codec(expr.inner)})"
        case ir.Const():
            return f"rt.Const({python_repr(expr.value)})"
        case ir.UnionOf():
            return f"rt.Union({', '.join(union_arguments(expr))})"
        case ir.AnyJson():
            return "rt.Json()"
        case ir.Checked():
            return f"rt.Checked({codec(expr.inner)}, {keywords_literal(expr.keywords)})"
    return ir.unknown_kind(expr)


def keywords_literal(keywords: ir.SchemaKeywords) -> str:
    """`rt.Keywords(schema)`, with the schemas its `$ref`s name as a second argument."""
    if not keywords.defs:
        return f"rt.Keywords({python_repr(keywords.schema)})"
    return f"rt.Keywords({python_repr(keywords.schema)}, {python_repr(dict(keywords.defs))})"


def union_arguments(expr: ir.UnionOf) -> list[str]:
    arguments = [codec(option) for option in expr.options]
    if expr.discriminator:
        arguments.append(f"discriminator={python_repr(expr.discriminator)}")
        arguments.append(f"mapping={python_repr(dict(expr.mapping))}")
    if expr.default_model is not None:
        arguments.append(f"default={python_repr(expr.default_model)}")
    if expr.one_of:
        arguments.append("one_of=True")
    return arguments


def keywords(constraints: ir.Constraints) -> list[str]:
    """The constraints that are set, as the codec's keyword arguments."""
    return [f"{name}={python_repr(value)}" for name, value in constraints.present()]


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
    if not text.replace("\n", "").replace("\t", "").isprintable():
        text = "".join(
            char if char.isprintable() or char in "\n\t" else f"\\x{ord(char):02x}" for char in text
        )
    # A quote before another quote, or at the very end, is escaped: no run can close the string.
    return re.sub(r'"(?=")|"$', r'\\"', text)


def class_docstring(text: str) -> str:
    """`docstring` as Black writes a class's docstring, so that Black need not see the module.

    Black lays out docstrings only, not the strings under attributes: it cuts the indentation
    that all lines after the first share (as PEP 257 trims a docstring; lines that a tab
    indents are left to Black), and puts a space between a closing quote and the quotes.
    """
    first, *rest = docstring(text).split("\n")
    if not rest:
        return first + " " if first.endswith('"') else first
    if any(line.lstrip(" ").startswith("\t") for line in rest):
        return "\n".join([first, *rest])
    common = min((len(line) - len(line.lstrip(" ")) for line in rest if line), default=0)
    return "\n".join([first, *(line[common:] for line in rest)])


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


def markdown_type(expr: ir.TypeExpr) -> str:
    """A type in the docs, each type of the package linked to its page.

    One that names one type links it as the seeds do, `[**list[CartItem]**](CartItem.md)`; one
    that names several (a union) links each: `list\\[[**Cat**](Cat.md) \\| [**Dog**](Dog.md)\\]`.
    """
    names = {getattr(node, "name", "") for node in ir.referenced_names(expr)}
    if len(names) > 1:
        return linked_type(expr)
    shown = annotation(expr).replace("|", "\\|")
    return f"[**{shown}**]({first_reference(expr)}.md)" if names else f"**{shown}**"


def linked_type(expr: ir.TypeExpr) -> str:
    """`annotation`, in Markdown with every named type a link to its page."""
    match expr:
        case ir.ModelRef() | ir.EnumRef() | ir.AliasRef():
            return f"[**{expr.name}**]({expr.name}.md)"
        case ir.ArrayOf():
            return f"list\\[{linked_type(expr.item)}\\]"
        case ir.MapOf():
            return f"dict\\[str, {linked_type(expr.value)}\\]"
        case ir.Nullable():
            return f"{linked_type(expr.inner)} \\| None"
        case ir.Checked():
            return linked_type(expr.inner)
        case ir.UnionOf():
            return " \\| ".join(dict.fromkeys(linked_type(option) for option in expr.options))
        case ir.Scalar() | ir.Const() | ir.AnyJson():
            return "**" + annotation(expr).replace("|", "\\|") + "**"
    return ir.unknown_kind(expr)


def discriminated_union(expr: ir.TypeExpr) -> ir.UnionOf | None:
    """The union with a discriminator that a type is (or is inside, as a list's items, say)."""
    for node in ir.walk_types(expr):
        if isinstance(node, ir.UnionOf) and node.discriminator:
            return node
    return None


def constraints_of(expr: ir.TypeExpr) -> tuple[tuple[str, Any], ...]:
    """Constraints to list in the docs' Notes column, under their OpenAPI keyword names: the
    format and validation keywords of the type (an alias's, where the type is one), and those
    of an array's items (`items pattern`) or an object's values (`values minimum`)."""
    expr = plain(expr)
    if isinstance(expr, ir.ArrayOf | ir.MapOf):
        inner = plain(expr.item if isinstance(expr, ir.ArrayOf) else expr.value)
        prefix = "items " if isinstance(expr, ir.ArrayOf) else "values "
        own = tuple((camel(name), value) for name, value in expr.constraints.present())
        if isinstance(inner, ir.Scalar):
            return own + tuple((prefix + name, value) for name, value in scalar_notes(inner))
        return own
    if isinstance(expr, ir.Scalar):
        return scalar_notes(expr)
    return ()


# Formats the Python type already says (`datetime.date`, `float`): the Notes leave them out.
FORMATS_THE_TYPE_SAYS = frozenset({"date-time", "date", "float", "double"})


def scalar_notes(expr: ir.Scalar) -> tuple[tuple[str, Any], ...]:
    found = tuple((camel(name), value) for name, value in expr.constraints.present())
    if expr.format and expr.format not in FORMATS_THE_TYPE_SAYS:
        return (("format", expr.format), *found)
    return found


def plain(expr: ir.TypeExpr) -> ir.TypeExpr:
    """The type itself, without `None` and seen through aliases."""
    while isinstance(expr, ir.Nullable | ir.AliasRef):
        expr = expr.inner if isinstance(expr, ir.Nullable) else expr.target
    return expr


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


def tidy_markdown(text: str) -> str:
    """Collapse runs of blank lines the templates leave, so files read well as plain text."""
    return re.sub(r"\n{4,}", "\n\n\n", text).rstrip("\n") + "\n"
