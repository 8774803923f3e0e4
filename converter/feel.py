"""Every piece of FEEL the converter writes is built here, from values, never by pasting text.

FEEL string literals use the escapes of FEEL-Scala (Zeebe) and feelin: ``\\"`` ``\\\\`` ``\\n``
``\\r`` ``\\t`` and ``\\uXXXX``. Context keys that are not plain names (dashes, dots, spaces,
keywords) are quoted string literals, which both engines accept.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from converter.naming import is_feel_name

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def string(text: str) -> str:
    """A FEEL string literal holding exactly `text`."""
    if _NEEDS_ESCAPE.search(text) is None:  # most text: nothing to escape
        return '"' + text + '"'
    return '"' + text.translate(_STRING_TABLE) + '"'


# `"`, `\`, newline, return, tab by their short escapes; other C0/C1 controls and lone
# surrogates as \uXXXX
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f-\x9f\ud800-\udfff]')
_STRING_TABLE = {
    **{c: f"\\u{c:04x}" for c in (*range(0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000))},
    **{ord(ch): escaped for ch, escaped in _ESCAPES.items()},
}


def name(variable: str) -> str:
    """A reference to a local variable; refuses anything that is not a plain FEEL name."""
    if not is_feel_name(variable):
        raise ValueError(f"not a FEEL-safe variable name: {variable!r}")
    return variable


def path(root: str, keys: Sequence[str]) -> str:
    """`root.a.b`; a key that is not a FEEL name is read with ``get value(root, "a-b")``."""
    expr = root
    for key in keys:
        expr = f"{expr}.{key}" if is_feel_name(key) else f"get value({expr}, {string(key)})"
    return expr


def item(list_expr: str, position: int) -> str:
    """The `position`-th item of a list (FEEL counts from 1)."""
    return f"{list_expr}[{position}]"


def literal(value: Any) -> str:
    """A FEEL literal for a JSON-like Python value (used for examples and defaults)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return "null"
        return json.dumps(value)
    if isinstance(value, str):
        return string(value)
    if isinstance(value, Mapping):
        return context((str(k), literal(v)) for k, v in value.items())
    if isinstance(value, Iterable):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return string(str(value))


NULL = "null"
EMPTY_LIST = "[]"


def expression(expr: str) -> str:
    """Mark text as a FEEL expression for a template value (leading ``=``)."""
    return "=" + expr


# --------------------------------------------------------------------------- contexts


_STRING_LITERAL = re.compile(r'"(?:\\.|[^"\\])*"')


def _shadows(entries: Sequence[tuple[str, str]]) -> bool:
    """True when an entry's key could be read as a name by a later entry's expression.

    Inside a FEEL context literal every key is in scope for the entries after it, so a key
    `if` turns a later `if ... then` into a reference, and a key `limit` would capture a later
    `limit` meant as the variable.
    """
    code = [_STRING_LITERAL.sub('""', expr) for _, expr in entries]  # string literals blanked
    for index, (key, _) in enumerate(entries[:-1]):
        later = [text for text in code[index + 1:] if key in text]
        if not later:  # the common case, without compiling a pattern per key
            continue
        # a use of the name, not the key of a nested context (`{name: "x"}`)
        pattern = re.compile(r"(?<![\w.])" + re.escape(key) + r"(?![\w])(?!\s*:)")
        if any(pattern.search(text) for text in later):
            return True
    return False


def context(entries: Iterable[tuple[str, str]]) -> str:
    """A FEEL context from (key, expression) pairs; keys that are not plain names are quoted.

    When a key would be in scope for a later entry (see `_shadows`), the context is built with
    nested `context put` calls instead, where no key is ever in scope.
    """
    pairs = list(entries)
    if len(pairs) > 1 and _shadows(pairs):
        out = "{}"
        for key, expr in pairs:
            out = f"context put({out}, {string(key)}, {expr})"
        return out
    body = ", ".join(f"{key if is_feel_name(key) else string(key)}: {expr}" for key, expr in pairs)
    return "{" + body + "}"


