"""Ours cold against every peer on each real description of 0.5 MB or more: issue 11's speed bar.

Usage: ``python bench/run.py --corpus [--rounds N] [--min-mb 0.5] [--timeout S] [--manifest TSV]
[--json FILE]`` (with the project's venv Python: sizing a description imports ``generator.loading``).

The descriptions are those of ``shared/corpus/real/MANIFEST.tsv`` and the Talon.One 25.17 one
(``corpus_speed.descriptions``), or those ``--manifest`` lists (a TSV of the same columns,
entries relative to its folder: ``corpus_speed.listed``), sized as ``corpus_speed.size_and_schemas`` sizes them: the entry
file and every file its ``$ref``s reach. Each round runs, for every description, ours cold
(``--no-cache`` into a new folder) and each peer (datamodel-codegen, OpenAPI Generator and
openapi-python-client, as ``run.py`` runs them), each in a fresh process started after
``os.sync()``, rotating which tool goes first; every output is deleted after its run. Every
tool reads the description as published: a multi-file one as its entry file, so a peer that
cannot follow relative file refs fails. A failure is recorded (exit code and the log line that
says why) and the benchmark goes on, except where a user would work around it, and the table says
so: a peer whose own error message asks for an option (datamodel-codegen: an output folder for a
description whose schema names make modules; OpenAPI Generator: ``--skip-validate-spec``) is run
again with it, and a peer whose YAML reader fails on a one-file YAML description
(datamodel-codegen and openapi-python-client read YAML 1.1, where a plain ``=`` is no value and
``200:`` an integer key) is run again on a JSON copy, made once and not timed.

The bar: on each description, ours' median is at most 0.5x the fastest median among the peers
that succeed on it (exit 0 and files written). The 1-minute load average is read before every
run and reported, since the machine may be shared.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import corpus_speed
import run

WORK = run.WORK / "corpus"
LOGS = run.WORK / "corpus-logs"
PACKAGE = corpus_speed.PACKAGE
TOOLS = (run.OURS, *run.PEERS)
SHORT = {run.OURS: "ours", run.DMCG: "dmcg", run.OAG: "OAG", run.OPC: "opc"}


@dataclass(frozen=True)
class Description:
    """One description: its entry file, its size over all its files, and what peers read."""

    name: str
    entry: Path
    megabytes: float
    files: int
    json_copy: Path | None  # a one-file YAML description as JSON, for peers that cannot read it


@dataclass(frozen=True)
class Measured:
    """One run of one tool on one description, with the 1-minute load average just before."""

    description: str
    load1: float
    run: run.Run
    option: str = ""  # the remedy's option this run was given
    superseded: bool = False  # failed, then run again with a remedy: not counted


@dataclass(frozen=True)
class Remedy:
    """What a user would do about a peer's failure whose log holds ``marker``: the harness runs
    the peer again so (and from then on on that description); the table names it."""

    tool: str
    marker: str  # text in the failed run's log
    option: str
    apply: Callable[[list[str], Description], list[str] | None]  # None: not for this description


def output_folder(argv: list[str], description: Description) -> list[str]:
    """datamodel-codegen writing a package into the folder instead of one module."""
    return [str(Path(arg).parent) if arg.endswith("/models.py") else arg for arg in argv]


def skip_validate_spec(argv: list[str], description: Description) -> list[str]:
    return [*argv, "--skip-validate-spec"]


def json_copy(argv: list[str], description: Description) -> list[str] | None:
    """The peer reading the JSON copy of a one-file YAML description instead of the YAML."""
    if description.json_copy is None:
        return None
    entry = str(description.entry)
    return [str(description.json_copy) if arg == entry else arg for arg in argv]


JSON_COPY = "a JSON copy"
REMEDIES = (
    Remedy(run.DMCG, "Modular references require an output directory", "--output DIR",
           output_folder),
    Remedy(run.OAG, "--skip-validate-spec (CLI)", "--skip-validate-spec", skip_validate_spec),
    Remedy(run.DMCG, "Invalid file format for openapi", JSON_COPY, json_copy),
    Remedy(run.OPC, "Invalid YAML from provided source", JSON_COPY, json_copy),
    Remedy(run.OPC, "Failed to parse OpenAPI document", JSON_COPY, json_copy),
)  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One description's result: the summaries of ours and of each peer, and the verdict."""

    description: Description
    ours: run.Summary
    peers: tuple[run.Summary, ...]
    exit_codes: dict[str, int]  # each tool's exit code in its last failed run
    files: dict[str, int]  # how many files each tool wrote in its last successful run
    options: dict[str, str]  # the remedy's option each tool was given, if any

    @property
    def fastest(self) -> run.Summary | None:
        return run.fastest_peer(self.peers)

    @property
    def ratio(self) -> float | None:
        return run.ratio(self.ours, self.fastest)

    @property
    def verdict(self) -> str:
        if self.ours.median_s is None:
            return "FAIL (ours failed)"
        if self.ratio is None:
            return "n/a (no peer succeeded)"
        return "PASS" if self.ratio <= run.TARGET_COLD else "FAIL"


