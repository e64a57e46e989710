"""Hostile and broken input: clear errors, nothing lost, nothing escapes, bounded work."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from support import REPO_ROOT, run_generator

from openapi_dataclasses import writing

VALID = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
"""


def generate(spec: str, cwd: Path, out: str = "out") -> subprocess.CompletedProcess[str]:
    return run_generator("generate", spec, "--out", out, "--package", "pkg", cwd=cwd)


# Runs the command in-process and then prints its own peak resident memory (VmHWM, KiB) last on
# stdout. VmHWM belongs to the process image: `ru_maxrss` would also count the test process the
# child was forked from before it ran Python again, however large that one had grown.
MEASURED = """
import sys
from openapi_dataclasses.cli import main
code = main(sys.argv[1:])
sys.stderr.flush()
status = open("/proc/self/status").read()
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
sys.exit(code)
"""


def generate_measured(spec: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """`generate` as a user runs it, and the peak memory (KiB) of that run."""
    args = [sys.executable, "-c", MEASURED, "generate", spec, "--out", "out", "--package", "pkg"]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    *printed, peak = result.stdout.splitlines() or ["0"]
    result.stdout = "\n".join(printed)
    return result, int(peak)


def assert_clear_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """Exit 2, one short paragraph on stderr that names what it should, and no traceback."""
    assert result.returncode == 2, result.stderr
    message = result.stderr.strip()
    assert message.startswith("error: ")
    assert "Traceback" not in result.stderr and "\n\n" not in message
    assert len(message) < 600
    for fragment in fragments:
        assert fragment in message


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# -- clear errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "fragments"),
    [
        ("syntax.yaml", "openapi: 3.0.3\ninfo: [unclosed\n", ["syntax.yaml:", "invalid YAML"]),
        ("syntax.json", '{"openapi": "3.0.3",\n  "info": }', ["syntax.json:2:", "invalid JSON"]),
        ("list.yaml", "- just\n- a list\n", ["not an OpenAPI document"]),
        ("swagger.yaml", "swagger: '2.0'\ninfo: {}\n", ["Swagger 2.0", "convert it"]),
        ("version.yaml", "openapi: 4.0.0\ninfo: {}\n", ["unsupported OpenAPI version"]),
        (
            "dupes.yaml",
            "openapi: 3.0.3\ninfo: {}\ninfo: {}\n",
            ["dupes.yaml:3", "duplicate key 'info'"],
        ),
        # Python converts integers of at most 4300 digits (`sys.set_int_max_str_digits`).
        ("long.json", '{"openapi": "3.0.3", "x-n": ' + "9" * 5000 + "}", ["long.json", "4300"]),
        ("long.yaml", "openapi: 3.0.3\nx-n: " + "9" * 5000 + "\n", ["long.yaml", "4300"]),
    ],
)
def test_unreadable_documents_get_one_clear_message(
    tmp_path: Path, name: str, text: str, fragments: list[str]
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert_clear_error(generate(name, tmp_path), *fragments)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    assert_clear_error(generate("nope.yaml", tmp_path), "nope.yaml", "file not found")


def test_a_directory_is_not_a_spec(tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    assert_clear_error(generate("folder.yaml", tmp_path), "folder.yaml", "directory")


def test_bytes_that_are_not_utf8_are_reported(tmp_path: Path) -> None:
    (tmp_path / "latin1.yaml").write_bytes(b"openapi: 3.0.3\ninfo: {title: caf\xe9}\n")
    assert_clear_error(generate("latin1.yaml", tmp_path), "latin1.yaml", "UTF-8")


def schema_spec(schemas: str) -> str:
    return (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        + textwrap.indent(textwrap.dedent(schemas), "    ")
    )


@pytest.mark.parametrize(
    ("schemas", "fragments"),
    [
        (
            "A: {$ref: '#/components/schemas/Nope'}\n",
            ["#/components/schemas/A/$ref", "points at nothing", ":6:"],
        ),
        (
            "A: {$ref: '#/components/schemas/B'}\nB: {$ref: '#/components/schemas/A'}\n",
            ["$ref cycle"],
        ),
        ("A: {$ref: 'https://example.com/pet.yaml'}\n", ["remote $ref", "never uses the network"]),
        ("A: {$ref: 'missing.yaml#/Pet'}\n", ["missing.yaml", "does not exist"]),
        # `'²'.isdigit()` is true, and `int('²')` fails: an index is ASCII digits.
        (
            "A: {allOf: [{type: string}]}\nB: {$ref: '#/components/schemas/A/allOf/\u00b2'}\n",
            ["#/components/schemas/B/$ref", "points at nothing"],
        ),
    ],
)
def test_bad_references_get_one_clear_message(
    tmp_path: Path, schemas: str, fragments: list[str]
) -> None:
    (tmp_path / "refs.yaml").write_text(schema_spec(schemas), encoding="utf-8")
    assert_clear_error(generate("refs.yaml", tmp_path), "refs.yaml", *fragments)


NO_TYPES = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /health:
    get:
      responses:
        '200': {description: ok, content: {text/plain: {schema: {type: string}}}}
"""
# A schema only where generation reads none: the header of a multipart body's part.
UNREAD = """\
        '200':
          description: ok
          content:
            multipart/form-data:
              encoding:
                file:
                  headers:
                    X-Part: {schema: {type: object, properties: {a: {type: string}}}}
"""


def test_a_broken_ref_on_an_operation_is_an_error_where_it_stands(tmp_path: Path) -> None:
    """An operation whose $ref leads nowhere: an error naming it, not a client without it."""
    text = NO_TYPES.replace("get:", "get: {$ref: 'nowhere.yaml'}\n    x-get:")
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")

    result = generate("spec.yaml", tmp_path)

    assert_clear_error(result, "spec.yaml", "#/paths/~1health/get/$ref", "nowhere.yaml")
    assert "does not exist" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("text", [NO_TYPES, NO_TYPES.split("        '200'")[0] + UNREAD])
def test_operations_whose_schemas_give_no_type_still_give_a_client(
    tmp_path: Path, text: str
) -> None:
    """Operations are a result of their own: the client's method, without a model to return."""
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")

    result = generate("spec.yaml", tmp_path)

    assert result.returncode == 0, result.stderr
    package = tmp_path / "out" / "pkg"
    assert sorted(path.name for path in package.glob("*.py")) == ["__init__.py", "client.py"]
    assert "def " in (package / "api" / "default.py").read_text(encoding="utf-8")


def test_a_description_without_schemas_or_operations_gives_an_empty_package(
    tmp_path: Path,
) -> None:
    """An empty `paths` and no components (a description still being written) give an empty
    package: nothing was asked for, so nothing is missing."""
    (tmp_path / "spec.yaml").write_text(VALID.split("paths:")[0] + "paths: {}\n", encoding="utf-8")

    result = generate("spec.yaml", tmp_path)

    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (tmp_path / "out" / "pkg").glob("*.py")) == ["__init__.py"]


def test_a_bad_package_name_is_refused(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(VALID, encoding="utf-8")
    result = run_generator(
        "generate", "spec.yaml", "--out", "out", "--package", "class", cwd=tmp_path
    )
    assert_clear_error(result, "--package 'class'")


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run_generator(
        "generate", "nope.yaml", "--out", "out", "--package", "pkg", "--debug", cwd=tmp_path
    )
    assert result.returncode == 2
    assert "Traceback" in result.stderr


# -- nothing lost ------------------------------------------------------------------------------


def test_a_failed_run_leaves_the_previous_output_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(VALID, encoding="utf-8")
    assert generate("spec.yaml", tmp_path).returncode == 0
    before = snapshot(tmp_path / "out")
    (tmp_path / "spec.yaml").write_text(
        VALID + "    Broken: {$ref: '#/nowhere'}\n", encoding="utf-8"
    )
    assert_clear_error(generate("spec.yaml", tmp_path))
    assert snapshot(tmp_path / "out") == before


@pytest.mark.parametrize(
    "failure", [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left on device")]
)
def test_an_interrupted_or_full_disk_write_leaves_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    out = tmp_path / "out"
    old = {"pkg/__init__.py": "old\n", "pkg/pet.py": "old pet\n", "docs/Pet.md": "old docs\n"}
    writing.write_output(out, old, "pkg")
    before = snapshot(out)
    calls = {"count": 0}
    real_write = Path.write_bytes

    def failing_write(self: Path, data: bytes) -> int:
        calls["count"] += 1
        if calls["count"] == 2:
            raise failure
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    new = {"pkg/__init__.py": "new\n", "pkg/pet.py": "new pet\n", "docs/Pet.md": "new docs\n"}
    with pytest.raises((KeyboardInterrupt, writing.GeneratorError)):
        writing.write_output(out, new, "pkg")
    assert snapshot(out) == before
    assert not [path for path in out.iterdir() if path.name.startswith(writing.STAGING_PREFIX)]


def test_check_never_writes(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(VALID, encoding="utf-8")
    assert generate("spec.yaml", tmp_path).returncode == 0
    (tmp_path / "out" / "pkg" / "pet.py").write_text("edited\n", encoding="utf-8")
    (tmp_path / "out" / "pkg" / "stray.py").write_text(
        "# Generated by openapi-dataclasses 0.1.0: do not edit.\n", encoding="utf-8"
    )
    before = snapshot(tmp_path / "out")
    result = run_generator("check", "spec.yaml", "--out", "out", "--package", "pkg", cwd=tmp_path)
    assert result.returncode == 1
    assert "stale:   out/pkg/pet.py" in result.stdout
    assert "extra:   out/pkg/stray.py" in result.stdout
    assert snapshot(tmp_path / "out") == before


# -- nothing escapes ---------------------------------------------------------------------------

MARKER = "PWNED_MARKER"
INJECTION = f"\"\"\"\n'''\nimport pathlib; pathlib.Path('{MARKER}').write_text('x')\n#"
HOSTILE_SCHEMAS = {
    "../../escape": {"type": "object", "properties": {"a": {"type": "string"}}},
    "/abs/path": {"type": "object", "properties": {"b": {"type": "string"}}},
    f"A\n{INJECTION}": {
        "type": "object",
        "title": INJECTION,
        "description": INJECTION + " {{ 7*7 }} {% raw %} <script>alert(1)</script> | pipe",
        "properties": {
            INJECTION: {
                "type": "string",
                "default": INJECTION,
                "example": INJECTION,
                "description": INJECTION,
            },
            "to_dict": {"type": "string", "enum": [INJECTION, "..", "a/b", "class"]},
            "class": {"type": "integer"},
            "extra_properties": {"type": "string", "pattern": INJECTION},
            "1st": {"type": "boolean"},
        },
    },
    "class": {"type": "string", "enum": ["None", "True", "__init__", ""]},
    "CaseOnly": {"type": "object", "properties": {"x": {"type": "string"}}},
    "caseonly": {"type": "object", "properties": {"y": {"type": "string"}}},
    "Ünïcödé": {
        "type": "object",
        "properties": {"ß": {"type": "string"}, "ss": {"type": "string"}},
    },
}


def test_hostile_names_and_text_stay_inside_out_and_run_nothing(tmp_path: Path) -> None:
    spec = {"openapi": "3.0.3", "info": {"title": INJECTION, "version": INJECTION}, "paths": {}}
    spec["components"] = {"schemas": HOSTILE_SCHEMAS}
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    result = generate("spec.json", tmp_path / "work")
    assert result.returncode == 0, result.stderr
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert all(path.is_relative_to(tmp_path / "work") for path in written)
    python_files = sorted((tmp_path / "work" / "out" / "pkg").glob("*.py"))
    # One module each, __init__ and _schemas (the description's schemas, hostile text and all).
    assert len(python_files) == len(HOSTILE_SCHEMAS) + 2
    names = {path.name.casefold() for path in (tmp_path / "work" / "out" / "docs").iterdir()}
    assert (
        len(names) == len(HOSTILE_SCHEMAS) + 2
    )  # case-insensitively distinct; the enum of `to_dict`
    for path in python_files:
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    check = subprocess.run(
        [sys.executable, "-c", "import pkg, json; print(json.dumps(sorted(pkg.__all__)))"],
        capture_output=True,
        text=True,
        cwd=tmp_path / "work" / "out",
        check=False,
    )
    assert check.returncode == 0, check.stderr
    assert not list(tmp_path.rglob(MARKER))
    docs = "".join(
        path.read_text(encoding="utf-8") for path in (tmp_path / "work" / "out" / "docs").iterdir()
    )
    assert "<script>" not in docs


# -- bounded work ------------------------------------------------------------------------------


def billion_laughs() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 10)}]")
    return "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-bomb:\n" + "".join(
        f"  {line}\n" for line in lines
    )


def deep_schema(levels: int) -> str:
    """Arrays of arrays of ... strings, written as text (json.dumps would recurse too)."""
    schema = '{"type": "array", "items": ' * levels + '{"type": "string"}' + "}" * levels
    return (
        '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": '
        f'{{"schemas": {{"Deep": {{"type": "object", "properties": {{"x": {schema}}}}}}}}}}}'
    )


def test_a_long_chain_of_refs_generates(tmp_path: Path) -> None:
    """Each link of a `$ref` chain costs one stack frame: 800 of them fit."""
    links = "".join(
        f"A{index}: {{$ref: '#/components/schemas/A{index + 1}'}}\n" for index in range(800)
    )
    end = "A800: {type: object, properties: {name: {type: string}}}\n"
    (tmp_path / "chain.yaml").write_text(schema_spec(links + end), encoding="utf-8")
    result = generate("chain.yaml", tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "text", "fragment"),
    [
        ("bomb.yaml", billion_laughs(), "alias bomb"),
        ("self.yaml", "openapi: 3.0.3\ninfo: {}\nx-loop: &loop [*loop]\n", "contains itself"),
        ("brackets.json", "[" * 200_000, "nested too deeply"),
        ("deep.json", deep_schema(400), "nested too deeply to generate"),
        ("deeper.json", deep_schema(5000), "nested too deeply to read"),
    ],
)
def test_explosive_input_ends_quickly_with_a_clear_error(
    tmp_path: Path, name: str, text: str, fragment: str
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    started = time.monotonic()
    result, peak_kib = generate_measured(name, tmp_path)
    assert time.monotonic() - started < 30
    assert_clear_error(result, name, fragment)
    assert peak_kib < 400 * 1024
