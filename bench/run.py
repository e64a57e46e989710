"""Benchmark our generator against datamodel-code-generator, OpenAPI Generator and
openapi-python-client.

Usage: ``python bench/run.py [--spec PATH] [--rounds N] [--scale] [--json FILE]``, or
``python bench/run.py --corpus [--rounds N] [--min-mb 0.5] [--manifest TSV] [--json FILE]`` for ours
cold against every peer on each real description of at least 0.5 MB (``bench/corpus_peers.py``).

Each measured run is a fresh child process, started after ``os.sync()`` so that it does not
pay for the writes of the run before; wall time comes from ``perf_counter`` and peak memory
from ``os.wait4``'s ``ru_maxrss``, which is the largest resident set of the child or any
descendant it waited for (not the sum over the tree). Tools run
round-robin, rotating the starting tool every round. The peers live in their own
virtual environment under ``bench/.work/venv``, installed once at pinned versions. A run
succeeds when it exits as expected (0) and leaves files in its output folder; a failure is
recorded with its exit code and the log line that says why, and the benchmark goes on.
Ours runs with this checkout's ``.venv`` when there is one, else with the Python running this
script (from the checkout's folder, so that its ``generator`` package is the one imported).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / ".work"
VENV = WORK / "venv"
VENV_BIN = VENV / "bin"
_CHECKOUT_PYTHON = ROOT / ".venv" / "bin" / "python"
OURS_PYTHON = _CHECKOUT_PYTHON if _CHECKOUT_PYTHON.exists() else Path(sys.executable)
DEFAULT_SPEC = ROOT.parent / "shared" / "corpus" / "talon-one-25.17.openapi.yaml"
CACHE_ENV = "OPENAPI_DATACLASSES_CACHE_DIR"

DMCG = "datamodel-codegen"
OAG = "openapi-generator"
OPC = "openapi-python-client"
OURS = "ours"
PEERS = (DMCG, OAG, OPC)
PINS = {
    "datamodel-code-generator": "0.89.0",
    "openapi-generator-cli": "7.26.0",  # the wheel bundles openapi-generator.jar; needs `java`
    # Its dependencies do not clash with datamodel-code-generator's (`pip check`), so it shares
    # the venv. It formats its output by running `ruff` from PATH: pinned here, first on PATH.
    "openapi-python-client": "0.29.1",
    "ruff": "0.17.6",
    "PyYAML": "6.0.3",  # for specio.py / make_synthetic.py
}
DMCG_FLAGS = (
    "--input-file-type", "openapi",
    "--output-model-type", "dataclasses.dataclass",
    "--formatters", "black", "isort",  # today's default, spelled out to silence a FutureWarning
)  # fmt: skip
OAG_GLOBAL_PROPERTIES = (
    "models,modelDocs=true,apis=false,supportingFiles=false,"
    "apiDocs=false,modelTests=false,apiTests=false"
)

TARGET_COLD = 0.5  # ours cold <= 0.5x the fastest peer (cold)
TARGET_WARM = 0.1  # ours warm <= 0.1x the fastest peer (cold)
TARGET_PEAK_MIB = 300.0  # ours cold on the corpus
TARGET_SCALE_SLACK = 1.1  # K-times spec takes <= 1.1*K times as long


@dataclass(frozen=True)
class Job:
    """One command to time: which tool and scenario, how to run it, where its output goes."""

    tool: str
    scenario: str
    argv: list[str]
    out: Path
    env: dict[str, str] = field(default_factory=dict)
    expected_exit: int = 0


@dataclass(frozen=True)
class Run:
    """The measurement of one job in one round."""

    tool: str
    scenario: str
    round: int
    seconds: float
    max_rss_kib: int
    exit_code: int
    ok: bool
    output_files: int
    log: str


@dataclass(frozen=True)
class Summary:
    """Statistics over the successful runs of one tool/scenario."""

    tool: str
    scenario: str
    runs: int
    failures: int
    median_s: float | None
    min_s: float | None
    max_s: float | None
    peak_mib: float | None
    last_error: str = ""

    @property
    def label(self) -> str:
        return f"{self.tool} / {self.scenario}"


@dataclass(frozen=True)
class Target:
    name: str
    goal: str
    measured: str
    verdict: str


@dataclass(frozen=True)
class Config:
    spec: Path
    rounds: int
    scale: bool
    factor: int
    package: str
    timeout: float
    peers: bool
    json: Path | None
    corpus: bool = False  # every real description of at least min_mb (bench/corpus_peers.py)
    min_mb: float = 0.5
    manifest: Path | None = None  # with corpus: these descriptions instead of the shared ones
    reset_caches: bool = False  # with corpus: page cache dropped and a warm-up before each run


# --- setup -------------------------------------------------------------------------------


def installed_versions(python: Path, names: Iterable[str] = PINS) -> dict[str, str]:
    """The installed version of each of ``names`` in ``python``'s environment ('' if absent)."""
    code = (
        "import importlib.metadata as m, json, sys\n"
        "def v(n):\n"
        "    try: return m.version(n)\n"
        "    except m.PackageNotFoundError: return ''\n"
        "print(json.dumps({n: v(n) for n in sys.argv[1:]}))"
    )
    done = subprocess.run(
        [str(python), "-c", code, *names], check=True, capture_output=True, text=True
    )
    result: dict[str, str] = json.loads(done.stdout)
    return result


