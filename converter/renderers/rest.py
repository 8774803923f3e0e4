"""REST operations -> one template on Camunda's REST connector (`io.camunda:http-json:1`).

Layout (reference §4.2/§4.3): task type, operation choice, authentication, server, per-operation
parameter and body fields, then per-operation hidden `method`/`url`/`headers`/
`queryParameters`/`body` built from those fields (defined after what they use), timeouts, the
output/error/retry tail. Every map sent to the connector drops null values, because the
connector would send them as empty parameters or literal "null" headers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
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
from converter.renderers import Bundle
from converter.renderers.common import (
    TAIL_GROUPS,
    Condition,
    OperationChoice,
    Property,
    expression_properties,
    header,
    hidden,
    http_auth_options,
    http_auth_properties,
    input_binding,
    input_property,
    optional_flag,
    prop,
    result_variable_property,
    retry_properties,
    short,
    task_type,
    used_groups,
)
from converter.renderers.environment import render as render_template

JOB_TYPE = "io.camunda:http-json:1"
GROUPS = (
    {"id": "operation", "label": "Operation"},
    {"id": "authentication", "label": "Authentication"},
    {"id": "server", "label": "Server"},
    {"id": "parameters", "label": "Parameters"},
    {"id": "body", "label": "Request body"},
    {"id": "timeout", "label": "Connection timeout"},
    *TAIL_GROUPS,
)
_PATH_PARAM = re.compile(r"\{([^{}]+)\}")


def render(api: Api, bundle: Bundle, *, options: Options, diagnostics: Diagnostics
           ) -> dict[str, Any]:
    ops = bundle.operations
    slug = naming.secret_name(options.name or api.title)
    choice = OperationChoice.build(ops)
    props: list[Property] = [task_type(JOB_TYPE), *choice.properties()]
    props.extend(_auth(api, ops, choice, slug, options))
    props.extend(_server(api.servers, options))
    results: list[tuple[str, Condition | None]] = []
    errors: list[tuple[str, Condition | None]] = []
    for op in ops:
        condition = choice.condition(op)
        props.extend(_operation(op, condition, options, diagnostics))
        results.append((_result_expression(op), condition))
        errors.append((_error_expression(op), condition))
    props.extend(_timeouts())
    props.append(result_variable_property())
    props.extend(expression_properties(results, errors))
    props.extend(retry_properties(options))
    single = ops[0] if len(ops) == 1 else None
    description = (
        short(f"{single.request.method} {single.request.path}: "  # type: ignore[union-attr]
              + (single.description or single.summary or single.name))
        if single is not None else short(api.description) or f"{api.title} via the REST connector"
    )
    template = header(
        api=api, options=options, connector="rest", name=bundle.name,
        template_id=bundle.template_id, description=description,
        keywords=[api.title, *sorted({t for op in ops for t in op.tags})[:20],
                  *([single.id] if single else [])],
        docs_url=(single.docs_url if single and single.docs_url else api.docs_url),
    )
    return render_template("rest/element-template.json.jinja",
                           {"template": template, "groups": used_groups(GROUPS, props),
                            "properties": props},
                           template_dir=options.template_dir)


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


def _server(servers: Sequence[Server], options: Options, *, pid: str = "baseUrl",
            variable: str = "baseUrl", condition: Condition | None = None) -> list[Property]:
    """Fields that define `variable`, the base URL every operation's `url` starts with."""
    if len(servers) > 1:
        choices = naming.dedupe(_substituted(s) for s in servers if _substituted(s))
        labels = {(_substituted(s)): s.description or _substituted(s) for s in servers}
        if len(choices) > 1:
            return [prop(id=pid, label="Server", group="server", type="Dropdown",
                         value=choices[0], constraints={"notEmpty": True},
                         choices=[{"name": labels[c], "value": c} for c in choices],
                         binding=input_binding(variable), condition=condition)]
    server = servers[0] if servers else Server(url="")
    out: list[Property] = []
    value: str | None = server.url or None
    if server.variables:
        parts = _PATH_PARAM.split(server.url)
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
        placeholder = "https://api.example.com" + (server.url if server.url else "")
        tooltip = "The spec gives no absolute server URL: enter the API's base URL."
        value = None
    out.append(prop(id=pid, label="Base URL", tooltip=tooltip, group="server", type="String",
                    value=value, placeholder=placeholder, feel="optional",
                    constraints={"notEmpty": True}, binding=input_binding(variable),
                    condition=condition))
    return out


