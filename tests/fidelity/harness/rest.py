"""REST operations: spec lookups for values, and the judge (connector build + openapi-core)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import judge_openapi, values
from harness.apply import AppliedTask
from harness.connector import HttpRequest, rest_request
from harness.fill import NO_DEFAULT, InputRef, Variant, plan, unasked
from harness.judge_openapi import Verdict
from harness.node import NodeHelper
from harness.pipeline import REST_TYPE, Evaluated, Outcome, run_variants


@dataclass(frozen=True, slots=True)
class RestOperation:
    """What the harness needs to know about one REST operation."""

    id: str
    method: str  # GET POST ...
    path: str  # spec path template
    inputs: tuple[InputRef, ...]
    content_type: str = ""  # request body media type chosen by the converter


class SpecSchemas:
    """Schema lookups in the judge's own view of the spec (for the operation at `path`)."""

    def __init__(self, spec_path: str | Path, path: str) -> None:
        self.api, self.key = judge_openapi.load_for(str(Path(spec_path).resolve()), path)
        self.spec = self.api.spec

    def operation(self, method: str, path: str) -> Any:
        return self.spec / "paths" / self._key(path) / method.lower()

    def _key(self, path: str) -> str:
        return self.key if judge_openapi.split_path(path)[0] == self.key else path

    def parameter_object(self, method: str, path: str, location: str, name: str) -> Any:
        item = self.spec / "paths" / self._key(path)
        for holder in (item / method.lower(), item):
            if "parameters" not in holder:
                continue
            for param in holder / "parameters":
                if (param / "in").read_value() == location and (
                    param / "name").read_value() == name:
                    return param
        raise values.NoValue(f"no {location} parameter {name!r} in {method} {path}")

    def parameter(self, method: str, path: str, location: str, name: str) -> Any:
        param = self.parameter_object(method, path, location, name)
        if "schema" in param:
            return param / "schema"
        if "content" in param:
            content = param / "content"
            return content / next(iter(content.keys())) / "schema"
        raise values.NoValue(f"no schema for {location} parameter {name!r} in {method} {path}")

    def body(self, method: str, path: str, content_type: str) -> Any:
        op = self.operation(method, path)
        if "requestBody" not in op:
            raise values.NoValue(f"{method} {path} has no request body")
        content = op / "requestBody" / "content"
        keys = list(content.keys())
        key = content_type if content_type in keys else next(
            (k for k in keys if k.split(";")[0] == content_type.split(";")[0]), keys[0])
        media = content / key
        if "schema" not in media:
            raise values.NoValue(f"{method} {path} body {key} has no schema")
        return media / "schema"

    def value_for(self, op: RestOperation, ref: InputRef, optional: bool) -> Any:
        if ref.location in ("path", "query", "header", "cookie"):
            node = self.parameter(op.method, op.path, ref.location, ref.name)
            if not self._bracketed(op, ref):
                value = values.generate(node, hint=ref.name, optional=optional)
                param = self.parameter_object(op.method, op.path, ref.location, ref.name)
                if value == "" and values._read(param, "allowEmptyValue") is not True:
                    # "" (e.g. a schema default) cannot be sent unless allowEmptyValue says so
                    # (OAS 3.0); a user enters the parameter's example instead
                    example = values._read(param, "example")
                    if isinstance(example, str) and example:
                        return example
                return value
            with values.nonempty_objects():
                return values.without_empty(
                    values.generate(node, hint=ref.name, optional=optional))
        if ref.location == "body":
            node = self.body(op.method, op.path, op.content_type)
            for key in ref.path:
                if "properties" in node and key in (node / "properties"):
                    node = node / "properties" / key
                else:
                    node = _member(node, key)
            if self._bracketed(op, ref):
                with values.nonempty_objects():
                    return values.without_empty(
                        values.generate(node, hint=ref.name, optional=optional))
            value = values.generate(node, hint=ref.name, optional=optional)
            if not ref.path and "xml" in op.content_type and not isinstance(value, str):
                # A whole XML body is typed as XML text, as a user would (the field holds XML).
                root = "root"
                if "xml" in node and "name" in (node / "xml"):
                    root = str((node / "xml" / "name").read_value())
                return _xml(root, value)
            return value
        raise values.NoValue(f"unexpected location {ref.location}")


    def default_for(self, op: RestOperation, ref: InputRef) -> Any:
        """The spec's own default of an input: `default`, `const` or the one value of an
        enum, also inside allOf branches (NO_DEFAULT when it gives none)."""
        try:
            if ref.location in ("path", "query", "header", "cookie"):
                node = self.parameter(op.method, op.path, ref.location, ref.name)
            elif ref.location == "body":
                node = self.body(op.method, op.path, op.content_type)
                for key in ref.path:
                    if "properties" in node and key in (node / "properties"):
                        node = node / "properties" / key
                    else:
                        node = _member(node, key)
            else:
                return NO_DEFAULT
        except values.NoValue:
            return NO_DEFAULT
        return _schema_default(node)

    def _bracketed(self, op: RestOperation, ref: InputRef) -> bool:
        """Is the input sent in a bracket encoding (`name[a][b]=v`), where an empty object
        has no wire form? A deepObject query parameter, or a urlencoded body member whose
        encoding names a style (deepObject, form); without one, OpenAPI sends an object
        member as its JSON text (the encoding's default contentType, application/json)."""
        if ref.location == "query":
            item = self.spec / "paths" / self._key(op.path)
            for holder in (item / op.method.lower(), item):
                for param in (holder / "parameters") if "parameters" in holder else ():
                    if (param / "in").read_value() == "query" and (
                            param / "name").read_value() == ref.name:
                        return "style" in param and (
                            param / "style").read_value() == "deepObject"
            return False
        if ref.location != "body" or len(ref.path) != 1 or \
                op.content_type.split(";")[0].strip() != "application/x-www-form-urlencoded":
            return False
        op_node = self.operation(op.method, op.path)
        content = op_node / "requestBody" / "content"
        key = next((k for k in content.keys() if k.split(";")[0].strip() == op.content_type),
                   None)
        if key is None or "encoding" not in (content / key):
            return False
        encoding = content / key / "encoding"
        if ref.path[0] not in encoding:
            return False
        declared = encoding / ref.path[0]
        return "style" in declared or "explode" in declared


