"""Fidelity tests share one node helper (element-templates-cli + feelin) per session."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from harness.node import NodeHelper


@pytest.fixture(scope="session")
def node() -> Iterator[NodeHelper]:
    helper = NodeHelper()  # raises (never skips) when node or the npm packages are missing
    yield helper
    helper.close()
