"""Step 4: build the HTTP request from the connector's input variables, as the connector does.
SOAP (body and header JSON -> XML, only the first header block sent) is in `harness.soap`.

REST (camunda/connectors `http-base`, read for this harness):
- `HttpCommonRequest`: `method` enum POST|GET|DELETE|PATCH|PUT (case-insensitive), `url`
  @NotBlank + pattern, `headers` / `queryParameters` are `Map<String,String>` (Jackson coerces
  numbers and booleans to text; an object or list value is an input error), `body` is `Object`.
- `ApacheRequestBuilder` runs, in order, the body, URI, authentication, headers and query
  builders.
- `UrlEncoder.toEncodedUri`: unless `skipEncoding` is "true", the URL is re-encoded part by part
  (characters not allowed in a URI are percent-encoded; existing escapes are kept).
- `ApacheRequestQueryParametersBuilder`: `builder.addParameter(name, value)` for every entry; a
  null value is sent as a bare `name` (no `=`): nulls are NOT filtered.
- `ApacheRequestHeadersBuilder`: only a null `Content-Type` is removed; other null headers are
  sent (empty value); `Content-Type: application/json` is added for POST/PUT/PATCH without one.
- `ApacheRequestBodyBuilder`: a body only for POST/PUT/PATCH; a Map body with Content-Type
  multipart/form-data -> one text part per entry (`String.valueOf`; a null entry fails,
  `Objects.requireNonNull`); x-www-form-urlencoded -> name=value pairs (`String.valueOf`, null ->
  bare name); anything else -> Jackson JSON text; a String body is sent as it is.
- `ApacheRequestAuthenticationBuilder`: basic -> `Authorization: Basic b64(user:pass)`; bearer ->
  `Authorization: Bearer <token>`; apiKey -> header or query parameter `name=value`;
  oauth-client-credentials-flow -> a token is fetched, then `Authorization: Bearer <token>`.
- `ignoreNullValues` drops null members of the JSON body.
GraphQL (`GraphQLRequestMapper`): POST sends `{query, variables}` as the JSON body; GET sends
them as query parameters. Secrets `{{secrets.NAME}}` are replaced by the runtime before binding.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

SECRET = re.compile(r"\{\{\s*secrets\.([A-Za-z0-9_.-]+)\s*\}\}")
METHODS = ("POST", "GET", "DELETE", "PATCH", "PUT")
BODY_METHODS = ("POST", "PUT", "PATCH")
URL_PATTERN = re.compile(r"^(=|(http://|https://|secrets|\{\{).*$)", re.S)
OAUTH_TOKEN = "oauth-access-token"


class ConnectorInputError(ValueError):
    """The connector would refuse these input variables (validation or binding error)."""


def secret_value(name: str) -> str:
    return f"secret-{name}"


def resolve_secrets(value: Any) -> Any:
    """Replace `{{secrets.NAME}}` in every string, as the connector runtime does."""
    if isinstance(value, str):
        return SECRET.sub(lambda m: secret_value(m.group(1)), value)
    if isinstance(value, list):
        return [resolve_secrets(v) for v in value]
    if isinstance(value, dict):
        return {k: resolve_secrets(v) for k, v in value.items()}
    return value


def java_text(value: Any) -> str:
    """`String.valueOf` of a value as Jackson bound it (numbers as JSON writes them)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, list):  # java.util.List.toString
        return "[" + ", ".join(java_text(v) for v in value) + "]"
    if isinstance(value, dict):  # java.util.Map.toString
        return "{" + ", ".join(f"{k}={java_text(v)}" for k, v in value.items()) + "}"
    return str(value)


