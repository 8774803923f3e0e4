"""The one-pass semantic rules of `converter.validate` report what the plain rules report.

`semantic_problems` keeps per-template indexes (the choices of each property id so far, the
`_admits` of each condition, the header expectations) and looks strings up without encoding
them. `_reference` below is the straightforward form of the same rules (how they read before
those shortcuts): on fuzzed templates both must give the same (code, message) list, in the same
order. The named tests pin messages and order for the cases a wrong shortcut would get wrong.
"""

from __future__ import annotations

import copy
import importlib
import json
import random
from collections.abc import Iterator
from typing import Any

import pytest

from tests.test_validate import base, prop

V = importlib.import_module("converter.validate")


# -- the reference: every rule evaluated plainly, property by property --------------------------

def _conditions(cond: Any) -> Iterator[dict[str, Any]]:
    if not isinstance(cond, dict):
        return
    if isinstance(cond.get("allMatch"), list):
        for c in cond["allMatch"]:
            yield from _conditions(c)
    else:
        yield cond


def _admits(cond: Any) -> dict[tuple[Any, str], frozenset[str]]:
    out: dict[tuple[Any, str], frozenset[str]] = {}
    for c in _conditions(cond):
        target = c.get("property")
        if "equals" in c:
            out[(target, "value")] = frozenset({_enc(c["equals"])})
        elif isinstance(c.get("oneOf"), list):
            out[(target, "value")] = frozenset(_enc(v) for v in c["oneOf"])
        for kind in ("isActive", "isEmpty"):
            if kind in c:
                out[(target, kind)] = frozenset({_enc(c[kind])})
    return out


