"""Interactive HTML maps of the citation graph (pyvis / vis-network), self-contained and offline.

pyvis builds the network model through its API (:func:`build_network`:
``Network.add_node``, ``add_edge``, ``options``); the page is written from
kb's own template with vis-network's JavaScript and CSS (the copy pyvis
ships) inlined, so it
opens from a double-click with no network. pyvis's ``in_line`` mode still
links bootstrap from a CDN and its ``local`` mode copies files beside the
page; neither will do.

Everything from an opinion (names, parentheticals, propositions) is
untrusted: node labels are drawn on the canvas, tooltips are plain-text
strings (vis-network 9 renders string titles as text), the JSON data block
escapes ``<``, ``>`` and ``&``, and every piece of HTML kb writes itself goes
through :func:`html.escape`.
"""

from __future__ import annotations

import html
import json
import logging
import math
import sqlite3
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import networkx as nx

from kb.graph import FLAG, node_id, subgraph
from kb.models import MapResult, MapSelection
from kb.store import reading

if TYPE_CHECKING:
    from pyvis.network import Network

logger = logging.getLogger(__name__)

# Above this many nodes the map keeps the most-cited ones: vis-network's
# force layout stays interactive in Chromium up to a few thousand nodes on a
# laptop; a denser picture is unreadable anyway. See docs/maps.md.
MAX_MAP_NODES = 2500
# Above this many nodes the layout runs a fixed number of iterations up front
# and physics is switched off, so the page settles and stays still.
PHYSICS_NODE_LIMIT = 600
STABILIZATION_ITERATIONS = 250
# Big maps get fewer up-front layout iterations: the picture is a cloud
# either way, and this halves the wait (2,500 nodes: about 20 s to 10 s here).
STABILIZATION_ITERATIONS_BIG = 120
TOOLTIP_PARENTHETICALS = 3
# The border of a node the store says may no longer be good law (overruled, reversed ...: kb.goodlaw).
FLAG_BORDER = "#d0021b"
FLAG_BORDER_WIDTH = 4
TOOLTIP_CHARS = 300
# --propositions shows at most this many distinct points per authority around the focus.
PROPOSITIONS_SHOWN = 12
# Initial layout: communities (Louvain) on a sunflower spiral, each one's
# nodes on a small spiral round its centre; physics then only tidies.
NODE_SPACING = 26.0
COMMUNITY_SEED = 7
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
# Label sizes (px at zoom 1) of the biggest node, on a small map and at most.
LABEL_MAX = 22
LABEL_MAX_BIG = 64
# Physics: on a small map there is room for every label, so longer springs
# and stronger repulsion; a big one is kept compact enough to fit the screen.
SMALL_MAP = 200
SPRING_LENGTH_SMALL = 150
SPRING_LENGTH = 60
REPULSION_SMALL = -110
REPULSION = -40
# An opinion is drawn at least this share of the biggest node's size.
OPINION_SIZE = 0.5
FADED = "#e3e7ec"
FADED_LABEL = "rgba(60,60,60,0.18)"

KIND_STYLE: dict[str, tuple[str, str, str]] = {
    # kind: (colour, vis shape, legend label)
    "opinion": ("#1f3a93", "star", "Opinion (ingested)"),
    "case": ("#2e86de", "dot", "Case"),
    "statute": ("#27ae60", "square", "Statute"),
    "regulation": ("#16a085", "diamond", "Regulation"),
    "rule": ("#8e44ad", "triangle", "Court rule"),
    "constitution": ("#c0392b", "hexagon", "Constitution"),
    "other": ("#7f8c8d", "triangleDown", "Other authority"),
    "proposition": ("#f39c12", "dot", "Proposition"),
}
EDGE_STYLE: dict[str, dict[str, Any]] = {
    "cites": {"color": "#9aa5b1", "dashes": False, "width": 1, "legend": "cites"},
    "quotes": {"color": "#e67e22", "dashes": False, "width": 2.5, "legend": "quotes"},
    "cites_in_parenthetical": {"color": "#2e86de", "dashes": [6, 4], "width": 1.5, "legend": "cites in parenthetical"},
    "relies_on": {"color": "#8e44ad", "dashes": False, "width": 2.5, "legend": "relies on"},
    "supports": {"color": "#f5b041", "dashes": [2, 4], "width": 1, "legend": "supports (proposition)"},
    "part_of": {"color": "#27ae60", "dashes": [8, 3], "width": 1, "legend": "part of (section)"},
    "identity": {"color": "#1f3a93", "dashes": [1, 3], "width": 3, "legend": "is this opinion"},
}


