"""``kb show``: a stored opinion's text as one self-contained page, every citation linked to what the store knows.

Each reference's span (``refs.start``/``refs.end``, offsets into
``opinions.text``) is a highlighted, clickable ``<mark>`` coloured by kind
(the map's colours, :data:`kb.maps.KIND_STYLE`). Clicking one opens a side
panel: the authority's Bluebook citation (:mod:`kb.bluebook`) and subsequent
history, its good-law flags (:mod:`kb.goodlaw`), this reference as printed,
its pins and propositions in this opinion, its propositions elsewhere, and
the other opinions in the store citing it (links to their pages in a site,
:mod:`kb.site`).

Spans overlap: a citation inside another's parenthetical (Twombly quoted in
Iqbal's) nests inside it, and a span crossing another's end is cut there and
continued after it (:func:`nest_spans`), so the page is well-formed and every
character belongs to the innermost citation holding it.

Same rules as the maps: nothing is loaded from anywhere (a Content-Security-
Policy forbids it), the data block cannot close its ``<script>``
(:func:`kb.maps.safe_json`), text is escaped with :func:`html.escape`, and the
panel is built with ``textContent`` only, so an opinion's markup stays text.
"""

from __future__ import annotations

import heapq
import html
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kb.maps import KIND_STYLE, safe_json

# At most this many propositions from other opinions, and citing opinions, per authority in a panel.
ELSEWHERE_SHOWN = 8
CITING_SHOWN = 50
# Authority lists are read store-wide with this many entries per list (totals give the rest).
LIST_LIMIT = 50
UNRESOLVED_COLOUR = "#95a5a6"

# An opinion's page name in a site: a page's href from its id.
PageHref = Callable[[int], str | None]


@dataclass(slots=True)
class Span:
    """One piece of a reference's span, with the pieces nested inside it."""

    start: int
    end: int
    ref: int
    children: list[Span] = field(default_factory=list)


def nest_spans(spans: list[tuple[int, int, int]]) -> list[Span]:
    """Reference spans ``(start, end, ref)`` as a forest of properly nested pieces.

    A span inside another becomes its child; a span crossing another's end is
    cut at that end and the rest placed after it (same ``ref``), so nothing
    overlaps but by containment. Empty spans are dropped.

    Example:
        >>> [(s.start, s.end, s.ref, [(c.start, c.end) for c in s.children]) for s in nest_spans([(0, 10, 1), (5, 15, 2)])]
        [(0, 10, 1, [(5, 10)]), (10, 15, 2, [])]
    """
    heap = [(s, -e, k, ref) for k, (s, e, ref) in enumerate(spans) if e > s]
    heapq.heapify(heap)
    roots: list[Span] = []
    stack: list[Span] = []
    seq = len(heap)
    while heap:
        s, neg_end, _, ref = heapq.heappop(heap)
        e = -neg_end
        while stack and stack[-1].end <= s:
            stack.pop()
        if stack and e > stack[-1].end:  # crossing the open span's end: cut here, continue after it
            cut = stack[-1].end
            heapq.heappush(heap, (cut, -e, seq, ref))
            seq += 1
            e = cut
        node = Span(s, e, ref)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


def render_text(text: str, spans: list[Span], classes: dict[int, str]) -> str:
    """``text`` as escaped HTML, each span a ``<mark>`` with the class ``classes`` gives its reference."""
    out: list[str] = []

    def walk(nodes: list[Span], lo: int, hi: int) -> None:
        pos = lo
        for n in nodes:
            out.append(html.escape(text[pos : n.start], quote=False))
            out.append(f'<mark class="{classes.get(n.ref, "cite")}" data-ref="{n.ref}" tabindex="0">')
            walk(n.children, n.start, n.end)
            out.append("</mark>")
            pos = n.end
        out.append(html.escape(text[pos:hi], quote=False))

    walk(spans, 0, len(text))
    return "".join(out)


def page_name(opinion_id: int, stem: str) -> str:
    """An opinion's file name in a site: ``o3-flores-albarran-v-wong.html`` (only letters, digits and dashes)."""
    safe = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:80]
    return f"o{opinion_id}-{safe or 'opinion'}.html"


