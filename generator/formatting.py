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
from concurrent.futures import Executor, Future
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from .blackstable import looks_formatted
from .caching import FormatCache, digest
from .errors import GeneratorError, InternalError
from .rendering import RenderedFile
from .style import DEFAULT_STYLE, Style

if TYPE_CHECKING:
    import black

# Black is imported only when a module needs it: most runs never do, and it takes 0.1 s to import.
CHUNK_LINES = 2000  # work sent to a worker at once: enough to amortise the round trip


def format_cache(style: Style = DEFAULT_STYLE) -> FormatCache:
    """The cache of Black's output for this Black and this style: each has its own."""
    return FormatCache(digest(black_version(), style.key()))


def black_version() -> str:
    from importlib.metadata import version  # 7 ms to import: only runs that need it pay it

    return version("black")


@cache
def black_mode(style: Style = DEFAULT_STYLE) -> black.Mode:
    from black.mode import Mode, TargetVersion

    try:
        targets = {TargetVersion[name.upper()] for name in style.target_versions}
    except KeyError as error:
        raise GeneratorError(
            f"`target-version` in [tool.black]: Black {black_version()} does not know "
            f"{str(error.args[0]).lower()}"
        ) from None
    return Mode(
        target_versions=targets,
        line_length=style.line_length,
        string_normalization=style.string_normalization,
        magic_trailing_comma=style.magic_trailing_comma,
        preview=style.preview,
    )


def format_files(
    files: Sequence[RenderedFile],
    pool: Executor | None,
    cache: FormatCache | None,
    style: Style = DEFAULT_STYLE,
) -> list[RenderedFile]:
    """Every Python file in Black's format (in `pool` when given); other files as they are."""
    return FormattingJob(files, pool, cache, style).result()


class FormattingJob:
    """Files on their way through Black: started at once in `pool`, collected by `result()`.

    The caller renders the docs meanwhile. Work that no worker has picked up by then is done in
    this process instead of waiting for one.
    """

    def __init__(
        self,
        files: Sequence[RenderedFile],
        pool: Executor | None,
        cache: FormatCache | None,
        style: Style = DEFAULT_STYLE,
    ) -> None:
        self.files = files
        self.cache = cache
        self.style = style
        self.formatted: dict[int, str] = {}
        self.pending: list[int] = []
        for index, file in enumerate(files):
            if file.kind != "python":
                continue
            cached = cache.get(file.content) if cache is not None else None
            if cached is not None:
                self.formatted[index] = cached
            else:
                self.pending.append(index)
        self.started: list[tuple[list[int], Future[list[str]]]] = []
        if pool is not None and len(self.pending) >= 50:
            self.started = [
                (
                    chunk,
                    pool.submit(
                        format_many, [(files[i].content, files[i].path) for i in chunk], style
                    ),
                )
                for chunk in chunks(self.pending, files)
            ]

    def result(self) -> list[RenderedFile]:
        progress = Progress(len(self.pending))
        if not self.started:
            self.format_here(self.pending, progress)
        waiting = list(self.started)
        # Workers take chunks from the front; this process takes them from the back until
        # the two meet, instead of sitting idle.
        while waiting and waiting[-1][1].cancel():
            self.format_here(waiting.pop()[0], progress)
        for chunk, future in waiting:
            for index, text in zip(chunk, future.result(), strict=True):
                self.finish(index, text)
            progress.advance(len(chunk))
        progress.done()
        return [
            replace(file, content=self.formatted[index]) if index in self.formatted else file
            for index, file in enumerate(self.files)
        ]

    def format_here(self, indexes: list[int], progress: Progress) -> None:
        for index in indexes:
            file = self.files[index]
            self.finish(index, format_module(file.content, file.path, self.style))
            progress.advance(1)

    def finish(self, index: int, text: str) -> None:
        self.formatted[index] = text
        if self.cache is not None:
            self.cache.put(self.files[index].content, text)


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


def format_many(sources: list[tuple[str, str]], style: Style = DEFAULT_STYLE) -> list[str]:
    return [format_module(source, path, style) for source, path in sources]


def format_module(source: str, path: str, style: Style = DEFAULT_STYLE) -> str:
    """The module as Black writes it; one already in that form is returned without asking Black
    (`looks_formatted` knows Black's default style only: in another, Black formats them all)."""
    if style.is_default and looks_formatted(source):
        return source
    return format_python(source, path, style)


def format_python(source: str, path: str, style: Style = DEFAULT_STYLE) -> str:
    import black
    from black.parsing import InvalidInput

    try:
        return black.format_str(source, mode=black_mode(style))
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
