"""Extraction on the real opinions: what eyecite alone gets wrong, fixed."""

from __future__ import annotations

import pytest

from kb.analysis import analyze_text
from tests.conftest import refs_for


def one(extraction, key):
    refs = refs_for(extraction, key)
    assert refs, f"{key} not found; keys: {sorted({r.key for r in extraction.references if r.key})}"
    return refs


@pytest.mark.parametrize(
    ("stem", "key", "name", "court", "year"),
    [
        ("flores-albarran-v-wong", "505 F.3d 779", "Hussain v. Keisler", "7th Cir.", 2007),
        ("flores-albarran-v-wong", "600 F.3d 597", "Elgharib v. Napolitano", "6th Cir.", 2010),
        ("flores-albarran-v-wong", "308 F.3d 796", "Gomez-Chavez v. Perryman", "7th Cir.", 2002),
        ("flores-albarran-v-wong", "2013 WL 3835370", "Seol v. Holder", "N.D. Ill.", 2013),
        ("flores-albarran-v-wong", "794 F.2d 1182", "In re Chi., Rock Island & Pac. R.R. Co.", "7th Cir.", 1986),
        (
            "balogun-v-sessions",
            "279 F. Supp. 3d 1011",
            "Regents of the Univ. of Cal. v. U.S. Dep't of Homeland Sec.",
            "N.D. Cal.",
            2018,
        ),
        ("balogun-v-sessions", "523 U.S. 83", "Steel Co. v. Citizens for a Better Env't", "U.S.", 1998),
        ("balogun-v-sessions", "551 U.S. 644", "Nat'l Ass'n of Home Builders v. Defenders of Wildlife", "U.S.", 2007),
        ("balogun-v-sessions", "2018 WL 1138280", "Alegria-Zamora v. U.S. Dep't of Homeland Sec.", "D. Kan.", 2018),
        # Bluebook 10.2.2 abbreviates a state inside a party's name (the bundled gold keeps "Maryland").
        ("balogun-v-sessions", "284 F. Supp. 3d 758", "Casa De Md. v. DHS", "D. Md.", 2018),
        ("arango-v-usa-immigration", "2008 WL 3410335", "United States v. Silva", "S.D.N.Y.", 2008),
        ("arango-v-usa-immigration", "281 U.S. 206", "Wilbur v. United States ex rel. Kadrie", "U.S.", 1930),
    ],
)
def test_full_case_name_court_and_year(analyses, stem, key, name, court, year):
    full = [r for r in one(analyses[stem], key) if r.form == "full"][0]
    assert (full.name, full.court, full.year) == (name, court, year)


def test_year_comes_from_the_citations_own_parenthetical_not_a_neighbours(analyses):
    # "Pomaquiza, 2017 WL 4392878, at *2 ("...") ; Aziz v. Chadbourne, ... (D. Mass. Oct. 15, 2007)"
    first = one(analyses["balogun-v-sessions"], "2017 WL 4392878")[0]
    assert first.year == 2017 and first.court is None


def test_docket_number_does_not_leak_into_the_name(analyses):
    names = {r.name for r in one(analyses["arango-v-usa-immigration"], "1998 WL 295666")}
    assert names == {"Santana v. Giambruno"}


def test_citation_broken_across_pdf_blank_lines_is_found(analyses):
    full = [r for r in one(analyses["arango-v-usa-immigration"], "292 F. Supp. 2d 370") if r.form == "full"][0]
    assert full.pin_cite == "372" and full.court == "D. Conn." and full.year == 2003
    assert "F. Supp.2d\n\n370" in full.text


@pytest.mark.parametrize(
    ("stem", "key", "signal"),
    [
        ("arango-v-usa-immigration", "466 U.S. 602", "see"),
        ("arango-v-usa-immigration", "281 U.S. 206", "see also"),
        ("arango-v-usa-immigration", "303 F. Supp. 2d 103", "see, e.g."),  # carried across a string cite
        ("flores-albarran-v-wong", "105 F.3d 334", "see, e.g."),
        ("flores-albarran-v-wong", "101 F.3d 519", None),
    ],
)
def test_signals(analyses, stem, key, signal):
    assert one(analyses[stem], key)[0].signal == signal


