"""Talon.One 25.17 and every description of ../shared/corpus/real/ through the Prism harness.

One test per description (those without operations pass with none): every operation is called
through the generated client against Prism (`tests/prism_harness.py`), and none may fail: no
request Prism refuses, no answer that fits the description that the client cannot decode, and
no operation for which the value maker made no arguments the description accepts ("no
arguments": a gap of `tests/prism_samples.py`, to be closed, not tolerated). Operations Prism
cannot serve (it crashed, it takes a #fragment path for another, no answer it makes fits the
description) are not failures of the client; nor are those whose description admits no request
at all ("no valid request", with the proof of `tests/prism_proofs.py`: the keywords that
clash). Each is listed with its reason in `test-artifacts/prism.md`, the table of this
session's descriptions, and counted in a warning.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import prism_harness
import pytest
from conftest import shared_path
from test_prism_harness import prism_required

PARAM = "description"
REPORT = prism_harness.ROOT / "test-artifacts" / "prism.md"


def corpus_names() -> list[str | None]:
    """The descriptions' names, or one placeholder (that skips, or fails in CI) without them."""
    if not prism_harness.MANIFEST.is_file():
        return [None]
    return [name for name, _ in prism_harness.corpus_specs()]


@pytest.fixture(scope="module")
def reports() -> Iterator[dict[str, prism_harness.Report]]:
    """The reports of this module's tests, written as one table when the module is done."""
    found: dict[str, prism_harness.Report] = {}
    yield found
    if found:
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(prism_harness.table(list(found.values())), encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(PARAM, corpus_names(), ids=lambda name: name or "shared-absent")
def test_every_operation_passes_against_prism(
    description: str | None, reports: dict[str, prism_harness.Report]
) -> None:
    shared_path("corpus/real/MANIFEST.tsv")
    prism_required()
    assert description is not None
    path = dict(prism_harness.corpus_specs())[description]
    report = prism_harness.run_description(Path(path), name=description)
    reports[description] = report
    assert report.error == ""
    failed = [f"{outcome.label}: {outcome.failure}" for outcome in report.failed]
    if failed:
        pytest.fail("\n".join(failed), pytrace=False)
    for kind, outcomes in (
        ("Prism cannot serve", report.unserved),
        ("the description admits no request for", report.unsatisfiable),
    ):
        labels = sorted({outcome.label for outcome in outcomes})
        if labels:
            warnings.warn(
                f"{description}: {kind} {len(labels)} operations "
                f"({', '.join(labels[:5])}{', ...' if len(labels) > 5 else ''}); why: {REPORT}",
                stacklevel=1,
            )
