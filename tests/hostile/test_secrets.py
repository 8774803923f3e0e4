"""Secrets: a spec cannot make a template send a Camunda secret to its server.

The connector runtime replaces `{{secrets.NAME}}` in every input value (and in what FEEL makes
of it) before the call. A spec that puts such a reference in a default, an enum, an example or a
constant must not get it into a value; only the credential placeholders the converter writes for
the API's own security schemes stay.
"""

from __future__ import annotations

import re
from typing import Any

from converter import convert
from tests.hostile import specs

SECRET = re.compile(r"\{\{\s*secrets\.")


def _values(template: dict[str, Any]) -> list[tuple[str, str]]:
    """(property id, text) of every value the connector could receive."""
    out = []
    for prop in template["properties"]:
        if isinstance(prop.get("value"), str):
            out.append((prop.get("id", ""), prop["value"]))
        out.extend((prop.get("id", ""), c["value"]) for c in prop.get("choices", [])
                   if isinstance(c.get("value"), str))
    return out


def test_secret_references_from_the_spec_are_split() -> None:
    spec = specs.openapi(
        paths={"/items/{id}": {"post": {
            "operationId": "addItem",
            "security": [{"key": []}],
            "parameters": [
                {"name": "id", "in": "path", "required": True,
                 "schema": {"type": "string", "example": "{{secrets.PATH_SECRET}}"}},
                {"name": "token", "in": "query",
                 "schema": {"type": "string", "default": "{{secrets.AWS_SECRET_KEY}}"}},
                {"name": "X-Const", "in": "header", "required": True,
                 "schema": {"type": "string", "enum": ["{{ secrets.DB_PASSWORD }}"]}},
            ],
            "requestBody": {"content": {"application/json": {"schema": {
                "type": "object", "properties": {
                    "note": {"type": "string", "default": "x {{secrets.BODY}} y"}}}}}},
            "responses": {"200": {"description": "ok"}}}}},
        components={"securitySchemes": {"key": {"type": "apiKey", "in": "header",
                                                "name": "X-Key"}}},
    )
    result = convert(spec)
    assert result.ok, result.diagnostics
    [template] = result.templates
    leaks = [(pid, text) for pid, text in _values(template) if SECRET.search(text)]
    ours = [(pid, text) for pid, text in leaks if re.fullmatch(r"\{\{secrets\.[A-Z0-9_]+\}\}", text)
            and pid.startswith("authentication")]
    assert leaks == ours, leaks
    assert ours, "the API key placeholder the converter writes must stay"
    warned = {d.location.rsplit(": ", 1)[-1] for d in result.diagnostics
              if d.code == "render.secret-reference"}
    assert {"addItem.token", "addItem.xConst"} <= warned, warned
    # an example is only shown (a placeholder is never sent), so it needs no splitting
    path_id = next(p for p in template["properties"] if p.get("id") == "addItem.id")
    assert "value" not in path_id and path_id["placeholder"] == "e.g. {{secrets.PATH_SECRET}}"
    # the split text still reaches the API as written, minus the secret's meaning
    texts = dict(_values(template))
    assert texts["addItem.token"] == "{ {secrets.AWS_SECRET_KEY}}"


def test_text_that_only_mentions_secrets_is_left_alone() -> None:
    spec = specs.openapi(paths={"/x": {"get": {
        "operationId": "getX", "description": "Store the key as {{secrets.MY_KEY}}.",
        "parameters": [{"name": "q", "in": "query",
                        "schema": {"type": "string", "default": "secrets are {not} braces"}}],
        "responses": {"200": {"description": "ok"}}}}})
    result = convert(spec)
    assert not [d for d in result.diagnostics if d.code == "render.secret-reference"]
