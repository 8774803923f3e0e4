"""Writing and re-reading template files: atomic writes, output layout, file validation."""

from __future__ import annotations

import errno
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import orjson

from converter.core import ConversionResult
from converter.diagnostics import Diagnostic, Severity

__all__ = [
    "clashes", "dump_bytes", "dumps", "output_plan", "rename_template", "safe_stem",
    "validate_file", "write_all", "write_atomic",
]


def dumps(template: Any) -> str:
    """The one serialisation of a template (or a list of them): stable, readable, with a final
    newline, as `json.dumps(indent=2, ensure_ascii=False)` writes it."""
    return dump_bytes(template).decode("utf-8")


def dump_bytes(template: Any) -> bytes:
    """`dumps` as the UTF-8 bytes a file gets. orjson writes the same text as json (but for
    floats below 1e-4: `0.00001`, not `1e-05`) at a fraction of the time; json writes what
    orjson cannot (an integer beyond 64 bits)."""
    try:
        return orjson.dumps(template, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except TypeError:
        return (json.dumps(template, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _temporary(path: Path) -> tuple[int, str]:
    """A new temporary file next to `path` (so that renaming it is atomic), with the mode a
    plain `open()` would give (mkstemp's 0600 would hide templates from other users)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    umask = os.umask(0o022)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    return fd, tmp


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write via a temporary file in the same folder, then rename: never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all(files: list[tuple[Path, bytes]]) -> None:
    """Write every file or none: all go to temporary files first, then each is renamed.

    Raises ConverterError naming the file that cannot be written (a folder where a file should
    be, no permission, a full disk); files that existed before are then left as they were.
    """
    from converter.diagnostics import ConverterError

    staged: list[tuple[str, Path]] = []
    current = Path()
    try:
        for path, text in files:
            current = path
            if path.is_dir():  # found now, before any file is replaced
                raise IsADirectoryError(errno.EISDIR, "is a directory")
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = _temporary(path)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(text)
        for tmp, path in staged:
            current = path
            os.replace(tmp, path)
    except OSError as exc:
        raise ConverterError(f"cannot write: {exc.strerror or exc}", where=str(current)) from exc
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)


def safe_stem(stem: str) -> str:
    """A file name that cannot leave its folder (`../../etc/x` -> `.._.._etc_x` -> `_.._etc_x`)."""
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in stem).lstrip(".")
    return safe[:150] or "template"


def output_plan(result: ConversionResult, output: str | None
                ) -> list[tuple[Path | None, bytes]]:
    """(file or None for stdout, JSON text as UTF-8) pairs. A directory gets one file per
    template."""
    if output:
        target = Path(output)
        if target.is_dir() or output.endswith(("/", os.sep)) or (
                not target.suffix and len(result.templates) > 1):
            return [(target / f"{safe_stem(stem)}.json", dump_bytes(template))
                    for stem, template in zip(result.stems, result.templates, strict=True)]
    data = result.templates[0] if len(result.templates) == 1 else result.templates
    return [(Path(output) if output else None, dump_bytes(data))]


def validate_file(path: Path) -> list[Diagnostic]:
    """Validate a template file holding one template or an array of templates."""
    from converter.validate import duplicate_keys, validate_all

    where = str(path)
    try:
        text = path.read_text("utf-8")
        data = json.loads(text)
    except OSError as exc:
        return [Diagnostic(Severity.ERROR, "template.unreadable", exc.strerror or str(exc), where)]
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [Diagnostic(Severity.ERROR, "template.invalid-json", str(exc), where)]
    out = [Diagnostic(Severity.ERROR, "template.duplicate-keys", f"duplicate JSON key {k!r}", where)
           for k in duplicate_keys(text)]
    templates = data if isinstance(data, list) else [data]
    out.extend(validate_all(templates))
    return out


def clashes(inputs: Sequence[tuple[Sequence[str], PurePosixPath]]) -> dict[int, str]:
    """Which inputs (their template ids, their path) share a template id with another one, and
    the tag each of them gets: the file's stem, or its path when the stems are the same too.

    Two inputs whose titles give the same id (two Salesforce WSDLs both called SforceService)
    would shadow each other in the Modeler. All of them get a tag, not all but the first, so
    the result does not depend on the order the inputs finished in."""
    owners: dict[str, set[int]] = {}
    for i, (ids, _) in enumerate(inputs):
        for template_id in ids:
            owners.setdefault(template_id, set()).add(i)
    tags: dict[int, str] = {}
    for group in sorted(sorted(s) for s in owners.values() if len(s) > 1):
        stems = [inputs[i][1].stem for i in group]
        for i, stem in zip(group, stems, strict=True):
            whole = inputs[i][1].with_suffix("").as_posix()
            tags.setdefault(i, whole if stems.count(stem) > 1 else stem)
    return tags


def rename_template(path: Path, tag: str) -> str:
    """Rewrite the template file at `path` with `tag` in its id (`io.x.api.<slug of tag>`, in
    the task headers too) and its name (`API (tag)`); returns the new id."""
    from converter import naming
    from converter.renderers import with_identity

    template = json.loads(path.read_bytes())
    template = with_identity(template, template_id=f"{template['id']}.{naming.slug(tag) or 'x'}",
                             version=template["version"])
    template["name"] = f"{template['name']} ({tag})"
    write_atomic(path, dump_bytes(template))
    return str(template["id"])
