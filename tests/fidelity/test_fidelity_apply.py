"""Step 1 is element-templates-cli itself: the helper's output equals the CLI's on fixtures."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import petstore
from harness.apply import DIAGRAM, apply, parse
from harness.node import NODE_DIR, NodeHelper

CLI = NODE_DIR / "node_modules" / "element-templates-cli" / "bin" / "cli.js"


def run_cli(template: dict[str, Any], tmp_path: Path) -> str:
    (tmp_path / "diagram.bpmn").write_text(DIAGRAM, encoding="utf-8")
    (tmp_path / "template.json").write_text(json.dumps(template), encoding="utf-8")
    node = shutil.which("node")
    assert node is not None
    done = subprocess.run(
        [node, str(CLI), "--diagram", "diagram.bpmn", "--template", "template.json",
         "--element", "Task_1", "--output", "out.bpmn"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=True)
    assert done.returncode == 0
    return (tmp_path / "out.bpmn").read_text(encoding="utf-8")


def conditional_template() -> dict[str, Any]:
    """Conditions drop properties; optional empty inputs vanish; statics become `=value`."""
    template = petstore.worked_example()
    props = template["properties"]
    props.insert(3, {"id": "mode", "label": "Mode", "type": "Dropdown", "value": "b",
                     "choices": [{"name": "a", "value": "a"}, {"name": "b", "value": "b"}],
                     "binding": {"type": "zeebe:input", "name": "mode"}})
    props.insert(4, {"id": "onlyA", "label": "A", "type": "String", "value": "x",
                     "binding": {"type": "zeebe:input", "name": "onlyA"},
                     "condition": {"property": "mode", "equals": "a"}})
    props.insert(5, {"id": "opt", "label": "Opt", "type": "String", "optional": True,
                     "binding": {"type": "zeebe:input", "name": "opt"}})
    props.insert(6, {"id": "flag", "label": "Flag", "type": "Boolean", "value": True,
                     "binding": {"type": "zeebe:input", "name": "flag"}})
    return template


def test_worked_example_matches_reference(node: NodeHelper) -> None:
    task = apply(petstore.worked_example(), helper=node)
    assert task.element == "serviceTask"
    assert task.task_type == "io.camunda:http-json:1"
    assert task.retries == "3"
    assert [t for t, _ in task.inputs] == [
        "authentication.type", "authentication.token", "petId", "xRequestId", "method", "url",
        "headers", "connectionTimeoutInSeconds", "readTimeoutInSeconds"]
    sources = dict(task.inputs)
    assert sources["petId"] is None and sources["xRequestId"] is None
    assert sources["connectionTimeoutInSeconds"] == "=20"
    assert sources["method"] == "GET"
    assert "resultVariable" not in task.headers  # empty, not written
    assert task.headers["retryBackoff"] == "PT30S"


def test_helper_equals_cli(node: NodeHelper, tmp_path: Path) -> None:
    for i, template in enumerate([petstore.worked_example(), conditional_template(),
                                  *(t for t, _ in petstore.all_good())]):
        folder = tmp_path / str(i)
        folder.mkdir()
        by_cli = parse(run_cli(template, folder))
        by_helper = apply(template, helper=node)
        assert by_helper.inputs == by_cli.inputs, template["id"]
        assert by_helper.headers == by_cli.headers
        assert (by_helper.task_type, by_helper.retries) == (by_cli.task_type, by_cli.retries)


def test_conditions_and_user_values(node: NodeHelper) -> None:
    template = conditional_template()
    targets = [t for t, _ in apply(template, helper=node).inputs]
    assert "onlyA" not in targets and "opt" not in targets  # condition false; optional empty
    assert dict(apply(template, helper=node).inputs)["flag"] == "=true"
    chosen = apply(template, {"mode": "a", "petId": "7"}, helper=node)
    assert dict(chosen.inputs)["onlyA"] == "x"
    assert dict(chosen.inputs)["petId"] == "7"
