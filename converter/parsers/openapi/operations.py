"""One OpenAPI operation -> `Operation`: parameters, request body, responses, security.

Swagger 2.0 differences are handled where they occur (parameters carry their schema inline,
`in: body` / `in: formData`, `consumes` / `produces`, response `schema`), so both versions
produce the same model.
"""

from __future__ import annotations

import dataclasses
import http
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from converter import naming
from converter.diagnostics import Diagnostics
from converter.model import (
    AuthKind,
    AuthOption,
    BodyKind,
    ErrorCase,
    Input,
    Location,
    Operation,
    Protocol,
    RestBody,
    RestRequest,
    Result,
    ResultField,
    Server,
    ValueType,
)
from converter.naming import sentence
from converter.parsers.openapi import schemas
from converter.parsers.openapi.refs import Ref, RefError, Resolver

METHODS = ("get", "put", "post", "delete", "patch")
UNSUPPORTED_METHODS = ("head", "options", "trace")
MAX_RESULT_FIELDS = 20
# Headers the connector or the template sets itself (OpenAPI 3 says these are ignored too).
_MANAGED_HEADERS = {"accept", "content-type", "authorization"}
_PARAM_KEYS = {"type", "format", "items", "enum", "default", "minimum", "maximum", "pattern",
               "collectionFormat", "maxLength", "minLength", "example"}


@dataclass(frozen=True, slots=True)
class Context:
    """What every operation of one document shares."""

    resolver: Resolver
    swagger2: bool
    consumes: tuple[str, ...]
    produces: tuple[str, ...]
    diagnostics: Diagnostics
    global_auth: tuple[AuthOption, ...] | None = None  # the document's `security` options
    # What operations of one document share, worked out once (`dataclasses.replace` keeps the
    # same dicts): (id(node), document) -> (node, value), the node kept so that its id is not
    # reused while the entry lives. A multi-file spec names the same parameters and responses
    # from many operations (DigitalOcean: 1,019 parameter inputs of 345 nodes, 658 results of
    # 424 responses).
    inputs: dict[tuple[int, str], tuple[Any, Input]] = field(default_factory=dict,
                                                             compare=False, repr=False)
    results: dict[tuple[int, str], tuple[Any, tuple[Result, str]]] = field(
        default_factory=dict, compare=False, repr=False)


def build(
    *, ctx: Context, path: str, method: str, node: dict[str, Any], ref: Ref,
    shared_params: list[tuple[Any, Ref]], op_id: str, auth: tuple[AuthOption, ...] | None,
    servers: tuple[Server, ...], location: str,
) -> Operation:
    """Build one operation; raises RefError/ValueError when something essential is unusable."""
    taken: set[str] = set()
    params = _merge_params(ctx, shared_params, [(p, ref) for p in node.get("parameters") or []],
                           location)
    inputs: list[Input] = []
    body_params = []
    effective = auth if auth is not None else ctx.global_auth
    sets_authorization = any(_sets_authorization(o) for o in effective or ())
    for p, p_ctx in params:
        where = str(p.get("in", ""))
        if where == "body" or where == "formData":
            body_params.append((p, p_ctx))
            continue
        inp = _parameter_input(ctx, p, p_ctx, taken, location,
                               authorization_managed=sets_authorization)
        if inp is not None:
            inputs.append(inp)
    declared = {i.name for i in inputs if i.location is Location.PATH}
    for name in _PATH_PARAMETER.findall(path.split("#", 1)[0]):
        if name not in declared:
            # The spec forgot to declare it; without a field the URL would keep `{name}`.
            ctx.diagnostics.warning("openapi.path-parameter-undeclared",
                                    f"path parameter {{{name}}} is not declared; added as a "
                                    "required text field", location)
            inputs.append(Input(name=name, variable=naming.variable(name, taken,
                                                                    fallback="param"),
                                location=Location.PATH, required=True, type_label="string"))
            declared.add(name)
    inputs.sort(key=lambda i: _LOCATION_ORDER[i.location])
    body: RestBody | None = None
    if ctx.swagger2:
        body, body_inputs = _swagger2_body(ctx, node, body_params, taken, location)
    else:
        body, body_inputs = _body(ctx, node.get("requestBody"), ref, taken, location)
    if body is not None and method.upper() in ("GET", "DELETE"):
        ctx.diagnostics.warning("openapi.body-ignored",
                                f"{method.upper()} requests carry no body in the REST connector; "
                                "the request body is left out", location)
        body, body_inputs = None, []
    inputs.extend(body_inputs)
    result, accept, errors = _responses(ctx, node.get("responses"), ref, location)
    summary = str(node.get("summary") or "").strip()
    description = str(node.get("description") or "").strip()
    tags = tuple(str(t) for t in node.get("tags") or [] if isinstance(t, str | int))
    docs = node.get("externalDocs")
    return Operation(
        id=op_id,
        name=summary.splitlines()[0][:120] if summary else f"{method.upper()} {path}",
        protocol=Protocol.REST,
        request=RestRequest(method=method.upper(), path=path, body=body, accept=accept,
                            servers=servers),
        summary=summary,
        description=description,
        tags=tags,
        inputs=tuple(inputs),
        result=result,
        errors=errors,
        deprecated=node.get("deprecated") is True,
        auth_options=auth,
        location=location,
        docs_url=str(docs.get("url", "")) if isinstance(docs, dict) else "",
    )


