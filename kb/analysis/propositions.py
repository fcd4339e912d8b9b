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

from kb.analysis.literals import required_literals
from kb.models import Cite, CleanText, Proposition, Reference

# A sentence with fewer words than this, once citations are cut out, is a
# citation sentence ("See id.", "Accord Smith.") or a fragment left between
# citations ("with; see also Friedenthal"), not a proposition.
MIN_PROPOSITION_WORDS = 5
# A sentence whose citations take more than this share of its letters and
# digits is mostly citations (a string cite with a clause between cites); it
# is a proposition only when at least MOSTLY_CITED_MIN_WORDS words are left.
MOSTLY_CITED_SHARE = 0.6
MOSTLY_CITED_MIN_WORDS = 10
# An explanatory parenthetical needs this many words: "(same)", "(1st Cir.)",
# "(per curiam)" explain nothing.
MIN_PARENTHETICAL_WORDS = 3
# A heading is a whole line of at most this many characters (see find_headings).
HEADING_MAX_CHARS = 70
# How many citation sentences back the search for the textual sentence goes.
MAX_SENTENCES_BACK = 3
# A proposition quoting more than one sentence reaches back this far for the
# opening quotation mark (further, and it is left as its last sentence).
MAX_QUOTED_SENTENCES = 3
# A "sentence" longer than this is not one (a table, a run of citations with
# no full stop): it is cut at a space into pieces no longer than this, so that
# the work per citation in a sentence stays bounded. The corpus's longest real
# sentence is 4,909 characters; its one longer span is a 66,000-character table.
MAX_SENTENCE_CHARS = 5000

# A sentence ends before a capital, or before a headnote or paragraph number
# ("...the judgment.) [5] The defendant contends", "2024AP2532. ¶33 Amanda").
# The lookahead first: a match starts on a closing mark or a space, so the engine passes over
# letters at the cost of one character test instead of the lookbehind's.
_BOUNDARY = re.compile(r"(?=[”\"’)\]\s])(?<=[.?!])[”\"’)\]]*\s+(?=[“\"(\[]?[A-Z]|\[\d{1,3}\]\s|¶\s?\d)")
# Initials and short abbreviations a sentence does not end after: "J.", "U.S.C.", "Ga.".
_INITIALS = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]?\.")
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
# Words of citations that the citation finders leave in a sentence: they are
# not what the sentence says ("World Univ., Inc., slip op. at 13 (citing);
# see also, cert. denied" has three words of its own).
_CITATION_WORDS = frozenset(
    [
        "see",
        "also",
        "id",
        "ibid",
        "supra",
        "infra",
        "at",
        "fn",
        "nn",
        "quoting",
        "citing",
        "cert",
        "denied",
        "granted",
        "dismissed",
        "slip",
        "op",
        "syllabus",
        "paragraph",
        "cf",
        "accord",
        "compare",
        "generally",
        "internal",
        "quotation",
        "marks",
        "omitted",
        "citation",
        "citations",
        "emphasis",
        "added",
        "alteration",
        "alterations",
        "original",
        "cleaned",
        "affd",
        "aff",
        "rev",
        "vacated",
        "remanded",
        "reh",
        "per",
        "curiam",
        "mem",
        "ed",
        "re",
        "ex",
        "rel",
        "dissenting",
        "concurring",
        "plurality",
        "opinion",
        "note",
        "notes",
        "pp",
    ]
)
# Parentheticals that say what kind of opinion or quotation it is, not what it holds.
_NOT_EXPLANATORY = re.compile(
    r"(?:opinion\s+of\b|.*\bJ\.,?\s*(?:dissent|concurr)|.*\b(?:dissenting|concurring|majority|plurality|lead)\s+opinion"
    r"|emphasis\b|em\s*phasis|collecting\b|citations?\s+omitted|internal\s+quotation|alterations?\s+in|cleaned\s+up"
    r"|en\s+banc|per\s+curiam|unpublished|table\b|footnotes?\s+omitted|brackets?\s+in|quotation\s+marks"
    r"|(?:citing|quoting)\s+[^()]*$)",
    re.IGNORECASE,
)
# Words after which a citation is part of the sentence ("under 28 U.S.C. §
# 2241 and the APA", "In Davis v. Passman, 442 U.S. 228 (1979), the Court"):
# the citation is cut to a short form there, so the sentence still reads.
_GOVERNING = frozenset(
    [
        "in",
        "under",
        "of",
        "by",
        "to",
        "from",
        "with",
        "and",
        "or",
        "than",
        "as",
        "pursuant",
        "per",
        "like",
        "unlike",
        "following",
        "about",
        "on",
        "upon",
        "for",
        "through",
        "via",
    ]
)
# Parties too common to name a case by ("United States v. Jiménez-Rivera" is "Jiménez-Rivera").
COMMON_LITIGANTS = frozenset(["United States", "State", "People", "Commonwealth", "Government", "Territory"])
_LAST_WORD = re.compile(r"([A-Za-z]+)[^\S\n]*$")
# A heading line: an enumerator ("III", "B.", "2)") with or without a title,
# or a short title-case title ("Standard of Review", "DISCUSSION").
_ENUMERATOR = re.compile(r"(?:[IVXL]{1,6}|[A-Za-z]|\d{1,2})[.)]?")
_HEADING_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_MINOR_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "v", "vs", "with"]
)
_LINE = re.compile(r"[^\n]+")
_FIRST_LETTER = re.compile(r"[A-Za-z]")
_NOT_TITLE = re.compile(r"\d|\sv\.\s|§")

