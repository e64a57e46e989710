"""Stage 1: read the description's files (YAML 1.2 or JSON) and follow `$ref`s between them.

The result is a `LoadedSpec`: every document by a stable, relative name, with a resolver for
`$ref`s. Nothing here reaches the network: a remote reference is an error.
"""

from __future__ import annotations

import json
import posixpath
import re
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .errors import (
    GeneratorError,
    Location,
    is_index,
    join_pointer,
    unescape_pointer_token,
)
from .positions import Positions, is_json_text
from .yaml12 import load_yaml, load_yaml_tree

MAX_FILE_BYTES = 64 * 1024 * 1024
# A document whose nodes, with YAML aliases expanded, outnumber this is refused: an alias bomb
# is small on disk but would make every later walk take forever.
MAX_EXPANDED_NODES = 5_000_000
ANCHOR = re.compile(r"[A-Za-z_][-A-Za-z0-9._]*")  # a plain-name fragment (JSON Schema 2020-12)
# What a description's file is called: a discriminator mapping value ending so is a file's name.
DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class SourceFile:
    name: str  # relative POSIX path, as shown to users and written into generated headers
    text: str
    data: Any
    # Where each node is in `text`, indexed when a message first needs it.
    positions: Positions = field(compare=False, repr=False)

    @cached_property
    def scan(self) -> Scan:
        """The document's references, found in one walk: for the loader (which files to read)
        and the checker (where each one leads)."""
        return scan(self.data)

    @property
    def refs(self) -> tuple[tuple[str, str], ...]:
        """Every `$ref` of the document with the pointer where it stands (`references`)."""
        return self.scan.refs

    @property
    def mapping_refs(self) -> tuple[tuple[str, str], ...]:
        """Every discriminator `mapping` (and 3.2 `defaultMapping`) value of the document with
        the pointer where it stands: a schema name or a reference (`discriminator_ref`)."""
        return self.scan.mappings


@dataclass(frozen=True)
class Detour:
    """A `$ref` met halfway along another `$ref`'s pointer, and followed."""

    document: str
    pointer: str  # of the `$ref` key met
    ref: str


@dataclass(frozen=True)
class Resolved:
    """A node reached through `$ref`: the document it lives in, its pointer, and the node."""

    document: str
    pointer: str
    node: Any
    # The `$ref`s the pointer went through on its way (`#/a/schema/properties/x` where
    # `/a/schema` is itself a `$ref`): the node is where they lead, as other tools read it.
    detours: tuple[Detour, ...] = ()


