"""The protocol-neutral operation model every parser produces and every renderer consumes.

Frozen dataclasses with tuples only. Parsers may keep mutable builders privately; what crosses
the layer boundary is this. Values that come from a spec (defaults, examples) are plain JSON-like
Python values (str, int, float, bool, None, list, dict).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from copyreg import __newobj__  # type: ignore[attr-defined]
from dataclasses import MISSING, Field, FrozenInstanceError, field
from enum import StrEnum
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any, ClassVar, SupportsIndex, TypeVar, cast, dataclass_transform


class Record:
    """The base of a `record_class`: equality, hashing, repr, frozenness and pickling.

    They give what a frozen dataclass's own methods give, but are written once instead of
    compiled for every class at import (each an `exec`), and they read the fields with one
    C-level `attrgetter`. A pickled record is the tuple of its field values, put back straight
    into the slots; dataclass's own pickling calls `fields()` and `object.__setattr__` per object
    and field, and forked processes send hundreds of operations back (DigitalOcean's half, 330
    operations: dumps 12 -> 4 ms, loads 11 -> 4 ms).
    """

    __slots__ = ()
    _names: ClassVar[tuple[str, ...]]
    _values: ClassVar[Callable[[object], tuple[Any, ...]]]  # the field values, in order
    _setters: ClassVar[tuple[Callable[[object, Any], None], ...]]  # the slots' own setters

    # What a frozen dataclass's generated methods do for an instance of the class itself (for a
    # name that is not a field, Python 3.11's slotted one failed in its own `super()` call with
    # a TypeError instead; nothing here sets unknown attributes).
    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            values = self.__class__._values
            return values(self) == values(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.__class__._values(self))

    @recursive_repr()
    def __repr__(self) -> str:
        cls = self.__class__
        shown = ", ".join(f"{name}={value!r}"
                          for name, value in zip(cls._names, cls._values(self), strict=True))
        return f"{cls.__qualname__}({shown})"

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # what `object.__reduce_ex__` gives, with less work: `cls.__new__(cls)`, then the state
        cls = self.__class__
        return __newobj__, (cls,), cls._values(self)

    def __getstate__(self) -> tuple[Any, ...]:
        return self.__class__._values(self)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for set_slot, value in zip(self.__class__._setters, state, strict=True):
            set_slot(self, value)


R = TypeVar("R", bound=Record)


class _Factory:
    """The default of a parameter whose field has a `default_factory` (shown as dataclass does)."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(field,))
def record_class(cls: type[R]) -> type[R]:
    """Make of a `Record` subclass what ``@dataclass(frozen=True, slots=True, kw_only=True)``
    makes of a class, in a fraction of the time: the model's import took 8.2 ms (least of 61
    runs; median 14.2 on a busy machine), now 3.5 (5.6). `dataclasses.fields`, `replace`,
    `asdict` and `is_dataclass` work as before (the class has `__dataclass_fields__`), and mypy
    checks constructors as a dataclass's.

    Every annotation is a field (`from __future__ import annotations`: the types are strings);
    the value, if any, is its default, or a `field(default_factory=...)`. Records do not inherit
    from each other. The class is made again with ``__slots__`` (as dataclass's ``slots=True``
    does) and gets a generated keyword-only `__init__` that fills the slots with their own
    setters: the frozen `__setattr__` refuses, and `object.__setattr__` would look them up
    (constructing an `Input` takes half the time of dataclass's `__init__`).
    """
    if cls.__bases__ != (Record,):
        raise TypeError(f"{cls.__name__}: a record derives from Record only")
    ns = dict(vars(cls))
    types: dict[str, str] = ns.get("__annotations__", {})
    names = tuple(types)
    if not names:
        raise TypeError(f"{cls.__name__}: a record has fields")
    fields: dict[str, Field[Any]] = {}
    defaults: dict[str, Any] = {}
    body: list[str] = []
    scope: dict[str, Any] = {"__name__": cls.__module__, "_FACTORY": _FACTORY}
    for name in names:
        if name.startswith("_") or name == "self" or types[name].startswith("ClassVar"):
            raise TypeError(f"{cls.__name__}.{name}: not a field name a record can take")
        value = ns.pop(name, MISSING)
        spec: Field[Any] = value if isinstance(value, Field) else field(default=value)
        if not (spec.init and spec.repr and spec.compare and spec.hash is None):
            raise TypeError(f"{cls.__name__}.{name}: only `default_factory` is supported")
        if spec.default.__class__.__hash__ is None:  # as dataclass: a shared list, dict or set
            raise ValueError(f"{cls.__name__}.{name}: mutable default, use default_factory")
        spec.name, spec.type, spec.kw_only = name, types[name], True
        spec._field_type = dataclasses._FIELD  # type: ignore[attr-defined]  # what fields() lists
        fields[name] = spec
        if spec.default_factory is not MISSING:
            defaults[name] = _FACTORY
            scope[f"_f_{name}"] = spec.default_factory
            body.append(f"_s_{name}(self, _f_{name}() if {name} is _FACTORY else {name})")
        else:
            if spec.default is not MISSING:
                defaults[name] = spec.default
            body.append(f"_s_{name}(self, {name})")
    for made_by_type in ("__dict__", "__weakref__"):
        ns.pop(made_by_type, None)
    ns.update(__slots__=names, __qualname__=cls.__qualname__, __match_args__=(),
              __dataclass_fields__=fields)
    made = cast("type[R]", type(cls.__name__, cls.__bases__, ns))

    getter = attrgetter(*names)
    made._names = names
    made._values = getter if len(names) > 1 else lambda obj: (getter(obj),)
    made._setters = tuple(vars(made)[name].__set__ for name in names)
    scope.update((f"_s_{name}", setter)
                 for name, setter in zip(names, made._setters, strict=True))
    # Compiling is most of the time left (some 1.3 ms for the module). Keyword-only defaults
    # are a dict on the function: set afterwards, not compiled into the signature (10% less).
    lines = "\n    ".join(body)
    exec(f"def __init__(self, *, {', '.join(names)}):\n    {lines}", scope)
    init = scope["__init__"]
    init.__kwdefaults__ = defaults or None
    init.__qualname__ = f"{made.__qualname__}.__init__"
    init.__annotations__ = {**types, "return": None}
    made.__init__ = init  # type: ignore[method-assign]
    return made


