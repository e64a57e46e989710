"""The stages strung together: load -> check -> validate -> build -> render -> format.

Validation and formatting are the slow stages on large APIs; with more than one job they run in
worker processes while this process builds and renders.
"""

from __future__ import annotations

import contextlib
import gc
import keyword
import multiprocessing
import os
import pickle
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Protocol, TypeVar

from generator import ir
from generator.building import build_api
from generator.checking import check_spec
from generator.errors import Diagnostic, GeneratorError, Location
from generator.formatting import FormattingJob, format_cache
from generator.loading import LoadedSpec, load_spec
from generator.rendering import RenderedFile, render_docs, render_package
from generator.validation import (
    import_validator,
    openapi_version,
    validate_spec,
    validator_stopped,
)

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


@dataclass(frozen=True)
class Output:
    files: dict[str, str]  # relative path -> content
    diagnostics: tuple[Diagnostic, ...]
    sources: tuple[str, ...]  # the spec files read, relative names


def check_package_name(name: str) -> None:
    if not name.isidentifier() or keyword.iskeyword(name) or not name.isascii():
        raise GeneratorError(
            f"--package {name!r} is not a valid Python package name",
            hint="use letters, digits and underscores, not starting with a digit, e.g. talon_one",
        )


class FileSink(Protocol):
    """Takes each output file as soon as it is final (`writing.StagedOutput` does)."""

    def add(self, path: str, content: str) -> object: ...


def generate(options: Options, sink: FileSink | None = None) -> Output:
    """Every output file; each is also given to `sink` as soon as it is final."""
    with collector_paused():
        return generate_files(options, sink)


def generate_files(options: Options, sink: FileSink | None) -> Output:
    check_package_name(options.package)
    with validation_aside(options) as validating_aside:
        return generate_with(options, sink, validating_aside)


def generate_with(
    options: Options, sink: FileSink | None, validating_aside: AsideFindings | None
) -> Output:
    spec = load_spec(options.spec, options.names_from)
    openapi_version(spec)
    if validating_aside is not None:
        validating_aside.hand_over(spec)
    # Validation reads the description as written; building reads the checked copy.
    try:
        checked = check_spec(spec)
    except RecursionError:
        raise too_deep(spec) from None
    cache = format_cache() if options.cache else None
    with worker_pool(options.jobs) as pool:
        findings: Future[list[Diagnostic]] | None = validating_aside
        if findings is None and options.validate:
            findings = start_validation(spec, options.spec, pool)
        try:
            built = build_api(checked.spec, options.package, options.schemas)
            # A helper renders the docs and the workers format the package while this process
            # renders the package; the docs go to the sink while the last modules are formatted.
            with docs_rendered_aside(built.api, options.jobs) as rendering_docs:
                formatting = FormattingJob(render_package(built.api), pool, cache)
                docs = rendering_docs.result()
            give(docs, sink)
            package = formatting.result()
            give(package, sink)
            files = sorted([*package, *docs], key=lambda file: file.path)
        except RecursionError:
            raise too_deep(spec) from None
        diagnostics = findings.result() if findings is not None else []
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
        checked.diagnostics + tuple(diagnostics) + built.diagnostics,
        tuple(sorted(spec.documents)),
    )


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


@contextmanager
def validation_aside(options: Options) -> Iterator[AsideFindings | None]:
    """Validation in a process forked before this one loads the description, or None.

    Importing openapi-spec-validator takes 0.2 s: the process spends it while this one loads
    the description, then validates the copy this one hands over, which costs this process a
    tenth of what reading the text again costs that one (YAML above all). With one job, or where
    processes are not forked, None: validation starts once the description is loaded, as a
    worker's job.
    """
    if not options.validate or process_count(options.jobs) <= 1 or not can_fork():
        yield None
        return
    context = multiprocessing.get_context("fork")
    spec_receiving, spec_sending = context.Pipe(duplex=False)
    receiving, sending = context.Pipe(duplex=False)
    # The copy goes through a file with no name, opened before the fork so that both processes
    # hold it: nothing is left on disk, however either of them ends.
    with tempfile.TemporaryFile(prefix="openapi-dataclasses-") as handed_over:
        aside = AsideFindings(handed_over, spec_sending, receiving)
        process = context.Process(
            target=validate_aside,
            args=(options.spec, options.names_from, aside, spec_receiving, sending),
            daemon=True,
        )
        process.start()
        sending.close()
        spec_receiving.close()
        try:
            yield aside
        finally:
            if process.is_alive():
                process.kill()  # this process stopped early (an error): no findings needed
            process.join()
            receiving.close()
            spec_sending.close()


