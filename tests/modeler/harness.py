"""Drive the real Camunda Modeler (tests/modeler/page.js, bundled) in headless Chromium.

Used by tests/modeler/test_modeler_page.py (does the saved XML hold exactly the chosen
operation's bindings?) and by benchmarks/modeler.py (how long does the Modeler take?).

What a person does in the Modeler, with the real packages: register the template file, apply it
to a task, look at the panel, pick an operation in the chooser(s), type into a field, save. The
expected XML is worked out here from the template JSON alone, with the rules the Modeler
documents for conditions (`equals`, `oneOf`, `isActive`, `isEmpty`, `allMatch`) and for writing
values (FEEL casting, optional inputs, empty headers), so a fault in the template, in the page or
in the Modeler's handling shows as a difference instead of being copied into the expectation.

The browser is Debian's chromium (/usr/bin/chromium, installed by scripts/test), driven by
Playwright for Python without any browser download; the page is a local file and every request
that is not a local file or a data: URI is refused (a template's icon URL never leaves the
machine).
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

HERE = Path(__file__).resolve().parent
PAGE = HERE / "index.html"
BUNDLE = HERE / "dist" / "page.bundle.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
ZEEBE = "http://camunda.org/schema/zeebe/1.0"
FILL_TEXT = "modeler-check-value"

Property = dict[str, Any]
BindingKey = tuple[str, str]


# -- what the Modeler should write, from the template alone ------------------------------------

def binding_key(prop: Property) -> BindingKey:
    """Where a property's value lives; properties sharing a binding share one value."""
    binding = prop["binding"]
    kind = binding["type"]
    name = binding.get("name") or binding.get("key") or binding.get("property") or ""
    if kind == "zeebe:taskDefinition:type":
        return ("zeebe:taskDefinition", "type")
    return (kind, str(name))


def _cast_to_feel(prop: Property) -> bool:
    """The Modeler's shouldCastToFeel: inputs default to feel `static`; Number/Boolean cast."""
    feel = prop.get("feel")
    if feel is None and prop["binding"]["type"] in ("zeebe:input", "zeebe:output"):
        feel = "static"
    return feel == "required" or (
        feel in ("optional", "static") and prop.get("type") in ("Boolean", "Number"))


def _to_feel(value: Any, kind: str | None) -> str | None:
    if isinstance(value, str) and value.startswith("="):
        return value
    if kind == "Boolean":
        return "=" + ("true" if value not in (False, "false", None, "", 0) else "false")
    if value is None:
        return None
    if isinstance(value, bool):
        return "=" + ("true" if value else "false")
    return "=" + str(value)


def written_value(prop: Property, value: Any) -> str | None:
    """The text the Modeler stores for `value` (getDefaultFixedValue)."""
    if _cast_to_feel(prop) or prop.get("feel") == "required":
        return _to_feel(value, prop.get("type"))
    return None if value is None else str(value)


def _equals(prop: Property, value: Any, wanted: Any) -> bool:
    if value is None:
        return False
    if prop.get("type") == "Number":
        try:
            return float(str(value).lstrip("=")) == float(str(wanted).lstrip("="))
        except ValueError:
            return False
    return bool(value == wanted)


class Conditions:
    """Which properties are active for given bound values (ElementTemplateConditionChecker)."""

    def __init__(self, template: Mapping[str, Any]) -> None:
        self.properties: list[Property] = list(template["properties"])
        self.first: dict[str, Property] = {}
        for prop in self.properties:
            if "id" in prop:
                self.first.setdefault(prop["id"], prop)

    def met(self, prop: Property, values: Mapping[BindingKey, Any], depth: int = 0) -> bool:
        condition = prop.get("condition")
        if not condition:
            return True
        if depth > len(self.properties):
            raise ValueError(f"condition cycle at property {prop.get('id')!r}")
        parts = condition["allMatch"] if "allMatch" in condition else [condition]
        return all(self._simple(part, values, depth) for part in parts)

    def _simple(self, cond: Mapping[str, Any], values: Mapping[BindingKey, Any],
                depth: int) -> bool:
        related = self.first.get(cond["property"])
        if "isActive" in cond:
            active = related is not None and self.met(related, values, depth + 1)
            return active if cond["isActive"] else not active
        if related is None:
            return False
        value = values.get(binding_key(related))
        if "isEmpty" in cond:
            return (value in (None, "")) == bool(cond["isEmpty"])
        if "equals" in cond:
            return _equals(related, value, cond["equals"])
        if "oneOf" in cond:
            return any(_equals(related, value, v) for v in cond["oneOf"])
        raise ValueError(f"unknown condition {dict(cond)!r}")

    def settle(self, chosen: Mapping[str, Any]) -> tuple[list[Property], dict[BindingKey, Any]]:
        """Active properties and bound values once the user's choices (by property id) are in.

        Starts from nothing and re-evaluates until stable, as the Modeler re-applies conditions
        after each change; a property the user set keeps that value, others their default.
        """
        values: dict[BindingKey, Any] = {}
        for _ in range(len(self.properties) + 2):
            active = [p for p in self.properties if self.met(p, values)]
            new: dict[BindingKey, Any] = {}
            for prop in active:
                key = binding_key(prop)
                if key in new:
                    raise ValueError(f"two active properties bind {key}: {prop.get('id')!r}")
                new[key] = chosen.get(prop.get("id", ""), prop.get("value"))
            if new == values:
                return active, values
            values = new
        raise ValueError("conditions never settle")


