"""What a project's linters say of generated packages: nothing. ruff with its default rules and
pyright in basic and in strict mode (Pylance's settings) on the fragment and every golden case,
each generated as a dotted package below `src/` as a user's project holds them.

The runtime and the HTTP engine every package carries (`_runtime/`, `_http/`) are checked with
the rest: pyright reads them as it reads the models. (ruff leaves them out: each file says
`# ruff: noqa`, and tests/test_runtime_pyright.py lints them where they are written.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FRAGMENT_SPEC
from support import REPO_ROOT

from openapi_dataclasses.pipeline import Options, generate
from openapi_dataclasses.writing import write_output

GOLDEN = REPO_ROOT / "tests" / "golden"
PYRIGHT = REPO_ROOT / "tools" / "node_modules" / ".bin" / "pyright"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose src/ holds the fragment and every golden case, as `shop.<case>`."""
    root = tmp_path_factory.mktemp("linted")
    (root / "pyproject.toml").write_text('[project]\nname = "shop"\n', encoding="utf-8")
    specs = {"talon": FRAGMENT_SPEC} | {
        case.parent.name: case for case in sorted(GOLDEN.glob("*/spec.yaml"))
    }
    for name, spec in specs.items():
        output = generate(Options(spec=spec, package=f"shop.{name}", jobs=1, docs=False))
        write_output(root / "src", output.files, f"shop.{name}", False)
    return root


def test_ruff_default_rules_find_nothing(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "src"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("mode", ["basic", "strict"])
def test_pyright_finds_nothing(project: Path, mode: str) -> None:
    if not PYRIGHT.is_file():
        reason = f"{PYRIGHT} is absent: `make tools` installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI=true requires it")
        pytest.skip(reason)
    config = {
        "typeCheckingMode": mode,
        "pythonVersion": "3.10",
        "include": ["src"],
    }
    (project / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")

    result = subprocess.run(
        [str(PYRIGHT), "--outputjson", "--pythonpath", sys.executable],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )

    report = json.loads(result.stdout)
    found = [
        f"{item['file']}:{item['range']['start']['line'] + 1}: {item['message']}"
        for item in report["generalDiagnostics"]
    ]
    assert found == []
    assert report["summary"]["filesAnalyzed"] > 20
