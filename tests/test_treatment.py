"""Treatment of each case reference, rule by rule, on real sentences of ../shared/corpus/opinions.

Each passage is copied from the corpus file named beside it (white space folded).
"""

from __future__ import annotations

import time

import pytest

from kb.analysis import analyze_text
from kb.analysis.treatment import _cues, _patterns


def treatments(text):
    return {r.key: (r.treatment, r.treatment_cue) for r in analyze_text(text).references if r.kind == "case"}


# (corpus file, passage, key, treatment, cue)
CASES = [
    # 1. history after the citation
    (
        "ets-10648001",
        "See 28 U.S.C. § 1915(e); McGore v. Wrigglesworth, 114 F.3d 601, 608 (6th Cir. 1997), overruled on other"
        " grounds by Jones v. Bock, 594 U.S. 199 (2007).",
        "114 F.3d 601",
        "overruled",
        "overruled on other grounds by",
    ),
    (
        "st-clr-9975723-i-s-v-i-s-s",
        "S.H. v. S.P., 10th Dist. No. 13AP-70, 2013- Ohio-3833, ¶ 22, citing Shover v. Cordis Corp., 61 Ohio St.3d"
        " 213, 220 (1991), overruled on other grounds in Collins v. Sotka, 81 Ohio St.3d 506 (1998).",
        "61 Ohio St. 3d 213",
        "overruled",
        "overruled on other grounds in",
    ),
    (
        "cl2-3100361-frank-king-powell-v-state",
        "In this case, however, appellate counsel filed his motion to withdraw with the trial court in accordance"
        " with Sowels v. State, 45 S.W.3d 690, 692 (Tex. App.—Waco 2001, no pet.), overruled in part by Meza v."
        " State, 206 S.W.3d 684, 689 (Tex. Crim. App. 2006).",
        "45 S.W.3d 690",
        "overruled",
        "overruled in part by",
    ),
    # ... or in a parenthetical of its own
    (
        "ets-4642033",
        "Becker v. Nebraska Acct. & Disclosure Comm., 249 Neb. 28, 541 N.W.2d 36 (1995); Leach v. Dept. of Motor"
        " Vehicles, 213 Neb. 103, 327 N.W.2d 615 (1982) (superseded by statute as stated in Candyland, LLC, supra"
        " note 10).",
        "213 Neb. 103",
        "overruled",
        "superseded",
    ),
    # 2. a negative cue bound to the citation in its sentence
    (
        "cl2-2610782-state-v-wright",
        "[13] State v. Crane, 46 Or. App. 547, 612 P.2d 735, rev. den. 298 Or. 903 (1980), is disapproved to the"
        " extent that it is inconsistent with this opinion.",
        "46 Or. App. 547",
        "overruled",
        "is disapproved",
    ),
    (
        "cl1-194649-united-states-v-uribe",
        "United States v. Cannistraro, 871 F.2d 1210 (3d Cir. 1989), on which appellant relies, is distinguishable."
        " There, the court held that appellant's sentence was not disproportionate.",
        "871 F.2d 1210",
        "distinguished",
        "is distinguishable",
    ),
    (
        "cl1-195091-united-states-v-mount",
        "Appellant's reliance on Halliday v. United States, 380 F.2d 270 (1st Cir. 1967), is misplaced.",
        "380 F.2d 270",
        "distinguished",
        "is misplaced",
    ),
    (
        "cl1-176947-tevlin-v-spencer",
        "Unlike the case of Wilson v. Mazzuca, 570 F.3d 490 (2d Cir. 2009), relied on by Tevlin, this is not a"
        " situation in which trial counsel made “incomprehensible” choices.",
        "570 F.3d 490",
        "distinguished",
        "Unlike",
    ),
    (
        "cl1-195422-united-states-v-perez-santana",
        "The cases that appellant relies upon, Johnson v. Williford, 682 F.2d 868 (9th Cir. 1982) and"
        " Corniel-Rodriguez v. I.N.S., 532 F.2d 301 (2d Cir. 1976), are inapposite.",
        "532 F.2d 301",
        "distinguished",
        "are inapposite",
    ),
    (
        "cl2-272377-tony-delduca-doing-business-as-delduca-trucking-service-v-un",
        "We are not persuaded by the opinion of the Supreme Court of Florida in Massachusetts Bonding & Insurance Co."
        " v. Bryant, Fla., 189 So. 2d 614, decided on April 27, 1966.",
        "189 So. 2d 614",
        "declined",
        "We are not persuaded by",
    ),
    # 4. mentioned: a contrary signal, a party's citation
    (
        "cl1-148334-gonzalez-fuentes-v-molina",
        "But see Montez v. McKinna, 208 F.3d 862, 865 (10th Cir. 2000) (stating the minority view that state"
        " prisoners need not comply with § 2254 when attacking the execution of a sentence).",
        "208 F.3d 862",
        "mentioned",
        "but see",
    ),
    (
        "st-capil-5594271-people-v-glisson",
        "In support of her argument that this testimony is insufficient, the defendant cites People v. Hagberg, 192"
        " Ill. 2d 29, 733 N.E.2d 1271 (2000); People v. Jones, 174 Ill. 2d 427, 675 N.E.2d 99 (1996); People v."
        " Newberry, 166 Ill. 2d 310, 652 N.E.2d 288 (1995); and People v. Brown, 3 Ill. App. 3d 879, 279 N.E.2d"
        " 382 (1972).",
        "3 Ill. App. 3d 879",  # the last of the string: the party's citation reaches across it
        "mentioned",
        "the defendant cites",
    ),
    # 6. followed, with its signal as the cue
    (
        "cl1-148334-gonzalez-fuentes-v-molina",
        "See Montez v. McKinna, 208 F.3d 862, 865 (10th Cir. 2000).",
        "208 F.3d 862",
        "followed",
        "see",
    ),
]


