"""Helpers shared by several test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)
MD_LINK = re.compile(r"\]\(([^)\s]*)\)")


def python_blocks(markdown: str) -> list[str]:
    """The code of every ```python fenced block, in order."""
    return PYTHON_BLOCK.findall(markdown)


def run_python(code: str, filename: str) -> str:
    """Execute `code` in a fresh namespace and return what it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, filename, "exec"), {"__name__": "__sample__"})
    return printed.getvalue()


def markdown_links(markdown: str) -> list[str]:
    """The target of every inline Markdown link `[text](target)`."""
    return MD_LINK.findall(markdown)


def model_docs(docs: Path) -> list[Path]:
    """The docs of models: the pages with a properties table."""
    return sorted(path for path in docs.glob("*.md") if "\n## Properties\n" in path.read_text())


def run_generator(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` as a user runs it, from `cwd`, with this checkout's generator.

    It inherits the environment, so the test session's private cache folder applies.
    """
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
