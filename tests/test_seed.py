"""Our NewCustomerSessionV2 doc against seed 001 (Ruby SDK docs by OpenAPI Generator), and links.

The seed is at ../shared/seeds/; without it the seed tests skip (and fail when CI=true).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import conftest
import pytest
from conftest import GENERATED_DOCS, shared_path
from support import markdown_links

SEED_001 = "seeds/001_63e386fa1192d932.txt"
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True)
class PropertiesTable:
    header: str
    separator: str
    rows: dict[str, list[str]]  # property name -> raw cells (Name, Type, Description, Notes)


def properties_table(markdown: str) -> PropertiesTable:
    """The table under `## Properties`, its cells split on unescaped pipes and kept raw."""
    lines = markdown.splitlines()
    start = lines.index("## Properties") + 2  # the heading, then one blank line
    header, separator = lines[start], lines[start + 1]
    rows: dict[str, list[str]] = {}
    for line in lines[start + 2 :]:
        if not line.startswith("**"):
            break
        cells = UNESCAPED_PIPE.split(line)
        rows[cells[0].strip().strip("*")] = cells
    return PropertiesTable(header, separator, rows)


def test_shared_path_skips_with_a_reason_when_shared_is_absent(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(conftest, "SHARED", tmp_path / "absent")
    monkeypatch.delenv("CI", raising=False)

    with pytest.raises(pytest.skip.Exception, match=r"\.\./shared"):
        shared_path(SEED_001)


def test_shared_path_fails_when_shared_is_absent_on_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(conftest, "SHARED", tmp_path / "absent")
    monkeypatch.setenv("CI", "true")

    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        shared_path(SEED_001)


def test_shared_path_finds_an_existing_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "x.txt").write_text("x")
    monkeypatch.setattr(conftest, "SHARED", tmp_path)

    assert shared_path("seeds/x.txt") == tmp_path / "seeds" / "x.txt"


@pytest.fixture(scope="module")
def seed() -> PropertiesTable:
    return properties_table(shared_path(SEED_001).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ours() -> PropertiesTable:
    return properties_table((GENERATED_DOCS / "NewCustomerSessionV2.md").read_text("utf-8"))


def test_seed_table_is_read(seed: PropertiesTable) -> None:
    assert len(seed.rows) == 11
    assert all(len(cells) == 4 for cells in seed.rows.values())


def test_table_header_and_separator_equal_the_seed(
    seed: PropertiesTable, ours: PropertiesTable
) -> None:
    assert ours.header == seed.header
    assert ours.separator == seed.separator


def test_properties_are_the_seed_properties_in_seed_order(
    seed: PropertiesTable, ours: PropertiesTable
) -> None:
    assert [name for name in ours.rows if name != "extra_properties"] == list(seed.rows)


def test_every_row_has_four_cells(ours: PropertiesTable) -> None:
    assert {name: len(cells) for name, cells in ours.rows.items() if len(cells) != 4} == {}


def test_description_column_equals_the_seed_cell_by_cell(
    seed: PropertiesTable, ours: PropertiesTable
) -> None:
    differences = [
        f"{name}:\n  seed: {cells[2]!r}\n  ours: {ours.rows[name][2]!r}"
        for name, cells in seed.rows.items()
        if name in ours.rows and ours.rows[name][2] != cells[2]
    ]

    assert not differences, "description cells differ from seed 001:\n" + "\n".join(differences)


def test_state_notes_equal_the_seed(seed: PropertiesTable, ours: PropertiesTable) -> None:
    assert ours.rows["state"][3] == seed.rows["state"][3]


# -- links in generated/docs ---------------------------------------------------------------------


def all_docs() -> list[Path]:
    docs = sorted(GENERATED_DOCS.glob("*.md"))
    assert docs, f"no docs in {GENERATED_DOCS}"
    return docs


def test_no_link_targets_md_without_a_name() -> None:
    broken = [
        f"{doc.name}: ]({target})"
        for doc in all_docs()
        for target in markdown_links(doc.read_text(encoding="utf-8"))
        if target.split("/")[-1] == ".md"
    ]

    assert not broken


def test_every_md_link_resolves_to_an_existing_file() -> None:
    links = [
        (doc, target)
        for doc in all_docs()
        for target in markdown_links(doc.read_text(encoding="utf-8"))
        if target.endswith(".md")
    ]
    missing = [
        f"{doc.name} -> {target}" for doc, target in links if not (doc.parent / target).is_file()
    ]

    assert len(links) > len(all_docs())  # every page links back to the README at least
    assert not missing
