"""A conservative test for text that Black would leave exactly as it is.

The templates write Python in Black's layout, and most generated modules come out already
formatted. Black still costs a fifth of a millisecond a line to confirm that, the largest share of
a cold run. `looks_formatted` accepts only text in the narrow shapes our templates produce and Black
provably keeps: short lines, plain double-quoted strings, plain integers and decimals, canonical
blank lines and docstrings. Anything else (a long line, a single-quoted or escaped string, an
exponent, an odd docstring) goes through Black as before.

The tests hold it to that: for every module of the fragment, the golden files, the whole corpus
and every fuzzed description, a module this accepts must be one Black returns unchanged.
"""

from __future__ import annotations

import io
import re
import tokenize

LINE_LENGTH = 88
# A double-quoted string (raw or f-string allowed) with no quote inside, escaped or not.
_PLAIN_STRING = re.compile(r'(r|f|rf|fr)?"(?:[^"\\\n]|\\[^\n' + "\"'" + r"])*" + '"')
# Unicode escapes Black would rewrite: an odd run of backslashes, then upper-case hex or \N{...}.
_ESCAPE_BLACK_REWRITES = re.compile(
    r"(?<!\\)(?:\\\\)*\\(?:x[0-9a-f]?[A-F]|u[0-9a-f]{0,3}[A-F]|U[0-9a-f]{0,7}[A-F]|N\{)"
)
# `from a.very.long.module import (`: a dotted name Black cannot wrap, however long.
_UNSPLITTABLE_IMPORT = re.compile(r" *from [\w.]+ import \($")
_PLAIN_NUMBER = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]+)?(e-?[0-9]+)?")
_CLOSERS = {")", "]", "}"}


def looks_formatted(source: str) -> bool:
    if not source.endswith("\n") or source.endswith("\n\n") or "\t" in source or "\r" in source:
        return False
    lines = source.split("\n")[:-1]
    if any(line != line.rstrip() for line in lines):
        return False
    if not blank_lines_canonical(lines):
        return False
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    return tokens_canonical(tokens, lines)


def blank_lines_canonical(lines: list[str]) -> bool:
    """No leading blank line; at most two blank lines in a row, one inside a block."""
    if not lines or not lines[0]:
        return False
    run = 0
    for index, line in enumerate(lines):
        if line:
            indented = line.startswith(" ")
            if (indented and run > 1) or run > 2:
                return False
            if (
                not indented
                and run == 0
                and index > 0
                and starts_definition(line)
                and lines[index - 1]
            ):
                previous = lines[index - 1]
                if not previous.startswith("@") and not previous.startswith("#"):
                    return False
            run = 0
        else:
            run += 1
    return True


def starts_definition(line: str) -> bool:
    return line.startswith(("class ", "def ", "@"))


def tokens_canonical(tokens: list[tokenize.TokenInfo], lines: list[str]) -> bool:
    previous: tokenize.TokenInfo | None = None
    exempt: set[int] = set()  # line numbers Black would not wrap however long
    statement_start = True  # the next token begins a statement (after NEWLINE, INDENT, DEDENT)
    first_in_block = True  # the next statement is the first of the module or of a block
    for token in tokens:
        kind, text = token.type, token.string
        if kind == tokenize.COMMENT and not comment_canonical(token):
            return False
        if kind == tokenize.COMMENT:
            exempt.add(token.start[0])
        if kind in (tokenize.NL, tokenize.COMMENT):
            continue
        if kind == tokenize.STRING and text.startswith('"""'):
            if not docstring_canonical(token, lines, docstring=statement_start and first_in_block):
                return False
            exempt.update(range(token.start[0], token.end[0] + 1))  # Black never splits strings
        elif not plain_token(token) or magic_trailing_comma(previous, token):
            return False
        elif kind in (tokenize.STRING, tokenize.NAME) and token.line.strip() in (text, text + ","):
            exempt.add(token.start[0])  # a string or name alone on its line: Black cannot split it
        if kind == tokenize.INDENT:
            first_in_block = True
        elif kind == tokenize.NEWLINE and not statement_start:
            first_in_block = False
        statement_start = kind in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
        previous = token
    return all(
        fits(line) or number in exempt or _UNSPLITTABLE_IMPORT.fullmatch(line)
        for number, line in enumerate(lines, start=1)
    )


def fits(line: str) -> bool:
    """Whether Black would call the line short enough."""
    return line_width(line) <= LINE_LENGTH


def line_width(line: str) -> int:
    """The width Black measures: East Asian wide characters count two, combining marks none."""
    if line.isascii():
        return len(line)
    from black.strings import str_width  # imports Black, which most runs never need

    return int(str_width(line))


def plain_token(token: tokenize.TokenInfo) -> bool:
    """Strings and numbers in the form Black writes them; other tokens pass."""
    if token.type == tokenize.STRING:
        return bool(_PLAIN_STRING.fullmatch(token.string)) and (
            token.string.startswith(("r", "fr", "rf"))
            or not _ESCAPE_BLACK_REWRITES.search(token.string)
        )
    if token.type == tokenize.NUMBER:
        return bool(_PLAIN_NUMBER.fullmatch(token.string))
    return True


def comment_canonical(token: tokenize.TokenInfo) -> bool:
    """`# text` on a line of its own, or two spaces after code."""
    if not token.string.startswith("# ") or token.string != token.string.rstrip():
        return False
    before = token.line[: token.start[1]]
    return not before.strip() or (before.endswith("  ") and not before.endswith("   "))


def magic_trailing_comma(previous: tokenize.TokenInfo | None, token: tokenize.TokenInfo) -> bool:
    """`(a, b,)` on one line: Black would put each item on a line of its own."""
    return (
        token.type == tokenize.OP
        and token.string in _CLOSERS
        and previous is not None
        and previous.string == ","
        and previous.end[0] == token.start[0]
    )


def docstring_canonical(token: tokenize.TokenInfo, lines: list[str], *, docstring: bool) -> bool:
    """A triple-quoted string as Black leaves it; where it is a docstring, as Black writes one."""
    text = token.string
    if len(text) < 6 or not text.endswith('"""') or re.search(r"\\\s*\n", text):
        return False
    if re.search(r"\\+[xuUN]", text):
        return False  # escape sequences Black may rewrite
    start_line, end_line = token.start[0], token.end[0]
    if (
        not lines[start_line - 1].lstrip().startswith('"""')
        or lines[end_line - 1].rstrip() != lines[end_line - 1]
    ):
        return False
    if not docstring:
        return True
    content = text[3:-3]
    if not content or content != content.lstrip() or content.startswith('"'):
        return False
    if start_line == end_line:
        return (
            content == content.rstrip()
            and not content.startswith('"')
            and not content.endswith(('"', "\\"))
        )
    indent = lines[start_line - 1][
        : len(lines[start_line - 1]) - len(lines[start_line - 1].lstrip())
    ]
    body = content.split("\n")
    if body[-1] != indent or body[0] != body[0].strip():
        return False
    widths = [len(line) - len(line.lstrip()) for line in body[1:] if line.strip()]
    if not widths or min(widths) != len(indent):
        return False
    return all(line == line.rstrip() and (line.strip() or not line) for line in body[1:-1])
