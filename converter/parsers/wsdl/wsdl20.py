"""WSDL 2.0 (`http://www.w3.org/ns/wsdl`), which zeep silently reads as empty, with lxml.

Read: `types` (XML Schema, handed to zeep's schema engine so both WSDL versions share one
walker), `interface/operation` with `input`/`output` element references and `outfault`s,
`binding` of type `http://www.w3.org/ns/wsdl/soap` (`wsoap:version`, `wsoap:protocol`,
per-operation `wsoap:action`), and `service/endpoint` addresses. Every interface operation is
bound (WSDL 2.0 binds all operations by default), so a binding without `operation` children still
yields operations. Not read: `import`/`include` of other WSDL 2.0 files, HTTP bindings,
`wsoap:header` and `#other` message content.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from converter.diagnostics import ConverterError, Diagnostics, SpecSyntaxError
from converter.model import Api, SourceFormat
from converter.options import Options
from converter.parsers.wsdl import build, references, xmlsafe
from converter.parsers.wsdl.facets import FacetIndex
from converter.parsers.wsdl.policy import PolicyIndex
from converter.parsers.wsdl.shape import Prefixes
from converter.parsers.wsdl.transport import OfflineTransport, source_location, zeep_settings
from converter.parsers.wsdl.xsd import Kind, Walker, XNode
from converter.sources import Source

W = f"{{{xmlsafe.WSDL20_NS}}}"
SOAP_TYPE = "http://www.w3.org/ns/wsdl/soap"
SOAP11_PROTOCOL = "http://www.w3.org/2006/01/soap11/bindings/HTTP/"


@dataclass(slots=True)
class InterfaceOperation:
    """An abstract operation: message element QNames ("" for none) and declared faults."""

    name: str
    input: str
    output: str
    one_way: bool
    faults: list[tuple[str, str]]  # (fault name, element QName)
    documentation: str


@dataclass(slots=True)
class Endpoint:
    """A SOAP endpoint of a service, with what its binding says."""

    service: str
    name: str
    address: str
    binding: etree._Element
    version: str
    operations: list[InterfaceOperation]
    interface: str = ""


def _qname(node: etree._Element, value: str | None) -> str:
    """`prefix:local` resolved against `node`'s namespaces, in Clark notation."""
    if not value or value.startswith("#"):
        return ""
    prefix, _, local = value.rpartition(":")
    ns = node.nsmap.get(prefix or None, "")
    return f"{{{ns}}}{local}" if ns else local


def _local(qname: str) -> str:
    return qname.rsplit("}", 1)[-1]


def _doc(node: etree._Element) -> str:
    return xmlsafe.child_text(node, f"{W}documentation")


def _attr(node: etree._Element, local: str) -> str:
    for key, value in node.attrib.items():
        if etree.QName(key).localname == local:
            return str(value)
    return ""


def read_endpoints(root: etree._Element, diagnostics: Diagnostics) -> list[Endpoint]:
    """All SOAP endpoints with their bound interface operations (the independent 2.0 count)."""
    tns = root.get("targetNamespace", "")
    interfaces: dict[str, list[InterfaceOperation]] = {}
    for interface in root.findall(f"{W}interface"):
        faults = {f"{{{tns}}}{f.get('name')}": _qname(f, f.get("element"))
                  for f in interface.findall(f"{W}fault")}
        ops = []
        for op in interface.findall(f"{W}operation"):
            inp, outp = op.find(f"{W}input"), op.find(f"{W}output")
            refs = [_qname(fault, fault.get("ref")) for fault in op.findall(f"{W}outfault")]
            ops.append(InterfaceOperation(
                name=op.get("name", ""), documentation=_doc(op), one_way=outp is None,
                input=_qname(inp, inp.get("element")) if inp is not None else "",
                output=_qname(outp, outp.get("element")) if outp is not None else "",
                faults=[(_local(ref), faults.get(ref, "")) for ref in refs]))
        interfaces[f"{{{tns}}}{interface.get('name')}"] = ops
    bindings: dict[str, etree._Element] = {
        f"{{{tns}}}{b.get('name')}": b for b in root.findall(f"{W}binding")}
    out: list[Endpoint] = []
    for service in root.findall(f"{W}service"):
        for endpoint in service.findall(f"{W}endpoint"):
            binding = bindings.get(_qname(endpoint, endpoint.get("binding")))
            where = f"wsdl:endpoint {endpoint.get('name')}"
            if binding is None:
                diagnostics.warning("wsdl.missing-binding", "endpoint refers to an undefined "
                                    "binding; skipped", where)
                continue
            if binding.get("type") != SOAP_TYPE:
                diagnostics.info("wsdl.non-soap-binding", f"binding type {binding.get('type')} "
                                 "is not SOAP; skipped", where)
                continue
            version = _attr(binding, "version") or (
                "1.1" if _attr(binding, "protocol") == SOAP11_PROTOCOL else "1.2")
            interface_name = _qname(binding, binding.get("interface"))
            ops = interfaces.get(interface_name, [])
            if not ops:
                diagnostics.warning("wsdl.missing-interface", "binding's interface has no "
                                    "operations", where)
            out.append(Endpoint(service=service.get("name", ""), name=endpoint.get("name", ""),
                                address=endpoint.get("address", ""), binding=binding,
                                version="1.1" if version.startswith("1.1") else "1.2",
                                operations=ops, interface=interface_name))
    return out


