"""Read an opinion's metadata from its own text: the caption, and where the opinion begins.

Pure functions over the text, with no eyecite: the loader calls
:func:`read_caption` for every file that has no sidecar JSON. The head of the
text is cut into *cells* (a line, or a column of a two-column caption), each
cell is classified (court line, docket, date, party, role, counsel, panel,
notice, judge line, prose ...), and each field is read from the cells of the
header, the cells before the first paragraph of prose. The opinion's own
text starts after the judge line, or at that first paragraph; for a Supreme
Court syllabus or a reporter's headnotes, after them.

Nothing is guessed: a field the head does not give is left empty and named
in :attr:`Caption.unknown`, and a text with no header at all (many
nineteenth-century opinions start straight with the opinion) starts at 0.

Every regex here is anchored on a literal or bounded; only the head of the
text (``HEAD_CHARS``) is read for the caption, plus bounded windows for the
judge line after a syllabus (``SYLLABUS_CHARS``), the spelling of names
(``SPELLING_CHARS``) and a signature date (``TAIL_CHARS``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import NamedTuple

from kb.caption_fields import (
    TAIL_CHARS,
    Judge,
    date_candidates,
    docket_across,
    docket_in,
    has_date,
    judge_in,
    own_citations,
    publisher_caption,
    tail_date,
)
from kb.courts import court_abbreviation, court_from_caption
from kb.models import Caption
from kb.parties import ROLE, caption_case_name, publisher_case_name, title_case

# The caption, counsel list and panel of the longest headers in the corpus
# (CAP head matter with a dozen counsel paragraphs) end within 8,000 characters.
HEAD_CHARS = 12_000
HEAD_LINES = 300
# What is cut into cells first: enough for nine headers in ten.
FIRST_LOOK_CHARS = 4_000
# A Supreme Court syllabus runs to about 18,000 characters before the
# opinion's "JUSTICE X delivered the opinion of the Court." line.
SYLLABUS_CHARS = 40_000
# Running text read for how the opinion spells the names its caption prints in capitals.
SPELLING_CHARS = 30_000
# Spaces that separate the columns of a two-column caption; justified prose
# ("TORRUELLA,     Circuit   Judge.") stays under this.
COLUMN_GAP = 8
# Cells indented this far are the right-hand column (a clerk's stamp, a docket), not a party.
FAR_RIGHT = 50
# A line indented this much further than the caption's "v." belongs to the right-hand column.
RIGHT_OF_V = 20
# A notice boxed between rule lines at the top of a slip opinion runs to this many lines.
BOXED_NOTICE_LINES = 40
# A publisher's notice says what it is within this many characters of a line's start;
# further into a long line the same words ("under Supreme Court Rule 23") are the opinion's.
NOTICE_REACH = 90
# Lines a caption's party, a lower-court block, a panel or a notice runs to.
PARTY_LINES = 12
BLOCK_LINES = 4
NOTICE_LINES = 8
# Pleading-paper line numbers: this many numbered lines among the first NUMBERED_SCAN lines.
NUMBERED_SCAN = 80
NUMBERED_MIN = 8
# A cell with at least this many words, mostly in lower case, is prose.
PROSE_WORDS = 6
PROSE_LOWER_SHARE = 0.4
# A court's name has at most this share of lower-case words besides "of", "the" ...
# ("Taki Troy Hughes seeks to appeal the district court's" is prose).
COURT_LOWER_SHARE = 0.2
# A line naming counsel ("argued the cause for appellant") is still counsel up to this share;
# running prose that happens to say "for the State" has more.
COUNSEL_LOWER_SHARE = 0.7
# ... when its counsel phrase opens it or ends within this many characters of its end;
# anywhere in a line that is mostly names (less than this share of lower-case words).
COUNSEL_TAIL = 45
COUNSEL_NAMES_SHARE = 0.5
# A line this short that ends "... was on brief, for appellee." is counsel whatever its share.
COUNSEL_SHORT = 10


class Cell(NamedTuple):
    """A line of the head, or one column of it; offsets into the original text."""

    text: str
    start: int
    end: int
    line: int
    col: int
    indent: int


_SEPARATOR = re.compile(
    rf" {{{COLUMN_GAP},}}|\t+|\s+[):|]+(?=\s|$)|\s\*{{1,3}}(?=\s|$)|\s{{3,}}(?=\()|\s{{3,}}(?=\[)"
    r"|<br\s{0,3}/?>|</?(?:td|tr|p|div|table|tbody)\b[^<>\n]{0,120}>"
)
_TAG = re.compile(r"<[^<>\n]{0,200}>")
_LINE_NUMBER = re.compile(r"^\s{0,4}(\d{1,2})(?=\s|$)")
_RULE_LINE = re.compile(r"^[\s_\-=*•~.]{3,}$")
_PUNCT_ONLY = re.compile(r"^[\W_]*$")
_STAR_PAGE = re.compile(r"^(?:\[\*\d{1,5}\]|\*{1,2}\d{1,5}|¶\s?\d{1,3})\s?")

_V = re.compile(r"^(?:[-–—]\s?)?(?:v|vs|V|VS|versus|against)\.?(?:\s?[-–—])?:?$")
_INLINE_V = re.compile(r"\s(?:v|vs)\.?(?:\s|$)|(?<=\S)\s?[-–—]v[-–—]\s?(?=\S)")
_INLINE_V_CAPS = re.compile(r"\s(?:V|VS)\.\s")
_IN_RE_START = re.compile(
    r"^(?i:in\s+re\b|in\s+the\s+matter\s+of\b|matter\s+of\b|in\s+the\s+interest\s+of\b|in\s+interest\s+of\b"
    r"|ex\s+parte\b|petition\s+of\b|application\s+of\b)"
)
_PAGE = re.compile(r"^(?:[-–]\s?\d{1,4}\s?[-–]|\d{1,4}|Page \d{1,4} of \d{1,4})$")
_SYLLABUS = re.compile(r"^(?i:syllabus(?:\s+by\s+the\s+court)?|(?:advance\s+sheet\s+)?headnotes?)\.?$")
_HEADNOTE = re.compile(r"^\d{1,2}\.\s{1,3}[A-Z][\w ,'-]{2,40}:\s")
_NOTICE = re.compile(
    r"^(?i:notice|note|summary|cited\s+by|citing)\b|(?i:\bnot\s+(?:final\s+until|binding\s+precedent|for\s+publication|designated\s+for"
    r"|to\s+be\s+published|precedential)|\bsubject\s+to\s+(?:formal\s+)?revision|\bpublished\s+by\b|uncorrected"
    r"|sitting\s+by\s+designation|\bunpublished\b|\bnonprecedential\b|\bcertified\s+for\s+(?:partial\s+)?publication"
    r"|\bunder\s+supreme\s+court\s+rule\b|readers\s+are\s+requested|^\(slip\s+opinion\)"
    r"|^pursuant\s+to\s+[\w. ]{0,30}\brule\b|regarded\s+as\s+precedent|\bare\s+available\s+to\b|\bhomepage\b)"
)
_HEADING = re.compile(
    r"^(?:(?:MEMORANDUM|OPINION|ORDER|DECISION|JUDGMENT|RULING|JOURNAL ENTRY|ENTRY|REMAND ORDER|SUMMARY ORDER"
    r"|FINAL|PUBLISHED|UNPUBLISHED|PER CURIAM)(?:\s(?:AND|&|OF THE COURT|ON|REGARDING|AWARDING)?\s?"
    r"(?:MEMORANDUM|OPINION|ORDER|DECISION|JUDGMENT|RULING|MOTION|REHEARING|DAMAGES|DECISION)?){0,3}"
    r"|O R D E R|D E C I S I O N|O P I N I O N|Opinion|Memorandum(?: Opinion)?(?: and Order)?|Order)\s?[*\d†]{0,2}$"
)
_LOWER = re.compile(
    r"^(?i:(?:on\s+)?appeals?\s+from\b|(?:civil|criminal)\s+appeal\s+from\b|(?:on\s+)?(?:petition\s+for\s+(?:a\s+)?)?"
    r"(?:writ\s+of\s+)?certiorari\s+to\b|on\s+(?:petition\s+for\s+review|review|transfer|certified\s+question|appeal)"
    r"|original\s+proceedings?|petition\s+for\s+review|\[?hon(?:orable|\.)\s|the\s+honorable\b|from\s+the\b"
    r"|(?:the\s+)?trial\s+court\b|appeal\s+from\s+an?\b|d\.\s?c\.\s+(?:docket\s+)?nos?\b|on\s+(?:petition|writ|motion|application)\s+for\b"
    r"|(?:application|petition|motion)\s+for\b|\(d\.c\.\s+no\b|\(?(?:super\.\s?ct\.|d\.\s?c\.|index|c\.p\.c\.)\s+no\b)"
)
_PANEL = re.compile(
    r"^(?i:before)(?::|\s*$|\s+(?!(?i:the|this|me|us|him|her)\b)[A-Z])"
    r"|^(?i:present|considered\s+by|argued\s+before|concur|panel|coram|heard\s+before)\b:?"
    r"|(?:Circuit|District)\s+Judges\.?$|\b(?:JJ|Js)\.,?$"
)
_COUNSEL = re.compile(
    r"(?i:\bfor\s+(?:the\s+)?(?:appellants?|appellees?|petitioners?|respondents?|plaintiffs?|defendants?|movants?"
    r"|intervenors?|amic(?:us|i)(?:\s+curiae)?|claimants?|debtors?|state|people|commonwealth|united\s+states"
    r"|government|minor|child|children|(?:plaintiff|defendant|petitioner|respondent|appellant|appellee)s?[-/ ])"
    r"|\bon\s+(?:the\s+)?briefs?\b|\bamic(?:us|i)\s+curiae\b|argued\s+the\s+cause|\bof\s+counsel\b|attorneys?\s+general[,;]|\besq\b"
    r"|public\s+defender|\bappearances?:|guardian\s+ad\s+litem|\bon\s+behalf\s+of\s+the\s+(?:plaintiff|defendant"
    r"|petitioner|respondent|appellant|appellee)|\bpro\s+se\.?$)"
)
_COURTISH = re.compile(r"^(?!(?i:the\s+)?(?:people|state|commonwealth)\b)[A-Z][\w.,' ]{0,60}\b(?i:court)\b")
_FIELD_LABEL = re.compile(r"^[A-Z][a-z]{2,12}(?: [A-Za-z]{2,12})?:$")
_AUTHOR = re.compile(r"^(?i:opinion\s+(?:of\s+the\s+court\s+|for\s+the\s+court\s+)?(?:filed\s+)?by)\b")
_COURT_WORD = re.compile(r"(?i:\bcourt\b|\bcircuit\b|\bsupreme\b|\bappeals?\b|\bbankruptcy\b|\btribunal\b)")
_COURT_CONT = re.compile(
    r"^(?i:(?:(?:for|of|in)\s+(?:the\s+)?)?(?:(?:state|commonwealth)\s+of\s+)?[\w.' ]{0,40}?"
    r"\b(?:district|circuit|division|department|county|parish|session)\b[\w.,' ]{0,30}"
    r"|at\s+[a-z][\w ]{1,25}|of\s+(?:the\s+)?(?:state\s+of\s+)?[a-z][\w ]{1,25}|of\s+the|[a-z]+\.)$"
)
_SECTION_HEADING = re.compile(r"^(?:[IVX]{1,5}\.|[A-Z]\.|\d{1,2}\.)?\s?[A-Z][A-Za-z ,&'’-]{2,60}\.?$")
_WORD = re.compile(r"[^\W\d_][\w'’\-]+")
_LOWER_CASE_WORD = re.compile(r"^[a-z]")
_CAPS_NAME_OPENS = re.compile(r"^[A-Z][A-Z.'’\-]+(?:\s[A-Z][A-Z.'’\-]+){1,5}[,;]\s")
_ENDS_WITH_ROLE = re.compile(rf",\s{{0,3}}{ROLE.pattern}\s{{0,3}}[.,;]?$")
_NO_JUDGE = Judge(None, 0, False, False)
_COURT_NAME_SMALL = frozenset({"of", "the", "for", "at", "in", "and", "on"})
_JUDGE_VERB = re.compile(r"\b(?:delivered|announced|concurring|dissenting|with whom)\b")

# Kinds that end a party's lines when collecting a caption.
_BOUNDARY = frozenset(
    {"sep", "cite", "court", "courtish", "notice", "heading", "lower", "panel", "counsel", "judge", "author"}
    | {"syllabus", "prose", "inre", "label", "value"}
)
# What some courts print between the judge line and the opinion: counsel, headings, a page's footer.
_AFTER_JUDGE = frozenset({"counsel", "heading", "page", "sep", "panel", "court", "date", "docket", "notice"})
# Kinds whose dates, dockets and courts are not the opinion's own.
_NOT_OURS = frozenset(["notice", "lower", "counsel", "panel", "prose"])


def read_caption(text: str) -> Caption:
    """Everything the head of an opinion says about it.

    Args:
        text: the opinion's text, as loaded.

    Returns:
        a :class:`Caption`; fields the text does not give are empty and named
        in ``unknown``, and ``body_start`` is 0 when the text has no header.

    Example:
        >>> c = read_caption("UNITED STATES\\n\\nv.\\n\\nANDERSON.\\n\\nNo. 6896.\\n\\n"
        ...     "Circuit Court of Appeals, Seventh Circuit.\\n\\nDecember 18, 1939.\\n\\n"
        ...     "KERNER, Circuit Judge.\\n\\nIn this case the United States imposed a tax upon dues.")
        >>> c.case_name, c.court_id, c.date, c.docket, c.judge
        ('United States v. Anderson', 'ca7', '1939-12-18', 'No. 6896', 'Kerner')
        >>> text = "In this case the United States imposed a tax upon dues."
        >>> read_caption(text).body_start, read_caption(text).unknown[0]
        (0, 'case_name')
    """
    cells, kinds, header = _head(text)
    court_id = _deciding_court(cells, kinds, header)
    judge_at, judge, per_curiam = _find_judge(text, cells, kinds, header, court_id)
    writing = _separate_writing(text, judge_at)
    body = _body_start(text, cells, kinds, header, judge_at)
    head_cells = [(c, k) for c, k in zip(cells[:header], kinds[:header], strict=True)]
    spelling = Spelling(text[body : body + SPELLING_CHARS] if body else text[:SPELLING_CHARS])
    name = _case_name(cells, kinds, header, spelling)
    date = _date(head_cells) or tail_date(text[-TAIL_CHARS:] if len(text) > TAIL_CHARS else text)
    docket = _docket(head_cells)
    cites = _head_citations(text, cells, header, head_cells, body)
    if court_id is None:
        court_id = _court_of_reporter(cites)
    found = bool(name or court_id or docket or cites or (date and header))
    if not found and judge_at is None:
        body = 0
    if judge:
        judge = title_case(judge, spelling)
    caption = Caption(
        case_name=name,
        court=court_abbreviation(court_id),
        court_id=court_id,
        date=date,
        docket=docket,
        citations=cites,
        judge=judge,
        per_curiam=per_curiam,
        writing=writing,
        body_start=body,
    )
    return replace(caption, unknown=_unknown(caption))


def _head(text: str) -> tuple[list[Cell], list[str], int]:
    """The head's cells, their kinds and where the header ends.

    Most headers end within the first few thousand characters; the whole head is
    cut into cells only when the first paragraph of prose is further down.
    """
    cells = layout(text, max_chars=FIRST_LOOK_CHARS)
    kinds = classify(cells)
    header = _header_end(kinds)
    if header >= len(cells) and len(text) > FIRST_LOOK_CHARS:
        cells = layout(text)
        kinds = classify(cells)
        header = _header_end(kinds)
    return cells, kinds, header


def _head_citations(
    text: str, cells: list[Cell], header: int, head_cells: list[tuple[Cell, str]], body: int
) -> tuple[str, ...]:
    """The opinion's own citations its header prints, else a "Cite as:" line after a syllabus."""
    cites = tuple(
        dict.fromkeys(c for cell, kind in head_cells if kind not in _NOT_OURS for c in own_citations(cell.text))
    )
    if not cites and body > (cells[header].start if header < len(cells) else len(text)):
        cites = _cite_as_line(text[:body])  # after a syllabus: "Cite as: 580 U. S. ____ (2017)"
    return cites


