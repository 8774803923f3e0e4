"""Pieces every connector renderer shares: properties, header, operation choice, auth, tail.

Renderers produce plain dicts in the element-template format (reference §5); nothing here sees a
raw spec. Property keys are emitted in one fixed order so output is stable and diff-friendly.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from converter import feel, naming
from converter.model import Api, AuthKind, AuthOption, Input, Operation, ValueType
from converter.naming import sentence
from converter.options import Options

SCHEMA_URL = "https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json"
# The connectors' own constraint on URL inputs (reference §1.2): FEEL, a URL or a secret.
URL_PATTERN = {"value": "^(=|(http://|https://|secrets|\\{\\{).*$)",
               "message": "Must be a http(s) URL"}
Condition = dict[str, Any]
Property = dict[str, Any]

_KEY_ORDER = (
    "id", "label", "description", "tooltip", "group", "type", "value", "placeholder", "editable",
    "optional", "feel", "constraints", "choices", "binding", "condition",
)  # fmt: skip


_KEYS = frozenset(_KEY_ORDER)


def prop(**fields: Any) -> Property:
    """An element-template property with keys in canonical order; None values are dropped."""
    if not _KEYS.issuperset(fields):
        raise TypeError(f"unknown property keys: {sorted(set(fields) - _KEYS)}")
    return {k: v for k in _KEY_ORDER if (v := fields.get(k)) is not None}


def input_binding(name: str) -> dict[str, str]:
    return {"type": "zeebe:input", "name": name}


def header_binding(key: str) -> dict[str, str]:
    return {"type": "zeebe:taskHeader", "key": key}


def hidden(pid: str, binding_name: str, value: str, condition: Condition | None = None) -> Property:
    """A Hidden zeebe:input with a fixed value (plain text or `=FEEL`).

    What `prop(id=pid, type="Hidden", value=value, binding=input_binding(binding_name),
    condition=condition)` gives, written out: every REST operation has three to five."""
    out = {"id": pid, "type": "Hidden", "value": value,
           "binding": {"type": "zeebe:input", "name": binding_name}, "condition": condition}
    if value is None:
        del out["value"]
    if condition is None:
        del out["condition"]
    return out


def task_type(job_type: str) -> Property:
    return prop(type="Hidden", value=job_type,
                binding={"type": "zeebe:taskDefinition", "property": "type"})


def optional_flag(options: Options, required: bool) -> bool | None:
    """`optional: true` keeps empty optional inputs out of the XML; needed before 8.8 only."""
    return True if (not required and not options.at_least("8.8")) else None


def combine(*conditions: Condition | None) -> Condition | None:
    """AND of conditions (None means always)."""
    parts: list[Condition] = []
    for c in conditions:
        if c is None:
            continue
        parts.extend(c["allMatch"] if "allMatch" in c else [c])
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"allMatch": parts}


def icon_uri(connector: str, api: Api, options: Options) -> str:
    """The icon as a data URI: `--icon`, the spec's own logo, or the bundled one."""
    chosen = options.icon or api.icon
    if chosen.startswith(("data:", "https://", "http://")):
        return chosen
    return "data:image/svg+xml;base64," + base64.b64encode(_icon(connector)).decode("ascii")


def _icon(connector: str) -> bytes:
    # The file in the package folder when there is one: importlib.resources would import
    # zipfile, tempfile, shutil, lzma and bz2 (some 7 ms before a big spec's work is shared).
    try:
        with open(os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "icons",
                               f"{connector}.svg"), "rb") as f:
            return f.read()
    except OSError:
        from importlib import resources  # packaged in an archive: let importlib find it

        return resources.files("converter").joinpath(f"resources/icons/{connector}.svg") \
            .read_bytes()


