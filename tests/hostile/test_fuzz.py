"""Property-based fuzzing of all three input formats.

Generated specs (valid shapes with hostile text) and mutated specs (bytes flipped, cut,
duplicated) go through the library `convert`. Properties: only ConverterError escapes (no other
exception), and every template produced passes `converter.validate`. Fragments of real specs
from ../shared/corpus (`tests/hostile/fragments.py`: elements, attributes, keys and lines
removed or changed, files cut short) must fail, if they fail, with the project's own error
that names no Python exception (no `AttributeError: 'NoneType' object has no attribute 'text'`).
Bounded for CI (FUZZ_EXAMPLES, default 25 per test; the corpus tests take 8x that, about 15 s
together); `scripts/fuzz` runs the same tests much longer.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter import convert
from converter.diagnostics import ConverterError
from converter.validate import validate
from tests.hostile import fragments, specs

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="FUZZ_SEED" not in os.environ,
                suppress_health_check=list(HealthCheck))

text = st.text(max_size=40) | st.sampled_from(
    ['"', "\\", "\n", "{{ x }}", "{% if %}", "${x}", "if", "then", "null", "../../x", "💥",
     "url", "body", "a.b", "a b", "a-b", "", " "])
name = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True)
scalar = st.none() | st.booleans() | st.integers(-10**6, 10**6) | text


def _schema() -> st.SearchStrategy[dict[str, Any]]:
    leaf = st.fixed_dictionaries({"type": st.sampled_from(
        ["string", "integer", "number", "boolean"])}, optional={
        "enum": st.lists(text, max_size=4), "description": text, "default": scalar,
        "example": scalar, "format": st.sampled_from(["date", "binary", "uuid", "x"])})
    return st.recursive(leaf, lambda inner: st.fixed_dictionaries(
        {"type": st.just("object"),
         "properties": st.dictionaries(text, inner, max_size=4)}) | st.fixed_dictionaries(
        {"type": st.just("array"), "items": inner}) | st.fixed_dictionaries(
        {"oneOf": st.lists(inner, min_size=1, max_size=3)}), max_leaves=8)


parameter = st.fixed_dictionaries(
    {"name": text, "in": st.sampled_from(["query", "header", "path", "cookie", "body", "x"]),
     "schema": _schema()},
    optional={"required": st.booleans(), "description": text})
operation = st.fixed_dictionaries(
    {"responses": st.dictionaries(st.sampled_from(["200", "201", "404", "default", "5XX"]),
                                  st.fixed_dictionaries({"description": text}), max_size=3)},
    optional={"operationId": text, "summary": text, "tags": st.lists(text, max_size=2),
              "parameters": st.lists(parameter, max_size=5),
              "requestBody": st.fixed_dictionaries({"content": st.fixed_dictionaries(
                  {"application/json": st.fixed_dictionaries({"schema": _schema()})})}),
              "security": st.lists(st.dictionaries(text, st.lists(text, max_size=2),
                                                   max_size=2), max_size=2)})
openapi_doc = st.builds(
    lambda paths, version, title: {**specs.openapi(paths), "openapi": version,
                                   "info": {"title": title, "version": "1"}},
    st.dictionaries(st.from_regex(r"/[a-z{}/]{0,12}", fullmatch=True),
                    st.dictionaries(st.sampled_from(["get", "post", "put", "delete", "patch",
                                                     "trace", "x"]), operation, max_size=3),
                    max_size=4),
    st.sampled_from(["3.0.3", "3.1.0", "2.0", "3.0", "4.0"]), text)


def _check(source: Any) -> None:
    try:
        result = convert(source)
    except ConverterError:
        return
    for template in result.templates:
        assert validate(template) == [], json.dumps(template)[:2000]


def _mutate(data: bytes, cuts: list[tuple[int, int, int]]) -> bytes:
    out = bytearray(data)
    for kind, at, value in cuts:
        if not out:
            break
        i = at % len(out)
        if kind == 0:
            out[i] = value
        elif kind == 1:
            del out[i:i + value % 16]
        else:
            out[i:i] = out[i:i + value % 32]
    return bytes(out)


mutations = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 10**6), st.integers(0, 255)),
                     min_size=1, max_size=6)


@FUZZ
@given(openapi_doc)
def test_generated_openapi(doc: dict[str, Any]) -> None:
    _check(doc)
    _check(json.dumps(doc).encode())


@FUZZ
@given(openapi_doc, mutations)
def test_mutated_openapi(doc: dict[str, Any], cuts: list[tuple[int, int, int]]) -> None:
    _check(_mutate(json.dumps(doc, indent=1).encode(), cuts))


graphql_field = st.builds(
    lambda n, args, t, desc: f'  """{desc}"""\n  {n}({args}): {t}\n' if args else
    f"  {n}: {t}\n",
    name, st.lists(st.builds(lambda a, t, d: f"{a}: {t}{d}", name,
                             st.sampled_from(["Int", "String!", "[In]", "In!", "E", "[[Int]]"]),
                             st.sampled_from(["", " = 1", ' = "x"', " = A", " = {a: 1}"])),
                   max_size=3).map(", ".join),
    st.sampled_from(["Int", "String", "R", "[R!]!", "E", "U"]),
    text.map(lambda s: s.replace('"""', "").replace("\\", "")))
