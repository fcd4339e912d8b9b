"""How an opinion treats each case it cites: followed, distinguished, overruled ...

The classes are those of ``tests/eval/TREATMENT.md``. Every reference to a
case gets one, with the words that show it (the cue) kept as evidence. The
rules, strongest first:

1. a history phrase after the citation (``..., overruled on other grounds by
   Collins``) or a history parenthetical (``(abrogated on other grounds)``);
2. a negative cue bound to *this* citation in its own sentence: the citation
   or the case's name is the object of the cue (``we decline to follow
   Smith``, ``Unlike Smith,``, ``Smith ... is distinguishable``);
3. a negative cue bound to the case's name in a later sentence that does not
   cite it (``We are satisfied that the facts before us are sufficiently
   distinguishable from Smith``): the last reference to that case before it;
4. a contrary or comparing signal (``but see``, ``contra``, ``compare``), a
   party's argument (``the defendant relies on``) or the procedural history of
   the case itself: ``mentioned``;
5. a narrative of the case (``In Hagberg, ...``, ``There, the court held``): ``explained``;
6. otherwise ``followed``.

Negative treatment must be precise (a false red flag costs a lawyer more
than a missed one), so a negative cue counts only when it is bound to the
case: not in a quotation, not in another citation's parenthetical, not in a
party's argument, and with no other citation or clause boundary between the
cue and the case. A distinction (or a limit) must also be the court's own
and stand: not reported from another decision (``we distinguished``, ``X held
that ... unlike Y``), not a contrast with a court (``Unlike the court in Y``),
not conceded (``While Y is distinguishable ..., its discussion is helpful``).
The cue words are :data:`kb.tables.TREATMENT_CUES`.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache

from kb.analysis import patterns as P
from kb.analysis.literals import occurrences, required_literals
from kb.analysis.propositions import find_sentences
from kb.models import NEGATIVE_TREATMENTS, Cite, CleanText, OpinionMeta, Reference
from kb.tables import (
    GENERIC_PARTY_WORDS,
    HISTORY_TREATMENTS,
    T10_STATES,
    TREATMENT_CUES,
    TREATMENT_GAP_WORDS,
    TREATMENT_MENTIONED,
    TREATMENT_NARRATIVE,
    TREATMENT_SIGNALS,
)

# How far a cue may sit from the case it is bound to (characters, same clause).
MAX_BIND_CHARS = 60
# How far back a cue naming a case without citing it finds that case's last
# reference (characters of cleaned text): about two paragraphs.
MAX_NAME_CUE_REACH = 3000
# A quotation or parenthetical longer than this is unbalanced text, not one.
MAX_QUOTE_CHARS = 1500

_Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class _Cue:
    """A compiled cue: its words, the treatment it shows, and where its object sits."""

    rx: re.Pattern[str]
    treatment: str
    direction: str  # "after": the case follows the cue; "before": it precedes it
    # Literal strings one of which every match contains ("overrul", "nlike"): a sentence
    # holding none of them is not searched. Empty: none known, every sentence is.
    triggers: tuple[str, ...] = ()


@cache
def _cues() -> tuple[_Cue, ...]:
    out = []
    for p, t, d in TREATMENT_CUES:
        rx = re.compile(p)
        out.append(_Cue(rx, t, d, required_literals(rx)))
    return tuple(out)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    return {
        "mentioned": re.compile("|".join(f"(?:{p})" for p in TREATMENT_MENTIONED)),
        "narrative": re.compile("|".join(f"(?:{p})" for p in TREATMENT_NARRATIVE)),
        "history": re.compile(r"^\s*(?P<cue>(?:" + "|".join(p for p, _ in HISTORY_TREATMENTS) + r"))\b", re.IGNORECASE),
        # A party's (or another judge's) view, not the court's: "He argues, however, that O'Neil was
        # wrongly decided", "the government argues Black is not on point", "its insistence that".
        "attribution": re.compile(
            r"\b(?:argues?|argued|arguing|contends?|contended|contending|asserts?|asserted|asserting|urges?|urged"
            r"|maintains?|maintained|suggests?|suggested|insists?|insisted|submits?|posits?|responds?|responded"
            r"|concedes?|conceded|commends?)\b"
            r"|\b(?:claims?|claimed|argument|contention|insistence|suggestion|assertion|position|view)\s+that\b"
        ),
        # Negated or hypothetical: "is not unlike", "did not ask that we overrule", "whether ... overruled".
        "negation": re.compile(r"\b(?:not|nor|never|cannot|neither|whether|if|unless|until)\b|n[’']t\b", re.IGNORECASE),
        # Another decision's holding, reported: "Neifert-White ... held that ... unlike McNinch", "This court
        # noted that unlike in Avila-Briones", "it holds that, unlike Gant" (a dissent on the majority).
        "reported": re.compile(
            r"\b(?:held|holds|noted|found|concluded|reasoned|explained|observed|stated|determined|ruled|recognized"
            r"|acknowledged)\s+(?:that|where)\b"
        ),
        # "Unlike the court in Gorrie, the district court here stopped ...", "Unlike Judge Lagueux, we believe":
        # a contrast with a court's or judge's reasoning, not with the facts of the case.
        "unlike_a_court": re.compile(
            r"\s*(?:in\s+)?(?:the\s+)?(?:[\w.’']+\s+){0,2}?(?:[Cc]ourts?|[Jj]udges?|[Jj]ustices?|[Pp]anel|[Mm]ajority"
            r"|[Dd]issent|[Cc]ircuit)\b"
        ),
        # A concession: "While Phillips is factually distinguishable ..., the Court's discussion ... is helpful".
        "concessive": re.compile(r"[\s\d\[\]]*(?:While|Whilst|Although|Though|Even\s+though|Even\s+if|Granted)\b"),
        # ... and what answers one in the sentences after: "But its import is nevertheless clear".
        "counter": re.compile(r"\W*(?:\S+\s+){0,7}?(?:nevertheless|nonetheless|even\s+so)\b", re.IGNORECASE),
        # ... or opens the sentence after that (a "nonetheless" deeper in it answers something else).
        "counter_opening": re.compile(r"\W*(?:(?:But|And|Yet),?\s+)?(?:Nevertheless|Nonetheless|Even\s+so)\b"),
        "distinction": re.compile(
            r"distinct|distinguish|differ|unlike|inapposite|misplaced|not\s+control", re.IGNORECASE
        ),
        "procedural": re.compile(
            r"\b(?:affirmed|reversed|vacated|remanded|granted\s+(?:certiorari|review|the\s+(?:application|petition|writ))"
            r"|denied\s+(?:the\s+)?(?:application|petition|writ|certiorari|review|rehearing))\b"
        ),
    }


def classify_treatments(
    references: tuple[Reference, ...], cites: list[Cite], clean: CleanText, meta: OpinionMeta | None = None
) -> tuple[Reference, ...]:
    """Give every reference to a case its ``treatment`` and ``treatment_cue``.

    Args:
        references: resolved references (each linked to its citation by ``cite_index``).
        cites: the extracted citations, history cites included.
        clean: the cleaned opinion.
        meta: the opinion's metadata (its case name tells the case's own earlier decisions).

    Returns:
        The references, those to cases with a treatment; others unchanged.

    Example:
        >>> from kb.analysis import analyze_text
        >>> ref = analyze_text("We decline to follow Smith v. Jones, 1 F.3d 2 (9th Cir. 1993).").references[0]
        >>> ref.treatment, ref.treatment_cue
        ('declined', 'We decline to follow')
    """
    ctx = _Context(references, cites, clean, meta)
    found: dict[int, tuple[str, str]] = {}
    for n, ref in enumerate(references):
        if ref.kind != "case" or ref.key is None or ref.cite_index is None:
            continue
        found[n] = _classify(ctx, n)
    for n, verdict in _name_cues(ctx).items():
        if n in found and found[n][0] not in NEGATIVE_TREATMENTS:
            found[n] = verdict
    return tuple(
        replace(r, treatment=found[n][0], treatment_cue=found[n][1]) if n in found else r
        for n, r in enumerate(references)
    )


class _Context:
    """What the rules read: the text, its sentences, each case's names and citation spans."""

    def __init__(self, refs: tuple[Reference, ...], cites: list[Cite], clean: CleanText, meta: OpinionMeta | None):
        self.refs, self.cites, self.text = refs, cites, clean.text
        self.sentences = find_sentences(clean.text)
        self.starts = [s for s, _ in self.sentences]
        self.sentences_set = set(self.sentences)
        self.own_name = _fold(meta.case_name) if meta and meta.case_name else ""
        # Citation spans in the text (history and absorbed cites included: a cue
        # must not reach across any citation to another case).
        self.spans: list[tuple[int, int, int | None]] = []  # start, end, reference index
        by_cite = {r.cite_index: n for n, r in enumerate(refs) if r.cite_index is not None}
        for i, c in enumerate(cites):
            if c.kind == "case" and c.start >= 0 and not c.absorbed:
                # A history cite stands for the decision whose history it is:
                # "State v. Crane, 46 Or. App. 547, rev. den. 298 Or. 903 (1980), is disapproved".
                root = i
                while cites[root].history_of is not None and cites[root].history_of != root:
                    root = cites[root].history_of  # type: ignore[assignment]
                start = max(_name_start(clean.text, c), self.sentence_at(c.core_start)[0])
                self.spans.append((start, max(c.end, c.core_end), by_cite.get(root)))
        self.spans.sort()
        # Indexes over the spans, so that a lookup costs the spans near it, not all of them.
        self.span_starts = [start for start, _, _ in self.spans]
        self.span_reach = max((end - start for start, end, _ in self.spans), default=0)
        self.covered = _union((start, end) for start, end, _ in self.spans)
        self.covered_starts = [start for start, _ in self.covered]
        self.history_children: dict[int, list[int]] = {}
        for j, c in enumerate(cites):
            if c.history_of is not None and c.history:
                self.history_children.setdefault(c.history_of, []).append(j)
        self.handles = _handles(refs)
        # Every name at once, longest first: "State v. Chisolm" before "Chisolm".
        names = sorted(self.handles, key=len, reverse=True)
        self.handle_rx = (
            re.compile(r"(?<![\w'’])(?:" + "|".join(map(re.escape, names)) + r")(?![\w'’])") if names else None
        )
        self.cue_memo: dict[_Span, list[tuple[_Cue, re.Match[str]]]] = {}
        self.cues_by_sentence = _cues_by_sentence(self.text, self.sentences, self.starts)
        self.own_keys = {r.key for r in refs if r.key and r.name and self.own_name and _fold(r.name) == self.own_name}

    def masked(self, lo: int, hi: int) -> str:
        """``text[lo:hi]`` with the citations in it blanked: what a string cite leaves between its parts."""
        chars = list(self.text[lo:hi])
        first = bisect_left(self.span_starts, lo - self.span_reach)
        for start, end, _ in self.spans[first : bisect_left(self.span_starts, hi)]:
            if end > lo and start < hi:
                chars[max(start, lo) - lo : min(end, hi) - lo] = " " * (min(end, hi) - max(start, lo))
        return "".join(chars)

    def in_citation(self, pos: int) -> bool:
        """Whether ``pos`` lies inside a citation span."""
        k = bisect_right(self.covered_starts, pos) - 1
        return k >= 0 and pos < self.covered[k][1]

    def first_span_from(self, lo: int, hi: int) -> tuple[int, int | None] | None:
        """(start, reference) of the first span starting in ``[lo, hi)``."""
        k = bisect_left(self.span_starts, lo)
        return (self.spans[k][0], self.spans[k][2]) if k < len(self.spans) and self.spans[k][0] < hi else None

    def last_span_ending(self, lo: int, hi: int) -> tuple[int, int | None] | None:
        """(end, reference) of the last span (in span order) starting before ``hi`` and ending in ``[lo, hi]``."""
        for k in range(bisect_left(self.span_starts, hi) - 1, -1, -1):
            start, end, ref = self.spans[k]
            if start < lo - self.span_reach:
                break
            if lo <= end <= hi:
                return end, ref
        return None

    def cite(self, n: int) -> Cite:
        return self.cites[self.refs[n].cite_index]  # type: ignore[index]

    def sentence_at(self, pos: int) -> _Span:
        k = max(0, bisect_right(self.starts, pos) - 1)
        return self.sentences[k] if self.sentences else (0, len(self.text))

    def previous_sentence(self, span: _Span) -> _Span | None:
        k = bisect_right(self.starts, span[0]) - 1
        return self.sentences[k - 1] if k >= 1 else None


