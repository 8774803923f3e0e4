"""The base of a request URL -> a server; its path -> a path template with path inputs."""

from __future__ import annotations

import re

from converter.diagnostics import Diagnostics
from converter.model import Input, Location, Server, ServerVariable
from converter.parsers.postman import fields
from converter.parsers.postman.urls import Url, path_variable
from converter.parsers.postman.variables import VARIABLE, Value, Variables, names_in

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def server(base: str, variables: Variables) -> Server:
    """The server a request is sent to: its base with the collection's values filled in.

    A base that is one variable without a value (``{{host}}`` set by the environment) becomes a
    server variable, so the field is named after it; a base without a scheme gets ``http://``,
    as Postman sends it."""
    if not base:
        return Server(url="")
    text = variables.substitute(base).rstrip("/")
    unresolved = names_in(text)
    if unresolved:
        url = VARIABLE.sub(lambda m: "{" + m.group(1).strip() + "}", text)
        if not _SCHEME.match(url) and not url.startswith("{"):
            url = "http://" + url
        return Server(url=url, variables=tuple(
            ServerVariable(name=name, default="",
                           description=f"Postman variable {{{{{name}}}}}: the collection "
                           "leaves it to an environment.") for name in dict.fromkeys(unresolved)))
    if not _SCHEME.match(text):
        text = "http://" + text
    return Server(url=text, description=f"Postman {base}" if VARIABLE.search(base) else "")


def path(url: Url, variables: Variables, taken: set[str], diagnostics: Diagnostics,
         where: str) -> tuple[str, list[Input]]:
    """The path template (``/users/{id}``) and one required input per placeholder: Postman's
    ``:name`` path variables, ``{{name}}`` variables and ``{name}`` placeholders written in
    the collection."""
    inputs: dict[str, Input] = {}
    out: list[str] = []
    for segment in url.segments:
        named = path_variable(segment)
        if named is not None:
            name, tail = named
            if name not in inputs:
                entry = url.path_values.get(name)
                value = Value(note=f"Path variable :{name}") if entry is None else \
                    variables.value(entry.value or "", name=name, diagnostics=diagnostics,
                                    where=where)
                inputs[name] = fields.make(name, value, Location.PATH, taken, required=True,
                                           description=entry.description if entry else "",
                                           fallback="param")
            out.append("{" + name + "}" + tail)
            continue
        out.append(_segment(segment, inputs, variables, taken, diagnostics, where))
    return "/" + "/".join(out), list(inputs.values())


def _segment(segment: str, inputs: dict[str, Input], variables: Variables, taken: set[str],
             diagnostics: Diagnostics, where: str) -> str:
    """One segment with `{{name}}` and `{name}` made placeholders of path inputs."""
    def placeholder(match: re.Match[str]) -> str:
        text = match.group(0)
        name = (match.group(1) or match.group(2)).strip()
        if name not in inputs:
            if match.group(1) is not None:
                value = variables.value(text, name=name, diagnostics=diagnostics, where=where)
            else:
                value = Value(note=f"Written as {text} in the collection: a placeholder to "
                              "fill")
            inputs[name] = fields.make(name, value, Location.PATH, taken, required=True,
                                       fallback="param")
        return "{" + name + "}"

    return re.sub(r"\{\{([^{}]+)\}\}|\{([A-Za-z_][\w.-]*)\}", placeholder, segment)

