"""Reading an opinion's caption (kb.caption): one test per mechanism, on real lines.

Every input is copied from a real opinion; the comment names the file
(``tests/eval/opinions/...`` in this repository, otherwise the development
corpus ``shared/corpus/opinions/...``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.caption import FIRST_LOOK_CHARS, classify, layout, read_caption
from kb.caption_fields import date_candidates, docket_in, judge_in, own_citations
from kb.courts import court_from_caption
from kb.load import detect_metadata
from kb.parties import caption_case_name, publisher_case_name

from .conftest import CORPUS
from .growth import growth

EVAL = Path(__file__).resolve().parent / "eval" / "opinions"


def eval_text(name: str) -> str:
    return next(EVAL.glob(f"{name}*.txt")).read_text(encoding="utf-8")


# --- case names ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        # slip-09-the-court-... (Miller v. Alabama's caption form)
        ("EVAN MILLER, PETITIONER", "ALABAMA", "Miller v. Alabama"),
        # cl1-147478-united-states-v-al-rikabi
        (
            "UNITED STATES OF AMERICA, Appellee,",
            "HUSSEIN AL-RIKABI, Defendant, Appellant.",
            "United States v. Al-Rikabi",
        ),
        # st-capfc-100a3d1004Replace2-state-of-connecticut-v-anthony-dyous
        ("STATE of Connecticut", "Anthony DYOUS.", "State v. Dyous"),
        # st-capfc-122NE3d432-people-of-the-state-of-illinois-plaintiff-appellee-v-rodney
        ("PEOPLE of the State of Illinois, Plaintiff-Appellee,", "Rodney LEE", "People v. Lee"),
        # st-capfc-1ne3d259-commonwealth-v-marquise-brown
        ("COMMONWEALTH", "Marquise BROWN.", "Commonwealth v. Brown"),
        # cl1-195219-niazmand-v-commissioner
        (
            "RAHMAT A. NIAZMAND, M.D., Petitioner,",
            "COMMISSIONER OF INTERNAL REVENUE, Respondent.",
            "Niazmand v. Comm'r",
        ),
        # cl1-194707-dimanno-v-such-and-throtonics: later parties dropped
        (
            "CARL DIMANNO, Plaintiff, Appellant,",
            "JAY SUCH and THROTONICS CORP., Defendants, Appellees.",
            "Dimanno v. Such",
        ),
        # cl2-1482072-sierra-club-v-van-antwerp: et al., titles, first names
        (
            "SIERRA CLUB, et al., Plaintiffs,",
            "Lt. Gen. Robert L. VAN ANTWERP, et al., Defendants.",
            "Sierra Club v. Van Antwerp",
        ),
        # cl2-94927-california-nat-bank-v-stateler: T10 inside a name, printed "Nat."
        ("CALIFORNIA NAT. BANK et al.", "STATELER et al.", "Cal. Nat'l Bank v. Stateler"),
        # st-capfc-753NW2d5521-town-of-merrimac-...: T6 "Village"
        (
            "TOWN OF MERRIMAC, Plaintiff-Appellant,†",
            "VILLAGE OF MERRIMAC, Defendant-Respondent.",
            "Town of Merrimac v. Vill. of Merrimac",
        ),
        # st-clr-10586017-c-s-s-a-s-v-a-s-cross-appellee-c-s-s: cross-appeal roles before the names
        (
            "Appellant, C. S. S.// Cross-Appellant, A. S.",
            "Appellee, A. S.// Cross-Appellee, C. S. S.",
            "C.S.S. v. A.S.",
        ),
        # slip-09-the-court-astrue-v-ratliff: a description after the name
        ("MICHAEL J. ASTRUE, COMMISSIONER OF SOCIAL SECURITY, PETITIONER", "CATHERINE G. RATLIFF", "Astrue v. Ratliff"),
        # ussc-4151832-white-v-pauly
        (
            "RAY WHITE, ET AL.",
            "DANIEL T. PAULY, AS PERSONAL REPRESENTATIVE OF THE ESTATE OF SAMUEL PAULY, DECEASED ET AL.",
            "White v. Pauly",
        ),
        # st-capfc-708se2d429-eric-lamont-hodnett-v-stanco-masonry-...: a second party after "Incorporated"
        (
            "Eric Lamont HODNETT",
            "STANCO MASONRY, INCORPORATED and Amerisure Mutual Insurance Company.",
            "Hodnett v. Stanco Masonry, Inc.",
        ),
        # st-clr-11158786-tulsi-sawlani-m-d-v-lake-county-assessor
        (
            "Tulsi Sawlani, M.D., and Kamini Sawlani, Petitioners,",
            "Lake County Assessor, Respondent.",
            "Sawlani v. Lake Cnty. Assessor",
        ),
        # data/opinions/arango-v-usa-immigration: "aka", an acronym kept
        (
            "JOSE LUIS JUSTO ARANGO, aka Jose Luis De La Terre, Petitioner,",
            "USA IMMIGRATION, Respondent.",
            "Arango v. USA Immigration",
        ),
    ],
)
def test_caption_parties_become_the_citation_name(left, right, expected):
    assert caption_case_name(left, right) == expected


def test_all_caps_names_take_the_spelling_of_the_running_text():
    # cl1-194707-dimanno-v-such-and-throtonics: "Carl M. DiManno on brief pro se."
    spelling = {"dimanno": "DiManno"}
    assert caption_case_name("CARL DIMANNO, Plaintiff, Appellant,", "JAY SUCH", spelling) == "DiManno v. Such"


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("In re J.W., Appellant.", "In re J.W."),  # st-capfc-100a3d1091Replace2-in-re-j-w-appellant
        ("In the Matter of William Nelson FINK, Debtor.", "In re Fink"),  # cl2-1840943-matter-of-fink
        ("IN RE HEMINGWAY TRANSPORT, INC., ET AL.,", "In re Hemingway Transp., Inc."),  # cl1-194703-juniper-...
        ("IN RE ZARIAH H.1 ET AL.", "In re Zariah H."),  # st-clr-11158759-in-re-zariah-h-1
        # cl2-2065858-in-re-jepsen-s-appeal
        (
            "In the Matter of the Appeal of Marvin JEPSEN from the Decision of the Pennington County",
            "In re Appeal of Jepsen",
        ),
    ],
)
def test_in_re_captions_name_their_subject(caption, expected):
    assert caption_case_name(caption) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Matter of Hanalise S. (Daniel S.S.)", "In re Hanalise S."),  # st-clr-11046563-matter-of-hanalise-s-daniel-s-s
        ("S.S. v Hentel", "S.S. v. Hentel"),  # st-clr-11119770-s-s-v-hentel
        ("M.J.S. v. C.S.S.", "M.J.S. v. C.S.S."),  # st-clr-10832014-m-j-s-v-c-s-s
    ],
)
def test_publisher_names_are_put_in_citation_form(printed, expected):
    assert publisher_case_name(printed) == expected


# --- courts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "court_id"),
    [
        ("United States Court of Appeals For the First Circuit", "ca1"),  # cl1-147478 (two lines joined)
        ("Circuit Court of Appeals, Seventh Circuit.", "ca7"),  # cl2-1478091-united-states-v-anderson
        ("Supreme Court of United States.", "scotus"),
        ("SUPREME COURT OF THE UNITED STATES", "scotus"),  # slip-09-the-court-astrue-v-ratliff
        ("Appellate Court of Connecticut.", "connappct"),
        ("Supreme Judicial Court of Massachusetts, Middlesex.", "mass"),  # st-capfc-1ne3d259
        ("IN THE COURT OF CRIMINAL APPEALS OF TENNESSEE AT KNOXVILLE", "tenncrimapp"),  # st-clr-11158760
        ("IN THE COURT OF APPEAL OF THE STATE OF CALIFORNIA SECOND APPELLATE DISTRICT", "calctapp"),  # st-clr-11158726
        ("COURT OF APPEALS OF OHIO EIGHTH APPELLATE DISTRICT", "ohioctapp"),  # st-clr-10832014
        ("Appellate Division, Second Department", "nyappdiv"),  # st-clr-11119770
        ("United States Bankruptcy Court, D. Nebraska.", "nebraskab"),  # cl2-1840943-matter-of-fink
        ("District Court, W. D. Washington", "wawd"),
        ("IN THE SUPREME COURT OF THE STATE OF SOUTH DAKOTA", "sd"),  # ets-902001
        ("IN THE COURT OF APPEALS FOR MONTGOMERY COUNTY, OHIO", "ohioctapp"),  # cl2-2693000-oregon-place-assn-...
        ("Fourteenth Court of Appeals", "texapp"),  # cl2-2988724-taliba-c-johnson-v-gregory-luchin-...
    ],
)
def test_court_lines_name_the_court(line, court_id):
    assert court_from_caption(line) == court_id


def test_the_lower_courts_named_in_a_caption_are_not_the_deciding_court():
    # cl1-147478-united-states-v-al-rikabi: the district court below is named after the caption
    assert read_caption(eval_text("cl1-147478")).court_id == "ca1"
    # slip-09-the-court-astrue-v-ratliff: "ON WRIT OF CERTIORARI TO THE UNITED STATES COURT OF APPEALS ..."
    caption = read_caption(eval_text("slip-09-the-court-astrue"))
    assert (caption.court_id, caption.court) == ("scotus", "U.S.")
    cells = layout("APPEAL FROM THE UNITED STATES DISTRICT COURT\n\nFOR THE DISTRICT OF MAINE\n")
    assert classify(cells) == ["lower", "lower"]


def test_a_clerks_stamp_in_the_margin_does_not_name_the_court():
    # st-clr-11158786-tulsi-sawlani-...: "FILED ... CLERK Indiana Supreme Court Court of Appeals and Tax Court"
    assert read_caption(eval_text("st-clr-11158786")).court_id == "ind"


# --- dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("May 28, 2010", [(1, "2010-05-28")]),  # cl1-147478
        ("December 18, 1939.", [(1, "1939-12-18")]),  # cl2-1478091
        ("[June 14, 2010]", [(1, "2010-06-14")]),  # slip-09-the-court-astrue-v-ratliff
        ("Filed 10/7/25", [(2, "2025-10-07")]),  # st-clr-11158726-people-v-gomez
        ("10/07/2025", [(1, "2025-10-07")]),  # st-clr-11158760
        ("Decided on May 2, 2025", [(2, "2025-05-02")]),  # st-clr-11046563
        ("Opinion filed September 14, 2005.", [(2, "2005-09-14")]),  # st-capil-5594935-people-v-thompson
        ("Heard Feb. 16, 2011.Decided March 21, 2011.", [(2, "2011-03-21")]),  # st-capfc-708se2d750
        ("No. 15–497.      Argued October 31, 2016—Decided February 22, 2017", [(2, "2017-02-22")]),  # ussc-4151829
        ("Dates: June 3, 2024 - August 27, 2024", [(2, "2024-08-27")]),  # st-clr-10748116-s-s-v-s-s
        ("Rendered on the 19th day of October, 2012.", [(2, "2012-10-19")]),  # cl2-2693678-curtis-v-curtis
        ("Submitted Sept. 4, 2013.", []),  # st-capfc-1ne3d259
        ("September 23, 2025 Session", []),  # st-clr-11158774
    ],
)
def test_the_decision_date_outranks_argument_and_submission(cell, expected):
    assert date_candidates(cell) == expected


def test_a_signature_date_at_the_end_is_read_when_the_head_has_none():
    # data/opinions/arango-v-usa-immigration: "Dated at New Haven, Connecticut: October 17, 2008."
    text = (
        "UNITED STATES DISTRICT COURT\nDISTRICT OF CONNECTICUT\n\n"
        + "x " * 2000
        + ("\n\nDated at New Haven, Connecticut: October 17, 2008.\n")
    )
    assert read_caption(text).date == "2008-10-17"


# --- dockets -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("No. 08-2327", "No. 08-2327"),  # cl1-147478
        ("Nos. 12-1 and 12-2", "Nos. 12-1 and 12-2"),
        ("Record No. 1544-03-3.", "Record No. 1544-03-3"),
        ("Docket No. 276372.", "Docket No. 276372"),  # st-capfc-760NW2d5261
        ("B337826", "B337826"),  # st-clr-11158726-people-v-gomez
        ("No. E2025-01324-CCA-R9-CD", "No. E2025-01324-CCA-R9-CD"),  # st-clr-11158760
        ("Civil Action No. 07-1756(RCL).", "Civil Action No. 07-1756(RCL)"),  # cl2-1482072
        ("Bankruptcy No. BK91-41705.", "Bankruptcy No. BK91-41705"),  # cl2-1840943
        ("No. 4—04—0636", "No. 4-04-0636"),  # st-capil-5594935
        ("No. 15 C 5691", "No. 15 C 5691"),  # data/opinions/flores-albarran-v-wong
        ("NO.  3:08CV1004 (MRK)", "No. 3:08CV1004 (MRK)"),  # data/opinions/arango-v-usa-immigration
        ("No. 80, September Term, 2016.", "No. 80"),  # ets-4180002
        ("Super. Ct. No. NA076108)", None),  # st-clr-11158726: the superior court's number
        ("(No. 1:21-mc-00014)", None),  # ets-9372001: the district court's number
    ],
)
def test_docket_numbers_are_read_and_lower_court_numbers_are_not(cell, expected):
    assert docket_in(cell) == expected


def test_a_lower_courts_docket_under_its_name_is_not_the_opinions():
    # st-clr-11158760: "Criminal Court for Knox County" / "No. 125889" / ... / "No. E2025-01324-CCA-R9-CD"
    assert read_caption(eval_text("st-clr-11158760")).docket == "No. E2025-01324-CCA-R9-CD"


# --- the opinion's own citations ---------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("108 F.2d 475 (1939)", ("108 F.2d 475",)),  # cl2-1478091
        ("352 U.S. 82 (1956)", ("352 U.S. 82",)),
        ("171 U.S. 447 19 S. Ct. 6 43 L. Ed. 233", ("171 U.S. 447", "19 S. Ct. 6", "43 L. Ed. 233")),  # cl2-94927
        ("[Cite as In re S.S., 2025-Ohio-842.]", ("2025-Ohio-842",)),  # st-clr-10822742-in-re-s-s
        ("S.S. v Hentel (2025 NY Slip Op 04670)", ("2025 N.Y. Slip Op. 04670",)),  # st-clr-11119770
        ("Cite as: 559 U. S. ____ (2010)", ("559 U.S. ___",)),  # slip-09-scalia-padilla-v-kentucky
        ("2024 IL App (1st) 230093-U", ("2024 IL App (1st) 230093-U",)),  # ets-10582021
        ("2 Div. 817.", ()),  # cl2-1124466-tucker-v-state: Alabama's docket, not the "Div." reporter
        ("The Individuals with Disabilities Education Act", ()),
    ],
)
def test_own_citations_are_read_in_bluebook_spacing(cell, expected):
    assert own_citations(cell) == expected


def test_own_citation_of_a_supreme_court_opinion_after_its_syllabus():
    assert read_caption(SYLLABUS).citations == ("580 U.S. ___",)


# --- judge -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "name", "per_curiam"),
    [
        ("SELYA, Circuit Judge.    Defendant-appellant Hussein Al-", "SELYA", False),  # cl1-147478
        ("JUSTICE THOMAS delivered the opinion of the Court.", "THOMAS", False),  # slip-09-the-court-astrue
        ("KERNER, Circuit Judge.", "KERNER", False),  # cl2-1478091
        ("Mr. Justice BROWN, after stating the facts in the foregoing language, delivered", "BROWN", False),
        ("EILEEN T. GALLAGHER, P.J.:", "EILEEN T. GALLAGHER", False),  # st-clr-10832014
        ("JOHN C. MINAHAN, Jr., Bankruptcy Judge.", "JOHN C. MINAHAN, Jr.", False),  # cl2-1840943
        ("¶ 1 LUNDSTEN J.", "LUNDSTEN", False),  # st-capfc-753NW2d5521
        ("Goff, Justice.", "Goff", False),  # st-clr-11158786
        ("Per  Curiam.   Carl M.  DiManno, pro  se appellant,", None, True),  # cl1-194707
        ("PER CURIAM:", None, True),  # cl2-1025605-united-states-v-hughes
    ],
)
def test_judge_lines_name_the_author(cell, name, per_curiam):
    found = judge_in(cell)
    assert found is not None
    assert (found.name, found.per_curiam) == (name, per_curiam)


@pytest.mark.parametrize(
    "cell",
    [
        "Torruella, Selya and Howard, Circuit Judges.",  # cl1-147478: the panel
        "Before SPARKS, TREANOR, and KERNER, Circuit Judges.",  # cl2-1478091
        "SCALIA, J., concurring",  # slip-11-scalia-minneci-v-pollard: a running head
        "MICHAEL J. ASTRUE, COMMISSIONER OF SOCIAL",  # slip-09-the-court-astrue-v-ratliff: a party
        "WATSON, C.J., and SADLER, HUDSPETH, and BICKLEY, JJ., concur.",  # cl2-3571873
        "The Honorable Justin L. McAdam, Judge",  # st-clr-11158786: the judge below
    ],
)
def test_panels_running_heads_and_parties_are_not_judge_lines(cell):
    assert judge_in(cell) is None


def test_the_judge_is_title_cased_and_a_per_curiam_has_none():
    assert read_caption(eval_text("cl1-147478")).judge == "Selya"
    caption = read_caption(eval_text("ussc-4151832"))
    assert (caption.judge, caption.per_curiam) == (None, True)


# --- where the opinion begins --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "opens"),
    [
        ("cl1-147478", "Defendant-appellant Hussein Al-"),  # after "SELYA, Circuit Judge." on its line
        ("slip-09-the-court-astrue", "Section 204(d) of the Equal Access"),  # after "JUSTICE THOMAS delivered ..."
        ("ussc-4151832", "This case addresses the situation"),  # after "PER CURIAM."
        ("cl2-94927", "Motion is made to dismiss this writ"),  # after the reporter's statement and counsel
        ("st-clr-11158726", "Bess Stiffelman, under appointment"),  # no judge line: the first paragraph
        ("cl2-1840943", "Before the court is the Debtor's Objection"),  # after "MEMORANDUM" and the judge
    ],
)
def test_body_starts_after_the_header(name, opens):
    text = eval_text(name)
    start = read_caption(text).body_start
    assert text[start:].lstrip(" \t\n0123456789").startswith(opens)


# A Supreme Court syllabus and the head of the opinion after it, trimmed.
# Source: shared/corpus/opinions/ussc-4151829-fry-v-napoleon-community-schools.txt
SYLLABUS = """(Slip Opinion)              OCTOBER TERM, 2016                                       1

                                       Syllabus

         NOTE: Where it is feasible, a syllabus (headnote) will be released, as is
       being done in connection with this case, at the time the opinion is issued.
       The syllabus constitutes no part of the opinion of the Court but has been
       prepared by the Reporter of Decisions for the convenience of the reader.
       See United States v. Detroit Timber & Lumber Co., 200 U. S. 321, 337.


