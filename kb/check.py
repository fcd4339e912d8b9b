"""``kb check``: a draft's citations checked against the store and against themselves.

The draft (any file :mod:`kb.load` reads: text, PDF, HTML, DOCX) is analysed
as ``kb toa`` reads it (a brief's cover and tables skipped) and nothing is
stored. Each reference is then checked:

1. **in the store**: is the authority one the store knows (``info`` when not:
   the store may simply be small);
2. **name**: the case name the draft prints against the names the store knows
   for that citation, both folded and Bluebook-abbreviated (``warning`` when
   they differ but share a party, ``error`` when no party matches: the name or
   the citation is wrong);
3. **year and court** of the draft's parenthetical against the store's (``warning``);
4. **pin**: a pin before the citation's first page is impossible (``error``);
   one far past it is suspicious (``warning``); for an ingested opinion whose
   star pages are known, a pin outside them is impossible (``error``);
5. **parallel cites** printed together that the store knows as different
   authorities (``error``);
6. **good law**: flags (overruled, reversed ... :mod:`kb.goodlaw`) are
   ``warning``; subsequent history the store knows and the draft omits, and
   negative treatment by citing opinions, ``info``;
7. **antecedents**: a short form, *Id.* or *supra* that resolved to nothing, or
   a short form of a case the draft never cites in full (``error``), or cites in
   full only later (``warning``).

Example:
    >>> from kb.check import check_document  # doctest: +SKIP
    >>> report = check_document(conn, "draft.docx")  # doctest: +SKIP
    >>> print(render_check(report, "text"))  # doctest: +SKIP
    draft.docx:41: error: pin 686 is before the first page of 280 F.3d 786 [pin-before-first-page]
"""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from kb.errors import KbError
from kb.identity import fold
from kb.models import Document, Extraction, PageMap, Reference

#: Finding levels, most serious first.
LEVELS = ("error", "warning", "info")
CHECK_FORMATS = ("text", "json")
# A pin this many pages past a decision's first page is suspicious. Not
# eyecite's 150 (MAX_OPINION_PAGE_COUNT): Gibbons v. Ogden, 9 Wheat. 1, runs
# 240 pages and briefs pin it at 202; a typo such as 1366 for 366 is further.
MAX_PLAUSIBLE_PAGES = 300
# Treatments by citing opinions a checker reports (kb.models.NEGATIVE_TREATMENTS
# without "distinguished", which says nothing of the case's authority).
REPORTED_TREATMENTS = ("criticized", "limited", "declined")
# A citation with a first page: "556 U.S. 662" (label "556 U.S.", page 662).
_PAGED = re.compile(r"^(?P<label>\d+ .+?) (?P<page>\d+)$")
# "See pp. 12-13, supra", "Part I.A, supra": the document's own pages and parts, not an authority.
_CROSS_REFERENCE = re.compile(r"\b(?:pp?\.|Parts?|[Nn]otes?|nn?\.|Section|§)\s+[\w.\-–, ]{0,20}supra\b")
# A case's short form: "Algonquin, 426 U.S. at 558-560".
_SHORT_CITE = re.compile(r"^(?:(?P<name>[^,]{1,80}),\s*)?\d+\s+(?P<reporter>[A-Z][\w. ]*?)\s+at\s+(?P<pin>\d+)")
# How far past its first page an unresolved short form's pin may be for kb to suggest that case.
SHORT_FORM_REACH = 60
# A footnote's number read into the name that follows it ("3 U.S. v. Van Anh").
_FOOTNOTE_NUMBER = re.compile(r"^\d{1,3}\s+(?=[A-Z])")
_PIN_START = re.compile(r"^(\d+)(?:\s*[-–]\s*(\d+))?")

Finding = dict[str, Any]


@dataclasses.dataclass(frozen=True, slots=True)
class Draft:
    """A draft as analysed: the document, its references, its pages."""

    doc: Document
    extraction: Extraction
    pages: PageMap


def load_draft(path: str | Path, *, encoding: str | None = None, tokenizer: str = "default") -> Draft:
    """Load and analyse a draft the way ``kb toa`` does, storing nothing.

    Raises:
        InputError: missing, unreadable or of a format kb does not read.
    """
    from kb.analysis import analyze_document
    from kb.pages import load_paged

    doc, pages = load_paged(path, "kb check", encoding=encoding)
    return Draft(doc, analyze_document(doc, tokenizer=tokenizer), pages)


