"""Issue 20, everyday use, at the command line where a user meets it: clean failures, quiet
output, help that reads whole, and a README that matches a fresh clone."""

from __future__ import annotations

import io
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner, Result

from converter.batch import Input
from converter.batch_console import Progress
from converter.cli import main

REPO = Path(__file__).resolve().parents[1]
PETSTORE = REPO / "examples" / "petstore.yaml"
CALCULATOR = REPO / "fixtures" / "wsdl" / "calculator.wsdl"
BROKEN_WSDL = REPO / "fixtures" / "wsdl" / "broken"
GRAPHQL = REPO / "fixtures" / "graphql" / "connections.graphql"
# A caught crash shows through as a Python exception's name or words.
PYTHON_ERROR = re.compile(r"\b(\w+Error|NoneType)\b|object has no attribute|Traceback")


def cli(*args: str | Path, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin)


def spec(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def openapi(paths: str) -> str:
    return ("openapi: 3.0.3\ninfo: {title: T, version: '1'}\n"
            f"servers: [{{url: 'https://t.example.com'}}]\npaths: {paths}\n")


HEAD_ONLY = openapi("{/ping: {head: {responses: {'200': {description: ok}}}}}")
PATHS_LIST = openapi("[/ping, /pong]")


# --- WSDL shapes that ended in AttributeError -------------------------------------------------


@pytest.mark.parametrize(("name", "line", "says"), [
    ("soap12-port-without-binding.wsdl", 29,
     "<wsdl:port name=\"Quotes12\"> in <wsdl:service name=\"QuoteService\"> has no 'binding'"),
    ("two-bindings-one-unnamed.wsdl", 37, "<wsdl:binding> has no 'name' attribute"),
])
def test_wsdl_fragments_that_crashed_zeep_name_the_element_and_line(name: str, line: int,
                                                                    says: str) -> None:
    """Both ended in `invalid WSDL: AttributeError: 'NoneType' object has no attribute 'text'`."""
    path = BROKEN_WSDL / name
    result = cli("convert", path)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"error: {path}:{line}: invalid WSDL: "), result.stderr
    assert says in result.stderr and not PYTHON_ERROR.search(result.stderr), result.stderr


# (what to replace in calculator.wsdl, with what, what zeep said before, what we say now)
WSDL_DEFECTS = [
    ('<wsdl:portType name="CalculatorSoap">', "<wsdl:portType>",
     "AssertionError", "<wsdl:portType> has no 'name' attribute"),
    ('type="tns:CalculatorSoap">', 'type="tns:Nope">',
     "IndexError: No definition", "names port type 'Nope' in namespace http://tempuri.org/, "
     "which none of the documents read defines"),
    ('<wsdl:message name="AddSoapIn">', '<wsdl:message name="-1">',
     "ValueError: Invalid tag name", "has a name that is not an XML name"),
    ('<s:element name="Add">', "<s:element>", "name cannot be None",
     "<xs:element> has no 'name' attribute"),
    ('binding="tns:CalculatorSoap"', 'binding="zz:CalculatorSoap"', "No namespace defined",
     "the prefix 'zz' is not declared"),
    # found by the corpus fragment fuzz (tests/hostile/test_fuzz.py)
    ('element="tns:Add"', 'element=""', "Empty tag name", "has an empty 'element' attribute"),
    ('<s:restriction base="s:string">', "<s:restriction>", "'NoneType' object",
     "<xs:restriction> in <xs:simpleType name=\"Rounding\"> has no 'base' attribute"),
    ('<s:element name="intB" type="s:int"/>',
     '<s:element name="intB" type="s:int"><s:documentation>B</s:documentation></s:element>',
     "Unexpected child", "<xs:documentation> in <xs:element name=\"intB\"> cannot be inside "
     "<xs:element>"),
    ('<s:element name="intB" type="s:int"/>',
     '<s:element name="intB" type="s:int"/><s:annotation/>', "Unexpected child",
     "<xs:annotation> in <xs:element name=\"Add\"> is not the first child of <xs:sequence>"),
    ('minOccurs="0" default="2"', 'minOccurs="" default="2"', "invalid literal for int()",
     "minOccurs='' is not a whole number"),
    ('<wsdl:operation name="Sum">\n      <wsdl:input',
     '<wsdl:operation name="Add"/><wsdl:operation name="Sum">\n      <wsdl:input',
     "'NoneType' object", "repeats an operation name of port type 'CalculatorSoap'"),
]


@pytest.mark.parametrize(("old", "new", "before", "now"), WSDL_DEFECTS,
                         ids=[re.sub(r"\W+", "-", d[3])[:40] for d in WSDL_DEFECTS])
