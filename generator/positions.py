"""Where a JSON pointer is in a file's text: line and column, for messages.

The values the later stages use carry no positions (reading with them would cost every run), so
the first time a message needs a place in a file, that file's text is read once more into a small
index of positions, and every later pointer costs one step per token. YAML is composed with
libyaml for its marks; JSON is scanned with one regular expression, several times faster than
composing it as YAML.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeAlias, TypeVar

import yaml

from .errors import is_index, unescape_pointer_token
from .yaml12 import compose_yaml

T = TypeVar("T")

# The places of a node's children: by key in a mapping, by index in a list; None for a scalar.
Children: TypeAlias = "dict[str, Place] | list[Place] | None"


@dataclass
class Place:
    line: int  # 1-based
    column: int  # 1-based
    children: Children = None


@dataclass
class Positions:
    """The places of one file's nodes, built from its text when first asked for."""

    text: str
    is_json: bool
    _root: Place | None = field(default=None, init=False, repr=False)
    _built: bool = field(default=False, init=False, repr=False)

    _json: JsonPlaces | None = field(default=None, init=False, repr=False)

    def find(self, pointer: str) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the node at `pointer`; (None, None) if there is none."""
        if self.is_json and not self._built:
            if self._json is None:
                self._json = JsonPlaces(self.text)
            found = self._json.find(pointer)
            if found is not None:
                return found
            self._json = None  # it gave up: the whole index answers from now on
        if not self._built:
            self._root = index_json(self.text) if self.is_json else index_yaml(self.text)
            self._built = True
        place = self._root
        for token in pointer.split("/")[1:] if pointer else []:
            if place is None:
                break
            place = child_of(place.children, unescape_pointer_token(token))
        if place is None:
            return None, None
        return place.line, place.column


def child_of(children: dict[str, T] | list[T] | None, name: str) -> T | None:
    """The child a pointer token names: by key in a mapping, by index in a list."""
    if isinstance(children, dict):
        return children.get(name)
    if isinstance(children, list) and is_index(name) and int(name) < len(children):
        return children[int(name)]
    return None


# -- YAML ------------------------------------------------------------------------------------------


def index_yaml(text: str) -> Place | None:
    try:
        node = compose_yaml(text)
    except (yaml.YAMLError, RecursionError):
        return None
    if node is None:
        return None
    places: dict[int, Place] = {}
    root = yaml_place(node, places)
    # Children are filled in without recursion: a deep document must not overflow the stack.
    pending = [node]
    while pending:
        current = pending.pop()
        place = places[id(current)]
        if isinstance(current, yaml.MappingNode):
            place.children = mapping_places(current, places, pending)
        elif isinstance(current, yaml.SequenceNode):
            place.children = [yaml_place(item, places, pending) for item in current.value]
    return root


def mapping_places(
    node: yaml.MappingNode, places: dict[int, Place], pending: list[yaml.Node]
) -> dict[str, Place]:
    """The places of a mapping's values by key, merge keys (`<<`) followed."""
    keys: dict[str, Place] = {}
    merged: list[yaml.Node] = []
    for key, value in node.value:
        if key.tag == "tag:yaml.org,2002:merge":
            merged.extend(value.value if isinstance(value, yaml.SequenceNode) else [value])
        elif isinstance(key, yaml.ScalarNode) and key.value not in keys:
            keys[key.value] = yaml_place(value, places, pending)
    for source in merged:  # `<<` keys: an explicit key wins over a merged one
        if isinstance(source, yaml.MappingNode):
            for key, value in source.value:
                if isinstance(key, yaml.ScalarNode) and key.value not in keys:
                    keys[key.value] = yaml_place(value, places, pending)
    return keys


def yaml_place(
    node: yaml.Node, places: dict[int, Place], pending: list[yaml.Node] | None = None
) -> Place:
    """The place of `node`, made once per node (an alias is the same node again)."""
    place = places.get(id(node))
    if place is None:
        place = Place(node.start_mark.line + 1, node.start_mark.column + 1)
        places[id(node)] = place
        if pending is not None and isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            pending.append(node)
    return place


# -- JSON ------------------------------------------------------------------------------------------

