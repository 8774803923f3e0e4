"""Batch conversion: find the specs among many files, convert them in parallel, write a mirror.

Three promises shape this module:

- One bad input never hurts the others. Every input runs in a worker process with a deadline
  (`converter.workpool`); a failure, a hang or a crash becomes that input's status.
- Same inputs and options give the same bytes whatever `--jobs` is. Output paths are planned
  up front from the sorted list of inputs (`plan_layout`), never from completion order, and
  each worker writes only its own planned paths, atomically.
- Inputs are recognised by content. Files met in a folder or a glob that are not API
  descriptions (READMEs, XSDs, `$ref` fragments, ...) are skipped with a note; a file that
  looks meant to be a spec (by its extension) but cannot be read is a failure, not a skip.
  A file named explicitly on the command line is always converted, like `convert` would.

Library code: nothing here prints. `converter.batch_console` shows progress and the summary.
"""

from __future__ import annotations

import glob
import itertools
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from converter import workpool
from converter.diagnostics import (
    ConverterError,
    Diagnostic,
    Severity,
    SourceError,
    SpecSyntaxError,
    UnsupportedFormatError,
)
from converter.options import Options

if TYPE_CHECKING:
    from converter.sources import Source

# A file with one of these extensions that cannot even be parsed is a broken spec (failed);
# any other unreadable file met in a folder is just not a spec (skipped).
SPEC_SUFFIXES = frozenset({".json", ".yaml", ".yml", ".wsdl"})
DEFAULT_TIMEOUT = 600.0

_GLOB_MAGIC = re.compile(r"[*?[]")


class Status(StrEnum):
    CONVERTED = "converted"
    FAILED = "failed"
    SKIPPED = "skipped"  # not an API description


@dataclass(frozen=True, slots=True)
class Input:
    """One file to look at, and where it sits relative to the source it was found under."""

    path: Path
    relative: PurePosixPath
    explicit: bool  # named on the command line (always converted) vs found in a folder/glob
    problem: str = ""  # a source that does not exist; reported as a failed input
    root: Path | None = None  # the folder named on the command line it was found under