_CLEANUP = [
    # Page furniture the text kept: a slip opinion's page number between dashes,
    # glued to a word or doubled ("-9-From this decision", "conducted a -5-5
    # review", "- 185 - Nebraska"); a footnote's own number opening its text
    # ("18 The parties disagree"); the subsequent history of a cut citation
    # ("cert. denied. \"[W]hether Puerto Rico ...\"").
    (re.compile(r"(?<![\w-])-\d{1,3}-(?:\d{1,3}(?![\d,.-]))?\s*"), " "),
    (re.compile(r"(?:^|(?<=\s))-\s\d{1,3}\s-(?=\s)"), " "),
    (re.compile(r"^\s*\d{1,3}\s+(?=[A-Z“\"‘(\[])(?![A-Z][A-Za-z.'’]*\.(?:\s|$))"), ""),
    (
        re.compile(
            r"(?:[;,]\s*)?\b(?:cert\.|certiorari|reh(?:'|’)g(?:\s+en\s+banc)?)\s+(?:denied|granted|dismissed)"
            r"(?:\s+sub\s+nom\.)?(?:\s*[.;,](?=\s|$))?",
            re.IGNORECASE,
        ),
        "",
    ),
    # What the citation finders leave of a citation or of the page around it:
    # a soft hyphen with the space after it ("dis\xad missed"), empty brackets
    # ("In Spencer, [ ], the action"), a headnote marker ("[8] The defendant"),
    # a page number between dashes ("supported -6- entirely"), a running head.
    (re.compile(r"\xad\s*"), ""),
    (re.compile(r"\[\s*(?:[;,]\s*)*\]"), ""),
    (re.compile(r"^\s*\[(?:fn\.\s*)?\d{1,3}\]\s*"), ""),
    (re.compile(r"\s-\d{1,3}-(?=\s)"), ""),
    (re.compile(r"\bCite\s+as:?\s+(?=[A-Z])"), ""),
    (re.compile(r"\s+([,;.:)])"), r"\1"),
    (re.compile(r"([;,])\s*(?:[;,]\s*)+"), r"\1 "),
    (re.compile(r"[;,]\s*([.?!])"), r"\1"),
    (re.compile(r"^[\s.;,:)\]]+"), ""),
    (re.compile(r"(?:[;,]\s*|\s+)(?:see(?:\s+also)?|cf\.|e\.g\.,?|accord|compare)\s*\.?\s*$", re.IGNORECASE), ""),
    (re.compile(r"\(\s*\)"), ""),
    (re.compile(r"\s{2,}"), " "),
    # a footnote call after the sentence's full stop ("grant or deny.2 See 8 C.F.R. ...")
    (re.compile(r"(?<=[.?!”\"’])\d{1,3}$"), ""),
]


