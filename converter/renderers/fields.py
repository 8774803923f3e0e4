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

# Longest FEEL example shown as a placeholder; a longer one is clipped into the tooltip.
PLACEHOLDER_LIMIT = 2000


def choice_value(value: str) -> str:
    """The Dropdown value that gives the job the enum value `value`.

    A Dropdown's value becomes the input mapping's source, and an empty source is no value at
    all (the "(not set)" choice). An enum that lists "" (Stripe's emptyable fields, where an
    empty value clears the setting) needs a distinct choice: the FEEL string literal `=""`.
    A value that starts with `=` would be read as FEEL too, so it is written as a literal."""
    if value == "" or value.startswith("="):
        return feel.expression(feel.string(value))
    return value


def _tooltip(inp: Input, hint: str = "") -> str | None:
    """What the input is, its type, where it is sent, and how to enter it."""
    parts = [sentence(short(inp.description))] if inp.description else []
    if inp.type_label:
        parts.append(f"Type: {inp.type_label}.")
    if inp.location in (Location.PATH, Location.QUERY, Location.HEADER, Location.COOKIE):
        parts.append(f"Sent as {inp.location.value} parameter '{inp.name}'.")
    if hint:
        parts.append(hint)
    return " ".join(parts) or None


def prefill(inp: Input) -> Any:
    """The value a field starts with: the description's default, or the one value a required
    enum allows (an OpenAPI `const`, an XSD `fixed`); None when the user must enter it.

    Never an example: what a field holds is sent, so an example (a stranger's name, a page
    token from the docs) would reach the API whenever the user leaves the field alone."""
    if inp.default is not None:
        return inp.default
    if inp.required and len(inp.enum) == 1:
        return inp.enum[0]
    return None


def example_text(inp: Input) -> str | None:
    """The input's example as a user would type it into a text field, clipped, or None."""
    if inp.example is None:
        return None
    text = inp.example if isinstance(inp.example, str) else feel.literal(inp.example)
    return clipped(text, 80)


def clipped(text: str, limit: int) -> str:
    """`text`, or its first `limit` - 1 characters and an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _feel_example(inp: Input) -> str | None:
    """The example as a FEEL value, the placeholder of a FEEL field (None when too long)."""
    if inp.example is None:
        return None
    shown = feel.expression(feel.literal(inp.example))
    return shown if len(shown) <= PLACEHOLDER_LIMIT else None


def input_property(
    inp: Input, *, pid: str, group: str, options: Options, condition: Condition | None,
    label: str = "",
) -> Property:
    """A visible field for one input: Dropdown for enums, Boolean, Number, FEEL for complex.

    It starts with `prefill(inp)` only; the example is the placeholder (text fields) or part of
    the tooltip, so that it is seen, never sent."""
    constraints = {"notEmpty": True} if inp.required else None
    value = prefill(inp)
    common: dict[str, Any] = {
        "id": pid, "label": label or naming.label(inp.name) + (" list" if inp.numbered else ""),
        "group": group,
        "binding": input_binding(inp.variable), "condition": condition,
        "optional": optional_flag(options, inp.required), "constraints": constraints,
    }
    if inp.enum:
        return _dropdown(inp, value, common)
    if inp.type is ValueType.BOOLEAN and isinstance(value, str) and \
            value.lower() in ("true", "false"):
        value = value.lower() == "true"  # XSD and Postman defaults are text
    if inp.type is ValueType.BOOLEAN and inp.required and isinstance(value, bool):
        # the spec's default: a checkbox that starts where the API would
        return prop(**{**common, "optional": None, "constraints": None}, type="Boolean",
                    tooltip=_tooltip(inp), value=value, feel="static")
    if inp.type is ValueType.FILE:
        return prop(**common, type="String", tooltip=_tooltip(inp), feel="required",
                    placeholder="=document")
    if inp.type is ValueType.BOOLEAN:
        # No checkbox without a default: an unticked box would send false, a choice the
        # user never made. FEEL takes true, false or a process variable.
        return prop(**common, type="String", tooltip=_tooltip(inp, "Enter =true or =false."),
                    value=None if value is None else feel.expression(feel.literal(value)),
                    feel="required", placeholder=_feel_example(inp))
    if inp.type in (ValueType.OBJECT, ValueType.ARRAY, ValueType.ANY):
        placeholder = _feel_example(inp)
        hint = f"e.g. {example_text(inp)}" if placeholder is None and inp.example is not None \
            else ""
        return prop(**common, type="Text", tooltip=_tooltip(inp, hint),
                    value=None if value is None else feel.expression(feel.literal(value)),
                    feel="required", placeholder=placeholder)
    if isinstance(value, RuntimeText):
        return prop(**common, type="String", tooltip=_tooltip(inp),
                    value=feel.expression(feel.runtime_text(value.parts)), feel="optional")
    # Numbers are FEEL-optional Strings too: empty stays null; a typed value is converted with
    # `=` or kept as text (the REST connector sends query/path values as strings anyway).
    # An optional text whose default is "" stays empty: the API's default is what not sending
    # it means, and a prefilled "" would be sent as `name=` (not allowed without allowEmptyValue)
    shown = None if value is None or (value == "" and not inp.required) else _text(value)
    example = example_text(inp)
    return prop(**common, type="String", tooltip=_tooltip(inp), value=shown, feel="optional",
                placeholder=f"e.g. {example}" if example is not None and shown is None
                else None)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _dropdown(inp: Input, value: Any, common: dict[str, Any]) -> Property:
    """An enum's choices; "(not set)" first when the input is optional. A required enum
    without a default has no value at all: the Modeler asks for a choice (`notEmpty`) instead
    of the template picking the first one."""
    choices = [{"name": '"" (empty text)' if e == "" else e, "value": choice_value(e)}
               for e in inp.enum]
    # "(not set)" is saved as source="", which Zeebe maps to the empty text; the maps the
    # template sends drop it (feel.without_unset). Where the empty text is a value of its own,
    # "(not set)" is a real null instead.
    not_set = feel.expression(feel.NULL) if "" in inp.enum else ""
    if not inp.required:
        choices.insert(0, {"name": "(not set)", "value": not_set})
    chosen = _text(value) if value is not None and _text(value) in inp.enum else None
    if chosen == "" and not inp.required:
        chosen = None  # the API's default: not sending it is the same
    if chosen is not None:
        selected: str | None = choice_value(chosen)
    else:
        selected = None if inp.required else not_set
    return prop(**common, type="Dropdown", tooltip=_tooltip(inp), value=selected,
                choices=choices)


def as_number_field(field: Property, inp: Input) -> Property:
    """`field`, the `input_property` of the number `inp`, as a Number field (FEEL optional)
    prefilled with `prefill(inp)` when that is a number: for a connector that must send a
    number, not the text a String field holds. A Number field has no placeholder: the example
    moves to the tooltip."""
    value = prefill(inp)
    if not isinstance(value, int | float) or isinstance(value, bool):
        value = None
    tooltip = field.get("tooltip")
    if field.get("placeholder"):
        tooltip = f"{tooltip} {field['placeholder']}." if tooltip else f"{field['placeholder']}."
    return prop(**{**field, "type": "Number", "value": value, "tooltip": tooltip,
                   "placeholder": None, "feel": "optional"})
