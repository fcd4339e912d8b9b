"""Text out of the file formats opinions and briefs come in: PDF, HTML and DOCX.

Each reader returns a :class:`~kb.models.FormatText`: plain text that the rest
of kb reads exactly as it reads a ``.txt`` file, with the pages of the source
kept as form feeds (``\\f``), the page marker :mod:`kb.analysis.clean` and
:mod:`kb.pages` already know from PDF-derived text. Nothing here touches
eyecite, and no markup survives into the text.

PDF needs the optional extra ``kb[pdf]`` (pypdf), DOCX ``kb[docx]``
(python-docx); HTML uses the standard library's :mod:`html.parser`. Each
optional library is imported inside the reader that needs it.
"""

from __future__ import annotations

import io
import logging
import re
from html.parser import HTMLParser
from pathlib import Path

from kb.errors import InputError
from kb.models import FormatText

logger = logging.getLogger(__name__)

#: The formats kb reads, by name.
FORMATS = ("text", "pdf", "html", "docx")
#: File suffixes and the format each stands for (what folder ingest picks up).
SUFFIX_FORMATS = {".txt": "text", ".pdf": "pdf", ".html": "html", ".htm": "html", ".docx": "docx"}

# How much of a file's head format sniffing looks at.
SNIFF_BYTES = 4096
# A document's head that says HTML, and tags that, five or more in the head,
# say so for a .txt file too (CourtListener's html_with_citations saved as .txt).
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body)", re.IGNORECASE)
_HTML_TAGS = re.compile(rb"</?(?:p|div|span|br|table|a|pre|script|style|td|tr|blockquote|center)\b", re.IGNORECASE)
HTML_MIN_TAGS = 5
# Characters of a double-spaced court brief page (about 250-300 words): the
# page size kb assumes for a .docx file in which Word recorded no page break.
ESTIMATED_PAGE_CHARS = 1800


def sniff_format(path: Path, data: bytes) -> str:
    """The format of a file, from its bytes first and its suffix second.

    A PDF or a DOCX is known by its magic bytes whatever its name; a ``.txt``
    file that is really an HTML page is read as HTML.

    Raises:
        InputError: the suffix is one kb does not read; the message lists those it does.
    """
    head = data[:SNIFF_BYTES]
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and (suffix == ".docx" or b"word/" in head):
        return "docx"
    fmt = SUFFIX_FORMATS.get(suffix)
    if fmt == "html" or (fmt == "text" and looks_like_html(head)):
        return "html"
    if fmt is None:
        return "unknown"
    return fmt


def looks_like_html(head: bytes) -> bool:
    """Whether the head of a file is HTML markup rather than text."""
    return bool(_HTML_START.match(head)) or len(_HTML_TAGS.findall(head)) >= HTML_MIN_TAGS


# --- PDF ---------------------------------------------------------------------


def pdf_text(path: Path, data: bytes) -> FormatText:
    """The text layer of a PDF, one form feed between pages.

    Raises:
        InputError: ``kb[pdf]`` is not installed, the PDF is damaged or
            encrypted, or it has no text layer (a scan).
    """
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:
        raise InputError(f"{path}: reading PDF needs the optional extra: pip install 'kb[pdf]'") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{path}: an encrypted PDF; save an unencrypted copy first")
        pages = [_pdf_page_text(page) for page in reader.pages]
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError, AttributeError) as e:
        logger.debug("%s: pypdf: %s: %s", path, type(e).__name__, e)
        raise InputError(f"{path}: not a readable PDF (damaged, or not a PDF at all)") from None
    if not pages:
        raise InputError(f"{path}: a PDF with no pages")
    if not any(p.strip() for p in pages):
        raise InputError(
            f"{path}: a scanned PDF without a text layer ({len(pages)} pages of images); run OCR first (for example ocrmypdf)"
        )
    return FormatText(text="\n\f".join(pages), format="pdf", pages=len(pages))


def _pdf_page_text(page: object) -> str:
    text = page.extract_text() or ""  # type: ignore[attr-defined]
    # A page's own form feeds would count as page breaks; pypdf never puts one in real text.
    return text.replace("\f", "\n").replace("\r\n", "\n").replace("\r", "\n").strip("\n")