@dataclass
class Bindings:
    """What a saved service task holds, in the shape both sides are compared in."""

    template: tuple[str, str] = ("", "")
    task_definition: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, str | None] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    other: list[str] = field(default_factory=list)

    def differences(self, actual: Bindings) -> list[str]:
        """One line per difference, expected first; empty when equal."""
        out: list[str] = []
        if self.template != actual.template:
            out.append(f"template: expected {self.template}, saved {actual.template}")
        for what, want, got in (("taskDefinition", self.task_definition, actual.task_definition),
                                ("input", self.inputs, actual.inputs),
                                ("header", self.headers, actual.headers)):
            for key in sorted(set(want) | set(got)):
                if key not in got:
                    out.append(f"{what} {key!r}: expected {want[key]!r}, missing")
                elif key not in want:
                    out.append(f"{what} {key!r}: not expected, saved {got[key]!r}")
                elif want[key] != got[key]:
                    out.append(f"{what} {key!r}: expected {want[key]!r}, saved {got[key]!r}")
        out.extend(f"unexpected {o}" for o in actual.other)
        return out


def expected_bindings(template: Mapping[str, Any], chosen: Mapping[str, Any]) -> Bindings:
    """The bindings the Modeler must save after the user's choices (property id -> value)."""
    active, values = Conditions(template).settle(chosen)
    out = Bindings(template=(str(template["id"]), str(template.get("version", ""))))
    for prop in active:
        kind, name = binding_key(prop)
        raw = values[(kind, name)]
        text = written_value(prop, raw)
        if kind == "zeebe:input":
            if text or not prop.get("optional"):  # shouldUpdate: a value, or not optional
                out.inputs[name] = text
        elif kind == "zeebe:taskHeader":
            if text:  # headers with an empty value are not persisted
                out.headers[name] = text
        elif kind == "zeebe:taskDefinition":
            if text:
                out.task_definition[name] = text
        else:
            raise ValueError(f"binding type {kind!r} is not checked by this harness")
    return out


