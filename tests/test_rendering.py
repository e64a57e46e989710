"""Stage 4, rendering: escaping rules for Markdown cells and docstrings, and the files rendered.

The Markdown escaping must be exactly what OpenAPI Generator's jmustache does to descriptions
(HTML-escape & ' " < > ` =), plus what a table cell needs (one line, no bare `|`).
"""

from __future__ import annotations

import inspect
import re

import pytest
from support import HEAD, BuildIr, GeneratePackage

from openapi_dataclasses import ir
from openapi_dataclasses.blackstable import looks_formatted
from openapi_dataclasses.filters import docstring, markdown_cell
from openapi_dataclasses.formatting import format_python
from openapi_dataclasses.rendering import render_api

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def table_row(markdown: str, name: str) -> str:
    rows = [line for line in markdown.splitlines() if line.startswith(f"**{name}** |")]
    assert len(rows) == 1, f"expected one table row for {name!r}, found {rows}"
    return rows[0]


def rendered(api: ir.Api, path: str) -> str:
    files = {file.path: file.content for file in render_api(api)}
    assert path in files, f"{path} not rendered; files are {sorted(files)}"
    return files[path]


# -- Markdown table cells -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("&", "&amp;"),
        ("'", "&#39;"),
        ('"', "&quot;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ("`", "&#x60;"),
        ("=", "&#x3D;"),
    ],
)
def test_markdown_cell_escapes_html_as_jmustache(text: str, expected: str) -> None:
    assert markdown_cell(text) == expected


def test_markdown_cell_turns_newlines_into_spaces() -> None:
    assert markdown_cell("first line\nsecond line\n") == "first line second line "


def test_markdown_cell_turns_crlf_into_one_space() -> None:
    assert markdown_cell("a\r\nb") == "a b"


def test_markdown_cell_escapes_pipes() -> None:
    assert markdown_cell("a | b|c") == "a \\| b\\|c"


def test_markdown_cell_escapes_ampersands_of_existing_entities_too() -> None:
    # jmustache does not know the text may already hold entities: it escapes every `&`.
    assert markdown_cell("&lt;b&gt;") == "&amp;lt;b&amp;gt;"


def test_markdown_cell_on_a_description_from_the_seed() -> None:
    text = "ensure the sum of all cart item's `quantity` where `dry=false`.\n"

    assert markdown_cell(text) == (
        "ensure the sum of all cart item&#39;s &#x60;quantity&#x60; "
        "where &#x60;dry&#x3D;false&#x60;. "
    )


def test_markdown_cell_leaves_markdown_and_unicode_alone() -> None:
    text = "**only** via [Update](https://docs.talon.one/x#tag/a-b) `open` → `closed` 1. _x_"

    assert markdown_cell(text) == (
        "**only** via [Update](https://docs.talon.one/x#tag/a-b) &#x60;open&#x60; → "
        "&#x60;closed&#x60; 1. _x_"
    )


# -- docstrings ---------------------------------------------------------------------------------


def test_docstring_escapes_backslashes() -> None:
    assert docstring("C:\\temp\\new") == "C:\\\\temp\\\\new"


def test_docstring_escapes_triple_quotes() -> None:
    assert '"""' not in docstring('say """hi""" twice')


def test_docstring_escapes_a_trailing_quote() -> None:
    assert docstring('ends with "x"').endswith('\\"')


def test_docstring_escapes_control_characters_and_drops_carriage_returns() -> None:
    assert docstring("bell\x07 and\r\nnext") == "bell\\x07 and\nnext"


@pytest.mark.parametrize(
    "text",
    [
        'Path C:\\temp\\new has """triple""" quotes',
        'ends with a quote: "x"',
        "a backslash at the end \\",
        'four quotes """" and \'\'\' single ones',
        "a bell \x07 and a tab\tinside",
    ],
)
def test_docstring_compiles_back_to_the_same_text(text: str) -> None:
    source = f'"""{docstring(text)}"""'

    assert eval(source) == text


def test_model_docstring_survives_generation_formatting_and_import(
    generate_package: GeneratePackage,
) -> None:
    text = 'Path C:\\\\temp\\\\new has \\"\\"\\"triple\\"\\"\\" quotes and a \\\\ at the end'
    package = generate_package(
        HEAD
        + f"""
    Tricky:
      description: "{text}"
      type: object
      properties:
        a: {{type: string}}
    """,
        "docstring_pkg",
    )

    expected = 'Path C:\\temp\\new has """triple""" quotes and a \\ at the end'
    assert inspect.cleandoc(package.Tricky.__doc__) == expected


# -- rendered Markdown --------------------------------------------------------------------------


def test_property_description_is_escaped_in_its_table_row(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Order:
      type: object
      properties:
        note:
          description: "a | b & <i>c</i> 'q' \\"d\\" `e` = f\\nnext line"
          type: string
    """
    )

    row = table_row(rendered(api, "docs/Order.md"), "note")
    assert row == (
        "**note** | **str** | a \\| b &amp; &lt;i&gt;c&lt;/i&gt; &#39;q&#39; &quot;d&quot; "
        "&#x60;e&#x60; &#x3D; f next line | [optional] "
    )


def test_table_rows_have_four_cells_even_for_nullable_and_union_types(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Note:
      type: object
      properties:
        text: {type: [string, 'null'], description: A nullable text.}
        either:
          oneOf: [{type: string}, {type: integer}]
    """
    )

    markdown = rendered(api, "docs/Note.md")
    for name in ("text", "either"):
        row = table_row(markdown, name)
        cells = UNESCAPED_PIPE.split(row)
        assert len(cells) == 4, f"row for {name!r} splits into {len(cells)} cells: {row}"


SESSION_WITH_NOTES = (
    HEAD
    + """
    Session:
      type: object
      properties:
        state: {type: string, enum: [open, closed], default: open}
        storeIntegrationId: {type: string, minLength: 1, maxLength: 1000}
    """
)


def test_string_default_is_noted_as_the_seeds_note_it(build_ir: BuildIr) -> None:
    # Seed 001 and the README: `[default to &#39;open&#39;]` (single quotes, HTML-escaped).
    markdown = rendered(build_ir(SESSION_WITH_NOTES), "docs/Session.md")

    assert table_row(markdown, "state").endswith("| [optional] [default to &#39;open&#39;]")


def test_constraints_and_wire_name_are_listed_in_the_notes(build_ir: BuildIr) -> None:
    markdown = rendered(build_ir(SESSION_WITH_NOTES), "docs/Session.md")

    assert table_row(markdown, "store_integration_id").endswith(
        "| [optional] [minLength: 1] [maxLength: 1000] [wire name: storeIntegrationId] "
    )


def test_files_rendered_for_models_and_enums(build_ir: BuildIr) -> None:
    api = build_ir(
        HEAD
        + """
    Color: {type: string, enum: [red, green]}
    Pet:
      type: object
      properties:
        color: {$ref: '#/components/schemas/Color'}
        mood: {type: string, enum: [happy, sad]}
    """
    )

    paths = [file.path for file in render_api(api)]
    assert paths == [
        "docs/Color.md",
        "docs/Pet.md",
        "docs/PetMoodEnum.md",
        "docs/README.md",
        "pkg/__init__.py",
        "pkg/_runtime/__init__.py",
        "pkg/_runtime/files.py",
        "pkg/color.py",
        "pkg/pet.py",
        "pkg/py.typed",
    ]


def test_python_files_name_their_source_in_the_header(build_ir: BuildIr) -> None:
    api = build_ir(HEAD + "    Pet: {type: object, properties: {name: {type: string}}}\n")

    assert rendered(api, "pkg/pet.py").startswith(
        "# Generated by openapi-dataclasses 0.1.0: do not edit.\n"
        "# Source: spec.yaml#/components/schemas/Pet\n"
    )


# -- generated code that must import and behave -------------------------------------------------


def test_model_that_forbids_extra_properties_imports_and_rejects_them(
    generate_package: GeneratePackage,
) -> None:
    package = generate_package(
        HEAD
        + """
    Parcel:
      type: object
      additionalProperties: false
      properties:
        weight: {type: number}
    """,
        "forbid_pkg",
    )

    assert package.Parcel.from_dict({"weight": 2}).to_dict() == {"weight": 2}
    with pytest.raises(package.ValidationError) as caught:
        package.Parcel.from_dict({"weight": 2, "colour": "red"})
    assert caught.value.path == "colour"


def test_model_with_typed_scalar_extra_properties_imports_and_checks_them(
    generate_package: GeneratePackage,
) -> None:
    package = generate_package(
        HEAD
        + """
    Tally:
      type: object
      additionalProperties: {type: integer}
      properties:
        total: {type: integer}
    """,
        "typed_extra_pkg",
    )

    assert package.Tally.from_dict({"total": 3, "a": 1}).to_dict() == {"total": 3, "a": 1}
    with pytest.raises(package.ValidationError) as caught:
        package.Tally.from_dict({"total": 3, "a": "one"})
    assert caught.value.path == "a"


def test_zero_minimum_is_enforced_by_the_generated_model(
    generate_package: GeneratePackage,
) -> None:
    package = generate_package(
        HEAD
        + """
    Stock:
      type: object
      properties:
        count: {type: integer, minimum: 0}
    """,
        "zero_minimum_pkg",
    )

    assert package.Stock.from_dict({"count": 0}).to_dict() == {"count": 0}
    with pytest.raises(package.ValidationError) as caught:
        package.Stock.from_dict({"count": -1})
    assert caught.value.path == "count"


@pytest.mark.parametrize("wire_name", ["rt", "dataclasses"])
def test_property_named_like_a_module_the_generated_code_uses(
    generate_package: GeneratePackage, wire_name: str
) -> None:
    package = generate_package(
        HEAD
        + f"""
    Widget:
      type: object
      properties:
        {wire_name}: {{type: string}}
    """,
        f"shadow_{wire_name}_pkg",
    )

    assert package.Widget.from_dict({wire_name: "x"}).to_dict() == {wire_name: "x"}


# -- modules the templates write in Black's layout, so that Black need not see them -----------

BLACK_SHAPES = (
    HEAD
    + """\
    StatusCode:
      description: |
        The status codes:
          * `401` - Authorization error with your API key
          * `403` - Forbidden
      type: string
      enum: ['401', '403']
    Failure:
      description: Present only when status is "failed"
      type: object
      properties:
        reason:
          description: |
            Why:
              indented alike, under an attribute, where Black leaves it as it is.
          type: string
    Tracked:
      description: The details of a "tracked" item
      type: object
      properties:
        id: {type: string}
    MembershipGoalCompactResponseWithDetails: {type: object}
    MembershipProjectCompactResponseWithDetails: {type: object}
    MembershipPortfolioCompactResponseWithDetails: {type: object}
    Membership:
      oneOf:
        - $ref: '#/components/schemas/MembershipGoalCompactResponseWithDetails'
        - $ref: '#/components/schemas/MembershipProjectCompactResponseWithDetails'
        - $ref: '#/components/schemas/MembershipPortfolioCompactResponseWithDetails'
    ShortMembership:
      oneOf:
        - $ref: '#/components/schemas/MembershipGoalCompactResponseWithDetails'
        - $ref: '#/components/schemas/Tracked'
"""
)


def test_class_docstrings_and_long_aliases_are_written_as_black_writes_them(
    build_ir: BuildIr,
) -> None:
    # A class's docstring whose lines share an indentation or that ends with a quote, and an
    # alias too long for its line, used to send their modules through Black.
    files = {file.path: file.content for file in render_api(build_ir(BLACK_SHAPES))}
    modules = ["status_code", "failure", "tracked", "membership", "short_membership"]
    for module in modules:
        source = files[f"pkg/{module}.py"]
        assert looks_formatted(source), module
        assert format_python(source, module) == source, module
    assert '    """Present only when status is "failed\\" """' in files["pkg/failure.py"]
    assert "\n    * `401` - Authorization error" in files["pkg/status_code.py"]
    assert "\n      indented alike" in files["pkg/failure.py"]
    assert "Membership: TypeAlias = (\n" in files["pkg/membership.py"]
