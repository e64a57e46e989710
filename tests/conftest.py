"""Shared fixtures: paths, the committed fragment package, small specs in tmp_path, hypothesis."""

from __future__ import annotations

import contextlib
import copy
import importlib
import os
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from support import REPO_ROOT, imported, snapshot_checkout

from openapi_dataclasses import ir
from openapi_dataclasses.building import build_api
from openapi_dataclasses.loading import load_spec
from openapi_dataclasses.pipeline import Options, generate
from openapi_dataclasses.writing import write_output
from openapi_dataclasses.yaml12 import load_yaml

FRAGMENT_SPEC = REPO_ROOT / "specs" / "new_customer_session_v2.yaml"
GENERATED = REPO_ROOT / "generated"
GENERATED_DOCS = GENERATED / "docs"
SHARED = REPO_ROOT.parent / "shared"

# One fixed profile for every property-based test: the same examples on every run and machine.
# HYPOTHESIS_MAX_EXAMPLES raises the number of examples for a longer, deeper run.
settings.register_profile(
    "project",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "100")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("project")


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The generator's caches go to a folder of the test session, not the user's ~/.cache."""
    previous = os.environ.get("OPENAPI_DATACLASSES_CACHE_DIR")
    os.environ["OPENAPI_DATACLASSES_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        del os.environ["OPENAPI_DATACLASSES_CACHE_DIR"]
    else:
        os.environ["OPENAPI_DATACLASSES_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def clean_checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding this checkout's files as they are now, in one commit."""
    return snapshot_checkout(tmp_path_factory.mktemp("checkout"))


def shared_path(relative: str) -> Path:
    """A file under `../shared`; skips the test when it is absent, fails instead when CI=true."""
    path = SHARED / relative
    if path.exists():
        return path
    reason = (
        f"{path} is absent: the shared material (seeds, corpus) is expected at ../shared "
        "beside the repository"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true requires it")
    pytest.skip(reason)


# -- the committed fragment package (generated/talon_one) ----------------------------------------


@pytest.fixture(scope="session")
def talon_one() -> ModuleType:
    """The committed `generated/talon_one` package, imported from `generated/`."""
    if str(GENERATED) not in sys.path:
        sys.path.insert(0, str(GENERATED))
    return importlib.import_module("talon_one")


@pytest.fixture(scope="session")
def fragment_spec() -> Any:
    """specs/new_customer_session_v2.yaml as data (YAML 1.2)."""
    return load_yaml(FRAGMENT_SPEC.read_text(encoding="utf-8"))


@pytest.fixture
def session_example(fragment_spec: Any) -> dict[str, Any]:
    """A fresh copy of the schema-level `examples[0]` of NewCustomerSessionV2."""
    example = fragment_spec["components"]["schemas"]["NewCustomerSessionV2"]["examples"][0]
    return copy.deepcopy(example)


@pytest.fixture
def strict_enums(talon_one: ModuleType) -> Iterator[None]:
    """Strict enums for one test; always switched back off, even when the test fails."""
    talon_one.set_strict_enums(True)
    try:
        yield
    finally:
        talon_one.set_strict_enums(False)


# -- small specs written by the tests ----------------------------------------------------------


@pytest.fixture
def write_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Write a spec (dedented YAML text) into tmp_path, which becomes the working directory.

    Working there makes the names the generator shows (and writes into headers) short and stable.
    """
    monkeypatch.chdir(tmp_path)

    def write(text: str, name: str = "spec.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return Path(name)

    return write


@pytest.fixture
def build_ir(write_spec: Callable[..., Path]) -> Callable[..., ir.Api]:
    """Load and build a spec given as YAML text; returns the intermediate model."""

    def build(text: str, schemas: tuple[str, ...] = ()) -> ir.Api:
        return build_api(load_spec(write_spec(text)), "pkg", schemas).api

    return build


@pytest.fixture
def generate_package(
    write_spec: Callable[..., Path], tmp_path: Path
) -> Iterator[Callable[[str, str], ModuleType]]:
    """Generate a spec given as YAML text into tmp_path/out and import the package.

    The package and its modules are removed from `sys.modules` afterwards, so that every test
    imports what it generated.
    """
    out = tmp_path / "out"
    with contextlib.ExitStack() as packages:

        def make(text: str, package: str) -> ModuleType:
            output = generate(Options(spec=write_spec(text), package=package))
            write_output(out, output.files, package)
            return packages.enter_context(imported(out, package))

        yield make