def _classify(ctx: _Context, n: int) -> tuple[str, str]:
    ref, cite = ctx.refs[n], ctx.cite(n)
    # CASE 1: the citation's own history: "..., overruled on other grounds by Collins ...".
    verdict = _history_treatment(ctx, n)
    if verdict:
        return verdict
    # CASE 2: a negative cue bound to this citation, in its sentence.
    sentence = ctx.sentence_at(cite.start)
    verdict = _bound_cue(ctx, n, sentence)
    if verdict:
        return verdict
    # CASE 3: a contrary or comparing signal: the court does not rely on it.
    if ref.signal in TREATMENT_SIGNALS:
        return TREATMENT_SIGNALS[ref.signal], ref.signal
    # CASE 4: a party's argument, or the case's own earlier decisions.
    verdict = _mentioned(ctx, n, sentence)
    if verdict:
        return verdict
    # CASE 5: a narrative of the case; a short form of its own earlier decision is still a mention.
    verdict = _narrative(ctx, n, sentence)
    if verdict:
        return verdict
    if ref.key in ctx.own_keys:
        return "mentioned", "prior decision in this case"
    # CASE 6: relied on, with its signal (or none) as the cue.
    return "followed", ref.signal or "no signal"


def _history_treatment(ctx: _Context, n: int) -> tuple[str, str] | None:
    """A history phrase after the citation, or a history parenthetical."""
    cite_index = ctx.refs[n].cite_index
    # The citations whose history_of is in the chain, in text order, the chain growing as they are met.
    waiting = list(ctx.history_children.get(cite_index, ()))  # type: ignore[arg-type]
    heapq.heapify(waiting)
    met: set[int] = set()
    while waiting:
        j = heapq.heappop(waiting)
        if j in met:
            continue
        met.add(j)
        for later in ctx.history_children.get(j, ()):
            if later > j:
                heapq.heappush(waiting, later)
        c = ctx.cites[j]
        treatment = _history_class(c.history)  # type: ignore[arg-type]
        if treatment:
            m = P.HISTORY.match(ctx.text, ctx.cites[c.history_of].end)  # type: ignore[index]
            return treatment, _squash(m.group("phrase")) if m else (c.history or "")
    rx = _patterns()["history"]
    for paren in ctx.cite(n).parens:
        m = rx.match(paren.text)
        if m:
            return _history_class(m.group("cue")) or "overruled", _squash(m.group("cue"))
    return None


