"""kb against the hand-checked gold lists in ../shared/gold."""

from __future__ import annotations

import pytest

from kb.evaluate import load_gold, score_opinion, summarize
from kb.query import authority_objects, find_opinion
from tests.conftest import GOLD, STEMS

pytestmark = pytest.mark.skipif(not GOLD.is_dir(), reason="shared/gold is not beside the checkout")


@pytest.fixture(scope="module")
def scores(store):
    out = []
    for stem in STEMS:
        gold = load_gold(GOLD / f"{stem}.json")
        out.append(score_opinion(gold, authority_objects(store, find_opinion(store, stem)["id"])))
    return out


@pytest.mark.parametrize("stem", STEMS)
def test_every_gold_authority_is_found_and_nothing_else(scores, stem):
    s = next(s for s in scores if s.opinion.startswith(stem))
    assert s.missed == [] and s.extra == []


def test_totals_against_gold(scores):
    total = summarize(scores)
    assert total["recall"] == 1.0
    assert total["precision"] == 1.0
    assert total["parallel_merged"] == 1.0
    assert total["counts_exact"] == 1.0
    assert total["courts_right"] == 1.0
    # Misses left: names the opinion itself prints differently from gold
    # ("Dep't Labor", "Jablonksi", "Kerr v. U.S. Dist. Ct. N.D. Cal.").
    assert total["names_right"] >= 0.95
    assert total["years_right"] >= 0.98


def test_development_set_of_other_formats(tmp_path):
    """Formats the bundled opinions lack: line-numbered circuit order, slip opinion, district memo."""
    from pathlib import Path

    from kb.ingest import ingest_paths
    from kb.store import connect

    here = Path(__file__).resolve().parent / "eval"
    conn = connect(tmp_path / "eval.sqlite")
    assert not ingest_paths(conn, [here]).failed
    scores = []
    for gold_file in sorted(here.glob("*.gold.json")):
        gold = load_gold(gold_file)
        stem = gold["opinion"]["source_file"].removesuffix(".txt")
        scores.append(score_opinion(gold, authority_objects(conn, find_opinion(conn, stem)["id"])))
    total = summarize(scores)
    assert total["recall"] == 1.0 and total["precision"] == 1.0 and total["counts_exact"] == 1.0
