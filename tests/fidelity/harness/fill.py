"""Step 2: fill every visible input of a template with a value that is valid for the spec.

Two variants per operation: `full` (every visible input filled, optional ones too) and `minimal`
(required inputs only; every optional input left as the template has it, which is empty or the
description's default: issue 17). In `minimal` the variant lists the optional inputs the
template leaves empty (`untouched`); the request must not carry any of them (`unasked`), so it
holds only what is required plus defaults. Required inputs start empty, so the harness fills
them in both variants (from the spec's examples and schema). Values are
typed the way a user types them: text into String fields (it stays text: Zeebe wraps a static
input mapping in a FEEL string literal, so `007` arrives as "007"), `=<FEEL>` into FEEL-required
fields, a choice in Dropdowns, true/false in Booleans. Every entered value is checked against the
property's constraints as the Modeler checks it (`modeler_refusal`); a refused value is recorded
on the variant, and the run rejects it, since the Modeler would not let the user enter it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from converter import feel as converter_feel
from converter.model import RuntimeText
from converter.renderers.reserved import OPTIONAL_FIELDS
from converter.renderers.rest import SHOWN
from harness.judge_openapi import Expected
from harness.values import NoWireForm


@dataclass(frozen=True, slots=True)
class InputRef:
    """Where a template's local variable goes in the request (from the model or a fixture)."""

    variable: str
    location: str  # path | query | header | cookie | body | variable | part
    name: str
    required: bool = False
    path: tuple[str, ...] = ()
    enum: tuple[str, ...] = ()
    type: str = "string"
    numbered: tuple[tuple[str, str], ...] = ()  # a numbered family's (suffix, key) pairs


@dataclass
class Variant:
    name: str
    values: dict[str, Any] = field(default_factory=dict)  # property id -> typed value
    expected: list[Expected] = field(default_factory=list)
    unfilled: list[str] = field(default_factory=list)  # required fields the harness can't fill
    refused: list[str] = field(default_factory=list)  # entries the Modeler's constraints refuse
    # optional inputs left alone that the template does not prefill: not to be sent
    untouched: list[InputRef] = field(default_factory=list)
    # optional inputs left alone that the template prefills, with the spec's own default
    # (NO_DEFAULT when it gives none): what Zeebe makes of the prefill must be that default
    kept: list[tuple[InputRef, Any]] = field(default_factory=list)


NO_DEFAULT: Any = object()  # the spec gives an input no default
DefaultFor = Callable[[InputRef], Any]


def same_value(got: Any, want: Any) -> bool:
    """Is the value a mapping gave (`got`) the spec's `want`? Scalars by their text (a String
    field holds "20" for a default 20), objects and lists by value (or their JSON text)."""
    if isinstance(got, str) and isinstance(want, dict | list):
        try:
            got = json.loads(got)
        except ValueError:
            return False
    if isinstance(got, dict | list) or isinstance(want, dict | list):
        return json.dumps(got, sort_keys=True) == json.dumps(want, sort_keys=True)
    return got is not None and _scalar_text(got) == _scalar_text(want)


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def invented(variant: Variant, variables: dict[str, Any]) -> list[str]:
    """The kept inputs whose prefilled value (as the input mapping gave it) is not the spec's
    default: a value the user never typed and the description does not supply."""
    out = []
    for ref, default in variant.kept:
        got = variables.get(ref.variable)
        if got is None or got == "":
            continue  # nothing sent
        if default is NO_DEFAULT or not same_value(got, default):
            want = "no default" if default is NO_DEFAULT else f"the default {default!r}"
            out.append(f"optional {ref.location} input {ref.name!r} is prefilled with "
                       f"{str(got)[:80]!r}; the spec gives {want}")
    return out


def prefilled(prop: dict[str, Any]) -> bool:
    """Does the template give the field a value when the user leaves it alone? A Dropdown on
    "(not set)" (an empty source, or `=null`) and an empty text give none."""
    return prop.get("value") not in (None, "", "=null")


