"""A small process pool where every task has a deadline and a dead worker costs one task only.

`concurrent.futures.ProcessPoolExecutor` cannot stop one running task: a hung conversion would
hold its worker forever, and a worker that dies (segfault, out of memory, `os._exit`) breaks
the whole executor. Here each worker is a process with its own pipe; the parent hands out one
task at a time, kills a worker whose task outlives the timeout, reports that task as lost and
starts a fresh worker, while the other workers carry on undisturbed.

Workers are started with the ``spawn`` method: the parent may run a progress-bar thread, and
forking a process that has threads is unsafe (and is what macOS and Windows do anyway).
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

__all__ = ["Done", "Lost", "WorkerStartError", "run"]

T = TypeVar("T")
R = TypeVar("R")

_CONTEXT = multiprocessing.get_context("spawn")


@dataclass(frozen=True, slots=True)
class Lost(Generic[T]):
    """A task that produced no result: it timed out, or its worker died."""

    task: T
    reason: str  # "timeout" | "crash"
    detail: str
    seconds: float


@dataclass(frozen=True, slots=True)
class Done(Generic[T, R]):
    """A task that returned a result."""

    task: T
    result: R
    seconds: float


def _serve(conn: Connection, func: Callable[[object], object]) -> None:
    """Worker loop: say ready, then run tasks until the parent closes the pipe or sends None."""
    # The parent owns Ctrl-C: it stops the workers itself and cleans up after them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    conn.send(_READY)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(func(task))


_READY = "ready"


class WorkerStartError(RuntimeError):
    """A worker died before it could take any task: no input is to blame, so stop the pool."""


def _handshake(worker: _Worker[T]) -> None:
    try:
        message = worker.conn.recv()
    except (EOFError, OSError):
        message = None
    if message != _READY:
        worker.process.join(timeout=5)
        raise WorkerStartError(f"a worker process failed to start (exit code "
                               f"{worker.process.exitcode})")
    worker.ready = True


class _Worker(Generic[T]):
    """One process; its task's clock starts when handed over, never during process start-up."""

    def __init__(self, func: Callable[[T], object]) -> None:
        self.conn, child = _CONTEXT.Pipe()
        self.process: BaseProcess = _CONTEXT.Process(target=_serve, args=(child, func),
                                                     daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.task: T | None = None
        self.started = 0.0
        self.stopped = False

    def give(self, task: T) -> None:
        self.task = task
        self.started = time.monotonic()
        self.conn.send(task)

    def stop(self, *, force: bool) -> None:
        self.stopped = True
        if force:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.process.kill()
        self.process.join(timeout=None if force else 5)
        if self.process.is_alive():  # pragma: no cover - a worker ignoring the stop request
            self.process.kill()
            self.process.join()
        self.conn.close()


def run(
    func: Callable[[T], R],
    tasks: Iterable[T],
    *,
    jobs: int,
    timeout: float | None = None,
    on_start: Callable[[T], None] | None = None,
) -> Generator[Done[T, R] | Lost[T], None, None]:
    """Run `func` over `tasks` in `jobs` processes; yield each outcome as it completes.

    `func` must be a module-level function (it is pickled by name). Completion order is not
    task order: callers that need determinism must not depend on it. `on_start` is called in
    the parent when a task is handed to a worker (for progress displays). Closing the
    generator early (or an exception such as KeyboardInterrupt) kills every worker.
    """
    pending: deque[T] = deque(tasks)
    workers: list[_Worker[T]] = []
    try:
        for _ in range(max(1, min(jobs, len(pending)))):
            workers.append(_Worker(func))
        while True:
            for worker in workers:
                if worker.ready and worker.task is None and pending:
                    nxt = pending.popleft()
                    if on_start is not None:
                        on_start(nxt)
                    worker.give(nxt)
            busy = [w for w in workers if w.task is not None]
            if not busy and not pending:
                return
            watched = [w for w in workers if w.task is not None or not w.ready]
            wait_for: float | None = None
            if timeout is not None and busy:
                wait_for = max(0.0, min(w.started + timeout for w in busy) - time.monotonic())
            ready = set(wait([w.conn for w in watched] + [w.process.sentinel for w in watched],
                             timeout=wait_for))
            now = time.monotonic()
            for i, worker in enumerate(workers):
                if worker not in watched:
                    continue
                if not worker.ready:
                    if worker.conn in ready or worker.process.sentinel in ready:
                        _handshake(worker)
                    continue
                task = worker.task
                assert task is not None
                elapsed = now - worker.started
                lost: Lost[T] | None = None
                if worker.conn in ready or worker.process.sentinel in ready:
                    try:
                        result: R = worker.conn.recv()
                    except (EOFError, OSError):
                        worker.process.join(timeout=5)
                        code = worker.process.exitcode
                        lost = Lost(task, "crash", f"worker process died (exit code {code})",
                                    elapsed)
                    else:
                        worker.task = None
                        yield Done(task, result, elapsed)
                        continue
                elif timeout is not None and elapsed >= timeout:
                    lost = Lost(task, "timeout", f"no result after {timeout:g} s; worker stopped",
                                elapsed)
                if lost is not None:
                    worker.stop(force=True)
                    worker.task = None
                    if pending:  # a replacement only when there is work left for it
                        workers[i] = _Worker(func)
                    yield lost
            workers = [w for w in workers if not w.stopped]
    finally:
        for worker in workers:
            if not worker.stopped:
                worker.stop(force=worker.task is not None)
