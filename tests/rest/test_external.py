"""Issue 2's bar on real OpenAPI specs that are NOT in the corpus (so the converter is built for
the class of inputs): ~130 Swagger 2.0 / OpenAPI 3.0 / 3.1 edge-case documents from
@readme/oas-examples and GitHub's 13 MB REST description from @octokit/openapi, fetched from npm
by scripts/fetch-openapi-specs.sh (scripts/test runs it; the files are not committed)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.support.node import validate_with_node

REPO = Path(__file__).resolve().parents[2]
EXTERNAL = Path(os.environ.get("SPEC2CONNECTOR_OPENAPI_SPECS",
                               "/tmp/spec2connector-openapi-specs"))
sys.path.insert(0, str(REPO / "scripts"))

import corpus_openapi  # noqa: E402

pytestmark = [pytest.mark.corpus, pytest.mark.node]


def test_real_specs_outside_the_corpus_meet_the_bar(tmp_path: Path) -> None:
    if not (EXTERNAL / "github").is_dir():
        pytest.fail(f"no external specs in {EXTERNAL}: run scripts/fetch-openapi-specs.sh "
                    "(scripts/test does it)", pytrace=False)
    report = corpus_openapi.run(EXTERNAL, tmp_path)
    totals = report["totals"]
    print("\nOpenAPI specs outside the corpus, --split operation:", json.dumps(totals, indent=1))
    assert isinstance(totals, dict)
    assert totals["specs"] >= 120 and totals["operations"] >= 2000
    assert totals["failed_specs"] == 0, report["failures"]
    assert totals["templates"] >= 0.99 * totals["operations"]
    assert totals["invalid_templates"] == 0, report["failures"]
    assert totals["result_expressions"] == totals["with_success_response"]
    assert totals["authenticated_operations"] == totals["secured_operations"]
    node = validate_with_node([tmp_path])
    invalid = [f for f in node["files"] if not f["valid"]]
    print(f"official validator: {len(node['files']) - len(invalid)} of {len(node['files'])} valid")
    assert len(node["files"]) == totals["templates"]
    assert not invalid, invalid[:3]
