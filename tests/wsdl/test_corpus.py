"""Must show 1: every corpus WSDL converts without a crash, broken ones fail clearly, >= 97% of
the operations an independent parser finds become templates, all of them valid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.node import validate_with_node
from tests.wsdl.corpus import CORPUS, FileRun, run_file, table, wsdl_files

pytestmark = [pytest.mark.corpus, pytest.mark.node]


@pytest.fixture(scope="module")
def runs() -> list[FileRun]:
    return [run_file(p) for p in wsdl_files()]


def test_corpus_counts(runs: list[FileRun], capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print("\n" + table(runs))
    crashes = [f"{r.path}: {r.crash}" for r in runs if r.crash]
    assert not crashes, "\n".join(crashes)
    assert len(runs) > 80
    found = sum(r.independent or 0 for r in runs)
    made = sum(min(len(r.templates), r.independent or 0) for r in runs)
    assert found > 70
    assert made >= 0.97 * found, table(runs)


def test_broken_documents_fail_with_a_clear_message(runs: list[FileRun]) -> None:
    failed = [r for r in runs if r.error]
    assert failed, "the corpus has broken WSDLs; none failed"
    for r in failed:
        assert "Traceback" not in r.error
        where, _, message = r.error.partition(": ")
        assert where.startswith((str(CORPUS), str(CORPUS.resolve()))), r.error  # names the file
        assert len(message) >= 15, r.error  # and says what is wrong


def test_every_template_passes_the_official_validator(runs: list[FileRun],
                                                      tmp_path: Path) -> None:
    files = []
    for i, r in enumerate(runs):
        for j, template in enumerate(r.templates):
            path = tmp_path / f"{i:03d}-{j:03d}.json"
            path.write_text(json.dumps(template), encoding="utf-8")
            files.append(path)
    assert len(files) > 80
    report = validate_with_node(files)
    bad = [(f["file"], t["errors"]) for f in report["files"] for t in f["templates"]
           if not t["valid"]] + [(f["file"], f["errors"]) for f in report["files"] if f["errors"]]
    assert report["valid"] and not bad, bad[:5]


def test_every_template_passes_the_semantic_rules(runs: list[FileRun]) -> None:
    invalid = [(r.path.name, r.invalid) for r in runs if r.invalid]
    assert not invalid, invalid[:5]
