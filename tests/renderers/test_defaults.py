"""Issue 17, values: a field starts with what the description gives as a default, never with an
example or a made-up filler; examples are shown (placeholder, tooltip); required fields start
empty; REST bodies pick the JSON type a user means (JSON, then merge patch, JSON Patch last)."""

from __future__ import annotations

from typing import Any

from converter import convert
from converter.model import Input, Location, ValueType
from converter.options import Options
from converter.parsers.openapi.bodies import choose_media
from converter.parsers.wsdl import examples
from converter.renderers.fields import input_property, prefill
from tests.hostile import specs


def _field(inp: Input) -> dict[str, Any]:
    return input_property(inp, pid="p", group="g", options=Options(), condition=None)


def _props(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in template["properties"] if "id" in p}


def test_an_example_is_a_placeholder_and_a_default_a_value() -> None:
    token = _field(Input(name="offset", variable="offset", location=Location.QUERY,
                         example="eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9"))
    assert "value" not in token and token["placeholder"].startswith("e.g. eyJ0eXAi")
    limit = _field(Input(name="limit", variable="limit", location=Location.QUERY,
                         type=ValueType.INTEGER, default=20, example=5))
    assert limit["value"] == "20" and "placeholder" not in limit
    body = _field(Input(name="body", variable="body", location=Location.BODY,
                        type=ValueType.OBJECT, required=True, example={"name": "Jane"}))
    assert "value" not in body and body["placeholder"] == '={name: "Jane"}'
    assert body["constraints"] == {"notEmpty": True}


def test_a_required_enum_asks_for_a_choice_unless_only_one_is_allowed() -> None:
    sort = _field(Input(name="sort", variable="sort", location=Location.QUERY, required=True,
                        enum=("asc", "desc")))
    assert "value" not in sort and sort["constraints"] == {"notEmpty": True}
    assert [c["value"] for c in sort["choices"]] == ["asc", "desc"]  # no "(not set)"
    const = Input(name="type", variable="type", location=Location.BODY, required=True,
                  enum=("card",))
    assert prefill(const) == "card" and _field(const)["value"] == "card"
    optional = Input(name="type", variable="type", location=Location.BODY, enum=("card",))
    assert prefill(optional) is None and _field(optional)["value"] == ""  # (not set)
    default = _field(Input(name="sort", variable="sort", location=Location.QUERY,
                           required=True, enum=("asc", "desc"), default="desc"))
    assert default["value"] == "desc"


def test_not_set_is_a_real_null_where_the_empty_text_is_a_choice() -> None:
    field = _field(Input(name="holder", variable="holder", location=Location.BODY,
                         enum=("", "company")))
    assert [c["value"] for c in field["choices"]] == ["=null", '=""', "company"]
    assert field["value"] == "=null"


def test_a_required_boolean_without_default_is_not_a_checkbox() -> None:
    """An unticked checkbox sends false, a choice the user never made: without a default the
    field is FEEL (=true, =false or a variable) and must be filled; with one it is a checkbox
    that starts where the API would."""
    free = _field(Input(name="active", variable="active", location=Location.BODY,
                        type=ValueType.BOOLEAN, required=True, example=True))
    assert free["type"] == "String" and free["feel"] == "required" and "value" not in free
    assert free["constraints"] == {"notEmpty": True} and free["placeholder"] == "=true"
    assert "=true or =false" in free["tooltip"]
    ticked = _field(Input(name="active", variable="active", location=Location.BODY,
                          type=ValueType.BOOLEAN, required=True, default="false"))
    assert ticked["type"] == "Boolean" and ticked["value"] is False


def test_a_number_field_shows_its_example_in_the_tooltip() -> None:
    spec = specs.openapi(paths={"/items": {"post": {
        "operationId": "add", "requestBody": {"content": {"application/json": {"schema": {
            "type": "object", "properties": {
                "count": {"type": "integer", "example": 7, "description": "How many."},
                "size": {"type": "integer", "default": 3}}}}}},
        "responses": {"200": {"description": "ok"}}}}})
    props = _props(convert(spec).templates[0])
    assert props["add.count"]["type"] == "Number" and "value" not in props["add.count"]
    assert props["add.count"]["tooltip"].endswith("e.g. 7.")
    assert props["add.size"]["value"] == 3


