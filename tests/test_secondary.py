"""Secondary and other authorities, on sentences copied from the corpus (../shared/corpus/opinions).

Each sentence is quoted as kb's cleaning leaves it (one space for each run of
whitespace); the comment names the opinion it comes from.
"""

from __future__ import annotations

import pytest

from kb.analysis import analyze_text
from kb.analysis import patterns as P
from kb.analysis.secondary import secondary_items

from .conftest import CORPUS
from .growth import growth


def found(text: str) -> list[tuple[str, str]]:
    return [(c.form, c.key) for c in secondary_items(text)]  # type: ignore[misc]


def one(text: str):
    items = secondary_items(text)
    assert len(items) == 1, [c.key for c in items]
    return items[0]


# --- full citations, one or more per family ---------------------------------

FULL = [
    # dictionaries
    (  # st-capfc-753NW2d5521-town-of-merrimac-...-v-village-of-merrimac-d.txt
        'Black\'s Law Dictionary defines "valid" as "[l]egally sufficient; binding" or as "[m]eritorious." '
        "BLACK'S LAW DICTIONARY 1586 (8th ed. 2004).",
        "Black's Law Dictionary",
        "1586",
        2004,
    ),
    (  # same opinion: two pages, an unabridged edition
        "WEBSTER'S THIRD NEW INTERNATIONAL DICTIONARY 2529, 1188 (unabr. ed. 1993).",
        "Webster's Third New International Dictionary",
        "2529, 1188",
        1993,
    ),
    (  # slip-09-the-court-astrue-v-ratliff.txt: a word split at a line end
        "It means “[t]o give or assign by sentence or judicial determination.” Black’s Law Diction ary 125 "
        "(5th ed. 1979) (emphasis added);",
        "Black's Law Dictionary",
        "125",
        1979,
    ),
    (  # slip-09-the-court-astrue-v-ratliff.txt: "Web ster's" split the same way
        "see also Web ster’s Third New International Dictionary 152 (1993) (“to give by judicial decree”).",
        "Webster's Third New International Dictionary",
        "152",
        1993,
    ),
    (  # st-clr-11158786-tulsi-sawlani-m-d-v-lake-county-assessor.txt: the entry word before the title
        "Curtilage, Webster’s Third New Int’l Dictionary 558 (2002 ed.).",
        "Webster's Third New International Dictionary",
        "558",
        2002,
    ),
    (  # same opinion
        "Curtilage, Mellinkoff’s Dictionary of American Legal Usage 145 (1992) (emphasis added).",
        "Mellinkoff's Dictionary of American Legal Usage",
        "145",
        1992,
    ),
    (  # slip-11-the-court-freeman-v-quicken-loans-inc.txt
        "American Heritage Dictionary 1373 (5th ed. 2011) (def. 1a).",
        "American Heritage Dictionary",
        "1373",
        2011,
    ),
    # treatises by section
    (  # cl1-183880-penalbert-rosa-v-fortuno-burset.txt
        "See generally 5B C. Wright & A. Miller, Federal Practice and Procedure § 1357, at 521 n.22 (3d ed. 2004).",
        "Wright & Miller, Federal Practice and Procedure § 1357",
        "521 n.22",
        2004,
    ),
    (  # cl1-194707-dimanno-v-such-and-throtonics.txt: the "§" lost by the scrape
        "10A C. Wright, A. Miller &amp; M. Kane, Federal Practice and Procedure 2767, at 744-45 (2d ed. 1983);",
        "Wright, Miller & Kane, Federal Practice and Procedure § 2767",
        "744-45",
        1983,
    ),
    (  # cl1-150888-united-states-v-figueroa-cartagena.txt
        "5 See 1 Wayne R. LaFave, Substantive Criminal Law § 6.1 (2d ed. 2003).",
        "LaFave, Substantive Criminal Law § 6.1",
        "§ 6.1",
        2003,
    ),
    (  # st-capfc-1ne3d259-commonwealth-v-marquise-brown.txt
        "See also 2 N.J. Singer & J.D. Shambie Singer, Statutes and Statutory Construction § 44:18, at 659 "
        "(7th ed. 2009)",
        "Singer & Singer, Statutes and Statutory Construction § 44:18",
        "659",
        2009,
    ),
    (  # cl1-179283-tash-v-roden.txt: a title that names its author keys without the editor
        "see 1 McCormick on Evidence § 145, at 592 (K. Broun ed., 6th ed. 2006);",
        "McCormick on Evidence § 145",
        "592",
        2006,
    ),
    (  # cl1-148235-united-states-v-rivera-martinez.txt
        "The doctrine of mutual mistake is recognized in the law of contracts, see 27 Samuel Williston, "
        "Williston on Contracts § 70:74 (4th ed. 2003), but",
        "Williston on Contracts § 70:74",
        "§ 70:74",
        2003,
    ),
    (  # cl1-183306-plumbersunion-v-nomura-asset-acceptance-corp.txt
        "5 J. Moore et al., Moore's Federal Practice § 26.63[1][b], at 23-304 (3d ed. 2010).",
        "Moore's Federal Practice § 26.63[1][b]",
        "23-304",
        2010,
    ),
    # books by page, and the old abbreviated commentaries
    (  # ussc-4170684-tc-heartland-llc-v-kraft-foods-group-brands-llc.txt
        "A. Scalia & B. Garner, Reading Law 331 (2012) (“A clear, authoritative judicial holding”).",
        "Scalia & Garner, Reading Law 331",
        "331",
        2012,
    ),
    (  # cl2-3318411-shelton-v-hadlock.txt: pages start again in each volume, so the volume stays
        'It is stated in 3 Black. Com., 177, that "whenever a greater estate and a less coincide"',
        "3 Blackstone, Commentaries 177",
        "177",
        None,
    ),
    # restatements
    (  # cl1-149845-sheehan-v-the-north-american-marketing-corp.txt
        "See Restatement (Second) of Torts § 431 (1965); see also Hueston v.",
        "Restatement (Second) of Torts § 431",
        "§ 431",
        1965,
    ),
    (  # cl1-195213-american-title-v-east-west-financial.txt: no "§", no "of"
        "(third party must exercise due care); Restatement (Second) Agency 27 comt. a (1957).",
        "Restatement (Second) of Agency § 27",
        "§ 27 cmt. a",
        1957,
    ),
    # model codes, uniform acts, model rules
    (  # slip-09-breyer-holder-v-humanitarian-law-project.txt
        "cf. Model Penal Code §2.02(7) (willful blindness);",
        "Model Penal Code § 2.02(7)",
        None,
        None,
    ),
    (  # cl1-194592-lambert-v-kysar.txt
        "See, e.g., U.C.C. 2-306(1), Wash.",
        "U.C.C. § 2-306(1)",
        None,
        None,
    ),
    (  # cl1-194608-tropicana-products-v-vero-beach-groves.txt
        "Cf. ABA Model Rules of Professional Conduct, Rule 1.16(b) (“a lawyer may withdraw”)",
        "Model Rules of Prof'l Conduct R. 1.16(b)",
        None,
        None,
    ),
    # legislative materials
    (  # cl1-150888-united-states-v-figueroa-cartagena.txt
        "See, e.g., H.R. Rep. No. 102-851, pt. 1, at 15 (1992) (\"In [an 'armed carjacking'] ...\").",
        "H.R. Rep. No. 102-851",
        "15",
        1992,
    ),
    (  # cl1-195118-united-states-v-welch.txt: the Congress folded into the number, as Bluebook writes it now
        "See S. Rep. No. 1011, 93d Cong., 2d Sess. 47-48 (1974), reprinted in 1974 U.S.C.C.A.N. 5283, 5312.",
        "S. Rep. No. 93-1011",
        "47-48",
        1974,
    ),
    (  # cl1-175740-united-states-v-ditomasso.txt
        'registry programs are not coordinated well enough." 152 Cong. Rec. S8020 (daily ed. July 20, 2006).',
        "152 Cong. Rec. S8020",
        None,
        2006,
    ),
    (  # slip-10-sotomayor-sossamon-v-texas.txt
        "see also 146 Cong. Rec. 16698, 16699 (2000) (joint statement of Sen. Hatch and Sen. Kennedy)",
        "146 Cong. Rec. 16698",
        "16699",
        2000,
    ),
    (  # cl1-195128-united-states-v-fahm.txt
        '"reduce the likelihood of abuse of the rule," Fed. R. Crim. P. 35(c) advisory committee\'s note '
        "(1991 amendment).",
        "Fed. R. Crim. P. 35(c) advisory committee's note to 1991 amendment",
        None,
        None,
    ),
    (  # slip-11-thomas-williams-v-illinois.txt
        "see also Advisory Committee’s Notes on Fed. Rule Evid. 703, 28 U. S. C. App., p. 361;",
        "Fed. R. Evid. 703 advisory committee's note",
        None,
        None,
    ),
    # pattern jury instructions
    (  # st-capil-5594935-people-v-thompson.txt
        "failed to request a limiting instruction as to the other-crimes evidence (see Illinois Pattern Jury "
        "Instructions, Criminal, No. 3.14 (4th ed. 2000)).",
        "Illinois Pattern Jury Instructions, Criminal, No. 3.14",
        None,
        2000,
    ),
    (  # ets-858001.txt
        "(2) the trial court prejudicially erred by instructing the jury with CALCRIM No. 315; and (3) his",
        "CALCRIM No. 315",
        None,
        None,
    ),
    (  # slip-11-the-court-perry-v-new-hampshire.txt
        "W. Va. Crim. Jury Instr. No. 5.05 (6th ed. 2003).",
        "W. Va. Criminal Jury Instructions, No. 5.05",
        None,
        2003,
    ),
]


