from __future__ import annotations

import sqlite3

import pytest

from kb import store as store_mod
from kb.errors import StoreError
from kb.pipeline import ingest_paths
from kb.query import authority_objects, find_authority, find_opinion
from kb.store import SCHEMA_VERSION, connect


def counts(conn):
    return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("opinions", "authorities", "refs"))


def test_schema_is_versioned_and_wal(tmp_path):
    conn = connect(tmp_path / "kb.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reingesting_unchanged_files_adds_nothing(tmp_path, opinions_copy):
    conn = connect(tmp_path / "kb.sqlite")
    first = ingest_paths(conn, [opinions_copy])
    before = counts(conn)
    again = ingest_paths(conn, [opinions_copy])
    assert first.count("added") == 3
    assert again.count("unchanged") == 3 and counts(conn) == before


def test_changed_file_replaces_its_records(tmp_path, opinions_copy):
    conn = connect(tmp_path / "kb.sqlite")
    ingest_paths(conn, [opinions_copy])
    f = opinions_copy / "arango-v-usa-immigration.txt"
    f.write_text(f.read_text() + "\nSee also Lemos v. Holder, 636 F.3d 365, 367 (7th Cir. 2011).\n")
    report = ingest_paths(conn, [f])
    assert report.count("replaced") == 1
    op = find_opinion(conn, "arango-v-usa-immigration")
    keys = {a["key"] for a in authority_objects(conn, op["id"])}
    assert "636 F.3d 365" in keys
    assert conn.execute("SELECT count(*) FROM opinions").fetchone()[0] == 3


def test_a_failure_mid_write_leaves_the_store_exactly_as_it_was(tmp_path, opinions_copy, monkeypatch):
    conn = connect(tmp_path / "kb.sqlite")
    ingest_paths(conn, [opinions_copy / "arango-v-usa-immigration.txt"])
    before = counts(conn)

    def boom(*args, **kwargs):
        raise RuntimeError("killed mid-ingest")

    monkeypatch.setattr(store_mod, "_refresh_authorities", boom)
    report = ingest_paths(conn, [opinions_copy / "balogun-v-sessions.txt"])
    assert report.failed[0].error.endswith("could not be stored (RuntimeError: killed mid-ingest); please report it")
    assert counts(conn) == before


def test_readers_see_the_old_state_during_an_ingest(tmp_path, opinions_copy):
    path = tmp_path / "kb.sqlite"
    writer = connect(path)
    ingest_paths(writer, [opinions_copy / "arango-v-usa-immigration.txt"])
    reader = connect(path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM refs")
    assert reader.execute("SELECT count(*) FROM refs").fetchone()[0] > 0
    writer.execute("ROLLBACK")


def test_parallel_cites_merge_into_one_authority_across_opinions(store):
    a = find_authority(store, "119 S. Ct. 936")
    assert a["key"] == "525 U.S. 471"
    objs = authority_objects(store, authority_ids=[a["id"]])
    assert objs[0]["citing_opinions"] == ["Balogun v. Sessions", "Flores Albarran v. Wong"]
    assert objs[0]["name"] == "Reno v. Am.-Arab Anti-Discrimination Comm."


def test_separate_parallel_groups_are_merged_when_a_later_opinion_joins_them(tmp_path):
    conn = connect(tmp_path / "kb.sqlite")
    for i, text in enumerate(
        [
            "Smith v. Jones, 500 U.S. 1, 3 (1991).",
            "Smith v. Jones, 111 S. Ct. 5, 7 (1991).",
            "Smith v. Jones, 500 U.S. 1, 3, 111 S. Ct. 5, 7 (1991).",
        ]
    ):
        f = tmp_path / f"o{i}.txt"
        f.write_text(text)
        ingest_paths(conn, [f])
    assert conn.execute("SELECT count(*) FROM authorities WHERE kind = 'case'").fetchone()[0] == 1
    assert conn.execute("SELECT count(DISTINCT authority_id) FROM refs").fetchone()[0] == 1


def test_an_opinions_own_citation_leads_to_it(tmp_path, opinions_copy):
    conn = connect(tmp_path / "kb.sqlite")
    ingest_paths(conn, [opinions_copy])
    citing = tmp_path / "later.txt"
    citing.write_text("See Flores Albarran v. Wong, 157 F.Supp.3d 779, 782 (N.D. Ill. 2016).")
    ingest_paths(conn, [citing])
    a = find_authority(conn, "157 F. Supp. 3d 779")
    own = find_opinion(conn, "flores-albarran-v-wong")
    assert a["opinion_id"] == own["id"]
    assert conn.execute("SELECT count(*) FROM refs WHERE authority_id = ?", (a["id"],)).fetchone()[0] == 1


def test_a_file_that_is_not_a_store_is_refused(tmp_path):
    f = tmp_path / "other.sqlite"
    other = sqlite3.connect(f)
    other.execute("CREATE TABLE x (y)")
    other.commit()
    with pytest.raises(StoreError, match="not a kb store"):
        connect(f)


def test_a_version_1_store_is_migrated_on_open(tmp_path):
    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path, isolation_level=None)
    for statement in store_mod._split_sql(store_mod.MIGRATIONS[0]):
        old.execute(statement)
    old.execute("PRAGMA user_version = 1")
    old.close()
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    assert conn.execute("SELECT count(*) FROM propositions_vocab").fetchone()[0] == 0


def test_a_store_newer_than_kb_is_refused(tmp_path):
    path = tmp_path / "new.sqlite"
    connect(path).execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match=r"store schema v99 is newer than this kb \(v2\); upgrade kb"):
        connect(path)
