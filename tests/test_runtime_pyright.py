"""The runtime every generated package carries (`_runtime/`) passes the tools of the projects it
lands in: pyright in strict and in basic mode (Pylance's settings), ruff with its default rules.

pyright comes from `make tools` (tools/node_modules); without it the pyright tests skip, and fail
under CI=true. The generated model modules are checked elsewhere: these tests look at the runtime
folder only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import REPO_ROOT

from openapi_dataclasses.pipeline import Options, generate
from openapi_dataclasses.writing import write_output

PYRIGHT = REPO_ROOT / "tools" / "node_modules" / ".bin" / "pyright"
RUFF = Path(sys.executable).parent / "ruff"

SPEC = """\
openapi: 3.1.0
info: {title: shop, version: "1"}
paths: {}
components:
  schemas:
    Item:
      type: object
      required: [sku]
      properties:
        sku: {type: string, minLength: 1}
        at: {type: string, format: date-time}
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated package in a folder of its own: the folder the tools run in."""
    folder = tmp_path_factory.mktemp("shop")
    spec = folder / "shop.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    output = generate(Options(spec=spec, package="shop", jobs=1, cache=False))
    write_output(folder / "out", output.files, "shop")
    return folder / "out"


def pyright() -> Path:
    if not PYRIGHT.is_file():
        reason = "pyright is not installed: run `make tools`"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI=true requires it")
        pytest.skip(reason)
    return PYRIGHT


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["strict", "basic"])
def test_pyright_reports_nothing_on_the_runtime(package: Path, mode: str) -> None:
    config = {
        "typeCheckingMode": mode,
        "pythonVersion": "3.10",
        "include": ["shop/_runtime"],
        "pythonPlatform": "Linux",
    }
    (package / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    checked = subprocess.run(
        [str(pyright()), "--outputjson", "--pythonpath", sys.executable],
        cwd=package,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = json.loads(checked.stdout)
    found = [
        f"{item['file'].rpartition('/')[2]}:{item['range']['start']['line'] + 1}: "
        f"{item['message']} ({item.get('rule', '')})"
        for item in report["generalDiagnostics"]
    ]
    assert found == []
    assert report["summary"]["filesAnalyzed"] == len(list((package / "shop/_runtime").glob("*.py")))


def test_ruff_with_its_default_rules_reports_nothing_on_the_runtime_and_the_engine() -> None:
    """`--isolated`: no configuration, so ruff's defaults, at the oldest Python the runtime and
    the HTTP engine support. (Each shipped copy carries `# ruff: noqa`: for a project that
    targets a newer Python, pyupgrade would ask for spellings 3.10 lacks.)"""
    checked = subprocess.run(
        [
            str(RUFF),
            "check",
            "--isolated",
            "--no-cache",
            "--target-version",
            "py310",
            "generator/runtime",
            "generator/http",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
