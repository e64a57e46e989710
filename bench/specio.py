"""Read and write OpenAPI documents as YAML or JSON (needs PyYAML).

The corpus has plain scalars such as ``=`` that YAML 1.1 resolvers turn into the
``tag:yaml.org,2002:value`` tag (which SafeLoader cannot construct), and dates that
would become ``datetime`` objects JSON cannot hold. ``SpecLoader`` drops both
resolvers, so those scalars stay plain strings.

Usage as a script: ``python bench/specio.py IN OUT`` converts IN to OUT
(JSON or YAML by OUT's extension).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

_DROPPED_TAGS = frozenset({"tag:yaml.org,2002:value", "tag:yaml.org,2002:timestamp"})
_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BASE_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class SpecLoader(_BASE_LOADER):  # type: ignore[valid-type,misc]
    """SafeLoader without the YAML 1.1 ``value`` and ``timestamp`` implicit tags."""


SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()
}


def is_json(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def load_spec(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if is_json(path) else yaml.load(text, Loader=SpecLoader)


def dump_spec(document: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if is_json(path):
        text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    else:
        text = yaml.dump(
            document, Dumper=_BASE_DUMPER, sort_keys=False, allow_unicode=True, width=1000
        )
    path.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: specio.py IN OUT", file=sys.stderr)
        return 2
    dump_spec(load_spec(Path(argv[0])), Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
