"""Credential placeholders (`{{secrets.NAME}}`), and no other secret references in a template.

The connector runtime replaces `{{secrets.NAME}}` in every input value before the call, so a
spec whose default, example or constant says `{{secrets.AWS_KEY}}` would make the template send
that secret to the spec's server. Only the placeholders the renderers write for credentials may
stay; every other reference has its braces split (`{ {secrets...`), with a warning.
"""

from __future__ import annotations

import re
from typing import Any

from converter import naming
from converter.diagnostics import Diagnostics
from converter.renderers.properties import Property

# The inputs whose value the renderers fill with a credential placeholder of their own: the
# whole value, or its end (`name=` + placeholder for an API key sent as a cookie).
CREDENTIAL_INPUTS = frozenset({
    "authentication.username", "authentication.password", "authentication.token",
    "authentication.value", "authentication.clientId", "authentication.clientSecret",
    "authentication.certificate.certificate", "authentication.certificate.privateKey",
    "authentication.certificate.keystorePassword", "authentication.certificate.password",
})

_REFERENCE = re.compile(r"\{\{(?=\s*secrets\.)")
_PLACEHOLDER = re.compile(r"\{\{secrets\.[A-Z0-9_]+\}\}\Z")


def secret(api_slug: str, *parts: str) -> str:
    """A credential placeholder such as `{{secrets.PETSTORE_API_KEY}}`, for the value of a
    property bound to one of `CREDENTIAL_INPUTS` (anywhere else `neutralise` splits it)."""
    return "{{secrets." + naming.secret_name(api_slug, *parts) + "}}"


def neutralise(template: dict[str, Any], diagnostics: Diagnostics,
               own: frozenset[str] = frozenset()) -> None:
    """Split the braces of every secret reference in the template's values and dropdown choices
    but the credential placeholders; say so once for each property that had any. `own`: the
    inputs (binding names) of the operations that hold credentials (`Input.secret`: SOAP header
    fields such as sessionId), whose field in the header group may hold one placeholder, as its
    whole value."""
    for prop in template.get("properties", []):
        items = [prop, *(c for c in prop.get("choices") or () if isinstance(c, dict))]
        changed = False
        for item in items:
            value = item.get("value")
            if isinstance(value, str) and "{{" in value and _REFERENCE.search(value):
                keep = _own_placeholder(prop, value, own) if item is prop else -1
                fixed = _split(value, keep=keep)
                changed |= fixed != value
                item["value"] = fixed
        if changed:
            binding = prop.get("binding", {})
            where = f"{template.get('id', '')}: {prop.get('id', binding.get('name', ''))}"
            diagnostics.warning(
                "render.secret-reference",
                "a value from the spec names a Camunda secret ({{secrets...}}); its braces are "
                "split ({ {) so that the connector does not fill in the secret", where)


def _split(value: str, *, keep: int) -> str:
    """`value` with the braces split at every secret reference but the one at `keep`."""
    return _REFERENCE.sub(lambda m: m.group() if m.start() == keep else "{ {", value)


def _own_placeholder(prop: Property, value: str, own: frozenset[str]) -> int:
    """Where the renderers' own placeholder starts in `prop`'s value (-1: it holds none)."""
    name = prop.get("binding", {}).get("name")
    if name in own and prop.get("group") == "header":  # a SOAP header credential field
        return 0 if _PLACEHOLDER.match(value) else -1
    if name not in CREDENTIAL_INPUTS:
        return -1
    found = _PLACEHOLDER.search(value)
    return found.start() if found else -1
