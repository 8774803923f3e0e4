"""A task writes one process variable, named after its operation (README, "What a template
does by default")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from converter import Options, Split, convert
from converter.model import (
    GraphQLRequest,
    Input,
    Location,
    Operation,
    RestRequest,
    Result,
    ResultField,
    SoapRequest,
)
from converter.renderers import results

REPO = Path(__file__).resolve().parents[2]


def _op(op_id: str, *inputs: str, result: Result | None = None, request: Any = None
        ) -> Operation:
    return Operation(id=op_id, name=op_id, request=request or RestRequest(method="GET", path="/"),
                     inputs=tuple(Input(name=v, variable=v, location=Location.QUERY)
                                  for v in inputs),
                     result=result or Result())


def test_the_variable_is_the_operation_id_in_camel_case() -> None:
    names = results.variable_names([_op("getPetById"), _op("list-pets"), _op("Pets_Create")])
    assert names == {"getPetById": "getPetById", "list-pets": "listPets",
                     "Pets_Create": "petsCreate"}


def test_generic_reserved_and_local_names_get_a_suffix() -> None:
    # `status` says nothing; `body` is an input of the REST connector; `search` is a field of
    # the task itself, where Zeebe would keep a result of that name (a local variable)
    names = results.variable_names([_op("status"), _op("body"), _op("search", "search"),
                                    _op("if")])
    assert names == {"status": "statusResult", "body": "bodyResult", "search": "searchResult",
                     "if": "ifResult"}


def test_names_are_unique_over_the_api() -> None:
    names = results.variable_names([_op("get_pet"), _op("getPet"), _op("get-pet"),
                                    _op("1st"), _op("data"), _op("dataResult")])
    assert list(names.values()) == ["getPet", "getPet2", "getPet3", "v1st", "dataResult",
                                    "dataResult2"]


def test_rest_results_hold_the_fields_in_one_variable() -> None:
    fields = Result(fields=(ResultField(name="id", path=("id",)),
                            ResultField(name="createdAt", path=("created-at",))))
    assert results.rest(_op("getPet", result=fields), "getPet") == (
        '={getPet: {id: response.body.id, createdAt: get value(response.body, "created-at")}}')
    assert results.rest(_op("listPets", result=Result(is_list=True)), "listPets") == (
        "={listPets: response.body}")
    assert results.rest(_op("deletePet", result=Result(has_content=False)), "deletePet") == (
        "={deletePet: {status: response.status}}")


def test_a_field_named_like_a_later_reference_does_not_capture_it() -> None:
    # inside a FEEL context, a key `response` would be what the next entry's `response` reads
    fields = Result(fields=(ResultField(name="response", path=("response",)),
                            ResultField(name="other", path=("other",))))
    value = results.rest(_op("op", result=fields), "op")
    assert value.startswith("={op: context put(")


def test_soap_and_graphql_results() -> None:
    soap = SoapRequest(endpoint="", soap_version="1.1")
    add = _op("Add", request=soap, result=Result(root=("AddResponse",), fields=(
        ResultField(name="addResult", path=("AddResult",)),)))
    assert results.soap(add, "add") == (
        "={add: {addResult: response.Envelope.Body.AddResponse.AddResult}}")
    whole = _op("Get", request=soap, result=Result(root=("GetResponse",)))
    assert results.soap(whole, "get") == "={get: response.Envelope.Body.GetResponse}"
    one_way = _op("Notify", request=soap, result=Result(has_content=False))
    assert results.soap(one_way, "notify") == "={}"
    query = _op("country", request=GraphQLRequest(endpoint="", operation_type="query",
                                                   document="query { country }"),
                result=Result(root=("data", "country")))
    assert results.graphql(query, "country") == "={country: response.body.data.country}"


def _result_values(**options: Any) -> dict[str, str]:
    result = convert(REPO / "examples" / "petstore.yaml", options=Options(**options))
    out = {}
    for template in result.templates:
        for prop in template["properties"]:
            if prop.get("binding", {}).get("key") == "resultExpression":
                condition = prop.get("condition", {})
                out[str(condition.get("equals", template["id"]))] = prop["value"]
    return out


def test_the_name_does_not_depend_on_the_split_or_selection() -> None:
    whole = _result_values()
    split = _result_values(split=Split.OPERATION)
    assert sorted(whole.values()) == sorted(split.values())
    (one,) = _result_values(operations=("getPetById",)).values()
    assert one in whole.values()
    assert one.startswith("={getPetById: ")
