"""Element-template properties as plain dicts, the way every connector renderer writes them.

Property keys are emitted in one fixed order, so output is stable and diff-friendly.
"""

from __future__ import annotations

from typing import Any

from converter.options import Options
from converter.text import clip, plain

Condition = dict[str, Any]
Property = dict[str, Any]

# The connectors' own constraint on URL inputs: a FEEL expression, an http(s) URL or a secret.
URL_PATTERN = {"value": "^(=|(http://|https://|secrets|\\{\\{).*$)",
               "message": "Must be a http(s) URL"}

_KEY_ORDER = (
    "id", "label", "description", "tooltip", "group", "type", "value", "placeholder", "editable",
    "optional", "feel", "constraints", "choices", "binding", "condition",
)  # fmt: skip
_KEYS = frozenset(_KEY_ORDER)


def prop(**fields: Any) -> Property:
    """An element-template property with keys in canonical order; None values are dropped."""
    if not _KEYS.issuperset(fields):
        raise TypeError(f"unknown property keys: {sorted(set(fields) - _KEYS)}")
    return {k: v for k in _KEY_ORDER if (v := fields.get(k)) is not None}


def input_binding(name: str) -> dict[str, str]:
    return {"type": "zeebe:input", "name": name}


def header_binding(key: str) -> dict[str, str]:
    return {"type": "zeebe:taskHeader", "key": key}


def hidden(pid: str, binding_name: str, value: str, condition: Condition | None = None
           ) -> Property:
    """A Hidden zeebe:input with a fixed value (plain text or `=FEEL`)."""
    return prop(id=pid, type="Hidden", value=value, binding=input_binding(binding_name),
                condition=condition)


def task_type(job_type: str) -> Property:
    return prop(type="Hidden", value=job_type,
                binding={"type": "zeebe:taskDefinition", "property": "type"})


def optional_flag(options: Options, required: bool) -> bool | None:
    """`optional: true` keeps empty optional inputs out of the XML; needed before 8.8 only."""
    return True if (not required and not options.at_least("8.8")) else None


def combine(*conditions: Condition | None) -> Condition | None:
    """AND of conditions (None means always)."""
    parts: list[Condition] = []
    for c in conditions:
        if c is None:
            continue
        parts.extend(c["allMatch"] if "allMatch" in c else [c])
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"allMatch": parts}


def short(text: str, limit: int = 300) -> str:
    """The first paragraph of spec prose as plain text (Markdown and HTML marks dropped), cut
    at a sentence or word end: for tooltips, labels and template descriptions."""
    first = plain(text).split("\n\n", 1)[0]
    return clip(first, limit)
