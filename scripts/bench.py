#!/usr/bin/env python3
"""Benchmark kb against eyecite alone on one generated corpus, side by side.

Usage: python scripts/bench.py [--mb 1 10] [--eyecite-sample N] [--json FILE]

For each size, one run builds a corpus of distinct opinions from the bundled
ones (each copy shifts reporter volumes and parenthetical years, so no two
are alike and court strings vary as in a real corpus), then times on that
same corpus:

  eyecite alone   get_citations + resolve_citations, one call per opinion,
                  default settings, in a process that never imports kb
  kb ingest       into an empty store (default workers: one per core)
  kb re-ingest    the same corpus again, nothing changed
  graph build     kb.graph.build_graph from the store
  support / authorities   latency, median and p95 over 40 queries
  map             selecting and rendering a 2,000-node map

with the peak resident memory of each step's whole process tree.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
KB = [PY, "-m", "kb"]


# ---------------------------------------------------------------------------
# corpus


def build_corpus(dest: Path, megabytes: float) -> tuple[int, int]:
    """Write distinct opinions totalling about ``megabytes`` MB; returns (count, bytes)."""
    sources = sorted((ROOT / "data" / "opinions").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    target = int(megabytes * 1_000_000)
    total = count = 0
    dest.mkdir(parents=True, exist_ok=True)
    while total < target:
        base = texts[count % len(texts)]
        k = count // len(texts)
        text = vary(base, k)
        header = f"Benchmark copy {count} of {sources[count % len(sources)].stem}\n"
        data = (header + text).encode("utf-8")
        (dest / f"op{count:06d}.txt").write_bytes(data)
        total += len(data)
        count += 1
    return count, total


def vary(text: str, k: int) -> str:
    """Make copy ``k`` distinct: shift volumes and years, and give every sentence a word of its own.

    The copy-specific word keeps the full-text index as large and as varied
    as a corpus of really different opinions would make it; without it every
    copy's propositions would be the same text and search would look faster
    than it is.
    """
    if k == 0:
        return text
    counter = iter(range(10**9))
    text = re.sub(r"(?<=[a-z])\. (?=[A-Z])", lambda m: f" w{k}x{next(counter)}. ", text)
    text = re.sub(
        r"\b(\d{1,3})( (?:F\.|U\. ?S\.|S\. ?Ct\.|L\. ?Ed\.|F\. ?Supp\.|Fed\. ?App))",
        lambda m: f"{int(m.group(1)) + k % 40}{m.group(2)}",
        text,
    )
    return re.sub(r"(\d{4})\)", lambda m: f"{int(m.group(1)) - k % 25})", text)


# ---------------------------------------------------------------------------
# measuring


class PeakMemory:
    """Peak summed RSS of a process and its descendants, sampled from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self, pid: int) -> list[int]:
        out = [pid]
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    for child in f.read().split():
                        out += self._tree(int(child))
        except OSError:
            pass
        return out

    def _rss(self, pid: int) -> int:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(self._rss(p) for p in self._tree(self.pid)))
            self._stop.wait(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Run a command; (seconds, peak bytes of its process tree, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})}, cwd=ROOT
    )
    mem = PeakMemory(proc.pid)
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    peak = mem.stop()
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err[-3000:]}")
    return seconds, peak, out


EYECITE_ALONE = """
import logging, sys, time
from pathlib import Path
logging.disable(logging.WARNING)
assert "kb" not in sys.modules
from eyecite import get_citations, resolve_citations
files = sorted(Path(sys.argv[1]).glob("*.txt"))[: int(sys.argv[2]) or None]
start = time.perf_counter()
n = 0
for f in files:
    cites = get_citations(f.read_text(encoding="utf-8"))
    resolve_citations(cites)
    n += len(cites)
print(len(files), sum(f.stat().st_size for f in files), n, time.perf_counter() - start)
"""

