"""The protocol-neutral operation model every parser produces and every renderer consumes.

Frozen, slotted, keyword-only dataclasses with tuples only: immutable, so one record can be
shared by several templates; slotted, because a big spec has tens of thousands of inputs.
Parsers may keep mutable builders privately; what crosses the layer boundary is this. Values
that come from a spec (defaults, examples) are plain JSON-like Python values (str, int, float,
bool, None, list, dict).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "Api", "AuthKind", "AuthOption", "BodyKind", "Encoding", "ErrorCase", "GraphQLRequest",
    "Input", "Location", "Operation", "Protocol", "Request", "RestBody", "RestRequest", "Result",
    "ResultField", "RuntimeText", "Server", "ServerVariable", "SoapElement", "SoapRequest",
    "SourceFormat", "ValueType",
]


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
    WS_SIGNATURE = "wsSignature"  # WS-Security: the message signed with an X.509 certificate


class BodyKind(StrEnum):
    """How a REST request body is encoded."""

    JSON = "json"
    FORM = "form"  # application/x-www-form-urlencoded
    MULTIPART = "multipart"  # multipart/form-data
    TEXT = "text"  # text/plain, XML, anything sent as a string
    BINARY = "binary"  # application/octet-stream and friends: a document


@dataclass(frozen=True, slots=True, kw_only=True)
class RuntimeText:
    """A default worked out when the task runs: text pieces and values only the run knows
    (Postman's `{{$timestamp}}`), in order. `parts` holds ("text", "abc") and ("dynamic",
    "$timestamp") pairs; the renderers turn it into an expression."""

    parts: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Input:
    """One value the process developer supplies (a parameter, body field, argument, XML leaf).

    `name` is the name on the wire; `variable` is the FEEL-safe local variable name, unique
    within the operation (a renderer renames one that the connector reads itself, such as `url`).
    `path` places a body or SOAP leaf inside its message (e.g. ``("tns:Add", "tns:intA")``).
    `example` is a realistic value used to prefill complex (object/array/any) fields;
    `type_label` is the spec's own type name for the tooltip (``xs:int``, ``[ID!]``,
    ``string(date-time)``). `numbered` marks a numbered family of form fields shown as one list
    (Twilio's `Parameter1.Name` ... `Parameter99.Value`): (wire-name suffix, key in a list
    entry) pairs, ``((".Name", "Name"), (".Value", "Value"))``, or ``(("", ""),)`` for plain
    `Tag1` ... `Tag20` whose entries are values; entry i is sent as `name` + i + suffix.
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
    nullable: bool = False
    numbered: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerVariable:
    """A `{name}` placeholder in a server URL."""

    name: str
    default: str
    enum: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Server:
    """A base URL (possibly with variables) the API is served from."""

    url: str
    description: str = ""
    variables: tuple[ServerVariable, ...] = ()
    # The spec gave a relative URL and its own URL is unknown: the user must supply the base.
    relative: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthOption:
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
    password_digest: bool = False  # WS-Security UsernameToken: the policy asks for a digest
    timestamp: bool = False  # WS-Security signature: the policy asks for a wsu:Timestamp
    algorithm_suite: str = ""  # WS-Security signature: the policy's suite (Basic256Sha256, ...)


@dataclass(frozen=True, slots=True, kw_only=True)
class RestBody:
    """The REST request body: its encoding and, for structured kinds, how inputs fill it.

    `fields_inline` is true when each top-level property is its own Input (location BODY);
    otherwise one Input (location BODY, empty path) carries the whole body as FEEL.
    """

    kind: BodyKind
    content_type: str
    required: bool = False
    fields_inline: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Encoding:
    """How an OpenAPI parameter or form field is serialised (`style`, `explode`)."""

    style: str = ""  # form, deepObject, simple, ... ("" : the location's default)
    explode: bool = True
    nesting: int = 3  # bracket levels a deepObject / form value needs (`key[a][b][c]`)


_PLAIN = Encoding()


