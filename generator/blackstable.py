"""A conservative test for text that Black would leave exactly as it is.

The templates write Python in Black's layout, and most generated modules come out already
formatted. Black still costs a fifth of a millisecond a line to confirm that, the largest share of
a cold run. `looks_formatted` checks what varies with the description: strings, numbers,
comments, docstrings, line lengths, and the blank lines and indentation around them. It accepts
them only in the narrow shapes our templates produce and Black provably keeps. Anything else (a
long line, a single-quoted or escaped string, an exponent, an odd docstring) goes through Black.
The spacing between tokens is not checked: it comes from the templates alone.

The tests hold it to that: for every module of the fragment, the golden files, the whole corpus,
every fuzzed description and fuzzed module parts, a module this accepts must be one Black returns
unchanged.

It reads a module with a few regular expressions, not `tokenize`, which is pure Python before
3.12 and took five times as long. A quote or backslash the scan cannot place means "not
formatted", so a misreading can only send a module to Black.
"""

from __future__ import annotations

import re
from bisect import bisect_right

LINE_LENGTH = 88
_STRING_LITERAL = r'"(?:[^"\\\n]|\\.)*"'  # double-quoted, on one line
# One match per string, comment or number; code between matches is skipped. Any other quote or
# backslash (a single-quoted string, a line continuation, an unterminated string) is `odd`.
_TOKENS = re.compile(
    r"[^\"'#\\0-9]*+"  # what cannot start a token, skipped in one step
    r'(?:(?P<triple>"""(?:[^"\\]|\\.|"(?!""))*""")'
    rf"|(?P<string>{_STRING_LITERAL})"
    r"|(?P<comment>#[^\n]*)"
    r"|(?P<number>(?<!\w)[0-9](?:[\w.]|(?<=[eE])[-+])*)"
    r"|(?P<odd>['\"\\])"
    r"|[0-9]+"  # digits inside a name
    r"|\Z)",  # so that the tail is skipped once, not once per character
    re.DOTALL,
)
_PREFIX = re.compile(r"\w{1,3}\Z")  # letters glued to an opening quote: a string prefix
# Black lowercases every prefix letter but `R`, drops `u` and writes `br` as `rb`.
_ALLOWED_PREFIXES = ("", "r", "f", "rf", "fr", "b", "rb")
# A double-quoted string body with no quote inside, escaped or not.
_PLAIN_STRING_BODY = re.compile(r'"(?:[^"\\\n]|\\[^\n' + "\"'" + r"])*" + '"')
# Unicode escapes Black would rewrite: an odd run of backslashes, then upper-case hex or \N{...}.
_ESCAPE_BLACK_REWRITES = re.compile(
    r"(?<!\\)(?:\\\\)*\\(?:x[0-9a-f]?[A-F]|u[0-9a-f]{0,3}[A-F]|U[0-9a-f]{0,7}[A-F]|N\{)"
)
_PLAIN_NUMBER = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]+)?(e-?[0-9]+)?")
# Blank lines Black would remove: three in a row, or two before an indented line.
_TOO_MANY_BLANK_LINES = re.compile(r"\n\n\n\n|\n\n\n ")
_TOP_LEVEL_DEFINITION = re.compile(r"\n(?:class |def |@)")
# Two blank lines before a top-level statement that is no definition (nor a comment, nor an
# import): after an import, Black keeps one.
_TWO_BLANK_LINES_BEFORE_CODE = re.compile(r"\n\n\n(?!class |def |async def |@|#|from |import )")
_TRAILING_WHITESPACE = re.compile(r"[^\S\n]\n")
# Indentation Black would change: not a multiple of four, or a block not four deeper than its
# header (read on the code with strings and comments taken out).
_INDENT_NOT_FOUR = re.compile(
    r"^(?:    )* {1,3}\S|^( *)\S[^\n]*:[ ]*\n(?:[ ]*\n)*+(?!\1    \S)", re.MULTILINE
)
# `,)` on one line: Black would put each item on a line of its own (but a one-item tuple's).
_MAGIC_TRAILING_COMMA = re.compile(r",[ ]*[)\]}]")
_LONG_LINE = re.compile(rf"^.{{{LINE_LENGTH + 1},}}$", re.MULTILINE)
# Black's table of wide characters, which count as two columns, starts at U+1100.
_MAYBE_WIDE = re.compile(r"[\u1100-\U0010ffff]")
_MAYBE_WIDE_LINE = re.compile(r"^.*[\u1100-\U0010ffff].*$", re.MULTILINE)
# `from a.very.long.module import (`: a dotted name Black cannot wrap, however long.
_UNSPLITTABLE_IMPORT = re.compile(r" *from [\w.]+ import \($")
# `class AVeryLongName(`: the name of a class whose bases Black has put on lines of their own.
_UNSPLITTABLE_CLASS = re.compile(r"class \w+\($")
# A string or name alone on its line: Black keeps it there, however long, when it is an item
# with a (magic) trailing comma or a call's or subscript's only argument. In parentheses of
# its own (an assignment's value, say) Black would unwrap it instead.
_LONE_ITEM = re.compile(rf"(?:\w{{0,2}}{_STRING_LITERAL}|[^\W\d]\w*)(?P<comma>,?)")
_CALL_OPENED = re.compile(r".*[\w)\]][(\[]")
# `name: Type = (`: Black keeps a lone string or name that is an annotated assignment's value in
# these parentheses, however long (a plain assignment's it unwraps).
_ANNOTATED_VALUE_OPENED = re.compile(r"(?P<indent> *)[^\W\d]\w*: [^=\n]+ = \(")
# `NAME = "value"` (an enum member): Black wraps the value in parentheses only where that makes
# it fit, and else leaves the line long.
_PLAIN_VALUE = re.compile(rf"(?P<indent> *)[^\W\d]\w* = (?P<value>{_STRING_LITERAL})")
# A keyword argument of a string or an enum member (`default=Colour.RED`), or a dict entry of
# strings, an item on its line with a trailing comma, or a call's sole argument without one:
# Black has nowhere to split it, however long.
_LONE_PAIR = re.compile(
    rf"(?:[^\W\d]\w*=(?:{_STRING_LITERAL}|[^\W\d]\w*\.[^\W\d]\w*)"
    rf"|{_STRING_LITERAL}: {_STRING_LITERAL})(?P<comma>,?)"
)
# A union split one operand a line, operator first (`A` / `| B` / `| C`): Black has nowhere to
# split an operand that is a name, however long.
_NAME = re.compile(r"[^\W\d]\w*")
_LATER_OPERAND = re.compile(r"\| [^\W\d]\w*,?")
# `name: AVeryLongType = call(`, the arguments one a line below: Black leaves a type that is a
# lone name on the line of the call it hugs when even parentheses would not give it room.
_LONG_TYPE_CALL = re.compile(r"(?P<indent> *)[^\W\d]\w*: (?P<type>[^\W\d]\w*) = [\w.]+\(")
_BRACKETS = (("(", ")"), ("[", "]"), ("{", "}"))