def validate_aside(
    spec_path: Path,
    names_from: Path | None,
    aside: AsideFindings,
    spec_receiving: Connection,
    sending: Connection,
) -> None:
    """The findings of `validate_spec` on the description the other process loaded, sent back."""
    # This process's copies of the other process's ends: with them open, the pipes would never
    # tell that process's end.
    aside.spec_sending.close()
    aside.receiving.close()
    exit_with_parent()
    findings: list[Diagnostic] = []
    try:
        import_validator()
        handed_over: bool = spec_receiving.recv()
        spec = aside.handed_over_spec() if handed_over else load_spec(spec_path, names_from)
        findings = validate_spec(spec, spec_path)
    except EOFError:
        return  # the other process stopped before it had loaded the description
    except (GeneratorError, RecursionError):
        pass  # the same description: the other process finds the same error and says so
    except Exception as error:  # say, the validator cannot be imported
        findings = [validator_stopped(str(spec_path), error)]
    sending.send(findings)
    sending.close()


class AsideFindings(Future[list[Diagnostic]]):
    """The validation process: handed the loaded description, then read for its findings."""

    def __init__(
        self, handed_over: IO[bytes], spec_sending: Connection, receiving: Connection
    ) -> None:
        super().__init__()
        self.handed_over = handed_over
        self.spec_sending = spec_sending
        self.receiving = receiving

    def hand_over(self, spec: LoadedSpec) -> None:
        """Give the process the loaded description, through the file (a pipe would hold this
        process until that one, still importing, reads it); where it cannot be written (too
        deep to pickle, no room on the disk), that process reads the description itself."""
        try:
            pickle.dump(spec, self.handed_over, pickle.HIGHEST_PROTOCOL)
            self.handed_over.flush()
            written = True
        except (RecursionError, OSError, pickle.PicklingError):
            written = False
        with contextlib.suppress(BrokenPipeError):  # it has ended: `result` says so
            self.spec_sending.send(written)
        self.spec_sending.close()

    def handed_over_spec(self) -> LoadedSpec:
        """In the validation process: the description as the other process wrote it."""
        self.handed_over.seek(0)
        spec: LoadedSpec = pickle.load(self.handed_over)
        return spec

    def result(self, timeout: float | None = None) -> list[Diagnostic]:
        if not self.done():
            try:
                self.set_result(self.receiving.recv())
            except EOFError:  # the process died (killed from outside, say)
                stopped = EOFError("the validation process ended early")
                self.set_result([validator_stopped("", stopped)])
        return super().result(timeout)


def exit_with_parent() -> None:
    """End this helper process as soon as the process that forked it is gone (killed, say).

    Its results would have nowhere to go: a helper that writes them into a full pipe, of which
    it holds the other end too, would wait for ever. A SIGTERM ends a helper at once, as it did
    before the main process learnt to clean up on one (`cli.entry`).
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


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


def process_count(jobs: int) -> int:
    return jobs or os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


# The model the docs helper renders: set just before the helper is forked, which copies it
# for free, where sending it to a worker would mean pickling every object of it.
_model_for_helper: list[ir.Api] = []


@contextmanager
def docs_rendered_aside(api: ir.Api, jobs: int) -> Iterator[Future[list[RenderedFile]]]:
    """The docs, rendered by a process forked now while this one goes on; here when it cannot."""
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