@pytest.mark.parametrize(("source", "text", "key", "treatment", "cue"), CASES, ids=[c[0][:40] for c in CASES])
def test_treatment_and_cue_of_real_sentences(source, text, key, treatment, cue):
    assert treatments(text)[key] == (treatment, cue)


# 3. a cue naming a case its sentence does not cite: the last reference to that case before it
NAMED = [
    (
        "cl1-194574-paris-v-us-dept",
        "On appeal, we reversed the award. Guglietti v. Secretary of Health & Human Servs., 900 F.2d 397, 403 (1st"
        " Cir. 1990). We reasoned that because plaintiff was just one of thousands of similar claims, the"
        " relationship between the litigation and Congress' action was too tenuous to be considered the"
        ' "provocative" cause of legislation. This case is clearly distinguishable from Guglietti, however.',
        "900 F.2d 397",
        "distinguished",
    ),
    (
        "cl1-177518-united-states-v-overseas-shipholding-group-inc",
        "Hawthorn’s argument is premised on the Fifth Circuit’s holding in Brown v. Watkins Motor Lines, Inc., 596"
        " F.2d 129, 131 (5th Cir. 1979). In Brown, the Fifth Circuit held that where the parties agreed to the fee"
        " arrangement there was no case or controversy. Id. We disagree with Brown, and its approach has been"
        " previously rejected by this court.",
        "596 F.2d 129",
        "declined",
    ),
    (
        "cl2-2741328-united-states-v-theofanis-mavroudis",
        "Mavroudis specifically relies on United States v. Smith, 472 F.3d 222, 226 (4th Cir. 2006) (holding that a"
        " district court “cannot impose its sentence consecutively to a sentence that does not yet exist”). However,"
        " the Supreme Court’s subsequent ruling in Setser v. United States, 132 S. Ct. 1463 (2012), implicitly"
        " overruled Smith.",
        "472 F.3d 222",
        "overruled",
    ),
    (
        "slip-09-per-curiam-wilkins-v-gaddy",
        "I agree with the Court that the Fourth Circuit’s Eighth Amendment analysis is inconsistent with Hudson v."
        " McMillian, 503 U. S. 1 (1992). But I continue to believe that Hudson was wrongly decided.",
        "503 U.S. 1",
        "criticized",
    ),
    (
        "cl1-194513-united-states-v-tunde-akinola",
        "The prosecutor's remark in United States v. Skandier, 758 F.2d 43 (1st Cir. 1985), was improper. Id. at 45."
        " Unlike Skandier, however, the prosecutor's remark here was clearly aimed at the evidence, rather than at"
        " the defendant.",
        "758 F.2d 43",
        "distinguished",
    ),
]


@pytest.mark.parametrize(("source", "text", "key", "treatment"), NAMED, ids=[c[0][:40] for c in NAMED])
def test_a_cue_naming_the_case_treats_its_last_reference(source, text, key, treatment):
    refs = [r for r in analyze_text(text).references if r.key == key]
    assert refs[-1].treatment == treatment
    assert all(r.treatment != treatment for r in refs[:-1])


