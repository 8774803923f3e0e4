"""GraphQL and SOAP judges: converted operations pass, broken ones are rejected."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from harness import graphql, soap
from harness.corpus import CORPUS
from harness.node import NodeHelper

from converter import Options, Split, convert

SWAPI = CORPUS / "graphql" / "swapi-schema.graphql"
COUNTRY = CORPUS / "wsdl" / "wsdl-to-postman" / "test" / "data" / "validWSDLs11" / \
    "countryInformation.wsdl"


def _first_with_inputs(path: Path) -> tuple[dict[str, Any], Any, Any]:
    result = convert(str(path), options=Options(split=Split.OPERATION))
    for template, op in zip(result.templates, result.api.operations, strict=True):
        if op.inputs:
            return template, op, result.api
    raise AssertionError("no operation with inputs")


def _hidden(template: dict[str, Any], binding: str) -> dict[str, Any]:
    return next(p for p in template["properties"]
                if p.get("binding", {}).get("name") == binding)


def test_graphql_accepted_and_mutations_rejected(node: NodeHelper) -> None:
    template, op, _ = _first_with_inputs(SWAPI)
    assert all(o.accepted for o in graphql.check_operation(SWAPI, template, op, helper=node))
    broken = copy.deepcopy(template)
    _hidden(broken, "graphql.query")["value"] = op.request.document.replace("{", "{ noSuchField ",
                                                                            2)
    assert {c for o in graphql.check_operation(SWAPI, broken, op, helper=node)
            for c, _ in o.verdict.reasons} & {"graphql.invalid"}
    broken = copy.deepcopy(template)
    _hidden(broken, "graphql.variables")["value"] = "={}"
    codes = {c for o in graphql.check_operation(SWAPI, broken, op, helper=node)
             for c, _ in o.verdict.reasons}
    assert codes & {"graphql.variables", "value.lost"}, codes


def test_soap_accepted_and_mutations_rejected(node: NodeHelper) -> None:
    template, op, api = _first_with_inputs(COUNTRY)
    outcomes = soap.check_operation(COUNTRY, template, op, api, helper=node)
    assert all(o.accepted for o in outcomes), [o.verdict.reasons for o in outcomes]
    body = _hidden(template, "body.json")["value"]
    broken = copy.deepcopy(template)
    _hidden(broken, "body.json")["value"] = body.replace('{"tns:', '{"tns:bogus": 1, "tns:', 1)
    codes = {c for o in soap.check_operation(COUNTRY, broken, op, api, helper=node)
             for c, _ in o.verdict.reasons}
    assert "soap.invalid" in codes, codes
    broken = copy.deepcopy(template)
    _hidden(broken, "namespaces")["value"] = '={"tns": "urn:wrong"}'
    codes = {c for o in soap.check_operation(COUNTRY, broken, op, api, helper=node)
             for c, _ in o.verdict.reasons}
    assert "soap.invalid" in codes, codes
