"""Propositions: the sentence each citation is cited for, read from real opinions."""

from __future__ import annotations

import gc
import time

import pytest

from kb.analysis import analyze_text
from kb.analysis.clean import clean_text
from kb.analysis.propositions import find_headings, find_sentences, is_explanatory

from .conftest import opinion_text


def sentences_for(extraction, key):
    return [p.text for p in extraction.propositions if extraction.references[p.ref].key == key and p.kind == "sentence"]


def test_a_governed_citation_leaves_its_short_form_so_the_sentence_reads(analyses):
    """Balogun: "filed this lawsuit under 28 U.S.C. § 2241 and the APA" must not read "under and the"."""
    texts = sentences_for(analyses["balogun-v-sessions"], "28 U.S.C. § 2241")
    assert any(
        t.startswith("So Plaintiff filed this lawsuit under § 2241 and the Administrative Procedure Act") for t in texts
    )


def test_a_case_named_after_in_keeps_its_name():
    # Minneci v. Pollard, 565 U.S. 118 (2012), slip opinion, Part II.
    text = (
        "And it found “no special factors counselling hesitation in the absence of affirmative action by Congress.” "
        "Id., at 396. In Davis v. Passman, 442 U. S. 228 (1979), the Court considered a former congressional "
        "employee’s claim for damages suffered as a result of her employer’s unconstitutional discrimination based "
        "on gender."
    )
    (text_for_davis,) = sentences_for(analyze_text(text), "442 U.S. 228")
    assert text_for_davis.startswith("In Davis, the Court considered a former congressional employee’s claim")


@pytest.mark.parametrize(
    ("stem", "heading", "next_sentence"),
    [
        ("flores-albarran-v-wong", "STANDARD OF REVIEW", "Defendants' motion challenges our jurisdiction"),
        ("flores-albarran-v-wong", "BACKGROUND", "Flores was removed from the United States in 1999"),
        ("balogun-v-sessions", "DISCUSSION", "If Defendants are right, the Court has no jurisdiction"),
        ("balogun-v-sessions", "II.", "BACKGROUND"),
    ],
)
def test_a_heading_line_is_a_sentence_of_its_own(stem, heading, next_sentence):
    clean = clean_text(opinion_text(stem))
    headings = find_headings(clean)
    assert heading in [clean.text[s:e] for s, e in headings]
    sentences = [clean.text[s:e] for s, e in find_sentences(clean.text, headings)]
    k = sentences.index(heading)
    assert sentences[k + 1].startswith(next_sentence)


def test_no_proposition_of_the_bundled_opinions_carries_a_heading(analyses):
    for extraction in analyses.values():
        for p in extraction.propositions:
            assert not p.text.startswith(("STANDARD OF REVIEW", "BACKGROUND", "DISCUSSION", "II.", "III.")), p.text


def test_a_page_number_alone_on_a_line_is_no_heading():
    # A slip opinion's page number, printed between the lines of one sentence.
    clean = clean_text(
        "Knight First Amendment Inst. v. U.S. Dep’t of Homeland Sec., 407 F. Supp. 3d 334 (2d\n11\nCir. 2011)."
    )
    assert find_headings(clean) == []


def test_a_citation_sentence_of_citation_words_is_no_proposition():
    # Plouffe v. New Pace, Inc. (1st Cir. 1994), and the shape the proposition
    # took in the store: "World Univ., Inc., slip op. at 13 (citing); see also, cert. denied".
    text = (
        "It is well settled that arguments made in a perfunctory manner below are deemed waived on appeal. "
        "See, e.g., World Univ., Inc., slip op. at 13 (citing Buenrostro v. Collazo, 973 F.2d 39, 44 (1st Cir. 1992)); "
        "see also McCoy v. Massachusetts Inst. of Technology, 950 F.2d 13, 22 (1st Cir. 1991), cert. denied, "
        "504 U.S. 910 (1992)."
    )
    extraction = analyze_text(text)
    for key in ("973 F.2d 39", "950 F.2d 13"):
        assert sentences_for(extraction, key) == [
            "It is well settled that arguments made in a perfunctory manner below are deemed waived on appeal."
        ]


