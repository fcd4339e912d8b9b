"""Render query results as text, Markdown, CSV or JSON."""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

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
        cite = ", ".join(op["citations"]) or op.get("docket") or ""
        lines.append(esc(f"{op['court'] or ''} {op['date'] or ''} {cite}".strip()))
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
    where = "passim" if a["passim"] else ", ".join(a["locations"])
    bullet = "- " if md else ""
    citation = esc(a["citation"])
    head = f"{bullet}{'*' + citation + '*' if md and a['kind'] == 'case' else citation}"
    head += esc(a.get("subsequent_history") or "")
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
    lines.append(indent + esc(" · ".join(detail)))
    for p in a["parentheticals"]:
        lines.append(f"{indent}({esc(p)})")
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
    """``kb support`` output: Bluebook cites with pin and parenthetical, then who cites it and for what."""
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
        lines.append(f"   cited in {esc(h['cited_in'])}: {esc(h['proposition'])}")
        if h["chain"]:
            lines.append("   chain: " + esc(" → ".join(h["chain"])))
        others = [o for o in h["citing_opinions"] if o != h["cited_in"]]
        if others:
            lines.append("   also cited in: " + esc("; ".join(others)))
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
            lines.extend(f"{indent}    {flag}" for flag in _flag_texts(item))
            walk(item["children"], arrow, indent + "    ")

    lines += _flag_texts(tree)
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