def _enc(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _exclusive(a: Any, b: Any) -> bool:
    left, right = _admits(a), _admits(b)
    return any(key in right and not (allowed & right[key]) for key, allowed in left.items())


def _reference(t: dict[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []

    def add(code: str, message: str) -> None:
        problems.append((code, message))

    V._check_header(t, add)
    props = [p for p in t.get("properties") or [] if isinstance(p, dict)]
    groups = [g for g in t.get("groups") or [] if isinstance(g, dict)]
    group_ids = [g.get("id") for g in groups]
    for gid in sorted({g for g in group_ids if group_ids.count(g) > 1}, key=str):
        add("template.unique-group-id", f"group id {gid!r} is declared more than once")
    used_groups = {p.get("group") for p in props}
    for gid in dict.fromkeys(group_ids):
        if gid not in used_groups:
            add("template.empty-group", f"group {gid!r} has no properties")
    earlier: dict[Any, list[dict[str, Any]]] = {}
    all_ids = {p.get("id") for p in props if p.get("id") is not None}
    for index, p in enumerate(props):
        pid = p.get("id")
        label = f"property {pid!r}" if pid is not None else f"property #{index}"
        if p.get("group") is not None and p.get("group") not in group_ids:
            add("template.group-target-exists", f"{label}: group {p['group']!r} is not declared")
        if pid is not None and any(not _exclusive(q.get("condition"), p.get("condition"))
                                   for q in earlier.get(pid, [])):
            add("template.unique-property-id",
                f"{label}: id used before, and the conditions do not exclude each other")
        conditions = [(p.get("condition"), label)] + [
            (ch.get("condition"), f"{label} choice {ch.get('value')!r}")
            for ch in p.get("choices") or [] if isinstance(ch, dict) and "condition" in ch]
        for cond, where in conditions:
            for c in _conditions(cond):
                _reference_condition(c, pid, where, earlier, all_ids, add)
        _reference_property(p, label, t, add)
        if pid is not None:
            earlier.setdefault(pid, []).append(p)
    return problems


def _reference_condition(c: dict[str, Any], pid: Any, label: str,
                         earlier: dict[Any, list[dict[str, Any]]], all_ids: set[Any],
                         add: Any) -> None:
    target = c.get("property")
    if target is None:
        return
    if target == pid:
        add("template.condition-property-order", f"{label}: condition refers to itself")
    elif target not in earlier:
        if target in all_ids:
            add("template.condition-property-order",
                f"{label}: condition refers to {target!r}, which is defined later")
        else:
            add("template.condition-target-exists",
                f"{label}: condition refers to {target!r}, which is not defined")
    elif all(s.get("type") == "Dropdown" for s in earlier[target]):
        choices = {_enc(ch.get("value")) for s in earlier[target]
                   for ch in s.get("choices") or [] if isinstance(ch, dict)}
        values = [c["equals"]] if "equals" in c else c.get("oneOf") or []
        bad = [v for v in values if _enc(v) not in choices]
        if bad:
            add("template.condition-value-in-choices",
                f"{label}: condition value(s) {', '.join(map(_enc, bad))} "
                f"not among the choices of {target!r}")


def _reference_property(p: dict[str, Any], label: str, t: dict[str, Any], add: Any) -> None:
    binding: dict[str, Any] = p["binding"] if isinstance(p.get("binding"), dict) else {}
    value = p.get("value")
    if p.get("type") == "Dropdown" and "value" in p:
        choices = [ch.get("value") for ch in p.get("choices") or [] if isinstance(ch, dict)]
        if value not in choices:
            add("template.default-value-in-choices", f"{label}: default {value!r} is not a choice")
    if p.get("feel") == "required" and isinstance(value, str) and not value.startswith("="):
        add("template.feel-prefix", f"{label}: a feel: required value should start with '='")
    if binding.get("type") == "zeebe:taskDefinition:type":
        add("template.task-definition-binding",
            f"{label}: binding zeebe:taskDefinition:type is deprecated; use "
            "zeebe:taskDefinition with property 'type'")
    if (p.get("type") == "Hidden" and "value" not in p and "generatedValue" not in p
            and binding.get("type") != "zeebe:userTask"):
        add("template.hidden-without-value", f"{label}: Hidden property without value")
    if p.get("optional") is True and binding.get("type") == "zeebe:input" and not V._pre_88(t):
        add("template.optional-input",
            f"{label}: optional on zeebe:input is deprecated for Camunda 8.8+; leave the input "
            "empty instead")
    if p.get("editable") is False and p.get("feel") == "optional":
        add("template.editable-feel", f"{label}: editable: false with feel: optional")
    if binding.get("type") == "zeebe:taskHeader" and "version" in t and "id" in t:
        expected = {"elementTemplateVersion": str(t["version"]), "elementTemplateId": t["id"]}
        key = binding.get("key")
        if key in expected and value != expected[key]:
            add("template.version-consistency",
                f"{label}: header {key} is {value!r}, the template says {expected[key]!r}")


# -- fuzzing -------------------------------------------------------------------------------------

IDS = ["mode", "kind", "petId", "xRequestId", "later", None]
VALUES: list[Any] = ["a", "b", "c", 1, 1.0, True, False, "1", "true", None, "", "ä", [1], {"x": 1}]
GROUPS = ["parameters", "output", "nope", None]


def _cond(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if roll < 0.05:
        return rng.choice(["junk", 3, None, []])
    if roll < 0.3 and depth < 2:
        return {"allMatch": [_cond(rng, depth + 1) for _ in range(rng.randint(0, 3))]}
    c: dict[str, Any] = {} if rng.random() < 0.05 else {"property": rng.choice(IDS)}
    form = rng.choice(["equals", "oneOf", "isActive", "isEmpty", "equals+isActive", "none"])
    if "equals" in form:
        c["equals"] = rng.choice(VALUES)
    if form == "oneOf":
        c["oneOf"] = rng.sample(VALUES, rng.randint(0, 4))
    if "isActive" in form:
        c["isActive"] = rng.choice([True, False])
    if form == "isEmpty":
        c["isEmpty"] = rng.choice([True, False, "yes"])
    return c


def _property(rng: random.Random) -> dict[str, Any]:
    p: dict[str, Any] = {"type": rng.choice(["Dropdown", "Dropdown", "String", "Hidden", "Text"])}
    pid = rng.choice(IDS)
    if pid is not None:
        p["id"] = pid
    if rng.random() < 0.8:
        p["value"] = rng.choice(VALUES)
    if p["type"] == "Dropdown" or rng.random() < 0.1:
        p["choices"] = []
        for _ in range(rng.randint(0, 4)):
            ch: dict[str, Any] = {"name": "n", "value": rng.choice(VALUES)}
            if rng.random() < 0.1:
                del ch["value"]
            if rng.random() < 0.15:
                ch["condition"] = _cond(rng)
            p["choices"].append(ch)
        if rng.random() < 0.05:
            p["choices"].append("junk")
    if rng.random() < 0.6:
        p["condition"] = _cond(rng)
    group = rng.choice(GROUPS)
    if group is not None:
        p["group"] = group
    kind = rng.choice(["zeebe:input", "zeebe:taskHeader", "zeebe:taskDefinition:type",
                       "zeebe:userTask", None])
    p["binding"] = {"type": kind, "name": "x"} if kind else rng.choice([{}, "zeebe:input"])
    if kind == "zeebe:taskHeader":
        p["binding"]["key"] = rng.choice(["elementTemplateVersion", "elementTemplateId", "k"])
    for key, choices in (("feel", ["required", "optional"]), ("optional", [True, False, 1]),
                         ("editable", [False, 0]), ("generatedValue", [{"type": "uuid"}])):
        if rng.random() < 0.15:
            p[key] = rng.choice(choices)
    return p


def _fuzzed(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    t = base()
    props = t["properties"]
    for _ in range(rng.randint(1, 12)):
        props.insert(rng.randint(0, len(props)), _property(rng))
    if rng.random() < 0.1:
        props.insert(rng.randint(0, len(props)), "junk")
    if rng.random() < 0.2:
        t["groups"].append({"id": rng.choice(["parameters", "extra"]), "label": "L"})
    if rng.random() < 0.2:
        t["engines"] = {"camunda": rng.choice(["^8.6", "^8.8", ">=8.9"])}
    if rng.random() < 0.2:
        t["version"] = rng.choice([1, 2, "2"])
    return t


@pytest.mark.parametrize("seed", range(600))
def test_fuzzed_templates_match_the_reference(seed: int) -> None:
    t = _fuzzed(seed)
    assert V.semantic_problems(t) == _reference(t)


def test_fuzzing_reaches_every_condition_rule() -> None:
    codes = {code for seed in range(600) for code, _ in _reference(_fuzzed(seed))}
    assert {"template.condition-property-order", "template.condition-target-exists",
            "template.condition-value-in-choices", "template.unique-property-id",
            "template.default-value-in-choices", "template.group-target-exists",
            "template.version-consistency", "template.optional-input",
            "template.hidden-without-value"} <= codes


# -- named cases: messages and order ------------------------------------------------------------

def _mode(values: list[Any], pid: str = "mode", **extra: Any) -> dict[str, Any]:
    return {"id": pid, "label": "Mode", "group": "parameters", "type": "Dropdown",
            "value": values[0], "choices": [{"name": str(v), "value": v} for v in values],
            "binding": {"type": "zeebe:input", "name": pid}, **extra}


def _with(*props: dict[str, Any]) -> dict[str, Any]:
    """The base template with `props` inserted before xRequestId."""
    t = base()
    at = t["properties"].index(prop(t, "xRequestId"))
    t["properties"][at:at] = list(props)
    return t


def _user(pid: str, condition: Any) -> dict[str, Any]:
    return {"id": pid, "label": "U", "group": "parameters", "type": "String", "value": "",
            "binding": {"type": "zeebe:input", "name": pid}, "condition": condition}


def test_condition_on_a_later_property_is_reported_with_its_message() -> None:
    t = _with(_user("first", {"property": "mode", "equals": "a"}), _mode(["a", "b"]))
    assert V.semantic_problems(t) == [(
        "template.condition-property-order",
        "property 'first': condition refers to 'mode', which is defined later")]


def test_values_not_among_the_choices_compare_as_json() -> None:
    # Python equality would take 1 for True and 1.0 for 1; the rule compares JSON texts
    t = _with(_mode(["1", True, 1.0, None]),
              _user("u", {"allMatch": [{"property": "mode", "equals": 1},
                                       {"property": "mode", "oneOf": ["1", True, 1, 1.0, "a"]},
                                       {"property": "mode", "equals": "true"},
                                       {"property": "mode", "equals": None}]}))
    assert V.semantic_problems(t) == [
        ("template.condition-value-in-choices",
         "property 'u': condition value(s) 1 not among the choices of 'mode'"),
        ("template.condition-value-in-choices",
         "property 'u': condition value(s) 1, \"a\" not among the choices of 'mode'"),
        ("template.condition-value-in-choices",
         "property 'u': condition value(s) \"true\" not among the choices of 'mode'"),
    ]
    assert V.semantic_problems(t) == _reference(t)


def test_choices_of_an_id_grow_with_each_dropdown_of_that_id() -> None:
    # "c" is a choice of the second `mode` only: a condition between the two does not see it
    before = _user("u1", {"property": "mode", "equals": "c"})
    after = _user("u2", {"property": "mode", "equals": "c"})
    t = _with(_mode(["a"], condition={"property": "petId", "isActive": True}), before,
              _mode(["c"], condition={"property": "petId", "isActive": False}), after)
    assert V.semantic_problems(t) == [(
        "template.condition-value-in-choices",
        "property 'u1': condition value(s) \"c\" not among the choices of 'mode'")]
    # once a property of that id is not a Dropdown, values are not checked any more
    other = {**_user("mode", {"property": "petId", "isActive": False}), "type": "String"}
    t = _with(_mode(["a"], condition={"property": "petId", "isActive": True}),
              _user("u1", {"property": "mode", "equals": "z"}), other,
              _user("u2", {"property": "mode", "equals": "z"}))
    assert [m for _, m in V.semantic_problems(t)] == [
        "property 'u1': condition value(s) \"z\" not among the choices of 'mode'"]
    assert V.semantic_problems(t) == _reference(t)


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
    assert V.semantic_problems(t) == [
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
    assert V.semantic_problems(t) == _reference(t)


def test_duplicate_ids_against_every_earlier_twin() -> None:
    # the third `x` excludes the second but not the first: reported once, for the third
    t = _with(_mode(["a", "b", "c"]), _user("x", {"property": "mode", "oneOf": ["a", "b"]}),
              _user("x", {"property": "mode", "equals": "c"}),
              _user("x", {"property": "mode", "equals": "b"}))
    assert V.semantic_problems(t) == [(
        "template.unique-property-id",
        "property 'x': id used before, and the conditions do not exclude each other")]
    assert V.semantic_problems(t) == _reference(t)


def test_header_and_engine_rules_per_property() -> None:
    t = base()
    t["version"] = 3
    t["properties"].append({"id": "v", "type": "Hidden", "value": "2",
                            "binding": {"type": "zeebe:taskHeader",
                                        "key": "elementTemplateVersion"}})
    t["properties"].append({"id": "o1", "type": "String", "optional": True,
                            "binding": {"type": "zeebe:input", "name": "o1"}})
    assert V.semantic_problems(t) == [
        ("template.version-consistency",
         "property 'v': header elementTemplateVersion is '2', the template says '3'"),
        ("template.optional-input",
         "property 'o1': optional on zeebe:input is deprecated for Camunda 8.8+; leave the "
         "input empty instead"),
    ]
    t["engines"] = {"camunda": "^8.6"}
    assert [code for code, _ in V.semantic_problems(t)] == ["template.version-consistency"]
