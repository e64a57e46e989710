"""The generator as a user installs it: an sdist and a wheel built from a clean checkout, the wheel
installed (not editable) into a fresh virtual environment, and the command run from a folder that
is not ours, from the command line and from `[tool.openapi-dataclasses]`.

Slow: building takes about 7 s and the fresh environment about 20 s (pip installs the pinned
dependencies from PyPI, through its cache). `make test` runs it; `-m 'not slow'` leaves it out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from conftest import FRAGMENT_SPEC, GENERATED
from support import without_checkout

from openapi_dataclasses import __version__

pytestmark = pytest.mark.slow

TABLE = """[tool.openapi-dataclasses]
spec = "specs/new_customer_session_v2.yaml"
out = "generated"
package = "talon_one"
"""


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=without_checkout(dict(os.environ)),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def dist(clean_checkout: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist, and the wheel `build` makes from that sdist (so the sdist holds all it needs)."""
    out = tmp_path_factory.mktemp("dist")
    built = run(sys.executable, "-m", "build", "--outdir", out, clean_checkout, cwd=out)
    assert built.returncode == 0, built.stdout + built.stderr
    return out


@pytest.fixture(scope="module")
def tool(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`openapi-dataclasses` installed from the wheel into a fresh virtual environment."""
    venv = tmp_path_factory.mktemp("venv")
    created = run(sys.executable, "-m", "venv", venv, cwd=venv)
    assert created.returncode == 0, created.stderr
    wheel = next(dist.glob("*.whl"))
    installed = run(venv / "bin" / "python", "-m", "pip", "install", "-q", wheel, cwd=venv)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return venv / "bin" / "openapi-dataclasses"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A user's repository, not ours: the spec in specs/, nothing else yet."""
    (tmp_path / "specs").mkdir()
    shutil.copy(FRAGMENT_SPEC, tmp_path / "specs" / FRAGMENT_SPEC.name)
    (tmp_path / "src").mkdir()
    return tmp_path


def contents(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_sdist_holds_the_templates(dist: Path) -> None:
    with tarfile.open(next(dist.glob("*.tar.gz"))) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}

    assert "templates/python/model.py.jinja" in names
    assert "templates/docs/model.md.jinja" in names


def test_the_wheel_holds_the_templates_inside_its_one_import_package(dist: Path) -> None:
    with zipfile.ZipFile(next(dist.glob("*.whl"))) as wheel:
        names = set(wheel.namelist())
    top_level = {name.split("/", 1)[0] for name in names if "/" in name}

    assert "openapi_dataclasses/templates/python/model.py.jinja" in names
    assert "openapi_dataclasses/templates/docs/model.md.jinja" in names
    assert "openapi_dataclasses/runtime/__init__.py" in names
    assert {name for name in top_level if not name.endswith(".dist-info")} == {
        "openapi_dataclasses"
    }


def test_version(tool: Path, tmp_path: Path) -> None:
    result = run(tool, "--version", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"openapi-dataclasses {__version__}\n"


def test_the_installed_package_is_the_wheels(tool: Path, tmp_path: Path) -> None:
    python = tool.parent / "python"
    result = run(python, "-c", "import openapi_dataclasses as o; print(o.__file__)", cwd=tmp_path)
    shadowing = run(python, "-c", "import generator", cwd=tmp_path)

    assert Path(result.stdout.strip()).is_relative_to(tool.parent.parent), result.stdout
    assert "No module named 'generator'" in shadowing.stderr


def test_generate_from_the_command_line_gives_the_committed_bytes(
    tool: Path, project: Path
) -> None:
    arguments = ["specs/new_customer_session_v2.yaml", "--out", "generated", "--package"]
    result = run(tool, "generate", *arguments, "talon_one", cwd=project)

    assert result.returncode == 0, result.stderr
    assert contents(project / "generated") == contents(GENERATED)


def test_generate_and_check_from_the_configuration_in_a_subfolder(
    tool: Path, project: Path
) -> None:
    (project / "pyproject.toml").write_text(TABLE, encoding="utf-8")
    subfolder = project / "src"

    generated = run(tool, "generate", cwd=subfolder)
    fresh = run(tool, "check", cwd=subfolder)
    (project / "generated" / "talon_one" / "cart_item.py").write_text("stale\n", encoding="utf-8")
    stale = run(tool, "check", cwd=subfolder)

    assert generated.returncode == 0, generated.stderr
    assert fresh.returncode == 0, fresh.stderr
    assert stale.returncode == 1, stale.stderr
    assert "stale:   ../generated/talon_one/cart_item.py" in stale.stdout
    (project / "generated" / "talon_one" / "cart_item.py").unlink()
    assert run(tool, "generate", cwd=subfolder).returncode == 0
    assert contents(project / "generated") == contents(GENERATED)


def test_an_unknown_key_is_exit_2_naming_it(tool: Path, project: Path) -> None:
    (project / "pyproject.toml").write_text(TABLE + "speck = 'x.yaml'\n", encoding="utf-8")

    result = run(tool, "check", cwd=project / "src")

    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("error: ../pyproject.toml: unknown key `speck`"), result.stderr
    assert "Traceback" not in result.stderr
