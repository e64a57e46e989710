"""Black's line breaks for the few long statements our templates write, so Black can skip them.

The templates write each field, enum member and adapter as one flat statement. Most fit in 88
columns; a long one used to be left to Black, which costs a fifth of a millisecond a line for the
whole module it sits in. `lay_out` breaks such a statement the way Black (stable style) would:

- a call hugs its head, `name: Type = rt.field(`, with its arguments on one indented line if they
  fit, else one argument a line with a trailing comma, each argument split the same way;
- when that head is too long, the right-hand side goes in parentheses, `name: Type = (`;
- when even that is too long, the annotation does, `name: (` / `Type` / `) = rt.field(`;
- a long plain value is wrapped, `NAME = (` / `"value"` / `)`.

It only moves whitespace: the text of every part is the template's. Where it is not sure of Black's
choice (a part that stays too long, a shape not listed above) it returns the statement unchanged;
`blackstable.looks_formatted` then rejects the over-long line and the module goes through Black.
The tests compare it with Black on generated statements and on every module of the corpus.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from generator.blackstable import fits

INDENT = "    "


def lay_out(statement: str, indent: int) -> str:
    """`statement`, flat and written at column `indent`, broken over lines as Black would."""
    if fits(" " * indent + statement) or "\n" in statement:
        return statement
    try:
        tree = ast.parse(statement)
    except SyntaxError:
        return statement
    if len(tree.body) != 1:
        return statement
    lines = statement_lines(tree.body[0], statement.encode(), indent)
    if lines is None or not all(fits(line) for line in lines):
        return statement
    return "\n".join(lines)[indent:]


def statement_lines(node: ast.stmt, source: bytes, indent: int) -> list[str] | None:
    pad = " " * indent
    if isinstance(node, ast.AnnAssign) and node.value is not None and node.simple:
        target = text_of(node.target, source)
        annotation = text_of(node.annotation, source)
        value = node.value
        if isinstance(value, ast.Call):
            # Black's preference, in order: hug the call, wrap the value, wrap the annotation.
            if fits(f"{pad}{target}: {annotation} = {text_of(value.func, source)}("):
                return call_lines(value, source, indent, f"{target}: {annotation} = ", "")
            if fits(f"{pad}{target}: {annotation} = ("):
                return wrapped_value(value, source, indent, f"{pad}{target}: {annotation} = (")
            if isinstance(node.annotation, ast.Name | ast.BinOp):
                return wrapped_annotation(value, source, indent, target, annotation)
            return None
        return wrapped_value(value, source, indent, f"{pad}{target}: {annotation} = (")
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = text_of(node.targets[0], source)
        if isinstance(node.value, ast.Call):
            return call_lines(node.value, source, indent, f"{target} = ", "")
        return wrapped_value(node.value, source, indent, f"{pad}{target} = (")
    return None


def wrapped_value(value: ast.expr, source: bytes, indent: int, head: str) -> list[str] | None:
    """`head (` / the value one level in / `)`; only when every line fits, as Black requires."""
    if not fits(head):
        return None
    inner = expression_lines(value, source, indent + 4, "")
    if inner is None:
        return None
    return [head, *inner, " " * indent + ")"]


def wrapped_annotation(
    value: ast.Call, source: bytes, indent: int, target: str, annotation: str
) -> list[str] | None:
    pad = " " * indent
    rest = call_lines(value, source, indent, ") = ", "")
    if rest is None:
        return None
    return [f"{pad}{target}: (", f"{pad}{INDENT}{annotation}", *rest]


def expression_lines(node: ast.expr, source: bytes, indent: int, suffix: str) -> list[str] | None:
    """An expression at `indent`, followed by `suffix` (`,` inside an argument list)."""
    flat = " " * indent + text_of(node, source) + suffix
    if fits(flat):
        return [flat]
    if isinstance(node, ast.Call):
        return call_lines(node, source, indent, "", suffix)
    return None


def call_lines(
    call: ast.Call, source: bytes, indent: int, prefix: str, suffix: str
) -> list[str] | None:
    """`prefix` + the call + `suffix`; split after the opening parenthesis when too long."""
    pad = " " * indent
    flat = pad + prefix + text_of(call, source) + suffix
    if fits(flat):
        return [flat]
    head = f"{pad}{prefix}{text_of(call.func, source)}("
    if not fits(head) or has_magic_trailing_comma(call, source):
        return None
    arguments = argument_texts(call, source)
    if not arguments:
        return None
    closing = f"{pad})" + suffix
    body = pad + INDENT + ", ".join(text for _, text in arguments)
    if fits(body):
        return [head, body, closing]
    lines = [head]
    for node, text in arguments:
        exploded = argument_lines(node, text, source, indent + 4)
        if exploded is None:
            return None
        lines.extend(exploded)
    return [*lines, closing]


def argument_lines(
    node: ast.expr | ast.keyword, text: str, source: bytes, indent: int
) -> list[str] | None:
    flat = " " * indent + text + ","
    if fits(flat):
        return [flat]
    if isinstance(node, ast.keyword) and node.arg is not None and isinstance(node.value, ast.Call):
        return call_lines(node.value, source, indent, f"{node.arg}=", ",")
    if isinstance(node, ast.Call):
        return call_lines(node, source, indent, "", ",")
    return None


def argument_texts(call: ast.Call, source: bytes) -> Sequence[tuple[ast.expr | ast.keyword, str]]:
    nodes: list[ast.expr | ast.keyword] = [*call.args, *call.keywords]
    if any(isinstance(node, ast.Starred) for node in call.args) or any(
        node.arg is None for node in call.keywords
    ):
        return ()  # *args and **kwargs: leave the ordering questions to Black
    nodes.sort(key=lambda node: (node.lineno, node.col_offset))
    return [(node, text_of(node, source)) for node in nodes]


def has_magic_trailing_comma(call: ast.Call, source: bytes) -> bool:
    return text_of(call, source)[:-1].rstrip().endswith(",")


def text_of(node: ast.expr | ast.keyword, source: bytes) -> str:
    """The node's text; `source` is one line of UTF-8, which is what `ast` counts columns in."""
    return source[node.col_offset : node.end_col_offset].decode()