@pytest.mark.parametrize(
    ("stem", "key", "parenthetical"),
    [
        ("flores-albarran-v-wong", "525 U.S. 471", None),  # (internal quotations omitted) (emphasis in original)
        ("balogun-v-sessions", "359 F.3d 1144", None),  # (en banc)
        (
            "balogun-v-sessions",
            "384 F.3d 1150",
            "reviewing a challenge to BIA's failure to administratively close "
            "removal proceedings so that petitioners could pursue alternative processes to seek relief from removal",
        ),
    ],
)
def test_explanatory_parentheticals_are_told_apart(analyses, stem, key, parenthetical):
    assert one(analyses[stem], key)[0].parenthetical == parenthetical


@pytest.mark.parametrize(
    ("stem", "citing", "cited", "relation"),
    [
        ("flores-albarran-v-wong", "556 U.S. 662", "550 U.S. 544", "quoting"),
        ("flores-albarran-v-wong", "500 F. App'x 511", "430 U.S. 99", "citing"),
        ("arango-v-usa-immigration", "523 F.3d 119", "881 F.2d 1", "citing"),
        ("balogun-v-sessions", "2018 WL 1587474", "510 F.3d 1", "relying_on"),
        ("balogun-v-sessions", "525 U.S. 471", "470 U.S. 598", "quoting"),
    ],
)
def test_nested_relations_from_parentheticals(analyses, stem, citing, cited, relation):
    assert (citing, cited, relation) in {(n.citing, n.cited, n.relation) for n in analyses[stem].nested}


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        (
            "See 8 U.S.C. §§ 1101(a)(15)(U), 1184(p) ; 8 C.F.R. § 214.14(b).",
            ["8 U.S.C. § 1101(a)(15)(U)", "8 U.S.C. § 1184(p)", "8 C.F.R. § 214.14(b)"],
        ),
        ("6 U.S.C. §§ 251, 557.", ["6 U.S.C. § 251", "6 U.S.C. § 557"]),
        ("See 8 C.F.R. § 241.6 (a) (stating that).", ["8 C.F.R. § 241.6(a)"]),
        ("because “8 U.S.C.§ 1252 specifically preclude[d]", ["8 U.S.C. § 1252"]),
        ("conferred by [28 U.S.C.] § 1331 ”).", ["28 U.S.C. § 1331"]),
        (
            "See Fed. R. Civ. P. 12(h)(3) ; and Federal Rule of Civil Procedure 12(b)(1).",
            ["Fed. R. Civ. P. 12(h)(3)", "Fed. R. Civ. P. 12(b)(1)"],
        ),
        ("Section 241(a)(5) of the Immigration and Nationality Act (“INA”) applies.", ["8 U.S.C. § 1231(a)(5)"]),
        (
            "INA § 242(g) bars it. U.S. Const. art. III, § 2 and U.S. Const. amend. XIV, § 1.",
            ["8 U.S.C. § 1252(g)", "U.S. Const. art. III, § 2", "U.S. Const. amend. XIV, § 1"],
        ),
        ("Smith v. Jones, 555 U. S. 12, 15 (2009); the Fifth Amendment.", ["555 U.S. 12", "U.S. Const. amend. V"]),
    ],
)
def test_provisions_and_reporters_in_every_form(text, keys):
    assert [r.key for r in analyze_text(text).references] == keys


def test_subsections_stay_distinct_and_roll_up_to_their_section():
    ex = analyze_text("See 8 U.S.C. § 1252(g); 8 U.S.C. § 1252(a)(2)(B); 8 U.S.C. § 1252.")
    assert [(r.key, r.parent_key) for r in ex.references] == [
        ("8 U.S.C. § 1252(g)", "8 U.S.C. § 1252"),
        ("8 U.S.C. § 1252(a)(2)(B)", "8 U.S.C. § 1252"),
        ("8 U.S.C. § 1252", None),
    ]


def test_treatise_cited_by_section(analyses):
    key = "Gordon, Mailman & Yale-Loehr, Immigration Law and Procedure § 72.03[2][h]"
    ref = one(analyses["balogun-v-sessions"], key)[0]
    assert ref.kind == "other" and ref.year == 1998 and ref.in_parenthetical


