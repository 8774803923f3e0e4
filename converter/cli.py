"""The `spec2connector` command line: thin over the library, one line per problem, exit codes.

Exit codes: 0 done (warnings allowed unless --fail-on-warning), 1 an input could not be
converted or a template is invalid, 2 usage error. Bad input never prints a traceback (unless
--debug).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlparse

import click
from click.core import ParameterSource

if TYPE_CHECKING:
    from converter.core import ConversionResult
    from converter.diagnostic_lines import Verbosity
    from converter.diagnostics import Diagnostic
    from converter.options import Options


class ExitCode(IntEnum):
    OK = 0
    ERRORS = 1
    USAGE = 2


F = TypeVar("F", bound=Callable[..., Any])

# The options `inspect` shares with `convert` and `batch`.
_FORMAT = click.option("--format", "fmt",
                       type=click.Choice(["auto", "openapi", "wsdl", "graphql", "postman"]),
                       default="auto", show_default=True,
                       help="Input format (detected by content).")
_ENVIRONMENT = click.option("--environment", "environment", default=None, metavar="FILE",
                            type=click.Path(dir_okay=False, exists=True, path_type=Path),
                            help="Postman: an environment file whose values fill the "
                            "{{variables}}.")
_ALLOW_REMOTE = click.option("--allow-remote", is_flag=True,
                             help="Allow fetching remote $refs and imports named by the spec.")


def _root(default: str) -> Callable[[F], F]:
    return click.option("--root", "root", default=None, metavar="DIR",
                        type=click.Path(file_okay=False, exists=True, path_type=Path),
                        help=f"Folder whose files the spec may reference (default: {default}).")


def _conversion_options(f: F) -> F:
    """The options `convert` and `batch` share."""
    decorators = [
        _FORMAT,
        _ENVIRONMENT,
        click.option("--operation", "operations", multiple=True, metavar="NAME",
                     help="Only this operation: its id or the spec's own name (operationId, "
                     "SOAP operation, GraphQL field), 'METHOD /path', or a glob such as "
                     "'GET /pets*'; repeatable."),
        click.option("--tag", "tags", multiple=True, metavar="TAG",
                     help="Only operations with this tag; repeatable."),
        click.option("--split", type=click.Choice(["auto", "api", "tag", "operation"]),
                     default="auto", show_default=True,
                     help="One template per API (auto: cut by tag, path or name when it would "
                     "be too big for Camunda Modeler; api: always one), per tag or per "
                     "operation."),
        click.option("--version", "version", type=click.IntRange(min=1), default=1,
                     show_default=True, help="Template version (integer)."),
        click.option("--camunda", default="8.8", show_default=True,
                     type=click.Choice(["8.6", "8.7", "8.8", "8.9", "8.10"]),
                     help="Target Camunda version (engines.camunda and feature gating)."),
        click.option("--base-url", default="", metavar="URL", callback=_check_base_url,
                     help="Override the server URL (http or https)."),
        click.option("--template-dir", type=click.Path(file_okay=False, exists=True,
                                                       path_type=Path),
                     default=None, help="Directory with Jinja templates overriding the built-in "
                     "ones (same relative names)."),
        click.option("--icon", default="", metavar="FILE|URI",
                     help="Icon: an SVG/PNG file or a data:/https: URI."),
        click.option("--depth", type=click.IntRange(min=1, max=6), default=2, show_default=True,
                     help="GraphQL: depth of generated selection sets."),
        click.option("--auth", default="", metavar="KIND",
                     help="GraphQL: fixed auth (bearer, basic, apiKey:<header>)."),
        click.option("--errors", "errors", type=click.Choice(["business", "all", "none"]),
                     default="business", show_default=True,
                     help="Failures that become BPMN errors: business (documented 4xx but "
                     "408/429, declared SOAP faults, GraphQL errors), all (every documented "
                     "status, 5xx too), none (no error expression)."),
        _ALLOW_REMOTE,
        _root("the spec's folder; batch: the folder given as SOURCE"),
        click.option("--fail-on-warning", is_flag=True, help="Exit 1 when there are warnings."),
        click.option("-q", "--quiet", is_flag=True, help="Print errors only."),
        click.option("-v", "--verbose", is_flag=True,
                     help="Print every warning and note (default: grouped by code when there "
                     "are more than 20)."),
        click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors."),
    ]
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


def _check_base_url(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """--base-url must be an absolute http(s) URL: it becomes the template's server URL."""
    url = urlparse(value)
    if value and (url.scheme.lower() not in ("http", "https") or not url.netloc):
        raise click.BadParameter(f"{value!r} is not an http(s) URL with a host "
                                 "(e.g. https://api.example.com/v1)")
    return value


