"""Only the renderers' own credential placeholders keep their `{{secrets...}}` braces."""

from __future__ import annotations

from typing import Any

from converter.diagnostics import Diagnostics
from converter.renderers.credentials import neutralise, secret
from converter.renderers.properties import input_binding, prop


def _template(*props: dict[str, Any]) -> dict[str, Any]:
    return {"id": "t", "properties": list(props)}


def test_placeholders_in_credential_inputs_stay() -> None:
    key = secret("PETSTORE", "", "API_KEY")
    assert key == "{{secrets.PETSTORE_API_KEY}}"
    template = _template(
        prop(id="a", value=key, binding=input_binding("authentication.token")),
        prop(id="b", value=f"session={key}", binding=input_binding("authentication.value")))
    diagnostics = Diagnostics()
    neutralise(template, diagnostics)
    assert [p["value"] for p in template["properties"]] == [key, f"session={key}"]
    assert not list(diagnostics)


def test_every_other_reference_is_split_once_per_property() -> None:
    key = secret("PETSTORE", "API_KEY")
    template = _template(
        prop(id="q", value="{{secrets.AWS}}", binding=input_binding("q"),
             choices=[{"name": "x", "value": "{{ secrets.X}}"}, {"name": "y", "value": "y"}]),
        prop(id="same", value=key, binding=input_binding("note")),  # not where credentials go
        prop(id="cookie", value=f"{{{{secrets.A}}}}={key}",
             binding=input_binding("authentication.value")))
    diagnostics = Diagnostics()
    neutralise(template, diagnostics)
    q, same, cookie = template["properties"]
    assert (q["value"], q["choices"][0]["value"]) == ("{ {secrets.AWS}}", "{ { secrets.X}}")
    assert same["value"] == "{ {secrets.PETSTORE_API_KEY}}"
    assert cookie["value"] == "{ {secrets.A}}=" + key
    assert [d.location for d in diagnostics] == ["t: q", "t: same", "t: cookie"]
    assert {d.code for d in diagnostics} == {"render.secret-reference"}
