"""spec2connector: API descriptions -> Camunda 8 connector element templates.

    >>> from converter import convert
    >>> result = convert("fixtures/openapi/v3_0/petstore.yaml")  # doctest: +SKIP
"""

from __future__ import annotations

from converter.core import ConversionResult, convert, load, render
from converter.diagnostics import (
    ConverterError,
    Diagnostic,
    Severity,
    SourceError,
    SpecSyntaxError,
    UnsupportedFormatError,
)
from converter.options import Options, Split
from converter.validate import validate

__version__ = "0.1.0"

__all__ = [
    "ConversionResult",
    "ConverterError",
    "Diagnostic",
    "Options",
    "Severity",
    "SourceError",
    "SpecSyntaxError",
    "Split",
    "UnsupportedFormatError",
    "__version__",
    "convert",
    "load",
    "render",
    "validate",
]
