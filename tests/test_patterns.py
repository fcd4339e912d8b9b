"""kb.analysis.patterns: the shared regexes, on the text of the bundled opinions."""

from __future__ import annotations

import pytest

from kb.analysis.patterns import COURT_DATE, HISTORY, NON_EXPLANATORY, PIN_AFTER_FULL, SIGNAL_AT_END, disposition

from .conftest import opinion_text
from .growth import growth


@pytest.mark.parametrize(
    ("cite", "pin"),
    [
        # "Ashcroft v. Iqbal , 556 U.S. 662, 678, 129 S.Ct. 1937": the pin stops before the parallel's volume.
        ("556 U.S. 662", "678"),
        ("101 F.3d 519", "524 n. 1"),  # a footnote
        ("278 F.3d 718", "720–21"),  # a range
    ],
)
def test_the_pin_after_a_full_citation_in_flores(cite, pin):
    text = opinion_text("flores-albarran-v-wong")
    m = PIN_AFTER_FULL.match(text, text.index(cite) + len(cite))
    assert m is not None and m.group("pin") == pin


@pytest.mark.parametrize(
    ("inside", "court", "date", "year", "writ"),
    [
        ("7th Cir.1999", "7th Cir.", None, "1999", None),  # flores: "(7th Cir.1999)", no space before the year
        ("N.D. Ill. Feb. 20, 2003", "N.D. Ill.", "Feb. 20, ", "2003", None),
        ("2009", "", None, "2009", None),  # a Supreme Court case: the year alone
        ("Tex. App.—Austin 2002, no pet.", "Tex. App.—Austin", None, "2002", "no pet."),  # Texas Rules of Form
    ],
)
def test_a_court_and_date_parenthetical_is_read_into_its_parts(inside, court, date, year, writ):
    m = COURT_DATE.search(inside)
    assert m is not None and (m["court"], m["date"], m["year"], m["writ"]) == (court, date, year, writ)


def test_signals_history_and_dispositions_take_their_bluebook_forms():
    assert SIGNAL_AT_END.search("Thus, see also ")["signal"] == "see also"  # not "see"
    assert HISTORY.match(", aff'd, 520 U.S. 100")["phrase"] == "aff'd"
    # ims-health-inc-v-rowe (the corpus): "418 F.3d 67, 84 (1st Cir. 2005) (en banc)".
    assert [disposition(d) for d in ("En Banc", "memorandum", "Per Curiam", "table")] == [
        "en banc",
        "mem.",
        "per curiam",
        "unpublished table decision",
    ]
    assert NON_EXPLANATORY.match("emphasis added") and not NON_EXPLANATORY.match("holding that § 1252(g) bars review")


def test_a_long_pin_list_is_read_in_linear_time():
    def read(text: str) -> object:
        return PIN_AFTER_FULL.match(text)

    read(", 1" * 100)
    two, four = growth(read, *(", 12, 14 n.3" * 2000 * k + " (7th Cir. 2002)" for k in (1, 2, 4)))
    assert two < 3.5 and four < 8.0