_PATH_PARAMETER = re.compile(r"\{([^{}]+)\}")
# the order of inputs by location (parameters only: the body's come after)
_LOCATION_ORDER = {Location.PATH: 0, Location.QUERY: 1, Location.HEADER: 2, Location.COOKIE: 3}


def _merge_params(ctx: Context, shared: list[tuple[Any, Ref]], own: list[tuple[Any, Ref]],
                  location: str) -> list[tuple[dict[str, Any], Ref]]:
    """Path-item parameters overridden by operation parameters with the same name and `in`."""
    merged: dict[tuple[str, str], tuple[dict[str, Any], Ref]] = {}
    for raw, raw_ctx in [*shared, *own]:
        try:
            p, p_ctx = ctx.resolver.deref(raw, raw_ctx)
        except RefError as exc:
            ctx.diagnostics.warning("openapi.parameter-unresolved", f"parameter skipped: {exc}",
                                    location)
            continue
        if not isinstance(p, dict) or not isinstance(p.get("name"), str | int):
            continue
        merged[(str(p["name"]), str(p.get("in", "")))] = (p, p_ctx)
    return list(merged.values())


def _param_schema(ctx: Context, p: dict[str, Any], p_ctx: Ref) -> tuple[Any, Ref]:
    if "schema" in p:
        return p["schema"], p_ctx
    content = p.get("content")
    if isinstance(content, dict) and content:
        media = next(iter(content.values()))
        if isinstance(media, dict) and "schema" in media:
            return media["schema"], p_ctx
    # Swagger 2.0: the parameter itself carries type/format/items/enum.
    return {k: v for k, v in p.items() if k in _PARAM_KEYS}, p_ctx


def _sets_authorization(option: AuthOption) -> bool:
    """Does the connector write the `Authorization` header for this option?"""
    if option.kind in (AuthKind.BASIC, AuthKind.BEARER, AuthKind.OAUTH2_CLIENT_CREDENTIALS):
        return True
    return (option.kind is AuthKind.API_KEY and option.key_location == "header"
            and option.key_name.lower() == "authorization")


def _parameter_input(ctx: Context, p: dict[str, Any], p_ctx: Ref, taken: set[str],
                     location: str, *, authorization_managed: bool) -> Input | None:
    name = str(p["name"])
    where = str(p.get("in", ""))
    if where not in ("path", "query", "header", "cookie"):
        ctx.diagnostics.warning("openapi.parameter-location",
                                f"parameter {name!r} in {where!r} is not supported; skipped",
                                location)
        return None
    # `Authorization` is the template's only where the operation's security requirement names a
    # scheme that writes it; otherwise (no requirement, `security: []`, a scheme the connector
    # cannot perform) the spec's header parameter is the only way to send it (npr.org
    # revokeToken: oauth2 declared, but the operation takes a client token in the header).
    if where == "header" and name.lower() in _MANAGED_HEADERS and (
            name.lower() != "authorization" or authorization_managed):
        ctx.diagnostics.info("openapi.header-managed",
                             f"header parameter {name!r} is set by the template itself",
                             location)
        return None
    # The rest depends on the parameter alone, but for its variable (unique per operation).
    key = (id(p), p_ctx.base)
    hit = ctx.inputs.get(key)
    if hit is not None and hit[0] is p:
        variable = naming.variable(name, taken, fallback="param")
        known: Input = hit[1]
        return known if known.variable == variable else dataclasses.replace(known,
                                                                            variable=variable)
    inp = _new_parameter_input(ctx, p, p_ctx, name, where, taken)
    ctx.inputs[key] = (p, inp)
    return inp


