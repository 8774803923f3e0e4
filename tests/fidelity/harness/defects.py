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

SPEC_DEFECTS: dict[tuple[str, str], str] = {}

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


def spec_defect_rule(spec_path: str, method: str, path: str, codes: set[str]) -> str | None:
    """The reason when the spec itself makes every rejection in `codes` unavoidable."""
    if codes == {"body.missing"} and method.upper() in ("GET", "HEAD", "DELETE"):
        op = _spec_operation(spec_path, method, path)
        if "requestBody" in op and (op / "requestBody" / "required").read_bool(default=False):
            return GET_BODY.format(method=method.upper())
    return None
