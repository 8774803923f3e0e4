"""A whole JSON body with no declared type (`schema: {}`, shipstation's putStoresStoreId and
putWarehousesWarehouseId) takes any JSON value; a string entered in its FEEL field is sent as a
JSON string. The connector sends a string body as it is, so `="open"` reached the API as the
bare text open, which is not JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from harness.apply import apply
from harness.connector import rest_request
from harness.node import NodeHelper
from harness.pipeline import evaluate

from converter import convert

SPEC = """\
swagger: "2.0"
info: {title: Stores, version: "1"}
host: stores.example.com
schemes: [https]
paths:
  /stores/{id}:
    put:
      operationId: update
      parameters:
        - {name: id, in: path, required: true, type: integer}
        - {name: body, in: body, schema: {$ref: "#/definitions/Store"}}
      responses:
        "200": {description: ok}
definitions:
  Store: {}
"""


@pytest.mark.parametrize("entered,sent", [('="open"', "open"), ("={a: 1}", {"a": 1}),
                                          ("=[1, 2]", [1, 2]), ("=true", True)])
def test_an_untyped_json_body_sends_every_value_as_json(node: NodeHelper, tmp_path: Path,
                                                        entered: str, sent: object) -> None:
    spec = tmp_path / "stores.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    (template,) = convert(spec).templates
    field = next(p["id"] for p in template["properties"]
                 if p.get("binding", {}).get("name", "").startswith("requestBody"))
    ev = evaluate(apply(template, {"update.id": "1", field: entered}, helper=node), helper=node)
    assert ev.problems == []
    assert json.loads(rest_request(ev.variables).body or b"") == sent
