"""Issue 18: an operation with more than 20 optional fields shows them only when its "Optional
fields" choice says "Shown", so that the Modeler does not write an empty `zeebe:input` for each
of them. What is sent must not change: shown and filled, the optional values reach the API (the
harness's `full` variant shows them); hidden, none of them is sent, and the request never reads
a process variable that happens to carry a hidden field's name."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml
from harness.apply import apply
from harness.connector import rest_request
from harness.corpus import rest_operation
from harness.node import NodeHelper
from harness.pipeline import evaluate
from harness.rest import check_operation

from converter import Options, Split, convert
from converter.renderers.reserved import OPTIONAL_FIELDS
from converter.renderers.rest import SHOWN

SPEC = Path(__file__).resolve().parents[2] / "fixtures/openapi/v3_0/many-optional.yaml"
QUERY = [f"q{n}" for n in range(1, 13)]  # 12 optional query parameters
MEMBERS = [f"m{n}" for n in range(1, 11)]  # 10 optional body members
CHOICE = f"search.{OPTIONAL_FIELDS}"


def _spec(tmp_path: Path) -> Path:
    """The fixture's `search` operation alone."""
    doc = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    doc["paths"] = {"/search": doc["paths"]["/search"]}
    path = tmp_path / "search.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def _convert(spec: Path) -> tuple[dict[str, Any], Any]:
    result = convert(spec, options=Options(split=Split.OPERATION))
    return result.templates[0], result.api.operations[0]


def _request_with_leaks(template: dict[str, Any], node: NodeHelper) -> Any:
    """The request when only the required fields are filled and the process holds a variable
    of every hidden field's name."""
    task = apply(template, {"search.term": "cats", "search.title": "t"}, helper=node)
    leaks = {name: f"leak-{name}" for name in QUERY + MEMBERS}
    ev = evaluate(task, process_variables=leaks, helper=node)
    assert ev.problems == [], ev.problems
    return rest_request(ev.variables)


def test_the_choice_hides_the_optional_fields_and_the_full_variant_sends_them(
        node: NodeHelper, tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    template, op = _convert(spec)
    props = {p["id"]: p for p in template["properties"] if "id" in p}
    choice = props[CHOICE]
    assert (choice["type"], choice["value"], choice["label"]) == ("Dropdown", "hidden",
                                                                  "Optional fields (22)")
    behind = {pid for pid, p in props.items()
              if {"property": CHOICE, "equals": SHOWN} == p.get("condition")}
    assert behind == {f"search.{n}" for n in QUERY + MEMBERS}
    outcomes = check_operation(spec, template, rest_operation(op), helper=node)
    assert [o.variant for o in outcomes] == ["full", "minimal"]
    assert all(o.accepted for o in outcomes), [o.verdict.reasons for o in outcomes]
    full, minimal = (o.request for o in outcomes)
    assert {q for q in QUERY if f"{q}=" in full.url} == set(QUERY)
    assert set(full.json_body) == {"title", *MEMBERS}
    assert [pair.split("=")[0] for pair in minimal.url.split("?", 1)[1].split("&")] == ["term"]
    assert set(minimal.json_body) == {"title"}
    # the Modeler wrote none of the hidden fields
    written = {t for t, _ in outcomes[1].task.inputs}  # type: ignore[union-attr]
    assert not written & set(QUERY + MEMBERS) and OPTIONAL_FIELDS in written


def test_hidden_no_process_variable_reaches_the_request(node: NodeHelper,
                                                         tmp_path: Path) -> None:
    template, _ = _convert(_spec(tmp_path))
    request = _request_with_leaks(template, node)
    sent = request.url + json.dumps(request.json_body)
    assert "leak" not in sent, sent
    assert request.url == "https://search.example.com/search?term=cats"
    # the check can fail: the same maps not told apart by the choice read the process variables
    ungated = copy.deepcopy(template)
    gate = f'if {OPTIONAL_FIELDS} = "{SHOWN}" then'
    for prop in ungated["properties"]:
        if prop.get("binding", {}).get("name") in ("queryParameters", "body"):
            assert gate in prop["value"]
            prop["value"] = prop["value"].replace(gate, "if true then")
    leaked = _request_with_leaks(ungated, node)
    assert "leak-q1" in leaked.url and leaked.json_body["m1"] == "leak-m1"


def test_twenty_optional_fields_stay_in_view(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    doc["paths"]["/search"]["post"]["parameters"] = \
        doc["paths"]["/search"]["post"]["parameters"][:11]  # term + 10 optional, + 10 members
    spec.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    template, _ = _convert(spec)
    text = json.dumps(template)
    assert OPTIONAL_FIELDS not in text
    fields = [p for p in template["properties"] if p.get("group") in ("parameters", "body")]
    assert len(fields) == 22 and all("condition" not in p for p in fields)
