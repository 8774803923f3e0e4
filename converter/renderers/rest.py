"""REST operations -> one template on Camunda's REST connector (`io.camunda:http-json:1`).

Layout: task type, operation choice, authentication, server, per-operation parameter and body
fields, then per-operation hidden `method`/`url`/`headers`/`queryParameters`/`body` built from
those fields (`rest_request`; Zeebe maps inputs in order, so they come after what they use),
timeouts, the output/error/retry tail.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from converter import feel, naming
from converter.diagnostics import Diagnostics
from converter.model import (
    Api,
    AuthKind,
    AuthOption,
    BodyKind,
    Input,
    Location,
    Operation,
    RestRequest,
    Server,
    ValueType,
)
from converter.naming import sentence
from converter.options import Options
from converter.renderers import Bundle, errors, rest_request, results
from converter.renderers.auth import http_auth_options, http_auth_properties
from converter.renderers.choice import OperationChoice
from converter.renderers.fields import (
    PLACEHOLDER_LIMIT,
    as_number_field,
    clipped,
    input_property,
)
from converter.renderers.properties import (
    Condition,
    Property,
    combine,
    hidden,
    input_binding,
    prop,
    short,
    task_type,
)
from converter.renderers.reserved import OPTIONAL_FIELDS
from converter.renderers.tail import TAIL_GROUPS, output_properties
from converter.renderers.template import document

JOB_TYPE = "io.camunda:http-json:1"
# Optional fields an operation shows at once; beyond it they wait behind a choice (`tucked`).
OPTIONAL_SHOWN = 20
HIDDEN, SHOWN = "hidden", "shown"
GROUPS = (
    {"id": "operation", "label": "Operation"},
    {"id": "authentication", "label": "Authentication"},
    {"id": "server", "label": "Server"},
    {"id": "parameters", "label": "Parameters"},
    {"id": "body", "label": "Request body"},
    {"id": "timeout", "label": "Connection timeout"},
    *TAIL_GROUPS,
)


def render(api: Api, bundle: Bundle, *, options: Options, diagnostics: Diagnostics
           ) -> dict[str, Any]:
    ops = bundle.operations
    slug = naming.secret_name(bundle.api_name)
    choice = OperationChoice.build(ops)
    props: list[Property] = [task_type(JOB_TYPE), *choice.properties()]
    props.extend(_auth(api, ops, choice, slug, options))
    props.extend(_server(api.servers))
    result_exprs: list[tuple[str, Condition | None]] = []
    error_exprs: list[tuple[str | None, Condition | None]] = []
    for op in ops:
        condition = choice.condition(op)
        props.extend(_operation(op, condition, options, diagnostics))
        result_exprs.append((results.rest(op, bundle.variable(op)), condition))
        error_exprs.append((errors.rest(op, options.errors), condition))
    props.extend(_timeouts())
    props.extend(output_properties(result_exprs, error_exprs, options=options))
    single = ops[0] if len(ops) == 1 else None
    description = (
        short(f"{single.request.method} {single.request.path}: "  # type: ignore[union-attr]
              + (single.description or single.summary or single.name))
        if single is not None else short(api.description) or f"{api.title} via the REST connector"
    )
    return document(
        "rest", GROUPS, props, api=api, options=options, name=bundle.name,
        template_id=bundle.template_id, description=description,
        keywords=[api.title, *sorted({t for op in ops for t in op.tags})[:20],
                  *([single.id] if single else [])],
        docs_url=(single.docs_url if single and single.docs_url else api.docs_url),
    )


def _auth(api: Api, ops: Sequence[Operation], choice: OperationChoice, slug: str,
          options: Options) -> list[Property]:
    """One auth block when all operations agree, else one block per distinct set."""
    by_set: dict[tuple[AuthOption, ...], list[Operation]] = {}
    for op in ops:
        by_set.setdefault(http_auth_options(api, op), []).append(op)
    schemes: dict[AuthKind, set[str]] = {}
    for auth in by_set:
        for o in auth:
            schemes.setdefault(o.kind, set()).add(o.scheme)
    qualify = frozenset(kind for kind, names in schemes.items() if len(names) > 1)
    if len(by_set) == 1:
        return http_auth_properties(next(iter(by_set)), api_slug=slug, options=options,
                                    qualify=qualify)
    out: list[Property] = []
    for i, (auth, members) in enumerate(by_set.items()):
        for j, cond in enumerate(choice.condition_for(members)):
            out.extend(http_auth_properties(auth, api_slug=slug, options=options, condition=cond,
                                            id_prefix=f"auth{i + 1}.{j + 1}.", qualify=qualify))
    return out


def _substituted(server: Server) -> str:
    url = server.url
    for var in server.variables:
        url = url.replace("{" + var.name + "}", var.default)
    return url


def _server(servers: Sequence[Server], *, pid: str = "baseUrl",
            variable: str = "baseUrl", condition: Condition | None = None) -> list[Property]:
    """Fields that define `variable`, the base URL every operation's `url` starts with."""
    if len(servers) > 1:
        choices = naming.dedupe(_substituted(s) for s in servers if _substituted(s))
        labels = {_substituted(s): s.description or _substituted(s) for s in servers}
        if len(choices) > 1:
            return [prop(id=pid, label="Server", group="server", type="Dropdown",
                         value=choices[0], constraints={"notEmpty": True},
                         choices=[{"name": labels[c], "value": c} for c in choices],
                         binding=input_binding(variable), condition=condition)]
    server = servers[0] if servers else Server(url="")
    out: list[Property] = []
    value: str | None = server.url or None
    if server.variables:
        parts = rest_request.PATH_PARAMETER.split(server.url)
        exprs = []
        for index, part in enumerate(parts):
            if index % 2 == 0:
                if part:
                    exprs.append(feel.string(part))
                continue
            var = next((v for v in server.variables if v.name == part), None)
            if var is None:
                exprs.append(feel.string("{" + part + "}"))
                continue
            name = f"server_{naming.camel(var.name) or 'var'}"
            tooltip = short(var.description) or f"Server variable '{var.name}'."
            if var.enum:
                out.append(prop(id=f"{pid}.{name}", label=naming.label(var.name),
                                tooltip=tooltip, group="server", type="Dropdown",
                                value=var.default if var.default in var.enum else var.enum[0],
                                choices=[{"name": e, "value": e} for e in var.enum],
                                binding=input_binding(name), condition=condition))
            else:
                out.append(prop(id=f"{pid}.{name}", label=naming.label(var.name),
                                tooltip=tooltip, group="server", type="String",
                                value=var.default or None, feel="optional",
                                constraints={"notEmpty": True}, binding=input_binding(name),
                                condition=condition))
            exprs.append(name)
        value = feel.expression(feel.concat(exprs))
    placeholder = None
    tooltip = "Base URL of the API; the operation path is appended to it."
    if server.relative or not server.url:
        placeholder = "https://api.example.com" + server.url
        tooltip = "The spec gives no absolute server URL: enter the API's base URL."
        value = None
    out.append(prop(id=pid, label="Base URL", tooltip=tooltip, group="server", type="String",
                    value=value, placeholder=placeholder, feel="optional",
                    constraints={"notEmpty": True}, binding=input_binding(variable),
                    condition=condition))
    return out