@dataclass(frozen=True)
class LoadedSpec:
    root: str
    documents: Mapping[str, SourceFile]
    # The pointer of each `$anchor` (JSON Schema 2020-12) by document, found when first asked.
    anchors: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, repr=False)
    # Where each `$ref` leads, by (`$ref`, document it is in): a large API names a schema in many
    # places (cloudflare: 40,101 resolutions of 3,666 references).
    resolved: dict[tuple[str, str], Resolved] = field(
        default_factory=dict, compare=False, repr=False
    )
    # The folder the names are relative to, as path parts: a name that climbs out of it and
    # comes back is shortened to the name it has inside (`without_detour`).
    folder: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def data(self) -> Any:
        return self.documents[self.root].data

    def resolve(
        self, ref: str, base_document: str, *, seen: frozenset[str] = frozenset()
    ) -> Resolved:
        """Follow `ref` (relative to `base_document`), and any chain of `$ref`s it lands on."""
        if seen:  # partway along a chain, which may lead back to where it started
            return self.follow(ref, base_document, seen)
        found = self.resolved.get((ref, base_document))
        if found is None:
            found = self.resolved[ref, base_document] = self.follow(ref, base_document, seen)
        return found

    def follow(self, ref: str, base_document: str, seen: frozenset[str]) -> Resolved:
        """`resolve` without its cache: one stack frame a link, for long chains of `$ref`s."""
        document, pointer = split_ref(ref, base_document, self.folder)
        if pointer and not pointer.startswith("/") and document in self.documents:
            pointer = self.anchor(document, pointer, ref, base_document)
        key = f"{document}#{pointer}"
        if key in seen:
            raise GeneratorError(
                f"$ref cycle: following {ref!r} leads back to where it started",
                self.locate(base_document, pointer),
                "a $ref must end at a schema, not at another $ref that leads back",
            )
        if document not in self.documents:
            raise GeneratorError(
                f"$ref {ref!r} names a file that does not exist ({document})",
                Location(base_document),
                "paths in $ref are relative to the file that contains the $ref",
            )
        found = self.walk(document, pointer, ref, seen | {key})
        node = found.node
        if isinstance(node, dict) and isinstance(node.get("$ref"), str) and len(node) == 1:
            chained = self.follow(node["$ref"], found.document, seen | {key})
            return Resolved(
                chained.document, chained.pointer, chained.node, found.detours + chained.detours
            )
        return found

    def anchor(self, document: str, name: str, ref: str, base_document: str) -> str:
        """The pointer of the schema whose `$anchor` (or `$dynamicAnchor`) is `name`."""
        if document not in self.anchors:
            self.anchors[document] = anchor_pointers(self.documents[document].data)
        pointer = self.anchors[document].get(name)
        if pointer is None:
            raise GeneratorError(
                f"$ref {ref!r} names an anchor that no schema of {document} declares",
                Location(base_document),
                f"give the schema `$anchor: {name}`, or write the $ref as '#/components/schemas/Name'",
            )
        return pointer

    def walk(self, document: str, pointer: str, ref: str, seen: frozenset[str]) -> Resolved:
        """The node at `pointer`, going through any `$ref` that stands where a key is missing."""
        node = self.documents[document].data
        at = ""
        detours: tuple[Detour, ...] = ()
        for token in pointer.split("/")[1:] if pointer else []:
            name = unescape_pointer_token(urllib.parse.unquote(token))
            if isinstance(node, dict) and name not in node and isinstance(node.get("$ref"), str):
                inner = self.follow(node["$ref"], document, seen)
                detours += (Detour(document, join_pointer(at, "$ref"), node["$ref"]),)
                detours += inner.detours
                node, document, at = inner.node, inner.document, inner.pointer
            if isinstance(node, dict) and name in node:
                node = node[name]
            elif isinstance(node, list) and is_index(name) and int(name) < len(node):
                node = node[int(name)]
            else:
                raise GeneratorError(
                    f"$ref {ref or pointer!r} points at nothing: no {name!r} there",
                    Location(document, at),
                    "check the spelling of the schema name and the path",
                )
            at = join_pointer(at, name)  # escaped one way, however the $ref spells it
        return Resolved(document, at, node, detours)

    def discriminator_ref(self, value: str, base_document: str) -> tuple[str, str]:
        """A discriminator `mapping` value in `base_document` as a `$ref` and the document it is
        relative to. A value with a `/` or a `#`, or that ends in a document's extension
        (`cat.yaml`), is a reference, relative to the file it is in; any other is the name of a
        component schema (`cat: Cat`): of the document the discriminator stands in, else of the
        entry's `components`, whichever file the mapping is in."""
        if not is_schema_name(value):
            return value, base_document
        pointer = join_pointer("/components/schemas", value)
        for document in dict.fromkeys((base_document, self.root)):
            if document not in self.documents:
                continue
            try:
                self.walk(document, pointer, value, frozenset())
            except GeneratorError:
                continue
            return "#" + pointer, document
        where = " nor ".join(dict.fromkeys((base_document, self.root)))
        raise GeneratorError(
            f"discriminator mapping {value!r} names no schema: there is no "
            f"components.schemas.{value} in {where}",
            Location(base_document),
            "a mapping value is a schema's name or a $ref such as '#/components/schemas/Cat' "
            "or 'cat.yaml'",
        )

    def node_at(self, document: str, pointer: str, ref: str = "") -> Any:
        return self.walk(document, pointer, ref, frozenset()).node

    def locate(self, document: str, pointer: str) -> Location:
        """The location of a pointer, with its line and column when the file shows them."""
        source = self.documents.get(document)
        if source is None:
            return Location(document, pointer)
        line, column = source.positions.find(pointer)
        return Location(document, pointer, line, column)