def without_unset(entries: Sequence[tuple[str, str]], keep_empty: Collection[str] = ()) -> str:
    """A context that drops the entries whose value is unset at run time: null, or the empty
    text.

    The REST connector sends ``?limit=`` and ``X-Id: null`` for null map values, and the SOAP
    connector an empty element for the empty text. An optional Dropdown left on "(not set)"
    and an emptied text field are saved by the Modeler as ``source=""``, which Zeebe maps to
    the empty text, not to null: both mean "not set". Keys in `keep_empty` drop only null (an
    enum that lists the empty text as a value of its own, e.g. Stripe's emptyable fields).
    With no entries it is simply ``{}``.
    """
    if not entries:
        return "{}"
    return _set_context(entries_of(context(entries)), keep_empty)


def merged_without_null(entry_lists: Sequence[str]) -> str:
    """A context from several lists of ``{key, value}`` entries (`entries_of`,
    `bracket_entries`), dropping null values. The empty text stays: inside a value the user
    typed (``{value: ""}``, Stripe's way to clear a field) it is what they mean; an emptied
    field itself is dropped before (`without_unset`, `bracket_entries`)."""
    return f"context({call('concatenate', *entry_lists)}[item.value != null])"


def _set_context(entry_list: str, keep_empty: Collection[str]) -> str:
    # `1 != ""` is null, not true, in FEEL: only a string is compared with the empty text
    text = either(f"not({is_string('item.value')})", differs("item.value", string("")))
    if keep_empty:
        text = either(text, call("list contains", literal(sorted(keep_empty)), "item.key"))
    return f"context({entry_list}[item.value != null and ({text})])"


def is_unset(expr: str) -> str:
    """True when `expr` is null or the empty text (see `without_unset`)."""
    return either(is_null(expr), grouped(both(is_string(expr), equals(expr, string("")))))


def put(context_expr: str, key: str, value: str) -> str:
    """`context_expr` with the entry `key` set to `value` (``context put``)."""
    return call("context put", context_expr, string(key), value)


def entries_of(context_expr: str) -> str:
    """The ``{key, value}`` entries of a context (``get entries``)."""
    return call("get entries", context_expr)


# --------------------------------------------------------------------------- values


def concat(parts: Iterable[str]) -> str:
    """`a + b + c` for string expressions, folding adjacent literals is left to the caller."""
    return " + ".join(parts)


def as_string(expr: str) -> str:
    """Convert a value to its string form (numbers in a path stay numbers in text)."""
    return call("string", expr)


def as_number(expr: str) -> str:
    """The number a string such as ``"42"`` holds (an enum dropdown gives its numbers as text)."""
    return call("number", expr)


def nullable_string(expr: str) -> str:
    """`expr`'s string form, or null when it is null (``string(null)`` would be ``"null"``)."""
    return if_else(is_null(expr), NULL, as_string(expr))


def joined(list_expr: str, separator: str) -> str:
    """The items of a list as one text, each in its string form, `separator` between them
    (``[1, 2]`` -> ``"1,2"``): how one value per key carries an array."""
    return call("string join", f"for x in {list_expr} return {as_string('x')}", string(separator))


def joined_entries(context_expr: str, between: str, separator: str) -> str:
    """A context as one text of ``key<between>value`` pairs, `separator` between them
    (``{a: 1, b: "x"}`` with ``=`` and ``; `` -> ``"a=1; b=x"``, a Cookie header)."""
    pair = concat(["e.key", string(between), as_string("e.value")])
    return call("string join", f"for e in {entries_of(context_expr)} return {pair}",
                string(separator))


def grouped(expr: str) -> str:
    """`(expr)`, so that an ``if`` or a chain inside a longer expression ends where it should."""
    return f"({expr})"


# JSON's escapes for the characters a JSON string may not hold as they are, backslash first
# (later replacements add backslashes that must not be escaped again), then the double quote
# and every control character (the short forms where JSON has one, else \u00XX).
_JSON_SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_JSON_ESCAPES = (
    ("\\", "\\\\"),
    ('"', '\\"'),
    *((chr(c), _JSON_SHORT.get(chr(c), f"\\u{c:04x}")) for c in range(0x20)),
)


