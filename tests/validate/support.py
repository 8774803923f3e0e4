"""The worked example template (reference §4.4) and the negative matrix of reference §7.6.

Every case mutates the example (fixtures/templates/); `test_validate` holds each case to what
`converter.validate` reports and to the official Node validator's verdict, `test_schema` to the
agreement of the two schema validators.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
BASE_FILE = REPO / "fixtures" / "templates" / "petstore-getPetById.json"
Template = dict[str, Any]


def base() -> Template:
    template: Template = json.loads(BASE_FILE.read_text("utf-8"))
    return template


def prop(t: Template, pid: str) -> dict[str, Any]:
    return next(p for p in t["properties"] if p.get("id") == pid)


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable[[Template], None]
    schema_valid: bool                  # verdict of the JSON Schema (Node and Python agree)
    errors: frozenset[str] = frozenset()      # our ERROR codes
    warnings: frozenset[str] = frozenset()    # our WARNING codes
    node_warnings: tuple[str, ...] = ()       # substrings of the Node validator's warnings
    same_messages: bool = True          # our schema messages include every Node error message

    def build(self) -> Template:
        t = base()
        self.mutate(t)
        return t


def _set(pid: str, **changes: Any) -> Callable[[Template], None]:
    def mutate(t: Template) -> None:
        prop(t, pid).update(changes)
    return mutate


def _dropdown(t: Template, *, choices: bool, feel: bool) -> None:
    p = prop(t, "xRequestId")
    p["type"] = "Dropdown"
    if choices:
        p["choices"] = [{"name": "A", "value": "a"}]
    if not feel:
        del p["feel"]


SCHEMA = frozenset({"template.schema"})
MATRIX = [
    Case("missing appliesTo", lambda t: t.pop("appliesTo"), False, SCHEMA),
    Case("Dropdown without choices", lambda t: _dropdown(t, choices=False, feel=False), False,
         SCHEMA),
    Case("feel on Dropdown", lambda t: _dropdown(t, choices=True, feel=True), False, SCHEMA),
    Case("feel on Hidden", _set("method", feel="optional"), False, SCHEMA),
    Case("feel static on String", _set("petId", feel="static"), False, SCHEMA,
         same_messages=False),
    Case("optional + notEmpty", _set("petId", optional=True), False, SCHEMA,
         frozenset({"template.optional-input"}), ("'optional' with 'zeebe:input'",)),
    Case("optional on zeebe:taskDefinition", _set("retryCount", optional=True), False, SCHEMA),
    Case("zeebe:input without name", lambda t: prop(t, "petId")["binding"].pop("name"), False,
         SCHEMA),
    Case("zeebe:taskHeader without key",
         lambda t: prop(t, "resultVariable")["binding"].pop("key"), False, SCHEMA),
    Case("condition with equals + oneOf",
         _set("xRequestId", condition={"property": "petId", "equals": "1", "oneOf": ["1"]}),
         False, SCHEMA, same_messages=False),
    Case("number value on String", _set("xRequestId", value=5), False, SCHEMA),
    Case("version as string", lambda t: t.update(version="1"), False, SCHEMA),
    Case("unknown binding type", lambda t: prop(t, "petId")["binding"].update(type="zeebe:foo"),
         False, SCHEMA),
    Case("group without label", lambda t: t["groups"][0].pop("label"), False, SCHEMA),
    Case("unknown property type Integer", _set("petId", type="Integer"), False, SCHEMA),
    Case("icon is a file name", lambda t: t.update(icon={"contents": "icon.svg"}), False,
         SCHEMA),
    # valid in the schema, rejected by the Modeler: our semantic rules catch them
    Case("missing $schema", lambda t: t.pop("$schema"), True,
         frozenset({"template.schema-url"})),
    Case("bad engines semver", lambda t: t.update(engines={"camunda": "eight"}), True,
         frozenset({"template.engines"})),
    Case("elementType not in appliesTo", lambda t: t.update(appliesTo=["bpmn:SendTask"]), True,
         frozenset({"template.element-type"})),
    # not caught by any official validator
    Case("condition on own id",
         _set("xRequestId", condition={"property": "xRequestId", "isActive": True}), True,
         frozenset({"template.condition-property-order"})),
    # valid everywhere
    Case("unknown top-level key", lambda t: t.update(foo=1), True),
    Case("Number with string value", _set("connectionTimeoutInSeconds", value="20"), True),
    # deprecated forms: warnings in Node, warnings here
    Case("zeebe:taskDefinition:type binding",
         lambda t: t["properties"][0].update(binding={"type": "zeebe:taskDefinition:type"}),
         True, warnings=frozenset({"template.task-definition-binding"}),
         node_warnings=("Value is deprecated",)),
    Case("Hidden without value", lambda t: prop(t, "method").pop("value"), True,
         warnings=frozenset({"template.hidden-without-value"}),
         node_warnings=("Hidden property should specify",)),
    Case("optional on zeebe:input", _set("xRequestId", optional=True), True,
         warnings=frozenset({"template.optional-input"}),
         node_warnings=("'optional' with 'zeebe:input'",)),
    Case("feel: required value without '='", _set("resultExpression", value="{ pet: 1 }"), True,
         warnings=frozenset({"template.feel-prefix"}), node_warnings=("Value is deprecated",)),
    Case("editable: false with feel: optional", _set("xRequestId", editable=False), True,
         warnings=frozenset({"template.editable-feel"}),
         node_warnings=("'feel: optional' with 'editable: false'",)),
]
