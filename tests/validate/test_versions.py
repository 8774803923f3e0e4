"""Version gates: `engines` ranges as node-semver reads them, and the 8.8 deprecation gate."""

from __future__ import annotations

import pytest

from converter.diagnostics import Severity
from converter.validate import validate
from converter.validate.versions import before_88, lower_bound, version
from tests.validate.support import base, prop

# Verdicts checked against node-semver 7.8.6 `validRange`, which the Modeler uses.
VALID_RANGES = ["^8.8", ">=8.6", "8.x", "^8.8 || ^8.9", ">=8.6 <8.9", "8.6 - 8.9", "*", "",
                "~8.7.1", ">= 8.6", "v8.8.0", "^8.8.0-alpha.1", "~>8.7", "X", "< 9"]
INVALID_RANGES = ["eight", "latest", "8.8.8.8", "^", ">=", "8.8.0 -", "^08.1", "^8.8,^8.9",
                  "a.b"]


def _codes(t: dict[str, object], severity: Severity) -> set[str]:
    return {d.code for d in validate(t) if d.severity is severity}


@pytest.mark.parametrize("rng", VALID_RANGES)
def test_engines_valid(rng: str) -> None:
    t = base()
    t["engines"] = {"camunda": rng, "camundaDesktopModeler": "^5.30"}
    assert "template.engines" not in _codes(t, Severity.ERROR)


@pytest.mark.parametrize("rng", INVALID_RANGES)
def test_engines_invalid(rng: str) -> None:
    t = base()
    t["engines"] = {"camunda": "^8.8", "camundaWebModeler": rng}
    assert _codes(t, Severity.ERROR) == {"template.engines"}
    assert [d.message for d in validate(t)] == [
        f"engines.camundaWebModeler: {rng!r} is not a semver range"]


@pytest.mark.parametrize(("rng", "low"), [
    ("^8.8", (8, 8, 0)), (">=8.6 <8.9", (8, 6, 0)), ("8.6 - 8.9", (8, 6, 0)),
    ("^8.9 || ^8.7", (8, 7, 0)), ("< 9", (0, 0, 0)), ("*", (0, 0, 0)), ("~8.7.1", (8, 7, 1)),
    ("eight", None), ("^8.8 || eight", None),
])
def test_lower_bound(rng: str, low: tuple[int, int, int] | None) -> None:
    assert lower_bound(rng) == low


def test_version_reads_the_first_three_numbers() -> None:
    assert version("0.46.0") == (0, 46, 0)
    assert version("@camunda/x@1.2/resources") == (1, 2, 0)


@pytest.mark.parametrize(("engines", "before"), [
    (None, False), ({"camunda": "^8.6"}, True), ({"camunda": "^8.8"}, False),
    ({"camunda": ">=8.7 <8.9"}, True), ({"camunda": "eight"}, False), ({"camunda": 8.6}, False),
    ({"camundaWebModeler": "^1.0"}, False), ("^8.6", False),
])
def test_before_88(engines: object, before: bool) -> None:
    assert before_88({} if engines is None else {"engines": engines}) is before


def test_optional_input_is_fine_for_pre_88_templates() -> None:
    t = base()
    prop(t, "xRequestId")["optional"] = True
    assert _codes(t, Severity.WARNING) == {"template.optional-input"}
    t["engines"] = {"camunda": "^8.6"}
    assert _codes(t, Severity.WARNING) == set()
