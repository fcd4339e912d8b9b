"""Find every citation in a cleaned opinion.

eyecite finds the reporter citations (full, short, ``Id.``, supra, state
codes and session laws it knows from reporters-db). What it does not find,
or finds wrongly, is found here over the cleaned text:

* federal provisions in every form: ``8 U.S.C. §§ 1101(a)(15)(U), 1184(p)``,
  ``INA § 242(g)``, bare ``§ 1252(g)`` / ``section 1252(g)``, court rules
  (``Fed. R. Civ. P. 12(b)(1)``, ``Rule 12(b)(6)``) and the Constitution;
* state codes eyecite does not know, and memoranda;
* secondary and other authorities (:mod:`kb.analysis.secondary`): treatises,
  dictionaries, restatements, model codes, legislative materials, pattern
  jury instructions; eyecite's Federal Register cites are re-kinded as such;
* record citations (``(Compl. ¶ 12.)``, ``Ex. B``), which are not authorities
  but do capture a following ``Id.``.

Overlapping finds are settled here (the more specific finder wins; a case or
provision beats an other authority on the same span); then
:mod:`kb.analysis.surroundings` reads what surrounds each citation. The
result is a flat list of :class:`~kb.models.Cite` in text order;
:mod:`kb.analysis.resolve` turns it into references to canonical authorities.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from kb.analysis import patterns as P
from kb.analysis.provisions import provision_items
from kb.analysis.reporters import BLANK_PAGE, bluebook_reporter, cite_string
from kb.analysis.secondary import read_edition, secondary_items
from kb.analysis.surroundings import balanced_close, norm_pin, read_surroundings
from kb.bluebook import bluebook_date
from kb.models import Cite, CleanText

if TYPE_CHECKING:
    from eyecite.tokenizers import Tokenizer

_ID = re.compile(r"(?:[Ii]d|[Ii]bid)\.")
_FED_REG = re.compile(r"^(?P<vol>\d+) (?:FR|Fed\. ?Reg\.) (?P<page>[\d,]+)$")
_DASHES = str.maketrans({"–": "-", "—": "-"})


# ---------------------------------------------------------------------------
# Public entry point


def extract_citations(clean: CleanText, *, tokenizer: object | None = None) -> list[Cite]:
    """Find every citation in ``clean.text``.

    Args:
        clean: the cleaned opinion.
        tokenizer: an eyecite tokenizer; kb's default (``kb.analysis.eyecite_hooks.get_tokenizer()``) when ``None``.

    Returns:
        Citations in text order, with names, pins, courts, years,
        parentheticals, signals and nesting filled in. Record citations are
        included with ``kind="record"`` so that ``Id.`` can be resolved.
    """
    text = clean.text
    items = _eyecite_items(text, tokenizer)
    items += provision_items(text)
    items += _other_items(text)
    items += _docket_items(text)
    items += secondary_items(text)
    items = _drop_overlaps(_prefer_secondary(_federal_register(text, items)))
    read_surroundings(text, items)
    kept = [i for i, c in enumerate(items) if not c.absorbed]
    kept = sorted(kept + _part_aliases(text, items, kept), key=lambda i: items[i].core_start)
    new_index = {old: new for new, old in enumerate(kept)}
    for i in kept:
        owner, history_of = items[i].owner, items[i].history_of
        items[i].owner = new_index.get(owner) if owner is not None else None
        items[i].history_of = new_index.get(history_of) if history_of is not None else None
    return [items[i] for i in kept]


# "28 U. S. C. §2412(d)(1)(A) (hereinafter subsection (d)(1)(A))": the words a full
# provision cite defines for itself, each later use of them a reference to it.
_PART_ALIAS = re.compile(
    r"^\s*hereinafter\s+(?P<alias>(?:sub)?(?:section|paragraph|clause)\s+(?:\([0-9A-Za-z]{1,4}\))+)\s*$", re.IGNORECASE
)


MAX_PART_ALIASES = 20


def _part_aliases(text: str, items: list[Cite], kept: list[int]) -> list[int]:
    """Append to ``items`` a bare cite for each later use of a provision's defined name; return their indices.

    A use inside another citation's span is that citation's, never a second reference.
    A bare section's uses are bare sections like it, resolved to its code as it is.
    """
    defined = [
        (items[i], m.group("alias"), p.end)
        for i in kept
        if items[i].kind in ("statute", "regulation") and items[i].form in ("full", "bare") and items[i].section
        for p in items[i].parens
        if (m := _PART_ALIAS.match(p.text))
    ]
    if not defined:
        return []
    # Each definition is one scan of the text: a document defining hundreds would be quadratic,
    # and real ones define a handful.
    defined = defined[:MAX_PART_ALIASES]
    taken = sorted((items[i].start, max(items[i].end, items[i].core_end)) for i in kept)
    starts = [a for a, _ in taken]
    added: list[int] = []
    for c, alias, after in defined:
        head, rest = alias[0], re.escape(alias[1:]).replace(r"\ ", r"\s+")
        use = re.compile(rf"(?<![\w(])[{head.upper()}{head.lower()}]{rest}(?![\w(])")
        for m in use.finditer(text, after + 1):
            k = bisect_right(starts, m.start()) - 1
            if k >= 0 and taken[k][1] > m.start():
                continue
            item = Cite(c.kind, "bare", m.start(), m.end(), key=c.key, code=c.code)
            item.section, item.subsections, item.start, item.end = c.section, c.subsections, m.start(), m.end()
            items.append(item)
            added.append(len(items) - 1)
    return added


def drop_before(cites: list[Cite], in_header: Callable[[Cite], bool]) -> list[Cite]:
    """``cites`` without the leading ones ``in_header`` picks, indices of owners kept right."""
    k = 0
    while k < len(cites) and in_header(cites[k]):
        k += 1
    if not k:
        return cites
    rest = cites[k:]
    for c in rest:
        c.owner = c.owner - k if c.owner is not None and c.owner >= k else None
        c.history_of = c.history_of - k if c.history_of is not None and c.history_of >= k else None
    return rest


def canonical_citation(citation: str) -> str | None:
    """Bluebook form of one reporter citation (``157 F.Supp.3d 779`` -> ``157 F. Supp. 3d 779``)."""
    from eyecite import get_citations
    from eyecite.models import FullCaseCitation

    for c in get_citations(citation):
        if isinstance(c, FullCaseCitation):
            return cite_string(*_canonical_parts(c))
    return None


# ---------------------------------------------------------------------------
# Finding the citations


def _eyecite_items(text: str, tokenizer: object | None) -> list[Cite]:
    if not text:
        # eyecite refuses empty text (ValueError); a file of filing headers cleans down to nothing.
        return []
    from eyecite import get_citations
    from eyecite.models import (  # noqa: I001
        FullCaseCitation,
        FullJournalCitation,
        FullLawCitation,
        IdCitation,
        ReferenceCitation,
        ShortCaseCitation,
        SupraCitation,
    )
    from eyecite.tokenizers import HyperscanTokenizer

    from kb.analysis.eyecite_hooks import get_tokenizer, install_court_cache, install_reference_patterns

    install_court_cache()
    install_reference_patterns()
    tok = cast("Tokenizer", tokenizer if tokenizer is not None else get_tokenizer())
    items: list[Cite] = []
    for c in get_citations(eyecite_view(text, hyperscan=isinstance(tok, HyperscanTokenizer)), tokenizer=tok):
        start, end = _span(c)
        if isinstance(c, FullCaseCitation | ShortCaseCitation):
            vol, rep, page = _canonical_parts(c)
            if not vol or not rep:
                continue
            form = "full" if isinstance(c, FullCaseCitation) else "short"
            item = Cite("case", form, start, end, cites=[(vol, rep, page)])
            if form == "short":
                item.antecedent_guess = c.metadata.antecedent_guess
            items.append(item)
        elif isinstance(c, IdCitation):
            m = _ID.match(text, start)
            items.append(Cite("case", "id", start, m.end() if m else start + 3))
        elif isinstance(c, SupraCitation):
            item = Cite("case", "supra", start, end)
            item.antecedent_guess = c.metadata.antecedent_guess
            item.pin = norm_pin(re.sub(r"^,?\s*at\s+", "", c.metadata.pin_cite)) if c.metadata.pin_cite else None
            items.append(item)
        elif isinstance(c, ReferenceCitation):
            # "Jones at 470": a short form by name alone, resolved by name.
            item = Cite("case", "short", start, end)
            item.short_name = c.metadata.plaintiff or c.metadata.defendant
            pin = c.metadata.pin_cite
            item.pin = norm_pin(re.sub(r"^,?\s*at\s+", "", pin)) if pin else None
            items.append(item)
        elif isinstance(c, FullLawCitation):
            items.append(_law_item(c, start, end))
        elif isinstance(c, FullJournalCitation):
            items.append(Cite("other", "full", start, end, key=_corrected(c)))
    items += _page_range_short_cites(text, tok)
    return items + _same_reporter_cites(text, items)


# Forms eyecite misses, rewritten one character for one so that every span
# stays the same: "(Id. at p. 12.)" and "(Ibid.)" (eyecite finds Id. only
# after a space).
_EYECITE_VIEW = re.compile(r"[(\[](?=(?:[Ii]d|[Ii]bid)\.)|(?:(?<=\bId\.)|(?<=\bid\.)|(?<=\bIbid\.)|(?<=\bibid\.))[)\]]")
# "Pub. L. No. 87-794, 76 Stat. 872": eyecite reads the volume of the Statutes at
# Large as the law's section ("Pub. L. No. 87-794, 76") and loses the Stat. cite;
# a semicolon in eyecite's view keeps the two apart.
_PUB_L_THEN_STAT = re.compile(r"(?<=Pub\. L\. No\. )(\d{1,3}-\d{1,4})\s*,(?=\s*\d{1,3}\s+Stat\.)")
# "83 Cal.App.5th at pp. 633-634": eyecite reads "at p." but not "at pp.".
_AT_PP = re.compile(r"\bat pp\.\s*(?=\d)")
# How far before "at pp." the volume and reporter may start.
AT_PP_WINDOW = 60


def eyecite_view(text: str, *, hyperscan: bool = False) -> str:
    """``text`` as eyecite is given it: same length, a few forms eyecite misses rewritten.

    Hyperscan also drops "204 F.3d at 746–47" unless dashes are hyphens.

    Example:
        >>> eyecite_view("(Id. at pp. 4-5.)")
        ' Id. at p.  4-5.)'
    """
    view = _EYECITE_VIEW.sub(" ", text)
    if "Pub. L." in view:
        view = _PUB_L_THEN_STAT.sub(lambda m: m.group(1) + ";", view)
    return view.translate(_DASHES) if hyperscan else view


def _span(c: Any) -> tuple[int, int]:
    """An eyecite citation's span (eyecite leaves ``span()`` unannotated)."""
    start, end = c.span()
    return int(start), int(end)