def map_graph(
    conn: sqlite3.Connection,
    *,
    focus: str | None = None,
    depth: int = 2,
    kinds: set[str] | None = None,
    min_cites: int = 0,
    propositions: bool = False,
    max_nodes: int = MAX_MAP_NODES,
) -> MapSelection:
    """Choose what a map shows, from the store (the whole graph is never loaded).

    With ``focus``: what it cites and what cites it, ``depth`` hops each way
    (:func:`kb.walk.neighbourhood`), and with ``propositions`` the points the
    focus is cited for (or, for an opinion nothing cites, the points it cites
    its authorities for). Without: the most-cited authorities and the
    opinions citing most (:func:`kb.walk.top_nodes`). An ingested opinion and
    the case node that is it are drawn as one node.
    """
    from kb.walk import Walker, neighbourhood, to_node, top_nodes

    with reading(conn):
        title = None
        props_of: list[str] = []
        props_from = None
        if focus is not None:
            root = to_node(Walker(conn).canonical(focus))
            nodes, notice = neighbourhood(conn, focus, depth, max_nodes)
            total = len(nodes)
            if propositions:
                props_of = [root] if root.startswith("authority:") else []
                props_from = node_id(focus) if focus.startswith("opinion:") else None
        else:
            root = None
            nodes, total, notice = top_nodes(conn, max_nodes, kinds=kinds, min_cites=min_cites)
        g = subgraph(
            conn,
            nodes,
            propositions_of=props_of,
            propositions_limit=PROPOSITIONS_SHOWN,
            propositions_from=props_from,
            merge_identity=True,
        )
        if root is not None:
            g.remove_nodes_from([n for n in list(g) if n != root and not _wanted(g.nodes[n], kinds, min_cites)])
            title = g.nodes[root]["label"] if root in g else None
    return MapSelection(g, total, notice, title)


def _wanted(a: dict[str, Any], kinds: set[str] | None, min_cites: int) -> bool:
    """Opinions (merged or not) and propositions always stay; authorities pass --kinds and --min-cites."""
    if a.get("kind") in ("opinion", "proposition"):
        return True
    return (not kinds or a.get("kind") in kinds) and a.get("citing", 0) >= min_cites


def select_subgraph(
    g: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 2,
    kinds: set[str] | None = None,
    min_cites: int = 0,
    propositions: bool = False,
    max_nodes: int = MAX_MAP_NODES,
) -> tuple[nx.MultiDiGraph, str | None]:
    """The part of an in-memory graph a map shows, as a new graph (``g`` is not changed).

    The same choice as :func:`map_graph` makes from the store: with
    ``focus``, what it cites and what cites it (``depth`` hops each way, not
    everything its neighbours cite), and with ``propositions`` only the
    focus's propositions. Returns the subgraph and a notice when nodes were
    left out for size.
    """
    citations = nx.subgraph_view(
        g, filter_edge=lambda u, v, k: g.edges[u, v, k].get("relation") not in ("supports", "part_of")
    )
    keep = set(g.nodes)
    if focus is not None:
        keep = set(nx.single_source_shortest_path_length(citations, focus, cutoff=depth))
        keep |= set(nx.single_source_shortest_path_length(citations.reverse(copy=False), focus, cutoff=depth))
        if propositions:
            keep |= {v for _, v, a in g.out_edges(focus, data=True) if a.get("relation") == "supports"}
    out = []
    for n in keep:
        a = g.nodes[n]
        kind = a.get("kind")
        if kind == "proposition" and not (propositions and focus is not None):
            continue
        if kind not in ("opinion", "proposition") and n != focus and not _wanted(a, kinds, min_cites):
            continue
        out.append(n)
    notice = None
    if len(out) > max_nodes:

        def weight(n: str) -> tuple[int, int, int]:
            a = g.nodes[n]
            return (n == focus, a.get("kind") == "opinion", a.get("citing", 0) * 1000 + a.get("depth", 0))

        out = sorted(out, key=weight, reverse=True)[:max_nodes]
        notice = (
            f"Showing the {max_nodes:,} most-cited of {len(keep):,} nodes; "
            "use --focus, --kinds or --min-cites for the rest."
        )
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, dict(g.nodes[n])) for n in out)
    chosen = set(out)
    sub.add_edges_from((u, v, dict(a)) for u, v, a in g.edges(data=True) if u in chosen and v in chosen)
    return sub, notice


