"""Issue 17, "Must show" 1, over the whole corpus and every format (OpenAPI, WSDL, GraphQL,
Postman), one template per operation: no visible input prefilled from an example or with an
invented filler, no required input prefilled with anything but a default, and every example
shown in the field's placeholder or tooltip. The counts are printed (run with -s).

The classes are worked out by `defaults_audit` from the templates themselves, against the
model's `Input.default`/`example`: nothing here pins a number another change would move.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.postman.corpus import COLLECTIONS, environment_of
from tests.renderers.defaults_audit import Audit, audit_spec, audit_template, field_value

pytestmark = [pytest.mark.corpus]

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO / "scripts"))

import corpus_openapi  # noqa: E402


def corpus() -> list[tuple[Path, Path | None]]:
    specs: list[tuple[Path, Path | None]] = [
        (p, None) for p in corpus_openapi.spec_files(CORPUS / "openapi")]
    specs += [(p, None) for p in sorted((CORPUS / "graphql").glob("*.graphql"))]
    specs += [(p, None) for p in sorted((CORPUS / "wsdl").rglob("*.wsdl"))]
    specs += [(p, environment_of(p)) for p in COLLECTIONS]
    return specs


def test_no_example_or_filler_is_sent_and_examples_are_shown() -> None:
    audit = Audit()
    by_format: dict[str, Audit] = {}
    for path, environment in corpus():
        fmt = path.relative_to(CORPUS).parts[0]
        part = by_format.setdefault(fmt, Audit())
        audit_spec(path, part, environment=environment,
                   label=str(path.relative_to(CORPUS)))
    for fmt, part in sorted(by_format.items()):
        print(f"\n{fmt}:\n{part.report()}")
        audit.counts.update(part.counts)
        for kind, found in part.offenders.items():
            audit.offenders.setdefault(kind, []).extend(found[:3])
    print(f"\nall formats:\n{audit.report()}")
    assert {fmt for fmt, part in by_format.items() if part.counts["templates"]} == {
        "openapi", "graphql", "wsdl", "postman"}
    assert audit.counts["visible_inputs"] > 10_000, "the corpus shrank"
    assert audit.counts["example"] == 0, audit.offenders.get("example")
    assert audit.counts["invented"] == 0, audit.offenders.get("invented")
    assert audit.counts["required_not_default"] == 0, audit.offenders.get("required_not_default")
    assert audit.counts["examples_shown"] == audit.counts["with_example"], \
        audit.offenders.get("example_hidden")


def test_the_audit_tells_defaults_examples_and_fillers_apart() -> None:
    """The audit itself can fail: a template prefilled from an example, with a filler, or with
    a default, and a required Dropdown with its first choice picked."""
    from converter.model import Input, Location, Operation, RestRequest, ValueType

    inputs = (
        Input(name="a", variable="a", location=Location.QUERY, example="tok_123"),
        Input(name="b", variable="b", location=Location.QUERY, type=ValueType.INTEGER,
              default=20, example=5),
        Input(name="c", variable="c", location=Location.BODY, type=ValueType.OBJECT,
              required=True, example={"x": 1}),
        Input(name="d", variable="d", location=Location.QUERY, required=True,
              enum=("asc", "desc")),
        Input(name="e", variable="e", location=Location.QUERY, required=True, enum=("only",)),
    )
    op = Operation(id="op", name="op", request=RestRequest(method="GET", path="/"),
                   inputs=inputs)

    def field(name: str, **extra: object) -> dict[str, object]:
        return {"id": name, "type": "String", "binding": {"type": "zeebe:input", "name": name},
                **extra}

    template = {"properties": [
        field("a", value="tok_123"),
        field("b", value="20"),
        field("c", type="Text", value='={x: 2, "y": [true, null, "s"]}'),
        field("d", type="Dropdown", value="asc", choices=[]),
        field("e", type="Dropdown", value="only", choices=[]),
        {"id": "baseUrl", "type": "String", "value": "https://x",
         "binding": {"type": "zeebe:input", "name": "baseUrl"}},
    ]}
    audit = Audit()
    audit_template(template, op, audit, "t")
    assert (audit.counts["example"], audit.counts["invented"], audit.counts["default"]) == (
        1, 2, 2)
    assert audit.counts["required_not_default"] == 2
    assert audit.counts["with_example"] == 2 and audit.counts["examples_shown"] == 0
    assert field_value({"type": "Text", "value": '={x: 2, "y": [true, null, "s"]}'}) == {
        "x": 2, "y": [True, None, "s"]}
    shown = {"properties": [field("a", placeholder="e.g. tok_123"),
                            field("c", type="Text", placeholder='={"x": 1}')]}
    audit = Audit()
    audit_template(shown, op, audit, "t")
    assert audit.counts["examples_shown"] == 2 and audit.counts["prefilled"] == 0
