"""The official element-template JSON Schema, with the messages the Modeler prints.

The schema is `@camunda/zeebe-element-templates-json-schema`, vendored with its `ajv-errors`
message overlay (`scripts/refresh-schema.sh`), so findings read like those of the Modeler and
`@bpmn-io/element-templates-validator`.

jsonschema-rs gives the verdict. Only what it rejects goes to the Python `jsonschema`
validator, because that one reports each error with the subschema that raised it, which is
where the overlay's custom message is found; it is far too slow to check every template.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA_PACKAGE = "@camunda/zeebe-element-templates-json-schema"
SCHEMA_URL = f"https://unpkg.com/{SCHEMA_PACKAGE}/resources/schema.json"


_RESOURCES = Path(__file__).parent.parent / "resources" / "schema"


def _resource(name: str) -> str:
    return (_RESOURCES / name).read_text("utf-8")


def schema_version() -> str:
    """The version of the vendored schema package, e.g. `0.46.0`."""
    return _resource("VERSION").strip()


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    """The vendored schema without its fragment-only `$id`s ("#/properties/property/value").

    Nothing refers to those ids, and each one makes the Python validator open a new
    resolution scope on every descent; the verdicts are the same without them.
    """
    def strip(node: dict[str, Any]) -> dict[str, Any]:  # every object, as the parser builds it
        ref = node.get("$id")
        if isinstance(ref, str) and ref.startswith("#"):
            del node["$id"]
        return node

    schema: dict[str, Any] = json.loads(_resource("zeebe-element-templates.schema.json"),
                                        object_hook=strip)
    return schema


def _root(part: str) -> dict[str, Any]:
    """The schema for one part of ONE template: "whole", "template" or "property".

    The schema's root is oneOf(template, [template]): checking against it would bury every
    finding in a single oneOf error, so the root is the template definition ("whole"). To list
    findings in the order of the template, a rejected template is explained in parts: the
    "template" part sees `properties` as a plain array, and each property is checked on its
    own against the per-property rules ("property"). All parts share the subschema dicts of
    `_schema()`, which `_schema_index` locates by identity.
    """
    schema = _schema()
    definitions = schema["definitions"]
    root: dict[str, Any] = {key: schema[key] for key in ("$schema", "$id")}
    root["definitions"] = definitions
    if part == "property":
        root["allOf"] = [rule["items"] for rule in definitions["properties"]["allOf"]]
    elif part == "template":
        template = definitions["template"]
        fields = {**template["properties"], "properties": {"type": "array"}}
        root["definitions"] = {**definitions, "template": {**template, "properties": fields}}
        root["allOf"] = [{"$ref": "#/definitions/template"}]
    else:
        root["allOf"] = [{"$ref": "#/definitions/template"}]
    return root


@lru_cache(maxsize=3)
def _verdict(part: str) -> Any:
    """The jsonschema-rs validator for `_root(part)`. Formats are not checked, as in the
    Python validator (the schema uses none)."""
    import jsonschema_rs

    return jsonschema_rs.Draft7Validator(_root(part), validate_formats=False)


def _passes(part: str, instance: Any) -> bool:
    """True when jsonschema-rs accepts `instance`; False when it rejects it or cannot take it
    (not JSON data): the Python validator then explains it."""
    try:
        return bool(_verdict(part).is_valid(instance))
    except (ValueError, TypeError, OverflowError, RecursionError):
        return False


@lru_cache(maxsize=2)
def _explainer(part: str) -> Any:
    """The Python validator for `_root(part)`: it explains what jsonschema-rs rejects.

    Its `pattern` reads ECMAScript named groups `(?<name>` as Python's `(?P<name>` (the
    zeebe:taskSchedule date pattern has them; `re` would raise instead of checking the value).
    """
    from jsonschema import (  # type: ignore[import-untyped, unused-ignore]
        Draft7Validator,
        ValidationError,
        validators,
    )

    def pattern(validator: Any, patrn: str, instance: Any, schema: Any) -> Iterator[Any]:
        if validator.is_type(instance, "string") and not re.search(
                re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", patrn), instance):
            yield ValidationError(f"{instance!r} does not match {patrn!r}")

    cls = validators.extend(Draft7Validator, {"pattern": pattern})
    return cls(_root(part))


# -- the schema's custom messages (ajv-errors) --------------------------------------------------

@lru_cache(maxsize=1)
def _schema_index() -> tuple[dict[tuple[str, ...], Any], dict[int, tuple[str, ...]]]:
    """(overlays, paths): the `errorMessage` per schema location, and each subschema's location.

    The overlay is the schema package's `error-messages.json` (what ajv-errors applies in the
    Node validator). Subschemas are found by object id: the Python validator reports the very
    dicts of `_schema()`.
    """
    paths: dict[int, tuple[str, ...]] = {}

    def walk(node: Any, here: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            paths[id(node)] = here
            children: Iterable[tuple[str, Any]] = node.items()
        elif isinstance(node, list):
            children = ((str(i), v) for i, v in enumerate(node))
        else:
            return
        for key, child in children:
            walk(child, (*here, key))

    walk(_schema(), ())
    overlays = {tuple(str(k) for k in entry["path"]): entry["errorMessage"]
                for entry in json.loads(_resource("error-messages.json"))}
    return overlays, paths


_NAMED = {"properties", "patternProperties", "definitions", "$defs", "dependencies"}
_INDEXED = {"allOf", "anyOf", "oneOf", "items"}
_DESCENDS = {"properties", "patternProperties", "items", "additionalProperties", "contains",
             "additionalItems", "propertyNames"}


def _data_levels(schema_path: Sequence[str]) -> int:
    """How many data levels deeper the end of `schema_path` is than its start."""
    levels, i = 0, 0
    while i < len(schema_path):
        key = schema_path[i]
        levels += key in _DESCENDS
        skip = key in _NAMED or (key in _INDEXED and i + 1 < len(schema_path)
                                  and schema_path[i + 1].isdigit())
        i += 2 if skip else 1
    return levels


def _pointer(path: Iterable[Any]) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


_MISSING = object()


def _resolve(root: Any, path: Sequence[Any]) -> Any:
    node = root
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return node


def json_text(value: Any) -> str:
    """`value` as JSON.stringify writes it: ajv-errors fills `${0}` placeholders so, and the
    semantic rules compare condition values so (1 and true differ, as in JavaScript)."""
    if value is _MISSING:
        return "undefined"
    return _JSON.encode(value)


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)


def _fill(message: str, template: Any, path: Sequence[Any]) -> str:
    """Fill ajv-errors placeholders: `${N}` data N levels up, `${N#}` its key, `${N/a/b}`."""
    def one(m: re.Match[str]) -> str:
        up, suffix = int(m.group(1)), m.group(2) or ""
        base = list(path[: len(path) - up]) if up else list(path)
        if suffix == "#":
            return str(base[-1]) if base else ""
        keys = [int(k) if k.isdigit() else k for k in suffix.split("/")[1:]]
        return json_text(_resolve(template, base + keys))

    return re.sub(r"\$\{(\d+)(#|(?:/[^}]*))?\}", one, message)


def _missing(error: Any) -> str:
    """The property a `required` error is about (jsonschema yields one error per property)."""
    m = re.fullmatch(r"(.*) is a required property", error.message)
    try:
        return str(ast.literal_eval(m.group(1))) if m else ""
    except (ValueError, SyntaxError):
        return ""


_FIXED = {"oneOf": "must match exactly one schema in oneOf",
          "anyOf": "must match a schema in anyOf", "not": "must NOT be valid"}


def _plain(error: Any) -> str:
    """A short ajv-style message: jsonschema's own ones embed a repr of the whole instance."""
    kind, value = error.validator, error.validator_value
    if kind == "required":
        return f"must have required property {_missing(error)!r}"
    if kind == "type":
        return "must be " + (",".join(value) if isinstance(value, list) else str(value))
    if kind == "enum":
        shown = ", ".join(json_text(v) for v in value[:8]) + (", ..." if len(value) > 8 else "")
        return f"must be one of {shown} (got {json_text(error.instance)[:60]})"
    if kind == "const":
        return f"must be {json_text(value)}"
    if kind == "pattern":
        return f"must match pattern {value!r}"
    if kind in _FIXED:
        return _FIXED[kind]
    message: str = error.message
    return message if len(message) <= 200 else message[:197] + "..."


