"""An OpenAPI operation's responses -> what a successful call returns and the error cases."""

from __future__ import annotations

import http
from typing import Any

from converter import naming
from converter.model import BodyKind, ErrorCase, Result, ResultField
from converter.parsers.openapi import schemas
from converter.parsers.openapi.bodies import body_kind, choose_media
from converter.parsers.openapi.context import Context
from converter.parsers.openapi.refs import Ref, RefError

MAX_RESULT_FIELDS = 20


def read(ctx: Context, raw: Any, ref: Ref, location: str
         ) -> tuple[Result, str, tuple[ErrorCase, ...]]:
    """The result of the first success response, the media type to accept, the error cases."""
    if not isinstance(raw, dict):
        return Result(has_content=True), "", ()
    codes = [str(c) for c in raw]
    success = sorted(c for c in codes if c.startswith("2"))
    errors = tuple(_error_case(c, raw[c] if isinstance(raw.get(c), dict) else {})
                   for c in codes if c[:1] in ("4", "5"))
    if not success and "default" not in codes:
        return Result(has_content=True), "", errors
    code = success[0] if success else "default"
    try:
        node, n_ctx = ctx.resolver.deref(raw[code] if code in raw else raw[int(code)], ref)
    except (RefError, KeyError, ValueError) as exc:
        ctx.diagnostics.warning("openapi.response-unresolved", f"response {code}: {exc}",
                                location)
        return Result(has_content=True), "", errors
    if not isinstance(node, dict):
        return Result(has_content=True), "", errors
    result, accept = _result(ctx, node, n_ctx)
    return result, accept, errors


def _result(ctx: Context, node: dict[str, Any], n_ctx: Ref) -> tuple[Result, str]:
    """The result of a success response (resolved) and the media type to accept."""
    if ctx.swagger2:
        if "schema" not in node:
            return Result(has_content=False), ""
        media = choose_media({p: {} for p in ctx.produces}) or "application/json"
        schema = node["schema"]
    else:
        content = node.get("content")
        if not isinstance(content, dict) or not content:
            return Result(has_content=False), ""
        media = choose_media(content) or next(iter(content))
        schema = schemas.obj(content.get(media)).get("schema", {})
    accept = media if media != "*/*" else ""
    if body_kind(media) is not BodyKind.JSON:
        return Result(has_content=True), accept
    v = schemas.view(schema, n_ctx, ctx.resolver)
    if v.type == "array":
        return Result(has_content=True, is_list=True), accept
    if v.type == "object" and 0 < len(v.properties) <= MAX_RESULT_FIELDS:
        taken: set[str] = set()
        fields = tuple(
            ResultField(name=naming.variable(name, taken, fallback="field"), path=(name,))
            for name, (sub, sub_ctx) in v.properties.items()
            if schemas.view(sub, sub_ctx, ctx.resolver).get("writeOnly") is not True
        )
        return Result(has_content=True, fields=fields), accept
    return Result(has_content=True), accept


def _error_case(code: str, node: dict[str, Any]) -> ErrorCase:
    """The error case of a documented status code."""
    description = str(node.get("description") or "")
    upper = code.upper()
    if upper in ("4XX", "5XX"):
        name = "CLIENT_ERROR" if upper == "4XX" else "SERVER_ERROR"
    else:
        try:
            name = http.HTTPStatus(int(code)).name
        except ValueError:
            name = f"HTTP_{naming.identifier(code).upper()}"
    return ErrorCase(code=upper, name=name, description=description)
