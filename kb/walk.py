"""Walks over the citation graph in the store: chains, traces, shared authorities, neighbourhoods.

Nothing here loads the graph: each step is a few indexed queries over a set
of nodes (``refs`` both ways, ``nested`` from either end, the authority an
ingested opinion is), so the cost follows the nodes visited, not the store's
size. Inside, a node is an int: an authority's id, or ``-id`` for an
ingested opinion that is no authority yet. An ingested opinion and the case
node that is it are one node here (the authority's): a walk goes on through
it from what cites the case to what the opinion cites.

Example:
    >>> paths = chains(conn, "opinion:3", "authority:45")        # doctest: +SKIP
    >>> [h["to_label"] for h in paths[0]]                         # doctest: +SKIP
    ['Kightlinger v. Napolitano (2012)', 'Califano v. Sanders (1977)']
"""

from __future__ import annotations

import heapq
import sqlite3
from collections.abc import Iterable
from typing import Any

from kb.graph import (
    FORWARD_RELATIONS,
    NESTED_EDGE,
    REVERSED_RELATIONS,
    authority_node,
    authority_nodes,
    chunks,
    node_id,
    opinion_node,
    opinion_nodes,
)

# A hop: (relation, relation as the opinion stated it, opinion reporting it).
Hop = tuple[str, str | None, int | None]
Adjacency = dict[int, dict[int, Hop]]

# A trace lists at most this many nodes under each node (the most cited first)
# and says how many more there are: an authority cited by 100,000 opinions
# would otherwise print them all at every level.
TRACE_CHILDREN = 25
# A chain search stops widening once it has read this many edges: a path of
# four hops between two authorities each cited by 100,000 opinions would
# otherwise read a large part of the store. Far above any real search.
MAX_CHAIN_EDGES = 2_000_000
# A map without --focus gives at most this share of its nodes to citing
# opinions (the rest to the most-cited authorities): the cites edges start there.
OPINION_SHARE = 5

_FORWARD = ",".join(f"'{r}'" for r in sorted(FORWARD_RELATIONS))
_REVERSED = ",".join(f"'{r}'" for r in sorted(REVERSED_RELATIONS))


def to_int(node: str) -> int:
    """``authority:12`` -> 12, ``opinion:3`` -> -3 (before :meth:`Walker.canonical`)."""
    return node_id(node) if node.startswith("authority:") else -node_id(node)


def to_node(n: int) -> str:
    return authority_node(n) if n > 0 else opinion_node(-n)


