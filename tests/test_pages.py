"""A document's own page numbers and where its front matter ends, on the real briefs' text."""

from __future__ import annotations

import pytest

from kb.pages import argument_start, find_pages
from tests.conftest import BRIEFS, CORPUS, EVAL_OPINIONS

BRIEF_STEMS = sorted(p.stem for p in BRIEFS.glob("*.txt"))


def brief(stem: str) -> str:
    return (BRIEFS / f"{stem}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("stem", BRIEF_STEMS)
def test_a_brief_begins_on_its_page_1_after_its_table_of_authorities(stem):
    text = brief(stem)
    start = argument_start(text)
    assert text.index("TABLE OF AUTHORITIES") < start
    assert find_pages(text).page_at(start) == "1"
    # Nothing after it is a line of dot leaders of the tables.
    assert "......" not in text[start : start + 3000]


@pytest.mark.parametrize(
    ("stem", "phrase", "page"),
    [
        ("learning-resources-sg-brief-in-opposition", "Camreta v. Greene, 563 U.S. 692, 703-704", "5"),
        ("learning-resources-sg-brief-in-opposition", "Zemel v. Rusk", "13"),
        ("learning-resources-sg-reply-merits-brief", "Id. at 118-119", "25"),
        ("learning-resources-petition-for-certiorari", "E.g., Biden v. Nebraska, 600 U.S. 477", "17"),
        ("learning-resources-sg-opening-merits-brief", "3. 28 U.S.C. 1337(c) provides:", "2a"),
    ],
)
def test_a_bare_number_at_a_page_head_starts_that_page(stem, phrase, page):
    text = brief(stem)
    assert find_pages(text).page_at(text.index(phrase, argument_start(text))) == page


def test_a_stray_number_line_is_no_page():
    # Footnote 19's number stands alone on a line of page 13 of the petition.
    text = brief("learning-resources-petition-for-certiorari")
    pages = find_pages(text)
    assert "19" not in pages.labels[: pages.labels.index("14")]
    assert pages.page_at(text.index("help younger children develop verbal")) == "13"


def test_roman_front_matter_pages_are_read():
    text = brief("learning-resources-sg-brief-in-opposition")
    pages = find_pages(text)
    assert pages.page_at(text.index("QUESTION PRESENTED")) == "I"
    assert pages.page_at(text.index("K Mart Corp. v. Cartier, Inc., 485 U.S. 176 (1988) ....")) == "IV"


def test_form_feed_pages_take_the_number_printed_on_them():
    text = (EVAL_OPINIONS / "slip-09-the-court-astrue-v-ratliff.txt").read_text(encoding="utf-8")
    pages = find_pages(text)
    assert len(pages.starts) == text.count("\f") + 1
    assert pages.page_at(text.index("\f") + 1) == "2"


def test_estimated_pages_are_counted_and_say_so():
    text = (EVAL_OPINIONS / "cl2-1840943-matter-of-fink.txt").read_text(encoding="utf-8")
    pages = find_pages(text, estimated=True)
    assert pages.estimated
    assert pages.labels[:3] == ("1", "2", "3")
    assert len(pages.starts) == pytest.approx(len(text) / 1800, abs=1)


def test_page_n_lines_number_the_page_they_end():
    text = "Smith v. Jones, 280 F.3d 786.\nPage 1\nSee 550 U.S. 544.\nPage 2\n"
    pages = find_pages(text)
    assert pages.page_at(0) == "1"
    assert pages.page_at(text.index("See")) == "2"


def test_an_opinion_without_tables_begins_at_0():
    assert argument_start((EVAL_OPINIONS / "cl2-1840943-matter-of-fink.txt").read_text(encoding="utf-8")) == 0


@pytest.mark.parametrize("n", [1_000, 2_000, 4_000])
def test_long_lines_of_dots_and_numbers_stay_linear(n):
    """Size doubling: a table of authorities of pathological lines costs no more than its size."""
    text = "TABLE OF AUTHORITIES\n" + ("." * n + " x\n") * 20 + "\n".join(str(i) for i in range(1, n))
    assert argument_start(text) == 0 or argument_start(text) > 0
    assert len(find_pages(text).starts) >= n - 1


@pytest.mark.parametrize(
    ("stem", "first_line"),
    [
        ("learning-resources-petitioners-response-merits-brief", "APPENDIX\nAPPENDIX TO\nRESPONSE BRIEF"),
        ("learning-resources-sg-opening-merits-brief", "APPENDIX\nTABLE OF CONTENTS"),
    ],
)
def test_an_appendix_begins_at_its_heading_before_page_1a(stem, first_line):
    from kb.pages import appendix_start

    text = brief(stem)
    pages = find_pages(text)
    start = appendix_start(text, pages)
    assert text[start:].startswith(first_line)
    assert pages.page_at(text.index("\n2a\n") - 5) == "1a"


def test_a_brief_without_an_appendix_has_none():
    from kb.pages import appendix_start

    text = brief("learning-resources-sg-brief-in-opposition")
    assert appendix_start(text, find_pages(text)) is None


def test_page_n_of_m_lines_at_form_feeds_label_their_pages():
    path = CORPUS / "cl2-813990-united-states-v-gregory-walker.txt"
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    text = path.read_text(encoding="utf-8")
    pages = find_pages(text)
    # "Page 2 of 3" ends the second page; the first prints no number.
    assert pages.page_at(text.index("Criminal Procedure 32. United States v. Ingham")) == "3"
    assert pages.page_at(text.index("Officer Griffin and Sergeant Do")) == "2"
    assert pages.page_at(text.index("NOT FOR PUBLICATION")) == "1"