@pytest.mark.parametrize(("text", "key", "pin", "year"), FULL)
def test_full_citation_is_found_with_its_key_pin_and_year(text, key, pin, year):
    c = one(text)
    assert (c.kind, c.form, c.key, c.pin, c.year) == ("other", "full", key, pin, year)
    assert c.name and c.name in text.replace("&amp;", "&").replace("’", "'") or c.name


def test_section_list_is_one_authority_per_section():
    # cl2-3318411-shelton-v-hadlock.txt
    text = "Wells v. Thorman, 37 id., 318; 2 Story's Eq. Jur., §§ 1401, 1402.  While she was living"
    assert found(text) == [
        ("full", "Story, Commentaries on Equity Jurisprudence § 1401"),
        ("full", "Story, Commentaries on Equity Jurisprudence § 1402"),
    ]


def test_name_is_the_citation_as_printed():
    # cl1-183306-plumbersunion-v-nomura-asset-acceptance-corp.txt
    c = one("5 J. Moore et al., Moore's Federal Practice § 26.63[1][b], at 23-304 (3d ed. 2010).")
    assert c.name == "5 J. Moore et al., Moore's Federal Practice § 26.63[1][b], at 23-304 (3d ed. 2010)"


# --- short forms ---------------------------------------------------------------

SHORT = [
    (  # cl1-148957-united-states-v-jackson.txt: "supra" with another section of the same work
        "2 LaFave et al., Criminal Procedure § 6.2(c), at 616-46 (3d ed. 2007). ... United States v. Stewart, "
        "388 F.3d 1079, 1090 (7th Cir. 2004); 2 LaFave, supra, § 6.8(b), at 803-04.",
        "LaFave et al., Criminal Procedure § 6.8(b)",
    ),
    (  # cl1-149262-rectrix-aerodrome-v-barnstable-mun-airport.txt
        "Hovenkamp, Federal Antitrust Policy §20.6, at 753-54(3d ed. 2005). This may seem a rather bland basis "
        "for attributing to the state legislature a purpose. Hovenkamp, supra, §20.6, at 753-54 & n.12.",
        "Hovenkamp, Federal Antitrust Policy § 20.6",
    ),
    (  # slip-11-alito-united-states-v-alvarez.txt (the full cite is the opinion's earlier footnote)
        "Black’s Law Dictionary 1327 (9th ed. 2009). 2 See Black’s Law Dictionary, supra, at 1327 (defining "
        "“representation” to mean a “presentation of fact”)",
        "Black's Law Dictionary",
    ),
    (  # slip-09-kennedy-new-process-steel-l-p-v-nlrb.txt: a name defined by "hereinafter"
        "See Black’s Law Dictionary 1370 (9th ed. 2009) (hereinafter Black’s). Black’s, supra, at 1371.",
        "Black's Law Dictionary",
    ),
    (  # slip-09-the-court-samantar-v-yousuf.txt
        "Restatement (Second) of Foreign Relations Law of the United States §66 (1965). ... extends to any "
        "other public minister, official, or agent of the state.” Restatement §66 (emphasis added).",
        "Restatement (Second) of Foreign Relations Law of the United States § 66",
    ),
]


