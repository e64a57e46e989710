"""Values for the Prism harness: wire data that a description's schemas accept.

`Sampler.value(at)` gives JSON data for the schema at a place of the description: its own
examples first (the schema's `example`, `examples`, `default`), each kept only when the schema
accepts it (`Judge`, openapi-schema-validator on the description's own schemas, as Prism's ajv
reads them), else a value made from the schema: `const`, the first `enum` value, a string of the
right format, pattern (`string_matching`) and length, a number within the bounds and a multiple
of `multipleOf`, the required properties of an object, a discriminator's tag, the first option
of a `oneOf`/`anyOf` the schema accepts whole, `allOf` parts merged. The harness asks for the
examples of a parameter or a media type first (`first_accepted`) and falls back to this.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import signal
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

try:  # the regular expression parser of the standard library (`sre_parse` before 3.11)
    import re._constants as sre_constants  # type: ignore[import-not-found]
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

from openapi_dataclasses.loading import LoadedSpec

MAX_DEPTH = 8  # nested objects: past this depth only required properties, empty arrays
JUDGE_SECONDS = 2.0


class NoValueError(Exception):
    """No value the schema accepts could be made (the reason is the message)."""


@dataclass(frozen=True)
class At:
    """A node of the description and where it stands: document and JSON pointer."""

    document: str
    pointer: str
    node: Any

    def child(self, *keys: str | int) -> At:
        node, pointer = self.node, self.pointer
        for key in keys:
            node = node[key]
            pointer = f"{pointer}/{escape(str(key))}"
        return At(self.document, pointer, node)


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def resolved(spec: LoadedSpec, at: At) -> At:
    """`at` with a `$ref` standing alone followed to what it names (3.0: siblings ignored)."""
    seen = 0
    while isinstance(at.node, dict) and isinstance(at.node.get("$ref"), str):
        found = spec.resolve(at.node["$ref"], at.document)
        at = At(found.document, found.pointer, found.node)
        seen += 1
        if seen > 50:
            raise NoValueError(f"$ref chain too long at {at.pointer}")
    return at


def content_map(spec: LoadedSpec, holder: At) -> At | None:
    """A body's, response's or parameter's `content` map, `$ref` followed; None if none."""
    if not isinstance(holder.node, dict) or not isinstance(holder.node.get("content"), dict):
        return None
    content = resolved(spec, holder.child("content"))
    return content if isinstance(content.node, dict) else None


# -- judging: openapi-schema-validator on the description's own schemas ------------------------


class Judge:
    """Whether the schema at a place accepts a value: True, False, or None (cannot tell).

    As Prism does, a request's schemas are read without their `readOnly` properties (left out
    of `properties` and `required`), an answer's without their `writeOnly` ones. As the
    generator does (`schemas.infer_type`, and as every peer and the corpus harness read it), a
    schema with `properties` or `additionalProperties` and no `type` is an object's: by the
    letter of JSON Schema it admits `null` and any other non-object too, which no model reads;
    and an OpenAPI 3.0 enum with `nullable: true` admits null (as Prism and the generator read
    it; openapi-schema-validator holds null to the enum too).
    """

    def __init__(self, spec: LoadedSpec) -> None:
        from openapi_schema_validator import OAS30Validator, OAS31Validator, OAS32Validator

        self.spec = spec
        openapi = str(spec.data.get("openapi", "3.0"))
        self.validator_class: Any = hinted(
            {"3.1": OAS31Validator, "3.2": OAS32Validator}.get(openapi[:3], OAS30Validator)
        )
        self.modern = openapi.startswith(("3.1", "3.2"))
        self.format_checker = with_uri_check(self.validator_class.FORMAT_CHECKER)
        self.root = spec.root
        self.registries: dict[str, Any] = {}

    def registry(self, side: str) -> Any:
        """The description's documents as the validator reads them for one side."""
        if side not in self.registries:
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT4, DRAFT202012

            dialect = DRAFT202012 if self.modern else DRAFT4
            hidden = "readOnly" if side == "request" else "writeOnly"
            self.registries[side] = Registry().with_resources(
                (
                    self.uri(name),
                    Resource(
                        contents=without_flagged(self.spec, name, source.data, hidden),
                        specification=dialect,
                    ),
                )
                for name, source in self.spec.documents.items()
            )
        return self.registries[side]

    def uri(self, document: str) -> str:
        # A fake absolute folder deep enough for `..` keeps relative `$ref`s resolving.
        relative = posixpath.relpath(document, posixpath.dirname(self.root) or ".")
        return "file:///prism/a/b/c/d/e/f/" + posixpath.normpath(relative)

    def errors(self, at: At, value: Any, side: str = "request") -> list[str] | None:
        """What the schema at `at` finds wrong with `value` ([] when nothing); None when it
        cannot tell (a pattern Python cannot compile, one that backtracks for ever)."""
        validator = self.validator_class(
            {"$ref": f"{self.uri(at.document)}#{at.pointer}"},
            registry=self.registry(side),
            format_checker=self.format_checker,
        )
        try:
            with time_limit(JUDGE_SECONDS):
                return [described(error) for error in validator.iter_errors(value)][:5]
        except Exception:
            return None

    def accepts(self, at: At, value: Any, side: str = "request") -> bool:
        return self.errors(at, value, side) in ([], None)


