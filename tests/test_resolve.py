"""Short forms, Id., bare sections and parallel citations resolve to the right authority."""

from __future__ import annotations

from collections import Counter

import pytest

from kb.analysis import analyze_text
from tests.conftest import EVAL_OPINIONS as EVAL
from tests.conftest import refs_for


def forms(extraction, key):
    return dict(Counter(r.form for r in refs_for(extraction, key)))


def test_parallel_citations_are_one_authority(analyses):
    refs = refs_for(analyses["balogun-v-sessions"], "525 U.S. 471")
    full = [r for r in refs if r.form == "full"][0]
    assert full.citations == ("525 U.S. 471", "119 S. Ct. 936", "142 L. Ed. 2d 940")
    keys = {r.key for r in analyses["balogun-v-sessions"].references}
    assert "119 S. Ct. 936" not in keys and "142 L. Ed. 2d 940" not in keys


def test_short_form_through_a_parallel_reporter_lands_on_the_case():
    ex = analyze_text(
        "Ashcroft v. Iqbal, 556 U.S. 662, 678, 129 S.Ct. 1937, 173 L.Ed.2d 868 (2009). Later: 129 S.Ct. at 1949."
    )
    assert [(r.key, r.form, r.pin_cite) for r in ex.references] == [
        ("556 U.S. 662", "full", "678"),
        ("556 U.S. 662", "short", "1949"),
    ]


@pytest.mark.parametrize(
    ("stem", "key", "expected"),
    [
        ("balogun-v-sessions", "525 U.S. 471", {"full": 1, "short": 5, "id": 8}),  # Id. across *1215, footnotes
        ("balogun-v-sessions", "236 F.3d 1115", {"full": 1, "id": 3}),
        ("balogun-v-sessions", "373 F.3d 952", {"full": 1, "id": 2}),  # "See id. (citing Humphries ...)"
        ("balogun-v-sessions", "470 U.S. 821", {"full": 1, "short": 1, "id": 1}),
        ("balogun-v-sessions", "8 C.F.R. § 214.14(c)(1)(ii)", {"id": 1}),  # "Id. § 214.14(c)(1)(ii)"
        ("flores-albarran-v-wong", "636 F.3d 365", {"full": 1, "short": 2, "id": 3}),
        ("flores-albarran-v-wong", "737 F.3d 1181", {"full": 1, "short": 4, "id": 2}),
        ("flores-albarran-v-wong", "8 U.S.C. § 1231(a)(5)", {"full": 4, "id": 2, "bare": 2}),
        ("flores-albarran-v-wong", "2005 WL 106483", {"full": 1, "short": 1}),  # "Dorgan, 2005 WL ..., at *2"
        ("balogun-v-sessions", "2017 WL 4392878", {"full": 2}),  # name-only form before the full one
        ("flores-albarran-v-wong", "Fed. R. Civ. P. 12(b)(6)", {"bare": 2}),
        ("flores-albarran-v-wong", "Fed. R. Civ. P. 12(b)(1)", {"full": 2, "bare": 4}),  # incl. "a 12(b)(1) motion"
        ("arango-v-usa-immigration", "8 U.S.C. § 1231(a)(4)(A)", {"full": 1, "bare": 1}),  # INA § 241(a)(4)(A)
        ("balogun-v-sessions", "Venturella Memo", {"full": 1, "short": 1, "id": 2}),
    ],
)
def test_reference_counts_by_form(analyses, stem, key, expected):
    assert forms(analyses[stem], key) == expected


def test_id_after_a_record_cite_refers_to_the_record(analyses):
    # "(Compl. ¶¶ 3, 7.) ... (Id. ¶¶ 8–9.)": neither is an authority.
    ex = analyses["flores-albarran-v-wong"]
    assert ex.record_cites > 10
    assert all("¶" not in r.text for r in ex.references if r.form == "id")


def test_cite_in_a_parenthetical_is_not_the_antecedent_of_the_next_id():
    ex = analyze_text(
        "Sharif v. Ashcroft, 280 F.3d 786, 787 (7th Cir. 2002) (holding that 8 U.S.C. § 1252(g) applies). "
        "The court agreed. Id. at 788."
    )
    assert [(r.key, r.form) for r in ex.references] == [
        ("280 F.3d 786", "full"),
        ("8 U.S.C. § 1252(g)", "full"),
        ("280 F.3d 786", "id"),
    ]


