"""Caches that make repeated runs fast without changing a byte of output.

- `FormatCache`: Black's output keyed by the hash of Black's input (and Black's version and mode),
  as Black's own cache does; a template or spec change reformats only the files it changes.
- `RunCache`: for a run whose inputs (every spec file, the options, the generator itself) are
  unchanged, the manifest of what it wrote: the path, size, mtime and hash of every file. When the
  output folder still matches it, there is nothing to do.

Both live in `$OPENAPI_DATACLASSES_CACHE_DIR`, else `$XDG_CACHE_HOME/openapi-dataclasses`, else
`~/.cache/openapi-dataclasses`. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .locations import PACKAGE_FOLDER, templates_folder

CACHE_ENV = "OPENAPI_DATACLASSES_CACHE_DIR"


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "openapi-dataclasses"


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


def generator_fingerprint() -> str:
    """Changes whenever the generator's code, its templates or its pinned formatter change."""
    from importlib.metadata import version

    parts: list[bytes | str] = [version("black")]
    for name, source in package_sources(PACKAGE_FOLDER, "generator"):
        parts += [name, source]
    for name, source in package_sources(templates_folder(), "templates"):
        parts += [name, source]
    return digest(*parts)


def package_sources(folder: Path, name: str) -> Iterator[tuple[str, bytes]]:
    """The code and templates of the installed package, wherever it is installed, in name order."""
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        path = f"{name}/{entry.name}"
        if entry.is_dir():
            yield from package_sources(entry, path)
        elif entry.name.endswith((".py", ".jinja")):
            yield path, entry.read_bytes()


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class FormatCache:
    """Formatted text by the hash of the unformatted text."""

    MAX_ENTRIES = 50_000

    def __init__(self, key: str) -> None:
        self.path = cache_dir() / f"format-{key[:16]}.pickle"
        self.entries: dict[str, str] = {}
        self.added = False
        with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            loaded = pickle.loads(self.path.read_bytes())
            if isinstance(loaded, dict):
                self.entries = loaded

    def get(self, source: str) -> str | None:
        return self.entries.get(digest(source))

    def put(self, source: str, formatted: str) -> None:
        self.entries[digest(source)] = formatted
        self.added = True

    def save(self) -> None:
        if not self.added:
            return
        entries = self.entries
        if len(entries) > self.MAX_ENTRIES:
            entries = dict(list(entries.items())[-self.MAX_ENTRIES :])
        with contextlib.suppress(OSError):
            write_atomically(self.path, pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))


@dataclass(frozen=True)
class Manifest:
    sources: dict[str, str]  # spec file name -> sha256 of its bytes
    files: dict[str, tuple[int, int]]  # output path -> (size, mtime_ns)
    diagnostics: list[str]
    left_alone: list[str] = field(default_factory=list)  # the project's own files among them


class RunCache:
    def __init__(self, key: str) -> None:
        self.path = cache_dir() / "runs" / f"{key}.json"

    def load(self) -> Manifest | None:
        try:
            raw: Any = json.loads(self.path.read_text("utf-8"))
            return Manifest(
                dict(raw["sources"]),
                {path: (int(size), int(mtime)) for path, (size, mtime) in raw["files"].items()},
                [str(line) for line in raw["diagnostics"]],
                [str(path) for path in raw["left_alone"]],
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, manifest: Manifest) -> None:
        data = {
            "sources": manifest.sources,
            "files": manifest.files,
            "diagnostics": manifest.diagnostics,
            "left_alone": manifest.left_alone,
        }
        with contextlib.suppress(OSError):
            write_atomically(self.path, json.dumps(data, sort_keys=True).encode("utf-8"))


def run_key(spec: Path, options: Iterable[str]) -> str:
    """The cache key of a run: the root file's bytes, the options and the generator itself."""
    return digest(generator_fingerprint(), spec.read_bytes(), *options)


def sources_unchanged(manifest: Manifest, root: Path, root_name: str) -> bool:
    """Every spec file the manifest's run read still has the same bytes."""
    from .loading import document_path, names_folder

    folder = names_folder(root, root_name)
    for name, expected in manifest.sources.items():
        try:
            if digest(document_path(folder, name).read_bytes()) != expected:
                return False
        except OSError:
            return False
    return True


def stat_files(paths: Mapping[str, Path]) -> dict[str, tuple[int, int]]:
    """The size and mtime of each file, by its path in the output."""
    result = {}
    for name, path in paths.items():
        status = path.stat()
        result[name] = (status.st_size, status.st_mtime_ns)
    return result


def output_matches(manifest: Manifest, current: Mapping[str, Path]) -> bool:
    """The output folders hold exactly the manifest's files, each with its recorded size and
    mtime, and the project's own files the run left alone (new ones make the run again, which
    reports them)."""
    if set(current) != {*manifest.files, *manifest.left_alone}:
        return False
    try:
        written = {name: path for name, path in current.items() if name in manifest.files}
        return stat_files(written) == manifest.files
    except OSError:
        return False
