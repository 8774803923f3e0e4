"""The `$ref` resolver on a folder of edge cases: percent-encoded names, `..` inside and outside
the spec's folder, symlinks out of it, a query, a FIFO, broken and oversized files. Each ref
resolves to the node it names, or is refused with a message naming the file and the reason.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from converter import sources
from converter.parsers.openapi import refs
from converter.parsers.openapi.refs import RefError, Resolver


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """spec/ (the spec's folder) and elsewhere/ next to it, with a file per edge case."""
    spec, elsewhere = tmp_path / "spec", tmp_path / "elsewhere"
    (spec / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    (spec / "b.yaml").write_text("B: {type: string, title: b}\n")
    (spec / "sub" / "a.yaml").write_text("A: {$ref: '../b.yaml#/B'}\nSelf: {$ref: '#/A'}\n")
    (spec / "my file.yaml").write_text("X: {title: spaced}\n")
    (spec / "été.yaml").write_text("X: {title: accented}\n")
    (spec / "pct%41.yaml").write_text("X: {title: percent}\n")
    (spec / "ws.json").write_text("\n" * 70 + '{"X": {"title": "json"}}')
    (spec / "loop.yaml").write_text("A: {$ref: '#/B'}\nB: {$ref: 'loop.yaml#/A'}\n")
    (spec / "prop.yaml").write_text("P: {properties: {$ref: {type: string}}}\n")
    (spec / "latin1.yaml").write_bytes(b"X: {title: caf\xe9}\n")
    (spec / "broken.yaml").write_text("X: [unclosed\n")
    (spec / "big.yaml").write_text("X: " + "x" * 200 + "\n")
    (elsewhere / "out.yaml").write_text("p: {title: leaked}\n")
    (spec / "link-out.yaml").symlink_to(elsewhere / "out.yaml")
    (spec / "link-in.yaml").symlink_to(spec / "b.yaml")
    (spec / "linked").symlink_to(elsewhere, target_is_directory=True)
    os.mkfifo(spec / "pipe.yaml")
    (spec / "api.yaml").write_text("openapi: 3.0.3\n")
    return spec / "api.yaml"


_CASES = [
    "sub/a.yaml#/A",  # a ref inside the referenced file, relative to that file
    "sub/a.yaml#/Self",
    "./sub/../sub/a.yaml#/A",
    "../spec/b.yaml#/B",  # out of the folder and back in
    "my%20file.yaml#/X",
    "%C3%A9t%C3%A9.yaml#/X",
    "pct%2541.yaml#/X",  # a "%" in the name itself
    "sub%2Fa.yaml#/A",  # an encoded "/" is decoded (after the join)
    "sub%2F..%2F..%2Felsewhere%2Fout.yaml#/p",  # an encoded `..` out of the folder
    "sub/%2E%2E/b.yaml#/B",
    "b.yaml?v=1#/B",  # a query: the file without it
    "ws.json#/X",
    "../elsewhere/out.yaml#/p",
    "link-out.yaml#/p",  # a symlinked file out of the folder
    "link-in.yaml#/B",  # a symlinked file inside it
    "linked/out.yaml#/p",  # a symlinked folder out of it
    "/etc/hostname#/x",
    "file:///etc/hostname#/x",
    "/dev/null#/x",
    "pipe.yaml#/p",  # a FIFO: refused without blocking
    "sub#/x",  # a folder
    "missing.yaml#/x",
    "loop.yaml#/A",
    "prop.yaml#/P",
    "b.yaml#/Missing",
    "b.yaml#anchor",
    "latin1.yaml#/X",
    "broken.yaml#/X",
    "big.yaml#/X",
]


def _outcome(spec: Path, ref: str, *, allow_remote: bool) -> tuple[str, Any]:
    resolver = Resolver({"openapi": "3.0.3"}, path=spec, url="", allow_remote=allow_remote)
    try:
        node, ctx = resolver.deref({"$ref": ref}, resolver.root)
        again, _ = resolver.deref({"$ref": ref}, resolver.root)
        assert again is node
        return "ok", (node, ctx.base)
    except RefError as exc:
        return "refused", str(exc)


def test_outcomes(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_BYTES", 100)
    spec, elsewhere = tree.parent, tree.parent.parent / "elsewhere"
    got = {ref: _outcome(tree, ref, allow_remote=False) for ref in _CASES}
    spec_uri = spec.as_uri()
    string_b = {"type": "string", "title": "b"}
    assert got["sub/a.yaml#/A"] == ("ok", (string_b, f"{spec_uri}/b.yaml"))
    assert got["sub/a.yaml#/Self"] == got["sub/a.yaml#/A"]
    assert got["./sub/../sub/a.yaml#/A"] == got["sub/a.yaml#/A"]
    assert got["../spec/b.yaml#/B"] == got["sub/a.yaml#/A"]
    assert got["my%20file.yaml#/X"] == ("ok", ({"title": "spaced"},
                                                f"{spec_uri}/my%20file.yaml"))
    assert got["%C3%A9t%C3%A9.yaml#/X"][1][0] == {"title": "accented"}
    assert got["pct%2541.yaml#/X"][1][0] == {"title": "percent"}
    # sub/a.yaml is read, but as a document in spec/ its `../b.yaml` is above the folder
    assert got["sub%2Fa.yaml#/A"] == ("refused", f"refusing to read {spec.parent / 'b.yaml'}: "
                                                 "outside the spec's folder")
    assert got["sub/%2E%2E/b.yaml#/B"] == ("ok", (string_b, f"{spec_uri}/sub/%2E%2E/b.yaml"))
    assert got["b.yaml?v=1#/B"] == ("ok", (string_b, f"{spec_uri}/b.yaml?v=1"))
    assert got["ws.json#/X"][1][0] == {"title": "json"}
    assert got["link-in.yaml#/B"] == ("ok", (string_b, f"{spec_uri}/link-in.yaml"))
    assert got["prop.yaml#/P"][1][0] == {"properties": {"$ref": {"type": "string"}}}
    outside = f"refusing to read {elsewhere / 'out.yaml'}: outside the spec's folder"
    for ref in ("sub%2F..%2F..%2Felsewhere%2Fout.yaml#/p", "../elsewhere/out.yaml#/p",
                "link-out.yaml#/p", "linked/out.yaml#/p"):
        assert got[ref] == ("refused", outside), ref
    assert got["/etc/hostname#/x"] == ("refused",
                                       "refusing to read /etc/hostname: outside the spec's folder")
    assert got["/dev/null#/x"] == ("refused",
                                   "refusing to read /dev/null: outside the spec's folder")
    for name in ("pipe.yaml", "sub", "missing.yaml"):
        assert got[f"{name}#/{'x' if name != 'pipe.yaml' else 'p'}"] == (
            "refused", f"cannot read {spec / name}: not a regular file")
    assert got["loop.yaml#/A"] == ("refused", "circular reference #/B")
    assert got["b.yaml#/Missing"] == ("refused", "cannot resolve b.yaml#/Missing")
    assert got["b.yaml#anchor"] == ("refused", "cannot resolve b.yaml#anchor")
    assert got["latin1.yaml#/X"][1].startswith(f"cannot read {spec / 'latin1.yaml'}: 'utf-8'")
    assert got["broken.yaml#/X"][1].startswith(f"{spec / 'broken.yaml'}:")
    assert got["big.yaml#/X"] == ("refused", f"{spec / 'big.yaml'}: file is 204 bytes, more "
                                             "than the 100 limit")


def test_allow_remote_reads_outside_the_folder(tree: Path) -> None:
    for ref in ("../elsewhere/out.yaml#/p", "link-out.yaml#/p", "linked/out.yaml#/p"):
        assert _outcome(tree, ref, allow_remote=True)[1][0] == {"title": "leaked"}


def test_each_file_is_read_once_and_pointers_are_shared(tree: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    real = sources.read_bytes

    def counting(path: Path) -> bytes:
        reads.append(str(path))
        return real(path)

    monkeypatch.setattr(sources, "read_bytes", counting)
    resolver = Resolver({"openapi": "3.0.3"}, path=tree, url="", allow_remote=False)
    first, _ = resolver.deref({"$ref": "b.yaml#/B"}, resolver.root)
    second, _ = resolver.deref({"$ref": "sub/../b.yaml#/B"}, resolver.root)
    third, _ = resolver.deref({"$ref": "sub/a.yaml#/A"}, resolver.root)
    assert first is second is third
    assert reads == [str(tree.parent / "b.yaml"), str(tree.parent / "sub" / "a.yaml")]
    with pytest.raises(RefError, match=r"cannot resolve b\.yaml#/B/nope"):
        resolver.deref({"$ref": "b.yaml#/B/nope"}, resolver.root)
    assert resolver.deref({"$ref": {"not": "a ref"}}, resolver.root)[0] == {"$ref": {"not":
                                                                                    "a ref"}}


def test_json_is_recognised_after_leading_blank_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    monkeypatch.setattr(sources, "load_json", lambda text, name: seen.append(name) or {})
    monkeypatch.setattr(sources, "load_yaml", lambda text, name: {})
    for name, raw in [("blank", b"\n" * 70 + b"{}"), ("spaced", b"  {}"), ("yaml", b"a: 1"),
                      ("empty", b""), ("blank-yaml", b" " * 80 + b"a: {}")]:
        refs._parse(name, raw)
    assert seen == ["blank", "spaced"]
