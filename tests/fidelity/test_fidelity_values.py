"""The harness's own spec reading: the value generator (harness.values) and the guard that keeps
one malformed schema from breaking the judge for a whole spec (harness.schema_guard)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from harness import judge_openapi, values
from harness.connector import build_http
from harness.rest import SpecSchemas

SERVER = "https://api.example.com"


def _write(tmp_path: Path, files: dict[str, Any]) -> Path:
    for name, doc in files.items():
        (tmp_path / name).write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return tmp_path / "spec.yaml"


def _spec(paths: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "servers": [{"url": SERVER}], "paths": paths}


def _post(op_id: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"post": {"operationId": op_id, "responses": {"200": {"description": "ok"}},
                     "requestBody": {"required": True,
                                     "content": {"application/json": {"schema": schema}}}}}


def _judge(spec: Path, path: str, body: Any) -> judge_openapi.Verdict:
    req = build_http(method="POST", url=SERVER + path, body=body,
                     headers={"Content-Type": "application/json"})
    return judge_openapi.judge(spec, req, operation=("POST", path))


# `required` beside allOf / oneOf names members that the branches declare (DigitalOcean's
# load balancer, volume and database bodies): the generator must fill them from the branch
# that declares them, in the minimal variant too, never with a '<name>-value' placeholder
COMBINED = {
    "allOf": {"allOf": [{"type": "object", "properties": {"count": {"type": "integer"}}},
                        {"type": "object", "properties": {"region": {"enum": ["nyc3"]}}}],
              "required": ["count", "region"]},
    "oneOf": {"oneOf": [{"type": "object", "properties": {"count": {"type": "integer"},
                                                          "region": {"enum": ["nyc3"]}}}],
              "required": ["count", "region"]},
    "nested": {"oneOf": [{"allOf": [
        {"type": "object", "properties": {"count": {"type": "integer"}}},
        {"type": "object", "properties": {"region": {"enum": ["nyc3"]}}}],
        "required": ["count", "region"]}]},
}


@pytest.mark.parametrize("shape", sorted(COMBINED))
@pytest.mark.parametrize("optional", [True, False])
def test_required_members_come_from_the_branch_that_declares_them(
        tmp_path: Path, shape: str, optional: bool) -> None:
    spec = _write(tmp_path, {"spec.yaml": _spec({"/things": _post("make", COMBINED[shape])})})
    node = SpecSchemas(spec, "/things").body("POST", "/things", "application/json")
    value = values.generate(node, optional=optional)
    assert value == {"count": 1, "region": "nyc3"}
    assert _judge(spec, "/things", value).accepted
    # the judge still checks those members: the placeholders the generator used to write fail
    assert not _judge(spec, "/things", {"count": "count-value", "region": "nyc3"}).accepted


# shapes from DigitalOcean and Box whose members the generator used to fill with placeholders
SHAPES = {
    # an allOf part that only describes (Box: `parent: {allOf: [{$ref: X}, {description: ..}]}`)
    "described": ({"type": "object", "properties": {"parent": {"allOf": [
        {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]},
        {"description": "The parent folder"}]}}},
        {"parent": {"id": "id-text"}}),
    # readOnly said in an allOf part: not sent (DigitalOcean database `connection`)
    "read-only part": ({"type": "object", "properties": {
        "name": {"type": "string"},
        "connection": {"allOf": [{"type": "object"}, {"readOnly": True}]}}},
        {"name": "name-text"}),
    # a part with only `required` (DigitalOcean domain records), a part requiring what another
    # part declares (DigitalOcean volumes)
    "required-only part": ({"allOf": [
        {"type": "object", "properties": {"data": {"type": "integer"}}},
        {"required": ["data"]}]}, {"data": 1}),
    # a discriminator picks the branch by its mapping (DigitalOcean floating IP actions)
    "discriminator": ({"anyOf": [{"$ref": "#/components/schemas/Unassign"},
                                 {"$ref": "#/components/schemas/Assign"}],
                       "discriminator": {"propertyName": "type", "mapping": {
                           "unassign": "#/components/schemas/Unassign",
                           "assign": "#/components/schemas/Assign"}}},
                      {"type": "unassign"}),
    # deep in a body, a oneOf item still gets its one-value tag (Box's taxonomy_sources: `{}`
    # matched both branches)
    "tagged oneOf": ({"type": "object", "properties": {"a": {"type": "object", "properties": {
        "sources": {"type": "array", "items": {"oneOf": [
            {"type": "object", "properties": {"type": {"enum": ["file"]},
                                              "id": {"type": "string"}}},
            {"type": "object", "properties": {"type": {"enum": ["taxonomy"]},
                                              "key": {"type": "string"}}}]}}}}}},
        {"a": {"sources": [{"type": "file"}]}}),
}
COMPONENTS = {"schemas": {
    "Action": {"type": "object", "required": ["type"],
               "properties": {"type": {"type": "string", "enum": ["assign", "unassign"]}}},
    "Unassign": {"allOf": [{"$ref": "#/components/schemas/Action"},
                           {"type": "object", "required": ["type"]}]},
    "Assign": {"allOf": [{"$ref": "#/components/schemas/Action"},
                         {"type": "object", "required": ["type", "droplet"],
                          "properties": {"droplet": {"type": "integer"}}}]},
}}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_members_are_generated_from_their_schemas(tmp_path: Path, shape: str) -> None:
    schema, expected = SHAPES[shape]
    doc = {**_spec({"/things": _post("make", schema)}), "components": COMPONENTS}
    spec = _write(tmp_path, {"spec.yaml": doc})
    node = SpecSchemas(spec, "/things").body("POST", "/things", "application/json")
    value = values.generate(node, optional=shape != "required-only part")
    assert value == expected
    assert _judge(spec, "/things", value).accepted


def test_a_required_member_declared_nowhere_gets_a_placeholder(tmp_path: Path) -> None:
    schema = {"allOf": [{"type": "object", "properties": {"a": {"type": "integer"}}}],
              "required": ["a", "b"]}
    spec = _write(tmp_path, {"spec.yaml": _spec({"/things": _post("make", schema)})})
    node = SpecSchemas(spec, "/things").body("POST", "/things", "application/json")
    assert values.generate(node, optional=False) == {"a": 1, "b": "b-value"}


def test_a_string_where_a_schema_belongs_does_not_break_other_operations(
        tmp_path: Path) -> None:
    """DigitalOcean writes `properties: {$ref: 'attributes.yml#/...'}` (for OpenAPI, a property
    named `$ref` whose schema is a string). Once that file is in the resolver's registry, each
    new referenced file made the registry crawl every subschema and fail on the string, so
    every later lookup in the spec failed with "'str' object has no attribute 'get'"."""
    spec = _write(tmp_path, {
        "spec.yaml": _spec({"/broken": _post("broken", {"$ref": "broken.yaml"}),
                            "/other": _post("other", {"$ref": "other.yaml"})}),
        "broken.yaml": {"type": "object", "properties": {"$ref": "attributes.yaml#/ids"}},
        "attributes.yaml": {"ids": {"ids": {"type": "array", "items": {"type": "integer"}}}},
        "other.yaml": {"type": "object", "required": ["n"],
                       "properties": {"n": {"type": "integer"}}},
    })
    assert _judge(spec, "/broken", {"ids": [1]}).accepted
    # the operation that uses the broken schema is judged by the JSON Reference reading
    assert not _judge(spec, "/broken", {"ids": "abc"}).accepted
    assert _judge(spec, "/other", {"n": 1}).accepted
    assert not _judge(spec, "/other", {"n": "x"}).accepted
    node = SpecSchemas(spec, "/other").body("POST", "/other", "application/json")
    assert values.generate(node) == {"n": 1}


def test_read_only_applies_to_properties_not_to_parameters(tmp_path: Path) -> None:
    """OpenAPI 3.0: readOnly is relevant only for `properties` (DigitalOcean's path parameter
    ssh_key_identifier is anyOf two read-only model attributes)."""
    key_id = {"type": "integer", "readOnly": True}
    fingerprint = {"type": "string", "readOnly": True}
    doc = _spec({
        "/keys/{key}": {"get": {"operationId": "get", "responses": {"200": {"description": "ok"}},
                                "parameters": [{"name": "key", "in": "path", "required": True,
                                                "schema": {"anyOf": [key_id, fingerprint]}}]}},
        "/things": _post("make", {"type": "object", "properties": {
            "name": {"type": "string"},
            "id": {"$ref": "#/components/schemas/Id"},
            "connection": {"allOf": [{"type": "object"}, {"readOnly": True}]}}}),
    })
    doc["components"] = {"schemas": {"Id": key_id}}
    spec = _write(tmp_path, {"spec.yaml": doc})
    for value in ("1", "3b:16:bf"):
        req = build_http(method="GET", url=f"{SERVER}/keys/{value}")
        assert judge_openapi.judge(spec, req, operation=("GET", "/keys/{key}")).accepted
    assert _judge(spec, "/things", {"name": "x"}).accepted
    assert not _judge(spec, "/things", {"name": "x", "id": 1}).accepted
    assert not _judge(spec, "/things", {"name": "x", "connection": {}}).accepted


@pytest.mark.parametrize("pattern,min_len,max_len", [
    # storagegateway tape ARN: every repeat at its minimum gives 39 characters
    (r"^arn:(aws|aws-cn):storagegateway:[a-z\-0-9]+:[0-9]+:tape\/[0-9A-Z]{7,16}$", 50, 500),
    (r"^[a-z]+-[0-9]+$", 20, 20),
    (r"^(ab)+$", 5, None),
])
def test_a_pattern_with_a_minimum_length_is_filled(pattern: str, min_len: int,
                                                   max_len: int | None) -> None:
    import re

    from jsonschema_path import SchemaPath

    schema: dict[str, Any] = {"type": "string", "pattern": pattern, "minLength": min_len}
    if max_len is not None:
        schema["maxLength"] = max_len
    made = values.generate(SchemaPath.from_dict(schema), hint="tapeARN")
    assert isinstance(made, str) and re.search(pattern, made)
    assert min_len <= len(made) <= (max_len or len(made))
    assert values.generate(SchemaPath.from_dict(schema), hint="tapeARN") == made  # stable
