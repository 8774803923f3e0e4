"""Run the chain over converted specs: convert -> per operation and variant -> judge -> tally."""

from __future__ import annotations

import hashlib
import time
import traceback
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.fill import InputRef
from harness.judge_openapi import JudgeUnavailable, Verdict
from harness.node import NodeHelper
from harness.pipeline import Outcome

REPO = Path(__file__).resolve().parents[3]
CORPUS = (REPO.parent / "shared" / "corpus").resolve()


def corpus_specs(root: Path = CORPUS) -> list[Path]:
    """Every spec entry point of the corpus, in a stable order (JSON twin of a YAML wins)."""
    out: list[Path] = []
    oai = root / "openapi" / "oai" / "examples"
    for version in ("v2.0/json", "v3.0", "v3.1"):
        out.extend(sorted((oai / version).glob("*.json")))
    out.append(root / "openapi" / "stripe-spec3-2022-04.json")
    out.append(root / "openapi" / "box-openapi.json")
    out.extend(sorted((root / "openapi" / "twilio").glob("*.json")))
    out.append(root / "openapi" / "digitalocean" / "specification" / "DigitalOcean-public.v2.yaml")
    out.extend(sorted(p for p in (root / "openapi" / "apis-guru-lite" / "specs").rglob("*")
                      if p.suffix in (".json", ".yaml", ".yml")))
    out.extend(sorted((root / "graphql").glob("*.graphql")))
    out.extend(sorted(p for p in (root / "wsdl").rglob("*") if p.suffix in (".wsdl",)))
    return [p for p in out if p.is_file()]