@pytest.mark.parametrize(("text", "key"), SHORT)
def test_short_form_takes_the_key_of_its_work(text, key):
    items = secondary_items(text)
    assert [c.form for c in items] == ["full", "short"]
    assert items[1].key == key
    assert items[1].antecedent_guess == items[0].key


def test_short_form_without_a_full_cite_before_is_not_taken():
    # slip-09-the-court-mohawk-industries-inc-v-carpenter.txt cites Wright & Miller only this way
    assert found("needlessly burden the Courts of Appeals. See Wright & Miller §3914.23, at 123 (“Routine”)") == []


def test_surname_that_is_also_a_party_is_not_a_short_form():
    # cl1-150526-kennedy-v-town-of-billerica.txt cites Wright & Miller; slip-10-breyer-board-of-trustees-...-v-roche-mol.txt
    # cites "Wright v. United States"; a bare "Wright, supra" after both could be either.
    text = (
        "9C Charles A. Wright & Arthur R. Miller, Federal Practice and Procedure § 2553, at 72-73 & n.39 "
        "(3d ed. 2008). Wright v. United States, 164 F. 3d 267, 269 (CA5 1999); Wright, supra, at 270."
    )
    assert found(text) == [("full", "Wright & Miller, Federal Practice and Procedure § 2553")]


