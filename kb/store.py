"""The store of record: one SQLite file, WAL mode, schema versioned by ``user_version``.

Each opinion is written in one ``BEGIN IMMEDIATE`` transaction: its old
records (if the file changed) are deleted and the new ones inserted, or
nothing happens at all. Readers see the previous state until the commit.
The schema is documented in ``docs/store.md``.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path
from typing import NoReturn
from urllib.parse import quote

from kb.errors import StoreError, StoreStopped
from kb.identity import index_authorities, index_opinion, same_text
from kb.models import BLANK_PAGE, Document, Extraction, Reference
from kb.names import best_attested

logger = logging.getLogger(__name__)

DEFAULT_DB = "kb.sqlite"
SCHEMA_VERSION = 8
# Wait this long for another writer before giving up (ms).
BUSY_TIMEOUT_MS = 30_000
# Readers run PRAGMA quick_check on open up to this store size: it reads every
# page, 65 ms for an 85 MB store with the file cached (docs/reliability.md),
# so about 50 ms here, against 0.6 s for the 829 MB store of 9,911 opinions.
# Writers always run the fuller integrity_check (150 ms for 85 MB).
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024

_SCHEMA_V1 = """
CREATE TABLE opinions (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    stem TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    case_name TEXT NOT NULL,
    court TEXT, court_id TEXT, date TEXT, docket TEXT, judge TEXT,
    citations TEXT NOT NULL DEFAULT '[]',
    text TEXT NOT NULL,
    record_cites INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT NOT NULL
);
CREATE INDEX opinions_sha ON opinions(sha256);
CREATE INDEX opinions_stem ON opinions(stem);

CREATE TABLE authorities (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name TEXT, court TEXT, court_id TEXT, year INTEGER,
    parent_key TEXT,
    opinion_id INTEGER REFERENCES opinions(id) ON DELETE SET NULL
);
CREATE INDEX authorities_parent ON authorities(parent_key);

CREATE TABLE authority_citations (
    citation TEXT PRIMARY KEY,
    authority_id INTEGER NOT NULL REFERENCES authorities(id) ON DELETE CASCADE
);
CREATE INDEX authority_citations_authority ON authority_citations(authority_id);

