"""Stage 6, writing: only changed files are rewritten, stale ones go, the project's own files stay,
and failures change nothing."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FRAGMENT_SPEC

from openapi_dataclasses.errors import GeneratorError
from openapi_dataclasses.writing import (
    RECORD,
    STAGING_PREFIX,
    Changes,
    Comparison,
    Layout,
    Record,
    compare,
    same_code,
    write_output,
)

PACKAGE = "pkg"
RECORD_PATH = f"pkg/{RECORD}"
FILES = {
    "pkg/__init__.py": "from pkg.a import A\n",
    "pkg/a.py": "A = 1\n",
    "pkg/b.py": "B = 2\n",
    "docs/A.md": "# A\n",
    "docs/B.md": "# B\n",
}
# A time long past, so that a file written by the test run cannot have it by accident.
OLD_NS = 1_000_000_000_000_000_000


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file under `out` (staging leftovers included) with its bytes."""
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def mtimes(out: Path) -> dict[str, int]:
    return {
        path.relative_to(out).as_posix(): path.stat().st_mtime_ns
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def age(out: Path) -> None:
    for path in out.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD_NS, OLD_NS))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder that already holds FILES, all with an old modification time."""
    folder = tmp_path / "out"
    write_output(folder, FILES, PACKAGE)
    age(folder)
    return folder


def fail_on_call(
    monkeypatch: pytest.MonkeyPatch, method: str, failing_call: int, error: OSError
) -> list[int]:
    """Make `Path.<method>` raise `error` on its `failing_call`-th call (1-based)."""
    original: Callable[..., Any] = getattr(Path, method)
    calls = [0]

    def patched(self: Path, *args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == failing_call:
            raise error
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, method, patched)
    return calls


def written(out: Path) -> dict[str, bytes]:
    """The files under `out` but the record."""
    return {path: data for path, data in snapshot(out).items() if path != RECORD_PATH}


def record(out: Path) -> Record:
    parsed = Record.parse((out / RECORD_PATH).read_bytes())
    assert parsed is not None
    return parsed


def test_first_write_creates_exactly_the_files_and_their_record(tmp_path: Path) -> None:
    changes = write_output(tmp_path / "out", FILES, PACKAGE)

    assert written(tmp_path / "out") == {path: text.encode() for path, text in FILES.items()}
    assert record(tmp_path / "out").files == {
        "package": ("__init__.py", "a.py", "b.py"),
        "docs": ("A.md", "B.md"),
    }
    assert changes.added == tuple(sorted([*FILES, RECORD_PATH]))
    assert (changes.changed, changes.removed, changes.unchanged) == ((), (), 0)


def test_unchanged_files_keep_their_bytes_and_mtime(out: Path) -> None:
    before_bytes, before_mtimes = snapshot(out), mtimes(out)

    changes = write_output(out, {**FILES, "pkg/a.py": "A = 10\n"}, PACKAGE)

    after_bytes, after_mtimes = snapshot(out), mtimes(out)
    assert changes.changed == ("pkg/a.py",)
    assert changes.unchanged == len(FILES)  # the record too
    assert after_bytes["pkg/a.py"] == b"A = 10\n"
    assert after_mtimes["pkg/a.py"] != OLD_NS
    for path in FILES.keys() - {"pkg/a.py"}:
        assert after_bytes[path] == before_bytes[path], path
        assert after_mtimes[path] == before_mtimes[path] == OLD_NS, path


def test_a_run_without_changes_touches_nothing(out: Path) -> None:
    before_mtimes = mtimes(out)

    changes = write_output(out, FILES, PACKAGE)

    assert changes.clean
    assert changes.unchanged == len(FILES) + 1
    assert mtimes(out) == before_mtimes


def test_files_of_removed_schemas_are_deleted(out: Path) -> None:
    remaining = {path: text for path, text in FILES.items() if not path.endswith(("b.py", "B.md"))}

    changes = write_output(out, remaining, PACKAGE)

    assert changes.removed == ("docs/B.md", "pkg/b.py")
    assert changes.changed == (RECORD_PATH,)
    assert sorted(written(out)) == sorted(remaining)


def test_files_outside_the_package_and_docs_are_left_alone(out: Path) -> None:
    (out / "README.md").write_text("mine\n")
    (out / "other").mkdir()
    (out / "other" / "keep.txt").write_text("mine too\n")

    write_output(out, {**FILES, "pkg/a.py": "A = 10\n"}, PACKAGE)

    assert (out / "README.md").read_text() == "mine\n"
    assert (out / "other" / "keep.txt").read_text() == "mine too\n"


def test_bytecode_caches_are_neither_extra_files_nor_lost(out: Path) -> None:
    cache = out / "pkg" / "__pycache__" / "a.cpython-311.pyc"
    cache.parent.mkdir()
    cache.write_bytes(b"cache")

    assert compare(out, FILES, PACKAGE).clean
    write_output(out, {**FILES, "pkg/b.py": "B = 20\n"}, PACKAGE)

    assert cache.read_bytes() == b"cache"


def test_compare_classifies_added_changed_removed_and_unchanged(out: Path) -> None:
    files = {**FILES, "pkg/a.py": "A = 10\n", "docs/C.md": "# C\n"}
    del files["docs/B.md"]

    changes = compare(out, files, PACKAGE)

    assert changes.added == ("docs/C.md",)
    assert changes.changed == (RECORD_PATH, "pkg/a.py")  # the record lists other files
    assert changes.removed == ("docs/B.md",)
    assert changes.unchanged == 3


def test_compare_writes_nothing(out: Path) -> None:
    before, before_mtimes = snapshot(out), mtimes(out)

    compare(out, {"pkg/a.py": "changed\n", "docs/New.md": "new\n"}, PACKAGE)

    assert snapshot(out) == before
    assert mtimes(out) == before_mtimes


@pytest.mark.parametrize("failing_call", [1, 2, 3])
def test_disk_full_while_writing_leaves_previous_output_intact(
    out: Path, monkeypatch: pytest.MonkeyPatch, failing_call: int
) -> None:
    before, before_mtimes = snapshot(out), mtimes(out)
    new_files = {path: text + "# changed\n" for path, text in FILES.items()}
    error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    calls = fail_on_call(monkeypatch, "write_bytes", failing_call, error)

    with pytest.raises(GeneratorError) as caught:
        write_output(out, new_files, PACKAGE)

    assert calls[0] == failing_call
    assert os.strerror(errno.ENOSPC) in caught.value.message
    assert "previous output is unchanged" in caught.value.message
    assert snapshot(out) == before
    assert mtimes(out) == before_mtimes
    assert not [path for path in out.iterdir() if path.name.startswith(STAGING_PREFIX)]


@pytest.mark.parametrize("failing_call", [1, 2, 3, 4])
def test_failure_while_swapping_folders_restores_previous_output(
    out: Path, monkeypatch: pytest.MonkeyPatch, failing_call: int
) -> None:
    before = snapshot(out)
    new_files = {path: text + "# changed\n" for path, text in FILES.items()}
    fail_on_call(monkeypatch, "replace", failing_call, OSError(errno.EACCES, "Permission denied"))

    with pytest.raises(GeneratorError, match="previous output is unchanged"):
        write_output(out, new_files, PACKAGE)

    assert snapshot(out) == before


def test_failed_first_write_leaves_no_partial_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    fail_on_call(monkeypatch, "write_bytes", 3, error)

    with pytest.raises(GeneratorError):
        write_output(tmp_path / "out", FILES, PACKAGE)

    assert snapshot(tmp_path / "out") == {}


def test_a_run_from_the_formatting_cache_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openapi_dataclasses.pipeline import Options, generate

    monkeypatch.setenv("OPENAPI_DATACLASSES_CACHE_DIR", str(tmp_path / "cache"))
    options = Options(spec=FRAGMENT_SPEC, package="talon_one", jobs=1)
    first = generate(options)
    assert any((tmp_path / "cache").glob("format-*.pickle"))
    again = generate(options)
    uncached = generate(Options(spec=FRAGMENT_SPEC, package="talon_one", jobs=1, cache=False))
    assert first.files == again.files == uncached.files


def test_the_projects_own_files_stay_and_are_reported_the_first_time_only(out: Path) -> None:
    (out / "pkg" / "helpers.py").write_text("HELP = 1\n")
    (out / "docs" / "guide").mkdir()
    (out / "docs" / "guide" / "intro.md").write_text("# Intro\n")
    new_files = {**FILES, "pkg/a.py": "A = 10\n"}
    del new_files["pkg/b.py"]

    first = write_output(out, new_files, PACKAGE)
    second = write_output(out, {**new_files, "pkg/a.py": "A = 11\n"}, PACKAGE)

    assert first.left_alone == ("docs/guide/intro.md", "pkg/helpers.py")
    assert first.removed == ("pkg/b.py",)  # the generator's own file, of a schema gone
    assert second.left_alone == ()
    assert (out / "pkg" / "helpers.py").read_text() == "HELP = 1\n"
    assert (out / "docs" / "guide" / "intro.md").read_text() == "# Intro\n"
    assert record(out).left_alone == {"package": ("helpers.py",), "docs": ("guide/intro.md",)}
    # `check` names neither as extra, nor calls the output stale for them.
    assert compare(out, {**new_files, "pkg/a.py": "A = 11\n"}, PACKAGE).clean


def test_a_file_of_the_projects_where_one_is_generated_stops_the_run(out: Path) -> None:
    (out / "pkg" / "c.py").write_text("mine = True\n")

    with pytest.raises(GeneratorError, match="did not write is where it writes"):
        write_output(out, {**FILES, "pkg/c.py": "C = 3\n"}, PACKAGE)

    assert (out / "pkg" / "c.py").read_text() == "mine = True\n"


def test_output_from_before_the_record_is_told_apart_by_its_mark(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "pkg").mkdir(parents=True)
    (out / "pkg" / "old.py").write_text("# Generated by openapi-dataclasses 0.1.0: do not edit.\n")
    (out / "pkg" / "mine.py").write_text("# my own\n")
    (out / "pkg" / "a.py").write_text("A = 1\n")  # the bytes the run writes: taken as its own

    changes = write_output(out, FILES, PACKAGE)

    assert changes.removed == ("pkg/old.py",)
    assert changes.left_alone == ("pkg/mine.py",)
    assert changes.changed == ()
    assert (out / "pkg" / "mine.py").is_file()
    assert not (out / "pkg" / "old.py").exists()


def compare_layout(layout: Layout, files: dict[str, str], black: str = "") -> Changes:
    comparison = Comparison(layout, black, check=True)
    for path, content in files.items():
        comparison.add(path, content)
    comparison.add_record()
    return comparison.changes()


def test_a_dotted_package_and_docs_elsewhere(tmp_path: Path) -> None:
    files = {"shop/api/talon/__init__.py": "", "shop/api/talon/a.py": "A = 1\n", "docs/A.md": "#\n"}
    layout = Layout(tmp_path / "src", "shop.api.talon", tmp_path / "docs" / "api")

    write_output(layout.out, files, layout.package, layout.docs)

    assert (tmp_path / "src" / "shop" / "api" / "talon" / "a.py").read_text() == "A = 1\n"
    assert (tmp_path / "docs" / "api" / "A.md").read_text() == "#\n"
    assert not (tmp_path / "src" / "docs").exists()
    assert not (tmp_path / "src" / "shop" / "__init__.py").exists()  # namespace packages
    assert compare_layout(layout, files).clean


def test_no_docs_writes_none(tmp_path: Path) -> None:
    write_output(tmp_path / "out", {"pkg/a.py": "A = 1\n"}, PACKAGE, False)

    assert sorted(snapshot(tmp_path / "out")) == sorted(["pkg/a.py", RECORD_PATH])


RELAID = {**FILES, "pkg/a.py": "A = (\n    1\n)\n"}


def test_check_takes_another_blacks_layout_as_up_to_date(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_output(out, RELAID, PACKAGE)  # the record names no Black: another one than "26.1"

    changes = compare_layout(Layout.of(out, PACKAGE), FILES, black="26.1")

    assert changes.clean
    assert changes.relaid == ("pkg/a.py",)


def test_check_under_the_same_black_compares_bytes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_output(out, RELAID, PACKAGE)

    changes = compare_layout(Layout.of(out, PACKAGE), FILES, black="")

    assert changes.changed == ("pkg/a.py",)


def test_same_code_ignores_layout_and_docstring_indentation_only() -> None:
    docstring = b'def f():\n    """A\n    b."""\n'
    assert same_code(docstring, b'def f():\n    """A\n        b.\n    """\n')
    assert same_code(b"x = [1, 2]\n", b"x = [\n    1,\n    2,\n]\n")
    assert not same_code(b"x = [1, 2]\n", b"x = [1, 3]\n")
    assert not same_code(b'x = "a"\n', b'x = "b"\n')