def is_schema_name(value: str) -> bool:
    """Whether a discriminator mapping value is a schema's name rather than a reference."""
    return "#" not in value and "/" not in value and not value.lower().endswith(DOCUMENT_SUFFIXES)


def split_ref(ref: str, base_document: str, folder: tuple[str, ...] = ()) -> tuple[str, str]:
    """`other.yaml#/a/b` relative to `dir/base.yaml` gives (`dir/other.yaml`, `/a/b`); names
    are relative to `folder` (path parts), which may be given to shorten them (`without_detour`)."""
    parsed = urllib.parse.urlsplit(ref)
    if parsed.scheme or parsed.netloc:
        raise GeneratorError(
            f"remote $ref {ref!r} is not supported",
            Location(base_document),
            "the generator never uses the network: download the file and refer to it by a relative path",
        )
    file_part, _, fragment = ref.partition("#")
    if fragment and not fragment.startswith("/") and not ANCHOR.fullmatch(fragment):
        raise GeneratorError(
            f"$ref {ref!r} has a fragment that is neither a JSON pointer nor an anchor name",
            Location(base_document),
            "write it as '#/components/schemas/Name'",
        )
    if not file_part:
        return base_document, fragment
    document = posixpath.normpath(
        posixpath.join(posixpath.dirname(base_document), urllib.parse.unquote(file_part))
    )
    return without_detour(document, folder), fragment


def without_detour(name: str, folder: tuple[str, ...]) -> str:
    """`name` without a climb out of `folder` that comes straight back into it: from the folder
    `.../spec/a`, `../a/openapi.yaml` is `openapi.yaml`. One file, one name, however a `$ref`
    spells its way there."""
    parts = name.split("/")
    up = 0
    while up < len(parts) and parts[up] == "..":
        up += 1
    rest = parts[up:]
    while 0 < up <= len(folder) and len(rest) > 1 and rest[0] == folder[-up]:
        up -= 1
        rest = rest[1:]
    return "/".join([".."] * up + rest)


def anchor_pointers(data: Any) -> dict[str, str]:
    """The pointer of every `$anchor` and `$dynamicAnchor` in a document (the first of a name)."""
    found: dict[str, str] = {}
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, dict):
            for keyword in ("$anchor", "$dynamicAnchor"):
                name = node.get(keyword)
                if isinstance(name, str) and ANCHOR.fullmatch(name):
                    found.setdefault(name, pointer)
            children = [(value, join_pointer(pointer, str(key))) for key, value in node.items()]
        elif isinstance(node, list):
            children = [(value, f"{pointer}/{index}") for index, value in enumerate(node)]
        else:
            continue
        stack.extend(reversed(children))
    return found