def _operation(op: Operation, condition: Condition | None, options: Options,
               diagnostics: Diagnostics) -> list[Property]:
    request = op.request
    assert isinstance(request, RestRequest)
    out: list[Property] = []
    if request.servers:
        out.extend(_server(request.servers, options, pid=f"{op.id}.baseUrl",
                           variable="operationBaseUrl", condition=condition))
    for inp in op.inputs:
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
            field = _number_field(field, inp, options)
        if inp.location is Location.BODY and not inp.path and request.body is not None \
                and (request.body.kind is BodyKind.TEXT or _string_json_body(inp, request)):
            field["type"] = "Text"  # raw XML / text / a whole string: several lines
            if inp.example is not None and field.get("value") is None:
                field["value"] = str(inp.example)  # a skeleton to edit, not a value to guess
                field.pop("placeholder", None)
        if inp.type is ValueType.FILE:
            field["tooltip"] = ((field.get("tooltip") or "") + " A document reference, e.g. "
                                "=myDocument or =myDocuments[1].").strip()
        out.append(field)
    out.append(hidden(f"{op.id}.method", "method", request.method, condition))
    out.append(hidden(f"{op.id}.url", "url", feel.expression(_url(op, request, diagnostics)),
                      condition))
    out.append(hidden(f"{op.id}.headers", "headers", feel.expression(_headers(op, request)),
                      condition))
    query = [i for i in op.inputs if i.location is Location.QUERY]
    if query:
        out.append(hidden(f"{op.id}.queryParameters", "queryParameters",
                          feel.expression(_flat_map([(i.name, _param_value(i), i)
                                                     for i in query], request)), condition))
    if request.body is not None:
        out.append(hidden(f"{op.id}.body", "body", feel.expression(_body(op, request)),
                          condition))
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


def _number_field(field: Property, inp: Input, options: Options) -> Property:
    """JSON numbers must stay numbers: a Number field (FEEL optional) instead of text."""
    value = inp.default if inp.default is not None else inp.example
    if not isinstance(value, int | float) or isinstance(value, bool):
        value = None
    return prop(id=field["id"], label=field["label"], tooltip=field.get("tooltip"),
                group=field["group"], type="Number", value=value,
                optional=optional_flag(options, inp.required), feel="optional",
                constraints=field.get("constraints"), binding=field["binding"],
                condition=field.get("condition"))


def _param_value(inp: Input) -> str:
    """The FEEL value of a query/header/cookie input, as the connector should send it."""
    ref = feel.name(inp.variable)
    if inp.enum and not inp.required and "" not in inp.enum:
        ref = feel.if_else(f'{ref} = ""', "null", ref)
    if inp.type is ValueType.ARRAY and not inp.enum:
        # The connector's query map holds one string per key: send arrays comma-separated.
        # (An enum on the array itself is a Dropdown: its value is one string, sent as it is.)
        return feel.if_else(f"{inp.variable} = null", "null",
                            f'string join(for x in {inp.variable} return string(x), ",")')
    if inp.type is ValueType.OBJECT:
        return feel.if_else(f"{inp.variable} = null", "null", f"string({inp.variable})")
    return ref


def _url(op: Operation, request: RestRequest, diagnostics: Diagnostics) -> str:
    base = "operationBaseUrl" if request.servers else "baseUrl"
    path_inputs = {i.name: i for i in op.inputs if i.location is Location.PATH}
    parts: list[str] = [base]
    literal = ""
    path = request.path
    if "#" in path:
        # Some specs (Box, AWS) tell operations on one path apart with a fragment; clients never
        # send fragments, and an encoded `%23` would change the path.
        path = path.split("#", 1)[0]
    for index, piece in enumerate(_PATH_PARAM.split(path)):
        if index % 2 == 0:
            literal += piece
            continue
        inp = path_inputs.get(piece)
        if inp is None:
            diagnostics.warning("rest.path-parameter-missing",
                                f"path parameter {{{piece}}} is not declared; left as text",
                                op.location)
            literal += "{" + piece + "}"
            continue
        if literal:
            parts.append(feel.string(literal))
            literal = ""
        if inp.type is ValueType.ARRAY and not inp.enum:  # simple style: comma-separated
            parts.append(f'string join(for x in {feel.name(inp.variable)} return string(x), ",")')
        else:
            parts.append(feel.as_string(feel.name(inp.variable)))
    if literal:
        parts.append(feel.string(literal))
    return feel.concat(parts)