@dataclass(frozen=True, slots=True, kw_only=True)
class RestRequest:
    """HTTP facts of a REST operation."""

    method: str  # upper case: GET POST PUT PATCH DELETE
    path: str  # template, e.g. /pets/{petId}
    body: RestBody | None = None
    accept: str = ""  # preferred response media type, sent as Accept
    servers: tuple[Server, ...] = ()  # operation-level override of Api.servers
    # (input variable, its encoding) for the inputs whose spec says how they are serialised
    encodings: tuple[tuple[str, Encoding], ...] = ()

    def encoding(self, variable: str) -> Encoding:
        """How the input `variable` is serialised (the location's default when unsaid)."""
        return next((e for v, e in self.encodings if v == variable), _PLAIN)


@dataclass(frozen=True, slots=True, kw_only=True)
class SoapElement:
    """A node of the SOAP body/header skeleton: an element with children or a leaf input.

    `qname` is the prefixed name used in the connector's XML-compatible JSON (``tns:intA``).
    A leaf refers to its Input by `variable`; a complex node whose content is entered as one FEEL
    value also refers to an Input. `attributes` maps ``@name`` to an input variable.
    `nillable`: the schema lets the element be sent as nil (`xsi:nil="true"`), which is what
    a required nillable element left empty becomes. `xsi_type`: the element's schema type is
    abstract; this input holds the concrete type it is sent as (`xsi:type`), `variable` its
    content.
    """

    qname: str
    variable: str = ""
    children: tuple[SoapElement, ...] = ()
    repeated: bool = False
    optional: bool = False
    attributes: tuple[tuple[str, str], ...] = ()
    nillable: bool = False
    xsi_type: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SoapRequest:
    """SOAP facts of an operation."""

    endpoint: str
    soap_version: str  # "1.1" or "1.2"
    action: str = ""
    body: tuple[SoapElement, ...] = ()
    headers: tuple[SoapElement, ...] = ()
    namespaces: tuple[tuple[str, str], ...] = ()  # (prefix, uri)
    style: str = "document"  # document | rpc
    use: str = "literal"  # literal | encoded


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphQLRequest:
    """GraphQL facts of an operation: the complete document and its variables."""

    endpoint: str
    operation_type: str  # query | mutation
    document: str


Request = RestRequest | SoapRequest | GraphQLRequest


@dataclass(frozen=True, slots=True, kw_only=True)
class ResultField:
    """A field picked from the response into the result context."""

    name: str  # key in the result context (FEEL-safe)
    path: tuple[str, ...]  # path below the protocol's response root


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    """What a successful call returns, as far as the spec says.

    `fields` empty with `has_content` true means: map the whole root (e.g. an array body).
    `root` is the path below the protocol's response object (REST: body; SOAP: the
    Envelope.Body child; GraphQL: data.<field>). The renderers name the process variable that
    holds it after the operation.
    """

    has_content: bool = True
    is_list: bool = False
    root: tuple[str, ...] = ()
    fields: tuple[ResultField, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorCase:
    """A documented failure: an HTTP status ("404", "4XX", "default") or a SOAP fault."""

    code: str
    name: str  # readable BPMN error code, e.g. NOT_FOUND
    description: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    """One callable operation of the API."""

    id: str  # unique, stable, [A-Za-z0-9_.-]
    name: str  # label for dropdowns and template names
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
    # The operation's own name as the spec writes it (OpenAPI operationId, WSDL operation,
    # GraphQL field), which `--operation` accepts; `id` is a cleaned, unique form of it.
    spec_name: str = ""
    # Operations with different non-empty groups never share a template under `--split api`
    # (WSDL: one template per service port). Empty: no constraint.
    template_group: str = ""

    @property
    def protocol(self) -> Protocol:
        """The connector the operation is rendered for, which its request shape decides."""
        if isinstance(self.request, RestRequest):
            return Protocol.REST
        return Protocol.SOAP if isinstance(self.request, SoapRequest) else Protocol.GRAPHQL


@dataclass(frozen=True, slots=True, kw_only=True)
class Api:
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
