"""Behaviour of the OpenAPI/Swagger parser on small inline specs: the model it builds and the
diagnostics it reports (by stable code)."""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from typing import Any

import pytest

from converter import Options, load
from converter.diagnostics import Diagnostics
from converter.model import Api, AuthKind, BodyKind, Location, RestRequest, ValueType


def parse(spec: dict[str, Any], **options: Any) -> tuple[Api, list[str]]:
    diags = Diagnostics()
    api = load(spec, options=Options(**options), diagnostics=diags)
    return api, [d.code for d in diags]


def v3(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
            "servers": [{"url": "https://t.example.com"}], "paths": paths, **extra}


OK = {"200": {"description": "ok"}}


def test_swagger2_servers_bodies_and_security_map_to_the_same_model() -> None:
    api, codes = parse({
        "swagger": "2.0", "info": {"title": "S", "version": "1"}, "host": "s.example.com",
        "basePath": "/v1", "schemes": ["http", "https"],
        "securityDefinitions": {"k": {"type": "apiKey", "in": "query", "name": "key"}},
        "security": [{"k": []}],
        "paths": {"/f": {"post": {"consumes": ["application/x-www-form-urlencoded"],
                                  "parameters": [{"name": "a", "in": "formData",
                                                  "type": "integer", "required": True}],
                                  "responses": OK}}},
    })
    assert [s.url for s in api.servers] == ["https://s.example.com/v1"]
    assert api.auth_options[0].kind is AuthKind.API_KEY
    assert (api.auth_options[0].key_name, api.auth_options[0].key_location) == ("key", "query")
    (op,) = api.operations
    assert isinstance(op.request, RestRequest) and op.request.body is not None
    assert op.request.body.kind is BodyKind.FORM
    assert [(i.name, i.type, i.required) for i in op.inputs] == [("a", ValueType.INTEGER, True)]
    assert codes == []


def test_swagger2_operation_schemes_override_the_documents() -> None:
    # bbc.co.uk: the document says https, the /music operations only http
    api, _ = parse({
        "swagger": "2.0", "info": {"title": "S", "version": "1"}, "host": "s.example.com",
        "basePath": "/v1", "schemes": ["https"],
        "paths": {"/music": {"get": {"schemes": ["http"], "responses": OK}},
                  "/both": {"get": {"schemes": ["http", "https"], "responses": OK}},
                  "/plain": {"get": {"responses": OK}}},
    })
    servers = {op.request.path: [s.url for s in op.request.servers] for op in api.operations
               if isinstance(op.request, RestRequest)}
    assert servers == {"/music": ["http://s.example.com/v1"], "/both": [], "/plain": []}
    assert [s.url for s in api.servers] == ["https://s.example.com/v1"]


def test_openapi31_type_lists_and_examples() -> None:
    api, _ = parse(v3({"/x/{id}": {"get": {"parameters": [
        {"name": "id", "in": "path", "required": True,
         "schema": {"type": ["integer", "null"], "examples": [7]}}], "responses": OK}}},
        openapi="3.1.0"))
    (inp,) = api.operations[0].inputs
    assert (inp.type, inp.nullable, inp.example) == (ValueType.INTEGER, True, 7)


def test_path_item_parameters_are_merged_and_overridden() -> None:
    api, _ = parse(v3({"/p/{id}": {
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                       {"name": "q", "in": "query", "description": "shared",
                        "schema": {"type": "string"}}],
        "get": {"parameters": [{"name": "q", "in": "query", "description": "own",
                                "schema": {"type": "string"}}], "responses": OK}}}))
    inputs = {i.name: i for i in api.operations[0].inputs}
    assert set(inputs) == {"id", "q"} and inputs["q"].description == "own"


def test_missing_and_duplicate_operation_ids_become_stable_unique_ids() -> None:
    spec = v3({"/a/{x}": {"get": {"responses": OK}, "post": {"operationId": "same",
                                                           "responses": OK}},
               "/b": {"post": {"operationId": "same", "responses": OK}}})
    api, codes = parse(spec)
    assert [op.id for op in api.operations] == ["getAX", "same", "same_2"]
    assert parse(spec)[0].operations == api.operations  # stable
    assert codes.count("openapi.duplicate-operation-id") == 1


