"""Compiled regular expressions shared by the extraction stages.

Reporter citations are eyecite's job (its patterns come from reporters-db);
what lives here is what eyecite does not parse: pin cites, court-and-date
parentheticals, federal provisions in their full, bare and INA forms, court
rules, constitutional provisions and record citations.
"""

from __future__ import annotations

import re

from kb.tables import NESTED_RELATIONS, NON_EXPLANATORY_PARENTHETICALS, RECORD_CITE_WORDS, SIGNALS, T10_STATES

# --- pin cites -------------------------------------------------------------
_PIN_ATOM = r"(?:\*\s?)?\d+(?:\s*[-–—]\s*\*?\d+)?(?:\s*nn?\.\s*\d+(?:\s*[-–—&]\s*\d+)?)?"
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
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
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
_MARK = r"(?P<mark>§§?|[Ss]ec(?:tions?|s?\.)|[Pp]arts?|pts?\.)"

USC = re.compile(
    r"(?P<title>\d+)\s+U\.\s?S\.\s?C\.(?:\s?A\.)?(?:\s?(?:app\.|Supp\.\s?[IVX]+))?\]?\s*"
    + _MARK
    + r"\s*(?P<list>"
    + _SECLIST
    + r")(?![\w\[]|\.\d)"
)
CFR = re.compile(r"(?P<title>\d+)\s+C\.\s?F\.\s?R\.\s*" + _MARK + r"?\s*(?P<list>" + _SECLIST + r")(?![\w\[]|\.\d)")
# A state code that eyecite (reporters-db) does not know, read generically:
# "43 Pa. Stat. § 955(d)", "18 Pa.C.S. § 3502". Loses to eyecite's own law
# citations where both match.
STATE_CODE = re.compile(
    r"(?:(?P<title>\d+)\s+)?(?P<code>(?:"
    + "|".join(re.escape(v) for v in sorted(set(T10_STATES.values()), key=len, reverse=True))
    + r")\s?(?:[A-Z][\w&'.]*\.?\s?){0,5}?(?:Stat|Code|Laws|C\.S|Cons|Gen|Rev|Ann|Comp)[\w.]*(?:\s?(?:Ann|Stat|Code)\.?)*)"
    r"\s*§§?\s*(?P<list>" + _SECLIST + r")(?![\w\[]|\.\d)"
)
INA = re.compile(
    r"\b(?:INA|Immigration\s+and\s+Nationality\s+Act)\s*,?\s*"
    + _MARK
    + r"\s*(?P<list>"
    + _SECLIST
    + r")(?![\w\[]|\.\d)"
)
BARE_SECTION = re.compile(
    r"(?<![\w.\]])" + _MARK.replace("(?P<mark>", "(?P<mark>") + r"\s*(?P<list>" + _SECLIST + r")"
    r"(?![\w\[]|\.\d)(?P<ina>\s+of\s+the\s+(?:Immigration\s+and\s+Nationality\s+Act|INA)\b)?"
)
ID_SECTION = re.compile(r"\s*(?:§§?|[Ss]ection)\s*(?P<list>" + _SECLIST + r")")

RULE_SETS = {
    "civ": "Fed. R. Civ. P.",
    "civil": "Fed. R. Civ. P.",
    "crim": "Fed. R. Crim. P.",
    "criminal": "Fed. R. Crim. P.",
    "app": "Fed. R. App. P.",
    "appellate": "Fed. R. App. P.",
    "bankr": "Fed. R. Bankr. P.",
    "bankruptcy": "Fed. R. Bankr. P.",
    "evid": "Fed. R. Evid.",
    "evidence": "Fed. R. Evid.",
}
_RULE_NUM = r"(?P<num>\d+(?:\.\d+)?)(?P<sub>(?:\s?" + _SUBSEC + r")?(?:" + _SUBSEC + r")*)"
RULE = re.compile(r"Fed\.\s?R\.\s?(?P<set>Civ|Crim|App|Bankr|Evid)\.\s?(?:P\.)?\s*" + _RULE_NUM)
RULE_TEXT = re.compile(
    r"Federal\s+Rules?\s+of\s+(?:(?P<set>Civil|Criminal|Appellate|Bankruptcy)\s+Procedure|(?P<set2>Evidence))\s+"
    + _RULE_NUM
)
BARE_RULE = re.compile(
    r"(?<!Local )(?<!Court )(?<!Circuit )(?<!Cir\. )(?<![\w.])[Rr]ules?\s+" + _RULE_NUM + r"(?![\w-])"
    r"|(?<![\w.(])(?P<num2>\d{1,2})(?P<sub2>\([a-z]\)\(\d\))(?=\s+motion)"
)
CIRCUIT_RULE = re.compile(
    r"\b(?P<circ>First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|D\.C\.|Federal"
    r"|1st|2d|3d|[4-9]th|1[01]th)\s+Cir(?:cuit|\.)\s+(?:Rule|R\.)\s+(?P<num>\d+(?:[-.]\d+)*)(?P<sub>"
    + SUBSEC_SEQ
    + r")"
)
CONSTITUTION = re.compile(
    r"U\.\s?S\.\s?Const\.\s*(?:art\.\s*(?P<art>[IVX]+)(?:,\s*§\s*(?P<asec>\d+))?(?:,\s*cl\.\s*(?P<cl>\d+))?"
    r"|amend\.\s*(?P<amend>[IVXL]+)(?:,\s*§\s*(?P<msec>\d+))?)"
)
_ORDINALS = [
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
ORDINAL_NUMBER = {word.lower(): i + 1 for i, word in enumerate(_ORDINALS)}
AMENDMENT_TEXT = re.compile(r"\b(?P<ord>" + "|".join(_ORDINALS) + r")\s+Amendment\b", re.IGNORECASE)

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
