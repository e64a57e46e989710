"""A YAML 1.2 (core schema) loader on top of PyYAML, which only speaks YAML 1.1.

OpenAPI asks for YAML 1.2: `no`, `on`, `=`, `2021-09-12` and `0777` are not booleans, values, dates
or octals there. PyYAML's resolvers decide those tags, so we replace them; libyaml still does the
parsing where it is installed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable
from typing import Any, ClassVar

import yaml

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_MERGE = re.compile(r"^<<$")


_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A mapping repeats a key; YAML forbids it and PyYAML would silently keep the last."""


class Yaml12Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """PyYAML's `resolve` for the resolvers below alone (libyaml asks it of every node): no
        wildcard or path resolvers, which it would look for each time."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if pattern.match(value):
                        return str(tag)
            return _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        reject_duplicate_keys(node)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return {json_key(key): value for key, value in mapping.items()}


def json_key(key: Any) -> Any:
    """A mapping key as JSON has it: `200:` (a YAML integer) is the key "200", as every other tool
    and JSON pointer reads a status code."""
    if isinstance(key, bool | int | float) or key is None:
        return json.dumps(key)
    return key


def reject_duplicate_keys(node: yaml.MappingNode) -> None:
    """Each key once, as YAML requires; merge keys (`<<`) may repeat."""
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE_TAG:
            if key_node.value in seen:
                raise DuplicateKeyError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found duplicate key {key_node.value!r}",
                    key_node.start_mark,
                )
            seen.add(key_node.value)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node)).lower()
    if text.endswith("inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    if text == ".nan":
        return float("nan")
    return float(text)


def _construct_bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool:
    return str(loader.construct_scalar(node)).lower() == "true"


for _tag, _pattern, _first in (
    ("bool", _BOOL, "tTfF"),
    ("null", _NULL, "~nN"),
    ("int", _INT, "-+0123456789"),
    ("float", _FLOAT, "-+0123456789."),
    ("merge", _MERGE, "<"),
):
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", _pattern, list(_first))
# The empty plain scalar is null; PyYAML looks it up under the first character None.
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:null", _NULL, [""])
Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
Yaml12Loader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
# `<<` is a merge key only as a key; as a value it is the string it looks like.
Yaml12Loader.add_constructor("tag:yaml.org,2002:merge", lambda loader, node: str(node.value))


def load_yaml(text: str) -> Any:
    return load_yaml_tree(text)[0]


def load_yaml_tree(text: str) -> tuple[Any, bool]:
    """The document's value, and whether it is a tree: no value reached twice through an alias
    (a document without aliases, as every JSON document is, is one)."""
    loader = Yaml12Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, True
        builder = ValueBuilder(loader)
        return builder.build(node), not builder.shared
    finally:
        loader.dispose()


class ValueBuilder:
    """The document's values from its nodes, as `Yaml12Loader` builds them, in half the time.

    PyYAML's constructor spends most of its time in per-node bookkeeping that plain mappings,
    lists and strings (nearly all of an OpenAPI description) do not need. Anything else (numbers,
    booleans, explicit tags, merge keys) is handed to the loader itself.
    """

    def __init__(self, loader: Yaml12Loader) -> None:
        self.loader = loader
        self.built: dict[int, Any] = {}  # by node identity: an alias is the same node again
        self.shared = False  # whether some value is reached twice, through an alias

    def build(self, node: yaml.Node) -> Any:
        known = self.built.get(id(node), self)
        if known is not self:
            self.shared = True
            return known
        tag = node.tag
        if tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
            return node.value
        if tag == _MAP_TAG and isinstance(node, yaml.MappingNode):
            if not any(key.tag == _MERGE_TAG for key, _ in node.value):
                return self.build_mapping(node)
        elif tag == _SEQ_TAG and isinstance(node, yaml.SequenceNode):
            sequence: list[Any] = []
            self.built[id(node)] = sequence
            for item in node.value:  # a loop, not a generator: one stack frame less per level
                sequence.append(self.build(item))
            return sequence
        value = self.loader.construct_object(node, deep=True)
        # A merge key or an explicit tag: PyYAML builds it, through aliases we do not see.
        self.shared = self.shared or not isinstance(node, yaml.ScalarNode)
        self.built[id(node)] = value
        return value

    def build_mapping(self, node: yaml.MappingNode) -> dict[Any, Any]:
        reject_duplicate_keys(node)
        mapping: dict[Any, Any] = {}
        self.built[id(node)] = mapping
        for key_node, value_node in node.value:
            key = self.build(key_node)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found unhashable key",
                    key_node.start_mark,
                )
            as_json = json_key(key)
            if as_json in mapping:  # `0x10:` and `"16":`, say: one key once read as JSON
                raise DuplicateKeyError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found duplicate key {as_json!r}",
                    key_node.start_mark,
                )
            mapping[as_json] = self.build(value_node)
        return mapping


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree with source marks, for finding the line of a JSON pointer."""
    return yaml.compose(text, Loader=Yaml12Loader)