def looks_formatted(source: str) -> bool:
    if (
        not source.endswith("\n")
        or source.startswith("\n")
        or source.endswith("\n\n")
        or "\t" in source
        or "\r" in source
        or _TRAILING_WHITESPACE.search(source)
        or not definitions_set_apart(source)
        or two_blank_lines_after_import(source)
    ):
        return False
    scan = scan_tokens(source)
    if scan is None:
        return False
    code, triples, comment_lines = scan
    if (
        blank_lines_to_cut(source, triples)
        or magic_trailing_comma(code)
        or _INDENT_NOT_FOUR.search(code)
        or any(code.count(opening) != code.count(closing) for opening, closing in _BRACKETS)
    ):
        return False
    # Exemptions first: measuring wide characters imports Black.
    return all(
        line_exempt(source, start, end, triples, comment_lines) or fits(source[start:end])
        for start, end in long_lines(source)
    )


Spans = list[tuple[int, int]]


def magic_trailing_comma(code: str) -> bool:
    """A trailing comma before a closing bracket on one line, which makes Black put each item
    on a line of its own: any but a one-item tuple's, `(x,)`, which Black writes so."""
    return any(
        not match.group().endswith(")") or not one_item_tuple(code, match.start())
        for match in _MAGIC_TRAILING_COMMA.finditer(code)
    )


