"""Issue 17 in the fidelity harness: with every optional input left as the template has it, the
request holds only what is required plus the description's defaults, and "(not set)" is what
Zeebe makes of it (source="" is the empty text, not null), for REST, GraphQL and SOAP. The
check (`value.unasked`) is shown to fail on a template that prefills an example."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from harness import graphql, soap
from harness.corpus import rest_operation
from harness.node import NodeHelper
from harness.rest import check_operation

from converter import Options, Split, convert
from tests.hostile import specs

REST = """\
openapi: 3.0.3
info: {title: Tasks, version: "1"}
servers: [{url: "https://tasks.example.com"}]
paths:
  /tasks:
    post:
      operationId: addTask
      parameters:
        - {name: offset, in: query, schema: {type: string, example: "eyJvZmZzZXQiOjEwfQ"}}
        - {name: limit, in: query, schema: {type: integer, default: 20, example: 5}}
        - {name: sort, in: query, schema: {type: string, enum: [asc, desc]}}
        - {name: X-Trace, in: header, schema: {type: string, example: "abc"}}
        - {name: mode, in: query, required: true, schema: {type: string, enum: [a, b]}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [title]
              properties:
                title: {type: string, example: "Buy milk"}
                notes: {type: string, example: "a stranger's note"}
                priority: {type: string, enum: [low, high]}
                done: {type: boolean}
                count: {type: integer, example: 3}
      responses:
        "200": {description: ok}
"""


def _rest(tmp_path: Path) -> tuple[Path, dict[str, Any], Any]:
    spec = tmp_path / "tasks.yaml"
    spec.write_text(REST, encoding="utf-8")
    result = convert(spec, options=Options(split=Split.OPERATION))
    return spec, result.templates[0], result.api.operations[0]


def test_left_alone_the_request_holds_only_required_values_and_defaults(
        node: NodeHelper, tmp_path: Path) -> None:
    spec, template, op = _rest(tmp_path)
    outcomes = check_operation(spec, template, rest_operation(op), helper=node)
    assert [o.variant for o in outcomes] == ["full", "minimal"]
    assert all(o.accepted for o in outcomes), [o.verdict.reasons for o in outcomes]
    minimal = outcomes[1].request
    query = minimal.url.split("?", 1)[1]
    assert sorted(query.split("&"))[0] == "limit=20" and "offset" not in query  # the default
    assert "sort" not in query  # "(not set)": source="" is the empty text, dropped
    assert minimal.header("X-Trace") is None
    assert set(minimal.json_body) == {"title"}


def test_a_prefilled_example_is_caught(node: NodeHelper, tmp_path: Path) -> None:
    spec, template, op = _rest(tmp_path)
    broken = copy.deepcopy(template)
    for prop in broken["properties"]:
        if prop.get("id") in ("addTask.offset", "addTask.notes"):
            prop["value"] = prop.pop("placeholder").removeprefix("e.g. ")
    outcomes = check_operation(spec, broken, rest_operation(op), helper=node)
    minimal = outcomes[1]
    assert not minimal.accepted
    assert {d for c, d in minimal.verdict.reasons if c == "value.invented"} == {
        "optional query input 'offset' is prefilled with 'eyJvZmZzZXQiOjEwfQ'; the spec gives "
        "no default",
        "optional body input 'notes' is prefilled with \"a stranger's note\"; the spec gives "
        "no default"}
    # a prefill that is not the spec's default is caught too
    wrong = copy.deepcopy(template)
    next(p for p in wrong["properties"] if p.get("id") == "addTask.limit")["value"] = "50"
    reasons = check_operation(spec, wrong, rest_operation(op), helper=node)[1].verdict.reasons
    assert reasons == [("value.invented", "optional query input 'limit' is prefilled with "
                                          "'50'; the spec gives the default 20")]


def test_not_set_modelled_as_zeebe_maps_it_is_caught_without_the_filter(
        node: NodeHelper, tmp_path: Path) -> None:
    """Without the empty-text filter, "(not set)" (source="" -> "") reaches the API as
    `sort=`: the harness models Zeebe, so the old null-only filter is rejected."""
    spec, template, op = _rest(tmp_path)
    broken = copy.deepcopy(template)
    for prop in broken["properties"]:
        if prop.get("binding", {}).get("name") in ("queryParameters", "body"):
            prop["value"] = prop["value"].replace(
                '[item.value != null and (not(item.value instance of string) or '
                'item.value != "")]', "[item.value != null]")
    minimal = check_operation(spec, broken, rest_operation(op), helper=node)[1]
    assert "optional query input 'sort' was left empty but is sent" in {
        d for c, d in minimal.verdict.reasons if c == "value.unasked"}


GRAPHQL = b"""
type Query { tasks(status: Status, first: Int, search: String, where: Filter!): [Task!]! }
enum Status { OPEN DONE }
input Filter { owner: String! }
type Task { id: ID! }
"""


def test_graphql_sends_only_required_arguments_when_left_alone(node: NodeHelper,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "tasks.graphql"
    path.write_bytes(GRAPHQL)
    result = convert(str(path), options=Options(split=Split.OPERATION))
    template, op = result.templates[0], result.api.operations[0]
    fields = {p["id"]: p for p in template["properties"] if "id" in p}
    assert fields["status"]["value"] == "" and "value" not in fields["where"]
    outcomes = graphql.check_operation(path, template, op, helper=node)
    assert all(o.accepted for o in outcomes), [o.verdict.reasons for o in outcomes]
    broken = copy.deepcopy(template)
    next(p for p in broken["properties"] if p.get("id") == "search")["value"] = "text"
    minimal = graphql.check_operation(path, broken, op, helper=node)[1]
    assert minimal.verdict.reasons == [(
        "value.invented",
        "optional variable input 'search' is prefilled with 'text'; the spec gives no default")]


def test_soap_not_set_sends_no_element(node: NodeHelper, tmp_path: Path) -> None:
    """ONVIF/Marketo: an optional enum element left on "(not set)" was sent as an empty
    element (`<tt:PanTilt space=""/>`) because the body's null filter kept the empty text."""
    path = tmp_path / "svc.wsdl"
    path.write_text(specs.wsdl(types=(
        '<xs:complexType name="ReqT"><xs:sequence>'
        '<xs:element name="Id" type="xs:string"/>'
        '<xs:element name="Speed" minOccurs="0"><xs:simpleType>'
        '<xs:restriction base="xs:string"><xs:enumeration value="fast"/>'
        '<xs:enumeration value="slow"/></xs:restriction></xs:simpleType></xs:element>'
        '<xs:element name="Note" type="xs:string" minOccurs="0"/>'
        '</xs:sequence></xs:complexType>'), request_type="tns:ReqT"), encoding="utf-8")
    result = convert(str(path), options=Options(split=Split.OPERATION))
    template, op, api = result.templates[0], result.api.operations[0], result.api
    outcomes = soap.check_operation(path, template, op, api, helper=node)
    assert all(o.accepted for o in outcomes), [o.verdict.reasons for o in outcomes]
    minimal = outcomes[1].request.decode()
    assert "Speed" not in minimal and "Note" not in minimal and "Id>" in minimal
