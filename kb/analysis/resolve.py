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
from dataclasses import dataclass

from kb.models import Cite, CleanText, Extraction, Nested, OpinionMeta, Reference
from kb.tables import INA_TO_USC, WELL_KNOWN_SECTIONS

DEFAULT_RULE_SET = "Fed. R. Civ. P."
# Where an opinion's footnote texts start: after its closing order line.
_CLOSING = re.compile(r"\b(?:IT IS SO ORDERED|SO ORDERED|It is so ordered)\b\.?")
_RECORD = "record"


@dataclass(slots=True)
class _Known:
    """A case the opinion has cited in full, as seen so far."""

    key: str
    cites: list[tuple[str, str, str]]
    name: str | None


def resolve_references(cites: list[Cite], clean: CleanText, meta: OpinionMeta | None = None) -> Extraction:
    """Resolve ``cites`` (from :func:`kb.extract.extract_citations`) into references.

    Args:
        cites: citations in text order.
        clean: the cleaned text they were found in (for offsets and locations).
        meta: the opinion's metadata (its first page anchors star-page locations).

    Returns:
        An :class:`~kb.models.Extraction` with one reference per citation of an
        authority (record cites excluded, unresolved ones kept with ``key=None``)
        and the nested relations stated in parentheticals.
    """
    known = _index_full_cases(cites)
    keys: dict[int, str | None] = {}
    kinds: dict[int, str] = {}
    codes: dict[str, str] = {}
    forms: dict[int, str] = {}
    seen_full: set[str] = set()
    antecedent: int | str | None = None
    records = 0
    rule_set = _first_rule_set(cites)

    for i, c in enumerate(cites):
        if c.kind == "record":
            records += c.form == "record"
            if c.owner is None:
                antecedent = _RECORD
            continue
        key, kind, form = c.key, c.kind, c.form
        if c.kind == "case" and c.form == "full":
            key = known[i].key
            if not _has_full_name(c.name) and key in seen_full:
                form = "short"
            seen_full.add(key)
        elif c.kind == "case" and c.form == "short":
            key = _resolve_short(c, known, i)
        elif c.kind == "case" and c.form == "supra":
            key = _resolve_supra(c, known, i)
        elif c.form == "id":
            if antecedent == _RECORD:
                records += 1
                continue
            if antecedent is None:
                key = None
            else:
                key, kind = keys.get(antecedent), kinds.get(antecedent, "case")  # type: ignore[arg-type]
                if c.section and key and key in codes:
                    key = f"{codes[key]} § {c.section}{c.subsections}"
                    codes[key] = codes[keys[antecedent]]  # type: ignore[index]
        elif c.kind == "rule" and c.form == "bare":
            key = f"{rule_set} {c.section}{c.subsections}"
        elif c.kind == "other" and c.form == "short" and key not in seen_full and c.antecedent_guess not in seen_full:
            # "Smith Memo at 3" with no memo cited is prose, not a cite; a short
            # form of another section ("Restatement § 46" after "§ 402A") names
            # the full cite it follows in antecedent_guess.
            continue
        elif c.kind == "other" and c.form == "full":
            seen_full.add(key or "")
        if c.code and key:
            codes[key] = c.code
        keys[i], kinds[i], forms[i] = key, kind, form
        if c.owner is None and c.form != "bare":
            antecedent = i

    _resolve_bare_sections(cites, keys, kinds, codes)
    locate = _locator(clean, meta)
    refs: list[Reference] = []
    nested: list[Nested] = []
    for i, c in enumerate(cites):
        if i not in keys:
            continue
        key = keys[i]
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
                citations=tuple(f"{v} {r} {p}" for v, r, p in c.cites) if forms[i] == "full" else (),
                parent_key=parent,
                location=locate(c.core_start),
                in_parenthetical=c.owner is not None,
                parallel_pins=tuple(c.parallel_pins),
                short_name=c.short_name,
                cite_index=i,
            )
        )
        if c.owner is not None and key:
            owner_key = keys.get(c.owner)
            if owner_key and owner_key != key:
                nested.append(Nested(owner_key, key, c.relation or "other"))
    return Extraction(tuple(refs), tuple(dict.fromkeys(nested)), records)