def _schema(root: etree._Element, location: str, name: str,
            options: Options) -> tuple[Any, OfflineTransport]:
    from zeep.xsd import Schema

    transport = OfflineTransport(allow_remote=options.allow_remote, root=location,
                                 root_dir=options.root)
    nodes = [n for t in root.findall(f"{W}types")
             for n in t.findall(f"{{{xmlsafe.XSD_NS}}}schema")]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            schema = Schema(None, transport=transport, location=location,  # type: ignore[no-untyped-call]
                            settings=zeep_settings())
            if nodes:
                schema.add_documents(nodes, location)
    except ConverterError:
        raise
    except Exception as exc:  # zeep reading a hostile schema may fail in any way
        raise SpecSyntaxError("invalid schema in WSDL 2.0 types: "
                              + references.failure_text(exc), where=name) from exc
    return schema, transport


def parse(source: Source, data: bytes, root: etree._Element, *, options: Options,
          diagnostics: Diagnostics) -> Api:
    """The neutral model for a WSDL 2.0 document."""
    location = source_location(source)
    schema, transport = _schema(root, location, source.name, options)
    for url in transport.refused:
        diagnostics.warning("wsdl.remote-import-refused",
                            f"remote import {url} not fetched (pass --allow-remote)", url)
    roots = [root] + [xmlsafe.parse(d, u) for u, d in transport.loaded.items()]
    walker = Walker(FacetIndex.build(roots), schema)
    policies = PolicyIndex([root])
    prefixes = Prefixes({p: u for p, u in root.nsmap.items() if p})
    raws: list[tuple[build.RawOperation, str]] = []
    for endpoint in _merged(read_endpoints(root, diagnostics), diagnostics):
        policy = policies.attached(endpoint.binding)
        actions = {_local(_qname(o, o.get("ref"))): _attr(o, "action")
                   for o in endpoint.binding.findall(f"{W}operation")}
        for op in endpoint.operations:
            raw = build.RawOperation(
                name=op.name, service=endpoint.service, port=endpoint.name,
                soap_version=endpoint.version, endpoint=endpoint.address,
                action=actions.get(op.name, ""), documentation=op.documentation,
                policy=policy, one_way=op.one_way)
            unresolved: list[str] = []
            try:
                raw.body = _elements(schema, walker, op.input, unresolved)
                raw.output = _elements(schema, walker, op.output, unresolved)
            except RecursionError:
                diagnostics.warning("wsdl.operation-skipped", "schema nests too deeply",
                                    f"wsdl:operation {op.name}")
                continue
            for name in unresolved:
                diagnostics.warning("wsdl.unresolved-element",
                                    f"element {name} is not defined in the WSDL's schemas; its "
                                    "content is one FEEL field", f"wsdl:operation {op.name}")
            raw.faults = [(name, _local(element)) for name, element in op.faults]
            raws.append((raw, f"{endpoint.service}.{endpoint.name}"))
    services = [s.get("name", "") for s in root.findall(f"{W}service")]
    title = services[0] if len(services) == 1 else (
        Path(source.name).stem if source.path else "wsdl")
    return Api(title=title or "wsdl", description=_doc(root), auth_declared=bool(policies.by_id),
               operations=build.operations(raws, prefixes), source_format=SourceFormat.WSDL_2_0,
               source_name=source.name)


def _merged(endpoints: list[Endpoint], diagnostics: Diagnostics) -> list[Endpoint]:
    """One endpoint per service and interface: SOAP 1.1 when offered (as for WSDL 1.1 ports)."""
    groups: dict[tuple[str, str], list[Endpoint]] = {}
    for endpoint in endpoints:
        groups.setdefault((endpoint.service, endpoint.interface), []).append(endpoint)
    out = []
    for (service, _), members in groups.items():
        chosen = min(members, key=lambda e: e.version != "1.1")
        if len(members) > 1:
            others = ", ".join(e.name for e in members if e is not chosen)
            diagnostics.info("wsdl.ports-merged", f"endpoints {others} offer the same interface "
                             f"as {chosen.name}; one template uses {chosen.name}",
                             f"wsdl:service {service}")
        out.append(chosen)
    return out


def _elements(schema: Any, walker: Walker, qname: str, unresolved: list[str]) -> list[XNode]:
    """The message element; a schema without targetNamespace is searched by local name, and an
    element that is nowhere becomes one FEEL field (recorded in `unresolved`)."""
    if not qname:
        return []
    for candidate in (qname, _local(qname)):
        try:
            return [walker.element(schema.get_element(candidate), local=False)]
        except Exception:  # zeep raises LookupError/NamespaceError/KeyError variants
            continue
    unresolved.append(qname)
    ns = qname[1:].split("}", 1)[0] if qname.startswith("{") else ""
    return [XNode(kind=Kind.COMPLEX, ns=ns, name=_local(qname), truncated=True,
                  doc="Its schema definition was not found in the WSDL.")]
