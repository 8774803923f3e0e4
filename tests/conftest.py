"""Suite-wide pytest setup: the --update-golden option and the `golden` fixture."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.support import golden as _golden


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="write golden files from the current output instead of comparing against them")


def pytest_configure(config: pytest.Config) -> None:
    _golden.configure(update=bool(config.getoption("--update-golden")))


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
