"""kb.analysis.works: works cited by author and title, read backwards from their locator in real opinions."""

from __future__ import annotations

import pytest

from kb.analysis.works import key_title, read_work

from .conftest import opinion_text
from .growth import growth


def test_a_treatise_in_balogun_is_read_with_its_volume_and_three_authors(analyses):
    # balogun-v-sessions: "(quoting 6 C. Gordon, S. Mailman, & S. Yale-Loehr, Immigration Law and Procedure § 72.03[2][h] (1998))"
    text = opinion_text("balogun-v-sessions")
    work = read_work(text, text.index(" § 72.03[2][h]"))
    assert work is not None
    assert (work.volume, work.authors, work.title, work.named) == (
        "6",
        ("Gordon", "Mailman", "Yale-Loehr"),
        "Immigration Law and Procedure",
        True,
    )
    keys = {r.key for r in analyses["balogun-v-sessions"].references if r.kind == "other"}
    # Keyed by section: the volume dropped (tests/eval/ANNOTATING.md).
    assert "Gordon, Mailman & Yale-Loehr, Immigration Law and Procedure § 72.03[2][h]" in keys


@pytest.mark.parametrize(
    ("before", "volume", "authors", "title"),
    [
        # The corpus: "See generally Wright & Miller, Federal Practice and Procedure: Civil § 3608"
        (
            "See generally Wright & Miller, Federal Practice and Procedure: Civil",
            None,
            ("Wright", "Miller"),
            "Federal Practice and Procedure: Civil",
        ),
        # "... 90 L. Ed. 95 (1945); 4 C. Wright & A. Miller, Federal Practice and Procedure § 1074 at 301"
        (
            "(1945); 4 C. Wright & A. Miller, Federal Practice and Procedure",
            "4",
            ("Wright", "Miller"),
            "Federal Practice and Procedure",
        ),
    ],
)
def test_authors_and_title_stop_at_the_citation_before_them(before, volume, authors, title):
    work = read_work(before, len(before))
    assert work is not None and (work.volume, work.authors, work.title) == (volume, authors, title)


def test_a_case_name_before_a_locator_is_no_work():
    assert read_work("See Jones v. Smith, Tax Court Memorandum", 40) is None


def test_titles_are_keyed_in_title_case_with_abbreviations_spelled_out():
    assert key_title("BLACK'S LAW DICTIONARY") == "Black's Law Dictionary"
    assert key_title("Webster's Third New Int'l Dictionary") == "Webster's Third New International Dictionary"


def test_a_long_run_of_capitalised_words_is_read_in_bounded_time():
    def read(text: str) -> object:
        return read_work(text, len(text))

    read("Federal Practice " * 10)
    two, four = growth(read, *("Federal Practice and Procedure " * 500 * k for k in (1, 2, 4)))
    assert two < 3.5 and four < 8.0
