#!/usr/bin/env python3
"""Graph queries on a synthetic store far larger than memory would allow NetworkX: rank, map, chain, trace.

Usage: python scripts/bench_graph.py [--opinions 1000000] [--workdir DIR] [--keep] [--json FILE]

The store is generated directly in SQLite (no opinion texts, no analysis),
with the shape of a real one (docs/scaling.md):

* every opinion is also a case authority (``authorities.opinion_id``), dated
  in id order, and cites only older ones;
* about 30 references per opinion (10 to 50), to about 20 distinct
  authorities: half in-corpus cases, a fifth statutes, the rest cases
  outside the corpus;
* heavy-tailed citations per authority: an opinion ``i`` cites opinion
  ``floor(i * u^2)`` for ``u`` uniform, so old opinions gather most
  citations (at a million opinions the most cited is cited by about 2% of
  them, as Twombly is), statutes ``floor(S * u^3)`` (the top one by about 10%);
* one nested relation in most opinions (``X (quoting Y)`` between two cases
  it cites).

Each query runs in its own process; the script prints seconds and peak
resident memory (the process's ``ru_maxrss``) for each, and the store size.
``tests/test_graph.py`` runs the same generator and queries on 3,000 opinions.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Share of references by target: in-corpus cases, statutes, out-of-corpus cases.
IN_CORPUS, STATUTES = 0.5, 0.2
# One statute per this many opinions, one out-of-corpus case per this many.
OPINIONS_PER_STATUTE = 20
OPINIONS_PER_OUTSIDE_CASE = 2
# References per opinion: 10 + (hash mod 41), so 30 on average; the first
# two thirds of them come in pairs to the same authority (short forms, Id.).
MIN_REFS, REF_SPREAD = 10, 41
# A 64-bit mixing step for deterministic "random" numbers inside SQL.
_PRIME = 4294967291


# Multipliers below 2**30 keep every product inside SQLite's 64-bit integers.
_SALTS = {7: 805306457, 11: 402653189, 13: 201326611}


def _u(salt: int, *terms: str) -> str:
    """SQL for a pseudo-random number in [0, 1) from integer expressions, independent for each salt.

    The terms are mixed modulo a prime, then multiplied by a salt's own
    multiplier: two salts give uncorrelated numbers (an added constant would
    only shift the same sequence).
    """
    mixed = " + ".join(f"({t}) * {m}" for t, m in zip(terms, (2654435761, 2246822519), strict=False))
    return f"(((({mixed} + 374761393) % {_PRIME}) * {_SALTS[salt]} + {salt}) % {_PRIME} * 1.0 / {_PRIME})"


def generate_store(path: Path, opinions: int) -> dict[str, int]:
    """Write a synthetic store of ``opinions`` opinions at ``path`` (replaced if present); returns counts."""
    from kb.store import connect

    if path.exists():
        path.unlink()
    connect(path).close()  # the real schema, migrated to the current version
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -200000")
    n = opinions
    statutes = max(1, n // OPINIONS_PER_STATUTE)
    outside = max(1, n // OPINIONS_PER_OUTSIDE_CASE)
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN"
        " ('refs', 'nested', 'authorities', 'authority_citations', 'opinions') AND sql IS NOT NULL"
    ).fetchall()
    conn.execute("BEGIN")
    for name, _ in indexes:  # built once at the end: far faster than row by row
        conn.execute(f"DROP INDEX {name}")
    seq = f"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n})"
    conn.execute(
        f"{seq} INSERT INTO opinions (id, path, stem, sha256, case_name, court, court_id, date, citations, text,"
        " ingested_at) SELECT i, 'synthetic/op' || i || '.txt', 'op' || i, printf('%064d', i),"
        " 'Appellant' || i || ' v. Appellee' || i, 'S.D.N.Y.', 'nysd',"
        f" date('1900-01-01', '+' || (i * 45000 / {n}) || ' days'), '[\"' || i || ' F.4th 1\"]', '',"
        " '2024-01-01T00:00:00+00:00' FROM s"
    )
    conn.execute(
        "INSERT INTO authorities (id, key, kind, name, court, court_id, year, opinion_id)"
        " SELECT id, id || ' F.4th 1', 'case', case_name, court, court_id, CAST(substr(date, 1, 4) AS INTEGER), id"
        " FROM opinions"
    )
    conn.execute("INSERT INTO authority_citations (citation, authority_id) SELECT key, id FROM authorities")
    conn.execute(
        f"WITH RECURSIVE s(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM s WHERE k < {statutes})"
        f" INSERT INTO authorities (id, key, kind) SELECT {n} + k, '42 U.S.C. § ' || k, 'statute' FROM s"
    )
    conn.execute(
        f"WITH RECURSIVE s(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM s WHERE k < {outside})"
        f" INSERT INTO authorities (id, key, kind, name, year) SELECT {n + statutes} + k, k || ' F.3d 9', 'case',"
        " 'Outside' || k || ' v. Other' || k, 1950 + k % 70 FROM s"
    )
    conn.execute(
        "INSERT INTO authority_citations (citation, authority_id) SELECT key, id FROM authorities WHERE kind = 'case'"
        f" AND id > {n}"
    )
    # References: opinion i, reference r; slot = the authority it points at (pairs share one).
    pick, target = _u(7, "i", "slot"), _u(11, "i", "slot")
    conn.execute(
        f"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}),"
        f" r(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM r WHERE k < {MIN_REFS + REF_SPREAD - 2}),"
        f" refs_of AS (SELECT i, k, {MIN_REFS} + (i * 2654435761 % {REF_SPREAD}) AS total FROM s, r),"
        " slots AS (SELECT i, k, CASE WHEN k < total * 2 / 3 THEN k / 2 ELSE k END AS slot FROM refs_of"
        " WHERE k < total),"
        f" picked AS (SELECT i, k, slot, {pick} AS p, {target} AS t FROM slots)"
        " INSERT INTO refs (opinion_id, authority_id, seq, kind, form, start, end, text, pin_cite)"
        " SELECT i, CASE"
        f"  WHEN p < {IN_CORPUS} AND i > 1 THEN 1 + CAST((i - 1) * t * t AS INTEGER)"
        f"  WHEN p < {IN_CORPUS + STATUTES} THEN {n} + 1 + CAST({statutes} * t * t * t AS INTEGER)"
        f"  ELSE {n + statutes} + 1 + CAST({outside} * t * t AS INTEGER) END,"
        f" k, CASE WHEN p >= {IN_CORPUS} AND p < {IN_CORPUS + STATUTES} THEN 'statute' ELSE 'case' END,"
        " CASE WHEN k % 2 = 1 AND slot * 2 < k THEN 'short' ELSE 'full' END, k * 100, k * 100 + 20, 'cite',"
        " CAST(1 + (i + k) % 900 AS TEXT) FROM picked ORDER BY i, k"
    )
    # One "X (quoting Y)" per opinion between the cases its first and third references cite.
    conn.execute(
        "INSERT INTO nested (opinion_id, citing_id, cited_id, relation)"
        " SELECT a.opinion_id, a.authority_id, b.authority_id, 'quoting' FROM refs a JOIN refs b"
        " ON b.opinion_id = a.opinion_id AND b.seq = 2 WHERE a.seq = 0 AND a.kind = 'case' AND b.kind = 'case'"
        " AND a.authority_id != b.authority_id"
    )
    for _, sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    counts = {
        table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("opinions", "authorities", "refs", "nested")
    }
    conn.close()
    return counts


# What each measured query runs, in a fresh process: the store path is argv[1].
QUERIES = {
    "rank": "from kb.ranking import rank; rows = rank(conn, 'citing', 20); print(rows[0]['citation'], rows[0]['citing'])",
    "pagerank": "from kb.ranking import rank; rows = rank(conn, 'pagerank', 20); print(rows[0]['citation'])",
    "map_hub": (
        "from kb.maps import map_graph, render_map; s = map_graph(conn, focus='authority:1', depth=2);"
        " r = render_map(s.graph); print(r.nodes, r.edges)"
    ),
    "map_opinion": (
        "from kb.maps import map_graph, render_map; n = conn.execute('SELECT max(id) FROM opinions').fetchone()[0];"
        " s = map_graph(conn, focus=f'opinion:{n}', depth=2); r = render_map(s.graph); print(r.nodes, r.edges)"
    ),
    "chain": (
        "from kb.walk import chains; n = conn.execute('SELECT max(id) FROM opinions').fetchone()[0];"
        " t = time.perf_counter(); p = chains(conn, f'opinion:{n}', 'authority:1', max_depth=4);"
        " print(len(p), round(time.perf_counter() - t, 3))"
    ),
    "chain_far": (
        "from kb.walk import chains; n = conn.execute('SELECT max(id) FROM opinions').fetchone()[0];"
        " t = time.perf_counter(); p = chains(conn, f'opinion:{n}', f'authority:{n // 2}', max_depth=4);"
        " print(len(p), round(time.perf_counter() - t, 3))"
    ),
    "chain_statute": (
        "from kb.walk import chains; n = conn.execute('SELECT max(id) FROM opinions').fetchone()[0];"
        " t = time.perf_counter(); p = chains(conn, f'opinion:{n - 50}', f'authority:{n + 1}', max_depth=4);"
        " print(len(p), round(time.perf_counter() - t, 3))"
    ),
    "trace": "from kb.walk import trace; t = trace(conn, 'authority:1', 2); print(t['more_cited_by'])",
    "export_csv": (
        "from kb.export import write_graph; from kb.graph import iter_graph, label_lookup; import os;"
        " f = open(os.devnull, 'w');"
        " print(*write_graph(iter_graph(conn, propositions=False), 'csv', f, label_of=label_lookup(conn)))"
    ),
}
PRELUDE = "import sys, time; from kb.store import connect; conn = connect(sys.argv[1], readonly=True, check=False); "
# The child's own peak: VmHWM belongs to the process's memory map, new at exec
# (ru_maxrss would carry over the parent's peak from before the exec).
CODA = "; print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--opinions", type=int, default=1_000_000)
    ap.add_argument("--workdir", type=Path, default=None, help="Where to build the store (default: a temp folder).")
    ap.add_argument("--keep", action="store_true", help="Keep the store afterwards.")
    ap.add_argument("--json", type=Path, default=None, help="Also write the results here.")
    ap.add_argument("--queries", default=",".join(QUERIES), help="Which queries, comma-separated.")
    ap.add_argument("--reuse", action="store_true", help="Use the store already in --workdir, if there is one.")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="kb-bench-graph-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"synthetic-{args.opinions}.sqlite"
    started = time.perf_counter()
    if args.reuse and db.exists():
        conn = sqlite3.connect(db)
        counts = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("opinions", "authorities", "refs", "nested")
        }
        conn.close()
    else:
        counts = generate_store(db, args.opinions)
    result: dict[str, object] = {
        "opinions": args.opinions,
        "counts": counts,
        "generate_seconds": round(time.perf_counter() - started, 1),
        "store_mb": round(db.stat().st_size / 1e6),
        "queries": {},
    }
    print(json.dumps({k: v for k, v in result.items() if k != "queries"}), flush=True)
    for name in args.queries.split(","):
        result["queries"][name] = run_query_isolated(name, db)  # type: ignore[index]
        print(name, json.dumps(result["queries"][name]), flush=True)  # type: ignore[index]
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    if not args.keep:
        shutil.rmtree(work) if args.workdir is None else db.unlink()
    return 0


def run_query_isolated(name: str, db: Path) -> dict[str, object]:
    """Run one query in a child process; its seconds, peak resident memory (MB) and what it printed."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", PRELUDE + QUERIES[name] + CODA, str(db)], capture_output=True, text=True, cwd=ROOT
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed:\n{proc.stderr[-3000:]}")
    *lines, peak_kb = proc.stdout.strip().splitlines()
    return {"seconds": round(seconds, 2), "peak_mb": round(int(peak_kb) / 1024), "output": " ".join(lines)}


if __name__ == "__main__":
    sys.exit(main())
