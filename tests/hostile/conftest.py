"""Fixtures of the hostile suite: a sandbox folder, a listener that must stay silent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.support import Listener, Tree


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A local TCP port nothing may connect to (unless a test allows remote access)."""
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(spec folder, output folder) in a tmp folder; at the end nothing else may have changed.

    Tests write specs into the spec folder and files a spec must not reach into `elsewhere/`
    next to it; the converter may write only into the output folder.
    """
    spec, out = tmp_path / "spec", tmp_path / "out"
    for folder in (spec, out, tmp_path / "elsewhere"):
        folder.mkdir()
    tree = Tree(tmp_path)
    yield spec, out
    changed = {p for p in tree.changed()
               if not p.is_relative_to(spec) and not p.is_relative_to(tmp_path / "elsewhere")}
    outside = {p for p in changed if not p.is_relative_to(out)}
    assert not outside, f"written outside the output folder: {sorted(outside)}"
