"""kb toa's table: categories, order, Bluebook forms, the brief's own pages, passim, nested cites, formats."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kb.toa import CATEGORIES, document_toa, render_toa, sort_key, toa_docx
from tests.conftest import BRIEFS, EVAL_OPINIONS, write_docx

BIO = BRIEFS / "learning-resources-sg-brief-in-opposition.txt"
REPLY = BRIEFS / "learning-resources-sg-reply-merits-brief.txt"


@pytest.fixture(scope="module")
def bio():
    return document_toa(BIO, passim=0)


@pytest.fixture(scope="module")
def reply():
    return document_toa(REPLY)


def entries(toa):
    return {e["key"]: e for c in toa["categories"] for e in c["authorities"]}


def test_categories_come_in_the_order_courts_require(bio):
    order = [heading for _, heading in CATEGORIES]
    headings = [c["heading"] for c in bio["categories"]]
    assert headings == sorted(headings, key=order.index)
    assert headings[0] == "Cases" and headings[-1] == "Other Authorities"


def test_each_category_is_alphabetical_united_states_under_u(bio):
    cases = [e["citation"] for e in bio["categories"][0]["authorities"]]
    assert cases == sorted(cases, key=sort_key)
    u = [c for c in cases if c.startswith("United States v.")]
    assert u and all(cases.index(c) > cases.index("Moyle v. United States, 603 U.S. 324 (2024)") for c in u)


def test_numbers_file_before_letters():
    assert sorted(["Trading with the Enemy Act", "50 U.S.C. § 1702", "19 U.S.C. § 3004"], key=sort_key) == [
        "19 U.S.C. § 3004",
        "50 U.S.C. § 1702",
        "Trading with the Enemy Act",
    ]


def test_entries_are_bluebook_full_citations_with_the_briefs_own_pages(bio):
    e = entries(bio)
    assert e["563 U.S. 692"]["citation"] == "Camreta v. Greene, 563 U.S. 692 (2011)"
    assert e["563 U.S. 692"]["pages"] == ["5"]
    assert e["28 U.S.C. § 1581(i)(1)(B)"]["pages"] == ["6"]
    assert e["Sup. Ct. R. 11"]["pages"] == ["5"]


def test_short_forms_and_id_count_on_their_own_pages(bio, reply):
    # "Dames & Moore, 453 U.S. at 672" on page 11, the full cite on page 10.
    assert entries(bio)["453 U.S. 654"]["pages"] == ["10", "11"]
    # "Id. at 118-119" on page 25 after the full cite on page 24.
    assert entries(reply)["595 U.S. 109"]["pages"] == ["24", "25"]


def test_the_briefs_own_table_is_not_cited_text(bio):
    # Every authority of the brief's table is also in its text, but none on a front-matter page.
    assert all(p.isdigit() for e in entries(bio).values() for p in e["pages"])
    assert bio["document"]["text_begins_on_page"] == "1"


def test_passim_past_the_threshold(reply):
    dames = entries(reply)["453 U.S. 654"]
    assert dames["passim"] and len(dames["pages"]) >= 5
    assert not document_toa(REPLY, passim=0)["categories"][0]["authorities"][0]["passim"]
    many = [e for e in entries(document_toa(REPLY, passim=20)).values() if e["passim"]]
    assert many == []


def test_no_nested_leaves_out_what_is_cited_only_inside_a_quoting_or_citing_parenthetical(bio):
    # The petitioners' response brief: "Whitman ..., 531 U.S. 457, 472 (2001) (quoting J.W. Hampton,
    # Jr., & Co. v. United States, 276 U.S. 394, 409 (1928))", and J.W. Hampton nowhere else.
    brief = BRIEFS / "learning-resources-petitioners-response-merits-brief.txt"
    assert entries(document_toa(brief))["276 U.S. 394"]["only_in_parentheticals"]
    assert "276 U.S. 394" not in entries(document_toa(brief, nested=False))
    # A statute's codification in parentheses, "(19 U.S.C. 1338)", is no quoting or citing: it stays.
    assert "19 U.S.C. § 1338" in entries(document_toa(BIO, nested=False))


def test_text_has_dot_leaders_to_the_pages(bio):
    text = render_toa(bio, "text")
    assert "Camreta v. Greene, 563 U.S. 692 (2011) ....." in text
    line = next(ln for ln in text.splitlines() if ln.startswith("Camreta"))
    assert line.endswith(" 5") and len(line) == 78


def test_markdown_italicises_case_names(bio):
    md = render_toa(bio, "markdown")
    assert "| *Camreta v. Greene*, 563 U.S. 692 (2011) | 5 |" in md
    assert "## Rules" in md


def test_csv_has_one_row_an_authority(bio):
    rows = list(csv.DictReader(io.StringIO(render_toa(bio, "csv"))))
    assert len(rows) == sum(len(c["authorities"]) for c in bio["categories"])
    rule = next(r for r in rows if r["authority"] == "Sup. Ct. R. 11")
    assert (rule["category"], rule["pages"], rule["key"]) == ("Rules", "5", "Sup. Ct. R. 11")


def test_json_is_the_table_object(bio):
    data = json.loads(render_toa(bio, "json"))
    assert data["passim_at"] == 0
    assert data["categories"][0]["heading"] == "Cases"


def test_docx_is_a_pasteable_table_with_dot_leader_tabs(bio, tmp_path):
    docx = pytest.importorskip("docx")
    path = tmp_path / "toa.docx"
    path.write_bytes(toa_docx(bio))
    document = docx.Document(path)
    camreta = next(p for p in document.paragraphs if p.text.startswith("Camreta"))
    assert camreta.text == "Camreta v. Greene, 563 U.S. 692 (2011)\t5"
    assert camreta.runs[0].italic and camreta.runs[0].text == "Camreta v. Greene"
    stop = camreta.paragraph_format.tab_stops[0]
    assert str(stop.leader).startswith("DOTS")


def test_an_opinion_pdf_is_paginated_by_its_form_feeds(tmp_path):
    source = (EVAL_OPINIONS / "slip-09-the-court-astrue-v-ratliff.txt").read_text(encoding="utf-8")
    toa = document_toa(write_docx(source, tmp_path / "ratliff.docx"))
    assert toa["document"]["format"] == "docx"
    assert entries(toa) and all(e["pages"] for e in entries(toa).values())


def test_a_docx_without_page_breaks_says_pages_are_estimated(tmp_path):
    source = (EVAL_OPINIONS / "cl2-1840943-matter-of-fink.txt").read_text(encoding="utf-8")
    toa = document_toa(write_docx(source, tmp_path / "fink.docx", page_breaks=False))
    assert toa["document"]["pages_estimated"]
    assert render_toa(toa, "text").rstrip().endswith("Page numbers are estimated: the file records no page breaks.")


def test_a_page_number_line_is_never_read_into_a_citation():
    # "28 U.S.C. § 1581(i)(1),\n15\nwhich": page 15 begins after the comma; no § 15.
    toa = document_toa(BRIEFS / "learning-resources-petition-for-certiorari.txt")
    assert "28 U.S.C. § 15" not in entries(toa)
    # It begins on page 14 (and is cited again on 31), as the brief's own table says.
    assert entries(toa)["28 U.S.C. § 1581(i)(1)"]["pages"] == ["14", "31"]


def test_the_appendix_is_not_indexed_unless_asked():
    brief = BRIEFS / "learning-resources-petitioners-response-merits-brief.txt"
    toa = document_toa(brief, passim=0)
    assert toa["document"]["appendix_begins_on_page"] == "56"
    assert not any(p.endswith("a") for e in entries(toa).values() for p in e["pages"])
    with_appendix = entries(document_toa(brief, passim=0, appendix=True))
    assert "1a" in with_appendix["U.S. Const. art. I, § 8"]["pages"]
