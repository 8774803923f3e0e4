"""converter.validate against the negative matrix of reference §7.6, cross-checked with Node.

Every case mutates the worked example of reference §4.4 (fixtures/templates/). For each case we
assert what `converter.validate` reports AND that the official Node validator
(`@bpmn-io/element-templates-validator`, pinned in tests/node) reaches the same schema verdict.
Cases that only the Modeler rejects are caught by our semantic rules instead.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from converter.diagnostics import Severity
from converter.validate import (
    RULES,
    SCHEMA_URL,
    duplicate_keys,
    schema_version,
    semantic_problems,
    validate,
    validate_all,
)
from tests.support.node import TemplateResult, file_result, validate_with_node

REPO = Path(__file__).resolve().parent.parent
BASE_FILE = REPO / "fixtures" / "templates" / "petstore-getPetById.json"
Template = dict[str, Any]


def base() -> Template:
    template: Template = json.loads(BASE_FILE.read_text("utf-8"))
    return template


def prop(t: Template, pid: str) -> dict[str, Any]:
    return next(p for p in t["properties"] if p.get("id") == pid)


def errors(t: Any) -> set[str]:
    return {d.code for d in validate(t) if d.severity is Severity.ERROR}


def warnings(t: Any) -> set[str]:
    return {d.code for d in validate(t) if d.severity is Severity.WARNING}


# -- the matrix ------------------------------------------------------------------------------

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
IDS = [c.name for c in MATRIX]


@pytest.fixture(scope="module")
def node_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, TemplateResult]:
    """One Node run over all matrix cases (plus the untouched base), keyed by case name."""
    folder = tmp_path_factory.mktemp("matrix")
    files = {"base": folder / "base.json"}
    files["base"].write_text(json.dumps(base(), indent=2), "utf-8")
    for index, case in enumerate(MATRIX):
        files[case.name] = folder / f"case-{index:02d}.json"
        files[case.name].write_text(json.dumps(case.build(), indent=2), "utf-8")
    report = validate_with_node([folder])
    assert len(report["files"]) == len(files)
    out: dict[str, TemplateResult] = {}
    for name, path in files.items():
        entry = file_result(report, path)
        assert entry["errors"] == [] and len(entry["templates"]) == 1, entry
        out[name] = entry["templates"][0]
    return out


def test_base_template_is_clean(node_results: dict[str, TemplateResult]) -> None:
    assert validate(base()) == []
    assert node_results["base"]["valid"]
    assert node_results["base"]["warnings"] == []  # the feel: required noise is filtered


@pytest.mark.parametrize("case", MATRIX, ids=IDS)
def test_matrix_python(case: Case) -> None:
    t = case.build()
    assert errors(t) == case.errors
    assert warnings(t) == case.warnings
    assert ("template.schema" not in errors(t)) is case.schema_valid


@pytest.mark.parametrize("case", MATRIX, ids=IDS)
def test_matrix_node_agrees(case: Case, node_results: dict[str, TemplateResult]) -> None:
    result = node_results[case.name]
    ours = [d.message for d in validate(case.build()) if d.code == "template.schema"]
    assert result["valid"] is case.schema_valid, result["errors"]
    assert result["valid"] is (not ours)
    assert len(result["warnings"]) == len(case.node_warnings), result["warnings"]
    for expected, got in zip(case.node_warnings, result["warnings"], strict=True):
        assert expected in got["message"]
    if case.same_messages:
        node = {f"{e['path']}: {e['message']}" for e in result["errors"]}
        assert node <= set(ours)


def test_schema_findings_are_listed_one_by_one() -> None:
    t = base()
    del t["appliesTo"]
    prop(t, "petId")["feel"] = "static"
    t["version"] = "1"
    messages = [d.message for d in validate(t) if d.code == "template.schema"]
    assert sorted(messages) == [
        "/: missing appliesTo=[]",
        '/properties/3/feel: must be one of "optional", "required" (got "static")',
        "/version: must be integer",
    ]


def test_not_an_object() -> None:
    diags = validate([base()])  # type: ignore[arg-type]
    assert [(d.code, d.message) for d in diags] == [("template.schema", "/: must be object")]


def test_location_defaults_to_template_id() -> None:
    t = base()
    del t["$schema"]
    assert {d.location for d in validate(t)} == {"com.example.petstore.getPetById"}
    assert {d.location for d in validate(t, where="x.json")} == {"x.json"}


# -- semantic rules, one by one ----------------------------------------------------------------

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


def test_condition_property_order() -> None:
    t = base()
    prop(t, "petId")["condition"] = {"property": "xRequestId", "isActive": True}  # later
    assert errors(t) == {"template.condition-property-order"}
    t = base()
    prop(t, "xRequestId")["condition"] = {"property": "petId", "isActive": True}  # earlier
    assert errors(t) == set()


def test_condition_target_exists() -> None:
    t = base()
    prop(t, "xRequestId")["condition"] = {"allMatch": [
        {"property": "petId", "isActive": True}, {"property": "nope", "equals": "x"}]}
    assert errors(t) == {"template.condition-target-exists"}
    [(code, message)] = semantic_problems(t)
    assert code == "template.condition-target-exists"
    assert "'nope'" in message


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


def test_conditions_on_choices_are_checked() -> None:
    t = base()
    _dropdown_then(t, {"property": "mode", "equals": "a"})
    prop(t, "mode")["choices"][1]["condition"] = {"property": "later", "equals": "x"}
    assert errors(t) == {"template.condition-target-exists"}


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


# Verdicts checked against node-semver 7.8.6 `validRange`, which the Modeler uses.
VALID_RANGES = ["^8.8", ">=8.6", "8.x", "^8.8 || ^8.9", ">=8.6 <8.9", "8.6 - 8.9", "*", "",
                "~8.7.1", ">= 8.6", "v8.8.0", "^8.8.0-alpha.1", "~>8.7", "X", "< 9"]
INVALID_RANGES = ["eight", "latest", "8.8.8.8", "^", ">=", "8.8.0 -", "^08.1", "^8.8,^8.9",
                  "a.b"]


@pytest.mark.parametrize("rng", VALID_RANGES)
def test_engines_valid(rng: str) -> None:
    t = base()
    t["engines"] = {"camunda": rng, "camundaDesktopModeler": "^5.30"}
    assert "template.engines" not in errors(t)


@pytest.mark.parametrize("rng", INVALID_RANGES)
def test_engines_invalid(rng: str) -> None:
    t = base()
    t["engines"] = {"camunda": "^8.8", "camundaWebModeler": rng}
    assert errors(t) == {"template.engines"}


def test_optional_input_is_fine_for_pre_88_templates() -> None:
    t = base()
    prop(t, "xRequestId")["optional"] = True
    assert warnings(t) == {"template.optional-input"}
    t["engines"] = {"camunda": "^8.6"}
    assert warnings(t) == set()


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


def test_validate_all_unique_id_and_version() -> None:
    a, b = base(), base()
    assert validate_all([a, b])[0].code == "template.unique-id-version"
    assert [d.message for d in validate_all([a, b])] == [
        "template id <com.example.petstore.getPetById> and version <1> already used"]
    b["version"] = 2
    assert validate_all([a, b]) == []


def test_duplicate_keys() -> None:
    assert duplicate_keys('{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}') == ["c", "a"]
    assert duplicate_keys(BASE_FILE.read_text("utf-8")) == []


def test_every_rule_is_exercised() -> None:
    """Keep RULES and the tests in step: each code is expected somewhere in this module."""
    text = Path(__file__).read_text("utf-8")
    assert [code for code in RULES if f'"{code}"' not in text] == []
