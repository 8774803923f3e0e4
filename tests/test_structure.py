"""The house rules of converter/ that a reader relies on, checked on the source itself.

- Small pieces: no module over 500 lines, no function over 80.
- Layers import downward only: the model knows no parser or renderer; parsers know no renderer,
  FEEL or command line; renderers know no parser; the command line and batch use the parsers'
  and renderers' packages, not their modules.
- One process per conversion: only the batch worker pool starts processes.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "converter"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every `converter...` module `path` imports, at any depth of the file."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("converter"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.startswith("converter"):
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
    return out


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


# (modules the rule applies to, forbidden import prefixes, allowed exceptions)
RULES = [
    ("converter.model", ("converter.parsers", "converter.renderers", "converter.cli",
                         "converter.batch", "converter.core", "converter.feel"), ()),
    ("converter.parsers", ("converter.renderers", "converter.feel", "converter.cli",
                           "converter.batch", "converter.core"), ()),
    ("converter.renderers", ("converter.parsers", "converter.cli", "converter.batch"), ()),
]
FRONT_ENDS = ("converter.cli", "converter.batch", "converter.batch_console",
              "converter.inspection")


def test_no_module_is_over_500_lines() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in MODULES
            if (n := len(p.read_text("utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_is_over_80_lines() -> None:
    long = {}
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(PACKAGE)}:{node.name}"] = size
    assert long == {}


@pytest.mark.parametrize(("layer", "forbidden", "allowed"), RULES, ids=[r[0] for r in RULES])
def test_imports_run_down_the_layers(layer: str, forbidden: tuple[str, ...],
                                     allowed: tuple[str, ...]) -> None:
    wrong = {}
    for path in MODULES:
        name = _name(path)
        if not _within(name, layer):
            continue
        bad = sorted(i for i in _imports(path)
                     if any(_within(i, f) for f in forbidden) and i not in allowed)
        if bad:
            wrong[name] = bad
    assert wrong == {}


def test_front_ends_use_the_pipeline_not_parser_or_renderer_internals() -> None:
    wrong = {}
    for path in MODULES:
        name = _name(path)
        if name not in FRONT_ENDS:
            continue
        bad = sorted(i for i in _imports(path)
                     if (_within(i, "converter.parsers") and i.count(".") > 2)
                     or (_within(i, "converter.renderers") and i.count(".") > 2))
        if bad:
            wrong[name] = bad
    assert wrong == {}


def test_only_the_batch_pool_starts_processes() -> None:
    starters = ("multiprocessing", "os.fork", "concurrent.futures", "subprocess")
    found = {}
    for path in MODULES:
        text = path.read_text("utf-8")
        used = [s for s in starters if s in text]
        if used and _name(path) != "converter.workpool":
            found[_name(path)] = used
    assert found == {}


def test_the_rules_see_a_violation(tmp_path: Path) -> None:
    """The checks above read real imports: a parser importing a renderer is caught."""
    module = tmp_path / "bad.py"
    module.write_text("from converter.renderers.rest import render\nimport converter.feel\n")
    assert _imports(module) == {"converter.renderers.rest", "converter.renderers.rest.render",
                                "converter.feel"}
