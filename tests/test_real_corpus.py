"""The real-world corpus (../shared/corpus) through `tests/corpus_harness.py`, one test each.

The harness runs once for the descriptions this session selected (two at a time) and writes
`test-artifacts/corpus.md`; `test_description_passes_every_check[<dir>]` then fails with that
description's failed checks. The harness itself is tested on small descriptions written here.
"""

from __future__ import annotations

import textwrap
import time
import types
from pathlib import Path

import corpus_harness as harness
import pytest
from conftest import shared_path

PARAM = "description"


def corpus_names() -> list[str | None]:
    """The corpus's descriptions, or one placeholder (that skips, or fails in CI) without it."""
    if not harness.MANIFEST.is_file():
        return [None]
    return [item.name for item in harness.descriptions()]


@pytest.fixture(scope="module")
def corpus_results(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, harness.Result]:
    """The harness's results for the descriptions of this session's selected tests."""
    shared_path("corpus/real/MANIFEST.tsv")
    shared_path(f"corpus/{harness.TALON.name}")
    wanted = {
        item.callspec.params[PARAM]
        for item in request.session.items
        if item.module is request.module
        and PARAM in getattr(getattr(item, "callspec", None), "params", {})
    }
    chosen = [item for item in harness.descriptions() if item.name in wanted]
    settings = harness.Settings(out_root=tmp_path_factory.mktemp("corpus-real"))
    started = time.perf_counter()
    results = harness.run_all(chosen, settings, jobs=2)
    harness.write_report(results, time.perf_counter() - started)
    return {result.name: result for result in results}


@pytest.mark.parametrize(PARAM, corpus_names(), ids=lambda name: name or "shared-absent")
def test_description_passes_every_check(
    description: str | None, corpus_results: dict[str, harness.Result]
) -> None:
    assert description is not None  # the fixture skipped (or failed) without the corpus
    result = corpus_results[description]
    failed = harness.failures([result])
    if failed:
        pytest.fail("\n\n".join(f"{check}:\n{text}" for _, check, text in failed), pytrace=False)


# -- the harness, on descriptions written here ----------------------------------------------------

TINY = """\
    openapi: 3.1.0
    info: {title: Tiny, version: "1"}
    paths: {}
    components:
      schemas:
        Pet:
          type: object
          required: [name]
          properties:
            name: {type: string}
            size: {type: number}
            kind: {type: string, enum: [cat, dog]}
          examples:
            - {name: Rex, size: 1.0, kind: dog}
            - {name: Tom, size: 3}
            - {size: 2}
        Owner:
          $ref: "people.yaml#/Owner"
        Colour:
          type: string
          enum: [red, green]
          example: red
        Names:
          type: array
          items: {type: string}
          example: [a, b]
"""
PEOPLE = """\
    Owner:
      type: object
      properties:
        id: {type: integer}
      example: {id: 1}
"""


@pytest.fixture
def tiny(tmp_path: Path) -> harness.Description:
    (tmp_path / "people.yaml").write_text(textwrap.dedent(PEOPLE), encoding="utf-8")
    spec = tmp_path / "tiny.yaml"
    spec.write_text(textwrap.dedent(TINY), encoding="utf-8")
    return harness.Description("tiny-api", spec, "3.1.0", 0.001)


@pytest.fixture
def settings(tmp_path: Path) -> harness.Settings:
    return harness.Settings(out_root=tmp_path / "out")


def test_a_sound_description_passes_every_check(
    tiny: harness.Description, settings: harness.Settings
) -> None:
    result = harness.run_description(tiny, settings)
    assert harness.failures([result]) == []
    assert list(result.checks) == list(harness.CHECKS)
    # Pet's two valid examples, Owner's (in people.yaml, through a $ref), Colour's and Names';
    # the third Pet example lacks `name`, so the schema rejects it and it is not checked.
    assert (result.examples_ok, result.examples_total, result.examples_rejected) == (5, 5, 1)
    assert (result.schemas, result.schemas_with_type) == (4, 4)
    assert result.checks["docs"].total == 4  # Pet, PetKindEnum, Owner, Colour
    assert result.checks["samples"].total == 2  # Pet's and Owner's pages
    assert result.checks["client"].total == 0  # no operations, no client
    assert (settings.out_root / "tiny-api" / "corpus_tiny_api" / "pet.py").is_file()


