"""Step 5 (REST): judge a built request with openapi-core against the original description.

openapi-core checks server + path, method, parameters (presence, style, schema), request body
(content type, schema) and security. On top of it the harness checks what openapi-core cannot
see: a header or query parameter the connector sends with no value (a null the template failed
to filter), and that every value the user entered arrives where the spec puts it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import yaml
from werkzeug.datastructures import Headers, ImmutableMultiDict

from harness.connector import HttpRequest


class JudgeUnavailable(RuntimeError):
    """The spec cannot be loaded by the judge (its own defect or an unsupported version)."""


@dataclass(frozen=True, slots=True)
class Expected:
    """A value the user entered and where the spec says it must arrive."""

    location: str  # path | query | header | cookie | body
    name: str  # parameter name, or body member path joined by "."
    value: Any
    path: tuple[str, ...] = ()


@dataclass
class Verdict:
    accepted: bool
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (code, detail)

    def reject(self, code: str, detail: str) -> None:
        self.accepted = False
        self.reasons.append((code, detail))


class _Request:
    """An `openapi_core.protocols.Request` built from the harness's HttpRequest."""

    def __init__(self, req: HttpRequest) -> None:
        parts = urlsplit(req.url)
        self.host_url = f"{parts.scheme}://{parts.netloc}"
        self.path = unquote(parts.path) if "%2F" not in parts.path.upper() else parts.path
        self.full_url_pattern = self.host_url + self.path
        self.method = req.method.lower()
        self.body = req.body if req.body else None
        ctype = req.content_type
        self.content_type = ctype or ""  # with parameters (boundary, charset)
        self.mimetype = self.content_type.split(";")[0].strip()
        query = parse_qsl(parts.query, keep_blank_values=True)
        cookies: list[tuple[str, str]] = []
        for name, value in req.headers:
            if name.lower() == "cookie":
                jar: SimpleCookie = SimpleCookie()
                jar.load(value)
                cookies.extend((k, m.value) for k, m in jar.items())
        from openapi_core.datatypes import RequestParameters

        self.parameters = RequestParameters(
            query=ImmutableMultiDict(query),
            header=Headers(req.headers),
            cookie=ImmutableMultiDict(cookies),
        )


def _load_document(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    if not isinstance(data, dict):
        raise JudgeUnavailable(f"{path}: not a mapping")
    return data


class _KeepEveryFormat(dict):  # type: ignore[type-arg]
    """openapi-core raises FormatterNotFoundError on formats it has no unmarshaller for
    (python-openapi/openapi-core#515, "FIXME: don't raise exception on unknown format"); the
    judge keeps such values as they are (format *validation* is unaffected)."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: Any) -> Any:
        return _identity

    def get(self, key: Any, default: Any = None) -> Any:
        return _identity


def _identity(value: Any) -> Any:
    return value


@functools.lru_cache(maxsize=8)
def load(path: str) -> Any:
    """The openapi-core `OpenAPI` object for a spec file (relative `$ref`s resolved)."""
    from openapi_core import Config, OpenAPI

    p = Path(path).resolve()
    doc = _load_document(p)
    if str(doc.get("swagger", "")).startswith("2"):
        from harness.swagger2 import to_openapi3

        doc = to_openapi3(doc, p)
    if not str(doc.get("openapi", "")).startswith("3"):
        raise JudgeUnavailable(f"{p.name}: not OpenAPI 3 (openapi={doc.get('openapi')!r})")
    try:
        return OpenAPI.from_dict(doc, base_uri=p.as_uri(), config=Config(spec_validator_cls=None,
                                          extra_format_unmarshallers=_KeepEveryFormat()))
    except Exception as exc:  # the spec itself is broken beyond what openapi-core loads
        raise JudgeUnavailable(f"{p.name}: openapi-core cannot load it: {exc}") from exc


_CODES = {
    "ServerNotFound": "server.not-found",
    "PathNotFound": "path.not-found",
    "OperationNotFound": "method.not-allowed",
    "MissingRequiredParameter": "param.missing",
    "MissingParameter": "param.missing",
    "ParameterValidationError": "param.invalid",
    "InvalidParameter": "param.invalid",
    "DeserializeError": "param.invalid",
    "EmptyQueryParameterValue": "query.null-sent",
    "MissingRequiredRequestBody": "body.missing",
    "MissingRequestBody": "body.missing",
    "MediaTypeNotFound": "body.content-type",
    "RequestBodyValidationError": "body.invalid",
    "InvalidRequestBody": "body.invalid",
    "SecurityValidationError": "security",
    "SecurityNotFound": "security",
    "InvalidSecurity": "security",
}


def _explain(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    inner = getattr(exc, "schema_errors", None)
    if inner:
        text += " [" + "; ".join(
            f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"[:200]
            for e in list(inner)[:3]) + "]"
    cause = exc.__cause__
    if cause is not None and cause is not exc:
        text += f" <- {_explain(cause)}"
    return text[:600]


_GENERIC = {"body.invalid", "param.invalid"}


def _code(exc: BaseException) -> str:
    """The most specific code along the exception and its causes."""
    codes = []
    node: BaseException | None = exc
    while node is not None and len(codes) < 6:
        for klass in type(node).__mro__:
            if klass.__name__ in _CODES:
                codes.append(_CODES[klass.__name__])
                break
        node = node.__cause__ if node.__cause__ is not node else None
    specific = [c for c in codes if c not in _GENERIC]
    if specific:
        return specific[0]
    return codes[0] if codes else "openapi." + type(exc).__name__


def norm(value: Any) -> Any:
    """Compare what was entered with what arrived, modulo JSON/text/number spelling."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float | Decimal):
        d = Decimal(str(value))
        return format(d.normalize(), "f") if d == d.to_integral() else str(d.normalize())
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, list | tuple):
        return [norm(v) for v in value]
    if isinstance(value, dict):
        return {str(k): norm(v) for k, v in value.items()}
    if isinstance(value, str):
        try:
            return norm(Decimal(value)) if value.strip() and value == value.strip() else value
        except Exception:
            return value
    return str(value)


