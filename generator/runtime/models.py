"""The base of the generated models, `Model`, and what a generated module declares them with:
the `model` decorator, `field`, `extras` and `import_later`.

Each model declares its properties with `field(json_name, codec)`. The `model` decorator makes
the class a dataclass and collects the fields into `__wire__`, which `Model.from_dict` and
`Model.to_dict` walk; each class also gets conversion code of its own (`compiled`).
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import importlib
import json
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Final, TypeVar, cast

from .checks import run_checks
from .codecs import (
    Codec,
    Json,
    check_size,
    collect_checks,
    kept_text,
    model_named,
    register,
    size_checks,
    value_error,
)
from .errors import (
    Problems,
    ValidationError,
    child_path,
    describe,
    described,
    parse_json,
)

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
elif hasattr(__import__("typing"), "dataclass_transform"):
    from typing import dataclass_transform
else:  # Python 3.10: the decorator only informs type checkers

    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        return lambda decorated: decorated


class Unset(enum.Enum):
    """The type of `UNSET`: a property that is absent from the payload (not the same as `None`)."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final = Unset.UNSET


@dataclasses.dataclass(frozen=True)
class Prop:
    """One row of a model's `__wire__` table."""

    wire_name: str
    codec: Codec
    required: bool = False


ModelT = TypeVar("ModelT", bound="Model")


def tagged_subtype(cls: type[ModelT], data: dict[str, Any]) -> type[ModelT] | None:
    """The model extending `cls` that the payload's tag names.

    Only where `cls` is a base model with a discriminator; None for its own tag, an
    unknown one or none.
    """
    if cls.__subtypes__ is None:
        return None
    tag, mapping = cls.__subtypes__
    name = mapping.get(str(data[tag])) if tag in data else None
    found = None if name is None else model_named(name)
    if found is None or found is cls or not issubclass(found, cls):
        return None
    return found


