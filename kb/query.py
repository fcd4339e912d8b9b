"""Read the store: tables of authorities, lookups by name or citation.

The authority objects built here are the stable JSON interface documented in
``docs/json.md``; every command that prints an authority uses
:func:`authority_objects`.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from kb.bluebook import authority_citation, natural_key
from kb.errors import AmbiguousError, NotFoundError
from kb.goodlaw import annotate_authorities
from kb.models import BLANK_PAGE, FORMS, KINDS
from kb.store import reading

# A table of authorities says "passim" for an authority cited at this many places or more.
PASSIM_AT = 5

AuthorityObject = dict[str, Any]
_OPINION_COLUMNS = "id, path, stem, sha256, case_name, court, court_id, date, docket, judge, citations"


def find_opinion(conn: sqlite3.Connection, name: str) -> sqlite3.Row:
    """An ingested opinion by file stem, case name or reporter citation.

    Raises:
        NotFoundError: nothing matches; the message lists the stored opinions.
        AmbiguousError: several match; the message lists them.
    """
    _check_name(name)
    row = conn.execute(f"SELECT {_OPINION_COLUMNS} FROM opinions WHERE stem = ?", (name.strip(),)).fetchall()
    if len(row) == 1:
        return row[0]
    # Everything but the texts: a lookup must not read the whole corpus.
    rows = conn.execute(f"SELECT {_OPINION_COLUMNS} FROM opinions ORDER BY case_name").fetchall()
    wanted = _fold(name)
    exact = [
        r
        for r in rows
        if wanted in (_fold(r["stem"]), _fold(r["case_name"]))
        or wanted in (_fold(c) for c in json.loads(r["citations"]))
    ]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [r for r in rows if wanted in _fold(r["case_name"]) or wanted in _fold(r["stem"])]
    if len(partial) == 1:
        return partial[0]
    names = ", ".join(f"{r['case_name']} ({r['stem']})" for r in (partial or rows)[:10])
    if partial:
        raise AmbiguousError(f"{name!r} matches several opinions: {names}")
    raise NotFoundError(f"no opinion matches {name!r}; stored opinions: {names or 'none'}")


def find_authority(conn: sqlite3.Connection, name: str) -> sqlite3.Row:
    """An authority by citation (any parallel), key, name or short name.

    Raises:
        NotFoundError / AmbiguousError with the candidates listed.
    """
    _check_name(name)
    wanted = _fold(name)
    row = conn.execute(
        "SELECT a.* FROM authority_citations c JOIN authorities a ON a.id = c.authority_id WHERE c.citation = ?",
        (name.strip(),),
    ).fetchone()
    if row:
        return row
    rows = conn.execute("SELECT * FROM authorities").fetchall()
    exact = [r for r in rows if wanted in (_fold(r["key"]), _fold(r["name"] or ""))]
    if len(exact) == 1:
        return exact[0]
    shorts = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT authority_id FROM refs WHERE short_name IS NOT NULL AND lower(short_name) = lower(?)",
            (name.strip(),),
        )
    }
    candidates = (
        exact
        or [r for r in rows if r["id"] in shorts]
        or [r for r in rows if wanted and (wanted in _fold(r["name"] or "") or wanted in _fold(r["key"]))]
    )
    if len(candidates) == 1:
        return candidates[0]
    listed = "; ".join(f"{r['name'] or r['key']} [{r['key']}]" for r in candidates[:10])
    if candidates:
        more = f" and {len(candidates) - 10} more" if len(candidates) > 10 else ""
        raise AmbiguousError(f"{name!r} matches several authorities: {listed}{more}; give a citation")
    raise NotFoundError(f"no authority matches {name!r}; try a citation such as '280 F.3d 786' or a case name")


def _check_name(name: str) -> None:
    """A name must hold a letter or digit: matching folds everything else away, and '' is in every name."""
    if not _fold(name):
        raise NotFoundError(f"{name!r} has no letters or digits to look up; give a file stem, case name or citation")


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9§]+", " ", text.lower()).strip()


def authority_objects(
    conn: sqlite3.Connection,
    opinion_id: int | None = None,
    authority_ids: list[int] | None = None,
    *,
    list_limit: int | None = None,
) -> list[AuthorityObject]:
    """Authority objects (``docs/json.md``) for one opinion, some authorities, or the whole store.

    With ``opinion_id`` the counts and lists cover that opinion's references;
    otherwise every reference in the store, read from the per-authority values
    kept at ingest. ``list_limit`` keeps the first N entries of each list
    (``totals`` still gives how many there are).
    """
    if opinion_id is not None:
        objects = _opinion_objects(conn, opinion_id, authority_ids)
    else:
        objects = _store_objects(conn, authority_ids, list_limit)
    if list_limit is not None:
        for o in objects:
            for field in _LIST_FIELDS:
                del o[field][list_limit:]
    objects.sort(
        key=lambda o: (KINDS.index(o["kind"]) if o["kind"] in KINDS else 99, natural_key(o["name"] or o["key"]))
    )
    return annotate_authorities(conn, objects, opinion_id)


# List fields of an authority object, and the ``authority_values`` field behind each.
_LIST_FIELDS = {
    "pin_cites": "pin",
    "signals": "signal",
    "parentheticals": "parenthetical",
    "locations": "location",
    "citing_opinions": "opinion",
}


def _opinion_objects(
    conn: sqlite3.Connection, opinion_id: int, authority_ids: list[int] | None
) -> list[AuthorityObject]:
    where, args = ["r.authority_id IS NOT NULL", "r.opinion_id = ?"], [opinion_id]
    if authority_ids is not None:
        where.append(f"r.authority_id IN ({','.join('?' * len(authority_ids))})")
        args += authority_ids
    rows = conn.execute(
        "SELECT r.*, o.case_name AS opinion_name FROM refs r"
        f" JOIN opinions o ON o.id = r.opinion_id WHERE {' AND '.join(where)} ORDER BY r.seq",
        args,
    ).fetchall()
    grouped: dict[int, list[sqlite3.Row]] = {}
    for r in rows:
        grouped.setdefault(r["authority_id"], []).append(r)
    auths, cites = _authority_rows(conn, list(grouped))
    out = []
    for aid, refs in grouped.items():
        pins: list[str] = []
        for r in refs:
            for pin in [r["pin_cite"], *json.loads(r["parallel_pins"] or "[]")]:
                if pin and pin not in pins:
                    pins.append(pin)
        lists = {
            "pin_cites": pins,
            "signals": list(dict.fromkeys(r["signal"] for r in refs if r["signal"])),
            "parentheticals": list(dict.fromkeys(r["parenthetical"] for r in refs if r["parenthetical"])),
            "locations": list(dict.fromkeys(r["location"] for r in refs if r["location"])),
            "citing_opinions": list(dict.fromkeys(r["opinion_name"] for r in refs)),
        }
        counts = Counter(r["form"] for r in refs)
        totals = {field: len(values) for field, values in lists.items()}
        out.append(_object(auths[aid], cites.get(aid, []), counts, lists, totals))
    return out


def _store_objects(
    conn: sqlite3.Connection, authority_ids: list[int] | None, list_limit: int | None
) -> list[AuthorityObject]:
    where, args = "", []
    if authority_ids is not None:
        if not authority_ids:
            return []
        where, args = f"WHERE authority_id IN ({','.join('?' * len(authority_ids))})", list(authority_ids)
    field_of = {v: f for f, v in _LIST_FIELDS.items()}
    # An authority asked for by id is listed even when nothing cites it yet
    # (an ingested opinion's own citation).
    counts: dict[int, Counter[str]] = {aid: Counter() for aid in authority_ids or []}
    totals: dict[int, dict[str, int]] = {aid: dict.fromkeys(_LIST_FIELDS, 0) for aid in authority_ids or []}
    for r in conn.execute(
        f"SELECT authority_id, field, count(*) AS n, sum(uses) AS uses FROM authority_values {where}"
        " GROUP BY authority_id, field",
        args,
    ):
        counts.setdefault(r["authority_id"], Counter())
        totals.setdefault(r["authority_id"], dict.fromkeys(_LIST_FIELDS, 0))
        if r["field"] == "form":
            continue
        totals[r["authority_id"]][field_of[r["field"]]] = r["n"]
    if list_limit is None:
        values = conn.execute(
            f"SELECT authority_id, field, value, uses FROM authority_values {where} ORDER BY authority_id, field, first",
            args,
        ).fetchall()
    else:
        values = [
            v
            for aid in counts
            for name, field in (*_LIST_FIELDS.items(), ("refs", "form"))
            if name == "refs" or totals[aid][name]
            for v in conn.execute(
                "SELECT authority_id, field, value, uses FROM authority_values"
                " WHERE authority_id = ? AND field = ? ORDER BY first LIMIT ?",
                (aid, field, list_limit if field != "form" else len(FORMS)),
            )
        ]
    lists: dict[int, dict[str, list[str]]] = {aid: {f: [] for f in _LIST_FIELDS} for aid in counts}
    opinion_ids = set()
    for v in values:
        if v["field"] == "form":
            counts[v["authority_id"]][v["value"]] = v["uses"]
            continue
        lists[v["authority_id"]][field_of[v["field"]]].append(v["value"])
        if v["field"] == "opinion":
            opinion_ids.add(int(v["value"]))
    names = _opinion_names(conn, opinion_ids)
    for per in lists.values():
        per["citing_opinions"] = list(dict.fromkeys(names[int(i)] for i in per["citing_opinions"]))
    auths, cites = _authority_rows(conn, list(counts))
    return [
        _object(auths[aid], cites.get(aid, []), counts[aid], lists[aid], totals[aid]) for aid in counts if aid in auths
    ]


def in_chunks(ids: Iterable[int], size: int = 500) -> Iterator[tuple[list[int], str]]:
    """``ids`` in lists short enough for one ``IN (...)``, each with its ``?`` marks."""
    ordered = list(ids)
    for k in range(0, len(ordered), size):
        chunk = ordered[k : k + size]
        yield chunk, ",".join("?" * len(chunk))


def _opinion_names(conn: sqlite3.Connection, ids: set[int]) -> dict[int, str]:
    names = {}
    for chunk, marks in in_chunks(sorted(ids)):
        names.update(
            (r["id"], r["case_name"])
            for r in conn.execute(f"SELECT id, case_name FROM opinions WHERE id IN ({marks})", chunk)
        )
    return names


def _authority_rows(conn: sqlite3.Connection, ids: list[int]) -> tuple[dict[int, sqlite3.Row], dict[int, list[str]]]:
    """Authority rows and their citations, by id."""
    auths: dict[int, sqlite3.Row] = {}
    cites: dict[int, list[str]] = {}
    for chunk, marks in in_chunks(ids):
        auths.update((a["id"], a) for a in conn.execute(f"SELECT * FROM authorities WHERE id IN ({marks})", chunk))
        for c in conn.execute(f"SELECT * FROM authority_citations WHERE authority_id IN ({marks})", chunk):
            cites.setdefault(c["authority_id"], []).append(c["citation"])
    return auths, cites


def _object(
    a: sqlite3.Row,
    citations: list[str],
    counts: Counter[str],
    lists: dict[str, list[str]],
    totals: dict[str, int],
) -> AuthorityObject:
    ordered = _order_citations(a["key"], citations) if a["kind"] == "case" else [a["key"]]
    if BLANK_PAGE in a["key"]:  # "577 U.S. ___ (Mullenix v. Luna)": the printed citation, never an identity
        ordered = [a["key"].split(" (")[0], *ordered[1:]]
    return {
        "id": a["id"],
        "key": a["key"],
        "kind": a["kind"],
        "name": a["name"] if a["kind"] in ("case", "other") else None,
        "citation": authority_citation(a["kind"], a["key"], a["name"], ordered, a["court"], a["year"]),
        "citations": ordered,
        "court": a["court"],
        "court_id": a["court_id"],
        "year": a["year"],
        "parent": a["parent_key"],
        "refs": {form: counts.get(form, 0) for form in FORMS},
        "depth": sum(counts.values()),
        "pin_cites": lists["pin_cites"],
        "signals": lists["signals"],
        "parentheticals": lists["parentheticals"],
        "locations": lists["locations"],
        "passim": totals["locations"] >= PASSIM_AT,
        "citing_opinions": lists["citing_opinions"],
        "totals": totals,
    }


def _order_citations(key: str, citations: list[str]) -> list[str]:
    """The key (first reporter) first, then the others in reporter order."""
    rest = sorted((c for c in citations if c != key), key=lambda c: (_reporter_rank(c), natural_key(c)))
    return [key, *rest]


def _reporter_rank(citation: str) -> int:
    for rank, rep in enumerate(("U.S.", "S. Ct.", "L. Ed.")):
        if f" {rep}" in citation:
            return rank
    return 9


def nested_relations(conn: sqlite3.Connection, opinion_id: int | None = None) -> list[dict[str, str]]:
    """``{citing, cited, relation, opinion}`` for nested citations."""
    sql = (
        "SELECT a.key AS citing, b.key AS cited, n.relation, o.case_name AS opinion FROM nested n"
        " JOIN authorities a ON a.id = n.citing_id JOIN authorities b ON b.id = n.cited_id"
        " JOIN opinions o ON o.id = n.opinion_id"
    )
    args: list[int] = []
    if opinion_id is not None:
        sql += " WHERE n.opinion_id = ?"
        args.append(opinion_id)
    return [dict(r) for r in conn.execute(sql, args)]


def unresolved_references(conn: sqlite3.Connection, opinion_id: int | None = None) -> list[dict[str, Any]]:
    """References that resolved to no authority, with where they are."""
    sql = (
        "SELECT o.case_name AS opinion, r.form, r.kind, r.text, r.location FROM refs r"
        " JOIN opinions o ON o.id = r.opinion_id WHERE r.authority_id IS NULL"
    )
    args: list[int] = []
    if opinion_id is not None:
        sql += " AND r.opinion_id = ?"
        args.append(opinion_id)
    return [dict(r) for r in conn.execute(sql + " ORDER BY r.opinion_id, r.seq", args)]


def table_of_authorities(conn: sqlite3.Connection, opinion: str | None = None) -> dict[str, Any]:
    """Everything ``kb authorities`` prints: one opinion's authorities or the whole store's, from one snapshot."""
    with reading(conn):
        opinion_row = find_opinion(conn, opinion) if opinion is not None else None
        oid = opinion_row["id"] if opinion_row else None
        return {
            "opinion": opinion_object(opinion_row) if opinion_row else None,
            "authorities": authority_objects(conn, oid),
            "nested": nested_relations(conn, oid),
            "unresolved": unresolved_references(conn, oid),
        }


def opinion_object(row: sqlite3.Row) -> dict[str, Any]:
    """The opinion object of `docs/json.md` for a stored opinion row."""
    return {
        "id": row["id"],
        "stem": row["stem"],
        "case_name": row["case_name"],
        "court": row["court"],
        "court_id": row["court_id"],
        "date": row["date"],
        "docket": row["docket"],
        "citations": json.loads(row["citations"]),
        "path": row["path"],
    }


def list_opinions(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every stored opinion as an opinion object, by case name."""
    with reading(conn):
        rows = conn.execute(f"SELECT {_OPINION_COLUMNS} FROM opinions ORDER BY case_name").fetchall()
    return [opinion_object(r) for r in rows]