class Walker:
    """One-step neighbours of node sets, read from the store (and remembered for the walk)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._node_of: dict[int, int] = {}  # opinion id -> its node
        self._opinion_of: dict[int, int | None] = {}  # authority id -> the opinion it is
        self.edges_read = 0

    def canonical(self, node: str) -> int:
        """The walk's node for a graph node: an opinion that is an authority walks as the authority."""
        n = to_int(node)
        return self.nodes_of_opinions([-n])[-n] if n < 0 else n

    def nodes_of_opinions(self, opinion_ids: Iterable[int]) -> dict[int, int]:
        """opinion id -> node (its authority's id, else minus its own id)."""
        todo = sorted({o for o in opinion_ids if o not in self._node_of})
        for part, marks in chunks(todo):
            for o in part:
                self._node_of[o] = -o
            for r in self.conn.execute(
                f"SELECT opinion_id, min(id) FROM authorities WHERE opinion_id IN ({marks}) GROUP BY opinion_id", part
            ):
                self._node_of[r[0]] = r[1]
                self._opinion_of[r[1]] = r[0]
        return {o: self._node_of[o] for o in opinion_ids}

    def opinions_of(self, nodes: Iterable[int]) -> dict[int, int]:
        """node -> the ingested opinion it is (only for nodes that are one)."""
        nodes = list(nodes)
        todo = sorted({n for n in nodes if n > 0 and n not in self._opinion_of})
        for part, marks in chunks(todo):
            for a in part:
                self._opinion_of[a] = None
            for r in self.conn.execute(
                f"SELECT id, opinion_id FROM authorities WHERE id IN ({marks}) AND opinion_id IS NOT NULL", part
            ):
                self._opinion_of[r[0]] = r[1]
        out = {n: -n for n in nodes if n < 0}
        out.update((n, o) for n in nodes if n > 0 and (o := self._opinion_of.get(n)) is not None)
        return out

    def forward(self, nodes: Iterable[int]) -> Adjacency:
        """What each node cites: its opinion's references, and what the case quotes, cites or relies on."""
        nodes = list(nodes)
        out: Adjacency = {n: {} for n in nodes}
        opinions = self.opinions_of(nodes)
        node_of = {o: n for n, o in opinions.items()}
        for part, marks in chunks(sorted(node_of)):
            for o, a in self.conn.execute(
                f"SELECT DISTINCT opinion_id, authority_id FROM refs WHERE opinion_id IN ({marks})"
                " AND authority_id IS NOT NULL",
                part,
            ):
                out[node_of[o]][a] = ("cites", None, None)
        authorities = sorted(n for n in nodes if n > 0)
        for sql in (
            "SELECT n.citing_id, n.cited_id, n.relation, n.opinion_id FROM nested n JOIN authorities a"
            f" ON a.id = n.citing_id WHERE n.citing_id IN ({{marks}}) AND a.kind = 'case' AND n.relation IN ({_FORWARD})",
            "SELECT n.cited_id, n.citing_id, n.relation, n.opinion_id FROM nested n JOIN authorities a"
            f" ON a.id = n.cited_id WHERE n.cited_id IN ({{marks}}) AND a.kind = 'case' AND n.relation IN ({_REVERSED})",
        ):
            for part, marks in chunks(authorities):
                for u, v, rel, o in self.conn.execute(sql.format(marks=marks) + " ORDER BY n.opinion_id", part):
                    out[u].setdefault(v, (NESTED_EDGE[rel], rel, o))
        return self._count(_no_loops(out))

    def backward(self, nodes: Iterable[int]) -> Adjacency:
        """What cites each node: opinions citing it, and cases reported as quoting, citing or relying on it."""
        nodes = list(nodes)
        into: Adjacency = {n: {} for n in nodes}
        authorities = sorted(n for n in nodes if n > 0)
        cites: Hop = ("cites", None, None)
        for part, marks in chunks(authorities):
            # Each citing opinion as its node, in the same query (through the authorities_opinion index).
            for a, u in self.conn.execute(
                "SELECT DISTINCT r.authority_id, coalesce((SELECT min(x.id) FROM authorities x"
                f" WHERE x.opinion_id = r.opinion_id), -r.opinion_id) FROM refs r WHERE r.authority_id IN ({marks})",
                part,
            ):
                into[a][u] = cites
        for sql in (
            "SELECT n.cited_id, n.citing_id, n.relation, n.opinion_id FROM nested n JOIN authorities a"
            f" ON a.id = n.citing_id WHERE n.cited_id IN ({{marks}}) AND a.kind = 'case' AND n.relation IN ({_FORWARD})",
            "SELECT n.citing_id, n.cited_id, n.relation, n.opinion_id FROM nested n JOIN authorities a"
            f" ON a.id = n.cited_id WHERE n.citing_id IN ({{marks}}) AND a.kind = 'case' AND n.relation IN ({_REVERSED})",
        ):
            for part, marks in chunks(authorities):
                for v, u, rel, o in self.conn.execute(sql.format(marks=marks) + " ORDER BY n.opinion_id", part):
                    into[v].setdefault(u, (NESTED_EDGE[rel], rel, o))
        return self._count(_no_loops(into))

    def _count(self, adj: Adjacency) -> Adjacency:
        self.edges_read += sum(len(x) for x in adj.values())
        return adj

    def citing_counts(self, nodes: Iterable[int]) -> dict[int, int]:
        """How many opinions cite each node (0 for an opinion nothing cites)."""
        counts = dict.fromkeys(nodes, 0)
        for part, marks in chunks(sorted(n for n in counts if n > 0)):
            counts.update(
                self.conn.execute(
                    f"SELECT authority_id, count(DISTINCT opinion_id) FROM refs WHERE authority_id IN ({marks})"
                    " GROUP BY authority_id",
                    part,
                ).fetchall()
            )
        return counts

    def describe(self, nodes: Iterable[int]) -> dict[int, dict[str, Any]]:
        """Label, citation and kind of each node."""
        nodes = set(nodes)
        info: dict[int, dict[str, Any]] = {}
        for aid, attrs, _ in authority_nodes(self.conn, [n for n in nodes if n > 0]):
            info[aid] = attrs
        for oid, attrs in opinion_nodes(self.conn, [-n for n in nodes if n < 0]):
            info[-oid] = attrs
        opinions = self.opinions_of(n for n in nodes if n > 0)
        for n in opinions:
            if n > 0 and n in info:
                info[n] = {**info[n], "kind": "opinion", "case_kind": info[n]["kind"]}
        return info

    def hop_detail(self, u: int, v: int, hop: Hop) -> dict[str, Any]:
        """What one hop says: the proposition it is cited for, and which opinion reports it."""
        relation, stated, reporter = hop
        if relation == "cites":
            source = self.opinions_of([u]).get(u)
            row = self.conn.execute(
                "SELECT sentence, parenthetical FROM refs WHERE opinion_id = ? AND authority_id = ?"
                " AND (sentence IS NOT NULL OR parenthetical IS NOT NULL) ORDER BY seq LIMIT 1",
                (source, v),
            ).fetchone()
            return {
                "relation": relation,
                "proposition": (row[0] or row[1]) if row else None,
                "reported_by": None,
                "reporters": [],
            }
        reporters = [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT o.case_name FROM nested n JOIN opinions o ON o.id = n.opinion_id"
                " WHERE (n.citing_id = ? AND n.cited_id = ? AND n.relation = ?)"
                " OR (n.citing_id = ? AND n.cited_id = ? AND n.relation = ?) ORDER BY n.opinion_id",
                (u, v, stated, v, u, stated),
            )
        ]
        cited = v if stated not in REVERSED_RELATIONS else u
        row = self.conn.execute(
            "SELECT sentence FROM refs WHERE opinion_id = ? AND authority_id IN (?, ?) AND sentence IS NOT NULL"
            " ORDER BY authority_id = ? DESC, in_parenthetical DESC, seq DESC LIMIT 1",
            (reporter, cited, v, cited),
        ).fetchone()
        return {
            "relation": f"{relation} ({stated})" if relation == "cites_in_parenthetical" else relation,
            "stated": stated,
            "proposition": row[0] if row else None,
            "reported_by": reporters[0] if reporters else None,
            "reporters": reporters,
        }


