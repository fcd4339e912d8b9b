"""Is it still good law? An authority's history, its treatment by citing opinions, and its flags.

Three things the store knows about a decision's later (and prior) life, each
with the opinion that says so:

* history lines: what a citing opinion states after the citation
  (``..., cert. denied, 516 U.S. 936 (1995)``, ``..., overruled by Dobbs ...``),
  stored as relations in the ``history`` table, never as references;
* treatment: how each citing opinion treats it (``refs.treatment`` and its cue,
  from :mod:`kb.analysis.treatment`);
* good-law flags: a history line that says the decision was overruled,
  abrogated, reversed, vacated or superseded, or a citing opinion that itself
  overrules it (or reports that another court did).

:func:`annotate_authorities` adds ``history``, ``subsequent_history`` and
``flags`` to authority objects (``docs/json.md``); :func:`authority_history`
and :func:`authority_treatment` answer ``kb history`` and ``kb treatment``.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from typing import Any

from kb.bluebook import case_citation
from kb.models import TREATMENTS
from kb.tables import GOOD_LAW_HISTORY

Flag = dict[str, Any]
# A treatment cue by which the citing opinion itself overrules ("we overrule", "is hereby overruled"),
# rather than reporting that another court did ("subsequently overruled Chisolm in State v. Taylor").
_OWN_OVERRULING = re.compile(
    r"\b(?:[Ww]e\s+(?:\w+\s+){0,2}overrule|(?:is|are|be)\s+(?:hereby\s+|now\s+|expressly\s+)?(?:overruled|disapproved))\b"
)


def history_lines(
    conn: sqlite3.Connection, authority_ids: list[int], opinion_id: int | None = None
) -> dict[int, list[dict[str, Any]]]:
    """The history lines of each authority, in the order the stating opinions print them.

    Args:
        conn: an open store.
        authority_ids: the cited decisions.
        opinion_id: only what this opinion states (a table of authorities shows
            what its own opinion says); None for every opinion in the store.

    Returns:
        By authority id, ``{relation, citation, later_key, later_citation, name,
        year, court, stated_by, stated_by_stem}`` per line; ``citation`` is the
        later decision in Bluebook form.
    """
    from kb.query import in_chunks

    out: dict[int, list[dict[str, Any]]] = {}
    for chunk, marks in in_chunks(authority_ids):
        sql = (
            "SELECT h.*, o.case_name AS stated_by, o.stem AS stated_by_stem FROM history h"
            f" JOIN opinions o ON o.id = h.opinion_id WHERE h.authority_id IN ({marks})"
        )
        args: list[int] = list(chunk)
        if opinion_id is not None:
            sql += " AND h.opinion_id = ?"
            args.append(opinion_id)
        for h in conn.execute(sql + " ORDER BY h.opinion_id, h.start", args):
            out.setdefault(h["authority_id"], []).append(_line(h))
    return out


def _line(h: sqlite3.Row) -> dict[str, Any]:
    cited = h["later_citation"] or h["later_key"]
    return {
        "relation": h["relation"],
        "citation": case_citation(h["later_name"], [cited] if cited else [], _court(h), h["later_year"]),
        "later_key": h["later_key"],
        "later_citation": h["later_citation"],
        "name": h["later_name"],
        "year": h["later_year"],
        "court": _court(h),
        "stated_by": h["stated_by"],
        "stated_by_stem": h["stated_by_stem"],
    }


def _court(h: sqlite3.Row) -> str | None:
    return h["later_court"]


def subsequent_history(lines: list[dict[str, Any]]) -> str:
    """The Bluebook history clause after a citation: ``, cert. denied, 516 U.S. 936 (1995)``.

    A line stated by several opinions is printed once.

    Example:
        >>> subsequent_history([{"relation": "cert. denied", "citation": "516 U.S. 936 (1995)"}])
        ', cert. denied, 516 U.S. 936 (1995)'
    """
    seen = dict.fromkeys(history_clause(line) for line in lines)
    return "".join(f", {clause}" for clause in seen)


def history_clause(line: dict[str, Any]) -> str:
    """One history line as the Bluebook prints it: ``cert. denied, 516 U.S. 936 (1995)``, ``overruled by Dobbs ...``."""
    joint = " " if line["relation"].endswith((" by", " in")) else ", "
    return f"{line['relation']}{joint}{line['citation']}" if line["citation"] else line["relation"]


def good_law_flags(conn: sqlite3.Connection, authority_ids: list[int]) -> dict[int, list[Flag]]:
    """What the store says may make each authority no longer good law, with who says so.

    A flag is ``{flag, relation, later, later_key, stated_by, stated_by_stem,
    source, cue}``: ``source`` is ``history`` (a history line: "overruled by",
    "rev'd", "vacated" ...) or ``treatment`` (a citing opinion overrules it, or
    reports that another court did; ``later`` is then the citing opinion itself
    when its own words overrule, else None and ``cue`` holds the sentence).
    """
    from kb.query import in_chunks

    flags: dict[int, list[Flag]] = {}
    stated: set[tuple[int, str]] = set()
    for aid, lines in history_lines(conn, authority_ids).items():
        for line in lines:
            flag = GOOD_LAW_HISTORY.get(line["relation"])
            if flag:
                stated.add((aid, line["stated_by_stem"]))
                flags.setdefault(aid, []).append(
                    {
                        "flag": flag,
                        "relation": line["relation"],
                        "later": line["citation"],
                        "later_key": line["later_key"],
                        "stated_by": line["stated_by"],
                        "stated_by_stem": line["stated_by_stem"],
                        "source": "history",
                        "cue": None,
                    }
                )
    for chunk, marks in in_chunks(authority_ids):
        for r in conn.execute(
            "SELECT r.authority_id, r.treatment_cue, o.id AS oid, o.case_name, o.stem, o.citations, o.court, o.date"
            " FROM refs r JOIN opinions o ON o.id = r.opinion_id"
            f" WHERE r.treatment = 'overruled' AND r.authority_id IN ({marks}) ORDER BY o.id, r.seq",
            chunk,
        ):
            aid = r["authority_id"]
            if (aid, r["stem"]) in stated:
                continue  # its history line already says so
            stated.add((aid, r["stem"]))
            cue = r["treatment_cue"] or ""
            own = bool(_OWN_OVERRULING.search(cue))
            flags.setdefault(aid, []).append(
                {
                    "flag": "overruled",
                    "relation": "overruled by" if own else "overruled",
                    "later": _opinion_citation(r) if own else None,
                    "later_key": None,
                    "stated_by": r["case_name"],
                    "stated_by_stem": r["stem"],
                    "source": "treatment",
                    "cue": cue,
                }
            )
    return flags


def _opinion_citation(r: sqlite3.Row) -> str:
    import json

    cites = json.loads(r["citations"] or "[]")
    year = int(r["date"][:4]) if r["date"] and r["date"][:4].isdigit() else None
    return case_citation(r["case_name"], cites, r["court"], year)


def describe_flag(flag: Flag) -> str:
    """The short marker a listing prints for a flag.

    Example:
        >>> describe_flag({"relation": "overruled by", "later": "Dobbs v. Jackson Women's Health Org.,"
        ...                " 597 U.S. 215 (2022)", "stated_by": "Smith v. Jones", "flag": "overruled", "cue": None})
        "! overruled by Dobbs v. Jackson Women's Health Org., 597 U.S. 215 (2022) (per Smith v. Jones)"
    """
    if flag.get("later"):
        return (
            f"! {history_clause({'relation': flag['relation'], 'citation': flag['later']})} (per {flag['stated_by']})"
        )
    cue = f": “{_clip(flag['cue'], 140)}”" if flag.get("cue") else ""
    return f"! {flag['flag']} (per {flag['stated_by']}{cue})"


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def annotate_authorities(
    conn: sqlite3.Connection, objects: list[dict[str, Any]], opinion_id: int | None = None
) -> list[dict[str, Any]]:
    """Add ``history``, ``subsequent_history`` and ``flags`` to authority objects, in place.

    ``history`` holds what ``opinion_id`` states (every opinion's lines when
    None); ``flags`` always cover the whole store: whether a case is still good
    law does not depend on which table lists it.
    """
    ids = [o["id"] for o in objects if o.get("kind") == "case"]
    lines = history_lines(conn, ids, opinion_id) if ids else {}
    flags = good_law_flags(conn, ids) if ids else {}
    for o in objects:
        o["history"] = lines.get(o["id"], [])
        o["subsequent_history"] = subsequent_history(o["history"])
        o["flags"] = flags.get(o["id"], [])
    return objects


def flags_by_node(conn: sqlite3.Connection, nodes: list[str]) -> dict[str, list[Flag]]:
    """Good-law flags of graph nodes, for the map and ``kb trace``.

    An ``authority:N`` node carries its own flags; an ``opinion:N`` node those of
    the authority that is that opinion (the map without ``--focus`` draws an
    ingested opinion that others cite as its opinion node).
    """
    from kb.query import in_chunks

    ids = {int(n.split(":", 1)[1]): n for n in nodes if n.startswith("authority:")}
    opinions = [int(n.split(":", 1)[1]) for n in nodes if n.startswith("opinion:")]
    for chunk, marks in in_chunks(opinions):
        for aid, oid in conn.execute(
            f"SELECT id, opinion_id FROM authorities WHERE opinion_id IN ({marks}) AND kind = 'case'", chunk
        ):
            ids.setdefault(aid, f"opinion:{oid}")
    return {ids[aid]: f for aid, f in good_law_flags(conn, list(ids)).items()}


def authority_history(conn: sqlite3.Connection, name: str) -> dict[str, Any]:
    """Everything the store knows of an authority's later and prior life (``kb history``).

    Returns:
        ``{authority, history, as_later_decision, flags}``: ``history`` its own
        history lines (each with the opinion that states it), ``as_later_decision``
        the lines in which it is the later decision (``X, aff'd, <it>``: what it
        affirmed, reversed or overruled), ``flags`` its good-law flags.

    Raises:
        NotFoundError, AmbiguousError: as :func:`kb.query.find_authority`.
    """
    from kb.query import authority_objects, find_authority
    from kb.store import reading

    with reading(conn):
        a = find_authority(conn, name)
        obj = authority_objects(conn, authority_ids=[a["id"]])
        cites = [a["key"]]
        cites += [
            c[0] for c in conn.execute("SELECT citation FROM authority_citations WHERE authority_id = ?", (a["id"],))
        ]
        cites = list(dict.fromkeys(cites))
        marks = ",".join("?" * len(cites))
        earlier = [
            {**_line(h), "cited": h["cited_key"], "cited_name": h["cited_name"]}
            for h in conn.execute(
                "SELECT h.*, o.case_name AS stated_by, o.stem AS stated_by_stem, b.key AS cited_key, b.name AS cited_name"
                " FROM history h JOIN opinions o ON o.id = h.opinion_id JOIN authorities b ON b.id = h.authority_id"
                f" WHERE h.later_key IN ({marks}) ORDER BY h.opinion_id, h.start",
                cites,
            )
        ]
    o = obj[0] if obj else {"key": a["key"], "citation": a["key"], "history": [], "flags": []}
    return {"authority": o, "key": a["key"], "history": o["history"], "as_later_decision": earlier, "flags": o["flags"]}


def authority_treatment(conn: sqlite3.Connection, name: str) -> dict[str, Any]:
    """How each citing opinion treated an authority, reference by reference, with the cue (``kb treatment``).

    Returns:
        ``{authority, key, summary, citing}``: ``summary`` counts references by
        treatment (every class of :data:`kb.models.TREATMENTS`); ``citing`` lists
        each opinion with its references ``{form, location, treatment, cue, sentence}``.

    Raises:
        NotFoundError, AmbiguousError: as :func:`kb.query.find_authority`.
    """
    from kb.query import authority_objects, find_authority
    from kb.store import reading

    with reading(conn):
        a = find_authority(conn, name)
        obj = authority_objects(conn, authority_ids=[a["id"]])
        opinions: dict[int, dict[str, Any]] = {}
        summary: Counter[str] = Counter()
        for r in conn.execute(
            "SELECT r.form, r.location, r.treatment, r.treatment_cue, r.sentence, r.pin_cite, r.opinion_id,"
            " o.case_name, o.stem, o.court, o.date FROM refs r JOIN opinions o ON o.id = r.opinion_id"
            " WHERE r.authority_id = ? ORDER BY o.date, o.case_name, r.seq",
            (a["id"],),
        ):
            entry = opinions.setdefault(
                r["opinion_id"],
                {
                    "opinion": r["case_name"],
                    "stem": r["stem"],
                    "court": r["court"],
                    "date": r["date"],
                    "references": [],
                },
            )
            entry["references"].append(
                {
                    "form": r["form"],
                    "pin_cite": r["pin_cite"],
                    "location": r["location"],
                    "treatment": r["treatment"],
                    "cue": r["treatment_cue"],
                    "sentence": r["sentence"],
                }
            )
            summary[r["treatment"] or "unknown"] += 1
    ordered = {t: summary[t] for t in TREATMENTS if summary[t]}
    if summary["unknown"]:
        ordered["unknown"] = summary["unknown"]
    return {
        "authority": obj[0] if obj else None,
        "key": a["key"],
        "summary": ordered,
        "citing": list(opinions.values()),
    }
