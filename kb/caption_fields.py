"""The single fields of a caption, each read from one cell of text: dates, dockets, citations, judge lines.

Helpers of :mod:`kb.caption`; pure functions, every regex anchored or bounded.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

# A signature date ("Dated at New Haven, Connecticut: October 17, 2008.") is
# in the last lines of a district court's order; this much of the end is read.
TAIL_CHARS = 2_000
# "Filed 10/4/96": two-digit years below this are 20xx, the rest 19xx.
TWO_DIGIT_YEAR_PIVOT = 50

# --- dates ----------------------------------------------------------------------

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"(?=[A-Z])(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_DATE = re.compile(
    rf"\b(?P<mon>{_MONTH})\.?\s{{1,3}}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s{{1,3}}(?P<year>{_YEAR})\b"
    rf"|\b(?P<oday>\d{{1,2}})(?:st|nd|rd|th)\s{{1,3}}day\s{{1,3}}of\s{{1,3}}(?P<omon>{_MONTH}),?\s{{1,3}}(?P<oyear>{_YEAR})\b"
    r"|(?<![\d/])(?P<nm>\d{1,2})/(?P<nd>\d{1,2})/(?P<ny>\d{4}|\d{2})(?![\d/])"
    r"|(?<![\d-])(?P<dm>\d{2})-(?P<dd>\d{2})-(?P<dy>(?:19|20)\d\d)(?![\d-])"
)
# Dates a header gives that are not the decision's: argument, submission, rehearing ...
_NOT_DECISION = re.compile(
    r"(?i:\b(?:argued|submitted|heard|session|assigned|considered|reconsideration|rehearing|oral\s+argument"
    r"|amended|reargued|motion|received|calendar|born)\b[^.]{0,30})$"
)
_NOT_DECISION_AFTER = re.compile(r"^\W{0,3}(?i:session|term)\b")
_DECISION = re.compile(
    r"(?i:\b(?:decided|filed|rendered|released|journalized|entered|dated|dates?|issued|signed|decision|judgment)"
    r"\W{0,3}(?:on\W{1,3})?(?:the\W{1,3})?)$"
)
_RANGE = re.compile(r"^\s{0,3}(?:[-–—]|to|through)\s{0,3}$")
_BARE_AFTER = re.compile(r"^[\]).,\s]{0,3}(?:,?\s{0,2}\d{1,2}:\d{2}\s{0,2}[apAP]\.?[mM]\.?)?[\]).,\s]{0,3}$")
_OPENS_HEADER = re.compile(r"^\s{1,12}(?:\[[A-Z][A-Z ]{3,40}\]|[A-Z][A-Z ,.]{10,80})$")
_TAIL_LABEL = re.compile(r"\b(?:Dated|DATED|Entered|ENTERED|Signed|SIGNED|signed|Filed|FILED|entered|ORDERED)\b")


def _iso(m: re.Match[str]) -> str | None:
    if m.group("mon") or m.group("omon"):
        mon = _MONTHS.index((m.group("mon") or m.group("omon"))[:3].lower()) + 1
        day, year = int(m.group("day") or m.group("oday")), int(m.group("year") or m.group("oyear"))
    elif m.group("nm"):
        mon, day, year = int(m.group("nm")), int(m.group("nd")), int(m.group("ny"))
        if year < 100:
            year += 2000 if year < TWO_DIGIT_YEAR_PIVOT else 1900
    else:
        mon, day, year = int(m.group("dm")), int(m.group("dd")), int(m.group("dy"))
    if not (1 <= mon <= 12 and 1 <= day <= 31 and 1600 <= year <= 2100):
        return None
    return f"{year:04d}-{mon:02d}-{day:02d}"


def has_date(text: str) -> bool:
    """Whether a cell mentions a date at all (argument and submission dates included)."""
    return bool(_DATE.search(text))


def date_candidates(text: str) -> list[tuple[int, str]]:
    """The dates in a header cell, each ranked: 2 labelled as the decision's, 1 alone on its line, 0 other.

    Argument, submission and rehearing dates are left out.

    Example:
        >>> date_candidates("Heard Feb. 16, 2011.Decided March 21, 2011.")
        [(2, '2011-03-21')]
    """
    out: list[tuple[int, str]] = []
    last_end = 0
    for m in _DATE.finditer(text):
        iso = _iso(m)
        context, after = text[last_end : m.start()], text[m.end() : m.end() + 20]
        last_end = m.end()
        if not iso:
            continue
        if _RANGE.match(context) and out:
            rank = out.pop()[0]  # "June 3, 2024 - August 27, 2024": the last date of a range
        elif _NOT_DECISION.search(context[-40:]) or _NOT_DECISION_AFTER.match(after):
            continue
        elif _DECISION.search(context[-40:]):
            rank = 2
        elif not context.strip(" [(") and (_BARE_AFTER.match(text[m.end() :]) or _OPENS_HEADER.match(text[m.end() :])):
            rank = 1  # a date on its own, or opening the first line ("December 3, 1993 UNITED STATES COURT ...")
        else:
            rank = 0
        out.append((rank, iso))
    return out


def tail_date(tail: str) -> str | None:
    """The date of a signature line at the end of an order ("Dated ...: October 17, 2008.")."""
    found = None
    for label in _TAIL_LABEL.finditer(tail):
        m = _DATE.search(tail, label.end(), label.end() + 100)
        if m:
            found = _iso(m) or found
    return found


# --- dockets ---------------------------------------------------------------------

_LABEL_WORDS = (
    r"(?:(?i:supreme|court|of|appeals|civil|criminal|action|act\.|bankruptcy|adversary|proceeding|misc\."
    r"|docket|ag|record|case|appeal|cause)\s{1,3}){0,4}"
)
_VALUE = (
    r"[A-Z0-9][A-Za-z0-9]*(?:(?:[-–—:./]|\s(?=[A-Z]{1,2}\s\d)|(?<=\s[A-Z])\s(?=\d))[A-Za-z0-9]+){0,8}"
    r"(?:\s?\([A-Z]{2,5}\))?"
)
# A further number of a list ("Nos. 12-1 and 12-2"): it starts with a digit, so "No. 80, September Term" stops.
_LIST_VALUE = r"[A-Z]{0,3}\d[A-Za-z0-9]*(?:[-–—:./][A-Za-z0-9]+){0,8}"
_DOCKET = re.compile(
    rf"(?P<label>{_LABEL_WORDS}(?:(?i:nos?)\.|(?i:numbers?)\b|NUMBER\b)\s{{0,3}}:?|(?i:docket)\b\s{{0,3}}:?)\s{{0,3}}"
    rf"(?P<value>{_VALUE}(?:(?:,\s{{0,2}}|\s{{1,2}}(?:and|&)\s{{1,2}}){_LIST_VALUE}){{0,8}})"
)
_CIRCUIT_DOCKET = r"\d{2}-\d{3,5}(?:-[a-z]{2,3})?(?:\([A-Z]{1,4}\))?"
# Numbers printed without a label: California ("B337826"), New York ("2021-02995",
# "286 CAF 23-02033"), Alabama ("2 Div. 817") and Second Circuit ("06-1495-cr(L),
# 06-1710-cr(CON)") dockets.
_BARE_DOCKET = re.compile(
    r"^(?:[A-H]\d{6}|\d{2}[–-]\d{1,5}|\d{4}-\d{5}|\d{1,4}\s[A-Z]{2,4}\s\d{2}-\d{5}|\d{1,2}\sDiv\.\s\d{1,5}"
    rf"|{_CIRCUIT_DOCKET}-?(?:,\s{{0,2}}{_CIRCUIT_DOCKET}){{0,8}}(?<=[a-z)]))$"
)
# Numbers the lower court or an agency gave the case, printed beside the caption.
_LOWER_LABEL = re.compile(
    r"(?i:\b(?:d\.\s?c\.|super\.\s?ct\.|c\.p\.c\.|index|coa|cc|trial|lower|agency|bia|filing|tax\s+court|county"
    r"|superior\s+court|district\s+court|circuit\s+court))\W{0,3}$"
)
_PAREN = re.compile(r"\((?![A-Z]{2,5}\))[^()\n]{0,80}\)")


def docket_in(text: str, *, at_start: bool = False) -> str | None:
    """The docket number a header cell gives, as ``No. 08-2327`` (or ``Civil Action No. ...``).

    Example:
        >>> docket_in("Bankruptcy No. BK91-41705.")
        'Bankruptcy No. BK91-41705'
    """
    if _BARE_DOCKET.match(text.rstrip(".")):
        return text.rstrip(".")
    body = _PAREN.sub(lambda m: " " * len(m.group(0)), text)
    for m in _DOCKET.finditer(body):
        if at_start and m.start() > 0:
            return None
        if _LOWER_LABEL.search(body[max(0, m.start() - 30) : m.start()]):
            continue
        value = re.sub(r"[–—]", "-", m.group("value")).rstrip(".")
        if not re.search(r"\d", value):
            continue
        return f"{_docket_label(m.group('label'))} {value}"
    return None


_LABEL_ONLY = re.compile(
    rf"^(?P<label>{_LABEL_WORDS}(?:(?i:nos?)\.|(?i:numbers?)\b|NUMBER\b)\s{{0,3}}:?|(?i:docket)\b\s{{0,3}}:?)$"
)
_VALUE_ONLY = re.compile(rf"^(?P<value>{_VALUE})\.?$")


def docket_across(label_cell: str, value_cell: str) -> str | None:
    """A docket number whose label and number stand on two lines ("Docket:" / "23-P-1022")."""
    m, v = _LABEL_ONLY.match(label_cell), _VALUE_ONLY.match(value_cell)
    if not m or not v or not re.search(r"\d", v.group("value")):
        return None
    return f"{_docket_label(m.group('label'))} {re.sub(r'[–—]', '-', v.group('value'))}"


def _docket_label(label: str) -> str:
    words = label.lower()
    plural = bool(re.search(r"\bnos\b", words))
    no = "Nos." if plural else "No."
    for key, name in (
        ("civil", "Civil Action"),
        ("criminal", "Criminal"),
        ("bankruptcy", "Bankruptcy"),
        ("adversary", "Adversary"),
        ("misc", "Misc."),
        ("record", "Record"),
        ("docket", "Docket"),
        ("case", "Case"),
        ("appeal", "Appeal"),
    ):
        if key in words:
            return f"{name} {no}"
    return no


# --- the opinion's own citations ---------------------------------------------------

_CITE = re.compile(
    r"(?P<vol>\d{1,4})\s{1,3}(?P<rep>[A-Z][A-Za-z.&' ]{0,24}?(?:\s?\d[a-z]{1,2})?)\s{1,3}(?P<page>\d{1,5}|_{2,}|-{2,})(?!\w)"
)
_YEAR_PAREN = re.compile(r"\s{0,3}\((?:[^()\n]{0,30}\s)?\d{4}\)")
_GAP = re.compile(r"[\s,;]{0,6}")
_NEUTRAL = re.compile(
    r"(?P<y>(?:19|20)\d\d)(?:-Ohio-(?P<on>\d{1,5})|\s(?P<court>[A-Z][A-Za-z.]{1,5}(?:\s(?:App|Ct|Super|CIV|CR|Crim)\.?"
    r"(?:\s?App\.?)?)?(?:\s\((?:1st|2d|3d|4th|5th|6th)\))?)\s(?P<n>\d{1,6}(?:-U)?))(?!\w)"
)
_NY_SLIP = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s{1,3}N\.?\s?Y\.?\s{1,3}Slip\s{1,3}Op\.?\s{1,3}(?P<n>\d{4,6})(?:\s?\((?P<u>U)\))?"
)
_CITE_AS = re.compile(r"(?i:\[?cite\s+as):?\s+")
# "[Cite as Columbus Bar Assn. v. Squeo, 133 Ohio St.3d 536, 2012-Ohio-5004.]": the
# Ohio Official Reports' citation, when it is known, comes before the public-domain one.
_OHIO_CAPTION = re.compile(
    r"^\[Cite as (?P<name>[^\[\]]{3,150}?), (?:(?P<report>\d{1,4} Ohio [^,\[\]]{2,12} \d{1,5}), )?"
    r"(?P<cite>(?:19|20)\d\d-Ohio-\d{1,5})\.?\]$"
)
_NY_CAPTION = re.compile(r"^(?P<name>[^()]{3,150}?) \((?P<cite>(?:19|20)\d\d NY Slip Op \d{4,6}(?:\(U\))?)\)$")


@cache
def _reporters() -> dict[str, str]:
    """Reporter abbreviations as printed (spaces removed, lower-cased) -> reporters-db's form, built once."""
    import reporters_db

    out: dict[str, str] = {}
    for key, entries in reporters_db.REPORTERS.items():
        for entry in entries:
            for edition in entry.get("editions", {}):
                out.setdefault(_fold(edition), edition)
            for variant, edition in entry.get("variations", {}).items():
                out.setdefault(_fold(variant), edition)
        out.setdefault(_fold(key), key)
    return out


