"""Request bodies: raw (JSON, XML, text), urlencoded, form-data and file -> the REST body.

Postman sends what the body mode says: a raw text with a Content-Type from the request's last
enabled Content-Type header or else from the raw language; urlencoded and form-data entries
unless disabled; a file's bytes. GET and COPY bodies are dropped (Postman prunes them); the REST
connector sends a body with POST, PUT and PATCH only, so a DELETE body is reported as lost.

A JSON object becomes one field per member (a `{{variable}}` member fed by that variable, a
literal member with the collection's value as its example), so the body is built from fields;
any other JSON (an array, a scalar) is one FEEL field with the collection's value as example.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from converter import naming
from converter.diagnostics import Diagnostics
from converter.model import BodyKind, Input, Location, RestBody, ValueType
from converter.parsers.postman import fields, jsontext
from converter.parsers.postman.text import content
from converter.parsers.postman.variables import Value, Variables, names_in

LANGUAGE_TYPES = {"html": "text/html", "text": "text/plain", "json": "application/json",
                  "javascript": "application/javascript", "xml": "application/xml"}
PRUNED = frozenset({"GET", "COPY", "HEAD", "PURGE", "UNLOCK"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


@dataclass
class Built:
    """A request's body and the inputs that fill it."""

    body: RestBody | None = None
    inputs: list[Input] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Scope:
    """What body building needs from the collection."""

    variables: Variables
    diagnostics: Diagnostics
    where: str


def build(raw: Any, method: str, content_type: str | None, taken: set[str],
          scope: Scope, *, pruned: bool = True) -> Built:
    """The REST body of a request (`raw` is its `body`; graphql mode is not handled here).
    `pruned` is false when the item's `protocolProfileBehavior` keeps a GET body."""
    if not isinstance(raw, dict) or raw.get("disabled") is True:
        return Built()
    mode = raw.get("mode")
    if not _has_content(raw, mode):
        return Built()
    if method in PRUNED and pruned:
        return Built()  # Postman does not send it either
    if method not in BODY_METHODS:
        scope.diagnostics.warning(
            "postman.body-dropped",
            f"the {mode} body of this {method} request is not sent: the REST connector sends a "
            "body with POST, PUT and PATCH only", scope.where)
        return Built()
    if mode == "raw":
        return _raw(raw, content_type, taken, scope)
    if mode == "urlencoded":
        return _form(raw.get("urlencoded"), BodyKind.FORM,
                     "application/x-www-form-urlencoded", taken, scope)
    if mode == "formdata":
        return _form(raw.get("formdata"), BodyKind.MULTIPART, "multipart/form-data", taken,
                     scope)
    if mode == "file":
        document = Input(name="body", variable="file", location=Location.BODY,
                         type=ValueType.FILE, required=True,
                         description="The document sent as the request body.")
        taken.add("file")
        return Built(RestBody(kind=BodyKind.BINARY,
                              content_type=content_type or "application/octet-stream",
                              required=True), [document])
    scope.diagnostics.warning("postman.body-mode", f"body mode {mode!r} is not known; no body "
                              "is sent", scope.where)
    return Built()


def _has_content(raw: dict[str, Any], mode: Any) -> bool:
    content = raw.get(mode) if isinstance(mode, str) else None
    if mode == "raw":
        return content not in (None, "")
    if mode in ("urlencoded", "formdata"):
        return isinstance(content, list) and any(
            isinstance(e, dict) and e.get("disabled") is not True for e in content)
    return mode == "file" or (isinstance(mode, str) and content is not None)


def _raw(raw: dict[str, Any], content_type: str | None, taken: set[str], scope: Scope) -> Built:
    options = raw.get("options")
    language = options.get("raw", {}).get("language") if isinstance(options, dict) and \
        isinstance(options.get("raw"), dict) else None
    media = content_type or LANGUAGE_TYPES.get(language if isinstance(language, str) else "",
                                               "text/plain")
    text = raw["raw"] if isinstance(raw["raw"], str) else json.dumps(raw["raw"])
    is_json = "json" in media.lower() or language == "json"
    if is_json:
        try:
            value = jsontext.load(text)
        except ValueError:
            scope.diagnostics.warning(
                "postman.body-not-json",
                "the raw body is declared JSON but is not JSON even with its variables "
                "filled in; it is sent as text, to be edited in the field", scope.where)
        else:
            return _json(value, media, taken, scope)
    if names_in(text):
        scope.diagnostics.info(
            "postman.body-text-variables",
            f"the {media} body holds {', '.join(sorted(set(names_in(text))))}: they stay as "
            "text in the body field, to be replaced there", scope.where)
    return _whole(BodyKind.TEXT, media, ValueType.STRING, scope.variables.substitute(text),
                  f"The {media} request body.", taken)


