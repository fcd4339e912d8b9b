"""kb.abbreviations: Bluebook T6 and T10 applied to case names from the corpus."""

from __future__ import annotations

import pytest

from kb.abbreviations import abbreviate_case_name, t6_words, t10_states

from .growth import growth


@pytest.mark.parametrize(
    ("name", "cited"),
    [
        # cl2-3453257 (the corpus): a state inside a party's name is T10, "County" is T6.
        ("Kentucky River Coal Corp v. Knott County", "Ky. River Coal Corp v. Knott Cnty."),
        # Rule 10.2.2: T6 words, plurals included, and the state inside a longer name.
        ("Doe v. Kentucky Department of Human Services", "Doe v. Ky. Dep't of Hum. Servs."),
        (
            "Massachusetts Public Interest Research Group v. Secretary of the Commonwealth",
            "Mass. Pub. Interest Rsch. Grp. v. Sec'y of the Commonwealth",
        ),
        # A state or the United States that is the whole party is not abbreviated.
        ("State of Wyoming v. Colorado", "State of Wyoming v. Colorado"),
        ("Massachusetts v. Environmental Protection Agency", "Massachusetts v. Env't Prot. Agency"),
        ("United States v. Commonwealth of Puerto Rico", "United States v. Commonwealth of Puerto Rico"),
    ],
)
def test_case_names_are_abbreviated_as_rule_10_2_2_does(name, cited):
    assert abbreviate_case_name(name) == cited


def test_plurals_are_formed_from_t6_and_the_ambiguous_entries_are_left_out():
    words = t6_words()
    assert (words["Service"], words["Services"]) == ("Serv.", "Servs.")
    assert (words["Association"], words["Associations"]) == ("Ass'n", "Ass'ns")
    assert words["Authority"] == "Auth." and words["Authorities"] == "Auths."
    # "St." is Street and Saint, "No." Number: applied to every word of a name they would mangle it.
    assert "Street" not in words and "Number" not in words


def test_t10_is_reporters_db_name_first():
    states = t10_states()
    assert (states["Massachusetts"], states["Kentucky"], states["Illinois"]) == ("Mass.", "Ky.", "Ill.")


def test_abbreviating_grows_linearly_with_the_name():
    unit = "Kentucky Department of Human Services, "
    abbreviate_case_name(unit)
    two, four = growth(abbreviate_case_name, *(unit * 400 * k + "v. Doe" for k in (1, 2, 4)))
    assert two < 3.5 and four < 8.0
