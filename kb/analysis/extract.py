"""Find every citation in a cleaned opinion.

eyecite finds the reporter citations (full, short, ``Id.``, supra, state
codes and session laws it knows from reporters-db). What it does not find,
or finds wrongly, is found here over the cleaned text:

* federal provisions in every form: ``8 U.S.C. §§ 1101(a)(15)(U), 1184(p)``,
  ``INA § 242(g)``, bare ``§ 1252(g)`` / ``section 1252(g)``, court rules
  (``Fed. R. Civ. P. 12(b)(1)``, ``Rule 12(b)(6)``) and the Constitution;
* state codes eyecite does not know, treatises and memoranda;
* record citations (``(Compl. ¶ 12.)``, ``Ex. B``), which are not authorities
  but do capture a following ``Id.``.

Overlapping finds are settled here (the more specific finder wins); then
:mod:`kb.analysis.surroundings` reads what surrounds each citation. The
result is a flat list of :class:`~kb.models.Cite` in text order;
:mod:`kb.analysis.resolve` turns it into references to canonical authorities.
"""

from __future__ import annotations

import re
from functools import cache

from kb.analysis import patterns as P
from kb.analysis.surroundings import balanced_close, norm_pin, read_surroundings
from kb.models import Cite, CleanText
from kb.tables import CIRCUIT_ORDINALS, INA_TO_USC

# How far before a "§" a treatise's volume, authors and title may start.
TREATISE_WINDOW = 220

_ID = re.compile(r"(?:[Ii]d|[Ii]bid)\.")
_USC_SECTIONS_OF_INA = frozenset(INA_TO_USC.values())
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
    items += _provision_items(text)
    items += _other_items(text)
    items += _treatise_items(text)
    items = _drop_overlaps(items)
    read_surroundings(text, items)
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
    tokenizer = tokenizer if tokenizer is not None else get_tokenizer()
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

