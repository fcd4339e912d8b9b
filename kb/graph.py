"""The citation graph, read from the store: its nodes, edges and labels, whole or around some nodes.

Nodes (attribute ``kind``): ``opinion``, the authority kinds (``case``,
``statute``, ``regulation``, ``rule``, ``constitution``, ``other``) and
``proposition``. Edges (attribute ``relation``):

==========================  ============================  =====================================
relation                    from -> to                    meaning
==========================  ============================  =====================================
``cites``                   opinion -> authority          the opinion cites it (depth, pins, signals)
``supports``                authority -> proposition      cited for that point (by ``opinion``)
``quotes``                  case -> authority             "X (quoting Y)", "Y (quoted in X)", as ``opinion`` reports it
``cites_in_parenthetical``  case -> authority             "X (citing Y)", "Y (cited in X)", as ``opinion`` reports it
``relies_on``               case -> authority             "X (relying on Y)", "(adopting Y)", "(following Y)"
``part_of``                 authority -> authority        a subsection -> its section
``identity``                authority -> opinion          the case node *is* an ingested opinion
==========================  ============================  =====================================

A citation inside another's parenthetical with no relation word (``Sharif,
280 F.3d at 787 (holding that § 1252(g) ...)``) is the citing court's own
words: it is that opinion's ``cites`` edge to § 1252(g), never an edge from
Sharif. Nothing here holds the whole graph unless asked to
(:func:`build_graph`, for small stores and tests): export streams
:func:`iter_graph`, and the queries in :mod:`kb.walk` and :mod:`kb.ranking`
read the store. See ``docs/graph.md``.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

import networkx as nx

from kb.bluebook import authority_citation
from kb.store import reading

# Nested relations as the citing opinion states them -> graph edge relation.
# "other" (a cite inside a parenthetical, no relation word) is not here: it is
# the citing court's words, not an authority-to-authority edge.
NESTED_EDGE = {
    "quoting": "quotes",
    "quoted_in": "quotes",
    "citing": "cites_in_parenthetical",
    "cited_in": "cites_in_parenthetical",
    "relying_on": "relies_on",
    "adopting": "relies_on",
    "following": "relies_on",
}
# "X, quoted in Y" says that Y quotes X: the edge runs from the inner cite.
REVERSED_RELATIONS = frozenset({"quoted_in", "cited_in"})
FORWARD_RELATIONS = frozenset(NESTED_EDGE) - REVERSED_RELATIONS
# Node attribute a later stage sets to flag a node on the map (a red border)
# with its reason, e.g. ``g.nodes[n]["flag"] = "overruled by Dobbs (2022)"``.
FLAG = "flag"
# Label lengths: a map label names a node without its tooltip.
PARTY_CHARS = 30
LABEL_CHARS = 64
TITLE_CHARS = 34
# Rows per IN (...) list: well under SQLite's limit on bound parameters.
CHUNK = 500
# Unit separator: cannot occur in a citation, so it joins them in SQL.
SEP = "\x1f"

Attrs = dict[str, Any]
Edge = tuple[str, str, Attrs]


def opinion_node(opinion_id: int) -> str:
    return f"opinion:{opinion_id}"


def authority_node(authority_id: int) -> str:
    return f"authority:{authority_id}"


def node_id(node: str) -> int:
    """The store id in a node name (``authority:12`` -> 12)."""
    return int(node.split(":", 1)[1])


def chunks(ids: Iterable[int]) -> Iterator[tuple[list[int], str]]:
    """``ids`` in lists short enough for one ``IN (...)``, each with its ``?`` marks."""
    ordered = list(ids)
    for k in range(0, len(ordered), CHUNK):
        part = ordered[k : k + CHUNK]
        yield part, ",".join("?" * len(part))


# ---------------------------------------------------------------------------
# Labels


def year_of(date: object) -> int | None:
    """The year of a stored date; None for a store written before sidecar dates were checked."""
    head = str(date or "")[:4]
    return int(head) if head.isdigit() else None


def case_label(name: str | None, year: int | None, fallback: str = "?") -> str:
    """A case as a map labels it: both parties, shortened, and the year.

    Example:
        >>> case_label("United States v. Smith", 2010)
        'United States v. Smith (2010)'
        >>> case_label("Reno v. Am.-Arab Anti-Discrimination Comm.", 1999)
        'Reno v. Am.-Arab Anti-Discrimination… (1999)'
    """
    if not name:
        text = fallback
    elif " v. " in name:
        first, second = name.split(" v. ", 1)
        text = f"{_clip_words(first, PARTY_CHARS)} v. {_clip_words(second, PARTY_CHARS)}"
    else:
        text = _clip_words(name, 2 * PARTY_CHARS)
    return f"{text} ({year})" if year else text


def authority_label(kind: str, key: str, name: str | None, year: int | None = None) -> str:
    """A short label that still names the authority: a case with its year, a statute with its title.

    Example:
        >>> authority_label("statute", "8 U.S.C. § 701", None)
        '8 U.S.C. § 701'
        >>> authority_label("other", "Gordon, Mailman & Yale-Loehr, Immigration Law and Procedure § 72.03[2][h]", None)
        'Gordon et al., Immigration Law and Procedure § 72.03[2][h]'
    """
    if kind == "case":
        return case_label(name, year, fallback=key)
    if kind == "other":
        return work_label(key)
    return _clip(key, LABEL_CHARS)


def work_label(key: str) -> str:
    """A treatise, article or memo by author and title, keeping its section."""
    head, mark, locator = key, "", ""
    for sign in (" §", " ¶"):
        if sign in key:
            head, locator = key.split(sign, 1)
            mark = sign
            break
    parts = head.split(", ")
    if len(parts) >= 2:
        # The authors end at the name joined by "&" or closed by "et al."; else one author.
        end = next((i for i, p in enumerate(parts[:-1]) if " & " in p or p.endswith("et al.")), 0)
        authors, title = parts[: end + 1], ", ".join(parts[end + 1 :])
        names = sum(len(a.split(" & ")) for a in authors)
        who = ", ".join(authors)
        if names >= 3 and not who.endswith("et al."):
            who = authors[0].split(" & ")[0] + " et al."
        head = f"{who}, {_clip_words(title, TITLE_CHARS)}"
    return _clip(head + (mark + locator if mark else ""), LABEL_CHARS)


def _clip_words(text: str, n: int) -> str:
    if len(text) <= n:
        return text
    cut = text[:n].rsplit(" ", 1)[0] if " " in text[:n] else text[: n - 1]
    return cut.rstrip(",;:") + "…"


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# ---------------------------------------------------------------------------
# Nodes


_AUTHORITY_SQL = (
    "SELECT a.id, a.key, a.kind, a.name, a.court, a.court_id, a.year, a.parent_key, a.opinion_id,"
    " (SELECT group_concat(c.citation, char(31)) FROM authority_citations c WHERE c.authority_id = a.id) AS cites,"
    " (SELECT count(*) FROM refs r WHERE r.authority_id = a.id) AS depth,"
    " (SELECT count(DISTINCT r.opinion_id) FROM refs r WHERE r.authority_id = a.id) AS citing"
    " FROM authorities a"
)
_OPINION_SQL = "SELECT id, stem, case_name, court, court_id, date, citations FROM opinions"


def _authority_attrs(a: sqlite3.Row) -> Attrs:
    citations = sorted(a["cites"].split(SEP)) if a["cites"] else []
    cites = [a["key"], *[c for c in citations if c != a["key"]]] if a["kind"] == "case" else [a["key"]]
    return {
        "kind": a["kind"],
        "key": a["key"],
        "name": a["name"],
        "label": authority_label(a["kind"], a["key"], a["name"], a["year"]),
        "citation": authority_citation(a["kind"], a["key"], a["name"], cites, a["court"], a["year"]),
        "court": a["court"],
        "court_id": a["court_id"],
        "year": a["year"],
        "depth": a["depth"],
        "citing": a["citing"],
    }


def _opinion_attrs(o: sqlite3.Row) -> Attrs:
    year = year_of(o["date"])
    cites = json.loads(o["citations"])
    return {
        "kind": "opinion",
        "label": case_label(o["case_name"], year),
        "name": o["case_name"],
        "citation": ", ".join([o["case_name"], *cites]) + (f" ({o['court']} {year})" if year else ""),
        "court": o["court"],
        "court_id": o["court_id"],
        "year": year,
        "stem": o["stem"],
    }


def authority_nodes(
    conn: sqlite3.Connection, ids: Iterable[int] | None = None
) -> Iterator[tuple[int, Attrs, sqlite3.Row]]:
    """``(id, attributes, row)`` of the given authorities (every one, in id order, when ``ids`` is None)."""
    if ids is None:
        for a in conn.execute(_AUTHORITY_SQL + " ORDER BY a.id"):
            yield a["id"], _authority_attrs(a), a
        return
    for part, marks in chunks(sorted(set(ids))):
        for a in conn.execute(_AUTHORITY_SQL + f" WHERE a.id IN ({marks}) ORDER BY a.id", part):
            yield a["id"], _authority_attrs(a), a


def opinion_nodes(conn: sqlite3.Connection, ids: Iterable[int] | None = None) -> Iterator[tuple[int, Attrs]]:
    """``(id, attributes)`` of the given opinions (every one, in id order, when ``ids`` is None)."""
    if ids is None:
        for o in conn.execute(_OPINION_SQL + " ORDER BY id"):
            yield o["id"], _opinion_attrs(o)
        return
    for part, marks in chunks(sorted(set(ids))):
        for o in conn.execute(_OPINION_SQL + f" WHERE id IN ({marks}) ORDER BY id", part):
            yield o["id"], _opinion_attrs(o)


# ---------------------------------------------------------------------------
# Edges


def cites_edges(conn: sqlite3.Connection, opinion_ids: Iterable[int] | None = None) -> Iterator[Edge]:
    """One ``cites`` edge per (opinion, authority): its depth, pins, signals, first proposition and parenthetical."""
    sql = (
        "SELECT opinion_id, authority_id, pin_cite, signal, sentence, parenthetical, location FROM refs"
        " WHERE authority_id IS NOT NULL"
    )
    if opinion_ids is None:
        yield from _group_cites(conn.execute(sql + " ORDER BY opinion_id, authority_id, seq"))
        return
    for part, marks in chunks(sorted(set(opinion_ids))):
        yield from _group_cites(
            conn.execute(sql + f" AND opinion_id IN ({marks}) ORDER BY opinion_id, authority_id, seq", part)
        )


def _group_cites(rows: Iterable[sqlite3.Row]) -> Iterator[Edge]:
    key: tuple[int, int] | None = None
    group: list[sqlite3.Row] = []
    for r in rows:
        k = (r["opinion_id"], r["authority_id"])
        if k != key and group:
            yield _cites_edge(group)
            group = []
        key = k
        group.append(r)
    if group:
        yield _cites_edge(group)


def _cites_edge(refs: list[sqlite3.Row]) -> Edge:
    first = refs[0]
    return (
        opinion_node(first["opinion_id"]),
        authority_node(first["authority_id"]),
        {
            "relation": "cites",
            "depth": len(refs),
            "pin_cites": list(dict.fromkeys(r["pin_cite"] for r in refs if r["pin_cite"])),
            "signals": list(dict.fromkeys(r["signal"] for r in refs if r["signal"])),
            "locations": list(dict.fromkeys(r["location"] for r in refs if r["location"])),
            "proposition": next((r["sentence"] for r in refs if r["sentence"]), None),
            "parenthetical": next((r["parenthetical"] for r in refs if r["parenthetical"]), None),
        },
    )


_NESTED_SQL = (
    "SELECT n.opinion_id, n.citing_id, n.cited_id, n.relation, o.case_name AS reporter,"
    " a.kind AS citing_kind, b.kind AS cited_kind,"
    " (SELECT r.sentence FROM refs r WHERE r.opinion_id = n.opinion_id AND r.authority_id = n.cited_id"
    "  AND r.sentence IS NOT NULL ORDER BY r.in_parenthetical DESC, r.seq DESC LIMIT 1) AS sentence"
    " FROM nested n JOIN authorities a ON a.id = n.citing_id JOIN authorities b ON b.id = n.cited_id"
    " JOIN opinions o ON o.id = n.opinion_id"
)


def nested_edge(n: sqlite3.Row) -> Edge | None:
    """The authority-to-authority edge a nested relation states, or None when it states none.

    The edge runs from the case that quotes, cites or relies on to what it
    quotes (``X (quoting Y)``: X -> Y; ``X, quoted in Y``: Y -> X), and keeps
    the opinion that reported it.
    """
    relation = NESTED_EDGE.get(n["relation"])
    if relation is None:
        return None
    if n["relation"] in REVERSED_RELATIONS:
        source, target, source_kind = n["cited_id"], n["citing_id"], n["cited_kind"]
    else:
        source, target, source_kind = n["citing_id"], n["cited_id"], n["citing_kind"]
    if source_kind != "case" or source == target:  # only a decision quotes, cites or relies on
        return None
    return (
        authority_node(source),
        authority_node(target),
        {
            "relation": relation,
            "stated": n["relation"],
            "opinion": opinion_node(n["opinion_id"]),
            "reported_by": n["reporter"],
            "proposition": n["sentence"],
        },
    )


def nested_edges(conn: sqlite3.Connection, authority_ids: Iterable[int] | None = None) -> Iterator[Edge]:
    """The edges nested relations state; with ``authority_ids``, those touching them (either end)."""
    seen: set[tuple[str, str, str, str]] = set()
    if authority_ids is None:
        rows: Iterable[sqlite3.Row] = conn.execute(_NESTED_SQL + " ORDER BY n.opinion_id, n.rowid")
    else:
        ids = sorted(set(authority_ids))
        rows = (
            r
            for column in ("citing_id", "cited_id")
            for part, marks in chunks(ids)
            for r in conn.execute(_NESTED_SQL + f" WHERE n.{column} IN ({marks}) ORDER BY n.opinion_id, n.rowid", part)
        )
    for n in rows:
        edge = nested_edge(n)
        if edge is None:
            continue
        mark = (edge[0], edge[1], edge[2]["stated"], edge[2]["opinion"])
        if mark not in seen:
            seen.add(mark)
            yield edge


def proposition_nodes(
    conn: sqlite3.Connection,
    authority_ids: Iterable[int] | None = None,
    limit: int | None = None,
    *,
    opinion_id: int | None = None,
) -> Iterator[tuple[str, Attrs, Edge]]:
    """Proposition nodes and their ``supports`` edges; ``limit`` distinct texts per authority.

    With ``opinion_id``, only the points that opinion cites authorities for.
    """
    sql = "SELECT id, opinion_id, authority_id, kind, text, pin_cite FROM propositions"
    if opinion_id is not None:
        rows: Iterable[sqlite3.Row] = conn.execute(sql + " WHERE opinion_id = ? ORDER BY id", (opinion_id,))
    elif authority_ids is None:
        rows = conn.execute(sql + " ORDER BY id")
    else:
        rows = (
            p
            for part, marks in chunks(sorted(set(authority_ids)))
            for p in conn.execute(sql + f" WHERE authority_id IN ({marks}) ORDER BY authority_id, id", part)
        )
    texts: dict[int, set[str]] = defaultdict(set)
    for p in rows:
        shown = texts[p["authority_id"]]
        if limit is not None and (p["text"] in shown or len(shown) >= limit):
            continue
        shown.add(p["text"])
        node = f"proposition:{p['id']}"
        attrs = {"kind": "proposition", "label": _clip(p["text"], 40), "text": p["text"], "source": p["kind"]}
        edge = (
            authority_node(p["authority_id"]),
            node,
            {"relation": "supports", "opinion": opinion_node(p["opinion_id"]), "pin_cite": p["pin_cite"]},
        )
        yield node, attrs, edge


# ---------------------------------------------------------------------------
# The graph, whole (streamed) or around some nodes


def iter_graph(conn: sqlite3.Connection, *, propositions: bool = True) -> Iterator[tuple[str, Any]]:
    """The whole graph as a stream of ``("node", (id, attrs))`` then ``("edge", (u, v, attrs))``.

    Memory stays flat whatever the store's size: every row is read once, in
    store order. Call it inside :func:`kb.store.reading` for one snapshot.
    """
    for oid, attrs in opinion_nodes(conn):
        yield "node", (opinion_node(oid), attrs)
    sections: dict[str, str] = {}
    keys: set[str] = set()
    parents: list[tuple[int, str]] = []
    identities: list[tuple[int, int]] = []
    for aid, attrs, row in authority_nodes(conn):
        keys.add(row["key"])
        if row["parent_key"]:
            parents.append((aid, row["parent_key"]))
        if row["opinion_id"]:
            identities.append((aid, row["opinion_id"]))
        yield "node", (authority_node(aid), attrs)
    key_ids = _key_ids(conn, {p for _, p in parents})
    for _, parent in parents:
        if parent not in key_ids and parent not in sections:
            sections[parent] = f"section:{parent}"
            yield "node", (sections[parent], _section_attrs(parent))
    props = list(proposition_nodes(conn)) if propositions else []
    for node, attrs, _ in props:
        yield "node", (node, attrs)
    for aid, oid in identities:
        yield "edge", (authority_node(aid), opinion_node(oid), {"relation": "identity"})
    for aid, parent in parents:
        target = authority_node(key_ids[parent]) if parent in key_ids else sections[parent]
        yield "edge", (authority_node(aid), target, {"relation": "part_of"})
    for edge in cites_edges(conn):
        yield "edge", edge
    for edge in nested_edges(conn):
        yield "edge", edge
    for _, _, edge in props:
        yield "edge", edge


# Labels a streamed CSV export looks up per edge: the most-cited nodes and the
# current opinion stay cached, the millions of others are read again (by primary key).
LABEL_CACHE = 200_000


def label_lookup(conn: sqlite3.Connection) -> Callable[[str], str]:
    """A function from node name to label, reading the store (for exports too big to keep every label).

    Example:
        >>> label_lookup(conn)("authority:12")          # doctest: +SKIP
        'Sharif v. Ashcroft (2002)'
    """

    @lru_cache(maxsize=LABEL_CACHE)
    def label(node: str) -> str:
        kind, _, ident = node.partition(":")
        if kind == "authority":
            row = conn.execute("SELECT kind, key, name, year FROM authorities WHERE id = ?", (int(ident),)).fetchone()
            return authority_label(row[0], row[1], row[2], row[3]) if row else ""
        if kind == "opinion":
            row = conn.execute("SELECT case_name, date FROM opinions WHERE id = ?", (int(ident),)).fetchone()
            return case_label(row[0], year_of(row[1])) if row else ""
        if kind == "section":
            return authority_label("statute", ident, None)
        if kind == "proposition":
            row = conn.execute("SELECT text FROM propositions WHERE id = ?", (int(ident),)).fetchone()
            return _clip(row[0], 40) if row else ""
        return ""

    return label


def _key_ids(conn: sqlite3.Connection, keys: set[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    ordered = sorted(keys)
    for k in range(0, len(ordered), CHUNK):
        part = ordered[k : k + CHUNK]
        marks = ",".join("?" * len(part))
        out.update(
            (r["key"], r["id"]) for r in conn.execute(f"SELECT id, key FROM authorities WHERE key IN ({marks})", part)
        )
    return out


def _section_attrs(key: str) -> Attrs:
    return {
        "kind": "statute",
        "key": key,
        "name": None,
        "label": authority_label("statute", key, None),
        "citation": key,
        "depth": 0,
        "citing": 0,
        "court": None,
        "court_id": None,
        "year": None,
    }


def build_graph(conn: sqlite3.Connection, *, propositions: bool = True) -> nx.MultiDiGraph:
    """The whole citation graph as one NetworkX multigraph: for small stores, tests and notebooks.

    It holds every edge in memory (about 2.5 KB each): past a few hundred
    thousand opinions use :func:`iter_graph`, :mod:`kb.walk` and
    :mod:`kb.ranking`, which read the store instead.

    Example:
        >>> g = build_graph(conn)                      # doctest: +SKIP
        >>> g.nodes["authority:12"]["label"]           # doctest: +SKIP
        'Sharif v. Ashcroft (2002)'
    """
    g = nx.MultiDiGraph()
    with reading(conn):  # one snapshot: an ingest beside it must not tear the graph
        for what, item in iter_graph(conn, propositions=propositions):
            if what == "node":
                g.add_node(item[0], **item[1])
            else:
                g.add_edge(item[0], item[1], **item[2])
    return g


def subgraph(
    conn: sqlite3.Connection,
    nodes: Iterable[str],
    *,
    propositions_of: Iterable[str] = (),
    propositions_limit: int | None = None,
    propositions_from: int | None = None,
    merge_identity: bool = False,
) -> nx.MultiDiGraph:
    """The graph induced on ``nodes`` (``opinion:N`` / ``authority:N``), read from the store.

    Args:
        conn: an open store.
        nodes: the nodes to keep; every edge between two of them is added.
        propositions_of: authorities whose propositions (``supports`` edges) to add.
        propositions_limit: at most this many distinct propositions per authority.
        propositions_from: also the points this opinion (id) cites the authorities kept for.
        merge_identity: draw an ingested opinion and the case node that is it
            as one node (the authority's, with ``kind`` ``opinion``), as maps do.
    """
    wanted = set(nodes)
    aids = {node_id(n) for n in wanted if n.startswith("authority:")}
    oids = {node_id(n) for n in wanted if n.startswith("opinion:")}
    g = nx.MultiDiGraph()
    with reading(conn):
        identity, parents = _add_authorities(g, conn, aids)
        if merge_identity:
            oids |= set(identity)
        for oid, attrs in opinion_nodes(conn, oids):
            g.add_node(opinion_node(oid), **attrs)
        for oid, aid in identity.items():
            if oid in oids:
                g.add_edge(authority_node(aid), opinion_node(oid), relation="identity")
        by_key = {g.nodes[authority_node(a)]["key"]: a for a in aids if authority_node(a) in g}
        for aid, parent in parents.items():
            if parent in by_key:
                g.add_edge(authority_node(aid), authority_node(by_key[parent]), relation="part_of")
        for u, v, a in cites_edges(conn, oids):
            if v in g:
                g.add_edge(u, v, **a)
        for u, v, a in nested_edges(conn, aids):
            if u in g and v in g:
                g.add_edge(u, v, **a)
        _add_propositions(g, conn, propositions_of, propositions_limit, propositions_from)
    return merge_identities(g) if merge_identity else g


def _add_authorities(
    g: nx.MultiDiGraph, conn: sqlite3.Connection, aids: set[int]
) -> tuple[dict[int, int], dict[int, str]]:
    """Add the authority nodes ``aids`` to ``g``; returns opinion id -> the authority that is it, authority -> parent key."""
    identity: dict[int, int] = {}
    parents: dict[int, str] = {}
    for aid, attrs, row in authority_nodes(conn, aids):
        g.add_node(authority_node(aid), **attrs)
        if row["opinion_id"]:
            identity[row["opinion_id"]] = aid
        if row["parent_key"]:
            parents[aid] = row["parent_key"]
    return identity, parents


def _add_propositions(
    g: nx.MultiDiGraph,
    conn: sqlite3.Connection,
    propositions_of: Iterable[str],
    limit: int | None,
    from_opinion: int | None,
) -> None:
    """Add the propositions (and ``supports`` edges) of ``propositions_of`` and ``from_opinion`` that hang on ``g``'s nodes."""
    props = list(proposition_nodes(conn, {node_id(n) for n in propositions_of if n.startswith("authority:")}, limit))
    if from_opinion is not None:
        props += proposition_nodes(conn, limit=limit, opinion_id=from_opinion)
    for node, attrs, (u, v, a) in props:
        if u in g and node not in g:
            g.add_node(node, **attrs)
            g.add_edge(u, v, **a)


def flag_nodes(conn: sqlite3.Connection, g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Give each node of ``g`` that has good-law flags (:func:`kb.goodlaw.flags_by_node`) a ``flags`` list, in place."""
    from kb.goodlaw import flags_by_node

    for n, flags in flags_by_node(conn, list(g.nodes)).items():
        g.nodes[n]["flags"] = flags
    return g


def merge_identities(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Fold each ingested opinion into the case node that is it: one node, cited and citing.

    The merged node keeps the authority's name, citation and counts, the
    opinion's ``stem`` and ``kind`` ``opinion``, and every edge of both.
    """
    for u, v, a in list(g.edges(data=True)):
        if a.get("relation") != "identity" or u not in g or v not in g:
            continue
        opinion = g.nodes[v]
        g.nodes[u].update(kind="opinion", stem=opinion.get("stem"), case_kind=g.nodes[u]["kind"])
        for _, w, e in list(g.out_edges(v, data=True)):
            if w != u:
                g.add_edge(u, w, **e)
        for w, _, e in list(g.in_edges(v, data=True)):
            if w != u and e.get("relation") != "identity":
                g.add_edge(w, u, **e)
        g.remove_node(v)
    return g
