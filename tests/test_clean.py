from __future__ import annotations

import re

import pytest

from kb.analysis.clean import clean_text
from tests.conftest import CORPUS, opinion_text


def test_star_pages_glued_to_words_are_removed_and_recorded():
    c = clean_text(opinion_text("balogun-v-sessions"))
    assert "that status, Plaintiff" in c.text
    assert "*1212" not in c.text
    assert [p for _, p in c.star_pages] == ["1212", "1213", "1214", "1215", "1216", "1217", "1218"]


def test_westlaw_star_pins_are_not_star_pages():
    c = clean_text(opinion_text("balogun-v-sessions"))
    assert "2018 WL 1138280, at *2 (D. Kansas" in c.text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("is unexplained.1\n*1213When he", "is unexplained. When he"),
        ("APA complaints).4 Thus, the Court", "APA complaints). Thus, the Court"),
        ("construe his mandamus petition1\n\nas a petition", "construe his mandamus petition as a petition"),
        ("at *2 n.1 (D.N.H.", "at *2 n.1 (D.N.H."),
    ],
)
def test_footnote_call_numbers_glued_to_words_are_removed(raw, expected):
    assert clean_text(raw).text == expected


def test_pdf_line_breaks_inside_a_citation_are_folded():
    c = clean_text(opinion_text("arango-v-usa-immigration"))
    assert "Bell v. INS, 292 F. Supp.2d 370, 372 (D. Conn. 2003)" in c.text


def test_offsets_map_back_to_the_original_text():
    original = opinion_text("arango-v-usa-immigration")
    c = clean_text(original)
    i = c.text.index("292 F. Supp.2d 370")
    start, end = c.span_to_original(i, i + len("292 F. Supp.2d 370"))
    assert original[start:end] == "292 F. Supp.2d\n\n370"


def test_offsets_map_back_across_removed_star_pages():
    original = opinion_text("balogun-v-sessions")
    c = clean_text(original)
    i = c.text.index("Regents of the Univ.")
    start, _ = c.span_to_original(i, i + 7)
    assert original[start : start + 7] == "Regents"


def test_a_pdf_running_head_ending_page_n_of_m_is_page_furniture():
    # st-clr-11158786-tulsi-sawlani-m-d-v-lake-county-assessor (Ind. 2025): the head had been read into a name
    raw = (
        "curtilage even within\n\n\nIndiana Supreme Court | Case No. 25S-TA-269 | October 7, 2025        Page 9 of 11\n"
        "United States v. Powell, 943 F. Supp. 2d 759, 786 (E.D. Mich. 2013)"
    )
    c = clean_text(raw)
    assert c.text == "curtilage even within United States v. Powell, 943 F. Supp. 2d 759, 786 (E.D. Mich. 2013)"
    assert [page for _, page in c.filing_pages] == ["9"]
    # a sentence that merely mentions a page is text
    assert "Page 3 of the record" in clean_text("He relied on\nPage 3 of the record below.").text


def test_a_word_a_pdf_broke_over_two_lines_without_its_hyphen_is_joined():
    # slip-09-per-curiam-wong-v-belmontes: "prejudice under Strick" / "land v. Washington", the text spelling
    # "Strickland" elsewhere; the case had been named "Washington"
    path = CORPUS / "slip-09-per-curiam-wong-v-belmontes.txt"
    if not path.exists():
        pytest.skip("the development corpus (shared/corpus) is not here")
    assert "prejudice under Strickland v. Washington" in clean_text(path.read_text(encoding="utf-8")).text
    from kb.analysis import analyze_text

    refs = analyze_text(path.read_text(encoding="utf-8")).references
    assert next(r.name for r in refs if r.key == "466 U.S. 668" and r.form == "full") == "Strickland v. Washington"


def test_a_line_break_between_two_words_the_text_uses_on_their_own_is_a_space():
    raw = "the Court held for the\nrest of them, as the rest of the Court held. A management of Man and agement"
    # "the" and "rest" are words of this text, so the break between them is a space; "Man" / "agement" are too
    assert clean_text(raw).text.startswith("the Court held for the rest of them")
    assert "Man and agement" in clean_text(raw).text


def _corpus_texts(count: int) -> list[str]:
    paths = sorted(CORPUS.glob("*.txt"))[:count] if CORPUS.is_dir() else []
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def test_the_guard_before_the_alternatives_skips_only_positions_where_none_matches():
    # The guard lets the engine pass over lower-case letters and single spaces without trying the nine
    # alternatives; what it finds must be what the bare alternation finds, edit for edit.
    from kb.analysis import clean

    alternatives = (clean._HEADER_LINE, clean._PAGE_BREAK, clean._LINE_NUMBER, clean._ENTITY, clean._STAR_PAGE)
    alternatives += (clean._STAR_BETWEEN, clean._FOOTNOTE_CALL, clean._GLUED, clean._HYPHEN_BREAK, clean._WHITESPACE)
    bare = re.compile("|".join(alternatives))
    texts = [opinion_text(s) for s in ("balogun-v-sessions", "arango-v-usa-immigration", "flores-albarran-v-wong")]
    texts += _corpus_texts(40)
    for text in texts:
        found = [(m.span(), m.lastgroup) for m in clean._PATTERN_NUMBERED.finditer(text)]
        assert found == [(m.span(), m.lastgroup) for m in bare.finditer(text)]
        assert found, "each opinion has whitespace runs to fold"


def test_word_breaks_are_read_in_linear_time_on_one_long_word():
    # A run of letters with no line break after it was tried again from every letter (quadratic).
    from kb.analysis import clean
    from tests.growth import growth

    assert clean._WORD_BREAK.findall("x" * 50 + " b\nc") == [("b", "\n", "c")]
    assert clean._LINE_END.findall("x" * 50 + " b\nc") == ["b"]
    for rx in (clean._WORD_BREAK, clean._LINE_END):
        two, four = growth(rx.findall, *("x" * 2000 * k for k in (1, 2, 4)), rounds=3)
        assert two < 3.5 and four < 8.0, (rx.pattern, two, four)
