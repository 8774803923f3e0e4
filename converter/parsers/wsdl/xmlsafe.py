"""Hardened XML parsing for every WSDL and XSD document the converter reads.

Entities are never expanded, no DTD is loaded, nothing is fetched over the network, and a
document that declares entities is refused outright (an XXE or billion-laughs attempt is not an
API description). zeep parses the same bytes again with `resolve_entities=False`; this module is
the gate every document passes first, so zeep never sees what it refuses.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from converter.diagnostics import SpecSyntaxError

XSD_NS = "http://www.w3.org/2001/XMLSchema"
WSDL11_NS = "http://schemas.xmlsoap.org/wsdl/"
WSDL20_NS = "http://www.w3.org/ns/wsdl"


def _parser(*, recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def _only_namespace_uri_complaints(exc: etree.XMLSyntaxError) -> bool:
    """libxml2 rejects `xmlns:tns="http://{{url}}/x"`; zeep (and most SOAP stacks) accept it."""
    error_log: Any = exc.error_log  # iterable at run time; lxml-stubs do not say so
    log = list(error_log)
    return bool(log) and all(e.type_name == "WAR_NS_URI" for e in log)


def parse(data: bytes, where: str) -> etree._Element:
    """The root element of `data`; raises SpecSyntaxError for malformed or entity-laden XML."""
    try:
        try:
            root = etree.fromstring(data, parser=_parser())
        except etree.XMLSyntaxError as first:
            if not _only_namespace_uri_complaints(first):
                raise
            root = etree.fromstring(data, parser=_parser(recover=True))
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", 0) or 0
        message = str(exc.msg if hasattr(exc, "msg") else exc).split(", line")[0]
        raise SpecSyntaxError(f"invalid XML: {message}",
                              where=f"{where}:{line}" if line else where) from exc
    if root is None:
        raise SpecSyntaxError("invalid XML: no root element", where=where)
    docinfo = root.getroottree().docinfo
    dtd: Any = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise SpecSyntaxError("XML entity declarations are refused (possible XXE)", where=where)
    return root


def text(node: etree._Element) -> str:
    """The text inside `node` on one line (documentation)."""
    return " ".join("".join(str(t) for t in node.itertext()).split())


def child_text(node: etree._Element, tag: str) -> str:
    """`text` of the first `tag` child of `node` ("" when it has none)."""
    child = node.find(tag)
    return "" if child is None else text(child)


def to_bytes(text: str) -> bytes:
    """Text back to bytes for lxml, which refuses str input that carries an encoding declaration.

    The source was decoded as UTF-8 (or UTF-16 with a BOM) by `converter.sources`; re-encoding
    as UTF-8 and rewriting a declared non-UTF-8 encoding keeps lxml from decoding twice.
    """
    data = text.encode("utf-8")
    head = data[:200]
    if head.startswith(b"<?xml") and b"encoding" in head:
        end = data.find(b"?>")
        if end != -1:
            data = b'<?xml version="1.0" encoding="UTF-8"?>' + data[end + 2:]
    return data
