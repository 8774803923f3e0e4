"""The bar of issue 4 over real schemas, with the counts printed.

For SWAPI and Saleor (shared corpus) and for any large real schema found in
$SPEC2CONNECTOR_GRAPHQL_SCHEMAS (default /tmp/spec2connector-graphql-schemas; fill it with
`scripts/fetch-graphql-schemas.sh`: GitHub SDL and introspection, Shopify Storefront and
Customer Account, Nautical), converted with `--split operation`:

* at least 97% of Query+Mutation fields become templates;
* every template passes `converter.validate` and the official Node validator, and every FEEL
  value in them lints clean (feel-lint);
* every document parses and validates against the schema (graphql-core `validate`);
* example variables coerce against the document's variable definitions, both the examples in
  the model and what the applied template really sends (element-templates-cli + feelin).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from converter.options import Options, Split
from tests.graphql import checks, e2e
from tests.support.node import file_result, lint_feel, validate_with_node

pytestmark = [pytest.mark.corpus, pytest.mark.node]

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "graphql"
EXTERNAL = Path(os.environ.get("SPEC2CONNECTOR_GRAPHQL_SCHEMAS",
                               "/tmp/spec2connector-graphql-schemas"))
OPTIONS = Options(split=Split.OPERATION, base_url="https://api.example.com/graphql")


def _corpus(names: tuple[str, ...]) -> list[Path]:
    return [CORPUS / n for n in names]


def _external() -> list[Path]:
    if not EXTERNAL.is_dir():
        return []
    return sorted(p for p in EXTERNAL.iterdir() if p.suffix in (".graphql", ".gql", ".json"))


def _run_bar(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "templates"
    counts = checks.check(path, out_dir=out, options=OPTIONS)
    report = validate_with_node(sorted(out.glob("*.json")))
    node_valid = sum(1 for f in out.glob("*.json") if file_result(report, f)["valid"])

    # What the applied templates really send, for every operation.
    gql = checks.load_schema(path)
    result = counts.result
    assert result is not None
    templates = [e2e.with_values(t, checks.required_entries(t, op, gql))
                 for t, op in zip(result.templates, result.api.operations, strict=True)]
    sent_ok = 0
    for op, local in zip(result.api.operations, e2e.run(templates), strict=True):
        problem = checks.coerce_sent_variables(gql, op, local["graphql"]["variables"])
        sent_ok += not problem
        if problem:
            counts.problems.append(f"{op.location} (applied template): {problem}")
    expressions = sorted({p["value"][1:] for t in result.templates for p in t["properties"]
                          if isinstance(p.get("value"), str) and p["value"].startswith("=")})
    lint = [(e, p) for e, p in zip(expressions, lint_feel(expressions), strict=True) if p]
    with capsys.disabled():
        print(f"\n{counts.line()}; Node validator {node_valid}/{counts.templates}; "
              f"applied-template variables coerce {sent_ok}/{counts.templates}; "
              f"FEEL lint {len(expressions) - len(lint)}/{len(expressions)} distinct values clean")
    shown = "\n".join(counts.problems[:10])
    assert counts.templates >= 0.97 * counts.fields, shown
    assert counts.schema_valid == counts.templates, shown
    assert node_valid == counts.templates, report
    assert counts.documents_valid == counts.templates, shown
    assert counts.variables_coerce == counts.templates, shown
    assert sent_ok == counts.templates, shown
    assert lint == []


@pytest.mark.parametrize("path", _corpus(("swapi-schema.graphql", "saleor-schema.graphql")),
                         ids=lambda p: p.name)
def test_corpus_schema_meets_the_bar(path: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    if not path.exists():
        pytest.fail(f"shared corpus not found at {CORPUS}", pytrace=False)
    _run_bar(path, tmp_path, capsys)


@pytest.mark.parametrize("path", _external() or [None], ids=lambda p: p.name if p else "none")
def test_large_real_schema_meets_the_bar(path: Path | None, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    if path is None:
        # Not a skip: the bar includes schemas outside the corpus, and scripts/test fetches them.
        pytest.fail(f"no external schemas in {EXTERNAL}: run scripts/fetch-graphql-schemas.sh "
                    "(scripts/test does it)", pytrace=False)
    _run_bar(path, tmp_path, capsys)