def _history_class(relation: str) -> str | None:
    for pattern, treatment in HISTORY_TREATMENTS:
        if re.match(pattern, relation, re.IGNORECASE):
            return treatment
    return None


def _bound_cue(ctx: _Context, n: int, sentence: _Span) -> tuple[str, str] | None:
    """A negative cue in ``sentence`` whose object is reference ``n`` (its citation or its name)."""
    for cue, m in _cue_matches(ctx, sentence):
        target = _object(ctx, cue, m, sentence)
        if target is not None and target[0] == "ref" and target[1] == n:
            return cue.treatment, _squash(m.group())
        if target is not None and target[0] == "name" and target[1] == ctx.refs[n].key:
            # "we decline to follow Smith" with Smith's citation later in the sentence.
            return cue.treatment, _squash(m.group())
    return None


def _cue_matches(ctx: _Context, span: _Span) -> list[tuple[_Cue, re.Match[str]]]:
    """Negative cues in ``span`` that the court itself states (not quoted, not in a parenthetical, not argued)."""
    if span not in ctx.cue_memo:
        ctx.cue_memo[span] = list(_find_cues(ctx, span))
    return ctx.cue_memo[span]


def _cues_by_sentence(text: str, sentences: list[_Span], starts: list[int]) -> dict[_Span, set[int]]:
    """For each sentence, the cues (by index) one of whose triggers lies wholly inside it.

    Each trigger is found with ``str.find`` over the whole text, once; a cue
    whose triggers a sentence does not hold cannot match in it.
    """
    out: dict[_Span, set[int]] = {}
    at: dict[str, list[int]] = {}
    for i, cue in enumerate(_cues()):
        for trigger in cue.triggers:
            if trigger not in at:
                at[trigger] = occurrences(text, trigger)
            for pos in at[trigger]:
                k = bisect_right(starts, pos) - 1
                if k >= 0 and pos + len(trigger) <= sentences[k][1]:
                    out.setdefault(sentences[k], set()).add(i)
    return out


