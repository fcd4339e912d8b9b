"""Read the store: tables of authorities, lookups by name or citation.

The authority objects built here are the stable JSON interface documented in
``docs/json.md``; every command that prints an authority uses
:func:`authority_objects`.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from kb.bluebook import authority_citation, natural_key, order_citations, pin_groups, pin_list
from kb.goodlaw import annotate_authorities
from kb.lookup import find_authority, find_opinion
from kb.models import BLANK_PAGE, FORMS, KINDS
from kb.names import best_attested
from kb.store import reading

# A table of authorities says "passim" for an authority cited at this many places or more.
PASSIM_AT = 5

AuthorityObject = dict[str, Any]
_OPINION_COLUMNS = "id, path, stem, sha256, case_name, court, court_id, date, docket, judge, citations, unknown"


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
_FIELD_OF = {v: f for f, v in _LIST_FIELDS.items()}
_RAW_LISTS = (*_LIST_FIELDS, "dispositions", "opinion_depths")


def _opinion_objects(
    conn: sqlite3.Connection, opinion_id: int, authority_ids: list[int] | None
) -> list[AuthorityObject]:
    """One opinion's authorities, as that opinion cites them: its names, pins, locations and parentheticals."""
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
        lists = {
            "pins": [tuple(p) for r in refs for p in json.loads(r["pins"] or "[]")],
            "signals": list(dict.fromkeys(r["signal"] for r in refs if r["signal"])),
            "parentheticals": list(dict.fromkeys(r["parenthetical"] for r in refs if r["parenthetical"])),
            "locations": list(dict.fromkeys(r["location"] for r in refs if r["location"])),
            "citing_opinions": list(dict.fromkeys(r["opinion_name"] for r in refs)),
            "dispositions": [r["disposition"] for r in refs if r["disposition"]],
        }
        counts = Counter(r["form"] for r in refs)
        obj = _object(_as_printed(auths[aid], refs), cites.get(aid, []), counts, lists, None)
        out.append(obj)
    return out


def _as_printed(a: sqlite3.Row, refs: list[sqlite3.Row]) -> dict[str, Any]:
    """The authority row with the name, court and year this opinion prints for it (the store's where it prints none)."""
    row = dict(a)
    if a["kind"] != "case":
        return row
    name = best_attested(Counter(r["name"] for r in refs if r["name"]))
    full = [r for r in refs if r["form"] == "full"]
    courts = Counter((r["court"], r["court_id"]) for r in full if r["court"])
    years = Counter(r["year"] for r in full if r["year"])
    if name and (" v. " in name or not row["name"] or " v. " not in row["name"]):
        row["name"] = name
    if courts:
        row["court"], row["court_id"] = courts.most_common(1)[0][0]
    if years:
        row["year"] = years.most_common(1)[0][0]
    return row


def _store_objects(
    conn: sqlite3.Connection, authority_ids: list[int] | None, list_limit: int | None
) -> list[AuthorityObject]:
    """Authorities over the whole store: what each opinion prints of them, kept with the opinion that printed it."""
    where, args = "", []
    if authority_ids is not None:
        if not authority_ids:
            return []
        where, args = f"WHERE authority_id IN ({','.join('?' * len(authority_ids))})", list(authority_ids)
    counts, totals = _value_counts(conn, where, args, authority_ids)
    lists, opinion_ids = _value_lists(_value_rows(conn, where, args, counts, totals, list_limit), counts)
    names = _opinion_names(conn, opinion_ids)
    auths, cites = _authority_rows(conn, list(counts))
    out = []
    for aid in counts:
        if aid not in auths:
            continue
        raw = lists[aid]
        by_opinion = _by_opinion(raw, names)
        flat = {
            "pins": [(rep, pin) for _, rep, pin in raw["pin_cites"]],
            "signals": raw["signals"],
            "parentheticals": list(dict.fromkeys(t for _, t in raw["parentheticals"])),
            "locations": [f"{names.get(oid, '')} {loc}" for oid, loc in raw["locations"]],
            "citing_opinions": list(dict.fromkeys(names[i] for i in raw["citing_opinions"] if i in names)),
            "dispositions": raw["dispositions"],
        }
        obj = _object(dict(auths[aid]), cites.get(aid, []), counts[aid], flat, totals[aid])
        obj["by_opinion"] = [_opinion_part(obj, entry) for entry in by_opinion.values()]
        obj["passim"] = any(len(e["locations"]) >= PASSIM_AT for e in obj["by_opinion"])
        out.append(obj)
    return out


