"""`inspect` on all three formats: JSON with --json, one line per operation when not a terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from converter.cli import main

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("spec", "fmt", "first"), [
    ("examples/petstore.yaml", "openapi-3.0", ("listPets", "GET /pets")),
    ("fixtures/graphql/connections.graphql", "graphql-sdl", ("books", "query books")),
    ("fixtures/wsdl/calculator.wsdl", "wsdl-1.1", ("Add", "SOAP 1.1 http://tempuri.org/Add")),
])
def test_inspect_json_and_table(spec: str, fmt: str, first: tuple[str, str]) -> None:
    run = CliRunner().invoke
    as_json = run(main, ["inspect", str(REPO / spec), "--json"])
    assert as_json.exit_code == 0, as_json.stderr
    report = json.loads(as_json.stdout)
    assert report["format"] == fmt and report["operations"]
    assert (report["operations"][0]["id"], report["operations"][0]["call"]) == first
    table = run(main, ["inspect", str(REPO / spec)])
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert f"({fmt}): {len(report['operations'])} operation(s)" in lines[0]
    assert lines[1].split("\t")[:2] == list(first)


def test_inspect_non_spec_is_one_line_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# notes\n", "utf-8")
    result = CliRunner().invoke(main, ["inspect", str(tmp_path / "notes.md")])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "not an API description" in result.stderr