def _stable(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def rest_operation(op: Any) -> Any:
    from harness.rest import RestOperation

    req = op.request
    refs = tuple(InputRef(variable=i.variable, location=i.location.value, name=i.name,
                          required=i.required, path=tuple(i.path),
                          enum=tuple(i.enum), type=i.type.value, numbered=i.numbered)
                 for i in op.inputs)
    return RestOperation(id=op.id, method=req.method, path=req.path, inputs=refs,
                         content_type=req.body.content_type if req.body else "")


@dataclass
class Tally:
    specs: int = 0
    not_converted: list[tuple[str, str]] = field(default_factory=list)
    judge_unavailable: list[tuple[str, str]] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def operations(self) -> set[tuple[str, str]]:
        return {(o.spec, o.operation) for o in self.outcomes}

    @property
    def rejected_operations(self) -> set[tuple[str, str]]:
        return {(o.spec, o.operation) for o in self.outcomes if not o.accepted}

    def _rejected_by_operation(self) -> dict[tuple[str, str], list[Outcome]]:
        by_op: dict[tuple[str, str], list[Outcome]] = {}
        for o in self.outcomes:
            if not o.accepted:
                by_op.setdefault((o.spec, o.operation), []).append(o)
        return by_op

    def spec_defects(self) -> dict[tuple[str, str], str]:
        """Rejected operations whose every rejection is traced to the spec (harness.defects)."""
        from harness.defects import SPEC_DEFECTS, spec_defect_rule

        out = {}
        for key, rejected in self._rejected_by_operation().items():
            record = SPEC_DEFECTS.get(key) or SPEC_DEFECTS.get((key[0], "*"))
            if record is not None:
                out[key] = record
                continue
            first = rejected[0]
            reasons = [r for o in rejected for r in o.verdict.reasons]
            codes = {code for code, _ in reasons}
            if first.method and first.spec_path:
                why = spec_defect_rule(first.spec_path, first.method, first.path, codes,
                                       reasons)
                if why is not None:
                    out[key] = why
        return out

    def stale_defects(self) -> list[tuple[str, str]]:
        """SPEC_DEFECTS records of checked operations that no longer have any rejection (the
        record excused a converter or judge defect since fixed, or was wrong)."""
        from harness.defects import SPEC_DEFECTS

        checked = self.operations
        rejected = self.rejected_operations
        specs = {spec for spec, _ in checked}
        out = []
        for spec, op in SPEC_DEFECTS:
            if op == "*":
                if spec in specs and not any(s == spec for s, _ in rejected):
                    out.append((spec, op))
            elif (spec, op) in checked and (spec, op) not in rejected:
                out.append((spec, op))
        return sorted(out)

    def unexplained(self) -> list[tuple[str, str]]:
        """Rejected operations not traced to a spec defect: converter or harness (judge)
        defects."""
        explained = self.spec_defects()
        return sorted(op for op in self.rejected_operations if op not in explained)

    def unexplained_not_converted(self) -> list[tuple[str, str]]:
        from harness.defects import NOT_CONVERTED

        return [(spec, why) for spec, why in self.not_converted if spec not in NOT_CONVERTED]

    def reasons(self) -> Counter[str]:
        """Rejected operations by reason (an operation counts once per reason)."""
        seen: set[tuple[str, str, str]] = set()
        for o in self.outcomes:
            for code, _ in o.verdict.reasons:
                seen.add((o.spec, o.operation, code))
        return Counter(code for _, _, code in seen)

    def summary(self) -> str:
        ops = self.operations
        bad = self.rejected_operations
        lines = [
            f"fidelity: {self.specs} specs, {len(ops)} operations checked "
            f"({len(self.outcomes)} variants) in {self.seconds:.1f}s",
            f"  accepted: {len(ops - bad)}",
            f"  rejected: {len(bad)}",
        ]
        for code, count in sorted(self.reasons().items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"    {count:5d}  {code}")
        defects = self.spec_defects()
        lines.append(f"  rejected, traced to a spec defect (harness/defects.py): {len(defects)}")
        lines.append(f"  rejected, unexplained (converter or harness defect): "
                     f"{len(self.unexplained())}")
        stale = self.stale_defects()
        if stale:
            lines.append(f"  spec-defect records whose operations were accepted (stale): "
                         f"{len(stale)} {stale[:5]}")
        if self.not_converted:
            lines.append(f"  specs not converted: {len(self.not_converted)} "
                         f"({len(self.unexplained_not_converted())} not in "
                         f"defects.NOT_CONVERTED)")
        if self.judge_unavailable:
            lines.append(f"  specs the judge cannot load: {len(self.judge_unavailable)}")
        return "\n".join(lines)

    def details(self, limit: int = 200) -> str:
        out = []
        defects = self.spec_defects()
        for o in self.outcomes:
            if o.accepted:
                continue
            key = (o.spec, o.operation)
            tag = " (spec defect)" if key in defects else ""
            for code, detail in o.verdict.reasons:
                out.append(f"{o.spec} :: {o.operation} [{o.variant}]{tag} {code}: {detail}")
        for spec, why in self.not_converted:
            out.append(f"{spec} :: (not converted) {why}")
        for spec, why in self.judge_unavailable:
            out.append(f"{spec} :: (judge unavailable) {why}")
        return "\n".join(out[:limit])


def check_spec(path: Path, tally: Tally, *, max_operations: int | None = None,
               helper: NodeHelper | None = None, name: str = "") -> None:
    """Convert one spec (one template per operation) and run every (sampled) operation.

    Only the sampled operations are rendered, and the templates are not schema-validated here
    (`converter.convert` validates every template, which costs far more than the whole chain;
    schema validity has its own tests): the harness judges what the templates *do*.
    """
    from converter import Options, Split, load
    from converter.diagnostics import Diagnostics
    from converter.renderers import plan, render_bundle
    from converter.renderers.reserved import clear

    # a spec named by a relative or symlinked path is still labelled as in defects.py
    real = path.resolve()
    label = name or (str(real.relative_to(CORPUS)) if real.is_relative_to(CORPUS) else path.name)
    tally.specs += 1
    options = Options(split=Split.OPERATION)
    diagnostics = Diagnostics()
    try:
        api = load(str(path), options=options, diagnostics=diagnostics)
        bundles = plan(api, options)
    except Exception as exc:
        tally.not_converted.append((label, f"{type(exc).__name__}: {exc}"[:300]))
        return
    if max_operations is not None and len(bundles) > max_operations:
        bundles = sorted(bundles, key=lambda b: _stable(label + b.operations[0].id))
        bundles = bundles[:max_operations]
    for bundle in bundles:
        try:
            template = render_bundle(api, bundle, options=options, diagnostics=diagnostics)
        except Exception as exc:
            tally.not_converted.append((label, f"{bundle.operations[0].id}: "
                                               f"{type(exc).__name__}: {exc}"[:300]))
            continue
        for op in map(clear, bundle.operations):  # named as the template binds them
            try:
                tally.outcomes.extend(check_one(path, template, op, api, label, helper))
            except JudgeUnavailable as exc:
                tally.judge_unavailable.append((label, str(exc)[:300]))
                return
            except Exception as exc:  # a harness crash is a failure, never a pass
                verdict = Verdict(accepted=False)
                tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
                verdict.reject("harness.crash", tb[:400])
                tally.outcomes.append(Outcome(spec=label, operation=op.id, variant="-",
                                              verdict=verdict))


def check_one(path: Path, template: dict[str, Any], op: Any, api: Any, label: str,
              helper: NodeHelper | None) -> list[Outcome]:
    protocol = op.protocol.value
    if protocol == "rest":
        from harness.rest import check_operation

        return check_operation(path, template, rest_operation(op), spec_name=label,
                               helper=helper)
    if protocol == "graphql":
        from harness.graphql import check_operation as check_graphql

        return check_graphql(path, template, op, spec_name=label, helper=helper)
    if protocol == "soap":
        from harness.soap import check_operation as check_soap

        return check_soap(path, template, op, api, spec_name=label, helper=helper)
    verdict = Verdict(accepted=False)
    verdict.reject("harness.protocol", f"unknown protocol {protocol}")
    return [Outcome(spec=label, operation=op.id, variant="-", verdict=verdict)]


def run(specs: Iterable[Path], *, max_operations: int | None = None,
        helper: NodeHelper | None = None, progress: bool = False) -> Tally:
    tally = Tally()
    start = time.monotonic()
    for spec in specs:
        t0 = time.monotonic()
        before = len(tally.outcomes)
        check_spec(spec, tally, max_operations=max_operations, helper=helper)
        if progress:
            done = tally.outcomes[before:]
            bad = sum(1 for o in done if not o.accepted)
            print(f"  {spec.name}: {len(done)} variants, {bad} rejected "
                  f"({time.monotonic() - t0:.1f}s)", flush=True)
            for o in done:
                for code, detail in o.verdict.reasons:
                    print(f"    ! {o.operation} [{o.variant}] {code}: {detail[:300]}",
                          flush=True)
    tally.seconds = time.monotonic() - start
    return tally


def ci_sample(specs: Sequence[Path] | None = None) -> list[Path]:
    """A deterministic CI-sized selection: every small spec, and a share of the big folders."""
    all_specs = list(specs) if specs is not None else corpus_specs()
    out = []
    for p in all_specs:
        rel = str(p)
        if "apis-guru-lite" in rel or "/twilio/" in rel or "/wsdl/" in rel:
            if int(_stable(rel)[:8], 16) % 16 != 0:
                continue
        out.append(p)
    return out