def test_line_numbered_circuit_order_reads_across_numbered_lines():
    ex = analyze_text(
        "Case: 17-70123, 08/14/2018, ID: 10977101, DktEntry: 41-1, Page 1 of 3\n"
        + "".join(f"{n}  filler words on this numbered line of the order here\n" for n in range(1, 9))
        + "9  jurisdiction under 8\n10 U.S.C. § 1252. See INS v. Elias-Zacarias, 502 U.S. 478,\n"
        "11 483 (1992). See Fed. R. App. P.\n12 41(b).\n"
    )
    assert [(r.key, r.pin_cite, r.name) for r in ex.references] == [
        ("8 U.S.C. § 1252", None, None),
        ("502 U.S. 478", "483", "INS v. Elias-Zacarias"),
        ("Fed. R. App. P. 41(b)", None, None),
    ]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("except as provided by Ninth Circuit Rule 36-3.", "9th Cir. R. 36-3"),
        ("See 9th Cir. R. 36-3(a).", "9th Cir. R. 36-3(a)"),
        ("the claim under 43 Pa. Stat. § 955(d) fails", "43 Pa. Stat. and Cons. Stat. Ann. § 955(d)"),
        ("See Cal. Gov. Code § 12940(a).", "Cal. Gov't Code § 12940(a)"),
    ],
)
def test_circuit_rules_and_state_codes(text, key):
    assert [r.key for r in analyze_text(text).references] == [key]


def test_supreme_court_style_circuit_parenthetical():
    ref = analyze_text("12 F. 4th 345, 350 (CA5 2021).").references[0]
    assert (ref.key, ref.court, ref.year) == ("12 F.4th 345", "5th Cir.", 2021)


def test_slip_opinion_id_comma_at_and_supra():
    ex = analyze_text(
        "United States v. Gaubert, 499 U. S. 315, 322–323 (1991). It looks to conduct. Id., at 322. "
        "Berkovitz v. United States, 486 U. S. 531, 536 (1988). Again. Berkovitz, supra, at 536."
    )
    assert [(r.key, r.form, r.pin_cite) for r in ex.references] == [
        ("499 U.S. 315", "full", "322–323"),
        ("499 U.S. 315", "id", "322"),
        ("486 U.S. 531", "full", "536"),
        ("486 U.S. 531", "supra", "536"),
    ]


