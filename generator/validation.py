"""Stage 2: check the description against the OpenAPI specification with openapi-spec-validator.

Real descriptions are often not strictly valid, so findings are diagnostics, not failures (unless
the user asks for --strict). A crash inside the validator is itself a finding.
"""

from __future__ import annotations

import abc
import sys
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Diagnostic, GeneratorError, Location, join_pointer
from .loading import (
    ContainerPlaces,
    LoadedSpec,
    document_path,
    names_folder,
    source_path,
)

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

MAX_FINDINGS = 200


def openapi_version(spec: LoadedSpec) -> str:
    data = spec.data
    if not isinstance(data, dict):
        raise GeneratorError(
            "not an OpenAPI document: the top level is not a mapping",
            Location(spec.root),
            "an OpenAPI description starts with 'openapi: 3.1.0' (or 3.0.x, 3.2.x)",
        )
    version = data.get("openapi")
    if version is None:
        found = "a Swagger 2.0 document" if "swagger" in data else "no 'openapi' field"
        raise GeneratorError(
            f"not an OpenAPI 3 document: {found}",
            Location(spec.root),
            "convert it to OpenAPI 3.0, 3.1 or 3.2 first"
            if "swagger" in data
            else "add 'openapi: 3.1.0' at the top",
        )
    text = str(version)
    if not text.startswith(("3.0", "3.1", "3.2")):
        raise GeneratorError(
            f"unsupported OpenAPI version {text!r}",
            spec.locate(spec.root, "/openapi"),
            "use 3.0.x, 3.1.x or 3.2.x",
        )
    return text


def import_validator() -> None:
    """Import what `validate_spec` needs (0.15 s), ahead of it."""
    import jsonschema_rs  # noqa: F401

    with unimportable("requests"):
        import openapi_spec_validator.validation  # noqa: F401


@contextmanager
def unimportable(module: str) -> Iterator[None]:
    """`module` cannot be imported meanwhile, unless it is imported already.

    jsonschema-path imports `requests`, where it is installed, only to fetch `http` references,
    which the validator is never let fetch (`refuse_remote`); it falls back to the standard
    library without it. Not importing it takes 35 ms off every run whose validation finishes
    last (every small description).
    """
    if module in sys.modules:
        yield
        return
    sys.modules[module] = None  # type: ignore[assignment]  # how `import` is told "not there"
    try:
        yield
    finally:
        if module in sys.modules and sys.modules[module] is None:
            del sys.modules[module]


def refuse_remote(uri: str) -> Any:
    raise ValueError(f"not fetched: the generator never uses the network ({uri})")


def validator_stopped(document: str, error: BaseException) -> Diagnostic:
    """The finding that stands for a crash of the validator, which is not the user's error."""
    return Diagnostic(
        Location(document),
        f"openapi-spec-validator stopped with {type(error).__name__}: {error}"[:300],
    )


def validate_spec(spec: LoadedSpec, spec_path: Path | None = None) -> list[Diagnostic]:
    version = openapi_version(spec)
    try:
        import_validator()
        quicker_subscriptable_check()
        from openapi_spec_validator.schemas import schema_v30, schema_v31, schema_v32
        from openapi_spec_validator.validation import (
            OpenAPIV30SpecValidator,
            OpenAPIV31SpecValidator,
            OpenAPIV32SpecValidator,
        )

        base_class, meta_schema = {
            "3.0": (OpenAPIV30SpecValidator, schema_v30),
            "3.1": (OpenAPIV31SpecValidator, schema_v31),
            "3.2": (OpenAPIV32SpecValidator, schema_v32),
        }[version[:3]]
        # Relative $refs to other files resolve against the root file, to the documents we loaded
        # (as YAML 1.2); any other address is refused, so the validator never reaches the network.
        base_uri = source_path(spec_path, spec.root, spec.root).as_uri() if spec_path else ""
        handlers: dict[str, Callable[[str], Any]] = {"http": refuse_remote, "https": refuse_remote}
        if spec_path:
            handlers["file"] = LoadedDocuments(spec, spec_path)
        keyword_validators = {
            **base_class.keyword_validators,
            "schema": fast_schema_checks(base_class.keyword_validators["schema"]),
        }
        validator_class = type(
            "LocalValidator",
            (base_class,),
            {
                "resolver_handlers": handlers,
                "schema_validator": MetaSchemaValidator(meta_schema),
                "keyword_validators": keyword_validators,
            },
        )
        validator = validator_class(spec.data, base_uri=base_uri)
        return collect(spec, validator.iter_errors())
    except Exception as error:
        return [validator_stopped(spec.root, error)]


