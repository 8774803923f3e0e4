"""WS-Security of a SOAP template: the connector's `authentication` input.

The connector offers `none`, `usernameToken` (a text password or its own SHA-1 digest) and
`signature` (an X.509 certificate, PEM or keystore, with optional algorithms, timestamp and
signed parts). A WS-Policy that asks for one of them fixes it (Hidden); signing wins when a
policy asks for both, since the connector sends one, and that is said in a warning. Without a
policy a Dropdown offers None (default) or a UsernameToken. Credentials are prefilled as
`{{secrets.<API>_...}}` placeholders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from converter.diagnostics import Diagnostics
from converter.model import AuthKind, AuthOption, Operation
from converter.options import Options
from converter.renderers.choice import OperationChoice
from converter.renderers.credentials import secret
from converter.renderers.properties import (
    Condition,
    Property,
    combine,
    hidden,
    input_binding,
    optional_flag,
    prop,
)

# XML Signature URIs of the SHA-256 algorithm suites (WS-SecurityPolicy 1.2 §6.1); for the
# SHA-1 suites WSS4J's defaults (rsa-sha1, sha1) are what the suite names.
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"


def _requirement(op: Operation) -> AuthOption | None:
    """What the operation's policy asks the connector for (signing first), facts only."""
    options = [o for o in op.auth_options or ()
               if o.kind in (AuthKind.WS_SIGNATURE, AuthKind.WS_USERNAME_TOKEN)]
    options.sort(key=lambda o: o.kind is not AuthKind.WS_SIGNATURE)
    return replace(options[0], scheme="", description="") if options else None


def properties(ops: Sequence[Operation], choice: OperationChoice, slug: str, options: Options,
               diagnostics: Diagnostics) -> list[Property]:
    """The authentication properties: one block per set of operations with the same needs."""
    by_need: dict[AuthOption | None, list[Operation]] = {}
    for op in ops:
        by_need.setdefault(_requirement(op), []).append(op)
        kinds = {o.kind for o in op.auth_options or ()}
        if {AuthKind.WS_SIGNATURE, AuthKind.WS_USERNAME_TOKEN} <= kinds:
            diagnostics.warning("soap.policy-partial", "the policy asks for a signature and a "
                                "UsernameToken; the connector sends one WS-Security mechanism: "
                                "the template signs", op.location)
    out: list[Property] = []
    blocks = [(need, cond) for need, members in by_need.items()
              for cond in choice.condition_for(members)]
    for i, (need, cond) in enumerate(blocks):
        pid = "authentication" if len(blocks) == 1 else f"auth{i + 1}.authentication"
        if need is not None and need.kind is AuthKind.WS_SIGNATURE:
            out.extend(_signature(need, cond, pid=pid, slug=slug, options=options))
        else:
            out.extend(_username_token(need, cond, pid=pid, slug=slug, options=options))
    return out


def _username_token(need: AuthOption | None, condition: Condition | None, *, pid: str,
                    slug: str, options: Options) -> list[Property]:
    selector = f"{pid}.authentication"
    if need is not None:
        out = [hidden(selector, "authentication.authentication", "usernameToken", condition)]
        fields_condition = condition
    else:
        out = [prop(id=selector, label="Authentication", group="authentication",
                    type="Dropdown", value="none",
                    choices=[{"name": "None", "value": "none"},
                             {"name": "WSS username token", "value": "usernameToken"}],
                    tooltip="The WSDL declares no WS-Security policy; choose a UsernameToken "
                            "if the service expects one.",
                    binding=input_binding("authentication.authentication"),
                    condition=condition)]
        fields_condition = combine(condition, {"property": selector, "equals": "usernameToken"})
    out.append(prop(id=f"{pid}.username", label="Username", group="authentication",
                    type="String", feel="optional", constraints={"notEmpty": True},
                    binding=input_binding("authentication.username"),
                    condition=fields_condition))
    out.append(prop(id=f"{pid}.password", label="Password", group="authentication",
                    type="String", value=secret(slug, "PASSWORD"), feel="optional",
                    optional=optional_flag(options, False),
                    tooltip="Store the password as a connector secret.",
                    binding=input_binding("authentication.password"),
                    condition=fields_condition))
    if need is not None:
        out.append(hidden(f"{pid}.encoded", "authentication.encoded",
                          "Yes" if need.password_digest else "No", condition))
    else:
        out.append(prop(id=f"{pid}.encoded", label="Password digest", group="authentication",
                        type="Dropdown", value="No",
                        choices=[{"name": "No (PasswordText)", "value": "No"},
                                 {"name": "Yes (SHA-1 PasswordDigest)", "value": "Yes"}],
                        binding=input_binding("authentication.encoded"),
                        condition=fields_condition))
    return out


