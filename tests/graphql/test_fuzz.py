"""Random schemas: every generated document validates and its example variables coerce.

Field names are drawn from a small pool so that sibling fragments often select the same name
with different types, which is where "fields must merge" bites; types refer to each other
freely (recursion), and arguments mix required and optional, scalars, enums and input objects.
"""

from __future__ import annotations

from graphql import GraphQLError, build_schema, validate_schema
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from converter import core
from converter.options import Options
from tests.graphql.checks import check_operation

NAMES = ("id", "name", "value", "items", "owner")
LEAVES = ("Int", "String", "Float", "Boolean", "ID", "Color")


@st.composite
def schemas(draw: st.DrawFn) -> str:
    objects = [f"O{i}" for i in range(draw(st.integers(2, 5)))]
    interfaces = [f"I{i}" for i in range(draw(st.integers(0, 2)))]
    inputs = [f"N{i}" for i in range(draw(st.integers(0, 2)))]
    union_members = draw(st.lists(st.sampled_from(objects), min_size=1, max_size=3, unique=True))
    outputs = [*LEAVES, *objects, *interfaces, "U"]

    def wrap(name: str) -> str:
        if draw(st.booleans()):
            name = f"[{name}{'!' if draw(st.booleans()) else ''}]"
        return name + ("!" if draw(st.booleans()) else "")

    def args(pool: list[str]) -> str:
        chosen = draw(st.lists(st.sampled_from(("a", "b", "c")), max_size=2, unique=True))
        if not chosen:
            return ""
        return "(" + " ".join(f"{a}: {wrap(draw(st.sampled_from(pool)))}" for a in chosen) + ")"

    def fields(count: int, *, with_args: bool) -> dict[str, str]:
        names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=count, unique=True))
        arg_pool = [*LEAVES, *inputs]
        return {n: (args(arg_pool) if with_args and draw(st.booleans()) else "")
                + ": " + wrap(draw(st.sampled_from(outputs))) for n in names}

    iface_fields = {i: fields(2, with_args=False) for i in interfaces}
    parts = ["enum Color { RED GREEN BLUE }", f"union U = {' | '.join(union_members)}"]
    for i in interfaces:
        parts.append(f"interface {i} {{ " + " ".join(f"{n}{t}" for n, t in
                                                      iface_fields[i].items()) + " }")
    for o in objects:
        impl = draw(st.lists(st.sampled_from(interfaces), max_size=2, unique=True)) \
            if interfaces else []
        own = fields(4, with_args=True)
        for i in impl:
            own.update(iface_fields[i])
        head = f"type {o}" + (f" implements {' & '.join(impl)}" if impl else "")
        parts.append(head + " { " + " ".join(f"{n}{t}" for n, t in own.items()) + " }")
    for n in inputs:
        pool = [*LEAVES, *inputs]
        body = " ".join(f"{f}: {wrap(draw(st.sampled_from(pool)))}" for f in ("x", "y", "z"))
        parts.append(f"input {n} {{ {body} }}")
    query = fields(5, with_args=True)
    parts.append("type Query { " + " ".join(f"{n}{t}" for n, t in query.items()) + " }")
    return "\n".join(parts)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sdl=schemas(), depth=st.integers(1, 3))
def test_random_schema_documents_validate_and_variables_coerce(sdl: str, depth: int) -> None:
    try:
        schema = build_schema(sdl)
    except (GraphQLError, TypeError):
        schema = None
    # An invalid draw (e.g. input recursion through non-null fields) is not a test case.
    assume(schema is not None and not validate_schema(schema))
    assert schema is not None
    api = core.load(sdl.encode(), options=Options(format="graphql", depth=depth))
    for op in api.operations:
        assert check_operation(schema, op) == (True, True, ""), (sdl, op.request)
