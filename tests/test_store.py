from __future__ import annotations

import json
import sqlite3

import pytest

from kb import store as store_mod
from kb import writes as writes_mod
from kb.bluebook import natural_key
from kb.errors import StoreError
from kb.ingest import ingest_paths
from kb.query import authority_objects, find_authority, find_opinion
from kb.search import support
from kb.store import SCHEMA_VERSION, connect
from tests.conftest import CORPUS


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

    monkeypatch.setattr(writes_mod, "settle_authorities", boom)
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
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM proposition_texts_vocab").fetchone()[0] == 0


# Columns a version 2 store holds (v3 adds propositions.text_id, v5 refs.treatment and refs.treatment_cue).
_V2_COPY = {
    "opinions": "id, path, stem, sha256, case_name, court, court_id, date, docket, judge, citations, text,"
    " record_cites, ingested_at",
    "authorities": "id, key, kind, name, court, court_id, year, parent_key, opinion_id",
    "authority_citations": "citation, authority_id",
    # A v2 reference's pins: its own, then its parallel citations' (v6 keeps them in ``pins``).
    "refs": "id, opinion_id, authority_id, seq, kind, form, start, end, text, pin_cite,"
    " (SELECT json_group_array(json_extract(j.value, '$[1]')) FROM json_each(pins) j WHERE j.key > 0"
    " OR pin_cite IS NULL), signal, parenthetical, name, short_name, court, court_id, year, citations, location,"
    " in_parenthetical, sentence, sentence_start, sentence_end",
    "nested": "*",
    "propositions": "id, opinion_id, authority_id, ref_id, kind, text, pin_cite, start, end",
}


def _v2_copy_of(store, path):
    """A version 2 store holding the same records as ``store`` (the v2 schema, then its rows)."""
    old = sqlite3.connect(path, isolation_level=None)
    for version in (0, 1):
        for statement in store_mod._split_sql(store_mod.MIGRATIONS[version]):
            old.execute(statement)
    old.execute("PRAGMA user_version = 2")
    old.execute("ATTACH ? AS new", (store.execute("PRAGMA database_list").fetchone()[2],))
    for table, columns in _V2_COPY.items():
        old.execute(f"INSERT INTO main.{table} SELECT {columns} FROM new.{table}")
    old.execute("DETACH new")
    old.close()


def _values(conn):
    return conn.execute("SELECT * FROM authority_values ORDER BY authority_id, field, value").fetchall()


def _texts(conn):
    return conn.execute(
        "SELECT p.id, t.text FROM propositions p JOIN proposition_texts t ON t.id = p.text_id ORDER BY p.id"
    ).fetchall()


def _unlabelled(values):
    """Values as a store from before v6 can know them: pins without their reporters, no dispositions."""
    out = []
    for r in values:
        value = r["value"]
        if r["field"] == "pin":
            value = json.dumps([json.loads(value)[0], None, json.loads(value)[2]], ensure_ascii=False)
        if r["field"] != "disposition":
            out.append((r["authority_id"], r["field"], value, r["first"], r["uses"]))
    return sorted(out)


def test_a_version_2_store_migrates_to_what_ingesting_afresh_builds(store, tmp_path):
    path = tmp_path / "v2.sqlite"
    _v2_copy_of(store, path)
    migrated = connect(path)
    assert migrated.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert _unlabelled(_values(migrated)) == _unlabelled(_values(store))
    assert _texts(migrated) == _texts(store)
    assert [tuple(r) for r in _texts(store)] == [
        tuple(r) for r in store.execute("SELECT id, text FROM propositions ORDER BY id")
    ]
    query = "stay requests arising from the execution of removal orders"
    assert [h["citation"] for h in support(migrated, query)] == [h["citation"] for h in support(store, query)]


def _rebuilt_values(conn):
    """authority_values recomputed from every stored reference, for comparison."""
    conn.execute("BEGIN")
    conn.execute("DELETE FROM authority_values")
    store_mod._add_authority_values(conn, "r.authority_id IS NOT NULL")
    rows = _values(conn)
    conn.execute("ROLLBACK")
    return rows


