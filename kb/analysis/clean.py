"""Normalise opinion text for extraction, keeping a map back to the original.

Scraped and PDF-extracted opinions carry artefacts that break citation
parsing: reporter star pages glued to words (``that *1212status``), footnote
call numbers glued to words (``unexplained.1``), and hard line breaks with
blank lines inside citations (``292 F. Supp.2d`` / blank line / ``370``).
:func:`clean_text` removes them in one pass and records, for every edit, where
the cleaned text came from, so that every reference can be stored with its
span in the original text.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from kb.models import CleanText

# A reporter star page glued to the next word: "that *1212status", "*1213When".
# Westlaw pins ("at *3", "at *2 n.1") are followed by a space or a dash, never
# by a letter, so they are left alone.
_STAR_PAGE = r"(?<![^\s.;,(\]])\*(?P<star>\d{1,5})(?=[A-Za-z\"“'‘\[])"

# A footnote call number glued to the end of a word or sentence:
# "unexplained.1", "complaints).4", "petition1", "order.\"7". "n.1" (a pin
# cite to a footnote) is protected by requiring two letters before the dot.
_FOOTNOTE_CALL = (
    r"(?:(?<=[a-z]{2}[.;:,!?])|(?<=[)\]\"”’][.;:,])|(?<=[.;:,!?][\"”’])|(?<=[a-z]{3}))"
    # Not before one to four capitalised words and a number (a volume, not a call): the words
    # are split at single spaces only, since "(?:[A-Z][A-Za-z.']*\s?){1,4}" tried every split
    # of a run of capitals (the fourth power of its length); what it matches is the same.
    r"(?P<fn>\d{1,2})(?=\s|$)(?!\s+[A-Z][A-Za-z.']*(?:\s[A-Z][A-Za-z.']*){0,3}\s?,?\s*\d)"
)

# HTML entities left in scraped text ("&amp;", "42 U.S.C. &sect; 1983"): the character.
_ENTITY = r"(?P<ent>&(?:amp|sect|nbsp|quot|apos|lt|gt|#\d{2,5}|#x[0-9a-fA-F]{2,4});)"

# A reporter star page between the words of a name: "Lutheran *24 Church".
_STAR_BETWEEN = r"(?<=[A-Za-z,] )(?<![Aa]t )\*(?P<star2>\d{2,5}) (?=[A-Z][a-z])"

# A comma or semicolon glued to the next citation: "Hayes,31 Conn., 422;Kellogg v.
# Johnson", and a sentence glued to the next: "untrue.Sears v. Terry". A space is put back.
_GLUED = (
    r"(?P<glue>(?<=[A-Za-z.)]),(?=\d|[A-Z][a-z])|(?<=[\w.)]);(?=\d|[A-Z][a-z])|(?<=[a-z]{2})\.(?=[A-Z][a-z])"
    r"|(?<=\sv\.)(?=[A-Z][a-z]))"  # "Boston Gas Co. v.Department"
)

# A hyphen that ends a line: a hyphenated name or number goes on
# ("Duenas-\nAlvarez", "2008-Ohio-\n6763", also "Duenas- Alvarez" where PDF
# text kept a space), a word broken in two is joined ("ordi-\nnary"), and a
# page range laid out over two lines keeps its dash ("419–\n20", PDF text).
_HYPHEN_BREAK = r"(?P<hy>(?<=\w)-(?:[^\S\n]*\n\s*|[^\S\n](?=[A-Z]))(?=[A-Z\d]))|(?P<split>(?<=[A-Za-z][a-z])-[^\S\n]*\n\s*(?=[a-z]{2}))|(?P<dash>(?<=\d)[–—][^\S\n]*\n\s*(?=\d))"

# A PDF page break (form feed) with the page furniture around it: the page
# number on the line before it or after it, and the running head after it
# ("Cite as: 560 U. S. ____ (2010)", "ASTRUE v. RATLIFF", "Opinion of the
# Court", "ALITO, J., dissenting"). Each piece is a whole short line, so the
# text of the opinion is never taken; the page number becomes a page marker.
_FURNITURE_LINE = (
    r"(?:\(?(?:\d{1,4}|[ivxlc]{1,6})\)?|Cite\s+as:[^\n]{0,60}|\(Slip\s+Opinion\)[^\n]{0,60}|Syllabus|Per\s+Curiam"
    r"|Opinion\s+of\s+(?:the\s+Court|[A-Z][A-Za-z.]+(?:,\s+[CJ]\.)?)"
    r"|(?:[A-Z][A-Za-z.'’]+,\s+)?(?:C\.\s+)?J\.,\s+(?:concurring|dissenting)[a-z ,]{0,40}"
    r"|[A-Z0-9][A-Z0-9 .,'’&()-]{0,60}\sv\.\s[A-Z0-9][A-Z0-9 .,'’&()-]{0,60})"
)
_PAGE_BREAK = (
    r"(?P<pf>(?:\n[^\S\f]*(?P<pfno>\d{1,4})[^\S\n]*)?[^\S\f]*\f"
    r"(?:[^\S\f]*(?:" + _FURNITURE_LINE + r")[^\S\n]*(?=\n))*)"
)

# Any whitespace run holding a line break, or two or more spaces.
_WHITESPACE = r"(?P<ws>[^\S\n]*\n\s*|[^\S\n]{2,}|[\t\xa0\u2002-\u200a])"

# A court-filing header line: "Case: 17-70123, 08/14/2018, ID: 10977101,
# DktEntry: 41-1, Page 2 of 3" or "Case 2:18-cv-03368 Document 42 Filed
# 08/31/18 Page 3 of 12 Page ID #:512"; or any line a court's PDF ends with
# "Page N of M" ("Indiana Supreme Court | Case No. 25S-TA-269 | October 7,
# 2025    Page 9 of 11"). Its page number becomes a page marker.
_HEADER_LINE = (
    r"(?m:^[^\S\n]*(?:(?:Case|Appellate Case|USCA\d*\s+Case)\b[^\n]{0,200}?\bPage:?\s+"
    r"|[^\n]{0,160}?\bPage\s+(?=\d+\s+of\s+\d+[^\S\n]*$))(?P<hdr>\d+)(?:\s+of\s+\d+)?[^\n]*$\n?)"
)
# A line number at the start of a line of a pleading-paper order: "12  of the
# Board ...". Only removed when most lines of the document carry one.
_LINE_NUMBER = r"(?P<ln>[^\S\n]*\n\s*?\d{1,2}(?:[^\S\n]+|(?=\n)))"

# Where a match can start, tested once per position before the alternatives (each
# of which starts with a group and a lookbehind, so that the engine tries all nine at
# every character): every alternative starts at a line start (the header line), or
# on a character that is neither a space nor a lower-case ASCII letter, or on a space
# that another whitespace character follows. Nothing is found that was not before:
# the guard only skips positions where every alternative fails (a lower-case letter,
# a single space before a non-space), which are seven in ten characters of an opinion.
_GUARD = r"(?:(?m:^)|(?=[^ a-z]|\s\s))"


def _combined(*alternatives: str) -> re.Pattern[str]:
    return re.compile(_GUARD + "(?:" + "|".join(alternatives) + ")")


_PATTERN = _combined(
    _HEADER_LINE, _PAGE_BREAK, _ENTITY, _STAR_PAGE, _STAR_BETWEEN, _FOOTNOTE_CALL, _GLUED, _HYPHEN_BREAK, _WHITESPACE
)
_PATTERN_NUMBERED = _combined(
    _HEADER_LINE,
    _PAGE_BREAK,
    _LINE_NUMBER,
    _ENTITY,
    _STAR_PAGE,
    _STAR_BETWEEN,
    _FOOTNOTE_CALL,
    _GLUED,
    _HYPHEN_BREAK,
    _WHITESPACE,
)
_NUMBERED_LINE = re.compile(r"^[^\S\n]*(\d{1,2})[^\S\n]+\S", re.MULTILINE)
# Share of non-blank lines that must start with a number for a document to
# count as line-numbered, and the fewest such lines.
LINE_NUMBERED_SHARE = 0.5
LINE_NUMBERED_MIN = 10

# Characters that end a paragraph when a line ends with them.
_PARAGRAPH_END = frozenset('.:?!"”’)')
# A line shorter than this that ends without punctuation is a heading.
_HEADING_MAX_CHARS = 40


def clean_text(text: str) -> CleanText:
    """Normalise ``text`` for citation extraction.

    Args:
        text: the opinion as loaded.

    Returns:
        A :class:`CleanText` whose ``text`` has star pages and glued footnote
        call numbers removed and every whitespace run folded to one space,
        with offset anchors back into ``text``.

    Example:
        >>> c = clean_text("that *1212status\\n\\n292 F. Supp.2d\\n\\n370")
        >>> c.text
        'that status 292 F. Supp.2d 370'
        >>> c.star_pages
        ((5, '1212'),)
    """
    cleaner = _Cleaner(text)
    pattern = _PATTERN_NUMBERED if is_line_numbered(text) else _PATTERN
    for m in pattern.finditer(text):
        cleaner.replace(m)
    return cleaner.result()


class _Cleaner:
    """The cleaned text as it is built, edit by edit, with its anchors and what the edits removed."""

    def __init__(self, text: str):
        self.text = text
        self.joins = _unhyphenated_breaks(text)
        self.pieces: list[str] = []
        self.anchors_clean = [0]
        self.anchors_orig = [0]
        self.stars: list[tuple[int, str]] = []
        self.calls: list[tuple[int, int]] = []
        self.pages: list[tuple[int, str]] = []
        self.paragraphs = [0]
        self.clean_pos = 0
        self.last = 0

    def replace(self, m: re.Match[str]) -> None:
        """Copy the text before match ``m``, then put its replacement in its place."""
        start, end = m.span()
        if start > self.last:
            self.pieces.append(self.text[self.last : start])
            self.clean_pos += start - self.last
        kind = m.lastgroup
        repl = self._whitespace(m) if kind == "ws" else self._replacement(m, kind)
        self.pieces.append(repl)
        self.clean_pos += len(repl)
        self.last = end
        if len(repl) != end - start or kind != "ws":
            self.anchors_clean.append(self.clean_pos)
            self.anchors_orig.append(end)

    def _whitespace(self, m: re.Match[str]) -> str:
        """A whitespace run: one space, none at the ends or where a word broken over a line is joined."""
        start, end = m.span()
        text, joins = self.text, self.joins
        repl = "" if start == 0 or end == len(text) or start in joins else " "
        if "\n" in m.group() and start not in joins and _ends_paragraph(text, start):
            self.paragraphs.append(self.clean_pos + len(repl))
        return repl

    def _replacement(self, m: re.Match[str], kind: str | None) -> str:
        """What stands in the cleaned text for a match other than a whitespace run."""
        start, end = m.span()
        # CASE 1: a star page (glued to a word or between the words of a name): recorded, removed
        if kind in ("star", "star2"):
            self.stars.append((self.clean_pos, m.group(kind)))
            return ""
        # CASE 2: an HTML entity: its character
        if kind == "ent":
            return html.unescape(m.group("ent"))
        # CASE 3: a court-filing header line: its page number recorded; the line and its line break go,
        # one space standing for both sides' whitespace
        if kind == "hdr":
            self.pages.append((self.clean_pos, m.group("hdr")))
            return " " if self.clean_pos and not (self.pieces and self.pieces[-1].endswith(" ")) else ""
        # CASE 4: a pleading-paper line number: a space, the line before it maybe ending a paragraph
        if kind == "ln":
            if _ends_paragraph(self.text, self.text.index("\n", start)):
                self.paragraphs.append(self.clean_pos + 1)
            return " "
        # CASE 5: a footnote call number glued to a word: recorded, removed
        if kind == "fn":
            self.calls.append((self.clean_pos, int(m.group("fn"))))
            return ""
        # CASE 6: a PDF page break with its furniture: its page number recorded
        if kind in ("pf", "pfno"):
            number = m.group("pfno") or next(iter(_FURNITURE_NUMBER.findall(m.group("pf"))), None)
            if number:
                self.pages.append((self.clean_pos, number))
            return " " if self.clean_pos and end < len(self.text) else ""
        # CASE 7: a comma, semicolon or full stop glued to what follows: a space put back
        if kind == "glue":
            return m.group("glue") + " "
        # CASE 8: a hyphen or dash at a line's end: the hyphen (or dash) kept, or a word joined
        if kind == "hy":
            return "-"
        if kind == "dash":
            return m.group("dash")[0]
        return ""  # "split": a word broken over a line with its hyphen

    def result(self) -> CleanText:
        self.pieces.append(self.text[self.last :])
        return CleanText(
            text="".join(self.pieces),
            original=self.text,
            anchors_clean=tuple(self.anchors_clean),
            anchors_orig=tuple(self.anchors_orig),
            star_pages=tuple(self.stars),
            footnote_calls=tuple(self.calls),
            paragraph_starts=tuple(sorted(set(self.paragraphs))),
            filing_pages=tuple(self.pages),
        )


# The page number of a page break read from its furniture: a line that holds only it.
_FURNITURE_NUMBER = re.compile(r"(?m)^\s*(\d{1,4})\s*$")


# A line break inside a word whose hyphen the PDF's text dropped ("Financial Man" /
# "agement Service", "Wil" / "liams", "Buck" / "hannon Board"): joined when the
# document itself spells the whole word elsewhere and uses neither piece as a word
# of its own. Slip opinions hold thousands (10,015 in the corpus's 546).
# Each starts at the start of a run of word characters and never backtracks into one
# (a lookbehind, possessive quantifiers): the same matches as without, in linear time
# instead of a retry at every letter of every word.
_WORD_BREAK = re.compile(r"(?<!\w)(\w++)([^\S\n]*+\n[^\S\n]*+)([a-z]\w*+)")
_WORD = re.compile(r"\w+")
_LINE_END = re.compile(r"(?<!\w)(\w++)[^\S\n]*+\n")
_LINE_START = re.compile(r"\n\s*([a-z]\w*)")
_HYPHENATED = re.compile(r"(?<=[A-Za-z])-[^\S\n]*\n[^\S\n]*(?=[a-z])")


def _unhyphenated_breaks(text: str) -> set[int]:
    """Where the whitespace of each such line break starts."""
    breaks = [(m.group(1).lower(), m.group(3).lower(), m.start(2)) for m in _WORD_BREAK.finditer(text)]
    if not breaks:
        return set()
    # the words of the text as it reads, a word hyphenated over a line break being one word
    words = Counter(map(str.lower, _WORD.findall(_HYPHENATED.sub("", text))))
    # a piece counts as a word of its own when it stands anywhere but at a line's end or start
    lefts = Counter(map(str.lower, _LINE_END.findall(text)))
    rights = Counter(map(str.lower, _LINE_START.findall(text)))
    return {at for a, b, at in breaks if words[a + b] and words[a] <= lefts[a] and words[b] <= rights[b]}


def is_line_numbered(text: str) -> bool:
    """Whether most lines of ``text`` start with a pleading-paper line number."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    numbered = len(_NUMBERED_LINE.findall(text))
    return numbered >= LINE_NUMBERED_MIN and numbered >= LINE_NUMBERED_SHARE * len(lines)


def _ends_paragraph(text: str, newline_at: int) -> bool:
    """Whether the line ending at ``newline_at`` ends a paragraph."""
    line_start = text.rfind("\n", 0, newline_at) + 1
    line = text[line_start:newline_at].rstrip()
    if not line:
        return False
    return line[-1] in _PARAGRAPH_END or len(line) < _HEADING_MAX_CHARS
