"""SOAP operations -> one template on Camunda's SOAP connector (`io.camunda:soap:1`).

Layout: task type, operation choice, Service URL, WS-Security, the per-operation fields for
header and body leaves, then the hidden inputs built from them (defined after what they use):
`soapVersion.*`, `header.type`/`header.json`, `body.type`/`body.json`,
`namespaces`; the connection timeout; the output/error/retry tail.

`body.json` is the connector's XML-compatible JSON (docs/soap.md): prefixed element names,
`@attr` and `$content` (both strings), lists for repeated elements. The connector writes a null
value as the text "null" and an empty map as an empty element, so every map that holds an
optional value drops nulls, and an optional container whose fields are all empty is dropped too;
a required but nillable element whose fields are all empty is sent as `xsi:nil="true"`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from converter import feel, naming
from converter.diagnostics import Diagnostics
from converter.model import (
    Api,
    Input,
    Operation,
    SoapElement,
    SoapRequest,
    ValueType,
)
from converter.options import Options
from converter.renderers import Bundle, errors, results, soap_auth
from converter.renderers.choice import OperationChoice, name_and_summary
from converter.renderers.credentials import secret
from converter.renderers.fields import input_property
from converter.renderers.properties import (
    Condition,
    Property,
    hidden,
    input_binding,
    optional_flag,
    prop,
    short,
    task_type,
)
from converter.renderers.tail import TAIL_GROUPS, output_properties
from converter.renderers.template import document

JOB_TYPE = "io.camunda:soap:1"
# a required nillable element left empty: `<x xsi:nil="true"/>` (the parser declares `xsi`)
XSI = "xsi"
NIL = feel.context([(f"@{XSI}:nil", feel.string("true"))])
GROUPS = (
    {"id": "operation", "label": "Operation"},
    {"id": "connection", "label": "Connection"},
    {"id": "authentication", "label": "Authentication"},
    {"id": "header", "label": "SOAP header"},
    {"id": "input", "label": "Request"},
    {"id": "timeout", "label": "Timeout"},
    *TAIL_GROUPS,
)


def _request(op: Operation) -> SoapRequest:
    if not isinstance(op.request, SoapRequest):
        raise TypeError(f"operation {op.id} is not a SOAP operation")
    return op.request


def render(api: Api, bundle: Bundle, *, options: Options, diagnostics: Diagnostics
           ) -> dict[str, Any]:
    ops = bundle.operations
    slug = naming.secret_name(bundle.api_name)
    choice = OperationChoice.build(ops, label=name_and_summary)
    props: list[Property] = [task_type(JOB_TYPE), *choice.properties()]
    props.extend(_service_url(ops, diagnostics))
    props.extend(soap_auth.properties(ops, choice, slug, options, diagnostics))
    for op in ops:
        props.extend(_fields(op, choice, options, slug=slug,
                             prefix=f"{op.id}." if len(ops) > 1 else ""))
    props.extend(_message(ops, choice))
    props.append(prop(id="connectionTimeoutInSeconds", label="Connection timeout in seconds",
                      group="timeout", type="Number", value=20, feel="static",
                      tooltip="Also used as the read timeout by the connector.",
                      binding=input_binding("connectionTimeoutInSeconds")))
    result_exprs = [(results.soap(op, bundle.variable(op)), choice.condition(op)) for op in ops]
    error_exprs = [(errors.soap(op, options.errors), choice.condition(op)) for op in ops]
    props.extend(output_properties(result_exprs, error_exprs, options=options))
    single = ops[0] if len(ops) == 1 else None
    description = short(
        (f"{single.name}: {single.description or single.summary}" if single.description
         or single.summary else f"SOAP operation {single.name}") if single is not None
        else (api.description or f"{api.title} via the SOAP connector"))
    return document(
        "soap", GROUPS, props, api=api, options=options, name=bundle.name,
        template_id=bundle.template_id, description=description,
        keywords=[api.title, "SOAP", *([single.name] if single else [])],
        docs_url=(single.docs_url if single and single.docs_url else api.docs_url),
    )


# --------------------------------------------------------------------------- connection


def _service_url(ops: Sequence[Operation], diagnostics: Diagnostics) -> list[Property]:
    endpoints = naming.dedupe(_request(op).endpoint for op in ops if _request(op).endpoint)
    value = endpoints[0] if endpoints else ""
    if len(endpoints) > 1:
        diagnostics.info("soap.several-endpoints", f"operations use {len(endpoints)} "
                         f"addresses; Service URL prefilled with {endpoints[0]}",
                         ops[0].location)
    return [prop(id="serviceUrl", label="Service URL", group="connection", type="String",
                 value=value or None, feel="optional",
                 tooltip="The SOAP endpoint (soap:address of the WSDL port).",
                 constraints={"notEmpty": True}, binding=input_binding("serviceUrl"))]


# --------------------------------------------------------------------------- fields


def _variables(elements: Sequence[SoapElement]) -> list[str]:
    out: list[str] = []
    for e in elements:
        if e.variable:
            out.append(e.variable)
        if e.xsi_type:
            out.append(e.xsi_type)
        out.extend(v for _, v in e.attributes)
        out.extend(_variables(e.children))
    return out


def _label(inp: Input) -> str:
    """The leaf's place below the operation's element, humanised: `Order / Customer name`."""
    names = [p.rsplit(":", 1)[-1].lstrip("@") for p in inp.path]
    shown = names[1:] if len(names) > 1 else names
    return " / ".join(naming.label(n) for n in shown) or naming.label(inp.name)


def _fields(op: Operation, choice: OperationChoice, options: Options, *, slug: str,
            prefix: str) -> list[Property]:
    request = _request(op)
    in_header = set(_variables(request.headers))
    condition = choice.condition(op)
    out = []
    for inp in op.inputs:
        group = "header" if inp.variable in in_header else "input"
        pid = prefix + inp.variable
        if inp.type in (ValueType.OBJECT, ValueType.ARRAY):
            out.append(_feel_field(inp, pid=pid, group=group, condition=condition,
                                   options=options))
            continue
        field = input_property(inp, pid=pid, group=group, options=options,
                               condition=condition, label=_label(inp))
        if inp.secret and field["type"] == "String":
            words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", inp.name)  # sessionId: SESSION_ID
            field = _credential(field, secret(slug, words))
        out.append(field)
    return out


def _credential(field: Property, placeholder: str) -> Property:
    """A header field that holds a credential (Salesforce sessionId, Marketo
    requestSignature): prefilled with a secret reference named after the API and the field,
    which the credentials module keeps (`neutralise`, `own`)."""
    tooltip = " ".join(t for t in (field.get("tooltip"), (
        "A credential: create the connector secret this refers to, or map a process variable "
        "when the service computes the value per call.")) if t)
    return prop(**{**field, "value": placeholder, "tooltip": tooltip})


def _feel_field(inp: Input, *, pid: str, group: str, condition: Condition | None,
                options: Options) -> Property:
    # the example shows the shape of the content; nothing is entered for the user (a
    # required element starts empty and the Modeler asks for it)
    example = feel.expression(feel.literal(inp.example)) if inp.example is not None else None
    tooltip = " ".join(p for p in (short(inp.description), f"Type: {inp.type_label}."
                                   if inp.type_label else "") if p)
    return prop(id=pid, label=_label(inp), tooltip=tooltip or None, group=group, type="Text",
                placeholder=example,
                optional=optional_flag(options, inp.required), feel="required",
                constraints={"notEmpty": True} if inp.required else None,
                binding=input_binding(inp.variable), condition=condition)


# --------------------------------------------------------------------------- message


def _message(ops: Sequence[Operation], choice: OperationChoice) -> list[Property]:
    out: list[Property] = []
    versions = {_request(op).soap_version for op in ops}
    for op in ops:
        request = _request(op)
        cond = choice.condition(op)
        p = "" if len(ops) == 1 else f"{op.id}."
        if len(versions) > 1:
            out.append(hidden(f"{p}soapVersion.version", "soapVersion.version",
                              request.soap_version, cond))
        if request.soap_version == "1.1" and request.action:
            out.append(hidden(f"{p}soapVersion.soapAction", "soapVersion.soapAction",
                              request.action, cond))
        emptyable = frozenset(i.variable for i in op.inputs if "" in i.enum)
        if request.headers:
            out.append(hidden(f"{p}header.type", "header.type", "json", cond))
            out.append(hidden(f"{p}header.json", "header.json",
                              feel.expression(content(request.headers, emptyable)), cond))
        out.append(hidden(f"{p}body.json", "body.json",
                          feel.expression(content(request.body, emptyable)), cond))
    shared = []
    if len(versions) == 1:
        shared.append(hidden("soapVersion.version", "soapVersion.version", versions.pop()))
    if not any(_request(op).headers for op in ops):
        shared.append(hidden("header.type", "header.type", "none"))
    else:
        without = [op for op in ops if not _request(op).headers]
        for i, cond in enumerate(choice.condition_for(without) if without else []):
            shared.append(hidden(f"header.type.none{i + 1}", "header.type", "none", cond))
    shared.append(hidden("body.type", "body.type", "json"))
    namespaces: dict[str, str] = {}
    for op in ops:
        namespaces.update(_request(op).namespaces)
    shared.append(hidden("namespaces", "namespaces", feel.expression(
        feel.context(sorted((k, feel.string(v)) for k, v in namespaces.items())))))
    # hidden definers that do not use operation fields may come first; body.json needs them
    # only at run time, so keep the documented order: versions and types, then the JSON.
    return shared + out


def content(elements: Sequence[SoapElement], emptyable: frozenset[str] = frozenset()) -> str:
    """The XML-compatible JSON for a list of sibling elements, as FEEL.

    Optional content drops unset values (`feel.without_unset`: null, and the empty text of a
    Dropdown left on "(not set)" or an emptied field); `emptyable` names the input variables
    whose empty text is a value of its own (an enum that lists "")."""
    entries = [(e.qname, _value(e, emptyable)) for e in elements]
    nullable = any(e.optional for e in elements)
    keep = {e.qname for e in elements if e.variable in emptyable}
    return feel.without_unset(entries, keep) if nullable else feel.context(entries)


def _value(e: SoapElement, emptyable: frozenset[str]) -> str:
    attrs = [(name, feel.as_string(feel.name(var))) for name, var in e.attributes]
    keep = {name for name, var in e.attributes if var in emptyable}
    if e.xsi_type:
        value = _typed(e)
    elif e.variable and not e.attributes:
        value = feel.name(e.variable)
        if not e.nillable:
            return value  # an optional leaf's null is dropped by its parent
    elif e.variable:
        entries = [*attrs, ("$content", feel.as_string(feel.name(e.variable)))]
        value = feel.without_unset(entries, keep | ({"$content"} if e.variable in emptyable
                                                    else set()))
    elif e.children or attrs:
        entries = attrs + [(c.qname, _value(c, emptyable)) for c in e.children]
        nullable = bool(attrs) or any(c.optional for c in e.children)
        keep |= {c.qname for c in e.children if c.variable in emptyable}
        value = feel.without_unset(entries, keep) if nullable else feel.context(entries)
    else:
        return feel.context([])
    if e.optional or e.nillable:
        variables = _variables([e])
        if variables:
            all_empty = feel.both(*(feel.is_null(feel.name(v)) if v in emptyable
                                    else feel.grouped(feel.is_unset(feel.name(v)))
                                    for v in variables))
            empty = feel.NULL if e.optional else NIL
            return feel.grouped(feel.if_else(all_empty, empty, value))
    return value


def _typed(e: SoapElement) -> str:
    """The content of an element of abstract type with the concrete type chosen for it as
    `@xsi:type` (left out while no type is chosen: the connector refuses a null attribute)."""
    content, chosen = feel.name(e.variable), feel.name(e.xsi_type)
    typed = feel.put(feel.grouped(feel.if_else(feel.is_null(content), feel.context([]), content)),
                     f"@{XSI}:type", chosen)
    return feel.grouped(feel.if_else(feel.is_null(chosen), content, typed))