def test_a_headnote_marker_ends_the_citation_sentence_before_it():
    # People v. Wade (Cal. Ct. App.): the citation sentence in parentheses, then headnote [5].
    text = (
        "The constitutional challenge to the validity of the prior convictions not having been raised in the "
        "trial court, such challenge may not be reviewed on direct appeal from the judgment. (People v. Merriam, "
        "66 Cal. 2d 390, 396-398 [58 Cal. Rptr. 1, 426 P.2d 161]; People v. Coffey, 67 Cal. 2d 204, 215-216 "
        "[60 Cal. Rptr. 457, 430 P.2d 15].)\n\n [5] The defendant contends that the prosecutor committed "
        "prejudicial misconduct."
    )
    (merriam,) = sentences_for(analyze_text(text), "66 Cal. 2d 390")
    assert merriam.startswith("The constitutional challenge to the validity of the prior convictions")


@pytest.mark.parametrize(
    ("parenthetical", "explains"),
    [
        ("noting that mandamus is an extraordinary remedy", True),
        ("no Bivens action available", True),
        (
            "Westfall Act immunizes federal employee through removal and substitution of United States as defendant",
            True,
        ),
        ("same", False),
        ("similar", False),
        ("1st Cir.", False),
        ("per curiam", False),
        ("dissenting opinion", False),
        ("opinion of KENNEDY, J.", False),
        ("STEVENS, J., dissenting", False),
        ("emphasis added", False),
        ("internal quotation marks omitted", False),
        ("collecting cases", False),
    ],
)
def test_only_explanatory_parentheticals_are_propositions(parenthetical, explains):
    assert is_explanatory(parenthetical) is explains


def _cost(fn, text: str) -> float:
    best = float("inf")
    gc.disable()
    try:
        for _ in range(5):
            start = time.process_time()  # CPU time: other jobs on the machine do not count
            fn(text)
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


PATHOLOGICAL = {
    "headings": "III\nA\nStandard Of Review Of Things\n" * 3 + "I\n" * 40,
    "boundaries": "v. U.S. Id. at 5.) [5] (a) [6] Cir. ] ) ” " * 20,
    "long line": "Title Case Words Go On " * 200 + "\n",
}


