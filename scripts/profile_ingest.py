#!/usr/bin/env python3
"""Profile ``kb ingest --workers 1`` in-process on a deterministic sample of the real corpus.

Usage: python scripts/profile_ingest.py [--count 100] [--tokenizer default] [--sort tottime] [--top 40] [--out FILE]

Imports and tokenizer construction are done before profiling starts, so the
profile shows the per-opinion cost; their own cost is printed first.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_sample import sample  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100, help="corpus files in the sample")
    ap.add_argument("--tokenizer", default="default", help="default or hyperscan")
    ap.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative)")
    ap.add_argument("--top", type=int, default=40, help="rows of the profile to print")
    ap.add_argument("--out", default=None, help="also save the raw profile here")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    t0 = time.process_time()
    from kb.ingest import _prepare_analysis, ingest_paths
    from kb.store import connect

    _prepare_analysis(args.tokenizer)
    print(f"imports and tokenizer: {time.process_time() - t0:.2f} CPU s")
    files = sample(count=args.count)
    size = sum(p.stat().st_size for p in files)
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(Path(tmp) / "kb.sqlite")
        profile = cProfile.Profile(time.process_time)  # CPU time: other work shares the cores
        t0 = time.process_time()
        profile.enable()
        report = ingest_paths(conn, files, workers=1, tokenizer=args.tokenizer)
        profile.disable()
        cpu = time.process_time() - t0
    print(f"{len(files)} files, {size / 1e6:.2f} MB, {len(report.failed)} failed: {cpu:.2f} CPU s under the profiler")
    if args.out:
        profile.dump_stats(args.out)
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
