from __future__ import annotations

import networkx as nx

from kb.graph import authority_node, build_graph, chains, common_authorities, opinion_node, rank, trace
from kb.query import find_authority, find_opinion


def node_for(store, name):
    return authority_node(find_authority(store, name)["id"])


def test_graph_has_typed_nodes_and_edges(store):
    g = build_graph(store)
    kinds = {a["kind"] for _, a in g.nodes(data=True)}
    assert {"opinion", "case", "statute", "regulation", "rule", "other", "proposition"} <= kinds
    relations = {a["relation"] for _, _, a in g.edges(data=True)}
    assert {"cites", "supports", "quotes", "cites_in_parenthetical", "relies_on", "part_of", "identity"} <= relations


def test_cites_edge_carries_depth_pins_and_signals(store):
    g = build_graph(store, propositions=False)
    flores = opinion_node(find_opinion(store, "flores-albarran-v-wong")["id"])
    edge = next(a for _, v, a in g.out_edges(flores, data=True) if v == node_for(store, "280 F.3d 786"))
    assert edge["depth"] == 4 and edge["pin_cites"] == ["787"]


def test_subsection_is_part_of_its_section(store):
    g = build_graph(store, propositions=False)
    sub, section = node_for(store, "8 U.S.C. § 1252(g)"), node_for(store, "8 U.S.C. § 1252")
    assert any(a["relation"] == "part_of" for a in g.get_edge_data(sub, section).values())


def test_identity_joins_an_opinion_and_the_case_node_citing_it(store):
    g = build_graph(store, propositions=False)
    own = node_for(store, "157 F. Supp. 3d 779")
    flores = opinion_node(find_opinion(store, "flores-albarran-v-wong")["id"])
    assert any(a["relation"] == "identity" for a in g.get_edge_data(own, flores).values())


def test_chain_from_flores_through_kightlinger_to_califano(store):
    g = build_graph(store, propositions=False)
    flores = opinion_node(find_opinion(store, "flores-albarran-v-wong")["id"])
    paths = chains(g, flores, node_for(store, "Califano v. Sanders"), max_depth=3)
    labels = [[hop["to_label"] for hop in p] for p in paths]
    assert ["Kightlinger", "Califano"] in labels
    two_hop = next(p for p in paths if len(p) == 2)
    assert two_hop[1]["relation"] == "cites_in_parenthetical (citing)"
    assert "preclude judicial review" in two_hop[1]["proposition"]


def test_trace_goes_both_ways_through_nested_parentheticals(store):
    g = build_graph(store, propositions=False)
    t = trace(g, node_for(store, "Ashcroft v. Iqbal"))
    assert [x["citation"].split(",")[0] for x in t["relies_on"]] == ["Bell Atl. Corp. v. Twombly"]
    assert [x["citation"].split(",")[0] for x in t["cited_by"]] == ["Flores Albarran v. Wong"]


def test_common_authorities_of_flores_and_balogun(store):
    g = build_graph(store, propositions=False)
    a = opinion_node(find_opinion(store, "flores-albarran-v-wong")["id"])
    b = opinion_node(find_opinion(store, "balogun-v-sessions")["id"])
    shared = {g.nodes[n]["key"] for n in common_authorities(g, a, b)}
    assert {"8 U.S.C. § 1252(g)", "525 U.S. 471"} <= shared


def test_pagerank_and_hits_put_section_1252g_first(store):
    g = build_graph(store, propositions=False)
    for method in ("pagerank", "hits"):
        assert g.nodes[rank(g, method, 1)[0][0]]["key"] == "8 U.S.C. § 1252(g)"


def test_own_pagerank_matches_the_textbook_fixed_point():
    d = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("a", "c")])
    from kb.graph import pagerank

    pr = pagerank(d)
    assert abs(sum(pr.values()) - 1.0) < 1e-9
    # Fixed point: PR(v) = (1-d)/N + d * sum(PR(u)/outdeg(u)).
    for v in d:
        expected = 0.15 / 3 + 0.85 * sum(pr[u] / d.out_degree(u) for u in d.predecessors(v))
        assert abs(pr[v] - expected) < 1e-8
