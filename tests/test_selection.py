"""`--operation` by the spec's own names (issue 18, point 4): operationId as written,
`METHOD /path`, SOAP operation, GraphQL field, globs, close-match suggestions; diagnostics and
`--fail-on-warning` cover only what was selected."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from converter import Options, convert
from converter.diagnostics import OptionsError, Severity

REPO = Path(__file__).resolve().parents[1]

# GitHub-style operationIds with a slash; a GET with a body (a warning about that operation);
# a HEAD (skipped with a warning); a relative server (a warning about the whole document).
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Hub", "version": "1"},
    "servers": [{"url": "/api"}],
    "paths": {
        "/repos/{owner}/issues": {
            "parameters": [{"name": "owner", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "get": {"operationId": "issues/list-for-repo", "summary": "List issues",
                    "requestBody": {"content": {"application/json": {"schema": {
                        "type": "object"}}}},
                    "responses": {"200": {"description": "ok"}}},
            "post": {"operationId": "issues/create", "summary": "Create an issue",
                     "responses": {"201": {"description": "created"}}},
        },
        "/repos/{owner}/pulls": {
            "parameters": [{"name": "owner", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "get": {"operationId": "pulls/list", "responses": {"200": {"description": "ok"}}},
            "head": {"operationId": "pulls/check", "responses": {"200": {"description": "ok"}}},
        },
        "/user": {"get": {"operationId": "users/get-authenticated",
                          "responses": {"200": {"description": "ok"}}}},
    },
}
GRAPHQL = "type Query { user(id: ID!): String, users: [String] }\n" \
          "type Mutation { userCreate(name: String): String }\n"
WSDL = REPO / "fixtures" / "wsdl" / "calculator.wsdl"


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "hub.json"
    path.write_text(json.dumps(SPEC))
    return path


def _ids(spec: Path | str, *operations: str) -> list[str]:
    result = convert(str(spec), options=Options(operations=operations))
    return sorted(c["value"] for t in result.templates for p in t["properties"]
                  if p.get("id", "").startswith("operationId") for c in p["choices"]) or sorted(
        t["id"].rsplit(".", 1)[-1] for t in result.templates)


def test_the_spec_operation_id_as_written(spec: Path) -> None:
    assert _ids(spec, "issues/create") == ["issues_create"]  # the converter's id...
    assert _ids(spec, "issues_create") == ["issues_create"]  # ...works too


@pytest.mark.parametrize(("value", "ids"), [
    ("POST /repos/{owner}/issues", ["issues_create"]),
    ("post /repos/{owner}/issues", ["issues_create"]),  # the method in any case
    ("/repos/{owner}/issues", ["issues_create", "issues_list-for-repo"]),  # every method
    ("issues/*", ["issues_create", "issues_list-for-repo"]),
    ("GET /repos/*", ["issues_list-for-repo", "pulls_list"]),
    ("*ISSUE*", ["issues_create", "issues_list-for-repo"]),  # globs ignore case
    ("List issues", ["issues_list-for-repo"]),  # the label
])
def test_method_and_path_globs_and_labels(spec: Path, value: str, ids: list[str]) -> None:
    assert _ids(spec, value) == ids


def test_unknown_names_get_close_matches(spec: Path) -> None:
    with pytest.raises(OptionsError) as caught:
        convert(str(spec), options=Options(operations=("issues/craete", "nothing-like-it")))
    message = str(caught.value)
    assert "'issues/craete' (did you mean issues/create" in message
    assert "'nothing-like-it'" in message and "nothing-like-it' (did" not in message


def test_many_operations_are_not_listed(tmp_path: Path) -> None:
    many = {"openapi": "3.0.3", "info": {"title": "Many", "version": "1"},
            "paths": {f"/r{i}": {"get": {"operationId": f"get{i}", "responses": {
                "200": {"description": "ok"}}}} for i in range(40)}}
    path = tmp_path / "many.json"
    path.write_text(json.dumps(many))
    with pytest.raises(OptionsError) as caught:
        convert(str(path), options=Options(operations=("get400",)))
    assert "inspect` lists all 40" in str(caught.value) and "get39," not in str(caught.value)


def test_soap_operation_and_graphql_field_names(tmp_path: Path) -> None:
    assert WSDL.is_file(), WSDL
    soap = convert(str(WSDL), options=Options(operations=("Add",)))
    assert {t["name"].rsplit(": ", 1)[-1] for t in soap.templates} == {"Add"}
    schema = tmp_path / "s.graphql"
    schema.write_text(GRAPHQL)
    assert _ids(schema, "user*") == ["user", "userCreate", "users"]
    assert _ids(schema, "userCreate") == ["usercreate"]  # one: its own template


def test_warnings_cover_only_the_selected_operations(spec: Path) -> None:
    def warnings(*operations: str) -> list[str]:
        result = convert(str(spec), options=Options(operations=operations))
        return sorted(f"{d.code} {d.location}" for d in result.diagnostics
                      if d.severity is Severity.WARNING)

    everything = warnings()
    assert "openapi.body-ignored paths./repos/{owner}/issues.get" in everything
    assert "openapi.method-unsupported paths./repos/{owner}/pulls.head" in everything
    document = [w for w in everything if w.startswith("openapi.relative-server")]
    assert document
    # the GET with a body was not selected, nor the skipped HEAD: only the document's own
    assert warnings("issues/create") == document
    assert warnings("pulls/list") == document
    assert warnings("issues/list-for-repo") == sorted(
        [*document, "openapi.body-ignored paths./repos/{owner}/issues.get"])


def test_fail_on_warning_counts_only_the_selection(spec: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "converter", "convert", str(spec),
                               "--base-url", "https://api.test", "--fail-on-warning", *args],
                              cwd=REPO, text=True, capture_output=True, timeout=120)

    assert run("--operation", "issues/list-for-repo").returncode == 1
    chosen = run("--operation", "issues/create")
    assert chosen.returncode == 0, chosen.stderr
    assert "warning:" not in chosen.stderr
    assert run().returncode == 1
