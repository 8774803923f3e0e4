"""Step 5 (REST): judge a built request with openapi-core against the original description.

openapi-core checks server + path, method, parameters (presence, style, schema), request body
(content type, schema) and security. On top of it the harness checks what openapi-core cannot
see: a header or query parameter the connector sends with no value (a null the template failed
to filter), and that every value the user entered arrives where the spec puts it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import yaml
from werkzeug.datastructures import Headers, ImmutableMultiDict

from harness.connector import HttpRequest


class JudgeUnavailable(RuntimeError):
    """The spec cannot be loaded by the judge (its own defect or an unsupported version)."""


@dataclass(frozen=True, slots=True)
class Expected:
    """A value the user entered and where the spec says it must arrive."""

    location: str  # path | query | header | cookie | body
    name: str  # parameter name, or body member path joined by "."
    value: Any
    path: tuple[str, ...] = ()


@dataclass
class Verdict:
    accepted: bool
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (code, detail)

    def reject(self, code: str, detail: str) -> None:
        self.accepted = False
        self.reasons.append((code, detail))


class _Request:
    """An `openapi_core.protocols.Request` built from the harness's HttpRequest."""

    def __init__(self, req: HttpRequest) -> None:
        parts = urlsplit(req.url)
        self.host_url = f"{parts.scheme}://{parts.netloc}"
        self.path = unquote(parts.path) if "%2F" not in parts.path.upper() else parts.path
        self.full_url_pattern = self.host_url + self.path
        self.method = req.method.lower()
        self.body = req.body if req.body else None
        ctype = req.content_type
        self.content_type = ctype or ""  # with parameters (boundary, charset)
        self.mimetype = self.content_type.split(";")[0].strip()
        query = parse_qsl(parts.query, keep_blank_values=True)
        cookies: list[tuple[str, str]] = []
        for name, value in req.headers:
            if name.lower() == "cookie":
                jar: SimpleCookie = SimpleCookie()
                jar.load(value)
                cookies.extend((k, m.value) for k, m in jar.items())
        from openapi_core.datatypes import RequestParameters

        self.parameters = RequestParameters(
            query=ImmutableMultiDict(query),
            header=Headers(req.headers),
            cookie=ImmutableMultiDict(cookies),
        )