def _json(value: Any, media: str, taken: set[str], scope: Scope) -> Built:
    if not isinstance(value, dict) or not value:
        example = _filled(value, scope.variables)
        return _whole(BodyKind.JSON, media, fields.value_type(example)
                      if not isinstance(example, str) else ValueType.ANY, example,
                      "The JSON request body.", taken)
    inputs = [_member(key, member, taken, scope) for key, member in value.items()]
    return Built(RestBody(kind=BodyKind.JSON, content_type=media, fields_inline=True), inputs)


def _whole(kind: BodyKind, media: str, type: ValueType, example: Any, description: str,
           taken: set[str]) -> Built:
    """A body entered as one field."""
    variable = naming.variable("requestBody", taken, fallback="field")
    return Built(RestBody(kind=kind, content_type=media), [Input(
        name="body", variable=variable, location=Location.BODY, type=type, example=example,
        description=description)])


def _member(key: str, member: Any, taken: set[str], scope: Scope) -> Input:
    """A top-level member of a JSON body as a field."""
    bare = jsontext.stand_in(member)
    if bare is not None:
        typed = _json_value(scope.variables.get(bare))
        value = Value(default=typed, note=f"Postman variable {{{{{bare}}}}}, sent without "
                      "quotes (a number, true/false or JSON)")
        type = fields.value_type(typed)
    elif isinstance(member, str):
        value = scope.variables.value(member, name=key, diagnostics=scope.diagnostics,
                                      where=scope.where)
        type = ValueType.STRING
    else:
        if _has_variables(member):
            scope.diagnostics.info(
                "postman.body-nested-variables",
                f"variables inside the JSON member '{key}' are shown in its example; the member "
                "is entered as a whole", scope.where)
        value = Value(example=_filled(member, scope.variables))
        type = fields.value_type(member)
    return fields.make(key, value, Location.BODY, taken, type=type, fallback="field",
                       description=f"JSON member '{key}'")


def _form(entries: Any, kind: BodyKind, media: str, taken: set[str], scope: Scope) -> Built:
    inputs: list[Input] = []
    seen: set[str] = set()
    for entry in entries if isinstance(entries, list) else ():
        if not isinstance(entry, dict) or entry.get("disabled") is True:
            continue
        key = entry.get("key")
        if not isinstance(key, str) or not key:
            continue
        if key in seen:
            scope.diagnostics.info("postman.duplicate-field",
                                   f"field {key!r} is given twice; the template sends it once",
                                   scope.where)
            continue
        seen.add(key)
        is_file = entry.get("type") == "file"
        if is_file:
            value = Value(note="A file part: a document reference")
        else:
            raw_value = entry.get("value")
            text = raw_value if isinstance(raw_value, str) else "" if raw_value is None else \
                json.dumps(raw_value)
            value = scope.variables.value(text, name=key, diagnostics=scope.diagnostics,
                                          where=scope.where)
        inputs.append(fields.make(key, value, Location.BODY, taken, fallback="field",
                                  type=ValueType.FILE if is_file else ValueType.STRING,
                                  description=content(entry.get("description"))))
    return Built(RestBody(kind=kind, content_type=media, fields_inline=True), inputs)


def _json_value(text: str | None) -> Any:
    """A variable's text as the JSON value Postman's substitution makes of it."""
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _filled(value: Any, variables: Variables) -> Any:
    """`value` with variables replaced by their configured values where known."""
    if isinstance(value, dict):
        return {k: _filled(v, variables) for k, v in value.items()}
    if isinstance(value, list):
        return [_filled(v, variables) for v in value]
    bare = jsontext.stand_in(value)
    if bare is not None:
        known = variables.get(bare)
        return _json_value(known) if known is not None else "{{" + bare + "}}"
    if isinstance(value, str):
        return variables.substitute(value)
    return value


def _has_variables(value: Any) -> bool:
    """Does a JSON value hold a variable (a bare one, or `{{name}}` in a string)?"""
    if isinstance(value, dict):
        return any(_has_variables(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_variables(v) for v in value)
    return isinstance(value, str) and (jsontext.stand_in(value) is not None
                                       or bool(names_in(value)))
