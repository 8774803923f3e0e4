"""Evaluate error expressions with feelin in the scope the connector runtime gives them.

`ConnectorResultHandler.examineErrorExpression` evaluates the expression over the call's
outcome, wrapped (`FeelEngineWrapperUtil.wrapResponse`): after a success the response's keys
and `response`; after a failure `error` (`code`, `message`, `variables`) and `response`
holding `{error}`; `job.retries` in both. `bpmnError` and `jobError` are the runtime's FEEL
functions, which feelin lacks: they are stubbed here to build the contexts the runtime's
`FeelConnectorFunctionProvider` builds (`errorType` says which).

An outcome is None (the runtime decides: a success completes, a failure is retried with one
retry less), a `bpmnError` context, or a `jobError` context.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fidelity"))

from harness.node import shared

_STUBS = (
    'bpmnError: function(code, message, variables) {errorType: "bpmnError", code: code, '
    "message: message, variables: variables}, "
    'jobError: function(message, variables, retries, retryBackoff) {errorType: "jobError", '
    "message: message, variables: variables, retries: retries, retryBackoff: retryBackoff}"
)
RETRIES = 3


def failure(code: str | None, message: str = "failed", *, headers: dict[str, str] | None = None,
            body: Any = None) -> dict[str, Any]:
    """The scope after a failed call: `code` None is an exception without a code."""
    error: dict[str, Any] = {"type": "io.camunda.connector.api.error.ConnectorException",
                             "message": message}
    if code is not None:
        error["code"] = code
    if headers is not None or body is not None:
        error["variables"] = {"response": {"headers": headers or {}, "body": body}}
    return {"error": error, "response": {"error": error}, "job": {"retries": RETRIES}}


def soap_fault(fault: dict[str, Any]) -> dict[str, Any]:
    """The scope after the SOAP connector received a fault (`fault`: the Fault element)."""
    error = {"type": "io.camunda.connector.api.error.ConnectorException",
             "code": "SOAP_FAULT_RECEIVED", "message": "SOAP Fault received",
             "variables": {"response": {"Envelope": {"Body": {"Fault": fault}}}}}
    return {"error": error, "response": {"error": error}, "job": {"retries": RETRIES}}


def success(response: dict[str, Any]) -> dict[str, Any]:
    """The scope after a successful call."""
    return {**response, "response": response, "job": {"retries": RETRIES}}


# What a failure below HTTP looks like to each connector (camunda/connectors): http-base
# reports an I/O error as "408" and a protocol error as "500"; the SOAP connector rethrows it
# without a code.
HTTP_TRANSPORT = (failure("408", "An error occurred while executing the request, or the "
                                 "connection was aborted"),
                  failure("500", "An error with the HTTP protocol occurred"))
SOAP_TRANSPORT = (failure(None, "I/O error: Connection refused"),
                  failure(None, "Internal Server Error [500]"))


def outcomes(expression: str, scopes: Sequence[dict[str, Any]]) -> list[Any]:
    """The outcome of the template value `expression` (with its `=`) in each scope."""
    if not expression.startswith("="):
        raise ValueError(f"not a FEEL template value: {expression[:40]!r}")
    wrapped = "{" + _STUBS + ", outcome: " + expression[1:] + "}.outcome"
    answer = shared().request("evaluate", jobs=[{"expression": wrapped, "context": scope}
                                                for scope in scopes])
    out = []
    for scope, result in zip(scopes, answer["results"], strict=True):
        if "error" in result:
            raise AssertionError(f"{result['error']} in {scope}: {expression}")
        value = result["value"]
        out.append(None if value == {} else value)
    return out


def kind(outcome: Any) -> str:
    """"none", "bpmnError" or "jobError"."""
    if outcome is None:
        return "none"
    assert isinstance(outcome, dict) and outcome.get("errorType") in ("bpmnError", "jobError"), \
        outcome
    return str(outcome["errorType"])
