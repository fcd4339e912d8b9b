"""``kb toa``: the table of authorities of one document, read without storing it.

A brief or an opinion is loaded (text, PDF, HTML or DOCX), its front matter
skipped (:func:`kb.pages.argument_start`), analysed, and every reference (full
citations, short forms, *Id.*, *supra*) put on the page the document itself
numbers it with (:func:`kb.pages.find_pages`). The table lists the categories
in the order courts require, alphabetically within each, each authority in its
Bluebook full form (:mod:`kb.bluebook`) with its pages, or *passim*.

Example:
    >>> from kb.toa import document_toa
    >>> toa = document_toa("tests/eval/briefs/learning-resources-sg-brief-in-opposition.txt")  # doctest: +SKIP
    >>> toa["categories"][0]["heading"], toa["categories"][0]["authorities"][0]["pages"]  # doctest: +SKIP
    ('Cases', ['12'])
"""

from __future__ import annotations

import html
import io
import re
import textwrap
import unicodedata
from pathlib import Path
from typing import Any, cast

from kb.bluebook import authority_citation, natural_key
from kb.errors import KbError
from kb.load import MAX_OPINION_BYTES
from kb.models import FORMS, Document, Extraction, PageMap, Reference
from kb.pages import appendix_start, load_paged

#: Categories of a table of authorities, in the order courts' rules list them.
CATEGORIES = (
    ("case", "Cases"),
    ("constitution", "Constitutional Provisions"),
    ("statute", "Statutes"),
    ("rule", "Rules"),
    ("regulation", "Regulations"),
    ("other", "Other Authorities"),
)
#: Output formats of :func:`render_toa` (``docx`` through :func:`toa_docx`).
TOA_FORMATS = ("text", "markdown", "csv", "json", "docx")
# Most courts' practice (and the Bluebook's B-rules' examples): "passim" for an
# authority cited on five pages or more.
PASSIM_PAGES = 5
# Width of the text table, and the column its page numbers end at.
TEXT_WIDTH = 78
# Characters kept free for the pages column on the last line of an entry.
PAGES_COLUMN = 16

TableOfAuthorities = dict[str, Any]


def document_toa(
    path: str | Path,
    *,
    passim: int = PASSIM_PAGES,
    nested: bool = True,
    appendix: bool = False,
    encoding: str | None = None,
    max_bytes: int = MAX_OPINION_BYTES,
    tokenizer: str = "default",
) -> TableOfAuthorities:
    """The table of authorities of the document at ``path``, nothing stored.

    Args:
        path: a brief or an opinion (``.txt``, ``.pdf``, ``.html``, ``.htm``, ``.docx``).
        passim: print *passim* for an authority cited on this many pages or more (0: never).
        nested: list authorities cited only inside another's parenthetical
            (``quoting``, ``citing``); False leaves them out (a statute's
            codification in parentheses, ``(19 U.S.C. 1338)``, stays).
        appendix: list what the appendix (pages ``1a``, ``2a`` ...) cites too;
            courts' tables index the brief itself, so by default it does not.
        encoding: decode text and HTML with this instead of UTF-8.
        max_bytes: refuse larger files.
        tokenizer: the eyecite tokenizer, by name (see :data:`kb.analysis.TOKENIZERS`).

    Raises:
        InputError: the file is missing, unreadable or of a format kb does not read.
    """
    from kb.analysis import analyze_document

    doc, pages = load_paged(path, "kb toa", encoding=encoding, max_bytes=max_bytes)
    end = None if appendix else appendix_start(doc.text, pages)
    extraction = analyze_document(doc, tokenizer=tokenizer)
    return build_toa(doc, extraction, pages, passim=passim, nested=nested, end=end)


