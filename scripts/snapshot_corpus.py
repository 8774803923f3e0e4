#!/usr/bin/env python3
"""Write what the library makes of every corpus file, to compare two versions byte for byte.

    python scripts/snapshot_corpus.py OUT_DIR [CORPUS_DIR] [--jobs 2]
    diff -r BEFORE_DIR AFTER_DIR

For every file under CORPUS_DIR (default ../shared/corpus) that could be an API description,
`convert` runs with default options and with `--split operation`; OUT_DIR/<path>.<split>.txt
holds the diagnostics (one per line) and the templates (indented JSON), or the error that
stopped the conversion. A refactoring that promises "behaviour unchanged" shows an empty diff.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

SUFFIXES = {".json", ".yaml", ".yml", ".wsdl", ".xml", ".graphql", ".graphqls", ".gql", ".txt"}


def snapshot(job: tuple[Path, Path, Path]) -> str:
    from converter import ConverterError, Options, Split, convert

    path, root, out = job
    rel = path.relative_to(root)
    for split in (Split.API, Split.OPERATION):
        lines: list[str] = []
        try:
            result = convert(str(path), options=Options(split=split))
        except ConverterError as exc:
            lines.append(f"raised {type(exc).__name__}: {exc}")
        else:
            lines += [str(d) for d in result.diagnostics]
            lines += [json.dumps(t, indent=2, ensure_ascii=False) for t in result.templates]
        target = out / f"{rel}.{split.value}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines) + "\n", "utf-8")
    return str(rel)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("corpus", type=Path, nargs="?",
                        default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    root = args.corpus.resolve()
    files = sorted(p for p in root.rglob("*")
                   if p.is_file() and p.suffix.lower() in SUFFIXES
                   and "postman" not in p.relative_to(root).parts)
    with ProcessPoolExecutor(args.jobs) as pool:
        done = list(pool.map(snapshot, [(p, root, args.out) for p in files], chunksize=8))
    print(f"{len(done)} inputs x 2 splits written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
