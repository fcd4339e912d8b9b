"""kb map: self-contained, offline, escaped, and checked in a real browser."""

from __future__ import annotations

import shutil
import time

import networkx as nx
import pytest

from kb.graph import build_graph
from kb.maps import MAX_MAP_NODES, render_map, safe_json, select_subgraph

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
    assert any(a["kind"] == "proposition" for _, a in select_subgraph(g, propositions=True)[0].nodes(data=True))
    assert not any(a["kind"] == "proposition" for _, a in select_subgraph(g)[0].nodes(data=True))


def test_big_graphs_are_limited_with_a_notice_and_built_without_pyvis_add_node(monkeypatch):
    from pyvis.network import Network

    def forbidden(*a, **k):
        raise AssertionError("pyvis add_node/add_edge are quadratic; kb fills the model directly")

    monkeypatch.setattr(Network, "add_node", forbidden)
    monkeypatch.setattr(Network, "add_edge", forbidden)
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
    g = build_graph(store, propositions=False)
    sub, _ = select_subgraph(g)
    result = render_map(sub)
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
    assert page.evaluate(f"window.kbMap.nodes.get({found!r}).label") == "Sharif"
    assert page.inner_text("#status") == "1 match; showing Sharif"
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
    page.mouse.move(pos["x"], pos["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    tip = page.evaluate(
        "(() => { const t = document.querySelector('div.vis-tooltip');"
        " return [t.textContent, [...t.querySelectorAll('*')].map(e => e.tagName)]; })()"
    )
    # Only the line breaks vis-network puts between the lines are elements.
    assert XSS_PAREN in tip[0] and "<script>" in tip[0] and set(tip[1]) <= {"BR"}
    assert page.evaluate("window.__xss") is None
