"""Worker processes for analysis: one task each at a time, a time budget per task, no orphans.

``concurrent.futures`` cannot kill one stuck task (killing its process breaks
the whole pool), so ingest runs its own small pool: each worker gets one
document at a time over its own pipe; a worker past its time budget is killed
and replaced, and its document reported; a worker that dies is replaced the
same way. Workers die with their parent: on Linux through
``PR_SET_PDEATHSIG``, elsewhere by polling the parent's pid.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from kb.errors import KbError

logger = logging.getLogger(__name__)

T = TypeVar("T")
# Where prctl(2) is missing, a worker checks this often whether its parent is gone (s).
PARENT_POLL_S = 1.0
# How long a finished worker may take to exit before it is killed (s).
EXIT_GRACE_S = 2.0
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class TaskTimeout(KbError):
    """A task ran past its time budget; its worker was killed."""


class WorkerDied(KbError):
    """A worker process died in the middle of a task (killed, out of memory, a crash in C)."""


@dataclass
class _Worker:
    process: Any
    conn: Connection
    item: Any = None
    busy: bool = False
    started: float = 0.0


def run_pool(
    items: Iterator[T],
    fn: Callable[[T], Any],
    on_result: Callable[[T, Any], None],
    *,
    workers: int,
    timeout: float | None = None,
    describe: Callable[[T], str] = str,
    prepare: Callable[[], None] | None = None,
) -> None:
    """Run ``fn`` over ``items`` in ``workers`` processes, calling ``on_result(item, outcome)`` in this process.

    ``outcome`` is what ``fn`` returned or raised, a :class:`TaskTimeout` when
    it ran longer than ``timeout`` seconds (its worker is killed and
    replaced), or a :class:`WorkerDied`. Results come in the order tasks
    finish. Each worker is handed its next item before ``on_result`` runs, so
    it works while the caller writes. On any exception (Ctrl-C included) every
    worker is killed before it propagates.

    Args:
        items: the tasks, read lazily.
        fn: a picklable function of one item.
        on_result: called once per item.
        workers: processes (at least 1).
        timeout: seconds one item may take; None for no limit.
        describe: how an item is named in error messages.
        prepare: run once in this process before the first worker starts
            (with ``fork``, workers inherit what it loaded).
    """
    _Pool(items, fn, on_result, workers=workers, timeout=timeout, describe=describe, prepare=prepare).run()


_END = object()


class _Pool:
    """One :func:`run_pool` run: the workers, the items not yet handed out, and what to do with each outcome."""

    def __init__(
        self,
        items: Iterator[Any],
        fn: Callable[[Any], Any],
        on_result: Callable[[Any, Any], None],
        *,
        workers: int,
        timeout: float | None,
        describe: Callable[[Any], str],
        prepare: Callable[[], None] | None,
    ) -> None:
        self.ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        self.pool: list[_Worker] = []
        self.source = iter(items)
        self.more = True
        self.fn, self.on_result, self.workers = fn, on_result, workers
        self.timeout, self.describe, self.prepare = timeout, describe, prepare

    def run(self) -> None:
        """Hand out items and collect outcomes until both run out; every worker stopped at the end."""
        try:
            while True:
                self.fill()
                busy = [w for w in self.pool if w.busy]
                if not busy:
                    return
                deadline = min(w.started for w in busy) + self.timeout if self.timeout else None
                wait_for = max(0.0, deadline - time.monotonic()) if deadline is not None else None
                ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for))
                for w in busy:
                    self.collect(w, ready)
        finally:
            _stop(self.pool)

    def fill(self) -> None:
        """Give every idle worker an item, starting workers up to ``workers`` while items remain."""
        while self.more:
            w = next((w for w in self.pool if not w.busy), None)
            if w is None and len(self.pool) >= self.workers:
                break
            item = self.take()  # before starting a worker: no work, no process (nor eyecite loaded)
            if item is _END:
                break
            if w is None:
                if self.prepare and not self.pool:
                    self.prepare()
                w = self.spawn()
                self.pool.append(w)
            self.give(w, item)

    def spawn(self) -> _Worker:
        """Start one worker process, talking over its own pipe."""
        parent_end, child_end = self.ctx.Pipe()
        process = self.ctx.Process(target=_worker_main, args=(child_end, os.getpid(), self.fn), daemon=True)
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def take(self) -> Any:
        """The next item, or ``_END`` once there are no more."""
        item = next(self.source, _END) if self.more else _END
        self.more = item is not _END
        return item

    def give(self, w: _Worker, item: Any) -> None:
        """Send ``item`` to ``w`` and start its clock."""
        w.item, w.busy, w.started = item, True, time.monotonic()
        with suppress(OSError):  # the worker died while idle; wait() sees its sentinel
            w.conn.send(item)

    def feed(self, w: _Worker) -> None:
        """Give ``w`` the next item, if there is one."""
        item = self.take()
        if item is not _END:
            self.give(w, item)

    def collect(self, w: _Worker, ready: set[Any]) -> None:
        """Deliver ``w``'s outcome if it has one: a result, a death, or a timeout."""
        item = w.item
        # CASE 1: a result (read it even if the process has exited since)
        if w.conn in ready or (w.process.sentinel in ready and w.conn.poll()):
            try:
                outcome = w.conn.recv()
            except (EOFError, OSError):  # the pipe closed: the process died
                self.on_result(item, self.died(w))
                return
            w.busy, w.item = False, None
            self.feed(w)
            self.on_result(item, outcome)
            return
        # CASE 2: the process died without a result
        if w.process.sentinel in ready:
            self.on_result(item, self.died(w))
            return
        # CASE 3: past its time budget
        if self.timeout and time.monotonic() - w.started >= self.timeout:
            self.replace(w)
            self.on_result(
                item,
                TaskTimeout(
                    f"{self.describe(item)}: took longer than {self.timeout:g} s; skipped"
                    " (raise --timeout if it is an opinion)"
                ),
            )

    def died(self, w: _Worker) -> WorkerDied:
        """Replace a worker that died mid-task; the error for its item."""
        w.process.join(EXIT_GRACE_S)
        code = w.process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        self.replace(w)
        return WorkerDied(f"{self.describe(w.item)}: the analysis process died ({how}); skipped; please report it")

    def replace(self, w: _Worker) -> None:
        """Kill ``w`` and put a fresh worker in its place."""
        _kill(w)
        self.pool[self.pool.index(w)] = self.spawn()