def hinted(validator_class: Any) -> Any:
    """`validator_class` whose `oneOf`, `anyOf` and `allOf` read a discriminator as the hint
    OpenAPI 3.0.4 and 3.1.1 say it is where its value names no schema: the options decide.

    openapi-schema-validator's 3.0 validator checks a value against the schema its tag names
    (the mapping's, else `#/components/schemas/<tag>`) and finds it wrong when there is none:
    Spotify's `type: track` names no `track` schema, though one option, `TrackObject`, fits.
    Prism (ajv) and the generated client (`rt.Union`: a tag the mapping lacks leaves the
    choice to the options) read such a value by its options too. A tag that names a schema is
    checked against it, as before."""
    from jsonschema import Draft4Validator
    from jsonschema.validators import extend

    plain = Draft4Validator.VALIDATORS
    keywords = {
        keyword: _hint(validator_class.VALIDATORS[keyword], plain[keyword])
        for keyword in ("oneOf", "anyOf", "allOf")
        if keyword in validator_class.VALIDATORS
        and validator_class.VALIDATORS[keyword].__module__.startswith("openapi_schema_validator")
    }
    return extend(validator_class, keywords) if keywords else validator_class


def _hint(discriminating: Any, plain: Any) -> Any:
    def check(validator: Any, options: Any, instance: Any, schema: Any) -> Iterator[Any]:
        from referencing.exceptions import Unresolvable

        discriminator = schema.get("discriminator") if isinstance(schema, dict) else None
        name = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
        tag = instance.get(name) if isinstance(instance, dict) and name else None
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        ref = (mapping or {}).get(tag) if isinstance(tag, str) and tag else None
        ref = ref or (tag if isinstance(tag, str) and tag else None)
        if isinstance(ref, str) and not re.match(r"[#.]|\w+:", ref) and "/" not in ref:
            ref = f"#/components/schemas/{ref}"  # a schema's name, mapped or implied
        if not isinstance(ref, str):
            yield from discriminating(validator, options, instance, schema)
            return
        try:
            found = list(validator.descend(instance, {"$ref": ref}))
        except Unresolvable:  # the tag names no schema: the options say which fits
            yield from plain(validator, options, instance, schema)
            return
        yield from found

    return check


# Keys whose values are maps of names, or data: never schemas themselves.
_NAME_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "schemas"}
)
_DATA = frozenset({"example", "examples", "default", "enum", "const", "value"})


def as_generated(schema: dict[str, Any], modern: bool = True) -> dict[str, Any]:
    """A schema as the generator reads it: object keywords without a `type` are an object's,
    and `nullable: true` admits null (in an enum too, and in 3.1, which has no `nullable`)."""
    object_keywords = isinstance(schema.get("properties"), dict) or "additionalProperties" in schema
    if object_keywords and "type" not in schema and "$ref" not in schema:
        schema["type"] = "object"
    enum = schema.get("enum")
    if schema.get("nullable") is True and isinstance(enum, list) and None not in enum:
        schema["enum"] = [*enum, None]
    kind = schema.get("type")
    if modern and schema.get("nullable") is True and isinstance(kind, str):
        schema["type"] = [kind, "null"]  # 3.1 has no nullable; the generator reads it anyway
    return schema


def without_flagged(spec: LoadedSpec, document: str, data: Any, flag: str) -> Any:
    """A copy of a document whose schemas leave out the properties marked `flag` (`readOnly`
    or `writeOnly`, directly or through a `$ref`) from `properties` and `required` (and from
    the `required` beside the `allOf` parts that list them, which Prism merges first), and
    read as the generator reads them (`as_generated`)."""
    return _Flagged(spec, document, flag).copy(data)


