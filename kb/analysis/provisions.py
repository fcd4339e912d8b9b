"""Find the statutes, regulations, rules and constitutions an opinion cites.

eyecite finds the codes reporters-db's ``laws.json`` spells out, in their
Bluebook form; courts print most provisions otherwise. Found here, each
family anchored on the literal that names it:

* federal: ``8 U.S.C. §§ 1101(a)(15)(U), 1184(p)``, ``26 U.S.C. 1244`` (no
  section sign), ``15 USC § 78j``, ``31 CFR §285.5(e)(1)``, ``INA § 242(g)``,
  the Sentencing Guidelines (``U.S.S.G. § 3E1.1(b)``, ``§ 3E1.1 cmt. n.3``),
  Treasury regulations (``Treas. Reg. § 1.6664-4(b)``, ``sec. 1.6664-4(b),
  Income Tax Regs.``), ``I.R.C. § 6663``;
* state codes in their Bluebook and local forms (``G.L. c. 265, § 2``,
  ``720 ILCS 5/12-4(b)(1)``, ``R.C. 2705.01``, ``RCW 26.09.191``, ``18 Pa.C.S.
  § 3502``, ``Okla. Stat. tit. 21, § 701.7``, ``I.C. § 6-1.1-12-37(k)``), codes
  named by subject (``Penal Code section 1170, subdivision (d)``, ``Welf. &
  Inst. Code, § 707``, ``Section 304.001 of the Texas Finance Code``): the table
  of forms is :data:`kb.tables.STATE_CODES`;
* court rules, federal, state and local (``Fed. R. Civ. P. 12(b)(6)``,
  ``Tenn. R. App. P. 9(a)``, ``Rule 6(b), SCRCrimP``, ``Ind. Appellate Rule
  63(A)``, ``134 Ill. 2d R. 615(a)``, ``2d Cir. R. 34.1(b)``, ``Tax Court Rule
  231``, ``this Court's Rule 15.2``) and bare ``Rule 12(b)(6)``;
* constitutions, federal and state (``U.S. Const. amend. IV``, ``Article III
  of the Constitution``, ``Cal. Const., art. I, § 7``, ``art. 26 of the
  Massachusetts Declaration of Rights``, ``Article 10, Section 1 of the Indiana
  Constitution``, ``the Fourth Amendment``);
* bare sections (``§ 1252(g)``, ``section 1170``, ``§ 1170, subd. (d)(2)``),
  whose code :mod:`kb.analysis.resolve` works out.

A code named without its state (``Penal Code``) carries ``Cite.subject``;
resolve names the state from the opinion's court.
"""

from __future__ import annotations

import re
from functools import cache

from kb.analysis import patterns as P
from kb.models import Cite
from kb.tables import CIRCUIT_ORDINALS, INA_TO_USC, STATE_CODES, SUBJECT_CODES

_USC_SECTIONS_OF_INA = frozenset(INA_TO_USC.values())

# --- sections ------------------------------------------------------------------
# A section number: units of digits and letters joined by ".", "-", ":" or a
# dash ("53a-54a", "2C:11-3", "6-1.1-20.6-7.5", "9A.32.030", "630:1-a"). Every
# unit after the first starts with its separator, so matching is linear.
_SEC = r"\d+[A-Za-z]{0,3}(?:[.:\-–](?:\d+[A-Za-z]{0,3}|[A-Za-z]{1,2}\b))*"
# CAP text pads parentheses: "§ 32E ( a ) (1)".
_SUBSEC = r"\(\s?(?:[a-z]{1,4}|[0-9]{1,3}|[A-Z]{1,3})\s?\)"
# Subsections: "(d)(2)(A)", "(b)-(d)", Wisconsin's "(14)(a)1.", and the words
# courts use ("subd. (d)(2)", ", subdivision (d)(1)", ", subds. (b)-(d)").
_SUBS = (
    r"(?:\s?" + _SUBSEC + r"(?:\s?" + _SUBSEC + r")*(?:\s*[-–]\s*" + _SUBSEC + r"+)?(?:\d{1,2}\.(?!\d))?"
    r"|,?\s+subd(?:ivision)?s?\.?\s*(?:" + _SUBSEC + r")+(?:\s*(?:-|–|through|to)\s*" + _SUBSEC + r"+)?"
    r"|,\s+subds?\.\s*\d+[a-z]?\b)?"
)
_ITEM = r"(?:" + _SEC + r")" + _SUBS
# "§§ 1(c)(4), (f)(1)", "9(a)(1), (2), and (3)": an item of subsections only
# belongs to the section before it.
_ONLY = r"(?:" + _SUBSEC + r")+"
_SEP = r"(?:\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+)"
_LIST = _ITEM + r"(?:" + _SEP + r"(?!\d+\s+[A-Z])(?:" + _ITEM + r"|\.\d+" + _SUBS + r"|" + _ONLY + r"))*"
ITEM = re.compile(r"(?P<sec>" + _SEC + r"|\.\d+)(?P<sub>" + _SUBS + r")|(?P<only>" + _ONLY + r")")
MORE_SUBSECTIONS = re.compile(_SEP + r"(?P<only>" + _ONLY + r")(?![\w(])")
_PAREN = re.compile(r"\([^()]*\)")
_MARK = r"(?:§§?|[Ss]ec(?:tions?|s?\.)|\[[Ss]\]ections?|[Pp]arts?)"  # "[S]ection": an altered quotation
_END = r"(?![\w\[]|\.\d)"

