"""Root fields -> complete operation documents and their argument inputs.

Each Query or Mutation field becomes ``query|mutation name($arg: Type!, ...) { name(arg: $arg)
{ ...selection } }``: every argument is a variable (so no value, and no secret, is ever pasted
into the query text), and the selection is built by `selection.Selector` to the requested depth.
A document longer than `MAX_DOCUMENT` characters is rebuilt without nested connections, then
one level shallower, until it fits. Arguments that need a file upload (multipart requests, which
the connector does not make) are left out, or skip the operation when required.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
)

from converter import naming
from converter.diagnostics import Diagnostics
from converter.model import (
    GraphQLRequest,
    Input,
    Location,
    Operation,
    Result,
    ValueType,
)
from converter.parsers.graphql import examples
from converter.parsers.graphql.selection import Selector, is_connection

MAX_DOCUMENT = 12_000  # characters; GitHub's `repositoryOwner` at depth 2 would be 34 KB
CONNECTION_PAGE_SIZE = 10  # prefilled `first` of a root connection field
PAGE_SIZE_NOTE = (f"Prefilled with {CONNECTION_PAGE_SIZE}, not by the schema: many APIs refuse "
                  "a connection without a page size.")

_SCALARS = {"Int": ValueType.INTEGER, "Float": ValueType.NUMBER, "Boolean": ValueType.BOOLEAN,
            "String": ValueType.STRING, "ID": ValueType.STRING}
_ANY_SCALARS = frozenset({"JSON", "JSONObject", "GenericScalar", "Object", "Map", "Any"})


def build(
    *, kind: str, root: GraphQLObjectType, selectors: tuple[Selector, Selector], depth: int,
    taken_ids: set[str], diagnostics: Diagnostics,
) -> list[Operation]:
    """One Operation per field of a root type (`kind` is ``query`` or ``mutation``).

    `selectors` is (full, lean): the lean one leaves nested connections out and is tried before
    giving up a level of depth.
    """
    out = []
    for name, field in root.fields.items():
        location = f"{root.name}.{name}"
        uploads = [n for n, a in field.args.items() if _is_upload(a.type)]
        if any(examples.is_required(field.args[n]) for n in uploads):
            diagnostics.warning(
                "graphql.upload-unsupported",
                f"argument(s) {', '.join(uploads)} take a file upload (multipart request), which "
                "the GraphQL connector cannot send; operation skipped",
                location,
            )
            continue
        if uploads:
            diagnostics.info("graphql.upload-unsupported",
                             f"optional file upload argument(s) {', '.join(uploads)} left out",
                             location)
        document, trimmed = _document(kind, name, field, selectors, depth)
        if trimmed:
            diagnostics.info("graphql.selection-trimmed",
                             f"{trimmed} to stay under {MAX_DOCUMENT} characters", location)
        op_id = naming.unique(naming.identifier(name), taken_ids)
        description = (field.description or "").strip()
        out.append(Operation(
            id=op_id,
            name=name,
            request=GraphQLRequest(endpoint="", operation_type=kind, document=document),
            summary=_first_sentence(description),
            description=description,
            tags=(kind.capitalize(),),
            inputs=_inputs(field),
            result=Result(root=("data", name)),
            deprecated=field.deprecation_reason is not None,
            location=location,
            spec_name=name,
        ))
    return out


def _document(kind: str, name: str, field: GraphQLField, selectors: tuple[Selector, Selector],
              depth: int) -> tuple[str, str]:
    """The document, and how it was trimmed to fit `MAX_DOCUMENT` ('' when it was not)."""
    args = [(n, a) for n, a in field.args.items() if _wanted(a)]
    head = f"{kind} {name}"
    if args:
        head += "(" + ", ".join(f"${n}: {a.type}" for n, a in args) + ")"
    call = name + ("(" + ", ".join(f"{n}: ${n}" for n, _ in args) + ")" if args else "")
    named = get_named_type(field.type)
    level = max(depth, 1)
    attempts = [(d, s) for d in range(level, 0, -1) for s in selectors]
    for used, (d, selector) in enumerate(attempts):
        selection = selector.selection(named, d)
        text = f"{head} {{ {call}{' ' + selection if selection else ''} }}"
        if len(text) <= MAX_DOCUMENT:
            if used == 0:
                return text, ""
            return text, ("nested connections left out" if d == level
                          else f"selection limited to depth {d}")
    selection = selectors[1].selection(named, 1, fragments=False)
    return f"{head} {{ {call} {selection} }}", "selection limited to depth 1 without fragments"


def _wanted(arg: GraphQLArgument) -> bool:
    """Deprecated arguments are left out (they are optional by definition), and so are optional
    file uploads, which need a multipart request the connector does not make."""
    return arg.deprecation_reason is None and not _is_upload(arg.type)


def _is_upload(type_: GraphQLInputType, seen: set[str] | None = None) -> bool:
    """A value that must contain a file: the `Upload` scalar of the GraphQL multipart request
    spec (Apollo, Saleor, Nautical), directly or in a required field of an input object."""
    seen = set() if seen is None else seen
    named = get_named_type(type_)
    if named.name == "Upload":
        return True
    if not isinstance(named, GraphQLInputObjectType) or named.name in seen:
        return False
    seen.add(named.name)
    return any(_is_upload(f.type, seen) for f in named.fields.values()
               if examples.is_required(f))


def _inputs(field: GraphQLField) -> tuple[Input, ...]:
    taken: set[str] = set()
    named = get_named_type(field.type)
    connection = isinstance(named, GraphQLObjectType) and is_connection(named)
    return tuple(_input(name, arg, taken, connection=connection)
                 for name, arg in field.args.items() if _wanted(arg))


def _input(name: str, arg: GraphQLArgument, taken: set[str], *, connection: bool) -> Input:
    required = examples.is_required(arg)
    inner: GraphQLInputType = arg.type.of_type if isinstance(arg.type, GraphQLNonNull) \
        else arg.type
    named = get_named_type(arg.type)
    default = _default(arg)
    description = (arg.description or "").strip()
    value_type, enum, example = ValueType.STRING, (), None
    if isinstance(inner, GraphQLList):
        value_type, example = ValueType.ARRAY, examples.example(arg.type)
    elif isinstance(named, GraphQLInputObjectType):
        value_type, example = ValueType.OBJECT, examples.example(arg.type)
    elif isinstance(named, GraphQLEnumType):
        enum = tuple(n for n, v in named.values.items() if v.deprecation_reason is None)
    elif isinstance(named, GraphQLScalarType):
        value_type = _SCALARS.get(named.name, ValueType.ANY if named.name in _ANY_SCALARS
                                  else ValueType.STRING)
        if connection and name == "first" and value_type is ValueType.INTEGER and default is None:
            # The one value no description gives that a template prefills: GitHub and Shopify
            # refuse a connection without a page size. The field says so.
            default = CONNECTION_PAGE_SIZE
            description = " ".join(p for p in (description, PAGE_SIZE_NOTE) if p)
    return Input(
        name=name,
        variable=naming.variable(name, taken),
        location=Location.VARIABLE,
        type=value_type,
        required=required,
        enum=enum,
        default=default,
        example=example,
        description=description,
        type_label=str(arg.type),
    )


def _default(arg: GraphQLArgument) -> Any:
    """The argument's default as a JSON-like value (None when it has none)."""
    has, value = examples.default_of(arg)
    if not has or value is None:
        return None
    named = get_named_type(arg.type)
    if isinstance(named, GraphQLEnumType) and not isinstance(value, str):
        # graphql-core 3.2 keeps internal enum values; the dropdown needs the name.
        return next((name for name, v in named.values.items() if v.value == value), None)
    return value if isinstance(value, str | int | float | bool | list | dict) else None


def _first_sentence(text: str, limit: int = 120) -> str:
    first = text.split("\n\n", 1)[0].replace("\n", " ").strip()
    end = first.find(". ")
    if 0 < end < limit:
        first = first[: end + 1]
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"
