"""Score kb's authorities for an opinion against a hand-checked gold list.

Gold files follow ``shared/gold/README.md``: per authority a ``kind``, a
``key``, every printed ``citation`` form, the ``name``, ``court``, ``year``
and reference counts by form. A gold authority is found when kb has an
authority with the same key or sharing any of its citations.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kb.models import Score

_GOLD_FORM = {"full": "full", "short": "short", "id": "id", "supra": "supra", "bare_section": "bare"}


def fold_citation(text: str) -> str:
    """Compare citations ignoring spacing and dash style."""
    return re.sub(r"\s+", "", text.replace("–", "-")).lower()


def fold_name(text: str | None) -> str:
    """Compare names ignoring case, punctuation and spacing."""
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())


def load_gold(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def score_opinion(gold: dict[str, Any], authorities: list[dict[str, Any]], *, with_refs_only: bool = True) -> Score:
    """Compare kb's authority objects (``kb authorities --format json``) with a gold file.

    Args:
        gold: a parsed gold file.
        authorities: kb's authority objects for the same opinion.
        with_refs_only: skip gold authorities that the opinion never cites
            (all reference counts zero, such as an exhibit memo).
    """
    score = Score(gold["opinion"]["source_file"])
    index: dict[str, int] = {}
    for i, a in enumerate(authorities):
        for c in [a["key"], *a["citations"]]:
            index.setdefault(fold_citation(c), i)
    matched: set[int] = set()
    neutral: set[int] = set()  # kb authorities matching a gold entry that is not scored
    for g in gold["authorities"]:
        gold_refs = {_GOLD_FORM[k]: v for k, v in g["refs"].items() if k in _GOLD_FORM}
        hit = _find(index, g)
        if (with_refs_only and not any(gold_refs.values())) or g["key"].startswith("?"):
            # an act named without a cite, or a section whose code the text never gives
            if hit is not None:
                neutral.add(hit)
            continue
        score.gold += 1
        score.gold_refs += sum(gold_refs.values())
        if hit is None:
            score.missed.append(g["key"])
            continue
        score.found += 1
        matched.add(hit)
        _score_match(score, g, gold_refs, authorities[hit])
    neutral -= matched
    score.ours = len(authorities) - len(neutral)
    score.correct = len(matched)
    score.extra = [a["key"] for i, a in enumerate(authorities) if i not in matched and i not in neutral]
    return score


def _find(index: dict[str, int], g: dict[str, Any]) -> int | None:
    """The index of kb's authority sharing the gold entry's key or one of its citations, or None."""
    return next((index[fold_citation(c)] for c in [g["key"], *g["citations"]] if fold_citation(c) in index), None)


def _score_match(score: Score, g: dict[str, Any], gold_refs: dict[str, int], ours: dict[str, Any]) -> None:
    """Add to ``score`` how well kb's authority ``ours`` matches gold entry ``g``: parallels, counts, parentheticals, name."""
    if g["kind"] == "case" and len(g["citations"]) > 1:
        score.parallel_groups += 1
        have = {fold_citation(c) for c in ours["citations"]}
        if all(fold_citation(c) in have for c in g["citations"]):
            score.parallel_merged += 1
    diff = sum(abs(ours["refs"].get(f, 0) - n) for f, n in gold_refs.items())
    score.ref_error += diff
    if diff == 0:
        score.counts_exact += 1
    else:
        ours_counts = {f: n for f, n in ours["refs"].items() if n}
        gold_counts = {f: n for f, n in gold_refs.items() if n}
        score.wrong_counts.append(f"{g['key']}: kb {ours_counts} gold {gold_counts}")
    want = {fold_name(p) for p in g.get("parentheticals", [])}
    found = {fold_name(p) for p in ours["parentheticals"]}
    score.parentheticals_gold += len(want)
    score.parentheticals_found += len(want & found)
    score.parentheticals_ours += len(found)
    if g["kind"] == "case":
        score.names_checked += 1
        if fold_name(ours["name"]) == fold_name(g["name"]):
            score.names_right += 1
        else:
            score.wrong_names.append(f"{g['key']}: kb {ours['name']!r} gold {g['name']!r}")
        score.courts_right += fold_name(ours["court"]) == fold_name(g["court"])
        score.years_right += ours["year"] == g["year"]


#: Opinion metadata fields scored against a gold file's ``opinion`` block.
METADATA_FIELDS = ("case_name", "court_id", "date", "docket", "citations")


def score_metadata(gold: dict[str, Any], opinion: dict[str, Any]) -> dict[str, bool | None]:
    """Whether kb read each metadata field of the opinion right (``None``: gold has no value).

    ``opinion`` is kb's opinion object (``kb opinions --format json``). Names
    compare folded; dockets ignoring "No." and spacing; citations match when
    any of kb's is one of gold's.
    """
    want = gold["opinion"]
    out: dict[str, bool | None] = {}
    for field_name in METADATA_FIELDS:
        expected = want.get(field_name)
        if field_name == "citations":
            expected = expected or want.get("reporter_citation") or []
            expected = [c for c in ([expected] if isinstance(expected, str) else expected) if "___" not in c]
        if not expected:
            out[field_name] = None
            continue
        got = opinion.get(field_name)
        if field_name == "citations":
            out[field_name] = bool({fold_citation(c) for c in got or []} & {fold_citation(c) for c in expected})
        elif field_name == "docket":
            out[field_name] = _fold_docket(got) == _fold_docket(expected)
        elif field_name == "case_name":
            out[field_name] = fold_name(got) == fold_name(expected)
        else:
            out[field_name] = got == expected
    return out


def _fold_docket(text: str | None) -> str:
    return re.sub(r"^(?:civilaction|case|docket|bankruptcy|misc)?nos?", "", fold_name(text))


def summarize(scores: list[Score]) -> dict[str, float]:
    """Micro-averaged totals over several opinions."""
    tot = {
        f: sum(getattr(s, f) for s in scores)
        for f in (
            "gold",
            "found",
            "ours",
            "correct",
            "parallel_groups",
            "parallel_merged",
            "counts_exact",
            "ref_error",
            "gold_refs",
            "names_checked",
            "names_right",
            "courts_right",
            "years_right",
            "parentheticals_gold",
            "parentheticals_found",
            "parentheticals_ours",
        )
    }
    return {
        "recall": tot["found"] / tot["gold"] if tot["gold"] else 1.0,
        "precision": tot["correct"] / tot["ours"] if tot["ours"] else 1.0,
        "parallel_merged": tot["parallel_merged"] / tot["parallel_groups"] if tot["parallel_groups"] else 1.0,
        "counts_exact": tot["counts_exact"] / tot["found"] if tot["found"] else 1.0,
        "ref_error_rate": tot["ref_error"] / tot["gold_refs"] if tot["gold_refs"] else 0.0,
        "parentheticals_recall": tot["parentheticals_found"] / tot["parentheticals_gold"]
        if tot["parentheticals_gold"]
        else 1.0,
        "parentheticals_precision": tot["parentheticals_found"] / tot["parentheticals_ours"]
        if tot["parentheticals_ours"]
        else 1.0,
        "names_right": tot["names_right"] / tot["names_checked"] if tot["names_checked"] else 1.0,
        "courts_right": tot["courts_right"] / tot["names_checked"] if tot["names_checked"] else 1.0,
        "years_right": tot["years_right"] / tot["names_checked"] if tot["names_checked"] else 1.0,
    }
