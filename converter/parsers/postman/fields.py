"""Inputs made from collection texts: one place decides name, type, default and example."""

from __future__ import annotations

from typing import Any

from converter import naming
from converter.model import Input, Location, ValueType
from converter.parsers.postman.variables import Value

# bool before int: True is an int too
_TYPES = ((bool, ValueType.BOOLEAN), (int, ValueType.INTEGER), (float, ValueType.NUMBER),
          (str, ValueType.STRING), (dict, ValueType.OBJECT), (list, ValueType.ARRAY))


def value_type(value: Any) -> ValueType:
    """The field type for a JSON value of the collection (null: any)."""
    return next((field for python, field in _TYPES if isinstance(value, python)), ValueType.ANY)


def make(name: str, value: Value, location: Location, taken: set[str], *,
         type: ValueType = ValueType.STRING, required: bool = False, description: str = "",
         fallback: str = "value") -> Input:
    """An input called `name` on the wire whose default, example and secrecy come from `value`
    (a body input is a member of the body: its path is its name); the description and the
    value's note become its tooltip, as sentences."""
    text = " ".join(naming.sentence(t) for t in (description, value.note) if t.strip())
    return Input(name=name, variable=naming.variable(name, taken, fallback=fallback),
                 location=location, type=type, required=required, default=value.default,
                 example=value.example, secret=value.secret, description=text,
                 path=(name,) if location is Location.BODY else ())


def folder_tags(folders: list[str]) -> tuple[str, ...]:
    """The folder path first (the operation's group), then each enclosing folder's path, so that
    `--tag Books` picks everything under Books."""
    return tuple(" / ".join(folders[:n]) for n in range(len(folders), 0, -1))
