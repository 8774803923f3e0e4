"""Camunda's semantic rules, one by one, and a property against the rules stated directly.

The named tests pin codes, messages and their order. The property holds the rules that keep
state while reading the properties (what each id offers to later conditions) to the same
rules stated directly, property by property, over the properties before it.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.diagnostics import Severity
from converter.validate import RULES, schema_version, validate
from converter.validate.schema import SCHEMA_URL, json_text
from converter.validate.semantic import _exclusive, _simple, semantic_problems
from tests.validate.support import Template, base, prop


def errors(t: Any) -> set[str]:
    return {d.code for d in validate(t) if d.severity is Severity.ERROR}


def warnings(t: Any) -> set[str]:
    return {d.code for d in validate(t) if d.severity is Severity.WARNING}


def _dropdown_then(t: Template, *clauses: dict[str, Any], dup: bool = False) -> None:
    """Insert a Dropdown `mode` (a|b) before xRequestId and give xRequestId conditions."""
    props = t["properties"]
    at = props.index(prop(t, "xRequestId"))
    props.insert(at, {"id": "mode", "label": "Mode", "group": "parameters", "type": "Dropdown",
                      "value": "a", "choices": [{"name": "A", "value": "a"},
                                                {"name": "B", "value": "b"}],
                      "binding": {"type": "zeebe:input", "name": "mode"}})
    x = props[at + 1]
    x["condition"] = clauses[0]
    if dup:
        twin = copy.deepcopy(x)
        twin["condition"] = clauses[1]
        props.insert(at + 2, twin)


def _mode(values: list[Any], pid: str = "mode", **extra: Any) -> dict[str, Any]:
    return {"id": pid, "label": "Mode", "group": "parameters", "type": "Dropdown",
            "value": values[0], "choices": [{"name": str(v), "value": v} for v in values],
            "binding": {"type": "zeebe:input", "name": pid}, **extra}


def _with(*props: dict[str, Any]) -> Template:
    """The base template with `props` inserted before xRequestId."""
    t = base()
    at = t["properties"].index(prop(t, "xRequestId"))
    t["properties"][at:at] = list(props)
    return t


def _user(pid: str, condition: Any) -> dict[str, Any]:
    return {"id": pid, "label": "U", "group": "parameters", "type": "String", "value": "",
            "binding": {"type": "zeebe:input", "name": pid}, "condition": condition}


# -- conditions ----------------------------------------------------------------------------------

def test_condition_property_order() -> None:
    t = base()
    prop(t, "petId")["condition"] = {"property": "xRequestId", "isActive": True}  # later
    assert errors(t) == {"template.condition-property-order"}
    t = base()
    prop(t, "xRequestId")["condition"] = {"property": "petId", "isActive": True}  # earlier
    assert errors(t) == set()


def test_condition_on_a_later_property_is_reported_with_its_message() -> None:
    t = _with(_user("first", {"property": "mode", "equals": "a"}), _mode(["a", "b"]))
    assert semantic_problems(t) == [(
        "template.condition-property-order",
        "property 'first': condition refers to 'mode', which is defined later")]


def test_condition_target_exists() -> None:
    t = base()
    prop(t, "xRequestId")["condition"] = {"allMatch": [
        {"property": "petId", "isActive": True}, {"property": "nope", "equals": "x"}]}
    assert semantic_problems(t) == [(
        "template.condition-target-exists",
        "property 'xRequestId': condition refers to 'nope', which is not defined")]


def test_condition_value_in_choices() -> None:
    t = base()
    _dropdown_then(t, {"property": "mode", "equals": "c"})
    assert errors(t) == {"template.condition-value-in-choices"}
    t = base()
    _dropdown_then(t, {"property": "mode", "oneOf": ["a", "z"]})
    assert errors(t) == {"template.condition-value-in-choices"}
    t = base()
    _dropdown_then(t, {"property": "mode", "oneOf": ["a", "b"]})
    assert errors(t) == set()


def test_values_not_among_the_choices_compare_as_json() -> None:
    # Python equality would take 1 for True and 1.0 for 1; the rule compares JSON texts
    t = _with(_mode(["1", True, 1.0, None]),
              _user("u", {"allMatch": [{"property": "mode", "equals": 1},
                                       {"property": "mode", "oneOf": ["1", True, 1, 1.0, "a"]},
                                       {"property": "mode", "equals": "true"},
                                       {"property": "mode", "equals": None}]}))
    assert semantic_problems(t) == [
        ("template.condition-value-in-choices",
         "property 'u': condition value(s) 1 not among the choices of 'mode'"),
        ("template.condition-value-in-choices",
         "property 'u': condition value(s) 1, \"a\" not among the choices of 'mode'"),
        ("template.condition-value-in-choices",
         "property 'u': condition value(s) \"true\" not among the choices of 'mode'"),
    ]


def test_choices_of_an_id_grow_with_each_dropdown_of_that_id() -> None:
    # "c" is a choice of the second `mode` only: a condition between the two does not see it;
    # after both, the choices of both count
    before = _user("u1", {"property": "mode", "equals": "c"})
    after = _user("u2", {"property": "mode", "oneOf": ["c", "a"]})
    t = _with(_mode(["a"], condition={"property": "petId", "isActive": True}), before,
              _mode(["c"], condition={"property": "petId", "isActive": False}), after)
    assert semantic_problems(t) == [(
        "template.condition-value-in-choices",
        "property 'u1': condition value(s) \"c\" not among the choices of 'mode'")]
    # once a property of that id is not a Dropdown, values are not checked any more
    other = {**_user("mode", {"property": "petId", "isActive": False}), "type": "String"}
    t = _with(_mode(["a"], condition={"property": "petId", "isActive": True}),
              _user("u1", {"property": "mode", "equals": "z"}), other,
              _user("u2", {"property": "mode", "equals": "z"}))
    assert [m for _, m in semantic_problems(t)] == [
        "property 'u1': condition value(s) \"z\" not among the choices of 'mode'"]


def test_conditions_on_choices_are_checked() -> None:
    t = base()
    _dropdown_then(t, {"property": "mode", "equals": "a"})
    prop(t, "mode")["choices"][1]["condition"] = {"property": "later", "equals": "x"}
    assert errors(t) == {"template.condition-target-exists"}


def test_choice_conditions_and_problem_order() -> None:
    t = _with(_mode(["a", "b"]))
    mode = prop(t, "mode")
    mode["choices"][1]["condition"] = {"allMatch": ["junk", {"allMatch": [
        {"property": "nope", "equals": "x"}, {"property": "xRequestId", "isActive": True}]}]}
    mode["condition"] = {"property": "mode", "isActive": True}
    mode["group"] = "undeclared"
    mode["value"] = "zz"
    twin = copy.deepcopy(prop(t, "petId"))
    t["properties"].insert(t["properties"].index(mode) + 1, twin)
    assert semantic_problems(t) == [
        ("template.group-target-exists", "property 'mode': group 'undeclared' is not declared"),
        ("template.condition-property-order", "property 'mode': condition refers to itself"),
        ("template.condition-target-exists",
         "property 'mode' choice 'b': condition refers to 'nope', which is not defined"),
        ("template.condition-property-order",
         "property 'mode' choice 'b': condition refers to 'xRequestId', which is defined later"),
        ("template.default-value-in-choices", "property 'mode': default 'zz' is not a choice"),
        ("template.unique-property-id",
         "property 'petId': id used before, and the conditions do not exclude each other"),
    ]


# -- ids and groups ------------------------------------------------------------------------------

def test_unique_property_id() -> None:
    t = base()
    t["properties"].append(copy.deepcopy(prop(t, "petId")))
    assert errors(t) == {"template.unique-property-id"}


def test_duplicate_ids_allowed_when_conditions_exclude_each_other() -> None:
    t = base()
    _dropdown_then(t, {"property": "mode", "equals": "a"}, {"property": "mode", "equals": "b"},
                   dup=True)
    assert errors(t) == set()
    t = base()
    _dropdown_then(t, {"property": "mode", "oneOf": ["a", "b"]},
                   {"property": "mode", "equals": "b"}, dup=True)
    assert errors(t) == {"template.unique-property-id"}
    t = base()
    _dropdown_then(t, {"allMatch": [{"property": "mode", "equals": "a"},
                                    {"property": "petId", "isActive": True}]},
                   {"property": "mode", "equals": "b"}, dup=True)
    assert errors(t) == set()


def test_duplicate_ids_against_every_earlier_twin() -> None:
    # the third `x` excludes the second but not the first: reported once, for the third
    t = _with(_mode(["a", "b", "c"]), _user("x", {"property": "mode", "oneOf": ["a", "b"]}),
              _user("x", {"property": "mode", "equals": "c"}),
              _user("x", {"property": "mode", "equals": "b"}))
    assert semantic_problems(t) == [(
        "template.unique-property-id",
        "property 'x': id used before, and the conditions do not exclude each other")]


def test_groups() -> None:
    t = base()
    t["groups"].append({"id": "output", "label": "Again"})
    assert errors(t) == {"template.unique-group-id"}
    t = base()
    t["groups"].append({"id": "unused", "label": "Unused"})
    assert errors(t) == {"template.empty-group"}
    t = base()
    prop(t, "petId")["group"] = "undeclared"
    assert errors(t) == {"template.group-target-exists"}


# -- one property at a time ----------------------------------------------------------------------

def test_default_value_in_choices() -> None:
    t = base()
    _dropdown_then(t, {"property": "mode", "equals": "a"})
    prop(t, "mode")["value"] = "c"
    assert errors(t) == {"template.default-value-in-choices"}


def test_feel_prefix_is_a_warning() -> None:
    t = base()
    prop(t, "errorExpression")["value"] = "null"
    assert errors(t) == set()
    assert warnings(t) == {"template.feel-prefix"}
    prop(t, "errorExpression")["value"] = "=null"
    assert warnings(t) == set()


def test_version_consistency() -> None:
    t = base()
    t["properties"].append({"type": "Hidden", "value": "1",
                            "binding": {"type": "zeebe:taskHeader",
                                        "key": "elementTemplateVersion"}})
    t["properties"].append({"type": "Hidden", "value": t["id"],
                            "binding": {"type": "zeebe:taskHeader", "key": "elementTemplateId"}})
    assert errors(t) == set()
    t["version"] = 2
    assert errors(t) == {"template.version-consistency"}


def test_header_and_engine_rules_per_property() -> None:
    t = base()
    t["version"] = 3
    t["properties"].append({"id": "v", "type": "Hidden", "value": "2",
                            "binding": {"type": "zeebe:taskHeader",
                                        "key": "elementTemplateVersion"}})
    t["properties"].append({"id": "o1", "type": "String", "optional": True,
                            "binding": {"type": "zeebe:input", "name": "o1"}})
    assert semantic_problems(t) == [
        ("template.version-consistency",
         "property 'v': header elementTemplateVersion is '2', the template says '3'"),
        ("template.optional-input",
         "property 'o1': optional on zeebe:input is deprecated for Camunda 8.8+; leave the "
         "input empty instead"),
    ]
    t["engines"] = {"camunda": "^8.6"}
    assert [code for code, _ in semantic_problems(t)] == ["template.version-consistency"]


# -- the template's header -----------------------------------------------------------------------

@pytest.mark.parametrize(("value", "codes"), [
    (SCHEMA_URL, set()),
    (f"https://unpkg.com/@camunda/zeebe-element-templates-json-schema@{schema_version()}"
     "/resources/schema.json", set()),
    ("https://unpkg.com/@camunda/zeebe-element-templates-json-schema@0.9.1/resources/schema.json",
     set()),
    ("https://unpkg.com/@camunda/zeebe-element-templates-json-schema@99.0.0/resources/schema.json",
     {"template.schema-version"}),
    ("https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json",
     {"template.schema-url"}),
])
def test_schema_url(value: str, codes: set[str]) -> None:
    t = base()
    t["$schema"] = value
    assert errors(t) == codes


@pytest.mark.parametrize(("applies", "element", "codes"), [
    (["bpmn:Task"], "bpmn:ServiceTask", set()),
    (["bpmn:ServiceTask"], "bpmn:ServiceTask", set()),
    (["bpmn:Task", "bpmn:SendTask"], "bpmn:ServiceTask", set()),
    (["bpmn:SendTask"], "bpmn:ServiceTask", {"template.element-type"}),
    (["bpmn:Task", "bpmn:IntermediateThrowEvent"], "bpmn:ServiceTask",
     {"template.element-type"}),
    (["bpmn:Task"], "bpmn:Unknown", set()),   # unknown to our table: left to the Modeler
])
def test_element_type(applies: list[str], element: str, codes: set[str]) -> None:
    t = base()
    t["appliesTo"] = applies
    t["elementType"] = {"value": element}
    assert errors(t) == codes


# -- the property --------------------------------------------------------------------------------

# Few ids and values, so that properties share ids and conditions meet the values offered;
# the odd values are the ones JSON tells apart from "a" and "b" differently than Python does.
values = st.sampled_from(["a", "b", "a", "b", "a", "b", 1, 1.0, True, "1", None, [1]])
targets = st.sampled_from(["mode", "kind", "mode", "kind", "later"])
equals = st.builds(dict, property=targets, equals=values)
simple = (equals | equals | st.builds(dict, property=targets, oneOf=st.lists(values, max_size=3))
          | st.builds(dict, property=targets, isActive=st.booleans())
          | st.sampled_from([{}, "junk"]))
conditions = simple | st.lists(simple | st.builds(lambda c: {"allMatch": [c]}, simple),
                               max_size=3).map(lambda cs: {"allMatch": cs})
choice = st.builds(dict, name=st.just("n"), value=values)
choices = st.lists(choice | choice | st.builds(dict, name=st.just("n"), value=values,
                                               condition=conditions)
                   | st.sampled_from([{"name": "no value"}, "junk"]), max_size=3)


def _property(**fields: Any) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


properties = st.builds(_property, id=targets | st.none(),
                       type=st.sampled_from(["Dropdown", "Dropdown", "String"]),
                       choices=choices, condition=conditions)


@st.composite
def templates(draw: st.DrawFn) -> Template:
    """A template with 3 to 12 random properties sharing a few ids, maybe with junk among."""
    props: list[Any] = draw(st.lists(properties, min_size=3, max_size=12))
    if draw(st.booleans()):
        props.insert(draw(st.integers(0, len(props))), "junk")
    return {"$schema": SCHEMA_URL, "properties": props}


STATEFUL = ("template.unique-property-id", "template.condition-property-order",
            "template.condition-target-exists", "template.condition-value-in-choices")


def _stated_directly(t: Template) -> list[tuple[str, str]]:
    """The STATEFUL rules, each property checked against the list of properties before it."""
    props = [p for p in t["properties"] if isinstance(p, dict)]
    out: list[tuple[str, str]] = []
    for index, p in enumerate(props):
        pid = p.get("id")
        label = f"property {pid!r}" if pid is not None else f"property #{index}"
        before = props[:index]
        if pid is not None and any(q.get("id") == pid and not _exclusive(q.get("condition"),
                                                                          p.get("condition"))
                                   for q in before):
            out.append((STATEFUL[0], f"{label}: id used before, and the conditions do not "
                                     "exclude each other"))
        whole = [(p.get("condition"), label)] + [
            (ch.get("condition"), f"{label} choice {ch.get('value')!r}")
            for ch in p.get("choices") or [] if isinstance(ch, dict) and "condition" in ch]
        for cond, where in whole:
            for c in _simple(cond):
                target = c.get("property")
                same = [q for q in before if q.get("id") == target]
                if target is None:
                    continue
                if target == pid:
                    out.append((STATEFUL[1], f"{where}: condition refers to itself"))
                elif not same and any(q.get("id") == target for q in props):
                    out.append((STATEFUL[1], f"{where}: condition refers to {target!r}, "
                                             "which is defined later"))
                elif not same:
                    out.append((STATEFUL[2], f"{where}: condition refers to {target!r}, "
                                             "which is not defined"))
                elif all(q.get("type") == "Dropdown" for q in same):
                    offered = [json_text(ch.get("value")) for q in same
                               for ch in q.get("choices") or [] if isinstance(ch, dict)]
                    asked = [c["equals"]] if "equals" in c else c.get("oneOf") or []
                    bad = [json_text(v) for v in asked if json_text(v) not in offered]
                    if bad:
                        out.append((STATEFUL[3], f"{where}: condition value(s) {', '.join(bad)} "
                                                 f"not among the choices of {target!r}"))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates())
def test_rules_with_state_agree_with_the_rules_stated_directly(t: Template) -> None:
    found = semantic_problems(t)
    assert {code for code, _ in found} <= set(RULES)
    assert [f for f in found if f[0] in STATEFUL] == _stated_directly(t)