def find_sentences(text: str, headings: list[tuple[int, int]] | tuple[()] = ()) -> list[tuple[int, int]]:
    """Sentence spans of ``text``, not splitting after legal abbreviations.

    Args:
        text: the cleaned text.
        headings: spans of heading lines (:func:`find_headings`): each one is a
            sentence of its own, so a heading is never glued to the sentence
            after it ("Standard of Review In reviewing ...").
    """
    cuts: list[tuple[int, int]] = []  # (end of a sentence, start of the next)
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[max(start, m.start() - 12) : m.start()].split()
        word = before[-1] if before else ""
        word = word.rstrip('”"’)]')
        if word in _ABBREVIATIONS or _INITIALS.fullmatch(word):
            continue
        cuts.append((m.start(), m.end()))
        start = m.end()
    for hs, he in headings:
        cuts += [(hs, hs), (he, he)]
    spans: list[tuple[int, int]] = []
    start = 0
    for end, nxt in sorted(set(cuts)):
        if end < start:
            continue
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
        start = nxt
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    if any(e - s > MAX_SENTENCE_CHARS for s, e in spans):
        spans = [piece for s, e in spans for piece in _cut_long(text, s, e)]
    return spans


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most MAX_SENTENCE_CHARS, cut after a space where there is one."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        piece_end = cut
        while piece_end > start + 1 and text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


def find_headings(clean: CleanText) -> list[tuple[int, int]]:
    """Spans (in the cleaned text) of heading lines of the original text.

    Cleaning joins lines, so "III" / "Pollard asks us ..." or "Standard of
    Review" / "In reviewing ..." would read as one sentence. A heading is a
    whole line of at most HEADING_MAX_CHARS characters, before a line that
    starts with a capital, that is an enumerator, or an enumerator and a
    title, or a title: words mostly capitalised, no sentence punctuation at
    its end, no digits (a wrapped citation line is not a heading).

    Example:
        >>> from kb.analysis.clean import clean_text
        >>> c = clean_text("Background\nThe petitioner appealed.\nII.\nWe affirm the judgment.")
        >>> [c.text[s:e] for s, e in find_headings(c)]
        ['Background', 'II.']
    """
    original = clean.original
    out: list[tuple[int, int]] = []
    for m in _LINE.finditer(original):
        line = m.group().strip()
        if not line or len(line) > HEADING_MAX_CHARS or not _is_heading(line):
            continue
        after = original[m.end() : m.end() + 200].lstrip()
        if not after or not (after[0].isupper() or after[0] in '“"('):
            continue
        lead = m.start() + (len(m.group()) - len(m.group().lstrip()))
        s, e = _to_clean(clean, lead), _to_clean(clean, lead + len(line))
        # A line the cleaning removed (page furniture) or rewrote maps nowhere exact: leave it.
        if e > s and clean.text[s:e].split() == line.split():
            out.append((s, e))
    return out


def _is_heading(line: str) -> bool:
    first, _, rest = line.partition(" ")
    if _ENUMERATOR.fullmatch(first) and (not rest or _is_title(rest)):
        # A number alone on a line is a page or footnote number inside a sentence.
        return bool(rest) or first[:1].isupper()
    return _is_title(line)


def _is_title(text: str) -> bool:
    # A title's first word is capitalised: a line whose first letter is not is prose (most lines).
    first = _FIRST_LETTER.search(text)
    if first is None or not first.group().isupper():
        return False
    if text[-1] in ".,;:" or _NOT_TITLE.search(text):
        return False
    words: list[str] = _HEADING_WORD.findall(text)
    major = [w for w in words if w.lower() not in _MINOR_WORDS]
    if not major or len(words) > 10:
        return False
    return sum(w[0].isupper() for w in major) >= max(1, 0.8 * len(major)) and words[0][0].isupper()