CREATE TABLE refs (
    id INTEGER PRIMARY KEY,
    opinion_id INTEGER NOT NULL REFERENCES opinions(id) ON DELETE CASCADE,
    authority_id INTEGER REFERENCES authorities(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    form TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    pin_cite TEXT, parallel_pins TEXT, signal TEXT, parenthetical TEXT,
    name TEXT, short_name TEXT, court TEXT, court_id TEXT, year INTEGER,
    citations TEXT, location TEXT,
    in_parenthetical INTEGER NOT NULL DEFAULT 0,
    sentence TEXT, sentence_start INTEGER, sentence_end INTEGER
);
CREATE INDEX refs_opinion ON refs(opinion_id);
CREATE INDEX refs_authority ON refs(authority_id);

CREATE TABLE nested (
    opinion_id INTEGER NOT NULL REFERENCES opinions(id) ON DELETE CASCADE,
    citing_id INTEGER NOT NULL REFERENCES authorities(id) ON DELETE CASCADE,
    cited_id INTEGER NOT NULL REFERENCES authorities(id) ON DELETE CASCADE,
    relation TEXT NOT NULL
);
CREATE INDEX nested_opinion ON nested(opinion_id);

CREATE TABLE propositions (
    id INTEGER PRIMARY KEY,
    opinion_id INTEGER NOT NULL REFERENCES opinions(id) ON DELETE CASCADE,
    authority_id INTEGER NOT NULL REFERENCES authorities(id) ON DELETE CASCADE,
    ref_id INTEGER NOT NULL REFERENCES refs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    pin_cite TEXT,
    start INTEGER, end INTEGER
);
CREATE INDEX propositions_authority ON propositions(authority_id);
CREATE INDEX propositions_opinion ON propositions(opinion_id);
CREATE VIRTUAL TABLE propositions_fts USING fts5(
    text, content='propositions', content_rowid='id', tokenize='porter unicode61'
);
CREATE TRIGGER propositions_ai AFTER INSERT ON propositions BEGIN
    INSERT INTO propositions_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER propositions_ad AFTER DELETE ON propositions BEGIN
    INSERT INTO propositions_fts(propositions_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
"""

# v2: the FTS5 vocabulary, so support search can tell common words from rare ones.
_SCHEMA_V2 = """
CREATE VIRTUAL TABLE propositions_vocab USING fts5vocab(propositions_fts, 'row');
"""

# v3: search retrieves distinct proposition texts (a string cite's authorities
# share one sentence, and a sentence repeated across opinions is indexed once);
# and what an authority object lists over the whole store is kept at ingest in
# ``authority_values``, so reading a much-cited authority costs its distinct
# values, not every reference to it.
_SCHEMA_V3 = """
CREATE TABLE proposition_texts (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE proposition_texts_fts USING fts5(
    text, content='proposition_texts', content_rowid='id', tokenize='porter unicode61'
);
CREATE TRIGGER proposition_texts_ai AFTER INSERT ON proposition_texts BEGIN
    INSERT INTO proposition_texts_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER proposition_texts_ad AFTER DELETE ON proposition_texts BEGIN
    INSERT INTO proposition_texts_fts(proposition_texts_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE VIRTUAL TABLE proposition_texts_vocab USING fts5vocab(proposition_texts_fts, 'row');
INSERT INTO proposition_texts (text) SELECT text FROM propositions GROUP BY text ORDER BY min(id);
ALTER TABLE propositions ADD COLUMN text_id INTEGER REFERENCES proposition_texts(id);
UPDATE propositions SET text_id = (SELECT t.id FROM proposition_texts t WHERE t.text = propositions.text);
CREATE INDEX propositions_text ON propositions(text_id, authority_id);
DROP TRIGGER propositions_ai;
DROP TRIGGER propositions_ad;
DROP TABLE propositions_vocab;
DROP TABLE propositions_fts;
CREATE TABLE authority_values (
    authority_id INTEGER NOT NULL REFERENCES authorities(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    first INTEGER NOT NULL,
    uses INTEGER NOT NULL,
    PRIMARY KEY (authority_id, field, value)
) WITHOUT ROWID;
CREATE INDEX authority_values_first ON authority_values(authority_id, field, first);
"""

# v4: a decision's subsequent and prior history as its citing opinions state it
# ("aff'd", "cert. denied", "overruled by"): relations between decisions, never
# references; and which metadata fields the opinion's text did not give.
_SCHEMA_V4 = """
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    opinion_id INTEGER NOT NULL REFERENCES opinions(id) ON DELETE CASCADE,
    authority_id INTEGER NOT NULL REFERENCES authorities(id) ON DELETE CASCADE,
    relation TEXT NOT NULL,
    later_key TEXT,
    later_citation TEXT,
    later_name TEXT,
    later_year INTEGER,
    start INTEGER, end INTEGER
);
CREATE INDEX history_authority ON history(authority_id);
CREATE INDEX history_opinion ON history(opinion_id);
CREATE INDEX history_later ON history(later_key);
ALTER TABLE opinions ADD COLUMN unknown TEXT NOT NULL DEFAULT '[]';
"""

# v5: identity and lookups. ``lookup`` holds the folded terms (citations, keys,
# names and parties in Bluebook form, short names, stems) every lookup goes
# through, so finding an authority reads an index, not every authority;
# ``identity`` keeps the evidence for each citation an authority gained by a
# merge that no opinion printed (the ingested opinion's own citations; same
# name, court and year across citation systems).
_SCHEMA_V5 = """
CREATE TABLE lookup (
    term TEXT NOT NULL,
    target TEXT NOT NULL,
    id INTEGER NOT NULL,
    PRIMARY KEY (term, target, id)
) WITHOUT ROWID;
CREATE INDEX lookup_target ON lookup(target, id);
CREATE TABLE identity (
    authority_id INTEGER NOT NULL REFERENCES authorities(id) ON DELETE CASCADE,
    citation TEXT NOT NULL,
    evidence TEXT NOT NULL,
    opinion_id INTEGER REFERENCES opinions(id) ON DELETE SET NULL,
    PRIMARY KEY (authority_id, citation)
) WITHOUT ROWID;
"""

# v6: every pin with the reporter it pins (``[["556 U.S.", "678"], ["129 S. Ct.",
# "1949–50"]]``; ``parallel_pins`` is no longer written), and the disposition
# a decision's full citation carries (``en banc``). ``authority_values`` keeps
# pins, locations and parentheticals with the opinion that printed them, so
# a store-wide view says whose each is; the step to v6 rebuilds it.
_SCHEMA_V6 = """
ALTER TABLE refs ADD COLUMN pins TEXT;
ALTER TABLE refs ADD COLUMN disposition TEXT;
"""

# v7: indexes for graph queries in the store (kb.graph, kb.walk): who cites an
# authority read from the index alone (the index over ``refs(authority_id)``
# alone is replaced by it), nested relations from either end, and the authority
# an ingested opinion is. Without them a chain over a million opinions scans
# millions of rows per hop (docs/scaling.md).
_SCHEMA_V7 = """
CREATE INDEX refs_cited ON refs(authority_id, opinion_id);
DROP INDEX refs_authority;
CREATE INDEX nested_citing ON nested(citing_id);
CREATE INDEX nested_cited ON nested(cited_id);
CREATE INDEX authorities_opinion ON authorities(opinion_id);
"""

# v8: how each reference treats its authority (followed, distinguished,
# overruled ...; kb.analysis.treatment) with the words that show it, and the
# court of a later decision in a history line ("cert. denied, 516 U.S. 936").
# References stored before v8 have no treatment until their opinion is ingested again.
_SCHEMA_V8 = """
ALTER TABLE refs ADD COLUMN treatment TEXT;
ALTER TABLE refs ADD COLUMN treatment_cue TEXT;
ALTER TABLE history ADD COLUMN later_court TEXT;
CREATE INDEX refs_treatment ON refs(treatment) WHERE treatment IS NOT NULL;
"""

# Migrations: MIGRATIONS[n] takes a store from version n to n + 1 (the step to
# v5 also fills ``lookup``, the step to v6 ``refs.pins`` and ``authority_values``).
MIGRATIONS: dict[int, str] = {
    0: _SCHEMA_V1,
    1: _SCHEMA_V2,
    2: _SCHEMA_V3,
    3: _SCHEMA_V4,
    4: _SCHEMA_V5,
    5: _SCHEMA_V6,
    6: _SCHEMA_V7,
    7: _SCHEMA_V8,
}


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
            _check_version(conn, path)
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


def _check_version(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: store schema v{version} is newer than this kb (v{SCHEMA_VERSION}); upgrade kb")
    if version == 0:
        raise StoreError(f"{path}: not a kb store ({'it holds other tables' if _has_tables(conn) else 'it is empty'})")
    if version < SCHEMA_VERSION:
        raise StoreError(
            f"{path}: store schema v{version} needs upgrading to v{SCHEMA_VERSION};"
            " run 'kb ingest' (with write access) once to migrate it"
        )


def _has_tables(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])


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
        if version == 0 and _has_tables(conn):
            raise StoreError(f"{path}: not a kb store (it holds other tables)")
        while version < SCHEMA_VERSION:
            _run_script(conn, MIGRATIONS[version])
            # (v3 created ``authority_values``; the step to v6 fills it, in its v6 form.)
            if version + 1 == 5:
                from kb.identity import rebuild_lookup

                rebuild_lookup(conn)
            if version + 1 == 6:
                _labelled_pins(conn)
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


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the open transaction; run statements one by one.
    for statement in _split_sql(script):
        conn.execute(statement)


def _split_sql(script: str) -> Iterator[str]:
    buf: list[str] = []
    for line in script.splitlines():
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            if joined.upper().startswith("CREATE TRIGGER") and not joined.upper().endswith("END;"):
                continue
            yield joined
            buf = []


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
        losing, old_texts, old_id = _delete_opinion(conn, doc.path)
        same = same_opinion(conn, doc, extraction)
        if same and same[0] != old_id:
            more_losing, more_texts, _ = _delete_opinion(conn, same[1])
            losing |= more_losing
            old_texts += more_texts
            old_id = old_id or same[0]
        opinion_id = _insert_opinion(conn, doc, extraction.record_cites, old_id)
        merged: set[int] = set()
        own = _link_own_citations(conn, opinion_id, extraction.own_citations, merged)
        ids = _authority_ids(conn, extraction.references, merged)
        ref_ids = _insert_references(conn, opinion_id, extraction.references, ids)
        conn.executemany(
            "INSERT INTO nested (opinion_id, citing_id, cited_id, relation) VALUES (?,?,?,?)",
            [
                (opinion_id, ids[n.citing], ids[n.cited], n.relation)
                for n in extraction.nested
                if n.citing in ids and n.cited in ids
            ],
        )
        _insert_propositions(conn, opinion_id, extraction, ids, ref_ids)
        conn.executemany(
            "INSERT INTO history (opinion_id, authority_id, relation, later_key, later_citation, later_name,"
            " later_year, start, end, later_court) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (opinion_id, ids[h.cited], h.relation, h.later, h.citation, h.name, h.year, h.start, h.end, h.court)
                for h in extraction.history
                if h.cited in ids
            ],
        )
        _drop_unused_texts(conn, old_texts)
        # Authorities that lost references (or were merged) are recomputed from
        # all of theirs; the others only take in this opinion's, so the cost of
        # storing an opinion does not grow with the corpus.
        rebuilt = losing | own | merged
        _rebuild_authority_values(conn, rebuilt)
        marks = ",".join("?" * len(rebuilt))
        _add_authority_values(
            conn,
            f"r.opinion_id = ? AND r.authority_id IS NOT NULL AND r.authority_id NOT IN ({marks})",
            [opinion_id, *rebuilt],
        )
        touched = rebuilt | set(ids.values())
        _settle_authorities(conn, touched)
        touched |= _join_citation_systems(conn, touched, opinion_id)
        index_authorities(conn, touched)
        index_opinion(conn, opinion_id)
    return opinion_id


def same_opinion(conn: sqlite3.Connection, doc: Document, extraction: Extraction) -> tuple[int, str] | None:
    """The stored opinion ``doc`` is, wherever it was ingested from.

    Same own citation, or same court, docket and date, *and* mostly the same
    text (:func:`kb.identity.same_text`): a dissent or concurrence filed as its
    own file shares the majority's citation, docket and date, and is another opinion.
    """
    candidates: list[tuple[int, str]] = []
    for citation in extraction.own_citations:
        candidates += [
            (r["id"], r["path"])
            for r in conn.execute(
                "SELECT o.id, o.path FROM authority_citations c JOIN authorities a ON a.id = c.authority_id"
                " JOIN opinions o ON o.id = a.opinion_id WHERE c.citation = ? AND o.path != ?",
                (citation, doc.path),
            )
        ]
    meta = doc.meta
    if meta.court_id and meta.docket and meta.date:
        candidates += [
            (r["id"], r["path"])
            for r in conn.execute(
                "SELECT id, path FROM opinions WHERE court_id = ? AND docket = ? AND date = ? AND path != ?",
                (meta.court_id, meta.docket, meta.date, doc.path),
            )
        ]
    for opinion_id, path in dict.fromkeys(candidates):
        row = conn.execute("SELECT text FROM opinions WHERE id = ?", (opinion_id,)).fetchone()
        if row and same_text(row["text"] or "", doc.text):
            return opinion_id, path
    return None


def _delete_opinion(conn: sqlite3.Connection, path: str) -> tuple[set[int], list[int], int | None]:
    """Delete the opinion stored from ``path``; return the authorities and proposition texts it used, and its id."""
    old = conn.execute("SELECT id FROM opinions WHERE path = ?", (path,)).fetchone()
    if not old:
        return set(), [], None
    losing = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT authority_id FROM refs WHERE opinion_id = ? AND authority_id IS NOT NULL", (old[0],)
        )
    }
    texts = [r[0] for r in conn.execute("SELECT DISTINCT text_id FROM propositions WHERE opinion_id = ?", (old[0],))]
    conn.execute("DELETE FROM opinions WHERE id = ?", (old[0],))
    conn.execute("DELETE FROM lookup WHERE target = 'opinion' AND id = ?", (old[0],))
    return losing, texts, int(old[0])


def _insert_opinion(conn: sqlite3.Connection, doc: Document, record_cites: int, opinion_id: int | None = None) -> int:
    """Insert the opinion; a replaced one keeps its id, so ids stay stable across re-ingests."""
    meta = doc.meta
    cur = conn.execute(
        "INSERT INTO opinions (id, path, stem, sha256, case_name, court, court_id, date, docket, judge,"
        " citations, text, record_cites, ingested_at, unknown) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            opinion_id,
            doc.path,
            doc.stem,
            doc.sha256,
            meta.case_name,
            meta.court,
            meta.court_id,
            meta.date,
            meta.docket,
            meta.judge,
            json.dumps(list(meta.citations)),
            doc.text,
            record_cites,
            datetime.now(timezone.utc).isoformat(timespec="seconds"),
            json.dumps(list(getattr(meta, "unknown", ()))),
        ),
    )
    return int(cur.lastrowid or 0)


def _labelled_pins(conn: sqlite3.Connection) -> None:
    """Fill ``refs.pins`` of a store from before v6 (reporters unknown: the first citation's) and rebuild the values."""
    rows = conn.execute("SELECT id, pin_cite, parallel_pins FROM refs WHERE pin_cite IS NOT NULL OR parallel_pins IS NOT NULL")
    updates = []
    for ref_id, pin, parallel in rows.fetchall():
        pins = [[None, p] for p in [pin, *json.loads(parallel or "[]")] if p]
        updates.append((json.dumps(pins, ensure_ascii=False), ref_id))
    conn.executemany("UPDATE refs SET pins = ? WHERE id = ?", updates)
    conn.execute("DELETE FROM authority_values")
    _add_authority_values(conn, "r.authority_id IS NOT NULL")


def _insert_references(
    conn: sqlite3.Connection, opinion_id: int, references: tuple[Reference, ...], ids: dict[str, int]
) -> list[int]:
    """Insert the references in order; return their row ids."""
    ref_ids: list[int] = []
    for seq, ref in enumerate(references):
        cur = conn.execute(
            "INSERT INTO refs (opinion_id, authority_id, seq, kind, form, start, end, text, pin_cite,"
            " pins, signal, parenthetical, name, short_name, court, court_id, year, citations,"
            " location, in_parenthetical, sentence, sentence_start, sentence_end, disposition, treatment, treatment_cue)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                opinion_id,
                ids.get(ref.key) if ref.key else None,
                seq,
                ref.kind,
                ref.form,
                ref.start,
                ref.end,
                ref.text,
                ref.pin_cite,
                json.dumps([list(p) for p in ref.pins], ensure_ascii=False) if ref.pins else None,
                ref.signal,
                ref.parenthetical,
                ref.name,
                ref.short_name,
                ref.court,
                ref.court_id,
                ref.year,
                json.dumps(list(ref.citations)),
                ref.location,
                int(ref.in_parenthetical),
                ref.sentence,
                ref.sentence_start,
                ref.sentence_end,
                ref.disposition,
                ref.treatment,
                ref.treatment_cue,
            ),
        )
        ref_ids.append(int(cur.lastrowid or 0))
    return ref_ids


def _insert_propositions(
    conn: sqlite3.Connection, opinion_id: int, extraction: Extraction, ids: dict[str, int], ref_ids: list[int]
) -> None:
    rows = []
    for p in extraction.propositions:
        ref = extraction.references[p.ref]
        if ref.key and ref.key in ids:
            text_id = _text_id(conn, p.text)
            rows.append((opinion_id, ids[ref.key], ref_ids[p.ref], p.kind, p.text, text_id, p.pin_cite, p.start, p.end))
    conn.executemany(
        "INSERT INTO propositions (opinion_id, authority_id, ref_id, kind, text, text_id, pin_cite, start, end)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        rows,
    )


def _text_id(conn: sqlite3.Connection, text: str) -> int:
    """The id of a proposition text, stored (and indexed for search) once however often it recurs."""
    row = conn.execute("SELECT id FROM proposition_texts WHERE text = ?", (text,)).fetchone()
    if row:
        return int(row[0])
    return int(conn.execute("INSERT INTO proposition_texts (text) VALUES (?)", (text,)).lastrowid or 0)


def _drop_unused_texts(conn: sqlite3.Connection, text_ids: list[int]) -> None:
    for text_id in text_ids:
        conn.execute(
            "DELETE FROM proposition_texts WHERE id = ? AND NOT EXISTS (SELECT 1 FROM propositions WHERE text_id = ?)",
            (text_id, text_id),
        )


# Where a value was first used: opinion, then reference, then its place among
# the reference's pins; ``authority_values.first`` orders lists by it.
_POSITION = "(r.opinion_id * 4294967296 + r.seq * 64)"

# The fields of ``authority_values`` and the reference column each comes from
# (``form``: uses = references of that form; ``opinion``: a citing opinion's
# id); the lists of an authority object.
_VALUE_COLUMNS = (
    ("form", "r.form"),
    ("opinion", "CAST(r.opinion_id AS TEXT)"),
    ("signal", "r.signal"),
    # Per-opinion facts keep their opinion: ``[opinion_id, value]``.
    ("parenthetical", "CASE WHEN r.parenthetical != '' THEN json_array(r.opinion_id, r.parenthetical) END"),
    ("location", "CASE WHEN r.location != '' THEN json_array(r.opinion_id, r.location) END"),
    ("disposition", "r.disposition"),
    # What opinions print of the authority: its store-wide name, court and year
    # are the best attested of these (uses = references printing them).
    ("name", "r.name"),
    ("court", "CASE WHEN r.form = 'full' AND r.court_id IS NOT NULL THEN r.court_id || '|' || coalesce(r.court, '') END"),
    ("year", "CASE WHEN r.form = 'full' THEN CAST(r.year AS TEXT) END"),
)
_VALUE_ARMS = [
    f"SELECT r.authority_id, '{field}' AS field, {column} AS value, {_POSITION} AS pos FROM refs r"
    f" WHERE {column} IS NOT NULL AND {column} != '' AND {{where}}"
    for field, column in _VALUE_COLUMNS
] + [
    # ``[opinion_id, reporter, pin]``, each pin of a reference at the next position.
    "SELECT r.authority_id, 'pin', json_array(r.opinion_id, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]')),"
    f" {_POSITION} + j.key FROM refs r, json_each(r.pins) j WHERE r.pins IS NOT NULL AND {{where}}"
]

# Every (authority, field, value) of the references selected by ``{where}``,
# with its first use and number of uses.
_AUTHORITY_VALUES = (
    "SELECT authority_id, field, value, min(pos), count(*) FROM ("
    + " UNION ALL ".join(_VALUE_ARMS)
    + ") WHERE true GROUP BY authority_id, field, value"
)


def _add_authority_values(conn: sqlite3.Connection, where: str, args: list[int] | None = None) -> None:
    """Fold the references selected by ``where`` (over ``refs r``) into ``authority_values``."""
    conn.execute(
        "INSERT INTO authority_values (authority_id, field, value, first, uses) "
        + _AUTHORITY_VALUES.format(where=where)
        + " ON CONFLICT (authority_id, field, value) DO UPDATE"
        " SET uses = uses + excluded.uses, first = min(first, excluded.first)",
        (args or []) * len(_VALUE_ARMS),
    )


def _rebuild_authority_values(conn: sqlite3.Connection, ids: set[int]) -> None:
    """Recompute ``authority_values`` of ``ids`` from every reference to them."""
    if not ids:
        return
    marks = ",".join("?" * len(ids))
    conn.execute(f"DELETE FROM authority_values WHERE authority_id IN ({marks})", list(ids))
    _add_authority_values(conn, f"r.authority_id IN ({marks})", list(ids))


def _authority_ids(conn: sqlite3.Connection, refs: tuple[Reference, ...], merged: set[int]) -> dict[str, int]:
    """Find or create the authority of every key, merging parallel-cite identities."""
    by_key: dict[str, list[Reference]] = {}
    for ref in refs:
        if ref.key:
            by_key.setdefault(ref.key, []).append(ref)
    ids: dict[str, int] = {}
    for key, group in by_key.items():
        # A not-yet-paginated citation ("577 U.S. ___") names a volume, not a case.
        citations = {c for r in group for c in r.citations if BLANK_PAGE not in c}
        citations |= {key} if group[0].kind == "case" and BLANK_PAGE not in key else set()
        ids[key] = _find_or_create(conn, key, group[0].kind, group[0].parent_key, citations, merged)
    return ids


def _find_or_create(
    conn: sqlite3.Connection, key: str, kind: str, parent: str | None, citations: set[str], merged: set[int]
) -> int:
    """The authority of ``key`` or of any of ``citations``; adds to ``merged`` any that absorbed another."""
    found: set[int] = set()
    for citation in citations:
        row = conn.execute("SELECT authority_id FROM authority_citations WHERE citation = ?", (citation,)).fetchone()
        if row:
            found.add(row[0])
    row = conn.execute("SELECT id FROM authorities WHERE key = ?", (key,)).fetchone()
    if row:
        found.add(row[0])
    if not found:
        cur = conn.execute("INSERT INTO authorities (key, kind, parent_key) VALUES (?,?,?)", (key, kind, parent))
        keep = int(cur.lastrowid or 0)
    else:
        keep = min(found)
        for other in sorted(found - {keep}):
            _merge(conn, keep, other)
            merged.add(keep)
    for citation in citations:
        conn.execute(
            "INSERT INTO authority_citations (citation, authority_id) VALUES (?, ?)"
            " ON CONFLICT(citation) DO UPDATE SET authority_id = excluded.authority_id",
            (citation, keep),
        )
    return keep


def _merge(conn: sqlite3.Connection, keep: int, other: int) -> None:
    """Fold authority ``other`` into ``keep`` (a parallel cite joined two groups)."""
    logger.info("merging authority %s into %s", other, keep)
    for table, column in (
        ("refs", "authority_id"),
        ("authority_citations", "authority_id"),
        ("nested", "citing_id"),
        ("nested", "cited_id"),
        ("propositions", "authority_id"),
        ("history", "authority_id"),  # else the cascade would drop the history of the merged authority
    ):
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (keep, other))
    row = conn.execute("SELECT opinion_id FROM authorities WHERE id = ?", (other,)).fetchone()
    if row and row[0]:
        conn.execute("UPDATE authorities SET opinion_id = ? WHERE id = ? AND opinion_id IS NULL", (row[0], keep))
    conn.execute("UPDATE OR IGNORE identity SET authority_id = ? WHERE authority_id = ?", (keep, other))
    conn.execute("DELETE FROM lookup WHERE target = 'authority' AND id = ?", (other,))
    conn.execute("DELETE FROM authorities WHERE id = ?", (other,))


def _link_own_citations(
    conn: sqlite3.Connection, opinion_id: int, own_citations: tuple[str, ...], merged: set[int]
) -> set[int]:
    """Make the opinion's own reporter citations lead to it."""
    if not own_citations:
        return set()
    citations = set(own_citations)
    aid = _find_or_create(conn, sorted(citations)[0], "case", None, citations, merged)
    conn.execute("UPDATE authorities SET opinion_id = ? WHERE id = ?", (opinion_id, aid))
    from kb.identity import record_evidence

    for citation in citations:
        record_evidence(conn, aid, citation, "an own citation of the ingested opinion", opinion_id)
    return {aid}


def _settle_authorities(conn: sqlite3.Connection, ids: set[int]) -> None:
    """Name, court and year of ``ids`` as the store's references best attest them; drop authorities nothing cites.

    The name is the full name the most references print (a one-party short name
    only when no full name is printed), so one opinion's misprint renames
    nothing; an ingested opinion's own caption counts as two references. Court
    and year: the most printed in full citations, else the ingested opinion's.
    """
    for aid in ids:
        row = conn.execute("SELECT id, opinion_id FROM authorities WHERE id = ?", (aid,)).fetchone()
        if not row:
            continue
        values: dict[str, Counter[str]] = {"name": Counter(), "court": Counter(), "year": Counter(), "form": Counter()}
        for v in conn.execute(
            "SELECT field, value, uses FROM authority_values WHERE authority_id = ? AND field IN ('name','court','year','form')",
            (aid,),
        ):
            values[v["field"]][v["value"]] += v["uses"]
        own = None
        if row["opinion_id"]:
            own = conn.execute(
                "SELECT case_name, court, court_id, substr(date, 1, 4) AS year, unknown FROM opinions WHERE id = ?",
                (row["opinion_id"],),
            ).fetchone()
        if not values["form"] and not own:
            conn.execute("DELETE FROM authorities WHERE id = ?", (aid,))
            conn.execute("DELETE FROM lookup WHERE target = 'authority' AND id = ?", (aid,))
            continue
        names = values["name"]
        if own and "case_name" not in json.loads(own["unknown"] or "[]"):
            names[own["case_name"]] += 2
        court_id = court = year = None
        if values["court"]:
            court_id, _, court = values["court"].most_common(1)[0][0].partition("|")
        elif own:
            court_id, court = own["court_id"], own["court"]
        if values["year"]:
            year = int(values["year"].most_common(1)[0][0])
        elif own and own["year"]:
            year = int(own["year"])
        conn.execute(
            "UPDATE authorities SET name = ?, court = ?, court_id = ?, year = ? WHERE id = ?",
            (best_attested(names), court or None, court_id or None, year, aid),
        )


def _join_citation_systems(conn: sqlite3.Connection, ids: set[int], opinion_id: int) -> set[int]:
    """Merge into each of ``ids`` the authorities that are the same decision under another citation system."""
    from kb.identity import record_evidence, same_decision_elsewhere

    joined: set[int] = set()
    for aid in sorted(ids):
        if aid in joined:
            continue
        current = aid
        for other, evidence in same_decision_elsewhere(conn, aid):
            if other in joined or other == current:
                continue
            keep, gone = min(current, other), max(current, other)
            for (citation,) in conn.execute("SELECT citation FROM authority_citations WHERE authority_id = ?", (gone,)):
                record_evidence(conn, keep, citation, evidence, opinion_id)
            _merge(conn, keep, gone)
            joined |= {keep, gone}
            current = keep
    if joined:
        _rebuild_authority_values(conn, joined)
        _settle_authorities(conn, joined)
    return joined
