"""GraphQL operations: values from the schema's variable types; judge = graphql-core.

The judge parses the query the connector sends, validates it against the original schema
(`graphql.validate`), and coerces the variables the connector sends against the operation's
variable definitions (`get_variable_values`), exactly as a GraphQL server does before executing.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    OperationDefinitionNode,
    build_schema,
    get_named_type,
    parse,
    type_from_ast,
    validate,
    value_from_ast,
)
from graphql.execution.values import get_variable_values
from graphql.pyutils import Undefined

from harness.apply import AppliedTask
from harness.connector import graphql_request
from harness.fill import NO_DEFAULT, InputRef, Variant, plan, unasked
from harness.judge_openapi import Verdict
from harness.node import NodeHelper
from harness.pipeline import GRAPHQL_TYPE, Evaluated, Outcome, run_variants

PAGE_SIZE = 10  # the converter's documented prefill of a connection's `first`
_SCALARS: dict[str, Any] = {"Int": 1, "Float": 1.5, "String": "text-value", "Boolean": True,
                            "ID": "id-value"}


@functools.lru_cache(maxsize=4)
def load_schema(path: str) -> GraphQLSchema:
    text = Path(path).read_text(encoding="utf-8")
    if text.lstrip().startswith("{"):
        import json

        from graphql import build_client_schema

        data = json.loads(text)
        return build_client_schema(data.get("data", data))
    return build_schema(text)


def value_for_type(t: Any, *, optional: bool, depth: int = 0) -> Any:
    if isinstance(t, GraphQLNonNull):
        return value_for_type(t.of_type, optional=optional, depth=depth)
    if isinstance(t, GraphQLList):
        return [value_for_type(t.of_type, optional=optional, depth=depth + 1)]
    if isinstance(t, GraphQLEnumType):
        return next(iter(t.values))
    if isinstance(t, GraphQLInputObjectType):
        out = {}
        for name, f in t.fields.items():
            # graphql-core marks "no default" with Undefined (a default of null is None)
            required = isinstance(f.type, GraphQLNonNull) and f.default_value is Undefined
            if required or (optional and depth < 1):
                out[name] = value_for_type(f.type, optional=optional, depth=depth + 1)
        return out
    if isinstance(t, GraphQLScalarType):
        return _SCALARS.get(t.name, "value")
    return "value"


def _operation(document: str) -> OperationDefinitionNode:
    doc = parse(document)
    for d in doc.definitions:
        if isinstance(d, OperationDefinitionNode):
            return d
    raise ValueError("no operation in the document")


def check_operation(spec_path: str | Path, template: dict[str, Any], op: Any, *,
                    spec_name: str = "", helper: NodeHelper | None = None) -> list[Outcome]:
    schema = load_schema(str(Path(spec_path).resolve()))
    definition = _operation(op.request.document)
    var_types = {v.variable.name.value: type_from_ast(schema, v.type)  # type: ignore[arg-type]
                 for v in definition.variable_definitions or ()}
    refs = tuple(InputRef(variable=i.variable, location=i.location.value, name=i.name,
                          required=i.required, path=tuple(i.path)) for i in op.inputs)

    def value_for(ref: InputRef, optional: bool) -> Any:
        t = var_types.get(ref.name)
        if t is None:
            raise ValueError(f"no variable ${ref.name} in the document")
        value = value_for_type(t, optional=optional)
        for key in ref.path:  # an input entered per member of an input object
            value = value[key] if isinstance(value, dict) and key in value else value
        return value

    expected: dict[str, list[tuple[str, Any]]] = {}

    def judge(task: AppliedTask, ev: Evaluated, variant: Variant) -> Verdict:
        verdict = Verdict(accepted=True)
        if task.task_type != GRAPHQL_TYPE:
            verdict.reject("template.task-type", f"task type {task.task_type!r}")
            return verdict
        call = graphql_request(ev.variables)
        verdict.request = call.http  # type: ignore[attr-defined]
        for name in call.http.null_headers:
            verdict.reject("header.null-sent", f"header {name!r} sent with no value")
        try:
            document = parse(call.query)
        except Exception as exc:
            verdict.reject("graphql.syntax", str(exc)[:300])
            return verdict
        errors = validate(schema, document)
        for err in errors[:3]:
            verdict.reject("graphql.invalid", err.message[:300])
        if errors:
            return verdict
        ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        coerced = get_variable_values(schema, ops[0].variable_definitions or (),
                                      call.variables)
        if isinstance(coerced, list):
            for err in coerced[:3]:
                verdict.reject("graphql.variables", err.message[:300])
            return verdict
        for problem in unasked(variant, lambda ref: ref.name in call.variables):
            verdict.reject("value.unasked", problem)
        for ref in refs:
            entered = [v for k, v in expected.get(variant.name, []) if k == ref.variable]
            if not entered:
                continue
            got: Any = call.variables
            for key in (ref.name, *ref.path):
                got = got.get(key) if isinstance(got, dict) else None
            if got is None:
                verdict.reject("value.lost", f"variable ${ref.name}: entered {entered[0]!r} "
                                             f"but the request does not carry it")
        return verdict

    defaults = {"graphql.url": "https://api.example.com/graphql",
                "authentication.name": "X-API-Key",
                "authentication.oauthTokenEndpoint": "https://auth.example.com/oauth/token"}
    root = schema.mutation_type if op.request.operation_type == "mutation" else \
        schema.query_type
    field = root.fields.get(op.name) if root is not None else None

    def default_for(ref: InputRef) -> Any:
        arg = field.args.get(ref.name) if field is not None else None
        value = Undefined if arg is None else arg.default_value
        given = getattr(arg, "default", None)  # graphql-core 3.3 keeps SDL defaults here
        if given is not None and getattr(given, "literal", None) is not None:
            value = value_from_ast(given.literal, arg.type)
        elif given is not None and getattr(given, "value", Undefined) is not Undefined:
            value = given.value
        if value is Undefined:
            # the documented exception: a connection's page size (many APIs refuse none)
            return PAGE_SIZE if ref.name == "first" else NO_DEFAULT
        named = get_named_type(arg.type)
        if isinstance(named, GraphQLEnumType):  # graphql-core keeps the internal value
            return next((n for n, v in named.values.items() if v.value == value), value)
        return value

    planned = plan(template, op.id, refs, value_for, defaults=defaults,
                   default_for=default_for)
    for variant in planned:
        expected[variant.name] = [
            (p["binding"]["name"], variant.values[p["id"]])
            for p in template.get("properties", [])
            if p.get("id") in variant.values and variant.values[p["id"]] not in (None, "")]
    out = run_variants(template, planned, judge, spec=spec_name or Path(spec_path).name,
                       operation=op.id, helper=helper)
    for outcome in out:
        outcome.request = getattr(outcome.verdict, "request", None)
    return out
