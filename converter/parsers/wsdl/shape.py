"""Decide the form of a SOAP message: which leaves become fields, which content stays FEEL.

Rules (docs/soap.md, "Body"):
- a simple, non-repeated element is a visible field; its attributes are fields too;
- an element with plain sequence/all content is expanded into its children, up to
  `MAX_EXPAND_DEPTH` levels and `FIELD_BUDGET` fields per operation;
- repeated elements, choices, wildcards, repeated groups, SOAP-encoded arrays, recursive or
  over-budget content become one FEEL field, prefilled with an example in the connector's
  XML-compatible JSON (prefixed names, `@attr`, `$content`, lists for repeated elements).

Names in that JSON are `prefix:local`; `Prefixes` hands out one prefix per namespace for the
whole WSDL, preferring the document's own prefixes and avoiding those the connector declares
itself (`wsse`, `wsu`) or that name the envelope.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from converter import naming
from converter.model import Input, Location, SoapElement, ValueType
from converter.parsers.wsdl import examples
from converter.parsers.wsdl.xsd import Kind, XAttr, XNode

FIELD_BUDGET = 40
MAX_EXPAND_DEPTH = 4
EXAMPLE_DEPTH = 5
_RESERVED_PREFIXES = frozenset({"xml", "xmlns", "wsse", "wsu", "soap", "soapenv", "soap12",
                                "SOAP-ENV", "env", "xsi", "xs", "xsd", "wsdl"})
_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
XML_NS = "http://www.w3.org/XML/1998/namespace"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"  # always prefix `xsi` (xsi:nil, xsi:type)


class Prefixes:
    """One prefix per namespace across a WSDL, remembering which ones a message used."""

    def __init__(self, preferred: Mapping[str, str]) -> None:
        self._by_ns: dict[str, str] = {}
        self._taken: set[str] = set(_RESERVED_PREFIXES)
        for prefix, ns in preferred.items():
            if (ns and ns not in self._by_ns and prefix and _NCNAME.fullmatch(prefix)
                    and prefix not in self._taken and not prefix.lower().startswith("xml")):
                self._by_ns[ns] = prefix
                self._taken.add(prefix)
        self.used: dict[str, str] = {}

    def prefix(self, ns: str) -> str:
        if ns == XML_NS:
            return "xml"
        if ns == XSI_NS:
            self.used["xsi"] = ns
            return "xsi"
        if ns not in self._by_ns:
            n = 1
            while f"ns{n}" in self._taken:
                n += 1
            self._by_ns[ns] = f"ns{n}"
            self._taken.add(f"ns{n}")
        prefix = self._by_ns[ns]
        self.used[prefix] = ns
        return prefix

    def qname(self, ns: str, local: str) -> str:
        return f"{self.prefix(ns)}:{local}" if ns else local

    def take_used(self) -> tuple[tuple[str, str], ...]:
        """The (prefix, uri) pairs used since the last call, sorted by prefix."""
        out = tuple(sorted((p, ns) for p, ns in self.used.items() if p != "xml"))
        self.used = {}
        return out


def value_type(base: str) -> ValueType:
    if base == "boolean":
        return ValueType.BOOLEAN
    if base in examples.INTEGER_TYPES:
        return ValueType.INTEGER
    if base in examples.DECIMAL_TYPES:
        return ValueType.NUMBER
    return ValueType.STRING


def _count(node: XNode, depth: int) -> int:
    """Visible fields a node costs when expanded as far as allowed."""
    if node.kind is Kind.LEAF and not node.repeated:
        return 1 + len(node.attributes)
    if _expandable(node, depth):
        return len(node.attributes) + sum(_count(c, depth + 1) for c in node.children)
    return 1


def _expandable(node: XNode, depth: int) -> bool:
    return (node.kind is Kind.COMPLEX and not node.repeated and not node.recursive
            and not node.truncated and not node.array and depth < MAX_EXPAND_DEPTH
            and all(c.kind in (Kind.LEAF, Kind.COMPLEX) for c in node.children))


class Shaper:
    """Builds SoapElements and Inputs for the messages of one operation."""

    def __init__(self, prefixes: Prefixes) -> None:
        self.prefixes = prefixes
        self.taken: set[str] = set()
        self.inputs: list[Input] = []
        self.budget = FIELD_BUDGET
        self.ids = 0  # xs:ID examples handed out (each must be unique in a document)
        self.header = False  # shaping a header block: its credential fields are secrets

    def message(self, nodes: Iterable[XNode], *, header: bool = False
                ) -> tuple[SoapElement, ...]:
        self.header = header
        return tuple(self._element(n, path=(), depth=0, required=True) for n in nodes)

    def _element(self, node: XNode, *, path: tuple[str, ...], depth: int,
                 required: bool) -> SoapElement:
        qname = self.prefixes.qname(node.ns, node.name)
        here = (*path, qname)
        # a nillable element may be sent as nil, so nothing in it must be filled in
        must = required and not node.optional and not node.nillable
        nil = node.nillable and not node.optional
        if nil:
            self.prefixes.prefix(XSI_NS)  # an empty one is sent as xsi:nil
        if node.derived and not node.repeated:
            return self._abstract(node, here, must, nil)
        if node.kind is Kind.LEAF and not node.repeated:
            variable = self._leaf(node, here, must)  # named before its attributes
            return SoapElement(qname=qname, variable=variable, optional=node.optional,
                               attributes=self._attributes(node, here, must), nillable=nil)
        if _expandable(node, depth) and (depth == 0 or _count(node, depth) <= self.budget):
            attrs = self._attributes(node, here, must)
            children = tuple(self._element(c, path=here, depth=depth + 1, required=must)
                             for c in node.children)
            return SoapElement(qname=qname, children=children, optional=node.optional,
                               attributes=attrs, nillable=nil)
        return SoapElement(qname=qname, variable=self._feel(node, here, must),
                           repeated=node.repeated, optional=node.optional, nillable=nil)

    def _name(self, text: str) -> str:
        return naming.variable(text, self.taken, fallback="value")

    def _leaf(self, node: XNode, path: tuple[str, ...], required: bool) -> str:
        self.budget -= 1
        variable = self._name(node.name)
        example = self._simple_example(node)
        self.inputs.append(Input(
            name=node.name, variable=variable, location=Location.PART,
            type=ValueType.STRING if node.list_of else value_type(node.base),
            required=required, enum=() if node.list_of else node.enum,
            default=node.default, example=_text(example) if node.list_of else example,
            description=_describe(node.doc, node), type_label=node.type_label, path=path,
            secret=self.header and _credential(node),
        ))
        return variable

    def _simple_example(self, node: XNode | XAttr) -> Any:
        """`examples.simple` for a leaf or attribute; xs:ID values differ within a message."""
        value = examples.simple(node.base, enum=node.enum, default=node.default,
                                facets=node.facets, name=node.name)
        if node.base == "ID" and value == "id1":
            self.ids += 1
            value = f"id{self.ids}"
        return value

    def _attr_name(self, attr: XAttr) -> str:
        return self.prefixes.qname(attr.ns, attr.name)

    def _attributes(self, node: XNode, path: tuple[str, ...], required: bool
                    ) -> tuple[tuple[str, str], ...]:
        return tuple((f"@{self._attr_name(a)}", self._attribute(a, path, required))
                     for a in node.attributes)

    def _attribute(self, attr: XAttr, path: tuple[str, ...], required: bool) -> str:
        self.budget -= 1
        variable = self._name(attr.name)
        self.inputs.append(Input(
            name=attr.name, variable=variable, location=Location.PART, type=ValueType.STRING,
            required=required and attr.required, enum=() if attr.list_of else attr.enum,
            default=attr.default, example=_text(self._simple_example(attr)),
            description=_describe(f"Attribute '{attr.name}'.", attr),
            type_label=attr.type_label,
            path=(*path, f"@{self._attr_name(attr)}"),
        ))
        return variable

    def _feel(self, node: XNode, path: tuple[str, ...], required: bool) -> str:
        self.budget -= 1
        variable = self._name(node.name)
        content = self.example(node, depth=0)
        example: Any = [content] if node.repeated else content
        why = ("repeated" if node.repeated else "recursive" if node.recursive
               else "a choice" if any(c.kind is Kind.CHOICE for c in node.children)
               else "complex")
        text = f"{node.doc} " if node.doc else ""
        self.inputs.append(Input(
            name=node.name, variable=variable, location=Location.PART,
            type=ValueType.ARRAY if node.repeated else ValueType.OBJECT, required=required,
            example=example, type_label=node.type_label,
            description=f"{text}Content of {'each ' if node.repeated else ''}<{path[-1]}> "
                        f"({why}) in the connector's XML-compatible JSON"
                        f"{' (a list, one item per element)' if node.repeated else ''}.",
            path=path,
        ))
        return variable

    def _abstract(self, node: XNode, path: tuple[str, ...], required: bool,
                  nil: bool) -> SoapElement:
        """An element of abstract type (Marketo's `leadSelector`): sent without `xsi:type` it
        names a type no instance can have, so a Dropdown offers the concrete types (sent as
        `xsi:type`), and the content is one FEEL value (the example: the first of them)."""
        self.budget -= 2
        xsi = self.prefixes.prefix(XSI_NS)
        types = tuple(self.prefixes.qname(ns, local) for ns, local in node.derived)
        type_variable = self._name(f"{node.name}Type")
        self.inputs.append(Input(
            name=f"{xsi}:type", variable=type_variable, location=Location.PART,
            type=ValueType.STRING, required=required, enum=types, type_label="xsi:type",
            description=f"The schema type of <{path[-1]}> ({node.type_label or 'anonymous'}) "
                        "is abstract: choose the concrete type it is sent as (xsi:type), "
                        "and fill its content accordingly.",
            path=(*path, f"@{xsi}:type"),
        ))
        variable = self._name(node.name)
        example = self.example(node.variant, depth=0) if node.variant is not None else {}
        text = f"{node.doc} " if node.doc else ""
        self.inputs.append(Input(
            name=node.name, variable=variable, location=Location.PART, type=ValueType.OBJECT,
            required=required, example=example, type_label=node.type_label, path=path,
            description=f"{text}Content of <{path[-1]}> for the type chosen above, in the "
                        f"connector's XML-compatible JSON (the example is a {types[0]}).",
        ))
        return SoapElement(qname=path[-1], variable=variable, xsi_type=type_variable,
                           optional=node.optional, nillable=nil)

    # ----------------------------------------------------------------- examples

    def example(self, node: XNode, *, depth: int) -> Any:
        """Example content of one element (not wrapped in a list when repeated)."""
        if node.kind is Kind.LEAF:
            value = self._simple_example(node)
            attrs = self._attr_examples(node.attributes, depth)
            if attrs:
                return {**attrs, "$content": _text(value)}
            return value
        if node.array:  # SOAP-encoded array: repeated <item> children
            return {"item": ["example"]}
        if node.derived and node.variant is not None:  # abstract type: the first concrete one
            ns, local = node.derived[0]
            return {f"@{self.prefixes.prefix(XSI_NS)}:type": self.prefixes.qname(ns, local),
                    **self.example(node.variant, depth=depth)}
        out: dict[str, Any] = dict(self._attr_examples(node.attributes, depth))
        if node.recursive or node.truncated:
            return out
        self._particles(node.children, out, depth)
        return out

    def _attr_examples(self, attrs: list[XAttr], depth: int) -> dict[str, str]:
        return {f"@{self._attr_name(a)}": _text(self._simple_example(a))
                for a in attrs if a.required or depth < 2}

    def _particles(self, particles: list[XNode], out: dict[str, Any], depth: int) -> None:
        for child in particles:
            if child.kind is Kind.ANY:
                continue
            if child.optional and (depth >= EXAMPLE_DEPTH - 2 or _unfillable(child)):
                continue
            if child.kind is Kind.CHOICE:
                if child.branches:
                    self._particles(child.branches[0], out, depth)
                continue
            if child.kind is Kind.GROUP:
                self._particles(child.children, out, depth)
                continue
            if depth >= EXAMPLE_DEPTH and child.kind is Kind.COMPLEX:
                if child.optional:
                    continue
                value: Any = {}
            else:
                value = self.example(child, depth=depth + 1)
                if child.optional and value == {}:
                    continue  # an empty optional container is not sent (ONVIF's Metadata)
            key = self.prefixes.qname(child.ns, child.name)
            out[key] = [value] if child.repeated else value


def _credential(node: XNode) -> bool:
    """A header field holding a credential (Salesforce `sessionId`, Marketo
    `requestSignature`): free text named like one, with no value the schema gives."""
    return (value_type(node.base) is ValueType.STRING and not node.enum and not node.list_of
            and node.default is None and naming.credential_name(node.name))


def _unfillable(node: XNode, depth: int = 0) -> bool:
    """Whether no example can fill the node's required content: a required wildcard (xs:any;
    a strict one needs a global element of the right namespace), or content cut where a type
    re-enters itself or by the size cap (ONVIF's optional Transport/Tunnel). An optional
    element like that is left out of examples rather than sent empty."""
    if depth > EXAMPLE_DEPTH or node.kind is Kind.LEAF:
        return False
    if node.kind is Kind.COMPLEX and (node.recursive or node.truncated):
        return True
    for child in node.children:
        if child.optional:
            continue
        if child.kind is Kind.ANY or _unfillable(child, depth + 1):
            return True
    return False


def _describe(text: str, node: XNode | XAttr) -> str:
    """Documentation plus what the field's type adds: a list's separator, a fixed value."""
    notes = [text] if text else []
    if node.list_of:
        values = f" ({', '.join(node.enum)})" if node.enum else ""
        notes.append(f"A space-separated list of values{values}.")
    if node.fixed:
        notes.append("The schema fixes this value.")
    if isinstance(node, XNode) and node.nillable and not node.optional:
        notes.append("Nillable: left empty, it is sent as nil (xsi:nil).")
    return " ".join(notes)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