# Real sentences that look negative and are not: no red flag may come of them.
NOT_NEGATIVE = [
    # "not unlike" says the cases are alike
    (
        "cl1-194486-united-states-v-aversa",
        "The situation presented by these charges is not unlike that in McNally v. United States, 483 U.S. 350"
        " (1987), in which the Supreme Court reversed a unanimous litany of circuit court decisions.",
    ),
    # a party's argument, not the court's view
    (
        "cl2-859150-united-states-v-david-nicklas",
        "Nicklas argues this statement from Black suggests the Supreme Court requires proof. Virginia v. Black, 538"
        " U.S. 343, 359 (2003). In response, the government argues Black is not on point because it dealt with a"
        " crime that already required intent.",
    ),
    (
        "cl1-195487-united-states-v-martinez",
        "Defendant concedes that the sentence imposed upon him comports with United States v. O'Neil, 11 F.3d 292,"
        " 302 (1st Cir. 1993). He argues, however, that O'Neil was wrongly decided.",
    ),
    # other courts' declining is not this court's
    (
        "cl1-150718-san-juan-cable-llc-v-puerto-rico-telephone",
        "OneLink's argument against the stare decisis effect of New England Tel. & Tel. Co. v. Public Utils. Comm'n"
        " of Maine, 742 F.2d 1 (1st Cir. 1984), has another dimension. It commends to our attention some lower"
        " court decisions that decline to follow New England Telephone.",
    ),
    # negated or hypothetical
    (
        "ets-4642033",
        "See Concordia Teachers College v. Nebraska Dept. of Labor, 252 Neb. 504, 563 N.W.2d 345 (1997). OER did"
        " not ask that we overrule Concordia Teachers College, and, even if it had, it would have to overcome the"
        " doctrine of legislative acquiescence.",
    ),
    # the overruled case ("Grady") is not the citation that follows the sentence
    (
        "cl1-195118-united-states-v-welch",
        "One year after Felix, the Supreme Court explicitly overruled Grady. United States v. Dixon, 113 S. Ct."
        " 2849, 2860 (1993).",
    ),
    # a point of error is overruled, not a case
    (
        "cl2-2438932-gale-v-state",
        "See Palafox v. State, 608 S.W.2d 177 (Tex.Crim.App.1979). We believe this is a conclusion that could have"
        " been reached by a rational trier of fact. Appellant's first point of error is overruled.",
    ),
]


@pytest.mark.parametrize(("source", "text"), NOT_NEGATIVE, ids=[c[0][:40] for c in NOT_NEGATIVE])
def test_no_red_flag_without_words_bound_to_the_case(source, text):
    assert {t for t, _ in treatments(text).values()} <= {"followed", "mentioned", "explained"}


def test_an_earlier_decision_in_the_same_case_is_mentioned():
    # st-capil-5594271-people-v-glisson: the opinion's own earlier appeal
    from kb.analysis import analyze_document
    from kb.models import Document, OpinionMeta

    text = "On the defendant's first appeal to this court, we reversed her conviction for theft. People v. Glisson,"
    text += " 324 Ill. App. 3d 249, 253, 754 N.E.2d 444, 448 (2001)."
    doc = Document("<text>", "glisson", text, "", OpinionMeta(case_name="People v. Glisson"))
    (ref,) = analyze_document(doc).references
    assert (ref.treatment, ref.treatment_cue) == ("mentioned", "prior decision in this case")


def test_statutes_have_no_treatment():
    refs = analyze_text("We decline to follow 8 U.S.C. § 1252(g).").references
    assert [r.treatment for r in refs] == [None]


@pytest.mark.parametrize("pattern", [c.rx for c in _cues()] + list(_patterns().values()))
def test_cue_patterns_stay_linear_when_the_text_doubles(pattern):
    # The worst real input for a cue is a long run of the words it is made of.
    unit = "we hereby now expressly also the the is are not persuaded by unlike that in Smith, " * 200
    timings = []
    for n in (1, 4):
        text = unit * n
        best = float("inf")
        for _ in range(3):  # the best of three: a busy machine only slows a run down
            start = time.perf_counter()
            list(pattern.finditer(text))
            best = min(best, time.perf_counter() - start)
        timings.append(best)
    assert timings[1] < 8 * timings[0] + 0.05
