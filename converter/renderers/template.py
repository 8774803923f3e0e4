"""What a template holds besides its properties: the top-level keys, the icon, the groups."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from converter import naming
from converter.model import Api
from converter.options import Options
from converter.renderers.environment import render
from converter.renderers.properties import Property, header_binding, prop

SCHEMA_URL = "https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json"
_ICONS = Path(__file__).parent.parent / "resources" / "icons"


def document(
    connector: str, groups: Sequence[dict[str, str]], properties: list[Property], *, api: Api,
    options: Options, name: str, template_id: str, description: str, keywords: Sequence[str],
    docs_url: str,
) -> dict[str, Any]:
    """The whole template, laid out by `<connector>/element-template.json.jinja`: the top-level
    keys, the `groups` that hold a property, the properties."""
    header = {
        "schema": SCHEMA_URL,
        "name": name,
        "id": template_id,
        "version": options.version,
        "description": description,
        "documentationRef": docs_url if docs_url.startswith(("http://", "https://")) else "",
        "keywords": naming.dedupe(k for k in keywords if k),
        "category": {"id": "connectors", "name": "Connectors"},
        "appliesTo": ["bpmn:Task"],
        "elementType": {"value": "bpmn:ServiceTask"},
        "engines": {"camunda": f"^{options.camunda}"},
        "icon": {"contents": icon_uri(connector, api, options)},
    }
    return render(f"{connector}/element-template.json.jinja",
                  {"template": header, "groups": _used_groups(groups, properties),
                   "properties": properties}, template_dir=options.template_dir)


def icon_uri(connector: str, api: Api, options: Options) -> str:
    """The icon: `--icon` (the user's own choice, also a URL), the spec's logo when it is
    embedded (`converter.core` embeds or drops a remote one), or the bundled one."""
    if options.icon.startswith(("data:", "https://", "http://")):
        return options.icon
    if api.icon.startswith("data:"):
        return api.icon
    svg = (_ICONS / f"{connector}.svg").read_bytes()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _used_groups(groups: Sequence[dict[str, str]], properties: Sequence[Property]
                 ) -> list[dict[str, str]]:
    """Only the groups that hold at least one property: Camunda's template linting reports an
    empty group (`empty-group`)."""
    used = {p.get("group") for p in properties}
    return [g for g in groups if g["id"] in used]


# Task headers Camunda's own connector templates carry (the runtime tags metrics with them);
# their values must equal the template's id and version.
ID_HEADER = "elementTemplateId"
VERSION_HEADER = "elementTemplateVersion"


def with_identity(template: dict[str, Any], *, template_id: str, version: int
                  ) -> dict[str, Any]:
    """A copy of `template` with this id and version, in its top-level keys and in the
    `elementTemplateId`/`elementTemplateVersion` task headers (added before the output mapping
    when missing). Every writer of ids and versions goes through here, so they always agree."""
    values = {ID_HEADER: template_id, VERSION_HEADER: str(version)}
    properties = [p for p in template.get("properties", [])
                  if p.get("binding", {}).get("key") not in values
                  or p.get("binding", {}).get("type") != "zeebe:taskHeader"]
    at = next((i for i, p in enumerate(properties) if p.get("id") == "resultVariable"),
              len(properties))
    properties[at:at] = [prop(id=key, type="Hidden", value=value, binding=header_binding(key))
                         for key, value in sorted(values.items(), reverse=True)]
    return {k: template_id if k == "id" else version if k == "version" else
            properties if k == "properties" else v for k, v in template.items()}
