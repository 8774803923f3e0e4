"""The load floor: a process that only reads and parses a spec, with the converter's loaders.

    python benchmarks/load_floor.py SPEC

JSON through `orjson.loads`, YAML through yaml-rs (libyaml's CSafeLoader when yaml-rs refuses a
file), the fast paths `converter.sources` takes. For
a multi-file spec (DigitalOcean) it also loads every local file the spec reaches through `$ref`,
once each, since a conversion has to read those too. Prints the number of files and bytes read.
Imports nothing from the converter, so the floor is the bare cost of reading the input.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import orjson


def load(path: Path) -> Any:
    data = path.read_bytes()
    if data.lstrip().startswith((b"{", b"[")):
        return orjson.loads(data)  # from the bytes, as the converter does: no decoded copy
    text = data.decode("utf-8-sig")
    # imported here: a JSON spec's floor carries no YAML library, as a conversion of it does not
    import yaml
    import yaml_rs

    try:
        return yaml_rs.loads(text, parse_datetime=False)
    except yaml_rs.YAMLDecodeError:
        # a safe loader: CSafeLoader when libyaml is built in, SafeLoader otherwise
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def refs(node: Any) -> list[str]:
    """Every string `$ref` in `node` that names another file."""
    out: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                out.append(ref)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


def main() -> None:
    root = Path(sys.argv[1]).resolve()
    seen: set[Path] = set()
    todo = [root]
    size = 0
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        size += path.stat().st_size
        data = load(path)
        for ref in refs(data):
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # remote or same-document: nothing more to read
            todo.append(Path(os.path.normpath(path.parent / unquote(parts.path))))
    print(json.dumps({"files": len(seen), "bytes": size}))


if __name__ == "__main__":
    main()