USC = re.compile(
    r"(?P<title>\d+)\s+(?:U\.\s?S\.\s?C\.(?:\s?[AS]\.)?|USCA?\b|U\.S\.\s?Code)(?:\s?(?:app\.|Supp\.\s?[IVX]+))?\]?"
    r"\s*(?:" + _MARK + r"\s*)?(?P<list>" + _LIST + r")" + _END
)
CFR = re.compile(r"(?P<title>\d+)\s+C\.?\s?F\.?\s?R\.?\s*(?:" + _MARK + r"\s*)?(?P<list>" + _LIST + r")" + _END)
INA = re.compile(
    r"\b(?:INA|Immigration\s+and\s+Nationality\s+Act)\s*,?\s*" + _MARK + r"\s*(?P<list>" + _LIST + r")" + _END
)
# Massachusetts session laws: "St. 2012, c. 192, §§ 37-39" (the Acts and Resolves).
MASS_SESSION_LAW = re.compile(
    r"\bSt\.\s(?P<year>1[6-9]\d\d|20\d\d),\s*c\.\s*(?P<chapter>\d+[A-Z]?)(?:,\s*"
    + _MARK
    + r"\s*(?P<list>"
    + _LIST
    + r"))?"
)
IRC = re.compile(
    r"\b(?:I\.\s?R\.\s?C\.|Internal\s+Revenue\s+Code)\s*(?:of\s+19[58]4\s*)?"
    + _MARK
    + r"\s*(?P<list>"
    + _LIST
    + r")"
    + _END
)
# Sentencing Guidelines: a guideline section has a chapter, a part letter and
# a number ("2D1.1", "3E1.1").
_GUIDELINE = r"\d[A-Z]\d\.\d+[a-z]?"
USSG = re.compile(
    r"\b(?:U\.\s?S\.\s?S\.\s?G\.|USSG|(?:United\s+States\s+)?Sentencing\s+Guidelines?(?:\s+Manual)?|Guidelines?)"
    r"\s*(?:"
    + _MARK
    + r")?\s*(?P<sec>"
    + _GUIDELINE
    + r")(?P<sub>"
    + _SUBS
    + r")(?P<cmt>"
    + r"\s*,?\s*(?:cmt\.|comment\.?|commentary|application\s+note)\s*\(?(?:n\.|nn\.|note)?\s*(?P<note>\d+)\)?)?"
)
BARE_GUIDELINE = re.compile(
    r"§\s*(?P<sec>" + _GUIDELINE + r")(?P<sub>" + _SUBS + r")(?P<cmt>\s*,?\s*cmt\.\s*(?:n\.|nn\.)\s*(?P<note>\d+))?"
)
TREAS_REG = re.compile(
    r"\bTreas\.\s?Reg\.\s*§§?\s*(?P<list>"
    + _LIST
    + r")"
    + _END
    + r"|\b[Ss]ec(?:s?\.|tions?)\s*(?P<list2>"
    + _LIST
    + r"),\s+(?:Income\s+Tax|Proced(?:ure)?\s+(?:&|and)\s+Admin(?:istration)?\.?|Estate\s+Tax|Gift\s+Tax|Employment\s+Tax)\s+Regs\."
)
BARE_SECTION = re.compile(
    r"(?<![\w.\]])"
    + _MARK
    + r"\s*(?P<list>"
    + _LIST
    + r")"
    + _END
    + r"(?P<ina>\s+of\s+the\s+(?:Immigration\s+and\s+Nationality\s+Act|INA)\b)?"
)
# Statutes drafted as Wisconsin's and Florida's are: "s. 70.65", "ss. 66.0203 and
# 66.0217" (a lower-case "s." before a chapter.section number), sections of the code last cited.
DRAFTED_SECTION = re.compile(r"(?<![\w.])ss?\.\s(?=\d+\.\d)(?P<list>" + _LIST + r")" + _END)
# ... and their references within the section being read: "sub. (14)", "par. (b)",
# "subd. 1.", "subd. (14)(a)1.", "Subdivision (14)(b)1." (Wis. Stat. § 990.001's
# levels: subsection (1), paragraph (a), subdivision 1.). Resolved against the
# statute last cited in full (kb.analysis.resolve).
_NUMBERED, _LETTERED, _SUBDIVISION = r"\(\d{1,3}[a-z]?\)", r"\([a-z]{1,2}\)", r"\d{1,2}\.(?!\d)"
RELATIVE_PART = re.compile(
    r"(?<![\w.])(?:"
    r"subs?\.\s?(?P<sub>" + _NUMBERED + r"(?:\s?" + _LETTERED + r")*(?:" + _SUBDIVISION + ")?)"
    r"|pars?\.\s?(?P<par>" + _LETTERED + "(?:" + _SUBDIVISION + ")?)"
    r"|subds?\.\s?(?P<subd>" + _SUBDIVISION + "|" + _NUMBERED + r"(?:\s?" + _LETTERED + ")+" + _SUBDIVISION + ")"
    r"|[Ss]ubdivision\s(?P<deep>" + _NUMBERED + r"(?:\s?" + _LETTERED + ")+" + _SUBDIVISION + "))"
)
# "section 1252(g) of the Act", "Section 2 of the Voting Rights Act, 52 U.S.C. § 10301":
# a section of a named act, not of the code cited last.
OF_AN_ACT = re.compile(
    r"\s+of\s+(?:the\s+)?(?:(?:[A-Z][\w'’-]*\s+){0,8}(?:Act|Code|Statute|Law)\b(?!\s+(?:Annotated|section))"
    r"|[A-Z]{2,6}\b(?!\s*§)|Title\s+[IVX]+\b)"  # "§206(b) of EAJA", "section 703 of Title VII"
)
# "the Trade Act of 1974, including Section 122", "Tariff Act of 1930, ch. 497, § 338",
# "TWEA § 5(b)", "TWEA’s section 5(b)": a section of the act just named; "1 Story, supra,
# § 168": of the work; "Article I, Section 8": of the Constitution. "Exec. Order No. 14,257,
# § 1, 90 Fed. Reg. 15,041", "§ 11, 40 Stat. 422": of the document the Federal Register or
# the Statutes at Large prints. None is the code cited last.
ACT_BEFORE = re.compile(
    r"(?:\bAct(?:\s+of\s+\d{4})?,\s*(?:ch\.\s*\d{1,4},\s*|(?:including|and)\s+)?"
    r"|\b[A-Z]{3,6}(?:['’]s)?\s+|\bsupra,\s*|\bArticle\s+[IVX]{1,4},\s*)$"
)
# Where each pattern may start (P.Scan.finditer): at its first literal, or at the
# number before it ("8 U.S.C."), or a few characters before it ("Ind. Const.").
_MARK_AT = tuple(P.Anchor(mark) for mark in ("§", "Sec", "sec", "[S]", "[s]", "Part", "part"))
USC_AT = (P.Anchor(re.compile(r"U(?=\.\s?S\.\s?C\.|SCA?\b|\.S\.\s?Code)"), P.digits_then_space),)
CFR_AT = (P.Anchor(re.compile(r"C(?=\.?\s?F\.?\s?R)"), P.digits_then_space),)
INA_AT = (P.Anchor("INA"), P.Anchor("Immigration"))
MASS_SESSION_LAW_AT = (P.Anchor("St."),)
IRC_AT = (P.Anchor(re.compile(r"I(?=\.\s?R\.\s?C\.)")), P.Anchor("Internal"))
USSG_AT = (
    P.Anchor(re.compile(r"U(?=\.\s?S\.\s?S\.\s?G\.|SSG)")),
    P.Anchor(re.compile(r"United(?=\s+States\s+Sentencing)")),
    P.Anchor("Sentencing"),
    P.Anchor("Guideline"),
)
TREAS_REG_AT = (P.Anchor("Treas."), P.Anchor("Sec", needs=("Regs.",)), P.Anchor("sec", needs=("Regs.",)))
BARE_SECTION_AT = _MARK_AT
DRAFTED_SECTION_AT = (P.Anchor(re.compile(r"\.(?=\s\d+\.\d)"), 2),)  # "ss." before the dot
RELATIVE_PART_AT = (
    P.Anchor(re.compile(r"sub(?=s?\.|ds?\.|division\s)")),
    P.Anchor(re.compile(r"par(?=s?\.)")),
    P.Anchor("Subdivision"),
)
FED_REG_AFTER = re.compile(r",\s*\d{1,3}\s+(?:Fed\.\s?Reg\.|Stat\.)")
# How far back the name of the act may end.
ACT_BEFORE_CHARS = 40