def test_values_kept_at_ingest_match_a_rebuild_after_replacing_and_merging(tmp_path, opinions_copy):
    conn = connect(tmp_path / "kb.sqlite")
    ingest_paths(conn, [opinions_copy])
    f = opinions_copy / "flores-albarran-v-wong.txt"
    text = f.read_text()
    # The new version cites AADC at new pins and rewords the sentence § 1252(g) is first cited for.
    gone = "In pertinent part, § 1252(g) provides that"
    assert gone in text
    f.write_text(
        text.replace("525 U.S. 471, 482", "525 U.S. 471, 498", 1).replace(gone, "Section 1252(g) says that")
        + "\nSee Reno, 525 U.S. at 497.\n"
    )
    texts_before = conn.execute(
        "SELECT count(*) FROM proposition_texts WHERE text LIKE ?", ("%" + gone + "%",)
    ).fetchone()
    assert texts_before[0] == 1
    assert ingest_paths(conn, [f]).count("replaced") == 1
    assert (
        conn.execute("SELECT count(*) FROM proposition_texts WHERE text LIKE ?", ("%" + gone + "%",)).fetchone()[0] == 0
    )
    for i, cite in enumerate(
        [
            "Doe v. Roe, 600 U.S. 1, 5 (2023).",
            "Doe v. Roe, 143 S. Ct. 9, 11 (2023).",
            "Doe v. Roe, 600 U.S. 1, 6, 143 S. Ct. 9, 12 (2023).",
        ]
    ):
        (tmp_path / f"m{i}.txt").write_text(cite)
        ingest_paths(conn, [tmp_path / f"m{i}.txt"])
    assert _values(conn) == _rebuilt_values(conn)
    orphans = "SELECT count(*) FROM proposition_texts WHERE id NOT IN (SELECT text_id FROM propositions)"
    assert conn.execute(orphans).fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM propositions WHERE text_id IS NULL").fetchone()[0] == 0
    doe = authority_objects(conn, authority_ids=[find_authority(conn, "600 U.S. 1")["id"]])[0]
    # pins of both reporters, each labelled, sorted within its reporter
    assert doe["pin_cites"] == ["600 U.S. at 5", "600 U.S. at 6", "143 S. Ct. at 11", "143 S. Ct. at 12"]
    assert doe["refs"]["full"] == 3
    reno = authority_objects(conn, authority_ids=[find_authority(conn, "525 U.S. 471")["id"]])[0]
    assert {"525 U.S. at 498", "525 U.S. at 497", "525 U.S. at 482"} <= set(reno["pin_cites"])


def test_store_wide_objects_say_which_opinion_printed_each_pin_location_and_parenthetical(store):
    """Each opinion's part of a store-wide object is what that opinion's own table lists."""
    per_opinion = {
        op: {o["id"]: o for o in authority_objects(store, op)} for (op,) in store.execute("SELECT id FROM opinions")
    }
    for obj in authority_objects(store):
        refs = store.execute(
            "SELECT r.*, o.case_name FROM refs r JOIN opinions o ON o.id = r.opinion_id"
            " WHERE r.authority_id = ? ORDER BY r.opinion_id, r.seq",
            (obj["id"],),
        ).fetchall()
        assert {p["opinion_id"] for p in obj["by_opinion"]} == {r["opinion_id"] for r in refs}
        names = [p["opinion"] for p in obj["by_opinion"]]
        assert names == sorted(names, key=natural_key)  # by name, whatever order ingest finished them in
        for part in obj["by_opinion"]:
            own = per_opinion[part["opinion_id"]][obj["id"]]
            assert part["pin_cites"] == own["pin_cites"], (obj["key"], part["opinion"])
            assert part["locations"] == own["locations"]
            assert part["parentheticals"] == own["parentheticals"]
        assert obj["parentheticals"] == list(dict.fromkeys(r["parenthetical"] for r in refs if r["parenthetical"]))
        assert obj["citing_opinions"] == list(dict.fromkeys(r["case_name"] for r in refs))
        assert obj["depth"] == len(refs) == sum(obj["refs"].values())
        assert obj["totals"]["citing_opinions"] == len({r["opinion_id"] for r in refs})


def test_pins_are_sorted_deduplicated_and_labelled_by_reporter(store):
    balogun = find_opinion(store, "balogun-v-sessions")["id"]
    reno = next(o for o in authority_objects(store, balogun) if o["key"] == "525 U.S. 471")
    # Balogun prints 483, 487, 482, 483, 489 ... in text order: one reporter, so unlabelled
    assert reno["pin_cites"] == ["482", "483", "484", "485", "485 n.9", "487", "489", "489–90"]
    flores = find_opinion(store, "flores-albarran-v-wong")["id"]
    iqbal = next(o for o in authority_objects(store, flores) if o["key"] == "556 U.S. 662")
    assert iqbal["pin_cites"] == ["556 U.S. at 678", "129 S. Ct. at 1949", "129 S. Ct. at 1949–50"]
    assert iqbal["pins"] == [
        {"citation": "556 U.S. 662", "pins": ["678"]},
        {"citation": "129 S. Ct. 1937", "pins": ["1949", "1949–50"]},
    ]