def _has_full_name(name: str | None) -> bool:
    return bool(name) and (" v. " in name or name.lower().startswith(("in re ", "ex parte ")))  # type: ignore[union-attr]


def _index_full_cases(cites: list[Cite]) -> dict[int, _Known]:
    """Key every full case cite, merging groups that share a reporter cite."""
    by_cite: dict[tuple[str, str, str], str] = {}
    known: dict[int, _Known] = {}
    for i, c in enumerate(cites):
        if c.kind != "case" or c.form != "full" or not c.cites:
            continue
        key = next((by_cite[t] for t in c.cites if t in by_cite), None)
        key = key or " ".join(c.cites[0])
        for t in c.cites:
            by_cite.setdefault(t, key)
        known[i] = _Known(key, list(c.cites), c.name)
    # Second pass: every full cite of one key shares all of that key's cites.
    merged: dict[str, list[tuple[str, str, str]]] = {}
    for k in known.values():
        merged.setdefault(k.key, [])
        merged[k.key] += [t for t in k.cites if t not in merged[k.key]]
    for k in known.values():
        k.cites = merged[k.key]
    return known


def _resolve_short(c: Cite, known: dict[int, _Known], at: int) -> str | None:
    """A short cite's authority: same volume and reporter, first page <= pin.

    A reference citation ("Jones at 470") has no volume: it is the latest
    earlier full cite whose name holds that name.
    """
    if not c.cites:
        name = (c.short_name or "").strip()
        named = [(i, k) for i, k in known.items() if i < at and name and k.name and name in k.name]
        return max(named, key=lambda x: x[0])[1].key if named else None
    matches: list[tuple[int, int, _Known]] = []
    for i, k in known.items():
        for vol, rep, page in k.cites:
            if (vol, rep) == c.cites[0][:2] and page.isdigit():
                pin = _first_number(c.cites[0][2])
                if pin is None or int(page) <= pin:
                    matches.append((int(i < at), int(page), k))
    if not matches:
        return None
    if len({m[2].key for m in matches}) > 1 and c.short_name:
        named = [m for m in matches if m[2].name and c.short_name.split()[0] in m[2].name]
        matches = named or matches
    return max(matches, key=lambda m: (m[0], m[1]))[2].key


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


def _first_rule_set(cites: list[Cite]) -> str:
    for c in cites:
        if c.kind == "rule" and c.code:
            return c.code
    return DEFAULT_RULE_SET


def _resolve_bare_sections(
    cites: list[Cite], keys: dict[int, str | None], kinds: dict[int, str], codes: dict[str, str]
) -> None:
    """Give each bare ``§ N`` the code of the nearest full cite of section N."""
    full: dict[str, list[tuple[int, str, str]]] = {}
    mentions_ina = False
    for i, c in enumerate(cites):
        if c.form == "full" and c.code and c.section and c.kind in ("statute", "regulation"):
            full.setdefault(c.section, []).append((i, c.code, c.kind))
        mentions_ina = mentions_ina or c.ina or (c.code == "8 U.S.C.")
    for i, c in enumerate(cites):
        if i not in keys or c.form != "bare" or c.kind == "rule" or c.kind == "constitution" or keys[i]:
            continue
        found = full.get(c.section or "")
        if found:
            before = [f for f in found if f[0] < i]
            _, code, kind = before[-1] if before else found[0]
            keys[i], kinds[i] = f"{code} § {c.section}{c.subsections}", kind
            codes[keys[i]] = code  # type: ignore[index]
        elif c.section in WELL_KNOWN_SECTIONS:
            keys[i], kinds[i] = f"{WELL_KNOWN_SECTIONS[c.section]} § {c.section}{c.subsections}", "statute"
        elif mentions_ina and c.section in INA_TO_USC:
            usc = INA_TO_USC[c.section]
            keys[i], kinds[i] = f"8 U.S.C. § {usc}{c.subsections}", "statute"
        else:
            # Bluebook short form: a bare section belongs to the code last cited
            # in full ("28 U.S.C. § 1346(b)(1) ... §2680(a)").
            last = [f for fs in full.values() for f in fs if f[0] < i and f[1].endswith("U.S.C.")]
            if last:
                _, code, kind = max(last)
                keys[i], kinds[i] = f"{code} § {c.section}{c.subsections}", kind
            else:
                kinds[i] = "statute"


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
