"""`inspect`: what each operation of a spec becomes, and why anything is skipped or degraded."""

from __future__ import annotations

import sys
from typing import Any

from converter.core import Source, load
from converter.diagnostics import Diagnostics, Severity
from converter.model import Operation, RestRequest, SoapRequest
from converter.options import Options


def _describe(op: Operation) -> str:
    r = op.request
    if isinstance(r, RestRequest):
        body = f" [{r.body.kind.value} body]" if r.body is not None else ""
        return f"{r.method} {r.path}{body}"
    if isinstance(r, SoapRequest):
        return f"SOAP {r.soap_version} {r.action or op.name}"
    return f"{r.operation_type} {op.name}"


def inspect(source: Source, *, options: Options | None = None) -> dict[str, Any]:
    """A JSON-able report: API facts, converted operations with notes, skipped places."""
    diags = Diagnostics()
    api = load(source, options=options or Options(), diagnostics=diags)
    by_location: dict[str, list[dict[str, str]]] = {}
    for d in diags:
        by_location.setdefault(d.location, []).append(
            {"severity": d.severity.value, "code": d.code, "message": d.message})
    op_locations = {op.location for op in api.operations}
    operations = [
        {
            "id": op.id,
            "name": op.name,
            "protocol": op.protocol.value,
            "call": _describe(op),
            "tags": list(op.tags),
            "inputs": len(op.inputs),
            "required_inputs": sum(1 for i in op.inputs if i.required),
            "deprecated": op.deprecated,
            "notes": by_location.get(op.location, []),
        }
        for op in api.operations
    ]
    skipped = [
        {"location": loc, **note}
        for loc, notes in by_location.items() if loc not in op_locations
        for note in notes if note["severity"] != Severity.INFO.value
    ]
    return {
        "source": api.source_name,
        "title": api.title,
        "version": api.version,
        "format": api.source_format.value,
        "servers": [s.url for s in api.servers],
        "authentication": sorted({o.kind.value for o in api.auth_options}),
        "operations": operations,
        "skipped_or_notes": skipped,
    }


def print_table(report: dict[str, Any]) -> None:
    """A readable table on a terminal (rich), plain lines otherwise."""
    ops = report["operations"]
    if not sys.stdout.isatty():
        print(f"{report['title']} ({report['format']}): {len(ops)} operation(s)")
        for op in ops:
            notes = "; ".join(n["message"] for n in op["notes"])
            print(f"{op['id']}\t{op['call']}\t{op['inputs']} input(s)"
                  + (f"\t{notes}" if notes else ""))
        for s in report["skipped_or_notes"]:
            print(f"{s['severity']}\t{s['location']}\t{s['message']}")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{report['title']} ({report['format']}): {len(ops)} operation(s)")
    for column in ("id", "call", "inputs", "notes"):
        table.add_column(column)
    for op in ops:
        table.add_row(op["id"], op["call"], f"{op['inputs']} ({op['required_inputs']} required)",
                      "\n".join(n["message"] for n in op["notes"]))
    console = Console()
    console.print(table)
    for s in report["skipped_or_notes"]:
        console.print(f"[yellow]{s['severity']}[/] {s['location']}: {s['message']}")
