"""pydantic's hooks for this package's models and enums.

With them a model is a FastAPI request body or response, a `pydantic.TypeAdapter` type or a
field of a pydantic model, in the API's wire format: values are read with `from_dict` (wire names,
validated; a `ValidationError` becomes pydantic's, at the same place) and written with `to_dict`.
The JSON Schema pydantic (and FastAPI's OpenAPI document) shows is the API description's own:
the package's `_schemas` module keeps each type's schema as JSON text, read on first use, whose
`$ref`s name the other components, which pydantic then defines too.

`Model` and `OpenEnum` import this module when pydantic first asks for a schema: neither
`import <package>` nor `from_dict` imports pydantic. pydantic is reached through `importlib`, so
that type checkers need not have it installed.
"""

from __future__ import annotations

import enum
import functools
import importlib
import json
import re
import threading
from collections.abc import Callable
from typing import Any, TypeGuard

from .codecs import Enum
from .errors import ValidationError
from .models import Model

# How `$ref`s in the `_schemas` module name another type of the package.
_COMPONENTS = "#/components/schemas/"
# Keywords whose values are data, not schemas: a `$ref` inside them is no reference.
_DATA_KEYWORDS = frozenset({"example", "examples", "default", "enum", "const"})
# Keywords whose values map names (not keywords) to schemas.
_SCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)
# One step of a `ValidationError.path`: `[0]`, `["a key"]` or `.name` (`name` at the start);
# \x22 is a double quote.
_PATH_STEP = re.compile(r"\[(\d+)\]|\[(\x22(?:[^\x22\\]|\\.)*\x22)\]|\.?([^.\[]+)")


def _core() -> Any:
    return importlib.import_module("pydantic_core")


class _Building(threading.local):
    """The classes whose core schemas this thread is making: one met again inside its own (a
    model that refers to itself, maybe through others) is a reference to the one being made.
    """

    def __init__(self) -> None:
        self.classes: set[type] = set()


_BUILDING = _Building()


def model_schema(cls: type[Model], handler: Any) -> Any:
    """The core schema of a model: `from_dict` reads, `to_dict` writes."""
    if cls in _BUILDING.classes:
        return _core().core_schema.definition_reference_schema(_type_ref(cls))
    _BUILDING.classes.add(cls)
    try:
        return _model_schema(cls, handler)
    finally:
        _BUILDING.classes.discard(cls)


def _model_schema(cls: type[Model], handler: Any) -> Any:
    def validate(value: Any) -> Any:
        if isinstance(value, cls):
            return value
        try:
            return cls.from_dict(value)
        except ValidationError as error:
            raise _pydantic_error(cls.__name__, error, value) from None

    core_schema = _core().core_schema
    schema = core_schema.no_info_plain_validator_function(
        validate,
        ref=_type_ref(cls),
        serialization=core_schema.plain_serializer_function_ser_schema(_to_dict),
    )
    return _with_references(schema, _schema_name(cls), handler)


def enum_schema(cls: type[enum.Enum], handler: Any) -> Any:
    """The core schema of an enum: its values read as the models read them (an unknown value is
    kept unless strict enums are set), and written as the values in JSON.
    """
    codec = Enum(cls)

    def validate(value: Any) -> Any:
        if isinstance(value, cls):
            return value
        try:
            return codec.decode(value, "")
        except ValidationError as error:
            raise _pydantic_error(cls.__name__, error, value) from None

    core_schema = _core().core_schema
    schema = core_schema.no_info_plain_validator_function(
        validate,
        ref=_type_ref(cls),
        serialization=core_schema.plain_serializer_function_ser_schema(
            codec.encode, when_used="json"
        ),
    )
    return _with_references(schema, _schema_name(cls), handler)


def json_schema(cls: type, schema: Any, handler: Any) -> Any:
    """The JSON Schema of a model or enum, as the API description has it."""
    _define_references(schema, handler)
    name = _schema_name(cls)
    if name is not None:
        return _translated(_parsed(name), handler)
    if issubclass(cls, enum.Enum):
        return {"enum": [member.value for member in cls.__members__.values()]}
    return {"type": "object"}


def _to_dict(value: Any) -> Any:
    return value.to_dict() if isinstance(value, Model) else value


