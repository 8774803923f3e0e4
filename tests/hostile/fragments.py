"""Truncated and mutated fragments of real specs from ../shared/corpus, for property tests.

Generated specs (tests/hostile/test_fuzz.py) have the shapes we thought of; real WSDLs, OpenAPI
documents and GraphQL schemas have the shapes vendors wrote, and a fragment of one (a file cut
short, an element or key gone, a value of the wrong type) is what a user meets when a download
stops or a hand edit goes wrong. Mutations work on the parsed structure (an element, attribute,
key or line at a time) so that most fragments still parse and reach the parsers; byte cuts
cover the rest.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from lxml import etree

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
MAX_BYTES = 40_000  # small files keep each example fast; there are plenty of them


def _small(paths: Iterator[Path]) -> list[Path]:
    return sorted(p for p in paths if p.is_file() and p.stat().st_size <= MAX_BYTES)


@cache
def wsdl_files() -> list[Path]:
    return _small((CORPUS / "wsdl").rglob("*.wsdl"))


@cache
def openapi_files() -> list[Path]:
    """Whole OpenAPI documents (not the `$ref`'d pieces of multi-file specs)."""
    found = _small(p for folder in ("oai", "apis-guru-lite") for p in
                   (CORPUS / "openapi" / folder).rglob("*") if p.suffix in (".json", ".yaml"))
    return [p for p in found if any(key in p.read_text("utf-8", "replace")[:600]
                                    for key in ("openapi", "swagger"))]


@cache
def graphql_files() -> list[Path]:
    return _small((CORPUS / "graphql").glob("*.graphql"))


# --- XML: remove, strip, change and copy elements and attributes ------------------------------

ODD_VALUES = ("", "x", "tns:missing", "nope:x", "1", "-1", "http://", "{{url}}", "a b")


@st.composite
def wsdl_fragment(draw: st.DrawFn, path: Path) -> bytes:
    """`path` with one to four structural mutations, or cut short at a random byte."""
    data = path.read_bytes()
    # recover: a few corpus files are deliberately odd (`xmlns:tns="http://{{url}}/..."`)
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True,
                                                  recover=True))
    if root is None or draw(st.integers(0, 9)) == 0:
        return data[: draw(st.integers(0, len(data)))]
    for _ in range(draw(st.integers(1, 4))):
        nodes = [n for n in root.iter() if isinstance(n.tag, str)]
        node = nodes[draw(st.integers(0, len(nodes) - 1))]
        parent = node.getparent()
        kind = draw(st.sampled_from(("remove", "strip", "change", "copy", "empty")))
        if kind == "remove" and parent is not None:
            parent.remove(node)
        elif kind in ("strip", "change") and node.attrib:
            name = draw(st.sampled_from(sorted(node.attrib)))
            if kind == "strip":
                del node.attrib[name]
            else:
                node.attrib[name] = draw(st.sampled_from(ODD_VALUES))
        elif kind == "copy" and parent is not None:
            parent.append(copy.deepcopy(node))
        elif kind == "empty":
            for child in list(node):
                node.remove(child)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


# --- JSON/YAML: delete keys, retype values, cut lists and mappings ----------------------------

ODD_DATA: tuple[Any, ...] = (None, [], {}, "x", 0, -1, True, [1], {"$ref": "#/nope"},
                             {"$ref": "#/"}, {"type": "object"}, "{id}")


def _containers(data: Any, limit: int = 4000) -> list[Any]:
    """Every mapping and list in `data`, depth first (bounded: big specs have many)."""
    out: list[Any] = []
    stack = [data]
    while stack and len(out) < limit:
        node = stack.pop()
        if isinstance(node, dict | list):
            out.append(node)
            stack.extend(reversed(list(node.values()) if isinstance(node, dict) else node))
    return out


@st.composite
def openapi_fragment(draw: st.DrawFn, path: Path) -> bytes:
    """`path` (read as data) with one to four mutations, as JSON; or its text cut short."""
    from converter.sources import load_json, load_yaml

    text = path.read_text("utf-8")
    if draw(st.integers(0, 9)) == 0:
        return text[: draw(st.integers(0, len(text)))].encode()
    data = load_json(text, path.name) if path.suffix == ".json" else load_yaml(text, path.name)
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 4))):
        nodes = _containers(data)
        node = nodes[draw(st.integers(0, len(nodes) - 1))]
        if not node:
            continue
        keys = sorted(node, key=str) if isinstance(node, dict) else list(range(len(node)))
        key = keys[draw(st.integers(0, len(keys) - 1))]
        kind = draw(st.sampled_from(("delete", "retype", "cut")))
        if kind == "delete":
            del node[key]
        elif kind == "retype":
            node[key] = copy.deepcopy(draw(st.sampled_from(ODD_DATA)))
        elif isinstance(node[key], dict):
            keep = sorted(node[key], key=str)[: draw(st.integers(0, 2))]
            node[key] = {k: node[key][k] for k in keep}
        elif isinstance(node[key], list):
            del node[key][draw(st.integers(0, 2)):]
    return json.dumps(data, default=str).encode()


# --- GraphQL SDL: drop, repeat and cut lines --------------------------------------------------


@st.composite
def graphql_fragment(draw: st.DrawFn, path: Path) -> bytes:
    """`path` with lines dropped or repeated, a line cut, or the whole text cut short."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    if draw(st.integers(0, 9)) == 0:
        text = "".join(lines)
        return text[: draw(st.integers(0, len(text)))].encode()
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(("drop", "repeat", "cut")))
        if kind == "drop":
            del lines[i]
        elif kind == "repeat":
            lines.insert(i, lines[i])
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))] + "\n"
    return "".join(lines).encode()
