"""The output, error and retry properties every template ends with."""

from __future__ import annotations

import pytest

from converter.options import Options
from converter.renderers.tail import (
    expression_properties,
    output_properties,
    result_variable_property,
    retry_properties,
)


def test_one_expression_per_operation_numbered_when_several() -> None:
    cond = {"property": "operationId", "equals": "a"}
    made = expression_properties([("=r", None)], [("=e0", cond), ("=e1", None)])
    assert [(p["id"], p["value"], p["binding"]["key"], p["group"]) for p in made] == [
        ("resultExpression", "=r", "resultExpression", "output"),
        ("errorExpression.0", "=e0", "errorExpression", "error"),
        ("errorExpression.1", "=e1", "errorExpression", "error")]
    assert made[1]["condition"] is cond and "condition" not in made[2]
    assert all(p["type"] == "Text" and p["feel"] == "required" for p in made)


@pytest.mark.parametrize(("camunda", "backoff", "timeout"),
                         [("8.8", "PT0S", False), ("8.10", "PT30S", True)])
def test_retries_follow_the_camunda_version(camunda: str, backoff: str, timeout: bool) -> None:
    options = Options(camunda=camunda)
    retries = retry_properties(options)
    assert retries[1]["value"] == backoff
    assert any(p["id"] == "jobTimeout" for p in retries) is timeout
    results = [("=r", None)]
    assert output_properties(results, results, options=options) == [
        result_variable_property(), *expression_properties(results, results), *retries]
