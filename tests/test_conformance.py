"""The JSON Schema Test Suite (../shared/json-schema-test-suite) through generated models.

`tests/conformance_harness.py` places every applicable group of a draft in one OpenAPI document
(draft 2020-12 in 3.1, draft 4 in 3.0), generates one package, decodes each test's data and
writes the agreement per keyword file to `test-artifacts/conformance-draft<d>.md`, with the
package's defaults and with its strict readings on (`set_strict_enums(True)`,
`set_strict_one_of(True)`). These tests hold the bar: at least 1,460 of the 1,516 applicable draft
2020-12 tests agree (either way), at least 96% of the applicable draft 4 ones (strict readings),
and no test crashes (an exception other than `ValidationError`).
The README's *Validation* section shows the table and the deviations that account for the rest.
"""

from __future__ import annotations

from pathlib import Path

import conformance_harness as harness
import pytest
from conftest import shared_path

pytestmark = pytest.mark.slow  # each draft generates a package of some 700 schemas


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, harness.Run]:
    shared_path("json-schema-test-suite/tests/draft2020-12")
    found = {}
    for draft in ("2020-12", "4"):
        run = harness.run_draft(draft, tmp_path_factory.mktemp(f"draft{draft}"))
        harness.report(draft, run)
        found[draft] = run
    return found


def summary(ran: list[harness.Outcome]) -> str:
    wrong = [outcome for outcome in ran if not outcome.agrees]
    lines = [f"{outcome.group.file} #{outcome.group.index}: {outcome.what}" for outcome in wrong]
    return "\n".join(lines[:60])


def test_the_applicable_tests_are_those_the_issue_counts() -> None:
    """Every group of the 2020-12 keyword files and of the eight checked formats' files, but
    those that need remote references, anchors, dynamic references or a meta-schema of their
    own: 1,516 tests. Draft 4 also leaves out what an OpenAPI 3.0 schema cannot hold."""
    shared_path("json-schema-test-suite/tests/draft2020-12")
    assert harness.count_tests(harness.applicable_groups("2020-12")) == 1516
    assert harness.count_tests(harness.applicable_groups("4")) == 598


def test_draft_2020_12_agrees_on_at_least_1460_of_1516(runs: dict[str, harness.Run]) -> None:
    """With the package's defaults, and with its strict readings on (strict enums, strict
    `oneOf`): no test crashes either way."""
    for ran in (runs["2020-12"].default, runs["2020-12"].strict):
        assert len(ran) == 1516
        assert not [outcome for outcome in ran if outcome.crashed], summary(ran)
        assert harness.agreeing(ran) >= 1460, summary(ran)


def test_draft_4_agrees_on_at_least_96_percent_either_way(
    runs: dict[str, harness.Run],
) -> None:
    """Draft 4's suite tests open enums and `oneOf` more than 2020-12's; the defaults, which
    read both otherwise on purpose (README, *Deviations*), agree on 579 of 598 (96.8%), the
    strict readings on 587."""
    run = runs["4"]
    for ran in (run.default, run.strict):
        assert not [outcome for outcome in ran if outcome.crashed], summary(ran)
        assert harness.agreeing(ran) >= 0.96 * len(ran), summary(ran)


def test_every_keyword_file_is_in_the_report(runs: dict[str, harness.Run]) -> None:
    table = harness.by_file(runs["2020-12"].default)
    assert {"unevaluatedProperties", "not", "if-then-else", "optional/format/ipv6"} <= set(table)
    assert sum(tests for tests, _, _ in table.values()) == 1516


def test_references_are_rewritten_to_the_component() -> None:
    group = harness.Group(
        "ref",
        0,
        "recursion",
        {"$defs": {"a": {"type": "integer"}}, "properties": {"x": {"$ref": "#/$defs/a"}}},
        ({"description": "", "data": {}, "valid": True},),
    )
    document = harness.document([group], "2020-12")
    placed = document["components"]["schemas"]["S0"]
    assert placed["properties"]["x"] == {"$ref": "#/components/schemas/S0/$defs/a"}
    wrapper = document["components"]["schemas"]["W0"]
    assert wrapper["properties"]["v"] == {"$ref": "#/components/schemas/S0"}


def test_draft_4_definitions_become_components_of_their_own() -> None:
    schema = {"definitions": {"a": {"type": "integer"}}, "items": {"$ref": "#/definitions/a"}}
    group = harness.Group("ref", 0, "", schema, ())
    schemas = harness.document([group], "4")["components"]["schemas"]
    assert schemas["S0_a"] == {"type": "integer"}
    assert schemas["S0"] == {"items": {"$ref": "#/components/schemas/S0_a"}}


def test_a_crash_is_an_outcome_of_its_own(tmp_path: Path) -> None:
    class Exploding:
        @staticmethod
        def from_dict(data: object) -> object:
            raise KeyError("boom")

    group = harness.Group("x", 0, "", {}, ({"description": "", "data": 1, "valid": True},))
    outcome = harness.run_test(Exploding, ValueError, group, group.tests[0])
    assert outcome.crashed and not outcome.agrees