def _first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [""])[0][:120]


# --- HTML --------------------------------------------------------------------

# Elements whose text is not the document's.
_SKIP_TAGS = frozenset({"script", "style", "head", "title", "template", "noscript", "svg", "math"})
# Elements that start and end a line of text.
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
        "ol", "p", "section", "table", "tbody", "thead", "tfoot", "tr", "ul", "caption",
    }
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_VOID_SKIP = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col", "embed", "source"})


class _TextParser(HTMLParser):
    """Collects the text of an HTML page: blocks on their own lines, ``<pre>`` as it is, no markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag == "br":
            self.out.append("\n")
        elif tag == "pre":
            self.pre += 1
        elif tag in _BLOCK_TAGS:
            self.out.append("\n\n" if tag in ("p", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6") else "\n")
        elif tag in _CELL_TAGS and self.out and not self.out[-1].endswith("\n"):
            self.out.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in _BLOCK_TAGS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
        elif tag in _BLOCK_TAGS:
            self.out.append("\n\n" if tag in ("p", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6") else "\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            self.out.append(data)
        else:
            # Outside <pre> a run of whitespace is one space, as a browser shows it.
            self.out.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_text(path: Path, data: bytes, *, encoding: str | None = None) -> FormatText:
    """The text of an HTML page (a court's web page, CourtListener's ``html_with_citations``).

    Raises:
        InputError: the bytes cannot be decoded, or the page holds no text.
    """
    text = _decode_html(path, data, encoding)
    parser = _TextParser()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError) as e:  # html.parser's rare hard failures
        raise InputError(f"{path}: an HTML page kb cannot parse ({_first_line(e)})") from None
    joined = "".join(parser.out).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    # Lines trimmed of the spaces markup leaves at their ends; at most one blank line in a row.
    lines = [line.rstrip() for line in joined.split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    if not out.strip():
        raise InputError(f"{path}: an HTML page with no text in it")
    return FormatText(text=out + "\n", format="html")


_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset=[\"']?([A-Za-z0-9_-]{1,40})", re.IGNORECASE)


def _decode_html(path: Path, data: bytes, encoding: str | None) -> str:
    if not encoding:
        m = _META_CHARSET.search(data[:SNIFF_BYTES])
        encoding = m.group(1).decode("ascii") if m else None
    try:
        return data.decode(encoding or "utf-8").removeprefix("\ufeff")
    except LookupError:
        raise InputError(f"{path}: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as e:
        raise InputError(
            f"{path}: not {encoding or 'UTF-8'} text (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "pass --encoding latin-1 if it is Latin-1"
        ) from None


# --- DOCX --------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(path: Path, data: bytes) -> FormatText:
    """The text of a Word document, a form feed where Word records a page break.

    Footnotes are placed at the foot of the page that calls them, as printed.
    When Word recorded no page break at all (a file never laid out by Word),
    the result says ``pages_estimated`` and :mod:`kb.pages` counts
    :data:`ESTIMATED_PAGE_CHARS` characters to a page.

    Raises:
        InputError: ``kb[docx]`` is not installed, or the file is not a Word document.
    """
    try:
        import docx
    except ImportError:
        raise InputError(f"{path}: reading DOCX needs the optional extra: pip install 'kb[docx]'") from None
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        notes = _docx_footnotes(document)
    except Exception as e:  # zipfile's, lxml's and python-docx's own errors: all one thing to the user
        logger.debug("%s: python-docx: %s: %s", path, type(e).__name__, e)
        raise InputError(f"{path}: not a readable Word document (damaged, or not a .docx file)") from None
    walker = _DocxWalker(notes, notes_at_paragraphs=not _has_page_breaks(body))
    walker.walk(body)
    text = walker.finish()
    if not text.strip():
        raise InputError(f"{path}: a Word document with no text in it")
    breaks = text.count("\f")
    return FormatText(text=text, format="docx", pages=breaks + 1, pages_estimated=breaks == 0)


def _has_page_breaks(body: object) -> bool:
    for el in body.iter(f"{_W}br", f"{_W}lastRenderedPageBreak", f"{_W}pageBreakBefore"):  # type: ignore[attr-defined]
        if el.tag != f"{_W}br" or el.get(f"{_W}type") == "page":
            return True
    return False


def _docx_footnotes(document: object) -> dict[str, str]:
    """Footnote id -> its text, from the document's footnotes part (none when it has none)."""
    from lxml import etree

    for rel in document.part.rels.values():  # type: ignore[attr-defined]
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            notes = {}
            for note in root.iter(f"{_W}footnote"):
                if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                walker = _DocxWalker({})
                walker.walk(note)
                notes[note.get(f"{_W}id") or ""] = walker.finish().strip()
            return notes
    return {}


