"""Turn extracted citations into references to canonical authorities.

Canonical identity:

* a case is keyed by the first reporter citation of its first full cite
  (``525 U.S. 471``); every parallel cite of that group maps to the same key,
  so ``AADC, 525 U.S. at 483`` and ``119 S. Ct. at 943`` both land on it;
* a provision is keyed at the most specific level cited
  (``8 U.S.C. § 1252(g)``), with its section as ``parent_key``;
* a bare ``§ 1252(g)`` takes the code of the full cite of the same section
  nearest before it (else after it, else the INA table).

``Id.`` refers to the last citation outside any parenthetical; when the
nearest thing before it is a record cite (``(Compl. ¶ 12.)``) it refers to
the record and is dropped. A one-party name with a full reporter cite
(``Dorgan, 2005 WL 106483, at *2``) after the full cite is a short form.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

from reporters_db import LAWS

from kb.analysis.defaults import OpinionContext, opinion_context
from kb.analysis.propositions import COMMON_LITIGANTS
from kb.analysis.provisions import subject_code_key
from kb.analysis.reporters import BLANK_PAGE, cite_string, pin_reporter
from kb.models import Cite, CleanText, Extraction, History, Nested, OpinionMeta, Reference
from kb.tables import INA_TO_USC, WELL_KNOWN_SECTIONS

DEFAULT_RULE_SET = "Fed. R. Civ. P."
# Where an opinion's footnote texts start: after its closing order line.
_CLOSING = re.compile(r"\b(?:IT IS SO ORDERED|SO ORDERED|It is so ordered)\b\.?")
_RECORD = "record"
# Session laws (reporters-db's ``leg_session``: ``124 Stat. 2372``, ``1999 Cal. Stat. 12``) print
# an act by volume and page; their "sections" are the act's, not a code's.
_SESSION_LAWS = frozenset(k for k, v in LAWS.items() if any(x.get("cite_type") == "leg_session" for x in v))
_SESSION_KEY = re.compile(r"^(?P<volume>\d+) (?P<reporter>.+) (?P<page>\d+)$")


@dataclass(slots=True)
class _Known:
    """A case the opinion has cited in full, as seen so far."""

    key: str
    cites: list[tuple[str, str, str]]
    name: str | None


def resolve_references(cites: list[Cite], clean: CleanText, meta: OpinionMeta | None = None) -> Extraction:
    """Resolve ``cites`` (from :func:`kb.analysis.extract.extract_citations`) into references.

    Args:
        cites: citations in text order.
        clean: the cleaned text they were found in (for offsets and locations).
        meta: the opinion's metadata (its court sets the defaults of bare
            provisions; its first page anchors star-page locations).

    Returns:
        An :class:`~kb.models.Extraction` with one reference per citation of an
        authority (record cites excluded, unresolved ones kept with ``key=None``)
        and the nested relations stated in parentheticals.
    """
    s = _Resolution(clean, _index_full_cases(cites), opinion_context(cites, clean.text, meta))
    for i, c in enumerate(cites):
        resolved = _resolve_cite(s, i, c)
        if resolved is not None:
            s.record(i, c, resolved)

    keys, kinds, forms, context = s.keys, s.kinds, s.forms, s.context
    _resolve_bare_sections(cites, keys, kinds, s.codes, context)
    _resolve_relative_parts(cites, keys, kinds)
    _resolve_act_sections(cites, keys, kinds, forms)
    _resolve_bare_rules(cites, keys, context)
    _resolve_bare_articles(cites, keys)
    _drop_restated_amendments(cites, keys)
    _drop_parallel_provisions(cites, keys, clean.text)
    refs, nested = _references(cites, keys, kinds, forms, clean, meta)
    return Extraction(refs, nested, s.records, history=tuple(h for h in s.history if h.cited))


class _Resolved(NamedTuple):
    """What one citation resolved to: its authority's key (None: unresolved), kind and form."""

    key: str | None
    kind: str
    form: str


