"""Step 2 helper: a deterministic value that is valid for a JSON/OpenAPI schema.

Works on `jsonschema_path.SchemaPath` nodes (references are followed lazily, so recursive
schemas are fine). Enums, `const` and formats are honoured; for a `pattern` the spec's own
example is used when it matches, else a few candidates are tried.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

MAX_DEPTH = 5

_NONEMPTY: ContextVar[bool] = ContextVar("nonempty_objects", default=False)


@contextmanager
def nonempty_objects() -> Iterator[None]:
    """Within: an object that would be empty gets its first declared member that has a value.

    In bracket encodings (deepObject / form, `name[a][b]=v`) an empty object has no wire form:
    Stripe's own clients send nothing for `{}`, so a user who wants to send such an object (or
    must: a required one) fills a member."""
    token = _NONEMPTY.set(True)
    try:
        yield
    finally:
        _NONEMPTY.reset(token)


class NoValue(ValueError):
    """The harness cannot make a valid value for this schema."""


class NoWireForm(NoValue):
    """No value of this schema can be sent in its encoding (an object without members in
    bracket form encoding): a user leaves such an optional field empty."""


def without_empty(value: Any) -> Any:
    """`value` without the empty objects and lists nested in it, which bracket encodings
    (`name[a][b]=v`) cannot carry; raises NoWireForm when nothing is left."""
    def prune(v: Any) -> Any:
        if isinstance(v, dict):
            out = {k: prune(x) for k, x in v.items()}
            return {k: x for k, x in out.items() if x != {} and x != []}
        if isinstance(v, list):
            items = [prune(x) for x in v]
            return [x for x in items if x != {} and x != []]
        return v

    pruned = prune(value)
    if isinstance(value, dict | list) and pruned in ({}, []):
        raise NoWireForm("an empty object or list has no wire form in bracket encoding")
    return pruned


def _read(node: Any, key: str, default: Any = None) -> Any:
    try:
        if key not in node:
            return default
        return (node / key).read_value()
    except Exception:
        return default


def _keys(node: Any) -> set[str]:
    try:
        return set(node.keys())
    except Exception:
        return set()


def _types(node: Any) -> list[str]:
    t = _read(node, "type")
    if isinstance(t, str):
        return [t]
    if isinstance(t, list):
        return [x for x in t if isinstance(x, str)]
    return []


_FORMAT_STRINGS = {
    "date": "2024-01-15",
    "date-time": "2024-01-15T10:30:00Z",
    "time": "10:30:00",
    "email": "user@example.com",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "uri": "https://example.com/resource",
    "url": "https://example.com/resource",
    "uri-reference": "https://example.com/resource",
    "hostname": "example.com",
    "ipv4": "192.0.2.10",
    "ipv6": "2001:db8::10",
    "byte": "aGFybmVzcw==",
    "binary": "harness-file-content",
    "password": "harness-Passw0rd",
    "duration": "P1D",
}

_FORMAT_SHAPES = {
    "date": r"\d{4}-\d{2}-\d{2}",
    "date-time": r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})",
}

_PATTERN_CANDIDATES = (
    "abc", "ABC", "abc123", "a", "A", "1", "123", "12345", "2024-01-15", "a-b", "a_b", "AB12",
    "user@example.com", "https://example.com", "+15551234567", "AC" + "0" * 32, "US", "usd",
    "3fa85f64-5717-4562-b3fc-2c963f66afa6", "en", "0", "x", "example",
)


def _string(node: Any, hint: str) -> str:
    fmt = _read(node, "format")
    pattern = _read(node, "pattern")
    min_len = _read(node, "minLength", 0) or 0
    max_len = _read(node, "maxLength")
    candidates: list[Any] = []
    for key in ("example", "default", "x-example"):
        candidates.append(_read(node, key))
    examples = _read(node, "examples")
    if isinstance(examples, list):
        candidates.extend(examples)
    if isinstance(fmt, str) and fmt in _FORMAT_STRINGS:
        candidates.insert(0 if pattern is None else len(candidates), _FORMAT_STRINGS[fmt])
    base = re.sub(r"[^a-z0-9]", "", hint.lower())[:12] or "value"
    if pattern is None:
        candidates.append(f"{base}-text")
    candidates.extend(_PATTERN_CANDIDATES)

    def ok(value: Any) -> bool:
        if not isinstance(value, str) or len(value) < min_len:
            return False
        shape = _FORMAT_SHAPES.get(fmt) if isinstance(fmt, str) else None
        if shape is not None and not re.fullmatch(shape, value):
            return False  # a spec example that contradicts its own format
        if isinstance(max_len, int) and len(value) > max_len:
            return False
        if pattern is not None:
            from harness.judge_openapi import python_pattern

            compiled = python_pattern(pattern)
            return compiled is None or re.search(compiled, value) is not None
        return True

    for c in candidates:
        if ok(c):
            return c
    if pattern is not None:
        for size in (max(min_len, 1), 1, 3):
            from harness.judge_openapi import python_pattern

            made = from_regex(python_pattern(pattern) or pattern, size)
            if made is not None and ok(made):
                return made
        # too short with each repeat at its minimum (storagegateway's tape ARN: minLength 50,
        # `[a-z\-0-9]+:[0-9]+:tape\/[0-9A-Z]{7,16}`): the missing characters go to the repeats
        # that allow more, first come first
        from harness.judge_openapi import python_pattern

        shortest = from_regex(python_pattern(pattern) or pattern)
        if shortest is not None and len(shortest) < min_len:
            made = from_regex(python_pattern(pattern) or pattern,
                              extra=min_len - len(shortest))
            if made is not None and ok(made):
                return made
    if pattern is None:
        text = (base * (min_len // max(len(base), 1) + 1))[: max(min_len, 1)]
        if isinstance(max_len, int):
            text = text[:max_len]
        if ok(text):
            return text
    raise NoValue(f"no string for pattern {pattern!r} (minLength {min_len}, maxLength {max_len})")


def from_regex(pattern: str, size: int = 1, *, extra: int = 0) -> str | None:
    """A deterministic string matching `pattern` (repeats use their minimum, or `size`); with
    `extra`, about that many more characters, taken by the repeats that allow more, in order."""
    try:
        import re._parser as sre_parse  # type: ignore[import-not-found]
    except ImportError:  # Python < 3.11
        import sre_parse  # type: ignore[no-redef]
    try:
        tree = sre_parse.parse(pattern)
    except Exception:
        return None

    budget = [extra]

    def emit(items: Any) -> str:
        out = []
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                out.append(chr(arg))
            elif name == "NOT_LITERAL":
                out.append("a" if chr(arg) != "a" else "b")
            elif name == "ANY":
                out.append("a")
            elif name == "IN":
                out.append(_in(arg))
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                low, high, sub = arg
                count = low if low > 0 else min(size, high) if high else size
                unit = emit(sub)
                if budget[0] > 0 and high > count and unit:
                    more = min(-(-budget[0] // len(unit)), high - count)
                    count += more
                    budget[0] -= more * len(unit)
                out.append(unit * count)
            elif name == "SUBPATTERN":
                out.append(emit(arg[-1]))
            elif name == "BRANCH":
                out.append(emit(arg[1][0]))
            elif name in ("AT", "ASSERT", "ASSERT_NOT", "GROUPREF"):
                continue
            else:
                raise ValueError(name)
        return "".join(out)

    def _in(arg: Any) -> str:
        negate = any(str(op) == "NEGATE" for op, _ in arg)
        for op, val in arg:
            name = str(op)
            if negate:
                break
            if name == "LITERAL":
                return chr(val)
            if name == "RANGE":
                return chr(val[0])
            if name == "CATEGORY":
                cat = str(val)
                return {"CATEGORY_DIGIT": "1", "CATEGORY_WORD": "a",
                        "CATEGORY_SPACE": " "}.get(cat, "a")
        return "a"  # negated class: a guess, checked by the caller against the pattern

    try:
        return emit(tree)
    except Exception:
        return None


def _number(node: Any, integer: bool) -> int | float:
    minimum = _read(node, "minimum")
    maximum = _read(node, "maximum")
    ex_min = _read(node, "exclusiveMinimum")
    ex_max = _read(node, "exclusiveMaximum")
    multiple = _read(node, "multipleOf")
    low: float = 1
    if isinstance(minimum, int | float) and not isinstance(minimum, bool):
        low = minimum + (1 if ex_min is True else 0)
    if isinstance(ex_min, int | float) and not isinstance(ex_min, bool):
        low = ex_min + 1
    value: float = max(low, 1) if not (isinstance(maximum, int | float) and maximum < 1) else low
    if isinstance(maximum, int | float) and not isinstance(maximum, bool) and value > maximum:
        value = maximum - (1 if ex_max is True else 0)
    if isinstance(multiple, int | float) and multiple:
        value = (int(value // multiple) + (1 if value % multiple else 0)) * multiple
    if integer:
        return int(value)
    return int(value) if float(value).is_integer() else value


# keywords that describe a value without constraining it
_ANNOTATIONS = frozenset({"description", "title", "example", "examples", "default", "readOnly",
                          "writeOnly", "deprecated", "externalDocs", "xml", "$comment"})


def _tag(node: Any) -> bool:
    """A member with one possible value (`enum: [file]`, `const`): it tells oneOf branches
    apart (Box's taxonomy sources), so it is filled even where optional members are not."""
    enum = _read(node, "enum")
    return "const" in _keys(node) or (isinstance(enum, list) and len(enum) == 1)


def _read_only(node: Any) -> bool:
    """`readOnly: true` on the schema or on one of its allOf parts (`allOf: [{$ref: X},
    {readOnly: true}]`): a request does not send the member."""
    if _read(node, "readOnly") is True:
        return True
    return "allOf" in _keys(node) and any(_read_only(sub) for sub in node / "allOf")


class Placeholder(str):
    """The value of a member that a schema requires but declares nowhere (any value goes)."""


def _merge(merged: dict[str, Any], part: dict[str, Any]) -> None:
    """allOf: every part's members; a placeholder never replaces a value a part declared."""
    for name, value in part.items():
        if not isinstance(value, Placeholder) or name not in merged:
            merged[name] = value


def _discriminate(node: Any, value: dict[str, Any], branch: Any) -> None:
    """Set the discriminator property to the name that selects the generated branch (the
    judge follows the discriminator, not the branches: `mapping[value]`, else
    `#/components/schemas/<value>`)."""
    prop = _read(node / "discriminator", "propertyName")
    ref = branch.get("$ref") if isinstance(branch, dict) else None
    if not isinstance(prop, str) or not isinstance(ref, str):
        return
    mapping = _read(node / "discriminator", "mapping") or {}
    names = [k for k, v in mapping.items() if v == ref] if isinstance(mapping, dict) else []
    if names:
        value[prop] = names[0]
    elif ref.startswith("#/components/schemas/"):
        value[prop] = ref.rsplit("/", 1)[-1]


def _required(node: Any) -> frozenset[str]:
    required = _read(node, "required", []) or []
    return frozenset(r for r in required if isinstance(r, str)) if isinstance(required,
                                                                             list) else frozenset()


def generate(node: Any, *, hint: str = "value", optional: bool = True, depth: int = 0,
             need: frozenset[str] = frozenset()) -> Any:
    """A value valid for the schema at `node`; `optional` also fills optional object members.

    `need`: members an enclosing schema requires (`required` beside `allOf`/`oneOf`/`anyOf`),
    which this branch fills when it declares them, optional or not; a required member that no
    branch declares is given a placeholder by the schema that requires it.
    """
    keys = _keys(node)
    if "const" in keys:
        return _read(node, "const")
    enum = _read(node, "enum")
    if isinstance(enum, list) and enum:
        for e in enum:
            if e is not None:
                return e
        return enum[0]
    own_required = _required(node)
    if "allOf" in keys:
        merged: dict[str, Any] = {}
        parts = [sub for sub in node / "allOf"
                 if {k for k in _keys(sub) if not k.startswith("x-")} - _ANNOTATIONS]
        # (a part of only `description: ...` or `readOnly: true` does not constrain the value)
        # a member one part requires may be declared by another
        inner = need | own_required
        for sub in parts:
            inner |= _required(sub)
        for sub in parts:
            part = generate(sub, hint=hint, optional=optional, depth=depth, need=inner)
            if isinstance(part, dict):
                _merge(merged, part)
            elif part is not None:
                return part
        if "properties" in keys:
            _merge(merged, _object(node, hint, optional, depth, need=need, placeholders=False))
        for name in sorted(own_required - merged.keys()):
            merged[name] = Placeholder(f"{name}-value")  # required, declared nowhere
        return merged
    for key in ("oneOf", "anyOf"):
        if key in keys:
            branches = list(node / key)
            raw = _read(node, key)
            # prefer a branch that is not just `null`, and a simple one for oneOf
            for i, sub in enumerate(branches):
                if _types(sub) == ["null"]:
                    continue
                try:
                    value = generate(sub, hint=hint, optional=optional, depth=depth,
                                     need=need | own_required)
                except NoValue:
                    continue
                if isinstance(value, dict) and ("properties" in keys or own_required):
                    value = {**_object(node, hint, optional, depth, need=need,
                                       placeholders=False), **value}
                    for name in sorted(own_required - value.keys()):
                        value[name] = Placeholder(f"{name}-value")  # declared nowhere
                if isinstance(value, dict) and "discriminator" in keys:
                    _discriminate(node, value, raw[i] if isinstance(raw, list) else None)
                return value
    types = _types(node)
    kind = next((t for t in types if t != "null"), types[0] if types else "")
    if not kind:
        if keys & {"properties", "additionalProperties", "required", "minProperties",
                   "maxProperties", "patternProperties"}:
            kind = "object"  # keywords that apply to objects only
        elif "items" in keys:
            kind = "array"
        else:
            for key in ("example", "default"):
                if key in keys:
                    return _read(node, key)
            return f"{hint}-value"
    if kind == "string":
        return _string(node, hint)
    if kind == "integer":
        return _number(node, integer=True)
    if kind == "number":
        return _number(node, integer=False)
    if kind == "boolean":
        default = _read(node, "default")
        return default if isinstance(default, bool) else True
    if kind == "null":
        return None
    if kind == "array":
        count = max(int(_read(node, "minItems", 1) or 1), 1)
        if "items" not in keys:
            return ["item"] * count
        item = generate(node / "items", hint=hint, optional=optional, depth=depth + 1)
        if _read(node, "uniqueItems") is True and count > 1:
            raise NoValue("uniqueItems with minItems > 1")
        return [item] * count
    if kind == "object":
        return _object(node, hint, optional, depth, need=need)
    raise NoValue(f"unknown type {kind!r}")


def _object(node: Any, hint: str, optional: bool, depth: int,
            need: frozenset[str] = frozenset(), placeholders: bool = True) -> dict[str, Any]:
    """The object's declared members (required ones, those in `need`, and optional ones when
    `optional`); with `placeholders`, a required member declared nowhere gets a placeholder."""
    out: dict[str, Any] = {}
    required = _required(node)
    wanted = required | need
    if "properties" in _keys(node):
        props = node / "properties"
        for name in props.keys():
            sub = props / name
            if _read_only(sub):
                continue
            take = name in wanted or (optional and depth < 2) or _tag(sub)
            if not take or (depth >= MAX_DEPTH and name not in wanted):
                continue
            out[name] = generate(sub, hint=name, optional=optional, depth=depth + 1)
    if not out and _NONEMPTY.get() and "properties" in _keys(node) and depth < MAX_DEPTH:
        props = node / "properties"
        for name in props.keys():
            sub = props / name
            if _read_only(sub):
                continue
            value = generate(sub, hint=name, optional=optional, depth=depth + 1)
            if value != {} and value != []:
                out[name] = value
                break
    if placeholders:
        for name in sorted(required - out.keys()):
            out[name] = Placeholder(f"{name}-value")
    if not out and optional and not {"properties", "allOf", "oneOf", "anyOf"} & _keys(node):
        # a free-form map (`metadata`): one entry, so that the value exercises the encoding (an
        # empty map has no wire form in form/bracket encodings)
        extra_schema = _read(node, "additionalProperties", True)
        if extra_schema is not False and depth < MAX_DEPTH:
            out["key0"] = (generate(node / "additionalProperties", hint="key0", optional=False,
                                    depth=depth + 1)
                           if isinstance(extra_schema, dict) else "value")
    min_props = _read(node, "minProperties", 0) or 0
    if len(out) < min_props:
        extra = _read(node, "additionalProperties", True)
        if extra is not False:
            for i in range(min_props - len(out)):
                out[f"key{i}"] = "value"
    return out