def _corrected(c: Any) -> str:
    """An eyecite citation's ``corrected_citation()`` (unannotated in eyecite)."""
    return str(c.corrected_citation())


def _page_range_short_cites(text: str, tokenizer: Tokenizer) -> list[Cite]:
    """Short cites to a page range, ``83 Cal.App.5th at pp. 633-634``, read by eyecite as ``at 633``."""
    from eyecite import get_citations
    from eyecite.models import ShortCaseCitation

    items = []
    for m in _AT_PP.finditer(text):
        start = max(0, m.start() - AT_PP_WINDOW)
        snippet = text[start : m.start()] + "at " + text[m.end() : m.end() + 12]
        for c in get_citations(snippet, tokenizer=tokenizer):
            if isinstance(c, ShortCaseCitation) and _span(c)[1] > m.start() - start:
                vol, rep, page = _canonical_parts(c)
                item = Cite("case", "short", start + _span(c)[0], m.end() + len(page), cites=[(vol, rep, page)])
                item.antecedent_guess = c.metadata.antecedent_guess
                items.append(item)
    return items


# Nineteenth-century style: "Dickinson v. Hayes, 31 Conn., 422; Mix's Appeal, 35 id.,
# 122": "id." stands for the reporter of the citation before.
_SAME_REPORTER = re.compile(r"(?<![\w.])(?P<vol>\d{1,4})\s+id\.,?\s+(?P<page>\d{1,5})\b")


