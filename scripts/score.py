#!/usr/bin/env python3
"""Score kb, and eyecite alone, against hand-checked gold lists of real opinions.

Usage: python scripts/score.py [--set bundled|eval|all] [--json] [--markdown] [-v] [--no-eyecite]

Two gold sets:
  bundled  ../shared/gold for the three opinions in data/opinions (sidecar metadata);
  eval     tests/eval/gold for real opinions of ../shared/corpus copied to
           tests/eval/opinions (no sidecars: kb reads the caption itself).

Each set is ingested into a fresh temporary store; each opinion's table of
authorities is compared with its gold file (recall, precision, parallel-cite
merges, exact reference counts, names, courts, years), and its metadata with
the gold's opinion block. "eyecite alone" is eyecite 2.7's get_citations and
resolve_citations on the same text (eyecite's own cleaning), each resolved
citation one authority, scored the same way.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.evaluate import METADATA_FIELDS, load_gold, score_metadata, score_opinion, summarize  # noqa: E402
from kb.ingest import ingest_paths  # noqa: E402
from kb.query import authority_objects, find_opinion, opinion_object  # noqa: E402
from kb.store import connect  # noqa: E402

SETS = {
    "bundled": (ROOT.parent / "shared" / "gold", ROOT / "data" / "opinions"),
    "eval": (ROOT / "tests" / "eval" / "gold", ROOT / "tests" / "eval" / "opinions"),
}
SHOWN = ("recall", "precision", "counts_exact", "names_right", "courts_right", "years_right")


def eyecite_authorities(text: str) -> list[dict[str, Any]]:
    """Authority objects as eyecite alone gives them: one per resolved citation."""
    import courts_db
    from eyecite import clean_text, get_citations, resolve_citations
    from eyecite.models import (
        FullCaseCitation,
        FullJournalCitation,
        FullLawCitation,
        IdCitation,
        ShortCaseCitation,
        SupraCitation,
    )

    courts = {c["id"]: c["citation_string"] for c in courts_db.courts}
    cleaned = clean_text(text, ["html", "inline_whitespace"])
    resolved = resolve_citations(get_citations(cleaned))
    out = []
    for resource, cites in resolved.items():
        full = resource.citation
        kind = {FullCaseCitation: "case", FullLawCitation: "statute", FullJournalCitation: "other"}.get(type(full))
        if kind is None:
            continue
        key = full.corrected_citation()
        if kind == "statute" and "C.F.R" in key:
            kind = "regulation"
        forms: Counter[str] = Counter()
        for c in cites:
            if isinstance(c, IdCitation):
                forms["id"] += 1
            elif isinstance(c, SupraCitation):
                forms["supra"] += 1
            elif isinstance(c, ShortCaseCitation) or c is not full and not isinstance(c, type(full)):
                forms["short"] += 1
            else:
                forms["full"] += 1
        meta = full.metadata
        plaintiff, defendant = getattr(meta, "plaintiff", None), getattr(meta, "defendant", None)
        name = f"{plaintiff} v. {defendant}" if plaintiff and defendant else (defendant or plaintiff)
        court = getattr(meta, "court", None)
        year = getattr(meta, "year", None)
        out.append(
            {
                "key": key,
                "kind": kind,
                "citations": [key],
                "name": name if kind == "case" else None,
                "court": courts.get(court, court) if court else None,
                "year": int(year) if year and str(year).isdigit() else None,
                "refs": {f: forms.get(f, 0) for f in ("full", "short", "id", "supra", "bare")},
                "parentheticals": [],
            }
        )
    return out


def score_set(name: str, with_eyecite: bool) -> dict[str, Any]:
    gold_dir, opinions = SETS[name]
    if not gold_dir.is_dir():
        raise SystemExit(f"score.py: {gold_dir} is not there")
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(Path(tmp) / "score.sqlite")
        report = ingest_paths(conn, [opinions])
        for failure in report.failed:
            print(f"warning: {failure.error}", file=sys.stderr)
        rows = []
        for gold_file in sorted(gold_dir.glob("*.json")):
            gold = load_gold(gold_file)
            if "authorities" not in gold:
                continue  # a sidecar metadata file beside its opinion
            stem = Path(gold["opinion"]["source_file"]).stem
            op = find_opinion(conn, stem)
            row = {
                "opinion": stem,
                "kb": score_opinion(gold, authority_objects(conn, op["id"])),
                "metadata": score_metadata(gold, opinion_object(op)),
            }
            if with_eyecite:
                text = (opinions / f"{stem}.txt").read_text(encoding="utf-8")
                row["eyecite"] = score_opinion(gold, eyecite_authorities(text))
            rows.append(row)
    result: dict[str, Any] = {"set": name, "opinions": rows, "kb": summarize([r["kb"] for r in rows])}
    if with_eyecite:
        result["eyecite"] = summarize([r["eyecite"] for r in rows])
    result["metadata"] = {
        f: _share([r["metadata"][f] for r in rows if r["metadata"][f] is not None]) for f in METADATA_FIELDS
    }
    return result


def _share(values: list[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def _line(label: str, s: Any) -> str:
    return (
        f"{label}: recall {s.recall:.3f} ({s.found}/{s.gold}), precision {s.precision:.3f} ({s.correct}/{s.ours}), "
        f"parallels {s.parallel_merged}/{s.parallel_groups}, exact counts {s.counts_exact}/{s.found}, "
        f"names {s.names_right}/{s.names_checked}, courts {s.courts_right}/{s.names_checked}, "
        f"years {s.years_right}/{s.names_checked}"
    )


def print_text(result: dict[str, Any], verbose: bool) -> None:
    print(f"== {result['set']}")
    for r in result["opinions"]:
        print(_line(r["opinion"], r["kb"]))
        if "eyecite" in r:
            print("    " + _line("eyecite alone", r["eyecite"]))
        wrong = [f for f, ok in r["metadata"].items() if ok is False]
        if wrong:
            print(f"    metadata wrong: {', '.join(wrong)}")
        if verbose:
            s = r["kb"]
            for label, items in (
                ("missed", s.missed),
                ("extra", s.extra),
                ("counts", s.wrong_counts),
                ("names", s.wrong_names),
            ):
                for item in items:
                    print(f"    {label}: {item}")
    for who in ("kb", "eyecite"):
        if who in result:
            print(f"TOTAL {who} " + ", ".join(f"{k} {v:.3f}" for k, v in result[who].items()))
    print("METADATA kb " + ", ".join(f"{k} {v:.3f}" for k, v in result["metadata"].items() if v is not None))


def print_markdown(result: dict[str, Any]) -> None:
    has_eyecite = "eyecite" in result
    head = "| opinion | kb recall | kb precision | kb exact counts | kb names |"
    rule = "|---|---|---|---|---|"
    if has_eyecite:
        head += " eyecite recall | eyecite precision | eyecite exact counts | eyecite names |"
        rule += "---|---|---|---|"
    print(head + " metadata right |")
    print(rule + "---|")
    for r in result["opinions"]:
        cells = [r["opinion"], *_cells(r["kb"])]
        if has_eyecite:
            cells += _cells(r["eyecite"])
        meta = [ok for ok in r["metadata"].values() if ok is not None]
        cells.append(f"{sum(meta)}/{len(meta)}")
        print("| " + " | ".join(cells) + " |")
    total = ["**all**", *(f"**{result['kb'][k]:.2f}**" for k in ("recall", "precision", "counts_exact", "names_right"))]
    if has_eyecite:
        total += [f"**{result['eyecite'][k]:.2f}**" for k in ("recall", "precision", "counts_exact", "names_right")]
    meta = [v for v in result["metadata"].values() if v is not None]
    total.append(f"**{sum(meta) / len(meta):.2f}**" if meta else "")
    print("| " + " | ".join(total) + " |")


def _cells(s: Any) -> list[str]:
    exact = s.counts_exact / s.found if s.found else 1.0
    names = s.names_right / s.names_checked if s.names_checked else 1.0
    return [
        f"{s.recall:.2f} ({s.found}/{s.gold})",
        f"{s.precision:.2f} ({s.correct}/{s.ours})",
        f"{exact:.2f}",
        f"{names:.2f} ({s.names_right}/{s.names_checked})",
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=["bundled", "eval", "all"], default="all")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--markdown", action="store_true", help="print per-opinion tables for docs/accuracy.md")
    ap.add_argument("--no-eyecite", action="store_true", help="skip the eyecite-alone baseline")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses, extras and wrong counts")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    names = ["bundled", "eval"] if args.set == "all" else [args.set]
    results = [score_set(n, not args.no_eyecite) for n in names if SETS[n][0].is_dir() or args.set != "all"]
    if args.json:
        for r in results:
            for row in r["opinions"]:
                for who in ("kb", "eyecite"):
                    if who in row:
                        row[who] = row[who].as_dict()
        print(json.dumps(results, indent=2))
        return 0
    for r in results:
        print_markdown(r) if args.markdown else print_text(r, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