class _Flagged:
    def __init__(self, spec: LoadedSpec, document: str, flag: str) -> None:
        self.spec, self.document, self.flag = spec, document, flag
        self.modern = not str(spec.data.get("openapi", "3.0")).startswith("3.0")

    def followed(self, schema: Any) -> Any:
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            try:
                return self.spec.resolve(schema["$ref"], self.document).node
            except Exception:
                return None
        return schema

    def flagged(self, schema: Any) -> bool:
        schema = self.followed(schema)
        return isinstance(schema, dict) and schema.get(self.flag) is True

    def names(self, schema: Any) -> set[str]:
        properties = schema.get("properties") if isinstance(schema, dict) else None
        if not isinstance(properties, dict):
            return set()
        return {name for name, prop in properties.items() if self.flagged(prop)}

    def copy(self, node: Any, is_name_map: bool = False) -> Any:
        if isinstance(node, list):
            return [self.copy(item) for item in node]
        if not isinstance(node, dict):
            return node
        if is_name_map:
            return {key: self.copy(value) for key, value in node.items()}
        result = {
            key: value if key in _DATA else self.copy(value, key in _NAME_MAPS)
            for key, value in node.items()
        }
        hidden = self.names(node)
        if hidden:
            result["properties"] = {
                name: prop for name, prop in result["properties"].items() if name not in hidden
            }
        parts = node.get("allOf")
        for part in parts if isinstance(parts, list) else ():
            hidden |= self.names(self.followed(part))
        if hidden and isinstance(result.get("required"), list):
            result["required"] = [name for name in result["required"] if name not in hidden]
        return as_generated(result, self.modern)


def described(error: Any) -> str:
    """A validation error in a line: where, and what (for a oneOf/anyOf that no option fits,
    what is wrong with the option that comes closest, not the whole value)."""
    from jsonschema.exceptions import best_match

    where = "/".join(map(str, error.absolute_path)) or "(root)"
    if error.validator in ("oneOf", "anyOf") and error.context:
        return f"{where}: no {error.validator} option fits ({described(best_match(error.context))})"
    if error.validator == "oneOf" and "is valid under each of" in str(error.message):
        return f"{where}: more than one oneOf option fits"
    message = str(error.message)
    return f"{where}: {message if len(message) <= 200 else message[:197] + '...'}"


def with_uri_check(checker: Any) -> Any:
    """`checker` that also checks `format: uri` (jsonschema does only with rfc3987 installed)."""
    copy = type(checker)()
    copy.checkers = {**checker.checkers}
    copy.checks("uri")(is_absolute_uri)
    return copy


ABSOLUTE_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def is_absolute_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return ABSOLUTE_URI.match(value) is not None and not any(char.isspace() for char in value)


class JudgeTimeoutError(Exception):
    """The time given to one judgement ran out."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise JudgeTimeoutError in the block after `seconds` (main thread of a POSIX process)."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise JudgeTimeoutError(f"more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- strings that match a pattern --------------------------------------------------------------

_JS_NAMED_GROUP = re.compile(r"\(\?<(?![=!])")


def python_pattern(pattern: str) -> str:
    """An ECMAScript pattern as Python's `re` spells it (named groups `(?<n>` -> `(?P<n>`)."""
    return _JS_NAMED_GROUP.sub("(?P<", pattern)


def string_matching(pattern: str, min_length: int = 0, max_length: int | None = None) -> str | None:
    """A short string in which `re.search(pattern)` finds a match, of a length within the
    bounds; None when none is found (or Python cannot read the pattern)."""
    source = python_pattern(pattern)
    try:
        compiled = re.compile(source)
        tree = sre_parse.parse(source)
    except (re.error, OverflowError, RecursionError):
        return None
    grows = [0]
    for grow in grows:
        writer = _Writer(grow, min_length)
        try:
            text = writer.items(list(tree))
        except (_CannotWriteError, RecursionError):
            return None
        if writer.lookaheads:  # (?=.*[A-Z]): what each lookahead wants, laid over the start
            wanted = "".join(writer.lookaheads)
            text = wanted + text[len(wanted) :]
        if len(text) < min_length and not _anchored_at_end(tree):
            text += "a" * (min_length - len(text))
        fits = len(text) >= min_length and (max_length is None or len(text) <= max_length)
        if fits and compiled.search(text):
            return text
        if grow == 0 and len(text) < min_length:
            needed = min_length - len(text)
            grows += [needed, needed + 1, needed + 2, needed * 2, needed * 4]
    return None