def _headers(op: Operation, request: RestRequest) -> str:
    entries: list[tuple[str, str]] = []
    if request.accept:
        entries.append(("Accept", feel.string(request.accept)))
    if request.body is not None:
        entries.append(("Content-Type", feel.string(request.body.content_type)))
    entries.extend((i.name, _param_value(i)) for i in op.inputs if i.location is Location.HEADER)
    cookies = [i for i in op.inputs if i.location is Location.COOKIE]
    if cookies:
        pairs = feel.without_nulls([(i.name, _param_value(i)) for i in cookies])
        joined = (f"string join(for e in get entries({pairs}) "
                  'return e.key + "=" + string(e.value), "; ")')
        empty = " and ".join(f"{i.variable} = null" for i in cookies)
        entries.append(("Cookie", feel.if_else(empty, "null", joined)))
    return feel.without_nulls(entries)


def _body_value(inp: Input) -> str:
    """A body field's FEEL value, keeping JSON types (enum dropdowns hold strings; a string
    member entered as FEEL that gives a number or boolean is made a string)."""
    ref = feel.name(inp.variable)
    if inp.type is ValueType.STRING and not inp.enum:
        return feel.if_else(f"{ref} = null", "null", f"string({ref})")
    if inp.enum:
        converted = f"number({ref})" if inp.type in (ValueType.INTEGER, ValueType.NUMBER) else \
            f'{ref} = "true"' if inp.type is ValueType.BOOLEAN else ref
        if not inp.required:
            # "" is "(not set)" unless the enum lists it: then its own choice (`=""`) gives ""
            unset = f"{ref} = null" if "" in inp.enum else f'{ref} = null or {ref} = ""'
            return feel.if_else(unset, "null", converted)
        return converted
    return ref


def _body(op: Operation, request: RestRequest) -> str:
    body = request.body
    assert body is not None
    fields = [i for i in op.inputs if i.location is Location.BODY]
    if not body.fields_inline:
        if not fields:
            return "null"
        ref = feel.name(fields[0].variable)
        if _string_json_body(fields[0], request) or _any_json_body(fields[0], request):
            # The connector sends a string body as it is: a JSON string must be quoted here.
            # FEEL entered in the field may give a non-string, which the connector encodes.
            return feel.if_else(f"{ref} instance of string", feel.json_string(ref), ref)
        return ref
    if body.kind is BodyKind.FORM:
        return _form_body(fields, request)
    if body.kind is BodyKind.MULTIPART and any(
            request.encoding(i.variable).style == "deepObject"
            and i.type in (ValueType.OBJECT, ValueType.ARRAY, ValueType.ANY) for i in fields):
        # A part whose encoding says deepObject is sent as `name[key]` parts, as in a form
        # (OAS 3.0.4 applies style to multipart/form-data too; Stripe's file upload reads
        # expand[0] and file_link_data[create]): the connector writes a list or context part
        # as Java's text of it, which no server reads.
        return _flat_map([(i.name, _body_value(i), i) for i in fields], request)
    return feel.without_nulls([(i.name, _body_value(i)) for i in fields])


def _any_json_body(inp: Input, request: RestRequest) -> bool:
    """Is `inp` a whole JSON body of no declared type (`schema: {}`, shipstation's store and
    warehouse updates)? Its FEEL field may give a string, which is a JSON string too."""
    body = request.body
    return (body is not None and body.kind is BodyKind.JSON and not body.fields_inline
            and inp.location is Location.BODY and not inp.path and inp.type is ValueType.ANY)