def _unknown(caption: Caption) -> tuple[str, ...]:
    """The fields the caption does not give."""
    return tuple(
        f
        for f, v in (
            ("case_name", caption.case_name),
            ("court", caption.court_id),
            ("date", caption.date),
            ("docket", caption.docket),
            ("citations", caption.citations),
            ("judge", caption.judge or caption.per_curiam),
        )
        if not v
    )


# --- layout --------------------------------------------------------------------


def layout(text: str, offset: int = 0, max_chars: int = HEAD_CHARS, max_lines: int = HEAD_LINES) -> list[Cell]:
    """The head of ``text`` as cells: its non-blank lines, two-column lines split in two.

    HTML remnants (``<td>``, ``<br>``, ``&amp;``) are taken out of the cell
    text; offsets stay those of the original text (plus ``offset``).
    """
    cells: list[Cell] = []
    pos = 0
    head = text[:max_chars]
    lines = head.split("\n")
    numbered = _numbered_lines(lines)
    for line_no, line in enumerate(lines):
        if line_no >= max_lines:
            break
        if numbered:
            # pleading paper: "13   Before: POOLER, ..." -> the line without its number, offsets kept
            line = _LINE_NUMBER.sub(lambda m: " " * len(m.group(0)), line, count=1)
        if line.strip():
            if _RULE_LINE.match(line) and len(line.strip()) >= 3:
                start = pos + len(line) - len(line.lstrip())
                cells.append(Cell("___", offset + start, offset + pos + len(line), line_no, 0, start - pos))
            else:
                cells.extend(_split_line(line, offset + pos, line_no))
        pos += len(line) + 1
    return cells


