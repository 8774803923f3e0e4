"""The built-in layout without Jinja gives exactly what the package Jinja templates give.

Without `--template-dir`, `render()` builds the template dict in Python (issue 8: importing
jinja2 and rendering cost 45 ms and 11 MB a run); the package `.jinja` files stay the reference
(users copy them). Every golden input and a few corpus specs are converted twice: on the direct
path, and through Jinja by naming the package templates folder as `--template-dir` (the Jinja
path with the same files). Dicts, key order, value types and `dumps()` text must be identical.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import converter
from converter import Options, convert
from converter.renderers import environment
from converter.renderers.environment import BUILTIN_TEMPLATES, dumps, render
from tests.graphql import test_golden as graphql_golden
from tests.rest import test_golden as rest_golden
from tests.wsdl import test_golden as wsdl_golden

REPO = Path(__file__).resolve().parent.parent
PACKAGE_TEMPLATES = Path(converter.__file__).parent / "templates"
CORPUS = REPO.parent / "shared" / "corpus"

# Every input the golden tests convert, with the same options.
GOLDEN_CASES: list[tuple[str, Path, Options]] = [
    *((f"openapi/{fixture}/{variant}", rest_golden.FIXTURES / fixture, options)
      for fixture, variants in rest_golden.CASES.items() for variant, options in variants.items()),
    *((f"graphql/{name}", graphql_golden.FIXTURES / f"{name}.graphql", options)
      for name, options in sorted(graphql_golden.CASES.items())),
    *((f"wsdl/{path.relative_to(wsdl_golden.FIXTURES)}", path, Options())
      for path in wsdl_golden.CASES),
    ("examples/petstore", REPO / "examples" / "petstore.yaml", Options()),
]
CORPUS_CASES = [
    CORPUS / "openapi" / "box-openapi.json",
    CORPUS / "wsdl" / "wsdl-to-postman" / "test" / "data" / "validWSDLs11"
    / "countryInformation.wsdl",
    CORPUS / "graphql" / "swapi-schema.graphql",
]


def _forbid(*_: Any, **__: Any) -> Any:
    raise AssertionError("this path must not be taken")


def both_ways(source: Path, options: Options, monkeypatch: pytest.MonkeyPatch
              ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The templates of one conversion on the direct path, then through the Jinja files."""
    with monkeypatch.context() as m:
        m.setattr(environment, "environment", _forbid)  # no Jinja at all on the direct path
        direct = convert(source, options=options).templates
    with monkeypatch.context() as m:
        m.setattr(environment, "_builtin", _forbid)
        jinja = convert(source, options=dataclasses.replace(
            options, template_dir=PACKAGE_TEMPLATES)).templates
    return direct, jinja


def assert_identical(direct: list[dict[str, Any]], jinja: list[dict[str, Any]]) -> None:
    assert direct, "nothing converted"
    assert len(direct) == len(jinja)
    for d, j in zip(direct, jinja, strict=True):
        assert d == j
        # repr shows key order and types (1 against 1.0, list against tuple), dumps the output.
        assert repr(d) == repr(j), f"order or types differ in {j['id']}"
        assert dumps(d) == dumps(j)


@pytest.mark.parametrize(("source", "options"), [(s, o) for _, s, o in GOLDEN_CASES],
                         ids=[c[0] for c in GOLDEN_CASES])
def test_goldens_identical_both_ways(source: Path, options: Options,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert_identical(*both_ways(source, options, monkeypatch))


@pytest.mark.parametrize("source", CORPUS_CASES, ids=lambda p: p.name)
def test_corpus_specs_identical_both_ways(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not source.exists():
        pytest.skip(f"corpus file {source} not present")
    assert_identical(*both_ways(source, Options(), monkeypatch))


def test_every_package_template_is_covered() -> None:
    """A new package template needs a place in BUILTIN_TEMPLATES (or stays Jinja-only)."""
    assert {"rest", "soap", "graphql"} <= {Path(n).parts[0] for n in BUILTIN_TEMPLATES}
    for name in BUILTIN_TEMPLATES:
        assert (PACKAGE_TEMPLATES / name).is_file(), name


def _context(**header: Any) -> dict[str, Any]:
    template = {"schema": "https://example.com/schema.json", "name": "N", "id": "i",
                "version": 1, "description": "d", "documentationRef": "",
                "keywords": ("a", "b"), "category": {"id": "c", "name": "C"},
                "appliesTo": ["bpmn:Task"], "elementType": {"value": "bpmn:ServiceTask"},
                "engines": {"camunda": "^8.8"}, "icon": {"contents": "data:x"}, **header}
    shared = {"property": "operationId", "equals": "x"}
    return {"template": template, "groups": ({"id": "g", "label": "G"},),
            "properties": [{"id": "p1", "value": 1.0, "condition": shared},
                           {"id": "p2", "value": float("nan"), "choices": ("x", "y"),
                            "condition": shared}]}


@pytest.mark.parametrize("extra", [
    {},
    {"documentationRef": "https://docs.example.com/"},
    {"version": 2**70},  # json writes it, orjson reads it back as a float
    {"description": "lone \udc80 surrogate"},
    {"keywords": {1: "int key"}},
], ids=["plain", "docs", "big-int", "surrogate", "int-key"])
def test_unusual_values_identical_both_ways(extra: dict[str, Any]) -> None:
    for name in sorted(BUILTIN_TEMPLATES):
        direct = render(name, _context(**extra), template_dir=None)
        jinja = render(name, _context(**extra), template_dir=PACKAGE_TEMPLATES)
        assert repr(direct) == repr(jinja)
        assert ("documentationRef" in direct) == bool(extra.get("documentationRef"))


def test_direct_result_shares_nothing_with_the_renderer() -> None:
    """Renderers reuse dicts (conditions, group constants); the result must be fresh values."""
    context = _context()
    result = render("rest/element-template.json.jinja", context, template_dir=None)
    result["properties"][0]["condition"]["equals"] = "changed"
    result["groups"][0]["label"] = "changed"
    assert context["properties"][1]["condition"]["equals"] == "x"
    assert context["groups"][0]["label"] == "G"
    assert result["properties"][1]["condition"]["equals"] == "x"


def _cli_imports_jinja(tmp_path: Path, *extra: str) -> bool:
    out, report = tmp_path / "petstore.json", tmp_path / "report.json"
    code = ("import json, sys\n"
            "import converter.cli\n"
            "sys.argv = ['spec2connector', 'convert', 'examples/petstore.yaml', '-o', "
            f"{str(out)!r}, *{list(extra)!r}]\n"
            "try:\n    converter.cli.main()\nexcept SystemExit as exc:\n    status = exc.code\n"
            f"open({str(report)!r}, 'w').write(json.dumps([status, 'jinja2' in sys.modules]))\n")
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True)
    status, imported = json.loads(report.read_text("utf-8"))
    assert status in (0, None) and out.exists()
    return bool(imported)


def test_default_conversion_never_imports_jinja(tmp_path: Path) -> None:
    assert not _cli_imports_jinja(tmp_path)
    # The check can see it: a template folder takes the Jinja path.
    assert _cli_imports_jinja(tmp_path, "--template-dir", str(PACKAGE_TEMPLATES))