def _find_cues(ctx: _Context, span: _Span):  # type: ignore[no-untyped-def]
    s, e = span
    # The sentences are disjoint: a span that is one of them holds a cue's match only if it holds
    # one of the cue's triggers. Any other span (the whole text when there are no sentences) is searched.
    known = span in ctx.sentences_set
    possible = ctx.cues_by_sentence.get(span, ())
    for i, cue in enumerate(_cues()):
        if known and cue.triggers and i not in possible:
            continue
        for m in cue.rx.finditer(ctx.text, s, e):
            if _in_quotation(ctx.text, s, m.start()) or _in_parenthesis(ctx.text, s, m.start()):
                continue
            before = ctx.masked(s, m.start())
            if _patterns()["attribution"].search(before):
                continue  # "The defendants argue that Petramale is distinguishable": the party's view
            if _patterns()["negation"].search(before):
                continue  # "Nor do we think that Lampf is inapplicable", "whether Kazi overruled Hohman"
            if cue.treatment in _OWN_ACTS and not _own_act(ctx, cue, m, span, before):
                continue
            yield cue, m


# Treatments that are this opinion's own act: a distinction (or a limit) reported from another decision, or
# conceded, says nothing against the case. Overruling and criticism count when reported.
_OWN_ACTS = frozenset({"distinguished", "limited"})
# How many sentences after a conceded distinction may answer it ("Nonetheless, as discussed in ..."):
# the next one anywhere in its first words, the one after only at its opening.
MAX_COUNTER_SENTENCES = 2


