"""kb.parties: one side of a caption of the corpus as a citation names it (Bluebook rule 10.2).

(Whole captions, both sides and the publishers' forms, are tests/test_caption.py's.)
"""

from __future__ import annotations

import pytest

from kb.parties import bluebook_case_name, case_party, in_re_party, title_case


@pytest.mark.parametrize(
    ("printed", "cited"),
    [
        # cl2-2073583-people-v-gillarm: a person is cited by surname (rule 10.2.1(g)), roles dropped.
        ("DAVID L. GILLARM, Defendant-Appellant.", "Gillarm"),
        # cl2-1096051-may-v-winn-dixie-louisiana-inc: an organisation keeps its whole name.
        ("WINN DIXIE LOUISIANA, INC., Defendant-Appellant.", "Winn Dixie Louisiana, Inc."),
        ("UNITED STATES OF AMERICA, Appellee,", "United States"),  # rule 10.2.2
        ("COMMISSIONER OF INTERNAL REVENUE, Respondent.", "Comm'r"),  # rule 10.2.2
        ("HUSSEIN AL-RIKABI, Defendant, Appellant.", "Al-Rikabi"),
    ],
)
def test_a_caption_side_is_named_as_a_citation_names_it(printed, cited):
    assert case_party(printed) == cited


def test_all_caps_take_the_spelling_the_opinion_uses_in_its_text():
    assert case_party("JOHN DIMANNO, Plaintiff,") == "Dimanno"
    assert case_party("JOHN DIMANNO, Plaintiff,", {"dimanno": "DiManno"}) == "DiManno"
    assert title_case("JOHN C. MINAHAN, Jr.") == "John C. Minahan, Jr."


def test_an_in_re_subject_is_its_surname():
    assert in_re_party("William Nelson FINK, Debtor.") == "Fink"


def test_a_state_inside_a_party_is_abbreviated_and_a_state_that_is_the_party_is_not():
    assert bluebook_case_name("California National Bank v. Kentucky") == "Cal. Nat'l Bank v. Kentucky"
    assert bluebook_case_name("Smith and Wesson v. Jones") == "Smith & Wesson v. Jones"


@pytest.mark.parametrize("printed", ["", "  ,  ", "Defendant-Appellant."])
def test_nothing_name_like_gives_none(printed):
    assert case_party(printed) is None