def render_map(
    g: nx.MultiDiGraph, *, title: str = "kb citation map", notice: str | None = None, total_nodes: int | None = None
) -> MapResult:
    """Render ``g`` (already selected) as one self-contained HTML page.

    Nodes are placed by community first (:func:`initial_layout`), so physics
    starts near its end and settles; a node whose :data:`kb.graph.FLAG`
    attribute is set gets a red border and its reason in the tooltip.
    """
    net = build_network(g)
    nodes, edges, *_ = net.get_network_data()
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": net.options,
        "freeze": True,
        "faded": FADED,
        "fadedLabel": FADED_LABEL,
    }
    flagged = any(a.get(FLAG) or a.get("flags") for _, a in g.nodes(data=True))
    legend = legend_html(kinds={n["kind"] for n in nodes}, relations={e["relation"] for e in edges}, flagged=flagged)
    page = _TEMPLATE.format(
        title=html.escape(title),
        css=_asset("vis-network.css"),
        js=_asset("vis-network.min.js"),
        legend=legend,
        notice=f'<div id="notice">{html.escape(notice)}</div>' if notice else "",
        data=safe_json(data),
        app=_APP_JS,
    )
    return MapResult(page, net.num_nodes(), net.num_edges(), total_nodes or net.num_nodes(), notice)


def build_network(g: nx.MultiDiGraph) -> Network:
    """The pyvis model of ``g``: its nodes, one edge per (source, target, relation), and vis-network's options.

    pyvis checks each new node and each edge's ends against a list, which
    is quadratic; at :data:`MAX_MAP_NODES` that costs about 0.15 s (docs/maps.md),
    so callers render a selection (:func:`map_graph`, :func:`select_subgraph`).
    """
    from pyvis.network import Network

    net = Network(directed=True, height="100%", width="100%")
    positions = initial_layout(g)
    # Opinions are drawn among the biggest: each is the hub its citations hang from.
    opinion_value = max([_value(a) for _, a in g.nodes(data=True)] or [1]) * OPINION_SIZE
    for n, a in g.nodes(data=True):
        node = _node(n, a, positions.get(n))
        if node["kind"] == "opinion":
            node["value"] = max(node["value"], round(opinion_value))
        net.add_node(n, **node)
    seen: set[tuple[str, str, str]] = set()
    for u, v, a in g.edges(data=True):
        rel = a.get("relation", "cites")
        if (u, v, rel) not in seen:
            seen.add((u, v, rel))
            net.add_edge(u, v, **_edge(len(seen) - 1, rel, a))
    # Network.set_options parses a string and strips every space, even inside
    # values; pyvis passes a dict in ``options`` through as it is.
    net.options = map_options(net.num_nodes())
    return net


def map_options(count: int) -> dict[str, Any]:
    """vis-network's options for a map of ``count`` nodes: layout physics, label sizes, interaction."""
    big = count > PHYSICS_NODE_LIMIT
    # A bigger map is drawn at a smaller zoom: the biggest labels grow with it,
    # so the most-cited nodes stay named at first sight and the small ones wait for a zoom.
    label_max = round(min(LABEL_MAX_BIG, LABEL_MAX * max(1.0, math.sqrt(count / 150))))
    small = count <= SMALL_MAP
    spring, repulsion = (SPRING_LENGTH_SMALL, REPULSION_SMALL) if small else (SPRING_LENGTH, REPULSION)
    return {
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "navigationButtons": False},
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": repulsion,
                "centralGravity": 0.015,
                "springLength": spring,
                "springConstant": 0.08,
                "damping": 0.5,
                "avoidOverlap": 0.6,
            },
            "minVelocity": 1.0,
            "stabilization": {
                "enabled": True,
                "iterations": STABILIZATION_ITERATIONS_BIG if big else STABILIZATION_ITERATIONS,
                "updateInterval": 50,
                "fit": True,
            },
        },
        "layout": {"improvedLayout": False, "randomSeed": COMMUNITY_SEED},
        "nodes": {
            "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            # Labels grow with the node; when zoomed out only the big ones stay legible and drawn.
            "scaling": {
                "min": 8,
                "max": 40,
                "label": {"enabled": True, "min": 10, "max": label_max, "drawThreshold": 7, "maxVisible": 30},
            },
        },
        "edges": {"smooth": False, "arrows": {"to": {"scaleFactor": 0.45}}},
    }


