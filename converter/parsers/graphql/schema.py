"""Loading a GraphQL schema from SDL text or an introspection result, leniently.

Real schemas have defects that graphql-core's strict `build_schema` refuses (GitHub's public SDL
declares `EnterpriseOwnerInfo.repositoryDeployKeySetting` twice). Refusing the whole schema for
that would help nobody, so a schema that parses but does not validate is rebuilt with
``assume_valid_sdl=True`` and a warning says so. Only text that is not GraphQL at all raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from graphql import (
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    IntrospectionQuery,
    build_ast_schema,
    build_client_schema,
    parse,
    validate_schema,
)

from converter.diagnostics import Diagnostics, SpecSyntaxError, UnsupportedFormatError
from converter.model import SourceFormat
from converter.sources import Source


@dataclass(frozen=True, slots=True)
class LoadedSchema:
    """A built schema and what it was built from."""

    schema: GraphQLSchema
    source_format: SourceFormat
    description: str = ""


def load(source: Source, diagnostics: Diagnostics) -> LoadedSchema:
    """Build the schema of `source` (SDL text, or introspection JSON in `source.data`)."""
    if source.data is not None:
        return _from_introspection(source.data, source.name, diagnostics)
    return _from_sdl(source.text, source.name, diagnostics)


def _from_sdl(text: str, name: str, diagnostics: Diagnostics) -> LoadedSchema:
    try:
        document = parse(text, no_location=False)
    except GraphQLSyntaxError as exc:
        raise SpecSyntaxError(f"invalid GraphQL SDL: {exc.message}", where=_where(name, exc)) \
            from exc
    except RecursionError as exc:
        raise SpecSyntaxError("GraphQL SDL nested too deeply", where=name) from exc
    try:
        schema = build_ast_schema(document)  # validates the SDL, like build_schema(text)
    except (GraphQLError, TypeError) as strict:
        try:
            # assume_valid as well: later `validate()` calls would otherwise re-check the schema
            # and refuse every document for the same defect.
            schema = build_ast_schema(document, assume_valid=True, assume_valid_sdl=True)
        except (GraphQLError, TypeError) as exc:
            raise UnsupportedFormatError(f"cannot build a GraphQL schema: {_first_line(exc)}",
                                         where=name) from exc
        diagnostics.warning(
            "graphql.invalid-sdl",
            f"the schema does not validate ({_first_line(strict)}); built it anyway, "
            "trusting the SDL as written",
            name,
        )
    return LoadedSchema(schema, SourceFormat.GRAPHQL_SDL, schema.description or "")


def _from_introspection(data: Any, name: str, diagnostics: Diagnostics) -> LoadedSchema:
    if isinstance(data, dict) and "__schema" not in data and isinstance(data.get("data"), dict):
        data = data["data"]
    if not isinstance(data, dict) or not isinstance(data.get("__schema"), dict):
        raise UnsupportedFormatError("not a GraphQL introspection result (no __schema)",
                                     where=name)
    result = cast(IntrospectionQuery, data)
    try:
        schema = build_client_schema(result)
        errors = validate_schema(schema)
        if errors:
            # Rebuilt "assumed valid" so that later `validate()` calls accept documents.
            schema = build_client_schema(result, assume_valid=True)
    except (GraphQLError, TypeError, KeyError, ValueError) as exc:
        raise SpecSyntaxError(f"invalid GraphQL introspection result: {_first_line(exc)}",
                              where=f"{name}:__schema") from exc
    if errors:
        more = f" and {len(errors) - 1} more" if len(errors) > 1 else ""
        diagnostics.warning(
            "graphql.invalid-schema",
            f"the introspected schema does not validate ({_first_line(errors[0])}{more}); "
            "converted it anyway",
            name,
        )
    return LoadedSchema(schema, SourceFormat.GRAPHQL_INTROSPECTION, schema.description or "")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.split("\n", 1)[0] if text else type(exc).__name__


def _where(name: str, exc: GraphQLSyntaxError) -> str:
    if exc.locations:
        loc = exc.locations[0]
        return f"{name}:{loc.line}:{loc.column}"
    return name
