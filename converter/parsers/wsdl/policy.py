"""WS-Policy: which WS-Security a binding (or one of its operations) asks for.

A policy is attached by a `wsp:PolicyReference URI="#id"` child, an inline `wsp:Policy` child,
or a `wsp:PolicyURIs` attribute on `wsdl:binding`, `wsdl:binding/wsdl:operation`,
`wsdl:port`/`endpoint` or `wsdl:service` (WS-PolicyAttachment 1.2 and 1.5). The connector can
send a UsernameToken (text password, or its own SHA-1 digest) or sign the message with an X.509
certificate (`signature`), so that is what we look for:
- `sp:UsernameToken` anywhere inside an attached policy, with `sp:HashPassword` meaning digest;
- signing: an `sp:AsymmetricBinding` or `sp:SymmetricBinding`; `sp:SignedParts`,
  `sp:SignedElements` or endorsing tokens outside an `sp:TransportBinding` (under one, TLS
  protects the message and a UsernameToken is all the client adds); `sp:SignedSupportingTokens`
  carrying an X.509 token. `sp:IncludeTimestamp` and the algorithm suite are kept for the
  template's fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

WSP = ("http://schemas.xmlsoap.org/ws/2004/09/policy", "http://www.w3.org/ns/ws-policy")
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
_POLICY = tuple(f"{{{ns}}}Policy" for ns in WSP)
_REFERENCE = tuple(f"{{{ns}}}PolicyReference" for ns in WSP)
_SIGNING_BINDINGS = frozenset({"AsymmetricBinding", "SymmetricBinding"})
_SIGNED_PARTS = frozenset({"SignedParts", "SignedElements", "EndorsingSupportingTokens",
                           "SignedEndorsingSupportingTokens"})
_SUITES = ("Basic256Sha256Rsa15", "Basic256Sha256", "Basic192Sha256Rsa15", "Basic192Sha256",
           "Basic128Sha256Rsa15", "Basic128Sha256", "TripleDesSha256Rsa15", "TripleDesSha256",
           "Basic256Rsa15", "Basic256", "Basic192Rsa15", "Basic192", "Basic128Rsa15",
           "Basic128", "TripleDesRsa15", "TripleDes")


@dataclass(frozen=True, slots=True)
class SecurityPolicy:
    """The WS-Security a policy asks for, as far as the connector can provide it."""

    policy_id: str
    username_token: bool = False
    digest: bool = False  # the UsernameToken's password as a digest (sp:HashPassword)
    signed: bool = False  # the message is signed with an X.509 certificate
    timestamp: bool = False  # sp:IncludeTimestamp
    algorithm_suite: str = ""  # sp:Basic256Sha256, ... ("" when unsaid)


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


class PolicyIndex:
    """Policies of a set of documents by id, and what an element has attached."""

    def __init__(self, roots: Iterable[etree._Element]) -> None:
        self.by_id: dict[str, etree._Element] = {}
        for root in roots:
            for node in root.iter(*_POLICY):
                for attr in (f"{{{WSU}}}Id", "{http://www.w3.org/XML/1998/namespace}id", "Id",
                             "Name"):
                    value = node.get(attr)
                    if value:
                        self.by_id.setdefault(value.rsplit("#", 1)[-1], node)

    def attached(self, element: etree._Element | None) -> SecurityPolicy | None:
        """The WS-Security policy attached directly to `element`, if it asks for any."""
        if element is None:
            return None
        policies: list[tuple[str, etree._Element]] = []
        for child in element.iterchildren(*_POLICY, *_REFERENCE):
            if _local(child.tag) == "Policy":
                policies.append((child.get(f"{{{WSU}}}Id") or "inline", child))
            else:
                policies += self._referenced([child.get("URI") or ""])
        uris = [str(v) for attr, v in element.attrib.items() if _local(attr) == "PolicyURIs"]
        policies += self._referenced(" ".join(uris).split())
        for pid, node in policies:
            found = _security(pid, _expanded(node, self.by_id))
            if found is not None:
                return found
        return None

    def _referenced(self, uris: list[str]) -> list[tuple[str, etree._Element]]:
        refs = [uri.rsplit("#", 1)[-1] for uri in uris]
        return [(ref, self.by_id[ref]) for ref in refs if ref in self.by_id]


def _expanded(policy: etree._Element, by_id: dict[str, etree._Element]) -> list[str]:
    """Local names of the assertions in `policy` and in the policies it references, with
    `TransportBinding` and `SignedSupportingTokens` scopes marked (`name@scope`)."""
    out: list[str] = []
    todo: list[tuple[etree._Element, str, int]] = [(policy, "", 0)]
    seen = {id(policy)}
    while todo:
        node, scope, depth = todo.pop()
        for child in node:
            if not isinstance(child.tag, str):
                continue
            name = _local(child.tag)
            out.append(f"{name}@{scope}" if scope else name)
            inner = name if name in ("TransportBinding", "SignedSupportingTokens") else scope
            if name == "PolicyReference" and depth < 5:
                ref = by_id.get((child.get("URI") or "").rsplit("#", 1)[-1])
                if ref is not None and id(ref) not in seen:
                    seen.add(id(ref))
                    todo.append((ref, scope, depth + 1))
            todo.append((child, inner, depth))
    return out


def _security(policy_id: str, names: list[str]) -> SecurityPolicy | None:
    """What the assertions `names` (see `_expanded`) ask the client for, or None."""
    plain = {n.split("@", 1)[0] for n in names}
    transport = "TransportBinding" in plain
    signed = bool(plain & _SIGNING_BINDINGS) or (
        not transport and bool(plain & _SIGNED_PARTS)) or any(
        n.startswith("X509Token@SignedSupportingTokens") for n in names)
    username = "UsernameToken" in plain
    if not (signed or username):
        return None
    return SecurityPolicy(
        policy_id=policy_id, username_token=username, digest="HashPassword" in plain,
        signed=signed, timestamp="IncludeTimestamp" in plain,
        algorithm_suite=next((s for s in _SUITES if s in plain), ""))
