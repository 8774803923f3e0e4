"""Postman's `{{name}}` variables: their values, and what a text holding them becomes.

A collection's own `variable` list and an environment file (`--environment`, which wins, as in
Postman, where the narrower scope wins) give values. What a text of the collection means for a
template field:

- a variable's value is a *default*: the user configured it (a host, an API version);
- a literal written in the request (a query value ``123``, a JSON member) is an *example*;
- a value that looks like a credential is never copied into the template: the field is marked
  secret and its tooltip names the secret reference to enter instead;
- a dynamic variable (``{{$timestamp}}``) becomes a `RuntimeText` the renderers compute at run
  time, or a warning when nothing in FEEL can compute it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from converter import naming
from converter.diagnostics import Diagnostics
from converter.model import RuntimeText

VARIABLE = re.compile(r"\{\{([^{}]+)\}\}")
_SECRET_NAME = re.compile(
    r"pass(?:word|wd|phrase)?(?![a-z])|secret|token|api[-_ ]?key|apikey|access[-_ ]?key|"
    r"private[-_ ]?key|credential|signature|auth[-_ ]?code|session[-_ ]?id|cookie",
    re.IGNORECASE)
_JWT = re.compile(r"^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
_SCHEME_VALUE = re.compile(r"^(?:bearer|basic|token|digest)\s+\S{8,}$", re.IGNORECASE)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_RANDOM_TOKEN = re.compile(r"^[A-Za-z0-9_+/=.-]{24,}$")

# Postman's dynamic variables the connector can work out when the task runs (the renderers
# know how); the others (`$guid`, the `$random...` fake data) have no equivalent.
RUNTIME_VALUES = frozenset({"$timestamp", "$isoTimestamp", "$randomInt", "$randomBoolean"})


def names_in(text: str) -> list[str]:
    """The variable names a text refers to, in order (``{{host}}/a/{{id}}`` -> host, id)."""
    return [m.group(1).strip() for m in VARIABLE.finditer(text)]


def secret_name(name: str) -> bool:
    """Does a variable, header or field name say it holds a credential?"""
    return bool(_SECRET_NAME.search(name))


def secret_value(value: str) -> bool:
    """Does a literal look like a credential (a JWT, ``Bearer <token>``, a long random token)?"""
    text = value.strip()
    if not text or _UUID.match(text) or "://" in text:
        return False
    if _JWT.match(text) or _SCHEME_VALUE.match(text):
        return True
    return bool(_RANDOM_TOKEN.match(text)) and any(c.isdigit() for c in text) \
        and any(c.isupper() for c in text) and any(c.islower() for c in text)


@dataclass(frozen=True, slots=True)
class Value:
    """What a collection text gives a field: a default, an example, or neither (secret)."""

    default: Any = None
    example: Any = None
    secret: bool = False
    note: str = ""  # for the tooltip: where the value comes from, what to enter


class Variables:
    """The values of a collection's variables (collection list, then environment)."""

    def __init__(self, values: dict[str, str], *, api_slug: str) -> None:
        self._values = values
        self._slug = api_slug

    @staticmethod
    def from_lists(*lists: Any, api_slug: str) -> Variables:
        """Later lists win; disabled entries are left out, as Postman does."""
        values: dict[str, str] = {}
        for entries in lists:
            for entry in entries if isinstance(entries, list) else ():
                if not isinstance(entry, dict) or entry.get("disabled") is True \
                        or entry.get("enabled") is False:
                    continue
                key = entry.get("key", entry.get("id"))
                if not isinstance(key, str) or not key.strip():
                    continue
                raw = entry.get("value")
                values[key.strip()] = "" if raw is None else raw if isinstance(raw, str) \
                    else _text(raw)
        return Variables(values, api_slug=api_slug)

    def get(self, name: str) -> str | None:
        """The configured value, or None when the variable is unknown or empty."""
        return self._values.get(name) or None

    def substitute(self, text: str) -> str:
        """`text` with every configured variable replaced by its value (others left as they
        are), as Postman resolves them (values may refer to other variables, a few levels)."""
        for _ in range(5):
            changed = VARIABLE.sub(lambda m: self.get(m.group(1).strip()) or m.group(0), text)
            if changed == text:
                break
            text = changed
        return text

    def value(self, text: str, *, name: str, diagnostics: Diagnostics, where: str) -> Value:
        """What `text` (a query value, header value, form field, JSON string) gives the field
        called `name`."""
        used = names_in(text)
        whole = used[0] if len(used) == 1 and VARIABLE.fullmatch(text.strip()) else None
        dynamic = [n for n in used if n.startswith("$")]
        if any(secret_name(n) for n in used) or (not used and secret_value(text)) or (
                whole is not None and secret_value(self.get(whole) or "")) or (
                secret_name(name) and bool(text.strip())):
            hint = "{{secrets." + naming.secret_name(self._slug, whole or name) + "}}"
            return Value(secret=True,
                         note=f"A credential: enter a secret reference such as {hint}.")
        if dynamic:
            return self._dynamic(text, dynamic, diagnostics, where)
        if whole is not None:
            configured = self.get(whole)
            note = f"Postman variable {{{{{whole}}}}}"
            if configured is None:
                return Value(note=note + ", which the collection leaves to the environment or "
                             "a script: enter its value.")
            return Value(default=configured, note=note + ".")
        if used:
            resolved = self.substitute(text)
            unresolved = names_in(resolved)
            if unresolved:
                note = "Postman text with variables " + ", ".join(
                    "{{" + n + "}}" for n in unresolved) + ": enter the whole value."
                return Value(example=resolved, note=note)
            return Value(default=resolved, note="Postman text " + text.strip()[:80] + ".")
        return Value(example=text)

    def _dynamic(self, text: str, dynamic: list[str], diagnostics: Diagnostics,
                 where: str) -> Value:
        """A text with Postman dynamic variables: FEEL that computes it, or a warning."""
        parts: list[tuple[str, str]] = []
        missing: list[str] = []
        for index, piece in enumerate(VARIABLE.split(text)):
            if index % 2 == 0:
                if piece:
                    parts.append(("text", piece))
                continue
            name = piece.strip()
            if name in RUNTIME_VALUES:
                parts.append(("dynamic", name))
            elif not name.startswith("$") and (configured := self.get(name)) is not None:
                parts.append(("text", configured))
            else:
                missing.append(name)
        if missing:
            diagnostics.warning(
                "postman.dynamic-variable",
                f"{', '.join('{{' + n + '}}' for n in missing)} in {text.strip()[:60]!r}: FEEL "
                "has no equivalent (no UUID or fake-data function); enter a value or compute "
                "it in the process", where)
            return Value(note=f"Postman fills {text.strip()[:80]} anew for each request "
                         f"({', '.join(missing)}): enter a value or a FEEL expression.")
        return Value(default=RuntimeText(parts=tuple(parts)),
                     note=f"Computed as Postman's {', '.join(dynamic)}.")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