def unasked(variant: Variant, carried: Callable[[InputRef], bool]) -> list[str]:
    """The untouched optional inputs that the request carries all the same (`carried(ref)`:
    does the request hold this input?)."""
    return [f"optional {ref.location} input {ref.name!r} was left empty but is sent"
            for ref in variant.untouched if carried(ref)]


def feel_literal(value: Any) -> str:
    """A FEEL literal for a JSON value (independent of the converter's own builder)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "null" if math.isnan(value) or math.isinf(value) else repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))}: {feel_literal(v)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(feel_literal(v) for v in value) + "]"
    return json.dumps(str(value))


def typed(prop: dict[str, Any], value: Any) -> tuple[Any, Any]:
    """(what the user enters in `prop`, the value the connector then sees)."""
    if isinstance(value, RuntimeText):  # a value worked out at run time: the template's FEEL
        value = converter_feel.expression(converter_feel.runtime_text(value.parts))
    ptype = prop.get("type")
    feel = prop.get("feel")
    if ptype == "Dropdown":
        # what each choice gives the job: static text as it is, an empty source nothing, and a
        # FEEL string literal (`=""`, an enum that lists the empty text) the text it holds
        gives = {c.get("value"): _choice_gives(c.get("value")) for c in prop.get("choices", [])}
        text = value if isinstance(value, str) else json.dumps(value)
        if isinstance(value, bool):
            text = "true" if value else "false"
        for wanted in (text, str(value)):
            for choice, given in gives.items():
                if given is not None and given == wanted:
                    return choice, given
        real = [(c, g) for c, g in gives.items() if g is not None]
        return real[0] if real else ("", None)
    if ptype == "Boolean":
        flag = value if isinstance(value, bool) else str(value).lower() == "true"
        return flag, flag
    if ptype == "Number":
        return value, value
    if feel == "required":
        return "=" + feel_literal(value), value
    # String / Text, feel optional or none: typed as text, which reaches the job as that text
    if isinstance(value, str):
        if value == "":
            # an empty field is no value at all: the empty text is entered as FEEL where the
            # field takes FEEL, and cannot be entered where it does not
            return ('=""', "") if feel else ("", None)
        if value.startswith("="):
            return "=" + feel_literal(value), value
        return value, value
    if isinstance(value, bool):
        return ("=" + feel_literal(value), value) if feel else (str(value).lower(),
                                                                 str(value).lower())
    if isinstance(value, int | float):
        return str(value), str(value)
    # an object or list in a text field (objects otherwise get FEEL-required fields): the field
    # holds the value's JSON text (a multipart part sent as JSON), typed as that text
    return json.dumps(value), json.dumps(value)


def _choice_gives(choice: Any) -> str | None:
    """The value a Dropdown choice puts in its input: None for an empty source, the text of a
    FEEL string literal (`="..."`, JSON-compatible escapes), else the static text itself."""
    if choice in ("", None, "=null"):
        return None
    text = str(choice)
    if text.startswith('="'):
        try:
            decoded = json.loads(text[1:])
        except ValueError:
            return text
        return decoded if isinstance(decoded, str) else text
    return text


PatternMatch = Callable[[str, str], bool]


def modeler_refusal(prop: dict[str, Any], entered: Any, matches: PatternMatch) -> str | None:
    """The Modeler's message refusing `entered` in `prop`, or None when it is accepted.

    bpmn-js-element-templates' `validateProperty`: `notEmpty` first (FEEL too), then FEEL values
    (`=...` in a FEEL property) pass; `maxLength`/`minLength` count UTF-16 code units (JS
    `length`); `pattern` (a string or `{value, message}`) is `new RegExp(pattern).test(value)`,
    which `matches(pattern, text)` evaluates (in node, see fidelity-server `patterns`).
    """
    if prop.get("type") not in ("String", "Text", "Number") or entered is None:
        return None
    constraints = prop.get("constraints") or {}
    label = prop.get("label") or prop.get("id")
    text = entered if isinstance(entered, str) else json.dumps(entered)
    if constraints.get("notEmpty") and not text.strip():
        return f"{label} must not be empty."
    if prop.get("feel") and text.strip().startswith("="):
        return None
    length = len(text.encode("utf-16-le")) // 2
    if constraints.get("maxLength") and length > constraints["maxLength"]:
        return f"{label} must have max length {constraints['maxLength']}."
    if constraints.get("minLength") and length < constraints["minLength"]:
        return f"{label} must have min length {constraints['minLength']}."
    pattern = constraints.get("pattern")
    if pattern:
        message = None
        if isinstance(pattern, dict):
            message, pattern = pattern.get("message"), pattern.get("value", "")
        if not matches(str(pattern), text):
            return f"{label} {message}" if message else f"{label} must match pattern {pattern}."
    return None


def node_matches(pattern: str, text: str) -> bool:
    """`new RegExp(pattern).test(text)` in the shared node process (JS regex semantics)."""
    from harness.node import shared

    (result,) = shared().request("patterns", jobs=[{"pattern": pattern, "value": text}])[
        "results"]
    if "error" in result:
        raise ValueError(f"pattern {pattern!r} is not a JS RegExp: {result['error']}")
    return bool(result["matches"])


def input_properties(template: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in template.get("properties", [])
            if p.get("type") != "Hidden" and p.get("binding", {}).get("type") == "zeebe:input"]


def _by_id(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in template.get("properties", []) if "id" in p}


def select_operation(template: dict[str, Any], operation_id: str) -> dict[str, Any]:
    """Dropdown values (and the group dropdowns their conditions need) that pick an operation."""
    props = _by_id(template)
    chosen: dict[str, Any] = {}
    for pid, prop in props.items():
        if prop.get("type") != "Dropdown" or prop.get("binding", {}).get("name") != "operationId":
            continue
        if operation_id not in [c.get("value") for c in prop.get("choices", [])]:
            continue
        chosen[pid] = operation_id
        for cond in _conditions(prop.get("condition")):
            if "equals" in cond and cond.get("property") in props:
                chosen[cond["property"]] = cond["equals"]
    return chosen


def _conditions(cond: dict[str, Any] | None) -> Iterable[dict[str, Any]]:
    if not cond:
        return []
    if "allMatch" in cond:
        return list(cond["allMatch"])
    return [cond]


def active(prop: dict[str, Any], values: dict[str, Any], props: dict[str, dict[str, Any]]) -> bool:
    """Is `prop` shown, given the current values (Modeler condition semantics)?"""
    for cond in _conditions(prop.get("condition")):
        other = props.get(cond.get("property", ""))
        if other is None:
            return False
        current = values.get(other["id"], other.get("value"))
        if not active(other, values, props):
            return False
        if "equals" in cond and current != cond["equals"]:
            return False
        if "oneOf" in cond and current not in cond["oneOf"]:
            return False
        if "isActive" in cond and cond["isActive"] is not True:
            return False
    return True


ValueFor = Callable[[InputRef, bool], Any]


def plan(template: dict[str, Any], operation_id: str, inputs: Sequence[InputRef],
         value_for: ValueFor, *, defaults: dict[str, Any] | None = None,
         matches: PatternMatch = node_matches,
         default_for: DefaultFor | None = None) -> list[Variant]:
    """The `full` and `minimal` variants for one operation of `template`.

    `value_for(ref, optional_members)` returns a spec-valid Python value for an input (raises
    harness.values.NoValue when it cannot). `defaults` fills required non-input fields that the
    template leaves empty (e.g. a base URL), by binding name. `matches` evaluates constraint
    patterns (JS RegExp semantics). `default_for(ref)` reads the spec's own default of an input
    (NO_DEFAULT when there is none), against which optional prefills are judged.
    """
    props = _by_id(template)
    refs = {r.variable: r for r in inputs}
    base = select_operation(template, operation_id)
    variants = []
    for name in ("full", "minimal"):
        v = Variant(name=name, values=dict(base))
        for prop in input_properties(template):
            pid = prop.get("id")
            if pid is None or pid in base:
                continue
            binding = prop["binding"]["name"]
            ref = refs.get(binding)
            if not active(prop, v.values, props):
                if name == "minimal" and ref is not None and _tucked(prop, v.values, props):
                    v.untouched.append(ref)  # "Optional fields: Hidden": must not be sent
                continue
            if name == "full" and binding == OPTIONAL_FIELDS:
                v.values[pid] = SHOWN  # the full variant fills the optional fields too
                continue
            required = bool(prop.get("constraints", {}).get("notEmpty")) or (
                ref is not None and ref.required)
            if ref is None:
                # not an operation input (auth, base URL, options): keep what the template
                # prefills; a required field left empty gets a plain value
                if required and prop.get("value") in (None, ""):
                    fallback = (defaults or {}).get(binding)
                    if fallback is None:
                        v.unfilled.append(pid)
                    else:
                        v.values[pid] = fallback
                        _check(v, prop, fallback, matches)
                continue
            if name == "minimal" and not required:
                if not prefilled(prop):  # left as it is: "(not set)" or empty
                    v.untouched.append(ref)
                elif default_for is not None:
                    v.kept.append((ref, default_for(ref)))
                continue
            if ref.numbered:
                _fill_numbered(v, prop, ref, value_for, matches)
                continue
            try:
                value = value_for(ref, name == "full")
            except ValueError as exc:
                if isinstance(exc, NoWireForm) and not required:
                    continue  # nothing to send: the user leaves the field empty
                v.unfilled.append(f"{pid}: {exc}")
                continue
            if value == "" and not required and "" not in ref.enum:
                # the empty text in a field is an emptied field, which the template does not
                # send (issue 17; figshare's `example: ""`): a user leaves it empty
                continue
            entered, seen = typed(prop, value)
            v.values[pid] = entered
            _check(v, prop, entered, matches)
            if isinstance(value, dict | list) and isinstance(seen, str):
                seen = value  # JSON text: the API reads the value it encodes
            if seen is not None and ref.location in ("path", "query", "header", "cookie",
                                                     "body"):
                v.expected.append(Expected(location=ref.location, name=ref.name, value=seen,
                                           path=ref.path))
        variants.append(v)
    return variants


def _tucked(prop: dict[str, Any], values: dict[str, Any],
            props: dict[str, dict[str, Any]]) -> bool:
    """Is `prop` hidden only because its operation's "Optional fields" choice says "Hidden"?"""
    choices = [c["property"] for c in _conditions(prop.get("condition"))
               if props.get(c.get("property", ""), {}).get("binding", {}).get("name")
               == OPTIONAL_FIELDS]
    return bool(choices) and active(prop, {**values, **dict.fromkeys(choices, SHOWN)}, props)