LATENCY = """
import json, logging, statistics, sys, time
logging.disable(logging.WARNING)
from kb.store import connect
from kb.search import support
from kb.query import table_of_authorities, list_opinions
from kb.graph import build_graph
from kb.maps import render_map, select_subgraph
conn = connect(sys.argv[1])
queries = [q["query"] for q in json.load(open("tests/eval/queries.json"))["queries"]]
queries = (queries * 2)[:40]
def timed(fn, items):
    fn(items[0])
    out = []
    for it in items:
        t = time.perf_counter(); fn(it); out.append((time.perf_counter() - t) * 1000)
    return statistics.median(out), sorted(out)[int(0.95 * len(out)) - 1]
sup = timed(lambda q: support(conn, q), queries)
stems = [o["stem"] for o in list_opinions(conn)][:40]
toa = timed(lambda s: table_of_authorities(conn, s), stems)
t = time.perf_counter(); g = build_graph(conn, propositions=False); graph_s = time.perf_counter() - t
t = time.perf_counter(); sub, _ = select_subgraph(g, max_nodes=2000); page = render_map(sub); map_s = time.perf_counter() - t
print(json.dumps({"support_ms": sup, "authorities_ms": toa, "graph_s": graph_s, "graph_nodes": g.number_of_nodes(),
                  "graph_edges": g.number_of_edges(), "map_s": map_s, "map_nodes": page.nodes}))
"""


def bench(
    megabytes: float, eyecite_sample: int, workdir: Path, hyperscan: bool = False, skip_default_ingest: bool = False
) -> dict[str, object]:
    corpus = workdir / f"corpus-{megabytes:g}mb"
    count, size = build_corpus(corpus, megabytes)
    db = workdir / f"kb-{megabytes:g}mb.sqlite"
    result: dict[str, object] = {"megabytes": megabytes, "opinions": count, "bytes": size}
    sample = min(eyecite_sample, count) if eyecite_sample else count
    secs, peak, out = run([PY, "-c", EYECITE_ALONE, str(corpus), str(sample)])
    n_files, n_bytes, n_cites, inner = out.split()
    per_byte = float(inner) / int(n_bytes)
    result["eyecite"] = {
        "opinions_timed": int(n_files),
        "seconds_timed": float(inner),
        "citations": int(n_cites),
        "seconds": per_byte * size,
        "extrapolated": int(n_files) < count,
        "peak_mb": peak / 1e6,
    }
    if hyperscan and not skip_default_ingest:
        fast_db = workdir / f"kb-{megabytes:g}mb-hyperscan.sqlite"
        secs, peak, _ = run(
            [*KB, "--db", str(fast_db), "ingest", str(corpus), "--no-progress", "--tokenizer", "hyperscan"]
        )
        result["ingest_hyperscan"] = {"seconds": secs, "peak_mb": peak / 1e6}
        fast_db.unlink()
    if skip_default_ingest and hyperscan:
        db = workdir / f"kb-{megabytes:g}mb.sqlite"
        secs, peak, _ = run([*KB, "--db", str(db), "ingest", str(corpus), "--no-progress", "--tokenizer", "hyperscan"])
        result["ingest"] = {"seconds": secs, "peak_mb": peak / 1e6, "tokenizer": "hyperscan"}
    else:
        secs, peak, _ = run([*KB, "--db", str(db), "ingest", str(corpus), "--no-progress"])
        result["ingest"] = {"seconds": secs, "peak_mb": peak / 1e6, "tokenizer": "default"}
    secs, peak, _ = run([*KB, "--db", str(db), "ingest", str(corpus), "--no-progress"])
    result["reingest"] = {"seconds": secs, "peak_mb": peak / 1e6}
    secs, peak, out = run([PY, "-c", LATENCY, str(db)])
    result["queries"] = {**json.loads(out), "peak_mb": peak / 1e6}
    result["store_mb"] = db.stat().st_size / 1e6
    e, i, r = result["eyecite"]["seconds"], result["ingest"]["seconds"], result["reingest"]["seconds"]  # type: ignore[index]
    result["ratios"] = {"ingest_vs_eyecite": e / i, "ingest_vs_reingest": i / r}
    if "ingest_hyperscan" in result:
        result["ratios"]["hyperscan_vs_eyecite"] = e / result["ingest_hyperscan"]["seconds"]  # type: ignore[index]
    shutil.rmtree(corpus)
    return result


