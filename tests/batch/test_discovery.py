"""Which files a batch looks at, which it recognises as specs, and where their output goes."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from converter.batch import Input, discover, not_a_spec, plan_layout


def _inputs(*rels: str) -> list[Input]:
    return [Input(Path(r), PurePosixPath(r), False) for r in rels]


def _bases(*rels: str) -> list[str]:
    return [b.as_posix() for b in plan_layout(_inputs(*rels))]


def test_layout_mirrors_inputs_without_extension() -> None:
    assert _bases("a.yaml", "x/y/b.json", "c") == ["a", "x/y/b", "c"]


def test_same_name_different_extension_keeps_both_extensions() -> None:
    assert _bases("p.json", "p.yaml", "q.yaml") == ["p.json", "p.yaml", "q"]


def test_clash_ignores_case_for_case_insensitive_file_systems() -> None:
    assert _bases("Pets.yaml", "pets.yml") == ["Pets.yaml", "pets.yml"]


def test_file_next_to_a_folder_of_the_same_name_keeps_its_extension() -> None:
    # api.yaml with --split would write api/<stem>.json, which is api/'s territory
    assert _bases("api.yaml", "api/v2.yaml") == ["api.yaml", "api/v2"]


def test_remaining_clashes_are_numbered() -> None:
    # `a.json.yaml` takes base `a.json` (writing `a.json.json`), so `a.json` must go elsewhere
    assert _bases("a.json.yaml", "a.json") == ["a.json", "a.json~2"]


@given(st.lists(st.lists(st.sampled_from(["a", "A", "b", "a.json", "b.yaml", "a.yaml", "x"]),
                         min_size=1, max_size=3), max_size=12, unique_by=lambda p: "/".join(p)))
def test_planned_outputs_never_overlap(paths: list[list[str]]) -> None:
    rels = ["/".join(p) for p in paths]
    bases = _bases(*rels)
    claims = [{b.casefold(), b.casefold() + ".json"} for b in bases]
    for i, mine in enumerate(claims):
        for j, theirs in enumerate(claims):
            if i != j:
                assert not mine & theirs, (rels, bases)
                # nobody writes inside another input's folder of templates
                assert not any(t.startswith(m + "/") for m in mine for t in theirs), (rels, bases)
    assert _bases(*rels) == bases  # and the plan is a pure function of the inputs


@pytest.mark.parametrize(("name", "text", "why"), [
    ("fragment.yaml", "type: object\nproperties:\n  id: {type: integer}\n", "not an API"),
    ("notes.md", "# Title\n\n- a: b\n  c\n", "not an API"),
    ("types.xsd", '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>', "root element"),
    ("part.wsdl", '<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"><portType name="P"/>'
                  "</definitions>", "WSDL part"),
    ("image.png", "\x89PNG\x00\x00", "binary"),
    ("broken.json", '{"openapi": ', ""),  # looks meant to be a spec: converted (and fails)
    ("api.txt", "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n", ""),
    ("schema.graphqls", "type Query { a: Int }\n", ""),
])
def test_recognised_by_content(tmp_path: Path, name: str, text: str, why: str) -> None:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    note = not_a_spec(path)
    assert (why in note) if why else note == "", note


def test_format_option_skips_the_other_formats(tmp_path: Path) -> None:
    (tmp_path / "s.graphql").write_text("type Query { a: Int }\n", "utf-8")
    assert "graphql description, not openapi" in not_a_spec(tmp_path / "s.graphql", "openapi")


def test_discover_walks_sorted_skips_hidden_and_the_output_folder(tmp_path: Path) -> None:
    for rel in ["b/z.yaml", "b/a.yaml", "a.json", ".git/config", "b/.hidden.yaml",
                "out/previous.json", "c/d/e.wsdl"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", "utf-8")
    found = discover([str(tmp_path), str(tmp_path / "a.json")], exclude=tmp_path / "out")
    assert [i.relative.as_posix() for i in found] == ["a.json", "b/a.yaml", "b/z.yaml",
                                                      "c/d/e.wsdl"]
    assert not any(i.explicit for i in found)  # a.json was already found in the folder


def test_discover_globs_relative_to_their_literal_folder(tmp_path: Path) -> None:
    for rel in ["specs/x/a.yaml", "specs/y/b.yaml", "specs/y/c.json"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", "utf-8")
    found = discover([str(tmp_path / "specs" / "**" / "*.yaml")])
    assert [(i.relative.as_posix(), i.explicit) for i in found] == [("x/a.yaml", False),
                                                                     ("y/b.yaml", False)]
    missing = discover([str(tmp_path / "nothing*.json"), str(tmp_path / "gone.yaml")])
    assert [i.problem for i in missing] == ["no file matches this pattern",
                                            "no such file or folder"]
