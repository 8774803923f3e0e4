"""Conversion options, shared by the CLI and the library."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

__all__ = ["SUPPORTED_CAMUNDA", "ErrorPolicy", "Options", "Split"]


class Split(StrEnum):
    """How operations are spread over templates. AUTO: one per API unless that would be too big
    for Camunda Modeler, then parts by tag, path or name (`converter.renderers.sizing`)."""

    AUTO = "auto"
    API = "api"
    TAG = "tag"
    OPERATION = "operation"


class ErrorPolicy(StrEnum):
    """Which failures the error expression turns into BPMN errors (README, "What a template
    does by default")."""

    BUSINESS = "business"  # documented 4xx but 408/429, declared SOAP faults, GraphQL errors
    ALL = "all"  # every documented status (5xx too), every 4xx, every SOAP fault
    NONE = "none"  # no error expression: every failure is a job failure


SUPPORTED_CAMUNDA = ("8.6", "8.7", "8.8", "8.9", "8.10")


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """Everything that changes what `convert` produces. Defaults match the CLI's."""

    format: str = "auto"  # auto | openapi | wsdl | graphql | postman
    operations: tuple[str, ...] = ()  # ids, spec names, `METHOD /path`, globs (selection.py)
    tags: tuple[str, ...] = ()
    split: Split = Split.AUTO
    template_id: str = ""
    name: str = ""
    version: int = 1
    camunda: str = "8.8"
    base_url: str = ""
    template_dir: Path | None = None
    allow_remote: bool = False
    # Folder whose files a spec may reference ($ref, imports); default: the spec's own folder.
    root: Path | None = None
    icon: str = ""  # path or data:/https: URI overriding the bundled icon
    depth: int = 2  # GraphQL selection depth
    auth: str = ""  # GraphQL fixed auth: bearer | basic | apiKey:<header>
    # Postman: an environment file whose variable values fill the collection's `{{name}}`s.
    environment: Path | None = None
    errors: ErrorPolicy = ErrorPolicy.BUSINESS

    @property
    def camunda_minor(self) -> tuple[int, int]:
        major, _, minor = self.camunda.partition(".")
        return int(major), int(minor or 0)

    def at_least(self, version: str) -> bool:
        """True when the target Camunda version is `version` or newer."""
        major, _, minor = version.partition(".")
        return self.camunda_minor >= (int(major), int(minor or 0))
