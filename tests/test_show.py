"""kb show and kb site: every citation marked, spans nested, markup inert, links resolving; checked in Chromium."""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.ingest import ingest_paths
from kb.show import nest_spans, opinion_page, page_name
from kb.site import build_site
from kb.store import connect
from tests.conftest import OPINIONS

XSS = "<script>window.__xss=1</script>"
XSS_IMG = "<img src=x onerror=\"window.__xss='img'\">"


class Marks(HTMLParser):
    """The text of ``#text`` with, per character, the refs of the marks holding it (innermost last)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.depth = 0
        self.stack: list[str] = []
        self.chars: list[tuple[str, tuple[str, ...]]] = []
        self.balanced = True

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and a.get("id") == "text":
            self.inside = True
        elif self.inside and tag == "mark":
            self.stack.append(a["data-ref"])
        elif self.inside and tag == "div":
            self.depth += 1

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "mark":
            self.balanced &= bool(self.stack)
            self.stack.pop()
        elif tag == "div":
            if self.depth == 0:
                self.inside = False
            else:
                self.depth -= 1

    def handle_data(self, data):
        if self.inside:
            self.chars += [(ch, tuple(self.stack)) for ch in data]


def parse_marks(page: str) -> Marks:
    p = Marks()
    p.feed(page)
    p.close()
    return p


def flores_refs(store):
    oid = store.execute("SELECT id FROM opinions WHERE stem = 'flores-albarran-v-wong'").fetchone()[0]
    text = store.execute("SELECT text FROM opinions WHERE id = ?", (oid,)).fetchone()[0]
    refs = store.execute("SELECT id, start, end, text FROM refs WHERE opinion_id = ? ORDER BY seq", (oid,)).fetchall()
    return oid, text, refs


def test_nest_spans_nests_contained_spans_and_cuts_crossing_ones():
    roots = nest_spans([(0, 10, 1), (2, 4, 2), (5, 15, 3), (20, 20, 4)])
    shape = [(s.start, s.end, s.ref, [(c.start, c.end, c.ref) for c in s.children]) for s in roots]
    assert shape == [(0, 10, 1, [(2, 4, 2), (5, 10, 3)]), (10, 15, 3, [])]


def test_every_reference_of_flores_is_marked_over_exactly_its_span(store):
    oid, text, refs = flores_refs(store)
    overlapping = sum(
        1 for a, b in zip(refs, sorted(refs, key=lambda r: r["start"])[1:], strict=False) if b["start"] < a["end"]
    )
    page, data = opinion_page(store, "flores-albarran-v-wong")
    marks = parse_marks(page)
    assert marks.balanced and not marks.stack
    # The page's text is the opinion's, character for character (markup escaped, nothing lost).
    assert "".join(ch for ch, _ in marks.chars) == text
    # Each reference's characters, and only those, are inside a mark of its own.
    for r in refs:
        inside = [i for i, (_, held) in enumerate(marks.chars) if str(r["id"]) in held]
        assert inside == list(range(r["start"], r["end"])), r["text"]
    # Twombly inside Iqbal's parenthetical: nested, the inner one innermost.
    twombly = next(r for r in refs if r["text"].startswith("Bell Atl. Corp. v. Twombly"))
    iqbal = next(r for r in refs if r["text"].startswith("Ashcroft v. Iqbal"))
    assert marks.chars[twombly["start"]][1][-2:] == (str(iqbal["id"]), str(twombly["id"]))
    assert overlapping >= 0 and len(data["refs"]) == 143


def test_the_panel_data_says_what_the_store_knows(store):
    _, data = opinion_page(store, "flores-albarran-v-wong", href=lambda oid: f"page-{oid}.html")
    by_key = {a["key"]: a for a in data["authorities"].values()}
    iqbal = by_key["556 U.S. 662"]
    assert iqbal["citation"] == "Ashcroft v. Iqbal, 556 U.S. 662, 129 S. Ct. 1937, 173 L. Ed. 2d 868 (2009)"
    assert iqbal["pins"] == ["556 U.S. at 678", "129 S. Ct. at 1949", "129 S. Ct. at 1949–50"]
    assert any("plausible on its face" in p["text"] for p in iqbal["propositions"])
    # 8 U.S.C. § 1252(g) is cited by the other bundled opinions too: they are listed, with links to their pages.
    usc = by_key["8 U.S.C. § 1252(g)"]
    balogun = store.execute("SELECT id FROM opinions WHERE stem = 'balogun-v-sessions'").fetchone()[0]
    assert {"opinion": "Balogun v. Sessions", "href": f"page-{balogun}.html"}.items() <= next(
        c for c in usc["citing"] if c["opinion"] == "Balogun v. Sessions"
    ).items()
    assert usc["citing_count"] == len(usc["citing"]) >= 1
    assert all(p["href"].startswith("page-") for p in usc["elsewhere"])
    assert data["opinion"]["citation"] == "Flores Albarran v. Wong, 157 F. Supp. 3d 779 (N.D. Ill. 2016)"


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    """Arango with a hostile case name (sidecar) and hostile markup inside its citations' names and parentheticals."""
    folder = tmp_path_factory.mktemp("hostile")
    text = (OPINIONS / "arango-v-usa-immigration.txt").read_text(encoding="utf-8")
    old = 'Duamutef v. INS, 386 F.3d 172, 179 (2d Cir. 2004) ("The law'
    assert text.count(old) == 1
    text = text.replace(old, f'Duamutef{XSS} v. INS, 386 F.3d 172, 179 (2d Cir. 2004) ({XSS_IMG} "The law')
    (folder / "hostile.txt").write_text(text, encoding="utf-8")
    meta = json.loads((OPINIONS / "arango-v-usa-immigration.json").read_text(encoding="utf-8"))
    meta["case_name"] = f"{XSS} v. {XSS_IMG}"
    (folder / "hostile.json").write_text(json.dumps(meta), encoding="utf-8")
    for stem in ("balogun-v-sessions", "flores-albarran-v-wong"):
        shutil.copy(OPINIONS / f"{stem}.txt", folder / f"{stem}.txt")
        shutil.copy(OPINIONS / f"{stem}.json", folder / f"{stem}.json")
    conn = connect(folder / "kb.sqlite")
    assert not ingest_paths(conn, [folder]).failed
    return conn


