"""Validation of generated templates: the official JSON Schema plus Camunda's semantic rules.

The schema is `@camunda/zeebe-element-templates-json-schema` (vendored, see
`scripts/refresh-schema.sh`). The semantic rules re-implement the checks of the connectors
repository's template validator and of the Modeler (reference §7.5) that the schema cannot
express: unique ids, condition targets and order, choices, groups, `$schema`, FEEL `=` prefixes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from converter.diagnostics import Diagnostic, Severity

SCHEMA_PACKAGE = "@camunda/zeebe-element-templates-json-schema"


@lru_cache(maxsize=1)
def _validator() -> Any:
    """Compiled once per process: building a Draft 7 validator for the 200 KB schema is slow."""
    from jsonschema import Draft7Validator

    text = resources.files("converter").joinpath(
        "resources/schema/zeebe-element-templates.schema.json").read_text("utf-8")
    return Draft7Validator(json.loads(text))


def schema_version() -> str:
    return resources.files("converter").joinpath("resources/schema/VERSION").read_text().strip()


def validate(template: dict[str, Any], *, where: str = "") -> list[Diagnostic]:
    """All schema and semantic problems of one template (empty list: valid)."""
    where = where or str(template.get("id", ""))
    out = [Diagnostic(Severity.ERROR, "template.schema", _schema_message(e), where)
           for e in _validator().iter_errors(template)]
    out.extend(Diagnostic(Severity.ERROR, code, msg, where) for code, msg in semantic_problems(
        template))
    return out


def _schema_message(error: Any) -> str:
    pointer = "/" + "/".join(str(p) for p in error.absolute_path)
    # The schema's root is oneOf(object, array); report the branch that applies to an object.
    best = error
    if error.validator == "oneOf" and error.context:
        branch = [e for e in error.context if e.schema_path and e.schema_path[0] == 0] or \
            error.context
        best = max(branch, key=lambda e: len(e.absolute_path))
        pointer = "/" + "/".join(str(p) for p in best.absolute_path)
    return f"{pointer}: {best.message}"


def _conditions(cond: Any) -> Iterable[dict[str, Any]]:
    if not isinstance(cond, dict):
        return
    if "allMatch" in cond:
        for c in cond["allMatch"]:
            yield from _conditions(c)
    else:
        yield cond


def semantic_problems(t: dict[str, Any]) -> list[tuple[str, str]]:
    """(code, message) pairs for the rules of reference §7.5 the JSON Schema does not check."""
    problems: list[tuple[str, str]] = []
    schema = t.get("$schema", "")
    if not isinstance(schema, str) or SCHEMA_PACKAGE not in schema:
        problems.append(("template.schema-url", f"$schema must reference {SCHEMA_PACKAGE}"))
    props = t.get("properties") or []
    groups = t.get("groups") or []
    group_ids = [g.get("id") for g in groups if isinstance(g, dict)]
    if len(set(group_ids)) != len(group_ids):
        problems.append(("template.unique-group-id", "group ids are not unique"))
    used_groups = {p.get("group") for p in props if isinstance(p, dict)}
    for gid in group_ids:
        if gid not in used_groups:
            problems.append(("template.empty-group", f"group {gid!r} has no properties"))
    seen: dict[str, int] = {}
    for index, p in enumerate(props):
        if not isinstance(p, dict):
            continue
        pid = p.get("id")
        label = f"property {pid or index!r}"
        if p.get("group") is not None and p.get("group") not in group_ids:
            problems.append(("template.group-target-exists",
                             f"{label}: group {p.get('group')!r} is not declared"))
        if pid is not None:
            if pid in seen:
                problems.append(("template.unique-property-id", f"{label}: duplicate id"))
            seen[pid] = index
        for c in _conditions(p.get("condition")):
            target = c.get("property")
            if target == pid:
                problems.append(("template.condition-self", f"{label}: condition on itself"))
            elif target not in seen:
                exists = any(isinstance(q, dict) and q.get("id") == target for q in props)
                problems.append((
                    "template.condition-property-order" if exists
                    else "template.condition-target-exists",
                    f"{label}: condition refers to {target!r}, which is "
                    + ("defined later" if exists else "not defined"),
                ))
            else:
                source = props[seen[target]]
                values = [c["equals"]] if "equals" in c else c.get("oneOf", [])
                choices = [ch.get("value") for ch in source.get("choices") or []]
                if source.get("type") == "Dropdown" and any(v not in choices for v in values):
                    problems.append(("template.condition-value-in-choices",
                                     f"{label}: condition value not among {target!r} choices"))
        if p.get("type") == "Dropdown" and "value" in p:
            choices = [ch.get("value") for ch in p.get("choices") or []]
            if p["value"] not in choices:
                problems.append(("template.default-value-in-choices",
                                 f"{label}: default {p['value']!r} is not a choice"))
        value = p.get("value")
        if p.get("feel") == "required" and isinstance(value, str) and not value.startswith("="):
            problems.append(("template.feel-prefix", f"{label}: FEEL value must start with '='"))
        binding = p.get("binding") or {}
        if binding.get("type") == "zeebe:taskDefinition:type":
            problems.append(("template.task-definition-binding",
                             f"{label}: use zeebe:taskDefinition with property 'type'"))
        if p.get("optional") and (p.get("constraints") or {}).get("notEmpty"):
            problems.append(("template.optional-not-empty",
                             f"{label}: optional together with notEmpty"))
    return problems
