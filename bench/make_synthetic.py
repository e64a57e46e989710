"""Write a synthetic OpenAPI spec holding K copies of a spec's component schemas.

Copy 1 is the original ``components.schemas``, unchanged. Copy i (2..K) renames every
schema ``Name`` to ``Name_Copy<i>`` and rewrites the ``$ref``s (and discriminator
mappings) inside that copy to point at the renamed schemas of the same copy, so each
copy is a self-contained, equally connected graph. Everything else (paths, other
components) is kept as is. The output format follows OUT's extension (.json or YAML).

Usage: ``python bench/make_synthetic.py SPEC OUT [--factor K]`` (needs PyYAML).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from specio import dump_spec, load_spec

SCHEMA_PREFIX = "#/components/schemas/"


def _decode(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def _encode(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def rename_ref(ref: str, suffix: str, names: frozenset[str]) -> str:
    """Point a local schema ``$ref`` (possibly with a deeper pointer) at the renamed copy."""
    if not ref.startswith(SCHEMA_PREFIX):
        return ref
    head, sep, rest = ref[len(SCHEMA_PREFIX) :].partition("/")
    name = _decode(head)
    if name not in names:
        return ref
    return SCHEMA_PREFIX + _encode(name + suffix) + sep + rest


def rewrite(node: Any, suffix: str, names: frozenset[str]) -> Any:
    """Deep-copy ``node``, renaming schema references to the ``suffix`` copy."""
    if isinstance(node, list):
        return [rewrite(item, suffix, names) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            out[key] = rename_ref(value, suffix, names)
        elif key == "discriminator" and isinstance(value, dict):
            out[key] = _rewrite_discriminator(value, suffix, names)
        else:
            out[key] = rewrite(value, suffix, names)
    return out


def _rewrite_discriminator(node: dict[str, Any], suffix: str, names: frozenset[str]) -> Any:
    mapping = node.get("mapping")
    if not isinstance(mapping, dict):
        return rewrite(node, suffix, names)
    renamed = {
        key: rename_ref(value, suffix, names) if isinstance(value, str) else value
        for key, value in mapping.items()
    }
    return {**rewrite(node, suffix, names), "mapping": renamed}


def multiply_schemas(spec: dict[str, Any], factor: int) -> dict[str, Any]:
    """Return a copy of ``spec`` whose component schemas appear ``factor`` times."""
    schemas: dict[str, Any] = spec["components"]["schemas"]
    names = frozenset(schemas)
    combined = dict(schemas)
    for copy in range(2, factor + 1):
        suffix = f"_Copy{copy}"
        for name, schema in schemas.items():
            combined[name + suffix] = rewrite(schema, suffix, names)
    return {**spec, "components": {**spec["components"], "schemas": combined}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, help="input OpenAPI spec (YAML or JSON)")
    parser.add_argument("out", type=Path, help="output path (.json for JSON, else YAML)")
    parser.add_argument("--factor", type=int, default=10, help="number of copies (default 10)")
    args = parser.parse_args(argv)
    if args.factor < 1:
        parser.error("--factor must be >= 1")
    dump_spec(multiply_schemas(load_spec(args.spec), args.factor), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
