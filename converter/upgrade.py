"""`--previous`: regenerate a template as an upgrade of one already in use.

Camunda Modeler links a task to its template by id and offers "update" when a template with the
same id and a higher version appears. So a regenerated template keeps the previous id, keeps
the previous version when nothing changed (re-running the converter must not make every
process look outdated) and gets a higher version when anything changed. The comparison is on
the parsed JSON, so key order and formatting never count as a change.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from converter.diagnostics import SourceError
from converter.renderers import with_identity

if TYPE_CHECKING:
    from converter.core import ConversionResult

__all__ = ["OPERATION_PROPERTY", "Change", "load_previous", "upgrade", "upgrade_result"]

OPERATION_PROPERTY = "operationId"  # the operation dropdown of all three connectors


@dataclass(frozen=True, slots=True)
class Change:
    """How a regenerated template differs from the one it replaces."""

    template_id: str
    version: int
    previous_version: int | None  # None: no previous template matched (a new template)
    operations_added: tuple[str, ...] = ()
    operations_removed: tuple[str, ...] = ()
    fields_added: tuple[str, ...] = ()
    fields_removed: tuple[str, ...] = ()
    fields_changed: tuple[str, ...] = ()  # properties, and top-level keys such as "name"

    @property
    def changed(self) -> bool:
        return self.previous_version is None or self.version != self.previous_version

    def summary(self, limit: int = 5) -> str:
        """One line: `io.x.pets: version 3 -> 4: operations +deletePet; 2 field(s) changed (..)`."""
        if self.previous_version is None:
            return f"{self.template_id}: new template, version {self.version}"
        if not self.changed:
            return f"{self.template_id}: unchanged, version {self.version} kept"
        parts = []
        ops = [f"+{o}" for o in self.operations_added] + [f"-{o}" for o in
                                                           self.operations_removed]
        if ops:
            parts.append("operations " + _few(ops, limit))
        for label, names in (("added", self.fields_added), ("removed", self.fields_removed),
                             ("changed", self.fields_changed)):
            if names:
                parts.append(f"{len(names)} field(s) {label} ({_few(list(names), limit)})")
        return (f"{self.template_id}: version {self.previous_version} -> {self.version}: "
                + "; ".join(parts))


def _few(items: list[str], limit: int) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f", ... {len(items) - limit} more" if len(items) > limit else "")


def load_previous(path: Path) -> list[dict[str, Any]]:
    """The templates of a previous output file (one template or an array of them)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise SourceError(exc.strerror or str(exc), where=str(path)) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"not a JSON template file: {exc}", where=str(path)) from exc
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(t, dict) and isinstance(t.get("id"), str)
                            and isinstance(t.get("version", 0), int) for t in items):
        raise SourceError("not an element template (expected objects with an id and an "
                          "integer version)", where=str(path))
    return items


def upgrade(templates: Sequence[dict[str, Any]], previous: Sequence[dict[str, Any]], *,
            minimum_version: int = 1) -> tuple[list[dict[str, Any]], list[Change]]:
    """New templates carrying the previous ids and versions, and what changed in each.

    Templates are paired one to one when both sides hold a single template (so a renamed API
    keeps its id), otherwise by id, then by name. A changed template gets the previous
    version + 1, or `minimum_version` if that is higher; an unmatched one is left as it is.
    """
    out: list[dict[str, Any]] = []
    changes: list[Change] = []
    for template in templates:
        old = _match(template, templates, previous)
        if old is None:
            out.append(template)
            changes.append(Change(template["id"], template.get("version", 1), None))
            continue
        candidate = with_identity(template, template_id=old["id"],
                                  version=old.get("version", 1))
        if candidate == old:
            out.append(candidate)
            changes.append(Change(old["id"], candidate["version"], candidate["version"]))
            continue
        version = max(old.get("version", 1) + 1, minimum_version)
        out.append(with_identity(template, template_id=old["id"], version=version))
        changes.append(_diff(old, candidate, version))
    return out, changes


def _match(template: dict[str, Any], templates: Sequence[dict[str, Any]],
           previous: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    if len(templates) == 1 and len(previous) == 1:
        return previous[0]
    for key in ("id", "name"):
        for old in previous:
            if old.get(key) == template.get(key):
                return old
    return None


def _diff(old: dict[str, Any], new: dict[str, Any], version: int) -> Change:
    old_ops, new_ops = _operations(old), _operations(new)
    old_fields, new_fields = _fields(old), _fields(new)
    header = [k for k in dict.fromkeys([*old, *new])
              if k not in ("properties", "version") and old.get(k) != new.get(k)]
    return Change(
        template_id=old["id"], version=version, previous_version=old.get("version", 1),
        operations_added=tuple(o for o in new_ops if o not in old_ops),
        operations_removed=tuple(o for o in old_ops if o not in new_ops),
        fields_added=tuple(k for k in new_fields if k not in old_fields),
        fields_removed=tuple(k for k in old_fields if k not in new_fields),
        fields_changed=tuple(header) + tuple(k for k in new_fields
                                             if k in old_fields and old_fields[k] != new_fields[k]),
    )


def _operations(template: dict[str, Any]) -> list[str]:
    """The operation ids of the dropdown, or of all last-level dropdowns of a grouped one
    (`operationId.<group>...`)."""
    out: list[str] = []
    for prop in template.get("properties", []):
        if not isinstance(prop, dict) or not str(prop.get("id", "")).split(".")[0] \
                == OPERATION_PROPERTY:
            continue
        choices = prop.get("choices")
        if isinstance(choices, list):
            out.extend(str(c.get("value")) for c in choices if isinstance(c, dict))
        else:
            out.append(str(prop.get("value")))
    return out


def _fields(template: dict[str, Any]) -> dict[str, Any]:
    """Properties by id (by binding when they have none); repeated keys get `#2`, `#3`."""
    out: dict[str, Any] = {}
    for prop in template.get("properties", []):
        if not isinstance(prop, dict):
            continue
        key = str(prop.get("id") or json.dumps(prop.get("binding"), sort_keys=True))
        name, n = key, 2
        while name in out:
            name, n = f"{key}#{n}", n + 1
        out[name] = prop
    return out


def upgrade_result(result: ConversionResult, previous: Sequence[dict[str, Any]], *,
                   minimum_version: int = 1) -> tuple[ConversionResult, list[Change]]:
    """`upgrade` applied to a conversion result (diagnostics, model and file stems kept)."""
    templates, changes = upgrade(result.templates, previous, minimum_version=minimum_version)
    return replace(result, templates=templates), changes
