"""Operations in named groups, for choosers that stay short and templates that stay small.

A big API is cut along the structure its spec already has, coarse to fine: the first tag (REST
tags, the GraphQL root type, the WSDL service port), then the path below the part all
operations share (`/api/v1/namespaces/{namespace}/pods`), then the operation's name by its
leading words (`Debtor_*`, `checkout*`), and, when nothing is left to tell operations apart,
plain slices. `split` cuts until every group fits; `pack` merges neighbouring groups again while
they fit together, so that small groups do not each take a chooser entry or a template.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from converter.model import Operation, RestRequest

__all__ = ["Group", "Path", "by_name", "by_path", "by_tag", "in_slices", "pack", "sort_key",
           "span", "split"]

Group = tuple[str, tuple[Operation, ...]]  # (label, operations)
Path = tuple[str, ...]  # the labels of nested groups, outermost first
T = TypeVar("T")
Splitter = Callable[[Sequence[Operation]], list[Group]]
Weight = Callable[[Sequence[Operation]], int]

# Leading verbs that say what is done, not to what: `createIssue` belongs with `issue...`.
_VERBS = frozenset({
    "get", "list", "create", "update", "delete", "set", "add", "remove", "find", "search",
    "fetch", "read", "replace", "patch", "put", "post", "insert", "upsert", "query", "retrieve",
})  # fmt: skip
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def by_tag(ops: Sequence[Operation]) -> list[Group]:
    """By first tag, in the order the tags first appear; [] when all share one."""
    groups: dict[str, list[Operation]] = {}
    for op in ops:
        groups.setdefault(op.tags[0] if op.tags else "", []).append(op)
    if len(groups) < 2:
        return []
    return [(tag or "Other", tuple(members)) for tag, members in groups.items()]


def _segments(op: Operation) -> list[str]:
    assert isinstance(op.request, RestRequest)
    path = op.request.path.split("?", 1)[0].split("#", 1)[0]
    return [s for s in path.split("/") if s]


def by_path(ops: Sequence[Operation]) -> list[Group]:
    """By the first path segment below the ones all operations share, sorted; [] for other
    protocols or when the paths do not differ there."""
    if not ops or not all(isinstance(op.request, RestRequest) for op in ops):
        return []
    paths = [_segments(op) for op in ops]
    common = 0
    while all(len(p) > common and p[common] == paths[0][common] for p in paths):
        common += 1
    groups: dict[str, list[Operation]] = {}
    for op, segments in zip(ops, paths, strict=True):
        groups.setdefault("/" + "/".join(segments[: common + 1]), []).append(op)
    if len(groups) < 2:
        return []
    return sorted(((label, tuple(members)) for label, members in groups.items()),
                  key=lambda g: g[0].casefold())


def words(name: str) -> list[str]:
    """`Debtor_GetName` -> [debtor, get, name]; `createIssue` -> [issue, create]: a leading
    verb moves to the end, so operations on one thing sort together."""
    found = [w.lower() for w in _WORD.findall(name)]
    lead = 0
    while lead < len(found) - 1 and found[lead] in _VERBS:
        lead += 1
    return found[lead:] + found[:lead]


def by_name(ops: Sequence[Operation]) -> list[Group]:
    """By the first word of the operation names (their spec names) after the words all share,
    sorted; the label is the names' common start and `*` (`Debtor_*`), or `*word*`."""
    keyed = [(words(op.spec_name or op.name), op) for op in ops]
    common = 0
    while all(len(w) > common and w[common] == keyed[0][0][common] for w, _ in keyed):
        common += 1
    groups: dict[str, list[Operation]] = {}
    for w, op in keyed:
        groups.setdefault(" ".join(w[: common + 1]), []).append(op)
    if len(groups) < 2:
        return []
    out = [(_name_label(key, members), tuple(members)) for key, members in groups.items()]
    return sorted(out, key=lambda g: sort_key(g[0]))


def _name_label(key: str, members: Sequence[Operation]) -> str:
    names = [op.spec_name or op.name for op in members]
    if len(names) == 1:
        return names[0]
    start = names[0]
    for name in names[1:]:
        while not name.startswith(start):
            start = start[:-1]
    if re.sub(r"[^a-z0-9]", "", start.lower()).startswith(key.replace(" ", "")):
        return start + "*"
    return f"*{key.split()[-1]}*"


def in_slices(ops: Sequence[Operation]) -> list[Group]:
    """`ops` in two halves, labelled by their first and last names."""
    if len(ops) < 2:
        return []
    size = math.ceil(len(ops) / 2)
    slices = [tuple(ops[i:i + size]) for i in range(0, len(ops), size)]
    return [(span(s[0].name, s[-1].name), s) for s in slices]


SPLITTERS: tuple[Splitter, ...] = (by_tag, by_path, by_name, in_slices)


def span(first: str, last: str) -> str:
    """`first` to `last` as one label (an en dash between them)."""
    return first if first == last else f"{first} \u2013 {last}"


def split(ops: Sequence[Operation], *, weight: Weight, limit: int,
          splitters: Sequence[Splitter] = SPLITTERS) -> list[tuple[Path, tuple[Operation, ...]]]:
    """`ops` cut into groups of at most `limit` weight (one operation may weigh more), each
    with the labels of the cuts that made it, coarse to fine (`("core_v1", "/api/v1/pods")`)."""
    if weight(ops) <= limit:
        return [((), tuple(ops))]
    index, groups = next(((i, g) for i, s in enumerate(splitters) if (g := s(ops))), (0, []))
    if not groups:
        return [((), tuple(ops))]
    return [(_nested(label, inner), part)
            for label, members in groups
            for inner, part in split(members, weight=weight, limit=limit,
                                     splitters=splitters[index:])]


def _nested(label: str, inner: Path) -> Path:
    """`label` before the labels below it, unless the first of them already says it: a path
    cut again (`/repos` -> `/repos/{owner}/hooks`), a name (`Describe*` -> `DescribeHosts*`)."""
    if inner and inner[0].strip("*").startswith(label.strip("*")):
        return inner
    return (label, *inner)


def pack(groups: Sequence[tuple[T, tuple[Operation, ...]]], *, weight: Weight, limit: int
         ) -> list[tuple[T, T, tuple[Operation, ...]]]:
    """Neighbouring groups merged while together they weigh at most `limit`, each merged group
    with the labels of its first and last group."""
    out: list[tuple[T, T, list[Operation], int]] = []
    for label, members in groups:
        w = weight(members)
        if out and out[-1][3] + w <= limit:
            first, _, merged, total = out[-1]
            out[-1] = (first, label, merged + list(members), total + w)
        else:
            out.append((label, label, list(members), w))
    return [(first, last, tuple(members)) for first, last, members, _ in out]


def sort_key(label: str) -> str:
    """Labels in reading order whatever their marks (`*nat*`, `/v1/...`), numbers by value."""
    return re.sub(r"\d+", lambda m: m.group().zfill(10), label.strip("*/").casefold())