def test_hostile_markup_is_escaped_everywhere(hostile_store, tmp_path):
    page, data = opinion_page(hostile_store, "hostile")
    assert XSS in data["opinion"]["case_name"]  # the data holds it, as text
    for raw in ("<script>window.__xss", "<img src=x", XSS_IMG):
        assert raw not in page
    assert html.escape(XSS, quote=False) in page  # in the text, escaped
    result = build_site(hostile_store, tmp_path / "site")
    for name in result.files:
        content = (tmp_path / "site" / name).read_text(encoding="utf-8")
        assert "<script>window.__xss" not in content and "<img src=x" not in content, name


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src") and v is not None:
                self.hrefs.append(v)


def site_links(folder: Path) -> dict[str, list[str]]:
    """Every link of every page, with the map's node links and the pages' panel links (kept in their data)."""
    out = {}
    for f in sorted(folder.glob("*.html")):
        content = f.read_text(encoding="utf-8")
        p = Links()
        p.feed(content)
        hrefs = list(p.hrefs)
        for m in re.finditer(r'<script id="(kb-links|kb-data)" type="application/json">(.*?)</script>', content, re.S):
            data = json.loads(m.group(2))
            if m.group(1) == "kb-links":
                hrefs += list(data.values())
            elif "authorities" in data:  # an opinion page's data (the map's is its network)
                for a in data["authorities"].values():
                    hrefs += [x["href"] for x in a["citing"] + a["elsewhere"] if x["href"]]
                hrefs += [c["href"] for c in data["opinion"]["cited_by"] if c["href"]]
        out[f.name] = hrefs
    return out


def test_site_writes_index_pages_and_map_and_every_link_resolves(store, tmp_path):
    folder = tmp_path / "site"
    result = build_site(store, folder)
    stems = [r[0] for r in store.execute("SELECT stem FROM opinions ORDER BY id")]
    assert result.pages == 3 == len(stems)
    assert set(result.files) == {"index.html", "map.html", *(page_name(i + 1, s) for i, s in enumerate(stems))}
    links = site_links(folder)
    assert len(links["map.html"]) >= result.map_nodes - 5  # nearly every node opens a page
    checked = 0
    for page, hrefs in links.items():
        for h in hrefs:
            parts = urlsplit(h)
            assert not parts.scheme and not parts.netloc, (page, h)  # relative, never the network
            if parts.path:
                assert (folder / unquote(parts.path)).is_file(), (page, h)
                checked += 1
    assert checked > 20


