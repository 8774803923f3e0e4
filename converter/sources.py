"""Reading a source safely and recognising what it is.

A source is a path, a URL (fetched with a timeout and a size cap, only because the user named
it), ``-`` for stdin, raw text/bytes, or an already-loaded dict. The format is sniffed from the
content, not the file name: XML -> WSDL, a mapping with ``openapi``/``swagger`` -> OpenAPI, a
mapping with ``__schema`` -> GraphQL introspection, anything that looks like SDL -> GraphQL, a
mapping whose ``info.schema`` is a Postman schema URL -> a Postman collection.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from converter.diagnostics import SourceError, SpecSyntaxError, UnsupportedFormatError

MAX_BYTES = 64 * 1024 * 1024
MAX_EXPANDED_NODES = 5_000_000  # YAML nodes after alias expansion
FETCH_TIMEOUT = 30.0
FORMATS = ("openapi", "wsdl", "graphql", "postman")


@dataclass(frozen=True, slots=True)
class Source:
    """A read document: its name for messages, its text, and (for JSON/YAML) the parsed data."""

    name: str
    format: str  # openapi | wsdl | graphql | postman
    text: str
    data: Any = None  # parsed mapping for JSON/YAML documents
    path: Path | None = None  # local file, for relative references
    url: str = ""  # where it was fetched from, for relative server URLs


def is_url(text: str) -> bool:
    return bool(re.match(r"^https?://", text, re.IGNORECASE))


_OTHER_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def refuse_other_schemes(text: str) -> None:
    """`ftp://host/x.yaml` is a URL we do not fetch, not a relative path `ftp:/host/x.yaml`."""
    found = _OTHER_SCHEME.match(text)
    if found:
        hint = "give the file's path" if found[1].lower() == "file" else \
            "download it and give the file's path"
        raise SourceError(f"unsupported URL scheme '{found[1]}': only http and https URLs are "
                          f"fetched ({hint}, or - for stdin)", where=text)


def read(source: Any, *, format: str = "auto") -> Source:
    """Load `source` and detect its format; raises a ConverterError subclass when impossible.
    A `Source` read before is taken as it is (after the `format` check)."""
    if isinstance(source, Source):
        return replace(source, format=_require(format, source.format, source.name))
    if isinstance(source, dict):
        return Source(name="<dict>", format=_require(format, _sniff_data(source), "<dict>"),
                      text="", data=source)
    if isinstance(source, Path):
        return _from_bytes(read_bytes(source), name=str(source), path=source, format=format)
    if isinstance(source, bytes):
        return _from_bytes(source, name="<bytes>", format=format)
    if isinstance(source, str):
        if source == "-":
            return _from_bytes(sys.stdin.buffer.read(MAX_BYTES + 1), name="<stdin>",
                               format=format)
        if is_url(source):
            return _from_bytes(_fetch(source), name=source, url=source, format=format)
        refuse_other_schemes(source)
        if "\n" in source or source.lstrip().startswith(("{", "<")):
            return _from_bytes(source.encode("utf-8"), name="<string>", format=format)
        return _from_bytes(read_bytes(Path(source)), name=source, path=Path(source),
                           format=format)
    raise SourceError(f"unsupported source type {type(source).__name__}")


def read_bytes(path: Path) -> bytes:
    """A local file's bytes, with the checks and size cap of a source (referenced files too)."""
    where = str(path)
    if not path.exists():
        raise SourceError("no such file", where=where)
    if path.is_dir():
        raise SourceError("is a directory, not a file (use `batch` for folders)", where=where)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError(f"file is {size} bytes, more than the {MAX_BYTES} limit",
                              where=where)
        with path.open("rb") as handle:  # bounded: a pipe or device reports no size
            # read(n) allocates n bytes up front: ask for what the file says it holds (+1 to
            # see growth), then for the rest of the cap only if there is more
            limit = MAX_BYTES + 1
            data = handle.read(min(size + 1, limit) if size else limit)
            if size and len(data) == size + 1 and len(data) < limit:
                data += handle.read(limit - len(data))
    except OSError as exc:
        raise SourceError(exc.strerror or str(exc), where=where) from exc
    if len(data) > MAX_BYTES:
        raise SourceError(f"more than the {MAX_BYTES} bytes limit", where=where)
    return data


