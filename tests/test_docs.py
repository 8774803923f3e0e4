"""The documentation's examples run: docs/library.md (doctest), README's Library section, and
the --template-dir worked example of docs/customising.md (its file and its commands)."""

from __future__ import annotations

import contextlib
import doctest
import io
import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from converter.cli import main
from converter.validate import validate
from tests.support import node

REPO = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _section(text: str, heading: str) -> str:
    """The text under `## heading`, up to the next heading of that level."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no '## {heading}' section"
    return match.group(1)


def test_library_doc_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = doctest.testfile(str(REPO / "docs/library.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                              verbose=False, report=True)
    assert result.attempted > 20
    assert result.failed == 0, "docs/library.md: see the doctest output above"


def test_readme_library_section_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    section = _section((REPO / "README.md").read_text("utf-8"), "Library")
    blocks = [code for lang, code in FENCE.findall(section) if lang == "python"]
    assert blocks, "README's Library section has no python example"
    for code in blocks:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README.md", "exec"), {"__name__": "readme_example"})
        assert out.getvalue().strip(), "the README example should show something"


def _customising() -> tuple[dict[str, str], list[list[str]]]:
    text = (REPO / "docs/customising.md").read_text("utf-8")
    files = dict(re.findall(r"<!-- file: (\S+) -->\n```\w*\n(.*?)^```", text, re.M | re.S))
    commands = [shlex.split(line[2:]) for lang, code in FENCE.findall(text) if lang == "console"
                for line in code.splitlines() if line.startswith("$ spec2connector ")]
    return files, commands


@pytest.mark.node
def test_template_dir_worked_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files, commands = _customising()
    assert list(files) == ["company-templates/_macros/template.json.jinja"] and len(commands) == 2
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, "utf-8")
    for linked in ("examples", "fixtures"):
        (tmp_path / linked).symlink_to(REPO / linked)
    monkeypatch.chdir(tmp_path)
    for argv in commands:
        result = CliRunner().invoke(main, argv[1:])
        assert result.exit_code == 0, (argv, result.stderr)

    written = sorted((tmp_path / "acme").rglob("*.json"))
    templates = {p.relative_to(tmp_path / "acme").as_posix(): json.loads(p.read_text("utf-8"))
                 for p in written}
    assert sorted(templates) == ["all/calculator.json", "all/connections.json",
                                 "all/petstore.json", "petstore.json"]
    feel = []
    for name, template in templates.items():
        assert validate(template) == [], name
        assert template["icon"] == {
            "contents": "https://assets.acme.example/camunda/acme-connector.svg"}, name
        headers = [p["value"] for p in template["properties"]
                   if p["binding"].get("name") in ("headers", "graphql.headers")]
        if "calculator" not in name:  # SOAP has no HTTP headers input
            assert headers and all('"X-Acme-Client"' in h for h in headers), (name, headers)
        feel += [h[1:] for h in headers]
    assert templates["petstore.json"] == templates["all/petstore.json"]
    get_pet = next(p["value"] for p in templates["petstore.json"]["properties"]
                   if p.get("id") == "getPetById.headers")
    assert get_pet in (REPO / "docs/customising.md").read_text("utf-8")  # the doc shows it

    problems = node.lint_feel(feel)  # raises when Node is missing: a node-tier test
    report = node.validate_with_node(written)
    assert problems == [[] for _ in feel]
    assert all(not f.get("errors") for f in report["files"]), report
