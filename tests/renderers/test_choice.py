"""The operation dropdown(s) and the conditions that show one operation's fields."""

from __future__ import annotations

from converter import naming
from converter.model import GraphQLRequest, Operation, RestRequest, SoapRequest
from converter.renderers.choice import MAX_CHOICES, OperationChoice


def _ops(*tags: str) -> list[Operation]:
    request = RestRequest(method="GET", path="/")
    return [Operation(id=f"op{i}", name=f"Op {i}", request=request, tags=(tag,) if tag else ())
            for i, tag in enumerate(tags)]


def test_one_operation_needs_no_choice() -> None:
    choice = OperationChoice.build(_ops("a"))
    assert choice.properties() == [] and choice.condition(choice.operations[0]) is None


def test_few_operations_share_one_dropdown() -> None:
    ops = _ops("a", "b", "b")
    choice = OperationChoice.build(ops)
    assert [p["id"] for p in choice.properties()] == ["operationId"]
    assert choice.condition(ops[1]) == {"property": "operationId", "equals": "op1"}
    assert choice.condition_for(ops[1:]) == [{"property": "operationId",
                                             "oneOf": ["op1", "op2"]}]
    assert choice.condition_for(ops) == [None]


def test_many_tagged_operations_are_grouped_by_first_tag() -> None:
    ops = _ops(*["pets"] * 14, "store", "")
    choice = OperationChoice.build(ops)
    assert [p["id"] for p in choice.properties()] == [
        "operationGroup", "operationId.pets", "operationId.store", "operationId.Other"]
    assert choice.condition(ops[0]) == {"allMatch": [
        {"property": "operationGroup", "equals": "pets"},
        {"property": "operationId.pets", "equals": "op0"}]}
    assert choice.condition(ops[14]) == {"property": "operationGroup", "equals": "store"}
    for op in ops:
        assert [choice.condition(op)] == choice.condition_for([op])
    assert choice.condition_for([ops[0], ops[14], ops[15]]) == [
        choice.condition(ops[0]), choice.condition(ops[14]), choice.condition(ops[15])]


# --- big APIs: a tree of short dropdowns (issue 18, point 3) --------------------------------


def _holds(condition: dict | None, state: dict[str, str]) -> bool:
    """The Modeler's reading of a condition against the dropdowns' current values."""
    if condition is None:
        return True
    if "allMatch" in condition:
        return all(_holds(c, state) for c in condition["allMatch"])
    value = state.get(condition["property"])
    return value in condition["oneOf"] if "oneOf" in condition else value == condition["equals"]


def _pick(choice: OperationChoice, op: Operation, props: list[dict]) -> dict[str, str]:
    """What the dropdowns `props` (`choice.properties()`) hold after a user picked `op`, level
    by level, as the panel shows them: a hidden dropdown has no value; a shown one its default
    unless the user changed it."""
    wanted = dict(choice.where[op.id])
    state: dict[str, str] = {}
    for p in props:
        if _holds(p.get("condition"), state):
            values = [c["value"] for c in p["choices"]]
            state[p["id"]] = wanted.get(p["id"], p["value"])
            assert state[p["id"]] in values, (p["id"], state[p["id"]])
    return state


def _check_tree(choice: OperationChoice) -> list[dict]:
    """Every level has at most MAX_CHOICES entries with distinct labels, and picking any
    operation shows exactly that operation's fields."""
    props = choice.properties()
    for p in props:
        names = [c["name"] for c in p["choices"]]
        assert len(names) <= MAX_CHOICES, (p["id"], len(names))
        assert len(set(names)) == len(names), p["id"]
    # built once: each pick below reads every dropdown and every operation's condition
    conditions = [(o.id, choice.condition(o)) for o in choice.operations]
    for op in choice.operations:
        state = _pick(choice, op, props)
        shown = [op_id for op_id, condition in conditions if _holds(condition, state)]
        assert shown == [op.id]
    return props


def _rest(method: str, path: str, tag: str = "", **kw: str) -> Operation:
    return Operation(id=naming.identifier(f"{method}{path}"), name=kw.pop("name", ""),
                     request=RestRequest(method=method, path=path),
                     tags=(tag,) if tag else (), **kw)