def test_each_failure_is_reported_by_check_without_stopping_the_others(
    tiny: harness.Description, settings: harness.Settings
) -> None:
    result = harness.run_description(tiny, settings)
    package = settings.out_root / "tiny-api" / "corpus_tiny_api"
    with (package / "pet.py").open("a", encoding="utf-8") as file:
        file.write("untidy = {  'a':1 }\n")
    (package.parent / "docs" / "Colour.md").unlink()
    harness.check_package(tiny, package.parent, result, settings)
    assert result.failed == ["docs", "black"]
    docs = [(name, text) for name, check, text in harness.failures([result]) if check == "docs"]
    assert docs == [("tiny-api", "Colour: no docs/Colour.md")]
    report = harness.markdown([result], 1.0)
    assert "### tiny-api: docs" in report
    assert "| tiny-api | 3.1.0 |" in report


def test_a_code_sample_that_prints_what_its_model_rejects_fails_the_samples_check(
    tiny: harness.Description, settings: harness.Settings
) -> None:
    result = harness.run_description(tiny, settings)
    page = settings.out_root / "tiny-api" / "docs" / "Pet.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace('name="Rex"', "name=7"), encoding="utf-8")
    harness.check_package(tiny, page.parent.parent, result, settings)
    assert result.failed == ["samples"]
    [problem] = result.checks["samples"].problems
    # (refused as the sample writes it: an object built in Python is checked on the way out)
    assert problem == "Pet.md: ValidationError: name: must be a str, got int 7"


def test_the_client_of_a_description_with_operations_is_checked(
    tiny: harness.Description, settings: harness.Settings
) -> None:
    operations = textwrap.dedent("""\
        paths:
          /pets:
            get:
              operationId: listPets
              tags: [pets]
              responses:
                '200':
                  description: The pets.
                  content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
        """)
    tiny.entry.write_text(
        tiny.entry.read_text(encoding="utf-8").replace("paths: {}\n", operations),
        encoding="utf-8",
    )
    result = harness.run_description(tiny, settings)
    assert harness.failures([result]) == []
    assert result.checks["client"].total == 2  # `pets` on Client and on AsyncClient

    out = settings.out_root / "tiny-api"
    (out / "docs" / "PetsApi.md").unlink()
    harness.check_package(tiny, out, result, settings)
    assert result.failed == ["client"]
    assert result.checks["client"].problems == [
        "Client.pets: no docs/PetsApi.md",
        "AsyncClient.pets: no docs/PetsApi.md",
    ]


def test_a_package_that_does_not_import_blocks_only_the_checks_that_need_it(
    tiny: harness.Description, settings: harness.Settings
) -> None:
    result = harness.run_description(tiny, settings)
    init = settings.out_root / "tiny-api" / "corpus_tiny_api" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8") + "import no_such_module_here\n")
    harness.check_package(tiny, init.parent.parent, result, settings)
    statuses = {name: result.checks[name].status for name in harness.PROBE_CHECKS}
    assert statuses == {**dict.fromkeys(statuses, harness.SKIP), "import": harness.FAIL}
    assert result.checks["mypy"].status == harness.FAIL  # it has its own process: it ran
    assert "ModuleNotFoundError" in result.checks["import"].problems[0]


