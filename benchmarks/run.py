#!/usr/bin/env python3
"""Benchmarks: spec2connector against openapi-to-postman, the load floor, start-up and batch.

    .venv/bin/python benchmarks/run.py                 # everything, 5 runs each (the bar)
    .venv/bin/python benchmarks/run.py --runs 7 --spec path/to/other.json
    .venv/bin/python benchmarks/run.py --only specs    # or: help, batch
    .venv/bin/python benchmarks/run.py --json out.json # also write the numbers

What it does (issue 8, "Must show"):

1. Installs the peer, npm `openapi-to-postmanv2` (version pinned in benchmarks/package.json),
   under benchmarks/node_modules with `npm ci` when missing.
2. For each big spec (Stripe, Box, the largest Twilio spec, the multi-file DigitalOcean spec, and
   any `--spec`): runs, alternating, our whole process (`spec2connector convert SPEC -o DIR`),
   the peer's CLI (`openapi2postmanv2 -s SPEC -o FILE`) and the load floor
   (benchmarks/load_floor.py: a process that only reads and parses the spec and the files it
   `$ref`s), `--runs` times each; prints medians of wall time and of CPU time (user+sys, which
   a busy machine disturbs less), ours/peer and ours/floor, and our peak memory (max RSS of the
   process) against the spec's size (the bytes of all files read by the floor).
3. `spec2connector --help` against a bare `python -c pass` (same interpreter), alternating.
4. `spec2connector batch CORPUS --jobs 1` against `--jobs 2` (default corpus: the OpenAPI
   corpus folder), alternating.

Targets (issue 16): one process per conversion at most 0.25x the peer's wall time and 0.4x its
peak RSS on every big spec; --help within 6x a bare Python start; batch --jobs 2 at least 1.7x
faster than --jobs 1. Timings are measurements, not
tests: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = Path(os.environ.get("SPEC2CONNECTOR_CORPUS", REPO.parent / "shared" / "corpus"))
TINY_SPEC = "openapi/oai/examples/v3.0/petstore.yaml"
BIG_SPECS = [
    "openapi/stripe-spec3-2022-04.json",
    "openapi/box-openapi.json",
    "openapi/twilio/twilio_api_v2010.json",
    "openapi/digitalocean/specification/DigitalOcean-public.v2.yaml",
]
PEER_BIN = HERE / "node_modules" / ".bin" / "openapi2postmanv2"
# Children run as a user's would: with Python's bytecode cache (a shell that sets
# PYTHONDONTWRITEBYTECODE would make every start recompile the converter from source).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Sample:
    wall: float
    cpu: float  # user + sys of the child
    rss_kb: int  # ru_maxrss of the child (KiB on Linux)
    rc: int


@dataclass
class Series:
    name: str
    samples: list[Sample] = field(default_factory=list)

    def median(self, key: str) -> float:
        return float(statistics.median(getattr(s, key) for s in self.samples))

    @property
    def peak_rss_kb(self) -> int:
        return max(s.rss_kb for s in self.samples)


def run_once(cmd: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
             ok: Callable[[int], bool] = lambda rc: rc == 0) -> Sample:
    """Run `cmd` to completion; its own wall time, CPU time and peak RSS (via wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=cwd, env=env or CHILD_ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if not ok(proc.returncode):
        tail = err.decode("utf-8", "replace")[-2000:]
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{tail}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode)


def alternate(commands: dict[str, Callable[[], Sample]], runs: int, warmup: int = 1) -> dict[
        str, Series]:
    """Run each command `runs` times, interleaved (A B C A B C ...), after `warmup` rounds."""
    for _ in range(warmup):
        for make in commands.values():
            make()
    out = {name: Series(name) for name in commands}
    for _ in range(runs):
        for name, make in commands.items():
            out[name].samples.append(make())
    return out


# -- set-up ------------------------------------------------------------------------------------

def ensure_peer() -> str:
    if not PEER_BIN.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm is needed to install the peer (openapi-to-postmanv2)")
        print("installing openapi-to-postmanv2 under benchmarks/node_modules ...", flush=True)
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE,
                       check=True)
    package = json.loads((HERE / "node_modules" / "openapi-to-postmanv2" / "package.json")
                         .read_text("utf-8"))
    return str(package["version"])


def our_binary() -> Path:
    for candidate in (REPO / ".venv" / "bin" / "spec2connector",
                      Path(sys.executable).parent / "spec2connector"):
        if candidate.exists():
            return candidate
    found = shutil.which("spec2connector")
    if found is None:
        raise SystemExit("spec2connector is not installed (run scripts/test once, or "
                         "pip install -e .)")
    return Path(found)


