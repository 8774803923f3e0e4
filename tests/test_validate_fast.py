"""The fast schema verdict (jsonschema-rs) agrees with the Python jsonschema one.

`converter.validate` asks jsonschema-rs first and the Python validator only for what it rejects,
so the two must reach the same verdict: on the negative matrix of test_validate, on single
property mutations, and on every golden template of the fixtures.
"""

from __future__ import annotations

import copy
import importlib
import json
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
