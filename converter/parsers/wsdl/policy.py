"""WS-Policy: does a binding (or one of its operations) ask for a WS-Security UsernameToken?

A policy is attached by a `wsp:PolicyReference URI="#id"` child, an inline `wsp:Policy` child,
or a `wsp:PolicyURIs` attribute on `wsdl:binding`, `wsdl:binding/wsdl:operation`,
`wsdl:port`/`endpoint` or `wsdl:service` (WS-PolicyAttachment 1.2 and 1.5). The connector can
only send a UsernameToken (text password, or its own SHA-1 digest), so that is all we look for:
`sp:UsernameToken` anywhere inside an attached policy, with `sp:HashPassword` meaning digest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

WSP = ("http://schemas.xmlsoap.org/ws/2004/09/policy", "http://www.w3.org/ns/ws-policy")
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
_ATTACHABLE = ("binding", "operation", "port", "endpoint", "service")


@dataclass(frozen=True, slots=True)
class UsernameTokenPolicy:
    """A UsernameToken requirement found in a policy."""

    policy_id: str
    digest: bool


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _is_policy(node: etree._Element) -> bool:
    return isinstance(node.tag, str) and etree.QName(node).namespace in WSP and \
        _local(node.tag) == "Policy"


class PolicyIndex:
    """Policies of a set of documents by id, and what an element has attached."""

    def __init__(self, roots: Iterable[etree._Element]) -> None:
        self.by_id: dict[str, etree._Element] = {}
        for root in roots:
            for node in root.iter():
                if not _is_policy(node):
                    continue
                for attr in (f"{{{WSU}}}Id", "{http://www.w3.org/XML/1998/namespace}id", "Id",
                             "Name"):
                    value = node.get(attr)
                    if value:
                        self.by_id.setdefault(value.rsplit("#", 1)[-1], node)

    def attached(self, element: etree._Element | None) -> UsernameTokenPolicy | None:
        """The UsernameToken policy attached directly to `element`, if any."""
        if element is None:
            return None
        policies: list[tuple[str, etree._Element]] = []
        for child in element:
            if not isinstance(child.tag, str) or etree.QName(child).namespace not in WSP:
                continue
            if _local(child.tag) == "PolicyReference":
                ref = (child.get("URI") or "").rsplit("#", 1)[-1]
                if ref in self.by_id:
                    policies.append((ref, self.by_id[ref]))
            elif _local(child.tag) == "Policy":
                policies.append((child.get(f"{{{WSU}}}Id") or "inline", child))
        for attr, value in element.attrib.items():
            if _local(attr) == "PolicyURIs":
                for uri in str(value).split():
                    ref = uri.rsplit("#", 1)[-1]
                    if ref in self.by_id:
                        policies.append((ref, self.by_id[ref]))
        for pid, node in policies:
            found = _username_token(node, self.by_id, depth=0)
            if found is not None:
                return UsernameTokenPolicy(policy_id=pid, digest=found)
        return None


def _username_token(policy: etree._Element, by_id: dict[str, etree._Element],
                    depth: int) -> bool | None:
    """None: no UsernameToken; else whether a password digest is asked for."""
    if depth > 5:
        return None
    for node in policy.iter():
        if not isinstance(node.tag, str):
            continue
        name = _local(node.tag)
        if name == "UsernameToken":
            return any(_local(n.tag) == "HashPassword" for n in node.iter())
        if name == "PolicyReference" and node is not policy:
            ref = (node.get("URI") or "").rsplit("#", 1)[-1]
            if ref in by_id and by_id[ref] is not policy:
                found = _username_token(by_id[ref], by_id, depth + 1)
                if found is not None:
                    return found
    return None


def find_binding(roots: Iterable[etree._Element], ns_uri: str, name: str,
                 tag_ns: str) -> etree._Element | None:
    """The `binding` element named `name` in target namespace `ns_uri` (WSDL 1.1 or 2.0)."""
    for root in roots:
        tns = root.get("targetNamespace", "")
        for node in root.iter(f"{{{tag_ns}}}binding"):
            if node.get("name") == name and (tns == ns_uri or not ns_uri):
                return node
    return None


def child_named(parent: etree._Element | None, tag: str, name: str,
                attr: str = "name") -> etree._Element | None:
    """A direct child `<tag name=...>` (for binding operations, ports, endpoints)."""
    if parent is None:
        return None
    key = (id(parent), tag, attr)
    hit = _CHILDREN.get(key)
    if hit is None or hit[0] is not parent:
        index: dict[str, etree._Element] = {}
        for child in parent:  # first match wins, by full or local name, as a scan would
            if isinstance(child.tag, str) and child.tag == tag:
                value = child.get(attr, "")
                index.setdefault(value, child)
                index.setdefault(value.rsplit(":", 1)[-1], child)
        if len(_CHILDREN) > 256:
            _CHILDREN.clear()
        hit = _CHILDREN[key] = (parent, index)
    return hit[1].get(name)


# parent -> its children by name: one scan per parent, not per lookup (a WSDL with 20,000
# operations made the per-operation scans quadratic). The parent is kept to detect id reuse.
_CHILDREN: dict[tuple[int, str, str], tuple[etree._Element, dict[str, etree._Element]]] = {}
