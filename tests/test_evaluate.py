"""kb.evaluate: the scorer catches each kind of mistake, shown on Flores Albarran's gold list and kb's own output.

(tests/test_gold.py holds kb to the gold lists; here the scorer itself is checked.)
"""

from __future__ import annotations

import copy

import pytest

from kb.evaluate import fold_citation, load_gold, score_metadata, score_opinion, summarize
from kb.query import authority_objects, find_opinion, opinion_object

from .conftest import GOLD

pytestmark = pytest.mark.skipif(not GOLD.is_dir(), reason="shared/gold is not beside the checkout")
STEM = "flores-albarran-v-wong"


@pytest.fixture(scope="module")
def gold():
    return load_gold(GOLD / f"{STEM}.json")


@pytest.fixture(scope="module")
def ours(store):
    return authority_objects(store, find_opinion(store, STEM)["id"])


def by_key(authorities, key):
    return next(a for a in authorities if a["key"] == key)


def test_kb_s_own_output_scores_perfectly(gold, ours):
    s = score_opinion(gold, ours)
    assert (s.missed, s.extra, s.wrong_counts, s.found == s.gold) == ([], [], [], True)


def test_a_missing_authority_is_a_miss_and_lowers_recall(gold, ours):
    kept = [a for a in ours if a["key"] != "280 F.3d 786"]
    s = score_opinion(gold, kept)
    assert s.missed == ["280 F.3d 786"]
    assert summarize([s])["recall"] == pytest.approx((s.gold - 1) / s.gold)


def test_a_wrong_count_name_or_an_invented_authority_is_reported(gold, ours):
    changed = copy.deepcopy(ours)
    sharif = by_key(changed, "280 F.3d 786")
    sharif["refs"]["short"] -= 1
    sharif["name"] = "Sharif v. Holder"
    changed.append({**copy.deepcopy(sharif), "key": "999 F.3d 1", "citations": ["999 F.3d 1"]})
    before = score_opinion(gold, ours).wrong_names  # names the opinion prints otherwise (tests/test_gold.py)
    s = score_opinion(gold, changed)
    assert s.wrong_counts == ["280 F.3d 786: kb {'full': 1, 'short': 2} gold {'full': 1, 'short': 3}"]
    assert sorted(set(s.wrong_names) - set(before)) == ["280 F.3d 786: kb 'Sharif v. Holder' gold 'Sharif v. Ashcroft'"]
    assert s.extra == ["999 F.3d 1"]


def test_citations_match_whatever_their_spacing_and_dash(gold, ours):
    spaced = copy.deepcopy(ours)
    iqbal = by_key(spaced, "556 U.S. 662")
    iqbal["key"], iqbal["citations"] = "556 U. S. 662", ["556 U. S. 662", "129 S.Ct. 1937", "173 L.Ed.2d 868"]
    assert score_opinion(gold, spaced).missed == []
    assert fold_citation("1949–50") == fold_citation("1949-50")


def test_metadata_is_scored_field_by_field(store, gold):
    opinion = opinion_object(find_opinion(store, STEM))
    assert score_metadata(gold, opinion) == dict.fromkeys(
        ("case_name", "court_id", "date", "docket", "citations"), True
    )
    wrong = {**opinion, "date": "2016-01-20", "docket": "15 C 5691", "court_id": "ilnb"}
    scored = score_metadata(gold, wrong)
    assert (scored["date"], scored["docket"], scored["court_id"]) == (False, True, False)  # "No." is ignored