def _kill(w: _Worker) -> None:
    if w.process.is_alive():
        w.process.kill()
    w.process.join(EXIT_GRACE_S)
    w.conn.close()


def _stop(pool: list[_Worker]) -> None:
    """Idle workers are told to exit; busy ones (an exception is on its way) are killed."""
    for w in pool:
        if w.busy:
            _kill(w)
            continue
        with suppress(OSError):
            w.conn.send(None)
    deadline = time.monotonic() + EXIT_GRACE_S
    for w in pool:
        w.process.join(max(0.0, deadline - time.monotonic()))
        if w.process.is_alive():
            _kill(w)
        w.conn.close()


def _worker_main(conn: Connection, parent: int, fn: Callable[[Any], Any]) -> None:
    _die_with_parent(parent)
    # Ctrl-C is the parent's to handle (it stops handing out work and keeps
    # what is stored); SIGTERM must not run the parent's handler a fork copied.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    logging.getLogger("eyecite").setLevel(logging.ERROR)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        try:
            outcome = fn(item)
        except Exception as e:
            outcome = e
        try:
            conn.send(outcome)
        except (OSError, EOFError):
            return
        except Exception as e:  # an exception that cannot be pickled
            conn.send(RuntimeError(f"{type(outcome).__name__}: {outcome} ({e})"))


def _die_with_parent(parent: int) -> None:
    """Make this process exit when ``parent`` does, however it ends (SIGKILL included)."""
    if not _set_parent_death_signal():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def _set_parent_death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os._exit(1)
