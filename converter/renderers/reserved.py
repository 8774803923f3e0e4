"""The input names the connectors read themselves, kept clear of the names a spec brings.

A template binds every field to a local variable of the job (a `zeebe:input`), and the connector
reads its own settings (`url`, `headers`, `body` ...) from variables of that same scope, so a
query parameter bound to `url` would replace the URL the template built. Parsers name variables
after the spec alone; `clear` renames the few that clash, once per operation, before a template
is rendered (`renderers.render_bundle`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from converter.model import (
    Operation,
    Request,
    RestRequest,
    SoapElement,
    SoapRequest,
)

# The choice that shows the optional fields of an operation that has many (renderers.rest).
OPTIONAL_FIELDS = "optionalFields"

# Inputs the REST, SOAP and GraphQL connectors read, the helper variables our templates create,
# and the keys of the task's own settings.
RESERVED = frozenset(
    {
        "url", "method", "authentication", "clientTls", "headers", "queryParameters",
        "skipEncoding", "connectionTimeoutInSeconds", "readTimeoutInSeconds",
        "writeTimeoutInSeconds", "body", "storeResponse", "documentReturnFormat",
        "groupSetCookieHeaders", "ignoreNullValues", "followRedirects",
        "authenticationConfiguration", "graphql", "serviceUrl", "soapVersion", "header",
        "namespaces", "operationId", "operationGroup", "baseUrl", "response", "error",
        "resultVariable", "resultExpression", "errorExpression", "retryCount", "retryBackoff",
        "jobTimeout", OPTIONAL_FIELDS,
    }
)  # fmt: skip


def clear(op: Operation) -> Operation:
    """`op` with every input variable that is a reserved name renamed (`url` -> `url2`, or the
    next number no other input of the operation uses), with the references to it; `op` itself
    when nothing clashes. (Results need no renaming: a task writes one process variable named
    after its operation, `renderers.results`, and the mapped fields are keys inside it.)
    """
    names = _renames(i.variable for i in op.inputs)
    if not names:
        return op
    inputs = tuple(replace(i, variable=names[i.variable]) if i.variable in names else i
                   for i in op.inputs)
    return replace(op, inputs=inputs, request=_request(op.request, names))


def _renames(names: Iterable[str]) -> dict[str, str]:
    """Reserved name -> the first `name2`, `name3` ... that none of `names` takes."""
    ordered = list(names)
    taken = set(ordered)
    out: dict[str, str] = {}
    for name in ordered:
        if name not in RESERVED:
            continue
        n = 2
        while f"{name}{n}" in taken:
            n += 1
        out[name] = f"{name}{n}"
        taken.add(out[name])
    return out


def _request(request: Request, names: dict[str, str]) -> Request:
    """The request with its references to renamed inputs following them."""
    if isinstance(request, RestRequest):
        return replace(request, encodings=tuple((names.get(v, v), e)
                                                for v, e in request.encodings))
    if isinstance(request, SoapRequest):
        return replace(request, body=_elements(request.body, names),
                       headers=_elements(request.headers, names))
    return request  # a GraphQL document names its variables after the arguments


def _elements(elements: tuple[SoapElement, ...], names: dict[str, str]
              ) -> tuple[SoapElement, ...]:
    return tuple(replace(e, variable=names.get(e.variable, e.variable),
                         attributes=tuple((a, names.get(v, v)) for a, v in e.attributes),
                         children=_elements(e.children, names)) for e in elements)
