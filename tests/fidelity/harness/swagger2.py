"""The judge's own Swagger 2.0 -> OpenAPI 3.0 translation (openapi-core reads only 3.x).

Kept deliberately small and independent of the converter's parser: servers from
host/basePath/schemes, `definitions` -> `components/schemas`, `in: body` and `in: formData` ->
`requestBody` (form-urlencoded or multipart per `consumes` / `type: file`), parameter types ->
`schema` with `collectionFormat` -> style/explode, security definitions -> security schemes.
Responses are reduced to their descriptions (the judge validates requests only).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

_SCHEMA_KEYS = ("type", "format", "items", "enum", "default", "minimum", "maximum",
                "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern",
                "minItems", "maxItems", "uniqueItems", "multipleOf")
_STYLE = {  # collectionFormat -> (style, explode) for query; path/header use simple
    "csv": ("form", False), "ssv": ("spaceDelimited", False), "pipes": ("pipeDelimited", False),
    "multi": ("form", True), "tsv": ("form", False),
}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


def _refs(node: Any) -> Any:
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                out[k] = v.replace("#/definitions/", "#/components/schemas/")
            elif k == "x-nullable":
                out["nullable"] = v
            elif k == "discriminator" and isinstance(v, str):
                out[k] = {"propertyName": v}
            elif k == "type" and v == "file":
                out["type"] = "string"
                out["format"] = "binary"
            else:
                out[k] = _refs(v)
        return out
    if isinstance(node, list):
        return [_refs(v) for v in node]
    return node


def _param_schema(p: dict[str, Any]) -> dict[str, Any]:
    schema = {k: copy.deepcopy(p[k]) for k in _SCHEMA_KEYS if k in p}
    if schema.get("type") == "file":
        schema = {"type": "string", "format": "binary"}
    if isinstance(schema.get("items"), dict):
        schema["items"] = _refs(_param_schema(schema["items"]) if "$ref" not in schema["items"]
                                else schema["items"])
    return _refs(schema)


def _deref_param(p: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    ref = p.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/parameters/"):
        found = doc.get("parameters", {}).get(ref.split("/")[-1])
        if isinstance(found, dict):
            return found
    return p


def _operation(op: dict[str, Any], shared: list[Any], doc: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {k: copy.deepcopy(v) for k, v in op.items()
                           if k in ("operationId", "summary", "description", "tags",
                                    "deprecated")}
    if "security" in op:
        out["security"] = copy.deepcopy(op["security"])
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for p in list(shared) + list(op.get("parameters", [])):
        if not isinstance(p, dict):
            continue
        p = _deref_param(p, doc)
        merged[(p.get("in", ""), p.get("name", ""))] = p
    consumes = op.get("consumes") or doc.get("consumes") or ["application/json"]
    params, form, body = [], [], None
    for (where, _), p in merged.items():
        if where == "body":
            body = p
        elif where == "formData":
            form.append(p)
        elif where in ("query", "header", "path", "cookie"):
            q: dict[str, Any] = {"name": p["name"], "in": where,
                                 "required": bool(p.get("required", where == "path")),
                                 "schema": _param_schema(p)}
            if where == "query" and p.get("allowEmptyValue"):
                q["allowEmptyValue"] = True
            fmt = p.get("collectionFormat", "csv")
            if p.get("type") == "array":
                if where == "query":
                    style, explode = _STYLE.get(fmt, ("form", False))
                else:
                    style, explode = "simple", False
                q["style"], q["explode"] = style, explode
            params.append(q)
    if params:
        out["parameters"] = params
    if body is not None:
        schema = _refs(copy.deepcopy(body.get("schema", {})))
        out["requestBody"] = {"required": bool(body.get("required")),
                              "content": {ct: {"schema": schema} for ct in consumes}}
    elif form:
        multipart = any(p.get("type") == "file" for p in form) or any(
            "multipart/form-data" in c for c in consumes)
        ctype = "multipart/form-data" if multipart else "application/x-www-form-urlencoded"
        props = {p["name"]: _param_schema(p) for p in form}
        required = [p["name"] for p in form if p.get("required")]
        schema: dict[str, Any] = {"type": "object", "properties": props}
        if required:
            schema["required"] = required
        out["requestBody"] = {"required": bool(required), "content": {ctype: {"schema": schema}}}
    out["responses"] = {str(code): {"description": (r or {}).get("description", "") or "-"}
                        for code, r in (op.get("responses") or {"default": {}}).items()
                        if isinstance(r, dict) or r is None}
    return out


def _security_scheme(s: dict[str, Any]) -> dict[str, Any]:
    kind = s.get("type")
    if kind == "basic":
        return {"type": "http", "scheme": "basic"}
    if kind == "apiKey":
        return {"type": "apiKey", "name": s.get("name", ""), "in": s.get("in", "header")}
    if kind == "oauth2":
        flow = s.get("flow", "implicit")
        name = {"accessCode": "authorizationCode", "application": "clientCredentials"}.get(
            flow, flow)
        f: dict[str, Any] = {"scopes": s.get("scopes", {}) or {}}
        if "authorizationUrl" in s:
            f["authorizationUrl"] = s["authorizationUrl"]
        if "tokenUrl" in s:
            f["tokenUrl"] = s["tokenUrl"]
        return {"type": "oauth2", "flows": {name: f}}
    return {"type": "http", "scheme": "bearer"}


def to_openapi3(doc: dict[str, Any], source: Path | None = None) -> dict[str, Any]:
    schemes = doc.get("schemes") or ["https"]
    host = doc.get("host")
    base = doc.get("basePath", "") or ""
    servers = ([{"url": f"{s}://{host}{base}"} for s in schemes] if host
               else [{"url": base or "/"}])
    paths: dict[str, Any] = {}
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        shared = item.get("parameters", [])
        paths[path] = {m: _operation(op, shared, doc) for m, op in item.items()
                       if m in METHODS and isinstance(op, dict)}
    out: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": doc.get("info") or {"title": "untitled", "version": "0"},
        "servers": servers,
        "paths": paths,
        "components": {
            "schemas": _refs(copy.deepcopy(doc.get("definitions") or {})),
            "securitySchemes": {k: _security_scheme(v)
                                for k, v in (doc.get("securityDefinitions") or {}).items()},
        },
    }
    if "security" in doc:
        out["security"] = copy.deepcopy(doc["security"])
    return out