def _numbered_lines(lines: list[str]) -> bool:
    """Whether the head is printed with line numbers in its margin (1, 2, 3 ... on most lines)."""
    expected, hits = 1, 0
    for line in lines[:NUMBERED_SCAN]:
        m = _LINE_NUMBER.match(line)
        if m and int(m.group(1)) in (expected, expected + 1):
            expected, hits = int(m.group(1)) + 1, hits + 1
    return hits >= NUMBERED_MIN


def _split_line(line: str, start: int, line_no: int) -> list[Cell]:
    out: list[Cell] = []
    last = 0
    pieces = []
    for m in _SEPARATOR.finditer(line):
        pieces.append((last, m.start()))
        last = m.end()
    pieces.append((last, len(line)))
    for a, b in pieces:
        raw = line[a:b]
        text = _clean(raw)
        if not text or _PUNCT_ONLY.match(text):
            continue
        lead = a + len(raw) - len(raw.lstrip())
        out.append(Cell(text, start + lead, start + b, line_no, len(out), lead))
    return out


def cell_offset(text: str, cell: Cell, pos: int) -> int:
    """The offset in ``text`` of position ``pos`` of a cell's (whitespace-collapsed) text."""
    raw = text[cell.start : cell.end]
    collapsed = " ".join(raw.split())
    star = _STAR_PAGE.match(collapsed)
    wanted = sum(1 for ch in cell.text[:pos] if not ch.isspace())
    wanted += sum(1 for ch in star.group(0) if not ch.isspace()) if star else 0
    seen = 0
    for k, ch in enumerate(raw):
        if seen == wanted:
            return cell.start + k
        if not ch.isspace():
            seen += 1
    return cell.end


