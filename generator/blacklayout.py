"""Black's line breaks for the few long statements our templates write, so Black can skip them.

The templates write each field, enum member and adapter as one flat statement. Most fit in 88
columns; a long one used to be left to Black, which costs a fifth of a millisecond a line for the
whole module it sits in. `lay_out` breaks such a statement the way Black (stable style) would:

- a call (or dict display) hugs its head, `name: Type = rt.field(`, with its arguments on one
  indented line if they fit, else one argument a line with a trailing comma, each argument split
  the same way; a sole argument is split on its own, with no comma;
- when that head is too long, the right-hand side goes in parentheses, `name: Type = (`;
- when even that is too long, a subscript annotation is split after its bracket,
  `name: list[` / `Type` / `] = rt.field(`, and any other goes in parentheses, `name: (` /
  `Type | rt.Unset` / `) = rt.field(`;
- inside those brackets a type too long for its line is split the same way, recursively: a union
  one operand a line, operator first (`A` / `| B`), a subscript after its bracket, the items of
  `dict[str, A]` one a line with a trailing comma;
- a name or string that no line has room for stays whole on a line of its own; a type that is a
  lone name too long even for that stays on the line of the call, `name: LongType = rt.field(`,
  when the arguments go one a line (`blackstable` accepts exactly these long lines);
- a long plain value is wrapped, `NAME = (` / `"value"` / `)`; an annotated assignment's lone
  string or name is wrapped so even when it is too long for its line, `Alias: TypeAlias = (`.

It only moves whitespace and adds the trailing commas Black adds: the text of every part is the
template's. Where it is not sure of Black's choice (a shape not listed above, a long line
`blackstable.looks_formatted` would not accept) it returns the statement unchanged; the module
then goes through Black. The tests compare it with Black on generated statements and on every
module of the corpus.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Sequence

from .blackstable import fits, line_exempt, long_lines

INDENT = "    "


# Memoised: a large API repeats the same long field line in many models (cloudflare: 12,827
# statements to lay out, 5,179 of them different), and each costs an `ast.parse`.
@functools.lru_cache(maxsize=1 << 16)
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
    if lines is None:
        return statement
    text = "\n".join(lines)
    if not all(
        fits(text[start:end]) or line_exempt(text, start, end, [], [])
        for start, end in long_lines(text)
    ):
        return statement  # a line Black would leave long but `looks_formatted` would not accept
    return text[indent:]


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
            if isinstance(node.annotation, ast.Name) and not fits(pad + INDENT + annotation):
                return overflowing_head(value, source, indent, f"{target}: {annotation} = ")
            if isinstance(node.annotation, ast.Subscript):
                return split_subscript_annotation(node.annotation, value, source, indent, target)
            if isinstance(node.annotation, ast.Name | ast.BinOp):
                return wrapped_annotation(node.annotation, value, source, indent, target)
            return None
        head = f"{pad}{target}: {annotation} = ("
        if isinstance(value, ast.Name) or is_string(value):
            # Black wraps a lone name or string here even when it is too long for its line.
            return [head, pad + INDENT + text_of(value, source), pad + ")"] if fits(head) else None
        return wrapped_value(value, source, indent, head)
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = text_of(node.targets[0], source)
        if isinstance(node.value, ast.Call):
            return call_lines(node.value, source, indent, f"{target} = ", "")
        if isinstance(node.value, ast.Tuple) and text_of(node.value, source).startswith("("):
            # Black splits a tuple's own parentheses, as a display: one item a line.
            return tuple_lines(node.value, source, indent, f"{target} = ", "")
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
    annotation: ast.expr, value: ast.Call, source: bytes, indent: int, target: str
) -> list[str] | None:
    """`target: (` / the annotation one level in / `) = call(`."""
    pad = " " * indent
    inner = annotation_lines(annotation, source, indent + 4, "", "")
    rest = call_lines(value, source, indent, ") = ", "")
    if inner is None or rest is None:
        return None
    return [f"{pad}{target}: (", *inner, *rest]


def split_subscript_annotation(
    annotation: ast.Subscript, value: ast.Call, source: bytes, indent: int, target: str
) -> list[str] | None:
    """`target: list[` / the subscript one level in / `] = call(`: Black splits the annotation's
    own brackets rather than wrap it in parentheses."""
    pad = " " * indent
    head = f"{pad}{target}: {text_of(annotation.value, source)}["
    inner = slice_lines(annotation.slice, source, indent + 4)
    rest = call_lines(value, source, indent, "] = ", "")
    if not fits(head) or inner is None or rest is None:
        return None
    return [head, *inner, *rest]


def annotation_lines(
    node: ast.expr, source: bytes, indent: int, prefix: str, suffix: str
) -> list[str] | None:
    """A type at `indent` inside brackets, after `prefix` (`| `) and before `suffix` (`,`): a
    union one operand a line, operator first; a subscript split after its opening bracket; a name
    too long for any line left whole, as Black leaves it."""
    pad = " " * indent
    flat = pad + prefix + text_of(node, source) + suffix
    if fits(flat):
        return [flat]
    if "(" in text_of(node, source):
        return None  # parentheses we would have to keep: not a shape we write
    if is_union(node) and not prefix:
        operands = union_operands(node)
        lines: list[str] = []
        for position, operand in enumerate(operands):
            last = position == len(operands) - 1
            part = annotation_lines(
                operand, source, indent, "| " if position else "", suffix if last else ""
            )
            if part is None:
                return None
            lines.extend(part)
        return lines
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        head = f"{pad}{prefix}{text_of(node.value, source)}["
        inner = slice_lines(node.slice, source, indent + 4)
        if not fits(head) or inner is None:
            return None
        return [head, *inner, f"{pad}]{suffix}"]
    if isinstance(node, ast.Name):
        return [flat]  # nowhere to split it: Black leaves it long
    return None


def slice_lines(node: ast.expr, source: bytes, indent: int) -> list[str] | None:
    """A subscript's contents on lines of their own: a tuple one item a line, each with a comma."""
    if not isinstance(node, ast.Tuple):
        return annotation_lines(node, source, indent, "", "")
    flat = " " * indent + text_of(node, source)
    if fits(flat):
        return [flat]
    if not node.elts or text_of(node, source).endswith(","):
        return None  # a magic trailing comma: not a shape we write
    lines: list[str] = []
    for item in node.elts:
        part = annotation_lines(item, source, indent, "", ",")
        if part is None:
            return None
        lines.extend(part)
    return lines


