"""OpenAPI 3.0 / 3.1 and Swagger 2.0 -> the neutral model (REST operations).

Only what templates need is read, per operation and lazily: a 4 MB spec with deep recursion
(Stripe) is never expanded as a whole.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any
from urllib.parse import urljoin

from converter import naming
from converter.diagnostics import Diagnostics, UnsupportedFormatError
from converter.model import Api, AuthOption, Operation, ServerVariable, SourceFormat
from converter.model import Server as ServerModel
from converter.options import Options
from converter.parsers.openapi import operations, security
from converter.parsers.openapi.context import Context
from converter.parsers.openapi.refs import RefError, Resolver
from converter.parsers.openapi.schemas import media_list, obj, seq
from converter.sources import Source

__all__ = ["parse"]


def _version(data: dict[str, Any], where: str) -> SourceFormat:
    if "swagger" in data:
        if str(data["swagger"]).strip() == "2.0":
            return SourceFormat.SWAGGER_2
        raise UnsupportedFormatError(f"Swagger {data['swagger']} is not supported (only 2.0)",
                                     where=where)
    version = str(data.get("openapi", "")).strip()
    if version.startswith("3.0"):
        return SourceFormat.OPENAPI_3_0
    if version.startswith(("3.1", "3.2")):
        return SourceFormat.OPENAPI_3_1
    raise UnsupportedFormatError(f"OpenAPI version {version!r} is not supported "
                                 "(2.0, 3.0 and 3.1 are)", where=where)


def parse(source: Source, *, options: Options, diagnostics: Diagnostics) -> Api:
    data = source.data
    where = source.name
    if not isinstance(data, dict):
        raise UnsupportedFormatError("not an OpenAPI document", where=where)
    fmt = _version(data, where)
    swagger2 = fmt is SourceFormat.SWAGGER_2
    resolver = Resolver(data, path=source.path, url=source.url, root_dir=options.root,
                        allow_remote=options.allow_remote)
    info = obj(data.get("info"))
    title = str(info.get("title") or "").strip() or _stem(source.name)
    logo = info.get("x-logo")
    icon = str(logo.get("url", "")) if isinstance(logo, dict) else ""
    docs = data.get("externalDocs")
    schemes = security.scheme_options(data, resolver, swagger2=swagger2, diagnostics=diagnostics)
    global_auth = security.requirement_options(data.get("security"), schemes,
                                               location="security", diagnostics=diagnostics)
    servers = _servers(data, swagger2, source, diagnostics)
    ctx = Context(
        resolver=resolver, swagger2=swagger2,
        consumes=media_list(data.get("consumes"), ("application/json",)),
        produces=media_list(data.get("produces"), ("application/json",)),
        diagnostics=diagnostics,
        global_auth=global_auth,
    )
    paths = _paths(data, diagnostics, where)

    reader = _OperationReader(data=data, source=source, ctx=ctx, schemes=schemes,
                              servers=servers)
    ops = [op for path, item in paths.items() for op in reader.path_item(str(path), item)]
    for target, reason in sorted(resolver.failures.items()):
        refused = "refus" in reason
        diagnostics.warning("openapi.ref-refused" if refused else "openapi.ref-unresolved",
                            f"{reason}; the schema is treated as free-form", target)
    return Api(
        title=title,
        version=str(info.get("version") or ""),
        description=str(info.get("description") or ""),
        docs_url=str(docs.get("url", "")) if isinstance(docs, dict) else "",
        servers=servers,
        auth_options=global_auth or (),
        auth_declared=global_auth is not None,
        operations=tuple(ops),
        source_format=fmt,
        icon=icon if icon.startswith(("https://", "data:")) else "",
        source_name=source.name,
    )


def _paths(data: dict[str, Any], diagnostics: Diagnostics, where: str) -> dict[Any, Any]:
    """The `paths` mapping; a missing one is said, one of the wrong type is an error."""
    paths = data.get("paths")
    hooks = data.get("webhooks")
    if isinstance(hooks, dict) and hooks:
        diagnostics.info("openapi.webhooks-skipped",
                         f"{len(hooks)} webhook(s) not converted: a webhook is a request the API "
                         "sends to you, not one a connector makes", "webhooks")
    if paths is None:
        diagnostics.warning("openapi.no-paths", "the document has no paths", where)
        return {}
    if not isinstance(paths, dict):
        found = "a list" if isinstance(paths, list) else f"{type(paths).__name__} {paths!r:.40}"
        diagnostics.error("openapi.paths-not-object",
                          f"`paths` must map each path to its operations, found {found}", "paths")
        return {}
    return paths


@dataclasses.dataclass
class _OperationReader:
    """Reads the operations of one path item after another, keeping the ids taken so far."""

    data: dict[str, Any]
    source: Source
    ctx: Context
    schemes: dict[str, AuthOption]
    servers: tuple[ServerModel, ...]
    taken_ids: set[str] = dataclasses.field(default_factory=set)

    def path_item(self, path: str, raw_item: Any) -> list[Operation]:
        """The operations of one path item, in the order the spec lists them."""
        resolver, diags = self.ctx.resolver, self.ctx.diagnostics
        try:
            item, item_ref = resolver.deref(raw_item, resolver.root)
        except RefError as exc:
            diags.error("openapi.path-unresolved", str(exc), f"paths.{path}")
            return []
        if not isinstance(item, dict):
            return []
        shared = [(p, item_ref) for p in seq(item.get("parameters"))]
        ops: list[Operation] = []
        for method, raw_op in item.items():
            method = str(method).lower()
            location = f"paths.{path}.{method}"
            if method in operations.UNSUPPORTED_METHODS:
                diags.warning("openapi.method-unsupported",
                              f"operation skipped: the REST connector cannot send {method.upper()}"
                              " (only GET, POST, PUT, PATCH and DELETE)", location)
                continue
            if method not in operations.METHODS:
                continue
            try:
                node, ref = resolver.deref(raw_op, item_ref)
                if not isinstance(node, dict):
                    raise RefError("operation is not an object")
                op_id = _operation_id(node, method, path, self.taken_ids, diags, location)
                auth = security.requirement_options(node.get("security"), self.schemes,
                                                    location=location, diagnostics=diags)
                ops.append(operations.build(
                    ctx=self.ctx, path=path, method=method, node=node, ref=ref,
                    shared_params=shared, op_id=op_id, auth=auth,
                    servers=self._operation_servers(node, item), location=location))
            except RefError as exc:
                diags.error("openapi.operation-unresolved", f"operation skipped: {exc}",
                            location)
            except RecursionError:
                diags.error("openapi.operation-too-deep",
                            "operation skipped: schema nesting too deep", location)
        return ops

    def _operation_servers(self, node: dict[str, Any], item: dict[str, Any]
                           ) -> tuple[ServerModel, ...]:
        """Servers an operation or its path item sets apart from the document's (none when
        `--base-url` overrides them all)."""
        diags = self.ctx.diagnostics
        if self.ctx.swagger2:
            if self.data.get("host") and isinstance(node.get("schemes"), list) \
                    and node["schemes"]:
                # Swagger 2.0: an operation's `schemes` overrides the document's
                own = _servers({**self.data, "schemes": node["schemes"]}, True, self.source,
                               diags)
                return own if own != self.servers else ()
            return ()
        for holder in (node, item):
            found = _servers(holder, False, self.source, diags) if holder.get("servers") else ()
            if found:
                return found
        return ()


def _stem(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.split(".", 1)[0] or "API"


def _operation_id(node: dict[str, Any], method: str, path: str, taken: set[str],
                  diagnostics: Diagnostics, location: str) -> str:
    raw = node.get("operationId")
    if isinstance(raw, str) and raw.strip():
        base = naming.identifier(raw.strip())
    else:
        words = [method, *(seg.strip("{}") for seg in path.split("/") if seg)]
        base = naming.identifier(naming.camel(" ".join(words)) or method)
    op_id = naming.unique(base, taken)
    if op_id != base:
        diagnostics.warning("openapi.duplicate-operation-id",
                            f"operationId {base!r} is used more than once; this one is {op_id!r}",
                            location)
    return op_id


def _servers(node: dict[str, Any], swagger2: bool, source: Source,
             diagnostics: Diagnostics) -> tuple[ServerModel, ...]:
    if swagger2:
        host = str(node.get("host") or "")
        base_path = str(node.get("basePath") or "")
        schemes = [str(s) for s in seq(node.get("schemes"))]
        scheme = "https" if "https" in schemes or not schemes else schemes[0]
        if host:
            return (ServerModel(url=f"{scheme}://{host}{base_path}".rstrip("/")),)
        return _relative(base_path or "/", source, diagnostics)
    raw = node.get("servers")
    if not isinstance(raw, list) or not raw:
        return _relative("/", source, diagnostics)
    out: list[ServerModel] = []
    for s in raw:
        if not isinstance(s, dict) or not isinstance(s.get("url"), str):
            continue
        url = s["url"].strip()
        variables = tuple(
            ServerVariable(name=str(name), default=str(v.get("default", "")),
                           enum=tuple(str(e) for e in seq(v.get("enum"))),
                           description=str(v.get("description") or ""))
            for name, v in obj(s.get("variables")).items() if isinstance(v, dict)
        )
        if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.IGNORECASE) and url[:1] != "{":
            if source.url:
                url = urljoin(source.url, url)
            else:
                out.extend(_relative(url, source, diagnostics))
                continue
        out.append(ServerModel(url=url.rstrip("/") if url != "/" else url,
                               description=str(s.get("description") or ""),
                               variables=variables))
    return tuple(out)


def _relative(path: str, source: Source, diagnostics: Diagnostics) -> tuple[ServerModel, ...]:
    if source.url:
        return (ServerModel(url=urljoin(source.url, path).rstrip("/")),)
    diagnostics.warning("openapi.relative-server",
                        f"server URL {path!r} is relative and the spec's own URL is unknown; "
                        "the template asks for the base URL (or pass --base-url)", "servers")
    return (ServerModel(url="" if path == "/" else path.rstrip("/"), relative=True),)


