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
    title = f"Table of Authorities: {op['case_name']}" if op else "Authorities in the knowledge base"
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
