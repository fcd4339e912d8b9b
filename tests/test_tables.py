"""The tables kb keeps itself, and the one it reads from reporters-db."""

from __future__ import annotations

import reporters_db

from kb.courts import court_id_for, state_abbreviation
from kb.tables import T10_STATES


def test_t10_states_are_reporters_db_state_abbreviations_name_first():
    assert {name: abbr for abbr, name in reporters_db.STATE_ABBREVIATIONS.items()} == T10_STATES
    assert len(T10_STATES) == 50 and T10_STATES["West Virginia"] == "W. Va."


def test_a_state_spelled_out_in_a_court_parenthetical_finds_the_court():
    assert court_id_for("D. Kansas") == court_id_for("D. Kan.") == "ksd"
    assert court_id_for("W.D. Pennsylvania") == "pawd"


def test_a_state_court_gets_its_states_t10_abbreviation():
    assert state_abbreviation("wva") == "W. Va."
    assert state_abbreviation("ksd") is None  # a federal court has no state abbreviation


def test_every_table_is_listed_with_its_source_in_docs_knowledge():
    import re

    from tests.conftest import ROOT

    names = set(re.findall(r"^([A-Z][A-Z0-9_]+)\b", (ROOT / "kb" / "tables.py").read_text(encoding="utf-8"), re.M))
    doc = (ROOT / "docs" / "knowledge.md").read_text(encoding="utf-8")
    assert len(names) > 30
    assert sorted(n for n in names if f"`{n}`" not in doc and f"kb.tables.{n}" not in doc) == []