def build_toa(
    doc: Document,
    extraction: Extraction,
    pages: PageMap,
    *,
    passim: int = PASSIM_PAGES,
    nested: bool = True,
    end: int | None = None,
) -> TableOfAuthorities:
    """The table of authorities of an analysed document (see :func:`document_toa`).

    References before ``doc.meta.body_start`` (front matter) and from ``end`` on (an appendix) are left out.
    """
    grouped: dict[str, list[Reference]] = {}
    for ref in extraction.references:
        if ref.key and ref.start >= doc.meta.body_start and (end is None or ref.start < end):
            grouped.setdefault(ref.key, []).append(ref)
    # How each authority is cited inside another's parenthetical: "quoting", "citing" ...;
    # "other" is a parenthetical that is no such relation (a statute's codification).
    relations: dict[str, set[str]] = {}
    for n in extraction.nested:
        relations.setdefault(n.cited, set()).add(n.relation)
    entries: dict[str, list[dict[str, Any]]] = {kind: [] for kind, _ in CATEGORIES}
    for key, refs in grouped.items():
        only_nested = all(r.in_parenthetical for r in refs) and bool(relations.get(key, set()) - {"other"})
        if only_nested and not nested:
            continue
        entry = _entry(key, refs, pages, passim)
        entry["only_in_parentheticals"] = only_nested
        entries.setdefault(entry["kind"], []).append(entry)
    categories = []
    for kind, heading in CATEGORIES:
        group = sorted(entries.get(kind, []), key=lambda e: sort_key(e["sort_name"]))
        if group:
            categories.append({"kind": kind, "heading": heading, "authorities": group})
    first = pages.page_at(doc.meta.body_start) if pages.starts else None
    return {
        "document": {
            "path": doc.path,
            "name": doc.meta.case_name,
            "format": doc.format,
            "pages_numbered": bool(pages.starts),
            "pages_estimated": pages.estimated,
            "text_begins_on_page": first,
            "appendix_begins_on_page": pages.page_at(end) if end is not None else None,
        },
        "passim_at": passim,
        "categories": categories,
    }


def _entry(key: str, refs: list[Reference], pages: PageMap, passim: int) -> dict[str, Any]:
    full = next((r for r in refs if r.form == "full"), refs[0])
    kind = full.kind
    citations = list(dict.fromkeys([key, *(c for r in refs for c in r.citations)]))
    name = next((r.name for r in refs if r.form == "full" and r.name), None) or next(
        (r.name for r in refs if r.name), None
    )
    court = next((r.court for r in refs if r.court), None)
    year = next((r.year for r in refs if r.year), None)
    citation = authority_citation(kind, key, name, citations, court, year)
    on = sorted({p for r in refs if (p := pages.page_at(r.start))}, key=page_key)
    counts = {form: sum(1 for r in refs if r.form == form) for form in FORMS}
    return {
        "key": key,
        "kind": kind,
        "name": name if kind in ("case", "other") else None,
        "citation": citation,
        "sort_name": citation if kind == "case" else (name or citation),
        "pages": on,
        "passim": bool(passim) and len(on) >= passim,
        "references": counts,
    }


def page_key(label: str) -> tuple[int, int, str]:
    """Order pages as printed: front matter (Roman), then the text, then appendix pages (``1a``)."""
    if label.isdigit():
        return (1, int(label), "")
    m = re.fullmatch(r"(\d+)([a-z]+)", label)
    if m:
        return (2, int(m.group(1)), m.group(2))
    return (0, 0, label)


def sort_key(text: str) -> tuple[object, ...]:
    """Alphabetical order of a table of authorities: letters only, case and accents folded, numbers before letters.

    ``United States v. Lopez`` files under U, ``5 U.S.C. § 551`` before ``28 U.S.C. § 1331``,
    both before ``Administrative Procedure Act``.

    Example:
        >>> sorted(["United States v. Lopez", "Ultra v. B", "28 U.S.C. § 1331", "5 U.S.C. § 551"], key=sort_key)
        ['5 U.S.C. § 551', '28 U.S.C. § 1331', 'Ultra v. B', 'United States v. Lopez']
    """
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    folded = re.sub(r"[^a-z0-9§ ]+", " ", folded)
    return natural_key(re.sub(r"\s+", " ", folded).strip())


def pages_text(entry: dict[str, Any]) -> str:
    """The pages column of one entry: ``3, 7, 12`` or ``passim``."""
    return "passim" if entry["passim"] else ", ".join(entry["pages"])


# --- rendering ----------------------------------------------------------------


def render_toa(data: TableOfAuthorities, fmt: str, *, width: int = TEXT_WIDTH) -> str:
    """The table in ``fmt``: ``text`` (dot leaders), ``markdown``, ``csv`` or ``json``.

    Raises:
        KbError: ``fmt`` is ``docx`` (a file, see :func:`toa_docx`) or unknown.
    """
    if fmt == "json":
        from kb.export import to_json

        return to_json(data)
    if fmt == "csv":
        return _csv(data)
    if fmt == "markdown":
        return _markdown(data)
    if fmt == "text":
        return _text(data, width)
    raise KbError(f"unknown format {fmt!r}; choose from {', '.join(TOA_FORMATS)}")


