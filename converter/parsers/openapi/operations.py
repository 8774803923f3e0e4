"""One OpenAPI operation -> `Operation`: parameters, request body, responses, security.

Swagger 2.0 differences are handled where they occur (parameters carry their schema inline,
`in: body` / `in: formData`, `consumes` / `produces`, response `schema`), so both versions
produce the same model.
"""

from __future__ import annotations

import re
from typing import Any

from converter import naming
from converter.model import (
    AuthKind,
    AuthOption,
    Encoding,
    Input,
    Location,
    Operation,
    RestRequest,
    Server,
    ValueType,
)
from converter.parsers.openapi import bodies, responses, schemas
from converter.parsers.openapi.context import Context, enum, param_schema
from converter.parsers.openapi.refs import Ref, RefError

METHODS = ("get", "put", "post", "delete", "patch")
UNSUPPORTED_METHODS = ("head", "options", "trace")
# Headers the connector or the template sets itself (OpenAPI 3 says these are ignored too).
_MANAGED_HEADERS = {"accept", "content-type", "authorization"}


def build(
    *, ctx: Context, path: str, method: str, node: dict[str, Any], ref: Ref,
    shared_params: list[tuple[Any, Ref]], op_id: str, auth: tuple[AuthOption, ...] | None,
    servers: tuple[Server, ...], location: str,
) -> Operation:
    """Build one operation; raises RefError/ValueError when something essential is unusable."""
    taken: set[str] = set()
    own = [(p, ref) for p in schemas.seq(node.get("parameters"))]
    params = _merge_params(ctx, shared_params, own, location)
    inputs: list[Input] = []
    encodings: list[tuple[str, Encoding]] = []
    body_params = []
    effective = auth if auth is not None else ctx.global_auth
    sets_authorization = any(_sets_authorization(o) for o in effective or ())
    for p, p_ctx in params:
        where = str(p.get("in", ""))
        if where in ("body", "formData"):
            body_params.append((p, p_ctx))
            continue
        made = _parameter_input(ctx, p, p_ctx, taken, location,
                                authorization_managed=sets_authorization)
        if made is not None:
            inputs.append(made[0])
            encodings.append((made[0].variable, made[1]))
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
    if ctx.swagger2:
        body = bodies.swagger2_body(ctx, node, body_params, taken, location)
    else:
        body = bodies.body(ctx, node.get("requestBody"), ref, taken, location)
    if body.body is not None and method.upper() in ("GET", "DELETE"):
        if body.body.required:
            # The call cannot be made as the spec describes it: say so by name, not as the
            # routine note about an optional body.
            ctx.diagnostics.warning(
                "openapi.required-body-unsendable",
                f"{method.upper()} {path} requires a request body ({body.body.content_type}), "
                f"which the REST connector cannot send (it sends a body only with POST, PUT and "
                "PATCH); the template leaves the body out, so the API will likely refuse the "
                "call", location)
        else:
            ctx.diagnostics.warning("openapi.body-ignored",
                                    f"{method.upper()} requests carry no body in the REST "
                                    "connector; the optional request body is left out",
                                    location)
        body = bodies.NO_BODY
    inputs.extend(body.inputs)
    encodings.extend(body.encodings)
    result, accept, errors = responses.read(ctx, node.get("responses"), ref, location)
    summary = str(node.get("summary") or "").strip()
    description = str(node.get("description") or "").strip()
    tags = tuple(str(t) for t in schemas.seq(node.get("tags")) if isinstance(t, str | int))
    docs = node.get("externalDocs")
    return Operation(
        id=op_id,
        name=summary.splitlines()[0][:120] if summary else f"{method.upper()} {path}",
        request=RestRequest(method=method.upper(), path=path, body=body.body, accept=accept,
                            servers=servers, encodings=tuple(encodings)),
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
        spec_name=raw_id.strip() if isinstance(raw_id := node.get("operationId"), str) else "",
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


def _sets_authorization(option: AuthOption) -> bool:
    """Does the connector write the `Authorization` header for this option?"""
    if option.kind in (AuthKind.BASIC, AuthKind.BEARER, AuthKind.OAUTH2_CLIENT_CREDENTIALS):
        return True
    return (option.kind is AuthKind.API_KEY and option.key_location == "header"
            and option.key_name.lower() == "authorization")


def _parameter_input(ctx: Context, p: dict[str, Any], p_ctx: Ref, taken: set[str],
                     location: str, *, authorization_managed: bool
                     ) -> tuple[Input, Encoding] | None:
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
    schema = param_schema(p)
    v = schemas.view(schema, p_ctx, ctx.resolver)
    vt = schemas.value_type(v)
    example = p.get("example")
    if example is None and isinstance(p.get("examples"), dict):
        first = next(iter(p["examples"].values()), None)
        if isinstance(first, dict):
            example = first.get("value")
    if example is None:
        example = schemas.first_example(v)
    if example is None and vt in (ValueType.OBJECT, ValueType.ARRAY):
        example = schemas.example(schema, p_ctx, ctx.resolver)
    style = str(p.get("style") or ("form" if where in ("query", "cookie") else "simple"))
    explode = p.get("explode")
    if ctx.swagger2:
        fmt = str(p.get("collectionFormat", "csv"))
        style = {"multi": "form", "csv": "form"}.get(fmt, fmt)
        explode = fmt == "multi"
    inp = Input(
        name=name,
        variable=naming.variable(name, taken, fallback="param"),
        location=Location(where),
        type=vt,
        required=where == "path" or p.get("required") is True,
        enum=enum(v),
        default=v.get("default"),
        example=example,
        description=str(p.get("description") or v.get("description") or ""),
        type_label=schemas.type_label(v),
        nullable=v.nullable,
    )
    return inp, Encoding(style=style,
                         explode=bool(explode) if explode is not None else style == "form",
                         nesting=schemas.nesting(schema, p_ctx, ctx.resolver))


