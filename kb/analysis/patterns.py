"""Compiled regular expressions shared by the extraction stages.

Reporter citations are eyecite's job (its patterns come from reporters-db);
what lives here is what eyecite does not parse and several stages share:
pin cites, court-and-date parentheticals, section numbers, record citations,
signals and parentheticals. Provisions have their own module,
:mod:`kb.analysis.provisions`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from kb.analysis.literals import occurrences
from kb.tables import HISTORY_PHRASES, NESTED_RELATIONS, NON_EXPLANATORY_PARENTHETICALS, RECORD_CITE_WORDS, SIGNALS

# --- anchored scans -----------------------------------------------------------
# re skips quickly only to a pattern that starts with a literal; one that starts
# with a look-behind, a "\b", a class or a set of words is tried at every
# character. An anchored scan runs such a pattern only where a literal of it
# occurs, and finds what ``pattern.finditer(text)`` finds (see Scan.finditer).

# Where a match may start, given the position of its trigger: a fixed number of
# characters before it at most (an int), or the (first, last) ranges a function
# of the text and the position returns.
Back = int | Callable[[str, int], list[tuple[int, int]]]


class Anchor(NamedTuple):
    """A literal every match of a pattern (or of one of its alternatives) holds.

    ``trigger`` is the literal (a string) or a pattern starting with it, found
    with the overlaps; a match starts at most ``back`` characters before it (or
    in the ranges ``back`` returns); and the anchor counts only in a text
    holding one of ``needs`` (another literal the alternative must hold).
    """

    trigger: str | re.Pattern[str]
    back: Back = 0
    needs: tuple[str, ...] = ()


# Characters re's IGNORECASE takes for an ASCII letter that str.lower() keeps
# ("ı" for "i", "ſ" for "s"); "İ" lowers to two characters. A text holding one
# is not searched lower-cased.
_FOLDS_TO_ASCII = ("\u0131", "\u017f")


class Triggers:
    """The literals a family of patterns is anchored on, found in one scan per first character.

    re skips fast only to a single literal; ``str.find`` of a short literal
    reads the whole text, and a family has dozens. So the literals starting
    with the same character are found together: re skips to that character and
    looks ahead for any of their rests; each hit is then told apart. A trigger
    is a literal, a pattern starting with a literal character (``U(?=...)``),
    or an IGNORECASE literal (``amendment``), found in the lower-cased text.
    """

    def __init__(self, triggers: tuple[str | re.Pattern[str], ...]) -> None:
        rests: dict[str, list[str]] = {}
        self.members: dict[str, list[str | re.Pattern[str]]] = {}
        self.group: dict[str | re.Pattern[str], str] = {}
        self.folded: dict[str | re.Pattern[str], str] = {}
        for t in dict.fromkeys(triggers):
            if isinstance(t, re.Pattern) and t.flags & re.IGNORECASE:
                if re.escape(t.pattern) != t.pattern:
                    raise ValueError(f"{t.pattern!r}: an IGNORECASE trigger must be a literal")
                self.folded[t] = t.pattern.lower()
                continue
            src = re.escape(t) if isinstance(t, str) else t.pattern
            n = 2 if src.startswith("\\") else 1
            if not isinstance(t, str) and (src[:n] in ("\\b", "\\d", "\\s", "\\w") or src[0] in "([.^$"):
                raise ValueError(f"{src!r}: a trigger must start with a literal character")
            first = src[n - 1]
            rests.setdefault(first, []).append(src[n:])
            self.members.setdefault(first, []).append(t)
            self.group[t] = first
        self.scans = {
            first: re.compile(re.escape(first) + "(?=" + "|".join(f"(?:{r})" for r in rs) + ")")
            for first, rs in rests.items()
        }


class Scan:
    """One document's text, with the occurrences of the triggers looked up so far."""

    __slots__ = ("_has", "_hits", "_lower", "text", "triggers")

    def __init__(self, text: str, triggers: Triggers | None = None) -> None:
        self.text = text
        self.triggers = triggers
        self._hits: dict[str | re.Pattern[str], list[int]] = {}
        self._has: dict[str, bool] = {}
        self._lower: str | None = None

    def has(self, literal: str) -> bool:
        """Whether the text holds ``literal``."""
        found = self._has.get(literal)
        if found is None:
            found = self._has[literal] = literal in self.text
        return found

    def hits(self, trigger: str | re.Pattern[str]) -> list[int]:
        """Where ``trigger`` (a literal, or a pattern) occurs, in order."""
        out = self._hits.get(trigger)
        if out is not None:
            return out
        t = self.triggers
        if t is not None and trigger in t.group:
            self._scan_group(t, t.group[trigger])
        elif t is not None and trigger in t.folded and self._lowered() is not None:
            self._hits[trigger] = _occurrences(self._lowered() or "", t.folded[trigger])
        else:
            self._hits[trigger] = _occurrences(self.text, trigger)
        return self._hits[trigger]

    def _scan_group(self, t: Triggers, first: str) -> None:
        members = t.members[first]
        text = self.text
        starts = [m.start() for m in t.scans[first].finditer(text)]
        if len(members) == 1:  # the scan looked ahead for this one's rest alone
            self._hits[members[0]] = starts
            return
        for trigger in members:
            if isinstance(trigger, str):
                self._hits[trigger] = [p for p in starts if text.startswith(trigger, p)]
            else:
                self._hits[trigger] = [p for p in starts if trigger.match(text, p)]

    def _lowered(self) -> str | None:
        """The text lower-cased, if its offsets stay those of the text and re folds no character of it otherwise."""
        if self._lower is None:
            lower = self.text.lower()
            exact = len(lower) == len(self.text) and not any(c in self.text for c in _FOLDS_TO_ASCII)
            self._lower = lower if exact else ""
        return self._lower or None

    def finditer(self, rx: re.Pattern[str], anchors: tuple[Anchor, ...]) -> Iterator[re.Match[str]]:
        """The matches of ``rx.finditer(text)``, tried only where an anchor allows one to start.

        Every start a match could have (by the anchors) is tried in order, and
        none inside a match already found, as finditer does; a start no anchor
        allows cannot match, so nothing finditer finds is missed. ``rx`` must
        not match the empty string.
        """
        text = self.text
        ranges: list[tuple[int, int]] = []
        for anchor in anchors:
            if anchor.needs and not any(self.has(n) for n in anchor.needs):
                continue
            back = anchor.back
            hits = self.hits(anchor.trigger)
            if not hits:
                continue
            if isinstance(back, int):
                ranges += [(h - back if h > back else 0, h) for h in hits]
            else:
                for h in hits:
                    ranges += back(text, h)
        if not ranges:
            return
        ranges.sort()
        match = rx.match
        pos = 0  # every start before pos has been tried, or lies inside a match
        for first, last in ranges:
            s = first if first > pos else pos
            while s <= last:
                m = match(text, s)
                if m is None:
                    s += 1
                    continue
                yield m
                end = m.end()
                s = end if end > s else s + 1
            if s > pos:
                pos = s


