"""An OpenAPI operation's request body -> its encoding (`RestBody`) and the inputs that fill it.

Swagger 2.0 (`in: body`, `in: formData`, `consumes`) and OpenAPI 3 (`requestBody.content`)
give the same shapes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from converter import naming
from converter.model import BodyKind, Encoding, Input, Location, RestBody, ValueType
from converter.naming import sentence
from converter.parsers.openapi import numbered, schemas
from converter.parsers.openapi.context import Context, enum, param_schema
from converter.parsers.openapi.refs import Ref, RefError


@dataclass(frozen=True, slots=True)
class Body:
    """What a request body gives an operation (`body` None: it sends none)."""

    body: RestBody | None = None
    inputs: list[Input] = field(default_factory=list)
    encodings: list[tuple[str, Encoding]] = field(default_factory=list)


NO_BODY = Body()


def body_kind(media: str) -> BodyKind | None:
    """How a body of this media type is encoded."""
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
_PLAIN = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data",
          "text/plain", "application/xml")
JSON_PATCH = "application/json-patch+json"
# Among JSON types: plain JSON, then a merge patch (a partial object, what most users mean by
# an update), then vendor variants and wildcards, and a JSON Patch (RFC 6902: an array of
# operations, which few would write by hand) last.
_JSON_RANK = {"application/json": 0, "application/merge-patch+json": 1, "*/*": 3, JSON_PATCH: 4}


def choose_media(content: dict[str, Any]) -> str | None:
    """The media type to send or accept: JSON first, the plain type before vendor variants."""
    best: tuple[int, int] | None = None
    chosen = None
    for raw in content:
        media = str(raw)
        kind = body_kind(media)
        if kind is None:
            continue
        bare = media.split(";")[0].strip().lower()
        rank = _JSON_RANK.get(bare, 2) if kind is BodyKind.JSON else 0 if bare in _PLAIN else 1
        key = (_PREFERENCE.index(kind), rank)
        if best is None or key < best:
            best, chosen = key, media
    return chosen


def body(ctx: Context, raw: Any, ref: Ref, taken: set[str], location: str) -> Body:
    """An OpenAPI 3 `requestBody`: its encoding and the inputs that fill it."""
    if raw is None:
        return NO_BODY
    try:
        node, n_ctx = ctx.resolver.deref(raw, ref)
    except RefError as exc:
        ctx.diagnostics.warning("openapi.body-unresolved", f"request body skipped: {exc}",
                                location)
        return NO_BODY
    content = node.get("content") if isinstance(node, dict) else None
    if not isinstance(content, dict) or not content:
        return NO_BODY
    media = choose_media(content)
    if media is None:
        return NO_BODY
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
    return _structured_body(ctx, kind=body_kind(media) or BodyKind.BINARY, media=media,
                            schema=schema, s_ctx=n_ctx, example=example,
                            required=node.get("required") is True,
                            description=str(node.get("description") or ""), encoding=encoding,
                            taken=taken, location=location)


def _structured_body(
    ctx: Context, *, kind: BodyKind, media: str, schema: Any, s_ctx: Ref, example: Any,
    required: bool, description: str, encoding: dict[str, Any], taken: set[str], location: str,
) -> Body:
    v = schemas.view(schema, s_ctx, ctx.resolver)
    content_type = media.split(";")[0].strip() if media != "*/*" else "application/json"
    if content_type != JSON_PATCH and (
            (kind in (BodyKind.FORM, BodyKind.MULTIPART) and bool(v.properties))
            or (kind is BodyKind.JSON and example is None and schemas.is_flat(v, ctx.resolver))):
        fields = [_property_input(ctx, name, sub, sub_ctx, v, taken,
                                  encoding if kind is not BodyKind.JSON else {})
                  for name, (sub, sub_ctx) in v.properties.items()
                  if schemas.view(sub, sub_ctx, ctx.resolver).get("readOnly") is not True]
        return _inline_body(kind, content_type, fields, taken, required=required,
                            description=description)
    if content_type == JSON_PATCH:
        # An array of operations (RFC 6902) whatever type the spec's schema names (Kubernetes
        # declares an object), never fields of an object.
        vt, default, type_label = ValueType.ARRAY, None, f"{content_type} array"
        example = example if isinstance(example, list) else _PATCH_EXAMPLE
        tooltip = f"{sentence(description)} {_PATCH_NOTE}" if description else _PATCH_NOTE
    else:
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
        tooltip = description
        if v.variants and not v.type:
            ctx.diagnostics.info("openapi.body-variant",
                                 "request body is one of several schemas; the example shows the "
                                 "first", location)
            tooltip = (sentence(tooltip) + " " if tooltip else "") + (
                "One of several shapes; prefilled with the first.")
        default = v.get("default")
        if kind is not BodyKind.JSON and not isinstance(default, str):
            default = None  # the whole body's default only where the field can hold it as it is
        type_label = f"{content_type} {schemas.type_label(v)}".strip()
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
        type=vt, required=required, default=default, example=example, description=tooltip,
        type_label=type_label,
    )
    return Body(RestBody(kind=kind, content_type=content_type, required=required,
                         fields_inline=False, description=description), [body_input], [])


# RFC 6902's own first example, shown when the spec gives no array example
_PATCH_EXAMPLE = [{"op": "replace", "path": "/a/b", "value": 42}]
_PATCH_NOTE = "A JSON Patch (RFC 6902): a list of operations such as {op, path, value}."


def _ref_name(schema: Any) -> str:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else ""


def _xml_text(name: str, value: Any, namespace: str = "") -> str:
    """`value` as an XML element: objects as children, lists as repeated elements."""
    attrs = f' xmlns="{escape(namespace).replace(chr(34), "&quot;")}"' if namespace else ""
    if isinstance(value, dict):
        inner = "".join(_xml_text(str(k), v) for k, v in value.items())
    elif isinstance(value, list):
        return "".join(_xml_text(name, v) for v in value) if not attrs else \
            f"<{name}{attrs}>" + "".join(_xml_text("item", v) for v in value) + f"</{name}>"
    elif isinstance(value, bool):
        inner = "true" if value else "false"
    else:
        inner = escape("" if value is None else str(value))
    return f"<{name}{attrs}>{inner}</{name}>"


def _inline_body(kind: BodyKind, content_type: str, fields: list[tuple[Input, Encoding]],
                 taken: set[str], *, required: bool, description: str = "") -> Body:
    """A body whose fields are inputs of their own (a form's numbered families as one list)."""
    if kind is BodyKind.FORM:
        fields = numbered.collapse(fields, taken)
    return Body(RestBody(kind=kind, content_type=content_type, required=required,
                         fields_inline=True, description=description),
                [i for i, _ in fields], [(i.variable, e) for i, e in fields])


def _property_input(ctx: Context, name: str, sub: Any, sub_ctx: Ref, parent: schemas.View,
                    taken: set[str], encoding: dict[str, Any]) -> tuple[Input, Encoding]:
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
    inp = Input(
        name=name, variable=naming.variable(name, taken, fallback="field"),
        location=Location.BODY, type=vt, required=name in parent.required,
        enum=enum(sv), default=sv.get("default"), example=example,
        description=str(sv.get("description") or ""), type_label=schemas.type_label(sv),
        path=(name,), nullable=sv.nullable,
    )
    return inp, Encoding(style=style,
                         explode=bool(explode) if explode is not None else style == "form",
                         nesting=schemas.nesting(sub, sub_ctx, ctx.resolver))


def swagger2_body(ctx: Context, node: dict[str, Any], params: list[tuple[dict[str, Any], Ref]],
                  taken: set[str], location: str) -> Body:
    """A Swagger 2.0 `in: body` parameter or the operation's `in: formData` parameters."""
    consumes = schemas.media_list(node.get("consumes"), ctx.consumes)
    body = [(p, c) for p, c in params if p.get("in") == "body"]
    form = [(p, c) for p, c in params if p.get("in") == "formData"]
    if body:
        p, p_ctx = body[0]
        media = choose_media({c: {} for c in consumes}) or "application/json"
        kind = body_kind(media) or BodyKind.JSON
        if kind in (BodyKind.FORM, BodyKind.MULTIPART):
            kind, media = BodyKind.JSON, "application/json"
        return _structured_body(ctx, kind=kind, media=media, schema=p.get("schema", {}),
                                s_ctx=p_ctx, example=p.get("x-example"),
                                required=p.get("required") is True,
                                description=str(p.get("description") or ""), encoding={},
                                taken=taken, location=location)
    if not form:
        return NO_BODY
    has_file = any(p.get("type") == "file" for p, _ in form)
    multipart = has_file or (any(c.startswith("multipart/") for c in consumes) and not any(
        c == "application/x-www-form-urlencoded" for c in consumes))
    kind = BodyKind.MULTIPART if multipart else BodyKind.FORM
    fields: list[tuple[Input, Encoding]] = []
    for p, p_ctx in form:
        sv = schemas.view(param_schema(p), p_ctx, ctx.resolver)
        inp = Input(
            name=str(p["name"]), variable=naming.variable(str(p["name"]), taken,
                                                          fallback="field"),
            location=Location.BODY, type=schemas.value_type(sv), required=p.get("required") is True,
            enum=enum(sv), default=sv.get("default"), example=p.get("x-example"),
            description=str(p.get("description") or ""), type_label=schemas.type_label(sv),
            path=(str(p["name"]),))
        fields.append((inp, Encoding(style="form", explode=p.get("collectionFormat") == "multi")))
    return _inline_body(kind, "multipart/form-data" if multipart
                        else "application/x-www-form-urlencoded", fields, taken,
                        required=any(i.required for i, _ in fields))
