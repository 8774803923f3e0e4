"""The machine-readable report of a batch run (`batch --report FILE`)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from converter.batch import Outcome, Summary
from converter.options import Options

__all__ = ["report"]


def report(outcomes: Sequence[Outcome], *, out_dir: Path, options: Options,
           elapsed: float | None = None) -> dict[str, Any]:
    """The `--report` document: the summary and every input with its status and diagnostics."""
    from converter import __version__

    return {
        "tool": {"name": "spec2connector", "version": __version__},
        "output": str(out_dir),
        "options": _jsonable(options),
        "summary": Summary.of(outcomes).as_dict(),
        "seconds": None if elapsed is None else round(elapsed, 3),
        "inputs": [
            {
                "source": o.source,
                "status": o.status.value,
                "note": o.note,
                "format": o.format,
                "title": o.title,
                "operations": o.operations,
                "templates": [str(out_dir / t) for t in o.templates],
                "seconds": o.seconds,
                "diagnostics": [{"severity": d.severity.value, "code": d.code,
                                 "message": d.message, "location": d.location}
                                for d in o.diagnostics],
            }
            for o in outcomes
        ],
    }


def _jsonable(options: Options) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in options.__dataclass_fields__:
        value = getattr(options, name)
        if name == "icon" and value:
            value = value[:40] + ("..." if len(value) > 40 else "")
        out[name] = list(value) if isinstance(value, tuple) else (
            str(value) if isinstance(value, Path | StrEnum) else value)
    return out
