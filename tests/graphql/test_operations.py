"""Documents and inputs built from root fields: depth, connections, abstract types, arguments."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import build_schema

from converter import core
from converter.diagnostics import Diagnostics
from converter.model import GraphQLRequest, Operation, ValueType
from converter.options import Options
from converter.parsers.graphql import operations
from tests.graphql.checks import check_operation

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "graphql"


def _ops(source: str | Path, **options: object) -> dict[str, Operation]:
    if isinstance(source, str):
        source = source.encode("utf-8")  # type: ignore[assignment]
    api = core.load(source, options=Options(format="graphql", **options))  # type: ignore[arg-type]
    return {op.id: op for op in api.operations}


def _doc(op: Operation) -> str:
    assert isinstance(op.request, GraphQLRequest)
    return op.request.document


def test_arguments_become_variables_never_inline_values() -> None:
    op = _ops(FIXTURES / "input-objects.graphql")["cancelOrders"]
    assert _doc(op).startswith(
        "mutation cancelOrders($ids: [ID!]!, $reason: CancelReason!, $notify: Boolean) "
        "{ cancelOrders(ids: $ids, reason: $reason, notify: $notify) {")
    assert op.tags == ("Mutation",)
    assert op.result.root == ("data", "cancelOrders")


def test_depth_counts_object_levels() -> None:
    docs = {d: _doc(_ops(FIXTURES / "depth.graphql", depth=d)["company"]) for d in (1, 2, 3, 4)}
    assert docs[1] == "query company { company { name } }"
    assert docs[2] == ("query company { company { name headquarters { city } "
                       "departments { name } } }")
    assert "country { code name }" in docs[3] and "head {" in docs[3]
    assert "manager" not in docs[3] and "head { id name manager { id name } }" in docs[4]


def test_recursive_type_is_cut_by_depth() -> None:
    doc = _doc(_ops(FIXTURES / "depth.graphql", depth=5)["employee"])
    assert doc.count("manager") == 4


def test_relay_connection_is_looked_through() -> None:
    op = _ops(FIXTURES / "connections.graphql")["books"]
    doc = _doc(op)
    assert "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }" in doc
    assert "edges { cursor node { id title author { id name }" in doc
    # A nested connection asks for one page and leaves cursors out; `nodes` is not duplicated.
    assert "reviews(first: 10) { totalCount edges { node { id stars text } } }" in doc
    assert "nodes" not in doc
    first = next(i for i in op.inputs if i.name == "first")
    assert first.default == operations.CONNECTION_PAGE_SIZE
    assert first.description.endswith(operations.PAGE_SIZE_NOTE)  # the exception is shown


def test_deprecated_fields_are_left_out() -> None:
    assert "isbn" not in _doc(_ops(FIXTURES / "connections.graphql")["book"])


def test_union_gets_typename_and_a_fragment_per_member() -> None:
    doc = _doc(_ops(FIXTURES / "unions-interfaces.graphql")["search"])
    assert "search(text: $text) { __typename ... on Album {" in doc
    assert "... on Film {" in doc and "... on Person {" in doc


def test_interface_fragments_hold_only_extra_fields_and_alias_conflicts() -> None:
    doc = _doc(_ops(FIXTURES / "unions-interfaces.graphql")["item"])
    assert doc == ("query item($id: ID!) { item(id: $id) { __typename id title "
                   "... on Album { length tracks } "
                   "... on Film { length_Film: length director { id name } } } }")


def test_fields_needing_arguments_are_left_out() -> None:
    doc = _doc(_ops(FIXTURES / "unions-interfaces.graphql")["person"])
    assert "worksIn" not in doc


def test_optional_arguments_are_not_passed_in_the_selection() -> None:
    ops = _ops("type Query { a: A } type A { b(size: Int = 2): String c(x: Int!): String }")
    assert _doc(ops["a"]) == "query a { a { b } }"


def test_root_object_without_leaves_selects_typename() -> None:
    ops = _ops("type Query { a: A } type A { b: B } type B { c: Int }", depth=1)
    assert _doc(ops["a"]) == "query a { a { __typename } }"


def test_leaf_root_field_has_no_selection() -> None:
    assert _doc(_ops("type Query { now: String }")["now"]) == "query now { now }"


def test_size_cap_lowers_the_depth(monkeypatch: pytest.MonkeyPatch) -> None:
    fields = " ".join(f"f{i}: Int" for i in range(40))
    sdl = f"type Query {{ a: A }} type A {{ {fields} b: B }} type B {{ {fields} }}"
    monkeypatch.setattr(operations, "MAX_DOCUMENT", 300)
    diags = Diagnostics()
    api = core.load(sdl.encode(), options=Options(format="graphql"), diagnostics=diags)
    doc = _doc(api.operations[0])
    assert "b {" not in doc and "f39" in doc
    assert [d.code for d in diags] == ["graphql.selection-trimmed"]


def test_many_implementations_skip_fragments() -> None:
    impls = " ".join(f"type T{i} implements Node {{ id: ID! x{i}: Int }}" for i in range(30))
    diags = Diagnostics()
    api = core.load(f"type Query {{ node(id: ID!): Node }} interface Node {{ id: ID! }} {impls}"
                    .encode(), options=Options(format="graphql"), diagnostics=diags)
    assert _doc(api.operations[0]) == "query node($id: ID!) { node(id: $id) { __typename id } }"
    assert "graphql.fragments-skipped" in [d.code for d in diags]


def test_argument_inputs() -> None:
    ops = _ops(FIXTURES / "input-objects.graphql")
    orders = {i.name: i for i in ops["orders"].inputs}
    assert orders["sort"].enum == ("CREATED_ASC", "CREATED_DESC", "TOTAL_DESC")
    assert orders["sort"].default == "CREATED_DESC" and not orders["sort"].required
    assert orders["limit"].type is ValueType.INTEGER and orders["limit"].default == 20
    assert orders["where"].type is ValueType.OBJECT
    cancel = {i.name: i for i in ops["cancelOrders"].inputs}
    assert cancel["reason"].enum == ("CUSTOMER", "FRAUD", "OTHER")  # deprecated OLD left out
    assert cancel["reason"].required and cancel["ids"].type is ValueType.ARRAY
    assert cancel["ids"].type_label == "[ID!]!"
    assert cancel["notify"].type is ValueType.BOOLEAN and not cancel["notify"].required


def test_argument_variables_are_named_after_the_arguments() -> None:
    # `url` and `body` are the connector's own inputs: the renderers rename them (test_reserved)
    op = _ops("type Query { a(url: String, id: ID, body: String): Int }")["a"]
    assert [i.variable for i in op.inputs] == ["url", "id", "body"]


def test_same_field_in_query_and_mutation_gets_distinct_ids() -> None:
    ops = _ops("type Query { item: Int } type Mutation { item: Int }")
    assert list(ops) == ["item", "item_2"]


def test_check_operation_catches_an_invalid_document() -> None:
    # The corpus checks must be able to fail: a document asking for a missing field.
    schema = build_schema("type Query { a: Int }")
    op = _ops("type Query { a: Int }")["a"]
    assert check_operation(schema, op)[:2] == (True, True)
    broken = Operation(id="a", name="a", result=op.result,
                       request=GraphQLRequest(endpoint="", operation_type="query",
                                              document="query a { a b }"))
    assert check_operation(schema, broken)[0] is False


def test_nested_connections_go_first_when_a_document_is_too_long(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(operations, "MAX_DOCUMENT", 100)
    diags = Diagnostics()
    api = core.load(FIXTURES / "connections.graphql", diagnostics=diags)
    book = next(op for op in api.operations if op.id == "book")
    assert _doc(book) == "query book($id: ID!) { book(id: $id) { id title author { id name } } }"
    assert [(d.code, d.message) for d in diags if d.location == "Query.book"] == [
        ("graphql.selection-trimmed", "nested connections left out to stay under 100 characters")]


def test_file_uploads_cannot_be_sent() -> None:
    diags = Diagnostics()
    sdl = ("scalar Upload type Query { a: Int } type Mutation { "
           "setAvatar(file: Upload!): Int setName(name: String, file: Upload): Int "
           "addMedia(input: MediaInput!): Int } input MediaInput { alt: String image: Upload! }")
    api = core.load(sdl.encode(), options=Options(format="graphql"), diagnostics=diags)
    assert [op.id for op in api.operations] == ["a", "setName"]
    assert _doc(api.operations[1]) == "mutation setName($name: String) { setName(name: $name) }"
    assert [(d.severity.value, d.location) for d in diags] == [
        ("warning", "Mutation.setAvatar"), ("info", "Mutation.setName"),
        ("warning", "Mutation.addMedia")]


def test_an_edge_on_its_own_is_looked_through() -> None:
    sdl = ("type Query { a: Int } type Mutation { addReview(stars: Int!): AddReviewPayload } "
           "type AddReviewPayload { reviewEdge: ReviewEdge } "
           "type ReviewEdge { cursor: String! node: Review } type Review { id: ID! stars: Int! }")
    doc = _doc(_ops(sdl)["addReview"])
    assert doc.endswith("{ reviewEdge { cursor node { id stars } } } }")


def test_recursive_required_list_input_example_is_valid() -> None:
    # Found by the fuzz test: `[{}]` lacked N0's own required `x`; the recursion cut gives [].
    from graphql import build_schema

    from converter.parsers.graphql.examples import example

    schema = build_schema("input N0 { x: [N0]! y: Int }\ntype Query { v(a: N0): Int }")
    assert example(schema.get_type("N0")) == {"x": []}  # type: ignore[arg-type]


def test_mutually_recursive_list_input_example_is_valid() -> None:
    from graphql import build_schema

    from converter.parsers.graphql.examples import example

    schema = build_schema("input N0 { x: [N1]! }\ninput N1 { z: N0! w: Int }\n"
                          "type Query { v(a: N0): Int }")
    assert example(schema.get_type("N0")) == {"x": []}  # type: ignore[arg-type]
