"""Issue 18, Must show 3: over the whole corpus (OpenAPI, WSDL, GraphQL, Postman), converted
with default options, every template fits the Modeler's panel: no operation chooser level over
50 entries, no label twice in one chooser, no HTML in labels or tooltips, the icon embedded,
the elementTemplateId/elementTemplateVersion headers; and no template of several operations
over MAX_TEMPLATE_PROPERTIES. The real specs outside the corpus that scripts/test fetches
(GitHub's REST API, GraphQL schemas) are checked too when their folders are set.

The figures are printed (run with -s); `python -m tests.support.panel DIR` prints them for any
folder of templates.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from converter import batch
from converter.renderers.choice import MAX_CHOICES
from converter.renderers.sizing import MAX_TEMPLATE_PROPERTIES
from tests.support import panel

pytestmark = pytest.mark.corpus

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
EXTRA = [os.environ[v] for v in ("SPEC2CONNECTOR_OPENAPI_SPECS", "SPEC2CONNECTOR_GRAPHQL_SCHEMAS")
         if os.environ.get(v)]


def test_every_corpus_template_fits_the_panel(tmp_path: Path) -> None:
    assert CORPUS.is_dir(), f"corpus missing at {CORPUS}"
    inputs = batch.discover([str(CORPUS), *EXTRA])
    outcomes = batch.run(inputs, tmp_path, jobs=batch.cpu_count())
    by_format: Counter[str] = Counter()
    largest: dict[str, tuple[int, int]] = {}
    problems: list[str] = []
    for outcome in outcomes:
        for rel in outcome.templates:
            template = json.loads((tmp_path / rel).read_text(encoding="utf-8"))
            facts = panel.facts(template)
            by_format[outcome.format] += 1
            big = largest.get(outcome.format, (0, 0))
            largest[outcome.format] = (max(big[0], facts["properties"]),
                                       max(big[1], facts["largest_chooser"]))
            found = panel.problems(template)
            if facts["properties"] > MAX_TEMPLATE_PROPERTIES and facts["chooser_levels"]:
                found.append(f"{facts['properties']} properties")
            problems.extend(f"{rel}: {p}" for p in found)
    print(f"\n{sum(by_format.values())} templates from {len(outcomes)} files")
    for fmt, count in sorted(by_format.items()):
        props, chooser = largest[fmt]
        print(f"  {fmt:24} {count:4} templates, largest {props:5} properties, "
              f"largest chooser level {chooser:3}")
    for family in ("openapi", "wsdl", "graphql", "postman"):
        assert any(f.startswith(family) for f in by_format), f"no {family} template"
    assert max(chooser for _, chooser in largest.values()) <= MAX_CHOICES
    assert not problems, problems[:10]