def _clean(raw: str) -> str:
    text = html.unescape(_TAG.sub(" ", raw)) if ("<" in raw or "&" in raw) else raw
    text = " ".join(text.split())
    return _STAR_PAGE.sub("", text).strip()


# --- classification --------------------------------------------------------------


def classify(cells: list[Cell]) -> list[str]:
    """The kind of each cell of the header, blocks (a notice, a lower court, a panel) carried over their lines.

    Classification stops at the first cell of prose, which ends the header;
    the cells after it are left ``"?"`` (a head holds a few hundred cells, a
    header a few dozen).
    """
    kinds = _Kinds(cells)
    i = _boxed_notice(cells, kinds)
    deciding: str | None = None
    while i < len(cells):
        kind = kinds[i]
        if kind == "label" and i + 1 < len(cells) and kinds[i + 1] in ("text", "prose", "date", "docket"):
            kinds[i + 1] = "value"  # "Docket:" / "23-P-1022", "Dates:" / "June 3, 2024 - August 27, 2024"
            i += 2
            continue
        if kind in ("prose", "notice", "counsel") and _is_party_line(cells, i):
            kind = kinds[i] = "text"  # "JOSE FERREIRA-LOPEZ, also known as ..." beside a "v."
        if kind == "prose":
            break
        if (
            kind in ("text", "courtish")
            and _COURT_WORD.search(cells[i].text)
            and _names_a_court(cells[i].text, _WORD.findall(cells[i].text))
        ):
            # "United States Court of Appeals" / "For the First Circuit": a name only its lines together give
            span = _court_span(cells, kinds, i)
            if len(span) > 1 and court_from_caption(" ".join(cells[j].text for j in span)):
                kind = kinds[i] = "court"
        if kind == "courtish" and deciding:
            kind = kinds[i] = "lower"
        if kind == "court":
            span = _court_span(cells, kinds, i)
            court = court_from_caption(" ".join(cells[j].text for j in span))
            if deciding and court != deciding:
                kind = kinds[i] = "lower"  # a second, different court is the one below
            else:
                if not _right_column(cells[i]):  # a clerk's stamp in the margin names the filing court
                    deciding = deciding or court
                for j in span[1:]:
                    kinds[j] = "court"
                i = span[-1] + 1
                continue
        if kind in ("notice", "lower", "panel", "counsel"):
            i = _extend_block(cells, kinds, i, kind)
            continue
        i += 1
    return kinds.done(i)