def _fold(reporter: str) -> str:
    return re.sub(r"\s", "", reporter).lower()


def _cite_at(text: str, pos: int) -> tuple[str, int] | None:
    m = _NY_SLIP.match(text, pos)
    if m:
        return f"{m.group('y')} N.Y. Slip Op. {m.group('n')}{'(U)' if m.group('u') else ''}", m.end()
    m = _CITE.match(text, pos)
    if m:
        reporter = _reporters().get(_fold(m.group("rep")))
        if reporter:
            page = m.group("page") if m.group("page")[0].isdigit() else "___"
            return f"{m.group('vol')} {reporter} {page}", m.end()
    m = _NEUTRAL.match(text, pos)
    if m:
        return m.group(0), m.end()
    return None


def own_citations(text: str) -> tuple[str, ...]:
    """The opinion's own citations, when a header cell is nothing but them.

    Reads "108 F.2d 475 (1939)", "171 U.S. 447 19 S. Ct. 6 43 L. Ed. 233",
    "Cite as: 559 U. S. ____ (2010)", "2025-Ohio-1062", "(2025 NY Slip Op 04670)".

    Example:
        >>> own_citations("Cite as: 559 U. S. ____ (2010)")
        ('559 U.S. ___',)
    """
    m = _OHIO_CAPTION.match(text) or _NY_CAPTION.match(text)
    if m:
        printed = [m.group("cite")]
        if m.groupdict().get("report"):
            printed.insert(0, m.group("report"))
        return tuple(found[0] for found in (_cite_at(c, 0) for c in printed) if found)
    if _BARE_DOCKET.match(text.rstrip(".")):
        return ()  # "2 Div. 817." is Alabama's docket, not the "Div." reporter
    pos, cites, lenient = 0, [], False
    m = _CITE_AS.match(text)
    if m:
        pos, lenient = m.end(), True
    if text[pos : pos + 1] == "(" and text.endswith(")"):
        text, pos = text[: len(text) - 1], pos + 1
    while pos < len(text):
        found = _cite_at(text, pos)
        if not found:
            break
        cites.append(found[0])
        pos = found[1]
        y = _YEAR_PAREN.match(text, pos)
        if y:
            pos = y.end()
        pos = _GAP.match(text, pos).end()  # type: ignore[union-attr]
    if cites and (lenient or pos >= len(text.rstrip(" .;,"))):
        return tuple(cites)
    return ()


