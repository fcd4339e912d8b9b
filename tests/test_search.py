"""kb support: plain-words queries over propositions and parentheticals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb import search
from kb.errors import KbError
from kb.search import query_terms, semantic_available, support


def keys(hits):
    return [h["authority"]["key"] for h in hits]


def test_stay_requests_query_puts_sharif_in_the_top_three_with_pin_787(store):
    hits = support(store, "stay requests arising from the execution of removal orders", limit=3)
    sharif = [h for h in hits if h["authority"]["key"] == "280 F.3d 786"]
    assert sharif, keys(hits)
    h = sharif[0]
    assert h["pin_cite"] == "787"
    assert h["citation"].startswith("Sharif v. Ashcroft, 280 F.3d 786, 787 (7th Cir. 2002)")
    assert "arises from" in h["proposition"] and "Flores Albarran v. Wong" in h["citing_opinions"]


def test_apa_query_finds_the_chain_through_kightlinger_to_califano(store):
    hits = support(store, "the APA does not apply where a statute precludes judicial review", limit=5)
    kight = next(h for h in hits if h["authority"]["key"] == "500 F. App'x 511")
    assert kight["chain"] == ["Flores Albarran v. Wong", "Kightlinger v. Napolitano", "Califano v. Sanders"]


def test_hits_carry_the_documented_fields(store):
    h = support(store, "mandamus is an extraordinary remedy", limit=1)[0]
    assert set(h) >= {"authority", "score", "pin_cite", "parenthetical", "proposition", "citing_opinions"}
    assert h["authority"]["key"] == "426 U.S. 394"
    assert h["parenthetical"] == "noting that mandamus is an extraordinary remedy"


def test_court_and_year_filters(store):
    hits = support(store, "removal order stay jurisdiction", limit=20, court="7th Cir.")
    assert hits and all(h["authority"]["court_id"] == "ca7" for h in hits)
    hits = support(store, "removal order stay jurisdiction", limit=20, since=2015)
    assert hits and all(h["authority"]["year"] >= 2015 for h in hits)


def test_no_match_is_an_empty_list_not_an_error(store):
    assert support(store, "zebra crossings in Antarctica") == []


def test_a_query_of_only_stopwords_says_what_is_wrong(store):
    with pytest.raises(KbError, match="nothing to search for in 'the of and'"):
        support(store, "the of and")


def test_query_terms_drop_stopwords():
    assert query_terms("Is the APA applicable to the claims?") == ["apa", "applicable"]


def test_plain_words_evaluation_set_stays_above_its_measured_level(store):
    """tests/eval/queries.json: paraphrased points with the authorities cited for them."""
    queries = json.loads((Path(__file__).parent / "eval" / "queries.json").read_text())["queries"]
    hit3 = recall10 = 0.0
    for q in queries:
        got = keys(support(store, q["query"], limit=10))
        hit3 += bool(set(q["expected"]) & set(got[:3]))
        recall10 += len(set(q["expected"]) & set(got)) / len(q["expected"])
    assert hit3 / len(queries) >= 0.85
    assert recall10 / len(queries) >= 0.85


@pytest.mark.skipif(not semantic_available(), reason="kb[semantic] not installed")
def test_semantic_reranking_loads_offline_and_keeps_sharif_on_top(store, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    hits = support(store, "stay requests arising from the execution of removal orders", limit=3, semantic=True)
    assert "280 F.3d 786" in keys(hits)


def test_word_counts_are_read_under_the_indexs_porter_stems(store):
    """'stay' is indexed as 'stai': a light stem would look it up under the wrong term and count nothing."""
    words = ["stay", "removal", "deportation", "jurisdiction", "zebra"]
    counted = search._text_frequencies(store, words)
    for w in words:
        sql = "SELECT count(*) FROM proposition_texts_fts WHERE proposition_texts_fts MATCH ?"
        assert counted[w] == store.execute(sql, (f'"{w}"',)).fetchone()[0], w
    assert counted["stay"] > 0 and counted["zebra"] == 0


def test_a_large_store_retrieves_by_its_rarest_words_within_the_budget(store, monkeypatch):
    monkeypatch.setattr(search, "LARGE_STORE", 0)
    monkeypatch.setattr(search, "POSTINGS_BUDGET", 1)
    terms = query_terms("stay requests arising from the execution of removal orders")
    counts = search._text_frequencies(store, terms)
    rarest = min((t for t in terms if counts[t]), key=counts.get)
    texts = search._candidate_texts(store, [*terms, "zebra"])  # a word no text holds takes no part
    assert texts and all(search._stem(rarest) in t["text"].lower() for t in texts)
    monkeypatch.setattr(search, "POSTINGS_BUDGET", 10**9)
    query = "stay requests arising from the execution of removal orders"
    wide = [h["citation"] for h in support(store, query)]
    monkeypatch.setattr(search, "LARGE_STORE", 10**9)
    assert wide == [h["citation"] for h in support(store, query)]


def test_hits_embed_capped_lists_with_exact_totals(store, monkeypatch):
    monkeypatch.setattr(search, "HIT_LIST_LIMIT", 1)
    hits = support(store, "aliens may not challenge the commencement of proceedings or execution of removal orders")
    reno = next(h for h in hits if h["authority"]["key"] == "525 U.S. 471")
    assert reno["citing_count"] == reno["authority"]["totals"]["citing_opinions"] == 2
    assert len(reno["citing_opinions"]) == 1 and len(reno["authority"]["pin_cites"]) == 1
    assert reno["authority"]["totals"]["pin_cites"] > 1