def header(
    *, api: Api, options: Options, connector: str, name: str, template_id: str,
    description: str, keywords: Sequence[str], docs_url: str,
) -> dict[str, Any]:
    """The template's top-level keys (reference §5.2)."""
    doc = docs_url if docs_url.startswith(("http://", "https://")) else ""
    return {
        "schema": SCHEMA_URL,
        "name": name,
        "id": template_id,
        "version": options.version,
        "description": description,
        "documentationRef": doc,
        "keywords": naming.dedupe(k for k in keywords if k),
        "category": {"id": "connectors", "name": "Connectors"},
        "appliesTo": ["bpmn:Task"],
        "elementType": {"value": "bpmn:ServiceTask"},
        "engines": {"camunda": f"^{options.camunda}"},
        "icon": {"contents": icon_uri(connector, api, options)},
    }


def short(text: str, limit: int = 300) -> str:
    """First paragraph of a description, clipped for tooltips and template descriptions."""
    first = text.strip().split("\n\n", 1)[0].strip()
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------- operation choice


@dataclass(frozen=True, slots=True)
class OperationChoice:
    """The Operation dropdown(s) and the conditions that select one operation's properties.

    One operation: no dropdown, no conditions. Up to `two_level_from` operations, or no tags:
    one `operationId` dropdown. Otherwise a group dropdown (by first tag) and one operation
    dropdown per group, like Camunda's hand-written GitHub template.
    """

    operations: tuple[Operation, ...]
    groups: tuple[tuple[str, str, tuple[Operation, ...]], ...]  # (key, label, operations)
    _index: dict[int, tuple[str, tuple[Operation, ...]]] = field(
        default_factory=dict, compare=False, repr=False)

    @staticmethod
    def build(operations: Sequence[Operation], *, two_level_from: int = 16) -> OperationChoice:
        ops = tuple(operations)
        by_tag: dict[str, list[Operation]] = {}  # first tags in the order they first appear
        for op in ops:
            by_tag.setdefault(op.tags[0] if op.tags else "", []).append(op)
        if len(ops) < two_level_from or len(by_tag) < 2:
            return OperationChoice(ops, ())
        taken: set[str] = set()
        groups = []
        for tag, members in by_tag.items():
            groups.append((naming.unique(naming.identifier(tag or "other"), taken),
                           tag or "Other", tuple(members)))
        return OperationChoice(ops, tuple(groups))

    def _group_of(self, op: Operation) -> str:
        for key, _, members in self.groups:
            if any(op is member for member in members):
                return key
        raise KeyError(op.id)

    def properties(self, group: str = "operation") -> list[Property]:
        if len(self.operations) == 1:
            return []
        if not self.groups:
            return [prop(id="operationId", label="Operation", group=group, type="Dropdown",
                         value=self.operations[0].id, choices=_choices(self.operations),
                         binding=input_binding("operationId"))]
        out = [prop(id="operationGroup", label="Operation group", group=group, type="Dropdown",
                    value=self.groups[0][0],
                    choices=[{"name": label, "value": key} for key, label, _ in self.groups],
                    binding=input_binding("operationGroup"))]
        for key, _, members in self.groups:
            out.append(prop(id=f"operationId.{key}", label="Operation", group=group,
                            type="Dropdown", value=members[0].id, choices=_choices(members),
                            binding=input_binding("operationId"),
                            condition={"property": "operationGroup", "equals": key}))
        return out

    def condition(self, op: Operation) -> Condition | None:
        """Active exactly when `op` is the selected operation."""
        if len(self.operations) > 1:
            if not self.groups:
                if id(op) in self._groups_by_op():
                    return {"property": "operationId", "equals": op.id}
            else:  # the same as condition_for([op]), without scanning every operation
                found = self._groups_by_op().get(id(op))
                if found is not None:
                    key, members = found
                    in_group: Condition = {"property": "operationGroup", "equals": key}
                    if len(members) == 1:
                        return in_group
                    return combine(in_group, {"property": f"operationId.{key}",
                                              "equals": op.id})
        return self.condition_for([op])[0]

    def _groups_by_op(self) -> dict[int, tuple[str, tuple[Operation, ...]]]:
        """id(operation) -> (group key, members), built once (a spec has hundreds of them)."""
        if not self._index:  # without groups: every operation, in one group ""
            for key, _, members in self.groups or (("", "", self.operations),):
                for member in members:
                    self._index.setdefault(id(member), (key, members))
        return self._index

    def condition_for(self, subset: Sequence[Operation]) -> list[Condition | None]:
        """Conditions (OR-ed by emitting one property each) true when any of `subset` is chosen."""
        # by identity: the operations are the very objects of `self.operations`, and deep
        # dataclass equality made this quadratic in a spec's size (Stripe, DigitalOcean)
        wanted = {id(op) for op in subset}
        chosen = [op for op in self.operations if id(op) in wanted]
        if len(chosen) == len(self.operations):
            return [None]
        if not self.groups:
            if len(chosen) == 1:
                return [{"property": "operationId", "equals": chosen[0].id}]
            return [{"property": "operationId", "oneOf": [op.id for op in chosen]}]
        out: list[Condition | None] = []
        for key, _, members in self.groups:
            inside = [op for op in members if id(op) in wanted]
            if not inside:
                continue
            in_group: Condition = {"property": "operationGroup", "equals": key}
            if len(inside) == len(members):
                out.append(in_group)
            elif len(inside) == 1:
                out.append(combine(in_group, {"property": f"operationId.{key}",
                                              "equals": inside[0].id}))
            else:
                out.append(combine(in_group, {"property": f"operationId.{key}",
                                              "oneOf": [op.id for op in inside]}))
        return out


