#!/usr/bin/env python3
"""Check a `batch --report` against the single-file command, input by input.

For every input the report lists as converted or failed, run `spec2connector convert SOURCE -o
DIR/` and check that (a) it succeeds exactly when the batch converted the input and (b) it
writes the same bytes the batch wrote. Slow (one process per spec): a script, not a test.

    scripts/batch_crosscheck.py /tmp/r.json [--jobs 2] [--only twilio]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CLI = Path(sys.executable).with_name("spec2connector")


def check(entry: dict) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run([str(CLI), "convert", entry["source"], "-o", tmp + "/"],
                             capture_output=True, text=True, check=False)
        single_ok = run.returncode == 0
        batch_ok = entry["status"] == "converted"
        if single_ok != batch_ok:
            return (f"DIFFERENT STATUS {entry['source']}: batch {entry['status']}, convert exit "
                    f"{run.returncode}: {run.stderr.strip().splitlines()[-1:]}")
        if not batch_ok:
            return ""
        single = sorted(p.read_bytes() for p in Path(tmp).glob("*.json"))
        batched = sorted(Path(t).read_bytes() for t in entry["templates"])
        if single != batched:
            return f"DIFFERENT BYTES {entry['source']}"
    return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", default="", metavar="TEXT",
                        help="check only inputs whose path contains TEXT")
    args = parser.parse_args()
    entries = [e for e in json.loads(args.report.read_text("utf-8"))["inputs"]
               if e["status"] in ("converted", "failed") and args.only in e["source"]]
    with ThreadPoolExecutor(args.jobs) as pool:
        problems = [p for p in pool.map(check, entries) if p]
    for p in problems:
        print(p)
    converted = sum(e["status"] == "converted" for e in entries)
    print(f"{len(entries)} inputs ({converted} converted, {len(entries) - converted} failed): "
          f"{len(problems)} difference(s) from the single-file command")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
