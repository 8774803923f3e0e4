"""SOAP operations: body.json -> XML by the connector's rules (reference §3.2), validated
against the WSDL's own XML Schema with lxml.

JSON -> XML (`ToXmlMapper`): a key `prefix:Name` is an element in the namespace declared for
`prefix` in `namespaces`; `@attr` is an attribute; `$content` is text next to attributes; a list
repeats the element; numbers and booleans are text. A prefix that `namespaces` does not declare
cannot be written (connector error). A null member is written as an empty element.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path
from typing import Any

from lxml import etree

from harness.apply import AppliedTask
from harness.connector import ConnectorInputError, java_text, resolve_secrets
from harness.fill import InputRef, Variant, plan
from harness.judge_openapi import Verdict
from harness.node import NodeHelper
from harness.pipeline import SOAP_TYPE, Evaluated, Outcome, run_variant

XS = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"


class SchemaUnavailable(RuntimeError):
    pass


def to_xml(body: dict[str, Any], namespaces: dict[str, str]) -> list[etree._Element]:
    def qname(key: str) -> str:
        if ":" in key:
            prefix, local = key.split(":", 1)
            if prefix not in namespaces:
                raise ConnectorInputError(f"prefix {prefix!r} of {key!r} is not in namespaces")
            return f"{{{namespaces[prefix]}}}{local}"
        return key

    def fill(el: etree._Element, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k.startswith("@"):
                    el.set(qname(k[1:]), java_text(v))
                elif k == "$content":
                    el.text = java_text(v)
                else:
                    for item in v if isinstance(v, list) else [v]:
                        child = etree.SubElement(el, qname(k), nsmap=None)
                        fill(child, item)
        elif value is not None:
            el.text = java_text(value)

    out = []
    for key, value in body.items():
        for item in value if isinstance(value, list) else [value]:
            el = etree.Element(qname(key), nsmap={p: u for p, u in namespaces.items()})
            fill(el, item)
            out.append(el)
    return out


@functools.lru_cache(maxsize=8)
def load_schema(wsdl_path: str) -> etree.XMLSchema:
    """All inline schemas of the WSDL (with the WSDL's namespace declarations) as one set."""
    root = etree.parse(wsdl_path).getroot()
    schemas = root.findall(f"{{{WSDL}}}types/{{{XS}}}schema")
    if not schemas:
        raise SchemaUnavailable("no inline xs:schema in wsdl:types")
    folder = Path(tempfile.mkdtemp(prefix="fidelity-xsd-"))
    files: dict[str, str] = {}
    docs = []
    for i, schema in enumerate(schemas):
        nsmap = dict(root.nsmap)
        node: Any = schema
        while node is not None:
            nsmap.update({k: v for k, v in node.nsmap.items()})
            node = node.getparent()
        copy = etree.Element(schema.tag, nsmap=nsmap, attrib=dict(schema.attrib))
        for child in schema:
            copy.append(etree.fromstring(etree.tostring(child)))
        tns = schema.get("targetNamespace", "")
        name = f"schema{i}.xsd"
        files.setdefault(tns, name)
        docs.append((name, copy))
    for name, copy in docs:
        for imp in copy.findall(f"{{{XS}}}import"):
            ns = imp.get("namespace", "")
            if ns in files and not imp.get("schemaLocation"):
                imp.set("schemaLocation", files[ns])
        (folder / name).write_bytes(etree.tostring(copy))
    main = etree.Element(f"{{{XS}}}schema", nsmap={"xs": XS})
    for ns, name in files.items():
        imp = etree.SubElement(main, f"{{{XS}}}import", schemaLocation=name)
        if ns:
            imp.set("namespace", ns)
    (folder / "main.xsd").write_bytes(etree.tostring(main))
    try:
        return etree.XMLSchema(etree.parse(str(folder / "main.xsd")))
    except etree.XMLSchemaParseError as exc:
        raise SchemaUnavailable(f"lxml cannot build the WSDL's schema: {exc}") from exc


def _leaf_value(t: str, hint: str) -> Any:
    base = t.split(":")[-1].rstrip("!").lower()
    if base in ("int", "integer", "long", "short", "byte", "unsignedint", "unsignedlong",
                "unsignedshort", "unsignedbyte", "positiveinteger", "nonnegativeinteger"):
        return 1
    if base in ("decimal", "double", "float"):
        return 1.5
    if base == "boolean":
        return True
    if base == "date":
        return "2024-01-15"
    if base == "datetime":
        return "2024-01-15T10:30:00Z"
    return f"{hint}-text"[:20]


def check_operation(spec_path: str | Path, template: dict[str, Any], op: Any, api: Any, *,
                    spec_name: str = "", helper: NodeHelper | None = None) -> list[Outcome]:
    refs = tuple(InputRef(variable=i.variable, location=i.location.value, name=i.name,
                          required=i.required, path=tuple(i.path), enum=tuple(i.enum),
                          type=i.type.value) for i in op.inputs)
    labels = {i.variable: i for i in op.inputs}

    def value_for(ref: InputRef, optional: bool) -> Any:
        inp = labels[ref.variable]
        if inp.enum:
            return inp.enum[0]
        if inp.type.value in ("object", "array", "any"):
            if inp.example is not None:
                return inp.example
            raise ValueError(f"complex SOAP input {ref.name} without an example")
        return _leaf_value(inp.type_label or inp.type.value, ref.name)

    def judge(task: AppliedTask, ev: Evaluated, variant: Variant) -> Verdict:
        verdict = Verdict(accepted=True)
        if task.task_type != SOAP_TYPE:
            verdict.reject("template.task-type", f"task type {task.task_type!r}")
            return verdict
        v = resolve_secrets(ev.variables)
        url = v.get("serviceUrl")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            verdict.reject("connector.input", f"serviceUrl {url!r}")
        body = v.get("body") or {}
        if body.get("type") != "json":
            verdict.reject("soap.body-type", f"body.type {body.get('type')!r} (harness judges "
                                             f"json bodies)")
            return verdict
        payload = body.get("json")
        if not isinstance(payload, dict):
            raise ConnectorInputError(f"body.json must be a context, got {payload!r}")
        namespaces = v.get("namespaces") or {}
        elements = to_xml(payload, namespaces)
        verdict.request = b"".join(etree.tostring(e) for e in elements)  # type: ignore[attr-defined]
        if op.request.style == "rpc":
            verdict.reject("soap.rpc", "rpc-style body: the WSDL schema has no element for it")
            return verdict
        schema = load_schema(str(Path(spec_path).resolve()))
        if len(elements) != 1:
            verdict.reject("soap.body", f"{len(elements)} body elements (document/literal "
                                        f"wants one)")
        for el in elements:
            if not schema.validate(etree.ElementTree(el)):
                for err in list(schema.error_log)[:3]:
                    verdict.reject("soap.invalid", err.message[:300])
        return verdict

    defaults = {"serviceUrl": "http://soap.example.com/service",
                "authentication.username": "harness-user"}
    out = []
    for variant in plan(template, op.id, refs, value_for, defaults=defaults):
        try:
            outcome = run_variant(template, variant, judge,
                                  spec=spec_name or Path(spec_path).name, operation=op.id,
                                  helper=helper)
        except SchemaUnavailable as exc:
            verdict = Verdict(accepted=False)
            verdict.reject("judge.schema-unavailable", str(exc)[:300])
            outcome = Outcome(spec=spec_name, operation=op.id, variant=variant.name,
                              verdict=verdict)
        outcome.request = getattr(outcome.verdict, "request", None)
        out.append(outcome)
    return out