def publisher_caption(text: str) -> str | None:
    """The case name a publisher's citation line gives ("[Cite as M.J.S. v. C.S.S., 2025-Ohio-1062.]")."""
    m = _OHIO_CAPTION.match(text) or _NY_CAPTION.match(text)
    return m.group("name").strip() if m else None


# --- judge lines ------------------------------------------------------------------


class Judge(NamedTuple):
    """A judge line: who wrote the opinion, where the line's designation ends in the cell."""

    name: str | None
    end: int
    per_curiam: bool
    strong: bool


_PREFIX = r"(?:(?:¶\s?\d{1,3}|\*{1,2}\d{1,5}|\[\*\d{1,5}\])\s{0,2})?"
_VERBS = r"delivered|announced|after\s+stating|concurring|dissenting|with\s+whom"
_VERB = rf"(?P<verb>{_VERBS})"
_PER_CURIAM = re.compile(rf"^{_PREFIX}(?:OPINION\s+)?(?:PER\s{{1,3}}CURIAM|Per\s{{1,3}}Curiam)\s{{0,3}}[.:,]")
_THE_CHIEF = re.compile(
    rf"^{_PREFIX}(?:THE|The)\s+(?:CHIEF\s+JUSTICE|Chief\s+Justice)\s+(?P<verb>delivered|announced)\b"
)
_JUSTICE = re.compile(
    rf"^{_PREFIX}(?:(?:MR|Mr)\.\s{{1,3}})?(?:(?:PRESIDING|Presiding|CHIEF|Chief|ACTING|Acting)\s{{1,3}})?"
    r"(?:JUSTICE|Justice)\s{1,3}(?P<name>[A-Z][A-Za-z'’\-]+(?:\s[A-Z][A-Za-z'’\-]+){0,2}?)"
    r"(?:,?\s{1,3}(?:and\s{1,3})?JUSTICE\s{1,3}[A-Z][A-Za-z'’\-]+){0,8}"  # joint: "JUSTICE SCALIA, JUSTICE KENNEDY, ..."
    rf"(?:\s{{0,3}}[.:](?!\w)|,?\s{{1,3}}{_VERB}\b|\d?\s{{0,3}}$)"
)
_NAME = (
    r"(?!(?i:before|present|considered|argued|submitted|heard|judges?|justices?|the|honorable|hon\.|chief|appeal"
    r"|opinion|order|filed|decided|and|for|on|in|by|dated|entered|affirmed|reversed|dissenting|concurring"
    r"|memorandum|separate)\b)"
    r"[A-Z][A-Za-z'’\-]*\.?(?:\s{1,3}[A-Z][A-Za-z'’\-]*\.?){0,4}(?:,?\s(?:Jr|JR|Sr|SR)\.|,?\s(?:II|III|IV))?"
)
_DOTTED = r"(?:C\.\s?J|P\.\s?J|A\.\s?J|J)\.(?:\s?:)?(?!,\s{0,2}(?:and\b|[A-Z]))(?=\s|$|,\s)"
_TITLE = (
    r"(?:(?:Senior|Chief|Presiding|Associate|Acting|Special|Retired|SENIOR|CHIEF)\s{1,3})?"
    r"(?:(?:United\s{1,3}States|U\.\s?S\.|UNITED\s{1,3}STATES)\s{1,3})?"
    r"(?:(?:Circuit|District|Magistrate|Bankruptcy|Tax|Appellate|Trial|CIRCUIT|DISTRICT|MAGISTRATE|BANKRUPTCY)\s{1,3})?"
    r"(?:Judge|JUDGE|Justice|JUSTICE)(?![sS\w])|Chancellor|Vice\s+Chancellor|Special\s+Master|Referee"
)
_TITLED = re.compile(
    rf"^{_PREFIX}(?P<name>{_NAME})(?:,\s{{1,6}}{_DOTTED}|\s{{1,3}}{_DOTTED}(?=\s{{0,3}}$)|,?\s{{1,6}}(?:{_TITLE})(?:\s{{0,3}}[.:](?!\w)|(?=,\s{{1,3}}(?:{_VERBS}))|\s{{0,3}}$))"
    rf"(?:,?\s{{1,3}}{_VERB}\b)?"
)
_STRONG_VERBS = ("delivered", "announced", "after")
_SENTENCE_END = re.compile(r"[.:](?=\s|$)")


