"""The store's schema: its SQL, version by version, and the migrations between them.

A store's version is SQLite's ``user_version``. ``MIGRATIONS[n]`` takes a store
from version n to n + 1; :func:`migrate` runs the steps a store needs, under
the write lock. The schema is documented in ``docs/store.md``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from kb.errors import StoreError
from kb.writes import add_authority_values

SCHEMA_VERSION = 9

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

# v9: the full-text index names its content table in double quotes. Datasette
# and sqlite-utils find a table's FTS index by matching ``content="TABLE"`` (or
# ``content=[TABLE]``) in its SQL; the v3 spelling, in single quotes, hid the
# index from both. The index is made again and rebuilt from the texts (FTS5
# holds no text of its own for an external-content table, so nothing is lost).
_SCHEMA_V9 = """
DROP TRIGGER proposition_texts_ai;
DROP TRIGGER proposition_texts_ad;
DROP TABLE proposition_texts_vocab;
DROP TABLE proposition_texts_fts;
CREATE VIRTUAL TABLE proposition_texts_fts USING fts5(
    text, content="proposition_texts", content_rowid="id", tokenize='porter unicode61'
);
INSERT INTO proposition_texts_fts(proposition_texts_fts) VALUES ('rebuild');
CREATE TRIGGER proposition_texts_ai AFTER INSERT ON proposition_texts BEGIN
    INSERT INTO proposition_texts_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER proposition_texts_ad AFTER DELETE ON proposition_texts BEGIN
    INSERT INTO proposition_texts_fts(proposition_texts_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE VIRTUAL TABLE proposition_texts_vocab USING fts5vocab(proposition_texts_fts, 'row');
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
    8: _SCHEMA_V9,
}


def check_version(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a store that is not at :data:`SCHEMA_VERSION` (a reader never migrates).

    Raises:
        StoreError: the store is newer than this kb, not a kb store, or needs migrating.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: store schema v{version} is newer than this kb (v{SCHEMA_VERSION}); upgrade kb")
    if version == 0:
        raise StoreError(f"{path}: not a kb store ({'it holds other tables' if has_tables(conn) else 'it is empty'})")
    if version < SCHEMA_VERSION:
        raise StoreError(
            f"{path}: store schema v{version} needs upgrading to v{SCHEMA_VERSION};"
            " run 'kb ingest' (with write access) once to migrate it"
        )


def has_tables(conn: sqlite3.Connection) -> bool:
    """Whether the file holds any table (a version-0 file with tables is someone else's database)."""
    return bool(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])


def upgrade(conn: sqlite3.Connection, version: int) -> None:
    """Take the store from ``version`` to ``version + 1``: :data:`MIGRATIONS` ``[version]`` and the data it needs.

    Runs inside the caller's transaction (:func:`kb.store.connect` holds the
    write lock); does not set ``user_version``.
    """
    run_script(conn, MIGRATIONS[version])
    # (v3 created ``authority_values``; the step to v6 fills it, in its v6 form.)
    if version + 1 == 5:
        from kb.identity import rebuild_lookup

        rebuild_lookup(conn)
    if version + 1 == 6:
        _labelled_pins(conn)


def run_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the open transaction; run statements one by one.
    for statement in split_sql(script):
        conn.execute(statement)


def split_sql(script: str) -> Iterator[str]:
    """The statements of ``script``, a trigger's body kept whole."""
    buf: list[str] = []
    for line in script.splitlines():
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            if joined.upper().startswith("CREATE TRIGGER") and not joined.upper().endswith("END;"):
                continue
            yield joined
            buf = []


def _labelled_pins(conn: sqlite3.Connection) -> None:
    """Fill ``refs.pins`` of a store from before v6 (reporters unknown: the first citation's) and rebuild the values."""
    rows = conn.execute(
        "SELECT id, pin_cite, parallel_pins FROM refs WHERE pin_cite IS NOT NULL OR parallel_pins IS NOT NULL"
    )
    updates = []
    for ref_id, pin, parallel in rows.fetchall():
        pins = [[None, p] for p in [pin, *json.loads(parallel or "[]")] if p]
        updates.append((json.dumps(pins, ensure_ascii=False), ref_id))
    conn.executemany("UPDATE refs SET pins = ? WHERE id = ?", updates)
    conn.execute("DELETE FROM authority_values")
    add_authority_values(conn, "r.authority_id IS NOT NULL")