def _to_clean(clean: CleanText, pos: int) -> int:
    """The cleaned offset of an original offset (the nearest anchor before it)."""
    i = bisect_right(clean.anchors_orig, pos) - 1
    if i < 0:
        return 0
    return min(len(clean.text), clean.anchors_clean[i] + (pos - clean.anchors_orig[i]))


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

    masked, readable = _mask(clean.text, cites, references)
    headings = find_headings(clean)
    heading_set = set(headings)
    sentences = [s for s in find_sentences(clean.text, headings) if s not in heading_set]
    starts = [s for s, _ in sentences]
    # Every citation in a sentence has the same proposition: read it once (a
    # run of a thousand citations is one sentence, read a thousand times).
    memo: dict[int, tuple[str, int, int] | None] = {}
    out_refs: list[Reference] = []
    rows: list[Proposition] = []
    sentence_of: dict[int, tuple[str, int, int] | None] = {}
    for n, ref in enumerate(references):
        cite = cites[ref.cite_index] if ref.cite_index is not None else None
        chosen: tuple[str, int, int] | None = None
        if cite is not None and cite.owner is not None:
            chosen = sentence_of.get(cite.owner)
        elif cite is not None:
            k = bisect_right(starts, cite.start) - 1
            if k not in memo:
                memo[k] = _proposition(clean.text, masked, readable, sentences, starts, cite.start)
            chosen = memo[k]
        if ref.cite_index is not None:
            sentence_of[ref.cite_index] = chosen
        if chosen:
            text, s, e = chosen
            os_, oe = clean.span_to_original(s, e)
            ref = replace(ref, sentence=text, sentence_start=os_, sentence_end=oe)
            if ref.form != "bare":
                rows.append(Proposition(n, "sentence", text, ref.pin_cite, os_, oe))
        if ref.parenthetical and is_explanatory(ref.parenthetical):
            rows.append(Proposition(n, "parenthetical", ref.parenthetical, ref.pin_cite, ref.start, ref.end))
        out_refs.append(ref)
    return tuple(out_refs), tuple(rows)


def is_explanatory(parenthetical: str) -> bool:
    """Whether a parenthetical says what the authority holds (not "same", "1st Cir.", "dissenting opinion").

    Example:
        >>> is_explanatory("noting that mandamus is an extraordinary remedy"), is_explanatory("per curiam")
        (True, False)
    """
    text = parenthetical.strip()
    return len(_prose_words(text)) >= MIN_PARENTHETICAL_WORDS and not _NOT_EXPLANATORY.match(text)


def _prose_words(text: str) -> list[str]:
    """Words that are not abbreviations nor the vocabulary of citing: "(32 S.E. 129, 70 Am. St. Rep. 82)" has none."""
    return [w for w in _PROSE_WORD.findall(text) if w.lower() not in _CITATION_WORDS]


_PROSE_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![.A-Za-z])")
_WORD = re.compile(r"[A-Za-z]{2,}")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _own_words(text: str) -> list[str]:
    """The words of a sentence that are not the vocabulary of citing ("quoting", "slip op.", "cert. denied")."""
    return [w for w in _words(text) if w.lower() not in _CITATION_WORDS]


def _mask(text: str, cites: list[Cite], references: tuple[Reference, ...]) -> tuple[str, str]:
    """``text`` with every citation (not bare mentions) blanked, and the same with short forms kept.

    The first counts a sentence's own words; the second is what is stored: a
    citation governed by a word of the sentence ("under", "in") leaves its
    short form ("§ 2241", "Davis"), so the sentence still reads. Both keep
    the text's offsets.
    """
    names = {r.cite_index: r for r in references if r.cite_index is not None}
    blank = list(text)
    keep = list(text)
    for n, c in enumerate(cites):
        if c.form == "bare":
            continue
        end = max(c.end, c.core_end)
        blank[c.start : end] = " " * (end - c.start)
        short = _short_form(c, names.get(n), text) if c.owner is None else None
        last = _LAST_WORD.search(text, max(0, c.start - 20), c.start)
        if short and last and last.group(1).lower() in _GOVERNING and len(short) < end - c.start:
            keep[c.start : end] = short + " " * (end - c.start - len(short))
        else:
            keep[c.start : end] = " " * (end - c.start)
    return "".join(blank), "".join(keep)


