"""The test tooling itself: Node wrappers (validator report, FEEL lint) and golden files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import golden, node
from tests.support.node import (
    NodeToolsError,
    file_result,
    lint_feel,
    validate_templates_with_node,
    validate_with_node,
)

REPO = Path(__file__).resolve().parent.parent
BASE_FILE = REPO / "fixtures" / "templates" / "petstore-getPetById.json"


def _base() -> dict[str, object]:
    data: dict[str, object] = json.loads(BASE_FILE.read_text("utf-8"))
    return data


# -- validate_with_node ------------------------------------------------------------------------

@pytest.mark.node
def test_node_report_files_arrays_and_directories(tmp_path: Path) -> None:
    good, bad = _base(), _base()
    del bad["appliesTo"]
    (tmp_path / "sub").mkdir()
    (tmp_path / "one.json").write_text(json.dumps(good), "utf-8")
    (tmp_path / "sub" / "many.json").write_text(json.dumps([good, bad], indent=2), "utf-8")
    (tmp_path / "sub" / "broken.json").write_text("{ nope", "utf-8")
    (tmp_path / "notes.txt").write_text("not a template", "utf-8")

    report = validate_with_node([tmp_path])

    assert report["valid"] is False
    assert report["validator"] == "@bpmn-io/element-templates-validator@2.26.0"
    assert report["schema"] == "@camunda/zeebe-element-templates-json-schema@0.46.0"
    assert [Path(f["file"]).name for f in report["files"]] == ["one.json", "broken.json",
                                                               "many.json"]
    one = file_result(report, tmp_path / "one.json")
    assert one["valid"] and one["templates"][0]["index"] is None
    assert one["templates"][0]["warnings"] == []     # feel: required noise filtered out

    many = file_result(report, tmp_path / "sub" / "many.json")
    assert [t["valid"] for t in many["templates"]] == [True, False]
    assert [t["index"] for t in many["templates"]] == [0, 1]
    assert many["errors"] == []                      # root oneOf noise filtered out
    [error] = many["templates"][1]["errors"]
    assert (error["path"], error["message"]) == ("/", "missing appliesTo=[]")
    assert isinstance(error["line"], int)

    broken = file_result(report, tmp_path / "sub" / "broken.json")
    assert not broken["valid"] and broken["templates"] == []
    assert broken["errors"][0]["message"].startswith("invalid JSON")


@pytest.mark.node
def test_node_keeps_real_deprecation_warning(tmp_path: Path) -> None:
    t = _base()
    props = t["properties"]
    assert isinstance(props, list)
    result = next(p for p in props if p.get("id") == "resultExpression")
    result["value"] = "{ pet: response.body }"       # feel: required without '='
    (tmp_path / "t.json").write_text(json.dumps(t), "utf-8")
    [warning] = file_result(validate_with_node([tmp_path / "t.json"]),
                            tmp_path / "t.json")["templates"][0]["warnings"]
    assert warning["message"] == "Value is deprecated"


@pytest.mark.node
def test_validate_template_dicts_with_node(tmp_path: Path) -> None:
    bad = _base()
    bad["version"] = "1"
    results = validate_templates_with_node([_base(), bad], tmp_path)
    assert [r["valid"] for r in results] == [True, False]
    assert results[1]["errors"][0]["message"] == "must be integer"
    assert validate_templates_with_node([], tmp_path) == []


@pytest.mark.node
def test_node_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(NodeToolsError, match="no such file"):
        validate_with_node([tmp_path / "absent.json"])


def test_missing_node_modules_fails_with_the_setup_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(node, "NODE_DIR", tmp_path)
    with pytest.raises(NodeToolsError, match=r"scripts/test"):
        validate_with_node([BASE_FILE])
    with pytest.raises(NodeToolsError, match=r"npm ci --prefix tests/node"):
        lint_feel(["1"])


# -- lint_feel ---------------------------------------------------------------------------------

@pytest.mark.node
def test_lint_feel() -> None:
    problems = lint_feel(['context(get entries({"X": x})[item.value != null])', "{ a: 1, b: }",
                          "items[0]"])
    assert problems[0] == []
    assert problems[1] == ["error 11-12 Syntax Error: Unrecognized token <}> in <ContextEntry>"]
    assert problems[2] == ["warning 0-8 first-item: First item is accessed via [1]"]
    assert lint_feel([]) == []


def test_lint_feel_wants_expressions_without_equals_sign() -> None:
    with pytest.raises(ValueError, match="leading '='"):
        lint_feel(["=1"])


# -- golden files ------------------------------------------------------------------------------

def test_golden_match_and_mismatch(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    path.write_text('{\n  "a": 1\n}\n', "utf-8")
    golden.assert_golden('{\n  "a": 1\n}\n', path)
    with pytest.raises(pytest.fail.Exception) as failed:
        golden.assert_golden('{\n  "a": 2\n}\n', path)
    message = str(failed.value)
    assert '-  "a": 1' in message and '+  "a": 2' in message
    assert "scripts/test -- --update-golden 'tests/test_support.py::" in message
    assert ".venv/bin/pytest --update-golden 'tests/test_support.py::" in message


def test_golden_missing_file_fails_with_hint(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="does not exist; create it with"):
        golden.assert_golden("x\n", tmp_path / "missing.txt")


def test_golden_update_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(golden, "_update", True)
    monkeypatch.setattr(golden, "updated", [])
    path = tmp_path / "deep" / "new.txt"
    golden.assert_golden("fresh\n", path)
    golden.assert_golden("fresh\n", path)            # unchanged: not rewritten
    assert path.read_text("utf-8") == "fresh\n"
    assert golden.updated == [path]


def test_golden_fixture_is_the_helper(golden: object) -> None:
    from tests.support.golden import assert_golden

    assert golden is assert_golden