def string_map(value: Any, what: str) -> dict[str, str | None] | None:
    """Jackson binding of `Map<String,String>`: scalars coerced to text, nulls kept."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ConnectorInputError(f"{what} must be a context/map, got {type(value).__name__}")
    out: dict[str, str | None] = {}
    for k, v in value.items():
        if isinstance(v, dict | list):
            raise ConnectorInputError(f"{what}.{k} is a {type(v).__name__}, not a string")
        out[str(k)] = None if v is None else java_text(v)
    return out


@dataclass
class HttpRequest:
    """The request as it leaves the connector."""

    method: str
    url: str  # final, encoded, with query
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | None = None
    null_headers: list[str] = field(default_factory=list)  # sent with an empty value
    bare_query: list[str] = field(default_factory=list)  # sent as `?name` (null value)
    json_body: Any = None  # the body object before serialisation (JSON bodies)
    body_kind: str = ""  # json | form | multipart | text | none

    def header(self, name: str) -> str | None:
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    @property
    def content_type(self) -> str | None:
        return self.header("Content-Type")


_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = "/:@!$&'()*+,;=-._~%?"


def encode_url(url: str, skip: bool) -> str:
    if skip:
        if re.search(r"[\s\"<>\\^`{|}]", url):
            raise ConnectorInputError("Provided URL must be valid, when setting skipEncoding")
        return url
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        raise ConnectorInputError(f"Invalid URL: {url}")
    return urlunsplit((parts.scheme, parts.netloc, quote(parts.path, safe=_PATH_SAFE),
                       quote(parts.query, safe=_QUERY_SAFE),
                       quote(parts.fragment, safe=_QUERY_SAFE)))


def _add_query(url: str, params: list[tuple[str, str | None]]) -> str:
    if not params:
        return url
    parts = urlsplit(url)
    pieces = [parts.query] if parts.query else []
    for name, value in params:
        if value is None:
            pieces.append(quote(name, safe=""))
        else:
            pieces.append(urlencode([(name, value)]))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(pieces), parts.fragment))


def _drop_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _auth(auth: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str | None]]]:
    """Headers and query parameters the authentication adds."""
    if auth is None:
        return [], []
    if not isinstance(auth, dict):
        raise ConnectorInputError("authentication must be a context")
    kind = auth.get("type")

    def need(key: str) -> str:
        value = auth.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ConnectorInputError(f"authentication.{key} must not be empty ({kind})")
        return java_text(value)

    if kind in (None, "noAuth"):
        return [], []
    if kind == "basic":
        user, password = need("username"), need("password")
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return [("Authorization", f"Basic {token}")], []
    if kind == "bearer":
        return [("Authorization", f"Bearer {need('token')}")], []
    if kind == "apiKey":
        name, value = need("name"), need("value")
        location = auth.get("apiKeyLocation") or "headers"
        if location == "query":
            return [], [(name, value)]
        if location != "headers":
            raise ConnectorInputError(f"authentication.apiKeyLocation {location!r}")
        return [(name, value)], []
    if kind == "oauth-client-credentials-flow":
        endpoint = need("oauthTokenEndpoint")
        need("clientId")
        need("clientSecret")
        if not URL_PATTERN.match(endpoint):
            raise ConnectorInputError("authentication.oauthTokenEndpoint must be a http(s) URL")
        if auth.get("clientAuthentication") not in ("credentialsBody", "basicAuthHeader"):
            raise ConnectorInputError("authentication.clientAuthentication must be set")
        return [("Authorization", f"Bearer {OAUTH_TOKEN}")], []
    if kind == "oauth-refresh-token":
        need("oauthTokenEndpoint")
        need("clientId")
        need("refreshToken")
        return [("Authorization", f"Bearer {OAUTH_TOKEN}")], []
    raise ConnectorInputError(f"unknown authentication.type {kind!r}")


def build_http(
    *, method: Any, url: Any, headers: Any = None, query: Any = None, body: Any = None,
    auth: Any = None, skip_encoding: Any = None, ignore_nulls: Any = False,
) -> HttpRequest:
    """One HTTP request from `HttpCommonRequest`-shaped values (secrets already resolved)."""
    if not isinstance(method, str) or method.upper() not in METHODS:
        raise ConnectorInputError(f"method must be one of {METHODS}, got {method!r}")
    verb = method.upper()
    if not isinstance(url, str) or not url.strip():
        raise ConnectorInputError("url must not be blank")
    if not URL_PATTERN.match(url):
        raise ConnectorInputError(f"url must be a http(s) URL, got {url!r}")
    header_map = string_map(headers, "headers") or {}
    query_map = string_map(query, "queryParameters") or {}
    # the Content-Type header is removed when null
    header_map = {k: v for k, v in header_map.items()
                  if not (k == "Content-Type" and v is None)}
    auth_headers, auth_query = _auth(auth)
    skip = isinstance(skip_encoding, str) and skip_encoding.strip().lower() == "true"

    out = HttpRequest(method=verb, url=encode_url(url, skip))
    # body
    content_type = next((v for k, v in header_map.items() if k.lower() == "content-type"), None)
    if verb in BODY_METHODS:
        if body is None or body == "":
            out.body, out.body_kind = b"", "none"
        elif isinstance(body, dict) and content_type is not None:
            mime = _mime(content_type)
            if mime == "multipart/form-data":
                boundary = "harness" + uuid.uuid5(uuid.NAMESPACE_URL, out.url).hex[:16]
                m = re.search(r"boundary=([^;]+)", content_type)
                if m:
                    boundary = m.group(1).strip('"')
                else:
                    content_type = f"multipart/form-data; boundary={boundary}"
                chunks = []
                for k, v in body.items():
                    if v is None:
                        raise ConnectorInputError(f"multipart part {k!r} is null (NPE)")
                    chunks.append(
                        # HttpMultipartMode.LEGACY writes only Content-Disposition for a
                        # text part (a Content-Type only for parts with a file name)
                        f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n"
                        f"\r\n{java_text(v)}\r\n")
                chunks.append(f"--{boundary}--\r\n")
                out.body, out.body_kind = "".join(chunks).encode("utf-8"), "multipart"
                header_map = {k: v for k, v in header_map.items() if k.lower() != "content-type"}
                header_map["Content-Type"] = content_type
            elif mime == "application/x-www-form-urlencoded":
                pieces = []
                for k, v in body.items():
                    pieces.append(quote(str(k), safe="") if v is None
                                  else urlencode([(str(k), java_text(v))]))
                out.body, out.body_kind = "&".join(pieces).encode("utf-8"), "form"
            else:
                value = _drop_nulls(body) if ignore_nulls is True else body
                out.json_body = value
                out.body, out.body_kind = json.dumps(value).encode("utf-8"), "json"
        elif isinstance(body, str):
            out.body, out.body_kind = body.encode("utf-8"), "text"
            if content_type is None:
                content_type = "text/plain; charset=UTF-8"
        else:
            value = _drop_nulls(body) if ignore_nulls is True else body
            out.json_body = value
            out.body, out.body_kind = json.dumps(value).encode("utf-8"), "json"
    # headers: auth first, then the default content type, then the map
    out.headers.extend(auth_headers)
    if verb in BODY_METHODS and not any(k.lower() == "content-type" for k in header_map):
        out.headers.append(("Content-Type", "application/json"))
    for k, v in header_map.items():
        if v is None:
            out.null_headers.append(k)
            out.headers.append((k, ""))
        else:
            out.headers.append((k, v))
    params = list(query_map.items()) + auth_query
    out.bare_query = [k for k, v in params if v is None]
    out.url = _add_query(out.url, params)
    return out


def rest_request(variables: dict[str, Any]) -> HttpRequest:
    v = resolve_secrets(variables)
    return build_http(method=v.get("method"), url=v.get("url"), headers=v.get("headers"),
                      query=v.get("queryParameters"), body=v.get("body"),
                      auth=v.get("authentication"), skip_encoding=v.get("skipEncoding"),
                      ignore_nulls=v.get("ignoreNullValues"))


@dataclass
class GraphQLCall:
    http: HttpRequest
    query: str
    variables: dict[str, Any]


def graphql_request(variables: dict[str, Any]) -> GraphQLCall:
    v = resolve_secrets(variables)
    g = v.get("graphql")
    if not isinstance(g, dict):
        raise ConnectorInputError("graphql inputs missing")
    query = g.get("query")
    if not isinstance(query, str) or not query.strip():
        raise ConnectorInputError("graphql.query must not be empty")
    gvars = g.get("variables")
    if gvars is not None and not isinstance(gvars, dict):
        raise ConnectorInputError("graphql.variables must be a context")
    method = str(g.get("method") or "get")
    payload = {"query": query, "variables": gvars or {}}
    if method.upper() in BODY_METHODS:
        http = build_http(method=method, url=g.get("url"), headers=g.get("headers"),
                          body=payload, auth=v.get("authentication"))
    else:
        http = build_http(method=method, url=g.get("url"), headers=g.get("headers"),
                          query={"query": query, "variables": json.dumps(gvars or {})},
                          auth=v.get("authentication"))
    return GraphQLCall(http=http, query=query, variables=gvars or {})