def _new_parameter_input(ctx: Context, p: dict[str, Any], p_ctx: Ref, name: str, where: str,
                         taken: set[str]) -> Input:
    schema, s_ctx = _param_schema(ctx, p, p_ctx)
    v = schemas.view(schema, s_ctx, ctx.resolver)
    vt = schemas.value_type(v)
    example = p.get("example")
    if example is None and isinstance(p.get("examples"), dict):
        first = next(iter(p["examples"].values()), None)
        if isinstance(first, dict):
            example = first.get("value")
    if example is None:
        example = schemas.first_example(v)
    if example is None and vt in (ValueType.OBJECT, ValueType.ARRAY):
        example = schemas.example(schema, s_ctx, ctx.resolver)
    style = str(p.get("style") or ("form" if where in ("query", "cookie") else "simple"))
    explode = p.get("explode")
    if ctx.swagger2:
        fmt = str(p.get("collectionFormat", "csv"))
        style = {"multi": "form", "csv": "form"}.get(fmt, fmt)
        explode = fmt == "multi"
    return Input(
        name=name,
        variable=naming.variable(name, taken, fallback="param"),
        location=Location(where),
        type=vt,
        required=where == "path" or p.get("required") is True,
        enum=_enum(v),
        default=v.get("default"),
        example=example,
        description=str(p.get("description") or v.get("description") or ""),
        type_label=schemas.type_label(v),
        style=style,
        explode=bool(explode) if explode is not None else style == "form",
        nesting=schemas.nesting(schema, s_ctx, ctx.resolver),
        nullable=v.nullable,
    )


def _enum(v: schemas.View) -> tuple[str, ...]:
    values = [e for e in v.enum if e is not None and not isinstance(e, dict | list)]
    if not values or len(values) > 500:
        return ()
    out: list[str] = []
    for e in values:
        text = ("true" if e else "false") if isinstance(e, bool) else str(e)
        if text not in out:
            out.append(text)
    return tuple(out)


# --------------------------------------------------------------------------- request bodies

_JSON_HINTS = ("json",)


def _kind(media: str) -> BodyKind | None:
    m = media.lower().split(";")[0].strip()
    if m == "application/x-www-form-urlencoded":
        return BodyKind.FORM
    if m.startswith("multipart/"):
        return BodyKind.MULTIPART
    if "json" in m:
        return BodyKind.JSON
    if m.startswith("text/") or m.endswith("xml") or m.endswith("+xml") or \
            m in ("application/xml", "application/yaml", "application/x-yaml"):
        return BodyKind.TEXT
    if m == "*/*":
        return BodyKind.JSON
    return BodyKind.BINARY


_PREFERENCE = (BodyKind.JSON, BodyKind.FORM, BodyKind.MULTIPART, BodyKind.TEXT, BodyKind.BINARY)


def _choose_media(content: dict[str, Any]) -> str | None:
    options = [(str(m), _kind(str(m))) for m in content]
    for kind in _PREFERENCE:
        for media, k in options:
            if k is kind:
                # Prefer the plain type over vendor variants and wildcards.
                plain = [m for m, kk in options if kk is kind and m.split(";")[0] in (
                    "application/json", "application/x-www-form-urlencoded",
                    "multipart/form-data", "text/plain", "application/xml")]
                return plain[0] if plain else media
    return None