def _signature(need: AuthOption, condition: Condition | None, *, pid: str, slug: str,
               options: Options) -> list[Property]:
    """`signature`: the certificate (PEM or keystore) and what the policy says of the rest."""
    kind = f"{pid}.certificateType"
    single = combine(condition, {"property": kind, "equals": "single"})
    keystore = combine(condition, {"property": kind, "equals": "keystore"})

    def field(name: str, label: str, when: Condition | None, *, value: str | None = None,
              tooltip: str) -> Property:
        return prop(id=f"{pid}.{name}", label=label, group="authentication", type="String",
                    value=value, feel="optional", tooltip=tooltip,
                    constraints={"notEmpty": True},
                    binding=input_binding(f"authentication.certificate.{name}"), condition=when)

    sha256 = "Sha256" in need.algorithm_suite
    suite = f"the policy's algorithm suite {need.algorithm_suite}" if need.algorithm_suite \
        else "no algorithm suite in the policy"
    return [
        hidden(f"{pid}.authentication", "authentication.authentication", "signature",
               condition),
        prop(id=kind, label="Certificate type", group="authentication", type="Dropdown",
             tooltip="The WSDL's policy asks for signed messages (WS-Security X.509 "
                     "signature): a PEM certificate and key, or a keystore on the connector "
                     "runtime.",
             constraints={"notEmpty": True},
             choices=[{"name": "Certificate and private key (PEM)", "value": "single"},
                      {"name": "Keystore", "value": "keystore"}],
             binding=input_binding("authentication.certificate.certificateType"),
             condition=condition),
        field("certificate", "Certificate (PEM)", single, value=secret(slug, "CERTIFICATE"),
              tooltip="The X.509 certificate that signs the request; store it as a connector "
                      "secret."),
        field("privateKey", "Private key (PEM)", single, value=secret(slug, "PRIVATE_KEY"),
              tooltip="The certificate's private key; store it as a connector secret."),
        field("keystoreLocation", "Keystore location", keystore,
              tooltip="A keystore file on the connector runtime's container."),
        field("keystorePassword", "Keystore password", keystore,
              value=secret(slug, "KEYSTORE_PASSWORD"),
              tooltip="Store the keystore password as a connector secret."),
        field("alias", "Certificate alias", keystore,
              tooltip="The alias of the signing certificate in the keystore."),
        field("password", "Certificate password", keystore,
              value=secret(slug, "CERTIFICATE_PASSWORD"),
              tooltip="Store the certificate password as a connector secret."),
        prop(id=f"{pid}.signatureAlgorithm", label="Signature algorithm", group="authentication",
             type="String", value=RSA_SHA256 if sha256 else None, feel="optional",
             optional=optional_flag(options, False),
             tooltip=f"XML Signature algorithm URI ({suite}); empty: rsa-sha1.",
             binding=input_binding("authentication.signatureAlgorithm"), condition=condition),
        prop(id=f"{pid}.digestAlgorithm", label="Digest algorithm", group="authentication",
             type="String", value=SHA256 if sha256 else None, feel="optional",
             optional=optional_flag(options, False),
             tooltip=f"Digest algorithm URI ({suite}); empty: sha1.",
             binding=input_binding("authentication.digestAlgorithm"), condition=condition),
        prop(id=f"{pid}.timestamp", label="Timestamp timeout in seconds", group="authentication",
             type="Number", feel="static",
             optional=optional_flag(options, need.timestamp),
             constraints={"notEmpty": True} if need.timestamp else None,
             tooltip=("The policy asks for a timestamp (sp:IncludeTimestamp): its time to live "
                      "in seconds, e.g. 300." if need.timestamp else
                      "If set, a wsu:Timestamp with this time to live is added."),
             binding=input_binding("authentication.timestamp"), condition=condition),
        prop(id=f"{pid}.encryptionParts", label="Signature parts", group="authentication",
             type="String", feel="required", optional=optional_flag(options, False),
             tooltip="A FEEL list of {namespace, localName} naming the parts to sign; empty "
                     "signs the SOAP Body.",
             binding=input_binding("authentication.encryptionParts"), condition=condition),
    ]
