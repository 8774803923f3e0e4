"""Loading schemas: SDL, introspection with and without `data`, defects, unreadable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graphql import build_schema, introspection_from_schema

from converter import core
from converter.diagnostics import Diagnostics, SpecSyntaxError, UnsupportedFormatError
from converter.model import SourceFormat
from converter.options import Options

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "graphql"
SDL = (FIXTURES / "connections.graphql").read_text("utf-8")


def _load(source: object, **options: object) -> tuple[list[str], list[str], object]:
    diags = Diagnostics()
    if isinstance(source, str):
        source = source.encode("utf-8")  # a one-line str would be taken for a path
    api = core.load(source, options=Options(**options), diagnostics=diags)  # type: ignore[arg-type]
    return [op.id for op in api.operations], [d.code for d in diags], api


def test_sdl_text_gives_one_operation_per_root_field() -> None:
    ids, codes, api = _load(SDL)
    assert ids == ["books", "book"]
    assert codes == []
    assert api.source_format is SourceFormat.GRAPHQL_SDL  # type: ignore[attr-defined]


@pytest.mark.parametrize("wrapped", [False, True], ids=["bare", "data-wrapper"])
def test_introspection_json_with_or_without_data(wrapped: bool) -> None:
    result = introspection_from_schema(build_schema(SDL))
    data = {"data": result} if wrapped else result
    ids, codes, api = _load(json.dumps(data))
    assert ids == ["books", "book"]
    assert codes == []
    assert api.source_format is SourceFormat.GRAPHQL_INTROSPECTION  # type: ignore[attr-defined]


def test_duplicate_field_falls_back_with_a_warning() -> None:
    # GitHub's real schema declares a field twice; strict building refuses it.
    sdl = "type Query { a: Int a: Int b(x: ID!): String }"
    ids, codes, _ = _load(sdl, format="graphql")
    assert ids == ["a", "b"]
    assert codes == ["graphql.invalid-sdl"]


def test_invalid_introspection_schema_is_converted_with_a_warning() -> None:
    # An interface field deprecated only on the implementation (Shopify, GitHub) is invalid.
    sdl = ("type Query { n: Node } interface Node { id: ID! } "
           "type User implements Node { id: ID! @deprecated(reason: \"x\") name: String }")
    data = introspection_from_schema(build_schema(sdl, assume_valid=True))
    ids, codes, _ = _load(json.dumps(data))
    assert ids == ["n"]
    assert codes == ["graphql.invalid-schema"]


def test_syntax_error_raises_with_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.graphql"
    path.write_text("type Query {\n  a: Int\n  b: [String\n}\n", encoding="utf-8")
    with pytest.raises(SpecSyntaxError) as info:
        core.load(path)
    assert info.value.where.startswith(f"{path}:4:")
    assert "invalid GraphQL SDL" in info.value.message


def test_unknown_type_cannot_be_built() -> None:
    with pytest.raises(UnsupportedFormatError, match="Unknown type"):
        core.load(b"type Query { a: Missing }", options=Options(format="graphql"))


def test_not_an_introspection_result() -> None:
    with pytest.raises(UnsupportedFormatError):
        core.load(json.dumps({"data": {"hello": 1}}), options=Options(format="graphql"))


def test_subscriptions_are_skipped_with_a_note() -> None:
    ids, codes, _ = _load("type Query { a: Int } type Subscription { ticks: Int }")
    assert ids == ["a"]
    assert codes == ["graphql.subscriptions-skipped"]


def test_title_comes_from_the_file_name() -> None:
    _, _, api = _load(FIXTURES / "connections.graphql")
    assert api.title == "connections"  # type: ignore[attr-defined]


def test_auth_option_is_fixed_and_checked() -> None:
    _, _, api = _load(SDL, auth="apiKey:X-API-Key")
    (option,) = api.auth_options  # type: ignore[attr-defined]
    assert (option.kind.value, option.key_name, option.key_location) == (
        "apiKey", "X-API-Key", "header")
    from converter.diagnostics import OptionsError

    with pytest.raises(OptionsError):
        _load(SDL, auth="digest")


def test_schema_without_root_types_says_so() -> None:
    ids, codes, _ = _load("type Foo { a: Int }", format="graphql")
    assert ids == []
    assert codes == ["graphql.no-root-types"]
