"""Run the stages in order: load -> clean -> extract -> resolve -> propositions -> store."""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import Future

from kb.errors import InputError, KbError
from kb.load import MAX_OPINION_BYTES, discover, document_from_bytes, read_bytes
from kb.models import Document, Extraction
from kb.store import save_opinion

logger = logging.getLogger(__name__)

PropositionRow = tuple[int, str, str, str | None, int, int]


@dataclass(frozen=True, slots=True)
class FileResult:
    """What ingest did with one file: ``added``, ``replaced``, ``unchanged`` or ``failed``."""

    path: str
    status: str
    references: int = 0
    authorities: int = 0
    error: str | None = None


@dataclass(slots=True)
class IngestReport:
    """Outcome of one ``ingest_paths`` run."""

    results: list[FileResult] = field(default_factory=list)
    interrupted: bool = False

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


def analyze_document(doc: Document) -> tuple[Extraction, list[PropositionRow]]:
    """Extract, resolve and attach propositions for one loaded opinion."""
    # The analysis stages load eyecite and reporters-db (a third of a second);
    # they are imported when there is an opinion to analyse, not before.
    from kb.clean import clean_text
    from kb.extract import extract_citations
    from kb.propositions import attach_propositions
    from kb.resolve import resolve_references

    clean = clean_text(doc.text)
    cites = extract_citations(clean)
    extraction = resolve_references(cites, clean, doc.meta)
    refs, rows = attach_propositions(extraction.references, cites, clean)
    return Extraction(refs, extraction.nested, extraction.record_cites), rows


def analyze_text(text: str) -> Extraction:
    """Extraction for a bare string (no metadata): handy in tests and notebooks."""
    from kb.models import OpinionMeta

    doc = Document(path="<text>", stem="text", text=text, sha256="", meta=OpinionMeta(case_name="text"))
    return analyze_document(doc)[0]


# Opinions handed to the workers ahead of the writer, per worker: enough to
# keep every core busy, few enough that memory stays flat on any corpus.
IN_FLIGHT_PER_WORKER = 4


def default_workers() -> int:
    """One worker process per core."""
    return max(1, os.cpu_count() or 1)


def ingest_paths(
    conn: sqlite3.Connection,
    paths: Iterable[str | Path],
    *,
    encoding: str | None = None,
    max_bytes: int = MAX_OPINION_BYTES,
    progress: Callable[[FileResult], None] | None = None,
    workers: int = 1,
    dask_scheduler: str | None = None,
) -> IngestReport:
    """Ingest files and folders of opinions into the store.

    Files are read, checked and written by this process (the store has one
    writer); extraction runs on ``workers`` processes, or on a Dask cluster
    when ``dask_scheduler`` is given. Each opinion is stored in its own
    transaction: a bad file is reported and skipped, a Ctrl-C keeps every
    opinion already stored and touches nothing else. Unchanged files (same
    path, same SHA-256) and exact duplicates of a stored opinion are skipped
    without running extraction.

    Args:
        conn: an open store.
        paths: files and folders (``*.txt`` found recursively).
        encoding: decode with this instead of UTF-8.
        max_bytes: refuse larger files.
        progress: called with each file's :class:`FileResult` as it finishes.
        workers: extraction processes (1: in this process).
        dask_scheduler: address of a Dask scheduler to fan extraction out to.
    """
    report = IngestReport()
    stored = {row[0]: row[1] for row in conn.execute("SELECT path, sha256 FROM opinions")}
    by_sha = {sha: path for path, sha in stored.items()}

    def finish(result: FileResult) -> None:
        report.results.append(result)
        if progress:
            progress(result)

    def documents() -> Iterator[Document]:
        for item in discover(paths):
            if isinstance(item, InputError):
                finish(FileResult(str(item).split(":")[0], "failed", error=str(item)))
                continue
            try:
                data = read_bytes(item, max_bytes)
                sha = hashlib.sha256(data).hexdigest()
                resolved = str(item.resolve())
                if stored.get(resolved) == sha:
                    finish(FileResult(resolved, "unchanged"))
                    continue
                if resolved not in stored and sha in by_sha:
                    finish(FileResult(resolved, "unchanged", error=f"same text as {by_sha[sha]}"))
                    continue
                doc = document_from_bytes(item, data, encoding=encoding)
            except KbError as e:
                finish(FileResult(str(item), "failed", error=str(e)))
                continue
            by_sha[sha] = resolved
            yield doc

    def save(doc: Document, outcome: tuple[Extraction, list[PropositionRow]] | BaseException) -> None:
        if isinstance(outcome, BaseException):
            logger.error("extracting %s", doc.path, exc_info=outcome)
            error = f"{doc.path}: could not be analysed ({type(outcome).__name__}: {outcome}); please report it"
            finish(FileResult(doc.path, "failed", error=error))
            return
        extraction, rows = outcome
        previous = stored.get(doc.path)
        try:
            save_opinion(conn, doc, extraction, rows)
        except KbError as e:
            finish(FileResult(doc.path, "failed", error=str(e)))
            return
        except Exception as e:  # a bug in storing must not stop the other files
            logger.exception("storing %s", doc.path)
            finish(
                FileResult(
                    doc.path,
                    "failed",
                    error=f"{doc.path}: could not be stored ({type(e).__name__}: {e}); please report it",
                )
            )
            return
        stored[doc.path] = doc.sha256
        keys = {r.key for r in extraction.references if r.key}
        finish(FileResult(doc.path, "replaced" if previous else "added", len(extraction.references), len(keys)))

    try:
        if dask_scheduler:
            _run_dask(documents(), save, dask_scheduler)
        elif workers > 1:
            _run_processes(documents(), save, workers)
        else:
            for doc in documents():
                save(doc, _analyze_safely(doc))
    except KeyboardInterrupt:
        report.interrupted = True
    return report


