"""Authentication properties of the REST and GraphQL connectors (`authentication.*`)."""

from __future__ import annotations

from collections.abc import Sequence

from converter.model import Api, AuthKind, AuthOption, Operation
from converter.options import Options
from converter.renderers.credentials import secret
from converter.renderers.properties import (
    URL_PATTERN,
    Condition,
    Property,
    combine,
    hidden,
    input_binding,
    optional_flag,
    prop,
    short,
)

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
    auth: Sequence[AuthOption], *, api_slug: str, options: Options,
    condition: Condition | None = None, id_prefix: str = "",
    qualify: frozenset[AuthKind] = frozenset(),
) -> list[Property]:
    """The REST and GraphQL connectors' `authentication.*` properties for the given options.

    Secret names carry the scheme name when the options are several or when the API has more
    than one scheme of the same kind (`qualify`), so two API keys never share a secret.
    """
    out: list[Property] = []
    types = [_TYPE[o.kind] for o in auth]
    pid = id_prefix + "authentication"
    # Two options of one type (two API keys) cannot be told apart by the type: a separate
    # choice of option then sets each option's type.
    selector_needed = len(set(types)) != len(types)
    if len(auth) == 1:
        out.append(hidden(f"{pid}.type", "authentication.type", types[0], condition))
        per_option = [condition]
    else:
        if selector_needed:
            chooser, binding = f"{pid}.choice", "authenticationChoice"
            values = [f"option{i + 1}" for i in range(len(auth))]
        else:
            chooser, binding, values = f"{pid}.type", "authentication.type", types
        labels = [f"{_LABEL[o.kind]} ({o.scheme})" if o.scheme else _LABEL[o.kind] for o in auth]
        out.append(prop(id=chooser, label="Authentication", group="authentication",
                        type="Dropdown", value=values[0],
                        choices=[{"name": lab, "value": v}
                                 for lab, v in zip(labels, values, strict=True)],
                        binding=input_binding(binding), condition=condition))
        per_option = [combine(condition, {"property": chooser, "equals": v}) for v in values]
        if selector_needed:
            out.extend(hidden(f"{pid}.option{i + 1}.type", "authentication.type", t, cond)
                       for i, (t, cond) in enumerate(zip(types, per_option, strict=True)))
    for i, (o, cond) in enumerate(zip(auth, per_option, strict=True)):
        sub = f"{pid}.option{i + 1}" if selector_needed else pid
        out.extend(_auth_fields(o, pid=sub, api_slug=api_slug, options=options, condition=cond,
                                distinct=len(auth) > 1 or o.kind in qualify))
    return out


def _auth_fields(
    o: AuthOption, *, pid: str, api_slug: str, options: Options, condition: Condition | None,
    distinct: bool,
) -> list[Property]:
    scheme = o.scheme if distinct and o.scheme else ""
    tip = short(o.description) or None

    def field(name: str, label: str, value: str | None, *, required: bool = True,
              tooltip: str | None = None) -> Property:
        return prop(id=f"{pid}.{name}", label=label, tooltip=tooltip or tip, group="authentication",
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
        return [prop(id=f"{pid}.apiKeyLocation", label="API key location", group="authentication",
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
                 group="authentication", type="String", value=o.token_url or None, feel="optional",
                 constraints={"notEmpty": True, "pattern": dict(URL_PATTERN)},
                 binding=input_binding("authentication.oauthTokenEndpoint"), condition=condition),
            field("clientId", "Client ID", secret(api_slug, scheme, "CLIENT_ID")),
            field("clientSecret", "Client secret", secret(api_slug, scheme, "CLIENT_SECRET")),
            field("audience", "Audience", None, required=False),
            prop(id=f"{pid}.clientAuthentication", label="Client authentication",
                 group="authentication", type="Dropdown", value="basicAuthHeader",
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
