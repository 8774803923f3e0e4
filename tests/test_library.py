"""The library contract of DESIGN.md: typed entry points, results as values, no side effects."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import warnings
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

import converter
from converter import (
    ConversionResult,
    ConverterError,
    Diagnostic,
    Options,
    Severity,
    UnsupportedFormatError,
    convert,
    load,
    render,
    validate,
)
from converter.output import dumps

REPO = Path(__file__).resolve().parents[1]
PETSTORE = REPO / "examples/petstore.yaml"
SPECS = [PETSTORE, REPO / "fixtures/graphql/connections.graphql",
         REPO / "fixtures/wsdl/calculator.wsdl"]


def test_public_names() -> None:
    assert {"convert", "load", "render", "validate", "ConversionResult", "Diagnostic", "Options",
            "ConverterError"} <= set(converter.__all__)
    assert (Path(converter.__file__).parent / "py.typed").is_file()


@pytest.mark.parametrize("as_", ["path", "str", "bytes", "text", "dict"])
def test_every_kind_of_source_gives_the_same_templates(as_: str) -> None:
    import yaml

    text = PETSTORE.read_text("utf-8")
    source = {"path": PETSTORE, "str": str(PETSTORE), "bytes": text.encode(), "text": text,
              "dict": yaml.safe_load(text)}[as_]
    result = convert(source)
    assert isinstance(result, ConversionResult) and result.ok
    assert dumps(result.templates[0]) == dumps(convert(PETSTORE).templates[0])


def test_load_render_validate_compose_like_convert() -> None:
    api = load(PETSTORE)
    templates = render(api, Options())
    assert templates == convert(PETSTORE).templates
    assert [validate(t) for t in templates] == [[]]
    bad = validate({"id": "x"})
    assert bad and all(isinstance(d, Diagnostic) and d.severity is Severity.ERROR for d in bad)


def test_diagnostics_are_frozen_values() -> None:
    d = Diagnostic(Severity.WARNING, "x.code", "message", "paths./x.get")
    with pytest.raises(FrozenInstanceError):
        d.code = "other"  # type: ignore[misc]
    assert str(d) == "warning: x.code: message [paths./x.get]"


def test_unreadable_input_raises_one_family(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormatError) as info:
        convert({"not": "a spec"})
    assert isinstance(info.value, ConverterError) and info.value.code == "source.unsupported"
    with pytest.raises(ConverterError):
        convert(tmp_path / "missing.yaml")


def test_no_printing_logging_or_warnings(capfd: pytest.CaptureFixture[str]) -> None:
    handlers = list(logging.getLogger().handlers)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for spec in SPECS:
            convert(spec)
        convert({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}})
    assert capfd.readouterr() == ("", "")
    assert logging.getLogger().handlers == handlers


def test_same_bytes_in_processes_with_different_hash_seeds() -> None:
    """Set and dict order must not leak into output: run in two fresh interpreters."""
    code = ("import sys, json; from converter import convert; "
            "from converter.output import dumps; "
            "print(json.dumps([dumps(t) for p in sys.argv[1:] for t in convert(p).templates]))")
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", code, *map(str, SPECS)], env=env,
                             capture_output=True, text=True, check=True, cwd=REPO)
        outputs.append(json.loads(run.stdout))
    assert len(outputs[0]) == len(SPECS) and outputs[0] == outputs[1]


def test_types_check_for_a_library_user(tmp_path: Path) -> None:
    """py.typed works: mypy --strict accepts typical calls and rejects a wrong one."""
    api = pytest.importorskip("mypy.api")
    good = tmp_path / "good.py"
    good.write_text(
        "from converter import Options, Split, convert, validate\n"
        "result = convert('x.yaml', options=Options(split=Split.TAG))\n"
        "ids: list[str] = [str(t['id']) for t in result.templates]\n"
        "codes: list[str] = [d.code for d in validate(result.templates[0])]\n", "utf-8")
    bad = tmp_path / "bad.py"
    bad.write_text("from converter import convert\nconvert('x.yaml', options=3)\n", "utf-8")
    # one mypy run over both files: checking `converter` itself is most of its time
    out, _, status = api.run(["--strict", "--no-incremental", str(good), str(bad)])
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert status == 1 and errors, out
    assert {Path(line.split(":", 1)[0]).name for line in errors} == {"bad.py"}, out  # good passes
    assert any("options" in line for line in errors), out
