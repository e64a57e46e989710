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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import GeneratorError, Location

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
    current = existing_files(out, owned_roots(package))
    added, changed, unchanged = [], [], 0
    for path, content in files.items():
        existing = current.get(path)
        if existing is None:
            added.append(path)
        elif read_bytes(existing) != content.encode("utf-8"):
            changed.append(path)
        else:
            unchanged += 1
    removed = sorted(set(current) - set(files))
    return Changes(tuple(sorted(added)), tuple(sorted(changed)), tuple(removed), unchanged)


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def write_output(out: Path, files: Mapping[str, str], package: str) -> Changes:
    """Make `out` hold exactly `files` under the owned roots; untouched if nothing changed."""
    changes = compare(out, files, package)
    if changes.clean:
        return changes
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
    except OSError as error:
        raise GeneratorError(
            f"cannot create the output folder: {error.strerror}", Location(str(out))
        ) from None
    try:
        stage(out, staging, files, changes)
        swap_in(out, staging, owned_roots(package))
    except OSError as error:
        raise GeneratorError(
            f"cannot write the output: {error.strerror}; the previous output is unchanged",
            Location(str(out)),
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return changes


def stage(out: Path, staging: Path, files: Mapping[str, str], changes: Changes) -> None:
    rewritten = set(changes.added) | set(changes.changed)
    for path, content in files.items():
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if path in rewritten:
            target.write_bytes(content.encode("utf-8"))
        else:
            keep_file(out / path, target)


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
