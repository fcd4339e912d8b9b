"""kb.walk: the store-side walks behind focused and whole-store maps, checked against the tables of authorities."""

from __future__ import annotations

import pytest

from kb.lookup import find_authority, find_opinion
from kb.query import table_of_authorities
from kb.walk import Walker, neighbourhood, to_int, to_node, top_nodes


def keys(store, nodes):
    """The authority keys of ``nodes`` (opinions that are no authority as their stems)."""
    out = set()
    for n in nodes:
        kind, _, number = n.partition(":")
        table, column = ("authorities", "key") if kind == "authority" else ("opinions", "stem")
        out.add(store.execute(f"SELECT {column} FROM {table} WHERE id = ?", (int(number),)).fetchone()[0])
    return out


def test_node_names_and_walk_numbers_round_trip():
    assert (to_int("authority:12"), to_int("opinion:3")) == (12, -3)
    assert (to_node(12), to_node(-3)) == ("authority:12", "opinion:3")


def test_an_ingested_opinion_that_is_cited_walks_as_its_citation(store):
    flores = find_opinion(store, "flores-albarran-v-wong")
    node = Walker(store).canonical(f"opinion:{flores['id']}")
    assert node > 0
    assert store.execute("SELECT key FROM authorities WHERE id = ?", (node,)).fetchone()[0] == "157 F. Supp. 3d 779"


def test_an_opinions_first_ring_is_its_table_of_authorities(store):
    flores = find_opinion(store, "flores-albarran-v-wong")
    nodes, notice = neighbourhood(store, f"opinion:{flores['id']}", 1, 10_000)
    table = {a["key"] for a in table_of_authorities(store, "flores-albarran-v-wong")["authorities"]}
    assert notice is None
    assert table <= keys(store, nodes)


@pytest.mark.parametrize("depth", [1, 2])
def test_a_case_maps_with_who_cites_it_not_everything_they_cite(store, depth):
    sharif = find_authority(store, "280 F.3d 786")["id"]
    nodes, _ = neighbourhood(store, f"authority:{sharif}", depth, 10_000)
    # Only Flores Albarran cites Sharif; what Flores cites besides is its neighbour's, not Sharif's.
    assert keys(store, nodes) == {"280 F.3d 786", "157 F. Supp. 3d 779"}


def test_a_cut_neighbourhood_keeps_the_nearest_and_says_so(store):
    flores = find_opinion(store, "flores-albarran-v-wong")
    nodes, notice = neighbourhood(store, f"opinion:{flores['id']}", 1, 10)
    assert len(nodes) == 10
    assert notice is not None and notice.startswith("Showing the 10 nearest and most-cited nodes; ")


def test_top_nodes_keep_only_the_kinds_and_citing_counts_asked_for(store):
    nodes, total, notice = top_nodes(store, 100, kinds={"statute"}, min_cites=2)
    whole = {a["key"]: a for a in table_of_authorities(store)["authorities"]}
    wanted = {k for k, a in whole.items() if a["kind"] == "statute" and len(a["citing_opinions"]) >= 2}
    chosen = keys(store, [n for n in nodes if n.startswith("authority:")])
    assert chosen == wanted and "8 U.S.C. § 1252(g)" in wanted
    assert total == 3 + len(wanted) and notice is None
    few, _, notice = top_nodes(store, 4, kinds={"statute"}, min_cites=2)
    assert len(few) == 4 and notice is not None and f"of {total:,} nodes" in notice
