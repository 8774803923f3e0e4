"""An enum that lists the empty text (Stripe's emptyable fields: `account_holder_type=` clears
the setting) gets its own Dropdown choice, `=""`, distinct from "(not set)": choosing it sends
the empty text, leaving the field unset sends nothing. The template used to offer a "" choice
that was the "(not set)" value again, so the user's choice was silently dropped."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from harness.fill import typed
from harness.node import NodeHelper
from harness.pipeline import sent_request

from converter import convert

SPEC = """\
openapi: 3.0.3
info: {title: Bank, version: "1"}
servers: [{url: "https://bank.example.com"}]
paths:
  /accounts/{id}:
    post:
      operationId: update
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: view, in: query, schema: {type: string, enum: ["", full]}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [kind]
              properties:
                holder_type: {type: string, enum: ["", company, individual]}
                account_type: {type: string, enum: [checking, savings]}
                kind: {type: string, enum: ["", "=x"]}
      responses:
        "200": {description: ok}
"""


def _template(tmp_path: Path) -> dict[str, Any]:
    spec = tmp_path / "bank.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    (template,) = convert(spec).templates
    return template


def _sent(template: dict[str, Any], values: dict[str, Any], node: NodeHelper) -> Any:
    return sent_request(template, values, node)


def _prop(template: dict[str, Any], pid: str) -> dict[str, Any]:
    return next(p for p in template["properties"] if p.get("id") == pid)


def test_the_empty_text_is_a_choice_of_its_own(tmp_path: Path) -> None:
    template = _template(tmp_path)
    holder = _prop(template, "update.holderType")
    # "(not set)" is a real null here: the empty text it would otherwise give (Zeebe maps
    # source="" to "") is the value of a choice of its own
    assert [c["value"] for c in holder["choices"]] == ["=null", '=""', "company", "individual"]
    assert holder["value"] == "=null"  # not set
    # required: no "(not set)" and no choice made for the user; "=x" is a literal, not FEEL
    kind = _prop(template, "update.kind")
    assert [c["value"] for c in kind["choices"]] == ['=""', '="=x"']
    assert "value" not in kind and kind["constraints"] == {"notEmpty": True}
    # the harness picks the choice that gives the value it wants
    assert typed(holder, "") == ('=""', "")
    assert typed(kind, "=x") == ('="=x"', "=x")


def test_choosing_the_empty_text_sends_it_and_not_set_sends_nothing(
        node: NodeHelper, tmp_path: Path) -> None:
    template = _template(tmp_path)
    request = _sent(template, {"update.id": "a1", "update.holderType": '=""',
                               "update.view": '=""', "update.kind": '="=x"'}, node)
    assert parse_qs((request.body or b"").decode(), keep_blank_values=True) == {
        "holder_type": [""], "kind": ["=x"]}
    assert parse_qs(urlsplit(request.url).query, keep_blank_values=True) == {"view": [""]}

    request = _sent(template, {"update.id": "a1", "update.kind": '=""'}, node)
    assert parse_qs((request.body or b"").decode(), keep_blank_values=True) == {"kind": [""]}
    assert parse_qs(urlsplit(request.url).query, keep_blank_values=True) == {}
    # an enum without "" left on "(not set)" (source="", which Zeebe maps to "") sends nothing
    assert "account_type" not in (request.body or b"").decode()
    request = _sent(template, {"update.id": "a1", "update.kind": '=""',
                               "update.accountType": ""}, node)
    assert "account_type" not in (request.body or b"").decode()


def test_the_empty_text_in_a_text_field_is_entered_as_feel() -> None:
    """figshare's examples are "" (embargo_reason, funding): an empty field is no value, so a
    user who wants the empty text types `=""`; a field without FEEL cannot hold it."""
    assert typed({"type": "String", "feel": "optional"}, "") == ('=""', "")
    assert typed({"type": "Text", "feel": "optional"}, "") == ('=""', "")
    assert typed({"type": "String"}, "") == ("", None)
