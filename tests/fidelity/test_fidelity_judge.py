"""The OpenAPI judge on the spec shapes that need care: fragment and fixed-query path keys,
empty form bodies, JSON sent under a non-JSON Content-Type, Swagger 2.0 (via swagger2openapi).

Each case has a request the API accepts and one it does not; both are asserted, so a judge that
accepts everything (or nothing) fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from harness import judge_openapi
from harness.connector import HttpRequest, build_http
from harness.node import NodeHelper

SERVER = "https://api.example.com"


def _spec(tmp_path: Path, doc: dict[str, Any], name: str = "spec.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _openapi(paths: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "servers": [{"url": SERVER}], "paths": paths}


def _body_op(op_id: str, schema: dict[str, Any], media: str = "application/json",
             ) -> dict[str, Any]:
    return {"operationId": op_id, "responses": {"200": {"description": "ok"}},
            "requestBody": {"required": True, "content": {media: {"schema": schema}}}}


def _post(url: str, body: Any, content_type: str = "application/json") -> HttpRequest:
    return build_http(method="POST", url=url, headers={"Content-Type": content_type},
                      body=body)


def _codes(verdict: judge_openapi.Verdict) -> set[str]:
    return {code for code, _ in verdict.reasons}


def test_fragment_paths_are_judged_by_their_own_operation(tmp_path: Path) -> None:
    # AWS style: operations told apart only by a fragment the client never sends
    spec = _spec(tmp_path, _openapi({
        "/": {"post": _body_op("Root", {"type": "object"})},
        "/#CreateThing": {"post": _body_op("CreateThing", {
            "type": "object", "required": ["Name"],
            "properties": {"Name": {"type": "string"}}})},
        "/#DeleteThing": {"post": _body_op("DeleteThing", {
            "type": "object", "required": ["Id"], "properties": {"Id": {"type": "integer"}}})},
    }))
    create = _post(f"{SERVER}/", {"Name": "x"})
    assert judge_openapi.judge(spec, create, operation=("POST", "/#CreateThing")).accepted
    wrong = judge_openapi.judge(spec, create, operation=("POST", "/#DeleteThing"))
    assert not wrong.accepted and "body.invalid" in _codes(wrong)
    # the fragment must not reach the URL (an encoded %23 is another path)
    encoded = judge_openapi.judge(spec, _post(f"{SERVER}/%23CreateThing", {"Name": "x"}),
                                  operation=("POST", "/#CreateThing"))
    assert not encoded.accepted
    # a path without a fragment still uses the whole spec
    assert judge_openapi.judge(spec, _post(f"{SERVER}/", {}), operation=("POST", "/")).accepted


def test_fixed_query_in_the_path_key_must_be_sent(tmp_path: Path) -> None:
    # S3 style: `/{Bucket}?lifecycle#GetBucketLifecycle`
    item = {"get": {"operationId": "GetBucketLifecycle",
                    "parameters": [{"name": "Bucket", "in": "path", "required": True,
                                    "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok"}}}}
    spec = _spec(tmp_path, _openapi({"/{Bucket}?lifecycle#GetBucketLifecycle": item,
                                     "/{Bucket}": {"get": {**item["get"], "operationId": "X"}}}))
    op = ("GET", "/{Bucket}?lifecycle#GetBucketLifecycle")
    good = build_http(method="GET", url=f"{SERVER}/my-bucket?lifecycle")
    assert judge_openapi.judge(spec, good, operation=op).accepted
    bad = judge_openapi.judge(spec, build_http(method="GET", url=f"{SERVER}/my-bucket"),
                              operation=op)
    assert "path.query-lost" in _codes(bad)


@pytest.mark.parametrize("required,accepted", [((), True), (("grant_type",), False)])
def test_empty_form_body_is_the_empty_object(tmp_path: Path, required: tuple[str, ...],
                                              accepted: bool) -> None:
    schema: dict[str, Any] = {"type": "object", "properties": {"grant_type": {"type": "string"}}}
    if required:
        schema["required"] = list(required)
    form = "application/x-www-form-urlencoded"
    spec = _spec(tmp_path, _openapi({"/token": {"post": _body_op("Token", schema, form)}}))
    verdict = judge_openapi.judge(spec, _post(f"{SERVER}/token", {}, form),
                                  operation=("POST", "/token"))
    assert verdict.accepted is accepted, verdict.reasons
    if not accepted:
        assert _codes(verdict) == {"body.invalid"}


def test_json_text_under_an_xml_content_type_is_rejected(tmp_path: Path) -> None:
    spec = _spec(tmp_path, _openapi({"/tags": {"post": _body_op(
        "Tag", {"type": "object", "properties": {"Key": {"type": "string"}}}, "text/xml")}}))
    sent = _post(f"{SERVER}/tags", {"Key": "a"}, "text/xml")
    assert sent.body_kind == "json"  # what the REST connector does with a Map body
    verdict = judge_openapi.judge(spec, sent, operation=("POST", "/tags"))
    assert "body.encoding" in _codes(verdict)
    xml = build_http(method="POST", url=f"{SERVER}/tags", headers={"Content-Type": "text/xml"},
                     body="<Tag><Key>a</Key></Tag>")
    assert "body.encoding" not in _codes(judge_openapi.judge(spec, xml,
                                                             operation=("POST", "/tags")))


def test_media_key_with_parameters_matches_the_bare_type_in_shared_bodies(
        tmp_path: Path) -> None:
    # zuora: swagger2openapi moves a body several operations use to components/requestBodies
    doc = _openapi({"/items/{id}": {"post": {
        "operationId": "Distribute", "responses": {"200": {"description": "ok"}},
        "parameters": [{"name": "id", "in": "path", "required": True,
                        "schema": {"type": "string"}}],
        "requestBody": {"$ref": "#/components/requestBodies/Dist"}}}})
    doc["components"] = {"requestBodies": {"Dist": {"required": True, "content": {
        "application/json; charset=utf-8": {"schema": {
            "type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}}}}}}
    spec = _spec(tmp_path, doc)
    op = ("POST", "/items/{id}")
    assert judge_openapi.judge(spec, _post(f"{SERVER}/items/1", {"n": 1}), operation=op).accepted
    # the schema still applies, and another media type is still refused
    assert _codes(judge_openapi.judge(spec, _post(f"{SERVER}/items/1", {"n": "x"}),
                                      operation=op)) == {"body.invalid"}
    assert "body.content-type" in _codes(judge_openapi.judge(
        spec, _post(f"{SERVER}/items/1", {"n": 1}, "application/xml"), operation=op))


def test_overlapping_templates_are_judged_by_the_operations_own_key(tmp_path: Path) -> None:
    # callfire: /calls/recordings/{id} and /calls/recordings/{id}.mp3 (id an integer) both
    # fit /calls/recordings/1.mp3; openapi-core alone takes the first key and reads id='1.mp3'
    def op(op_id: str, *params: dict[str, Any]) -> dict[str, Any]:
        return {"get": {"operationId": op_id, "responses": {"200": {"description": "ok"}},
                        "parameters": list(params)}}

    id_ = _path_param("id", {"type": "integer"})
    spec = _spec(tmp_path, _openapi({"/r/{id}": op("Meta", id_), "/r/{id}.mp3": op("Mp3", id_),
                                     "/r/latest.mp3": op("Latest")}))
    mp3 = ("GET", "/r/{id}.mp3")
    assert judge_openapi.judge(spec, build_http(method="GET", url=f"{SERVER}/r/1.mp3"),
                               operation=mp3).accepted
    # still able to fail: a wrong value, the suffix left out, the other operation's URL
    assert "param.invalid" in _codes(judge_openapi.judge(
        spec, build_http(method="GET", url=f"{SERVER}/r/x.mp3"), operation=mp3))
    assert "operation.wrong" in _codes(judge_openapi.judge(
        spec, build_http(method="GET", url=f"{SERVER}/r/1"), operation=mp3))
    assert not judge_openapi.judge(spec, build_http(method="GET", url=f"{SERVER}/r/1.mp3"),
                                   operation=("GET", "/r/{id}")).accepted
    # a concrete key still wins over every template
    assert "operation.wrong" in _codes(judge_openapi.judge(
        spec, build_http(method="GET", url=f"{SERVER}/r/latest.mp3"), operation=mp3))


def test_swagger2_is_judged_through_swagger2openapi(node: NodeHelper, tmp_path: Path) -> None:
    spec = _spec(tmp_path, {
        "swagger": "2.0", "info": {"title": "t", "version": "1"}, "host": "api.example.com",
        "schemes": ["https"], "basePath": "/v1",
        "paths": {"/pets/{id}": {"post": {
            "operationId": "updatePet", "consumes": ["application/x-www-form-urlencoded"],
            "parameters": [
                {"name": "id", "in": "path", "required": True, "type": "integer"},
                {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"},
                 "collectionFormat": "pipes"},
                {"name": "name", "in": "formData", "required": True, "type": "string"}],
            "responses": {"200": {"description": "ok"}}}}}}, name="swagger.json")
    doc = judge_openapi.document(str(spec.resolve()))
    assert doc["openapi"].startswith("3.0")
    op = ("POST", "/pets/{id}")
    form = "application/x-www-form-urlencoded"
    good = build_http(method="POST", url=f"{SERVER}/v1/pets/7", query={"tags": "a|b"},
                      headers={"Content-Type": form}, body={"name": "rex"})
    verdict = judge_openapi.judge(spec, good, operation=op, expected=[
        judge_openapi.Expected("query", "tags", ["a", "b"])])
    assert verdict.accepted, verdict.reasons
    as_json = judge_openapi.judge(spec, _post(f"{SERVER}/v1/pets/7", {"name": "rex"}),
                                  operation=op)
    assert "body.content-type" in _codes(as_json)
    no_name = judge_openapi.judge(spec, _post(f"{SERVER}/v1/pets/7", {"other": "x"}, form),
                                  operation=op)
    assert "body.invalid" in _codes(no_name)


@pytest.mark.parametrize("pattern,good,bad", [
    (r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$", "My tag 1", "#"),  # AWS tag values
    (r"^[\w-.]+$", "a-b.c", "a b"),  # ECMA: "-" after \w is a literal
    (r"\p{L}+", "abc", "123"),
])
def test_ecma_patterns_are_read_not_skipped(pattern: str, good: str, bad: str) -> None:
    import re

    compiled = judge_openapi.python_pattern(pattern)
    assert compiled is not None
    assert re.search(compiled, good) and not re.search(compiled, bad)


def _get(params: list[dict[str, Any]], op_id: str) -> dict[str, Any]:
    return {"get": {"operationId": op_id, "parameters": params,
                    "responses": {"200": {"description": "ok"}}}}


def _path_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _adjacent_spec(tmp_path: Path) -> Path:
    # healthcare.gov style: two parameters in one segment, and keys that differ only in the
    # parameters' names (no request can tell them apart)
    page = [_path_param("pageName", {"type": "string"}),
            _path_param("ext", {"type": "string", "enum": [".json"]})]
    state = [_path_param("stateName", {"type": "string"}), page[1]]
    item = [_path_param("id", {"type": "integer", "minimum": 1}),
            _path_param("format", {"type": "string", "enum": [".json", ".xml"]})]
    return _spec(tmp_path, _openapi({
        "/blog/{pageName}{ext}": _get(page, "blogPage"),
        "/{pageName}{ext}": _get(page, "page"),
        "/{stateName}{ext}": _get(state, "state"),
        "/items/{id}{format}": _get(item, "item"),
    }))


@pytest.mark.parametrize("url,op,entered,code", [
    ("/blog/my.page.json", "/blog/{pageName}{ext}", {"pageName": "my.page", "ext": ".json"}, ""),
    ("/items/12.xml", "/items/{id}{format}", {"id": 12, "format": ".xml"}, ""),
    ("/ohio.json", "/{stateName}{ext}", {"stateName": "ohio"}, ""),
    ("/ohio.json", "/{pageName}{ext}", {"pageName": "ohio"}, ""),
    # a wrong value in either parameter
    ("/blog/my-page.yaml", "/blog/{pageName}{ext}", {}, "param.invalid"),
    ("/items/abc.json", "/items/{id}{format}", {}, "param.invalid"),
    ("/items/0.json", "/items/{id}{format}", {}, "param.invalid"),
    ("/items/12", "/items/{id}{format}", {}, "param.invalid"),
    # a parameter left in the URL (the connector percent-encodes the braces)
    ("/blog/{pageName}.json", "/blog/{pageName}{ext}", {}, "param.missing"),
    ("/blog/{pageName}{ext}", "/blog/{pageName}{ext}", {}, "param.missing"),
    # valid values, but not the ones entered
    ("/blog/my-page.json", "/blog/{pageName}{ext}", {"pageName": "other"}, "value.changed"),
    # another operation's path
    ("/blog/my-page.json", "/{pageName}{ext}", {}, "operation.wrong"),
])
def test_adjacent_path_parameters_are_split_and_judged(tmp_path: Path, url: str, op: str,
                                                       entered: dict[str, Any],
                                                       code: str) -> None:
    spec = _adjacent_spec(tmp_path)
    request = build_http(method="GET", url=SERVER + url)
    expected = [judge_openapi.Expected("path", k, v) for k, v in entered.items()]
    verdict = judge_openapi.judge(spec, request, operation=("GET", op), expected=expected)
    if not code:
        assert verdict.accepted, verdict.reasons
    else:
        assert not verdict.accepted and code in _codes(verdict), verdict.reasons


def test_adjacent_path_parameters_ambiguous_split_prefers_the_entered_values(
        tmp_path: Path) -> None:
    params = [_path_param("a", {"type": "string"}), _path_param("b", {"type": "string"})]
    spec = _spec(tmp_path, _openapi({"/x/{a}{b}": _get(params, "ab")}))
    request = build_http(method="GET", url=f"{SERVER}/x/abcd")
    for a, b in (("a", "bcd"), ("abc", "d")):
        verdict = judge_openapi.judge(spec, request, operation=("GET", "/x/{a}{b}"), expected=[
            judge_openapi.Expected("path", "a", a), judge_openapi.Expected("path", "b", b)])
        assert verdict.accepted, verdict.reasons


MULTIPART = "multipart/form-data"


@pytest.mark.parametrize("body,accepted", [
    ({"count": 3, "ratio": 1.5, "flag": True, "ids": "7", "name": "007"}, True),
    ({"count": 3, "flag": False}, True),
    ({"count": "3x"}, False),  # not an integer, however it is read
    ({"count": 0}, False),  # an integer, below the minimum
    ({"count": 1.5}, False),
    ({"count": 1, "ratio": "fast"}, False),
    ({"count": 1, "flag": "maybe"}, False),
    ({"name": "007"}, False),  # count is required
])
def test_multipart_text_parts_are_read_as_their_schema_types(
        tmp_path: Path, body: dict[str, Any], accepted: bool) -> None:
    # browshot CreateBatch: every part of a multipart body is text ('3'); a server reads an
    # integer property's part as an integer
    schema = {"type": "object", "required": ["count"], "properties": {
        "count": {"type": "integer", "minimum": 1}, "ratio": {"type": "number"},
        "flag": {"type": "boolean"}, "ids": {"type": "array", "items": {"type": "integer"}},
        "name": {"type": "string", "pattern": "^0"}}}
    spec = _spec(tmp_path, _openapi({"/batch": {"post": _body_op("Batch", schema, MULTIPART)}}))
    request = _post(f"{SERVER}/batch", body, MULTIPART)
    assert request.body_kind == "multipart"
    expected = [judge_openapi.Expected("body", k, v, (k,)) for k, v in body.items()
                if k != "ids"]
    verdict = judge_openapi.judge(spec, request, operation=("POST", "/batch"), expected=expected)
    assert verdict.accepted is accepted, verdict.reasons
    if not accepted:
        assert _codes(verdict) == {"body.invalid"}, verdict.reasons


def test_a_deep_object_member_that_allows_a_scalar_is_read_as_name_value(tmp_path: Path) -> None:
    # Stripe: on_behalf_of is anyOf [string, enum [""]] with deepObject encoding; deepObject
    # describes objects, so the string is sent as on_behalf_of=acct_1
    form = "application/x-www-form-urlencoded"
    schema = {"type": "object", "properties": {
        "on_behalf_of": {"anyOf": [{"type": "string"}, {"type": "string", "enum": [""]}]},
        "transfer": {"type": "object", "properties": {"amount": {"type": "integer"}}}}}
    op = _body_op("Update", schema, form)
    op["requestBody"]["content"][form]["encoding"] = {
        "on_behalf_of": {"style": "deepObject", "explode": True},
        "transfer": {"style": "deepObject", "explode": True}}
    spec = _spec(tmp_path, _openapi({"/invoices": {"post": op}}))
    expected = [judge_openapi.Expected(location="body", name="on_behalf_of", value="acct_1",
                                       path=("on_behalf_of",))]
    sent = _post(f"{SERVER}/invoices", {"on_behalf_of": "acct_1"}, form)
    verdict = judge_openapi.judge(spec, sent, operation=("POST", "/invoices"), expected=expected)
    assert verdict.accepted, verdict.reasons
    # an object member sent as a scalar is still refused
    bad = judge_openapi.judge(spec, _post(f"{SERVER}/invoices", {"transfer": "5"}, form),
                              operation=("POST", "/invoices"))
    assert "body.invalid" in _codes(bad), bad.reasons