def _own_act(ctx: _Context, cue: _Cue, m: re.Match[str], span: _Span, before: str) -> bool:
    """Whether a distinction (or limit) is the court's own, unconceded, and about a case rather than a court."""
    s, e = span
    # CASE 1: another decision's holding, reported ("Neifert-White held that ... unlike McNinch").
    if _patterns()["reported"].search(before):
        return False
    # CASE 2: a contrast with a court or a judge ("Unlike the court in Gorrie", "Unlike Judge Lagueux").
    if m.group().lower() == "unlike" and _patterns()["unlike_a_court"].match(ctx.text, m.end(), e):
        return False
    # CASE 3: conceded in a subordinate clause whose main clause draws no distinction.
    opener = _patterns()["concessive"].match(ctx.text, s, m.start())
    if opener and "," not in ctx.text[opener.end() : m.start()]:
        comma = ctx.text.find(",", m.end(), e)
        if comma < 0 or not _patterns()["distinction"].search(ctx.masked(comma, e)):
            return False
    # CASE 4: answered in the next sentences ("It is true that Hill does not control ... But its import is
    # nevertheless clear"; "Unlike the plaintiff in Unauthorized Practice, Cok filed ... Nonetheless, ...").
    k = bisect_right(ctx.starts, s)
    after = ctx.sentences[k : k + MAX_COUNTER_SENTENCES]
    rxs = (_patterns()["counter"], _patterns()["counter_opening"])
    return not any(rx.match(ctx.text, a, b) for rx, (a, b) in zip(rxs, after, strict=False))


