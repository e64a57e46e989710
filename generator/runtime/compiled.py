"""Conversion code written for each model, from its `__wire__` table, on first use.

`Model.from_dict` and `Model.to_dict` walk the `__wire__` table and call each field's codec.
For speed, every generated class gets its own two functions instead, written from its table
the first time they are called: straight-line code with the plain fields (a string, an
integer, ... and the keywords that check them: `checks`) tested inline and the others handed to
their codecs. They behave exactly as the generic methods do, error messages included. Their
source is kept in `linecache`, so tracebacks and debuggers show it.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import linecache
import math
from typing import Any, Final, cast

from .checks import Bind, Check, run_checks
from .codecs import (
    PLAIN_JSON,
    Bool,
    Codec,
    Const,
    DateTime,
    Enum,
    Float,
    Int,
    Json,
    List,
    Map,
    Nested,
    Nullable,
    Str,
    check_size,
    kept_text,
    read_date_time,
    registered,
    size_checks,
)
from .errors import ValidationError, child_path, describe
from .models import (
    ABSENT,
    GENERIC_FROM_DICT,
    GENERIC_TO_DICT,
    READ,
    UNSET,
    Model,
    collect_payload,
    instance_error,
    spec_defaults,
    tagged_subtype,
    wire_names,
)

_MISSING: Final = object()


_CONVERTERS: dict[tuple[type[Model], str], Any] = {}


def converter(owner: type[Model], name: str) -> Any:
    """The code written for `owner`'s fields, written once and put on the class in the stub's place.

    Threads that come first at the same time may each write it; one of the two is kept.
    """
    function = _CONVERTERS.get((owner, name))
    if function is None:
        bound = Bound()
        source = (
            _from_dict_source(owner, bound.bind)
            if name == "from_dict"
            else _to_dict_source(owner, bound.bind)
        )
        compiled = _compiled(owner, name, source, bound.names)
        function = _CONVERTERS.setdefault((owner, name), compiled)
        setattr(owner, name, classmethod(function) if name == "from_dict" else function)
    return function


class Bound:
    """The objects the code of one function uses by name, other than its fixed names."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {}
        self.by_id: dict[int, str] = {}

    def bind(self, value: Any) -> str:
        """The name under which the code uses `value`: `bound_0`, `bound_1`, ..."""
        name = self.by_id.get(id(value))
        if name is None:
            name = self.by_id[id(value)] = f"bound_{len(self.names)}"
            self.names[name] = value  # kept alive, so that its id stays its own
        return name


def _compiled(
    cls: type[Model], name: str, source: str, bound: dict[str, Any] | None = None
) -> Any:
    filename = f"<openapi-dataclasses {name} of {cls.__module__}.{cls.__qualname__}>"
    constants, factories = _defaults(cls)
    namespace: dict[str, Any] = {
        **(bound or {}),
        "ValidationError": ValidationError,
        "UNSET": UNSET,
        "MISSING": _MISSING,
        "Enum": enum.Enum,
        "isfinite": math.isfinite,
        "Json": Json,
        "READ": READ,
        "NOTHING_READ": {},
        "kept_text": kept_text,
        "instance_error": instance_error,
        "run_checks": run_checks,
        "collect": functools.partial(collect_payload, cls),
        "read_date_time": read_date_time,
        "PLAIN_JSON": PLAIN_JSON,
        "child_path": child_path,
        "check_size": check_size,
        "describe": describe,
        "tagged_subtype": tagged_subtype,
        "codecs": [prop.codec for prop in cls.__wire__.values()],
        "new": object.__new__,
        "OWNER": cls,
        "generic_from_dict": GENERIC_FROM_DICT,
        "generic_to_dict": GENERIC_TO_DICT,
        "ABSENT": ABSENT,
        "spec_defaults": spec_defaults(cls),
        "defaults": constants,
        "factories": factories,
        "extra": cls.__extra__,
        "known": wire_names(cls),
    }
    # The runtime's own code, written from the class's `__wire__` table: nothing from a payload.
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return namespace[name]


# A base model with a discriminator builds the subclass its tag names, if any.
_SUBTYPE_LINES = [
    "    subtype = tagged_subtype(cls, data)",
    "    if subtype is not None:",
    "        return subtype.from_dict(data, path)",
]