class Anchored:
    """A pattern with the anchors it starts at: ``finditer`` finds what the pattern's own does, reading less."""

    __slots__ = ("anchors", "pattern", "triggers")

    def __init__(self, pattern: re.Pattern[str], anchors: tuple[Anchor, ...]) -> None:
        self.pattern = pattern
        self.anchors = anchors
        self.triggers = Triggers(tuple(a.trigger for a in anchors))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of ``self.pattern.finditer(text)``."""
        return Scan(text, self.triggers).finditer(self.pattern, self.anchors)


def _occurrences(text: str, trigger: str | re.Pattern[str]) -> list[int]:
    if not isinstance(trigger, str):
        return [m.start() for m in trigger.finditer(text)]
    return occurrences(text, trigger)


def space_before(text: str, pos: int) -> int:
    """Where the run of whitespace that ends at ``pos`` starts (``pos`` if there is none)."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


def digits_then_space(text: str, pos: int) -> list[tuple[int, int]]:
    """The starts of a ``\\d+\\s+`` that ends at ``pos``: each digit of the number."""
    j = space_before(text, pos)
    k = j
    while k > 0 and text[k - 1].isdecimal():
        k -= 1
    return [(k, j - 1)] if k < j < pos else []


# --- pin cites -------------------------------------------------------------
_PIN_ATOM = (
    r"(?:(?:\*\s?)?\d+(?:\s*[-–—]\s*\*?\d+)?(?:\s*nn?\.\s*\d+(?:\s*[-–—&]\s*\d+)?)?"
    r"|¶¶?\s?\d+(?:\s*[-–—]\s*\d+)?)"  # a paragraph of a public-domain citation: "2006 WI App 227, ¶ 20"
)
# A further pin after a comma or "&", unless it is the volume of the next
# parallel citation ("483, 487, 119 S.Ct. 936").
_PIN_MORE = r"(?:\s*(?:,|&)(?!\s*\d+\s+[A-Z])\s*(?:nn?\.\s*\d+|" + _PIN_ATOM + r"))"
PIN_LIST = _PIN_ATOM + _PIN_MORE + "*"
# "at p. 502", "at pp. 633-634": California and New York style pages.
_PAGE_WORD = r"(?:pp?\.\s*)?"
PIN_AFTER_FULL = re.compile(
    r"\s*,(?!\s*\d+\s+[A-Z])\s*(?:at\s+)?" + _PAGE_WORD + r"(?P<pin>" + PIN_LIST + r")(?=[\s,;.)\]]|$)"
)
PIN_AT = re.compile(_PAGE_WORD + r"(?P<pin>" + PIN_LIST + r")")
ID_PIN = re.compile(r"\s*,?\s*at\s+" + _PAGE_WORD + r"(?P<pin>" + PIN_LIST + r")")
# The year (or date) before the volume in California style: "(2022) 83 Cal.App.5th".
YEAR_BEFORE_CITE = re.compile(r"\((?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+)?(?P<year>1[6-9]\d\d|20\d\d)\)\s*$")

