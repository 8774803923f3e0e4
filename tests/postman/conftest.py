"""Postman tests share the fidelity harness's node helper (template applier, feelin)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fidelity"))

from harness.node import NodeHelper, shared


@pytest.fixture(scope="session")
def node() -> Iterator[NodeHelper]:
    helper = shared()
    yield helper
    helper.close()