@dataclass(frozen=True, slots=True)
class Task:
    """What a worker needs for one input (picklable)."""

    index: int
    path: Path
    explicit: bool
    out_dir: Path
    base: PurePosixPath  # output path without extension, relative to out_dir
    options: Options


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input."""

    source: str
    status: Status
    format: str = ""
    title: str = ""
    operations: int = 0
    templates: tuple[str, ...] = ()  # files written, as paths under the output folder
    ids: tuple[str, ...] = ()  # their template ids
    diagnostics: tuple[Diagnostic, ...] = ()
    note: str = ""  # why it was skipped or failed, in a few words
    seconds: float = 0.0

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)


@dataclass(slots=True)
class Summary:
    """Counts over a batch, for the summary table and the report."""

    files: int = 0
    inputs: int = 0  # files that are (or were named as) API descriptions
    converted: int = 0
    failed: int = 0
    skipped: int = 0
    operations: int = 0
    templates: int = 0
    warnings: int = 0

    @classmethod
    def of(cls, outcomes: Iterable[Outcome]) -> Summary:
        s = cls()
        for o in outcomes:
            s.files += 1
            s.converted += o.status is Status.CONVERTED
            s.failed += o.status is Status.FAILED
            s.skipped += o.status is Status.SKIPPED
            s.operations += o.operations
            s.templates += len(o.templates)
            s.warnings += o.warnings
        s.inputs = s.converted + s.failed
        return s

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


# --- discovery ---------------------------------------------------------------------------------


def discover(sources: Sequence[str], *, exclude: Path | None = None) -> list[Input]:
    """Files to look at, in a stable order: sources in the order given, folders sorted.

    Folders are walked recursively (hidden files and folders are left out, and so is
    `exclude`, the output folder, so a second run does not read its own output). A source that
    matches nothing is kept as an input with a `problem`, so that it is reported.
    """
    seen: set[Path] = set()
    found: list[Input] = []
    skip = exclude.resolve() if exclude is not None else None

    def add(path: Path, relative: PurePosixPath, explicit: bool, root: Path | None = None) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append(Input(path, relative, explicit, root=root))

    for source in sources:
        path = Path(source)
        if _GLOB_MAGIC.search(source) and not path.exists():
            matches = [Path(m) for m in sorted(glob.glob(source, recursive=True))]
            if not matches:
                found.append(Input(path, PurePosixPath(path.name), True,
                                   problem="no file matches this pattern"))
            root = _glob_root(source)
        elif path.is_dir():
            matches, root = [path], path
        elif path.is_file():
            add(path, PurePosixPath(path.name), True)
            continue
        else:
            found.append(Input(path, PurePosixPath(path.name), True,
                               problem=_missing(source)))
            continue
        for m in matches:
            if m.is_dir():
                for file in _walk(m, skip):
                    add(file, _relative(file, root), False, root)
            elif m.is_file() and not _hidden(m.relative_to(root)):
                add(m, _relative(m, root), False, root)
    return found


def _missing(source: str) -> str:
    """Why `source` names no file: an URL batch does not read, or nothing there."""
    from converter.sources import is_url, refuse_other_schemes

    if is_url(source):
        return "batch reads files and folders, not URLs (convert fetches a URL)"
    try:
        refuse_other_schemes(source)
    except SourceError as exc:
        return exc.message
    return "no such file or folder"


def _glob_root(pattern: str) -> Path:
    """The literal folder a glob starts from: `specs/**/*.yaml` -> `specs`."""
    literal = list(itertools.takewhile(lambda p: not _GLOB_MAGIC.search(p), Path(pattern).parts))
    return Path(*literal) if literal else Path(".")


def _relative(file: Path, root: Path) -> PurePosixPath:
    try:
        return PurePosixPath(file.relative_to(root).as_posix())
    except ValueError:
        return PurePosixPath(file.name)


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") and part not in (".", "..") for part in relative.parts)


def _walk(folder: Path, skip: Path | None) -> list[Path]:
    out: list[Path] = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and (skip is None or Path(here, d).resolve() != skip))
        out.extend(Path(here, f) for f in files if not f.startswith("."))
    return sorted(out, key=lambda p: _relative(p, folder).parts)


# --- output layout -----------------------------------------------------------------------------


def plan_layout(inputs: Sequence[Input]) -> list[PurePosixPath]:
    """An output base per input (`<base>.json`, or `<base>/<stem>.json` for several templates).

    The base mirrors the input's relative path without its extension. Bases never overlap,
    even on case-insensitive file systems: when `pets.yaml` and `pets.json` sit side by side,
    both keep their extension (`pets.yaml.json`, `pets.json.json`) and later clashes get
    `~2`, `~3`. The plan depends only on the list of inputs, never on timing or on which
    inputs turn out to be specs, so every run with the same inputs writes the same paths.
    """
    def key(p: PurePosixPath) -> str:
        return p.as_posix().casefold()

    stems: dict[str, int] = {}
    for inp in inputs:
        k = key(inp.relative.with_suffix(""))
        stems[k] = stems.get(k, 0) + 1
    folders = {key(parent) for inp in inputs for parent in inp.relative.parents}
    taken: set[str] = set()
    bases: list[PurePosixPath] = []
    for inp in inputs:
        rel = inp.relative
        plain = rel.with_suffix("")
        first = [rel] if stems[key(plain)] > 1 or not rel.suffix else [plain, rel]
        numbered = (rel.with_name(f"{rel.name}~{n}") for n in itertools.count(2))
        for candidate in itertools.chain(first, numbered):
            claims = {key(candidate), key(candidate) + ".json"}
            if not claims & taken and not claims & folders:
                taken |= claims
                bases.append(candidate)
                break
    return bases


# --- one input (runs in a worker) --------------------------------------------------------------


def not_a_spec(path: Path, fmt: str = "auto") -> str:
    """Why `path` is not an API description to convert, or "" when it should be converted."""
    return _recognise(path, fmt)[0]


def _recognise(path: Path, fmt: str) -> tuple[str, Source | None]:
    """(why `path` is not a spec to convert or "", the document read when there is one)."""
    from converter import parsers, sources

    suffix = path.suffix.lower()
    try:
        src = sources.read(path)
    except UnsupportedFormatError:
        return "not an API description", None
    except (SpecSyntaxError, SourceError) as exc:
        return ("" if suffix in SPEC_SUFFIXES else f"not an API description ({exc.message})",
                None)
    why = parsers.skip_reason(src)
    # named like a spec but broken: convert it anyway, so that it fails with the reason
    if why and (why == parsers.WSDL_PART or suffix not in SPEC_SUFFIXES):
        return why, None
    if fmt != "auto" and src.format != fmt:
        return f"a {src.format} description, not {fmt} (--format)", None
    return "", src


def _failed(source: str, code: str, message: str, *, where: str = "",
            seconds: float = 0.0) -> Outcome:
    """A failed input whose one error says why."""
    return Outcome(source, Status.FAILED, note=message, seconds=seconds, diagnostics=(
        Diagnostic(Severity.ERROR, code, message, where or source),))


def process(task: Task) -> Outcome:
    """Convert one input and write its templates; every failure becomes the outcome's status."""
    from converter import renderers
    from converter.core import convert
    from converter.output import dump_bytes, safe_stem, write_atomic

    start = time.perf_counter()
    source = str(task.path)

    def seconds() -> float:
        return round(time.perf_counter() - start, 3)

    def done(status: Status, **kw: Any) -> Outcome:
        return Outcome(source, status, seconds=seconds(), **kw)

    try:
        read: Path | Source = task.path
        if not task.explicit:
            reason, src = _recognise(task.path, task.options.format)
            if reason:
                return done(Status.SKIPPED, note=reason)
            read = src or task.path  # a broken spec is read again to fail with its reason
        result = convert(read, options=task.options)
        operations = len(renderers.select(result.api, task.options))
    except ConverterError as exc:
        return _failed(source, exc.code, exc.message, where=exc.where, seconds=seconds())
    except Exception as exc:  # a converter bug must cost this input only
        return _failed(source, "internal.error", f"internal error ({type(exc).__name__}: {exc})",
                       seconds=seconds())
    facts: dict[str, Any] = {"format": result.api.source_format.value, "title": result.api.title,
                             "operations": operations, "diagnostics": result.diagnostics}
    if not result.ok or not result.templates:
        first = next((d.message for d in result.diagnostics if d.severity is Severity.ERROR),
                     "no template produced")
        return done(Status.FAILED, note=first, **facts)
    names = _file_names(result.stems) if len(result.templates) > 1 else None
    written: list[str] = []
    try:
        for i, template in enumerate(result.templates):
            rel = (task.base / f"{safe_stem(names[i])}.json" if names
                   else task.base.with_name(task.base.name + ".json"))
            write_atomic(task.out_dir / rel, dump_bytes(template))
            written.append(rel.as_posix())
    except OSError as exc:
        return done(Status.FAILED, note=f"cannot write output: {exc.strerror or exc}", **facts)
    return done(Status.CONVERTED, templates=tuple(written),
                ids=tuple(str(t["id"]) for t in result.templates), **facts)