def _overlay(error: Any) -> tuple[str, int] | None:
    """The schema's custom message for this error, unfilled, and how many data levels above
    the error its placeholders are relative to (ajv-errors semantics, simplified).

    A string `errorMessage` replaces every error raised in its schema or below; a keyword map
    (`{"required": {"name": ...}}`, `{"pattern": ...}`) only errors of that keyword raised by
    that very schema.
    """
    overlays, paths = _schema_index()
    where = paths.get(id(error.schema))
    if where is None:
        return None
    for cut in range(len(where), -1, -1):
        overlay = overlays.get(where[:cut])
        if isinstance(overlay, str):
            return overlay, _data_levels(where[cut:])
        if isinstance(overlay, dict) and cut == len(where) and error.validator in overlay:
            custom = overlay[error.validator]
            if isinstance(custom, dict):
                custom = custom.get(_missing(error)) if error.validator == "required" else None
            if isinstance(custom, str):
                return custom, 0
    return None


# -- findings ------------------------------------------------------------------------------------

# (data path, message or unfilled custom message, data path its placeholders refer to or None)
_Finding = tuple[tuple[Any, ...], str, tuple[Any, ...] | None]


def _findings(part: str, instance: Any, at: tuple[Any, ...]) -> list[_Finding]:
    """What `instance` (found at data path `at`) breaks in `_root(part)`; [] if it passes."""
    if _passes(part, instance):
        return []
    out: list[_Finding] = []
    for error in _explainer(part).iter_errors(instance):
        path = tuple(error.absolute_path)
        overlay = _overlay(error)
        if overlay is None:
            out.append(((*at, *path), _plain(error), None))
        else:
            message, levels = overlay
            out.append(((*at, *path), message, (*at, *path[: len(path) - levels])))
    return out


def schema_problems(template: dict[str, Any]) -> list[str]:
    """Schema findings as "pointer: message", in the order of the template, each once."""
    if _passes("whole", template):
        return []
    findings = _findings("template", template, ())
    props = template.get("properties")
    for index, prop in enumerate(props if isinstance(props, list) else []):
        findings += _findings("property", prop, ("properties", index))
    seen: dict[str, None] = {}
    for path, message, fill in findings:
        text = message if fill is None else _fill(message, template, fill)
        seen.setdefault(f"{_pointer(path)}: {text}")
    return list(seen)
