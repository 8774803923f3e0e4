"""Lazy `$ref` resolution for OpenAPI documents, one node at a time.

Specs are never inlined as a whole (Stripe would expand to billions of nodes): callers ask for
one node, follow its `$ref` chain, and keep a `Ref` context for refs nested inside it. Built on
`referencing` (the resolver behind jsonschema), with a retrieval function that reads local files
next to the root spec with our own safe loaders and refuses anything else unless remote access
is allowed. Only a string-valued `$ref` is a reference, so a schema property literally named
`$ref` stays a property.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import referencing
import referencing.exceptions
from referencing import Registry, Resource, Specification

from converter import sources
from converter.diagnostics import ConverterError

_OPAQUE: Specification[Any] = Specification.OPAQUE
MAX_CHAIN = 32


class RefError(Exception):
    """A reference that cannot be followed (missing target, refused location, bad file)."""


def is_ref(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("$ref"), str)


@dataclass(frozen=True, slots=True)
class Ref:
    """A resolution context: the document a node came from, for its own relative refs."""

    resolver: Any  # referencing.Resolver; its stubs do not type the generic well

    @property
    def base(self) -> str:
        return str(self.resolver._base_uri)


class Resolver:
    """Follows refs on demand; caches every file it reads."""

    def __init__(self, root: dict[str, Any], *, path: Path | None, url: str,
                 allow_remote: bool) -> None:
        if path is not None:
            self._root_uri = path.resolve().as_uri()
            self._root_dir: Path | None = path.resolve().parent
        else:
            self._root_uri = url or "urn:spec2connector:root"
            self._root_dir = None
        self._allow_remote = allow_remote
        self._files: dict[str, Any] = {}
        # (base URI, $ref) -> (target, its context): a spec names the same components over and
        # over, and each `referencing` lookup costs a registry walk (and a retrieval for a file)
        self._lookups: dict[tuple[str, str], tuple[Any, Ref]] = {}
        # refs that failed inside schemas, reported once each by the parser: ref -> reason
        self.failures: dict[str, str] = {}
        registry: Registry[Any] = Registry(retrieve=self._retrieve)  # type: ignore[call-arg]
        registry = registry.with_resource(self._root_uri, _OPAQUE.create_resource(root))
        self.root = Ref(registry.resolver(base_uri=self._root_uri))

    def _retrieve(self, uri: str) -> Resource[Any]:
        if uri in self._files:  # read (and allowed) before
            return _OPAQUE.create_resource(self._files[uri])
        parts = urlsplit(uri)
        if parts.scheme == "file":
            file = Path(unquote(parts.path)).resolve()
            if self._root_dir is None or not file.is_relative_to(self._root_dir):
                if not self._allow_remote:
                    raise RefError(f"refusing to read {file}: outside the spec's folder")
            try:
                data = self._files.get(uri)
                if data is None:
                    if not file.is_file():  # a FIFO or device would block or never end
                        raise RefError(f"cannot read {file}: not a regular file")
                    text = sources.read_bytes(file).decode("utf-8")
                    data = (sources.load_json(text, str(file)) if text.lstrip().startswith("{")
                            else sources.load_yaml(text, str(file)))
                    self._files[uri] = data
            except (OSError, UnicodeDecodeError) as exc:
                raise RefError(f"cannot read {file}: {exc}") from exc
            except ConverterError as exc:
                raise RefError(str(exc)) from exc
            return _OPAQUE.create_resource(data)
        if parts.scheme in ("http", "https"):
            if not self._allow_remote:
                raise RefError(f"remote reference {uri} refused (use --allow-remote to fetch)")
            data = sources.read(uri).data
            return _OPAQUE.create_resource(data)
        raise RefError(f"unsupported reference {uri}")

    def deref(self, node: Any, ctx: Ref) -> tuple[Any, Ref]:
        """Follow `node`'s `$ref` chain; returns the target and its context."""
        seen: set[str] = set()
        while is_ref(node):
            ref = node["$ref"]
            key = f"{ctx.base}|{ref}"
            if key in seen or len(seen) > MAX_CHAIN:
                raise RefError(f"circular reference {ref}")
            seen.add(key)
            hit = self._lookups.get((ctx.base, ref))
            if hit is not None:
                node, ctx = hit
                continue
            try:
                resolved = ctx.resolver.lookup(ref)
            except referencing.exceptions.Unresolvable as exc:
                cause: BaseException | None = exc
                while cause is not None:  # Unresolvable <- Unretrievable <- our RefError
                    if isinstance(cause, RefError):
                        raise RefError(str(cause)) from None
                    cause = cause.__cause__ or cause.__context__
                raise RefError(f"cannot resolve {ref}") from exc
            except RefError:
                raise
            target = (resolved.contents, Ref(resolved.resolver))
            self._lookups[(ctx.base, ref)] = target
            node, ctx = target
        return node, ctx

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


@lru_cache(maxsize=65536)
def _join(base: str, ref: str) -> str:
    return urljoin(base, ref)
