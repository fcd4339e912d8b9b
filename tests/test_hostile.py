"""Property-based: random and mutated real opinion text through the whole pipeline raises nothing but KbError.

Inputs are the real opinions in data/opinions and tests/eval/opinions, damaged
the ways real files are (spans lost, repeated or moved; citation punctuation,
controls, bidi marks and BOMs inserted; newlines changed), and random bytes.
Bounded (few examples, no deadline) so the suite stays fast; the longer
campaign through the command line is scripts/hostile.py.
"""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.analysis import analyze_text
from kb.errors import KbError
from kb.graph import build_graph
from kb.ingest import ingest_paths
from kb.load import decode, document_from_bytes
from kb.query import list_opinions, table_of_authorities
from kb.store import connect
from tests.conftest import OPINIONS, ROOT
from tests.growth import growth

logging.getLogger("eyecite").setLevel(logging.ERROR)

TEXTS = [
    p.read_text(encoding="utf-8")
    for p in sorted([*OPINIONS.glob("*.txt"), *(ROOT / "tests/eval/opinions").glob("*.txt")])
]
HOSTILE = "§¶()[]{}.,;:'\"-–—*_%=+@<>&\\/\n\t\r\x0c\x0b\x00\u200b\u202e\ufeff\u00a0\U0001f600"
WORDS = [
    "v.",
    "Id.",
    "id. at",
    "supra",
    "U.S.",
    "F.3d",
    "S. Ct.",
    "§§",
    "Fed. R. Civ. P.",
    "at *3",
    "(7th Cir. 2002)",
    "(quoting",
    "See, e.g.,",
    "123",
    "U.S.C.",
    "Case 2:18-cv-03368 Document 42 Filed 08/31/18 Page 3 of 12",
]
# Spans stay small: extraction time grows faster than the text (docs/reliability.md).
MAX_SPAN = 3000
BOUNDED = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

junk = st.text(alphabet=HOSTILE + "abcxyzABC 0123456789", max_size=200)
words = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)


@st.composite
def mutated_opinions(draw: st.DrawFn) -> str:
    """A slice of a real opinion with a few damaging edits."""
    text = draw(st.sampled_from(TEXTS))
    start = draw(st.sampled_from([0, len(text) // 3, max(0, len(text) - 5000)]))
    text = text[start : start + draw(st.sampled_from([0, 300, 3000, 12_000, 30_000]))]
    for _ in range(draw(st.integers(1, 5))):
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + MAX_SPAN)))
        op = draw(st.sampled_from(["drop", "repeat", "junk", "words", "move", "newlines", "case"]))
        if op == "drop":
            text = text[:i] + text[j:]
        elif op == "repeat":
            text = text[:j] + text[i:j] * draw(st.integers(2, 4)) + text[j:]
        elif op == "junk":
            text = text[:i] + draw(junk) + text[i:]
        elif op == "words":
            text = text[:i] + draw(words) + text[i:]
        elif op == "move":
            text = text[i:j] + text[:i] + text[j:]
        elif op == "newlines":
            text = text.replace("\n", draw(st.sampled_from([" ", "", "\r", "\n\n\n"])))
        else:
            text = text.upper() if draw(st.booleans()) else text.lower()
    return text


def only_kb_errors(fn, *args):  # type: ignore[no-untyped-def]
    try:
        return fn(*args)
    except KbError:
        return None


@BOUNDED
@given(st.one_of(mutated_opinions(), st.text(alphabet=HOSTILE + "abc v. 123 U.S. F.3d", max_size=2000)))
def test_analysis_of_damaged_text_raises_nothing_but_kb_errors(text):
    only_kb_errors(analyze_text, text)