def test_cli_show_and_site(store, tmp_path):
    import sqlite3

    db = tmp_path / "kb.sqlite"
    src, dest = sqlite3.connect(store.execute("PRAGMA database_list").fetchone()[2]), sqlite3.connect(db)
    src.backup(dest)
    src.close(), dest.close()
    runner = CliRunner()
    out = tmp_path / "flores.html"
    r = runner.invoke(main, ["--db", str(db), "show", "flores-albarran-v-wong", "-o", str(out)])
    assert (
        r.exit_code == 0 and r.output == f"wrote Flores Albarran v. Wong: 143 references to 58 authorities -> {out}\n"
    )
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    r = runner.invoke(main, ["--db", str(db), "show", "no-such-opinion"])
    assert r.exit_code == 1 and r.output.startswith("Error: no opinion matches 'no-such-opinion'")
    r = runner.invoke(main, ["--db", str(db), "site", str(tmp_path / "site")])
    assert r.exit_code == 0 and r.output.startswith("wrote 3 opinion pages, the index and a map of ")
    (tmp_path / "file").write_text("x")
    r = runner.invoke(main, ["--db", str(db), "site", str(tmp_path / "file")])
    assert r.exit_code == 1 and r.output == f"Error: {tmp_path / 'file'}: is a file; give a folder for the site\n"


# --- in a real browser ------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api")
browser_only = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (scripts/browser.sh)")


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield b
        b.close()


