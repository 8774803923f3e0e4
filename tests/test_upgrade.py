"""`--previous`: same id, same version when nothing changed, a higher one when anything did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from converter import Options, convert
from converter.cli import main
from converter.renderers import with_identity
from converter.upgrade import load_previous, upgrade

PETSTORE = str(Path(__file__).resolve().parents[1] / "fixtures/openapi/v2/petstore-swagger2.yaml")


@pytest.fixture(scope="module")
def full() -> dict:
    return convert(PETSTORE, options=Options(template_id="acme.pets")).templates[0]


@pytest.fixture(scope="module")
def fewer(full: dict) -> dict:
    ops = [c["value"] for c in full["properties"][1]["choices"]]
    return convert(PETSTORE, options=Options(operations=tuple(ops[:-1]))).templates[0]


def test_unchanged_keeps_id_and_version(full: dict) -> None:
    old = with_identity(full, template_id="acme.pets", version=4)  # headers say 4 too
    (new,), (change,) = upgrade([full], [old])
    assert new == old and list(new) == list(full)  # same content, same key order
    assert not change.changed and change.summary() == "acme.pets: unchanged, version 4 kept"


def test_changed_bumps_version_and_says_what_changed(full: dict, fewer: dict) -> None:
    old = {**full, "version": 4}
    (new,), (change,) = upgrade([fewer], [old])
    assert (new["id"], new["version"]) == ("acme.pets", 5)  # the old id, though fewer's differs
    removed = [c["value"] for c in full["properties"][1]["choices"]][-1]
    assert change.operations_removed == (removed,) and change.operations_added == ()
    assert f"{removed}.method" in change.fields_removed and change.fields_added == ()
    assert change.summary().startswith(f"acme.pets: version 4 -> 5: operations -{removed}")
    # and back: the operation comes back as an addition
    (again,), (back,) = upgrade([full], [new])
    assert again["version"] == 6 and back.operations_added == (removed,)


def test_minimum_version_wins_when_higher(full: dict, fewer: dict) -> None:
    (new,), _ = upgrade([fewer], [{**full, "version": 2}], minimum_version=10)
    assert new["version"] == 10


def test_several_templates_pair_by_id_and_new_ones_stay(full: dict) -> None:
    a = {**with_identity(full, template_id="x.a", version=1), "name": "A"}
    b = {**with_identity(full, template_id="x.b", version=3), "name": "B"}
    out, changes = upgrade([a, b, {**full, "id": "x.c", "name": "C"}],
                           [b, with_identity(a, template_id="x.a", version=7)])
    assert [(t["id"], t["version"]) for t in out] == [("x.a", 7), ("x.b", 3), ("x.c", 1)]
    assert [c.changed for c in changes] == [False, False, True]
    assert changes[2].summary() == "x.c: new template, version 1"


def test_load_previous_rejects_what_is_not_a_template(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"no": "id"}', "utf-8")
    with pytest.raises(Exception, match="not an element template"):
        load_previous(bad)


def test_cli_previous(tmp_path: Path) -> None:
    run = CliRunner().invoke
    first, second = tmp_path / "v1.json", tmp_path / "v2.json"
    assert run(main, ["convert", PETSTORE, "-o", str(first), "--id", "acme.pets"]).exit_code == 0
    same = run(main, ["convert", PETSTORE, "-o", str(second), "--previous", str(first)])
    assert same.exit_code == 0 and "acme.pets: unchanged, version 1 kept" in same.stderr
    assert second.read_bytes() == first.read_bytes()
    changed = run(main, ["convert", PETSTORE, "--previous", str(first), "--camunda", "8.6"])
    assert changed.exit_code == 0, changed.stderr
    assert json.loads(changed.stdout)["version"] == 2
    assert "version 1 -> 2" in changed.stderr and "engines" in changed.stderr
    bad = run(main, ["convert", PETSTORE, "--previous", PETSTORE])
    assert bad.exit_code == 2 and "--previous" in bad.stderr
