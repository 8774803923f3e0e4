"""Rejections traced to a defect of the spec itself (issue 6, "Must show" 2), each with its reason.

Only the spec's own faults belong here: a converter defect is fixed in the converter, a harness
defect in the harness. Two kinds of record:
- `SPEC_DEFECTS`: one operation, (spec label, operation id) -> reason.
- `spec_defect_rule`: a defect class recognised from the spec and the request (never from the
  judge's message alone), e.g. a GET whose spec demands a request body.
`NOT_CONVERTED`: spec files the converter refuses, and why that is right.
"""

from __future__ import annotations

from typing import Any

GET_BODY = (
    "the spec requires a request body on a {method}: OpenAPI 3.0 says requestBody on GET, HEAD "
    "and DELETE SHALL be ignored (no defined HTTP semantics), and the REST connector sends a "
    "body only for POST/PUT/PATCH; the converter leaves the body out with the warning "
    "openapi.body-ignored, so no template can make this call"
)

_GURU = "openapi/apis-guru-lite/specs/"
_PLACEHOLDER_NS = (
    "targetNamespace 'http://{{url}}/...' is an unfilled template placeholder, not a URI "
    "({ and } are not allowed in URIs): no XML element can be named in it, so the body "
    "cannot be written or checked against the schema")
_ARRAY_ENUM = (
    "`enum` sits on the array-typed query parameter itself (Swagger 2.0 wants it under "
    "`items`), so the parameter's value must equal one of those strings and no array can ever "
    "match; a list sent by the template is refused and a plain string is not an array")
SPEC_DEFECTS: dict[tuple[str, str], str] = {
    (_GURU + "bungie.net/2.0.0.json", "CommunityContent_GetStreamingStatusForMember"):
        "path parameters membershipType and partnershipType are `type: integer` with an "
        "`enum` of strings ('0', '1', ...): no integer equals a string, so no value is valid",
    (_GURU + "simplyrets.com/1.0.0.json", "getProperties"): _ARRAY_ENUM,
    (_GURU + "simplyrets.com/1.0.0.json", "getPropertiesMlsId"): _ARRAY_ENUM,
    **{(_GURU + "firebrowse.org/1.1.35.json", op):
       "query parameter `date` has items `format: date` with an `enum` of '2016_01_28'-style "
       "stamps: no enum value is a date, so no value satisfies both"
       for op in ("Reports", "FeatureTable", "StandardData", "Counts")},
    **{(f"wsdl/wsdl-to-postman/test/data/validWSDLs11/{name}.wsdl", name): _PLACEHOLDER_NS
       for name in ("getActivityByUser", "getAllClubsForTournament")},
}

_WSDL = "wsdl/wsdl-to-postman/test/data/"
NOT_CONVERTED: dict[str, str] = {
    _WSDL + "separatedFiles/remoteNotFound/Services.wsdl":
        "imports Types.xsd, which is not there (a deliberately broken sample)",
    _WSDL + "validWSDLs11/getActivityByUser.wsdl":
        "targetNamespace 'http://{{url}}/...' is an unfilled template placeholder; no XML "
        "element can be named in it",
    _WSDL + "validWSDLs11/getAllClubsForTournament.wsdl":
        "targetNamespace 'http://{{url}}/...' is an unfilled template placeholder; no XML "
        "element can be named in it",
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


def spec_defect_rule(spec_path: str, method: str, path: str, codes: set[str]) -> str | None:
    """The reason when the spec itself makes every rejection in `codes` unavoidable."""
    query = path.split("#", 1)[0].partition("?")[2]
    if "{" in query and codes <= {"path.query-lost", "param.missing", "param.invalid"}:
        return QUERY_TEMPLATE.format(path=path)
    if codes == {"body.missing"} and method.upper() in ("GET", "HEAD", "DELETE"):
        op = _spec_operation(spec_path, method, path)
        if "requestBody" in op and (op / "requestBody" / "required").read_bool(default=False):
            return GET_BODY.format(method=method.upper())
    return None
