"""Parsers: one per input format, each turning a read `Source` into the neutral `Api` model.

Imports are lazy so that a GraphQL conversion never loads zeep, and `--help` loads nothing.
"""

from __future__ import annotations

from importlib import import_module
from typing import Protocol

from converter.diagnostics import Diagnostics
from converter.model import Api
from converter.options import Options
from converter.sources import Source

__all__ = ["parse"]


class Parser(Protocol):
    def __call__(self, source: Source, *, options: Options, diagnostics: Diagnostics) -> Api: ...


_MODULES = {
    "openapi": "converter.parsers.openapi",
    "wsdl": "converter.parsers.wsdl",
    "graphql": "converter.parsers.graphql",
    "postman": "converter.parsers.postman",
}


def parse(source: Source, *, options: Options, diagnostics: Diagnostics) -> Api:
    """Dispatch to the parser for `source.format`."""
    module = import_module(_MODULES[source.format])
    parser: Parser = module.parse
    return parser(source, options=options, diagnostics=diagnostics)
