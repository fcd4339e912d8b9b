"""Render query results as text, Markdown, CSV or JSON."""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import os
from pathlib import Path
from typing import Any

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
    lines = [f"{bullet}{citation}"]
    indent = "  " if md else "    "
    groups = [(g["citation"], g["pins"]) for g in a.get("pins", [])]
    if whole_store:
        parts = a.get("by_opinion", [])
        lines.append(indent + esc(f"cited {a['depth']}x in {len(parts)} opinion{'s' if len(parts) != 1 else ''}"))
        for part in parts:
            own = [(g["citation"], g["pins"]) for g in part["pins"]]
            detail = [f"pin {pin_text(own)}"] if own else []
            where = "passim" if part["passim"] else ", ".join(part["locations"])
            if where:
                detail.append(where)
            lines.append(indent + esc(f"{part['opinion']}: " + (" · ".join(detail) or "cited")))
            lines += [f"{indent}  ({esc(p)})" for p in part["parentheticals"]]
        return lines
    else:
        detail = []
        if groups:
            detail.append("pin " + pin_text(groups))
        detail.append(f"cited {a['depth']}x")
        where = "passim" if a["passim"] else ", ".join(a["locations"])
        if where:
            detail.append(where)
        lines.append(indent + esc(" · ".join(detail)))
    for p in a["parentheticals"]:
        lines.append(f"{indent}({esc(p)})")
    return lines


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
        cite = esc(h["citation"])
        lines.append(f"{i}. {'*' + cite + '*' if md else cite}")
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
    citation = esc(a["citation"] if a else data["key"])
    lines = [f"# {citation}" if md else citation, ""]
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
            lines.append(esc(f"  - ({', '.join(bits)}) {text}".rstrip()))
            if r["parenthetical"]:
                lines.append(f"      ({esc(r['parenthetical'])})")
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
        w = _csv_writer(buf)
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


def write_file(path: str, text: str) -> None:
    """Write ``text`` to the file ``path`` whole or not at all.

    A regular file is written beside itself and renamed into place, so a
    full disk or a Ctrl-C leaves the old file, never half a new one; a device
    or FIFO (``/dev/stdout``) is written directly.

    Raises:
        KbError: ``path`` is a folder, its folder does not exist, or the write
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
                f.write(text)
        except OSError as e:
            raise KbError(f"{path}: cannot write ({e.strerror or e})") from None
        return
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
        tmp = None
    except OSError as e:
        raise KbError(f"{path}: cannot write ({e.strerror or e})") from None
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
