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
    (
        "slip-09-the-court-levin-v-commerce-energy-inc",
        "In so ruling, we distinguish Hibbs v. Winn, 542 U. S. 88 (2004), in which the Court held that neither the"
        " TIA nor the comity doctrine barred a federal district court from adjudicating an Establishment Clause"
        " challenge to a state tax credit.",
        "542 U.S. 88",
        "distinguished",
        "we distinguish",
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
    # a concession that goes on to distinguish still distinguishes
    (
        "cl1-195333-murphy-v-timberlane-regional",
        "The Hall court assumed, arguendo, that a five-year limitation applied, but found the action time-barred in"
        " any event. Hall v. Knott County Bd. of Educ., 941 F.2d 402, 408-09 (6th Cir. 1991). Although Hall is"
        " distinguishable from the present action on a number of grounds, the most cogent distinction is that the"
        " present dispute involves a total denial of all special education services.",
        "941 F.2d 402",
        "distinguished",
    ),
    # a "nonetheless" deep in a later sentence answers that sentence's own concession, not the distinction
    (
        "cl1-194570-watkins-v-ponte",
        "The trial court's statement came close to the instruction we censured in Dunn v. Perrin, 570 F.2d 21, 24"
        " (1st Cir.), cert. denied, 437 U.S. 910 (1978). While a poor formulation, this instruction essentially"
        " asked the jurors to seriously pursue the truth. Appellant's reliance on Dunn is misplaced. With respect to"
        " the other errors alleged, it is true that the trial judge indicated that a mathematical certainty was not"
        " possible. The trial judge nonetheless exhorted the jury to be as certain as humanly possible.",
        "570 F.2d 21",
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
    # (tests/eval/treatment_corpus_review.tsv: the red flags the corpus review found wrong)
    # a distinction reported from an earlier decision: its own past tense, or another court's holding
    (
        "cl1-194529-us-v-castellone",
        "In United States v. Wood, 924 F.2d 399 (1st Cir. 1991), the defendant was convicted of one narcotics sale."
        " Subsequently, we upheld a district court's decision to include as relevant conduct drug sales between the"
        " defendant's coconspirator and an undercover agent. United States v. Garcia, 954 F.2d 12, 16-17 (1st Cir."
        " 1992). We therefore distinguished Wood on the ground that \"Garcia's agreement with his coconspirator []"
        ' could reasonably be said to transcend the initial series of transactions." Id. Here, with Wood and Garcia'
        " as our guideposts, we find that Castellone was sufficiently detached from the third sale.",
    ),
    (
        "cl1-194794-united-states-v-american-heart",
        "An attempt to secure services from the government at reduced rates may be just as fraudulent, but at least"
        ' judged by "normal usage or understanding," United States v. McNinch, 356 U.S. 595, 598 (1958), it is not a'
        ' "claim for payment or approval" of payment. United States v. Neifert-White Co., 390 U.S. 228 (1968), held'
        " that the False Claims Act did apply to a falsified loan application made to a federal agency where, unlike"
        " McNinch, the false statement was made to obtain money.",
    ),
    (
        "slip-10-breyer-davis-v-united-states",
        "In 2009, in Arizona v. Gant, 556 U. S. 332, this Court held that a police search of an automobile without a"
        " warrant violates the Fourth Amendment if the police have previously removed the automobile’s occupants."
        " The Court goes on, however, to decide how Gant’s new rule will apply. And here it adds a fatal twist. While"
        " conceding that, like the search in Gant, this search violated the Fourth Amendment, it holds that, unlike"
        " Gant, this defendant is not entitled to a remedy.",
    ),
    (
        "st-capfc-122NE3d432-people-of-the-state-of-illinois-plaintiff-appellee-v-rodney",
        "The State further contends that this court recently found that a registrant under SORA does not have"
        " standing, citing In re A.C., 2016 IL App (1st) 153047, ¶ 24, distinguishing People v. Avila-Briones, 2015"
        " IL App (1st) 132221, ¶¶ 17-20. This court noted that unlike in Avila-Briones, application of the"
        ' "penalty" provision of section 10 was not automatically being applied.',
    ),
    (
        "cl1-195260-moret-rivera-v-shhs",
        "We think that a single complaint of numbness and spasm does not undermine the ALJ's conclusion that"
        " claimant retained the RFC to perform sedentary work during the insured period. See Gordils v. Secretary"
        " of Health and Human Services, 921 F.2d 327, 329 (1st Cir. 1990). We expressly limited our holding in"
        " Gordils to sedentary work.",
    ),
    # a contrast with a court's or a judge's reasoning, not with the case's facts
    (
        "cl1-194775-skidgel-v-maine-hhs",
        "The detailed analysis corroborated that court's initial reading of the rule to require the inclusion of"
        " non-needy children in the family filing unit. See Gorrie v. Bowen, 809 F.2d 508, 513-16 (8th Cir. 1987)."
        " Unlike the court in Gorrie, the district court in the instant case stopped with its reading of 607(a).",
    ),
    (
        "cl1-194628-sterling-suffolk-v-burrillville-racing",
        "Sterling Suffolk Racecourse Ltd. P'ship v. Burrillville Racing Ass'n, 802 F. Supp. 662 (D.R.I. 1992). We"
        " think it is advisable to begin by remarking a point of disagreement. Unlike Judge Lagueux, 802 F. Supp. at"
        " 667, we believe Congress, even though it did not choose to confer a private right of action, nevertheless"
        " designed section 3004(b)(1)(A) for the benefit of 60-mile tracks.",
    ),
    # a distinction conceded: in the clause it opens, or answered in the next sentences
    (
        "cl2-4211842-state-v-mayes",
        "Our Supreme Court made clear, in State v. Phillips, 2017-NMSC-019, ¶ 15, that the district court possesses"
        " significant discretion to clarify the jurors’ ambiguous responses. While Phillips is factually"
        " distinguishable because it dealt with a jury that could not reach a unanimous verdict, the Court’s"
        " discussion of larger concepts, including a judge’s obligation to clarify ambiguities in a jury’s verdict"
        " and the finality of a verdict, is helpful to our analysis here.",
    ),
    (
        "slip-09-the-court-padilla-v-kentucky",
        "In Hill v. Lockhart, 474 U. S. 52, 58 (1985), the Court recognized—for the first time—that Strickland"
        " applies to advice respecting a guilty plea. It is true that Hill does not control the question before us."
        " But its import is nevertheless clear.",
    ),
    (
        "cl1-194557-cok-v-family",
        "We so held on very similar facts in Unauthorized Practice of Law Committee v. Gordon, 979 F.2d 11 (1st Cir."
        " 1992). The same result applies here. Unlike the plaintiff in Unauthorized Practice, Cok filed, within the"
        " ten days normally reserved for objecting to a magistrate's report and recommendation, a motion to"
        " reconsider the order granting the motion to remand. The district court held a hearing on the motion, and"
        ' "affirmed" the magistrate\'s remand order. Nonetheless, as discussed in Unauthorized Practice, id. at'
        " 13-14, the order is not reviewable.",
    ),
    # a quotation of another court opened before the sentence's own closing quote
    (
        "cl2-250490-george-f-powell-v-st-louis-dairy-company-a-corporation",
        "In Bauserman v. Blunt, 147 U.S. 647 (1893), the court quoted with approval this language: `The"
        " construction given to a statute of a state by the highest judicial tribunal of such state is regarded as a"
        ' part of the statute.\'" (Emphasis supplied.) 20 The court also stated, 191 F.2d at page 914: 21 "We think'
        " plaintiff's reliance upon Chattanooga Foundry & Pipe Works v. City of Atlanta, 203 U.S. 390, 27 S. Ct. 65,"
        ' 51 L. Ed. 241 is misplaced. The District Court properly dismissed the suit."',
    ),
    # a condition
    (
        "slip-09-scalia-ontario-v-quon",
        "There is room for reasonable debate as to which of the two approaches advocated by Justices whose votes"
        " supported the judgment in O’Connor v. Ortega, 480 U. S. 709 (1987), is controlling. But unless O’Connor is"
        " overruled, it is assuredly false that a test that would have produced the opposite result in that case is"
        " still in the running.",
    ),
]


@pytest.mark.parametrize(("source", "text"), NOT_NEGATIVE, ids=[c[0][:40] for c in NOT_NEGATIVE])
def test_no_red_flag_without_words_bound_to_the_case(source, text):
    # (a citation kb cannot key, "191 F.2d at page 914", carries no treatment at all)
    assert {t for t, _ in treatments(text).values()} - {None} <= {"followed", "mentioned", "explained"}


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


def test_every_cue_has_triggers_and_every_match_in_the_corpus_holds_one():
    # A sentence is searched for a cue only when it holds one of the cue's triggers: a trigger read
    # wrongly off a pattern would hide a cue. Every match of every cue in corpus text must hold one.

    from tests.conftest import CORPUS

    paths = sorted(CORPUS.glob("*.txt"))[:300] if CORPUS.is_dir() else []
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    texts.append("We decline to follow Smith. Unlike Jones, this case is distinguishable from Doe; it was overruled.")
    matched = 0
    for cue in _cues():
        assert cue.triggers, cue.rx.pattern
        for text in texts:
            for m in cue.rx.finditer(text):
                matched += 1
                assert any(t in m.group() for t in cue.triggers), (cue.triggers, m.group())
    assert matched > 100
