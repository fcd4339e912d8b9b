"""Ingest: read each file, load and analyse it (in worker processes or on Dask), store it; one writer, one transaction per opinion."""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.errors import InputError, KbError, StoreStopped
from kb.load import MAX_OPINION_BYTES, discover, document_from_bytes, read_bytes
from kb.models import Document, Extraction, FileResult, IngestReport
from kb.store import check_store_path, connect, reading, save_opinion

logger = logging.getLogger(__name__)

# Opinions handed to Dask ahead of the writer, per worker thread: enough to
# keep every core busy, few enough that memory stays flat on any corpus.
IN_FLIGHT_PER_WORKER = 4
# Seconds one opinion may take to analyse. The longest real opinions (about
# 1.5 MB) take under 20 s on one core; a file taking six times that is a
# concatenation or pathological text, and must not hold up the rest.
DOC_TIMEOUT_S = 120.0
# Seconds to wait for a Dask scheduler to answer before saying it cannot be reached.
DASK_CONNECT_TIMEOUT_S = 30.0


def default_workers() -> int:
    """One worker process per core."""
    return max(1, os.cpu_count() or 1)


def open_for_ingest(db: str | Path) -> sqlite3.Connection | Callable[[], sqlite3.Connection]:
    """The store to ingest into, as :func:`ingest_paths` takes it.

    An existing store is opened now; a new one is returned as a function that
    creates it when the first opinion is ready to store, so that a run
    refusing every file leaves no empty store behind.

    Raises:
        StoreError: the store cannot be opened or created at ``db`` (no such
            folder, a folder of that name, not a store, read-only).
    """
    path = Path(db)
    open_store = functools.partial(connect, path, create=True, check=True)
    if path.exists():
        return open_store()
    check_store_path(path, create=True)
    return open_store


def ingest_summary(report: IngestReport, elapsed: float, db: str | Path) -> str:
    """One line for a finished run: ``3 added, 1 failed in 2.10s -> kb.sqlite`` (statuses with no file left out)."""
    parts = [f"{report.count(s)} {s}" for s in ("added", "replaced", "unchanged", "failed") if report.count(s)]
    return f"{', '.join(parts) or 'nothing to ingest'} in {elapsed:.2f}s -> {db}"


def ingest_paths(
    conn: sqlite3.Connection | Callable[[], sqlite3.Connection],
    paths: Iterable[str | Path],
    *,
    encoding: str | None = None,
    max_bytes: int = MAX_OPINION_BYTES,
    progress: Callable[[FileResult], None] | None = None,
    workers: int = 1,
    dask_scheduler: str | None = None,
    tokenizer: str = "default",
    timeout: float | None = None,
) -> IngestReport:
    """Ingest files and folders of opinions into the store.

    Files are read, hashed and written by this process (the store has one
    writer); decoding, the caption and extraction run on ``workers``
    processes, or on a Dask cluster when ``dask_scheduler`` is given, so that
    this process does little more than write. Each opinion is stored in its own
    transaction: a bad file is reported and skipped, a Ctrl-C keeps every
    opinion already stored and touches nothing else. A failure of the store
    itself (damaged, disk full, read-only) stops the run at once, recorded in
    ``report.stopped``, with everything stored before it intact. Unchanged files (same
    path, same SHA-256) and exact duplicates of a stored opinion are skipped
    without running extraction.

    Args:
        conn: an open store, or a function that opens (and creates) it: called
            when the first opinion is ready to store, so that a run storing
            nothing creates nothing; a store opened so is closed at the end.
        paths: files and folders (``*.txt`` found recursively).
        encoding: decode with this instead of UTF-8.
        max_bytes: refuse larger files.
        progress: called with each file's :class:`FileResult` as it finishes.
        workers: extraction processes (1: in this process).
        dask_scheduler: address of a Dask scheduler to fan extraction out to.
        tokenizer: the eyecite tokenizer, by name (see :data:`kb.analysis.TOKENIZERS`).
        timeout: seconds one opinion may take to analyse (None: no limit); a
            slower one is reported and skipped, its worker process killed. With
            a limit, analysis always runs in worker processes, one at least.

    Raises:
        KbError: an unknown tokenizer, or one whose optional extra is missing.
    """
    from kb.analysis.eyecite_hooks import check_tokenizer

    check_tokenizer(tokenizer)  # a missing extra fails here, once, before any work
    work = functools.partial(_load_and_analyze, encoding=encoding, tokenizer=tokenizer)
    run = _IngestRun(_Store(conn), work, progress)
    try:
        _analyze_all(run, run.tasks(paths, max_bytes), workers, dask_scheduler, tokenizer, timeout)
    except StoreStopped as e:
        run.report.stopped = str(e)
    except KeyboardInterrupt:
        run.report.interrupted = True
    finally:
        run.store.close()
    return run.report


