"""How big a template may get before Camunda Modeler stops responding, and how a bigger API is
cut into templates that are not (`--split auto`, the default).

Applying a template costs the Modeler time in proportion to its properties: it validates the
whole file, then re-evaluates every property's condition on each change. The figures behind
`MAX_TEMPLATE_PROPERTIES` (measured in the Modeler page, issue 18) are in docs/performance.md;
it is the one number to change when they move.
"""

from __future__ import annotations

from collections.abc import Sequence

from converter.model import Operation, Protocol
from converter.renderers import grouping
from converter.renderers.grouping import Path

__all__ = ["MAX_TEMPLATE_PROPERTIES", "estimate", "parts"]

MAX_TEMPLATE_PROPERTIES = 600
# Parts are cut by an estimate (`estimate`), aimed this far below the limit so that the
# templates themselves stay under it.
_MARGIN = 0.9
# Properties a template has besides its operations' own (task type, auth, server, tail) ...
_BASE = 30
# ... and an operation has besides one field per input: hidden request inputs, result and
# error expressions (counted on the corpus and vendor WSDLs: REST about 6, SOAP 7, GraphQL 3).
_PER_OPERATION = {Protocol.REST: 6, Protocol.SOAP: 7, Protocol.GRAPHQL: 3}


def _weight(ops: Sequence[Operation]) -> int:
    return sum(len(op.inputs) + _PER_OPERATION[op.protocol] for op in ops)


def estimate(ops: Sequence[Operation]) -> int:
    """About how many properties one template for `ops` has."""
    return _BASE + _weight(ops)


def parts(ops: Sequence[Operation]) -> list[tuple[Path, str, tuple[Operation, ...]]]:
    """`ops` in parts that each fit in a template of at most `MAX_TEMPLATE_PROPERTIES`
    properties (cut by tag, then path, then name; small neighbours merged again), or [] when
    one template holds them all. Each part comes with the cut path of its first group (for its
    id) and a label (`Mutation: account* \u2013 checkout*`). A single operation bigger than that
    stays one part."""
    room = int(MAX_TEMPLATE_PROPERTIES * _MARGIN) - _BASE
    if _weight(ops) <= room:
        return []
    groups = grouping.split(ops, weight=_weight, limit=room)
    groups.sort(key=lambda g: tuple(grouping.sort_key(label) for label in g[0]))
    return [(first, _label(first, last), members)
            for first, last, members in grouping.pack(groups, weight=_weight, limit=room)]


def _label(first: Path, last: Path) -> str:
    """`("Mutation", "account*")` to `("Mutation", "checkout*")` -> `Mutation: account* \u2013
    checkout*`: the labels both share, then where the part starts and ends."""
    same = 0
    while same < min(len(first), len(last)) and first[same] == last[same]:
        same += 1
    head = ": ".join(first[:same])
    ends = grouping.span(": ".join(first[same:]), ": ".join(last[same:]))
    return f"{head}: {ends}" if head and ends else head or ends or "all"