# --- state codes ----------------------------------------------------------------
_STATE_SHAPES = {
    "sec": r"(?P<code>{forms})\s*,?\s*(?:" + _MARK + r"\s*)?(?P<list>" + _LIST + r")" + _END,
    # Massachusetts sections have no dots ("§ 133A"): "§ 133A.4 In" ends a sentence at a footnote call.
    "ch": r"(?P<code>{forms})\s*c(?:h)?\.\s*(?P<chapter>\d+[A-Z]{0,2})\s*,\s*"
    + _MARK
    + r"\s*(?P<list>"
    + _LIST.replace(_SEC, r"\d+[A-Za-z]{0,3}(?:[-–]\d+[A-Za-z]?)?")
    + r")(?![\w\[])",
    # "720 ILCS 5/12-4(b)(1)"; CAP text prints the dash spaced ("5/12 — 4(b)(1)").
    "ilcs": r"(?P<chapter>\d+)\s+(?P<code>{forms})\s*(?P<act>\d+)\s*/\s*(?P<list>\d+[A-Za-z]?(?:(?:[.\-–]|\s[—–-]\s)\d+[A-Za-z]?)*"
    + _SUBS
    + r")"
    + _END,
    "title": r"(?P<chapter>\d+[A-Z]?(?:-[A-Z])?)\s+(?P<code>{forms})\s*(?:"
    + _MARK
    + r"\s*)?(?P<list>"
    + _LIST
    + r")"
    + _END,
    "title-tit": r"(?P<chapter>\d+[A-Z]?(?:-[A-Z])?)\s+(?P<code>{forms})\s*(?:"
    + _MARK
    + r"\s*)?(?P<list>"
    + _LIST
    + r")"
    + _END,
    "rule": r"(?P<code>{forms})\s*(?:[Rr]ule\s*)?(?P<list>" + _LIST + r")" + _END,
    "tit": r"(?P<code>{forms})\s*,?\s*tit\.\s*(?P<chapter>\d+[A-Z]?(?:-[A-Z])?)\s*,\s*"
    + _MARK
    + r"\s*(?P<list>"
    + _LIST
    + r")"
    + _END,
}


# Codes named by subject, with or without their state: "Penal Code section 1170",
# "Cal. Gov. Code § 12940(a)", "Welf. & Inst. Code, § 707", "Code Civ. Proc., § 425.16",
# "Penal Law § 125.25", "Section 304.001 of the Texas Finance Code". The subjects are
# those of :data:`SUBJECT_CODES`, longest first.
def _subjects_alternation() -> str:
    printed = {p for _, subjects in SUBJECT_CODES.values() for p in subjects}
    return "|".join(re.escape(p).replace(r"\ ", r"\s") for p in sorted(printed, key=len, reverse=True))


_STATE_WORD = r"(?:(?P<state>Cal(?:ifornia|\.)|Tex(?:as|\.)|N\.\s?Y\.|New\s+York)\s+)?"
SUBJECT_CODE = re.compile(
    r"(?<![\w.])"
    + _STATE_WORD
    + r"(?P<subject>"
    + _subjects_alternation()
    + r")\s+(?P<kind>Code|Law|Court\s+Act)\b(?:\s+Ann\.)?,?\s*"
    r"(?:"
    + _MARK
    + r"\s*)(?P<list>"
    + _LIST
    + r")"
    + _END
    + r"|\bCode\s+Civ\.\s?Proc\.,?\s*(?:"
    + _MARK
    + r"\s*)(?P<list2>"
    + _LIST
    + r")"
    + _END
)
SECTION_OF_CODE = re.compile(
    r"(?<![\w.\]])"
    + _MARK
    + r"\s*(?P<list>"
    + _LIST
    + r")\s+of\s+the\s+"
    + _STATE_WORD.replace("Cal(?:ifornia|\\.)", "California").replace("Tex(?:as|\\.)", "Texas")
    + r"(?P<subject>"
    + _subjects_alternation()
    + r")\s+(?P<kind>Code|Law)\b"
)
_SUBJECT_LENGTHS = sorted({len(p) for _, subjects in SUBJECT_CODES.values() for p in subjects})
_STATE_WORD_LENGTHS = (4, 5, 10)  # "Cal.", "Tex.", "N.Y.", "N. Y.", "Texas", "California" (and "New York")


def _subject_before(text: str, pos: int) -> list[tuple[int, int]]:
    """Where a subject and the state before it (``Cal. Penal``, ``Welf. & Inst.``) ending with a space at ``pos`` may start."""
    j = P.space_before(text, pos)
    if j == pos:
        return []
    out = []
    for p in (j - n for n in _SUBJECT_LENGTHS if n <= j):
        out.append((p, p))
        q = P.space_before(text, p)
        if q < p:
            out += [(q - n, q - n) for n in _STATE_WORD_LENGTHS if n <= q]
            r = P.space_before(text, q - 4) if text[q - 4 : q] == "York" else q
            if r < q - 4 and text[r - 3 : r] == "New":
                out.append((r - 3, r - 3))
    return out


SUBJECT_CODE_AT = (
    *(P.Anchor(re.compile(kind), _subject_before) for kind in (r"Code\b", r"Law\b", r"Court(?=\s+Act\b)")),
    P.Anchor(re.compile(r"Code(?=\s+Civ\.)")),
)
SECTION_OF_CODE_AT = tuple(a._replace(needs=("Code", "Law")) for a in _MARK_AT)


StatePattern = tuple[str, str, str, "tuple[P.Anchor, ...] | None", re.Pattern[str]]


@cache
def _state_patterns() -> tuple[StatePattern, ...]:
    """One compiled pattern per (state, code, shape) of :data:`STATE_CODES`, with the anchors it starts at.

    A pattern runs only where one of its literals occurs (the fixed start of
    each printed form: "G.", "ILCS", "Tenn"; ``None``: everywhere): most
    opinions cite the codes of one or two states, so most of the 55 patterns
    never run.
    """
    return tuple(
        (
            postal,
            code,
            shape,
            _state_anchors(forms, shape),
            re.compile(r"(?<![\w.])" + _STATE_SHAPES[shape].replace("{forms}", forms)),
        )
        for postal, code, shape, forms in STATE_CODES
    )


def _state_anchors(forms: str, shape: str) -> tuple[P.Anchor, ...] | None:
    """Where a state pattern may start: at the literal start of a form, or at the chapter number before it."""
    back: P.Back = _chapter_before if shape in ("title", "title-tit") else P.digits_then_space if shape == "ilcs" else 0
    needles: tuple[str | re.Pattern[str], ...] = _needles(forms)
    if not needles and forms.startswith("(?i:") and "|" not in forms:  # "(?i:Wis(?:consin)?...)"
        needles = tuple(re.compile(re.escape(n), re.IGNORECASE) for n in _needles(forms[4:]))
    return tuple(P.Anchor(n, back) for n in needles) if needles else None


def _chapter_before(text: str, pos: int) -> list[tuple[int, int]]:
    """Where a chapter (``\\d+[A-Z]?(?:-[A-Z])?``) and the space after it ending at ``pos`` may start."""
    j = P.space_before(text, pos)
    k = j
    while k > 0 and (text[k - 1].isdecimal() or "A" <= text[k - 1] <= "Z" or text[k - 1] == "-"):
        k -= 1
    return [(k, j - 1)] if k < j < pos else []


def _needles(forms: str) -> tuple[str, ...]:
    """The literal start of each alternative of ``forms`` (empty: one has none)."""
    out = []
    for alternative in re.split(r"\|(?![^()]*\))", forms):
        literal = ""
        k = 0
        while k < len(alternative):
            ch = alternative[k]
            if ch == "\\" and k + 1 < len(alternative) and alternative[k + 1] in ".&'-":
                literal += alternative[k + 1]
                k += 2
                continue
            if ch in "?*{":  # the character before is optional
                literal = literal[:-1]
                break
            if ch in "\\([+|^$":
                break
            literal += ch
            k += 1
        if not literal:
            return ()
        out.append(literal)
    return tuple(out)


