"""Raw JSON bodies as Postman writes them: comments, and `{{variables}}` outside strings.

Postman strips ``//`` and ``/* */`` comments from a raw JSON body before sending it (never inside
a string: ``"https://x"`` keeps its slashes). A variable may stand where a JSON value goes
(``"profile": {{profileId}}``), which is not JSON until Postman substitutes it: such a variable
is read as a stand-in string and reported back, so the body can still be read as JSON.
"""

from __future__ import annotations

import json
import re
from typing import Any

STAND_IN = "\x00postman:"  # prefix of the string a bare `{{name}}` is read as

# A JSON string runs to its closing quote (or to the end when unterminated): what is inside one
# is never a comment or a bare variable.
_STRING = r'"(?:[^"\\]|\\.)*"?'
_COMMENT = re.compile(_STRING + r"|//[^\n]*|/\*(?:.*?\*/|.*)", re.S)
_BARE = re.compile(_STRING + r"|\{\{([^{]*?)\}\}", re.S)


def strip_comments(text: str) -> str:
    """`text` without JSON comments, strings untouched (an unterminated comment runs to the end,
    an unterminated string too)."""
    return _COMMENT.sub(lambda m: m[0] if m[0].startswith('"') else "", text)


def bare_variables(text: str) -> str:
    """`text` with every `{{name}}` outside a string turned into the string stand-in for it."""
    return _BARE.sub(lambda m: m[0] if m[1] is None else json.dumps(STAND_IN + m[1].strip()),
                     text)


def load(text: str) -> Any:
    """The JSON value of a Postman raw body (comments stripped, bare variables as stand-ins);
    raises ValueError when it is not JSON even then."""
    return json.loads(bare_variables(strip_comments(text)))


def stand_in(value: Any) -> str | None:
    """The variable name a value stands in for, or None."""
    if isinstance(value, str) and value.startswith(STAND_IN):
        return value[len(STAND_IN):]
    return None