def _anchored_at_end(tree: Any) -> bool:
    items = list(tree)
    return bool(items) and items[-1][0] is sre_constants.AT


class _CannotWriteError(Exception):
    pass


class _Writer:
    """Writes the shortest text of a parsed pattern, with `grow` more repeats of the first
    repeats that allow more while the text is shorter than `min_length`."""

    def __init__(self, grow: int, min_length: int) -> None:
        self.grow = grow
        self.min_length = min_length
        self.groups: dict[int, str] = {}
        self.lookaheads: list[str] = []

    def items(self, items: list[Any]) -> str:
        return "".join(self.item(op, arg) for op, arg in items)

    def item(self, op: Any, arg: Any) -> str:  # noqa: C901 - one case per regex node kind
        c = sre_constants
        if op is c.LITERAL:
            return chr(arg)
        if op is c.NOT_LITERAL:
            return "a" if arg != ord("a") else "b"
        if op is c.ANY:
            return "a"
        if op is c.IN:
            return char_in(arg)
        if op is c.BRANCH:
            return self.items(list(arg[1][0]))
        if op is c.SUBPATTERN:
            text = self.items(list(arg[-1]))
            if arg[0] is not None:
                self.groups[arg[0]] = text
            return text
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, high, inner = arg
            count = low
            if self.grow and (high is c.MAXREPEAT or high > low):
                extra = self.grow if high is c.MAXREPEAT else min(self.grow, high - low)
                count += extra
                self.grow -= extra
            return "".join(self.items(list(inner)) for _ in range(count))
        if op is c.GROUPREF:
            return self.groups.get(arg, "")
        if op in (c.AT, c.ASSERT_NOT):
            return ""
        if op is c.ASSERT:  # a lookahead (arg[0] 1) or lookbehind (-1): its text noted
            if arg[0] == 1:
                self.lookaheads.append(_Writer(0, 0).items(list(arg[1])))
            return ""
        if op is getattr(c, "ATOMIC_GROUP", None):
            return self.items(list(arg))
        raise _CannotWriteError(str(op))


PLAIN_CHARS = "aA0_-x .:/+z9ZB1"


def char_in(items: list[Any]) -> str:
    """A character of a set `[...]`: the first one listed, or one the set does not exclude."""
    c = sre_constants
    if items and items[0][0] is c.NEGATE:
        for char in PLAIN_CHARS:
            if not any(_set_item_has(op, arg, char) for op, arg in items[1:]):
                return char
        raise _CannotWriteError("negated set")
    for op, arg in items:
        if op is c.LITERAL:
            return chr(arg)
        if op is c.RANGE:
            return chr(arg[0])
        if op is c.CATEGORY:
            for char in PLAIN_CHARS:
                if _category_has(arg, char):
                    return char
    raise _CannotWriteError("empty set")


def _set_item_has(op: Any, arg: Any, char: str) -> bool:
    c = sre_constants
    if op is c.LITERAL:
        return ord(char) == arg
    if op is c.RANGE:
        return bool(arg[0] <= ord(char) <= arg[1])
    if op is c.CATEGORY:
        return _category_has(arg, char)
    return False


def _category_has(category: Any, char: str) -> bool:
    c = sre_constants
    tests = {
        c.CATEGORY_DIGIT: char.isdigit(),
        c.CATEGORY_NOT_DIGIT: not char.isdigit(),
        c.CATEGORY_SPACE: char.isspace(),
        c.CATEGORY_NOT_SPACE: not char.isspace(),
        c.CATEGORY_WORD: char.isalnum() or char == "_",
        c.CATEGORY_NOT_WORD: not (char.isalnum() or char == "_"),
    }
    return tests.get(category, False)


# -- values from schemas -----------------------------------------------------------------------

FORMAT_VALUES = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05Z",
    "duration": "P1D",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "iri": "https://example.com/",
    "uri-reference": "https://example.com/",
    "iri-reference": "https://example.com/",
    "uri-template": "https://example.com/{id}",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "ZXhhbXBsZQ==",
    "binary": "example",
    "password": "secret",
    "json-pointer": "/a",
    "relative-json-pointer": "0",
    "regex": "^a$",
    "phone": "+15555550100",
}