# --- what must not be taken ------------------------------------------------------

NOT_AUTHORITIES = [
    # cl1-183307-farmers-ins-exchange-v-rnk-inc.txt: the dictionary named in prose
    'With this understanding in 5 Black\'s Law Dictionary defines "equipment" as "[t]he articles"',
    # cl1-175077-drew-v-maceachern.txt
    "The Court noted that “[t]he dictionary defines ‘pending’ .",
    # cl1-148517-united-states-v-persichilli.txt
    'Urging a broad reading of "persons," the government cites the Dictionary Act, which provides general rules',
    # slip-09-the-court-samantar-v-yousuf.txt
    "The Restatement provides that the “immunity of a foreign state . . . extends to . . . any other public minister",
    # slip-10-sotomayor-bruesewitz-v-wyeth-llc.txt: a restatement named, no section
    "stated that “the codification of Comment (k) of The Restatement (Second) of Torts was not intended to decide "
    "as a matter of law the circumstances in which a vaccine should be deemed unavoidably unsafe.”",
    # slip-09-the-court-mac-s-shell-service-inc-v-shell-oil-products-co.txt
    "For similar reasons, the Second Restatement of Property is of no help to the dealers.",
    # slip-09-the-court-holland-v-florida.txt: the Model Rules named without a rule
    "(describing ethical rules set forth in case law, the Restatements of Agency, the Restatement (Third) of the "
    "Law Governing Lawyers (1998), and in the ABA Model Rules of Professional Con duct (2009)).",
    # cl2-3498797-kolowich-v-ferguson.txt: a reporter, not a committee report
    "In Heflin v. State, 88 Ga. 151 (14 S.E. 112, 30 Am. St. Rep. 147), it was said:",
    # cl1-179747-ji-v-bose-corp.txt: a party's filing, not a pattern instruction
    "Ji proposed the following two instructions: [Proposed Jury Instruction No. 22:] If you find for the Plaintiff",
    # cl1-149262-rectrix-...: an article titled after a restatement (eyecite's law review)
    "Handler & Lazaroff, Restraint of Trade and the Restatement (Second) of Contracts, 57 N.Y.U. L. Rev. 669 (1982).",
    # slip-10-breyer-brown-v-entertainment-merchants-assn.txt: a journal, not a book
    "Unsworth, Devilly, & Ward, The Effect of Playing Violent Video Games? 13 Psychology, Crime & Law 383 (2007).",
]


@pytest.mark.parametrize("text", NOT_AUTHORITIES)
def test_prose_and_other_citations_are_not_taken(text):
    assert found(text) == []


# --- in the pipeline ----------------------------------------------------------------


def test_balogun_treatise_keeps_its_key(analyses):
    key = "Gordon, Mailman & Yale-Loehr, Immigration Law and Procedure § 72.03[2][h]"
    refs = [r for r in analyses["balogun-v-sessions"].references if r.key == key]
    assert [r.form for r in refs] == ["full"] and refs[0].year == 1998


def test_id_after_a_dictionary_refers_to_it():
    # st-capfc-753NW2d5521-town-of-merrimac-...
    ex = analyze_text(
        'BLACK\'S LAW DICTIONARY 1586 (8th ed. 2004). Black\'s defines "invalid" as "[n]ot legally binding". '
        "Id. at 843."
    )
    assert [(r.key, r.form, r.pin_cite) for r in ex.references] == [
        ("Black's Law Dictionary", "full", "1586"),
        ("Black's Law Dictionary", "id", "843"),
    ]


def test_federal_register_is_an_other_authority_with_its_short_form():
    # slip-11-the-court-match-e-be-nash-...-v-patch.txt; cl2-2662610-safari-club-international-v-salazar.txt
    ex = analyze_text("See 77 Fed. Reg. 431 (Jan. 5, 2012). The Service agreed. See 77 Fed. Reg. at 433.")
    assert [(r.key, r.kind, r.form) for r in ex.references] == [
        ("77 Fed. Reg. 431", "other", "full"),
        ("77 Fed. Reg. 431", "other", "short"),
    ]
    assert ex.references[0].year == 2012


