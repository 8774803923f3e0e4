"""Postman fidelity: for every request of some collections, newman's request and the template's.

`judge(paths, workdir, helper)` converts each collection (one template per operation, the
synthetic environment as `--environment`), runs them all with newman against one echo server,
and returns one `Verdict` per request item: equal, different (with what differs), or skipped by
the converter (with its reason).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.connector import ConnectorInputError
from harness.node import NodeHelper

from converter import core
from converter.options import Options, Split
from converter.parsers.postman import urls
from tests.postman import compare, newman


@dataclass
class Verdict:
    collection: str
    location: str
    status: str  # equal | different | skipped | refused | not-sent
    differences: list[str] = field(default_factory=list)
    reason: str = ""


def judge(paths: list[Path], workdir: Path, helper: NodeHelper) -> list[Verdict]:
    server = newman.EchoServer()
    try:
        jobs, prepared = [], []
        for index, path in enumerate(paths):
            data = json.loads(path.read_text("utf-8"))
            env = workdir / f"env-{index}.json"
            env.write_text(json.dumps(newman.synthetic_environment(data)), "utf-8")
            copy = workdir / f"collection-{index}.json"
            copy.write_text(json.dumps(newman.pointed_at(data, server.base, index)), "utf-8")
            jobs.append((copy, env))
            prepared.append((path, data, env, len(jobs) - 1))
        runs = newman.run(jobs, workdir)
        assert len(runs) == len(jobs), runs
        verdicts: list[Verdict] = []
        for path, data, env, run in prepared:
            verdicts.extend(_one(path, data, env, server, run, helper))
        return verdicts
    finally:
        server.close()


def _one(path: Path, data: dict[str, Any], env: Path, server: newman.EchoServer, run: int,
         helper: NodeHelper) -> list[Verdict]:
    result = core.convert(path, options=Options(split=Split.OPERATION, environment=env))
    by_location = {op.location: (op, template) for op, template in
                   zip(result.api.operations, result.templates, strict=True)}
    reasons = {d.location: d.message for d in result.diagnostics
               if d.severity.value != "info" and d.location not in by_location}
    out: list[Verdict] = []
    judged: list[tuple[Verdict, newman.Captured]] = []
    jobs = []
    items = newman.request_items(data)
    for index, location in enumerate(newman.locations(data)):
        got = server.seen.get(f"{run}:{index}")
        if location not in by_location:
            out.append(Verdict(path.name, location, "skipped",
                               reason=reasons.get(location, "no operation")))
            continue
        op, template = by_location[location]
        if got is None:
            out.append(Verdict(path.name, location, "not-sent", reason="newman sent no request"))
            continue
        verdict = Verdict(path.name, location, "equal")
        out.append(verdict)
        judged.append((verdict, got))
        jobs.append((op, template, compare.values(op, template, server.base,
                                                  _placeholders(items[index]))))
    for (verdict, got), mine in zip(judged, compare.sent_all(jobs, helper), strict=True):
        if isinstance(mine, ConnectorInputError):
            verdict.status, verdict.reason = "refused", str(mine)
            continue
        verdict.differences = compare.of_template(mine).differences(compare.of_newman(got))
        verdict.status = "different" if verdict.differences else "equal"
    return out


def _placeholders(item: dict[str, Any]) -> dict[str, str]:
    """Path placeholders Postman sends as written: `:name` without a value entry, `{name}`."""
    request = item.get("request")
    url = urls.read(request.get("url") if isinstance(request, dict) else request)
    out: dict[str, str] = {}
    for segment in url.segments:
        named = urls.path_variable(segment)
        if named is not None and named[0] not in url.path_values:
            out[named[0]] = ":" + named[0]
        for name in re.findall(r"(?<!\{)\{([A-Za-z_][\w.-]*)\}(?!\})", segment):
            out[name] = "{" + name + "}"
    return out