def _type_ref(cls: type) -> str:
    """The reference pydantic gives a class (`_type_refs.get_type_ref`): with it, pydantic
    refers to a model whose schema it has made before instead of asking again. One met again
    while its own schema is being made (a cycle) is referred to by `model_schema`.
    """
    return f"{cls.__module__}.{cls.__qualname__}:{id(cls)}"


def _alias_ref(name: str) -> str:
    return f"{_package_name()}._schemas.{name}:alias"


# -- the references of a schema: each defined for pydantic, so that a `$ref` can name it ------


def _with_references(schema: Any, name: str | None, handler: Any) -> Any:
    """`schema`, holding what its JSON Schema refers to.

    The core schemas of the models and enums it names (pydantic's, which refer back to one being
    built), and definitions of the aliases, go into `json_schema_input_schema`: pydantic keeps
    the definitions a core schema reaches, and `json_schema` generates them from there. The
    validator never looks at it.
    """
    if name is None:
        return schema
    core_schema = _core().core_schema
    referenced: list[Any] = []
    aliases: list[str] = []
    for target in _references(name):
        found = getattr(_package(), target, None)
        if isinstance(found, type) and issubclass(found, (Model, enum.Enum)):
            referenced.append(handler.generate_schema(found))
        else:
            referenced.append(
                core_schema.definition_reference_schema(_alias_ref(target))
            )
            aliases.append(target)
    if not referenced:
        return schema
    schema["json_schema_input_schema"] = core_schema.tuple_schema(referenced)
    definitions = _alias_definitions(aliases, handler)
    return (
        core_schema.definitions_schema(schema, definitions) if definitions else schema
    )


def _alias_definitions(names: list[str], handler: Any) -> list[Any]:
    """Definitions for aliases (`Tags = list[Tag]`), which are no classes pydantic could ask,
    and for the aliases they name, each once.
    """
    core_schema = _core().core_schema
    definitions: list[Any] = []
    seen = set(names)
    for name in names:  # grows as aliases name other aliases
        referenced: list[Any] = []
        for target in _references(name):
            found = getattr(_package(), target, None)
            if isinstance(found, type) and issubclass(found, (Model, enum.Enum)):
                referenced.append(handler.generate_schema(found))
            else:
                referenced.append(
                    core_schema.definition_reference_schema(_alias_ref(target))
                )
                if target not in seen:
                    seen.add(target)
                    names.append(target)
        js_function = functools.partial(_alias_json_schema, name)
        definitions.append(
            core_schema.no_info_plain_validator_function(
                _unchanged,
                ref=_alias_ref(name),
                json_schema_input_schema=core_schema.tuple_schema(referenced),
                metadata={"pydantic_js_functions": [js_function]},
            )
        )
    return definitions


def _unchanged(value: Any) -> Any:
    return value


def _alias_json_schema(name: str, schema: Any, handler: Any) -> Any:
    _define_references(schema, handler)
    return _translated(_parsed(name), handler)


def _define_references(schema: Any, handler: Any) -> None:
    """Have pydantic generate the definitions of the types a schema names (see
    `_with_references`), so that `$ref`s to them resolve.
    """
    if _is_dict(schema):
        referenced = schema.get("json_schema_input_schema")
        if referenced is not None:
            handler(referenced)


def _translated(node: Any, handler: Any) -> Any:
    """A schema of `_schemas` with its `$ref`s to the package's types as pydantic writes them
    (`#/components/schemas/Order` in FastAPI's OpenAPI document, `#/$defs/Order` elsewhere).
    """
    return _rewritten(node, lambda name: _reference(name, handler))


def _rewritten(node: Any, reference: Callable[[str], dict[str, Any]]) -> Any:
    """A copy of a schema, each `$ref` to a type of the package (and each discriminator
    mapping's) replaced by `reference(name)`; data (`example`, `enum`, ...) as it is.
    """
    if _is_list(node):
        return [_rewritten(item, reference) for item in node]
    if not _is_dict(node):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        name = _package_type(value) if key == "$ref" else None
        if name is not None:
            result.update(reference(name))
        elif key in _DATA_KEYWORDS or key.startswith("x-"):
            result[key] = value
        elif key in _SCHEMA_MAPS and _is_dict(value):
            result[key] = {
                name: _rewritten(item, reference) for name, item in value.items()
            }
        elif key == "discriminator" and _is_dict(value):
            result[key] = _discriminator(value, reference)
        else:
            result[key] = _rewritten(value, reference)
    return result