def tucked(op: Operation) -> frozenset[str]:
    """The variables of `op`'s optional inputs when it has more than OPTIONAL_SHOWN of them.

    The Modeler writes a `zeebe:input` for every field it shows, and applying a template or
    switching operation slows down steeply with the number it writes (docs/performance.md,
    "Session 8"). Behind an "Optional fields: Hidden" choice those fields are not written and
    the request is built without them; `optional: true` would not do, since the FEEL would then
    read a process variable of the field's name whenever the field is left empty. The choice is
    a Dropdown, not a checkbox: Modelers before bpmn-js-element-templates' fix of issue #192
    (December 2025) misread a condition on a Boolean `zeebe:input`, and never or always show
    what it guards."""
    optional = [i.variable for i in op.inputs if not i.required]
    return frozenset(optional) if len(optional) > OPTIONAL_SHOWN else frozenset()


def _operation(op: Operation, condition: Condition | None, options: Options,
               diagnostics: Diagnostics) -> list[Property]:
    request = op.request
    assert isinstance(request, RestRequest)
    out: list[Property] = []
    if request.servers:
        out.extend(_server(request.servers, pid=f"{op.id}.baseUrl", variable="operationBaseUrl",
                           condition=condition))
    behind = tucked(op)
    out.extend(_field(op, inp, request, condition, options)
               for inp in op.inputs if inp.variable not in behind)
    if behind:
        choice = f"{op.id}.{OPTIONAL_FIELDS}"
        out.append(prop(
            id=choice, label=f"Optional fields ({len(behind)})",
            tooltip="Optional fields are sent only when shown and filled.",
            group="parameters" if any(i.location is not Location.BODY for i in op.inputs
                                      if i.variable in behind) else "body",
            type="Dropdown", value=HIDDEN,
            choices=[{"name": "Hidden", "value": HIDDEN}, {"name": "Shown", "value": SHOWN}],
            binding=input_binding(OPTIONAL_FIELDS), condition=condition))
        shown = combine(condition, {"property": choice, "equals": SHOWN})
        out.extend(_field(op, inp, request, shown, options)
                   for inp in op.inputs if inp.variable in behind)
    return out + _request(op, request, condition, diagnostics, behind)


