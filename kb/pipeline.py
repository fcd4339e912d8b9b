"""Run the stages in order: load -> clean -> extract -> resolve -> propositions -> store."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kb.clean import clean_text
from kb.errors import InputError, KbError
from kb.extract import extract_citations
from kb.load import MAX_OPINION_BYTES, discover, load_document
from kb.models import Document, Extraction
from kb.propositions import attach_propositions
from kb.resolve import resolve_references
from kb.store import path_with_sha, save_opinion, stored_sha

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

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


def analyze_document(doc: Document) -> tuple[Extraction, list[PropositionRow]]:
    """Extract, resolve and attach propositions for one loaded opinion."""
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


def ingest_paths(
    conn: sqlite3.Connection,
    paths: Iterable[str | Path],
    *,
    encoding: str | None = None,
    max_bytes: int = MAX_OPINION_BYTES,
    progress: Callable[[FileResult], None] | None = None,
) -> IngestReport:
    """Ingest files and folders of opinions into the store.

    Each opinion is stored in its own transaction; a bad file is reported and
    skipped, leaving the store and the other files untouched. Unchanged files
    (same path, same SHA-256) and exact duplicates of a stored opinion are
    skipped without running extraction.
    """
    report = IngestReport()
    for item in discover(paths):
        if isinstance(item, InputError):
            result = FileResult(str(item).split(":")[0], "failed", error=str(item))
        else:
            result = _ingest_one(conn, item, encoding, max_bytes)
        report.results.append(result)
        if progress:
            progress(result)
    return report


def _ingest_one(conn: sqlite3.Connection, path: Path, encoding: str | None, max_bytes: int) -> FileResult:
    try:
        doc = load_document(path, encoding=encoding, max_bytes=max_bytes)
        previous = stored_sha(conn, doc.path)
        if previous == doc.sha256:
            return FileResult(doc.path, "unchanged")
        twin = path_with_sha(conn, doc.sha256)
        if previous is None and twin:
            return FileResult(doc.path, "unchanged", error=f"same text as {twin}")
        extraction, rows = analyze_document(doc)
        save_opinion(conn, doc, extraction, rows)
    except KbError as e:
        return FileResult(str(path), "failed", error=str(e))
    except Exception as e:  # a bug in extraction must not stop the other files
        logger.exception("extracting %s", path)
        return FileResult(
            str(path), "failed", error=f"{path}: could not be analysed ({type(e).__name__}: {e}); please report it"
        )
    keys = {r.key for r in extraction.references if r.key}
    return FileResult(doc.path, "replaced" if previous else "added", len(extraction.references), len(keys))