def json_string(expr: str) -> str:
    """The JSON text of the string `expr` (``a"b`` -> ``"a\\"b"``), for a connector that sends a
    string body as it is (the REST connector JSON-encodes maps, lists and numbers, not strings).

    FEEL has no JSON encoder, and ``replace()`` cannot be used for the escaping: its replacement
    text follows JavaScript's rules in feelin (``$&``) but Java's ``Matcher.replaceAll`` in
    FEEL-Scala, where ``\\`` and ``$`` are special, so the same call gives different text in the
    Modeler and in Zeebe. ``split`` + ``string join`` agree in both: FEEL-Scala splits with
    ``Pattern.compile(delimiter).split(s, -1)`` (trailing empty strings kept) and feelin with
    JavaScript's ``split(RegExp)``, which keeps them too; ``string join`` inserts its delimiter
    literally. Each escaped character is one split/join, backslash first. Only the backslash is
    special in the delimiter regex; control characters are written as FEEL ``\\uXXXX`` escapes,
    so the expression itself holds none. `expr` must be a string (null gives null).
    """
    out = expr
    for char, escaped in _JSON_ESCAPES:
        pattern = "\\\\" if char == "\\" else char
        out = f"string join(split({out}, {string(pattern)}), {string(escaped)})"
    return f'"\\"" + {out} + "\\""'


# --------------------------------------------------------------------------- conditions and calls


def equals(left: str, right: str) -> str:
    """`left = right` (FEEL equality)."""
    return f"{left} = {right}"


def differs(left: str, right: str) -> str:
    """`left != right`."""
    return f"{left} != {right}"


def is_null(expr: str) -> str:
    """`expr = null`: true when the value is missing (an empty optional field)."""
    return equals(expr, NULL)


def is_string(expr: str) -> str:
    """`expr instance of string`."""
    return f"{expr} instance of string"


def starts_with(expr: str, prefix: str) -> str:
    """True when the string `expr` starts with the text `prefix`."""
    return call("starts with", expr, string(prefix))


def both(*conditions: str) -> str:
    """`a and b and c`."""
    return " and ".join(conditions)


def either(*conditions: str) -> str:
    """`a or b or c`."""
    return " or ".join(conditions)


def if_else(condition: str, then: str, otherwise: str) -> str:
    """`if condition then a else b`."""
    return f"if {condition} then {then} else {otherwise}"


def first_match(branches: Sequence[tuple[str, str]], otherwise: str) -> str:
    """The value of the first branch whose condition holds, else `otherwise`: an
    ``if ... then ...`` per line, so that a long chain reads as a table in the Modeler."""
    out = otherwise
    for condition, then in reversed(branches):
        out = f"if {condition} then {then}\nelse {out}"
    return out


_FUNCTION = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?: [A-Za-z_][A-Za-z0-9_]*)*")


def call(function: str, *args: str) -> str:
    """`function(a, b)`: a call of a FEEL built-in (``number``, ``starts with``) on expressions."""
    if not _FUNCTION.fullmatch(function):
        raise ValueError(f"not a FEEL function name: {function!r}")
    return f"{function}({', '.join(args)})"


def bpmn_error(code: str, message: str, variables: str) -> str:
    """A BPMN error for an error expression: the code a boundary event catches, a message, and
    the variables the catching event receives (all three FEEL expressions)."""
    return call("bpmnError", code, message, variables)


def job_error(message: str, variables: str, retries: str, backoff: str) -> str:
    """A job failure for an error expression (the connectors' ``jobError``): the job fails
    with `retries` left and becomes active again after the duration `backoff`; 0 retries raise
    an incident. All four are FEEL expressions and always given: the function's own defaults
    are 0 retries and no backoff (camunda/connectors `FeelConnectorFunctionProvider`), which
    would raise an incident at the first failure."""
    return call("jobError", message, variables, retries, backoff)


def retries_left() -> str:
    """``job.retries - 1``: the retries a job keeps after this failure, as the connector
    runtime counts them when it fails a job itself (`job` is in scope of an error expression
    from Camunda 8.6)."""
    return f"{path('job', ['retries'])} - 1"


def seconds(text_expr: str) -> str:
    """The duration of `text_expr` seconds, a string of digits (``"120"`` -> ``PT2M``)."""
    return call("duration", concat([string("PT"), text_expr, string("S")]))


def header(headers_expr: str, header_name: str) -> str:
    """The value of the HTTP header `header_name` in a context of headers, or null; names are
    compared without regard to case, as HTTP does (servers and proxies spell them
    differently)."""
    matching = (f"{entries_of(headers_expr)}[lower case(item.key) = "
                f"{string(header_name.lower())}].value")
    return grouped(if_else(is_null(headers_expr), NULL, item(grouped(matching), 1)))


def matches(text_expr: str, pattern: str) -> str:
    """True when the regular expression `pattern` matches in the string `text_expr`; keep
    patterns to what Java's and JavaScript's regular expressions read alike."""
    return call("matches", text_expr, string(pattern))


