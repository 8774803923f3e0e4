"""Progress on a terminal (rich) and in logs (plain lines); the summary table."""

from __future__ import annotations

import io
from pathlib import Path, PurePosixPath

from converter.batch import Input, Outcome, Status
from converter.batch_console import Progress, print_summary

INPUTS = [Input(Path(f"specs/{n}"), PurePosixPath(n), False) for n in ("a.yaml", "b.md", "c.json")]
OUTCOMES = [Outcome("specs/a.yaml", Status.CONVERTED, operations=3, templates=("a.json",)),
            Outcome("specs/b.md", Status.SKIPPED, note="not an API description"),
            Outcome("specs/c.json", Status.FAILED, note="invalid JSON")]


def _feed(progress: Progress) -> None:
    with progress:
        for inp, outcome in zip(INPUTS, OUTCOMES, strict=True):
            progress.started(inp)
            progress.finished(inp, outcome)


def test_plain_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    _feed(Progress(3, stream=out))
    assert out.getvalue().splitlines() == [
        "[1/3] converted specs/a.yaml: 3 operation(s) -> 1 template(s), 0 warning(s) (0.0 s)",
        "[2/3] skipped specs/b.md: not an API description",
        "[3/3] failed specs/c.json: invalid JSON"]


def test_live_bar_prints_notes_above_it() -> None:
    out = io.StringIO()
    progress = Progress(3, stream=out, live=True)
    _feed(progress)
    text = out.getvalue()
    assert "skipped specs/b.md: not an API description" in text
    assert "failed specs/c.json: invalid JSON" in text
    assert "converted specs/a.yaml" not in text  # successes only move the bar
    assert (progress.converted, progress.failed, progress.skipped) == (1, 1, 1)


def test_summary_table_and_failures() -> None:
    out = io.StringIO()
    print_summary(OUTCOMES, elapsed=1.25, report="r.json", stream=out)
    text = out.getvalue()
    for row in ("files looked at", "inputs", "converted", "failed", "operations", "templates",
                "warnings", "1.2 s"):
        assert row in text
    assert "failed: specs/c.json: invalid JSON" in text and "report: r.json" in text