# --- court and date parenthetical -----------------------------------------
MONTH = r"(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_MONTH = MONTH
# Texas prints the petition or writ history after the year: "(Tex. App.—Austin
# 2002, no pet.)", "(Tex. App.—Dallas 1996, writ ref'd n.r.e.)" (Texas Rules of Form).
COURT_DATE = re.compile(
    r"^\s*(?P<court>[^()]{0,60}?)\s*(?P<date>" + _MONTH + r"\s+\d{1,2},?\s*)?"
    r"(?P<year>1[6-9]\d\d|20\d\d)(?:,\s*(?P<writ>(?:no\s+|pet\.|writ|mand\.|orig\.)[a-z.'’ ]{0,40}))?\s*$"
)
COURT_TOKEN = re.compile(r"^(?:[A-Z0-9\[\]—–-]|ed\.|App\.)")

# --- provisions -------------------------------------------------------------
_SUBSEC = r"\((?:[a-z]{1,4}|[0-9]{1,3}|[A-Z]{1,2})\)"
SUBSEC_SEQ = r"(?:\s?" + _SUBSEC + r"(?:" + _SUBSEC + r")*(?:\s*[-–]\s*" + _SUBSEC + r"+)?)?"
_SECNUM = r"\d+[A-Za-z]?(?:[.\-]\d+[A-Za-z]?)*"
SECTION = re.compile(r"(?P<sec>" + _SECNUM + r")(?P<sub>" + SUBSEC_SEQ + r")")
_SECLIST = (
    _SECNUM + SUBSEC_SEQ + r"(?:(?:\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+)(?!\d+\s+[A-Z])" + _SECNUM + SUBSEC_SEQ + r")*"
)