def _object(ctx: _Context, cue: _Cue, m: re.Match[str], sentence: _Span) -> tuple[str, object] | None:
    """What the cue is about: ``("ref", n)`` for a citation, ``("name", key)`` for a case named, or None."""
    s, e = sentence
    if cue.direction == "after":
        lo, hi = m.end(), min(e, m.end() + MAX_BIND_CHARS)
        span = ctx.first_span_from(lo, hi)
        name = _name_at(ctx, lo, span[0] if span else hi, first=True)
        if name:
            return ("name", name[0]) if _clear(ctx.text[lo : name[1]]) else None
        if span and _clear(ctx.text[lo : span[0]]):
            return ("ref", span[1]) if span[1] is not None else None
        return None
    lo, hi = max(s, m.start() - MAX_BIND_CHARS), m.start()
    span = ctx.last_span_ending(lo, hi)
    name = _name_at(ctx, span[0] if span else lo, hi, first=False)
    if name:
        return ("name", name[0]) if _clear(ctx.text[name[2] : hi]) else None
    if span and _clear(ctx.text[span[0] : hi]):
        return ("ref", span[1]) if span[1] is not None else None
    return None


# At most this many words between a cue and its case, all of TREATMENT_GAP_WORDS.
MAX_GAP_WORDS = 6
_QUOTED = re.compile(r"[“\"‘'][^“”\"‘’']{1,40}[”\"’']")
_BREAK = re.compile(r"[.;:?!()\[\]“”\"]")


# A court named between a cue and its case: "not persuaded by the opinion of the Supreme Court of Florida in".
_COURT_NAME = re.compile(
    r"\b(?:(?:[A-Z][\w.]*|of|the)\s+){0,4}?(?:Supreme\s+Court|Court\s+of\s+Appeals?|Circuit|District\s+Court|Court)"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})?"
)


def _clear(gap: str) -> bool:
    """Whether only a few filler words ("the reasoning of", ", however,") stand between a cue and its case."""
    gap = _QUOTED.sub(" ", gap)  # Rule 607 abrogates the “voucher rule” of Palafox
    gap = _COURT_NAME.sub(" court ", gap)
    if _BREAK.search(gap):
        return False
    words = re.findall(r"[\w'’]+", gap.lower())
    return len(words) <= MAX_GAP_WORDS and all(w in TREATMENT_GAP_WORDS for w in words)


def _name_at(ctx: _Context, lo: int, hi: int, *, first: bool) -> tuple[str, int, int] | None:
    """The first (or last) case name in ``text[lo:hi]`` outside any citation: ``(key, start, end)``."""
    hits = []
    if ctx.handle_rx is None:
        return None
    for m in ctx.handle_rx.finditer(ctx.text, lo, hi):
        if not ctx.in_citation(m.start()):
            hits.append((m.start(), m.end(), ctx.handles[m.group()]))
    if not hits:
        return None
    start, end, key = min(hits) if first else max(hits, key=lambda h: h[1])
    return key, start, end


