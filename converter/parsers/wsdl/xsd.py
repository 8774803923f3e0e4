"""Walk zeep's resolved XML Schema objects into a small, explicit particle tree.

zeep has already resolved references, groups, extensions, imports and includes; what it hands
back is a graph (recursive types point at themselves). This module turns one message element
into a finite tree of `XNode`s: recursion is cut where a complex type re-enters itself, depth
and size are capped, and each leaf carries the facts a form field needs (builtin base type,
enumeration, default, documentation) looked up in the `FacetIndex`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from zeep.xsd import elements as zel
from zeep.xsd.elements import indicators as zind
from zeep.xsd.types.complex import ComplexType

from converter.parsers.wsdl.facets import FacetIndex, Key
from converter.parsers.wsdl.xmlsafe import XSD_NS

MAX_DEPTH = 10
MAX_NODES = 4000


class Kind(StrEnum):
    """What a particle is."""

    LEAF = "leaf"  # element of simple type (maybe with attributes: simple content)
    COMPLEX = "complex"  # element with element content
    ANY = "any"  # xs:any wildcard
    CHOICE = "choice"  # xs:choice; `branches` holds the alternatives
    GROUP = "group"  # a repeated sequence/all group (maxOccurs > 1)


@dataclass(slots=True)
class XAttr:
    """An attribute of an element."""

    ns: str
    name: str
    required: bool
    base: str
    type_label: str
    enum: tuple[str, ...] = ()
    facets: dict[str, str] = field(default_factory=dict)
    default: str | None = None
    list_of: bool = False  # xs:list: space-separated values of `base` (and `enum`)
    fixed: bool = False  # `fixed` declared: `default` is the only allowed value


@dataclass(slots=True)
class XNode:
    """One particle of a content model."""

    kind: Kind
    ns: str = ""
    name: str = ""
    min_occurs: int = 1
    max_occurs: int | None = 1  # None: unbounded
    base: str = ""  # builtin XSD type local name of a leaf (string, int, date, ...)
    type_label: str = ""
    enum: tuple[str, ...] = ()
    facets: dict[str, str] = field(default_factory=dict)
    default: str | None = None
    doc: str = ""
    children: list[XNode] = field(default_factory=list)
    branches: list[list[XNode]] = field(default_factory=list)
    attributes: list[XAttr] = field(default_factory=list)
    recursive: bool = False  # content cut because the type re-enters itself
    truncated: bool = False  # content cut by the depth or size cap
    array: bool = False  # SOAP-encoded array
    list_of: bool = False  # xs:list: space-separated values of `base` (and `enum`)
    fixed: bool = False  # `fixed` declared: `default` is the only allowed value
    nillable: bool = False  # may be sent as nil (xsi:nil) instead of a value
    # the type is abstract: the concrete types it can be sent as (`xsi:type`), and the content
    # of the element as the first of them
    derived: list[Key] = field(default_factory=list)
    variant: XNode | None = None

    @property
    def optional(self) -> bool:
        return self.min_occurs == 0

    @property
    def repeated(self) -> bool:
        return self.max_occurs is None or self.max_occurs > 1


def _occurs(value: Any) -> int | None:
    if value == "unbounded" or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1


def _split(qname: Any) -> tuple[str, str]:
    if qname is None:
        return "", ""
    text = qname.text if hasattr(qname, "text") else str(qname)
    if text.startswith("{"):
        ns, _, local = text[1:].partition("}")
        return ns, local
    return "", text


def builtin_base(xsd_type: Any) -> str:
    """The builtin XSD type a simple type derives from (`int`, `string`, ...)."""
    qname = getattr(xsd_type, "_default_qname", None)
    ns, local = _split(qname)
    if ns == XSD_NS and local:
        return local
    return "string"


def type_label(xsd_type: Any) -> str:
    """`xs:int` for builtins, `Color (xs:string)` for named simple types, `Address` otherwise."""
    ns, local = _split(getattr(xsd_type, "qname", None))
    if isinstance(xsd_type, ComplexType):
        return local if local and getattr(xsd_type, "is_global", False) else ""
    base = builtin_base(xsd_type)
    if ns == XSD_NS:
        return f"xs:{local}"
    return f"{local} (xs:{base})" if local else f"xs:{base}"


class Walker:
    """Turns zeep elements into `XNode` trees, sharing one facet index and node budget."""

    def __init__(self, facets: FacetIndex, schema: Any) -> None:
        self.facets = facets
        self.nodes = 0
        self.names = type_names(schema)
        self.schema = schema

    def element(self, el: Any, *, stack: tuple[int, ...] = (), depth: int = 0,
                min_occurs: int | None = None, local: bool = True) -> XNode:
        """An element particle (and, below it, its content). The size cap counts the nodes of
        one message element: a top-level call (depth 0) starts a new count."""
        self.nodes = self.nodes + 1 if depth else 1
        ns, name = _split(el.qname) if el.qname is not None else ("", str(el.name or ""))
        xsd_type = el.type
        node = XNode(
            kind=Kind.LEAF, ns=ns, name=name,
            min_occurs=min_occurs if min_occurs is not None else _occurs(el.min_occurs) or 0,
            max_occurs=_occurs(el.max_occurs),
            default=el.default if isinstance(el.default, str) else None,
            nillable=bool(getattr(el, "nillable", False)),
        )
        type_key = _key(getattr(xsd_type, "qname", None))
        node.doc = self.facets.doc_for((ns, name), local=local, type_key=type_key)
        node.type_label = type_label(xsd_type)
        if not isinstance(xsd_type, ComplexType):
            self._simple(node, xsd_type, owner=(ns, name))
            return node
        node.attributes = [self._attribute(a) for _, a in xsd_type.attributes
                           if isinstance(a, zel.Attribute)]
        content = xsd_type._element
        if isinstance(content, zel.Element) and not isinstance(content, zel.Any):
            # simple content (a value plus attributes): zeep models it as `_value_1`
            self._simple(node, content.type, owner=(ns, name))
            return node
        node.kind = Kind.COMPLEX
        if xsd_type._array_type is not None:
            node.array = True
        if type_key in self.facets.abstract and id(xsd_type) not in stack:
            self._concrete(node, el, type_key, stack=stack, depth=depth)
        if id(xsd_type) in stack:
            node.recursive = True
            return node
        if depth >= MAX_DEPTH or self.nodes >= MAX_NODES:
            node.truncated = True
            return node
        if content is not None:
            node.children = self._particles(content, stack=(*stack, id(xsd_type)),
                                            depth=depth + 1)
        return node

    def _concrete(self, node: XNode, el: Any, type_key: Key, *, stack: tuple[int, ...],
                  depth: int) -> None:
        """For an element of abstract type: the concrete types it can be sent as, and its
        content as the first of them (walked like an element of that type)."""
        node.derived = self.facets.concrete_types(type_key)
        if not node.derived:
            return
        ns, local = node.derived[0]
        try:
            concrete = self.schema.get_type(f"{{{ns}}}{local}" if ns else local)
        except Exception:  # zeep could not resolve it: no example content, the types stay
            return
        shim = _Typed(qname=el.qname, name=el.name, type=concrete)
        node.variant = self.element(shim, stack=(*stack, id(el.type)), depth=depth + 1)

    def _simple(self, node: XNode | XAttr, xsd_type: Any, *, owner: Key) -> None:
        """What a leaf or attribute of simple type `xsd_type` takes from it (and `fixed`)."""
        node.base, node.enum, node.facets, node.list_of, label = self._facts(xsd_type, owner)
        node.type_label = label or node.type_label
        fixed = self.facets.fixed_value(owner)
        if fixed is not None:
            node.default, node.enum, node.fixed = fixed, (fixed,), True

    def _facts(self, xsd_type: Any, owner: Key) -> tuple[
            str, tuple[str, ...], dict[str, str], bool, str]:
        """Builtin base, enumeration, facets, is-a-list and a type label for a simple type.

        zeep reduces xs:list and xs:union types to anonymous objects (their names and the
        facets of inline item types are lost): a list is described by its item type (found
        through the declaring element), a union by its first member type.
        """
        union = ""
        for _ in range(4):
            members = getattr(xsd_type, "item_types", None)
            if not isinstance(members, list) or not members:
                break
            union = union or "union of " + ", ".join(type_label(m) for m in members)
            # an example of one member type is valid: prefer a member without enumeration (a
            # Dropdown would forbid the other members' values), else the first
            xsd_type = next((m for m in members if not self.facets.enumeration(
                _key(getattr(m, "qname", None)))), members[0])
        item = getattr(xsd_type, "item_type", None)
        if item is not None:  # xs:list
            named = self.names.get(id(xsd_type))
            found = self.facets.simple_types.get(named) if named else None
            listed = found.item if found is not None else self.facets.list_item(owner)
            base = builtin_base(item)
            if listed is not None:
                return (base, self.facets.item_enumeration(listed), dict(listed.values), True,
                        f"list of xs:{base}")
            key = _key(getattr(item, "qname", None))
            enum = self.facets.enumeration(key) if key and key[0] != XSD_NS else ()
            return base, enum, {}, True, f"list of xs:{base}"
        key = _key(getattr(xsd_type, "qname", None))
        if key and key[0] == XSD_NS:
            key = None
        return (builtin_base(xsd_type), self.facets.enumeration(key, owner=owner),
                self.facets.merged(key, owner=owner), False, union)

    def _attribute(self, attr: Any) -> XAttr:
        ns, name = _split(attr.qname)
        out = XAttr(ns=ns, name=name, required=bool(attr.required), base="",
                    type_label=type_label(attr.type),
                    default=attr.default if isinstance(attr.default, str) else None)
        self._simple(out, attr.type, owner=(ns, "@" + name))
        return out

    def _particles(self, indicator: Any, *, stack: tuple[int, ...], depth: int) -> list[XNode]:
        """Children of a content model, with choices and repeated groups kept as nodes."""
        if isinstance(indicator, zel.Any):
            return [_particle(Kind.ANY, indicator)]
        if isinstance(indicator, zel.Element):
            return [self.element(indicator, stack=stack, depth=depth)]
        if isinstance(indicator, zind.Choice):
            return [_particle(Kind.CHOICE, indicator, branches=[
                self._particles(item, stack=stack, depth=depth) for item in indicator])]
        if isinstance(indicator, zind.Group):
            out = self._particles(indicator.child, stack=stack, depth=depth)
        elif isinstance(indicator, zind.OrderIndicator):  # Sequence, All
            out = [node for item in indicator
                   for node in self._particles(item, stack=stack, depth=depth)]
        else:
            return []
        if _occurs(indicator.max_occurs) != 1:
            return [_particle(Kind.GROUP, indicator, children=out)]
        if isinstance(indicator, zind.OrderIndicator) and _occurs(indicator.min_occurs) == 0:
            for child in out:  # an optional sequence: each of its particles is optional
                child.min_occurs = 0
        return out


def _particle(kind: Kind, indicator: Any, **content: Any) -> XNode:
    """A wildcard, choice or repeated group, as often as `indicator` allows."""
    return XNode(kind=kind, min_occurs=_occurs(indicator.min_occurs) or 0,
                 max_occurs=_occurs(indicator.max_occurs), **content)


@dataclass(slots=True)
class _Typed:
    """An element as `Walker.element` reads it, with another type (`_concrete`)."""

    qname: Any
    name: Any
    type: Any
    min_occurs: int = 1
    max_occurs: int = 1
    default: Any = None


def type_names(schema: Any) -> dict[int, Key]:
    """Names of a zeep schema's global list and union types, by object identity: zeep gives
    those objects the name xs:anySimpleType, but registers them under their own."""
    out: dict[int, Key] = {}
    for document in getattr(schema, "documents", None) or ():
        for qname, xsd_type in getattr(document, "_types", {}).items():
            if hasattr(xsd_type, "item_type") or hasattr(xsd_type, "item_types"):
                key = _key(qname)
                if key:
                    out[id(xsd_type)] = key
    return out


def _key(qname: Any) -> Key | None:
    ns, local = _split(qname)
    return (ns, local) if local else None
