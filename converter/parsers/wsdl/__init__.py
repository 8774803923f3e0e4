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
- `policy`    WS-Policy UsernameToken requirements;
- `build`     the per-operation facts -> `converter.model.Operation`.
"""

from __future__ import annotations

from lxml import etree

from converter.diagnostics import Diagnostics, SpecSyntaxError, UnsupportedFormatError
from converter.model import Api
from converter.options import Options
from converter.parsers.wsdl import xmlsafe
from converter.sources import Source

__all__ = ["parse"]


def parse(source: Source, *, options: Options, diagnostics: Diagnostics) -> Api:
    """Read a WSDL 1.1 or 2.0 document; the root element's namespace decides which."""
    data = xmlsafe.to_bytes(source.text)
    root = xmlsafe.parse(data, source.name)
    namespace = etree.QName(root).namespace or ""
    odd = sorted({uri for uri in root.nsmap.values() if uri and ("{" in uri or "}" in uri)})
    if odd:
        raise SpecSyntaxError(
            f"namespace URI {odd[0]!r} contains '{{' or '}}' (an unfilled template "
            "placeholder?); XML tools cannot name elements in it", where=source.name)
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
