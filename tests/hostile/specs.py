"""Small valid specs of the three formats, for hostile tests to build on."""

from __future__ import annotations

import json
from typing import Any

WSDL_NS = {
    "": "http://schemas.xmlsoap.org/wsdl/",
    "xs": "http://www.w3.org/2001/XMLSchema",
    "soap": "http://schemas.xmlsoap.org/wsdl/soap/",
    "tns": "urn:t",
}


def openapi(paths: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "openapi": "3.0.3", "info": {"title": "Hostile", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths if paths is not None else {
            "/x": {"get": {"operationId": "getX",
                           "responses": {"200": {"description": "ok"}}}}},
    }
    spec.update(extra)
    return spec


def openapi_json(**kw: Any) -> str:
    return json.dumps(openapi(**kw), ensure_ascii=False)


def wsdl(types: str = "", operations: list[str] | None = None, *, head: str = "",
         before_types: str = "", request_type: str = "xs:string") -> str:
    """A document/literal WSDL 1.1; `types` goes into the schema, each operation shares In/Out."""
    names = operations or ["Op"]
    port = "".join(f'<operation name="{n}"><input message="tns:In"/><output message="tns:Out"/>'
                   "</operation>" for n in names)
    bind = "".join(f'<operation name="{n}"><soap:operation soapAction="urn:{n}"/><input>'
                   '<soap:body use="literal"/></input><output><soap:body use="literal"/>'
                   "</output></operation>" for n in names)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
{head}<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" \
xmlns:tns="urn:t" targetNamespace="urn:t" name="Hostile">
  {before_types}
  <types>
    <xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
      {types}
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="a" type="{request_type}"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="Resp"><xs:complexType><xs:sequence>
        <xs:element name="b" type="xs:string"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>
  </types>
  <message name="In"><part name="p" element="tns:Req"/></message>
  <message name="Out"><part name="p" element="tns:Resp"/></message>
  <portType name="PT">{port}</portType>
  <binding name="B" type="tns:PT">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>{bind}
  </binding>
  <service name="Svc"><port name="P" binding="tns:B">
    <soap:address location="https://soap.example.com/svc"/></port></service>
</definitions>
"""


GRAPHQL = """type Query {
  hello(name: String): String
}
"""
