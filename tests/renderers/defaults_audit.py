"""What the visible fields of a template are prefilled with, judged against the model's inputs.

Issue 17's rule: a value reaches the request only when the user typed it or the description
gives it as a default (`Input.default`; the one choice of a required one-value enum). Every
visible field bound to an operation input is read back from the template (its Dropdown choice,
Boolean, Number, text or FEEL literal, decoded here without the converter's own FEEL builder)
and put in one class:

- `default`: the value is the input's default (or the one value a required enum allows);
- `page_size`: the documented exception, the page size of a GraphQL connection (`first`);
- `example`: the value is the input's example, shown as if the user had typed it;
- `invented`: any other value (a generated filler, a Dropdown choice picked for the user).

`required_not_default` counts required inputs prefilled with anything but a default, and
`examples_shown` the inputs with an example that the field's placeholder or tooltip shows.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from converter.model import Input, Operation, Protocol, RuntimeText

CONNECTION_PAGE_SIZE = 10  # parsers/graphql: the documented page-size exception


class NotLiteral(ValueError):
    """FEEL text that is not a plain literal (an expression the template computes)."""


def feel_literal(text: str) -> Any:
    """The value of a FEEL literal (null, booleans, numbers, strings, lists, contexts with name
    or string keys); raises NotLiteral for anything else."""
    value, end = _parse(text, _skip(text, 0))
    if _skip(text, end) != len(text):
        raise NotLiteral(text[:80])
    return value


_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_NAME = re.compile(r"[A-Za-z_?][A-Za-z0-9_?]*")


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _parse(text: str, i: int) -> tuple[Any, int]:
    if i >= len(text):
        raise NotLiteral("end of text")
    ch = text[i]
    if ch == '"':
        return _string(text, i)
    if ch == "[":
        items: list[Any] = []
        i = _skip(text, i + 1)
        while i < len(text) and text[i] != "]":
            item, i = _parse(text, i)
            items.append(item)
            i = _skip(text, i)
            if i < len(text) and text[i] == ",":
                i = _skip(text, i + 1)
        return items, i + 1
    if ch == "{":
        out: dict[str, Any] = {}
        i = _skip(text, i + 1)
        while i < len(text) and text[i] != "}":
            if text[i] == '"':
                key, i = _string(text, i)
            else:
                m = _NAME.match(text, i)
                if m is None:
                    raise NotLiteral(text[i:i + 20])
                key, i = m.group(0), m.end()
            i = _skip(text, i)
            if i >= len(text) or text[i] != ":":
                raise NotLiteral(text[i:i + 20])
            out[key], i = _parse(text, _skip(text, i + 1))
            i = _skip(text, i)
            if i < len(text) and text[i] == ",":
                i = _skip(text, i + 1)
        return out, i + 1
    m = _NUMBER.match(text, i)
    if m is not None:
        number = m.group(0)
        return (float(number) if m.group(1) or m.group(2) else int(number)), m.end()
    for word, value in (("null", None), ("true", True), ("false", False)):
        if text.startswith(word, i) and not text[i + len(word):i + len(word) + 1].isalnum():
            return value, i + len(word)
    raise NotLiteral(text[i:i + 20])


def _string(text: str, i: int) -> tuple[str, int]:
    end = i + 1
    while end < len(text) and text[end] != '"':
        end += 2 if text[end] == "\\" else 1
    try:
        return json.loads(text[i:end + 1]), end + 1
    except ValueError as exc:
        raise NotLiteral(text[i:i + 20]) from exc


def same(a: Any, b: Any) -> bool:
    """Equal as values a field can hold: numbers by value, a scalar and its text alike."""
    if isinstance(a, bool) or isinstance(b, bool):
        return _text(a) == _text(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict | list) or isinstance(b, dict | list):
        # a JSON part or member entered as its JSON text
        other, text = (b, a) if isinstance(a, str) else (a, b)
        if isinstance(text, str):
            try:
                return same(json.loads(text), other)
            except ValueError:
                return False
        return False
    return _text(a) == _text(b)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_UNSET = object()


def field_value(prop: dict[str, Any]) -> Any:
    """What the field gives the job when the user leaves it as it is (_UNSET: nothing)."""
    if "value" not in prop:
        return _UNSET
    value = prop["value"]
    ptype = prop.get("type")
    if ptype == "Dropdown" and value == "":
        return _UNSET  # "(not set)"
    if ptype in ("Boolean", "Number") or not isinstance(value, str):
        return value
    if value == "":
        return _UNSET
    if value.startswith("="):
        try:
            return feel_literal(value[1:])
        except NotLiteral:
            return RuntimeText(parts=(("feel", value),))
    return value


@dataclass
class Audit:
    """The counts over many templates, with a few named offenders per class."""

    counts: Counter[str] = field(default_factory=Counter)
    offenders: dict[str, list[str]] = field(default_factory=dict)

    def note(self, kind: str, where: str) -> None:
        self.counts[kind] += 1
        found = self.offenders.setdefault(kind, [])
        if len(found) < 8:
            found.append(where)

    def report(self) -> str:
        keys = ("specs", "specs_not_loaded", "templates", "visible_inputs", "prefilled",
                "default", "page_size", "example", "invented", "required",
                "required_not_default", "with_example", "examples_shown")
        lines = [f"  {k:22s} {self.counts[k]:7d}" for k in keys]
        for kind in ("example", "invented", "required_not_default", "example_hidden"):
            for where in self.offenders.get(kind, []):
                lines.append(f"    {kind}: {where}")
        return "\n".join(lines)


def _is_default(inp: Input, value: Any) -> bool:
    if isinstance(inp.default, RuntimeText):
        return isinstance(value, RuntimeText)
    if inp.default is not None and same(value, inp.default):
        return True
    return inp.required and len(inp.enum) == 1 and same(value, inp.enum[0])


def _shows(prop: dict[str, Any], example: Any) -> bool:
    """Does the placeholder or tooltip show `example`?"""
    placeholder = str(prop.get("placeholder") or "")
    tooltip = str(prop.get("tooltip") or "")
    if placeholder.startswith("="):
        try:
            if same(feel_literal(placeholder[1:]), example):
                return True
        except NotLiteral:
            pass
    probe = _text(example) if not isinstance(example, dict | list) else \
        json.dumps(example, ensure_ascii=False)
    probe = probe.strip()[:24]
    if not probe:
        return True  # an empty example has nothing to show
    if isinstance(example, dict | list):
        first = next(iter(example), None) if example else None
        probe = str(first if isinstance(example, dict) else "[") if first is not None else "["
    return probe in placeholder or probe in tooltip or (
        isinstance(example, dict | list) and "e.g." in tooltip)


def audit_template(template: dict[str, Any], op: Operation, audit: Audit, label: str) -> None:
    """Count the visible fields of a one-operation `template` against `op`'s inputs."""
    audit.counts["templates"] += 1
    inputs = {i.variable: i for i in op.inputs}
    for prop in template.get("properties", []):
        binding = prop.get("binding") or {}
        if prop.get("type") == "Hidden" or binding.get("type") != "zeebe:input":
            continue
        inp = inputs.get(binding.get("name", ""))
        if inp is None:
            continue  # the template's own fields: operation, server, auth, options
        where = f"{label} :: {op.id} :: {inp.name}"
        audit.counts["visible_inputs"] += 1
        if inp.required:
            audit.counts["required"] += 1
        if inp.example is not None and not inp.enum and inp.default is None:
            audit.counts["with_example"] += 1
            if _shows(prop, inp.example):
                audit.counts["examples_shown"] += 1
            else:
                audit.note("example_hidden", where)
        value = field_value(prop)
        if value is _UNSET:
            continue
        audit.counts["prefilled"] += 1
        if (op.protocol is Protocol.GRAPHQL and inp.name == "first"
                and inp.default == CONNECTION_PAGE_SIZE and same(value, CONNECTION_PAGE_SIZE)):
            audit.counts["page_size"] += 1
            continue
        if _is_default(inp, value):
            audit.counts["default"] += 1
            continue
        audit.note("example" if inp.example is not None and same(value, inp.example)
                   else "invented", f"{where} = {str(value)[:60]!r}")
        if inp.required:
            audit.note("required_not_default", f"{where} = {str(value)[:60]!r}")


def audit_spec(path: Path, audit: Audit, *, environment: Path | None = None,
               label: str = "") -> None:
    """Convert `path` one template per operation (not validated: only values are looked at)."""
    from converter import Options, Split, load
    from converter.diagnostics import Diagnostics
    from converter.renderers import plan, render_bundle
    from converter.renderers.reserved import clear

    options = Options(split=Split.OPERATION, environment=environment)
    diagnostics = Diagnostics()
    try:
        api = load(str(path), options=options, diagnostics=diagnostics)
    except Exception:  # an unreadable spec is the corpus tests' business, not this count's
        audit.counts["specs_not_loaded"] += 1
        return
    audit.counts["specs"] += 1
    for bundle in plan(api, options):
        template = render_bundle(api, bundle, options=options, diagnostics=diagnostics)
        for op in map(clear, bundle.operations):
            audit_template(template, op, audit, label or path.name)