def _no_loops(adj: Adjacency) -> Adjacency:
    for n, nb in adj.items():
        nb.pop(n, None)
    return adj


# ---------------------------------------------------------------------------
# Chains


def chains(
    conn: sqlite3.Connection, source: str, target: str, max_depth: int = 4, limit: int = 20
) -> list[list[dict[str, Any]]]:
    """Citation paths from ``source`` to ``target`` (graph node names), shortest first, each hop labelled.

    A search from both ends at once (the smaller frontier widens first) finds
    every simple path of at most ``max_depth`` hops; the paths are then
    listed length by length up to ``limit``. Each path is a list of hops
    ``{from, to, from_label, to_label, relation, proposition, reported_by, reporters}``.
    """
    w = Walker(conn)
    s, t = w.canonical(source), w.canonical(target)
    if s == t:
        return []
    succ, dist_back, depth_back = _meet(w, s, t, max_depth)
    paths: list[list[int]] = []
    for length in range(1, max_depth + 1):
        _paths_of_length(succ, dist_back, depth_back, [s], t, length, paths, limit)
        if len(paths) >= limit:
            break
    info = w.describe({n for p in paths for n in p})
    out = []
    for p in paths:
        hops = []
        for u, v in zip(p, p[1:], strict=False):
            hop = {
                "from": info[u]["citation"],
                "to": info[v]["citation"],
                "from_label": info[u]["label"],
                "to_label": info[v]["label"],
            }
            hop.update(w.hop_detail(u, v, succ[u][v]))
            hops.append(hop)
        out.append(hops)
    return out


def _meet(w: Walker, s: int, t: int, max_depth: int) -> tuple[Adjacency, dict[int, int], int]:
    """Widen from both ends until the two searches span ``max_depth`` hops.

    Returns every edge read as successor lists, the distance to ``t`` of each
    node the backward search reached, and how deep that search went.
    """
    dist_fwd, dist_back = {s: 0}, {t: 0}
    front_fwd, front_back = [s], [t]
    k_fwd = k_back = 0
    succ: Adjacency = {}
    while k_fwd + k_back < max_depth and front_fwd and front_back and w.edges_read < MAX_CHAIN_EDGES:
        if len(front_fwd) <= len(front_back):
            adj = w.forward(front_fwd)
            nxt = []
            for u, nb in adj.items():
                succ.setdefault(u, {}).update(nb)
                for v in nb:
                    if v not in dist_fwd:
                        dist_fwd[v] = k_fwd + 1
                        nxt.append(v)
            front_fwd, k_fwd = nxt, k_fwd + 1
        else:
            adj = w.backward(front_back)
            nxt = []
            for v, nb in adj.items():
                for u, hop in nb.items():
                    succ.setdefault(u, {}).setdefault(v, hop)
                    if u not in dist_back:
                        dist_back[u] = k_back + 1
                        nxt.append(u)
            front_back, k_back = nxt, k_back + 1
    if not front_back:  # everything that reaches t is known: nothing else is closer than "unreachable"
        k_back = max_depth
    return succ, dist_back, k_back


