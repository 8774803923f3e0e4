"""Realistic example values for XSD simple types, honouring enumerations and facets.

Examples prefill the FEEL fields of complex content and appear as placeholders of simple
fields; a test turns them into XML and validates it against the WSDL's schema, so an example
must satisfy its type's lexical space, ranges, lengths and (simple) patterns.
"""

from __future__ import annotations

import re
import re._parser as _sre  # type: ignore[import-not-found]  # the parser behind `re`
from decimal import Decimal, InvalidOperation
from typing import Any

_INTEGERS = {
    "integer": 1, "int": 1, "long": 1, "short": 1, "byte": 1, "nonNegativeInteger": 1,
    "positiveInteger": 1, "unsignedLong": 1, "unsignedInt": 1, "unsignedShort": 1,
    "unsignedByte": 1, "nonPositiveInteger": 0, "negativeInteger": -1,
}  # fmt: skip
_DECIMALS = {"decimal", "float", "double"}
_TEXT = {
    "date": "2024-01-31", "dateTime": "2024-01-31T09:30:00", "time": "09:30:00",
    "duration": "P1D", "gYear": "2024", "gYearMonth": "2024-01", "gMonth": "--01",
    "gDay": "---31", "gMonthDay": "--01-31", "base64Binary": "ZXhhbXBsZQ==",
    "hexBinary": "0A1B", "anyURI": "https://example.com", "language": "en", "ID": "id1",
    "IDREF": "id1", "QName": "value", "NOTATION": "value",
}  # fmt: skip

INTEGER_TYPES = frozenset(_INTEGERS)
DECIMAL_TYPES = frozenset(_DECIMALS)


def simple(base: str, *, enum: tuple[str, ...] = (), default: str | None = None,
           facets: dict[str, str] | None = None, name: str = "") -> Any:
    """An example value of builtin type `base` under `facets`."""
    if enum:
        return enum[0]
    if default is not None:
        return default
    facets = facets or {}
    if base == "boolean":
        return True
    if base in _INTEGERS:
        return _number(_INTEGERS[base], facets, integral=True)
    if base in _DECIMALS:
        # `fractionDigits="0"` (Workday's Page and Count) allows whole numbers only
        whole = base == "decimal" and facets.get("fractionDigits") == "0"
        return _number(1 if whole else 1.5, facets, integral=whole)
    if "pattern" in facets:
        found = from_pattern(facets["pattern"])
        if found is not None:
            return found
    text = _TEXT.get(base, _word(name))
    return _fit_length(text, facets)


def _word(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9]", "", name)
    return cleaned[:1].upper() + cleaned[1:] if cleaned else "example"


def _number(default: float, facets: dict[str, str], *, integral: bool) -> Any:
    def num(key: str) -> Decimal | None:
        try:
            return Decimal(facets[key]) if key in facets else None
        except InvalidOperation:
            return None

    value = Decimal(str(default))
    low, high = num("minInclusive"), num("maxInclusive")
    low_x, high_x = num("minExclusive"), num("maxExclusive")
    if low is not None and value < low:
        value = low
    if low_x is not None and value <= low_x:
        value = low_x + 1
    if high is not None and value > high:
        value = high
    if high_x is not None and value >= high_x:
        value = high_x - 1
    if integral or value == value.to_integral_value():
        return int(value)
    return float(value)


def _fit_length(text: str, facets: dict[str, str]) -> str:
    def num(key: str) -> int | None:
        try:
            return int(facets[key]) if key in facets else None
        except ValueError:
            return None

    length, low, high = num("length"), num("minLength"), num("maxLength")
    if length is not None:
        return (text * (length // max(len(text), 1) + 1))[:length]
    if low is not None and len(text) < low:
        text = (text * (low // max(len(text), 1) + 1))[:low]
    if high is not None and len(text) > high:
        text = text[:high]
    return text


def from_pattern(pattern: str) -> str | None:
    """A short string matching a (simple) XSD pattern, or None when unsure."""
    try:
        text = _generate(list(_sre.parse(pattern)))
        return text if re.fullmatch(pattern, text) else None
    except Exception:  # a construct `_generate` does not fill, or not a Python regex
        return None


def _generate(items: list[Any]) -> str:
    out = []
    for op, arg in items:
        if op is _sre.LITERAL:
            out.append(chr(arg))
        elif op is _sre.ANY:
            out.append("a")
        elif op is _sre.IN:
            out.append(_in(arg))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            low, _high, sub = arg
            out.append(_generate(list(sub)) * max(low, 1))
        elif op is _sre.SUBPATTERN:
            out.append(_generate(list(arg[-1])))
        elif op is _sre.BRANCH:
            out.append(_generate(list(arg[1][0])))
        elif op is _sre.CATEGORY:
            out.append(_category(arg))
        elif op is _sre.AT:
            continue
        else:
            raise ValueError(f"unsupported regex op {op}")
    return "".join(out)


def _in(items: list[Any]) -> str:
    for op, arg in items:
        if op is _sre.NEGATE:
            raise ValueError("negated class")
        if op is _sre.LITERAL:
            return chr(arg)
        if op is _sre.RANGE:
            return chr(arg[0])
        if op is _sre.CATEGORY:
            return _category(arg)
    raise ValueError("empty class")


def _category(arg: Any) -> str:
    if arg is _sre.CATEGORY_DIGIT:
        return "1"
    if arg is _sre.CATEGORY_WORD:
        return "a"
    if arg is _sre.CATEGORY_SPACE:
        return " "
    raise ValueError("unsupported category")
