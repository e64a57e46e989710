"""The intermediate model: what will be generated, as plain frozen data.

It knows nothing of Jinja, Black or files. Each type expression carries a `kind` so that templates
can dispatch on it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TypeAlias

if TYPE_CHECKING:  # typing.Never is 3.11+; mypy reads typing_extensions, the generator never does
    from typing_extensions import Never

JsonValue: TypeAlias = Any


@dataclass(frozen=True)
class Constraints:
    """Validation keywords, named as the generated runtime's keyword arguments."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: int | float | None = None
    exclusive_maximum: int | float | None = None
    multiple_of: int | float | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    min_properties: int | None = None
    max_properties: int | None = None

    def present(self) -> tuple[tuple[str, JsonValue], ...]:
        """The constraints that are set, in a fixed order."""
        return tuple(
            (item.name, getattr(self, item.name))
            for item in fields(self)
            if getattr(self, item.name) is not None and getattr(self, item.name) is not False
        )


NO_CONSTRAINTS = Constraints()


@dataclass(frozen=True)
class Scalar:
    python: str  # the annotation: str, int, float, bool, datetime.datetime, datetime.date
    codec: str  # the runtime codec class: Str, Int, Float, Bool, DateTime, Date
    format: str | None = None
    constraints: Constraints = NO_CONSTRAINTS
    kind: Literal["scalar"] = "scalar"


@dataclass(frozen=True)
class ArrayOf:
    item: TypeExpr
    constraints: Constraints = NO_CONSTRAINTS
    kind: Literal["array"] = "array"


@dataclass(frozen=True)
class MapOf:
    value: TypeExpr
    constraints: Constraints = NO_CONSTRAINTS
    kind: Literal["map"] = "map"


@dataclass(frozen=True)
class ModelRef:
    name: str
    module: str
    kind: Literal["model"] = "model"


@dataclass(frozen=True)
class EnumRef:
    name: str
    module: str
    kind: Literal["enum"] = "enum"


@dataclass(frozen=True)
class AliasRef:
    """A named schema that is neither an object nor an enum (a list, a map, a string with a format)."""

    name: str
    module: str
    target: TypeExpr
    kind: Literal["alias"] = "alias"


@dataclass(frozen=True)
class AnyJson:
    """A value the schema leaves untyped: any JSON value."""

    kind: Literal["any"] = "any"


@dataclass(frozen=True)
class Const:
    value: JsonValue
    kind: Literal["const"] = "const"

    @property
    def literal(self) -> bool:
        """Whether `typing.Literal` can spell the value."""
        return self.value is None or isinstance(self.value, str | int | bool)


@dataclass(frozen=True)
class Nullable:
    inner: TypeExpr
    kind: Literal["nullable"] = "nullable"


@dataclass(frozen=True)
class UnionOf:
    """`oneOf`/`anyOf`: the first option that accepts a value wins, or the discriminator decides."""

    options: tuple[TypeExpr, ...]
    discriminator: str | None = None
    mapping: tuple[tuple[str, str], ...] = ()  # discriminator value -> model name
    # The model for a tag the mapping lacks, or no tag (OpenAPI 3.2's `defaultMapping`).
    default_model: str | None = None
    kind: Literal["union"] = "union"


TypeExpr: TypeAlias = (
    Scalar | ArrayOf | MapOf | ModelRef | EnumRef | AliasRef | AnyJson | Const | Nullable | UnionOf
)


# Python values for defaults and code samples, rendered by templates.
@dataclass(frozen=True)
class PyLiteral:
    value: JsonValue  # None, bool, int, float, str, or JSON lists and objects of them
    kind: Literal["literal"] = "literal"


@dataclass(frozen=True)
class PyName:
    """A name or dotted attribute, such as an enum member: `StateEnum.OPEN`."""

    path: str
    kind: Literal["name"] = "name"


@dataclass(frozen=True)
class PyList:
    items: tuple[PyExpr, ...]
    kind: Literal["list"] = "list"