def test_security_declared_none_and_absent() -> None:
    schemes = {"components": {"securitySchemes": {"b": {"type": "http", "scheme": "bearer"}}}}
    api, _ = parse(v3({"/a": {"get": {"security": [], "responses": OK}}}, security=[{"b": []}],
                      **schemes))
    assert api.auth_options[0].kind is AuthKind.BEARER
    assert api.operations[0].auth_options is not None
    assert [o.kind for o in api.operations[0].auth_options] == [AuthKind.NONE]
    api, _ = parse(v3({"/a": {"get": {"responses": OK}}}))
    assert not api.auth_declared and api.operations[0].auth_options is None


def test_authorization_header_parameter_kept_unless_the_operations_security_sets_it() -> None:
    """npr.org revokeToken: oauth2 is declared, but the operation has no security requirement
    and takes the client's token in a required `Authorization` header parameter; only a
    requirement whose scheme writes the header makes that parameter the template's."""
    header = [{"name": "Authorization", "in": "header", "required": True,
               "schema": {"type": "string"}}]
    schemes = {"components": {"securitySchemes": {
        "o": {"type": "oauth2", "flows": {"authorizationCode": {
            "authorizationUrl": "https://t.example.com/a", "tokenUrl": "https://t.example.com/t",
            "scopes": {}}}},
        "q": {"type": "apiKey", "in": "query", "name": "key"}}}}
    api, _ = parse(v3({
        "/none": {"get": {"parameters": header, "responses": OK}},
        "/open": {"get": {"parameters": header, "security": [], "responses": OK}},
        "/query-key": {"get": {"parameters": header, "security": [{"q": []}],
                               "responses": OK}},
        "/oauth": {"get": {"parameters": header, "security": [{"o": []}], "responses": OK}},
    }, **schemes))
    kept = {op.request.path: [i.name for i in op.inputs] for op in api.operations
            if isinstance(op.request, RestRequest)}
    assert kept == {"/none": ["Authorization"], "/open": ["Authorization"],
                    "/query-key": ["Authorization"], "/oauth": []}
    # a document-wide requirement that writes the header applies where the operation is silent
    api, codes = parse(v3({"/a": {"get": {"parameters": header, "responses": OK}}},
                          security=[{"o": []}], **schemes))
    assert api.operations[0].inputs == () and "openapi.header-managed" in codes


def test_colliding_names_get_unique_feel_safe_variables() -> None:
    # names the connectors read themselves (`url`) are the renderers' business (test_reserved)
    api, _ = parse(v3({"/a": {"get": {"parameters": [
        {"name": n, "in": "query", "schema": {"type": "string"}}
        for n in ("url", "body", "x-id", "x_id", "if")], "responses": OK}}}))
    variables = [i.variable for i in api.operations[0].inputs]
    assert variables == ["url", "body", "xId", "xId2", "if2"]


