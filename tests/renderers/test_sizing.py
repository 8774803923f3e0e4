"""Templates sized for the Modeler (issue 18, point 2): `--split auto` (the default) cuts an
API whose one template would exceed MAX_TEMPLATE_PROPERTIES; `--split api` keeps one."""

from __future__ import annotations

import pytest

from converter.core import render
from converter.diagnostics import Diagnostics, Severity
from converter.model import Api, Input, Location, Operation, RestRequest
from converter.options import Options, Split
from converter.renderers import plan
from converter.renderers.sizing import MAX_TEMPLATE_PROPERTIES, estimate, parts


def _api(tags: int, per_tag: int, inputs: int) -> Api:
    ops = tuple(
        Operation(id=f"op{t}_{i}", name=f"Op {t} {i}", tags=(f"tag{t:02}",),
                  request=RestRequest(method="POST", path=f"/t{t}/o{i}"),
                  inputs=tuple(Input(name=f"f{k}", variable=f"f{k}", location=Location.QUERY)
                               for k in range(inputs)))
        for t in range(tags) for i in range(per_tag))
    return Api(title="Big API", operations=ops)


def test_a_small_api_is_one_template() -> None:
    api = _api(3, 4, 5)
    assert parts(api.operations) == []
    assert [b.template_id for b in plan(api, Options())] == ["io.spec2connector.big-api"]


def test_a_big_api_is_cut_by_tag_into_templates_that_fit() -> None:
    api = _api(12, 10, 10)  # 120 operations, about 1,950 properties in one template
    assert estimate(api.operations) > 3 * MAX_TEMPLATE_PROPERTIES
    diagnostics = Diagnostics()
    bundles = plan(api, Options(), diagnostics)
    assert 3 <= len(bundles) <= 6
    assert [op.id for b in bundles for op in b.operations] == [op.id for op in api.operations]
    assert len({b.template_id for b in bundles}) == len(bundles)
    assert bundles[0].name == "Big API: tag00 \u2013 tag02"  # neighbouring tags merged
    (note,) = [d for d in diagnostics if d.code == "render.split-auto"]
    assert note.severity is Severity.INFO and "--split api" in note.message
    for template in render(api, Options()):
        assert len(template["properties"]) <= MAX_TEMPLATE_PROPERTIES


def test_one_huge_tag_is_cut_further_by_path() -> None:
    api = _api(1, 80, 20)
    bundles = plan(api, Options())
    assert len(bundles) >= 2
    assert bundles[0].name.startswith("Big API: /t0/o0 \u2013 /t0/o")
    assert bundles[-1].name.endswith("\u2013 /t0/o79")  # numbers in order


@pytest.mark.parametrize("split", [Split.API, Split.TAG])
def test_an_explicit_split_is_kept(split: Split) -> None:
    api = _api(12, 10, 20)
    diagnostics = Diagnostics()
    bundles = plan(api, Options(split=split), diagnostics)
    assert len(bundles) == (1 if split is Split.API else 12)
    assert not any(d.code == "render.split-auto" for d in diagnostics)


def test_one_operation_bigger_than_the_limit_stays_whole() -> None:
    api = _api(1, 2, MAX_TEMPLATE_PROPERTIES)
    assert [len(members) for *_, members in parts(api.operations)] == [1, 1]
