"""Seconds per megabyte on every real description: where a description takes longer than its size says.

Usage: ``python bench/corpus_speed.py [--rounds N] [--only NAME] [--keep DIR] [--json FILE]``

Each description listed in ``shared/corpus/real/MANIFEST.tsv`` (and the Talon.One description
the other benchmarks use) is generated cold (``--no-cache``, a new output folder) in a fresh
process started after ``os.sync()``, as ``bench/run.py`` does. The table gives the median wall
time, the CPU time of the run and its workers (steadier than wall time on a shared machine) and
both per MB, sorted by wall seconds per MB, largest first, so that a description that
takes longer than its size says (a stage growing faster than the input) stands out.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
REAL = SHARED / "real"
EXTRA = {"talon-one-25.17": SHARED / "talon-one-25.17.openapi.yaml"}
PACKAGE = "bench_api"


@dataclass(frozen=True)
class Timing:
    """One description's runs: median wall and CPU seconds."""

    name: str
    megabytes: float
    schemas: int
    files: int
    wall_s: float
    cpu_s: float
    exit_code: int

    @property
    def wall_per_mb(self) -> float:
        return self.wall_s / self.megabytes

    @property
    def cpu_per_mb(self) -> float:
        return self.cpu_s / self.megabytes


def descriptions(corpus: Path) -> dict[str, Path]:
    """Each description's entry file by its folder name, from the corpus manifest."""
    found = {name: path for name, path in EXTRA.items() if path.is_file()}
    manifest = corpus / "MANIFEST.tsv"
    if manifest.is_file():
        found.update(listed(manifest))
    return found


def listed(manifest: Path) -> dict[str, Path]:
    """The entry files a manifest lists (dir, entry, ...: relative to its folder), by dir."""
    rows = [line.split("\t") for line in manifest.read_text().splitlines()[1:] if line]
    return {row[0]: manifest.parent / row[0] / row[1] for row in rows}


def size_and_schemas(spec: Path) -> tuple[float, int]:
    """MB of every file the description is made of (its `$ref`s reach), and the root's schemas."""
    sys.path.insert(0, str(ROOT))
    from openapi_dataclasses.loading import load_spec

    loaded = load_spec(spec)
    size = sum(len(source.text.encode("utf-8")) for source in loaded.documents.values())
    data = loaded.data
    schemas = data.get("components", {}).get("schemas", {}) if isinstance(data, dict) else {}
    return size / 1e6, len(schemas) if isinstance(schemas, dict) else 0


def run_once(python: str, spec: Path, out: Path, timeout: float) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (the run and every worker it waited for) and the exit code."""
    shutil.rmtree(out, ignore_errors=True)
    os.sync()  # so this run does not pay for writing back the previous one's files
    argv = [python, "-m", "openapi_dataclasses", "generate", str(spec), "--out", str(out)]
    argv += ["--package", PACKAGE, "--no-cache"]
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    status, usage = wait(proc.pid, timeout)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def wait(pid: int, timeout: float) -> tuple[int, resource.struct_rusage]:
    """The exit status and resource use of `pid`, killed (with its group) after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, usage
        time.sleep(0.02)
    os.killpg(pid, signal.SIGKILL)
    _, status, usage = os.wait4(pid, 0)
    return status, usage


def measure(name: str, spec: Path, args: argparse.Namespace, work: Path) -> Timing:
    out = (args.keep or work) / name
    runs = [run_once(args.python, spec, out, args.timeout) for _ in range(args.rounds)]
    files = sum(1 for path in out.rglob("*") if path.is_file()) if out.exists() else 0
    if args.keep is None:
        shutil.rmtree(out, ignore_errors=True)
    megabytes, schemas = size_and_schemas(spec)
    return Timing(
        name=name,
        megabytes=megabytes,
        schemas=schemas,
        files=files,
        wall_s=statistics.median(wall for wall, _, _ in runs),
        cpu_s=statistics.median(cpu for _, cpu, _ in runs),
        exit_code=max(code for _, _, code in runs),
    )


def table(timings: list[Timing]) -> str:
    lines = [
        f"{'description':<28} {'MB':>6} {'schemas':>7} {'files':>6} {'wall s':>7} "
        f"{'cpu s':>7} {'wall s/MB':>9} {'cpu s/MB':>8} exit"
    ]
    for t in sorted(timings, key=lambda t: t.wall_per_mb, reverse=True):
        lines.append(
            f"{t.name:<28} {t.megabytes:6.2f} {t.schemas:7d} {t.files:6d} {t.wall_s:7.2f} "
            f"{t.cpu_s:7.2f} {t.wall_per_mb:9.2f} {t.cpu_per_mb:8.2f} {t.exit_code}"
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REAL, help="folder with MANIFEST.tsv")
    parser.add_argument("--rounds", type=int, default=1, help="runs per description (median)")
    parser.add_argument("--only", action="append", default=[], help="this description only")
    parser.add_argument("--min-mb", type=float, default=0.0, help="skip smaller descriptions")
    parser.add_argument("--keep", type=Path, help="keep each output in DIR/NAME (for diff -r)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per run")
    parser.add_argument("--json", type=Path, help="also write the timings here")
    parser.add_argument(
        "--python",
        default=str(ROOT / ".venv" / "bin" / "python")
        if (ROOT / ".venv" / "bin" / "python").exists()
        else sys.executable,
        help="the Python that runs the generator",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    found = descriptions(args.corpus)
    if not found:
        print(f"no descriptions under {args.corpus}", file=sys.stderr)
        return 2
    chosen = {
        name: spec
        for name, spec in sorted(found.items())
        if (not args.only or name in args.only) and size_and_schemas(spec)[0] >= args.min_mb
    }
    work = Path(os.environ.get("TMPDIR", "/tmp")) / f"corpus-speed-{os.getpid()}"
    timings = []
    try:
        for name, spec in chosen.items():
            timing = measure(name, spec, args, work)
            print(f"{name}: {timing.wall_s:.2f} s", file=sys.stderr, flush=True)
            timings.append(timing)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table(timings))
    if args.json is not None:
        args.json.write_text(json.dumps([asdict(t) for t in timings], indent=2) + "\n")
    return 0 if all(t.exit_code == 0 for t in timings) else 1


if __name__ == "__main__":
    sys.exit(main())
