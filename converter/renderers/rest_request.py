"""The FEEL of what the REST connector sends, built from an operation's fields: the `url`,
`headers`, `queryParameters` and `body` inputs.

Every map sent to the connector drops unset values (null, and the empty text an optional
Dropdown's "(not set)" or an emptied field gives: `feel.without_unset`), because the connector
would send them as empty parameters or literal "null" headers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from converter import feel
from converter.diagnostics import Diagnostics
from converter.model import BodyKind, Input, Location, Operation, RestRequest, ValueType

PATH_PARAMETER = re.compile(r"\{([^{}]+)\}")


def _param_value(inp: Input) -> str:
    """The FEEL value of a query/header/cookie input, as the connector should send it."""
    ref = feel.name(inp.variable)
    if inp.type is ValueType.ARRAY and not inp.enum:
        # The connector's query map holds one string per key: send arrays comma-separated.
        # (An enum on the array itself is a Dropdown: its value is one string, sent as it is.)
        return feel.if_else(feel.is_null(ref), feel.NULL, feel.joined(ref, ","))
    if inp.type is ValueType.OBJECT:
        return feel.nullable_string(ref)
    return ref


def emptyable(inputs: Sequence[Input]) -> set[str]:
    """Wire names of the inputs whose empty text is a value of their own (an enum listing "",
    chosen as `=""`): the maps keep their "" and drop only null."""
    return {i.name for i in inputs if "" in i.enum}


def url(op: Operation, request: RestRequest, diagnostics: Diagnostics) -> str:
    """The base URL and the path, with the path parameters' values in their places."""
    base = "operationBaseUrl" if request.servers else "baseUrl"
    path_inputs = {i.name: i for i in op.inputs if i.location is Location.PATH}
    parts: list[str] = [base]
    literal = ""
    path = request.path
    if "#" in path:
        # Some specs (Box, AWS) tell operations on one path apart with a fragment; clients never
        # send fragments, and an encoded `%23` would change the path.
        path = path.split("#", 1)[0]
    for index, piece in enumerate(PATH_PARAMETER.split(path)):
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
            parts.append(feel.joined(feel.name(inp.variable), ","))
        else:
            parts.append(feel.as_string(feel.name(inp.variable)))
    if literal:
        parts.append(feel.string(literal))
    return feel.concat(parts)


def query(op: Operation, request: RestRequest) -> str:
    """The `queryParameters` map: one string per parameter, objects spread or flattened as
    their style says, null values dropped."""
    inputs = [i for i in op.inputs if i.location is Location.QUERY]
    return _flat_map([(i.name, _param_value(i), i) for i in inputs], request,
                     emptyable(inputs))


def headers(op: Operation, request: RestRequest) -> str:
    """The `headers` map: Accept, Content-Type, the header parameters and a Cookie header."""
    entries: list[tuple[str, str]] = []
    if request.accept:
        entries.append(("Accept", feel.string(request.accept)))
    if request.body is not None:
        entries.append(("Content-Type", feel.string(request.body.content_type)))
    header_inputs = [i for i in op.inputs if i.location is Location.HEADER]
    entries.extend((i.name, _param_value(i)) for i in header_inputs)
    cookies = [i for i in op.inputs if i.location is Location.COOKIE]
    if cookies:
        pairs = feel.without_unset([(i.name, _param_value(i)) for i in cookies],
                                   emptyable(cookies))
        empty = feel.both(*(feel.is_null(feel.name(i.variable)) if "" in i.enum
                            else feel.grouped(feel.is_unset(feel.name(i.variable)))
                            for i in cookies))
        entries.append(("Cookie", feel.if_else(empty, feel.NULL,
                                               feel.joined_entries(pairs, "=", "; "))))
    return feel.without_unset(entries, emptyable(header_inputs))


