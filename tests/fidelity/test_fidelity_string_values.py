"""Strings reach the API as the text the user typed: a JSON body that is one string is sent as
JSON text (the REST connector sends a string body as it is)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from harness.apply import apply
from harness.connector import rest_request
from harness.node import NodeHelper
from harness.pipeline import evaluate

from converter import convert

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
    ev = evaluate(apply(template, {"postNote.requestBody": entered}, helper=node), helper=node)
    assert ev.problems == []
    return rest_request(ev.variables)


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
