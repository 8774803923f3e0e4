"""Resource attacks: bombs, depth, recursion, size. Refused with a clear line, or converted;
never a hang (a generous timeout catches that), a traceback or a memory blow-up."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from converter.validate import validate
from tests.hostile import specs
from tests.hostile.support import assert_clean, assert_refused, cli

DEEP = 100_000


def _yaml_bomb(levels: int = 30) -> str:
    lines = ["openapi: 3.0.3", "info: {title: t, version: '1'}",
             "servers: [{url: 'https://e.com'}]", "x-lol:",
             '  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"  a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    top = f"*a{levels - 1}"
    lines += ["paths:", "  /x:", "    get:", f"      description: {top}",
              "      parameters: [{name: q, in: query, schema: {type: string, enum: "
              f"{top}, example: {top}}}}}]",
              "      responses: {'200': {description: ok}}"]
    return "\n".join(lines) + "\n"


def test_yaml_billion_laughs(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    (spec / "bomb.yaml").write_text(_yaml_bomb())
    assert_refused(cli("convert", spec / "bomb.yaml", "-o", out, subprocess=True),
                   where="bomb.yaml", says="alias bomb")


@pytest.mark.parametrize("text", [
    "openapi: 3.0.3\ninfo: &i {title: t, version: '1', x-self: *i}\npaths: {}\n",
    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n"
    "      requestBody: {content: {application/json: {example: &e {a: [*e]}}}}\n"
    "      responses: {'200': {description: ok}}\n",
], ids=["info", "example"])
def test_yaml_recursive_alias(text: str, sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    (spec / "loop.yaml").write_text(text)
    assert_refused(cli("convert", spec / "loop.yaml", "-o", out), where="loop.yaml",
                   says="recursive")


def test_yaml_harmless_aliases_still_work(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    (spec / "ok.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://e.com'}]\n"
        "x-ok: &ok {description: fine}\npaths:\n  /a: {get: {responses: {'200': *ok}}}\n"
        "  /b: {get: {responses: {'200': *ok}}}\n")
    run = cli("convert", spec / "ok.yaml", "-o", out)
    assert run.code == 0, run.stderr


@pytest.mark.parametrize("inner", ["&a9;", "<documentation>&a9;</documentation>"])
def test_xml_entity_bomb(inner: str, sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    doc = specs.wsdl(head=f"<!DOCTYPE definitions [{entities}]>\n")
    doc = doc.replace('name="Hostile">', 'name="&a9;">' if inner == "&a9;" else
                      f'name="Hostile">{inner}')
    (spec / "bomb.wsdl").write_text(doc)
    assert_refused(cli("convert", spec / "bomb.wsdl", "-o", out), where="bomb.wsdl",
                   says="entit|amplification")


def test_xml_small_entity_refused(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    doc = specs.wsdl(head='<!DOCTYPE definitions [<!ENTITY x "harmless">]>\n',
                     types="<!-- &x; -->")
    (spec / "ent.wsdl").write_text(doc.replace('name="Hostile">', 'name="&x;">'))
    assert_refused(cli("convert", spec / "ent.wsdl", "-o", out), where="ent.wsdl",
                   says="entit")


DEEP_DOCS = {
    "deep.json": ('{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, '
                  '"x": ' + "[" * DEEP + "]" * DEEP + "}", "nested too deeply"),
    "deep-object.json": (
        '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x": '
        + '{"a":' * DEEP + "1" + "}" * DEEP + "}", "nested too deeply"),
    "deep.yaml": ("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx: "
                  + "[" * DEEP + "]" * DEEP + "\n", "nest|deep"),
    "deep-block.yaml": ("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx:\n"
                        + "".join(" " * i + "- \n" for i in range(1, 3000)),
                        "nest|deep|invalid YAML"),
    "deep.wsdl": (specs.wsdl(types="<xs:annotation><xs:appinfo>" + "<a>" * DEEP + "</a>" * DEEP
                             + "</xs:appinfo></xs:annotation>"), "depth|deep"),
    "deep.graphql": ("type Query { f(a: " + "[" * DEEP + "Int" + "]" * DEEP + "): Int }\n",
                     "nested too deeply"),
    "deep-value.graphql": ("type Query { f(a: Int = " + "[" * DEEP + "]" * DEEP + "): Int }\n",
                           "nested too deeply"),
}


@pytest.mark.parametrize("name", sorted(DEEP_DOCS))
def test_deep_nesting(name: str, sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    text, says = DEEP_DOCS[name]
    (spec / name).write_text(text)
    run = cli("convert", spec / name, "-o", out)
    # read, ignoring the deep part (and then, with `paths: {}`, nothing to convert): fine if
    # whatever was written is valid
    if run.code == 0 or "[convert.nothing-to-convert]" in run.stderr:
        assert "Traceback" not in run.stderr
        for f in out.iterdir():
            assert validate(json.loads(f.read_text("utf-8"))) == []
    else:
        assert_refused(run, where=name, says=says)


def test_deep_schema_is_bounded(sandbox: tuple[Path, Path]) -> None:
    """3,000 nested object schemas in a request body: converted or refused, never a crash."""
    spec, out = sandbox
    n = 3000  # built as text: json.dumps itself cannot nest this deep
    schema = '{"type": "object", "properties": {"a": ' * n + '{"type": "string"}' + "}}" * n
    doc = specs.openapi_json(paths={"/x": {"post": {"requestBody": {"content": {
        "application/json": {"schema": "SCHEMA"}}}, "responses": {"200": {"description": "ok"}}}}})
    (spec / "deepschema.json").write_text(doc.replace('"SCHEMA"', schema))
    run = cli("convert", spec / "deepschema.json", "-o", out)
    assert_clean(run)


def test_recursive_schemas(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    schemas = {
        "Node": {"type": "object", "properties": {"self": {"$ref": "#/components/schemas/Node"},
                                                 "kids": {"type": "array", "items": {
                                                     "$ref": "#/components/schemas/Node"}},
                                                 "other": {"$ref": "#/components/schemas/A"}}},
        "A": {"allOf": [{"$ref": "#/components/schemas/B"}],
              "properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "string"}]},
        "Loop": {"$ref": "#/components/schemas/Loop2"},
        "Loop2": {"$ref": "#/components/schemas/Loop"},
    }
    ref = {"$ref": "#/components/schemas/Node"}
    doc = specs.openapi({
        "/n": {"post": {"requestBody": {"content": {"application/json": {"schema": ref}}},
                        "responses": {"200": {"description": "ok", "content": {
                            "application/json": {"schema": ref}}}}}},
        "/l": {"post": {"requestBody": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Loop"}}}},
            "parameters": [{"$ref": "#/components/parameters/P"}],
            "responses": {"200": {"description": "ok"}}}},
    }, components={"schemas": schemas, "parameters": {"P": {"$ref": "#/components/parameters/P"}}})
    (spec / "rec.json").write_text(json.dumps(doc))
    run = cli("convert", spec / "rec.json", "-o", out)
    assert run.code == 0, run.stderr
    for f in out.iterdir():
        assert validate(json.loads(f.read_text("utf-8"))) == []


def test_recursive_xsd_types(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    types = """
      <xs:complexType name="A"><xs:sequence>
        <xs:element name="a" type="tns:A" minOccurs="0"/>
        <xs:element name="b" type="tns:B" minOccurs="0"/><xs:element name="s" type="xs:string"/>
      </xs:sequence></xs:complexType>
      <xs:complexType name="B"><xs:sequence>
        <xs:element name="a" type="tns:A" minOccurs="0" maxOccurs="unbounded"/>
        <xs:element ref="tns:E" minOccurs="0"/>
      </xs:sequence></xs:complexType>
      <xs:element name="E"><xs:complexType><xs:sequence>
        <xs:element ref="tns:E" minOccurs="0"/></xs:sequence></xs:complexType></xs:element>
      <xs:complexType name="C"><xs:complexContent><xs:extension base="tns:C"/>
      </xs:complexContent></xs:complexType>"""
    (spec / "rec.wsdl").write_text(specs.wsdl(types=types, request_type="tns:A"))
    run = cli("convert", spec / "rec.wsdl", "-o", out)
    assert_clean(run)
    assert run.code == 0, run.stderr


def test_recursive_graphql_types(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    sdl = ("type Query { node(in: In): Node }\ninput In { self: In, list: [In!], other: In2 }\n"
           "input In2 { back: In }\ntype Node { parent: Node, kids: [Node], n: Int }\n")
    (spec / "rec.graphql").write_text(sdl)
    run = cli("convert", spec / "rec.graphql", "-o", out, "--depth", "6")
    assert run.code == 0, run.stderr


def test_enormous_enum_and_strings(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    huge = "x" * 2_000_000
    enum = [f"v{i}" for i in range(50_000)]
    doc = specs.openapi({"/x": {"get": {
        "summary": huge, "description": huge,
        "parameters": [{"name": "e", "in": "query", "description": huge,
                        "schema": {"type": "string", "enum": enum, "default": huge}}],
        "responses": {"200": {"description": huge}}}}}, info={"title": huge, "version": "1"})
    (spec / "huge.json").write_text(json.dumps(doc))
    run = cli("convert", spec / "huge.json", "-o", out)
    assert_clean(run)
    for f in out.iterdir():
        assert validate(json.loads(f.read_text("utf-8"))) == []


def test_enormous_xsd_enum(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    values = "".join(f'<xs:enumeration value="v{i}"/>' for i in range(20_000))
    types = (f'<xs:simpleType name="E"><xs:restriction base="xs:string">{values}'
             "</xs:restriction></xs:simpleType>")
    (spec / "enum.wsdl").write_text(specs.wsdl(types=types, request_type="tns:E"))
    run = cli("convert", spec / "enum.wsdl", "-o", out)
    assert run.code == 0, run.stderr


# "tens of thousands": 10,000 in CI (about 10 s each); HOSTILE_OPS=50000 for a longer run
OPS = int(os.environ.get("HOSTILE_OPS", "10000"))


def test_many_openapi_operations(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    paths = {f"/r{i}": {"get": {"operationId": f"op{i}",
                                "responses": {"200": {"description": "ok"}}}}
             for i in range(OPS)}
    (spec / "many.json").write_text(json.dumps(specs.openapi(paths)))
    run = cli("convert", spec / "many.json", "-o", out)
    assert run.code == 0, run.stderr
    assert f"{OPS} operation(s)" in run.stderr


def test_many_graphql_operations(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    n = OPS // 2  # each field becomes a query document, validated by graphql-core
    sdl = "type Query {\n" + "".join(f"  f{i}(a: Int): Int\n" for i in range(n)) + "}\n"
    (spec / "many.graphql").write_text(sdl)
    run = cli("convert", spec / "many.graphql", "-o", out)
    assert run.code == 0, run.stderr
    assert f"{n} operation(s)" in run.stderr


def test_many_wsdl_operations(sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    n = OPS // 4  # each WSDL operation costs more (zeep, XSD walk)
    (spec / "many.wsdl").write_text(specs.wsdl(operations=[f"Op{i}" for i in range(n)]))
    run = cli("convert", spec / "many.wsdl", "-o", out)
    assert run.code == 0, run.stderr
    assert f"{n} operation(s)" in run.stderr