def _value_counts(
    conn: sqlite3.Connection, where: str, args: list[int], authority_ids: list[int] | None
) -> tuple[dict[int, Counter[str]], dict[int, dict[str, int]]]:
    """Per authority: an empty form counter to fill, and how many values of each list field the store holds."""
    # An authority asked for by id is listed even when nothing cites it yet
    # (an ingested opinion's own citation).
    counts: dict[int, Counter[str]] = {aid: Counter() for aid in authority_ids or []}
    totals: dict[int, dict[str, int]] = {aid: dict.fromkeys(_LIST_FIELDS, 0) for aid in authority_ids or []}
    for r in conn.execute(
        f"SELECT authority_id, field, count(*) AS n FROM authority_values {where} GROUP BY authority_id, field",
        args,
    ):
        counts.setdefault(r["authority_id"], Counter())
        totals.setdefault(r["authority_id"], dict.fromkeys(_LIST_FIELDS, 0))
        if r["field"] in _FIELD_OF:
            totals[r["authority_id"]][_FIELD_OF[r["field"]]] = r["n"]
    return counts, totals


def _value_rows(
    conn: sqlite3.Connection,
    where: str,
    args: list[int],
    counts: dict[int, Counter[str]],
    totals: dict[int, dict[str, int]],
    list_limit: int | None,
) -> list[sqlite3.Row]:
    """The authority_values rows to read: all of them, or the first ``list_limit`` of each list field."""
    if list_limit is None:
        return conn.execute(
            f"SELECT authority_id, field, value, uses FROM authority_values {where} ORDER BY authority_id, field, first",
            args,
        ).fetchall()
    fields = (*_LIST_FIELDS.values(), "form", "disposition")
    return [
        v
        for aid in counts
        for field in fields
        if field not in _FIELD_OF or totals[aid][_FIELD_OF[field]]
        for v in conn.execute(
            "SELECT authority_id, field, value, uses FROM authority_values"
            " WHERE authority_id = ? AND field = ? ORDER BY first LIMIT ?",
            (aid, field, list_limit if field in _FIELD_OF else len(FORMS)),
        )
    ]


def _value_lists(
    values: list[sqlite3.Row], counts: dict[int, Counter[str]]
) -> tuple[dict[int, dict[str, list[Any]]], set[int]]:
    """Each authority's raw lists from its value rows (forms counted into ``counts``), and the opinions they name."""
    lists: dict[int, dict[str, list[Any]]] = {aid: {f: [] for f in _RAW_LISTS} for aid in counts}
    opinion_ids: set[int] = set()
    for v in values:
        aid, field, value = v["authority_id"], v["field"], v["value"]
        if field == "form":
            counts[aid][value] = v["uses"]
        elif field == "disposition":
            lists[aid]["dispositions"] += [value] * v["uses"]
        elif field == "opinion":
            lists[aid]["citing_opinions"].append(int(value))
            lists[aid]["opinion_depths"].append(v["uses"])
            opinion_ids.add(int(value))
        elif field == "signal":
            lists[aid]["signals"].append(value)
        elif field in ("pin", "location", "parenthetical"):
            item = json.loads(value)
            opinion_ids.add(int(item[0]))
            lists[aid][_FIELD_OF[field]].append(tuple(item))
    return lists, opinion_ids


def _by_opinion(raw: dict[str, list[Any]], names: dict[int, str]) -> dict[int, dict[str, Any]]:
    """Each citing opinion's pins, locations and parentheticals of one authority, by the opinion's name."""
    by_opinion: dict[int, dict[str, Any]] = {}

    def part(oid: int) -> dict[str, Any]:
        empty = {
            "opinion_id": oid,
            "opinion": names.get(oid, ""),
            "depth": 0,
            "pins": [],
            "locations": [],
            "parentheticals": [],
        }
        return by_opinion.setdefault(oid, empty)

    for oid, depth in zip(raw["citing_opinions"], raw["opinion_depths"], strict=True):
        part(oid)["depth"] = depth
    for oid, reporter, pin in raw["pin_cites"]:
        part(oid)["pins"].append((reporter, pin))
    for field in ("locations", "parentheticals"):
        for oid, text in raw[field]:
            part(oid)[field].append(text)
    # by the citing opinion's name: the order of ids is the order ingest happened to finish them
    return dict(sorted(by_opinion.items(), key=lambda item: (natural_key(item[1]["opinion"]), item[0])))


