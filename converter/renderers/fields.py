"""The visible field for one input of an operation, by the input's type."""

from __future__ import annotations

from typing import Any

from converter import feel, naming
from converter.model import Input, Location, RuntimeText, ValueType
from converter.naming import sentence
from converter.options import Options
from converter.renderers.properties import (
    Condition,
    Property,
    input_binding,
    optional_flag,
    prop,
    short,
)


def choice_value(value: str) -> str:
    """The Dropdown value that gives the job the enum value `value`.

    A Dropdown's value becomes the input mapping's source, and an empty source is no value at
    all (the "(not set)" choice). An enum that lists "" (Stripe's emptyable fields, where an
    empty value clears the setting) needs a distinct choice: the FEEL string literal `=""`.
    A value that starts with `=` would be read as FEEL too, so it is written as a literal."""
    if value == "" or value.startswith("="):
        return feel.expression(feel.string(value))
    return value


def _tooltip(inp: Input) -> str | None:
    """What the input is, its type, and where it is sent."""
    parts = [sentence(short(inp.description))] if inp.description else []
    if inp.type_label:
        parts.append(f"Type: {inp.type_label}.")
    if inp.location in (Location.PATH, Location.QUERY, Location.HEADER, Location.COOKIE):
        parts.append(f"Sent as {inp.location.value} parameter '{inp.name}'.")
    return " ".join(parts) or None


def input_property(
    inp: Input, *, pid: str, group: str, options: Options, condition: Condition | None,
    label: str = "",
) -> Property:
    """A visible field for one input: Dropdown for enums, Boolean, Number, FEEL for complex."""
    constraints = {"notEmpty": True} if inp.required else None
    common: dict[str, Any] = {
        "id": pid, "label": label or naming.label(inp.name), "tooltip": _tooltip(inp),
        "group": group,
        "binding": input_binding(inp.variable), "condition": condition,
    }
    value = inp.default if inp.default is not None else inp.example
    if inp.enum:
        choices = [{"name": '"" (empty text)' if e == "" else e, "value": choice_value(e)}
                   for e in inp.enum]
        if not inp.required:
            choices.insert(0, {"name": "(not set)", "value": ""})
        default = str(value) if value is not None and str(value) in inp.enum else None
        if default == "" and not inp.required:
            default = None  # the API's default: not sending it is the same
        if default is None and inp.required:
            default = inp.enum[0]
        if default is not None:
            default = choice_value(default)
        return prop(**common, type="Dropdown", value=default if default is not None else "",
                    optional=optional_flag(options, inp.required), constraints=constraints,
                    choices=choices)
    if inp.type is ValueType.BOOLEAN and inp.required:
        return prop(**common, type="Boolean",
                    value=bool(value) if isinstance(value, bool) else False, feel="static")
    if inp.type is ValueType.FILE:
        return prop(**common, type="String", optional=optional_flag(options, inp.required),
                    feel="required", constraints=constraints, placeholder="=document")
    if inp.type in (ValueType.OBJECT, ValueType.ARRAY, ValueType.ANY) or (
        inp.type is ValueType.BOOLEAN
    ):
        shown = feel.expression(feel.literal(value)) if value is not None else None
        return prop(**common, type="Text" if inp.type is not ValueType.BOOLEAN else "String",
                    value=shown, optional=optional_flag(options, inp.required), feel="required",
                    constraints=constraints)
    if inp.type in (ValueType.INTEGER, ValueType.NUMBER):
        # A FEEL-optional String: empty stays null; a typed value is converted with `=` or
        # kept as text (the REST connector sends query/path values as strings anyway).
        shown = None if value is None else str(value)
        return prop(**common, type="String", value=shown,
                    optional=optional_flag(options, inp.required), feel="optional",
                    constraints=constraints,
                    placeholder=None if shown else ("e.g. " + str(inp.example))
                    if inp.example is not None else None)
    if isinstance(value, RuntimeText):
        return prop(**common, type="String", value=feel.expression(feel.runtime_text(value.parts)),
                    optional=optional_flag(options, inp.required), feel="optional",
                    constraints=constraints)
    # An optional text whose default is "" stays empty: the API's default is what not sending
    # it means, and a prefilled "" would be sent as `name=` (not allowed without allowEmptyValue)
    shown = None if value is None or (value == "" and not inp.required) else str(value)
    return prop(**common, type="String", value=shown, optional=optional_flag(options, inp.required),
                feel="optional", constraints=constraints,
                placeholder=("e.g. " + str(inp.example))[:80]
                if inp.example is not None and shown is None else None)


def as_number_field(field: Property, value: Any, *, options: Options, required: bool
                    ) -> Property:
    """`field` as a Number field (FEEL optional) prefilled with `value` when it is a number: for
    a connector that must send a number, not the text a String field holds."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        value = None
    return prop(id=field["id"], label=field["label"], tooltip=field.get("tooltip"),
                group=field["group"], type="Number", value=value,
                optional=optional_flag(options, required), feel="optional",
                constraints=field.get("constraints"), binding=field["binding"],
                condition=field.get("condition"))
