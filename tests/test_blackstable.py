"""`looks_formatted` lets a module skip Black only when Black would return it unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FRAGMENT_SPEC
from hypothesis import given, settings
from hypothesis import strategies as st
from support import REPO_ROOT

from openapi_dataclasses import filters, ir
from openapi_dataclasses.blackstable import line_width, looks_formatted
from openapi_dataclasses.building import build_api
from openapi_dataclasses.errors import InternalError
from openapi_dataclasses.formatting import format_python
from openapi_dataclasses.loading import load_spec
from openapi_dataclasses.rendering import http_sources, render_api, runtime_sources

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


def test_blank_lines_inside_a_docstring_are_its_own_and_black_keeps_them() -> None:
    """A description with paragraphs three blank lines apart: Black leaves a string alone."""
    spaced = CANONICAL.replace(
        "    It has a name.\n", "    It has a name.\n\n\n\n    And more.\n", 1
    )
    assert spaced != CANONICAL
    assert looks_formatted(spaced)
    assert format_python(spaced, "pet.py") == spaced


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


@pytest.mark.parametrize(
    "module",
    [
        "class A:\n  x = 1\n",  # indented by two
        "x = 1 + \\\n    2\n",  # a backslash continuation
        'x = "abc\n',  # an unterminated string
        "x = (1,\n",  # an unclosed bracket
        "x = 1E5\n",
        "x = .5\n",
        "x = 0xFF\n",
        "x = b'a'\n",
        'x = B"a"\n',  # a prefix Black rewrites
        'x = br"a"\n',
        'x = u"a"\n',
        'x = b"\\xAB"\n',  # an escape Black rewrites, in bytes too
        "x = f(a,)\n",  # a magic trailing comma
        "x = (a, b,)\n",  # and a tuple's of more than one item
        "x = [a,]\n",
        "x = f((a, b,))\n",
        "x = t[a,]\n",
        'x = """a"""  # fine\ndef f():\n    """  doc"""\n',  # a docstring with leading spaces
        "x = 1\n\n\n\ny = 2\n",  # three blank lines
        "import os\ndef f():\n    pass\n",  # no blank line before a top-level def
        "import os\n\n\nX = 1\n",  # two blank lines after an import, before code
        "from a import (\n    b,\n    c,\n)\n\n\nX = 1\n",
        'NAME = (\n    "' + "x" * 100 + '"\n)\n',  # Black unwraps a value that cannot fit
    ],
)
def test_shapes_black_changes_are_refused(module: str) -> None:
    assert not looks_formatted(module)


@pytest.mark.parametrize(
    "module",
    [
        # A call's sole argument, a keyword of a string no line has room for: Black leaves it
        # long on its own line and adds no comma (it adds one where it splits at commas).
        'f(\n    name="' + "x" * 100 + '"\n)\n',
        'x = f(\n    g(\n        name="' + "x" * 100 + '"\n    ),\n    y=1,\n)\n',
    ],
)
def test_a_lone_long_keyword_string_is_accepted_and_black_agrees(module: str) -> None:
    assert looks_formatted(module)
    assert format_python(module, "a.py") == module


@pytest.mark.parametrize(
    "module",
    [
        'x = "a # not a comment"\n',
        "# a paragraph\n#\n# and another\nx = 1\n",  # a bare `#` between comment lines
        "name2 = value1[0]\n",  # digits inside names are not numbers
        'x = rf"\\d{2}"\n',
        'x = b"a" + rb"\\r\\n|\\r" + b"\\xab"\n',  # bytes, as the shipped engine has them
        'NAME = f(\n    "' + "x" * 100 + '"\n)\n',  # a lone argument may stay long
        'NAME = [\n    "' + "x" * 100 + '",\n]\n',  # so may a lone item
        'f(\n    a,\n    name="' + "x" * 100 + '",\n)\n',  # and a keyword argument of a string
        'NAME = {\n    "key": "' + "x" * 100 + '",\n}\n',  # and a dict entry of strings
        "class " + "A" * 90 + "(\n    Base\n):\n    pass\n",  # and a class's long name
        "x = (a,)\n",  # a tuple of one item is written with its comma
        "import os\n\nX = f(\n    1,\n)\n\n\nY = 2\n",  # two blank lines between statements
        "import os\n\n\nclass A:\n    pass\n",  # and after an import, before a class
        'x = f(names=(("a",), ("b",)), other=((g(1), 2),))\n',
    ],
)
def test_shapes_black_keeps_are_accepted_and_black_agrees(module: str) -> None:
    assert looks_formatted(module)
    assert format_python(module, "m.py") == module


@pytest.mark.parametrize(
    "line",
    ["x = 1", "名前 = 'é'", "e\u0301" * 50, "\u3000" + "a" * 80, "x" * 90 + "\u0300"],
)
def test_line_width_is_the_width_the_installed_black_measures(line: str) -> None:
    """Black 24 counts a combining mark as no column and Black 26 as one: each its own."""
    from black.strings import str_width

    assert line_width(line) == str_width(line)


# Each part is mostly ordinary, sometimes odd, so that both verdicts come up often.
plain_texts = st.text(st.sampled_from("ab N.名é"), min_size=1, max_size=30).map(str.strip)
odd_texts = st.text(st.sampled_from("ab \"'\\#xN{}\n名é\u0301\xa0\u3000"), max_size=40)
texts = st.one_of(plain_texts.filter(bool), odd_texts)
wires = st.one_of(plain_texts, st.text(st.sampled_from('ab "\\\n名é'), max_size=100))
numbers = st.sampled_from(["0", "1", "10", "1.5", "1e5", "1E5", "0x1F", "1_000", "01", "1.0e-5"])


@settings(max_examples=300, deadline=None)
@given(
    docstring=texts,
    wire=wires,
    number=numbers,
    comment=texts.filter(lambda text: "\n" not in text),
    blank_lines=st.sampled_from([1, 1, 1, 0, 2, 3]),
    indent=st.sampled_from(["    ", "    ", "    ", "  ", "        "]),
)
def test_whatever_the_description_says_an_accepted_module_is_blacks(
    docstring: str, wire: str, number: str, comment: str, blank_lines: int, indent: str
) -> None:
    """The parts of a module that come from the description (through the filters that put them
    there), and the layout around them, fuzzed: accepted means unchanged."""
    text = filters.docstring(docstring)
    module = (
        f'"""{text}"""\n'
        + "\n" * blank_lines
        + "\nclass A:\n"
        + f'{indent}"""{text}"""\n\n'
        + f"{indent}name: str = rt.field({filters.python_string(wire)}, rt.Int(maximum={number}))"
        + f"  # {filters.oneline(comment)}\n"
        + f'{indent}"""{text}"""\n'
    )
    try:
        formatted = format_python(module, "m.py")
    except InternalError:
        assert not looks_formatted(module)
        return
    if looks_formatted(module):
        assert formatted == module


def test_the_runtime_and_engine_every_package_carries_are_recognised() -> None:
    """Otherwise every cold run would pay for Black on a thousand lines that never change."""
    shipped = [*runtime_sources(), *http_sources()]
    assert [name for name, source in shipped if not looks_formatted(source)] == []


LONG = "CodeSecurityConfigurationSecretScanningDelegatedBypassOptionsReviewersItemMode"


def test_shapes_found_on_large_apis_skip_black_and_are_what_black_writes(
    build_ir: Callable[..., ir.Api],
) -> None:
    """An enum member as a default that no line has room for (GitHub), and a closed model whose
    properties are all inherited (Cloudflare): modules Black would leave as they are."""
    api = build_ir(
        f"""
        openapi: 3.0.3
        info: {{title: t, version: "1"}}
        paths: {{}}
        components:
          schemas:
            {LONG}:
              type: object
              properties:
                mode: {{type: string, enum: [always, exempt], default: always}}
            Base:
              type: object
              properties: {{id: {{type: string}}}}
            Closed:
              allOf: [{{$ref: '#/components/schemas/Base'}}]
              additionalProperties: false
        """
    )
    modules = {file.path: file.content for file in render_api(api) if file.kind == "python"}
    shown = [modules[path] for path in modules if path.endswith(("_mode.py", "closed.py"))]
    assert len(shown) == 2
    assert any("default=" + LONG + "ModeEnum.ALWAYS," in text for text in shown)
    for text in shown:
        assert looks_formatted(text)
        assert format_python(text, "a.py") == text
