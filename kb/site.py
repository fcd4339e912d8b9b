"""``kb site DIR``: the store as one browsable offline site: an index, a page per opinion, the map.

Everything links relatively, so the folder can be opened from disk, zipped or
served as it is: ``index.html`` lists the opinions with a search box (client
side), each opinion's page is :func:`kb.show.opinion_page` with links to the
pages of the other opinions citing its authorities, and ``map.html`` is
:func:`kb.maps.render_map` of the store whose nodes open those pages (an
opinion its own page, an authority the page of an opinion citing it, with its
panel open).
"""

from __future__ import annotations

import html
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kb.maps import safe_json
from kb.show import opinion_page, page_name

INDEX = "index.html"
MAP = "map.html"


@dataclass(frozen=True, slots=True)
class SiteResult:
    """What :func:`build_site` wrote."""

    directory: str
    pages: int
    map_nodes: int
    files: tuple[str, ...]


def build_site(conn: sqlite3.Connection, directory: str | Path) -> SiteResult:
    """Write the site into ``directory`` (created if missing; kb's files in it are replaced).

    Raises:
        KbError: the folder cannot be created or written.
    """
    from kb.errors import KbError
    from kb.store import reading

    out = Path(directory)
    if out.exists() and not out.is_dir():
        raise KbError(f"{out}: is a file; give a folder for the site")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise KbError(f"{out}: cannot create the folder ({e.strerror or e})") from None
    with reading(conn):
        rows = conn.execute(
            "SELECT o.id, o.stem, o.case_name, o.court, o.date, o.citations,"
            " (SELECT count(*) FROM refs r WHERE r.opinion_id = o.id) AS refs FROM opinions o ORDER BY o.case_name, o.id"
        ).fetchall()
        names = {r["id"]: page_name(r["id"], r["stem"]) for r in rows}
        files: dict[str, str] = {}
        listed = []
        for r in rows:
            page, data = opinion_page(conn, f"o:{r['id']}", href=names.get, index=INDEX, map_page=MAP)
            files[names[r["id"]]] = page
            listed.append((r, data["opinion"]["citation"], len(data["opinion"]["cited_by"])))
        files[MAP], nodes = _map(conn, names)
    files[INDEX] = _index(listed, names)
    for name, text in files.items():
        try:
            (out / name).write_text(text, encoding="utf-8")
        except OSError as e:
            raise KbError(f"{out / name}: cannot write ({e.strerror or e})") from None
    return SiteResult(str(out), len(rows), nodes, tuple(sorted(files)))


def _map(conn: sqlite3.Connection, names: dict[int, str]) -> tuple[str, int]:
    """The store's map, each node linked to a page: an opinion's own, an authority's first citing opinion's (``#a:N``)."""
    from kb.goodlaw import flags_by_node
    from kb.maps import map_graph, render_map

    chosen = map_graph(conn)
    g = chosen.graph
    for n, flags in flags_by_node(conn, list(g.nodes)).items():
        g.nodes[n]["flags"] = flags
    links: dict[str, str] = {}
    authority_ids = [int(n.split(":", 1)[1]) for n in g if n.startswith("authority:")]
    own: dict[int, int] = {}
    first: dict[int, int] = {}
    from kb.query import in_chunks

    for chunk, marks in in_chunks(authority_ids):
        own.update(
            (r[0], r[1])
            for r in conn.execute(
                f"SELECT id, opinion_id FROM authorities WHERE opinion_id IS NOT NULL AND id IN ({marks})", chunk
            )
        )
        first.update(
            (r[0], r[1])
            for r in conn.execute(
                f"SELECT authority_id, min(opinion_id) FROM refs WHERE authority_id IN ({marks}) GROUP BY authority_id",
                chunk,
            )
        )
    for n in g:
        kind, _, number = n.partition(":")
        nid = int(number) if number.isdigit() else -1
        if kind == "opinion" and nid in names:
            links[n] = names[nid]
        elif kind == "authority" and own.get(nid) in names:
            links[n] = names[own[nid]]
        elif kind == "authority" and first.get(nid) in names:
            links[n] = f"{names[first[nid]]}#a:{nid}"
    result = render_map(g, title="kb citation map", notice=chosen.notice, total_nodes=chosen.total)
    script = (
        f'<script id="kb-links" type="application/json">{safe_json(links)}</script>\n<script>{_MAP_LINKS_JS}</script>\n'
    )
    page = result.html
    at = page.rfind("</body>")
    return page[:at] + script + page[at:], result.nodes


