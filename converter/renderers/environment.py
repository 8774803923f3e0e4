"""Template layout: the built-in one, or Jinja templates from `--template-dir`.

Templates only lay out JSON; every value goes through `|tojson`, undefined names fail loudly,
and spec text never reaches the template source (it is data, so `{{` in a title stays text).

Without a template folder, `render()` builds the built-in layout (the package templates under
`converter/templates/`) directly in Python, with the same keys, order and values the Jinja
files give, and never imports jinja2 (about 45 ms and 11 MB of every run);
tests/test_render_fast_path.py renders every golden both ways and compares. With a folder,
Jinja renders as always, falling back to the package templates for files the folder lacks.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from converter.diagnostics import ConverterError

if TYPE_CHECKING:
    import jinja2

# Package templates that are exactly the shared macros (`_macros/template.json.jinja`): header,
# groups, properties. `_builtin` lays these out; any other name goes through Jinja.
BUILTIN_TEMPLATES = frozenset({
    "rest/element-template.json.jinja",
    "soap/element-template.json.jinja",
    "graphql/element-template.json.jinja",
})
# The header macro's members, in its order: (JSON key, key in the renderer's `template` dict).
# `documentationRef` is written only when it is non-empty (`{% if t.documentationRef %}`).
_HEADER = (
    ("$schema", "schema"), ("name", "name"), ("id", "id"), ("version", "version"),
    ("description", "description"), ("documentationRef", "documentationRef"),
    ("keywords", "keywords"), ("category", "category"), ("appliesTo", "appliesTo"),
    ("elementType", "elementType"), ("engines", "engines"), ("icon", "icon"),
)


class TemplateRenderError(ConverterError):
    """A (possibly user-supplied) Jinja template failed or produced invalid JSON."""

    code = "render.template"


def _tojson(value: Any) -> str:
    """JSON text of a value inside the rendered template (parsed again right after)."""
    import orjson

    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:  # e.g. an integer beyond 64 bits
        return json.dumps(value, ensure_ascii=False)


@lru_cache(maxsize=8)
def environment(template_dir: Path | None) -> jinja2.Environment:
    import jinja2

    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(template_dir)))
    loaders.append(jinja2.PackageLoader("converter", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    # Replace Jinja's HTML-safe, key-sorting tojson: keys keep the order the renderer chose.
    env.filters["tojson"] = _tojson
    return env


def render(name: str, context: dict[str, Any], *, template_dir: Path | None,
           stale: Sequence[int] | None = None) -> dict[str, Any]:
    """Render `name` with `context` and parse the JSON it produces.

    `stale`, when given, holds the positions (ascending) in `context["properties"]` of the only
    properties that may share a dict or list or hold a non-JSON value: the others are fresh JSON
    values already (what orjson.loads makes, sharing no dict or list with anything else). The
    built-in layout takes those as they are instead of copying them through JSON again (which
    gives equal values); Jinja prints every property anyway.
    """
    if template_dir is None and name in BUILTIN_TEMPLATES:
        return _builtin(name, context, stale)
    import jinja2

    try:
        text = environment(template_dir).get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        raise TemplateRenderError(f"template failed: {exc}", where=name) from exc
    return _parse(text, name)


def _builtin(name: str, context: dict[str, Any], stale: Sequence[int] | None = None
             ) -> dict[str, Any]:
    """What the built-in template `name` gives, without Jinja.

    The members are those the macros write, in their order. One orjson round trip of the whole
    object then gives fresh JSON values (renderers share dicts between properties, and groups
    are module constants), converted exactly as printing each value with `tojson` and parsing
    the text converts them (tuples, enums, NaN); only the properties at the positions in
    `stale` take the trip when it is given. A value orjson cannot write (an integer beyond
    64 bits, a lone surrogate) takes the template's own way: the text, value by value.
    """
    try:
        t, groups, properties = context["template"], context["groups"], context["properties"]
        members = [(key, t[field]) for key, field in _HEADER]
    except KeyError as exc:
        raise TemplateRenderError(f"template failed: {exc} is undefined", where=name) from exc
    members = [(k, v) for k, v in members if k != "documentationRef" or v]
    groups, properties = list(groups), list(properties)
    import orjson

    if stale is not None and len(stale) == len(properties):
        stale = None  # all of them (one process renders every operation itself)
    copied = properties if stale is None else [properties[i] for i in stale]
    try:
        data: dict[str, Any] = orjson.loads(orjson.dumps(
            {**dict(members), "groups": groups, "properties": copied}))
    except TypeError:
        pass
    else:
        if stale is not None:
            for i, prop in zip(stale, data["properties"], strict=True):
                properties[i] = prop
            data["properties"] = properties  # the list is this function's own copy
        return data
    fields = [f"{json.dumps(k)}:{_tojson(v)}" for k, v in members]
    fields.append('"groups":[' + ",".join(_tojson(g) for g in groups) + "]")
    fields.append('"properties":[' + ",".join(_tojson(p) for p in properties) + "]")
    text = "{" + ",".join(fields) + "}"
    return _parse(text, name)


def _parse(text: str, name: str) -> dict[str, Any]:
    """The one JSON object a template's text holds."""
    import orjson

    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        data = None  # json says where (and reads what orjson refuses, e.g. NaN)
    try:
        data = json.loads(text) if data is None else data
    except json.JSONDecodeError as exc:
        raise TemplateRenderError(
            f"template produced invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
            where=name,
        ) from exc
    if not isinstance(data, dict):
        raise TemplateRenderError("template must produce one JSON object", where=name)
    return data


def dumps(template: dict[str, Any]) -> str:
    """The one serialisation of a template: stable, readable, newline-terminated."""
    return dump_bytes(template).decode("utf-8")


def dump_bytes(template: dict[str, Any]) -> bytes:
    """`dumps` as the UTF-8 bytes a file gets: written as they are, with no decoded copy and
    no re-encoded one (each as big as the output) on the way to the file.

    orjson's two-space indent gives the same text as `json.dumps(template, indent=2,
    ensure_ascii=False)` but for floats below 1e-4 (`0.00001`, not `1e-05`), at a twentieth of
    the time and without json's one-string-per-token peak (4x the output's size in memory).
    """
    import orjson

    try:
        return orjson.dumps(template, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except TypeError:  # an integer beyond 64 bits: json can write it
        pass
    chunks = _ENCODER.iterencode(template)
    slices = ["".join(itertools.islice(chunks, 8192))]
    while slices[-1]:
        slices.append("".join(itertools.islice(chunks, 8192)))
    slices[-1] = "\n"
    return "".join(slices).encode("utf-8")


_ENCODER = json.JSONEncoder(indent=2, ensure_ascii=False)