def _notes(data: TableOfAuthorities) -> list[str]:
    doc = data["document"]
    notes = []
    if doc["pages_estimated"]:
        notes.append("Page numbers are estimated: the file records no page breaks.")
    elif not doc["pages_numbered"]:
        notes.append("No page numbers found in the document: pages are not shown.")
    return notes


def _text(data: TableOfAuthorities, width: int) -> str:
    lines = ["TABLE OF AUTHORITIES".center(width).rstrip(), "", "Page(s)".rjust(width)]
    for category in data["categories"]:
        lines += ["", category["heading"] + ":"]
        for e in category["authorities"]:
            lines += _leader_lines(e["citation"], pages_text(e), width)
    if not data["categories"]:
        lines += ["", "No authorities."]
    lines += ["", *_notes(data)] if _notes(data) else []
    return "\n".join(lines).rstrip() + "\n"


def _leader_lines(citation: str, pages: str, width: int) -> list[str]:
    """An entry wrapped with a hanging indent, its last line led by dots to its pages."""
    wrapped = textwrap.wrap(citation, width=width - PAGES_COLUMN, subsequent_indent="    ") or [""]
    last = wrapped[-1]
    if not pages:
        return wrapped
    dots = width - len(last) - len(pages) - 2
    if dots < 3:
        return [*wrapped, "    " + "." * (width - len(pages) - 6) + " " + pages]
    return [*wrapped[:-1], f"{last} {'.' * dots} {pages}"]


def _md(text: str) -> str:
    """Text for a Markdown table cell: HTML shown, never run; ``|``, ``*`` and ``_`` as themselves."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def _italic_name(e: dict[str, Any], mark: str = "*") -> str:
    """The citation with its case name in italics (Markdown)."""
    citation, name = e["citation"], e["name"]
    if e["kind"] == "case" and name and citation.startswith(name):
        return f"{mark}{_md(name)}{mark}{_md(citation[len(name) :])}"
    return _md(citation)


def _markdown(data: TableOfAuthorities) -> str:
    lines = ["# Table of Authorities", ""]
    for category in data["categories"]:
        lines += [f"## {category['heading']}", "", "| Authority | Page(s) |", "| --- | --- |"]
        for e in category["authorities"]:
            lines.append(f"| {_italic_name(e)} | {'*passim*' if e['passim'] else ', '.join(e['pages'])} |")
        lines.append("")
    if not data["categories"]:
        lines += ["No authorities.", ""]
    lines += [f"_{n}_" for n in _notes(data)]
    return "\n".join(lines).rstrip() + "\n"


def _csv(data: TableOfAuthorities) -> str:
    import csv

    from kb.export import csv_cell

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["category", "authority", "pages", "passim", "key", "references", "only_in_parentheticals"])
    for category in data["categories"]:
        for e in category["authorities"]:
            row = [
                category["heading"],
                e["citation"],
                ", ".join(e["pages"]),
                "yes" if e["passim"] else "",
                e["key"],
                sum(e["references"].values()),
                "yes" if e["only_in_parentheticals"] else "",
            ]
            w.writerow([csv_cell(v) for v in row])
    return buf.getvalue()


def toa_docx(data: TableOfAuthorities) -> bytes:
    """The table as a Word document a writer pastes into a brief: dot-leader tabs, case names in italics.

    Raises:
        KbError: ``kb[docx]`` is not installed.
    """
    try:
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
        from docx.shared import Inches
    except ImportError:
        raise KbError("--format docx needs the optional extra: pip install 'kb[docx]'") from None
    document = docx.Document()
    section = document.sections[0]
    # python-docx types the margins Optional; a new document always has them.
    right = cast(int, section.page_width) - cast(int, section.left_margin) - cast(int, section.right_margin)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("TABLE OF AUTHORITIES").bold = True
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    head.add_run("Page(s)")
    for category in data["categories"]:
        document.add_paragraph().add_run(category["heading"] + ":").bold = True
        for e in category["authorities"]:
            p = document.add_paragraph()
            fmt = p.paragraph_format
            fmt.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            fmt.left_indent, fmt.first_line_indent = Inches(0.5), Inches(-0.5)
            fmt.right_indent = Inches(0.6)  # the wrapped lines stay clear of the pages column
            name = e["name"] if e["kind"] == "case" and e["name"] and e["citation"].startswith(e["name"]) else None
            if name:
                p.add_run(name).italic = True
            p.add_run(e["citation"][len(name) :] if name else e["citation"])
            p.add_run("\t")
            p.add_run(pages_text(e)).italic = e["passim"]
    for note in _notes(data):
        document.add_paragraph().add_run(note).italic = True
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
