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