def _from_dict_source(cls: type[Model], bind: Bind) -> str:
    lines = [
        "    if not isinstance(data, dict):",
        "        raise ValidationError(path, f'must be an object, got {describe(data)}')",
    ]
    lines += _SUBTYPE_LINES if cls.__subtypes__ is not None else []
    if cls.__size__ != (None, None):
        lines.append("    check_size(data, path, *cls.__size__)")
    direct = _built_directly(cls)
    # Built directly, an instance starts from the defaults (the constant ones: copied once).
    lines += ["    values = defaults.copy()" if direct else "    values = {}"]
    lines += ["    get = data.get"]
    defaulted = spec_defaults(cls)
    if defaulted:
        lines.append("    absent = []")
    keeps = _keeps_read(cls)
    lines.append("    was = {}" if keeps else "    was = NOTHING_READ")
    for index, attribute in enumerate(cls.__wire__):
        lines += _property_lines(cls, index, attribute, direct, bind)
    lines += _unknown_lines(cls, direct)
    # Read from a payload: `to_dict` writes it as it is (`models.READ`).
    if direct:
        lines += [
            "    values[READ] = was",
            "    built = new(cls)",
            "    built.__dict__ = values",
        ]
    else:
        lines += ["    built = cls(**values)", "    built.__dict__[READ] = was"]
    if defaulted:
        lines += [
            "    if absent:",
            "        built.__dict__[ABSENT] = frozenset(absent)",
        ]
    lines += _keywords_lines(cls)
    lines.append("    return built")
    return (
        "\n".join(
            [
                "def from_dict(cls, data, path=''):",
                # A user's subclass inherits this function: the generic method serves it.
                "    if cls is not OWNER:",
                "        return generic_from_dict(cls, data, path)",
                "    try:",
                *[f"    {line}" for line in lines],
                # The payload is wrong: `problems` looks for every problem here, if it is asked.
                "    except ValidationError as error:",
                "        error.within(collect, data, path)",
                "        raise",
            ]
        )
        + "\n"
    )


def _property_lines(
    cls: type[Model], index: int, attribute: str, direct: bool, bind: Bind
) -> list[str]:
    """The statements that read one property (`value`) into `values`, or say it is missing."""
    prop = cls.__wire__[attribute]
    at = _child_path_source(prop.wire_name)
    decoding = _decode_lines(
        prop.codec, f"codecs[{index}]", at, f"values[{attribute!r}]", bind
    )
    if prop.codec.keeps_text:  # the value read, and its text
        decoding += [
            "if type(value) is str:",
            f"    was[{attribute!r}] = (values[{attribute!r}], value)",
        ]
    lines = [
        f"    value = get({prop.wire_name!r}, MISSING)",
        "    if value is not MISSING:",
        *[f"        {line}" for line in decoding],
    ]
    if prop.required:
        return [
            *lines,
            "    else:",
            f"        raise ValidationError({at}, 'is required')",
        ]
    if attribute in spec_defaults(cls):
        lines += ["    else:", f"        absent.append({attribute!r})"]
        factory = _field(cls, attribute).default_factory
        if direct and factory is not dataclasses.MISSING:
            lines.append(f"        values[{attribute!r}] = factories[{attribute!r}]()")
    return lines


def _unknown_lines(cls: type[Model], direct: bool) -> list[str]:
    """The statements that refuse, or keep, the properties the model does not name."""
    lines = [
        "    if not known.issuperset(data):",
        "        unknown = {k: v for k, v in data.items() if k not in known}",
    ]
    if cls.__extra__ is None:
        return [
            *lines,
            "        key = next(iter(unknown))",
            "        raise ValidationError(",
            "            child_path(path, str(key)), 'is not a property of this object'",
            "        )",
        ]
    decoding = [
        "decode = extra.decode",
        "unknown = {",
        "    str(k): decode(v, child_path(path, str(k))) for k, v in unknown.items()",
        "}",
    ]
    if type(cls.__extra__) is Json:  # strings, numbers, ... are kept as they are
        decoding = [
            "for k, v in unknown.items():",
            "    if type(k) is not str or type(v) not in PLAIN_JSON:",
            *[f"        {line}" for line in decoding],
            "        break",
        ]
    lines += [f"        {line}" for line in decoding]
    lines.append("        values['extra_properties'] = unknown")
    if direct and _field(cls, "extra_properties") is not None:
        lines += ["    else:", "        values['extra_properties'] = {}"]
    return lines


