"""The description as Prism is given it: the same API, with two of OpenAPI's defaults spelled out
where Prism 5.14.2 cannot read a correct request without them.

Prism reads an `application/x-www-form-urlencoded` or `multipart/form-data` body into one value
per name, the last one given (`splitUriParams`, `parseMultipartFormDataParams`), keeps only the
names its schema's `properties` list (`deserializeFormBody`), and makes an array of a property
only when the media type's `encoding` gives that property a `style`. So a body that repeats a
name for each item of an array, as OpenAPI's default (`style: form`, `explode: true`) says, is
"not an array", and a required property that `properties` does not list is "missing", however
the request carries it. `served` writes a copy of the description's documents in which:

- each array property of a form or multipart body without an `encoding` style gets
  `{style: form, explode: true}`, OpenAPI's default for it (for multipart OpenAPI ignores
  `style`; Prism reads it), and `allowReserved: true`, since Prism then tests the body's text
  as sent for reserved characters and finds the `+` that form encoding writes for a space
  (the client still percent-encodes them); its `type`, when a list such as `[array, "null"]`,
  is `array`, and it is not `nullable` (Prism makes an array only of `type: array`, and reads
  3.0's `nullable` as such a list; a form carries no null);
- each required property that a form or multipart body's schema does not list under
  `properties` is listed with `{}`, a schema that admits any value, as it did; so is each
  required property that any other schema with `properties` does not list (Box's shared links
  require an `accessed` they never describe), which Prism's answers otherwise never have.

Two more of Prism's readings are made to agree with OpenAPI's by saying the same thing otherwise:

- Prism compares a parameter's text with an `enum` of numbers or booleans only when the schema
  says its `type` (ajv coerces by `type`): an untyped enum whose values share one JSON type
  gets that type;
- Prism splits a parameter's text into an array only when its `type` is `array`, not a list
  such as OpenAPI 3.1's `[array, "null"]` (or 3.0's `nullable`, which it reads as one): such
  a parameter's type is the list's one type other than null, and an array is not nullable
  (no query, path, header or cookie carries a null);
- Prism reads an object parameter's keys only for the names its `properties` list, not those
  of its `oneOf`/`anyOf` options: those are listed with `{}`, which constrains nothing;
- Prism checks a header parameter named Accept, Content-Type or Authorization, which OpenAPI
  says to ignore (the client does): they are left out.

None of these changes what the description accepts. Two changes are on the answers' side,
each so that Prism can make an answer at all, and every answer it then makes is one the
description accepts:

- an answer documented only as a media range, `*/*` or `application/*`, with a schema that is
  not a string's is documented as `application/json` instead, one of the media types the
  range admits (`answer_json_for_ranges` says why Prism cannot answer it otherwise; Mandrill
  documents every answer so). Prism then answers JSON; the client, which asks for `*/*` as
  documented, decodes it by the range's schema, and the harness holds it to that schema;
- a binary answer's media (neither JSON, XML nor text) that documents neither a schema nor an
  example, which admits any bytes, gets `{type: string, format: binary}` (OpenAQ's tiles).

The client is generated from the description as published; only Prism reads the copy, and the
report says what was spelled out where.
"""

from __future__ import annotations

import copy
import json
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from prism_samples import At, content_map, resolved

from openapi_dataclasses.loading import LoadedSpec

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class Copies:
    """Deep copies of the description's documents, made when one is first changed."""

    def __init__(self, spec: LoadedSpec) -> None:
        self.spec = spec
        self.documents: dict[str, Any] = {}

    def node(self, at: At) -> Any:
        """The node at `at` in the copy of its document."""
        if at.document not in self.documents:
            self.documents[at.document] = copy.deepcopy(self.spec.documents[at.document].data)
        node = self.documents[at.document]
        for token in at.pointer.split("/")[1:] if at.pointer else []:
            key = token.replace("~1", "/").replace("~0", "~")
            node = node[int(key)] if isinstance(node, list) else node[key]
        return node


