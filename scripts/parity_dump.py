#!/usr/bin/env python3
"""Ingest a deterministic sample of the real corpus and dump what kb made of it, for before/after parity.

Usage: python scripts/parity_dump.py OUT.tsv [--count 200] [--workers 1] [--tokenizer default]
       python scripts/parity_dump.py --compare A.tsv B.tsv

One line per reference (opinion file, seq, key, kind, form, start, end, name,
pin_cite) and per opinion (case name, court id, date, docket, citations), in
a stable order, so that a change meant to be a pure speed-up can be checked
with ``diff``: the dump before and after must be byte for byte the same.
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_sample import sample  # noqa: E402

REFS = """
SELECT o.stem, r.seq, COALESCE(a.key, ''), r.kind, r.form, r.start, r.end,
       COALESCE(r.name, ''), COALESCE(r.pin_cite, '')
FROM refs r JOIN opinions o ON o.id = r.opinion_id LEFT JOIN authorities a ON a.id = r.authority_id
ORDER BY o.stem, r.seq
"""
OPINIONS = """
SELECT stem, case_name, COALESCE(court_id, ''), COALESCE(date, ''), COALESCE(docket, ''), citations
FROM opinions ORDER BY stem
"""


def dump(conn: sqlite3.Connection) -> list[str]:
    """The lines of the dump of one store."""
    lines = ["opinion\t" + "\t".join(map(str, row)) for row in conn.execute(OPINIONS)]
    lines += [
        "ref\t" + "\t".join(str(v).replace("\t", " ").replace("\n", " ") for v in row) for row in conn.execute(REFS)
    ]
    return lines


def compare(a: Path, b: Path) -> int:
    left, right = a.read_text().splitlines(), b.read_text().splitlines()
    if left == right:
        print(f"identical: {len(left)} lines ({sum(x.startswith('ref') for x in left)} references)")
        return 0
    import difflib

    diff = list(difflib.unified_diff(left, right, str(a), str(b), lineterm="", n=0))
    print("\n".join(diff[:60]))
    print(f"DIFFERENT: {sum(d.startswith(('-', '+')) for d in diff) - 2} lines differ")
    return 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", help="where the dump goes")
    ap.add_argument("--count", type=int, default=200, help="corpus files in the sample")
    ap.add_argument("--workers", type=int, default=1, help="kb ingest --workers")
    ap.add_argument("--tokenizer", default="default", help="default or hyperscan")
    ap.add_argument("--compare", nargs=2, metavar="DUMP", help="compare two dumps instead")
    args = ap.parse_args()
    if args.compare:
        return compare(Path(args.compare[0]), Path(args.compare[1]))
    if not args.out:
        ap.error("give OUT or --compare A B")
    logging.disable(logging.WARNING)
    from kb.ingest import ingest_paths
    from kb.store import connect

    files = sample(count=args.count)
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(Path(tmp) / "kb.sqlite")
        report = ingest_paths(conn, files, workers=args.workers, tokenizer=args.tokenizer)
        lines = dump(conn)
        lines += [
            f"failed\t{Path(r.path).stem}\t{(r.error or '').split(':', 1)[-1].strip()[:80]}" for r in report.failed
        ]
        conn.close()
    Path(args.out).write_text("\n".join(lines) + "\n")
    print(f"{len(files)} files, {len(report.failed)} failed, {len(lines)} lines -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