# --- the descriptions ------------------------------------------------------------------------


def source_files(spec: Path) -> int:
    """How many files the description is made of (the entry and every file its `$ref`s reach)."""
    if str(run.ROOT) not in sys.path:
        sys.path.insert(0, str(run.ROOT))
    from openapi_dataclasses.loading import load_spec

    return len(load_spec(spec).documents)


def json_copy_of(name: str, entry: Path, files: int) -> Path | None:
    """A one-file YAML description as JSON (None for JSON, or files that refer to others)."""
    if files > 1 or entry.suffix.lower() == ".json":
        return None
    try:
        return run.spec_as_json(entry, f"corpus-{name}")
    except subprocess.CalledProcessError as err:
        print(f"bench: {name}: not converted to JSON ({err})", file=sys.stderr)
        return None


def select(min_mb: float, manifest: Path | None = None) -> list[Description]:
    """Every corpus description of at least ``min_mb`` MB, by name (those ``manifest`` lists, if
    given: a TSV in ``MANIFEST.tsv``'s format, entries relative to its folder)."""
    found = []
    listed = (
        corpus_speed.listed(manifest)
        if manifest is not None
        else corpus_speed.descriptions(corpus_speed.REAL)
    )
    for name, entry in sorted(listed.items()):
        megabytes, _ = corpus_speed.size_and_schemas(entry)
        if megabytes >= min_mb:
            files = source_files(entry)
            copy = json_copy_of(name, entry, files)
            found.append(Description(name, entry, megabytes, files, copy))
    return found


# --- running ---------------------------------------------------------------------------------


def jobs(description: Description, base: Path) -> list[run.Job]:
    """Ours cold, then each peer, each writing into a new folder under ``base``."""
    out = run.fresh_dir(base / "ours")
    argv = [str(run.OURS_PYTHON), "-m", "openapi_dataclasses", "generate", str(description.entry),
            "--out", str(out), "--package", PACKAGE, "--no-cache"]  # fmt: skip
    return [
        run.Job(run.OURS, "cold", argv, out),
        run.dmcg_job(description.entry, base),
        run.oag_job(description.entry, base),
        run.opc_job(description.entry, base),
    ]


def remedy_for(
    job: run.Job, description: Description, log: Path, given: Sequence[Remedy]
) -> Remedy | None:
    """A remedy not given yet whose marker the log of ``job``'s failed run holds."""
    text = log.read_text(errors="replace") if log.exists() else ""
    return next(
        (
            r
            for r in REMEDIES
            if r.tool == job.tool
            and r not in given
            and r.marker in text
            and r.apply(job.argv, description) is not None
        ),
        None,
    )


def remedied(job: run.Job, description: Description, remedies: Sequence[Remedy]) -> run.Job:
    argv = job.argv
    for remedy in remedies:
        argv = remedy.apply(argv, description) or argv
    return replace(job, argv=argv)


def time_one(
    description: Description,
    job: run.Job,
    rnd: int,
    timeout: float,
    remedies: Sequence[Remedy],
    reset_caches: bool,
) -> Measured:
    """Run ``job`` (as ``remedies`` change it) once, then delete its output."""
    name = job.tool + ("-remedied" * len(remedies))
    log = LOGS / f"r{rnd}" / description.name / f"{name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    if remedies:
        job = remedied(job, description, remedies)
        run.fresh_dir(job.out)
    if reset_caches:
        drop_page_cache()
        run.measure(job, rnd, log.with_suffix(".warm-up.log"), timeout)
        run.fresh_dir(job.out)
    load1 = os.getloadavg()[0]
    result = run.measure(job, rnd, log, timeout)
    shutil.rmtree(job.out, ignore_errors=True)
    status = "ok" if result.ok else f"FAILED (exit {result.exit_code})"
    option = "".join(f" [{remedy.option}]" for remedy in remedies)
    print(
        f"round {rnd}: {description.name}: {job.tool}{option}: {result.seconds:.2f} s, {status}, "
        f"load {load1:.2f}",
        file=sys.stderr,
        flush=True,
    )
    return Measured(description.name, load1, result, ", ".join(r.option for r in remedies))


DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def drop_page_cache() -> None:
    """Start from a page cache without what earlier runs left: on the machine these tables come
    from, creating files gets slower run after run (the kernel's time, not the tools') until the
    page cache is dropped. The untimed run that follows puts the tool's own code back."""
    os.sync()
    DROP_CACHES.write_text("1\n")


def run_all(
    descriptions: Sequence[Description], rounds: int, timeout: float, reset_caches: bool = False
) -> list[Measured]:
    """Every tool on every description, ``rounds`` times, the first tool rotating."""
    measured: list[Measured] = []
    remedies: dict[tuple[str, str], list[Remedy]] = {}
    shutil.rmtree(LOGS, ignore_errors=True)
    for rnd in range(1, rounds + 1):
        for index, description in enumerate(descriptions):
            base = run.fresh_dir(WORK / description.name)
            group = jobs(description, base)
            shift = (rnd - 1 + index) % len(group)
            for job in group[shift:] + group[:shift]:
                given = remedies.setdefault((description.name, job.tool), [])
                done = time_one(description, job, rnd, timeout, given, reset_caches)
                while not done.run.ok and (
                    remedy := remedy_for(job, description, Path(done.run.log), given)
                ):
                    # Each remedy found in a failed run is kept for the later rounds.
                    measured.append(replace(done, superseded=True))
                    given.append(remedy)
                    done = time_one(description, job, rnd, timeout, given, reset_caches)
                measured.append(done)
            shutil.rmtree(base, ignore_errors=True)
    return measured


# --- reporting -------------------------------------------------------------------------------


def rows(descriptions: Sequence[Description], measured: Sequence[Measured]) -> list[Row]:
    found = []
    for description in descriptions:
        counted = [m for m in measured if m.description == description.name and not m.superseded]
        mine = [m.run for m in counted]
        options = {m.run.tool: m.option for m in counted if m.option}
        summaries = {
            tool: run.summary(tool, "cold", [r for r in mine if r.tool == tool]) for tool in TOOLS
        }
        codes = {r.tool: r.exit_code for r in mine if not r.ok}
        files = {r.tool: r.output_files for r in mine if r.ok}
        peers = tuple(summaries[tool] for tool in run.PEERS)
        found.append(Row(description, summaries[run.OURS], peers, codes, files, options))
    return found


def escape(text: str) -> str:
    return text.replace("|", "\\|")


def cell(row: Row, summary: run.Summary, width: int = 60) -> str:
    """The median seconds and the files written (with k/n when some rounds failed), or
    ``failed: exit N: why``."""
    if summary.median_s is None:
        reason = summary.last_error
        reason = reason if len(reason) <= width else reason[: width - 3] + "..."
        option = f" (with {row.options[summary.tool]})" if summary.tool in row.options else ""
        return escape(f"failed{option}: exit {row.exit_codes.get(summary.tool)}: {reason}")
    ok = summary.runs - summary.failures
    rounds = f", {ok}/{summary.runs} ok" if summary.failures else ""
    option = f", {row.options[summary.tool]}" if summary.tool in row.options else ""
    return f"{summary.median_s:.2f} ({row.files.get(summary.tool, 0)} files{option}{rounds})"


def table(found: Sequence[Row]) -> str:
    peers = " | ".join(f"{tool} s" for tool in run.PEERS)
    lines = [
        f"| description | MB | files | ours s | {peers} | fastest peer | ours / fastest "
        f"| <= {run.TARGET_COLD:g}x |",
        "| --- | ---: | ---: | ---: | " + "---: | " * len(run.PEERS) + "--- | ---: | --- |",
    ]
    for row in found:
        cells = " | ".join(cell(row, s) for s in (row.ours, *row.peers))
        fastest = row.fastest.tool if row.fastest else "none"
        ratio = "n/a" if row.ratio is None else f"{row.ratio:.2f}x"
        lines.append(
            f"| {row.description.name} | {row.description.megabytes:.2f} "
            f"| {row.description.files} | {cells} | {fastest} | {ratio} | {row.verdict} |"
        )
    return "\n".join(lines)


def load_summary(measured: Sequence[Measured], start: float, end: float) -> str:
    loads = [m.load1 for m in measured] or [start]
    return (
        f"load average (1 min): {start:.2f} at the start, {min(loads):.2f} to "
        f"{max(loads):.2f} before the runs (median {sorted(loads)[len(loads) // 2]:.2f}), "
        f"{end:.2f} at the end"
    )


def summary_line(found: Sequence[Row]) -> str:
    passed = [row for row in found if row.verdict == "PASS"]
    vacuous = [row for row in found if row.ratio is None and row.ours.median_s is not None]
    failing = [row for row in found if row.verdict.startswith("FAIL")]
    named = ", ".join(
        f"{row.description.name} ({'ours failed' if row.ratio is None else f'{row.ratio:.2f}x'})"
        for row in failing
    )
    return (
        f"Bar (ours cold <= {run.TARGET_COLD:g}x the fastest peer that succeeds): "
        f"{len(passed)} of {len(found)} descriptions pass, {len(failing)} fail"
        + (f" ({named})" if failing else "")
        + (f", {len(vacuous)} with no successful peer" if vacuous else "")
        + "."
    )


