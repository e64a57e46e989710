"""Stage 5: format rendered files: Python modules go through Black.

Black costs about a fifth of a millisecond per line, so a module the templates already wrote in
Black's layout (`blackstable.looks_formatted`) is not sent through it again, large APIs are
formatted in worker processes, and `FormatCache` skips what was formatted before. None of this
changes the output: Black is deterministic, and it would return those modules unchanged.

The code samples in the Markdown docs are laid out by their template instead: they are short, and
Black would cost as much as all the modules together.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import replace
from functools import cache
from importlib.metadata import version
from typing import TYPE_CHECKING

from generator.blackstable import looks_formatted
from generator.caching import FormatCache, digest
from generator.errors import InternalError
from generator.rendering import RenderedFile

if TYPE_CHECKING:
    import black

# Black is imported only when a module needs it: most runs never do, and it takes 0.1 s to import.
TARGET_VERSION = "PY310"  # Black's only setting we change; part of the formatting cache key
CHUNK_LINES = 2000  # work sent to a worker at once: enough to amortise the round trip


def format_cache() -> FormatCache:
    return FormatCache(digest(version("black"), TARGET_VERSION))


@cache
def black_mode() -> black.Mode:
    from black.mode import Mode, TargetVersion

    return Mode(target_versions={TargetVersion[TARGET_VERSION]})


def format_files(
    files: Sequence[RenderedFile], pool: Executor | None, cache: FormatCache | None
) -> list[RenderedFile]:
    """Every Python file in Black's format (in `pool` when given); other files as they are."""
    results: dict[int, str] = {}
    pending: list[int] = []
    for index, file in enumerate(files):
        if file.kind != "python":
            continue
        cached = cache.get(file.content) if cache is not None else None
        if cached is not None:
            results[index] = cached
        else:
            pending.append(index)
    for index, text in format_pending(files, pending, pool).items():
        results[index] = text
        if cache is not None:
            cache.put(files[index].content, text)
    return [
        replace(file, content=results[index]) if index in results else file
        for index, file in enumerate(files)
    ]


def format_pending(
    files: Sequence[RenderedFile], pending: list[int], pool: Executor | None
) -> dict[int, str]:
    formatted: dict[int, str] = {}
    progress = Progress(len(pending))
    if pool is None or len(pending) < 50:
        for index in pending:
            formatted[index] = format_module(files[index].content, files[index].path)
            progress.advance(1)
    else:
        futures = [
            (chunk, pool.submit(format_many, [(files[i].content, files[i].path) for i in chunk]))
            for chunk in chunks(pending, files)
        ]
        for chunk, future in futures:
            formatted.update(zip(chunk, future.result(), strict=True))
            progress.advance(len(chunk))
    progress.done()
    return formatted


def chunks(indexes: list[int], files: Sequence[RenderedFile]) -> list[list[int]]:
    groups: list[list[int]] = [[]]
    lines = 0
    for index in indexes:
        if lines >= CHUNK_LINES:
            groups.append([])
            lines = 0
        groups[-1].append(index)
        lines += files[index].content.count("\n")
    return [group for group in groups if group]


def format_many(sources: list[tuple[str, str]]) -> list[str]:
    return [format_module(source, path) for source, path in sources]


def format_module(source: str, path: str) -> str:
    """The module as Black writes it; one already in that form is returned without asking Black."""
    return source if looks_formatted(source) else format_python(source, path)


def format_python(source: str, path: str) -> str:
    import black
    from black.parsing import InvalidInput

    try:
        return black.format_str(source, mode=black_mode())
    except InvalidInput as error:
        raise InternalError(
            f"the generated code for {path} is not valid Python ({error})"
        ) from None


class Progress:
    """`formatting 120/1492` on a terminal, nothing otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done_count = 0
        self.shown = sys.stderr.isatty() and total >= 50

    def advance(self, count: int) -> None:
        self.done_count += count
        if self.shown:
            print(f"\rformatting {self.done_count}/{self.total} files", end="", file=sys.stderr)

    def done(self) -> None:
        if self.shown:
            print(file=sys.stderr)