def check_document(
    conn: sqlite3.Connection, path: str | Path, *, encoding: str | None = None, tokenizer: str = "default"
) -> dict[str, Any]:
    """Check every citation of the draft at ``path`` against the store (read only) and itself.

    Returns:
        ``{document, findings, summary}``: each finding ``{file, line, page,
        level, code, message, key, text}``, in document order.

    Raises:
        InputError: as :func:`load_draft`.
    """
    from kb.store import reading

    draft = load_draft(path, encoding=encoding, tokenizer=tokenizer)
    with reading(conn):
        return check_draft(conn, draft, str(path))


def check_draft(conn: sqlite3.Connection, draft: Draft, label: str) -> dict[str, Any]:
    """The findings for an analysed draft (see :func:`check_document`); ``label`` names the file in each line."""
    refs = [r for r in draft.extraction.references if r.start >= draft.doc.meta.body_start]
    known = _StoreView(conn, {k for r in refs for k in (r.key, *r.citations) if k})
    findings: list[tuple[int, Finding]] = []

    def add(ref: Reference, level: str, code: str, message: str) -> None:
        findings.append((ref.start, _finding(draft, label, ref, level, code, message)))

    by_key: dict[str, list[Reference]] = {}
    for r in refs:
        if r.key:
            by_key.setdefault(r.key, []).append(r)
    drafted_history = {(h.cited, h.relation) for h in draft.extraction.history}
    for key, group in by_key.items():
        _check_authority(known, key, group, drafted_history, add)
    for r in refs:
        _check_antecedent(r, by_key, add, draft.doc.text)
        _check_pins(known, r, add)
        _check_parallels(known, r, add)
    findings.sort(key=lambda f: (f[0], LEVELS.index(f[1]["level"])))
    out = [f for _, f in findings]
    counts = Counter(f["level"] for f in out)
    in_store = sum(1 for k, group in by_key.items() if _stored_row(known, k, group) is not None)
    return {
        "document": {"path": label, "format": draft.doc.format, "pages_numbered": bool(draft.pages.starts)},
        "findings": out,
        "summary": {
            **{level: counts.get(level, 0) for level in LEVELS},
            "references": len(refs),
            "authorities": len(by_key),
            "in_store": in_store,
        },
    }


def _finding(draft: Draft, label: str, ref: Reference, level: str, code: str, message: str) -> Finding:
    return {
        "file": label,
        "line": draft.doc.text.count("\n", 0, ref.start) + 1,
        "page": draft.pages.page_at(ref.start) if draft.pages.starts else None,
        "level": level,
        "code": code,
        "message": message,
        "key": ref.key,
        "text": " ".join(ref.text.split()),
    }


class _StoreView:
    """What the store knows of the draft's citations, read once."""

    def __init__(self, conn: sqlite3.Connection, citations: set[str]) -> None:
        from kb.goodlaw import good_law_flags, history_lines

        self.conn = conn
        self.by_citation: dict[str, int] = {}
        for c in citations:
            row = conn.execute("SELECT authority_id FROM authority_citations WHERE citation = ?", (c,)).fetchone()
            row = row or conn.execute("SELECT id FROM authorities WHERE key = ?", (c,)).fetchone()
            if row:
                self.by_citation[c] = int(row[0])
        ids = sorted(set(self.by_citation.values()))
        self.rows = {r["id"]: r for r in self._many("SELECT * FROM authorities WHERE id IN ({})", ids)}
        self.citations: dict[int, list[str]] = {}
        for r in self._many("SELECT authority_id, citation FROM authority_citations WHERE authority_id IN ({})", ids):
            self.citations.setdefault(r["authority_id"], []).append(r["citation"])
        self.names: dict[int, set[str]] = {}
        for r in self._many(
            "SELECT DISTINCT authority_id, name FROM refs WHERE name IS NOT NULL AND authority_id IN ({})", ids
        ):
            self.names.setdefault(r["authority_id"], set()).add(r["name"])
        cases = [i for i in ids if self.rows[i]["kind"] == "case"]
        self.flags = good_law_flags(conn, cases) if cases else {}
        self.history = history_lines(conn, cases) if cases else {}
        self.treatments: dict[int, list[sqlite3.Row]] = {}
        marks = ",".join("?" * len(REPORTED_TREATMENTS))
        for r in self._many(
            "SELECT r.authority_id, r.treatment, o.case_name FROM refs r JOIN opinions o ON o.id = r.opinion_id"
            f" WHERE r.treatment IN ({marks}) AND r.authority_id IN ({{}}) ORDER BY o.case_name",
            ids,
            REPORTED_TREATMENTS,
        ):
            self.treatments.setdefault(r["authority_id"], []).append(r)
        self.stars: dict[int, tuple[int, int] | None] = {}

    def _many(self, sql: str, ids: list[int], before: tuple[str, ...] = ()) -> list[sqlite3.Row]:
        from kb.query import in_chunks

        out: list[sqlite3.Row] = []
        for chunk, marks in in_chunks(ids):
            out += self.conn.execute(sql.format(marks), [*before, *chunk]).fetchall()
        return out

    def authority(self, citation: str | None) -> sqlite3.Row | None:
        aid = self.by_citation.get(citation or "")
        return self.rows.get(aid) if aid is not None else None

    def star_range(self, aid: int) -> tuple[int, int] | None:
        """First and last page of a stored ingested opinion, from its own citation and star pages (None if unknown)."""
        if aid in self.stars:
            return self.stars[aid]
        from kb.analysis.clean import clean_text

        row = self.rows[aid]
        span = None
        if row["opinion_id"] is not None:
            text = self.conn.execute("SELECT text FROM opinions WHERE id = ?", (row["opinion_id"],)).fetchone()
            stars = [int(p) for _, p in clean_text(text[0]).star_pages if p.isdigit()] if text else []
            first = _PAGED.match(row["key"])
            if stars and first:
                span = (int(first.group("page")), max(stars))
        self.stars[aid] = span
        return span