def saved_bindings(xml: str, element_id: str = "Task_1") -> Bindings:
    """Read the task's bindings from the XML the Modeler saved (no DTD, no entities)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(xml.encode(), parser)
    task = root.find(f".//*[@id='{element_id}']")
    if task is None:
        raise ValueError(f"no element {element_id!r} in the saved XML")
    out = Bindings(template=(task.get(f"{{{ZEEBE}}}modelerTemplate", ""),
                             task.get(f"{{{ZEEBE}}}modelerTemplateVersion", "")))
    ext = task.find(f"{{{BPMN}}}extensionElements")
    for child in ext if ext is not None else []:
        tag = etree.QName(child).localname
        if tag == "taskDefinition":
            out.task_definition.update({str(k): str(v) for k, v in child.attrib.items()})
        elif tag == "ioMapping":
            for param in child:
                if etree.QName(param).localname == "input":
                    out.inputs[param.get("target", "")] = param.get("source")
                else:
                    out.other.append(f"ioMapping {etree.QName(param).localname} "
                                     f"{dict(param.attrib)}")
        elif tag == "taskHeaders":
            for header in child:
                out.headers[header.get("key", "")] = header.get("value", "")
        else:
            out.other.append(f"extension element {tag}")
    return out


# -- which choices a check makes --------------------------------------------------------------

def choosers(template: Mapping[str, Any]) -> list[Property]:
    """Operation choosers: Dropdowns of the `operation` group that a Hidden (operation-specific)
    binding depends on (the group dropdown and the operation dropdown(s))."""
    used: set[str] = set()
    for prop in template["properties"]:
        if prop.get("type") == "Hidden" and prop.get("condition"):
            cond = prop["condition"]
            for part in cond.get("allMatch", [cond]):
                used.add(part["property"])
    return [p for p in template["properties"]
            if p.get("type") == "Dropdown" and p.get("group") == "operation"
            and p.get("id") in used]


@dataclass
class Plan:
    """The dropdown picks (property, value) in order, and the field typed into."""

    steps: list[tuple[Property, str]]
    fills: list[Property]  # text fields to type into, best first
    fill: Property | None = None  # the one typed into

    def chosen(self) -> dict[str, Any]:
        out: dict[str, Any] = {p["id"]: v for p, v in self.steps}
        if self.fill is not None:
            out[self.fill["id"]] = FILL_TEXT
        return out


def plan(template: Mapping[str, Any], pick: int = -1) -> Plan:
    """Pick choice `pick` (default the last: never the default one) in each active chooser,
    outermost first, then a plain text field of the chosen operation to type into."""
    conditions = Conditions(template)
    chooser_ids = {p["id"] for p in choosers(template)}
    steps: list[tuple[Property, str]] = []
    chosen: dict[str, Any] = {}
    while True:
        active, _ = conditions.settle(chosen)
        todo = [p for p in active if p.get("id") in chooser_ids and p["id"] not in chosen]
        if not todo:
            break
        prop = todo[0]
        values = [str(c["value"]) for c in prop["choices"]]
        value = values[pick % len(values)]
        steps.append((prop, value))
        chosen[prop["id"]] = value
    active, _ = conditions.settle(chosen)
    return Plan(steps=steps, fills=_fill_targets(active))


def _fill_targets(active: Sequence[Property]) -> list[Property]:
    """Text fields shown as plain inputs: operation-specific ones first."""
    labels = [p.get("label") for p in active]

    def plain(prop: Property) -> bool:
        value = prop.get("value")
        return (prop.get("type") == "String" and bool(prop.get("label"))
                and prop.get("feel") in (None, "optional") and not prop.get("optional")
                and not (isinstance(value, str) and value.startswith("="))
                and labels.count(prop.get("label")) == 1
                and prop["binding"]["type"] in ("zeebe:input", "zeebe:taskHeader"))

    candidates = [p for p in active if plain(p)]
    return ([p for p in candidates if p.get("condition")]
            + [p for p in candidates if not p.get("condition")])


# -- the page ---------------------------------------------------------------------------------

class ModelerError(AssertionError):
    """The page could not do a step a person could (no such chooser, template refused, ...)."""


@dataclass
class Timings:
    """Milliseconds measured in the page (performance.now())."""

    register: float
    apply: float
    render: float
    total: float
    changes: list[float] = field(default_factory=list)


@dataclass
class CheckResult:
    template_id: str
    timings: Timings
    differences: list[str]
    xml: str
    stale_entries: list[str]
    filled: str | None  # id of the property typed into


class ModelerPage:
    """One browser tab with the bundled Modeler; `run` does a whole check on a template."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def load(self, text: str) -> Timings:
        result = self.page.evaluate("t => window.modelerCheck.load(t)", text)
        if not result["ok"]:
            raise ModelerError(f"template not registered: {result['errors']}")
        if result["errors"]:
            raise ModelerError(f"template errors: {result['errors']}")
        return Timings(result["register"], result["apply"], result["render"], result["total"])

    def choose(self, prop: Property, value: str) -> float:
        choices = [str(c["value"]) for c in prop["choices"]]
        result = self.page.evaluate("([c, v]) => window.modelerCheck.choose(c, v)",
                                    [choices, value])
        if not result["ok"]:
            raise ModelerError(f"chooser {prop['id']!r}: {result['error']}")
        return float(result["total"])

    def fill(self, prop: Property, text: str) -> None:
        result = self.page.evaluate("([l, t]) => window.modelerCheck.fill(l, t)",
                                    [prop["label"], text])
        if not result["ok"]:
            raise ModelerError(f"field {prop['id']!r}: {result['error']}")

    def entries(self) -> list[dict[str, str]]:
        return list(self.page.evaluate("() => window.modelerCheck.entries()"))

    def save_xml(self) -> str:
        return str(self.page.evaluate("() => window.modelerCheck.saveXML()"))

    def run(self, text: str, pick: int = -1) -> CheckResult:
        """Register, apply, render, pick the operation, fill a field, save, compare."""
        template = json.loads(text)
        if isinstance(template, list):
            template = template[0]
        timings = self.load(text)
        steps = plan(template, pick)
        for prop, value in steps.steps:
            timings.changes.append(self.choose(prop, value))
        stale = self.stale_entries(template, steps.chosen())
        for candidate in steps.fills:
            # a field the panel shows with a stale FEEL editor (see stale_entries) is skipped
            if not any(f"({candidate['id']})" in line for line in stale):
                self.fill(candidate, FILL_TEXT)
                steps.fill = candidate
                break
        xml = self.save_xml()
        expected = expected_bindings(template, steps.chosen())
        return CheckResult(
            template_id=str(template["id"]), timings=timings,
            differences=expected.differences(saved_bindings(xml)), xml=xml,
            stale_entries=stale, filled=steps.fill["id"] if steps.fill else None)

    def stale_entries(self, template: Mapping[str, Any], chosen: Mapping[str, Any]) -> list[str]:
        """Shown entries whose text is not the value their property holds (panel reuse)."""
        active, values = Conditions(template).settle(chosen)
        ids = entry_ids(template, active)
        shown = {e["id"]: e for e in self.entries()}
        out: list[str] = []
        for prop in active:
            entry = shown.get(ids.get(id(prop), ""))
            if entry is None or prop.get("type") in ("Hidden", "Dropdown", "Boolean"):
                continue
            want = written_value(prop, values[binding_key(prop)]) or ""
            editor = prop.get("feel") == "required" or (
                prop.get("feel") == "optional" and want.startswith("=")
                and prop.get("type") != "Number")  # a number field shows 20 for "=20"
            if editor != (entry["kind"] == "feel-editor"):
                out.append(f"{prop.get('label')!r} ({prop.get('id')}): shows a "
                           f"{entry['kind']} for {want[:60]!r}")
                continue
            if entry["kind"] == "feel-editor":
                want = want[1:] if want.startswith("=") else want
                got = entry["text"].replace("\n", "")
                want = want.replace("\n", "")
            else:
                got = entry["text"]
                if prop.get("type") == "Number":
                    want = want.lstrip("=")
            if got != want and not (entry["kind"] == "feel-editor" and len(got) > 60
                                    and want.startswith(got)):
                # (CodeMirror draws only the visible part of a long line: a long prefix of the
                # value is the value, not another entry's)
                out.append(f"{prop.get('label')!r} ({prop.get('id')}): shows {got[:60]!r}, "
                           f"holds {want[:60]!r}")
        return out


