"""The GraphQL connector template: bindings, fields per argument type, FEEL that really runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from converter import core
from converter.options import ErrorPolicy, Options, Split
from converter.renderers import errors
from tests.graphql import e2e
from tests.support.error_expressions import failure, outcomes, success

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "graphql"
URL = "https://shop.example.com/graphql"


def _templates(name: str, **options: Any) -> list[dict[str, Any]]:
    result = core.convert(FIXTURES / name, options=Options(**options))
    assert result.ok, [str(d) for d in result.diagnostics]
    return result.templates


def _one(name: str, operation: str, **options: Any) -> dict[str, Any]:
    (template,) = _templates(name, operations=(operation,), **options)
    return template


def _props(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in template["properties"] if "id" in p}


def test_single_operation_binds_the_connector_inputs() -> None:
    props = _props(_one("input-objects.graphql", "createOrder", base_url=URL))
    assert props["graphql.url"] == {"id": "graphql.url", "type": "Hidden", "value": URL,
                                    "binding": {"type": "zeebe:input", "name": "graphql.url"}}
    assert props["graphql.method"]["value"] == "post"
    assert props["graphql.query"]["type"] == "Hidden"
    assert props["graphql.query"]["value"].startswith("mutation createOrder($input: ")
    assert props["graphql.variables"]["value"] == (
        '=context(get entries({input: input})[item.value != null and '
        '(not(item.value instance of string) or item.value != "")])')
    assert props["resultExpression"]["value"] == (
        '={createOrder: response.body.data.createOrder}')
    assert "operationId" not in props


def test_without_base_url_the_url_is_a_required_field() -> None:
    url = _props(_one("input-objects.graphql", "orders"))["graphql.url"]
    assert url["type"] == "String" and url["constraints"]["notEmpty"] is True
    assert url["constraints"]["pattern"]["value"].startswith("^(=|(http://")


def test_argument_fields_by_type() -> None:
    props = _props(_one("input-objects.graphql", "cancelOrders"))
    assert props["ids"]["type"] == "Text" and props["ids"]["feel"] == "required"
    # required: empty, the example shown; a required enum has no choice picked for the user
    assert "value" not in props["ids"] and props["ids"]["placeholder"] == '=["1"]'
    assert props["ids"]["constraints"] == {"notEmpty": True}
    reason = props["reason"]
    assert reason["type"] == "Dropdown" and "value" not in reason
    assert reason["constraints"] == {"notEmpty": True}
    assert [c["value"] for c in reason["choices"]] == ["CUSTOMER", "FRAUD", "OTHER"]
    assert props["notify"]["type"] == "String" and props["notify"]["feel"] == "required"
    orders = _props(_one("input-objects.graphql", "orders"))
    assert orders["limit"]["type"] == "Number" and orders["limit"]["value"] == 20
    assert orders["sort"]["choices"][0] == {"name": "(not set)", "value": ""}
    assert orders["sort"]["value"] == "CREATED_DESC"
    # An optional filter is not prefilled (it would be sent); its shape is a placeholder.
    where = orders["where"]
    assert "value" not in where and "constraints" not in where
    assert where["placeholder"].startswith('={status: "OPEN"')


def test_a_required_input_object_shows_an_example_and_sends_none() -> None:
    field = _props(_one("input-objects.graphql", "createOrder"))["input"]
    assert "value" not in field and field["constraints"] == {"notEmpty": True}
    assert field["placeholder"] == (
        '={customer: {email: "text"}, lines: [{sku: "text", quantity: 1}]}')


def test_one_template_with_an_operation_dropdown() -> None:
    (template,) = _templates("input-objects.graphql", base_url=URL)
    props = _props(template)
    assert [c["value"] for c in props["operationId"]["choices"]] == [
        "orders", "createOrder", "cancelOrders"]
    assert props["cancelOrders.reason"]["condition"] == {
        "property": "operationId", "equals": "cancelOrders"}
    queries = [p for p in template["properties"]
               if p["binding"].get("name") == "graphql.query"]
    assert len(queries) == 3 and all("condition" in p for p in queries)


def test_many_operations_are_grouped_by_query_and_mutation() -> None:
    fields = " ".join(f"q{i}: Int" for i in range(10))
    mutations = " ".join(f"m{i}(x: Int): Int" for i in range(10))
    sdl = f"type Query {{ {fields} }} type Mutation {{ {mutations} }}".encode()
    (template,) = core.convert(sdl, options=Options(format="graphql")).templates
    group = _props(template)["operationGroup"]
    assert [c["name"] for c in group["choices"]] == ["Query", "Mutation"]


@pytest.mark.parametrize(("auth", "expected"), [
    ("bearer", {"authentication.type": "bearer",
                "authentication.token": "{{secrets.INPUT_OBJECTS_TOKEN}}"}),
    ("basic", {"authentication.type": "basic",
               "authentication.password": "{{secrets.INPUT_OBJECTS_PASSWORD}}"}),
    ("apiKey:X-Shop-Key", {"authentication.type": "apiKey",
                           "authentication.apiKeyLocation": "headers",
                           "authentication.name": "X-Shop-Key",
                           "authentication.value": "{{secrets.INPUT_OBJECTS_API_KEY}}"}),
])
def test_fixed_authentication(auth: str, expected: dict[str, str]) -> None:
    props = _props(_one("input-objects.graphql", "orders", auth=auth))
    assert props["authentication.type"]["type"] == "Hidden"
    assert {k: props[k]["value"] for k in expected} == expected


def test_without_auth_option_the_user_picks() -> None:
    auth = _props(_one("input-objects.graphql", "orders"))["authentication.type"]
    assert auth["type"] == "Dropdown" and auth["value"] == "noAuth"


def test_older_camunda_gets_optional_flags_and_no_read_timeout() -> None:
    props = _props(_one("input-objects.graphql", "orders", camunda="8.6"))
    assert props["where"]["optional"] is True
    assert "graphql.readTimeoutInSeconds" not in props
    newer = _props(_one("input-objects.graphql", "orders", camunda="8.10"))
    assert "graphql.readTimeoutInSeconds" in newer and "optional" not in newer["where"]


def test_split_operation_names_and_ids() -> None:
    templates = _templates("connections.graphql", split=Split.OPERATION)
    assert [(t["id"], t["name"]) for t in templates] == [
        ("io.spec2connector.connections.books", "connections: books"),
        ("io.spec2connector.connections.book", "connections: book"),
    ]
    assert templates[0]["description"] == (
        "GraphQL query books via the Camunda GraphQL connector: Books in the catalogue, "
        "newest first.")


def test_secrets_never_enter_the_query() -> None:
    for template in _templates("input-objects.graphql", split=Split.OPERATION, auth="bearer"):
        for prop in template["properties"]:
            if prop["binding"].get("name") == "graphql.query":
                assert "{{" not in prop["value"] and "secrets" not in prop["value"]


# ------------------------------------------------------------------ run as Camunda would


@pytest.mark.node
def test_applied_template_sends_the_document_and_typed_variables() -> None:
    template = _one("input-objects.graphql", "orders", base_url=URL)
    filled = e2e.with_values(template, {"where": '={"status": "PAID"}', "sort": "",
                                        "limit": 5})
    (local,) = e2e.run([filled])
    assert local["graphql"]["url"] == URL and local["graphql"]["method"] == "post"
    assert local["graphql"]["query"].startswith("query orders(")
    # "(not set)" enum and nulls are dropped; the number stays a number.
    assert local["graphql"]["variables"] == {"where": {"status": "PAID"}, "limit": 5}


def _error(scope: dict[str, Any]) -> Any:
    expression = errors.graphql(ErrorPolicy.BUSINESS)
    assert expression is not None
    (outcome,) = outcomes(expression, [scope])
    return outcome


@pytest.mark.node
def test_error_expression_turns_graphql_errors_into_a_bpmn_error() -> None:
    ok = success({"status": 200, "body": {"data": {"orders": []}}})
    assert _error(ok) is None
    problems = [{"message": "Not allowed", "path": ["orders"]}]
    # before 8.10 the connector returns such a response as a success ...
    failed = success({"status": 200, "body": {"data": None, "errors": problems}})
    expected = {"errorType": "bpmnError", "code": "GRAPHQL_ERROR", "message": "Not allowed",
                "variables": {"errors": problems, "data": None}}
    assert _error(failed) == expected
    # ... from 8.10 it raises GRAPHQL_ERROR itself (GraphQLFunction.failOnGraphQLErrors)
    raised = failure("GRAPHQL_ERROR", "Not allowed", body={"data": None, "errors": problems})
    assert _error(raised) == expected


@pytest.mark.node
def test_error_expression_turns_4xx_into_a_bpmn_error_and_lets_5xx_retry() -> None:
    denied = failure("403", "Forbidden", body={"reason": "scope"})
    assert _error(denied) == {"errorType": "bpmnError", "code": "HTTP_403",
                              "message": "Forbidden",
                              "variables": {"status": "403", "body": {"reason": "scope"}}}
    assert _error(failure("502", "Bad gateway")) is None
    assert _error(failure(None, "timeout")) is None
