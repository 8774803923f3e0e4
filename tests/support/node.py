"""Run the Node-side checks of tests/node from Python tests.

The official validator (`@bpmn-io/element-templates-validator`) and the FEEL linter exist only
for Node, so tests call the small scripts in tests/node, one process per call: pass many files
at once. The Node packages are pinned by tests/node/package-lock.json and installed by
`scripts/test`. Without them these helpers raise instead of skipping: a silently skipped check
would let invalid templates through CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypedDict

NODE_DIR = Path(__file__).resolve().parent.parent / "node"
REPO = NODE_DIR.parent.parent
SETUP_HINT = ("run `scripts/test` once (it runs `npm ci --prefix tests/node`), "
              "or `npm ci --prefix tests/node` yourself")
_REQUIRED = ("@bpmn-io/element-templates-validator", "@bpmn-io/feel-lint")


class NodeToolsError(RuntimeError):
    """Node or the pinned npm packages are missing, or a script failed unexpectedly."""


class Issue(TypedDict):
    path: str          # JSON pointer inside the template ("/properties/3/feel")
    message: str
    keyword: str | None
    line: int | None   # 1-based line in the file


class TemplateResult(TypedDict):
    index: int | None  # position in the file's array; None when the file holds one object
    id: Any
    version: Any
    valid: bool
    errors: list[Issue]
    warnings: list[Issue]


class FileResult(TypedDict):
    file: str
    valid: bool
    errors: list[Issue]   # findings that belong to no template (bad JSON, wrong root type)
    templates: list[TemplateResult]


class Report(TypedDict):
    valid: bool
    validator: str     # "@bpmn-io/element-templates-validator@2.26.0"
    schema: str        # "@camunda/zeebe-element-templates-json-schema@0.46.0"
    files: list[FileResult]


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise NodeToolsError(f"`node` is not on PATH; install Node 20+, then {SETUP_HINT}")
    missing = [p for p in _REQUIRED if not (NODE_DIR / "node_modules" / p).is_dir()]
    if missing:
        raise NodeToolsError(
            f"npm packages missing in {NODE_DIR / 'node_modules'} ({', '.join(missing)}); "
            + SETUP_HINT)
    return node


def _run(script: str, args: Sequence[str], stdin: str | None, ok: tuple[int, ...]) -> Any:
    result = subprocess.run(
        [_node(), str(NODE_DIR / script), *args], input=stdin, capture_output=True,
        text=True, encoding="utf-8", cwd=REPO, timeout=300, check=False,
        env={**os.environ, "NODE_NO_WARNINGS": "1"})
    if result.returncode not in ok:
        raise NodeToolsError(f"node {script} exited {result.returncode}: {result.stderr.strip()}")
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError as exc:
        raise NodeToolsError(f"node {script} printed no JSON ({exc}): {result.stdout[:500]!r} "
                             f"{result.stderr[:500]!r}") from exc


def validate_with_node(paths: Iterable[str | os.PathLike[str]]) -> Report:
    """Validate template files (or directories of *.json) with the official Node validator.

    One Node process for all paths. Returns the report of tests/node/validate-templates.cjs,
    whose known false warnings and root `oneOf` noise are already filtered out; file names in
    it are absolute. Look a file up with `file_result(report, path)`.
    """
    args = [str(Path(p).resolve()) for p in paths]
    if not args:
        raise ValueError("validate_with_node needs at least one path")
    report: Report = _run("validate-templates.cjs", args, None, ok=(0, 1))
    return report


def file_result(report: Report, path: str | os.PathLike[str]) -> FileResult:
    """The entry of `report` for `path` (matched on the resolved path)."""
    wanted = Path(path).resolve()
    for entry in report["files"]:
        if Path(entry["file"]).resolve() == wanted:
            return entry
    raise KeyError(f"{path} is not in the report")


def validate_templates_with_node(templates: Sequence[Any], workdir: str | os.PathLike[str],
                                 ) -> list[TemplateResult]:
    """Validate template dicts (e.g. rendered in a test): one file each in `workdir`, one run.

    Returns one result per template, in order; `workdir` is typically pytest's `tmp_path`.
    """
    folder = Path(workdir)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for index, template in enumerate(templates):
        files.append(folder / f"template-{index:04d}.json")
        files[-1].write_text(json.dumps(template, indent=2, ensure_ascii=False), "utf-8")
    if not files:
        return []
    report = validate_with_node(files)
    return [file_result(report, f)["templates"][0] for f in files]


def lint_feel(expressions: Sequence[str]) -> list[list[str]]:
    """Lint FEEL expressions with @bpmn-io/feel-lint; one list of problems per expression.

    Pass expressions WITHOUT the leading `=` of a template value. A problem reads
    `error 11-12 Syntax Error: Unrecognized token <}> in <ContextEntry>`; an empty list means
    clean.
    """
    exprs = list(expressions)
    starting = [e for e in exprs if e.startswith("=")]
    if starting:
        raise ValueError(f"pass FEEL without its leading '=': {starting[0]!r}")
    if not exprs:
        return []
    raw: list[list[dict[str, Any]]] = _run("feel-lint.mjs", [], json.dumps(exprs), ok=(0,))
    return [[f"{p['severity']} {p['from']}-{p['to']} {p['type']}: {p['message']}" for p in problems]
            for problems in raw]
