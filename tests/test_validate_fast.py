"""The fast schema verdict (jsonschema-rs) agrees with the Python jsonschema one.

`converter.validate` asks jsonschema-rs first and the Python validator only for what it rejects,
so the two must reach the same verdict: on the negative matrix of test_validate, on single
property mutations, and on every golden template of the fixtures.
"""

from __future__ import annotations

import copy
import importlib
import json
import random
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_validate import MATRIX, base

V = importlib.import_module("converter.validate")
REPO = Path(__file__).resolve().parent.parent
GOLDENS = sorted((REPO / "fixtures" / "expected").rglob("*.json"))


def _python_ok(part: str, instance: Any) -> bool:
    return not V._findings(part, instance)


def _agree(template: dict[str, Any], only: int | None = None) -> None:
    """Same verdict per part; `only`: check just that property (the others are unchanged)."""
    assert V._fast("whole") is not None, "jsonschema-rs is a dependency"
    template_ok = _python_ok("template", template)
    assert V._passes("template", template) == template_ok
    props = template.get("properties")
    props = props if isinstance(props, list) else []
    props_ok = True
    for index, prop in enumerate(props):
        if only is not None and index != only:
            continue
        ok = _python_ok("property", prop)
        assert V._passes("property", prop) == ok, prop
        props_ok = props_ok and ok
    if only is None:
        assert V._passes("whole", template) == (template_ok and props_ok)
    elif not props_ok:
        assert not V._passes("whole", template)


@pytest.mark.parametrize("case", MATRIX, ids=[c.name for c in MATRIX])
def test_matrix(case: Any) -> None:
    _agree(case.build())


MUTATIONS: list[tuple[str, Any]] = [
    ("type", "Integer"), ("type", 5), ("value", 5), ("value", None), ("value", "=x"),
    ("feel", "static"), ("feel", "required"), ("optional", True), ("optional", "yes"),
    ("binding", {"type": "zeebe:input"}), ("binding", {"type": "zeebe:taskHeader"}),
    ("binding", {"type": "zeebe:property", "name": "x"}), ("binding", "x"),
    ("constraints", {"notEmpty": "yes"}), ("constraints", {"pattern": {"value": 1}}),
    ("condition", {"property": "x"}), ("condition", {"property": "x", "equals": 1, "oneOf": [1]}),
    ("choices", [{"name": "a"}]), ("editable", "no"), ("label", 3), ("group", None),
    ("generatedValue", {"type": "uuid"}), ("generatedValue", {"type": "other"}),
    ("binding", {"type": "zeebe:taskSchedule", "property": "dueDate"}),
    ("value", "2024-01-01T00:00:00Z"), ("value", "12\n"),
]


@pytest.mark.parametrize(("key", "value"), MUTATIONS, ids=[f"{k}={v!r}" for k, v in MUTATIONS])
def test_property_mutations(key: str, value: Any) -> None:
    template = base()
    for index in range(len(template["properties"])):
        mutated = copy.deepcopy(template)
        mutated["properties"][index][key] = value
        _agree(mutated, only=index)


@pytest.mark.parametrize("path", GOLDENS, ids=[str(p.relative_to(REPO)) for p in GOLDENS])
def test_goldens(path: Path) -> None:
    data = json.loads(path.read_text("utf-8"))
    for template in data if isinstance(data, list) else [data]:
        _agree(template)


def test_not_json_data_falls_back_to_python() -> None:
    template = base()
    template["properties"][0]["value"] = {1, 2}  # not JSON: jsonschema-rs cannot take it
    assert not V._passes("property", template["properties"][0])
    assert V.validate(template)  # still answered (by the Python validator)


# -- the whole-template verdict pruned for the binding types in use ------------------------------
#
# `_passes("whole", ...)` uses the validator pruned for the template's binding types: every
# `if`/`then` whose `if` `_never` holds is dropped. So (1) each `if` `_never` gives up on must
# reject every instance with those binding types, and (2) whole templates must get the verdict
# of the unpruned validator (which the tests above hold to the Python one): every binding type
# the schema names, in every binding shape its rules look at, on properties of every type,
# alone and in pairs, with the element types the template rules ask for.

def _schema_strings(prefix: str) -> list[str]:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and node.startswith(prefix) and " " not in node:
            found.add(node)

    walk(V._schema())
    return sorted(found)


_BPMN = _schema_strings("bpmn:")
BINDING_TYPES = [*_schema_strings("zeebe:"), *(s for s in _BPMN if "#" in s), "property",
                 "zeebe:unknown"]
