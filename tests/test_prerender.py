"""Operations rendered ahead by the processes that built them give the one-process template.

With `processes > 1` (`convert --jobs`), each forked part's operations are rendered in the
child and this process renders its own part while it waits (`rest.Prerendered`); the template
then takes those properties in place of rendering each operation. Same templates, same
diagnostics in the same order, for every split and for conditions of both dropdown layouts.
"""

from __future__ import annotations

from typing import Any

import pytest

from converter import core, forking
from converter.options import Options, Split
from converter.renderers import rest
from converter.renderers.environment import dump_bytes

pytestmark = pytest.mark.skipif(not forking.can_fork(), reason="no fork on this platform")


def _spec(count: int, *, tags: int = 0, big_default_from: int | None = None,
          secret_every: int = 0) -> dict[str, Any]:
    """`count` operations; every 9th path names a parameter it does not declare, every 4th
    has a query parameter with an example, `tags` first tags in turn; every `secret_every`th
    names a Camunda secret in a default and in a response field's name."""
    paths: dict[str, Any] = {}
    for i in range(count):
        params = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
        if i % 4 == 0:
            params.append({"name": "limit", "in": "query",
                           "schema": {"type": "integer", "example": 10 + i}})
        body: dict[str, Any] = {"type": "object", "properties": {"name": {"type": "string"}}}
        if big_default_from is not None and i >= big_default_from:
            body["properties"]["size"] = {"type": "integer", "default": 2 ** 70}
        returned: dict[str, Any] = {"id": {"type": "string"}}
        if secret_every and i % secret_every == 0:
            body["properties"]["note"] = {"type": "string", "default": "{{secrets.LEAK}}"}
            returned["{{secrets.OUT}}"] = {"type": "string"}
        op: dict[str, Any] = {
            "operationId": f"op{i}",
            "parameters": params,
            "requestBody": {"content": {"application/json": {"schema": body}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "object", "properties": returned}}}},
                "404": {"description": "missing"}},
        }
        if tags:
            op["tags"] = [f"tag{i % tags}"]
        path = f"/things/{{id}}/{i}" + ("/{undeclared}" if i % 9 == 0 else "")
        paths[path] = {"post": op}
    return {"openapi": "3.0.3", "info": {"title": "Things", "version": "1"},
            "servers": [{"url": "https://api.example.com"}], "paths": paths}


def _count_prerendered(monkeypatch: pytest.MonkeyPatch, as_json: list[int] | None = None
                       ) -> list[int]:
    """How many operations each conversion took from `Prerendered` (one entry per pop), and in
    `as_json` how many of those came as JSON text."""
    used: list[int] = []
    pop = rest.Prerendered.pop

    def spy(self: rest.Prerendered, op: Any) -> Any:
        got = pop(self, op)
        used.append(int(got is not None))
        if as_json is not None:
            as_json.append(int(got is not None and isinstance(got[0], bytes)))
        return got

    monkeypatch.setattr(rest.Prerendered, "pop", spy)
    return used


def _note_each_operation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Have rendering an operation say so (a diagnostic per operation, as a warning from
    `rest._operation` would be): prerendered diagnostics must come back in operation order."""
    operation = rest._operation

    def noted(op: Any, condition: Any, options: Any, diagnostics: Any) -> Any:
        diagnostics.info("test.rendered", op.id, op.location)
        return operation(op, condition, options, diagnostics)

    monkeypatch.setattr(rest, "_operation", noted)


def _both(spec: dict[str, Any], **options: Any) -> tuple[core.ConversionResult,
                                                        core.ConversionResult]:
    return (core.convert(spec, options=Options(processes=1, **options)),
            core.convert(spec, options=Options(processes=2, **options)))


def _assert_same(one: core.ConversionResult, many: core.ConversionResult) -> None:
    assert many.templates == one.templates
    # key order and value types too (1 against 1.0, an int beyond 64 bits against a float)
    assert [repr(t) for t in many.templates] == [repr(t) for t in one.templates]
    assert [dump_bytes(t) for t in many.templates] == [dump_bytes(t) for t in one.templates]
    assert many.diagnostics == one.diagnostics
    assert many.stems == one.stems


@pytest.mark.parametrize("split", [Split.API, Split.TAG, Split.OPERATION])
@pytest.mark.parametrize("tags", [0, 5])  # one operation dropdown; group + operation dropdowns
def test_prerendered_operations_give_the_same_templates(
        split: Split, tags: int, monkeypatch: pytest.MonkeyPatch) -> None:
    used = _count_prerendered(monkeypatch)
    _note_each_operation(monkeypatch)
    one, many = _both(_spec(240, tags=tags), split=split)
    _assert_same(one, many)
    assert sum(used) == 240  # every operation came from a part's processes
    noted = [d.message for d in many.diagnostics if d.code == "test.rendered"]
    assert sorted(noted) == sorted(op.id for op in one.api.operations)  # once each
    # ... and in the order one process renders them (compared above with all diagnostics)


def test_selected_operations_are_not_prerendered(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[int] = []
    make = rest.Prerendered.make
    monkeypatch.setattr(rest.Prerendered, "make",
                        lambda self, ops: made.append(len(ops)) or make(self, ops))
    one, many = _both(_spec(240, tags=5), tags=("tag1",))
    _assert_same(one, many)
    assert made == []  # only 48 of 240 are rendered: no work ahead for the others


def test_operations_that_do_not_fit_json_travel_as_values(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An integer beyond 64 bits does not fit JSON text: those operations' properties travel as
    values and the template copies them as it copies what it renders itself (the text path
    writes the integer); the other operations still come as JSON text."""
    as_json: list[int] = []
    used = _count_prerendered(monkeypatch, as_json)
    one, many = _both(_spec(240, big_default_from=200))
    _assert_same(one, many)
    assert sum(used) == 240
    assert sum(as_json) == 200
    sizes = [p for p in many.templates[0]["properties"] if p.get("id") == "op230.size"]
    assert sizes and sizes[0]["value"] == 2 ** 70


def test_secret_references_in_prerendered_operations_are_split() -> None:
    """Operations that come as JSON text are looked at for secret references only when their
    text has "{{": the others are skipped, these still split, with the same warnings."""
    one, many = _both(_spec(240, tags=5, secret_every=7))
    _assert_same(one, many)
    warned = [d for d in many.diagnostics if d.code == "render.secret-reference"]
    assert len(warned) >= 2 * len(range(0, 240, 7))  # a field and a result expression each
    assert b"{{secrets.LEAK" not in dump_bytes(many.templates[0])