def _analyze_all(
    run: _IngestRun,
    tasks: Iterator[_Task],
    workers: int,
    dask_scheduler: str | None,
    tokenizer: str,
    timeout: float | None,
) -> None:
    """Analyse every task where it was asked, handing each outcome to ``run`` in the order the tasks were found."""
    # CASE 1: on a Dask cluster
    if dask_scheduler:
        _run_dask(tasks, _InOrder(run.saved), dask_scheduler, run.work)
    # CASE 2: in worker processes (always so with a time budget: only a process can be killed)
    elif workers > 1 or timeout:
        from kb.workers import run_pool

        run_pool(
            tasks,
            run.work,
            _InOrder(run.saved),
            workers=max(1, workers),
            timeout=timeout,
            describe=lambda t: t.resolved,
            prepare=functools.partial(_prepare_analysis, tokenizer),
        )
    # CASE 3: in this process, one after another
    else:
        for task in tasks:
            run.saved(task, run.work(task))


class _IngestRun:
    """The writer's side of one ingest run, one method per stage: find and hash, decide duplicates, store.

    Tasks flow ``tasks`` -> (a worker's analysis) -> ``saved`` -> ``loaded`` and
    ``save``; every file ends in exactly one :class:`FileResult` via ``finish``.
    """

    def __init__(self, store: _Store, work: Work, progress: Callable[[FileResult], None] | None) -> None:
        self.store, self.work, self.progress = store, work, progress
        self.report = IngestReport()
        self.stored = store.stored()
        self.by_sha = {sha: path for path, sha in self.stored.items()}
        # Files whose text is that of a file still being loaded: decided when it is.
        self.waiting: dict[str, list[_Task]] = {}
        self.numbers = itertools.count()

    def finish(self, result: FileResult) -> None:
        """Record one file's result and tell the caller."""
        self.report.results.append(result)
        if self.progress:
            self.progress(result)

    def tasks(self, paths: Iterable[str | Path], max_bytes: int) -> Iterator[_Task]:
        """The files to analyse, read and hashed here; unreadable, unchanged and duplicate files finished at once."""
        # Reading and hashing stay here (cheap, and what skips unchanged files);
        # decoding, the caption and analysis run in the workers.
        for item in discover(paths):
            if isinstance(item, InputError):
                self.finish(FileResult(str(item).split(":")[0], "failed", error=str(item)))
                continue
            try:
                data = read_bytes(item, max_bytes)
            except KbError as e:
                self.finish(FileResult(str(item), "failed", error=str(e)))
                continue
            task = self._task(item, data)
            if task is not None:
                yield task

    def _task(self, item: Path, data: bytes) -> _Task | None:
        """The task for a file read, or None when it is finished already (unchanged, or a stored text's copy)."""
        sha = hashlib.sha256(data).hexdigest()
        resolved = str(item.resolve())
        if self.stored.get(resolved) == sha:
            self.finish(FileResult(resolved, "unchanged"))
            return None
        if resolved not in self.stored and sha in self.by_sha:
            original = self.by_sha[sha]
            if original in self.waiting:
                self.waiting[original].append(_Task(item, resolved, data, sha))
            else:
                self.finish(FileResult(resolved, "unchanged", error=f"same text as {original}"))
            return None
        self.by_sha[sha] = resolved
        self.waiting[resolved] = []
        return _Task(item, resolved, data, sha, next(self.numbers))  # numbered as handed out: no gaps

    def loaded(self, task: _Task, loaded_ok: bool) -> None:
        """A file's load is decided: its duplicates are unchanged copies of it, or loaded in turn."""
        duplicates = self.waiting.pop(task.resolved, [])
        if loaded_ok:
            for dup in duplicates:
                self.finish(FileResult(dup.resolved, "unchanged", error=f"same text as {task.resolved}"))
            return
        del self.by_sha[task.sha]
        for dup in duplicates:  # the first that loads is the one the others copy
            if task.sha in self.by_sha:
                self.finish(FileResult(dup.resolved, "unchanged", error=f"same text as {self.by_sha[task.sha]}"))
                continue
            self.by_sha[task.sha] = dup.resolved
            self.waiting[dup.resolved] = []
            self.saved(dup, self.work(dup))

    def saved(self, task: _Task, outcome: _Outcome | BaseException) -> None:
        """A task's outcome, in the order tasks were found: a file that did not load, or one to store."""
        if isinstance(outcome, tuple) and outcome[0] is None:  # the file could not be loaded
            self.finish(FileResult(str(task.path), "failed", error=str(outcome[1])))
            self.loaded(task, False)
            return
        self.loaded(task, True)
        if isinstance(outcome, tuple):
            doc, result = outcome
        else:  # a time budget exceeded, a worker that died: reported by the pool
            doc, result = None, outcome
        self.save(doc, task, result)

    def save(self, doc: Document | None, task: _Task, outcome: Extraction | BaseException) -> None:
        """Store one analysed opinion, or report why its analysis failed."""
        path = doc.path if doc is not None else task.resolved
        if isinstance(outcome, KbError):  # a time budget exceeded, a worker that died
            self.finish(FileResult(path, "failed", error=str(outcome)))
            return
        if isinstance(outcome, BaseException):
            logger.error("extracting %s", path, exc_info=outcome)
            error = f"{path}: could not be analysed ({type(outcome).__name__}: {outcome}); please report it"
            self.finish(FileResult(path, "failed", error=error))
            return
        assert doc is not None
        self._store(doc, outcome)

    def _store(self, doc: Document, extraction: Extraction) -> None:
        """Save one opinion in its own transaction; a failure of the store itself (StoreStopped) stops the run."""
        previous = self.stored.get(doc.path)
        try:
            save_opinion(self.store.conn(), doc, extraction)
        except StoreStopped:
            raise
        except KbError as e:
            self.finish(FileResult(doc.path, "failed", error=str(e)))
            return
        except Exception as e:  # a bug in storing must not stop the other files
            logger.exception("storing %s", doc.path)
            error = f"{doc.path}: could not be stored ({type(e).__name__}: {e}); please report it"
            self.finish(FileResult(doc.path, "failed", error=error))
            return
        self.stored[doc.path] = doc.sha256
        keys = {r.key for r in extraction.references if r.key}
        self.finish(FileResult(doc.path, "replaced" if previous else "added", len(extraction.references), len(keys)))


