"""The model's records pickle, copy, compare, hash and print as the dataclasses they are.

Forked processes send their operations back pickled (converter.forking), so every model class
must come back equal; the shared `_Record` methods must give what dataclass's own would.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from converter import model
from converter.core import load
from converter.model import ErrorCase, Input, Location, ValueType
from converter.options import Options

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "openapi"
DIGITALOCEAN = CORPUS / "digitalocean" / "specification" / "DigitalOcean-public.v2.yaml"

RECORDS = sorted((c for c in vars(model).values() if isinstance(c, type)
                  and dataclasses.is_dataclass(c) and c.__module__ == model.__name__),
                 key=lambda c: c.__name__)


def _records(value: Any) -> Iterator[Any]:
    """`value` and every model record inside it."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for f in dataclasses.fields(value):
            yield from _records(getattr(value, f.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _records(item)


@pytest.fixture(scope="module")
def apis() -> list[model.Api]:
    """Real models that hold every record class between them."""
    sources = [REPO / "fixtures" / "wsdl" / "calculator.wsdl",
               REPO / "fixtures" / "wsdl" / "headers.wsdl",
               REPO / "fixtures" / "graphql" / "connections.graphql",
               REPO / "fixtures" / "openapi" / "v3_0" / "bodies.yaml",
               REPO / "fixtures" / "openapi" / "v3_0" / "servers.yaml",
               REPO / "fixtures" / "openapi" / "v3_0" / "auth-kinds.yaml"]
    if DIGITALOCEAN.exists():
        sources.append(DIGITALOCEAN)
    return [load(source, options=Options(processes=1)) for source in sources]


def test_the_fixtures_hold_every_record_class(apis: list[model.Api]) -> None:
    seen = {type(r) for api in apis for r in _records(api)}
    assert set(RECORDS) <= seen, {c.__name__ for c in set(RECORDS) - seen}


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_records_round_trip_through_pickle(apis: list[model.Api], protocol: int) -> None:
    for api in apis:
        back = pickle.loads(pickle.dumps(api, protocol=protocol))
        assert back == api
        assert repr(back) == repr(api)
        for old, new in zip(_records(api), _records(back), strict=True):
            assert type(new) is type(old)
            assert new == old


def test_forked_operations_round_trip(apis: list[model.Api]) -> None:
    """What a forked child sends: a list of operations, as forking pickles it."""
    ops = [op for api in apis for op in api.operations]
    assert pickle.loads(pickle.dumps(ops, protocol=pickle.HIGHEST_PROTOCOL)) == ops


def test_copies_are_equal(apis: list[model.Api]) -> None:
    for api in apis:
        assert copy.copy(api) == api
        assert copy.deepcopy(api) == api


def test_records_behave_as_dataclasses(apis: list[model.Api]) -> None:
    for record in {id(r): r for api in apis for r in _records(api)}.values():
        values = tuple(getattr(record, f.name) for f in dataclasses.fields(record))
        shown = ", ".join(f"{f.name}={v!r}"
                          for f, v in zip(dataclasses.fields(record), values, strict=True))
        assert repr(record) == f"{type(record).__qualname__}({shown})"
        try:
            expected = hash(values)
        except TypeError:  # a list or dict among the values (an example)
            with pytest.raises(TypeError):
                hash(record)
        else:
            assert hash(record) == expected
        assert dataclasses.replace(record) == record
        assert record.__getstate__() == values
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, dataclasses.fields(record)[0].name, None)


def test_equality_needs_the_same_class_and_values() -> None:
    one = Input(name="a", variable="a", location=Location.QUERY)
    assert one == Input(name="a", variable="a", location=Location.QUERY)
    assert one != dataclasses.replace(one, type=ValueType.INTEGER)
    assert one != ErrorCase(code="a", name="a")
    assert one.__eq__(("a", "a")) is NotImplemented
    assert len({one, Input(name="a", variable="a", location=Location.QUERY)}) == 1
    with pytest.raises(TypeError):
        Input("a", "a", Location.QUERY)  # type: ignore[misc]  # keywords only, as before
    assert not hasattr(one, "__dict__")