def _boxed_notice(cells: list[Cell], kinds: _Kinds) -> int:
    """A publisher's notice framed by rule lines at the top ("*****" ... "*****"); the index after it."""
    if not cells or cells[0].text != "___":
        return 0
    for j in range(1, min(len(cells), BOXED_NOTICE_LINES)):
        if cells[j].text == "___":
            for k in range(1, j):
                kinds[k] = "notice"
            return j
    return 0


class _Kinds:
    """Cell kinds, each worked out the first time it is asked for."""

    def __init__(self, cells: list[Cell]) -> None:
        self.cells = cells
        self.kinds: list[str | None] = [None] * len(cells)

    def __len__(self) -> int:
        return len(self.kinds)

    def __getitem__(self, i: int) -> str:
        kind = self.kinds[i]
        if kind is None:
            kind = self.kinds[i] = _kind(self.cells[i].text)
        return kind

    def __setitem__(self, i: int, kind: str) -> None:
        self.kinds[i] = kind

    def done(self, stop: int) -> list[str]:
        if stop < len(self.kinds):
            self[stop]
        return [k if k is not None else "?" for k in self.kinds]


def _kind(text: str) -> str:
    # CASE 1: layout furniture and the publisher's lines
    if text == "___":
        return "sep"
    if _PAGE.match(text):
        return "page"
    if publisher_caption(text) or own_citations(text):
        return "cite"
    if _SYLLABUS.search(text):
        return "syllabus"
    if _HEADING.match(text):
        return "heading"
    # CASE 2: the parts of a caption
    if _V.match(text):
        return "v"
    if judge_in(text):
        return "judge"
    if _FIELD_LABEL.match(text):
        return "label"
    if _AUTHOR.match(text):
        return "author"
    if _NOTICE.search(text[:NOTICE_REACH]):
        return "notice"
    if _LOWER.match(text):
        return "lower"
    if _PANEL.search(text):
        return "panel"
    if _IN_RE_START.match(text):
        return "inre"
    if docket_in(text, at_start=True):
        return "docket"
    if ROLE.fullmatch(text.strip(" .,;:()")):
        return "role"
    words = _WORD.findall(text)
    if _is_counsel(text, words):
        return "counsel"
    if _COURT_WORD.search(text) and _names_a_court(text, words) and court_from_caption(text):
        return "court"
    if (
        _COURTISH.search(text)
        and len(words) <= 10
        and _lower_share(words) < PROSE_LOWER_SHARE
        and not text.endswith(",")
        and not ROLE.search(text)
    ):
        return "courtish"  # a court courts-db does not know ("Criminal Court for Knox County")
    # CASE 3: dates on their own, prose, and what is left (party names)
    if has_date(text) and len(words) <= 8:
        return "date"
    if len(words) >= PROSE_WORDS and len(text) >= 35 and _lower_share(words) >= PROSE_LOWER_SHARE:
        return "prose"
    return "text"


def _is_counsel(text: str, words: list[str]) -> bool:
    """A line naming counsel: a counsel phrase that opens or closes it, or a line mostly of names."""
    m = _COUNSEL.search(text)
    if not m:
        return False
    if len(words) < PROSE_WORDS or _lower_share(words) < COUNSEL_NAMES_SHARE:
        return True
    at_edge = m.start() <= 5 or m.end() >= len(text) - COUNSEL_TAIL
    return at_edge and (_lower_share(words) < COUNSEL_LOWER_SHARE or len(words) <= COUNSEL_SHORT)


def _names_a_court(text: str, words: list[str]) -> bool:
    """Whether a line reads as a court's name: short, and no lower-case words but "of", "the" ..."""
    if len(words) > 14 or text[:1].islower():
        return False
    lower = sum(1 for w in words if _LOWER_CASE_WORD.match(w) and w not in _COURT_NAME_SMALL)
    return lower <= len(words) * COURT_LOWER_SHARE


def _lower_share(words: list[str]) -> float:
    return sum(1 for w in words if _LOWER_CASE_WORD.match(w)) / len(words) if words else 0.0


def _court_span(cells: list[Cell], kinds: list[str] | _Kinds, i: int) -> list[int]:
    """A court cell and the lines that continue its name ("For the First Circuit", "AT KNOXVILLE")."""
    span = [i]
    j = i + 1
    while j < len(cells) and len(span) < 4:
        if kinds[j] == "court" or (kinds[j] in ("text", "date") and _COURT_CONT.match(cells[j].text)):
            if kinds[j] == "date":
                break
            span.append(j)
            j += 1
            continue
        break
    return span