def _short_form(c: Cite, ref: Reference | None, text: str) -> str | None:
    """How a sentence names a citation it governs: "§ 2241", "Rule 12(b)(6)", "Davis"."""
    if c.kind == "case":
        name = (ref.short_name or ref.name) if ref else (c.short_name or c.name)
        if not name:
            return None
        parties = name.split(" v. ")
        # Bluebook R. 10.9: a short form never names the government that is a party to every such case.
        first = parties[0].strip(" ,")
        name = parties[1].strip(" ,") if len(parties) > 1 and first in COMMON_LITIGANTS else first
        return name if len(name) <= 40 else None
    if c.kind == "rule" and c.section:
        return f"Rule {c.section}{c.subsections}"  # "falls under Rule 12(b)(1)", as the text would say
    if c.section:
        return f"§ {c.section}{c.subsections}"
    if c.kind in ("rule", "constitution"):
        core = " ".join(text[c.core_start : c.core_end].split())
        return core if core and len(core) <= 40 else None
    return None


def _proposition(
    text: str, masked: str, readable: str, sentences: list[tuple[int, int]], starts: list[int], pos: int
) -> tuple[str, int, int] | None:
    k = bisect_right(starts, pos) - 1
    for back in range(MAX_SENTENCES_BACK + 1):
        if k - back < 0:
            return None
        s, e = sentences[k - back]
        tidy = _tidy(masked[s:e])
        own = _own_words(tidy)
        if len(own) < MIN_PROPOSITION_WORDS:
            continue
        # A sentence that starts in lower case starts inside a citation ("enf'd, and we have
        # discussed"): it is a proposition only when a good part of a sentence follows.
        if len(own) < MOSTLY_CITED_MIN_WORDS and not tidy[:1].isupper() and tidy[:1] not in "“\"'‘(§":
            continue
        if len(own) < MOSTLY_CITED_MIN_WORDS and _cited_share(text[s:e], masked[s:e]) > MOSTLY_CITED_SHARE:
            continue
        s = _quote_start(text, sentences, k - back)
        return _tidy(readable[s:e]), s, e
    return None


def _quote_start(text: str, sentences: list[tuple[int, int]], k: int) -> int:
    """Where sentence ``k`` starts, or the sentence opening the quotation it closes.

    A quotation of two sentences cited at its end ("... not preserved for
    appeal. The only exception to this rule is when the claim involves
    fundamental error." Archer, 934 So. 2d at 1205) is one proposition.
    """
    s, e = sentences[k]
    # A sentence span stops at its full stop; the closing quotation mark follows it.
    e += len(text[e : e + 3]) - len(text[e : e + 3].lstrip('”"’)'))
    for back in range(1, MAX_QUOTED_SENTENCES):
        if not _closes_a_quote(text[s:e]) or k - back < 0:
            break
        s = sentences[k - back][0]
    return s if not _closes_a_quote(text[s:e]) else sentences[k][0]


def _closes_a_quote(text: str) -> bool:
    """Whether ``text`` ends a quotation it does not open."""
    if text.count("”") > text.count("“"):
        return True
    return text.count('"') % 2 == 1 and text.rstrip(" .;,)")[-1:] == '"'


def _cited_share(sentence: str, masked: str) -> float:
    """The share of a sentence's letters and digits that its citations took."""
    return 1.0 - _alnum(masked) / max(1, _alnum(sentence))


def _alnum(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


# Each cleanup is run only on a text that holds one of the literals every match of it contains.
_CLEANUP_LITERALS = [(rx, repl, required_literals(rx)) for rx, repl in _CLEANUP]


def _tidy(text: str) -> str:
    text = _SIGNAL_HEAD.sub("", text.strip())
    for rx, repl, literals in _CLEANUP_LITERALS:
        # (kb.analysis.literals.may_match written out: a call per cleanup cost what the test saves)
        if len(literals) == 1 and literals[0] not in text:
            continue
        if len(literals) > 1 and not any(lit in text for lit in literals):
            continue
        text = rx.sub(repl, text)
    return text.strip(" ;,")
