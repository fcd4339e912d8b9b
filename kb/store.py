"""The store of record: one SQLite file, WAL mode, schema versioned by ``user_version``.

Each opinion is written in one ``BEGIN IMMEDIATE`` transaction: its old
records (if the file changed) are deleted and the new ones inserted, or
nothing happens at all. Readers see the previous state until the commit.
The schema and its migrations are in :mod:`kb.schema` (documented in
``docs/store.md``), the rows an opinion writes in :mod:`kb.writes`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NoReturn
from urllib.parse import quote

from kb import writes
from kb.errors import StoreError, StoreStopped
from kb.identity import index_authorities, index_opinion
from kb.models import Document, Extraction
from kb.schema import MIGRATIONS as MIGRATIONS
from kb.schema import SCHEMA_VERSION as SCHEMA_VERSION
from kb.schema import check_version, has_tables, upgrade
from kb.schema import split_sql as _split_sql  # noqa: F401  (its name here before kb.schema)
from kb.writes import add_authority_values as _add_authority_values  # noqa: F401  (its name here before kb.writes)
from kb.writes import same_opinion as same_opinion

DEFAULT_DB = "kb.sqlite"
# Wait this long for another writer before giving up (ms).
BUSY_TIMEOUT_MS = 30_000
# Readers run PRAGMA quick_check on open up to this store size: it reads every
# page, 65 ms for an 85 MB store with the file cached (docs/reliability.md),
# so about 50 ms here, against 0.6 s for the 829 MB store of 9,911 opinions.
# Writers always run the fuller integrity_check (150 ms for 85 MB).
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024


class Store(sqlite3.Connection):
    """A store connection that knows its file, so errors can name it."""

    path: Path = Path(DEFAULT_DB)
    readonly: bool = False


def connect(
    path: str | Path = DEFAULT_DB, *, create: bool = True, readonly: bool = False, check: bool | None = None
) -> sqlite3.Connection:
    """Open (and create or migrate) the store at ``path``.

    Args:
        path: the store file.
        create: create it when it does not exist.
        readonly: open it for reading only (``mode=ro``): works on a store
            whose file, folder or mount is read-only, and never writes.
        check: True: run ``PRAGMA integrity_check`` first and refuse a
            damaged store (every writer should: writing onto damaged pages or
            an index that disagrees with its table spreads the damage); None:
            ``PRAGMA quick_check`` when the store is at most
            :data:`QUICK_CHECK_MAX_BYTES` (a damaged page a query reads is
            reported as damage anyway); False: no check.

    Raises:
        StoreError: the store or its folder does not exist, cannot be read or
            written, is damaged, is not a kb store, or is newer than this kb.
    """
    path = Path(path)
    check_store_path(path, create=create and not readonly, readonly=readonly)
    try:
        conn = _open_readonly(path) if readonly else _open(path)
        if readonly:
            check_version(conn, path)
        else:
            _migrate(conn, path)
        if check or (check is None and path.stat().st_size <= QUICK_CHECK_MAX_BYTES):
            _check_integrity(conn, path, "integrity_check" if check else "quick_check")
    except sqlite3.DatabaseError as e:
        raise store_error(e, path) or StoreError(f"{path}: not a kb store ({e})") from e
    return conn


def check_store_path(path: Path, *, create: bool = True, readonly: bool = False) -> None:
    """Check that the store at ``path`` can be opened so, naming the real cause when not.

    SQLite itself says only "unable to open database file".

    Raises:
        StoreError: no such folder, a folder named as the store, no store
            (unless ``create``), or no permission to read or write what is needed.
    """
    folder = path.parent
    if not folder.is_dir():
        raise StoreError(f"{path}: no such folder {folder}; create it or pass another --db")
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a store file; pass a file name with --db")
    if not path.exists():
        if not create:
            raise StoreError(f"{path}: no such store; run 'kb ingest' first or pass --db")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StoreError(f"{path}: cannot create the store: folder {folder} is {_why_unwritable(folder)}")
        return
    if not os.access(path, os.R_OK):
        raise StoreError(f"{path}: permission denied reading the store")
    if readonly:
        return
    if not os.access(path, os.W_OK):
        raise StoreError(f"{path}: the store is {_why_unwritable(path)}; queries work, ingest needs write access")
    if not os.access(folder, os.W_OK | os.X_OK):
        # SQLite keeps its write-ahead log beside the store.
        raise StoreError(
            f"{path}: its folder {folder} is {_why_unwritable(folder)}; queries work, ingest needs write access"
        )


def _why_unwritable(path: Path) -> str:
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return "on a read-only file system"
    except OSError:
        pass
    return "read-only (permission denied)"


def _open(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, factory=Store)
    assert isinstance(conn, Store)
    conn.path = path
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection; ``immutable=1`` only where SQLite cannot keep its WAL index and no log is pending."""
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
    conn = _connect_uri(uri, path)
    try:
        conn.execute("PRAGMA user_version").fetchone()  # the first read opens the WAL index (-shm)
        return conn
    except sqlite3.OperationalError as e:
        conn.close()
        # SQLITE_CANTOPEN as root on a read-only mount, SQLITE_READONLY_DIRECTORY
        # for anyone else: the -shm cannot be created beside the store.
        name = getattr(e, "sqlite_errorname", "")
        if not (name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY")) or "unable to open" in str(e)):
            raise
    # The folder is read-only and holds no -shm: SQLite cannot share a WAL
    # index, but with no log pending the file alone is the whole store.
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size:
        raise StoreError(
            f"{path}: its folder is read-only and {wal.name} holds changes not yet merged into the store;"
            " open the store once where it is writable (any kb command) to merge them"
        )
    return _connect_uri(uri + "&immutable=1", path)


def _connect_uri(uri: str, path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, factory=Store)
    assert isinstance(conn, Store)
    conn.path, conn.readonly = path, True
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: store schema v{version} is newer than this kb (v{SCHEMA_VERSION}); upgrade kb")
    if version == SCHEMA_VERSION:
        return
    # Another kb may be creating or migrating the same store: take the write
    # lock, then look again, so that exactly one of them runs each step.
    with transaction(conn):
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and has_tables(conn):
            raise StoreError(f"{path}: not a kb store (it holds other tables)")
        while version < SCHEMA_VERSION:
            upgrade(conn, version)
            version += 1
            conn.execute(f"PRAGMA user_version = {version}")


def _check_integrity(conn: sqlite3.Connection, path: Path, pragma: str) -> None:
    problems = [r[0] for r in conn.execute(f"PRAGMA {pragma}(3)")]
    if problems != ["ok"]:
        raise StoreStopped(f"{path}: {DAMAGED} ({problems[0]}); {DAMAGED_FIX}")


DAMAGED = "the store is damaged"
DAMAGED_FIX = "restore it from a backup, or move it aside and ingest the opinions again"


def store_error(e: sqlite3.Error, path: str | Path) -> StoreStopped | None:
    """A one-line error for a failure of the store itself (damage, full disk, read-only, lock); None for others.

    Python 3.11 names SQLite's result code (``sqlite_errorname``); before
    that only the message tells them apart.
    """
    name = getattr(e, "sqlite_errorname", "") or ""
    text = str(e)
    # CASE 1: damaged pages or a file that is not a database at all
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text:
        return StoreStopped(f"{path}: {DAMAGED} ({text}); {DAMAGED_FIX}")
    # CASE 2: the disk filled up; SQLite rolled the open transaction back
    if name == "SQLITE_FULL" or "disk is full" in text:
        return StoreStopped(
            f"{path}: the disk is full ({text}); what was stored before is intact;"
            " free some space and run the same command again"
        )
    # CASE 3: the file, its folder or its mount does not allow writing
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return StoreStopped(f"{path}: the store is read-only ({text}); queries work, ingest needs write access")
    # CASE 4: another writer held the lock past the busy timeout
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return StoreStopped(
            f"{path}: another kb kept the store locked for {BUSY_TIMEOUT_MS // 1000} s; try again when it is done"
        )
    # CASE 5: the operating system failed a read or write
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) or "disk I/O error" in text:
        return StoreStopped(f"{path}: the store cannot be read or written ({text}); check the disk and its space")
    return None


