"""Error expressions: which failures end a task with a BPMN error (`--errors`), per connector.

The connector runtime evaluates the error expression after every call
(`ConnectorResultHandler.examineErrorExpression`): after a failure with `error` in scope
(`code`, `message`, `variables`), after a success with `response`, and `job.retries` in both
(from 8.6). A null outcome leaves the job to the runtime: a success completes it, a failure
fails it with one retry less and the task's Retry backoff, so Zeebe tries again and raises an
incident when no retry is left. `bpmnError(...)` ends the task on a boundary event instead.

What the connectors report (camunda/connectors):
- REST and GraphQL (http-base): `error.code` is the HTTP status as text, `error.message` its
  reason, `error.variables.response` holds `headers` and `body`. A failure below HTTP is a
  code too: an I/O error (refused connection, timeout, reset) is "408", a protocol error "500"
  (`CustomApacheHttpClient`).
- GraphQL from 8.10 raises a response with an `errors` array as code GRAPHQL_ERROR (the body in
  `error.variables.response.body`); before 8.10 it is a success (HTTP 200) whose
  `response.body.errors` the expression reads.
- SOAP raises a fault as code SOAP_FAULT_RECEIVED with the fault envelope in
  `error.variables.response`; any other failure (an HTTP error without a fault, I/O) has no
  code.

Policies (README, "What a template does by default"):
- business (default): a documented 4xx other than 408 and 429 by its name, any other 4xx as
  HTTP_<status>, declared SOAP faults by name and client faults (`Client`, `Sender`) by their
  code, GraphQL `errors` as GRAPHQL_ERROR. 408, 429, 5xx and failures below HTTP stay job
  failures; when a 429 or 503 comes with `Retry-After` in seconds, the job waits that long
  (`jobError` with the runtime's own retry count), else the task's Retry backoff applies.
- all: every documented status (5xx too) by name, every other 4xx (408 and 429 too), every
  SOAP fault: the converter's behaviour before the policy existed.
- none: no error expression at all.
"""

from __future__ import annotations

from converter import feel
from converter.model import ErrorCase, Operation, SoapRequest
from converter.options import ErrorPolicy

TRANSIENT = ("408", "429")  # 4xx that a later try may pass: timeout, rate limit
RETRY_AFTER = ("429", "503")  # statuses that come with a Retry-After header (RFC 9110, 6585)
SOAP_FAULT = "SOAP_FAULT_RECEIVED"
GRAPHQL_ERROR = "GRAPHQL_ERROR"  # the BPMN error (and from 8.10 the connector's) code
# A SOAP 1.1 `Client` (with a dotted subcode) or SOAP 1.2 `Sender` fault code, any prefix
_CLIENT_FAULT = r"^([^:]*:)?(Client|Sender)([.].*)?$"

_ERROR = "error"
_CODE = feel.path(_ERROR, ["code"])
_MESSAGE = feel.path(_ERROR, ["message"])
_RESPONSE = feel.path(_ERROR, ["variables", "response"])
_DETAILS = feel.context([("status", _CODE), ("body", feel.path(_RESPONSE, ["body"]))])
_NO_CODE = feel.either(feel.is_null(_ERROR), feel.is_null(_CODE))


def rest(op: Operation, policy: ErrorPolicy) -> str | None:
    """The REST connector's error expression for `op` under `policy` (None: no expression)."""
    if policy is ErrorPolicy.NONE:
        return None
    business = policy is ErrorPolicy.BUSINESS
    kept = [case for case in op.errors if not business or _is_business(case)]
    branches = [(_NO_CODE, feel.NULL)]
    branches.extend((feel.equals(_CODE, feel.string(case.code)), _http_error(case.name))
                    for case in kept if case.code.isdigit())
    if business:
        branches.extend(_retries())
    ranges = [case for case in kept if case.code.endswith("XX")]
    branches.extend((feel.starts_with(_CODE, case.code[0]), _http_error(case.name))
                    for case in ranges)
    if not any(case.code[0] == "4" for case in ranges):
        branches.append((feel.starts_with(_CODE, "4"), _http_error(None)))
    return feel.expression(feel.first_match(branches, feel.NULL))


