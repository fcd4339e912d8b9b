"""kb.query: tables of authorities and cited-by lists, read from the bundled store."""

from __future__ import annotations

import pytest

from kb.query import cited_by, in_chunks, list_opinions, table_of_authorities, unresolved_references

STEMS = ("arango-v-usa-immigration", "balogun-v-sessions", "flores-albarran-v-wong")


@pytest.fixture(scope="module")
def whole(store):
    return table_of_authorities(store)


def test_the_whole_store_table_holds_each_opinions_authorities_once(store, whole):
    per_opinion = {s: {a["key"] for a in table_of_authorities(store, s)["authorities"]} for s in STEMS}
    keys = [a["key"] for a in whole["authorities"]]
    assert len(keys) == len(set(keys)) == len(set().union(*per_opinion.values()))
    # An authority two opinions cite counts both, once each.
    shared = per_opinion["balogun-v-sessions"] & per_opinion["flores-albarran-v-wong"]
    assert "8 U.S.C. § 1252(g)" in shared
    statute = next(a for a in whole["authorities"] if a["key"] == "8 U.S.C. § 1252(g)")
    assert {"Balogun v. Sessions", "Flores Albarran v. Wong"} <= set(statute["citing_opinions"])
    assert statute["depth"] == sum(part["depth"] for part in statute["by_opinion"])


def test_sharif_is_cited_once_in_full_and_three_times_short_at_787(store):
    # flores-albarran-v-wong ¶ 26 cites Sharif v. Ashcroft, 280 F.3d 786, 787, then "Sharif, 280 F.3d at 787" three times.
    data = cited_by(store, "280 F.3d 786")
    assert data["authority"]["citation"] == "Sharif v. Ashcroft, 280 F.3d 786 (7th Cir. 2002)"
    assert data["authority"]["refs"] == {"full": 1, "short": 3, "id": 0, "supra": 0, "bare": 0}
    (flores,) = data["citing"]
    assert flores["stem"] == "flores-albarran-v-wong"
    refs = [(r["form"], r["pin_cite"], r["location"]) for r in flores["references"]]
    assert refs == [
        ("full", "787", "¶ 26"),
        ("short", "787", "¶ 26"),
        ("short", "787", "¶ 28"),
        ("short", "787", "¶ 30"),
    ]
    assert (
        "noting further that § 1252(g) “does not differentiate among kinds of relief”"
        in (data["authority"]["parentheticals"])
    )


def test_a_nested_quotation_is_listed_with_its_relation(store):
    nested = table_of_authorities(store, "flores-albarran-v-wong")["nested"]
    # ¶ 23: "Ashcroft v. Iqbal, 556 U.S. 662, 678 ... (2009) (quoting Bell Atl. Corp. v. Twombly, 550 U.S. 544, 570 ...".
    assert {
        "citing": "556 U.S. 662",
        "cited": "550 U.S. 544",
        "relation": "quoting",
        "opinion": "Flores Albarran v. Wong",
    } in nested


def test_unresolved_references_say_where_they_are(store, whole):
    rows = unresolved_references(store)
    assert rows == whole["unresolved"]
    assert all(set(r) == {"opinion", "form", "kind", "text", "location"} for r in rows)


def test_opinions_are_listed_by_case_name_with_what_they_do_not_state(store):
    rows = list_opinions(store)
    assert [r["case_name"] for r in rows] == [
        "Arango v. USA Immigration",
        "Balogun v. Sessions",
        "Flores Albarran v. Wong",
    ]
    assert rows[0]["unknown"] == ["citations"] and rows[0]["citations"] == []  # an unreported opinion


def test_ids_are_chunked_for_sqlite_in_order():
    assert list(in_chunks(range(7), 3)) == [([0, 1, 2], "?,?,?"), ([3, 4, 5], "?,?,?"), ([6], "?")]
    assert list(in_chunks([])) == []