def _extend_block(cells: list[Cell], kinds: _Kinds, i: int, kind: str) -> int:
    """Mark the lines that continue a notice, a lower court or a panel; the index after the block."""
    limit = NOTICE_LINES if kind == "notice" else BLOCK_LINES
    certiorari = "certiorari" in cells[i].text.lower()
    stops: tuple[str, ...] = ("sep", "v", "court", "courtish", "heading", "syllabus", "judge", "author", "cite", "date")
    stops += ("panel", "counsel", "inre") if kind == "notice" else ("panel", "counsel", "inre", "prose")
    if kind == "lower":
        stops = (
            "sep",
            "v",
            "heading",
            "syllabus",
            "judge",
            "author",
            "cite",
            "date",
            "docket",
            "panel",
            "counsel",
            "prose",
        )
    j = i + 1
    if kind != "notice" and cells[i].text.endswith((".", "]", ")")):
        return j
    track = _right_column(cells[i])
    skipped: int | None = None
    lines = 0
    while j < len(cells) and lines < limit:
        if _right_column(cells[j]) != track:
            skipped = j if skipped is None else skipped  # the other column's cell; its own loop turn comes
            j += 1
            continue
        lines += 1
        k, text = kinds[j], cells[j].text
        lower_judge = k == "judge" and not (judge_in(text) or _NO_JUDGE).strong  # "Stephens, Judge." below
        # The lower court's number follows "Appeal from ..."; after "certiorari to" comes the Court's own.
        lower_docket = k == "docket" and not certiorari and not has_date(text)
        if k in stops and not (kind == "lower" and (lower_docket or lower_judge)):
            break
        if kind == "notice" and (text.isupper() or k in ("docket", "role", "v")):
            break
        if _is_party_line(cells, j):
            break  # the caption begins ("ROBERT PAGAN," / "Plaintiff-Appellant,")
        kinds[j] = kind
        j += 1
        if kind != "notice" and text.endswith((".", "]", ")")):
            break
    return j if skipped is None else min(j, skipped)


def _right_column(cell: Cell) -> bool:
    return cell.col > 0 or cell.indent >= FAR_RIGHT


def _is_party_line(cells: list[Cell], i: int) -> bool:
    """Whether cell ``i`` names a party, however much it reads like prose or counsel.

    It ends with a role; a "v." line stands next to it; it opens with a name
    in capitals ("JESSICA C. RULE, individually and on behalf of"); or it
    ends with a comma just above a role line.
    """
    text = cells[i].text
    if _ENDS_WITH_ROLE.search(text) or _CAPS_NAME_OPENS.match(text):
        return True
    near = [cells[j].text for j in (i - 1, i + 1) if 0 <= j < len(cells)]
    if any(_V.match(t) for t in near) or re.search(r"\s(?:v|vs)\.?$", text):
        return True
    return text.endswith(",") and i + 1 < len(cells) and bool(ROLE.fullmatch(cells[i + 1].text.strip(" .,;:")))


def _header_end(kinds: list[str]) -> int:
    """Index of the first cell of prose (the header is everything before it)."""
    return next((i for i, k in enumerate(kinds) if k == "prose"), len(kinds))


# --- fields -------------------------------------------------------------------------


def _deciding_court(cells: list[Cell], kinds: list[str], header: int) -> str | None:
    order = sorted(range(header), key=lambda i: (_right_column(cells[i]), i))
    for i in order:
        if kinds[i] == "court":
            span = _court_span(cells, kinds, i)
            found = court_from_caption(" ".join(cells[j].text for j in span)) or court_from_caption(cells[i].text)
            if found:
                return found
    return None


_CITE_AS_LINE = re.compile(r"^[ \t\f]{0,40}Cite as:?[ \t][^\n]{1,80}$", re.MULTILINE)


def _cite_as_line(head: str) -> tuple[str, ...]:
    """The opinion's own citation from the first "Cite as" line in ``head``."""
    m = _CITE_AS_LINE.search(head, 0, SYLLABUS_CHARS)
    if not m:
        return ()
    line = layout(m.group(0), max_chars=200, max_lines=1)
    return own_citations(line[0].text) if line else ()


def _court_of_reporter(cites: tuple[str, ...]) -> str | None:
    """The court whose decisions alone a reporter prints ("171 U.S. 447" -> ``scotus``)."""
    from kb.tables import REPORTER_COURTS

    for cite in cites:
        m = re.fullmatch(r"\d+ (.+) (?:\d+|___)", cite)
        if m and m.group(1) in REPORTER_COURTS:
            return REPORTER_COURTS[m.group(1)]
    return None


def _date(head: list[tuple[Cell, str]]) -> str | None:
    best: tuple[int, int] | None = None
    iso = None
    for n, (cell, kind) in enumerate(head):
        if kind in _NOT_OURS:
            continue
        text = cell.text
        if kind == "value" and n and head[n - 1][0].text.lower().startswith("date"):
            text = f"{head[n - 1][0].text} {text}"  # "Dates:" / "June 3, 2024 - August 27, 2024"
        for rank, value in date_candidates(text):
            key = (rank, -n)
            if rank > 0 and (best is None or key > best):
                best, iso = key, value
    return iso


def _docket(head: list[tuple[Cell, str]]) -> str | None:
    for n, (cell, kind) in enumerate(head):
        if kind in _NOT_OURS:
            continue
        found = docket_in(cell.text)
        if found:
            return found
        # "Court of Appeals Case No." on one line, "32A05-1509-DR-1461" on the next in its column
        after = next((c for c, _ in head[n + 1 : n + 4] if _right_column(c) == _right_column(cell)), None)
        found = docket_across(cell.text, after.text) if after else None
        if found:
            return found
    return None


def _case_name(cells: list[Cell], kinds: list[str], header: int, spelling: Mapping[str, str]) -> str | None:
    for i in range(header):
        if kinds[i] == "cite":
            found = publisher_caption(cells[i].text)
            if found:
                return publisher_case_name(found)
    for i in range(header):
        cell, kind = cells[i], kinds[i]
        if kind == "v" or (kind in ("text", "inre", "role") and _anchor_v(cell.text)):
            name = _name_around(cells, kinds, i, header, spelling)
        elif kind == "inre":
            name = caption_case_name(" ".join(_collect(cells, kinds, i, header, +1, [cell.text])), None, spelling)
        else:
            continue
        if name:
            return name
    return None