def _choices(ops: Sequence[Operation]) -> list[dict[str, str]]:
    return [{"name": op.name + (" (deprecated)" if op.deprecated else ""), "value": op.id}
            for op in ops]


# --------------------------------------------------------------------------- fields for inputs


def choice_value(value: str) -> str:
    """The Dropdown value that gives the job the enum value `value`.

    A Dropdown's value becomes the input mapping's source, and an empty source is no value at
    all (the "(not set)" choice). An enum that lists "" (Stripe's emptyable fields, where an
    empty value clears the setting) needs a distinct choice: the FEEL string literal `=""`.
    A value that starts with `=` would be read as FEEL too, so it is written as a literal."""
    return "=" + feel.string(value) if value == "" or value.startswith("=") else value


# Field labels from input names: a big spec's operations share most of their parameter names.
_label = lru_cache(maxsize=4096)(naming.label)


@lru_cache(maxsize=4096)
def _tooltip(description: str, type_label: str, location: str, name: str) -> str | None:
    """An input field's tooltip (once per distinct input: operations share many)."""
    parts = [sentence(short(description))] if description else []
    if type_label:
        parts.append(f"Type: {type_label}.")
    if location in ("path", "query", "header", "cookie"):
        parts.append(f"Sent as {location} parameter '{name}'.")
    return " ".join(parts) or None


