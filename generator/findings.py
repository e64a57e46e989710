"""Which findings about the description a run reports: those about the parts it generates, once
each, less those the project has accepted.

A finding is found by the validator (openapi-spec-validator, checking the description against
the OpenAPI specification) or by the generator itself (a value it leaves out or reads another
way). A project silences the ones it has accepted with `ignore` in its settings:

    ignore = [
        "#/paths/~1orders/get",            # every finding at this place or inside it
        "common.yaml#/components/schemas",  # the same, in another file of the description
        "validator",                       # every finding of the validator
        "validator:is not of type 'array'",  # the validator's findings that say this
        "generator:left out",               # the generator's own findings that say this
    ]

A place is a JSON pointer as a `$ref` spells it (`~1` for `/`), after the file's name or after
`#` alone for the root file. Any other form is an error naming it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .errors import Diagnostic, GeneratorError, Location

KINDS = ("validator", "generator")


@dataclass(frozen=True)
class Ignore:
    """One item of `ignore`: a place (`file`, `pointer`) or a kind of finding (`kind`, `text`)."""

    written: str
    file: str | None = None  # None: the root file
    pointer: str | None = None
    kind: str | None = None
    text: str = ""

    def matches(self, finding: Finding, root: str) -> bool:
        if self.kind is not None:
            return finding.kind == self.kind and self.text in finding.diagnostic.message
        location = finding.diagnostic.location
        if location.file != (self.file or root) or self.pointer is None:
            return False
        return inside(location.pointer, self.pointer)


def parse_ignore(written: str) -> Ignore:
    """An item of `ignore`, or an error that shows the forms it may take."""
    if "#" in written:
        file, _, fragment = written.partition("#")
        if fragment == "" or fragment.startswith("/"):
            return Ignore(written, file=file or None, pointer=fragment)
    kind, colon, text = written.partition(":")
    if kind in KINDS and (text or not colon):
        return Ignore(written, kind=kind, text=text)
    raise GeneratorError(
        f"`ignore` item {written!r} is neither a place nor a kind of finding",
        hint="a place is '#/json/pointer' or 'file.yaml#/json/pointer'; a kind is 'validator', "
        "'generator', or either with ':' and words its findings say, e.g. 'validator:is not of "
        "type'",
    )


@dataclass(frozen=True)
class Finding:
    diagnostic: Diagnostic
    kind: str  # one of KINDS


def inside(pointer: str, place: str) -> bool:
    return pointer == place or place == "" or pointer.startswith(place + "/")


def reported(
    generator: Sequence[Diagnostic],
    validator: Sequence[Diagnostic],
    *,
    root: str,
    scope: Iterable[tuple[str, str]] | None,
    ignore: Sequence[Ignore],
) -> tuple[Diagnostic, ...]:
    """The findings to report, in order: the generator's first, then the validator's.

    `scope` lists the places (file, pointer) the run generates from, when it generates only part
    of the description (`schemas`); a finding about another place is left out, and one about the
    description as a whole (no pointer) is kept. A place the generator has a finding about is
    not reported again in the validator's words (`required: sku` is one mistake, not two).
    """
    places = list(scope) if scope is not None else None
    findings = [Finding(item, "generator") for item in generator]
    own = {(item.location.file, item.location.pointer) for item in generator}
    findings += [
        Finding(item, "validator")
        for item in validator
        if (item.location.file, item.location.pointer) not in own or not item.location.pointer
    ]
    kept: dict[tuple[str, str, str], Diagnostic] = {}
    for finding in findings:
        location = finding.diagnostic.location
        if places is not None and location.pointer and not in_scope(location, places):
            continue
        if any(rule.matches(finding, root) for rule in ignore):
            continue
        kept.setdefault(
            (location.file, location.pointer, finding.diagnostic.message), finding.diagnostic
        )
    return tuple(kept.values())


def in_scope(location: Location, places: list[tuple[str, str]]) -> bool:
    return any(
        location.file == file and inside(location.pointer, pointer) for file, pointer in places
    )
