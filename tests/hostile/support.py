"""Helpers of the hostile-input suite: run the CLI, watch the network, watch the file system.

`cli()` runs `spec2connector` in-process (click's CliRunner, fast) or, with `subprocess=True`,
as `python -m converter` in a child process: the honest check that no traceback reaches a user.
`Listener` is a TCP socket on 127.0.0.1 that counts the connections it receives; hostile specs
point their remote references at it and the tests assert that it received none. `Tree` snapshots
a folder so a test can assert that nothing was written outside the output folder.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess as sp
import sys
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from converter.cli import main

REPO = Path(__file__).resolve().parents[2]
HANG = 120  # seconds: only catches a hang, never a timing assertion


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def errors(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("error: ")]


def cli(*args: str | Path, subprocess: bool = False, cwd: Path | None = None) -> Run:
    argv = [str(a) for a in args]
    if subprocess:
        done = sp.run([sys.executable, "-m", "converter", *argv], capture_output=True, text=True,
                      encoding="utf-8", cwd=cwd or REPO, timeout=HANG, check=False,
                      env={**os.environ, "PYTHONPATH": str(REPO)})
        return Run(done.returncode, done.stdout, done.stderr)
    result = CliRunner().invoke(main, argv, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"uncaught exception (a user would see a traceback):\n{trace}")
    return Run(result.exit_code, result.stdout, result.stderr)


def assert_refused(run: Run, *, where: str, says: str, code: int = 1) -> str:
    """Exit `code`, no traceback, exactly one `error:` line naming `where` and matching `says`."""
    assert run.code == code, f"exit {run.code}, wanted {code}\n{run.stderr}"
    assert "Traceback" not in run.stderr, run.stderr
    assert len(run.errors) == 1, f"wanted one error line:\n{run.stderr}"
    line = run.errors[0]
    assert where in line, f"{where!r} not named in {line!r}"
    assert re.search(says, line, re.IGNORECASE), f"{says!r} not in {line!r}"
    assert "\n" not in line
    return line


def assert_clean(run: Run) -> None:
    """A run that may warn but did not crash."""
    assert "Traceback" not in run.stderr, run.stderr
    assert run.code in (0, 1), run.stderr


class Tree:
    """Every file under `root` with its size and mtime, to find what a run wrote."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.before = self._scan()

    def _scan(self) -> dict[Path, tuple[int, int]]:
        out = {}
        for path in self.root.rglob("*"):
            if path.is_file() or path.is_symlink():
                st = path.lstat()
                out[path] = (st.st_size, st.st_mtime_ns)
        return out

    def changed(self) -> set[Path]:
        after = self._scan()
        return {p for p in after.keys() | self.before.keys()
                if after.get(p) != self.before.get(p)}

    def assert_only_under(self, folder: Path) -> None:
        outside = {p for p in self.changed() if not p.is_relative_to(folder)}
        assert not outside, f"written outside {folder}: {sorted(outside)}"


class Listener:
    """A TCP listener on 127.0.0.1 that accepts and counts connections (and answers nothing,
    or `answer` bytes when given)."""

    def __init__(self, answer: bytes = b"") -> None:
        self.answer = answer
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            if self.answer:
                try:
                    conn.settimeout(2)
                    conn.recv(65536)
                    conn.sendall(self.answer)
                except OSError:
                    pass
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()