def _verbosity(kw: dict[str, Any]) -> Verbosity:
    from converter.diagnostic_lines import Verbosity

    if kw["quiet"] and kw["verbose"]:
        raise click.UsageError("--quiet and --verbose contradict each other")
    return Verbosity.QUIET if kw["quiet"] else (
        Verbosity.VERBOSE if kw["verbose"] else Verbosity.NORMAL)


# Options that only GraphQL inputs use; given for another format, they are said to be ignored.
GRAPHQL_ONLY = ("depth", "auth")


def _given(names: Iterable[str]) -> list[str]:
    """Those of `names` the user set (on the command line or in the environment)."""
    ctx = click.get_current_context()
    return [n for n in names
            if ctx.get_parameter_source(n) not in (None, ParameterSource.DEFAULT)]


def _ignored_options(given: list[str], subject: str) -> list[Diagnostic]:
    """A warning that GraphQL-only options were given where no GraphQL schema is converted
    (`subject`: "this openapi-3.0 document", "these inputs (none is a GraphQL schema)")."""
    from converter.diagnostics import Diagnostic, Severity

    if not given:
        return []
    flags = " and ".join(f"--{n}" for n in given)
    verb = "apply" if len(given) > 1 else "applies"
    return [Diagnostic(Severity.WARNING, "options.ignored",
                       f"{flags} only {verb} to GraphQL schemas; ignored for {subject}")]


def _cli_notes(result: ConversionResult, *, named: bool) -> list[Diagnostic]:
    """What only the command line can say: options given in vain, --name worth giving."""
    from converter.diagnostics import Diagnostic, Severity
    from converter.parsers import UNTITLED

    source_format = result.api.source_format.value
    if not source_format.startswith("graphql"):
        return _ignored_options(_given(GRAPHQL_ONLY), f"this {source_format} document")
    if result.api.title == UNTITLED and not named:
        return [Diagnostic(Severity.INFO, "graphql.untitled",
                           "no file name and no short schema description to name the API "
                           f"after: the template is called '{UNTITLED}' (pass --name to choose "
                           "one)", result.api.source_name)]
    return []


def _options(**kw: Any) -> Options:
    from converter.options import ErrorPolicy, Options, Split

    icon = kw["icon"]
    if icon and not icon.startswith(("data:", "https://", "http://")):
        icon = _icon_uri(Path(icon))
    return Options(format=kw["fmt"], operations=tuple(kw["operations"]), tags=tuple(kw["tags"]),
                   split=Split(kw["split"]), template_id=kw.get("template_id", ""),
                   name=kw.get("name", ""),
                   version=kw["version"], camunda=kw["camunda"], base_url=kw["base_url"],
                   template_dir=kw["template_dir"], allow_remote=kw["allow_remote"], icon=icon,
                   depth=kw["depth"], auth=kw["auth"],
                   root=kw["root"], environment=kw["environment"],
                   errors=ErrorPolicy(kw["errors"]))


@contextmanager
def _one_line_errors(source: str, *, debug: bool = False) -> Iterator[None]:
    """A ConverterError says its one line; a bug in the converter says one line too (a
    traceback only with --debug). Either exits 1."""
    from converter.diagnostics import ConverterError

    try:
        yield
    except ConverterError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(ExitCode.ERRORS)
    except Exception as exc:
        if debug:
            raise
        click.echo(f"error: {source}: internal error ({type(exc).__name__}: {exc}); rerun with "
                   "--debug and report it", err=True)
        sys.exit(ExitCode.ERRORS)


