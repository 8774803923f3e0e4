"""A request whose body is in `graphql` mode -> an operation on the GraphQL connector.

The collection holds the whole document and its variables (a JSON text): the document is sent
as written, each top-level variable becomes a field. The endpoint is the request URL with the
collection's values filled in (left for the user to enter when a variable has no value).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from converter import naming
from converter.model import GraphQLRequest, Input, Location, Operation, Result
from converter.parsers.postman import auth, fields, jsontext
from converter.parsers.postman.text import plain
from converter.parsers.postman.urls import Url
from converter.parsers.postman.variables import VARIABLE, Value

if TYPE_CHECKING:
    from converter.parsers.postman.requests import Collection

_KIND = re.compile(r"^\s*(?:#[^\n]*\n\s*)*(query|mutation|subscription)\b")


def operation(item: dict[str, Any], request: dict[str, Any], url: Url,
              headers: list[tuple[str, str, str]], own: auth.Auth | None, *, name: str,
              where: str, folders: list[str], collection: Collection) -> Operation | None:
    """The GraphQL operation of a graphql-mode request; None (with a diagnostic) if unusable."""
    diags = collection.diagnostics
    content = request["body"].get("graphql")
    content = content if isinstance(content, dict) else {}
    query = content.get("query")
    document = query if isinstance(query, str) else ""
    if not document.strip():
        diags.warning("postman.graphql-empty", "the GraphQL body has no query; skipped", where)
        return None
    kind_match = _KIND.match(document)
    kind = kind_match.group(1) if kind_match else "query"
    if kind == "subscription":
        diags.warning("postman.graphql-subscription", "a GraphQL subscription needs a held-open "
                      "connection, which the GraphQL connector does not make; skipped", where)
        return None
    custom = [k for k, _, _ in headers if k.lower() not in ("content-type", "accept")]
    if custom:
        diags.info("postman.graphql-headers",
                   f"headers {', '.join(custom)} are not prefilled: the GraphQL template has one "
                   "Headers field (a FEEL context) for all operations", where)
    if own is not None:
        diags.info("postman.graphql-auth", "the GraphQL template's authentication is chosen "
                   "once for the template; check it matches this request's "
                   f"{own.type} authentication", where)
    return Operation(
        id=naming.unique(naming.identifier(name), collection.ids), name=name,
        request=GraphQLRequest(endpoint=_endpoint(url, collection), operation_type=kind,
                               document=document),
        description=plain(request.get("description")) or plain(item.get("description")),
        tags=fields.folder_tags(folders),
        inputs=tuple(_variables(content.get("variables"), collection, where)),
        result=Result(root=("data",)), location=where)


def _endpoint(url: Url, collection: Collection) -> str:
    """The request URL with values filled in; "" when a variable is left without one."""
    text = url.base + ("/" + "/".join(url.segments) if url.segments else "")
    if url.query:
        text += "?" + "&".join(p.key if p.value is None else f"{p.key}={p.value}"
                               for p in url.query)
    text = collection.variables.substitute(text)
    if VARIABLE.search(text) or ":" in "/".join(url.segments):
        return ""
    return text if "://" in text else "http://" + text


def _variables(raw: Any, collection: Collection, where: str) -> list[Input]:
    value: Any = raw
    if isinstance(raw, str):
        if not raw.strip():
            return []
        try:
            value = jsontext.load(raw)
        except ValueError:
            collection.diagnostics.warning(
                "postman.graphql-variables", "the GraphQL variables are not JSON; none are "
                "prefilled", where)
            return []
    if not isinstance(value, dict):
        return []
    taken: set[str] = set()
    out = []
    for key, member in value.items():
        bare = jsontext.stand_in(member)
        text = member if bare is None else "{{" + bare + "}}"
        if isinstance(text, str):
            found = collection.variables.value(text, name=key,
                                               diagnostics=collection.diagnostics, where=where)
        else:
            found = Value(example=member)
        out.append(fields.make(key, found, Location.VARIABLE, taken,
                               type=fields.value_type(member) if bare is None else
                               fields.value_type(found.default), fallback="variable"))
    return out