# "Tenn. R. App. P. 9(b) ... see id. 9(a)(1)", "Id. 2.": Id. with the rule number it moves to
# (resolve applies it only after a court rule).
ID_RULE_NUMBER = re.compile(r"\s(?P<num>\d{1,3}(?:\.\d{1,3})?)(?P<sub>(?:\([a-z0-9]{1,4}\))*)(?=[.,;)\-–]|\s[a-z])")
ID_SECTION = re.compile(r"\s*(?:§§?|[Ss]ection)\s*(?P<list>" + _SECLIST + r")")

ORDINALS = [
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
    "Twentieth",
    "Twenty-First",
    "Twenty-Second",
    "Twenty-Third",
    "Twenty-Fourth",
    "Twenty-Fifth",
    "Twenty-Sixth",
    "Twenty-Seventh",
]
ORDINAL_NUMBER = {word.lower(): i + 1 for i, word in enumerate(ORDINALS)}
AMENDMENT_TEXT = re.compile(r"\b(?P<ord>" + "|".join(ORDINALS) + r")\s+Amendment\b", re.IGNORECASE)

# --- record citations and other authorities --------------------------------
RECORD = re.compile(
    r"\((?:[Ss]ee(?:\s+also)?\s+|citing\s+)?(?:" + "|".join(RECORD_CITE_WORDS) + r")\.?(?=[\s¶,)\d])"
    r"|\bExs?\.\s+[A-Z0-9]{1,3}\b"
    r"|\bECF\s+Nos?\.|\b(?:Dkt|Doc)\.\s+(?:No\.\s*)?\d"
    r"|\[(?:doc|Doc|dkt|Dkt|ECF)\.?\s*(?:#|No\.)"
    r"|\((?:[A-Z][\w.']*\s+){1,3}(?:Decl|Aff|Dep|Tr)\.(?=[\s,)])"
    # A brief's cites to its own appendix and the joint appendix, in running text:
    # "Pet. App. 18a-21a", "App., infra, 28a-29a", "C.A. J.A. 19", "J.A. 45"; and to the
    # other briefs in the case: "VOS Br. 21", "Gov’t Br. 39", "Bamzai Amicus Br. 8".
    r"|\bApp\.,?\s*(?:(?:infra|supra),\s+)?\d{1,4}a\b|\bJ\.A\.\s+\d{1,4}\b"
    # (Each word at most 40 characters: unbounded, a run of "A.A.A." was read to its end from every "A".)
    r"|\b(?:[A-Z][\w.'’]{0,40}\s+){1,3}Br\.\s+\d{1,3}\b"
)
MEMO_FULL = re.compile(
    r"\b(?:Memo\.|Mem\.|Memorandum)\s+from\s+(?P<author>(?:[A-Z][\w.'-]*\s+){0,4}?(?P<last>[A-Z][\w'-]+))\s*,"
)
MEMO_DATE = re.compile(r"\((?:" + _MONTH + r"\s+\d{1,2},?\s*)?(?P<year>\d{4})\)")
MEMO_CITE = re.compile(r"\b(?P<last>[A-Z][a-z]+)\s+Mem\.,\s")
MEMO_SHORT = re.compile(r"\b(?P<last>[A-Z][a-z]+)\s+Memo?\.?\s+at\s+(?P<pin>" + PIN_LIST + r")")
# --- secondary and other authorities (kb.analysis.secondary) --------------
# Every pattern below starts with its literal ("§", "Dictionary", "Restatement",
# "Rep.", "Cong. Rec.", "Jury Instr" ...), so that re can skip to it, or is
# matched at a given offset (the *_BEFORE patterns, on a few characters before
# a literal). What precedes a literal (a volume, a chamber, a work's authors
# and title) is read by kb.analysis.secondary within a bounded window; the
# word boundary before a literal is checked there too, since a leading "\b"
# or look-behind stops re from skipping ahead and costs 30 times the scan.
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# A treatise section: "1357", "72.03[2][h]", "46:6", "2-207", "6.2(a)", "402A".
_WORK_SEC = r"\d+[A-Za-z]?(?:[.:\-–]\s?\d+[A-Za-z]?)*(?:\[[\w.\-]+\])*(?:\([\w]{1,4}\))*"
WORK_SECS = _WORK_SEC + r"(?:\s*(?:,|&|and)\s*(?:§\s*)?(?!\d+\s+[A-Z])" + _WORK_SEC + r")*"
WORK_SEC = re.compile(_WORK_SEC)
WORK_LOCATOR = re.compile(r"(?P<mark>§§?|¶¶?)\s*(?P<secs>" + WORK_SECS + r")(?![\w\[])")
PAGES = r"\*?\d+(?:\s*[-–]\s*\*?\d+)?(?:\s*,\s*\*?\d+(?:\s*[-–]\s*\*?\d+)?)*"
WORK_PIN = re.compile(r",?\s*(?:at\s+|pp?\.\s*)(?P<pin>" + PAGES + r"(?:,?\s*(?:&\s*|and\s+)?nn?\.\s*\d+)?)")
WORK_PAGES = re.compile(r"\s*,?\s*(?:at\s+)?(?P<pages>" + PAGES + r")(?![\w\-–]|\.\d)")
PAREN_AFTER = re.compile(r"\s*\((?P<ed>[^()]{1,80})\)")
BOOK_PAREN = re.compile(r"\((?P<ed>[^()]{1,80})\)")
EDITION_WORD = re.compile(r"(?:^|[\s,(])(?:ed|Ed|rev|Supp|vol|Vol|repl|reprint|Draft|unabr|abr)\b\.?")
DATE_ONLY = re.compile(r"\s*(?:" + _MONTH + r"\s+\d{1,2},?\s*)?" + YEAR + r"(?:\s*(?:[-–]|and)\s*\d{2,4})?\s*")
DEFINITION_PAREN = re.compile(r"\s*\((?:defs?\.|entry|s\.\s?v\.)[^()]{0,40}\)")
HEREINAFTER = re.compile(r"^\s*(?:hereinafter|herein|cited\s+as)\s+[\"“]?(?P<name>[^\"“”()]{2,60}?)[\"”]?\s*$")
QUOTED_HANDLE = re.compile(r"^\s*[\"“](?P<name>[A-Z][^\"“”()]{1,40}?)[\"”]\s*$")

