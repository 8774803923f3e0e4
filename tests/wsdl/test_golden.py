"""Must show 3: golden templates (and diagnostics) for one small fixture per mapping rule.

Refresh with `.venv/bin/pytest tests/wsdl/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from converter.core import convert
from converter.output import dumps
from tests.support.golden import assert_golden

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures" / "wsdl"
EXPECTED = REPO / "fixtures" / "expected" / "wsdl"
CASES = sorted([*FIXTURES.glob("*.wsdl"), FIXTURES / "imports" / "main.wsdl"])


@pytest.mark.parametrize("path", CASES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_golden(path: Path) -> None:
    result = convert(path)
    assert result.templates
    text = dumps(result.templates[0]) if len(result.templates) == 1 else \
        json.dumps(result.templates, indent=2, ensure_ascii=False) + "\n"
    stem = str(path.relative_to(FIXTURES)).replace("/", "-").removesuffix(".wsdl")
    assert_golden(text, EXPECTED / f"{stem}.soap.json")
    diagnostics = "".join(f"{d}\n" for d in result.diagnostics).replace(str(REPO) + "/", "")
    assert_golden(diagnostics, EXPECTED / f"{stem}.diagnostics.txt")
