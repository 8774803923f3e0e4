"""The `$ref` resolver's shortcuts give what the general way gives.

`refs._join` joins relative refs against `file:` documents on the strings instead of through
urljoin and `refs._defrag` splits plain `file:` URIs at the "#" instead of through urldefrag;
both are compared here with what they replace on generated input.
"""

from __future__ import annotations

import itertools
import random
from typing import Any
from urllib.parse import urldefrag, urljoin

import pytest

from converter.parsers.openapi import refs

# -- the joins ---------------------------------------------------------------------------------

_PARTS = ["a", "b.yaml", ".", "..", "", ".hidden", "%2F", "%2E%2E", "x y", "c:d", "?q=1", "#",
          "#/p/q", "#a:b", "/", "//", "\t", " ", "~", "%", ";p", "\x00", "é", "#/x?y", "\n"]
_BASES = ["file:///", "file:///a.yaml", "file:///d/e/f.yaml", "file:///d/", "file:///d/e/",
          "file:////x/a", "file:///a?x=1", "file:///a#f", "file:///d//e/f.yaml",
          "file:///d/./e/f.yaml", "file:///d/../e/f.yaml", "file:///d/%2E%2E/f.yaml",
          "file:///d/e/..", "file:///d/e/.", "http://h/a/b.yaml", "urn:spec2connector:root",
          "file://host/a/b", "FILE:///a/b", "file:///a\tb/c.yaml", " file:///a/b"]


def _refs() -> list[str]:
    rnd = random.Random(8)
    out = ["/".join(c) for k in range(3) for c in itertools.product(_PARTS, repeat=k)]
    out += ["".join(c) for c in itertools.product(_PARTS, repeat=2)]
    out += ["/".join(rnd.choice(_PARTS) for _ in range(rnd.randint(3, 8))) for _ in range(1500)]
    return out


def test_join_and_defrag_agree_with_urllib() -> None:
    shortcut = 0
    for base in _BASES:
        for ref in _refs():
            joined = urljoin(base, ref)
            mine = refs._join_file(base, ref)
            shortcut += mine is not None
            assert mine in (None, joined), (base, ref)
            assert refs._join.__wrapped__(base, ref) == joined, (base, ref)
            try:
                expected: Any = tuple(urldefrag(joined))
            except ValueError as exc:
                expected = repr(exc)
            try:
                got: Any = refs._defrag(joined)
            except ValueError as exc:
                got = repr(exc)
            assert got == expected, joined
    assert shortcut > 10_000  # the shortcut is taken, not only urljoin


@pytest.mark.parametrize(("base", "ref", "joined"), [
    ("file:///s/d/a.yaml", "b.yaml#/B", "file:///s/d/b.yaml#/B"),
    ("file:///s/d/a.yaml", "../b.yaml", "file:///s/b.yaml"),
    ("file:///s/d/a.yaml", "../../../../b.yaml", "file:///b.yaml"),
    ("file:///s/d/a.yaml", "./x/./y/../b.yaml#", "file:///s/d/x/b.yaml"),
    ("file:///s/d/a.yaml", "x//b.yaml", "file:///s/d/x/b.yaml"),
    ("file:///s/d/a.yaml", "/abs.yaml#/A", "file:///abs.yaml#/A"),
    ("file:///s/d/a.yaml", "my%20file.yaml", "file:///s/d/my%20file.yaml"),
    ("file:///s/d/a.yaml", "%2E%2E/b.yaml", "file:///s/d/%2E%2E/b.yaml"),
    ("file:///s/d/a.yaml", "b.yaml?v=1#/B", "file:///s/d/b.yaml?v=1#/B"),
    ("file:///s/d/a.yaml", "#/components", "file:///s/d/a.yaml#/components"),
    ("file:///s/d/a.yaml", "..", "file:///s/"),
])
def test_join_examples(base: str, ref: str, joined: str) -> None:
    assert refs._join.__wrapped__(base, ref) == joined == urljoin(base, ref)
