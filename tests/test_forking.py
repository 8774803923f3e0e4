"""Building a big spec's operations in forked processes gives what one process gives."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from converter import core, forking
from converter.options import Options
from converter.parsers import openapi as openapi_parser

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "openapi"

pytestmark = pytest.mark.skipif(not forking.can_fork(), reason="no fork on this platform")


def _both(source: Any, processes: int = 2) -> tuple[core.ConversionResult,
                                                    core.ConversionResult]:
    return (core.convert(source, options=Options(processes=1)),
            core.convert(source, options=Options(processes=processes)))


def _assert_same(one: core.ConversionResult, many: core.ConversionResult) -> None:
    assert many.templates == one.templates
    assert many.diagnostics == one.diagnostics
    assert [op.id for op in many.api.operations] == [op.id for op in one.api.operations]


def _spy_parts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record how many parts the parser split the paths into (so a test knows it forked)."""
    seen: list[int] = []
    split = openapi_parser._split

    def spy(items: list[tuple[Any, Any]], processes: int) -> list[list[tuple[Any, Any]]]:
        parts = split(items, processes)
        seen.append(len(parts))
        return parts

    monkeypatch.setattr(openapi_parser, "_split", spy)
    return seen


@pytest.mark.parametrize("spec", [
    "digitalocean/specification/DigitalOcean-public.v2.yaml",  # multi-file, 659 operations
    "stripe-spec3-2022-04.json",
    "box-openapi.json",
])
def test_corpus_spec_same_with_forks(spec: str, monkeypatch: pytest.MonkeyPatch) -> None:
    parts = _spy_parts(monkeypatch)
    one, many = _both(CORPUS / spec, processes=3)
    assert parts[0] == 1 and parts[1] >= 2  # it did split
    _assert_same(one, many)


def _spec(count: int, op_id: str | None = None, broken_every: int = 0, broken_from: int = 0
          ) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for i in range(count):
        op: dict[str, Any] = {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}
        if op_id is not None:
            op["operationId"] = op_id
        if broken_every and i % broken_every == 0 and i >= broken_from:
            op["requestBody"] = {"content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/Missing{i % 3}"}}}}
        paths[f"/things/{i}"] = {"post": op}
    return {"openapi": "3.0.3", "info": {"title": "Things", "version": "1"},
            "servers": [{"url": "https://api.example.com"}], "paths": paths,
            "components": {"schemas": {"Thing": {"type": "object", "properties": {
                "id": {"type": "string"}}}}}}


def test_duplicate_ids_across_parts_are_numbered_as_in_one_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each part only knows its own ids; the later part is rebuilt in order when they meet."""
    parts = _spy_parts(monkeypatch)
    one, many = _both(_spec(240, op_id="same"))
    assert parts == [1, 2]
    _assert_same(one, many)
    ids = [op.id for op in many.api.operations]
    assert len(set(ids)) == 240 and ids[:2] == ["same", "same_2"]


def test_unresolved_refs_in_every_part_reported_once_in_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    parts = _spy_parts(monkeypatch)
    one, many = _both(_spec(240, broken_every=7))
    assert parts == [1, 2]
    _assert_same(one, many)
    unresolved = [d for d in many.diagnostics if d.code == "openapi.ref-unresolved"]
    assert len(unresolved) == 3


def test_unresolved_refs_only_in_a_forked_part_are_reported(
        monkeypatch: pytest.MonkeyPatch) -> None:
    parts = _spy_parts(monkeypatch)
    one, many = _both(_spec(240, broken_every=7, broken_from=200))
    assert parts == [1, 2]
    _assert_same(one, many)
    unresolved = [d for d in many.diagnostics if d.code == "openapi.ref-unresolved"]
    assert len(unresolved) == 3


def test_small_spec_is_not_split(monkeypatch: pytest.MonkeyPatch) -> None:
    parts = _spy_parts(monkeypatch)
    _both(_spec(150))  # 150 operations: not 100 per process for two
    assert parts == [1, 1]


def test_a_failing_child_means_the_parent_does_the_work(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(work: Any) -> forking.Pending[Any] | None:
        def boom() -> None:
            raise RuntimeError("child failed")
        return forking_start(boom)

    forking_start = forking.start
    monkeypatch.setattr(forking, "start", failing)
    one, many = _both(_spec(240, broken_every=5))
    _assert_same(one, many)


def test_start_returns_the_childs_result() -> None:
    pending = forking.start(lambda: {"answer": [42, "x"]})
    assert pending is not None
    assert pending.result() == {"answer": [42, "x"]}


def test_failure_or_unpicklable_result_gives_none() -> None:
    def fails() -> int:
        raise ValueError("no")

    for work in (fails, lambda: threading.Lock()):
        pending = forking.start(work)
        assert pending is not None
        assert pending.result() is None


def test_no_fork_while_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert forking.start(lambda: 1) is None
    finally:
        stop.set()
        thread.join()
