"""`spec2connector batch` end to end on a mixed folder: the issue's bar on a small scale."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from converter.cli import main
from converter.output import validate_file
from tests.batch.conftest import CONVERTED, FAILED, SKIPPED


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["batch", *args])
    return result.exit_code, result.stdout, result.stderr


def test_mixed_folder_converts_good_specs_reports_every_input(mixed: Path, tmp_path: Path) -> None:
    out, report = tmp_path / "out", tmp_path / "r.json"
    code, stdout, stderr = _run(str(mixed), "-o", str(out), "--jobs", "2", "--report", str(report))

    assert code == 1, stderr  # because of the corrupt inputs only
    data = json.loads(report.read_text("utf-8"))
    status = {Path(i["source"]).relative_to(mixed).as_posix(): i["status"] for i in data["inputs"]}
    assert status == ({k: "converted" for k in CONVERTED} | {k: "failed" for k in FAILED}
                      | {k: "skipped" for k in SKIPPED})
    assert data["summary"] | {"operations": 0, "warnings": 0} == {
        "files": len(status), "inputs": len(CONVERTED) + len(FAILED),
        "converted": len(CONVERTED), "failed": len(FAILED), "skipped": len(SKIPPED),
        "templates": len(CONVERTED), "operations": 0, "warnings": 0}
    by_source = {Path(i["source"]).relative_to(mixed).as_posix(): i for i in data["inputs"]}
    for rel in FAILED:
        entry = by_source[rel]
        assert entry["templates"] == [] and entry["note"], entry
        assert any(d["severity"] == "error" for d in entry["diagnostics"]), entry
    assert "not an API description" in by_source["README.md"]["note"]
    assert "not a WSDL" in by_source["soap/types.xsd"]["note"]

    # the layout mirrors the inputs; the petstore.json/petstore.yaml clash keeps extensions
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["graphql/schema.json", "openapi/petstore.json.json",
                       "openapi/petstore.yaml.json", "openapi/tags.json",
                       "soap/calc-copy.json", "soap/calc.json"]
    for rel in CONVERTED:
        templates = by_source[rel]["templates"]
        assert len(templates) == 1 and Path(templates[0]).is_file()
        assert validate_file(Path(templates[0])) == []

    # plain lines (not a terminal): one per input, then the summary table on stdout
    assert stderr.count("\n") == len(status)
    assert "skipped " + str(mixed / "README.md") in stderr
    assert "converted" in stdout and "failed: " in stdout


def test_all_good_exits_0_and_second_run_is_byte_identical(mixed: Path, tmp_path: Path) -> None:
    specs = [str(mixed / rel) for rel in sorted(CONVERTED)]
    first, second = tmp_path / "first", tmp_path / "second"
    assert _run(*specs, "-o", str(first), "--jobs", "1")[0] == 0
    assert _run(*specs, "-o", str(second), "--jobs", "2")[0] == 0
    assert _tree(first) == _tree(second)
    assert len(_tree(first)) == len(CONVERTED)


def test_explicit_non_spec_fails_and_missing_source_is_reported(mixed: Path,
                                                                tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    code, _, _ = _run(str(mixed / "README.md"), str(tmp_path / "nope.yaml"),
                      str(mixed / "nothing-*.yaml"), "-o", str(tmp_path / "o"),
                      "--report", str(report))
    assert code == 1
    inputs = json.loads(report.read_text("utf-8"))["inputs"]
    assert [(Path(i["source"]).name, i["status"]) for i in inputs] == [
        ("README.md", "failed"), ("nope.yaml", "failed"), ("nothing-*.yaml", "failed")]
    assert inputs[2]["note"] == "no file matches this pattern"


def test_glob_and_shared_options(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, stderr = _run(str(mixed / "openapi" / "*.yaml"), "-o", str(out), "--camunda", "8.6",
                           "--split", "operation", "--jobs", "1")
    assert code == 0, stderr
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    # several templates per input: a folder per input named like it
    assert files and all(f.startswith(("petstore/", "tags/")) for f in files), files
    assert all(json.loads((out / f).read_text())["engines"]["camunda"] == "^8.6" for f in files)


def test_id_with_several_inputs_is_a_usage_error(mixed: Path, tmp_path: Path) -> None:
    code, _, stderr = _run(str(mixed / "openapi"), "-o", str(tmp_path / "o"), "--id", "x")
    assert code == 2 and "--id" in stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