@dataclass(frozen=True)
class PyDict:
    entries: tuple[tuple[str, PyExpr], ...]
    kind: Literal["dict"] = "dict"


@dataclass(frozen=True)
class PyCall:
    callee: str
    args: tuple[PyExpr, ...] = ()
    kwargs: tuple[tuple[str, PyExpr], ...] = ()
    kind: Literal["call"] = "call"


PyExpr: TypeAlias = PyLiteral | PyName | PyList | PyDict | PyCall


@dataclass(frozen=True)
class Property:
    name: str  # the Python attribute
    wire_name: str  # the JSON key
    type: TypeExpr
    required: bool
    default: PyExpr | None = None  # the spec's default, as a Python value
    default_json: JsonValue = None  # ... and as the spec wrote it (docs show it)
    mutable_default: bool = False  # lists and dicts need a default_factory
    title: str = ""
    description: str = ""
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    inherited: bool = False  # declared by the parent model, unchanged


@dataclass(frozen=True)
class EnumMember:
    name: str
    value: JsonValue
    description: str = ""


@dataclass(frozen=True)
class EnumDef:
    name: str
    module: str
    source: str  # document#pointer it comes from
    base: Literal["str", "int", "float", "any"]
    members: tuple[EnumMember, ...]
    title: str = ""
    description: str = ""
    owner: str | None = None  # the model whose property declared it inline
    owner_property: str = ""  # ... and that property's JSON name
    own_module: bool = False  # inline, but used where its owner's module cannot be imported first
    deprecated: bool = False
    kind: Literal["enum"] = "enum"


@dataclass(frozen=True)
class ExtraPolicy:
    """What a model does with properties its schema does not name."""

    mode: Literal["keep", "typed", "forbid"]
    type: TypeExpr | None = None


@dataclass(frozen=True)
class CodeSample:
    imports: tuple[str, ...]  # modules and names the sample imports, as `module:name` or `module`
    value: PyExpr


@dataclass(frozen=True)
class Model:
    name: str
    module: str
    source: str
    wire_name: str
    properties: tuple[Property, ...]
    extra: ExtraPolicy
    title: str = ""
    description: str = ""
    deprecated: bool = False
    enums: tuple[EnumDef, ...] = ()  # declared inline in this model's properties
    sample: CodeSample | None = None
    min_properties: int | None = None
    max_properties: int | None = None
    parent: ModelRef | None = None  # `allOf` with one named model: the class it extends
    subtypes: Subtypes | None = None
    kind: Literal["model"] = "model"


@dataclass(frozen=True)
class Subtypes:
    """A base model's discriminator: `from_dict` builds the subclass that the tag names."""

    property: str  # the tag's wire name
    mapping: tuple[tuple[str, str], ...]  # tag -> the name of a model that extends this one


@dataclass(frozen=True)
class Alias:
    name: str
    module: str
    source: str
    wire_name: str
    target: TypeExpr
    title: str = ""
    description: str = ""
    kind: Literal["alias"] = "alias"


# -- operations: what the generated client calls ------------------------------------------------

# `querystring` (OpenAPI 3.2): the whole query string, written in its `content` media type.
ParameterLocation: TypeAlias = Literal["path", "query", "header", "cookie", "querystring"]


@dataclass(frozen=True)
class Parameter:
    """A parameter of an operation, as its method takes it and the engine sends it."""

    name: str  # the method's argument
    wire_name: str
    location: ParameterLocation
    type: TypeExpr
    required: bool
    description: str = ""
    deprecated: bool = False
    style: str | None = None  # None: OpenAPI's default for the location
    explode: bool | None = None
    allow_reserved: bool = False
    content_type: str | None = None  # a parameter given by `content`: serialised as that type
    example: JsonValue = None
    has_example: bool = False


# How a body or a reply is carried: JSON (and JSON lines or events, by `stream`), a form, the
# parts of a multipart body, text, or raw bytes.
MediaKind: TypeAlias = Literal["json", "form", "multipart", "text", "binary"]