def form_media(spec: LoadedSpec) -> Iterator[tuple[str, At]]:
    """(operation label, Media Type object) of every form and multipart request body."""
    paths = spec.data.get("paths")
    root = At(spec.root, "", spec.data)
    for path in paths if isinstance(paths, dict) else ():
        item = resolved(spec, root.child("paths", path))
        for method in METHODS:
            operation = item.node.get(method) if isinstance(item.node, dict) else None
            if not isinstance(operation, dict) or "requestBody" not in operation:
                continue
            body = resolved(spec, item.child(method, "requestBody"))
            content = content_map(spec, body)
            for media_type in content.node if content is not None else ():
                if str(media_type).split(";")[0].strip().lower() in FORM_TYPES:
                    label = operation.get("operationId") or f"{method.upper()} {path}"
                    yield str(label), resolved(spec, content.child(media_type))


def object_parts(spec: LoadedSpec, schema: At) -> list[At]:
    """The schema and its `allOf` parts, `$ref`s followed."""
    schema = resolved(spec, schema)
    found = [schema]
    parts = schema.node.get("allOf") if isinstance(schema.node, dict) else None
    for index in range(len(parts) if isinstance(parts, list) else 0):
        found += object_parts(spec, schema.child("allOf", index))
    return found


def is_array(spec: LoadedSpec, prop: At) -> bool:
    node = resolved(spec, prop).node
    if not isinstance(node, dict):
        return False
    kind = node.get("type")
    return kind == "array" or (isinstance(kind, list) and "array" in kind) or "items" in node


def spell_out(spec: LoadedSpec) -> tuple[dict[str, Any], list[str]]:
    """The changed documents (by name) and what was spelled out, one note per body, then one
    for the required properties and one for the typed enums."""
    copies = Copies(spec)
    notes = form_notes(spec, copies)
    listed = list_required(spec, copies)
    if listed:
        notes.append(f"required properties listed with {{}}: {listed}")
    typed = type_parameter_enums(spec, copies)
    if typed:
        notes.append(f"parameter enums given their values' type: {', '.join(typed)}")
    unlisted = single_parameter_types(spec, copies)
    if unlisted:
        notes.append(f"parameter types without null: {', '.join(unlisted)}")
    listed = list_option_properties(spec, copies)
    if listed:
        notes.append(
            f"object parameters with their options' properties listed: {', '.join(listed)}"
        )
    ignored = drop_ignored_headers(spec, copies)
    if ignored:
        notes.append(f"header parameters OpenAPI ignores left out: {ignored}")
    answered = answer_json_for_ranges(spec, copies)
    if answered:
        notes.append(f"answers documented as a media range served as application/json: {answered}")
    given = answer_bytes_without_schema(spec, copies)
    if given:
        notes.append(f"binary answers without a schema given {{type: string}}: {given}")
    return copies.documents, notes


def form_notes(spec: LoadedSpec, copies: Copies) -> list[str]:
    """Spell out the encoding of form arrays and list the unlisted required properties."""
    notes: list[str] = []
    for label, media in form_media(spec):
        if not isinstance(media.node, dict) or "schema" not in media.node:
            continue
        parts = object_parts(spec, media.child("schema"))
        listed = {
            name: part.child("properties", name)
            for part in parts
            if isinstance(part.node, dict) and isinstance(part.node.get("properties"), dict)
            for name in part.node["properties"]
        }
        required = {
            str(name)
            for part in parts
            if isinstance(part.node, dict) and isinstance(part.node.get("required"), list)
            for name in part.node["required"]
        }
        encoding = (
            media.node.get("encoding") if isinstance(media.node.get("encoding"), dict) else {}
        )
        styled = {
            name for name, how in encoding.items() if isinstance(how, dict) and "style" in how
        }
        arrays = sorted(
            name for name, prop in listed.items() if name not in styled and is_array(spec, prop)
        )
        unlisted = sorted(required - set(listed))
        if arrays:
            target = copies.node(media)
            spelled = target.setdefault("encoding", {})
            for name in arrays:
                how = {"style": "form", "explode": True, "allowReserved": True}
                spelled.setdefault(name, {}).update(how)
                prop = resolved(spec, listed[name])
                kinds = prop.node.get("type") if isinstance(prop.node, dict) else None
                if isinstance(kinds, list):
                    copies.node(prop)["type"] = "array"
                if isinstance(prop.node, dict) and prop.node.get("nullable") is True:
                    copies.node(prop).pop("nullable", None)  # Prism reads it as [array, null]
        if unlisted:
            target = copies.node(parts[0])
            properties = target.setdefault("properties", {})
            for name in unlisted:
                properties.setdefault(name, {})
        if arrays or unlisted:
            said = [f"encoding style form for {', '.join(arrays)}"] if arrays else []
            said += [f"properties {', '.join(unlisted)}: {{}}"] if unlisted else []
            notes.append(f"{label}: {'; '.join(said)}")
    return notes


