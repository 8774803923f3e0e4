"""What `spec2connector batch` shows: live progress, then a summary table (CLI side only).

On a terminal a rich progress bar names the files being converted and keeps the counts;
anything else (CI logs, pipes) gets one plain line per input, so logs stay greppable.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from types import TracebackType
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

    from converter.batch import Input, Outcome


class Progress:
    """Call `started`/`finished` per input; use as a context manager around the batch."""

    def __init__(self, total: int, *, stream: IO[str] | None = None,
                 live: bool | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.count = 0
        self.converted = 0
        self.failed = 0
        self.skipped = 0
        self.running: list[str] = []
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> Progress:
        if self.live:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            self._bar = Progress(SpinnerColumn(), BarColumn(bar_width=30), MofNCompleteColumn(),
                                 TextColumn("{task.fields[counts]}"), TimeElapsedColumn(),
                                 TextColumn("{task.description}"),
                                 console=Console(file=self.stream), transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task("", total=self.total, counts=self._counts())
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, exc, tb)

    def _counts(self) -> str:
        return f"{self.converted} converted, {self.failed} failed, {self.skipped} skipped"

    def started(self, inp: Input) -> None:
        self.running.append(str(inp.path))
        self._refresh()

    def finished(self, inp: Input, outcome: Outcome) -> None:
        from converter.batch import Status

        if str(inp.path) in self.running:
            self.running.remove(str(inp.path))
        self.count += 1
        self.converted += outcome.status is Status.CONVERTED
        self.failed += outcome.status is Status.FAILED
        self.skipped += outcome.status is Status.SKIPPED
        line = _line(outcome)
        if self._bar is not None:
            style = {Status.FAILED: "red", Status.SKIPPED: "dim"}.get(outcome.status)
            if style:
                self._bar.console.print(line, style=style, markup=False, highlight=False)
            assert self._task is not None
            self._bar.update(self._task, advance=1)
            self._refresh()
        else:
            width = len(str(self.total))
            print(f"[{self.count:>{width}}/{self.total}] {line}", file=self.stream, flush=True)

    def _refresh(self) -> None:
        if self._bar is not None and self._task is not None:
            names = ", ".join(p.rsplit("/", 1)[-1] for p in self.running)
            names = names if len(names) <= 50 else names[:49] + "…"
            self._bar.update(self._task, description=names, counts=self._counts())


def _line(o: Outcome) -> str:
    from converter.batch import Status

    if o.status is Status.CONVERTED:
        return (f"converted {o.source}: {o.operations} operation(s) -> {len(o.templates)} "
                f"template(s), {o.warnings} warning(s) ({o.seconds:.1f} s)")
    return f"{o.status.value} {o.source}: {o.note}"


def print_summary(outcomes: Sequence[Outcome], *, elapsed: float, report: str | None,
                  stream: IO[str] | None = None) -> None:
    """The summary table, then one line per failed input."""
    from rich.console import Console
    from rich.table import Table

    from converter.batch import Status, Summary

    s = Summary.of(outcomes)
    console = Console(file=stream or sys.stdout, highlight=False)
    table = Table(title="spec2connector batch", show_header=False)
    table.add_column("", style="bold")
    table.add_column("", justify="right")
    for label, value in (("files looked at", s.files), ("not specs (skipped)", s.skipped),
                         ("inputs", s.inputs), ("converted", s.converted),
                         ("failed", s.failed), ("operations", s.operations),
                         ("templates", s.templates), ("warnings", s.warnings),
                         ("wall time", f"{elapsed:.1f} s")):
        table.add_row(label, str(value))
    console.print(table)
    for o in outcomes:
        if o.status is Status.FAILED:
            console.print(f"failed: {o.source}: {o.note}", style="red", markup=False,
                          soft_wrap=True)
    if report:
        console.print(f"report: {report}", markup=False)
    elif s.warnings or s.failed:
        console.print("diagnostics of every input: rerun with --report FILE", markup=False)