def _paths_of_length(
    succ: Adjacency,
    dist_back: dict[int, int],
    depth_back: int,
    path: list[int],
    t: int,
    length: int,
    out: list[list[int]],
    limit: int,
) -> None:
    """Depth-first, the simple paths of exactly ``length`` hops, pruned by the distance to ``t``."""
    stack = [(path, set(path))]
    while stack and len(out) < limit:
        p, on = stack.pop()
        left = length - (len(p) - 1)
        u = p[-1]
        if u == t:
            if left == 0:
                out.append(p)
            continue
        for v in sorted(succ.get(u, {}), reverse=True):
            # A node the backward search did not reach is further from t than it went.
            if v in on or 1 + dist_back.get(v, depth_back + 1) > left:
                continue
            stack.append(([*p, v], on | {v}))


# ---------------------------------------------------------------------------
# Trace


def trace(conn: sqlite3.Connection, node: str, depth: int = 2, limit: int = TRACE_CHILDREN) -> dict[str, Any]:
    """What cites ``node`` and what it relies on, ``depth`` levels each way, most cited first.

    Each level lists at most ``limit`` nodes under each node; ``more`` says
    how many were left out. Items: ``{node, label, citation, relation,
    reported_by, proposition, children, more}``.
    """
    w = Walker(conn)
    root = w.canonical(node)
    info = w.describe([root])
    up, more_up = _tree(w, root, depth, limit, backward=True)
    down, more_down = _tree(w, root, depth, limit, backward=False)
    return {
        "node": to_node(root),
        "citation": info[root]["citation"] if root in info else None,
        "cited_by": up,
        "relies_on": down,
        "more_cited_by": more_up,
        "more_relies_on": more_down,
    }


def flag_trace(conn: sqlite3.Connection, tree: dict[str, Any]) -> dict[str, Any]:
    """``tree`` (from :func:`trace`) with each node's good-law flags under ``flags`` (empty when none), in place."""
    from kb.goodlaw import flags_by_node

    return _with_flags(tree, flags_by_node(conn, _trace_nodes(tree)))


def _trace_nodes(tree: dict[str, Any]) -> list[str]:
    """Every node of a trace tree: its root, then the rest depth first."""
    nodes, todo = [tree["node"]], [*tree["cited_by"], *tree["relies_on"]]
    while todo:
        item = todo.pop()
        nodes.append(item["node"])
        todo += item["children"]
    return nodes


