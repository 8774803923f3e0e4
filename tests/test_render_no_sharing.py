"""A rendered template shares no dict or list between two of its places, on every path.

Renderers reuse dicts (one condition for all of an operation's fields and its result and error
expressions, module-level groups); the built-in layout copies what needs copying through JSON,
and operations rendered ahead (`convert --jobs`, `rest.Prerendered`) come as JSON text in which
each field's condition is written out, so that the template need not copy them again. Either
way, a caller that edits one property of the result must not change another.
"""

from __future__ import annotations

import math
from typing import Any

import orjson
import pytest

from converter import core, forking
from converter.options import Options, Split
from converter.renderers import rest
from converter.renderers.environment import render
from tests.test_prerender import _count_prerendered, _spec

needs_fork = pytest.mark.skipif(not forking.can_fork(), reason="no fork on this platform")


def _shared(value: Any, seen: dict[int, Any] | None = None) -> list[Any]:
    """The dicts and lists reachable from `value` more than once."""
    seen = {} if seen is None else seen
    out: list[Any] = []
    if isinstance(value, dict | list):
        if id(value) in seen:
            return [value]
        seen[id(value)] = value  # kept alive, so ids stay distinct
        for item in value.values() if isinstance(value, dict) else value:
            out.extend(_shared(item, seen))
    return out


@pytest.mark.parametrize("processes", [1, pytest.param(2, marks=needs_fork)])
@pytest.mark.parametrize("tags", [0, 5])  # one operation dropdown; group + operation dropdowns
def test_no_two_places_share_a_dict(processes: int, tags: int) -> None:
    result = core.convert(_spec(240, tags=tags), options=Options(processes=processes))
    [template] = result.templates
    assert _shared(template) == []


