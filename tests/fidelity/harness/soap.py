"""SOAP operations: body.json -> XML by the connector's rules (reference §3.2), validated
against the WSDL's own XML Schema with lxml.

The schema (`load_schema`): every xs:schema under WSDL 1.1 or WSDL 2.0 `types`, in the WSDL and
in every WSDL it imports, with the namespaces in scope at each; XSD files a WSDL imports; all
compiled with the base URL of the document that holds them, so xs:include / xs:import resolve
as from the original files. Offline: the network and files outside the corpus (or the WSDL's
folder) are not read. An rpc body (WSDL 1.1 §3.5) is checked against a generated wrapper element.

The header (`header_blocks`): only the first element of `header.json` reaches the request, as in
the connector; a template asking for more is rejected (`soap.header-dropped`), and the block
sent is validated like the body.

JSON -> XML (`ToXmlMapper`): a key `prefix:Name` is an element in the namespace declared for
`prefix` in `namespaces`; `@attr` is an attribute; `$content` is text next to attributes; a list
repeats the element; numbers and booleans are text. A prefix that `namespaces` does not declare
cannot be written (connector error). A null member is written as an empty element.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import etree

from harness.apply import AppliedTask
from harness.connector import ConnectorInputError, java_text, resolve_secrets
from harness.fill import InputRef, Variant, plan, unasked
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


def header_blocks(header: Any, namespaces: dict[str, str]) -> tuple[
        list[etree._Element], list[etree._Element]]:
    """The header blocks the connector sends and those it drops, from the `header` input.

    `SoapMessageHandler` turns `header.json` into XML text the way it does the body;
    `HeaderClientInterceptor` hands it to `XmlUtilities.appendXmlStringToNode`, which parses it
    inside a `<wrapper>` declaring `namespaces` and appends only the wrapper's first child
    element to the SOAP header (without namespaces the text is parsed as a document, which fails
    for more than one element). An empty JSON gives no header at all."""
    if not isinstance(header, dict) or header.get("type") in (None, "none"):
        return [], []
    if header.get("type") != "json":
        raise ConnectorInputError(f"header.type {header.get('type')!r} (harness judges json)")
    payload = header.get("json")
    if not isinstance(payload, dict):
        raise ConnectorInputError(f"header.json must be a context, got {payload!r}")
    blocks = to_xml(payload, namespaces)
    if len(blocks) > 1 and not namespaces:
        raise ConnectorInputError("header.json has several elements and no namespaces: the "
                                  "connector cannot parse it")
    return blocks[:1], blocks[1:]


_CERTIFICATE_FIELDS = {"single": ("certificate", "privateKey"),
                       "keystore": ("keystoreLocation", "keystorePassword", "alias", "password")}


def check_authentication(auth: Any) -> None:
    """`SoapConnectorInput.Authentication` binding and validation: `none`, `usernameToken`
    (@NotNull username and encoded Yes|No) or `signature` (a certificate of type `single` or
    `keystore` with its @NotNull fields; `timestamp` an Integer)."""
    if auth is None:
        return
    if not isinstance(auth, dict):
        raise ConnectorInputError("authentication must be a context")
    kind = auth.get("authentication")

    def need(value: Any, what: str) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ConnectorInputError(f"{what} must not be empty ({kind})")

    if kind in (None, "none"):
        return
    if kind == "usernameToken":
        need(auth.get("username"), "authentication.username")
        if auth.get("encoded") not in ("Yes", "No"):
            raise ConnectorInputError(f"authentication.encoded {auth.get('encoded')!r}")
        return
    if kind != "signature":
        raise ConnectorInputError(f"unknown authentication.authentication {kind!r}")
    certificate = auth.get("certificate")
    kind_of = certificate.get("certificateType") if isinstance(certificate, dict) else None
    if kind_of not in _CERTIFICATE_FIELDS:
        raise ConnectorInputError(f"authentication.certificate.certificateType {kind_of!r}")
    assert isinstance(certificate, dict)
    for name in _CERTIFICATE_FIELDS[kind_of]:
        need(certificate.get(name), f"authentication.certificate.{name}")
    timestamp = auth.get("timestamp")
    if timestamp is not None and not (isinstance(timestamp, int | float)
                                      and float(timestamp).is_integer()):
        raise ConnectorInputError(f"authentication.timestamp {timestamp!r} is not an Integer")


WSDL2 = "http://www.w3.org/ns/wsdl"
SOAP_BINDINGS = ("http://schemas.xmlsoap.org/wsdl/soap/", "http://schemas.xmlsoap.org/wsdl/soap12/")
_MAIN_NS = "urn:spec2connector:fidelity:main"  # the root schema's own namespace (see _main)
_REFUSED = "/nonexistent/spec2connector-fidelity/refused.xsd"  # loads nothing: a missing file


@dataclass
class SchemaSet:
    """The XML Schema a WSDL's bodies are judged by, and what was needed to build it."""

    schema: etree.XMLSchema
    # WSDL operation name -> Clark names `{ns}name` of its rpc body wrappers (WSDL 1.1 §3.5)
    rpc: dict[str, set[str]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)  # imports not read (network / outside)


