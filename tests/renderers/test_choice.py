"""The operation dropdown(s) and the conditions that show one operation's fields."""

from __future__ import annotations

from converter.model import Operation, RestRequest
from converter.renderers.choice import OperationChoice


def _ops(*tags: str) -> list[Operation]:
    request = RestRequest(method="GET", path="/")
    return [Operation(id=f"op{i}", name=f"Op {i}", request=request, tags=(tag,) if tag else ())
            for i, tag in enumerate(tags)]


def test_one_operation_needs_no_choice() -> None:
    choice = OperationChoice.build(_ops("a"))
    assert choice.properties() == [] and choice.condition(choice.operations[0]) is None


def test_few_operations_share_one_dropdown() -> None:
    ops = _ops("a", "b", "b")
    choice = OperationChoice.build(ops)
    assert [p["id"] for p in choice.properties()] == ["operationId"]
    assert choice.condition(ops[1]) == {"property": "operationId", "equals": "op1"}
    assert choice.condition_for(ops[1:]) == [{"property": "operationId",
                                             "oneOf": ["op1", "op2"]}]
    assert choice.condition_for(ops) == [None]


def test_many_tagged_operations_are_grouped_by_first_tag() -> None:
    ops = _ops(*["pets"] * 14, "store", "")
    choice = OperationChoice.build(ops)
    assert [p["id"] for p in choice.properties()] == [
        "operationGroup", "operationId.pets", "operationId.store", "operationId.Other"]
    assert choice.condition(ops[0]) == {"allMatch": [
        {"property": "operationGroup", "equals": "pets"},
        {"property": "operationId.pets", "equals": "op0"}]}
    assert choice.condition(ops[14]) == {"property": "operationGroup", "equals": "store"}
    for op in ops:
        assert [choice.condition(op)] == choice.condition_for([op])
    assert choice.condition_for([ops[0], ops[14], ops[15]]) == [
        choice.condition(ops[0]), choice.condition(ops[14]), choice.condition(ops[15])]