# Values of each JSON type, for a property that one oneOf option lists: the first its schema
# there rejects sets a value apart from that option (`Sampler.set_apart`).
CONTRARY_VALUES: tuple[Any, ...] = ("not-this-option", -1.5, False, None, ["x"], {"x": "x"})

SCHEMA_KEYWORDS = ("type", "properties", "items", "allOf", "oneOf", "anyOf", "enum", "const")


def schema_examples(schema: Any) -> list[Any]:
    """The example values a schema gives itself: `example`, `examples` (a list), `default`."""
    if not isinstance(schema, dict):
        return []
    found = []
    if "example" in schema:
        found.append(schema["example"])
    examples = schema.get("examples")
    if isinstance(examples, list):
        found.extend(examples)
    if "default" in schema:
        found.append(schema["default"])
    return found


class Sampler:
    """Wire values for the schemas of one description (see the module's docstring)."""

    def __init__(self, spec: LoadedSpec, judge: Judge) -> None:
        self.spec = spec
        self.judge = judge
        self.writing = True  # a request: readOnly properties left out
        # (depth, properties): the properties a oneOf's parent lists, for the option made at
        # that depth to find the names it requires but does not list itself
        self.inherited: tuple[int, dict[str, At]] = (-1, {})

    # -- entry points --

    def first_accepted(self, schema: At, candidates: list[Any]) -> tuple[Any, str]:
        """The first candidate the schema accepts, else a value made from it; and where it came
        from ('example' or 'made')."""
        for candidate in candidates:
            if self.judge.accepts(schema, candidate):
                return candidate, "example"
        return self.value(schema), "made"

    def examples_of(self, holder: At) -> list[Any]:
        """The example values of a parameter or media type: `example`, then each `examples`
        entry's `value` (a `$ref` to an Example object followed; `externalValue` left out)."""
        node = holder.node
        if not isinstance(node, dict):
            return []
        values = [node["example"]] if "example" in node else []
        examples = node.get("examples")
        for example in examples.values() if isinstance(examples, dict) else ():
            if isinstance(example, dict) and isinstance(example.get("$ref"), str):
                example = self.spec.resolve(example["$ref"], holder.document).node
            if isinstance(example, dict) and "value" in example:
                values.append(example["value"])
        return values

    def value(self, schema: At, depth: int = 0) -> Any:
        """A value the schema accepts, made from it (its own examples first)."""
        schema = resolved(self.spec, schema)
        node = schema.node
        if node is True or node == {}:
            return "value"
        if not isinstance(node, dict):
            raise NoValueError(f"not a schema at {schema.pointer}")
        for example in schema_examples(node):
            if self.judge.accepts(schema, example):
                return example
        made = self.made(schema, depth)
        errors = self.judge.errors(schema, made)
        if errors:
            raise NoValueError(f"made {short(made)} for {schema.pointer}: {'; '.join(errors)}")
        return made

    # -- making values --

    def made(self, schema: At, depth: int) -> Any:  # noqa: C901 - one branch per keyword
        node = schema.node
        if "$ref" in node:  # 3.1: a $ref with siblings is both
            rest = {key: value for key, value in node.items() if key != "$ref"}
            return self.all_of(schema, [{"$ref": node["$ref"]}, rest], depth)
        if "const" in node:
            return node["const"]
        if isinstance(node.get("enum"), list) and node["enum"]:
            values = [value for value in node["enum"] if value is not None]
            return values[0] if values else None
        if isinstance(node.get("allOf"), list):
            return self.all_of(schema, node["allOf"], depth)
        for keyword in ("oneOf", "anyOf"):
            if isinstance(node.get(keyword), list) and node[keyword]:
                try:
                    return self.one_of(schema, keyword, depth)
                except NoValueError:
                    if "type" not in node:  # else a value of its type may fit (the judge says)
                        raise
        kind = json_type(node)
        if kind == "object":
            return self.object_value(schema, depth)
        if kind == "array":
            return self.array_value(schema, depth)
        if kind == "string":
            return string_value(node)
        if kind in ("integer", "number"):
            return number_value(node, kind)
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return "value"

    def one_of(self, schema: At, keyword: str, depth: int) -> Any:
        """The first option whose value the whole schema accepts (a discriminator's mapping
        tried first, the tag set as it says); then each option with its optional properties
        too, nested objects' included, for options that only those tell apart (`{}` fits them
        all); then, for a oneOf, each option's value set apart from the others it fits."""
        tried: list[str] = []
        for full in (False, True):
            for option, tag in self.options(schema, keyword):
                value = self.option_value(schema, option, tag, depth, full, tried)
                if value is not None and self.judge.accepts(schema, value[0]):
                    return value[0]
                if value is not None:
                    tried.append(f"{short(value[0])} fits {option.pointer} but not the {keyword}")
        if keyword == "oneOf":
            for option, tag in self.options(schema, keyword):
                value = self.option_value(schema, option, tag, depth, True, [])
                if value is None or not isinstance(value[0], dict):
                    continue
                apart = self.set_apart(schema, option, value[0])
                if self.judge.accepts(schema, apart):
                    return apart
        raise NoValueError(f"no option of {schema.pointer}/{keyword}: {'; '.join(tried[:3])}")

    def set_apart(self, schema: At, chosen: At, value: dict[str, Any]) -> dict[str, Any]:
        """`value`, which fits the oneOf option `chosen`, with a property added for each other
        option it fits too: one that option lists and `chosen` does not constrain, given a
        value that option's schema for it rejects (`CONTRARY_VALUES`), so that the value
        fits `chosen` alone, as a oneOf wants."""
        for other, _tag in self.options(schema, "oneOf"):
            if other.pointer == chosen.pointer or not self.judge.accepts(other, value):
                continue
            for name, prop in self.listed(resolved(self.spec, other)).items():
                contrary = self.contrary(prop, chosen, value, name)
                if contrary is not None:
                    value = {**value, name: contrary[0]}
                    break
        return value

    def contrary(self, prop: At, chosen: At, value: dict[str, Any], name: str) -> tuple[Any] | None:
        """A value (in a 1-tuple) for property `name` that `prop` rejects and the option
        `chosen` accepts beside `value`; None when there is none (or `value` has the name)."""
        if name in value:
            return None
        for candidate in CONTRARY_VALUES:
            rejected = self.judge.errors(prop, candidate)
            if rejected and self.judge.errors(chosen, {**value, name: candidate}) == []:
                return (candidate,)
        return None

    def option_value(
        self, schema: At, option: At, tag: str | None, depth: int, full: bool, tried: list[str]
    ) -> tuple[Any] | None:
        """One option's value (in a 1-tuple; None when none is made), with the properties its
        parent requires or lists beside the oneOf and the discriminator's tag."""
        previous = self.inherited
        base = previous[1] if previous[0] == depth else {}  # an allOf's, around this part
        self.inherited = (depth + 1, {**base, **self.listed(schema)})  # names options require
        try:
            if full:
                value = self.full_value(option, depth + 1, deep=True)
            else:
                value = self.value(option, depth + 1)
        except NoValueError as error:
            tried.append(str(error))
            return None
        finally:
            self.inherited = previous
        value = self.with_siblings(schema, option, value, depth)
        if tag is not None and isinstance(value, dict):
            value = {**value, schema.node["discriminator"]["propertyName"]: tag}
        return (value,)

    def full_value(self, schema: At, depth: int = 0, deep: bool = False) -> Any:
        """A value the schema accepts with as many of its optional properties as it still
        accepts, one by one (an object's; other values as `value` makes them); `deep`: the
        properties' own objects made full too (to MAX_DEPTH)."""
        value = self.value(schema, depth)
        schema = resolved(self.spec, schema)
        if not isinstance(value, dict):
            return value
        for name, prop in self.listed(schema).items():
            node = resolved(self.spec, prop).node
            if (name in value and not deep) or (
                isinstance(node, dict) and node.get("readOnly") is True
            ):
                continue
            try:
                if deep and depth < MAX_DEPTH:
                    made = self.full_value(prop, depth + 1, deep=True)
                else:
                    made = self.value(prop, depth + 1)
            except NoValueError:
                continue
            tried = {**value, name: made}
            if tried != value and self.judge.accepts(schema, tried):
                value = tried
        return value

    def options(self, schema: At, keyword: str) -> Iterator[tuple[At, str | None]]:
        """The options of a oneOf/anyOf, each with the discriminator tag that names it."""
        node = schema.node
        discriminator = node.get("discriminator")
        tags: dict[str, str] = {}
        if isinstance(discriminator, dict) and isinstance(discriminator.get("propertyName"), str):
            for tag, ref in (discriminator.get("mapping") or {}).items():
                tags.setdefault(ref, tag)
        for index in range(len(node[keyword])):
            option = schema.child(keyword, index)
            ref = option.node.get("$ref") if isinstance(option.node, dict) else None
            tag = None
            if tags or isinstance(discriminator, dict):
                tag = tags.get(ref, ref.rsplit("/", 1)[-1]) if isinstance(ref, str) else None
            yield option, tag

    def with_siblings(self, schema: At, option: At, value: Any, depth: int) -> Any:
        """A oneOf's value with the required properties its own schema adds beside the oneOf:
        made from the schema's own properties, else from the option's (a name the parent
        requires and only its options list: made even when readOnly there, since the parent
        requires it whatever the option says)."""
        node = schema.node
        if not isinstance(value, dict):
            return value
        listed = self.listed(resolved(self.spec, option))
        required = node.get("required") if isinstance(node.get("required"), list) else []
        for name in required:
            if isinstance(name, str) and name not in value and name in listed:
                with contextlib.suppress(NoValueError):
                    value = {**value, name: self.value(listed[name], depth + 1)}
        if isinstance(node.get("properties"), dict):
            value = {**self.object_value(schema, depth), **value}
        return value

    def all_of(self, schema: At, parts: list[Any], depth: int) -> Any:
        """The parts' values merged: objects key by key, else the first part's value (each
        part finds the properties the others list)."""
        previous = self.inherited
        self.inherited = (
            depth,
            {**(previous[1] if previous[0] == depth else {}), **self.listed(schema)},
        )
        try:
            return self.merged_parts(schema, parts, depth)
        finally:
            self.inherited = previous

    def merged_parts(self, schema: At, parts: list[Any], depth: int) -> Any:
        values = []
        node = schema.node
        for index, part in enumerate(parts):
            if part is node.get("allOf", [None] * (index + 1))[index]:
                at = schema.child("allOf", index)
            else:
                at = At(schema.document, schema.pointer, part)
            values.append(self.made(resolved(self.spec, at), depth))
        rest = {key: value for key, value in node.items() if key not in ("allOf", "$ref")}
        if any(key in rest for key in ("properties", "required")):
            values.append(self.object_value(schema, depth))  # names a part may list
        elif "type" in rest and not values:
            values.append(self.made(At(schema.document, schema.pointer, rest), depth))
        if values and all(isinstance(value, dict) for value in values):
            merged: dict[str, Any] = {}
            for value in values:
                merged.update(value)
            return merged
        return values[0] if values else "value"

    def listed(self, schema: At) -> dict[str, At]:
        """The properties a schema and its `allOf` parts list, by name (the schema's own last)."""
        node = schema.node
        found: dict[str, At] = {}
        parts = node.get("allOf") if isinstance(node, dict) else None
        for index in range(len(parts) if isinstance(parts, list) else 0):
            found.update(self.listed(resolved(self.spec, schema.child("allOf", index))))
        properties = node.get("properties") if isinstance(node, dict) else None
        for name in properties if isinstance(properties, dict) else ():
            found[name] = schema.child("properties", name)
        return found

    def object_value(self, schema: At, depth: int) -> dict[str, Any]:
        node = schema.node
        properties = self.listed(schema)
        if self.inherited[0] == depth:
            properties = {**self.inherited[1], **properties}
        required = [name for name in node.get("required", []) if isinstance(name, str)]
        value: dict[str, Any] = {}
        for name in required:
            if name in properties:
                prop = resolved(self.spec, properties[name])
                if self.writing and isinstance(prop.node, dict) and prop.node.get("readOnly"):
                    continue
                value[name] = self.value(properties[name], depth + 1)
            else:
                value[name] = self.additional(schema, name, depth)
        discriminator = node.get("discriminator")
        if isinstance(discriminator, dict) and isinstance(discriminator.get("propertyName"), str):
            tag = own_tag(schema, discriminator)
            if tag is not None:
                value[discriminator["propertyName"]] = tag
        minimum = node.get("minProperties")
        for name, prop in properties.items():  # the listed properties first, then made-up names
            if not isinstance(minimum, int) or len(value) >= minimum:
                break
            prop_node = resolved(self.spec, prop).node
            if name in value or (
                self.writing and isinstance(prop_node, dict) and prop_node.get("readOnly")
            ):
                continue
            with contextlib.suppress(NoValueError):
                value[name] = self.value(prop, depth + 1)
        index = 0
        while isinstance(minimum, int) and len(value) < minimum and index < 100:
            index += 1
            name = f"key{index}"
            if name not in value:
                value[name] = self.additional(schema, name, depth)
        return value

    def additional(self, schema: At, name: str, depth: int) -> Any:
        extra = schema.node.get("additionalProperties")
        if isinstance(extra, dict):
            return self.value(schema.child("additionalProperties"), depth + 1)
        return "value"

    def array_value(self, schema: At, depth: int) -> list[Any]:
        node = schema.node
        low = node.get("minItems") if isinstance(node.get("minItems"), int) else 0
        high = node.get("maxItems") if isinstance(node.get("maxItems"), int) else None
        count = low if depth >= MAX_DEPTH else max(low, 1)
        if high is not None:
            count = min(count, high)
        items = node.get("items")
        if count == 0 or not isinstance(items, dict):
            return ["value"] * count if items is None else []
        first = self.value(schema.child("items"), depth + 1)
        values = [first]
        while len(values) < count:
            values.append(distinct(first, len(values)) if node.get("uniqueItems") else first)
        return values


