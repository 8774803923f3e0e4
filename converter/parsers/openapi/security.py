"""securitySchemes / securityDefinitions and `security` requirements -> AuthOption tuples."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from converter.diagnostics import Diagnostics
from converter.model import AuthKind, AuthOption
from converter.parsers.openapi.refs import RefError, Resolver


def scheme_options(doc: dict[str, Any], resolver: Resolver, *, swagger2: bool,
                   diagnostics: Diagnostics) -> dict[str, AuthOption]:
    """Every declared scheme by name, mapped to what the connector can do."""
    components = doc.get("components")
    raw = doc.get("securityDefinitions") if swagger2 else \
        components.get("securitySchemes") if isinstance(components, dict) else None
    out: dict[str, AuthOption] = {}
    if not isinstance(raw, dict):
        return out
    for name, node in raw.items():
        try:
            scheme, _ = resolver.deref(node, resolver.root)
        except RefError as exc:
            diagnostics.warning("openapi.security-unresolved", str(exc),
                                f"securitySchemes.{name}")
            continue
        if not isinstance(scheme, dict):
            continue
        option = _option(str(name), scheme, swagger2)
        if option is None:
            diagnostics.warning(
                "openapi.security-unsupported",
                f"security scheme {name!r} ({scheme.get('type')}) cannot be performed by the "
                "connector; operations using only it get no authentication",
                f"securitySchemes.{name}")
            continue
        out[str(name)] = option
    return out


def _option(name: str, s: dict[str, Any], swagger2: bool) -> AuthOption | None:
    kind = str(s.get("type", ""))
    desc = str(s.get("description") or "")
    if kind == "basic" or (kind == "http" and str(s.get("scheme", "")).lower() == "basic"):
        return AuthOption(kind=AuthKind.BASIC, scheme=name, description=desc)
    if kind == "http" and str(s.get("scheme", "")).lower() == "bearer":
        fmt = s.get("bearerFormat")
        return AuthOption(kind=AuthKind.BEARER, scheme=name, description=desc,
                          token_source=f"your identity provider ({fmt})" if fmt else "")
    if kind == "apiKey":
        location = str(s.get("in", "header"))
        if location not in ("header", "query", "cookie"):
            return None
        return AuthOption(kind=AuthKind.API_KEY, scheme=name, description=desc,
                          key_name=str(s.get("name", "")), key_location=location)
    if kind == "oauth2":
        flows = _flows(s, swagger2)
        cc = flows.get("clientCredentials")
        if cc is not None and cc.get("tokenUrl"):
            raw_scopes = cc.get("scopes")
            scopes = tuple(str(k) for k in raw_scopes) \
                if isinstance(raw_scopes, dict | list) else ()
            return AuthOption(kind=AuthKind.OAUTH2_CLIENT_CREDENTIALS, scheme=name,
                              description=desc, token_url=str(cc["tokenUrl"]), scopes=scopes)
        where = ", ".join(f"{flow} flow" + (f" at {f.get('tokenUrl') or f.get('authorizationUrl')}"
                                             if f.get("tokenUrl") or f.get("authorizationUrl")
                                             else "")
                          for flow, f in flows.items()) or "an OAuth 2.0 flow"
        return AuthOption(kind=AuthKind.BEARER, scheme=name, description=desc,
                          token_source=f"OAuth 2.0 ({where})")
    if kind == "openIdConnect":
        return AuthOption(kind=AuthKind.BEARER, scheme=name, description=desc,
                          token_source=f"OpenID Connect ({s.get('openIdConnectUrl', '')})")
    return None


def _flows(s: dict[str, Any], swagger2: bool) -> dict[str, dict[str, Any]]:
    if not swagger2:
        flows = s.get("flows")
        return {str(k): v for k, v in flows.items() if isinstance(v, dict)} \
            if isinstance(flows, dict) else {}
    flow = {"application": "clientCredentials", "accessCode": "authorizationCode",
            "implicit": "implicit", "password": "password"}.get(str(s.get("flow")), "")
    if not flow:
        return {}
    return {flow: {"tokenUrl": s.get("tokenUrl"), "authorizationUrl": s.get("authorizationUrl"),
                   "scopes": s.get("scopes") or {}}}


def requirement_options(requirements: Any, schemes: dict[str, AuthOption], *, location: str,
                        diagnostics: Diagnostics) -> tuple[AuthOption, ...] | None:
    """Options for a `security` list (None when the list is absent or malformed)."""
    if not isinstance(requirements, list):
        return None
    out: list[AuthOption] = []
    for req in requirements:
        if not isinstance(req, dict):
            continue
        if not req:
            out.append(AuthOption(kind=AuthKind.NONE))
            continue
        usable = [(n, schemes[n]) for n in req if n in schemes]
        if not usable:
            continue
        if len(req) > 1:
            diagnostics.warning(
                "openapi.security-and",
                f"requirement needs {' AND '.join(req)} together; the connector performs one, "
                f"{usable[0][0]} is used",
                location)
        name, option = usable[0]
        scopes = req.get(name)
        if option.kind is AuthKind.OAUTH2_CLIENT_CREDENTIALS and isinstance(scopes, list) \
                and scopes:
            option = replace(option, scopes=tuple(str(s) for s in scopes))
        if option not in out:
            out.append(option)
    if requirements and not out:
        diagnostics.warning("openapi.security-none-usable",
                            "no declared security scheme can be performed; noAuth is used",
                            location)
    return tuple(out) or (AuthOption(kind=AuthKind.NONE),)