def _with_flags(item: dict[str, Any], flags: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The trace tree with each node's good-law flags (``flags``, empty when none)."""
    item["flags"] = flags.get(item["node"], [])
    for child in [*item.get("children", []), *item.get("cited_by", []), *item.get("relies_on", [])]:
        _with_flags(child, flags)
    return item


def _tree(w: Walker, root: int, depth: int, limit: int, backward: bool) -> tuple[list[dict[str, Any]], int]:
    """The levels around ``root`` one way, as nested items, and how many of root's own were left out."""
    step = w.backward if backward else w.forward
    frontier: list[tuple[int, ...]] = [(root,)]
    kids: dict[tuple[int, ...], list[tuple[int, Hop]]] = {}
    more: dict[tuple[int, ...], int] = {}
    counts: dict[int, int] = {}
    for _ in range(depth):
        adj = step({p[-1] for p in frontier})
        candidates = {p: [(v, hop) for v, hop in adj.get(p[-1], {}).items() if v not in p] for p in frontier}
        counts.update(w.citing_counts({v for c in candidates.values() for v, _ in c} - set(counts)))
        frontier = []
        for p, c in candidates.items():
            kids[p] = heapq.nsmallest(limit, c, key=lambda x: (-counts[x[0]], x[0]))
            more[p] = len(c) - len(kids[p])
            frontier += [(*p, v) for v, _ in kids[p]]
    info = w.describe({v for c in kids.values() for v, _ in c})

    def build(p: tuple[int, ...]) -> list[dict[str, Any]]:
        items = []
        for v, hop in kids.get(p, []):
            detail = w.hop_detail(v, p[-1], hop) if backward else w.hop_detail(p[-1], v, hop)
            items.append(
                {
                    "node": to_node(v),
                    "label": info[v]["label"],
                    "citation": info[v]["citation"],
                    "citing": counts.get(v, 0),
                    "relation": detail["relation"],
                    "reported_by": detail["reported_by"],
                    "proposition": detail["proposition"],
                    "children": build((*p, v)),
                    "more": more.get((*p, v), 0),
                }
            )
        return sorted(items, key=lambda x: (-x["citing"], x["citation"] or ""))

    return build((root,)), more.get((root,), 0)


# ---------------------------------------------------------------------------
# Shared authorities and neighbourhoods


def common_authorities(conn: sqlite3.Connection, a: int, b: int) -> list[int]:
    """Ids of the authorities both opinions (ids) cite, most referred to by the two first."""
    rows = conn.execute(
        "SELECT authority_id, count(*) AS refs FROM refs WHERE opinion_id IN (?, ?) AND authority_id IS NOT NULL"
        " GROUP BY authority_id HAVING count(DISTINCT opinion_id) = 2",
        (a, b),
    ).fetchall()
    if a == b:
        rows = conn.execute(
            "SELECT authority_id, count(*) FROM refs WHERE opinion_id = ? AND authority_id IS NOT NULL"
            " GROUP BY authority_id",
            (a,),
        ).fetchall()
    keys = {r[0]: r[1] for r in rows}
    names = {aid: attrs["citation"] for aid, attrs, _ in authority_nodes(conn, keys)}
    return sorted(keys, key=lambda k: (-keys[k], names.get(k) or ""))


def neighbourhood(conn: sqlite3.Connection, focus: str, depth: int, max_nodes: int) -> tuple[list[str], str | None]:
    """The nodes a focused map shows: what ``focus`` cites and what cites it, ``depth`` hops each way.

    Nearer levels come first; a level that would pass ``max_nodes`` keeps its
    most-cited nodes, and the notice says what was left out.
    """
    w = Walker(conn)
    root = w.canonical(focus)
    kept = {root: 0}
    fronts = {True: [root], False: [root]}
    dropped = 0
    for level in range(1, depth + 1):
        for backward in (False, True):
            adj = (w.backward if backward else w.forward)(fronts[backward])
            new = sorted({v for nb in adj.values() for v in nb if v not in kept})
            room = max_nodes - len(kept)
            if len(new) > room:
                counts = w.citing_counts(new)
                dropped += len(new) - max(room, 0)
                new = heapq.nlargest(max(room, 0), new, key=lambda v: (counts[v], -abs(v)))
            for v in new:
                kept[v] = level
            fronts[backward] = new
    notice = None
    if dropped:
        notice = (
            f"Showing the {len(kept):,} nearest and most-cited nodes; {dropped:,} more within {depth} hops"
            " were left out. Lower --depth or raise --max-nodes."
        )
    return [to_node(n) for n in kept], notice


def top_nodes(
    conn: sqlite3.Connection, max_nodes: int, *, kinds: set[str] | None = None, min_cites: int = 0
) -> tuple[list[str], int, str | None]:
    """The nodes a whole-store map shows: the opinions citing most and the most-cited authorities.

    Opinions take at most one node in :data:`OPINION_SHARE` (the cites edges
    start there), authorities the rest. Returns the nodes, how many there
    were to choose from, and a notice when some were left out. Each count is
    one pass over an index; memory holds only the ``max_nodes`` best.
    """
    opinions_total = conn.execute("SELECT count(*) FROM opinions").fetchone()[0]
    room = min(opinions_total, max(1, max_nodes // OPINION_SHARE))
    opinions = [
        r[0]
        for r in conn.execute(
            "SELECT o.id FROM opinions o ORDER BY (SELECT count(DISTINCT r.authority_id) FROM refs r"
            " WHERE r.opinion_id = o.id AND r.authority_id IS NOT NULL) DESC, o.id LIMIT ?",
            (room,),
        )
    ]
    where = "AND a.kind IN ({})".format(",".join("?" * len(kinds))) if kinds else ""
    eligible = conn.execute(
        "SELECT c.authority_id, c.citing, c.refs FROM (SELECT authority_id, count(DISTINCT opinion_id) AS citing,"
        " count(*) AS refs FROM refs WHERE authority_id IS NOT NULL GROUP BY authority_id) c"
        f" JOIN authorities a ON a.id = c.authority_id WHERE c.citing >= ? {where}",
        [min_cites, *sorted(kinds or ())],
    )
    seen = [0]

    def counted(rows: Iterable[tuple[int, int, int]]) -> Iterable[tuple[int, int, int]]:
        for row in rows:
            seen[0] += 1
            yield row

    best = heapq.nlargest(max_nodes - len(opinions), counted(eligible), key=lambda x: (x[1], x[2], -x[0]))
    nodes = [opinion_node(o) for o in opinions] + [authority_node(a) for a, _, _ in best]
    total = opinions_total + seen[0]
    notice = None
    if total > len(nodes):
        notice = (
            f"Showing the {len(nodes):,} most-cited and most-citing of {total:,} nodes; "
            "use --focus, --kinds or --min-cites for the rest."
        )
    return nodes, total, notice