class Protocol(StrEnum):
    """Which Camunda connector an operation is rendered for."""

    REST = "rest"
    SOAP = "soap"
    GRAPHQL = "graphql"


class SourceFormat(StrEnum):
    """The kind of document the API came from."""

    SWAGGER_2 = "swagger-2.0"
    OPENAPI_3_0 = "openapi-3.0"
    OPENAPI_3_1 = "openapi-3.1"
    WSDL_1_1 = "wsdl-1.1"
    WSDL_2_0 = "wsdl-2.0"
    GRAPHQL_SDL = "graphql-sdl"
    GRAPHQL_INTROSPECTION = "graphql-introspection"
    POSTMAN_2_0 = "postman-2.0"
    POSTMAN_2_1 = "postman-2.1"


class Location(StrEnum):
    """Where an input goes in the request."""

    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"
    BODY = "body"  # a field of a request body (JSON property, form field, multipart part)
    VARIABLE = "variable"  # a GraphQL variable
    PART = "part"  # a leaf of a SOAP message (body or header)


class ValueType(StrEnum):
    """The shape of an input's value, which decides the kind of field shown."""

    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    OBJECT = "object"
    ARRAY = "array"
    FILE = "file"  # binary content: a Camunda document reference
    ANY = "any"


class AuthKind(StrEnum):
    """Authentication variants the connectors can perform."""

    NONE = "none"
    BASIC = "basic"
    BEARER = "bearer"
    API_KEY = "apiKey"
    OAUTH2_CLIENT_CREDENTIALS = "oauth2ClientCredentials"
    WS_USERNAME_TOKEN = "wsUsernameToken"


class BodyKind(StrEnum):
    """How a REST request body is encoded."""

    JSON = "json"
    FORM = "form"  # application/x-www-form-urlencoded
    MULTIPART = "multipart"  # multipart/form-data
    TEXT = "text"  # text/plain, XML, anything sent as a string
    BINARY = "binary"  # application/octet-stream and friends: a document


@record_class
class Input(Record):
    """One value the process developer supplies (a parameter, body field, argument, XML leaf).

    `name` is the name on the wire; `variable` is the FEEL-safe local variable name, unique
    within the operation and clear of the connector's own inputs. `path` places a body or SOAP
    leaf inside its message (e.g. ``("tns:Add", "tns:intA")``). `example` is a realistic value used
    to prefill complex (object/array/any) fields; `type_label` is the spec's own type name for the
    tooltip (``xs:int``, ``[ID!]``, ``string(date-time)``).
    """

    name: str
    variable: str
    location: Location
    type: ValueType = ValueType.STRING
    required: bool = False
    enum: tuple[str, ...] = ()
    default: Any = None
    example: Any = None
    description: str = ""
    secret: bool = False
    type_label: str = ""
    path: tuple[str, ...] = ()
    style: str = ""  # OpenAPI serialisation style (form, deepObject, simple, ...)
    explode: bool = True
    nesting: int = 3  # bracket levels a deepObject / form value needs (`key[a][b][c]`)
    repeated: bool = False  # SOAP: maxOccurs > 1
    nullable: bool = False


@record_class
class ServerVariable(Record):
    """A `{name}` placeholder in a server URL."""

    name: str
    default: str
    enum: tuple[str, ...] = ()
    description: str = ""


@record_class
class Server(Record):
    """A base URL (possibly with variables) the API is served from."""

    url: str
    description: str = ""
    variables: tuple[ServerVariable, ...] = ()


