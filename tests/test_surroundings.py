"""kb.analysis.surroundings: what is read around each citation of Flores Albarran v. Wong."""

from __future__ import annotations

import pytest

from kb.analysis import surroundings
from kb.analysis.surroundings import MAX_PAREN_CHARS, balanced_close, norm_pin

from .conftest import CORPUS, opinion_text


@pytest.fixture(scope="module")
def full(analyses):
    """Flores's full citations by key (the first of each)."""
    out = {}
    for r in analyses["flores-albarran-v-wong"].references:
        if r.form == "full":
            out.setdefault(r.key, r)
    return out


@pytest.mark.parametrize(
    ("key", "name", "pin", "court", "year"),
    [
        ("204 F.3d 744", "Bhatt v. Reno", "746–47", "7th Cir.", 1999),  # "(7th Cir.1999)": glued year
        ("101 F.3d 519", "Weiler v. Household Fin. Corp.", "524 n.1", "7th Cir.", 1996),  # "524 n. 1"
        ("2011 WL 4390084", "Alghadbawi v. Napolitano", "*4", "N.D. Ill.", 2011),  # docket between name and cite
        ("556 U.S. 662", "Ashcroft v. Iqbal", "678", "U.S.", 2009),  # pins in three parallel reporters
    ],
)
def test_name_pin_court_and_year_of_a_full_citation(full, key, name, pin, court, year):
    r = full[key]
    assert (r.name, r.pin_cite, r.court, r.year) == (name, pin, court, year)


def test_an_explanatory_parenthetical_is_the_citations_own(full):
    assert full["204 F.3d 744"].parenthetical == (
        "further explaining that, for such claims, “deportees can seek the safety valve of direct review in the court of appeals”"
    )
    assert full["556 U.S. 662"].parenthetical is None  # "(quoting ...)" states a nested citation, not an explanation


def test_a_citation_inside_a_quoting_parenthetical_is_marked_so(full):
    twombly = full["550 U.S. 544"]
    assert twombly.in_parenthetical and twombly.pin_cite == "570" and twombly.name == "Bell Atl. Corp. v. Twombly"


def test_pins_take_bluebook_spacing():
    assert [norm_pin(p) for p in ("524 n. 1", "* 4", " 870 & n. 5 ")] == ["524 n.1", "*4", "870 & n.5"]


def test_the_close_of_a_nested_parenthetical_is_found_and_an_unclosed_one_is_bounded():
    text = opinion_text("flores-albarran-v-wong")
    start = text.index("(quoting Bell Atl.")
    end = balanced_close(text, start)
    assert end is not None and text[start:end].endswith("(2007) )")  # past Twombly's own "(2007)"
    assert balanced_close("(" + "x" * (MAX_PAREN_CHARS + 10), 0) is None


def _texts() -> list[str]:
    texts = [opinion_text(s) for s in ("balogun-v-sessions", "arango-v-usa-immigration", "flores-albarran-v-wong")]
    paths = sorted(CORPUS.glob("*.txt"))[:10] if CORPUS.is_dir() else []
    return texts + [p.read_text(encoding="utf-8", errors="replace") for p in paths]


@pytest.mark.parametrize("reader", ["_case_name", "_short_name"])
def test_a_name_read_from_the_tail_of_a_long_segment_is_the_one_read_from_all_of_it(reader, monkeypatch):
    # Only the last tokens before a citation can be its name, so only a tail of the text since the
    # citation before is tokenised; what is read must be what reading all of it gives, at any position
    # (a word split in three by a scraper, "Huss a in", joined across the tail's cut included).
    read = getattr(surroundings, reader)
    texts = _texts() + ["Ruling for " * 400 + "Huss a in v. INS, 1 F.3d 2 and " + "Huss a in " * 60]
    cases = [(text, pos) for text in texts for pos in range(200, len(text), 211)]
    tail = [read(text, pos, 0) for text, pos in cases]
    monkeypatch.setattr(surroundings, "TAIL_CHARS_PER_TOKEN", 10**9)  # always all of the segment
    assert tail == [read(text, pos, 0) for text, pos in cases]
    assert sum(name is not None for name, _ in tail) > 100