Add = Any  # the callback check_draft passes: add(ref, level, code, message)


def _check_authority(
    known: _StoreView, key: str, refs: list[Reference], drafted_history: set[tuple[str, str]], add: Add
) -> None:
    """Once per authority, at its first full reference: in the store, name, year, court, good law."""
    first = next((r for r in refs if r.form == "full"), refs[0])
    row = _stored_row(known, key, refs)
    if row is None:
        if first.kind == "case" or first.form == "full":
            add(first, "info", "not-in-store", f"{_shown(first)}: not in the store")
        return
    aid = row["id"]
    if row["kind"] == "case":
        _check_name(known, row, refs, add)
        full = [r for r in refs if r.form == "full"]
        year = next((r.year for r in full if r.year), None)
        if year and row["year"] and year != row["year"]:
            add(first, "warning", "year", f"{_shown(first)}: the draft says {year}; the store has {row['year']}")
        court = next((r for r in full if r.court_id), None)
        if court and row["court_id"] and court.court_id != row["court_id"] and row["court"] != "U.S.":
            add(
                first,
                "warning",
                "court",
                f"{_shown(first)}: the draft says {court.court}; the store has {row['court'] or row['court_id']}",
            )
    from kb.goodlaw import describe_flag, history_clause

    for flag in known.flags.get(aid, []):
        if flag["source"] == "history" and (key, flag["relation"]) in drafted_history:
            continue  # the draft gives that history itself
        add(first, "warning", "good-law", f"{_shown(first)}: {describe_flag(flag).lstrip('! ')}")
    flagged = {f["relation"] for f in known.flags.get(aid, [])}
    seen = set()
    for line in known.history.get(aid, []):
        clause = history_clause(line)
        if line["relation"] in flagged or (key, line["relation"]) in drafted_history or clause in seen:
            continue
        seen.add(clause)
        add(
            first,
            "info",
            "history",
            f"{_shown(first)}: the store knows its subsequent history '{clause}' (per {line['stated_by']});"
            " the draft does not give it",
        )
    treated = Counter((t["treatment"], t["case_name"]) for t in known.treatments.get(aid, []))
    if treated:
        said = "; ".join(f"{t} by {name}" for (t, name) in treated)
        add(first, "info", "treatment", f"{_shown(first)}: negative treatment in the store: {said}")


def _stored_row(known: _StoreView, key: str, refs: list[Reference]) -> sqlite3.Row | None:
    """The store's authority for a key of the draft: by the key, else by a parallel cite its full citation prints."""
    first = next((r for r in refs if r.form == "full"), refs[0])
    return known.authority(key) or next((known.authority(c) for c in first.citations if known.authority(c)), None)


