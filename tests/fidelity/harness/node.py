"""The one long-lived node process (tests/node/fidelity-server.mjs), fed JSON lines."""

from __future__ import annotations

import atexit
import json
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

NODE_DIR = Path(__file__).resolve().parents[2] / "node"
SERVER = NODE_DIR / "fidelity-server.mjs"
NEEDED = ("element-templates-cli", "feelin")


class NodeUnavailable(RuntimeError):
    """Node or the pinned npm packages are missing (run `npm ci` in tests/node)."""


class NodeHelper:
    """A started `fidelity-server.mjs`; requests are answered in order, one line each."""

    def __init__(self) -> None:
        node = shutil.which("node")
        if node is None:
            raise NodeUnavailable("node is not on PATH")
        missing = [p for p in NEEDED if not (NODE_DIR / "node_modules" / p).is_dir()]
        if missing:
            raise NodeUnavailable(f"missing npm packages {missing}: run `npm ci` in {NODE_DIR}")
        self._proc = subprocess.Popen(
            [node, str(SERVER)], cwd=NODE_DIR, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, encoding="utf-8", bufsize=1,
        )
        self._lock = threading.Lock()
        self._next = 0
        atexit.register(self.close)

    def request(self, op: str, **payload: Any) -> dict[str, Any]:
        with self._lock:
            self._next += 1
            rid = self._next
            assert self._proc.stdin is not None and self._proc.stdout is not None
            self._proc.stdin.write(json.dumps({"id": rid, "op": op, **payload}) + "\n")
            self._proc.stdin.flush()
            line = self._proc.stdout.readline()
        if not line:
            raise NodeUnavailable(f"fidelity-server exited (code {self._proc.poll()})")
        answer: dict[str, Any] = json.loads(line)
        if answer.get("id") != rid:
            raise RuntimeError(f"out-of-order answer {answer.get('id')} for {rid}")
        if "error" in answer:
            raise RuntimeError(f"fidelity-server {op}: {answer['error']}")
        return answer

    def close(self) -> None:
        if self._proc.poll() is None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()


_shared: NodeHelper | None = None


def shared() -> NodeHelper:
    """The process-wide helper, started on first use."""
    global _shared
    if _shared is None or _shared._proc.poll() is not None:
        _shared = NodeHelper()
    return _shared
