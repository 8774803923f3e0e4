"""What `spec2connector batch` shows: live progress, then a summary table (CLI side only).

On a terminal a rich progress bar names the files being converted (by their path under the
folder given, since bare names repeat in a tree) and keeps the counts, above it a line per input
that failed, was skipped or drew warnings; anything else (CI logs, pipes) gets one plain line per
input, so logs stay greppable. A failure line names the place as `convert` does
(`file:line:col`). `--quiet` keeps the failure lines only; `--verbose` adds every diagnostic.
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
    from converter.diagnostic_lines import Verbosity


class Progress:
    """Call `started`/`finished` per input; use as a context manager around the batch."""

    def __init__(self, total: int, *, stream: IO[str] | None = None,
                 live: bool | None = None, verbosity: Verbosity | None = None) -> None:
        from converter.diagnostic_lines import Verbosity

        self.total = total
        self.verbosity = verbosity or Verbosity.NORMAL
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
        self.running.append(_shown(inp))
        self._refresh()

    def finished(self, inp: Input, outcome: Outcome) -> None:
        from converter.batch import Status
        from converter.diagnostic_lines import line

        if _shown(inp) in self.running:
            self.running.remove(_shown(inp))
        self.count += 1
        self.converted += outcome.status is Status.CONVERTED
        self.failed += outcome.status is Status.FAILED
        self.skipped += outcome.status is Status.SKIPPED
        lines = [_line(outcome)] if self._shows(outcome) else []
        if self.verbosity == "verbose":
            lines += [line(d, outcome.source) for d in outcome.diagnostics]
        if self._bar is not None:
            style = {Status.FAILED: "red", Status.SKIPPED: "dim"}.get(outcome.status, "yellow")
            for text in lines:
                self._bar.console.print(text, style=style, markup=False, highlight=False)
            assert self._task is not None
            self._bar.update(self._task, advance=1)
            self._refresh()
        elif lines:
            width = len(str(self.total))
            lines[0] = f"[{self.count:>{width}}/{self.total}] {lines[0]}"
            print("\n".join(lines), file=self.stream, flush=True)

    def _shows(self, o: Outcome) -> bool:
        """Whether `o` gets its line: failures always; a clean conversion only in plain logs."""
        from converter.batch import Status

        if o.status is Status.FAILED or self.verbosity == "verbose":
            return True
        if self.verbosity == "quiet":
            return False
        return self._bar is None or o.status is Status.SKIPPED or o.warnings > 0

    def _refresh(self) -> None:
        if self._bar is not None and self._task is not None:
            names = ", ".join(self.running)
            names = names if len(names) <= 60 else names[:59] + "…"
            self._bar.update(self._task, description=names, counts=self._counts())


def _shown(inp: Input) -> str:
    """An input's name on the progress bar: its path under the folder it was found in
    (`openapi/v1.json`, not `v1.json`), or the path as given for a file named explicitly."""
    return inp.relative.as_posix() if inp.root is not None else str(inp.path)


def place(o: Outcome) -> str:
    """Where an input failed: `file:line:col` when its first error says so, else the file."""
    from converter.diagnostics import Severity

    first = next((d for d in o.diagnostics if d.severity is Severity.ERROR), None)
    if first is not None and first.location.startswith(o.source + ":"):
        return first.location
    return o.source


def _line(o: Outcome) -> str:
    from converter.batch import Status

    if o.status is Status.CONVERTED:
        return (f"converted {o.source}: {o.operations} operation(s) -> {len(o.templates)} "
                f"template(s), {o.warnings} warning(s) ({o.seconds:.1f} s)")
    if o.status is Status.FAILED:
        return f"failed {place(o)}: {o.note}"
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
    for text in warning_lines(outcomes):
        console.print(text, markup=False, soft_wrap=True)
    for o in outcomes:
        if o.status is Status.FAILED:
            console.print(f"failed: {place(o)}: {o.note}", style="red", markup=False,
                          soft_wrap=True)
    if report:
        console.print(f"report: {report}", markup=False)
    elif s.warnings or s.failed:
        console.print("diagnostics of every input: rerun with --report FILE", markup=False)


# Warning codes listed under the summary table; the report has every warning.
MOST_CODES = 10


def warning_lines(outcomes: Sequence[Outcome]) -> list[str]:
    """The batch's warnings grouped by code: count, first input and place, message."""
    from converter.diagnostic_lines import group_line, groups
    from converter.diagnostics import Severity

    found = groups((o.source, d) for o in outcomes for d in o.diagnostics
                   if d.severity is Severity.WARNING)
    if not found:
        return []
    out = ["warnings by code:"] + [group_line(g, name_input=True) for g in found[:MOST_CODES]]
    if len(found) > MOST_CODES:
        out.append(f"  ... and {len(found) - MOST_CODES} more code(s)")
    return out
