"""The command line: `generate` and `check`. Exit 0 on success, 1 when `check` finds stale output,
2 on bad input, 3 on an internal error; never a traceback unless --debug asks for one."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.errors import Diagnostic, GeneratorError
from generator.pipeline import Options, generate
from generator.writing import compare, describe_differences, write_output

EXIT_OK, EXIT_STALE, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
SHOWN_FINDINGS = 10


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="openapi-dataclasses",
        description="Generate Python dataclasses, enums and Markdown docs from an OpenAPI 3.0/3.1 description.",
    )
    root.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = root.add_subparsers(dest="command", required=True)
    for name, text in (
        ("generate", "write the package to OUT/PACKAGE/ and the docs to OUT/docs/"),
        ("check", "exit 1 if OUT differs from what generate would write (writes nothing)"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("spec", type=Path, help="the OpenAPI description (YAML or JSON)")
        command.add_argument("--out", type=Path, required=True, help="output folder")
        command.add_argument("--package", required=True, help="Python package name, e.g. talon_one")
        command.add_argument(
            "--schema",
            action="append",
            default=[],
            metavar="NAME",
            help="generate only this component schema and what it references (repeatable)",
        )
        command.add_argument(
            "--strict", action="store_true", help="fail when the validator has findings"
        )
        command.add_argument(
            "--no-validate", action="store_true", help="skip openapi-spec-validator"
        )
        command.add_argument("--verbose", action="store_true", help="list every validator finding")
        command.add_argument("--debug", action="store_true", help="show a traceback on errors")
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except GeneratorError as error:
        print(f"error: {error.describe()}", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return EXIT_BAD_INPUT
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
    options = Options(
        spec=args.spec,
        package=args.package,
        schemas=tuple(args.schema),
        strict=args.strict,
        validate=not args.no_validate,
    )
    output = generate(options)
    report(output.diagnostics, verbose=args.verbose)
    if args.command == "check":
        changes = compare(args.out, output.files, args.package)
        if changes.clean:
            print(f"{args.out}: up to date ({changes.unchanged} files)")
            return EXIT_OK
        for line in describe_differences(args.out, output.files, changes):
            print(line)
        print(
            f"{args.out} is stale: run the generate command (make generate) and commit the result"
        )
        return EXIT_STALE
    changes = write_output(args.out, output.files, args.package)
    print(
        f"{args.out}: {len(changes.added)} added, {len(changes.changed)} changed, "
        f"{len(changes.removed)} removed, {changes.unchanged} unchanged"
    )
    return EXIT_OK


def report(diagnostics: Sequence[Diagnostic], *, verbose: bool) -> None:
    if not diagnostics:
        return
    shown = diagnostics if verbose else diagnostics[:SHOWN_FINDINGS]
    print(
        f"warning: {len(diagnostics)} findings about the description (generation goes on):",
        file=sys.stderr,
    )
    for diagnostic in shown:
        print(f"  {diagnostic.describe()}", file=sys.stderr)
    if len(shown) < len(diagnostics):
        print(
            f"  ... and {len(diagnostics) - len(shown)} more (--verbose shows all)", file=sys.stderr
        )
