"""WSDL 1.1 via zeep: services, ports, SOAP 1.1/1.2 bindings and their operations.

zeep reads the document through `OfflineTransport`, resolving `wsdl:import`, `xsd:import` and
`xsd:include` of local files; its resolved messages give the body and header elements of each
operation (document/literal wrapped and bare, rpc/literal, rpc/encoded). What zeep does not
keep (facets, documentation, `soap:body use`, WS-Policy) is read from the same documents with
lxml. A port whose binding is not SOAP (HTTP GET/POST) is reported and skipped.

Ports of one service that share a port type are one template: the SOAP 1.1 port is used when
there is one (the connector's default, and the version whose SOAPAction it can send), else the
SOAP 1.2 port. Bindings that no service exposes still become templates, with an empty URL.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from converter.diagnostics import ConverterError, Diagnostics, SourceError, SpecSyntaxError
from converter.model import Api, SourceFormat
from converter.options import Options
from converter.parsers.wsdl import build, references, repair, xmlsafe
from converter.parsers.wsdl.facets import FacetIndex
from converter.parsers.wsdl.policy import PolicyIndex
from converter.parsers.wsdl.shape import Prefixes
from converter.parsers.wsdl.transport import OfflineTransport, source_location, zeep_settings
from converter.parsers.wsdl.xsd import Walker, XNode
from converter.sources import Source

W = f"{{{xmlsafe.WSDL11_NS}}}"
SOAP11 = "http://schemas.xmlsoap.org/wsdl/soap/"
SOAP12 = "http://schemas.xmlsoap.org/wsdl/soap12/"


@dataclass(slots=True)
class _Port:
    service: str
    name: str
    binding: Any
    address: str


def load_document(source: Source, data: bytes, *, options: Options) -> tuple[
    Any, OfflineTransport, list[str]
]:
    """zeep's Document for the source, read offline; raises ConverterError when unreadable."""
    from zeep.wsdl import Document

    location = source_location(source)
    transport = OfflineTransport(allow_remote=options.allow_remote,
                                 preloaded={location: data}, root_dir=options.root)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            document = Document(location, transport=transport,  # type: ignore[arg-type]
                                settings=zeep_settings())
    except ConverterError:
        raise
    except Exception as exc:  # zeep reading a hostile document may fail in any way
        raise _unreadable(exc, source, data, location, transport) from exc
    notes = [" ".join(str(w.message).split()) for w in caught]
    return document, transport, notes


def _unreadable(exc: Exception, source: Source, data: bytes, location: str,
                transport: OfflineTransport) -> ConverterError:
    """Why zeep could not read the WSDL: a broken reference named with its file and line when
    the documents show one, else zeep's own words."""
    documents = [(source.name, xmlsafe.parse(data, source.name))] + [
        (url, xmlsafe.parse(d, url)) for url, d in transport.loaded.items() if url != location]
    explained = references.explain(documents)
    text = explained.message.removeprefix("invalid WSDL: ") if explained else \
        references.failure_text(exc)
    if transport.refused:
        return RemoteImportRefused(
            f"cannot resolve the WSDL ({text}) because remote imports were refused: "
            f"{', '.join(transport.refused[:3])}; pass --allow-remote to fetch them",
            where=explained.where if explained else source.name)
    return explained or SpecSyntaxError(f"invalid WSDL: {text}", where=source.name)


class RemoteImportRefused(SourceError):
    """The WSDL cannot be resolved without documents on remote hosts (no --allow-remote)."""

    code = "wsdl.remote-import-refused"


