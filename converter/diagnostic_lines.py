"""How the CLI prints diagnostics: one line each, or grouped by code when there are many.

A big spec can draw hundreds of warnings of a few kinds (Kubernetes: 427 lines); one line per
kind with its count and first place says the same in a screenful. Errors are always printed
one by one (each is a reason the output is missing); `--verbose` prints every line, `--quiet`
only the errors. CLI side only: the library returns diagnostics and never prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from converter.diagnostics import Diagnostic, Severity

# More warnings and notes than this are grouped by code unless --verbose.
GROUP_ABOVE = 20


class Verbosity(StrEnum):
    """--quiet (errors only), the default (grouped when many), --verbose (every line)."""

    QUIET = "quiet"
    NORMAL = "normal"
    VERBOSE = "verbose"


@dataclass(frozen=True, slots=True)
class Group:
    """All diagnostics of one severity and code, with the first one as the example."""

    count: int
    source: str  # the input the first one came from
    first: Diagnostic


def line(d: Diagnostic, source: str) -> str:
    """`source: warning: message [code] (location)`."""
    where = f" ({d.location})" if d.location else ""
    return f"{source}: {d.severity.value}: {d.message} [{d.code}]{where}"


def lines(diagnostics: Sequence[Diagnostic], source: str, verbosity: Verbosity) -> list[str]:
    """The lines `convert` prints for one input's diagnostics."""
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    others = [d for d in diagnostics if d.severity is not Severity.ERROR]
    if verbosity is Verbosity.QUIET:
        return [line(d, source) for d in errors]
    if verbosity is Verbosity.VERBOSE or len(others) <= GROUP_ABOVE:
        return [line(d, source) for d in diagnostics]
    kinds = groups((source, d) for d in others)
    head = (f"{source}: {len(others)} warnings and notes of {len(kinds)} kinds "
            "(--verbose prints each):")
    return ([line(d, source) for d in errors] + [head]
            + [f"{source}: {group_line(g, name_input=False)}" for g in kinds])


def groups(items: Iterable[tuple[str, Diagnostic]]) -> list[Group]:
    """(source, diagnostic) pairs grouped by severity and code: warnings before notes, then
    the most frequent first, then by code (a stable order for logs and tests)."""
    found: dict[tuple[Severity, str], Group] = {}
    for source, d in items:
        key = (d.severity, d.code)
        seen = found.get(key)
        found[key] = replace(seen, count=seen.count + 1) if seen else Group(1, source, d)
    rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(found.values(),
                  key=lambda g: (rank[g.first.severity], -g.count, g.first.code))


def group_line(g: Group, *, name_input: bool) -> str:
    """`   12 x warning [code], first: message (input, location)`; the input is named for a
    batch, whose groups span several inputs."""
    d = g.first
    place = ", ".join(p for p in (g.source if name_input else "", d.location) if p)
    where = f" ({place})" if place else ""
    return f"{g.count:>5} x {d.severity.value} [{d.code}], first: {d.message}{where}"