def _check_name(known: _StoreView, row: sqlite3.Row, refs: list[Reference], add: Add) -> None:
    """The name the draft prints for a case against every name the store knows it by."""
    printed = next(((r, r.name) for r in refs if r.form == "full" and r.name), None)
    if printed is None:
        return
    ref, name = printed
    names = {n for n in (row["name"], *known.names.get(row["id"], ())) if n}
    if not names:
        return
    if _fold_name(name) in {_fold_name(n) for n in names}:
        return
    store_name = row["name"] or sorted(names)[0]
    draft_parties = _parties(name)
    if draft_parties & {p for n in names for p in _parties(n)}:
        add(
            ref,
            "warning",
            "name",
            f"{_shown(ref)}: the draft names it '{name}'; the store knows it as '{store_name}'",
        )
    else:
        add(
            ref,
            "error",
            "name-mismatch",
            f"{_shown(ref)}: the draft names it '{name}', but the store knows {ref.key} as '{store_name}':"
            " the name or the citation is wrong",
        )


def _fold_name(name: str) -> str:
    from kb.names import normalize_case_name

    return fold(normalize_case_name(_FOOTNOTE_NUMBER.sub("", name)))


def _parties(name: str) -> set[str]:
    """Folded parties of a case name, ``United States`` and the like left out (they name half the docket)."""
    from kb.names import normalize_case_name

    out = set()
    for party in re.split(r"\s+v\.\s+", normalize_case_name(_FOOTNOTE_NUMBER.sub("", name))):
        party = re.sub(r"^(?:In re|Ex parte)\s+", "", party).split(",")[0].strip()
        if party and party not in ("United States", "U.S.", "State", "People", "Commonwealth"):
            out.add(fold(party.split()[0]) if len(party.split()[0]) > 3 else fold(party))
    return {p for p in out if p}


def _check_antecedent(r: Reference, by_key: dict[str, list[Reference]], add: Add, text: str = "") -> None:
    """A short form, Id. or supra must have something to refer to, and a case's short form must follow its full cite."""
    if r.form not in ("short", "id", "supra"):
        return
    what = {"short": "short form", "id": "Id.", "supra": "supra"}[r.form]
    if not r.key:
        clause = " ".join(text[max(0, r.start - 40) : r.end].split())
        if r.form == "supra" and _CROSS_REFERENCE.search(clause):
            return
        if r.form == "short" and r.kind == "case":
            guess = _meant(r, by_key)
            hint = f"; did it mean {guess}?" if guess else ""
            add(
                r,
                "error",
                "no-antecedent",
                f"{what} '{_clip(r.text)}' refers to nothing: no citation before it resolves it{hint}",
            )
        else:
            # Id. after something kb does not read as a citation ("See pp. 9-12, supra. ... See ibid."),
            # a supra of a work kb does not read ("Madison, supra"): kb cannot be sure.
            add(
                r, "warning", "no-antecedent", f"{what} '{_clip(r.text)}': kb finds nothing before it that it refers to"
            )
        return
    if r.kind != "case" or r.form == "id":
        return
    fulls = [f.start for f in by_key.get(r.key, []) if f.form == "full"]
    if not fulls:
        add(r, "error", "no-full-citation", f"{what} '{_clip(r.text)}': the draft never cites {r.key} in full")
    elif min(fulls) > r.start:
        add(r, "warning", "short-before-full", f"{what} '{_clip(r.text)}' comes before the full citation of {r.key}")


def _meant(r: Reference, by_key: dict[str, list[Reference]]) -> str | None:
    """The full citation an unresolved short form probably means: same reporter, its pin a few pages in, by name first.

    ``Algonquin, 426 U.S. at 558`` after ``FEA v. Algonquin SNG, Inc., 425 U.S. 548``: a volume misprinted on one side.
    """
    m = _SHORT_CITE.search(" ".join(r.text.split()))
    if not m:
        return None
    name, reporter, pin = (m.group("name") or "").strip(" ,"), m.group("reporter"), int(m.group("pin"))
    best: tuple[int, int, str] | None = None
    for key, refs in by_key.items():
        full = next((f for f in refs if f.form == "full" and f.start < r.start), None)
        km = _PAGED.match(key)
        if full is None or not km or km.group("label").split(" ", 1)[-1] != reporter:
            continue
        first = int(km.group("page"))
        named = bool(name) and fold(name) in fold(full.name or "")
        if named or 0 <= pin - first <= SHORT_FORM_REACH:
            rank = (0 if named else 1, r.start - full.start, f"{full.name}, {key}" if full.name else key)
            best = min(best, rank) if best else rank
    return best[2] if best else None


