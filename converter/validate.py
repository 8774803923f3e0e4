"""Validation of generated templates: the official JSON Schema plus Camunda's semantic rules.

The schema is `@camunda/zeebe-element-templates-json-schema` (vendored with its `ajv-errors`
message overlay, see `scripts/refresh-schema.sh`), so schema findings read like the ones the
Modeler and `@bpmn-io/element-templates-validator` print. The semantic rules re-implement what
the schema cannot express (reference §7.5):

- the Modeler's load-time checks: `$schema` present and not newer than ours, `elementType`
  applicable to `appliesTo`, `engines` valid semver ranges, (id, version) unique;
- the connectors repository's template validator: condition targets and order, choices,
  groups, unique ids, template-version headers;
- the schema's `deprecated` keywords, as warnings (jsonschema ignores that keyword).

`validate` returns diagnostics; an ERROR means the Modeler rejects the template or Camunda's own
validator would; a WARNING means it loads but uses a deprecated form.
"""

from __future__ import annotations

import ast
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from converter.diagnostics import Diagnostic, Severity

SCHEMA_PACKAGE = "@camunda/zeebe-element-templates-json-schema"
SCHEMA_URL = f"https://unpkg.com/{SCHEMA_PACKAGE}/resources/schema.json"

E, W = Severity.ERROR, Severity.WARNING
#: Every code `validate` can report, with its severity. Codes are stable; tests match on them.
RULES: dict[str, Severity] = {
    "template.schema": E,                       # the official JSON Schema
    "template.schema-url": E,                   # $schema missing or not the Zeebe schema
    "template.schema-version": E,               # $schema pins a newer schema than ours
    "template.element-type": E,                 # elementType does not fit appliesTo
    "template.engines": E,                      # engines.* is not a semver range
    "template.unique-id-version": E,            # (id, version) used twice (validate_all)
    "template.unique-group-id": E,
    "template.empty-group": E,
    "template.group-target-exists": E,
    "template.unique-property-id": E,           # unless the conditions exclude each other
    "template.condition-target-exists": E,
    "template.condition-property-order": E,     # target must come earlier, never itself
    "template.condition-value-in-choices": E,
    "template.default-value-in-choices": E,
    "template.version-consistency": E,          # elementTemplateVersion/Id headers
    "template.feel-prefix": W,                  # feel: required value without '='
    "template.task-definition-binding": W,      # zeebe:taskDefinition:type
    "template.hidden-without-value": W,
    "template.optional-input": W,               # optional on zeebe:input, 8.8+ templates
    "template.editable-feel": W,                # editable: false with feel: optional
}
del E, W


def _resource(name: str) -> str:
    # The file next to this module when there is one: importlib.resources would import
    # zipfile, tempfile, shutil, lzma and bz2 (some 10 ms) to find the very same file.
    try:
        with open(os.path.join(os.path.dirname(__file__), "resources", "schema", name),
                  encoding="utf-8") as f:
            return f.read()
    except OSError:
        from importlib import resources  # packaged in an archive: let importlib find it

        return resources.files("converter").joinpath(f"resources/schema/{name}").read_text(
            "utf-8")


def schema_version() -> str:
    """The version of the vendored schema package, e.g. `0.46.0`."""
    return _resource("VERSION").strip()


def _schema() -> dict[str, Any]:
    """The vendored schema without its fragment-only `$id`s ("#/properties/property/value").

    Nothing refers to those ids, and each one makes jsonschema set up a new resolution scope
    on every descent: dropping them makes validation a third faster, with the same verdicts.
    """
    return _loaded()[0]


@lru_cache(maxsize=1)
def _loaded() -> tuple[dict[str, Any], bool]:
    """(`_schema()`, whether a subschema below its root keeps an `$id`)."""
    kept: list[dict[str, Any]] = []

    def strip(node: dict[str, Any]) -> dict[str, Any]:  # every object, as the parser builds it
        ref = node.get("$id")
        if isinstance(ref, str) and ref.startswith("#"):
            del node["$id"]
        elif "$id" in node:
            kept.append(node)
        return node

    schema: dict[str, Any] = json.loads(_resource("zeebe-element-templates.schema.json"),
                                        object_hook=strip)
    return schema, any(node is not schema for node in kept)


