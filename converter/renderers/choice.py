"""The Operation dropdown(s) of a template and the conditions that show one operation's fields.

The Modeler's dropdowns are native selects without search, so no level holds more than
`MAX_CHOICES` entries: a big API becomes a tree of dropdowns cut along its own structure
(`converter.renderers.grouping`: tag, then path, then name; neighbouring small groups merged).
From `TWO_LEVEL_FROM` operations a tagged API is grouped by tag even when one list would fit,
like Camunda's hand-written GitHub template.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from converter import naming
from converter.model import Operation, RestRequest
from converter.renderers import grouping
from converter.renderers.grouping import Group
from converter.renderers.properties import Condition, Property, combine, input_binding, prop, short
from converter.text import first_sentence, plain

MAX_CHOICES = 50
TWO_LEVEL_FROM = 16
LABEL_LIMIT = 80  # characters of an operation's label in a dropdown
SUMMARY_LIMIT = 60  # characters of the summary after a name (`name_and_summary`)

Label = Callable[[Operation], str]


def operation_label(op: Operation) -> str:
    """The operation's summary, else the first sentence of its description, else its name
    (`METHOD /path` when the spec gives nothing else)."""
    request = op.request
    fallback = f"{request.method} {request.path}" if isinstance(request, RestRequest) else ""
    text = (short(op.summary, LABEL_LIMIT)
            or (short(op.name, LABEL_LIMIT) if op.name != fallback else "")
            or short(first_sentence(plain(op.description)), LABEL_LIMIT)
            or op.name or fallback or op.id)
    return text + (" (deprecated)" if op.deprecated else "")


def name_and_summary(op: Operation) -> str:
    """`name: first sentence of its description`, for operations whose name is what users
    know them by (a GraphQL field, a SOAP operation)."""
    label = op.name
    if op.summary:
        label += ": " + short(op.summary.rstrip("."), SUMMARY_LIMIT)
    return label + (" (deprecated)" if op.deprecated else "")


@dataclass(frozen=True, slots=True)
class _Node:
    """A level of the tree: its operations, and either child groups (a group dropdown) or
    none (the operations themselves are the choices)."""

    key: str  # its value in the parent's dropdown ("" for the root)
    label: str
    operations: tuple[Operation, ...]
    children: tuple[_Node, ...] = ()


@dataclass(frozen=True, slots=True)
class OperationChoice:
    """One operation: no dropdown, no conditions. Otherwise a tree of dropdowns whose last
    level picks the operation by id (unique within an API); `condition` is what shows one
    operation's fields."""

    operations: tuple[Operation, ...]
    root: _Node
    label: Label
    # operation id -> the (dropdown id, value) pairs that select it
    where: dict[str, tuple[tuple[str, str], ...]]

    @staticmethod
    def build(operations: Sequence[Operation], *, label: Label = operation_label
              ) -> OperationChoice:
        ops = tuple(operations)
        root = _Node("", "", ops, _children(ops, grouping.SPLITTERS, by_tag_from=TWO_LEVEL_FROM))
        where: dict[str, tuple[tuple[str, str], ...]] = {}
        _locate(root, "", (), where)
        return OperationChoice(ops, root, label, where)

    def properties(self) -> list[Property]:
        """The dropdowns, in the "operation" group (none for one operation)."""
        if len(self.operations) == 1:
            return []
        out: list[Property] = []
        self._dropdowns(self.root, "", 0, None, out)
        return out

    def _dropdowns(self, node: _Node, suffix: str, depth: int, condition: Condition | None,
                   out: list[Property]) -> None:
        if not node.children:
            # one choice too in a group of one: the panel then names the operation
            if node.key or len(node.operations) > 1:
                out.append(prop(id=f"operationId{suffix}", label="Operation", group="operation",
                                type="Dropdown", value=node.operations[0].id,
                                choices=self._choices(node.operations),
                                binding=input_binding("operationId"), condition=condition))
            return
        pid = f"operationGroup{suffix}"
        names = _unique([child.label for child in node.children])
        binding = "operationGroup" if depth == 0 else f"operationGroup{depth + 1}"
        out.append(prop(id=pid, label="Operation group" if depth == 0 else "Operation subgroup",
                        group="operation", type="Dropdown", value=node.children[0].key,
                        choices=[{"name": name, "value": child.key}
                                 for name, child in zip(names, node.children, strict=True)],
                        binding=input_binding(binding), condition=condition))
        for child in node.children:
            inner = combine(condition, {"property": pid, "equals": child.key})
            self._dropdowns(child, f"{suffix}.{child.key}", depth + 1, inner, out)

    def _choices(self, ops: Sequence[Operation]) -> list[dict[str, str]]:
        """Labels unique within the dropdown: a repeated one says which request it is."""
        labels = [self.label(op) for op in ops]
        counts = {name: labels.count(name) for name in labels}
        for i, op in enumerate(ops):
            if counts[labels[i]] > 1:
                request = op.request
                labels[i] += (f" ({request.method} {request.path})"
                              if isinstance(request, RestRequest) else f" ({op.id})")
        return [{"name": name, "value": op.id}
                for name, op in zip(_unique(labels), ops, strict=True)]

    def condition(self, op: Operation) -> Condition | None:
        """Active exactly when `op` is the selected operation (None: always, it is the only one)."""
        return combine(*({"property": pid, "equals": value} for pid, value in self.where[op.id]))

    def condition_for(self, subset: Sequence[Operation]) -> list[Condition | None]:
        """Conditions (OR-ed by emitting one property each) true when any of `subset` is chosen."""
        wanted = {op.id for op in subset}
        return _cover(self.root, "", None, wanted)


