"""Benchmark the generated models at run time: ours against OpenAPI Generator's and msgspec.

Usage: ``.venv/bin/python bench/runtime.py [--spec PATH] [--repeat N] [--min-time S]
[--import-runs N] [--json FILE]``

Measures from_dict, to_dict, from_json and to_json per call (microseconds: the median of
``--repeat`` timings of enough loops to last ``--min-time`` seconds each, as ``timeit`` does,
with the garbage collector off while timing) for:

- ours: the whole API generated with this checkout's generator (every run) into
  ``bench/.work/runtime/ours``;
- OpenAPI Generator's python models (pydantic v2) of the same API, generated once into
  ``bench/.work/runtime/oag`` with the CLI that ``bench/run.py`` installs; its package
  ``__init__`` files are emptied, because for this API they fail to import (pydantic's "field
  name clashing with a type annotation"), while its model modules import one by one;
- msgspec Structs written by hand for the same schemas (``bench/msgspec_models.py``).

OpenAPI Generator's runtime dependencies and msgspec are pinned in their own venv,
``bench/.work/runtime-venv``. Payloads: ``NewCustomerSessionV2`` with 1, 10 and 1,000 cart items
(the spec's example with its first cart item repeated), and every component example that
openapi-schema-validator accepts, for ours and OpenAPI Generator (the total over all examples
per pass; the examples OpenAPI Generator's models cannot import or reject are left out of both).
Also the import time of the whole package, ``import talon_one`` in a fresh interpreter (wall
time minus a bare interpreter's, median of ``--import-runs``), against datamodel-code-generator's
single dataclasses module of the same API. Every tool is measured in a fresh process of its own,
one per payload; the ratios and the issue's targets are printed from this one run.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import gc
import importlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import run  # bench/run.py: the peers' venv, their pins and the spec as JSON

ROOT = run.ROOT
WORK = run.WORK / "runtime"
SCRIPT = Path(__file__).resolve()
RUNTIME_VENV = run.WORK / "runtime-venv"
RUNTIME_PYTHON = RUNTIME_VENV / "bin" / "python"
# OpenAPI Generator 7.26's python models need pydantic >= 2.11, python-dateutil, typing-extensions
# and urllib3 (its requirements.txt); pinned exactly here, with what they pull in, and msgspec.
RUNTIME_PINS = {
    "pydantic": "2.14.4",
    "pydantic-core": "2.50.5",
    "annotated-types": "0.8.0",
    "typing-inspection": "0.4.5",
    "typing-extensions": "4.16.0",
    "python-dateutil": "4.0.0",
    "tzdata": "2026.6",
    "urllib3": "2.8.0",
    "msgspec": "0.22.0",
}

PACKAGE = "talon_one"
OAG_PACKAGE = "talon_one_oag"
DMCG_MODULE = "talon_one_dmcg"
SESSION = "NewCustomerSessionV2"
SESSION_SIZES = (1, 10, 1000)
EXAMPLES = "examples"
OPS = ("from_dict", "to_dict", "from_json", "to_json")
OURS, OAG, MSGSPEC, DMCG = "ours", "oag", "msgspec", "dmcg"
SHORT_NAMES = {OAG: "OAG", MSGSPEC: "msgspec", DMCG: "dmcg"}
TOOL_NAMES = {
    OURS: "ours",
    OAG: "OpenAPI Generator",
    MSGSPEC: "msgspec (by hand)",
    DMCG: "datamodel-code-generator",
}
OAG_GLOBAL_PROPERTIES = "models,supportingFiles,apis=false,modelDocs=false,modelTests=false"

# The bar (issue 14): (operation, peer, limit): ours / peer <= limit on every payload.
TARGETS = (
    ("from_dict", OAG, 0.5),
    ("from_json", OAG, 0.5),
    ("to_dict", OAG, 0.33),
    ("from_dict", MSGSPEC, 8.0),
)
TARGET_IMPORT = 0.1  # import talon_one <= 0.1x datamodel-code-generator's module


def ours_python() -> Path:
    """The project's venv python when the checkout has one, else the python running this."""
    return run.OURS_PYTHON if run.OURS_PYTHON.exists() else Path(sys.executable)


def session_case(size: int) -> str:
    return f"session-{size}"


# --- setup: venvs and the three generated packages ---------------------------------------


