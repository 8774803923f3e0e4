"""The library pipeline: read -> parse -> render -> validate, with diagnostics as values."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from converter import selection, sources
from converter.diagnostics import Diagnostic, Diagnostics, Severity, SourceError
from converter.model import Api, Request, RestRequest, Server
from converter.options import Options

__all__ = ["ConversionResult", "Source", "convert", "load", "render", "with_base_url"]

# What `convert` and `load` read: a path, a URL, text or bytes, a loaded dict, or a document
# `converter.sources.read` gave before.
Source = str | bytes | Path | dict[str, Any] | sources.Source


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
    found = Diagnostics()
    api = _embedded_icon(parse(sources.read(source, format=opts.format), options=opts,
                               diagnostics=found), opts, found)
    if diagnostics is not None:
        diagnostics.extend(d for d in found if not (opts.base_url and d.code in _NO_SERVER))
    return with_base_url(api, opts.base_url) if opts.base_url else api


def _embedded_icon(api: Api, options: Options, diagnostics: Diagnostics) -> Api:
    """The spec's logo (OpenAPI `x-logo`) embedded, or dropped: a template never points the
    Modeler at a URL from a spec. Fetched only with `--allow-remote`."""
    if not api.icon.startswith(("https://", "http://")) or options.icon:
        return api
    if not options.allow_remote:
        diagnostics.info("convert.remote-icon", f"the spec's logo {api.icon} is not fetched; "
                         "the bundled icon is used (--allow-remote embeds the logo)",
                         "info.x-logo")
        return replace(api, icon="")
    try:
        return replace(api, icon=sources.fetch_image(api.icon))
    except SourceError as exc:
        diagnostics.warning("convert.remote-icon", f"the spec's logo is not used: {exc}",
                            "info.x-logo")
        return replace(api, icon="")


# What parsers say when the spec names no usable server: moot when `--base-url` gives one.
_NO_SERVER = frozenset({"openapi.relative-server", "wsdl.no-address"})


def with_base_url(api: Api, url: str) -> Api:
    """`api` served from `url` alone (`--base-url`): the one place that option applies."""

    def moved(request: Request) -> Request:
        if isinstance(request, RestRequest):
            return replace(request, servers=())
        return replace(request, endpoint=url)

    return replace(api, servers=(Server(url=url.rstrip("/")),),
                   operations=tuple(replace(op, request=moved(op.request))
                                    for op in api.operations))


def render(api: Api, options: Options | None = None,
           diagnostics: Diagnostics | None = None) -> list[dict[str, Any]]:
    """Templates for an already-loaded model (not validated; see `convert`)."""
    from converter import renderers

    return renderers.render(api, options or Options(), diagnostics)


def convert(source: Source, *, options: Options | None = None) -> ConversionResult:
    """Convert one API description into validated element templates."""
    from converter import renderers
    from converter.validate import validate_all

    opts = options or Options()
    found = Diagnostics()
    api = load(source, options=opts, diagnostics=found)
    # With --operation/--tag, what the spec says about other operations is beside the point
    # (and must not fail --fail-on-warning).
    diags = Diagnostics(selection.about(found, api, selection.select(api, opts))
                        if opts.operations or opts.tags else found)
    templates: list[dict[str, Any]] = []
    stems: list[str] = []
    bundles = renderers.plan(api, opts, diags)
    if not bundles:
        if api.operations or diags.has_errors:
            diags.error("convert.no-operations", "no operation could be converted",
                        api.source_name)
        else:
            # A readable document with nothing a connector can call (only HEAD operations, only
            # webhooks, an abstract WSDL): the parser said why; without a template the input
            # could not be converted, which is an error (exit 1), not a warning.
            diags.error("convert.nothing-to-convert",
                        "nothing to convert: the document has no operation a connector can "
                        "call; no template written", api.source_name)
    for bundle in bundles:
        templates.append(renderers.render_bundle(api, bundle, options=opts, diagnostics=diags))
        stems.append(bundle.stem)
    # Validated together: the Modeler also rejects two templates with the same id and version.
    diags.extend(validate_all(templates))
    return ConversionResult(templates=templates, diagnostics=diags.as_tuple(), api=api,
                            stems=stems)