def _check(v: Variant, prop: dict[str, Any], entered: Any, matches: PatternMatch) -> None:
    refusal = modeler_refusal(prop, entered, matches)
    if refusal is not None:
        v.refused.append(f"{prop.get('id')}: {entered!r}: {refusal}")


def _fill_numbered(v: Variant, prop: dict[str, Any], ref: InputRef, value_for: ValueFor,
                   matches: PatternMatch) -> None:
    """A numbered family (`Parameter1.Name` ... shown as one list): two entries, each member
    filled as the spec describes that field; the request must carry them as numbered fields."""
    entries: list[Any] = []
    for n in (1, 2):
        entry: dict[str, Any] = {}
        for suffix, key in ref.numbered:
            wire = f"{ref.name}{n}{suffix}"
            member = InputRef(variable="", location="body", name=wire, path=(wire,))
            try:
                value = value_for(member, True)
            except ValueError as exc:
                v.unfilled.append(f"{prop.get('id')}: {wire}: {exc}")
                return
            entry[key] = value
            v.expected.append(Expected(location="body", name=wire, value=_scalar_text(value),
                                       path=(wire,)))
        entries.append(entry[""] if ref.numbered == (("", ""),) else entry)
    entered, _ = typed(prop, entries)
    v.values[str(prop.get("id"))] = entered
    _check(v, prop, entered, matches)
