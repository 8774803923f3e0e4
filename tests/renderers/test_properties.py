"""Element-template properties: canonical key order, no None values, unknown keys refused."""

from __future__ import annotations

import pytest

from converter.renderers.properties import combine, hidden, prop


def test_prop_orders_keys_and_drops_none() -> None:
    made = prop(condition={"property": "a", "equals": "b"}, id="x", value=None, label="L",
                type="String", feel="optional", binding={"type": "zeebe:input", "name": "x"})
    assert list(made) == ["id", "label", "type", "feel", "binding", "condition"]
    assert prop(id="x", value="")["value"] == ""  # an empty text is a value


def test_prop_refuses_unknown_keys() -> None:
    with pytest.raises(TypeError, match="unknown property keys: \\['colour'\\]"):
        prop(id="x", colour="red")


def test_hidden_is_a_fixed_input() -> None:
    assert hidden("op.method", "method", "GET") == {
        "id": "op.method", "type": "Hidden", "value": "GET",
        "binding": {"type": "zeebe:input", "name": "method"}}
    cond = {"property": "operationId", "equals": "a"}
    assert hidden("op.url", "url", "=u", cond)["condition"] is cond


def test_combine_flattens_and_skips_always() -> None:
    a, b, c = ({"property": p, "equals": "1"} for p in "abc")
    assert combine(None, None) is None
    assert combine(a, None) is a
    assert combine({"allMatch": [a, b]}, c) == {"allMatch": [a, b, c]}