def negation(condition: str) -> str:
    """``not(condition)``."""
    return call("not", condition)


def one_of(expr: str, texts: Sequence[str]) -> str:
    """True when `expr` equals one of the strings `texts`."""
    return either(*(equals(expr, string(text)) for text in texts))


def let(name_: str, value: str, body: str) -> str:
    """`body` evaluated with `name_` bound to `value`, which `body` may use several times:
    ``{name: value, outcome: body}.outcome`` (a context entry is in scope for the entries
    after it)."""
    if name_ == "outcome" or not is_feel_name(name_):
        raise ValueError(f"not a usable name: {name_!r}")
    return f"{{{name_}: {value},\n  outcome: {body}}}.outcome"


# --------------------------------------------------------------------------- nested maps


def _entries(var: str, prefix: str) -> str:
    """`{key, value}` pairs of a context or list held in `var`, keys `prefix[k]` / `prefix[i]`."""
    return if_else(
        f"{var} instance of context",
        f'for e in get entries({var}) return {{key: {prefix} + "[" + e.key + "]", '
        f"value: e.value}}",
        if_else(f"count({var}) = 0", "[]",
                f'for i in 1..count({var}) return {{key: {prefix} + "[" + string(i - 1) + "]", '
                f"value: {var}[i]}}"),
    )


def bracket_entries(key: str, variable: str, depth: int = 3) -> str:
    """A list of `{key, value}` entries flattening an object or list `depth` levels deep into
    bracket keys: ``{"a": {"b": 1}, "l": [2]}`` under ``meta`` -> ``meta[a][b]=1``,
    ``meta[l][0]=2`` ... the deepObject / Stripe form convention, for connectors that send one
    value per key. Null or the empty text (an emptied field) gives an empty list; deeper values
    are sent as their string form.
    """
    v = name(variable)

    def deepen(entries: str, level: int) -> str:
        if level >= depth:
            return entries
        x = f"x{level}"
        nested = if_else(f"{x}.value instance of context or {x}.value instance of list",
                         deepen(_entries(f"{x}.value", f"{x}.key"), level + 1), f"[{x}]")
        return f"flatten(for {x} in {entries} return {nested})"

    return if_else(is_unset(v), EMPTY_LIST,
                   if_else(f"{v} instance of context or {v} instance of list",
                           deepen(_entries(v, string(key)), 1),
                           f"[{{key: {string(key)}, value: {v}}}]"))



def numbered_entries(stem: str, members: Sequence[tuple[str, str]], variable: str) -> str:
    """A list of `{key, value}` entries sending a list as numbered fields: under `Parameter`
    with members ``((".Name", "Name"), (".Value", "Value"))``, ``[{Name: "a", Value: "b"}]``
    gives ``Parameter1.Name=a``, ``Parameter1.Value=b``; with ``(("", ""),)``, ``["x"]`` gives
    ``Tag1=x``. Values are sent as text; null (or an empty list) gives no entries."""
    v = name(variable)

    def value(key: str) -> str:
        return nullable_string(path(f"{v}[i]", [key]) if key else f"{v}[i]")

    per_entry = ", ".join(
        f"{{key: {string(stem)} + string(i) + {string(suffix)}, value: {value(key)}}}"
        for suffix, key in members)
    return if_else(f"{v} = null or count({v}) = 0", EMPTY_LIST,
                   f"flatten(for i in 1..count({v}) return [{per_entry}])")


# Postman's dynamic variables that FEEL can compute (Camunda's FEEL; `random number()` is its
# extension from Camunda 8.2). Postman sends text: every expression gives a string.
_DYNAMIC = {
    "$timestamp": '{d: now() - date and time("1970-01-01T00:00:00@UTC"), '
                  's: string(floor(d.days * 86400 + d.hours * 3600 + d.minutes * 60 '
                  '+ d.seconds))}.s',
    "$isoTimestamp": "string(now())",
    "$randomInt": "string(floor(random number() * 1001))",
    "$randomBoolean": 'string(random number() < 0.5)',
}


def runtime_text(parts: Sequence[tuple[str, str]]) -> str:
    """The string a `RuntimeText` gives: its text pieces and dynamic values joined."""
    return concat([string(value) if kind == "text" else _DYNAMIC[value] for kind, value in parts])


# The dynamic values `runtime_text` can compute.
RUNTIME_VALUES = frozenset(_DYNAMIC)
