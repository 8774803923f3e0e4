"""Golden files for the GraphQL fixtures: the template and, readable, every document.

Refresh with `.venv/bin/pytest --update-golden tests/graphql/test_golden.py` and review the diff.
Each fixture shows one mapping concern: connections, unions/interfaces, input objects and enums
(with recursion), depth (at 1, 2 and 3).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from graphql import parse, print_ast

from converter import core
from converter.model import GraphQLRequest
from converter.options import Options
from converter.output import dumps
from converter.validate import validate
from tests.graphql import checks
from tests.support.node import lint_feel, validate_with_node

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures" / "graphql"
EXPECTED = REPO / "fixtures" / "expected" / "graphql"

CASES = {
    "connections": Options(base_url="https://library.example.com/graphql"),
    "unions-interfaces": Options(auth="bearer", base_url="https://media.example.com/graphql"),
    "input-objects": Options(),
    "depth": Options(base_url="https://org.example.com/graphql", auth="apiKey:X-Org-Key"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_template_golden(name: str, golden: Callable[[str, str], None]) -> None:
    result = core.convert(FIXTURES / f"{name}.graphql", options=CASES[name])
    (template,) = result.templates
    assert validate(template) == []
    golden(dumps(template), str(EXPECTED / f"{name}.json"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_documents_golden(name: str, golden: Callable[[str, str], None]) -> None:
    path = FIXTURES / f"{name}.graphql"
    depths = (1, 2, 3) if name == "depth" else (2,)
    gql = checks.load_schema(path)
    parts = []
    for depth in depths:
        api = core.load(path, options=Options(depth=depth))
        for op in api.operations:
            assert isinstance(op.request, GraphQLRequest)
            assert checks.check_operation(gql, op) == (True, True, "")
            variables = checks.example_variables(gql, op)
            parts.append(f"# {op.location}, depth {depth}\n"
                         f"# variables: {json.dumps(variables, sort_keys=True)}\n"
                         f"{print_ast(parse(op.request.document))}\n")
    golden("\n".join(parts), str(EXPECTED / f"{name}.documents.graphql"))


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
        for prop in json.loads(path.read_text("utf-8"))["properties"]:
            value = prop.get("value")
            if isinstance(value, str) and value.startswith("="):
                expressions.append(value[1:])
    assert len(expressions) > 20
    problems = lint_feel(expressions)
    assert [(e, p) for e, p in zip(expressions, problems, strict=True) if p] == []
