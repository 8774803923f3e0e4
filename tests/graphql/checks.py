"""Checks of generated GraphQL operations against the schema they came from, with graphql-core.

`check(path)` converts a schema with `--split operation`, then for every operation: the document
parses and passes graphql-core's `validate` against the schema, and example variables (the
prefilled examples for object and list arguments, an example of the right type for the rest)
coerce against the document's variable definitions. Templates pass `converter.validate`; the
official Node validator is run by the caller over the written files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import GraphQLSchema, OperationDefinitionNode, parse, validate
from graphql.execution.values import get_variable_values

from converter import core, sources
from converter.diagnostics import Diagnostics, Severity
from converter.model import GraphQLRequest, Operation
from converter.options import Options, Split
from converter.output import dumps
from converter.parsers.graphql import examples
from converter.parsers.graphql import schema as schema_loader


@dataclass
class Counts:
    """What one schema produced, for the closing report."""

    name: str
    fields: int = 0  # Query + Mutation fields in the schema
    templates: int = 0
    schema_valid: int = 0  # templates with no converter.validate error
    documents_valid: int = 0  # documents that parse and validate against the schema
    variables_coerce: int = 0  # operations whose example variables coerce
    max_document: int = 0
    problems: list[str] = field(default_factory=list)
    result: core.ConversionResult | None = None

    def line(self) -> str:
        return (f"{self.name}: {self.templates}/{self.fields} Query+Mutation fields -> "
                f"templates; converter.validate {self.schema_valid}/{self.templates}; "
                f"graphql validate {self.documents_valid}/{self.templates}; "
                f"variables coerce {self.variables_coerce}/{self.templates}; "
                f"largest document {self.max_document} chars")


def load_schema(path: Path) -> GraphQLSchema:
    return schema_loader.load(sources.read(path, format="graphql"), Diagnostics()).schema


def check(path: Path, *, out_dir: Path | None = None, options: Options | None = None) -> Counts:
    """Convert `path` one template per operation and check everything; write templates to
    `out_dir` when given (for the Node validator)."""
    opts = options or Options(split=Split.OPERATION, base_url="https://api.example.com/graphql")
    gql = load_schema(path)
    counts = Counts(name=path.name)
    counts.fields = sum(len(t.fields) for t in (gql.query_type, gql.mutation_type) if t)
    result = core.convert(path, options=opts)
    counts.result = result
    counts.templates = len(result.templates)
    bad = {d.location for d in result.diagnostics if d.severity is Severity.ERROR
           and d.code.startswith("template.")}
    counts.schema_valid = sum(1 for t in result.templates if t["id"] not in bad)
    counts.problems.extend(str(d) for d in result.diagnostics if d.severity is Severity.ERROR)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        for stem, template in zip(result.stems, result.templates, strict=True):
            (out_dir / f"{stem}.json").write_text(dumps(template), encoding="utf-8")
    for op in result.api.operations:
        doc_ok, vars_ok, problem = check_operation(gql, op)
        counts.documents_valid += doc_ok
        counts.variables_coerce += vars_ok
        assert isinstance(op.request, GraphQLRequest)
        counts.max_document = max(counts.max_document, len(op.request.document))
        if problem:
            counts.problems.append(f"{op.location}: {problem}")
    return counts


def check_operation(gql: GraphQLSchema, op: Operation) -> tuple[bool, bool, str]:
    """(document valid, example variables coerce, first problem)."""
    assert isinstance(op.request, GraphQLRequest)
    try:
        document = parse(op.request.document)
    except Exception as exc:
        return False, False, f"does not parse: {exc}"
    errors = validate(gql, document)
    if errors:
        return False, False, f"invalid: {errors[0].message}"
    definition = document.definitions[0]
    assert isinstance(definition, OperationDefinitionNode)
    values = example_variables(gql, op)
    coerced = get_variable_values(gql, definition.variable_definitions or (), values)
    if isinstance(coerced, list):
        return True, False, f"variables {json.dumps(values)[:200]}: {coerced[0].message}"
    return True, True, ""


def example_variables(gql: GraphQLSchema, op: Operation) -> dict[str, Any]:
    """What a user who keeps the prefilled examples sends: each argument's example value.

    Object and list arguments use the Input's own example (the value the template shows), so a
    wrong prefill fails the coercion; scalars and enums get an example of their type.
    """
    root = gql.mutation_type if op.tags == ("Mutation",) else gql.query_type
    assert root is not None
    field_ = root.fields[op.result.root[-1]]
    values: dict[str, Any] = {}
    for inp in op.inputs:
        arg = field_.args[inp.name]
        if inp.example is not None:
            values[inp.name] = inp.example
        elif inp.enum:
            values[inp.name] = inp.default if inp.default is not None else inp.enum[0]
        else:
            values[inp.name] = examples.example(arg.type)
    return values


def required_entries(template: dict[str, Any], op: Operation, gql: GraphQLSchema) -> dict[
    str, Any
]:
    """What a user types into the required argument fields the template leaves empty."""
    from converter import feel
    from converter.renderers.reserved import clear

    op = clear(op)  # the names the template binds
    root = gql.mutation_type if op.tags == ("Mutation",) else gql.query_type
    assert root is not None
    args = root.fields[op.result.root[-1]].args
    by_variable = {i.variable: i for i in op.inputs}
    values: dict[str, Any] = {}
    for prop in template["properties"]:
        binding = prop.get("binding", {})
        inp = by_variable.get(binding.get("name", ""))
        if inp is None or prop.get("group") != "arguments" or not inp.required \
                or prop.get("value") not in (None, ""):
            continue
        value = examples.example(args[inp.name].type)
        if prop["type"] == "Number" or isinstance(value, str):
            values[prop["id"]] = value
        else:
            values[prop["id"]] = feel.expression(feel.literal(value))
    return values


def coerce_sent_variables(gql: GraphQLSchema, op: Operation, sent: Any) -> str:
    """'' when the variables the connector would send coerce to the document's definitions."""
    assert isinstance(op.request, GraphQLRequest)
    definition = parse(op.request.document).definitions[0]
    assert isinstance(definition, OperationDefinitionNode)
    if not isinstance(sent, dict):
        return f"graphql.variables is {sent!r}, not a context"
    coerced = get_variable_values(gql, definition.variable_definitions or (), sent)
    if isinstance(coerced, list):
        return f"sent {json.dumps(sent)[:200]}: {coerced[0].message}"
    return ""
