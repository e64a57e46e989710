"""The pre-commit hooks of `.pre-commit-hooks.yaml`, run as a user's pre-commit runs them:
`pre-commit try-repo` on a clean checkout of ours, in a throwaway git repository of theirs.

Slow: each try-repo builds the hook's virtual environment afresh (its own store), which takes about
17 s (pip installs the package and its pinned dependencies from PyPI, through its cache).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FRAGMENT_SPEC, GENERATED
from support import GIT_IDENTITY, git, without_checkout

pytestmark = pytest.mark.slow

TABLE = """[tool.openapi-dataclasses]
spec = "specs/new_customer_session_v2.yaml"
out = "generated"
package = "talon_one"
"""


def try_repo(checkout: Path, project: Path, *hook: str) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo CHECKOUT [HOOK] --all-files` in `project`."""
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(checkout), *hook, "--all-files"],
        cwd=project,
        env={**without_checkout(dict(os.environ)), **GIT_IDENTITY},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A user's repository with the spec, the configuration and the committed output."""
    (tmp_path / "specs").mkdir()
    shutil.copy(FRAGMENT_SPEC, tmp_path / "specs" / FRAGMENT_SPEC.name)
    shutil.copytree(GENERATED, tmp_path / "generated")
    (tmp_path / "pyproject.toml").write_text(TABLE, encoding="utf-8")
    git("init", "-q", cwd=tmp_path)
    git("add", "-A", cwd=tmp_path)
    git("commit", "-q", "-m", "an SDK", cwd=tmp_path)
    return tmp_path


def test_check_fails_listing_stale_files_generate_fixes_them_and_check_passes(
    clean_checkout: Path, project: Path
) -> None:
    stale_page = project / "generated" / "docs" / "CartItem.md"
    stale_page.write_text(stale_page.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")

    # Every hook, in id order: check, then generate.
    stale = try_repo(clean_checkout, project)

    assert stale.returncode == 1, stale.stdout + stale.stderr
    check_part, generate_part = stale.stdout.split("openapi-dataclasses generate....")
    assert "openapi-dataclasses check" in check_part
    assert "Failed" in check_part
    assert "stale:   generated/docs/CartItem.md" in check_part
    assert "Failed" in generate_part
    assert "files were modified by this hook" in generate_part
    assert stale_page.read_bytes() == (GENERATED / "docs" / "CartItem.md").read_bytes()

    fresh = try_repo(clean_checkout, project, "openapi-dataclasses-check")

    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert "openapi-dataclasses check" in fresh.stdout
    assert "Passed" in fresh.stdout
