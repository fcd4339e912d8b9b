"""Render query results as text, Markdown, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

FORMATS = ("text", "markdown", "csv", "json")

HEADINGS = {
    "case": "Cases",
    "constitution": "Constitutional Provisions",
    "statute": "Statutes",
    "regulation": "Regulations",
    "rule": "Rules",
    "other": "Other Authorities",
}


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_authorities(data: dict[str, Any], fmt: str) -> str:
    """A table of authorities in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return to_json(data)
    if fmt == "csv":
        return _authorities_csv(data)
    md = fmt == "markdown"
    lines: list[str] = []
    op = data.get("opinion")
    title = f"Table of Authorities: {op['case_name']}" if op else data.get("title", "Authorities in the knowledge base")
    lines += [f"# {title}" if md else title, "" if md else "=" * len(title)]
    if op:
        cite = ", ".join(op["citations"]) or op.get("docket") or ""
        lines.append(f"{op['court'] or ''} {op['date'] or ''} {cite}".strip())
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
            lines.append(f"{'- ' if md else '  '}{u['text']!r} ({u['form']}, {u['location']}, {u['opinion']})")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _authority_lines(a: dict[str, Any], md: bool, whole_store: bool) -> list[str]:
    where = "passim" if a["passim"] else ", ".join(a["locations"])
    bullet = "- " if md else ""
    head = f"{bullet}{'*' + a['citation'] + '*' if md and a['kind'] == 'case' else a['citation']}"
    lines = [head]
    detail = []
    if a["pin_cites"]:
        detail.append("pin " + ", ".join(a["pin_cites"]))
    detail.append(f"cited {a['depth']}x")
    if where:
        detail.append(where)
    if whole_store:
        detail.append("in " + "; ".join(a["citing_opinions"]))
    indent = "  " if md else "    "
    lines.append(indent + " · ".join(detail))
    for p in a["parentheticals"]:
        lines.append(f"{indent}({p})")
    return lines


def _authorities_csv(data: dict[str, Any]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
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
            ]
        )
    return buf.getvalue()


def render_support(query: str, hits: list[dict[str, Any]], fmt: str) -> str:
    """``kb support`` output: Bluebook cites with pin and parenthetical, then who cites it and for what."""
    if fmt == "json":
        return to_json(hits)
    if not hits:
        return f"No authority in the knowledge base matches “{query}”.\n"
    md = fmt == "markdown"
    lines = [f"# Authorities for “{query}”\n" if md else f"Authorities for “{query}”:\n"]
    for i, h in enumerate(hits, 1):
        cite = h["citation"]
        lines.append(f"{i}. {'*' + cite + '*' if md else cite}")
        lines.append(f"   cited in {h['cited_in']}: {h['proposition']}")
        if h["chain"]:
            lines.append("   chain: " + " → ".join(h["chain"]))
        others = [o for o in h["citing_opinions"] if o != h["cited_in"]]
        if others:
            lines.append("   also cited in: " + "; ".join(others))
        lines.append("")
    return "\n".join(lines)


def render_cited_by(data: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return to_json(data)
    md = fmt == "markdown"
    a = data["authority"]
    lines = [f"# {a['citation']}" if md else a["citation"], ""]
    for entry in data["citing"]:
        lines.append(f"## {entry['opinion']}" if md else entry["opinion"])
        for r in entry["references"]:
            bits = [r["form"]]
            if r["pin_cite"]:
                bits.append(f"at {r['pin_cite']}")
            if r["location"]:
                bits.append(r["location"])
            text = r["proposition"] or ""
            lines.append(f"  - ({', '.join(bits)}) {text}".rstrip())
            if r["parenthetical"]:
                lines.append(f"      ({r['parenthetical']})")
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
            lines.append(f"   {hop['from_label']} —{hop['relation']}→ {hop['to_label']}")
            if hop["proposition"]:
                lines.append(f"      for: {hop['proposition']}")
        lines.append("")
    return "\n".join(lines)


def render_trace(tree: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return to_json(tree)
    lines = [tree["citation"] or tree["node"]]

    def walk(items: list[dict[str, Any]], arrow: str, indent: str) -> None:
        for item in items:
            lines.append(f"{indent}{arrow} {item['citation']} [{item['relation']}]")
            walk(item["children"], arrow, indent + "    ")

    lines.append("cited by:")
    walk(tree["cited_by"], "←", "  ")
    lines.append("relies on:")
    walk(tree["relies_on"], "→", "  ")
    return "\n".join(lines) + "\n"


def export_graph(g: Any, fmt: str) -> str:
    """The graph as GraphML, node-link JSON or a CSV edge list."""
    import networkx as nx

    if fmt == "json":
        return to_json(nx.node_link_data(g, edges="edges"))
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["source", "source_label", "target", "target_label", "relation", "opinion"])
        for u, v, a in g.edges(data=True):
            w.writerow([u, g.nodes[u].get("label"), v, g.nodes[v].get("label"), a["relation"], a.get("opinion", "")])
        return buf.getvalue()
    flat = nx.MultiDiGraph()
    for n, a in g.nodes(data=True):
        flat.add_node(n, **{k: _graphml_value(v) for k, v in a.items() if v is not None})
    for u, v, a in g.edges(data=True):
        flat.add_edge(u, v, **{k: _graphml_value(val) for k, val in a.items() if val is not None})
    return "\n".join(nx.generate_graphml(flat)) + "\n"


def _graphml_value(v: Any) -> Any:
    return " | ".join(map(str, v)) if isinstance(v, list | tuple) else v