_ELEMENT_TYPES = [s for s in _BPMN if "#" not in s and not s.endswith("EventDefinition")]
#: What a template applies to: unchanged, each element type, each event with each definition.
ELEMENTS: list[dict[str, Any]] = [
    {}, *({"appliesTo": [e], "elementType": {"value": e}} for e in _ELEMENT_TYPES),
    *({"appliesTo": [e], "elementType": {"value": e, "eventDefinition": d}}
      for e in _ELEMENT_TYPES if e.endswith("Event")
      for d in _BPMN if d.endswith("EventDefinition")),
    {"entriesVisible": {"outputs": True}},
]
FIELDS = ["type", "retries", "processId", "bindingType", "versionTag", "businessId",
          "propagateAllParentVariables", "propagateAllChildVariables", "expression",
          "resultVariable", "formId", "externalReference", "decisionId", "assignee",
          "candidateUsers", "priority", "outputCollection", "outputElement",
          "activeElementsCollection", "dueDate", "followUpDate", "resourceId", "agentType", "x"]


def _bindings(kind: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"type": kind}, {"type": kind, "name": "n"},
                                 {"type": kind, "key": "k"}, {"type": kind, "source": "=s"},
                                 {"type": kind, "eventType": "start"},
                                 {"type": kind, "eventType": "creating", "retries": "3"},
                                 {"type": kind, "name": "n", "headers": []},
                                 {"type": kind, "linkName": "l", "property": "resourceId"}]
    out += [{"type": kind, "property": f} for f in FIELDS]
    out += [{"type": kind, "name": f}
            for f in ("timeDate", "timeCycle", "condition", "variableEvents", "name")]
    return out


SHAPES: list[dict[str, Any]] = [
    {"type": "Hidden", "value": "v"}, {"type": "Hidden"}, {"type": "String", "feel": "optional"},
    {"type": "String", "feel": "required", "value": "=x"}, {"type": "Boolean", "value": True},
    {"type": "Number", "value": 5}, {"type": "Text", "value": "x" * 300},
    {"type": "Dropdown", "value": "versionTag", "choices": [{"name": "v", "value": "versionTag"}]},
    {"value": "2024-01-01T00:00:00Z"}, {"type": "Hidden", "value": True},
    {"type": "Hidden", "value": "latest"}, {"type": "Hidden", "value": "50"},
]


def _small(element: dict[str, Any], *props: tuple[dict[str, Any], dict[str, Any]]
           ) -> dict[str, Any]:
    """A template with just `props` ((binding, shape) each), applied as `element` says."""
    template: dict[str, Any] = {"$schema": V.SCHEMA_URL, "name": "n", "id": "i",
                                "appliesTo": ["bpmn:ServiceTask"], **element}
    template["properties"] = [{"id": f"p{i}", "label": "L", **shape, "binding": binding}
                              for i, (binding, shape) in enumerate(props)]
    return template


def _same_verdict(template: dict[str, Any]) -> bool:
    """The pruned verdict agrees with the unpruned one (returns that verdict)."""
    types = V._binding_types(template)
    assert types is not None
    full = V._fast("whole").is_valid(template)
    assert V._fast_pruned(types).is_valid(template) == full, template
    assert V._passes("whole", template) == full
    return bool(full)


@pytest.mark.parametrize("kind", BINDING_TYPES)
def test_pruned_verdict_per_binding_type(kind: str) -> None:
    verdicts = set()
    for binding in _bindings(kind):
        for shape in SHAPES:
            template = base()
            old = template["properties"][4]
            template["properties"][4] = {"id": old["id"], "label": old["label"], **shape,
                                         "binding": binding}
            verdicts.add(_same_verdict(template))
        for element in ELEMENTS:
            verdicts.add(_same_verdict(_small(element, (binding, SHAPES[0]))))
    assert verdicts == {True, False} or kind not in ("zeebe:input", "zeebe:calledElement")


#: Binding types the template rules combine ("a called element that propagates all child
#: variables has no zeebe:output", user task parts need zeebe:userTask, ad-hoc outputs, ...).
MIXED = ["zeebe:calledElement", "zeebe:output", "zeebe:userTask", "zeebe:taskListener",
         "zeebe:formDefinition", "zeebe:adHoc", "bpmn:Message#property", "zeebe:script",
         "zeebe:taskSchedule", "zeebe:calledDecision"]


def _pairs(rng: random.Random, kinds: tuple[str, str], count: int) -> list[bool]:
    return [_same_verdict(_small(rng.choice(ELEMENTS),
                                 *((rng.choice(_bindings(k)), rng.choice(SHAPES)) for k in kinds)))
            for _ in range(count)]


@pytest.mark.parametrize("kind", BINDING_TYPES)
def test_pruned_verdict_for_two_properties_of_one_binding_type(kind: str) -> None:
    _pairs(random.Random(kind), (kind, kind), 300)


