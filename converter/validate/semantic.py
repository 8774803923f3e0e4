"""Camunda's rules for element templates that the JSON Schema cannot express.

- the Modeler's load-time checks: `$schema` present and not newer than ours, `elementType`
  applicable to `appliesTo`, `engines` valid semver ranges;
- the connectors repository's template validator: condition targets and order, choices,
  groups, unique ids, template-version headers;
- the schema's `deprecated` keywords, as warnings (jsonschema ignores that keyword).

Properties are read in order, as the Modeler does: a condition may only look at properties
defined before it. Values are compared as JSON texts (`json_text`), as the JavaScript tools
compare them: 1 and true are different choices.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from converter.validate.schema import SCHEMA_PACKAGE, SCHEMA_URL, json_text, schema_version
from converter.validate.versions import before_88, lower_bound, version

Problem = tuple[str, str]  # (code, message)
Add = Callable[[str, str], None]


def semantic_problems(t: dict[str, Any]) -> list[Problem]:
    """(code, message) pairs in the order of the template; the codes are keys of `RULES`."""
    problems: list[Problem] = []

    def add(code: str, message: str) -> None:
        problems.append((code, message))

    _check_header(t, add)
    props = [p for p in t.get("properties") or [] if isinstance(p, dict)]
    declared = _check_groups(t, props, add)
    all_ids = {p.get("id") for p in props if p.get("id") is not None}
    earlier: dict[Any, _SameId] = {}  # id -> the properties with that id before this one
    for index, p in enumerate(props):
        pid = p.get("id")
        label = f"property {pid!r}" if pid is not None else f"property #{index}"
        if p.get("group") is not None and p.get("group") not in declared:
            add("template.group-target-exists", f"{label}: group {p['group']!r} is not declared")
        if pid in earlier and earlier[pid].clashes(p.get("condition")):
            add("template.unique-property-id",
                f"{label}: id used before, and the conditions do not exclude each other")
        conditions = [(p.get("condition"), label)] + [
            (ch.get("condition"), f"{label} choice {ch.get('value')!r}")
            for ch in _choices(p) if "condition" in ch]
        for cond, where in conditions:
            for c in _simple(cond):
                _check_condition(c, pid, where, earlier, all_ids, add)
        _check_property(p, label, t, add)
        if pid is not None:
            earlier.setdefault(pid, _SameId()).add(p)
    return problems


def _choices(p: dict[str, Any]) -> list[dict[str, Any]]:
    """The choices of property `p` that are objects."""
    listed = p.get("choices")
    return [ch for ch in listed if isinstance(ch, dict)] if isinstance(listed, list) else []


def _check_groups(t: dict[str, Any], props: list[dict[str, Any]], add: Add) -> dict[Any, None]:
    """Report duplicate and empty groups; return the declared group ids, in order."""
    group_ids = [g.get("id") for g in t.get("groups") or [] if isinstance(g, dict)]
    for gid in sorted({g for g in group_ids if group_ids.count(g) > 1}, key=str):
        add("template.unique-group-id", f"group id {gid!r} is declared more than once")
    declared = dict.fromkeys(group_ids)
    used = {p.get("group") for p in props}
    for gid in declared:
        if gid not in used:
            add("template.empty-group", f"group {gid!r} has no properties")
    return declared


class _SameId:
    """The properties with one id met so far: the conditions under which each one shows (a
    property may reuse an id when the conditions exclude each other), and whether all are
    Dropdowns, with their choice values (a condition on that id must name one of those)."""

    def __init__(self) -> None:
        self.conditions: list[Any] = []
        self.dropdowns = True
        self.choices: set[str] = set()  # as JSON texts

    def add(self, p: dict[str, Any]) -> None:
        self.conditions.append(p.get("condition"))
        self.dropdowns = self.dropdowns and p.get("type") == "Dropdown"
        if self.dropdowns:
            self.choices.update(json_text(ch.get("value")) for ch in _choices(p))

    def clashes(self, cond: Any) -> bool:
        """True when some earlier property may show at the same time as one with `cond`."""
        return any(not _exclusive(other, cond) for other in self.conditions)


def _check_condition(c: dict[str, Any], pid: Any, where: str, earlier: dict[Any, _SameId],
                     all_ids: set[Any], add: Add) -> None:
    """The rules for one simple condition `c` of property `pid` (or of one of its choices)."""
    target = c.get("property")
    if target is None:
        return  # the schema reports it
    if target == pid:
        add("template.condition-property-order", f"{where}: condition refers to itself")
    elif target not in earlier:
        if target in all_ids:
            add("template.condition-property-order",
                f"{where}: condition refers to {target!r}, which is defined later")
        else:
            add("template.condition-target-exists",
                f"{where}: condition refers to {target!r}, which is not defined")
    elif earlier[target].dropdowns:
        values = [c["equals"]] if "equals" in c else c.get("oneOf") or []
        bad = [v for v in values if json_text(v) not in earlier[target].choices]
        if bad:
            add("template.condition-value-in-choices",
                f"{where}: condition value(s) {', '.join(map(json_text, bad))} "
                f"not among the choices of {target!r}")


def _simple(cond: Any) -> list[dict[str, Any]]:
    """The simple conditions inside `cond` (allMatch flattened)."""
    if not isinstance(cond, dict):
        return []
    inner = cond.get("allMatch")
    if not isinstance(inner, list):
        return [cond]
    return [c for part in inner for c in _simple(part)]


def _admits(cond: Any) -> dict[tuple[Any, str], frozenset[str]]:
    """What each clause of `cond` lets through, keyed by (property, kind)."""
    out: dict[tuple[Any, str], frozenset[str]] = {}
    for c in _simple(cond):
        target = c.get("property")
        if "equals" in c:
            out[(target, "value")] = frozenset({json_text(c["equals"])})
        elif isinstance(c.get("oneOf"), list):
            out[(target, "value")] = frozenset(json_text(v) for v in c["oneOf"])
        for kind in ("isActive", "isEmpty"):
            if kind in c:
                out[(target, kind)] = frozenset({json_text(c[kind])})
    return out


def _exclusive(a: Any, b: Any) -> bool:
    """True when no value assignment satisfies both conditions."""
    left, right = _admits(a), _admits(b)
    return any(key in right and not (allowed & right[key]) for key, allowed in left.items())


def _check_property(p: dict[str, Any], label: str, t: dict[str, Any], add: Add) -> None:
    """The rules that look at one property (and the template's id, version and engines)."""
    binding: dict[str, Any] = p["binding"] if isinstance(p.get("binding"), dict) else {}
    kind = binding.get("type")
    value = p.get("value")
    if p.get("type") == "Dropdown" and "value" in p:
        if value not in [ch.get("value") for ch in _choices(p)]:
            add("template.default-value-in-choices", f"{label}: default {value!r} is not a choice")
    if p.get("feel") == "required" and isinstance(value, str) and not value.startswith("="):
        add("template.feel-prefix", f"{label}: a feel: required value should start with '='")
    if kind == "zeebe:taskDefinition:type":
        add("template.task-definition-binding",
            f"{label}: binding zeebe:taskDefinition:type is deprecated; use "
            "zeebe:taskDefinition with property 'type'")
    if (p.get("type") == "Hidden" and "value" not in p and "generatedValue" not in p
            and kind != "zeebe:userTask"):
        add("template.hidden-without-value", f"{label}: Hidden property without value")
    if p.get("optional") is True and kind == "zeebe:input" and not before_88(t):
        add("template.optional-input",
            f"{label}: optional on zeebe:input is deprecated for Camunda 8.8+; leave the input "
            "empty instead")
    if p.get("editable") is False and p.get("feel") == "optional":
        add("template.editable-feel", f"{label}: editable: false with feel: optional")
    if kind == "zeebe:taskHeader" and "version" in t and "id" in t:
        expected = {"elementTemplateVersion": str(t["version"]), "elementTemplateId": t["id"]}
        key = binding.get("key")
        if key in expected and value != expected[key]:
            add("template.version-consistency",
                f"{label}: header {key} is {value!r}, the template says {expected[key]!r}")


# -- the template's header: what the Modeler checks when it loads a template ---------------------

def _check_header(t: dict[str, Any], add: Add) -> None:
    """`$schema`, `engines` and `elementType`: a template failing these does not load."""
    schema = t.get("$schema")
    if schema is None:
        add("template.schema-url", f"missing $schema (the Modeler requires {SCHEMA_URL!r})")
    elif not isinstance(schema, str) or SCHEMA_PACKAGE not in schema:
        add("template.schema-url", f"$schema {schema!r} does not reference {SCHEMA_PACKAGE}")
    else:
        pinned = re.search(r"\d+\.\d+\.\d+", schema)
        if pinned and version(pinned.group()) > version(schema_version()):
            add("template.schema-version",
                f"$schema pins version {pinned.group()}, newer than the supported "
                f"{schema_version()}")
    engines = t.get("engines")
    if isinstance(engines, dict):
        for engine, rng in engines.items():
            if not isinstance(rng, str) or lower_bound(rng) is None:
                add("template.engines", f"engines.{engine}: {rng!r} is not a semver range")
    element_type = t.get("elementType")
    applies = t.get("appliesTo")
    if isinstance(element_type, dict) and isinstance(applies, list):
        _check_element_type(str(element_type.get("value")), [str(a) for a in applies], add)


# The part of bpmn-moddle the Modeler's elementType check needs: each type's supertype.
_BPMN_PARENT = {
    **dict.fromkeys(["ServiceTask", "SendTask", "ReceiveTask", "UserTask", "ManualTask",
                     "BusinessRuleTask", "ScriptTask"], "Task"),
    "Task": "Activity", "SubProcess": "Activity", "CallActivity": "Activity",
    "AdHocSubProcess": "SubProcess", "Transaction": "SubProcess",
    **dict.fromkeys(["StartEvent", "IntermediateCatchEvent", "BoundaryEvent"], "CatchEvent"),
    **dict.fromkeys(["EndEvent", "IntermediateThrowEvent"], "ThrowEvent"),
    "CatchEvent": "Event", "ThrowEvent": "Event",
    **dict.fromkeys(["ExclusiveGateway", "InclusiveGateway", "ParallelGateway",
                     "EventBasedGateway", "ComplexGateway"], "Gateway"),
    "Activity": "FlowNode", "Event": "FlowNode", "Gateway": "FlowNode",
    "FlowNode": "FlowElement", "SequenceFlow": "FlowElement", "FlowElement": "BaseElement",
}
_MORPHABLE = ("Activity", "Event", "Gateway")


def _bpmn_types(name: str) -> list[str] | None:
    """`name` and its supertypes, or None for a type this table does not know."""
    if not name.startswith("bpmn:"):
        return None
    local = name.removeprefix("bpmn:")
    if local not in _BPMN_PARENT and local != "BaseElement":
        return None
    chain = [local]
    while chain[-1] in _BPMN_PARENT:
        chain.append(_BPMN_PARENT[chain[-1]])
    return chain


def _check_element_type(element_type: str, applies: list[str], add: Add) -> None:
    """The Modeler's rule: elementType is a subtype of some appliesTo, and morphable from all."""
    target = _bpmn_types(element_type)
    sources = [_bpmn_types(a) for a in applies]
    if target is None or any(s is None for s in sources):
        return  # unknown to our table: leave it to the Modeler rather than guess
    if not any(a.removeprefix("bpmn:") in target for a in applies):
        add("template.element-type",
            f"template does not apply to requested element type <{element_type}>")
        return
    for source_name, chain in zip(applies, sources, strict=True):
        assert chain is not None
        base = next((b for b in _MORPHABLE if b in chain), None)
        if source_name != element_type and (base is None or base not in target):
            add("template.element-type", f"can not morph <{source_name}> into <{element_type}>")
