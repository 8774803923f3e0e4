"""One collection item with a `request` -> one REST (or GraphQL) operation, or a skip reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from converter import naming
from converter.diagnostics import Diagnostics
from converter.model import (
    AuthKind,
    AuthOption,
    Input,
    Location,
    Operation,
    RestRequest,
    Server,
)
from converter.parsers.postman import auth, bodies, fields, graphql, responses, scripts, servers
from converter.parsers.postman.text import label, plain
from converter.parsers.postman.urls import Url, read
from converter.parsers.postman.variables import Value, Variables, secret_name

METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})


@dataclass
class Collection:
    """What every request of a collection shares while it is read."""

    variables: Variables
    diagnostics: Diagnostics
    ids: set[str] = field(default_factory=set)
    locations: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Built:
    """An operation and the server its URL names (the parser picks the API's common one)."""

    operation: Operation
    server: Server | None  # None for GraphQL operations (the endpoint is in the request)


def build(item: dict[str, Any], folders: list[str], chain: list[auth.Auth | None],
          collection: Collection) -> Built | None:
    """The operation of a request item; None (with a diagnostic) when it cannot be one."""
    name = label(item.get("name"), "request")
    where = naming.unique("/".join([*folders, name]), collection.locations)
    request = item["request"]
    if isinstance(request, str):  # v2.0 allows the URL alone
        request = {"url": request, "method": "GET"}
    diags = collection.diagnostics
    if not isinstance(request, dict):
        diags.warning("postman.request-invalid", "the request is not an object; skipped", where)
        return None
    method = str(request.get("method") or "GET").strip().upper()
    if method not in METHODS:
        diags.warning("postman.method-unsupported",
                      f"{method} requests cannot be sent by the REST connector (GET, POST, PUT, "
                      "PATCH and DELETE only); skipped", where)
        return None
    note = scripts.warning(item.get("event"))
    if note:
        diags.warning("postman.script-not-run", note, where)
    url = read(request.get("url"))
    headers = _headers(request.get("header"))
    own = auth.effective([auth.read(request.get("auth")), *chain])
    body = request.get("body")
    if isinstance(body, dict) and body.get("mode") == "graphql" and body.get("disabled") \
            is not True:
        op = graphql.operation(item, request, url, headers, own, name=name, where=where,
                               folders=folders, collection=collection)
        return None if op is None else Built(op, None)
    if not url.base and not url.segments:
        diags.warning("postman.url-missing", "the request has no URL; skipped", where)
        return None
    return Built(_rest(item, request, url, headers, method, own, name, where, folders,
                       collection), servers.server(url.base, collection.variables))


def _rest(item: dict[str, Any], request: dict[str, Any], url: Url,
          headers: list[tuple[str, str, str]], method: str, own: auth.Auth | None, name: str,
          where: str, folders: list[str], collection: Collection) -> Operation:
    diags, variables = collection.diagnostics, collection.variables
    taken: set[str] = set()
    path, inputs = servers.path(url, variables, taken, diags, where)
    options = auth.options(own, diagnostics=diags, where=where)
    content_type = next((v for k, v, _ in reversed(headers) if k.lower() == "content-type"),
                        None)
    options, query = _query(url, options, variables, taken, diags, where)
    inputs.extend(query)
    options, header_inputs, accept = _header_inputs(headers, options, own is not None,
                                                    variables, taken, diags, where)
    behaviour = item.get("protocolProfileBehavior")
    built = bodies.build(request.get("body"), method, content_type and
                         variables.substitute(content_type), taken,
                         bodies.Scope(variables, diags, where),
                         pruned=not (isinstance(behaviour, dict)
                                     and behaviour.get("disableBodyPruning") is True))
    if built.body is None:
        inputs.extend(header_inputs)
    else:  # the body kind sets Content-Type
        inputs.extend(i for i in header_inputs if i.name.lower() != "content-type")
    inputs.extend(built.inputs)
    result, errors = responses.read(item.get("response"))
    return Operation(
        id=naming.unique(naming.identifier(name), collection.ids), name=name,
        request=RestRequest(method=method, path=path, body=built.body, accept=accept),
        description=plain(request.get("description")) or plain(item.get("description")),
        tags=fields.folder_tags(folders), inputs=tuple(inputs), result=result,
        errors=errors, auth_options=options, location=where)


def _headers(raw: Any) -> list[tuple[str, str, str]]:
    """Enabled headers as (name, value, description); v2.0 may give one `Name: value` text."""
    out: list[tuple[str, str, str]] = []
    if isinstance(raw, str):
        for line in raw.splitlines():
            head, sep, tail = line.partition(":")
            if sep and head.strip() and not head.strip().startswith("//"):
                out.append((head.strip(), tail.strip(), ""))
        return out
    for entry in raw if isinstance(raw, list) else ():
        if not isinstance(entry, dict) or entry.get("disabled") is True:
            continue
        key, value = entry.get("key"), entry.get("value")
        if isinstance(key, str) and key.strip():
            text = value if isinstance(value, str) else "" if value is None else str(value)
            out.append((key.strip(), text, plain(entry.get("description"))))
    return out


def _query(url: Url, options: tuple[AuthOption, ...], variables: Variables, taken: set[str],
           diags: Diagnostics, where: str) -> tuple[tuple[AuthOption, ...], list[Input]]:
    """Query inputs; a credential parameter of a request without auth becomes an API key."""
    out: list[Input] = []
    seen: set[str] = set()
    for param in url.query:
        if param.key in seen:
            diags.info("postman.duplicate-parameter",
                       f"query parameter {param.key!r} is given twice; the template sends it once",
                       where)
            continue
        seen.add(param.key)
        if options == auth.NONE and secret_name(param.key) and param.value:
            options = (AuthOption(kind=AuthKind.API_KEY, key_name=param.key,
                                  key_location="query",
                                  scheme=auth.scheme_of(param.value)),)
            continue
        if param.value is None:
            value = Value(note="Sent without a value in the collection")
        else:
            value = variables.value(param.value, name=param.key, diagnostics=diags, where=where)
        out.append(fields.make(param.key or "parameter", value, Location.QUERY, taken,
                               description=param.description, fallback="param"))
    return options, out


def _header_inputs(headers: list[tuple[str, str, str]], options: tuple[AuthOption, ...],
                   has_auth: bool, variables: Variables, taken: set[str], diags: Diagnostics,
                   where: str) -> tuple[tuple[AuthOption, ...], list[Input], str]:
    """Header inputs, the Accept value, and the auth a credential header stands for."""
    out: list[Input] = []
    accept = ""
    seen: set[str] = set()
    for key, text, description in headers:
        lowered = key.lower()
        if lowered in seen:
            if lowered != "content-type":
                diags.info("postman.duplicate-header", f"header {key!r} is given twice; the "
                           "template sends the first", where)
            continue
        seen.add(lowered)
        if lowered == "accept" and text and "{{" not in text:
            accept = text
            continue
        credential = auth.from_header(key, text)
        if credential is not None and lowered == "authorization" and has_auth:
            continue  # Postman's auth replaces the header
        if credential is not None and options == auth.NONE:
            options = (credential,)
            continue
        value = variables.value(text, name=key, diagnostics=diags, where=where)
        if value.example is not None:  # a header is configuration: its example a default
            value = Value(default=value.example, note=value.note)
        out.append(fields.make(key, value, Location.HEADER, taken, description=description,
                               fallback="header"))
    return options, out, accept