def ensure_venv(venv: Path, pins: Mapping[str, str]) -> None:
    """Create ``venv`` and install ``pins`` (name -> exact version) unless already there."""
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"creating {venv.relative_to(ROOT)}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    have = installed_versions(python, pins)
    wanted = [f"{name}=={ver}" for name, ver in pins.items() if have.get(name) != ver]
    if wanted:
        print(f"installing {' '.join(wanted)}", file=sys.stderr)
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, *wanted], check=True)


def compile_ours() -> None:
    """Byte-compile the generator, as pip does when it installs it.

    The peers run from their venv with the bytecode pip wrote; run from this checkout with
    PYTHONDONTWRITEBYTECODE set (this machine sets it), ours would compile its modules anew on
    every run, about 40 ms that no installed copy spends.
    """
    argv = [str(OURS_PYTHON), "-m", "compileall", "-q", str(ROOT / "generator")]
    subprocess.run(argv, check=True)


def ensure_peers() -> None:
    """Create bench/.work/venv and install the pinned peers unless already there."""
    ensure_venv(VENV, PINS)


def derived(target: Path, sources: Sequence[Path], argv: list[str]) -> Path:
    """Run ``argv`` to (re)make ``target`` when it is missing or older than a source."""
    newest = max(source.stat().st_mtime for source in sources)
    if not target.exists() or target.stat().st_mtime < newest:
        print(f"writing {target.relative_to(ROOT)}", file=sys.stderr)
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(argv, check=True)
    return target


def spec_as_json(spec: Path, name: str | None = None) -> Path:
    """``spec`` as JSON in ``bench/.work/spec/NAME.json`` (NAME defaults to the file's stem)."""
    target = WORK / "spec" / f"{name or spec.stem}.json"
    script = BENCH / "specio.py"
    argv = [str(VENV_BIN / "python"), str(script), str(spec), str(target)]
    return derived(target, [spec, script], argv)


def synthetic_spec(spec: Path, factor: int) -> Path:
    target = WORK / "spec" / f"{spec.stem}.x{factor}{spec.suffix}"
    script = BENCH / "make_synthetic.py"
    argv = [str(VENV_BIN / "python"), str(script), str(spec), str(target), f"--factor={factor}"]
    return derived(target, [spec, script, BENCH / "specio.py"], argv)


def tool_versions() -> dict[str, str]:
    java = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
    java_line = (java.stderr or java.stdout).splitlines()[:1]
    return {
        **installed_versions(VENV_BIN / "python"),
        "java": java_line[0] if java_line else "missing",
        "python": platform.python_version(),
        "cpus": str(os.cpu_count()),
    }


# --- jobs ----------------------------------------------------------------------------------


def fresh_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


# Their YAML 1.1 readers fail on YAML 1.2 plain scalars such as `=`, which Talon.One's has.
JSON_FIRST = " (a YAML spec converted to JSON first, not timed)"


def ours(command: str, spec: Path, out: Path, package: str) -> list[str]:
    return [
        str(OURS_PYTHON), "-m", "openapi_dataclasses", command, str(spec),
        "--out", str(out), "--package", package,
    ]  # fmt: skip