def test_a_text_body_shows_its_skeleton_without_sending_it() -> None:
    spec = specs.openapi(paths={"/doc": {"put": {
        "operationId": "put", "requestBody": {"required": True, "content": {"application/xml": {
            "schema": {"type": "object", "xml": {"name": "doc"},
                       "properties": {"title": {"type": "string", "example": "Hi"}}}}}},
        "responses": {"200": {"description": "ok"}}}}})
    body = _props(convert(spec).templates[0])["put.requestBody"]
    assert body["type"] == "Text" and "value" not in body
    assert body["placeholder"] == "<doc><title>Hi</title></doc>"


def test_json_is_preferred_then_merge_patch_and_json_patch_comes_last() -> None:
    assert choose_media({"application/json-patch+json": {}, "application/merge-patch+json": {},
                         "application/json": {}}) == "application/json"
    assert choose_media({"application/json-patch+json": {}, "application/merge-patch+json": {},
                         "application/strategic-merge-patch+json": {}}) == \
        "application/merge-patch+json"
    assert choose_media({"application/json-patch+json": {},
                         "application/apply-patch+yaml": {}}) == "application/json-patch+json"
    assert choose_media({"application/xml": {}, "application/vnd.x+json": {}}) == \
        "application/vnd.x+json"


def test_a_json_patch_body_is_an_array() -> None:
    """Kubernetes declares its patch body an object; a JSON Patch is a list of operations, so
    the field is a list (its example `[{op, path, value}]`), never `={}`."""
    spec = specs.openapi(paths={"/pods/{name}": {"patch": {
        "operationId": "patchPod",
        "parameters": [{"name": "name", "in": "path", "required": True,
                        "schema": {"type": "string"}}],
        "requestBody": {"required": True, "content": {
            "application/json-patch+json": {"schema": {"type": "object",
                                                       "properties": {"a": {"type": "string"}}}},
            "application/apply-patch+yaml": {"schema": {"type": "object"}}}},
        "responses": {"200": {"description": "ok"}}}}})
    result = convert(spec)
    op = result.api.operations[0]
    (body,) = [i for i in op.inputs if i.location is Location.BODY]
    assert body.type is ValueType.ARRAY and isinstance(body.example, list)
    field = _props(result.templates[0])["patchPod.requestBody"]
    assert "value" not in field and field["placeholder"].startswith('=[{op: "replace"')


def test_a_required_body_on_get_or_delete_is_named_in_a_warning() -> None:
    def run(required: bool) -> list[str]:
        spec = specs.openapi(paths={"/search": {"delete": {
            "operationId": "purge", "requestBody": {"required": required, "content": {
                "application/json": {"schema": {"type": "object"}}}},
            "responses": {"204": {"description": "gone"}}}}})
        return [f"{d.code}: {d.message}" for d in convert(spec).diagnostics
                if d.code.startswith("openapi.")]

    (required,) = run(True)
    assert required.startswith("openapi.required-body-unsendable: DELETE /search requires a "
                               "request body (application/json)")
    assert run(False) == [run(False)[0]] and run(False)[0].startswith("openapi.body-ignored")


def test_an_xsd_decimal_without_fraction_digits_has_a_whole_example() -> None:
    """Workday's Page and Count are xs:decimal with fractionDigits 0: `1.5` is not allowed."""
    assert examples.simple("decimal", facets={"fractionDigits": "0"}) == 1
    assert examples.simple("decimal") == 1.5


def test_soap_required_content_starts_empty() -> None:
    wsdl = specs.wsdl(types=(
        '<xs:complexType name="ReqT"><xs:sequence>'
        '<xs:element name="Items" maxOccurs="unbounded"><xs:complexType><xs:sequence>'
        '<xs:element name="Sku" type="xs:string"/></xs:sequence></xs:complexType>'
        '</xs:element><xs:element name="Mode"><xs:simpleType><xs:restriction base="xs:string">'
        '<xs:enumeration value="fast"/><xs:enumeration value="slow"/></xs:restriction>'
        '</xs:simpleType></xs:element>'
        '<xs:element name="Note" type="xs:string" minOccurs="0"/>'
        '</xs:sequence></xs:complexType>'), request_type="tns:ReqT")
    props = _props(convert(wsdl.encode()).templates[0])
    items = next(p for pid, p in props.items() if pid.endswith("items"))
    assert "value" not in items and items["placeholder"].startswith('=[{"tns:Sku": "Sku"}')
    mode = next(p for pid, p in props.items() if pid.endswith("mode"))
    assert "value" not in mode and mode["constraints"] == {"notEmpty": True}
    note = next(p for pid, p in props.items() if pid.endswith("note"))
    assert "value" not in note and note["placeholder"] == "e.g. Note"
