"""Golden-file tests: every tests/golden/<case>/spec.yaml against tests/golden/<case>/expected/.

Each case is generated (package name = the case's folder name) into a temporary folder and compared
with `expected/` file by file, byte for byte; a failure lists every missing, unexpected and
differing file with the start of its diff.

When a change to the output is intended, rewrite the expectations and review them with git diff:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

To add a case, create tests/golden/<case>/spec.yaml (the folder name must be a valid package name)
and run the command above.

The generated packages are also imported: every schema example must round-trip and every code
sample in the case's docs must run (the API pages' against a MockTransport that answers each
operation) and print JSON its model accepts.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from client_support import Replies, every_client_answered
from support import imported, python_blocks, run_python

from openapi_dataclasses import __version__, ir
from openapi_dataclasses.building import build_api
from openapi_dataclasses.loading import load_spec
from openapi_dataclasses.pipeline import Options, Output, generate
from openapi_dataclasses.rendering import runtime_sources
from openapi_dataclasses.writing import write_output
from openapi_dataclasses.yaml12 import load_yaml

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(path.name for path in GOLDEN.iterdir() if (path / "spec.yaml").is_file())
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
IGNORED = {"__pycache__"}
# Every package carries the same copy of generator/runtime/, checked against it once per case
# rather than kept in each case's expectations; and so does every client of generator/http/.
RUNTIME = "_runtime"
SHIPPED = (RUNTIME, "_http")


def in_folder(folder: Path, action: Callable[[], Any]) -> Any:
    """Run `action` with `folder` as the working directory, so that file names shown are short."""
    previous = Path.cwd()
    os.chdir(folder)
    try:
        return action()
    finally:
        os.chdir(previous)


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not IGNORED.intersection(path.relative_to(folder).parts)
        and not set(SHIPPED) & set(path.relative_to(folder).parts)
    }


def tree_differences(expected: Path, actual: Path, max_diff_lines: int = 15) -> list[str]:
    want, got = files_under(expected), files_under(actual)
    lines = [f"missing:    {path}" for path in sorted(want.keys() - got.keys())]
    lines += [f"unexpected: {path}" for path in sorted(got.keys() - want.keys())]
    for path in sorted(want.keys() & got.keys()):
        if want[path] == got[path]:
            continue
        lines.append(f"differs:    {path}")
        diff = difflib.unified_diff(
            want[path].decode("utf-8", "replace").splitlines(),
            got[path].decode("utf-8", "replace").splitlines(),
            "expected",
            "generated",
            lineterm="",
            n=1,
        )
        lines.extend(f"    {line}" for line in list(diff)[2 : 2 + max_diff_lines])
    return lines


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[Path, Output]]:
    """Generate a case once per test module: (output folder, pipeline output)."""
    cache: dict[str, tuple[Path, Output]] = {}

    def make(case: str) -> tuple[Path, Output]:
        if case not in cache:
            output = in_folder(
                GOLDEN / case, lambda: generate(Options(spec=Path("spec.yaml"), package=case))
            )
            out = tmp_path_factory.mktemp(case)
            write_output(out, output.files, case)
            cache[case] = (out, output)
        return cache[case]

    return make


@pytest.fixture
def package(
    generated: Callable[[str], tuple[Path, Output]],
) -> Iterator[Callable[[str], ModuleType]]:
    """Import a case's generated package; forget it afterwards."""
    with contextlib.ExitStack() as packages:
        yield lambda case: packages.enter_context(imported(generated(case)[0], case))


def case_api(case: str) -> ir.Api:
    spec = in_folder(GOLDEN / case, lambda: load_spec(Path("spec.yaml")))
    return build_api(spec, case).api


def schema_examples(case: str) -> list[tuple[str, Any]]:
    """(class name, example) for every component schema that has an example."""
    classes = {model.wire_name: model.name for model in case_api(case).models}
    schemas = load_yaml((GOLDEN / case / "spec.yaml").read_text("utf-8"))["components"]["schemas"]
    examples = []
    for wire_name, schema in schemas.items():
        if "example" in schema:
            examples.append((classes[str(wire_name)], schema["example"]))
        elif schema.get("examples"):
            examples.append((classes[str(wire_name)], schema["examples"][0]))
    return examples


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 3, CASES


@pytest.mark.parametrize("case", CASES)
def test_generated_output_matches_golden_files(
    case: str, generated: Callable[[str], tuple[Path, Output]]
) -> None:
    out, _ = generated(case)
    expected = GOLDEN / case / "expected"
    if UPDATE:
        shutil.rmtree(expected, ignore_errors=True)
        shutil.copytree(out, expected, ignore=shutil.ignore_patterns(*IGNORED, *SHIPPED))

    differences = tree_differences(expected, out)

    assert not differences, (
        f"generated output of golden case {case!r} differs from {expected}:\n"
        + "\n".join(differences)
        + "\n(if the change is intended: UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py)"
    )


@pytest.mark.parametrize("case", CASES)
def test_golden_spec_is_valid_openapi(
    case: str, generated: Callable[[str], tuple[Path, Output]]
) -> None:
    _, output = generated(case)

    assert [diagnostic.describe() for diagnostic in output.diagnostics] == []


@pytest.mark.parametrize("case", CASES)
def test_golden_schema_examples_round_trip(case: str, package: Callable[[str], ModuleType]) -> None:
    module = package(case)
    examples = schema_examples(case)
    failures = []
    for class_name, example in examples:
        try:
            written = getattr(module, class_name).from_dict(example).to_dict()
        except Exception as error:  # report every example, not only the first failure
            failures.append(f"{class_name}: {type(error).__name__}: {error}")
            continue
        if written != example:
            failures.append(f"{class_name}: wrote {written!r}, read {example!r}")

    assert examples, f"golden case {case!r} has no schema examples"
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("case", CASES)
def test_golden_code_samples_run_and_models_accept_what_they_print(
    case: str, generated: Callable[[str], tuple[Path, Output]], package: Callable[[str], ModuleType]
) -> None:
    """Every ```python block runs as written; on a model's page it prints JSON the model reads."""
    out, _ = generated(case)
    module = package(case)
    replies = Replies(case_api(case), module)
    failures = []
    samples = 0
    for doc in sorted((out / "docs").glob("*.md")):
        for code in python_blocks(doc.read_text("utf-8")):
            samples += 1
            try:
                with every_client_answered(replies.handler()):
                    printed = run_python(code, f"{case}/docs/{doc.name}")
                documented = getattr(module, doc.stem, None)
                if not hasattr(documented, "from_json"):
                    continue  # not a model's page: running is all it promises
                accepted = documented.from_json(printed).to_dict()
            except Exception as error:  # report every sample, not only the first failure
                failures.append(f"{doc.name}: {type(error).__name__}: {error}")
                continue
            if accepted != json.loads(printed):
                failures.append(f"{doc.name}: {printed!r} read back as {accepted!r}")

    assert samples > 0, f"golden case {case!r} has no code samples"
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("case", CASES)
def test_the_runtime_is_a_copy_of_generator_runtime(
    case: str, generated: Callable[[str], tuple[Path, Output]]
) -> None:
    out, _ = generated(case)
    header = (
        f"# Generated by openapi-dataclasses {__version__}: do not edit.\n# Source: spec.yaml\n"
    )
    shipped = {path.name: path.read_text("utf-8") for path in (out / case / RUNTIME).glob("*.py")}
    assert shipped == {name: header + source for name, source in runtime_sources()}