def _raise_store_error(conn: sqlite3.Connection, e: sqlite3.DatabaseError) -> NoReturn:
    """Raise ``e`` as a :class:`StoreStopped` when the store itself failed, else as it is."""
    err = store_error(e, getattr(conn, "path", "the store"))
    if err is None:
        raise e
    raise err from e


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolling back on any exception.

    Raises:
        StoreStopped: the store itself failed (see :func:`store_error`); the
            transaction was rolled back.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.DatabaseError as e:
        _raise_store_error(conn, e)
    try:
        yield
        conn.execute("COMMIT")
    except BaseException as e:
        if conn.in_transaction:
            with suppress(sqlite3.DatabaseError):  # SQLite may have rolled back already (a full disk)
                conn.execute("ROLLBACK")
        if isinstance(e, sqlite3.DatabaseError):
            _raise_store_error(conn, e)
        raise


@contextmanager
def reading(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction: every query inside sees the same snapshot of the store.

    Without it each SELECT runs on its own snapshot, and a reader beside an
    ingest can see an authority's values without the authority. Nested uses
    join the outer transaction.

    Raises:
        StoreStopped: the store is damaged or cannot be read (see :func:`store_error`).
    """
    if conn.in_transaction:
        yield
        return
    try:
        conn.execute("BEGIN")
        yield
    except sqlite3.DatabaseError as e:
        _raise_store_error(conn, e)
    finally:
        if conn.in_transaction:
            with suppress(sqlite3.DatabaseError):
                conn.execute("COMMIT")


# ---------------------------------------------------------------------------
# Writing


def save_opinion(conn: sqlite3.Connection, doc: Document, extraction: Extraction) -> int:
    """Store one opinion and everything extracted from it, atomically.

    A file stored before under the same path is replaced: its references go,
    and the authorities that lose references are recomputed from what is left.

    Args:
        conn: an open store.
        doc: the loaded opinion.
        extraction: its references, nested relations, propositions and own citations.

    Returns:
        The opinion's id.
    """
    with transaction(conn):
        opinion_id, losing, old_texts = _replace_opinion(conn, doc, extraction)
        merged: set[int] = set()
        read_name = doc.meta.case_name if "case_name" not in doc.meta.unknown else None  # not one from the file name
        # A dissent or concurrence filed on its own prints the decision's citation but is
        # not what others cite by it: the opinion of the court is.
        own_citations = () if doc.meta.writing else extraction.own_citations
        own = writes.link_own_citations(conn, opinion_id, own_citations, merged, read_name)
        ids = writes.authority_ids(conn, extraction.references, merged)
        ref_ids = writes.insert_references(conn, opinion_id, extraction.references, ids)
        _insert_relations(conn, opinion_id, extraction, ids, ref_ids)
        writes.drop_unused_texts(conn, old_texts)
        _refresh_authorities(conn, opinion_id, losing | own | merged, set(ids.values()))
    return opinion_id


def _replace_opinion(
    conn: sqlite3.Connection, doc: Document, extraction: Extraction
) -> tuple[int, set[int], list[int]]:
    """Delete what ``doc`` replaces (its file's old version, the same opinion from another file) and insert it.

    Returns:
        The opinion's id (the replaced one's, so ids stay stable), the
        authorities that lost references, and the proposition texts the
        deleted records used.
    """
    losing, old_texts, old_id = writes.delete_opinion(conn, doc.path)
    same = writes.same_opinion(conn, doc, extraction)
    if same and same[0] != old_id:
        more_losing, more_texts, _ = writes.delete_opinion(conn, same[1])
        losing |= more_losing
        old_texts += more_texts
        old_id = old_id or same[0]
    return writes.insert_opinion(conn, doc, extraction.record_cites, old_id), losing, old_texts


def _insert_relations(
    conn: sqlite3.Connection, opinion_id: int, extraction: Extraction, ids: dict[str, int], ref_ids: list[int]
) -> None:
    """The nested relations, propositions and subsequent history of the opinion's references."""
    conn.executemany(
        "INSERT INTO nested (opinion_id, citing_id, cited_id, relation) VALUES (?,?,?,?)",
        [
            (opinion_id, ids[n.citing], ids[n.cited], n.relation)
            for n in extraction.nested
            if n.citing in ids and n.cited in ids
        ],
    )
    writes.insert_propositions(conn, opinion_id, extraction, ids, ref_ids)
    conn.executemany(
        "INSERT INTO history (opinion_id, authority_id, relation, later_key, later_citation, later_name,"
        " later_year, start, end, later_court) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            (opinion_id, ids[h.cited], h.relation, h.later, h.citation, h.name, h.year, h.start, h.end, h.court)
            for h in extraction.history
            if h.cited in ids
        ],
    )


def _refresh_authorities(conn: sqlite3.Connection, opinion_id: int, rebuilt: set[int], cited: set[int]) -> None:
    """Bring the store-wide values, names and lookup terms of the authorities the opinion touched up to date.

    Authorities that lost references (or were merged), ``rebuilt``, are
    recomputed from all of theirs; the others only take in this opinion's, so
    the cost of storing an opinion does not grow with the corpus.
    """
    writes.rebuild_authority_values(conn, rebuilt)
    marks = ",".join("?" * len(rebuilt))
    writes.add_authority_values(
        conn,
        f"r.opinion_id = ? AND r.authority_id IS NOT NULL AND r.authority_id NOT IN ({marks})",
        [opinion_id, *rebuilt],
    )
    touched = rebuilt | cited
    writes.settle_authorities(conn, touched)
    touched |= writes.join_citation_systems(conn, touched, opinion_id)
    index_authorities(conn, touched)
    index_opinion(conn, opinion_id)
