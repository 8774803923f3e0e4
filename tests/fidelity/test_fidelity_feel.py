"""Step 3: input mappings evaluated in order by feelin in one long-lived node process."""

from __future__ import annotations

from harness.apply import AppliedTask
from harness.node import NodeHelper
from harness.pipeline import evaluate


def task(*inputs: tuple[str, str | None]) -> AppliedTask:
    return AppliedTask(element="serviceTask", task_type="t", retries="3", inputs=inputs)


def test_mappings_run_in_order_with_zeebe_semantics(node: NodeHelper) -> None:
    ev = evaluate(task(("petId", "42"), ("name", "doggie"), ("empty", None),
                       ("authentication.type", "bearer"), ("authentication.token", "{{secrets.T}}"),
                       ("url", '="https://x/pet/" + string(petId)'),
                       ("headers", '=context(get entries({"X": empty, "N": name})'
                                   '[item.value != null])')), helper=node)
    v = ev.variables
    assert v["petId"] == "42"  # static text stays text: Zeebe quotes a static source
    assert v["name"] == "doggie" and v["empty"] is None
    assert v["authentication"] == {"type": "bearer", "token": "{{secrets.T}}"}
    assert v["url"] == "https://x/pet/42"
    assert v["headers"] == {"N": "doggie"}
    assert ev.problems == []


def test_use_before_definition_and_errors_are_reported(node: NodeHelper) -> None:
    ev = evaluate(task(("url", '="https://x/" + string(petId)'), ("petId", "1"),
                       ("body", "={a: }"), ("h", "=index(1, 2)")), helper=node)
    codes = [c for c, _ in ev.problems]
    assert "feel.order" in codes
    assert codes.count("feel.error") == 2  # syntax error; unknown function


def test_one_process_for_many_batches(node: NodeHelper) -> None:
    pid = node._proc.pid
    for i in range(50):
        assert evaluate(task(("x", f"={i} + 1")), helper=node).variables["x"] == i + 1
    assert node._proc.pid == pid and node._proc.poll() is None
