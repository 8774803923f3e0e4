"""Hand-written good templates for tests/fidelity/data/petstore-mini.yaml.

`getPetById` is the worked example of reference §4.4 (data/petstore-getPetById.json); the others
are written in the same style for a JSON body, a form body and a multipart body. The mutation
tests break copies of these and expect the judge to reject them.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from harness.fill import InputRef
from harness.rest import RestOperation

DATA = Path(__file__).parent / "data"
SPEC = DATA / "petstore-mini.yaml"
BASE = "https://petstore.example.com/v2"


def worked_example() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / "petstore-getPetById.json").read_text("utf-8"))
    return loaded


def _hidden(pid: str, value: str) -> dict[str, Any]:
    return {"id": pid, "type": "Hidden", "value": value,
            "binding": {"type": "zeebe:input", "name": pid}}


def _field(pid: str, label: str, *, required: bool = False, feel: str = "optional",
           ptype: str = "String", **extra: Any) -> dict[str, Any]:
    prop: dict[str, Any] = {"id": pid, "label": label, "group": "parameters", "type": ptype,
                            "binding": {"type": "zeebe:input", "name": pid}}
    if ptype in ("String", "Text"):
        prop["feel"] = feel
    if required:
        prop["constraints"] = {"notEmpty": True}
    prop.update(extra)
    return prop


def _template(op_id: str, name: str, middle: list[dict[str, Any]]) -> dict[str, Any]:
    base = worked_example()
    head = base["properties"][:3]  # task type, auth type, bearer token
    tail = [p for p in base["properties"] if p.get("binding", {}).get("type") != "zeebe:input"
            and p.get("binding", {}).get("property") != "type"]
    out = copy.deepcopy(base)
    out["id"] = f"com.example.petstore.{op_id}"
    out["name"] = f"Petstore: {name}"
    out["properties"] = copy.deepcopy(head) + middle + copy.deepcopy(tail)
    return out


def add_pet() -> tuple[dict[str, Any], RestOperation]:
    middle = [
        _field("name", "Name", required=True),
        _field("photoUrls", "Photo URLs", required=True, feel="required", ptype="Text"),
        _field("status", "Status", ptype="Dropdown",
               choices=[{"name": "(not set)", "value": ""},
                        {"name": "available", "value": "available"},
                        {"name": "pending", "value": "pending"},
                        {"name": "sold", "value": "sold"}], value=""),
        _field("dryRun", "Dry run"),
        _hidden("method", "POST"),
        _hidden("url", f'="{BASE}/pet"'),
        _hidden("headers", '={"Content-Type": "application/json"}'),
        _hidden("queryParameters",
                '=context(get entries({"dryRun": dryRun})[item.value != null])'),
        _hidden("body", '=context(get entries({"name": name, "photoUrls": photoUrls, '
                        '"status": if status = "" then null else status})'
                        '[item.value != null])'),
    ]
    for p in middle:
        if p["type"] == "Dropdown":
            p.pop("feel", None)
    op = RestOperation(id="addPet", method="POST", path="/pet", content_type="application/json",
                       inputs=(InputRef("name", "body", "name", True, ("name",)),
                               InputRef("photoUrls", "body", "photoUrls", True, ("photoUrls",)),
                               InputRef("status", "body", "status", False, ("status",)),
                               InputRef("dryRun", "query", "dryRun", False)))
    return _template("addPet", "Add a new pet", middle), op


def update_pet_with_form() -> tuple[dict[str, Any], RestOperation]:
    middle = [
        _field("petId", "Pet ID", required=True),
        _field("name", "Name", required=True),
        _field("status", "Status"),
        _hidden("method", "POST"),
        _hidden("url", f'="{BASE}/pet/" + string(petId)'),
        _hidden("headers", '={"Content-Type": "application/x-www-form-urlencoded"}'),
        _hidden("body", '=context(get entries({"name": name, "status": status})'
                        '[item.value != null])'),
    ]
    op = RestOperation(id="updatePetWithForm", method="POST", path="/pet/{petId}",
                       content_type="application/x-www-form-urlencoded",
                       inputs=(InputRef("petId", "path", "petId", True),
                               InputRef("name", "body", "name", True, ("name",)),
                               InputRef("status", "body", "status", False, ("status",))))
    return _template("updatePetWithForm", "Update a pet with form data", middle), op


def upload_image() -> tuple[dict[str, Any], RestOperation]:
    middle = [
        _field("petId", "Pet ID", required=True),
        _field("additionalMetadata", "Additional metadata", required=True),
        _field("caption", "Caption"),
        _hidden("method", "POST"),
        _hidden("url", f'="{BASE}/pet/" + string(petId) + "/uploadImage"'),
        _hidden("headers", '={"Content-Type": "multipart/form-data"}'),
        _hidden("body", '=context(get entries({"additionalMetadata": additionalMetadata, '
                        '"caption": caption})[item.value != null])'),
    ]
    op = RestOperation(id="uploadImage", method="POST", path="/pet/{petId}/uploadImage",
                       content_type="multipart/form-data",
                       inputs=(InputRef("petId", "path", "petId", True),
                               InputRef("additionalMetadata", "body", "additionalMetadata", True,
                                        ("additionalMetadata",)),
                               InputRef("caption", "body", "caption", False, ("caption",))))
    return _template("uploadImage", "Upload an image", middle), op


def get_pet_by_id() -> tuple[dict[str, Any], RestOperation]:
    op = RestOperation(id="getPetById", method="GET", path="/pet/{petId}",
                       inputs=(InputRef("petId", "path", "petId", True),
                               InputRef("xRequestId", "header", "X-Request-ID", False)))
    return worked_example(), op


def all_good() -> list[tuple[dict[str, Any], RestOperation]]:
    return [get_pet_by_id(), add_pet(), update_pet_with_form(), upload_image()]


def prop(template: dict[str, Any], pid: str) -> dict[str, Any]:
    for p in template["properties"]:
        if p.get("id") == pid:
            return p
    raise KeyError(pid)
