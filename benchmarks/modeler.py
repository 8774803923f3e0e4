#!/usr/bin/env python3
"""How long the real Camunda Modeler takes with our templates (issue 18, Must show 2).

    .venv/bin/python benchmarks/modeler.py                  # the biggest corpus specs, 3 runs
    .venv/bin/python benchmarks/modeler.py --runs 5 --changes 7 --spec other.yaml
    .venv/bin/python benchmarks/modeler.py --only-given --template path/to/template.json

Each spec is converted with default options (`python -m converter convert SPEC -o DIR/`); each
template it gives is then, in the bundled Modeler page (tests/modeler/, headless Chromium):

1. registered, applied to a task and rendered in the properties panel, `--runs` times on a fresh
   Modeler each (the "register+apply+render" column: the template file parsed and validated by
   elementTemplatesLoader, applyTemplate, until the panel's DOM settled);
2. after each of those loads, switched to `--changes` operations spread over the chooser(s)
   (each chooser switch through the panel's <select> until the DOM settled is one "operation
   change");
3. checked once: pick the last operation, fill a field, save, compare the XML with the bindings
   the template's conditions give (tests/modeler/harness.py).

Target (issue 18): median register+apply+render <= 1 s and an operation change <= 0.5 s.
`--template FILE` measures a template file as it is. Timings are measurements; nothing
here fails a build.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from tests.modeler import harness  # noqa: E402

CORPUS = Path(os.environ.get("SPEC2CONNECTOR_CORPUS", REPO.parent / "shared" / "corpus"))
BIG_SPECS = [
    "openapi/stripe-spec3-2022-04.json",
    "openapi/box-openapi.json",
    "openapi/digitalocean/specification/DigitalOcean-public.v2.yaml",
    "openapi/twilio/twilio_api_v2010.json",
    "graphql/saleor-schema.graphql",
    # the three largest WSDLs of corpus/wsdl
    "wsdl/wsdl-to-postman/test/data/validWSDLs11/hrextract.wsdl",
    "wsdl/wsdl-to-postman/test/data/validWSDLs11/TexasGeocoderService_V04_01.wsdl",
    "wsdl/wsdl-to-postman/test/data/validWSDLs11/countryInformation.wsdl",
]
TARGET_LOAD_MS = 1000.0
TARGET_CHANGE_MS = 500.0


@dataclass
class Row:
    spec: str
    template: str = ""
    size: int = 0
    properties: int = 0
    operations: int = 0
    widest: int = 0
    largest: int = 0
    loads: list[float] = field(default_factory=list)
    registers: list[float] = field(default_factory=list)
    changes: list[float] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    error: str = ""

    def meets(self) -> bool:
        # a one-operation template has no chooser: nothing to switch, only the load counts
        return (harness.median(self.loads) <= TARGET_LOAD_MS
                and (not self.changes or harness.median(self.changes) <= TARGET_CHANGE_MS))


def convert(spec: Path, out: Path) -> tuple[list[Path], str]:
    """Our templates for `spec` with default options, or the converter's error line."""
    out.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, "-m", "converter", "convert", str(spec), "-o",
                           f"{out}/"], cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        return [], (proc.stderr.strip().splitlines() or ["failed"])[-1]
    return sorted(out.glob("*.json")), ""


def largest_operation(template: dict[str, Any]) -> int:
    """Properties of the operation with the most: those whose condition names that choice.

    The Modeler's time to apply or switch grows steeply with the properties active at once
    (docs/performance.md, "Modeler"), so this is printed beside the timings."""
    counts: dict[tuple[str, str], int] = {}
    inner = {part["property"] for p in harness.choosers(template) if p.get("condition")
             for part in p["condition"].get("allMatch", [p["condition"]])}
    for prop in template["properties"]:
        cond = prop.get("condition")
        for part in (cond.get("allMatch", [cond]) if cond else []):
            if part["property"] in inner:
                continue
            for value in part.get("oneOf", [part["equals"]] if "equals" in part else []):
                key = (part["property"], str(value))
                counts[key] = counts.get(key, 0) + 1
    return max(counts.values(), default=0)


