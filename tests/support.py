"""Helpers shared by several test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
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


GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
}


def git(*args: str, cwd: Path) -> str:
    """A git command in `cwd` with a fixed identity; its output."""
    return subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env={**os.environ, **GIT_IDENTITY},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def snapshot_checkout(destination: Path) -> Path:
    """This checkout's files as they are now (committed or not, ignored ones left out), committed
    as the only commit of a new git repository at `destination`: a clean checkout to build from."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO_ROOT)
    for name in listed.split("\0"):
        source = REPO_ROOT / name
        if name and source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git("init", "-q", cwd=destination)
    git("add", "-A", cwd=destination)
    git("commit", "-q", "-m", "snapshot", cwd=destination)
    return destination


def without_checkout(environment: dict[str, str]) -> dict[str, str]:
    """The environment for an installed tool: nothing points Python at this checkout."""
    return {key: value for key, value in environment.items() if key != "PYTHONPATH"}
