"""Behaviour of the FEEL builders, checked by evaluating their output with feelin (the FEEL
interpreter of Camunda's tools), not by comparing strings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from converter import feel
from tests.fidelity.harness.node import NodeHelper


@pytest.fixture(scope="module")
def node() -> Iterator[NodeHelper]:
    helper = NodeHelper()
    yield helper
    helper.close()


def evaluate(node: NodeHelper, expression: str, context: dict[str, Any] | None = None) -> Any:
    (result,) = node.request("evaluate", jobs=[{"expression": expression,
                                                 "context": context or {}}])["results"]
    assert "error" not in result, (expression, result)
    return result["value"]


TRICKY = ['say "hi"', "back\\slash", "line\nbreak\ttab\r", "{{secrets.X}}", "${x}", "{% if %}",
          "null", "if then else", "ünïcødé ✓", "", "\\u0041 stays", "'single'"]


@pytest.mark.parametrize("text", TRICKY)
def test_string_literal_round_trips(node: NodeHelper, text: str) -> None:
    assert evaluate(node, feel.string(text)) == text


JSON_TRICKY = [*TRICKY, "\\", "\\\\", '"', '""', '"leading', 'trailing"', "\\leading",
               "trailing\\", '\\"', "\n", "\n\n", "x\r\n", "\b\f\x00\x01\x1f\x7f",
               "$1 $& $0 \\1", "\\n stays two characters", "emoji 😀 and \u2028"]


@pytest.mark.parametrize("text", JSON_TRICKY)
def test_json_string_is_the_json_text(node: NodeHelper, text: str) -> None:
    result = evaluate(node, feel.json_string("v"), {"v": text})
    assert isinstance(result, str) and json.loads(result) == text, result


def test_json_string_holds_no_raw_control_characters() -> None:
    # the expression goes into BPMN XML: control characters only as FEEL \uXXXX escapes
    assert not any(ord(c) < 0x20 for c in feel.json_string("v"))


def test_literal_keeps_json_types(node: NodeHelper) -> None:
    value = {"a": [1, 2.5, True, None], "b-c": {"d": "e\"f"}, "if": "keyword key"}
    assert evaluate(node, feel.literal(value)) == value


def test_context_quotes_keys_that_are_not_names(node: NodeHelper) -> None:
    expr = feel.context([("X-Request-ID", "a"), ("plain", "b"), ("for", "c")])
    assert '"X-Request-ID"' in expr and "plain:" in expr and '"for"' in expr
    assert evaluate(node, expr, {"a": 1, "b": 2, "c": 3}) == {"X-Request-ID": 1, "plain": 2,
                                                              "for": 3}


def test_without_unset_drops_nulls_and_the_empty_text(node: NodeHelper) -> None:
    """A Dropdown left on "(not set)" is saved as source="", which Zeebe maps to the empty
    text: it is as unset as null. Other falsy values (0, false, [], {}) stay: `0 != ""` is
    null in FEEL, which would drop them, so only strings are compared."""
    expr = feel.without_unset([("X-Req", "x"), ("limit", "l"), ("zero", "z"), ("empty", "e"),
                               ("no", "f"), ("list", "g"), ("ctx", "h")])
    assert evaluate(node, expr, {"x": "a", "l": None, "z": 0, "e": "", "f": False, "g": [],
                                 "h": {}}) == {"X-Req": "a", "zero": 0, "no": False,
                                               "list": [], "ctx": {}}
    assert feel.without_unset([]) == "{}"


def test_without_unset_keeps_the_empty_text_where_it_is_a_value(node: NodeHelper) -> None:
    expr = feel.without_unset([("type", "t"), ("clear", "c"), ("gone", "g")],
                              keep_empty={"clear", "gone"})
    assert evaluate(node, expr, {"t": "", "c": "", "g": None}) == {"clear": ""}


def test_path_reads_keys_that_are_not_names(node: NodeHelper) -> None:
    expr = feel.path("response.body", ["created-at"])
    assert evaluate(node, expr, {"response": {"body": {"created-at": "now"}}}) == "now"


@pytest.mark.parametrize(("value", "expected"), [
    (None, []),
    ({"order": "42", "note": "x"}, [["meta[order]", "42"], ["meta[note]", "x"]]),
    (["a", "b"], [["meta[0]", "a"], ["meta[1]", "b"]]),
    ([], []),
    ({"card": {"number": "4242", "exp": [1, 2]}},
     [["meta[card][number]", "4242"], ["meta[card][exp][0]", 1], ["meta[card][exp][1]", 2]]),
    ({"documents": {"passport": {"files": ["f1"]}}}, [["meta[documents][passport][files]",
                                                      ["f1"]]]),
    ([{"price": "p1", "quantity": 2}], [["meta[0][price]", "p1"], ["meta[0][quantity]", 2]]),
    ("scalar", [["meta", "scalar"]]),
])
def test_bracket_entries_flatten_deep_object_style(node: NodeHelper, value: Any,
                                                   expected: list[list[Any]]) -> None:
    expr = f"for e in {feel.bracket_entries('meta', 'v')} return [e.key, e.value]"
    assert evaluate(node, expr, {"v": value}) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (None, []),
    ([], []),
    ([{"Name": "a", "Value": "b"}, {"Name": "c", "Value": 7}],
     [["Parameter1.Name", "a"], ["Parameter1.Value", "b"], ["Parameter2.Name", "c"],
      ["Parameter2.Value", "7"]]),
    ([{"Name": "only"}], [["Parameter1.Name", "only"], ["Parameter1.Value", None]]),
])
def test_numbered_entries_send_a_list_as_numbered_fields(node: NodeHelper, value: Any,
                                                        expected: list[list[Any]]) -> None:
    members = ((".Name", "Name"), (".Value", "Value"))
    expr = f"for e in {feel.numbered_entries('Parameter', members, 'v')} return [e.key, e.value]"
    assert evaluate(node, expr, {"v": value}) == expected


def test_numbered_entries_of_plain_values(node: NodeHelper) -> None:
    expr = f"for e in {feel.numbered_entries('Tag', (('', ''),), 'v')} return [e.key, e.value]"
    assert evaluate(node, expr, {"v": ["x", 2]}) == [["Tag1", "x"], ["Tag2", "2"]]


def test_name_refuses_unsafe_variables() -> None:
    for bad in ("a-b", "1a", "if", "a b", ""):
        with pytest.raises(ValueError):
            feel.name(bad)
    assert feel.name("petId") == "petId"


def test_context_keys_never_capture_later_entries(node: NodeHelper) -> None:
    # `limit` as a key would be in scope for the next entry, which means the variable `limit`
    entries = [("limit", "offset"), ("offset", "limit"), ("if", "a"),
               ("then", 'if a = "" then null else a')]
    expr = feel.context(entries)
    assert "context put" in expr
    assert evaluate(node, expr, {"limit": 1, "offset": 2, "a": "x"}) == {
        "limit": 2, "offset": 1, "if": "x", "then": "x"}
    assert "context put" not in feel.context([("name", "name"), ("id", "petId")])


@pytest.mark.parametrize(("value", "expected"), [([1, "a", True], "1,a,true"), ([], "")])
def test_joined_writes_a_list_as_one_text(node: NodeHelper, value: Any, expected: str) -> None:
    assert evaluate(node, feel.joined("v", ","), {"v": value}) == expected


def test_joined_entries_writes_a_cookie_header(node: NodeHelper) -> None:
    pairs = feel.without_unset([("session", "s"), ("theme", "t"), ("unset", "u"), ("e", "e")])
    assert evaluate(node, feel.joined_entries(pairs, "=", "; "),
                    {"s": "abc", "t": 2, "u": None, "e": ""}) == "session=abc; theme=2"


@pytest.mark.parametrize(("value", "as_text", "unset"),
                         [(None, None, True), (5, "5", False), ("", "", True), ("a", "a", False),
                          ([], None, False), (0, "0", False)])
def test_null_stays_null(node: NodeHelper, value: Any, as_text: Any, unset: bool) -> None:
    if as_text is not None or value is None:
        assert evaluate(node, feel.nullable_string("v"), {"v": value}) == as_text
    assert evaluate(node, feel.is_unset("v"), {"v": value}) is unset


def test_merged_without_null_keeps_the_empty_text_the_user_typed(node: NodeHelper) -> None:
    # an emptied field (y, or z as a whole) is not sent; "" inside a typed value is (Stripe's
    # `inventory[value]=` clears a value), null inside it is not
    expr = feel.merged_without_null([
        feel.entries_of(feel.without_unset([("a", "x"), ("n", "y")])),
        feel.bracket_entries("m", "z"), feel.bracket_entries("e", "w")])
    assert evaluate(node, expr, {"x": 1, "y": "", "z": {"k": 2, "gone": None, "clear": ""},
                                 "w": ""}) == {"a": 1, "m[k]": 2, "m[clear]": ""}


@pytest.mark.parametrize(("code", "expected"),
                         [(None, "none"), ("", "none"), ("404", "not found"), ("418", "client"),
                          ("500", "-")])
def test_first_match_takes_the_first_branch_that_holds(node: NodeHelper, code: Any,
                                                       expected: str) -> None:
    expr = feel.first_match([
        (feel.either(feel.is_null("c"), feel.equals("c", feel.string(""))), feel.string("none")),
        (feel.equals("c", feel.string("404")), feel.string("not found")),
        (feel.both(feel.is_string("c"), feel.starts_with("c", "4")), feel.string("client")),
    ], feel.string("-"))
    assert "\nelse if" in expr  # one branch per line, for the Modeler's editor
    assert evaluate(node, expr, {"c": code}) == expected


def test_item_and_path_read_a_list(node: NodeHelper) -> None:
    expr = feel.path(feel.item("errors", 1), ["message"])
    assert evaluate(node, expr, {"errors": [{"message": "m1"}, {"message": "m2"}]}) == "m1"
    assert evaluate(node, feel.as_number("v"), {"v": "42"}) == 42


@pytest.mark.parametrize(("headers", "expected"),
                         [({"Retry-After": "120"}, "120"), ({"retry-after": "5", "X": "1"}, "5"),
                          ({"RETRY-AFTER": "7"}, "7"), ({"Other": "1"}, None), (None, None)])
def test_header_is_read_without_regard_to_case(node: NodeHelper, headers: Any,
                                               expected: Any) -> None:
    assert evaluate(node, feel.header("h", "Retry-After"), {"h": headers}) == expected


def test_let_binds_a_value_for_the_body(node: NodeHelper) -> None:
    expr = feel.let("n", "v * 2", feel.if_else(feel.is_null("n"), feel.NULL, "n + n"))
    assert evaluate(node, expr, {"v": 3}) == 12
    assert evaluate(node, expr, {"v": None}) is None
    with pytest.raises(ValueError):
        feel.let("outcome", "1", "2")


def test_job_failure_helpers(node: NodeHelper) -> None:
    assert evaluate(node, feel.seconds("s"), {"s": "90"}) == "PT1M30S"
    assert evaluate(node, feel.retries_left(), {"job": {"retries": 3}}) == 2
    assert evaluate(node, feel.one_of("c", ["408", "429"]), {"c": "429"}) is True
    assert evaluate(node, feel.negation(feel.matches("c", "^[0-9]+$")), {"c": "12a"}) is True
    assert feel.job_error("m", "{}", "1", "d") == "jobError(m, {}, 1, d)"
