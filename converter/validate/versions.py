"""Version gates: semver ranges as the Modeler reads `engines`, and the versions they admit.

The Modeler refuses a template whose `engines.*` is not a node-semver range (`validRange`), and
some deprecations depend on the Camunda versions a template targets (`optional` on
`zeebe:input` is right before 8.8). Only the grammar and the lowest admitted version are
needed for that, so this is a small reading of node-semver's range grammar, not a port.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

Version = tuple[int, int, int]

_XR = r"(?:[xX*]|0|[1-9]\d*)"
_IDENT = r"[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*"
_PARTIAL = rf"[v=]*({_XR})(?:\.({_XR})(?:\.({_XR})(?:-{_IDENT})?(?:\+{_IDENT})?)?)?"
_COMPARATOR = rf"(<=|>=|<|>|=|~>|~|\^)?{_PARTIAL}"
_HYPHEN = rf"({_PARTIAL})\s+-\s+({_PARTIAL})"


def version(text: str) -> Version:
    """The first three numbers of `text` ("0.46.0", "@0.9.1/"), missing ones as 0."""
    return _partial([*re.findall(r"\d+", text)[:3], "0", "0", "0"])


def lower_bound(rng: str) -> Version | None:
    """The lowest version `rng` admits (approximately), or None if it is not a semver range.

    Approximate because prerelease tags and upper bounds do not matter to the gates here:
    "does this template target versions before 8.8?" only needs the lowest version.
    """
    lows: list[Version] = []
    for part in re.split(r"\s*\|\|\s*", rng.strip()):
        hyphen = re.fullmatch(_HYPHEN, part)
        if hyphen:
            lows.append(_partial(hyphen.groups()[1:4]))
            continue
        tokens = re.sub(r"(<=|>=|<|>|=|~>|~|\^)\s+", r"\1", part).split()
        low = (0, 0, 0)
        for token in tokens:
            m = re.fullmatch(_COMPARATOR, token)
            if not m:
                return None
            if m.group(1) not in ("<", "<="):
                low = max(low, _partial(m.groups()[1:4]))
        lows.append(low)
    return min(lows)


def _partial(parts: Sequence[str | None]) -> Version:
    nums = [int(p) if p and p.isdigit() else 0 for p in parts]
    return nums[0], nums[1], nums[2]


def before_88(template: dict[str, Any]) -> bool:
    """True when engines.camunda admits versions before 8.8 (where `optional` is still right)."""
    engines = template.get("engines")
    rng = engines.get("camunda") if isinstance(engines, dict) else None
    low = lower_bound(rng) if isinstance(rng, str) else None
    return low is not None and low < (8, 8, 0)
