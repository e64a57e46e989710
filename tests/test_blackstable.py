"""`looks_formatted` lets a module skip Black only when Black would return it unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FRAGMENT_SPEC, REPO_ROOT

from generator.blackstable import looks_formatted
from generator.building import build_api
from generator.formatting import format_python
from generator.loading import load_spec
from generator.rendering import render_api

GOLDEN_SPECS = sorted((REPO_ROOT / "tests" / "golden").glob("*/spec.yaml"))

CANONICAL = '''\
# Generated: do not edit.
"""A module."""

from __future__ import annotations

from pkg import _runtime as rt


@rt.model
class Pet(rt.Model):
    """A pet.

    It has a name.
    """

    name: str = rt.field("name", rt.Str(max_length=10))
    """The name."""
'''


def test_a_canonical_module_is_accepted_and_black_agrees() -> None:
    assert looks_formatted(CANONICAL)
    assert format_python(CANONICAL, "pet.py") == CANONICAL


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("rt.Str(max_length=10)", "rt.Str(max_length=10, pattern='a')"),  # single quotes
        ("max_length=10", "max_length=1E+10"),  # Black rewrites exponents
        ('rt.field("name", rt.Str(max_length=10))', 'rt.field("name", rt.Str(max_length=10),)'),
        ('"name", rt.Str', '"name' + "x" * 80 + '", rt.Str'),  # too long
        ('"""A pet.\n', '""""A" pet.\n'),  # a docstring that starts with a quote
        ("    It has a name.\n", "      It has a name.\n"),  # docstring indentation Black changes
        ("from pkg import _runtime as rt\n\n\n", "from pkg import _runtime as rt\n\n\n\n"),
        ('    """The name."""', '    """The name.""" # one space before a comment'),
    ],
)
def test_anything_unusual_goes_through_black(old: str, new: str) -> None:
    assert old in CANONICAL
    assert not looks_formatted(CANONICAL.replace(old, new, 1))


@pytest.mark.parametrize(
    "spec", [FRAGMENT_SPEC, *GOLDEN_SPECS], ids=lambda path: Path(path).parent.name
)
def test_every_module_it_accepts_is_one_black_leaves_unchanged(spec: Path) -> None:
    files = render_api(build_api(load_spec(spec), "pkg").api)
    accepted = [file for file in files if file.kind == "python" and looks_formatted(file.content)]
    assert accepted
    for file in accepted:
        assert format_python(file.content, file.path) == file.content, file.path


def test_wide_characters_count_twice_as_black_counts_them() -> None:
    line = '    name: str = rt.field("' + "名" * 30 + '", rt.Str(max_length=10))'
    assert len(line) <= 88  # in characters it fits; in columns it does not
    module = CANONICAL.replace('    name: str = rt.field("name", rt.Str(max_length=10))', line)
    assert not looks_formatted(module)
    assert format_python(module, "pet.py") != module
