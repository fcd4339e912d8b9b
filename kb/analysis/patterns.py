"""Compiled regular expressions shared by the extraction stages.

Reporter citations are eyecite's job (its patterns come from reporters-db);
what lives here is what eyecite does not parse and several stages share:
pin cites, court-and-date parentheticals, section numbers, record citations,
signals and parentheticals. Provisions have their own module,
:mod:`kb.analysis.provisions`.
"""

from __future__ import annotations

import re

from kb.tables import HISTORY_PHRASES, NESTED_RELATIONS, NON_EXPLANATORY_PARENTHETICALS, RECORD_CITE_WORDS, SIGNALS

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
PIN_AFTER_FULL = re.compile(r"\s*,(?!\s*\d+\s+[A-Z])\s*(?:at\s+)?" + _PAGE_WORD + r"(?P<pin>" + PIN_LIST + r")(?=[\s,;.)\]]|$)")
PIN_AT = re.compile(_PAGE_WORD + r"(?P<pin>" + PIN_LIST + r")")
ID_PIN = re.compile(r"\s*,?\s*at\s+" + _PAGE_WORD + r"(?P<pin>" + PIN_LIST + r")")
# The year (or date) before the volume in California style: "(2022) 83 Cal.App.5th".
YEAR_BEFORE_CITE = re.compile(r"\((?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+)?(?P<year>1[6-9]\d\d|20\d\d)\)\s*$")

# --- court and date parenthetical -----------------------------------------
MONTH = r"(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_MONTH = MONTH
COURT_DATE = re.compile(
    r"^\s*(?P<court>[^()]{0,60}?)\s*(?P<date>" + _MONTH + r"\s+\d{1,2},?\s*)?"
    r"(?P<year>1[6-9]\d\d|20\d\d)\s*$"
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
)
MEMO_FULL = re.compile(
    r"\b(?:Memo\.|Mem\.|Memorandum)\s+from\s+(?P<author>(?:[A-Z][\w.'-]*\s+){0,4}?(?P<last>[A-Z][\w'-]+))\s*,"
)
MEMO_DATE = re.compile(r"\((?:" + _MONTH + r"\s+\d{1,2},?\s*)?(?P<year>\d{4})\)")
MEMO_CITE = re.compile(r"\b(?P<last>[A-Z][a-z]+)\s+Mem\.,\s")
MEMO_SHORT = re.compile(r"\b(?P<last>[A-Z][a-z]+)\s+Memo?\.?\s+at\s+(?P<pin>" + PIN_LIST + r")")
_AUTHOR = r"(?:[A-Z][a-z]*\.?\s){0,3}[A-Z][\w'’-]+"
_TITLE_WORD = r"(?:[A-Z][\w'’-]*|of|and|the|on|in|for|&)"
TREATISE = re.compile(
    r"(?:(?P<vol>\d{1,3})\s+)?(?P<authors>" + _AUTHOR + r"(?:,?\s+(?:&\s+)?" + _AUTHOR + r"){0,4}),\s+"
    r"(?P<title>" + _TITLE_WORD + r"(?:\s+" + _TITLE_WORD + r"){1,12})\s+§§?\s*"
    r"(?P<sec>\d[\w.\-]*(?:\[\w+\])*)\s*\((?P<edition>[^()]{0,30}?)(?P<year>1[89]\d\d|20\d\d)\)"
)
DEFINED_NAME = re.compile(r"^\s*(?:the\s+|hereinafter\s+)?[\"“]\s*(?P<name>[^\"“”]{1,60}?)\s*[\"”]\s*$")

# --- signals, parentheticals ------------------------------------------------
SIGNAL_AT_END = re.compile(
    r"(?:^|(?<=[\s(;.,]))(?P<signal>" + "|".join(p for p, _ in SIGNALS) + r")\s*,?\s*$",
    re.IGNORECASE,
)
SIGNAL_NAMES = tuple((re.compile(r"^" + p + r"$", re.IGNORECASE), name) for p, name in SIGNALS)
NON_EXPLANATORY = re.compile(r"^\s*(?:" + "|".join(NON_EXPLANATORY_PARENTHETICALS) + r")\s*\.?\s*$", re.IGNORECASE)
NESTED_OPENING = tuple((re.compile(r"^\s*" + p + r"\b", re.IGNORECASE), rel) for p, rel in NESTED_RELATIONS)

# A history phrase between a citation and the next: ", aff'd, 520 U.S. 100",
# ", cert. denied, 528 U.S. 1000", ", overruled by Dobbs v. Jackson ...".
HISTORY = re.compile(
    r"\s*[,;]?\s*(?:and\s+)?(?P<phrase>" + "|".join(p for p, _ in HISTORY_PHRASES) + r")(?:\s+mem\.)?,?\s*",
    re.IGNORECASE,
)
HISTORY_NAMES = tuple((re.compile(r"^" + p + r"$", re.IGNORECASE), name) for p, name in HISTORY_PHRASES)
