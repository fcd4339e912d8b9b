"""kb.identity: which authority a citation is across the store, and the lookup index, on the bundled store."""

from __future__ import annotations

import sqlite3

import pytest

from kb.identity import fold, name_terms, rebuild_lookup, same_text

from .conftest import opinion_text


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("129 S.Ct. 1937", "129 S. Ct. 1937"),
        ("8 U.S.C. 1252(g)", "8 U.S.C. § 1252(g)"),
        ("280 f.3d 786", "280 F.3d 786"),
    ],
)
def test_folding_ignores_spacing_periods_section_signs_and_case(typed, stored):
    assert fold(typed) == fold(stored)
    assert fold("8 U.S.C. § 1252(g)") != fold("8 U.S.C. § 1252(f)")


def test_a_case_name_is_found_by_its_bluebook_form_and_each_party():
    terms = name_terms("Reno v. American-Arab Anti-Discrimination Committee")
    assert fold("Reno v. Am.-Arab Anti-Discrimination Comm.") in terms  # the Bluebook form the store holds
    assert {"reno", fold("Am.-Arab Anti-Discrimination Comm.")} <= terms
    assert "unitedstates" not in name_terms("United States v. Hovsepian")  # a party too common to find one case


def test_each_reported_opinion_is_its_own_citations_with_the_evidence_kept(store):
    rows = store.execute(
        "SELECT o.stem, i.citation, i.evidence FROM identity i JOIN opinions o ON o.id = i.opinion_id ORDER BY o.stem"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("balogun-v-sessions", "330 F. Supp. 3d 1211", "an own citation of the ingested opinion"),
        ("flores-albarran-v-wong", "157 F. Supp. 3d 779", "an own citation of the ingested opinion"),
    ]
    # The authority the opinion is points back to it.
    own = store.execute(
        "SELECT o.stem FROM authorities a JOIN opinions o ON o.id = a.opinion_id WHERE a.key = ?",
        ("157 F. Supp. 3d 779",),
    )
    assert own.fetchone()[0] == "flores-albarran-v-wong"


def test_rebuilding_the_lookup_index_gives_what_ingest_wrote(store, tmp_path):
    copy = sqlite3.connect(tmp_path / "copy.sqlite")
    store.backup(copy)
    copy.row_factory = sqlite3.Row
    before = set(map(tuple, copy.execute("SELECT term, target, id FROM lookup")))
    copy.execute("DELETE FROM lookup")
    rebuild_lookup(copy)
    assert set(map(tuple, copy.execute("SELECT term, target, id FROM lookup"))) == before
    assert len(before) > 400


def test_two_copies_of_one_opinion_are_the_same_text_and_two_opinions_are_not():
    flores, balogun = opinion_text("flores-albarran-v-wong"), opinion_text("balogun-v-sessions")
    reflowed = " ".join(flores.split()).replace("“", '"').replace("”", '"')
    assert same_text(flores, reflowed)
    assert not same_text(flores, balogun)
    # An opinion quoting a long passage of another is not a copy of it.
    quoted = balogun + "\n" + flores[: len(flores) // 5]
    assert not same_text(flores, quoted)


def test_a_name_two_reports_hold_that_year_joins_no_third_record(tmp_path):
    """Pinholster cites Williams v. Taylor, 529 U.S. 362 and 529 U.S. 420, two 2000
    decisions; a Tennessee opinion cites Williams v. Taylor, 120 S. Ct. 1495 (2000).
    Name, court and year cannot say which of the two that is, so none is joined
    (all three were one authority)."""
    from kb.ingest import ingest_paths
    from kb.store import connect

    from .conftest import CORPUS

    pinholster = (CORPUS / "slip-10-the-court-cullen-v-pinholster.txt").read_text()
    tennessee = (CORPUS / "ets-22002.txt").read_text()
    start = pinholster.index("Williams v. Taylor,\n529 U. S. 362")
    end = pinholster.index("(Michael Williams)") + 200
    first = tmp_path / "pinholster.txt"
    first.write_text(pinholster[start - 300 : end])
    at = tennessee.index("Williams v. Taylor, 120 S. Ct. 1495")
    second = tmp_path / "tennessee.txt"
    second.write_text(tennessee[at - 300 : at + 200])
    conn = connect(tmp_path / "kb.sqlite")
    ingest_paths(conn, [first, second])
    rows = conn.execute(
        "SELECT a.id, c.citation FROM authorities a JOIN authority_citations c ON c.authority_id = a.id"
        " WHERE a.name = 'Williams v. Taylor'"
    ).fetchall()
    by_citation = {citation: aid for aid, citation in rows}
    assert set(by_citation) == {"529 U.S. 362", "529 U.S. 420", "120 S. Ct. 1495"}
    assert len(set(by_citation.values())) == 3
