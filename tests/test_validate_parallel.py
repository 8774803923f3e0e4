"""`validate_all(processes=2)` reports what `validate_all()` reports, in the same order.

With `convert --jobs`, big templates have their semantic rules checked by a forked process
while this one checks the schema (`validate._semantic_elsewhere`). The findings must be the
one-process findings: schema then semantic per template, then the (id, version) rule, also
when the forked process fails and the work is done here.
"""

from __future__ import annotations

import copy
import importlib
from typing import Any

import pytest

from converter import forking
from tests.test_validate import base

V = importlib.import_module("converter.validate")

pytestmark = pytest.mark.skipif(not forking.can_fork(), reason="no fork on this platform")


def _big(template_id: str, *, broken: bool) -> dict[str, Any]:
    """The base template grown past `PARALLEL_PROPERTIES`; `broken` adds schema and semantic
    problems at both ends of the property list."""
    t = base()
    t["id"] = template_id
    extra = []
    for i in range(V.PARALLEL_PROPERTIES):
        extra.append({"id": f"field{i}", "label": f"Field {i}", "type": "String",
                      "value": f"value {i}", "binding": {"type": "zeebe:input",
                                                         "name": f"field{i}"}})
    t["properties"].extend(extra)
    if broken:
        first, last = t["properties"][0], t["properties"][-1]
        first["condition"] = {"property": "field3", "equals": "x"}  # defined later
        last["condition"] = {"property": "nowhere", "equals": "x"}  # not defined
        last["type"] = "Bogus"  # a schema error
        t["properties"][5]["feel"] = "required"
        t["properties"][5]["value"] = "no equals sign"
    return t


def _codes(found: list[Any]) -> list[tuple[str, str, str, str]]:
    return [(d.severity.name, d.code, d.message, d.location) for d in found]


@pytest.mark.parametrize("templates", [
    pytest.param(lambda: [_big("a", broken=True)], id="one broken"),
    pytest.param(lambda: [_big("a", broken=False), _big("b", broken=True),
                          _big("a", broken=True)], id="three, one id twice"),
    pytest.param(lambda: [_big("", broken=True), "not a template", _big("c", broken=False)],
                 id="no id and not an object"),
])
def test_same_findings_as_one_process(templates: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    start = forking.start

    def counting(work: Any) -> Any:
        started.append(1)
        return start(work)

    monkeypatch.setattr(forking, "start", counting)
    made = templates()
    expected = _codes(V.validate_all(copy.deepcopy(made)))
    assert not started
    got = _codes(V.validate_all(made, processes=2))
    assert started == [1], "the semantic rules were not checked in a forked process"
    assert got == expected
    assert any(code == "template.schema" for _, code, _, _ in expected)
    assert any(code == "template.condition-property-order" for _, code, _, _ in expected)


def test_small_templates_stay_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forking, "start", lambda work: pytest.fail("forked for a small template"))
    t = base()
    assert _codes(V.validate_all([t], processes=2)) == _codes(V.validate_all([t]))


def test_a_failed_fork_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    real = forking.Pending.result
    collected: list[Any] = []

    def result(self: Any) -> Any:
        collected.append(real(self))
        return None  # as when the child failed, died or its result did not pickle

    monkeypatch.setattr(forking.Pending, "result", result)
    t = _big("a", broken=True)
    expected = _codes(V.validate_all([copy.deepcopy(t)]))
    assert _codes(V.validate_all([t], processes=2)) == expected
    assert len(collected) == 1


def test_an_exception_here_stops_the_forked_process(monkeypatch: pytest.MonkeyPatch) -> None:
    cancelled: list[int] = []
    real = forking.Pending.cancel

    def cancel(self: Any) -> None:
        cancelled.append(1)
        real(self)

    monkeypatch.setattr(forking.Pending, "cancel", cancel)

    def broken(template: Any) -> list[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(V, "_schema_problems", broken)
    with pytest.raises(KeyboardInterrupt):
        V.validate_all([_big("a", broken=True)], processes=2)
    assert cancelled == [1]