_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def index_json(text: str) -> Place | None:
    """The places of a JSON text's values, in one scan of its tokens (the text is valid JSON)."""
    starts = line_starts(text)

    def place_at(offset: int) -> Place:
        return Place(*line_and_column(starts, offset))

    root: Place | None = None
    stack: list[Place] = []  # the open containers
    key: str | None = None  # the key whose value comes next, in a mapping
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first in ":,":
            continue
        if first in "}]":
            stack.pop()
            continue
        container = stack[-1].children if stack else None
        if isinstance(container, dict) and key is None:
            key = json.loads(token) if "\\" in token else token[1:-1]
            continue
        place = place_at(match.start())
        if isinstance(container, dict) and key is not None:
            container.setdefault(key, place)
            key = None
        elif isinstance(container, list):
            container.append(place)
        elif root is None:
            root = place
        if first == "{":
            place.children = {}
            stack.append(place)
        elif first == "[":
            place.children = []
            stack.append(place)
    return root


_NOT_SPACE = re.compile(r"[^ \t\n\r]")
# The json module's own readers (C), which typeshed does not list: a string's text and end, and
# any value and its end. Module-level: a scanner object cannot be pickled, and a `LoadedSpec`
# (which holds its files' `Positions`) is, to reach a validation worker where processes are
# not forked.
_scanstring: Callable[[str, int], tuple[str, int]] = vars(json.decoder)["scanstring"]
_scan_value: Callable[[str, int], tuple[Any, int]] = vars(json.JSONDecoder())["scan_once"]


class JsonPlaces:
    """The places of the values that pointers name in a JSON text, found without indexing it all.

    A large description has a few hundred findings among a million values. Each object or array
    on a pointer's way is scanned once, for the offsets of its members; the members' values are
    skipped by the C decoder, five times faster than `index_json` scans them. A text scanned
    deeper and deeper (findings at every level of a deeply nested document) would be skipped
    over again at each level: past eight times its length (a schema's property is usually
    three or four levels below most of the text), this gives up and the index answers.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.members: dict[int, dict[str, int] | list[int] | None] = {}
        self.budget = 8 * len(text)
        self.line_starts: list[int] | None = None

    def find(self, pointer: str) -> tuple[int | None, int | None] | None:
        """Line and column of the value at `pointer`, (None, None) if none; None: gave up."""
        offset = after_space(self.text, 0)
        try:
            for token in pointer.split("/")[1:] if pointer else []:
                child = child_of(self.scanned(offset), unescape_pointer_token(token))
                if child is None:
                    return None, None
                offset = child
        except (ValueError, IndexError, StopIteration, RecursionError):
            return None  # not the JSON it was read as: the index says what it can
        if self.budget < 0:
            return None
        if self.line_starts is None:
            self.line_starts = line_starts(self.text)
        return line_and_column(self.line_starts, offset)

    def scanned(self, offset: int) -> dict[str, int] | list[int] | None:
        """The offsets of the members of the object or array at `offset` (None: neither)."""
        if offset not in self.members:
            self.members[offset] = self.scan(offset)
        return self.members[offset]

    def scan(self, offset: int) -> dict[str, int] | list[int] | None:
        text = self.text
        opening = text[offset]
        if opening not in "{[":
            return None
        keys: dict[str, int] = {}
        items: list[int] = []
        at = after_space(text, offset + 1)
        while text[at] not in "}]":
            if opening == "{":
                key, at = _scanstring(text, at + 1)
                at = after_space(text, after_space(text, at) + 1)  # past the colon
                keys.setdefault(key, at)
            else:
                items.append(at)
            end = _scan_value(text, at)[1]
            self.budget -= end - at
            at = after_space(text, end)
            if text[at] == ",":
                at = after_space(text, at + 1)
        return keys if opening == "{" else items


def line_starts(text: str) -> list[int]:
    """The offset where each line of `text` starts."""
    return [0, *(match.end() for match in re.finditer("\n", text))]


def line_and_column(starts: list[int], offset: int) -> tuple[int, int]:
    """The 1-based line and column of `offset`, given where the lines start."""
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def after_space(text: str, at: int) -> int:
    found = _NOT_SPACE.search(text, at)
    return len(text) if found is None else found.start()


def is_json_text(name: str, text: str) -> bool:
    """Whether a file is read as JSON: by its name, or by its first character."""
    return name.endswith(".json") or text.lstrip().startswith("{")