def is_union(node: ast.expr) -> bool:
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr)


def union_operands(node: ast.expr) -> list[ast.expr]:
    """`A | B | C`, parsed as `(A | B) | C`, as [A, B, C]."""
    operands: list[ast.expr] = []
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        operands.append(node.right)
        node = node.left
    operands.append(node)
    return operands[::-1]


def expression_lines(node: ast.expr, source: bytes, indent: int, suffix: str) -> list[str] | None:
    """An expression at `indent`, followed by `suffix` (`,` inside an argument list)."""
    flat = " " * indent + text_of(node, source) + suffix
    if fits(flat):
        return [flat]
    if isinstance(node, ast.Call):
        return call_lines(node, source, indent, "", suffix)
    return None


Item = tuple[ast.expr | ast.keyword | None, str]  # an argument or dict entry, and its text


def call_lines(
    call: ast.Call, source: bytes, indent: int, prefix: str, suffix: str
) -> list[str] | None:
    """`prefix` + the call + `suffix`; split after the opening parenthesis when too long."""
    opening = text_of(call.func, source) + "("
    return bracket_lines(
        call, argument_texts(call, source), source, indent, prefix, opening, suffix
    )


def dict_lines(
    display: ast.Dict, source: bytes, indent: int, prefix: str, suffix: str
) -> list[str] | None:
    """`prefix` + the dict display + `suffix`; split after the opening brace when too long."""
    entries: list[Item] = []
    for key, value in zip(display.keys, display.values, strict=True):
        if key is None:
            return None  # `**mapping`: not a shape we write
        text = source[key.col_offset : value.end_col_offset].decode()
        # Two strings have nowhere to split (`value` stands for the entry); other entries only
        # go on one line.
        strings = is_string(key) and is_string(value)
        entries.append((value if strings else None, text))
    return bracket_lines(display, entries, source, indent, prefix, "{", suffix)


def tuple_lines(
    display: ast.Tuple, source: bytes, indent: int, prefix: str, suffix: str
) -> list[str] | None:
    """`prefix` + the parenthesized tuple + `suffix`; split after the opening parenthesis when
    too long. A tuple of one item keeps its comma: not a shape we write."""
    if len(display.elts) < 2:
        return None
    items: list[Item] = [(item, text_of(item, source)) for item in display.elts]
    return bracket_lines(display, items, source, indent, prefix, "(", suffix)