def spread(template: dict[str, Any], count: int) -> list[int]:
    """`count` picks spread over the widest chooser, the first (default) one left out."""
    choosers = harness.choosers(template)
    widest = max((len(p["choices"]) for p in choosers), default=0)
    if widest < 2:
        return []
    return sorted({1 + (i * (widest - 1)) // count for i in range(count)})


def measure(page: harness.ModelerPage, row: Row, path: Path, runs: int, changes: int) -> None:
    text = path.read_text()
    template = json.loads(text)
    choosers = harness.choosers(template)
    row.template, row.size = str(template["id"]), len(text.encode())
    row.properties = len(template["properties"])
    row.widest = max((len(p["choices"]) for p in choosers), default=0)
    inner = {part["property"] for p in choosers if p.get("condition")
             for part in p["condition"].get("allMatch", [p["condition"]])}
    row.operations = sum(len(p["choices"]) for p in choosers if p["id"] not in inner)
    row.largest = largest_operation(template)
    picks = spread(template, changes)
    for _ in range(runs):
        timings = page.load(text)
        row.loads.append(timings.total)
        row.registers.append(timings.register)
        current: dict[str, str] = {}
        for pick in picks:
            for prop, value in harness.plan(template, pick).steps:
                if current.get(prop["id"]) != value:
                    row.changes.append(page.choose(prop, value))
                    current[prop["id"]] = value
    result = page.run(text)
    row.differences, row.stale = result.differences, result.stale_entries


def machine() -> str:
    cpu = platform.processor()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    chromium = subprocess.run([str(harness.CHROMIUM), "--version"], capture_output=True,
                              text=True).stdout.strip()
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} CPUs, {cpu}; {chromium}; Python {platform.python_version()}; "
            f"load average at start {load}")


def table(rows: list[Row]) -> str:
    lines = ["| template | size | properties | operations (widest chooser) | largest operation "
             "| register+apply+render (median; register) | operation change (median; max) | "
             "XML | target |", "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if r.error and not r.template:
            lines.append(f"| {r.spec}: not converted ({r.error.split(': ', 2)[-1]}) "
                         "| | | | | | | | |")
            continue
        if r.error:
            lines.append(f"| {r.template} ({r.spec}): {r.error} | | | | | | | | |")
            continue
        xml = "ok" if not r.differences else f"{len(r.differences)} difference(s)"
        change = (f"{harness.median(r.changes) / 1000:.2f} s; {max(r.changes) / 1000:.2f} s"
                  if r.changes else "-")
        lines.append(
            f"| {r.template} ({r.spec}) | {r.size / 1e6:.2f} MB | {r.properties:,} | "
            f"{r.operations:,} ({r.widest}) | {r.largest} | "
            f"{harness.median(r.loads) / 1000:.2f} s; "
            f"{harness.median(r.registers) / 1000:.2f} s | {change} | {xml} | "
            f"{'met' if r.meets() else '**missed**'} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="loads per template (default 3)")
    parser.add_argument("--changes", type=int, default=5,
                        help="operations switched to after each load (default 5)")
    parser.add_argument("--spec", action="append", default=[], help="another spec to convert")
    parser.add_argument("--template", action="append", default=[],
                        help="a template file to measure as it is")
    parser.add_argument("--only-given", action="store_true",
                        help="only the --spec and --template files")
    args = parser.parse_args()

    subprocess.run([str(REPO / "tests" / "modeler" / "build.sh")], check=True)
    specs = [Path(s) for s in args.spec]
    if not args.only_given:
        specs = [CORPUS / s for s in BIG_SPECS] + specs
    print(machine(), flush=True)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp, harness.modeler_page() as page:
        jobs: list[tuple[str, Path]] = [(Path(t).name, Path(t)) for t in args.template]
        for index, spec in enumerate(specs):
            templates, error = convert(spec, Path(tmp) / str(index))
            if error:
                rows.append(Row(spec=spec.name, error=error))
            jobs.extend((spec.name, path) for path in templates)
        for name, path in jobs:
            row = Row(spec=name)
            try:
                measure(page, row, path, args.runs, args.changes)
            except harness.ModelerError as exc:
                row.error = str(exc)
            rows.append(row)
            print(f"{name}: {row.template} load {harness.median(row.loads):.0f} ms, "
                  f"change {harness.median(row.changes):.0f} ms", flush=True)
    print()
    print(table(rows))
    for r in rows:
        for line in r.differences[:5]:
            print(f"{r.template}: XML: {line}")
        for line in r.stale[:5]:
            print(f"{r.template}: after the switch the panel shows {line}")


if __name__ == "__main__":
    main()