def _opinion_part(obj: AuthorityObject, entry: dict[str, Any]) -> dict[str, Any]:
    """What one opinion prints of a store-wide authority."""
    groups = pin_groups(entry["pins"], obj["citations"], obj["kind"], obj["key"])
    return {
        "opinion_id": entry["opinion_id"],
        "opinion": entry["opinion"],
        "depth": entry["depth"],
        "pin_cites": pin_list(groups),
        "pins": [{"citation": c, "pins": atoms} for c, atoms in groups],
        "locations": entry["locations"],
        "parentheticals": entry["parentheticals"],
        "passim": len(entry["locations"]) >= PASSIM_AT,
    }


def in_chunks(ids: Iterable[int], size: int = 500) -> Iterator[tuple[list[int], str]]:
    """``ids`` in lists short enough for one ``IN (...)``, each with its ``?`` marks."""
    ordered = list(ids)
    for k in range(0, len(ordered), size):
        chunk = ordered[k : k + size]
        yield chunk, ",".join("?" * len(chunk))


def _opinion_names(conn: sqlite3.Connection, ids: set[int]) -> dict[int, str]:
    names: dict[int, str] = {}
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
    a: dict[str, Any] | sqlite3.Row,
    citations: list[str],
    counts: Counter[str],
    lists: dict[str, list[Any]],
    totals: dict[str, int] | None,
) -> AuthorityObject:
    ordered = order_citations(a["key"], citations) if a["kind"] == "case" else [a["key"]]
    if BLANK_PAGE in a["key"]:  # "577 U.S. ___ (Mullenix v. Luna)": the printed citation, never an identity
        ordered = [c for c in ordered if c != a["key"]]
        ordered = [a["key"].split(" (")[0], *ordered]
    groups = pin_groups(lists["pins"], ordered, a["kind"], a["key"])
    dispositions = Counter(lists["dispositions"])
    disposition = dispositions.most_common(1)[0][0] if dispositions else None
    obj = {
        "id": a["id"],
        "key": a["key"],
        "kind": a["kind"],
        "name": a["name"] if a["kind"] in ("case", "other") else None,
        "citation": authority_citation(
            a["kind"], a["key"], a["name"], ordered, a["court"], a["year"], disposition=disposition
        ),
        "citations": ordered,
        "court": a["court"],
        "court_id": a["court_id"],
        "year": a["year"],
        "disposition": disposition,
        "parent": a["parent_key"],
        "refs": {form: counts.get(form, 0) for form in FORMS},
        "depth": sum(counts.values()),
        "pin_cites": pin_list(groups),
        "pins": [{"citation": c, "pins": atoms} for c, atoms in groups],
        "signals": lists["signals"],
        "parentheticals": lists["parentheticals"],
        "locations": lists["locations"],
        "citing_opinions": lists["citing_opinions"],
    }
    listed = {field: len(obj[field]) for field in _LIST_FIELDS}
    obj["totals"] = {field: max(listed[field], (totals or {}).get(field, 0)) for field in _LIST_FIELDS}
    obj["passim"] = len(lists["locations"]) >= PASSIM_AT
    return obj


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


def common_table(conn: sqlite3.Connection, first: str, second: str) -> dict[str, Any]:
    """Everything ``kb common`` prints: the authorities two opinions both cite, most referred to by the two first.

    Each authority keeps only the two opinions' pins, places and depth, not
    the rest of the store's; the table has no single opinion and a title
    naming both.

    Raises:
        NotFoundError, AmbiguousError: ``first`` or ``second`` names no single opinion.
    """
    from kb.walk import common_authorities

    with reading(conn):
        a, b = (find_opinion(conn, o) for o in (first, second))
        pair = (a["id"], b["id"])
        ids = common_authorities(conn, *pair)
        objs = authority_objects(conn, authority_ids=ids) if ids else []
    order = {aid: k for k, aid in enumerate(ids)}
    objs.sort(key=lambda o: order[o["id"]])
    for o in objs:  # what the two opinions print, not the rest of the store
        o["by_opinion"] = [e for e in o["by_opinion"] if e["opinion_id"] in pair]
        o["depth"] = sum(e["depth"] for e in o["by_opinion"])
    title = f"Authorities cited by both {a['case_name']} and {b['case_name']}"
    return {"opinion": None, "title": title, "authorities": objs}


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
        # Fields the opinion does not state (its name may be the file name's stand-in).
        "unknown": json.loads(row["unknown"] or "[]"),
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
