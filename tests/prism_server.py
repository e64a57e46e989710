"""Prism (`tools/node_modules/.bin/prism mock`) as a context manager, for the Prism harness.

`Prism(spec)` starts the mock server on a free local port and waits until it accepts
connections; leaving the block stops it (SIGTERM to its process group, then SIGKILL), also on
an exception or Ctrl-C, so that no process is left behind. Its log is kept in a file for the
reasons the harness reports. `violations(headers)` reads the `sl-violations` header Prism adds
to an answer when the request, or its own mock answer, breaks the description.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools" / "node_modules"
PRISM = TOOLS / ".bin" / "prism"
START_SECONDS = 120.0  # Cloudflare's 4 MB description takes about 10 s on this machine
STOP_SECONDS = 10.0
SEED = "1"  # dynamic answers (`Prefer: dynamic=true`) the same on every run


class PrismError(Exception):
    """Prism did not start (the message ends with its log's last lines)."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Prism:
    """A Prism mock server of one description, on 127.0.0.1 and a free port."""

    def __init__(self, spec: Path, *, log_dir: Path | None = None, errors: bool = False) -> None:
        self.spec = spec
        self.errors = errors
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        folder = log_dir or Path(tempfile.gettempdir())
        self.log_path = folder / f"prism-{os.getpid()}-{spec.stem}.log"
        self._log: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Prism:
        for _attempt in range(3):  # another process may take the free port before Prism does
            self.port = free_port()
            self.start()
            try:
                self.wait_listening()
                return self
            except PrismError:
                self.stop()
                if "EADDRINUSE" not in self.log_tail():
                    raise
        raise PrismError(f"Prism found no free port: {self.log_tail()}")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def died(self, within: float) -> bool:
        """Whether Prism's process ends within `within` seconds (it is dying after a throw)."""
        if self.process is None:
            return True
        try:
            self.process.wait(within)
        except subprocess.TimeoutExpired:
            return False
        return True

    def restart(self) -> str:
        """Start Prism again on the same port after it died; what it said as it died."""
        said = self.crash_reason()
        self.stop()
        self.start()
        self.wait_listening()
        return said

    def log_mark(self) -> int:
        """Where Prism's log ends now (for `errors_since`)."""
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    def errors_since(self, mark: int) -> str:
        """The error lines Prism logged after `mark` (its handler's exceptions), joined."""
        try:
            with self.log_path.open("rb") as log:
                log.seek(mark)
                text = log.read().decode("utf-8", "replace")
        except OSError:
            return ""
        found = [line.strip() for line in text.splitlines() if "Error" in line]
        return " | ".join(found[:3])

    def crash_reason(self) -> str:
        """The error line Prism's log ends with (node's uncaught exception), if any."""
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        errors = [line.strip() for line in lines if line.startswith(("Error", "TypeError"))]
        return errors[-1] if errors else self.log_tail(3)

    def start(self) -> None:
        if not PRISM.exists():
            raise PrismError(f"{PRISM} is missing: run `make tools`")
        argv = [str(PRISM), "mock", str(self.spec), "--host", "127.0.0.1"]
        argv += ["--port", str(self.port), "--seed", SEED]
        if self.errors:
            argv.append("--errors")
        self._log = self.log_path.open("ab")
        # Its own session (process group): stopping it stops whatever it started, and a Ctrl-C
        # in the terminal reaches the harness, which stops it, not Prism directly.
        self.process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"},
        )

    def wait_listening(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        assert self.process is not None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise PrismError(
                    f"Prism exited ({self.process.returncode}) on {self.spec}: {self.log_tail()}"
                )
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5),
            ):
                return
            time.sleep(0.1)
        raise PrismError(f"Prism did not listen within {START_SECONDS:.0f} s: {self.log_tail()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 5) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return " | ".join(line.strip() for line in text.splitlines()[-lines:])


@dataclass(frozen=True)
class Violation:
    """One entry of Prism's `sl-violations` header."""

    location: tuple[str, ...]  # starts with "request" or "response"
    severity: str  # "Error", "Warning", ...
    code: str
    message: str

    @property
    def side(self) -> str:
        return self.location[0] if self.location else ""

    def __str__(self) -> str:
        return f"{'.'.join(self.location)}: {self.message}"


TOO_MANY = "Too many violations! "


def violations(headers: Any) -> list[Violation]:
    """The violations Prism reports in an answer's headers (none when it adds no header)."""
    value = headers.get("sl-violations")
    if not value:
        return []
    truncated = value.startswith(TOO_MANY)
    text = value[len(TOO_MANY) :] if truncated else value
    try:
        entries = json.loads(text)
    except ValueError:
        entries = salvage(text)
    found = [
        Violation(
            tuple(str(part) for part in entry.get("location") or ()),
            str(entry.get("severity", "")),
            str(entry.get("code", "")),
            str(entry.get("message", "")),
        )
        for entry in entries
        if isinstance(entry, dict)
    ]
    if truncated:
        found.append(Violation(("response",), "Error", "truncated", "more violations left out"))
    return found


def problem_violations(status: int, headers: Any, content: bytes) -> list[Violation]:
    """The request's violations Prism lists in the problem+json it answers an invalid request
    with, when the operation documents no 422, 400 or default reply (and then no header)."""
    if status != 422 or "problem+json" not in headers.get("content-type", ""):
        return []
    try:
        problem = json.loads(content)
    except ValueError:
        return []
    entries = problem.get("validation") if isinstance(problem, dict) else None
    return [
        Violation(
            ("request", *(str(part) for part in entry.get("location") or ())),
            str(entry.get("severity", "")),
            str(entry.get("code", "")),
            str(entry.get("message", "")),
        )
        for entry in (entries if isinstance(entries, list) else ())
        if isinstance(entry, dict)
    ]


def salvage(text: str) -> list[Any]:
    """The whole entries of a JSON list Prism cut short (its header is at most 8 KB)."""
    entries: list[Any] = []
    decoder = json.JSONDecoder()
    index = text.find("{")
    while index != -1:
        try:
            entry, end = decoder.raw_decode(text, index)
        except ValueError:
            break
        entries.append(entry)
        index = text.find("{", end)
    return entries
