"""The harness accepts good templates and catches broken ones (issue 6, "Must show" 3)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import petstore
import pytest
from harness.node import NodeHelper
from harness.rest import RestOperation, check_operation

Template = dict[str, Any]


@pytest.mark.parametrize("index", range(4), ids=["getPetById", "addPet", "updatePetWithForm",
                                                 "uploadImage"])
def test_good_templates_are_accepted(node: NodeHelper, index: int) -> None:
    template, op = petstore.all_good()[index]
    outcomes = check_operation(petstore.SPEC, template, op, helper=node)
    assert [o.variant for o in outcomes] == ["full", "minimal"]
    for o in outcomes:
        assert o.accepted, (o.variant, o.verdict.reasons)
        assert o.request is not None


def _set(pid: str, value: str) -> Callable[[Template], None]:
    def change(template: Template) -> None:
        petstore.prop(template, pid)["value"] = value
    return change


def _constrain(pid: str, **constraints: Any) -> Callable[[Template], None]:
    def change(template: Template) -> None:
        petstore.prop(template, pid).setdefault("constraints", {}).update(constraints)
    return change


def _drop(pid: str) -> Callable[[Template], None]:
    def change(template: Template) -> None:
        template["properties"].remove(petstore.prop(template, pid))
    return change


def _move_after(pid: str, after: str) -> Callable[[Template], None]:
    def change(template: Template) -> None:
        moved = petstore.prop(template, pid)
        template["properties"].remove(moved)
        template["properties"].insert(template["properties"].index(
            petstore.prop(template, after)) + 1, moved)
    return change


BASE = petstore.BASE
MUTATIONS: list[tuple[str, Callable[[], tuple[Template, RestOperation]], Callable[[Template],
                                                                                   None], str]] = [
    ("wrong method", petstore.get_pet_by_id, _set("method", "DELETE"), "method.not-allowed"),
    ("wrong method that exists elsewhere", petstore.get_pet_by_id, _set("method", "POST"),
     "body.missing"),
    ("path parameter left in the URL", petstore.get_pet_by_id,
     _set("url", f'="{BASE}/pet/{{petId}}"'), "param.missing"),
    ("null header not filtered", petstore.get_pet_by_id,
     _set("headers", '={"Accept": "application/json", "X-Request-ID": xRequestId}'),
     "header.null-sent"),
    ("null query parameter not filtered", petstore.add_pet,
     _set("queryParameters", '={"dryRun": dryRun}'), "query.null-sent"),
    ("JSON body where the spec wants a form", petstore.update_pet_with_form,
     _set("headers", '={"Content-Type": "application/json"}'), "body.content-type"),
    ("no Content-Type: the connector defaults to JSON", petstore.update_pet_with_form,
     _drop("headers"), "body.content-type"),
    ("form body where the spec wants multipart", petstore.upload_image,
     _set("headers", '={"Content-Type": "application/x-www-form-urlencoded"}'),
     "body.content-type"),
    ("missing required body field", petstore.add_pet,
     _set("body", '={"name": name}'), "body.invalid"),
    ("body field under the wrong name", petstore.add_pet,
     _set("body", '={"name": name, "photoUrl": photoUrls}'), "body.invalid"),
    ("value sent to the wrong parameter", petstore.get_pet_by_id,
     _set("headers", '=context(get entries({"X-Request-ID": string(petId)})'
                     '[item.value != null])'), "value.changed"),
    ("URL built before the path parameter is mapped", petstore.get_pet_by_id,
     _move_after("petId", "url"), "feel.order"),
    ("wrong server", petstore.get_pet_by_id,
     _set("url", '="https://other.example.com/v2/pet/" + string(petId)'), "server.not-found"),
    ("authentication dropped", petstore.get_pet_by_id, _set("authentication.type", "noAuth"),
     "security"),
    ("FEEL syntax error", petstore.add_pet, _set("body", '={"name": name, }'), "feel.error"),
    ("pattern refuses a valid value", petstore.add_pet,
     _constrain("name", pattern={"value": "^[0-9]+$", "message": "digits only"}),
     "template.constraint"),
    ("maxLength below a valid value", petstore.update_pet_with_form,
     _constrain("name", maxLength=1), "template.constraint"),
]


@pytest.mark.parametrize("name,make,mutate,code", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_broken_template_is_rejected(node: NodeHelper, name: str,
                                     make: Callable[[], tuple[Template, RestOperation]],
                                     mutate: Callable[[Template], None], code: str) -> None:
    good, op = make()
    broken = copy.deepcopy(good)
    mutate(broken)
    outcomes = check_operation(petstore.SPEC, broken, op, helper=node)
    codes = {c for o in outcomes for c, _ in o.verdict.reasons}
    assert not all(o.accepted for o in outcomes), f"{name}: accepted"
    assert code in codes, f"{name}: rejected for {codes}, expected {code}"