def _fetch(url: str, limit: int = MAX_BYTES) -> bytes:
    import urllib.error  # only for a URL the user named: http.client and email cost a start
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "spec2connector"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            data: bytes = response.read(limit + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise SourceError(f"cannot fetch: {getattr(exc, 'reason', exc)}", where=url) from exc
    if len(data) > limit:
        raise SourceError(f"response larger than {limit} bytes", where=url)
    return data


MAX_ICON_BYTES = 256 * 1024
_IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
                (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"))


def fetch_image(url: str) -> str:
    """The image at `url` (`--allow-remote` only) as a data: URI, so that a template never makes
    the Modeler fetch anything. PNG, JPEG, GIF, WebP or SVG up to `MAX_ICON_BYTES`, recognised
    by content; anything else raises SourceError."""
    import base64

    data = _fetch(url, MAX_ICON_BYTES)
    mime = next((m for magic, m in _IMAGE_MAGIC if data.startswith(magic)), "")
    if not mime and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        mime = "image/webp"
    if not mime and re.search(rb"<svg[\s>]", data[:2048]):
        mime = "image/svg+xml"
    if not mime:
        raise SourceError("not a PNG, JPEG, GIF, WebP or SVG image", where=url)
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def _json_document(raw: bytes) -> Any:
    """A JSON object read by orjson straight from the bytes, or None (not JSON, or orjson
    refuses it: the text path then decodes it and says why). Skipping the decoded text saves
    memory: a str of non-ASCII text takes two or four bytes a character, and orjson would keep
    a UTF-8 copy of it besides."""
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    if not body[:256].lstrip().startswith(b"{"):
        return None
    import orjson

    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def _decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_BYTES:
        raise SourceError(f"input larger than {MAX_BYTES} bytes", where=name)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SourceError("not valid UTF-16 text", where=name) from exc
    if b"\x00" in raw[:4096]:
        raise SourceError("binary data, not a text document", where=name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(f"not valid UTF-8 (byte {exc.start}, line {line})", where=name) from exc


def _from_bytes(raw: bytes, *, name: str, format: str, path: Path | None = None,
                url: str = "") -> Source:
    if format in ("auto", "openapi", "postman") and len(raw) <= MAX_BYTES:
        data = _json_document(raw)
        if data is not None:
            return Source(name=name, format=_require(format, _sniff_data(data), name), text="",
                          data=data, path=path, url=url)
    text = _decode(raw, name)
    if not text.strip():
        raise SourceError("empty document", where=name)
    stripped = text.lstrip()
    if format == "wsdl" or (format == "auto" and stripped.startswith("<")):
        return Source(name=name, format=_require(format, "wsdl", name), text=text, path=path,
                      url=url)
    if format == "graphql" or (format == "auto" and _SDL_START.match(stripped)):
        data = load_json(text, name) if stripped.startswith("{") else None
        return Source(name=name, format="graphql", text=text, data=data, path=path, url=url)
    data = load_json(text, name) if stripped.startswith(("{", "[")) else load_yaml(text, name)
    detected = _sniff_data(data)
    return Source(name=name, format=_require(format, detected, name), text=text, data=data,
                  path=path, url=url)


def _require(requested: str, detected: str, name: str) -> str:
    if requested not in ("auto", *FORMATS):
        raise UnsupportedFormatError(f"unknown format {requested!r}", where=name)
    if detected == "unknown":
        raise UnsupportedFormatError(
            "not an API description: expected an OpenAPI/Swagger document (with an 'openapi' "
            "or 'swagger' key), a WSDL, a GraphQL schema, a GraphQL introspection result or a "
            "Postman collection (v2.0 or v2.1, with its 'info.schema')",
            where=name,
        )
    if requested != "auto" and requested != detected:
        raise UnsupportedFormatError(f"--format {requested} given, but this is {detected}",
                                     where=name)
    return detected


def _sniff_data(data: Any) -> str:
    if not isinstance(data, dict):
        return "unknown"
    if "openapi" in data or "swagger" in data:
        return "openapi"
    if "__schema" in data or (isinstance(data.get("data"), dict) and "__schema" in data["data"]):
        return "graphql"
    if is_postman_collection(data) or is_postman_collection(data.get("collection")):
        return "postman"  # a collection, or the Postman API's {"collection": {...}} wrapper
    return "unknown"


_POSTMAN_SCHEMA = re.compile(r"^https?://schema\.(?:getpostman|postman)\.com/", re.IGNORECASE)


def is_postman_collection(data: Any) -> bool:
    """A mapping whose `info.schema` is one of Postman's collection schema URLs."""
    info = data.get("info") if isinstance(data, dict) else None
    schema = info.get("schema") if isinstance(info, dict) else None
    return isinstance(schema, str) and bool(_POSTMAN_SCHEMA.match(schema.strip()))


_SDL_START = re.compile(
    r'^(?:#[^\n]*\n\s*|"""[\s\S]*?"""\s*|"[^"\n]*"\s*)*'
    r"(?:schema|type|interface|union|enum|input|scalar|directive|extend)(?=[\s{])"
)


def load_json(text: str, name: str) -> Any:
    """orjson (about twice as fast); json gives the message, or reads what orjson refuses
    (integers beyond 64 bits, NaN, lone surrogate escapes)."""
    import orjson

    try:
        return orjson.loads(text)
    except (orjson.JSONDecodeError, RecursionError):
        pass
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpecSyntaxError(f"invalid JSON: {exc.msg}",
                              where=f"{name}:{exc.lineno}:{exc.colno}") from exc
    except RecursionError as exc:
        raise SpecSyntaxError("JSON nested too deeply", where=name) from exc


def load_yaml(text: str, name: str) -> Any:
    """YAML 1.2 (converter.yaml_loader); no Python object tags; aliases checked for bombs."""
    from converter import yaml_loader

    try:
        data = yaml_loader.load(text)
    except yaml_loader.YamlError as exc:
        where = f"{name}:{exc.line}:{exc.column}" if exc.line is not None else name
        raise SpecSyntaxError(f"invalid YAML: {exc}", where=where) from exc
    except RecursionError as exc:
        raise SpecSyntaxError("YAML nested too deeply", where=name) from exc
    if yaml_loader.may_alias(text):  # aliases share nodes: refuse cycles and alias bombs
        _check_aliases(data, name)
    return data


def _check_aliases(data: Any, name: str) -> None:
    """Refuse alias cycles and documents whose aliases expand past `MAX_EXPANDED_NODES`.

    The loader shares one object per anchor, so loading is cheap; anything that walks the
    result (a description turned into text, an example serialised) pays the expanded size.
    One post-order pass with a size per shared node keeps this check linear in the document.
    """
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[Any, str, bool]] = [(data, "", False)]
    while stack:
        node, path, done = stack.pop()
        if not isinstance(node, dict | list):
            continue
        key = id(node)
        children = list(node.values()) if isinstance(node, dict) else node
        if done:
            open_.discard(key)
            total = 1 + sum(sizes.get(id(c), 0) if isinstance(c, dict | list)
                            else 1 + len(c) // 100 if isinstance(c, str) else 1
                            for c in children)
            if total > MAX_EXPANDED_NODES:
                raise SourceError(f"YAML aliases under {path or 'the root'} expand to more than "
                                  f"{MAX_EXPANDED_NODES} nodes (an alias bomb?)", where=name)
            sizes[key] = total
            continue
        open_.add(key)
        stack.append((node, path, True))
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for k, child in items:
            if isinstance(child, dict | list):
                where = f"{path}.{k}" if path else str(k)
                if id(child) in open_:
                    raise SourceError(f"YAML alias at {where} refers to a node that contains "
                                      "it (a recursive structure, not valid JSON)", where=name)
                if id(child) not in sizes:
                    stack.append((child, where, False))