@needs_fork
@pytest.mark.parametrize("tags", [0, 5])
def test_operations_as_values_and_as_text_mixed(tags: int, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    """Every third operation travels as values (as one that does not fit JSON would): the
    template copies exactly those, and shares nothing, as in one process."""
    as_json = rest._as_json
    count = iter(range(10 ** 6))
    monkeypatch.setattr(rest, "_as_json", lambda fields, *texts: fields if next(count) % 3 == 0
                        else as_json(fields, *texts))
    spec = _spec(240, tags=tags)
    one = core.convert(spec, options=Options(processes=1))
    as_text: list[int] = []
    used = _count_prerendered(monkeypatch, as_text)
    many = core.convert(spec, options=Options(processes=2))
    assert sum(used) == 240 and 150 < sum(as_text) < 170  # a third as values, in both parts
    assert repr(many.templates) == repr(one.templates)
    assert many.diagnostics == one.diagnostics
    assert _shared(many.templates[0]) == []


@needs_fork
@pytest.mark.parametrize("tags", [0, 5])
def test_editing_one_condition_leaves_the_others(tags: int) -> None:
    """The fields of one operation (the first, built here, and the last, built in a child) and
    its result and error expressions have equal conditions, each its own."""
    result = core.convert(_spec(240, tags=tags), options=Options(processes=2))
    props = result.templates[0]["properties"]
    for index, op in ((0, "op0"), (239, "op239")):
        mine = [p for p in props if p.get("id", "").startswith(f"{op}.")
                or p.get("id") in (f"resultExpression.{index}", f"errorExpression.{index}")]
        assert len(mine) >= 5
        before = [orjson.dumps(p["condition"]) for p in mine]
        assert len(set(before)) == 1
        mine[0]["condition"].clear()
        assert [orjson.dumps(p["condition"]) for p in mine[1:]] == before[1:]


@needs_fork
def test_one_operation_per_template_has_no_conditions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split by operation: the stand-in condition is dropped from prerendered fields."""
    used = _count_prerendered(monkeypatch)
    result = core.convert(_spec(240), options=Options(processes=2, split=Split.OPERATION))
    assert len(result.templates) == 240 and sum(used) == 240
    for template in result.templates:
        assert not [p for p in template["properties"] if p.get("id", "").startswith("op")
                    and "condition" in p]
        assert b"\\u0000" not in orjson.dumps(template)


def _context(properties: list[Any]) -> dict[str, Any]:
    template = {"schema": "s", "name": "N", "id": "i", "version": 1, "description": "d",
                "documentationRef": "", "keywords": ("k",), "category": {"id": "c", "name": "C"},
                "appliesTo": ["bpmn:Task"], "elementType": {"value": "bpmn:ServiceTask"},
                "engines": {"camunda": "^8.8"}, "icon": {"contents": "data:x"}}
    return {"template": template, "groups": ({"id": "g", "label": "G"},),
            "properties": properties}


@pytest.mark.parametrize("odd", [None, 2 ** 70], ids=["json", "big-int"])
def test_fresh_properties_give_what_the_round_trip_gives(odd: Any) -> None:
    """Properties said to be fresh are taken as they are, the others still copied (tuples to
    lists, NaN to null, an int beyond 64 bits by the text path): the same template."""
    shared = {"property": "operationId", "equals": "x"}
    stale = [{"id": "a", "value": (1, 2), "condition": shared},
             {"id": "b", "value": math.nan, "condition": shared, "n": odd}]
    fresh = [{"id": "c", "value": 1.5, "choices": [{"name": "n", "value": "v"}],
              "condition": {"allMatch": [{"property": "p", "equals": "e"}]}},
             {"id": "d", "value": None}]
    properties = [stale[0], fresh[0], stale[1], fresh[1]]
    name = "rest/element-template.json.jinja"
    slow = render(name, _context(orjson.loads(orjson.dumps(properties)) if odd is None
                                 else list(properties)), template_dir=None)
    fast = render(name, _context(properties), template_dir=None, stale=[0, 2])
    assert repr(fast) == repr(slow)
    assert _shared(fast) == []
    if odd is None:  # taken as they are: no copy made
        assert fast["properties"][1] is fresh[0] and fast["properties"][3] is fresh[1]


def test_all_properties_stale_is_the_plain_round_trip() -> None:
    """Naming every position gives what naming none gives, the whole object in one trip."""
    shared = {"property": "operationId", "equals": "x"}
    properties = [{"id": "a", "value": (1, 2), "condition": shared}, {"id": "b", "n": math.nan}]
    name = "rest/element-template.json.jinja"
    assert repr(render(name, _context(properties), template_dir=None, stale=[0, 1])) == repr(
        render(name, _context(properties), template_dir=None))


def test_operation_json_needs_the_stand_in_as_each_fields_condition() -> None:
    """`Prerendered` sends an operation's fields as JSON text only when the stand-in's text is
    each field's condition and nothing else; else as values."""
    pending = rest._PENDING
    fine = [{"id": "a", "condition": pending}, {"id": "b", "value": "x", "condition": pending}]
    blob = rest._as_json(fine, "=result", "=error")
    assert isinstance(blob, bytes)
    condition = {"property": "p", "equals": "q"}
    edited = rest._json_with_condition(blob, condition)
    assert edited is not None
    text, *copies = edited
    assert orjson.loads(text) == [{"id": "a", "condition": condition},
                                  {"id": "b", "value": "x", "condition": condition}]
    assert copies == [condition, condition]
    assert copies[0] is not copies[1] and all(c is not condition for c in copies)
    assert rest._json_with_condition(blob, None) == (
        orjson.dumps([{"id": "a"}, {"id": "b", "value": "x"}]), None, None)
    no_condition = [{"id": "a", "condition": pending}, {"id": "b"}]
    nested = [{"id": "a", "condition": pending},
              {"id": "b", "value": [{"x": 1, "condition": dict(pending)}], "condition": pending}]
    equal_not_same = [{"id": "a", "condition": dict(pending)}]
    big = [{"id": "a", "value": 2 ** 70, "condition": pending}]
    for fields in (no_condition, nested, equal_not_same, big):
        assert rest._as_json(fields) is fields
    assert rest._as_json(fine, "=result", "lone \udc80 surrogate") is fine
    # a condition JSON cannot hold: the operation is copied the slow way
    assert rest._json_with_condition(blob, {"property": "p", "equals": "\udc80"}) is None
