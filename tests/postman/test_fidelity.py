"""Fidelity judged by Postman's own runner: every request of the Postman corpus, sent by newman
to a local echo server, against the request its template builds (tests/postman/fidelity.py).

At least 95% must be equal in method, path, query names, header names, body media type and JSON
keys or form field names; every other request must be explained by one of `EXPLAINED`, each a
fact of the collection that the converter reports (a diagnostic) or that the connector cannot
do. A difference no rule explains fails the test.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

import pytest
from harness.node import NodeHelper

from converter import core
from converter.diagnostics import Diagnostic
from converter.model import BodyKind, GraphQLRequest, RestRequest
from tests.postman.corpus import COLLECTIONS
from tests.postman.fidelity import Verdict, judge

pytestmark = [pytest.mark.corpus, pytest.mark.fidelity]


def _codes(diags: list[Diagnostic], code: str) -> bool:
    return any(d.code == code for d in diags)


def _only(verdict: Verdict, *fields: str) -> bool:
    return all(d.split(":", 1)[0] in fields for d in verdict.differences)


# (name, why, rule(verdict, diagnostics at the request, its operation's request))
Rule = Callable[[Verdict, list[Diagnostic], object], bool]
EXPLAINED: list[tuple[str, str, Rule]] = [
    ("script-sets-value",
     "a pre-request script sets a variable of the URL (the template cannot run it; reported "
     "as postman.script-not-run): newman's path holds the script's value",
     lambda v, d, r: _only(v, "path") and any(
         x.code == "postman.script-not-run" and "pre-request" in x.message and "sets" in x.message
         for x in d)),
    ("auth-computed",
     "OAuth 1.0 signs and NTLM negotiates each request: newman adds signature parameters or "
     "sends no Authorization without a challenge; the template sends the ready token it asks "
     "for (reported as postman.auth-unsupported)",
     lambda v, d, r: _only(v, "query", "headers") and _codes(d, "postman.auth-unsupported")),
    ("body-not-sent",
     "a GET (or DELETE) body, which newman sends when the collection keeps it but the REST "
     "connector never sends (reported as postman.body-dropped)",
     lambda v, d, r: _only(v, "media", "body") and _codes(d, "postman.body-dropped")),
    ("graphql-operation-name",
     "Postman sends the GraphQL body's operationName; the GraphQL connector sends query and "
     "variables only (the document holds one operation, so the server picks the same one)",
     lambda v, d, r: isinstance(r, GraphQLRequest) and v.differences == [
         "body: ('query', 'variables', 'variables.foo') != "
         "('operationName', 'query', 'variables', 'variables.foo')"]),
    ("file-not-on-this-machine",
     "the body is a file (or file parts) that the collection names by a path on the machine "
     "that made it, or by none: newman sends nothing; the template asks for a document",
     lambda v, d, r: _only(v, "media", "body") and isinstance(r, RestRequest)
     and r.body is not None and r.body.kind in (BodyKind.BINARY, BodyKind.MULTIPART)
     and any(x.startswith("media: ") and x.endswith("!= ''") for x in v.differences)),
]


@pytest.fixture(scope="module")
def verdicts(node: NodeHelper, tmp_path_factory: pytest.TempPathFactory) -> list[Verdict]:
    return judge(COLLECTIONS, tmp_path_factory.mktemp("newman"), node)


def test_every_request_of_the_corpus_is_judged(verdicts: list[Verdict]) -> None:
    assert len(COLLECTIONS) == 59
    assert len(verdicts) == 644 + 268
    by_status = Counter(v.status for v in verdicts)
    assert by_status["not-sent"] == 0 and by_status["refused"] == 0, [
        (v.collection, v.location, v.reason) for v in verdicts
        if v.status in ("not-sent", "refused")]
    skipped = [(v.location, v.reason) for v in verdicts if v.status == "skipped"]
    assert len(skipped) == 4 and all("cannot be sent by the REST connector" in r
                                     for _, r in skipped), skipped


def test_at_least_95_percent_equal(verdicts: list[Verdict]) -> None:
    judged = [v for v in verdicts if v.status in ("equal", "different")]
    equal = sum(v.status == "equal" for v in judged)
    assert equal / len(judged) >= 0.95, (equal, len(judged))
    assert equal == 877  # measured: a change either way should be looked at


def test_every_difference_is_explained(verdicts: list[Verdict]) -> None:
    paths = {p.name: p for p in COLLECTIONS}
    unexplained = []
    explained: Counter[str] = Counter()
    results: dict[str, core.ConversionResult] = {}
    for v in verdicts:
        if v.status != "different":
            continue
        key = str(paths[v.collection])
        if key not in results:
            results[key] = core.convert(paths[v.collection])
        result = results[key]
        op = next(o for o in result.api.operations if o.location == v.location)
        diags = [d for d in result.diagnostics if d.location == v.location]
        name = next((n for n, _, rule in EXPLAINED if rule(v, diags, op.request)), None)
        if name is None:
            unexplained.append((v.collection, v.location, v.differences))
        else:
            explained[name] += 1
    assert unexplained == [], json.dumps(unexplained, indent=1)
    assert explained == {"script-sets-value": 14, "auth-computed": 7, "body-not-sent": 4,
                         "graphql-operation-name": 2, "file-not-on-this-machine": 4}