class _DocxWalker:
    """Walks WordprocessingML in document order, writing text, line breaks and page breaks."""

    def __init__(self, notes: dict[str, str], *, notes_at_paragraphs: bool = False) -> None:
        self.notes = notes
        # Without page breaks a footnote goes after the paragraph calling it, the nearest place known.
        self.notes_at_paragraphs = notes_at_paragraphs
        self.out: list[str] = []
        self.pending: list[str] = []  # footnotes called on the current page

    def walk(self, element: object) -> None:
        for el in element.iter():  # type: ignore[attr-defined]
            tag = el.tag if isinstance(el.tag, str) else ""
            # CASE 1: text and the characters Word keeps as elements
            if tag == f"{_W}t":
                self.out.append(el.text or "")
            elif tag == f"{_W}tab":
                self.out.append("\t")
            elif tag in (f"{_W}noBreakHyphen",):
                self.out.append("-")
            # CASE 2: a page break, typed or where Word last laid one out
            elif (
                tag == f"{_W}br"
                and el.get(f"{_W}type") == "page"
                or tag == f"{_W}lastRenderedPageBreak"
                or (tag == f"{_W}pageBreakBefore" and el.get(f"{_W}val") not in ("0", "false"))
            ):
                self.page_break()
            # CASE 3: a line break, a column break
            elif tag in (f"{_W}br", f"{_W}cr"):
                self.out.append("\n")
            # CASE 4: a footnote call: its text goes to the foot of this page
            elif tag == f"{_W}footnoteReference":
                note = self.notes.get(el.get(f"{_W}id") or "")
                if note:
                    self.pending.append(f"{el.get(f'{_W}id')} {note}")
            # CASE 5: a paragraph begins, so the one before ends
            elif tag == f"{_W}p":
                if self.notes_at_paragraphs:
                    self.flush_notes()
                if self.out and not self.out[-1].endswith(("\n", "\f")):
                    self.out.append("\n")
        self.out.append("\n")

    def page_break(self) -> None:
        self.flush_notes()
        tail = "".join(self.out).rstrip(" \t\n")
        if not tail or tail.endswith("\f"):
            return  # a break Word records twice (typed, then laid out), or one before any text
        self.out.append("\n\f")

    def flush_notes(self) -> None:
        if self.pending:
            self.out.append("\n" + "\n".join(self.pending) + "\n")
            self.pending.clear()

    def finish(self) -> str:
        self.flush_notes()
        text = re.sub(r"[ \t]*\n[ \t]*(?=\n)", "\n", "".join(self.out))
        text = re.sub(r"\n{3,}", "\n\n", text)
        return text.strip("\n") + "\n"


def read_format(path: Path, data: bytes, fmt: str, *, encoding: str | None = None) -> FormatText:
    """Text from a PDF, HTML or DOCX file's bytes (``fmt`` from :func:`sniff_format`).

    Raises:
        InputError: the file cannot be read in that format (see each reader).
    """
    if fmt == "pdf":
        return pdf_text(path, data)
    if fmt == "html":
        return html_text(path, data, encoding=encoding)
    if fmt == "docx":
        return docx_text(path, data)
    raise InputError(f"{path}: unknown format {fmt!r}; kb reads {', '.join(FORMATS)}")
