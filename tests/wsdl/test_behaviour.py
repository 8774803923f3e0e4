"""Rules that goldens alone would not pin down: hardening, refusals, options."""

from __future__ import annotations

from pathlib import Path

import pytest

from converter.core import convert
from converter.diagnostics import SpecSyntaxError, UnsupportedFormatError
from converter.options import Options, Split

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "wsdl"


def test_external_entities_are_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    wsdl = tmp_path / "xxe.wsdl"
    wsdl.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" name="&x;"/>""")
    with pytest.raises(SpecSyntaxError) as info:
        convert(wsdl)
    assert "TOP-SECRET-VALUE" not in str(info.value)
    assert "entit" in str(info.value)


def test_xml_that_is_not_a_wsdl_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "note.xml"
    path.write_text("<note><to>x</to></note>")
    with pytest.raises(UnsupportedFormatError, match="not a WSDL"):
        convert(path)


def test_remote_imports_are_refused_with_a_diagnostic() -> None:
    result = convert(FIXTURES / "remote-import.wsdl")
    codes = {d.code for d in result.diagnostics}
    assert "wsdl.remote-import-refused" in codes
    assert [op.id for op in result.api.operations] == ["Ping"]


def test_split_operation_and_base_url() -> None:
    result = convert(FIXTURES / "calculator.wsdl",
                     options=Options(split=Split.OPERATION, base_url="https://calc.test/x"))
    assert len(result.templates) == 2
    for template in result.templates:
        url = next(p for p in template["properties"] if p.get("id") == "serviceUrl")
        assert url["value"] == "https://calc.test/x"
        assert not any(p.get("id") == "operationId" for p in template["properties"])


def test_username_token_policy_fixes_the_authentication() -> None:
    template = convert(FIXTURES / "username-token.wsdl").templates[0]
    props = {p.get("id"): p for p in template["properties"]}
    assert props["authentication.authentication"]["type"] == "Hidden"
    assert props["authentication.authentication"]["value"] == "usernameToken"
    assert props["authentication.encoded"]["value"] == "No"
    assert props["authentication.password"]["value"].startswith("{{secrets.")


def test_a_port_without_soap_address_gets_an_empty_service_url() -> None:
    """Vendor WSDLs (UPS Rating) ship the port's soap:address commented out: no crash."""
    result = convert(FIXTURES / "no-address.wsdl")
    assert [d.code for d in result.diagnostics] == ["wsdl.no-address"]
    url = next(p for p in result.templates[0]["properties"] if p.get("id") == "serviceUrl")
    assert url.get("value", "") == ""
    result = convert(FIXTURES / "no-address.wsdl",
                     options=Options(base_url="https://rates.example.com/Rate"))
    assert not result.diagnostics


def test_the_size_cap_counts_each_message_not_the_whole_wsdl(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """FedEx Ship: after one huge request, later operations' bodies came out truncated (an
    empty required element) because the node budget was shared by the whole WSDL."""
    from converter.parsers.wsdl import xsd

    def shapes() -> list[tuple[str, list[tuple[str, bool]]]]:
        result = convert(FIXTURES / "calculator.wsdl")
        return [(op.id, [(i.variable, i.required) for i in op.inputs])
                for op in result.api.operations]

    full = shapes()
    monkeypatch.setattr(xsd, "MAX_NODES", 7)  # more than any one message of the fixture needs
    assert shapes() == full


def test_lists_unions_fixed_values_and_ids_get_valid_fields_and_examples() -> None:
    """Defects found on vendor WSDLs (Microsoft Advertising, ONVIF, FedEx): zeep reduces
    xs:list and xs:union to anonymous types and drops `fixed`, so examples were the element's
    name; two xs:ID examples were equal; an optional element needing an xs:any, or cut where
    its type re-enters itself, was sent empty."""
    result = convert(FIXTURES / "simple-types.wsdl")
    inputs = {i.variable: i for i in result.api.operations[0].inputs}
    fields = inputs["fields"]  # list of an enumeration: free text, not a one-value Dropdown
    assert (fields.type.value, fields.enum, fields.example) == ("string", (), "BidStrategy")
    assert "(BidStrategy, Budget)" in fields.description
    assert inputs["fields2"].example == "Status"  # same element name, another list type
    assert (inputs["sizes"].type.value, inputs["sizes"].example) == ("string", "1")
    assert inputs["until"].example == "2024-01-31T09:30:00"
    assert inputs["until"].type_label == "union of xs:dateTime, xs:duration"
    for name, value in (("serviceId", "rate"), ("major", "24"), ("schema", "v24")):
        assert (inputs[name].enum, inputs[name].default) == ((value,), value)
    assert inputs["oldPath"].example != inputs["newPath"].example
    assert inputs["item"].example == [{"tns:Name": "Name"}]  # no empty Value nor Tunnel


def test_an_abstract_wsdl_says_it_has_no_binding(tmp_path: Path) -> None:
    """ONVIF ships WS-BaseNotification's bw-2.wsdl: port types only, bound by events.wsdl.
    The only message was the generic 'no operations (webhooks and callbacks...)'."""
    path = tmp_path / "abstract.wsdl"
    path.write_text("""<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="urn:a"
    targetNamespace="urn:a">
  <wsdl:message name="In"/>
  <wsdl:portType name="Consumer">
    <wsdl:operation name="Notify"><wsdl:input message="tns:In"/></wsdl:operation>
  </wsdl:portType>
</wsdl:definitions>""")
    result = convert(path)
    assert not result.templates
    [note] = [d for d in result.diagnostics if d.code == "wsdl.no-binding"]
    assert "Consumer" in note.message and "abstract" in note.message


def test_a_nillable_header_block_is_optional(tmp_path: Path) -> None:
    """Microsoft Advertising declares UserName, Password, AuthenticationToken, ... as header
    blocks of every operation (nillable, and only some are needed): all were required fields
    and an empty one was sent as the text 'null'. (The connector sends one block, the first
    required one: headers.wsdl sends ClientInfo, so the nillable block is tried alone.)"""
    from converter.model import SoapRequest
    from converter.renderers.soap import content

    text = (FIXTURES / "headers.wsdl").read_text()
    client = '<soap:header message="h:Header" part="client" use="literal"/>'
    assert client in text
    wsdl = tmp_path / "nillable-header.wsdl"
    wsdl.write_text(text.replace(client, ""))
    op = convert(wsdl).api.operations[0]
    inputs = {i.variable: i for i in op.inputs}
    assert not inputs["sessionToken"].required
    assert "apiKey" not in inputs
    assert isinstance(op.request, SoapRequest)
    assert content(op.request.headers).endswith(
        '[item.value != null and (not(item.value instance of string) or item.value != "")])')
    op = convert(FIXTURES / "headers.wsdl").api.operations[0]
    inputs = {i.variable: i for i in op.inputs}
    assert inputs["apiKey"].required and "sessionToken" not in inputs  # the required block