class Model:
    """Base of every generated dataclass: conversion between attributes and JSON."""

    __wire__: ClassVar[Mapping[str, Prop]] = {}
    __extra__: ClassVar[Codec | None] = Json()  # None: unknown properties are an error
    __size__: ClassVar[tuple[int | None, int | None]] = (None, None)
    # A base model's discriminator: the tag's wire name, and each tag's model (a subclass).
    __subtypes__: ClassVar[tuple[str, Mapping[str, str]] | None] = None
    # What the schema says beyond the properties (`keywords.Keywords`), checked on the payload.
    __keywords__: ClassVar[Any] = None
    # An instance read from a payload has its own `__read__` (see `READ`); an instance built
    # in Python finds this one. Read as an attribute, not through `__dict__`: that costs
    # 500 machine instructions a `to_dict` call, a third of a small model's.
    __read__: ClassVar[dict[str, Any] | None] = None

    @classmethod
    def from_dict(  # noqa: PYI019 - `Self` is new in Python 3.11
        cls: type[ModelT], data: Any, path: str = ""
    ) -> ModelT:
        """Validate `data` (a decoded JSON object) and build the model; raises `ValidationError`."""
        try:
            return _read(cls, data, path)
        except ValidationError as error:
            error.within(functools.partial(collect_payload, cls), data, path)
            raise

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model, checked: a wrong value is a `ValidationError`.

        Absent properties stay absent, extras are written back.
        """
        try:
            return _written(self)
        except Exception:
            found = instance_error(self)
            if found is None:
                raise  # not a wrong value: a bug, or a subclass's own error
            raise found from None

    def validate(self) -> None:
        """Check every property against its schema, as `to_dict` does an object built in Python.

        Without writing anything; also for an object read by `from_dict` and changed since,
        which `to_dict` writes as it is. Raises `ValidationError`, which lists every problem.
        """
        found = instance_error(self)
        if found is not None:
            raise found

    @classmethod
    def from_json(cls: type[ModelT], text: str | bytes) -> ModelT:  # noqa: PYI019
        return cls.from_dict(parse_json(text))

    def to_json(self, **dumps_options: Any) -> str:
        """`json.dumps` of `to_dict()`; keyword arguments go to `json.dumps` (`indent=2`, ...)."""
        return json.dumps(self.to_dict(), **dumps_options)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """pydantic's hook (FastAPI bodies and responses, `TypeAdapter`): the model is read
        with `from_dict` and written with `to_dict`, in the wire format. Only pydantic calls
        it, and only then is pydantic imported (see `pydantic_hooks`).
        """
        from .pydantic_hooks import model_schema

        return model_schema(cls, handler)

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> Any:
        """pydantic's hook: the model's JSON Schema as the API description has it."""
        from .pydantic_hooks import json_schema

        return json_schema(cls, schema, handler)


def _read(cls: type[ModelT], data: Any, path: str) -> ModelT:
    """What `Model.from_dict` does, but say where an error was raised."""
    properties: dict[str, Any] = data
    if not isinstance(data, dict):
        raise ValidationError(path, f"must be an object, got {describe(data)}")
    data = properties
    subtype = tagged_subtype(cls, data)
    if subtype is not None:
        return subtype.from_dict(data, path)
    check_size(data, path, *cls.__size__)
    values: dict[str, Any] = {}
    read: dict[str, Any] = {}
    for attribute, prop in cls.__wire__.items():
        if prop.wire_name in data:
            value = data[prop.wire_name]
            values[attribute] = prop.codec.decode(
                value, child_path(path, prop.wire_name)
            )
            if prop.codec.keeps_text and type(value) is str:
                read[attribute] = (values[attribute], value)
        elif prop.required:
            raise ValidationError(child_path(path, prop.wire_name), "is required")
    known = wire_names(cls)
    extra: dict[Any, Any] = {
        key: value for key, value in data.items() if key not in known
    }
    if extra:
        if cls.__extra__ is None:
            key = next(iter(extra))
            raise ValidationError(
                child_path(path, str(key)), "is not a property of this object"
            )
        decode = cls.__extra__.decode
        values["extra_properties"] = {
            str(key): decode(value, child_path(path, str(key)))
            for key, value in extra.items()
        }
    built = cls(**values)
    if cls.__keywords__ is not None:
        cls.__keywords__.check(data, path)
    absent = [
        attribute
        for attribute in spec_defaults(cls)
        if cls.__wire__[attribute].wire_name not in data
    ]
    if absent:
        built.__dict__[ABSENT] = frozenset(absent)
    built.__dict__[READ] = read
    return built


def _written(instance: Model) -> dict[str, Any]:
    """What `Model.to_dict` writes, or an exception at the first wrong value."""
    result: dict[str, Any] = {}
    absent = instance.__dict__.get(ABSENT, ())
    read = instance.__dict__.get(READ, {})
    defaults = spec_defaults(type(instance))
    for attribute, prop in instance.__wire__.items():
        value = getattr(instance, attribute)
        if attribute in absent and value == defaults[attribute]():
            continue  # absent from the payload read, and still the default
        if value is not UNSET:
            kept = read.get(attribute)
            result[prop.wire_name] = kept_text(prop.codec, value, kept)
        elif prop.required:
            raise ValidationError(prop.wire_name, "is required")
    extra_codec = type(instance).__extra__
    if extra_codec is not None:
        for key, value in getattr(instance, "extra_properties", {}).items():
            result.setdefault(key, extra_codec.encode(value))
    run_checks(size_checks(*type(instance).__size__), result, "")
    return result


# -- every problem, once one is found -------------------------------------------------------


def collect_payload(cls: type[Model], data: Any, path: str, out: Problems) -> None:
    """Every problem of a payload for `cls` (what `from_dict` stops at the first of)."""
    properties: dict[str, Any] = data
    if not isinstance(data, dict):
        out.add(path, f"must be an object, got {describe(data)}")
        return
    data = properties
    subtype = tagged_subtype(cls, data)
    if subtype is not None:
        collect_payload(subtype, data, path, out)
        return
    collect_checks(size_checks(*cls.__size__), data, path, out)
    for prop in cls.__wire__.values():
        at = child_path(path, prop.wire_name)
        if prop.wire_name in data:
            prop.codec.collect(data[prop.wire_name], at, out)
        elif prop.required:
            out.add(at, "is required")
    known = wire_names(cls)
    for key, value in data.items():
        if key in known:
            continue
        at = child_path(path, str(key))
        if cls.__extra__ is None:
            out.add(at, "is not a property of this object")
        else:
            cls.__extra__.collect(value, at, out)


def collect_instance(instance: Model, path: str, out: Problems) -> None:
    """Every problem of an object to be written (what `to_dict` stops at the first of)."""
    cls = type(instance)
    absent = instance.__dict__.get(ABSENT, ())
    defaults = spec_defaults(cls)
    written: list[str] = []
    for attribute, prop in cls.__wire__.items():
        value = getattr(instance, attribute, UNSET)
        at = child_path(path, prop.wire_name)
        if value is UNSET:
            if prop.required:
                out.add(at, "is required")
        elif not (attribute in absent and value == defaults[attribute]()):
            written.append(prop.wire_name)
            prop.codec.collect_value(value, at, out)
    found: Any = getattr(instance, "extra_properties", {})
    extra: dict[Any, Any] = found
    if cls.__extra__ is not None and isinstance(found, dict):
        for key, value in extra.items():
            if key not in written:
                written.append(key)
                cls.__extra__.collect_value(value, child_path(path, str(key)), out)
    elif cls.__extra__ is not None:
        out.add(path, f"extra_properties must be a dict, got {described(extra)}")
    collect_checks(size_checks(*cls.__size__), written, path, out)


def instance_error(instance: Model) -> ValidationError | None:
    """The error listing every problem of an object to be written, if it has any."""
    return value_error(
        lambda value, path, out: collect_instance(value, path, out), instance
    )


# An instance read from a payload keeps, under this key of its `__dict__`, the properties that
# the payload left out and that took the spec's default: `to_dict` leaves them out again.
ABSENT = "__absent__"
# And under this one, that it was read from a payload, whose values were checked as they were
# read: `to_dict` writes them as they are (`validate` checks them again), where it checks every
# value of an object built in Python. For the properties whose codec `keeps_text` (date-times),
# it holds the value read and its text: `to_dict` writes the text while the attribute holds
# that value (`kept_text`). `copy.deepcopy` and `pickle` copy it with the attributes;
# `dataclasses.replace` makes an object built in Python.
READ = "__read__"
_SPEC_DEFAULTS: dict[type[Model], dict[str, Callable[[], Any]]] = {}


def spec_defaults(model: type[Model]) -> dict[str, Callable[[], Any]]:
    """The properties with a default from the spec, each with what makes its default value."""
    found = _SPEC_DEFAULTS.get(model)
    if found is None:
        # Published only once complete: another thread may ask meanwhile.
        found = dict[str, Callable[[], Any]]()
        for item in dataclasses.fields(cast(Any, model)):
            if item.name not in model.__wire__:
                continue
            if item.default_factory is not dataclasses.MISSING:
                found[item.name] = item.default_factory
            elif item.default is not dataclasses.MISSING and item.default is not UNSET:
                found[item.name] = functools.partial(_same, item.default)
        found = _SPEC_DEFAULTS.setdefault(model, found)
    return found


def _same(value: Any) -> Any:
    return value


_WIRE_NAMES: dict[type[Model], frozenset[str]] = {}


def wire_names(model: type[Model]) -> frozenset[str]:
    names = _WIRE_NAMES.get(model)
    if names is None:
        names = _WIRE_NAMES[model] = frozenset(
            prop.wire_name for prop in model.__wire__.values()
        )
    return names


# Modules that asked `import_later` for a class their annotations name while that class's module
# was still importing its base class: they get the class when its module reaches its own call.
_WAITING: dict[str, list[tuple[dict[str, Any], str]]] = {}


def import_later(namespace: dict[str, Any], /, **modules: str) -> None:
    """Bind the classes a module's annotations name, once the module's own classes exist.

    A generated module calls this last, as `import_later(globals(), CartItem="cart_item")`: models
    may refer to each other in cycles, so these names cannot be imported at the top, and
    `typing.get_type_hints` needs them in the module. A module that is still importing its base
    class cannot give its own class yet; it does so when it makes its own call.
    """
    module = namespace["__name__"]
    for waiting, name in _WAITING.pop(module, ()):
        waiting[name] = namespace[name]
    package = module.rpartition(".")[0]
    for name, relative in modules.items():
        _bind(namespace, name, f"{package}.{relative}")
    # Modules that could not be imported while a module on their way was importing its base class.
    for target in [target for target in _WAITING if target not in sys.modules]:
        for waiting, name in _WAITING.pop(target):
            _bind(waiting, name, target)


def _bind(namespace: dict[str, Any], name: str, target: str) -> None:
    try:
        found = vars(importlib.import_module(target)).get(name)
    except ImportError as error:
        if "partially initialized" not in str(error):
            raise
        found = (
            None  # a module it imports first is still importing its base class: later
        )
    if found is None:
        _WAITING.setdefault(target, []).append((namespace, name))
    else:
        namespace[name] = found


_WIRE_KEY = "openapi-dataclasses"
ClassT = TypeVar("ClassT", bound=type)


def field(
    wire_name: str,
    codec: Codec,
    *,
    default: Any = dataclasses.MISSING,
    default_factory: Any = dataclasses.MISSING,
    required: bool | None = None,
) -> Any:
    """A property: its JSON name, its codec and, unless it is required, its default.

    A property is required when it has no default, or when `required` says so (one fixed by
    `const` has its one value as its default, and a payload must still hold it).
    """
    if required is None:
        required = (
            default is dataclasses.MISSING and default_factory is dataclasses.MISSING
        )
    prop = Prop(wire_name, codec, required)
    return dataclasses.field(
        default=default, default_factory=default_factory, metadata={_WIRE_KEY: prop}
    )


def extras() -> Any:
    """The `extra_properties` field: properties the schema does not name."""
    return dataclasses.field(default_factory=dict[str, Any])


@dataclass_transform(kw_only_default=True, field_specifiers=(field, dataclasses.field))
def model(cls: ClassT) -> ClassT:
    """Make a generated class a keyword-only dataclass and collect its `__wire__` table."""
    # Without slots, dataclass() modifies the class itself rather than making a new one.
    dataclasses.dataclass(kw_only=True)(cls)
    wire = {
        item.name: item.metadata[_WIRE_KEY]
        for item in dataclasses.fields(cls)
        if _WIRE_KEY in item.metadata
    }
    # setattr: to the type checker, ClassT is any class, which has no `__wire__`.
    setattr(cls, "__wire__", wire)  # noqa: B010
    # Each class converts with code of its own, written for its fields on first use.
    owner = cast("type[Model]", cls)
    setattr(cls, "from_dict", classmethod(_from_dict_on_first_use(owner)))  # noqa: B010
    setattr(cls, "to_dict", _to_dict_on_first_use(owner))  # noqa: B010
    register(owner)
    return cls


# What every generated class's own conversion code falls back on for a subclass of it.
GENERIC_FROM_DICT = Model.__dict__["from_dict"].__func__
GENERIC_TO_DICT = Model.__dict__["to_dict"]


def _from_dict_on_first_use(owner: type[Model]) -> Callable[..., Any]:
    def from_dict(cls: type[ModelT], data: Any, path: str = "") -> ModelT:
        if (
            cls is not owner
        ):  # a user's subclass of a generated model: the generic method
            return GENERIC_FROM_DICT(cls, data, path)  # type: ignore[no-any-return]
        from .compiled import converter  # imported on the first conversion

        result: ModelT = converter(owner, "from_dict")(cls, data, path)
        return result

    return from_dict


def _to_dict_on_first_use(owner: type[Model]) -> Callable[[Model], dict[str, Any]]:
    def to_dict(self: Model) -> dict[str, Any]:
        if type(self) is not owner:
            return GENERIC_TO_DICT(self)  # type: ignore[no-any-return]
        from .compiled import converter  # imported on the first conversion

        result: dict[str, Any] = converter(owner, "to_dict")(self)
        return result

    return to_dict


ConverterT = TypeVar("ConverterT")


def register_cattrs_hooks(converter: ConverterT) -> ConverterT:
    """Make a cattrs converter read and write this package's models in the wire format.

    `converter.structure(payload, Order)` then calls `Order.from_dict` (wire names, validated)
    and `converter.unstructure(order)` calls `to_dict`; enums already go by their values. The
    converter is returned: `converter = register_cattrs_hooks(cattrs.Converter())`.
    """

    def is_model(cls: Any) -> bool:
        return isinstance(cls, type) and issubclass(cls, Model)

    # cattrs is no dependency of the package: the converter is used as it is.
    hooks: Any = converter
    hooks.register_structure_hook_func(is_model, _structure)
    hooks.register_unstructure_hook_func(is_model, _unstructure)
    return converter


def _structure(data: Any, cls: type[Model]) -> Model:
    return cls.from_dict(data)


def _unstructure(value: Model) -> dict[str, Any]:
    return value.to_dict()