def graphql(policy: ErrorPolicy) -> str | None:
    """The GraphQL connector's error expression, the same for every operation."""
    if policy is ErrorPolicy.NONE:
        return None
    errors = feel.path("response", ["body", "errors"])
    in_response = feel.bpmn_error(
        feel.string(GRAPHQL_ERROR), feel.path(feel.item(errors, 1), ["message"]),
        feel.context([("errors", errors), ("data", feel.path("response", ["body", "data"]))]))
    body = feel.path(_RESPONSE, ["body"])
    raised = feel.bpmn_error(
        feel.string(GRAPHQL_ERROR), _MESSAGE,
        feel.context([("errors", feel.path(body, ["errors"])),
                      ("data", feel.path(body, ["data"]))]))
    branches = [
        (_NO_CODE, feel.grouped(feel.if_else(feel.differs(errors, feel.NULL), in_response,
                                             feel.NULL))),
        (feel.equals(_CODE, feel.string(GRAPHQL_ERROR)), raised),
    ]
    if policy is ErrorPolicy.BUSINESS:
        branches.extend(_retries())
    branches.append((feel.starts_with(_CODE, "4"), _http_error(None)))
    return feel.expression(feel.first_match(branches, feel.NULL))


def soap(op: Operation, policy: ErrorPolicy) -> str | None:
    """The SOAP connector's error expression: a declared fault by its detail element, then
    (business) a client fault or (all) any fault by its fault code."""
    if policy is ErrorPolicy.NONE:
        return None
    assert isinstance(op.request, SoapRequest)
    soap12 = op.request.soap_version == "1.2"
    fault = feel.path(_RESPONSE, ["Envelope", "Body", "Fault"])
    code = feel.path(fault, ["Code", "Value"] if soap12 else ["faultcode"])
    text = feel.path(fault, ["Reason", "Text"] if soap12 else ["faultstring"])
    detail = feel.path(fault, ["Detail" if soap12 else "detail"])
    variables = feel.context([("faultCode", code), ("faultString", text), ("fault", fault)])
    message = feel.if_else(feel.is_null(text), _MESSAGE, feel.as_string(text))
    branches = [(feel.differs(feel.path(detail, [case.code]), feel.NULL),
                 feel.bpmn_error(feel.string(case.name), message, variables))
                for case in op.errors if case.code]
    if policy is ErrorPolicy.BUSINESS:
        client = feel.both(feel.differs(code, feel.NULL),
                           feel.matches(feel.as_string(code), _CLIENT_FAULT))
        branches.append((client, feel.bpmn_error(feel.as_string(code), message, variables)))
        on_fault = feel.first_match(branches, feel.NULL)
    else:
        any_fault = feel.bpmn_error(feel.if_else(feel.is_null(code), feel.string("SOAP_FAULT"),
                                                 feel.as_string(code)), message, variables)
        on_fault = feel.first_match(branches, any_fault)
    return feel.expression(feel.if_else(feel.equals(_CODE, feel.string(SOAP_FAULT)),
                                        feel.grouped(on_fault), feel.NULL))


def _is_business(case: ErrorCase) -> bool:
    """A documented 4xx status or 4XX range, but not 408 or 429."""
    return case.code.startswith("4") and case.code not in TRANSIENT


def _retries() -> list[tuple[str, str]]:
    """The branches that leave 408, 429, 5xx and failures below HTTP to the job's retries:
    429 and 503 wait as long as the server's `Retry-After` asks (in seconds; a `jobError`
    with the retry count the runtime would use), the others, and those two without such a
    header, are null (the runtime's own failure, with the task's Retry backoff)."""
    wait = feel.name("retryAfter")
    header = feel.header(feel.path(_RESPONSE, ["headers"]), "Retry-After")
    usable = feel.both(feel.differs(wait, feel.NULL), feel.matches(wait, r"^[0-9]+$"))
    wait_then_retry = feel.job_error(_MESSAGE, feel.context([]), feel.retries_left(),
                                     feel.seconds(wait))
    waited = feel.grouped(feel.let(wait, header, feel.if_else(usable, wait_then_retry,
                                                              feel.NULL)))
    others = feel.either(feel.equals(_CODE, feel.string("408")),
                         feel.negation(feel.starts_with(_CODE, "4")))
    return [(feel.one_of(_CODE, RETRY_AFTER), waited), (others, feel.NULL)]


def _http_error(name: str | None) -> str:
    """`bpmnError` with the status and body; named, or HTTP_<status> when `name` is None."""
    code = feel.string(name) if name else feel.concat([feel.string("HTTP_"), _CODE])
    return feel.bpmn_error(code, _MESSAGE, _DETAILS)
