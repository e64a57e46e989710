"""The whole real-world API (../shared/corpus): nothing dropped, imports, types, examples.

The oracle for examples is openapi-schema-validator's OAS 3.0 validator, run on the same
description: an example it accepts must round-trip through `from_dict`/`to_dict`, one it rejects
must raise `ValidationError` naming a place. The one known difference is deliberate: patterns with
POSIX classes such as `[:cntrl:]`, which we read as POSIX means them and the oracle reads literally.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import shared_path
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from support import REPO_ROOT, imported, run_generator

from openapi_dataclasses.building import build_api
from openapi_dataclasses.ir import Api
from openapi_dataclasses.loading import LoadedSpec, load_spec

CORPUS = "corpus/talon-one-25.17.openapi.yaml"
PACKAGE = "talon_corpus"  # not talon_one: the fragment's package is imported by other tests

# Measured on release 25.17: 715 schemas, 271 with a component example.
EXPECTED_SCHEMAS = 715
EXPECTED_ROUND_TRIPS = 214
EXPECTED_REJECTIONS = 57


@pytest.fixture(scope="module")
def corpus_path() -> Path:
    return shared_path(CORPUS)


@pytest.fixture(scope="module")
def corpus_out(corpus_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    result = run_generator(
        "generate",
        str(corpus_path),
        "--out",
        str(out),
        "--package",
        PACKAGE,
        "--no-cache",
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def spec(corpus_path: Path) -> LoadedSpec:
    return load_spec(corpus_path)


@pytest.fixture(scope="module")
def api(spec: LoadedSpec) -> Api:
    return build_api(spec, PACKAGE).api


@pytest.fixture(scope="module")
def package(corpus_out: Path) -> Iterator[ModuleType]:
    with imported(corpus_out, PACKAGE) as module:
        yield module


def generated_by_source(api: Api) -> dict[str, tuple[str, str, str]]:
    """(kind, name, module) of every generated type, by the document#pointer it comes from."""
    found: dict[str, tuple[str, str, str]] = {}
    for model in api.models:
        found[model.source] = ("model", model.name, model.module)
    for enum in api.enums:
        found[enum.source] = ("enum", enum.name, enum.module)
    for alias in api.aliases:
        found[alias.source] = ("alias", alias.name, alias.module)
    return found


def test_every_component_schema_is_generated(spec: LoadedSpec, api: Api) -> None:
    schemas = spec.data["components"]["schemas"]
    generated = generated_by_source(api)
    missing = [
        name for name in schemas if f"{spec.root}#/components/schemas/{name}" not in generated
    ]
    assert len(schemas) == EXPECTED_SCHEMAS
    assert missing == []


def test_every_type_has_its_module_and_docs_page(corpus_out: Path, api: Api) -> None:
    for item in (*api.models, *api.enums, *api.aliases):
        assert (corpus_out / "docs" / f"{item.name}.md").is_file(), item.name
    for item in (*api.models, *api.aliases):
        assert (corpus_out / PACKAGE / f"{item.module}.py").is_file(), item.module


def test_the_package_imports_and_exports_everything(package: ModuleType, api: Api) -> None:
    for item in (*api.models, *api.enums):
        assert getattr(package, item.name).__name__ == item.name


def test_the_package_passes_mypy_strict(corpus_out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", PACKAGE],
        capture_output=True,
        text=True,
        cwd=corpus_out,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def oracle_errors(spec: LoadedSpec, name: str, example: Any) -> list[Any]:
    registry: Registry[Any] = Registry().with_resource(
        "urn:spec", Resource(contents=spec.data, specification=DRAFT4)
    )
    validator = OAS30Validator(
        {"$ref": f"urn:spec#/components/schemas/{name}"},
        registry=registry,
        format_checker=OAS30Validator.FORMAT_CHECKER,
    )
    return list(validator.iter_errors(example))


def only_posix_patterns(errors: list[Any]) -> bool:
    """Every error is a `pattern` mismatch on a pattern that uses POSIX classes."""
    return bool(errors) and all(
        error.validator == "pattern" and "[:" in str(error.validator_value) for error in errors
    )


def test_component_examples_round_trip_or_are_rejected_like_the_oracle(
    spec: LoadedSpec, api: Api, package: ModuleType
) -> None:
    schemas = spec.data["components"]["schemas"]
    generated = generated_by_source(api)
    round_trips, rejections, disagreements = [], [], []
    for name, schema in schemas.items():
        if "example" not in schema:
            continue
        example = schema["example"]
        kind, type_name, module_name = generated[f"{spec.root}#/components/schemas/{name}"]
        module = importlib.import_module(f"{PACKAGE}.{module_name}")
        try:
            if kind == "model":
                written = getattr(module, type_name).from_dict(example).to_dict()
            elif kind == "alias":
                written = module.adapter.to_data(module.adapter.from_data(example))
            else:
                written = getattr(module, type_name)(example).value
        except package.ValidationError as error:
            assert error.path, f"{name}: the rejection names no place: {error}"
            rejections.append(name)
            accepted = False
        else:
            assert written == example, f"{name} does not round-trip"
            round_trips.append(name)
            accepted = True
        errors = oracle_errors(spec, name, example)
        if accepted == bool(errors) and not (accepted and only_posix_patterns(errors)):
            disagreements.append(name)
    assert disagreements == []
    assert (len(round_trips), len(rejections)) == (EXPECTED_ROUND_TRIPS, EXPECTED_REJECTIONS)


def test_every_module_is_as_black_formats_it(corpus_out: Path) -> None:
    """Modules that skipped Black (blackstable.looks_formatted) must be what Black would write."""
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--quiet", "--target-version", "py310", PACKAGE],
        capture_output=True,
        text=True,
        cwd=corpus_out,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_parallel_run_matches_a_single_process_run(
    corpus_path: Path, corpus_out: Path, tmp_path: Path
) -> None:
    """Worker processes and skipping Black for modules in its layout change no byte."""
    result = run_generator(
        *("generate", str(corpus_path), "--out", str(tmp_path), "--package", PACKAGE),
        *("--no-cache", "--jobs", "1"),
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stderr
    parallel, single = generated_files(corpus_out), generated_files(tmp_path)
    assert single.keys() == parallel.keys()
    assert [path for path in single if single[path] != parallel[path]] == []


def generated_files(out: Path) -> dict[Path, bytes]:
    """The package and docs as written (not the caches that importing and type checking leave)."""
    return {
        path.relative_to(out): path.read_bytes()
        for root in (PACKAGE, "docs")
        for path in (out / root).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