def machine() -> dict[str, str]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    try:
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "python": platform.python_version(),
            "node": node, "os": platform.platform(), "loadavg_at_start": load}


# -- the parts ---------------------------------------------------------------------------------

def convert_once(ours: Path, spec: Path, out: Path) -> Sample:
    out.mkdir()
    try:
        # exit 1 means "converted with some error diagnostics"; the work was done
        return run_once([str(ours), "convert", str(spec), "-o", str(out)],
                        ok=lambda rc: rc in (0, 1) and any(out.iterdir()))
    finally:
        shutil.rmtree(out, ignore_errors=True)


def fixed_rss_kb(ours: Path, scratch: Path) -> int:
    """Peak RSS of converting a 3 KB spec: the interpreter and the libraries, not the data."""
    samples = [convert_once(ours, CORPUS / TINY_SPEC, scratch / f"tiny-{i}") for i in range(3)]
    return int(statistics.median(s.rss_kb for s in samples))


def bench_specs(specs: list[Path], runs: int, ours: Path, scratch: Path) -> list[dict[str, Any]]:
    python = sys.executable
    rows: list[dict[str, Any]] = []
    counter = iter(range(10**9))  # fresh output names
    fixed = fixed_rss_kb(ours, scratch)
    for spec in specs:
        floor_info = json.loads(subprocess.run(
            [python, str(HERE / "load_floor.py"), str(spec)], check=True, capture_output=True,
            text=True).stdout)
        def ours_run(spec: Path = spec) -> Sample:
            return convert_once(ours, spec, scratch / f"ours-{next(counter)}")

        def peer_run(spec: Path = spec) -> Sample:
            out = scratch / f"peer-{next(counter)}.json"
            try:
                return run_once([str(PEER_BIN), "-s", str(spec), "-o", str(out)],
                                ok=lambda rc: rc == 0 and out.exists())
            finally:
                out.unlink(missing_ok=True)

        def floor_run(spec: Path = spec) -> Sample:
            return run_once([python, str(HERE / "load_floor.py"), str(spec)])

        print(f"  {spec.name} ...", end="", flush=True)
        series = alternate({"ours": ours_run, "peer": peer_run, "floor": floor_run}, runs)
        o, p, f = series["ours"], series["peer"], series["floor"]
        size = int(floor_info["bytes"])
        row = {
            "spec": str(spec.relative_to(CORPUS)) if spec.is_relative_to(CORPUS) else str(spec),
            "files": floor_info["files"], "bytes": size,
            "ours_wall": o.median("wall"), "peer_wall": p.median("wall"),
            "floor_wall": f.median("wall"),
            "ours_cpu": o.median("cpu"), "peer_cpu": p.median("cpu"), "floor_cpu": f.median("cpu"),
            "ours_rss_kb": o.peak_rss_kb, "peer_rss_kb": p.peak_rss_kb,
            "floor_rss_kb": f.peak_rss_kb,
        }
        row["ratio_peer_wall"] = row["ours_wall"] / row["peer_wall"]
        row["ratio_peer_cpu"] = row["ours_cpu"] / row["peer_cpu"]
        row["ratio_floor_wall"] = row["ours_wall"] / row["floor_wall"]
        row["rss_per_size"] = o.peak_rss_kb * 1024 / size
        row["fixed_rss_kb"] = fixed
        row["marginal_rss_per_size"] = (o.peak_rss_kb - fixed) * 1024 / size
        rows.append(row)
        print(f" ours {row['ours_wall']:.2f}s, peer {row['peer_wall']:.2f}s", flush=True)
    return rows


def bench_help(runs: int, ours: Path) -> dict[str, float]:
    series = alternate({
        "help": lambda: run_once([str(ours), "--help"]),
        "bare": lambda: run_once([sys.executable, "-c", "pass"]),
    }, runs, warmup=2)
    h, b = series["help"], series["bare"]
    return {"help_wall": h.median("wall"), "bare_wall": b.median("wall"),
            "help_cpu": h.median("cpu"), "bare_cpu": b.median("cpu"),
            "ratio_wall": h.median("wall") / b.median("wall"),
            "ratio_cpu": h.median("cpu") / b.median("cpu"),
            "help_rss_kb": h.peak_rss_kb, "bare_rss_kb": b.peak_rss_kb}