def cited_by(conn: sqlite3.Connection, name: str) -> dict[str, Any]:
    """Every opinion citing an authority, with the propositions it is cited for (``citing`` empty when none)."""
    with reading(conn):
        return _cited_by(conn, find_authority(conn, name))


def _cited_by(conn: sqlite3.Connection, a: sqlite3.Row) -> dict[str, Any]:
    obj = authority_objects(conn, authority_ids=[a["id"]])
    opinions: dict[int, dict[str, Any]] = {}
    for r in conn.execute(
        "SELECT r.*, o.case_name, o.stem FROM refs r JOIN opinions o ON o.id = r.opinion_id"
        " WHERE r.authority_id = ? ORDER BY o.case_name, r.seq",
        (a["id"],),
    ):
        entry = opinions.setdefault(r["opinion_id"], {"opinion": r["case_name"], "stem": r["stem"], "references": []})
        entry["references"].append(
            {
                "form": r["form"],
                "pin_cite": r["pin_cite"],
                "signal": r["signal"],
                "location": r["location"],
                "proposition": r["sentence"],
                "parenthetical": r["parenthetical"],
                "treatment": r["treatment"],
                "treatment_cue": r["treatment_cue"],
            }
        )
    return {"authority": obj[0] if obj else None, "key": a["key"], "citing": list(opinions.values())}
