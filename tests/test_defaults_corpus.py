"""Issue 17, Must show 2 and 3, over the whole corpus (all formats, --split operation):

2. Under the default error policy no error expression can raise a BPMN error for 408, 429,
   5xx or a failure below HTTP (each distinct expression evaluated with feelin for each such
   case), while a documented 404/409 and a declared SOAP fault are BPMN errors with their
   documented code.
3. No result expression writes more than one top-level variable or a generic name, and no
   two operations of one API write the same variable.

The counts are printed (run with -s to see them).
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from converter import Options, Split, convert
from converter.diagnostics import ConverterError
from converter.model import Operation, SoapRequest
from converter.renderers import plan
from tests.postman.corpus import COLLECTIONS, environment_of
from tests.support.error_expressions import (
    HTTP_TRANSPORT,
    SOAP_TRANSPORT,
    failure,
    kind,
    outcomes,
    soap_fault,
)
from tests.wsdl.corpus import wsdl_files

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO / "scripts"))

import corpus_openapi  # noqa: E402

pytestmark = [pytest.mark.corpus, pytest.mark.node]

# Names that say nothing about which call wrote them (the examples and their kin)
GENERIC = {"data", "items", "item", "result", "results", "body", "id", "status", "kind",
           "apiVersion", "type", "name", "value", "object", "model", "url", "response",
           "error", "errors", "message", "code", "content", "list", "node", "nodes", "edges"}
TRANSIENT = ("408", "429", "500", "502", "503", "504")


@dataclass(frozen=True)
class Task:
    """One converted operation: where it comes from and its two expressions."""

    fmt: str  # openapi | wsdl | graphql | postman
    spec: str
    op: Operation
    result: str
    error: str


def _tasks(fmt: str, path: Path, **options: Any) -> Iterator[Task]:
    opts = Options(split=Split.OPERATION, **options)
    try:
        result = convert(path, options=opts)
    except ConverterError:
        return  # unreadable specs are the parsers' tests' business
    for template, bundle in zip(result.templates, plan(result.api, opts), strict=True):
        (op,) = bundle.operations
        values = {p["binding"]["key"]: p.get("value", "") for p in template["properties"]
                  if p.get("binding", {}).get("key") in ("resultExpression", "errorExpression")}
        yield Task(fmt, str(path), op, values["resultExpression"], values["errorExpression"])


@pytest.fixture(scope="module")
def tasks() -> list[Task]:
    out: list[Task] = []
    for path in corpus_openapi.spec_files(CORPUS / "openapi"):
        out.extend(_tasks("openapi", path))
    for path in wsdl_files():
        out.extend(_tasks("wsdl", path))
    for path in sorted((CORPUS / "graphql").glob("*.graphql")):
        out.extend(_tasks("graphql", path))
    for path in COLLECTIONS:
        out.extend(_tasks("postman", path, environment=environment_of(path)))
    return out


# --------------------------------------------------------------------------- Must show 3


def top_level_keys(value: str) -> list[str]:
    """The keys of the FEEL context a result expression (`={a: ..., "b": ...}`) builds, read
    without evaluating it: entries are split at commas outside brackets and string literals."""
    assert value.startswith("={") and value.endswith("}"), value[:80]
    keys, depth, start, in_string, escaped = [], 0, 1, False, False
    text = value[1:]
    for index, char in enumerate(text):
        if in_string:
            in_string = not (char == '"' and not escaped)
            escaped = char == "\\" and not escaped
            continue
        if char == '"':
            in_string = True
        elif char in "{[(":
            depth += 1
        elif char in "}])":
            depth -= 1
        if depth == 1 and char == ":" and start is not None:
            keys.append(text[start:index].strip().strip('"'))
            start = None
        elif depth == 1 and char == ",":
            start = index + 1
    return keys


def test_every_task_writes_one_variable_named_after_its_operation(tasks: list[Task]) -> None:
    by_format: dict[str, Counter[str]] = defaultdict(Counter)
    per_api: dict[str, Counter[str]] = defaultdict(Counter)
    problems = []
    for task in tasks:
        keys = top_level_keys(task.result)
        by_format[task.fmt]["results"] += 1
        by_format[task.fmt][f"{len(keys)} variable(s)"] += 1
        if len(keys) > 1 or set(keys) & GENERIC:
            problems.append((task.spec, task.op.id, task.result[:120]))
        per_api[task.spec].update(keys)
    clashes = [(spec, name) for spec, names in per_api.items() for name, n in names.items()
               if n > 1]
    print("\nresult expressions:", {fmt: dict(c) for fmt, c in by_format.items()})
    print(f"APIs: {len(per_api)}; variables written twice in one API: {len(clashes)}")
    assert set(by_format) == {"openapi", "wsdl", "graphql", "postman"}
    assert sum(c["results"] for c in by_format.values()) > 7000
    assert problems == []
    assert clashes == []


def test_the_key_reader_agrees_with_feelin(tasks: list[Task]) -> None:
    sample: dict[str, list[str]] = defaultdict(list)
    for task in tasks:  # the first 25 distinct expressions of each format
        if task.result not in sample[task.fmt] and len(sample[task.fmt]) < 25:
            sample[task.fmt].append(task.result)
    values = [v for group in sample.values() for v in group]
    results = [outcomes(value, [{}])[0] for value in values]  # no response: every leaf null
    for value, result in zip(values, results, strict=True):
        assert sorted((result or {}).keys()) == sorted(top_level_keys(value)), value[:120]
    assert len(values) >= 60


# --------------------------------------------------------------------------- Must show 2


def _transient_scopes(fmt: str) -> list[dict[str, Any]]:
    scopes = [failure(code) for code in TRANSIENT]
    scopes += [failure(code, headers={"Retry-After": "30"}) for code in ("429", "503")]
    if fmt != "wsdl":
        return scopes + list(HTTP_TRANSPORT)
    server = [soap_fault({"faultcode": "soap:Server", "faultstring": "busy"}),
              soap_fault({"Code": {"Value": "env:Receiver"}, "Reason": {"Text": "busy"}})]
    return scopes + list(SOAP_TRANSPORT) + server


def test_no_error_expression_turns_a_transient_failure_into_a_bpmn_error(
        tasks: list[Task]) -> None:
    distinct: dict[tuple[str, str], None] = {}
    for task in tasks:
        distinct[(task.fmt, task.error)] = None
    seen: Counter[str] = Counter()
    bpmn = []
    for fmt, expression in distinct:
        scopes = _transient_scopes(fmt)
        for scope, outcome in zip(scopes, outcomes(expression, scopes), strict=True):
            seen[f"{fmt} {kind(outcome)}"] += 1
            if kind(outcome) == "bpmnError":
                bpmn.append((fmt, scope["error"], expression[:200]))
    print("\ndistinct error expressions:", dict(Counter(fmt for fmt, _ in distinct)))
    print("outcomes for 408/429/5xx/transport:", dict(seen))
    assert {fmt for fmt, _ in distinct} == {"openapi", "wsdl", "graphql", "postman"}
    assert bpmn == []
    assert seen["openapi jobError"] > 0  # Retry-After is honoured, so the scopes reach it


def _documented(task: Task) -> list[tuple[dict[str, Any], str]]:
    """(scope, BPMN error code) for the documented 404/409 or declared faults of `task`."""
    if isinstance(task.op.request, SoapRequest):
        soap12 = task.op.request.soap_version == "1.2"
        return [(soap_fault({"Code": {"Value": "env:Receiver"}, "Detail": {case.code: {}}}
                            if soap12 else
                            {"faultcode": "soap:Server", "detail": {case.code: {}}}), case.name)
                for case in task.op.errors if case.code]
    return [(failure(case.code), case.name) for case in task.op.errors
            if case.code in ("404", "409")]


def test_documented_business_errors_stay_bpmn_errors(tasks: list[Task]) -> None:
    checked: Counter[str] = Counter()
    wrong = []
    done: set[tuple[str, tuple[str, ...]]] = set()
    for task in tasks:
        cases = _documented(task)
        checked[task.fmt] += len(cases)
        key = (task.error, tuple(code for _, code in cases))
        if not cases or key in done:  # the same expression and codes: the same outcomes
            continue
        done.add(key)
        got = outcomes(task.error, [scope for scope, _ in cases])
        for (_, code), outcome in zip(cases, got, strict=True):
            if kind(outcome) != "bpmnError" or outcome["code"] != code:
                wrong.append((task.spec, task.op.id, code, outcome))
    print("\ndocumented 404/409 and declared faults checked:", dict(checked))
    assert checked["openapi"] > 1000 and checked["wsdl"] > 10
    assert wrong == []