def _same_reporter_cites(text: str, items: list[Cite]) -> list[Cite]:
    """``35 id., 122`` after ``31 Conn., 422``: a full citation in the same reporter."""
    if " id." not in text:
        return []
    fulls = sorted((c.core_start, c.cites[0][1]) for c in items if c.kind == "case" and c.form == "full" and c.cites)
    starts = [at for at, _ in fulls]
    out = []
    for m in _SAME_REPORTER.finditer(text):
        k = bisect_right(starts, m.start()) - 1
        if k < 0 or m.start() - starts[k] > SAME_REPORTER_REACH:
            continue
        out.append(Cite("case", "full", m.start(), m.end(), cites=[(m.group("vol"), fulls[k][1], m.group("page"))]))
    return out


# How far back the citation whose reporter "35 id., 122" repeats may be.
SAME_REPORTER_REACH = 400


def _law_item(c: object, start: int, end: int) -> Cite:
    """A statute or regulation eyecite found (state codes, session laws).

    The key names the code as Bluebook does: eyecite's ``corrected_citation()``
    drops a code's subject ("Cal. Gov. Code" becomes "Cal. Code"), so the name
    is rebuilt from reporters-db's pattern for it with the subject put back.
    """
    groups = c.groups  # type: ignore[attr-defined]
    edition = getattr(c, "edition_guess", None)
    printed = re.sub(r"\s+", " ", groups.get("reporter") or "")
    rep = law_name(edition.short_name, groups.get("subject")) if edition else printed
    kind = "regulation" if any("C.F.R" in r or "Reg" in r or r == "FR" for r in (rep, printed)) else "statute"
    pin = c.metadata.pin_cite or ""  # type: ignore[attr-defined]
    sub = pin if pin.startswith("(") else ""
    title = groups.get("title") or groups.get("chapter")
    section = groups.get("section") or ""
    if section and rep and "Pub. L" not in rep:
        base = f"{title + ' ' if title else ''}{rep} § {section}"
    else:
        # "Pub. L. No. 95-223, Tit. II": eyecite's citation keeps the comma that follows it.
        base = c.corrected_citation().rstrip(" ,;:")  # type: ignore[attr-defined]
    code = f"{title + ' ' if title else ''}{rep}"
    if "Pub. L" in (rep or ""):
        # A bare "§ 301" after "Pub. L. No. 77-354, § 301" is that law's: keyed as its full cite is.
        code = re.sub(r"\s*§.*$", "", base).rstrip(",") + ","
    item = Cite(kind, "full", start, end, key=base + sub, source="eyecite", code=code)
    item.section, item.subsections = section, sub
    item.parent_key = base if sub else None
    return item