def _name_cues(ctx: _Context) -> dict[int, tuple[str, str]]:
    """Negative cues bound to a case named, not cited: the last reference to that case before them."""
    out: dict[int, tuple[str, str]] = {}
    last_ref: dict[str, list[tuple[int, int]]] = {}
    for n, r in enumerate(ctx.refs):
        if r.kind == "case" and r.key and r.cite_index is not None:
            last_ref.setdefault(r.key, []).append((ctx.cite(n).start, n))
    for span in ctx.sentences:
        for cue, m in _cue_matches(ctx, span):
            target = _object(ctx, cue, m, span)
            if target is None or target[0] != "name":
                continue
            key = str(target[1])
            before = [(pos, n) for pos, n in last_ref.get(key, ()) if m.start() - MAX_NAME_CUE_REACH <= pos < span[0]]
            if before and not any(span[0] <= pos < span[1] for pos, _ in last_ref.get(key, ())):
                out.setdefault(before[-1][1], (cue.treatment, _squash(ctx.text[span[0] : span[1]])[:300]))
    return out


def _mentioned(ctx: _Context, n: int, sentence: _Span) -> tuple[str, str] | None:
    ref, cite = ctx.refs[n], ctx.cite(n)
    # The case's own earlier decisions ("People v. Glisson, 324 Ill. App. 3d 249" in People v. Glisson).
    if ref.key in ctx.own_keys and ref.form == "full":
        return "mentioned", "prior decision in this case"
    # A party's argument or the lower court's reasoning holds the citation.
    m = None
    for found in _patterns()["mentioned"].finditer(ctx.text, sentence[0], cite.start):
        m = found  # the party nearest the citation
    if m is not None and _clear_of_citations(ctx.masked(m.end(), cite.start)):
        return "mentioned", _squash(m.group())
    # A citation without a name (in its own sentence) after a sentence reporting a court's
    # disposition: the case's procedural history ("The Court of Appeal affirmed. 146 So. 2d 491.").
    named = max(_name_start(ctx.text, cite), sentence[0]) < cite.core_start
    if not named and not ref.in_parenthetical and ref.form == "full":
        alone = len(re.findall(r"[A-Za-z]{2,}", ctx.text[sentence[0] : cite.start])) <= 2  # "See 165 So. 2d 900."
        prev = ctx.previous_sentence(sentence) if alone else None
        for span in filter(None, (sentence, prev)):
            p = _patterns()["procedural"].search(ctx.text, span[0], min(span[1], cite.start))
            if p:
                return "mentioned", _squash(ctx.text[span[0] : min(span[1], cite.start)]).strip(" .")[:200]
    return None


def _clear_of_citations(gap: str) -> bool:
    """No clause boundary between a party's argument and the citation, once citations are blanked."""
    return not re.search(r"[.:](?:\s|$)", re.sub(r"\b(?:[A-Z][a-z]{0,4}|[a-z]{1,4}|\d+[a-z]{0,2})\.", "", gap))


def _narrative(ctx: _Context, n: int, sentence: _Span) -> tuple[str, str] | None:
    """``In Hagberg, the only evidence ...``, ``There, the court held``: an account of the case."""
    ref, cite = ctx.refs[n], ctx.cite(n)
    spans = [sentence]
    if ref.form in ("short", "id") and not ref.in_parenthetical:
        # "Jones, 174 Ill. 2d at 430." after the sentence it sources.
        text_before = ctx.text[sentence[0] : cite.start]
        if len(re.findall(r"[A-Za-z]{2,}", text_before)) < 3:
            prev = ctx.previous_sentence(sentence)
            spans = [prev] if prev else []
    for s, e in spans:
        head = ctx.text[s:e]
        m = _patterns()["narrative"].search(head)
        if m:
            return "explained", _squash(m.group())
        # "In Hagberg, the only evidence ...": a sentence opening on the case's name.
        opening = _IN_NAME.match(ctx.text, s, e)
        named = ctx.handle_rx.match(ctx.text, opening.end(), e) if opening and ctx.handle_rx else None
        if named and ctx.handles[named.group()] == ref.key and ref.form != "full":
            return "explained", _squash(ctx.text[s : named.end()])
    return None


# --- helpers -----------------------------------------------------------------


