"""Postman Collection v2.0 / v2.1 -> the neutral model: each request item an operation.

`requests` turns an item into a REST operation (`urls`, `servers`, `auth`, `bodies`,
`responses`, `scripts` read its parts) or, for a `graphql` body, a GraphQL one (`graphql`);
`variables` knows the collection's `{{name}}` values (with `--environment`). Folders, nested,
give each operation its group (the folder path as its tag). This module walks the items, keeps
Postman's auth inheritance (collection -> folder -> request) and picks the API-wide server and
authentication: the most common ones, other operations carry their own.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

from converter import sources
from converter.diagnostics import Diagnostics, SourceError, UnsupportedFormatError
from converter.model import Api, AuthOption, Operation, Protocol, RestRequest, Server, SourceFormat
from converter.options import Options
from converter.parsers.postman import auth, requests, scripts
from converter.parsers.postman.text import label, plain
from converter.parsers.postman.variables import Variables
from converter.sources import Source

__all__ = ["parse"]

_VERSION = re.compile(r"/v(\d+)\.(\d+)\.\d+/")
MAX_DEPTH = 64  # folder nesting; deeper is a broken (or hostile) document


def parse(source: Source, *, options: Options, diagnostics: Diagnostics) -> Api:
    """Build the Api model of a Postman collection."""
    data = source.data
    if isinstance(data, dict) and not sources.is_postman_collection(data):
        data = data.get("collection")  # the Postman API's wrapper
    assert isinstance(data, dict)
    info = data["info"]
    source_format = _format(info, source.name)
    title = label(info.get("name"), "Postman collection")
    environment = _environment(options, source.name)
    variables = Variables.from_lists(data.get("variables"), data.get("variable"), environment,
                                     api_slug=options.name or title)
    collection = requests.Collection(variables=variables, diagnostics=diagnostics)
    note = scripts.warning(data.get("event"))
    if note:
        diagnostics.warning("postman.script-not-run", "collection: " + note, source.name)
    built: list[requests.Built] = []
    _walk(data.get("item"), [], [auth.read(data.get("auth"))], collection, built, 0)
    api_auth = _common_auth(built)
    api_server = _common_server(built)
    ops = _placed(built, api_server, api_auth)
    return Api(title=title, version=_version(info.get("version")),
               description=plain(info.get("description")),
               servers=(api_server,) if api_server is not None else (),
               auth_options=api_auth, auth_declared=True, operations=ops,
               source_format=source_format, source_name=source.name)


def _format(info: dict[str, Any], name: str) -> SourceFormat:
    match = _VERSION.search(str(info.get("schema", "")))
    version = (int(match.group(1)), int(match.group(2))) if match else (2, 1)
    if version == (2, 0):
        return SourceFormat.POSTMAN_2_0
    if version == (2, 1):
        return SourceFormat.POSTMAN_2_1
    raise UnsupportedFormatError(
        f"Postman Collection v{version[0]}.{version[1]} is not supported: export it from Postman "
        "as Collection v2.1", where=name)


def _environment(options: Options, name: str) -> list[Any]:
    """The `values` of the `--environment` file (Postman's export format)."""
    if options.environment is None:
        return []
    path = options.environment
    data = sources.load_json(sources.read_bytes(path).decode("utf-8-sig", "replace"), str(path))
    values = data.get("values") if isinstance(data, dict) else None
    if not isinstance(values, list):
        raise SourceError("not a Postman environment (no 'values' list)", where=str(path))
    return values


def _walk(items: Any, folders: list[str], chain: list[auth.Auth | None],
          collection: requests.Collection, out: list[requests.Built], depth: int) -> None:
    """Depth-first, in collection order: folders give their names and auth to their items."""
    if depth > MAX_DEPTH:
        collection.diagnostics.error("postman.too-deep", f"folders nested deeper than "
                                     f"{MAX_DEPTH}; the rest is skipped", "/".join(folders))
        return
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict):
            continue
        if "request" in item:
            made = requests.build(item, folders, chain, collection)
            if made is not None:
                out.append(made)
        elif isinstance(item.get("item"), list):
            path = [*folders, label(item.get("name"), "folder")]
            note = scripts.warning(item.get("event"))
            if note:
                collection.diagnostics.warning("postman.script-not-run",
                                               "folder: " + note, "/".join(path))
            _walk(item["item"], path, [auth.read(item.get("auth")), *chain], collection, out,
                  depth + 1)


def _common_auth(built: list[requests.Built]) -> tuple[AuthOption, ...]:
    counts = Counter(b.operation.auth_options for b in built
                     if b.operation.protocol is Protocol.REST)
    best = counts.most_common(1)[0][0] if counts else None
    return best or auth.NONE


def _common_server(built: list[requests.Built]) -> Server | None:
    counts = Counter(b.server for b in built if b.server is not None)
    return counts.most_common(1)[0][0] if counts else None


def _placed(built: list[requests.Built], server: Server | None,
            api_auth: tuple[AuthOption, ...]) -> tuple[Operation, ...]:
    """Operations with the API's auth and server left implicit, their own where they differ;
    when a collection mixes REST and GraphQL requests, one template each."""
    mixed = len({b.operation.protocol for b in built}) > 1
    out = []
    for b in built:
        op = b.operation
        if op.auth_options == api_auth:
            op = replace(op, auth_options=None)
        if b.server is not None and b.server != server and isinstance(op.request, RestRequest):
            op = replace(op, request=replace(op.request, servers=(b.server,)))
        if mixed:
            op = replace(op, template_group="GraphQL" if op.protocol is Protocol.GRAPHQL
                         else "REST")
        out.append(op)
    return tuple(out)


def _version(value: Any) -> str:
    if isinstance(value, dict):  # v2.0: {major, minor, patch}
        parts = [str(value.get(k)) for k in ("major", "minor", "patch") if value.get(k) is not None]
        return ".".join(parts)
    return value if isinstance(value, str) else "" if value is None else str(value)
