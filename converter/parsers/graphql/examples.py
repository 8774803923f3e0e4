"""Example values for GraphQL input types, used to prefill object and list arguments.

An example must coerce against the argument's type (the tests check this with graphql-core), so
it holds every required field, recursively. Optional fields are left out (they would be sent as
made-up data if the user forgets to edit them), except that an input object with no required
field shows a few of its optional leaves so the user sees its shape. Recursive input types
(``ProductWhereInput { AND: [ProductWhereInput!] }``) are cut where a type repeats on the path.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    is_leaf_type,
    value_from_ast_untyped,
)
from graphql.pyutils import Undefined

MAX_DEPTH = 4  # input-object nesting shown in an example
OPTIONAL_SHOWN = 3  # optional leaves shown for an input object without required fields

# Well-known custom scalars and a value of the right shape; anything else gets a string.
_SCALAR_EXAMPLES: dict[str, Any] = {
    "Int": 1, "Float": 1.5, "Boolean": False, "ID": "1", "String": "text",
    "DateTime": "2024-01-01T00:00:00Z", "Date": "2024-01-01", "Time": "12:00:00",
    "URI": "https://example.com", "URL": "https://example.com", "Url": "https://example.com",
    "HTML": "<p>text</p>", "Decimal": "1.00", "PositiveDecimal": "1.00", "Money": "1.00",
    "UUID": "00000000-0000-0000-0000-000000000000", "Email": "user@example.com",
    "JSON": {}, "JSONObject": {}, "JSONString": "{}", "GenericScalar": {},
    "BigInt": "1", "Long": 1, "Upload": None,
}  # fmt: skip


def default_of(holder: GraphQLArgument | GraphQLInputField) -> tuple[bool, Any]:
    """(has a default, the default as a JSON-like value) of an argument or input field.

    graphql-core 3.3 keeps defaults in `.default` (a value or a literal) and leaves the older
    `.default_value` Undefined; 3.2 only has `.default_value`. Both are read.
    """
    default = getattr(holder, "default", None)
    if default is not None:
        if getattr(default, "literal", None) is not None:
            return True, value_from_ast_untyped(default.literal)
        if getattr(default, "value", Undefined) is not Undefined:
            return True, default.value
    if holder.default_value is not Undefined:
        return True, holder.default_value
    return False, None


def is_required(holder: GraphQLArgument | GraphQLInputField) -> bool:
    """Non-null without a default: the caller must send it."""
    return isinstance(holder.type, GraphQLNonNull) and not default_of(holder)[0]


def example(type_: GraphQLInputType) -> Any:
    """A value that coerces to `type_` (None only for scalars that cannot be written)."""
    return _plain(_value(type_, path=(), depth=0))


def _value(type_: GraphQLInputType, *, path: tuple[str, ...], depth: int) -> Any:
    if isinstance(type_, GraphQLNonNull):
        return _value(type_.of_type, path=path, depth=depth)
    if isinstance(type_, GraphQLList):
        item = _value(type_.of_type, path=path, depth=depth)
        # Recursion through a list ends in an empty list: `[{}]` would lack the cut type's
        # required fields (input N { x: [N]! }, or N -> [M] -> N! ...).
        return [] if item is None or _has_cut(item) else [item]
    if isinstance(type_, GraphQLEnumType):
        values = [n for n, v in type_.values.items() if not v.deprecation_reason] or list(
            type_.values)
        return values[0] if values else None
    if isinstance(type_, GraphQLScalarType):
        return _SCALAR_EXAMPLES.get(type_.name, "text")
    if isinstance(type_, GraphQLInputObjectType):
        return _object(type_, path=path, depth=depth)
    return None


def _object(type_: GraphQLInputObjectType, *, path: tuple[str, ...], depth: int) -> Any:
    if type_.name in path:
        return _Cut()
    if depth >= MAX_DEPTH:
        return {}
    inner = (*path, type_.name)
    out: dict[str, Any] = {}
    required = [(n, f) for n, f in type_.fields.items() if is_required(f)]
    for name, field in required:
        out[name] = _value(field.type, path=inner, depth=depth + 1)
    if not required and not getattr(type_, "is_one_of", False):
        shown = 0
        for name, field in type_.fields.items():
            if shown >= OPTIONAL_SHOWN:
                break
            if field.deprecation_reason or not is_leaf_type(_named(field.type)):
                continue
            has_default, value = default_of(field)
            if not has_default:
                value = _value(field.type, path=inner, depth=depth + 1)
            if value is not None:
                out[name] = value
                shown += 1
    elif getattr(type_, "is_one_of", False) and not out:
        # @oneOf input: exactly one field must be set.
        for name, field in type_.fields.items():
            value = _value(field.type, path=inner, depth=depth + 1)
            if value not in (None, {}, []):
                out[name] = value
                break
    return out


class _Cut(dict[str, Any]):
    """`{}` standing where recursion was cut; lists holding one become `[]` instead."""


def _has_cut(value: Any) -> bool:
    if isinstance(value, _Cut):
        return True
    if isinstance(value, dict):
        return any(_has_cut(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_cut(v) for v in value)
    return False


def _plain(value: Any) -> Any:
    """The example without `_Cut` markers (a cut that is not inside a list stays `{}`)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _named(type_: GraphQLInputType) -> Any:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_

