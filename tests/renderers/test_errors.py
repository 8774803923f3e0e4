"""Which failures end a task with a BPMN error (`--errors`), evaluated with feelin in the scope
the connector runtime gives an error expression (tests/support/error_expressions.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from converter import convert
from converter.cli import main
from converter.model import ErrorCase, Operation, RestRequest, SoapRequest
from converter.options import ErrorPolicy, Options
from converter.renderers import errors
from tests.support.error_expressions import (
    HTTP_TRANSPORT,
    SOAP_TRANSPORT,
    failure,
    kind,
    outcomes,
    soap_fault,
    success,
)

TRANSIENT_CODES = ("408", "429", "500", "502", "503", "504")


def _rest_op(*cases: tuple[str, str]) -> Operation:
    return Operation(id="op", name="op", request=RestRequest(method="GET", path="/"),
                     errors=tuple(ErrorCase(code=c, name=n) for c, n in cases))


DOCUMENTED = _rest_op(("400", "BAD_REQUEST"), ("404", "NOT_FOUND"), ("408", "REQUEST_TIMEOUT"),
                      ("409", "CONFLICT"), ("429", "TOO_MANY_REQUESTS"),
                      ("500", "INTERNAL_SERVER_ERROR"), ("503", "SERVICE_UNAVAILABLE"),
                      ("5XX", "SERVER_ERROR"))


def _rest(policy: ErrorPolicy, op: Operation = DOCUMENTED) -> str:
    expression = errors.rest(op, policy)
    assert expression is not None
    return expression


def _codes(expression: str, scopes: list[dict[str, Any]]) -> list[str | None]:
    """Each outcome as the BPMN error code, `job` for a jobError, None when the runtime
    decides."""
    out: list[str | None] = []
    for outcome in outcomes(expression, scopes):
        found = kind(outcome)
        out.append(None if found == "none" else "job" if found == "jobError"
                   else outcome["code"])
    return out


pytestmark = pytest.mark.node


def test_business_rest_errors_are_the_documented_4xx_but_408_and_429() -> None:
    expression = _rest(ErrorPolicy.BUSINESS)
    assert _codes(expression, [failure(c) for c in ("400", "404", "409", "418")]) == [
        "BAD_REQUEST", "NOT_FOUND", "CONFLICT", "HTTP_418"]
    (not_found,) = outcomes(expression, [failure("404", "Not Found", body={"id": 7})])
    assert not_found["variables"] == {"status": "404", "body": {"id": 7}}
    assert not_found["message"] == "Not Found"


def test_business_rest_leaves_transient_failures_to_the_job() -> None:
    expression = _rest(ErrorPolicy.BUSINESS)
    scopes = [failure(c) for c in TRANSIENT_CODES] + list(HTTP_TRANSPORT) + [
        failure(None, "no code"), success({"status": 200, "body": {"id": 1}}),
        success({"status": 204, "body": None})]
    assert _codes(expression, scopes) == [None] * len(scopes)


def test_retry_after_in_seconds_sets_the_backoff_of_the_retry() -> None:
    expression = _rest(ErrorPolicy.BUSINESS)
    limited, unavailable, dated, other = outcomes(expression, [
        failure("429", "Too Many Requests", headers={"Retry-After": "120"}),
        failure("503", "Service Unavailable", headers={"retry-after": "5"}),
        failure("429", headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
        failure("500", headers={"Retry-After": "60"})])
    # one retry less, as the runtime counts when it fails a job itself
    assert limited == {"errorType": "jobError", "message": "Too Many Requests",
                       "variables": {}, "retries": 2, "retryBackoff": "PT2M"}
    assert unavailable["retryBackoff"] == "PT5S"
    assert dated is None and other is None  # the task's own Retry backoff applies


def test_a_documented_client_error_range_keeps_408_and_429_out() -> None:
    expression = _rest(ErrorPolicy.BUSINESS, _rest_op(("4XX", "CLIENT_ERROR"),
                                                      ("5XX", "SERVER_ERROR")))
    assert _codes(expression, [failure(c) for c in ("404", "422", *TRANSIENT_CODES)]) == [
        "CLIENT_ERROR", "CLIENT_ERROR", None, None, None, None, None, None]


def test_all_maps_every_documented_status_and_every_4xx() -> None:
    expression = _rest(ErrorPolicy.ALL)
    assert _codes(expression, [failure(c) for c in ("404", *TRANSIENT_CODES, "418")]) == [
        "NOT_FOUND", "REQUEST_TIMEOUT", "TOO_MANY_REQUESTS", "INTERNAL_SERVER_ERROR",
        "SERVER_ERROR", "SERVICE_UNAVAILABLE", "SERVER_ERROR", "HTTP_418"]
    assert _codes(expression, [success({"status": 200, "body": {}})]) == [None]


def test_none_writes_no_error_expression() -> None:
    assert errors.rest(DOCUMENTED, ErrorPolicy.NONE) is None
    assert errors.graphql(ErrorPolicy.NONE) is None
    result = convert("examples/petstore.yaml", options=Options(errors=ErrorPolicy.NONE))
    assert result.ok, [str(d) for d in result.diagnostics]
    (template,) = result.templates
    found = [p for p in template["properties"]
             if p.get("binding", {}).get("key") == "errorExpression"]
    assert len(found) == 1 and "value" not in found[0] and "condition" not in found[0]


def _cli_error_expressions(*args: str) -> list[str]:
    run = CliRunner().invoke(main, ["convert", "examples/petstore.yaml", *args])
    assert run.exit_code == 0, run.output
    (template,) = json.loads(run.stdout) if run.stdout.startswith("[") else [
        json.loads(run.stdout)]
    return [p.get("value", "") for p in template["properties"]
            if p.get("binding", {}).get("key") == "errorExpression"]


def test_the_cli_passes_the_policy() -> None:
    # under `all` the catch-all takes 408 and 429 too; by default it leaves them to the job
    assert all("jobError" in v for v in _cli_error_expressions())
    assert not any("jobError" in v for v in _cli_error_expressions("--errors", "all"))
    assert _cli_error_expressions("--errors", "none") == [""]
    wrong = CliRunner().invoke(main, ["convert", "examples/petstore.yaml", "--errors", "some"])
    assert wrong.exit_code == 2


def test_graphql_errors_and_client_errors_are_business_the_rest_is_retried() -> None:
    business = errors.graphql(ErrorPolicy.BUSINESS)
    assert business is not None
    problems = {"data": None, "errors": [{"message": "Not allowed"}]}
    scopes = [success({"status": 200, "body": problems}), failure("GRAPHQL_ERROR", body=problems),
              failure("400"), *[failure(c) for c in TRANSIENT_CODES], *HTTP_TRANSPORT,
              success({"status": 200, "body": {"data": {"x": 1}}})]
    assert _codes(business, scopes) == ["GRAPHQL_ERROR", "GRAPHQL_ERROR", "HTTP_400",
                                        *[None] * 8, None]
    every = errors.graphql(ErrorPolicy.ALL)
    assert every is not None
    assert _codes(every, [failure("408"), failure("429"), failure("500")]) == [
        "HTTP_408", "HTTP_429", None]


def _soap_op(version: str = "1.1") -> Operation:
    return Operation(id="op", name="op", request=SoapRequest(endpoint="", soap_version=version),
                     errors=(ErrorCase(code="InvalidInput", name="INVALID_INPUT"),))


def test_business_soap_errors_are_declared_faults_and_client_faults() -> None:
    expression = errors.soap(_soap_op(), ErrorPolicy.BUSINESS)
    assert expression is not None
    declared = soap_fault({"faultcode": "soap:Server", "faultstring": "bad",
                           "detail": {"InvalidInput": {"field": "x"}}})
    client = soap_fault({"faultcode": "soapenv:Client.Authentication", "faultstring": "who?"})
    server = soap_fault({"faultcode": "soap:Server", "faultstring": "busy"})
    assert _codes(expression, [declared, client, server, *SOAP_TRANSPORT,
                               success({"Envelope": {"Body": {"AddResponse": {}}}})]) == [
        "INVALID_INPUT", "soapenv:Client.Authentication", None, None, None, None]
    soap12 = errors.soap(_soap_op("1.2"), ErrorPolicy.BUSINESS)
    assert soap12 is not None
    sender = soap_fault({"Code": {"Value": "env:Sender"}, "Reason": {"Text": "no"}})
    receiver = soap_fault({"Code": {"Value": "env:Receiver"}, "Reason": {"Text": "busy"}})
    assert _codes(soap12, [sender, receiver]) == ["env:Sender", None]


def test_all_soap_faults_are_bpmn_errors() -> None:
    expression = errors.soap(_soap_op(), ErrorPolicy.ALL)
    assert expression is not None
    server = soap_fault({"faultcode": "soap:Server", "faultstring": "busy"})
    assert _codes(expression, [server, *SOAP_TRANSPORT]) == ["soap:Server", None, None]
