"""Raw JSON bodies as Postman writes them: comments, and `{{variables}}` outside strings.

Postman strips ``//`` and ``/* */`` comments from a raw JSON body before sending it (never inside
a string: ``"https://x"`` keeps its slashes). A variable may stand where a JSON value goes
(``"profile": {{profileId}}``), which is not JSON until Postman substitutes it: such a variable
is read as a stand-in string and reported back, so the body can still be read as JSON.
"""

from __future__ import annotations

import json
from typing import Any

STAND_IN = "\x00postman:"  # prefix of the string a bare `{{name}}` is read as


def strip_comments(text: str) -> str:
    """`text` without JSON comments, strings untouched (an unterminated comment runs to the end,
    an unterminated string too)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            end = _string_end(text, i)
            out.append(text[i:end])
            i = end
        elif text.startswith("//", i):
            newline = text.find("\n", i)
            i = n if newline < 0 else newline
        elif text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = n if close < 0 else close + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _string_end(text: str, start: int) -> int:
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            return i + 1
        i += 1
    return len(text)


def bare_variables(text: str) -> str:
    """`text` with every `{{name}}` outside a string turned into the string stand-in for it."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] == '"':
            end = _string_end(text, i)
            out.append(text[i:end])
            i = end
        elif text.startswith("{{", i) and (close := text.find("}}", i + 2)) > 0 \
                and "{" not in text[i + 2:close]:
            out.append(json.dumps(STAND_IN + text[i + 2:close].strip()))
            i = close + 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def load(text: str) -> Any:
    """The JSON value of a Postman raw body (comments stripped, bare variables as stand-ins);
    raises ValueError when it is not JSON even then."""
    return json.loads(bare_variables(strip_comments(text)))


def stand_in(value: Any) -> str | None:
    """The variable name a value stands in for, or None."""
    if isinstance(value, str) and value.startswith(STAND_IN):
        return value[len(STAND_IN):]
    return None


def has_stand_ins(value: Any) -> bool:
    if isinstance(value, dict):
        return any(has_stand_ins(v) for v in value.values())
    if isinstance(value, list):
        return any(has_stand_ins(v) for v in value)
    return stand_in(value) is not None
