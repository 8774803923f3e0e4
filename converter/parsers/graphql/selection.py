"""Selection sets for a field's return type, to a bounded depth.

Depth counts object levels: depth 1 selects the leaves (scalars, enums) of the returned type,
depth 2 also the leaves of the objects it points to, and so on. Three shapes get special care:

* Relay connections (``XConnection { edges { cursor node } pageInfo }``) are looked through:
  ``edges { node { ... } }`` does not use up a level (nor does an edge met on its own, such
  as a mutation payload's ``commentEdge { cursor node { ... } }``), ``pageInfo`` and
  ``totalCount`` come along, and a connection nested inside the selection asks for its first
  page (``first: 10``); a "lean" selector (``nested_connections=False``) leaves nested
  connections out, which is the first thing given up when a document grows too large.
* Interfaces and unions get ``__typename`` plus one inline fragment per implementation with the
  fields the interface itself does not have. Fields of the same name but a different type in two
  fragments would violate "fields must merge" (OverlappingFieldsCanBeMerged), so the later one is
  aliased ``name_TypeName``.
* Fields that need arguments are left out (their values cannot be guessed), and so are deprecated
  fields. Optional arguments are simply not passed.

Selections are cached per (type, depth), so the same type always yields the same text, which
keeps fragments mergeable and big schemas fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
)

from converter.parsers.graphql.examples import is_required

NESTED_PAGE_SIZE = 10  # `first:` for a connection nested inside a selection
MAX_FRAGMENTS = 24  # more implementations than this (e.g. GitHub's Node): interface fields only


@dataclass(frozen=True, slots=True)
class Item:
    """One selected field: response name, a shape signature for merge checks, and its text."""

    response: str
    signature: str
    text: str


_TYPENAME = Item("__typename", "String!", "__typename")


class Selector:
    """Builds selection sets for one schema, memoising per (type name, depth)."""

    def __init__(self, schema: GraphQLSchema, *, nested_connections: bool = True) -> None:
        self.schema = schema
        self.nested_connections = nested_connections
        self._cache: dict[tuple[str, int, bool], tuple[Item, ...]] = {}
        self.fragments_dropped: set[str] = set()

    def selection(self, type_: GraphQLNamedType, depth: int, *, fragments: bool = True) -> str:
        """`{ ... }` for a composite type (never empty), or '' for a leaf type."""
        if is_leaf_type(type_):
            return ""
        items = self.items(type_, max(depth, 1), fragments=fragments)
        return _braces(items or (_TYPENAME,))

    def items(self, type_: GraphQLNamedType, depth: int, *, fragments: bool = True
              ) -> tuple[Item, ...]:
        key = (type_.name, depth, fragments)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        self._cache[key] = ()  # a type met again while being built selects nothing there
        if isinstance(type_, GraphQLObjectType) and is_connection(type_):
            result = self._connection(type_, depth, fragments)
        elif isinstance(type_, GraphQLObjectType) and is_edge(type_):
            result = self._edge(type_, depth, fragments, nested=False)
        elif isinstance(type_, GraphQLObjectType):
            result = self._fields(type_, depth, fragments)
        elif isinstance(type_, GraphQLInterfaceType):
            result = self._abstract(type_, self._fields(type_, depth, fragments), depth, fragments)
        elif isinstance(type_, GraphQLUnionType):
            result = self._abstract(type_, (), depth, fragments)
        else:
            result = ()
        self._cache[key] = result
        return result

    # ------------------------------------------------------------------ shapes

    def _fields(self, type_: GraphQLObjectType | GraphQLInterfaceType, depth: int,
                fragments: bool) -> tuple[Item, ...]:
        out: list[Item] = []
        for name, field, named in _selectable(type_):
            if is_leaf_type(named):
                out.append(Item(name, str(field.type), name))
            elif depth > 1:
                item = self._nested(name, field, named, depth - 1, fragments)
                if item is not None:
                    out.append(item)
        return tuple(out)

    def _nested(self, name: str, field: GraphQLField, named: GraphQLNamedType, depth: int,
                fragments: bool) -> Item | None:
        args = ""
        if isinstance(named, GraphQLObjectType) and is_connection(named):
            if not self.nested_connections:
                return None
            # A nested page cannot be turned, so its cursors and pageInfo are left out.
            sub = self._connection(named, depth, fragments, nested=True)
            first = field.args.get("first")
            if first is not None and get_named_type(first.type).name == "Int":
                args = f"(first: {NESTED_PAGE_SIZE})"
        else:
            sub = self.items(named, depth, fragments=fragments)
        if not sub or all(i.response == "__typename" for i in sub):
            return None
        text = f"{name}{args} {_braces(sub)}"
        return Item(name, f"{field.type}{args}{_braces(sub)}", text)

    def _connection(self, type_: GraphQLObjectType, depth: int, fragments: bool, *,
                    nested: bool = False) -> tuple[Item, ...]:
        out: list[Item] = []
        for name, field, named in _selectable(type_):
            if is_leaf_type(named):
                out.append(Item(name, str(field.type), name))
            elif name == "pageInfo" and not nested:
                leaves = self._fields(named, 1, fragments) if isinstance(
                    named, GraphQLObjectType) else ()
                if leaves:
                    out.append(Item(name, str(field.type), f"{name} {_braces(leaves)}"))
            elif name == "edges" and isinstance(named, GraphQLObjectType):
                edge = self._edge(named, depth, fragments, nested=nested)
                out.append(Item(name, str(field.type), f"{name} {_braces(edge)}"))
        return tuple(out)

    def _edge(self, type_: GraphQLObjectType, depth: int, fragments: bool, *,
              nested: bool) -> tuple[Item, ...]:
        """`cursor node { ... }` of an edge; `node` keeps the edge's depth."""
        edge: list[Item] = []
        for name, field, named in _selectable(type_):
            if is_leaf_type(named):
                if not nested:
                    edge.append(Item(name, str(field.type), name))
            elif name == "node":
                node = self.items(named, depth, fragments=fragments) or (_TYPENAME,)
                edge.append(Item(name, str(field.type), f"node {_braces(node)}"))
        return tuple(edge)

    def _abstract(self, type_: GraphQLInterfaceType | GraphQLUnionType,
                  own: tuple[Item, ...], depth: int, fragments: bool) -> tuple[Item, ...]:
        out = [_TYPENAME, *own]
        if not fragments:
            return tuple(out)
        possible = self.schema.get_possible_types(type_)
        if len(possible) > MAX_FRAGMENTS:
            self.fragments_dropped.add(type_.name)
            return tuple(out)
        taken = {i.response for i in out}
        seen: dict[str, str] = {}  # response name -> signature, across fragments
        for impl in sorted(possible, key=lambda t: t.name):
            extra: list[Item] = []
            for item in self.items(impl, depth, fragments=fragments):
                if item.response in taken:
                    continue
                known = seen.get(item.response)
                if known is not None and known != item.signature:
                    alias = f"{item.response}_{impl.name}"
                    item = Item(alias, item.signature, f"{alias}: {item.text}")
                seen.setdefault(item.response, item.signature)
                extra.append(item)
            if extra:
                out.append(Item(f"... on {impl.name}", "", f"... on {impl.name} "
                                + _braces(tuple(extra))))
        return tuple(out)


def is_connection(type_: GraphQLObjectType) -> bool:
    """A Relay-style connection: `...Connection` with `edges { node }`."""
    if not type_.name.endswith("Connection") or "edges" not in type_.fields:
        return False
    edge = get_named_type(type_.fields["edges"].type)
    return isinstance(edge, GraphQLObjectType) and "node" in edge.fields


def is_edge(type_: GraphQLObjectType) -> bool:
    """A Relay edge met on its own (a mutation payload's `commentEdge`): `...Edge` with `node`."""
    if not type_.name.endswith("Edge") or "node" not in type_.fields:
        return False
    return not is_leaf_type(get_named_type(type_.fields["node"].type))


def _selectable(type_: GraphQLObjectType | GraphQLInterfaceType
                ) -> Iterator[tuple[str, GraphQLField, GraphQLNamedType]]:
    """(name, field, named type) of each field that is not deprecated and needs no argument."""
    for name, field in type_.fields.items():
        if field.deprecation_reason is None and not any(
                is_required(arg) for arg in field.args.values()):
            yield name, field, get_named_type(field.type)



def _braces(items: tuple[Item, ...]) -> str:
    return "{ " + " ".join(i.text for i in items) + " }"

