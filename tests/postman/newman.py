"""What Postman itself sends: each collection run by newman against a local echo server.

The collection is copied with every request's URL base pointed at the echo server on
127.0.0.1 (path and query left as written) and a marker header naming the request, and every
`{{variable}}` without a value is given one by a synthetic environment (the same one the
converter reads with `--environment`, so both sides fill the same values). newman runs the copies
(pre-request scripts included, see `_drop_test_scripts`) in one node process; the echo server
records what arrives.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

NODE_DIR = Path(__file__).resolve().parent / "node"
MARKER = "X-Fidelity-Item"
_VARIABLE = re.compile(r"\{\{([^{}$][^{}]*)\}\}")
_FLOW = re.compile(r"(?:postman|pm\.execution)\.setNextRequest\(")
_BASE = re.compile(r"^\s*(?:[A-Za-z][\w+.-]*://|//)?(?:\{\{[^{}]*\}\}|[^/?#{])*")


@dataclass
class Captured:
    """One request as it reached the echo server."""

    method: str
    target: str  # path and query, as sent
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


class EchoServer:
    """A local HTTP server that answers 200 `{}` and keeps every request by its marker."""

    def __init__(self) -> None:
        self.seen: dict[str, Captured] = {}
        self.unmarked: list[Captured] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                got = Captured(self.command, self.path, list(self.headers.items()), body)
                mark = self.headers.get(MARKER)
                if mark is None:
                    owner.unmarked.append(got)
                else:
                    owner.seen.setdefault(mark, got)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _any
            do_COPY = do_POSTMAN = do_PURGE = do_LINK = do_UNLINK = _any

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def request_items(collection: dict[str, Any]) -> list[dict[str, Any]]:
    """Every item with a `request`, depth first in collection order (as the converter walks)."""
    out: list[dict[str, Any]] = []

    def walk(items: Any) -> None:
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict) and "request" in item:
                out.append(item)
            elif isinstance(item, dict) and isinstance(item.get("item"), list):
                walk(item["item"])

    walk(collection.get("item"))
    return out


def locations(collection: dict[str, Any]) -> list[str]:
    """The converter's location of each request item (`Folder/Sub/Name`, repeats numbered), in
    the order of `request_items`."""
    from converter import naming

    out: list[str] = []
    taken: set[str] = set()

    def walk(items: Any, folders: list[str]) -> None:
        for item in items if isinstance(items, list) else ():
            if not isinstance(item, dict):
                continue
            raw = item.get("name")
            if "request" in item:
                name = raw.strip() if isinstance(raw, str) and raw.strip() else "request"
                out.append(naming.unique("/".join([*folders, name]), taken))
            elif isinstance(item.get("item"), list):
                folder = raw.strip() if isinstance(raw, str) else ""
                walk(item["item"], [*folders, folder or "folder"])

    walk(collection.get("item"), [])
    return out


def pointed_at(collection: dict[str, Any], base: str, run: int) -> dict[str, Any]:
    """A copy whose requests go to `base`, each with the marker header `run:position`."""
    out = copy.deepcopy(collection)
    _drop_test_scripts(out)
    for index, item in enumerate(request_items(out)):
        request = item["request"]
        if isinstance(request, str):
            request = item["request"] = {"url": request, "method": "GET"}
        if not isinstance(request, dict):
            continue
        # transport settings of the machine that made the collection (a proxy at proxy.com)
        request.pop("proxy", None)
        request.pop("certificate", None)
        url = request.get("url")
        if isinstance(url, str):
            request["url"] = _BASE.sub(base, url, count=1)
        elif isinstance(url, dict) and (url.get("host") is not None or url.get("path")
                                        is not None):
            url.update(protocol="http", host=["127.0.0.1"], port=base.rsplit(":", 1)[1])
        elif isinstance(url, dict) and isinstance(url.get("raw"), str):
            url["raw"] = _BASE.sub(base, url["raw"], count=1)
        marker = {"key": MARKER, "value": f"{run}:{index}"}
        header = request.get("header")
        if isinstance(header, list):
            header.append(marker)
        elif isinstance(header, str) and header.strip():
            request["header"] = header.rstrip("\n") + f"\n{MARKER}: {run}:{index}"
        else:
            request["header"] = [marker]
    return out


def _drop_test_scripts(node: Any) -> None:
    """Test scripts run after the response: they check it, keep ids for later requests and
    choose the next request (`setNextRequest(null)` ends the run when the echo server's `{}`
    lacks a token). None changes the request being judged, so the copy leaves them out.
    Pre-request scripts stay, as they can change the request, but without their flow control
    (`setNextRequest` skips requests), so that every request is sent once, in order."""
    if isinstance(node, dict):
        events = node.get("event")
        if isinstance(events, list):
            node["event"] = [_without_flow(e) for e in events
                             if not (isinstance(e, dict) and e.get("listen") == "test")]
        for child in node.get("item") or []:
            _drop_test_scripts(child)


def _without_flow(event: Any) -> Any:
    script = event.get("script") if isinstance(event, dict) else None
    if isinstance(script, dict):
        code = script.get("exec")
        lines = code if isinstance(code, list) else [code] if isinstance(code, str) else []
        script["exec"] = [_FLOW.sub("(function () {})(", line) for line in lines
                          if isinstance(line, str)]
    return event


def synthetic_environment(collection: dict[str, Any]) -> dict[str, Any]:
    """A Postman environment giving "1" to every variable the collection uses without a value
    of its own ("1" reads as a number where a variable stands for a JSON value)."""
    own = {v.get("key") for v in (collection.get("variable") or collection.get("variables") or [])
           if isinstance(v, dict) and v.get("value") not in (None, "")}
    names = sorted({m.group(1).strip() for m in _VARIABLE.finditer(json.dumps(collection))}
                   - own)
    return {"name": "fidelity", "values": [{"key": n, "value": "1", "enabled": True}
                                           for n in names]}


def run(jobs: list[tuple[Path, Path]], workdir: Path) -> list[dict[str, Any]]:
    """Run each (collection, environment) with newman, in order, in one node process."""
    node = shutil.which("node")
    if node is None or not (NODE_DIR / "node_modules" / "newman").is_dir():
        raise RuntimeError("newman is not installed: run scripts/test (it runs "
                           "`npm ci --prefix tests/postman/node`)")
    listing = workdir / "runs.json"
    listing.write_text(json.dumps([{"collection": str(c), "environment": str(e)}
                                   for c, e in jobs]), "utf-8")
    done = subprocess.run([node, str(NODE_DIR / "run-collections.mjs"), str(listing)],
                          capture_output=True, text=True, timeout=600, check=False,
                          cwd=NODE_DIR)
    if done.returncode != 0:
        raise RuntimeError(f"newman runner failed: {done.stderr[-2000:]}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