def test_pruned_verdict_for_two_binding_types() -> None:
    rng = random.Random(8)
    verdicts = [v for a in MIXED for b in MIXED if a < b for v in _pairs(rng, (a, b), 60)]
    assert False in verdicts


def _on(element: str, **more: str) -> dict[str, Any]:
    return {"appliesTo": [element], "elementType": {"value": element, **more}}


def _p(kind: str, ptype: str, value: Any, feel: str | None = None, **binding: str
       ) -> tuple[dict[str, Any], dict[str, Any]]:
    shape = {"type": ptype, "value": value} | ({"feel": feel} if feel else {})
    return {"type": kind, **binding}, shape


#: Valid templates for the binding types whose rules need other properties or element types:
#: random templates almost never are, and a rule pruned by mistake only shows on a template
#: that nothing else rejects. Their one-step mutations sit on both sides of those rules.
SCENARIOS: dict[str, dict[str, Any]] = {
    "user task": _small(_on("bpmn:UserTask"), _p("zeebe:userTask", "Hidden", ""),
                        _p("zeebe:formDefinition", "String", "f", property="formId"),
                        _p("zeebe:assignmentDefinition", "String", "a", property="assignee"),
                        _p("zeebe:priorityDefinition", "Number", 50, property="priority"),
                        _p("zeebe:taskSchedule", "String", "2024-01-01T00:00:00Z",
                           property="dueDate"),
                        _p("zeebe:taskListener", "Hidden", "t", eventType="creating")),
    "business rule": _small(_on("bpmn:BusinessRuleTask"),
                            _p("zeebe:calledDecision", "String", "d", property="decisionId"),
                            _p("zeebe:calledDecision", "String", "r",
                               property="resultVariable")),
    "script": _small(_on("bpmn:ScriptTask"),
                     _p("zeebe:script", "String", "=1", "required", property="expression"),
                     _p("zeebe:script", "String", "r", property="resultVariable")),
    "call activity": _small(_on("bpmn:CallActivity"),
                            _p("zeebe:calledElement", "String", "p", property="processId"),
                            _p("zeebe:calledElement", "Boolean", True,
                               property="propagateAllChildVariables")),
    "ad-hoc": _small(_on("bpmn:AdHocSubProcess"),
                     _p("zeebe:adHoc", "String", "=x", "required",
                        property="activeElementsCollection"),
                     _p("zeebe:adHoc", "String", "c", property="outputCollection"),
                     _p("zeebe:adHoc", "String", "=e", "required", property="outputElement")),
    "listener": _small({"entriesVisible": {"executionListeners": False}},
                       _p("zeebe:executionListener", "Hidden", "l", eventType="start")),
    "signal": _small(_on("bpmn:IntermediateThrowEvent",
                         eventDefinition="bpmn:SignalEventDefinition"),
                     _p("bpmn:Signal#property", "String", "s", name="name")),
    "timer": _small(_on("bpmn:IntermediateCatchEvent",
                        eventDefinition="bpmn:TimerEventDefinition"),
                    _p("bpmn:TimerEventDefinition#property", "String", "PT1H",
                       name="timeDuration")),
    "conditional": _small(_on("bpmn:IntermediateCatchEvent",
                              eventDefinition="bpmn:ConditionalEventDefinition"),
                          _p("bpmn:ConditionalEventDefinition#property", "String", "=x",
                             "required", name="condition")),
    "message": _small(_on("bpmn:ReceiveTask"),
                      _p("bpmn:Message#property", "String", "m", name="name"),
                      _p("bpmn:Message#zeebe:subscription#property", "String", "=k",
                         "required", name="correlationKey")),
    "agent": _small(_on("bpmn:ServiceTask"),
                    _p("zeebe:agentDefinition", "Hidden", "aiAgentTask", property="agentType")),
    "linked resource": _small({}, _p("zeebe:linkedResource", "Hidden", "r", linkName="l",
                                     property="resourceId")),
}