def test_one_big_tag_is_cut_by_path() -> None:
    ops = [_rest(m, f"/api/v1/namespaces/{{namespace}}/res{r}{tail}", "core_v1",
                 description=f"{m.lower()} res{r}{tail}")
           for r in range(40) for m, tail in (("GET", ""), ("POST", ""), ("GET", "/{name}"),
                                             ("DELETE", "/{name}"), ("PATCH", "/{name}"))]
    choice = OperationChoice.build(ops)
    props = _check_tree(choice)
    top = props[0]
    assert top["id"] == "operationGroup"
    assert top["choices"][0]["name"].startswith("/api/v1/namespaces/{namespace}/res")
    assert max(len(p["choices"]) for p in props) <= MAX_CHOICES
    # a label from the description's first sentence, not METHOD /path
    leaf = next(p for p in props if p["id"].startswith("operationId"))
    assert leaf["choices"][0]["name"] == "get res0"


def test_soap_operations_are_cut_by_name_prefix() -> None:
    request = SoapRequest(endpoint="https://soap.test", soap_version="1.1")
    prefixes = ["Account", "Debtor", "Creditor", "Invoice", "Product", "Order"]
    verbs = [f"{v}{n}" for v in ("Get", "Set", "Create", "Delete") for n in
             ("Name", "Number", "Address", "Email", "Data", "Terms", "Group", "Notes", "Vat",
              "Currency", "Balance", "Ean", "Phone", "Fax", "County")]
    ops = [Operation(id=f"{p}_{v}", name=f"{p}_{v}", spec_name=f"{p}_{v}", request=request)
           for p in prefixes for v in verbs]  # 6 x 60 = 360, every prefix over 50
    choice = OperationChoice.build(ops)
    props = _check_tree(choice)
    assert [c["name"] for c in props[0]["choices"]] == [f"{p}_*" for p in sorted(prefixes)]
    subgroups = next(p for p in props if p["id"] == "operationGroup.Debtor")
    assert {c["name"] for c in subgroups["choices"]} == {
        "Debtor_Get*", "Debtor_Set*", "Debtor_Create*", "Debtor_Delete*"}


def test_graphql_fields_are_cut_by_root_type_then_domain() -> None:
    def field(kind: str, name: str) -> Operation:
        return Operation(id=name, name=name, spec_name=name, tags=(kind,),
                         request=GraphQLRequest(endpoint="", operation_type=kind.lower(),
                                                document=""))

    nouns = [f"thing{chr(97 + i)}{chr(97 + j)}" for i in range(6) for j in range(10)]
    ops = [field("Query", n) for n in nouns[:20]]
    ops += [field("Mutation", f"{n}{v}") for n in nouns for v in ("Create", "Update")]
    ops += [field("Mutation", f"delete{n.title()}") for n in nouns]  # verb first: same domain
    choice = OperationChoice.build(ops)
    props = _check_tree(choice)
    assert [c["name"] for c in props[0]["choices"]] == ["Query", "Mutation"]
    mutations = next(p for p in props if p["id"] == "operationGroup.Mutation")
    # 180 mutations in 60 domains of three: merged into runs of domains, none over 50
    assert 2 <= len(mutations["choices"]) <= MAX_CHOICES
    assert all("*" in c["name"] for c in mutations["choices"])
    # deleteThingaa sits in the group of thingaaCreate: the same dropdown values above it
    assert choice.where["deleteThingaa"][:-1] == choice.where["thingaaCreate"][:-1]


def test_a_flat_list_of_hundreds_is_cut_into_slices() -> None:
    request = RestRequest(method="POST", path="/rpc")
    ops = [Operation(id=f"call{i:03}", name=f"Call {i:03}", request=request) for i in range(260)]
    _check_tree(OperationChoice.build(ops))


def test_labels_come_from_summary_then_description_then_method_and_path() -> None:
    ops = [_rest("GET", "/a", summary="List **all** things"),
           _rest("GET", "/b", description="<p>Read one thing. More text.</p>"),
           _rest("GET", "/c"),
           _rest("GET", "/d", name="Postman request name"),
           _rest("GET", "/e", summary="Same"), _rest("POST", "/e", summary="Same")]
    names = [c["name"] for c in OperationChoice.build(ops).properties()[0]["choices"]]
    assert names == ["List all things", "Read one thing.", "GET /c", "Postman request name",
                     "Same (GET /e)", "Same (POST /e)"]


def test_sixteen_tagged_operations_of_many_tags_stay_bounded() -> None:
    ops = [_rest("GET", f"/t{i}", f"tag{i}") for i in range(120)]  # a tag per operation
    _check_tree(OperationChoice.build(ops))
