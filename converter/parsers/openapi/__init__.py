"""OpenAPI 3.0 / 3.1 and Swagger 2.0 -> the neutral model (REST operations).

Only what templates need is read, per operation and lazily: a 4 MB spec with deep recursion
(Stripe) is never expanded as a whole.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

from converter import forking, naming
from converter.diagnostics import Diagnostic, Diagnostics, UnsupportedFormatError
from converter.model import Api, Operation, ServerVariable, SourceFormat
from converter.model import Server as ServerModel
from converter.options import Options
from converter.parsers.openapi import operations, security
from converter.parsers.openapi.refs import RefError, Resolver
from converter.parsers.openapi.schemas import obj
from converter.sources import Source

__all__ = ["parse"]


def _version(data: dict[str, Any], where: str) -> SourceFormat:
    if "swagger" in data:
        if str(data["swagger"]).strip() == "2.0":
            return SourceFormat.SWAGGER_2
        raise UnsupportedFormatError(f"Swagger {data['swagger']} is not supported (only 2.0)",
                                     where=where)
    version = str(data.get("openapi", "")).strip()
    if re.match(r"^3\.0(\.\d+)?", version):
        return SourceFormat.OPENAPI_3_0
    if re.match(r"^3\.1(\.\d+)?", version) or re.match(r"^3\.2(\.\d+)?", version):
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
    servers = _servers(data, swagger2, source, diagnostics) if not options.base_url else (
        ServerModel(url=options.base_url.rstrip("/")),)
    ctx = operations.Context(
        resolver=resolver, swagger2=swagger2,
        consumes=tuple(str(c) for c in data.get("consumes") or ["application/json"]),
        produces=tuple(str(c) for c in data.get("produces") or ["application/json"]),
        diagnostics=diagnostics,
        global_auth=global_auth,
    )
    paths = data.get("paths")
    if not isinstance(paths, dict):
        diagnostics.warning("openapi.no-paths", "the document has no paths", where)
        paths = {}

    def build(items: list[tuple[Any, Any]], diags: Diagnostics, taken_ids: set[str]
              ) -> list[Operation]:
        """The operations of `items` (path -> path item), in order."""
        op_ctx = dataclasses.replace(ctx, diagnostics=diags)
        ops: list[Operation] = []
        for path, raw_item in items:
            path = str(path)
            try:
                item, item_ref = resolver.deref(raw_item, resolver.root)
            except RefError as exc:
                diags.error("openapi.path-unresolved", str(exc), f"paths.{path}")
                continue
            if not isinstance(item, dict):
                continue
            shared = [(p, item_ref) for p in item.get("parameters") or []] \
                if isinstance(item.get("parameters"), list) else []
            for method, raw_op in item.items():
                method = str(method).lower()
                location = f"paths.{path}.{method}"
                if method in operations.UNSUPPORTED_METHODS:
                    diags.warning("openapi.method-unsupported",
                                  f"{method.upper()} is not supported by the REST connector; "
                                  "operation skipped", location)
                    continue
                if method not in operations.METHODS:
                    continue
                try:
                    node, ref = resolver.deref(raw_op, item_ref)
                    if not isinstance(node, dict):
                        raise RefError("operation is not an object")
                    op_id = _operation_id(node, method, path, taken_ids, diags, location)
                    auth = security.requirement_options(node.get("security"), schemes,
                                                        location=location, diagnostics=diags)
                    op_servers = _servers(node, False, source, diags) \
                        if not swagger2 and not options.base_url and node.get("servers") else ()
                    if not op_servers and not swagger2 and not options.base_url and \
                            item.get("servers"):
                        op_servers = _servers(item, False, source, diags)
                    if swagger2 and not options.base_url and data.get("host") and \
                            isinstance(node.get("schemes"), list) and node["schemes"]:
                        # Swagger 2.0: an operation's `schemes` overrides the document's
                        own = _servers({**data, "schemes": node["schemes"]}, True, source,
                                       diags)
                        op_servers = own if own != servers else ()
                    ops.append(operations.build(
                        ctx=op_ctx, path=path, method=method, node=node, ref=ref,
                        shared_params=shared, op_id=op_id, auth=auth, servers=op_servers,
                        location=location))
                except RefError as exc:
                    diags.error("openapi.operation-unresolved",
                                f"operation skipped: {exc}", location)
                except RecursionError:
                    diags.error("openapi.operation-too-deep",
                                "operation skipped: schema nesting too deep", location)
        return ops

    ops = _build_all(list(paths.items()), build, resolver, diagnostics, options.processes)
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


# Operations per forked process below which a fork does not pay for itself.
MIN_OPERATIONS_PER_PROCESS = 100
PARENT_SHARE = 0.8  # of a child's

Build = Callable[[list[tuple[Any, Any]], Diagnostics, set[str]], list[Operation]]
Part = tuple[list[Operation], tuple[Diagnostic, ...], set[str], dict[str, str],
             tuple[object, ...] | None]


def _build_all(items: list[tuple[Any, Any]], build: Build, resolver: Resolver,
               diagnostics: Diagnostics, processes: int) -> list[Operation]:
    """`build(items)`, with the later parts of `items` built in forked processes.

    The result is the one a single process gives: parts are joined in path order, their
    diagnostics too, and `$ref` failures keep the first reason seen in path order. Only the
    operation ids could differ (each id must be unique across the spec, and a part only knows
    its own), so a part whose ids meet an earlier part's is built again here, in order.
    """
    parts = _split(items, processes)
    taken: set[str] = set()
    if len(parts) < 2:
        return build(items, diagnostics, taken)

    def part(chunk: list[tuple[Any, Any]]) -> Callable[[], Part]:
        def work() -> Part:
            diags = Diagnostics()
            ids: set[str] = set()
            built = build(chunk, diags, ids)
            return (built, diags.as_tuple(), ids, dict(resolver.failures),
                    forking.part_extras(built))
        return work

    pending = [forking.start(part(chunk)) for chunk in parts[1:]]
    try:
        ops = build(parts[0], diagnostics, taken)
        forking.idle()
        forking.take_extras(forking.part_extras(ops))
        for chunk, child in zip(parts[1:], pending, strict=True):
            got = child.result() if child is not None else None
            if got is None or got[2] & taken:
                ops.extend(build(chunk, diagnostics, taken))
                continue
            child_ops, child_diags, ids, failures, extras = got
            ops.extend(child_ops)
            diagnostics.extend(child_diags)
            taken |= ids
            for target, reason in failures.items():
                resolver.failures.setdefault(target, reason)
            forking.take_extras(extras)
    except BaseException:
        for child in pending:
            if child is not None:
                child.cancel()
        raise
    return ops


def _split(items: list[tuple[Any, Any]], processes: int) -> list[list[tuple[Any, Any]]]:
    """`items` in consecutive parts of about equal operation counts, one per process, when
    there are enough operations to share; else one part."""
    if processes < 2 or not forking.can_fork():
        return [items]
    weights = [max(1, sum(1 for m in item if str(m).lower() in operations.METHODS))
               if isinstance(item, dict) else 1 for _, item in items]
    total = sum(weights)
    count = min(processes, total // MIN_OPERATIONS_PER_PROCESS)
    if count < 2:
        return [items]
    # This process takes a smaller share: it also does the work queued for its idle time
    # (forking.when_idle) and unpickles the children's results.
    shares = [PARENT_SHARE, *([1.0] * (count - 1))]
    ends = [total * sum(shares[:i + 1]) / sum(shares) for i in range(count)]
    parts: list[list[tuple[Any, Any]]] = [[]]
    done = 0
    for item, weight in zip(items, weights, strict=True):
        if done >= ends[len(parts) - 1] and len(parts) < count:
            parts.append([])
        parts[-1].append(item)
        done += weight
    return parts


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
        schemes = [str(s) for s in node.get("schemes") or []]
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
                           enum=tuple(str(e) for e in v.get("enum") or []),
                           description=str(v.get("description") or ""))
            for name, v in (s.get("variables") or {}).items() if isinstance(v, dict)
        )
        if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.IGNORECASE) and not url.startswith(
                "{"):
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
    return (ServerModel(url="" if path == "/" else path.rstrip("/"),
                        description="relative"),)