def own_tag(schema: At, discriminator: Mapping[str, Any]) -> str | None:
    """The discriminator value that names this schema itself (its mapping key, or its name)."""
    mapping = discriminator.get("mapping") or {}
    for tag, ref in mapping.items():
        if isinstance(ref, str) and ref.endswith(schema.pointer) and schema.pointer:
            return str(tag)
    if any(keyword in schema.node for keyword in ("oneOf", "anyOf")):
        return None  # its tags name its options: its own name would name itself, a loop
    if schema.pointer.startswith("/components/schemas/"):
        return schema.pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    return None


def distinct(value: Any, index: int) -> Any:
    if isinstance(value, str):
        return f"{value}{index}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value + index
    return value


def json_type(node: Mapping[str, Any]) -> str | None:
    kind = node.get("type")
    if isinstance(kind, list):
        kinds = [each for each in kind if each != "null"]
        kind = kinds[0] if kinds else "null"
    if isinstance(kind, str):
        return kind
    if "properties" in node or "additionalProperties" in node or "required" in node:
        return "object"
    if "items" in node:
        return "array"
    if any(key in node for key in ("pattern", "minLength", "maxLength", "format")):
        return "string"
    if any(key in node for key in ("minimum", "maximum", "multipleOf")):
        return "number"
    return None


