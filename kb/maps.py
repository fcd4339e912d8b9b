"""Interactive HTML maps of the citation graph (pyvis / vis-network), self-contained and offline.

pyvis builds the network model; the page is written from kb's own template
with vis-network's JavaScript and CSS (the copy pyvis ships) inlined, so it
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
from functools import cache
from importlib import resources
from typing import Any

import networkx as nx

from kb.models import MapResult

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
    """The part of ``g`` a map shows, as a new graph (``g`` is not changed).

    Returns the subgraph and a notice when nodes were left out for size.
    """
    keep = set(g.nodes)
    if focus is not None:
        keep = set(nx.ego_graph(g.to_undirected(as_view=True), focus, radius=depth))
    out = []
    for n in keep:
        a = g.nodes[n]
        kind = a.get("kind")
        if kind == "proposition" and not propositions:
            continue
        if kind not in ("opinion", "proposition") and (
            (kinds and kind not in kinds) or (a.get("citing", 0) < min_cites and n != focus)
        ):
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
    """Render ``g`` (already selected) as one self-contained HTML page."""
    from pyvis.network import Network

    net = Network(directed=True, height="100%", width="100%")
    # pyvis's add_node/add_edge test membership against lists (quadratic at
    # scale); fill its model directly, checking nothing twice.
    for n, a in g.nodes(data=True):
        node = _node(n, a)
        net.nodes.append(node)
        net.node_ids.append(n)
        net.node_map[n] = node
    seen: set[tuple[str, str, str]] = set()
    for u, v, a in g.edges(data=True):
        rel = a.get("relation", "cites")
        if (u, v, rel) in seen:
            continue
        seen.add((u, v, rel))
        net.edges.append(_edge(u, v, rel, a))
    big = len(net.nodes) > PHYSICS_NODE_LIMIT
    options = {
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "navigationButtons": False},
        "physics": {
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -9000, "springLength": 140, "avoidOverlap": 0.2},
            "stabilization": {
                "enabled": True,
                "iterations": STABILIZATION_ITERATIONS_BIG if big else STABILIZATION_ITERATIONS,
                "fit": True,
            },
        },
        "layout": {"improvedLayout": not big},
        "nodes": {"font": {"size": 14, "face": "sans-serif"}, "scaling": {"min": 8, "max": 42}},
        "edges": {"smooth": {"enabled": not big, "type": "continuous"}, "arrows": {"to": {"scaleFactor": 0.5}}},
    }
    data = {"nodes": net.nodes, "edges": net.edges, "options": options, "freeze": big}
    page = _TEMPLATE.format(
        title=html.escape(title),
        css=_asset("vis-network.css"),
        js=_asset("vis-network.min.js"),
        legend=_legend_html(),
        notice=f'<div id="notice">{html.escape(notice)}</div>' if notice else "",
        data=safe_json(data),
        app=_APP_JS,
    )
    return MapResult(page, len(net.nodes), len(net.edges), total_nodes or len(net.nodes), notice)


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


def _node(n: str, a: dict[str, Any]) -> dict[str, Any]:
    kind = a.get("kind", "other")
    colour, shape, _ = KIND_STYLE.get(kind, KIND_STYLE["other"])
    if kind == "proposition":
        value = 1
    elif kind == "opinion":
        value = 12
    else:
        value = 1 + 3 * a.get("citing", 0) + a.get("depth", 0)
    return {
        "id": n,
        "label": a.get("label") or n,
        "title": _tooltip(a),
        "shape": shape,
        "color": colour,
        "value": value,
        "kind": kind,
        "search": " ".join(str(x) for x in (a.get("label"), a.get("name"), a.get("key"), a.get("citation")) if x),
    } | (_flagged(colour) if a.get("flags") else {})


def _flagged(colour: str) -> dict[str, Any]:
    """A red border for a node flagged as perhaps no longer good law."""
    return {
        "color": {"background": colour, "border": FLAG_BORDER, "highlight": {"background": colour, "border": FLAG_BORDER}},
        "borderWidth": FLAG_BORDER_WIDTH,
        "borderWidthSelected": FLAG_BORDER_WIDTH + 1,
        "flagged": True,
    }


def _tooltip(a: dict[str, Any]) -> str:
    kind = a.get("kind")
    if kind == "proposition":
        return _clip(a.get("text") or "", TOOLTIP_CHARS * 2)
    lines = [a.get("citation") or a.get("key") or ""]
    facts = []
    if a.get("court"):
        facts.append(str(a["court"]))
    if a.get("year"):
        facts.append(str(a["year"]))
    if kind != "opinion":
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


def _edge(u: str, v: str, rel: str, a: dict[str, Any]) -> dict[str, Any]:
    style = EDGE_STYLE.get(rel, EDGE_STYLE["cites"])
    title = rel.replace("_", " ")
    if a.get("proposition"):
        title += f": {_clip(a['proposition'], TOOLTIP_CHARS)}"
    return {
        "from": u,
        "to": v,
        "relation": rel,
        "color": {"color": style["color"], "highlight": style["color"]},
        "dashes": style["dashes"],
        "width": style["width"],
        "arrows": "to",
        "title": title,
    }


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _legend_html() -> str:
    rows = []
    for colour, shape, label in KIND_STYLE.values():
        rows.append(
            f'<li><span class="swatch {html.escape(shape)}" style="background:{html.escape(colour)}"></span>'
            f"{html.escape(label)}</li>"
        )
    for style in EDGE_STYLE.values():
        dash = "dashed" if style["dashes"] else "solid"
        rows.append(
            f'<li><span class="line {dash}" style="border-color:{html.escape(style["color"])};'
            f'border-top-width:{max(1, int(style["width"]))}px"></span>{html.escape(style["legend"])}</li>'
        )
    rows.append(
        f'<li><span class="swatch dot" style="background:#fff;border:3px solid {FLAG_BORDER}"></span>'
        "red border: overruled, reversed or abrogated (may not be good law)</li>"
    )
    return "<ul>" + "".join(rows) + "</ul><p>Size: how often cited. Click a node to light its neighbours.</p>"


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
#map {{ position: absolute; inset: 0; }}
#panel {{ position: absolute; top: 10px; left: 10px; z-index: 5; background: rgba(255,255,255,.93);
  border: 1px solid #ccd; border-radius: 6px; padding: 8px 10px; max-width: 260px; }}
#panel h1 {{ font-size: 15px; margin: 0 0 6px; }}
#search {{ width: 170px; }} #status {{ font-size: 12px; color: #555; min-height: 1.2em; }}
#panel ul {{ list-style: none; padding: 0; margin: 6px 0; font-size: 12px; }}
#panel li {{ display: flex; align-items: center; gap: 6px; margin: 2px 0; }}
.swatch {{ width: 11px; height: 11px; display: inline-block; border-radius: 2px; }}
.swatch.dot, .swatch.star {{ border-radius: 50%; }}
.line {{ width: 22px; height: 0; border-top-style: solid; display: inline-block; }}
.line.dashed {{ border-top-style: dashed; }}
#notice {{ font-size: 12px; background: #fff4d6; padding: 4px; border-radius: 4px; }}
div.vis-tooltip {{ white-space: pre-wrap; max-width: 420px; font: 12px/1.35 sans-serif; }}
</style>
</head>
<body>
<div id="map"></div>
<div id="panel">
<h1>{title}</h1>
<form id="find"><input id="search" type="search" placeholder="Find a case, § or cite" aria-label="Find a node">
<button type="submit">Find</button></form>
<div id="status"></div>
{notice}
<details open><summary>Legend</summary>{legend}</details>
</div>
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
  window.kbMap = {network: network, nodes: nodes, edges: edges, stabilized: false};
  network.once("stabilizationIterationsDone", function () {
    window.kbMap.stabilized = true;
    if (data.freeze) { network.setOptions({physics: false}); }
  });
  var original = {};
  nodes.forEach(function (n) { original[n.id] = n.color; });
  function highlight(id) {
    var near = {};
    near[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { near[n] = true; });
    nodes.update(nodes.map(function (n) {
      return {id: n.id, color: near[n.id] ? original[n.id] : "#dfe3e8"};
    }));
  }
  function reset() {
    nodes.update(nodes.map(function (n) { return {id: n.id, color: original[n.id]}; }));
  }
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
