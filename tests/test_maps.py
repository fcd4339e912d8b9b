"""kb map: self-contained, offline, escaped, and checked in a real browser."""

from __future__ import annotations

import json
import re
import shutil
import time

import networkx as nx
import pytest

from kb.graph import FLAG, build_graph
from kb.maps import (
    FLAG_BORDER,
    KIND_STYLE,
    MAX_MAP_NODES,
    PHYSICS_NODE_LIMIT,
    SHAPE_SVG,
    SMALL_MAP,
    build_network,
    initial_layout,
    legend_html,
    map_graph,
    map_options,
    render_map,
    safe_json,
    select_subgraph,
)
from kb.query import find_authority, find_opinion

XSS_NAME = '<script>window.__xss="name"</script> v. "Quote" & Co.'
XSS_PAREN = "<img src=x onerror=\"window.__xss='paren'\">"


def payload_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("opinion:1", kind="opinion", label="<b>Op</b>", citation="<b>Op</b> v. Y", name="Op")
    g.add_node(
        "authority:1",
        kind="case",
        label=XSS_NAME,
        name=XSS_NAME,
        citation=XSS_NAME + ", 1 F.3d 1",
        depth=2,
        citing=1,
        parentheticals=[XSS_PAREN],
        citing_opinions=['"><svg onload=alert(1)>'],
    )
    g.add_node("proposition:1", kind="proposition", label="p", text="</script><script>window.__xss='prop'</script>")
    g.add_edge("opinion:1", "authority:1", relation="cites", proposition="</script>alert(1)")
    g.add_edge("authority:1", "proposition:1", relation="supports")
    return g


def test_page_is_self_contained():
    page = render_map(payload_graph()).html
    assert "<script src" not in page and "<link" not in page
    assert "vis.Network" in page and "vis-network" in page  # the library is inline
    assert "Content-Security-Policy" in page


def test_untrusted_text_never_appears_as_markup():
    page = render_map(payload_graph()).html
    for raw in ("<script>window.__xss", "<img src=x", "<svg onload", "</script><script>", "<b>Op</b>"):
        assert raw not in page
    assert "\\u003cscript\\u003ewindow.__xss" in page  # still there, as data


def test_safe_json_cannot_close_its_script_element():
    text = safe_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text


def test_selection_does_not_mutate_the_callers_graph(store):
    g = build_graph(store, propositions=True)
    before = (g.number_of_nodes(), g.number_of_edges(), dict(g.nodes[next(iter(g.nodes))]))
    sub, _ = select_subgraph(g, kinds={"case"}, min_cites=2)
    render_map(sub)
    assert (g.number_of_nodes(), g.number_of_edges(), dict(g.nodes[next(iter(g.nodes))])) == before


def test_kinds_min_cites_focus_and_propositions(store):
    g = build_graph(store, propositions=True)
    sub, _ = select_subgraph(g, kinds={"statute"})
    assert {a["kind"] for _, a in sub.nodes(data=True)} == {"opinion", "statute"}
    sub, _ = select_subgraph(g, min_cites=2)
    assert all(a["citing"] >= 2 for _, a in sub.nodes(data=True) if a["kind"] not in ("opinion", "proposition"))
    sharif = next(n for n, a in g.nodes(data=True) if a.get("key") == "280 F.3d 786")
    sub, _ = select_subgraph(g, focus=sharif, depth=1)
    assert sharif in sub and len(sub) < 10
    # Propositions: only the focus's, and only with a focus.
    sub, _ = select_subgraph(g, focus=sharif, depth=1, propositions=True)
    props = [n for n, a in sub.nodes(data=True) if a["kind"] == "proposition"]
    assert props and all(sub.has_edge(sharif, p) for p in props)
    assert not any(a["kind"] == "proposition" for _, a in select_subgraph(g, propositions=True)[0].nodes(data=True))