WORK_LOCATOR_AT = Anchored(WORK_LOCATOR, (Anchor("§"), Anchor("¶")))
DICTIONARY = re.compile(
    r"(?:Dictionary|DICTIONARY|Diction ary)\b(?![\w'’-]|\s+Act\b)"
    r"(?P<of>\s+(?:of|OF)(?:\s+(?:the|THE|and|AND|[A-Z][\w'’]*)){1,6})?"
)
SECTION_TITLE = re.compile(
    r"(?P<title>(?:Federal|FEDERAL)\s+(?:Practice|PRACTICE)\s+(?:and|AND|&)\s+(?:Procedure|PROCEDURE)"
    r"(?::\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})?"
    r"|Moore(?:'s|’s)\s+Federal\s+Practice)"
    r"\s*,?\s*(?:(?P<mark>§§?|¶|[Ss]ec(?:tions?|s?\.))\s*)?(?P<secs>" + WORK_SECS + r")(?![\w\[])"
)
SECTION_TITLE_AT = Anchored(SECTION_TITLE, (Anchor("Federal"), Anchor("FEDERAL"), Anchor("Moore")))
VOLUME_BEFORE = re.compile(r"(?<![\w.,])(?P<vol>\d{1,3}[A-Z]?)\s+$")
COMMENTARY = re.compile(
    r"(?P<abbr>Bl\.\s?Comm?\.|Black\.\s?Comm?\.|Kent(?:'s|’s)?\s+Comm\.|Story(?:'s|’s|,)?\s+Eq\.\s?Jur\.)"
    r"\s*,?\s*(?:(?P<mark>§§?)\s*(?P<secs>" + WORK_SECS + r")|(?P<page>\*?\d+(?:\s*[-–]\s*\*?\d+)?))(?![\w\-]|\.\d)"
)
COMMENTARY_AT = Anchored(COMMENTARY, (Anchor(re.compile(r"Bl(?=\.|ack\.)")), Anchor("Kent"), Anchor("Story")))