def _handles(refs: tuple[Reference, ...]) -> dict[str, str]:
    """Names a case goes by in this opinion (``Davis``, ``Maryland Casualty Co.``), each naming one case only."""
    seen: dict[str, set[str]] = {}
    for r in refs:
        if r.kind != "case" or not r.key:
            continue
        for handle in _names_of(r):
            seen.setdefault(handle, set()).add(r.key)
    return {h: next(iter(keys)) for h, keys in seen.items() if len(keys) == 1}


# "overruled Chisolm in State v. Taylor, 360 S.C. 18": the name read back takes in the word before "in".
_NAME_AFTER_IN = re.compile(r"[A-Z][\w'’.-]*\s+in\s+(?=(?:\S+\s+){1,6}v\.\s)")


def _name_start(text: str, c: Cite) -> int:
    """Where the case name of citation ``c`` really begins (after a stray "Chisolm in")."""
    m = _NAME_AFTER_IN.match(text, c.start, c.core_start) if c.name else None
    return m.end() if m else c.start


def _names_of(r: Reference) -> list[str]:
    out = []
    if r.short_name and _DISTINCT.fullmatch(r.short_name.split()[0]) and r.short_name not in GENERIC_PARTY_WORDS:
        out.append(r.short_name.strip(" ,"))
    if r.name:
        # "Grady. U.S. v. Dixon": a name read back across the end of a sentence is the part after it.
        pieces = re.split(r"(?<=[a-z]{2}\.)\s+(?=[A-Z])", r.name)
        last = max((k for k, piece in enumerate(pieces) if " v. " in piece), default=0)
        name = " ".join(pieces[last:])
        stray = _NAME_AFTER_IN.match(name)
        full = name[stray.end() :] if stray else name
        name = re.sub(r"^(?:In\s+re|Matter\s+of|In\s+the\s+Matter\s+of|Ex\s+parte)\s+", "", full)
        out.append(full)
        parties = [p.strip() for p in re.split(r"\s+v\.?\s+", name, maxsplit=1)]
        for party in parties:
            words = [w.strip(",.") for w in party.split()]
            distinctive = [
                w for w in words if _DISTINCT.fullmatch(w) and w not in GENERIC_PARTY_WORDS and w not in T10_STATES
            ]
            if distinctive:
                out.append(distinctive[0])
                break
    return [h for h in dict.fromkeys(out) if h and not h[0].isdigit()]


_IN_NAME = re.compile(r"\s*(?:(?:Similarly|Likewise|Also|Moreover|However|Thus|Finally),\s+)?In\s+")
# A word that can stand for a case: capitalised, lower-case after (not "S.C", "NLRB").
_DISTINCT = re.compile(r"(?:Mc|Mac|O'|O’|De|Di|La|Le|Van)?[A-Z][a-z][\w'’-]+")


def _in_quotation(text: str, lo: int, pos: int) -> bool:
    """Whether ``pos`` sits inside a quotation opened after ``lo`` (curly or straight quotes).

    A straight quote is read by its side too: the last one before ``pos`` opens a
    quotation when a space (or a bracket) precedes it and a word follows, so a
    quotation closed in the sentence from one opened before it does not flip the
    count (``... the text.'" (Emphasis supplied.) 20 The court also stated ...: 21
    "We think plaintiff's reliance upon ... is misplaced``).
    """
    seg = text[max(lo, pos - MAX_QUOTE_CHARS) : pos]
    if seg.count("“") > seg.count("”") or seg.count('"') % 2 == 1:
        return True
    last = seg.rfind('"')
    return last >= 0 and (last == 0 or seg[last - 1] in " \t\n([") and seg[last + 1 : last + 2].isalnum()


def _in_parenthesis(text: str, lo: int, pos: int) -> bool:
    seg = text[max(lo, pos - MAX_QUOTE_CHARS) : pos]
    return seg.count("(") > seg.count(")")


def _union(spans: object) -> list[_Span]:
    """The sorted spans (``(start, end)``, half-open) merged where they overlap; empty spans dropped."""
    out: list[_Span] = []
    for start, end in spans:  # type: ignore[attr-defined]
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()