@cache
def _law_patterns() -> dict[str, str]:
    import reporters_db

    return {name: entries[0]["regexes"][0] for name, entries in reporters_db.LAWS.items() if entries[0].get("regexes")}


def law_name(short_name: str, subject: str | None) -> str:
    """A code's Bluebook name from reporters-db, with its subject (``Tex. Code Ann.``, ``Fam.`` -> ``Tex. Fam. Code Ann.``)."""
    pattern = _law_patterns().get(short_name, "")
    if not subject or "$law_subject" not in pattern:
        return short_name
    m = re.search(r"\(\?P<reporter>(.*?)\)", pattern)
    if m:
        return re.sub(r"\\(.)", r"\1", m.group(1)).replace("$law_subject", subject)
    if pattern.startswith("$reporter, $law_subject"):
        return f"{short_name}, {subject}"
    return short_name


def _canonical_parts(c: object) -> tuple[str, str, str]:
    """(volume, Bluebook reporter, page) of an eyecite case citation; a blank page is ``___``."""
    groups = c.groups  # type: ignore[attr-defined]
    vol = groups.get("volume") or ""
    page = (groups.get("page") or "").strip()
    printed = re.sub(r",?\s+at$", "", groups.get("reporter") or "").rstrip(", ")  # "280 F.3d at 787"
    edition = getattr(c, "edition_guess", None)
    rep = bluebook_reporter(printed, edition.short_name) if edition else re.sub(r"\s+", " ", printed).strip()
    return vol, rep, page if page.strip("_") else BLANK_PAGE


