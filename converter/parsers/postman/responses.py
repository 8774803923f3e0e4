"""Saved example responses -> the result expression's fields and the error cases.

A request's `response` list holds examples saved from real calls: the first successful one with
a JSON object body gives the result fields (its top-level members), an array body a list
result; every unsuccessful status code is an error case (the renderer decides which become BPMN
errors). Without examples the whole response body is the result.
"""

from __future__ import annotations

import http
from typing import Any

from converter import naming
from converter.model import ErrorCase, Result, ResultField
from converter.parsers.postman import jsontext

MAX_RESULT_FIELDS = 20  # as for OpenAPI: beyond that the whole body is one variable


def read(responses: Any) -> tuple[Result, tuple[ErrorCase, ...]]:
    """The result and error cases the saved examples show."""
    result: Result | None = None
    errors: dict[str, ErrorCase] = {}
    for response in responses if isinstance(responses, list) else ():
        if not isinstance(response, dict):
            continue
        code = _code(response)
        if code is None:
            continue
        if 200 <= code < 300:
            if result is None:
                result = _result(response, code)
        elif code >= 400 and str(code) not in errors:
            errors[str(code)] = _error(code, response)
    return result or Result(), tuple(sorted(errors.values(), key=lambda e: e.code))


def _code(response: dict[str, Any]) -> int | None:
    code = response.get("code")
    if isinstance(code, int) and not isinstance(code, bool):
        return code
    if isinstance(code, str) and code.isdigit():
        return int(code)
    return None


def _result(response: dict[str, Any], code: int) -> Result:
    if code == 204:
        return Result(has_content=False)
    body = response.get("body")
    if not isinstance(body, str) or not body.strip():
        return Result()
    try:
        value = jsontext.load(body)
    except ValueError:
        return Result()
    if isinstance(value, list):
        return Result(is_list=True)
    if isinstance(value, dict) and 0 < len(value) <= MAX_RESULT_FIELDS:
        taken: set[str] = set()
        return Result(fields=tuple(
            ResultField(name=naming.variable(key, taken, fallback="field"), path=(key,))
            for key in value))
    return Result()


def _error(code: int, response: dict[str, Any]) -> ErrorCase:
    try:
        name = http.HTTPStatus(code).name
    except ValueError:
        name = f"HTTP_{code}"
    status = response.get("status") if isinstance(response.get("status"), str) else ""
    label = response.get("name") if isinstance(response.get("name"), str) else ""
    return ErrorCase(code=str(code), name=name,
                     description=" - ".join(t for t in (status, label) if t))
