"""Example values for input types: coercible, recursion cut, optional fields kept out."""

from __future__ import annotations

from graphql import GraphQLInputObjectType, build_schema, coerce_input_value

from converter.parsers.graphql import examples

SCHEMA = build_schema("""
type Query { a(f: Filter, c: Create!, o: OneOf, d: Defaults): Int }
input Filter { name: String n: Int AND: [Filter!] deep: Filter kind: Kind old: String
  @deprecated(reason: "x") }
input Create { name: String! tags: [String!]! parent: Create owner: Owner! when: DateTime! }
input Owner { email: String! referrer: Owner }
input OneOf @oneOf { id: ID email: String }
input Defaults { size: Int! = 10 label: String }
enum Kind { OLD @deprecated(reason: "gone") NEW }
scalar DateTime
""")


def _input(name: str) -> GraphQLInputObjectType:
    type_ = SCHEMA.get_type(name)
    assert isinstance(type_, GraphQLInputObjectType)
    return type_


def test_required_fields_recursively_and_nothing_optional() -> None:
    assert examples.example(_input("Create")) == {
        "name": "text", "tags": ["text"], "owner": {"email": "text"},
        "when": "2024-01-01T00:00:00Z"}


def test_object_without_required_fields_shows_a_few_optional_leaves() -> None:
    value = examples.example(_input("Filter"))
    assert value == {"name": "text", "n": 1, "kind": "NEW"}  # deprecated enum value skipped
    assert "AND" not in value and "deep" not in value  # recursion is never entered


def test_one_of_input_sets_exactly_one_field() -> None:
    assert examples.example(_input("OneOf")) == {"id": "1"}


def test_field_with_default_is_not_required_and_shows_its_default() -> None:
    assert examples.example(_input("Defaults")) == {"size": 10, "label": "text"}


def test_examples_coerce() -> None:
    for name in ("Create", "Filter", "OneOf", "Defaults"):
        type_ = _input(name)
        coerce_input_value(examples.example(type_), type_)  # raises when it does not


def test_recursion_through_required_fields_is_cut() -> None:
    # Invalid SDL (a required self-reference can never be written), built leniently.
    schema = build_schema("type Query { a(x: Loop!): Int } input Loop { self: Loop! n: Int! }",
                          assume_valid_sdl=True)
    type_ = schema.get_type("Loop")
    assert isinstance(type_, GraphQLInputObjectType)
    assert examples.example(type_) == {"self": {}, "n": 1}
