"""spec2connector: API descriptions -> Camunda 8 connector element templates.

    >>> from converter import convert
    >>> result = convert("fixtures/openapi/v3_0/petstore.yaml")  # doctest: +SKIP

The pipeline (`convert`, `load`, `render`, `Options`, ...) is imported on first use, so that
`spec2connector --help` and `import converter` stay fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from converter.diagnostics import (
    ConverterError,
    Diagnostic,
    Severity,
    SourceError,
    SpecSyntaxError,
    UnsupportedFormatError,
)

# Imported eagerly (it is light until used): a lazy import of the submodule would bind the
# *module* `converter.validate` over this function.
from converter.validate import validate

if TYPE_CHECKING:
    from converter.core import ConversionResult, convert, load, render
    from converter.options import ErrorPolicy, Options, Split

__version__ = "0.1.0"

__all__ = [
    "ConversionResult",
    "ConverterError",
    "Diagnostic",
    "ErrorPolicy",
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

_LAZY = {
    "ConversionResult": "converter.core",
    "convert": "converter.core",
    "load": "converter.core",
    "render": "converter.core",
    "ErrorPolicy": "converter.options",
    "Options": "converter.options",
    "Split": "converter.options",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'converter' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
