"""spec_defect_rule for a parameter whose enum holds no value of the parameter's own type
(bungie.net, apacta.com, bbc.co.uk, simplyrets): recognised from the spec, and only when every
refused parameter is such a parameter."""

from __future__ import annotations

import json
from pathlib import Path

from harness import judge_openapi
from harness.connector import build_http
from harness.defects import spec_defect_rule


def _spec(tmp_path: Path) -> str:
    def param(name: str, where: str, schema: dict[str, object]) -> dict[str, object]:
        return {"name": name, "in": where, "required": where == "path", "schema": schema}

    doc = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
           "servers": [{"url": "https://api.example.com"}],
           "paths": {"/{kind}/{page}": {"get": {
               "operationId": "list", "responses": {"200": {"description": "ok"}},
               "parameters": [
                   param("kind", "path", {"type": "integer", "enum": ["0", "1"]}),
                   param("page", "path", {"type": "integer"}),
                   param("flag", "query", {"type": "string", "enum": [True, False]}),
                   param("sets", "query", {"type": "array", "items": {},
                                           "enum": ["pc", "mobile"]}),
                   param("ok", "query", {"type": "string", "enum": ["a", "b"]}),
               ]}}}}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def _reasons(spec: str, url: str) -> list[tuple[str, str]]:
    verdict = judge_openapi.judge(spec, build_http(method="GET", url=url),
                                  operation=("GET", "/{kind}/{page}"))
    return verdict.reasons


def _rule(spec: str, reasons: list[tuple[str, str]]) -> str | None:
    return spec_defect_rule(spec, "get", "/{kind}/{page}", {c for c, _ in reasons}, reasons)


def test_a_parameter_no_value_of_its_type_can_satisfy_is_a_spec_defect(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    reasons = _reasons(spec, "https://api.example.com/1/2?flag=true&sets=pc&ok=a")
    assert {c for c, _ in reasons} == {"param.invalid"} and len(reasons) == 3
    why = _rule(spec, reasons)
    assert why is not None
    for text in ("path parameter 'kind' is `type: integer`", "holding only strings ('0', '1')",
                 "query parameter 'flag' is `type: string`", "only booleans",
                 "query parameter 'sets' is `type: array`"):
        assert text in why


def test_another_refused_parameter_is_not_excused(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    # page is a plain integer: 'x' is the template's fault, whatever kind's enum says
    reasons = _reasons(spec, "https://api.example.com/1/x")
    assert any("page" in d for _, d in reasons)
    assert _rule(spec, reasons) is None
    # an enum of the right type refusing a value is not excused either
    reasons = _reasons(spec, "https://api.example.com/1/2?ok=c")
    assert _rule(spec, [r for r in reasons if "kind" not in r[1]]) is None
    # other codes beside param.invalid are not excused
    assert _rule(spec, [*_reasons(spec, "https://api.example.com/1/2"),
                        ("value.lost", "query 'x'")]) is None
