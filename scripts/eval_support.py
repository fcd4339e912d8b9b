#!/usr/bin/env python3
"""Score `kb support` on the plain-words query set (tests/eval/queries.json).

Usage: python scripts/eval_support.py [--semantic] [--json] [-v]

hit@3: share of queries with one of the expected authorities in the top 3.
recall@10: share of the expected authorities found in the top 10, averaged.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.ingest import ingest_paths  # noqa: E402
from kb.search import support  # noqa: E402
from kb.store import connect  # noqa: E402


def evaluate(conn, queries, semantic: bool) -> dict:
    rows = []
    for q in queries:
        hits = support(conn, q["query"], limit=10, semantic=semantic)
        keys = [h["authority"]["key"] for h in hits]
        expected = set(q["expected"])
        rows.append(
            {
                "query": q["query"],
                "hit_at_3": bool(expected & set(keys[:3])),
                "recall_at_10": len(expected & set(keys[:10])) / len(expected),
                "top3": keys[:3],
            }
        )
    n = len(rows)
    return {
        "semantic": semantic,
        "queries": n,
        "hit_at_3": sum(r["hit_at_3"] for r in rows) / n,
        "recall_at_10": sum(r["recall_at_10"] for r in rows) / n,
        "rows": rows,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queries", default=str(ROOT / "tests" / "eval" / "queries.json"))
    ap.add_argument("--opinions", default=str(ROOT / "data" / "opinions"))
    ap.add_argument("--semantic", action="store_true", help="also score with WordLlama re-ranking")
    ap.add_argument("--db", default=None, help="score on this existing store instead of ingesting --opinions")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the queries that missed")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    queries = json.loads(Path(args.queries).read_text())["queries"]
    with tempfile.TemporaryDirectory() as tmp:
        if args.db:
            conn = connect(args.db, create=False)
        else:
            conn = connect(Path(tmp) / "eval.sqlite")
            ingest_paths(conn, [args.opinions])
        started = time.perf_counter()
        results = [evaluate(conn, queries, False)]
        results[0]["seconds_per_query"] = (time.perf_counter() - started) / len(queries)
        if args.semantic:
            results.append(evaluate(conn, queries, True))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for r in results:
        print(
            f"{'semantic+BM25' if r['semantic'] else 'BM25 (FTS5)'}: {r['queries']} queries, "
            f"hit@3 {r['hit_at_3']:.3f}, recall@10 {r['recall_at_10']:.3f}"
        )
        if args.verbose:
            for row in r["rows"]:
                if not row["hit_at_3"] or row["recall_at_10"] < 1:
                    print(
                        f"    hit@3={row['hit_at_3']!s:5} r@10={row['recall_at_10']:.2f}  {row['query']}  top3={row['top3']}"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