def bracket_lines(
    node: ast.Call | ast.Dict | ast.Tuple,
    items: Sequence[Item],
    source: bytes,
    indent: int,
    prefix: str,
    opening: str,
    suffix: str,
) -> list[str] | None:
    """`prefix` + a call or display + `suffix`: on one line if it fits, else split after the
    opening bracket, with the items one level in on one line if they fit, else one a line."""
    pad = " " * indent
    text = text_of(node, source)
    flat = pad + prefix + text + suffix
    if fits(flat):
        return [flat]
    head = pad + prefix + opening
    if not fits(head) or not items or text[:-1].rstrip().endswith(","):
        return None  # no room, nothing inside, or a magic trailing comma: not shapes we write
    closing = pad + text[-1] + suffix
    body = pad + INDENT + ", ".join(text for _, text in items)
    # A call's arguments go on one line when they fit; a display's items (a dict's entries)
    # never do when there are more than one: Black always splits a display at its commas.
    if fits(body) and (isinstance(node, ast.Call) or len(items) < 2):
        return [head, body, closing]
    # Black splits a list of items at its commas and adds a trailing one; a sole item is split
    # on its own, with no comma.
    lines = one_a_line(items, source, indent + 4, "," if len(items) > 1 else "")
    return None if lines is None else [head, *lines, closing]


def overflowing_head(call: ast.Call, source: bytes, indent: int, prefix: str) -> list[str] | None:
    """`name: AVeryLongType = call(`, too long, then the arguments one a line: what Black does
    with a type that would not fit even on a line of its own in parentheses. When the arguments
    would fit on one line Black's choice is less regular (it may even keep the parentheses it
    tried), so that is left to Black; `blackstable._LONG_TYPE_CALL` accepts the long line."""
    pad = " " * indent
    items = argument_texts(call, source)
    text = text_of(call, source)
    body = pad + INDENT + ", ".join(item_text for _, item_text in items)
    if len(items) < 2 or fits(body) or text[:-1].rstrip().endswith(","):
        return None
    lines = one_a_line(items, source, indent + 4, ",")
    head = f"{pad}{prefix}{text_of(call.func, source)}("
    return None if lines is None else [head, *lines, pad + ")"]


def one_a_line(items: Sequence[Item], source: bytes, indent: int, comma: str) -> list[str] | None:
    lines: list[str] = []
    for item, text in items:
        exploded = argument_lines(item, text, source, indent, comma)
        if exploded is None:
            return None
        lines.extend(exploded)
    return lines


def argument_lines(
    node: ast.expr | ast.keyword | None, text: str, source: bytes, indent: int, comma: str
) -> list[str] | None:
    flat = " " * indent + text + comma
    if fits(flat):
        return [flat]
    if isinstance(node, ast.keyword):
        if node.arg is None:
            return None
        if isinstance(node.value, ast.Call):
            return call_lines(node.value, source, indent, f"{node.arg}=", comma)
        if isinstance(node.value, ast.Dict):
            return dict_lines(node.value, source, indent, f"{node.arg}=", comma)
        if is_string(node.value) or is_member(node.value):
            return [flat]  # nowhere to split it: Black leaves it long
        return None
    if isinstance(node, ast.Call):
        return call_lines(node, source, indent, "", comma)
    if isinstance(node, ast.Dict):
        return dict_lines(node, source, indent, "", comma)
    if isinstance(node, ast.Name) or (node is not None and is_string(node)):
        return [flat]  # nowhere to split it: Black leaves it long
    return None


def is_string(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def is_member(node: ast.expr) -> bool:
    """`Colour.RED`: an enum member, as a default is written (Black does not split at its dot)."""
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)


def argument_texts(call: ast.Call, source: bytes) -> Sequence[Item]:
    nodes: list[ast.expr | ast.keyword] = [*call.args, *call.keywords]
    if any(isinstance(node, ast.Starred) for node in call.args) or any(
        node.arg is None for node in call.keywords
    ):
        return ()  # *args and **kwargs: leave the ordering questions to Black
    nodes.sort(key=lambda node: (node.lineno, node.col_offset))
    return [(node, text_of(node, source)) for node in nodes]


def text_of(node: ast.expr | ast.keyword, source: bytes) -> str:
    """The node's text; `source` is one line of UTF-8, which is what `ast` counts columns in."""
    return source[node.col_offset : node.end_col_offset].decode()
