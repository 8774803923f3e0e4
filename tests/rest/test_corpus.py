"""Issue 2's bar over every OpenAPI/Swagger spec of ../shared/corpus/openapi (--split operation):
no crash; >= 99% of GET/POST/PUT/PATCH/DELETE operations become templates; 100% of templates
pass our validator and the official Node validator; every operation with a documented success
response has a result expression; every secured operation gets authentication.

The counts are printed (run with -s to see them); `scripts/corpus_openapi.py DIR` runs the
same check on any other folder of specs (e.g. real specs that are not in the corpus).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.support.node import validate_with_node

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "openapi"
sys.path.insert(0, str(REPO / "scripts"))

import corpus_openapi  # noqa: E402

pytestmark = [pytest.mark.corpus, pytest.mark.node]


def test_openapi_corpus_meets_the_bar(tmp_path: Path) -> None:
    assert CORPUS.is_dir(), f"corpus missing at {CORPUS}"
    report = corpus_openapi.run(CORPUS, tmp_path)
    totals = report["totals"]
    print("\nOpenAPI corpus, --split operation:", json.dumps(totals, indent=1))
    assert isinstance(totals, dict)
    assert totals["specs"] >= 240
    assert totals["failed_specs"] == 0, report["failures"]
    assert totals["templates"] >= 0.99 * totals["operations"]
    assert totals["invalid_templates"] == 0, report["failures"]
    assert totals["result_expressions"] == totals["with_success_response"]
    assert totals["authenticated_operations"] == totals["secured_operations"]
    files = sorted(p for p in tmp_path.rglob("*.json") if p.is_file())
    assert len(files) == totals["templates"]
    node = validate_with_node([tmp_path])
    invalid = [f for f in node["files"] if not f["valid"]]
    print(f"official validator: {len(files) - len(invalid)} of {len(files)} templates valid")
    assert not invalid, invalid[:3]
