"""Corpus run for WSDL: independent operation counts vs templates produced.

Independent counts: zeep itself (its own plain transport, not the converter's) for WSDL 1.1, the
converter's WSDL 2.0 reader (`read_endpoints`) for WSDL 2.0, because zeep finds nothing there.
Also a script: `python -m tests.wsdl.corpus [DIR]` prints the table.
"""

from __future__ import annotations

import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from converter.core import convert
from converter.diagnostics import ConverterError, Diagnostics
from converter.options import Options, Split

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "wsdl"
SOAP_ENC = CORPUS / "zeep" / "tests" / "wsdl_files" / "soap-enc.xsd"
WSDL20 = "http://www.w3.org/ns/wsdl"


def wsdl_files(root: Path = CORPUS) -> list[Path]:
    """The WSDL files under `root`; raises when there are none (a missing corpus must fail
    the run, not pass it with nothing checked)."""
    found = sorted(p for p in root.rglob("*.wsdl") if p.is_file())
    if not found:
        raise FileNotFoundError(f"no WSDL files under {root} (the corpus belongs beside the "
                                "repository, in ../shared/corpus)")
    return found


def _zeep_count(path: Path) -> int | None:
    """Operations zeep finds on SOAP bindings (per service and port type, as the converter
    merges SOAP 1.1/1.2 ports of one port type); None when zeep cannot read the file."""
    from zeep import Settings
    from zeep.transports import Transport
    from zeep.wsdl import Document
    from zeep.wsdl.bindings.soap import SoapBinding

    class NoNetwork(Transport):
        def _load_remote_data(self, url: str) -> bytes:
            if url.rstrip("/") == "http://schemas.xmlsoap.org/soap/encoding":
                return SOAP_ENC.read_bytes()
            raise OSError(f"offline: {url}")

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # zeep's annotations are partial (transport: type[Transport], untyped __init__)
            make: Any = Document
            offline: Any = NoNetwork
            doc = make(str(path), transport=offline(), settings=Settings(strict=False))
    except Exception:
        return None
    found: set[tuple[str, ...]] = set()
    exposed: set[str] = set()
    for sname, service in doc.services.items():
        for port in service.ports.values():
            binding = port.binding
            if binding is None:
                continue
            exposed.add(str(binding.name))
            if isinstance(binding, SoapBinding):
                for op in binding._operations:
                    found.add((sname, str(getattr(binding.port_type, "name", binding.name)), op))
    for qname, binding in doc.bindings.items():
        if str(qname) not in exposed and isinstance(binding, SoapBinding):
            for op in binding._operations:
                found.add(("", str(qname), op))
    return len(found)


def _wsdl20_count(path: Path) -> int | None:
    from converter.parsers.wsdl.wsdl20 import read_endpoints

    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False,
                                                      no_network=True)).getroot()
    except etree.XMLSyntaxError:
        return None
    return len({(e.service, e.interface, op.name)
                for e in read_endpoints(root, Diagnostics()) for op in e.operations})


def is_wsdl20(path: Path) -> bool:
    head = path.read_bytes()[:2000]
    return WSDL20.encode() in head and b"description" in head


@dataclass
class FileRun:
    path: Path
    independent: int | None
    templates: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""
    crash: str = ""
    invalid: list[str] = field(default_factory=list)
    api: Any = None


def run_file(path: Path, **options: Any) -> FileRun:
    independent = _wsdl20_count(path) if is_wsdl20(path) else _zeep_count(path)
    out = FileRun(path, independent)
    try:
        result = convert(path, options=Options(split=Split.OPERATION, **options))
    except ConverterError as exc:
        out.error = str(exc)
        return out
    except Exception as exc:  # a crash is what the test reports
        out.crash = f"{type(exc).__name__}: {exc}"
        return out
    out.templates = result.templates
    out.api = result.api
    out.invalid = [str(d) for d in result.diagnostics if d.code.startswith("template.")]
    return out


def table(runs: list[FileRun], root: Path = CORPUS) -> str:
    lines = [f"{'file':70} {'indep':>5} {'made':>5}  note"]
    for r in runs:
        note = r.crash or r.error
        lines.append(f"{str(r.path.relative_to(root))[:70]:70} "
                     f"{'-' if r.independent is None else r.independent:>5} "
                     f"{len(r.templates):>5}  {note[:90]}")
    found = sum(r.independent or 0 for r in runs)
    made = sum(min(len(r.templates), r.independent or 0) for r in runs)
    lines.append(f"operations found by zeep / the WSDL 2.0 reader: {found}; "
                 f"templates produced for them: {made} "
                 f"({100 * made / found if found else 100:.1f}%); "
                 f"templates in all: {sum(len(r.templates) for r in runs)}")
    return "\n".join(lines)


if __name__ == "__main__":
    base = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    print(table([run_file(p) for p in wsdl_files(base)], base))