_RESTATEMENT_SERIES = r"First|Second|Third|Fourth|2d|2nd|3d|3rd|4th|Sec\s?ond|FIRST|SECOND|THIRD|FOURTH"
RESTATEMENT = re.compile(
    r"(?:Restatement|RESTATEMENT)(?:\s*\((?P<ser>" + _RESTATEMENT_SERIES + r")\))?"
    r"(?:\s*,\s*|\s+(?:of|OF)\s+(?:the\s+Law\s*[—:-]\s*)?|\s+)"
    r"(?P<subj>(?:the\s+)?[A-Z][\w'’.]*:?(?:\s+(?:of|the|and|OF|THE|AND|&|[A-Z][\w'’.]*:?)){0,9}?)"
    r"(?:\s*\((?P<ser2>" + _RESTATEMENT_SERIES + r")\)|,?\s+(?P<ser3>2d|3d|Second|Third)\b)?"
    r"\s*,?\s*(?:(?P<mark>§§?|[Ss]ec(?:tions?|s?\.))\s*)?(?P<secs>" + WORK_SECS + r")(?![\w\[])"
)
RESTATEMENT_SHORT = re.compile(
    r"Restatement(?:\s*\((?P<ser>" + _RESTATEMENT_SERIES + r")\)|\s+(?P<ser2>2d|3d))?,?\s*"
    r"(?P<mark>§§?)\s*(?P<secs>" + WORK_SECS + r")(?![\w\[])"
)
RESTATEMENT_TAIL = re.compile(
    r"(?:,?\s*(?:&|and)?\s*(?P<cmt>(?:cmt|comt|[Cc]omment|[Cc]om\s?ment|illus|[Ii]llustration)s?\.?,?\s*"
    r"[a-z0-9](?:\(\d+\))?(?![\w]))|,?\s*(?P<note>[Rr]eporters?['’]s?\s+[Nn]otes?(?:\s+\d+)?))?"
)
# (In these patterns "(?!\s+[A-Z]{2,}\b)" refuses a number that is a slip
# opinion's page number before its running head: "14 CONNICK v. THOMPSON".)
# A number followed by a reporter or journal ("Contracts, 57 N.Y.U. L. Rev. 669"): not a section.
REPORTER_AFTER = re.compile(r"\s+(?:[A-Z][\w.&']*\s+){1,5}\d")

MODEL_CODE = re.compile(
    r"(?P<code>Model\s+Penal\s+Code|MODEL\s+PENAL\s+CODE|U\.\s?C\.\s?C\.|Unif(?:orm|\.)\s+Commercial\s+Code"
    r"|Unif(?:orm|\.)\s+(?:[A-Z][\w'.]*\s+){1,5}?(?:Act|Code))"
    r"\s*,?\s*(?:(?P<mark>§§?)\s*)?(?P<secs>\d+(?:[.\-–]\s?\d+)*[A-Za-z]?(?:\([\w]{1,4}\))*)(?![\w\[])"
)
MODEL_CODE_AT = Anchored(MODEL_CODE, (Anchor("Model"), Anchor("MODEL"), Anchor(re.compile(r"U(?=\.\s?C\.\s?C\.|nif)"))))
PROFESSIONAL_RULES = re.compile(
    r"Model\s+(?P<which>Rules?|Code)\s+of\s+Prof(?:essional|'l|’l|\.)\s+(?P<what>Conduct|Responsibility)"
    r"\s*,?\s*(?:(?P<r>R(?:ule|\.)|DR|EC)\s*)?(?P<num>\d+(?:[.\-–]\d+)*(?:\([a-z0-9]+\))*)(?!\w|\s+[A-Z]{2,}\b)"
)

