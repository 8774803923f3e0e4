"""Step 1: apply a template to a BPMN task exactly as Camunda Modeler does.

The applying is done by element-templates-cli 0.5.0's own `applyTemplate` (the code behind its
command line, run inside the long-lived node helper). What the user types into a field is given
as `values` (property id -> value); it replaces the property's `value` before the template is
applied, which is what the Modeler writes when a user enters that value (a Dropdown choice also
re-evaluates every condition, as in the Modeler).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from harness.node import NodeHelper, shared

DIAGRAM = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" \
xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" \
xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" \
xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" \
xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_1" \
targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" \
modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="Process_1" isExecutable="true">
    <bpmn:task id="Task_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Process_1">
      <bpmndi:BPMNShape id="Task_1_di" bpmnElement="Task_1">
        <dc:Bounds x="160" y="80" width="100" height="80" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
"""

NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
      "zeebe": "http://camunda.org/schema/zeebe/1.0"}


@dataclass(frozen=True, slots=True)
class AppliedTask:
    """What the Modeler wrote on the service task."""

    element: str  # bpmn:serviceTask, ...
    task_type: str | None
    retries: str | None
    inputs: tuple[tuple[str, str | None], ...]  # (target, source) in document order
    headers: dict[str, str] = field(default_factory=dict)
    xml: str = ""


def with_values(template: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A copy of `template` whose properties (by id) carry the user's values."""
    if not values:
        return template
    out = copy.deepcopy(template)
    seen = set()
    for prop in out.get("properties", []):
        pid = prop.get("id")
        if pid in values:
            seen.add(pid)
            value = values[pid]
            if value is None:
                prop.pop("value", None)
            else:
                prop["value"] = value
    unknown = set(values) - seen
    if unknown:
        raise KeyError(f"no property with id {sorted(unknown)}")
    return out


def parse(xml: str) -> AppliedTask:
    root = etree.fromstring(xml.encode("utf-8"))
    tasks = root.xpath("//*[@id='Task_1']")
    if not tasks:
        raise ValueError("Task_1 is gone from the diagram")
    task = tasks[0]
    definition = task.find("bpmn:extensionElements/zeebe:taskDefinition", NS)
    inputs = tuple(
        (el.get("target"), el.get("source"))
        for el in task.iterfind("bpmn:extensionElements/zeebe:ioMapping/zeebe:input", NS)
    )
    headers = {
        el.get("key"): el.get("value")
        for el in task.iterfind("bpmn:extensionElements/zeebe:taskHeaders/zeebe:header", NS)
    }
    return AppliedTask(
        element=etree.QName(task).localname,
        task_type=None if definition is None else definition.get("type"),
        retries=None if definition is None else definition.get("retries"),
        inputs=inputs,  # type: ignore[arg-type]
        headers=headers,
        xml=xml,
    )


def apply(template: dict[str, Any], values: dict[str, Any] | None = None,
          helper: NodeHelper | None = None) -> AppliedTask:
    """Apply `template` (with the user's `values`) to a fresh task, as the Modeler does."""
    node = helper or shared()
    answer = node.request("apply", template=with_values(template, values or {}),
                          diagram=DIAGRAM, element="Task_1")
    return parse(answer["xml"])


def apply_many(jobs: list[tuple[dict[str, Any], dict[str, Any]]],
               helper: NodeHelper | None = None) -> list[AppliedTask]:
    """`apply` for several (template, values) pairs in one round-trip (worker threads)."""
    if not jobs:
        return []
    node = helper or shared()
    answer = node.request("apply_many", jobs=[
        {"template": with_values(t, v), "diagram": DIAGRAM, "element": "Task_1"}
        for t, v in jobs])
    out = []
    for result in answer["results"]:
        if "error" in result:
            raise RuntimeError(f"applyTemplate: {result['error'][:500]}")
        out.append(parse(result["xml"]))
    return out