# --- rules ------------------------------------------------------------------------
_RULE_NUM = r"(?P<num>\d+(?:\.\d+)*[A-Z]?)(?P<sub>(?:\s?" + _SUBSEC + r")?(?:" + _SUBSEC + r")*)"
RULE = re.compile(r"Fed\.\s?R\.\s?(?P<set>Civ|Crim|App|Bankr|Evid)\.\s?(?:P\.)?\s*" + _RULE_NUM)
RULE_TEXT = re.compile(
    r"Federal\s+Rules?\s+of\s+(?:(?P<set>Civil|Criminal|Appellate|Bankruptcy)\s+Procedure|(?P<set2>Evidence))\s+"
    + _RULE_NUM
    + r"|[Rr]ules?\s+"
    + _RULE_NUM.replace("num>", "num3>").replace("sub>", "sub3>")
    + r"\s+of\s+the\s+Federal\s+Rules\s+of\s+(?:(?P<set3>Civil|Criminal|Appellate|Bankruptcy)\s+Procedure|(?P<set4>Evidence))"
)
RULE_SETS = {
    "civ": "Fed. R. Civ. P.", "civil": "Fed. R. Civ. P.", "crim": "Fed. R. Crim. P.", "criminal": "Fed. R. Crim. P.",
    "app": "Fed. R. App. P.", "appellate": "Fed. R. App. P.", "bankr": "Fed. R. Bankr. P.",
    "bankruptcy": "Fed. R. Bankr. P.", "evid": "Fed. R. Evid.", "evidence": "Fed. R. Evid.",
}  # fmt: skip
# State rules in Bluebook form: "Tenn. R. App. P. 9(a)", "Mass. R. Crim. P. 28(b)",
# "Tex. R. Evid. 403", "Ill. S. Ct. R. 615(a)", "Ind. App. R. 63(A)", "Cal. R. Ct. 8.204".
_STATE_RULE_KIND = (
    r"(?P<kind>(?:Civ|Crim|App|Juv|Prob|Fam|Traffic)\.\s?P\.|Evid\.|S\.\s?Ct\.|App\.|Ct\.|Prof'?l\s+Conduct)"
)
STATE_RULE = re.compile(
    r"\b(?P<state>(?:[A-Z][a-z]{0,4}\.\s?){1,3}?)R\.\s?" + _STATE_RULE_KIND + r"\s*(?:R\.\s*)?" + _RULE_NUM
)
# "Tennessee Rule(s) of Appellate Procedure 9(b)", "Rule 9 of the Tennessee Rules of
# Appellate Procedure", "Ind. Appellate Rule 63(A)", "Rule 27 of the Rules of Appellate Procedure".
_RULE_KIND_WORDS = r"(?P<kwords>Civil\s+Procedure|Criminal\s+Procedure|Appellate\s+Procedure|Evidence|Juvenile\s+Procedure|Professional\s+Conduct)"
STATE_RULE_TEXT = re.compile(
    r"\b(?P<state>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+Rules?\s+of\s+"
    + _RULE_KIND_WORDS
    + r"\s+"
    + _RULE_NUM
    + r"|\b[Rr]ules?\s+"
    + _RULE_NUM.replace("num>", "num2>").replace("sub>", "sub2>")
    + r"\s+of\s+the\s+(?:(?P<state2>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+)?Rules\s+of\s+"
    + _RULE_KIND_WORDS.replace("kwords", "kwords2")
    + r"|\b(?P<state3>Ind(?:iana|\.))\s+(?P<kwords3>Appellate|Evidence|Trial|Criminal|Tax\s+Court)\s+Rule\s+"
    + _RULE_NUM.replace("num>", "num4>").replace("sub>", "sub4>")
)
# South Carolina names its rules after the number: "Rule 6(b), SCRCrimP".
SC_RULE = re.compile(r"\b[Rr]ule\s+" + _RULE_NUM + r",\s+(?P<set>SCRCrimP|SCRCP|SCACR|SCRE|SCRFC|SCRPC|SCRMag)\b")
# Illinois prints its Supreme Court Rules in the Ill. 2d reporter: "134 Ill. 2d R. 615(a)".
ILL_RULE = re.compile(
    r"\b\d+\s+Ill\.\s?2d\s+R\.\s*"
    + _RULE_NUM
    + r"|\bIll\.\s?S\.\s?Ct\.\s?R\.\s*"
    + _RULE_NUM.replace("num>", "num2>").replace("sub>", "sub2>")
)
# Ohio: "App.R. 12(A)", "Civ.R. 56(C)", "Crim.R. 11", "Evid.R. 403".
OHIO_RULE = re.compile(r"\b(?P<kind>App|Civ|Crim|Evid|Juv)\.\s?R\.\s*" + _RULE_NUM)
CIRCUIT_RULE = re.compile(
    r"\b(?P<circ>First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|D\.C\.|Federal|Fed\."
    r"|1st|2d|3d|[4-9]th|1[01]th)\s+Cir(?:cuit|\.)\s+(?:Local\s+)?(?:Rule|R\.)\s+(?P<num>\d+(?:[-.]\d+)*)(?P<sub>"
    + P.SUBSEC_SEQ
    + r")"
)
TAX_COURT_RULE = re.compile(r"\bTax\s+(?:Court|Ct\.)\s+(?:Rule|R\.)\s+" + _RULE_NUM)
SUPREME_COURT_RULE = re.compile(
    r"\b(?:(?:Sup|SUP)\.\s?(?:Ct|CT)\.\s?R\.|(?:this\s+Court['’]s|Supreme\s+Court)\s+Rule)\s+" + _RULE_NUM
)
BARE_RULE = re.compile(
    r"(?<!Local )(?<!Court )(?<!Circuit )(?<!Cir\. )(?<![\w.])[Rr]ules?\s+" + _RULE_NUM + r"(?![\w-])"
    r"|(?<![\w.(])(?P<num2>\d{1,2})(?P<sub2>\([a-z]\)\(\d\))(?=\s+motion)"
)
_RULE_AT = (P.Anchor("Rule"), P.Anchor("rule"))
RULE_TEXT_AT = (P.Anchor("Federal"), *(a._replace(needs=("Federal",)) for a in _RULE_AT))
# "Tenn. R. App. P.": a state of at most three abbreviated words, each at most seven characters.
STATE_RULE_AT = (P.Anchor(re.compile(r"R\.(?=\s?" + _STATE_RULE_KIND + ")"), 21),)


def _capitalised_before(text: str, pos: int) -> list[tuple[int, int]]:
    """Where one or two capitalised words (``Tennessee``, ``New Mexico``) and a space ending at ``pos`` may start."""
    out: list[tuple[int, int]] = []
    end = P.space_before(text, pos)
    if end == pos:
        return out
    for _ in range(2):
        k = end
        while k > 0 and "a" <= text[k - 1] <= "z":
            k -= 1
        if k == end or k == 0 or not "A" <= text[k - 1] <= "Z":
            break
        out.append((k - 1, k - 1))
        end = k - 2
        if end < 1 or not text[end].isspace():
            break
    return out


STATE_RULE_TEXT_AT = (P.Anchor("Rule", _capitalised_before), *_RULE_AT, P.Anchor("Ind"))
SC_RULE_AT = tuple(a._replace(needs=("SC",)) for a in _RULE_AT)
ILL_RULE_AT = (P.Anchor("Ill.", P.digits_then_space), P.Anchor("Ill."))
OHIO_RULE_AT = (P.Anchor(re.compile(r"R\.(?=\s*\d)"), 6),)  # "Crim.R." / "Evid. R."