def initial_layout(g: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Starting positions: Louvain communities on a sunflower spiral, the biggest in the middle.

    Each community's nodes sit on a small spiral of their own, most cited in
    the middle, so a 1,000-node map starts as separate clusters and physics
    only has to tidy them (it settles in its fixed number of iterations).
    """
    if not g:
        return {}
    und = nx.Graph()
    und.add_nodes_from(g)
    und.add_edges_from((u, v) for u, v in g.edges() if u != v)
    groups = sorted(
        (
            sorted(c, key=lambda n: (-_value(g.nodes[n]), n))
            for c in nx.community.louvain_communities(und, seed=COMMUNITY_SEED)
        ),
        key=lambda c: (-len(c), c[0]),
    )
    positions: dict[str, tuple[float, float]] = {}
    placed = 0
    for k, members in enumerate(groups):
        # The centre is far enough out for the communities inside it, plus its own radius.
        radius = NODE_SPACING * math.sqrt(placed + len(members) / 2) * 1.6 if k else 0.0
        cx, cy = radius * math.cos(k * GOLDEN_ANGLE), radius * math.sin(k * GOLDEN_ANGLE)
        for j, n in enumerate(members):
            r = NODE_SPACING * math.sqrt(j)
            positions[n] = (
                round(cx + r * math.cos(j * GOLDEN_ANGLE), 1),
                round(cy + r * math.sin(j * GOLDEN_ANGLE), 1),
            )
        placed += len(members)
    return positions


def safe_json(data: Any) -> str:
    """JSON that cannot close the ``<script>`` element it sits in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@cache
def _asset(name: str) -> str:
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / name
    return lib.read_text(encoding="utf-8")


def _value(a: dict[str, Any]) -> int:
    """Drawn size: 3 per citing opinion, plus twice the square root of the references.

    The root keeps a provision cited 60 times by one opinion (passim) from
    dwarfing a case two opinions cite.
    """
    kind = a.get("kind")
    if kind == "proposition":
        return 1
    value = 1 + 3 * a.get("citing", 0) + round(2 * math.sqrt(a.get("depth", 0)))
    return max(value, 12) if kind == "opinion" else value


def _node(n: str, a: dict[str, Any], position: tuple[float, float] | None = None) -> dict[str, Any]:
    """A node's vis options (its id is :meth:`Network.add_node`'s argument)."""
    kind = a.get("kind", "other")
    colour, shape, _ = KIND_STYLE.get(kind, KIND_STYLE["other"])
    node = {
        "label": a.get("label") or n,
        "title": _tooltip(a),
        "shape": shape,
        "color": {"background": colour, "border": colour, "highlight": {"background": colour, "border": "#111"}},
        "value": _value(a),
        "kind": kind,
        "search": " ".join(str(x) for x in (a.get("label"), a.get("name"), a.get("key"), a.get("citation")) if x),
    }
    if a.get("flags") or a.get(FLAG):  # the good-law hook: a red border, whatever the kind
        node |= _flagged(colour)
    if position is not None:
        node["x"], node["y"] = position
    return node


def _flagged(colour: str) -> dict[str, Any]:
    """A red border for a node flagged as perhaps no longer good law."""
    return {
        "color": {
            "background": colour,
            "border": FLAG_BORDER,
            "highlight": {"background": colour, "border": FLAG_BORDER},
        },
        "borderWidth": FLAG_BORDER_WIDTH,
        "borderWidthSelected": FLAG_BORDER_WIDTH + 1,
        "flagged": True,
    }


def _tooltip(a: dict[str, Any]) -> str:
    kind = a.get("kind")
    if kind == "proposition":
        return _clip(a.get("text") or "", TOOLTIP_CHARS * 2)
    lines = [f"⚠ {a[FLAG]}"] if a.get(FLAG) else []
    lines.append(a.get("citation") or a.get("key") or "")
    facts = []
    if a.get("court"):
        facts.append(str(a["court"]))
    if a.get("year"):
        facts.append(str(a["year"]))
    if kind == "opinion":
        facts.append("ingested opinion")
    if kind != "opinion" or "case_kind" in a:
        facts.append(f"cited {a.get('depth', 0)}x by {a.get('citing', 0)} opinion(s)")
    if facts:
        lines.append(" · ".join(facts))
    for opinion in a.get("citing_opinions", [])[:5]:
        lines.append(f"cited in {opinion}")
    for p in a.get("parentheticals", [])[:TOOLTIP_PARENTHETICALS]:
        lines.append(f"({_clip(p, TOOLTIP_CHARS)})")
    if a.get("flags"):
        from kb.goodlaw import describe_flag

        lines += [_clip(describe_flag(f), TOOLTIP_CHARS) for f in a["flags"]]
    return "\n".join(lines)


def _edge(k: int, rel: str, a: dict[str, Any]) -> dict[str, Any]:
    """An edge's vis options (its ends are :meth:`Network.add_edge`'s arguments)."""
    style = EDGE_STYLE.get(rel, EDGE_STYLE["cites"])
    title = rel.replace("_", " ")
    if a.get("stated"):
        title += f" ({a['stated'].replace('_', ' ')})"
    if a.get("reported_by"):
        title += f", as {a['reported_by']} reports it"
    if a.get("proposition"):
        title += f": {_clip(a['proposition'], TOOLTIP_CHARS)}"
    return {
        "id": f"e{k}",
        "relation": rel,
        "color": {"color": style["color"], "highlight": style["color"]},
        "dashes": style["dashes"],
        "width": style["width"],
        "arrows": "to",
        "title": title,
    }


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _polygon(points: list[tuple[float, float]]) -> str:
    return '<polygon points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y in points) + '"/>'


def _regular(n: int, r: float, turn: float = -math.pi / 2, cx: float = 8, cy: float = 8) -> list[tuple[float, float]]:
    return [
        (cx + r * math.cos(turn + 2 * math.pi * i / n), cy + r * math.sin(turn + 2 * math.pi * i / n)) for i in range(n)
    ]


def _star() -> list[tuple[float, float]]:
    outer, inner = _regular(5, 7.5), _regular(5, 3.2, -math.pi / 2 + math.pi / 5)
    return [p for pair in zip(outer, inner, strict=True) for p in pair]


# vis-network's node shapes drawn in SVG, so the legend shows what the canvas draws.
SHAPE_SVG: dict[str, str] = {
    "dot": '<circle cx="8" cy="8" r="6.5"/>',
    "star": _polygon(_star()),
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "diamond": _polygon([(8, 1), (15, 8), (8, 15), (1, 8)]),
    "triangle": _polygon([(8, 1.5), (15, 14), (1, 14)]),
    "triangleDown": _polygon([(1, 2), (15, 2), (8, 14.5)]),
    "hexagon": _polygon(_regular(6, 7, 0)),
}


def legend_html(*, kinds: set[str] | None = None, relations: set[str] | None = None, flagged: bool = False) -> str:
    """The legend, drawn from :data:`KIND_STYLE` and :data:`EDGE_STYLE` (the tables the nodes use).

    ``kinds`` and ``relations``: only those the map shows (all when None).
    """
    rows = []
    for kind, (colour, shape, label) in KIND_STYLE.items():
        if kinds is not None and kind not in kinds:
            continue
        rows.append(
            f'<li data-kind="{html.escape(kind)}" data-shape="{html.escape(shape)}">'
            f'<svg class="shape" viewBox="0 0 16 16" width="14" height="14" fill="{html.escape(colour)}">'
            f"{SHAPE_SVG[shape]}</svg>{html.escape(label)}</li>"
        )
    if flagged:
        rows.append(
            f'<li data-kind="flag"><svg class="shape" viewBox="0 0 16 16" width="14" height="14" fill="#fff"'
            f' stroke="{FLAG_BORDER}" stroke-width="3"><circle cx="8" cy="8" r="6"/></svg>'
            "red border: overruled, reversed or abrogated (may not be good law; see tooltip)</li>"
        )
    for rel, style in EDGE_STYLE.items():
        if relations is not None and rel not in relations:
            continue
        dash = "4,3" if style["dashes"] else "none"
        rows.append(
            f'<li data-relation="{html.escape(rel)}"><svg class="shape" viewBox="0 0 24 8" width="24" height="8">'
            f'<line x1="0" y1="4" x2="24" y2="4" stroke="{html.escape(style["color"])}" stroke-dasharray="{dash}"'
            f' stroke-width="{max(1.0, float(style["width"]))}"/></svg>{html.escape(style["legend"])}</li>'
        )
    return (
        "<ul>"
        + "".join(rows)
        + "</ul><p>Size: how often cited. Click a node to light it and its neighbours; click the background to reset.</p>"
    )


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
<style>
html, body {{ margin: 0; height: 100%; font: 14px/1.4 sans-serif; color: #222; }}
body {{ display: flex; }}
#panel {{ flex: 0 0 250px; box-sizing: border-box; height: 100%; overflow-y: auto; background: #fafbfc;
  border-right: 1px solid #d5dae0; padding: 10px 12px; }}
#map {{ flex: 1 1 auto; position: relative; height: 100%; min-width: 0; }}
#panel h1 {{ font-size: 15px; margin: 0 0 8px; overflow-wrap: anywhere; }}
#search {{ width: 150px; }} #status {{ font-size: 12px; color: #555; min-height: 1.2em; }}
#panel ul {{ list-style: none; padding: 0; margin: 6px 0; font-size: 12px; }}
#panel li {{ display: flex; align-items: center; gap: 6px; margin: 3px 0; }}
#panel li svg {{ flex: 0 0 auto; }}
#panel p {{ font-size: 12px; color: #555; }}
#notice {{ font-size: 12px; background: #fff4d6; padding: 4px; border-radius: 4px; margin: 6px 0; }}
div.vis-tooltip {{ white-space: pre-wrap; max-width: 420px; font: 12px/1.35 sans-serif; }}
</style>
</head>
<body>
<div id="panel">
<h1>{title}</h1>
<form id="find"><input id="search" type="search" placeholder="Find a case, § or cite" aria-label="Find a node">
<button type="submit">Find</button></form>
<div id="status"></div>
{notice}
<details open><summary>Legend</summary>{legend}</details>
</div>
<div id="map"></div>
<script>{js}</script>
<script id="kb-data" type="application/json">{data}</script>
<script>{app}</script>
</body>
</html>
"""

_APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kb-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("map"), {nodes: nodes, edges: edges}, data.options);
  var status = document.getElementById("status");
  window.kbMap = {network: network, nodes: nodes, edges: edges, stabilized: false, highlighted: null};
  network.once("stabilizationIterationsDone", function () {
    if (data.freeze) { network.setOptions({physics: false}); }
    network.fit({animation: false});
    window.kbMap.stabilized = true;
  });
  var nodeStyle = {}, edgeStyle = {};
  nodes.forEach(function (n) { nodeStyle[n.id] = n.color; });
  edges.forEach(function (e) { edgeStyle[e.id] = e.color; });
  // Fading covers nodes, their labels and edges, so the lit part reads on its own.
  function highlight(id) {
    var near = {};
    near[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { near[n] = true; });
    var lit = {};
    network.getConnectedEdges(id).forEach(function (e) { lit[e] = true; });
    nodes.update(nodes.map(function (n) {
      return near[n.id] ? {id: n.id, color: nodeStyle[n.id], font: {color: "#222222"}}
                        : {id: n.id, color: data.faded, font: {color: data.fadedLabel}};
    }));
    edges.update(edges.map(function (e) {
      return {id: e.id, color: lit[e.id] ? edgeStyle[e.id] : {color: data.faded, highlight: data.faded}};
    }));
    window.kbMap.highlighted = id;
  }
  function reset() {
    nodes.update(nodes.map(function (n) { return {id: n.id, color: nodeStyle[n.id], font: {color: "#222222"}}; }));
    edges.update(edges.map(function (e) { return {id: e.id, color: edgeStyle[e.id]}; }));
    window.kbMap.highlighted = null;
  }
  window.kbMap.highlight = highlight;
  window.kbMap.reset = reset;
  network.on("click", function (p) {
    if (p.nodes.length) { highlight(p.nodes[0]); } else { reset(); }
  });
  document.getElementById("find").addEventListener("submit", function (e) {
    e.preventDefault();
    var q = document.getElementById("search").value.trim().toLowerCase();
    if (!q) { return; }
    var hits = nodes.get({filter: function (n) { return (n.search || "").toLowerCase().indexOf(q) >= 0; }});
    if (!hits.length) { status.textContent = "No node matches \u201c" + q + "\u201d."; return; }
    hits.sort(function (a, b) { return (b.value || 0) - (a.value || 0); });
    var id = hits[0].id;
    network.selectNodes([id]);
    network.focus(id, {scale: 1.2, animation: false});
    highlight(id);
    status.textContent = hits.length + " match" + (hits.length > 1 ? "es" : "") + "; showing " + hits[0].label;
    window.kbMap.found = id;
  });
})();
"""