def _xml(name: str, value: Any) -> str:
    """A plain XML rendering of a generated value (objects -> children, lists -> repeats)."""
    from xml.sax.saxutils import escape

    if isinstance(value, dict):
        return f"<{name}>" + "".join(_xml(str(k), v) for k, v in value.items()) + f"</{name}>"
    if isinstance(value, list):
        return "".join(_xml(name, v) for v in value)
    text = ("true" if value else "false") if isinstance(value, bool) else \
        "" if value is None else str(value)
    return f"<{name}>{escape(text)}</{name}>"


def _schema_default(node: Any, depth: int = 0) -> Any:
    for key in ("default", "const"):
        if key in node:
            return values._read(node, key)
    enum = values._read(node, "enum")
    if isinstance(enum, list) and len(enum) == 1:
        return enum[0]
    if depth < 4 and "allOf" in node:
        for sub in node / "allOf":
            found = _schema_default(sub, depth + 1)
            if found is not NO_DEFAULT:
                return found
    return NO_DEFAULT


def _member(node: Any, key: str) -> Any:
    """A property schema inside allOf/oneOf/anyOf branches."""
    for comb in ("allOf", "oneOf", "anyOf"):
        if comb in node:
            for sub in node / comb:
                if "properties" in sub and key in (sub / "properties"):
                    return sub / "properties" / key
                try:
                    return _member(sub, key)
                except values.NoValue:
                    continue
    raise values.NoValue(f"no body member {key!r}")


def rest_judge(spec_path: str | Path, op: RestOperation):  # type: ignore[no-untyped-def]
    def judge(task: AppliedTask, ev: Evaluated, variant: Variant) -> Verdict:
        verdict = Verdict(accepted=True)
        if task.task_type != REST_TYPE:
            verdict.reject("template.task-type", f"task type {task.task_type!r}")
            return verdict
        request: HttpRequest = rest_request(ev.variables)
        judged = judge_openapi.judge(spec_path, request, expected=variant.expected,
                                     operation=(op.method, op.path))
        judged.reasons[:0] = verdict.reasons
        for problem in unasked(variant, lambda ref: carries(ev.variables, ref)):
            judged.reject("value.unasked", problem)
        judged.request = request  # type: ignore[attr-defined]
        return judged

    return judge


def carries(variables: dict[str, Any], ref: InputRef) -> bool:
    """Does the connector's input hold the input `ref` (a query parameter, header, cookie or
    body member of that name, also in bracket form `name[...]`)?"""
    def named(mapping: Any, name: str, *, fold: bool = False) -> bool:
        if not isinstance(mapping, dict):
            return False
        keys = [str(k).lower() if fold else str(k) for k in mapping]
        wanted = name.lower() if fold else name
        return any(k == wanted or k.startswith(wanted + "[") for k in keys)

    if ref.location == "query":
        return named(variables.get("queryParameters"), ref.name)
    if ref.location == "header":
        return named(variables.get("headers"), ref.name, fold=True)
    if ref.location == "cookie":
        cookie = next((v for k, v in (variables.get("headers") or {}).items()
                       if str(k).lower() == "cookie"), None)
        return isinstance(cookie, str) and any(
            part.strip().startswith(ref.name + "=") for part in cookie.split(";"))
    if ref.location == "body":
        body = variables.get("body")
        if not ref.path:
            return body not in (None, "")
        return named(body, ref.path[0])
    return False


def default_fields(spec: SpecSchemas) -> dict[str, Any]:
    """Values for required non-input fields a template may leave empty."""
    servers = []
    try:
        for server in spec.spec / "servers":
            servers.append((server / "url").read_value())
    except Exception:
        pass
    base = next((s for s in servers if s.startswith(("http://", "https://"))),
                "https://api.example.com")
    return {"baseUrl": base, "serverUrl": base, "url": base,
            "authentication.oauthTokenEndpoint": "https://auth.example.com/oauth/token",
            "authentication.name": "X-API-Key", "authentication.username": "harness-user"}


def check_operation(spec_path: str | Path, template: dict[str, Any], op: RestOperation, *,
                    spec_name: str = "", helper: NodeHelper | None = None,
                    variants: Sequence[str] = ("full", "minimal")) -> list[Outcome]:
    schemas = SpecSchemas(spec_path, op.path)
    planned = plan(template, op.id, op.inputs, lambda ref, opt: schemas.value_for(op, ref, opt),
                   defaults=default_fields(schemas),
                   default_for=lambda ref: schemas.default_for(op, ref))
    judge = rest_judge(spec_path, op)
    chosen = [v for v in planned if v.name in variants]
    out = run_variants(template, chosen, judge, spec=spec_name or Path(spec_path).name,
                       operation=op.id, helper=helper)
    for outcome in out:
        outcome.request = getattr(outcome.verdict, "request", None)
        outcome.method, outcome.path = op.method, op.path
        outcome.spec_path = str(Path(spec_path).resolve())
    return out
