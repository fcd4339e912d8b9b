"""kb.analysis.reporters: how reporters-db says a citation prints, and which court a reporter reports.

Cited as the corpus's opinions cite them (../shared/corpus/opinions).
"""

from __future__ import annotations

import pytest

from kb.analysis.reporters import bluebook_reporter, cite_string, pin_reporter, reporter_court


@pytest.mark.parametrize(
    ("parts", "printed"),
    [
        (
            ("2024", "Ohio", "2083"),
            "2024-Ohio-2083",
        ),  # a public-domain citation, cite_format {volume}-{reporter}-{page}
        (("2014", "T.C. Memo.", "4"), "T.C. Memo. 2014-4"),  # $full_cite_year_page
        (("14", "Cal. 4th", "155"), "14 Cal. 4th 155"),
        (("280", "F.3d", "786"), "280 F.3d 786"),
    ],
)
def test_a_citation_prints_as_its_reporter_prints_it(parts, printed):
    assert cite_string(*parts) == printed


def test_a_pin_is_labelled_by_volume_and_reporter_or_by_the_whole_neutral_cite():
    assert pin_reporter("556", "U.S.", "662") == "556 U.S."
    assert pin_reporter("2024", "Ohio", "2083") == "2024-Ohio-2083"


def test_the_publisher_eyecite_drops_is_kept():
    assert bluebook_reporter("T.C.M.  (CCH)", "T.C.M.") == "T.C.M. (CCH)"  # 52 T.C.M. (CCH) 588
    assert bluebook_reporter("F. 3d", "F.3d") == "F.3d"


@pytest.mark.parametrize(
    ("edition", "court_id"),
    [
        ("Cal. 4th", "cal"),  # 14 Cal. 4th 155: the California Supreme Court
        ("Cal. App. 4th", "calctapp"),  # 187 Cal. App. 4th 634
        ("Ill. App. 3d", "illappct"),
        ("Mass.", "mass"),
        ("N.Y.2d", "ny"),  # the Court of Appeals, New York's highest court
        ("A.D.3d", "nyappdiv"),  # the Appellate Division of the Supreme Court
        ("Ohio St. 3d", "ohio"),
        ("Wall.", "scotus"),  # 23 Wall. 46: an edition two reporters share, one of them the Supreme Court's
        ("U.S.", "scotus"),
        ("T.C.M. (CCH)", "tax"),
    ],
)
def test_a_reporter_of_one_court_names_it(edition, court_id):
    assert reporter_court(edition) == court_id


@pytest.mark.parametrize("edition", ["F.3d", "F. Supp. 3d", "N.E.2d", "A.2d", "Misc. 3d"])
def test_a_reporter_of_many_courts_names_none(edition):
    # Federal and regional reporters, and New York's Miscellaneous Reports, publish many courts.
    assert reporter_court(edition) is None
