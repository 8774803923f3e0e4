"""The request a template builds, next to the one newman sent, reduced to what is compared.

Template side, as the fidelity harness does it: the template of one operation is applied to a
task by the Modeler's own code with every field filled as a user would (the collection's value
where the template shows one: default, then example; "1" otherwise, as the synthetic environment
gives newman), its input mappings are evaluated by feelin and the request is built as the REST
connector builds it. Compared: method, path, query names, header names (transport headers aside),
body media type, and JSON keys or form field names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from harness.connector import ConnectorInputError, HttpRequest, graphql_request, rest_request
from harness.fill import typed
from harness.node import NodeHelper

from converter.model import GraphQLRequest, Location, Operation, RuntimeText, ValueType
from tests.postman.newman import MARKER, Captured

# Sent by newman or the connector's HTTP client on their own, not by the collection/template.
# Content-Type is compared as the body's media type: the connector also sends
# `application/json` on a POST/PUT/PATCH without a body, which carries no media type.
TRANSPORT = frozenset({"host", "content-length", "user-agent", "accept-encoding", "connection",
                       "cache-control", "postman-token", "transfer-encoding", "content-type",
                       MARKER.lower()})


@dataclass(frozen=True)
class Shape:
    """What is compared of one request."""

    method: str
    path: str
    query: tuple[str, ...]
    headers: tuple[str, ...]
    media: str
    body: tuple[str, ...]  # JSON key paths, form or multipart field names

    def differences(self, other: Shape) -> list[str]:
        return [f"{name}: {mine!r} != {theirs!r}"
                for name, mine, theirs in (
                    ("method", self.method, other.method), ("path", self.path, other.path),
                    ("query", self.query, other.query), ("headers", self.headers, other.headers),
                    ("media", self.media, other.media), ("body", self.body, other.body))
                if mine != theirs]


def of_newman(got: Captured) -> Shape:
    parts = urlsplit(got.target)
    names = [k.lower() for k, v in got.headers if k.lower() not in TRANSPORT
             and not (k.lower() == "accept" and v == "*/*")]
    media = next((v for k, v in got.headers if k.lower() == "content-type"), "")
    return Shape(got.method.upper(), unquote(parts.path), _query(parts.query),
                 tuple(sorted(set(names))), _media(media) if got.body else "",
                 _body(_media(media), got.body))


def of_template(request: HttpRequest) -> Shape:
    parts = urlsplit(request.url)
    names = [k.lower() for k, _ in request.headers if k.lower() not in TRANSPORT]
    names += [k.lower() for k in request.null_headers]
    body = request.body or b""
    media = _media(request.content_type or "") if body else ""
    return Shape(request.method.upper(), unquote(parts.path), _query(parts.query),
                 tuple(sorted(set(names))), media, _body(media, body))


def _query(text: str) -> tuple[str, ...]:
    return tuple(sorted({k for k, _ in parse_qsl(text, keep_blank_values=True)}
                        | {p for p in text.split("&") if p and "=" not in p}))


def _media(value: str) -> str:
    return value.split(";", 1)[0].strip().lower()


def _body(media: str, body: bytes) -> tuple[str, ...]:
    if not body:
        return ()
    if "json" in media:
        try:
            return tuple(sorted(_keys(json.loads(body), "")))
        except ValueError:
            return ("<not JSON>",)
    if media == "application/x-www-form-urlencoded":
        return tuple(sorted({k for k, _ in parse_qsl(body.decode("utf-8", "replace"),
                                                       keep_blank_values=True)}))
    if media == "multipart/form-data":
        return tuple(sorted({n.decode("utf-8", "replace")
                             for n in re.findall(rb'; name="([^"]*)"', body)}))
    return ("<text>",)


def _keys(value: Any, prefix: str) -> set[str]:
    out: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            out.add(prefix + k)
            out |= _keys(v, prefix + k + ".")
    elif isinstance(value, list):
        for v in value:
            out |= _keys(v, prefix + "[].")
    return out


def values(op: Operation, template: dict[str, Any], base: str,
           literals: dict[str, str] | None = None) -> dict[str, Any]:
    """What a user enters: the collection's values, "1" where it has none, the echo base.

    `literals` gives the text Postman sends for a path placeholder that has no value (a
    `:name` without a path variable entry, a `{name}` written in the URL: both are sent as
    they are): the user enters that text, so that both sides send the same path."""
    props = {p.get("id"): p for p in template["properties"]}
    single_graphql = isinstance(op.request, GraphQLRequest)
    out: dict[str, Any] = {}
    for pid in ("baseUrl", f"{op.id}.baseUrl"):
        if pid in props:
            out[pid] = base
    if "graphql.url" in props and props["graphql.url"].get("type") != "Hidden":
        out["graphql.url"] = base + "/graphql"
    for pid, prop in props.items():
        if isinstance(pid, str) and ".server_" in pid and prop.get("type") != "Hidden":
            out[pid] = "x"
    for inp in op.inputs:
        pid = inp.variable if single_graphql else f"{op.id}.{inp.variable}"
        prop = props.get(pid)
        if prop is None:
            continue
        wanted: Any = inp.default if inp.default is not None else inp.example
        if isinstance(wanted, RuntimeText):
            wanted = "1"  # a dynamic variable computed by FEEL: feelin lacks `random number()`
        if inp.type is ValueType.FILE:
            wanted = {"documentId": "d1", "storeId": "in-memory"}
        elif wanted is None and inp.location is Location.PATH and inp.name in (literals or {}):
            wanted = (literals or {})[inp.name]
        elif wanted is None or wanted == "":
            wanted = 1 if inp.type in (ValueType.INTEGER, ValueType.NUMBER, ValueType.ANY) \
                else "1"
        out[pid] = typed(prop, wanted)[0]
    return out


_APPLIED: dict[str, dict[str, Any]] = {}  # (template, values) JSON -> evaluated mappings


def sent_all(jobs: list[tuple[Operation, dict[str, Any], dict[str, Any]]],
             helper: NodeHelper) -> list[HttpRequest | ConnectorInputError]:
    """The request each (operation, template, entered values) makes: the templates applied in
    one batch, their mappings evaluated in one, each request built as the connector builds it
    (or the connector's refusal)."""
    from harness.apply import apply_many

    # The corpus holds each of Postman's examples twice (v2.0 and v2.1 spellings) and Box's
    # collection twice: identical templates with identical values are applied once.
    keys = [json.dumps([template, entered], sort_keys=True) for _, template, entered in jobs]
    fresh = [k for k in dict.fromkeys(keys) if k not in _APPLIED]
    by_key = {json.dumps([t, e], sort_keys=True): (t, e) for _, t, e in jobs}
    tasks = apply_many([by_key[k] for k in fresh], helper)
    answer = helper.request("mappings", jobs=[{"inputs": [list(i) for i in task.inputs],
                                               "variables": {}} for task in tasks])
    _APPLIED.update(zip(fresh, answer["results"], strict=True))
    out: list[HttpRequest | ConnectorInputError] = []
    for (op, _, _), key in zip(jobs, keys, strict=True):
        result = _APPLIED[key]
        problems = [s for s in result["steps"] if "error" in s or any(
            w.get("type") == "NO_FUNCTION_FOUND" for w in s.get("warnings", []))]
        try:
            if problems:
                raise ConnectorInputError(f"FEEL problems: {problems}")
            variables = result["variables"]
            out.append(graphql_request(variables).http if isinstance(op.request, GraphQLRequest)
                       else rest_request(variables))
        except ConnectorInputError as exc:
            out.append(exc)
    return out
