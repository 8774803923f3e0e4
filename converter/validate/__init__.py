"""Validation of element templates: the official JSON Schema plus Camunda's semantic rules.

- `schema`: the official JSON Schema, with the messages the Modeler prints;
- `semantic`: the rules the schema cannot express (the Modeler's load-time checks, the
  connectors repository's template validator, deprecated forms);
- `versions`: semver ranges and the version gates they decide.

`validate` returns diagnostics; an ERROR means the Modeler rejects the template or Camunda's own
validator would; a WARNING means it loads but uses a deprecated form.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from converter.diagnostics import Diagnostic, Severity
from converter.validate.schema import schema_problems, schema_version
from converter.validate.semantic import semantic_problems

__all__ = ["RULES", "duplicate_keys", "schema_version", "validate", "validate_all"]

E, W = Severity.ERROR, Severity.WARNING
#: Every code `validate` can report, with its severity. Codes are stable; tests match on them.
RULES: dict[str, Severity] = {
    "template.schema": E,                       # the official JSON Schema
    "template.schema-url": E,                   # $schema missing or not the Zeebe schema
    "template.schema-version": E,               # $schema pins a newer schema than ours
    "template.element-type": E,                 # elementType does not fit appliesTo
    "template.engines": E,                      # engines.* is not a semver range
    "template.unique-id-version": E,            # (id, version) used twice (validate_all)
    "template.unique-group-id": E,
    "template.empty-group": E,
    "template.group-target-exists": E,
    "template.unique-property-id": E,           # unless the conditions exclude each other
    "template.condition-target-exists": E,
    "template.condition-property-order": E,     # target must come earlier, never itself
    "template.condition-value-in-choices": E,
    "template.default-value-in-choices": E,
    "template.version-consistency": E,          # elementTemplateVersion/Id headers
    "template.feel-prefix": W,                  # feel: required value without '='
    "template.task-definition-binding": W,      # zeebe:taskDefinition:type
    "template.hidden-without-value": W,
    "template.optional-input": W,               # optional on zeebe:input, 8.8+ templates
    "template.editable-feel": W,                # editable: false with feel: optional
}
del E, W


def validate(template: dict[str, Any], *, where: str = "") -> list[Diagnostic]:
    """All schema and semantic problems of one template (no ERROR: the Modeler accepts it).

    `where` names the template in the diagnostics; by default its id.
    """
    if not isinstance(template, dict):
        return [Diagnostic(Severity.ERROR, "template.schema", "/: must be object", where)]
    where = where or str(template.get("id", ""))
    out = [Diagnostic(Severity.ERROR, "template.schema", message, where)
           for message in schema_problems(template)]
    out.extend(Diagnostic(RULES[code], code, message, where)
               for code, message in semantic_problems(template))
    return out


def validate_all(templates: Sequence[dict[str, Any]]) -> list[Diagnostic]:
    """`validate` for each template, plus the Modeler's rule that (id, version) is unique."""
    out: list[Diagnostic] = []
    used: set[tuple[str, str]] = set()
    for index, template in enumerate(templates):
        where = str(template.get("id", "")) if isinstance(template, dict) else ""
        out.extend(validate(template, where=where or f"[{index}]"))
        if not isinstance(template, dict):
            continue
        key = (repr(template.get("id")), repr(template.get("version", "_")))
        if key in used:
            version = template.get("version")
            out.append(Diagnostic(
                Severity.ERROR, "template.unique-id-version",
                f"template id <{template.get('id')}>"
                + (f" and version <{version}>" if version is not None else "")
                + " already used",
                where))
        used.add(key)
    return out


def duplicate_keys(text: str) -> list[str]:
    """Keys that occur twice in one JSON object of `text` (Web Modeler rejects such files).

    `json.loads` silently keeps the last one, so this needs the raw text.
    """
    found: list[str] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        found.extend(sorted({k for k in keys if keys.count(k) > 1}))
        return dict(pairs)

    json.loads(text, object_pairs_hook=hook)
    return found