class _Store:
    """The store of one ingest run, opened on first use when given as a function."""

    def __init__(self, conn: sqlite3.Connection | Callable[[], sqlite3.Connection]) -> None:
        self._conn: sqlite3.Connection | None = None
        self._open: Callable[[], sqlite3.Connection] | None = None
        if isinstance(conn, sqlite3.Connection):
            self._conn = conn
        else:
            self._open = conn
        self._owned = False

    def stored(self) -> dict[str, str]:
        """Path -> SHA-256 of every stored opinion ({} for a store not yet opened)."""
        if self._conn is None:
            return {}
        with reading(self._conn):
            return {row[0]: row[1] for row in self._conn.execute("SELECT path, sha256 FROM opinions")}

    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            assert self._open is not None
            self._conn, self._owned = self._open(), True
        return self._conn

    def close(self) -> None:
        if self._owned and self._conn is not None:
            self._conn.close()


@dataclass(frozen=True, slots=True)
class _Task:
    """One file to load and analyse: read and hashed by the writer, loaded by a worker."""

    path: Path
    resolved: str
    data: bytes
    sha: str
    seq: int = 0  # the order it was found in, which is the order it is stored in


# (the loaded document, its extraction or what went wrong); (None, the InputError) when it did not load.
_Outcome = tuple["Document | None", "Extraction | BaseException"]


def _load_and_analyze(task: _Task, encoding: str | None, tokenizer: str) -> _Outcome:
    """Decode, read the caption and analyse one file: the whole per-opinion work, so that it runs in a worker."""
    try:
        doc = document_from_bytes(task.path, task.data, encoding=encoding)
    except KbError as e:
        return None, e
    return doc, _analyze_safely(doc, tokenizer)


def _analyze_safely(doc: Document, tokenizer: str) -> Extraction | BaseException:
    from kb.analysis import analyze_document

    try:
        return analyze_document(doc, tokenizer=tokenizer)
    except Exception as e:  # reported per file by the writer
        return e


def _prepare_analysis(tokenizer: str) -> None:
    """Load the analysis stages, build the tokenizer and the caption's court index, so that forked workers start with them."""
    import kb.caption  # noqa: F401  (the workers read the captions)
    from kb.analysis.extract import extract_citations  # noqa: F401
    from kb.analysis.eyecite_hooks import get_tokenizer
    from kb.courts import prepare_caption_courts

    get_tokenizer(tokenizer)
    prepare_caption_courts()


Work = Callable[[_Task], "_Outcome"]


class _InOrder:
    """Hands outcomes on in the order their tasks were found, whatever order the workers finish them in.

    The store then gets the same opinions under the same ids from any number
    of workers. An outcome waits here only while an earlier file is still
    being analysed; the workers keep working meanwhile.
    """

    def __init__(self, deliver: Callable[[_Task, Any], None]) -> None:
        self._deliver, self._next = deliver, 0
        self._ready: dict[int, tuple[_Task, Any]] = {}

    def __call__(self, task: _Task, outcome: Any) -> None:
        self._ready[task.seq] = (task, outcome)
        while self._next in self._ready:
            ready_task, ready_outcome = self._ready.pop(self._next)
            self._next += 1
            self._deliver(ready_task, ready_outcome)


def _run_dask(docs: Iterator[_Task], save: Callable[[_Task, Any], None], address: str, analyze: Work) -> None:
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise KbError("--dask-scheduler needs the optional extra: pip install 'kb[dask]'") from None
    try:
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT_S)
    except Exception as e:  # OSError, TimeoutError: one line for the user
        raise KbError(f"cannot reach the Dask scheduler at {address} ({type(e).__name__}: {e})") from None
    try:
        limit = max(8, IN_FLIGHT_PER_WORKER * sum(client.nthreads().values()))
        pending: dict[Any, _Task] = {}
        queue = as_completed()
        for doc in docs:
            future = client.submit(analyze, doc, pure=False)
            pending[future] = doc
            queue.add(future)
            while len(pending) >= limit:
                done = next(queue)
                save(pending.pop(done), done.result())
        for done in queue:
            save(pending.pop(done), done.result())
    finally:
        client.close()