@dataclass(frozen=True)
class _Part:
    name: str
    kind: str  # "type" | "element"
    qname: tuple[str, str]  # (namespace, local name)


def _qname(el: etree._Element, value: str) -> tuple[str, str]:
    """A QName-valued attribute resolved with the namespaces in scope at `el`."""
    prefix, _, local = value.rpartition(":")
    return (el.nsmap.get(prefix or None) or ""), local


def _allowed_root(wsdl: Path) -> Path:
    from harness.corpus import CORPUS

    return CORPUS if wsdl.is_relative_to(CORPUS) else wsdl.parent


class _Reader:
    """Every schema document a WSDL reaches: the xs:schema under WSDL 1.1 / WSDL 2.0 `types` of
    the WSDL and of every WSDL it imports (wsdl:import, WSDL 2.0 import/include), XSD files
    imported directly by wsdl:import or by an xs:import under `types`; and the rpc operations of
    its SOAP bindings. Offline: a document on the network or outside `root` is not read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.inline: list[tuple[Path, etree._Element]] = []  # (the WSDL holding it, xs:schema)
        self.external: list[tuple[str, str]] = []  # (namespace, file path) of imported XSDs
        self.refused: list[str] = []
        self.messages: dict[tuple[str, str], list[_Part]] = {}
        self.port_types: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
        self.bindings: list[tuple[etree._Element, str]] = []  # (wsdl:binding, its tns)
        self._seen: set[Path] = set()

    def local(self, base: Path, location: str) -> Path | None:
        """`location` (relative to the document `base`) as a readable local file, or None."""
        if "://" in location and not location.startswith("file://"):
            self.refused.append(location)
            return None
        target = Path(unquote(location.removeprefix("file://")))  # a URI reference
        target = (base.parent / target).resolve() if not target.is_absolute() else target
        if not target.is_relative_to(self.root):
            self.refused.append(str(target))
            return None
        return target

    def read(self, path: Path) -> None:
        path = path.resolve()
        if path in self._seen:
            return
        self._seen.add(path)
        if not path.is_file():
            raise SchemaUnavailable(f"{path.name}: imported WSDL/XSD file not found")
        try:
            root = etree.parse(str(path), _parser()).getroot()
        except etree.XMLSyntaxError as exc:
            raise SchemaUnavailable(f"{path.name} is not well-formed XML: {exc}") from exc
        if root.tag == f"{{{XS}}}schema":
            self.external.append((root.get("targetNamespace", ""), str(path)))
            return
        tns = root.get("targetNamespace", "")
        for wsdl_ns in (WSDL, WSDL2):
            for types in root.findall(f"{{{wsdl_ns}}}types"):
                for schema in types.findall(f"{{{XS}}}schema"):
                    self.inline.append((path, schema))
                for imp in types.findall(f"{{{XS}}}import"):
                    location = imp.get("schemaLocation")
                    target = self.local(path, location) if location else None
                    if target is not None:
                        self.external.append((imp.get("namespace", ""), str(target)))
            for tag in ("import", "include"):
                for imp in root.findall(f"{{{wsdl_ns}}}{tag}"):
                    location = imp.get("location")
                    target = self.local(path, location) if location else None
                    if target is not None:
                        self.read(target)
        for msg in root.findall(f"{{{WSDL}}}message"):
            self.messages[(tns, msg.get("name", ""))] = [
                _Part(part.get("name", ""), kind, _qname(part, part.get(kind, "")))
                for part in msg.findall(f"{{{WSDL}}}part")
                for kind in ("element", "type") if part.get(kind)]
        for pt in root.findall(f"{{{WSDL}}}portType"):
            ops = {}
            for op in pt.findall(f"{{{WSDL}}}operation"):
                inp = op.find(f"{{{WSDL}}}input")
                if inp is not None and inp.get("message"):
                    ops[op.get("name", "")] = _qname(inp, inp.get("message", ""))
            self.port_types[(tns, pt.get("name", ""))] = ops
        self.bindings.extend((b, tns) for b in root.findall(f"{{{WSDL}}}binding"))

    def rpc_operations(self) -> list[tuple[str, str, list[_Part]]]:
        """(wrapper namespace, operation name, parts in the body) of each rpc operation."""
        out = []
        for binding, _ in self.bindings:
            soap = next((binding.find(f"{{{ns}}}binding") for ns in SOAP_BINDINGS
                         if binding.find(f"{{{ns}}}binding") is not None), None)
            if soap is None:
                continue
            ops = self.port_types.get(_qname(binding, binding.get("type", "")), {})
            for op in binding.findall(f"{{{WSDL}}}operation"):
                name = op.get("name", "")
                soap_op = next((op.find(f"{{{ns}}}operation") for ns in SOAP_BINDINGS
                                if op.find(f"{{{ns}}}operation") is not None), None)
                style = (soap_op.get("style") if soap_op is not None else None) or \
                    soap.get("style") or "document"
                if style != "rpc" or name not in ops:
                    continue
                body = next((b for ns in SOAP_BINDINGS
                             for b in op.findall(f"{{{WSDL}}}input/{{{ns}}}body")), None)
                parts = self.messages.get(ops[name], [])
                if body is not None and body.get("parts") is not None:
                    chosen = body.get("parts", "").split()
                    parts = [p for p in parts if p.name in chosen]
                ns = body.get("namespace", "") if body is not None else ""
                out.append((ns, name, parts))
        return out


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True)


class _Resolver(etree.Resolver):
    """Serves the generated documents (`inline:...`) and the inline schemas, each with the base
    URL of the WSDL that holds it (so a relative xs:include / xs:import resolves where the WSDL
    is); lets libxml2 read local files under the allowed root; refuses everything else (the
    network, other folders) as a missing file: an xs:import of it is skipped, a reference into
    it then fails to resolve."""

    def __init__(self, docs: dict[str, tuple[bytes, str]], reader: _Reader) -> None:
        super().__init__()
        self.docs = docs
        self.reader = reader

    def resolve(self, system_url: str, public_id: str, context: Any) -> Any:
        if system_url in self.docs:
            text, base = self.docs[system_url]
            return self.resolve_string(text, context, base_url=base)
        if self.reader.local(Path(self.reader.root) / "_", system_url) is None:
            return self.resolve_filename(_REFUSED, context)
        return None


def _schema_text(schema: etree._Element, locations: dict[str, str]) -> bytes:
    """An inline xs:schema as a document of its own, with the namespaces in scope at it (its
    own declarations win over the WSDL's: a schema's `tns` or default namespace is not the
    WSDL's); an xs:import without schemaLocation of a namespace the WSDL defines elsewhere
    points to that namespace's document."""
    copy = etree.fromstring(etree.tostring(schema))
    for imp in copy.findall(f"{{{XS}}}import"):
        ns = imp.get("namespace", "")
        if not imp.get("schemaLocation") and ns in locations:
            imp.set("schemaLocation", locations[ns])
    return etree.tostring(copy)


def _rpc_element(parent: etree._Element, name: str, parts: list[_Part],
                 prefixes: dict[str, str]) -> None:
    """WSDL 1.1 §3.5 / WS-I BP R2729, R2735: an rpc body is one element named after the
    operation, with one child per part in order: an element named after the part, unqualified,
    of the part's type (a part given by `element` is that element)."""
    el = etree.SubElement(parent, f"{{{XS}}}element", name=name)
    seq = etree.SubElement(etree.SubElement(el, f"{{{XS}}}complexType"), f"{{{XS}}}sequence")
    for part in parts:
        ns, local = part.qname
        ref = f"{prefixes[ns]}:{local}" if ns else local
        if part.kind == "element":
            etree.SubElement(seq, f"{{{XS}}}element", ref=ref)
        else:
            etree.SubElement(seq, f"{{{XS}}}element", name=part.name, type=ref,
                             form="unqualified")


@functools.lru_cache(maxsize=8)
def load_schema(wsdl_path: str) -> SchemaSet:
    """The XML Schema of every body the WSDL defines, compiled where the WSDL is (see _Reader
    and _Resolver), plus a generated element per rpc operation (see _rpc_element)."""
    wsdl = Path(wsdl_path).resolve()
    reader = _Reader(_allowed_root(wsdl))
    reader.read(wsdl)
    rpc = reader.rpc_operations()
    namespaces: list[str] = []
    for ns in ([s.get("targetNamespace", "") for _, s in reader.inline]
               + [ns for ns, _ in reader.external] + [ns for ns, _, _ in rpc]):
        if ns not in namespaces:
            namespaces.append(ns)
    if not namespaces:
        raise SchemaUnavailable("the WSDL has no schema (no xs:schema in types, no imports)")
    locations = {ns: f"inline:ns{i}" for i, ns in enumerate(namespaces)}
    docs: dict[str, tuple[bytes, str]] = {}
    inline_of: dict[str, list[str]] = {}
    for i, (holder, schema) in enumerate(reader.inline):
        url = f"inline:schema{i}"
        # a base URL next to the WSDL: relative locations resolve as from the WSDL itself
        docs[url] = (_schema_text(schema, locations), str(holder.with_name(
            f"{holder.name}.schema{i}.xsd")))
        inline_of.setdefault(schema.get("targetNamespace", ""), []).append(url)
    for ns, path in reader.external:
        inline_of.setdefault(ns, []).append(path)
    used = {n for _, _, parts in rpc for p in parts for n in [p.qname[0]] if n and n != XS}
    prefixes = {XS: "xs", **{n: f"p{i}" for i, n in enumerate(sorted(used))}}
    rpc_names: dict[str, set[str]] = {}
    for i, ns in enumerate(namespaces):
        nsmap = {"xs": XS, **{p: n for n, p in prefixes.items() if n != XS}}
        doc = etree.Element(f"{{{XS}}}schema", nsmap=nsmap)
        if ns:
            doc.set("targetNamespace", ns)
        mine = [(name, parts) for wns, name, parts in rpc if wns == ns]
        for other in sorted({p.qname[0] for _, parts in mine for p in parts} & used - {ns}):
            etree.SubElement(doc, f"{{{XS}}}import", namespace=other,
                             schemaLocation=locations.get(other, ""))
        for location in inline_of.get(ns, []):
            etree.SubElement(doc, f"{{{XS}}}include", schemaLocation=location)
        done = set()
        for name, parts in mine:
            rpc_names.setdefault(name, set()).add(f"{{{ns}}}{name}" if ns else name)
            if name not in done:
                done.add(name)
                _rpc_element(doc, name, parts, prefixes)
        for imp in doc.findall(f"{{{XS}}}import"):
            if not imp.get("schemaLocation"):
                del imp.attrib["schemaLocation"]
        docs[locations[ns]] = (etree.tostring(doc), str(wsdl.with_name(f".fidelity-ns{i}.xsd")))
    main = etree.Element(f"{{{XS}}}schema", nsmap={"xs": XS}, targetNamespace=_MAIN_NS)
    for ns in namespaces:
        imp = etree.SubElement(main, f"{{{XS}}}import", schemaLocation=locations[ns])
        if ns:
            imp.set("namespace", ns)
    parser = _parser()
    parser.resolvers.add(_Resolver(docs, reader))
    tree = etree.ElementTree(etree.fromstring(etree.tostring(main), parser,
                                              base_url=str(wsdl.with_name(".fidelity.xsd"))))
    try:
        schema = etree.XMLSchema(tree)
    except etree.XMLSchemaParseError as exc:
        refused = f" (imports not read: {', '.join(reader.refused)})" if reader.refused else ""
        raise SchemaUnavailable(f"lxml cannot build the WSDL's schema: {exc}{refused}") from exc
    return SchemaSet(schema=schema, rpc=rpc_names, refused=reader.refused)


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


def _holds(payload: Any, path: tuple[str, ...]) -> bool:
    """Does the body JSON hold something at `path` (element qnames, an `@attr` last)? A list
    holds it when any of its items does."""
    if not path:
        return payload is not None
    if isinstance(payload, list):
        return any(_holds(item, path) for item in payload)
    if not isinstance(payload, dict) or path[0] not in payload:
        return False
    return _holds(payload[path[0]], path[1:])


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
        if inp.example is not None:
            # the converter's example satisfies the schema's facets (lists, patterns, lengths,
            # base64Binary), which a generic value per base type does not
            return inp.example
        return _leaf_value(inp.type_label or inp.type.value, ref.name)

    def judge(task: AppliedTask, ev: Evaluated, variant: Variant) -> Verdict:
        verdict = Verdict(accepted=True)
        if task.task_type != SOAP_TYPE:
            verdict.reject("template.task-type", f"task type {task.task_type!r}")
            return verdict
        v = resolve_secrets(ev.variables)
        check_authentication(v.get("authentication"))
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
        for problem in unasked(variant, lambda ref: _holds(payload, ref.path)):
            verdict.reject("value.unasked", problem)
        namespaces = v.get("namespaces") or {}
        elements = to_xml(payload, namespaces)
        verdict.request = b"".join(etree.tostring(e) for e in elements)  # type: ignore[attr-defined]
        schemas = load_schema(str(Path(spec_path).resolve()))
        if len(elements) != 1:
            verdict.reject("soap.body", f"{len(elements)} body elements (document/literal "
                                        f"and rpc want one)")
        wrappers = schemas.rpc.get(op.name)
        if op.request.style == "rpc" or wrappers:
            # rpc: the one body element is the operation's wrapper (see _rpc_element)
            for el in elements:
                if el.tag not in (wrappers or ()):
                    verdict.reject("soap.rpc", f"rpc body element {el.tag} is not the wrapper "
                                               f"of operation {op.name!r} "
                                               f"({sorted(wrappers or ()) or 'none in the WSDL'})")
        sent, dropped = header_blocks(v.get("header"), namespaces)
        if dropped:
            verdict.reject("soap.header-dropped",
                           f"the template asks for {len(dropped) + 1} header blocks; the "
                           f"connector sends only {sent[0].tag} and drops "
                           f"{', '.join(el.tag for el in dropped)}")
        for el in [*elements, *sent]:
            if not schemas.schema.validate(etree.ElementTree(el)):
                refused = (f" (imports not read: {', '.join(schemas.refused)})"
                           if schemas.refused else "")
                for err in list(schemas.schema.error_log)[:3]:
                    verdict.reject("soap.invalid", err.message[:300] + refused)
        return verdict

    defaults = {"serviceUrl": "http://soap.example.com/service",
                "authentication.username": "harness-user",
                "authentication.certificate.certificateType": "single",
                "authentication.timestamp": 300}
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