def _string_json_body(inp: Input, request: RestRequest) -> bool:
    """Is `inp` the whole JSON body, and is that body one string?"""
    body = request.body
    return (body is not None and body.kind is BodyKind.JSON and not body.fields_inline
            and inp.location is Location.BODY and not inp.path and inp.type is ValueType.STRING)


def _form_body(fields: Sequence[Input], request: RestRequest) -> str:
    """A form map: scalars as they are, objects and arrays flattened into `key[sub]` entries
    (deepObject style, e.g. Stripe's `metadata[order]`), since the connector encodes each map
    entry as one `key=value` pair; arrays in `form` style are sent comma-separated."""
    return _flat_map([(i.name, _param_value(i) if i.type is ValueType.ARRAY else _body_value(i),
                       i) for i in fields], request)


def _flat_map(entries: Sequence[tuple[str, str, Input]], request: RestRequest) -> str:
    """A null-free string map for the connector from (key, value expression, input) triples."""

    def nested(i: Input) -> bool:
        return i.type in (ValueType.OBJECT, ValueType.ANY) or (
            i.type is ValueType.ARRAY and request.encoding(i.variable).style == "deepObject")

    scalars = [(k, e) for k, e, i in entries if not nested(i)]
    nested_entries = [(k, i) for k, _, i in entries if nested(i)]
    if not nested_entries:
        return feel.without_nulls(scalars)
    lists = [f"get entries({feel.context(scalars)})"] if scalars else []
    for key, i in nested_entries:
        enc = request.encoding(i.variable)
        if i.type is ValueType.OBJECT and enc.style == "form" and enc.explode and \
                i.location is Location.QUERY:
            # form + explode objects spread their members as top-level parameters
            v = feel.name(i.variable)
            lists.append(feel.if_else(f"{v} = null", "[]", f"get entries({v})"))
        else:
            lists.append(feel.bracket_entries(key, i.variable, max(enc.nesting, 1)))
    return f"context(concatenate({', '.join(lists)})[item.value != null])"


def _timeouts() -> list[Property]:
    return [
        prop(id=name, label=label, group="timeout", type="Number", value=20, feel="static",
             constraints={"notEmpty": True, "pattern": {"value": "^\\d+$",
                                                        "message": "Must be a number"}},
             binding=input_binding(name))
        for name, label in (("connectionTimeoutInSeconds", "Connection timeout in seconds"),
                            ("readTimeoutInSeconds", "Read timeout in seconds"))
    ]


def _result_expression(op: Operation) -> str:
    result = op.result
    if not result.has_content:
        return feel.expression(feel.context([("status", "response.status")]))
    if result.fields:
        return feel.expression(feel.context(
            (f.name, feel.path("response.body", f.path)) for f in result.fields))
    return feel.expression(feel.context([(result.name, "response.body")]))


def _error_expression(op: Operation) -> str:
    """`bpmnError` per documented 4xx/5xx status; undocumented 4xx become HTTP_<status>."""
    # A big spec's operations have a few distinct sets of error cases (28 for DigitalOcean's
    # 659 operations): the text is worked out once per set.
    return _error_text(tuple((case.code, case.name) for case in op.errors))


@lru_cache(maxsize=1024)
def _error_text(cases: tuple[tuple[str, str], ...]) -> str:
    """The error expression for the error cases' (code, name) pairs, in order."""
    details = '{status: error.code, body: error.variables.response.body}'
    branches: list[tuple[str, str]] = []
    ranges: list[tuple[str, str]] = []
    for code, name in cases:
        if code.endswith("XX"):
            ranges.append((code[0], name))
        elif code.isdigit():
            branches.append((f"error.code = {feel.string(code)}",
                             f"bpmnError({feel.string(name)}, error.message, {details})"))
    for digit, name in ranges:
        branches.append((f"starts with(error.code, {feel.string(digit)})",
                         f"bpmnError({feel.string(name)}, error.message, {details})"))
    if not any(d == "4" for d, _ in ranges):
        branches.append(('starts with(error.code, "4")',
                         f'bpmnError("HTTP_" + error.code, error.message, {details})'))
    text = "null"
    for cond, then in reversed(branches):
        text = f"if {cond} then {then}\nelse {text}"
    return feel.expression(f"if error = null or error.code = null then null\nelse {text}")
