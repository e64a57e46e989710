"""The size bar of CONTRIBUTING.md: no class over 300 lines and no function over 80 in generator/."""

from __future__ import annotations

import ast

from support import REPO_ROOT

MAX_CLASS_LINES = 300
MAX_FUNCTION_LINES = 80


def sizes() -> list[tuple[str, str, int]]:
    """(kind, file:name, lines) of every class and function of the generator, nested ones too."""
    found = []
    for path in sorted((REPO_ROOT / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                kind = "class" if isinstance(node, ast.ClassDef) else "function"
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                found.append((kind, f"{path.relative_to(REPO_ROOT)}:{node.name}", lines))
    return found


def test_no_class_or_function_is_over_the_bar() -> None:
    limits = {"class": MAX_CLASS_LINES, "function": MAX_FUNCTION_LINES}
    over = [item for item in sizes() if item[2] > limits[item[0]]]
    assert over == [], "split these (CONTRIBUTING.md, Style and size)"