def test_a_generator_failure_is_reported_and_the_rest_skipped(
    tmp_path: Path, settings: harness.Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text(
        textwrap.dedent("""\
            openapi: 3.0.0
            info: {title: Broken, version: "1"}
            paths: {}
            components:
              schemas:
                A: {$ref: "missing.yaml#/A"}
            """),
        encoding="utf-8",
    )
    broken = harness.Description("broken", spec, "3.0.0", 0.0)
    result = harness.run_description(broken, settings)
    assert result.failed == ["generate"]
    problem = result.checks["generate"].problems[0]
    assert problem.startswith("exit 2, expected 0\nerror: broken.yaml:6:")
    assert {result.checks[name].status for name in harness.CHECKS[1:]} == {harness.SKIP}
    monkeypatch.setitem(harness.EXPECTED_FAILURES, "broken", (2, "a $ref to a missing file"))
    assert harness.run_description(broken, settings).failed == []


@pytest.mark.parametrize(
    ("written", "read", "same"),
    [
        ({"a": [1, 2.5]}, {"a": [1, 2.5]}, True),
        ({"a": 1.0}, {"a": 1}, False),
        ({"a": True}, {"a": 1}, False),
        ({"b": 1, "a": 2}, {"a": 2, "b": 1}, True),
        ({"a": object()}, {"a": 1}, False),
    ],
)
def test_round_trips_compare_as_json(written: object, read: object, same: bool) -> None:
    assert harness.same_json(written, read) is same


@pytest.mark.parametrize(
    ("stderr", "count"),
    [
        ("", 0),
        ("warning: 3 findings about the description (generation goes on):\n  a\n  b\n", 3),
        ("warning: 1 findings about the description (generation goes on):\nwarning: x\n", 2),
    ],
)
def test_findings_are_counted_from_the_generators_warnings(stderr: str, count: int) -> None:
    assert harness.count_findings(stderr) == count


def test_an_unknown_description_name_is_refused() -> None:
    found = [harness.Description("a", Path("a.yaml"), "3.0.0", 0.0)]
    select = harness.select
    assert select(found, ["a"], []) == found
    assert select(found, [""], ["a"]) == []
    with pytest.raises(SystemExit, match="no such description: b"):
        select(found, ["b"], [])


def run_written(
    tmp_path: Path, settings: harness.Settings, name: str, description: str
) -> harness.Result:
    """An OpenAPI 3.0.3 description (dedented) written as NAME.yaml and run through every check."""
    spec = tmp_path / f"{name}.yaml"
    spec.write_text(textwrap.dedent(description), encoding="utf-8")
    return harness.run_description(harness.Description(name, spec, "3.0.3", 0.0), settings)


def test_a_schema_name_with_a_space_is_matched_to_its_module(
    tmp_path: Path, settings: harness.Settings
) -> None:
    """The `# Source:` header runs to the end of its line: a pointer may hold spaces."""
    description = """\
        openapi: 3.0.3
        info: {title: Spaced, version: "1"}
        paths: {}
        components:
          schemas:
            Pet Owner:
              type: object
              properties: {name: {type: string}}
              example: {name: a}
        """
    result = run_written(tmp_path, settings, "spaced", description)
    assert harness.failures([result]) == []
    assert (result.examples_ok, result.schemas_with_type) == (1, 1)


def test_a_manifest_of_other_descriptions_is_run_instead_of_the_corpus(
    tmp_path: Path, tiny: harness.Description, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--manifest TSV`: its rows, relative to its folder; `openapi` read from the file if blank."""
    folder = tmp_path / "scout" / "tiny-api"
    folder.mkdir(parents=True)
    for source in tiny.entry.parent.glob("*.yaml"):
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    manifest = tmp_path / "scout" / "MANIFEST.tsv"
    manifest.write_text("dir\tentry\topenapi\tbytes\ntiny-api\ttiny.yaml\t\t1\n\n")
    found = harness.manifest_descriptions(manifest)
    assert [(item.name, item.entry, item.openapi) for item in found] == [
        ("tiny-api", folder / "tiny.yaml", "3.1.0")
    ]
    out, report = tmp_path / "out", tmp_path / "report" / "scout"
    argv = ["--manifest", str(manifest), "--jobs", "1", "--no-mypy", "--out", str(out)]
    assert harness.main([*argv, "--report", str(report)]) == 0
    assert "tiny-api: ok" in capsys.readouterr().out
    assert "| tiny-api | 3.1.0 |" in report.with_suffix(".md").read_text(encoding="utf-8")
    assert harness.main(["--manifest", str(tmp_path / "none.tsv")]) == 2


def test_an_example_the_validator_would_take_for_ever_on_is_left_unjudged(
    tmp_path: Path, settings: harness.Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pattern that backtracks exponentially on a string it does not match (BeezUP's URL
    pattern has `([\\w .-]*)*`) would stall the harness: each example gets `JUDGE_SECONDS`."""
    description = """\
        openapi: 3.0.3
        info: {title: Slow, version: "1"}
        paths: {}
        components:
          schemas:
            Link:
              type: string
              pattern: '^(a+)+$'
              example: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!
            Word:
              type: string
              pattern: '^(a+)+$'
              example: aaaa
        """
    monkeypatch.setattr(harness, "JUDGE_SECONDS", 0.2)
    started = time.perf_counter()
    result = run_written(tmp_path, settings, "slow", description)
    assert time.perf_counter() - started < 60
    assert harness.failures([result]) == []
    assert (result.examples_ok, result.examples_unjudged) == (1, 1)


def test_an_example_only_an_untyped_object_schema_takes_is_counted_as_deviating(
    tmp_path: Path, settings: harness.Settings
) -> None:
    """`properties` without `type` is read as an object: a non-object there (JSON Schema lets
    it through) deviates on purpose; any other example still round-trips."""
    description = """\
        openapi: 3.0.3
        info: {title: Untyped, version: "1"}
        paths: {}
        components:
          schemas:
            Setting:
              properties:
                value:
                  properties: {on: {type: boolean}}
                properties: {type: string}
              example: {value: "on", properties: x}
            Plain:
              properties: {value: {type: string}}
              example: {value: "on"}
            Listed:
              properties: {id: {type: string}}
              example: [{id: a}]
        """
    result = run_written(tmp_path, settings, "untyped", description)
    assert harness.failures([result]) == []
    assert result.examples_ok == 1
    assert [line.split(": ")[1] for line in result.examples_deviating] == ["Setting", "Listed"]


def test_an_example_of_a_type_a_component_refs_in_another_file_is_round_tripped(
    tmp_path: Path, settings: harness.Settings
) -> None:
    """A component that is only a `$ref` to a string in another file is a type module sourced
    at the component (a model is sourced at the file's schema): both are found."""
    (tmp_path / "parts.yaml").write_text(
        "Code: {type: string, example: A1}\nPoint:\n  type: object\n"
        "  properties: {x: {type: integer}}\n  example: {x: 1}\n",
        encoding="utf-8",
    )
    description = """\
        openapi: 3.0.3
        info: {title: Parts, version: "1"}
        paths: {}
        components:
          schemas:
            Code: {$ref: "parts.yaml#/Code"}
            Point: {$ref: "parts.yaml#/Point"}
        """
    result = run_written(tmp_path, settings, "main", description)
    assert harness.failures([result]) == []
    assert result.examples_ok == 2


def test_a_null_example_of_a_nullable_model_is_counted_as_deviating(
    tmp_path: Path, settings: harness.Settings
) -> None:
    """Null is `None` where the model is used; `from_dict` reads objects, as the rest does."""
    description = """\
        openapi: 3.0.3
        info: {title: Nullable, version: "1"}
        paths: {}
        components:
          schemas:
            Level:
              type: object
              nullable: true
              properties: {name: {type: string}}
              example: null
            Court:
              type: object
              properties: {level: {$ref: "#/components/schemas/Level"}}
              example: {level: null}
        """
    result = run_written(tmp_path, settings, "nullable", description)
    assert harness.failures([result]) == []
    assert result.examples_ok == 1
    assert [line.split(": ")[1] for line in result.examples_deviating] == ["Level"]


@pytest.mark.parametrize(
    ("value", "accepted"),
    [("https://example.com/a b", False), ("string", False), ("/relative", False),
     ("https://example.com/a", True), ("urn:isbn:0451450523", True), (7, True)],
)  # fmt: skip
def test_the_examples_judge_checks_uris_as_the_packages_do(value: object, accepted: bool) -> None:
    """jsonschema leaves `format: uri` unchecked without an optional library; the judge checks it,
    so that `href: string` is not taken for a valid example the package then refuses."""
    for openapi in ("3.0.3", "3.1.0"):
        oracle = harness.Oracle(FakeSpec({"components": {}}), openapi)
        validator = oracle.validator_class({"format": "uri"}, format_checker=oracle.format_checker)
        assert validator.is_valid(value) is accepted


class FakeSpec:
    """The one-document description `Oracle` needs."""

    def __init__(self, data: dict[str, object]) -> None:
        self.root = "spec.yaml"
        self.documents = {"spec.yaml": types.SimpleNamespace(data=data)}


def test_objects_typed_types_schemas_not_names_or_data() -> None:
    document = {
        "properties": {"properties": {"properties": {"a": {}}}, "type": {"enum": ["x"]}},
        "example": {"properties": {}},
        "items": {"additionalProperties": False},
    }
    assert harness.objects_typed(document) == {
        "properties": {
            "properties": {"properties": {"a": {}}, "type": "object"},
            "type": {"enum": ["x"]},
        },
        "example": {"properties": {}},
        "items": {"additionalProperties": False, "type": "object"},
        "type": "object",
    }
