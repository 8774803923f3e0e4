"""Diagnostics as values, and the few exceptions for documents that cannot be read at all.

Exception tree::

    ConverterError                 base of everything the converter raises on purpose
     +-- SourceError               the source cannot be read (missing, too big, remote refused, ...)
     +-- SpecSyntaxError           bytes read, but not valid JSON / YAML / XML / GraphQL
     +-- UnsupportedFormatError    readable, but not a spec we know (or an unsupported version)
     +-- OptionsError              the options contradict each other or the spec (bad --operation)

Everything else (a skipped operation, a degraded body, an invalid template) is a `Diagnostic`
collected in a `Diagnostics` list and returned with the result; library code never prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "ConverterError", "Diagnostic", "Diagnostics", "OptionsError", "Severity", "SourceError",
    "SpecSyntaxError", "UnsupportedFormatError",
]


class Severity(StrEnum):
    """How bad a diagnostic is: INFO (note), WARNING (output degraded), ERROR (output missing)."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding with a stable code and the place in the spec it refers to."""

    severity: Severity
    code: str
    message: str
    location: str = ""

    def __str__(self) -> str:
        where = f" [{self.location}]" if self.location else ""
        return f"{self.severity.value}: {self.code}: {self.message}{where}"


class Diagnostics:
    """An append-only collector passed down the pipeline."""

    def __init__(self, items: Iterable[Diagnostic] = ()) -> None:
        self._items: list[Diagnostic] = list(items)

    def info(self, code: str, message: str, location: str = "") -> None:
        self._items.append(Diagnostic(Severity.INFO, code, message, location))

    def warning(self, code: str, message: str, location: str = "") -> None:
        self._items.append(Diagnostic(Severity.WARNING, code, message, location))

    def error(self, code: str, message: str, location: str = "") -> None:
        self._items.append(Diagnostic(Severity.ERROR, code, message, location))

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self._items.extend(items)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def as_tuple(self) -> tuple[Diagnostic, ...]:
        return tuple(self._items)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self._items)


class ConverterError(Exception):
    """Base class: the document cannot be converted at all. `where` names file and place."""

    code = "converter.error"

    def __init__(self, message: str, *, where: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class SourceError(ConverterError):
    """The source could not be read (missing file, directory, too large, remote refused)."""

    code = "source.unreadable"


class SpecSyntaxError(ConverterError):
    """The bytes are not well-formed JSON, YAML, XML or GraphQL."""

    code = "source.syntax"


class UnsupportedFormatError(ConverterError):
    """The document is readable but is not a supported API description."""

    code = "source.unsupported"


class OptionsError(ConverterError):
    """The options cannot be applied (unknown --operation, --tag, contradictory flags)."""

    code = "options.invalid"
