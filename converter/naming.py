"""Names derived from spec text: FEEL-safe variables, stable ids, labels, secret names.

Parsers and renderers both name things, so this module sits below both and knows no FEEL beyond
what a plain variable name is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Words that cannot be a FEEL name on their own (FEEL 1.3 grammar plus Zeebe built-ins we rely on).
FEEL_KEYWORDS = frozenset(
    {
        "true", "false", "null", "and", "or", "not", "between", "in", "instance", "of",
        "if", "then", "else", "for", "some", "every", "satisfies", "return", "function",
        "external", "date", "time", "duration", "list", "context", "string", "number",
    }
)  # fmt: skip

_FEEL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD = re.compile(r"[A-Za-z0-9]+")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def is_feel_name(text: str) -> bool:
    """True when `text` can be used unquoted as a FEEL variable name."""
    return bool(_FEEL_NAME.fullmatch(text)) and text not in FEEL_KEYWORDS


def camel(text: str) -> str:
    """`X-Request-ID` -> `xRequestId`, `page[size]` -> `pageSize`, `user_name` -> `userName`."""
    words = _WORD.findall(_ascii(text))
    if not words:
        return ""
    first, rest = words[0], words[1:]
    head = first if not first.isupper() or len(first) == 1 else first.lower()
    head = head[0].lower() + head[1:]
    tail = [w[0].upper() + (w[1:].lower() if w.isupper() else w[1:]) for w in rest]
    return str(head) + "".join(tail)


def variable(text: str, taken: set[str], *, fallback: str = "value") -> str:
    """A FEEL-safe variable name for `text`, not in `taken`; added to `taken`.

    Names the connectors read themselves (`url`, `body` ...) are the renderers' business
    (`converter.renderers.reserved`): a parser names what the spec describes.
    """
    base = camel(text) or fallback
    if base[0].isdigit():
        base = "v" + base
    candidate = base
    n = 2
    while candidate in taken or not is_feel_name(candidate):
        candidate = f"{base}{n}"
        n += 1
    taken.add(candidate)
    return candidate


def identifier(text: str) -> str:
    """A stable id fragment: ASCII letters, digits, `_`, `-` (for operation ids)."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "_", _ascii(text)).strip("_")
    return cleaned or "op"


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base_2`, `base_3` ... whichever is free; added to `taken`."""
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}_{n}"
        n += 1
    taken.add(candidate)
    return candidate


# Words in API titles that name the document rather than the API.
_TITLE_NOISE = re.compile(
    r"\b(?:official|openapi|open api|swagger (?=spec|definition|documentation)|spec"
    r"|specification|definitions?|documentation|description|schema)\b", re.IGNORECASE)
API_NAME_LIMIT = 48


def api_name(title: str) -> str:
    """A short, clean name for an API from its title, which names templates, ids and secrets:
    `GitHub's official OpenAPI spec + Octokit extension` -> `GitHub`: cut at ` + `,
    possessives and words about the document dropped, at most `API_NAME_LIMIT` characters."""
    text = re.split(r"\s+\+\s+", " ".join(title.split()))[0]
    text = re.sub(r"(?<=\w)['\u2019]s\b", "", text)
    text = " ".join(_TITLE_NOISE.sub(" ", text).split()).strip(" -\u2013\u2014:,;.")
    if len(text) > API_NAME_LIMIT:
        text = text[:API_NAME_LIMIT].rsplit(" ", 1)[0]
        text = re.sub(r"(?:[\s,;:]+(?:and|or|with|by|for|of|the|a|an))*[\s,;:-]*$", "", text)
    return text or " ".join(title.split())[:API_NAME_LIMIT] or "API"


def slug(text: str) -> str:
    """`Swagger Petstore` -> `swagger-petstore`: lower case, hyphens, for ids."""
    return re.sub(r"[^a-z0-9]+", "-", _ascii(text).lower()).strip("-")


def template_id(title: str) -> str:
    """Reverse-DNS-ish template id from an API title: `io.spec2connector.petstore`."""
    return f"io.spec2connector.{slug(title) or 'api'}"


def secret_name(*parts: str) -> str:
    """`{{secrets.PETSTORE_API_KEY}}`-style secret name: upper snake case."""
    words: list[str] = []
    for part in parts:
        words.extend(re.findall(r"[A-Za-z0-9]+", _ascii(part)))
    return "_".join(w.upper() for w in words) or "SECRET"


# Names that say a value is a credential (Salesforce sessionId, Marketo requestSignature, ...)
_CREDENTIAL = re.compile(
    r"pass(?:word|wd|phrase)?(?![a-z])|secret|token|api[-_ ]?key|access[-_ ]?key|"
    r"private[-_ ]?key|credential|signature|session[-_ ]?id", re.IGNORECASE)


def credential_name(name: str) -> bool:
    """Does a field name say that it holds a credential (password, token, sessionId, apiKey,
    signature, secret, credential)?"""
    return bool(_CREDENTIAL.search(name))


_ACRONYMS = {w.lower(): w for w in ("ID", "IDs", "URL", "URI", "API", "IP", "UUID", "JSON",
                                    "XML", "HTML", "HTTP", "HTTPS", "SKU", "VAT", "ISO")}


def label(text: str) -> str:
    """A readable label in sentence case, as Camunda's own templates write them, from an
    identifier: `petId` -> `Pet ID`, `queryString` -> `Query string`, `user_name` ->
    `User name`, `intA` -> `Int A`. Text with spaces or hyphens (`X-Request-ID`) stays."""
    if any(c in text for c in " -"):
        return text
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text).replace("_", " ").strip()
    words = [_ACRONYMS.get(w.lower(), w if sum(c.isupper() for c in w) > 1 or w.isupper()
                           else w.lower()) for w in spaced.split()]
    if not words:
        return text
    return " ".join([words[0][0].upper() + words[0][1:], *words[1:]])


def sentence(text: str) -> str:
    """`text` ending with a full stop, so tooltip parts read as sentences."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…:" else text + "."


def dedupe(names: Iterable[str]) -> list[str]:
    """Keep order, drop repeats."""
    return list(dict.fromkeys(names))
