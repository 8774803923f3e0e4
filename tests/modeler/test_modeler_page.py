"""Issue 18, Must show 1: goldens in the real Camunda Modeler, with the XML check.

Each golden is registered, applied to a task and rendered by the bundled Modeler (bpmn-js
Modeler, properties panel, Cloud element templates; tests/modeler/page.js) in headless Chromium;
the operation chooser(s) are switched through the panel's <select>s, a text field is typed into,
and the saved XML must hold exactly the bindings that the template's conditions give for that
operation (tests/modeler/harness.py works them out from the JSON alone). Every operation of each
golden is tried. `-m modeler` runs only these; they need /usr/bin/chromium and the built page,
which scripts/test installs and builds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.modeler import harness

REPO = Path(__file__).resolve().parents[2]
EXPECTED = REPO / "fixtures" / "expected"

# One of each kind: REST with the two-level group -> operation chooser, SOAP, GraphQL (input
# objects, enums, FEEL arguments), and the Swagger 2.0 petstore (multipart body, path params).
GOLDENS = [
    "openapi/v3_0/tags.json",
    "wsdl/calculator.soap.json",
    "graphql/input-objects.json",
    "openapi/v2/petstore-swagger2.json",
    "openapi/v3_0/many-optional.json",  # 22 optional fields behind an "Optional fields" choice
]


@pytest.fixture(scope="module")
def modeler() -> Iterator[harness.ModelerPage]:
    with harness.modeler_page() as page:
        yield page


def _template(name: str) -> tuple[str, dict[str, Any]]:
    text = (EXPECTED / name).read_text()
    return text, json.loads(text)


def _operations(template: dict[str, Any]) -> int:
    """How many picks reach every choice of every chooser level."""
    return max(len(p["choices"]) for p in harness.choosers(template))


@pytest.mark.modeler
@pytest.mark.parametrize("name", GOLDENS)
def test_saved_xml_holds_the_chosen_operation(modeler: harness.ModelerPage, name: str) -> None:
    text, template = _template(name)
    for pick in range(_operations(template)):
        plan = harness.plan(template, pick)
        assert plan.steps, f"{name}: no operation chooser found"
        assert plan.fills, f"{name}: no text field to type into"
        result = modeler.run(text, pick)
        assert result.filled is not None, f"{name}: every text field {result.stale_entries}"
        assert result.differences == [], (
            f"{name}, operation {plan.chosen()}:\n  " + "\n  ".join(result.differences))
        assert harness.FILL_TEXT in result.xml


@pytest.mark.modeler
def test_two_level_chooser_is_switched_twice(modeler: harness.ModelerPage) -> None:
    text, template = _template("openapi/v3_0/tags.json")
    plan = harness.plan(template)
    assert [(p["id"], v) for p, v in plan.steps] == [
        ("operationGroup", "issues"), ("operationId.issues", "issuesGet5")]
    result = modeler.run(text)
    assert len(result.timings.changes) == 2
    assert result.differences == []


@pytest.mark.modeler
def test_check_notices_a_wrong_binding(modeler: harness.ModelerPage) -> None:
    """The page gets a template whose chosen operation's URL differs from the one the
    expectation is computed from: the check must name that input."""
    text, template = _template("openapi/v3_0/tags.json")
    altered = json.loads(text)
    for prop in altered["properties"]:
        if prop.get("id") == "issuesGet5.url":
            prop["value"] = '=baseUrl + "/elsewhere"'
    plan = harness.plan(template)
    modeler.load(json.dumps(altered))
    for prop, value in plan.steps:
        modeler.choose(prop, value)
    saved = harness.saved_bindings(modeler.save_xml())
    assert harness.expected_bindings(template, plan.chosen()).differences(saved) == [
        "input 'url': expected '=baseUrl + \"/issues/5\"', saved '=baseUrl + \"/elsewhere\"'"]


@pytest.mark.modeler
def test_optional_fields_are_written_only_when_shown(modeler: harness.ModelerPage) -> None:
    """Left on "Hidden", the 22 optional fields of `search` are not written; chosen "Shown"
    through the panel, the Modeler writes all of them, and a value typed into one is saved."""
    text, template = _template("openapi/v3_0/many-optional.json")
    props = {p.get("id"): p for p in template["properties"]}
    optional = {f"q{n}" for n in range(1, 13)} | {f"m{n}" for n in range(1, 11)}
    modeler.load(text)
    hidden = harness.saved_bindings(modeler.save_xml())
    assert harness.expected_bindings(template, {}).differences(hidden) == []
    assert not optional & set(hidden.inputs) and hidden.inputs["optionalFields"] == "hidden"
    modeler.choose(props["search.optionalFields"], "shown")
    modeler.fill(props["search.q7"], harness.FILL_TEXT)
    shown = harness.saved_bindings(modeler.save_xml())
    chosen = {"search.optionalFields": "shown", "search.q7": harness.FILL_TEXT}
    assert harness.expected_bindings(template, chosen).differences(shown) == []
    assert optional <= set(shown.inputs) and shown.inputs["q7"] == harness.FILL_TEXT


# -- the expectation side, without a browser ---------------------------------------------------

def _prop(pid: str, value: Any, cond: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    prop: dict[str, Any] = {"id": pid, "type": "String", "value": value,
                            "binding": {"type": "zeebe:input", "name": pid}, **extra}
    if cond:
        prop["condition"] = cond
    return prop


def test_conditions_follow_the_modeler_rules() -> None:
    template = {"id": "t", "properties": [
        _prop("op", "a", type="Dropdown", choices=[{"value": "a"}, {"value": "b"}]),
        _prop("onlyB", "x", {"property": "op", "equals": "b"}),
        _prop("aOrB", "y", {"property": "op", "oneOf": ["a", "b"]}),
        _prop("whenOnlyB", "z", {"property": "onlyB", "isActive": True}),
        _prop("notOnlyB", "w", {"property": "onlyB", "isActive": False}),
        _prop("both", "v", {"allMatch": [{"property": "op", "equals": "b"},
                                         {"property": "onlyB", "isEmpty": False}]}),
        _prop("count", 20, type="Number", feel="static"),
        _prop("big", "q", {"property": "count", "equals": 20}),
        _prop("empty", "", optional=True),
    ]}
    on_a = harness.expected_bindings(template, {}).inputs
    assert on_a == {"op": "a", "aOrB": "y", "notOnlyB": "w", "count": "=20", "big": "q"}
    on_b = harness.expected_bindings(template, {"op": "b"}).inputs
    assert on_b == {"op": "b", "onlyB": "x", "aOrB": "y", "whenOnlyB": "z", "both": "v",
                    "count": "=20", "big": "q"}


def test_saved_bindings_reads_the_task() -> None:
    xml = """<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0">
  <bpmn:process id="P"><bpmn:serviceTask id="Task_1" zeebe:modelerTemplate="t"
      zeebe:modelerTemplateVersion="2"><bpmn:extensionElements>
    <zeebe:taskDefinition type="io.camunda:http-json:1" retries="3"/>
    <zeebe:ioMapping><zeebe:input source="GET" target="method"/><zeebe:input target="x"/>
    </zeebe:ioMapping>
    <zeebe:taskHeaders><zeebe:header key="resultVariable" value="r"/></zeebe:taskHeaders>
    <zeebe:properties/>
  </bpmn:extensionElements></bpmn:serviceTask></bpmn:process>
</bpmn:definitions>"""
    saved = harness.saved_bindings(xml)
    assert saved.template == ("t", "2")
    assert saved.task_definition == {"type": "io.camunda:http-json:1", "retries": "3"}
    assert saved.inputs == {"method": "GET", "x": None}
    assert saved.headers == {"resultVariable": "r"}
    assert saved.other == ["extension element properties"]