def test_store_map_of_a_focus_keeps_its_cites_and_citers_not_its_neighbours_cites(store):
    sharif = f"authority:{find_authority(store, '280 F.3d 786')['id']}"
    flores = f"opinion:{find_opinion(store, 'flores-albarran-v-wong')['id']}"
    chosen = map_graph(store, focus=sharif, depth=1)
    g = chosen.graph
    # Sharif is cited by Flores (drawn as one node with its own case) and cites nothing: two nodes.
    assert len(g) == 2 and sharif in g and chosen.title == "Sharif v. Ashcroft (2002)"
    (flores_node,) = [n for n in g if n != sharif]
    assert g.nodes[flores_node]["kind"] == "opinion" and g.nodes[flores_node]["stem"] == "flores-albarran-v-wong"
    # With --propositions: the points Sharif is cited for, a handful, not the 395-node cloud.
    with_props = map_graph(store, focus=sharif, depth=1, propositions=True).graph
    props = [n for n, a in with_props.nodes(data=True) if a["kind"] == "proposition"]
    assert 0 < len(props) <= 12 and all(with_props.has_edge(sharif, p) for p in props)
    # Around Flores at depth 1: what it cites and what cites it; at depth 2 also what those cite.
    one = map_graph(store, focus=flores, depth=1).graph
    two = map_graph(store, focus=flores, depth=2).graph
    assert set(one) < set(two)
    whole = map_graph(store).graph
    assert len(whole) > len(two) and not any(a["kind"] == "proposition" for _, a in whole.nodes(data=True))


def test_legend_is_drawn_from_the_node_shape_table():
    legend = legend_html()
    for kind, (colour, shape, label) in KIND_STYLE.items():
        assert (
            f'<li data-kind="{kind}" data-shape="{shape}"><svg class="shape" viewBox="0 0 16 16" width="14" height="14" fill="{colour}">{SHAPE_SVG[shape]}</svg>{label}</li>'
            in legend
        )
    page = render_map(payload_graph()).html
    assert 'data-shape="star"' in page and 'data-shape="dot"' in page and 'data-shape="square"' not in page


def test_flagged_nodes_get_a_red_border_and_say_why():
    g = payload_graph()
    g.nodes["authority:1"][FLAG] = "overruled by <Dobbs> (2022)"
    page = render_map(g).html
    assert '"borderWidth":4' in page and f'"border":"{FLAG_BORDER}"' in page and "may not be good law" in page
    assert (
        "\u26a0 overruled by \\u003cDobbs\\u003e" in page.encode("ascii", "backslashreplace").decode()
        or "⚠ overruled by \\u003cDobbs\\u003e (2022)" in page
    )
    assert "flagged (see tooltip)" not in render_map(payload_graph()).html


