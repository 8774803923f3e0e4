"""A urlencoded object member with no Encoding Object is sent as its JSON text (OpenAPI 3.0.3:
style/explode/allowReserved override the implicit contentType, application/json for an object,
only when written). Twilio Video's TranscriptionsConfiguration is such a member, and Twilio's
own clients send it as JSON; the template sent `TranscriptionsConfiguration[key0]=value`,
which the API does not read. A member whose encoding says deepObject keeps its brackets."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from harness import judge_openapi
from harness.apply import apply
from harness.connector import build_http, rest_request
from harness.node import NodeHelper
from harness.pipeline import evaluate

from converter import convert

SPEC = """\
openapi: 3.0.3
info: {title: Video, version: "1"}
servers: [{url: "https://video.example.com"}]
paths:
  /rooms:
    post:
      operationId: createRoom
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                Configuration: {type: object, description: Transcription settings}
                Limits: {type: object, properties: {max: {type: integer}}}
            encoding:
              Limits: {style: deepObject, explode: true}
      responses:
        "200": {description: ok}
"""
FORM = "application/x-www-form-urlencoded"


def _spec(tmp_path: Path) -> Path:
    spec = tmp_path / "video.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    return spec


def _prop(template: dict[str, Any], pid: str) -> dict[str, Any]:
    return next(p for p in template["properties"] if p.get("id") == pid)


def test_an_object_member_without_encoding_is_sent_as_json_text(node: NodeHelper,
                                                                tmp_path: Path) -> None:
    (template,) = convert(_spec(tmp_path)).templates
    field = _prop(template, "createRoom.configuration")
    assert field["type"] == "Text" and "JSON text" in field["tooltip"]
    ev = evaluate(apply(template, {"createRoom.configuration": '{"languageCode": "en-US"}',
                                   "createRoom.limits": "={max: 3}"}, helper=node),
                  helper=node)
    assert ev.problems == []
    request = rest_request(ev.variables)
    assert sorted(parse_qsl((request.body or b"").decode())) == [
        ("Configuration", '{"languageCode": "en-US"}'), ("Limits[max]", "3")]


def test_the_judge_reads_the_json_text_and_refuses_other_text(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    op = ("POST", "/rooms")
    expected = [judge_openapi.Expected(location="body", name="Configuration",
                                       value={"languageCode": "en-US"}, path=("Configuration",))]
    sent = build_http(method="POST", url="https://video.example.com/rooms",
                      headers={"Content-Type": FORM},
                      body={"Configuration": '{"languageCode": "en-US"}'})
    verdict = judge_openapi.judge(spec, sent, operation=op, expected=expected)
    assert verdict.accepted, verdict.reasons
    brackets = build_http(method="POST", url="https://video.example.com/rooms",
                          headers={"Content-Type": FORM},
                          body={"Configuration[languageCode]": "en-US"})
    assert not judge_openapi.judge(spec, brackets, operation=op, expected=expected).accepted
    text = build_http(method="POST", url="https://video.example.com/rooms",
                      headers={"Content-Type": FORM}, body={"Configuration": "en-US"})
    assert not judge_openapi.judge(spec, text, operation=op).accepted
