"""The Operation dropdown(s) of a template and the conditions that show one operation's fields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from converter import naming
from converter.model import Operation
from converter.renderers.properties import Condition, Property, combine, input_binding, prop


@dataclass(frozen=True, slots=True)
class OperationChoice:
    """One operation: no dropdown, no conditions. Up to `two_level_from` operations, or no tags:
    one `operationId` dropdown. Otherwise a group dropdown (by first tag) and one operation
    dropdown per group, like Camunda's hand-written GitHub template, so that no dropdown grows
    too long to use.

    Operations are told apart by id (unique within an API).
    """

    operations: tuple[Operation, ...]
    groups: tuple[tuple[str, str, tuple[Operation, ...]], ...]  # (key, label, operations)
    # operation id -> (group key, the group's operations); the one group "" without groups
    where: dict[str, tuple[str, tuple[Operation, ...]]]

    @staticmethod
    def build(operations: Sequence[Operation], *, two_level_from: int = 16) -> OperationChoice:
        ops = tuple(operations)
        by_tag: dict[str, list[Operation]] = {}  # first tags in the order they first appear
        for op in ops:
            by_tag.setdefault(op.tags[0] if op.tags else "", []).append(op)
        groups: tuple[tuple[str, str, tuple[Operation, ...]], ...] = ()
        if len(ops) >= two_level_from and len(by_tag) >= 2:
            taken: set[str] = set()
            groups = tuple((naming.unique(naming.identifier(tag or "other"), taken),
                            tag or "Other", tuple(members)) for tag, members in by_tag.items())
        where = {op.id: (key, members)
                 for key, _, members in groups or (("", "", ops),) for op in members}
        return OperationChoice(ops, groups, where)

    def properties(self, group: str = "operation") -> list[Property]:
        if len(self.operations) == 1:
            return []
        if not self.groups:
            return [prop(id="operationId", label="Operation", group=group, type="Dropdown",
                         value=self.operations[0].id, choices=_choices(self.operations),
                         binding=input_binding("operationId"))]
        out = [prop(id="operationGroup", label="Operation group", group=group, type="Dropdown",
                    value=self.groups[0][0],
                    choices=[{"name": label, "value": key} for key, label, _ in self.groups],
                    binding=input_binding("operationGroup"))]
        for key, _, members in self.groups:
            out.append(prop(id=f"operationId.{key}", label="Operation", group=group,
                            type="Dropdown", value=members[0].id, choices=_choices(members),
                            binding=input_binding("operationId"),
                            condition={"property": "operationGroup", "equals": key}))
        return out

    def condition(self, op: Operation) -> Condition | None:
        """Active exactly when `op` is the selected operation (None: always, it is the only one)."""
        if len(self.operations) == 1:
            return None
        if not self.groups:
            return {"property": "operationId", "equals": op.id}
        key, members = self.where[op.id]
        in_group: Condition = {"property": "operationGroup", "equals": key}
        if len(members) == 1:
            return in_group
        return combine(in_group, {"property": f"operationId.{key}", "equals": op.id})

    def condition_for(self, subset: Sequence[Operation]) -> list[Condition | None]:
        """Conditions (OR-ed by emitting one property each) true when any of `subset` is chosen."""
        wanted = {op.id for op in subset}
        chosen = [op for op in self.operations if op.id in wanted]
        if len(chosen) == len(self.operations):
            return [None]
        if not self.groups:
            if len(chosen) == 1:
                return [{"property": "operationId", "equals": chosen[0].id}]
            return [{"property": "operationId", "oneOf": [op.id for op in chosen]}]
        out: list[Condition | None] = []
        for key, _, members in self.groups:
            inside = [op for op in members if op.id in wanted]
            if not inside:
                continue
            in_group: Condition = {"property": "operationGroup", "equals": key}
            if len(inside) == len(members):
                out.append(in_group)
            elif len(inside) == 1:
                out.append(combine(in_group, {"property": f"operationId.{key}",
                                              "equals": inside[0].id}))
            else:
                out.append(combine(in_group, {"property": f"operationId.{key}",
                                              "oneOf": [op.id for op in inside]}))
        return out


def _choices(ops: Sequence[Operation]) -> list[dict[str, str]]:
    return [{"name": op.name + (" (deprecated)" if op.deprecated else ""), "value": op.id}
            for op in ops]