def quicker_subscriptable_check() -> None:
    """Before Python 3.12, pathable's check of each node it walks through, with the same answers.

    The validator walks the document with pathable, which asks `isinstance(node, Subscriptable)`
    of every node on its way; on Python 3.10 and 3.11 an `isinstance` against a runtime-checkable
    `Protocol` lists the protocol's members anew each time (4 us), two fifths of validation time
    on large APIs. Python 3.12 keeps that list, so there the library is left as it is.
    """
    list_members = getattr(typing, "_get_protocol_attrs", None)  # 3.10 and 3.11: called once
    if sys.version_info >= (3, 12) or list_members is None:
        return
    import pathable.accessors
    from pathable.protocols import Subscriptable

    if vars(pathable.accessors).get("Subscriptable") is Subscriptable:
        quicker = structural_abc(frozenset(list_members(Subscriptable)))
        setattr(pathable.accessors, "Subscriptable", quicker)  # noqa: B010


def structural_abc(members: frozenset[str]) -> type:
    """An ABC for the classes that define `members` (not as None): a runtime-checkable protocol
    of those methods, whose answers `abc` caches per class."""

    class Structural(abc.ABC):  # noqa: B024 (an ABC by its subclass hook alone)
        @classmethod
        def __subclasshook__(cls, other: type) -> Any:
            return True if defines_all(other, members) else NotImplemented

    return Structural


def defines_all(other: type, members: frozenset[str]) -> bool:
    for name in members:
        defined = next((vars(base) for base in other.__mro__ if name in vars(base)), None)
        if defined is None or defined[name] is None:
            return False
    return True


class MetaSchemaValidator:
    """The check of the whole document against the OpenAPI meta-schema, on jsonschema-rs.

    openapi-spec-validator makes the same check with jsonschema and finds the same errors at the
    same places; on the Talon.One API the whole validation takes 1.4 s with this instead of 2.4 s.
    As with jsonschema, `format` is not asserted: jsonschema-rs would otherwise reject every
    `pattern` that is not strict ECMA 262, which real descriptions are full of.
    """

    def __init__(self, meta_schema: Mapping[str, Any]) -> None:
        import jsonschema_rs

        schema = dict(meta_schema)
        self.validator = jsonschema_rs.validator_cls_for(schema)(schema, validate_formats=False)

    def iter_errors(self, instance: Any) -> Iterator[ValidationError]:
        from jsonschema.exceptions import ValidationError  # the validator's, imported with it

        for error in self.validator.iter_errors(instance):
            yield ValidationError(
                error.message,
                path=list(error.instance_path),
                schema_path=list(error.schema_path),
                instance=error.instance,
            )


def fast_schema_checks(library_class: type[Any]) -> type[Any]:
    """openapi-spec-validator's check of each schema object, with the same findings, faster.

    The library checks every schema against its JSON Schema dialect with jsonschema, half of all
    validation time on large APIs. jsonschema-rs runs the same meta-schema, with the library's own
    `format` checks, first; only a schema it finds wrong goes through the library's check, so the
    findings are the library's, word for word. (Known gap: jsonschema-rs takes an `enum` listing
    an infinity twice, or an integer and a float of equal value above 2^53, as unique.) Two more
    changes: a finding about a value (not an object) points at it along the validator's path
    from the document's root (through a `$ref` where it followed one), not from its schema; and
    the library's lists of schemas already seen answer `in` from a set.
    """

    class FastSchemaChecks(library_class):  # type: ignore[misc]
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            self.visited_schema_ids = IdList()
            self.meta_checked_schema_ids = IdList()

        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            if self.passes_quick_check(schema, schema_value):
                return None
            error = super()._validate_schema_meta(schema, schema_value)
            if error is not None and getattr(error, "path", None) is not None:
                error.path.extendleft(reversed(schema.parts))
            return error

        def passes_quick_check(self, schema: Any, schema_value: Any) -> bool:
            if hasattr(self, "schema_validator_cls"):  # 3.0: one dialect
                validator_class = self.schema_validator_cls
                format_checker = validator_class.FORMAT_CHECKER
            else:  # 3.1: the schema's dialect, picked as the library picks it
                try:
                    dialect = self._get_schema_dialect_id(schema, schema_value)
                except ValueError:
                    return False
                validator_class = self._get_validator_class_for_dialect(dialect)
                format_checker = self.schema_validator_format_checker
            if validator_class is None:
                return False
            return quick_check(validator_class, format_checker).passes(schema_value)

    return FastSchemaChecks


