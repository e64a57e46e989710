"""The command line: `generate` and `check`. Exit 0 on success, 1 when `check` finds stale output,
2 on bad input, 3 on an internal error; never a traceback unless --debug asks for one."""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__
from .caching import (
    Manifest,
    RunCache,
    digest,
    output_matches,
    run_key,
    sources_unchanged,
    stat_files,
)
from .config import Settings, Target, resolve, shown
from .errors import GeneratorError, InternalError
from .loading import display_name, document_path, names_folder
from .writing import Layout, existing_files

if TYPE_CHECKING:
    from .pipeline import Output
    from .writing import Comparison, StagedOutput

EXIT_OK, EXIT_STALE, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
SHOWN_FINDINGS = 10
CONFIGURED = (
    "; settings not given here come from [tool.openapi-dataclasses] in the nearest pyproject.toml"
    " from the working folder upward (see the README)"
)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="openapi-dataclasses",
        description="Generate Python dataclasses, enums and Markdown docs from an OpenAPI 3.0, 3.1 or 3.2 description.",
    )
    root.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = root.add_subparsers(dest="command", required=True)
    for name, text in (
        ("generate", "write the package to OUT/PACKAGE/ and the docs to OUT/docs/ (or --docs)"),
        ("check", "exit 1 if OUT differs from what generate would write (writes nothing)"),
    ):
        command = commands.add_parser(name, help=text, description=text + CONFIGURED)
        command.add_argument(
            "spec", type=Path, nargs="?", help="the OpenAPI description (YAML or JSON)"
        )
        command.add_argument("--out", type=Path, help="output folder")
        command.add_argument(
            "--package", help="Python package name, e.g. talon_one or shop.api.talon"
        )
        command.add_argument(
            "--docs",
            type=Path,
            metavar="DIR",
            help="folder for the Markdown docs (default: OUT/docs)",
        )
        command.add_argument(
            "--no-docs", dest="docs", action="store_const", const=False, help="write no docs"
        )
        command.add_argument(
            "--schema",
            action="append",
            metavar="NAME",
            help="generate only this component schema and what it references (repeatable)",
        )
        command.add_argument(
            "--strict",
            action=argparse.BooleanOptionalAction,
            help="fail when the validator has findings (default: warn)",
        )
        command.add_argument(
            "--validate",
            action=argparse.BooleanOptionalAction,
            help="run openapi-spec-validator (default: yes, when the validate extra is installed)",
        )
        command.add_argument("--verbose", action="store_true", help="list every validator finding")
        command.add_argument(
            "--jobs", type=int, help="processes to use, this one included (default: one per core)"
        )
        command.add_argument(
            "--cache", action=argparse.BooleanOptionalAction, help="use the caches (default: yes)"
        )
        command.add_argument(
            "--target",
            action="append",
            default=[],
            metavar="NAME",
            help="run only this target of the configuration (repeatable; default: all)",
        )
        command.add_argument("--debug", action="store_true", help="show a traceback on errors")
    return root


