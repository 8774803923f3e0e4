"""The chain for one filled variant: apply -> evaluate mappings -> build -> judge."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from harness.apply import AppliedTask, apply, apply_many
from harness.connector import ConnectorInputError, HttpRequest, rest_request
from harness.fill import Variant, invented
from harness.judge_openapi import Verdict
from harness.node import NodeHelper, shared

REST_TYPE = "io.camunda:http-json:1"
GRAPHQL_TYPE = "io.camunda:connector-graphql:1"
SOAP_TYPE = "io.camunda:soap:1"


@dataclass
class Evaluated:
    variables: dict[str, Any]
    steps: list[dict[str, Any]]
    problems: list[tuple[str, str]] = field(default_factory=list)


def evaluate(task: AppliedTask, process_variables: dict[str, Any] | None = None,
             helper: NodeHelper | None = None) -> Evaluated:
    """Run the input mappings in order with feelin (Zeebe semantics, see fidelity-server)."""
    node = helper or shared()
    answer = node.request("mappings", jobs=[{"inputs": [list(i) for i in task.inputs],
                                             "variables": process_variables or {}}])
    result = answer["results"][0]
    ev = Evaluated(variables=result["variables"], steps=result["steps"])
    targets = [t for t, _ in task.inputs]
    for i, step in enumerate(result["steps"]):
        if "error" in step:
            ev.problems.append(("feel.error", f"{step['target']}: {step['error']} in "
                                              f"{step['source']!r}"))
        for w in step.get("warnings", []):
            m = re.match(r"Variable '([^']+)' not found", w.get("message", ""))
            if m is None:
                if w.get("type") == "NO_FUNCTION_FOUND":
                    ev.problems.append(("feel.error", f"{step['target']}: {w['message']}"))
                continue
            name = m.group(1)
            later = [t for t in targets[i:] if t.split(".")[0] == name]
            if later:
                ev.problems.append(("feel.order", f"{step['target']} uses {name!r} before the "
                                                  f"mapping that defines it"))
            elif name not in {t.split(".")[0] for t in targets[:i]}:
                ev.problems.append(("feel.undefined", f"{step['target']} uses {name!r}, which "
                                                      f"no input mapping defines"))
    return ev


@dataclass
class Outcome:
    """One operation variant, judged."""

    spec: str
    operation: str
    variant: str
    verdict: Verdict
    request: Any = None
    task: AppliedTask | None = None
    variables: dict[str, Any] | None = None
    method: str = ""  # REST: the spec operation's method and path key
    path: str = ""
    spec_path: str = ""

    @property
    def accepted(self) -> bool:
        return self.verdict.accepted


Judge = Callable[[AppliedTask, Evaluated, Variant], Verdict]


def sent_request(template: dict[str, Any], values: dict[str, Any],
                 helper: NodeHelper) -> HttpRequest:
    """The REST request a template makes with `values` entered (applied, evaluated without
    problems, built as the connector builds it): the common step of the behaviour tests."""
    ev = evaluate(apply(template, values, helper=helper), helper=helper)
    assert ev.problems == [], ev.problems
    return rest_request(ev.variables)


def run_variant(template: dict[str, Any], variant: Variant, judge: Judge, *, spec: str,
                operation: str, helper: NodeHelper | None = None,
                applied: AppliedTask | None = None) -> Outcome:
    verdict = Verdict(accepted=True)
    outcome = Outcome(spec=spec, operation=operation, variant=variant.name, verdict=verdict)
    for pid in variant.unfilled:
        verdict.reject("harness.unfilled", f"required field {pid} has no value the harness "
                                           f"can enter")
    for refusal in variant.refused:  # a spec-valid value the template's constraints refuse
        verdict.reject("template.constraint", refusal)
    if not verdict.accepted:
        return outcome
    task = applied if applied is not None else apply(template, variant.values, helper)
    outcome.task = task
    ev = evaluate(task, helper=helper)
    outcome.variables = ev.variables
    for code, detail in ev.problems:
        verdict.reject(code, detail)
    for detail in invented(variant, ev.variables):
        verdict.reject("value.invented", detail)
    if not verdict.accepted:
        return outcome
    try:
        judged = judge(task, ev, variant)
    except ConnectorInputError as exc:
        verdict.reject("connector.input", str(exc))
        return outcome
    outcome.verdict = judged
    return outcome


def run_variants(template: dict[str, Any], variants: list[Variant], judge: Judge, *, spec: str,
                 operation: str, helper: NodeHelper | None = None) -> list[Outcome]:
    """`run_variant` for each variant; the templates are applied in one batch."""
    fillable = [v for v in variants if not v.unfilled and not v.refused]
    tasks = dict(zip((id(v) for v in fillable),
                     apply_many([(template, v.values) for v in fillable], helper), strict=True))
    return [run_variant(template, v, judge, spec=spec, operation=operation, helper=helper,
                        applied=tasks.get(id(v))) for v in variants]
