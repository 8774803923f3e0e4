"""Golden-file comparison: `assert_golden(actual_text, golden_path)`.

A mismatch fails with a unified diff and the exact command that refreshes the file; a missing
golden fails the same way. `--update-golden` (see tests/conftest.py) writes instead of comparing,
so refreshing is one command and the change is reviewed in `git diff`.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
MAX_DIFF_LINES = 400

_update = False
updated: list[Path] = []   # files written in this session, reported by conftest at the end


def configure(*, update: bool) -> None:
    """Called by tests/conftest.py with the value of --update-golden."""
    global _update
    _update = update


def refresh_command() -> str:
    """The command that re-runs the current test with --update-golden."""
    current = os.environ.get("PYTEST_CURRENT_TEST", "")
    target = current.rsplit(" (", 1)[0] if current else "tests/"
    return (f"scripts/test -- --update-golden '{target}'   "
            f"(or: .venv/bin/pytest --update-golden '{target}')")


def assert_golden(actual_text: str, golden_path: str | os.PathLike[str]) -> None:
    """Fail unless `actual_text` equals the golden file (relative paths: from the repo root)."""
    path = Path(golden_path)
    if not path.is_absolute():
        path = REPO / path
    shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    if _update:
        if not path.exists() or path.read_text(encoding="utf-8") != actual_text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual_text, encoding="utf-8", newline="\n")
            updated.append(path)
        return
    if not path.exists():
        pytest.fail(f"golden file {shown} does not exist; create it with:\n  {refresh_command()}",
                    pytrace=False)
    expected = path.read_text(encoding="utf-8")
    if expected == actual_text:
        return
    diff = list(difflib.unified_diff(
        expected.splitlines(keepends=True), actual_text.splitlines(keepends=True),
        fromfile=f"{shown} (golden)", tofile=f"{shown} (actual)"))
    if len(diff) > MAX_DIFF_LINES:
        diff = [*diff[:MAX_DIFF_LINES], f"... {len(diff) - MAX_DIFF_LINES} more diff lines\n"]
    text = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in diff)
    pytest.fail(f"output differs from golden file {shown}:\n{text}\n"
                f"if the change is intended, refresh with:\n  {refresh_command()}", pytrace=False)