def test_property_named_ref_and_recursive_schemas() -> None:
    node = {"type": "object", "properties": {"$ref": {"type": "string"},
                                             "child": {"$ref": "#/components/schemas/Node"}}}
    api, codes = parse(v3(
        {"/n": {"put": {"requestBody": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Node"}}}}, "responses": OK}}},
        components={"schemas": {"Node": node}}))
    (inp,) = [i for i in api.operations[0].inputs if i.location is Location.BODY]
    assert inp.example == {"$ref": "example"}  # recursion cut, the `$ref` property kept
    assert codes == []


class Listener:
    """A TCP listener on 127.0.0.1 that records whether anything connected."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join()
        self.sock.close()


def test_remote_and_outside_refs_are_refused_without_a_connection(tmp_path: Path) -> None:
    listener = Listener()
    try:
        (tmp_path / "outside.yaml").write_text("Thing: {type: string}\n")
        inner = tmp_path / "spec"
        inner.mkdir()
        spec = inner / "api.yaml"
        spec.write_text(f"""
openapi: 3.0.3
info: {{title: R, version: "1"}}
servers: [{{url: "https://r.example.com"}}]
paths:
  /remote:
    post:
      requestBody:
        content:
          application/json:
            schema: {{$ref: "http://127.0.0.1:{listener.port}/s.json#/Thing"}}
      responses: {{"200": {{description: ok}}}}
  /outside:
    post:
      requestBody:
        content:
          application/json:
            schema: {{$ref: "../outside.yaml#/Thing"}}
      responses: {{"200": {{description: ok}}}}
""")
        diags = Diagnostics()
        api = load(spec, diagnostics=diags)
    finally:
        listener.close()
    assert listener.connections == 0
    assert [op.id for op in api.operations] == ["postRemote", "postOutside"]
    refused = [d for d in diags if d.code == "openapi.ref-refused"]
    assert len(refused) == 2, [str(d) for d in diags]


@pytest.mark.parametrize(("method", "code"), [("head", "openapi.method-unsupported"),
                                              ("options", "openapi.method-unsupported")])
def test_methods_the_connector_cannot_send_are_reported(method: str, code: str) -> None:
    api, codes = parse(v3({"/a": {method: {"responses": OK}, "get": {"responses": OK}}}))
    assert [op.request.method for op in api.operations  # type: ignore[union-attr]
            ] == ["GET"]
    assert code in codes


def test_optional_text_with_empty_default_is_not_prefilled() -> None:
    """`default: ""` is what not sending the parameter means; a prefilled "" would be sent as
    `name=`, which OpenAPI refuses without allowEmptyValue (DigitalOcean certificates_list)."""
    from converter import convert

    spec = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
            "servers": [{"url": "https://api.example.com"}],
            "paths": {"/c": {"get": {"operationId": "listC", "parameters": [
                {"name": "name", "in": "query", "example": "cert-1",
                 "schema": {"type": "string", "default": ""}},
                {"name": "req", "in": "query", "required": True,
                 "schema": {"type": "string", "default": ""}}],
                "responses": {"200": {"description": "ok"}}}}}}
    [template] = convert(spec).templates
    props = {p["id"]: p for p in template["properties"] if "id" in p}
    assert "value" not in props["listC.name"]
    assert props["listC.name"]["placeholder"] == "e.g. cert-1"
    assert props["listC.req"]["value"] == ""  # required: the default is shown as it is


def _form_op(properties: dict[str, Any], required: list[str] | None = None) -> Any:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    api, _ = parse(v3({"/calls": {"post": {"operationId": "create", "requestBody": {
        "content": {"application/x-www-form-urlencoded": {"schema": schema}}},
        "responses": {"201": {"description": "ok"}}}}}))
    return api.operations[0]


def test_a_numbered_family_of_form_fields_becomes_one_list_input() -> None:
    props: dict[str, Any] = {"Url": {"type": "string"}}
    for n in range(1, 13):
        props[f"Parameter{n}.Name"] = {"type": "string", "description": "Parameter name"}
        props[f"Parameter{n}.Value"] = {"type": "string"}
    props["Address1"] = props["Address2"] = {"type": "string"}
    op = _form_op(props)
    assert [i.name for i in op.inputs] == ["Url", "Parameter", "Address1", "Address2"]
    family = op.inputs[1]
    assert family.type is ValueType.ARRAY and not family.required
    assert family.numbered == ((".Name", "Name"), (".Value", "Value"))
    assert family.example == [{"Name": "name", "Value": "value"}]  # a placeholder, not sent
    assert "Parameter1.Name and Parameter1.Value" in family.description
    assert "up to Parameter12.Value" in family.description


@pytest.mark.parametrize("numbers", [range(1, 10), [*range(1, 6), *range(7, 13)],
                                     range(2, 14)])
def test_short_gapped_or_required_families_stay_fields(numbers: Any) -> None:
    op = _form_op({f"Tag{n}": {"type": "string"} for n in numbers})
    assert [i.name for i in op.inputs] == [f"Tag{n}" for n in numbers]
    required = _form_op({f"Tag{n}": {"type": "string"} for n in range(1, 13)}, ["Tag3"])
    assert len(required.inputs) == 12
