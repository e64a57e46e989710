"""The validation process: forked before the description is loaded, it validates it aside.

Also what every helper process of a run shares: how many there are, and the watchdog that ends
one when the process that forked it is gone. This module imports little (no Jinja, no Black),
so that the command can start the validation process before it imports the rest of the
pipeline.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO

from .errors import Diagnostic, GeneratorError
from .loading import LoadedSpec, load_spec
from .validation import import_validator, validate_spec, validator_stopped


@contextmanager
def validation_aside(
    spec: Path, names_from: Path | None, *, validate: bool, jobs: int
) -> Iterator[AsideFindings | None]:
    """Validation in a process forked before this one loads the description, or None.

    Importing openapi-spec-validator takes 0.2 s: the process spends it while this one imports
    the rest of the pipeline and loads the description, then validates the copy this one hands
    over, which costs this process a tenth of what reading the text again costs that one (YAML
    above all). With one job, or where processes are not forked, None: validation starts once
    the description is loaded, as a worker's job.
    """
    if not validate or process_count(jobs) <= 1 or not can_fork():
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
            args=(spec, names_from, aside, spec_receiving, sending),
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
    it holds the other end too, would wait for ever.
    """
    # Ctrl-C, and a cancelled CI job's SIGTERM, reach the whole process group: the process that
    # forked this one ends the run (and this process with it, `cli.entry`). Ended here, this
    # process would print a traceback beside that one's message, or leave a half-sent result
    # that the pool then waits for, for ever.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def process_count(jobs: int) -> int:
    return jobs or os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