@dataclass(slots=True)
class _Resolution:
    """What :func:`resolve_references` has read so far, in text order: the state its cases share."""

    clean: CleanText
    known: dict[int, _Known]
    context: OpinionContext
    keys: dict[int, str | None] = field(default_factory=dict)
    kinds: dict[int, str] = field(default_factory=dict)
    forms: dict[int, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    # Keys cited in full so far (None: a full case cite that names no authority).
    seen_full: set[str | None] = field(default_factory=set)
    # The citation an Id. refers to: an index, the record, or none yet.
    antecedent: int | str | None = None
    records: int = 0
    history: list[History] = field(default_factory=list)
    # (volume, reporter) -> (first page, key) of each full session-law cite so far ("124 Stat. 2372")
    session_laws: dict[tuple[str, str], list[tuple[int, str]]] = field(default_factory=dict)

    def record(self, i: int, c: Cite, resolved: _Resolved) -> None:
        """Keep citation ``i`` as a reference; outside a parenthetical it is what a later Id. refers to."""
        if c.code and resolved.key and c.code.strip() not in _SESSION_LAWS:
            self.codes[resolved.key] = c.code
        self.keys[i], self.kinds[i], self.forms[i] = resolved
        m = _SESSION_KEY.match(resolved.key or "") if resolved[1:] == ("statute", "full") else None
        if m and m["reporter"] in _SESSION_LAWS:
            self.session_laws.setdefault((m["volume"], m["reporter"]), []).append((int(m["page"]), m[0]))
        if c.owner is None and c.form != "bare":
            self.antecedent = i


def _resolve_cite(s: _Resolution, i: int, c: Cite) -> _Resolved | None:
    """Citation ``i``'s authority, or None when it is no reference of this opinion."""
    # CASE 0: the later history of a citation ("cert. denied, 528 U.S. 1000"):
    # a relation between two decisions, not a reference of this opinion.
    if c.history_of is not None:
        s.history.append(_history(c, i, s.known, s.keys, s.clean))
        return None
    # CASE 1: a record cite: not an authority, but an Id. after it is the record's.
    if c.kind == "record":
        s.records += c.form == "record"
        if c.owner is None:
            s.antecedent = _RECORD
        return None
    # CASE 2: a full case citation; a one-party name after the first is a short form.
    if c.kind == "case" and c.form == "full":
        return _full_case(s, i, c)
    # CASE 3: short forms and supra, by reporter or by name; a session law's short
    # form ("124 Stat. at 2373") is the act's last cited before it.
    if c.kind == "case" and c.form == "short" and c.cites and c.cites[0][1] in _SESSION_LAWS:
        return _Resolved(_session_law_short(s, c), "statute", c.form)
    if c.kind == "case" and c.form == "short":
        return _Resolved(_resolve_short(c, s.known, i), c.kind, c.form)
    if c.kind == "case" and c.form == "supra":
        return _Resolved(_resolve_supra(c, s.known, i), c.kind, c.form)
    # CASE 4: Id., to the last citation outside a parenthetical ("Id. § 3.002" to its code).
    if c.form == "id":
        if s.antecedent == _RECORD:
            s.records += 1
            return None
        key, kind = _resolve_id(c, s.antecedent, s.keys, s.kinds, s.codes)
        return _Resolved(key, kind, c.form)
    # CASE 5: a provision named by subject only ("Penal Code section 1170"): the opinion's state's.
    if c.subject and c.form == "full":
        key = _subject_key(c, s.context)
        return None if key is None else _Resolved(key, c.kind, c.form)
    # CASE 6: a bare section of a named act ("section 2 of the Voting Rights Act") is not
    # the code's; "Smith Memo at 3" with no memo cited is prose, not a cite (a short form
    # of another section, "Restatement § 46" after "§ 402A", names its full cite in
    # antecedent_guess).
    if c.of_act or (
        c.kind == "other" and c.form == "short" and c.key not in s.seen_full and c.antecedent_guess not in s.seen_full
    ):
        return None
    # CASE 7: any other citation keeps the key extraction gave it; a full one of a
    # secondary source is what its short forms refer back to.
    if c.kind == "other" and c.form == "full":
        s.seen_full.add(c.key or "")
    return _Resolved(c.key, c.kind, c.form)


def _session_law_short(s: _Resolution, c: Cite) -> str | None:
    """The act a session law's short form cites: the latest before it of that volume and reporter, page <= pin."""
    volume, reporter, pin = c.cites[0]
    pin_page = _first_number(pin)
    for page, key in reversed(s.session_laws.get((volume, reporter), [])):
        if pin_page is None or page <= pin_page:
            return key
    return None


def _full_case(s: _Resolution, i: int, c: Cite) -> _Resolved:
    """CASE 2 of :func:`_resolve_cite`: a full case cite, keyed by its group; a one-party name after the first is short."""
    key = s.known[i].key if i in s.known else c.key  # a docket-number citation has no reporter
    if key and key.endswith(BLANK_PAGE):
        # "557 U. S. ___ (2009)" with no name read: the volume alone names many cases,
        # so it is no authority's (never all of that volume's in one).
        key = None
    form = "short" if not _has_full_name(c.name) and key in s.seen_full else c.form
    s.seen_full.add(key)
    return _Resolved(key, c.kind, form)


def _history(c: Cite, i: int, known: dict[int, _Known], keys: dict[int, str | None], clean: CleanText) -> History:
    cited = keys.get(c.history_of) if c.history_of is not None else None
    later = known[i].key if i in known else None
    start, end = clean.span_to_original(c.start, max(c.end, c.core_end))
    return History(
        cited=cited or "",
        later=later,
        relation=c.history or "",
        citation=cite_string(*c.cites[0]) if c.cites else None,
        name=c.name,
        year=c.year,
        start=start,
        end=end,
        court=c.court,
    )


def _resolve_id(
    c: Cite, antecedent: int | str | None, keys: dict[int, str | None], kinds: dict[int, str], codes: dict[str, str]
) -> tuple[str | None, str]:
    if antecedent is None or antecedent == _RECORD:
        return None, c.kind
    key, kind = keys.get(antecedent), kinds.get(antecedent, "case")  # type: ignore[arg-type]
    if c.id_number and key and key in codes and kind == "rule":  # "Id. 9(a)(1)" after Tenn. R. App. P. 9(b)
        code = codes[key]
        key = f"{code} {c.id_number}"
        codes[key] = code
    elif c.section and key and key in codes:
        code = codes[key]
        key = f"{code} {c.section}{c.subsections}" if code.endswith("/") else f"{code} § {c.section}{c.subsections}"
        codes[key] = code
    return key, kind


def _subject_key(c: Cite, context: OpinionContext) -> str | None:
    """The key of a provision named without its state, in the opinion's state."""
    if not context.state or not c.subject:
        return None
    if c.kind == "rule":
        from kb.analysis.provisions import state_rule_set

        rule_set = state_rule_set(context.state, c.subject)
        if not rule_set:
            return None
        c.code = rule_set
        c.key = f"{rule_set} {c.section}{c.subsections}"
        return c.key
    subject, _, kind = c.subject.rpartition(" ")
    if kind == "Act":
        subject, kind = subject.rsplit(" ", 1)[0], "Court Act"
    code = subject_code_key(context.state, subject, kind)
    if not code:
        return None
    c.code = code
    c.key = f"{code} § {c.section}{c.subsections}"
    c.parent_key = f"{code} § {c.section}" if c.subsections else None
    return c.key


def _references(
    cites: list[Cite],
    keys: dict[int, str | None],
    kinds: dict[int, str],
    forms: dict[int, str],
    clean: CleanText,
    meta: OpinionMeta | None,
) -> tuple[tuple[Reference, ...], tuple[Nested, ...]]:
    locate = _locator(clean, meta)
    refs: list[Reference] = []
    nested: list[Nested] = []
    # The reporter the last pin into each case was in: "Id. at 1950" after
    # "129 S. Ct. at 1949" pins the Supreme Court Reporter too.
    last_reporter: dict[str, str] = {}
    for i, c in enumerate(cites):
        if i not in keys:
            continue
        key = keys[i]
        reporter = pin_reporter(*c.cites[0]) if c.cites and c.kind == "case" else None
        if key and reporter:
            last_reporter[key] = reporter
        elif key and c.kind == "case":
            reporter = last_reporter.get(key)
        pins = ([(reporter, c.pin)] if c.pin else []) + list(c.parallel_pins)
        start, end = clean.span_to_original(c.start, max(c.end, c.core_end))
        parent = _parent_key(key, c) if key else None
        refs.append(
            Reference(
                key=key,
                kind=kinds[i],
                form=forms[i],
                start=start,
                end=end,
                text=clean.original[start:end],
                pin_cite=c.pin,
                signal=c.signal,
                parenthetical=c.explanatory,
                name=c.name if c.kind in ("case", "other") else None,
                court=c.court,
                court_id=c.court_id,
                year=c.year,
                citations=tuple(cite_string(*t) for t in c.cites) if forms[i] == "full" else (),
                parent_key=parent,
                location=locate(c.core_start),
                in_parenthetical=c.owner is not None,
                pins=tuple(pins),
                disposition=c.disposition,
                short_name=c.short_name,
                cite_index=i,
            )
        )
        if c.owner is not None and key:
            owner_key = keys.get(c.owner)
            if owner_key and owner_key != key:
                nested.append(Nested(owner_key, key, c.relation or "other"))
    return tuple(refs), tuple(dict.fromkeys(nested))


def _has_full_name(name: str | None) -> bool:
    """Whether ``name`` is a whole case name ("A v. B", "In re A", "Ex parte A"), not one party's."""
    if not name:
        return False
    return " v. " in name or name.lower().startswith(("in re ", "ex parte "))


def _index_full_cases(cites: list[Cite]) -> dict[int, _Known]:
    """Key every full case cite, merging groups that share a reporter cite.

    A case is keyed by its first citation with a page; one cited only as not
    yet paginated (``577 U.S. ___``) by that citation and its name, since the
    volume alone names many cases.
    """
    by_cite: dict[tuple[str, str, str], str] = {}
    # (volume, reporter) -> (first page, case) of each full cite so far, in text order
    by_volume: dict[tuple[str, str], list[tuple[int, _Known]]] = {}
    known: dict[int, _Known] = {}
    for i, c in enumerate(cites):
        if c.kind != "case" or c.form != "full" or not c.cites:
            continue
        paged = [t for t in c.cites if t[2] != BLANK_PAGE]
        pinned = _pinned_short(c, paged, by_volume)
        if pinned is not None:
            known[i] = pinned
            continue
        key = next((by_cite[t] for t in paged if t in by_cite), None)
        if key is None and paged:
            key = cite_string(*paged[0])
        key = key or _blank_key(c)
        for t in paged:
            by_cite.setdefault(t, key)
        known[i] = _Known(key, list(c.cites), c.name)
        for volume, reporter, page in c.cites:
            if page.isdigit():
                by_volume.setdefault((volume, reporter), []).append((int(page), known[i]))
    # Second pass: every full cite of one key shares all of that key's cites.
    merged: dict[str, list[tuple[str, str, str]]] = {}
    for k in known.values():
        merged.setdefault(k.key, [])
        merged[k.key] += [t for t in k.cites if t not in merged[k.key]]
    for k in known.values():
        k.cites = merged[k.key]
    return known


# How far into a case a pin printed as a page ("Wilson, 471 U.S. 266") may fall.
_PIN_REACH = 60


def _pinned_short(
    c: Cite, paged: list[tuple[str, str, str]], by_volume: dict[tuple[str, str], list[tuple[int, _Known]]]
) -> _Known | None:
    """The case a one-party name with a page inside it is a short form of, else None.

    "Wilson, 471 U.S. 266" after "Wilson v. Garcia, 471 U.S. 261" (or "Quick, 111 Idaho 769,
    727 P.2d 1197" after "Quick v. Crane, 111 Idaho 759, 727 P.2d 1187") prints the pin where
    the page goes, with no "at": it is Wilson v. Garcia at 266, not a case starting there.
    The page becomes the pin; a government party ("United States, 917 F.2d 645") names no case,
    and a cite with a year ("Ex parte Lawhorn, 581 So. 2d 1179 (1991)", twenty pages after
    "Lawhorn v. State, 581 So. 2d 1159 (1990)") is a full cite of another decision.
    """
    if not paged or _has_full_name(c.name) or not c.name or c.year is not None:
        return None  # a short form prints no year ("Ex parte Lawhorn, 581 So. 2d 1179 (1991)")
    party = c.name.strip(" ,")
    if party in COMMON_LITIGANTS or not party[:1].isupper():
        return None
    volume, reporter, page = paged[0]
    if not page.isdigit():
        return None
    word = party.split()[0]
    for p0, k in reversed(by_volume.get((volume, reporter), [])):
        named = bool(k.name and word in k.name and _has_full_name(k.name))
        if named and p0 < int(page) <= p0 + _PIN_REACH:
            c.pin = c.pin or page
            c.form = "short"
            return _Known(k.key, k.cites, k.name)
    return None


def _blank_key(c: Cite) -> str:
    """``577 U.S. ___ (Mullenix v. Luna)``: a not-yet-paginated citation with the case's name."""
    cite = cite_string(*c.cites[0])
    return f"{cite} ({c.name})" if c.name else cite


def _resolve_short(c: Cite, known: dict[int, _Known], at: int) -> str | None:
    """A short cite's authority: same volume and reporter, first page <= pin.

    A reference citation ("Jones at 470") has no volume: it is the latest
    earlier full cite whose name holds that name.
    """
    if not c.cites:
        name = (c.short_name or "").strip()
        named = [(i, k) for i, k in known.items() if i < at and name and k.name and name in k.name]
        return max(named, key=lambda x: x[0])[1].key if named else None
    matches: list[_Match] = []
    for i, k in known.items():
        for vol, rep, page in k.cites:
            if (vol, rep) == c.cites[0][:2] and page.isdigit():
                pin = _first_number(c.cites[0][2])
                if pin is None or int(page) <= pin:
                    matches.append(_Match(int(i < at), int(page), k))
    if not matches:
        return None
    if len({m.known.key for m in matches}) > 1 and c.short_name:
        party = c.short_name.split()[0]
        matches = [m for m in matches if m.known.name and party in m.known.name] or matches
    return max(matches, key=lambda m: (m.before, m.page)).known.key


class _Match(NamedTuple):
    """A full cite a short cite may point to: whether it comes before it, the page it starts on, its case."""

    before: int
    page: int
    known: _Known


def _resolve_supra(c: Cite, known: dict[int, _Known], at: int) -> str | None:
    guess = (c.antecedent_guess or c.short_name or "").strip(" ,")
    if not guess:
        return None
    for i in sorted(known, reverse=True):
        k = known[i]
        if i < at and k.name and guess.split()[0] in k.name:
            return k.key
    return None


def _first_number(text: str) -> int | None:
    m = re.search(r"\d+", text)
    return int(m.group()) if m else None


def _resolve_bare_sections(
    cites: list[Cite],
    keys: dict[int, str | None],
    kinds: dict[int, str],
    codes: dict[str, str],
    context: OpinionContext,
) -> None:
    """Give each bare ``§ N`` its code.

    In order: the code of the nearest full cite of section N (before it, else
    after); the code the opinion says its sections refer to, or its court's
    field implies (bankruptcy: 11 U.S.C.); a federal section cited bare far
    more than any other (``§ 1983``); the INA's table when the opinion cites
    the INA; and, as Bluebook short forms do, the code last cited in full,
    unless the text names section N as a named act's ("Section 122 of the
    Trade Act"): then a bare "Section 122" elsewhere is that act's, not the code's.
    """
    full, last_code = _full_sections(cites, keys)
    act_sections = {c.section for c in cites if c.form == "bare" and c.of_act and c.section}
    mentions_ina = any(c.ina or c.code == "8 U.S.C." for c in cites)
    for i, c in enumerate(cites):
        if i not in keys or c.form != "bare" or c.kind in ("rule", "constitution") or keys[i] or c.relative:
            continue
        section, sub = c.section or "", c.subsections
        found = full.get(section)
        code: str | None = None
        kind = "statute"
        # CASE 1: the code of the nearest full cite of the same section, before it if any.
        if found:
            before = [f for f in found if f[0] < i]
            _, code, kind = before[-1] if before else found[0]
        # CASE 2: the code the opinion says its sections are, or its court's field implies.
        elif context.code:
            code = context.code
        # CASE 3: a federal section cited bare far more than any other ("§ 1983").
        elif context.federal and section in WELL_KNOWN_SECTIONS:
            code = WELL_KNOWN_SECTIONS[section]
        # CASE 4: an INA section, in an opinion that cites the INA, is its 8 U.S.C. section.
        elif mentions_ina and section in INA_TO_USC:
            code, section = "8 U.S.C.", INA_TO_USC[section]
        # CASE 5: a section the text names as a named act's is that act's, no code's.
        elif section in act_sections:
            del keys[i]  # as "Section 122 of the Trade Act" itself: no code's section
            continue
        # CASE 6: as Bluebook short forms do, the code last cited in full whose sections look so.
        else:
            earlier = [f for f in last_code if f[0] < i and _fits(f[1], section)]
            if earlier:
                _, code, kind = earlier[-1]
        kinds[i] = kind
        if code:
            keys[i] = f"{code}{section}{sub}" if code.endswith("/") else f"{code} § {section}{sub}"
            codes[keys[i]] = code  # type: ignore[index]


# (index, code, kind) of a full cite of a statute or regulation section.
_FullSection = tuple[int, str, str]


def _full_sections(
    cites: list[Cite], keys: dict[int, str | None]
) -> tuple[dict[str, list[_FullSection]], list[_FullSection]]:
    """The resolved full cites of statute and regulation sections: by section number, and all in text order."""
    full: dict[str, list[_FullSection]] = {}
    in_order: list[_FullSection] = []
    for i, c in enumerate(cites):
        if c.form == "full" and c.code and c.section and c.kind in ("statute", "regulation") and keys.get(i):
            full.setdefault(c.section, []).append((i, c.code, c.kind))
            in_order.append((i, c.code, c.kind))
    return full, in_order


# The levels of a section's parts in Wisconsin's numbering (subsection (1),
# paragraph (a), subdivision 1.), told apart by their shape.
_PART = re.compile(r"\((\d+[a-z]?)\)|\(([a-z]{1,2})\)|(\d{1,2})\.(?!\d)")
_STATUTE_KEY = re.compile(r"^(?P<head>.+ § [\w.:\-–]+?)(?P<parts>(?:\(\w+\))*(?:\d{1,2}\.)?)$")


def _part_levels(parts: str) -> list[tuple[int, str]]:
    """``(14)(a)1.`` -> ``[(0, "(14)"), (1, "(a)"), (2, "1.")]``."""
    return [(0 if m.group(1) else 1 if m.group(2) else 2, m.group(0)) for m in _PART.finditer(parts)]


def _resolve_relative_parts(cites: list[Cite], keys: dict[int, str | None], kinds: dict[int, str]) -> None:
    """``sub. (4)``, ``par. (b)``, ``subd. 1.``: a part of the statute last cited in full.

    The new parts replace the cited section's from their own level down:
    ``subd. 2.`` read after ``§ 66.0217(14)(a)1.`` is ``§ 66.0217(14)(a)2.``;
    ``sub. (4)`` after ``§ 66.0217(2)`` is ``§ 66.0217(4)``. With no statute
    cited in full before it, a relative part is no reference.
    """
    base: re.Match[str] | None = None
    for i, c in enumerate(cites):
        key = keys.get(i)
        if c.form == "full" and c.kind == "statute" and key and c.section:
            base = _STATUTE_KEY.match(key)
        if not c.relative or i not in keys:
            continue
        new = _part_levels(c.relative)
        if base is None or not new:
            del keys[i]
            continue
        kept = [text for level, text in _part_levels(base.group("parts")) if level < new[0][0]]
        keys[i] = base.group("head") + "".join(kept) + "".join(text for _, text in new)
        kinds[i] = "statute"


# The fewest characters of a section of a named act that can be the code's own number: an
# act's own sections are short ("section 2 of the Voting Rights Act"), codified ones long.
MIN_CODIFIED_SECTION = 4


def _resolve_act_sections(
    cites: list[Cite], keys: dict[int, str | None], kinds: dict[int, str], forms: dict[int, str]
) -> None:
    """``section 1702(a)(1)(B) of IEEPA``: the act numbered by its codification, cited in full elsewhere.

    A bare section of a named act is the code's section only when the text
    cites that very section and subsection in full in one code
    (``50 U.S.C. 1702(a)(1)(B)``); otherwise it stays no reference.
    """
    full: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for i, c in enumerate(cites):
        if c.form == "full" and c.code and c.section and keys.get(i) and c.kind in ("statute", "regulation"):
            full.setdefault((c.section, c.subsections or ""), set()).add((c.code, c.kind))
    for i, c in enumerate(cites):
        if not (
            c.of_act
            and c.form == "bare"
            and c.section
            and len(c.section + (c.subsections or "")) >= MIN_CODIFIED_SECTION
        ):
            continue
        codes = full.get((c.section, c.subsections or ""), set())
        if len(codes) == 1:
            code, kind = next(iter(codes))
            keys[i], kinds[i], forms[i] = f"{code} § {c.section}{c.subsections or ''}", kind, "bare"


def _fits(code: str, section: str) -> bool:
    """Whether ``section`` has the shape of ``code``'s sections (C.F.R. and Treasury sections are part.section)."""
    if code.endswith(("C.F.R.", "Treas. Reg.")):
        return "." in section
    if code.endswith(" ch. " + code.rsplit(" ch. ", 1)[-1]) and " ch. " in code:
        return "." not in section  # Massachusetts: "§ 133A"
    return True


def _resolve_bare_rules(cites: list[Cite], keys: dict[int, str | None], context: OpinionContext) -> None:
    """Give each bare ``Rule N`` its rule set.

    The set of the nearest full cite of rule N; else the set the opinion names
    or its court implies (Tax Court Rules, Bankruptcy Rules); else the first
    set it cites in full; else, in a federal court, the Federal Rules of Civil
    Procedure. A state court's bare rule with no set named stays unresolved.
    """
    full: dict[str, list[tuple[int, str]]] = {}
    first_set: str | None = None
    for i, c in enumerate(cites):
        if c.kind == "rule" and c.form == "full" and c.code and keys.get(i) and c.code != "U.S.S.G.":
            full.setdefault(c.section or "", []).append((i, c.code))
            first_set = first_set or c.code
    for i, c in enumerate(cites):
        if i not in keys or c.kind != "rule" or c.form != "bare" or keys[i]:
            continue
        found = full.get(c.section or "")
        rule_set: str | None
        if found:
            before = [f for f in found if f[0] < i]
            rule_set = (before[-1] if before else found[0])[1]
        else:
            rule_set = context.rules or first_set or (DEFAULT_RULE_SET if context.federal else None)
        if rule_set:
            keys[i] = f"{rule_set} {c.section}{c.subsections}"


def _resolve_bare_articles(cites: list[Cite], keys: dict[int, str | None]) -> None:
    """``Article III``, ``art. 26``, ``Article 10, Section 1``: of the constitution last cited in full.

    With none cited, a Roman-numbered article is the United States Constitution's.
    """
    last: str | None = None
    for i, c in enumerate(cites):
        if c.kind != "constitution" or i not in keys:
            continue
        if c.form == "full" and c.code:
            last = c.code.split(" art.")[0]
            continue
        if c.form != "bare" or keys[i] or not c.section:
            continue
        base = last or ("U.S. Const." if re.fullmatch(r"[IVX]+", c.section) else None)
        if not base:
            continue
        key = f"{base} art. {c.section}"
        keys[i] = key + (f", § {c.subsections}" if c.subsections else "")


def _drop_parallel_provisions(cites: list[Cite], keys: dict[int, str | None], text: str) -> None:
    """``26 U.S. C. Secs. 950-952, 26 U.S.C.A. §§ 950-952``: one provision in two publications, one reference."""
    previous: int | None = None
    for i, c in enumerate(cites):
        if i not in keys or c.kind not in ("statute", "regulation") or c.form != "full":
            continue
        if (
            previous is not None
            and keys[previous] == keys[i]
            and re.fullmatch(r"\s*,\s*", text[cites[previous].end : c.core_start])
        ):
            del keys[i]
            continue
        previous = i


def _drop_restated_amendments(cites: list[Cite], keys: dict[int, str | None]) -> None:
    """ "the sixth amendment (U.S. Const., amend. VI)": one reference, the full cite."""
    for i, c in enumerate(cites[:-1]):
        nxt = cites[i + 1]
        if (
            i in keys
            and c.kind == "constitution"
            and c.form == "bare"
            and nxt.form == "full"
            and keys.get(i + 1) == keys[i]
            and 0 <= nxt.core_start - c.core_end <= 3
        ):
            del keys[i]


def _parent_key(key: str, c: Cite) -> str | None:
    """The section a subsection rolls up to (``8 U.S.C. § 1252(g)`` -> ``§ 1252``)."""
    m = re.match(r"^(.*?§ [\w.\-]+?)(\(.*)$", key)
    if m and c.kind in ("statute", "regulation"):
        return m.group(1)
    m = re.match(r"^(Fed\. R\. [\w. ]+? \d+(?:\.\d+)?)(\(.*)$", key)
    if m:
        return m.group(1)
    return c.parent_key


def _locator(clean: CleanText, meta: OpinionMeta | None):  # type: ignore[no-untyped-def]
    """Where in the opinion a cleaned offset is: star page, footnote or paragraph."""
    first_page = None
    if meta and meta.citations:
        m = re.search(r"(\d+)\s*$", meta.citations[0])
        first_page = m.group(1) if m else None
    footnote_from = None
    if clean.footnote_calls:
        closing = list(_CLOSING.finditer(clean.text))
        if closing:
            footnote_from = bisect_right(clean.paragraph_starts, closing[-1].end())
    calls = {n: pos for pos, n in clean.footnote_calls}

    def locate(pos: int) -> str:
        para = clean.paragraph_at(pos)
        note = None
        anchor = pos
        if footnote_from is not None and para > footnote_from:
            note = para - footnote_from
            anchor = calls.get(note, anchor)
        if clean.star_pages:
            page = clean.star_page_at(anchor) or first_page
            where = f"*{page}" if page else f"¶ {para}"
        else:
            where = f"¶ {para}"
        return f"{where} n.{note}" if note else where

    return locate
