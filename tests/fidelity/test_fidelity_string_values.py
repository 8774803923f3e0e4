"""Strings reach the API as the text the user typed: a JSON body that is one string is sent as
JSON text (the REST connector sends a string body as it is), and text that looks like a number
stays that text (Zeebe wraps a static input mapping in a FEEL string literal, so `007` is the
string "007", never the number 7)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from harness.apply import apply
from harness.connector import rest_request
from harness.corpus import rest_operation
from harness.fill import modeler_refusal, node_matches
from harness.node import NodeHelper
from harness.pipeline import evaluate, sent_request
from harness.rest import check_operation

from converter import Options, Split, convert

STRING_BODY = """\
openapi: 3.0.3
info: {title: Notes, version: "1"}
servers: [{url: "https://notes.example.com"}]
paths:
  /note:
    post:
      operationId: postNote
      requestBody:
        required: %s
        content:
          application/json:
            schema: {type: string}
      responses:
        "204": {description: ok}
"""


def _template(tmp_path: Path, *, required: bool) -> dict[str, Any]:
    spec = tmp_path / "notes.yaml"
    spec.write_text(STRING_BODY % ("true" if required else "false"), encoding="utf-8")
    (template,) = convert(spec).templates
    return template


def _sent(template: dict[str, Any], entered: str | None, node: NodeHelper) -> Any:
    return sent_request(template, {"postNote.requestBody": entered}, node)


@pytest.mark.parametrize("text", [
    "hello", 'say "hi"', "back\\slash", "\\", 'trailing\\', '"quoted"', "two\nlines",
    "ünïcødé ✓ 😀", "{\"looks\": \"like JSON\"}", "$1 $& \\1",
])
def test_string_json_body_is_sent_as_json_text(node: NodeHelper, tmp_path: Path,
                                               text: str) -> None:
    request = _sent(_template(tmp_path, required=True), text, node)
    assert request.body_kind == "text"  # a string body: the connector sends it as it is
    assert json.loads(request.body) == text


def test_string_json_body_entered_as_feel(node: NodeHelper, tmp_path: Path) -> None:
    template = _template(tmp_path, required=True)
    assert json.loads(_sent(template, '="a\\"b" + "c"', node).body) == 'a"bc'
    # FEEL that gives a non-string is left to the connector, which JSON-encodes it
    assert json.loads(_sent(template, "=[1, 2]", node).body) == [1, 2]


def test_optional_string_json_body_left_empty_sends_no_body(node: NodeHelper,
                                                            tmp_path: Path) -> None:
    template = _template(tmp_path, required=False)
    request = _sent(template, None, node)
    assert request.body_kind == "none"


NUMBER_LIKE = """\
openapi: 3.0.3
info: {title: Accounts, version: "1"}
servers: [{url: "https://accounts.example.com"}]
paths:
  /accounts/{code}:
    post:
      operationId: postAccount
      parameters:
        - {name: code, in: path, required: true, schema: {type: string, example: "007"}}
        - {name: phone, in: query, required: true,
           schema: {type: string, pattern: "^\\\\+[0-9]+$", example: "+15551234567"}}
        - {name: X-Version, in: header, required: true, schema: {type: string, example: "1.50"}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [amount, exponent, big]
              properties:
                amount: {type: string, example: "-0"}
                exponent: {type: string, example: "1e3"}
                big: {type: string, example: "12345678901234567890"}
      responses:
        "204": {description: ok}
"""
TYPED = {"code": "007", "phone": "+15551234567", "xVersion": "1.50", "amount": "-0",
         "exponent": "1e3", "big": "12345678901234567890"}


def _accounts(tmp_path: Path) -> tuple[Path, dict[str, Any], Any]:
    spec = tmp_path / "accounts.yaml"
    spec.write_text(NUMBER_LIKE, encoding="utf-8")
    result = convert(spec, options=Options(split=Split.OPERATION))
    return spec, result.templates[0], result.api.operations[0]


def test_number_like_examples_are_shown_as_plain_text(tmp_path: Path) -> None:
    """Examples are shown, never sent (issue 17): each placeholder holds the text a user would
    type, with no FEEL needed to keep it text."""
    _, template, _ = _accounts(tmp_path)
    shown = {p["binding"]["name"]: (p.get("value"), p.get("placeholder"))
             for p in template["properties"] if p.get("binding", {}).get("name") in TYPED}
    assert shown == {name: (None, f"e.g. {text}") for name, text in TYPED.items()}


def test_number_like_text_is_accepted_by_the_fidelity_harness(node: NodeHelper,
                                                              tmp_path: Path) -> None:
    spec, template, op = _accounts(tmp_path)
    outcomes = check_operation(spec, template, rest_operation(op), helper=node)
    assert [o.variant for o in outcomes] == ["full", "minimal"]
    for o in outcomes:
        assert o.accepted, (o.variant, o.verdict.reasons)


def test_number_like_text_reaches_the_api_unchanged(node: NodeHelper, tmp_path: Path) -> None:
    _, template, _ = _accounts(tmp_path)
    pids = {p["binding"]["name"]: p["id"] for p in template["properties"]
            if p.get("binding", {}).get("name") in TYPED}
    ev = evaluate(apply(template, {pids[k]: v for k, v in TYPED.items()}, helper=node),
                  helper=node)
    request = rest_request(ev.variables)
    url = urlsplit(request.url)
    assert url.path == "/accounts/007"
    assert parse_qs(url.query) == {"phone": ["+15551234567"]}
    assert request.header("X-Version") == "1.50"
    assert json.loads(request.body) == {"amount": "-0", "exponent": "1e3",
                                        "big": "12345678901234567890"}


@pytest.mark.parametrize(("constraints", "feel", "entered", "refused"), [
    ({"notEmpty": True}, "optional", "  ", True),
    ({"notEmpty": True}, "optional", "=x", False),
    ({"pattern": "^\\d+$"}, "optional", "12", False),
    ({"pattern": "^\\d+$"}, "optional", "12a", True),
    ({"pattern": "^\\d+$"}, "optional", "=x", False),  # FEEL in a FEEL field is not checked
    ({"pattern": "^\\d+$"}, None, "=x", True),  # ... but it is in a plain field
    ({"pattern": "\\d"}, "optional", "a1b", False),  # test(), not a full match
    ({"pattern": {"value": "^[a-z]+$", "message": "lower case only"}}, "optional", "A", True),
    ({"maxLength": 1}, "optional", "😀", True),  # JS length: two UTF-16 code units
    ({"minLength": 2}, "optional", "😀", False),
])
def test_modeler_refusal_follows_the_modeler(node: NodeHelper, constraints: dict[str, Any],
                                             feel: str | None, entered: str,
                                             refused: bool) -> None:
    prop = {"id": "f", "label": "F", "type": "String", "constraints": constraints,
            "binding": {"type": "zeebe:input", "name": "f"}, **({"feel": feel} if feel else {})}
    message = modeler_refusal(prop, entered, node_matches)
    assert (message is not None) is refused, message
    if isinstance(constraints.get("pattern"), dict) and refused:
        assert message == "F lower case only"