def open_page(browser, path: Path, fragment: str = ""):
    """Open ``path`` offline, recording console errors, page errors, dialogs and any request off the disk."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: problems.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.on("dialog", lambda d: (problems.append("dialog: " + d.message), d.dismiss()))
    page.goto(path.as_uri() + fragment)
    return page, problems


def click_mark(page, locator) -> None:
    """Click a (perhaps line-wrapped) mark where its first line is drawn, as a reader would."""
    locator.scroll_into_view_if_needed()
    box = locator.evaluate(
        "m => { const r = m.getClientRects()[0]; return {x: r.left + Math.min(4, r.width / 2), y: r.top + r.height / 2}; }"
    )
    page.mouse.click(box["x"], box["y"])


@pytest.fixture(scope="module")
def site(store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    build_site(store, folder)
    return folder


@browser_only
def test_clicking_a_citation_opens_its_panel_and_nested_ones_theirs(browser, store, site):
    oid = store.execute("SELECT id FROM opinions WHERE stem = 'flores-albarran-v-wong'").fetchone()[0]
    page, problems = open_page(browser, site / page_name(oid, "flores-albarran-v-wong"))
    click_mark(page, page.locator("#text mark", has_text="Ashcroft v. Iqbal").first)
    assert page.inner_text("#panel h2") == "Ashcroft v. Iqbal, 556 U.S. 662, 129 S. Ct. 1937, 173 L. Ed. 2d 868 (2009)"
    assert "We may grant a Rule 12(b)(6) motion" in page.inner_text("#panel")
    # Twombly is inside Iqbal's parenthetical: clicking it opens Twombly, and the panel says where it sits.
    click_mark(page, page.locator("#text mark mark", has_text="Bell Atl. Corp. v. Twombly").first)
    assert page.inner_text("#panel h2").startswith("Bell Atl. Corp. v. Twombly, 550 U.S. 544")
    assert "INSIDE THE CITATION OF" in page.inner_text("#panel").upper()
    # A statute the other opinions cite too links to their pages; following one opens it.
    click_mark(page, page.locator("#text mark", has_text="8 U.S.C. § 1252(g)").first)
    link = page.locator("#panel a", has_text="Balogun v. Sessions").first
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(".html") and "balogun" in page.url
    assert page.inner_text("header h1").startswith("Balogun v. Sessions, 330 F. Supp. 3d 1211")
    assert problems == []


@browser_only
def test_index_search_filters_and_the_map_opens_pages(browser, site):
    page, problems = open_page(browser, site / "index.html")
    assert page.locator("#opinions tr").count() == 3
    page.fill("#search", "balogun")
    assert page.locator("#opinions tr:visible").count() == 1
    assert page.inner_text("#status") == "1 of 3 opinions"
    page.fill("#search", "")
    page.locator("a", has_text="Citation map").click()
    start = page.evaluate("Date.now()")
    while not page.evaluate("window.kbMap !== undefined && window.kbMap.stabilized"):
        assert page.evaluate("Date.now()") - start < 120000
        page.wait_for_timeout(100)
    links = page.evaluate("window.kbMap.links")
    node = next(n for n, h in links.items() if "#" not in h)  # an opinion's own page
    page.evaluate(f"window.kbMap.network.body.emitter.emit('click', {{nodes: [{node!r}], edges: []}})")
    assert page.inner_text("#kb-open").startswith("Open: ")
    page.evaluate(f"window.kbMap.network.body.emitter.emit('doubleClick', {{nodes: [{node!r}], edges: []}})")
    page.wait_for_url(re.compile(re.escape(links[node]) + "$"))
    assert page.locator("#text mark").count() > 10
    assert problems == []


@browser_only
def test_an_authority_link_from_the_map_opens_its_panel(browser, store, site):
    links = json.loads(
        re.search(
            r'<script id="kb-links" type="application/json">(.*?)</script>',
            (site / "map.html").read_text(encoding="utf-8"),
            re.S,
        ).group(1)
    )
    target = next(h for h in links.values() if "#a:" in h)
    name, _, fragment = target.partition("#")
    page, problems = open_page(browser, site / name, "#" + fragment)
    aid = int(fragment.split(":")[1])
    key = store.execute("SELECT key FROM authorities WHERE id = ?", (aid,)).fetchone()[0]
    assert key in page.inner_text("#panel")
    assert problems == []


@browser_only
def test_hostile_markup_stays_inert_in_the_browser(browser, hostile_store, tmp_path):
    folder = tmp_path / "site"
    build_site(hostile_store, folder)
    oid = hostile_store.execute("SELECT id FROM opinions WHERE stem = 'hostile'").fetchone()[0]
    page, problems = open_page(browser, folder / page_name(oid, "hostile"))
    assert XSS in page.inner_text("header h1")  # shown as text
    for k in range(page.locator("#text mark").count()):
        click_mark(page, page.locator("#text mark").nth(k))
    panel = page.locator("#panel")
    click_mark(page, page.locator("#text mark", has_text="Duamutef").first)
    assert "Duamutef" in panel.inner_text()
    assert page.evaluate("document.querySelectorAll('#panel script, #panel img, #text script, #text img').length") == 0
    index, index_problems = open_page(browser, folder / "index.html")
    assert XSS in index.inner_text("#opinions")
    assert page.evaluate("window.__xss") is None and index.evaluate("window.__xss") is None
    assert problems == [] and index_problems == []


CORPUS = OPINIONS.parent.parent.parent / "shared" / "corpus" / "opinions"
TINKLENBERG = "slip-10-the-court-united-states-v-tinklenberg"


@pytest.fixture(scope="module")
def flagged_store(tmp_path_factory):
    """Tinklenberg, whose citations say Wilson and Cobb were abrogated (real corpus text)."""
    if not (CORPUS / f"{TINKLENBERG}.txt").exists():
        pytest.skip("../shared/corpus/opinions is not here")
    folder = tmp_path_factory.mktemp("flagged")
    shutil.copy(CORPUS / f"{TINKLENBERG}.txt", folder / f"{TINKLENBERG}.txt")
    conn = connect(folder / "kb.sqlite")
    assert not ingest_paths(conn, [folder]).failed
    return conn


@browser_only
def test_a_flagged_authority_shows_its_flag_in_red(browser, flagged_store, tmp_path):
    page_html, data = opinion_page(flagged_store, TINKLENBERG)
    wilson = next(a for a in data["authorities"].values() if a["key"] == "835 F.2d 1440")
    assert wilson["flags"] == [
        "! abrogated by Bloate v. United States, 559 U.S. ___ (2010) (per United States v. Tinklenberg)"
    ]
    path = tmp_path / "tinklenberg.html"
    path.write_text(page_html, encoding="utf-8")
    page, problems = open_page(browser, path, f"#a:{wilson['id']}")
    assert page.inner_text("#panel .flag") == wilson["flags"][0]
    assert page.evaluate("getComputedStyle(document.querySelector('#panel .flag')).color") == "rgb(176, 0, 22)"
    assert problems == []
