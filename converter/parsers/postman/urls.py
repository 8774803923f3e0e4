"""A request's URL, read the way Postman reads it, split into base, path and query.

A URL is a string (``{{host}}/v1/users/:id?limit=10``) or an object with `protocol`, `host`,
`port`, `path`, `query` and `variable` (Postman then ignores `raw`). Strings are split as
postman-url-encoder's parser does: hash, then query at the first ``?``, protocol at ``://``,
path at the first ``/``, user info at the last ``@``, port at the last ``:``. Variables are
kept whole while splitting (``{{a.b}}`` holds a dot but is one host part).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from converter.parsers.postman.text import content
from converter.parsers.postman.variables import VARIABLE

_PORT = re.compile(r"^(.*):(\d*|\{\{[^{}]+\}\})$")


@dataclass(frozen=True, slots=True)
class Param:
    """A query parameter or a path variable's entry: key, value (None: `?flag`), description."""

    key: str
    value: str | None
    description: str = ""


@dataclass(frozen=True, slots=True)
class Url:
    """The parts of a request URL, variables left as written."""

    base: str  # scheme://host[:port], without a scheme when none was written; "" when no host
    segments: tuple[str, ...] = ()
    query: tuple[Param, ...] = ()
    path_values: dict[str, Param] = field(default_factory=dict)  # `:name` -> its entry


def read(url: Any) -> Url:
    """A Postman URL (string or object; anything else: empty)."""
    if isinstance(url, str):
        return _from_string(url)
    if not isinstance(url, dict):
        return Url(base="")
    path_values: dict[str, Param] = {}
    entries = url.get("variable")
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, dict) and entry.get("disabled") is not True:
            key = entry.get("key", entry.get("id"))
            if isinstance(key, str) and key:
                path_values[key] = _param(key, entry)
    if url.get("host") is None and url.get("path") is None and isinstance(url.get("raw"), str):
        return replace(_from_string(url["raw"]), path_values=path_values)
    protocol = url.get("protocol")
    host = url.get("host")
    base = ".".join(_text(h) for h in host) if isinstance(host, list) else _text(host)
    port = url.get("port")
    if base and port not in (None, ""):
        base = f"{base}:{_text(port)}"
    if base and isinstance(protocol, str) and protocol:
        base = f"{protocol}://{base}"
    path = url.get("path")
    if isinstance(path, str):
        segments = tuple(path.lstrip("/").split("/")) if path else ()
    elif isinstance(path, list):
        # a segment is text or {"type": "string", "value": "users"}
        segments = tuple(_text(s.get("value") if isinstance(s, dict) else s) for s in path)
    else:
        segments = ()
    query: list[Param] = []
    raw_query = url.get("query")
    for entry in raw_query if isinstance(raw_query, list) else ():
        if isinstance(entry, dict) and entry.get("disabled") is not True:
            key = _text(entry.get("key"))
            if key or entry.get("value") not in (None, ""):
                query.append(_param(key, entry))
    return Url(base=base, segments=segments, query=tuple(query), path_values=path_values)


def _param(key: str, entry: dict[str, Any]) -> Param:
    value = entry.get("value")
    return Param(key, None if value is None else _text(value), content(entry.get("description")))


def _from_string(text: str) -> Url:
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    def back(part: str) -> str:
        return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], part)

    rest = VARIABLE.sub(keep, text.lstrip())
    rest = rest.split("#", 1)[0]
    query: list[Param] = []
    if "?" in rest:
        rest, query_text = rest.split("?", 1)
        for pair in query_text.split("&"):
            if not pair:
                continue
            key, eq, value = pair.partition("=")
            query.append(Param(back(key), back(value) if eq else None))
    rest = rest.replace("\\", "/")
    scheme = ""
    if "://" in rest:
        scheme, rest = rest.split("://", 1)
        rest = rest.lstrip("/")
    elif rest.startswith("//"):  # scheme-relative: Postman prefixes http:// and sends it so
        rest = rest.lstrip("/")
    segments: tuple[str, ...] = ()
    if "/" in rest:
        rest, path = rest.split("/", 1)
        segments = tuple(back(s) for s in path.split("/"))
    if "@" in rest:
        rest = rest.rsplit("@", 1)[1]
    host = back(rest)
    base = f"{back(scheme)}://{host}" if scheme and host else host
    return Url(base=base, segments=segments, query=tuple(query))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def path_variable(segment: str) -> tuple[str, str] | None:
    """``:id.json`` -> (``id``, ``.json``): Postman's path variable and the text after it."""
    if not segment.startswith(":") or len(segment) < 2:
        return None
    name, dot, tail = segment[1:].partition(".")
    return (name, dot + tail) if name else None