def test_wsdl_defects_are_said_with_their_line(tmp_path: Path, old: str, new: str, before: str,
                                               now: str) -> None:
    text = CALCULATOR.read_text("utf-8")
    assert old in text
    path = spec(tmp_path, "calc.wsdl", text.replace(old, new, 1))
    result = cli("convert", path)
    assert result.exit_code == 1
    assert re.match(rf"error: {re.escape(str(path))}:\d+: invalid WSDL: ", result.stderr), \
        result.stderr
    assert now in result.stderr and before not in result.stderr, result.stderr


def test_a_file_url_import_inside_the_folder_is_read_as_a_file(tmp_path: Path) -> None:
    """zeep turned `file:///.../types.xsd` into `https:///.../types.xsd` and refused it."""
    (tmp_path / "types.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" '
        'elementFormDefault="qualified"><xs:element name="Symbol" type="xs:string"/>'
        '</xs:schema>', "utf-8")
    wsdl = CALCULATOR.read_text("utf-8").replace(
        '<s:element name="Add">',
        f'<s:import namespace="urn:t" schemaLocation="{(tmp_path / "types.xsd").as_uri()}"/>'
        '<s:element name="Add">', 1)
    path = spec(tmp_path / "api", "calc.wsdl", wsdl)
    outside = cli("convert", path)
    assert outside.exit_code == 1 and "https:///" not in outside.stderr
    assert outside.stderr.startswith(f"error: {(tmp_path / 'types.xsd').as_uri()}: import "
                                     "refused: outside the spec's folder"), outside.stderr
    assert "--root DIR" in outside.stderr
    inside = cli("convert", path, "--root", tmp_path)
    assert inside.exit_code == 0 and "refused" not in inside.stderr, inside.stderr


# --- nothing to convert -----------------------------------------------------------------------