def bench_batch(corpus: Path, runs: int, ours: Path, scratch: Path) -> dict[str, Any]:
    counter = iter(range(10**6))

    reports: list[Path] = []

    def batch(jobs: int) -> Sample:
        out = scratch / f"batch-{next(counter)}"
        report = scratch / f"report-{next(counter)}.json"
        extra = ["--report", str(report)] if jobs == 1 and not reports else []
        try:
            # exit 1: some inputs of a real corpus fail; that is reported, not a crash
            sample = run_once([str(ours), "batch", str(corpus), "-o", str(out), "--jobs",
                               str(jobs), *extra], ok=lambda rc: rc in (0, 1))
            if extra:
                reports.append(report)
            return sample
        finally:
            shutil.rmtree(out, ignore_errors=True)

    series = alternate({"jobs1": lambda: batch(1), "jobs2": lambda: batch(2)}, runs, warmup=0)
    one, two = series["jobs1"], series["jobs2"]
    modelled = modelled_speedup(reports[0]) if reports else 0.0
    return {"corpus": str(corpus), "jobs1_wall": one.median("wall"),
            "jobs2_wall": two.median("wall"), "speedup": one.median("wall") / two.median("wall"),
            "jobs1_cpu": one.median("cpu"), "jobs2_cpu": two.median("cpu"),
            # cores actually used: near 1.0 with --jobs 2 means the machine did not give us two
            "jobs2_cores": two.median("cpu") / two.median("wall"),
            "modelled_speedup": modelled}


def modelled_speedup(report: Path) -> float:
    """--jobs 2 over --jobs 1 if two cores were free, from a --jobs 1 run's report: its serial
    part (start, discovery, hand-out) plus two workers taking the per-input times biggest file
    first, as batch hands them out. For a shared machine that gives this session one core."""
    data = json.loads(report.read_text("utf-8"))
    inputs = data["inputs"]
    wall = float(data["seconds"])
    times = [float(i["seconds"]) for i in sorted(
        inputs, key=lambda i: -(Path(i["source"]).stat().st_size
                                if Path(i["source"]).is_file() else 0))]
    serial = max(0.0, wall - sum(times))
    workers = [0.0, 0.0]
    for t in times:
        workers[workers.index(min(workers))] += t
    return wall / (serial + max(workers))


# -- report ------------------------------------------------------------------------------------

AUTOGROUP_NOTE = (" (sched_autogroup is on: the kernel shares the CPUs between sessions first, "
                  "so while another session is busy this session gets about one core whatever "
                  "--jobs is; measure on an otherwise idle machine)")