def _circuit_before(text: str, pos: int) -> list[tuple[int, int]]:
    """Where a circuit's name and a space ending at ``pos`` may start: "Eleventh", the longest, has 8 characters."""
    j = P.space_before(text, pos)
    return [(max(0, j - 8), j - 1)] if j < pos else []


CIRCUIT_RULE_AT = (P.Anchor(re.compile(r"Cir(?=(?:cuit|\.)\s+(?:Local\s+)?(?:Rule|R\.))"), _circuit_before),)
TAX_COURT_RULE_AT = (P.Anchor(re.compile(r"Tax(?=\s+(?:Court|Ct\.))")),)
SUPREME_COURT_RULE_AT = (
    P.Anchor("Sup."),
    P.Anchor("SUP."),
    P.Anchor(re.compile(r"this(?=\s+Court['’]s\s+Rule)")),
    P.Anchor(re.compile(r"Supreme(?=\s+Court\s+Rule)")),
)
BARE_RULE_AT = (*_RULE_AT, P.Anchor(re.compile(r"\((?=[a-z]\)\(\d\)\s+motion)"), 2))

# --- constitutions -----------------------------------------------------------------
_ART = r"[IVXLC]+|\d+"
CONSTITUTION = re.compile(
    r"U\.\s?S\.\s?Const\.,?\s*(?:art\.\s*(?P<art>[IVX]+)(?:,\s*§\s*(?P<asec>\d+))?(?:,\s*cl\.\s*(?P<cl>\d+))?"
    r"|amend\.\s*(?P<amend>[IVXL]+)(?:,\s*§\s*(?P<msec>\d+))?)"
)
# "Article III of the Constitution", "art. I, § 9, of the United States Constitution".
CONSTITUTION_TEXT = re.compile(
    r"\b[Aa]rt(?:icle|\.)\s*(?P<art>[IVX]+)(?:,\s*(?:§|[Ss]ection)\s*(?P<asec>\d+))?(?:,\s*cl(?:ause|\.)\s*(?P<cl>\d+))?"
    r",?\s+of\s+the\s+(?:United\s+States\s+|U\.\s?S\.\s+|Federal\s+)?Constitution\b(?!\s+of\s+(?!the\s+United))"
)
# State constitutions: "Cal. Const., art. I, § 7", "Ind. Const. art. 10, §§ 1(c)(4), (f)(1)".
STATE_CONSTITUTION = re.compile(
    r"\b(?P<state>(?:[A-Z][a-z]{0,4}\.\s?){1,3}?)Const\.,?\s*(?:pt\.\s*(?P<pt>\d+|[IV]+),?\s*)?art\.?\s*(?P<art>"
    + _ART
    + r")"
    r"(?:,?\s*(?:§§?|[Ss]ec(?:tion|\.)?)\s*(?P<list>" + _LIST + r"))?"
)
# "Article 10, Section 1 of the Indiana Constitution", "article VI, section 6 of the
# California Constitution", "art. 26 of the Massachusetts Declaration of Rights".
STATE_CONSTITUTION_TEXT = re.compile(
    r"\b[Aa]rt(?:icle|\.)\s*(?P<art>" + _ART + r")(?:,?\s*(?:§|[Ss]ection)\s*(?P<list>" + _LIST + r"))?,?\s+of\s+the\s+"
    r"(?P<state>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?P<doc>Constitution|Declaration\s+of\s+Rights)\b"
)
BARE_ARTICLE = re.compile(
    r"(?<![\w.])[Aa]rt(?:icle|\.)\s*(?P<art>" + _ART + r")\b(?:,?\s*(?:§|[Ss]ection)\s*(?P<list>" + _LIST + r"))?"
)
AMENDMENT_TEXT = P.AMENDMENT_TEXT
AMENDMENT_FULL = re.compile(
    r"\b(?P<ord>"
    + "|".join(P.ORDINALS)
    + r")\s+Amendment\s+(?:to|of)\s+the\s+(?:United\s+States\s+|U\.\s?S\.\s+|Federal\s+)?Constitution\b",
    re.IGNORECASE,
)
_ORDINAL_LENGTHS = sorted({len(o) for o in P.ORDINALS})


def _ordinal_before(text: str, pos: int) -> list[tuple[int, int]]:
    """Where an ordinal (``Fourth``, ``Twenty-First``) and a space ending at ``pos`` may start."""
    j = P.space_before(text, pos)
    return [(j - n, j - n) for n in _ORDINAL_LENGTHS if n <= j] if j < pos else []


AMENDMENT_AT = (P.Anchor(re.compile("amendment", re.IGNORECASE), _ordinal_before),)
STATE_CONSTITUTION_AT = (P.Anchor("Const.", 21),)  # as STATE_RULE_AT
_ARTICLE_AT = (P.Anchor("Art"), P.Anchor("art"))


def provision_items(text: str) -> list[Cite]:
    """Every provision citation of ``text`` (cleaned), in no particular order; overlaps are settled by the caller."""
    scan = P.Scan(text, _triggers())
    return [
        *_federal_items(scan),
        *_state_code_items(scan),
        *_rule_items(scan),
        *_constitution_items(scan),
        *_bare_items(scan),
    ]


def anchored_patterns() -> list[tuple[re.Pattern[str], tuple[P.Anchor, ...]]]:
    """Each provision pattern run by an anchored scan, with its anchors (the tests compare it with a full scan)."""
    g = globals()
    pairs = [(g[name[:-3]], g[name]) for name in g if name.endswith("_AT") and isinstance(g.get(name[:-3]), re.Pattern)]
    pairs += [(g[name], _ARTICLE_AT) for name in ("CONSTITUTION_TEXT", "STATE_CONSTITUTION_TEXT", "BARE_ARTICLE")]
    pairs += [(AMENDMENT_TEXT, AMENDMENT_AT), (AMENDMENT_FULL, AMENDMENT_AT)]
    pairs += [(pattern, anchors) for *_, anchors, pattern in _state_patterns() if anchors is not None]
    return pairs


@cache
def _triggers() -> P.Triggers:
    """Every literal the provision patterns are anchored on."""
    return P.Triggers(tuple(a.trigger for _, anchors in anchored_patterns() for a in anchors))


# --- federal -------------------------------------------------------------------------


def _federal_items(scan: P.Scan) -> list[Cite]:
    items: list[Cite] = []
    for m in scan.finditer(USC, USC_AT):
        items += section_list(m, "statute", f"{m.group('title')} U.S.C.")
    for m in scan.finditer(CFR, CFR_AT):
        items += section_list(m, "regulation", f"{m.group('title')} C.F.R.")
    for m in scan.finditer(INA, INA_AT):
        for item in section_list(m, "statute", None):
            item.ina = True
            apply_ina(item)
            items.append(item)
    for m in scan.finditer(MASS_SESSION_LAW, MASS_SESSION_LAW_AT):
        base = f"{m.group('year')} Mass. Acts ch. {m.group('chapter')}"
        if m.group("list"):
            items += section_list(m, "statute", base + ",")
        else:
            items.append(Cite("statute", "full", m.start(), m.end(), key=base, code=base))
    for m in scan.finditer(IRC, IRC_AT):
        items += section_list(m, "statute", "26 U.S.C.")
    for m in scan.finditer(TREAS_REG, TREAS_REG_AT):
        items += section_list(m, "regulation", "Treas. Reg.", group="list" if m.group("list") else "list2")
    for m in scan.finditer(USSG, USSG_AT):
        items.append(_guideline(m, "full"))
    return items