def test_bare_section_takes_the_code_of_the_nearest_full_cite_of_that_section():
    ex = analyze_text("Under 5 U.S.C. § 701(a)(1), review is barred. Section 701(a)(2) also applies.")
    assert [(r.key, r.form) for r in ex.references] == [
        ("5 U.S.C. § 701(a)(1)", "full"),
        ("5 U.S.C. § 701(a)(2)", "bare"),
    ]


def test_bare_section_short_form_takes_the_title_last_cited():
    ex = analyze_text("The Act waives immunity. 28 U. S. C. §1346(b)(1). The exception is §2680(a).")
    assert [(r.key, r.form) for r in ex.references] == [
        ("28 U.S.C. § 1346(b)(1)", "full"),
        ("28 U.S.C. § 2680(a)", "bare"),
    ]


def test_bare_section_with_no_code_in_sight_is_kept_unresolved():
    ex = analyze_text("Under Fed. R. Civ. P. 12(b)(1), we dismiss. See § 4021(g).")
    assert [(r.key, r.form) for r in ex.references] == [("Fed. R. Civ. P. 12(b)(1)", "full"), (None, "bare")]


def test_well_known_bare_sections():
    ex = analyze_text("Under 8 U.S.C. § 1252(g), review is barred, and his § 1983 claim fails.")
    assert [r.key for r in ex.references] == ["8 U.S.C. § 1252(g)", "42 U.S.C. § 1983"]


def test_bare_section_in_a_quotation_counts(analyses):
    assert forms(analyses["flores-albarran-v-wong"], "8 U.S.C. § 1252(g)") == {"full": 3, "id": 1, "bare": 24}
    assert forms(analyses["balogun-v-sessions"], "8 U.S.C. § 1252(g)") == {"full": 4, "bare": 29}


def test_locations_use_star_pages_and_footnotes(analyses):
    # footnote 1 is called on page 1212 ("unexplained.1" comes before *1213)
    refs = refs_for(analyses["balogun-v-sessions"], "499 F.3d 969")
    assert refs[0].location == "*1212 n.1"
    refs = refs_for(analyses["balogun-v-sessions"], "558 U.S. 233")
    assert refs[0].location == "*1214 n.4"
    refs = refs_for(analyses["balogun-v-sessions"], "8 U.S.C. § 1101(a)(15)(U)")
    assert refs[0].location == "*1211"


def test_a_bare_section_the_text_names_as_an_acts_is_not_the_last_codes():
    # The petition for certiorari in tests/eval/briefs names "Section 122 of the Trade Act of
    # 1974" and later says "Section 122's wake" after citing 50 U.S.C.: no "50 U.S.C. § 122".
    from pathlib import Path

    from kb.toa import document_toa

    brief = Path(__file__).parent / "eval" / "briefs" / "learning-resources-petition-for-certiorari.txt"
    keys = {e["key"] for c in document_toa(brief)["categories"] for e in c["authorities"]}
    assert "50 U.S.C. § 1702(a)(1)(B)" in keys
    assert not {"50 U.S.C. § 122", "50 U.S.C. § 232", "50 U.S.C. § 301"} & keys


def test_a_section_named_as_an_acts_still_follows_its_full_cite():
    # slip-09-the-court-astrue-v-ratliff: "§206(b) of EAJA" is no 42 U.S.C. § 206(b).
    text = (EVAL / "slip-09-the-court-astrue-v-ratliff.txt").read_text(encoding="utf-8")
    keys = {r.key for r in analyze_text(text).references}
    assert "28 U.S.C. § 2412(d)(1)(A)" in keys
    assert not {"42 U.S.C. § 206(b)", "28 U.S.C. § 206(b)"} & keys


def test_a_section_of_an_act_numbered_by_its_codification_is_the_codes():
    # The petition: 'pursuant to "section 1702(a)(1)(B) of IEEPA."' on its page 7, with
    # "50 U.S.C. § 1702(a)(1)(B)" cited in full elsewhere; "Section 122 of the Trade Act" stays no cite.
    from kb.analysis import analyze_text
    from tests.conftest import BRIEFS

    text = (BRIEFS / "learning-resources-petition-for-certiorari.txt").read_text(encoding="utf-8")
    i = text.index("“section 1702(a)(1)(B) of IEEPA.”")
    refs = analyze_text("See 50 U.S.C. § 1702(a)(1)(B). " + text[i - 200 : i + 40]).references
    assert [(r.key, r.form) for r in refs][-1] == ("50 U.S.C. § 1702(a)(1)(B)", "bare")
    j = text.index("Section 122 of the Trade Act of 1974")
    assert not [
        r for r in analyze_text("See 50 U.S.C. § 1702. " + text[j : j + 60]).references if "122" in (r.key or "")
    ]