def _index(listed: list[tuple[sqlite3.Row, str, int]], names: dict[int, str]) -> str:
    rows = []
    for r, citation, cited_by in listed:
        search = " ".join(
            x for x in (r["case_name"], citation, r["court"] or "", r["date"] or "", *json.loads(r["citations"])) if x
        )
        rows.append(
            f'<tr data-search="{html.escape(search.lower())}"><td><a href="{html.escape(names[r["id"]])}">'
            f'{html.escape(r["case_name"])}</a><div class="cite">{html.escape(citation)}</div></td>'
            f"<td>{html.escape(r['court'] or '')}</td><td>{html.escape(r['date'] or '')}</td>"
            f'<td class="n">{r["refs"]}</td><td class="n">{cited_by}</td></tr>'
        )
    return _INDEX.format(rows="\n".join(rows), count=len(listed), map=MAP, app=_INDEX_JS)


_INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kb: opinions</title>
<style>
body {{ font: 14px/1.4 sans-serif; color: #222; margin: 16px 24px; }}
h1 {{ font-size: 20px; margin: 0 0 8px; }}
#search {{ width: 320px; font-size: 14px; padding: 3px 6px; }}
table {{ border-collapse: collapse; margin-top: 10px; width: 100%; max-width: 1100px; }}
th, td {{ text-align: left; padding: 5px 8px; border-bottom: 1px solid #e3e7ec; vertical-align: top; }}
td.n, th.n {{ text-align: right; }}
.cite {{ font-size: 12px; color: #555; }}
#status {{ font-size: 12px; color: #555; margin-left: 8px; }}
</style>
</head>
<body>
<h1>kb: {count} opinions</h1>
<p><a href="{map}">Citation map</a></p>
<input id="search" type="search" placeholder="Filter by name, court, date or citation" aria-label="Filter opinions">
<span id="status"></span>
<table>
<thead><tr><th>Opinion</th><th>Court</th><th>Date</th><th class="n">References</th><th class="n">Cited by</th></tr></thead>
<tbody id="opinions">
{rows}
</tbody>
</table>
<script>{app}</script>
</body>
</html>
"""

_INDEX_JS = r"""
(function () {
  "use strict";
  var box = document.getElementById("search"), status = document.getElementById("status");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#opinions tr"));
  function filter() {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
    rows.forEach(function (tr) {
      var hay = tr.getAttribute("data-search");
      var ok = words.every(function (w) { return hay.indexOf(w) >= 0; });
      tr.style.display = ok ? "" : "none";
      if (ok) { shown += 1; }
    });
    status.textContent = words.length ? shown + " of " + rows.length + " opinions" : "";
  }
  box.addEventListener("input", filter);
  window.kbIndex = {filter: filter};
})();
"""

# Added to the map page: a link to the clicked node's page in the side panel, and a double click opens it.
_MAP_LINKS_JS = r"""
(function () {
  "use strict";
  var links = JSON.parse(document.getElementById("kb-links").textContent);
  var m = window.kbMap;
  if (!m) { return; }
  m.links = links;
  var panel = document.getElementById("panel");
  var back = document.createElement("p");
  var home = document.createElement("a");
  home.setAttribute("href", "index.html");
  home.textContent = "All opinions";
  back.appendChild(home);
  panel.insertBefore(back, panel.children[1] || null);
  var box = document.createElement("p");
  box.id = "kb-open";
  panel.insertBefore(box, back.nextSibling);
  m.network.on("click", function (p) {
    box.textContent = "";
    var id = p.nodes.length ? p.nodes[0] : null;
    if (id === null || !links[id]) { return; }
    var a = document.createElement("a");
    a.setAttribute("href", links[id]);
    a.textContent = "Open: " + (m.nodes.get(id).label || id);
    box.appendChild(a);
  });
  m.network.on("doubleClick", function (p) {
    if (p.nodes.length && links[p.nodes[0]]) { window.location.href = links[p.nodes[0]]; }
  });
})();
"""