def _guideline(m: re.Match[str], form: str) -> Cite:
    sub = _tidy_sub(m.group("sub"))
    base = f"U.S.S.G. § {m.group('sec')}"
    key = base + sub + (f" cmt. n.{m.group('note')}" if m.group("note") else "")
    item = Cite("rule", form, m.start(), m.end(), key=key, code="U.S.S.G.")
    item.section, item.subsections = m.group("sec"), sub
    item.parent_key = base if key != base else None
    return item


def section_list(m: re.Match[str], kind: str | None, code: str | None, *, group: str = "list") -> list[Cite]:
    """One Cite per section in ``§§ 251, 557``; the first spans the code too.

    A section printed from its predecessor's stem (Texas: ``§§ 9.001(a), .010(b)``)
    takes that stem.
    """
    out: list[Cite] = []
    list_start = m.start(group)
    stem = ""
    previous_sub = ""
    for i, s in enumerate(ITEM.finditer(m.group(group))):
        if s.group("only"):
            if not out:
                continue
            sub = inherit_subsections(previous_sub, s.group("only"))
            section = out[-1].section or ""
            item = Cite(kind or "statute", "full", list_start + s.start(), list_start + s.end(), code=code)
            item.section, item.subsections = section, sub
            if code:
                item.key = f"{code} § {section}{sub}"
                item.parent_key = f"{code} § {section}"
            out.append(item)
            previous_sub = sub
            continue
        section = s.group("sec")
        if section.startswith("."):
            if not stem:
                continue
            section = stem + section
        else:
            stem = section.split(".")[0] if "." in section else ""
        sub = _tidy_sub(s.group("sub"))
        start = m.start() if i == 0 else list_start + s.start()
        end = list_start + s.end()
        if i == 0 and "ina" in m.re.groupindex and m.group("ina"):
            end = m.end()
        item = Cite(kind or "statute", "full", start, end, code=code)
        item.section, item.subsections = section, sub
        if code:
            item.key = f"{code} § {section}{sub}"
            item.parent_key = f"{code} § {section}" if sub else None
        out.append(item)
        previous_sub = sub
    _ranges_and_et_seq(m, out, group)
    return out


_PLURAL_MARK = re.compile(r"§§|[Ss]ec(?:tions|s\.)")
_RANGE = re.compile(r"\d+[A-Za-z]?[-–]\d+[A-Za-z]?")
_ET_SEQ = re.compile(r"\s*et\s+seq\.")


def _ranges_and_et_seq(m: re.Match[str], out: list[Cite], group: str) -> None:
    """``Secs. 950-952`` is the range ``§§ 950-952``; ``§ 301 et seq.`` keeps its ``et seq.``."""
    if len(out) != 1 or not out[0].key:
        return
    item, key = out[0], out[0].key
    mark = _PLURAL_MARK.search(m.string, m.start(), m.start(group))
    if mark and _RANGE.fullmatch(item.section or "") and not item.subsections:
        key = key.replace(" § ", " §§ ").replace("–", "-")
    seq = _ET_SEQ.match(m.string, m.end())
    if seq:
        key += " et seq."
        item.core_end = item.end = seq.end()
    item.key = key


def _paren_class(token: str) -> str:
    inner = token.strip("()")
    if inner.isdigit():
        return "digit"
    if re.fullmatch(r"[ivx]+", inner) and len(inner) > 1:
        return "roman"
    return "lower" if inner.islower() else "upper"


def inherit_subsections(previous: str, only: str) -> str:
    """``(a)(1)`` then ``(2)`` -> ``(a)(2)``; ``(c)(4)`` then ``(f)(1)`` -> ``(f)(1)``.

    The new subsections replace the previous ones from the level of their first
    (the last earlier parenthesis of the same kind: letter, number, capital).
    """
    tokens = _PAREN.findall(previous)
    first = _PAREN.findall(only)
    wanted = _paren_class(first[0]) if first else ""
    for k in range(len(tokens) - 1, -1, -1):
        if _paren_class(tokens[k]) == wanted:
            return "".join(tokens[:k]) + only
    return previous + only


def _tidy_sub(sub: str | None) -> str:
    """``, subd. (d)(2)`` -> ``(d)(2)``; ``(b) - (d)`` -> ``(b)-(d)``; ``(b) through (d)`` -> ``(b)-(d)``.

    A numbered subdivision keeps its word, as Minnesota cites it: ``, subd. 7``.
    """
    sub = sub or ""
    numbered = re.match(r"^,?\s*subds?\.\s*(\d+[a-z]?)$", sub)
    if numbered:
        return f", subd. {numbered.group(1)}"
    sub = re.sub(r"^,?\s*subd(?:ivision)?s?\.?\s*", "", sub)
    sub = re.sub(r"\s*(?:through|to|–)\s*", "-", sub)
    return re.sub(r"\s+", "", sub)


def apply_ina(item: Cite) -> None:
    """Re-key an INA section as its 8 U.S.C. codification, when known.

    Opinions often write the U.S.C. number with the INA's name ("section
    1252(g) of the INA"); a number that is itself an 8 U.S.C. section is kept.
    """
    usc = INA_TO_USC.get(item.section or "")
    if usc is None and item.section in _USC_SECTIONS_OF_INA:
        usc = item.section
    if usc:
        item.code = "8 U.S.C."
        item.key = f"8 U.S.C. § {usc}{item.subsections}"
        item.parent_key = f"8 U.S.C. § {usc}" if item.subsections else None
        item.section = usc
    else:
        item.key = f"INA § {item.section}{item.subsections}"


# --- state codes --------------------------------------------------------------------


def _state_code_items(scan: P.Scan) -> list[Cite]:
    text = scan.text
    items: list[Cite] = []
    for _postal, code, shape, anchors, pattern in _state_patterns():
        for m in pattern.finditer(text) if anchors is None else scan.finditer(pattern, anchors):
            g = m.groupdict()
            if shape == "ilcs":
                items.append(_ilcs(m, code))
                continue
            base = {
                "sec": code,
                "rule": code,
                "ch": f"{code} ch. {g.get('chapter')},",
                "title": f"{g.get('chapter')} {code}",
                "tit": f"{code} tit. {g.get('chapter')},",
                "title-tit": f"{code} tit. {g.get('chapter')},",
            }[shape]
            found = section_list(m, "statute", base)
            if shape == "rule":  # "N.Y. C.P.L.R. 3211(a)(7)": no section sign
                for item in found:
                    item.key = (item.key or "").replace(" § ", " ")
                    item.parent_key = item.parent_key.replace(" § ", " ") if item.parent_key else None
            items += found
    for m in scan.finditer(SUBJECT_CODE, SUBJECT_CODE_AT):
        items += _subject_code(m, "list" if m.group("list") else "list2")
    for m in scan.finditer(SECTION_OF_CODE, SECTION_OF_CODE_AT):
        items += _subject_code(m, "list")
    return items


