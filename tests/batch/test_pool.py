"""One input that hangs, crashes or dies mid-write costs that input only."""

from __future__ import annotations

import multiprocessing
import shutil
import time
from pathlib import Path

import pytest

from converter import batch, workpool
from converter.batch import Status
from tests.batch.conftest import FIXTURES
from tests.batch.workers import misbehaving


def _folder(tmp_path: Path, names: list[str]) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for name in names:
        shutil.copyfile(FIXTURES / "openapi/v3_0/tags.yaml", root / name)
    return root


def test_hung_and_crashing_inputs_fail_alone(tmp_path: Path) -> None:
    root = _folder(tmp_path, ["a.yaml", "crash.yaml", "hang.yaml", "halfway.yaml", "z.yaml"])
    out = tmp_path / "out"
    started = time.monotonic()
    outcomes = batch.run(batch.discover([str(root)]), out, jobs=2, timeout=6,
                         worker=misbehaving)
    assert time.monotonic() - started < 60  # the hung workers were stopped, not waited for
    got = {Path(o.source).name: (o.status, o.diagnostics[0].code if o.diagnostics else "")
           for o in outcomes}
    assert got == {"a.yaml": (Status.CONVERTED, ""), "crash.yaml": (Status.FAILED, "batch.crash"),
                   "halfway.yaml": (Status.FAILED, "batch.timeout"),
                   "hang.yaml": (Status.FAILED, "batch.timeout"),
                   "z.yaml": (Status.CONVERTED, "")}
    # outcomes come back in input order, and no half-written file is left behind
    assert [Path(o.source).name for o in outcomes] == sorted(got)
    assert sorted(p.name for p in out.rglob("*")) == ["a.json", "z.json"]


def _square(n: int) -> int:
    return n * n


def test_pool_runs_every_task_once_whatever_the_jobs() -> None:
    for jobs in (1, 3):
        seen = list(workpool.run(_square, range(7), jobs=jobs, timeout=30))
        assert sorted((e.task, e.result) for e in seen if isinstance(e, workpool.Done)) == [
            (n, n * n) for n in range(7)]


def test_interrupt_stops_workers_and_leaves_no_partial_file(tmp_path: Path) -> None:
    root = _folder(tmp_path, ["a.yaml", "halfway.yaml", "later.yaml"])
    out = tmp_path / "out"

    def interrupt(inp: batch.Input, outcome: batch.Outcome) -> None:
        if inp.path.name == "a.yaml":
            time.sleep(1)  # halfway.yaml has surely written its temporary file by now
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        batch.run(batch.discover([str(root)]), out, jobs=2, timeout=60, worker=misbehaving,
                  on_done=interrupt)
    assert multiprocessing.active_children() == []
    assert sorted(p.name for p in out.rglob("*")) == ["a.json"]