def _field(op: Operation, inp: Input, request: RestRequest, condition: Condition | None,
           options: Options) -> Property:
    """The visible field of one parameter or body input."""
    group = "body" if inp.location is Location.BODY else "parameters"
    json_part = _json_part(inp, request)
    field = input_property(_as_json_text(inp, request) if json_part else inp,
                           pid=f"{op.id}.{inp.variable}", group=group, options=options,
                           condition=condition,
                           label="Request body" if inp.location is Location.BODY
                           and not inp.path else "")
    if json_part:
        field["type"] = "Text"
    if inp.location is Location.BODY and inp.type in (ValueType.INTEGER, ValueType.NUMBER) \
            and not inp.enum and request.body is not None \
            and request.body.kind is BodyKind.JSON:
        # JSON numbers must stay numbers
        field = as_number_field(field, inp)
    if inp.location is Location.BODY and not inp.path and request.body is not None and (
            request.body.kind is BodyKind.TEXT
            or (inp.type is ValueType.STRING and rest_request.whole_json_body(inp, request))):
        field["type"] = "Text"  # raw XML / text / a whole string: several lines
        if inp.example is not None and field.get("value") is None:
            # the whole skeleton to copy from, shown and not sent
            shown = clipped(str(inp.example), PLACEHOLDER_LIMIT)
            field = prop(**{**field, "placeholder": shown})
    if inp.type is ValueType.FILE:
        field["tooltip"] = ((field.get("tooltip") or "") + " A document reference, e.g. "
                            "=myDocument or =myDocuments[1].").strip()
    return field


def _request(op: Operation, request: RestRequest, condition: Condition | None,
             diagnostics: Diagnostics, behind: frozenset[str]) -> list[Property]:
    """The hidden inputs the connector reads the request from, built from the fields.

    With optional fields behind the choice (`tucked`), a map that uses them is built twice,
    and the branch for "Hidden" never names them."""
    without = replace(op, inputs=tuple(i for i in op.inputs if i.variable not in behind)) \
        if behind else None

    def sent(name: str, build: Callable[[Operation, RestRequest], str]) -> Property:
        expression = build(op, request)
        if without is not None:
            fewer = build(without, request)
            if fewer != expression:
                expression = feel.if_else(feel.equals(OPTIONAL_FIELDS, feel.string(SHOWN)),
                                          expression, fewer)
        return hidden(f"{op.id}.{name}", name, feel.expression(expression), condition)

    out = [hidden(f"{op.id}.method", "method", request.method, condition),
           hidden(f"{op.id}.url", "url",
                  feel.expression(rest_request.url(op, request, diagnostics)), condition),
           sent("headers", rest_request.headers)]
    if any(i.location is Location.QUERY for i in op.inputs):
        out.append(sent("queryParameters", rest_request.query))
    if request.body is not None:
        out.append(sent("body", rest_request.body))
    return out


def _json_part(inp: Input, request: RestRequest) -> bool:
    """Is `inp` a multipart/form-data part, or a urlencoded member without a declared style,
    that holds an object?

    The connector writes every part of a multipart map as text, `String.valueOf(value)`
    (camunda/connectors http-base `ApacheRequestBodyBuilder.createMultiPartEntity`): a FEEL
    context arrives as Java's `{name=Photo.png, parent={id=1}}`, which no server reads. OpenAPI's
    default content type for an object part is application/json, so the field holds the part's
    JSON text, which the connector sends as it is (Box's file upload `attributes`). A urlencoded
    member whose encoding names no style, explode or allowReserved is encoded by that same
    default content type too (OAS 3.0.4 Encoding Object), not as `name[key]` parameters: its
    JSON text is the field's value (Twilio's TranscriptionsConfiguration, which Twilio's own
    clients send as JSON)."""
    body = request.body
    if body is None or inp.location is not Location.BODY or inp.type is not ValueType.OBJECT:
        return False
    style = request.encoding(inp.variable).style
    return (body.kind is BodyKind.MULTIPART and style != "deepObject") or (
        body.kind is BodyKind.FORM and not style)


def _as_json_text(inp: Input, request: RestRequest) -> Input:
    """The input as the text field for a JSON part: its default and example as JSON text."""
    def text(value: Any) -> Any:
        return None if value is None else json.dumps(value, ensure_ascii=False)

    multipart = request.body is not None and request.body.kind is BodyKind.MULTIPART
    note = f"Enter the {'part' if multipart else 'field'}'s JSON text."
    return replace(inp, type=ValueType.STRING, default=text(inp.default),
                   example=text(inp.example),
                   type_label=f"application/json {inp.type_label or 'object'}",
                   description=f"{sentence(inp.description)} {note}" if inp.description
                   else note)


def _timeouts() -> list[Property]:
    return [
        prop(id=name, label=label, group="timeout", type="Number", value=20, feel="static",
             constraints={"notEmpty": True, "pattern": {"value": "^\\d+$",
                                                        "message": "Must be a number"}},
             binding=input_binding(name))
        for name, label in (("connectionTimeoutInSeconds", "Connection timeout in seconds"),
                            ("readTimeoutInSeconds", "Read timeout in seconds"))
    ]
