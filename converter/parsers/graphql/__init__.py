"""GraphQL SDL or introspection JSON -> the neutral model, one operation per root field.

`schema` builds the graphql-core schema (leniently), `operations` turns each Query and Mutation
field into a complete document with its arguments as inputs, `selection` chooses the fields to
ask for, `examples` prefills object and list arguments. Subscriptions are skipped: the GraphQL
connector makes one HTTP request and cannot hold a subscription open.
"""

from __future__ import annotations

from pathlib import Path

from converter.diagnostics import Diagnostics, OptionsError
from converter.model import Api, AuthKind, AuthOption, Operation
from converter.options import Options
from converter.parsers import UNTITLED
from converter.parsers.graphql import operations, schema
from converter.parsers.graphql.selection import MAX_FRAGMENTS, Selector
from converter.sources import Source

__all__ = ["UNTITLED", "auth_from_option", "parse"]


def parse(source: Source, *, options: Options, diagnostics: Diagnostics) -> Api:
    """Build the Api model of a GraphQL schema."""
    loaded = schema.load(source, diagnostics)
    gql = loaded.schema
    selectors = (Selector(gql), Selector(gql, nested_connections=False))
    taken: set[str] = set()
    ops: list[Operation] = []
    depth = max(1, options.depth)
    for kind, root in (("query", gql.query_type), ("mutation", gql.mutation_type)):
        if root is not None:
            ops.extend(operations.build(kind=kind, root=root, selectors=selectors, depth=depth,
                                        taken_ids=taken, diagnostics=diagnostics))
    if gql.query_type is None and gql.mutation_type is None:
        diagnostics.error(
            "graphql.no-root-types",
            "the schema has no Query or Mutation type (no `type Query`, no `schema { query: "
            "... }`), so there is nothing to call",
            source.name,
        )
    if gql.subscription_type is not None and gql.subscription_type.fields:
        diagnostics.info(
            "graphql.subscriptions-skipped",
            f"{len(gql.subscription_type.fields)} subscription field(s) skipped: the GraphQL "
            "connector sends one request and cannot receive a subscription stream",
            gql.subscription_type.name,
        )
    for name in sorted(selectors[0].fragments_dropped | selectors[1].fragments_dropped):
        diagnostics.info(
            "graphql.fragments-skipped",
            f"{name} has more than {MAX_FRAGMENTS} implementations: selections of it ask for "
            "its own fields and __typename, without an inline fragment per implementation",
            name,
        )
    auth = auth_from_option(options.auth)
    title = _title(source, loaded.description)
    return Api(
        title=title,
        description=loaded.description,
        auth_options=auth,
        auth_declared=bool(auth),
        operations=tuple(ops),
        source_format=loaded.source_format,
        source_name=source.name,
    )


def auth_from_option(value: str) -> tuple[AuthOption, ...]:
    """`--auth bearer|basic|apiKey:<header>` -> the one fixed option (empty: let the user pick)."""
    text = value.strip()
    if not text:
        return ()
    kind, _, header = text.partition(":")
    if kind == "bearer" and not header:
        return (AuthOption(kind=AuthKind.BEARER),)
    if kind == "basic" and not header:
        return (AuthOption(kind=AuthKind.BASIC),)
    if kind == "apiKey" and header.strip():
        return (AuthOption(kind=AuthKind.API_KEY, key_name=header.strip(), key_location="header"),)
    raise OptionsError(f"--auth {value!r}: expected bearer, basic or apiKey:<header name>")


def _title(source: Source, description: str) -> str:
    """Schemas carry no title: the file name (``swapi-schema.graphql`` -> ``swapi-schema``), the
    URL's last segment, the first line of the schema's description when it is short, else
    `UNTITLED` (the CLI then suggests --name)."""
    if source.path is not None:
        return source.path.stem
    stem = Path(source.url.split("?", 1)[0].rstrip("/")).stem if source.url else ""
    if stem:
        return stem
    first = next((line.strip() for line in description.splitlines() if line.strip()), "")
    return first.rstrip(".") if 0 < len(first) <= MAX_TITLE else UNTITLED


MAX_TITLE = 60  # a longer first line of a description is prose, not a name
