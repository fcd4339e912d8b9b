"""kb.ranking: the citation arrays of the bundled store, and HITS against the textbook iteration.

(PageRank and the ``citing`` order are checked in tests/test_graph.py, on the
bundled store and on a hand-made store whose answers are known.)
"""

from __future__ import annotations

import pytest

from kb.ranking import hits_scores, load_arrays, rank


@pytest.fixture(scope="module")
def arrays(store):
    return load_arrays(store)


def test_one_edge_per_opinion_and_authority_it_cites_however_often(store, arrays):
    # Each (opinion, authority) pair once; an opinion that is an authority cites from that node.
    pairs = store.execute(
        "SELECT count(*) FROM (SELECT DISTINCT opinion_id, authority_id FROM refs WHERE authority_id IS NOT NULL)"
    ).fetchone()[0]
    assert arrays.edges == pairs
    assert sum(arrays.out_degree) == arrays.edges
    flores_node = store.execute("SELECT id FROM authorities WHERE key = '157 F. Supp. 3d 779'").fetchone()[0]
    flores_refs = store.execute(
        "SELECT count(DISTINCT authority_id) FROM refs r JOIN opinions o ON o.id = r.opinion_id"
        " WHERE o.stem = 'flores-albarran-v-wong' AND authority_id IS NOT NULL"
    ).fetchone()[0]
    assert arrays.out_degree[flores_node] == flores_refs


def test_hits_authority_scores_are_the_textbook_iteration(arrays):
    nodes = [v for v in range(arrays.size) if arrays.exists[v]]
    edges = [(u, v) for v in nodes for u in arrays.citers[arrays.indptr[v] : arrays.indptr[v + 1]]]
    hub = dict.fromkeys(nodes, 1.0)
    for _ in range(200):  # authority = sum of citing hubs, hub = sum of cited authorities, each normalised
        auth = dict.fromkeys(nodes, 0.0)
        for u, v in edges:
            auth[v] += hub[u]
        total = sum(auth.values())
        auth = {v: s / total for v, s in auth.items()}
        hub = dict.fromkeys(nodes, 0.0)
        for u, v in edges:
            hub[u] += auth[v]
        total = sum(hub.values())
        hub = {v: s / total for v, s in hub.items()}
    ours = hits_scores(arrays)
    assert sum(ours) == pytest.approx(1.0)
    assert max(abs(ours[v] - auth[v]) for v in nodes) < 1e-9
    assert max(nodes, key=lambda v: auth[v]) == max(nodes, key=lambda v: ours[v])


def test_rank_rows_name_what_they_rank(store):
    (top,) = rank(store, "citing", 1)
    assert top["rank"] == 1 and top["node"].startswith("authority:")
    assert (top["citation"], top["kind"], top["citing"]) == ("28 U.S.C. § 2241", "statute", 3)
