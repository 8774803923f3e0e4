"""Parsers: one per input format, each turning a read `Source` into the neutral `Api` model.

Imports are lazy so that a GraphQL conversion never loads zeep, and `--help` loads nothing.
"""

from __future__ import annotations

from importlib import import_module

from converter.diagnostics import Diagnostics
from converter.model import Api
from converter.options import Options
from converter.sources import Source

__all__ = ["UNTITLED", "WSDL_PART", "parse", "skip_reason"]

# What `skip_reason` says of a document that is a part of another one, not an API by itself.
WSDL_PART = "a WSDL part without binding or service (imported by another WSDL?)"
# The title of an API whose document names nothing to call it by (a GraphQL schema from text).
UNTITLED = "GraphQL API"


_MODULES = {
    "openapi": "converter.parsers.openapi",
    "wsdl": "converter.parsers.wsdl",
    "graphql": "converter.parsers.graphql",
    "postman": "converter.parsers.postman",
}


def parse(source: Source, *, options: Options, diagnostics: Diagnostics) -> Api:
    """Dispatch to the parser for `source.format`."""
    module = import_module(_MODULES[source.format])
    api: Api = module.parse(source, options=options, diagnostics=diagnostics)
    return api


def skip_reason(source: Source) -> str:
    """Why a document that reads as `source.format` is still nothing to convert (a WSDL part
    that another WSDL imports, XML that is not a WSDL), or "" when it should be converted."""
    module = import_module(_MODULES[source.format])
    reason: str = getattr(module, "skip_reason", lambda _: "")(source)
    return reason