def one_item_tuple(code: str, comma: int) -> bool:
    """Whether the comma at `comma` ends a tuple display of one item: no other comma at its
    level back to its `(`, which no name or bracket precedes (`f(x,)` is a call's)."""
    depth = 0
    for index in range(comma - 1, -1, -1):
        char = code[index]
        if char in ")]}":
            depth += 1
        elif char in "([{":
            if depth == 0:
                before = code[:index].rstrip()
                return char == "(" and not (
                    before and (before[-1].isalnum() or before[-1] in "_)]")
                )
            depth -= 1
        elif char == "," and depth == 0:
            return False
    return False


def blank_lines_to_cut(source: str, triples: Spans) -> bool:
    """More blank lines than Black keeps, outside triple-quoted strings (a description's blank
    lines stay in its docstring as they are)."""
    starts = [start for start, _ in triples]
    for match in _TOO_MANY_BLANK_LINES.finditer(source):
        index = bisect_right(starts, match.start()) - 1
        if index < 0 or triples[index][1] <= match.start():
            return True
    return False


def two_blank_lines_after_import(source: str) -> bool:
    """Two blank lines between an import and the code after it, which Black makes one."""
    for match in _TWO_BLANK_LINES_BEFORE_CODE.finditer(source):
        start = match.start()
        while start > 0:  # back to the first line of the statement above (unindented)
            start = source.rfind("\n", 0, start - 1) + 1
            if not source[start].isspace() and not source.startswith(")", start):
                break
            if start == 0:
                break
        if source.startswith(("from ", "import "), start):
            return True
    return False


def definitions_set_apart(source: str) -> bool:
    """Two blank lines above each top-level `class`, `def` or decorator and the comments on it."""
    for match in _TOP_LEVEL_DEFINITION.finditer(source):
        end = match.start()  # the end of the line above
        above = line_up_to(source, end)
        while above.startswith("#"):  # comments right above belong to the definition
            end -= len(above) + 1
            if end < 0:
                break
            above = line_up_to(source, end)
        if end < 0 or above.startswith("@"):
            continue
        if above or source[end - 2 : end] != "\n\n" or end < 3:
            return False
    return True


def scan_tokens(source: str) -> tuple[str, Spans, list[int]] | None:  # noqa: C901 - one pass over the tokens, a branch per kind: split up, the hot loop would pay a call per token
    """The code with strings as `S` and comments cut, the triple-quoted strings' spans and the
    starts of comment lines; None when a token is not in a form Black keeps."""
    code: list[str] = []
    triples: Spans = []
    comment_lines: list[int] = []
    position = 0
    last_code = ""  # the last character of code before the current token, spaces aside
    for match in _TOKENS.finditer(source):
        kind = match.lastgroup
        if kind is None:
            continue
        start, text = match.start(kind), match.group(kind)
        if kind == "number":
            if not _PLAIN_NUMBER.fullmatch(text) or source[start - 1] == ".":
                return None
            continue
        segment = source[position:start]
        code.append(segment)
        if segment.strip():
            last_code = segment.rstrip()[-1]
        position = match.end()
        if kind == "comment":
            before = line_up_to(source, start)
            if not comment_canonical(text, before):
                return None
            if not before.strip():
                comment_lines.append(start)  # Black never wraps these, nor the code before
            continue
        if kind == "odd":
            return None
        glued = start > 0 and (source[start - 1].isalnum() or source[start - 1] == "_")
        prefix = _PREFIX.search(source, max(0, start - 3), start) if glued else None
        if kind == "triple":
            # The first statement of the module or of a block: Black's docstring, or at least
            # held to its rules (any string after a `:` is, which is only stricter).
            docstring = last_code in ("", ":")
            if prefix or not triple_canonical(text, line_up_to(source, start), docstring=docstring):
                return None
            triples.append((start, position))
        elif not string_canonical(prefix.group() if prefix else "", text):
            return None
        code.append("S")
        last_code = "S"
    code.append(source[position:])
    return "".join(code), triples, comment_lines


def line_up_to(source: str, position: int) -> str:
    """The text of the line that `position` is on, up to `position`."""
    return source[source.rfind("\n", 0, position) + 1 : position]


def string_canonical(prefix: str, text: str) -> bool:
    """Double quotes, no quote inside, no escape Black rewrites (unless raw)."""
    if prefix not in _ALLOWED_PREFIXES or not _PLAIN_STRING_BODY.fullmatch(text):
        return False
    return "r" in prefix or "\\" not in text or not _ESCAPE_BLACK_REWRITES.search(text)