def string_value(node: Mapping[str, Any]) -> str:
    minimum = node.get("minLength") if isinstance(node.get("minLength"), int) else 0
    maximum = node.get("maxLength") if isinstance(node.get("maxLength"), int) else None
    pattern = node.get("pattern")
    if isinstance(pattern, str):
        text = string_matching(pattern, minimum, maximum)
        if text is not None:
            return text
    text = FORMAT_VALUES.get(str(node.get("format")), "string")
    if len(text) < minimum:
        text += "x" * (minimum - len(text))
    if maximum is not None:
        text = text[:maximum]
    return text


def number_value(node: Mapping[str, Any], kind: str) -> int | float:
    value: int | float = 1
    low, high = node.get("minimum"), node.get("maximum")
    low_excl, high_excl = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
    if low_excl is True:  # 3.0: a flag on minimum
        low_excl, low = low, None
    if high_excl is True:
        high_excl, high = high, None
    step = node.get("multipleOf")
    step = step if isinstance(step, int | float) and not isinstance(step, bool) and step else 1
    if isinstance(low, int | float) and value < low:
        value = low
    if isinstance(low_excl, int | float) and not isinstance(low_excl, bool) and value <= low_excl:
        value = low_excl + (step if kind == "integer" or step != 1 else 0.5)
    if isinstance(high, int | float) and value > high:
        value = high
    if (
        isinstance(high_excl, int | float)
        and not isinstance(high_excl, bool)
        and value >= high_excl
    ):
        value = high_excl - (step if kind == "integer" or step != 1 else 0.5)
    if step != 1:
        value = ceil_multiple(value, step)
    if kind == "integer":
        return int(value)
    return value


def ceil_multiple(value: int | float, step: int | float) -> int | float:
    import math

    multiple = math.ceil(value / step) * step
    return int(multiple) if float(multiple).is_integer() else multiple


def short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
