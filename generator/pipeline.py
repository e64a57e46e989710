"""The stages strung together: load -> check -> validate -> build -> render -> format.

Validation and formatting are the slow stages on large APIs; with more than one job they run in
worker processes while this process builds and renders.
"""

from __future__ import annotations

import gc
import keyword
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from . import ir
from .aside import (
    AsideFindings,
    can_fork,
    exit_with_parent,
    process_count,
    validation_aside,
)
from .building import build_api
from .checking import check_spec
from .errors import Diagnostic, GeneratorError, Location
from .findings import Ignore, reported
from .formatting import FormattingJob, format_cache
from .loading import LoadedSpec, load_spec
from .rendering import RenderedFile, render_docs, render_package
from .style import DEFAULT_STYLE, Style
from .validation import openapi_version, validate_spec

T = TypeVar("T")


@dataclass(frozen=True)
class Options:
    spec: Path
    package: str
    schemas: tuple[str, ...] = ()
    strict: bool = False
    validate: bool = True
    jobs: int = 0  # processes, this one included; 0 picks one per core, 1 works in this one only
    cache: bool = True
    names_from: Path | None = None  # spec files are named relative to it (default: working folder)
    docs: bool = True  # the Markdown docs too
    ignore: tuple[Ignore, ...] = ()  # findings the project has accepted
    style: Style = DEFAULT_STYLE  # Black's settings for the modules


@dataclass(frozen=True)
class Output:
    files: dict[str, str]  # relative path -> content
    diagnostics: tuple[Diagnostic, ...]
    sources: tuple[str, ...]  # the spec files read, relative names


def check_package_name(name: str) -> None:
    """A package name, dotted or not: `talon_one`, `shop.api.talon`."""
    if not all(
        part.isidentifier() and not keyword.iskeyword(part) and part.isascii()
        for part in name.split(".")
    ):
        raise GeneratorError(
            f"--package {name!r} is not a valid Python package name",
            hint="use letters, digits and underscores, not starting with a digit, and dots "
            "between the names of nested packages, e.g. talon_one or shop.api.talon",
        )


class FileSink(Protocol):
    """Takes each output file as soon as it is final (`writing.StagedOutput` does)."""

    def add(self, path: str, content: str) -> object: ...


def generate(
    options: Options, sink: FileSink | None = None, validating: AsideFindings | None = None
) -> Output:
    """Every output file; each is also given to `sink` as soon as it is final.

    `validating` is a validation process the caller started already (`aside.validation_aside`
    with these options); without one, this starts its own where it can.
    """
    with collector_paused():
        return generate_files(options, sink, validating)


def generate_files(
    options: Options, sink: FileSink | None, validating: AsideFindings | None
) -> Output:
    check_package_name(options.package)
    if validating is not None:
        return generate_with(options, sink, validating)
    with validation_aside(
        options.spec, options.names_from, validate=options.validate, jobs=options.jobs
    ) as started:
        return generate_with(options, sink, started)