def display_name(path: Path, base: Path | None = None) -> str:
    """A stable name for the root file: relative to `base` (else the working directory) if inside it.

    The name is written into every generated file, so a project's configuration makes it relative
    to the project's folder: the output is then the same from any folder. A symlink goes by the
    file it leads to, where that file's relative `$ref`s are read from.
    """
    resolved = path.resolve()
    if not resolved.exists():  # a dangling link: the name the user gave, in the message
        resolved = path.absolute()
    try:
        return resolved.relative_to((base or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return resolved.name


def source_path(root: Path, root_name: str, name: str) -> Path:
    """Where the document `name` is on disk, given the root file and the name it goes by."""
    return document_path(names_folder(root, root_name), name)


def names_folder(root: Path, root_name: str) -> Path:
    """The folder the documents' names are relative to: the one the root's name starts from
    (`display_name`: the root's own folder, or one it is inside).

    Worked out on the root's absolute path, not against the working folder, which may be less
    deep than a name climbs (`../../common/Money.yaml`).
    """
    folder = root.resolve().parent
    for _ in range(root_name.count("/")):
        folder = folder.parent
    return folder


def document_path(folder: Path, name: str) -> Path:
    """The document `name` in `folder` (`names_folder`), its climbs worked out."""
    return Path(posixpath.normpath(posixpath.join(folder.as_posix(), name)))


def load_spec(path: Path, base: Path | None = None) -> LoadedSpec:
    """Load `path` and every file its `$ref`s reach (relative to the file that holds each `$ref`).

    Files go by their names relative to `base` (`display_name`). A `$ref` to a file that is not
    there, or to a remote one, is left for `checking` to report, with every other broken `$ref`.
    """
    root_name = display_name(path, base)
    folder_path = names_folder(path, root_name)
    folder = folder_path.parts
    documents: dict[str, SourceFile] = {}
    pending = [root_name]
    while pending:
        name = pending.pop()
        if name in documents:
            continue
        source = read_source(document_path(folder_path, name), name)
        documents[name] = source
        for ref in [ref for ref, _ in external_refs(source)] + mapping_files(source):
            try:
                document, _ = split_ref(ref, name, folder)
            except GeneratorError:
                continue
            if document not in documents and document_path(folder_path, document).is_file():
                pending.append(document)
    return LoadedSpec(root_name, documents, folder=folder)


def mapping_files(source: SourceFile) -> list[str]:
    """The discriminator mapping values of a document that name another file: loaded like any
    `$ref`, though no `$ref` may name that file."""
    return [
        value
        for value, _ in source.mapping_refs
        if not is_schema_name(value) and not value.startswith("#")
    ]


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
            data, tree = json.loads(text, object_pairs_hook=_unique_keys), True
        else:
            data, tree = load_yaml_tree(text)
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
    except ValueError as error:  # an integer of more digits than Python converts (4300)
        raise GeneratorError(
            f"a value Python cannot read: {error}".split(";")[0], Location(name)
        ) from None
    # A tree has about a node for every two characters at most: only aliases, or a text of
    # millions of characters, can come to more nodes than the limit.
    if not tree or len(text) > MAX_EXPANDED_NODES:
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


# Keys under which the keys are names (of properties, schemas, paths, status codes, media types
# ...), never keywords: a property called `default` holds a schema, a `default` keyword holds data.
NAMES = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "paths",
        "webhooks",
        "schemas",
        "responses",
        "parameters",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
        "pathItems",
        "mediaTypes",
        "additionalOperations",
        "content",
        "encoding",
        "examples",
        "variables",
    }
)
# Keywords that hold data, where a `$ref` key is just a key.
DATA = frozenset({"example", "default", "enum", "const", "value", "dataValue"})


@dataclass(frozen=True)
class Scan:
    """What a walk of a document finds, each with the pointer where it stands, in document order."""

    refs: tuple[tuple[str, str], ...]  # `$ref` values
    mappings: tuple[tuple[str, str], ...]  # discriminator mapping (and defaultMapping) values


def references(data: Any) -> Iterator[tuple[str, str]]:
    """Every `$ref` of a document with the pointer where it stands, in document order (`scan`)."""
    return iter(scan(data).refs)


def scan(data: Any) -> Scan:
    """Every `$ref` and every discriminator mapping value of a document, in document order.

    Example values, defaults, enums and extensions (`x-...`) are data: a `$ref` key there is no
    reference, and neither is a property, schema or path called `$ref` (its value is a mapping),
    nor a property called `discriminator`.
    """
    # Paths are kept as linked (parent, key) pairs and spelled out only for the refs found:
    # most nodes of a large description are never named.
    refs: list[tuple[str, str]] = []
    mappings: list[tuple[str, str]] = []
    stack: list[tuple[Any, Any, bool]] = [(data, None, False)]  # node, path, holds names
    seen: set[int] = set()
    while stack:
        node, path, names = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, list):
            stack.extend(
                (node[index], (path, index), False)
                for index in reversed(range(len(node)))
                if isinstance(node[index], dict | list)
            )
            continue
        ref = node.get("$ref")
        if isinstance(ref, str):  # in a mapping of names too: a `$ref` for the whole mapping
            refs.append((ref, join_pointer(spell_pointer(path), "$ref")))
        discriminator = node.get("discriminator")
        if isinstance(discriminator, dict) and not names:
            mappings += mapping_values(discriminator, path)
        stack.extend(
            (value, (path, key), not names and key in NAMES)
            for key, value in reversed(node.items())
            if isinstance(value, dict | list) and (names or not is_data(key, value))
        )
    return Scan(tuple(refs), tuple(mappings))