def test_only_head_operations_say_the_connector_cannot_send_head(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = cli("convert", spec(tmp_path, "head.yaml", HEAD_ONLY), "-o", out)
    assert result.exit_code == 1 and not out.exists()
    assert "the REST connector cannot send HEAD" in result.stderr
    assert "[convert.nothing-to-convert]" in result.stderr
    assert "webhook" not in result.stderr, result.stderr


def test_paths_that_are_a_list_are_an_error(tmp_path: Path) -> None:
    result = cli("convert", spec(tmp_path, "list.yaml", PATHS_LIST))
    assert result.exit_code == 1, result.stderr
    assert re.search(r"error: `paths` must map each path to its operations, found a list "
                     r"\[openapi.paths-not-object\] \(paths\)", result.stderr), result.stderr


def test_batch_counts_nothing_to_convert_as_failed(tmp_path: Path) -> None:
    root = tmp_path / "specs"
    spec(root, "head.yaml", HEAD_ONLY)
    spec(root, "list.yaml", PATHS_LIST)
    spec(root, "good.yaml", PETSTORE.read_text("utf-8"))
    report = tmp_path / "report.json"
    result = cli("batch", root, "-o", tmp_path / "out", "--report", report, "--jobs", "1")
    assert result.exit_code == 1
    status = {Path(i["source"]).name: (i["status"], i["note"])
              for i in json.loads(report.read_text("utf-8"))["inputs"]}
    assert status["good.yaml"][0] == "converted"
    assert status["head.yaml"] == ("failed", "nothing to convert: the document has no operation "
                                   "a connector can call; no template written")
    assert status["list.yaml"][0] == "failed" and "found a list" in status["list.yaml"][1]


# --- sources and options ----------------------------------------------------------------------


def test_an_ftp_url_is_an_unsupported_scheme(tmp_path: Path) -> None:
    result = cli("convert", "ftp://example.com/x.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ftp://example.com/x.yaml: unsupported URL scheme "
                                    "'ftp': only http and https URLs are fetched")
    assert "no such file" not in result.stderr
    report = tmp_path / "r.json"
    batch = cli("batch", "ftp://example.com/x.yaml", "-o", tmp_path / "o", "--report", report)
    assert batch.exit_code == 1
    [entry] = json.loads(report.read_text("utf-8"))["inputs"]
    assert entry["note"].startswith("unsupported URL scheme 'ftp'")


@pytest.mark.parametrize("url", ["notaurl", "ftp://x.example.com", "https://", "/v1"])
def test_base_url_must_be_an_http_url(url: str) -> None:
    result = cli("convert", PETSTORE, "--base-url", url)
    assert result.exit_code == 2
    assert "is not an http(s) URL with a host" in result.stderr


def test_base_url_that_is_a_url_is_taken() -> None:
    result = cli("convert", PETSTORE, "--base-url", "https://pets.example.com/v2")
    assert result.exit_code == 0 and "https://pets.example.com/v2" in result.stdout


@pytest.mark.parametrize(("source", "flags", "said"), [
    (PETSTORE, ["--depth", "3"], "--depth only applies"),
    (CALCULATOR, ["--auth", "bearer"], "--auth only applies"),
    (PETSTORE, ["--depth", "3", "--auth", "basic"], "--depth and --auth only apply"),
])
def test_graphql_options_given_for_other_formats_are_said_ignored(
        tmp_path: Path, source: Path, flags: list[str], said: str) -> None:
    result = cli("convert", source, *flags, "-o", tmp_path / "t.json")
    assert result.exit_code == 0
    assert f"warning: {said} to GraphQL schemas; ignored for this" in result.stderr
    assert "[options.ignored]" in result.stderr and "1 warning(s)" in result.stderr
    strict = cli("convert", source, *flags, "--fail-on-warning", "-o", tmp_path / "t.json")
    assert strict.exit_code == 1


def test_batch_says_graphql_options_were_ignored_when_no_input_is_graphql(
        tmp_path: Path) -> None:
    rest = cli("batch", PETSTORE, "--depth", "1", "-o", tmp_path / "r")
    assert rest.exit_code == 0
    assert ("batch: warning: --depth only applies to GraphQL schemas; ignored for these inputs "
            "(none is a GraphQL schema) [options.ignored]") in rest.stderr
    mixed = cli("batch", PETSTORE, GRAPHQL, "--depth", "1", "-o", tmp_path / "m")
    assert mixed.exit_code == 0 and "options.ignored" not in mixed.stderr


def test_graphql_options_are_not_said_ignored_when_used_or_not_given(tmp_path: Path) -> None:
    used = cli("convert", GRAPHQL, "--depth", "1", "--auth", "bearer", "-o", tmp_path / "g.json")
    assert used.exit_code == 0 and "options.ignored" not in used.stderr
    default = cli("convert", PETSTORE, "-o", tmp_path / "p.json")
    assert default.exit_code == 0 and "options.ignored" not in default.stderr


@pytest.mark.parametrize(("source", "kind"), [
    (PETSTORE, "an OpenAPI document"), (CALCULATOR, "a WSDL"), (GRAPHQL, "a GraphQL schema")])
def test_validate_given_a_spec_says_to_use_convert(source: Path, kind: str) -> None:
    result = cli("validate", source)
    assert result.exit_code == 1
    assert result.stderr == (f"{source}: error: this looks like {kind}, not an element template; "
                             f"use `spec2connector convert {source}` [validate.not-a-template]\n")


def test_validate_gives_no_spec_hint_for_a_broken_template(tmp_path: Path) -> None:
    broken = spec(tmp_path, "t.json", '{"name": "x", "properties": [')
    xsd = spec(tmp_path, "t.xsd", '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>')
    for path in (broken, xsd):
        result = cli("validate", path)
        assert result.exit_code == 1 and "looks like" not in result.stderr, result.stderr


def test_graphql_schema_from_stdin_is_named_sensibly() -> None:
    plain = cli("convert", "-", stdin="type Query { a: Int }\n")
    assert plain.exit_code == 0
    assert json.loads(plain.stdout)["name"] == "GraphQL API"
    assert "(pass --name to choose one) [graphql.untitled]" in plain.stderr
    described = cli("convert", "-", stdin='"""Star Wars API"""\nschema { query: Query }\n'
                    "type Query { a: Int }\n")
    assert json.loads(described.stdout)["name"] == "Star Wars API"
    assert "graphql.untitled" not in described.stderr
    named = cli("convert", "-", "--name", "Films", stdin="type Query { a: Int }\n")
    assert json.loads(named.stdout)["name"] == "Films" and "untitled" not in named.stderr


# --- how much is printed ----------------------------------------------------------------------


def _many_warnings(tmp_path: Path, count: int = 30) -> Path:
    heads = ", ".join(f"/h{i}: {{head: {{responses: {{'200': {{description: ok}}}}}}}}"
                      for i in range(count))
    return spec(tmp_path, "many.yaml", openapi(
        f"{{{heads}, /ok: {{get: {{responses: {{'200': {{description: ok}}}}}}}}}}"))


def test_many_warnings_are_grouped_by_code(tmp_path: Path) -> None:
    path = _many_warnings(tmp_path)
    result = cli("convert", path, "-o", tmp_path / "t.json")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines == [
        f"{path}: 30 warnings and notes of 1 kinds (--verbose prints each):",
        f"{path}:    30 x warning [openapi.method-unsupported], first: operation skipped: the "
        "REST connector cannot send HEAD (only GET, POST, PUT, PATCH and DELETE) (paths./h0.head)",
        f"{path}: 1 operation(s) -> 1 template(s); 0 error(s), 30 warning(s)"]
    verbose = cli("convert", path, "--verbose", "-o", tmp_path / "t.json")
    assert verbose.stderr.count("[openapi.method-unsupported]") == 30


def test_quiet_prints_errors_only(tmp_path: Path) -> None:
    quiet = cli("convert", _many_warnings(tmp_path), "-q", "-o", tmp_path / "t.json")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    broken = spec(tmp_path, "broken.yaml", "openapi: 3.0.0\ninfo: [\n")
    failing = cli("convert", broken, "--quiet")
    assert failing.exit_code == 1 and failing.stderr.startswith(f"error: {broken}:")
    both = cli("convert", PETSTORE, "-q", "-v")
    assert both.exit_code == 2 and "--quiet and --verbose" in both.stderr


def _mixed(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "specs"
    spec(root, "crm/v1.yaml", PETSTORE.read_text("utf-8"))
    spec(root, "billing/v1.yaml", _many_warnings(tmp_path).read_text("utf-8"))
    broken = spec(root, "broken/v1.yaml", "openapi: 3.0.0\ninfo:\n  title: x\n version: 1\n")
    return root, broken


def test_batch_lines_show_warnings_and_failure_places_like_convert(tmp_path: Path) -> None:
    root, broken = _mixed(tmp_path)
    alone = cli("convert", broken)
    place = re.match(r"error: (\S+:\d+:\d+): ", alone.stderr)
    assert place, alone.stderr
    result = cli("batch", root, "-o", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 1
    assert f"failed {place[1]}: invalid YAML" in result.stderr, result.stderr
    assert f"failed: {place[1]}: invalid YAML" in result.stdout, result.stdout
    assert re.search(rf"converted {re.escape(str(root / 'billing/v1.yaml'))}: 1 operation\(s\) "
                     r"-> 1 template\(s\), 30 warning\(s\)", result.stderr), result.stderr
    assert "warnings by code:" in result.stdout
    assert (f"   30 x warning [openapi.method-unsupported], first: operation skipped: the REST "
            f"connector cannot send HEAD (only GET, POST, PUT, PATCH and DELETE) "
            f"({root / 'billing/v1.yaml'}, paths./h0.head)") in result.stdout


def test_batch_quiet_prints_failures_only_and_verbose_every_diagnostic(tmp_path: Path) -> None:
    root, broken = _mixed(tmp_path)
    quiet = cli("batch", root, "-o", tmp_path / "q", "--jobs", "1", "--quiet")
    assert quiet.exit_code == 1 and quiet.stdout == ""
    assert [line.split("] ", 1)[1].split(":")[0] for line in quiet.stderr.splitlines()] == [
        f"failed {broken}"]
    verbose = cli("batch", root, "-o", tmp_path / "v", "--jobs", "1", "--verbose")
    assert verbose.stderr.count("[openapi.method-unsupported]") == 30


def test_progress_bar_names_inputs_by_their_path_under_the_folder(tmp_path: Path) -> None:
    found = Input(tmp_path / "specs/crm/v1.json", PurePosixPath("crm/v1.json"), False,
                  root=tmp_path / "specs")
    named = Input(Path("one/v1.json"), PurePosixPath("v1.json"), True)
    with Progress(2, stream=io.StringIO(), live=True) as progress:
        progress.started(found)
        progress.started(named)
        assert progress.running == ["crm/v1.json", "one/v1.json"]


# --- help -------------------------------------------------------------------------------------


def test_help_gives_each_command_a_whole_sentence() -> None:
    result = cli("--help")
    commands = result.stdout.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in commands] == ["batch", "convert", "inspect", "validate"]
    for line in commands:
        assert line.endswith(".") and not line.endswith("..."), line


def test_inspect_help_explains_every_option_and_has_root(tmp_path: Path) -> None:
    text = cli("inspect", "--help").stdout
    for option, words in (("--format", "Input format"), ("--allow-remote", "remote $refs"),
                          ("--root DIR", "Folder whose files the spec may reference")):
        assert re.search(rf"{re.escape(option)}.*?{re.escape(words)}", text, re.S), text
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "pet.yaml").write_text("type: object\n", "utf-8")
    path = spec(tmp_path / "api", "openapi.yaml", openapi(
        "{/p: {post: {requestBody: {content: {application/json: {schema: "
        "{$ref: '../common/pet.yaml'}}}}, responses: {'200': {description: ok}}}}}"))
    assert "ref-refused" in cli("inspect", path, "--json").stdout
    widened = cli("inspect", path, "--json", "--root", tmp_path)
    assert widened.exit_code == 0 and "ref-refused" not in widened.stdout


def test_batch_has_no_id_or_name(tmp_path: Path) -> None:
    assert not re.search(r"--id\b|--name\b", cli("batch", "--help").stdout)
    result = cli("batch", PETSTORE, "-o", tmp_path / "o", "--id", "x")
    assert result.exit_code == 2 and "No such option '--id'" in result.stderr


# --- README on a fresh clone ------------------------------------------------------------------


def _readme() -> str:
    return (REPO / "README.md").read_text("utf-8")


def test_readme_names_the_node_version_the_tests_need() -> None:
    engines = json.loads((REPO / "tests/node/package.json").read_text("utf-8"))["engines"]
    assert engines["node"] == ">=20"
    assert "need node (20+)" in (REPO / "scripts/test").read_text("utf-8")
    assert re.findall(r"Node\.js ≥ (\d+)", _readme()) == ["20"]


def test_readme_says_what_the_test_command_needs_and_downloads() -> None:
    text = _readme()
    assert "`../shared/corpus`" in text
    script = (REPO / "scripts/test").read_text("utf-8")
    for folder in re.findall(r":=(/tmp/spec2connector-[\w-]+)", script):
        assert f"`{folder}`" in text, folder


def test_scripts_test_stops_at_once_without_the_corpus(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    (clone / "scripts").mkdir(parents=True)
    (clone / "scripts" / "test").write_bytes((REPO / "scripts" / "test").read_bytes())
    done = subprocess.run(["bash", str(clone / "scripts" / "test")], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert f"{tmp_path}/shared/corpus, which is missing" in done.stderr
    assert not (clone / ".venv").exists()  # nothing installed before saying so


def test_scripts_test_unit_goes_on_without_the_corpus(tmp_path: Path) -> None:
    """`--unit` is for a clone without ../shared: it passes the corpus check and stops only at
    the next step, here finding no python3 on a PATH that holds nothing but `dirname`."""
    clone = tmp_path / "clone"
    (clone / "scripts").mkdir(parents=True)
    (clone / "scripts" / "test").write_bytes((REPO / "scripts" / "test").read_bytes())
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    dirname = shutil.which("dirname")
    assert dirname
    (bin_dir / "dirname").symlink_to(dirname)
    bash = shutil.which("bash")
    assert bash
    done = subprocess.run([bash, str(clone / "scripts" / "test"), "--unit"], capture_output=True,
                          text=True, timeout=60, check=False,
                          env={"PATH": str(bin_dir), "HOME": str(tmp_path)})
    assert done.returncode == 2, done.stderr
    assert "shared/corpus" not in done.stderr
    assert "need python3 >= 3.11" in done.stderr
    assert not (clone / ".venv").exists()


def _readme_commands() -> list[tuple[list[str], list[str]]]:
    """Every `$ .venv/bin/spec2connector ...` of README's console blocks, with the lines it
    should print (continuation lines joined)."""
    out = []
    for block in re.findall(r"```console\n(.*?)```", _readme(), re.S):
        text = block.replace("\\\n", " ")
        for command, printed in re.findall(r"^\$ (.*)\n((?:(?!\$ ).*\n)*)", text, re.M):
            out.append((shlex.split(command), printed.splitlines()))
    return out


@pytest.mark.corpus
def test_readme_commands_print_what_it_says_and_write_into_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    commands = _readme_commands()
    assert len(commands) >= 3
    first = re.search(r"^python3 -m venv .*", _readme(), re.M)
    assert first and first[0].endswith("convert examples/petstore.yaml -o out/petstore.json")
    assert "/out/" in (REPO / ".gitignore").read_text("utf-8").splitlines()
    said = re.search(r"Command 1 ends with `([^`]*)`", _readme())
    assert said, "README should say what command 1 prints"
    command_1 = (shlex.split(first[0].rsplit("&& ", 1)[1]), [" ".join(said[1].split())])
    for argv, printed in [*commands, command_1]:
        assert argv[0].endswith("spec2connector")
        target = argv[argv.index("-o") + 1]
        assert target.startswith("out/"), argv  # git-ignored, not left untracked in the clone
        argv[argv.index("-o") + 1] = str(tmp_path / target)
        result = cli(*argv[1:])
        assert result.exit_code == 0, result.stderr
        assert (tmp_path / target).is_file()
        assert result.stderr.splitlines() == printed, result.stderr
