"""Unreadable input: one clear line naming the file (and line:column where there is one), exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.support import assert_refused, cli

CASES = {
    # name: (file name, content, message pattern, place after the file name)
    "empty": ("empty.yaml", b"", "empty document", ""),
    "blank": ("blank.json", b"  \n\t\n", "empty document", ""),
    "binary": ("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary",
               ""),
    "latin-1": ("latin1.yaml", "openapi: 3.0.0\ninfo:\n  title: café\n".encode("latin-1"),
                r"not valid UTF-8 \(byte \d+, line 3\)", ""),
    "bad-utf16": ("utf16.json", b"\xff\xfe{\x00\x00\xd8", "UTF-16", ""),
    "truncated-json": ("trunc.json", b'{"openapi": "3.0.0", "info": {"title": "t", ',
                       "invalid JSON", r":1:\d+"),
    "json-trailing-comma": ("comma.json", b'{"openapi": "3.0.0",\n "paths": {},\n}',
                            "invalid JSON", ":3:1"),
    "yaml-syntax": ("bad.yaml", b"openapi: 3.0.0\ninfo:\n  title: [x\n  version: 1\n",
                    "invalid YAML", r":4:\d+"),
    "yaml-tab": ("tab.yaml", b"openapi: 3.0.0\ninfo:\n\ttitle: x\n", "invalid YAML", r":3:1"),
    "yaml-python-tag": ("tag.yaml", b"openapi: !!python/object/apply:os.system ['id']\n",
                        "invalid YAML", r":1:\d+"),
    "not-a-spec-yaml": ("config.yaml", b"name: my-service\nreplicas: 3\n",
                        "not an API description", ""),
    "not-a-spec-json-list": ("list.json", b"[1, 2, 3]", "not an API description", ""),
    "not-a-spec-scalar": ("scalar.yaml", b"just some words\n", "not an API description", ""),
    "not-a-spec-xml": ("page.xml", b"<html><body>hi</body></html>", "not a WSDL", ""),
    "openapi-4": ("v4.yaml", b"openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
                  "version '4.0.0' is not supported", ""),
    "swagger-1.2": ("v12.json", b'{"swagger": "1.2", "apis": []}', "Swagger 1.2 is not supported",
                    ""),
    "openapi-not-a-string": ("num.yaml", b"openapi: [3]\ninfo: {}\n", "not supported", ""),
    "xml-malformed": ("broken.wsdl", b'<?xml version="1.0"?>\n<definitions xmlns="http://schemas'
                      b'.xmlsoap.org/wsdl/">\n<message name="a">\n</definitions>',
                      "invalid XML", r":\d+"),
    "graphql-syntax": ("bad.graphql", b"type Query {\n  a: Int\n  b(: Int\n}\n",
                       "invalid GraphQL SDL", r":3:\d+"),
    "introspection-broken": ("intro.json", b'{"__schema": {"types": 5}}',
                             "invalid GraphQL introspection", ""),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_unreadable_file(case: str, sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    name, content, says, place = CASES[case]
    path = spec / name
    path.write_bytes(content)
    run = cli("convert", path, "-o", out)
    line = assert_refused(run, where=name, says=says)
    if place:
        import re

        assert re.search(re.escape(name) + place, line), f"no {place!r} after {name} in {line!r}"
    assert not any(out.iterdir())


def test_missing_file(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    assert_refused(cli("convert", spec / "nope.yaml", "-o", out), where="nope.yaml",
                   says="no such file")


def test_directory(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    assert_refused(cli("convert", spec, "-o", out), where=str(spec), says="is a directory")


def test_too_big(sandbox: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from converter import sources

    spec, out = sandbox
    monkeypatch.setattr(sources, "MAX_BYTES", 1000)
    path = spec / "big.yaml"
    path.write_text("openapi: 3.0.0\n" + "# padding\n" * 200)
    assert_refused(cli("convert", path, "-o", out), where="big.yaml", says="limit")


@pytest.mark.parametrize("case", ["binary", "yaml-syntax", "truncated-json", "openapi-4",
                                  "graphql-syntax", "xml-malformed"])
def test_unreadable_subprocess(case: str, sandbox: tuple[Path, Path]) -> None:
    """The same refusals through a real process: what a user sees, with no traceback."""
    spec, out = sandbox
    name, content, says, _ = CASES[case]
    (spec / name).write_bytes(content)
    assert_refused(cli("convert", spec / name, "-o", out, subprocess=True), where=name,
                   says=says)


@pytest.mark.parametrize("args", [
    ["convert"],
    ["convert", "x.yaml", "--format", "soap"],
    ["convert", "x.yaml", "--no-such-option"],
    ["convert", "x.yaml", "--version", "0"],
    ["frobnicate"],
])
def test_usage_errors_exit_2(args: list[str]) -> None:
    run = cli(*args)
    assert run.code == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "Error" in run.stderr or "Usage" in run.stderr