def entry_ids(template: Mapping[str, Any], active: Sequence[Property]) -> dict[int, str]:
    """The panel's entry id of each active property (its `custom-entry-*` scheme: position
    within the property's group among the active properties)."""
    groups = {g["id"] for g in template.get("groups", [])}
    counters: dict[str, int] = {}
    out: dict[int, str] = {}
    default = 0
    for prop in active:
        group = str(prop.get("group"))
        if group in groups:
            index = counters.get(group, 0)
            counters[group] = index + 1
            out[id(prop)] = f"custom-entry-{template['id']}-{group}-{index}"
        else:
            out[id(prop)] = f"custom-entry-{template['id']}-{default}"
            default += 1
    return out


def _local_only(route: Any) -> None:
    url = str(route.request.url)
    if url.startswith(("file:", "data:")):
        route.continue_()
    else:
        route.abort()


@contextmanager
def modeler_page() -> Iterator[ModelerPage]:
    """Start Chromium (the system one, no download) with the bundled Modeler page loaded."""
    if not CHROMIUM.exists():
        raise ModelerError(f"{CHROMIUM} is missing: scripts/test installs it (apt chromium)")
    if not BUNDLE.exists():
        raise ModelerError(f"{BUNDLE} is missing: run tests/modeler/build.sh (scripts/test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.route("**/*", _local_only)
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(PAGE.as_uri())
            page.wait_for_function("window.modelerCheck && window.modelerCheck.ready")
            if errors:
                raise ModelerError(f"page errors: {errors}")
            yield ModelerPage(page)
        finally:
            browser.close()


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")
