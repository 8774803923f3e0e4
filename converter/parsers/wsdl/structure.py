"""Attributes a WSDL 1.1 document must carry before zeep reads it, checked with a line number.

zeep trusts them: a `wsdl:binding` without `name` or `type`, a `wsdl:port` without `binding`
or a `wsdl:portType` without `name` end inside zeep as `AttributeError: 'NoneType' object has
no attribute 'text'` or a bare `AssertionError`, which names neither the element nor the line.
This check runs on every WSDL 1.1 and XML Schema document zeep is handed (the main one and
each import) and says which element lacks what, as `file:line`.
"""

from __future__ import annotations

from lxml import etree

from converter.diagnostics import SpecSyntaxError
from converter.parsers.wsdl.xmlsafe import WSDL11_NS, XSD_NS

W = f"{{{WSDL11_NS}}}"
XS = f"{{{XSD_NS}}}"

# (parent's local name or "" for any, element) -> attributes zeep needs; from the WSDL 1.1
# schema (http://schemas.xmlsoap.org/wsdl/) and XML Schema's `xs:include`.
_REQUIRED: dict[tuple[str, str], tuple[str, ...]] = {
    ("definitions", f"{W}import"): ("location",),
    ("definitions", f"{W}message"): ("name",),
    ("definitions", f"{W}portType"): ("name",),
    ("portType", f"{W}operation"): ("name",),
    ("operation", f"{W}fault"): ("name",),
    ("definitions", f"{W}binding"): ("name", "type"),
    ("binding", f"{W}operation"): ("name",),
    ("definitions", f"{W}service"): ("name",),
    ("service", f"{W}port"): ("name", "binding"),
    ("", f"{XS}include"): ("schemaLocation",),
}
# An abstract operation's input and output name the message they carry.
_MESSAGE_REFS = frozenset({f"{W}input", f"{W}output"})


def check(root: etree._Element, where: str) -> None:
    """Raise SpecSyntaxError for the first element of `root` that lacks a required attribute."""
    for node in root.iter(f"{W}*", f"{XS}include"):
        parent = node.getparent()
        parent_name = etree.QName(parent).localname if parent is not None else ""
        needed = _REQUIRED.get((parent_name, str(node.tag))) or _REQUIRED.get(("", str(node.tag)))
        if node.tag in _MESSAGE_REFS and _grandparent(node) == "portType":
            needed = ("message",)
        for attribute in needed or ():
            if not (node.get(attribute) or "").strip():
                raise SpecSyntaxError(
                    f"invalid WSDL: {_described(node)}{_context(node)} has no "
                    f"'{attribute}' attribute, which WSDL 1.1 requires",
                    where=f"{where}:{node.sourceline}" if node.sourceline else where)


def _grandparent(node: etree._Element) -> str:
    parent = node.getparent()
    above = parent.getparent() if parent is not None else None
    return etree.QName(above).localname if above is not None else ""


def _described(node: etree._Element) -> str:
    """`<wsdl:binding name="X">`, or `<wsdl:binding>` when it has no name."""
    local = etree.QName(node).localname
    tag = f"xs:{local}" if str(node.tag).startswith(XS) else f"wsdl:{local}"
    name = node.get("name")
    return f'<{tag} name="{name}">' if name else f"<{tag}>"


def _context(node: etree._Element) -> str:
    """` in wsdl:binding X` for the nearest named ancestor, so that the element can be found."""
    for above in node.iterancestors():
        name = above.get("name")
        if name and str(above.tag).startswith(W):
            return f" in wsdl:{etree.QName(above).localname} {name}"
    return ""
