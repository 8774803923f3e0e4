"""The `record_class` classes (the model's, `Options`) behave as the dataclasses they replace.

`converter.model.record_class` builds the classes itself instead of running
``@dataclass(frozen=True, slots=True, kw_only=True)`` over each (import time). Every class is
checked here against a real dataclass made from the same annotations and defaults: constructor
signature, fields, equality, hash, repr, frozenness, slots, and the `dataclasses` functions the
code base calls on records (`replace`, `fields`).
"""

from __future__ import annotations

import dataclasses
import inspect
import pickle
import weakref
from pathlib import Path
from typing import Any, ClassVar

import pytest

from converter import model, options
from converter.model import (
    ErrorCase,
    Input,
    Location,
    Operation,
    Protocol,
    Record,
    RestRequest,
    Result,
    ValueType,
    record_class,
)

RECORDS = sorted((c for module in (model, options) for c in vars(module).values()
                  if isinstance(c, type) and issubclass(c, Record) and c is not Record
                  and c.__module__ == module.__name__),
                 key=lambda c: c.__name__)


def _reference(cls: type[Any]) -> type[Any]:
    """The dataclass `cls` was before: same name, annotations and defaults."""
    specs = [(f.name, f.type,
              dataclasses.field(default=f.default, default_factory=f.default_factory))
             for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(cls.__name__, specs, frozen=True, slots=True, kw_only=True)


def _sample(cls: type[Any]) -> dict[str, Any]:
    """Keyword arguments for `cls`: the required fields, and a non-default value for the rest."""
    values: dict[str, Any] = {}
    for number, f in enumerate(dataclasses.fields(cls)):
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            values[f.name] = f"value-{number}"
        elif number % 2:
            values[f.name] = ("x", number)
    return values


def test_every_record_is_checked() -> None:
    assert len(RECORDS) >= 15
    assert Input in RECORDS and Operation in RECORDS and options.Options in RECORDS


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_signature_and_fields_are_the_dataclass_ones(cls: type[Any]) -> None:
    ref = _reference(cls)
    assert str(inspect.signature(cls)) == str(inspect.signature(ref))
    assert cls.__init__.__annotations__ == ref.__init__.__annotations__
    assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"
    assert cls.__init__.__module__ == cls.__module__
    assert dataclasses.is_dataclass(cls)
    ours, theirs = dataclasses.fields(cls), dataclasses.fields(ref)
    assert [f.name for f in ours] == list(cls.__annotations__)
    for f, g in zip(ours, theirs, strict=True):
        assert (f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.compare, f.hash,
                dict(f.metadata), f.kw_only) == (g.name, g.type, g.default, g.default_factory,
                                                 g.init, g.repr, g.compare, g.hash,
                                                 dict(g.metadata), g.kw_only)
    assert cls.__match_args__ == ref.__match_args__ == ()
    assert cls.__slots__ == ref.__slots__
    assert cls.__doc__ and cls.__doc__ != ref.__doc__  # the class's own docstring is kept
    assert cls.__qualname__ == cls.__name__


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_instances_behave_as_the_dataclass_ones(cls: type[Any]) -> None:
    ref = _reference(cls)
    for kwargs in (_sample(cls), {k: v for k, v in _sample(cls).items()
                                  if not isinstance(v, tuple)}):
        ours, theirs = cls(**kwargs), ref(**kwargs)
        assert repr(ours) == repr(theirs)
        assert hash(ours) == hash(theirs)
        assert ours == cls(**kwargs) and not ours != cls(**kwargs)
        assert ours != theirs  # another class, as before
        assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
        assert dataclasses.astuple(ours) == dataclasses.astuple(theirs)
        assert dataclasses.replace(ours) == ours
        assert pickle.loads(pickle.dumps(ours)) == ours


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_records_are_frozen_and_slotted(cls: type[Any]) -> None:
    ref = _reference(cls)
    kwargs = _sample(cls)
    for record in (cls(**kwargs), ref(**kwargs)):
        name = dataclasses.fields(record)[0].name
        before = getattr(record, name)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, name, "changed")
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(record, name)
        assert getattr(record, name) == before
        assert not hasattr(record, "__dict__")
        with pytest.raises(TypeError):
            weakref.ref(record)
    # Not a field: Python 3.11's slotted frozen dataclass fails in its own `super(cls, self)`
    # call (a TypeError; `cls` is the class from before the slots), records refuse as frozen.
    record = cls(**kwargs)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.not_a_field = 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        del record.not_a_field
    assert issubclass(dataclasses.FrozenInstanceError, AttributeError)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_constructor_takes_keywords_only(cls: type[Any]) -> None:
    kwargs = _sample(cls)
    with pytest.raises(TypeError):
        cls(**kwargs, bogus=1)
    with pytest.raises(TypeError):
        cls(*kwargs.values())
    required = [f.name for f in dataclasses.fields(cls)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    for name in required:
        with pytest.raises(TypeError):
            cls(**{k: v for k, v in kwargs.items() if k != name})
    with pytest.raises(TypeError):
        dataclasses.replace(cls(**kwargs), bogus=1)


def test_defaults_and_factories() -> None:
    one = Input(name="a", variable="a", location=Location.QUERY)
    assert (one.type, one.required, one.enum, one.explode, one.nesting) == (
        ValueType.STRING, False, (), True, 3)
    request = RestRequest(method="GET", path="/")
    first = Operation(id="a", name="a", protocol=Protocol.REST, request=request)
    second = Operation(id="b", name="b", protocol=Protocol.REST, request=request)
    assert first.result == second.result == Result()
    assert first.result is not second.result  # a default_factory: one per instance
    given = Result(name="given")
    assert Operation(id="c", name="c", protocol=Protocol.REST, request=request,
                     result=given).result is given
    changed = dataclasses.replace(first, id="z")
    assert changed.result is first.result and changed.id == "z"
    assert dataclasses.replace(one, type=ValueType.INTEGER).type is ValueType.INTEGER
    assert ErrorCase(code="404", name="NOT_FOUND").description == ""


def test_record_refuses_what_it_does_not_support() -> None:
    with pytest.raises(ValueError, match="mutable default"):
        @record_class
        class Listed(Record):
            items: list[str] = []  # noqa: RUF012  # the point of the test

    with pytest.raises(TypeError, match="default_factory"):
        @record_class
        class Hidden(Record):
            secret: str = dataclasses.field(default="", repr=False)

    with pytest.raises(TypeError, match="not a field"):
        @record_class
        class Counted(Record):
            count: ClassVar[int] = 0

    with pytest.raises(TypeError, match="derives from Record only"):
        @record_class
        class Special(ErrorCase):  # type: ignore[misc]
            extra: str = ""

    with pytest.raises(TypeError, match="has fields"):
        @record_class
        class Empty(Record):
            pass


def test_a_new_record_gets_the_dataclass_behaviour() -> None:
    @record_class
    class Pair(Record):
        """A record made in a test."""

        left: str
        right: tuple[str, ...] = ()
        more: Result = dataclasses.field(default_factory=Result)

    pair = Pair(left="a")
    assert repr(pair) == f"{Pair.__qualname__}(left='a', right=(), more={Result()!r})"
    assert pair == Pair(left="a", right=(), more=Result()) and pair != Pair(left="b")
    assert Pair.__doc__ == "A record made in a test."
    assert Pair.__slots__ == ("left", "right", "more")
    assert [f.name for f in dataclasses.fields(Pair)] == ["left", "right", "more"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.left = "b"  # type: ignore[misc]


def test_options_keep_their_methods_and_fields() -> None:
    opts = options.Options(camunda="8.10", processes=2)
    assert opts.camunda_minor == (8, 10)
    assert opts.at_least("8.9") and not opts.at_least("8.11")
    assert list(opts.__dataclass_fields__)[:3] == ["format", "operations", "tags"]
    assert list(opts.__dataclass_fields__)[-1] == "processes"
    moved = dataclasses.replace(opts, root=Path("/x"))
    assert moved.root == Path("/x") and moved.processes == 2 and opts.root is None
    assert options.Options() == options.Options()
    assert hash(options.Options()) == hash(options.Options())
    assert options.Options().split is options.Split.API