def _children(ops: tuple[Operation, ...], splitters: Sequence[grouping.Splitter], *,
              by_tag_from: int = 0) -> tuple[_Node, ...]:
    """The groups below a level holding `ops` (none: the operations are its choices)."""
    if len(ops) <= MAX_CHOICES:
        if not by_tag_from or len(ops) < by_tag_from:
            return ()
        groups, index = grouping.by_tag(ops), 0
    else:
        index, groups = next((i, g) for i, s in enumerate(splitters) if (g := s(ops)))
    taken: set[str] = set()
    return tuple(_Node(naming.unique(naming.identifier(label), taken), label, members,
                       _children(members, splitters[index:]))
                 for label, members in _bounded(groups))


def _bounded(groups: list[Group]) -> list[Group]:
    """At most `MAX_CHOICES` groups: small neighbours (by label) merged up to `MAX_CHOICES`
    operations, and when that is still too many, runs of them as one more level."""
    if len(groups) <= MAX_CHOICES:
        return groups
    ordered = sorted(groups, key=lambda g: grouping.sort_key(g[0]))
    bins = grouping.pack(ordered, weight=len, limit=MAX_CHOICES)
    if len(bins) > MAX_CHOICES:
        per = math.ceil(len(bins) / MAX_CHOICES)
        bins = [(run[0][0], run[-1][1], tuple(op for *_, members in run for op in members))
                for run in (bins[i:i + per] for i in range(0, len(bins), per))]
    return [(grouping.span(first, last), members) for first, last, members in bins]


def _locate(node: _Node, suffix: str, path: tuple[tuple[str, str], ...],
            where: dict[str, tuple[tuple[str, str], ...]]) -> None:
    if not node.children:
        for op in node.operations:
            leaf = ((f"operationId{suffix}", op.id),) if len(node.operations) > 1 else ()
            where[op.id] = path + leaf
        return
    for child in node.children:
        _locate(child, f"{suffix}.{child.key}",
                (*path, (f"operationGroup{suffix}", child.key)), where)


def _cover(node: _Node, suffix: str, condition: Condition | None, wanted: set[str]
           ) -> list[Condition | None]:
    inside = [op.id for op in node.operations if op.id in wanted]
    if not inside:
        return []
    if len(inside) == len(node.operations):
        return [condition]
    if not node.children:
        pid = f"operationId{suffix}"
        leaf: Condition = ({"property": pid, "equals": inside[0]} if len(inside) == 1
                           else {"property": pid, "oneOf": inside})
        return [combine(condition, leaf)]
    out: list[Condition | None] = []
    for child in node.children:
        inner = combine(condition, {"property": f"operationGroup{suffix}", "equals": child.key})
        out.extend(_cover(child, f"{suffix}.{child.key}", inner, wanted))
    return out


def _unique(labels: Sequence[str]) -> list[str]:
    """`labels` with repeats numbered: `Pets`, `Pets (2)`."""
    seen: set[str] = set()
    out = []
    for name in labels:
        candidate, n = name, 2
        while candidate in seen:
            candidate, n = f"{name} ({n})", n + 1
        seen.add(candidate)
        out.append(candidate)
    return out
