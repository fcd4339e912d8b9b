"""Which authority a citation is, store-wide, and how to find one by what a user types.

An authority is found or made from its key and citations (parallel cites
printed together are one authority). Two more kinds of evidence join
authorities that no opinion cites together:

* **the ingested opinion itself**: an opinion's own citations
  (``171 U.S. 447``, ``19 S. Ct. 6``) are all the opinion;
* **same name, court and year**: ``2010 WL 1946733`` in one opinion and
  ``613 F.3d 30`` in another, both "Ahmed v. Holder" (1st Cir. 2010), where one
  of them is a citation of a different system (Westlaw, Lexis, a docket
  number, a public-domain citation) or both are reports of the Supreme Court.

Every merge keeps its evidence (table ``identity``). Lookups go through the
table ``lookup`` of folded terms (spacing, periods, section signs and case
folding removed; names in Bluebook form), so ``129 S.Ct. 1937``, ``Reno v.
American-Arab Anti-Discrimination Committee`` and ``8 U.S.C. 1252(g)`` find
what the store holds as ``129 S. Ct. 1937``, ``Reno v. Am.-Arab
Anti-Discrimination Comm.`` and ``8 U.S.C. § 1252(g)``.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import zlib
from collections.abc import Iterable
from functools import lru_cache

logger = logging.getLogger(__name__)

# Citations of these systems name a decision without its reporter.
_OTHER_SYSTEM = re.compile(r"\b(?:WL|LEXIS)\b|^No\. |___|-Ohio-|\b(?:WI|IL|NMCA|NMSC)\b")
_SCOTUS_REPORTER = re.compile(r"^\d+ (?:U\.S\.|S\. Ct\.|L\. Ed\.(?: 2d)?) \d+$")
_REPORTER_CITATION = re.compile(r"^\d+ (?P<reporter>.+?) \d+$")
_RULE_KEY = re.compile(r"R\.\s(?:[A-Z][a-z]*\.\s?)*(?:P\.\s)?(\d[\w.()-]*)$")


def fold(text: str) -> str:
    """The lookup form of a citation, key or name: lower case, letters, digits and parentheses only.

    Example:
        >>> fold("129 S.Ct. 1937") == fold("129 S. Ct. 1937"), fold("8 U.S.C. 1252(g)") == fold("8 U.S.C. § 1252(g)")
        (True, True)
    """
    return re.sub(r"[^\w()]+|_", "", text.lower())


def name_terms(name: str | None) -> set[str]:
    """Lookup terms of a case name: the whole name and each party (``Heckler v. Chaney`` -> ``heckler``, ``chaney``)."""
    return set(_name_terms(name)) if name else set()


# An authority's terms are read again each time an opinion cites it, from every name its references
# print, store-wide: the same names, normalised again and again, were half the cost of storing an opinion.
@lru_cache(maxsize=1 << 16)
def _name_terms(name: str) -> frozenset[str]:
    from kb.names import normalize_case_name

    normal = normalize_case_name(name)
    terms = {fold(name), fold(normal)}
    for party in re.split(r"\s+v\.\s+", normal):
        party = re.sub(r"^(?:In re|Ex parte)\s+", "", party)
        if party and party not in ("United States", "State", "People", "Commonwealth"):
            terms.add(fold(party))
            terms.add(fold(party.split(",")[0].split()[0]))
    return frozenset(t for t in terms if len(t) >= 2)


def authority_terms(key: str, name: str | None, citations: Iterable[str], short_names: Iterable[str]) -> set[str]:
    """Every term an authority is looked up by."""
    terms = {fold(key), *(fold(c) for c in citations), *name_terms(name)}
    terms |= {fold(s) for s in short_names if s}
    rule = _RULE_KEY.search(key)
    if rule:  # "Rule 12(b)(6)" finds Fed. R. Civ. P. 12(b)(6)
        terms.add(fold(f"Rule {rule.group(1)}"))
    return {t for t in terms if t}


def index_authorities(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Recompute the lookup terms of ``ids`` from what the store holds of them."""
    ids = list(ids)
    for aid in ids:
        conn.execute("DELETE FROM lookup WHERE target = 'authority' AND id = ?", (aid,))
        row = conn.execute("SELECT key, name FROM authorities WHERE id = ?", (aid,)).fetchone()
        if not row:
            continue
        citations = [
            r[0] for r in conn.execute("SELECT citation FROM authority_citations WHERE authority_id = ?", (aid,))
        ]
        shorts = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT short_name FROM refs WHERE authority_id = ? AND short_name IS NOT NULL", (aid,)
            )
        ]
        names = [
            r[0]
            for r in conn.execute("SELECT DISTINCT name FROM refs WHERE authority_id = ? AND name IS NOT NULL", (aid,))
        ]
        terms = authority_terms(row["key"], row["name"], citations, shorts)
        for n in names:
            terms |= name_terms(n)
        conn.executemany(
            "INSERT OR IGNORE INTO lookup (term, target, id) VALUES (?, 'authority', ?)", [(t, aid) for t in terms]
        )