def test_id_after_a_deposition_record_cite_is_the_record():
    ex = analyze_text(
        "Anderson v. Liberty Lobby, Inc., 477 U.S. 242, 248 (1986). He complained. (Pl.'s Dep. 45:3-10.) Id. at 46."
    )
    assert [(r.key, r.form) for r in ex.references] == [("477 U.S. 242", "full")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # cl2-3318411-shelton-v-hadlock: "Appeal from Probate" names
        (
            "record. Dickinson v. Hayes,31 Conn., 422; Mix's Appeal from Probate, 35 id., 122;Kellogg",
            "Mix's Appeal from Probate",
        ),
        # ... and a sentence glued to the next: "...the Superior Court.Loomis v. Eaton"
        ("as fully as a judgment of the Superior Court.Loomis v. Eaton, 32 Conn., 550; Bailey", "Loomis v. Eaton"),
        # st-capfc-708se2d750-the-state-v-ricky-l-hatcher: "in" joins a name only in "In re"
        ("this Court overruled Chisolm in State v. Taylor, 360 S.C. 18, 598 S.E.2d 735 (2004).", "State v. Taylor"),
        # st-clr-10586017-c-s-s-a-s-v-a-s-cross-appellee-c-s-s: a name may begin with a particle
        (
            "See de la Garza v. de la Garza, 185 S.W.3d 924, 930 (Tex. App.—Dallas 2006, no pet.).",
            "de la Garza v. de la Garza",
        ),
        # cl1-194707-dimanno-v-such-and-throtonics: an HTML entity in CourtListener text
        (
            "See Crown Dye &amp; Tool Co. v. Nye Tool &amp; Machine Works, 261 U.S. 24, 40 (1923).",
            "Crown Dye & Tool Co. v. Nye Tool & Mach. Works",
        ),
        # cl2-1482072-sierra-club-v-van-antwerp: a star page inside the name
        (
            "Lutheran *24 Church-Missouri Synod v. FCC, 141 F.3d 344, 349 (D.C. Cir. 1998).",
            "Lutheran Church-Mo. Synod v. FCC",
        ),
        # st-capfc-1ne3d259-commonwealth-v-marquise-brown: "v." glued to the next word
        (
            "quoting Boston Gas Co. v.Department of Pub. Utils., 387 Mass. 531, 539 (1982).",
            "Boston Gas Co. v. Dep't of Pub. Utils.",
        ),
        # cl2-1478091-united-states-v-anderson: an old court designation before the cite
        (
            "Bunker Hill Country Club v. United States, ct.cl., 9 F. Supp. 52.",
            "Bunker Hill Country Club v. United States",
        ),
        # ussc-4151832-white-v-pauly: a party whose surname opens with a lower-case particle
        (
            'defined "at a high level of generality." Ashcroft v. al-Kidd,\n563 U. S. 731, 742 (2011).',
            "Ashcroft v. al-Kidd",
        ),
        # cl2-1478091-united-states-v-anderson: "Trust" is Bluebook T6 "Tr." (reporters-db lists only "Trustee")
        ("Old Colony Trust Co. v. Commissioner, 279 U.S. 716, 729", "Old Colony Tr. Co. v. Comm'r"),
        # st-capfc-753NW2d5521-town-of-merrimac: T6 "Circuit" and "Court"
        (
            "State ex rel. Kalal v. Circuit Court for Dane County, 2004 WI 58, ¶ 44",
            "State ex rel. Kalal v. Cir. Ct. for Dane Cnty.",
        ),
        # st-clr-10832014-m-j-s-v-c-s-s (Ohio): T6 "Family"
        (
            "Harding Pointe, Inc. v. Ohio Dept. of Job & Family Servs., 2013-Ohio-4885, ¶ 5",
            "Harding Pointe, Inc. v. Ohio Dep't of Job & Fam. Servs.",
        ),
        # cl2-3571873-evans-v-atchison-t-s-f-ry-co: "et al." is no part of a cited name (Bluebook 10.2.1(a))
        (
            "Louis Ilfeld Co. et al. v. Southern Pac. Co.-Pacific System (C.C.A.) 48 F.2d 1056, 1057.",
            "Louis Ilfeld Co. v. S. Pac. Co.-Pac. Sys.",
        ),
        # st-clr-11158786-tulsi-sawlani (Ind. 2025): the sentence before a citation that opens its own names the case
        (
            "parcel were exempt. In McTague v. Monroe Township, two acres of a forty-acre parcel were exempt as "
            "curtilage because the area was required for the \u201cfull enjoyment of [the] dwelling.\u201d 1 N.J. Tax 66, "
            "68, 72 (N.J. Tax Ct. 1980).",
            "McTague v. Monroe Twp.",
        ),
        (
            "Instead of size, Taxpayers look to the four-factor test in United States v.\nDunn as a way to determine "
            "whether an area is curtilage. 480 U.S. 294, 301\n(1987).",
            "United States v. Dunn",
        ),
    ],
)
def test_names_read_from_real_citations(text, name):
    full = [r for r in analyze_text(text).references if r.form == "full" and r.kind == "case"]
    assert full[-1].name == name or full[0].name == name


def test_a_public_law_before_its_statutes_at_large_volume_keeps_both():
    # The SG's opening merits brief (tests/eval/briefs): eyecite read "76" as the law's section.
    line = "Trade Expansion Act of 1962, Pub. L. No. 87-794, 76 Stat. 872"
    assert [r.key for r in analyze_text(line).references] == ["Pub. L. No. 87-794", "76 Stat. 872"]


def test_a_bare_section_after_a_public_law_section_is_that_laws():
    # The petitioners' response brief: "§ 301" had been keyed "77-354 Pub. L. § 301".
    text = "First War Powers Act of 1941, Pub. L. No. 77-354, § 301, 55 Stat. 838, 839-840. Under § 301, the President"
    assert [r.key for r in analyze_text(text).references] == [
        "Pub. L. No. 77-354, § 301",
        "55 Stat. 838",
        "Pub. L. No. 77-354, § 301",
    ]