def _analyze_safely(doc: Document) -> tuple[Extraction, list[PropositionRow]] | BaseException:
    try:
        return analyze_document(doc)
    except Exception as e:  # reported per file by the writer
        return e


def _worker_init() -> None:
    # Ctrl-C is the parent's to handle: it stops handing out work and keeps
    # what is stored; a worker dying on SIGINT would only break the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("eyecite").setLevel(logging.ERROR)


def _prepare_analysis() -> None:
    """Load the analysis stages and build the tokenizer, so that forked workers start with them."""
    from kb.extract import extract_citations  # noqa: F401
    from kb.eyecite_hooks import tokenizer

    tokenizer()


def _run_processes(docs: Iterator[Document], save: Callable[[Document, Any], None], workers: int) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor

    ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init)
    pending: dict[Future[Any], Document] = {}
    limit = workers * IN_FLIGHT_PER_WORKER
    prepared = False
    try:
        for doc in docs:
            if not prepared:
                _prepare_analysis()
                prepared = True
            pending[pool.submit(_analyze_safely, doc)] = doc
            while len(pending) >= limit:
                _drain(pending, save, FIRST_COMPLETED)
        while pending:
            _drain(pending, save, FIRST_COMPLETED)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _drain(pending: dict[Future[Any], Document], save: Callable[[Document, Any], None], when: str) -> None:
    from concurrent.futures import wait

    done, _ = wait(list(pending), return_when=when)
    for future in done:
        doc = pending.pop(future)
        try:
            outcome = future.result()
        except Exception as e:  # the worker process itself died
            outcome = e
        save(doc, outcome)


def _run_dask(docs: Iterator[Document], save: Callable[[Document, Any], None], address: str) -> None:
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise KbError("--dask-scheduler needs the optional extra: pip install 'kb[dask]'") from None
    try:
        client = Client(address, timeout=30)
    except Exception as e:  # OSError, TimeoutError: one line for the user
        raise KbError(f"cannot reach the Dask scheduler at {address} ({type(e).__name__}: {e})") from None
    try:
        limit = max(8, IN_FLIGHT_PER_WORKER * sum(client.nthreads().values()))
        pending: dict[Any, Document] = {}
        queue = as_completed()
        for doc in docs:
            future = client.submit(_analyze_safely, doc, pure=False)
            pending[future] = doc
            queue.add(future)
            while len(pending) >= limit:
                done = next(queue)
                save(pending.pop(done), done.result())
        for done in queue:
            save(pending.pop(done), done.result())
    finally:
        client.close()
