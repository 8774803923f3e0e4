"""A deepObject form member is flattened as deep as its schema goes: Stripe's subscription
`items[0][price_data][recurring][interval]` is four bracket levels, `company[verification]
[document][back]` three, `payment_method_options[card][mandate_options][...]` and the like up
to six. The template flattened every such member three levels and sent anything deeper as the
text of a FEEL context (`items[0][price_data][recurring]={interval=day}`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from harness.apply import apply
from harness.connector import rest_request
from harness.node import NodeHelper
from harness.pipeline import evaluate, sent_request

from converter import convert

SPEC = """\
openapi: 3.0.3
info: {title: Billing, version: "1"}
servers: [{url: "https://billing.example.com"}]
paths:
  /subscriptions:
    post:
      operationId: subscribe
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                items:
                  type: array
                  items:
                    type: object
                    properties:
                      price_data:
                        type: object
                        properties:
                          recurring:
                            type: object
                            properties: {interval: {type: string}, count: {type: integer}}
                metadata: {type: object, additionalProperties: {type: string}}
            encoding:
              items: {style: deepObject, explode: true}
              metadata: {style: deepObject, explode: true}
      responses:
        "200": {description: ok}
"""


def _form(tmp_path: Path, values: dict[str, Any], node: NodeHelper) -> list[tuple[str, str]]:
    spec = tmp_path / "billing.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    (template,) = convert(spec).templates
    return parse_qsl((sent_request(template, values, node).body or b"").decode(),
                     keep_blank_values=True)


def test_a_member_four_levels_deep_keeps_its_brackets(node: NodeHelper, tmp_path: Path) -> None:
    sent = _form(tmp_path, {
        "subscribe.items": '=[{price_data: {recurring: {interval: "day", count: 2}}}]',
        "subscribe.metadata": '={order: "7"}'}, node)
    assert sorted(sent) == [("items[0][price_data][recurring][count]", "2"),
                            ("items[0][price_data][recurring][interval]", "day"),
                            ("metadata[order]", "7")]


UPLOAD = """\
openapi: 3.0.3
info: {title: Files, version: "1"}
servers: [{url: "https://files.example.com"}]
paths:
  /files:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                purpose: {type: string}
                expand: {type: array, items: {type: string}}
                link: {type: object, properties: {create: {type: boolean}}}
            encoding:
              expand: {style: deepObject, explode: true}
              link: {style: deepObject, explode: true}
      responses:
        "200": {description: ok}
"""


def test_deep_object_multipart_parts_are_bracketed(node: NodeHelper, tmp_path: Path) -> None:
    """Stripe's file upload: a multipart part whose encoding says deepObject is sent as
    expand[0] and link[create] parts (OAS 3.0.4 applies style to multipart/form-data), not as
    the connector's Java text of a list or context ('[a]', '{create=true}')."""
    from harness import judge_openapi

    spec = tmp_path / "files.yaml"
    spec.write_text(UPLOAD, encoding="utf-8")
    (template,) = convert(spec).templates
    ev = evaluate(apply(template, {"upload.purpose": "kyc", "upload.expand": '=["link"]',
                                   "upload.link": "={create: true}"}, helper=node), helper=node)
    assert ev.problems == []
    request = rest_request(ev.variables)
    body = (request.body or b"").decode()
    for name, text in (("expand[0]", "link"), ("link[create]", "true"), ("purpose", "kyc")):
        assert f'name="{name}"\r\n\r\n{text}\r\n' in body
    expected = [judge_openapi.Expected(location="body", name="link", value={"create": True},
                                       path=("link",))]
    verdict = judge_openapi.judge(spec, request, operation=("POST", "/files"), expected=expected)
    assert verdict.accepted, verdict.reasons
    # the judge still refuses a part its schema does not take
    bad = rest_request({**ev.variables, "body": {"link[create]": "maybe"}})
    assert not judge_openapi.judge(spec, bad, operation=("POST", "/files")).accepted