def _file_names(stems: Sequence[str]) -> list[str]:
    """Distinct file names for one input's templates, also when compared case-insensitively."""
    from converter.output import safe_stem

    taken: set[str] = set()
    out: list[str] = []
    for stem in stems:
        name, n = safe_stem(stem), 2
        while name.casefold() in taken:
            name, n = f"{safe_stem(stem)}~{n}", n + 1
        taken.add(name.casefold())
        out.append(name)
    return out


# --- the whole batch ---------------------------------------------------------------------------


def run(
    inputs: Sequence[Input],
    out_dir: Path,
    *,
    options: Options | None = None,
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    on_start: Callable[[Input], None] | None = None,
    on_done: Callable[[Input, Outcome], None] | None = None,
    worker: Callable[[Task], Outcome] = process,
) -> list[Outcome]:
    """Convert `inputs` into `out_dir`; outcomes come back in input order.

    `jobs` defaults to the number of CPUs; `timeout` (seconds, None for none) bounds each
    input. `on_start`/`on_done` let a caller show progress. `worker` is the per-input
    function (module level, it is pickled by name); tests swap it to simulate hangs.
    """
    opts = options or Options()
    outcomes: list[Outcome | None] = [None] * len(inputs)
    for i, inp in enumerate(inputs):
        if inp.problem:
            outcomes[i] = missing = _failed(str(inp.path), "source.unreadable", inp.problem)
            if on_done is not None:
                on_done(inp, missing)
    # Specs found under a folder the user named may reference files anywhere in that folder
    # (a WSDL in wsdl/ importing ../xsd/common.xsd), not only next to themselves.
    tasks = [Task(i, inp.path, inp.explicit, out_dir, base,
                  replace(opts, root=inp.root) if opts.root is None and inp.root else opts)
             for i, (inp, base) in enumerate(zip(inputs, plan_layout(inputs), strict=True))
             if not inp.problem]
    # Biggest files first: the long conversions start early instead of finishing alone.
    todo = sorted(tasks, key=lambda t: (-_size(t.path), t.index))
    running: dict[int, Task] = {}

    def start(task: Task) -> None:
        running[task.index] = task
        if on_start is not None:
            on_start(inputs[task.index])

    events = workpool.run(worker, todo, jobs=jobs or cpu_count(), timeout=timeout,
                          on_start=start)
    try:
        for event in events:
            task = event.task
            running.pop(task.index, None)
            outcomes[task.index] = outcome = _outcome(event)
            if on_done is not None:
                on_done(inputs[task.index], outcome)
    except BaseException:  # Ctrl-C included: the pool kills its workers, we tidy after them
        events.close()
        for task in running.values():
            _clean_temporaries(task)
        raise
    # every input has its outcome now: the pool yields one event per task
    return distinct_ids([o for o in outcomes if o is not None], inputs, out_dir)


