"""The CLI contract of DESIGN.md: outputs, exit codes (0 / 1 / 2), one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PETSTORE = REPO / "examples" / "petstore.yaml"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "converter", *args], cwd=REPO, text=True,
                          capture_output=True, input=stdin, timeout=120)


def test_convert_to_stdout_writes_one_template() -> None:
    result = run("convert", str(PETSTORE))
    assert result.returncode == 0, result.stderr
    template = json.loads(result.stdout)
    assert template["id"] == "io.spec2connector.petstore"
    assert "4 operation(s) -> 1 template(s)" in result.stderr


def test_convert_from_stdin() -> None:
    result = run("convert", "-", stdin=PETSTORE.read_text())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "Petstore"


def test_split_operation_into_a_directory(tmp_path: Path) -> None:
    result = run("convert", str(PETSTORE), "--split", "operation", "-o", f"{tmp_path}/")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["petstore.createpet.json", "petstore.deletepet.json",
                     "petstore.getpetbyid.json", "petstore.listpets.json"]
    check = run("validate", *(str(p) for p in sorted(tmp_path.iterdir())))
    assert check.returncode == 0 and check.stdout.count(": valid") == 4


def test_unknown_operation_is_an_error_naming_the_choices() -> None:
    result = run("convert", str(PETSTORE), "--operation", "nope")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "nope" in result.stderr
    assert "listPets" in result.stderr and "Traceback" not in result.stderr


def test_warnings_fail_only_with_fail_on_warning(tmp_path: Path) -> None:
    spec = tmp_path / "relative.yaml"
    spec.write_text("openapi: 3.0.0\ninfo: {title: R, version: '1'}\n"
                    "paths: {/a: {get: {responses: {'200': {description: ok}}}}}\n")
    assert run("convert", str(spec), "-o", str(tmp_path / "a.json")).returncode == 0
    failing = run("convert", str(spec), "-o", str(tmp_path / "b.json"), "--fail-on-warning")
    assert failing.returncode == 1 and "openapi.relative-server" in failing.stderr


def test_usage_errors_exit_2() -> None:
    assert run("convert", str(PETSTORE), "--split", "sideways").returncode == 2
    assert run("convert").returncode == 2


def test_missing_file_is_one_line_exit_1() -> None:
    result = run("convert", "does-not-exist.yaml")
    assert result.returncode == 1
    assert result.stderr.strip() == "error: does-not-exist.yaml: no such file"


def test_validate_reports_an_invalid_template(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": "x", "id": "x", "appliesTo": ["bpmn:Task"],
                               "properties": [{"type": "Dropdown", "binding": {
                                   "type": "zeebe:input", "name": "a"}}]}))
    result = run("validate", str(bad))
    assert result.returncode == 1
    assert "bad.json" in result.stderr and "Traceback" not in result.stderr


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("convert", "inspect", "validate"):
        assert command in result.stdout


def test_a_document_with_nothing_to_call_could_not_be_converted(tmp_path: Path) -> None:
    """README: exit 1 when an input could not be converted; a webhooks-only document is one
    (it was exit 0 with nothing written), and the note says why: webhooks are inbound."""
    spec = tmp_path / "webhooks.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: Hooks, version: '1'}\n"
                    "webhooks: {newPet: {post: {responses: {'200': {description: ok}}}}}\n")
    out = tmp_path / "out.json"
    result = run("convert", str(spec), "-o", str(out))
    assert result.returncode == 1 and "convert.nothing-to-convert" in result.stderr
    assert "1 webhook(s) not converted" in result.stderr
    assert not out.exists()


def test_root_widens_where_referenced_files_may_be_read(tmp_path: Path) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "schemas.yaml").write_text(
        "Pet: {type: object, properties: {name: {type: string, example: Rex}}}\n")
    (tmp_path / "api").mkdir()
    spec = tmp_path / "api" / "openapi.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: N, version: '1'}\n"
                    "servers: [{url: 'https://n.example.com'}]\n"
                    "paths: {/p: {post: {requestBody: {content: {application/json: {schema: "
                    "{$ref: '../common/schemas.yaml#/Pet'}}}}, responses: {'200': "
                    "{description: ok}}}}}\n")
    confined = run("convert", str(spec))
    assert confined.returncode == 0 and "openapi.ref-refused" in confined.stderr
    widened = run("convert", str(spec), "--root", str(tmp_path))
    assert widened.returncode == 0 and "ref-refused" not in widened.stderr
    assert '"name": "Rex"' in widened.stdout or "Rex" in widened.stdout
    report = tmp_path / "report.json"
    batch = run("batch", str(tmp_path), "-o", str(tmp_path / "out"), "--report", str(report))
    assert batch.returncode == 0, batch.stderr
    (entry,) = [i for i in json.loads(report.read_text())["inputs"] if i["status"] != "skipped"]
    assert entry["status"] == "converted"
    # batch trusts the folder it was given: api/openapi.yaml may read ../common/
    assert "openapi.ref-refused" not in {d["code"] for d in entry["diagnostics"]}


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def test_internal_errors_are_one_line_without_traceback(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    """A bug in convert, inspect or --previous: one `error:` line, exit 1, no traceback."""
    from click.testing import CliRunner

    from converter import core, inspection, upgrade
    from converter.cli import main

    first = run("convert", str(PETSTORE), "-o", str(tmp_path / "old.json"))
    assert first.returncode == 0, first.stderr
    cases = [
        (core, "convert", ["convert", str(PETSTORE)]),
        (inspection, "inspect", ["inspect", str(PETSTORE)]),
        (upgrade, "upgrade_result",
         ["convert", str(PETSTORE), "--previous", str(tmp_path / "old.json")]),
    ]
    for module, name, args in cases:
        with monkeypatch.context() as patch:
            patch.setattr(module, name, _boom)
            result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, (args, result.output)
        lines = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
        assert lines == [f"error: {PETSTORE}: internal error (RuntimeError: boom); rerun with "
                         "--debug and report it"], result.output
        assert "Traceback" not in result.output
