"""Values for members sent in bracket encoding (`name[a][b]=v`: deepObject form members and
query parameters). An empty object has no wire form there (Stripe's clients send nothing for
`{}`), so the harness fills a member where the schema declares one, leaves out what stays empty
and leaves an optional field with no sendable value empty, instead of expecting the API to
receive `{}`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from harness import values
from harness.fill import InputRef
from harness.rest import RestOperation, SpecSchemas
from jsonschema_path import SchemaPath

SPEC = """\
openapi: 3.0.3
info: {title: Pay, version: "1"}
servers: [{url: "https://pay.example.com"}]
paths:
  /methods:
    post:
      operationId: create
      parameters:
        - name: details
          in: query
          style: deepObject
          explode: true
          schema: {$ref: "#/components/schemas/Details"}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [profile]
              properties:
                profile: {$ref: "#/components/schemas/Details"}
                alipay: {type: object, properties: {}}
                plain: {$ref: "#/components/schemas/Details"}
            encoding:
              profile: {style: deepObject, explode: true}
              alipay: {style: deepObject, explode: true}
      responses:
        "200": {description: ok}
components:
  schemas:
    Details:
      type: object
      properties:
        shipping:
          type: object
          properties:
            address:
              type: object
              properties:
                city: {type: string}
"""


@pytest.fixture
def schemas(tmp_path: Path) -> SpecSchemas:
    spec = tmp_path / "pay.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    return SpecSchemas(spec, "/methods")


OP = RestOperation(id="create", method="POST", path="/methods", inputs=(),
                   content_type="application/x-www-form-urlencoded")


def _ref(location: str, name: str, required: bool = False) -> InputRef:
    return InputRef(variable=name, location=location, name=name, required=required,
                    path=(name,) if location == "body" else ())


def test_a_bracketed_object_gets_a_member_at_every_level(schemas: SpecSchemas) -> None:
    filled = {"shipping": {"address": {"city": "city-text"}}}
    # minimal (required members only): a required object still gets a member to send
    assert schemas.value_for(OP, _ref("body", "profile", True), False) == filled
    assert schemas.value_for(OP, _ref("query", "details"), True) == filled


def test_an_object_that_cannot_have_members_is_left_empty(schemas: SpecSchemas) -> None:
    with pytest.raises(values.NoWireForm):
        schemas.value_for(OP, _ref("body", "alipay"), True)


def test_without_a_declared_style_the_member_is_json_and_may_be_empty(
        schemas: SpecSchemas) -> None:
    # no encoding: OpenAPI sends the object as its JSON text, where {} is a value
    assert schemas.value_for(OP, _ref("body", "plain"), False) == {}


def test_nested_empties_are_left_out() -> None:
    assert values.without_empty({"a": {}, "b": [{}], "c": {"d": 1, "e": []}}) == {"c": {"d": 1}}
    with pytest.raises(values.NoWireForm):
        values.without_empty({"a": {"b": {}}})
    assert values.without_empty("x") == "x"


def test_outside_bracket_encodings_objects_may_stay_empty() -> None:
    schema: dict[str, Any] = yaml.safe_load(
        "{type: object, properties: {a: {type: object, properties: {b: {type: string}}}}}")
    assert values.generate(SchemaPath.from_dict(schema), optional=False) == {}
    with values.nonempty_objects():
        assert values.generate(SchemaPath.from_dict(schema), optional=False) == {
            "a": {"b": "b-text"}}
