"""What the readers of one OpenAPI document's operations share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from converter.diagnostics import Diagnostics
from converter.model import AuthOption
from converter.parsers.openapi import schemas
from converter.parsers.openapi.refs import Resolver

PARAM_KEYS = {"type", "format", "items", "enum", "default", "minimum", "maximum", "pattern",
               "collectionFormat", "maxLength", "minLength", "example"}


@dataclass(frozen=True, slots=True)
class Context:
    """What every operation of one document shares."""

    resolver: Resolver
    swagger2: bool
    consumes: tuple[str, ...]
    produces: tuple[str, ...]
    diagnostics: Diagnostics
    global_auth: tuple[AuthOption, ...] | None = None  # the document's `security` options


def param_schema(p: dict[str, Any]) -> Any:
    """A parameter's schema, read in the parameter's own document."""
    if "schema" in p:
        return p["schema"]
    content = p.get("content")
    if isinstance(content, dict) and content:
        media = next(iter(content.values()))
        if isinstance(media, dict) and "schema" in media:
            return media["schema"]
    # Swagger 2.0: the parameter itself carries type/format/items/enum.
    return {k: v for k, v in p.items() if k in PARAM_KEYS}


def enum(v: schemas.View) -> tuple[str, ...]:
    """A schema's enum as the text of each distinct scalar value (none when over 500)."""
    values = [e for e in v.enum if e is not None and not isinstance(e, dict | list)]
    if not values or len(values) > 500:
        return ()
    texts = (("true" if e else "false") if isinstance(e, bool) else str(e) for e in values)
    return tuple(dict.fromkeys(texts))  # each distinct text once, in order