def distinct_ids(outcomes: Sequence[Outcome], inputs: Sequence[Input], out_dir: Path
                 ) -> list[Outcome]:
    """Outcomes whose template ids are unique across the batch: inputs that would share an id
    get their own name in it (`converter.output.clashes`), and their files are rewritten."""
    from converter.output import clashes, rename_template

    out = list(outcomes)
    for i, tag in clashes([(o.ids, inp.relative) for o, inp in zip(outcomes, inputs,
                                                                    strict=True)]).items():
        try:
            ids = [rename_template(out_dir / rel, tag) for rel in outcomes[i].templates]
        except OSError as exc:
            out[i] = replace(outcomes[i], status=Status.FAILED,
                             note=f"cannot rewrite output: {exc.strerror or exc}")
            continue
        out[i] = replace(outcomes[i], ids=tuple(ids))
    return out


def cpu_count() -> int:
    """CPUs this process may use (a container's or taskset's share, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _outcome(event: workpool.Done[Task, Outcome] | workpool.Lost[Task]) -> Outcome:
    if isinstance(event, workpool.Done):
        return event.result
    _clean_temporaries(event.task)
    return _failed(str(event.task.path), f"batch.{event.reason}", event.detail,
                   seconds=round(event.seconds, 3))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _clean_temporaries(task: Task) -> None:
    """Remove temporary files a killed worker may have left (`write_atomic`'s `.name.*`)."""
    target = task.out_dir / task.base
    leftovers = list(target.parent.glob(f".{glob.escape(target.name)}.json.*"))
    if target.is_dir():
        leftovers += target.glob(".*.json.*")
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