CHAMBER_BEFORE = re.compile(r"(?<![\w.])(?:(?P<ch>H\.\s?R\.|S\.|H\.)\s?(?P<conf>Conf\.\s?)?|(?P<conf_only>Conf\.\s?))$")
REPORT = re.compile(
    r"Rep\.\s?"
    r"(?:(?P<no>No\.)\s?)?(?P<num>\d{1,4}(?:\s?[-–]\s?\d{1,5})?)(?![\d,]*\s?(?:U\.|F\.|[A-Z][a-z]+\.\s?\d))"
)
REPORT_TAIL = re.compile(
    r"(?P<supra>,\s*supra)?(?:,\s*pt\.\s*\d+)?"
    r"(?:,\s*(?P<cong>\d{1,3})(?:st|nd|rd|th|d)\s+Cong\.(?:,?\s*\d(?:st|nd|rd|th|d)\s+Sess\.)?)?"
    r"(?:(?:,\s*(?:at|pp?\.)\s*|(?<=Sess\.)\s+)(?P<pin>" + PAGES + r")(?!\w|\.\d))?"
)
REPRINTED = re.compile(r",?\s*reprinted\s+in\s+(?:\d{4}\s+U\.\s?S\.\s?C\.\s?C\.\s?A\.\s?N\.\s+" + PAGES + r")")
_REC_PAGE = r"(?:[HSE]\s?)?(?:\d{1,3}(?:,\d{3})+|\d+)(?!\d)"
CONG_REC = re.compile(
    r"Cong\.\s?Rec\.\s*(?:p\.\s*)?(?P<page>" + _REC_PAGE + r")(?![\w,]*\d)"
    r"(?P<more>(?:\s*[-–]\s*"
    + _REC_PAGE
    + r")?(?:\s*,\s*"
    + _REC_PAGE
    + r"(?:\s*[-–]\s*\d+)?(?!\s*(?:st|nd|rd|th|d)\b))*)"
)
# From its second letter ("dvisory"), so that re skips to a literal; the "A" or "a" is checked in code.
ADVISORY_NOTE = re.compile(
    r"dvisory\s+[Cc]ommittee(?:'s|’s|s’|s)?\s+[Nn]otes?(?:\s+(?:to|on)\s+(?:the\s+)?(?P<amend>\d{4})\s+[Aa]mendments?)?"
)
RULE_BEFORE = re.compile(
    r"(?P<rule>(?i:fed)\s?\.\s?(?i:r)\.\s?(?P<set>(?i:civ|crim|app|bankr|evid))\.\s?(?:(?i:p)\.\s?)?"
    r"(?P<num>\d+(?:\.\d+)?)(?P<sub>(?:\([a-z0-9]+\))*))\s*,?\s*$"
)
ADVISORY_NOTE_ON = re.compile(
    r"Advisory\s+Committee(?:'s|’s)\s+(?:(?P<amend>\d{4})\s+)?Notes?\s+on\s+Fed(?:eral|\.)\s+Rules?\s+(?:of\s+)?"
    r"(?P<set>Civ(?:il|\.)\s*(?:Proc(?:edure|\.))?|Crim(?:inal|\.)\s*(?:Proc(?:edure|\.))?|Evid(?:ence|\.)|App(?:ellate|\.)\s*(?:Proc(?:edure|\.))?)"
    r"\s+(?P<num>\d+(?:\.\d+)?)(?P<sub>(?:\([a-z0-9]+\))*)"
)
_INSTRUCTION_NUMS = r"\d+(?:[.:]\d+)*[A-Z]?(?:\s*[-–]\s*\d+)?(?:\s*(?:,|and|&)\s*\d+(?:[.:]\d+)*[A-Z]?)*"
CALIFORNIA_INSTRUCTION = re.compile(
    r"(?P<set>CALCRIM|CALJIC)\s+Nos?\.\s*(?P<nums>" + _INSTRUCTION_NUMS + r")(?!\w|\.\d)"
)
IPI = re.compile(
    r"IPI\s+(?P<div>Criminal|Civil)(?:\s+(?:\d(?:st|nd|rd|th|d))|\s*\(\d(?:st|nd|rd|th|d)\s+ed\.?\))?,?\s+"
    r"Nos?\.\s*(?P<nums>" + _INSTRUCTION_NUMS + r")(?!\w|\.\d)"
)
JURY_INSTRUCTIONS = re.compile(r"Jury\s+Instr(?:uctions?|\.)")
JURY_TAIL = re.compile(
    r"(?P<sub>(?:,?\s*\(?(?:Criminal|Civil|Crim\.|Civ\.)(?:\s+Cases)?\)?)?(?:\s+for\s+the(?:\s+(?:[A-Z][\w.]*|of|the)){1,8})?)"
    r"\s*,?\s*(?P<mark>Nos?\.|§)\s*(?P<nums>" + _INSTRUCTION_NUMS + r")(?!\w|\.\d)"
)