def index_opinion(conn: sqlite3.Connection, opinion_id: int) -> None:
    """The lookup terms of an opinion: its stem, case name and own citations."""
    import json

    conn.execute("DELETE FROM lookup WHERE target = 'opinion' AND id = ?", (opinion_id,))
    row = conn.execute("SELECT stem, case_name, citations FROM opinions WHERE id = ?", (opinion_id,)).fetchone()
    if not row:
        return
    terms = {fold(row["stem"]), *name_terms(row["case_name"]), *(fold(c) for c in json.loads(row["citations"]))}
    conn.executemany(
        "INSERT OR IGNORE INTO lookup (term, target, id) VALUES (?, 'opinion', ?)",
        [(t, opinion_id) for t in terms if t],
    )


# Two texts are one opinion when this share of the shorter one's word 5-grams
# is in the other: an edited copy keeps nearly all of them, while a dissent
# filed as its own file shares only what it quotes of the majority.
SAME_TEXT_SHARE = 0.7
_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 5) -> set[int]:
    """Hashes of the text's word n-grams (case folded)."""
    words = _WORD.findall(text.lower())
    return {zlib.crc32(" ".join(words[i : i + n]).encode()) for i in range(max(1, len(words) - n + 1))}


def same_text(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are copies of one text, edited or not (not one quoting the other).

    Example:
        >>> same_text("The judgment is affirmed. It is so ordered.", "The judgment is affirmed.  It is so ordered!")
        True
    """
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return not sa and not sb
    return len(sa & sb) / min(len(sa), len(sb)) >= SAME_TEXT_SHARE


def same_decision_elsewhere(conn: sqlite3.Connection, aid: int) -> list[tuple[int, str]]:
    """Authorities that are the same decision as ``aid`` by name, court and year, with the evidence.

    Only where one is cited by another system (Westlaw, Lexis, docket number,
    public-domain or not-yet-paginated citation) or both are Supreme Court
    reports: two reporter citations of different cases can share a short
    name, a court and a year, a report and its Westlaw number cannot.
    """
    me = conn.execute("SELECT key, kind, name, court_id, year FROM authorities WHERE id = ?", (aid,)).fetchone()
    if (
        not me
        or me["kind"] != "case"
        or not me["name"]
        or " v. " not in me["name"]
        or not me["court_id"]
        or not me["year"]
    ):
        return []
    term = fold(me["name"])
    same = [
        other
        for other in conn.execute(
            "SELECT a.id, a.key, a.name FROM lookup l JOIN authorities a ON a.id = l.id"
            " WHERE l.term = ? AND l.target = 'authority' AND a.id != ? AND a.kind = 'case' AND a.court_id = ?"
            " AND a.year = ?",
            (term, aid, me["court_id"], me["year"]),
        )
        if fold(other["name"] or "") == term
    ]
    # Two reports of one name, court and year on different pages (Williams v. Taylor,
    # 529 U.S. 362 and 529 U.S. 420, both 2000) make the name no identity that year:
    # a third record under it (120 S. Ct. 1495) could be either.
    if same and _different_pages(conn, [aid, *(o["id"] for o in same)]):
        return []
    out = []
    for other in same:
        systems = (bool(_OTHER_SYSTEM.search(me["key"])), bool(_OTHER_SYSTEM.search(other["key"])))
        scotus = bool(_SCOTUS_REPORTER.match(me["key"]) and _SCOTUS_REPORTER.match(other["key"]))
        if systems[0] != systems[1] or scotus:
            out.append((other["id"], f"same name, court and year: {me['name']} ({me['court_id']} {me['year']})"))
    return out


def _different_pages(conn: sqlite3.Connection, ids: list[int]) -> bool:
    """Whether two of the authorities hold citations to different pages of one reporter.

    Williams v. Taylor, 529 U.S. 362 (2000) and Williams v. Taylor, 529 U.S. 420
    (2000) share name, court and year; one report cannot hold one decision twice.
    """
    pages: dict[int, dict[str, set[str]]] = {aid: {} for aid in ids}
    marks = ",".join("?" * len(ids))
    for aid, citation in conn.execute(
        f"SELECT authority_id, citation FROM authority_citations WHERE authority_id IN ({marks})", ids
    ):
        m = _REPORTER_CITATION.match(citation)
        if m:
            pages[aid].setdefault(m["reporter"], set()).add(citation)
    held = list(pages.values())
    return any(
        cites != other[reporter]
        for i, one in enumerate(held)
        for other in held[i + 1 :]
        for reporter, cites in one.items()
        if reporter in other
    )


def record_evidence(conn: sqlite3.Connection, aid: int, citation: str, evidence: str, opinion_id: int | None) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO identity (authority_id, citation, evidence, opinion_id) VALUES (?,?,?,?)",
        (aid, citation, evidence, opinion_id),
    )


def rebuild_lookup(conn: sqlite3.Connection) -> None:
    """Fill ``lookup`` for a whole store (the migration that creates it)."""
    ids = [r[0] for r in conn.execute("SELECT id FROM authorities")]
    index_authorities(conn, ids)
    for (oid,) in conn.execute("SELECT id FROM opinions").fetchall():
        index_opinion(conn, oid)