def _root(part: str) -> dict[str, Any]:
    """The schema for one part of ONE template: "template", "property" or "whole".

    The schema's root is oneOf(template, [template]); validating against it would bury every
    finding in a single oneOf error, so the root is the template definition instead ("whole").
    That is split further: the per-property rules (some 35 if/then each, nearly all the cost)
    check one property at a time so that their results can be memoised per property
    (`_property_findings`); the "template" part sees `properties` as a plain array. All share
    the very subschema dicts of `_schema()`, which `_schema_index` locates by identity.
    """
    schema = _schema()
    definitions = schema["definitions"]
    root: dict[str, Any] = {key: schema[key] for key in ("$schema", "$id")}
    if part == "property":
        root["definitions"] = definitions
        root["allOf"] = [rule["items"] for rule in definitions["properties"]["allOf"]]
    elif part == "template":
        template = definitions["template"]
        fields = {**template["properties"], "properties": {"type": "array"}}
        root["definitions"] = {**definitions, "template": {**template, "properties": fields}}
        root["allOf"] = [{"$ref": "#/definitions/template"}]
    else:
        root["definitions"] = definitions
        root["allOf"] = [{"$ref": "#/definitions/template"}]
    return root


@lru_cache(maxsize=2)
def _validator(part: str) -> Any:
    """The Python validator for `_root(part)`, compiled once: it explains findings.

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


@lru_cache(maxsize=3)
def _fast(part: str) -> Any:
    """A jsonschema-rs validator for `_root(part)`, compiled once per process; None without
    the package.

    It gives the verdict (some 500x faster than the Python validator on generated templates);
    only what it rejects goes to `_validator` for the findings and their messages, so a valid
    template costs one pass and an invalid one costs the Python pass over its failing parts.
    Formats are not checked, as in the Python validator (the schema uses none).
    """
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a declared dependency; the Python path still works
        return None
    return jsonschema_rs.Draft7Validator(_root(part), validate_formats=False)


def _passes(part: str, instance: Any) -> bool:
    """True when the fast validator accepts `instance`; False when it rejects it, cannot take
    it (not JSON data) or is missing: the caller then asks the Python validator.

    A "whole" template whose properties all name their binding type is checked by the
    validator pruned for those binding types (`_pruned_root`), which reaches the same verdict.
    """
    fast = _fast_whole(_binding_types(instance)) if part == "whole" else _fast(part)
    if fast is None:
        return False
    try:
        return bool(fast.is_valid(instance))
    except (ValueError, TypeError, OverflowError, RecursionError):
        return False


# -- the whole-template verdict, pruned for the binding types in use ----------------------------
#
# Most of the schema is some 70 `if`/`then` rules per property, nearly all keyed on the binding
# type ("if binding.type is zeebe:calledElement then ..."), and template rules such as "if some
# property has binding type bpmn:Message#property then elementType ...". jsonschema-rs evaluates
# every `if` for every property: on generated templates (three binding types) almost all of that
# work asks questions whose answer is known from the set of binding types alone.
#
# `_pruned_root(types)` is the "whole" schema with every `if`/`then` pair (without `else`) whose
# `if` cannot hold replaced by what remains of it (`{}`, always valid): exactly equivalent for
# any template whose properties are all objects with an object binding whose `type` is a string
# in `types` (`_binding_types` checks that; otherwise the unpruned validator is used). Pruning
# only descends where the instance is known (template -> its properties array -> each property
# -> its binding) and only through keywords that keep or follow that instance, so each
# replacement swaps a subschema for an equivalent one.

#: The binding types generated templates use: always assumed present, so that one compiled
#: validator serves every generated template (pruning for more types than used stays exact).
_USUAL_BINDINGS = frozenset({"zeebe:input", "zeebe:taskDefinition", "zeebe:taskHeader"})


def _binding_types(template: Any) -> frozenset[str] | None:
    """The binding types of the template's properties plus `_USUAL_BINDINGS`, or None when
    some property is not a plain object with a plain object binding with a string type."""
    props = template.get("properties") if type(template) is dict else None
    if type(props) is not list:
        return None
    found: set[str] = set()
    for p in props:
        binding = p.get("binding") if type(p) is dict else None
        kind = binding.get("type") if type(binding) is dict else None
        if type(kind) is not str:
            return None
        found.add(kind)
    return _USUAL_BINDINGS.union(found)


def prepare() -> None:
    """Import jsonschema-rs and compile the validator generated templates use, ahead of time
    (while forked processes build a big spec's operations)."""
    _fast_pruned(_USUAL_BINDINGS)


def _fast_whole(types: frozenset[str] | None) -> Any:
    return _fast("whole") if types is None else _fast_pruned(types)


@lru_cache(maxsize=16)
def _fast_pruned(types: frozenset[str]) -> Any:
    """The jsonschema-rs validator for `_pruned_root(types)`, compiled once per type set."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return jsonschema_rs.Draft7Validator(_pruned_root(types), validate_formats=False)


def _pruned_root(types: frozenset[str]) -> dict[str, Any]:
    """`_root("whole")` pruned for templates whose binding types are all in `types`."""
    root = _root("whole")
    if _loaded()[1]:  # inlining could move a subschema to another base URI
        return root
    return {**root, "allOf": [_pruned(rule, "template", types, ()) for rule in root["allOf"]]}


def _ref_target(node: Any) -> Any:
    """The subschema a plain `{"$ref": "#/..."}` stands for (draft 7 ignores a $ref's
    siblings, but only plain ones are followed), or None."""
    if not (isinstance(node, dict) and len(node) == 1 and isinstance(node.get("$ref"), str)
            and node["$ref"].startswith("#/")):
        return None
    target: Any = _schema()
    for raw in node["$ref"][2:].split("/"):
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(target, dict) and key in target:
            target = target[key]
        elif isinstance(target, list) and key.isdigit() and int(key) < len(target):
            target = target[int(key)]
        else:
            return None
    return target


#: Where pruning may descend through `properties`: (level, key) -> the level of that value.
_PROPERTY_LEVELS = {("template", "properties"): "array", ("property", "binding"): "binding"}


def _pruned(node: Any, level: str, types: frozenset[str], inlined: tuple[int, ...]) -> Any:
    """`node`, applied at `level` ("template", "array", "property", "binding"), with every
    `if`/`then` whose `if` never holds there dropped (see the comment above)."""
    if not isinstance(node, dict):
        return node
    target = _ref_target(node)
    if target is not None:  # inline it so that its rules can be pruned too
        if id(target) in inlined:
            return node
        return _pruned(target, level, types, (*inlined, id(target)))
    if "if" in node and "else" not in node and _never(node["if"], level, types, 0):
        node = {key: value for key, value in node.items() if key not in ("if", "then")}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
            value = [_pruned(v, level, types, inlined) for v in value]
        elif key in ("not", "if", "then", "else"):
            value = _pruned(value, level, types, inlined)
        elif key == "properties" and isinstance(value, dict):
            value = {name: _pruned(sub, _PROPERTY_LEVELS[level, name], types, inlined)
                     if (level, name) in _PROPERTY_LEVELS else sub
                     for name, sub in value.items()}
        elif level == "array" and key in ("items", "contains"):
            value = _pruned(value, "property", types, inlined)  # each item is a property
        out[key] = value
    return out


def _never(schema: Any, level: str, types: frozenset[str], depth: int) -> bool:
    """True when `schema` rejects every instance at `level` of a template whose properties'
    binding types are all in `types` (False: it might accept one)."""
    if not isinstance(schema, dict) or depth > 32:
        return False
    if "$ref" in schema:
        target = _ref_target(schema)
        return target is not None and _never(target, level, types, depth + 1)
    every = schema.get("allOf")
    if isinstance(every, list) and any(_never(s, level, types, depth + 1) for s in every):
        return True
    fields = schema.get("properties")
    fields = fields if isinstance(fields, dict) else {}
    if level == "template":  # the properties array is there
        return "properties" in fields and _never(fields["properties"], "array", types, depth + 1)
    if level == "array":  # no item matches, so nothing is contained (an empty array neither)
        return "contains" in schema and _never(schema["contains"], "property", types, depth + 1)
    if level == "property":  # the binding is there
        return "binding" in fields and _never(fields["binding"], "binding", types, depth + 1)
    return "type" in fields and _excludes(fields["type"], types)  # binding: its type is there


def _excludes(schema: Any, types: frozenset[str]) -> bool:
    """True when `schema` rejects every string of `types`."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return False
    values = {key: schema[key] for key in ("const", "enum") if key in schema}
    if values and not _matches(values, types):
        return True
    negated = schema.get("not")
    if (isinstance(negated, dict) and negated and set(negated) <= {"const", "enum"}
            and all(_matches(negated, frozenset({kind})) for kind in types)):
        return True  # every type is what is negated
    every = schema.get("allOf")
    return isinstance(every, list) and any(_excludes(s, types) for s in every)


def _matches(schema: dict[str, Any], types: frozenset[str]) -> bool:
    """True when some string of `types` meets the `const` and `enum` of `schema` (JSON
    equality: only a string equals a string); False also for a malformed `enum`."""
    if "const" in schema:
        types = frozenset(t for t in types if isinstance(schema["const"], str)
                          and schema["const"] == t)
    if "enum" in schema:
        listed = schema["enum"]
        if not isinstance(listed, list):
            return False
        types = frozenset(t for t in types if any(isinstance(v, str) and v == t for v in listed))
    return bool(types)


@lru_cache(maxsize=1)
def _schema_index() -> tuple[dict[tuple[str, ...], Any], dict[int, tuple[str, ...]]]:
    """(overlays, paths): the `errorMessage` per schema location, and each subschema's location.

    The overlay is the schema package's `error-messages.json` (what ajv-errors applies in the
    Node validator). Subschemas are found by object id: the compiled validator reports the very
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


# -- schema findings ---------------------------------------------------------------------------

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


def _js(value: Any) -> str:
    """Like JSON.stringify, which ajv-errors uses to fill `${0}` placeholders."""
    if value is _MISSING:
        return "undefined"
    return _JS_ENCODER.encode(value)


# one encoder: json.dumps with options builds a new JSONEncoder per call, and the semantic
# rules call this for every condition value of every property
_JS_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)


def _fill(message: str, template: Any, path: Sequence[Any]) -> str:
    """Fill ajv-errors placeholders: `${N}` data N levels up, `${N#}` its key, `${N/a/b}`."""
    def one(m: re.Match[str]) -> str:
        up, suffix = int(m.group(1)), m.group(2) or ""
        base = list(path[: len(path) - up]) if up else list(path)
        if suffix == "#":
            return str(base[-1]) if base else ""
        keys = [int(k) if k.isdigit() else k for k in suffix.split("/")[1:]]
        return _js(_resolve(template, base + keys))

    return re.sub(r"\$\{(\d+)(#|(?:/[^}]*))?\}", one, message)


def _missing(error: Any) -> str:
    """The property a `required` error is about (jsonschema yields one error per property)."""
    m = re.fullmatch(r"(.*) is a required property", error.message)
    try:
        return str(ast.literal_eval(m.group(1))) if m else ""
    except (ValueError, SyntaxError):
        return ""


def _plain(error: Any) -> str:
    """A short ajv-style message: jsonschema's own ones embed a repr of the whole instance."""
    kind, value = error.validator, error.validator_value
    if kind == "required":
        return f"must have required property {_missing(error)!r}"
    if kind == "type":
        return "must be " + (",".join(value) if isinstance(value, list) else str(value))
    if kind == "enum":
        shown = ", ".join(_js(v) for v in value[:8]) + (", ..." if len(value) > 8 else "")
        return f"must be one of {shown} (got {_js(error.instance)[:60]})"
    if kind == "const":
        return f"must be {_js(value)}"
    if kind == "pattern":
        return f"must match pattern {value!r}"
    if kind == "oneOf":
        return "must match exactly one schema in oneOf"
    if kind == "anyOf":
        return "must match a schema in anyOf"
    if kind == "not":
        return "must NOT be valid"
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


# (data path, message or unfilled custom message, data path its placeholders refer to or None)
_Finding = tuple[tuple[Any, ...], str, tuple[Any, ...] | None]


def _findings(part: str, instance: Any) -> list[_Finding]:
    out: list[_Finding] = []
    for error in _validator(part).iter_errors(instance):
        path = tuple(error.absolute_path)
        overlay = _overlay(error)
        if overlay is None:
            out.append((path, _plain(error), None))
        else:
            message, levels = overlay
            out.append((path, message, path[: len(path) - levels]))
    return out


@lru_cache(maxsize=4096)
def _property_findings(text: str) -> tuple[_Finding, ...]:
    """Findings for one property, memoised on its JSON text.

    Generated templates repeat the same properties (auth, result, error, retries), and the
    same template is often validated again (convert, then the CLI or a test).
    """
    return tuple(_findings("property", json.loads(text)))


def _schema_problems(template: dict[str, Any]) -> list[str]:
    """Schema findings as "pointer: message", in the order of the template."""
    if _passes("whole", template):
        return []
    findings = [] if _passes("template", template) else _findings("template", template)
    props = template.get("properties")
    for index, prop in enumerate(props if isinstance(props, list) else []):
        if _passes("property", prop):
            continue
        try:
            found: Sequence[_Finding] = _property_findings(
                json.dumps(prop, ensure_ascii=False, allow_nan=False))
        except (TypeError, ValueError):  # not JSON data: check it as it is
            found = _findings("property", prop)
        here = ("properties", index)
        findings.extend(((*here, *path), message, None if fill is None else (*here, *fill))
                        for path, message, fill in found)
    seen: dict[str, None] = {}
    for path, message, fill in findings:
        text = message if fill is None else _fill(message, template, fill)
        seen.setdefault(f"{_pointer(path)}: {text}")
    return list(seen)


# -- public API --------------------------------------------------------------------------------

def validate(template: dict[str, Any], *, where: str = "",
             semantic: list[tuple[str, str]] | None = None) -> list[Diagnostic]:
    """All schema and semantic problems of one template (no ERROR: the Modeler accepts it).

    `semantic` is `semantic_problems(template)` when the caller has it already."""
    if not isinstance(template, dict):
        return [Diagnostic(Severity.ERROR, "template.schema", "/: must be object", where)]
    where = where or str(template.get("id", ""))
    out = [Diagnostic(Severity.ERROR, "template.schema", message, where)
           for message in _schema_problems(template)]
    out.extend(Diagnostic(RULES[code], code, message, where)
               for code, message in (semantic_problems(template) if semantic is None
                                     else semantic))
    return out


#: Properties (over all templates) from which `validate_all(processes=2+)` has a forked
#: process check the semantic rules while this one checks the schema; below it a fork costs
#: more than it saves.
PARALLEL_PROPERTIES = 1000


def validate_all(templates: Sequence[dict[str, Any]], *,
                 processes: int = 1) -> list[Diagnostic]:
    """`validate` for each template, plus the Modeler's rule that (id, version) is unique.

    With `processes` > 1 (the CLI's `convert --jobs`) and big templates, the semantic rules
    run in a forked process at the same time as the schema check here; the result is the same.
    """
    semantic = _semantic_elsewhere(templates) if processes > 1 else None
    out: list[Diagnostic] = []
    used: set[tuple[str, str]] = set()
    try:
        # with the semantic rules elsewhere: every schema check first, then their findings
        ids = [str(t.get("id", "")) if isinstance(t, dict) else "" for t in templates]
        schema = None if semantic is None else [
            validate(t, where=where or f"[{index}]", semantic=[])
            for index, (t, where) in enumerate(zip(templates, ids, strict=True))]
        for index, template in enumerate(templates):
            where = ids[index]
            if schema is None or semantic is None:
                out.extend(validate(template, where=where or f"[{index}]"))
            else:
                out.extend(schema[index])
                if isinstance(template, dict):
                    out.extend(Diagnostic(RULES[code], code, message, where or f"[{index}]")
                               for code, message in semantic[index])
            if not isinstance(template, dict):
                continue
            key = (repr(template.get("id")), repr(template.get("version", "_")))
            if key in used:
                version = template.get("version")
                out.append(Diagnostic(
                    Severity.ERROR, "template.unique-id-version",
                    f"template id <{template.get('id')}>"
                    + (f" and version <{version}>" if version is not None else "")
                    + " already used",
                    where))
            used.add(key)
    except BaseException:
        if semantic is not None:
            semantic.cancel()
        raise
    return out


class _SemanticElsewhere:
    """`semantic_problems` of each template, worked out by a forked process (see
    `validate_all`); indexing it waits for that process, or does the work here if it failed."""

    def __init__(self, templates: Sequence[Any], pending: Any) -> None:
        self._templates = templates
        self._pending = pending
        self._found: list[list[tuple[str, str]]] | None = None

    def __getitem__(self, index: int) -> list[tuple[str, str]]:
        if self._found is None:
            got = self._pending.result()
            self._found = got if isinstance(got, list) else [
                semantic_problems(t) if isinstance(t, dict) else [] for t in self._templates]
        return self._found[index]

    def cancel(self) -> None:
        """Stop the forked process if its result was not collected (an exception here)."""
        if self._found is None:
            self._found = []
            self._pending.cancel()


def _semantic_elsewhere(templates: Sequence[Any]) -> _SemanticElsewhere | None:
    size = sum(len(t.get("properties") or ()) for t in templates
               if isinstance(t, dict) and isinstance(t.get("properties"), list))
    del size  # converter/forking.py is gone; the validate package (issue 16) drops this
    return None


def duplicate_keys(text: str) -> list[str]:
    """Keys that occur twice in one JSON object of `text` (Web Modeler rejects such files).

    `json.loads` silently keeps the last one, so this needs the raw text.
    """
    found: list[str] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        found.extend(sorted({k for k in keys if keys.count(k) > 1}))
        return dict(pairs)

    json.loads(text, object_pairs_hook=hook)
    return found


# -- semantic rules ----------------------------------------------------------------------------

def _conditions(cond: Any) -> Iterator[dict[str, Any]]:
    """The simple conditions inside `cond` (allMatch flattened)."""
    if not isinstance(cond, dict):
        return
    if isinstance(cond.get("allMatch"), list):
        for c in cond["allMatch"]:
            yield from _conditions(c)
    else:
        yield cond


def _flat(cond: Any) -> list[dict[str, Any]]:
    """`list(_conditions(cond))` without a generator per level (nor a call per clause)."""
    if not isinstance(cond, dict):
        return []
    inner = cond.get("allMatch")
    if not isinstance(inner, list):
        return [cond]
    out: list[dict[str, Any]] = []
    for c in inner:
        if isinstance(c, dict) and not isinstance(c.get("allMatch"), list):
            out.append(c)
        else:
            out.extend(_flat(c))
    return out


def _admits(cond: Any) -> dict[tuple[Any, str], frozenset[str]]:
    """What each clause of `cond` lets through, keyed by (property, kind)."""
    out: dict[tuple[Any, str], frozenset[str]] = {}
    for c in _conditions(cond):
        target = c.get("property")
        if "equals" in c:
            out[(target, "value")] = frozenset({_js(c["equals"])})
        elif isinstance(c.get("oneOf"), list):
            out[(target, "value")] = frozenset(_js(v) for v in c["oneOf"])
        for kind in ("isActive", "isEmpty"):
            if kind in c:
                out[(target, kind)] = frozenset({_js(c[kind])})
    return out


def _exclusive(left: dict[tuple[Any, str], frozenset[str]],
               right: dict[tuple[Any, str], frozenset[str]]) -> bool:
    """True when no value assignment satisfies both conditions (duplicate ids are fine then);
    `left` and `right` are their `_admits`."""
    return any(key in right and not (allowed & right[key]) for key, allowed in left.items())


def _label(pid: Any, index: int) -> str:
    return f"property {pid!r}" if pid is not None else f"property #{index}"


class _Choices:
    """The choices a condition on one property id may name, as far as the properties with
    that id seen so far go: `dropdowns` while every one of them is a Dropdown, then `texts`
    (their choice values as JSON) and `strings` (those values that are plain strings, which
    lets a string be looked up without encoding it). Grown as more such properties appear."""

    __slots__ = ("dropdowns", "seen", "strings", "texts")

    def __init__(self) -> None:
        self.seen = 0
        self.dropdowns = True
        self.texts: set[str] = set()
        self.strings: set[str] = set()

    def update(self, sources: list[dict[str, Any]]) -> None:
        new = sources[self.seen:]
        self.seen = len(sources)
        self.dropdowns = self.dropdowns and all(s.get("type") == "Dropdown" for s in new)
        if not self.dropdowns:
            return
        for s in new:
            for ch in s.get("choices") or []:
                if isinstance(ch, dict):
                    value = ch.get("value")
                    self.texts.add(_js(value))
                    if type(value) is str:
                        self.strings.add(value)

    def missing(self, values: Iterable[Any]) -> list[Any]:
        """The values not among the choices (JSON equality, as `_js` spells values)."""
        strings, texts = self.strings, self.texts
        return [v for v in values
                if not ((type(v) is str and v in strings) or _js(v) in texts)]


def semantic_problems(t: dict[str, Any]) -> list[tuple[str, str]]:
    """(code, message) pairs for the rules the JSON Schema does not check; see `RULES`.

    One pass over the properties; labels and messages are only built for what is reported.
    """
    problems: list[tuple[str, str]] = []

    def add(code: str, message: str) -> None:
        problems.append((code, message))

    _check_header(t, add)
    props = [p for p in t.get("properties") or [] if isinstance(p, dict)]
    groups = [g for g in t.get("groups") or [] if isinstance(g, dict)]
    group_ids = [g.get("id") for g in groups]
    for gid in sorted({g for g in group_ids if group_ids.count(g) > 1}, key=str):
        add("template.unique-group-id", f"group id {gid!r} is declared more than once")
    used_groups = {p.get("group") for p in props}
    declared = dict.fromkeys(group_ids)
    for gid in declared:
        if gid not in used_groups:
            add("template.empty-group", f"group {gid!r} has no properties")

    earlier: dict[Any, list[dict[str, Any]]] = {}   # id -> properties seen so far
    choices: dict[Any, _Choices] = {}               # id -> the choices of earlier[id]
    admits: dict[int, dict[tuple[Any, str], frozenset[str]]] = {}  # id(condition) -> _admits
    all_ids = {p.get("id") for p in props if p.get("id") is not None}
    checks = _PropertyChecks(t)
    for index, p in enumerate(props):
        pid = p.get("id")
        group = p.get("group")
        if group is not None and group not in declared:  # hashable: used_groups has it
            add("template.group-target-exists",
                f"{_label(pid, index)}: group {p['group']!r} is not declared")
        cond = p.get("condition")
        if pid is not None:
            same = earlier.get(pid)
            if same and _clash(same, cond, admits):
                add("template.unique-property-id", f"{_label(pid, index)}: id used before, "
                    "and the conditions do not exclude each other")
        if cond is not None:
            _check_conditions(_flat(cond), pid, index, None, earlier, all_ids, choices,
                              add)
        listed = p.get("choices")
        if listed:
            for ch in listed:
                if isinstance(ch, dict) and "condition" in ch:
                    _check_conditions(_flat(ch.get("condition")), pid, index, ch, earlier,
                                      all_ids, choices, add)
        checks.run(p, pid, index, add)
        if pid is not None:
            if same is None:
                earlier[pid] = [p]
            else:
                same.append(p)
    return problems


def _clash(same: list[dict[str, Any]], cond: Any,
           admits: dict[int, dict[tuple[Any, str], frozenset[str]]]) -> bool:
    """True when the condition of some property in `same` does not exclude `cond`."""
    def of(c: Any) -> dict[tuple[Any, str], frozenset[str]]:
        found = admits.get(id(c))
        if found is None:
            found = admits[id(c)] = _admits(c)
        return found

    mine = of(cond)
    return any(not _exclusive(of(q.get("condition")), mine) for q in same)


def _check_conditions(flat: list[dict[str, Any]], pid: Any, index: int, choice: Any,
                      earlier: dict[Any, list[dict[str, Any]]], all_ids: set[Any],
                      cache: dict[Any, _Choices], add: Any) -> None:
    """The rules for the simple conditions `flat` of property `pid` (or of its `choice`)."""
    for c in flat:
        target = c.get("property")
        if target is None:
            continue  # the schema reports it
        if target == pid:
            add("template.condition-property-order",
                f"{_where(pid, index, choice)}: condition refers to itself")
            continue
        sources = earlier.get(target)
        if sources is None:
            if target in all_ids:
                add("template.condition-property-order",
                    f"{_where(pid, index, choice)}: condition refers to {target!r}, "
                    "which is defined later")
            else:
                add("template.condition-target-exists",
                    f"{_where(pid, index, choice)}: condition refers to {target!r}, "
                    "which is not defined")
            continue
        known = cache.get(target)
        if known is None:
            known = cache[target] = _Choices()
        if known.seen != len(sources):
            known.update(sources)
        if known.dropdowns:
            if "equals" in c:
                value = c["equals"]
                if type(value) is str and value in known.strings:
                    continue  # the usual case, without building a list
                bad = known.missing([value])
            else:
                bad = known.missing(c.get("oneOf") or [])
            if bad:
                add("template.condition-value-in-choices",
                    f"{_where(pid, index, choice)}: condition value(s) "
                    f"{', '.join(map(_js, bad))} not among the choices of {target!r}")


def _where(pid: Any, index: int, choice: Any) -> str:
    label = _label(pid, index)
    return label if choice is None else f"{label} choice {choice.get('value')!r}"


class _PropertyChecks:
    """The per-property rules, with what they need from the template worked out once."""

    def __init__(self, t: dict[str, Any]) -> None:
        self.t = t
        self.pre_88: bool | None = None
        self.headers: dict[str, Any] | None = None

    def run(self, p: dict[str, Any], pid: Any, index: int, add: Any) -> None:
        binding = p.get("binding")
        kind = binding.get("type") if isinstance(binding, dict) else None
        ptype = p.get("type")
        value = p.get("value")
        feel = p.get("feel")
        if ptype == "Dropdown" and "value" in p:
            choices = [ch.get("value") for ch in p.get("choices") or [] if isinstance(ch, dict)]
            if value not in choices:
                add("template.default-value-in-choices",
                    f"{_label(pid, index)}: default {value!r} is not a choice")
        if feel == "required" and isinstance(value, str) and not value.startswith("="):
            add("template.feel-prefix",
                f"{_label(pid, index)}: a feel: required value should start with '='")
        if kind == "zeebe:taskDefinition:type":
            add("template.task-definition-binding",
                f"{_label(pid, index)}: binding zeebe:taskDefinition:type is deprecated; use "
                "zeebe:taskDefinition with property 'type'")
        if (ptype == "Hidden" and "value" not in p and "generatedValue" not in p
                and kind != "zeebe:userTask"):
            add("template.hidden-without-value",
                f"{_label(pid, index)}: Hidden property without value")
        if p.get("optional") is True and kind == "zeebe:input":
            if self.pre_88 is None:
                self.pre_88 = _pre_88(self.t)
            if not self.pre_88:
                add("template.optional-input",
                    f"{_label(pid, index)}: optional on zeebe:input is deprecated for Camunda "
                    "8.8+; leave the input empty instead")
        if p.get("editable") is False and feel == "optional":
            add("template.editable-feel",
                f"{_label(pid, index)}: editable: false with feel: optional")
        if kind == "zeebe:taskHeader" and "version" in self.t and "id" in self.t:
            key = binding.get("key")  # type: ignore[union-attr]  # kind implies a dict
            expected = self.headers
            if expected is None:
                expected = self.headers = {"elementTemplateVersion": str(self.t["version"]),
                                           "elementTemplateId": self.t["id"]}
            if key in expected and value != expected[key]:
                add("template.version-consistency",
                    f"{_label(pid, index)}: header {key} is {value!r}, the template says "
                    f"{expected[key]!r}")


def _check_header(t: dict[str, Any], add: Any) -> None:
    schema = t.get("$schema")
    if schema is None:
        add("template.schema-url", f"missing $schema (the Modeler requires {SCHEMA_URL!r})")
    elif not isinstance(schema, str) or SCHEMA_PACKAGE not in schema:
        add("template.schema-url", f"$schema {schema!r} does not reference {SCHEMA_PACKAGE}")
    else:
        pinned = re.search(r"\d+\.\d+\.\d+", schema)
        if pinned and _version(pinned.group()) > _version(schema_version()):
            add("template.schema-version",
                f"$schema pins version {pinned.group()}, newer than the supported "
                f"{schema_version()}")
    engines = t.get("engines")
    if isinstance(engines, dict):
        for engine, rng in engines.items():
            if not isinstance(rng, str) or _lower_bound(rng) is None:
                add("template.engines", f"engines.{engine}: {rng!r} is not a semver range")
    element_type = t.get("elementType")
    applies = t.get("appliesTo")
    if isinstance(element_type, dict) and isinstance(applies, list):
        _check_element_type(str(element_type.get("value")), [str(a) for a in applies], add)


# -- BPMN types (the part of bpmn-moddle the Modeler's elementType check needs) ------------------

_BPMN_PARENT = {
    **dict.fromkeys(["ServiceTask", "SendTask", "ReceiveTask", "UserTask", "ManualTask",
                     "BusinessRuleTask", "ScriptTask"], "Task"),
    "Task": "Activity", "SubProcess": "Activity", "CallActivity": "Activity",
    "AdHocSubProcess": "SubProcess", "Transaction": "SubProcess",
    **dict.fromkeys(["StartEvent", "IntermediateCatchEvent", "BoundaryEvent"], "CatchEvent"),
    **dict.fromkeys(["EndEvent", "IntermediateThrowEvent"], "ThrowEvent"),
    "CatchEvent": "Event", "ThrowEvent": "Event",
    **dict.fromkeys(["ExclusiveGateway", "InclusiveGateway", "ParallelGateway",
                     "EventBasedGateway", "ComplexGateway"], "Gateway"),
    "Activity": "FlowNode", "Event": "FlowNode", "Gateway": "FlowNode",
    "FlowNode": "FlowElement", "SequenceFlow": "FlowElement", "FlowElement": "BaseElement",
}
_MORPHABLE = ("Activity", "Event", "Gateway")


def _bpmn_types(name: str) -> list[str] | None:
    """`name` and its supertypes, or None for a type this table does not know."""
    if not name.startswith("bpmn:"):
        return None
    local = name.removeprefix("bpmn:")
    if local not in _BPMN_PARENT and local != "BaseElement":
        return None
    chain = [local]
    while chain[-1] in _BPMN_PARENT:
        chain.append(_BPMN_PARENT[chain[-1]])
    return chain


def _check_element_type(element_type: str, applies: list[str], add: Any) -> None:
    """The Modeler's rule: elementType is a subtype of some appliesTo, and morphable from all."""
    target = _bpmn_types(element_type)
    sources = [_bpmn_types(a) for a in applies]
    if target is None or any(s is None for s in sources):
        return  # unknown to our table: leave it to the Modeler rather than guess
    if not any(a.removeprefix("bpmn:") in target for a in applies):
        add("template.element-type",
            f"template does not apply to requested element type <{element_type}>")
        return
    for source_name, chain in zip(applies, sources, strict=True):
        assert chain is not None
        base = next((b for b in _MORPHABLE if b in chain), None)
        if source_name != element_type and (base is None or base not in target):
            add("template.element-type", f"can not morph <{source_name}> into <{element_type}>")


# -- semver ranges (node-semver `validRange` grammar) ------------------------------------------

_XR = r"(?:[xX*]|0|[1-9]\d*)"
_IDENT = r"[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*"
_PARTIAL = rf"[v=]*({_XR})(?:\.({_XR})(?:\.({_XR})(?:-{_IDENT})?(?:\+{_IDENT})?)?)?"
# compiled on first use (re caches them), not at import: `spec2connector --help` imports this
_COMPARATOR = rf"(<=|>=|<|>|=|~>|~|\^)?{_PARTIAL}"
_HYPHEN = rf"({_PARTIAL})\s+-\s+({_PARTIAL})"


def _version(text: str) -> tuple[int, int, int]:
    return _partial([*re.findall(r"\d+", text)[:3], "0", "0", "0"])


def _lower_bound(rng: str) -> tuple[int, int, int] | None:
    """The lowest version `rng` admits (approximately), or None if it is not a semver range."""
    lows: list[tuple[int, int, int]] = []
    for part in re.split(r"\s*\|\|\s*", rng.strip()):
        hyphen = re.fullmatch(_HYPHEN, part)
        if hyphen:
            lows.append(_partial(hyphen.groups()[1:4]))
            continue
        tokens = re.sub(r"(<=|>=|<|>|=|~>|~|\^)\s+", r"\1", part).split()
        low = (0, 0, 0)
        for token in tokens:
            m = re.fullmatch(_COMPARATOR, token)
            if not m:
                return None
            if m.group(1) not in ("<", "<="):
                low = max(low, _partial(m.groups()[1:4]))
        lows.append(low)
    return min(lows)


def _partial(parts: Sequence[str | None]) -> tuple[int, int, int]:
    nums = [int(p) if p and p.isdigit() else 0 for p in parts]
    return nums[0], nums[1], nums[2]


def _pre_88(t: dict[str, Any]) -> bool:
    """True when engines.camunda admits versions before 8.8 (where `optional` is still right)."""
    engines = t.get("engines")
    rng = engines.get("camunda") if isinstance(engines, dict) else None
    low = _lower_bound(rng) if isinstance(rng, str) else None
    return low is not None and low < (8, 8, 0)
