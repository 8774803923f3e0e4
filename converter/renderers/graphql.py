"""Operations from a GraphQL schema -> a template for Camunda's GraphQL connector.

Layout, in binding order (Zeebe evaluates inputs in order, so definers come before users):
operation choice, authentication, endpoint (URL, method, headers), one field per argument of each
operation, then per operation the Hidden ``graphql.query`` (the complete document, plain text, so
secrets can never end up in it) and ``graphql.variables`` (a FEEL context of the argument fields
with null values dropped), timeouts, and the shared output/error/retries tail.

The error expression is the same for every operation (`renderers.errors.graphql`): a response
with an ``errors`` array is a BPMN error, whether the connector returns it as a success (HTTP
200, before 8.10) or raises it (GRAPHQL_ERROR, from 8.10). Each operation writes one process
variable named after it (`renderers.results`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from converter import feel, naming
from converter.diagnostics import Diagnostics
from converter.model import Api, GraphQLRequest, Input, Operation, ValueType
from converter.options import Options
from converter.renderers import Bundle, errors, results
from converter.renderers.auth import http_auth_options, http_auth_properties
from converter.renderers.choice import OperationChoice, name_and_summary
from converter.renderers.fields import as_number_field, input_property
from converter.renderers.properties import (
    URL_PATTERN,
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

JOB_TYPE = "io.camunda:connector-graphql:1"

GROUPS = (
    {"id": "operation", "label": "Operation"},
    {"id": "authentication", "label": "Authentication"},
    {"id": "endpoint", "label": "HTTP endpoint"},
    {"id": "arguments", "label": "Arguments"},
    {"id": "timeout", "label": "Connection timeout"},
    *TAIL_GROUPS,
)


def render(api: Api, bundle: Bundle, *, options: Options, diagnostics: Diagnostics) -> dict[
    str, Any
]:
    """One element template for the operations of `bundle`."""
    ops = bundle.operations
    choice = OperationChoice.build(ops, label=name_and_summary)
    single = len(ops) == 1
    properties: list[Property] = [task_type(JOB_TYPE)]
    properties.extend(choice.properties())
    slug = naming.secret_name(bundle.api_name)
    properties.extend(http_auth_properties(http_auth_options(api), api_slug=slug,
                                           options=options))
    properties.extend(_endpoint(bundle.operations, options))
    conditions = {op.id: choice.condition(op) for op in ops}
    for op in ops:
        properties.extend(_arguments(op, conditions[op.id], options=options, single=single))
    for op in ops:
        properties.extend(_request(op, conditions[op.id], single=single))
    properties.extend(_timeouts(options))
    properties.extend(output_properties(
        [(results.graphql(op, bundle.variable(op)), conditions[op.id]) for op in ops],
        [(errors.graphql(options.errors), None)],
        options=options,
    ))
    return document("graphql", GROUPS, properties, api=api, options=options, name=bundle.name,
                    template_id=bundle.template_id, description=_description(api, ops),
                    keywords=["graphql", api.title, *([op.name for op in ops]
                                                      if len(ops) <= 10 else [])],
                    docs_url=api.docs_url)


# --------------------------------------------------------------------------- sections


def _endpoint(ops: Sequence[Operation], options: Options) -> list[Property]:
    # the operations' own endpoint when they agree on one (--base-url, a Postman request's URL)
    endpoints = {op.request.endpoint for op in ops if isinstance(op.request, GraphQLRequest)}
    url = endpoints.pop() if len(endpoints) == 1 else ""
    out: list[Property] = []
    if url:
        out.append(hidden("graphql.url", "graphql.url", url))
    else:
        out.append(prop(id="graphql.url", label="URL", group="endpoint", type="String",
                        feel="optional", placeholder="https://api.example.com/graphql",
                        tooltip="The GraphQL endpoint. Set it once with --base-url to hide it.",
                        constraints={"notEmpty": True, "pattern": dict(URL_PATTERN)},
                        binding=input_binding("graphql.url")))
    out.append(hidden("graphql.method", "graphql.method", "post"))
    out.append(prop(id="graphql.headers", label="Headers", group="endpoint", type="String",
                    feel="required", optional=optional_flag(options, False),
                    tooltip='Extra HTTP headers as a FEEL context, e.g. ={"X-Tenant": "acme"}.',
                    binding=input_binding("graphql.headers")))
    return out


def _arguments(op: Operation, condition: Condition | None, *, options: Options,
               single: bool) -> list[Property]:
    out = []
    for inp in op.inputs:
        pid = inp.variable if single else f"{op.id}.{inp.variable}"
        field = input_property(inp, pid=pid, group="arguments", options=options,
                               condition=condition)
        if inp.type in (ValueType.INTEGER, ValueType.NUMBER) and not inp.enum:
            # GraphQL Int and Float variables refuse strings
            field = as_number_field(field, inp)
        out.append(field)
    return out


def _request(op: Operation, condition: Condition | None, *, single: bool) -> list[Property]:
    request = op.request
    assert isinstance(request, GraphQLRequest)
    suffix = "" if single else f".{op.id}"
    return [
        hidden(f"graphql.query{suffix}", "graphql.query", request.document, condition),
        hidden(f"graphql.variables{suffix}", "graphql.variables",
               feel.expression(variables_expression(op.inputs)), condition),
    ]


def _timeouts(options: Options) -> list[Property]:
    timeouts = [("graphql.connectionTimeoutInSeconds", "Connection timeout in seconds")]
    if options.at_least("8.9"):
        timeouts.append(("graphql.readTimeoutInSeconds", "Read timeout in seconds"))
    return [prop(id=name, label=label, group="timeout", type="Number", value=20, feel="static",
                 tooltip="Use 0 for an infinite timeout.", binding=input_binding(name))
            for name, label in timeouts]


def _description(api: Api, ops: tuple[Operation, ...]) -> str:
    if len(ops) == 1:
        op = ops[0]
        kind = op.request.operation_type if isinstance(op.request, GraphQLRequest) else "query"
        text = f"GraphQL {kind} {op.name} via the Camunda GraphQL connector"
        return f"{text}: {short(op.summary, 200)}" if op.summary else text
    return (f"{len(ops)} GraphQL operations of {naming.api_name(api.title)} via the Camunda "
            "GraphQL connector")


# --------------------------------------------------------------------------- FEEL


def variables_expression(inputs: tuple[Input, ...]) -> str:
    """The `graphql.variables` context: argument name -> field value, unset values dropped.

    Numbers are Number fields, so they arrive as numbers (GraphQL's Int refuses "5"). An optional
    enum dropdown's "(not set)" choice and an emptied text field give the empty text, which no
    enum accepts and nobody meant to send: `feel.without_unset` drops it with the nulls.
    """
    return feel.without_unset([(inp.name, feel.name(inp.variable)) for inp in inputs],
                              {inp.name for inp in inputs if "" in inp.enum})
