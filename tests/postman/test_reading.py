"""Reading a collection: recognition, URLs, comments, variables, auth spellings, CLI options."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from converter import core
from converter.diagnostics import Diagnostics, UnsupportedFormatError
from converter.model import AuthKind, Location, RestRequest, SourceFormat
from converter.options import Options
from converter.parsers.postman import auth, jsontext, urls
from converter.parsers.postman.text import plain
from converter.parsers.postman.variables import Variables, secret_value

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures" / "postman"


def collection(schema: str, items: list[object], **extra: object) -> dict[str, object]:
    return {"info": {"name": "T", "schema": schema}, "item": items, **extra}


V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
GET = {"name": "g", "request": {"method": "GET", "url": "https://x.example.com/a"}}


@pytest.mark.parametrize(("schema", "expected"), [
    (V21, SourceFormat.POSTMAN_2_1),
    ("http://schema.getpostman.com/json/draft-07/collection/v2.0.0/collection.json",
     SourceFormat.POSTMAN_2_0),
    ("https://schema.postman.com/json/collection/v2.1.0/collection.json",
     SourceFormat.POSTMAN_2_1),
])
def test_recognised_by_info_schema(schema: str, expected: SourceFormat) -> None:
    api = core.load(json.dumps(collection(schema, [GET])))
    assert api.source_format is expected
    assert [op.name for op in api.operations] == ["g"]


def test_the_postman_api_wrapper_is_read() -> None:
    api = core.load(json.dumps({"collection": collection(V21, [GET])}))
    assert len(api.operations) == 1


def test_v1_and_wrong_format_are_refused() -> None:
    v1 = collection("https://schema.getpostman.com/json/collection/v1.0.0/collection.json", [])
    with pytest.raises(UnsupportedFormatError, match=r"v1\.0 is not supported"):
        core.load(json.dumps(v1))
    with pytest.raises(UnsupportedFormatError, match="--format openapi given, but this is"):
        core.load(json.dumps(collection(V21, [GET])), options=Options(format="openapi"))


def test_json_comments_are_stripped_outside_strings_only() -> None:
    text = '{"a": "http://x//y", // gone\n "b": /* gone */ "/*kept*/", "c": {{n}}}'
    assert jsontext.strip_comments(text) == '{"a": "http://x//y", \n "b":  "/*kept*/", "c": {{n}}}'
    value = jsontext.load(text)
    assert value["a"] == "http://x//y" and value["b"] == "/*kept*/"
    assert jsontext.stand_in(value["c"]) == "n"
    with pytest.raises(ValueError):
        jsontext.load('{"a": }')


@pytest.mark.parametrize(("url", "base", "segments", "query"), [
    ("{{host}}/v1/users/:id?limit=10&flag", "{{host}}", ("v1", "users", ":id"),
     [("limit", "10"), ("flag", None)]),
    ("https://api.example.com:8443/a/b#frag", "https://api.example.com:8443", ("a", "b"), []),
    ("//httpbin.org/post", "httpbin.org", ("post",), []),
    ("{{a.b}}/x?q={{c}}", "{{a.b}}", ("x",), [("q", "{{c}}")]),
    ("user:pw@example.com/p", "example.com", ("p",), []),
])
def test_url_strings_split_as_postman_splits_them(url: str, base: str, segments: tuple[str, ...],
                                                  query: list[tuple[str, str | None]]) -> None:
    parsed = urls.read(url)
    assert (parsed.base, parsed.segments) == (base, segments)
    assert [(p.key, p.value) for p in parsed.query] == query


def test_url_objects_skip_disabled_parameters() -> None:
    parsed = urls.read({"raw": "ignored", "protocol": "https", "host": ["api", "example", "com"],
                        "port": "8080", "path": ["v1", ":id"],
                        "query": [{"key": "a", "value": "1"},
                                  {"key": "b", "value": "2", "disabled": True}],
                        "variable": [{"key": "id", "value": "7"}]})
    assert parsed.base == "https://api.example.com:8080"
    assert [p.key for p in parsed.query] == ["a"]
    assert parsed.path_values["id"].value == "7"


def test_environment_wins_over_collection_and_disabled_entries_do_not_count() -> None:
    variables = Variables.from_lists(
        [{"key": "host", "value": "https://a"}, {"key": "v", "value": "1", "disabled": True}],
        [{"key": "host", "value": "https://b", "enabled": True},
         {"key": "w", "value": "2", "enabled": False}], api_slug="t")
    assert variables.get("host") == "https://b"
    assert variables.get("v") is None and variables.get("w") is None
    assert variables.substitute("{{host}}/{{v}}") == "https://b/{{v}}"


@pytest.mark.parametrize(("text", "secret"), [
    ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", True),
    ("Bearer abcdefgh12345", True),
    ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", True),
    ("ad7060ae-fb20-4753-a698-c1fb58f3b6b7", False),  # a UUID is an id, not a credential
    ("https://api.example.com/v1", False),
    ("application/json", False),
])
def test_credential_values(text: str, secret: bool) -> None:
    assert secret_value(text) is secret


def test_credentials_never_reach_the_template() -> None:
    data = collection(V21, [{"name": "t", "request": {
        "method": "POST", "url": "https://x.example.com/t?sig={{signature}}",
        "header": [{"key": "X-Trace", "value": "sk_live_4eC39HqLyjWDarjtT1zdp7dc"}],
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{tok}}"}]},
        "body": {"mode": "urlencoded", "urlencoded": [{"key": "password", "value": "hunter2"}]}}}],
        variable=[{"key": "signature", "value": "s3cr3tS1gnatureValue0123456789"}])
    result = core.convert(json.dumps(data))
    text = json.dumps(result.templates)
    assert "hunter2" not in text and "s3cr3tS1gnatureValue" not in text and "sk_live" not in text
    inputs = {i.name: i for i in result.api.operations[0].inputs}
    assert all(inputs[n].secret and inputs[n].default is None for n in ("sig", "X-Trace",
                                                                        "password"))
    assert "{{secrets.T_PASSWORD}}" in inputs["password"].description


def test_auth_v20_objects_and_v21_lists_mean_the_same() -> None:
    v20 = auth.read({"type": "apikey",
                     "apikey": {"key": "X-Key", "value": "{{k}}", "in": "header"}})
    v21 = auth.read({"type": "apikey", "apikey": [{"key": "key", "value": "X-Key"},
                                                  {"key": "value", "value": "{{k}}"},
                                                  {"key": "in", "value": "header"}]})
    diags = Diagnostics()
    assert v20 is not None and v21 is not None
    assert auth.options(v20, diagnostics=diags, where="") == auth.options(
        auth.Auth("apikey", {"key": "X-Key", "value": "{{k}}", "in": "header"}),
        diagnostics=diags, where="")
    (option,) = auth.options(v21, diagnostics=diags, where="")
    assert (option.kind, option.key_name, option.key_location, option.scheme) == (
        AuthKind.API_KEY, "X-Key", "header", "k")


def test_noauth_stops_inheritance() -> None:
    basic = auth.read({"type": "basic", "basic": []})
    assert auth.effective([None, None, basic]) == basic
    assert auth.effective([None, auth.read({"type": "noauth"}), basic]) is None
    assert auth.effective([auth.read({"type": "inherit"}), basic]) == basic


def test_markdown_descriptions_become_plain_text() -> None:
    text = plain({"content": "# Title\nSee **[docs](https://d.example.com)** and `code`.\n\n"
                             "- one\n* two", "type": "text/markdown"})
    assert text == "Title\nSee docs (https://d.example.com) and code.\n\n- one\n- two"


def test_path_placeholders_and_headers_as_text() -> None:
    data = {"info": {"name": "T", "schema": V21.replace("2.1.0", "2.0.0")}, "item": [
        {"name": "r", "request": {"method": "GET", "url": "http://h.example.com/a/:id.json/{{v}}/{b}",
                                  "header": "X-One: 1\nX-Two: {{two}}\n"}}]}
    (op,) = core.load(json.dumps(data)).operations
    assert isinstance(op.request, RestRequest)
    assert op.request.path == "/a/{id}.json/{v}/{b}"
    assert [(i.name, i.location) for i in op.inputs] == [
        ("id", Location.PATH), ("v", Location.PATH), ("b", Location.PATH),
        ("X-One", Location.HEADER), ("X-Two", Location.HEADER)]
    assert op.inputs[3].default == "1"  # a literal header value is configuration


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "converter", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=60, check=False)


def test_cli_environment_option(tmp_path: Path) -> None:
    out = tmp_path / "t.json"
    done = run_cli("convert", str(FIXTURES / "variables.postman_collection.json"),
                   "--environment", str(FIXTURES / "variables.postman_environment.json"),
                   "-o", str(out))
    assert done.returncode == 0, done.stderr
    base = next(p for p in json.loads(out.read_text())["properties"] if p.get("id") == "baseUrl")
    assert base["value"] == "https://staging.example.com"  # the environment's, not the collection's
    missing = run_cli("convert", str(FIXTURES / "variables.postman_collection.json"),
                      "--environment", str(tmp_path / "none.json"))
    assert missing.returncode == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "x"}')
    refused = run_cli("convert", str(FIXTURES / "variables.postman_collection.json"),
                      "--environment", str(bad))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.strip().endswith("not a Postman environment (no 'values' list)")


def test_folders_are_tags_and_a_mixed_folder_splits_by_connector() -> None:
    from converter.options import Split

    path = FIXTURES / "folders-v2.0.postman_collection.json"
    api = core.load(path)
    assert [op.tags for op in api.operations] == [
        ("Books",), ("Books / Reviews", "Books"), ()]
    picked = core.convert(path, options=Options(tags=("Books",)))
    assert [op.name for op in picked.api.operations if "Books" in op.tags] == [
        "List books", "Add review"]
    mixed = {"info": {"name": "M", "schema": V21}, "item": [{"name": "F", "item": [
        GET, {"name": "q", "request": {"method": "POST", "url": "https://x.example.com/graphql",
                                       "body": {"mode": "graphql",
                                                "graphql": {"query": "{ a }"}}}}]}]}
    result = core.convert(json.dumps(mixed), options=Options(split=Split.TAG))
    assert result.ok
    assert sorted(t["name"] for t in result.templates) == ["M: F (graphql)", "M: F (rest)"]


def test_the_parser_asks_only_for_run_time_values_the_renderers_can_compute() -> None:
    from converter import feel
    from converter.parsers.postman import variables

    assert variables.RUNTIME_VALUES == feel.RUNTIME_VALUES
    text = feel.runtime_text([("text", "id-"), ("dynamic", "$isoTimestamp")])
    assert text == '"id-" + string(now())'