def _same(entered: Any, arrived: Any) -> bool:
    a, b = norm(entered), norm(arrived)
    if a == b:
        return True
    # date-time spelled differently (Z vs +00:00)
    if isinstance(a, str) and isinstance(b, str):
        return a.replace("Z", "+00:00") == b.replace("Z", "+00:00")
    return False


def _dig(value: Any, path: tuple[str, ...]) -> tuple[bool, Any]:
    for key in path:
        if isinstance(value, dict) and key in value:
            value = value[key]
        else:
            return False, None
    return True, value


def judge(spec_path: str | Path, req: HttpRequest, *, expected: list[Expected] | tuple = (),
          operation: tuple[str, str] | None = None) -> Verdict:
    """Is `req` a valid call of the spec (and of `operation` = (METHOD, path template))?"""
    verdict = Verdict(accepted=True)
    api = load(str(Path(spec_path).resolve()))
    request = _Request(req)
    for name in req.null_headers:
        verdict.reject("header.null-sent",
                       f"header {name!r} sent with no value (a null entry was not filtered)")
    for name in req.bare_query:
        verdict.reject("query.null-sent",
                       f"query parameter {name!r} sent with no value (null not filtered)")
    try:
        result = api.unmarshal_request(request)
    except Exception as exc:  # finder errors raise in some versions
        verdict.reject(_code(exc), _explain(exc))
        return verdict
    query_keys = {k for k, _ in parse_qsl(urlsplit(req.url).query, keep_blank_values=True)}
    for err in result.errors:
        code = _code(err)
        if code == "query.null-sent" and req.bare_query:
            continue  # already reported with the parameter's name
        text = _explain(err)
        if "'deepObject'" in text and getattr(err, "location", "") == "query":
            name = getattr(err, "name", "")
            if not any(k == name or k.startswith(name + "[") for k in query_keys):
                # openapi-core cannot deserialize an absent deepObject parameter; absent is
                # fine for an optional one (a missing required one is reported separately)
                continue
            if not any(k.startswith(name + "[") for k in query_keys):
                code = "param.style"
                text = (f"query parameter {name!r} has style deepObject "
                        f"({name}[key]=value) but was sent as {name}=...; " + text)
        verdict.reject(code, text)
    if operation is not None and not result.errors:
        from openapi_core.templating.paths.finders import APICallPathFinder

        try:
            found = APICallPathFinder(api.spec).find(request.method, request.full_url_pattern)
            template = found.path.parts[-1] if hasattr(found.path, "parts") else str(found.path)
            method = request.method.upper()
            if (method, str(template)) != (operation[0].upper(), operation[1]):
                verdict.reject("operation.wrong",
                               f"request matches {method} {template}, not {operation[0]} "
                               f"{operation[1]}")
        except Exception as exc:
            verdict.reject(_code(exc), _explain(exc))
    if result.errors:
        return verdict
    params = result.parameters
    body = result.body
    for exp in expected:
        if exp.location == "body":
            if isinstance(body, dict | list):
                found_it, arrived = _dig(body, exp.path)
            elif body is not None and not exp.path:
                found_it, arrived = True, body
            else:
                found_it, arrived = False, None
        else:
            bag = getattr(params, exp.location, {}) or {}
            lookup = {k.lower(): v for k, v in bag.items()} if exp.location == "header" else bag
            key = exp.name.lower() if exp.location == "header" else exp.name
            found_it, arrived = (key in lookup), lookup.get(key)
        if not found_it:
            verdict.reject("value.lost", f"{exp.location} {exp.name!r}: entered "
                                         f"{exp.value!r} but the request does not carry it")
        elif not _same(exp.value, arrived):
            verdict.reject("value.changed", f"{exp.location} {exp.name!r}: entered "
                                            f"{exp.value!r}, the API receives {arrived!r}")
    return verdict