def _body_value(inp: Input) -> str:
    """A body field's FEEL value, keeping JSON types (enum dropdowns hold strings; a string
    member entered as FEEL that gives a number or boolean is made a string)."""
    ref = feel.name(inp.variable)
    if inp.type is ValueType.STRING and not inp.enum:
        return feel.nullable_string(ref)
    if inp.enum:
        converted = feel.as_number(ref) if inp.type in (ValueType.INTEGER, ValueType.NUMBER) \
            else feel.equals(ref, feel.string("true")) if inp.type is ValueType.BOOLEAN else ref
        if not inp.required:
            # "" is "(not set)" unless the enum lists it: then its own choice (`=""`) gives ""
            unset = feel.is_null(ref) if "" in inp.enum else feel.is_unset(ref)
            return feel.if_else(unset, feel.NULL, converted)
        return converted
    return ref


def body(op: Operation, request: RestRequest) -> str:
    """The `body`: the one field that holds all of it, or a map of the body fields."""
    body = request.body
    assert body is not None
    fields = [i for i in op.inputs if i.location is Location.BODY]
    if not body.fields_inline:
        if not fields:
            return feel.NULL
        ref = feel.name(fields[0].variable)
        if whole_json_body(fields[0], request) and fields[0].type in (ValueType.STRING,
                                                                       ValueType.ANY):
            # The connector sends a string body as it is: a JSON string must be quoted here.
            # FEEL entered in the field may give a non-string, which the connector encodes.
            # A body of no declared type (`schema: {}`, shipstation's store and warehouse
            # updates) may be a string too.
            return feel.if_else(feel.is_string(ref), feel.json_string(ref), ref)
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
        return _flat_map([(i.name, _body_value(i), i) for i in fields], request,
                         emptyable(fields))
    return feel.without_unset([(i.name, _body_value(i)) for i in fields], emptyable(fields))


def whole_json_body(inp: Input, request: RestRequest) -> bool:
    """Is `inp` the whole JSON body, not a field of it?"""
    body = request.body
    return (body is not None and body.kind is BodyKind.JSON and not body.fields_inline
            and inp.location is Location.BODY and not inp.path)


def _form_body(fields: Sequence[Input], request: RestRequest) -> str:
    """A form map: scalars as they are, objects and arrays flattened into `key[sub]` entries
    (deepObject style, e.g. Stripe's `metadata[order]`), since the connector encodes each map
    entry as one `key=value` pair; arrays in `form` style are sent comma-separated."""
    return _flat_map([(i.name, _param_value(i) if i.type is ValueType.ARRAY else _body_value(i),
                       i) for i in fields], request, emptyable(fields))


def _flat_map(entries: Sequence[tuple[str, str, Input]], request: RestRequest,
              keep_empty: set[str]) -> str:
    """An unset-free string map for the connector from (key, value expression, input)
    triples."""

    def nested(i: Input) -> bool:
        return i.type in (ValueType.OBJECT, ValueType.ANY) or bool(i.numbered) or (
            i.type is ValueType.ARRAY and request.encoding(i.variable).style == "deepObject")

    scalars = [(k, e) for k, e, i in entries if not nested(i)]
    nested_entries = [(k, i) for k, _, i in entries if nested(i)]
    if not nested_entries:
        return feel.without_unset(scalars, keep_empty)
    lists = [feel.entries_of(feel.without_unset(scalars, keep_empty))] if scalars else []
    for key, i in nested_entries:
        enc = request.encoding(i.variable)
        if i.numbered:
            lists.append(feel.numbered_entries(key, i.numbered, i.variable))
        elif i.type is ValueType.OBJECT and enc.style == "form" and enc.explode and \
                i.location is Location.QUERY:
            # form + explode objects spread their members as top-level parameters
            v = feel.name(i.variable)
            lists.append(feel.if_else(feel.is_null(v), feel.EMPTY_LIST, feel.entries_of(v)))
        else:
            lists.append(feel.bracket_entries(key, i.variable, max(enc.nesting, 1)))
    return feel.merged_without_null(lists)
