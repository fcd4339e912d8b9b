"""Find an opinion or authority from what a user types.

Every command that takes an opinion or authority goes through
:func:`find_opinion`, :func:`find_authority` or :func:`find_node`, so a name
that works for one works for all. Accepted, in this order:

1. an id as kb prints it: ``o:3`` (opinion), ``a:122`` (authority);
2. a citation exactly as stored, or the file stem of an opinion;
3. the same after normalising spacing, periods, ``§``, ``U.S.C.A.``/``USC``
   forms, ``vs.`` and the Bluebook T6/T10 abbreviations of case names
   (``Reno v. American-Arab Anti-Discrimination Committee``, ``129 S.Ct.
   1937``, ``8 U.S.C. 1252(g)``, ``Rule 12(b)(6)``), and a case's parties
   alone (``Heckler``) — the table ``lookup`` holds these terms
   (:mod:`kb.identity`), so a lookup reads an index, never every row;
4. failing those, the start of a term (``Heckler v. Ch``).

One match is returned. Several raise :class:`AmbiguousError` listing each
with its id; none raises :class:`NotFoundError`.
"""

from __future__ import annotations

import re
import sqlite3

from kb.errors import AmbiguousError, NotFoundError
from kb.identity import fold

_ID = re.compile(r"^\s*([oa]):(\d+)\s*$", re.I)
# Annotated-code and spacing variants of the United States Code.
_USC = re.compile(r"\bU\.?\s?S\.?\s?C\.?\s?(?:[AS]\.?)?(?=\s|§|$)")
_VS = re.compile(r"\s+vs?\.?\s+", re.I)
# A pin cite after a full citation: "129 S. Ct. 1937, 1949" looks up 129 S. Ct. 1937.
_PIN = re.compile(r"^(\d+\s+\D.*?\s\d+)\s*,\s*\d[\d\s,–-]*$")
# How many candidates an ambiguity lists.
LISTED = 10
_OPINION_COLUMNS = "id, path, stem, sha256, case_name, court, court_id, date, docket, judge, citations, unknown"


def opinion_id_text(opinion_id: int) -> str:
    """How kb prints an opinion's id: ``o:3``."""
    return f"o:{opinion_id}"


def authority_id_text(authority_id: int) -> str:
    """How kb prints an authority's id: ``a:122``."""
    return f"a:{authority_id}"


def lookup_terms(text: str) -> list[str]:
    """The folded terms ``text`` is looked up by, most literal first.

    Example:
        >>> lookup_terms("8 USCA 1252(g)")[-1] == lookup_terms("8 U.S.C. § 1252(g)")[0]
        True
    """
    from kb.names import normalize_case_name

    text = " ".join(text.split())
    forms = [text, _USC.sub("U.S.C.", text), _VS.sub(" v. ", text)]
    pin = _PIN.match(text)
    if pin:
        forms.append(pin.group(1))
    if " v. " in forms[-1] or re.search(r"[A-Za-z]{3}", text):
        forms.append(normalize_case_name(_VS.sub(" v. ", text)))
    return list(dict.fromkeys(t for t in (fold(f) for f in forms) if t))


def _check(text: str) -> list[str]:
    terms = lookup_terms(text)
    if not terms:
        raise NotFoundError(
            f"{text!r} has no letters or digits to look up; give an id, file stem, case name or citation"
        )
    return terms


def _ids(conn: sqlite3.Connection, target: str, terms: list[str]) -> list[int]:
    """Ids whose lookup terms equal one of ``terms`` (the first term that matches anything wins)."""
    for term in terms:
        ids = [
            r[0] for r in conn.execute("SELECT DISTINCT id FROM lookup WHERE term = ? AND target = ?", (term, target))
        ]
        if ids:
            return sorted(ids)
    return []


def _prefixed(conn: sqlite3.Connection, target: str, terms: list[str]) -> list[int]:
    """Ids with a lookup term starting with one of ``terms`` (an index range scan, not a table scan)."""
    for term in terms:
        if len(term) < 3:
            continue
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT id FROM lookup WHERE target = ? AND term >= ? AND term < ? LIMIT 200",
                (target, term, term + "\uffff"),
            )
        ]
        if ids:
            return sorted(ids)
    return []


def find_opinion(conn: sqlite3.Connection, text: str) -> sqlite3.Row:
    """An ingested opinion by id (``o:3``), file stem, case name or own citation.

    Raises:
        NotFoundError: nothing matches; the message lists some stored opinions.
        AmbiguousError: several match; the message lists them with their ids.
    """
    row = _by_id(conn, text, "o")
    if row is not None:
        return row
    terms = _check(text)
    rows = conn.execute(f"SELECT {_OPINION_COLUMNS} FROM opinions WHERE stem = ?", (text.strip(),)).fetchall()
    if len(rows) == 1:
        return rows[0]
    ids = _ids(conn, "opinion", terms) or _prefixed(conn, "opinion", terms)
    if len(ids) == 1:
        return _opinion(conn, ids[0])
    if ids:
        raise AmbiguousError(f"{text!r} matches {len(ids)} opinions: {_list_opinions(conn, ids)}; give an id")
    some = conn.execute(f"SELECT {_OPINION_COLUMNS} FROM opinions ORDER BY case_name LIMIT ?", (LISTED,)).fetchall()
    stored = "; ".join(f"{opinion_id_text(r['id'])} {r['case_name']} ({r['stem']})" for r in some) or "none"
    raise NotFoundError(f"no opinion matches {text!r}; stored opinions include: {stored} (kb opinions lists them all)")


