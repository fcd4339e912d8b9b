"""Find every citation in a cleaned opinion, with what surrounds it.

eyecite finds the reporter citations (full, short, ``Id.``, supra). What it
does not do, or gets wrong, is done here over the cleaned text:

* federal provisions in every form: ``8 U.S.C. §§ 1101(a)(15)(U), 1184(p)``,
  ``INA § 242(g)``, bare ``§ 1252(g)`` / ``section 1252(g)``, court rules
  (``Fed. R. Civ. P. 12(b)(1)``, ``Rule 12(b)(6)``) and the Constitution;
* the case name, read backwards from the citation to the nearest signal,
  clause boundary or lowercase prose word, skipping docket numbers;
* pin cites, parallel citations, the court-and-date parenthetical of *this*
  citation (eyecite sometimes takes a neighbour's), and the explanatory
  parentheticals after it, with the citations nested inside them;
* the introductory signal, carried across a string cite;
* record citations (``(Compl. ¶ 12.)``, ``Ex. B``), which are not authorities
  but do capture a following ``Id.``.

The result is a flat list of :class:`Cite` in text order; :mod:`kb.resolve`
turns it into references to canonical authorities.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cache

from kb import patterns as P
from kb.clean import CleanText
from kb.courts import court_citation, court_id_for
from kb.names import is_stop_token, merge_split_tokens, normalize_case_name
from kb.tables import CIRCUIT_ORDINALS, INA_TO_USC

logger = logging.getLogger(__name__)

# A parenthetical longer than this is not a parenthetical but unbalanced text.
MAX_PAREN_CHARS = 2000
# How far back a case name may start before its citation.
MAX_NAME_TOKENS = 24
# A short-form antecedent name ("Gomez-Chavez", "Durable Mfg. Co.") is short.
MAX_SHORT_NAME_TOKENS = 6
# How far before a "§" a treatise's volume, authors and title may start.
TREATISE_WINDOW = 220

_ID = re.compile(r"(?:[Ii]d|[Ii]bid)\.")
_TOKEN = re.compile(r"\S+")
_DOCKET = re.compile(r"^(?:Nos?\.\s*)?[\w:/().\s&-]*\d[\w:/().\s&-]*$")
_PLACEHOLDER = re.compile(r",?\s*[-—_]{2,}\s*[A-Z][\w. ]*?\s*[-—_]{2,}\s*$")
_SEPARATORS = " ,"
_USC_SECTIONS_OF_INA = frozenset(INA_TO_USC.values())
_DASHES = str.maketrans({"–": "-", "—": "-"})


@dataclass(slots=True)
class Paren:
    """A parenthetical after a citation (offsets of its content, cleaned text)."""

    text: str
    start: int
    end: int
    explanatory: bool
    relation: str | None = None
    defines: str | None = None


@dataclass(slots=True)
class Cite:
    """One citation found in the cleaned text; mutable while extraction runs."""

    kind: str
    form: str
    core_start: int
    core_end: int
    start: int = -1
    end: int = -1
    cites: list[tuple[str, str, str]] = field(default_factory=list)
    pin: str | None = None
    parallel_pins: list[str] = field(default_factory=list)
    name: str | None = None
    short_name: str | None = None
    court_id: str | None = None
    court: str | None = None
    year: int | None = None
    parens: list[Paren] = field(default_factory=list)
    signal: str | None = None
    key: str | None = None
    parent_key: str | None = None
    code: str | None = None
    section: str | None = None
    subsections: str = ""
    ina: bool = False
    owner: int | None = None
    relation: str | None = None
    antecedent_guess: str | None = None
    absorbed: bool = False
    source: str = "kb"  # which finder: "kb", "eyecite" or "kb-generic" (loses ties)

    @property
    def explanatory(self) -> str | None:
        """The first explanatory parenthetical, if any."""
        for paren in self.parens:
            if paren.explanatory:
                return paren.text
        return None


# ---------------------------------------------------------------------------
# Public entry point


def extract_citations(clean: CleanText, *, tokenizer: object | None = None) -> list[Cite]:
    """Find every citation in ``clean.text``.

    Args:
        clean: the cleaned opinion.
        tokenizer: an eyecite tokenizer; kb's default (``kb.eyecite_hooks.tokenizer()``) when ``None``.

    Returns:
        Citations in text order, with names, pins, courts, years,
        parentheticals, signals and nesting filled in. Record citations are
        included with ``kind="record"`` so that ``Id.`` can be resolved.
    """
    text = clean.text
    items = _eyecite_items(text, tokenizer)
    items += _provision_items(text)
    items += _other_items(text)
    items += _treatise_items(text)
    items = _drop_overlaps(items)
    _parse_surroundings(text, items)
    kept = [i for i, c in enumerate(items) if not c.absorbed]
    new_index = {old: new for new, old in enumerate(kept)}
    for i in kept:
        owner = items[i].owner
        items[i].owner = new_index.get(owner) if owner is not None else None
    return [items[i] for i in kept]


def canonical_citation(citation: str) -> str | None:
    """Bluebook form of one reporter citation (``157 F.Supp.3d 779`` -> ``157 F. Supp. 3d 779``)."""
    from eyecite import get_citations
    from eyecite.models import FullCaseCitation

    for c in get_citations(citation):
        if isinstance(c, FullCaseCitation):
            return " ".join(_canonical_parts(c))
    return None


# ---------------------------------------------------------------------------
# Finding the citations


def _eyecite_items(text: str, tokenizer: object | None) -> list[Cite]:
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

    from kb.eyecite_hooks import install_court_cache, install_reference_patterns
    from kb.eyecite_hooks import tokenizer as default_tokenizer

    install_court_cache()
    install_reference_patterns()
    tokenizer = tokenizer if tokenizer is not None else default_tokenizer()
    items: list[Cite] = []
    # Hyperscan drops "204 F.3d at 746–47" unless dashes are hyphens; the
    # swap is one character for one, so every span stays the same.
    seen_text = text.translate(_DASHES) if isinstance(tokenizer, HyperscanTokenizer) else text
    for c in get_citations(seen_text, tokenizer=tokenizer):
        start, end = c.span()
        if isinstance(c, FullCaseCitation | ShortCaseCitation):
            vol, rep, page = _canonical_parts(c)
            if not vol or not page.strip("_") or not rep:
                continue  # a blank-page placeholder ("598 U. S. ____"), not a citation
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
            item.pin = _norm_pin(re.sub(r"^,?\s*at\s+", "", c.metadata.pin_cite)) if c.metadata.pin_cite else None
            items.append(item)
        elif isinstance(c, ReferenceCitation):
            # "Jones at 470": a short form by name alone, resolved by name.
            item = Cite("case", "short", start, end)
            item.short_name = c.metadata.plaintiff or c.metadata.defendant
            pin = c.metadata.pin_cite
            item.pin = _norm_pin(re.sub(r"^,?\s*at\s+", "", pin)) if pin else None
            items.append(item)
        elif isinstance(c, FullLawCitation):
            items.append(_law_item(c, start, end))
        elif isinstance(c, FullJournalCitation):
            items.append(Cite("other", "full", start, end, key=c.corrected_citation()))
    return items


def _law_item(c: object, start: int, end: int) -> Cite:
    """A statute or regulation eyecite found (state codes, session laws).

    The key keeps the code as printed: eyecite's ``corrected_citation()``
    drops a code's subject ("Cal. Gov. Code" becomes "Cal. Code").
    """
    groups = c.groups  # type: ignore[attr-defined]
    rep = re.sub(r"\s+", " ", groups.get("reporter") or "")
    kind = "regulation" if "C.F.R" in rep or "Reg" in rep else "statute"
    pin = c.metadata.pin_cite or ""  # type: ignore[attr-defined]
    sub = pin if pin.startswith("(") else ""
    title = groups.get("title") or groups.get("chapter")
    section = groups.get("section") or ""
    if section and rep and "Pub. L" not in rep:
        base = f"{title + ' ' if title else ''}{rep} § {section}"
    else:
        base = c.corrected_citation()  # type: ignore[attr-defined]
    item = Cite(kind, "full", start, end, key=base + sub, source="eyecite")
    item.parent_key = base if sub else None
    return item


def _canonical_parts(c: object) -> tuple[str, str, str]:
    """(volume, Bluebook reporter, page) of an eyecite case citation."""
    groups = c.groups  # type: ignore[attr-defined]
    vol, page = groups.get("volume") or "", groups.get("page") or ""
    rep = groups.get("reporter") or ""
    try:
        corrected = c.corrected_citation()  # type: ignore[attr-defined]
    except Exception:  # no edition guess: keep the printed reporter
        corrected = ""
    if corrected.startswith(vol + " ") and corrected.endswith(" " + page):
        rep = corrected[len(vol) + 1 : len(corrected) - len(page) - 1]
    rep = re.sub(r",?\s+at$", "", rep)  # short forms: "280 F.3d at 787"
    return vol, _normalize_reporter(rep), page


@cache
def _normalize_reporter(rep: str) -> str:
    """Bluebook spacing for a reporter eyecite could not correct."""
    return re.sub(r"\s+", " ", rep).strip()


def _provision_items(text: str) -> list[Cite]:
    items: list[Cite] = []
    for m in P.USC.finditer(text):
        items += _section_list(m, "statute", f"{m.group('title')} U.S.C.")
    for m in P.CFR.finditer(text):
        items += _section_list(m, "regulation", f"{m.group('title')} C.F.R.")
    for m in P.INA.finditer(text):
        for item in _section_list(m, "statute", None):
            item.ina = True
            _apply_ina(item)
            items.append(item)
    for m in P.RULE.finditer(text):
        items.append(_rule_item(m, P.RULE_SETS[m.group("set").lower()], "full"))
    for m in P.RULE_TEXT.finditer(text):
        rule_set = P.RULE_SETS[(m.group("set") or m.group("set2")).lower()]
        items.append(_rule_item(m, rule_set, "full"))
    for m in P.BARE_RULE.finditer(text):
        items.append(_rule_item(m, None, "bare"))
    for m in P.CIRCUIT_RULE.finditer(text):
        circuit = CIRCUIT_ORDINALS.get(m.group("circ").lower(), m.group("circ"))
        items.append(_rule_item(m, f"{circuit} Cir. R.", "full"))
    for m in P.STATE_CODE.finditer(text):
        code = re.sub(r"\s+", " ", (f"{m.group('title')} " if m.group("title") else "") + m.group("code").strip())
        for item in _section_list(m, "statute", code):
            item.source = "kb-generic"
            items.append(item)
    for m in P.CONSTITUTION.finditer(text):
        items.append(_constitution_item(m))
    for m in P.AMENDMENT_TEXT.finditer(text):
        number = P.ORDINAL_NUMBER[m.group("ord").lower()]
        key = f"U.S. Const. amend. {_roman(number)}"
        items.append(Cite("constitution", "bare", m.start(), m.end(), key=key))
    for m in P.BARE_SECTION.finditer(text):
        for item in _section_list(m, None, None):
            item.form = "bare"
            if m.group("ina"):
                item.ina = True
                item.kind = "statute"
                _apply_ina(item)
            items.append(item)
    return items


def _section_list(m: re.Match[str], kind: str | None, code: str | None) -> list[Cite]:
    """One Cite per section in ``§§ 251, 557``; the first spans the code too."""
    out: list[Cite] = []
    list_start = m.start("list")
    for i, s in enumerate(P.SECTION.finditer(m.group("list"))):
        sub = re.sub(r"\s+", "", s.group("sub")).replace("–", "-")
        start = m.start() if i == 0 else list_start + s.start()
        end = list_start + s.end()
        if i == 0 and m.lastgroup == "ina" and m.group("ina"):
            end = m.end()
        item = Cite(kind or "statute", "full", start, end, code=code)
        item.section, item.subsections = s.group("sec"), sub
        if code:
            item.key = f"{code} § {item.section}{sub}"
            item.parent_key = f"{code} § {item.section}" if sub else None
        out.append(item)
    return out


def _apply_ina(item: Cite) -> None:
    """Re-key an INA section as its 8 U.S.C. codification, when known.

    Opinions often write the U.S.C. number with the INA's name ("section
    1252(g) of the INA"); a number that is itself an 8 U.S.C. section is kept.
    """
    usc = INA_TO_USC.get(item.section or "")
    if usc is None and item.section in _USC_SECTIONS_OF_INA:
        usc = item.section
    if usc:
        item.code = "8 U.S.C."
        item.key = f"8 U.S.C. § {usc}{item.subsections}"
        item.parent_key = f"8 U.S.C. § {usc}" if item.subsections else None
        item.section = usc
    else:
        item.key = f"INA § {item.section}{item.subsections}"


def _rule_item(m: re.Match[str], rule_set: str | None, form: str) -> Cite:
    groups = m.groupdict()
    num = groups.get("num") or groups.get("num2") or ""
    sub = re.sub(r"\s+", "", groups.get("sub") or groups.get("sub2") or "")
    item = Cite("rule", form, m.start(), m.end(), code=rule_set)
    item.section, item.subsections = num, sub
    if rule_set:
        item.key = f"{rule_set} {num}{sub}"
        item.parent_key = f"{rule_set} {num}" if sub else None
    return item


def _constitution_item(m: re.Match[str]) -> Cite:
    if m.group("amend"):
        base = f"U.S. Const. amend. {m.group('amend')}"
        key = base + (f", § {m.group('msec')}" if m.group("msec") else "")
    else:
        base = f"U.S. Const. art. {m.group('art')}"
        key = base + (f", § {m.group('asec')}" if m.group("asec") else "")
        key += f", cl. {m.group('cl')}" if m.group("cl") else ""
    item = Cite("constitution", "full", m.start(), m.end(), key=key)
    item.parent_key = base if key != base else None
    return item


def _roman(n: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out


def _other_items(text: str) -> list[Cite]:
    """Record citations and memoranda."""
    items = []
    for m in P.RECORD.finditer(text):
        # "(Opp'n ¶ 25.)" is a record cite to its closing parenthesis.
        end = (_balanced(text, m.start()) or m.end()) if text[m.start()] == "(" else m.end()
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


def _treatise_items(text: str) -> list[Cite]:
    """Treatises cited by section: "6 C. Gordon, ..., Immigration Law and Procedure § 72.03[2][h] (1998)"."""
    items: list[Cite] = []
    for sign in re.finditer(r"§", text):
        window_start = max(0, sign.start() - TREATISE_WINDOW)
        m = P.TREATISE.search(text, window_start, min(len(text), sign.end() + 80))
        if not m or m.start("sec") < sign.start() or m.start("sec") > sign.end() + 2:
            continue
        authors = [a.strip() for a in re.split(r",\s*(?:&\s*)?|\s+&\s+", m.group("authors")) if a.strip()]
        lasts = [a.split()[-1] for a in authors]
        joined = lasts[0] if len(lasts) == 1 else ", ".join(lasts[:-1]) + " & " + lasts[-1]
        title = re.sub(r"\s+", " ", m.group("title"))
        item = Cite("other", "full", m.start(), m.end(), key=f"{joined}, {title} § {m.group('sec')}")
        item.name = re.sub(r"\s+", " ", text[m.start() : m.start("year") - 1]).strip(" (")
        item.pin = f"§ {m.group('sec')}"
        item.year = int(m.group("year"))
        items.append(item)
    return items


def _drop_overlaps(items: list[Cite]) -> list[Cite]:
    """Keep one citation per stretch of text, preferring the more specific finder."""
    priority = {"case": 0, "other": 1, "statute": 2, "regulation": 2, "rule": 2, "constitution": 2, "record": 3}
    form_rank = {"full": 0, "short": 1, "id": 1, "supra": 1, "record": 2, "bare": 3}

    # For provisions: our federal patterns (which split "§§" lists) beat
    # eyecite's law citations, which beat our generic state-code pattern.
    source_rank = {"kb": 0, "eyecite": 1, "kb-generic": 2}

    def rank(c: Cite) -> tuple[int, int, int, int]:
        return (form_rank.get(c.form, 4), priority.get(c.kind, 5), source_rank[c.source], -(c.core_end - c.core_start))

    kept: list[Cite] = []
    for c in sorted(items, key=rank):
        if any(c.core_start < k.core_end and k.core_start < c.core_end for k in kept):
            continue
        kept.append(c)
    kept.sort(key=lambda c: (c.core_start, c.core_end))
    return kept


# ---------------------------------------------------------------------------
# Reading what surrounds each citation


def _parse_surroundings(text: str, items: list[Cite]) -> None:
    ranges: list[tuple[int, int, int, str | None]] = []  # paren start, end, owner, relation
    prev_top: Cite | None = None
    prev_end = 0
    consumed = 0  # end of the text the last citation outside parentheses took
    for i, item in enumerate(items):
        if item.absorbed:
            continue
        owner = _innermost(ranges, item.core_start)
        if owner is None and item.core_start < consumed:
            item.absorbed = True
            continue
        floor = prev_end
        if owner is not None:
            o_start, _, o_idx, o_rel = owner
            item.owner, item.relation = o_idx, o_rel or "other"
            floor = max(o_start, _last_end_inside(items, i, o_start))
        if item.kind == "record":
            item.start, item.end = item.core_start, item.core_end
            if owner is None:
                prev_end = max(prev_end, item.end)
            continue
        pos = _read_core(text, items, i)
        if item.kind == "case" and item.form == "full":
            pos = _read_court_paren(text, item, pos)
            item.name, item.start = _case_name(text, item.core_start, floor)
        elif item.kind == "case" and item.form in ("short", "supra") and (item.cites or item.form == "supra"):
            item.short_name, item.start = _short_name(text, item.core_start, floor)
        elif item.kind == "case" and item.form == "short":
            item.start = item.core_start  # "Jones at 470" carries its own name
        else:
            item.start = item.core_start
            if item.kind in ("statute", "regulation") and item.form == "full":
                pos = _read_year_paren(text, item, pos)
        if item.form != "bare":  # "section 1252(g) of the INA (“INA”)" is prose, not a citation
            pos = _read_parens(text, item, pos)
        item.end = pos
        for paren in item.parens:
            ranges.append((paren.start, paren.end, i, paren.relation))
        if owner is None:
            consumed = max(consumed, item.end)
            item.signal = _signal(text, prev_top, prev_end, item)
            if item.form != "bare":
                prev_top, prev_end = item, max(prev_end, item.end)


def _innermost(ranges: list[tuple[int, int, int, str | None]], pos: int) -> tuple[int, int, int, str | None] | None:
    for r in reversed(ranges):
        if r[0] <= pos < r[1]:
            return r
    return None


def _last_end_inside(items: list[Cite], i: int, floor: int) -> int:
    """End of the last citation before ``items[i]`` that starts after ``floor``."""
    end = floor
    for prev in reversed(items[:i]):
        if prev.core_start < floor:
            break
        if not prev.absorbed and prev.end > 0:
            end = max(end, prev.end)
    return end


def _read_core(text: str, items: list[Cite], i: int) -> int:
    """Pin cites and parallel citations after the core; returns where they end."""
    item = items[i]
    if item.form == "id":
        return _absorb_parallels(text, items, i, _read_id(text, item))
    if item.kind != "case":
        return item.core_end  # provisions: "§§ 251, 557" lists were split when found
    return _absorb_parallels(text, items, i, _read_pin(text, item, item.core_end))


def _absorb_parallels(text: str, items: list[Cite], i: int, pos: int) -> int:
    """Fold the parallel cites that follow into ``items[i]``.

    "525 U.S. 471, 482, 119 S.Ct. 936, 943" is one full citation, and
    "Id. at 489, 119 S.Ct. 936" one ``Id.``: the trailing cites are parallels,
    not references of their own.
    """
    item = items[i]
    j = i + 1
    while j < len(items):
        nxt = items[j]
        gap = text[pos : nxt.core_start]
        if nxt.kind != "case" or nxt.form not in ("full", "short") or not re.fullmatch(r"\s*,\s*", gap):
            break
        nxt.absorbed = True
        if item.form != "id":
            item.cites.append(nxt.cites[0])
        pos = _read_pin(text, nxt, nxt.core_end)
        if nxt.pin:
            item.parallel_pins.append(nxt.pin)
        j += 1
    return pos


def _norm_pin(pin: str) -> str:
    """Bluebook spacing in a pin cite: ``* 1`` -> ``*1``, ``524 n. 1`` -> ``524 n.1``."""
    return re.sub(r"\b(nn?)\.\s+", r"\1.", re.sub(r"\*\s+", "*", pin.strip()))


def _read_pin(text: str, item: Cite, pos: int) -> int:
    if item.form == "short" and not item.cites:
        return pos  # a reference citation: its pin came with it
    if item.form == "short":
        # eyecite's short-cite span ends at the page, which is the pin itself.
        # eyecite's short-cite span ends at or just before the page, which is
        # the pin itself ("525 U.S. at 485 n.9"); read the pin from the page on.
        page = item.cites[0][2]
        at = text.find(page, item.core_start)
        m = P.PIN_AT.match(text, at) if at >= 0 else None
        if m:
            item.pin = _norm_pin(m.group("pin"))
            item.core_end = max(item.core_end, at + len(page))
            return max(m.end(), item.core_end)
        item.pin = page
        return pos
    m = P.PIN_AFTER_FULL.match(text, pos)
    if m:
        item.pin = _norm_pin(m.group("pin"))
        return m.end()
    return pos


def _read_id(text: str, item: Cite) -> int:
    pos = item.core_end
    if re.match(r"\s*¶", text[pos : pos + 4]):
        item.kind = item.form = "record"
        return pos
    m = P.ID_PIN.match(text, pos)
    if m:
        item.pin = _norm_pin(m.group("pin"))
        return m.end()
    m = P.ID_SECTION.match(text, pos)
    if m:
        s = P.SECTION.match(m.group("list"))
        if s:
            item.section = s.group("sec")
            item.subsections = re.sub(r"\s+", "", s.group("sub"))
            return m.start("list") + s.end()
    return pos


def _balanced(text: str, open_at: int) -> int | None:
    """Index just past the parenthesis closing the one at ``open_at``."""
    depth = 0
    limit = min(len(text), open_at + MAX_PAREN_CHARS)
    for k in range(open_at, limit):
        ch = text[k]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return k + 1
    return None


def _next_paren(text: str, pos: int) -> tuple[int, int] | None:
    m = re.compile(r"\s*\(").match(text, pos)
    if not m:
        return None
    close = _balanced(text, m.end() - 1)
    return (m.end() - 1, close) if close else None


def _read_court_paren(text: str, item: Cite, pos: int) -> int:
    span = _next_paren(text, pos)
    if span:
        content = text[span[0] + 1 : span[1] - 1]
        m = P.COURT_DATE.match(content)
        if m and _looks_like_court(m.group("court")):
            item.year = int(m.group("year"))
            court_text = m.group("court").strip().rstrip(",")
            if court_text:
                item.court_id = court_id_for(court_text)
                item.court = court_citation(item.court_id, court_text)
            pos = span[1]
    _default_court(item)
    return pos


def _read_year_paren(text: str, item: Cite, pos: int) -> int:
    span = _next_paren(text, pos)
    if span and re.fullmatch(r"\s*(?:Supp\.\s*[IVX]+\s*)?(?:1[6-9]|20)\d\d\s*", text[span[0] + 1 : span[1] - 1]):
        return span[1]
    return pos


def _looks_like_court(court: str) -> bool:
    tokens = court.split()
    return len(tokens) <= 8 and all(P.COURT_TOKEN.match(t) for t in tokens)


def _default_court(item: Cite) -> None:
    """Courts and years the reporter itself implies (U.S. Reports, Westlaw volumes)."""
    reporters = {rep for _, rep, _ in item.cites}
    if not item.court_id and reporters & {"U.S.", "S. Ct.", "L. Ed.", "L. Ed. 2d"}:
        item.court_id, item.court = "scotus", "U.S."
    for vol, rep, _ in item.cites:
        # A Westlaw or Lexis volume is the year of decision; a parenthetical
        # year that disagrees with it is a misprint ("2005 WL ... (Jan. 19, 2015)").
        if rep in ("WL", "U.S. Dist. LEXIS", "U.S. App. LEXIS") and vol.isdigit():
            item.year = int(vol)


def _read_parens(text: str, item: Cite, pos: int) -> int:
    while True:
        span = _next_paren(text, pos)
        if not span:
            return pos
        content = text[span[0] + 1 : span[1] - 1]
        paren = Paren(content.strip(), span[0] + 1, span[1] - 1, explanatory=True)
        defined = P.DEFINED_NAME.match(content)
        if defined:
            paren.explanatory = False
            paren.defines = defined.group("name")
            item.short_name = item.short_name or paren.defines
        elif (
            P.NON_EXPLANATORY.match(content)
            or P.COURT_DATE.match(content)
            and _looks_like_court(P.COURT_DATE.match(content).group("court"))
        ):
            paren.explanatory = False
        for rx, rel in P.NESTED_OPENING:
            if rx.match(content):
                # "(quoting Twombly ...)" states where the words come from, not
                # why the case is cited: a nested relation, not an explanation.
                paren.relation = rel
                paren.explanatory = False
                break
        item.parens.append(paren)
        pos = span[1]


# ---------------------------------------------------------------------------
# Names and signals


def _tokens_before(text: str, pos: int, floor: int) -> list[tuple[str, int, int]]:
    seg_end = pos
    while seg_end > floor and text[seg_end - 1] in _SEPARATORS:
        seg_end -= 1
    seg = text[floor:seg_end]
    ph = _PLACEHOLDER.search(seg)
    if ph:
        seg = seg[: ph.start()].rstrip(_SEPARATORS)
    for _ in range(2):  # "Seol v. Holder, 13 C 1379, 2013 WL ..." -> drop the docket
        cut = seg.rfind(",")
        piece = seg[cut + 1 :].strip()
        if cut < 0 or not piece or " v. " in piece or len(piece) > 40 or not _DOCKET.match(piece):
            break
        if not re.search(r"\d", piece):
            break
        seg = seg[:cut].rstrip(_SEPARATORS)
    tokens = [(m.group(), floor + m.start(), floor + m.end()) for m in _TOKEN.finditer(seg)]
    return merge_split_tokens(tokens)


def _walk_back(tokens: list[tuple[str, int, int]], max_tokens: int) -> list[tuple[str, int, int]]:
    k = len(tokens)
    while k > 0 and len(tokens) - k < max_tokens:
        nxt = tokens[k][0] if k < len(tokens) else ""
        if is_stop_token(tokens[k - 1][0], nxt):
            break
        k -= 1
    chosen = tokens[k:]
    while chosen and (chosen[0][0][:1].islower() or chosen[0][0] in ("&", "–", "—", "-")):
        chosen = chosen[1:]
    return chosen


def _case_name(text: str, pos: int, floor: int) -> tuple[str | None, int]:
    chosen = _walk_back(_tokens_before(text, pos, floor), MAX_NAME_TOKENS)
    if not chosen:
        return None, pos
    words = [t for t, _, _ in chosen]
    has_v = any(w in ("v.", "v", "vs.") for w in words)
    if not has_v and not _is_in_re(words):
        chosen = chosen[-MAX_SHORT_NAME_TOKENS:]
        words = words[-MAX_SHORT_NAME_TOKENS:]
    return normalize_case_name(" ".join(words)), chosen[0][1]


def _is_in_re(words: list[str]) -> bool:
    head = " ".join(words[:2]).lower()
    return head in ("in re", "ex parte", "matter of") or head.startswith("in the")


def _short_name(text: str, pos: int, floor: int) -> tuple[str | None, int]:
    chosen = _walk_back(_tokens_before(text, pos, floor), MAX_SHORT_NAME_TOKENS)
    if not chosen:
        return None, pos
    return normalize_case_name(" ".join(t for t, _, _ in chosen)), chosen[0][1]


def _signal(text: str, prev: Cite | None, prev_end: int, item: Cite) -> str | None:
    gap = text[prev_end : item.start]
    m = P.SIGNAL_AT_END.search(gap[-40:])
    if m:
        word = re.sub(r"\s+", " ", m.group("signal").strip())
        for rx, name in P.SIGNAL_NAMES:
            if rx.match(word):
                return name
    if prev is not None and re.fullmatch(r"\s*[;,]?\s*(?:and\s+)?", gap):
        return prev.signal
    return None
