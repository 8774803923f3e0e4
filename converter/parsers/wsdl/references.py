"""Why zeep could not read a WSDL, found in the documents it read: references between them.

zeep fails on a binding naming a port type no document defines (`IndexError: No definition
...`), on a `soap:header` naming a message zeep dropped because one of its parts names an
element no schema declares, on a binding operation its port type lacks, ... Those need every
document at once, so they are looked for only after zeep failed (`explain`), and said as
`file:line` with the element; `converter.parsers.wsdl.structure` checks single elements first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lxml import etree

from converter.diagnostics import SpecSyntaxError
from converter.parsers.wsdl.structure import SOAP_HEADERS, XS, W, error_at
from converter.parsers.wsdl.xmlsafe import XSD_NS


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
               *((tag, "message", "message") for tag in SOAP_HEADERS))


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
                return error_at(part, f"names {kind} {local!r}{space}, which no schema of the "
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
                return error_at(node, f"names {_KINDS[kind]} {local!r}{space}, which none of "
                              "the documents read defines", where)
            part = node.get("part")
            if tag in SOAP_HEADERS and target is not None and part is not None and not any(
                    p.get("name") == part for p in target.iterchildren(f"{W}part")):
                return error_at(node, f"names part {part!r} of message {local!r}, which has no "
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
                return error_at(op, f"repeats an operation name of port type "
                              f"{port_type.get('name')!r}", where)
            abstract[op.get("name")] = op
        for op in binding.iterchildren(f"{W}operation"):
            twin = abstract.get(op.get("name"))
            if twin is None:
                return error_at(op, f"has no operation of that name in port type "
                              f"{port_type.get('name')!r}", where)
            for part in ("input", "output"):
                if op.find(f"{W}{part}") is not None and twin.find(f"{W}{part}") is None:
                    return error_at(op, f"binds an {part} that the port type's operation "
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
                    return error_at(op, "is in an HTTP binding but has no http:operation", where)
    for port in root.iter(f"{W}port"):
        bound = defined.get(("binding", *_resolve(port, port.get("binding") or "")))
        if bound is not None and bound.find(f"{HTTP}binding") is not None \
                and port.find(f"{HTTP}address") is None:
            return error_at(port, "uses an HTTP binding but has no http:address", where)
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
