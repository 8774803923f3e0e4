"""Escaping: spec text arrives literally, in valid JSON and valid FEEL, never run as Jinja.

The hostile text carries quotes, backslashes, newlines, Jinja (`{{ }}`, `{% %}`), `${}`, FEEL
keywords and non-BMP unicode; names also collide with the connector's own inputs.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from converter import convert
from tests.hostile import specs
from tests.support.node import lint_feel

pytestmark = pytest.mark.node

TEXT = ('q"\'\\ \n{{ 7*7 }} {% if true %}JINJA{% endif %} ${7*7} #{x} null true function '
        "if then else for in return some every satisfies instance of between and or not() "
        "ü 💥 \u2028 </script> `x`")
PLAIN = TEXT.replace("\u2028", " ")  # the node helper's JSON lines would split at U+2028
RESERVED = ["url", "body", "headers", "method", "authentication", "queryParameters",
            "connectionTimeoutInSeconds", "readTimeoutInSeconds", "resultExpression",
            "errorExpression", "resultVariable", "retries", "retryBackoff", "operationId",
            "x-my-header", "a.b", "a b", "null", "{{x}}", "${x}", TEXT]
# context keys that are FEEL keywords: see test_feel_keyword_names
KEYWORDS = ["if", "then", "for", "some", "in", "return"]


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def _feel(templates: list[dict[str, Any]]) -> list[str]:
    out = []
    for t in templates:
        for p in t["properties"]:
            value = p.get("value")
            if isinstance(value, str) and value.startswith("="):
                out.append(value[1:])
    return out


def _check(templates: list[dict[str, Any]]) -> str:
    """Valid JSON that round-trips, Jinja text left alone, and FEEL that lints clean."""
    text = json.dumps(templates, ensure_ascii=False)
    assert json.loads(text) == templates
    everything = "\n".join(_strings(templates))
    assert "{{ 7*7 }}" in everything and "{% if true %}JINJA{% endif %}" in everything
    assert "49" not in everything  # nothing was evaluated as Jinja
    feel = _feel(templates)
    assert feel
    problems = {expr: p for expr, p in zip(feel, lint_feel(feel), strict=True) if p}
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)[:3000]
    return everything


def test_openapi_text_and_names() -> None:
    params = []
    for name in RESERVED:
        params.append({"name": name, "in": "query", "description": TEXT,
                       "schema": {"type": "string", "enum": [TEXT, "b"], "default": TEXT,
                                  "example": TEXT}})
        params.append({"name": name, "in": "header", "schema": {"type": "string"}})
    params.append({"name": "id", "in": "path", "required": True, "schema": {"type": "string"}})
    body = {"type": "object", "properties": {n: {"type": "string", "description": TEXT,
                                                 "enum": [TEXT], "example": TEXT}
                                             for n in RESERVED}}
    doc = specs.openapi(
        {"/x/{id}": {"post": {
            "operationId": TEXT, "summary": TEXT, "description": TEXT, "tags": [TEXT],
            "parameters": params,
            "requestBody": {"content": {"application/json": {"schema": body,
                                                             "example": {TEXT: TEXT}}}},
            "responses": {"200": {"description": TEXT, "content": {"application/json": {
                "schema": {"type": "object", "properties": {TEXT: {"type": "string"}}}}}},
                "404": {"description": TEXT}}}}},
        info={"title": TEXT, "version": TEXT, "description": TEXT},
        servers=[{"url": "https://example.com/{v}",
                  "variables": {"v": {"default": TEXT, "description": TEXT}}}],
        components={"securitySchemes": {TEXT: {"type": "apiKey", "in": "header",
                                               "name": TEXT}}},
        security=[{TEXT: []}])
    result = convert(doc)
    assert result.ok, [str(d) for d in result.diagnostics]
    everything = _check(result.templates)
    assert TEXT in everything  # literally, newlines and all
    bindings = [p["binding"].get("name") for t in result.templates for p in t["properties"]]
    assert len([b for b in bindings if b == "url"]) == 1  # the connector's own, not a parameter
    assert len([b for b in bindings if b == "body"]) == 1


def test_openapi_text_evaluates_literally() -> None:
    """The request body example, as FEEL evaluated by feelin, is exactly the spec's value (it
    is shown as the field's placeholder, ready to copy, and never sent)."""
    from tests.graphql.e2e import evaluate

    doc = specs.openapi({"/x": {"post": {
        "requestBody": {"content": {"application/json": {"schema": {"type": "object"},
                                                         "example": {PLAIN: [PLAIN, 1]}}}},
        "responses": {"200": {"description": "ok"}}}}})
    result = convert(doc)
    assert result.ok
    (body,) = [p["placeholder"] for p in result.templates[0]["properties"]
               if p.get("binding", {}).get("name") == "requestBody" or p.get("id", "").endswith(
                   "requestBody")]
    assert evaluate(body[1:], {}) == {PLAIN: [PLAIN, 1]}


def test_graphql_text_and_names() -> None:
    block = TEXT.replace('"""', "'''")
    sdl = (f'"""{block}"""\nschema {{ query: Query mutation: Mutation }}\n'
           f'type Query {{\n  """{block}"""\n'
           f"  url(url: String = {json.dumps(TEXT)}, query: String, variables: Int, "
           "headers: String, authentication: String, method: String, body: String,"
           " null: String, e: E = then): R\n"
           "  graphql(graphql: String!, resultExpression: String): String\n}\n"
           f'type Mutation {{ body(input: In = {{s: {json.dumps(TEXT)}}}): R }}\n'
           "enum E { then if null_ A }\ninput In { s: String, t: [In] }\n"
           "type R { a: String, r: R, e: E }\n")
    result = convert(sdl.encode())
    assert result.ok, [str(d) for d in result.diagnostics]
    everything = _check(result.templates)
    assert TEXT in everything


def test_wsdl_text_and_names() -> None:
    from xml.sax.saxutils import escape, quoteattr

    doc_text = escape(TEXT.replace("\u2028", " "))
    attr = quoteattr(TEXT.replace("\n", " ").replace("\u2028", " "))
    values = "".join(f"<xs:enumeration value={attr}/>" for _ in range(1))
    types = (f'<xs:complexType name="T"><xs:annotation><xs:documentation>{doc_text}'
             "</xs:documentation></xs:annotation><xs:sequence>"
             + "".join(f'<xs:element name="{n}" type="xs:string" default={attr}/>'
                       for n in ("url", "body", "headers", "a.b", "a-b", "null",
                                 "ü", "_x"))
             + f'<xs:element name="e"><xs:simpleType><xs:restriction base="xs:string">{values}'
             "</xs:restriction></xs:simpleType></xs:element></xs:sequence></xs:complexType>")
    wsdl = specs.wsdl(types=types, request_type="tns:T", operations=["Op", "url", "a.b"])
    result = convert(wsdl.encode())
    assert result.ok, [str(d) for d in result.diagnostics]
    everything = _check(result.templates)
    assert TEXT.replace("\n", " ").replace("\u2028", " ") in everything


def test_feel_keyword_names() -> None:
    # A context key that is a FEEL keyword ("if", "then") is in scope for the later entries;
    # feel.context builds such maps with `context put` so that `if` stays a keyword.
    params = [{"name": n, "in": "query", "schema": {"type": "string", "enum": ["a", "b"]}}
              for n in KEYWORDS]
    result = convert(specs.openapi({"/x": {"get": {"parameters": params,
                                                   "responses": {"200": {"description": "ok"}}}}}))
    feel = _feel(result.templates)
    assert not any(lint_feel(feel))