@record_class
class AuthOption(Record):
    """One way to authenticate, with the facts the spec fixes.

    `scheme` is the spec's name for it (security scheme name, policy id) and seeds the secret
    names. `key_location` is ``header``, ``query`` or ``cookie`` for API keys.
    """

    kind: AuthKind
    scheme: str = ""
    description: str = ""
    key_name: str = ""
    key_location: str = ""
    token_url: str = ""
    scopes: tuple[str, ...] = ()
    token_source: str = ""  # where a bearer token comes from (OAuth2 flow / OIDC URL), for tooltips


@record_class
class RestBody(Record):
    """The REST request body: its encoding and, for structured kinds, how inputs fill it.

    `fields_inline` is true when each top-level property is its own Input (location BODY);
    otherwise one Input (location BODY, empty path) carries the whole body as FEEL.
    """

    kind: BodyKind
    content_type: str
    required: bool = False
    fields_inline: bool = False
    description: str = ""


@record_class
class RestRequest(Record):
    """HTTP facts of a REST operation."""

    method: str  # upper case: GET POST PUT PATCH DELETE
    path: str  # template, e.g. /pets/{petId}
    body: RestBody | None = None
    accept: str = ""  # preferred response media type, sent as Accept
    servers: tuple[Server, ...] = ()  # operation-level override of Api.servers


@record_class
class SoapElement(Record):
    """A node of the SOAP body/header skeleton: an element with children or a leaf input.

    `qname` is the prefixed name used in the connector's XML-compatible JSON (``tns:intA``).
    A leaf refers to its Input by `variable`; a complex node whose content is entered as one FEEL
    value also refers to an Input. `attributes` maps ``@name`` to an input variable.
    """

    qname: str
    variable: str = ""
    children: tuple[SoapElement, ...] = ()
    repeated: bool = False
    optional: bool = False
    attributes: tuple[tuple[str, str], ...] = ()


@record_class
class SoapRequest(Record):
    """SOAP facts of an operation."""

    endpoint: str
    soap_version: str  # "1.1" or "1.2"
    action: str = ""
    body: tuple[SoapElement, ...] = ()
    headers: tuple[SoapElement, ...] = ()
    namespaces: tuple[tuple[str, str], ...] = ()  # (prefix, uri)
    style: str = "document"  # document | rpc
    use: str = "literal"  # literal | encoded


@record_class
class GraphQLRequest(Record):
    """GraphQL facts of an operation: the complete document and its variables."""

    endpoint: str
    operation_type: str  # query | mutation
    document: str


Request = RestRequest | SoapRequest | GraphQLRequest


@record_class
class ResultField(Record):
    """A field picked from the response into the result context."""

    name: str  # key in the result context (FEEL-safe)
    path: tuple[str, ...]  # path below the protocol's response root


@record_class
class Result(Record):
    """What a successful call returns, as far as the spec says.

    `fields` empty with `has_content` true means: map the whole root (e.g. an array body).
    `root` is the path below the protocol's response object (REST: body; SOAP: the
    Envelope.Body child; GraphQL: data.<field>).
    """

    has_content: bool = True
    is_list: bool = False
    root: tuple[str, ...] = ()
    fields: tuple[ResultField, ...] = ()
    name: str = "result"  # key for the whole root when there are no fields


@record_class
class ErrorCase(Record):
    """A documented failure: an HTTP status ("404", "4XX", "default") or a SOAP fault."""

    code: str
    name: str  # readable BPMN error code, e.g. NOT_FOUND
    description: str = ""


@record_class
class Operation(Record):
    """One callable operation of the API."""

    id: str  # unique, stable, [A-Za-z0-9_.-]
    name: str  # label for dropdowns and template names
    protocol: Protocol
    request: Request
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    inputs: tuple[Input, ...] = ()
    result: Result = field(default_factory=Result)
    errors: tuple[ErrorCase, ...] = ()
    deprecated: bool = False
    auth_options: tuple[AuthOption, ...] | None = None  # None: the API's options apply
    location: str = ""  # where it is in the spec, for diagnostics
    docs_url: str = ""
    # Operations with different non-empty groups never share a template under `--split api`
    # (WSDL: one template per service port). Empty: no constraint.
    template_group: str = ""


@record_class
class Api(Record):
    """A whole API description, reduced to what templates need."""

    title: str
    version: str = ""
    description: str = ""
    docs_url: str = ""
    servers: tuple[Server, ...] = ()
    auth_options: tuple[AuthOption, ...] = ()
    auth_declared: bool = False  # the spec said something about security (even "none")
    operations: tuple[Operation, ...] = ()
    source_format: SourceFormat = SourceFormat.OPENAPI_3_0
    icon: str = ""  # data: or https: URI from the spec (x-logo), if any
    source_name: str = ""  # file name or URL, for messages
