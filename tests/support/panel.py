"""What a template looks like in the Modeler's properties panel, measured (issue 18).

`problems(template)` lists every breach of the panel rules: an operation chooser level with
more than `MAX_CHOICES` entries, two entries of one chooser with the same label, HTML markup in a
label, tooltip or description, an icon that is not embedded, a missing or wrong
`elementTemplateId`/`elementTemplateVersion` task header. `facts(template)` gives the numbers
(properties, largest chooser level) for reports. Also a script:
`python -m tests.support.panel DIR...` prints the figures for every template under DIR.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from converter.renderers.choice import MAX_CHOICES

# Real HTML elements only: `<tns:Foo>` or `<id>` in a SOAP or API description is not markup.
HTML_TAG = re.compile(
    r"</?(?:a|abbr|b|big|blockquote|br|center|cite|code|dd|del|details|div|dl|dt|em|font|h[1-6]"
    r"|hr|i|img|ins|kbd|li|ol|p|pre|q|s|samp|small|span|strong|sub|summary|sup|table|tbody|td"
    r"|th|thead|tr|tt|u|ul|var)(?:\s[^<>]*)?/?>", re.IGNORECASE)
TEXT_KEYS = ("label", "tooltip", "description")


def choosers(template: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The operation chooser dropdowns (every level)."""
    for p in template.get("properties", []):
        if p.get("type") == "Dropdown" and str(p.get("id", "")).startswith("operation"):
            yield p


def facts(template: dict[str, Any]) -> dict[str, int]:
    levels = [len(p.get("choices", [])) for p in choosers(template)]
    return {"properties": len(template.get("properties", [])),
            "largest_chooser": max(levels, default=0), "chooser_levels": len(levels)}


def problems(template: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for p in choosers(template):
        names = [c["name"] for c in p.get("choices", [])]
        if len(names) > MAX_CHOICES:
            out.append(f"chooser {p['id']} has {len(names)} entries")
        twice = sorted(n for n, k in Counter(names).items() if k > 1)
        if twice:
            out.append(f"chooser {p['id']} repeats {twice[:3]}")
    texts = [("template description", template.get("description", ""))]
    texts += [(f"{p.get('id', '?')}.{k}", p[k]) for p in template.get("properties", [])
              for k in TEXT_KEYS if isinstance(p.get(k), str)]
    texts += [(f"{p.get('id', '?')} choice", c["name"]) for p in choosers(template)
              for c in p.get("choices", [])]
    for where, text in texts:
        tag = HTML_TAG.search(text)
        if tag:
            out.append(f"{where} holds HTML {tag.group(0)!r}")
    icon = template.get("icon", {}).get("contents", "")
    if not icon.startswith("data:"):
        out.append(f"icon is not embedded: {icon[:60]!r}")
    headers = {p["binding"]["key"]: p.get("value") for p in template.get("properties", [])
               if p.get("binding", {}).get("type") == "zeebe:taskHeader"}
    want = {"elementTemplateId": template.get("id"),
            "elementTemplateVersion": str(template.get("version"))}
    for key, value in want.items():
        if headers.get(key) != value:
            out.append(f"task header {key} is {headers.get(key)!r}, want {value!r}")
    return out


def _templates(folder: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in sorted(folder.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for template in data if isinstance(data, list) else [data]:
            if isinstance(template, dict) and "properties" in template:
                yield path, template


_KINDS = ("entries", "repeats", "holds HTML", "icon", "elementTemplateId",
          "elementTemplateVersion")


def main(folders: list[str]) -> None:
    rows = [(path, facts(t), problems(t)) for f in folders for path, t in _templates(Path(f))]
    rows.sort(key=lambda r: -r[1]["properties"])
    for path, fact, found in rows[:25]:
        print(f"{fact['properties']:6} props  chooser {fact['largest_chooser']:4}  "
              f"{len(found):3} problems  {path}")
    kinds = Counter(next((k for k in _KINDS if k in p), p) for _, _, found in rows for p in found)
    print(f"{len(rows)} templates; over {MAX_CHOICES} choices: "
          f"{sum(r[1]['largest_chooser'] > MAX_CHOICES for r in rows)}")
    for kind, n in kinds.most_common():
        print(f"  {n:6}  {kind}")


if __name__ == "__main__":
    main(sys.argv[1:])
