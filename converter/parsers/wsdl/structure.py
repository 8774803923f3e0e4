"""What a WSDL 1.1 document must hold before zeep reads it, said with the file and line.

zeep trusts the documents it reads: a `wsdl:binding` without `name` or `type`, a `wsdl:port`
without `binding`, an `xs:element` without `name`, a name that is not an XML name or a prefix
that is not declared end inside zeep as `AttributeError: 'NoneType' object has no attribute
'text'`, `ValueError: Invalid tag name '-1'` or a bare `AssertionError`, naming neither the
element nor the line. `check` runs on every document zeep is handed (the main one and each
import) and says which element lacks what, as `file:line`. What needs all documents at once
(a binding naming a port type no document defines) is left to zeep; when zeep fails,
`explain` looks for such a broken reference so that the message names it and its line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lxml import etree

from converter.diagnostics import SpecSyntaxError
from converter.parsers.wsdl.xmlsafe import WSDL11_NS, XSD_NS

W = f"{{{WSDL11_NS}}}"
XS = f"{{{XSD_NS}}}"

_SOAP_HEADERS = tuple(f"{{{ns}}}{tag}" for ns in ("http://schemas.xmlsoap.org/wsdl/soap/",
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
    **{("", tag): ("message", "part", "use") for tag in _SOAP_HEADERS},
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
            raise _error(node, problem, where)


def _walk(root: etree._Element) -> Iterator[etree._Element]:
    """WSDL, XML Schema and SOAP header elements in document order, not looking inside
    documentation (which may hold anything, schema examples included)."""
    stack = [root]
    while stack:
        node = stack.pop()
        tag = node.tag
        if isinstance(tag, str) and (tag.startswith((W, XS)) or tag in _SOAP_HEADERS):
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
    tag = str(node.tag)
    needed = _REQUIRED.get((parent_name, tag)) or _REQUIRED.get(("", tag)) or ()
    if tag in (f"{W}input", f"{W}output") and _above(node, 2) == "portType":
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


def _error(node: etree._Element, problem: str, where: str) -> SpecSyntaxError:
    return SpecSyntaxError(f"invalid WSDL: {_described(node)}{_context(node)} {problem}",
                           where=f"{where}:{node.sourceline}" if node.sourceline else where)


def _above(node: etree._Element, levels: int) -> str:
    for _ in range(levels):
        parent = node.getparent()
        if parent is None:
            return ""
        node = parent
    return etree.QName(node).localname


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


# --- after zeep failed ------------------------------------------------------------------------


def zeep_text(exc: Exception) -> str:
    """An exception's text on one line of at most 300 characters."""
    text = str(getattr(exc, "message", "") or exc).strip()
    return " ".join(text.split())[:300] or type(exc).__name__


def failure_text(exc: Exception) -> str:
    """What zeep said: its own errors as they are, anything else with its type (a bug in zeep
    or a shape `check` does not know yet, worth reporting)."""
    from zeep import exceptions as zeep_exc

    return zeep_text(exc) if isinstance(exc, zeep_exc.Error) else \
        f"{type(exc).__name__}: {zeep_text(exc)}"


# References between definitions ---------------------------------------

_KINDS = {"portType": "port type", "message": "message", "binding": "binding"}
HTTP = "{http://schemas.xmlsoap.org/wsdl/http/}"
# (element, attribute naming another definition, the kind of definition it names)
# (A port naming an undefined binding is not among them: zeep leaves such a port out.)
_REFERENCES = ((f"{W}binding", "type", "portType"), (f"{W}input", "message", "message"),
               (f"{W}output", "message", "message"), (f"{W}fault", "message", "message"),
               *((tag, "message", "message") for tag in _SOAP_HEADERS))


def explain(documents: Iterable[tuple[str, etree._Element]]) -> SpecSyntaxError | None:
    """What made zeep fail, as an error with file and line: a reference no document resolves,
    a binding operation its port type lacks, a gap in an HTTP binding; None when the
    documents show no such problem."""
    docs = list(documents)
    defined = {(kind, ns, name): node for kind, ns, name, node in _definitions(docs)}
    for where, root in docs:
        found = _broken_reference(root, defined, where) or _unbound_operation(
            root, defined, where) or _http_binding_gap(root, defined, where)
        if found is not None:
            return found
    schema_names = _schema_names(docs)
    for where, root in docs:
        found = _unknown_part_content(root, schema_names, where)
        if found is not None:
            return found
    return None


def _schema_names(docs: list[tuple[str, etree._Element]]) -> set[tuple[str, str, str]]:
    """("element" | "type", namespace, name) of every global declaration of every schema."""
    names: set[tuple[str, str, str]] = set()
    for _, root in docs:
        schemas = [root] if root.tag == f"{XS}schema" else list(root.iter(f"{XS}schema"))
        for schema in schemas:
            ns = schema.get("targetNamespace") or ""
            for node in schema:
                kind = {f"{XS}element": "element", f"{XS}complexType": "type",
                        f"{XS}simpleType": "type"}.get(str(node.tag))
                if kind and node.get("name"):
                    names.add((kind, ns, str(node.get("name")).strip()))
    return names