def parse(source: Source, data: bytes, root: etree._Element, *, options: Options,
          diagnostics: Diagnostics) -> Api:
    """The neutral model for a WSDL 1.1 document."""
    document, transport, notes = load_document(source, data, options=options)
    undefined = repair.undefined_responses(root, document.messages)
    if undefined:  # read again with those outputs pointing at an empty message
        data = repair.repaired(data, undefined, source.name)
        document, transport, notes = load_document(source, data, options=options)
    for note in notes:
        diagnostics.warning("wsdl.incomplete", note, source.name)
    for url in transport.refused:
        diagnostics.warning("wsdl.remote-import-refused",
                            f"remote import {url} not fetched (pass --allow-remote to fetch "
                            "it); operations that need its types are skipped", url)
    roots = [root] + [xmlsafe.parse(d, u) for u, d in transport.loaded.items()
                      if d is not data]
    policies = PolicyIndex(roots)
    walker = Walker(FacetIndex.build(roots), document.types)
    prefixes = Prefixes(_preferred_prefixes(roots))

    groups = _port_groups(document, diagnostics)
    port_types = [etree.QName(q).localname for q in getattr(document, "port_types", {})]
    if port_types and not document.bindings:
        diagnostics.warning("wsdl.no-binding", f"port type(s) {', '.join(port_types)} have no "
                            "binding: an abstract WSDL (convert the WSDL that imports and "
                            "binds it)", source.name)
    docs = _op_documentation(roots)
    raws: list[tuple[build.RawOperation, str]] = []
    for (service_name, _), ports in groups.items():
        raws.extend(_port_operations(service_name, ports, walker=walker, roots=roots, docs=docs,
                                     policies=policies, diagnostics=diagnostics))
    for raw, _ in raws:
        message = undefined.get((raw.port_type, raw.name))
        if message is not None:
            raw.response_undefined = True
            diagnostics.warning(
                "wsdl.response-undefined",
                f"the response message {message} is missing or names an element or type no "
                "schema defines: the request is sent as declared, and the result maps the "
                "whole SOAP Body", raw.location)
    return Api(
        title=_title(root, document, source),
        description=xmlsafe.child_text(root, f"{W}documentation"),
        auth_declared=bool(policies.by_id), operations=build.operations(raws, prefixes),
        source_format=SourceFormat.WSDL_1_1, source_name=source.name,
    )


def _port_groups(document: Any, diagnostics: Diagnostics
                 ) -> dict[tuple[str, str], list[_Port]]:
    """The SOAP ports by (service, port type): ports of one port type offer the same
    operations. Bindings no service exposes come last, under their own name."""
    from zeep.wsdl.bindings.soap import SoapBinding

    groups: dict[tuple[str, str], list[_Port]] = {}
    exposed: set[str] = set()
    for service_name, service in document.services.items():
        for port_name, port in service.ports.items():
            binding = port.binding
            if binding is None:
                continue
            exposed.add(str(binding.name))
            if not isinstance(binding, SoapBinding):
                diagnostics.info("wsdl.non-soap-binding",
                                 f"port {port_name} uses a {type(binding).__name__}; only SOAP "
                                 "bindings become templates", f"wsdl:port {port_name}")
                continue
            port_type = str(getattr(binding.port_type, "name", binding.name))
            # zeep leaves binding_options None for a port without soap:address
            address = str((port.binding_options or {}).get("address") or "")
            if not address:
                diagnostics.warning("wsdl.no-address", f"port {port_name} has no soap:address; "
                                    "its template has an empty Service URL (or pass "
                                    "--base-url)", f"wsdl:port {port_name}")
            groups.setdefault((service_name, port_type), []).append(_Port(
                service_name, port_name, binding, address))
    for qname, binding in document.bindings.items():
        if str(qname) in exposed or not isinstance(binding, SoapBinding):
            continue
        local = etree.QName(qname).localname
        diagnostics.warning("wsdl.no-service", f"binding {local} is not exposed by any "
                            "service; its template has an empty Service URL",
                            f"wsdl:binding {local}")
        groups.setdefault(("", str(qname)), []).append(_Port("", local, binding, ""))
    return groups