def test_a_blank_page_cite_without_a_name_is_no_authority():
    # slip-09-the-court-abbott-v-abbott: "Certiorari was granted to resolve the conflict. 557 U. S. ___ (2009)."
    # keyed by its volume alone it had merged every nameless 557 U.S. ___ of the corpus into one authority
    from kb.analysis import analyze_text

    text = (
        "Certiorari was granted to resolve the conflict. 557 U. S. ___ (2009). See also Melendez-Diaz v. "
        "Massachusetts, 557 U. S. ___, ___ (2009)."
    )
    assert [r.key for r in analyze_text(text).references] == [None, "557 U.S. ___ (Melendez-Diaz v. Massachusetts)"]


def test_id_with_a_rule_number_after_a_court_rule_is_that_rule():
    # st-clr-11158760-state-of-tennessee-v-zachary-thomas-hays (Tenn. Crim. App. 2025)
    from kb.analysis import analyze_text

    text = (
        "the Defendant filed an application for interlocutory review. Tenn. R. App. P. 9(b). As grounds, the "
        "Defendant argued that interlocutory review was necessary to prevent irreparable injury, see id. 9(a)(1), "
        "in that he would be forced to stand trial. Id. 9(a)(2). That requirement may be suspended for good cause "
        "in this court's discretion. Id. 2. Under 42 U.S.C. § 1983, id. 12, nothing changes."
    )
    assert [r.key for r in analyze_text(text).references] == [
        "Tenn. R. App. P. 9(b)",
        "Tenn. R. App. P. 9(a)(1)",
        "Tenn. R. App. P. 9(a)(2)",
        "Tenn. R. App. P. 2",
        "42 U.S.C. § 1983",
        "42 U.S.C. § 1983",  # a number after Id. moves only a court rule's Id.
    ]


def test_the_words_a_provision_defines_for_itself_are_references_to_it():
    # slip-09-the-court-astrue-v-ratliff: "28 U. S. C. §2412(d)(1)(A) (hereinafter subsection (d)(1)(A))"
    from kb.analysis import analyze_text
    from tests.conftest import ROOT

    text = (ROOT / "tests" / "eval" / "opinions" / "slip-09-the-court-astrue-v-ratliff.txt").read_text(encoding="utf-8")
    refs = [r for r in analyze_text(text).references if r.key == "28 U.S.C. § 2412(d)(1)(A)"]
    assert [r.form for r in refs][:1] == ["full"]
    bare = [r.text for r in refs if r.form == "bare"]
    assert len(bare) == 16 and {"".join(t.split()).lower() for t in bare} == {"subsection(d)(1)(a)"}
    # the definition itself is not a second reference
    assert not [r for r in refs if r.form == "bare" and r.start < refs[0].end]


@pytest.mark.parametrize("stem", ["cl1-151844-us-ex-rel-loughren-v-unum-group", "cl1-180541-united-states-v-mcghee"])
def test_a_session_laws_short_form_is_the_act_cited_before_it(stem):
    """``123 Stat. at 1621`` after ``123 Stat. 1617 (2009)`` is that act (it was an unresolved
    case short form), and ``Id. §§ 2(a)(2)`` after ``124 Stat. 2372`` is the act's section, not a
    code called ``Stat.``."""
    from tests.conftest import CORPUS

    refs = analyze_text((CORPUS / f"{stem}.txt").read_text()).references
    full = [r for r in refs if r.form == "full" and r.kind == "statute" and " Stat. " in (r.key or "")]
    shorts = [r for r in refs if "Stat." in r.text and " at " in r.text.replace("\n", " ")]
    assert full and shorts
    assert {(r.key, r.kind) for r in shorts} == {(full[0].key, "statute")}
    assert not [r for r in refs if (r.key or "").startswith("Stat. §")]