def _icon_uri(path: Path) -> str:
    import base64

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise click.BadParameter(f"cannot read icon {path}: {exc.strerror}") from exc
    mime = "image/svg+xml" if path.suffix.lower() == ".svg" else "image/png"
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def _print_diagnostics(diagnostics: Sequence[Diagnostic], source: str,
                       verbosity: Verbosity) -> None:
    from converter.diagnostic_lines import lines

    for text in lines(diagnostics, source, verbosity):
        click.echo(text, err=True)


def _summary(result: ConversionResult, diagnostics: Iterable[Diagnostic]) -> str:
    counts = Counter(d.severity.value for d in diagnostics)
    return (f"{len(result.api.operations)} operation(s) -> {len(result.templates)} template(s); "
            f"{counts['error']} error(s), {counts['warning']} warning(s)")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="spec2connector")
def main() -> None:
    """Turn OpenAPI, WSDL and GraphQL descriptions into Camunda 8 connector templates."""


@main.command(short_help="Convert one API description into element templates.")
@click.argument("source")
@click.option("-o", "--output", default=None, metavar="FILE|DIR",
              help="Output file (one template or a JSON array) or directory (one file each). "
              "Default: stdout.")
@click.option("--id", "template_id", default="", metavar="ID", help="Template id.")
@click.option("--name", default="", help="Template name.")
@click.option("--previous", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=None, metavar="OLD.json",
              help="Template(s) generated before: keep their id; keep the version if nothing "
              "changed, else bump it; print what changed.")
@_conversion_options
def convert(source: str, output: str | None, previous: Path | None, **kw: Any) -> None:
    """Convert SOURCE (path, URL or - for stdin) into element templates."""
    from converter.core import convert as run
    from converter.diagnostic_lines import Verbosity
    from converter.diagnostics import ConverterError, Severity

    options = _options(**kw)
    verbosity = _verbosity(kw)
    earlier = None
    if previous is not None:
        from converter.upgrade import load_previous

        try:
            earlier = load_previous(previous)
        except ConverterError as exc:
            raise click.BadParameter(str(exc), param_hint="--previous") from exc
    with _one_line_errors(source, debug=kw["debug"]):
        result = run(source, options=options)
    diagnostics = [*result.diagnostics, *_cli_notes(result, named=bool(kw["name"]))]
    _print_diagnostics(diagnostics, source, verbosity)
    if not result.ok or not result.templates:
        click.echo(f"{source}: nothing written: {_summary(result, diagnostics)}", err=True)
        sys.exit(ExitCode.ERRORS)
    if earlier is not None:
        from converter.upgrade import upgrade_result

        with _one_line_errors(source, debug=kw["debug"]):
            result, changes = upgrade_result(result, earlier, minimum_version=options.version)
        for change in changes if verbosity != "quiet" else ():
            click.echo(f"{source}: {change.summary()}", err=True)
    _write(result, output, source, debug=kw["debug"])
    if verbosity is not Verbosity.QUIET:
        click.echo(f"{source}: {_summary(result, diagnostics)}", err=True)
    warned = any(d.severity is Severity.WARNING for d in diagnostics)
    sys.exit(ExitCode.ERRORS if warned and kw["fail_on_warning"] else ExitCode.OK)


def _write(result: ConversionResult, output: str | None, source: str, *, debug: bool) -> None:
    """Every template to its file (all or nothing), or to stdout without `-o`."""
    from converter.output import output_plan, write_all

    plan = output_plan(result, output)
    with _one_line_errors(source, debug=debug):
        write_all([(path, text) for path, text in plan if path is not None])
    for path, text in plan:
        if path is None:
            click.echo(text, nl=False)


