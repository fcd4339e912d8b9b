#!/usr/bin/env python3
"""Time building and rendering a map: pyvis's add_node/add_edge alone, and render_map of a store's whole map.

Usage: python scripts/bench_map.py [--db STORE] [--sizes 2500,10000]

The first part is one opinion citing N authorities (N nodes and N edges),
built through pyvis's API as kb.maps.build_network builds it; the second
renders the whole-store map of STORE (median of five). Results in docs/maps.md.
"""

from __future__ import annotations

import argparse
import statistics
import time


def time_pyvis(n: int) -> float:
    """Seconds pyvis takes to add ``n`` + 1 nodes and ``n`` edges."""
    from pyvis.network import Network

    net = Network(directed=True)
    start = time.perf_counter()
    net.add_node("opinion:0", label="Op", shape="star")
    for j in range(n):
        net.add_node(f"authority:{j}", label=f"A{j}", shape="dot", value=1)
    for j in range(n):
        net.add_edge("opinion:0", f"authority:{j}", id=f"e{j}", arrows="to")
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="a store whose whole-store map is rendered")
    ap.add_argument("--sizes", default="2500,10000", help="node counts for the pyvis timing")
    args = ap.parse_args()
    for n in map(int, args.sizes.split(",")):
        print(f"pyvis add_node/add_edge, {n:,} nodes and edges: {time_pyvis(n):.2f} s")
    if args.db:
        from kb.maps import map_graph, render_map
        from kb.store import connect

        conn = connect(args.db)
        chosen = map_graph(conn)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            result = render_map(chosen.graph)
            times.append(time.perf_counter() - start)
        print(
            f"render_map, {result.nodes:,} nodes, {result.edges:,} edges: {statistics.median(times):.2f} s (median of 5)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
