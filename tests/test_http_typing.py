"""The engine and a user's program calling it type-check under mypy --strict and pyright strict.

The program (tests/http_typing/user_program.py) is written as a generated client is: resource
classes whose methods call the engine, raw and streamed response wrappers, an event stream,
the async twins. It runs beside a package `pkg` that carries the engine as `_http/` and the
runtime as `_runtime/`, as a generated package does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import REPO_ROOT

from openapi_dataclasses.rendering import http_sources, runtime_sources

PROGRAM = Path(__file__).parent / "http_typing" / "user_program.py"
PYRIGHT = REPO_ROOT / "tools" / "node_modules" / ".bin" / "pyright"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pkg/` with `_http/` and `_runtime/` as shipped, and the user's program beside it."""
    root = tmp_path_factory.mktemp("typed")
    package = root / "pkg"
    for folder, sources in (("_http", http_sources()), ("_runtime", runtime_sources())):
        (package / folder).mkdir(parents=True)
        for name, source in sources:
            (package / folder / name).write_text(source, encoding="utf-8")
    (package / "__init__.py").write_text('"""A package with an engine."""\n', encoding="utf-8")
    (package / "py.typed").write_text("", encoding="utf-8")
    shutil.copy(PROGRAM, root / "user_program.py")
    return root


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )


def test_the_program_runs(project: Path) -> None:
    result = run([sys.executable, "user_program.py"], project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "['Rex', 'Fido', 'a', 'b', 'Rex', '200', '{\"name\":\"Rex\"}', '404', 'Rex/Rex']"
    )


def test_mypy_strict_reports_nothing(project: Path) -> None:
    result = run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.10",
            "pkg/_http",
            "user_program.py",
        ],
        project,
    )
    assert result.returncode == 0, result.stdout


def test_pyright_strict_reports_nothing(project: Path) -> None:
    if not PYRIGHT.exists():
        reason = "pyright is not installed: run `make tools`"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI=true requires it")
        pytest.skip(reason)
    config = {
        "typeCheckingMode": "strict",
        "pythonVersion": "3.10",
        "pythonPlatform": "Linux",
        "include": ["pkg/_http", "user_program.py"],
    }
    (project / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    result = run([str(PYRIGHT), "--pythonpath", sys.executable, "--outputjson"], project)
    report = json.loads(result.stdout)
    problems = [
        f"{item['file']}:{item['range']['start']['line'] + 1}: {item['message']}"
        for item in report["generalDiagnostics"]
    ]
    assert problems == []
    assert report["summary"]["filesAnalyzed"] >= 15