def _one_step(template: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Templates one change away from `template`."""
    props = template["properties"]
    for element in ELEMENTS:
        yield template | element
    extras = [(b, shape) for kind in MIXED for b in _bindings(kind)[::4] for shape in SHAPES[:2]]
    for binding, shape in extras:
        yield template | {"properties": [*props, {"id": "extra", **shape, "binding": binding}]}
    for index, prop in enumerate(props):
        def swap(new: dict[str, Any], index: int = index) -> dict[str, Any]:
            return template | {"properties": [*props[:index], new, *props[index + 1:]]}

        yield template | {"properties": props[:index] + props[index + 1:]}
        for shape in SHAPES:
            yield swap({"id": prop["id"], **shape, "binding": prop["binding"]})
        for key in prop["binding"]:
            for other in [*FIELDS[::2], *BINDING_TYPES, "name", "condition"]:
                yield swap(prop | {"binding": prop["binding"] | {key: other}})
        for value in (True, 5, "", "=x", "latest", "versionTag", "x" * 300):
            yield swap(prop | {"value": value})
        yield swap({k: v for k, v in prop.items() if k != "value"})
        yield swap(prop | {"feel": "required"})


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_pruned_verdict_next_to_valid_templates(name: str) -> None:
    template = SCENARIOS[name]
    assert _same_verdict(template), V._schema_problems(template)
    verdicts = [_same_verdict(changed) for changed in _one_step(template)]
    assert True in verdicts and False in verdicts


def _instances(level: str, kinds: frozenset[str], rng: random.Random) -> list[Any]:
    """Instances at `level` whose binding types are all in `kinds` (the facts pruning uses)."""
    bindings = [b for kind in sorted(kinds) for b in _bindings(kind)]
    if level == "binding":
        return bindings
    props = [{**shape, "binding": b} for b in bindings for shape in SHAPES]
    if level == "property":
        return rng.sample(props, min(len(props), 600))
    arrays = [[], *([p] for p in props[::7]),
              *(rng.sample(props, rng.randint(2, 4)) for _ in range(200))]
    if level == "array":
        return arrays
    return [{"name": "n", "id": "i", "appliesTo": ["bpmn:ServiceTask"], **rng.choice(ELEMENTS),
             "properties": array} for array in arrays]


@pytest.mark.parametrize("extra", [None, *BINDING_TYPES])
def test_what_pruning_drops_never_holds(extra: str | None, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    kinds = V._USUAL_BINDINGS | ({extra} if extra else set())
    dropped: list[tuple[Any, str]] = []
    never = V._never

    def spy(schema: Any, level: str, types: frozenset[str], depth: int) -> bool:
        found = never(schema, level, types, depth)
        if found and depth == 0:
            dropped.append((schema, level))
        return bool(found)

    monkeypatch.setattr(V, "_never", spy)
    V._pruned_root(kinds)
    assert dropped
    rng = random.Random(extra)
    schema = V._schema()
    for condition, level in dropped:
        check = _check_of(id(condition), condition, schema)
        assert not any(check.is_valid(x) for x in _instances(level, kinds, rng)), condition


_CHECKS: dict[int, Any] = {}


def _check_of(key: int, condition: Any, schema: dict[str, Any]) -> Any:
    """A validator for the `if` schema `condition` (its $refs resolve in the vendored schema)."""
    if key not in _CHECKS:
        import jsonschema_rs

        _CHECKS[key] = jsonschema_rs.Draft7Validator(
            {"$schema": schema["$schema"], "$id": schema["$id"],
             "definitions": schema["definitions"], "allOf": [condition]},
            validate_formats=False)
    return _CHECKS[key]


@pytest.mark.parametrize("index", range(0, 240, 9))
def test_pruned_verdict_agrees_with_python_on_a_sample(index: int) -> None:
    kind = BINDING_TYPES[index % len(BINDING_TYPES)]
    template = _small(ELEMENTS[index % len(ELEMENTS)],
                      (_bindings(kind)[index % 20], SHAPES[index % len(SHAPES)]),
                      ({"type": "zeebe:input", "name": "x"}, SHAPES[(index // 3) % len(SHAPES)]))
    assert V._passes("whole", template) == (not V._findings("whole", template))


def test_binding_types_decide_which_validator() -> None:
    template = base()
    assert V._binding_types(template) == V._USUAL_BINDINGS
    template["properties"][3]["binding"] = {"type": "zeebe:output", "source": "=x"}
    assert V._binding_types(template) == V._USUAL_BINDINGS | {"zeebe:output"}
    for broken in ("junk", {"binding": "zeebe:input"}, {"binding": {"name": "x"}},
                   {"binding": {"type": 5}}, OrderedDict(binding={"type": "zeebe:input"})):
        template = base()
        template["properties"].append(broken)
        assert V._binding_types(template) is None  # the unpruned validator decides
        assert not V._passes("whole", template)
    assert V._binding_types({"properties": "x"}) is None
    assert V._binding_types([]) is None


def test_pruning_drops_most_rules() -> None:
    pruned = V._pruned_root(V._USUAL_BINDINGS)
    full = json.dumps(V._schema()["definitions"])
    assert json.dumps(pruned["allOf"]).count('"if"') * 2 < full.count('"if"')
    # what is referenced from outside the pruned parts stays whole
    assert pruned["definitions"] is V._schema()["definitions"]