def _load_document(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    if not isinstance(data, dict):
        raise JudgeUnavailable(f"{path}: not a mapping")
    return data


class _KeepEveryFormat(dict):  # type: ignore[type-arg]
    """openapi-core raises FormatterNotFoundError on formats it has no unmarshaller for
    (python-openapi/openapi-core#515, "FIXME: don't raise exception on unknown format"); the
    judge keeps such values as they are (format *validation* is unaffected)."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: Any) -> Any:
        return _identity

    def get(self, key: Any, default: Any = None) -> Any:
        return _identity


def _identity(value: Any) -> Any:
    return value


class _JsonSuffixes(dict):  # type: ignore[type-arg]
    """openapi-core reads only application/json and application/vnd.api+json as JSON; every
    `+json` structured-syntax suffix (RFC 6839: json-patch+json, merge-patch+json, ...) is JSON
    too."""

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.endswith("+json")

    def __getitem__(self, key: Any) -> Any:
        return _json_loads

    def get(self, key: Any, default: Any = None) -> Any:
        return _json_loads if key in self else default


def _json_loads(value: str | bytes, **parameters: str) -> Any:
    return json.loads(value)


def split_path(template: str) -> tuple[str, list[tuple[str, str]]]:
    """(the URL path a client calls, query pairs fixed in the spec's path key).

    Some specs tell operations on one URL apart with a fragment (`/#CreateCache`,
    `/files/{file_id}#get_shared_link`) or fix part of the query in the path key
    (`/{Bucket}?lifecycle#GetBucketLifecycleConfiguration`). A client never sends a fragment;
    a fixed query is sent as query.
    """
    base = template.split("#", 1)[0]
    path, _, query = base.partition("?")
    return path or "/", parse_qsl(query, keep_blank_values=True)


_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


def deep_object_loads(explode: bool, name: str, schema_type: str,
                      location: Mapping[str, Any]) -> Any:
    """`deepObject` with nested brackets: `name[a][0][b]=v` -> {"a": [{"b": "v"}]}.

    openapi-core's own reads one level of an object whose schema says `type: object` and raises
    "not available" for anything else (arrays, `anyOf` schemas without a `type`, nesting). The
    wire form of deeper values is not defined by OpenAPI; this is the bracket convention that
    Stripe (and PHP, Rails, qs) use: numeric keys `0..n-1` (or `[]`) make a list.
    """
    root: dict[str, Any] = {}
    found = False
    for key, value in location.items():
        if not key.startswith(name + "["):
            continue
        rest = key[len(name):]
        parts = _BRACKETS.findall(rest)
        if not parts or "".join(f"[{x}]" for x in parts) != rest:
            continue
        found = True
        if isinstance(value, bytes):
            value = value.decode("utf-8")  # a multipart part: its text, cast like form text
        node = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if part == "":
                part = str(sum(1 for k in node if k.isdigit()))
            if last:
                node[part] = value
            else:
                node = node.setdefault(part, {})
                if not isinstance(node, dict):
                    raise ValueError(f"{key}: mixes a value and members")
    if not found:
        if name in location:
            # a member whose schema also allows a scalar (Stripe's anyOf [string, enum [""]],
            # [integer, enum [""]], [enum [now], integer]): deepObject describes objects only,
            # so a scalar is sent as it is, `name=value`, as Stripe's own clients do
            value = location[name]
            return value.decode("utf-8") if isinstance(value, bytes) else value
        raise KeyError(name)

    def listify(node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        out = {k: listify(v) for k, v in node.items()}
        if out and all(k.isdigit() for k in out) and sorted(map(int, out)) == list(
                range(len(out))):
            return [out[str(i)] for i in range(len(out))]
        return out

    return listify(root)


def _patch_deep_object() -> None:
    from openapi_core.deserializing import styles

    styles.style_deserializers["deepObject"] = deep_object_loads


_patch_deep_object()


def _patch_multipart_text_parts() -> None:
    """A multipart/form-data part is bytes; a part whose content type is text/plain (every
    primitive-typed property without an `encoding` saying otherwise, OpenAPI 3.0 §4.7.14.4)
    carries the property's value as text. openapi-core hands that text to the schema as a
    string, so `type: integer` fails on '1'. A server reads it as the schema's type: here the
    text is cast the way openapi-core casts form (urlencoded) fields and query parameters. Text
    that does not cast ('abc' for an integer) stays text, so the schema still rejects it."""
    from openapi_core.casting.schemas.exceptions import CastError
    from openapi_core.deserializing.media_types.deserializers import MediaTypeDeserializer
    from openapi_core.schema.encodings import get_content_type

    original = MediaTypeDeserializer.decode_property_content_type

    def decode_property_content_type(self: Any, prop_name: str, prop_schema: Any,
                                     location: Mapping[str, Any],
                                     prop_encoding: Any = None) -> Any:
        value = original(self, prop_name, prop_schema, location, prop_encoding)
        if (not self.mimetype.startswith("multipart/") or self.schema_caster is None
                or get_content_type(prop_schema, prop_encoding).split(";")[0].strip()
                != "text/plain"):
            return value
        try:
            return self.schema_caster.evolve(prop_schema).cast(value)
        except (CastError, ValueError, TypeError):
            return value

    MediaTypeDeserializer.decode_property_content_type = decode_property_content_type


_patch_multipart_text_parts()


def _patch_urlencoded_objects_without_encoding() -> None:
    """A urlencoded object member with no Encoding Object is its JSON text.

    OpenAPI 3.0.3 (Encoding Object): style, explode and allowReserved override contentType only
    when written ("If a value is explicitly defined, then the value of contentType (implicit or
    explicit) SHALL be ignored"), and the implicit contentType of an object is
    application/json. openapi-core reads a member with an encoding entry that names none of
    them that way, but a member with no entry at all as style form, so Twilio's
    TranscriptionsConfiguration={"key0": "value"} (what Twilio's own clients send) was refused
    while the same spec with an empty encoding entry would accept it. Members of other types
    keep openapi-core's reading."""
    from openapi_core.deserializing.media_types.deserializers import MediaTypeDeserializer

    original = MediaTypeDeserializer.decode_property

    def decode_property(self: Any, prop_name: str, prop_schema: Any,
                        location: Mapping[str, Any]) -> Any:
        if (self.mimetype == "application/x-www-form-urlencoded"
                and (self.encoding is None or prop_name not in self.encoding)
                and (prop_schema / "type").read_str("") == "object"):
            value = location[prop_name]
            if isinstance(value, str):
                value = value.encode("utf-8")  # as a body: openapi-core's errors decode it
            return self.evolve(prop_schema, mimetype="application/json").deserialize(value)
        return original(self, prop_name, prop_schema, location)

    MediaTypeDeserializer.decode_property = decode_property


_patch_urlencoded_objects_without_encoding()

# ECMA-262 Unicode property classes that Python's `re` lacks (AWS specs use them in patterns),
# as ranges (approximate beyond Latin: every non-ASCII letter-range code point counts)
_UNICODE_CLASSES = {"L": "a-zA-Z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\uffff",
                    "N": "0-9", "Nd": "0-9", "Z": " \u00a0\u2000-\u200a\u3000",
                    "Zs": " \u00a0\u2000-\u200a\u3000", "P": "!-/:-@\\[-`{-~",
                    "S": "$+<=>^`|~"}


def python_pattern(pattern: str) -> str | None:
    """`pattern` in Python's `re` spelling: `\\p{L}` etc. become ranges (inside or outside a
    character class), `[\\w-.]` keeps its literal "-"; None when it still does not compile (the
    keyword is then not judged)."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            m = re.match(r"\\p\{(\w+)\}", pattern[i:])
            if m and m.group(1) in _UNICODE_CLASSES:
                ranges = _UNICODE_CLASSES[m.group(1)]
                out.append(ranges if in_class else f"[{ranges}]")
                i += m.end()
                continue
            out.append(pattern[i:i + 2])
            i += 2
            if (in_class and pattern[i - 1] in "wdsWDS" and pattern[i:i + 1] == "-"
                    and pattern[i + 1:i + 2] not in ("", "]")):
                out.append("\\-")  # ECMA reads `[\\w-.]` as \\w, "-", "."; Python refuses it
                i += 1
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    text = "".join(out).replace("\\z", "\\Z")  # end of input: ECMA/PCRE \\z is Python's \\Z
    try:
        re.compile(text)
    except re.error:
        return None
    return text


def _pattern_keyword(validator: Any, patrn: str, instance: Any, schema: Any) -> Any:
    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "string"):
        return
    compiled = python_pattern(patrn)
    if compiled is not None and not re.search(compiled, instance):
        yield ValidationError(f"{instance!r} does not match {patrn!r}")


def _patch_pattern() -> None:
    import openapi_schema_validator as osv

    for name in ("OAS30ReadValidator", "OAS30WriteValidator", "OAS30Validator",
                 "OAS31Validator", "OAS32Validator"):
        cls = getattr(osv, name, None)
        if cls is not None:
            cls.VALIDATORS["pattern"] = _pattern_keyword


_patch_pattern()


def _declares_read_only(resolver: Any, schema: Any, depth: int = 0) -> bool:
    """`readOnly: true` on a property's schema, through `$ref` and allOf parts."""
    if depth > 16 or not isinstance(schema, Mapping):
        return False
    ref = schema.get("$ref")
    if isinstance(ref, str):
        try:
            resolved = resolver.lookup(ref)
        except Exception:
            return False  # an unresolvable reference is reported by validation itself
        return _declares_read_only(resolved.resolver, resolved.contents, depth + 1)
    if schema.get("readOnly") is True:
        return True
    parts = schema.get("allOf")
    return isinstance(parts, list) and any(
        _declares_read_only(resolver, part, depth + 1) for part in parts)


def _write_properties(validator: Any, properties: Any, instance: Any, schema: Any) -> Any:
    from jsonschema import _keywords
    from jsonschema.exceptions import ValidationError

    yield from _keywords.properties(validator, properties, instance, schema)
    if not validator.is_type(instance, "object") or not isinstance(properties, Mapping):
        return
    for name, sub in properties.items():
        if name in instance and _declares_read_only(validator._resolver, sub):
            yield ValidationError(f"Tried to write read-only property {name!r} with "
                                  f"{instance[name]!r}", path=(name,))


def _patch_read_only() -> None:
    """OpenAPI 3.0 readOnly is "relevant only for Schema `properties` definitions": a request
    must not send a read-only *property*. openapi-schema-validator's write validator refuses any
    value validated against a schema that says readOnly, so a path parameter whose schema
    reuses a model attribute (DigitalOcean's `ssh_key_identifier`: anyOf the read-only key id
    and fingerprint) could take no value at all. Here readOnly is checked where it applies: on
    the members an object sends (its property schema, through `$ref` and allOf parts)."""
    import openapi_schema_validator as osv

    cls = osv.OAS30WriteValidator
    cls.VALIDATORS["readOnly"] = lambda validator, ro, instance, schema: iter(())
    cls.VALIDATORS["properties"] = _write_properties


_patch_read_only()


@functools.lru_cache(maxsize=4)
def document(path: str) -> dict[str, Any]:
    """The spec as an OpenAPI 3 document (Swagger 2.0 translated by npm swagger2openapi)."""
    p = Path(path)
    doc = _load_document(p)
    swagger = None
    if str(doc.get("swagger", "")).startswith("2"):
        swagger = doc
        from harness.node import shared

        try:
            doc = shared().request("swagger2openapi", file=str(p))["openapi"]
        except RuntimeError as exc:
            raise JudgeUnavailable(f"{p.name}: swagger2openapi cannot translate it: "
                                   f"{str(exc)[:300]}") from exc
    if not str(doc.get("openapi", "")).startswith("3"):
        raise JudgeUnavailable(f"{p.name}: not OpenAPI 3 (openapi={doc.get('openapi')!r})")
    if swagger is not None:
        _keep_both_form_types(swagger, doc)
    for server in doc.get("servers") or []:
        if isinstance(server, dict) and str(server.get("url", "")).startswith("//"):
            server["url"] = "https:" + server["url"]  # scheme-relative (x-servers)
    _media_keys_without_parameters(doc)
    return doc


_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _keep_both_form_types(swagger: dict[str, Any], doc: dict[str, Any]) -> None:
    """Swagger 2.0 formData under `consumes: [multipart/form-data, x-www-form-urlencoded]`
    accepts either encoding; swagger2openapi keeps only one of them."""
    for path, item in (swagger.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method, op in item.items():
            if not isinstance(op, dict):
                continue
            consumes = op.get("consumes") or swagger.get("consumes") or []
            if not all(f in consumes for f in _FORMS):
                continue
            try:
                content = doc["paths"][path][method]["requestBody"]["content"]
            except (KeyError, TypeError):
                continue
            have = [f for f in _FORMS if f in content]
            if len(have) == 1:
                other = _FORMS[1 - _FORMS.index(have[0])]
                content[other] = {"schema": content[have[0]].get("schema", {})}


def _media_keys_without_parameters(doc: dict[str, Any]) -> None:
    """`application/json; charset=utf-8` as a content key also matches a request sent as
    `application/json` (openapi-core compares the whole key). Bodies shared under
    components/requestBodies too: swagger2openapi moves a body used by several operations there
    (zuora's revenue-schedule operations reach `application/json; charset=utf-8` by $ref)."""
    bodies: list[Any] = [op.get("requestBody") for item in (doc.get("paths") or {}).values()
                         if isinstance(item, dict) for op in item.values()
                         if isinstance(op, dict)]
    shared = (doc.get("components") or {}).get("requestBodies")
    if isinstance(shared, dict):
        bodies.extend(shared.values())
    for body in bodies:
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict):
            continue
        for key in list(content):
            bare = key.split(";")[0].strip()
            if bare != key and bare not in content:
                content[bare] = content[key]


def _openapi(doc: dict[str, Any], p: Path) -> Any:
    from openapi_core import Config, OpenAPI

    try:
        return OpenAPI.from_dict(doc, base_uri=p.as_uri(), config=Config(spec_validator_cls=None,
                                          extra_format_unmarshallers=_KeepEveryFormat(),
                                          extra_media_type_deserializers=_JsonSuffixes()))
    except Exception as exc:  # the spec itself is broken beyond what openapi-core loads
        raise JudgeUnavailable(f"{p.name}: openapi-core cannot load it: {exc}") from exc


@functools.lru_cache(maxsize=4)
def load(path: str) -> Any:
    """The openapi-core `OpenAPI` object for a spec file (relative `$ref`s resolved)."""
    p = Path(path).resolve()
    return _openapi(document(str(p)), p)


_TEMPLATE_PARAM = re.compile(r"\{([^{}]*)\}")


def shape(template: str) -> str:
    """The URL path of a path key with its parameter names left out: keys of one shape match
    the same requests (OpenAPI 3: "templated paths with the same hierarchy but different
    templated names MUST NOT exist as they are identical")."""
    return _TEMPLATE_PARAM.sub("{}", split_path(template)[0])


@functools.lru_cache(maxsize=4)
def _shapes(path: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for key in document(path).get("paths") or {}:
        counts[shape(key)] = counts.get(shape(key), 0) + 1
    return counts


@functools.lru_cache(maxsize=64)
def load_for(path: str, template: str, without: frozenset[str] = frozenset(),
             ) -> tuple[Any, str]:
    """The judge's view of the spec for the operation at path key `template`, and the key to
    look it up by. Where the key carries a fragment or a fixed query, the view puts the
    operation's path item under the URL path the client calls; the view leaves out the other
    keys that only a fragment, a fixed query or the names of the path parameters told apart
    from it (`/{pageName}{ext}` and `/{stateName}{ext}`): no request can. Keys in `without`
    are left out too (see `overlapping_templates`)."""
    p = Path(path).resolve()
    url_path, _ = split_path(template)
    if url_path == template and not without and _shapes(str(p)).get(shape(template), 0) <= 1:
        return load(str(p)), template
    doc = document(str(p))
    item = (doc.get("paths") or {}).get(template)
    if item is None:
        raise JudgeUnavailable(f"{p.name}: no path {template!r}")
    paths = {k: v for k, v in doc["paths"].items()
             if shape(k) != shape(template) and k not in without}
    paths[url_path] = item
    return _openapi({**doc, "paths": paths}, p), url_path


def overlapping_templates(api: Any, key: str, request: _Request) -> frozenset[str]:
    """Other templated path keys that the request matches as well as `key`, when openapi-core
    would route it to one of them.

    callfire has /calls/recordings/{id} and /calls/recordings/{id}.mp3: /calls/recordings/1.mp3
    fits both. openapi-core ranks templated keys by their number of parameters only, and on a
    tie takes the first in the document, so it reads id='1.mp3' for the first key and refuses
    the integer. OpenAPI leaves ambiguous matching to the tooling ("it's up to the tooling to
    decide which one to use"); the judge decides for the operation being checked when its own
    key matches the request. A request that does not fit the key is still routed by
    openapi-core (operation.wrong), and a concrete key that matches still wins, as OpenAPI
    wants."""
    from openapi_core.templating.paths.finders import APICallPathFinder

    if "{" not in key:
        return frozenset()
    try:
        found = APICallPathFinder(api.spec).find(request.method, request.full_url_pattern)
    except Exception:
        return frozenset()
    chosen = str(found.path.parts[-1] if hasattr(found.path, "parts") else found.path)
    if chosen == key or "{" not in chosen:
        return frozenset()
    url = request.full_url_pattern
    # openapi-core matches a key against the end of the URL (the rest must be a server URL):
    # every key is compared on the same part of the URL as the key it chose
    m = _template_regex(chosen).search(url)
    if m is None:
        return frozenset()

    def fits(k: str) -> bool:
        return _template_regex(k).match(url, m.start()) is not None

    if not fits(key):
        return frozenset()
    return frozenset(k for k in (api.spec / "paths").keys() if k != key and "{" in k and fits(k))


@functools.lru_cache(maxsize=4096)
def _template_regex(key: str) -> re.Pattern[str]:
    """A path key as openapi-core's PathParser reads it: each {name} is `[^/]*`."""
    return re.compile("".join("[^/]*" if _TEMPLATE_PARAM.fullmatch(t) else re.escape(t)
                              for t in re.split(r"(\{[^{}]*\})", key)) + "$")


# --- adjacent path parameters -------------------------------------------------------------------

_MAX_SPLITS = 5000


def _splits(tokens: list[str], text: str, i: int = 0, pos: int = 0,
            ) -> Iterator[dict[str, str]]:
    """Every way to read `text` as the segment `tokens` (literals and `{name}`s), each
    parameter non-empty (as openapi-core and the URI template require of a path value)."""
    if i == len(tokens):
        if pos == len(text):
            yield {}
        return
    token = tokens[i]
    if not (token.startswith("{") and token.endswith("}")):
        if text.startswith(token, pos):
            yield from _splits(tokens, text, i + 1, pos + len(token))
        return
    for end in range(pos + 1, len(text) + 1):
        for rest in _splits(tokens, text, i + 1, end):
            yield {token[1:-1]: text[pos:end], **rest}


def _path_parameter(api: Any, key: str, method: str, name: str) -> Any:
    item = api.spec / "paths" / key
    for holder in (item / method, item):
        if "parameters" not in holder:
            continue
        for param in holder / "parameters":
            if (param / "in").read_value() == "path" and (param / "name").read_value() == name:
                return param
    return None


def adjacent_path_values(api: Any, request: _Request, expected: Any,
                         ) -> tuple[dict[str, str] | None, list[tuple[str, str]]]:
    """The path parameters of a request when the path key it reaches holds adjacent parameters
    in one segment (`/{pageName}{mediaTypeExtension}`).

    openapi-core's path finder matches every parameter with `[^/]*` (greedy), so the first of
    two adjacent parameters takes the whole segment and the next one gets ''. Here the segment
    is split every possible way; a split is valid when each value is valid for its parameter
    (openapi-core deserialises, casts and validates it by its style and schema) and no value
    still holds a `{name}` of the template. Returns the values to judge by (a valid split,
    preferring the one that carries the values the user entered) or None with the reasons
    when no split is valid (or no such key is reached: then openapi-core judges alone)."""
    from openapi_core.datatypes import RequestParameters
    from openapi_core.templating.paths.finders import APICallPathFinder
    from openapi_core.templating.paths.parsers import PathParser

    try:
        found = APICallPathFinder(api.spec).find(request.method, request.full_url_pattern)
    except Exception:
        return None, []  # openapi-core reports it
    key = str(found.path.parts[-1] if hasattr(found.path, "parts") else found.path)
    if "}{" not in key:
        return None, []
    # the finder's own variables are empty when the URL is the template itself (`{a}{b}`
    # unsubstituted matches the key literally); its parser reads every parameter
    match = PathParser(key, post_expression="$").search(request.full_url_pattern)
    if match is None:
        return None, []
    greedy = dict(match.named)
    names = _TEMPLATE_PARAM.findall(key)
    validator = api.request_validator
    wanted = {e.name: e.value for e in expected if e.location == "path"}
    values = dict(greedy)
    problems: list[tuple[str, str]] = []
    for segment in key.split("/"):
        if "}{" not in segment:
            continue
        tokens = [t for t in re.split(r"(\{[^{}]*\})", segment) if t]
        text = "".join(greedy[t[1:-1]] if t.startswith("{") else t for t in tokens)
        valid: list[dict[str, str]] = []
        refused: list[str] = []
        for n, split in enumerate(_splits(tokens, text)):
            if n >= _MAX_SPLITS:
                break
            why = ""
            for name, value in split.items():
                left = [m for m in names if "{" + m + "}" in value]
                if left:
                    why = f"{name}={value!r} holds the unsubstituted template {{{left[0]}}}"
                    break
                param = _path_parameter(api, key, request.method, name)
                if param is None:
                    continue  # undeclared: openapi-core does not check it either
                try:
                    validator._get_parameter(RequestParameters(path=split), param)
                except Exception as exc:
                    why = f"{name}={value!r}: {_explain(exc)[:200]}"
                    break
            if why:
                refused.append(why)
            else:
                valid.append(split)
        if not valid:
            code = ("param.missing" if any("unsubstituted" in r for r in refused)
                    else "param.invalid")
            problems.append((code, f"path segment {text!r} of {key!r}: no split into "
                                   f"{', '.join(t for t in tokens if t.startswith('{'))} gives "
                                   f"valid values ({len(refused)} tried; "
                                   f"{'; '.join(refused[:3])})"))
            continue
        best = next((v for v in valid if all(_same(wanted[k], x) for k, x in v.items()
                                                if k in wanted)), valid[0])
        values.update(best)
    return (None if problems else values), problems


_CODES = {
    "ServerNotFound": "server.not-found",
    "PathNotFound": "path.not-found",
    "OperationNotFound": "method.not-allowed",
    "MissingRequiredParameter": "param.missing",
    "MissingParameter": "param.missing",
    "ParameterValidationError": "param.invalid",
    "InvalidParameter": "param.invalid",
    "DeserializeError": "param.invalid",
    "EmptyQueryParameterValue": "query.null-sent",
    "MissingRequiredRequestBody": "body.missing",
    "MissingRequestBody": "body.missing",
    "MediaTypeNotFound": "body.content-type",
    "RequestBodyValidationError": "body.invalid",
    "InvalidRequestBody": "body.invalid",
    "SecurityValidationError": "security",
    "SecurityNotFound": "security",
    "InvalidSecurity": "security",
}


def _explain(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    inner = getattr(exc, "schema_errors", None)
    if inner:
        text += " [" + "; ".join(
            f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"[:200]
            for e in list(inner)[:3]) + "]"
    cause = exc.__cause__
    if cause is not None and cause is not exc:
        text += f" <- {_explain(cause)}"
    return text[:600]


_GENERIC = {"body.invalid", "param.invalid"}


def _code(exc: BaseException) -> str:
    """The most specific code along the exception and its causes."""
    codes = []
    node: BaseException | None = exc
    while node is not None and len(codes) < 6:
        for klass in type(node).__mro__:
            if klass.__name__ in _CODES:
                codes.append(_CODES[klass.__name__])
                break
        node = node.__cause__ if node.__cause__ is not node else None
    specific = [c for c in codes if c not in _GENERIC]
    if specific:
        return specific[0]
    return codes[0] if codes else "openapi." + type(exc).__name__


FORM = "application/x-www-form-urlencoded"


def _empty_form(api: Any, key: str, method: str, error: BaseException, verdict: Verdict) -> bool:
    """An empty form body is the encoding of `{}`; openapi-core reports it as a missing body.
    True when `error` is that report (then `{}` is judged against the body schema instead)."""
    if _code(error) != "body.missing":
        return False
    from openapi_core.validation.schemas import (
        oas30_write_schema_validators_factory,
        oas31_schema_validators_factory,
    )

    spec = api.spec
    content = spec / "paths" / key / method / "requestBody" / "content"
    media = next((m for m in content.keys() if m.split(";")[0].strip() == FORM), None)
    if media is None or "schema" not in content / media:
        return False
    version = str((spec / "openapi").read_value())
    factory = (oas31_schema_validators_factory if version.startswith("3.1")
               else oas30_write_schema_validators_factory)
    try:
        factory.create(spec, content / media / "schema").validate({})
    except Exception as exc:
        verdict.reject("body.invalid", f"empty form body (the object {{}}): {_explain(exc)}")
    return True


def norm(value: Any) -> Any:
    """Compare what was entered with what arrived, modulo JSON/text/number spelling."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float | Decimal):
        d = Decimal(str(value))
        return format(d.normalize(), "f") if d == d.to_integral() else str(d.normalize())
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, list | tuple):
        return [norm(v) for v in value]
    if isinstance(value, dict):
        return {str(k): norm(v) for k, v in value.items()}
    if isinstance(value, str):
        try:
            return norm(Decimal(value)) if value.strip() and value == value.strip() else value
        except Exception:
            return value
    return str(value)


def _same(entered: Any, arrived: Any) -> bool:
    a, b = norm(entered), norm(arrived)
    if a == b:
        return True
    # date-time spelled differently (Z vs +00:00)
    if isinstance(a, str) and isinstance(b, str):
        return a.replace("Z", "+00:00") == b.replace("Z", "+00:00")
    return False


def _dig(value: Any, path: tuple[str, ...]) -> tuple[bool, Any]:
    for key in path:
        if isinstance(value, dict) and key in value:
            value = value[key]
        else:
            return False, None
    return True, value


def judge(spec_path: str | Path, req: HttpRequest, *, expected: list[Expected] | tuple = (),
          operation: tuple[str, str] | None = None) -> Verdict:
    """Is `req` a valid call of the spec (and of `operation` = (METHOD, path template))?"""
    verdict = Verdict(accepted=True)
    if operation is None:
        api, key = load(str(Path(spec_path).resolve())), ""
    else:
        api, key = load_for(str(Path(spec_path).resolve()), operation[1])
    request = _Request(req)
    if operation is not None:
        others = overlapping_templates(api, key, request)
        if others:
            api, key = load_for(str(Path(spec_path).resolve()), operation[1], others)
    for name in req.null_headers:
        verdict.reject("header.null-sent",
                       f"header {name!r} sent with no value (a null entry was not filtered)")
    if req.body_kind == "json" and request.mimetype and "json" not in request.mimetype:
        verdict.reject("body.encoding",
                       f"Content-Type {request.mimetype} but the connector serialised the body "
                       f"as JSON text: {req.body[:120]!r}")
    for name in req.bare_query:
        verdict.reject("query.null-sent",
                       f"query parameter {name!r} sent with no value (null not filtered)")
    if operation is not None and "}{" in key:
        values, problems = adjacent_path_values(api, request, expected)
        for code, detail in problems:
            verdict.reject(code, detail)
        if values is not None:
            request.parameters.path = values  # openapi-core judges these, not its own split
    try:
        result = api.unmarshal_request(request)
    except Exception as exc:  # finder errors raise in some versions
        verdict.reject(_code(exc), _explain(exc))
        return verdict
    if operation is not None and request.mimetype == FORM and not req.body:
        result.errors = [e for e in result.errors
                         if not _empty_form(api, key, request.method, e, verdict)]
    # openapi-core has no XML deserializer: it would compare the raw text with an object
    # schema. For XML media types the judge checks well-formedness here, and openapi-core's
    # body-schema verdict is not used (presence and content type still are).
    xml_body = bool(request.mimetype and "xml" in request.mimetype and req.body)
    if xml_body:
        from lxml import etree

        try:
            etree.fromstring(req.body if isinstance(req.body, bytes) else str(req.body).encode(),
                             parser=etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as exc:
            verdict.reject("body.invalid", f"XML body is not well-formed: {exc}")
    sent_query = parse_qsl(urlsplit(req.url).query, keep_blank_values=True)
    query_keys = {k for k, _ in sent_query}
    if operation is not None:
        for name, value in split_path(operation[1])[1]:
            if (name, value) not in sent_query:
                verdict.reject("path.query-lost",
                               f"the spec's path {operation[1]!r} fixes the query {name}="
                               f"{value!r}, the request does not send it")
    for err in result.errors:
        code = _code(err)
        if code == "query.null-sent" and req.bare_query:
            continue  # already reported with the parameter's name
        if code == "body.invalid" and xml_body:
            continue  # checked as XML above
        text = _explain(err)
        if "'deepObject'" in text and getattr(err, "location", "") == "query":
            name = getattr(err, "name", "")
            if not any(k == name or k.startswith(name + "[") for k in query_keys):
                # openapi-core cannot deserialize an absent deepObject parameter; absent is
                # fine for an optional one (a missing required one is reported separately)
                continue
            if not any(k.startswith(name + "[") for k in query_keys):
                code = "param.style"
                text = (f"query parameter {name!r} has style deepObject "
                        f"({name}[key]=value) but was sent as {name}=...; " + text)
        verdict.reject(code, text)
    if operation is not None and not result.errors:
        from openapi_core.templating.paths.finders import APICallPathFinder

        try:
            found = APICallPathFinder(api.spec).find(request.method, request.full_url_pattern)
            template = found.path.parts[-1] if hasattr(found.path, "parts") else str(found.path)
            method = request.method.upper()
            if (method, str(template)) != (operation[0].upper(), key):
                verdict.reject("operation.wrong",
                               f"request matches {method} {template}, not {operation[0]} "
                               f"{key}")
        except Exception as exc:
            verdict.reject(_code(exc), _explain(exc))
    if result.errors:
        return verdict
    params = result.parameters
    body = result.body
    if req.body_kind == "json" and req.json_body is not None:
        # what was sent, not openapi-core's unmarshalled view (which adds schema defaults)
        body = json.loads(req.body or b"null")
    for exp in expected:
        if exp.location == "body":
            if isinstance(body, dict | list):
                found_it, arrived = _dig(body, exp.path)
            elif body is not None and not exp.path:
                found_it, arrived = True, body
            else:
                found_it, arrived = False, None
        else:
            bag = getattr(params, exp.location, {}) or {}
            lookup = {k.lower(): v for k, v in bag.items()} if exp.location == "header" else bag
            key = exp.name.lower() if exp.location == "header" else exp.name
            found_it, arrived = (key in lookup), lookup.get(key)
            if (exp.location == "query" and isinstance(exp.value, dict) and exp.value
                    and not (found_it and _same(exp.value, arrived))):
                # a free-form object in style form + explode: its members are query
                # parameters of their own (`key0=value`), which openapi-core cannot attribute
                sent = dict(sent_query)
                if all(k in sent and _same(v, sent[k]) for k, v in exp.value.items()):
                    continue
        if not found_it:
            verdict.reject("value.lost", f"{exp.location} {exp.name!r}: entered "
                                         f"{exp.value!r} but the request does not carry it")
        elif not _same(exp.value, arrived):
            verdict.reject("value.changed", f"{exp.location} {exp.name!r}: entered "
                                            f"{exp.value!r}, the API receives {arrived!r}")
    return verdict
