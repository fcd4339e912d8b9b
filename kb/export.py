"""Render query results as text, Markdown, CSV or JSON, and stream the graph as GraphML, JSON or CSV."""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from kb.bluebook import markdown_citation, opinion_citation, pin_text
from kb.errors import KbError

FORMATS = ("text", "markdown", "csv", "json")

HEADINGS = {
    "case": "Cases",
    "constitution": "Constitutional Provisions",
    "statute": "Statutes",
    "regulation": "Regulations",
    "rule": "Rules",
    "other": "Other Authorities",
}


# A spreadsheet reads a cell starting with one of these as a formula (OWASP,
# "CSV Injection"): such cells get a leading apostrophe, shown as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def csv_cell(value: Any) -> Any:
    """``value`` made safe for a spreadsheet: text that would run as a formula is prefixed with ``'``.

    Example:
        >>> csv_cell("=SUM(A1:A9)"), csv_cell("Sharif v. Ashcroft"), csv_cell(3)
        ("'=SUM(A1:A9)", 'Sharif v. Ashcroft', 3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_writer(buf: io.StringIO) -> Any:
    """A CSV writer whose every cell goes through :func:`csv_cell`."""
    w = csv.writer(buf)

    class _Safe:
        def writerow(self, row: list[Any]) -> None:
            w.writerow([csv_cell(v) for v in row])

    return _Safe()


def _md(text: Any) -> str:
    """Text for Markdown: HTML in opinion text (``<script>``, ``onerror=``) is shown, never run."""
    return html.escape(str(text), quote=False)


def render_authorities(data: dict[str, Any], fmt: str) -> str:
    """A table of authorities in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return to_json(data)
    if fmt == "csv":
        return _authorities_csv(data)
    md = fmt == "markdown"
    esc = _md if md else str
    lines: list[str] = []
    op = data.get("opinion")
    title = f"Table of Authorities: {op['case_name']}" if op else data.get("title", "Authorities in the knowledge base")
    lines += [f"# {esc(title)}" if md else title, "" if md else "=" * len(title)]
    if op:
        own = opinion_citation(op["case_name"], op["citations"], op["court"], op["date"], op.get("docket"))
        lines.append(markdown_citation(own, op["case_name"], "case") if md else own)
        lines.append("")
    for kind, heading in HEADINGS.items():
        group = [a for a in data["authorities"] if a["kind"] == kind]
        if not group:
            continue
        lines += [f"## {heading}" if md else heading, "" if md else "-" * len(heading)]
        for a in group:
            lines += _authority_lines(a, md, whole_store=op is None)
        lines.append("")
    if not data["authorities"]:
        lines.append("No authorities.")
    if data.get("unresolved"):
        heading = "Unresolved references"
        lines += [f"## {heading}" if md else heading, "" if md else "-" * len(heading)]
        for u in data["unresolved"]:
            lines.append(
                f"{'- ' if md else '  '}{esc(repr(u['text']))} ({esc(u['form'])}, {esc(u['location'])}, {esc(u['opinion'])})"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _authority_lines(a: dict[str, Any], md: bool, whole_store: bool) -> list[str]:
    esc = _md if md else str
    bullet = "- " if md else ""
    citation = markdown_citation(a["citation"], a["name"], a["kind"]) if md else a["citation"]
    lines = [f"{bullet}{citation}{esc(a.get('subsequent_history') or '')}"]
    indent = "  " if md else "    "
    if whole_store:
        parts = a.get("by_opinion", [])
        lines.append(indent + esc(f"cited {a['depth']}x in {len(parts)} opinion{'s' if len(parts) != 1 else ''}"))
        for part in parts:
            lines.append(indent + esc(f"{part['opinion']}: " + _part_detail(part)))
            lines += [f"{indent}  ({esc(p)})" for p in part["parentheticals"]]
    else:
        groups = [(g["citation"], g["pins"]) for g in a.get("pins", [])]
        detail = ["pin " + pin_text(groups)] if groups else []
        detail.append(f"cited {a['depth']}x")
        where = "passim" if a["passim"] else ", ".join(a["locations"])
        if where:
            detail.append(where)
        lines.append(indent + esc(" · ".join(detail)))
        lines += [f"{indent}({esc(p)})" for p in a["parentheticals"]]
    lines += [indent + esc(line) for line in good_law_lines(a, whole_store)]
    return lines


def good_law_lines(a: dict[str, Any], whole_store: bool = True) -> list[str]:
    """What a listing prints under an authority: who states its history, its flags, whether it binds."""
    from kb.goodlaw import describe_flag

    lines = []
    if whole_store and a.get("history"):
        lines.append("history per " + "; ".join(dict.fromkeys(h["stated_by"] for h in a["history"])))
    lines += [describe_flag(f) for f in a.get("flags", [])]
    if a.get("binding"):
        lines.append(f"[{a['binding']['status']}] {a['binding']['reason']}")
    return lines


def _part_detail(part: dict[str, Any]) -> str:
    """One citing opinion's pins and places of a store-wide authority (its ``by_opinion`` entry)."""
    own = [(g["citation"], g["pins"]) for g in part["pins"]]
    detail = [f"pin {pin_text(own)}"] if own else []
    where = "passim" if part["passim"] else ", ".join(part["locations"])
    if where:
        detail.append(where)
    return " · ".join(detail) or "cited"


def _authorities_csv(data: dict[str, Any]) -> str:
    buf = io.StringIO()
    w = _csv_writer(buf)
    w.writerow(
        [
            "kind",
            "key",
            "name",
            "citation",
            "court",
            "year",
            "depth",
            "full",
            "short",
            "id",
            "supra",
            "bare",
            "pin_cites",
            "signals",
            "locations",
            "parentheticals",
            "citing_opinions",
            "by_opinion",
            "subsequent_history",
            "flags",
            "binding",
        ]
    )
    for a in data["authorities"]:
        r = a["refs"]
        w.writerow(
            [
                a["kind"],
                a["key"],
                a["name"] or "",
                a["citation"],
                a["court"] or "",
                a["year"] or "",
                a["depth"],
                r["full"],
                r["short"],
                r["id"],
                r["supra"],
                r["bare"],
                "; ".join(a["pin_cites"]),
                "; ".join(a["signals"]),
                "; ".join(a["locations"]),
                " | ".join(a["parentheticals"]),
                "; ".join(a["citing_opinions"]),
                " | ".join(f"{e['opinion']}: " + _part_detail(e) for e in a.get("by_opinion", [])),
                (a.get("subsequent_history") or "").lstrip(", "),
                " | ".join(_flag_texts(a)),
                (a.get("binding") or {}).get("status", ""),
            ]
        )
    return buf.getvalue()


def _flag_texts(a: dict[str, Any]) -> list[str]:
    from kb.goodlaw import describe_flag

    return [describe_flag(f) for f in a.get("flags", [])]


def render_support(query: str, hits: list[dict[str, Any]], fmt: str) -> str:
    """``kb support`` output: each Bluebook cite with pin and parenthetical, what it was cited for and where.

    Each hit shows its best proposition and the opinion citing the authority
    for it, how many opinions cite it for similar points, and up to two
    further propositions from other opinions.
    """
    if fmt == "json":
        return to_json(hits)
    if not hits:
        return f"No authority in the knowledge base matches “{query}”.\n"
    md = fmt == "markdown"
    esc = _md if md else str
    lines = [f"# Authorities for “{esc(query)}”\n" if md else f"Authorities for “{query}”:\n"]
    for i, h in enumerate(hits, 1):
        cite = esc(h["citation"] + (h["authority"].get("subsequent_history") or ""))
        label = f"[{h['binding']['status']}] " if h.get("binding") else ""
        lines.append(f"{i}. {label}{'*' + cite + '*' if md else cite}")
        lines += [f"   {esc(flag)}" for flag in _flag_texts(h["authority"])]
        lines.append(f"   cited in {esc(h['cited_in'])} for: {esc(h['proposition'])}")
        shown = {h["proposition"], h["parenthetical"]}
        for p in h.get("propositions", [])[1:]:
            if p["matched"] in shown:
                continue
            shown.add(p["matched"])
            pin = f" at {p['pin_cite']}" if p["pin_cite"] else ""
            what = f"({p['matched']})" if p["kind"] == "parenthetical" else p["matched"]
            lines.append(f"   and in {esc(p['opinion'])}{esc(pin)} for: {esc(what)}")
        similar = h.get("similar_citing", 1)
        total = h.get("citing_count", len(h["citing_opinions"]))
        if similar > 1 or total > 1:
            lines.append(
                f"   cited for similar points by {similar} opinion{'s' if similar != 1 else ''} (by {total} in all)"
            )
        if h["chain"]:
            lines.append("   chain: " + esc(" → ".join(h["chain"])))
        lines.append("")
    return "\n".join(lines)


def render_cited_by(data: dict[str, Any], fmt: str) -> str:
    """``kb cited-by`` output: each citing opinion with what it cites the authority for."""
    if fmt == "json":
        return to_json(data)
    md = fmt == "markdown"
    esc = _md if md else str
    a = data["authority"]
    citation = esc((a["citation"] + (a.get("subsequent_history") or "")) if a else data["key"])
    lines = [f"# {citation}" if md else citation]
    lines += [esc(flag) for flag in _flag_texts(a or {})]
    lines.append("")
    if not data["citing"]:
        lines += ["No ingested opinion cites it.", ""]
    for entry in data["citing"]:
        lines.append(f"## {esc(entry['opinion'])}" if md else entry["opinion"])
        for r in entry["references"]:
            bits = [r["form"]]
            if r["pin_cite"]:
                bits.append(f"at {r['pin_cite']}")
            if r["location"]:
                bits.append(r["location"])
            text = r["proposition"] or ""
            if r.get("treatment") and r["treatment"] != "followed":
                text = f"[{r['treatment']}: {r.get('treatment_cue') or ''}] {text}"
            lines.append(esc(f"  - ({', '.join(bits)}) {text}".rstrip()))
            if r["parenthetical"]:
                lines.append(f"      ({esc(r['parenthetical'])})")
        lines.append("")
    return "\n".join(lines)


def render_history(data: dict[str, Any], fmt: str) -> str:
    """``kb history`` output: the authority's history lines, the decisions it was the later history of, its flags."""
    if fmt == "json":
        return to_json(data)
    a = data["authority"]
    lines = [a["citation"], *_flag_texts(a), ""]
    lines.append("History (as citing opinions state it):")
    from kb.goodlaw import history_clause

    for h in data["history"]:
        lines.append(f"  {history_clause(h)} (per {h['stated_by']})")
    if not data["history"]:
        lines.append("  none stated in the store")
    if data["as_later_decision"]:
        lines += ["", "It is the later decision in:"]
        for h in data["as_later_decision"]:
            earlier = h["cited_name"] or h["cited"]
            lines.append(f"  {earlier}, {h['cited']}, {h['relation']} it (per {h['stated_by']})")
    return "\n".join(lines) + "\n"


def render_treatment(data: dict[str, Any], fmt: str) -> str:
    """``kb treatment`` output: how each citing opinion treated the authority, with the cue."""
    if fmt == "json":
        return to_json(data)
    a = data["authority"]
    lines = [a["citation"] if a else data["key"], *_flag_texts(a or {})]
    if data["summary"]:
        lines.append(", ".join(f"{t} {n}" for t, n in data["summary"].items()))
    lines.append("")
    if not data["citing"]:
        lines += ["No ingested opinion cites it.", ""]
    for entry in data["citing"]:
        when = ", ".join(x for x in (entry["court"], (entry["date"] or "")[:4]) if x)
        lines.append(f"{entry['opinion']}" + (f" ({when})" if when else ""))
        for r in entry["references"]:
            where = f", {r['location']}" if r["location"] else ""
            cue = f": “{r['cue']}”" if r["cue"] and r["cue"] != "no signal" else ""
            lines.append(f"  - {r['treatment'] or 'unknown'}{cue} ({r['form']}{where})")
        lines.append("")
    return "\n".join(lines)


def render_chains(paths: list[list[dict[str, Any]]], ends: tuple[str, str], fmt: str) -> str:
    if fmt == "json":
        return to_json(paths)
    if not paths:
        return f"No citation chain from {ends[0]!r} to {ends[1]!r}.\n"
    lines = []
    for n, path in enumerate(paths, 1):
        lines.append(f"{n}. " + " → ".join([path[0]["from_label"], *[h["to_label"] for h in path]]))
        for hop in path:
            reported = f"  (as {hop['reported_by']} reports it)" if hop.get("reported_by") else ""
            lines.append(f"   {hop['from_label']} —{hop['relation']}→ {hop['to_label']}{reported}")
            if hop["proposition"]:
                lines.append(f"      for: {hop['proposition']}")
        lines.append("")
    return "\n".join(lines)


def render_trace(tree: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return to_json(tree)
    lines = [tree["citation"] or tree["node"]]

    def walk(items: list[dict[str, Any]], more: int, arrow: str, indent: str) -> None:
        for item in items:
            how = item["relation"] + (f", as {item['reported_by']} reports it" if item.get("reported_by") else "")
            lines.append(f"{indent}{arrow} {item['citation']} [{how}]")
            lines.extend(f"{indent}    {flag}" for flag in _flag_texts(item))
            walk(item["children"], item.get("more", 0), arrow, indent + "    ")
        if more:
            lines.append(f"{indent}… and {more} more (raise --limit)")

    lines += _flag_texts(tree)
    lines.append("cited by:")
    walk(tree["cited_by"], tree.get("more_cited_by", 0), "←", "  ")
    lines.append("relies on:")
    walk(tree["relies_on"], tree.get("more_relies_on", 0), "→", "  ")
    return "\n".join(lines) + "\n"


# Lists (pins, signals, locations) in a GraphML or CSV cell, which hold one value each.
LIST_SEPARATOR = "; "
# GraphML declares each attribute's type, so Gephi and Cytoscape read numbers as numbers.
GRAPHML_NODE_KEYS: tuple[tuple[str, str], ...] = (
    ("kind", "string"),
    ("label", "string"),
    ("name", "string"),
    ("citation", "string"),
    ("key", "string"),
    ("court", "string"),
    ("court_id", "string"),
    ("year", "int"),
    ("depth", "int"),
    ("citing", "int"),
    ("stem", "string"),
    ("text", "string"),
    ("source", "string"),
    ("flag", "string"),
)
GRAPHML_EDGE_KEYS: tuple[tuple[str, str], ...] = (
    ("relation", "string"),
    ("depth", "int"),
    ("pin_cites", "string"),
    ("signals", "string"),
    ("locations", "string"),
    ("proposition", "string"),
    ("parenthetical", "string"),
    ("stated", "string"),
    ("opinion", "string"),
    ("reported_by", "string"),
    ("pin_cite", "string"),
)
GRAPH_FORMATS = ("json", "graphml", "csv")
# XML 1.0 cannot hold these characters at all, escaped or not (opinion text has form feeds).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def write_graph(
    items: Iterable[tuple[str, Any]], fmt: str, out: TextIO, *, label_of: Callable[[str], str] | None = None
) -> tuple[int, int]:
    """Write a graph stream (:func:`kb.graph.iter_graph`) as GraphML, node-link JSON or a CSV edge list.

    Nothing is held but the current item (and, for CSV, each node's label):
    the file can be larger than memory. Returns the nodes and edges written.

    * GraphML: typed attributes (:data:`GRAPHML_NODE_KEYS`, :data:`GRAPHML_EDGE_KEYS`),
      a unique ``id`` on every edge (Gephi drops parallel edges without one),
      lists joined with :data:`LIST_SEPARATOR`.
    * JSON: node-link data in the form D3 expects, ``{"nodes": [{"id"}], "links":
      [{"source", "target"}]}`` (``networkx.node_link_graph(data, edges="links")`` reads it back).
    * CSV: ``source, source_label, target, target_label, relation, opinion``; labels
      come from ``label_of`` (:func:`kb.graph.label_lookup` reads them from the
      store), or else from the nodes seen, kept in memory.

    Raises:
        ValueError: ``fmt`` is not one of :data:`GRAPH_FORMATS`.
    """
    if fmt == "graphml":
        return _write_graphml(items, out)
    if fmt == "json":
        return _write_node_link(items, out)
    if fmt == "csv":
        return _write_edge_csv(items, out, label_of)
    raise ValueError(f"unknown graph format {fmt!r}; choose {', '.join(GRAPH_FORMATS)}")


def export_graph(g: Any, fmt: str) -> str:
    """A NetworkX graph (a map's subgraph, a notebook's) in one of :data:`GRAPH_FORMATS`, as text."""
    buf = io.StringIO()
    items = [("node", (n, a)) for n, a in g.nodes(data=True)] + [("edge", e) for e in g.edges(data=True)]
    write_graph(items, fmt, buf)
    return buf.getvalue()


def _xml(value: Any) -> str:
    return html.escape(_NOT_XML.sub("", str(value)), quote=True)


def _cell(value: Any) -> Any:
    return LIST_SEPARATOR.join(map(str, value)) if isinstance(value, list | tuple) else value


def _write_graphml(items: Iterable[tuple[str, Any]], out: TextIO) -> tuple[int, int]:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    for where, keys in (("node", GRAPHML_NODE_KEYS), ("edge", GRAPHML_EDGE_KEYS)):
        for name, kind in keys:
            out.write(f'<key id="{where[0]}_{name}" for="{where}" attr.name="{name}" attr.type="{kind}"/>\n')
    out.write('<graph id="kb" edgedefault="directed">\n')
    node_keys = {k for k, _ in GRAPHML_NODE_KEYS}
    edge_keys = {k for k, _ in GRAPHML_EDGE_KEYS}
    counts = [0, 0]
    for what, item in items:
        if what == "node":
            node, attrs = item
            out.write(f'<node id="{_xml(node)}">' + _data("n", attrs, node_keys) + "</node>\n")
            counts[0] += 1
        else:
            u, v, attrs = item
            out.write(
                f'<edge id="e{counts[1]}" source="{_xml(u)}" target="{_xml(v)}">'
                + _data("e", attrs, edge_keys)
                + "</edge>\n"
            )
            counts[1] += 1
    out.write("</graph>\n</graphml>\n")
    return counts[0], counts[1]


def _data(prefix: str, attrs: dict[str, Any], keys: set[str]) -> str:
    parts = []
    for k, v in attrs.items():
        if k in keys and v is not None and v != []:
            parts.append(f'<data key="{prefix}_{k}">{_xml(_cell(v))}</data>')
    return "".join(parts)


def _write_node_link(items: Iterable[tuple[str, Any]], out: TextIO) -> tuple[int, int]:
    out.write('{"directed": true, "multigraph": true, "graph": {"name": "kb citation graph"},\n"nodes": [')
    counts = [0, 0]
    in_links = False
    for what, item in items:
        if what == "node":
            node, attrs = item
            out.write(("," if counts[0] else "") + "\n" + json.dumps({"id": node, **attrs}, ensure_ascii=False))
            counts[0] += 1
        else:
            if not in_links:
                out.write('],\n"links": [')
                in_links = True
            u, v, attrs = item
            link = {"source": u, "target": v, "key": counts[1], "id": f"e{counts[1]}", **attrs}
            out.write(("," if counts[1] else "") + "\n" + json.dumps(link, ensure_ascii=False))
            counts[1] += 1
    out.write("\n]}\n" if in_links else '],\n"links": []}\n')
    return counts[0], counts[1]


def _write_edge_csv(
    items: Iterable[tuple[str, Any]], out: TextIO, label_of: Callable[[str], str] | None
) -> tuple[int, int]:
    buf = io.StringIO()
    w = _csv_writer(buf)
    w.writerow(["source", "source_label", "target", "target_label", "relation", "opinion"])
    labels: dict[str, str] = {}
    label = label_of or (lambda n: labels.get(n, ""))
    counts = [0, 0]
    for what, item in items:
        if what == "node":
            if label_of is None:
                labels[item[0]] = item[1].get("label") or ""
            counts[0] += 1
            continue
        u, v, attrs = item
        w.writerow([u, label(u), v, label(v), attrs["relation"], attrs.get("opinion", "")])
        counts[1] += 1
        if buf.tell() > 1 << 16:
            out.write(buf.getvalue())
            buf.seek(0)
            buf.truncate()
    out.write(buf.getvalue())
    return counts[0], counts[1]


@contextlib.contextmanager
def output_file(path: str) -> Iterator[TextIO]:
    """A file to stream ``path``'s new contents into, put in place whole when the block ends without error.

    A regular file is written beside itself and renamed into place, so a
    full disk or a Ctrl-C leaves the old file, never half a new one; a device
    or FIFO (``/dev/stdout``) is written directly.

    Raises:
        KbError: ``path`` is a folder, its folder does not exist, or a write
            failed (the message gives the system's reason).
    """
    import tempfile  # only a command writing a file needs it (7 ms of every start-up)

    target = Path(path)
    if target.is_dir():
        raise KbError(f"{path}: is a folder; give a file name inside it")
    if not target.parent.is_dir():
        raise KbError(f"{path}: no such folder {target.parent}; create it first")
    if target.exists() and (not target.is_file() or target.is_symlink()):
        try:
            with open(target, "w", encoding="utf-8") as f:
                yield f
        except OSError as e:
            raise KbError(f"{path}: cannot write ({e.strerror or e})") from None
        return
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            yield f
        os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
        tmp = None
    except OSError as e:
        raise KbError(f"{path}: cannot write ({e.strerror or e})") from None
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def write_file(path: str, text: str) -> None:
    """Write ``text`` to the file ``path`` whole or not at all (see :func:`output_file`).

    Raises:
        KbError: ``path`` is a folder, its folder does not exist, or the write
            failed (the message gives the system's reason).
    """
    with output_file(path) as f:
        f.write(text)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