# Types no schema of the document declares: XML Schema's own and SOAP encoding's.
_BUILT_IN = frozenset({XSD_NS, "http://schemas.xmlsoap.org/soap/encoding/"})


def _unknown_part_content(root: etree._Element, names: set[tuple[str, str, str]],
                          where: str) -> SpecSyntaxError | None:
    """A message part naming an element or type no schema declares (zeep then drops the whole
    message and later says the message is missing)."""
    for part in root.iter(f"{W}part"):
        for attribute, kind in (("element", "element"), ("type", "type")):
            value = part.get(attribute)
            if not value:
                continue
            prefix, _, local = value.strip().rpartition(":")
            ns = str(part.nsmap.get(prefix or None) or "")  # no prefix: the default one
            if ns not in _BUILT_IN and (kind, ns, local) not in names:
                space = f" in namespace {ns}" if ns else ""
                return _error(part, f"names {kind} {local!r}{space}, which no schema of the "
                              "documents read declares", where)
    return None


Defined = dict[tuple[str, str, str], etree._Element]  # (kind, namespace, name) -> element


def _broken_reference(root: etree._Element, defined: Defined,
                      where: str) -> SpecSyntaxError | None:
    for tag, attribute, kind in _REFERENCES:
        for node in root.iter(tag):
            ns, local = _resolve(node, node.get(attribute) or "")
            target = defined.get((kind, ns, local))
            if local and target is None:
                space = f" in namespace {ns}" if ns else ""
                return _error(node, f"names {_KINDS[kind]} {local!r}{space}, which none of "
                              "the documents read defines", where)
            part = node.get("part")
            if tag in _SOAP_HEADERS and target is not None and part is not None and not any(
                    p.get("name") == part for p in target.iterchildren(f"{W}part")):
                return _error(node, f"names part {part!r} of message {local!r}, which has no "
                              "part of that name", where)
    return None


def _unbound_operation(root: etree._Element, defined: Defined,
                       where: str) -> SpecSyntaxError | None:
    """A binding operation whose port type has no such operation, or no input/output to bind."""
    for binding in root.iter(f"{W}binding"):
        port_type = defined.get(("portType", *_resolve(binding, binding.get("type") or "")))
        if port_type is None:
            continue
        abstract: dict[str | None, etree._Element] = {}
        for op in port_type.iterchildren(f"{W}operation"):
            if op.get("name") in abstract:  # zeep keeps one of them, not always the whole one
                return _error(op, f"repeats an operation name of port type "
                              f"{port_type.get('name')!r}", where)
            abstract[op.get("name")] = op
        for op in binding.iterchildren(f"{W}operation"):
            twin = abstract.get(op.get("name"))
            if twin is None:
                return _error(op, f"has no operation of that name in port type "
                              f"{port_type.get('name')!r}", where)
            for part in ("input", "output"):
                if op.find(f"{W}{part}") is not None and twin.find(f"{W}{part}") is None:
                    return _error(op, f"binds an {part} that the port type's operation "
                                  f"{port_type.get('name')}.{op.get('name')} does not have",
                                  where)
    return None


def _http_binding_gap(root: etree._Element, defined: Defined,
                      where: str) -> SpecSyntaxError | None:
    """zeep needs the `http:operation` of every operation of an HTTP binding, and the
    `http:address` of a port whose binding is one (the converter skips them, zeep reads them)."""
    for binding in root.iter(f"{W}binding"):
        if binding.find(f"{HTTP}binding") is not None:
            for op in binding.iterchildren(f"{W}operation"):
                if op.find(f"{HTTP}operation") is None:
                    return _error(op, "is in an HTTP binding but has no http:operation", where)
    for port in root.iter(f"{W}port"):
        bound = defined.get(("binding", *_resolve(port, port.get("binding") or "")))
        if bound is not None and bound.find(f"{HTTP}binding") is not None \
                and port.find(f"{HTTP}address") is None:
            return _error(port, "uses an HTTP binding but has no http:address", where)
    return None


def _definitions(docs: list[tuple[str, etree._Element]]) -> Iterator[tuple[str, str, str,
                                                                          etree._Element]]:
    for _, root in docs:
        ns = root.get("targetNamespace") or ""
        for kind in _KINDS:
            for node in root.iter(f"{W}{kind}"):
                if node.getparent() is root and node.get("name"):
                    yield kind, ns, str(node.get("name")).strip(), node


def _resolve(node: etree._Element, value: str) -> tuple[str, str]:
    """(namespace, local name) of a QName attribute value; the target namespace without prefix
    (as zeep reads WSDL references)."""
    prefix, _, local = value.strip().rpartition(":")
    if prefix:
        return str(node.nsmap.get(prefix) or ""), local
    root = node.getroottree().getroot()
    return str(root.get("targetNamespace") or ""), local
