"""Schema-driven payloads through generated packages (`make payloads`).

Usage: ``python tests/payload_harness.py [--manifest TSV] [--only DIR,...] [--skip DIR,...]
[--valid N] [--mutants N] [--seed S]``; ``--manifest`` names a TSV in the format of
``../shared/corpus/real/MANIFEST.tsv`` (``dir``, ``entry`` relative to its folder), so that the
tool runs on other descriptions the same way. The default is the shared corpus and Talon.One.

For each description the package is generated (``build/payloads/<dir>/``), and for each
component schema that has a generated type:

- up to ``--valid`` payloads are made from the schema (`InstanceMaker`, on the schema as the
  evaluator reads it) and kept when the reference validator accepts them (openapi-schema-
  validator, the description's own dialect, formats checked; the schema as the README's
  deviations read it: `type: object` where the generator reads an object). Each must be accepted
  and written back unchanged (`same_json`: equal, and the same JSON text);
- up to ``--mutants`` mutants of each (a value of another type, a key removed or added, a string
  or a number or an array changed: `mutants`) are kept when the validator refuses them. Each must
  be refused with `ValidationError`; the package runs with its strict readings on
  (`set_strict_enums(True)`, and `set_strict_one_of(True)` where the runtime has it). A mutant
  that only a README deviation lets through (a format the runtime does not check, a pattern Python
  cannot compile, a `required` property that is `readOnly` or `writeOnly`) is counted apart;
- any other exception is a crash.

The report goes to ``test-artifacts/payloads.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib
import json
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import corpus_harness as corpus

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "payloads"
REPORT = ROOT / "test-artifacts" / "payloads"
sys.path.insert(0, str(ROOT))

from openapi_dataclasses.building.keywords import Normaliser  # noqa: E402
from openapi_dataclasses.building.registry import Located, Registry  # noqa: E402
from openapi_dataclasses.runtime.formats import FORMATS  # noqa: E402


class ImpossibleError(Exception):
    """No instance of this schema could be made (within the depth allowed)."""


# -- making instances -----------------------------------------------------------------------------

FORMAT_SAMPLES: dict[str, Any] = {
    "date-time": lambda rng: (
        f"20{rng.randint(10, 29)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T"
        f"{rng.randint(10, 23)}:{rng.randint(10, 59)}:{rng.randint(10, 59)}Z"
    ),
    "date": lambda rng: f"20{rng.randint(10, 29)}-0{rng.randint(1, 9)}-2{rng.randint(0, 8)}",
    "time": lambda rng: f"{rng.randint(10, 23)}:{rng.randint(10, 59)}:0{rng.randint(0, 9)}Z",
    "uuid": lambda rng: (
        f"{rng.getrandbits(32):08x}-{rng.getrandbits(16):04x}-4{rng.getrandbits(12):03x}-8{rng.getrandbits(12):03x}-{rng.getrandbits(48):012x}"
    ),
    "email": lambda rng: f"user{rng.randint(1, 999)}@example.com",
    "uri": lambda rng: f"https://example.com/item/{rng.randint(1, 999)}",
    "uri-reference": lambda rng: f"/item/{rng.randint(1, 999)}",
    "url": lambda rng: f"https://example.com/{rng.randint(1, 999)}",
    "hostname": lambda rng: f"host{rng.randint(1, 99)}.example.com",
    "ipv4": lambda rng: f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
    "ipv6": lambda rng: f"2001:db8::{rng.randint(1, 9999):x}",
    "byte": lambda rng: "aGVsbG8=",
    "binary": lambda rng: "binary",
    "password": lambda rng: "secret",
}


class InstanceMaker:
    """Instances of a schema in the evaluator's form (`building.keywords.Normaliser`)."""

    def __init__(self, defs: dict[str, Any], rng: random.Random) -> None:
        self.defs = defs
        self.rng = rng
        self.patterns: dict[str, Any] = {}

    def make(self, schema: Any, depth: int = 0) -> Any:
        if depth > 12:
            raise ImpossibleError("too deep")
        if schema is True or schema == {}:
            return self.rng.choice(["any", 1, True])
        if not isinstance(schema, dict):
            raise ImpossibleError("false")
        schema = self.merged(schema, depth)
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list):
            choices = [value for value in schema["enum"] if value is not None] or [None]
            return self.rng.choice(choices)
        for keyword in ("oneOf", "anyOf"):
            if isinstance(schema.get(keyword), list) and schema[keyword]:
                option = self.rng.choice(schema[keyword])
                rest = {key: value for key, value in schema.items() if key != keyword}
                return self.make({"allOf": [rest, option]}, depth + 1)
        return self.typed(schema, self.kind(schema), depth)

    def merged(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        """`$ref`s followed and `allOf` parts merged into one schema (objects' parts unioned)."""
        parts = [schema]
        result: dict[str, Any] = {}
        while parts:
            part = parts.pop(0)
            if part is True:
                continue
            if not isinstance(part, dict):
                raise ImpossibleError("false part")
            if "$ref" in part:
                parts.insert(0, self.defs.get(part["$ref"], True))
                depth += 1
                if depth > 12:
                    raise ImpossibleError("too deep")
            parts[:0] = list(part.get("allOf") or [])
            for key, value in part.items():
                if key in ("$ref", "allOf"):
                    continue
                if key == "properties" and isinstance(value, dict):
                    result["properties"] = {**result.get("properties", {}), **value}
                elif key == "required" and isinstance(value, list):
                    result["required"] = list(dict.fromkeys(result.get("required", []) + value))
                elif key == "type" and "type" in result:
                    result["type"] = self.common_types(result["type"], value)
                elif key in ("oneOf", "anyOf") and key in result:
                    result.setdefault("allOf", []).append({key: value})
                else:
                    result[key] = value
        return result

    @staticmethod
    def common_types(one: Any, other: Any) -> Any:
        first = [one] if isinstance(one, str) else list(one)
        second = [other] if isinstance(other, str) else list(other)
        common = [kind for kind in first if kind in second]
        if ("integer" in first and "number" in second) or (
            "number" in first and "integer" in second
        ):
            common.append("integer")
        return common or first

    def kind(self, schema: dict[str, Any]) -> str:
        kinds = schema.get("type")
        if isinstance(kinds, list):
            non_null = [kind for kind in kinds if kind != "null"]
            return self.rng.choice(non_null) if non_null else "null"
        if isinstance(kinds, str):
            return kinds
        if "properties" in schema or "additionalProperties" in schema or "required" in schema:
            return "object"
        if "items" in schema or "prefixItems" in schema:
            return "array"
        if any(key in schema for key in ("minLength", "maxLength", "pattern", "format")):
            return "string"
        if any(key in schema for key in ("minimum", "maximum", "multipleOf")):
            return "number"
        return "string"

    def typed(self, schema: dict[str, Any], kind: str, depth: int) -> Any:
        if kind == "object":
            return self.object(schema, depth)
        if kind == "array":
            return self.array(schema, depth)
        if kind == "string":
            return self.string(schema)
        if kind in ("integer", "number"):
            return self.number(schema, kind)
        if kind == "boolean":
            return self.rng.choice([True, False])
        if kind == "null":
            return None
        raise ImpossibleError(f"type {kind}")

    def object(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        properties = schema.get("properties") or {}
        required = [name for name in schema.get("required") or [] if isinstance(name, str)]
        result: dict[str, Any] = {}
        for name in required:
            result[name] = self.make(properties.get(name, True), depth + 1)
        optional = [name for name in properties if name not in result]
        if depth < 4:
            for name in self.rng.sample(optional, k=min(len(optional), self.rng.randint(0, 4))):
                try:
                    result[name] = self.make(properties[name], depth + 1)
                except ImpossibleError:
                    continue
        least = schema.get("minProperties")
        extra = schema.get("additionalProperties", True)
        index = 0
        while isinstance(least, int | float) and len(result) < least and extra is not False:
            result[f"extra{index}"] = self.make(extra, depth + 1)
            index += 1
        return result

    def array(self, schema: dict[str, Any], depth: int) -> list[Any]:
        least = int(schema.get("minItems") or 0)
        most = schema.get("maxItems")
        count = least + (self.rng.randint(0, 2) if depth < 4 else 0)
        if isinstance(most, int | float):
            count = min(count, int(most))
        prefix = schema.get("prefixItems") or []
        items = schema.get("items", True)
        result: list[Any] = []
        for index in range(count):
            each = prefix[index] if index < len(prefix) else items
            value = self.make(each, depth + 1)
            if schema.get("uniqueItems") and value in result:
                continue
            result.append(value)
        return result

    def string(self, schema: dict[str, Any]) -> str:
        fmt = schema.get("format")
        if isinstance(schema.get("pattern"), str):
            text = self.from_pattern(schema["pattern"])
        elif fmt in FORMAT_SAMPLES:
            text = FORMAT_SAMPLES[fmt](self.rng)
        else:
            text = "".join(self.rng.choice("abcdefgh") for _ in range(self.rng.randint(1, 8)))
        least, most = schema.get("minLength"), schema.get("maxLength")
        if isinstance(least, int | float) and len(text) < least:
            text += "x" * (int(least) - len(text))
        if isinstance(most, int | float) and len(text) > most:
            text = text[: int(most)]
        return text

    def from_pattern(self, pattern: str) -> str:
        if pattern not in self.patterns:
            self.patterns[pattern] = pattern_example(pattern)
        found = self.patterns[pattern]
        if found is None:
            raise ImpossibleError(f"no string matches {pattern!r}")
        return str(found)

    def number(self, schema: dict[str, Any], kind: str) -> int | float:
        low = schema.get("minimum", schema.get("exclusiveMinimum"))
        high = schema.get("maximum", schema.get("exclusiveMaximum"))
        low = low if isinstance(low, int | float) and not isinstance(low, bool) else None
        high = high if isinstance(high, int | float) and not isinstance(high, bool) else None
        start = low if low is not None else (high - 10 if high is not None else 0)
        end = high if high is not None else start + 100
        step = schema.get("multipleOf")
        if isinstance(step, int | float) and step > 0:
            first = -(-start // step) if low is not None else 0
            value = first * step
            if "exclusiveMinimum" in schema and value == low:
                value += step
            return int(value) if kind == "integer" or float(value).is_integer() else value
        if kind == "integer":
            lowest = int(start) + (1 if "exclusiveMinimum" in schema else 0)
            highest = int(end) - (1 if "exclusiveMaximum" in schema else 0)
            return self.rng.randint(lowest, max(lowest, highest))
        value = round(self.rng.uniform(start, end), 2)
        return value if value != low and value != high else (start + end) / 2


def pattern_example(pattern: str) -> str | None:
    """A string that matches a (Python) pattern, found by Hypothesis (the first it finds, not
    shrunk: shrinking took seconds a pattern), or None."""
    from hypothesis import HealthCheck, Phase, find, settings, strategies

    try:
        return find(
            strategies.from_regex(pattern),
            lambda text: True,
            settings=settings(
                database=None,
                derandomize=True,
                phases=[Phase.generate],
                max_examples=50,
                suppress_health_check=list(HealthCheck),
            ),
        )
    except Exception:  # no match found, or a pattern Hypothesis cannot read
        return None


# -- mutants --------------------------------------------------------------------------------------

OTHER_VALUES = ["mutant", 7, 1.5, True, None, [], {}]


def mutants(value: Any, rng: random.Random, count: int) -> list[tuple[str, Any]]:
    """Up to `count` changed copies of a payload, each with what was changed where."""
    places = list(paths(value))
    found: list[tuple[str, Any]] = []
    for _ in range(count * 3):
        if len(found) >= count or not places:
            break
        path = rng.choice(places)
        node = get(value, path)
        change, new = mutation(node, rng)
        copy = json.loads(json.dumps(value))
        mutated = put(copy, path, new)
        found.append((f"{change} at {'/'.join(map(str, path)) or '(root)'}", mutated))
    return found


def mutation(node: Any, rng: random.Random) -> tuple[str, Any]:
    options: list[tuple[str, Any]] = [
        (
            "another type",
            rng.choice([item for item in OTHER_VALUES if type(item) is not type(node)]),
        )
    ]
    if isinstance(node, dict) and node:
        key = rng.choice(list(node))
        options.append((f"{key} removed", {k: v for k, v in node.items() if k != key}))
    if isinstance(node, dict):
        options.append(("a key added", {**node, "mutantKey": 1}))
    if isinstance(node, str):
        options += [("empty", ""), ("longer", node + "~ !" * 40), ("changed", node[::-1] + "#")]
    if isinstance(node, int | float) and not isinstance(node, bool):
        options += [("bigger", node + 10**9), ("smaller", node - 10**9), ("halved", node + 0.5)]
    if isinstance(node, list):
        options += [("emptied", [])]
        if node:
            options += [("repeated", [*node, node[0]]), ("lengthened", node * 20)]
    return rng.choice(options)


def paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*path, index))


def get(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def put(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    get(value, path[:-1])[path[-1]] = new
    return value


# -- one description ------------------------------------------------------------------------------


@dataclasses.dataclass
class Tally:
    name: str
    schemas: int = 0  # component schemas with a generated type
    valid: int = 0  # payloads the validator accepts
    accepted: int = 0  # ... that the package accepted and wrote back unchanged
    mutants: int = 0  # mutants the validator refuses
    refused: int = 0  # ... that the package refused
    deviating: int = 0  # ... that the package accepted as a README deviation says
    crashes: int = 0
    problems: list[str] = dataclasses.field(default_factory=list)
    deviations: list[str] = dataclasses.field(default_factory=list)

    def problem(self, text: str) -> None:
        if len(self.problems) < 200:
            self.problems.append(text)


def run_description(
    description: corpus.Description, out: Path, valid: int, mutant_count: int, seed: int
) -> Tally:
    tally = Tally(description.name)
    package = generate(description, out)
    spec = corpus.load_description(description.entry)
    oracle = as_read(corpus.Oracle(spec, description.openapi), spec)
    types = corpus.generated_types(out / package)
    reg = Registry(spec, package)
    sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    try:
        importlib.import_module(package)
        for name, (document, pointer, schema) in sorted(corpus.component_schemas(spec).items()):
            found = types.get(corpus.source_key(document, pointer))
            if found is None:
                continue
            tally.schemas += 1
            rng = random.Random(f"{seed}:{description.name}:{name}")
            decode = decoder(package, found)
            located = Located(schema, document, pointer)
            for payload in instances(reg, located, oracle, rng, valid):
                check_valid(tally, name, decode, payload)
                for change, mutant in mutants(payload, rng, mutant_count):
                    judged = judge(oracle, document, pointer, mutant)
                    if judged is not False:
                        continue
                    check_mutant(tally, name, decode, mutant, change, oracle, document, pointer)
    finally:
        sys.path.remove(str(out))
        for loaded in [loaded for loaded in sys.modules if loaded.split(".")[0] == package]:
            del sys.modules[loaded]
    return tally


def generate(description: corpus.Description, out: Path) -> str:
    package = "payloads_" + re.sub(r"\W", "_", description.name)
    command = [sys.executable, "-m", "openapi_dataclasses", "generate", str(description.entry)]
    command += ["--out", str(out), "--package", package, "--no-validate", "--no-cache"]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=1800
    )
    if done.returncode != 0:
        raise RuntimeError(f"{description.name}: generation failed:\n{done.stderr[-2000:]}")
    return package


@dataclasses.dataclass(frozen=True)
class Decoder:
    """Decodes a payload as a generated type and writes it back; `runtime` is the package's."""

    runtime: Any
    read: Any
    write: Any

    def __call__(self, data: Any) -> Any:
        return self.write(self.read(data))


def decoder(package: str, found: tuple[str, str, str]) -> Decoder:
    module_name, type_name, kind = found
    runtime = importlib.import_module(f"{package}._runtime")
    defined = importlib.import_module(f"{package}.{module_name}")
    if kind == "model":
        cls = getattr(defined, type_name)
        return Decoder(runtime, cls.from_dict, lambda value: value.to_dict())
    if kind == "enum":
        codec = runtime.Enum(getattr(defined, type_name))
        return Decoder(runtime, lambda data: codec.decode(data, ""), codec.encode)
    adapter = defined.adapter
    return Decoder(runtime, adapter.from_data, adapter.to_data)


def instances(
    reg: Registry, located: Located, oracle: Any, rng: random.Random, count: int
) -> list[Any]:
    normaliser = Normaliser(reg, keep_formats=True)
    try:
        schema = normaliser.schema(located)
    except Exception:  # a schema the normaliser cannot read is no payload
        return []
    maker = InstanceMaker(normaliser.defs, rng)
    found: list[Any] = []
    for _ in range(count * 4):
        if len(found) >= count:
            break
        try:
            payload = maker.make(schema)
        except (ImpossibleError, RecursionError):
            continue
        if payload is None or payload in found:
            continue
        if judge(oracle, located.document, located.pointer, payload):
            found.append(payload)
    return found


def as_read(oracle: Any, spec: Any) -> Any:
    """The oracle, its `as_read` documents also reading `nullable: true` as the generated
    packages do (a README deviation): null, or what the rest of the schema says, in 3.1 too."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4, DRAFT202012

    dialect = DRAFT4 if oracle.validator_class.__name__ == "OAS30Validator" else DRAFT202012
    oracle.registry_as_read = Registry().with_resources(
        (
            oracle.uri(name),
            Resource(
                contents=nullable_read(corpus.objects_typed(source.data)), specification=dialect
            ),
        )
        for name, source in spec.documents.items()
    )
    return oracle


def nullable_read(node: Any) -> Any:
    """A copy where each schema with `nullable: true` admits null whatever else it says."""
    if isinstance(node, list):
        return [nullable_read(item) for item in node]
    if not isinstance(node, dict):
        return node
    copy = {
        key: value
        if key in ("example", "examples", "default", "enum", "const")
        else nullable_read(value)
        for key, value in node.items()
    }
    if copy.get("nullable") is True and ("type" in copy or "$ref" in copy or "enum" in copy):
        rest = {key: value for key, value in copy.items() if key != "nullable"}
        return {"anyOf": [{"enum": [None]}, rest]}
    return copy


def judge(oracle: Any, document: str, pointer: str, payload: Any) -> bool | None:
    """The validator's verdict on the schema as the README's deviations read it."""
    return oracle.judge(document, pointer, payload, as_read=True)  # type: ignore[no-any-return]


def check_valid(tally: Tally, name: str, decode: Decoder, payload: Any) -> None:
    tally.valid += 1
    error_type = decode.runtime.ValidationError
    try:
        written = decode(payload)
    except error_type as error:
        tally.problem(f"{name}: refused a valid payload: {error}: {corpus.clip(payload)}")
        return
    except Exception as error:
        tally.crashes += 1
        tally.problem(f"{name}: crashed on a valid payload: {type(error).__name__}: {error}")
        return
    if corpus.same_json(written, payload):
        tally.accepted += 1
    else:
        tally.problem(f"{name}: wrote back {corpus.clip(written)} for {corpus.clip(payload)}")


def check_mutant(
    tally: Tally,
    name: str,
    decode: Decoder,
    mutant: Any,
    change: str,
    oracle: Any,
    document: str,
    pointer: str,
) -> None:
    tally.mutants += 1
    error_type = decode.runtime.ValidationError
    strict_mode(decode.runtime, True)
    try:
        decode(mutant)
    except error_type:
        tally.refused += 1
        return
    except Exception as error:
        tally.crashes += 1
        tally.problem(f"{name}: crashed on a mutant ({change}): {type(error).__name__}: {error}")
        return
    finally:
        strict_mode(decode.runtime, False)
    why = deviation(oracle, document, pointer, mutant)
    if why is not None:
        tally.deviating += 1
        tally.deviations.append(f"{name}: {change}: {why}")
    else:
        tally.problem(f"{name}: accepted an invalid mutant ({change}): {corpus.clip(mutant)}")


def strict_mode(runtime: Any, strict: bool) -> None:
    """The package's strict readings (those the README names) on or off."""
    runtime.set_strict_enums(strict)
    if hasattr(runtime, "set_strict_one_of"):
        runtime.set_strict_one_of(strict)


def deviation(oracle: Any, document: str, pointer: str, mutant: Any) -> str | None:
    """The README deviation that lets the package accept what the validator refuses, if every
    error the validator finds is one: a format not checked, a pattern Python cannot compile, a
    `required` read-only or write-only property, null for a `nullable` enum that does not list
    it or for `nullable: true` in a 3.1 document."""
    validator = oracle.validator_class(
        {"$ref": f"{oracle.uri(document)}#{pointer}"},
        registry=oracle.registry_as_read,
        format_checker=oracle.format_checker,
    )
    resolver = oracle.registry_as_read.resolver(base_uri=oracle.uri(document))
    reasons = []
    for error in validator.iter_errors(mutant):
        for leaf in leaves(error):
            reason = deviation_of(leaf) or one_way_required(leaf, resolver)
            if reason is None:
                return None
            reasons.append(reason)
    return "; ".join(dict.fromkeys(reasons)) or None


def one_way_required(error: Any, resolver: Any) -> str | None:
    """A `required` property that is `readOnly` or `writeOnly` where the model reads it: the
    property's schema in any `allOf` part of the object's schema, through `$ref`s."""
    if error.validator != "required":
        return None
    named = [name for name in error.validator_value if name not in error.instance]
    found = property_schemas(error.schema, resolver, 0)
    if named and all(any(one_way(each) for each in found.get(name, [])) for name in named):
        return "a required property that is readOnly or writeOnly"
    return None


def property_schemas(schema: Any, resolver: Any, depth: int) -> dict[str, list[Any]]:
    """Each property's schemas in a schema and its `allOf` parts, `$ref`s followed."""
    found: dict[str, list[Any]] = {}
    if depth > 8 or not isinstance(schema, dict):
        return found
    if isinstance(schema.get("$ref"), str):
        try:
            target = resolver.lookup(schema["$ref"]).contents
        except Exception:  # a reference this resolver cannot follow: nothing found
            target = {}
        found = property_schemas(target, resolver, depth + 1)
    for part in schema.get("allOf") or ():
        for name, each in property_schemas(part, resolver, depth + 1).items():
            found.setdefault(name, []).extend(each)
    for name, each in (schema.get("properties") or {}).items():
        found.setdefault(name, []).append(each)
        if isinstance(each, dict) and isinstance(each.get("$ref"), str):
            with contextlib.suppress(Exception):  # as above
                found[name].append(resolver.lookup(each["$ref"]).contents)
    return found


def leaves(error: Any) -> Iterator[Any]:
    if error.context:
        for child in error.context:
            yield from leaves(child)
    else:
        yield error


def deviation_of(error: Any) -> str | None:
    if error.validator == "format" and error.validator_value not in FORMATS:
        return f"format {error.validator_value!r} is an annotation"
    if error.validator == "enum" and error.instance is None and error.schema.get("nullable"):
        return "nullable beside an enum that does not list null"
    if error.validator == "type" and error.instance is None and error.schema.get("nullable"):
        return "nullable: true in an OpenAPI 3.1 document"
    if error.validator == "pattern":
        from openapi_dataclasses.patterns import to_python_pattern

        if to_python_pattern(error.validator_value)[0] is None:
            return "a pattern Python cannot compile"
    if error.validator == "required":
        properties = error.schema.get("properties") or {}
        missing = [name for name in error.validator_value if name not in error.instance]
        if missing and all(one_way(properties.get(name)) for name in missing):
            return "a required property that is readOnly or writeOnly"
    return None


def one_way(schema: Any) -> bool:
    """`readOnly` or `writeOnly`, also inside the `anyOf` that `nullable_read` makes."""
    if not isinstance(schema, dict):
        return False
    if schema.get("readOnly") or schema.get("writeOnly"):
        return True
    return any(one_way(option) for option in schema.get("anyOf") or ())


# -- many descriptions, and the report ------------------------------------------------------------


def report(tallies: list[Tally], folder: Path = REPORT) -> str:
    lines = [
        "# Schema-driven payloads",
        "",
        "| description | schemas | valid payloads | accepted unchanged | invalid mutants "
        "| refused | deviations | crashes |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for tally in [*tallies, total(tallies)]:
        lines.append(
            f"| {tally.name} | {tally.schemas} | {tally.valid} | {tally.accepted} "
            f"| {tally.mutants} | {tally.refused} | {tally.deviating} | {tally.crashes} |"
        )
    lines += ["", "## Problems", ""]
    lines += [f"- {tally.name}: {problem}" for tally in tallies for problem in tally.problems]
    lines += ["", "## Deviations", ""]
    lines += [f"- {tally.name}: {text}" for tally in tallies for text in tally.deviations[:50]]
    text = "\n".join(lines) + "\n"
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.with_suffix(".md").write_text(text, encoding="utf-8")
    rows = [dataclasses.asdict(tally) for tally in tallies]
    folder.with_suffix(".json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return text


def total(tallies: list[Tally]) -> Tally:
    summed = Tally("all")
    for tally in tallies:
        for name in ("schemas", "valid", "accepted", "mutants", "refused", "deviating", "crashes"):
            setattr(summed, name, getattr(summed, name) + getattr(tally, name))
    return summed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--manifest", type=Path)
    parser.add_argument("--only", default="")
    parser.add_argument("--skip", default="")
    parser.add_argument("--valid", type=int, default=3)
    parser.add_argument("--mutants", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    found = corpus.manifest_descriptions(args.manifest) if args.manifest else corpus.descriptions()
    chosen = corpus.select(found, args.only.split(","), args.skip.split(","))
    tallies = []
    for description in chosen:
        out = BUILD / description.name
        tally = run_description(description, out, args.valid, args.mutants, args.seed)
        tallies.append(tally)
        print(
            f"{tally.name}: {tally.accepted}/{tally.valid} accepted unchanged, "
            f"{tally.refused}/{tally.mutants} mutants refused ({tally.deviating} deviations), "
            f"{tally.crashes} crashes",
            *(f"  {problem}" for problem in tally.problems[:20]),
            sep="\n",
            flush=True,
        )
    print(report(tallies).split("\n## ")[0])
    whole = total(tallies)
    bad = whole.crashes or whole.accepted < whole.valid
    bad = bad or whole.refused + whole.deviating < 0.999 * whole.mutants
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
