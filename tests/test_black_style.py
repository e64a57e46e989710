"""The project's own Black settings (`[tool.black]` beside `[tool.openapi-dataclasses]`): the output
is what the project's `black --check` accepts, whatever its line length, string normalisation or
magic trailing commas; the formatting cache keeps each style apart."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import FRAGMENT_SPEC
from support import run_generator

from openapi_dataclasses.config import Target, resolve
from openapi_dataclasses.errors import GeneratorError
from openapi_dataclasses.formatting import format_cache, format_python
from openapi_dataclasses.pipeline import Options, generate
from openapi_dataclasses.style import DEFAULT_STYLE, Style

TABLE = """
    [tool.openapi-dataclasses]
    spec = "specs/new_customer_session_v2.yaml"
    out = "src"
    package = "shop.api.talon"
    docs = "docs/api"
"""


def project(folder: Path, black: str) -> Path:
    (folder / "specs").mkdir(parents=True)
    shutil.copy(FRAGMENT_SPEC, folder / "specs" / FRAGMENT_SPEC.name)
    (folder / "pyproject.toml").write_text(
        textwrap.dedent(TABLE) + "\n[tool.black]\n" + textwrap.dedent(black), encoding="utf-8"
    )
    return folder


def black_check(folder: Path) -> subprocess.CompletedProcess[str]:
    """The project's own `black --check` on the output, with the project's settings."""
    return subprocess.run(
        [sys.executable, "-m", "black", "--check", "src"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


def longest_field(folder: Path) -> int:
    """The longest line that declares a field on one line."""
    return max(
        len(line)
        for path in (folder / "src").rglob("*.py")
        if "_runtime" not in path.parts
        for line in path.read_text(encoding="utf-8").splitlines()
        if "= rt.field(" in line and line.endswith(")")
    )


@pytest.mark.parametrize(
    "black",
    [
        'line-length = 100\ntarget-version = ["py311"]\n',
        "line-length = 79\nskip-string-normalization = true\n",
        "skip-magic-trailing-comma = true\n",
        "preview = true\n",
    ],
)
def test_the_projects_black_check_passes_on_the_output(tmp_path: Path, black: str) -> None:
    root = project(tmp_path, black)

    generated = run_generator("generate", cwd=root)
    checked = black_check(root)
    fresh = run_generator("check", cwd=root)

    assert generated.returncode == 0, generated.stderr
    assert checked.returncode == 0, checked.stderr
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr


def test_a_longer_line_length_joins_what_88_columns_split(tmp_path: Path) -> None:
    root = project(tmp_path, "line-length = 120\n")

    assert run_generator("generate", cwd=root).returncode == 0

    assert 88 < longest_field(root) <= 120


def test_the_style_comes_from_the_file_that_holds_the_settings(tmp_path: Path) -> None:
    root = project(tmp_path, 'line-length = 100\ntarget-version = ["PY312", "py311"]\n')

    [settings] = resolve(Target(), [], root)

    assert settings.style == Style(line_length=100, target_versions=("py311", "py312"))


@pytest.mark.parametrize(
    ("black", "expected"),
    [
        ("line-length = '100'\n", "`line-length` in [tool.black] must be a whole number"),
        ('target-version = ["3.11"]\n', "`target-version` in [tool.black] must be an array"),
        ("skip-string-normalization = 1\n", "`skip-string-normalization` in [tool.black] must"),
    ],
)
def test_a_black_setting_of_the_wrong_type_is_an_error(
    tmp_path: Path, black: str, expected: str
) -> None:
    root = project(tmp_path, black)

    with pytest.raises(GeneratorError) as raised:
        resolve(Target(), [], root)

    assert expected in raised.value.describe()
    assert "pyproject.toml" in raised.value.describe()


def test_the_default_styles_modules_are_blacks_for_any_target_version() -> None:
    """`Style.is_default` leaves the target versions out: they do not move what we write."""
    output = generate(Options(spec=FRAGMENT_SPEC, package="talon_one", jobs=1, cache=False))
    modules = {path: text for path, text in output.files.items() if path.endswith(".py")}

    for versions in (("py311",), ("py312", "py313")):
        style = Style(target_versions=versions)
        for path, text in modules.items():
            assert format_python(text, path, style) == text, (versions, path)


def test_each_style_has_its_own_formatting_cache() -> None:
    caches = {
        format_cache(style).path
        for style in (DEFAULT_STYLE, Style(line_length=100), Style(string_normalization=False))
    }

    assert len(caches) == 3
