"""Postman authentication -> the connector's authentication, with Postman's inheritance.

An item without `auth` inherits its folder's, up to the collection's; ``noauth`` stops the
search (the request is sent without credentials). v2.1 keeps each kind's parameters as a list
of ``{key, value}``, v2.0 as an object: both are read. Basic, bearer, API key (header or query)
and OAuth 2.0 map onto the REST connector's own kinds; a kind the connector cannot perform
(digest, OAuth 1.0, Hawk, NTLM, EdgeGrid, AWS Signature, ...) becomes a bearer token field with a
tooltip and a warning, since the request can only be authorised if the user supplies a ready
credential.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from converter.diagnostics import Diagnostics
from converter.model import AuthKind, AuthOption
from converter.parsers.postman.variables import VARIABLE, names_in, secret_name

_OTHER = {
    "digest": "Digest", "oauth1": "OAuth 1.0", "hawk": "Hawk", "ntlm": "NTLM",
    "edgegrid": "Akamai EdgeGrid", "akamai": "Akamai EdgeGrid", "awsv4": "AWS Signature",
    "asap": "ASAP (Atlassian)", "jwt": "JWT bearer",
}
NONE = (AuthOption(kind=AuthKind.NONE),)


@dataclass(frozen=True, slots=True)
class Auth:
    """A Postman auth block, its parameters as a plain mapping (None: no block, inherit)."""

    type: str
    params: dict[str, Any]


def read(block: Any) -> Auth | None:
    """The auth block of a collection, folder or request; None when it inherits."""
    if not isinstance(block, dict):
        return None
    kind = block.get("type")
    if not isinstance(kind, str) or not kind or kind == "inherit":
        return None
    raw = block.get(kind)
    params: dict[str, Any] = {}
    if isinstance(raw, list):  # v2.1: [{key, value, type}]
        for entry in raw:
            if isinstance(entry, dict) and isinstance(entry.get("key"), str):
                params[entry["key"]] = entry.get("value")
    elif isinstance(raw, dict):  # v2.0: {username: ..., password: ...}
        params = dict(raw)
    return Auth(kind, params)


def effective(chain: list[Auth | None]) -> Auth | None:
    """The auth in force for a request: `chain` runs from the request up to the collection."""
    for auth in chain:
        if auth is not None:
            return None if auth.type == "noauth" else auth
    return None


def options(auth: Auth | None, *, diagnostics: Diagnostics, where: str) -> tuple[AuthOption, ...]:
    """The connector's authentication for a Postman auth (none -> no authentication)."""
    if auth is None:
        return NONE
    p = auth.params
    if auth.type == "basic":
        return (AuthOption(kind=AuthKind.BASIC, scheme=scheme_of(p.get("username"))),)
    if auth.type == "bearer":
        return (AuthOption(kind=AuthKind.BEARER, scheme=scheme_of(p.get("token"))),)
    if auth.type == "apikey":
        key = _text(p.get("key")) or "x-api-key"
        location = "query" if _text(p.get("in")).lower() == "query" else "header"
        return (AuthOption(kind=AuthKind.API_KEY, scheme=scheme_of(p.get("value")), key_name=key,
                           key_location=location),)
    if auth.type == "oauth2":
        return (_oauth2(p),)
    label = _OTHER.get(auth.type, auth.type)
    diagnostics.warning(
        "postman.auth-unsupported",
        f"{label} authentication cannot be performed by the REST connector (it signs or "
        "negotiates each request); the template asks for a ready Authorization token instead",
        where)
    return (AuthOption(kind=AuthKind.BEARER, scheme=auth.type,
                       description=f"The collection uses {label} authentication, which the "
                       "connector cannot compute.",
                       token_source=f"a {label} credential computed outside the process "
                       "(sent as 'Bearer <token>')"),)


def _oauth2(p: dict[str, Any]) -> AuthOption:
    grant = _text(p.get("grant_type")).lower().replace("-", "_")
    token_url = _text(p.get("accessTokenUrl"))
    if grant == "client_credentials" and token_url and not VARIABLE.search(token_url):
        scopes = tuple(_text(p.get("scope")).replace(",", " ").split())
        return AuthOption(kind=AuthKind.OAUTH2_CLIENT_CREDENTIALS, token_url=token_url,
                          scopes=scopes, scheme=scheme_of(p.get("clientId")))
    flow = grant.replace("_", " ") or "OAuth 2.0"
    source = f"the OAuth 2.0 {flow} flow" if grant else "your OAuth 2.0 provider"
    if token_url:
        source += f" ({token_url})"
    return AuthOption(kind=AuthKind.BEARER, scheme=scheme_of(p.get("accessToken")),
                      token_source=source)


def from_header(name: str, value: str) -> AuthOption | None:
    """An explicit credential header of a request without Postman auth, as the connector's
    authentication: ``Authorization: Bearer {{token}}`` -> bearer, ``Basic ...`` -> basic, any
    other Authorization value (``token {{token}}``, empty) or a credential-named header
    (``X-API-Key``) -> an API key sent in that header."""
    lowered = name.strip().lower()
    text = value.strip()
    if lowered == "authorization":
        scheme, _, rest = text.partition(" ")
        rest = rest.strip()
        if scheme.lower() == "bearer" and rest:
            return AuthOption(kind=AuthKind.BEARER, scheme=scheme_of(rest))
        if scheme.lower() == "basic" and rest:
            return AuthOption(kind=AuthKind.BASIC, scheme=scheme_of(rest))
        hint = f" as '{scheme} <credential>'" if rest else ""
        return AuthOption(kind=AuthKind.API_KEY, key_name=name.strip(), key_location="header",
                          scheme=scheme_of(rest or text),
                          description=f"The whole Authorization header value{hint}.")
    if secret_name(lowered) and lowered not in ("cookie", "set-cookie"):
        return AuthOption(kind=AuthKind.API_KEY, key_name=name.strip(), key_location="header",
                          scheme=scheme_of(text))
    return None


def scheme_of(value: Any) -> str:
    """The variable a credential comes from (``{{token}}`` -> token): it names the secret."""
    used = names_in(_text(value))
    return used[0] if len(used) == 1 and not used[0].startswith("$") else ""


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)