_DATA = frozenset({"example", "examples", "default", "enum", "const", "value"})


def list_required(spec: LoadedSpec, copies: Copies) -> int:
    """List with `{}` each required property a schema with `properties` (and no limit on
    others) does not list; how many."""
    count = 0
    for name, source in spec.documents.items():
        for pointer, missing in unlisted_required(source.data, ""):
            node = copies.node(At(name, pointer, None))
            for item in missing:
                node["properties"].setdefault(item, {})
            count += len(missing)
    return count


def unlisted_required(node: Any, pointer: str) -> Iterator[tuple[str, list[str]]]:
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from unlisted_required(item, f"{pointer}/{index}")
        return
    if not isinstance(node, dict):
        return
    properties, required = node.get("properties"), node.get("required")
    others = node.get("additionalProperties", True)
    if isinstance(properties, dict) and isinstance(required, list) and others is True:
        missing = [item for item in required if isinstance(item, str) and item not in properties]
        if missing:
            yield pointer, missing
    for key, value in node.items():
        if key not in _DATA:
            token = str(key).replace("~", "~0").replace("/", "~1")
            yield from unlisted_required(value, f"{pointer}/{token}")


def type_parameter_enums(spec: LoadedSpec, copies: Copies) -> list[str]:
    """Give an untyped enum of a parameter the JSON type its values share; their names."""
    typed: list[str] = []
    for parameter in parameters(spec):
        if "schema" not in parameter.node:
            continue
        schema = resolved(spec, parameter.child("schema"))
        node = schema.node
        if not isinstance(node, dict) or "type" in node or not isinstance(node.get("enum"), list):
            continue
        kinds = {json_kind(value) for value in node["enum"] if value is not None}
        if len(kinds) == 1 and kinds != {"string"}:
            copies.node(schema)["type"] = kinds.pop()
            typed.append(str(parameter.node.get("name")))
    return sorted(set(typed))


def single_parameter_types(spec: LoadedSpec, copies: Copies) -> list[str]:
    """A parameter's `type: [T, "null"]` is `type: T`; the parameters' names."""
    changed: list[str] = []
    for parameter in parameters(spec):
        if "schema" not in parameter.node:
            continue
        schema = resolved(spec, parameter.child("schema"))
        kinds = schema.node.get("type") if isinstance(schema.node, dict) else None
        if isinstance(kinds, list) and "null" in kinds and len(kinds) == 2:
            copies.node(schema)["type"] = next(kind for kind in kinds if kind != "null")
            changed.append(str(parameter.node.get("name")))
        elif kinds == "array" and schema.node.get("nullable") is True:
            copies.node(schema).pop("nullable", None)  # Prism reads it as [array, null]
            changed.append(str(parameter.node.get("name")))
        elif isinstance(schema.node, dict) and (choice := nullable_choice(schema.node)):
            # `anyOf: [{type: array, ...}, {type: 'null'}]` (Mistral's list filters): a query
            # carries no null, and Prism reads a one-item array as text under the choice.
            keyword, option = choice
            node = copies.node(schema)
            node.pop(keyword, None)
            node.update(option)
            changed.append(str(parameter.node.get("name")))
    return sorted(set(changed))


