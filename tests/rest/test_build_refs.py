"""Shortcuts the resolver takes while building operations give what the general way gives.

`Resolver._real_folder` resolves a folder from its parent's real path and one lstat instead of
`Path.resolve()`; `refs._merge_path` merges a relative path once per folder instead of once per
document. Each is compared here with what it replaces, on folders with symlinks (inside, out,
dangling, in a loop, chained), missing parts and `..` segments.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest

from converter.parsers.openapi import refs
from converter.parsers.openapi.refs import Resolver


def _resolved(folder: str) -> str | type[RuntimeError]:
    try:
        return str(Path(folder).resolve())
    except RuntimeError:  # a symlink loop
        return RuntimeError


def test_real_folders_are_what_path_resolve_gives(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "spec", tmp_path / "elsewhere"
    (root / "a" / "b" / "c").mkdir(parents=True)
    (elsewhere / "x").mkdir(parents=True)
    (root / "in").symlink_to(root / "a", target_is_directory=True)
    (root / "a" / "out").symlink_to(elsewhere, target_is_directory=True)
    (root / "a" / "up").symlink_to("..", target_is_directory=True)
    (root / "chain").symlink_to(root / "in", target_is_directory=True)
    (root / "dangling").symlink_to(root / "nowhere")
    (root / "loop1").symlink_to(root / "loop2")
    (root / "loop2").symlink_to(root / "loop1")
    (root / "file").write_text("")
    names = ["a", "b", "c", "in", "out", "up", "chain", "dangling", "loop1", "missing", "file",
             "..", ".", "x"]
    folders = {str(root)}
    for first in names:
        folders.add(f"{root}/{first}")
        for second in names:
            folders.add(f"{root}/{first}/{second}")
            for third in ("b", "c", "x", ".."):
                folders.add(f"{root}/{first}/{second}/{third}")
    resolver = Resolver({}, path=root / "api.yaml", url="", allow_remote=False)
    fresh = Resolver({}, path=root / "api.yaml", url="", allow_remote=False)
    for folder in sorted(folders):
        expected = _resolved(folder)
        for r in (resolver, fresh):
            try:
                got: str | type[RuntimeError] = r._real_folder(folder)
            except RuntimeError:
                got = RuntimeError
            assert got == expected, folder
        fresh = Resolver({}, path=root / "api.yaml", url="", allow_remote=False)


@pytest.mark.parametrize("path", ["../b.yaml", "./x/../../y/b.yaml", "..", ".", "x/.",
                                  "/abs/../b.yaml", "a//b/../c.yaml", "../../../../b.yaml"])
def test_a_path_merges_the_same_from_every_document_of_a_folder(path: str) -> None:
    for folder in ("file:///", "file:///s/", "file:///s/d/"):
        for name in ("", "a.yaml", "b.json"):
            base = folder + name
            for fragment in ("", "#", "#/components/x"):
                assert refs._join_file(base, path + fragment) in (
                    None, urljoin(base, path + fragment)), (base, path)


def test_contexts_are_shared_per_document(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text("B: {type: string}\nC: {type: integer}\n")
    (tmp_path / "api.yaml").write_text("openapi: 3.0.3\n")
    resolver = Resolver({"openapi": "3.0.3"}, path=tmp_path / "api.yaml", url="",
                        allow_remote=False)
    _, first = resolver.deref({"$ref": "b.yaml#/B"}, resolver.root)
    _, second = resolver.deref({"$ref": "./b.yaml#/C"}, resolver.root)
    _, root = resolver.deref({"$ref": "#/openapi"}, resolver.root)
    assert first is second and first.base == (tmp_path / "b.yaml").as_uri()
    assert root is resolver.root