def _ilcs(m: re.Match[str], code: str) -> Cite:
    """``720 ILCS 5/12-4(b)(1)`` -> ``720 Ill. Comp. Stat. 5/12-4(b)(1)``."""
    printed = m.group("list")
    sub_at = printed.find("(")
    section = re.sub(r"\s*[—–]\s*|\s+-\s+", "-", printed[: sub_at if sub_at >= 0 else len(printed)]).strip()
    sub = _tidy_sub(printed[sub_at:]) if sub_at >= 0 else ""
    base = f"{m.group('chapter')} {code} {m.group('act')}/"
    item = Cite("statute", "full", m.start(), m.end(), code=base)
    item.section, item.subsections = section, sub
    item.key = f"{base}{section}{sub}"
    item.parent_key = f"{base}{section}" if sub else None
    return item


def _subject_code(m: re.Match[str], group: str) -> list[Cite]:
    """A code named by subject; its state from the text, else left to resolve (``Cite.subject``)."""
    groups = m.groupdict()
    if group == "list2":
        subject, kind, state = "Civ. Proc.", "Code", None
    else:
        subject = re.sub(r"\s+", " ", (groups.get("subject") or "")).strip().rstrip(",")
        kind, state = groups.get("kind") or "Code", groups.get("state")
    postal = _postal(state)
    out = []
    for item in section_list(m, "statute", None, group=group):
        key = subject_code_key(postal, subject, kind) if postal else None
        if postal and not key:
            continue  # "Texas Appellate Code": no such subject
        item.subject = f"{subject} {kind}".strip() if not postal else None
        if key:
            item.code = key
            item.key = f"{key} § {item.section}{item.subsections}"
            item.parent_key = f"{key} § {item.section}" if item.subsections else None
        if item.subject and not _known_subject(subject, kind):
            continue
        out.append(item)
    return out


def _postal(state: str | None) -> str | None:
    if not state:
        return None
    s = state.replace(" ", "").replace(".", "").lower()
    return {"cal": "ca", "california": "ca", "tex": "tx", "texas": "tx", "ny": "ny", "newyork": "ny"}.get(s)


def subject_code_key(postal: str, subject: str, kind: str = "Code") -> str | None:
    """The Bluebook name of a state's code by subject (``ca``, ``Penal`` -> ``Cal. Penal Code``)."""
    if postal not in SUBJECT_CODES:
        return None
    template, subjects = SUBJECT_CODES[postal]
    printed = re.sub(r"\s+", " ", subject).strip()
    if postal == "tx" and printed == "Code Crim. Proc.":
        return "Tex. Code Crim. Proc. Ann."
    if postal == "ny" and kind == "Court Act":
        printed = f"{printed} Court Act"
    bluebook = subjects.get(printed) or subjects.get(printed.replace(" and ", " & "))
    return template.format(subject=bluebook) if bluebook else None


def _known_subject(subject: str, kind: str) -> bool:
    return any(subject_code_key(postal, subject, kind) for postal in SUBJECT_CODES) or subject == "Code Civ. Proc."


# --- rules ---------------------------------------------------------------------------


def _rule_items(scan: P.Scan) -> list[Cite]:
    text = scan.text
    items: list[Cite] = []
    for m in RULE.finditer(text):
        items.append(_rule(m, RULE_SETS[m.group("set").lower()], "full"))
    for m in scan.finditer(RULE_TEXT, RULE_TEXT_AT):
        name = (m.group("set") or m.group("set2") or m.group("set3") or m.group("set4")).lower()
        items.append(_rule(m, RULE_SETS[name], "full", "" if m.group("num") else "3"))
    for m in scan.finditer(STATE_RULE, STATE_RULE_AT):
        kind = re.sub(r"\s+", " ", m.group("kind")).replace("P.", "P.").strip()
        kind = re.sub(r"(?<=\.)(?=[A-Z])", " ", kind)
        state = re.sub(r"(?<=\.)(?=[A-Z])", " ", m.group("state").strip())
        if state in ("Fed.", "U.S.") or not _is_state_abbreviation(state):
            continue
        items.append(_rule(m, f"{state} R. {kind}", "full"))
    for m in scan.finditer(STATE_RULE_TEXT, STATE_RULE_TEXT_AT):
        item = _state_rule_text(m)
        if item:
            items.append(item)
    for m in scan.finditer(SC_RULE, SC_RULE_AT):
        sets = {
            "SCRCrimP": "S.C. R. Crim. P.",
            "SCRCP": "S.C. R. Civ. P.",
            "SCACR": "S.C. App. Ct. R.",
            "SCRE": "S.C. R. Evid.",
        }
        items.append(_rule(m, sets.get(m.group("set"), m.group("set")), "full"))
    for m in scan.finditer(ILL_RULE, ILL_RULE_AT):
        items.append(_rule(m, "Ill. S. Ct. R.", "full", "" if m.group("num") else "2"))
    for m in scan.finditer(OHIO_RULE, OHIO_RULE_AT):
        kinds = {"App": "App. P.", "Civ": "Civ. P.", "Crim": "Crim. P.", "Evid": "Evid.", "Juv": "Juv. P."}
        items.append(_rule(m, f"Ohio R. {kinds[m.group('kind')]}", "full"))
    for m in scan.finditer(CIRCUIT_RULE, CIRCUIT_RULE_AT):
        circuit = CIRCUIT_ORDINALS.get(m.group("circ").lower().rstrip("."), m.group("circ"))
        name = "Fed. Cir. R." if circuit.startswith("Fed") else f"{circuit} Cir. R."
        items.append(_rule(m, name, "full"))
    for m in scan.finditer(TAX_COURT_RULE, TAX_COURT_RULE_AT):
        items.append(_rule(m, "Tax Ct. R.", "full"))
    for m in scan.finditer(SUPREME_COURT_RULE, SUPREME_COURT_RULE_AT):
        items.append(_rule(m, "Sup. Ct. R.", "full"))
    for m in scan.finditer(BARE_RULE, BARE_RULE_AT):
        items.append(_rule(m, None, "bare", "" if m.group("num") else "2"))
    return items + [
        more for item in items if item.form == "full" and item.code for more in _more_rule_subsections(text, item)
    ]


def _more_rule_subsections(text: str, item: Cite) -> list[Cite]:
    """``Tenn. R. App. P. 9(a)(1), (2), and (3)``: one rule reference per subsection."""
    out = []
    pos, sub = item.core_end, item.subsections
    while (m := MORE_SUBSECTIONS.match(text, pos)) is not None:
        sub = inherit_subsections(sub, m.group("only"))
        more = Cite("rule", "full", m.start("only"), m.end(), code=item.code)
        more.section, more.subsections = item.section, sub
        more.key = f"{item.code} {item.section}{sub}"
        more.parent_key = f"{item.code} {item.section}"
        out.append(more)
        pos = m.end()
    return out


@cache
def _state_names() -> dict[str, str]:
    """Bluebook T10 abbreviation and full name of each state -> the abbreviation."""
    from kb.abbreviations import t10_states

    out = {}
    for name, abbrev in t10_states().items():
        out[name] = abbrev
        out[abbrev] = abbrev
        out[abbrev.replace(" ", "")] = abbrev
    return out


def state_rule_set(postal: str, kind: str) -> str | None:
    """A state's rule set by kind (``tn``, ``R. App. P.`` -> ``Tenn. R. App. P.``)."""
    from kb.tables import POSTAL_STATES

    state = _state_names().get(POSTAL_STATES.get(postal, ""))
    return f"{state} {kind}" if state else None


