"""History lines, good-law flags and treatment over a store of real corpus opinions."""

from __future__ import annotations

import shutil

import pytest

from kb.goodlaw import authority_history, authority_treatment, describe_flag, subsequent_history
from kb.ingest import ingest_paths
from kb.query import authority_objects, cited_by, find_authority, find_opinion, table_of_authorities
from kb.store import connect
from tests.conftest import CORPUS

# Opinions of the corpus whose citations carry history and treatment.
STEMS = (
    "cl1-148834-united-states-v-laurent",  # "..., cert. denied, 129 S. Ct. 236 (2008)"
    "slip-10-the-court-united-states-v-tinklenberg",  # "..., abrogated on other grounds by Bloate ..."
    "st-capfc-708se2d750-the-state-petitioner-v-ricky-l-hatcher-respondent",  # "subsequently overruled Chisolm"
    "st-clr-9975723-i-s-v-i-s-s",  # "..., overruled on other grounds in Collins v. Sotka ..."
)


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory):
    """A store of the corpus opinions in STEMS (skipped without ../shared/corpus)."""
    if not all((CORPUS / f"{s}.txt").exists() for s in STEMS):
        pytest.skip("../shared/corpus/opinions is not here")
    folder = tmp_path_factory.mktemp("goodlaw")
    for stem in STEMS:
        shutil.copy(CORPUS / f"{stem}.txt", folder / f"{stem}.txt")
    conn = connect(folder / "kb.sqlite")
    assert not ingest_paths(conn, [folder]).failed
    return conn


def _object(conn, citation):
    return authority_objects(conn, authority_ids=[find_authority(conn, citation)["id"]])[0]


def test_subsequent_history_is_the_bluebook_clause():
    lines = [
        {"relation": "cert. denied", "citation": "516 U.S. 936 (1995)"},
        {"relation": "cert. denied", "citation": "516 U.S. 936 (1995)"},  # stated by a second opinion: once
    ]
    assert subsequent_history(lines) == ", cert. denied, 516 U.S. 936 (1995)"
    assert subsequent_history([]) == ""


def test_a_flag_says_what_happened_and_who_says_so():
    flag = {
        "flag": "overruled",
        "relation": "overruled by",
        "later": "Dobbs v. Jackson Women's Health Org., 597 U.S. 215 (2022)",
        "stated_by": "Smith v. Jones",
        "cue": None,
    }
    assert describe_flag(flag) == (
        "! overruled by Dobbs v. Jackson Women's Health Org., 597 U.S. 215 (2022) (per Smith v. Jones)"
    )
    flag |= {"relation": "rev'd", "later": "520 U.S. 100 (1997)", "flag": "reversed"}
    assert describe_flag(flag) == "! rev'd, 520 U.S. 100 (1997) (per Smith v. Jones)"
    assert describe_flag({"flag": "overruled", "later": None, "stated_by": "X v. Y", "cue": "we overrule Z"}) == (
        "! overruled (per X v. Y: “we overrule Z”)"
    )


def test_a_table_of_authorities_prints_the_history_its_opinion_states(corpus_store):
    data = table_of_authorities(corpus_store, "cl1-148834-united-states-v-laurent")
    van_anh = next(a for a in data["authorities"] if a["key"] == "523 F.3d 43")
    assert van_anh["subsequent_history"] == ", cert. denied, 129 S. Ct. 236 (2008)"
    assert van_anh["history"][0]["stated_by"] == "United States v. Laurent"
    assert van_anh["flags"] == []  # cert. denied says nothing of the merits


def test_an_abrogating_history_line_flags_the_authority(corpus_store):
    wilson = _object(corpus_store, "835 F.2d 1440")
    assert [(f["flag"], f["later"], f["stated_by"], f["source"]) for f in wilson["flags"]] == [
        ("abrogated", "Bloate v. United States, 559 U.S. ___ (2010)", "United States v. Tinklenberg", "history")
    ]


def test_overruled_in_is_a_history_line_not_an_authority(corpus_store):
    shover = _object(corpus_store, "61 Ohio St. 3d 213")
    assert [f["later"] for f in shover["flags"]] == ["Collins v. Sotka, 81 Ohio St. 3d 506 (Ohio 1998)"]
    oid = find_opinion(corpus_store, "st-clr-9975723-i-s-v-i-s-s")["id"]
    keys = {a["key"] for a in authority_objects(corpus_store, oid)}
    assert "61 Ohio St. 3d 213" in keys and "81 Ohio St. 3d 506" not in keys


def test_an_opinion_reporting_an_overruling_flags_it_with_its_words(corpus_store):
    chisolm = _object(corpus_store, "355 S.C. 175")
    (flag,) = chisolm["flags"]
    assert flag["source"] == "treatment" and flag["later"] is None and flag["stated_by"] == "State v. Hatcher"
    assert "subsequently overruled Chisolm in State v. Taylor" in flag["cue"]


def test_kb_history_lists_both_directions(corpus_store):
    data = authority_history(corpus_store, "835 F.2d 1440")
    assert [(h["relation"], h["stated_by"]) for h in data["history"]] == [
        ("abrogated by", "United States v. Tinklenberg")
    ]
    bloate = authority_history(corpus_store, "Bloate v. United States")
    assert {h["cited"] for h in bloate["as_later_decision"]} == {"835 F.2d 1440"}


def test_kb_treatment_counts_and_cues(corpus_store):
    data = authority_treatment(corpus_store, "355 S.C. 175")
    assert data["summary"] == {"overruled": 1}
    (ref,) = data["citing"][0]["references"]
    assert ref["treatment"] == "overruled" and ref["form"] == "full"


def test_cited_by_carries_each_references_treatment(corpus_store):
    refs = cited_by(corpus_store, "355 S.C. 175")["citing"][0]["references"]
    assert refs[0]["treatment"] == "overruled"
