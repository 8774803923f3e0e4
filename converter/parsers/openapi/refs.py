"""Lazy `$ref` resolution for OpenAPI documents, one node at a time.

Specs are never inlined as a whole (Stripe would expand to billions of nodes): callers ask for
one node, follow its `$ref` chain, and keep a `Ref` context for refs nested inside it. The
resolution rules are those of `referencing` (the resolver behind jsonschema) for documents
without `$id`s: a ref is joined to its document's URI, a fragment is a JSON pointer (or empty);
the documents are read by a retrieval function that reads local files next to the root spec
with our own safe loaders and refuses anything else unless remote access is allowed. It is done
here in a few lines rather than through `referencing`, whose registry walk per lookup and whose
import (attrs, rpds) cost more than the resolution itself. Every document is read once and every
(document, ref) pair looked up once. Only a string-valued `$ref` is a reference, so a schema
property literally named `$ref` stays a property.

A multi-file spec (DigitalOcean: 1,278 files, 2,820 distinct refs) is mostly relative refs
between plain files in the spec's folder; those are joined on the strings (urljoin's own merge
without its parsing) and read with one open (`_plain_file`). Anything else goes the general way
(urljoin, urlsplit, Path, `sources.read_bytes`), which alone refuses and words the messages.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from converter import sources
from converter.diagnostics import ConverterError

MAX_CHAIN = 32


class RefError(Exception):
    """A reference that cannot be followed (missing target, refused location, bad file)."""


def is_ref(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("$ref"), str)


@dataclass(frozen=True, slots=True)
class Ref:
    """A resolution context: the document a node came from, for its own relative refs."""

    base: str  # the document's absolute URI (no fragment)


class Resolver:
    """Follows refs on demand; caches every file it reads."""

    def __init__(self, root: dict[str, Any], *, path: Path | None, url: str,
                 allow_remote: bool, root_dir: Path | None = None) -> None:
        if path is not None:
            self._root_uri = path.resolve().as_uri()
            self._root_dir: Path | None = root_dir.resolve() if root_dir \
                else path.resolve().parent
            # what a real path inside the folder starts with (`is_relative_to` on strings)
            self._inside: str | None = str(self._root_dir).rstrip("/") + "/"
        else:
            self._root_uri = url or "urn:spec2connector:root"
            self._root_dir = None
            self._inside = None
        self._allow_remote = allow_remote
        # document URI -> its data: the root, and every file read so far
        self._files: dict[str, Any] = {self._root_uri: root}
        # (base URI, $ref) -> (target, its context): a spec names the same components over and
        # over; each pair is resolved once
        self._lookups: dict[tuple[str, str], tuple[Any, Ref]] = {}
        # refs that failed inside schemas, reported once each by the parser: ref -> reason
        self.failures: dict[str, str] = {}
        # schemas.view's merged views, living as long as the documents they were read from:
        # (id(node), document, seen) -> (node, view)
        self.views: dict[tuple[int, str, frozenset[str]], tuple[Any, Any]] = {}
        self.root = Ref(self._root_uri)
        self._folders: dict[str, str] = {}  # folder -> its real path
        self._contexts: dict[str, Ref] = {self._root_uri: self.root}  # document URI -> Ref
        # (document URI, JSON pointer) -> node: files of a multi-file spec name the same
        # components through different relative refs
        self._pointers: dict[tuple[str, str], Any] = {}

    def _document(self, uri: str) -> Any:
        """The data of the document at `uri` (read on first use)."""
        if uri in self._files:  # read (and allowed) before
            return self._files[uri]
        data = self._retrieve(uri)
        self._files[uri] = data
        return data

    def _retrieve(self, uri: str) -> Any:
        plain = self._plain_file(uri)
        if plain is not None:
            return _parse(*plain)
        parts = urlsplit(uri)
        if parts.scheme == "file":
            file = self._real(Path(unquote(parts.path)))
            if self._root_dir is None or not file.is_relative_to(self._root_dir):
                if not self._allow_remote:
                    raise RefError(f"refusing to read {file}: outside the spec's folder")
            try:
                if not file.is_file():  # a FIFO or device would block or never end
                    raise RefError(f"cannot read {file}: not a regular file")
                raw = sources.read_bytes(file)
            except OSError as exc:
                raise RefError(f"cannot read {file}: {exc}") from exc
            except ConverterError as exc:
                raise RefError(str(exc)) from exc
            return _parse(str(file), raw)
        if parts.scheme in ("http", "https"):
            if not self._allow_remote:
                raise RefError(f"remote reference {uri} refused (use --allow-remote to fetch)")
            return sources.read(uri).data
        raise RefError(f"unsupported reference {uri}")

    def _plain_file(self, uri: str) -> tuple[str, bytes] | None:
        """(real path, bytes) of the file `uri` names when it is plainly a regular file (no
        symlink) inside the spec's folder (or anywhere, with allow_remote); None for anything
        else, which `_retrieve` then reads, checks or refuses the general way.

        This is that way's outcome in the common case, on strings and with one open: no
        urlsplit, no Path objects, `is_relative_to` as a prefix test and the real path as the
        (cached) real folder plus the name; only a path `Path` keeps as written qualifies
        (`_is_plain_path`), so the name and the message are the same."""
        if not _PLAIN_FILE_URI.fullmatch(uri):
            return None
        path = unquote(uri[7:])  # urlsplit's path: what follows "file://"
        if not _is_plain_path(path):
            return None
        cut = path.rindex("/")
        folder = self._real_folder(path[:cut] or "/")
        if folder[:2] == "//":
            return None
        file = f"{folder.rstrip('/')}/{path[cut + 1:]}"
        if not self._allow_remote and (self._inside is None
                                       or not file.startswith(self._inside)):
            return None  # refused by `_retrieve`, with its message
        raw = sources.read_plain_file(file)
        return None if raw is None else (file, raw)

    def _real_folder(self, folder: str) -> str:
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = self._resolve_folder(folder)
        return real

    def _resolve_folder(self, folder: str) -> str:
        """`str(Path(folder).resolve())`, from the parent's real path (cached) and one lstat
        when the name is a plain one and not a symlink: `realpath` takes a path apart
        component by component, each step seeing only the real path so far and the next
        name, so this is its own last step. (A multi-file spec's folders share their
        ancestors: DigitalOcean's 129 folders cost 129 lstats instead of about 1,200.)"""
        cut = folder.rfind("/")
        name = folder[cut + 1:]
        if cut > 0 and name not in ("", ".", ".."):
            parent = self._real_folder(folder[:cut])
            if parent[:1] == "/" and parent[:2] != "//":
                joined = f"{parent.rstrip('/')}/{name}"
                try:
                    if not stat.S_ISLNK(os.lstat(joined).st_mode):
                        return joined
                except OSError:
                    pass  # missing or unreadable: the general way words what follows
        return str(Path(folder).resolve())

    def _real(self, path: Path) -> Path:
        """`path.resolve()`, resolving each folder once: a multi-file spec has thousands of files
        in a few hundred folders, and a resolve costs a system call per path component."""
        if path.name in ("", ".", "..") or path.is_symlink():
            return path.resolve()
        return Path(self._real_folder(str(path.parent))) / path.name

    def _lookup(self, ref: str, ctx: Ref) -> tuple[Any, Ref]:
        """One step: the node `ref` names, seen from the document of `ctx` (as `referencing`
        resolves refs in documents without `$id`s)."""
        if ref[:1] == "#":
            uri, fragment = ctx.base, ref[1:]
        else:
            uri, fragment = _defrag(_join(ctx.base, ref))
        try:
            node = self._document(uri)
        except RefError:
            raise
        except Exception as exc:  # e.g. a remote document that is not a spec
            raise RefError(f"cannot resolve {ref}") from exc
        if fragment.startswith("/"):
            key = (uri, fragment)
            hit = self._pointers.get(key, _MISSING)
            if hit is _MISSING:
                hit = self._pointers[key] = _pointer(node, fragment, ref)
            node = hit
        elif fragment:  # a plain-name anchor: only `$id`/`$anchor` documents have those
            raise RefError(f"cannot resolve {ref}")
        context = self._contexts.get(uri)
        if context is None:
            context = self._contexts[uri] = Ref(uri)
        return node, context

    def deref(self, node: Any, ctx: Ref) -> tuple[Any, Ref]:
        """Follow `node`'s `$ref` chain; returns the target and its context."""
        seen: set[tuple[str, str]] | None = None  # made at the second step: most chains have one
        while True:
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not isinstance(ref, str):  # not `is_ref(node)`
                return node, ctx
            key = (ctx.base, ref)
            if seen is None:
                seen = {key}
            else:
                if key in seen or len(seen) > MAX_CHAIN:
                    raise RefError(f"circular reference {ref}")
                seen.add(key)
            hit = self._lookups.get(key)
            if hit is not None:
                node, ctx = hit
                continue
            target = self._lookup(ref, ctx)
            self._lookups[key] = target
            node, ctx = target

    def try_deref(self, node: Any, ctx: Ref) -> tuple[Any, Ref] | None:
        """`deref`, remembering a failure in `failures` instead of raising (for schemas, where a
        missing piece degrades the example but must not drop the operation)."""
        try:
            return self.deref(node, ctx)
        except RefError as exc:
            self.failures.setdefault(str(node.get("$ref")), str(exc))
            return None

    @staticmethod
    def ref_id(node: Any, ctx: Ref) -> str | None:
        """A stable identity of a referenced node (absolute URI), for cycle detection."""
        if not is_ref(node):
            return None
        return _join(ctx.base, str(node["$ref"]))


_MISSING = object()
# A `file:///` URI urlsplit takes apart as written: an empty authority, then a path that does
# not start with "//", without query or fragment or what it strips or drops (tab, CR, LF).
_PLAIN_FILE_URI = re.compile(r"file:///(?!/)[^?#\t\n\r]*")
_UNSAFE = re.compile(r"[\t\n\r]")  # characters urlsplit removes wherever they are


@lru_cache(maxsize=65536)
def _join(base: str, ref: str) -> str:
    """`urljoin(base, ref)`: for a relative ref against a `file:` document (every ref of a
    multi-file spec) its own steps on the strings, else urljoin itself."""
    joined = _join_file(base, ref)
    return urljoin(base, ref) if joined is None else joined


# The absolute URI of a `$ref` (string) in the document `base`: `Resolver.ref_id` without its
# checks, for schema walks that have read the string already.
ref_uri = _join


@lru_cache(maxsize=4096)
def _file_folder(base: str) -> tuple[str, bool] | None:
    """For a plain `file:///` URI: its folder's URI (up to the last "/") and whether that
    folder is written plainly (no empty, `.` or `..` segment), so that a ref without dot or
    empty segments is simply appended to it; None for any other base."""
    if not _PLAIN_FILE_URI.fullmatch(base):
        return None
    folder = base[:base.rindex("/") + 1]
    return folder, "//" not in folder[8:] and "/./" not in folder and "/../" not in folder


def _join_file(base: str, ref: str) -> str | None:
    """What `urljoin(base, ref)` gives when `base` is a plain `file:///` URI and `ref` a
    plain relative reference (no scheme, authority or query, nothing urlsplit strips or
    drops), without urljoin's two urlparse and one urlunparse; None otherwise. The path merge
    is urljoin's own (RFC 3986 dot segments, with its particularities: `..` above the root is
    dropped, empty segments of a relative ref are collapsed, percent-escapes are left alone);
    tests compare the two on generated input."""
    folder = _file_folder(base)
    if folder is None or not ref or ref[0] <= " " or _UNSAFE.search(ref):
        return None
    path, _, fragment = ref.partition("#")
    if ":" in path or "?" in path or path[:2] == "//":
        return None
    tail = f"#{fragment}" if fragment else ""
    if not path:
        return base + tail
    if folder[1] and path[0] not in "./" and "/." not in path and "//" not in path:
        return folder[0] + path + tail  # no segment to resolve: what the merge below gives
    joined = _merge_path(folder[0], path)
    return None if joined is None else joined + tail


@lru_cache(maxsize=16384)
def _merge_path(folder: str, path: str) -> str | None:
    """The `file:` URI of relative path `path` (not empty) from the folder URI `folder` (up to
    its last "/"): the merge of `_join_file`, which depends on the folder only, not on the
    document's name; files of one folder use the same relative refs (DigitalOcean: 2,820
    (document, ref) pairs, 1,473 (folder, path) pairs)."""
    if path[0] == "/":
        segments = path.split("/")
    else:
        segments = folder[7:].split("/")
        del segments[-1]  # what follows the folder's last "/": refs are relative to it
        segments += path.split("/")
        segments[1:-1] = filter(None, segments[1:-1])
    resolved: list[str] = []
    for segment in segments:
        if segment == "..":
            if resolved:
                resolved.pop()
        elif segment != ".":
            resolved.append(segment)
    if segments[-1] in (".", ".."):
        resolved.append("")
    joined = "/".join(resolved) or "/"
    if joined[:2] == "//":  # urlunsplit would read an authority into it
        return None
    return f"file://{joined if joined[0] == '/' else '/' + joined}"


def _defrag(uri: str) -> tuple[str, str]:
    """`urldefrag(uri)` (as a plain tuple); for a plain `file:///` URI a split at the "#"."""
    head, _, fragment = uri.partition("#")
    # `_PLAIN_FILE_URI.fullmatch(head) and not _UNSAFE.search(fragment)`, as string tests
    if head[:8] == "file:///" and head[8:9] != "/" and "?" not in head and "\t" not in uri \
            and "\n" not in uri and "\r" not in uri:
        return head, fragment
    defragged, fragment = urldefrag(uri)
    return defragged, fragment


def _is_plain_path(path: str) -> bool:
    """Is `path` absolute and written as `Path(path)` writes it (no empty or `.` segment, no
    trailing slash, no NUL), with a name that is not `..`? (`..` inside is kept by `Path` as
    written, and left to `resolve`.)"""
    return (path[:1] == "/" and "//" not in path and "/./" not in path and "\0" not in path
            and not path.endswith(("/", "/.", "/..")))


def _parse(name: str, raw: bytes) -> Any:
    """A referenced file's data: JSON when its text starts with "{", else YAML."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RefError(f"cannot read {name}: {exc}") from exc
    head = text[:64].lstrip() or text.lstrip()
    try:
        return (sources.load_json(text, name) if head.startswith("{")
                else sources.load_yaml(text, name))
    except ConverterError as exc:
        raise RefError(str(exc)) from exc


def _pointer(document: Any, pointer: str, ref: str) -> Any:
    """The node at JSON pointer `pointer` (percent-encoded, from a URI fragment)."""
    node = document
    for segment in unquote(pointer[1:]).split("/"):
        try:
            if isinstance(node, list):
                node = node[int(segment)]
            elif isinstance(node, dict):
                node = node[segment.replace("~1", "/").replace("~0", "~")]
            else:
                raise KeyError(segment)
        except (KeyError, IndexError, ValueError):
            raise RefError(f"cannot resolve {ref}") from None
    return node
