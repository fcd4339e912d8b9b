"""The point each reference is cited for.

For a citation sentence (``See Sharif, 280 F.3d at 787.``) the proposition is
the textual sentence before it; for an inline cite, the sentence it ends or
sits in; a string cite shares one proposition across its authorities. The
citation text itself is cut out. An explanatory parenthetical is a second
proposition, attributed to the cited authority. A citation nested in another
citation's parenthetical shares its owner's sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from kb.models import Cite, CleanText, Proposition, Reference

# A sentence with fewer words than this, once citations are cut out, is a
# citation sentence ("See id.", "Accord Smith."), not a proposition.
MIN_PROPOSITION_WORDS = 4
# How many citation sentences back the search for the textual sentence goes.
MAX_SENTENCES_BACK = 3

_BOUNDARY = re.compile(r"(?<=[.?!])[”\"’)\]]*\s+(?=[“\"(\[]?[A-Z])")
_ABBREVIATIONS = frozenset(
    [
        "v.",
        "U.S.",
        "Cir.",
        "Ct.",
        "No.",
        "Nos.",
        "Inc.",
        "Co.",
        "Corp.",
        "Dep't.",
        "Mr.",
        "Ms.",
        "Mrs.",
        "Dr.",
        "St.",
        "Jr.",
        "Sr.",
        "e.g.",
        "i.e.",
        "cf.",
        "Cf.",
        "Id.",
        "id.",
        "Stat.",
        "Supp.",
        "App.",
        "Fed.",
        "Fla.",
        "Cal.",
        "Ill.",
        "Mass.",
        "Conn.",
        "Dist.",
        "Sec.",
        "Gen.",
        "Admin.",
        "art.",
        "amend.",
        "cl.",
        "ch.",
        "pt.",
        "para.",
        "Ex.",
        "Compl.",
        "Opp'n.",
        "al.",
        "etc.",
        "Jan.",
        "Feb.",
        "Mar.",
        "Apr.",
        "Aug.",
        "Sept.",
        "Oct.",
        "Nov.",
        "Dec.",
    ]
)
_SIGNAL_HEAD = re.compile(
    r"^\s*(?:(?:see,?\s+e\.g\.,?|see also|see generally|but see|but cf\.|cf\.|compare|accord|contra|e\.g\.,|see)\s+)+",
    re.IGNORECASE,
)
_CLEANUP = [
    (re.compile(r"\s+([,;.:)])"), r"\1"),
    (re.compile(r"([;,])\s*(?:[;,]\s*)+"), r"\1 "),
    (re.compile(r"[;,]\s*([.?!])"), r"\1"),
    (re.compile(r"^[\s.;,:)\]]+"), ""),
    (re.compile(r"(?:[;,]\s*|\s+)(?:see(?:\s+also)?|cf\.|e\.g\.,?|accord|compare)\s*\.?\s*$", re.IGNORECASE), ""),
    (re.compile(r"\(\s*\)"), ""),
    (re.compile(r"\s{2,}"), " "),
]


def find_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``, not splitting after legal abbreviations."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[max(start, m.start() - 12) : m.start()].split()
        word = before[-1] if before else ""
        word = word.rstrip('”"’)]')
        if word in _ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.)+|[A-Z][a-z]?\.", word):
            continue
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def attach_propositions(
    references: tuple[Reference, ...], cites: list[Cite], clean: CleanText
) -> tuple[tuple[Reference, ...], tuple[Proposition, ...]]:
    """Fill each reference's ``sentence`` and list the propositions to store.

    Args:
        references: resolved references, each linked to its citation by ``cite_index``.
        cites: the extracted citations (record cites included).
        clean: the cleaned opinion.

    Returns:
        The references with ``sentence`` set, and their propositions, with
        offsets in the original text.
    """
    from dataclasses import replace

    masked = _mask(clean.text, cites)
    sentences = find_sentences(clean.text)
    starts = [s for s, _ in sentences]
    out_refs: list[Reference] = []
    rows: list[Proposition] = []
    sentence_of: dict[int, tuple[str, int, int] | None] = {}
    for n, ref in enumerate(references):
        cite = cites[ref.cite_index] if ref.cite_index is not None else None
        chosen: tuple[str, int, int] | None = None
        if cite is not None and cite.owner is not None:
            chosen = sentence_of.get(cite.owner)
        elif cite is not None:
            chosen = _proposition(masked, sentences, starts, cite.start)
        if ref.cite_index is not None:
            sentence_of[ref.cite_index] = chosen
        if chosen:
            text, s, e = chosen
            os_, oe = clean.span_to_original(s, e)
            ref = replace(ref, sentence=text, sentence_start=os_, sentence_end=oe)
            if ref.form != "bare":
                rows.append(Proposition(n, "sentence", text, ref.pin_cite, os_, oe))
        if ref.parenthetical:
            rows.append(Proposition(n, "parenthetical", ref.parenthetical, ref.pin_cite, ref.start, ref.end))
        out_refs.append(ref)
    return tuple(out_refs), tuple(rows)


def _mask(text: str, cites: list[Cite]) -> str:
    """``text`` with every citation (not bare mentions) blanked to spaces."""
    chars = list(text)
    for c in cites:
        if c.form == "bare":
            continue
        end = max(c.end, c.core_end)
        chars[c.start : end] = " " * (end - c.start)
    return "".join(chars)


def _proposition(
    masked: str, sentences: list[tuple[int, int]], starts: list[int], pos: int
) -> tuple[str, int, int] | None:
    k = bisect_right(starts, pos) - 1
    for back in range(MAX_SENTENCES_BACK + 1):
        if k - back < 0:
            return None
        s, e = sentences[k - back]
        text = _tidy(masked[s:e])
        if len(re.findall(r"[A-Za-z]{2,}", text)) >= MIN_PROPOSITION_WORDS:
            return text, s, e
    return None


def _tidy(text: str) -> str:
    text = _SIGNAL_HEAD.sub("", text.strip())
    for rx, repl in _CLEANUP:
        text = rx.sub(repl, text)
    return text.strip(" ;,")
