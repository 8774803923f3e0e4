"""Reading JSON Schemas inside OpenAPI 2.0/3.0/3.1 lazily: types, merged allOf, examples.

Everything takes a `(node, ctx)` pair and follows refs through the `Resolver` as it goes, with
a `seen` set of ref identities so recursive schemas stop instead of looping.
"""

from __future__ import annotations

from typing import Any

from converter.model import ValueType
from converter.parsers.openapi.refs import Ref, Resolver, ref_id

MAX_DEPTH = 8


def obj(value: Any) -> dict[str, Any]:
    """`value` when it is a mapping, else an empty one (specs put anything anywhere)."""
    return value if isinstance(value, dict) else {}


def seq(value: Any) -> list[Any]:
    """`value` when it is a list, else an empty one (`parameters: true`, `tags: {}`)."""
    return value if isinstance(value, list) else []


def media_list(value: Any, default: tuple[str, ...]) -> tuple[str, ...]:
    """A Swagger 2.0 `consumes`/`produces` list (one string counts as a list of one), or
    `default` when there is none or it is something else (`true`, a mapping)."""
    if isinstance(value, str) and value:
        return (value,)
    if isinstance(value, list) and value:
        return tuple(str(c) for c in value)
    return default

MAX_EXAMPLE_PROPERTIES = 12
SCALARS = ("string", "integer", "number", "boolean")


class View:
    """A schema with allOf merged and refs followed at the top level.

    Filled by `view` and read-only afterwards (views are shared through the cache), so its
    `type` is worked out once, when the merge is done. A plain slotted class: a spec makes
    thousands, and a dataclass's `__init__` with this many defaults costs twice as much."""

    __slots__ = ("additional", "enum", "items", "nullable", "properties", "raw", "recursive",
                 "required", "type", "types", "variants")

    def __init__(self) -> None:
        self.types: list[str] = []
        self.nullable = False
        self.properties: dict[str, tuple[Any, Ref]] = {}
        self.required: list[str] = []
        self.enum: list[Any] = []
        self.items: tuple[Any, Ref] | None = None
        self.variants: list[tuple[Any, Ref]] = []  # oneOf/anyOf
        self.additional = False
        self.raw: dict[str, Any] = {}  # the first concrete node's keywords
        self.recursive = False
        self.type = ""  # the first non-null type, else implied by what the schema has

    def _settle(self) -> None:
        """Work out `type` once the merge is done."""
        for t in self.types:
            if t != "null":
                self.type = t
                return
        if self.properties or self.additional:
            self.type = "object"
        elif self.items is not None:
            self.type = "array"
        elif self.enum:
            v = self.enum[0]
            self.type = "boolean" if isinstance(v, bool) else "integer" if isinstance(v, int) \
                else "number" if isinstance(v, float) else "string"

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)


def view(node: Any, ctx: Ref, resolver: Resolver, seen: frozenset[str] = frozenset()) -> View:
    """Merge `node` (following refs and allOf) into one View; cycles mark it recursive.

    Views are read-only, and a spec asks for the same schema node many times, so each (node,
    document, seen) is merged once per resolver (`Resolver.views`). The cache keeps the node
    itself next to its view, so an id is never reused for another node while its entry lives.
    """
    key = (id(node), ctx.base, seen)
    hit = resolver.views.get(key)
    if hit is not None and hit[0] is node:
        view_: View = hit[1]
        return view_
    out = View()
    _merge(out, node, ctx, resolver, seen, 0)
    out._settle()
    resolver.views[key] = (node, out)
    return out


# keywords a View keeps apart from `raw` (merged, not taken from the first node)
_NOT_RAW = ("allOf", "properties", "required", "oneOf", "anyOf")


def _merge(out: View, node: Any, ctx: Ref, resolver: Resolver, seen: frozenset[str],
           depth: int) -> None:
    if not isinstance(node, dict):
        return
    rid = ref_id(node, ctx)
    if rid is not None:
        if rid in seen or depth > MAX_DEPTH:
            out.recursive = True
            return
        seen = seen | {rid}
        found = resolver.try_deref(node, ctx)
        if found is None:
            return
        node, ctx = found
        if not isinstance(node, dict):
            return
    for key, value in node.items():  # the first node to give a keyword sets it
        if key not in _NOT_RAW:
            out.raw.setdefault(key, value)
    t = node.get("type")
    if isinstance(t, str):
        out.types.append(t)
    elif isinstance(t, list):
        out.types.extend(x for x in t if isinstance(x, str))
    if not out.nullable and (node.get("nullable") is True or node.get("x-nullable") is True
                             or "null" in out.types):
        out.nullable = True
    for name, sub in obj(node.get("properties")).items():
        out.properties.setdefault(str(name), (sub, ctx))
    for name in map(str, seq(node.get("required"))):
        if name not in out.required:
            out.required.append(name)
    if not out.enum:
        enum = node.get("enum")
        if isinstance(enum, list):
            out.enum = list(enum)
        if not out.enum and "const" in node:
            out.enum = [node["const"]]
    if out.items is None:
        items = node.get("items")
        if isinstance(items, dict):
            out.items = (items, ctx)
    if node.get("additionalProperties") not in (None, False):
        out.additional = True
    out.variants.extend((v, ctx) for key in ("oneOf", "anyOf") for v in seq(node.get(key)))
    for part in seq(node.get("allOf")):
        _merge(out, part, ctx, resolver, seen, depth + 1)


_VALUE_TYPES = {"string": ValueType.STRING, "integer": ValueType.INTEGER,
                "number": ValueType.NUMBER, "boolean": ValueType.BOOLEAN,
                "object": ValueType.OBJECT, "array": ValueType.ARRAY, "file": ValueType.FILE}