def _discriminator(
    value: dict[str, Any], reference: Callable[[str], dict[str, Any]]
) -> dict[str, Any]:
    mapping = value.get("mapping")
    if not _is_dict(mapping):
        return value
    refs: dict[str, Any] = {}
    for tag, target in mapping.items():
        name = _package_type(target)
        refs[tag] = target if name is None else reference(name)["$ref"]
    return {**value, "mapping": refs}


def _package_type(ref: Any) -> str | None:
    """The type of the package a `$ref` names, if it names one."""
    if isinstance(ref, str) and ref.startswith(_COMPONENTS):
        return ref[len(_COMPONENTS) :]
    return None


def _reference(name: str, handler: Any) -> Any:
    found = getattr(_package(), name, None)
    if isinstance(found, type) and issubclass(found, (Model, enum.Enum)):
        ref = _type_ref(found)
    else:
        ref = _alias_ref(name)
    return handler(_core().core_schema.definition_reference_schema(ref))


# -- the schemas of the package's `_schemas` module -------------------------------------------


def _package_name() -> str:
    """The generated package: this module is `<package>._runtime.pydantic_hooks`."""
    return __name__.rsplit(".", 2)[0]


def _package() -> Any:
    return importlib.import_module(_package_name())


@functools.cache
def _schema_texts(package: str) -> dict[str, str]:
    try:
        module = importlib.import_module(f"{package}._schemas")
    except ImportError:  # the runtime used on its own
        return {}
    texts: dict[str, str] = module.SCHEMAS
    return texts


def _schema_name(cls: type) -> str | None:
    """The name of the package's type whose schema `cls` has: its own, or that of the
    generated class it extends (a user's subclass); None for a class of no generated type.
    """
    texts = _schema_texts(_package_name())
    for klass in cls.__mro__:
        name = klass.__name__
        if name in texts and getattr(_package(), name, None) is klass:
            return name
    return None


@functools.cache
def _parsed_text(package: str, name: str) -> Any:
    return json.loads(_schema_texts(package)[name])


def _parsed(name: str) -> Any:
    return _parsed_text(_package_name(), name)


def _references(name: str) -> list[str]:
    """The package's types that the schema of `name` names, each once, in order."""
    found: dict[str, None] = {}

    def add(target: str) -> dict[str, Any]:
        found[target] = None
        return {"$ref": _COMPONENTS + target}

    _rewritten(_parsed(name), add)
    known = _schema_texts(_package_name())
    return [target for target in found if target in known]


# -- errors --------------------------------------------------------------------------------------


def _pydantic_error(title: str, error: ValidationError, value: Any) -> Exception:
    """pydantic's `ValidationError` for ours: the same reason, at the same place (`loc`)."""
    core = _core()
    location = _location(error.path)
    detail = {
        # No context: the reason is the message as it is, braces and all.
        "type": core.PydanticCustomError("openapi_validation", error.reason),
        "loc": location,
        "input": _value_at(value, location),
    }
    failure: Exception = core.ValidationError.from_exception_data(title, [detail])
    return failure


def _location(path: str) -> tuple[str | int, ...]:
    """`cartItems[0].quantity` as pydantic's `("cartItems", 0, "quantity")`."""
    steps: list[str | int] = []
    for index, quoted, name in _PATH_STEP.findall(path):
        steps.append(int(index) if index else json.loads(quoted) if quoted else name)
    return tuple(steps)


def _value_at(value: Any, location: tuple[str | int, ...]) -> Any:
    """The value the error is about, as far as the input reaches."""
    for step in location:
        inside = _inside(value, step)
        if inside is _NOWHERE:
            break
        value = inside
    return value


_NOWHERE = object()


def _inside(value: Any, step: str | int) -> Any:
    """A property's or an item's value; `_NOWHERE` when the input has none there."""
    if _is_dict(value) and isinstance(step, str):
        return value.get(step, _NOWHERE)
    if _is_list(value) and isinstance(step, int) and step < len(value):
        return value[step]
    return _NOWHERE


def _is_list(value: Any) -> TypeGuard[list[Any]]:
    return isinstance(value, list)


def _is_dict(value: Any) -> TypeGuard[dict[str, Any]]:
    return isinstance(value, dict)
