"""What each element of a WSDL or XML Schema document must hold before zeep reads it, said
with the file and line.

zeep trusts the documents it reads: a `wsdl:binding` without `name` or `type`, a `wsdl:port`
without `binding`, an `xs:element` without `name`, a name that is not an XML name, a prefix
that is not declared or an `xs:documentation` outside `xs:annotation` end inside zeep as
`AttributeError: 'NoneType' object has no attribute 'text'`, `ValueError: Invalid tag name
'-1'` or a bare `AssertionError`, naming neither the element nor the line. `check` runs on
every document zeep is handed (the main one and each import) and says which element lacks
what, as `file:line`. What needs all documents at once (a binding naming a port type no
document defines) is `converter.parsers.wsdl.references`' job, once zeep has failed.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from converter.diagnostics import SpecSyntaxError
from converter.parsers.wsdl.xmlsafe import WSDL11_NS, XSD_NS

W = f"{{{WSDL11_NS}}}"
XS = f"{{{XSD_NS}}}"

SOAP_HEADERS = tuple(f"{{{ns}}}{tag}" for ns in ("http://schemas.xmlsoap.org/wsdl/soap/",
                                                   "http://schemas.xmlsoap.org/wsdl/soap12/")
                      for tag in ("header", "headerfault"))
# (parent's local name, or "" for any parent; element) -> attributes zeep needs. From the
# WSDL 1.1 schema (http://schemas.xmlsoap.org/wsdl/) and XML Schema; `xs:element`,
# `xs:attribute` and friends need a name unless they are a `ref`.
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
    ("schema", f"{XS}complexType"): ("name",),
    ("schema", f"{XS}simpleType"): ("name",),
    **{("", tag): ("message", "part", "use") for tag in SOAP_HEADERS},
}
_NAMED_UNLESS_REF = frozenset({f"{XS}element", f"{XS}attribute", f"{XS}attributeGroup",
                               f"{XS}group"})
# Names zeep turns into qualified names (lxml refuses `-1`, `a b`, `""`).
_QUALIFIED_NAMES = frozenset({f"{W}message", f"{W}portType", f"{W}binding", *_NAMED_UNLESS_REF,
                              f"{XS}complexType", f"{XS}simpleType"})
# Attributes whose value is a QName (`prefix:local`): the prefix must be declared.
_QNAME_ATTRIBUTES = ("type", "element", "message", "binding", "ref", "base", "itemType",
                     "substitutionGroup")


def _parents(*names: str) -> frozenset[str]:
    return frozenset(f"{XS}{n}" for n in names)


_FACETS = ("enumeration", "pattern", "length", "minLength", "maxLength", "minInclusive",
           "maxInclusive", "minExclusive", "maxExclusive", "totalDigits", "fractionDigits",
           "whiteSpace")
_ATTRIBUTE_HOLDERS = ("complexType", "attributeGroup", "restriction", "extension")
# Where XML Schema allows each of its elements (the content models of XML Schema 1.0, read
# from the child's side); zeep asserts on anything else ("Unexpected child").
_ALLOWED_PARENTS: dict[str, frozenset[str]] = {
    f"{XS}{child}": parents for children, parents in (
        (("appinfo", "documentation"), _parents("annotation")),
        (("include", "import", "redefine", "notation"), _parents("schema")),
        (("element",), _parents("schema", "sequence", "choice", "all")),
        (("attribute",), _parents("schema", *_ATTRIBUTE_HOLDERS)),
        (("anyAttribute",), _parents(*_ATTRIBUTE_HOLDERS)),
        (("attributeGroup",), _parents("schema", "redefine", *_ATTRIBUTE_HOLDERS)),
        (("simpleType",), _parents("schema", "redefine", "element", "attribute",
                                   "restriction", "list", "union")),
        (("complexType",), _parents("schema", "redefine", "element")),
        (("group",), _parents("schema", "redefine", "complexType", "sequence", "choice",
                              "restriction", "extension")),
        (("sequence", "choice"), _parents("complexType", "group", "sequence", "choice",
                                          "restriction", "extension")),
        (("all",), _parents("complexType", "group", "restriction", "extension")),
        (("any",), _parents("sequence", "choice")),
        (("simpleContent", "complexContent"), _parents("complexType")),
        (("restriction",), _parents("simpleType", "simpleContent", "complexContent")),
        (("extension",), _parents("simpleContent", "complexContent")),
        (("list", "union"), _parents("simpleType")),
        (_FACETS, _parents("restriction")),
        (("unique", "key", "keyref"), _parents("element")),
        (("selector", "field"), _parents("unique", "key", "keyref")),
    ) for child in children}
_FREE_CONTENT = _parents("appinfo", "documentation")
# What a definition needs one of to say what it is.
_CONTENT = {f"{XS}simpleType": _parents("restriction", "list", "union"),
            f"{XS}group": _parents("sequence", "choice", "all"),
            f"{XS}simpleContent": _parents("restriction", "extension"),
            f"{XS}complexContent": _parents("restriction", "extension")}
_ANNOTATED = _parents("schema", "redefine")  # annotations anywhere among their children


def check(root: etree._Element, where: str) -> None:
    """Raise SpecSyntaxError for the first element of `root` zeep could not read."""
    for node in _walk(root):
        problem = (_missing(node) or _bad_name(node) or _bad_qname(node) or _bad_occurs(node)
                   or _empty_type(node) or _misplaced(node))
        if problem:
            raise error_at(node, problem, where)


def _walk(root: etree._Element) -> Iterator[etree._Element]:
    """WSDL, XML Schema and SOAP header elements in document order, not looking inside
    documentation (which may hold anything, schema examples included)."""
    stack = [root]
    while stack:
        node = stack.pop()
        tag = node.tag
        if isinstance(tag, str) and (tag.startswith((W, XS)) or tag in SOAP_HEADERS):
            yield node
        if tag not in _FREE_CONTENT:
            stack.extend(reversed(node))


def _misplaced(node: etree._Element) -> str:
    parent = node.getparent()
    if node.tag == f"{XS}annotation" and parent is not None and parent.tag not in _ANNOTATED \
            and any(isinstance(before.tag, str) for before in node.itersiblings(preceding=True)):
        return (f"is not the first child of <xs:{etree.QName(parent).localname}> (XML Schema "
                "allows one annotation there, before anything else)")
    allowed = _ALLOWED_PARENTS.get(str(node.tag))
    if allowed is None or parent is None or not str(parent.tag).startswith(XS) \
            or parent.tag in allowed:
        return ""
    return f"cannot be inside <xs:{etree.QName(parent).localname}>"


def _missing(node: etree._Element) -> str:
    parent = node.getparent()
    parent_name = str(parent.tag).rpartition("}")[2] if parent is not None else ""
    grandparent = parent.getparent() if parent is not None else None
    tag = str(node.tag)
    needed = _REQUIRED.get((parent_name, tag)) or _REQUIRED.get(("", tag)) or ()
    if tag in (f"{W}input", f"{W}output") and grandparent is not None \
            and etree.QName(grandparent).localname == "portType":
        needed = ("message",)  # an abstract operation's input and output name their message
    if tag in _NAMED_UNLESS_REF and not node.get("ref"):
        needed = ("name",)
    if tag == f"{W}part" and not node.get("element"):
        needed = ("name",)  # a part of a type becomes an element named after the part
    if tag == f"{XS}extension" or (tag == f"{XS}restriction"
                                   and node.find(f"{XS}simpleType") is None):
        needed = ("base",)
    for attribute in needed:
        if not (node.get(attribute) or "").strip():
            return f"has no '{attribute}' attribute, which it needs"
    return ""


def _bad_name(node: etree._Element) -> str:
    name = node.get("name")
    qualified = node.tag in _QUALIFIED_NAMES or (node.tag == f"{W}part"
                                                 and not node.get("element"))
    if name is None or not qualified or _is_xml_name(name.strip()):
        return ""
    return "has a name that is not an XML name (letters, digits, '_', '-', '.'; not first a " \
           "digit, '-' or '.')"


def _bad_qname(node: etree._Element) -> str:
    for attribute in _QNAME_ATTRIBUTES:
        raw = node.get(attribute)
        if raw is None:
            continue
        value = raw.strip()
        if not value:
            return f"has an empty '{attribute}' attribute"
        prefix, _, local = value.rpartition(":")
        if prefix and prefix != "xml" and prefix not in node.nsmap:
            return f"{attribute}={value!r}: the prefix '{prefix}' is not declared (xmlns:{prefix})"
        if not _is_xml_name(local):
            return f"{attribute}={value!r} is not a qualified XML name"
    return ""


def _bad_occurs(node: etree._Element) -> str:
    for attribute in ("minOccurs", "maxOccurs"):
        value = node.get(attribute)
        if value is None or (attribute == "maxOccurs" and value.strip() == "unbounded"):
            continue
        try:
            int(value)  # what zeep does with it
        except ValueError:
            return f"{attribute}={value!r} is not a whole number"
    return ""


def _empty_type(node: etree._Element) -> str:
    """A definition without the one child that says what it is."""
    needed = _CONTENT.get(str(node.tag))
    if needed is None or (node.tag == f"{XS}group" and node.get("ref")) \
            or any(c.tag in needed for c in node):
        return ""
    return "has no " + " or ".join(f"xs:{etree.QName(t).localname}" for t in sorted(needed))


def _is_xml_name(name: str) -> bool:
    try:
        etree.QName("urn:x", name)
    except ValueError:
        return False
    return ":" not in name


def error_at(node: etree._Element, problem: str, where: str) -> SpecSyntaxError:
    return SpecSyntaxError(f"invalid WSDL: {_described(node)}{_context(node)} {problem}",
                           where=f"{where}:{node.sourceline}" if node.sourceline else where)


def _described(node: etree._Element) -> str:
    """`<wsdl:binding name="X">`, or `<wsdl:binding>` when it has no name."""
    local = etree.QName(node).localname
    tag = f"xs:{local}" if str(node.tag).startswith(XS) else \
        f"wsdl:{local}" if str(node.tag).startswith(W) else f"soap:{local}"
    name = node.get("name")
    return f'<{tag} name="{name}">' if name else f"<{tag}>"


def _context(node: etree._Element) -> str:
    """` in wsdl:binding X` for the nearest named WSDL ancestor, so the element can be found."""
    for above in node.iterancestors():
        name = above.get("name")
        if name and str(above.tag).startswith((W, XS)) and above.getparent() is not None:
            return f" in {_described(above)}"
    return ""
