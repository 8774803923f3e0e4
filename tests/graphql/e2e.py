"""Run a generated GraphQL template as Camunda would, up to the request the connector sends.

The template is applied to a task by element-templates-cli (as the Modeler does), with the
user's entries replacing property values; the resulting `zeebe:input` mappings are evaluated in
order with feelin. What comes out under `graphql` is what the connector receives:
`graphql.query` and `graphql.variables` are what it POSTs.

This is the fidelity harness's own chain (tests/fidelity/harness: one long-lived node process),
used here without its OpenAPI judge.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fidelity"))

from harness.apply import apply_many, with_values
from harness.node import shared

__all__ = ["evaluate", "run", "with_values"]


def run(templates: list[dict[str, Any]], variables: dict[str, Any] | None = None) -> list[
    dict[str, Any]
]:
    """For each template: the connector's input variables after all input mappings."""
    tasks = apply_many([(t, {}) for t in templates])
    answer = shared().request("mappings", jobs=[
        {"inputs": [list(i) for i in task.inputs], "variables": variables or {}}
        for task in tasks])
    return [r["variables"] for r in answer["results"]]


def evaluate(expression: str, context: dict[str, Any]) -> Any:
    """One FEEL expression (without `=`) with feelin."""
    answer = shared().request("evaluate", jobs=[{"expression": expression, "context": context}])
    result = answer["results"][0]
    if "error" in result:
        raise AssertionError(result["error"])
    return result["value"]