def _anchor_v(text: str) -> re.Match[str] | None:
    if re.match(r"(?i:see|cf\.|but)\s", text) or re.search(r"\d+\s[A-Z][\w.]{0,12}(?:\s[\w.]{1,8}){0,2}\s\d+", text):
        return None
    return _INLINE_V.search(text) or (_INLINE_V_CAPS.search(text) if not re.search(r"\sv\.?\s", text) else None)


def _name_around(cells: list[Cell], kinds: list[str], i: int, header: int, spelling: Mapping[str, str]) -> str | None:
    """The case name of the caption whose ``v.`` is cell ``i``."""
    up = _collect(cells, kinds, i, header, -1, [])
    down = _collect(cells, kinds, i, header, +1, [])
    if kinds[i] == "v":
        left, right = " ".join(up), " ".join(down)
    else:
        joined = " ".join([*up, cells[i].text, *down])
        m = _anchor_v(joined)
        if not m:
            return None
        left, right = joined[: m.start()], joined[m.end() :]
    return caption_case_name(left, right, spelling) if left.strip() and right.strip() else None


def _collect(cells: list[Cell], kinds: list[str], i: int, header: int, step: int, seed: list[str]) -> list[str]:
    """The party lines above (``step`` -1) or below (+1) cell ``i``, in reading order."""
    anchor = cells[i]
    out = list(seed)
    lines = 0
    j = i + step
    while 0 <= j < header and lines < PARTY_LINES:
        cell, kind = cells[j], kinds[j]
        j += step
        if cell.col > 0 or (cell.indent >= FAR_RIGHT and anchor.indent < FAR_RIGHT - 10):
            continue
        if kinds[i] == "v" and cell.indent > anchor.indent + RIGHT_OF_V:
            continue  # the right-hand column's overflow ("Super. Ct. No. NA076108)")
        if kind in ("date", "docket") and step < 0 and len(out) > len(seed):
            break  # above the first party: the docket and date lines of the header
        if kind in ("page", "date", "docket") or cell.text.startswith(("[", "(")):
            continue
        if kind in _BOUNDARY or kind == "v":
            break
        if kind == "role" and step > 0:
            out.append(cell.text)
            break
        if step > 0 and len(out) > len(seed) and _v_follows(cells, kinds, j - 1):
            break  # the next caption of a consolidated case ("ACTAVIS ELIZABETH, LLC, PETITIONER" / "v.")
        # Going up, earlier parties and their roles are kept: the first one listed names the case.
        lines += 1
        if step > 0:
            out.append(cell.text)
            if cell.text.endswith(".") and not re.search(
                r"(?i:\b(?:inc|co|corp|ltd|jr|sr|al|n\.a|e\.v|[a-z]))\.$", cell.text
            ):
                break
        else:
            out.insert(0, cell.text)
    return out


def _v_follows(cells: list[Cell], kinds: list[str], i: int) -> bool:
    """Whether a "v." line comes within the next few lines after cell ``i`` (its own caption's left side)."""
    for j in range(i + 1, min(i + 4, len(cells))):
        if kinds[j] == "v":
            return True
        if kinds[j] not in ("text", "docket", "role", "page"):
            return False
    return False


def _find_judge(
    text: str, cells: list[Cell], kinds: list[str], header: int, court_id: str | None
) -> tuple[int | None, str | None, bool]:
    """Where the judge line ends, the judge, and whether the opinion is per curiam.

    A judge line in the header counts; so does one that opens the first
    paragraph. After a syllabus, headnotes or a reporter's statement of the
    case, the opinion's own judge line is sought further on.
    """
    # A judge line above the court's name or the caption is a slip opinion's running head.
    first = next((i for i in range(header) if kinds[i] in ("court", "v", "inre")), 0)
    for i in range(first, min(header + 1, len(cells))):
        if _right_column(cells[i]) and cells[i].indent >= FAR_RIGHT or cells[i].col > 0:
            continue
        if kinds[i] == "judge" or (i == header and judge_in(cells[i].text)):
            found = judge_in(cells[i].text)
            if found:
                return _judge_line_end(text, cells, i, found.end), found.name, found.per_curiam
    syllabus = any(
        k == "syllabus" or (k == "notice" and "syllabus" in c.text.lower())
        for c, k in zip(cells[:header], kinds[:header], strict=True)
    )
    headnotes = header < len(cells) and bool(_HEADNOTE.match(cells[header].text))
    # The Supreme Court's syllabus ends "KAGAN, J., delivered the opinion ..."; its opinion
    # opens "JUSTICE KAGAN delivered ...". Other courts' syllabi end before "ECKER, J.".
    justice_form = syllabus and court_id == "scotus"
    headnotes = headnotes or (syllabus and not justice_form)
    if header >= len(cells) or not any(k not in ("prose", "text", "page", "sep") for k in kinds[:header]):
        return None, None, False
    start = cells[header].start
    window = text[start:SYLLABUS_CHARS]
    pos = start
    for line in window.split("\n"):
        stripped = line.strip()
        found = judge_in(stripped, strong_only=not headnotes, justice_form=justice_form)
        if found:
            lead = len(line) - len(line.lstrip())
            return pos + lead + found.end, found.name, found.per_curiam
        pos += len(line) + 1
    return None, None, False


