"""Run a generated GraphQL template as Camunda would, up to the request the connector sends.

The template is applied to a task by element-templates-cli (as the Modeler does), with the
user's entries replacing property values; the resulting `zeebe:input` mappings are evaluated in
order with feelin (tests/node/fidelity-server.mjs). What comes out under `graphql` is what the
connector receives: `graphql.query` and `graphql.variables` are what it POSTs.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from typing import Any

from lxml import etree

from tests.support.node import NODE_DIR, SETUP_HINT, NodeToolsError

ZEEBE = "http://camunda.org/schema/zeebe/1.0"
DIAGRAM = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" \
xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" \
xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" \
xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" \
xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_1" \
targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" \
modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="Process_1" isExecutable="true"><bpmn:task id="Task_1" /></bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Process_1">
      <bpmndi:BPMNShape id="Task_1_di" bpmnElement="Task_1">
        <dc:Bounds x="160" y="80" width="100" height="80" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
"""


def _server(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None or not (NODE_DIR / "node_modules" / "element-templates-cli").exists():
        raise NodeToolsError(f"node or tests/node packages missing: {SETUP_HINT}")
    lines = "".join(json.dumps({"id": i, **r}) + "\n" for i, r in enumerate(requests))
    done = subprocess.run([node, "fidelity-server.mjs"], input=lines, cwd=NODE_DIR,
                          capture_output=True, text=True, timeout=300, check=False)
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if len(answers) != len(requests):
        raise NodeToolsError(f"fidelity-server answered {len(answers)} of {len(requests)}: "
                             f"{done.stderr[-2000:]}")
    for answer in answers:
        if "error" in answer:
            raise NodeToolsError(answer["error"])
    return answers


def with_values(template: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A copy of `template` where the properties named in `values` hold the user's entries."""
    out = copy.deepcopy(template)
    for prop in out["properties"]:
        if prop.get("id") in values:
            prop["value"] = values[prop["id"]]
    return out


def run(templates: list[dict[str, Any]], variables: dict[str, Any] | None = None) -> list[
    dict[str, Any]
]:
    """For each template: the connector's input variables after all input mappings."""
    applied = _server([{"op": "apply", "template": t, "diagram": DIAGRAM, "element": "Task_1"}
                       for t in templates])
    jobs = []
    for answer in applied:
        root = etree.fromstring(answer["xml"].encode("utf-8"))
        inputs = [[e.get("target"), e.get("source")]
                  for e in root.iter(f"{{{ZEEBE}}}input")]
        jobs.append({"inputs": inputs, "variables": variables or {}})
    (mapped,) = _server([{"op": "mappings", "jobs": jobs}])
    return [r["variables"] for r in mapped["results"]]


def evaluate(expression: str, context: dict[str, Any]) -> Any:
    """One FEEL expression (without `=`) with feelin."""
    (answer,) = _server([{"op": "evaluate", "jobs": [{"expression": expression,
                                                       "context": context}]}])
    result = answer["results"][0]
    if "error" in result:
        raise AssertionError(result["error"])
    return result["value"]
