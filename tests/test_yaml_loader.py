"""YAML is read as YAML 1.2 by yaml-rs, with PyYAML (same rules) for what yaml-rs cannot read."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from converter import yaml_loader
from converter.diagnostics import SourceError, SpecSyntaxError
from converter.sources import load_yaml

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# Plain scalars where YAML 1.1 (PyYAML's default) and YAML 1.2 disagree, and some that agree.
SCALARS: dict[str, Any] = {
    "yes": "yes", "no": "no", "on": "on", "off": "off", "y": "y",
    "true": True, "True": True, "TRUE": True, "tRue": "tRue", "false": False,
    "null": None, "Null": None, "~": None, "": None,
    "0": 0, "-0": 0, "+1": 1, "017": 17, "0o17": 15, "0x1F": 31, "-0o7": -7, "1_000": 1000,
    "12:30": "12:30", "1,000": "1,000",
    "1.5": 1.5, "1.": 1.0, ".5": 0.5, "+.5": 0.5, "1e3": 1000.0, "-1.5e3": -1500.0,
    "3e-05": 3e-05, ".inf": math.inf, "-.Inf": -math.inf, "nan": "nan", "inf": "inf",
    "2001-12-14": "2001-12-14", "2020-11-14T16:29:21Z": "2020-11-14T16:29:21Z",
    "1.2.3": "1.2.3", "0x": "0x", "e3": "e3", "12e": "12e",
}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("text", list(SCALARS))
def test_both_parsers_read_yaml_1_2(text: str) -> None:
    doc = f"a: {text}\n"
    fast, slow = yaml_loader._fast(doc), yaml_loader._pyyaml(doc)
    assert fast is not yaml_loader._FALLBACK
    assert _same(fast["a"], SCALARS[text]), f"yaml-rs read {text!r} as {fast['a']!r}"
    assert _same(slow["a"], SCALARS[text]), f"PyYAML read {text!r} as {slow['a']!r}"


def test_nan_is_a_float() -> None:
    value = yaml_loader.load("a: .NaN\n")["a"]
    assert isinstance(value, float) and math.isnan(value)


def test_block_scalar_at_end_of_file_reads_alike() -> None:
    doc = "a: |\n  one\n  two"  # no final line break
    assert yaml_loader.load(doc) == {"a": "one\ntwo\n"}
    assert yaml_loader._pyyaml(doc + "\n") == {"a": "one\ntwo\n"}


def test_merge_keys_go_to_pyyaml() -> None:
    doc = "base: &b {x: 1}\nthing:\n  <<: *b\n  y: 2\n"
    assert yaml_loader.load(doc)["thing"] == {"x": 1, "y": 2}


def test_duplicate_keys_last_wins_on_both_paths() -> None:
    assert yaml_loader._fast("a: 1\na: 2\n") == {"a": 2}
    assert yaml_loader._pyyaml("a: 1\na: 2\n") == {"a": 2}


def test_tags_are_refused_not_dropped() -> None:
    # yaml-rs alone would drop the tag and keep ['id']; the safe loader refuses it
    with pytest.raises(SpecSyntaxError) as info:
        load_yaml("a: !!python/object/apply:os.system ['id']\n", "x.yaml")
    assert info.value.where.startswith("x.yaml:1:")


def test_recursive_alias_is_refused_not_nulled() -> None:
    # yaml-rs alone would read the inner alias as null
    with pytest.raises(SourceError, match="contains it"):
        load_yaml("a: &i {b: *i}\n", "x.yaml")


def test_syntax_error_names_line_and_column() -> None:
    with pytest.raises(SpecSyntaxError) as info:
        load_yaml("openapi: 3.0.0\ninfo:\n  title: [x\n  version: 1\n", "bad.yaml")
    assert info.value.where.startswith("bad.yaml:4:")


@pytest.mark.corpus
def test_corpus_yaml_reads_the_same_on_both_paths() -> None:
    """Every YAML file of the corpus: the fast path and the PyYAML path give equal data."""
    files = sorted(CORPUS.glob("**/*.y*ml"))
    assert len(files) > 2000, "corpus missing"
    differ = []
    for file in files:
        text = file.read_text(encoding="utf-8-sig", errors="replace")
        text += "" if text.endswith("\n") else "\n"
        fast = yaml_loader._fast(text)
        if fast is yaml_loader._FALLBACK:
            continue
        if fast != yaml_loader._pyyaml(text):
            differ.append(str(file.relative_to(CORPUS)))
    assert not differ, f"{len(differ)} files read differently, e.g. {differ[:5]}"


@pytest.mark.parametrize(("text", "alias"), [
    ("a: &x 1\nb: *x\n", True),
    ("- &x [1]\n- *x\n", True),
    ("a: {k: &x 1, j: *x}\n", True),
    ("description: AT&T, **bold** and *italic*\n", False),  # markdown keeps the fast path
    ("description: |\n  Use `&opts` in Go\n", False),  # no alias at all
])
def test_may_alias(text: str, alias: bool) -> None:
    assert yaml_loader.may_alias(text) is alias

