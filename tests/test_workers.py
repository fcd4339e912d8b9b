"""The worker pool: time budgets, replaced workers, and no worker outliving its parent (real processes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import pytest

from kb.workers import TaskTimeout, WorkerDied, run_pool
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")


def _sleep_then_square(n: int) -> int:
    if n < 0:
        time.sleep(600)
    if n == 13:
        os._exit(3)  # a crash the worker cannot report
    return n * n


def test_a_stuck_task_is_killed_and_the_others_finish():
    results = {}
    started = time.perf_counter()
    run_pool(iter([1, -1, 2, 3, 13, 4]), _sleep_then_square, results.__setitem__, workers=2, timeout=1)
    assert time.perf_counter() - started < 20
    assert {k: v for k, v in results.items() if isinstance(v, int)} == {1: 1, 2: 4, 3: 9, 4: 16}
    assert isinstance(results[-1], TaskTimeout) and str(results[-1]) == (
        "-1: took longer than 1 s; skipped (raise --timeout if it is an opinion)"
    )
    assert isinstance(results[13], WorkerDied) and "exit status 3" in str(results[13])


def test_no_work_starts_no_process():
    before = _children(os.getpid())
    started: list[int] = []
    run_pool(iter([]), _sleep_then_square, lambda *_: None, workers=4, timeout=1, prepare=lambda: started.append(1))
    assert not started and _children(os.getpid()) <= before


# An ingest whose analysis never ends: every worker stays busy until killed.
_STUCK_INGEST = """
import sys, time
import kb.ingest
kb.ingest._analyze_safely = lambda doc, tokenizer: time.sleep(600)
from kb.cli import main
sys.argv = ["kb", "--db", sys.argv[1], "ingest", sys.argv[2], "--workers", "2", "--timeout", "0"]
main()
"""


def _children(pid: int) -> set[int]:
    kids: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with suppress(OSError):
            kids |= {int(k) for k in (task / "children").read_text().split()}
    return kids


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize(
    ("sig", "status"), [(signal.SIGKILL, -9), (signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["KILL", "TERM", "INT"]
)
def test_workers_die_with_their_parent(tmp_path, opinions_copy, sig, status):
    parent = subprocess.Popen(
        [sys.executable, "-c", _STUCK_INGEST, str(tmp_path / "kb.sqlite"), str(opinions_copy)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "stderr").open("wb"),  # not a pipe: an orphan would hold it open
    )
    deadline = time.monotonic() + 30
    while len(_children(parent.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = _children(parent.pid)
    assert len(workers) == 2
    parent.send_signal(sig)
    assert parent.wait(timeout=60) == status  # a hang detector, generous for a loaded machine
    deadline = time.monotonic() + 20
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left
    if sig != signal.SIGKILL:
        assert (tmp_path / "stderr").read_text().startswith("Interrupted: nothing to ingest in ")
