"""kb.writes: the rows one opinion writes, and the store-wide values kept from them, on copies of the bundled store."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from kb.load import load_document
from kb.writes import delete_opinion, rebuild_authority_values, same_opinion, settle_authorities

from .conftest import OPINIONS


@pytest.fixture
def copy(store, tmp_path):
    conn = sqlite3.connect(tmp_path / "copy.sqlite", isolation_level=None)
    store.backup(conn)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def values(conn):
    return set(map(tuple, conn.execute("SELECT authority_id, field, value, first, uses FROM authority_values")))


def test_values_rebuilt_from_every_reference_are_those_ingest_accumulated(copy):
    before = values(copy)
    assert len(before) > 900
    rebuild_authority_values(copy, {r[0] for r in copy.execute("SELECT id FROM authorities")})
    assert values(copy) == before


def test_deleting_an_opinion_drops_what_only_it_cited_and_keeps_the_rest(copy):
    path = copy.execute("SELECT path FROM opinions WHERE stem = 'flores-albarran-v-wong'").fetchone()[0]
    flores_id = copy.execute("SELECT id FROM opinions WHERE path = ?", (path,)).fetchone()[0]
    cited = {
        r[0]
        for r in copy.execute(
            "SELECT DISTINCT authority_id FROM refs WHERE opinion_id = ? AND authority_id IS NOT NULL", (flores_id,)
        )
    }
    losing, texts, old_id = delete_opinion(copy, path)
    assert (losing, old_id) == (cited, flores_id) and texts
    assert copy.execute("SELECT count(*) FROM refs WHERE opinion_id = ?", (flores_id,)).fetchone()[0] == 0
    rebuild_authority_values(copy, losing)
    settle_authorities(copy, losing)
    keys = {r[0] for r in copy.execute("SELECT key FROM authorities")}
    assert "280 F.3d 786" not in keys  # Sharif: only Flores Albarran cited it
    assert {"8 U.S.C. § 1252(g)", "28 U.S.C. § 2241"} <= keys  # Balogun cites them too


def test_the_same_opinion_from_another_file_is_recognised_and_another_opinion_is_not(store, analyses, tmp_path):
    for suffix in (".txt", ".json"):
        shutil.copy(OPINIONS / f"flores-albarran-v-wong{suffix}", tmp_path / f"flores-copy{suffix}")
    doc = load_document(tmp_path / "flores-copy.txt")
    found = same_opinion(store, doc, analyses["flores-albarran-v-wong"])
    flores = store.execute("SELECT id, path FROM opinions WHERE stem = 'flores-albarran-v-wong'").fetchone()
    assert found == (flores["id"], flores["path"])
    # Flores Albarran's court, docket, date and own citation over another text (as a separate opinion
    # filed in the same case would have them): not the same opinion.
    shutil.copy(OPINIONS / "flores-albarran-v-wong.json", tmp_path / "separate.json")
    shutil.copy(OPINIONS / "balogun-v-sessions.txt", tmp_path / "separate.txt")
    separate = load_document(tmp_path / "separate.txt")
    assert (separate.meta.docket, separate.meta.date) == ("No. 15 C 5691", "2016-01-19")
    assert same_opinion(store, separate, analyses["flores-albarran-v-wong"]) is None