def _autogroup() -> bool:
    try:
        return Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1"
    except OSError:
        return False


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def print_report(meta: dict[str, Any], rows: list[dict[str, Any]],
                 help_row: dict[str, float] | None, batch_row: dict[str, Any] | None) -> None:
    print()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in meta["machine"].items()))
    print(f"peer: openapi-to-postmanv2 {meta['peer']}; runs per command: {meta['runs']} "
          "(alternating, medians)")
    if rows:
        print()
        head = (f"{'spec':<40} {'size':>9} {'ours s':>7} {'peer s':>7} {'ours/peer':>9} "
                f"{'cpu o/p':>7} {'floor s':>7} {'ours/floor':>10} {'peak RSS':>9} "
                f"{'RSS/size':>8} {'(RSS-fixed)/size':>16} {'floor RSS/size':>14} "
                f"{'peer RSS':>9}")
        print(head)
        print("-" * len(head))
        for r in rows:
            name = Path(str(r["spec"])).name[:40]
            print(f"{name:<40} {mb(float(r['bytes'])):>9} {r['ours_wall']:>7.2f} "
                  f"{r['peer_wall']:>7.2f} {r['ratio_peer_wall']:>9.2f} "
                  f"{r['ratio_peer_cpu']:>7.2f} {r['floor_wall']:>7.2f} "
                  f"{r['ratio_floor_wall']:>10.1f} {mb(float(r['ours_rss_kb']) * 1024):>9} "
                  f"{r['rss_per_size']:>7.1f}x {r['marginal_rss_per_size']:>15.1f}x "
                  f"{float(r['floor_rss_kb']) * 1024 / float(r['bytes']):>13.1f}x "
                  f"{mb(float(r['peer_rss_kb']) * 1024):>9}")
        worst = max(float(r["ratio_peer_wall"]) for r in rows)
        print(f"target ours/peer wall <= 0.25: worst {worst:.2f} "
              f"{'MET' if worst <= 0.25 else 'NOT MET'}")
        worst_peer_rss = max(float(r["ours_rss_kb"]) / float(r["peer_rss_kb"]) for r in rows)
        print(f"target ours/peer peak RSS <= 0.40: worst {worst_peer_rss:.2f} "
              f"{'MET' if worst_peer_rss <= 0.4 else 'NOT MET'}")
        worst_rss = max(float(r["rss_per_size"]) for r in rows)
        print(f"  peak RSS: worst {worst_rss:.1f}x the spec size")
        fixed = float(rows[0]["fixed_rss_kb"]) * 1024
        worst_marginal = max(float(r["marginal_rss_per_size"]) for r in rows)
        print(f"  fixed part (peak RSS converting the 3 KB petstore: interpreter + libraries) "
              f"{mb(fixed)}; above it, worst {worst_marginal:.1f}x the spec size")
        worst_floor = max(float(r["floor_rss_kb"]) * 1024 / float(r["bytes"]) for r in rows)
        print(f"  load floor (a process that only parses the spec's files) peaks at up to "
              f"{worst_floor:.1f}x the spec size")
    if help_row:
        print()
        print(f"--help {help_row['help_wall'] * 1000:.0f} ms vs bare python "
              f"{help_row['bare_wall'] * 1000:.0f} ms: {help_row['ratio_wall']:.1f}x "
              f"(cpu {help_row['ratio_cpu']:.1f}x); target <= 6x "
              f"{'MET' if help_row['ratio_wall'] <= 6 else 'NOT MET'}")
    if batch_row:
        print()
        print(f"batch {batch_row['corpus']}: --jobs 1 {batch_row['jobs1_wall']:.1f} s, "
              f"--jobs 2 {batch_row['jobs2_wall']:.1f} s: {batch_row['speedup']:.2f}x; "
              f"target >= 1.7x {'MET' if float(batch_row['speedup']) >= 1.7 else 'NOT MET'}")
        print(f"  CPU time: --jobs 1 {batch_row['jobs1_cpu']:.1f} s, --jobs 2 "
              f"{batch_row['jobs2_cpu']:.1f} s; cores used with --jobs 2: "
              f"{batch_row['jobs2_cores']:.2f}{AUTOGROUP_NOTE if _autogroup() else ''}")
        print(f"  modelled --jobs 2 speedup with two free cores (from the --jobs 1 report's "
              f"per-input times): {batch_row['modelled_speedup']:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per command (median)")
    parser.add_argument("--batch-runs", type=int, default=3, help="runs per --jobs setting")
    parser.add_argument("--spec", action="append", default=[], type=Path,
                        help="another spec to compare on (repeatable)")
    parser.add_argument("--only-given", action="store_true",
                        help="only the --spec files, not the four big corpus specs")
    parser.add_argument("--batch-corpus", type=Path, default=CORPUS / "openapi")
    parser.add_argument("--only", choices=["specs", "help", "batch"], action="append",
                        help="run only these parts (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    parts = set(args.only or ["specs", "help", "batch"])

    ours = our_binary()
    peer = ensure_peer() if "specs" in parts else ""
    specs = [] if args.only_given else [CORPUS / s for s in BIG_SPECS]
    specs += [p.resolve() for p in args.spec]
    missing = [s for s in specs if not s.exists()]
    if missing:
        raise SystemExit(f"missing specs (set SPEC2CONNECTOR_CORPUS?): {missing}")
    meta = {"machine": machine(), "peer": peer, "runs": args.runs,
            "command": "python benchmarks/run.py " + " ".join(sys.argv[1:])}
    rows: list[dict[str, Any]] = []
    help_row = batch_row = None
    with tempfile.TemporaryDirectory(prefix="s2c-bench-") as tmp:
        scratch = Path(tmp)
        if "specs" in parts:
            print("specs: ours vs openapi-to-postman vs load floor", flush=True)
            rows = bench_specs(specs, args.runs, ours, scratch)
        if "help" in parts:
            print("--help vs bare python", flush=True)
            help_row = bench_help(max(args.runs, 20), ours)
        if "batch" in parts:
            print(f"batch --jobs 1 vs --jobs 2 on {args.batch_corpus}", flush=True)
            batch_row = bench_batch(args.batch_corpus, args.batch_runs, ours, scratch)
    print_report(meta, rows, help_row, batch_row)
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "specs": rows, "help": help_row,
                                         "batch": batch_row}, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
