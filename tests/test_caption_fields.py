"""kb.caption_fields: publishers' citation lines, two-line dockets and signature dates, from real opinions.

(Dates, dockets, judges and own citations in caption cells are tests/test_caption.py's.)
"""

from __future__ import annotations

import pytest

from kb.caption_fields import docket_across, has_date, own_citations, publisher_caption, tail_date

from .conftest import CORPUS, opinion_text


def corpus_line(stem: str, start: str) -> str:
    path = CORPUS / f"{stem}.txt"
    if not path.exists():
        pytest.skip("the shared corpus is not here")
    return next(x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith(start))


@pytest.mark.parametrize(
    ("stem", "start", "name", "citations"),
    [
        (
            "cl2-2693000-oregon-place-assn-v-walsh-cotton",
            "[Cite as",
            "Oregon Place Assn. v. Walsh-Cotton",
            ("2013-Ohio-5461",),
        ),
        (  # the Ohio Official Reports' citation before the public-domain one
            "cl2-2690639-columbus-bar-assn-v-squeo",
            "[Cite as",
            "Columbus Bar Assn. v. Squeo",
            ("133 Ohio St. 3d 536", "2012-Ohio-5004"),
        ),
        ("st-clr-11119770-s-s-v-hentel", "S.S. v Hentel", "S.S. v Hentel", ("2025 N.Y. Slip Op. 04670",)),
    ],
)
def test_a_publishers_citation_line_gives_the_case_name_and_its_own_citations(stem, start, name, citations):
    line = corpus_line(stem, start)
    assert publisher_caption(line) == name
    assert own_citations(line) == citations


def test_a_docket_whose_label_and_number_are_on_two_lines():
    # st-clr-10748116-s-s-v-s-s (the Massachusetts Appeals Court): "Docket:" then "23-P-1022".
    assert docket_across("Docket:", "23-P-1022") == "Docket No. 23-P-1022"
    assert docket_across("Docket:", "Appeals Court") is None  # no number


def test_the_signature_line_dates_an_order():
    # arango-v-usa-immigration ends "Dated at New Haven, Connecticut: October 17, 2008."
    assert tail_date(opinion_text("arango-v-usa-immigration")[-3000:]) == "2008-10-17"
    assert tail_date("IT IS SO ORDERED.") is None


def test_a_cell_with_a_date_is_told_from_one_without():
    assert has_date("Argued September 4, 2018") and not has_date("Marvin E. Aspen, United States District Judge")
    assert publisher_caption("Flores Albarran v. Wong") is None
