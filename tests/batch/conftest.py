"""A small mixed folder of inputs: good specs of all three formats, corrupt files, non-specs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"

GOOD = {
    "openapi/petstore.yaml": "openapi/v2/petstore-swagger2.yaml",
    "openapi/petstore.json": "openapi/v3_0/several-servers.json",  # clashes with petstore.yaml
    "openapi/tags.yaml": "openapi/v3_0/tags.yaml",
    "graphql/schema.graphql": "graphql/connections.graphql",
    "soap/calc.wsdl": "wsdl/calculator.wsdl",
    "soap/calc-copy.txt": "wsdl/calculator.wsdl",  # recognised by content, not extension
}
CORRUPT = {
    "broken/truncated.json": '{"openapi": "3.0.3", "info": {"title": "x", ',
    "broken/bad-indent.yaml": "openapi: 3.0.3\ninfo:\n  title: x\n version: 1\n",
    "broken/not-xml.wsdl": "<definitions><oops",
    "broken/binary.json": "\x00\x01\x02garbage",
    "broken/unsupported-version.yaml": "openapi: 9.9.9\ninfo: {title: Future, version: '1'}\n"
                                       "paths: {}\n",
}
NOT_SPECS = {
    "README.md": "# Specs\n\nThese are our API descriptions.\n",
    "openapi/components/pet.yaml": "type: object\nproperties:\n  id: {type: integer}\n",
    "package.json": '{"name": "x", "version": "1.0.0"}\n',
    "soap/types.xsd": '<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>\n',
    "notes.txt": "just some text\n",
    "graphql/query.graphql": "query Hero {\n  hero { name }\n}\n",
}
CONVERTED = set(GOOD)
FAILED = set(CORRUPT)
SKIPPED = set(NOT_SPECS)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Folder `specs/` holding GOOD, CORRUPT and NOT_SPECS, plus a hidden file that is ignored."""
    root = tmp_path / "specs"
    for rel, fixture in GOOD.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / fixture, root / rel)
    for rel, text in {**CORRUPT, **NOT_SPECS}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    (root / ".hidden.yaml").write_text("openapi: 3.0.0\n", "utf-8")
    return root
