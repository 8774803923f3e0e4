"""What names and marks a template (issue 18, point 5): id, name and secrets from a clean API
title, ids unique across a batch, embedded icons, the elementTemplateId/Version headers."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from converter import Options, convert, sources
from converter import batch as batch_run
from converter.renderers import with_identity

REPO = Path(__file__).resolve().parents[1]
CALCULATOR = REPO / "fixtures" / "wsdl" / "calculator.wsdl"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 24


def _spec(tmp_path: Path, **info: Any) -> str:
    spec = {"openapi": "3.0.3",
            "info": {"title": "GitHub's official OpenAPI spec + Octokit extension",
                     "version": "1", **info},
            "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},
            "security": [{"token": []}],
            "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {
                "description": "ok"}}}},
                      "/b": {"get": {"operationId": "b", "responses": {"200": {
                          "description": "ok"}}}}}}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    return str(path)


def _headers(template: dict[str, Any]) -> dict[str, str]:
    return {p["binding"]["key"]: p["value"] for p in template["properties"]
            if p["binding"].get("type") == "zeebe:taskHeader" and p["type"] == "Hidden"}


def test_name_id_and_secrets_come_from_a_clean_title(tmp_path: Path) -> None:
    (template,) = convert(_spec(tmp_path)).templates
    assert (template["name"], template["id"]) == ("GitHub", "io.spec2connector.github")
    assert "{{secrets.GITHUB_TOKEN}}" in json.dumps(template)


def test_name_option_sets_the_id_too(tmp_path: Path) -> None:
    (template,) = convert(_spec(tmp_path), options=Options(name="Octo Hub")).templates
    assert (template["name"], template["id"]) == ("Octo Hub", "io.spec2connector.octo-hub")
    assert "{{secrets.OCTO_HUB_TOKEN}}" in json.dumps(template)
    (given,) = convert(_spec(tmp_path), options=Options(name="Octo", template_id="x.y")).templates
    assert given["id"] == "x.y"


def test_headers_carry_the_template_id_and_version(tmp_path: Path) -> None:
    (template,) = convert(_spec(tmp_path), options=Options(version=7)).templates
    assert _headers(template) == {"elementTemplateId": "io.spec2connector.github",
                                  "elementTemplateVersion": "7"}
    keys = [p.get("id") for p in template["properties"]]
    assert keys.index("elementTemplateId") == keys.index("resultVariable") - 1
    moved = with_identity(template, template_id="acme.hub", version=8)
    assert _headers(moved) == {"elementTemplateId": "acme.hub", "elementTemplateVersion": "8"}
    assert len(moved["properties"]) == len(template["properties"])


def test_a_remote_logo_is_not_fetched_without_allow_remote(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    def refuse(url: str, limit: int = 0) -> bytes:
        raise AssertionError(f"fetched {url}")

    monkeypatch.setattr(sources, "_fetch", refuse)
    result = convert(_spec(tmp_path, **{"x-logo": {"url": "https://logo.test/l.png"}}))
    assert result.templates[0]["icon"]["contents"].startswith("data:image/svg+xml;base64,")
    assert any(d.code == "convert.remote-icon" for d in result.diagnostics)


def test_a_remote_logo_is_embedded_with_allow_remote(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    fetched: list[str] = []

    def fetch(url: str, limit: int = 0) -> bytes:
        fetched.append(url)
        return PNG if url.endswith(".png") else b"<html>not an image</html>"

    monkeypatch.setattr(sources, "_fetch", fetch)
    options = Options(allow_remote=True)
    (template,) = convert(_spec(tmp_path, **{"x-logo": {"url": "https://logo.test/l.png"}}),
                          options=options).templates
    assert template["icon"]["contents"] == "data:image/png;base64," + \
        base64.b64encode(PNG).decode()
    result = convert(_spec(tmp_path, **{"x-logo": {"url": "https://logo.test/page"}}),
                     options=options)
    assert result.templates[0]["icon"]["contents"].startswith("data:image/svg+xml")
    assert any(d.code == "convert.remote-icon" and "not a PNG" in d.message
               for d in result.diagnostics)
    assert fetched == ["https://logo.test/l.png", "https://logo.test/page"]


def test_ids_are_unique_across_a_batch(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    for name in ("a/enterprise.wsdl", "b/partner.wsdl", "c/partner.wsdl"):
        (specs / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CALCULATOR, specs / name)
    inputs = batch_run.discover([str(specs)])
    outcomes = batch_run.run(inputs, tmp_path / "out", jobs=1)
    written = {o.source: [json.loads((tmp_path / "out" / t).read_text()) for t in o.templates]
               for o in outcomes if o.templates}
    ids = [t["id"] for templates in written.values() for t in templates]
    assert len(ids) == len(set(ids)) == 3
    by_file = {Path(source).relative_to(specs).as_posix(): templates[0]
               for source, templates in written.items()}
    assert by_file["a/enterprise.wsdl"]["id"].endswith(".enterprise")
    assert by_file["b/partner.wsdl"]["id"].endswith(".b-partner")  # same stems: the paths
    assert by_file["c/partner.wsdl"]["name"].endswith("(c/partner)")
    for template in by_file.values():
        assert _headers(template)["elementTemplateId"] == template["id"]
    assert [o.ids for o in outcomes if o.templates] == [
        (t["id"],) for t in by_file.values()]