def ours_jobs(cfg: Config, spec: Path, base: Path) -> list[Job]:
    """Cold into a fresh folder with an empty cache, then warm on the same folder and
    cache, then ``check`` of that fresh tree with another empty cache (as on CI)."""
    out = fresh_dir(base / "ours")
    cold_env = {CACHE_ENV: str(fresh_dir(base / "cache"))}
    check_env = {CACHE_ENV: str(fresh_dir(base / "cache-check"))}
    generate = ours("generate", spec, out, cfg.package)
    return [
        Job(OURS, "cold", generate, out, cold_env),
        Job(OURS, "warm", generate, out, cold_env),
        Job(OURS, "check", ours("check", spec, out, cfg.package), out, check_env),
    ]


def ours_scaled_job(cfg: Config, spec: Path, base: Path) -> Job:
    out = fresh_dir(base / "ours-scaled")
    env = {CACHE_ENV: str(fresh_dir(base / "cache-scaled"))}
    return Job(OURS, f"cold {cfg.factor}x", ours("generate", spec, out, cfg.package), out, env)


def dmcg_job(spec_json: Path, base: Path) -> Job:
    out = fresh_dir(base / "dmcg")
    # Single-module output: --output must name a file, not a directory.
    argv = [str(VENV_BIN / DMCG), "--input", str(spec_json), *DMCG_FLAGS]
    return Job(DMCG, "cold", [*argv, "--output", str(out / "models.py")], out)


def oag_job(spec: Path, base: Path) -> Job:
    out = fresh_dir(base / "oag")
    argv = [
        str(VENV_BIN / "openapi-generator-cli"), "generate", "-g", "python",
        "-i", str(spec), "-o", str(out), "--global-property", OAG_GLOBAL_PROPERTIES,
    ]  # fmt: skip
    return Job(OAG, "cold", argv, out)


def opc_job(spec: Path, base: Path) -> Job:
    """openapi-python-client with its defaults (a poetry project, formatted by `ruff`, which it
    runs from PATH: the venv's pinned one)."""
    out = fresh_dir(base / "opc")
    argv = [
        str(VENV_BIN / OPC), "generate", "--path", str(spec),
        "--output-path", str(out), "--overwrite",
    ]  # fmt: skip
    path = os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", "")])
    return Job(OPC, "cold", argv, out, {"PATH": path})


def round_groups(cfg: Config, rnd: int, specs: dict[str, Path]) -> list[list[Job]]:
    """The job groups of one round; jobs in a group run in order, groups rotate."""
    base = fresh_dir(WORK / "runs" / f"r{rnd}")
    groups = [ours_jobs(cfg, cfg.spec, base)]
    if cfg.peers:
        groups += [
            [dmcg_job(specs["json"], base)],
            [oag_job(cfg.spec, base)],
            [opc_job(specs["json"], base)],
        ]
    if cfg.scale:
        groups.append([ours_scaled_job(cfg, specs["scaled"], base)])
    shift = (rnd - 1) % len(groups)
    return groups[shift:] + groups[:shift]


# --- measuring -----------------------------------------------------------------------------


def kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def count_files(path: Path) -> int:
    return sum(1 for p in path.rglob("*") if p.is_file())


# The log line that says why a run failed, looked for from the end: an exception's own line
# (Python's or Java's) first, else a line naming an error. Stack frames, section headers
# ("Errors:") and the tools' closing boilerplate (openapi-python-client's "If you believe this
# was a mistake ...", pydantic's "For further information visit ...") are skipped.
_EXCEPTION = re.compile(r"[\w.$]*(?:Error|Exception)\b:")
_REASON = re.compile(r"error|exception|invalid|failed|killed|cannot|unable|not found", re.I)
_SKIPPED = ("If you believe this was a mistake", "For further information visit", "at ")


def last_line(log: Path) -> str:
    """The log line that says why a run failed (else its last line), at most 160 characters."""
    text = log.read_text(errors="replace") if log.exists() else ""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith(_SKIPPED)]
    lines = [line for line in lines if not line.endswith(":")]
    found = next((line for line in reversed(lines) if _EXCEPTION.search(line)), None)
    found = found or next((line for line in reversed(lines) if _REASON.search(line)), None)
    line = found or (lines[-1] if lines else "(no output)")
    return line if len(line) <= 160 else line[:157] + "..."