def generate_with(
    options: Options, sink: FileSink | None, validating_aside: AsideFindings | None
) -> Output:
    spec = load_spec(options.spec, options.names_from)
    openapi_version(spec)
    if validating_aside is not None:
        validating_aside.hand_over(spec)
    # Validation reads the description as written; building reads the checked copy.
    try:
        checked = check_spec(spec, options.schemas)
    except RecursionError:
        raise too_deep(spec) from None
    cache = format_cache(options.style) if options.cache else None
    with worker_pool(options.jobs) as pool:
        findings: Future[list[Diagnostic]] | None = validating_aside
        if findings is None and options.validate:
            findings = start_validation(spec, options.spec, pool)
        try:
            built = build_api(checked.spec, options.package, options.schemas)
            # A helper renders the docs and the workers format the package while this process
            # renders the package; the docs go to the sink while the last modules are formatted.
            with docs_rendered_aside(built.api, options.jobs, options.docs) as rendering_docs:
                package = render_package(built.api, options.style)
                formatting = FormattingJob(package, pool, cache, options.style)
                docs = rendering_docs.result()
            give(docs, sink)
            package = formatting.result()
            give(package, sink)
            files = sorted([*package, *docs], key=lambda file: file.path)
        except RecursionError:
            raise too_deep(spec) from None
        diagnostics = list(
            reported(
                checked.diagnostics + built.diagnostics,
                checked.without_restated(findings.result() if findings is not None else []),
                root=spec.root,
                scope=[split_source(item.source) for item in parts(built.api)]
                if options.schemas
                else None,
                ignore=options.ignore,
            )
        )
    if options.strict and diagnostics:
        raise GeneratorError(
            f"the description is not valid OpenAPI ({len(diagnostics)} findings; "
            f"first: {diagnostics[0].describe()})",
            hint="fix the findings, or drop --strict to generate anyway",
        )
    if cache is not None:
        cache.save()
    return Output(
        {file.path: file.content for file in files},
        tuple(diagnostics),
        tuple(sorted(spec.documents)),
    )


def parts(api: ir.Api) -> list[ir.Model | ir.EnumDef | ir.Alias]:
    return [*api.models, *api.enums, *api.aliases]


def split_source(source: str) -> tuple[str, str]:
    """`spec.yaml#/components/schemas/Pet` as (`spec.yaml`, `/components/schemas/Pet`)."""
    document, _, pointer = source.partition("#")
    return document, pointer


def too_deep(spec: LoadedSpec) -> GeneratorError:
    return GeneratorError(
        "the schemas are nested too deeply to generate",
        Location(spec.root),
        "a few hundred levels of nested arrays, objects or allOf is the limit",
    )


def give(files: list[RenderedFile], sink: FileSink | None) -> None:
    if sink is not None:
        for file in files:
            sink.add(file.path, file.content)


def start_validation(
    spec: LoadedSpec, path: Path, pool: Executor | None
) -> Future[list[Diagnostic]]:
    if pool is None:
        return completed(validate_spec(spec, path))
    return pool.submit(validate_spec, spec, path)


def completed(value: T) -> Future[T]:
    """A result computed here, in the shape of one computed elsewhere."""
    done: Future[T] = Future()
    done.set_result(value)
    return done


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the run (and the workers forked during it).

    A run builds a few million small objects that all live until it ends; the collector would
    rescan them over and over, a fifth of the run's time, and find nothing to free. Peak memory
    is the same with it off (measured on the corpus and on the tenfold synthetic spec).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def worker_pool(jobs: int) -> Iterator[Executor | None]:
    count = process_count(jobs)
    if count <= 1:
        yield None
        return
    # fork: workers start in milliseconds with everything already imported. This process
    # works too (rendering, writing, formatting what no worker has taken), so `count` processes
    # in all: one worker fewer measured faster than one per core on two cores.
    method = "fork" if can_fork() else None
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(count - 1, mp_context=context, initializer=exit_with_parent) as pool:
        yield pool


# The model the docs helper renders: set just before the helper is forked, which copies it
# for free, where sending it to a worker would mean pickling every object of it.
_model_for_helper: list[ir.Api] = []


@contextmanager
def docs_rendered_aside(
    api: ir.Api, jobs: int, wanted: bool = True
) -> Iterator[Future[list[RenderedFile]]]:
    """The docs, rendered by a process forked now while this one goes on; here when it cannot."""
    if not wanted:
        yield completed([])
        return
    if process_count(jobs) <= 1 or not can_fork():
        yield completed(render_docs(api))
        return
    _model_for_helper.append(api)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(1, mp_context=context, initializer=exit_with_parent) as helper:
            yield helper.submit(render_docs_of_forked_model)
    finally:
        _model_for_helper.clear()


def render_docs_of_forked_model() -> list[RenderedFile]:
    return render_docs(_model_for_helper[-1])
