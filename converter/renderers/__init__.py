"""Renderers: the neutral model -> element templates for Camunda's REST, SOAP, GraphQL connectors.

This module chooses which operations go into which template (`--operation`, `--tag`,
`--split`); the per-connector modules build one template from a list of operations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import import_module
from typing import Any, Protocol

from converter import naming
from converter.diagnostics import Diagnostics, OptionsError
from converter.model import Api, Operation
from converter.options import Options, Split
from converter.renderers import credentials, reserved, results

__all__ = ["Bundle", "plan", "render", "render_bundle"]


@dataclass(frozen=True, slots=True)
class Bundle:
    """The operations that make up one template, with its id, name and file stem, and the
    process variable each operation's task writes (`results.variable_names`, over the whole
    API so that no split or selection changes them)."""

    operations: tuple[Operation, ...]
    template_id: str
    name: str
    stem: str
    variables: Mapping[str, str] = field(default_factory=dict)

    def variable(self, op: Operation) -> str:
        """The process variable `op`'s result expression writes."""
        return self.variables.get(op.id) or results.variable_names([op])[op.id]


class Renderer(Protocol):
    def __call__(
        self, api: Api, bundle: Bundle, *, options: Options, diagnostics: Diagnostics
    ) -> dict[str, Any]: ...


_MODULES = {"rest": "converter.renderers.rest", "soap": "converter.renderers.soap",
            "graphql": "converter.renderers.graphql"}


def select(api: Api, options: Options) -> tuple[Operation, ...]:
    """Operations picked by `--operation` and `--tag` (all when neither is given)."""
    ops = api.operations
    if options.operations:
        wanted = set(options.operations)
        ops = tuple(op for op in ops if op.id in wanted or op.name in wanted)
        missing = wanted - {op.id for op in ops} - {op.name for op in ops}
        if missing:
            known = ", ".join(op.id for op in api.operations[:20])
            raise OptionsError(f"unknown operation(s) {', '.join(sorted(missing))}; "
                               f"known: {known}{' ...' if len(api.operations) > 20 else ''}",
                               where=api.source_name)
    if options.tags:
        tags = set(options.tags)
        ops = tuple(op for op in ops if tags & set(op.tags))
        if not ops:
            raise OptionsError(f"no operation has tag(s) {', '.join(sorted(tags))}",
                               where=api.source_name)
    return ops


def plan(api: Api, options: Options) -> list[Bundle]:
    """Split the selected operations into templates."""
    ops = select(api, options)
    if not ops:
        return []
    variables = results.variable_names(api.operations)
    return [replace(b, variables=variables) for b in _bundles(api, ops, options)]


def _bundles(api: Api, ops: tuple[Operation, ...], options: Options) -> list[Bundle]:
    """`ops` grouped into templates by `--split` and the parser's template groups."""
    base_id = options.template_id or naming.template_id(api.title)
    base_name = options.name or api.title
    base_stem = base_id.rsplit(".", 1)[-1]
    if options.split is Split.API:
        if len(ops) == 1 and len(api.operations) > 1 and not options.template_id:
            # One operation picked out of many: its own id, so it never clashes with the
            # whole-API template in the Modeler.
            frag = naming.identifier(ops[0].id).lower()
            return [Bundle(ops, f"{base_id}.{frag}", options.name or f"{base_name}: {ops[0].name}",
                           f"{base_stem}.{frag}")]
        return _by_template_group(ops, base_id, base_name, base_stem)
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
    taken: set[str] = set()
    out = []
    for key, members in groups.items():
        frag = naming.unique(naming.identifier(key).lower(), taken)
        out.append(Bundle(tuple(members), f"{base_id}.{frag}", f"{base_name}: {labels[key]}",
                          f"{base_stem}.{frag}"))
    return out


def _by_template_group(ops: tuple[Operation, ...], base_id: str, base_name: str,
                       base_stem: str) -> list[Bundle]:
    """One bundle, or one per `Operation.template_group` when the parser set several."""
    keys = naming.dedupe(op.template_group for op in ops)
    if len(keys) < 2:
        return [Bundle(ops, base_id, base_name, base_stem)]
    taken: set[str] = set()
    out = []
    for key in keys:
        members = tuple(op for op in ops if op.template_group == key)
        frag = naming.unique(naming.identifier(key or "default").lower(), taken)
        out.append(Bundle(members, f"{base_id}.{frag}", f"{base_name}: {key or 'other'}",
                          f"{base_stem}.{frag}"))
    return out


def render_bundle(api: Api, bundle: Bundle, *, options: Options, diagnostics: Diagnostics
                  ) -> dict[str, Any]:
    """One template, with the spec's own `{{secrets...}}` references made harmless.

    The one place where operations meet the connectors' reserved input names
    (`reserved.clear`): every renderer sees operations whose names no longer clash.
    """
    bundle = replace(bundle, operations=tuple(reserved.clear(op) for op in bundle.operations))
    renderer: Renderer = import_module(_MODULES[bundle.operations[0].protocol.value]).render
    template = renderer(api, bundle, options=options, diagnostics=diagnostics)
    own = frozenset(i.variable for op in bundle.operations for i in op.inputs if i.secret)
    credentials.neutralise(template, diagnostics, own)
    return template


def render(api: Api, options: Options, diagnostics: Diagnostics | None = None) -> list[
    dict[str, Any]
]:
    """All templates for `api` under `options`, in a stable order."""
    diags = diagnostics if diagnostics is not None else Diagnostics()
    return [render_bundle(api, b, options=options, diagnostics=diags) for b in plan(api, options)]
