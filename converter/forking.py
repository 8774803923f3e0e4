"""Share one conversion's independent work with forked copies of this process.

A big spec's operations are built one by one, each from the parsed document and its `$ref`d
files, and none depends on another's result. `start(work)` runs `work` in a child forked from
this process (so the child already holds the document, the imports and every cache) and
`Pending.result()` returns what it produced, pickled back through a pipe. Whenever that does not
work (no `fork` here, threads running, the child fails, dies or its result does not pickle) the
result is None and the caller does the work itself: forking changes the speed, never the output.

Only the CLI's `convert` asks for this (`processes`): a library call must not fork its host.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

R = TypeVar("R")


_IDLE: list[Callable[[], None]] = []


def when_idle(work: Callable[[], None]) -> None:
    """Have `idle()` run `work`: something the process will need soon and can do while forked
    children still work (import and compile the template validator, say)."""
    _IDLE.append(work)


def idle() -> None:
    """Run (once) what `when_idle` queued: the parent calls this when its own part is done and
    before it waits for its children. A failure here only means the work is done later."""
    import pickle  # noqa: F401  (the children's results come next: imported while they work)

    while _IDLE:
        try:
            _IDLE.pop(0)()
        except Exception:  # the same work runs again where it is needed, and fails there
            pass


def forget_idle() -> None:
    """Drop what `when_idle` and `for_each_part` registered (the conversion is over)."""
    _IDLE.clear()
    _PARTS.clear()


# (make, take): `make(part_results)` runs where a part was built, `take(made)` here.
_PARTS: list[tuple[Callable[[list[Any]], object], Callable[[object], None]]] = []


def for_each_part(make: Callable[[list[Any]], object], take: Callable[[object], None]) -> None:
    """Have `make` run on the results of each part of a shared job, in the process that built
    the part (a forked child or this one), and `take` receive what it made, in this process.

    This carries later work on a part's results (rendering a part's operations, say) to the
    process that already holds them, so that it is shared out too. `make` must return
    something that pickles. A part this process builds again (its child failed) gets no
    `take`: the later work then happens as it would without forking.
    """
    _PARTS.append((make, take))


def part_extras(results: list[Any]) -> tuple[object, ...] | None:
    """What each `for_each_part` maker makes of one part's results (None if one fails)."""
    if not _PARTS:
        return None
    try:
        return tuple(make(results) for make, _ in _PARTS)
    except Exception:  # the work is then done later, where it is needed
        return None


def take_extras(extras: tuple[object, ...] | None) -> None:
    """Hand a part's `part_extras` to the takers, in registration order."""
    if extras is None or len(extras) != len(_PARTS):
        return
    for (_, take), made in zip(_PARTS, extras, strict=True):
        take(made)


def available() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Forking is safe only from a single-threaded process on a platform that has fork."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


class Pending(Generic[R]):
    """A child's result, to be collected once."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid = pid
        self._fd = fd

    def result(self) -> R | None:
        """The child's result, or None if it produced none (the caller then does the work)."""
        chunks: list[bytes] = []
        try:
            while chunk := os.read(self._fd, 1 << 20):
                chunks.append(chunk)
        finally:
            os.close(self._fd)
            _, status = os.waitpid(self._pid, 0)
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or not chunks:
            return None
        import pickle

        try:
            value: R = pickle.loads(b"".join(chunks))
        except Exception:
            return None
        return value

    def cancel(self) -> None:
        """Stop and reap the child without its result (on an exception in the parent)."""
        import signal

        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(self._fd)
        os.waitpid(self._pid, 0)


def start(work: Callable[[], R]) -> Pending[R] | None:
    """Run `work` in a forked child; None when forking is not possible here."""
    if not can_fork():
        return None
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid:
        os.close(write_fd)
        return Pending(pid, read_fd)
    # The child: never return into the caller's code, never run the parent's exit handlers
    # or flush its buffered output twice.
    code = 1
    try:
        import pickle

        os.close(read_fd)
        data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(write_fd, view):]
        code = 0
    except BaseException:  # any failure means "no result": the parent does the work itself
        code = 1
    finally:
        os._exit(code)
