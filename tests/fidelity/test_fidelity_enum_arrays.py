"""An `enum` written on an array-typed parameter itself (Swagger 2.0 wants it under `items`;
bbc.co.uk media_set, simplyrets status/type/include) becomes a Dropdown, whose value is one
string: the template sends that string, not a list mapping that loses it."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from harness.node import NodeHelper
from harness.pipeline import sent_request

from converter import convert

SPEC = """\
swagger: "2.0"
info: {title: Radio, version: "1"}
host: radio.example.com
schemes: [https]
paths:
  /radio/{group}/popular:
    get:
      operationId: popular
      parameters:
        - {name: group, in: path, required: true, type: array, items: {}, enum: [tv, radio]}
        - {name: media_set, in: query, type: array, items: {}, collectionFormat: csv,
           enum: [pc, mobile-download]}
        - {name: tags, in: query, type: array, items: {type: string}}
      responses:
        "200": {description: ok}
"""


def _sent(tmp_path: Path, values: dict[str, Any], node: NodeHelper) -> Any:
    spec = tmp_path / "radio.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    (template,) = convert(spec).templates
    return sent_request(template, values, node)


def test_dropdown_of_an_array_parameter_sends_the_chosen_value(node: NodeHelper,
                                                               tmp_path: Path) -> None:
    request = _sent(tmp_path, {"popular.group": "radio", "popular.mediaSet": "mobile-download",
                               "popular.tags": '=["a", "b"]'}, node)
    url = urlsplit(request.url)
    assert url.path == "/radio/radio/popular"
    assert parse_qs(url.query) == {"media_set": ["mobile-download"], "tags": ["a,b"]}


def test_dropdown_of_an_array_parameter_left_unset_sends_nothing(node: NodeHelper,
                                                                 tmp_path: Path) -> None:
    request = _sent(tmp_path, {"popular.group": "tv", "popular.mediaSet": ""}, node)
    assert "media_set" not in parse_qs(urlsplit(request.url).query)
