"""What operations share is worked out once per document, with the same outcome.

A parameter's Input (but for its variable, unique per operation) and a success response's
Result are remembered per node (`operations.Context.inputs` / `results`); each operation here
must come out as it does when it is the only one in its spec.
"""

from __future__ import annotations

import copy
from typing import Any

from converter import core

_PAGE = {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1},
         "description": "page number"}
_LIST = {"description": "ok", "content": {"application/json": {"schema": {
    "type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}},
                                     "page": {"type": "integer"}}}}}}


def _spec(paths: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "servers": [{"url": "https://example.com"}], "paths": paths,
            "components": {"parameters": {"page": _PAGE}, "responses": {"list": _LIST}}}


_PATHS: dict[str, Any] = {
    "/a": {"get": {"operationId": "a", "parameters": [{"$ref": "#/components/parameters/page"}],
                   "responses": {"200": {"$ref": "#/components/responses/list"}}}},
    # the same parameter after one whose variable is "page": this one's variable differs
    "/b/{page}": {"get": {"operationId": "b", "parameters": [
        {"name": "page", "in": "path", "required": True, "schema": {"type": "string"}},
        {"$ref": "#/components/parameters/page"}],
        "responses": {"200": {"$ref": "#/components/responses/list"},
                      "404": {"description": "missing"}}}},
    "/c": {"post": {"operationId": "c", "parameters": [{"$ref": "#/components/parameters/page"}],
                    "responses": {"201": {"$ref": "#/components/responses/list"},
                                  "404": {"description": "missing"}}}},
}


def test_shared_parameters_and_responses_come_out_as_alone() -> None:
    together = core.load(_spec(copy.deepcopy(_PATHS))).operations
    assert [op.id for op in together] == ["a", "b", "c"]
    for op, path in zip(together, _PATHS, strict=True):
        (alone,) = core.load(_spec({path: copy.deepcopy(_PATHS[path])})).operations
        assert op == alone, path
    a, b, c = together
    assert [i.variable for i in b.inputs] != [i.variable for i in a.inputs + a.inputs]
    assert b.inputs[1].variable != "page" and b.inputs[1].name == "page"
    assert a.result == b.result == c.result and a.result.fields
    assert b.errors == c.errors
