"""A document's own page numbers, and where its front matter ends.

A brief or an opinion numbers its pages itself: a number at the head or foot
of each page, Roman numerals for the front matter, ``1a`` for an appendix.
:func:`find_pages` reads that numbering from the original text:

* form feeds (PDF and DOCX text, ``pdftotext`` output) split pages, each
  labelled by the number printed at its head or foot;
* without form feeds, lines that hold only a page number (``2``, ``(1)``,
  ``Page 3``, ``- 4 -``, ``iv``, ``12a``) mark pages, as in briefs saved as
  text; only runs of consecutive numbers count, so a stray number is no page;
* a Word file in which Word recorded no page break gets pages counted by
  characters, and says so (``estimated``).

:func:`argument_start` finds where a brief's own text begins: after its
cover, table of contents and table of authorities.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from kb.formats import ESTIMATED_PAGE_CHARS
from kb.models import Document, PageMap

# A line that is a page number and nothing else. Parenthesised numbers
# ("(1)", "(III)") are printed at a page's foot in Supreme Court briefs; bare
# ones at its head; "Page 3", "- 3 -" and "3 of 12" at its foot.
_NUMBER_LINE = re.compile(
    r"(?m)^[^\S\n]*(?:"
    r"\((?P<paren>\d{1,4}|[ivxlc]{1,7}|[IVXLC]{1,7})\)"
    r"|(?P<bare>\d{1,4}|[ivxlc]{1,7}|[IVXLC]{1,7})"
    r"|(?P<app>\d{1,4}a)"
    r"|(?:Page|PAGE|page)[^\S\n]+(?P<page>\d{1,4})(?:[^\S\n]+of[^\S\n]+\d{1,4})?"
    r"|[-–—][^\S\n]*(?P<dash>\d{1,4})[^\S\n]*[-–—]"
    r"|(?P<of>\d{1,4})[^\S\n]+of[^\S\n]+\d{1,4}"
    r")[^\S\n]*$"
)
# Lines at each end of a form-feed page searched for its printed number.
PAGE_NUMBER_LINES = 3
# The fewest consecutive numbers that count as a page numbering (a lone "2" is no numbering).
MIN_NUMBERED_PAGES = 2
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


@dataclass(frozen=True, slots=True)
class _Marker:
    start: int  # where the number's line begins
    end: int  # where the next line begins
    label: str
    series: str  # "arabic", "roman" or "appendix"
    value: int
    foot: bool  # printed at the page's foot (it ends its page) rather than its head


def find_pages(text: str, *, estimated: bool = False) -> PageMap:
    """The pages of ``text`` and the label each is printed with.

    Args:
        text: the document's original text.
        estimated: the source recorded no page break (see
            :attr:`kb.models.Document.pages_estimated`): count pages of
            :data:`~kb.formats.ESTIMATED_PAGE_CHARS` characters.

    Example:
        >>> find_pages("Cover\\n(i)\\nText\\n(1)\\n2\\nMore").page_at(13)
        '1'
    """
    # CASE 1: form feeds split the pages
    if "\f" in text:
        return _form_feed_pages(text)
    # CASE 2: no page was recorded: count them
    if estimated:
        return _estimated_pages(text)
    # CASE 3: lines holding only a page number
    return _numbered_pages(text)


def _marker(m: re.Match[str], base: int = 0) -> _Marker | None:
    end = m.end() + 1
    raw = next(g for g in ("paren", "bare", "app", "page", "dash", "of") if m.group(g))
    label = m.group(raw)
    foot = raw != "bare" and raw != "app"
    if raw == "app":
        return _Marker(base + m.start(), base + end, label, "appendix", int(label[:-1]), foot)
    if label.isdigit():
        return _Marker(base + m.start(), base + end, label, "arabic", int(label), foot)
    value = _roman_value(label)
    if value is None:
        return None
    return _Marker(base + m.start(), base + end, label, "roman", value, foot)


def _roman_value(text: str) -> int | None:
    """The value of a Roman numeral, or None when it is not one written the usual way."""
    s = text.lower()
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total if _to_roman(total) == s else None


def _to_roman(n: int) -> str:
    out = ""
    for v, r in ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out, n = out + r, n - v
    return out


def _numbered_pages(text: str) -> PageMap:
    markers = [mk for m in _NUMBER_LINE.finditer(text) if (mk := _marker(m)) is not None]
    chained = [mk for series in ("arabic", "roman", "appendix") for mk in _chain(markers, series)]
    if not chained:
        return PageMap(starts=(), labels=())
    # A parenthesised number at a page's foot ends its page even outside the numbering
    # ("(I)" under an appendix's own contents): a boundary with no label of its own.
    ends = {mk.start for mk in chained}
    loose = [dataclasses.replace(mk, label="") for mk in markers if mk.foot and mk.start not in ends]
    kept = sorted(chained + loose, key=_start)
    # Each marker is a boundary; the page between two boundaries takes the number
    # printed at its foot (the marker after it) or else at its head (the one before).
    bounds = [0, *(mk.start if not mk.foot else mk.end for mk in kept), len(text)]
    starts: list[int] = []
    labels: list[str] = []
    for k in range(len(bounds) - 1):
        before = kept[k - 1] if k > 0 else None
        after = kept[k] if k < len(kept) else None
        label = (after.label if after and after.foot else None) or (
            before.label if before and not before.foot else None
        )
        if label is None and after is not None and not after.foot and after.series != "roman" and after.value > 1:
            # the page before a head-numbered page, when that is a number: "1" before "2", "1a" before "2a"
            label = str(after.value - 1) + ("a" if after.series == "appendix" else "")
        starts.append(bounds[k])
        labels.append(label or "")
    furniture = tuple((mk.start, min(mk.end - 1, len(text))) for mk in chained + loose)
    furniture = tuple(sorted(furniture))
    return PageMap(starts=tuple(starts), labels=tuple(labels), furniture=furniture)


def without_furniture(text: str, pages: PageMap) -> str:
    """``text`` with its page-number lines blanked by spaces: offsets unchanged, no "15" read into a citation.

    Example:
        >>> without_furniture("1581(i)(1), 15 which", PageMap((0, 12), ("14", "15"), furniture=((12, 14),)))
        '1581(i)(1),    which'
    """
    if not pages.furniture:
        return text
    pieces, last = [], 0
    for start, end in pages.furniture:
        pieces += [text[last:start], " " * (end - start)]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _start(mk: _Marker) -> int:
    return mk.start


def _chain(markers: list[_Marker], series: str) -> list[_Marker]:
    """The longest run of markers of one series numbered 1, 2, 3 ... in text order (a stray number is left out)."""
    best: dict[int, tuple[int, int]] = {}  # value -> (length of the best run ending in it, its last index)
    back: dict[int, int] = {}
    top = (0, -1)
    for i, mk in enumerate(markers):
        if mk.series != series:
            continue
        length, prev = best.get(mk.value - 1, (0, -1))
        if length + 1 > best.get(mk.value, (0, -1))[0]:
            best[mk.value] = (length + 1, i)
            back[i] = prev
            top = max(top, (length + 1, i))
    if top[0] < MIN_NUMBERED_PAGES:
        return []
    run, i = [], top[1]
    while i >= 0:
        run.append(markers[i])
        i = back[i]
    return run[::-1]


def _form_feed_pages(text: str) -> PageMap:
    starts = [0, *(m.end() for m in re.finditer("\f", text))]
    labels: list[str | None] = []
    for k, start in enumerate(starts):
        end = starts[k + 1] - 1 if k + 1 < len(starts) else len(text)
        labels.append(_printed_number(text[start:end]))
    # A page that prints no number follows the one before it (or, before any, precedes the one after).
    filled = [label or "" for label in labels]
    for k, label in enumerate(labels):
        if label is None:
            j = next((j for j in range(k - 1, -1, -1) if labels[j]), None)
            n = next((n for n in range(k + 1, len(labels)) if labels[n]), None)
            if j is not None and (labels[j] or "").isdigit():
                filled[k] = str(int(labels[j] or 0) + k - j)
            elif j is None and n is not None and (labels[n] or "").isdigit() and int(labels[n] or 0) > n - k:
                filled[k] = str(int(labels[n] or 0) - (n - k))
    if not any(filled):
        filled = [str(k + 1) for k in range(len(starts))]  # nothing printed: the pages in order
    return PageMap(starts=tuple(starts), labels=tuple(filled))


def _printed_number(page: str) -> str | None:
    """The number printed at the head or foot of one page, if any."""
    lines = [ln for ln in page.split("\n") if ln.strip()]
    for line in (*lines[:PAGE_NUMBER_LINES], *lines[-PAGE_NUMBER_LINES:][::-1]):
        m = _NUMBER_LINE.match(line)
        if m and (mk := _marker(m)):
            return mk.label
    return None


def _estimated_pages(text: str) -> PageMap:
    starts = [0]
    while starts[-1] + ESTIMATED_PAGE_CHARS < len(text):
        m = re.compile(r"\s").search(text, starts[-1] + ESTIMATED_PAGE_CHARS)  # a page ends between words
        if m is None or m.end() >= len(text):
            break
        starts.append(m.end())
    return PageMap(starts=tuple(starts), labels=tuple(str(k + 1) for k in range(len(starts))), estimated=True)


# --- front and back matter ----------------------------------------------------

# The heading of an appendix: "APPENDIX", "APPENDIX A", "Appendix".
_APPENDIX_HEADING = re.compile(r"(?m)^[^\S\n]*(?:APPENDIX|Appendix)(?:[^\S\n]+[A-Z])?[^\S\n]*$")
# Lines an appendix's cover and own table of contents may take before its page 1a.
APPENDIX_FRONT_LINES = 60


def appendix_start(text: str, pages: PageMap) -> int | None:
    """Where a document's appendix begins (its pages are numbered ``1a``, ``2a`` ...), or None.

    The appendix begins at its own heading, when one stands in the
    :data:`APPENDIX_FRONT_LINES` lines before its first page, else at that page.
    """
    first = next((s for s, label in zip(pages.starts, pages.labels, strict=True) if re.fullmatch(r"\d+a", label)), None)
    if first is None:
        return None
    window = max(0, _line_start_before(text, first, APPENDIX_FRONT_LINES))
    heading = _APPENDIX_HEADING.search(text, window, first + 1)
    return heading.start() if heading else first


def _line_start_before(text: str, pos: int, lines: int) -> int:
    for _ in range(lines):
        pos = text.rfind("\n", 0, max(0, pos - 1))
        if pos < 0:
            return 0
    return pos + 1


# --- front matter -------------------------------------------------------------

# The heading of a brief's table of contents or of authorities.
_TABLE_HEADING = re.compile(
    r"(?im)^[^\S\n]*TABLE[^\S\n]+OF[^\S\n]+(?:CONTENTS|(?:CITED[^\S\n]+)?AUTHORITIES)[^\S\n]*(?:[—–-][^\n]{0,20})?$"
)
# A line of such a table: dot leaders and the page numbers they lead to ("..... 11, 12", ". . . 3", "... passim").
_LEADER_LINE = re.compile(
    r"(?m)(?:\.[^\S\n]?){4,200}[^\S\n]*(?:passim|[\dIVXLCivxlc]{1,5}a?(?:[-–]\d{1,4}a?)?"
    r"(?:,[^\S\n]*(?:passim|[\dIVXLCivxlc]{1,5}a?(?:[-–]\d{1,4}a?)?))*)(?:[^\S\n]*n\.[^\S\n]*\d+)?[^\S\n]*$"
)
# Lines that may stand between two entries of a table without ending it:
# an entry wrapped over several lines, a category heading, a page's head and foot.
MAX_TABLE_GAP_LINES = 10
# How much of a line's end can hold its dot leaders and page numbers.
LEADER_TAIL_CHARS = 300


def argument_start(text: str) -> int:
    """Where a document's own text begins: after its table of authorities (or of contents).

    The tables are found by their headings; a table ends at its last line of
    dot leaders followed by :data:`MAX_TABLE_GAP_LINES` lines without one, and
    the front matter with the last table that follows another that closely.
    A document with no such table (an opinion) begins at 0.

    Example:
        >>> argument_start("TABLE OF AUTHORITIES\\nCases:\\nSharif v. Ashcroft, 280 F.3d 786 ....... 3\\nARGUMENT\\n")
        71
    """
    end = 0
    for heading in _TABLE_HEADING.finditer(text):
        if heading.start() < end:
            continue
        if end and text.count("\n", end, heading.start()) > MAX_TABLE_GAP_LINES:
            break  # a table further on (an appendix's own contents) is not front matter
        last = heading.end()
        pos, gap = heading.end(), 0
        while gap <= MAX_TABLE_GAP_LINES and pos < len(text):
            nl = text.find("\n", pos + 1)
            line_end = len(text) if nl < 0 else nl
            # Leaders end a line: only its tail is searched, so a long line costs no more than a short one.
            if _LEADER_LINE.search(text, max(pos, line_end - LEADER_TAIL_CHARS), line_end):
                last, gap = line_end, 0
            else:
                gap += 1
            pos = line_end
        end = max(end, last)
    if not end:
        return 0
    while end < len(text) and text[end] in "\n \t":
        end += 1
    return end


def load_paged(
    path: str | Path, command: str, *, encoding: str | None = None, max_bytes: int | None = None
) -> tuple[Document, PageMap]:
    """A brief or opinion file as ``kb toa`` and ``kb check`` read it: its text, body start and pages.

    A brief's own text begins after its tables (:func:`argument_start`); page
    numbers printed on lines of their own are blanked, offsets kept (a "15" after
    "28 U.S.C. § 1581(i)(1)," is page 15, not section 15).

    Raises:
        InputError: the file is missing, unreadable or of a format kb does not read
            (the message names ``command``).
    """
    from kb.errors import InputError
    from kb.formats import SUFFIX_FORMATS, sniff_format
    from kb.load import MAX_OPINION_BYTES, document_from_bytes, read_bytes

    path = Path(path)
    data = read_bytes(path, max_bytes or MAX_OPINION_BYTES)
    if data.strip() and sniff_format(path, data) == "unknown":
        raise InputError(
            f"{path}: unknown format ({path.suffix or 'no suffix'}); {command} reads {', '.join(SUFFIX_FORMATS)} files"
        )
    doc = document_from_bytes(path, data, encoding=encoding)
    start = argument_start(doc.text)
    if start:
        doc = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, body_start=start))
    pages = find_pages(doc.text, estimated=doc.pages_estimated)
    return dataclasses.replace(doc, text=without_furniture(doc.text, pages)), pages