@dataclass(frozen=True)
class PartEncoding:
    """The `encoding` of one property of a form or multipart body."""

    property: str  # the wire name
    content_type: str | None = None
    style: str | None = None
    explode: bool | None = None


@dataclass(frozen=True)
class Media:
    content_type: str  # as the description writes it ("application/json", "image/*")
    kind: MediaKind
    type: TypeExpr | None  # the value's type (an item's, for a stream); None: text or bytes
    stream: Literal["sse", "jsonl"] | None = None
    sse_events: bool = False  # 3.2's `itemSchema` of events: an item is a whole event, not its data
    encoding: tuple[PartEncoding, ...] = ()
    example: JsonValue = None
    has_example: bool = False


@dataclass(frozen=True)
class RequestBody:
    media: tuple[Media, ...]  # in the description's order
    required: bool
    description: str = ""


@dataclass(frozen=True)
class ResponseHeader:
    name: str
    description: str = ""


@dataclass(frozen=True)
class Response:
    status: str  # "200", "2XX" or "default", as the description has it
    description: str
    media: tuple[Media, ...]
    headers: tuple[ResponseHeader, ...] = ()
    error: bool = False  # a documented error: the client raises it


CallResult: TypeAlias = Literal["value", "none", "stream"]


@dataclass(frozen=True)
class CallSample:
    """The docs' code sample of an operation: a client made, the method called, its result shown."""

    imports: tuple[str, ...]  # as `CodeSample.imports`: `module:name` or `module`
    client: PyCall  # `Client(...)`, with credentials for the first alternative of `security`
    call: PyCall  # `client.<group>.<method>(...)`: required arguments and those with examples
    result: CallResult  # printed, nothing to print, or iterated


@dataclass(frozen=True)
class Operation:
    name: str  # the method
    constant: str  # the module-level `Operation` the method hands to the engine
    operation_id: str  # as written; "" when the description gives none
    method: str  # upper case: "PUT"
    path: str
    source: str  # document#pointer of the operation
    summary: str = ""
    description: str = ""
    deprecated: bool = False
    parameters: tuple[Parameter, ...] = ()  # in the order the method passes their values
    body: RequestBody | None = None
    responses: tuple[Response, ...] = ()
    # Alternatives of scheme names (OpenAPI's security requirements): () needs none, and an
    # empty alternative makes credentials optional.
    security: tuple[tuple[str, ...], ...] = ()
    sample: CallSample | None = None  # None where no value fits a required argument

    @property
    def label(self) -> str:
        """How messages and docs name it: the operationId, else its method and path."""
        return self.operation_id or f"{self.method} {self.path}"


@dataclass(frozen=True)
class TagGroup:
    """The operations of one tag: a module of `api/`, a Client attribute and a docs page."""

    tag: str  # as the description writes it; "default" for operations without a tag
    attribute: str  # `client.<attribute>`
    module: str  # `<package>/api/<module>.py`
    class_name: str  # the sync class; the async one is `Async<class_name>`
    page: str  # `docs/<page>.md`
    description: str
    operations: tuple[Operation, ...]

    @property
    def async_class_name(self) -> str:
        return "Async" + self.class_name


SecurityKind: TypeAlias = Literal["api_key", "bearer", "basic", "http", "oauth2", "open_id_connect"]


@dataclass(frozen=True)
class SecurityScheme:
    name: str  # as the description names it (`credentials` is keyed by it)
    keyword: str  # the Client's keyword argument
    kind: SecurityKind
    description: str = ""
    parameter: str = ""  # api_key: the header, query parameter or cookie that carries it
    location: Literal["header", "query", "cookie"] = "header"
    scheme: str = ""  # http: the scheme's name ("bearer", "basic", "digest", ...)
    token_url: str = ""  # oauth2: the client credentials flow's token URL, if it has one
    scopes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServerVariable:
    name: str
    default: str
    enum: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Server:
    url: str  # as written, `{variables}` and all
    resolved: str  # the variables replaced by their defaults
    description: str = ""
    variables: tuple[ServerVariable, ...] = ()

    @property
    def absolute(self) -> bool:
        return "://" in self.resolved


