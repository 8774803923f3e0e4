"""Output safety: spec-chosen names never leave -o, writes are atomic, failures keep old output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile import specs
from tests.hostile.support import assert_refused, cli

EVIL = ["../../etc/x", "/abs/path", "..\\..\\win", "a/../../b", "..", ".", "~root/x", "CON",
        "x" * 400, "\x00nul", "sp ace/..", "%2e%2e%2fenc"]


@pytest.mark.parametrize("split", ["api", "tag", "operation"])
def test_names_stay_in_output_folder(split: str, sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    paths = {f"/p{i}": {"get": {"operationId": name, "summary": name, "tags": [name],
                                "responses": {"200": {"description": "ok"}}}}
             for i, name in enumerate(EVIL)}
    doc = specs.openapi(paths, info={"title": "../../../etc/title", "version": "1"})
    (spec / "evil.json").write_text(json.dumps(doc))
    run = cli("convert", spec / "evil.json", "-o", f"{out}/", "--split", split)
    assert run.code == 0, run.stderr
    files = list(out.iterdir())
    assert files and all(f.parent == out and f.suffix == ".json" for f in files)
    assert all(not f.name.startswith(".") for f in files)  # no temporary file left behind
    assert len(files) == (1 if split == "api" else len(EVIL))  # none overwrote another


def test_wsdl_and_graphql_names(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    (spec / "s.wsdl").write_text(specs.wsdl(operations=["Op", "a.b"]).replace(
        'name="Svc"', 'name="..%2F..%2Fx"'))
    (spec / "s.graphql").write_text(specs.GRAPHQL)
    for name in ("s.wsdl", "s.graphql"):
        run = cli("convert", spec / name, "-o", f"{out}/", "--split", "operation")
        assert run.code == 0, run.stderr
    assert all(f.parent == out for f in out.iterdir())


def test_failed_run_keeps_existing_output(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    target = out / "api.json"
    target.write_text("PREVIOUS")
    (spec / "bad.yaml").write_text("openapi: 3.0.0\ninfo: [\n")
    assert_refused(cli("convert", spec / "bad.yaml", "-o", target), where="bad.yaml",
                   says="invalid YAML")
    assert target.read_text() == "PREVIOUS"
    (spec / "noops.json").write_text(specs.openapi_json(paths={}))
    run = cli("convert", spec / "noops.json", "-o", target)
    # nothing to convert is a failure too, and it must not replace the old output either
    assert run.code == 1 and "convert.nothing-to-convert" in run.stderr
    assert "Traceback" not in run.stderr
    assert target.read_text() == "PREVIOUS"


def test_unwritable_output_is_one_line(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    (spec / "ok.json").write_text(specs.openapi_json())
    (out / "file").write_text("I am a file")
    run = cli("convert", spec / "ok.json", "-o", out / "file" / "x.json", subprocess=True)
    assert_refused(run, where="x.json", says="cannot write")


def test_all_or_nothing_when_one_target_is_blocked(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    paths = {f"/p{i}": {"get": {"operationId": f"op{i}",
                                "responses": {"200": {"description": "ok"}}}} for i in range(3)}
    (spec / "three.json").write_text(json.dumps(specs.openapi(paths)))
    run = cli("convert", spec / "three.json", "-o", f"{out}/", "--split", "operation")
    assert run.code == 0
    names = sorted(f.name for f in out.iterdir())
    for f in out.iterdir():
        f.write_text("OLD")
    blocked = out / names[-1]
    blocked.unlink()
    blocked.mkdir()  # a folder where the last file goes
    run = cli("convert", spec / "three.json", "-o", f"{out}/", "--split", "operation")
    assert_refused(run, where=names[-1], says="cannot write")
    assert all(f.read_text() == "OLD" for f in out.iterdir() if f.is_file())
    assert not [f for f in out.iterdir() if f.name.startswith(".")]


def test_write_atomic_leaves_no_half_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from converter import output

    target = tmp_path / "t.json"
    target.write_text("OLD")

    def boom(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        output.write_atomic(target, "NEW" * 1000)
    assert target.read_text() == "OLD"
    assert [f.name for f in tmp_path.iterdir()] == ["t.json"]