graphql_doc = st.builds(
    lambda q, m: "type Query {\n" + "".join(q) + "}\n"
    + ("type Mutation {\n" + "".join(m) + "}\n" if m else "")
    + "input In { a: Int, self: In }\nenum E { A B }\ntype R { r: R, n: Int, e: E }\n"
    "union U = R\n",
    st.lists(graphql_field, min_size=1, max_size=5), st.lists(graphql_field, max_size=3))


@FUZZ
@given(graphql_doc, st.booleans(), mutations)
def test_graphql(sdl: str, mutate: bool, cuts: list[tuple[int, int, int]]) -> None:
    data = sdl.encode()
    _check(_mutate(data, cuts) if mutate else data)


wsdl_doc = st.builds(
    lambda ops, enum, doc: specs.wsdl(
        operations=ops, request_type="tns:E",
        types='<xs:simpleType name="E"><xs:annotation><xs:documentation>' + doc
        + '</xs:documentation></xs:annotation><xs:restriction base="xs:string">'
        + "".join(f'<xs:enumeration value="{v}"/>' for v in enum)
        + "</xs:restriction></xs:simpleType>"),
    st.lists(name, min_size=1, max_size=5, unique=True),
    st.lists(st.from_regex(r"[A-Za-z0-9 ._{}$-]{0,10}", fullmatch=True), max_size=4),
    text.map(lambda s: s.replace("&", "&amp;").replace("<", "&lt;")))


@FUZZ
@given(wsdl_doc, st.booleans(), mutations)
def test_wsdl(doc: str, mutate: bool, cuts: list[tuple[int, int, int]]) -> None:
    data = doc.encode()
    _check(_mutate(data, cuts) if mutate else data)


# --- fragments of real specs ------------------------------------------------------------------

CORPUS_FUZZ = settings(FUZZ, max_examples=EXAMPLES * 8)
# A message that names a Python exception is a crash that was caught, not a diagnostic.
PYTHON_ERROR = re.compile(r"(?<!\w)((Attribute|Key|Type|Index|Value|Assertion|NotImplemented|"
                          r"Recursion|Lookup|Runtime|Name|ZeroDivision|Overflow|Unicode\w*|OS)"
                          r"Error|Exception|NoneType)\b|object has no attribute|"
                          r"index out of range")


def _check_fragment(data: bytes, path: Path) -> None:
    """`convert` either works or raises the project's error, whose message names the input and
    the problem in the spec's own terms."""
    try:
        convert(data)
    except ConverterError as exc:
        found = PYTHON_ERROR.search(str(exc))
        assert found is None, f"{path.name}: {exc}"
        assert exc.where, f"{path.name}: {exc} (names no file)"


def _corpus(files: list[Path]) -> st.SearchStrategy[Path]:
    assert files, f"no corpus files under {fragments.CORPUS}"
    return st.sampled_from(files)


@pytest.mark.corpus
@CORPUS_FUZZ
@given(st.data())
def test_wsdl_fragments(data: st.DataObject) -> None:
    path = data.draw(_corpus(fragments.wsdl_files()))
    _check_fragment(data.draw(fragments.wsdl_fragment(path)), path)


@pytest.mark.corpus
@CORPUS_FUZZ
@given(st.data())
def test_openapi_fragments(data: st.DataObject) -> None:
    path = data.draw(_corpus(fragments.openapi_files()))
    _check_fragment(data.draw(fragments.openapi_fragment(path)), path)


@pytest.mark.corpus
@CORPUS_FUZZ
@given(st.data())
def test_graphql_fragments(data: st.DataObject) -> None:
    path = data.draw(_corpus(fragments.graphql_files()))
    _check_fragment(data.draw(fragments.graphql_fragment(path)), path)