@dataclass(frozen=True)
class Api:
    package: str
    title: str
    version: str
    description: str
    source: str  # the root file, relative
    models: tuple[Model, ...]
    enums: tuple[EnumDef, ...]  # every enum, named and inline, sorted by name
    aliases: tuple[Alias, ...]
    # The client: a group per tag (none for a description without operations), the schemes its
    # operations use and the servers the description lists.
    groups: tuple[TagGroup, ...] = ()
    security_schemes: tuple[SecurityScheme, ...] = ()
    servers: tuple[Server, ...] = ()

    @property
    def base_url(self) -> str | None:
        """The first server's URL, when it is absolute; a client without it must be given one."""
        return self.servers[0].resolved if self.servers and self.servers[0].absolute else None


def unknown_kind(expr: Never) -> NoReturn:
    """The end of a `match` on the kinds of `TypeExpr`: mypy flags every match a new kind misses.

    (`typing.assert_never` with a message; that function is new in Python 3.11.)
    """
    raise AssertionError(f"a type expression of an unknown kind: {expr!r}")


def referenced_names(expr: TypeExpr) -> list[TypeExpr]:
    """Every model, enum and alias reference inside a type expression, outermost first."""
    return [node for node in walk_types(expr) if isinstance(node, ModelRef | EnumRef | AliasRef)]


def enums_inside(expr: TypeExpr) -> Iterator[EnumRef]:
    """Every enum a value of this type may hold, through aliases too (codecs need them all)."""
    for node in walk_types(expr, through_aliases=True):
        if isinstance(node, EnumRef):
            yield node


def with_enum_modules(expr: TypeExpr, modules: Mapping[str, str]) -> TypeExpr:
    """The same type, with the enums named in `modules` moved to the module given there (the
    very same object when none of them is inside)."""
    match expr:
        case EnumRef():
            module = modules.get(expr.name, expr.module)
            return expr if module == expr.module else replace(expr, module=module)
        case ArrayOf():
            item = with_enum_modules(expr.item, modules)
            return expr if item is expr.item else replace(expr, item=item)
        case MapOf():
            value = with_enum_modules(expr.value, modules)
            return expr if value is expr.value else replace(expr, value=value)
        case Nullable():
            inner = with_enum_modules(expr.inner, modules)
            return expr if inner is expr.inner else replace(expr, inner=inner)
        case AliasRef():
            target = with_enum_modules(expr.target, modules)
            return expr if target is expr.target else replace(expr, target=target)
        case UnionOf():
            options = tuple(with_enum_modules(option, modules) for option in expr.options)
            same = all(new is old for new, old in zip(options, expr.options, strict=True))
            return expr if same else replace(expr, options=options)
        case Scalar() | ModelRef() | AnyJson() | Const():
            return expr
    return unknown_kind(expr)


def walk_types(expr: TypeExpr, *, through_aliases: bool = False) -> Iterator[TypeExpr]:
    """The expression and every expression inside it; `through_aliases` puts an alias's target
    (and what is inside it) in the alias's place, as a codec or an expanded annotation spells it."""
    if through_aliases and isinstance(expr, AliasRef):
        yield from walk_types(expr.target, through_aliases=True)
        return
    yield expr
    match expr:
        case ArrayOf():
            yield from walk_types(expr.item, through_aliases=through_aliases)
        case MapOf():
            yield from walk_types(expr.value, through_aliases=through_aliases)
        case Nullable():
            yield from walk_types(expr.inner, through_aliases=through_aliases)
        case UnionOf():
            for option in expr.options:
                yield from walk_types(option, through_aliases=through_aliases)
        case Scalar() | ModelRef() | EnumRef() | AliasRef() | AnyJson() | Const():
            pass
        case _:
            unknown_kind(expr)
