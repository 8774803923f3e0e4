"""Operations whose response zeep cannot read are kept, with the whole SOAP Body as result.

zeep (with `strict=False`) drops a port type operation when one of its messages is missing or
has a part naming an element or type that no schema defines, and the operation with it, though
its request may be fully defined: such a WSDL gave no template at all. The request can still be
sent, and the response is then mapped as a whole. `undefined_responses` finds the outputs zeep
could not read in the root document; `repaired` points them at an empty message (the document
is otherwise unchanged), so that a second read keeps the operations.

Only port types of the document itself are repaired: an imported WSDL is read by zeep's
transport, and its operations stay skipped with zeep's own warning.
"""

from __future__ import annotations

from collections.abc import Container

from lxml import etree

from converter.parsers.wsdl import xmlsafe
from converter.parsers.wsdl.xmlsafe import WSDL11_NS

W = f"{{{WSDL11_NS}}}"
EMPTY_MESSAGE = "spec2connector.undefined-response"


def _message(node: etree._Element, tns: str) -> str:
    """The Clark name `{ns}local` of the message a `wsdl:input`/`output` refers to (an
    unprefixed name is in the target namespace, as zeep reads it)."""
    value = (node.get("message") or "").strip()
    prefix, _, local = value.rpartition(":")
    ns = node.nsmap.get(prefix) if prefix else tns
    return f"{{{ns or prefix}}}{local}"


def undefined_responses(root: etree._Element, messages: Container[str]
                        ) -> dict[tuple[str, str], str]:
    """(port type, operation) -> output message, for each operation of `root` whose input
    message zeep read (`messages`: the Clark names it knows) and whose output message it did
    not."""
    tns = root.get("targetNamespace", "")
    out: dict[tuple[str, str], str] = {}
    for port_type in root.findall(f"{W}portType"):
        for op in port_type.findall(f"{W}operation"):
            given, output = op.find(f"{W}input"), op.find(f"{W}output")
            if given is None or output is None or not output.get("message"):
                continue
            wanted = _message(output, tns)
            if _message(given, tns) in messages and wanted not in messages:
                key = (f"{{{tns}}}{port_type.get('name', '')}", op.get("name", ""))
                out[key] = wanted.rpartition("}")[2]
    return out


def repaired(data: bytes, broken: dict[tuple[str, str], str], name: str) -> bytes:
    """`data` (the root document, called `name`) with the outputs of `broken` operations
    pointing at one empty message in the target namespace."""
    root = xmlsafe.parse(data, name)
    tns = root.get("targetNamespace", "")
    for port_type in root.findall(f"{W}portType"):
        for op in port_type.findall(f"{W}operation"):
            if (f"{{{tns}}}{port_type.get('name', '')}", op.get("name", "")) in broken:
                output = op.find(f"{W}output")
                if output is not None:
                    output.set("message", EMPTY_MESSAGE)
    empty = etree.Element(f"{W}message", name=EMPTY_MESSAGE)
    first = root.find(f"{W}message")
    if first is None:
        first = root.find(f"{W}portType")
    if first is not None:
        first.addprevious(empty)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
