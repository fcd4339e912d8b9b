#!/usr/bin/env python3
"""Score kb against the hand-checked gold lists (shared/gold) and print the numbers.

Usage: python scripts/score.py [--gold DIR] [--opinions DIR] [--json] [-v]

Ingests the opinions into a fresh temporary store, then compares each
opinion's table of authorities with its gold file: recall, precision,
parallel-cite merges, exact reference counts, names, courts and years.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.evaluate import load_gold, score_opinion, summarize  # noqa: E402
from kb.ingest import ingest_paths  # noqa: E402
from kb.query import authority_objects, find_opinion  # noqa: E402
from kb.store import connect  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold"))
    ap.add_argument("--opinions", default=str(ROOT / "data" / "opinions"))
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses, extras and wrong counts")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(Path(tmp) / "score.sqlite")
        ingest_paths(conn, [args.opinions])
        scores = []
        for gold_file in sorted(Path(args.gold).glob("*.json")):
            gold = load_gold(gold_file)
            if "authorities" not in gold:
                continue  # a sidecar metadata file beside its opinion
            op = find_opinion(conn, Path(gold["opinion"]["source_file"]).stem)
            scores.append(score_opinion(gold, authority_objects(conn, op["id"])))
    total = summarize(scores)
    if args.json:
        print(json.dumps({"opinions": [s.as_dict() for s in scores], "total": total}, indent=2))
        return 0
    for s in scores:
        print(
            f"{s.opinion}: recall {s.recall:.3f} ({s.found}/{s.gold}), precision {s.precision:.3f} "
            f"({s.correct}/{s.ours}), parallels {s.parallel_merged}/{s.parallel_groups}, "
            f"exact counts {s.counts_exact}/{s.found}, names {s.names_right}/{s.names_checked}, "
            f"courts {s.courts_right}/{s.names_checked}, years {s.years_right}/{s.names_checked}"
        )
        if args.verbose:
            for label, items in (
                ("missed", s.missed),
                ("extra", s.extra),
                ("counts", s.wrong_counts),
                ("names", s.wrong_names),
            ):
                for item in items:
                    print(f"    {label}: {item}")
    print("TOTAL " + ", ".join(f"{k} {v:.3f}" for k, v in total.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