def entry() -> NoReturn:
    """The `openapi-dataclasses` command: `main`, then a quick exit.

    Everything is written and flushed by then; letting Python free the run's millions of objects
    one by one would only add a tenth of a second to every run.
    """
    # Nor does the cyclic collector earn its keep in a process that ends after one run: it would
    # rescan the run's objects again and again (`pipeline.collector_paused` says more).
    gc.disable()
    # A SIGTERM (a cancelled CI job, `timeout`) ends the run as Ctrl-C does: the staged output
    # is removed and the helper processes stopped, instead of being left behind.
    signal.signal(signal.SIGTERM, interrupt)
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except GeneratorError as error:
        print(f"error: {error.describe()}", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return EXIT_BAD_INPUT
    except InternalError as error:
        if args.debug:
            traceback.print_exc()
        print(
            f"internal error: {error} (a bug in the generator; please report it)", file=sys.stderr
        )
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        print("interrupted; the output folder is unchanged", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:
        if args.debug:
            traceback.print_exc()
        print(
            f"internal error: {type(error).__name__}: {error} (a bug in the generator; "
            "run again with --debug and report it with the input)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def run(args: argparse.Namespace) -> int:
    """Every run the command and the configuration ask for; the worst exit code of them."""
    flags = Target(
        spec=args.spec,
        out=args.out,
        package=args.package,
        docs=args.docs,
        schemas=tuple(args.schema) if args.schema else None,
        strict=args.strict,
        validate=args.validate,
        jobs=args.jobs,
        cache=args.cache,
    )
    runs = resolve(flags, args.target, Path.cwd())
    codes = []
    for settings in runs:
        if len(runs) > 1:
            print(f"target {settings.name}:")
        codes.append(run_one(args.command, settings, verbose=args.verbose))
    return max(codes)


def run_one(command: str, settings: Settings, *, verbose: bool) -> int:
    cache = run_cache(settings) if settings.cache else None
    if cache is not None and up_to_date(settings, cache, verbose=verbose):
        return EXIT_OK
    # The full pipeline (Black, Jinja, the validator) is imported only when there is work to do,
    # and the validation process starts first: it imports the validator meanwhile.
    from .aside import validation_aside

    with validation_aside(
        settings.spec, settings.folder, validate=settings.validate, jobs=settings.jobs
    ) as validating:
        from .formatting import black_version
        from .pipeline import Options, generate
        from .writing import Comparison, StagedOutput

        options = Options(
            spec=settings.spec,
            package=settings.package,
            schemas=settings.schemas,
            strict=settings.strict,
            validate=settings.validate,
            jobs=settings.jobs,
            cache=settings.cache,
            names_from=settings.folder,
            docs=settings.docs is not None,
            ignore=settings.ignore,
            style=settings.style,
        )
        black = black_version()
        if command == "check":
            # Compares each file as it is made.
            comparison = Comparison(layout_of(settings), black, check=True)
            output = generate(options, comparison, validating)
            comparison.add_record()
            return finish_check(settings, output, comparison, verbose)
        # Files are staged as the run produces them and swapped in only once all are there.
        staged = StagedOutput(layout_of(settings), black)
        try:
            output = generate(options, staged, validating)
            return finish_generate(settings, output, staged, cache, verbose)
        finally:
            staged.discard()


def layout_of(settings: Settings) -> Layout:
    return Layout(settings.out, settings.package, settings.docs)


def where(settings: Settings) -> str:
    """The folders a run writes, as the user names them: OUT when it holds them all."""
    folders = [folder for _, folder in settings.roots()]
    if all(settings.out in folder.parents for folder in folders):
        return shown(settings.out)
    return " and ".join(shown(folder) for folder in folders)


def finish_check(settings: Settings, output: Output, comparison: Comparison, verbose: bool) -> int:
    from .writing import describe_differences

    report([diagnostic.describe() for diagnostic in output.diagnostics], verbose=verbose)
    changes = comparison.changes()
    layout = layout_of(settings)
    if changes.clean:
        relaid = ""
        if changes.relaid:
            record = comparison.existing.record
            relaid = (
                f"; {len(changes.relaid)} laid out by Black {record.black if record else '?'}, "
                f"not {comparison.black} as here: the same code"
            )
        print(f"{where(settings)}: up to date ({changes.unchanged} files{relaid})")
        return EXIT_OK
    contents = {**output.files, layout.record: comparison.record_text}
    for line in describe_differences(layout, contents, changes):
        print(line)
    print(f"{where(settings)} is stale: run openapi-dataclasses generate and commit the result")
    return EXIT_STALE


def finish_generate(
    settings: Settings,
    output: Output,
    staged: StagedOutput,
    cache: RunCache | None,
    verbose: bool,
) -> int:
    findings = [diagnostic.describe() for diagnostic in output.diagnostics]
    report(findings, verbose=verbose)
    changes = staged.commit()
    layout = layout_of(settings)
    if cache is not None:
        folder = names_folder(settings.spec, display_name(settings.spec, settings.folder))
        sources = {
            name: digest(document_path(folder, name).read_bytes()) for name in output.sources
        }
        written = {path: layout.place(path) for path in [*output.files, layout.record]}
        left_alone = sorted(staged.comparison.existing.theirs)
        cache.save(Manifest(sources, stat_files(written), findings, left_alone))
    if changes.left_alone:
        shown_paths = ", ".join(layout.shown(path) for path in changes.left_alone)
        print(
            f"left alone: {len(changes.left_alone)} files not written by the generator: {shown_paths}"
        )
    print(
        f"{where(settings)}: {len(changes.added)} added, {len(changes.changed)} changed, "
        f"{len(changes.removed)} removed, {changes.unchanged} unchanged"
    )
    return EXIT_OK


def run_cache(settings: Settings) -> RunCache | None:
    # The spec's name is written into every file, so it is part of the key.
    options = [
        settings.package,
        *settings.schemas,
        str(not settings.validate),
        str(settings.out.resolve()),
        str(settings.docs.resolve()) if settings.docs is not None else "no docs",
        *[rule.written for rule in settings.ignore],
        settings.style.key(),
        display_name(settings.spec, settings.folder),
    ]
    try:
        return RunCache(run_key(settings.spec, options))
    except OSError:
        return None  # an unreadable spec: the pipeline reports it properly


def up_to_date(settings: Settings, cache: RunCache, *, verbose: bool) -> bool:
    """The last run with these inputs wrote the output folder, and nothing has touched it since."""
    manifest = cache.load()
    if manifest is None or (settings.strict and manifest.diagnostics):
        return False
    root = display_name(settings.spec, settings.folder)
    if not sources_unchanged(manifest, settings.spec, root):
        return False
    files = existing_files(layout_of(settings))
    if not output_matches(manifest, files):
        return False
    report(manifest.diagnostics, verbose=verbose)
    print(f"{where(settings)}: up to date ({len(manifest.files)} files)")
    return True


def report(diagnostics: Sequence[str], *, verbose: bool) -> None:
    if not diagnostics:
        return
    shown = diagnostics if verbose else diagnostics[:SHOWN_FINDINGS]
    print(
        f"warning: {len(diagnostics)} findings about the description (generation goes on):",
        file=sys.stderr,
    )
    for diagnostic in shown:
        print(f"  {diagnostic}", file=sys.stderr)
    if len(shown) < len(diagnostics):
        print(
            f"  ... and {len(diagnostics) - len(shown)} more (--verbose shows all)", file=sys.stderr
        )