# "JUSTICE GINSBURG, with whom JUSTICE BREYER and JUSTICE KAGAN join, dissenting.":
# the judge line of a separate opinion ends with its kind.
_SEPARATE_WRITING = re.compile(r"\b(?P<kind>concurring|dissenting)\b[^.:]{0,80}[.:]?\s*$")


def _separate_writing(text: str, judge_at: int | None) -> str | None:
    """``"dissenting"`` or ``"concurring"`` when the judge line ending at ``judge_at`` opens a separate opinion."""
    if judge_at is None:
        return None
    m = _SEPARATE_WRITING.search(text, max(0, judge_at - 200), judge_at)
    if not m:
        return None
    return "dissenting" if "dissenting" in m.group(0) else "concurring"


def _judge_line_end(source: str, cells: list[Cell], i: int, end: int) -> int:
    """End of a judge line, with the lines that finish its sentence.

    "JUSTICE SCALIA, with whom JUSTICE THOMAS joins," / "dissenting."; "JUSTICE
    TURNER" / "delivered the opinion of the court:".
    """
    cell = cells[i]
    text = cell.text
    if text[end:].strip() or not (
        text.rstrip().endswith((",", " and", " joins", " join"))
        or (end >= len(text) and i + 1 < len(cells) and cells[i + 1].text[:1].islower())
        or (_JUDGE_VERB.search(text) and not text.rstrip().endswith((".", ":")))
    ):
        return cell_offset(source, cell, end)
    for j in range(i + 1, min(i + 4, len(cells))):
        if cells[j].text.rstrip(" *†‡0123456789").endswith((".", ":")):
            return cells[j].end
    return cells[i + 1].end if i + 1 < len(cells) else cell.end


def _body_start(text: str, cells: list[Cell], kinds: list[str], header: int, judge_at: int | None) -> int:
    """Offset where the opinion's own text begins."""
    if judge_at is not None:
        # CASE 1: after the judge line, past the counsel and headings some courts print after it
        line_end = text.find("\n", judge_at)
        if text[judge_at : line_end if line_end >= 0 else len(text)].strip():
            return _skip_space(text, judge_at)  # "SELYA, Circuit Judge.    Defendant-appellant ..."
        after = layout(text[judge_at : judge_at + 4000], judge_at, 4000, 40)
        rest = classify(after)
        for cell, kind in zip(after, rest, strict=True):
            if kind not in _AFTER_JUDGE and not cell.text.endswith("joined.") and not _right_column(cell):
                return cell.start
        return _skip_space(text, judge_at)
    if header >= len(cells):
        return _skip_space(text, cells[-1].end) if cells else 0
    # CASE 2: the first paragraph of prose, with the section headings just above it
    i = header
    while i > 0 and kinds[i - 1] == "text" and _opens_paragraph(cells, i - 1):
        i -= 1
    return cells[i].start if i > 0 else 0


def _opens_paragraph(cells: list[Cell], i: int) -> bool:
    """Whether a cell just above the first prose belongs to the opinion: a section heading
    ("I. BACKGROUND"), or the paragraph's first line ("Before the Court is Defendant Paul Logistics, Inc.'s")."""
    text = cells[i].text
    if _SECTION_HEADING.match(text) and len(text) < 40:
        return True
    words = _WORD.findall(text)
    ends_sentence = text.endswith((".", ";", ":", ","))
    return len(words) >= PROSE_WORDS and not text.isupper() and not ends_sentence and not _is_party_line(cells, i)


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


# A lower-case word of running text (not the "v" of a running head "WHITE v. PAULY").
_RUNNING_WORD = re.compile(r"^(?!vs?$)[a-z]{2,}")
_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*")


def _is_word_char(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] in "'’-")


class Spelling(Mapping[str, str]):
    """How the running text spells a word (lower-cased word -> spelling), for names printed in capitals.

    Only an occurrence beside a lower-case word counts: it is written as the
    opinion writes it, not capitalised for a heading (``DiManno``, ``XM``).
    Words are looked up when asked for, each once.
    """

    def __init__(self, window: str) -> None:
        self.window = window
        self.lower: str | None = None
        self.found: dict[str, str | None] = {}

    def __getitem__(self, word: str) -> str:
        if word not in self.found:
            self.found[word] = self._look_up(word)
        spelt = self.found[word]
        if spelt is None:
            raise KeyError(word)
        return spelt

    def _look_up(self, word: str) -> str | None:
        if not word or len(word) > 40:
            return None
        if self.lower is None:
            self.lower = self.window.lower()
        start = 0
        while True:
            k = self.lower.find(word, start)
            if k < 0:
                return None
            start = k + len(word)
            if _is_word_char(self.window, k - 1) or _is_word_char(self.window, k + len(word)):
                continue
            tok = self.window[k : k + len(word)]
            if not any(ch.isupper() for ch in tok) or (tok.isupper() and len(tok) > 5):
                continue
            before = _TOKEN.findall(self.window[max(0, k - 30) : k])
            after = _TOKEN.findall(self.window[k + len(word) : k + len(word) + 30])
            if (before and _RUNNING_WORD.match(before[-1])) or (after and _RUNNING_WORD.match(after[0])):
                return tok

    def __iter__(self) -> Iterator[str]:
        return iter(k for k, v in self.found.items() if v)

    def __len__(self) -> int:
        return sum(1 for v in self.found.values() if v)


__all__ = ["Cell", "Spelling", "classify", "layout", "read_caption"]