def input_property(
    inp: Input, *, pid: str, group: str, options: Options, condition: Condition | None,
    label: str = "",
) -> Property:
    """A visible field for one input: Dropdown for enums, Boolean, Number, FEEL for complex."""
    tooltip = _tooltip(inp.description, inp.type_label, inp.location.value, inp.name)
    constraints = {"notEmpty": True} if inp.required else None
    common: dict[str, Any] = {
        "id": pid, "label": label or _label(inp.name), "tooltip": tooltip, "group": group,
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
    # An optional text whose default is "" stays empty: the API's default is what not sending
    # it means, and a prefilled "" would be sent as `name=` (not allowed without allowEmptyValue)
    shown = None if value is None or (value == "" and not inp.required) else str(value)
    return prop(**common, type="String", value=shown, optional=optional_flag(options, inp.required),
                feel="optional", constraints=constraints,
                placeholder=("e.g. " + str(inp.example))[:80]
                if inp.example is not None and shown is None else None)


# --------------------------------------------------------------------------- authentication

_FULL_CHOICE = (
    AuthOption(kind=AuthKind.NONE),
    AuthOption(kind=AuthKind.BASIC),
    AuthOption(kind=AuthKind.BEARER),
    AuthOption(kind=AuthKind.API_KEY),
    AuthOption(kind=AuthKind.OAUTH2_CLIENT_CREDENTIALS),
)
_TYPE = {
    AuthKind.NONE: "noAuth",
    AuthKind.BASIC: "basic",
    AuthKind.BEARER: "bearer",
    AuthKind.API_KEY: "apiKey",
    AuthKind.OAUTH2_CLIENT_CREDENTIALS: "oauth-client-credentials-flow",
}
_LABEL = {
    AuthKind.NONE: "No authentication",
    AuthKind.BASIC: "Basic",
    AuthKind.BEARER: "Bearer token",
    AuthKind.API_KEY: "API key",
    AuthKind.OAUTH2_CLIENT_CREDENTIALS: "OAuth 2.0 client credentials",
}


def http_auth_options(api: Api, op: Operation | None = None) -> tuple[AuthOption, ...]:
    """The options an operation offers; the full choice when the spec declares nothing."""
    chosen = op.auth_options if op is not None and op.auth_options is not None else None
    if chosen is None:
        chosen = api.auth_options if api.auth_declared else ()
    usable = tuple(o for o in chosen if o.kind in _TYPE)
    return usable or (_FULL_CHOICE if not api.auth_declared else
                      (AuthOption(kind=AuthKind.NONE),))


def http_auth_properties(
    auth: Sequence[AuthOption], *, api_slug: str, options: Options, group: str = "authentication",
    condition: Condition | None = None, id_prefix: str = "",
    qualify: frozenset[AuthKind] = frozenset(),
) -> list[Property]:
    """REST/GraphQL `authentication.*` properties (reference §1.1) for the given options.

    Secret names carry the scheme name when the options are several or when the API has more
    than one scheme of the same kind (`qualify`), so two API keys never share a secret.
    """
    out: list[Property] = []
    labels = []
    for o in auth:
        text = _LABEL[o.kind]
        if o.scheme:
            text = f"{text} ({o.scheme})"
        labels.append(text)
    types = [_TYPE[o.kind] for o in auth]
    pid = id_prefix + "authentication"
    selector_needed = len(set(types)) != len(types)
    if len(auth) == 1:
        out.append(hidden(f"{pid}.type", "authentication.type", types[0], condition))
        per_option = [condition]
    elif not selector_needed:
        out.append(prop(id=f"{pid}.type", label="Authentication", group=group, type="Dropdown",
                        value=types[0],
                        choices=[{"name": lab, "value": t} for lab, t in zip(labels, types,
                                                                             strict=True)],
                        binding=input_binding("authentication.type"), condition=condition))
        per_option = [combine(condition, {"property": f"{pid}.type", "equals": t}) for t in types]
    else:
        keys = [f"option{i + 1}" for i in range(len(auth))]
        out.append(prop(id=f"{pid}.choice", label="Authentication", group=group, type="Dropdown",
                        value=keys[0],
                        choices=[{"name": lab, "value": k} for lab, k in zip(labels, keys,
                                                                             strict=True)],
                        binding=input_binding("authenticationChoice"), condition=condition))
        per_option = [combine(condition, {"property": f"{pid}.choice", "equals": k})
                      for k in keys]
        for i, (t, cond) in enumerate(zip(types, per_option, strict=True)):
            out.append(hidden(f"{pid}.option{i + 1}.type", "authentication.type", t, cond))
    for i, (o, cond) in enumerate(zip(auth, per_option, strict=True)):
        sub = f"{pid}.option{i + 1}" if selector_needed else pid
        out.extend(_auth_fields(o, pid=sub, api_slug=api_slug, options=options, group=group,
                                condition=cond, distinct=len(auth) > 1 or o.kind in qualify))
    return out


def secret(api_slug: str, *parts: str) -> str:
    """A credential placeholder, remembered so that `renderers` keeps it (see WRITTEN_SECRETS)."""
    text = "{{secrets." + naming.secret_name(api_slug, *parts) + "}}"
    written = WRITTEN_SECRETS.get()
    if written is not None:
        written.add(text)
    return text


# The secret placeholders written while rendering one template: every other `{{secrets...}}`
# in a value came from the spec (renderers._neutralise_secret_references).
WRITTEN_SECRETS: ContextVar[set[str] | None] = ContextVar("written_secrets", default=None)


def _auth_fields(
    o: AuthOption, *, pid: str, api_slug: str, options: Options, group: str,
    condition: Condition | None, distinct: bool,
) -> list[Property]:
    scheme = o.scheme if distinct and o.scheme else ""
    tip = short(o.description) or None

    def field(name: str, label: str, value: str | None, *, required: bool = True,
              tooltip: str | None = None) -> Property:
        return prop(id=f"{pid}.{name}", label=label, tooltip=tooltip or tip, group=group,
                    type="String", value=value, optional=optional_flag(options, required),
                    feel="optional", constraints={"notEmpty": True} if required else None,
                    binding=input_binding(f"authentication.{name}"), condition=condition)

    if o.kind is AuthKind.BASIC:
        return [field("username", "Username", secret(api_slug, scheme, "USERNAME")),
                field("password", "Password", secret(api_slug, scheme, "PASSWORD"))]
    if o.kind is AuthKind.BEARER:
        where = o.token_source or "your identity provider"
        return [field("token", "Bearer token", secret(api_slug, scheme, "TOKEN"),
                      tooltip=(tip + " " if tip else "") + f"Token obtained from {where}."
                      if o.token_source else None)]
    if o.kind is AuthKind.API_KEY:
        if o.key_name:
            location = "headers" if o.key_location in ("header", "cookie", "") else "query"
            name_value = "Cookie" if o.key_location == "cookie" else o.key_name
            value = secret(api_slug, scheme, "API_KEY")
            tooltip = tip
            if o.key_location == "cookie":
                value = f"{o.key_name}={value}"
                tooltip = f"Sent as the Cookie header '{o.key_name}=<key>'. " + (tip or "")
            return [hidden(f"{pid}.apiKeyLocation", "authentication.apiKeyLocation", location,
                           condition),
                    hidden(f"{pid}.name", "authentication.name", name_value, condition),
                    field("value", f"API key ({o.key_name})", value, tooltip=tooltip)]
        return [prop(id=f"{pid}.apiKeyLocation", label="API key location", group=group,
                     type="Dropdown", value="headers",
                     choices=[{"name": "Headers", "value": "headers"},
                              {"name": "Query parameters", "value": "query"}],
                     constraints={"notEmpty": True},
                     binding=input_binding("authentication.apiKeyLocation"), condition=condition),
                field("name", "API key name", None),
                field("value", "API key value", secret(api_slug, scheme, "API_KEY"))]
    if o.kind is AuthKind.OAUTH2_CLIENT_CREDENTIALS:
        scopes = " ".join(o.scopes) or None
        return [
            prop(id=f"{pid}.oauthTokenEndpoint", label="OAuth 2.0 token endpoint", tooltip=tip,
                 group=group, type="String", value=o.token_url or None, feel="optional",
                 constraints={"notEmpty": True, "pattern": dict(URL_PATTERN)},
                 binding=input_binding("authentication.oauthTokenEndpoint"), condition=condition),
            field("clientId", "Client ID", secret(api_slug, scheme, "CLIENT_ID")),
            field("clientSecret", "Client secret", secret(api_slug, scheme, "CLIENT_SECRET")),
            field("audience", "Audience", None, required=False),
            prop(id=f"{pid}.clientAuthentication", label="Client authentication", group=group,
                 type="Dropdown", value="basicAuthHeader",
                 choices=[{"name": "Send client ID and secret as Basic auth header",
                           "value": "basicAuthHeader"},
                          {"name": "Send client ID and secret in body",
                           "value": "credentialsBody"}],
                 constraints={"notEmpty": True},
                 binding=input_binding("authentication.clientAuthentication"),
                 condition=condition),
            field("scopes", "Scopes", scopes, required=False,
                  tooltip="Space-separated scopes requested with the token."),
        ]
    return []


# --------------------------------------------------------------------------- tail


def output_properties(
    results: Sequence[tuple[str, Condition | None]], errors: Sequence[tuple[str, Condition | None]],
    *, options: Options, result_variable: str = "",
) -> list[Property]:
    """Result variable, per-operation result and error expressions, retries (reference §0)."""
    return [result_variable_property(result_variable), *expression_properties(results, errors),
            *retry_properties(options)]


def result_variable_property(result_variable: str = "") -> Property:
    return prop(id="resultVariable", label="Result variable", group="output", type="String",
                value=result_variable or None, binding=header_binding("resultVariable"))


_RESULT_TIP = "Maps the response to process variables. Adjust as needed."
_ERROR_TIP = "Turns failures into BPMN errors that boundary events can catch."


def expression_properties(results: Sequence[tuple[str, Condition | None]],
                          errors: Sequence[tuple[str, Condition | None]]) -> list[Property]:
    """A result expression per entry of `results`, then an error expression per entry of
    `errors`, in their order. Each is a new dict, with a binding of its own, that holds the
    entry's value and condition as they are (renderers rely on that, see `rest.render`)."""
    out = [_expression("resultExpression" if len(results) == 1 else f"resultExpression.{i}",
                       "Result expression", _RESULT_TIP, "output", value, "resultExpression",
                       cond) for i, (value, cond) in enumerate(results)]
    out.extend(_expression("errorExpression" if len(errors) == 1 else f"errorExpression.{i}",
                           "Error expression", _ERROR_TIP, "error", value, "errorExpression",
                           cond) for i, (value, cond) in enumerate(errors))
    return out


def _expression(pid: str, label: str, tooltip: str, group: str, value: str | None, key: str,
                condition: Condition | None) -> Property:
    """`prop(id=pid, label=label, tooltip=tooltip, group=group, type="Text", value=value,
    feel="required", binding=header_binding(key), condition=condition)`, written out: a big
    spec has two per operation, built after its forked parts are joined."""
    out = {"id": pid, "label": label, "tooltip": tooltip, "group": group, "type": "Text",
           "value": value, "feel": "required", "binding": {"type": "zeebe:taskHeader", "key": key},
           "condition": condition}
    if value is None:
        del out["value"]
    if condition is None:
        del out["condition"]
    return out


def retry_properties(options: Options) -> list[Property]:
    out = [prop(id="retryCount", label="Retries", group="retries", type="String",
                value="3", feel="optional",
                binding={"type": "zeebe:taskDefinition", "property": "retries"}),
           prop(id="retryBackoff", label="Retry backoff", group="retries", type="String",
                value="PT30S" if options.at_least("8.10") else "PT0S",
                binding=header_binding("retryBackoff"),
                tooltip="ISO-8601 duration to wait between retries.")]
    if options.at_least("8.10"):
        out.append(prop(id="jobTimeout", label="Job timeout", group="retries", type="String",
                        optional=True, binding=header_binding("jobTimeout")))
    return out


TAIL_GROUPS = (
    {"id": "output", "label": "Output mapping"},
    {"id": "error", "label": "Error handling"},
    {"id": "retries", "label": "Retries"},
)


def used_groups(groups: Sequence[dict[str, str]], properties: Sequence[Property]) -> list[
    dict[str, str]
]:
    """Only the groups that hold at least one property (no empty groups, reference §7.5)."""
    used = {p.get("group") for p in properties}
    return [g for g in groups if g["id"] in used]