def judge_in(text: str, *, strong_only: bool = False, justice_form: bool = False) -> Judge | None:
    """The judge line a cell opens with, if any.

    Args:
        text: a cell or line.
        strong_only: only lines that say the judge delivered the opinion (or per curiam).
        justice_form: only "JUSTICE X ..." lines and per curiam (the Supreme Court's
            opinion, not its syllabus's "X, J., delivered ...").

    Example:
        >>> judge_in("SELYA, Circuit Judge.    Defendant-appellant Hussein Al-").name
        'SELYA'
        >>> judge_in("Per  Curiam.   Carl M. DiManno, pro  se appellant,").per_curiam
        True
    """
    m = _PER_CURIAM.match(text)
    if m:
        return Judge(None, m.end(), True, True)
    m = _THE_CHIEF.match(text)
    if m:
        return Judge("The Chief Justice", _designation_end(text, m), False, True)
    m = _JUSTICE.match(text)
    if m:
        strong = (m.group("verb") or "").startswith(_STRONG_VERBS)
        if strong_only and not strong:
            return None
        return Judge(m.group("name"), _designation_end(text, m), False, strong)
    if justice_form:
        return None
    m = _TITLED.match(text)
    if m:
        strong = (m.group("verb") or "").startswith(_STRONG_VERBS)
        if strong_only and not strong:
            return None
        if m.group("verb") in ("concurring", "dissenting") and not text.rstrip().endswith((".", ":")):
            return None  # a slip opinion's running head ("SCALIA, J., concurring"), not its judge line
        return Judge(m.group("name").strip(" ,"), _designation_end(text, m), False, strong)
    return None


def _designation_end(text: str, m: re.Match[str]) -> int:
    """Where a judge line's designation ends: after its sentence when it says "delivered the opinion ..."."""
    if m.groupdict().get("verb"):
        end = _SENTENCE_END.search(text, m.end())
        return end.end() if end else len(text)
    return m.end()
