"""Renderers: the neutral model -> element templates for Camunda's REST, SOAP, GraphQL connectors.

This module chooses which operations go into which template (`--operation`, `--tag`,
`--split`); the per-connector modules build one template from a list of operations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib import import_module
from typing import Any

from converter import naming, text
from converter.diagnostics import Diagnostics
from converter.model import Api, Operation
from converter.options import Options, Split
from converter.renderers import credentials, reserved, results, sizing
from converter.renderers.template import with_identity
from converter.selection import select

__all__ = ["Bundle", "plan", "render", "render_bundle", "select", "with_identity"]


@dataclass(frozen=True, slots=True)
class Bundle:
    """The operations that make up one template, with its id, name and file stem, and the
    API's name that secrets are named after, and the process variable each operation's task
    writes (`results.variable_names`, over the whole API so that no split or selection changes
    them)."""

    operations: tuple[Operation, ...]
    template_id: str
    name: str
    stem: str
    api_name: str
    variables: Mapping[str, str]

    def variable(self, op: Operation) -> str:
        """The process variable `op`'s result expression writes."""
        return self.variables[op.id]


# Each module's `render(api, bundle, *, options, diagnostics)` builds one template.
_MODULES = {"rest": "converter.renderers.rest", "soap": "converter.renderers.soap",
            "graphql": "converter.renderers.graphql"}


def plan(api: Api, options: Options, diagnostics: Diagnostics | None = None) -> list[Bundle]:
    """Split the selected operations into templates."""
    ops = select(api, options)
    return _bundles(api, ops, options, diagnostics) if ops else []


def _bundles(api: Api, ops: tuple[Operation, ...], options: Options,
             diagnostics: Diagnostics | None) -> list[Bundle]:
    """`ops` grouped into templates by `--split` and the parser's template groups."""
    name = options.name or naming.api_name(api.title)
    base_id = options.template_id or naming.template_id(name)
    whole = Bundle(ops, base_id, name, base_id.rsplit(".", 1)[-1], name,
                   results.variable_names(api.operations))
    if options.split in (Split.API, Split.AUTO):
        if len(ops) == 1 and len(api.operations) > 1 and not options.template_id:
            # One operation picked out of many: its own id, so it never clashes with the
            # whole-API template in the Modeler.
            frag = naming.identifier(ops[0].id).lower()
            return [replace(whole, template_id=f"{base_id}.{frag}",
                            name=options.name or f"{name}: {ops[0].name}",
                            stem=f"{whole.stem}.{frag}")]
        bundles = _by_template_group(whole)
        if options.split is Split.AUTO:
            bundles = [part for b in bundles for part in _sized(b, diagnostics, api.source_name)]
        return bundles
    groups: dict[str, list[Operation]] = {}
    labels: dict[str, str] = {}
    mixed = len({op.protocol for op in ops}) > 1  # a Postman folder of REST and GraphQL requests
    for op in ops:
        if options.split is Split.TAG:
            tag = op.tags[0] if op.tags else "default"
            key, label = tag, tag
            if mixed:
                key, label = f"{tag} {op.protocol.value}", f"{tag} ({op.protocol.value})"
        else:
            key, label = op.id, op.name
        groups.setdefault(key, []).append(op)
        labels[key] = label
    return _parts(whole, [(naming.identifier(key).lower(), labels[key], tuple(members))
                          for key, members in groups.items()])


def _by_template_group(whole: Bundle) -> list[Bundle]:
    """One bundle, or one per `Operation.template_group` when the parser set several."""
    keys = naming.dedupe(op.template_group for op in whole.operations)
    if len(keys) < 2:
        return [whole]
    return _parts(whole, [(naming.identifier(key or "default").lower(), key or "other",
                           tuple(op for op in whole.operations if op.template_group == key))
                          for key in keys])


def _sized(bundle: Bundle, diagnostics: Diagnostics | None, where: str) -> list[Bundle]:
    """`bundle`, or its parts when one template would be too big for the Modeler."""
    parts = sizing.parts(bundle.operations)
    if not parts:
        return [bundle]
    if diagnostics is not None:
        diagnostics.info(
            "render.split-auto",
            f"{bundle.name}: about {sizing.estimate(bundle.operations)} properties would make "
            f"one template too slow in Camunda Modeler (limit {sizing.MAX_TEMPLATE_PROPERTIES});"
            f" written as {len(parts)} templates by tag, path or name (--split api keeps one)",
            where)
    return _parts(bundle, [(naming.identifier("_".join(first)).lower()[:40].strip("_"), label,
                            members) for first, label, members in parts])


def _parts(whole: Bundle, parts: list[tuple[str, str, tuple[Operation, ...]]]) -> list[Bundle]:
    """`whole` cut into one bundle per (id fragment, label, operations): the fragment, made
    unique among the parts, extends its id and stem, the label its name."""
    taken: set[str] = set()
    out = []
    for frag, label, members in parts:
        frag = naming.unique(frag, taken)
        out.append(replace(whole, operations=members, template_id=f"{whole.template_id}.{frag}",
                           name=f"{whole.name}: {label}", stem=f"{whole.stem}.{frag}"))
    return out


def render_bundle(api: Api, bundle: Bundle, *, options: Options, diagnostics: Diagnostics
                  ) -> dict[str, Any]:
    """One template, with the spec's own `{{secrets...}}` references made harmless, tooltips
    and property descriptions escaped for the markup the Modeler renders them as, and the
    `elementTemplateId`/`elementTemplateVersion` headers.

    The one place where operations meet the connectors' reserved input names
    (`reserved.clear`): every renderer sees operations whose names no longer clash.
    """
    bundle = replace(bundle, operations=tuple(reserved.clear(op) for op in bundle.operations))
    renderer = import_module(_MODULES[bundle.operations[0].protocol.value]).render
    template: dict[str, Any] = renderer(api, bundle, options=options, diagnostics=diagnostics)
    own = frozenset(i.variable for op in bundle.operations for i in op.inputs if i.secret)
    credentials.neutralise(template, diagnostics, own)
    for p in template.get("properties", []):
        for key in ("tooltip", "description"):
            if isinstance(p.get(key), str):
                p[key] = text.markup(p[key])
    return with_identity(template, template_id=template["id"], version=template["version"])


def render(api: Api, options: Options, diagnostics: Diagnostics | None = None) -> list[
    dict[str, Any]
]:
    """All templates for `api` under `options`, in a stable order."""
    diags = diagnostics if diagnostics is not None else Diagnostics()
    return [render_bundle(api, b, options=options, diagnostics=diags) for b in plan(api, options)]
