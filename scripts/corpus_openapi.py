"""Convert every OpenAPI/Swagger spec of a corpus with --split operation and report counts.

Usage: python scripts/corpus_openapi.py [CORPUS_DIR] [--out DIR]
Prints one line per spec with problems and a summary; exit 1 when a bar is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from converter import Options, Split, convert
from converter.diagnostics import ConverterError, Severity
from converter.output import dumps, safe_stem, write_atomic
from converter.renderers import plan
from converter.renderers.auth import http_auth_options

METHODS = {"get", "post", "put", "patch", "delete"}


def spec_files(root: Path) -> list[Path]:
    """Entry documents: JSON/YAML files with a top-level `openapi` or `swagger` key."""
    out = []
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() not in (".json", ".yaml", ".yml") or not path.is_file():
            continue
        head = path.read_text("utf-8", errors="replace")[:4000]
        if '"openapi"' in head or '"swagger"' in head or "\nopenapi:" in "\n" + head \
                or "\nswagger:" in "\n" + head:
            out.append(path)
    return out


def count_operations(data: object) -> int:
    """Operations an independent reading of `paths` finds (refs to path items not followed)."""
    paths = data.get("paths") if isinstance(data, dict) else None
    if not isinstance(paths, dict):
        return 0
    return sum(1 for item in paths.values() if isinstance(item, dict)
               for m in item if str(m).lower() in METHODS)


def run(root: Path, out_dir: Path | None) -> dict[str, object]:
    from converter import sources

    totals = {"specs": 0, "failed_specs": 0, "operations": 0, "templates": 0,
              "invalid_templates": 0, "with_success_response": 0, "result_expressions": 0,
              "secured_operations": 0, "authenticated_operations": 0}
    failures: list[str] = []
    started = time.perf_counter()
    options = Options(split=Split.OPERATION)
    for path in spec_files(root):
        totals["specs"] += 1
        try:
            data = sources.read(str(path)).data
            expected = count_operations(data)
            result = convert(str(path), options=options)
        except ConverterError as exc:
            totals["failed_specs"] += 1
            failures.append(f"{path}: {exc}")
            continue
        totals["operations"] += expected
        totals["templates"] += len(result.templates)
        bad = [d for d in result.diagnostics if d.severity is Severity.ERROR
               and d.code.startswith("template.")]
        totals["invalid_templates"] += len({d.location for d in bad})
        for d in bad[:3]:
            failures.append(f"{path}: {d}")
        bundles = plan(result.api, options)
        for template, stem, bundle in zip(result.templates, result.stems, bundles, strict=True):
            op = bundle.operations[0]
            results = [p for p in template["properties"] if p.get("id", "").startswith(
                "resultExpression")]
            if op.result.has_content:
                totals["with_success_response"] += 1
                if results and all(len(p.get("value", "")) > 3 for p in results):
                    totals["result_expressions"] += 1
            auth = [p for p in template["properties"]
                    if p.get("binding", {}).get("name") == "authentication.type"]
            # An operation is secured when its effective requirements (its own `security`, else
            # the global one) name a scheme; `security: []` public endpoints are not.
            if result.api.auth_declared and any(
                    o.kind.value != "none" for o in http_auth_options(result.api, op)):
                totals["secured_operations"] += 1
                if any(p.get("value") != "noAuth" or p.get("type") == "Dropdown" for p in auth):
                    totals["authenticated_operations"] += 1
            if out_dir is not None:
                rel = path.relative_to(root)  # keep the suffix: a.json and a.yaml both exist
                write_atomic(out_dir / rel / f"{safe_stem(stem)}.json", dumps(template))
    totals["seconds"] = round(time.perf_counter() - started, 1)
    return {"totals": totals, "failures": failures}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default="../shared/corpus/openapi")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    report = run(Path(args.corpus), args.out)
    for line in report["failures"]:  # type: ignore[attr-defined]
        print(line)
    t = report["totals"]
    print(json.dumps(t, indent=1))
    coverage = t["templates"] / max(1, t["operations"])  # type: ignore[operator,index]
    print(f"coverage: {coverage:.2%}")
    return 0 if coverage >= 0.99 and not t["invalid_templates"] else 1  # type: ignore[index]


if __name__ == "__main__":
    sys.exit(main())