def _port_operations(service_name: str, ports: list[_Port], *, walker: Walker,
                     roots: list[etree._Element], docs: dict[str, str], policies: PolicyIndex,
                     diagnostics: Diagnostics) -> list[tuple[build.RawOperation, str]]:
    """The operations of one group of ports, read from its SOAP 1.1 port if it has one."""
    from zeep.wsdl.bindings.soap import Soap12Binding

    port = min(ports, key=lambda p: isinstance(p.binding, Soap12Binding))
    if len(ports) > 1:
        others = ", ".join(p.name for p in ports if p is not port)
        diagnostics.info("wsdl.ports-merged", f"ports {others} offer the same operations "
                         f"as {port.name}; one template uses {port.name}",
                         f"wsdl:service {service_name}")
    version = "1.2" if isinstance(port.binding, Soap12Binding) else "1.1"
    group = f"{service_name or 'binding'}.{port.name}"
    binding_node = _binding_node(roots, port.binding.name)
    bound = _named_children(binding_node, f"{W}operation")
    binding_policy = policies.attached(binding_node) or policies.attached(
        _port_node(roots, service_name, port.name))
    raws: list[tuple[build.RawOperation, str]] = []
    for op_name, op in port.binding._operations.items():
        op_node = bound.get(op_name)
        try:
            raw = _operation(op_name, op, port=port, version=version, walker=walker,
                             use=_use(op_node), documentation=docs.get(op_name, ""))
        except RecursionError:
            diagnostics.warning("wsdl.operation-skipped", "schema nests too deeply",
                                f"wsdl:operation {op_name}")
            continue
        except Exception as exc:
            diagnostics.warning("wsdl.operation-skipped",
                                f"cannot resolve its messages: {references.zeep_text(exc)}",
                                f"wsdl:operation {op_name}")
            continue
        raw.policy = policies.attached(op_node) or binding_policy
        if raw.use == "encoded":
            diagnostics.info("wsdl.rpc-encoded", "rpc/encoded: the body is sent without "
                             "xsi:type annotations; most servers accept that",
                             raw.location)
        raws.append((raw, group))
    _report_dropped_headers(raws, etree.QName(port.binding.name).localname, diagnostics)
    return raws


def _operation(name: str, op: Any, *, port: _Port, version: str, walker: Walker, use: str,
               documentation: str) -> build.RawOperation:
    from zeep.wsdl.messages.soap import RpcMessage

    style = "rpc" if isinstance(op.input, RpcMessage) else "document"
    raw = build.RawOperation(
        name=name, service=port.service, port=port.name, soap_version=version,
        port_type=str(getattr(port.binding.port_type, "name", "")),
        endpoint=port.address, action=str(op.soapaction or ""), style=style,
        use=use, documentation=documentation,
    )
    raw.body = _body(op.input, walker)
    raw.headers, raw.dropped_headers = _headers(op.input, walker)
    if op.output is None:
        raw.one_way = True
    else:
        raw.output = _body(op.output, walker)
        if style == "rpc" and raw.output:
            raw.output[0].name = f"{name}Response"
    for fault_name, message in (getattr(op.abstract, "fault_messages", None) or {}).items():
        parts = list(getattr(message, "parts", {}).values())
        element = getattr(parts[0], "element", None) if parts else None
        qname = getattr(element, "qname", None)
        detail = etree.QName(qname).localname if qname is not None else ""
        raw.faults.append((str(fault_name), detail))
    return raw


def _body(message: Any, walker: Walker) -> list[XNode]:
    body = getattr(message, "body", None)
    if body is None:
        return []
    if getattr(message, "_is_body_wrapped", False):
        return [walker.element(e, local=False) for e in body.type._element]
    return [walker.element(body, local=False)]


def _headers(message: Any, walker: Walker) -> tuple[list[XNode], list[str]]:
    """The header block the operation sends, and the names of the blocks it cannot send.

    The connector keeps only the first element of a header (`XmlUtilities.appendXmlStringToNode`
    appends the first child of its wrapper), so one block is sent: the first the service
    requires (not nillable), else the first. A nillable block is one the service can do without
    (Microsoft Advertising declares UserName, Password, AuthenticationToken, ... on every
    operation): optional, so it is left out when its fields are empty.
    """
    header = getattr(message, "header", None)
    if header is None or not header.type._element:
        return [], []
    blocks = list(header.type._element)
    kept = next((e for e in blocks if not getattr(e, "nillable", False)), blocks[0])
    dropped = [_element_name(e) for e in blocks if e is not kept]
    node = walker.element(kept, local=False,
                          min_occurs=0 if getattr(kept, "nillable", False) else None)
    return [node], dropped


