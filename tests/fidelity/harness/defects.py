"""Rejections traced to a defect of the spec itself (issue 6, "Must show" 2), each with its reason.

Only the spec's own faults belong here: a converter defect is fixed in the converter, a harness
defect in the harness. Two kinds of record:
- `SPEC_DEFECTS`: one operation, (spec label, operation id) -> reason.
- `spec_defect_rule`: a defect class recognised from the spec and the request (never from the
  judge's message alone), e.g. a GET whose spec demands a request body.
`NOT_CONVERTED`: spec files the converter refuses, and why that is right.

There is no record for a rejection the *judge* cannot check: where openapi-core or the XML
Schema judge lacked a feature (adjacent path parameters, multipart text parts, schemas reached
through includes and imports, WSDL 2.0, rpc bodies), the judge was taught it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

GET_BODY = (
    "the spec requires a request body on a {method}: OpenAPI 3.0 says requestBody on GET, HEAD "
    "and DELETE SHALL be ignored (no defined HTTP semantics), and the REST connector sends a "
    "body only for POST/PUT/PATCH; the converter leaves the body out with the warning "
    "openapi.required-body-unsendable, so no template can make this call"
)

_GURU = "openapi/apis-guru-lite/specs/"
_WSDL = "wsdl/wsdl-to-postman/test/data/"
_PLACEHOLDER_NS = (
    "targetNamespace 'http://{{url}}/...' is an unfilled template placeholder, not a URI "
    "({ and } are not allowed in URIs): no XML element can be named in it, so the body "
    "cannot be written or checked against the schema")
# Postman-style WSDLs whose namespaces carry an unfilled {{url}} placeholder
_PLACEHOLDER_WSDLS = (
    "getActivityByType", "getActivityByUser", "getActivityCalendar",
    "getAllActivityTypesForAssociation", "getAllClubsForAssociation", "getAllClubsForTournament",
    "getAllTeamsForTournament", "getCompetition", "getMatchesAndTable", "getPlayedMatches",
    "getTeamContactsForSeason", "getTeamSports", "getTopScorers", "getTournamentDetails",
    "getTournamentRegistrations", "getTournamentsForClub", "getUpcomingMatches",
    "mergedImportedSchema")
_DO = "openapi/digitalocean/specification/DigitalOcean-public.v2.yaml"
_DO_STOP_DEFAULT = (
    "{model}.yml gives `stop` `default: null` but its schema is oneOf string / array with no "
    "`type` (`nullable` only applies beside `type`, OAS 3.0.3), so null is not a valid value; "
    "OAS 3.0 says a default MUST conform to its schema, and the judge reads an absent `stop` "
    "as its default, so a request that leaves it out (the minimal variant) is refused")
SPEC_DEFECTS: dict[tuple[str, str], str] = {
    **{(_GURU + "firebrowse.org/1.1.35.json", op):
       "query parameter `date` has items `format: date` with an `enum` of '2016_01_28'-style "
       "stamps: no enum value is a date, so no value satisfies both"
       for op in ("Reports", "FeatureTable", "StandardData", "Counts")},
    **{(f"wsdl/wsdl-to-postman/test/data/validWSDLs11/{name}.wsdl", "*"): _PLACEHOLDER_NS
       for name in _PLACEHOLDER_WSDLS},
    **{(f"wsdl/wsdl-to-postman/test/data/separatedFiles/sameTargetnamespace/{name}.wsdl",
        "Ping"):
       "the schema xs:imports its own targetNamespace 'http://namespace/2008'; XML Schema "
       "(src-import.1.1) forbids an import of the importing schema's namespace (that is "
       "xs:include), so no schema can be built and no body checked"
       for name in ("Services", "output")},
    ("wsdl/wsdl-to-postman/test/data/validWSDLs11/targetNamespacePrefix.wsdl",
     "TitleCaseWordsWithToken"):
        "soap:address location '{{TextCasingSoapBaseUrl}}/webservicesserver/TextCasing.wso' is "
        "an unfilled Postman variable, not a URL: the prefilled service URL cannot be called",
    ("wsdl/wsdl-to-postman/test/data/validWSDLs11/wdAttribute.wsdl", "Get_Worker_Profile"):
        "soap:address location 'Human_Resources' is not an absolute http(s) URL (a bare word): "
        "the prefilled service URL names no endpoint",
    ("wsdl/wsdl-to-postman/test/data/specialCases/wsdl2/NoSchema.wsdl", "hi"):
        "wsdl2:types is empty while the interface's input names element ns:hi: the message "
        "element is declared nowhere, so no body can be checked (a deliberately broken sample)",
    ("wsdl/wsdl-to-postman/test/data/specialCases/wsdl2/NoElementInSchema.wsdl", "hi"):
        "the interface's input names element ns:hi, but the schema declares only hiResponse: "
        "the request element is declared nowhere (a deliberately broken sample)",
    (_WSDL + "separatedFiles/includeTag/output.wsdl", "Ping"):
        "the inline schema xs:includes Types.xsd, which declares element ElementType in "
        "http://namespace/2008, and declares ElementType again itself: XML Schema (Schema "
        "Properties Correct 2) allows one global element per name and namespace, so no schema "
        "can be built (the merged twin of includeTag/Services.wsdl, which is accepted)",
    (_WSDL + "validWSDLs20/BindingByMessageElement.wsdl", "Get"):
        "the interface's input names element tns:request in http://www.tmsws.com/wsdl20sample, "
        "but the only xs:schema has no targetNamespace: it declares request in no namespace, "
        "and nothing declares it in that namespace (WSDL 2.0 wants the QName to resolve to an "
        "element declaration of the types), so no body can be valid",
    (_DO, "uptime_create_check"):
        "the request body schema requires `method`, which neither it nor its allOf part "
        "check_updatable declares (they declare name, type, target, regions, enabled): a member "
        "with no schema, type or meaning, so the template (built from the declared members) "
        "cannot send it",
    (_DO, "inference_upload_batch_file"):
        "the operation's server is 'https://' and its path key '/<upload_url>': placeholders "
        "for a presigned URL returned by an earlier call ('do not construct it'), not a URL; "
        "no request to the described location exists",
    **{(_DO, op): _DO_STOP_DEFAULT.format(model=model) for op, model in (
        ("inference_create_chat_completion", "chat_completion_request"),
        ("agentInference_create_chat_completion", "chat_completion_request"),
        ("inference_create_response", "create_response_request"))},
    **{(_GURU + "rebilly.com/2.1.json", op):
       "Product.taxCategoryId is `type: string` with `enum: [99999, 20010, ...]`, integers "
       "only: no value is both a string and an enum member, so a body that sets it (the full "
       "variant) is refused whichever value is sent"
       for op in ("postProducts", "putProductsId")},
    (_GURU + "gitlab.com/v3.json", "putV3ApplicationSettings"):
        "formData parameter `import_sources` is `type: array` with `enum: [github, bitbucket, "
        "...]` on the array itself (Swagger 2.0 puts an item enum under `items`): an enum "
        "compares whole values, no array equals one of those strings, so a request that sends "
        "the member (the full variant) is refused whichever sources it names",
    ("openapi/box-openapi.json", "post_oauth2_revoke"):
        "PostOAuth2Revoke requires `grant_type` but declares only client_id, client_secret and "
        "token (the requirement is copied from the token request; revoking takes no grant "
        "type): a member with no schema, so the template cannot send it",
    ("openapi/box-openapi.json", "get_search"):
        "query parameter `mdfilters` is an array of objects (MetadataFilter) with the default "
        "style form; OpenAPI defines form serialisation for primitives, arrays of primitives "
        "and objects of primitives only, so it has no wire form (Box means JSON text, which "
        "needs `content: application/json` on the parameter)",
}

NOT_CONVERTED: dict[str, str] = {
    _WSDL + "separatedFiles/remoteNotFound/Services.wsdl":
        "imports Types.xsd, which is not there (a deliberately broken sample)",
    **{_WSDL + f"validWSDLs11/{name}.wsdl":
       "targetNamespace 'http://{{url}}/...' is an unfilled template placeholder; no XML "
       "element can be named in it"
       for name in _PLACEHOLDER_WSDLS},
    _WSDL + "separatedFiles/remoteNotFound/output.wsdl":
        "imports Types.xsd, which is not there (the merged twin of remoteNotFound/Services.wsdl)",
    _WSDL + "invalidWSDLs11/calculator-invalid.wsdl":
        "the root element is <definitionsw>, not <definitions>: not a WSDL (a deliberately "
        "invalid sample)",
    _WSDL + "specialCases/ComplexTypeNotFound.wsdl":
        "an element has type tns:MyCustomModel, which no schema declares",
    _WSDL + "specialCases/wsdl2/ComplexTypeNotFound.wsdl":
        "an element has type MyCustomModel in http://axis2.org, which no schema declares",
    _WSDL + "specialCases/NoServicesPortType.wsdl":
        "the binding names port type NumberConversionSoapType, which the WSDL does not define",
    _WSDL + "separatedFiles/ServicesWithPrincipalPrefix/goodService.wsdl":
        "wsdl:import location 'GoodService-common.wsdl' while the file is goodService-common.wsdl: "
        "it only resolves on a case-insensitive file system",
    **{_WSDL + f"validWSDLs11/{name}.wsdl":
       "the operation's header message Workday_Common_HeaderMsg is referenced but not defined "
       "(a trimmed Workday WSDL)"
       for name in ("base64Encoding", "hrextract")},
    _WSDL + "validWSDLs11/2schemasValid.wsdl":
        "type=\"Address\" is an unprefixed QName in a schema with a targetNamespace and no "
        "default namespace: XML Schema resolves it to no namespace, where no Address exists",
    **{_WSDL + f"validWSDLs11/{name}.wsdl":
       "<s:group ref=...> uses unprefixed QNames with no default namespace: XML Schema resolves "
       "them to no namespace, where the groups (declared in http://tempuri.org/) do not exist"
       for name in ("loopRefGroupA-B-A", "loopRefGroupA-B-C-A")},
    **{_WSDL + f"separatedFiles/deepCircularRefs/{name}.wsdl":
       "an xsd:import's namespace attribute differs from the imported document's "
       "targetNamespace (XML Schema src-import.3.1)"
       for name in ("ServiceFinderQuery", "outputMerger")},
    # Refused by the converter's documented policy, not for a spec defect: imports outside the
    # spec's folder or on the network are read only with --allow-remote.
    **{_WSDL + name: "imports a document outside the spec's folder or over the network; the "
       "converter reads those only with --allow-remote (policy, not a spec defect)"
       for name in ("separatedFiles/W3Example/output.wsdl",
                    "separatedFiles/W3Example/outputNoImports.wsdl",
                    "separatedFiles/W3Example/stockquoteservice.wsdl",
                    "separatedFiles/counting/CountingCategoryService.wsdl",
                    "separatedFiles/counting/output.wsdl",
                    "separatedFiles/multipleRoot/CountingCategoryService.wsdl",
                    "separatedFiles/multipleRoot/CountingCategoryServiceCopy.wsdl",
                    "separatedFiles/nestedFolders/wsdl/Services.wsdl",
                    "separatedFiles/remoteRefs/output.wsdl",
                    "separatedFiles/remoteRefs/remoteStockquoteservice.wsdl",
                    "separatedFiles/wsdlfolderextrafile/stockquoteservice.wsdl",
                    "separatedFiles/wsdlfolderextrafilexml/stockquoteservice.wsdl")},
}


def _spec_operation(spec_path: str, method: str, path: str) -> Any:
    from harness import judge_openapi

    api, key = judge_openapi.load_for(spec_path, path)
    return api.spec / "paths" / key / method.lower()


QUERY_TEMPLATE = (
    "the path key {path!r} carries a query string with {{parameter}} templates; OpenAPI paths "
    "are paths (query parameters are declared as `in: query`), so the same parameters are "
    "both path and query parameters and no URL satisfies both readings"
)


ENUM_OF_ANOTHER_TYPE = (
    "{where} parameter {name!r} is `type: {type}` with an `enum` {place}holding only "
    "{kinds} ({sample}): JSON Schema compares enum values with their type, so no {type} equals "
    "any of them and no value of the parameter is valid"
)
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "integer": (int,), "number": (int, float), "string": (str,), "boolean": (bool,),
    "array": (list,), "object": (dict,)}
_KIND_NAMES = {str: "strings", bool: "booleans", int: "integers", float: "numbers",
               list: "arrays", dict: "objects", type(None): "null"}
_PARAMETER_ERROR = re.compile(
    r"\w+: (?:Invalid (\w+) parameter|(\w+) parameter error): (.+?)(?: <- |$)")


def _of_type(value: Any, kind: str) -> bool:
    if isinstance(value, bool) and kind != "boolean":
        return False
    if kind == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _JSON_TYPES[kind])


def _enum_of_another_type(schema: Any) -> tuple[str, str, list[Any]] | None:
    """(type, where, enum) when the schema (or its array's items) is typed and its enum holds
    no value of that type."""
    for node, place in ((schema, ""), (schema / "items" if "items" in schema else None,
                                       "under `items` ")):
        if node is None or "enum" not in node or "type" not in node:
            continue
        kind = (node / "type").read_value()
        values = (node / "enum").read_value()
        if (isinstance(kind, str) and kind in _JSON_TYPES and isinstance(values, list)
                and values and not any(_of_type(v, kind) for v in values)):
            return kind, place, values
    return None


def _parameters_with_foreign_enums(spec_path: str, method: str, path: str,
                                   ) -> dict[tuple[str, str], str]:
    """(in, name) -> reason, for the operation's parameters whose enum holds no value of the
    parameter's own type (bungie.net: `type: integer` with enum ['0', '1', ...]; apacta.com:
    `type: string` with enum [true, false]; bbc.co.uk, simplyrets: an enum of strings on an
    array-typed parameter itself)."""
    from harness import judge_openapi

    api, key = judge_openapi.load_for(spec_path, path)
    item = api.spec / "paths" / key
    out: dict[tuple[str, str], str] = {}
    for holder in (item, item / method.lower()):
        if "parameters" not in holder:
            continue
        for param in holder / "parameters":
            if "schema" not in param:
                continue
            found = _enum_of_another_type(param / "schema")
            if found is None:
                continue
            kind, place, values = found
            kinds = sorted({_KIND_NAMES.get(type(v), type(v).__name__) for v in values})
            where, name = (param / "in").read_value(), (param / "name").read_value()
            out[(where, name)] = ENUM_OF_ANOTHER_TYPE.format(
                where=where, name=name, type=kind, place=place, kinds=" and ".join(kinds),
                sample=", ".join(repr(v) for v in values[:4]) + (", ..." if len(values) > 4
                                                                  else ""))
    return out


def spec_defect_rule(spec_path: str, method: str, path: str, codes: set[str],
                     reasons: Sequence[tuple[str, str]] = ()) -> str | None:
    """The reason when the spec itself makes every rejection (`codes`, and the `reasons` they
    come from) unavoidable."""
    query = path.split("#", 1)[0].partition("?")[2]
    if "{" in query and codes <= {"path.query-lost", "param.missing", "param.invalid"}:
        return QUERY_TEMPLATE.format(path=path)
    if codes == {"param.invalid"} and reasons:
        # every refused parameter is one whose enum no value of its type can equal
        refused = [_PARAMETER_ERROR.match(detail) for _, detail in reasons]
        if not all(refused):
            return None
        foreign = _parameters_with_foreign_enums(spec_path, method, path)
        why: list[str] = []
        for m in refused:
            assert m is not None
            record = foreign.get(((m.group(1) or m.group(2)).lower(), m.group(3)))
            if record is None:
                return None
            if record not in why:
                why.append(record)
        return "; ".join(why)
    if codes == {"body.missing"} and method.upper() in ("GET", "HEAD", "DELETE"):
        op = _spec_operation(spec_path, method, path)
        if "requestBody" in op and (op / "requestBody" / "required").read_bool(default=False):
            return GET_BODY.format(method=method.upper())
    return None
