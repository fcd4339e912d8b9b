"""The rows one opinion writes: the opinion, its references and propositions, and the authorities they cite.

Every function here runs inside the caller's transaction (:func:`kb.store.save_opinion`
opens it); none commits. An authority's store-wide values (``authority_values``)
are kept up to date as references come and go, and authorities that turn out to
be one decision (a parallel cite, another citation system) are merged.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter
from datetime import datetime, timezone

from kb.identity import same_text
from kb.models import BLANK_PAGE, Document, Extraction, Reference
from kb.names import best_attested

logger = logging.getLogger(__name__)


def same_opinion(conn: sqlite3.Connection, doc: Document, extraction: Extraction) -> tuple[int, str] | None:
    """The stored opinion ``doc`` is, wherever it was ingested from.

    Same own citation, or same court, docket and date, *and* mostly the same
    text (:func:`kb.identity.same_text`): a dissent or concurrence filed as its
    own file shares the majority's citation, docket and date, and is another opinion.
    """
    candidates: list[tuple[int, str]] = []
    for citation in extraction.own_citations:
        candidates += [
            (r["id"], r["path"])
            for r in conn.execute(
                "SELECT o.id, o.path FROM authority_citations c JOIN authorities a ON a.id = c.authority_id"
                " JOIN opinions o ON o.id = a.opinion_id WHERE c.citation = ? AND o.path != ?",
                (citation, doc.path),
            )
        ]
    meta = doc.meta
    if meta.court_id and meta.docket and meta.date:
        candidates += [
            (r["id"], r["path"])
            for r in conn.execute(
                "SELECT id, path FROM opinions WHERE court_id = ? AND docket = ? AND date = ? AND path != ?",
                (meta.court_id, meta.docket, meta.date, doc.path),
            )
        ]
    for opinion_id, path in dict.fromkeys(candidates):
        row = conn.execute("SELECT text FROM opinions WHERE id = ?", (opinion_id,)).fetchone()
        if row and same_text(row["text"] or "", doc.text):
            return opinion_id, path
    return None


def delete_opinion(conn: sqlite3.Connection, path: str) -> tuple[set[int], list[int], int | None]:
    """Delete the opinion stored from ``path``; return the authorities and proposition texts it used, and its id."""
    old = conn.execute("SELECT id FROM opinions WHERE path = ?", (path,)).fetchone()
    if not old:
        return set(), [], None
    losing = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT authority_id FROM refs WHERE opinion_id = ? AND authority_id IS NOT NULL", (old[0],)
        )
    }
    texts = [r[0] for r in conn.execute("SELECT DISTINCT text_id FROM propositions WHERE opinion_id = ?", (old[0],))]
    conn.execute("DELETE FROM opinions WHERE id = ?", (old[0],))
    conn.execute("DELETE FROM lookup WHERE target = 'opinion' AND id = ?", (old[0],))
    return losing, texts, int(old[0])


def insert_opinion(conn: sqlite3.Connection, doc: Document, record_cites: int, opinion_id: int | None = None) -> int:
    """Insert the opinion; a replaced one keeps its id, so ids stay stable across re-ingests."""
    meta = doc.meta
    cur = conn.execute(
        "INSERT INTO opinions (id, path, stem, sha256, case_name, court, court_id, date, docket, judge,"
        " citations, text, record_cites, ingested_at, unknown) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            opinion_id,
            doc.path,
            doc.stem,
            doc.sha256,
            meta.case_name,
            meta.court,
            meta.court_id,
            meta.date,
            meta.docket,
            meta.judge,
            json.dumps(list(meta.citations)),
            doc.text,
            record_cites,
            datetime.now(timezone.utc).isoformat(timespec="seconds"),
            json.dumps(list(getattr(meta, "unknown", ()))),
        ),
    )
    return int(cur.lastrowid or 0)


_INSERT_REF = (
    "INSERT INTO refs (opinion_id, authority_id, seq, kind, form, start, end, text, pin_cite,"
    " pins, signal, parenthetical, name, short_name, court, court_id, year, citations,"
    " location, in_parenthetical, sentence, sentence_start, sentence_end, disposition, treatment, treatment_cue)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)


def insert_references(
    conn: sqlite3.Connection, opinion_id: int, references: tuple[Reference, ...], ids: dict[str, int]
) -> list[int]:
    """Insert the references in order (one statement for all); return their row ids."""
    conn.executemany(_INSERT_REF, [_ref_row(opinion_id, seq, ref, ids) for seq, ref in enumerate(references)])
    # The opinion's references are these alone (a replaced opinion's went with it), numbered by seq.
    return [r[0] for r in conn.execute("SELECT id FROM refs WHERE opinion_id = ? ORDER BY seq", (opinion_id,))]


def _ref_row(opinion_id: int, seq: int, ref: Reference, ids: dict[str, int]) -> tuple[object, ...]:
    return (
        opinion_id,
        ids.get(ref.key) if ref.key else None,
        seq,
        ref.kind,
        ref.form,
        ref.start,
        ref.end,
        ref.text,
        ref.pin_cite,
        json.dumps([list(p) for p in ref.pins], ensure_ascii=False) if ref.pins else None,
        ref.signal,
        ref.parenthetical,
        ref.name,
        ref.short_name,
        ref.court,
        ref.court_id,
        ref.year,
        json.dumps(list(ref.citations)),
        ref.location,
        int(ref.in_parenthetical),
        ref.sentence,
        ref.sentence_start,
        ref.sentence_end,
        ref.disposition,
        ref.treatment,
        ref.treatment_cue,
    )


def insert_propositions(
    conn: sqlite3.Connection, opinion_id: int, extraction: Extraction, ids: dict[str, int], ref_ids: list[int]
) -> None:
    rows = []
    for p in extraction.propositions:
        ref = extraction.references[p.ref]
        if ref.key and ref.key in ids:
            text_id = _text_id(conn, p.text)
            rows.append((opinion_id, ids[ref.key], ref_ids[p.ref], p.kind, p.text, text_id, p.pin_cite, p.start, p.end))
    conn.executemany(
        "INSERT INTO propositions (opinion_id, authority_id, ref_id, kind, text, text_id, pin_cite, start, end)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        rows,
    )


def _text_id(conn: sqlite3.Connection, text: str) -> int:
    """The id of a proposition text, stored (and indexed for search) once however often it recurs."""
    row = conn.execute("SELECT id FROM proposition_texts WHERE text = ?", (text,)).fetchone()
    if row:
        return int(row[0])
    return int(conn.execute("INSERT INTO proposition_texts (text) VALUES (?)", (text,)).lastrowid or 0)


def drop_unused_texts(conn: sqlite3.Connection, text_ids: list[int]) -> None:
    for text_id in text_ids:
        conn.execute(
            "DELETE FROM proposition_texts WHERE id = ? AND NOT EXISTS (SELECT 1 FROM propositions WHERE text_id = ?)",
            (text_id, text_id),
        )


# Where a value was first used: opinion, then reference, then its place among
# the reference's pins; ``authority_values.first`` orders lists by it.
_POSITION = "(r.opinion_id * 4294967296 + r.seq * 64)"

# The fields of ``authority_values`` and the reference column each comes from
# (``form``: uses = references of that form; ``opinion``: a citing opinion's
# id); the lists of an authority object.
_VALUE_COLUMNS = (
    ("form", "r.form"),
    ("opinion", "CAST(r.opinion_id AS TEXT)"),
    ("signal", "r.signal"),
    # Per-opinion facts keep their opinion: ``[opinion_id, value]``.
    ("parenthetical", "CASE WHEN r.parenthetical != '' THEN json_array(r.opinion_id, r.parenthetical) END"),
    ("location", "CASE WHEN r.location != '' THEN json_array(r.opinion_id, r.location) END"),
    ("disposition", "r.disposition"),
    # What opinions print of the authority: its store-wide name, court and year
    # are the best attested of these (uses = references printing them).
    ("name", "r.name"),
    (
        "court",
        "CASE WHEN r.form = 'full' AND r.court_id IS NOT NULL THEN r.court_id || '|' || coalesce(r.court, '') END",
    ),
    ("year", "CASE WHEN r.form = 'full' THEN CAST(r.year AS TEXT) END"),
)
_VALUE_ARMS = [
    f"SELECT r.authority_id, '{field}' AS field, {column} AS value, {_POSITION} AS pos FROM refs r"
    f" WHERE {column} IS NOT NULL AND {column} != '' AND {{where}}"
    for field, column in _VALUE_COLUMNS
] + [
    # ``[opinion_id, reporter, pin]``, each pin of a reference at the next position.
    "SELECT r.authority_id, 'pin', json_array(r.opinion_id, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]')),"
    f" {_POSITION} + j.key FROM refs r, json_each(r.pins) j WHERE r.pins IS NOT NULL AND {{where}}"
]

# Every (authority, field, value) of the references selected by ``{where}``,
# with its first use and number of uses.
_AUTHORITY_VALUES = (
    "SELECT authority_id, field, value, min(pos), count(*) FROM ("
    + " UNION ALL ".join(_VALUE_ARMS)
    + ") WHERE true GROUP BY authority_id, field, value"
)


def add_authority_values(conn: sqlite3.Connection, where: str, args: list[int] | None = None) -> None:
    """Fold the references selected by ``where`` (over ``refs r``) into ``authority_values``."""
    conn.execute(
        "INSERT INTO authority_values (authority_id, field, value, first, uses) "
        + _AUTHORITY_VALUES.format(where=where)
        + " ON CONFLICT (authority_id, field, value) DO UPDATE"
        " SET uses = uses + excluded.uses, first = min(first, excluded.first)",
        (args or []) * len(_VALUE_ARMS),
    )


def rebuild_authority_values(conn: sqlite3.Connection, ids: set[int]) -> None:
    """Recompute ``authority_values`` of ``ids`` from every reference to them."""
    if not ids:
        return
    marks = ",".join("?" * len(ids))
    conn.execute(f"DELETE FROM authority_values WHERE authority_id IN ({marks})", list(ids))
    add_authority_values(conn, f"r.authority_id IN ({marks})", list(ids))


def authority_ids(conn: sqlite3.Connection, refs: tuple[Reference, ...], merged: set[int]) -> dict[str, int]:
    """Find or create the authority of every key, merging parallel-cite identities."""
    by_key: dict[str, list[Reference]] = {}
    for ref in refs:
        if ref.key:
            by_key.setdefault(ref.key, []).append(ref)
    ids: dict[str, int] = {}
    moved: dict[int, int] = {}
    for key, group in by_key.items():
        # A not-yet-paginated citation ("577 U.S. ___") names a volume, not a case.
        citations = {c for r in group for c in r.citations if BLANK_PAGE not in c}
        citations |= {key} if group[0].kind == "case" and BLANK_PAGE not in key else set()
        ids[key] = _find_or_create(conn, key, group[0].kind, group[0].parent_key, citations, merged, moved)
    # A later key's parallel cite may have folded an earlier key's new authority
    # into an older one (``111 S. Ct. 604`` alone, then ``498 U.S. 192, 111 S. Ct. 604``
    # when the store knew only ``498 U.S. 192``): every key leads to the survivor.
    for key, aid in ids.items():
        while aid in moved:
            aid = moved[aid]
        ids[key] = aid
    return ids


def _find_or_create(
    conn: sqlite3.Connection,
    key: str,
    kind: str,
    parent: str | None,
    citations: set[str],
    merged: set[int],
    moved: dict[int, int] | None = None,
) -> int:
    """The authority of ``key`` or of any of ``citations``; adds to ``merged`` any that absorbed another.

    ``moved`` records each authority folded into another (gone id -> kept id).
    """
    found: set[int] = set()
    for citation in citations:
        row = conn.execute("SELECT authority_id FROM authority_citations WHERE citation = ?", (citation,)).fetchone()
        if row:
            found.add(row[0])
    row = conn.execute("SELECT id FROM authorities WHERE key = ?", (key,)).fetchone()
    if row:
        found.add(row[0])
    if not found:
        cur = conn.execute("INSERT INTO authorities (key, kind, parent_key) VALUES (?,?,?)", (key, kind, parent))
        keep = int(cur.lastrowid or 0)
    else:
        keep = min(found)
        for other in sorted(found - {keep}):
            _merge(conn, keep, other)
            merged.add(keep)
            if moved is not None:
                moved[other] = keep
    for citation in citations:
        conn.execute(
            "INSERT INTO authority_citations (citation, authority_id) VALUES (?, ?)"
            " ON CONFLICT(citation) DO UPDATE SET authority_id = excluded.authority_id",
            (citation, keep),
        )
    return keep


def _merge(conn: sqlite3.Connection, keep: int, other: int) -> None:
    """Fold authority ``other`` into ``keep`` (a parallel cite joined two groups)."""
    logger.info("merging authority %s into %s", other, keep)
    for table, column in (
        ("refs", "authority_id"),
        ("authority_citations", "authority_id"),
        ("nested", "citing_id"),
        ("nested", "cited_id"),
        ("propositions", "authority_id"),
        ("history", "authority_id"),  # else the cascade would drop the history of the merged authority
    ):
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (keep, other))
    row = conn.execute("SELECT opinion_id FROM authorities WHERE id = ?", (other,)).fetchone()
    if row and row[0]:
        conn.execute("UPDATE authorities SET opinion_id = ? WHERE id = ? AND opinion_id IS NULL", (row[0], keep))
    conn.execute("UPDATE OR IGNORE identity SET authority_id = ? WHERE authority_id = ?", (keep, other))
    conn.execute("DELETE FROM lookup WHERE target = 'authority' AND id = ?", (other,))
    conn.execute("DELETE FROM authorities WHERE id = ?", (other,))


def link_own_citations(
    conn: sqlite3.Connection,
    opinion_id: int,
    own_citations: tuple[str, ...],
    merged: set[int],
    case_name: str | None = None,
) -> set[int]:
    """Make the opinion's own reporter citations lead to it.

    A citation not yet paginated (``580 U.S. ___``) names many cases, so it is
    no identity: the opinion is the authority others cite as ``580 U.S. ___``
    under its own name (the key :func:`kb.analysis.resolve` gives such a cite).
    """
    paged = {c for c in own_citations if not c.endswith(BLANK_PAGE)}
    blank = sorted(c for c in own_citations if c.endswith(BLANK_PAGE))
    if paged:
        key = sorted(paged)[0]
    elif blank and case_name:
        key = f"{blank[0]} ({case_name})"
    else:
        return set()
    aid = _find_or_create(conn, key, "case", None, paged, merged)
    conn.execute("UPDATE authorities SET opinion_id = ? WHERE id = ?", (opinion_id, aid))
    from kb.identity import record_evidence

    for citation in sorted(paged) or [key]:
        record_evidence(conn, aid, citation, "an own citation of the ingested opinion", opinion_id)
    return {aid}


def settle_authorities(conn: sqlite3.Connection, ids: set[int]) -> None:
    """Name, court and year of ``ids`` as the store's references best attest them; drop authorities nothing cites.

    The name is the full name the most references print (a one-party short name
    only when no full name is printed), so one opinion's misprint renames
    nothing; an ingested opinion's own caption counts as two references. Court
    and year: the most printed in full citations, else the ingested opinion's.
    """
    for aid in ids:
        row = conn.execute("SELECT id, opinion_id FROM authorities WHERE id = ?", (aid,)).fetchone()
        if not row:
            continue
        values: dict[str, Counter[str]] = {"name": Counter(), "court": Counter(), "year": Counter(), "form": Counter()}
        for v in conn.execute(
            "SELECT field, value, uses FROM authority_values WHERE authority_id = ? AND field IN ('name','court','year','form')",
            (aid,),
        ):
            values[v["field"]][v["value"]] += v["uses"]
        own = None
        if row["opinion_id"]:
            own = conn.execute(
                "SELECT case_name, court, court_id, substr(date, 1, 4) AS year, unknown FROM opinions WHERE id = ?",
                (row["opinion_id"],),
            ).fetchone()
        if not values["form"] and not own:
            conn.execute("DELETE FROM authorities WHERE id = ?", (aid,))
            conn.execute("DELETE FROM lookup WHERE target = 'authority' AND id = ?", (aid,))
            continue
        names = values["name"]
        if own and "case_name" not in json.loads(own["unknown"] or "[]"):
            names[own["case_name"]] += 2
        court_id = court = year = None
        if values["court"]:
            court_id, _, court = values["court"].most_common(1)[0][0].partition("|")
        elif own:
            court_id, court = own["court_id"], own["court"]
        if values["year"]:
            year = int(values["year"].most_common(1)[0][0])
        elif own and own["year"]:
            year = int(own["year"])
        conn.execute(
            "UPDATE authorities SET name = ?, court = ?, court_id = ?, year = ? WHERE id = ?",
            (best_attested(names), court or None, court_id or None, year, aid),
        )


def join_citation_systems(conn: sqlite3.Connection, ids: set[int], opinion_id: int) -> set[int]:
    """Merge into each of ``ids`` the authorities that are the same decision under another citation system."""
    from kb.identity import record_evidence, same_decision_elsewhere

    joined: set[int] = set()
    for aid in sorted(ids):
        if aid in joined:
            continue
        current = aid
        for other, evidence in same_decision_elsewhere(conn, aid):
            if other in joined or other == current:
                continue
            keep, gone = min(current, other), max(current, other)
            for (citation,) in conn.execute("SELECT citation FROM authority_citations WHERE authority_id = ?", (gone,)):
                record_evidence(conn, keep, citation, evidence, opinion_id)
            _merge(conn, keep, gone)
            joined |= {keep, gone}
            current = keep
    if joined:
        rebuild_authority_values(conn, joined)
        settle_authorities(conn, joined)
    return joined