def _other_items(text: str) -> list[Cite]:
    """Record citations and memoranda."""
    items = []
    for m in P.RECORD.finditer(text):
        # "(Opp'n ¶ 25.)" is a record cite to its closing parenthesis.
        end = (balanced_close(text, m.start()) or m.end()) if text[m.start()] == "(" else m.end()
        items.append(Cite("record", "record", m.start(), end))
    for m in P.MEMO_FULL.finditer(text):
        item = Cite("other", "full", m.start(), m.end(), key=f"{m.group('last')} Memo")
        d = P.MEMO_DATE.search(text, m.end(), m.end() + 600)
        stop = d.start() if d else m.end()
        body = text[m.start() : stop]
        at = re.search(r",?\s*at\s+(?P<pin>" + P.PIN_LIST + r")\s*$", body)
        if at:
            item.pin = at.group("pin")
            body = body[: at.start()]
        item.name = re.sub(r"\s+,", ",", body).strip(" ,")
        if d:
            item.year = int(d.group("year"))
            item.core_end = d.end()
            # The date is part of a memorandum's citation (Bluebook 17.2.1): "(Sept. 24, 2009)".
            item.name += f" ({bluebook_date(d.group(0)[1:-1])})"
        items.append(item)
    for m in P.MEMO_CITE.finditer(text):
        item = Cite("other", "full", m.start(), m.end() - 2, key=f"{m.group('last')} Memo")
        item.name = m.group(0).strip(" ,")
        items.append(item)
    for m in P.MEMO_SHORT.finditer(text):
        item = Cite("other", "short", m.start(), m.end(), key=f"{m.group('last')} Memo")
        item.pin = m.group("pin")
        items.append(item)
    return items


# A decision cited by its docket number, not yet in any reporter: "Nyacol, No.
# 92-1949, slip op. at 8 (1st Cir. Feb. 24, 1993)", "Civ. No. 12–1311 (D NM, Feb. 5, 2014)".
_DOCKET_CITE = re.compile(
    r"(?<![\w.])(?:(?:Civ|Crim|Cr)\.\s+|Civil\s+Action\s+)?No\.\s*(?P<docket>[A-Z0-9][\w:.\-–]{2,30}?(?:\s*\([A-Z]{2,5}\))?)"
    r",?\s*(?:slip\.?\s+op\.(?:\s+at\s+\d+)?,?\s*)?"
    r"\((?P<court>[A-Z0-9][^()]{0,40}?),?\s+(?P<date>" + P.MONTH + r"\s+\d{1,2},\s+(?P<year>1[89]\d\d|20\d\d))\)"
)


def _docket_items(text: str) -> list[Cite]:
    """Decisions cited by docket number, keyed ``No. 92-1949 (1st Cir. Feb. 24, 1993)``."""
    from kb.courts import court_citation, court_id_for

    items: list[Cite] = []
    if "No." not in text:
        return items
    for m in _DOCKET_CITE.finditer(text):
        court_text = m.group("court").strip().rstrip(",")
        court_id = court_id_for(court_text) or court_id_for(court_text.replace(" ", ". ").replace("..", ".") + ".")
        if not court_id:
            continue  # "(Tr. Mar. 3, 2019)", "(hearing Jan. 5)": not a court
        court = court_citation(court_id, court_text)
        docket = m.group("docket").replace("–", "-")
        date = bluebook_date(m.group("date"))
        item = Cite("case", "full", m.start(), m.end(), key=f"No. {docket} ({court} {date})")
        item.court_id, item.court, item.year = court_id, court, int(m.group("year"))
        items.append(item)
    return items


def _drop_overlaps(items: list[Cite]) -> list[Cite]:
    """Keep one citation per stretch of text, preferring the more specific finder."""
    priority = {"case": 0, "statute": 1, "regulation": 1, "rule": 1, "constitution": 1, "other": 2, "record": 3}
    form_rank = {"full": 0, "short": 1, "id": 1, "supra": 1, "record": 2, "bare": 3}

    # For provisions: our federal patterns (which split "§§" lists) beat
    # eyecite's law citations, which beat our generic state-code pattern;
    # among other authorities, eyecite's law reviews beat kb's secondary finds.
    source_rank = {"kb": 0, "eyecite": 1, "kb-generic": 2}

    def rank(c: Cite) -> tuple[int, int, int, int]:
        return (form_rank.get(c.form, 4), priority.get(c.kind, 5), source_rank[c.source], -(c.core_end - c.core_start))

    kept: list[Cite] = []
    taken = _Taken(max((c.core_end for c in items), default=0))
    for c in sorted(items, key=rank):
        if taken.overlaps(c.core_start, c.core_end):
            continue
        taken.add(c.core_start, c.core_end)
        kept.append(c)
    kept.sort(key=lambda c: (c.core_start, c.core_end))
    return kept