@pytest.mark.parametrize("family", sorted(PATHOLOGICAL))
def test_sentence_and_heading_cost_doubles_when_the_text_doubles(family):
    unit = PATHOLOGICAL[family] * (40_000 // len(PATHOLOGICAL[family]))

    def run(text: str) -> None:
        clean = clean_text(text)
        find_sentences(clean.text, find_headings(clean))

    base = _cost(run, unit)
    assert _cost(run, unit * 2) / base < 3.5
    assert _cost(run, unit * 4) / base < 8


def test_a_quotation_of_two_sentences_cited_at_its_end_is_one_proposition():
    # Andrews v. State (Fla. Dist. Ct. App.), quoting Archer v. State.
    text = (
        'Generally, "appellate counsel cannot be ineffective for failing to raise issues not preserved for appeal. '
        'The only exception to this rule is when the claim involves fundamental error." Archer v. State, 934 So. 2d '
        "1187, 1205 (Fla.2006) (citations omitted)."
    )
    (archer,) = sentences_for(analyze_text(text), "934 So. 2d 1187")
    assert archer.startswith('Generally, "appellate counsel cannot be ineffective for failing to raise issues')
    assert archer.endswith("the claim involves fundamental error.")


def test_a_paragraph_number_ends_the_citation_sentence_before_it():
    # In re Termination of Parental Rights (Wis. Ct. App. 2025): "¶33" opens the next paragraph.
    text = (
        "“[A]n attorney is not deficient for failing to pursue an ‘unsettled proposition of law.’” State v. "
        "Robinson, 2024 WI App 50, ¶32, 413 Wis. 2d 534, 12 N.W.3d 535 (citation omitted). ¶33 Amanda contends "
        "that the circuit court erred by considering the wrong factors at disposition."
    )
    (robinson,) = sentences_for(analyze_text(text), "2024 WI App 50")
    assert robinson.startswith("“[A]n attorney is not deficient for failing to pursue")


def test_a_rule_the_sentence_governs_reads_as_a_rule():
    # flores-albarran-v-wong: "... falls under Federal Rule of Civil Procedure 12(b)(1)." had become "under § 12(b)(1)"
    text = (
        "Defendants' motion challenges our jurisdiction and thus falls under Federal Rule of Civil Procedure 12(b)(1)."
    )
    (sentence,) = sentences_for(analyze_text(text), "Fed. R. Civ. P. 12(b)(1)")
    assert sentence == "Defendants' motion challenges our jurisdiction and thus falls under Rule 12(b)(1)."


def test_a_footnote_call_after_the_full_stop_is_not_the_propositions():
    # balogun-v-sessions: "... which the agency has the discretion to grant or deny.2 See 8 U.S.C. § 1227(d)(1)"
    text = opinion_text("balogun-v-sessions")
    start = text.index("That is why noncitizens")
    excerpt = text[start : text.index("241.6(a).", start) + len("241.6(a).")]
    (sentence,) = sentences_for(analyze_text(excerpt), "8 U.S.C. § 1227(d)(1)")
    assert sentence.endswith("the agency has the discretion to grant or deny.")


def test_a_slip_page_number_glued_to_the_next_line_is_not_part_of_the_proposition():
    # Rectrix Aerodrome Ctrs. v. Barnstable Mun. Airport Comm'n (1st Cir.), as printed: page "-9-" on its own line.
    text = (
        "The Sherman Act, said the Court, does not automatically forbid the\n\nstate from imposing restrictions on "
        "competition that private\n\ncitizens could not have adopted for themselves.                Id. at 351-52."
        "\n\n\n                                      -9-\nFrom this decision has flowed a host of refining decisions, one"
        "\n\nsubset of which is concerned with actions taken by municipalities. Town of Hallie v. City of Eau Claire,"
        " 471 U.S. 34 (1985)."
    )
    (sentence,) = sentences_for(analyze_text(text), "471 U.S. 34")
    assert sentence.startswith("From this decision has flowed a host of refining decisions")


def test_a_cut_citations_cert_denial_is_cut_too_and_united_states_is_no_short_form():
    # United States v. Simon (1st Cir.), as printed.
    text = (
        "     The  latter argument  is  expressly  foreclosed by  this\n\ncourt's decision  in United States v.  "
        "Ruiz-Batista, 956 F.2d\n                                                   \n\n351  (1st Cir.),  cert. denied,"
        "  113 S.  Ct. 105 (1992).   We"
    )
    (sentence,) = sentences_for(analyze_text(text), "956 F.2d 351")
    assert sentence == "The latter argument is expressly foreclosed by this court's decision in Ruiz-Batista."


def test_a_footnotes_own_number_does_not_open_its_proposition():
    # Skilling v. United States, 561 U.S. 358 (2010), slip opinion, footnote 18 after its citation of Hueftle.
    text = (
        "18 The parties disagree about whether a presumption of prejudice can\nbe rebutted, and, if it can, what "
        "standard of proof governs that issue. United States v. Hueftle, 687 F. 2d 1305, 1310 (CA10 1982)."
    )
    (sentence,) = sentences_for(analyze_text(text), "687 F.2d 1305")
    assert sentence.startswith("The parties disagree about whether a presumption of prejudice")


def test_a_parenthetical_of_parallel_cites_explains_nothing():
    # Baker v. State (Ga. Ct. App.): "Williams v.State, 105 Ga. 814, 816 (32 S.E. 129, 70 Am. St. Rep. 82)".
    assert not is_explanatory("32 S.E. 129, 70 Am. St. Rep. 82")
    assert not is_explanatory("1958 ed., Supp. III")
    assert is_explanatory("noting that mandamus is an extraordinary remedy")


def _sample_texts(count: int = 60) -> list[str]:
    from tests.conftest import CORPUS

    texts = [opinion_text(s) for s in ("balogun-v-sessions", "arango-v-usa-immigration", "flores-albarran-v-wong")]
    paths = sorted(CORPUS.glob("*.txt"))[:count] if CORPUS.is_dir() else []
    return texts + [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def test_sentence_boundaries_are_the_same_with_the_guard_before_the_lookbehind():
    import re

    from kb.analysis import propositions

    bare = re.compile(propositions._BOUNDARY.pattern.removeprefix(r"(?=[”\"’)\]\s])"))
    assert bare.pattern != propositions._BOUNDARY.pattern
    for text in _sample_texts():
        found = [m.span() for m in propositions._BOUNDARY.finditer(text)]
        assert found == [m.span() for m in bare.finditer(text)] and found


def test_a_cleanup_skipped_for_want_of_its_literal_could_not_have_matched():
    # _tidy runs a cleanup only on a text holding one of its literals: every match in real text holds one.
    from kb.analysis import propositions

    matched = 0
    texts = _sample_texts(30)
    for rx, _, literals in propositions._CLEANUP_LITERALS:
        if not literals:
            continue
        for text in texts:
            for m in rx.finditer(text):
                matched += 1
                assert any(lit in m.group() for lit in literals), (rx.pattern, m.group())
    assert matched > 20