def test_a_list_limit_keeps_the_first_entries_and_exact_totals(store):
    reno = find_authority(store, "525 U.S. 471")
    full = authority_objects(store, authority_ids=[reno["id"]])[0]
    short = authority_objects(store, authority_ids=[reno["id"]], list_limit=1)[0]
    assert len(full["pin_cites"]) > 1 and len(short["pin_cites"]) == 1
    assert any(p.endswith(short["pin_cites"][0].split(" at ")[-1]) for p in full["pin_cites"])
    assert short["citing_opinions"] == full["citing_opinions"][:1]
    assert short["totals"] == full["totals"] and full["totals"]["pin_cites"] >= len(full["pin_cites"])


def test_a_store_newer_than_kb_is_refused(tmp_path):
    path = tmp_path / "new.sqlite"
    connect(path).execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match=rf"store schema v99 is newer than this kb \(v{SCHEMA_VERSION}\); upgrade kb"):
        connect(path)


@pytest.mark.skipif(not CORPUS.exists(), reason="the development corpus (shared/corpus) is not here")
def test_a_dissent_filed_on_its_own_is_not_the_majority_ingested_again(tmp_path):
    """Kawashima v. Holder: majority and Ginsburg's dissent, two files with one docket, court and date."""
    files = [CORPUS / "slip-11-the-court-kawashima-v-holder.txt", CORPUS / "slip-11-ginsburg-kawashima-v-holder.txt"]
    conn = connect(tmp_path / "kb.sqlite")
    ingest_paths(conn, files)
    rows = conn.execute("SELECT docket, date, court_id FROM opinions").fetchall()
    assert len(rows) == 2 and rows[0] == rows[1]  # both kept, though they share what identifies a decision
    # an edited copy of one of them, from another folder, still replaces it
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    edited = elsewhere / files[1].name
    edited.write_text(files[1].read_text(encoding="utf-8").replace("Sansone", "Sansone [sic]"), encoding="utf-8")
    ingest_paths(conn, [edited])
    assert conn.execute("SELECT count(*) FROM opinions").fetchone()[0] == 2


def test_a_version_7_store_gains_treatment_columns(tmp_path):
    path = tmp_path / "v7.sqlite"
    old = sqlite3.connect(path, isolation_level=None)
    for version in range(7):
        for statement in store_mod._split_sql(store_mod.MIGRATIONS[version]):
            old.execute(statement)
    old.execute("PRAGMA user_version = 7")
    old.close()
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert {"treatment", "treatment_cue"} <= {r[1] for r in conn.execute("PRAGMA table_info(refs)")}
    assert "later_court" in {r[1] for r in conn.execute("PRAGMA table_info(history)")}


@pytest.mark.skipif(not CORPUS.exists(), reason="the development corpus (shared/corpus) is not here")
def test_a_slip_opinion_not_yet_paginated_is_the_authority_its_name_and_volume_cite(tmp_path):
    """AT&T Mobility v. Concepcion, 563 U.S. ___, cited so by CompuCredit v. Greenwood and a California opinion."""
    files = [
        CORPUS / "slip-10-the-court-at-t-mobility-llc-v-concepcion.txt",
        CORPUS / "slip-11-the-court-compucredit-corp-v-greenwood.txt",
        CORPUS / "cl2-2653660-brown-v-beverly-hills-surgery-center-ca2-7.txt",
    ]
    conn = connect(tmp_path / "kb.sqlite")
    ingest_paths(conn, files)
    row = conn.execute(
        "SELECT a.id, a.key FROM authorities a JOIN opinions o ON o.id = a.opinion_id WHERE o.stem = ?",
        ("slip-10-the-court-at-t-mobility-llc-v-concepcion",),
    ).fetchone()
    assert row["key"] == "563 U.S. ___ (AT&T Mobility LLC v. Concepcion)"
    citing = conn.execute("SELECT count(DISTINCT opinion_id) FROM refs WHERE authority_id = ?", (row["id"],)).fetchone()
    assert citing[0] == 2
    # the volume alone is no identity: nothing else joins it
    assert not conn.execute("SELECT 1 FROM authority_citations WHERE citation = '563 U.S. ___'").fetchone()


