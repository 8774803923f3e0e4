"""Template layout: the Jinja templates under `converter/templates/`, or `--template-dir`'s.

Templates only lay out JSON; every value goes through `|tojson`, undefined names fail loudly,
and spec text never reaches the template source (it is data, so `{{` in a title stays text).
A `--template-dir` overrides the package templates file by file.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import orjson

from converter.diagnostics import ConverterError


class TemplateRenderError(ConverterError):
    """A (possibly user-supplied) Jinja template failed or produced invalid JSON."""

    code = "render.template"


def _tojson(value: Any) -> str:
    """JSON text of a value inside the rendered template (parsed again right after)."""
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:  # e.g. an integer beyond 64 bits
        return json.dumps(value, ensure_ascii=False)


@lru_cache(maxsize=8)
def environment(template_dir: Path | None) -> jinja2.Environment:
    """The Jinja environment for a template folder (None: the package templates only).

    Kept per folder, because an environment compiles each template it loads again, and a split
    conversion renders hundreds of templates.
    """
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


def render(name: str, context: dict[str, Any], *, template_dir: Path | None) -> dict[str, Any]:
    """Render `name` with `context` and parse the JSON it produces."""
    try:
        text = environment(template_dir).get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        raise TemplateRenderError(f"template failed: {exc}", where=name) from exc
    return _parse(text, name)


def _parse(text: str, name: str) -> dict[str, Any]:
    """The one JSON object a template's text holds."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:  # json says where (and reads what orjson refuses, e.g. NaN)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TemplateRenderError(f"template produced invalid JSON at line {exc.lineno} "
                                      f"column {exc.colno}: {exc.msg}", where=name) from exc
    if not isinstance(data, dict):
        raise TemplateRenderError("template must produce one JSON object", where=name)
    return data
