#!/usr/bin/env python3
"""Score kb's treatment of each reference against the hand labels of tests/eval/treatment.

Usage: python scripts/eval_treatment.py [--json] [-v] [--corpus DIR]

The labelled opinions (``tests/eval/treatment/<stem>.json``; their texts are
``../shared/corpus/opinions/<stem>.txt``) are ingested into a fresh temporary
store. Each label is matched to kb's reference of the same case (by key or
any parallel citation) nearest the label's sentence in the text, one label to
one reference, in text order. A label with no such reference counts as
``(none)``: kb missed the citation, not its treatment. Prints per-class
precision and recall, the negative classes together, and the confusion table
(rows: the label, columns: kb). See tests/eval/TREATMENT.md and docs/treatment.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.ingest import ingest_paths  # noqa: E402
from kb.models import NEGATIVE_TREATMENTS, TREATMENTS  # noqa: E402
from kb.store import connect  # noqa: E402

LABELS = ROOT / "tests" / "eval" / "treatment"
CORPUS = ROOT.parent / "shared" / "corpus" / "opinions"
NONE = "(none)"
# How much of a label's sentence is looked for in the text (whitespace folded).
PROBE_CHARS = 60


def load_labels() -> dict[str, list[dict[str, Any]]]:
    """Every labelled opinion's labels, by stem."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8"))["labels"] for p in sorted(LABELS.glob("*.json"))}


def ingest(stems: list[str], corpus: Path, folder: Path) -> Any:
    """A store holding the labelled opinions, copied from ``corpus`` into ``folder``."""
    texts = folder / "opinions"
    texts.mkdir()
    for stem in stems:
        shutil.copy(corpus / f"{stem}.txt", texts / f"{stem}.txt")
    conn = connect(folder / "kb.sqlite")
    report = ingest_paths(conn, [texts], workers=1)
    if report.failed:
        raise SystemExit(f"ingest failed: {[r.error for r in report.failed]}")
    return conn


def _fold(text: str) -> tuple[str, list[int]]:
    """``text`` with whitespace runs folded to one space, and each folded character's offset."""
    out, where = [], []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not space:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


def _locate(label: dict[str, Any], folded: str, where: list[int]) -> list[int]:
    """Offsets in the original text where the label's sentence may begin."""
    probe = re.sub(r"\s+", " ", label["sentence"]).strip()[:PROBE_CHARS]
    hits = []
    at = folded.find(probe)
    while at >= 0 and probe:
        hits.append(where[at])
        at = folded.find(probe, at + 1)
    return hits