def describe(r: dict[str, object]) -> str:
    e, i, rr, q = r["eyecite"], r["ingest"], r["reingest"], r["queries"]  # type: ignore[misc]
    lines = [
        f"== {r['megabytes']:g} MB: {r['opinions']} opinions, {r['bytes'] / 1e6:.1f} MB",
        f"eyecite alone   {e['seconds']:9.1f} s  ({e['seconds'] / r['opinions'] * 1000:.0f} ms/opinion"  # type: ignore[index]
        f"{', extrapolated from ' + str(e['opinions_timed']) + ' opinions' if e['extrapolated'] else ''})"
        f"  peak {e['peak_mb']:.0f} MB",
        f"kb ingest       {i['seconds']:9.1f} s  peak {i['peak_mb']:.0f} MB  store {r['store_mb']:.0f} MB"
        f"  (tokenizer {i['tokenizer']})",
        *(
            [
                f"kb ingest, hyperscan {r['ingest_hyperscan']['seconds']:5.1f} s  peak {r['ingest_hyperscan']['peak_mb']:.0f} MB"
            ]  # type: ignore[index]
            if "ingest_hyperscan" in r
            else []
        ),
        f"kb re-ingest    {rr['seconds']:9.2f} s  peak {rr['peak_mb']:.0f} MB",
        f"graph build     {q['graph_s']:9.2f} s  ({q['graph_nodes']} nodes, {q['graph_edges']} edges)",
        f"support         median {q['support_ms'][0]:.1f} ms, p95 {q['support_ms'][1]:.1f} ms",
        f"authorities     median {q['authorities_ms'][0]:.1f} ms, p95 {q['authorities_ms'][1]:.1f} ms",
        f"map ({q['map_nodes']} nodes) {q['map_s']:6.2f} s   query process peak {q['peak_mb']:.0f} MB",
        f"RATIOS: kb ingest is {r['ratios']['ingest_vs_eyecite']:.2f}x faster than eyecite alone; "  # type: ignore[index]
        f"re-ingest is {r['ratios']['ingest_vs_reingest']:.0f}x faster than ingest"  # type: ignore[index]
        + (
            f"; with hyperscan {r['ratios']['hyperscan_vs_eyecite']:.2f}x faster than eyecite alone"  # type: ignore[index]
            if "hyperscan_vs_eyecite" in r["ratios"]
            else ""
        ),  # type: ignore[operator]
    ]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", nargs="+", type=float, default=[1, 10], help="corpus sizes in MB (200 is ~10,000 opinions)")
    ap.add_argument(
        "--eyecite-sample",
        type=int,
        default=0,
        help="time eyecite alone on the first N opinions only and extrapolate by bytes (0: all)",
    )
    ap.add_argument("--json", default=None, help="also write the results to this JSON file")
    ap.add_argument("--hyperscan", action="store_true", help="also time kb ingest with the Hyperscan tokenizer")
    ap.add_argument(
        "--hyperscan-only", action="store_true", help="time kb ingest with Hyperscan only (for the largest corpora)"
    )
    ap.add_argument("--workdir", default=None, help="where corpora and stores go (default: a temporary folder)")
    args = ap.parse_args()
    from importlib.metadata import version

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"eyecite {version('eyecite')}, SQLite {__import__('sqlite3').sqlite_version}"
    )
    results = []
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        for mb in args.mb:
            r = bench(
                mb,
                args.eyecite_sample,
                Path(tmp),
                hyperscan=args.hyperscan or args.hyperscan_only,
                skip_default_ingest=args.hyperscan_only,
            )
            print(describe(r), flush=True)
            results.append(r)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
