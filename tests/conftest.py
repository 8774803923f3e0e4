"""Suite-wide pytest setup: test tiers, the --update-golden option and the `golden` fixture.

Tiers (markers): `node` needs Node and tests/node/node_modules; `corpus` reads the real specs
in ../shared/corpus; `fidelity` runs the fidelity harness (tests/fidelity, Node too); every
other test is `unit` and runs on a fresh clone with only the Python test dependencies
(`pytest -m unit`). A module or test says which tiers it needs with `pytest.mark.node` /
`pytest.mark.corpus`; nothing is skipped for a missing tool: the full run fails instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import golden as _golden


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="write golden files from the current output instead of comparing against them")


TIERS = {
    "unit": "needs only Python and the repository (the default tier)",
    "node": "needs Node and tests/node/node_modules (scripts/test installs them)",
    "corpus": "reads the real specs in ../shared/corpus",
    "fidelity": "runs the fidelity harness (tests/fidelity; Node and the corpus)",
}
_FIDELITY = Path(__file__).resolve().parent / "fidelity"


def pytest_configure(config: pytest.Config) -> None:
    _golden.configure(update=bool(config.getoption("--update-golden")))
    for name, meaning in TIERS.items():
        config.addinivalue_line("markers", f"{name}: {meaning}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests under tests/fidelity are `fidelity`, tests that use a `node`/`node_*` fixture are
    `node`;
    a test in no other tier is `unit`."""
    for item in items:
        if item.path.is_relative_to(_FIDELITY):
            item.add_marker(pytest.mark.fidelity)
        if item.get_closest_marker("modeler") or any(
                f == "node" or f.startswith("node_") for f in getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.node)
        if not any(item.get_closest_marker(t) for t in ("node", "corpus", "fidelity")):
            item.add_marker(pytest.mark.unit)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _golden.updated:
        terminalreporter.write_sep("=", f"updated {len(_golden.updated)} golden file(s)")
        for path in _golden.updated:
            shown = path.relative_to(_golden.REPO) if path.is_relative_to(_golden.REPO) else path
            terminalreporter.write_line(f"  {shown}")


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """`golden(actual_text, "fixtures/golden/x.json")`: same as support.golden.assert_golden."""
    return _golden.assert_golden
