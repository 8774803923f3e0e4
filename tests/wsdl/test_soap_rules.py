"""Issue 17 rule 4: SOAP templates send what the connector can send and the user means.

One test per rule on its fixture in fixtures/wsdl/; the corpus counts are computed, printed and
checked for the rule's invariant (never pinned: other rules move them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from converter.core import convert
from converter.model import SoapRequest
from converter.options import Options, Split
from tests.wsdl.corpus import CORPUS, wsdl_files

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "wsdl"


def _props(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in template["properties"] if "id" in p}


def test_one_header_block_is_sent_the_first_required_one() -> None:
    """The connector appends only the first element of the header JSON: SessionHeader (the
    first block the service requires; CallOptions is nillable) is sent, the others are named in
    one warning, and none of their fields is offered."""
    result = convert(FIXTURES / "header-blocks.wsdl")
    props = _props(result.templates[0])
    for op_id in ("query", "logout"):
        assert props[f"{op_id}.header.json"]["value"] == \
            '={"tns:SessionHeader": {"tns:sessionId": sessionId}}'
    assert not {p.get("binding", {}).get("name") for p in props.values()} & {
        "client", "defaultNamespace", "debugLevel"}
    warnings = [d for d in result.diagnostics if d.code == "wsdl.header-dropped"]
    assert len(warnings) == 1
    assert "CallOptions, DebuggingHeader not sent" in warnings[0].message
    assert "sends SessionHeader (2 operations: query, logout)" in warnings[0].message


@pytest.mark.corpus
def test_no_template_asks_for_a_header_block_the_connector_drops() -> None:
    """Over the corpus: every operation sends at most one header block; the blocks left out
    are all reported (counts printed)."""
    ops = dropped = 0
    for path in wsdl_files(CORPUS):
        try:
            result = convert(path, options=Options(split=Split.OPERATION))
        except Exception:  # unreadable corpus files are covered by test_corpus.py
            continue
        for op in result.api.operations:
            assert isinstance(op.request, SoapRequest)
            assert len(op.request.headers) <= 1, (path, op.id)
            ops += bool(op.request.headers)
        dropped += sum(d.code == "wsdl.header-dropped" for d in result.diagnostics)
    print(f"\ncorpus: {ops} operations send a header block; {dropped} warnings name blocks "
          "left out")
    assert ops > 0


def test_optional_and_nillable_elements_are_optional_fields() -> None:
    """minOccurs="0" and nillable elements get no notEmpty; a required nillable element left
    empty is sent as xsi:nil (the schema wants it present), with `xsi` declared."""
    template = convert(FIXTURES / "nillable.wsdl").templates[0]
    props = _props(template)
    assert props["name"]["constraints"] == {"notEmpty": True}
    for pid in ("limit", "note", "from", "to"):
        assert "constraints" not in props[pid], pid
    body = props["body.json"]["value"]
    unset = '(limit = null or (limit instance of string and limit = ""))'
    assert f'"tns:limit": (if {unset} then {{"@xsi:nil": "true"}} else limit)' in body
    assert '"tns:note": note,' in body  # optional: dropped by the null filter
    assert ('"tns:range": (if (from = null or (from instance of string and from = "")) and '
            '(to = null or (to instance of string and to = "")) then {"@xsi:nil": "true"} else'
            ) in body
    assert 'xsi: "http://www.w3.org/2001/XMLSchema-instance"' in props["namespaces"]["value"]
    calc = _props(convert(FIXTURES / "calculator.wsdl").templates[0])
    assert "xsi" not in calc["namespaces"]["value"]  # declared only where it is used


def test_abstract_types_offer_their_concrete_types() -> None:
    """Marketo's leadSelector has an abstract type: the template offers the concrete types in a
    Dropdown sent as xsi:type; a repeated one carries xsi:type in its example items."""
    template = convert(FIXTURES / "abstract-type.wsdl").templates[0]
    props = _props(template)
    choice = props["leadSelectorType"]
    assert choice["type"] == "Dropdown"
    assert [c["value"] for c in choice["choices"]] == [
        "tns:LeadKeySelector", "tns:StaticListSelector", "tns:LastUpdateAtSelector"]
    body = props["body.json"]["value"]
    assert ('leadSelector: (if leadSelectorType = null then leadSelector else context put(('
            'if leadSelector = null then {} else leadSelector), "@xsi:type", leadSelectorType))'
            ) in body
    assert "tns:LeadKeySelector" in props["leadSelector"]["tooltip"]
    excludes = props["excludes"].get("value") or props["excludes"].get("placeholder")
    assert excludes.startswith('=[{"@xsi:type": "tns:LeadKeySelector", keyType: "IDNUM"')
    assert 'xsi: "http://www.w3.org/2001/XMLSchema-instance"' in props["namespaces"]["value"]


def test_an_operation_without_a_response_element_still_converts() -> None:
    """zeep drops an operation whose output message is missing or names an undefined
    element; its request is fully defined, so it is kept: a warning, and a result that maps
    the whole SOAP Body."""
    result = convert(FIXTURES / "response-undefined.wsdl", options=Options(split=Split.OPERATION))
    ops = {op.id: op for op in result.api.operations}
    assert sorted(ops) == ["Echo", "GetQuote", "Ping"]
    for op_id in ("GetQuote", "Ping"):
        assert ops[op_id].result.has_content and ops[op_id].result.root == ()
        assert not ops[op_id].result.fields
    assert ops["Echo"].result.root == ("EchoResponse",)
    assert [i.name for i in ops["GetQuote"].inputs] == ["symbol"]
    warned = {d.location: d.message for d in result.diagnostics
              if d.code == "wsdl.response-undefined"}
    assert set(warned) == {"wsdl:operation GetQuote", "wsdl:operation Ping"}
    assert "GetQuoteOut" in warned["wsdl:operation GetQuote"]
    assert "PingOut" in warned["wsdl:operation Ping"]
    assert len(result.templates) == 3


def test_signing_policy_offers_the_connectors_signature_authentication() -> None:
    """A policy that asks for signed messages fixes `signature` (certificate as secrets, the
    suite's SHA-256 algorithms, a required timestamp); a UsernameToken sent as a signed
    supporting token over TLS stays a UsernameToken."""
    result = convert(FIXTURES / "signature-policy.wsdl")
    by_name = {t["name"].rsplit(".", 1)[-1]: _props(t) for t in result.templates}
    orders, accounts = by_name["OrdersSoap"], by_name["AccountsSoap"]
    assert orders["authentication.authentication"]["value"] == "signature"
    assert orders["authentication.authentication"]["type"] == "Hidden"
    assert [c["value"] for c in orders["authentication.certificateType"]["choices"]] == [
        "single", "keystore"]
    assert "value" not in orders["authentication.certificateType"]
    assert orders["authentication.privateKey"]["value"] == "{{secrets.ORDERSERVICE_PRIVATE_KEY}}"
    assert orders["authentication.signatureAlgorithm"]["value"].endswith("#rsa-sha256")
    assert orders["authentication.timestamp"]["constraints"] == {"notEmpty": True}
    assert accounts["authentication.authentication"]["value"] == "usernameToken"
    assert "authentication.certificateType" not in accounts
    assert not [d for d in result.diagnostics if d.code == "render.secret-reference"]


def _policy(body: str) -> Any:
    from lxml import etree

    from converter.parsers.wsdl.policy import PolicyIndex

    root = etree.fromstring(
        '<b xmlns:wsp="http://www.w3.org/ns/ws-policy" '
        'xmlns:sp="http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702">'
        f'<wsp:Policy>{body}</wsp:Policy></b>')
    return PolicyIndex([root]).attached(root)


def test_what_counts_as_a_signing_policy() -> None:
    signed = ('<sp:SignedParts><sp:Body/></sp:SignedParts>',
              '<sp:SymmetricBinding/>',
              '<sp:SignedSupportingTokens><wsp:Policy><sp:X509Token/></wsp:Policy>'
              '</sp:SignedSupportingTokens>')
    for body in signed:
        assert _policy(body).signed, body
    tls = '<sp:TransportBinding/>'
    assert _policy(tls) is None
    assert not _policy(tls + '<sp:SignedParts><sp:Body/></sp:SignedParts>'
                       '<sp:SignedSupportingTokens><sp:UsernameToken><wsp:Policy>'
                       '<sp:HashPassword/></wsp:Policy></sp:UsernameToken>'
                       '</sp:SignedSupportingTokens>').signed
    both = _policy('<sp:AsymmetricBinding><wsp:Policy><sp:IncludeTimestamp/><sp:AlgorithmSuite>'
                   '<wsp:Policy><sp:Basic128Sha256/></wsp:Policy></sp:AlgorithmSuite>'
                   '</wsp:Policy></sp:AsymmetricBinding><sp:UsernameToken/>')
    assert (both.signed, both.username_token, both.timestamp, both.algorithm_suite) == (
        True, True, True, "Basic128Sha256")


def test_signature_and_username_token_asked_together_sign_with_a_warning(tmp_path: Path) -> None:
    text = (FIXTURES / "signature-policy.wsdl").read_text()
    text = text.replace("<sp:SignedParts><sp:Body/></sp:SignedParts>",
                        "<sp:SignedParts><sp:Body/></sp:SignedParts><sp:UsernameToken/>")
    path = tmp_path / "both.wsdl"
    path.write_text(text)
    result = convert(path, options=Options(operations=("PlaceOrder",)))
    assert _props(result.templates[0])["authentication.authentication"]["value"] == "signature"
    assert [d.location for d in result.diagnostics if d.code == "soap.policy-partial"] == [
        "wsdl:operation PlaceOrder"]


def test_credential_header_fields_are_secret_references() -> None:
    """A header field named like a credential is prefilled with a secret reference named after
    the API and the field, which the neutraliser keeps; a spec's own secret reference (a
    default) is still split, and body fields are not secrets by name."""
    result = convert(FIXTURES / "credential-header.wsdl")
    props = _props(result.templates[0])
    signature = props["requestSignature"]
    assert signature["value"] == "{{secrets.MARKETINGSERVICE_REQUEST_SIGNATURE}}"
    assert signature["group"] == "header" and "A credential" in signature["tooltip"]
    assert "value" not in props["mktowsUserId"] and "value" not in props["requestTimestamp"]
    assert props["partnerToken"]["value"] == "{ {secrets.STOLEN}}"
    assert "value" not in props["oldPassword"]
    assert [d.location.rsplit(": ", 1)[-1] for d in result.diagnostics
            if d.code == "render.secret-reference"] == ["partnerToken"]
    sessions = [p["value"] for p in _props(convert(FIXTURES / "header-blocks.wsdl").templates[0])
                .values() if p.get("binding", {}).get("name") == "sessionId"]
    assert sessions == ["{{secrets.CRMSERVICE_SESSION_ID}}"] * 2


def test_an_empty_optional_container_is_not_in_an_example() -> None:
    """ONVIF's Notify example held `wsa:ReferenceParameters: {}` and `wsa:Metadata: {}`:
    optional elements with nothing in them, which the connector would send as empty
    elements. Examples leave such containers out."""
    op = convert(FIXTURES / "empty-container.wsdl").api.operations[0]
    notification = next(i for i in op.inputs if i.name == "Notification")
    assert notification.example == [{"tns:Reference": {"tns:Address": "https://example.com"},
                                      "tns:Text": "Text"}]