def _field(cls: type[Model], name: str) -> Any:
    """The dataclass field of this name, or None."""
    found = [item for item in dataclasses.fields(cast(Any, cls)) if item.name == name]
    return found[0] if found else None


def _keywords_lines(cls: type[Model]) -> list[str]:
    """What the schema says beyond the properties, checked on the payload, if it says more."""
    return (
        [] if cls.__keywords__ is None else ["    cls.__keywords__.check(data, path)"]
    )


def _built_directly(cls: type[Model]) -> bool:
    """Whether an instance may be made without `__init__`: it only stores its fields.

    That holds for the generated classes: every field is a property or `extra_properties`, and
    nothing runs after `__init__` (a deprecated model's `__post_init__` warns, so it is called).
    """
    fields = dataclasses.fields(cast(Any, cls))
    return not hasattr(cls, "__post_init__") and all(
        item.name in cls.__wire__ or item.name == "extra_properties" for item in fields
    )


def _defaults(cls: type[Model]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The constant defaults of the fields, and the factories of the others."""
    constants: dict[str, Any] = {}
    factories: dict[str, Any] = {}
    for item in dataclasses.fields(cast(Any, cls)):
        if item.default is not dataclasses.MISSING:
            constants[item.name] = item.default
        elif item.default_factory is not dataclasses.MISSING:
            factories[item.name] = item.default_factory
    return constants, factories


def _child_path_source(wire_name: str) -> str:
    """An expression for `child_path(path, wire_name)`, with what does not vary worked out."""
    if wire_name.isidentifier():
        return f"(path + {'.' + wire_name!r} if path else {wire_name!r})"
    return f"path + {'[' + json.dumps(wire_name) + ']'!r}"


def _decode_lines(
    codec: Codec, name: str, at: str, target: str, bind: Bind
) -> list[str]:
    """Statements that decode `value` into `target`, most without the codec `name`.

    What is valid as it is, a list or map of such values, or a model, is checked inline;
    anything else (and any invalid value) goes to the codec, which says what is wrong.
    """
    call = f"{name}.decode(value, {at})"
    inline = _kept_as_is_source(codec, "value", bind)
    if inline is not None:
        return [f"{target} = value if {inline} else {call}"]
    kind = type(codec)
    if kind is Nested:
        return [f"{target} = ({name}.found or {name}.model()).from_dict(value, {at})"]
    if kind is DateTime and cast(DateTime, codec).unchecked:
        return [
            "read = read_date_time(value)",
            f"{target} = {call} if read is None else read",
        ]
    if kind is Enum and all(type(key) is str for key in cast(Enum, codec).members):
        return [
            f"member = {name}.members.get(value) if type(value) is str else None",
            f"{target} = {call} if member is None else member",
        ]
    if kind is List:
        return _list_lines(cast(List, codec), name, at, target, bind)
    if kind is Map:
        return _map_lines(cast(Map, codec), name, at, target, bind)
    return [f"{target} = {call}"]


def _list_lines(codec: List, name: str, at: str, target: str, bind: Bind) -> list[str]:
    is_list = _all_source(["type(value) is list"], codec.checks, "value", bind)
    if type(codec.item) is Nested:
        converting = [
            f"{target} = [",
            "    convert(item, f'{at}[{index}]') for index, item in enumerate(value)",
            "]",
        ]
        return _each_model_lines(is_list, f"{name}.item", name, at, target, converting)
    test = _kept_as_is_source(codec.item, "item", bind)
    if test is None:
        return [f"{target} = {name}.decode(value, {at})"]
    return [
        f"kept = {is_list}",
        "for item in value if kept else ():",
        f"    if not ({test}):",
        "        kept = False",
        "        break",
        f"{target} = list(value) if kept else {name}.decode(value, {at})",
    ]


def _map_lines(codec: Map, name: str, at: str, target: str, bind: Bind) -> list[str]:
    is_dict = _all_source(["type(value) is dict"], codec.checks, "value", bind)
    if type(codec.value) is Nested:
        converting = [
            f"{target} = {{",
            "    str(key): convert(item, child_path(at, str(key)))",
            "    for key, item in value.items()",
            "}",
        ]
        return _each_model_lines(is_dict, f"{name}.value", name, at, target, converting)
    test = (
        "type(item) in PLAIN_JSON"
        if type(codec.value) is Json
        else _kept_as_is_source(codec.value, "item", bind)
    )
    if test is None:
        return [f"{target} = {name}.decode(value, {at})"]
    return [
        f"kept = {is_dict}",
        "for key, item in value.items() if kept else ():",
        f"    if type(key) is not str or not ({test}):",
        "        kept = False",
        "        break",
        f"{target} = value.copy() if kept else {name}.decode(value, {at})",
    ]


def _all_source(
    tests: list[str], checks: tuple[Check, ...], var: str, bind: Bind
) -> str:
    """`tests`, then every check of the keywords, as one expression."""
    return " and ".join([*tests, *(check.source(var, bind) for check in checks)])


def _each_model_lines(
    is_container: str,
    nested: str,
    name: str,
    at: str,
    target: str,
    converting: list[str],
) -> list[str]:
    """A list or map of models: each item by the model's own code, anything else by the codec."""
    return [
        f"if {is_container}:",
        f"    convert = ({nested}.found or {nested}.model()).from_dict",
        f"    at = {at}",
        *[f"    {line}" for line in converting],
        "else:",
        f"    {target} = {name}.decode(value, {at})",
    ]


def _kept_as_is_source(codec: Codec, var: str, bind: Bind) -> str | None:
    """A test that `codec.decode` would accept `var` and return it as it is, if one fits inline.

    When it is false, the codec itself decodes the value, or says what is wrong with it.
    """
    kind = type(codec)
    if kind is Str:
        return _all_source([f"type({var}) is str"], codec.checks, var, bind)
    if kind is Int:
        return _all_source([f"type({var}) is int"], codec.checks, var, bind)
    if kind is Float:  # finite: `inf - inf` and `nan - nan` are nan, not 0.0
        number = (
            f"(type({var}) is float and {var} - {var} == 0.0 or type({var}) is int)"
        )
        return _all_source([number], codec.checks, var, bind)
    if kind is Bool:
        return f"({var} is True or {var} is False)"
    if kind is Const:
        const = cast(Const, codec)
        constant = const.value
        # A list, an object or a float: JSON equality, which the codec applies (`[0]` is
        # not `[false]`, `1.0` is `1`).
        if const.plain is None:
            return None
        return f"(type({var}) is {bind(type(constant))} and {var} == {bind(constant)})"
    if kind is Nullable:
        inner = _kept_as_is_source(cast(Nullable, codec).inner, var, bind)
        return None if inner is None else f"({var} is None or {inner})"
    return None


def _keeps_read(cls: type[Model]) -> bool:
    """Whether a class keeps the texts of a payload's date-times (`models.READ`)."""
    return any(prop.codec.keeps_text for prop in cls.__wire__.values())


def _to_dict_source(cls: type[Model], bind: Bind) -> str:
    # No `cls is not OWNER` here, unlike `from_dict`: a user's subclass that inherits this
    # function has the same `__wire__` (one with its own gets its own function).
    trusted: list[str] = []
    checked: list[str] = []
    for index, attribute in enumerate(cls.__wire__):
        trusted += _write_property_lines(cls, index, attribute, bind, read=True)
        checked += _write_property_lines(cls, index, attribute, bind, read=False)
    lines = [
        "was = self.__read__",
        "result = {}",
        # Read from a payload, its values checked then: written as they are.
        # (`pass` where there is none: a model of extras only)
        "if was is not None:",
        *[f"    {line}" for line in trusted or ["pass"]],
        # Built in Python: every value is checked as it is written.
        "else:",
        *[f"    {line}" for line in checked or ["pass"]],
        *_extra_lines(cls),
    ]
    if cls.__size__ != (None, None):
        lines.append(f"run_checks({bind(size_checks(*cls.__size__))}, result, '')")
    return (
        "\n".join(
            [
                "def to_dict(self):",
                "    try:",
                *[f"        {line}" for line in lines],
                # Something is wrong: say what, and where, of every property.
                "    except Exception:",
                "        found = instance_error(self)",
                "        if found is None:",
                "            raise",
                "        raise found from None",
                "    return result",
            ]
        )
        + "\n"
    )


def _write_property_lines(
    cls: type[Model], index: int, attribute: str, bind: Bind, *, read: bool
) -> list[str]:
    """The statements that write one property: as it is if `read` (from a payload, checked
    then), else checked, inline if valid, by its codec if not (which says what is wrong).

    An absent property (`UNSET`) costs what it did before any check. A required property is
    written whatever it holds: `UNSET` fails every test, and its codec.
    """
    prop = cls.__wire__[attribute]
    target, call = f"result[{prop.wire_name!r}]", f"codecs[{index}].encode(value)"
    lines = [f"value = self.{attribute}"]
    test: str | None
    body: list[str]
    if prop.codec.keeps_text and read:  # the text read, while the value is the one read
        test, body = None, []
        call = (
            f"kept[1] if (kept := was.get({attribute!r})) is not None"
            f" and kept[0] is value else kept_text(codecs[{index}], value, kept)"
        )
    elif read:
        test, body = _read_write(prop.codec, target, call, bind)
    else:
        test, body = _fast_write(prop.codec, target, call, bind)
    if test is None and body:
        writing = body
    elif test is None:
        writing = [f"{target} = {call}"]
    elif body == [f"{target} = value"]:
        writing = [f"{target} = value if {test} else {call}"]
    else:
        writing = [
            f"if {test}:",
            *[f"    {line}" for line in body],
            "else:",
            f"    {target} = {call}",
        ]
    if prop.required:
        return lines + writing
    test = "value is not UNSET"
    default = spec_defaults(cls).get(attribute)
    if (
        default is not None
    ):  # left out as read: absent from the payload, still the default
        constant = _field(cls, attribute).default
        still = (
            f"value == {bind(constant)}"
            if constant is not dataclasses.MISSING
            else f"value == {bind(default)}()"
        )
        test += f" and not ({still} and {attribute!r} in self.__dict__.get(ABSENT, ()))"
    return [*lines, f"if {test}:", *[f"    {line}" for line in writing]]


def _read_write(
    codec: Codec, target: str, call: str, bind: Bind
) -> tuple[str | None, list[str]]:
    """How a value read from a payload is written, if not by its codec: a string, a number or
    a list or map of them as it is, an enum member by its value, a model by its own code.

    What is not one of those any more (set since) is the codec's to write, or `to_dict`'s
    `except` finds what is wrong with it (an object that is not a model has no `to_dict`).
    """
    kind = type(codec)
    if _writes_unchanged(codec):
        return None, [f"{target} = value"]
    if kind is Enum:  # `_value_`: without the `value` property's descriptor call
        enum_type = bind(cast(Enum, codec).enum_type)
        return f"type(value) is {enum_type}", [f"{target} = value._value_"]
    if kind is Nested:
        return None, [f"{target} = value.to_dict()"]
    if kind is Map and type(cast(Map, codec).value) is Json:  # strings, ... as they are
        return _fast_write(codec, target, call, bind)
    if kind is List or kind is Map:
        inner = cast(List, codec).item if kind is List else cast(Map, codec).value
        if _writes_unchanged(inner):
            return None, [f"{target} = {'list' if kind is List else 'dict'}(value)"]
        if type(inner) is Nested and kind is List:
            return None, [f"{target} = [item.to_dict() for item in value]"]
        if type(inner) is Nested:
            each = "key: item.to_dict() for key, item in value.items()"
            return None, [f"{target} = {{{each}}}"]
    return None, []


def _writes_unchanged(codec: Codec) -> bool:
    if type(codec) in (Str, Int, Float, Bool, Const):
        return True
    return isinstance(codec, Nullable) and _writes_unchanged(codec.inner)


def _fast_write(
    codec: Codec, target: str, call: str, bind: Bind
) -> tuple[str | None, list[str]]:
    """The test that `value` is valid as it is, and the statements that write it then.

    None for a codec that writes every value itself.
    """
    written = _written_source(codec, "value", bind)
    if written is not None:
        return written[1], [f"{target} = {written[0]}"]
    kind = type(codec)
    if kind is List and not cast(List, codec).unique_items:
        return _list_write(cast(List, codec), target, call, bind)
    if kind is Map:
        return _map_write(cast(Map, codec), target, call, bind)
    return None, []


def _list_write(
    codec: List, target: str, call: str, bind: Bind
) -> tuple[str | None, list[str]]:
    test = _all_source(["type(value) is list"], codec.checks, "value", bind)
    item = codec.item
    kept = _kept_as_is_source(item, "item", bind)
    if kept is not None:
        loop = "for item in value:"
        return test, _each_kept(
            kept, loop, f"{target} = list(value)", f"{target} = {call}"
        )
    written = _written_source(item, "item", bind)
    if written is None:
        return None, []
    other = f"{bind(item)}.encode(item)"
    return test, [
        f"{target} = [",
        f"    {written[0]} if {written[1]} else {other} for item in value",
        "]",
    ]


def _map_write(
    codec: Map, target: str, call: str, bind: Bind
) -> tuple[str | None, list[str]]:
    test = _all_source(["type(value) is dict"], codec.checks, "value", bind)
    kept = (
        "type(item) in PLAIN_JSON"
        if type(codec.value) is Json
        else _kept_as_is_source(codec.value, "item", bind)
    )
    if kept is not None:
        loop = "for item in value.values():"
        copy, other = f"{target} = dict(value)", f"{target} = {call}"
        return test, _each_kept(kept, loop, copy, other)
    written = _written_source(codec.value, "item", bind)
    if written is None:
        return None, []
    other = f"{bind(codec.value)}.encode(item)"
    return test, [
        f"{target} = {{",
        f"    key: {written[0]} if {written[1]} else {other}",
        "    for key, item in value.items()",
        "}",
    ]


def _each_kept(kept: str, loop: str, copy: str, other: str) -> list[str]:
    """A loop that writes a copy when every item is valid as it is, else asks the codec."""
    return [
        loop,
        f"    if not ({kept}):",
        f"        {other}",
        "        break",
        "else:",
        f"    {copy}",
    ]


def _extra_lines(cls: type[Model]) -> list[str]:
    """The statements that write `extra_properties` (checked as they are written)."""
    if cls.__extra__ is None:
        return []
    # Any JSON value, written as it is when it is a string, number, boolean or null.
    kept = (
        "value if type(value) in PLAIN_JSON else "
        if type(cls.__extra__) is Json
        else ""
    )
    read = (
        "self.extra_properties"
        if _field(cls, "extra_properties") is not None
        else "getattr(self, 'extra_properties', {})"
    )
    return [
        f"extra_properties = {read}",
        "if extra_properties:",
        "    encode = extra.encode",
        "    for key, value in extra_properties.items():",
        f"        result.setdefault(key, {kept}encode(value))",
    ]


def _written_source(codec: Codec, var: str, bind: Bind) -> tuple[str, str] | None:
    """What a valid `var` is written as, and the test that it is valid, if both fit inline."""
    test = _kept_as_is_source(codec, var, bind)
    if test is not None:
        return var, test
    kind = type(codec)
    if kind is Enum:  # `_value_`: without the `value` property's descriptor call
        return f"{var}._value_", f"type({var}) is {bind(cast(Enum, codec).enum_type)}"
    if (
        kind is Nested
    ):  # the model once it exists, else the model's `found` once looked up
        found = model_named_now(cast(Nested, codec))
        model = f"{bind(codec)}.found" if found is None else bind(found)
        return f"{var}.to_dict()", f"type({var}) is {model}"
    return None


def model_named_now(codec: Nested) -> type[Model] | None:
    """The model of a `Nested`, if its module is imported already (no import for it here)."""
    if codec.found is None:
        codec.found = registered(codec.name)
    return codec.found
