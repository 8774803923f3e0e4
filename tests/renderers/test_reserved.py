"""Inputs named like the connectors' own inputs are renamed once, in the renderers."""

from __future__ import annotations

from typing import Any

from converter import Options, convert, load
from converter.model import (
    Encoding,
    Input,
    Location,
    Operation,
    RestRequest,
    Result,
    ResultField,
    SoapElement,
    SoapRequest,
)
from converter.renderers.reserved import RESERVED, clear


def _rest(*variables: str, **request: Any) -> Operation:
    return Operation(id="op", name="op", request=RestRequest(method="GET", path="/", **request),
                     inputs=tuple(Input(name=v, variable=v, location=Location.QUERY)
                                  for v in variables))


def test_a_reserved_variable_takes_the_first_free_number() -> None:
    op = clear(_rest("url", "url2", "limit", "body"))
    assert [i.variable for i in op.inputs] == ["url3", "url2", "limit", "body2"]
    assert [i.name for i in op.inputs] == ["url", "url2", "limit", "body"]  # wire names stay


def test_an_operation_without_clashes_is_returned_as_it_is() -> None:
    op = _rest("limit", "offset")
    assert clear(op) is op


def test_references_follow_the_renamed_input() -> None:
    deep = Encoding(style="deepObject")
    op = clear(_rest("headers", "q", encodings=(("headers", deep), ("q", deep))))
    assert isinstance(op.request, RestRequest)
    assert op.request.encodings == (("headers2", deep), ("q", deep))

    leaf = SoapElement(qname="tns:body", variable="body", attributes=(("@url", "url"),))
    soap = Operation(
        id="s", name="s",
        request=SoapRequest(endpoint="", soap_version="1.1",
                            body=(SoapElement(qname="tns:Op", children=(leaf,)),),
                            headers=(SoapElement(qname="tns:H", variable="header"),)),
        inputs=tuple(Input(name=v, variable=v, location=Location.PART)
                     for v in ("body", "url", "header")))
    cleared = clear(soap)
    assert isinstance(cleared.request, SoapRequest)
    (inner,) = cleared.request.body[0].children
    assert (inner.variable, inner.attributes) == ("body2", (("@url", "url2"),))
    assert cleared.request.headers[0].variable == "header2"


def test_result_fields_stay_as_they_are() -> None:
    # a task writes one variable named after its operation: the fields are keys inside it
    fields = (ResultField(name="error", path=("error",)), ResultField(name="id", path=("id",)))
    op = Operation(id="r", name="r", request=_rest("q").request, result=Result(fields=fields))
    assert clear(op) is op


SPEC = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
        "servers": [{"url": "https://t.example.com"}],
        "paths": {"/a": {"get": {"parameters": [
            {"name": n, "in": "query", "schema": {"type": "string"}} for n in ("url", "method")],
            "responses": {"200": {"description": "ok"}}}}}}


def test_the_template_binds_the_cleared_names_and_the_model_keeps_the_spec_names() -> None:
    assert [i.variable for i in load(SPEC).operations[0].inputs] == ["url", "method"]
    (template,) = convert(SPEC, options=Options()).templates
    bound = [p["binding"]["name"] for p in template["properties"]
             if p["binding"]["type"] == "zeebe:input"]
    assert bound.count("url") == 1 and bound.count("method") == 1  # the connector's own
    assert "url2" in bound and "method2" in bound
    query = next(p for p in template["properties"]
                 if p["binding"].get("name") == "queryParameters")
    assert query["value"] == '=context(get entries({url: url2, method: method2})' \
                             '[item.value != null and (not(item.value instance of string) or ' \
                             'item.value != "")])'
    assert {"url", "method"} <= RESERVED


def test_graphql_variables_read_the_renamed_fields() -> None:
    (template,) = convert(b"type Query { a(url: String, id: ID, body: String): Int }").templates
    bound = {p["binding"].get("name"): p for p in template["properties"]}
    assert {"url2", "id", "body2"} <= set(bound) and not {"url", "body"} & set(bound)
    assert bound["graphql.variables"]["value"] == (
        "=context(get entries({url: url2, id: id, body: body2})[item.value != null and "
        '(not(item.value instance of string) or item.value != "")])')