def failures(found: Sequence[Row]) -> str:
    lines = [
        f"- {row.description.name}, {s.tool}: exit {row.exit_codes.get(s.tool)}: {s.last_error}"
        for row in found
        for s in (row.ours, *row.peers)
        if s.failures
    ]
    return "Failures (the log line that says why):\n" + "\n".join(lines) if lines else ""


def commands() -> str:
    ours = (
        f"- ours: `{run.shown(run.OURS_PYTHON)} -m openapi_dataclasses generate ENTRY --out DIR "
        f"--package {PACKAGE} --no-cache` (the generator byte-compiled first, as pip installs it)"
    )
    multi = "- a multi-file description reaches every tool as its entry file"
    peers = run.peer_commands("SPEC", "")
    return "Commands:\n" + "\n".join([ours, *peers, multi])


def report(
    cfg: run.Config, versions: dict[str, str], found: Sequence[Row], load: str, date: str
) -> str:
    names = run.peer_names(versions)
    header = (
        f"## Corpus benchmark: {len(found)} descriptions of {cfg.min_mb:g} MB or more, "
        f"{cfg.rounds} round(s), {date}, {versions.get('cpus')} CPUs, Python "
        f"{versions.get('python')}, {versions.get('java')}; "
        + ", ".join(names[tool] for tool in run.PEERS)
    )
    legend = (
        "Cells: median seconds (files written), or why the tool failed. A peer whose failure a "
        "user would work around (an option its error message asks for, or a JSON copy of a YAML "
        "description its reader fails on) is run again so, and its cell names it; the failed "
        "run is not counted: "
        + "; ".join(f'{r.tool}: {r.option} on "{r.marker}"' for r in REMEDIES)
        + "."
    )
    if cfg.reset_caches:
        legend += (
            " Before each timed run the page cache was dropped and the same command run once, "
            "untimed (`--reset-caches`)."
        )
    parts = [header, table(found) + "\n\n" + legend,
             summary_line(found) + " " + load.capitalize() + ".",
             failures(found), commands()]  # fmt: skip
    return "\n\n".join(part for part in parts if part)


def row_json(row: Row) -> dict[str, object]:
    return {
        **asdict(row.description),
        "entry": str(row.description.entry),
        "json_copy": str(row.description.json_copy) if row.description.json_copy else None,
        "summaries": [asdict(s) for s in (row.ours, *row.peers)],
        "exit_codes": row.exit_codes,
        "files": row.files,
        "options": row.options,
        "fastest_peer": row.fastest.tool if row.fastest else None,
        "ratio": row.ratio,
        "verdict": row.verdict,
    }


def write_json(
    path: Path,
    cfg: run.Config,
    versions: dict[str, str],
    found: Sequence[Row],
    measured: Sequence[Measured],
    loads: dict[str, float],
) -> None:
    runs = [
        {"description": m.description, "load1": m.load1, "option": m.option,
         "superseded": m.superseded, **asdict(m.run)}
        for m in measured
    ]  # fmt: skip
    document = {
        "config": {k: str(v) for k, v in asdict(cfg).items()},
        "versions": versions,
        "load": loads,
        "descriptions": [row_json(row) for row in found],
        "runs": runs,
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def main(cfg: run.Config) -> int:
    date = time.strftime("%Y-%m-%d %H:%M %Z")
    start = os.getloadavg()[0]
    try:
        run.ensure_peers()
        run.compile_ours()
        descriptions = select(cfg.min_mb, cfg.manifest)
        if not descriptions:
            print(f"bench: no description of {cfg.min_mb:g} MB or more", file=sys.stderr)
            return 2
        versions = {**run.tool_versions(), "platform": platform.platform()}
        if cfg.reset_caches:
            drop_page_cache()  # fails here, before any run, without root
        measured = run_all(descriptions, cfg.rounds, cfg.timeout, cfg.reset_caches)
    except (OSError, subprocess.CalledProcessError) as err:
        print(f"bench: harness error: {err}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    end = os.getloadavg()[0]
    found = rows(descriptions, measured)
    print(report(cfg, versions, found, load_summary(measured, start, end), date))
    if cfg.json:
        loads = {"start": start, "end": end, "max_before_run": max(m.load1 for m in measured)}
        write_json(cfg.json, cfg, versions, found, measured, loads)
    return 0
