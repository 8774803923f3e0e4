"""Golden templates for the OpenAPI fixtures, one fixture per mapping rule.

Refresh with `.venv/bin/pytest --update-golden tests/rest/test_golden.py` and review the diff.
Every golden is also checked by our validator here and by the official Node validator below, so
a golden can never freeze an invalid template.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from converter import Options, Split, convert
from converter.output import dumps
from converter.validate import validate
from tests.support.node import validate_with_node

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures" / "openapi"
EXPECTED = REPO / "fixtures" / "expected" / "openapi"

# fixture -> {variant: options}; each line is one mapping rule of issue 2.
CASES: dict[str, dict[str, Options]] = {
    "v2/petstore-swagger2.yaml": {"api": Options()},  # Swagger 2.0: body, formData, file
    "v3_0/auth-kinds.yaml": {"api": Options()},  # every auth kind, per-operation security
    "v3_0/bodies.yaml": {"api": Options()},  # json flat/nested/string, form, multipart, text, xml
    "v3_1/types.yaml": {"api": Options(),  # 3.1 types, $ref-named property, dup ids
                        "camunda-8.6": Options(camunda="8.6")},
    "v3_0/servers.yaml": {"api": Options()},  # server variables, operation servers
    "v3_0/several-servers.json": {"api": Options()},  # server dropdown
    "v3_0/tags.yaml": {"api": Options(),  # two-level operation choice
                       "split-tag": Options(split=Split.TAG),
                       "one-tag": Options(tags=("repos",))},
    "v3_0/many-optional.yaml": {"api": Options()},  # over 20 optional fields: behind a choice
    "multi-file/api.yaml": {"api": Options(),  # relative file refs, recursion
                            "split-operation": Options(split=Split.OPERATION)},
}
PARAMS = [(fixture, variant) for fixture, variants in CASES.items() for variant in variants]


def golden_path(fixture: str, variant: str) -> Path:
    stem = fixture.rsplit(".", 1)[0]
    return EXPECTED / (f"{stem}.json" if variant == "api" else f"{stem}.{variant}.json")


@pytest.mark.parametrize(("fixture", "variant"), PARAMS)
def test_template_golden(fixture: str, variant: str, golden: Callable[[str, str], None]) -> None:
    result = convert(FIXTURES / fixture, options=CASES[fixture][variant])
    for template in result.templates:
        assert validate(template) == [], template["id"]
    text = dumps(result.templates[0] if len(result.templates) == 1 else result.templates)
    diagnostics = "".join(f"{d}\n" for d in result.diagnostics)
    golden(text, str(golden_path(fixture, variant)))
    golden(diagnostics, str(golden_path(fixture, variant).with_suffix(".diagnostics.txt")))


@pytest.mark.node
def test_goldens_pass_the_official_validator() -> None:
    paths = [golden_path(f, v) for f, v in PARAMS]
    missing = [p for p in paths if not p.exists()]
    assert not missing, f"run the golden tests with --update-golden first: {missing}"
    report = validate_with_node(paths)
    bad = {f["path"]: f for f in report["files"] if not f["valid"]}
    assert not bad, bad
