"""Statutes, rules and constitutions of every jurisdiction, on lines of real opinions.

Each case is a line of an opinion in ../shared/corpus/opinions (named in the
comment) or in tests/eval/opinions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.analysis import analyze_document, analyze_text, provisions
from kb.analysis import patterns as P
from kb.models import Document, OpinionMeta
from tests.conftest import CORPUS, OPINIONS
from tests.growth import growth


def keys(text: str, court_id: str | None = None) -> list[str | None]:
    if court_id is None:
        return [r.key for r in analyze_text(text).references]
    doc = Document("<t>", "t", text, "", OpinionMeta(case_name="t", court_id=court_id))
    return [r.key for r in analyze_document(doc).references]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # st-capfc-1ne3d259-commonwealth-v-marquise-brown (Mass.)
        (
            "He may only be sentenced to the lesser punishment under G.L. c. 265, § 2, of mandatory life",
            "Mass. Gen. Laws ch. 265, § 2",
        ),
        # cl2-2046320-people-v-matthews (Ill. App.)
        ("not more than 60 years. 730 ILCS 5/5-8-1(a)(1)(a) (West 1999).", "730 Ill. Comp. Stat. 5/5-8-1(a)(1)(a)"),
        # st-capil-5594935-people-v-thompson: CAP text spaces the dash
        ("aggravated battery (720 ILCS 5/12 — 4(b)(1) (West 2002))", "720 Ill. Comp. Stat. 5/12-4(b)(1)"),
        # st-clr-10832014-m-j-s-v-c-s-s (Ohio)
        ("as to obstruct the administration of justice.” R.C. 2705.01.", "Ohio Rev. Code Ann. § 2705.01"),
        # cl2-1222718-human-rights-comm-n-v-cheney-sch-dist (Wash.)
        ("At that time, RCW 49.60.250 was enacted", "Wash. Rev. Code § 49.60.250"),
        # cl1-179285-cortes-rivera-v-pr-department-of-corrections (1st Cir., Puerto Rico law)
        ("the Civil Code of Puerto Rico 31 L.P.R.A. section 1802, and", "P.R. Laws Ann. tit. 31, § 1802"),
        # cl2-1437933-in-re-application-for-pistol-permit (N.J.)
        ("Under the provisions of N.J.S.A. 2A:151-44 a county judge", "N.J. Stat. Ann. § 2A:151-44"),
        # cl2-2589088-matter-of-duchnowski (N.Y.)
        ("an appeal lies as of right under CPLR 5601, all questions", "N.Y. C.P.L.R. 5601"),
        # st-clr-10586017-c-s-s-a-s-v-a-s-cross-appellee-c-s-s (Tex. App.)
        ("Husband relies on Section 304.001 of the Texas Finance Code.", "Tex. Fin. Code Ann. § 304.001"),
        # st-clr-11158786-tulsi-sawlani-m-d-v-lake-county-assessor (Ind.)
        ("I.C. § 34-33.1-1-1(a) (2024).", "Ind. Code § 34-33.1-1-1(a)"),
        ("Ind. Code § 6-1.1-20.6-7.5(a)(1) (2019)", "Ind. Code § 6-1.1-20.6-7.5(a)(1)"),
        # st-capfc-753NW2d5521-town-of-merrimac (Wis. Ct. App.): capitals and Wisconsin's "1."
        ("See WIS. STAT. § 66.0217(14)(a)1. The town", "Wis. Stat. § 66.0217(14)(a)1."),
        # st-clr-11158760-state-of-tennessee-v-zachary-thomas-hays
        ("Tennessee Code Annotated section 39-17-315 (2023)", "Tenn. Code Ann. § 39-17-315"),
        # cl1-149263-united-states-v-gonzalez (1st Cir. sentencing)
        ("obstruction of justice, see U.S.S.G. § 3C1.1, when", "U.S.S.G. § 3C1.1"),
        # cl1-148235-united-states-v-rivera-martinez
        ("(modifying USSG §2D1.1); see also", "U.S.S.G. § 2D1.1"),
        # tax opinions
        ("See sec. 1.6664-4(b), Income Tax Regs.", "Treas. Reg. § 1.6664-4(b)"),
        # cl1-195219-niazmand-v-commissioner: the U.S. Code without a section sign
        ("under 26 U.S.C. 1244 the loss", "26 U.S.C. § 1244"),
        # slip-09-the-court-astrue-v-ratliff
        ("see 31 CFR §285.5(e)(1) (2009), and", "31 C.F.R. § 285.5(e)(1)"),
    ],
)
def test_state_and_federal_codes_in_the_forms_courts_print(text, expected):
    assert expected in keys(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # st-capfc-708se2d750-the-state-v-ricky-l-hatcher (S.C.)
        ("the trial court erred in denying his motion under Rule 6(b), SCRCrimP.", "S.C. R. Crim. P. 6(b)"),
        # st-clr-11158786-tulsi-sawlani-m-d-v-lake-county-assessor
        ("through a separate order. See Ind. Appellate Rule 63(A).", "Ind. App. R. 63(A)"),
        # st-capil-5594935-people-v-thompson
        ("review the issue under the plain-error rule (134 Ill. 2d R. 615(a)).", "Ill. S. Ct. R. 615(a)"),
        # cl1-150187-united-states-v-matos
        ("see Mass. R. Crim. P. 6(a)(1), Matos has offered", "Mass. R. Crim. P. 6(a)(1)"),
        # cl1-148833-estate-of-charania-v-shulman
        ("the tax court pursuant to Tax Court Rule 122.", "Tax Ct. R. 122"),
        # slip-09-scalia-salazar-v-buono
        ("we may deem it waived. See this Court’s Rule 15.2; cf.", "Sup. Ct. R. 15.2"),
    ],
)
def test_state_federal_and_court_rules(text, expected):
    assert expected in keys(text)


def test_a_subsection_list_inherits_its_rule_and_section():
    # st-clr-11158760-state-of-tennessee-v-zachary-thomas-hays
    found = keys("interlocutory appeal is appropriate. Tenn. R. App. P. 9(a)(1), (2), and (3). The State")
    assert found[:3] == ["Tenn. R. App. P. 9(a)(1)", "Tenn. R. App. P. 9(a)(2)", "Tenn. R. App. P. 9(a)(3)"]


def test_a_bare_rule_in_a_state_court_is_not_a_federal_rule():
    # st-clr-10832014-m-j-s-v-c-s-s: "Rule 27 of the Rules of Appellate Procedure" in an Ohio court
    text = "shall constitute the mandate pursuant to Rule 27 of the Rules of Appellate Procedure."
    assert keys(text, court_id="ohioctapp") == ["Ohio R. App. P. 27"]
    assert "Fed. R. Civ. P. 27" not in keys("See Rule 27.", court_id="ohioctapp")
    assert keys("See Rule 27.", court_id="ilnd") == ["Fed. R. Civ. P. 27"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # st-capfc-1ne3d259-commonwealth-v-marquise-brown
        ("violate art. 26 of the Massachusetts Declaration of Rights. We now hold", "Mass. Const. pt. 1, art. 26"),
        # st-clr-11158786-tulsi-sawlani-m-d-v-lake-county-assessor
        ("Under Article 10, Section 1 of the Indiana Constitution, “[t]he General", "Ind. Const. art. 10, § 1"),
        # st-clr-11158726-people-v-gomez
        ("under article VI, section 6 of the California Constitution", "Cal. Const. art. VI, § 6"),
        # cl2-1482072-sierra-club-v-van-antwerp
        ("the limits of Article III of the Constitution", "U.S. Const. art. III"),
    ],
)
def test_constitutions_federal_and_state(text, expected):
    assert expected in keys(text)


def test_a_code_named_by_subject_is_the_opinion_states():
    # st-clr-11158726-people-v-gomez (Cal. Ct. App.)
    text = "Penal Code section 1170, subdivision (d) (1170(d)). Under that provision"
    assert keys(text, court_id="calctapp")[0] == "Cal. Penal Code § 1170(d)"
    assert keys(text, court_id="ilnd") == []


def test_a_stated_default_code_takes_the_bare_sections():
    # cl2-1037401-in-re-robert-m: "All further statutory references are to the Welfare and Institutions Code"
    text = (
        "All further statutory references are to the Welfare and Institutions Code unless otherwise indicated. "
        "The petition was filed under section 602."
    )
    assert "Cal. Welf. & Inst. Code § 602" in keys(text, court_id="calctapp")


def test_a_bankruptcy_courts_bare_sections_are_the_bankruptcy_codes():
    # cl2-1840943-matter-of-fink (Bankr. D. Neb.) cites 26 U.S.C. § 408 and then "§ 362(a)(6)"
    text = "See 26 U.S.C. § 408. The automatic stay of § 362(a)(6) applies."
    assert keys(text, court_id="nebraskab") == ["26 U.S.C. § 408", "11 U.S.C. § 362(a)(6)"]


def test_a_section_of_a_named_act_is_not_the_code_cited_last():
    text = "Section 2 of the Voting Rights Act, 52 U.S.C. § 10301, forbids it."
    assert keys(text) == ["52 U.S.C. § 10301"]


def test_subsequent_history_is_a_relation_not_a_reference():
    # cl1-148834-united-states-v-laurent
    ex = analyze_text("United States v. Lilly, 983 F.2d 300, 302 (1st Cir. 1993), cert. denied, 516 U.S. 936 (1995).")
    assert [r.key for r in ex.references] == ["983 F.2d 300"]
    assert [(h.cited, h.relation, h.later) for h in ex.history] == [("983 F.2d 300", "cert. denied", "516 U.S. 936")]
    # cl2-2126164-seifert-v-school-dist-of-sheboygan-falls (Wis.)
    ex = analyze_text(
        "Brown v. NR, 2006 WI App 227, ¶ 20, 297 Wis. 2d 254, 725 N.W.2d 286, review denied, 2007 WI 59, "
        "299 Wis. 2d 325, 731 N.W.2d 63."
    )
    assert [r.key for r in ex.references] == ["2006 WI App 227"]
    assert [(h.relation, h.later) for h in ex.history] == [("review denied", "2007 WI 59")]


def test_old_style_id_names_the_reporter_of_the_citation_before():
    # cl2-3318411-shelton-v-hadlock (Conn. 1887): glued commas and "35 id., 122"
    text = "record. Dickinson v. Hayes,31 Conn., 422; Mix's Appeal from Probate, 35 id., 122;Kellogg v. Johnson, 38 id., 269."
    assert keys(text) == ["31 Conn. 422", "35 Conn. 122", "38 Conn. 269"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # cl1-194707-dimanno-v-such-and-throtonics
        (
            "Am. Policyholders Ins. Co. v. Nyacol Products,  Inc., No. 92-1949, slip. op. at 13 (1st Cir., Feb. 24, 1993).",
            "No. 92-1949 (1st Cir. Feb. 24, 1993)",
        ),
        # ussc-4151832-white-v-pauly
        (
            "‘We have guns.’ ” Ibid.; see also Civ. No. 12–1311 (D NM, Feb. 5, 2014), App. to Pet. for Cert. 90.",
            "No. 12-1311 (D.N.M. Feb. 5, 2014)",
        ),
    ],
)
def test_a_decision_cited_by_its_docket_number(text, expected):
    assert expected in keys(text)


def test_massachusetts_session_laws_and_rules_printed_in_the_reports():
    # st-capfc-1ne3d259-commonwealth-v-marquise-brown
    assert keys("G.L. c. 127, § 133A, as amended through St. 2012, c. 192, §§ 37-39. Under") == [
        "Mass. Gen. Laws ch. 127, § 133A",
        "2012 Mass. Acts ch. 192, §§ 37-39",
    ]
    # "378 Mass. 898" is where the rule is printed, not a case
    assert keys("res under Mass. R.Crim. P. 28(b), 378 Mass. 898 (1979), commonly") == ["Mass. R. Crim. P. 28(b)"]


def test_ranges_et_seq_and_a_provision_in_two_publications():
    # cl2-1478091-united-states-v-anderson: the U.S. Code and U.S.C.A. print one provision
    assert keys("Act of 1928, 45 Stat. 864, 26 U.S. C. Secs. 950-952, 26 U.S.C.A. §§ 950-952.") == [
        "45 Stat. 864",
        "26 U.S.C. §§ 950-952",
    ]
    # slip-09-the-court-astrue-v-ratliff
    assert keys("49 Stat. 620, as amended, 42 U. S. C. §301 et seq., provides")[-1] == "42 U.S.C. § 301 et seq."


def test_ibid_in_parentheses_is_an_id():
    # st-clr-11158726-people-v-gomez (California style)
    ex = analyze_text(
        "(People v. Lopez (2016) 4 Cal.App.5th 649, 653 (Lopez).) The People opposed it. (Ibid.) The trial court granted"
    )
    assert [(r.key, r.form) for r in ex.references] == [("4 Cal. App. 5th 649", "full"), ("4 Cal. App. 5th 649", "id")]
    assert ex.references[0].name == "People v. Lopez" and ex.references[0].year == 2016


def test_a_docket_number_after_a_westlaw_cite_is_part_of_it():
    # cl1-194714-street-v-vose: this form once stopped the opinion's analysis (IndexError)
    text = "v. Waters,     F.2d    ,     &amp;  n.10, 1993 WL 86457, *4, *11,\n\nNo. 92-6147 (4th Cir. Mar.  26, 1993) (collecting cases).  We"
    assert keys(text) == ["1993 WL 86457"]


def test_docket_citation_dates_take_bluebook_month_abbreviations():
    # cl1-194714-street-v-vose prints "Jun.", other opinions "April"
    assert keys("Cepulonis v.  Fair, No. 78-3233-Z  (D. Mass. Jun.  24, 1987).") == [
        "No. 78-3233-Z (D. Mass. June 24, 1987)"
    ]


# Sentences of the Supreme Court briefs in tests/eval/briefs, where kb's table
# of authorities differed from the brief's own (docs/toa.md).
_BRIEFS = Path(__file__).resolve().parent / "eval" / "briefs"


def _brief_sentence(stem: str, start: str, end: str) -> str:
    text = (_BRIEFS / f"{stem}.txt").read_text(encoding="utf-8")
    i = text.index(start)
    return text[i : text.index(end, i) + len(end)]


@pytest.mark.parametrize(
    ("stem", "start", "end", "keys"),
    [
        # A section of the act just named is not the section of the code cited before it.
        (
            "learning-resources-petition-for-certiorari",
            "(at President",
            "including Section 122,",
            [],
        ),
        (
            "learning-resources-sg-brief-in-opposition",
            "Tariff Act of 1930, ch. 497, § 338",
            "(19 U.S.C. 1338)",
            ["46 Stat. 704", "19 U.S.C. § 1338"],
        ),
        # A section of an executive order, printed in the Federal Register.
        (
            "learning-resources-petition-for-certiorari",
            "Opioid Supply Chain in the People’s Republic of China,\n§ 1,",
            "9,122",
            ["90 Fed. Reg. 9121"],
        ),
        # "TWEA § 5(b), 40 Stat. 415": the act's section, printed in the Statutes at Large.
        ("learning-resources-sg-reply-merits-brief", "in its list of nouns. TWEA", "40 Stat. 415", ["40 Stat. 415"]),
        # "1 JOSEPH STORY, p. 4, supra, § 168": a section of the treatise.
        ("learning-resources-petitioners-response-merits-brief", "1 JOSEPH STORY, p. 4, supra, § 168", "§ 168", []),
        # "Article I, Section 8": the Constitution's.
        (
            "learning-resources-sg-opening-merits-brief",
            "separate clauses of Ar-",
            "Section 8,",
            ["U.S. Const. art. I, § 8"],
        ),
    ],
)
def test_a_section_of_a_named_act_or_order_is_not_the_last_codes(stem, start, end, keys):
    text = "See 50 U.S.C. 1702(a)(1)(B). " + _brief_sentence(stem, start, end)
    found = [r.key for r in analyze_text(text).references if r.key]
    assert found == ["50 U.S.C. § 1702(a)(1)(B)", *keys]


def test_a_small_caps_supreme_court_rule_without_spaces_is_read():
    line = _brief_sentence("learning-resources-petition-for-certiorari", "SUP.CT. R. 11 ....", "17, 26")
    assert [r.key for r in analyze_text(line).references] == ["Sup. Ct. R. 11"]


def test_a_public_law_key_drops_the_comma_after_it():
    line = _brief_sentence("learning-resources-sg-brief-in-opposition", "Pub. L. No. 95-223, Tit. II", "1626")
    assert [r.key for r in analyze_text(line).references] == ["Pub. L. No. 95-223", "91 Stat. 1626"]


def test_wisconsin_statutes_in_their_drafting_style_are_sections_and_parts_of_the_last_cited():
    # st-capfc-753NW2d5521-town-of-merrimac (Wis. 2005), quoting Wis. Stat. § 66.0217(2): "s. 66.0307(7)" is
    # a section of the code cited last, "sub. (14)" a subsection of the section quoted.
    text = (
        "WIS. STAT. § 66.0217(2) provides: DIRECT ANNEXATION BY UNANIMOUS APPROVAL. Except as provided in "
        "sub. (14), and subject to s. 66.0307(7), if a petition for direct annexation is signed by all of the "
        "electors residing in the territory, the council may annex the territory without compliance with the "
        "notice requirements of sub. (4). The tax roll under s. 70.65 governs."
    )
    assert keys(text) == [
        "Wis. Stat. § 66.0217(2)",
        "Wis. Stat. § 66.0217(14)",
        "Wis. Stat. § 66.0307(7)",
        "Wis. Stat. § 66.0217(4)",
        "Wis. Stat. § 70.65",
    ]


@pytest.mark.parametrize(
    ("cited", "relative", "expected"),
    [
        # the Merrimac opinion: a subdivision replaces the cited one; a deeper path replaces from its first level
        ("WIS. STAT. § 66.0217(14)(a)1.", "subd. 2.", "Wis. Stat. § 66.0217(14)(a)2."),
        ("WIS. STAT. § 66.0203(8)(c)3.", "subd. 1.", "Wis. Stat. § 66.0203(8)(c)1."),
        ("WIS. STAT. § 66.0217(11)(c)", "subd. (14)(b)1.", "Wis. Stat. § 66.0217(14)(b)1."),
        ("WIS. STAT. § 66.0217(11)(c)", "Subdivision (14)(b)1.", "Wis. Stat. § 66.0217(14)(b)1."),
        # st-clr-11142756-s-s-v-a-s-p (Wis. Ct. App.): a paragraph of the subsection cited
        ("Wis. Stat. § 48.415(1)(c)", "par. (a)2.", "Wis. Stat. § 48.415(1)(a)2."),
    ],
)
def test_a_relative_part_replaces_the_cited_sections_parts_from_its_own_level(cited, relative, expected):
    found = keys(f"See {cited}. The court read {relative} with it.")
    assert len(found) == 2 and found[1] == expected


def test_a_relative_part_with_no_statute_cited_before_it_is_no_reference():
    # cl2-2119063-state-v-ascencio (Wis. Ct. App.): the statute quoted is never cited in full before "sub. (4)".
    assert keys("the thirty day period in sub. (4) has elapsed.") == []


def test_a_california_subdivision_stays_part_of_its_section():
    # st-clr-11158729-people-v-melgoza (Cal. Ct. App.): ", subd. (c)(2)(C)" is not a relative part of its own.
    assert keys("(Pen. Code § 287, subd. (c)(2)(C); count 2)", "calctapp") == ["Cal. Penal Code § 287(c)(2)(C)"]


# --- anchored scans --------------------------------------------------------------
# Each provision pattern runs only where a literal of it occurs (kb.analysis.patterns.Scan);
# it must find exactly what a scan of the whole text finds, or a provision is lost.


def _full_and_anchored(text: str) -> list[tuple[str, list, list]]:
    scan = P.Scan(text, provisions._triggers())
    out = []
    for pattern, anchors in provisions.anchored_patterns():
        full = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        anchored = [(m.span(), m.groups()) for m in scan.finditer(pattern, anchors)]
        out.append((pattern.pattern[:60], full, anchored))
    return out


def _corpus_texts(full_parity: bool) -> list[tuple[str, str]]:
    from kb.analysis.clean import clean_text

    if not CORPUS.is_dir():
        pytest.skip("no corpus at ../shared/corpus")
    files = sorted(CORPUS.glob("*.txt"))
    files = files if full_parity else files[:: max(1, len(files) // 80)]  # a deterministic sample of 80
    return [(p.name, clean_text(p.read_text(encoding="utf-8", errors="replace")).text) for p in files]


def test_an_anchored_scan_finds_what_a_full_scan_finds_in_real_opinions(full_parity):
    found = 0
    for name, text in _corpus_texts(full_parity) + [(p.name, p.read_text()) for p in OPINIONS.glob("*.txt")]:
        for pattern, full, anchored in _full_and_anchored(text):
            assert anchored == full, (name, pattern)
            found += len(full)
    assert found > 500  # the sample cites provisions in many forms


# Provision cites of each family, as the corpus prints them, pieces of them, and characters
# the anchors must not stumble on: runs of spaces and newlines where the patterns allow \s+,
# letters and digits run into a cite, the letters re's IGNORECASE folds ("ſ" for "s", "ı" and
# "İ" for "i"). Inserted at random into a line of a real opinion.
_CITES = [
    "28 U.S.C. § 1331", "8 USC 1101(a)", "31 CFR §285.5(e)(1)", "INA § 242(g)", "I.R.C. § 6663",
    "St. 2012, c. 192, §§ 37-39", "Treas. Reg. § 1.6664-4(b)", "sec. 1.6664-4(b), Income Tax Regs.",
    "U.S.S.G. § 3E1.1(b)", "United States Sentencing Guidelines § 2D1.1", "part 5", "Part 5", "§ 1252(g)",
    "section 1170, subd. (d)", "ss. 66.0203 and 66.0217", "sub. (14)", "par. (b)", "subd. 1.",
    "720 ILCS 5/12-4(b)(1)", "18 Pa.C.S. § 3502", "Okla. Stat. tit. 21, § 701.7", "G.L. c. 265, § 2",
    "Wis. Stat. § 70.65", "WISCONSIN STAT. § 1.1", "Cal. Penal Code § 187", "Texas Penal Code § 22.01",
    "N. Y. Penal Law § 125.25", "New  York Penal Law § 1", "Welf. & Inst. Code, § 707",
    "Code Civ. Proc., § 425.16", "Section 304.001 of the Texas Finance Code", "Family Court Act § 1012",
    "Fed. R. Civ. P. 12(b)(6)", "Rule 12 of the Federal Rules of Civil Procedure", "Tenn. R. App. P. 9(a)",
    "Tennessee Rule of Appellate Procedure 9", "Rule 27 of the Rules of Appellate Procedure",
    "Ind. Appellate Rule 63(A)", "Rule 6(b), SCRCrimP", "134 Ill. 2d R. 615(a)", "Ill. S. Ct. R. 615",
    "Crim.R. 11", "Evid. R. 403", "2d Cir. R. 34.1(b)", "Eleventh  Circuit Rule 36", "Tax Court Rule 231",
    "this Court's Rule 15.2", "Sup. Ct. R. 10", "Supreme Court Rule 10", "12(b)(6) motion", "Rule 56(c)",
    "U.S. Const. amend. IV", "Ind. Const. art. 10, § 1", "Article III of the Constitution",
    "art. I, § 7 of the California Constitution", "art. 26 of the Massachusetts Declaration of Rights",
    "Fourth Amendment", "twenty-first\n amendment", "FOURTEENTH AMENDMENT to the Constitution",
]  # fmt: skip
_PIECES = st.sampled_from(
    _CITES
    + [" ", "  ", "\n", "\t \n ", "1", "12", "x", "A", "§", "(a)", ", ", ".", "-", "s.", "Rule ", "R. ", "Cir. ",
       "Code", "Law", "Const.", "art. ", "Amendment", "ſ", "ı", "İ"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(seed=st.sampled_from(range(200)), pieces=st.lists(st.tuples(st.integers(0, 10_000), _PIECES), max_size=12))
def test_an_anchored_scan_finds_what_a_full_scan_finds_in_mutated_text(seed, pieces):
    lines = [line for p in sorted(OPINIONS.glob("*.txt")) for line in p.read_text().splitlines() if len(line) > 40]
    text = lines[seed * 7919 % len(lines)][:400]
    for at, piece in pieces:
        at %= len(text) + 1
        text = text[:at] + piece + text[at:]
    for pattern, full, anchored in _full_and_anchored(text):
        assert anchored == full, (text, pattern)


# Texts that make the anchored scans work hardest: runs of spaces where a pattern reads back
# from its literal, triggers without a cite after them, and the cites themselves.
PATHOLOGICAL = {
    "spaces before literals": f"x{' ' * 300}Penal Code §  {chr(10) * 200}Fourth  Amendment 1{' ' * 99}USC ",
    "triggers alone": "Rule rule R. Const. art Art part Part sec Sec § Code Law Court Act Amendment Cir. Ill. U. C. s. ",
    "cites": "28 U.S.C. § 1331; Cal. Penal Code § 187; Tenn. R. App. P. 9(a); U.S. Const. amend. IV; 720 ILCS 5/1 ",
}


@pytest.mark.parametrize("family", sorted(PATHOLOGICAL))
def test_provision_cost_doubles_when_the_text_doubles(family):
    unit = PATHOLOGICAL[family] * (60_000 // len(PATHOLOGICAL[family]))
    two, four = growth(provisions.provision_items, unit, unit * 2, unit * 4, rounds=5)
    assert two < 3.5
    assert four < 8