DEFINED_NAME = re.compile(r"^\s*(?:the\s+|hereinafter\s+)?[\"“]\s*(?P<name>[^\"“”]{1,60}?)\s*[\"”]\s*$")

# --- signals, parentheticals ------------------------------------------------
SIGNAL_AT_END = re.compile(
    r"(?:^|(?<=[\s(;.,]))(?P<signal>" + "|".join(p for p, _ in SIGNALS) + r")\s*,?\s*$",
    re.IGNORECASE,
)
SIGNAL_NAMES = tuple((re.compile(r"^" + p + r"$", re.IGNORECASE), name) for p, name in SIGNALS)
NON_EXPLANATORY = re.compile(r"^\s*(?:" + "|".join(NON_EXPLANATORY_PARENTHETICALS) + r")\s*\.?\s*$", re.IGNORECASE)
# Parentheticals that are part of a decision's full citation (Bluebook 10.6.1,
# weight of authority): kept with the authority, not read as explanations.
DISPOSITION = re.compile(
    r"^\s*(?P<d>en\s+banc|per\s+curiam(?:\s+opinion)?|plurality\s+opinion|mem(?:orandum)?\.?(?:\s+op(?:inion)?\.?)?"
    r"|unpublished(?:\s+table\s+decision)?|table(?:\s+decision)?)\s*\.?\s*$",
    re.IGNORECASE,
)


def disposition(content: str) -> str:
    """A disposition as Bluebook prints it: ``(En Banc)`` -> ``en banc``, ``(memorandum)`` -> ``mem.``."""
    text = " ".join(content.lower().replace(".", " ").split())
    if text.startswith("mem"):
        return "mem."
    if "table" in text:
        return "unpublished table decision"
    return "per curiam" if text.startswith("per curiam") else text


NESTED_OPENING = tuple((re.compile(r"^\s*" + p + r"\b", re.IGNORECASE), rel) for p, rel in NESTED_RELATIONS)

# A history phrase between a citation and the next: ", aff'd, 520 U.S. 100",
# ", cert. denied, 528 U.S. 1000", ", overruled by Dobbs v. Jackson ...".
HISTORY = re.compile(
    r"\s*[,;]?\s*(?:and\s+)?(?P<phrase>" + "|".join(p for p, _ in HISTORY_PHRASES) + r")(?:\s+mem\.)?,?\s*",
    re.IGNORECASE,
)
HISTORY_NAMES = tuple((re.compile(r"^" + p + r"$", re.IGNORECASE), name) for p, name in HISTORY_PHRASES)