def test_id_after_a_briefs_appendix_cite_is_the_record():
    # The SG's brief in opposition (tests/eval/briefs): "See Pet. App. 3a. ... See id. at 3a-4a."
    from tests.conftest import BRIEFS

    text = (BRIEFS / "learning-resources-sg-brief-in-opposition.txt").read_text(encoding="utf-8")
    start = text.index("see Exec. Order No. 14,266")
    excerpt = text[start : text.index("See id. at 3a-4a.", start) + len("See id. at 3a-4a.")]
    refs = analyze_text(excerpt).references
    assert [r.key for r in refs] == ["90 Fed. Reg. 15625", "90 Fed. Reg. 30823", "90 Fed. Reg. 15625"]
    assert [r.form for r in refs] == ["full", "full", "short"]  # and no Id. after "Pet. App. 3a"


@pytest.mark.parametrize(
    ("start", "end", "key"),
    [
        # "(VOS Br. 21; States Br. 24; Learning Br. 25) ... Ibid. (citing ...)": the Ibid. is a brief's.
        ("FCC v. AT&T Inc., 562", "Ibid. (citing, e.g., 46 U.S.C. 4304, 7 U.S.C. 7711).", "562 U.S. 397"),
        # "40 Stat. 411 ... Bamzai Amicus Br. 8. ... see id. at 8-10": the other brief's pages, not the statute's.
        ("40 Stat. 411", "see id. at 8-10", "40 Stat. 411"),
    ],
)
def test_id_after_a_cite_to_another_brief_is_the_record(start, end, key):
    from kb.pages import argument_start
    from tests.conftest import BRIEFS

    text = (BRIEFS / "learning-resources-sg-reply-merits-brief.txt").read_text(encoding="utf-8")
    j = text.index(end, argument_start(text))
    i = text.rindex(start, 0, j)
    refs = analyze_text(text[i : j + len(end)]).references
    assert refs[0].key == key
    assert not [r for r in refs if r.start >= j - i and r.form == "id"]  # the last Id. is no authority's


def test_id_after_an_appendix_cite_printed_without_spaces_is_the_record():
    # The petitioners' response brief: "... Pet.App.195a-196a ... Id. at 196a." after "28 U.S.C. § 1581(i)(1)".
    from kb.pages import argument_start
    from tests.conftest import BRIEFS

    text = (BRIEFS / "learning-resources-petitioners-response-merits-brief.txt").read_text(encoding="utf-8")
    j = text.index("Id. at 196a.", argument_start(text))
    i = text.rindex("28 U.S.C. § 1581(i)(1)", 0, j)
    refs = analyze_text(text[i : j + len("Id. at 196a.")]).references
    assert refs[0].key == "28 U.S.C. § 1581(i)(1)"
    assert not [r for r in refs if r.form == "id" and r.key]


def test_a_prose_name_is_not_taken_across_another_citation_or_into_a_cites_own_sentence():
    # A citation inside its sentence ("... as in 480 U.S. 294") has no name to borrow; nor does one after
    # another citation that followed the name.
    assert (
        analyze_text("The test in United States v. Dunn applies, as in 480 U.S. 294, 301 (1987).").references[0].name
        is None
    )
    text = "In United States v. Dunn, the Court held so. 480 U.S. 294 (1987). It held more. 481 U.S. 1 (1987)."
    assert [r.name for r in analyze_text(text).references] == ["United States v. Dunn", None]


@pytest.mark.parametrize(
    ("text", "court_id", "year"),
    [
        # st-clr-10586017-c-s-s-a-s-v-a-s (Tex. App. 2024): the district after a dash and the petition history
        ("(citing O’Carolan v. Hopper, 71 S.W.3d 529, 532 (Tex. App.—Austin 2002, no pet.)));", "texapp", 2002),
        (
            "Morris v. Morris, No. 03-20-00385-CV, 2021 Tex. App. LEXIS 7878, at *17 (Tex. App.—Austin Sept. 24, 2021,"
            " no pet.) (mem. op.)",
            "texapp",
            2021,
        ),
        ("See de la Garza v. de la Garza, 185 S.W.3d 924, 930 (Tex. App.—Dallas 2006, no pet.).", "texapp", 2006),
    ],
)
def test_a_texas_court_of_appeals_parenthetical_gives_its_court_and_year(text, court_id, year):
    (ref,) = [r for r in analyze_text(text).references if r.form == "full"]
    assert (ref.court_id, ref.year) == (court_id, year)
    assert ref.parenthetical is None  # "no pet." is the citation's, not an explanation