@BOUNDED
@given(st.binary(max_size=4000))
def test_decoding_random_bytes_raises_nothing_but_input_errors(data):
    only_kb_errors(decode, data, Path("random.txt"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
sidecars = st.dictionaries(
    st.sampled_from(["case_name", "court", "court_id", "date", "docket", "citations", "judge", "other"]),
    json_values | st.lists(st.text(max_size=30), max_size=3),
    max_size=5,
)


@BOUNDED
@given(text=mutated_opinions(), sidecar=st.one_of(st.none(), sidecars, json_values))
def test_damaged_opinions_and_sidecars_through_the_store_raise_nothing_but_kb_errors(text, sidecar):
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        f = d / "hostile.txt"
        f.write_bytes(text.encode("utf-8", "surrogatepass"))
        if sidecar is not None:
            f.with_suffix(".json").write_text(json.dumps(sidecar))
        if only_kb_errors(document_from_bytes, f, f.read_bytes()) is None:
            return  # refused with a one-line error: nothing reaches the store
        conn = connect(d / "kb.sqlite")
        report = ingest_paths(conn, [f])
        for failed in report.failed:
            assert "please report it" not in (failed.error or ""), failed.error
        # Whatever was stored must read back through every query.
        list_opinions(conn)
        table_of_authorities(conn)
        build_graph(conn)
        conn.close()


# ---------------------------------------------------------------------------
# Size doubling: each family of text that once made a regex or a loop
# superlinear, timed at n, 2n and 4n (tests/growth.py). Linear work gives about
# (2, 4); the families below gave (4, 16) or worse before their fixes. Sizes
# are the smallest at which the old cost showed, so each test runs in seconds.

GROWTH_BOUNDS = (3.5, 8.0)


def assert_linear(read, small: str, double: str, quadruple: str, rounds: int = 3) -> None:  # type: ignore[no-untyped-def]
    two, four = growth(read, small, double, quadruple, rounds=rounds)
    assert two < GROWTH_BOUNDS[0] and four < GROWTH_BOUNDS[1], (two, four)


def test_dropping_overlaps_costs_the_citations_not_their_square():
    from kb.analysis.extract import _drop_overlaps
    from kb.models import Cite

    def cites(text: str) -> list[Cite]:  # disjoint spans: each one kept
        return [Cite("case", "full", k * 10, k * 10 + 8, source="eyecite") for k in range(len(text))]

    assert_linear(lambda t: _drop_overlaps(cites(t)), "x" * 2000, "x" * 4000, "x" * 8000)


def test_dropping_overlaps_keeps_the_more_specific_of_two_overlapping_citations():
    from kb.analysis.extract import _drop_overlaps
    from kb.models import Cite

    case = Cite("case", "full", 10, 30, source="eyecite")
    other = Cite("other", "full", 20, 40)
    inside = Cite("record", "record", 12, 12)  # empty, strictly inside the case: overlaps it
    at_edge = Cite("record", "record", 30, 30)  # empty, at the case's end: does not
    after = Cite("statute", "full", 30, 35)
    assert _drop_overlaps([other, inside, at_edge, after, case]) == [case, at_edge, after]


@pytest.mark.parametrize(
    ("family", "unit", "n"),
    [
        ("a run of citations with no full stop", "See Sharif v. Ashcroft, 280 F.3d 786, 790 (7th Cir. 2002); ", 100),
        ("bare sections", "section 1, ", 400),
        ("a section list", ", 1", 500),
        ("Id. repeated", "Id. ", 500),
        ("rules", "Rule 12(b)(6) ", 400),
        ("citations with parentheticals", "See A v. B, 1 U.S. 1 (1990) (citing C v. D, 2 U.S. 2). ", 100),
        ("a run of A.", "A.", 2000),
    ],
)
def test_analysis_grows_linearly_with_a_pathological_family(family, unit, n):
    head = "See § 1" if family == "a section list" else ""
    assert_linear(analyze_text, *(head + unit * n * k for k in (1, 2, 4)))


def test_footnote_call_before_a_run_of_capitals_is_linear():
    from kb.analysis.clean import clean_text

    # Every split of the capitals into four words was tried: the fourth power of the run.
    assert_linear(clean_text, *(("petition1 " + "A" * n + "\n") * 20 for n in (60, 120, 240)))


def test_footnote_call_before_a_volume_is_still_not_a_call():
    from kb.analysis.clean import clean_text

    assert clean_text("As held in Smith1 Cal. App. 4th 5, the rule").footnote_calls == ()
    assert clean_text("the petition1 Then the court").footnote_calls != ()


def test_an_overlong_sentence_is_cut_at_a_space():
    from kb.analysis.propositions import MAX_SENTENCE_CHARS, find_sentences

    text = " ".join(["word"] * (MAX_SENTENCE_CHARS // 2))
    spans = find_sentences(text)
    assert len(spans) > 1
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    assert all(text[s] != " " and text[e - 1] != " " for s, e in spans)
    assert " ".join(text[s:e] for s, e in spans) == text


def test_reference_citations_are_searched_once_per_case_not_once_per_citation():
    # eyecite searches the rest of the document for "Name at 787" after every full citation:
    # a line of 2,000 full citations of one case spent 26 s there (docs/reliability.md)
    from types import SimpleNamespace

    from kb.analysis.eyecite_hooks import pincited_reference_citations

    unit = "See Sharif v. Ashcroft, 280 F.3d 786, 790 (7th Cir. 2002); "

    def read(text: str) -> None:
        text = text + "Sharif at 787."  # one reference at the end, found after every citation
        for end in range(len(unit), len(text) - 14, len(unit)):
            meta = SimpleNamespace(plaintiff="Sharif", defendant="Ashcroft")
            found = pincited_reference_citations(SimpleNamespace(metadata=meta, span=lambda e=end: (0, e)), text)
            assert [r.data for r in (f.token for f in found)] == ["Sharif at 787"]

    assert_linear(read, unit * 500, unit * 1000, unit * 2000)


def test_many_defined_provision_names_cost_the_text_not_its_square():
    unit = "See 28 U.S.C. § 2412(d) (hereinafter subsection (d)). subsection (d). "
    assert_linear(analyze_text, *(unit * 100 * k for k in (1, 2, 4)))
