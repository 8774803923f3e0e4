"""The official JSON Schema check: its findings, and the two validators behind them.

`schema_problems` asks jsonschema-rs for the verdict and the Python `jsonschema` validator to
explain what it rejects, part by part (the template's own fields, then each property). So the
two must reach the same verdict on each part, and the parts together the verdict on the whole
template: on the negative matrix, on single property mutations and on every golden template.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from converter.validate import schema as S
from tests.validate.support import MATRIX, REPO, base, prop

GOLDENS = sorted((REPO / "fixtures" / "expected").rglob("*.json"))


def test_findings_are_listed_one_by_one() -> None:
    t = base()
    del t["appliesTo"]
    prop(t, "petId")["feel"] = "static"
    t["version"] = "1"
    assert sorted(S.schema_problems(t)) == [
        "/: missing appliesTo=[]",
        '/properties/3/feel: must be one of "optional", "required" (got "static")',
        "/version: must be integer",
    ]


def test_findings_follow_the_template() -> None:
    t = base()
    t["version"] = "1"
    for index in (5, 2):
        t["properties"][index]["type"] = "Integer"
    t["properties"].append(copy.deepcopy(t["properties"][2]))
    problems = S.schema_problems(t)
    assert problems[0] == "/version: must be integer"
    where = [int(p.split("/")[2]) for p in problems[1:]]
    assert where == sorted(where)
    assert set(where) == {2, 5, len(t["properties"]) - 1}


def test_custom_messages_are_filled_from_the_template() -> None:
    t = base()
    prop(t, "petId")["binding"].pop("name")
    assert S.schema_problems(t) == [
        "/properties/3/binding: property.binding \"zeebe:input\" requires name"]


def test_not_json_data_is_explained_by_python() -> None:
    template = base()
    template["properties"][0]["value"] = {1, 2}  # not JSON: jsonschema-rs cannot take it
    assert not S._passes("property", template["properties"][0])
    assert S.schema_problems(template)  # still answered (by the Python validator)


def _agree(template: dict[str, Any], only: int | None = None) -> None:
    """Same verdict per part; `only`: check just that property (the others are unchanged)."""
    template_ok = S._explainer("template").is_valid(template)
    assert S._passes("template", template) == template_ok
    props = template.get("properties")
    props_ok = True
    for index, item in enumerate(props if isinstance(props, list) else []):
        if only is None or index == only:
            ok = S._explainer("property").is_valid(item)
            assert S._passes("property", item) == ok, item
            props_ok = props_ok and ok
    if only is None:
        assert S._passes("whole", template) == (template_ok and props_ok)
    elif not props_ok:
        assert not S._passes("whole", template)
    assert (S.schema_problems(template) == []) == S._passes("whole", template)


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
def test_goldens(path: Any) -> None:
    data = json.loads(path.read_text("utf-8"))
    for template in data if isinstance(data, list) else [data]:
        _agree(template)
