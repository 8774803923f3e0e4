"""The protocol-neutral operation model every parser produces and every renderer consumes.

Frozen dataclasses with tuples only. Parsers may keep mutable builders privately; what crosses
the layer boundary is this. Values that come from a spec (defaults, examples) are plain JSON-like
Python values (str, int, float, bool, None, list, dict).
"""

from __future__ import annotations

from collections.abc import Callable
from copyreg import __newobj__  # type: ignore[attr-defined]
from dataclasses import dataclass, field, fields
from enum import StrEnum
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any, ClassVar, SupportsIndex, TypeVar


class _Record:
    """Equality, hashing, repr and pickling of the model's frozen dataclasses.

    They give what dataclass's own methods give, but are written once instead of compiled for
    every class at import (each an `exec`; the model imported in 11 ms, now 8), and they read
    the fields with one C-level `attrgetter`. A pickled record is the tuple of its field values,
    put back straight into the slots; dataclass's own pickling calls `fields()` and
    `object.__setattr__` per object and field, and forked processes send hundreds of operations
    back (DigitalOcean's half, 330 operations: dumps 12 -> 4 ms, loads 11 -> 4 ms).
    """

    __slots__ = ()
    _names: ClassVar[tuple[str, ...]]
    _values: ClassVar[Callable[[object], tuple[Any, ...]]]  # the field values, in order
    _setters: ClassVar[tuple[Callable[[object, Any], None], ...]]  # the slots' own setters

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


R = TypeVar("R", bound=_Record)


def _record(cls: type[R]) -> type[R]:
    """Finish a `_Record` dataclass (declared ``frozen=True, slots=True, eq=False, repr=False``)."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    getter = attrgetter(*names)
    cls._names = names
    cls._values = getter if len(names) > 1 else lambda record: (getter(record),)
    cls._setters = tuple(vars(cls)[name].__set__ for name in names)
    # dataclass gives a frozen class with slots its own, slower, pickling methods
    cls.__getstate__ = _Record.__getstate__  # type: ignore[method-assign]
    cls.__setstate__ = _Record.__setstate__  # type: ignore[method-assign]
    return cls


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


@_record
@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class Input(_Record):
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


@_record
@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class ServerVariable(_Record):
    """A `{name}` placeholder in a server URL."""

    name: str
    default: str
    enum: tuple[str, ...] = ()
    description: str = ""


@_record
@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class Server(_Record):
    """A base URL (possibly with variables) the API is served from."""

    url: str
    description: str = ""
    variables: tuple[ServerVariable, ...] = ()


@_record
@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class AuthOption(_Record):
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


@_record
@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class RestBody(_Record):
    """The REST request body: its encoding and, for structured kinds, how inputs fill it.

    `fields_inline` is true when each top-level property is its own Input (location BODY);
    otherwise one Input (location BODY, empty path) carries the whole body as FEEL.
    """

    kind: BodyKind
    content_type: str
    required: bool = False
    fields_inline: bool = False
    description: str = ""


@_record
@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class RestRequest(_Record):
    """HTTP facts of a REST operation."""

    method: str  # upper case: GET POST PUT PATCH DELETE
    path: str  # template, e.g. /pets/{petId}
    body: RestBody | None = None
    accept: str = ""  # preferred response media type, sent as Accept
    servers: tuple[Server, ...] = ()  # operation-level override of Api.servers


@_record
@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class SoapElement(_Record):
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


@_record
@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class SoapRequest(_Record):
    """SOAP facts of an operation."""

    endpoint: str
    soap_version: str  # "1.1" or "1.2"
    action: str = ""
    body: tuple[SoapElement, ...] = ()
    headers: tuple[SoapElement, ...] = ()
    namespaces: tuple[tuple[str, str], ...] = ()  # (prefix, uri)
    style: str = "document"  # document | rpc
    use: str = "literal"  # literal | encoded


@_record
@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class GraphQLRequest(_Record):
    """GraphQL facts of an operation: the complete document and its variables."""

    endpoint: str
    operation_type: str  # query | mutation
    document: str


Request = RestRequest | SoapRequest | GraphQLRequest


@_record
@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class ResultField(_Record):
    """A field picked from the response into the result context."""

    name: str  # key in the result context (FEEL-safe)
    path: tuple[str, ...]  # path below the protocol's response root


@_record
@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class Result(_Record):
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


@_record
@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class ErrorCase(_Record):
    """A documented failure: an HTTP status ("404", "4XX", "default") or a SOAP fault."""

    code: str
    name: str  # readable BPMN error code, e.g. NOT_FOUND
    description: str = ""


@_record
@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class Operation(_Record):
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


@_record
@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class Api(_Record):
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