def comment_canonical(text: str, before: str) -> bool:
    """`# text` (or a bare `#`) on a line of its own, or two spaces after code."""
    if not text.startswith("# ") and text != "#":
        return False
    return not before.strip() or (before.endswith("  ") and not before.endswith("   "))


def triple_canonical(text: str, indent: str, *, docstring: bool) -> bool:
    """A triple-quoted string opening its line as Black leaves it; a docstring as Black writes one."""
    if indent.strip():
        return False
    if "\\" in text and re.search(r"\\\s*\n|\\+[xuUN]", text):
        return False  # escape sequences Black may rewrite
    if not docstring:
        return True
    content = text[3:-3]
    if not content or content != content.lstrip() or content.startswith('"'):
        return False
    if "\n" not in content:
        if content.endswith('" '):  # Black's space between a closing quote and the quotes
            content = content[:-1]
        elif content.endswith(('"', "\\")):
            return False
        return content == content.rstrip()
    body = content.split("\n")
    if body[-1] != indent or body[0] != body[0].strip():
        return False
    widths = [len(line) - len(line.lstrip()) for line in body[1:] if line.strip()]
    if not widths or min(widths) != len(indent):
        return False
    return all(line == line.rstrip() and (line.strip() or not line) for line in body[1:-1])


def long_lines(source: str) -> list[tuple[int, int]]:
    """The spans of the lines that may be wider than Black allows."""
    spans = [match.span() for match in _LONG_LINE.finditer(source)]
    if not source.isascii() and _MAYBE_WIDE.search(source):
        spans += [
            match.span()
            for match in _MAYBE_WIDE_LINE.finditer(source)
            if LINE_LENGTH < 2 * (match.end() - match.start()) <= 2 * LINE_LENGTH
        ]
    return spans


def line_exempt(
    source: str, start: int, end: int, triples: Spans, comment_lines: list[int]
) -> bool:
    """Whether Black leaves a long line long: a comment line, part of a triple-quoted string, a
    lone name or string (see `_LONE_ITEM`), an operand of a split union, a type no line has room
    for (see `_LONG_TYPE_CALL`), a plain value no line has room for (see `_PLAIN_VALUE`), or a
    dotted module name to import from."""
    index = bisect_right(comment_lines, end) - 1
    if index >= 0 and comment_lines[index] >= start:
        return True
    index = bisect_right(triples, (end, end)) - 1
    if index >= 0 and triples[index][1] > start:
        return True
    line = source[start:end]
    below_end = source.find("\n", end + 1)
    below = source[end + 1 : below_end if below_end >= 0 else len(source)]
    if _LATER_OPERAND.fullmatch(line.strip()) or (
        _NAME.fullmatch(line.strip()) and below.lstrip().startswith("| ")
    ):
        return True
    lone = _LONE_ITEM.fullmatch(line.strip()) or _LONE_PAIR.fullmatch(line.strip())
    if lone is not None:
        above = line_up_to(source, start - 1)
        if lone.group("comma") or _CALL_OPENED.fullmatch(above):
            return True
        opened = _ANNOTATED_VALUE_OPENED.fullmatch(above)
        return opened is not None and below == opened["indent"] + ")"
    long_type = _LONG_TYPE_CALL.fullmatch(line)
    if long_type is not None:
        parenthesized = " " * (len(long_type["indent"]) + 4) + long_type["type"]
        return not fits(parenthesized) and below.endswith(",")
    plain_value = _PLAIN_VALUE.fullmatch(line)
    if plain_value is not None:
        return not fits(" " * (len(plain_value["indent"]) + 4) + plain_value["value"])
    return bool(_UNSPLITTABLE_IMPORT.fullmatch(line) or _UNSPLITTABLE_CLASS.fullmatch(line))


def fits(line: str) -> bool:
    """Whether Black would call the line short enough."""
    return line_width(line) <= LINE_LENGTH


def line_width(line: str) -> int:
    """The width Black measures: East Asian wide characters count two and, before Black 25,
    combining marks none, so a line that is not ASCII is measured by the installed Black."""
    if line.isascii():
        return len(line)
    from black.strings import str_width  # imports Black, which most runs never need

    return int(str_width(line))
