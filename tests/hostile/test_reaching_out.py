"""Reaching out: nothing named by a spec is fetched or read outside its folder by default.

Every remote location points at a local listener that must receive no connection. The control
test (`--allow-remote`) proves the listener would have seen one.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile import specs
from tests.hostile.support import Listener, assert_refused, cli


def _remote_ref_spec(listener: Listener) -> str:
    return specs.openapi_json(
        paths={"/x": {"get": {
            "parameters": [{"$ref": listener.url("p.yaml#/p")}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": listener.url("s.json")}}}}}}},
            "/y": {"$ref": listener.url("path.yaml")}},
        components={"schemas": {"A": {"$ref": listener.url("a.json")}}})


def test_remote_ref_not_fetched(listener: Listener, sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    (spec / "remote.json").write_text(_remote_ref_spec(listener))
    run = cli("convert", spec / "remote.json", "-o", out)
    assert "Traceback" not in run.stderr
    assert "--allow-remote" in run.stderr  # says why and how
    assert listener.connections == 0


def test_allow_remote_does_connect(listener: Listener, sandbox: tuple[Path, Path]) -> None:
    """Control: the same spec with --allow-remote reaches the listener (so the check works)."""
    spec, out = sandbox
    (spec / "remote.json").write_text(_remote_ref_spec(listener))
    run = cli("convert", spec / "remote.json", "-o", out, "--allow-remote")
    assert "Traceback" not in run.stderr
    assert listener.connections > 0


def _imports_wsdl(listener: Listener) -> str:
    return specs.wsdl(
        before_types=f'<import namespace="urn:o" location="{listener.url("other.wsdl")}"/>',
        types=f'<xs:import namespace="urn:x" schemaLocation="{listener.url("x.xsd")}"/>'
              f'<xs:include schemaLocation="{listener.url("inc.xsd")}"/>'
              f'<xs:redefine schemaLocation="{listener.url("re.xsd")}"/>')


def test_wsdl_and_xsd_imports_not_fetched(listener: Listener, sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    (spec / "imports.wsdl").write_text(_imports_wsdl(listener))
    run = cli("convert", spec / "imports.wsdl", "-o", out)
    assert "Traceback" not in run.stderr
    assert "--allow-remote" in run.stderr
    assert listener.connections == 0


def test_wsdl_imports_allow_remote_control(listener: Listener,
                                           sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    (spec / "imports.wsdl").write_text(_imports_wsdl(listener))
    cli("convert", spec / "imports.wsdl", "-o", out, "--allow-remote")
    assert listener.connections > 0


@pytest.mark.parametrize("decl", [
    '<!ENTITY x SYSTEM "file:///etc/passwd">',
    '<!ENTITY x SYSTEM "{url}">',
    '<!ENTITY % p SYSTEM "{url}"> %p;',
    '<!ENTITY x PUBLIC "-//x" "{url}">',
], ids=["xxe-file", "xxe-http", "parameter-entity", "public-id"])
def test_xxe_refused(decl: str, listener: Listener, sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    doc = specs.wsdl(head=f"<!DOCTYPE definitions [{decl.format(url=listener.url('e'))}]>\n")
    (spec / "xxe.wsdl").write_text(doc.replace('name="Hostile">', 'name="&x;">')
                                   if "%" not in decl else doc)
    run = cli("convert", spec / "xxe.wsdl", "-o", out)
    assert_refused(run, where="xxe.wsdl", says="entit")
    assert "root:" not in run.stderr + run.stdout  # no /etc/passwd content anywhere
    assert listener.connections == 0


def test_external_dtd_not_loaded(listener: Listener, sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    doc = specs.wsdl(head=f'<!DOCTYPE definitions SYSTEM "{listener.url("d.dtd")}">\n')
    (spec / "dtd.wsdl").write_text(doc)
    run = cli("convert", spec / "dtd.wsdl", "-o", out)
    assert "Traceback" not in run.stderr
    assert listener.connections == 0


def test_xxe_in_imported_schema(listener: Listener, sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    (spec / "evil.xsd").write_text(
        f'<!DOCTYPE s [<!ENTITY x SYSTEM "{listener.url("x")}">]>'
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:e">'
        '<xs:simpleType name="T"><xs:restriction base="xs:string"><xs:enumeration value="&x;"/>'
        "</xs:restriction></xs:simpleType></xs:schema>")
    (spec / "main.wsdl").write_text(specs.wsdl(
        types='<xs:import namespace="urn:e" schemaLocation="evil.xsd"/>'))
    run = cli("convert", spec / "main.wsdl", "-o", out)
    assert_refused(run, where="evil.xsd", says="entit")
    assert listener.connections == 0


@pytest.mark.parametrize("location", ["/etc/passwd", "file:///etc/hostname",
                                      "../elsewhere/outside.xsd", "/dev/zero"])
def test_wsdl_local_import_outside_folder(location: str, sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    (spec.parent / "elsewhere" / "outside.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x">'
        '<xs:simpleType name="T"><xs:restriction base="xs:string">'
        '<xs:enumeration value="LEAKED"/></xs:restriction></xs:simpleType></xs:schema>')
    (spec / "local.wsdl").write_text(specs.wsdl(
        types=f'<xs:import namespace="urn:x" schemaLocation="{location}"/>',
        request_type="x:T").replace('xmlns:tns="urn:t"', 'xmlns:tns="urn:t" xmlns:x="urn:x"'))
    run = cli("convert", spec / "local.wsdl", "-o", out)
    assert "Traceback" not in run.stderr
    assert re.search("outside the spec's folder|not fetched|refused", run.stderr), run.stderr
    assert "LEAKED" not in "".join(f.read_text() for f in out.iterdir())


@pytest.mark.parametrize("ref", ["/etc/passwd#/x", "file:///etc/hostname#/x",
                                 "../elsewhere/outside.yaml#/p", "/dev/zero#/x"])
def test_openapi_local_ref_outside_folder(ref: str, sandbox: tuple[Path, Path]) -> None:
    spec, out = sandbox
    (spec.parent / "elsewhere" / "outside.yaml").write_text("p: {name: leaked, in: query}\n")
    doc = specs.openapi_json(paths={"/x": {"get": {"parameters": [{"$ref": ref}],
                                                   "responses": {"200": {"description": "ok"}}}}})
    (spec / "local.json").write_text(doc)
    run = cli("convert", spec / "local.json", "-o", out)
    assert "Traceback" not in run.stderr
    assert "outside the spec's folder" in run.stderr
    assert "leaked" not in "".join(f.read_text() for f in out.iterdir())


def test_imports_inside_folder_still_work(sandbox: tuple[Path, Path]) -> None:
    """Control: a schema next to the WSDL is read (the confinement is not a blanket refusal)."""
    spec, out = sandbox
    (spec / "types.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x">'
        '<xs:simpleType name="T"><xs:restriction base="xs:string">'
        '<xs:enumeration value="INSIDE"/></xs:restriction></xs:simpleType></xs:schema>')
    (spec / "local.wsdl").write_text(specs.wsdl(
        types='<xs:import namespace="urn:x" schemaLocation="types.xsd"/>',
        request_type="x:T").replace('xmlns:tns="urn:t"', 'xmlns:tns="urn:t" xmlns:x="urn:x"'))
    run = cli("convert", spec / "local.wsdl", "-o", out)
    assert run.code == 0, run.stderr
    assert "INSIDE" in "".join(f.read_text() for f in out.iterdir())


def test_openapi_ref_to_fifo_does_not_block(sandbox: tuple[Path, Path]) -> None:
    import os

    spec, out = sandbox
    os.mkfifo(spec / "pipe.yaml")
    doc = specs.openapi_json(paths={"/x": {"get": {"parameters": [{"$ref": "pipe.yaml#/p"}],
                                                   "responses": {"200": {"description": "ok"}}}}})
    (spec / "fifo.json").write_text(doc)
    run = cli("convert", spec / "fifo.json", "-o", out, subprocess=True)
    assert "not a regular file" in run.stderr
    (spec / "pipe.yaml").unlink()


# -- a URL source: fetched (the user named it), with a timeout and a size cap -------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    body = b""
    delay = 0.0

    def do_GET(self) -> None:
        import time

        time.sleep(self.delay)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        try:
            self.wfile.write(self.body)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("H", (_Handler,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/spec.json", handler
    server.shutdown()
    server.server_close()


def test_url_source_fetched_but_not_its_refs(http_server: tuple[str, type[_Handler]],
                                             listener: Listener, tmp_path: Path) -> None:
    url, handler = http_server
    handler.body = _remote_ref_spec(listener).encode()
    run = cli("convert", url, "-o", tmp_path / "out")
    assert "Traceback" not in run.stderr
    assert listener.connections == 0


def test_url_source_size_cap(http_server: tuple[str, type[_Handler]], tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    from converter import sources

    url, handler = http_server
    handler.body = json.dumps(specs.openapi(), indent=2).encode() + b" " * 5000
    monkeypatch.setattr(sources, "MAX_BYTES", 2000)
    assert_refused(cli("convert", url, "-o", tmp_path / "out"), where=url, says="larger than")


def test_url_source_timeout(http_server: tuple[str, type[_Handler]], tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    from converter import sources

    url, handler = http_server
    handler.body, handler.delay = specs.openapi_json().encode(), 3.0
    monkeypatch.setattr(sources, "FETCH_TIMEOUT", 0.5)
    assert_refused(cli("convert", url, "-o", tmp_path / "out"), where=url,
                   says="cannot fetch.*timed out")


def test_url_source_unreachable(listener: Listener, tmp_path: Path) -> None:
    listener.close()  # the port is now closed: connection refused
    url = listener.url("spec.json")
    assert_refused(cli("convert", url, "-o", tmp_path / "out"), where=url, says="cannot fetch")