def opinion_page(
    conn: sqlite3.Connection,
    opinion: str,
    *,
    href: PageHref | None = None,
    index: str | None = None,
    map_page: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """The page of one stored opinion (``opinion``: id, stem, name or citation, as :func:`kb.lookup.find_opinion`).

    Args:
        href: the page of another opinion by id, in a site (None: no links between pages).
        index, map_page: the site's index and map, linked from the page's head.

    Returns:
        The HTML and the data it embeds (``{opinion, refs, authorities}``).

    Raises:
        NotFoundError, AmbiguousError: as :func:`kb.lookup.find_opinion`.
    """
    from kb.lookup import find_opinion
    from kb.store import reading

    with reading(conn):
        row = find_opinion(conn, opinion)
        data, text, refs = opinion_data(conn, row["id"], href=href)
    return render_page(data, text, refs, index=index, map_page=map_page), data


def opinion_data(
    conn: sqlite3.Connection, opinion_id: int, *, href: PageHref | None = None
) -> tuple[dict[str, Any], str, list[sqlite3.Row]]:
    """What an opinion's page shows: its references, and per authority what the store knows of it."""
    import json

    from kb.bluebook import opinion_citation
    from kb.query import authority_objects

    row = conn.execute("SELECT * FROM opinions WHERE id = ?", (opinion_id,)).fetchone()
    refs = conn.execute(
        "SELECT id, authority_id, kind, form, start, end, text, pin_cite, signal, parenthetical, location,"
        " treatment, treatment_cue FROM refs WHERE opinion_id = ? ORDER BY seq",
        (opinion_id,),
    ).fetchall()
    ids = sorted({r["authority_id"] for r in refs if r["authority_id"] is not None})
    here = {o["id"]: o for o in authority_objects(conn, opinion_id, ids)} if ids else {}
    wide = {o["id"]: o for o in authority_objects(conn, authority_ids=ids, list_limit=LIST_LIMIT)} if ids else {}
    props = _propositions(conn, opinion_id, ids)
    elsewhere = _elsewhere(conn, opinion_id, ids)
    authorities: dict[str, Any] = {}
    for aid in ids:
        if aid in here and aid in wide:
            authorities[str(aid)] = _panel(
                here[aid], wide[aid], props.get(aid, []), elsewhere.get(aid, []), opinion_id, href
            )
    cited_by = _cited_by(conn, opinion_id, href)
    data = {
        "opinion": {
            "id": opinion_id,
            "stem": row["stem"],
            "case_name": row["case_name"],
            "citation": opinion_citation(
                row["case_name"], json.loads(row["citations"]), row["court"], row["date"], row["docket"]
            ),
            "court": row["court"],
            "date": row["date"],
            "cited_by": cited_by,
        },
        "refs": {
            str(r["id"]): {
                "authority": r["authority_id"],
                "kind": r["kind"],
                "form": r["form"],
                "text": " ".join(r["text"].split()),
                "pin": r["pin_cite"],
                "signal": r["signal"],
                "location": r["location"],
                "treatment": r["treatment"],
                "cue": r["treatment_cue"],
            }
            for r in refs
        },
        "authorities": authorities,
    }
    return data, row["text"], refs


def _panel(
    here: dict[str, Any],
    wide: dict[str, Any],
    props: list[dict[str, Any]],
    elsewhere: list[dict[str, Any]],
    opinion_id: int,
    href: PageHref | None,
) -> dict[str, Any]:
    """One authority's panel: ``here`` its object in this opinion, ``wide`` store-wide (docs/json.md)."""
    from kb.goodlaw import describe_flag

    others = [b for b in wide.get("by_opinion", []) if b["opinion_id"] != opinion_id]
    return {
        "id": wide["id"],
        "kind": wide["kind"],
        "key": wide["key"],
        "citation": wide["citation"] + wide["subsequent_history"],
        "as_cited": here["citation"] + here["subsequent_history"],
        "flags": [describe_flag(f) for f in wide["flags"]],
        "pins": here["pin_cites"],
        "depth": here["depth"],
        "locations": here["locations"],
        "parentheticals": here["parentheticals"],
        "propositions": props,
        "elsewhere": [{**p, "href": href(p["opinion_id"]) if href else None} for p in elsewhere],
        "citing": [
            {"opinion": b["opinion"], "depth": b["depth"], "href": href(b["opinion_id"]) if href else None}
            for b in others[:CITING_SHOWN]
        ],
        # This opinion is one of the citing opinions the store counts.
        "citing_count": max(len(others), wide["totals"]["citing_opinions"] - 1),
    }


def _cited_by(conn: sqlite3.Connection, opinion_id: int, href: PageHref | None) -> list[dict[str, Any]]:
    """The stored opinions citing this one (through the authority that is it)."""
    own = conn.execute("SELECT id FROM authorities WHERE opinion_id = ?", (opinion_id,)).fetchone()
    if own is None:
        return []
    return [
        {"opinion": r["case_name"], "href": href(r["id"]) if href else None}
        for r in conn.execute(
            "SELECT DISTINCT o.id, o.case_name FROM refs r JOIN opinions o ON o.id = r.opinion_id"
            " WHERE r.authority_id = ? AND r.opinion_id != ? ORDER BY o.case_name",
            (own["id"], opinion_id),
        )
    ]


def _propositions(conn: sqlite3.Connection, opinion_id: int, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    seen: set[tuple[int, str]] = set()
    wanted = set(ids)
    for p in conn.execute(
        "SELECT authority_id, kind, text, pin_cite FROM propositions WHERE opinion_id = ? ORDER BY id", (opinion_id,)
    ):
        if p["authority_id"] in wanted and (p["authority_id"], p["text"]) not in seen:
            seen.add((p["authority_id"], p["text"]))
            out.setdefault(p["authority_id"], []).append({"kind": p["kind"], "text": p["text"], "pin": p["pin_cite"]})
    return out


def _elsewhere(conn: sqlite3.Connection, opinion_id: int, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """What other opinions cite each authority for: a few distinct propositions, one opinion after another."""
    from kb.query import in_chunks

    out: dict[int, list[dict[str, Any]]] = {}
    for chunk, marks in in_chunks(ids):
        for p in conn.execute(
            "SELECT * FROM (SELECT p.authority_id, p.text, p.pin_cite, p.opinion_id, o.case_name,"
            " row_number() OVER (PARTITION BY p.authority_id ORDER BY p.opinion_id, p.id) AS n"
            " FROM propositions p JOIN opinions o ON o.id = p.opinion_id"
            f" WHERE p.authority_id IN ({marks}) AND p.opinion_id != ?) WHERE n <= ?",
            [*chunk, opinion_id, ELSEWHERE_SHOWN],
        ):
            out.setdefault(p["authority_id"], []).append(
                {"opinion": p["case_name"], "opinion_id": p["opinion_id"], "text": p["text"], "pin": p["pin_cite"]}
            )
    return out


def _classes(refs: list[sqlite3.Row]) -> dict[int, str]:
    out = {}
    for r in refs:
        kind = r["kind"] if r["kind"] in KIND_STYLE else "other"
        state = f"k-{kind}" if r["authority_id"] is not None else "k-unresolved"
        out[r["id"]] = f"cite {state} f-{re.sub(r'[^a-z]', '', r['form'] or '')}"
    return out


def render_page(
    data: dict[str, Any], text: str, refs: list[sqlite3.Row], *, index: str | None = None, map_page: str | None = None
) -> str:
    """The page: head, the opinion's text with its citations marked, the side panel, the data and the script."""
    spans = nest_spans([(r["start"], r["end"], r["id"]) for r in refs if 0 <= r["start"] < r["end"] <= len(text)])
    body = render_text(text, spans, _classes(refs))
    op = data["opinion"]
    nav = []
    if index:
        nav.append(f'<a href="{html.escape(index)}">All opinions</a>')
    if map_page:
        nav.append(f'<a href="{html.escape(map_page)}">Map</a>')
    kinds = sorted({r["kind"] if r["kind"] in KIND_STYLE else "other" for r in refs if r["authority_id"] is not None})
    legend = "".join(
        f'<li><span class="swatch k-{html.escape(k)}"></span>{html.escape(KIND_STYLE[k][2])}</li>' for k in kinds
    )
    if any(r["authority_id"] is None for r in refs):
        legend += '<li><span class="swatch k-unresolved"></span>Unresolved</li>'
    cited_by = len(op["cited_by"])
    facts = " · ".join(
        x
        for x in (
            f"{len(refs)} references to {len(data['authorities'])} authorities",
            f"cited by {cited_by} opinion{'s' if cited_by != 1 else ''} in the store" if cited_by else "",
        )
        if x
    )
    return _TEMPLATE.format(
        title=html.escape(op["citation"]),
        nav=" · ".join(nav),
        facts=html.escape(facts),
        legend=legend,
        css=_css(),
        body=body,
        data=safe_json(data),
        app=_APP_JS,
    )


def _css() -> str:
    rules = []
    for kind, (colour, _, _) in KIND_STYLE.items():
        rules.append(
            f"mark.k-{kind}, .swatch.k-{kind} {{ background: {colour}22; border-bottom: 2px solid {colour}; }}"
        )
    rules.append(
        f"mark.k-unresolved, .swatch.k-unresolved {{ background: #eee; border-bottom: 2px dotted {UNRESOLVED_COLOUR}; }}"
    )
    return "\n".join(rules)


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
html, body {{ margin: 0; height: 100%; font: 15px/1.5 Georgia, serif; color: #222; }}
body {{ display: flex; flex-direction: column; }}
header {{ flex: 0 0 auto; padding: 8px 16px; border-bottom: 1px solid #d5dae0; background: #fafbfc; font-family: sans-serif; }}
header h1 {{ font-size: 17px; margin: 0; overflow-wrap: anywhere; }}
header p {{ margin: 2px 0; font-size: 12px; color: #555; }}
header ul {{ list-style: none; padding: 0; margin: 4px 0 0; display: flex; flex-wrap: wrap; gap: 12px; font-size: 12px; }}
.swatch {{ display: inline-block; width: 18px; height: 10px; margin-right: 4px; vertical-align: middle; }}
main {{ flex: 1 1 auto; display: flex; min-height: 0; }}
#text {{ flex: 1 1 auto; overflow-y: auto; padding: 12px 24px; white-space: pre-wrap; overflow-wrap: anywhere; }}
#panel {{ flex: 0 0 380px; overflow-y: auto; border-left: 1px solid #d5dae0; background: #fcfcfd; padding: 10px 14px;
  font: 13px/1.4 sans-serif; box-sizing: border-box; }}
#panel h2 {{ font-size: 14px; margin: 0 0 6px; overflow-wrap: anywhere; }}
#panel h3 {{ font-size: 12px; text-transform: uppercase; color: #666; margin: 12px 0 4px; }}
#panel ul {{ padding-left: 18px; margin: 2px 0; }}
#panel .flag {{ color: #b00016; background: #fdecee; border-left: 3px solid #d0021b; padding: 3px 6px; margin: 4px 0; }}
#panel .muted {{ color: #666; }}
mark {{ color: inherit; cursor: pointer; padding: 0 1px; border-radius: 2px; }}
mark mark {{ border-bottom-width: 3px; }}
mark.f-id, mark.f-short, mark.f-supra {{ border-bottom-style: dashed; }}
mark.active {{ outline: 2px solid #1f3a93; }}
{css}
</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p>{facts} {nav}</p>
<ul>{legend}</ul>
</header>
<main>
<div id="text">{body}</div>
<aside id="panel"><p class="muted">Click a highlighted citation to see what the store knows of it.</p></aside>
</main>
<script id="kb-data" type="application/json">{data}</script>
<script>{app}</script>
</body>
</html>
"""

_APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kb-data").textContent);
  var panel = document.getElementById("panel");
  var active = [];
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function link(text, href) {
    if (!href) { return el("span", text); }
    var a = el("a", text);
    a.setAttribute("href", href);
    return a;
  }
  function section(title, items, render) {
    if (!items || !items.length) { return; }
    panel.appendChild(el("h3", title));
    var ul = el("ul");
    items.forEach(function (item) { var li = el("li"); render(li, item); ul.appendChild(li); });
    panel.appendChild(ul);
  }
  function open(refId, outer) {
    var ref = data.refs[refId];
    if (!ref) { return; }
    active.forEach(function (m) { m.classList.remove("active"); });
    active = Array.prototype.slice.call(document.querySelectorAll('mark[data-ref="' + refId + '"]'));
    active.forEach(function (m) { m.classList.add("active"); });
    panel.textContent = "";
    var a = ref.authority !== null ? data.authorities[String(ref.authority)] : null;
    panel.appendChild(el("h2", a ? a.citation : ref.text));
    panel.appendChild(el("p", (a ? a.kind + " · " + a.key + " · a:" + a.id : "unresolved: no authority") , "muted"));
    if (a) { a.flags.forEach(function (f) { panel.appendChild(el("div", f, "flag")); }); }
    panel.appendChild(el("h3", "This reference"));
    var facts = [ref.form + ": \u201c" + ref.text + "\u201d"];
    if (ref.pin) { facts.push("pin " + ref.pin); }
    if (ref.signal) { facts.push("signal: " + ref.signal); }
    if (ref.location) { facts.push("at " + ref.location); }
    if (ref.treatment) { facts.push("treatment: " + ref.treatment + (ref.cue ? " (" + ref.cue + ")" : "")); }
    panel.appendChild(el("p", facts.join(" · ")));
    if (a) {
      if (a.as_cited !== a.citation) { panel.appendChild(el("p", "As this opinion cites it: " + a.as_cited, "muted")); }
      panel.appendChild(el("h3", "In this opinion"));
      panel.appendChild(el("p", "cited " + a.depth + "x" + (a.pins.length ? " · pins " + a.pins.join(", ") : "")));
      section("Propositions here", a.propositions, function (li, p) {
        li.textContent = p.text + (p.pin ? " (at " + p.pin + ")" : "");
      });
      section("Cited elsewhere for", a.elsewhere, function (li, p) {
        li.appendChild(link(p.opinion, p.href));
        li.appendChild(el("span", ": " + p.text));
      });
      section("Other opinions citing it (" + a.citing_count + ")", a.citing, function (li, c) {
        li.appendChild(link(c.opinion, c.href));
        li.appendChild(el("span", " \u00b7 " + c.depth + "x", "muted"));
      });
      if (!a.citing.length) { panel.appendChild(el("p", "No other opinion in the store cites it.", "muted")); }
    }
    if (outer && outer.length) {
      section("Inside the citation of", outer, function (li, id) {
        var r = data.refs[id];
        var b = el("a", r.text);
        b.setAttribute("href", "#ref-" + id);
        b.addEventListener("click", function (e) { e.preventDefault(); open(id, []); });
        li.appendChild(b);
      });
    }
    window.kbShow.open = refId;
  }
  function outerRefs(mark) {
    var out = [], p = mark.parentElement;
    while (p && p.id !== "text") {
      if (p.tagName === "MARK" && p.dataset.ref !== mark.dataset.ref && out.indexOf(p.dataset.ref) < 0) { out.push(p.dataset.ref); }
      p = p.parentElement;
    }
    return out;
  }
  document.getElementById("text").addEventListener("click", function (e) {
    var mark = e.target.closest ? e.target.closest("mark") : null;
    if (mark) { open(mark.dataset.ref, outerRefs(mark)); }
  });
  document.getElementById("text").addEventListener("keydown", function (e) {
    if ((e.key === "Enter" || e.key === " ") && e.target.tagName === "MARK") { e.preventDefault(); e.target.click(); }
  });
  window.kbShow = {data: data, open: null, show: open};
  // "#a:12" (an authority, from the map) or "#ref-34": open it and scroll to it.
  var hash = decodeURIComponent(location.hash.slice(1));
  var target = null;
  if (/^a:\d+$/.test(hash)) {
    var aid = Number(hash.slice(2));
    Object.keys(data.refs).some(function (id) { if (data.refs[id].authority === aid) { target = id; return true; } return false; });
  } else if (/^ref-\d+$/.test(hash)) { target = hash.slice(4); }
  if (target && data.refs[target]) {
    var m = document.querySelector('mark[data-ref="' + target + '"]');
    if (m) { m.scrollIntoView({block: "center"}); open(target, outerRefs(m)); }
  }
})();
"""