def _element_name(element: Any) -> str:
    qname = getattr(element, "qname", None)
    return etree.QName(qname).localname if qname is not None else str(element.name or "")


def _report_dropped_headers(raws: list[tuple[build.RawOperation, str]], binding: str,
                            diagnostics: Diagnostics) -> None:
    """One warning per set of header blocks left out, naming them and the operations."""
    by_blocks: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for raw, _ in raws:
        if raw.dropped_headers:
            sent = raw.headers[0].name if raw.headers else ""
            by_blocks.setdefault((sent, tuple(raw.dropped_headers)), []).append(raw.name)
    for (sent, dropped), names in by_blocks.items():
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        diagnostics.warning(
            "wsdl.header-dropped",
            f"header block{'s' if len(dropped) > 1 else ''} {', '.join(dropped)} not sent: the "
            f"connector sends only the first element of a SOAP header, so the template sends "
            f"{sent} ({len(names)} operation{'s' if len(names) > 1 else ''}: {shown})",
            f"wsdl:binding {binding}")


def _binding_node(roots: Iterable[etree._Element], qname: Any) -> etree._Element | None:
    q = etree.QName(qname)
    for root in roots:
        tns = root.get("targetNamespace", "")
        for node in root.iter(f"{W}binding"):
            if node.get("name") == q.localname and (tns == q.namespace or not q.namespace):
                return node
    return None


def _port_node(roots: Iterable[etree._Element], service: str,
               port: str) -> etree._Element | None:
    for root in roots:
        for node in root.iter(f"{W}service"):
            if node.get("name") == service:
                return _named_children(node, f"{W}port").get(port)
    return None


def _named_children(parent: etree._Element | None, tag: str) -> dict[str, etree._Element]:
    """The `tag` children of `parent` by name, prefixed or not, the first of a name winning:
    looked up in one scan, not one per operation (quadratic on 20,000 operations)."""
    out: dict[str, etree._Element] = {}
    for child in () if parent is None else parent.iterchildren(tag):
        name = child.get("name", "")
        out.setdefault(name, child)
        out.setdefault(name.rsplit(":", 1)[-1], child)
    return out


def _use(op_node: etree._Element | None) -> str:
    """`soap:body use` of a binding operation ("literal" when it says nothing)."""
    if op_node is not None:
        for body in op_node.iter(f"{{{SOAP11}}}body", f"{{{SOAP12}}}body"):
            return str(body.get("use", "literal"))
    return "literal"


def _op_documentation(roots: Iterable[etree._Element]) -> dict[str, str]:
    """Port type operations' documentation by operation name (the first of a name that has
    some)."""
    out: dict[str, str] = {}
    for root in roots:
        for port_type in root.iter(f"{W}portType"):
            for name, node in _named_children(port_type, f"{W}operation").items():
                doc = node.find(f"{W}documentation")
                if doc is not None:
                    out.setdefault(name, xmlsafe.text(doc))
    return out


def _title(root: etree._Element, document: Any, source: Source) -> str:
    services = list(document.services)
    if len(services) == 1:
        return str(services[0])
    name = root.get("name")
    if name:
        return str(name)
    return Path(source.name).stem if source.name and not source.name.startswith("<") else "wsdl"


def _preferred_prefixes(roots: Iterable[etree._Element]) -> dict[str, str]:
    out: dict[str, str] = {}
    for root in roots:
        for node in [root, *root.iter(f"{{{xmlsafe.XSD_NS}}}schema")]:
            for prefix, uri in node.nsmap.items():
                if prefix and uri and prefix not in out:
                    out[prefix] = uri
    return out