def _body(ctx: Context, raw: Any, ref: Ref, taken: set[str], location: str
          ) -> tuple[RestBody | None, list[Input]]:
    if raw is None:
        return None, []
    try:
        node, n_ctx = ctx.resolver.deref(raw, ref)
    except RefError as exc:
        ctx.diagnostics.warning("openapi.body-unresolved", f"request body skipped: {exc}",
                                location)
        return None, []
    content = node.get("content") if isinstance(node, dict) else None
    if not isinstance(content, dict) or not content:
        return None, []
    media = _choose_media(content)
    if media is None:
        return None, []
    media_node = content[media] if isinstance(content[media], dict) else {}
    schema = media_node.get("schema", {})
    example = media_node.get("example")
    if example is None and isinstance(media_node.get("examples"), dict):
        first = next(iter(media_node["examples"].values()), None)
        if isinstance(first, dict):
            try:
                first, _ = ctx.resolver.deref(first, n_ctx)
            except RefError:
                first = {}
            example = first.get("value") if isinstance(first, dict) else None
    encoding = schemas.obj(media_node.get("encoding"))
    return _structured_body(ctx, kind=_kind(media) or BodyKind.BINARY, media=media,
                            schema=schema, s_ctx=n_ctx, example=example,
                            required=node.get("required") is True,
                            description=str(node.get("description") or ""), encoding=encoding,
                            taken=taken, location=location)


def _structured_body(
    ctx: Context, *, kind: BodyKind, media: str, schema: Any, s_ctx: Ref, example: Any,
    required: bool, description: str, encoding: dict[str, Any], taken: set[str], location: str,
) -> tuple[RestBody, list[Input]]:
    v = schemas.view(schema, s_ctx, ctx.resolver)
    content_type = media.split(";")[0].strip() if media != "*/*" else "application/json"
    if kind in (BodyKind.FORM, BodyKind.MULTIPART) and v.properties:
        inputs = [_property_input(ctx, name, sub, sub_ctx, v, taken, encoding)
                  for name, (sub, sub_ctx) in v.properties.items()
                  if not _read_only(ctx, sub, sub_ctx)]
        return RestBody(kind=kind, content_type=content_type, required=required,
                        fields_inline=True, description=description), inputs
    if kind is BodyKind.JSON and example is None and schemas.is_flat(v, ctx.resolver):
        inputs = [_property_input(ctx, name, sub, sub_ctx, v, taken, {})
                  for name, (sub, sub_ctx) in v.properties.items()
                  if not _read_only(ctx, sub, sub_ctx)]
        return RestBody(kind=kind, content_type=content_type, required=required,
                        fields_inline=True, description=description), inputs
    if example is None:
        example = schemas.example(schema, s_ctx, ctx.resolver)
    vt = {BodyKind.TEXT: ValueType.STRING, BodyKind.BINARY: ValueType.FILE}.get(
        kind, schemas.value_type(v) if v.type else ValueType.ANY)
    if kind in (BodyKind.JSON, BodyKind.FORM, BodyKind.MULTIPART) and vt in (
            ValueType.STRING, ValueType.INTEGER, ValueType.NUMBER, ValueType.BOOLEAN) and not (
            kind is BodyKind.JSON and vt is ValueType.STRING):
        vt = ValueType.ANY  # a JSON scalar body still needs FEEL to keep its type
    # A JSON body that is one string stays STRING: the user types the text, and the renderer
    # sends its JSON text (the connector would send a string body unquoted).
    if v.variants and not v.type:
        ctx.diagnostics.info("openapi.body-variant",
                             "request body is one of several schemas; the example shows the "
                             "first", location)
    tooltip = description
    if v.variants and not v.type:
        tooltip = (sentence(tooltip) + " " if tooltip else "") + (
            "One of several shapes; prefilled with the first.")
    if kind is BodyKind.TEXT and example is not None and not isinstance(example, str):
        # The connector sends a string body as it is; a structured example becomes the text a
        # user would type: XML for XML media types, JSON text otherwise.
        if "xml" in content_type:
            xml = schemas.obj(v.get("xml"))
            root = str(xml.get("name") or _ref_name(schema) or "root")
            example = _xml_text(root, example, str(xml.get("namespace") or ""))
        else:
            example = json.dumps(example, ensure_ascii=False)
    body_input = Input(
        name="body", variable=naming.variable("requestBody", taken), location=Location.BODY,
        type=vt, required=required, example=example, description=tooltip,
        type_label=f"{content_type} {schemas.type_label(v)}".strip(),
    )
    return RestBody(kind=kind, content_type=content_type, required=required,
                    fields_inline=False, description=description), [body_input]


