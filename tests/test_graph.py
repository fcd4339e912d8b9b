"""The citation graph: its model, the walks and rankings read from the store, and the synthetic benchmark."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import networkx as nx
import pytest

from kb.errors import NotFoundError
from kb.graph import (
    authority_label,
    authority_node,
    build_graph,
    case_label,
    flag_nodes,
    opinion_node,
    subgraph,
)
from kb.ingest import ingest_paths
from kb.lookup import find_graph_node
from kb.query import common_table, find_authority, find_opinion
from kb.ranking import load_arrays, pagerank_scores, rank, rank_rows
from kb.store import connect
from kb.walk import chains, common_authorities, flag_trace, neighbourhood, trace
from tests.conftest import CORPUS

ROOT = Path(__file__).resolve().parent.parent


def node_for(store, name):
    return authority_node(find_authority(store, name)["id"])


def opinion_for(store, stem):
    return opinion_node(find_opinion(store, stem)["id"])


# --- the model, on the bundled opinions -------------------------------------


def test_graph_has_typed_nodes_and_edges(store):
    g = build_graph(store)
    kinds = {a["kind"] for _, a in g.nodes(data=True)}
    assert {"opinion", "case", "statute", "regulation", "rule", "other", "proposition"} <= kinds
    relations = {a["relation"] for _, _, a in g.edges(data=True)}
    assert {"cites", "supports", "quotes", "cites_in_parenthetical", "relies_on", "part_of", "identity"} <= relations


def test_cites_edge_carries_depth_pins_and_signals(store):
    g = build_graph(store, propositions=False)
    edge = next(
        a
        for _, v, a in g.out_edges(opinion_for(store, "flores-albarran-v-wong"), data=True)
        if v == node_for(store, "280 F.3d 786")
    )
    assert edge["depth"] == 4 and edge["pin_cites"] == ["787"]


def test_subsection_is_part_of_its_section(store):
    g = build_graph(store, propositions=False)
    sub, section = node_for(store, "8 U.S.C. § 1252(g)"), node_for(store, "8 U.S.C. § 1252")
    assert any(a["relation"] == "part_of" for a in g.get_edge_data(sub, section).values())


def test_identity_joins_an_opinion_and_the_case_node_citing_it(store):
    g = build_graph(store, propositions=False)
    own = node_for(store, "157 F. Supp. 3d 779")
    assert any(
        a["relation"] == "identity" for a in g.get_edge_data(own, opinion_for(store, "flores-albarran-v-wong")).values()
    )


def test_a_cite_in_a_parenthetical_without_a_relation_word_is_no_authority_edge(store):
    # Balogun: "§ 1252(g) ... (... 28 U.S.C. § 2241 ...)": the court's words, not § 1252(g) relying on § 2241.
    g = build_graph(store, propositions=False)
    section, habeas = node_for(store, "8 U.S.C. § 1252(g)"), node_for(store, "28 U.S.C. § 2241")
    assert not g.has_edge(section, habeas)
    assert all(
        g.nodes[u]["kind"] == "case"
        for u, _, a in g.edges(data=True)
        if a["relation"] in ("quotes", "cites_in_parenthetical", "relies_on")
    )
    assert trace(store, section)["relies_on"] == []


def test_nested_edges_say_which_opinion_reported_them(store):
    g = build_graph(store, propositions=False)
    iqbal, twombly = node_for(store, "Ashcroft v. Iqbal"), node_for(store, "550 U.S. 544")
    (edge,) = g.get_edge_data(iqbal, twombly).values()
    assert edge["relation"] == "quotes" and edge["stated"] == "quoting"
    assert edge["reported_by"] == "Flores Albarran v. Wong" and edge["opinion"] == opinion_for(
        store, "flores-albarran-v-wong"
    )


@pytest.mark.parametrize(
    ("kind", "key", "name", "year", "label"),
    [
        ("case", "280 F.3d 786", "Sharif v. Ashcroft", 2002, "Sharif v. Ashcroft (2002)"),
        ("case", "1 F.3d 1", "United States v. Smith", 2010, "United States v. Smith (2010)"),
        (
            "case",
            "525 U.S. 471",
            "Reno v. Am.-Arab Anti-Discrimination Comm.",
            1999,
            "Reno v. Am.-Arab Anti-Discrimination… (1999)",
        ),
        ("case", "2018 WL 786742", None, None, "2018 WL 786742"),
        ("statute", "8 U.S.C. § 701", None, None, "8 U.S.C. § 701"),
        (
            "other",
            "Gordon, Mailman & Yale-Loehr, Immigration Law and Procedure § 72.03[2][h]",
            None,
            None,
            "Gordon et al., Immigration Law and Procedure § 72.03[2][h]",
        ),
        (
            "other",
            "Wright & Graham, Federal Practice and Procedure § 5416",
            None,
            None,
            "Wright & Graham, Federal Practice and Procedure § 5416",
        ),
        ("other", "Restatement (Second) of Torts § 7", None, None, "Restatement (Second) of Torts § 7"),
    ],
)
def test_labels_name_the_authority_unambiguously(kind, key, name, year, label):
    assert authority_label(kind, key, name, year) == label


def test_every_label_in_the_bundled_graph_names_its_authority(store):
    g = build_graph(store, propositions=False)
    for _, a in g.nodes(data=True):
        if a["kind"] == "case" and a.get("name") and " v. " in a["name"]:
            assert " v. " in a["label"], a["label"]
        if a["kind"] == "statute":
            assert "U.S.C." in a["label"] or "Stat." in a["label"] or "§" not in a["label"][:2], a["label"]
    assert case_label("Flores Albarran v. Wong", 2016) == "Flores Albarran v. Wong (2016)"


# --- walks in the store ------------------------------------------------------


def test_chain_from_flores_through_kightlinger_to_califano(store):
    paths = chains(store, opinion_for(store, "flores-albarran-v-wong"), node_for(store, "Califano v. Sanders"), 3)
    labels = [[hop["to_label"] for hop in p] for p in paths]
    assert ["Kightlinger v. Napolitano (2013)", "Califano v. Sanders (1977)"] in labels
    two_hop = next(p for p in paths if len(p) == 2)
    assert two_hop[1]["relation"] == "cites_in_parenthetical (citing)"
    assert two_hop[1]["reported_by"] == "Flores Albarran v. Wong"
    assert "preclude judicial review" in two_hop[1]["proposition"]


def test_trace_goes_both_ways_through_nested_parentheticals(store):
    t = trace(store, node_for(store, "Ashcroft v. Iqbal"))
    assert [x["citation"].split(",")[0] for x in t["relies_on"]] == ["Bell Atl. Corp. v. Twombly"]
    assert t["relies_on"][0]["reported_by"] == "Flores Albarran v. Wong"
    assert [x["citation"].split(",")[0] for x in t["cited_by"]] == ["Flores Albarran v. Wong"]


def test_common_authorities_of_flores_and_balogun(store):
    a, b = (find_opinion(store, s)["id"] for s in ("flores-albarran-v-wong", "balogun-v-sessions"))
    keys = {find_authority_key(store, i) for i in common_authorities(store, a, b)}
    assert {"8 U.S.C. § 1252(g)", "525 U.S. 471"} <= keys


def find_authority_key(store, aid):
    return store.execute("SELECT key FROM authorities WHERE id = ?", (aid,)).fetchone()[0]


def test_bundled_ranking_counts_citing_opinions_first(store):
    top = rank(store, limit=10)
    assert top[0]["citation"] == "28 U.S.C. § 2241" and top[0]["citing"] == 3
    reno = next(r for r in top if r["citation"].startswith("Reno v."))
    assert reno["rank"] <= 8 and reno["citing"] == 2
    assert all(r["citing"] == 2 for r in top[1:8])
    anderson = next(r for r in rank(store, limit=200) if r["citation"].startswith("Anderson v. Bowen"))
    assert anderson["citing"] == 1 and anderson["rank"] > 8


def test_pagerank_and_hits_rank_the_authorities(store):
    for method in ("pagerank", "hits"):
        top = rank(store, method, 5)
        assert len(top) == 5 and top[0]["score"] >= top[-1]["score"]
    with pytest.raises(ValueError, match="unknown ranking 'x'; choose citing, pagerank, hits"):
        rank(store, "x")


def test_rank_rows_are_the_ranking_as_printed(store):
    rows, top = rank_rows(store, "pagerank", 10), rank(store, "pagerank", 10)
    assert [r["citation"] for r in rows] == [r["citation"] for r in top]
    assert all("node" not in r for r in rows)
    assert [r["score"] for r in rows] == [round(r["score"], 6) for r in top]
    with pytest.raises(ValueError, match="unknown ranking 'x'"):
        rank_rows(store, "x")


def test_a_name_on_the_command_line_is_the_graph_node_of_an_opinion_or_authority(store):
    flores = find_opinion(store, "flores-albarran-v-wong")["id"]
    assert find_graph_node(store, "flores-albarran-v-wong") == opinion_node(flores)
    assert find_graph_node(store, f"o:{flores}") == opinion_node(flores)
    califano = find_authority(store, "Califano v. Sanders")["id"]
    assert find_graph_node(store, "Califano v. Sanders") == authority_node(califano)
    assert find_graph_node(store, "430 U.S. 99") == authority_node(califano)
    with pytest.raises(NotFoundError, match="no authority matches 'zzzz nothing'"):
        find_graph_node(store, "zzzz nothing")


def test_common_table_keeps_only_the_two_opinions_parts(store):
    flores, balogun = (find_opinion(store, s) for s in ("flores-albarran-v-wong", "balogun-v-sessions"))
    table = common_table(store, "flores-albarran-v-wong", "balogun-v-sessions")
    assert table["title"] == "Authorities cited by both Flores Albarran v. Wong and Balogun v. Sessions"
    assert table["opinion"] is None
    ids = common_authorities(store, flores["id"], balogun["id"])
    assert [a["id"] for a in table["authorities"]] == ids
    for a in table["authorities"]:
        assert {e["opinion_id"] for e in a["by_opinion"]} == {flores["id"], balogun["id"]}
        assert a["depth"] == sum(e["depth"] for e in a["by_opinion"])
    # The same opinion twice: every authority it cites, from its own parts only.
    alone = common_table(store, "flores-albarran-v-wong", "flores-albarran-v-wong")
    assert len(alone["authorities"]) > len(ids)
    assert all({e["opinion_id"] for e in a["by_opinion"]} == {flores["id"]} for a in alone["authorities"])


# A corpus opinion that states good-law history: "Foster v. Neilson ... 27 U.S. (2 Pet.) 253 (1829), overruled in part by ...".
IGARTUA = "cl1-179901-igartua-v-united-states"


@pytest.fixture(scope="module")
def igartua(tmp_path_factory):
    path = CORPUS / f"{IGARTUA}.txt"
    if not path.exists():
        pytest.skip("the development corpus is not beside this checkout")
    conn = connect(tmp_path_factory.mktemp("igartua") / "kb.sqlite")
    assert ingest_paths(conn, [path]).count("added") == 1
    return conn


def test_a_trace_carries_the_good_law_flags_of_each_node(igartua):
    tree = flag_trace(igartua, trace(igartua, find_graph_node(igartua, IGARTUA), depth=1, limit=500))
    assert tree["flags"] == []
    foster = next(x for x in tree["relies_on"] if x["citation"].startswith("Foster v. Neilson"))
    assert [f["flag"] for f in foster["flags"]] == ["overruled"]
    assert foster["flags"][0]["stated_by_stem"] == IGARTUA
    assert all("flags" in x for x in tree["relies_on"])


def test_flag_nodes_marks_only_the_flagged_nodes_of_a_graph(igartua):
    g = flag_nodes(igartua, build_graph(igartua, propositions=False))
    flagged = {a["label"]: [f["flag"] for f in a["flags"]] for _, a in g.nodes(data=True) if "flags" in a}
    assert flagged["Foster v. Neilson (1829)"] == ["overruled"]
    assert 0 < len(flagged) < g.number_of_nodes()


# --- a small hand-made store whose answers are known --------------------------


def make_store(path: Path, opinions: dict[int, str], authorities: list[tuple], refs: list[tuple], nested=()):
    """A store holding exactly these rows: authorities (id, key, kind, name, year, opinion_id), refs (opinion, authority, n)."""
    conn = connect(path)
    for oid, name in opinions.items():
        conn.execute(
            "INSERT INTO opinions (id, path, stem, sha256, case_name, date, text, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, '', '')",
            (oid, f"/x/{oid}.txt", f"op{oid}", str(oid), name, f"{2020 - oid}-01-01"),
        )
    for row in authorities:
        conn.execute("INSERT INTO authorities (id, key, kind, name, year, opinion_id) VALUES (?,?,?,?,?,?)", row)
        conn.execute("INSERT INTO authority_citations (citation, authority_id) VALUES (?, ?)", (row[1], row[0]))
    seq = 0
    for oid, aid, n in refs:
        for _ in range(n):
            conn.execute(
                "INSERT INTO refs (opinion_id, authority_id, seq, kind, form, start, end, text, sentence, pin_cite)"
                " VALUES (?, ?, ?, 'case', 'full', 0, 1, 'x', ?, ?)",
                (oid, aid, seq, f"point {oid}-{aid}", str(seq)),
            )
            seq += 1
    for row in nested:
        conn.execute("INSERT INTO nested (opinion_id, citing_id, cited_id, relation) VALUES (?,?,?,?)", row)
    return conn


@pytest.fixture
def known(tmp_path):
    """O1..O3 cite; O4 is case D and cites F. O1 reports "B (citing E)", "B (quoting G)", "H, quoted in B", "S (… T)"."""
    a = [
        (1, "1 U.S. 1", "case", "A v. A", 1901, None),
        (2, "2 U.S. 2", "case", "B v. B", 1902, None),
        (3, "3 U.S. 3", "case", "C v. C", 1903, None),
        (4, "4 U.S. 4", "case", "D v. D", 1904, 4),
        (5, "5 U.S. 5", "case", "E v. E", 1905, None),
        (6, "6 U.S. 6", "case", "F v. F", 1906, None),
        (7, "7 U.S. 7", "case", "G v. G", 1907, None),
        (8, "8 U.S. 8", "case", "H v. H", 1908, None),
        (9, "1 U.S.C. § 1", "statute", None, None, None),
        (10, "1 U.S.C. § 2", "statute", None, None, None),
    ]
    refs = [
        (1, 1, 1),
        (1, 2, 10),
        (1, 4, 1),
        (1, 5, 1),
        (2, 1, 1),
        (2, 3, 1),
        (2, 4, 1),
        (3, 1, 1),
        (3, 3, 1),
        (4, 6, 1),
    ]
    refs += [(1, 7, 1), (1, 8, 1), (1, 9, 1), (1, 10, 1)]
    nested = [(1, 2, 5, "citing"), (1, 2, 7, "quoting"), (1, 8, 2, "quoted_in"), (1, 9, 10, "other")]
    names = {1: "O1 v. X", 2: "O2 v. X", 3: "O3 v. X", 4: "D v. D"}
    return make_store(tmp_path / "known.sqlite", names, a, refs, nested)


def test_known_ranking_counts_citing_opinions_then_pagerank(known):
    # Citing opinions: A 3; C, D 2; B, E, F, G, H and the statutes 1. Among C and D, PageRank:
    # C gets x(O2)/3 + x(O3)/2, D x(O1)/8 + x(O2)/3 (O1 cites 8 authorities); among the 1s F gets all of D's.
    order = [r["citation"].split(",")[0] for r in rank(known, limit=4)]
    assert order == ["A v. A", "C v. C", "D v. D", "F v. F"]
    # B's ten references and "B (citing E)" make B no bigger than E: each is cited by one opinion.
    scores = {r["citation"].split(",")[0]: r["score"] for r in rank(known, limit=20)}
    assert scores["B v. B"] == pytest.approx(scores["E v. E"])
    # PageRank alone: F, cited only by the much-cited opinion D, comes first.
    assert rank(known, "pagerank", 1)[0]["citation"].startswith("F v. F")


def test_pagerank_equals_the_textbook_power_iteration(known, store):
    for conn in (known, store):
        arrays = load_arrays(conn)
        nodes = [v for v in range(arrays.size) if arrays.exists[v]]
        edges = [(u, v) for v in nodes for u in arrays.citers[arrays.indptr[v] : arrays.indptr[v + 1]]]
        out = dict.fromkeys(nodes, 0)
        for u, _ in edges:
            out[u] += 1
        pr = dict.fromkeys(nodes, 1 / len(nodes))
        for _ in range(300):  # PR(v) = (1-d)/N + d·dangling/N + d·Σ PR(u)/out(u)
            dangling = sum(pr[v] for v in nodes if not out[v])
            new = dict.fromkeys(nodes, (0.15 + 0.85 * dangling) / len(nodes))
            for u, v in edges:
                new[v] += 0.85 * pr[u] / out[u]
            pr = new
        ours = pagerank_scores(arrays)
        assert max(abs(ours[v] - pr[v]) for v in nodes) < 1e-12


def test_known_nested_edges_run_from_the_quoting_case(known):
    g = build_graph(known, propositions=False)
    b, e, gg, h = (authority_node(i) for i in (2, 5, 7, 8))
    assert {
        (u, v, a["relation"])
        for u, v, a in g.edges(data=True)
        if a["relation"] != "cites" and a["relation"] != "identity"
    } == {
        (b, e, "cites_in_parenthetical"),
        (b, gg, "quotes"),
        (b, h, "quotes"),  # "H, quoted in B": B quotes H
    }
    paths = chains(known, opinion_node(1), h, 3)
    assert [[x["to_label"] for x in p] for p in paths] == [["H v. H (1908)"], ["B v. B (1902)", "H v. H (1908)"]]
    assert paths[1][1]["relation"] == "quotes" and paths[1][1]["reported_by"] == "O1 v. X"


def test_known_walks_treat_an_opinion_and_its_case_as_one_node(known):
    # O1 cites D; D is opinion 4, which cites F: O1 -> D -> F, no identity hop.
    paths = chains(known, opinion_node(1), authority_node(6), 3)
    assert [[x["to_label"] for x in p] for p in paths] == [["D v. D (1904)", "F v. F (1906)"]]
    assert paths == chains(known, opinion_node(1), authority_node(6), 3)
    t = trace(known, opinion_node(4))
    assert t["node"] == authority_node(4)
    assert [x["label"] for x in t["cited_by"]] == ["O1 v. X (2019)", "O2 v. X (2018)"]
    assert [x["label"] for x in t["relies_on"]] == ["F v. F (1906)"]


def test_trace_lists_the_most_cited_first_and_counts_the_rest(known):
    # O1 cites eight authorities: A (3 opinions) and D (2) first, six more counted.
    t = trace(known, opinion_node(1), depth=1, limit=2)
    assert [x["label"] for x in t["relies_on"]] == ["A v. A (1901)", "D v. D (1904)"]
    assert t["more_relies_on"] == 6


def test_focused_neighbourhood_keeps_what_it_cites_and_what_cites_it(known):
    # Around D at depth 1: F (it cites), O1 and O2 (cite it); not A, C, E (what O1 and O2 also cite).
    nodes, notice = neighbourhood(known, authority_node(4), 1, 100)
    assert set(nodes) == {authority_node(4), authority_node(6), opinion_node(1), opinion_node(2)} and notice is None
    nodes, _ = neighbourhood(known, authority_node(4), 2, 100)
    assert authority_node(1) not in nodes  # O1 cites A, but A neither cites D nor is cited by it
    nodes, notice = neighbourhood(known, authority_node(4), 1, 2)
    assert len(nodes) == 2 and notice.startswith("Showing the 2 nearest and most-cited nodes; 2 more")


def test_subgraph_merges_an_opinion_with_its_case(known):
    g = subgraph(known, [authority_node(4), opinion_node(1), authority_node(6)], merge_identity=True)
    assert set(g) == {authority_node(4), opinion_node(1), authority_node(6)}
    assert g.nodes[authority_node(4)]["kind"] == "opinion" and g.nodes[authority_node(4)]["case_kind"] == "case"
    assert {(u, v) for u, v in g.edges()} == {
        (opinion_node(1), authority_node(4)),
        (authority_node(4), authority_node(6)),
    }


# --- the benchmark's store, small ---------------------------------------------


def _bench():
    spec = importlib.util.spec_from_file_location("bench_graph", ROOT / "scripts" / "bench_graph.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "synthetic.sqlite"
    counts = _bench().generate_store(path, 3000)
    assert counts["opinions"] == 3000 and 25 * 3000 < counts["refs"] < 35 * 3000
    conn = connect(path, readonly=True)
    yield conn
    conn.close()


def test_synthetic_store_is_heavy_tailed(synthetic):
    citing = [
        r[0]
        for r in synthetic.execute("SELECT count(DISTINCT opinion_id) FROM refs GROUP BY authority_id ORDER BY 1 DESC")
    ]
    assert citing[0] > 20 * sorted(citing)[len(citing) // 2]  # the top authority is cited far more than the median


def test_store_queries_agree_with_the_in_memory_graph(synthetic):
    g = build_graph(synthetic, propositions=False)
    # Ranking: distinct citing opinions, as the in-memory graph counts them.
    for r in rank(synthetic, limit=20):
        assert r["citing"] == len({u for u, _, a in g.in_edges(r["node"], data=True) if a["relation"] == "cites"})
    # Chains: every hop is an edge of the graph (an opinion and its case being one node).
    newest = synthetic.execute("SELECT max(id) FROM opinions").fetchone()[0]
    paths = chains(synthetic, opinion_node(newest), authority_node(1), 4)
    assert paths
    view = nx.DiGraph()
    for u, v, a in g.edges(data=True):
        if a["relation"] == "identity":
            view.add_edge(u, v)
            view.add_edge(v, u)
        elif a["relation"] != "part_of":
            view.add_edge(u, v)
    label_of = {a["label"]: n for n, a in g.nodes(data=True)}
    for p in paths:
        ends = [label_of[p[0]["from_label"]], *(label_of[h["to_label"]] for h in p)]
        for u, v in zip(ends, ends[1:], strict=False):
            assert view.has_edge(u, v) or nx.has_path(view, u, v) and nx.shortest_path_length(view, u, v) <= 2
    # A focused map holds only what the focus cites and what cites it, two hops each way.
    focus = authority_node(10)
    nodes, _ = neighbourhood(synthetic, focus, 2, 10_000)
    ahead = nx.single_source_shortest_path_length(view, focus, cutoff=4)
    behind = nx.single_source_shortest_path_length(view.reverse(), focus, cutoff=4)
    assert set(nodes) <= set(ahead) | set(behind)


def test_the_benchmark_script_runs_every_query(synthetic, tmp_path):
    bench = _bench()
    db = Path(synthetic.execute("PRAGMA database_list").fetchone()[2])
    for name in bench.QUERIES:
        result = bench.run_query_isolated(name, db)
        assert result["peak_mb"] > 0 and result["output"], name
