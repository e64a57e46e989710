"""Helpers shared by several test modules (fixtures live in conftest.py, which uses these)."""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

from openapi_dataclasses import ir

REPO_ROOT = Path(__file__).resolve().parent.parent

# -- small specs and the model built from them (the `build_ir` and `generate_package` fixtures) --

# The start of a spec whose schemas a test appends, indented by four spaces:
# `build_ir(HEAD + "    Pet: {type: object}\n")`.
HEAD = """\
openapi: 3.1.0
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
"""
HEAD_30 = HEAD.replace("3.1.0", "3.0.3")

BuildIr = Callable[..., ir.Api]  # the `build_ir` fixture: (yaml_text, schemas=()) -> ir.Api
GeneratePackage = Callable[[str, str], ModuleType]  # `generate_package`: (yaml_text, package)


def model(api: ir.Api, name: str) -> ir.Model:
    found = [item for item in api.models if item.name == name]
    assert found, f"no model {name!r}; models are {[item.name for item in api.models]}"
    return found[0]


def prop(api: ir.Api, model_name: str, wire_name: str) -> ir.Property:
    found = [item for item in model(api, model_name).properties if item.wire_name == wire_name]
    assert found, f"{model_name} has no property {wire_name!r}"
    return found[0]


def enum(api: ir.Api, name: str) -> ir.EnumDef:
    found = [item for item in api.enums if item.name == name]
    assert found, f"no enum {name!r}; enums are {[item.name for item in api.enums]}"
    return found[0]


@contextlib.contextmanager
def imported(out: Path, package: str) -> Iterator[ModuleType]:
    """The package generated into `out`, imported; then forgotten (its folder left off sys.path,
    its modules out of sys.modules), so that the next test imports what it generated."""
    sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
        for name in [name for name in sys.modules if name.split(".")[0] == package]:
            del sys.modules[name]


# -- docs and commands ---------------------------------------------------------------------------

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
    """`python -m openapi_dataclasses ARGS` as a user runs it, from `cwd`, with this checkout's generator.

    It inherits the environment, so the test session's private cache folder applies.
    """
    return subprocess.run(
        [sys.executable, "-m", "openapi_dataclasses", *args],
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


def shipped_source(text: str, header: str) -> str:
    """A shipped module (`_runtime/`, `_http/`) without the generated header and the comment
    lines that follow it (the lint settings a project's linters read): the source as written."""
    assert text.startswith(header), text[:200]
    lines = text[len(header) :].splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "".join(lines)