def _ref_name(schema: Any) -> str:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else ""


def _xml_text(name: str, value: Any, namespace: str = "") -> str:
    """`value` as an XML element: objects as children, lists as repeated elements."""
    attrs = f' xmlns="{_xml_escape(namespace).replace(chr(34), "&quot;")}"' if namespace else ""
    if isinstance(value, dict):
        inner = "".join(_xml_text(str(k), v) for k, v in value.items())
    elif isinstance(value, list):
        return "".join(_xml_text(name, v) for v in value) if not attrs else \
            f"<{name}{attrs}>" + "".join(_xml_text("item", v) for v in value) + f"</{name}>"
    elif isinstance(value, bool):
        inner = "true" if value else "false"
    else:
        inner = _xml_escape("" if value is None else str(value))
    return f"<{name}{attrs}>{inner}</{name}>"


def _xml_escape(text: str) -> str:
    """`&`, `<`, `>` as entities (xml.sax.saxutils.escape, whose module imports urllib.request
    and with it http.client and email: 20-50 ms on every start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _read_only(ctx: Context, sub: Any, sub_ctx: Ref) -> bool:
    return schemas.view(sub, sub_ctx, ctx.resolver).get("readOnly") is True


def _property_input(ctx: Context, name: str, sub: Any, sub_ctx: Ref, parent: schemas.View,
                    taken: set[str], encoding: dict[str, Any]) -> Input:
    sv = schemas.view(sub, sub_ctx, ctx.resolver)
    vt = schemas.value_type(sv)
    enc = schemas.obj(encoding.get(name))
    example = schemas.first_example(sv)
    if example is None and vt in (ValueType.OBJECT, ValueType.ARRAY, ValueType.ANY):
        example = schemas.example(sub, sub_ctx, ctx.resolver, name=name)
    # No style, explode or allowReserved: the member is encoded by the encoding's contentType
    # (application/json for an object), not as parameters; style "" records that
    declared = any(k in enc for k in ("style", "explode", "allowReserved"))
    style = str(enc.get("style") or "form") if declared else ""
    explode = enc.get("explode")
    return Input(
        name=name, variable=naming.variable(name, taken, fallback="field"),
        location=Location.BODY, type=vt, required=name in parent.required,
        enum=_enum(sv), default=sv.get("default"), example=example,
        description=str(sv.get("description") or ""), type_label=schemas.type_label(sv),
        path=(name,), style=style,
        explode=bool(explode) if explode is not None else style == "form",
        nesting=schemas.nesting(sub, sub_ctx, ctx.resolver),
        nullable=sv.nullable,
    )


def _swagger2_body(ctx: Context, node: dict[str, Any], params: list[tuple[dict[str, Any], Ref]],
                   taken: set[str], location: str) -> tuple[RestBody | None, list[Input]]:
    consumes = tuple(str(c) for c in node.get("consumes") or ctx.consumes)
    body = [(p, c) for p, c in params if p.get("in") == "body"]
    form = [(p, c) for p, c in params if p.get("in") == "formData"]
    if body:
        p, p_ctx = body[0]
        media = _choose_media({c: {} for c in consumes}) or "application/json"
        kind = _kind(media) or BodyKind.JSON
        if kind in (BodyKind.FORM, BodyKind.MULTIPART):
            kind, media = BodyKind.JSON, "application/json"
        return _structured_body(ctx, kind=kind, media=media, schema=p.get("schema", {}),
                                s_ctx=p_ctx, example=p.get("x-example"),
                                required=p.get("required") is True,
                                description=str(p.get("description") or ""), encoding={},
                                taken=taken, location=location)
    if not form:
        return None, []
    has_file = any(p.get("type") == "file" for p, _ in form)
    multipart = has_file or (any(c.startswith("multipart/") for c in consumes) and not any(
        c == "application/x-www-form-urlencoded" for c in consumes))
    kind = BodyKind.MULTIPART if multipart else BodyKind.FORM
    inputs = []
    for p, p_ctx in form:
        schema, s_ctx = _param_schema(ctx, p, p_ctx)
        sv = schemas.view(schema, s_ctx, ctx.resolver)
        inputs.append(Input(
            name=str(p["name"]), variable=naming.variable(str(p["name"]), taken,
                                                          fallback="field"),
            location=Location.BODY, type=schemas.value_type(sv), required=p.get("required") is True,
            enum=_enum(sv), default=sv.get("default"), example=p.get("x-example"),
            description=str(p.get("description") or ""), type_label=schemas.type_label(sv),
            path=(str(p["name"]),), style="form",
            explode=p.get("collectionFormat") == "multi",
        ))
    return RestBody(kind=kind, content_type="multipart/form-data" if multipart
                    else "application/x-www-form-urlencoded",
                    required=any(i.required for i in inputs), fields_inline=True), inputs


# --------------------------------------------------------------------------- responses


def _responses(ctx: Context, raw: Any, ref: Ref, location: str
               ) -> tuple[Result, str, tuple[ErrorCase, ...]]:
    if not isinstance(raw, dict):
        return Result(has_content=True), "", ()
    codes = [str(c) for c in raw]
    success = sorted(c for c in codes if c.startswith("2"))
    errors = tuple(_error_case(c, raw[c] if isinstance(raw.get(c), dict) else {})
                   for c in codes if c[:1] in ("4", "5"))
    if not success:
        if "default" in codes:
            success = ["default"]
        else:
            return Result(has_content=True), "", errors
    code = success[0]
    try:
        node, n_ctx = ctx.resolver.deref(raw[code] if code in raw else raw[int(code)], ref)
    except (RefError, KeyError, ValueError) as exc:
        ctx.diagnostics.warning("openapi.response-unresolved", f"response {code}: {exc}",
                                location)
        return Result(has_content=True), "", errors
    if not isinstance(node, dict):
        return Result(has_content=True), "", errors
    key = (id(node), n_ctx.base)
    hit = ctx.results.get(key)
    if hit is None or hit[0] is not node:
        hit = ctx.results[key] = (node, _result(ctx, node, n_ctx))
    result, accept = hit[1]
    return result, accept, errors


def _result(ctx: Context, node: dict[str, Any], n_ctx: Ref) -> tuple[Result, str]:
    """The result of a success response (resolved) and the media type to accept."""
    if ctx.swagger2:
        if "schema" not in node:
            return Result(has_content=False), ""
        media = _choose_media({p: {} for p in ctx.produces}) or "application/json"
        schema, s_ctx = node["schema"], n_ctx
    else:
        content = node.get("content")
        if not isinstance(content, dict) or not content:
            return Result(has_content=False), ""
        media = _choose_media(content) or next(iter(content))
        m = schemas.obj(content.get(media))
        schema, s_ctx = m.get("schema", {}), n_ctx
    accept = media if media != "*/*" else ""
    if _kind(media) is not BodyKind.JSON:
        return Result(has_content=True, name="body"), accept
    v = schemas.view(schema, s_ctx, ctx.resolver)
    if v.type == "array":
        return Result(has_content=True, is_list=True, name="items"), accept
    if v.type == "object" and 0 < len(v.properties) <= MAX_RESULT_FIELDS:
        taken: set[str] = set()
        fields = tuple(
            ResultField(name=naming.variable(name, taken, fallback="field"), path=(name,))
            for name, (sub, sub_ctx) in v.properties.items()
            if schemas.view(sub, sub_ctx, ctx.resolver).get("writeOnly") is not True
        )
        return Result(has_content=True, fields=fields), accept
    return Result(has_content=True, name="result"), accept


def _error_case(code: str, node: dict[str, Any]) -> ErrorCase:
    return _error(code, str(node.get("description") or ""))


@lru_cache(maxsize=1024)
def _error(code: str, description: str) -> ErrorCase:
    """The error case of a status code (records are immutable: specs repeat the same few)."""
    upper = code.upper()
    if upper in ("4XX", "5XX"):
        name = "CLIENT_ERROR" if upper == "4XX" else "SERVER_ERROR"
    else:
        try:
            name = http.HTTPStatus(int(code)).name
        except ValueError:
            name = f"HTTP_{naming.identifier(code).upper()}"
    return ErrorCase(code=upper, name=name, description=description)