@pytest.mark.skipif(not CORPUS.exists(), reason="the development corpus (shared/corpus) is not here")
def test_the_decision_a_citation_names_is_the_opinion_of_the_court_not_a_separate_writing(tmp_path):
    """AT&T Mobility v. Concepcion: Breyer's dissent and Thomas's concurrence, filed on their own, print 563 U.S. ___ too."""
    files = [CORPUS / f"slip-10-{who}-at-t-mobility-llc-v-concepcion.txt" for who in ("breyer", "the-court", "thomas")]
    conn = connect(tmp_path / "kb.sqlite")
    ingest_paths(conn, files)
    linked = conn.execute("SELECT o.stem FROM authorities a JOIN opinions o ON o.id = a.opinion_id").fetchall()
    assert [r["stem"] for r in linked] == ["slip-10-the-court-at-t-mobility-llc-v-concepcion"]


def test_each_proposition_points_at_its_own_reference(tmp_path, opinions_copy):
    # The references go in with one statement and their row ids are read back by seq: a proposition's
    # ref_id must still be the reference it was read for, on a replaced opinion too (the ids are reused).
    conn = connect(tmp_path / "kb.sqlite")
    ingest_paths(conn, [opinions_copy])
    path = sorted(opinions_copy.glob("*.txt"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    ingest_paths(conn, [opinions_copy])
    rows = conn.execute(
        "SELECT p.opinion_id, p.authority_id, p.text, r.opinion_id, r.authority_id, r.sentence FROM propositions p"
        " JOIN refs r ON r.id = p.ref_id WHERE p.kind = 'sentence'"
    ).fetchall()
    assert len(rows) == conn.execute("SELECT count(*) FROM propositions WHERE kind = 'sentence'").fetchone()[0] > 100
    assert all(r[0] == r[3] and r[1] == r[4] and r[2] == r[5] for r in rows)
    for (opinion_id,) in conn.execute("SELECT id FROM opinions"):
        by_id = [r[0] for r in conn.execute("SELECT seq FROM refs WHERE opinion_id = ? ORDER BY id", (opinion_id,))]
        assert by_id == list(range(len(by_id)))


def test_name_terms_read_from_the_cache_are_a_fresh_set_each_time():
    from kb.identity import name_terms

    terms = name_terms("Heckler v. Chaney")
    assert {"heckler", "chaney"} <= terms
    terms.add("mutated")
    assert "mutated" not in name_terms("Heckler v. Chaney")


def test_a_key_folded_by_a_later_parallel_cite_of_the_same_opinion_is_stored(tmp_path):
    """Aversa (1st Cir. 1993) cites Cheek as ``111 S. Ct. 604`` alone, then as
    ``498 U.S. 192, 111 S. Ct. 604``; the store knew Cheek as ``498 U.S. 192`` from
    Jerman. The second key folds the first key's new authority into the old one,
    and the first key's references must follow it (they failed a foreign key)."""
    jerman = (CORPUS / "slip-09-the-court-jerman-v-carlisle-mcnellie-rini-kramer-ulrich-lpa.txt").read_text()
    aversa = (CORPUS / "cl1-194486-united-states-v-aversa.txt").read_text().splitlines()
    first = tmp_path / "jerman.txt"
    first.write_text(jerman[jerman.index("510 U. S. 135, 149; see also Cheek") :][:400])
    second = tmp_path / "aversa.txt"
    second.write_text("\n".join(aversa[570:600] + aversa[1590:1602] + aversa[1920:1935]))
    conn = connect(tmp_path / "kb.sqlite")
    ingest_paths(conn, [first])
    report = ingest_paths(conn, [second])
    assert [r.status for r in report.results] == ["added"]
    cheek = find_authority(conn, "111 S. Ct. 604")
    assert cheek["id"] == find_authority(conn, "498 U.S. 192")["id"]
    stems = {
        r[0]
        for r in conn.execute(
            "SELECT o.stem FROM refs r JOIN opinions o ON o.id = r.opinion_id WHERE r.authority_id = ?", (cheek["id"],)
        )
    }
    assert stems == {"jerman", "aversa"}
