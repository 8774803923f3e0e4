"""Lazy `$ref` resolution for OpenAPI documents, one node at a time.

Specs are never inlined as a whole (Stripe would expand to billions of nodes): callers ask for
one node, follow its `$ref` chain, and keep a `Ref` context for refs nested inside it. The rules
are those of `referencing` (the resolver behind jsonschema) for documents without `$id`s: a ref
is joined to its document's URI, a fragment is a JSON pointer (or empty). They are applied here
in a few lines because `referencing` costs more than the resolution (docs/performance.md). Local
files next to the root spec are read with our own safe loaders; anything else is refused unless
remote access is allowed. Every document is read once and every (document, ref) pair looked up
once. Only a string-valued `$ref` is a reference, so a property named `$ref` stays a property.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from converter import sources
from converter.diagnostics import ConverterError

MAX_CHAIN = 32


class RefError(Exception):
    """A reference that cannot be followed (missing target, refused location, bad file)."""


def ref_id(node: Any, ctx: Ref) -> str | None:
    """The absolute URI a `$ref` node names (its identity for cycle detection), else None."""
    ref = node.get("$ref") if isinstance(node, dict) else None
    return urljoin(ctx.base, ref) if isinstance(ref, str) else None


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
        else:
            self._root_uri = url or "urn:spec2connector:root"
            self._root_dir = None
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
        self._folders: dict[Path, Path] = {}  # folder -> its real path

    def _retrieve(self, uri: str) -> Any:
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

    def _real(self, file: Path) -> Path:
        """`file.resolve()`, each folder resolved once: a multi-file spec has over a thousand
        files in about a hundred folders (docs/performance.md)."""
        if file.name in ("", ".", "..") or file.is_symlink():
            return file.resolve()
        folder = self._folders.get(file.parent)
        if folder is None:
            folder = self._folders[file.parent] = file.parent.resolve()
        return folder / file.name

    def _lookup(self, ref: str, ctx: Ref) -> tuple[Any, Ref]:
        """One step: the node `ref` names, seen from the document of `ctx` (as `referencing`
        resolves refs in documents without `$id`s)."""
        if ref[:1] == "#":
            uri, fragment = ctx.base, ref[1:]
        else:
            uri, fragment = urldefrag(urljoin(ctx.base, ref))
        try:
            if uri not in self._files:  # read (and allowed) on first use
                self._files[uri] = self._retrieve(uri)
            node = self._files[uri]
        except RefError:
            raise
        except Exception as exc:  # e.g. a remote document that is not a spec
            raise RefError(f"cannot resolve {ref}") from exc
        if fragment.startswith("/"):
            node = _pointer(node, fragment, ref)
        elif fragment:  # a plain-name anchor: only `$id`/`$anchor` documents have those
            raise RefError(f"cannot resolve {ref}")
        return node, Ref(uri)

    def deref(self, node: Any, ctx: Ref) -> tuple[Any, Ref]:
        """Follow `node`'s `$ref` chain; returns the target and its context."""
        seen: set[tuple[str, str]] = set()
        while True:
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not isinstance(ref, str):
                return node, ctx
            key = (ctx.base, ref)
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


def _parse(name: str, raw: bytes) -> Any:
    """A referenced file's data: JSON when its text starts with "{", else YAML."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RefError(f"cannot read {name}: {exc}") from exc
    try:
        return (sources.load_json(text, name) if text.lstrip().startswith("{")
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
