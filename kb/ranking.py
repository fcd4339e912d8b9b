"""Ranking authorities by how opinions cite them, over compact edge arrays read from the store.

The graph ranked is the one opinions make: an edge from each opinion to each
authority it cites (once, however often it cites it), an ingested opinion
and the authority it is being one node (``authorities.opinion_id``). Nested
relations (``X (citing Y)``) are left out: they are one opinion's report of
what another court cited, not a citation by an opinion.

Methods:

``citing`` (the default)
    Distinct citing opinions first; among authorities cited by as many,
    PageRank decides.
``pagerank``
    PageRank alone (damping 0.85, dangling rank spread evenly, as networkx).
``hits``
    HITS authority scores.

The edges live in two ``array('i')`` (4 bytes an edge, against about 2.5 KB
as a NetworkX edge), grouped by the cited node; PageRank is solved as the
linear system ``x = 1 + d·Mx`` by Gauss-Seidel sweeps, newest opinions first.
Citations run from newer to older opinions, so one sweep is nearly exact and
a few reach the tolerance (``docs/graph.md`` has the derivation, and
``docs/scaling.md`` the cost at a million opinions).
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from array import array
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from kb.graph import authority_node, authority_nodes

METHODS = ("citing", "pagerank", "hits")
# PageRank's damping, as in the literature and networkx.
DAMPING = 0.85
# Stop when no node's score moves by more than this fraction in a sweep.
TOLERANCE = 1e-10
MAX_SWEEPS = 100
# HITS needs more iterations than Gauss-Seidel PageRank; each reads every edge twice.
HITS_ITERATIONS = 100
# Places a printed score keeps: enough to tell apart any two authorities of a large store.
SCORE_DIGITS = 6

Ranked = list[dict[str, Any]]


@dataclass(slots=True)
class CitationArrays:
    """Who cites whom, as integer arrays indexed by node.

    A node is an authority's id, or ``base + opinion id`` for an ingested
    opinion that is no authority. ``citers[indptr[v]:indptr[v + 1]]`` are the
    nodes citing ``v``; ``out_degree[u]`` how many nodes ``u`` cites.
    """

    base: int
    size: int
    indptr: array  # type: ignore[type-arg]
    citers: array  # type: ignore[type-arg]
    out_degree: array  # type: ignore[type-arg]
    exists: bytearray
    order: array  # type: ignore[type-arg]  # citing nodes, newest opinion first

    @property
    def edges(self) -> int:
        return len(self.citers)

    @property
    def nodes(self) -> int:
        return sum(self.exists)


def load_arrays(conn: sqlite3.Connection) -> CitationArrays:
    """Read the opinion -> authority edges from the store into :class:`CitationArrays`.

    One pass over the ``refs(authority_id, opinion_id)`` index, grouped by
    authority in SQL; the arrays take about 8 bytes per edge and 30 per node.
    """
    max_aid = conn.execute("SELECT coalesce(max(id), 0) FROM authorities").fetchone()[0]
    max_oid = conn.execute("SELECT coalesce(max(id), 0) FROM opinions").fetchone()[0]
    base = max_aid + 1
    size = base + max_oid + 1
    node_of = array("i", range(base, base + max_oid + 1))  # opinion id -> node
    exists = bytearray(size)
    for (aid,) in conn.execute("SELECT id FROM authorities"):
        exists[aid] = 1
    for oid, aid in conn.execute(
        "SELECT opinion_id, min(id) FROM authorities WHERE opinion_id IS NOT NULL GROUP BY opinion_id"
    ):
        node_of[oid] = aid
    order = array("i")
    for (oid,) in conn.execute("SELECT id FROM opinions ORDER BY date DESC, id DESC"):
        order.append(node_of[oid])
        exists[node_of[oid]] = 1
    indptr = array("q", [0]) * size
    indptr.append(0)
    citers = array("i")
    last = 0
    # Read in index order, one row per authority (a DISTINCT over the whole
    # table would sort 30 million rows first; per group it costs nothing).
    rows = conn.execute(
        "SELECT authority_id, group_concat(DISTINCT opinion_id) FROM refs WHERE authority_id IS NOT NULL"
        " GROUP BY authority_id ORDER BY authority_id"
    )
    for aid, ids in rows:
        for k in range(last + 1, aid + 1):
            indptr[k] = len(citers)
        # json.loads and itemgetter parse and map in C: twice as fast as int() per id.
        opinions = json.loads("[" + ids + "]")
        group = array("i", itemgetter(*opinions)(node_of) if len(opinions) > 1 else (node_of[opinions[0]],))
        if aid in group:  # an opinion citing itself (its own page in a running head) endorses nothing
            group = array("i", (u for u in group if u != aid))
        citers.extend(group)
        indptr[aid + 1] = len(citers)
        last = aid + 1
    for k in range(last + 1, size + 1):
        indptr[k] = len(citers)
    # A plain loop over the array: Counter would hash every edge (15 times slower at 25M edges).
    out_degree = array("i", bytes(4 * size))
    for u in citers:
        out_degree[u] += 1
    return CitationArrays(base, size, indptr, citers, out_degree, exists, order)


def pagerank_scores(arrays: CitationArrays, damping: float = DAMPING) -> array:  # type: ignore[type-arg]
    """PageRank of every node (0 where no node is), summing to 1.

    With dangling rank spread evenly, every node gets the same constant
    ``c`` besides what its citers pass on, so ``PR = c·x`` with
    ``x = 1 + d·Σ x[u]/out[u]`` over its citers ``u``: solved by Gauss-Seidel,
    citing nodes newest first (they are cited only by newer ones), then the
    nodes that cite nothing, in one last pass; then normalised.
    """
    a = arrays
    x = array("d", bytes(8 * a.size))
    w = array("d", bytes(8 * a.size))  # x[u] / out[u]: what u passes to each node it cites
    indptr, citers, out = a.indptr, a.citers, a.out_degree
    get = w.__getitem__
    for _ in range(MAX_SWEEPS):
        change = 0.0
        for v in a.order:
            new = 1.0 + damping * sum(map(get, citers[indptr[v] : indptr[v + 1]]))
            if new != x[v]:
                change = max(change, abs(new - x[v]) / new)
                x[v] = new
                w[v] = new / out[v] if out[v] else 0.0
        if change < TOLERANCE:
            break
    for v in range(a.size):
        if a.exists[v] and not out[v]:
            start, end = indptr[v], indptr[v + 1]
            x[v] = 1.0 + damping * sum(map(get, citers[start:end])) if end > start else 1.0
    total = sum(x)
    return array("d", (s / total for s in x)) if total else x


def hits_scores(arrays: CitationArrays, iterations: int = HITS_ITERATIONS) -> array:  # type: ignore[type-arg]
    """HITS authority score of every node, summing to 1."""
    a = arrays
    # The same edges grouped by citing node, for the hub half of each step.
    cites_ptr = array("q", [0]) * (a.size + 1)
    for u in range(a.size):
        cites_ptr[u + 1] = cites_ptr[u] + a.out_degree[u]
    cited = array("i", bytes(4 * a.edges))
    fill = array("q", cites_ptr)
    for v in range(a.size):
        for u in a.citers[a.indptr[v] : a.indptr[v + 1]]:
            cited[fill[u]] = v
            fill[u] += 1
    hub = array("d", [1.0]) * a.size
    auth = array("d", bytes(8 * a.size))
    for _ in range(iterations):
        get = hub.__getitem__
        auth = array("d", (sum(map(get, a.citers[a.indptr[v] : a.indptr[v + 1]])) for v in range(a.size)))
        total = sum(auth) or 1.0
        auth = array("d", (s / total for s in auth))
        get = auth.__getitem__
        new = array("d", (sum(map(get, cited[cites_ptr[u] : cites_ptr[u + 1]])) for u in range(a.size)))
        total = sum(new) or 1.0
        new = array("d", (s / total for s in new))
        delta = sum(abs(p - q) for p, q in zip(new, hub, strict=True))
        hub = new
        if delta < TOLERANCE:
            break
    return auth


def rank(conn: sqlite3.Connection, method: str = "citing", limit: int = 20) -> Ranked:
    """The top ``limit`` authorities by ``method`` (one of :data:`METHODS`).

    Returns rows ``{rank, node, score, citing, depth, citation, kind}``:
    ``score`` is the PageRank (for ``citing`` and ``pagerank``) or HITS score,
    ``citing`` the distinct opinions citing it, ``depth`` its references.

    Raises:
        ValueError: ``method`` is not one of :data:`METHODS`.

    Example:
        >>> [r["citation"] for r in rank(conn, limit=2)]        # doctest: +SKIP
        ['28 U.S.C. § 2241', '8 U.S.C. § 1252(g)']
    """
    if method not in METHODS:
        raise ValueError(f"unknown ranking {method!r}; choose {', '.join(METHODS)}")
    arrays = load_arrays(conn)
    if not arrays.edges:
        return []
    scores = hits_scores(arrays) if method == "hits" else pagerank_scores(arrays)
    ptr = arrays.indptr
    if method == "citing":
        key = lambda v: (ptr[v + 1] - ptr[v], scores[v], -v)  # noqa: E731
    else:
        key = lambda v: (scores[v], ptr[v + 1] - ptr[v], -v)  # noqa: E731
    authorities = (v for v in range(1, arrays.base) if arrays.exists[v])
    top = heapq.nlargest(limit, authorities, key=key)
    info = {aid: attrs for aid, attrs, _ in authority_nodes(conn, top)}
    return [
        {
            "rank": i + 1,
            "node": authority_node(v),
            "score": scores[v],
            "citing": ptr[v + 1] - ptr[v],
            "depth": info[v]["depth"],
            "citation": info[v]["citation"],
            "kind": info[v]["kind"],
        }
        for i, v in enumerate(top)
    ]


def rank_rows(conn: sqlite3.Connection, method: str = "citing", limit: int = 20) -> Ranked:
    """The rows ``kb rank`` prints: :func:`rank`'s, with ``score`` rounded to 6 places and no ``node``.

    Raises:
        ValueError: ``method`` is not one of :data:`METHODS`.
    """
    rows = rank(conn, method, limit)
    for r in rows:
        r["score"] = round(r["score"], SCORE_DIGITS)
        del r["node"]
    return rows
