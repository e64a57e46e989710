"""Stage 6: put the formatted files in the output folder, or compare them with it (`check`).

The generator owns `OUT/<package>/` and `OUT/docs/`. A run writes the new trees into a staging
folder beside them and swaps them in only when everything is written, so a failed or interrupted
run leaves the previous output as it was. Files whose bytes do not change are hard-linked (or
copied with their times) into the new tree, so they keep their mtime.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import GeneratorError, Location

IGNORED_PARTS = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache"})
IGNORED_SUFFIXES = (".pyc",)
STAGING_PREFIX = ".openapi-dataclasses-"


@dataclass(frozen=True)
class Changes:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int

    @property
    def clean(self) -> bool:
        return not (self.added or self.changed or self.removed)


def owned_roots(package: str) -> tuple[str, ...]:
    return (package, "docs")


def existing_files(out: Path, roots: Iterable[str]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for root in roots:
        base = out / root
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            relative = path.relative_to(out)
            if (
                path.is_file()
                and not IGNORED_PARTS.intersection(relative.parts)
                and path.suffix not in IGNORED_SUFFIXES
            ):
                found[relative.as_posix()] = path
    return found


def compare(out: Path, files: Mapping[str, str], package: str) -> Changes:
    comparison = Comparison(out, package)
    for path, content in files.items():
        comparison.add(path, content)
    return comparison.changes()


class Comparison:
    """How the files given to `add` differ from what `out` holds (what `check` reports).

    Files can be added while the rest of the run is still being generated.
    """

    def __init__(self, out: Path, package: str) -> None:
        self.current = existing_files(out, owned_roots(package))
        self.added: list[str] = []
        self.changed: list[str] = []
        self.unchanged: list[str] = []

    def add(self, path: str, content: str | bytes) -> bool:
        """Whether the file is new or different."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        existing = self.current.get(path)
        if existing is None:
            self.added.append(path)
        elif read_bytes(existing) != data:
            self.changed.append(path)
        else:
            self.unchanged.append(path)
            return False
        return True

    def changes(self) -> Changes:
        seen = {*self.added, *self.changed, *self.unchanged}
        return Changes(
            tuple(sorted(self.added)),
            tuple(sorted(self.changed)),
            tuple(sorted(set(self.current) - seen)),
            len(self.unchanged),
        )


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def write_output(out: Path, files: Mapping[str, str], package: str) -> Changes:
    """Make `out` hold exactly `files` under the owned roots; untouched if nothing changed."""
    output = StagedOutput(out, package)
    try:
        for path, content in files.items():
            output.add(path, content)
        return output.commit()
    finally:
        output.discard()


class StagedOutput:
    """The new output, written file by file beside the old one, then swapped in by `commit`.

    Files can be added while the rest of the run is still being generated, so that creating
    them (slow on some file systems) overlaps the work. The staging folder appears with the
    first file that differs; until `commit` the previous output is untouched, and `discard`
    (always safe to call) removes whatever was staged.
    """

    def __init__(self, out: Path, package: str) -> None:
        self.out = out
        self.package = package
        self.comparison = Comparison(out, package)
        self.staging: Path | None = None
        self.folders: set[Path] = set()

    def add(self, path: str, content: str) -> None:
        data = content.encode("utf-8")
        if self.comparison.add(path, data):
            self.guarded(self.target(path).write_bytes, data)
        elif self.staging is not None:
            self.guarded(keep_file, self.comparison.current[path], self.target(path))

    def commit(self) -> Changes:
        changes = self.comparison.changes()
        if not changes.clean:
            self.guarded(swap_in, self.out, self.ensure_staging(), owned_roots(self.package))
        return changes

    def discard(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None

    def target(self, path: str) -> Path:
        target = self.ensure_staging() / path
        if target.parent not in self.folders:
            self.guarded(target.parent.mkdir, parents=True, exist_ok=True)
            self.folders.add(target.parent)
        return target

    def ensure_staging(self) -> Path:
        if self.staging is None:
            try:
                self.out.mkdir(parents=True, exist_ok=True)
                self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.out))
            except OSError as error:
                raise GeneratorError(
                    f"cannot create the output folder: {error.strerror}", Location(str(self.out))
                ) from None
            # Unchanged files seen so far: the new tree must hold them too.
            for path in self.comparison.unchanged:
                self.guarded(keep_file, self.comparison.current[path], self.target(path))
        return self.staging

    def guarded(self, action: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        try:
            action(*args, **kwargs)
        except OSError as error:
            raise GeneratorError(
                f"cannot write the output: {error.strerror}; the previous output is unchanged",
                Location(str(self.out)),
            ) from None


def keep_file(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def swap_in(out: Path, staging: Path, roots: Iterable[str]) -> None:
    """Replace each owned root with its staged twin; put the old ones back if any step fails."""
    retired = staging / ".previous"
    retired.mkdir()
    moved: list[str] = []
    installed: list[str] = []
    try:
        for root in roots:
            if (out / root).exists():
                (out / root).replace(retired / root)
                moved.append(root)
            if (staging / root).exists():
                (staging / root).replace(out / root)
                installed.append(root)
    except BaseException:
        for root in installed:
            shutil.rmtree(out / root, ignore_errors=True)
        for root in moved:
            (retired / root).replace(out / root)
        raise
    keep_caches(retired, out, moved)


def keep_caches(retired: Path, out: Path, roots: Iterable[str]) -> None:
    """Carry `__pycache__` folders over, so that a regeneration does not cost the next import."""
    for root in roots:
        for cache in (retired / root).rglob("__pycache__"):
            destination = out / cache.relative_to(retired)
            if destination.parent.is_dir() and not destination.exists():
                cache.replace(destination)


def describe_differences(
    out: Path, files: Mapping[str, str], changes: Changes, max_lines: int = 12
) -> list[str]:
    """What `check` prints: each stale, missing and extra file, with the start of its diff."""
    lines: list[str] = []
    for path in changes.added:
        lines.append(f"missing: {path}")
    for path in changes.removed:
        lines.append(f"extra:   {path} (no schema generates it any more)")
    for path in changes.changed:
        lines.append(f"stale:   {path}")
        old = read_bytes(out / path).decode("utf-8", "replace").splitlines()
        diff = list(
            difflib.unified_diff(
                old, files[path].splitlines(), "committed", "generated", lineterm="", n=1
            )
        )
        shown = diff[2 : 2 + max_lines]
        lines.extend(f"    {line}" for line in shown)
        if len(diff) - 2 > max_lines:
            lines.append(f"    ... ({len(diff) - 2 - max_lines} more diff lines)")
    return lines