def nullable_choice(node: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(keyword, the other option) of a oneOf/anyOf of two options, one of them `type: null`."""
    for keyword in ("anyOf", "oneOf"):
        options = node.get(keyword)
        if not (isinstance(options, list) and len(options) == 2):
            continue
        others = [option for option in options if option != {"type": "null"}]
        if len(others) == 1 and isinstance(others[0], dict):
            return keyword, others[0]
    return None


def list_option_properties(spec: LoadedSpec, copies: Copies) -> list[str]:
    """An object parameter whose oneOf/anyOf options list properties gets them listed too."""
    changed: list[str] = []
    for parameter in parameters(spec):
        if "schema" not in parameter.node:
            continue
        schema = resolved(spec, parameter.child("schema"))
        node = schema.node
        if not isinstance(node, dict):
            continue
        names: set[str] = set()
        for keyword in ("oneOf", "anyOf"):
            options = node.get(keyword)
            for index in range(len(options) if isinstance(options, list) else 0):
                option = resolved(spec, schema.child(keyword, index)).node
                if isinstance(option, dict) and isinstance(option.get("properties"), dict):
                    names.update(option["properties"])
        missing = names - set(node.get("properties") or {})
        if missing:
            target = copies.node(schema).setdefault("properties", {})
            for name in sorted(missing):
                target.setdefault(name, {})
            changed.append(str(parameter.node.get("name")))
    return sorted(set(changed))


IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})


def drop_ignored_headers(spec: LoadedSpec, copies: Copies) -> int:
    """Leave out the header parameters named Accept, Content-Type, Authorization; how many."""
    paths = spec.data.get("paths")
    root = At(spec.root, "", spec.data)
    count = 0
    for path in paths if isinstance(paths, dict) else ():
        item = resolved(spec, root.child("paths", path))
        holders = [item] + [
            item.child(method)
            for method in METHODS
            if isinstance(item.node, dict) and isinstance(item.node.get(method), dict)
        ]
        for holder in holders:
            listed = holder.node.get("parameters") if isinstance(holder.node, dict) else None
            if not isinstance(listed, list):
                continue
            keep = [
                index
                for index in range(len(listed))
                if not is_ignored_header(resolved(spec, holder.child("parameters", index)).node)
            ]
            if len(keep) < len(listed):
                target = copies.node(holder)
                target["parameters"] = [target["parameters"][index] for index in keep]
                count += len(listed) - len(keep)
    return count


RANGES = ("*/*", "application/*")


def answer_json_for_ranges(spec: LoadedSpec, copies: Copies) -> int:
    """An answer documented only as `*/*` or `application/*` whose schema is not a string's is
    served as `application/json`, one of the media types the range admits; how many.

    Prism 5 has no way to answer such a media with the JSON its schema describes: an Accept
    of `*/*` (or one that lists it, even after `application/json`) makes it pick the `*/*`
    media, which it labels text/plain and cannot serialise an object as (500,
    NO_COMPLEX_OBJECT_TEXT); a request without Accept gets `Content-type: */*`, which has no
    serialiser (500); a concrete Accept matches no media (406). Every answer Prism makes from
    the copy is one the description accepts, and the requests it checks are unchanged."""
    count = 0
    done: set[tuple[str, str]] = set()
    for reply in replies(spec):
        content = content_map(spec, reply)
        if content is None or (content.document, content.pointer) in done:
            continue
        done.add((content.document, content.pointer))
        keys = [str(key) for key in content.node]
        mimes = [key.split(";")[0].strip().lower() for key in keys]
        if any(mime == "application/json" or mime.endswith("+json") for mime in mimes):
            continue
        ranges = [key for key, mime in zip(keys, mimes, strict=True) if mime in RANGES]
        if len(ranges) != 1:
            continue
        media = resolved(spec, content.child(ranges[0]))
        if not isinstance(media.node, dict) or not isinstance(media.node.get("schema"), dict):
            continue
        schema = resolved(spec, media.child("schema")).node
        if not isinstance(schema, dict) or schema.get("type") == "string":
            continue
        target = copies.node(content)
        renamed = {
            ("application/json" if key == ranges[0] else key): value
            for key, value in target.items()
        }
        target.clear()
        target.update(renamed)
        count += 1
    return count


def answer_bytes_without_schema(spec: LoadedSpec, copies: Copies) -> int:
    """An answer's media that Prism has no serialiser for (not JSON, XML or text) and that
    documents neither a schema nor an example gets `{type: string, format: binary}`; how many.

    Such a media admits any bytes (OpenAPI 3.0 spells a binary body so); Prism, with nothing to
    make a body from, answers 500 (`Cannot find serializer for application/x-protobuf`
    statically, `schema is not defined` dynamically). With the schema it sends a short text,
    which the description accepts as it accepts any bytes."""
    count = 0
    done: set[tuple[str, str]] = set()
    for reply in replies(spec):
        content = content_map(spec, reply)
        if content is None:
            continue
        for key in content.node:
            media = resolved(spec, content.child(key))
            if (media.document, media.pointer) in done or not isinstance(media.node, dict):
                continue
            done.add((media.document, media.pointer))
            mime = str(key).split(";")[0].strip().lower()
            served_by_prism = (
                mime.startswith("text/")
                or "*" in mime
                or mime.endswith(("/json", "+json", "/xml", "+xml"))
            )
            if served_by_prism or {"schema", "example", "examples"} & set(media.node):
                continue
            copies.node(media)["schema"] = {"type": "string", "format": "binary"}
            count += 1
    return count


def replies(spec: LoadedSpec) -> Iterator[At]:
    """Every Response object of the operations, resolved."""
    paths = spec.data.get("paths")
    root = At(spec.root, "", spec.data)
    for path in paths if isinstance(paths, dict) else ():
        item = resolved(spec, root.child("paths", path))
        for method in METHODS:
            operation = item.node.get(method) if isinstance(item.node, dict) else None
            if not isinstance(operation, dict) or not isinstance(operation.get("responses"), dict):
                continue
            responses = resolved(spec, item.child(method, "responses"))
            for status in responses.node if isinstance(responses.node, dict) else ():
                found = resolved(spec, responses.child(status))
                if isinstance(found.node, dict):
                    yield found


def is_ignored_header(node: Any) -> bool:
    return (
        isinstance(node, dict)
        and node.get("in") == "header"
        and str(node.get("name", "")).lower() in IGNORED_HEADERS
    )


def json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string" if isinstance(value, str) else "object"


def parameters(spec: LoadedSpec) -> Iterator[At]:
    """Every parameter object of the operations (path items' and operations'), resolved."""
    paths = spec.data.get("paths")
    root = At(spec.root, "", spec.data)
    for path in paths if isinstance(paths, dict) else ():
        item = resolved(spec, root.child("paths", path))
        holders = [item] + [
            item.child(method)
            for method in METHODS
            if isinstance(item.node, dict) and isinstance(item.node.get(method), dict)
        ]
        for holder in holders:
            listed = holder.node.get("parameters") if isinstance(holder.node, dict) else None
            for index in range(len(listed) if isinstance(listed, list) else 0):
                found = resolved(spec, holder.child("parameters", index))
                if isinstance(found.node, dict):
                    yield found


def served(spec: LoadedSpec, path: Path, folder: Path) -> tuple[Path, list[str]]:
    """The file to give Prism (a copy in `folder` when anything is spelled out, else `path`)
    and the notes of what was spelled out. The copy mirrors the entry's folder with links to
    its files, the changed documents written in their places (as JSON, which YAML reads), so
    that the `$ref`s between files, those the generator never followed included, resolve."""
    changed, notes = spell_out(spec)
    if not changed:
        return path, []
    base = posixpath.dirname(spec.root)
    names = {name: posixpath.normpath(posixpath.relpath(name, base or ".")) for name in changed}
    if any(name.startswith("..") for name in names.values()):
        return path, [f"not spelled out (documents outside the entry's folder): {'; '.join(notes)}"]
    written = {relative: changed[name] for name, relative in names.items()}
    mirror(path.parent, folder / "served", written, "")
    return folder / "served" / path.name, notes


def mirror(source: Path, target: Path, written: dict[str, Any], prefix: str) -> None:
    """`target` as `source`: links to its files and folders, but for the documents in `written`
    (by path relative to the top), written out, and the folders on their way made."""
    target.mkdir(parents=True, exist_ok=True)
    for child in sorted(source.iterdir()):
        relative = f"{prefix}{child.name}"
        if relative in written:
            text = json.dumps(written[relative], default=str)
            (target / child.name).write_text(text, encoding="utf-8")
        elif child.is_dir() and any(name.startswith(relative + "/") for name in written):
            mirror(child, target / child.name, written, relative + "/")
        else:
            (target / child.name).symlink_to(child.resolve())