SUPREME COURT OF THE UNITED STATES

                                       Syllabus

         FRY ET VIR, AS NEXT FRIENDS OF MINOR E. F. v.

         NAPOLEON COMMUNITY SCHOOLS ET AL.


CERTIORARI TO THE UNITED STATES COURT OF APPEALS FOR
                  THE SIXTH CIRCUIT

  No. 15–497.      Argued October 31, 2016—Decided February 22, 2017
The Individuals with Disabilities Education Act (IDEA) offers federal
  funds to States in exchange for a commitment to furnish a “free ap-
  propriate public education” (FAPE) to children with certain disabili-
  ties, 20 U. S. C. §1412(a)(1)(A), and establishes formal administrative
  further exhaustion. Pp. 18–20.
788 F. 3d 622, vacated and remanded.

  KAGAN, J., delivered the opinion of the Court, in which ROBERTS,
C. J., and KENNEDY, GINSBURG, BREYER, and SOTOMAYOR, JJ., joined.
                        Cite as: 580 U. S. ____ (2017)                              1

                             Opinion of the Court

SUPREME COURT OF THE UNITED STATES
                                   No. 15–497

  STACY FRY, ET VIR, AS NEXT FRIENDS OF MINOR E. F.,
     PETITIONERS v. NAPOLEON COMMUNITY
                 SCHOOLS, ET AL.
 ON WRIT OF CERTIORARI TO THE UNITED STATES COURT OF
            APPEALS FOR THE SIXTH CIRCUIT

                              [February 22, 2017]


  JUSTICE KAGAN delivered the opinion of the Court.
  The Individuals with Disabilities Education Act (IDEA
or Act), 84 Stat. 175, as amended, 20 U. S. C. §1400 et seq.,
"""


def test_body_starts_after_a_supreme_court_syllabus():
    caption = read_caption(SYLLABUS)
    assert SYLLABUS[caption.body_start :].startswith("The Individuals with Disabilities Education Act (IDEA\nor Act)")
    # the syllabus's own "See United States v. Detroit Timber" is not the caption
    assert (caption.case_name, caption.docket, caption.date, caption.judge) == (
        "Fry v. Napoleon Cmty. Sch.",  # T6 as reporters-db has it
        "No. 15-497",
        "2017-02-22",
        "Kagan",
    )


# --- unknown fields ------------------------------------------------------------------


def test_a_text_without_header_starts_at_zero_and_every_field_is_unknown():
    # cl2-3318411-shelton-v-hadlock starts straight with the opinion
    caption = read_caption(eval_text("cl2-3318411"))
    assert caption.body_start == 0
    assert caption.unknown == ("case_name", "court", "date", "docket", "citations", "judge")
    meta = detect_metadata(eval_text("cl2-3318411"), "shelton-v-hadlock")
    assert meta.case_name == "Shelton v. Hadlock"  # the stem stands in, and says so
    assert "case_name" in meta.unknown and meta.court_id is None


def test_fields_the_caption_gives_are_not_unknown():
    caption = read_caption(eval_text("cl2-1478091"))
    assert caption.unknown == ()
    assert (caption.case_name, caption.court_id, caption.date, caption.docket, caption.citations) == (
        "United States v. Anderson",
        "ca7",
        "1939-12-18",
        "No. 6896",
        ("108 F.2d 475",),
    )


# --- cost --------------------------------------------------------------------------


# The units below, repeated to make a caption longer; each from a real caption.
UNITS = [
    # cl1-147478: a party line, repeated within one cell
    "HUSSEIN AL-RIKABI, a/k/a HUSSEIN ALRIKABI, Defendant, Appellant, ",
    # st-clr-10832014: a two-column caption line, repeated as lines
    "M.J.S.,                                             :   No. 114151\n",
    # runs of docket, date and "v." shapes stress the bounded quantifiers
    "No. 08-2327-08-2327-08-2327 v. v. v. 12/12/12 ",
]


@pytest.mark.parametrize("unit", UNITS)
def test_a_caption_twice_as_long_costs_about_twice_as_much(unit):
    court = "United States Court of Appeals\nFor the First Circuit\n\n"
    body = "\n\nSELYA, Circuit Judge.  The procedural setting is mundane and we affirm the judgment below.\n"
    read_caption(court + unit + body)  # warm the caches (courts-db index, reporters)
    # From past the first look (FIRST_LOOK_CHARS) up: beyond HEAD_CHARS the head is cut off.
    reps = FIRST_LOOK_CHARS // len(unit) + 1
    two, four = growth(read_caption, *(court + unit * n * reps + body for n in (1, 2, 4)))
    assert two < 3.5
    assert four < 8.0


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize(
    "read", [docket_in, date_candidates, own_citations, judge_in, caption_case_name, publisher_case_name, layout]
)
def test_each_cell_reader_is_linear_in_its_input(read, unit):
    text = unit.replace("\n", " ") * 800  # big enough that the smallest input costs milliseconds, not timer noise
    read(text)
    two, four = growth(read, text, text * 2, text * 4)
    assert two < 3.5
    assert four < 8.0


@pytest.mark.parametrize(
    ("stem", "writing"),
    [
        ("slip-11-ginsburg-kawashima-v-holder", "dissenting"),
        ("slip-10-thomas-at-t-mobility-llc-v-concepcion", "concurring"),
        ("slip-10-the-court-at-t-mobility-llc-v-concepcion", None),
        ("slip-11-per-curiam-buck-v-thaler", "dissenting"),  # Sotomayor, dissenting from denial of certiorari
    ],
)
def test_a_separate_opinion_filed_on_its_own_says_so(stem, writing):
    path = CORPUS / f"{stem}.txt"
    if not path.exists():
        pytest.skip("the development corpus (shared/corpus) is not here")
    assert read_caption(path.read_text(encoding="utf-8")).writing == writing