def schema_count(data: Any) -> int:
    """How many schemas a document holds under `schema` or `itemSchema`: those of parameters,
    headers and media types (a schema's keywords hold none of these)."""
    count = 0
    stack: list[tuple[Any, bool]] = [(data, False)]  # node, holds names
    seen: set[int] = set()
    while stack:
        node, names = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, list):
            stack.extend((item, False) for item in node if isinstance(item, dict | list))
            continue
        if not names:
            count += sum(isinstance(node.get(key), dict) for key in ("schema", "itemSchema"))
        stack.extend(
            (value, not names and key in NAMES)
            for key, value in node.items()
            if isinstance(value, dict | list) and (names or not is_data(key, value))
        )
    return count


def mapping_values(discriminator: dict[Any, Any], path: Any) -> list[tuple[str, str]]:
    """A discriminator's `mapping` values and its `defaultMapping` (3.2), with their pointers."""
    found: list[tuple[str, str]] = []
    at = join_pointer(spell_pointer(path), "discriminator")
    mapping = discriminator.get("mapping")
    for tag, value in mapping.items() if isinstance(mapping, dict) else ():
        if isinstance(value, str):
            found.append((value, join_pointer(at, "mapping", str(tag))))
    default = discriminator.get("defaultMapping")
    if isinstance(default, str):
        found.append((default, join_pointer(at, "defaultMapping")))
    return found


def is_data(key: Any, value: Any) -> bool:
    """Whether a keyword holds data: `examples` holds Example objects when it is a mapping."""
    if key == "examples":
        return not isinstance(value, dict)
    return key in DATA or (isinstance(key, str) and key.startswith("x-"))


def external_refs(source: SourceFile) -> Iterator[tuple[str, str]]:
    """Every `$ref` that names another file, with the pointer where it stands."""
    return ((ref, pointer) for ref, pointer in source.refs if not ref.startswith("#"))


def path_tokens(pointer: str) -> tuple[str, ...]:
    """The keys a JSON pointer (or a `$ref`'s fragment) spells: `/a~1b/%7Bx%7D` is `a/b`, `{x}`."""
    return tuple(
        unescape_pointer_token(urllib.parse.unquote(token)) for token in pointer.split("/")[1:]
    )


def spell_pointer(path: Any) -> str:
    """`(((None, "a"), "b"), 0)` is `/a/b/0`."""
    keys: list[Any] = []
    while path is not None:
        path, key = path
        keys.append(key)
    return join_pointer("", *reversed(keys))


class ContainerPlaces:
    """Where each mapping and list of a document sits, found by identity.

    Each container's path is kept as linked (parent's path, key) pairs, as `references` keeps
    them, and spelt (`spell_pointer`) only for the containers asked about: spelling every one
    up front cost the validation of a large description a tenth of a second. A container
    reached twice (a YAML alias) keeps the first place found.
    """

    def __init__(self, data: Any) -> None:
        self.paths: dict[int, Any] = {id(data): None}
        self.keep_alive = data  # identities stay meaningful only while the nodes live
        stack = [data]
        while stack:
            node = stack.pop()
            path = self.paths[id(node)]
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for key, value in items:
                if isinstance(value, dict | list) and id(value) not in self.paths:
                    self.paths[id(value)] = (path, key)
                    stack.append(value)

    def pointer(self, node: Any) -> str | None:
        """The JSON pointer of `node`, or None when it is not a container of the document."""
        if not isinstance(node, dict | list) or id(node) not in self.paths:
            return None
        return spell_pointer(self.paths[id(node)])
