"""What zeep forgets about a schema: enumerations, patterns, lengths and documentation.

zeep resolves types, references, groups and imports well but drops facets and
`xs:annotation/xs:documentation`. This index re-reads the same (already hardened and loaded)
schema documents with lxml and answers by qualified name. Local declarations are indexed by
(namespace, name); when two local declarations of the same name disagree, the index answers
nothing rather than something wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from converter.parsers.wsdl import xmlsafe

_XS = f"{{{xmlsafe.XSD_NS}}}"
_FACETS = ("pattern", "minLength", "maxLength", "length", "minInclusive", "maxInclusive",
           "minExclusive", "maxExclusive", "totalDigits", "fractionDigits")
Key = tuple[str, str]  # (namespace, local name)


@dataclass(slots=True)
class Facets:
    """Restriction facets of one simple type (its own, not yet merged with its base's)."""

    enum: tuple[str, ...] = ()
    values: dict[str, str] = field(default_factory=dict)  # facet name -> value
    base: Key | None = None
    documentation: str = ""
    item: Facets | None = None  # xs:list: the item type's facets (base = a named itemType)


class FacetIndex:
    """Facets and documentation of the schemas of one WSDL, by qualified name."""

    def __init__(self) -> None:
        self.simple_types: dict[Key, Facets] = {}
        self.anonymous: dict[Key, Facets | None] = {}  # inline simpleType, keyed by owner name
        # the same by local name only: unqualified local elements and attributes carry no
        # namespace in zeep, while their declaration sits in a schema with a targetNamespace
        self.anonymous_local: dict[str, Facets | None] = {}
        self.documentation: dict[Key, str] = {}  # global elements and types
        self.local_docs: dict[Key, str | None] = {}
        # declared `type` and `fixed` of elements and attributes (global and local; None when
        # two declarations of one name disagree), and the same by local name only
        self.declared: dict[Key, Key | None] = {}
        self.fixed: dict[Key, str | None] = {}
        self.declared_local: dict[str, Key | None] = {}
        self.fixed_local: dict[str, str | None] = {}
        # complex types declared `abstract="true"`, and the types derived from each type (by
        # extension or restriction), in document order: zeep keeps neither
        self.abstract: set[Key] = set()
        self.derived: dict[Key, list[Key]] = {}

    @classmethod
    def build(cls, roots: Iterable[etree._Element]) -> FacetIndex:
        index = cls()
        seen: set[int] = set()
        for root in roots:
            schemas = [root] if root.tag == f"{_XS}schema" else list(root.iter(f"{_XS}schema"))
            for schema in schemas:
                if id(schema) not in seen:
                    seen.add(id(schema))
                    index._add_schema(schema)
        return index

    def _add_schema(self, schema: etree._Element) -> None:
        tns = schema.get("targetNamespace", "")
        for node in schema:
            if not isinstance(node.tag, str):
                continue
            name = node.get("name")
            if not name:
                continue
            key = (tns, name)
            doc = _documentation(node)
            if node.tag == f"{_XS}simpleType":
                self.simple_types[key] = _facets(node, doc)
            elif doc:
                self.documentation.setdefault(key, doc)
            if node.tag == f"{_XS}complexType":
                self._add_complex_type(node, key)
        for element in schema.iter(f"{_XS}element", f"{_XS}attribute"):
            name = element.get("name")
            if not name:
                continue
            key = (tns, ("@" if element.tag == f"{_XS}attribute" else "") + name)
            declared = _qkey(element, element.get("type"))
            _note(self.declared, key, declared)
            _note(self.declared_local, key[1], declared)
            _note(self.fixed, key, element.get("fixed"))
            _note(self.fixed_local, key[1], element.get("fixed"))
            inline = element.find(f"{_XS}simpleType")
            if inline is not None:
                found = _facets(inline, "")
                _note(self.anonymous, key, found)
                _note(self.anonymous_local, key[1], found)
            if element.getparent() is not schema:
                _note(self.local_docs, key, _documentation(element))

    def _add_complex_type(self, node: etree._Element, key: Key) -> None:
        if node.get("abstract") in ("true", "1"):
            self.abstract.add(key)
        for content in node.findall(f"{_XS}complexContent") + node.findall(f"{_XS}simpleContent"):
            for derivation in content:
                base = _qkey(derivation, derivation.get("base"))
                if base is not None and key not in self.derived.get(base, []):
                    self.derived.setdefault(base, []).append(key)

    def concrete_types(self, key: Key, limit: int = 50) -> list[Key]:
        """The types derived from `key`, directly or not, that are not abstract (document
        order, breadth first; at most `limit`, the size of a Dropdown the Modeler shows well):
        the types an element of abstract type `key` can be sent as (`xsi:type`)."""
        out: list[Key] = []
        todo, seen = [key], {key}
        while todo and len(out) < limit:
            for sub in self.derived.get(todo.pop(0), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
                    if sub not in self.abstract:
                        out.append(sub)
        return out[:limit]

    def simple(self, key: Key | None, *, owner: Key | None = None) -> Facets | None:
        """Facets for a simple type: its global definition, else the owner's inline one."""
        found = self.simple_types.get(key) if key else None
        if found is None and key is not None:
            found = self.anonymous.get(key)
        if found is None and owner is not None:
            found = self.anonymous.get(owner)
            if found is None and not owner[0]:
                found = self.anonymous_local.get(owner[1])
        return found

    def fixed_value(self, owner: Key) -> str | None:
        """The `fixed` value of an element or attribute declaration (`@name` for attributes)."""
        if owner in self.fixed:
            return self.fixed[owner]
        return None if owner[0] else self.fixed_local.get(owner[1])

    def list_item(self, owner: Key) -> Facets | None:
        """The item facets when the declaration's type is a named xs:list (zeep forgets the
        list type's name, so it is found through the element or attribute declaring it)."""
        declared = self.declared.get(owner) if owner in self.declared else (
            None if owner[0] else self.declared_local.get(owner[1]))
        found = self.simple_types.get(declared) if declared else self.anonymous.get(owner)
        return found.item if found is not None else None

    def item_enumeration(self, item: Facets) -> tuple[str, ...]:
        """Enumerated values of `item`, following restriction bases (a list's item type, inline
        or named, or any simple type)."""
        return next((f.enum for f in self._with_bases(item) if f.enum), ())

    def enumeration(self, key: Key | None, *, owner: Key | None = None) -> tuple[str, ...]:
        """Enumerated values, following restriction bases (`tns:Color` -> `tns:BaseColor`)."""
        facets = self.simple(key, owner=owner)
        return () if facets is None else self.item_enumeration(facets)

    def merged(self, key: Key | None, *, owner: Key | None = None) -> dict[str, str]:
        """All facet values of a type and its bases; the most derived type wins."""
        out: dict[str, str] = {}
        for facets in self._with_bases(self.simple(key, owner=owner)):
            for name, value in facets.values.items():
                out.setdefault(name, value)
        return out

    def _with_bases(self, facets: Facets | None) -> Iterator[Facets]:
        """`facets` and those of its restriction bases, most derived first (at most 8: a
        cycle of bases ends)."""
        for _ in range(8):
            if facets is None:
                return
            yield facets
            facets = self.simple_types.get(facets.base) if facets.base else None

    def doc_for(self, key: Key, *, local: bool, type_key: Key | None = None) -> str:
        """Documentation of an element (global or local), else of its named type."""
        text = self.local_docs.get(key) if local else self.documentation.get(key)
        if not text and type_key is not None:
            text = self.documentation.get(type_key) or (
                self.simple_types[type_key].documentation if type_key in self.simple_types
                else "")
        return text or ""


def _documentation(node: etree._Element) -> str:
    parts = []
    for annotation in node.findall(f"{_XS}annotation"):
        for doc in annotation.findall(f"{_XS}documentation"):
            text = xmlsafe.text(doc)
            if text:
                parts.append(text)
    return " ".join(parts)


def _note(table: dict[Any, Any], key: Any, value: Any) -> None:
    """Record `value` under `key`; a second, different value makes the entry None."""
    if key in table and table[key] != value:
        table[key] = None
    else:
        table.setdefault(key, value)


def _qkey(node: etree._Element, qname: str | None) -> Key | None:
    if not qname:
        return None
    prefix, _, local = qname.rpartition(":")
    ns = node.nsmap.get(prefix or None, "")
    return (ns or "", local)


def _facets(simple_type: etree._Element, doc: str) -> Facets:
    out = Facets(documentation=doc)
    listed = simple_type.find(f"{_XS}list")
    if listed is not None:
        inner = listed.find(f"{_XS}simpleType")
        out.item = (_facets(inner, "") if inner is not None
                    else Facets(base=_qkey(listed, listed.get("itemType"))))
        return out
    restriction = simple_type.find(f"{_XS}restriction")
    if restriction is None:
        return out
    out.base = _qkey(restriction, restriction.get("base"))
    out.enum = tuple(str(e.get("value", "")) for e in restriction.findall(f"{_XS}enumeration"))
    for name in _FACETS:
        node = restriction.find(f"{_XS}{name}")
        if node is not None and node.get("value") is not None:
            out.values[name] = str(node.get("value"))
    return out
