"""The only way zeep reaches documents: local files, a bundled SOAP-encoding schema, no network.

zeep fetches every `wsdl:import`, `xsd:import` and `xsd:include` through its transport, and it
auto-imports the SOAP 1.1 encoding schema for any rpc/encoded WSDL (zeep/xsd/const.py). This
transport serves that schema from `converter/resources/`, reads relative and absolute local
paths, and refuses http(s) locations unless the user passed `--allow-remote`. A refused location
is answered with an empty schema so that the rest of the WSDL still parses; operations whose
types lived there are then skipped one by one with a diagnostic. Every document passes the
hardened parser in `xmlsafe` before zeep sees it, and is kept for the facet index.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlparse

from zeep import Settings
from zeep.transports import Transport

from converter.diagnostics import SourceError
from converter.parsers.wsdl import structure, xmlsafe
from converter.sources import Source, read_bytes

SOAP_ENCODING = "http://schemas.xmlsoap.org/soap/encoding"  # with or without the final /
_EMPTY_SCHEMA = b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>'
MAX_DOCUMENTS = 500


def source_location(source: Source) -> str:
    """Where zeep is told the document is, so that relative imports resolve against its
    folder: its file, its URL, else the current folder."""
    if source.path is not None:
        return str(Path(source.path).resolve())
    return source.url or os.path.join(os.getcwd(), "input.wsdl")


def zeep_settings() -> Settings:
    """How zeep reads untrusted documents: leniently, without entities or huge trees. With
    force_https on, zeep "upgrades" an import whose scheme differs from the document's on the
    same (empty) host: `file:///x.xsd` under a local WSDL became `https:///x.xsd`."""
    return Settings(strict=False, forbid_entities=True, forbid_dtd=False, xml_huge_tree=False,
                    force_https=False)


class OfflineTransport(Transport):
    """A zeep transport that reads local files and refuses the network unless allowed."""

    def __init__(self, *, allow_remote: bool = False,
                 preloaded: dict[str, bytes] | None = None, root: str = "",
                 root_dir: Path | None = None) -> None:
        super().__init__(timeout=30, operation_timeout=30)  # type: ignore[no-untyped-call]
        self.allow_remote = allow_remote
        self.preloaded = dict(preloaded or {})
        # local imports are read from the root document's folder (and below) only
        first = root or next(iter(self.preloaded), "")
        self.root_dir = Path(first).resolve().parent \
            if first and urlparse(first).scheme.lower() not in ("http", "https") else None
        if root_dir is not None and self.root_dir is not None:
            self.root_dir = root_dir.resolve()  # a folder the user vouched for (--root, batch)
        self.loaded: dict[str, bytes] = {}  # location -> bytes, in load order
        self.refused: list[str] = []

    def load(self, url: str) -> bytes:
        if not url:
            raise SourceError("empty import location")
        if len(self.loaded) >= MAX_DOCUMENTS:
            raise SourceError(f"more than {MAX_DOCUMENTS} imported documents", where=url)
        data = self._read(url)
        root = xmlsafe.parse(data, url)  # refuses malformed and entity-laden documents
        if url not in self.preloaded:  # the main document was checked with its own name
            structure.check(root, url)
        self.loaded.setdefault(url, data)
        return data

    def _read(self, url: str) -> bytes:
        if url in self.preloaded:
            return self.preloaded[url]
        scheme = urlparse(url).scheme.lower()
        if url.rstrip("/") == SOAP_ENCODING:
            return resources.files("converter").joinpath("resources/soap-encoding.xsd").read_bytes()
        if scheme in ("http", "https"):
            if not self.allow_remote:
                self.refused.append(url)
                return _EMPTY_SCHEMA
            data: bytes = self._load_remote_data(url)  # type: ignore[no-untyped-call]
            return data
        path = (Path(unquote(urlparse(url).path)) if scheme == "file" else Path(url)).resolve()
        if not self.allow_remote and (self.root_dir is None
                                      or not path.is_relative_to(self.root_dir)):
            raise SourceError("import refused: outside the spec's folder (--root DIR names a "
                              "wider folder; --allow-remote lifts the limit)", where=url)
        if not path.exists():
            raise SourceError("imported document not found", where=url)
        if not path.is_file():  # a FIFO or device would block or never end
            raise SourceError("imported document is not a regular file", where=url)
        return read_bytes(path)
