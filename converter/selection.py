"""`--operation` and `--tag`: which operations a conversion keeps, by the spec's own names, and
which diagnostics are then still about what was asked for.

An operation answers to its id, its label, the spec's own name for it (GitHub's operationId
`issues/create`, the WSDL operation, the GraphQL field), and for REST to `METHOD /path` and to
its bare path. A value with `*`, `?` or `[` is a glob over all of these (case-insensitive:
`'GET /repos/*'`, `'Debtor_*'`, `'*issue*'`). A name that matches nothing is refused with the
closest names the spec has.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Iterable, Sequence

from converter.diagnostics import Diagnostic, OptionsError
from converter.model import Api, Operation, RestRequest
from converter.options import Options

__all__ = ["about", "names", "select"]

SUGGESTIONS = 5
_GLOB = frozenset("*?[")
# What may follow an operation's location in a diagnostic's location that is about it:
# `paths./pets.get.parameters`, `wsdl:operation Add input`, `Query.user(id)`, `folder/request`.
_AFTER = frozenset(". ([/:#")


def names(op: Operation) -> list[str]:
    """Every name `--operation` accepts for `op`."""
    out = [op.id, op.name]
    if op.spec_name:
        out.append(op.spec_name)
    if isinstance(op.request, RestRequest):
        out.append(f"{op.request.method} {op.request.path}")
    return out


def _matches(value: str, op: Operation) -> bool:
    if _GLOB & set(value):
        pattern = _normal(value).casefold()
        return any(fnmatch.fnmatchcase(n.casefold(), pattern) for n in names(op))
    value = _normal(value)
    if value in names(op):
        return True
    return isinstance(op.request, RestRequest) and value == op.request.path


def _normal(value: str) -> str:
    """`get  /pets` -> `GET /pets`: the method in upper case, one space."""
    method, _, path = value.strip().partition(" ")
    path = path.strip()
    if path.startswith("/") and method.isalpha():
        return f"{method.upper()} {path}"
    return value.strip()


def select(api: Api, options: Options) -> tuple[Operation, ...]:
    """Operations picked by `--operation` and `--tag` (all when neither is given), in the
    spec's order. Raises OptionsError naming values that match nothing."""
    ops = api.operations
    if options.operations:
        hits = {value: [op for op in ops if _matches(value, op)] for value in options.operations}
        missing = [value for value, found in hits.items() if not found]
        if missing:
            raise OptionsError(_unknown(missing, api.operations), where=api.source_name)
        chosen = {op.id for found in hits.values() for op in found}
        ops = tuple(op for op in ops if op.id in chosen)
    if options.tags:
        tags = set(options.tags)
        ops = tuple(op for op in ops if tags & set(op.tags))
        if not ops:
            raise OptionsError(f"no operation has tag(s) {', '.join(sorted(tags))}",
                               where=api.source_name)
    return ops


def _unknown(missing: Sequence[str], ops: Sequence[Operation]) -> str:
    known = sorted({n for op in ops for n in names(op)})
    parts = []
    for value in missing:
        close = difflib.get_close_matches(value, known, n=SUGGESTIONS, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        parts.append(f"{value!r}{hint}")
    if len(ops) <= SUGGESTIONS * 2:
        listed = f"the operations are {', '.join(op.id for op in ops)}"
    else:
        listed = f"`spec2connector inspect` lists all {len(ops)}"
    return (f"unknown operation {'; '.join(parts)}; {listed}; --operation also takes globs "
            "such as 'GET /pets*'")


def about(diagnostics: Iterable[Diagnostic], api: Api, selected: Sequence[Operation]
          ) -> list[Diagnostic]:
    """The diagnostics that concern the `selected` operations or the document as a whole.

    A diagnostic is about an operation when its location is the operation's location or lies
    below it. One about an operation that was not selected goes, and so does one whose location
    starts like the operations' locations do (`paths.`, `Query.`, `wsdl:operation`) without
    being about a selected one: it is about an operation the parser skipped. A location above a
    selected operation (its path item `paths./pets`) stays."""
    chosen = {op.location for op in selected if op.location}
    others = {op.location for op in api.operations if op.location} - chosen
    above = {loc[:i] for loc in chosen for i, c in enumerate(loc) if c in _AFTER}
    roots = {_root(loc) for loc in chosen | others} - {""}
    if len(roots) > 3:  # Postman: locations are request names, with no shared start
        roots = set()
    out = []
    for d in diagnostics:
        owner = _owner(d.location, chosen | others)
        if owner in chosen or d.location in above:
            out.append(d)
        elif owner is None and _root(d.location) not in roots:
            out.append(d)
    return out


def _owner(location: str, operations: set[str]) -> str | None:
    """The longest operation location that `location` is, or lies below."""
    if location in operations:
        return location
    for i in range(len(location) - 1, 0, -1):
        if location[i] in _AFTER and location[:i] in operations:
            return location[:i]
    return None


def _root(location: str) -> str:
    """`paths./pets.get` -> `paths`, `wsdl:operation Add` -> `wsdl:operation`."""
    for i, c in enumerate(location):
        if c in ". ":
            return location[:i]
    return ""
