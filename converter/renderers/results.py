"""Result expressions: each task writes one process variable, named after its operation.

A result expression's top-level keys become process variables, so two tasks that map `data`
or `id` overwrite each other. Each operation therefore writes one variable, a FEEL-safe
camelCase of its id (`getPetById`), holding the mapped fields or the whole result; the user
renames it by editing the expression. The name is never a generic word (`data`, `items`,
`status` ...), a FEEL keyword, or a local variable of the task (the connector's own inputs,
the operation's fields): Zeebe sets a completed job's variable in the nearest scope that
already has one of that name, so such a result would stay local to the task and be lost.
Names are unique over the whole API, whatever the split or selection.
"""

from __future__ import annotations

from collections.abc import Iterable

from converter import feel, naming
from converter.model import Operation
from converter.renderers.reserved import RESERVED

# Words that say nothing about which call wrote them; an operation named so gets `...Result`.
GENERIC = frozenset(
    {
        "data", "items", "item", "result", "results", "body", "id", "ids", "status", "kind",
        "type", "name", "value", "values", "response", "error", "errors", "message", "code",
        "content", "object", "list", "node", "nodes", "edges", "url", "count", "total", "meta",
        "metadata", "output", "payload", "record", "records", "entity", "entities", "model",
        "apiVersion", "links", "info", "details", "state", "success", "ok", "get", "post",
        "put", "patch", "delete", "query", "mutation", "operation", "request", "call",
    }
)  # fmt: skip


def variable_names(operations: Iterable[Operation]) -> dict[str, str]:
    """Operation id -> the process variable its task writes, unique among `operations`."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    for op in operations:
        base = naming.camel(op.id) or naming.camel(op.name) or "operation"
        locals_ = {i.variable for i in op.inputs}
        if base in GENERIC or base in RESERVED or base in locals_ or base in naming.FEEL_KEYWORDS:
            base += "Result"
        name = candidate = naming.variable(base, set())  # FEEL-safe: no leading digit
        n = 2
        while name in taken or name in locals_ or name in RESERVED:
            name, n = f"{candidate}{n}", n + 1
        taken.add(name)
        out[op.id] = name
    return out


def rest(op: Operation, variable: str) -> str:
    """`={getPet: {id: response.body.id, ...}}`, `={listPets: response.body}`, or the status
    of a response without content."""
    result = op.result
    if not result.has_content:
        return _one(variable, feel.context([("status", feel.path("response", ["status"]))]))
    body = feel.path("response", ["body"])
    if result.fields:
        return _one(variable, feel.context((f.name, feel.path(body, f.path))
                                           for f in result.fields))
    return _one(variable, body)


def soap(op: Operation, variable: str) -> str:
    """`={add: {addResult: response.Envelope.Body.AddResponse.AddResult}}`; `={}` for a
    one-way operation."""
    result = op.result
    if not result.has_content:
        return feel.expression(feel.context([]))
    root = ["Envelope", "Body", *result.root]
    if result.fields:
        return _one(variable, feel.context(
            (f.name, feel.path("response", [*root, *f.path])) for f in result.fields))
    return _one(variable, feel.path("response", root))


def graphql(op: Operation, variable: str) -> str:
    """`={country: response.body.data.country}`."""
    return _one(variable, feel.path("response", ("body", *op.result.root)))


def _one(variable: str, value: str) -> str:
    return feel.expression(feel.context([(feel.name(variable), value)]))