def test_initial_layout_places_communities_apart():
    g = nx.MultiDiGraph()
    for c in range(4):  # four stars of 30 nodes, one edge between neighbouring stars
        for j in range(30):
            g.add_edge(f"opinion:{c}", f"authority:{c}-{j}", relation="cites")
        g.add_edge(f"opinion:{c}", f"authority:{(c + 1) % 4}-0", relation="cites")
    pos = initial_layout(g)
    assert set(pos) == set(g)

    def spread(nodes):
        xs, ys = zip(*(pos[n] for n in nodes), strict=True)
        return ((max(xs) - min(xs)) ** 2 + (max(ys) - min(ys)) ** 2) ** 0.5

    centres = [pos[f"opinion:{c}"] for c in range(4)]
    gaps = [((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for a in centres for b in centres if a != b]
    assert min(gaps) > 0.5 * spread([f"authority:0-{j}" for j in range(1, 30)])


def test_big_graphs_are_limited_with_a_notice():
    g = nx.MultiDiGraph()
    g.add_node("opinion:0", kind="opinion", label="Op")
    for j in range(MAX_MAP_NODES + 500):
        g.add_node(f"authority:{j}", kind="case", label=f"A{j}", depth=j % 7, citing=j % 3)
        g.add_edge("opinion:0", f"authority:{j}", relation="cites")
    sub, notice = select_subgraph(g)
    result = render_map(sub, notice=notice, total_nodes=len(g))
    assert result.nodes == MAX_MAP_NODES
    assert notice == "Showing the 2,500 most-cited of 3,001 nodes; use --focus, --kinds or --min-cites for the rest."
    assert '"freeze":true' in result.html


def test_the_network_is_built_through_pyvis_add_node_and_add_edge(store, monkeypatch):
    from pyvis.network import Network

    calls = {"add_node": 0, "add_edge": 0}
    for name in calls:
        real = getattr(Network, name)

        def counted(self, *a, _real=real, _name=name, **k):
            calls[_name] += 1
            return _real(self, *a, **k)

        monkeypatch.setattr(Network, name, counted)
    g = map_graph(store).graph
    net = build_network(g)
    assert calls["add_node"] == g.number_of_nodes() == net.num_nodes()
    assert net.get_nodes() == list(g.nodes)
    # One drawn edge per (source, target, relation): the multigraph's repeats are folded.
    distinct = {(u, v, a.get("relation", "cites")) for u, v, a in g.edges(data=True)}
    assert calls["add_edge"] == len(distinct) == net.num_edges()
    assert {(e["from"], e["to"], e["relation"]) for e in net.get_edges()} == distinct
    assert [e["id"] for e in net.get_edges()] == [f"e{k}" for k in range(len(distinct))]


def test_the_page_carries_pyvis_model_and_options(store):
    g = map_graph(store).graph
    net = build_network(g)
    page = render_map(g).html
    data = json.loads(re.search(r'<script id="kb-data" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert data["nodes"] == net.get_network_data()[0]
    assert data["options"] == map_options(len(g)) == net.options
    stars = [net.get_node(n) for n in net.get_nodes() if net.get_node(n)["shape"] == "star"]
    assert sorted(n["kind"] for n in stars) == ["opinion"] * 3  # the three bundled opinions, and only they


def test_options_scale_with_the_map():
    small, big = map_options(SMALL_MAP), map_options(PHYSICS_NODE_LIMIT + 1)
    assert small["physics"]["forceAtlas2Based"]["springLength"] == 150
    assert big["physics"]["forceAtlas2Based"]["springLength"] == 60
    assert (small["interaction"]["hideEdgesOnDrag"], big["interaction"]["hideEdgesOnDrag"]) == (False, True)
    assert big["physics"]["stabilization"]["iterations"] < small["physics"]["stabilization"]["iterations"]
    assert map_options(150)["nodes"]["scaling"]["label"]["max"] == 22  # grows only past 150 nodes
    assert map_options(MAX_MAP_NODES)["nodes"]["scaling"]["label"]["max"] == 64


# --- in a real browser ------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api")
browser_only = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (scripts/browser.sh)")


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        yield b
        b.close()


def open_map(browser, path, timeout=120.0):
    """Open ``path`` from file:// with the network cut off; wait until the layout settles."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: problems.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.on("dialog", lambda d: (problems.append("dialog: " + d.message), d.dismiss()))
    page.goto(path.as_uri())
    start = time.monotonic()
    while not page.evaluate("window.kbMap !== undefined && window.kbMap.stabilized"):
        assert time.monotonic() - start < timeout, "map did not stabilise"
        page.wait_for_timeout(100)
    return page, problems


@browser_only
def test_bundled_map_in_chromium(browser, store, tmp_path):
    result = render_map(map_graph(store).graph)
    path = tmp_path / "map.html"
    path.write_text(result.html, encoding="utf-8")
    page, problems = open_map(browser, path)
    assert problems == []
    assert page.evaluate("[window.kbMap.nodes.length, window.kbMap.edges.length]") == [result.nodes, result.edges]
    # The canvas is drawn: many distinct pixel values, not a blank page.
    distinct = page.evaluate("""() => {
        const c = document.querySelector('#map canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const seen = new Set();
        for (let i = 0; i < d.length; i += 4 * 97) seen.add(d[i] + ',' + d[i+1] + ',' + d[i+2] + ',' + d[i+3]);
        return seen.size;
    }""")
    assert distinct > 20
    page.fill("#search", "Sharif")
    page.click("#find button")
    found = page.evaluate("window.kbMap.found")
    assert page.evaluate(f"window.kbMap.nodes.get({found!r}).label") == "Sharif v. Ashcroft (2002)"
    assert page.inner_text("#status") == "1 match; showing Sharif v. Ashcroft (2002)"
    # Highlighting fades the other nodes' labels too, and clicking the background brings them back.
    faded = page.evaluate(
        "window.kbMap.nodes.get().filter(n => n.font && n.font.color === 'rgba(60,60,60,0.18)').length"
    )
    assert faded > 0.5 * result.nodes
    page.evaluate("window.kbMap.reset()")
    assert page.evaluate("window.kbMap.nodes.get().filter(n => n.font && n.font.color !== '#222222').length") == 0
    page.fill("#search", "zzz-nothing")
    page.click("#find button")
    assert page.inner_text("#status") == "No node matches “zzz-nothing”."


@browser_only
def test_xss_payloads_show_as_text_and_never_run(browser, tmp_path):
    path = tmp_path / "xss.html"
    path.write_text(render_map(payload_graph()).html, encoding="utf-8")
    page, problems = open_map(browser, path)
    assert page.evaluate("window.__xss") is None
    assert problems == []
    assert page.evaluate("window.kbMap.nodes.get('authority:1').label") == XSS_NAME
    # Hovering shows the tooltip as plain text: the payload is text, not elements.
    pos = page.evaluate(
        "window.kbMap.network.canvasToDOM(window.kbMap.network.getPositions(['authority:1'])['authority:1'])"
    )
    box = page.evaluate(
        "(() => { const r = document.querySelector('#map canvas').getBoundingClientRect(); return [r.left, r.top]; })()"
    )
    page.mouse.move(box[0] + pos["x"], box[1] + pos["y"])  # canvas coordinates are inside the map, beside the panel
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    tip = page.evaluate(
        "(() => { const t = document.querySelector('div.vis-tooltip');"
        " return [t.textContent, [...t.querySelectorAll('*')].map(e => e.tagName)]; })()"
    )
    # Only the line breaks vis-network puts between the lines are elements.
    assert XSS_PAREN in tip[0] and "<script>" in tip[0] and set(tip[1]) <= {"BR"}
    assert page.evaluate("window.__xss") is None


@browser_only
def test_the_legend_covers_no_node(browser, store, tmp_path):
    path = tmp_path / "map.html"
    path.write_text(render_map(map_graph(store).graph).html, encoding="utf-8")
    page, problems = open_map(browser, path)
    assert problems == []
    panel = page.evaluate(
        "(() => { const r = document.getElementById('panel').getBoundingClientRect(); return [r.left, r.right]; })()"
    )
    canvas = page.evaluate(
        "(() => { const r = document.querySelector('#map canvas').getBoundingClientRect(); return [r.left, r.right]; })()"
    )
    assert panel[1] <= canvas[0]  # side by side: the panel never lies over the drawing
    # Every node is drawn inside the canvas, right of the panel.
    xs = page.evaluate(
        "(() => { const net = window.kbMap.network, pos = net.getPositions();"
        " return Object.keys(pos).map(id => net.canvasToDOM(pos[id]).x); })()"
    )
    assert min(xs) >= 0 and max(xs) <= canvas[1] - canvas[0]


@browser_only
def test_a_thousand_node_map_settles_and_stays_still(browser, tmp_path):
    g = nx.MultiDiGraph()
    for c in range(25):
        g.add_node(f"opinion:{c}", kind="opinion", label=f"Opinion {c} v. X (2010)", citation=f"Opinion {c}")
        for j in range(39):
            a = f"authority:{(c * 39 + j) if j else c}"
            g.add_node(a, kind="case", label=f"Case {a} v. Y (1999)", citation=a, depth=1 + j % 3, citing=1 + (j == 0))
            g.add_edge(f"opinion:{c}", a, relation="cites")
    path = tmp_path / "big.html"
    result = render_map(g)
    assert result.nodes >= 975
    path.write_text(result.html, encoding="utf-8")
    page, problems = open_map(browser, path, timeout=180)
    assert problems == []
    before = page.evaluate("JSON.stringify(window.kbMap.network.getPositions())")
    page.wait_for_timeout(1500)
    assert page.evaluate("JSON.stringify(window.kbMap.network.getPositions())") == before
