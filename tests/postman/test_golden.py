"""Golden files for the Postman mapping rules, one small collection each (fixtures/postman):
variables (collection, environment, dynamic, credentials), auth inheritance, every body mode
(with disabled entries), graphql mode next to REST, nested folders in the v2.0 spelling.

Each golden holds the templates and, readable, the diagnostics. Refresh with
`.venv/bin/pytest --update-golden tests/postman/test_golden.py` and review the diff.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from converter import core
from converter.options import Options
from converter.output import dumps
from tests.support.node import lint_feel, validate_with_node

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures" / "postman"
EXPECTED = REPO / "fixtures" / "expected" / "postman"
CASES = {
    "variables": Options(environment=FIXTURES / "variables.postman_environment.json"),
    "auth-inheritance": Options(),
    "bodies": Options(),
    "graphql": Options(),
    "folders-v2.0": Options(),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, golden: Callable[[str, str], None]) -> None:
    result = core.convert(FIXTURES / f"{name}.postman_collection.json", options=CASES[name])
    assert result.ok
    golden(dumps(result.templates if len(result.templates) > 1 else result.templates[0]),
           str(EXPECTED / f"{name}.json"))
    notes = "".join(f"{d.severity.value} {d.code} [{d.location}]: {d.message}\n"
                    for d in result.diagnostics).replace(str(FIXTURES) + "/", "")
    golden(notes, str(EXPECTED / f"{name}.diagnostics.txt"))


@pytest.mark.node
def test_goldens_pass_the_official_validator() -> None:
    files = sorted(EXPECTED.glob("*.json"))
    assert len(files) == len(CASES)
    report = validate_with_node(files)
    assert report["valid"], report


@pytest.mark.node
def test_golden_feel_lints_clean() -> None:
    expressions = []
    for path in sorted(EXPECTED.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        for template in data if isinstance(data, list) else [data]:
            for prop in template["properties"]:
                value = prop.get("value")
                if isinstance(value, str) and value.startswith("="):
                    expressions.append(value[1:])
    assert len(expressions) > 50
    problems = lint_feel(expressions)
    assert [(e, p) for e, p in zip(expressions, problems, strict=True) if p] == []
