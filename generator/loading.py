"""Stage 1: read the description's files (YAML 1.2 or JSON) and follow `$ref`s between them.

The result is a `LoadedSpec`: every document by a stable, relative name, with a resolver for
`$ref`s. Nothing here reaches the network: a remote reference is an error.
"""

from __future__ import annotations

import json
import posixpath
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import GeneratorError, Location, join_pointer, unescape_pointer_token
from generator.positions import Positions, is_json_text
from generator.yaml12 import load_yaml

MAX_FILE_BYTES = 64 * 1024 * 1024
# A document whose nodes, with YAML aliases expanded, outnumber this is refused: an alias bomb
# is small on disk but would make every later walk take forever.
MAX_EXPANDED_NODES = 5_000_000


@dataclass(frozen=True)
class SourceFile:
    name: str  # relative POSIX path, as shown to users and written into generated headers
    text: str
    data: Any
    # Where each node is in `text`, indexed when a message first needs it.
    positions: Positions = field(compare=False, repr=False)


@dataclass(frozen=True)
class Resolved:
    """A node reached through `$ref`: the document it lives in, its pointer, and the node."""

    document: str
    pointer: str
    node: Any


@dataclass(frozen=True)
class LoadedSpec:
    root: str
    documents: Mapping[str, SourceFile]

    @property
    def data(self) -> Any:
        return self.documents[self.root].data

    def resolve(
        self, ref: str, base_document: str, *, seen: frozenset[str] = frozenset()
    ) -> Resolved:
        """Follow `ref` (relative to `base_document`), and any chain of `$ref`s it lands on."""
        document, pointer = split_ref(ref, base_document)
        key = f"{document}#{pointer}"
        if key in seen:
            raise GeneratorError(
                f"$ref cycle: following {ref!r} leads back to where it started",
                self.locate(base_document, pointer),
                "a $ref must end at a schema, not at another $ref that leads back",
            )
        if document not in self.documents:
            raise GeneratorError(f"$ref to a file that was not loaded: {ref!r}")
        node = self.node_at(document, pointer, ref)
        if isinstance(node, dict) and isinstance(node.get("$ref"), str) and len(node) == 1:
            return self.resolve(node["$ref"], document, seen=seen | {key})
        return Resolved(document, pointer, node)

    def node_at(self, document: str, pointer: str, ref: str = "") -> Any:
        node = self.documents[document].data
        for token in pointer.split("/")[1:] if pointer else []:
            name = unescape_pointer_token(urllib.parse.unquote(token))
            if isinstance(node, dict) and name in node:
                node = node[name]
            elif isinstance(node, list) and name.isdigit() and int(name) < len(node):
                node = node[int(name)]
            else:
                raise GeneratorError(
                    f"$ref {ref or pointer!r} points at nothing: no {name!r} there",
                    Location(document, pointer),
                    "check the spelling of the schema name and the path",
                )
        return node

    def locate(self, document: str, pointer: str) -> Location:
        """The location of a pointer, with its line and column when the file shows them."""
        source = self.documents.get(document)
        if source is None:
            return Location(document, pointer)
        line, column = source.positions.find(pointer)
        return Location(document, pointer, line, column)


def split_ref(ref: str, base_document: str) -> tuple[str, str]:
    """`other.yaml#/a/b` relative to `dir/base.yaml` gives (`dir/other.yaml`, `/a/b`)."""
    parsed = urllib.parse.urlsplit(ref)
    if parsed.scheme or parsed.netloc:
        raise GeneratorError(
            f"remote $ref {ref!r} is not supported",
            Location(base_document),
            "the generator never uses the network: download the file and refer to it by a relative path",
        )
    file_part, _, fragment = ref.partition("#")
    if fragment and not fragment.startswith("/"):
        raise GeneratorError(
            f"$ref {ref!r} has a fragment that is not a JSON pointer",
            Location(base_document),
            "write it as '#/components/schemas/Name'",
        )
    if not file_part:
        return base_document, fragment
    document = posixpath.normpath(
        posixpath.join(posixpath.dirname(base_document), urllib.parse.unquote(file_part))
    )
    return document, fragment