@main.command(short_help="Convert many files or folders into a folder, in parallel.")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("-o", "--output", required=True, metavar="DIR",
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the templates; its layout mirrors the inputs.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes.  [default: number of CPUs]")
@click.option("--timeout", type=click.FloatRange(min=0), default=600, show_default=True,
              help="Seconds one input may take before its worker is stopped (0: no limit).")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write a JSON report of every input (status, templates, diagnostics).")
@_conversion_options
def batch(sources: tuple[str, ...], output: Path, jobs: int | None, timeout: float,
          report: Path | None, **kw: Any) -> None:
    """Convert many SOURCEs (files, folders, globs) into DIR, in parallel.

    Files in folders are recognised by content; files that are not API descriptions are
    skipped with a note. Exit 1 when any input failed.
    """
    import time

    from converter import batch as run
    from converter import batch_report
    from converter.batch_console import Progress, print_summary
    from converter.output import dumps, write_atomic
    from converter.workpool import WorkerStartError

    options = _options(**kw)
    verbosity = _verbosity(kw)
    inputs = run.discover(sources, exclude=output)
    started = time.monotonic()
    try:
        with Progress(len(inputs), verbosity=verbosity) as progress:
            outcomes = run.run(inputs, output, options=options, jobs=jobs,
                               timeout=timeout or None, on_start=progress.started,
                               on_done=progress.finished)
    except KeyboardInterrupt:
        click.echo(f"interrupted after {progress.count} of {len(inputs)} input(s); every file "
                   "written is complete", err=True)
        sys.exit(130)
    except WorkerStartError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(ExitCode.ERRORS)
    elapsed = time.monotonic() - started
    if report is not None:
        document = batch_report.report(outcomes, out_dir=output, options=options,
                                       elapsed=elapsed)
        write_atomic(report, dumps(document))
    ignored = [] if any(o.format.startswith("graphql") for o in outcomes) else \
        _ignored_options(_given(GRAPHQL_ONLY), "these inputs (none is a GraphQL schema)")
    if verbosity != "quiet":
        print_summary(outcomes, elapsed=elapsed, report=str(report) if report else None)
        _print_diagnostics(ignored, "batch", verbosity)
    failed = any(o.status is run.Status.FAILED for o in outcomes)
    warned = kw["fail_on_warning"] and (ignored or any(o.warnings for o in outcomes))
    sys.exit(ExitCode.ERRORS if failed or warned else ExitCode.OK)


@main.command(short_help="List the operations of a spec and what each becomes.")
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@_FORMAT
@_ENVIRONMENT
@_ALLOW_REMOTE
@_root("the spec's folder")
def inspect(source: str, as_json: bool, fmt: str, environment: Path | None,
            allow_remote: bool, root: Path | None) -> None:
    """List every operation of SOURCE, what it becomes, and why anything is skipped."""
    from converter.inspection import inspect as run
    from converter.options import Options

    with _one_line_errors(source):
        report = run(source, options=Options(format=fmt, allow_remote=allow_remote,
                                             environment=environment, root=root))
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    from converter.inspection import print_table

    print_table(report)


@main.command(short_help="Check element template files.")
@click.argument("templates", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(templates: tuple[Path, ...]) -> None:
    """Check TEMPLATE files against the official schema and Camunda's semantic rules."""
    from converter.diagnostic_lines import line
    from converter.output import validate_file

    failed = 0
    for path in templates:
        problems = validate_file(path)
        failed += bool(problems)
        spec = _spec_format(path) if problems else ""
        if spec:  # its hundreds of schema problems would only hide the mistake
            click.echo(f"{path}: error: this looks like {spec}, not an element template; "
                       f"use `spec2connector convert {path}` [validate.not-a-template]", err=True)
        elif problems:
            for p in problems:
                click.echo(line(p, str(path)), err=True)
        else:
            click.echo(f"{path}: valid")
    sys.exit(ExitCode.ERRORS if failed else ExitCode.OK)


_SPEC_NAMES = {"openapi": "an OpenAPI document", "wsdl": "a WSDL",
               "graphql": "a GraphQL schema"}


def _spec_format(path: Path) -> str:
    """What kind of API description `path` holds ("" when it is none): a spec handed to
    `validate` by mistake."""
    from converter import parsers, sources
    from converter.diagnostics import ConverterError

    try:
        src = sources.read(path)
    except (ConverterError, RecursionError):
        return ""
    if src.format == "wsdl" and parsers.skip_reason(src) not in ("", parsers.WSDL_PART):
        return ""  # XML, but not a WSDL (an XSD, a BPMN file)
    return _SPEC_NAMES.get(src.format, "")


def run() -> None:
    """The `spec2connector` command (the console script's entry point)."""
    main(prog_name="spec2connector")


if __name__ == "__main__":  # pragma: no cover
    run()