def _is_state_abbreviation(state: str) -> bool:
    return state in _state_names()


_KIND_WORDS = {
    "civil procedure": "Civ. P.",
    "criminal procedure": "Crim. P.",
    "appellate procedure": "App. P.",
    "evidence": "Evid.",
    "juvenile procedure": "Juv. P.",
    "professional conduct": "Prof'l Conduct",
}


def _state_rule_text(m: re.Match[str]) -> Cite | None:
    g = m.groupdict()
    if g.get("kwords3"):
        state = _state_names().get("Indiana")
        word = g["kwords3"].lower()
        kind = {"appellate": "App. R.", "evidence": "Evid. R.", "trial": "Trial R.", "criminal": "Crim. R."}.get(word)
        return _rule(m, f"{state} {kind}", "full", "4") if kind else None
    suffix = "" if g.get("num") else "2"
    state_word = g.get("state") if not suffix else g.get("state2")
    words = (g.get("kwords") if not suffix else g.get("kwords2")) or ""
    kind = _KIND_WORDS.get(re.sub(r"\s+", " ", words).lower())
    if not kind:
        return None
    if state_word in (None, "Federal"):
        if state_word == "Federal":
            return None  # the federal forms are RULE_TEXT's
        item = _rule(m, None, "full", suffix)
        item.subject = f"R. {kind}"  # the opinion's own state's rules: resolve names the state
        return item
    state = _state_names().get(state_word)
    return _rule(m, f"{state} R. {kind}", "full", suffix) if state else None


def _rule(m: re.Match[str], rule_set: str | None, form: str, suffix: str = "") -> Cite:
    groups = m.groupdict()
    num = groups.get(f"num{suffix}") or groups.get("num") or ""
    sub = re.sub(r"\s+", "", groups.get(f"sub{suffix}") or groups.get("sub") or "")
    item = Cite("rule", form, m.start(), m.end(), code=rule_set)
    item.section, item.subsections = num, sub
    if rule_set:
        item.key = f"{rule_set} {num}{sub}"
        item.parent_key = f"{rule_set} {num}" if sub else None
    return item


# --- constitutions -----------------------------------------------------------------


def _constitution_items(scan: P.Scan) -> list[Cite]:
    text = scan.text
    items: list[Cite] = []
    if "Const" in text:
        for m in CONSTITUTION.finditer(text):
            items.append(_us_constitution(m))
        for m in scan.finditer(STATE_CONSTITUTION, STATE_CONSTITUTION_AT):
            items += _state_constitution(m, m.group("state"))
    if "onstitution" in text:
        for m in scan.finditer(CONSTITUTION_TEXT, _ARTICLE_AT):
            items.append(_us_constitution(m))
        for m in scan.finditer(AMENDMENT_FULL, AMENDMENT_AT):
            number = P.ORDINAL_NUMBER[m.group("ord").lower()]
            items.append(Cite("constitution", "full", m.start(), m.end(), key=f"U.S. Const. amend. {roman(number)}"))
    if "Constitution" in text or "Declaration" in text:
        for m in scan.finditer(STATE_CONSTITUTION_TEXT, _ARTICLE_AT):
            state = m.group("state")
            if state in ("United States", "Federal", "U.S."):
                continue
            items += _state_constitution(m, state, rights=m.group("doc").startswith("Declaration"))
    for m in scan.finditer(AMENDMENT_TEXT, AMENDMENT_AT):
        number = P.ORDINAL_NUMBER[m.group("ord").lower()]
        items.append(Cite("constitution", "bare", m.start(), m.end(), key=f"U.S. Const. amend. {roman(number)}"))
    for m in scan.finditer(BARE_ARTICLE, _ARTICLE_AT):
        item = Cite("constitution", "bare", m.start(), m.end())
        item.section = m.group("art")
        item.subsections = _constitution_sections(m)
        items.append(item)
    return items


def _us_constitution(m: re.Match[str]) -> Cite:
    g = m.groupdict()
    if g.get("amend"):
        base = f"U.S. Const. amend. {g['amend']}"
        key = base + (f", § {g['msec']}" if g.get("msec") else "")
    else:
        base = f"U.S. Const. art. {g['art']}"
        key = base + (f", § {g['asec']}" if g.get("asec") else "")
        key += f", cl. {g['cl']}" if g.get("cl") else ""
    item = Cite("constitution", "full", m.start(), m.end(), key=key)
    item.parent_key = base if key != base else None
    return item


def _state_constitution(m: re.Match[str], state_word: str, *, rights: bool = False) -> list[Cite]:
    state_word = state_word.strip()
    state = _state_names().get(state_word) or _state_names().get(state_word.replace(" ", ""))
    if not state:
        return []
    g = m.groupdict()
    part = g.get("pt") or ("1" if rights else None)  # the Declaration of Rights is part 1
    base = f"{state} Const. " + (f"pt. {part}, " if part else "") + f"art. {g['art']}"
    sections = list(ITEM.finditer(g["list"])) if g.get("list") else []
    if not sections:
        item = Cite("constitution", "full", m.start(), m.end(), key=base, code=base)
        item.section = g["art"]
        return [item]
    out: list[Cite] = []
    section, sub = "", ""
    for i, s in enumerate(sections):
        if s.group("only"):
            sub = inherit_subsections(sub, s.group("only"))
        else:
            section, sub = s.group("sec"), _tidy_sub(s.group("sub"))
        key = f"{base}, § {section}{sub}"
        start = m.start() if i == 0 else m.start("list") + s.start()
        item = Cite(
            "constitution",
            "full",
            start,
            m.end() if i == len(sections) - 1 else m.start("list") + s.end(),
            key=key,
            code=base,
        )
        item.section, item.subsections = g["art"], f"{section}{sub}"
        item.parent_key = f"{base}, § {section}" if sub else base
        out.append(item)
    return out


def _constitution_sections(m: re.Match[str]) -> str:
    return _tidy_sub(m.group("list")) if m.group("list") else ""


def roman(n: int) -> str:
    """Roman numerals, for amendment numbers (``14`` -> ``XIV``)."""
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out


# --- bare sections ---------------------------------------------------------------------


def _bare_items(scan: P.Scan) -> list[Cite]:
    text = scan.text
    items: list[Cite] = []
    for m in BARE_GUIDELINE.finditer(text):
        items.append(_guideline(m, "bare"))
    for m in scan.finditer(BARE_SECTION, BARE_SECTION_AT):
        act = (
            OF_AN_ACT.match(text, m.end())
            or ACT_BEFORE.search(text, max(0, m.start() - ACT_BEFORE_CHARS), m.start())
            or FED_REG_AFTER.match(text, m.end())
            if not m.group("ina")
            else None
        )
        for item in section_list(m, None, None):
            item.form = "bare"
            if m.group("ina"):
                item.ina = True
                item.kind = "statute"
                apply_ina(item)
            elif act:
                item.of_act = True
            items.append(item)
    for m in scan.finditer(DRAFTED_SECTION, DRAFTED_SECTION_AT):
        for item in section_list(m, None, None):
            item.form = "bare"
            items.append(item)
    for m in scan.finditer(RELATIVE_PART, RELATIVE_PART_AT):
        item = Cite("statute", "bare", m.start(), m.end())
        item.relative = re.sub(r"\s", "", m.group("sub") or m.group("par") or m.group("subd") or m.group("deep"))
        items.append(item)
    return items
