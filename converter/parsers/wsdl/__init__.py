"""WSDL parser: WSDL 1.1 (through zeep, offline) and WSDL 2.0 (lxml) to the neutral model.

Layout, following zeep's own split of concepts:

- `xmlsafe`   hardened lxml parsing every document passes first (no entities, no network);
- `transport` the zeep transport: local files, the bundled SOAP-encoding schema, no network;
- `wsdl11`    services, ports, bindings and operations of WSDL 1.1, read by zeep;
- `wsdl20`    interfaces, bindings and endpoints of WSDL 2.0, read with lxml;
- `xsd`       zeep's resolved schema objects -> a finite particle tree (recursion cut);
- `facets`    enumerations, patterns and documentation zeep forgets, re-read with lxml;
- `shape`     which leaves become fields and which content stays one FEEL value;
- `examples`  example values that satisfy the schema;
- `policy`    WS-Policy: UsernameToken and signature requirements;
- `repair`    operations whose response zeep cannot read, kept;
- `build`     the per-operation facts -> `converter.model.Operation`.
"""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from converter.diagnostics import Diagnostics, SpecSyntaxError, UnsupportedFormatError
from converter.model import Api, SoapRequest
from converter.options import Options
from converter.parsers import WSDL_PART
from converter.parsers.wsdl import xmlsafe
from converter.sources import Source

__all__ = ["parse", "skip_reason"]

# Types, messages and port types alone describe nothing callable: such a WSDL is a part that
# another WSDL imports, the way a `$ref`'d YAML file is part of an OpenAPI description.
_CALLABLE = frozenset({"binding", "service"})


def skip_reason(source: Source) -> str:
    """Why an XML document is not a WSDL to convert ("" if it is one)."""
    try:
        root = xmlsafe.parse(xmlsafe.to_bytes(source.text), source.name)
    except SpecSyntaxError as exc:
        return exc.message
    name = etree.QName(root)
    if name.namespace not in (xmlsafe.WSDL11_NS, xmlsafe.WSDL20_NS):
        return f"XML, but not a WSDL (root element <{name.localname}>)"
    if not any(isinstance(child.tag, str) and etree.QName(child).localname in _CALLABLE
               for child in root):
        return WSDL_PART
    return ""


def parse(source: Source, *, options: Options, diagnostics: Diagnostics) -> Api:
    """Read a WSDL 1.1 or 2.0 document; the root element's namespace decides which."""
    data = xmlsafe.to_bytes(source.text)
    root = xmlsafe.parse(data, source.name)
    odd = sorted({uri for uri in root.nsmap.values() if uri and ("{" in uri or "}" in uri)})
    if odd:
        # Postman-style `http://{{url}}/...` namespaces: XML tools name elements `{ns}local`, so
        # braces inside a namespace break them. Parse with the braces percent-encoded, then put
        # the namespace back as the WSDL wrote it (the server expects it literally).
        diagnostics.warning(
            "wsdl.namespace-placeholder",
            f"namespace URI {odd[0]!r} contains a template placeholder; it is kept literally "
            "in the template, replace it if your server expects a real URI", source.name)
        text = source.text
        for uri in odd:
            text = text.replace(uri, _escape(uri))
        source = replace(source, text=text)
        data = xmlsafe.to_bytes(text)
        root = xmlsafe.parse(data, source.name)
        api = _parse(source, data, root, options=options, diagnostics=diagnostics)
        return _restore(api, {_escape(uri): uri for uri in odd})
    return _parse(source, data, root, options=options, diagnostics=diagnostics)


def _escape(uri: str) -> str:
    return uri.replace("{", "%7B").replace("}", "%7D")


def _restore(api: Api, originals: dict[str, str]) -> Api:
    """Put placeholder namespaces back into every SOAP request of `api`."""
    ops = []
    for op in api.operations:
        request = op.request
        if isinstance(request, SoapRequest):
            request = replace(request, namespaces=tuple(
                (prefix, originals.get(uri, uri)) for prefix, uri in request.namespaces))
        ops.append(replace(op, request=request))
    return replace(api, operations=tuple(ops))


def _parse(source: Source, data: bytes, root: etree._Element, *, options: Options,
           diagnostics: Diagnostics) -> Api:
    namespace = etree.QName(root).namespace or ""
    local = etree.QName(root).localname
    if namespace == xmlsafe.WSDL11_NS and local == "definitions":
        from converter.parsers.wsdl import wsdl11

        return wsdl11.parse(source, data, root, options=options, diagnostics=diagnostics)
    if namespace == xmlsafe.WSDL20_NS and local == "description":
        from converter.parsers.wsdl import wsdl20

        return wsdl20.parse(source, data, root, options=options, diagnostics=diagnostics)
    found = f"{{{namespace}}}{local}" if namespace else local
    raise UnsupportedFormatError(
        f"XML document with root <{found}> is not a WSDL: expected <definitions> in "
        f"{xmlsafe.WSDL11_NS} (WSDL 1.1) or <description> in {xmlsafe.WSDL20_NS} (WSDL 2.0)",
        where=source.name,
    )