def log(message: str) -> None:
    print(f"runtime: {message}", file=sys.stderr, flush=True)


def fresh_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def spec_stamp(spec: Path, tool_version: str) -> str:
    stat = spec.stat()
    return json.dumps([str(spec), stat.st_size, stat.st_mtime_ns, tool_version])


def cached(out: Path, stamp: str) -> dict[str, Any] | None:
    """The metadata of a peer's output made from the same spec by the same version, if any."""
    meta = out / "meta.json"
    if not meta.is_file():
        return None
    found: dict[str, Any] = json.loads(meta.read_text(encoding="utf-8"))
    return found if found.get("stamp") == stamp else None


def generate_ours(spec: Path) -> Path:
    out = WORK / "ours"
    shutil.rmtree(out, ignore_errors=True)
    argv = [
        str(ours_python()), "-m", "openapi_dataclasses", "generate", str(spec),
        "--out", str(out), "--package", PACKAGE, "--no-cache",
    ]  # fmt: skip
    log(f"generating ours: {' '.join(argv)}")
    subprocess.run(argv, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return out


def generate_oag(spec: Path, version: str) -> dict[str, Any]:
    """OpenAPI Generator's models, generated once per spec; their package ``__init__`` emptied.

    Returns the metadata: the import error of the package as generated, and each model class's
    module (read from ``models/__init__.py`` before it is emptied).
    """
    out = WORK / "oag"
    stamp = spec_stamp(spec, version)
    meta = cached(out, stamp)
    if meta is not None:
        return meta
    fresh_dir(out)
    argv = [
        str(run.VENV_BIN / "openapi-generator-cli"), "generate", "-g", "python",
        "-i", str(spec), "-o", str(out), "--global-property", OAG_GLOBAL_PROPERTIES,
        "--additional-properties", f"packageName={OAG_PACKAGE}",
    ]  # fmt: skip
    log(f"generating OpenAPI Generator's models: {' '.join(argv)}")
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    package = out / OAG_PACKAGE
    models_init = package / "models" / "__init__.py"
    pattern = rf"^from {OAG_PACKAGE}\.models\.(\w+) import (\w+)$"
    classes = {cls: module for module, cls in re.findall(pattern, models_init.read_text(), re.M)}
    tried = subprocess.run(
        [str(RUNTIME_PYTHON), "-c", f"import {OAG_PACKAGE}"],
        cwd=out, capture_output=True, text=True, check=False,
    )  # fmt: skip
    exception = re.compile(r"^[\w.]+(Error|Exception): ")
    error = [line for line in tried.stderr.splitlines() if exception.match(line)][-1:]
    if tried.returncode and not error:
        error = tried.stderr.strip().splitlines()[-1:]
    emptied = [package / "__init__.py", models_init]
    for init in emptied:
        init.write_text("", encoding="utf-8")
    meta = {
        "stamp": stamp,
        "command": argv,
        "package_import_error": error[0] if error else "",
        "emptied": [str(path.relative_to(out)) for path in emptied],
        "classes": classes,
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def generate_dmcg(spec: Path, version: str) -> Path:
    """datamodel-code-generator's single dataclasses module, generated once per spec."""
    out = WORK / "dmcg"
    stamp = spec_stamp(spec, version)
    module = out / f"{DMCG_MODULE}.py"
    if cached(out, stamp) is not None and module.is_file():
        return out
    fresh_dir(out)
    spec_json = run.spec_as_json(spec)
    argv = [str(run.VENV_BIN / run.DMCG), "--input", str(spec_json), *run.DMCG_FLAGS,
            "--output", str(module)]  # fmt: skip
    log(f"generating datamodel-code-generator's module: {' '.join(argv)}")
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    meta = {"stamp": stamp, "command": argv}
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return out


# --- payloads (run under ours' python: it needs the generator and openapi-schema-validator) -


def oag_class(classes: dict[str, str], schema: str) -> tuple[str, str] | None:
    """OpenAPI Generator's (module, class) for a schema name: as named, or as it camel-cases
    and prefixes reserved words (``inline_response_200_1`` -> ``InlineResponse2001``,
    ``Return`` -> ``ModelReturn``)."""
    if schema in classes:
        return classes[schema], schema
    folded = {name.lower(): name for name in classes}
    key = schema.replace("_", "").lower()
    name = folded.get(key) or folded.get(f"model{key}")
    return (classes[name], name) if name else None


def prepare(spec_path: Path, oag_classes: dict[str, str], out: Path) -> None:
    """Write the payloads: the sessions, and each valid component example with its classes."""
    sys.path.insert(0, str(ROOT))
    from openapi_schema_validator import OAS30Validator, OAS31Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4, DRAFT202012

    from openapi_dataclasses.building import build_api
    from openapi_dataclasses.loading import load_spec

    spec = load_spec(spec_path)
    api = build_api(spec, PACKAGE).api
    schemas = spec.data["components"]["schemas"]
    is_31 = str(spec.data.get("openapi", "")).startswith("3.1")
    validator_type = OAS31Validator if is_31 else OAS30Validator
    resource = Resource(contents=spec.data, specification=DRAFT202012 if is_31 else DRAFT4)
    registry: Registry[Any] = Registry().with_resource("urn:spec", resource)

    def errors(name: str, value: Any) -> list[Any]:
        validator = validator_type(
            {"$ref": f"urn:spec#/components/schemas/{name}"},
            registry=registry,
            format_checker=validator_type.FORMAT_CHECKER,
        )
        return list(validator.iter_errors(value))

    ours = {model.source: (model.module, model.name) for model in api.models}
    kinds = {item.source: kind for kind, items in (("enum", api.enums), ("alias", api.aliases))
             for item in items}  # fmt: skip
    session_example = schemas[SESSION].get("example") or schemas[SESSION]["examples"][0]
    item = session_example["cartItems"][0]
    sessions = {}
    for size in SESSION_SIZES:
        payload = {**session_example, "cartItems": [copy.deepcopy(item) for _ in range(size)]}
        if found := errors(SESSION, payload):
            raise SystemExit(f"the {size}-item session is not valid: {found[0].message}")
        sessions[session_case(size)] = payload
    examples, counts = [], {"with_example": 0, "invalid": 0, "not_a_model": 0}
    for name, schema in schemas.items():
        values = [schema["example"]] if "example" in schema else schema.get("examples") or []
        if not isinstance(values, list) or not values:
            continue
        counts["with_example"] += 1
        source = f"{spec.root}#/components/schemas/{name}"
        if errors(name, values[0]):
            counts["invalid"] += 1
        elif source not in ours:
            counts["not_a_model"] += 1  # an enum or alias: no from_dict/to_dict to compare
            counts[f"not_a_model_{kinds.get(source, 'other')}"] = (
                counts.get(f"not_a_model_{kinds.get(source, 'other')}", 0) + 1
            )
        else:
            examples.append(
                {"name": name, OURS: ours[source], OAG: oag_class(oag_classes, name),
                 "payload": values[0]}
            )  # fmt: skip
    targets = {OURS: ours[f"{spec.root}#/components/schemas/{SESSION}"],
               OAG: oag_class(oag_classes, SESSION), MSGSPEC: ("", SESSION)}  # fmt: skip
    document = {"sessions": sessions, "session_targets": targets, "examples": examples,
                "example_counts": counts}  # fmt: skip
    out.write_text(json.dumps(document), encoding="utf-8")


# --- the worker: one tool, one payload, in a process of its own ----------------------------


Ops = dict[str, Callable[..., Any]]


def tool_ops(tool: str) -> tuple[Callable[[str, str], Any], Ops]:
    """How to find a class, and the four operations, for one tool."""
    if tool == MSGSPEC:
        import msgspec
        import msgspec_models

        decoders: dict[type, Any] = {}
        encoder = msgspec.json.Encoder()

        def from_json(cls: type, text: str) -> Any:
            decoder = decoders.get(cls)
            if decoder is None:
                decoder = decoders[cls] = msgspec.json.Decoder(cls)
            return decoder.decode(text)

        ops: Ops = {
            "from_dict": lambda cls, data: msgspec.convert(data, cls),
            "to_dict": msgspec.to_builtins,
            "from_json": from_json,
            "to_json": encoder.encode,
        }
        return lambda _module, name: getattr(msgspec_models, name), ops
    base = WORK / ("ours" if tool == OURS else "oag")
    prefix = PACKAGE if tool == OURS else f"{OAG_PACKAGE}.models"
    sys.path.insert(0, str(base))
    ops = {
        "from_dict": lambda cls, data: cls.from_dict(data),
        "to_dict": lambda obj: obj.to_dict(),
        "from_json": lambda cls, text: cls.from_json(text),
        "to_json": lambda obj: obj.to_json(),
    }

    def find(module: str, name: str) -> Any:
        return getattr(importlib.import_module(f"{prefix}.{module}"), name)

    return find, ops


def per_call(fn: Callable[[], Any], repeat: int, min_time: float) -> dict[str, float]:
    """Median, min and max seconds per call over ``repeat`` timings of ``loops`` calls each."""
    timer = timeit.Timer(fn)
    loops = 1
    while (elapsed := timer.timeit(loops)) < min_time:
        loops = max(loops * 2, int(loops * min_time / max(elapsed, 1e-9) * 1.2))
    times = [timer.timeit(loops) / loops for _ in range(repeat)]
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "loops": loops}  # fmt: skip


def worker(tool: str, case: str, cases: Path, repeat: int, min_time: float) -> dict[str, Any]:
    data = json.loads(cases.read_text(encoding="utf-8"))
    find, ops = tool_ops(tool)
    if case == EXAMPLES:
        wanted = [(e["name"], e[tool], e["payload"]) for e in data["examples"] if e[tool]]
    else:
        wanted = [(case, data["session_targets"][tool], data["sessions"][case])]
    pairs, unimportable, rejected, lossy = [], [], [], []
    for name, (module, cls_name), payload in wanted:
        try:
            cls = find(module, cls_name)
        except Exception as error:  # a peer's module that does not import
            unimportable.append(f"{name}: {type(error).__name__}: {str(error).splitlines()[0]}")
            continue
        try:
            written = ops["to_dict"](ops["from_dict"](cls, payload))
            json_written = json.loads(ops["to_json"](ops["from_json"](cls, json.dumps(payload))))
        except Exception as error:
            rejected.append(f"{name}: {type(error).__name__}: {str(error).splitlines()[0]}")
            continue
        if written != payload or json_written != payload:
            lossy.append(name)
        pairs.append((name, cls, payload))
    result: dict[str, Any] = {
        "tool": tool, "case": case, "count": len(pairs), "names": [p[0] for p in pairs],
        "unimportable": unimportable, "rejected": rejected, "lossy": lossy, "seconds": {},
    }  # fmt: skip
    if not pairs:
        return result
    classes = [cls for _, cls, _ in pairs]
    dicts = [payload for _, _, payload in pairs]
    texts = [json.dumps(payload) for payload in dicts]
    objects = [ops["from_dict"](cls, payload) for cls, payload in zip(classes, dicts, strict=True)]
    from_dict, to_dict, from_json, to_json = (ops[op] for op in OPS)
    if len(pairs) == 1:
        cls, payload, text, obj = classes[0], dicts[0], texts[0], objects[0]
        calls: dict[str, Callable[[], Any]] = {
            "from_dict": lambda: from_dict(cls, payload),
            "to_dict": lambda: to_dict(obj),
            "from_json": lambda: from_json(cls, text),
            "to_json": lambda: to_json(obj),
        }
    else:
        by_dict, by_text = (
            list(zip(classes, dicts, strict=True)),
            list(zip(classes, texts, strict=True)),
        )
        calls = {
            "from_dict": lambda: [from_dict(c, d) for c, d in by_dict],
            "to_dict": lambda: [to_dict(o) for o in objects],
            "from_json": lambda: [from_json(c, t) for c, t in by_text],
            "to_json": lambda: [to_json(o) for o in objects],
        }
    gc.collect()
    result["seconds"] = {op: per_call(calls[op], repeat, min_time) for op in OPS}
    return result


# --- the driver ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    spec: Path
    repeat: int
    min_time: float
    import_runs: int
    json: Path | None


def run_worker(tool: str, case: str, cases: Path, cfg: Config) -> dict[str, Any]:
    python = ours_python() if tool == OURS else RUNTIME_PYTHON
    argv = [
        str(python), str(SCRIPT), "--worker", tool, "--case", case, "--cases", str(cases),
        "--repeat", str(cfg.repeat), "--min-time", str(cfg.min_time),
    ]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode:
        raise RuntimeError(f"{tool} worker on {case} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    medians = ", ".join(f"{op} {s['median'] * 1e6:.1f}" for op, s in result["seconds"].items())
    log(f"{case}: {tool}: {medians} us")
    return result


def only(cases: Path, names: Sequence[str]) -> Path:
    """A copy of the payload file whose examples are ``names`` (those a peer could measure)."""
    data = json.loads(cases.read_text(encoding="utf-8"))
    keep = set(names)
    data["examples"] = [e for e in data["examples"] if e["name"] in keep]
    target = cases.with_name("cases-measured.json")
    target.write_text(json.dumps(data), encoding="utf-8")
    return target


def measure_conversions(cases: Path, cfg: Config) -> dict[str, dict[str, Any]]:
    """Every tool on every payload, each in a fresh process; OpenAPI Generator's screening of
    the examples comes first, so that ours runs on the same examples."""
    results: dict[str, dict[str, Any]] = {}
    for size in SESSION_SIZES:
        case = session_case(size)
        results[case] = {tool: run_worker(tool, case, cases, cfg) for tool in (OURS, OAG, MSGSPEC)}
    oag = run_worker(OAG, EXAMPLES, cases, cfg)
    results[EXAMPLES] = {OAG: oag, OURS: run_worker(OURS, EXAMPLES, only(cases, oag["names"]), cfg)}
    return results


# Imports are timed as a user's interpreter runs them, with bytecode caches: an environment that
# sets PYTHONDONTWRITEBYTECODE (as this machine's does) would time compiling every module instead.
IMPORT_ENV = {
    name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"
}


def time_command(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=WORK, env=IMPORT_ENV)
    return time.perf_counter() - start


def measure_imports(ours_out: Path, dmcg_out: Path, runs: int) -> dict[str, Any]:
    """``import talon_one`` and ``import talon_one_dmcg`` in fresh interpreters (ours' python
    for both), minus a bare interpreter that only extends ``sys.path``; medians of ``runs``,
    interleaved. A first, untimed run of each writes the bytecode caches."""
    python = str(ours_python())

    def code(path: Path, module: str | None) -> list[str]:
        body = f"import sys; sys.path.insert(0, {str(path)!r})"
        return [python, "-c", body + (f"; import {module}" if module else "")]

    commands = {"bare": code(ours_out, None), OURS: code(ours_out, PACKAGE),
                DMCG: code(dmcg_out, DMCG_MODULE)}  # fmt: skip
    for argv in commands.values():
        time_command(argv)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(time_command(argv))
    bare = statistics.median(times["bare"])
    result: dict[str, Any] = {"bare_s": bare, "runs": runs}
    for tool in (OURS, DMCG):
        result[tool] = {"median_s": statistics.median(times[tool]) - bare,
                        "wall_s": times[tool]}  # fmt: skip
    result["importtime_top"] = importtime_top(ours_out, python)
    return result


def importtime_top(ours_out: Path, python: str, count: int = 5) -> dict[str, Any]:
    """One ``-X importtime`` run of ``import talon_one``: how many modules, the slowest ones."""
    body = (
        f"import sys; sys.path.insert(0, {str(ours_out)!r}); import {PACKAGE}; "
        f"print(sum(name.split('.')[0] == {PACKAGE!r} for name in sys.modules))"
    )
    done = subprocess.run([python, "-X", "importtime", "-c", body], capture_output=True,
                          text=True, check=True, cwd=WORK, env=IMPORT_ENV)  # fmt: skip
    rows = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            rows.append((int(parts[0]), int(parts[1]), parts[2].strip()))
    top = sorted(rows, key=lambda row: -row[0])[:count]
    return {
        "package_modules": int(done.stdout.strip()),
        "top_self_us": [{"module": name, "self_us": own, "cumulative_us": cum}
                        for own, cum, name in top],
    }  # fmt: skip


# --- the report ----------------------------------------------------------------------------


def us(result: dict[str, Any] | None, op: str) -> float | None:
    if not result or op not in result["seconds"]:
        return None
    median: float = result["seconds"][op]["median"] * 1e6
    return median


def cell(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    decimals = 0 if value >= 100 else 1 if value >= 10 else 2
    return f"{value:,.{decimals}f}{unit}"


def case_label(case: str, results: dict[str, Any]) -> str:
    if case == EXAMPLES:
        return f"all valid component examples ({results[OURS]['count']}, total per pass)"
    size = int(case.split("-")[1])
    return f"{SESSION}, {size:,} cart item{'s' if size > 1 else ''}"


def verdicts(case_results: dict[str, Any], op: str) -> tuple[list[str], list[dict[str, Any]]]:
    texts, found = [], []
    ours = us(case_results.get(OURS), op)
    for target_op, peer, limit in TARGETS:
        peer_us = us(case_results.get(peer), op)
        if target_op != op or ours is None or peer_us is None:
            continue
        ratio = ours / peer_us
        verdict = "PASS" if ratio <= limit else "FAIL"
        texts.append(f"<= {limit:g}x {SHORT_NAMES[peer]}: {verdict}")
        found.append({"op": op, "peer": peer, "limit": limit, "ratio": ratio, "verdict": verdict})
    return texts, found


def table(
    results: dict[str, dict[str, Any]], imports: dict[str, Any], versions: dict[str, str]
) -> tuple[str, list[dict[str, Any]]]:
    oag_name = (
        f"OpenAPI Generator {versions['openapi-generator-cli']} (pydantic {versions['pydantic']})"
    )
    rows = [
        f"| payload | operation | ours | {oag_name} | msgspec {versions['msgspec']} "
        f"| datamodel-code-generator {versions['datamodel-code-generator']} "
        "| ours / OAG | ours / msgspec | ours / dmcg | targets |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    checks: list[dict[str, Any]] = []
    for case, case_results in results.items():
        for op in OPS:
            ours = us(case_results.get(OURS), op)
            oag, fast = us(case_results.get(OAG), op), us(case_results.get(MSGSPEC), op)
            texts, found = verdicts(case_results, op)
            checks += [{"case": case, **check} for check in found]
            rows.append(
                f"| {case_label(case, case_results)} | {op} (us) | {cell(ours)} | {cell(oag)} "
                f"| {cell(fast)} | | {cell(ratio(ours, oag), 'x')} "
                f"| {cell(ratio(ours, fast), 'x')} | | {'; '.join(texts)} |"
            )
    ours_ms, dmcg_ms = imports[OURS]["median_s"] * 1e3, imports[DMCG]["median_s"] * 1e3
    import_ratio = ratio(ours_ms, dmcg_ms)
    verdict = "PASS" if import_ratio is not None and import_ratio <= TARGET_IMPORT else "FAIL"
    checks.append({"case": "import", "op": "import", "peer": DMCG, "limit": TARGET_IMPORT,
                   "ratio": import_ratio, "verdict": verdict})  # fmt: skip
    rows.append(
        f"| the whole package, fresh interpreter | import (ms) | {cell(ours_ms)} | | "
        f"| {cell(dmcg_ms)} | | | {cell(import_ratio, 'x')} "
        f"| <= {TARGET_IMPORT:g}x dmcg: {verdict} |"
    )
    return "\n".join(rows), checks


def ratio(value: float | None, base: float | None) -> float | None:
    return None if value is None or not base else value / base


def summary(checks: list[dict[str, Any]]) -> str:
    lines = []
    for op, peer, limit in (*TARGETS, ("import", DMCG, TARGET_IMPORT)):
        mine = [c for c in checks if (c["op"], c["peer"], c["limit"]) == (op, peer, limit)]
        passed = sum(c["verdict"] == "PASS" for c in mine)
        verdict = "PASS" if mine and passed == len(mine) else "FAIL"
        worst = max((c["ratio"] for c in mine if c["ratio"] is not None), default=None)
        lines.append(
            f"- {op} <= {limit:g}x {TOOL_NAMES[peer]}: {verdict} "
            f"({passed}/{len(mine)} payloads; worst {cell(worst, 'x')})"
        )
    return "Targets (issue 14), over every payload:\n" + "\n".join(lines)


def notes(
    results: dict[str, dict[str, Any]],
    oag_meta: dict[str, Any],
    counts: dict[str, int],
    imports: dict[str, Any],
) -> str:
    oag, ours = results[EXAMPLES][OAG], results[EXAMPLES][OURS]
    with_class = oag["count"] + len(oag["unimportable"]) + len(oag["rejected"])
    valid_models = counts["with_example"] - counts["invalid"] - counts["not_a_model"]
    no_class = valid_models - with_class
    top = imports["importtime_top"]
    lossy = {
        tool: [case for case in results if results[case].get(tool, {}).get("lossy")]
        for tool in (OURS, OAG, MSGSPEC)
    }
    lines = [
        f"- OpenAPI Generator: the generated package does not import "
        f"(`{oag_meta['package_import_error'] or 'no error'}`); the bench empties "
        f"{', '.join(f'`{p}`' for p in oag_meta['emptied'])} and imports the model modules one "
        "by one.",
        f"- Component examples: {counts['with_example']} schemas have one; "
        f"{counts['invalid']} are rejected by openapi-schema-validator; {counts['not_a_model']} "
        f"are enums or aliases (no model); of the {valid_models} valid model examples, "
        f"OpenAPI Generator has no class for {no_class}, cannot import the module of "
        f"{len(oag['unimportable'])} and rejects {len(oag['rejected'])}, "
        f"so both are measured on the other {oag['count']}"
        + (f" (ours rejects {len(ours['rejected'])} of them)" if ours["rejected"] else "")
        + ".",
        "- Lossless round trips (to_dict(from_dict(x)) == x and the same through JSON): "
        + "; ".join(
            f"{TOOL_NAMES[tool]} differs on {', '.join(cases) if cases else 'none'}"
            for tool, cases in lossy.items()
        )
        + f". On the examples, OpenAPI Generator differs on {len(oag['lossy'])} of "
        f"{oag['count']}, ours on {len(ours['lossy'])}. OpenAPI Generator's to_dict and to_json "
        "leave out readOnly properties (10 of a cart item's 21 here) and both it and msgspec "
        "drop unknown properties (`effectiveFrom`, `effectiveUntil` in the example's `prices`), "
        "which ours keeps and writes back.",
        f"- Import: medians of {imports['runs']} runs, minus a bare interpreter "
        f"({imports['bare_s'] * 1e3:.0f} ms). `-X importtime`: `import {PACKAGE}` loads "
        f"{top['package_modules']} modules of the package; slowest (self time): "
        + ", ".join(f"{t['module']} {t['self_us'] / 1e3:.1f} ms" for t in top["top_self_us"])
        + ".",
    ]
    for name in oag["unimportable"][:3] + oag["rejected"][:3]:
        lines.append(f"  - OpenAPI Generator: {name[:160]}")
    return "Notes:\n" + "\n".join(lines)


def report(
    cfg: Config,
    results: dict[str, dict[str, Any]],
    imports: dict[str, Any],
    context: dict[str, Any],
) -> tuple[str, list[dict[str, Any]]]:
    versions = context["versions"]
    rows, checks = table(results, imports, versions)
    header = (
        f"## Runtime benchmark: `{cfg.spec.name}`, medians of {cfg.repeat} x >= "
        f"{cfg.min_time:g} s per operation, Python {versions['python']}, "
        f"{os.cpu_count()} CPUs, load average {context['load']:.1f} at the start "
        "(microseconds per call; milliseconds for import)"
    )
    commands = "\n".join(f"- {line}" for line in context["commands"])
    parts = [header, rows, summary(checks),
             notes(results, context["oag"], context["example_counts"], imports),
             "Commands:\n" + commands,
             f"Took {context['seconds']['total']:.0f} s (setup and generation "
             f"{context['seconds']['setup']:.0f} s, measuring "
             f"{context['seconds']['measure']:.0f} s)."]  # fmt: skip
    return "\n\n".join(parts), checks


# --- main ----------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> tuple[argparse.Namespace, Config]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=run.DEFAULT_SPEC, help="OpenAPI spec")
    parser.add_argument("--repeat", type=int, default=5, help="timings per operation (5)")
    parser.add_argument("--min-time", type=float, default=0.2,
                        help="seconds each timing lasts at least (0.2)")  # fmt: skip
    parser.add_argument("--import-runs", type=int, default=10, help="import timings (10)")
    parser.add_argument("--json", type=Path, help="write the numbers here")
    parser.add_argument("--worker", choices=(OURS, OAG, MSGSPEC), help=argparse.SUPPRESS)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--cases", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--oag-meta", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.min_time <= 0 or args.import_runs < 1:
        parser.error("--repeat and --import-runs must be >= 1, --min-time > 0")
    spec = args.spec.resolve()
    if not spec.is_file():
        parser.error(f"no such spec: {spec}")
    return args, Config(spec, args.repeat, args.min_time, args.import_runs, args.json)


def setup(cfg: Config) -> tuple[Path, Path, Path, dict[str, Any]]:
    """Install what is missing, generate the three packages, write the payloads."""
    run.ensure_peers()
    run.ensure_venv(RUNTIME_VENV, RUNTIME_PINS)
    versions = {
        **run.installed_versions(run.VENV_BIN / "python"),
        **run.installed_versions(RUNTIME_PYTHON, RUNTIME_PINS),
        "python": sys.version.split()[0],
    }
    WORK.mkdir(parents=True, exist_ok=True)
    ours_out = generate_ours(cfg.spec)
    oag_meta = generate_oag(cfg.spec, versions["openapi-generator-cli"])
    dmcg_out = generate_dmcg(cfg.spec, versions["datamodel-code-generator"])
    (WORK / "oag-classes.json").write_text(json.dumps(oag_meta["classes"]), encoding="utf-8")
    cases = WORK / "cases.json"
    argv = [str(ours_python()), str(SCRIPT), "--spec", str(cfg.spec), "--prepare", str(cases),
            "--oag-meta", str(WORK / "oag-classes.json")]  # fmt: skip
    log("writing the payloads and checking them with openapi-schema-validator")
    subprocess.run(argv, check=True, cwd=ROOT)
    context = {
        "versions": versions,
        "oag": {k: v for k, v in oag_meta.items() if k != "classes"},
        "commands": [
            f"ours: `{ours_python()} -m openapi_dataclasses generate {cfg.spec} --out "
            f"{ours_out.relative_to(ROOT)} --package {PACKAGE} --no-cache` (every run)",
            f"OpenAPI Generator: `openapi-generator-cli generate -g python -i SPEC -o "
            f"{(WORK / 'oag').relative_to(ROOT)} --global-property {OAG_GLOBAL_PROPERTIES} "
            f"--additional-properties packageName={OAG_PACKAGE}` (once per spec)",
            f"datamodel-code-generator: `datamodel-codegen --input SPEC.json "
            f"{' '.join(run.DMCG_FLAGS)} --output "
            f"{(dmcg_out / DMCG_MODULE).relative_to(ROOT)}.py` (once per spec)",
            f"workers: `{RUNTIME_PYTHON.relative_to(ROOT)} bench/runtime.py --worker oag|msgspec "
            f"...`, `{ours_python()} bench/runtime.py --worker ours ...`",
        ],
    }
    return ours_out, dmcg_out, cases, context


def main(argv: Sequence[str] | None = None) -> int:
    args, cfg = parse_args(argv)
    if args.worker:
        sys.path.insert(0, str(SCRIPT.parent))
        result = worker(args.worker, args.case, args.cases, cfg.repeat, cfg.min_time)
        print(json.dumps(result))
        return 0
    if args.prepare:
        prepare(cfg.spec, json.loads(args.oag_meta.read_text(encoding="utf-8")), args.prepare)
        return 0
    start = time.perf_counter()
    load = os.getloadavg()[0]
    try:
        ours_out, dmcg_out, cases, context = setup(cfg)
        set_up = time.perf_counter()
        results = measure_conversions(cases, cfg)
        log("timing imports")
        imports = measure_imports(ours_out, dmcg_out, cfg.import_runs)
    except (OSError, subprocess.CalledProcessError, RuntimeError) as error:
        print(f"bench: harness error: {error}", file=sys.stderr)
        return 2
    end = time.perf_counter()
    context["load"] = load
    context["seconds"] = {"total": end - start, "setup": set_up - start, "measure": end - set_up}
    context["example_counts"] = json.loads(cases.read_text(encoding="utf-8"))["example_counts"]
    text, checks = report(cfg, results, imports, context)
    print(text)
    if cfg.json:
        document = {
            "config": {"spec": str(cfg.spec), "repeat": cfg.repeat, "min_time": cfg.min_time,
                       "import_runs": cfg.import_runs},
            **context,
            "conversions": results,
            "imports": imports,
            "targets": checks,
        }  # fmt: skip
        cfg.json.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