def measure(job: Job, rnd: int, log: Path, timeout: float) -> Run:
    """Run ``job`` once as a fresh process group; time it and read its rusage."""
    env = {**os.environ, **job.env}
    # Write back what earlier runs wrote first: otherwise the kernel flushes a previous tool's
    # thousands of files while this one runs, and whoever runs next pays for them.
    os.sync()
    with log.open("wb") as sink:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                job.argv, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env=env, cwd=ROOT, start_new_session=True,
            )  # fmt: skip
        except OSError as err:
            sink.write(f"cannot start: {err}\n".encode())
            return Run(job.tool, job.scenario, rnd, 0.0, 0, -1, False, 0, str(log))
        timer = threading.Timer(timeout, kill_group, (proc.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # e.g. Ctrl-C: the child has its own session, so stop it too
            kill_group(proc.pid)
            proc.wait()
            raise
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        if seconds >= timeout:
            sink.write(f"\nbench: killed after the {timeout:g} s timeout\n".encode())
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    files = count_files(job.out) if job.out.exists() else 0
    ok = code == job.expected_exit and files > 0
    return Run(job.tool, job.scenario, rnd, seconds, usage.ru_maxrss, code, ok, files, str(log))


def run_rounds(cfg: Config, specs: dict[str, Path]) -> list[Run]:
    runs: list[Run] = []
    for rnd in range(1, cfg.rounds + 1):
        for group in round_groups(cfg, rnd, specs):
            for job in group:
                log = WORK / "runs" / f"r{rnd}" / f"{job.tool}-{job.scenario}.log".replace(" ", "-")
                run = measure(job, rnd, log, cfg.timeout)
                status = "ok" if run.ok else f"FAILED (exit {run.exit_code})"
                print(
                    f"round {rnd}: {job.tool} {job.scenario}: {run.seconds:.2f} s, "
                    f"{run.max_rss_kib / 1024:.0f} MiB, {status}",
                    file=sys.stderr,
                )
                runs.append(run)
    return runs


# --- reporting -----------------------------------------------------------------------------


def summarize(runs: Sequence[Run]) -> list[Summary]:
    """One summary per tool/scenario: ours first, then the peers, in a fixed order."""
    order = {OURS: 0, DMCG: 1, OAG: 2, OPC: 3}
    keys = sorted(dict.fromkeys((r.tool, r.scenario) for r in runs), key=lambda k: order[k[0]])
    return [summary(tool, scenario, [r for r in runs if (r.tool, r.scenario) == (tool, scenario)])
            for tool, scenario in keys]  # fmt: skip


def summary(tool: str, scenario: str, runs: list[Run]) -> Summary:
    good = [r for r in runs if r.ok]
    bad = [r for r in runs if not r.ok]
    times = [r.seconds for r in good]
    error = last_line(Path(bad[-1].log)) if bad else ""
    if not times:
        return Summary(tool, scenario, len(runs), len(bad), None, None, None, None, error)
    peak = max(r.max_rss_kib for r in good) / 1024
    return Summary(
        tool, scenario, len(runs), len(bad),
        statistics.median(times), min(times), max(times), peak, error,
    )  # fmt: skip


def find(summaries: Sequence[Summary], tool: str, scenario: str) -> Summary | None:
    return next((s for s in summaries if (s.tool, s.scenario) == (tool, scenario)), None)


def fastest_peer(summaries: Sequence[Summary]) -> Summary | None:
    peers = [s for s in summaries if s.tool != OURS and s.median_s is not None]
    return min(peers, key=lambda s: s.median_s or 0.0, default=None)


def fmt(value: float | None, spec: str = ".2f") -> str:
    return "failed" if value is None else f"{value:{spec}}"


def ratio(value: Summary | None, base: Summary | None) -> float | None:
    if value is None or base is None or value.median_s is None or not base.median_s:
        return None
    return value.median_s / base.median_s


def peer_names(versions: Mapping[str, str]) -> dict[str, str]:
    """Each peer's name with its installed version."""
    packages = {DMCG: "datamodel-code-generator", OAG: "openapi-generator-cli", OPC: OPC}
    return {tool: f"{tool} {versions.get(package, '')}" for tool, package in packages.items()}


def table(summaries: Sequence[Summary], versions: dict[str, str]) -> str:
    base = fastest_peer(summaries)
    rows = [
        "| tool / scenario | ok | median s | min s | max s | peak MiB | vs fastest peer cold |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    names = peer_names(versions)
    for s in summaries:
        rel = ratio(s, base)
        rows.append(
            f"| {names.get(s.tool, s.tool)} / {s.scenario} | {s.runs - s.failures}/{s.runs} "
            f"| {fmt(s.median_s)} | {fmt(s.min_s)} | {fmt(s.max_s)} | {fmt(s.peak_mib, '.0f')} "
            f"| {'n/a' if rel is None else f'{rel:.3f}x'} |"
        )
    return "\n".join(rows)


def target(name: str, value: float | None, limit: float, unit: str = "x") -> Target:
    """A ``value <= limit`` goal (``value < limit`` for MiB); ``None`` means not measured."""
    strict = unit == " MiB"
    goal = f"{'<' if strict else '<='} {limit:g}{unit}"
    if value is None:
        return Target(name, goal, "n/a", "n/a")
    passed = value < limit if strict else value <= limit
    return Target(name, goal, f"{value:.3g}{unit}", "PASS" if passed else "FAIL")


def targets(summaries: Sequence[Summary], cfg: Config) -> list[Target]:
    cold, warm = find(summaries, OURS, "cold"), find(summaries, OURS, "warm")
    check, base = find(summaries, OURS, "check"), fastest_peer(summaries)
    peak = cold.peak_mib if cold else None
    found = [
        target("ours cold vs fastest peer cold", ratio(cold, base), TARGET_COLD),
        target("ours warm vs fastest peer cold", ratio(warm, base), TARGET_WARM),
        target("ours check vs ours cold", ratio(check, cold), 1.0),
        target("ours cold peak memory (corpus)", peak, TARGET_PEAK_MIB, " MiB"),
    ]
    if cfg.scale:
        scaled = ratio(find(summaries, OURS, f"cold {cfg.factor}x"), cold)
        name = f"ours cold {cfg.factor}x spec vs corpus"
        found.append(target(name, scaled, TARGET_SCALE_SLACK * cfg.factor))
    return found


def target_table(found: Sequence[Target]) -> str:
    rows = ["| target | goal | measured | verdict |", "| --- | --- | ---: | --- |"]
    rows += [f"| {t.name} | {t.goal} | {t.measured} | {t.verdict} |" for t in found]
    return "\n".join(rows)


def shown(path: Path) -> str:
    """``path`` relative to the checkout when it is inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def peer_commands(spec: str = "SPEC.json", note: str = JSON_FIRST) -> list[str]:
    """How each peer is run on ``spec``; ``note`` says how a YAML description reaches the two
    Python peers."""
    return [
        f"- {DMCG}: `{DMCG} --input {spec} {' '.join(DMCG_FLAGS)} --output DIR/models.py`{note}",
        f"- {OAG}: `openapi-generator-cli generate -g python -i SPEC -o DIR "
        f"--global-property {OAG_GLOBAL_PROPERTIES}`",
        f"- {OPC}: `{OPC} generate --path {spec} --output-path DIR --overwrite` (its "
        f"defaults: a poetry project formatted by the venv's `ruff`){note}",
    ]


def commands(cfg: Config) -> str:
    lines = [
        f"- ours: `{shown(OURS_PYTHON)} -m openapi_dataclasses generate|check SPEC "
        f"--out DIR --package {cfg.package}` ({CACHE_ENV}=fresh dir for cold and check; "
        "the generator byte-compiled first, as pip installs it)",
        *peer_commands(),
    ]
    return "\n".join(lines if cfg.peers else lines[:1])


def report(summaries: Sequence[Summary], cfg: Config, versions: dict[str, str]) -> str:
    failures = [f"- {s.label}: {s.last_error}" for s in summaries if s.failures]
    parts = [
        f"## Benchmark: `{cfg.spec.name}`, {cfg.rounds} round(s), "
        f"{versions.get('cpus')} CPUs, Python {versions.get('python')}, {versions.get('java')}",
        table(summaries, versions),
        target_table(targets(summaries, cfg)),
        "Commands:\n" + commands(cfg),
    ]
    if failures:
        parts.append("Failures (last log line):\n" + "\n".join(failures))
    return "\n\n".join(parts)


# --- main ----------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> Config:
    parser = argparse.ArgumentParser(description="Benchmark ours vs datamodel-codegen, "
                                                 "OpenAPI Generator and openapi-python-client.")  # fmt: skip
    parser.add_argument("--spec", type=Path, help="OpenAPI spec (default: Talon.One 25.17)")
    parser.add_argument("--rounds", type=int, help="rounds (default 5; 1 with --corpus)")
    parser.add_argument("--scale", action="store_true", help="also time ours on a K-times spec")
    parser.add_argument("--factor", type=int, default=10, help="K for --scale (default 10)")
    parser.add_argument("--package", default="talon_one", help="package name for ours")
    parser.add_argument("--timeout", type=float, help="seconds per run (1800; 600 with --corpus)")
    parser.add_argument("--no-peers", action="store_true", help="time ours only")
    parser.add_argument("--json", type=Path, help="write raw results here")
    parser.add_argument("--corpus", action="store_true",
                        help="ours cold against each peer on every real description")  # fmt: skip
    parser.add_argument("--min-mb", type=float, default=0.5,
                        help="with --corpus: descriptions of at least this size (default 0.5)")  # fmt: skip
    parser.add_argument("--manifest", type=Path,
                        help="with --corpus: the descriptions a TSV in MANIFEST.tsv's format lists "
                             "(dir, entry, ...; relative to its folder) instead")  # fmt: skip
    parser.add_argument("--reset-caches", action="store_true",
                        help="with --corpus: before each timed run, drop the page cache (root "
                             "only) and run the same command once untimed")  # fmt: skip
    args = parser.parse_args(argv)
    if args.reset_caches and not args.corpus:
        parser.error("--reset-caches goes with --corpus")
    if args.corpus and (args.spec or args.scale or args.no_peers):
        parser.error("--corpus takes no --spec, --scale or --no-peers")
    if args.manifest and not (args.corpus and args.manifest.is_file()):
        parser.error("--manifest goes with --corpus and names a TSV file")
    rounds = args.rounds or (1 if args.corpus else 5)
    timeout = args.timeout or (600.0 if args.corpus else 1800.0)
    if rounds < 1 or args.factor < 2:
        parser.error("--rounds must be >= 1 and --factor >= 2")
    spec = (args.spec or DEFAULT_SPEC).resolve()
    if not args.corpus and not spec.is_file():
        parser.error(f"no such spec: {spec}")
    manifest = args.manifest.resolve() if args.manifest else None
    return Config(spec, rounds, args.scale, args.factor, args.package, timeout,
                  not args.no_peers, args.json, args.corpus, args.min_mb, manifest,
                  args.reset_caches)  # fmt: skip


def write_json(path: Path, cfg: Config, versions: dict[str, str], runs: list[Run]) -> None:
    document = {
        "config": {k: str(v) for k, v in asdict(cfg).items()},
        "versions": versions,
        "runs": [asdict(r) for r in runs],
        "summaries": [asdict(s) for s in summarize(runs)],
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    cfg = parse_args(argv)
    if cfg.corpus:
        # corpus_peers imports this module as `run`: let it find this one, not a second copy.
        sys.modules.setdefault("run", sys.modules[__name__])
        import corpus_peers

        return corpus_peers.main(cfg)
    try:
        ensure_peers()
        compile_ours()
        specs = {"json": spec_as_json(cfg.spec)} if cfg.peers else {}
        if cfg.scale:
            specs["scaled"] = synthetic_spec(cfg.spec, cfg.factor)
        versions = tool_versions()
        shutil.rmtree(WORK / "runs", ignore_errors=True)
        runs = run_rounds(cfg, specs)
    except (OSError, subprocess.CalledProcessError) as err:
        print(f"bench: harness error: {err}", file=sys.stderr)
        return 2
    print(report(summarize(runs), cfg, versions))
    if cfg.json:
        write_json(cfg.json, cfg, versions, runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
