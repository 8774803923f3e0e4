"""Every request of the Postman corpus is converted or reported with its reason, and every
template is valid (the converter's own checks and the official Node validator)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from converter import core
from converter.diagnostics import Severity
from converter.model import Protocol
from converter.options import Options
from tests.postman.corpus import COLLECTIONS, EXAMPLES, TRANSFERWISE, environment_of
from tests.postman.newman import request_items
from tests.support.node import validate_with_node

pytestmark = [pytest.mark.corpus, pytest.mark.node]

SKIP_CODES = {"postman.method-unsupported", "postman.request-invalid", "postman.url-missing",
              "postman.graphql-empty", "postman.graphql-subscription"}


def _requests(paths: list[Path]) -> int:
    return sum(len(request_items(json.loads(p.read_text("utf-8")))) for p in paths)


@pytest.fixture(scope="module")
def results() -> dict[Path, core.ConversionResult]:
    return {p: core.convert(p, options=Options(environment=environment_of(p)))
            for p in COLLECTIONS}


def test_the_corpus_is_what_the_manifest_says() -> None:
    assert (len(EXAMPLES), len(TRANSFERWISE)) == (50, 9)
    assert (_requests(EXAMPLES), _requests(TRANSFERWISE)) == (644, 268)


def test_every_request_is_converted_or_reported(
        results: dict[Path, core.ConversionResult]) -> None:
    converted: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    for path, result in results.items():
        assert result.ok, [str(d) for d in result.diagnostics if d.severity is Severity.ERROR]
        reasons = [d for d in result.diagnostics if d.code in SKIP_CODES]
        assert len(result.api.operations) + len(reasons) == _requests([path]), path
        converted.update(op.protocol.value for op in result.api.operations)
        skipped.update(d.message.split(" ", 1)[0] for d in reasons)
    # COPY (hackernews) and Postman's custom method POSTMAN, in both spellings
    assert skipped == {"COPY": 2, "POSTMAN": 2}
    assert converted == {Protocol.REST.value: 906, Protocol.GRAPHQL.value: 2}


def test_what_the_corpus_is_warned_about(results: dict[Path, core.ConversionResult]) -> None:
    codes = Counter((d.severity.value, d.code) for r in results.values() for d in r.diagnostics)
    # every item with scripts, every auth the connector cannot compute, every GET body kept
    assert codes[("warning", "postman.script-not-run")] == 159
    assert codes[("warning", "postman.auth-unsupported")] == 50
    assert codes[("warning", "postman.body-dropped")] == 4


def test_every_template_passes_the_official_validator(
        results: dict[Path, core.ConversionResult], tmp_path: Path) -> None:
    files = []
    for index, result in enumerate(results.values()):
        for number, template in enumerate(result.templates):
            files.append(tmp_path / f"{index:02d}-{number}.json")
            files[-1].write_text(json.dumps(template), "utf-8")
    # every collection gives a template (the big ones several, --split auto); reqBodyGraphQL
    # gives a GraphQL one
    assert len(results) == 59 and all(r.templates for r in results.values())
    report = validate_with_node(files)
    assert report["valid"], [f for f in report["files"] if not f["valid"]][:3]
