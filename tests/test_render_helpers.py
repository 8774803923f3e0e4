"""Shared renderer helpers written out for speed give what `prop()` gives."""

from __future__ import annotations

from typing import Any

import pytest

from converter.options import Options
from converter.renderers.common import (
    expression_properties,
    header_binding,
    hidden,
    input_binding,
    output_properties,
    prop,
    result_variable_property,
    retry_properties,
)


def _by_prop(results: list[tuple[Any, Any]], errors: list[tuple[Any, Any]]) -> list[Any]:
    """The result and error expressions as `prop()` builds them."""
    out = [prop(id="resultExpression" if len(results) == 1 else f"resultExpression.{i}",
                label="Result expression", group="output", type="Text", value=value,
                feel="required", binding=header_binding("resultExpression"), condition=cond,
                tooltip="Maps the response to process variables. Adjust as needed.")
           for i, (value, cond) in enumerate(results)]
    out.extend(prop(id="errorExpression" if len(errors) == 1 else f"errorExpression.{i}",
                    label="Error expression", group="error", type="Text", value=value,
                    feel="required", binding=header_binding("errorExpression"), condition=cond,
                    tooltip="Turns failures into BPMN errors that boundary events can catch.")
               for i, (value, cond) in enumerate(errors))
    return out


@pytest.mark.parametrize("entries", [
    [("=r", None)],
    [("=r", {"property": "operationId", "equals": "a"}), (None, None), ("", {"x": "y"})],
], ids=["one", "several"])
def test_expression_properties_are_what_prop_builds(entries: list[tuple[Any, Any]]) -> None:
    errors = [(f"{v}e" if v else v, c) for v, c in entries]
    made = expression_properties(entries, errors)
    assert repr(made) == repr(_by_prop(entries, errors))  # keys, order, values
    for (_, cond), p in zip(entries + errors, made, strict=True):
        assert p.get("condition") is cond  # taken as it is: the caller decides what to share
    bindings = [p["binding"] for p in made]
    assert len({id(b) for b in bindings}) == len(bindings)


@pytest.mark.parametrize("camunda", ["8.8", "8.10"])
def test_output_properties_are_its_parts(camunda: str) -> None:
    options = Options(camunda=camunda)
    results = [("=r", None)]
    assert output_properties(results, results, options=options) == [
        result_variable_property(), *expression_properties(results, results),
        *retry_properties(options)]


def test_prop_refuses_unknown_keys() -> None:
    with pytest.raises(TypeError, match="unknown property keys: \\['colour'\\]"):
        prop(id="x", colour="red")
    assert list(prop(condition={}, id="x", value=None, label="L")) == ["id", "label", "condition"]


@pytest.mark.parametrize("value", ["GET", "=url", "", None])
@pytest.mark.parametrize("condition", [None, {"property": "operationId", "equals": "a"}])
def test_hidden_is_what_prop_builds(value: Any, condition: Any) -> None:
    made = hidden("op.method", "method", value, condition)
    assert repr(made) == repr(prop(id="op.method", type="Hidden", value=value,
                                   binding=input_binding("method"), condition=condition))
    assert made.get("condition") is condition
