"""What a template holds besides its properties: the top-level keys, the icon, the groups."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from converter import naming
from converter.model import Api
from converter.options import Options
from converter.renderers.properties import Property

SCHEMA_URL = "https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json"
_ICONS = Path(__file__).parent.parent / "resources" / "icons"


def header(
    *, api: Api, options: Options, connector: str, name: str, template_id: str,
    description: str, keywords: Sequence[str], docs_url: str,
) -> dict[str, Any]:
    """The template's top-level keys; the connector's Jinja template adds groups and properties."""
    doc = docs_url if docs_url.startswith(("http://", "https://")) else ""
    return {
        "schema": SCHEMA_URL,
        "name": name,
        "id": template_id,
        "version": options.version,
        "description": description,
        "documentationRef": doc,
        "keywords": naming.dedupe(k for k in keywords if k),
        "category": {"id": "connectors", "name": "Connectors"},
        "appliesTo": ["bpmn:Task"],
        "elementType": {"value": "bpmn:ServiceTask"},
        "engines": {"camunda": f"^{options.camunda}"},
        "icon": {"contents": icon_uri(connector, api, options)},
    }


def icon_uri(connector: str, api: Api, options: Options) -> str:
    """The icon as a data URI: `--icon`, the spec's own logo, or the bundled one."""
    chosen = options.icon or api.icon
    if chosen.startswith(("data:", "https://", "http://")):
        return chosen
    svg = (_ICONS / f"{connector}.svg").read_bytes()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def used_groups(groups: Sequence[dict[str, str]], properties: Sequence[Property]) -> list[
    dict[str, str]
]:
    """Only the groups that hold at least one property: Camunda's template linting reports an
    empty group (`empty-group`)."""
    used = {p.get("group") for p in properties}
    return [g for g in groups if g["id"] in used]
