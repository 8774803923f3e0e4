"""`converter.validate` as the rest of the code uses it: the negative matrix of reference §7.6,
cross-checked with Node, and `validate_all`'s rule across templates.

For each matrix case we assert what `validate` reports AND that the official Node validator
(`@bpmn-io/element-templates-validator`, pinned in tests/node) reaches the same schema verdict.
Cases that only the Modeler rejects are caught by our semantic rules instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from converter.diagnostics import Severity
from converter.validate import RULES, duplicate_keys, validate, validate_all
from tests.support.node import TemplateResult, file_result, validate_with_node
from tests.validate.support import BASE_FILE, MATRIX, Case, base

IDS = [c.name for c in MATRIX]


def errors(t: Any) -> set[str]:
    return {d.code for d in validate(t) if d.severity is Severity.ERROR}


def warnings(t: Any) -> set[str]:
    return {d.code for d in validate(t) if d.severity is Severity.WARNING}


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


def test_schema_findings_come_before_semantic_ones() -> None:
    t = base()
    t["version"] = "1"
    del t["$schema"]
    assert [(d.severity, d.code) for d in validate(t)] == [
        (Severity.ERROR, "template.schema"), (Severity.ERROR, "template.schema-url")]


def test_not_an_object() -> None:
    diags = validate([base()])  # type: ignore[arg-type]
    assert [(d.code, d.message) for d in diags] == [("template.schema", "/: must be object")]


def test_location_defaults_to_template_id() -> None:
    t = base()
    del t["$schema"]
    assert {d.location for d in validate(t)} == {"com.example.petstore.getPetById"}
    assert {d.location for d in validate(t, where="x.json")} == {"x.json"}


def test_validate_all_unique_id_and_version() -> None:
    a, b = base(), base()
    assert validate_all([a, b])[0].code == "template.unique-id-version"
    assert [d.message for d in validate_all([a, b])] == [
        "template id <com.example.petstore.getPetById> and version <1> already used"]
    b["version"] = 2
    assert validate_all([a, b]) == []


def test_validate_all_names_templates_without_id_by_index() -> None:
    a, b = base(), base()
    del a["id"], a["$schema"]
    found = validate_all([b, "junk", a])  # type: ignore[list-item]
    assert [(d.code, d.location) for d in found] == [
        ("template.schema", "[1]"), ("template.schema", "[2]"), ("template.schema-url", "[2]")]


def test_duplicate_keys() -> None:
    assert duplicate_keys('{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}') == ["c", "a"]
    assert duplicate_keys(BASE_FILE.read_text("utf-8")) == []


def test_every_rule_is_exercised() -> None:
    """Keep RULES and the tests in step: each code is expected somewhere in these tests."""
    text = "".join(p.read_text("utf-8") for p in Path(__file__).parent.glob("*.py"))
    assert [code for code in RULES if f'"{code}"' not in text] == []
