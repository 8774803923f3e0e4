"""Numbered families of form fields as one list input.

Twilio's CreateStream describes `Parameter1.Name`, `Parameter1.Value` ... `Parameter99.Value`: 198
optional fields. Shown one by one they make the operation unusable in Camunda Modeler (the panel
re-evaluates every field on each change; docs/performance.md has the timings) and nobody fills
field 57 by hand. A family of at least `MIN_FAMILY` numbers, 1 to N without gaps, all optional
scalars, becomes one input holding a list: entry i is sent as `Parameter<i>.Name` and so on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from converter import naming
from converter.model import Encoding, Input, Location, ValueType

MIN_FAMILY = 10  # fewer numbered fields (Address1, Address2) stay fields of their own

# stem, number, suffix: `Parameter` `12` `.Name`; a suffix starts with a non-alphanumeric
_NUMBERED = re.compile(r"^(?P<stem>.*?\D)(?P<n>[1-9]\d*)(?P<suffix>\W.*)?$")
_SCALARS = (ValueType.STRING, ValueType.INTEGER, ValueType.NUMBER, ValueType.BOOLEAN)


def collapse(fields: Sequence[tuple[Input, Encoding]], taken: set[str]
             ) -> list[tuple[Input, Encoding]]:
    """`fields` with every numbered family replaced by one list input at its first member."""
    families: dict[str, dict[str, dict[int, Input]]] = {}
    stem_of: dict[str, str] = {}  # a candidate member's wire name -> its family's stem
    for inp, _ in fields:
        m = _NUMBERED.match(inp.name)
        if m and inp.type in _SCALARS and not inp.required:
            stem_of[inp.name] = m["stem"]
            by_suffix = families.setdefault(m["stem"], {})
            by_suffix.setdefault(m["suffix"] or "", {})[int(m["n"])] = inp
    kept = {stem: members for stem, members in families.items() if _complete(members)}
    out: list[tuple[Input, Encoding]] = []
    placed: set[str] = set()
    for inp, enc in fields:
        stem = stem_of.get(inp.name)
        if stem is None or stem not in kept:
            out.append((inp, enc))
        elif stem not in placed:  # the family takes its first member's place
            placed.add(stem)
            out.append((_family_input(stem, kept[stem], taken), Encoding(style="form")))
    return out


def _complete(members: dict[str, dict[int, Input]]) -> bool:
    """Does every suffix run 1..N without gaps, with the same N, N >= MIN_FAMILY?"""
    runs = {frozenset(numbers) for numbers in members.values()}
    if len(runs) != 1:
        return False
    numbers = next(iter(runs))
    return len(numbers) >= MIN_FAMILY and numbers == frozenset(range(1, len(numbers) + 1))


def _family_input(stem: str, members: dict[str, dict[int, Input]], taken: set[str]) -> Input:
    suffixes = tuple(members)
    keys = tuple((s, _entry_key(s)) for s in suffixes)
    count = len(next(iter(members.values())))
    firsts = {suffix: numbers[1] for suffix, numbers in members.items()}
    last = f"{stem}{count}{suffixes[-1]}"
    if suffixes == ("",):
        example: object = [_example(firsts[""], "")]
        shape = "list"
        described = firsts[""].description
    else:
        example = [{key: _example(firsts[s], key) for s, key in keys}]
        shape = "list of {" + ", ".join(key for _, key in keys) + "}"
        described = " ".join(f"{key}: {firsts[s].description.rstrip('.')}."
                             for s, key in keys if firsts[s].description)
    sent = " and ".join(f"{stem}1{s}" for s in suffixes)
    description = (f"Up to {count} entries; entry 1 is sent as {sent}, and so on up to {last}."
                   + (f" {described}" if described else ""))
    return Input(name=stem, variable=naming.variable(stem.rstrip("_") + "s", taken,
                                                     fallback="entries"),
                 location=Location.BODY, type=ValueType.ARRAY, example=example,
                 description=description, type_label=shape,
                 path=(stem,), numbered=keys)


def _entry_key(suffix: str) -> str:
    """The key of a list entry for a wire-name suffix: `.Name` -> `Name`."""
    return suffix.lstrip("._-[]").rstrip("]")


def _example(inp: Input, key: str) -> object:
    if inp.example is not None:
        return inp.example
    return key.lower() or "value"