class _Taken:
    """The spans kept so far, which never overlap: each test costs its own span's length, not the number kept.

    Spans are half-open, ``[start, end)``; two overlap when each starts
    before the other ends. A list of kept spans scanned for every new one
    made a document of 100,000 citations quadratic.
    """

    def __init__(self, size: int) -> None:
        self.covered = bytearray(size + 2)  # 1 where a kept span of some length covers the character
        self.opens = bytearray(size + 2)  # 1 where a kept span of some length starts
        self.points = bytearray(size + 2)  # 1 where a kept empty span sits

    def overlaps(self, start: int, end: int) -> bool:
        start = max(0, start)
        if end <= start:
            # An empty span overlaps a span it lies strictly inside.
            return 0 < start < len(self.covered) and bool(
                self.covered[start - 1] and self.covered[start] and not self.opens[start]
            )
        return self.covered.find(1, start, end) >= 0 or self.points.find(1, start + 1, end) >= 0

    def add(self, start: int, end: int) -> None:
        start = max(0, start)
        if end <= start:
            self.points[start] = 1
            return
        self.covered[start:end] = b"\x01" * (end - start)
        self.opens[start] = 1


def _federal_register(text: str, items: list[Cite]) -> list[Cite]:
    """eyecite's Federal Register cites as other authorities: ``63 Fed. Reg. 12345`` (short: ``77 Fed. Reg. at 433``).

    eyecite reads them as a law (full) or a reporter (short); a rulemaking
    notice is neither a regulation nor a case. A short cite takes the key of
    the latest full cite of that volume on an earlier page; without one it
    is dropped.
    """
    out: list[Cite] = []
    full: dict[str, list[tuple[int, str]]] = {}  # volume -> sorted (first page, key) of full cites so far
    for c in items:
        if c.kind == "regulation" and c.key and _FED_REG.match(c.key):
            m = _FED_REG.match(c.key)
            vol, page = m.group("vol"), m.group("page").replace(",", "")  # type: ignore[union-attr]
            c.kind, c.key, c.parent_key, c.source = "other", f"{vol} Fed. Reg. {page}", None, "kb-generic"
            c.name = text[c.core_start : c.core_end]
            c.core_end, c.year, _ = read_edition(text, c.core_end)
            insort(full.setdefault(vol, []), (int(page), c.key))
        elif c.kind == "case" and c.form == "short" and c.cites and c.cites[0][1] in ("FR", "Fed. Reg."):
            vol, pin = c.cites[0][0], c.cites[0][2].replace(",", "")
            pages = full.get(vol, [])
            i = bisect_right(pages, (int(pin), "\uffff")) if pin.isdigit() else 0
            if i == 0:
                continue
            c.kind, c.key, c.pin, c.cites, c.source = "other", pages[i - 1][1], pin, [], "kb-generic"
            c.antecedent_guess = c.key
        out.append(c)
    return out


def _prefer_secondary(items: list[Cite]) -> list[Cite]:
    """Settle what only kb's secondary finds know.

    * ``Wright & Miller, supra, § 1357``: eyecite reads a supra of a case
      named "Miller"; a secondary short form is only found after its work's
      full cite, so it wins.
    * ``Fed. R. Civ. P. 56 advisory committee's note``: the note is cited,
      not the rule.
    """
    shorts = sorted(
        (c for c in items if c.kind == "other" and c.form == "short" and c.source == "kb-generic"),
        key=lambda c: c.core_start,
    )
    notes = sorted(
        (c for c in items if c.kind == "other" and c.key and " advisory committee's note" in c.key),
        key=lambda c: c.core_start,
    )
    short_starts, note_starts = [c.core_start for c in shorts], [c.core_start for c in notes]
    return [
        c
        for c in items
        if not (c.kind == "case" and c.form == "supra" and _overlapping(c, shorts, short_starts))
        and not (c.kind == "rule" and _overlapping(c, notes, note_starts, inside=True))
    ]


def _overlapping(c: Cite, spans: list[Cite], starts: list[int], *, inside: bool = False) -> bool:
    """Whether ``c`` overlaps (or lies inside) one of ``spans``, sorted by ``starts`` and not overlapping each other."""
    i = bisect_right(starts, c.core_start)
    for s in spans[max(0, i - 1) : i + 1]:
        if inside and s.core_start <= c.core_start and c.core_end <= s.core_end:
            return True
        if not inside and c.core_start < s.core_end and s.core_start < c.core_end:
            return True
    return False
