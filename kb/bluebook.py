"""Format authorities as a brief writer pastes them (Bluebook style).

The one formatter every output uses (tables of authorities, ``kb rank``,
``kb cited-by``, support search, map tooltips, lookups' candidate lists):

* :func:`order_citations`: parallel citations in Bluebook order (Rule 10.3.1:
  the official reporter first; for the Supreme Court U.S., S. Ct., L. Ed.),
  electronic-database and docket citations last;
* :func:`pin_groups` / :func:`pin_list`: pins sorted, de-duplicated, labelled
  by reporter where an authority's pins are in more than one, and a pin before
  its citation's first page (impossible) dropped;
* :func:`case_citation` / :func:`authority_citation`: the full citation with
  its court-and-date parenthetical and disposition (``(en banc)``);
* :func:`opinion_citation`: an ingested opinion's own citation, the header of
  its table of authorities (a docket number and exact date when unreported,
  Rule 10.8.1);
* :func:`markdown_citation`: Markdown with only the case name in italics.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

# Bluebook T12: months in citations.
T12_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")

_SCOTUS = re.compile(r"^\d+ (?:U\. ?S\.|S\. Ct\.|L\. Ed\.)")
# Rank of a citation among parallels: official reports first, then the
# Supreme Court's unofficial reporters, then regional and federal reporters,
# then electronic databases, then docket numbers.
_RANKS = (
    (re.compile(r"^\d+ U\.S\. "), 0),
    (re.compile(r"^\d+ S\. Ct\. "), 1),
    (re.compile(r"^\d+ L\. Ed\. "), 2),
    (re.compile(r"\b(?:WL|LEXIS)\b"), 8),
    (re.compile(r"^No\. "), 9),
)
# A reporter citation: "556 U.S. 662" (label "556 U.S.", first page 662).
_PAGED = re.compile(r"^(?P<label>\d+ .+?) (?P<page>\d+)$")
_ONLINE = re.compile(r"^\d{4} (?:WL|U\.S\. (?:Dist\.|App\.) LEXIS|[A-Z][\w.]* LEXIS) \d+$")
# Where one pin of a list ends: "483, 487" -> "483", "487"; "870 & n.5" stays whole.
_PIN_SPLIT = re.compile(r",\s*(?=\*?\d|¶)")
_RANGE_DASH = re.compile(r"(?<=\d)\s*[-—]\s*(?=\*?\d)")
_LEADING = re.compile(r"^\*?(\d+)")


def bluebook_date(date: str) -> str:
    """``April 22,  1994`` -> ``Apr. 22, 1994``; ``Jun. 24, 1987`` -> ``June 24, 1987`` (Bluebook T12)."""
    month, _, rest = re.sub(r"\s+", " ", date.strip()).partition(" ")
    prefix = month.rstrip(".").lower()[:3]
    for m in T12_MONTHS:
        if m.lower().startswith(prefix):
            return f"{m} {rest}".strip()
    return f"{month} {rest}".strip()


def iso_to_bluebook(date: str) -> str:
    """``2008-10-17`` -> ``Oct. 17, 2008``; anything else unchanged.

    Example:
        >>> iso_to_bluebook("2008-10-17")
        'Oct. 17, 2008'
    """
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        return date
    return f"{T12_MONTHS[int(m.group(2)) - 1]} {int(m.group(3))}, {m.group(1)}"


def order_citations(key: str, citations: Iterable[str]) -> list[str]:
    """Parallel citations in Bluebook order; among equals, the authority's key first, then as numbers sort.

    Example:
        >>> order_citations("129 S. Ct. 1937", ["173 L. Ed. 2d 868", "556 U.S. 662", "129 S. Ct. 1937"])
        ['556 U.S. 662', '129 S. Ct. 1937', '173 L. Ed. 2d 868']
    """
    unique = dict.fromkeys([key, *citations])
    return sorted(unique, key=lambda c: (_rank(c), c != key, natural_key(c)))


def _rank(citation: str) -> int:
    for rx, rank in _RANKS:
        if rx.search(citation):
            return rank
    return 5


def pin_atoms(pin: str) -> list[str]:
    """One printed pin as separate pins, ranges with an en dash (``483, 487-88`` -> ``483``, ``487–88``)."""
    return [_RANGE_DASH.sub("–", p.strip()) for p in _PIN_SPLIT.split(pin) if p.strip()]


def pin_groups(
    pins: Iterable[tuple[str | None, str]], citations: Sequence[str], kind: str = "case", key: str = ""
) -> list[tuple[str, list[str]]]:
    """Pins grouped by the citation they pin, in citation order: ``[("556 U.S. 662", ["678"]), ...]``.

    ``pins`` are ``(reporter, pin)`` as stored (``("556 U.S.", "678-79")``); a
    pin without a reporter pins the first citation. Within a group pins are
    sorted by page and de-duplicated; a page before its citation's first page
    cannot be in it and is dropped. A statute's or treatise's pin that only
    repeats its key (``§ 72.03[2][h]``) is dropped.
    """
    if kind != "case":
        atoms = [a for _, pin in pins for a in pin_atoms(pin) if a and a not in key]
        return [(key, list(dict.fromkeys(atoms)))] if atoms else []
    groups: dict[str, list[str]] = {c: [] for c in citations}
    first = citations[0] if citations else ""
    for reporter, pin in pins:
        citation = _citation_of(reporter, citations) or (reporter if reporter else first)
        groups.setdefault(citation, []).extend(pin_atoms(pin))
    out = []
    for citation, atoms in groups.items():
        start = _PAGED.match(citation)
        floor = int(start.group("page")) if start else None
        kept = [a for a in dict.fromkeys(atoms) if not _impossible(a, floor)]
        if kept:
            out.append((citation, sorted(kept, key=_pin_order)))
    return out


def _citation_of(reporter: str | None, citations: Sequence[str]) -> str | None:
    if not reporter:
        return None
    for c in citations:
        if c == reporter or c.startswith(reporter + " "):
            return c
    return None


def _impossible(atom: str, floor: int | None) -> bool:
    m = _LEADING.match(atom)
    return bool(floor and m and not atom.startswith("*") and int(m.group(1)) < floor)


def _pin_order(atom: str) -> tuple[object, ...]:
    m = _LEADING.match(atom)
    return (int(m.group(1)) if m else 10**9, natural_key(atom))


def _label(citation: str) -> str:
    """How a pin into ``citation`` is introduced when several reporters are pinned."""
    if _ONLINE.match(citation):
        return f"{citation}, at "
    m = _PAGED.match(citation)
    if m:
        return f"{m.group('label')} at "
    return f"{citation}, "  # a public-domain citation: "2019-Ohio-3364, ¶ 20"


def pin_list(groups: list[tuple[str, list[str]]]) -> list[str]:
    """The pins as separate strings, each labelled by reporter when more than one reporter is pinned.

    Example:
        >>> pin_list([("556 U.S. 662", ["678"]), ("129 S. Ct. 1937", ["1949", "1949–50"])])
        ['556 U.S. at 678', '129 S. Ct. at 1949', '129 S. Ct. at 1949–50']
    """
    if len(groups) == 1:
        return list(groups[0][1])
    return [_label(c) + a for c, atoms in groups for a in atoms]


def pin_text(groups: list[tuple[str, list[str]]]) -> str:
    """The pins as one line: ``678, 679`` or ``556 U.S. at 678; 129 S. Ct. at 1949, 1949–50``."""
    if len(groups) == 1:
        return ", ".join(groups[0][1])
    return "; ".join(_label(c) + ", ".join(atoms) for c, atoms in groups)


def case_citation(
    name: str | None,
    citations: Sequence[str],
    court: str | None,
    year: int | str | None,
    pin: str | None = None,
    parenthetical: str | None = None,
    disposition: str | None = None,
) -> str:
    """A full case citation.

    Example:
        >>> case_citation("Sharif v. Ashcroft", ["280 F.3d 786"], "7th Cir.", 2002, "787")
        'Sharif v. Ashcroft, 280 F.3d 786, 787 (7th Cir. 2002)'
        >>> case_citation("United States v. Hovsepian", ["359 F.3d 1144"], "9th Cir.", 2004, disposition="en banc")
        'United States v. Hovsepian, 359 F.3d 1144 (9th Cir. 2004) (en banc)'
    """
    parts = []
    for i, cite in enumerate(citations):
        # Westlaw and Lexis pins take "at": "2003 WL 1860517, at *2".
        at = "at " if pin and pin.startswith("*") else ""
        parts.append(cite + (f", {at}{pin}" if i == 0 and pin else ""))
    text = ", ".join(p for p in [name or "", ", ".join(parts)] if p)
    paren_court = "" if (court in (None, "U.S.") or _is_scotus(citations)) else court
    when = " ".join(str(x) for x in (paren_court, year) if x)
    if when and not text.endswith(f"({when})"):
        text += f" ({when})"
    if disposition:
        text += f" ({disposition})"
    if parenthetical:
        text += f" ({parenthetical})"
    return text


def _is_scotus(citations: Sequence[str]) -> bool:
    return any(_SCOTUS.match(c) for c in citations)


def authority_citation(
    kind: str,
    key: str,
    name: str | None,
    citations: Sequence[str],
    court: str | None,
    year: int | None,
    pin: str | None = None,
    parenthetical: str | None = None,
    disposition: str | None = None,
) -> str:
    """The Bluebook full form of any authority (parallel citations put in order here)."""
    if kind == "case":
        ordered = order_citations(key, citations) if citations else [key]
        return case_citation(name, ordered, court, year, pin, parenthetical, disposition)
    text = key if kind != "other" else (name or key)
    if pin and kind == "other":
        text += f", at {pin}"
    if parenthetical:
        text += f" ({parenthetical})"
    return text


def opinion_citation(
    case_name: str, citations: Sequence[str], court: str | None, date: str | None, docket: str | None
) -> str:
    """An ingested opinion's own citation: reported, or by docket number and exact date.

    Example:
        >>> opinion_citation("Flores Albarran v. Wong", ["157 F. Supp. 3d 779"], "N.D. Ill.", "2016-01-19", "No. 15 C 5691")
        'Flores Albarran v. Wong, 157 F. Supp. 3d 779 (N.D. Ill. 2016)'
        >>> opinion_citation("Arango v. USA Immigration", [], "D. Conn.", "2008-10-17", "No. 3:08CV1004 (MRK)")
        'Arango v. USA Immigration, No. 3:08CV1004 (MRK) (D. Conn. Oct. 17, 2008)'
    """
    reported = [c for c in citations if "___" not in c]
    if reported:
        year = (date or "")[:4] or None
        return case_citation(case_name, order_citations(reported[0], reported), court, year)
    number = docket or ""
    if number and not number.lower().startswith("no"):
        number = f"No. {number}"
    when = " ".join(x for x in (court or "", iso_to_bluebook(date) if date else "") if x)
    text = ", ".join(x for x in (case_name, number or (citations[0] if citations else "")) if x)
    return f"{text} ({when})" if when else text


def markdown_citation(citation: str, name: str | None, kind: str) -> str:
    """A citation for Markdown: HTML escaped, and only the case name in italics (Bluebook typeface for court documents)."""
    if kind == "case" and name and citation.startswith(name):
        rest = citation[len(name) :]
        return f"*{_md(name)}*{_md(rest)}"
    return _md(citation)


def _md(text: str) -> str:
    """Opinion text for Markdown: HTML shown, never run; emphasis characters shown as themselves."""
    return re.sub(r"([*_`\[\]])", r"\\\1", html.escape(text, quote=False))


def natural_key(text: str) -> tuple[object, ...]:
    """Sort key that orders ``§ 9`` before ``§ 10``."""
    return tuple((0, int(t)) if t.isdigit() else (1, t.lower()) for t in re.split(r"(\d+)", text) if t)