class IdList(list[int]):
    """The library's list of ids, answering `in` from a set."""

    def __init__(self) -> None:
        super().__init__()
        self.members: set[int] = set()

    def append(self, item: int) -> None:
        super().append(item)
        self.members.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self.members


# Every format a meta-schema may name. Those the library's format checker does not know pass, as
# in jsonschema, instead of being asserted by jsonschema-rs.
_KNOWN_FORMATS = (
    "date", "date-time", "time", "duration", "email", "idn-email", "hostname", "idn-hostname",
    "ipv4", "ipv6", "uri", "uri-reference", "iri", "iri-reference", "uri-template", "uuid",
    "json-pointer", "relative-json-pointer", "regex",
)  # fmt: skip


@cache
def quick_check(validator_class: Any, format_checker: Any) -> QuickMetaSchemaCheck:
    return QuickMetaSchemaCheck(validator_class, format_checker)


class QuickMetaSchemaCheck:
    """Whether a schema passes `check_openapi_schema` (openapi-schema-validator), on jsonschema-rs:
    the same meta-schema, and the library's format checks."""

    def __init__(self, validator_class: Any, format_checker: Any) -> None:
        import jsonschema_rs
        from openapi_schema_validator._specifications import REGISTRY

        formats: dict[str, Callable[..., bool]] = {
            name: partial(format_checker.conforms, format=name)
            for name in (*_KNOWN_FORMATS, *format_checker.checkers)
        }
        openapi_schemas = [(uri, REGISTRY.contents(uri)) for uri in REGISTRY if "openapis" in uri]
        try:
            self.validator: Any = jsonschema_rs.validator_for(
                validator_class.META_SCHEMA,
                formats=formats,
                validate_formats=True,
                registry=jsonschema_rs.Registry(openapi_schemas),
            )
        except Exception:  # a dialect jsonschema-rs does not know (draft 3): the library checks
            self.validator = None

    def passes(self, schema: Any) -> bool:
        if self.validator is None:
            return False
        try:
            return bool(self.validator.is_valid(schema))
        except (ValueError, TypeError):  # not JSON (a YAML key that is not a string, say)
            return False


class LoadedDocuments:
    """Answers the validator's requests for `file:` URIs from the documents already loaded."""

    def __init__(self, spec: LoadedSpec, spec_path: Path) -> None:
        folder = names_folder(spec_path, spec.root)
        self.by_path = {
            document_path(folder, name): source.data for name, source in spec.documents.items()
        }

    def __call__(self, uri: str) -> Any:
        import urllib.parse  # with urllib.request, 7 ms to import: only multi-file runs pay it
        import urllib.request

        path = Path(urllib.request.url2pathname(urllib.parse.urlsplit(uri).path))
        if path not in self.by_path:
            raise ValueError(f"not a document of this description: {uri}")
        return self.by_path[path]


def value_pointer(places: ContainerPlaces, error: Any) -> str | None:
    """Where a value checked against its own schema stands (a `default` or an `example` that
    breaks it: a number or a string, found by no identity), from the schema, one of ours."""
    schema = getattr(error, "schema", None)
    where = places.pointer(schema)
    if where is None or not isinstance(schema, dict):
        return None
    instance = getattr(error, "instance", None)
    for keyword in ("default", "example"):
        # Compared as JSON values: 1, 1.0 and `true` are three (`schemas.same_value`, which
        # this module does not import: the validation process starts without the builder).
        value = schema.get(keyword)
        if keyword in schema and value == instance and type(value) is type(instance):
            return join_pointer(where, keyword)
    return where


def collect(spec: LoadedSpec, errors: Iterable[Any]) -> list[Diagnostic]:
    findings: list[Diagnostic] = []
    places: ContainerPlaces | None = None
    try:
        for error in errors:
            # The validator reports paths relative to the schema it was checking; the offending
            # node itself is one of ours, so its identity gives the absolute pointer.
            if places is None:
                places = ContainerPlaces(spec.data)
            pointer = places.pointer(getattr(error, "instance", None)) or value_pointer(
                places, error
            )
            if not pointer:
                pointer = join_pointer("", *[str(part) for part in getattr(error, "path", [])])
            message = " ".join(str(getattr(error, "message", error)).split())
            # No pointer: a finding about the description as a whole, at no line of it.
            where = spec.locate(spec.root, pointer) if pointer else Location(spec.root)
            findings.append(Diagnostic(where, message[:300]))
            if len(findings) >= MAX_FINDINGS:
                break
    except Exception as error:
        findings.append(validator_stopped(spec.root, error))
    return findings