def value_type(v: View) -> ValueType:
    t = v.type
    if t == "string" and v.raw.get("format") == "binary":
        return ValueType.FILE
    found = _VALUE_TYPES.get(t)
    if found is not None:
        return found
    return ValueType.OBJECT if v.variants else ValueType.ANY


def type_label(v: View) -> str:
    t = v.type or ("oneOf" if v.variants else "any")
    fmt = v.get("format")
    label = f"{t}({fmt})" if isinstance(fmt, str) and fmt else t
    return label + (" or null" if v.nullable and t else "")


def first_example(v: View) -> Any:
    """The spec's own example for a schema, if it gives one."""
    if "example" in v.raw:
        return v.raw["example"]
    examples = v.raw.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    return None


_FORMAT_EXAMPLES = {
    "date-time": "2024-01-01T12:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00",
    "email": "user@example.com",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "uri": "https://example.com",
    "url": "https://example.com",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "U3dhZ2dlciByb2Nrcw==",
    "password": "secret",
}


def example(node: Any, ctx: Ref, resolver: Resolver, *, seen: frozenset[str] = frozenset(),
            depth: int = 0, name: str = "") -> Any:
    """A realistic value for a schema: its examples, defaults, enums, formats; recursion cut."""
    rid = ref_id(node, ctx)
    if rid is not None and rid in seen:
        return None
    if depth > MAX_DEPTH:
        return None
    v = view(node, ctx, resolver, seen)
    if rid is not None:
        seen = seen | {rid}
    if v.recursive and not v.properties:
        return None
    own = first_example(v)
    if own is not None:
        return own
    if "default" in v.raw and v.raw["default"] is not None:
        return v.raw["default"]
    if v.enum:
        non_null = [e for e in v.enum if e is not None]
        return non_null[0] if non_null else None
    t = v.type
    if not t and v.variants:
        for sub, sub_ctx in v.variants:
            value = example(sub, sub_ctx, resolver, seen=seen, depth=depth + 1, name=name)
            if value is not None:
                return value
        return None
    if t == "object":
        result: dict[str, Any] = {}
        for prop in sorted(v.properties, key=lambda n: n not in v.required):  # required first
            if len(result) >= MAX_EXAMPLE_PROPERTIES and prop not in v.required:
                break
            sub, sub_ctx = v.properties[prop]
            sv = view(sub, sub_ctx, resolver, seen)
            if sv.get("readOnly") is True:
                continue
            value = example(sub, sub_ctx, resolver, seen=seen, depth=depth + 1, name=prop)
            if value is not None:
                result[prop] = value
        return result
    if t == "array":
        if v.items is None:
            return []
        item = example(v.items[0], v.items[1], resolver, seen=seen, depth=depth + 1, name=name)
        return [] if item is None else [item]
    if t == "string":
        fmt = v.get("format")
        if isinstance(fmt, str) and fmt in _FORMAT_EXAMPLES:
            return _FORMAT_EXAMPLES[fmt]
        if fmt == "binary":
            return None
        return "example"
    if t == "integer":
        low = v.get("minimum")
        return int(low) if isinstance(low, int | float) and not isinstance(low, bool) else 1
    if t == "number":
        low = v.get("minimum")
        return low if isinstance(low, int | float) and not isinstance(low, bool) else 1.5
    if t == "boolean":
        return True
    return None


FREE_NESTING = 3  # bracket levels kept for a value whose schema does not bound them
MAX_NESTING = 8


def nesting(node: Any, ctx: Ref, resolver: Resolver) -> int:
    """How many bracket levels (`name[a][0][b]`) a value of this schema needs when it is sent
    as deepObject / form brackets: 0 for a scalar, one per object or array level (through
    refs, allOf and every oneOf/anyOf branch). Free-form parts (no properties, an
    additionalProperties map, no type) count FREE_NESTING levels, a cycle MAX_NESTING; the
    result is at most MAX_NESTING."""
    budget = 4000  # schema nodes looked at: wide specs stay cheap

    def walk(node: Any, ctx: Ref, level: int, seen: frozenset[str]) -> int:
        nonlocal budget
        room = MAX_NESTING - level
        if room <= 0:
            return 0
        budget -= 1
        rid = ref_id(node, ctx)
        if rid is not None:
            if budget < 0 or rid in seen:
                return room
            seen = seen | {rid}
        elif budget < 0:
            return room
        v = view(node, ctx, resolver)
        if v.recursive:
            return room
        # the deepest of the branches, walked in their order (the budget runs out in order)
        best = max((walk(sub, sub_ctx, level, seen) for sub, sub_ctx in v.variants), default=0)
        t = v.type
        if t == "object":
            if v.properties:
                best = max(best, 1 + max(walk(sub, sub_ctx, level + 1, seen)
                                         for sub, sub_ctx in v.properties.values()))
            if v.additional or not v.properties:
                best = max(best, FREE_NESTING)
        elif t == "array":
            best = max(best, 1 + walk(v.items[0], v.items[1], level + 1, seen)
                       if v.items is not None else FREE_NESTING)
        elif not t and not v.variants and not v.enum:
            best = max(best, FREE_NESTING)
        return min(best, room)

    return walk(node, ctx, 0, frozenset())


def is_flat(v: View, resolver: Resolver) -> bool:
    """True for an object of at most 40 properties, all scalars, enums or arrays of scalars."""
    if v.type != "object" or not v.properties or v.variants or len(v.properties) > 40:
        return False
    for sub, sub_ctx in v.properties.values():
        sv = view(sub, sub_ctx, resolver)
        if sv.variants and not sv.type:
            return False
        if sv.type in SCALARS:
            continue
        if sv.type == "array" and sv.items is not None:
            iv = view(sv.items[0], sv.items[1], resolver)
            if iv.type in SCALARS:
                continue
        return False
    return True