def match(conn: Any, stem: str, labels: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Each label with kb's reference for it (or None)."""
    row = conn.execute("SELECT id, text FROM opinions WHERE stem = ?", (stem,)).fetchone()
    text = row["text"]
    folded, where = _fold(text)
    refs = [
        dict(r)
        for r in conn.execute(
            "SELECT r.id, r.start, r.end, r.treatment, r.treatment_cue, r.text, a.key, a.id AS aid FROM refs r"
            " JOIN authorities a ON a.id = r.authority_id WHERE r.opinion_id = ? AND r.kind = 'case' ORDER BY r.seq",
            (row["id"],),
        )
    ]
    citations: dict[int, set[str]] = {}
    for c in conn.execute("SELECT citation, authority_id FROM authority_citations"):
        citations.setdefault(c["authority_id"], set()).add(c["citation"])
    used: set[int] = set()
    out = []
    last = 0
    for label in labels:
        wanted = _norm(label["key"])
        candidates = [
            r
            for r in refs
            if r["id"] not in used
            and (wanted == _norm(r["key"]) or wanted in {_norm(c) for c in citations.get(r["aid"], ())})
        ]
        if not candidates:
            out.append((label, None))
            continue
        starts = _locate(label, folded, where)
        sentence_len = len(label["sentence"])

        def distance(
            r: dict[str, Any], starts: list[int] = starts, sentence_len: int = sentence_len, last: int = last
        ) -> tuple[int, int]:
            if not starts:
                return (abs(r["start"] - last), r["start"])
            d = min(0 if s - 5 <= r["start"] <= s + sentence_len + 300 else abs(r["start"] - s) for s in starts)
            return (d, r["start"])

        best = min(candidates, key=distance)
        used.add(best["id"])
        last = best["start"]
        out.append((label, best))
    return out


def _norm(key: str) -> str:
    return re.sub(r"\s+", "", key).lower()


def score(pairs: list[tuple[dict[str, Any], dict[str, Any] | None]]) -> dict[str, Any]:
    """Per-class precision and recall, negative classes pooled, and the confusion counts."""
    confusion: Counter[tuple[str, str]] = Counter()
    for label, ref in pairs:
        confusion[(label["treatment"], (ref["treatment"] or NONE) if ref else NONE)] += 1
    classes: dict[str, dict[str, Any]] = {}
    for t in TREATMENTS:
        tp = confusion[(t, t)]
        predicted = sum(n for (_, p), n in confusion.items() if p == t)
        gold = sum(n for (g, _), n in confusion.items() if g == t)
        classes[t] = _pr(tp, predicted, gold)
    neg_tp = sum(n for (g, p), n in confusion.items() if g in NEGATIVE_TREATMENTS and g == p)
    neg_pred = sum(n for (_, p), n in confusion.items() if p in NEGATIVE_TREATMENTS)
    neg_gold = sum(n for (g, _), n in confusion.items() if g in NEGATIVE_TREATMENTS)
    # A negative flag on a reference labelled negative, whatever the class: the red flag itself was right.
    flagged_right = sum(n for (g, p), n in confusion.items() if g in NEGATIVE_TREATMENTS and p in NEGATIVE_TREATMENTS)
    matched = sum(n for (_, p), n in confusion.items() if p != NONE)
    return {
        "labels": len(pairs),
        "matched": matched,
        "accuracy": round(sum(confusion[(t, t)] for t in TREATMENTS) / len(pairs), 3) if pairs else 0.0,
        "classes": classes,
        "negative": _pr(neg_tp, neg_pred, neg_gold) | {"any_negative_precision": _ratio(flagged_right, neg_pred)},
        "confusion": {f"{g} -> {p}": n for (g, p), n in sorted(confusion.items())},
    }


def _pr(tp: int, predicted: int, gold: int) -> dict[str, Any]:
    return {
        "precision": _ratio(tp, predicted),
        "recall": _ratio(tp, gold),
        "tp": tp,
        "predicted": predicted,
        "gold": gold,
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def render(result: dict[str, Any], pairs: list[Any], verbose: bool) -> str:
    lines = [
        f"{result['labels']} labels, {result['matched']} matched to a kb reference; accuracy {result['accuracy']}",
        "",
    ]
    lines.append(f"{'class':<14}{'precision':>10}{'recall':>8}{'kb':>6}{'gold':>6}")
    for t, c in [*result["classes"].items(), ("NEGATIVE", result["negative"])]:
        p = "-" if c["precision"] is None else f"{c['precision']:.3f}"
        r = "-" if c["recall"] is None else f"{c['recall']:.3f}"
        lines.append(f"{t:<14}{p:>10}{r:>8}{c['predicted']:>6}{c['gold']:>6}")
    lines += ["", "confusion (rows: label, columns: kb)"]
    cols = [*TREATMENTS, NONE]
    short = {t: t[:5] for t in cols}
    lines.append(" " * 14 + "".join(f"{short[c]:>7}" for c in cols))
    counts = {tuple(k.split(" -> ")): v for k, v in result["confusion"].items()}
    for g in TREATMENTS:
        lines.append(f"{g:<14}" + "".join(f"{counts.get((g, p), 0) or '.':>7}" for p in cols))
    if verbose:
        lines += ["", "disagreements:"]
        for stem, label, ref in pairs:
            got = (ref["treatment"] or NONE) if ref else NONE
            if got != label["treatment"]:
                cue = ref["treatment_cue"] if ref else ""
                lines.append(f"  {stem} {label['key']}: label {label['treatment']}, kb {got} ({cue})")
                lines.append(f"      {re.sub(chr(10), ' ', label['sentence'][:160])}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of the opinions' texts")
    args = parser.parse_args()
    logging.getLogger("eyecite").setLevel(logging.ERROR)
    labels = load_labels()
    missing = [s for s in labels if not (args.corpus / f"{s}.txt").exists()]
    if missing:
        print(f"no text for {', '.join(missing)} in {args.corpus}; pass --corpus", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        conn = ingest(list(labels), args.corpus, Path(tmp))
        pairs = [(stem, label, ref) for stem, ls in labels.items() for label, ref in match(conn, stem, ls)]
        conn.close()
    result = score([(label, ref) for _, label, ref in pairs])
    print(
        json.dumps(result, indent=2) if args.json else render(result, pairs, args.verbose),
        end="" if not args.json else "\n",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