def test_advisory_note_replaces_the_rule_it_annotates():
    # cl1-195128-united-states-v-fahm.txt
    ex = analyze_text("errors in sentencing,\" Fed. R. Crim. P. 35(c) advisory committee's note (1991 amendment).")
    assert [(r.key, r.kind) for r in ex.references] == [
        ("Fed. R. Crim. P. 35(c) advisory committee's note to 1991 amendment", "other")
    ]


def test_secondary_short_form_beats_eyecites_supra():
    ex = analyze_text(
        "See 5B C. Wright & A. Miller, Federal Practice and Procedure § 1357 (3d ed. 2004). "
        "See also Wright & Miller, supra, § 1357."
    )
    assert [(r.key, r.form) for r in ex.references] == [
        ("Wright & Miller, Federal Practice and Procedure § 1357", "full"),
        ("Wright & Miller, Federal Practice and Procedure § 1357", "short"),
    ]


def test_case_beats_an_other_authority_on_the_same_span():
    # An A.L.R. annotation is eyecite's (a reporter): kb does not find it again.
    ex = analyze_text('Annotation, "Strict Products Liability - Proof of Defect", 51 A.L.R.3d 8 (1973).')
    assert [(r.key, r.kind) for r in ex.references] == [("51 A.L.R. 3d 8", "case")]


# --- cost is linear in the text ---------------------------------------------------

PATHOLOGICAL = {
    "dictionary": "Black's Law Dictionary 1586 (8th ed. 2004). Dictionary Dictionary Webster's Dictionary defines. ",
    "treatise": "See " + "Capitalised " * 60 + "Words, Title Of Things § 12 (2d ed. 1999); " + "§ 1 " * 20,
    "book": "A. Scalia & B. Garner, Reading Law 331 (2012) " + "Big Words " * 30 + "12 (1999) ",
    "restatement": "Restatement (Second) of Torts § 402A (1965); Restatement §66; Restatement Restatement of Things ",
    "model code": "U.C.C. § 2-207; Model Penal Code § 2.02(2)(c); Model Rules of Prof'l Conduct R. 1.7; Model Rules ",
    "legislative": "H.R. Rep. No. 104-828, at 5 (1996); 142 Cong. Rec. 1234 (1996); Rep. No. Rep. Cong. Rec. ",
    "advisory note": "Fed. R. Civ. P. 56 advisory committee's note to 2010 amendment; advisory committee notes ",
    "jury instructions": "CALCRIM No. 3400; IPI Criminal 4th No. 3.14; Pattern Jury Instructions No. 1; Jury Instr. ",
    "short forms": "5 Wright & Miller, Federal Practice and Procedure § 1357 (3d ed. 2004). Wright & Miller, supra, "
    "§ 1357. Miller, supra, at 4. LaFave, supra. ",
}


@pytest.mark.parametrize("family", sorted(PATHOLOGICAL))
def test_cost_doubles_when_the_text_doubles(family):
    unit = PATHOLOGICAL[family] * (60_000 // len(PATHOLOGICAL[family]))
    two, four = growth(secondary_items, unit, unit * 2, unit * 4, rounds=5)
    assert two < 3.5
    assert four < 8


# --- anchored scans ----------------------------------------------------------------
# The locators, Federal Practice, the commentaries and the model codes are scanned for
# only where their literals occur (kb.analysis.patterns.Anchored): they must find what a
# scan of the whole text finds.
_ANCHORED = (P.WORK_LOCATOR_AT, P.SECTION_TITLE_AT, P.COMMENTARY_AT, P.MODEL_CODE_AT)


def test_an_anchored_secondary_pattern_finds_what_a_full_scan_finds(full_parity):
    from kb.analysis.clean import clean_text

    if not CORPUS.is_dir():
        pytest.skip("no corpus at ../shared/corpus")
    files = sorted(CORPUS.glob("*.txt"))
    files = files if full_parity else files[:: max(1, len(files) // 80)]
    texts = [clean_text(p.read_text(encoding="utf-8", errors="replace")).text for p in files]
    texts += [case[0] for case in FULL] + ["U.C.C. x U.S.C. Uniform  Act § 1 Bl. Comm. 2 Blackstone ¶¶ 3 FEDERAL"]
    found = 0
    for text in texts:
        for a in _ANCHORED:
            full = [(m.span(), m.groups()) for m in a.pattern.finditer(text)]
            assert [(m.span(), m.groups()) for m in a.finditer(text)] == full, (text[:80], a.pattern.pattern[:40])
            found += len(full)
    assert found > 500
