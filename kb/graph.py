"""The citation graph: a NetworkX multigraph built from the store, and the chain queries over it.

Nodes (attribute ``kind``): ``opinion``, the authority kinds (``case``,
``statute``, ``regulation``, ``rule``, ``constitution``, ``other``) and
``proposition``. Edges (attribute ``relation``):

==========================  ============================  =====================================
relation                    from -> to                    meaning
==========================  ============================  =====================================
``cites``                   opinion -> authority          the opinion cites it (depth, pins, signals)
``supports``                authority -> proposition      cited for that point (by ``opinion``)
``quotes``                  authority -> authority        "X (quoting Y)", as ``opinion`` reports it
``cites_in_parenthetical``  authority -> authority        "X (citing Y)" or a cite inside X's parenthetical
``relies_on``               authority -> authority        "X (relying on Y)", "(adopting Y)"
``part_of``                 authority -> authority        a subsection -> its section
``identity``                authority -> opinion          the case node *is* an ingested opinion
==========================  ============================  =====================================

See ``docs/graph.md`` for the picture.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from typing import Any

import networkx as nx

from kb.bluebook import authority_citation
from kb.store import reading

# Nested relations as the citing opinion states them -> graph edge relation.
NESTED_EDGE = {
    "quoting": "quotes",
    "quoted_in": "quotes",
    "citing": "cites_in_parenthetical",
    "cited_in": "cites_in_parenthetical",
    "other": "cites_in_parenthetical",
    "relying_on": "relies_on",
    "adopting": "relies_on",
    "following": "relies_on",
}
# Edges a chain of authority may follow (from citing to cited).
CHAIN_RELATIONS = frozenset({"cites", "quotes", "cites_in_parenthetical", "relies_on", "identity"})


def opinion_node(opinion_id: int) -> str:
    return f"opinion:{opinion_id}"


def authority_node(authority_id: int) -> str:
    return f"authority:{authority_id}"


def build_graph(conn: sqlite3.Connection, *, propositions: bool = True) -> nx.MultiDiGraph:
    """Build the citation graph from the store.

    Args:
        conn: an open store.
        propositions: add proposition nodes and ``supports`` edges.

    Example:
        >>> g = build_graph(conn)                      # doctest: +SKIP
        >>> g.nodes["authority:12"]["label"]           # doctest: +SKIP
        'Sharif'
    """
    with reading(conn):  # one snapshot: an ingest beside it must not tear the graph
        return _build_graph(conn, propositions)


def _build_graph(conn: sqlite3.Connection, propositions: bool) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for o in conn.execute("SELECT id, stem, case_name, court, court_id, date, citations FROM opinions"):
        cites = json.loads(o["citations"])
        year = _year(o["date"])
        g.add_node(
            opinion_node(o["id"]),
            kind="opinion",
            label=_short_label(o["case_name"]),
            name=o["case_name"],
            citation=", ".join([o["case_name"], *cites]) + (f" ({o['court']} {year})" if year else ""),
            court=o["court"],
            court_id=o["court_id"],
            year=year,
            stem=o["stem"],
        )
    citations: dict[int, list[str]] = defaultdict(list)
    for c in conn.execute("SELECT citation, authority_id FROM authority_citations ORDER BY citation"):
        citations[c["authority_id"]].append(c["citation"])
    stats = {
        r["authority_id"]: r
        for r in conn.execute(
            "SELECT authority_id, count(*) AS depth, count(DISTINCT opinion_id) AS citing FROM refs"
            " WHERE authority_id IS NOT NULL GROUP BY authority_id"
        )
    }
    cited_in: dict[int, list[str]] = defaultdict(list)
    parens: dict[int, list[str]] = defaultdict(list)
    for r in conn.execute(
        "SELECT DISTINCT r.authority_id, o.case_name FROM refs r JOIN opinions o ON o.id = r.opinion_id"
        " WHERE r.authority_id IS NOT NULL ORDER BY o.case_name"
    ):
        cited_in[r["authority_id"]].append(r["case_name"])
    for r in conn.execute(
        "SELECT authority_id, parenthetical FROM refs WHERE parenthetical IS NOT NULL AND authority_id IS NOT NULL"
        " ORDER BY opinion_id, seq"
    ):
        if r["parenthetical"] not in parens[r["authority_id"]]:
            parens[r["authority_id"]].append(r["parenthetical"])
    keys: dict[str, str] = {}
    for a in conn.execute("SELECT * FROM authorities"):
        node = authority_node(a["id"])
        keys[a["key"]] = node
        cites = [a["key"], *[c for c in citations[a["id"]] if c != a["key"]]] if a["kind"] == "case" else [a["key"]]
        s = stats.get(a["id"])
        g.add_node(
            node,
            kind=a["kind"],
            key=a["key"],
            name=a["name"],
            label=_authority_label(a["kind"], a["key"], a["name"]),
            citation=authority_citation(a["kind"], a["key"], a["name"], cites, a["court"], a["year"]),
            court=a["court"],
            court_id=a["court_id"],
            year=a["year"],
            depth=s["depth"] if s else 0,
            citing=s["citing"] if s else 0,
            citing_opinions=cited_in[a["id"]],
            parentheticals=parens[a["id"]],
        )
        if a["opinion_id"]:
            g.add_edge(node, opinion_node(a["opinion_id"]), relation="identity")
    for a in conn.execute("SELECT id, parent_key FROM authorities WHERE parent_key IS NOT NULL"):
        parent = keys.get(a["parent_key"])
        if parent is None:
            parent = f"section:{a['parent_key']}"
            g.add_node(
                parent,
                kind="statute",
                key=a["parent_key"],
                name=None,
                label=_authority_label("statute", a["parent_key"], None),
                citation=a["parent_key"],
                depth=0,
                citing=0,
                court=None,
                court_id=None,
                year=None,
            )
            keys[a["parent_key"]] = parent
        g.add_edge(authority_node(a["id"]), parent, relation="part_of")
    _add_cites(conn, g)
    nested_sentence = {
        (r["opinion_id"], r["authority_id"]): r["sentence"]
        for r in conn.execute(
            "SELECT opinion_id, authority_id, sentence FROM refs WHERE in_parenthetical = 1 AND sentence IS NOT NULL"
            " ORDER BY seq DESC"
        )
    }
    for n in conn.execute("SELECT opinion_id, citing_id, cited_id, relation FROM nested"):
        g.add_edge(
            authority_node(n["citing_id"]),
            authority_node(n["cited_id"]),
            relation=NESTED_EDGE.get(n["relation"], "cites_in_parenthetical"),
            stated=n["relation"],
            opinion=opinion_node(n["opinion_id"]),
            proposition=nested_sentence.get((n["opinion_id"], n["cited_id"])),
        )
    if propositions:
        for p in conn.execute("SELECT id, opinion_id, authority_id, kind, text, pin_cite FROM propositions"):
            node = f"proposition:{p['id']}"
            g.add_node(node, kind="proposition", label=_clip(p["text"], 40), text=p["text"], source=p["kind"])
            g.add_edge(
                authority_node(p["authority_id"]),
                node,
                relation="supports",
                opinion=opinion_node(p["opinion_id"]),
                pin_cite=p["pin_cite"],
            )
    return g


def _add_cites(conn: sqlite3.Connection, g: nx.MultiDiGraph) -> None:
    rows = conn.execute(
        "SELECT opinion_id, authority_id, form, pin_cite, signal, sentence, parenthetical FROM refs"
        " WHERE authority_id IS NOT NULL ORDER BY opinion_id, seq"
    )
    grouped: dict[tuple[int, int], list[sqlite3.Row]] = defaultdict(list)
    for r in rows:
        grouped[(r["opinion_id"], r["authority_id"])].append(r)
    for (oid, aid), refs in grouped.items():
        g.add_edge(
            opinion_node(oid),
            authority_node(aid),
            relation="cites",
            depth=len(refs),
            pin_cites=list(dict.fromkeys(r["pin_cite"] for r in refs if r["pin_cite"])),
            signals=list(dict.fromkeys(r["signal"] for r in refs if r["signal"])),
            proposition=next((r["sentence"] for r in refs if r["sentence"]), None),
            parenthetical=next((r["parenthetical"] for r in refs if r["parenthetical"]), None),
        )


def _year(date: object) -> int | None:
    """The year of a stored date; None for a store written before sidecar dates were checked."""
    head = str(date or "")[:4]
    return int(head) if head.isdigit() else None


def _short_label(name: str | None) -> str:
    if not name:
        return "?"
    first = name.split(" v. ")[0]
    return first if len(first) <= 28 else first[:27] + "…"


def _authority_label(kind: str, key: str, name: str | None) -> str:
    if kind == "case":
        return _short_label(name) if name else key
    if "§" in key:
        return "§ " + key.split("§", 1)[1].strip()
    return key if len(key) <= 30 else key[:29] + "…"


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# ---------------------------------------------------------------------------
# Chain queries


def citation_view(g: nx.MultiDiGraph) -> nx.DiGraph:
    """The citation skeleton: one directed edge per (citing, cited) pair that a chain may follow."""
    d = nx.DiGraph()
    d.add_nodes_from((n, a) for n, a in g.nodes(data=True) if a.get("kind") != "proposition")
    for u, v, a in g.edges(data=True):
        rel = a["relation"]
        if rel not in CHAIN_RELATIONS:
            continue
        if rel == "identity":  # the opinion *is* the case: walk either way
            d.add_edge(v, u, relation="identity")
            d.add_edge(u, v, relation="identity")
        elif not d.has_edge(u, v) or d[u][v]["relation"] == "identity":
            d.add_edge(u, v, **a)
    return d


def chains(
    g: nx.MultiDiGraph, source: str, target: str, max_depth: int = 4, limit: int = 20
) -> list[list[dict[str, Any]]]:
    """Citation paths from ``source`` to ``target``, shortest first, each hop labelled.

    Each path is a list of hops ``{from, to, relation, proposition, opinion}``.
    """
    d = citation_view(g)
    if source not in d or target not in d:
        return []
    paths = sorted(nx.all_simple_paths(d, source, target, cutoff=max_depth), key=len)[:limit]
    return [[_hop(g, d, u, v) for u, v in zip(path, path[1:], strict=False)] for path in paths]


def _hop(g: nx.MultiDiGraph, d: nx.DiGraph, u: str, v: str) -> dict[str, Any]:
    a = d[u][v]
    prop = a.get("proposition") or a.get("parenthetical")
    return {
        "from": g.nodes[u].get("citation"),
        "to": g.nodes[v].get("citation"),
        "from_label": g.nodes[u].get("label"),
        "to_label": g.nodes[v].get("label"),
        "relation": a["relation"]
        if a["relation"] != "cites_in_parenthetical"
        else f"cites_in_parenthetical ({a.get('stated')})",
        "proposition": prop,
        "reported_by": g.nodes[a["opinion"]]["name"] if a.get("opinion") in g else None,
    }


def trace(g: nx.MultiDiGraph, node: str, depth: int = 2) -> dict[str, Any]:
    """What cites ``node`` and what it relies on, ``depth`` levels each way."""
    d = citation_view(g)

    def walk(n: str, level: int, up: bool, seen: frozenset[str]) -> list[dict[str, Any]]:
        if level == 0:
            return []
        edges = d.in_edges(n, data=True) if up else d.out_edges(n, data=True)
        out = []
        for u, v, a in edges:
            other = u if up else v
            if other in seen or a["relation"] == "identity":
                continue
            out.append(
                {
                    "node": other,
                    "label": g.nodes[other].get("label"),
                    "citation": g.nodes[other].get("citation"),
                    "relation": a["relation"],
                    "proposition": a.get("proposition") or a.get("parenthetical"),
                    "children": walk(other, level - 1, up, seen | {other}),
                }
            )
        return sorted(out, key=lambda x: x["citation"] or "")

    # An ingested opinion and its case node are one thing: trace both.
    same = {node} | {v for _, v, a in d.out_edges(node, data=True) if a["relation"] == "identity"}
    cited_by = [x for s in same for x in walk(s, depth, True, frozenset(same))]
    relies_on = [x for s in same for x in walk(s, depth, False, frozenset(same))]
    return {"node": node, "citation": g.nodes[node].get("citation"), "cited_by": cited_by, "relies_on": relies_on}


def common_authorities(g: nx.MultiDiGraph, a: str, b: str) -> list[str]:
    """Authorities both opinions cite, most cited first."""

    def cited(n: str) -> set[str]:
        return {v for _, v, e in g.out_edges(n, data=True) if e["relation"] == "cites"}

    shared = cited(a) & cited(b)
    return sorted(shared, key=lambda n: (-g.nodes[n]["depth"], g.nodes[n].get("citation") or ""))


def rank(g: nx.MultiDiGraph, method: str = "pagerank", limit: int = 20) -> list[tuple[str, float]]:
    """Authorities ranked by PageRank or HITS authority score over the citation skeleton.

    Raises:
        ValueError: ``method`` is not ``pagerank`` or ``hits``.
    """
    d = citation_view(g)
    d.remove_edges_from([(u, v) for u, v, a in d.edges(data=True) if a["relation"] == "identity"])
    if d.number_of_edges() == 0:
        return []
    if method == "pagerank":
        scores = pagerank(d)
    elif method == "hits":
        scores = hits_authorities(d)
    else:
        raise ValueError(f"unknown ranking {method!r}; choose pagerank or hits")
    ranked = [(n, s) for n, s in scores.items() if g.nodes[n].get("kind") not in ("opinion",)]
    return sorted(ranked, key=lambda x: -x[1])[:limit]


# Power iteration settings: damping of PageRank, and when to stop.
DAMPING = 0.85
MAX_ITERATIONS = 200
TOLERANCE = 1e-10


def pagerank(d: nx.DiGraph) -> dict[str, float]:
    """PageRank by power iteration (networkx's own needs SciPy, which kb does not)."""
    nodes = list(d)
    n = len(nodes)
    if n == 0:
        return {}
    rank = dict.fromkeys(nodes, 1.0 / n)
    out_degree = {u: d.out_degree(u) for u in nodes}
    for _ in range(MAX_ITERATIONS):
        dangling = DAMPING * sum(rank[u] for u in nodes if out_degree[u] == 0) / n
        new = dict.fromkeys(nodes, (1.0 - DAMPING) / n + dangling)
        for u, v in d.edges():
            new[v] += DAMPING * rank[u] / out_degree[u]
        delta = sum(abs(new[u] - rank[u]) for u in nodes)
        rank = new
        if delta < n * TOLERANCE:
            break
    return rank


def hits_authorities(d: nx.DiGraph) -> dict[str, float]:
    """HITS authority scores by power iteration, normalised to sum to 1."""
    nodes = list(d)
    if not nodes:
        return {}
    hub = dict.fromkeys(nodes, 1.0)
    auth = dict.fromkeys(nodes, 0.0)
    for _ in range(MAX_ITERATIONS):
        auth = dict.fromkeys(nodes, 0.0)
        for u, v in d.edges():
            auth[v] += hub[u]
        total = sum(auth.values()) or 1.0
        auth = {k: x / total for k, x in auth.items()}
        new_hub = dict.fromkeys(nodes, 0.0)
        for u, v in d.edges():
            new_hub[u] += auth[v]
        total = sum(new_hub.values()) or 1.0
        new_hub = {k: x / total for k, x in new_hub.items()}
        if sum(abs(new_hub[k] - hub[k]) for k in nodes) < TOLERANCE:
            hub = new_hub
            break
        hub = new_hub
    return auth
