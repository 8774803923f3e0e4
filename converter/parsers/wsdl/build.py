"""From the facts both WSDL readers gather per operation to the neutral `Operation`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from converter import naming
from converter.model import (
    AuthKind,
    AuthOption,
    ErrorCase,
    Operation,
    Result,
    ResultField,
    SoapRequest,
)
from converter.parsers.wsdl.policy import SecurityPolicy
from converter.parsers.wsdl.shape import Prefixes, Shaper
from converter.parsers.wsdl.xsd import Kind, XNode

MAX_RESULT_FIELDS = 12


@dataclass(slots=True)
class RawOperation:
    """One operation of one SOAP port, as read from WSDL 1.1 (zeep) or WSDL 2.0 (lxml)."""

    name: str
    service: str
    port: str
    soap_version: str
    endpoint: str
    action: str = ""
    style: str = "document"
    use: str = "literal"
    body: list[XNode] = field(default_factory=list)
    headers: list[XNode] = field(default_factory=list)
    dropped_headers: list[str] = field(default_factory=list)  # header blocks not sent
    output: list[XNode] = field(default_factory=list)
    faults: list[tuple[str, str]] = field(default_factory=list)  # (name, detail element)
    documentation: str = ""
    policy: SecurityPolicy | None = None
    one_way: bool = False
    port_type: str = ""  # Clark name of the port type (WSDL 1.1)
    response_undefined: bool = False  # the output message could not be read (repair.py)

    @property
    def location(self) -> str:
        return f"wsdl:operation {self.name}"


def operations(raws: list[tuple[RawOperation, str]], prefixes: Prefixes
               ) -> tuple[Operation, ...]:
    """The model operations for `raws` (each with its template group): a name that several
    ports offer gets the port in its id and label."""
    counts = Counter(raw.name for raw, _ in raws)
    taken: set[str] = set()
    out = []
    for raw, group in raws:
        clash = counts[raw.name] > 1
        op_id = naming.unique(naming.identifier(f"{raw.port}.{raw.name}" if clash else raw.name),
                              taken)
        label = f"{raw.name} ({raw.port})" if clash else raw.name
        out.append(_operation(raw, op_id=op_id, label=label, group=group, prefixes=prefixes))
    return tuple(out)


def _operation(raw: RawOperation, *, op_id: str, label: str, group: str,
               prefixes: Prefixes) -> Operation:
    """The model operation for `raw` (names in the body use `prefixes`)."""
    shaper = Shaper(prefixes)
    prefixes.take_used()
    headers = shaper.message(raw.headers, header=True)
    body = shaper.message(raw.body)
    request = SoapRequest(
        endpoint=raw.endpoint, soap_version=raw.soap_version, action=raw.action,
        body=body, headers=headers, namespaces=prefixes.take_used(), style=raw.style,
        use=raw.use,
    )
    auth = None if raw.policy is None else auth_options(raw.policy)
    summary = raw.documentation.split(". ")[0][:200] if raw.documentation else ""
    return Operation(
        id=op_id, name=label, request=request, summary=summary,
        description=raw.documentation, tags=(f"{raw.service}.{raw.port}",),
        inputs=tuple(shaper.inputs),
        # no response element: the result maps the whole SOAP Body
        result=Result() if raw.response_undefined else result(raw.output, one_way=raw.one_way),
        errors=errors(raw.faults), auth_options=auth, location=raw.location,
        template_group=group, spec_name=raw.name,
    )


def auth_options(policy: SecurityPolicy) -> tuple[AuthOption, ...]:
    """What the policy asks for, signing first (the connector sends one of them)."""
    out = []
    if policy.signed:
        details = [d for d in (policy.algorithm_suite,
                               "with a timestamp" if policy.timestamp else "") if d]
        extra = f" ({', '.join(details)})" if details else ""
        out.append(AuthOption(kind=AuthKind.WS_SIGNATURE, scheme=policy.policy_id,
                              timestamp=policy.timestamp,
                              algorithm_suite=policy.algorithm_suite,
                              description=f"WS-Security X.509 signature{extra} required by "
                                          f"policy {policy.policy_id}."))
    if policy.username_token:
        kind = "PasswordDigest" if policy.digest else "PasswordText"
        out.append(AuthOption(kind=AuthKind.WS_USERNAME_TOKEN, scheme=policy.policy_id,
                              password_digest=policy.digest,
                              description=f"WS-Security UsernameToken ({kind}) required by "
                                          f"policy {policy.policy_id}."))
    return tuple(out)


def result(output: list[XNode], *, one_way: bool = False) -> Result:
    """Result fields below `response.Envelope.Body` (namespace-free names, reference §3.2)."""
    if one_way or not output:
        return Result(has_content=False)
    taken: set[str] = set()
    if len(output) == 1:
        top = output[0]
        children = [c for c in top.children if c.kind in (Kind.LEAF, Kind.COMPLEX)]
        if (top.kind is Kind.COMPLEX and children and len(children) <= MAX_RESULT_FIELDS
                and len(children) == len(top.children)):
            return Result(root=(top.name,), fields=tuple(
                ResultField(name=naming.variable(c.name, taken, fallback="value"),
                            path=(c.name,)) for c in children))
        return Result(root=(top.name,))
    return Result(fields=tuple(
        ResultField(name=naming.variable(n.name, taken, fallback="value"), path=(n.name,))
        for n in output if n.name))


def errors(faults: list[tuple[str, str]]) -> tuple[ErrorCase, ...]:
    """One case per declared fault: matched by its detail element, named after the fault."""
    out = []
    seen: set[str] = set()
    for fault_name, detail in faults:
        code = detail or fault_name
        if not code or code in seen:
            continue
        seen.add(code)
        out.append(ErrorCase(code=detail, name=naming.secret_name(fault_name or detail),
                             description=f"SOAP fault {fault_name}"
                                         + (f" (detail <{detail}>)" if detail else "")))
    return tuple(out)