def find_authority(conn: sqlite3.Connection, text: str) -> sqlite3.Row:
    """An authority by id (``a:122``), citation (any parallel, any spacing), key, name, party or short name.

    Raises:
        NotFoundError / AmbiguousError, the latter listing the candidates with their ids.
    """
    row = _by_id(conn, text, "a")
    if row is not None:
        return row
    terms = _check(text)
    row = conn.execute(
        "SELECT a.* FROM authority_citations c JOIN authorities a ON a.id = c.authority_id WHERE c.citation = ?",
        (text.strip(),),
    ).fetchone()
    if row:
        return row
    ids = _ids(conn, "authority", terms) or _prefixed(conn, "authority", terms)
    if len(ids) == 1:
        return conn.execute("SELECT * FROM authorities WHERE id = ?", (ids[0],)).fetchone()
    if ids:
        raise AmbiguousError(
            f"{text!r} matches {len(ids)} authorities: {_list_authorities(conn, ids)}; give an id or a citation"
        )
    raise NotFoundError(f"no authority matches {text!r}; try a citation such as '280 F.3d 786', a case name or an id")


def find_node(conn: sqlite3.Connection, text: str) -> tuple[str, int]:
    """An opinion or an authority, as ``("opinion", id)`` or ``("authority", id)``.

    An id says which it is. Otherwise an opinion matched by stem, name or own
    citation wins (the opinion is where its authorities' edges start); then
    an authority. Ambiguity among either is reported, never resolved by guess.
    """
    match = _ID.match(text)
    if match:
        kind = "opinion" if match.group(1).lower() == "o" else "authority"
        row = find_opinion(conn, text) if kind == "opinion" else find_authority(conn, text)
        return kind, int(row["id"])
    terms = _check(text)
    stem = conn.execute("SELECT id FROM opinions WHERE stem = ?", (text.strip(),)).fetchall()
    opinions = [r[0] for r in stem] if len(stem) == 1 else _ids(conn, "opinion", terms)
    if len(opinions) == 1:
        return "opinion", int(opinions[0])
    if len(opinions) > 1:
        raise AmbiguousError(f"{text!r} matches {len(opinions)} opinions: {_list_opinions(conn, opinions)}; give an id")
    return "authority", int(find_authority(conn, text)["id"])


def find_graph_node(conn: sqlite3.Connection, text: str) -> str:
    """The graph node (``opinion:N`` / ``authority:N``) of the opinion or authority ``text`` names (see :func:`find_node`).

    Raises:
        NotFoundError: nothing matches ``text``.
        AmbiguousError: several opinions, or several authorities, match it.
    """
    from kb.graph import authority_node, opinion_node

    kind, number = find_node(conn, text)
    return opinion_node(number) if kind == "opinion" else authority_node(number)


def _by_id(conn: sqlite3.Connection, text: str, kind: str) -> sqlite3.Row | None:
    match = _ID.match(text)
    if not match:
        return None
    number = int(match.group(2))
    if match.group(1).lower() != kind:
        if kind == "a":  # an ingested opinion as the authority other opinions cite
            opinion = _opinion(conn, number)
            if opinion is None:
                raise NotFoundError(f"no opinion has id {text.strip()}")
            row = conn.execute("SELECT * FROM authorities WHERE opinion_id = ?", (number,)).fetchone()
            if row is None:
                raise NotFoundError(
                    f"opinion {text.strip()} ({opinion['case_name']}) has no citation of its own in the store"
                )
            return row
        raise NotFoundError(f"{text.strip()!r} is the id of an authority; give an opinion (o:N), file stem or name")
    row = (
        _opinion(conn, number)
        if kind == "o"
        else conn.execute("SELECT * FROM authorities WHERE id = ?", (number,)).fetchone()
    )
    if row is None:
        what = "opinion" if kind == "o" else "authority"
        raise NotFoundError(f"no {what} has id {text.strip()}")
    return row


def _opinion(conn: sqlite3.Connection, opinion_id: int) -> sqlite3.Row:
    return conn.execute(f"SELECT {_OPINION_COLUMNS} FROM opinions WHERE id = ?", (opinion_id,)).fetchone()


def _list_opinions(conn: sqlite3.Connection, ids: list[int]) -> str:
    rows = [_opinion(conn, i) for i in ids[:LISTED]]
    listed = "; ".join(
        f"{opinion_id_text(r['id'])} {r['case_name']} ({', '.join(filter(None, (r['court'], r['date'], r['path'])))})"
        for r in rows
        if r
    )
    return listed + (f" and {len(ids) - LISTED} more" if len(ids) > LISTED else "")


def _list_authorities(conn: sqlite3.Connection, ids: list[int]) -> str:
    from kb.bluebook import authority_citation

    listed = []
    for aid in ids[:LISTED]:
        row = conn.execute("SELECT * FROM authorities WHERE id = ?", (aid,)).fetchone()
        cites = [r[0] for r in conn.execute("SELECT citation FROM authority_citations WHERE authority_id = ?", (aid,))]
        if row is None:
            continue
        text = authority_citation(row["kind"], row["key"], row["name"], cites, row["court"], row["year"])
        listed.append(f"{authority_id_text(aid)} {text}")
    return "; ".join(listed) + (f" and {len(ids) - LISTED} more" if len(ids) > LISTED else "")