def _check_pins(known: _StoreView, r: Reference, add: Add) -> None:
    """Each pin against its citation's first page, and against a stored opinion's star pages."""
    if r.kind != "case" or not r.pins:
        return
    row = known.authority(r.key)
    citations = list(
        dict.fromkeys([*(r.citations or ()), *(known.citations.get(row["id"], []) if row else []), r.key or ""])
    )
    for reporter, pin in r.pins:
        citation = _pinned(reporter, citations)
        m = _PAGED.match(citation or "")
        pm = _PIN_START.match(pin.strip())
        if not m or not pm or pin.strip().startswith("*"):
            continue
        first, page = int(m.group("page")), int(pm.group(1))
        if page < first:
            if r.form == "id":  # Id. may refer to something kb does not read as a citation ("Br. 40; id. at 42")
                add(
                    r,
                    "warning",
                    "pin-before-first-page",
                    f"'{_clip(r.text)}' resolves to {citation}, but {pin} is before its first page:"
                    " does Id. refer to something else?",
                )
            else:
                add(r, "error", "pin-before-first-page", f"pin {pin} is before the first page of {citation}")
            continue
        span = known.star_range(row["id"]) if row is not None and citation == row["key"] else None
        if span and page > span[1]:
            add(
                r,
                "error",
                "pin-outside-opinion",
                f"pin {pin} is past the last page of {citation} (the stored opinion runs {span[0]}–{span[1]})",
            )
        elif page - first > MAX_PLAUSIBLE_PAGES:
            add(
                r, "warning", "pin-implausible", f"pin {pin} is {page - first} pages after the first page of {citation}"
            )


def _pinned(reporter: str | None, citations: list[str]) -> str | None:
    if not reporter:
        return citations[0] if citations else None
    return next((c for c in citations if c.startswith(reporter + " ")), None)


def _check_parallels(known: _StoreView, r: Reference, add: Add) -> None:
    """Citations printed together as one decision that the store holds as different authorities."""
    if r.form != "full" or len(r.citations) < 2:
        return
    owners: dict[int, list[str]] = {}
    for c in r.citations:
        aid = known.by_citation.get(c)
        if aid is not None:
            owners.setdefault(aid, []).append(c)
    if len(owners) > 1:
        parts = "; ".join(f"{', '.join(cs)} is {_stored(known.rows[aid])}" for aid, cs in owners.items())
        add(r, "error", "parallel-mismatch", f"parallel citations of different decisions in the store: {parts}")


def _stored(row: sqlite3.Row) -> str:
    from kb.bluebook import authority_citation

    return authority_citation(row["kind"], row["key"], row["name"], [row["key"]], row["court"], row["year"])


def _shown(r: Reference) -> str:
    """The authority as the finding names it: the name the draft prints, and the key."""
    return f"{r.name}, {r.key}" if r.name and r.kind == "case" else (r.key or _clip(r.text))


def _clip(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def render_check(report: dict[str, Any], fmt: str = "text", *, min_level: str = "info") -> str:
    """The findings as ``FILE:LINE: LEVEL: message [code]`` lines and a summary line, or JSON.

    ``min_level`` leaves out less serious findings (the summary still counts them).

    Raises:
        KbError: an unknown format or level.
    """
    if min_level not in LEVELS:
        raise KbError(f"unknown level {min_level!r}; choose from {', '.join(LEVELS)}")
    shown = [f for f in report["findings"] if LEVELS.index(f["level"]) <= LEVELS.index(min_level)]
    if fmt == "json":
        return json.dumps({**report, "findings": shown}, ensure_ascii=False, indent=2) + "\n"
    if fmt != "text":
        raise KbError(f"unknown format {fmt!r}; choose from {', '.join(CHECK_FORMATS)}")
    lines = []
    for f in shown:
        page = f" (p. {f['page']})" if f["page"] else ""
        lines.append(f"{f['file']}:{f['line']}: {f['level']}: {f['message']}{page} [{f['code']}]")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def summary_line(report: dict[str, Any]) -> str:
    """``draft.txt: 2 errors, 1 warning, 40 info; 155 references to 67 authorities, 2 in the store``."""
    s = report["summary"]

    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 or word == 'info' else 's'}"

    return (
        f"{report['document']['path']}: {n(s['error'], 'error')}, {n(s['warning'], 'warning')}, {n(s['info'], 'info')};"
        f" {n(s['references'], 'reference')} to {n(s['authorities'], 'authority').replace('authoritys', 'authorities')},"
        f" {s['in_store']} in the store"
    )