def display_name(path: Path) -> str:
    """A stable name for the root file: relative to the working directory if inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.name


def source_path(root: Path, root_name: str, name: str) -> Path:
    """Where the document `name` is on disk, given the root file and the name it goes by."""
    return root.resolve().parent / posixpath.relpath(name, posixpath.dirname(root_name) or ".")


def load_spec(path: Path) -> LoadedSpec:
    """Load `path` and every file its `$ref`s reach (relative to the file that holds each `$ref`)."""
    root_name = display_name(path)
    documents: dict[str, SourceFile] = {}
    pending = [root_name]
    while pending:
        name = pending.pop()
        if name in documents:
            continue
        source = read_source(source_path(path, root_name, name), name)
        documents[name] = source
        for ref, pointer in external_refs(source):
            document, _ = split_ref(ref, name)
            if document not in documents:
                if not source_path(path, root_name, document).is_file():
                    raise GeneratorError(
                        f"$ref {ref!r} names a file that does not exist ({document})",
                        locate_in(source, pointer),
                        "paths in $ref are relative to the file that contains the $ref",
                    )
                pending.append(document)
    return LoadedSpec(root_name, documents)


def read_source(file_path: Path, name: str) -> SourceFile:
    try:
        size = file_path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise GeneratorError(
                f"file is too large ({size} bytes; the limit is {MAX_FILE_BYTES})", Location(name)
            )
        raw = file_path.read_bytes()
    except FileNotFoundError:
        raise GeneratorError("file not found", Location(name), "check the path") from None
    except IsADirectoryError:
        raise GeneratorError("is a directory, not a file", Location(name)) from None
    except OSError as error:
        raise GeneratorError(f"cannot read file: {error.strerror}", Location(name)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GeneratorError(
            f"not UTF-8 text (byte {error.start})", Location(name), "save the file as UTF-8"
        ) from None
    return SourceFile(name, text, parse_text(text, name), Positions(text, is_json_text(name, text)))


def parse_text(text: str, name: str) -> Any:
    try:
        if is_json_text(name, text):
            data = json.loads(text, object_pairs_hook=_unique_keys)
        else:
            data = load_yaml(text)
    except json.JSONDecodeError as error:
        raise GeneratorError(
            f"invalid JSON: {error.msg}", Location(name, "", error.lineno, error.colno)
        ) from None
    except DuplicateJsonKeyError as error:
        line, column = duplicate_key_position(text)
        raise GeneratorError(
            f"duplicate key {error.key!r} in a JSON object", Location(name, "", line, column)
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = " ".join(part for part in (error.context, error.problem) if part)
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        raise GeneratorError(f"invalid YAML: {problem}", Location(name, "", line, column)) from None
    except yaml.YAMLError as error:
        raise GeneratorError(f"invalid YAML: {error}", Location(name)) from None
    except RecursionError:
        raise GeneratorError("the document is nested too deeply to read", Location(name)) from None
    check_size(data, name)
    return data


class DuplicateJsonKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateJsonKeyError(key)
        result[key] = value
    return result


def duplicate_key_position(text: str) -> tuple[int | None, int | None]:
    """Where a JSON text repeats a key: JSON is YAML, and the YAML loader reports the place."""
    try:
        load_yaml(text)
    except yaml.MarkedYAMLError as error:
        if error.problem_mark is not None:
            return error.problem_mark.line + 1, error.problem_mark.column + 1
    except (yaml.YAMLError, RecursionError):
        pass
    return None, None


def check_size(data: Any, name: str) -> None:
    """Refuse alias bombs and self-containing YAML before any later stage walks the data."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: Any) -> int:
        if not isinstance(node, dict | list):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise GeneratorError(
                "the document contains itself through a YAML alias",
                Location(name),
                "remove the recursive alias",
            )
        in_progress.add(key)
        children = node.values() if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_EXPANDED_NODES:
                raise GeneratorError(
                    f"the document expands to more than {MAX_EXPANDED_NODES} nodes",
                    Location(name),
                    "a YAML alias bomb? expand fewer aliases",
                )
        in_progress.discard(key)
        sizes[key] = total
        return total

    try:
        size(data)
    except RecursionError:
        raise GeneratorError("the document is nested too deeply to read", Location(name)) from None


def external_refs(source: SourceFile) -> Iterator[tuple[str, str]]:
    """Every `$ref` that names another file, with the pointer where it stands."""
    # Paths are kept as linked (parent, key) pairs and spelled out only for the refs found:
    # most nodes of a large description are never named.
    stack: list[tuple[Any, Any]] = [(source.data, None)]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            if id(node) in seen:
                continue
            seen.add(id(node))
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                yield ref, join_pointer(spell_pointer(path), "$ref")
            stack.extend((value, (path, key)) for key, value in node.items())
        elif isinstance(node, list):
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.extend((value, (path, index)) for index, value in enumerate(node))


def spell_pointer(path: Any) -> str:
    """`(((None, "a"), "b"), 0)` is `/a/b/0`."""
    keys: list[Any] = []
    while path is not None:
        path, key = path
        keys.append(key)
    return join_pointer("", *reversed(keys))


def locate_in(source: SourceFile, pointer: str) -> Location:
    line, column = source.positions.find(pointer)
    return Location(source.name, pointer, line, column)


def container_pointers(data: Any) -> dict[int, str]:
    """The JSON pointer of every mapping and list in the document, by identity."""
    pointers: dict[int, str] = {}
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, pointer = stack.pop()
        if id(node) in pointers:
            continue
        pointers[id(node)] = pointer
        if isinstance(node, dict):
            stack.extend(
                (value, join_pointer(pointer, key))
                for key, value in node.items()
                if isinstance(value, dict | list)
            )
        elif isinstance(node, list):
            stack.extend(
                (value, join_pointer(pointer, index))
                for index, value in enumerate(node)
                if isinstance(value, dict | list)
            )
    return pointers
