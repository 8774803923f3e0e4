"""Pre-request and test scripts: never run, but said plainly what the template cannot do.

A template is a fixed request: it cannot run JavaScript before or after the call. The warning
names what the script does, found by the Postman calls it makes, so the user knows what to
model in the process instead (a variable set from a response, a signature, an extra request).
"""

from __future__ import annotations

import re
from typing import Any

_SETS = re.compile(r"(?:pm\.(?:environment|collectionVariables|globals|variables)\.set|"
                   r"postman\.set(?:Environment|Global)Variable)\(\s*['\"]([^'\"]+)['\"]")
_DOES = (
    (re.compile(r"CryptoJS|crypto\.|require\(['\"]crypto|hmac|sha256|btoa\(", re.I),
     "computes a signature or hash"),
    (re.compile(r"pm\.sendRequest"), "sends requests of its own"),
    (re.compile(r"pm\.request\.(?:headers|url|body)|request\.headers\s*\["),
     "changes the request"),
    (re.compile(r"pm\.test\(|tests\s*\[|pm\.expect\("), "checks the response"),
    (re.compile(r"setNextRequest"), "chooses the next request"),
)


def warning(events: Any) -> str:
    """What the item's scripts do that the template cannot, or "" when it has none."""
    parts: list[str] = []
    for event in events if isinstance(events, list) else ():
        if not isinstance(event, dict) or event.get("disabled") is True:
            continue
        code = _code(event.get("script"))
        if not code.strip():
            continue
        listen = event.get("listen")
        kind = "pre-request script" if listen == "prerequest" else f"{listen} script"
        does = [text for pattern, text in _DOES if pattern.search(code)]
        sets = sorted(set(_SETS.findall(code)))
        if sets:
            does.append("sets " + ", ".join("{{" + s + "}}" for s in sets[:6])
                        + (" ..." if len(sets) > 6 else "")
                        + " for later requests (map them from the result in the process)")
        parts.append(f"a {kind} that " + ("; ".join(does) if does else "runs JavaScript"))
    if not parts:
        return ""
    return ("not run by the connector: " + ", and ".join(parts)
            + "; the template sends the request as written")


def _code(script: Any) -> str:
    if isinstance(script, dict):
        script = script.get("exec")
    if isinstance(script, list):
        return "\n".join(line for line in script if isinstance(line, str))
    return script if isinstance(script, str) else ""
