"""The stages strung together: load -> validate -> build -> render -> format."""

from __future__ import annotations

import keyword
from dataclasses import dataclass
from pathlib import Path

from generator.building import build_api
from generator.errors import Diagnostic, GeneratorError
from generator.formatting import format_file
from generator.loading import load_spec
from generator.rendering import render_api
from generator.validation import openapi_version, validate_spec


@dataclass(frozen=True)
class Options:
    spec: Path
    package: str
    schemas: tuple[str, ...] = ()
    strict: bool = False
    validate: bool = True


@dataclass(frozen=True)
class Output:
    files: dict[str, str]  # relative path -> content
    diagnostics: tuple[Diagnostic, ...]


def check_package_name(name: str) -> None:
    if not name.isidentifier() or keyword.iskeyword(name) or not name.isascii():
        raise GeneratorError(
            f"--package {name!r} is not a valid Python package name",
            hint="use letters, digits and underscores, not starting with a digit, e.g. talon_one",
        )


def generate(options: Options) -> Output:
    check_package_name(options.package)
    spec = load_spec(options.spec)
    openapi_version(spec)
    diagnostics = validate_spec(spec) if options.validate else []
    if options.strict and diagnostics:
        raise GeneratorError(
            f"the description is not valid OpenAPI ({len(diagnostics)} findings; first: {diagnostics[0].describe()})",
            hint="fix the findings, or drop --strict to generate anyway",
        )
    built = build_api(spec, options.package, options.schemas)
    files = [format_file(file) for file in render_api(built.api)]
    return Output(
        {file.path: file.content for file in files}, tuple(diagnostics) + built.diagnostics
    )
