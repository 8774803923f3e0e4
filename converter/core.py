"""The library pipeline: read -> parse -> render -> validate, with diagnostics as values."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from converter import sources
from converter.diagnostics import Diagnostic, Diagnostics, Severity
from converter.model import Api
from converter.options import Options

Source = str | bytes | Path | dict[str, Any]


@dataclass(frozen=True, slots=True)
class ConversionResult:
    """What `convert` returns: the templates, everything noticed on the way, and the model."""

    templates: list[dict[str, Any]]
    diagnostics: tuple[Diagnostic, ...]
    api: Api
    stems: list[str] = field(default_factory=list)  # a file-name stem per template

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


def load(source: Source, *, options: Options | None = None,
         diagnostics: Diagnostics | None = None) -> Api:
    """Read and parse `source` into the neutral model. Raises ConverterError if unreadable."""
    from converter.parsers import parse

    opts = options or Options()
    diags = diagnostics if diagnostics is not None else Diagnostics()
    return parse(sources.read(source, format=opts.format), options=opts, diagnostics=diags)


def render(api: Api, options: Options | None = None,
           diagnostics: Diagnostics | None = None) -> list[dict[str, Any]]:
    """Templates for an already-loaded model (not validated; see `convert`)."""
    from converter import renderers

    return renderers.render(api, options or Options(), diagnostics)


def _prepare() -> None:
    """What rendering and validating will need, loaded while forked processes parse."""
    import converter.renderers.rest  # noqa: F401  (imported already unless operations are picked)


def convert(source: Source, *, options: Options | None = None) -> ConversionResult:
    """Convert one API description into validated element templates."""
    from converter import renderers
    from converter.validate import validate_all

    opts = options or Options()
    diags = Diagnostics()
    prerendered = None
    if opts.processes > 1:
        from converter import forking

        forking.when_idle(_prepare)
        if not opts.operations and not opts.tags:  # every operation will be rendered
            from converter.renderers.rest import Prerendered

            prerendered = Prerendered(opts)
            forking.for_each_part(prerendered.make, prerendered.take)
        try:
            api = load(source, options=opts, diagnostics=diags)
        finally:
            forking.forget_idle()
    else:
        api = load(source, options=opts, diagnostics=diags)
    templates: list[dict[str, Any]] = []
    stems: list[str] = []
    bundles = renderers.plan(api, opts)
    if not bundles:
        if api.operations or diags.has_errors:
            diags.error("convert.no-operations", "no operation could be converted",
                        api.source_name)
        else:
            # A valid document with nothing callable (e.g. OpenAPI 3.1 with webhooks only):
            # not a failure, but worth saying loudly.
            diags.warning("convert.nothing-to-convert",
                          "the document describes no operations to call (webhooks and "
                          "callbacks are inbound and not converted); no template written",
                          api.source_name)
    for bundle in bundles:
        templates.append(renderers.render_bundle(api, bundle, options=opts, diagnostics=diags,
                                                 prerendered=prerendered))
        stems.append(bundle.stem)
    # Validated together: the Modeler also rejects two templates with the same id and version.
    diags.extend(validate_all(templates))
    return ConversionResult(templates=templates, diagnostics=diags.as_tuple(), api=api,
                            stems=stems)
