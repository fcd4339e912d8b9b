"""What an opinion's bare provisions refer to: its jurisdiction, its field and what it says.

A bare ``§ 1170``, ``Rule 9(b)`` or ``art. 26`` names no code; the reader
knows it from the opinion. kb reads the same things:

* what the opinion states: "All further statutory references are to the
  Penal Code", "Unless otherwise indicated, all section references are to the
  Internal Revenue Code ... and all Rule references are to the Tax Court
  Rules of Practice and Procedure";
* its court: a bankruptcy court's bare sections are the Bankruptcy Code's
  (11 U.S.C.), the Tax Court's and a tax appeal's the Internal Revenue Code's
  (26 U.S.C.); a state court's ``Penal Code`` and ``Rules of Appellate
  Procedure`` are its own state's;
* where the court is not known, the state whose reporters most of its case
  citations are in.

:func:`opinion_context` gathers them; :mod:`kb.analysis.resolve` applies them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kb.analysis.provisions import subject_code_key
from kb.analysis.reporters import reporter_court
from kb.models import Cite, OpinionMeta

# A state is the opinion's when at least this many of its case citations, and
# at least half, are in that state's reporters.
MIN_STATE_CITES = 3

# "All further statutory references are to the Penal Code unless otherwise
# stated", "Undesignated statutory references are to the Welfare and
# Institutions Code", "all section references are to the Internal Revenue Code".
_STATED_CODE = re.compile(
    r"(?i:\b(?:(?:all|further|subsequent|undesignated|unspecified|other)\s+)*(?:statutory|section|code)\s+references?\s+"
    r"(?:in\s+this\s+opinion\s+)?(?:are|is|will\s+be)\s+to\s+(?:the\s+)?)"
    r"(?:(?P<title>\d+)\s+U\.\s?S\.\s?C\.|title\s+(?P<title2>\d+)\s+of\s+the\s+United\s+States\s+Code|"
    r"(?P<irc>Internal\s+Revenue\s+Code)|(?P<subject>(?:[A-Z][a-z]+\s(?:(?:and|&)\s)?){1,3}?)(?P<kind>Code|Law)\b)"
)
_STATED_RULES = re.compile(
    r"\b[Rr]ule\s+references\s+are\s+to\s+the\s+(?P<rules>Tax\s+Court\s+Rules|Federal\s+Rules\s+of\s+(?:Civil|Criminal|Appellate|Bankruptcy)\s+Procedure)"
)
_RULES_NAMED = {
    "tax court rules": "Tax Ct. R.",
    "federal rules of civil procedure": "Fed. R. Civ. P.",
    "federal rules of criminal procedure": "Fed. R. Crim. P.",
    "federal rules of appellate procedure": "Fed. R. App. P.",
    "federal rules of bankruptcy procedure": "Fed. R. Bankr. P.",
}


@dataclass(frozen=True, slots=True)
class OpinionContext:
    """What an opinion's bare provisions default to.

    ``state``: postal code of the opinion's state, if a state court's (or its
    citations are a state's); ``federal``: a federal court's (or unknown and
    not a state's); ``code`` and ``rules``: the code and rule set the opinion
    says its bare sections and rules refer to, else the ones its court implies.
    """

    state: str | None = None
    federal: bool = True
    code: str | None = None
    rules: str | None = None


def opinion_context(cites: list[Cite], text: str, meta: OpinionMeta | None) -> OpinionContext:
    """Read an opinion's context from its metadata, its citations and what it says."""
    court_id = meta.court_id if meta else None
    state = _court_state(court_id) or (None if court_id else _cited_state(cites))
    federal = state is None
    field_code, field_rules = _court_field(court_id, meta, cites)
    code = _stated_code(text, state) or field_code
    stated = _STATED_RULES.search(text)
    rules = _RULES_NAMED.get(re.sub(r"\s+", " ", stated.group("rules")).lower()) if stated else field_rules
    return OpinionContext(state=state, federal=federal, code=code, rules=rules)


def _court_state(court_id: str | None) -> str | None:
    from kb.courts import courts_by_id
    from kb.tables import POSTAL_STATES

    court = courts_by_id().get(court_id or "")
    if not court or court.get("system") != "state":
        return None
    location = court.get("location")
    return next((postal for postal, name in POSTAL_STATES.items() if name == location), None)


def _cited_state(cites: list[Cite]) -> str | None:
    """The state whose reporters hold most of the opinion's case citations, if one clearly does."""
    states: Counter[str | None] = Counter()
    for c in cites:
        if c.kind == "case" and c.form == "full" and c.cites:
            states[_court_state(c.court_id or reporter_court(c.cites[0][1]))] += 1
    total = sum(states.values())
    best = [(n, s) for s, n in states.items() if s]
    if not best:
        return None
    n, state = max(best)
    return state if n >= MIN_STATE_CITES and 2 * n >= total else None


def _court_field(court_id: str | None, meta: OpinionMeta | None, cites: list[Cite]) -> tuple[str | None, str | None]:
    """The code and rules a court's field implies: bankruptcy 11 U.S.C., tax 26 U.S.C."""
    from kb.courts import courts_by_id

    court = courts_by_id().get(court_id or "") or {}
    name = str(court.get("name") or "")
    if "Bankruptcy" in name or (court_id or "").endswith("b") and court.get("system") == "federal":
        return "11 U.S.C.", "Fed. R. Bankr. P."
    case_name = meta.case_name if meta else ""
    if court_id == "tax" or re.search(r"\bv\.\s+(?:Comm'r|Commissioner)\b", case_name or ""):
        return "26 U.S.C.", "Tax Ct. R." if court_id == "tax" else None
    return None, None


def _stated_code(text: str, state: str | None) -> str | None:
    m = _STATED_CODE.search(text)
    if not m:
        return None
    if m.group("title") or m.group("title2"):
        return f"{m.group('title') or m.group('title2')} U.S.C."
    if m.group("irc"):
        return "26 U.S.C."
    subject, kind = m.group("subject").strip(), m.group("kind").title()
    return subject_code_key(state, subject, kind) if state else None
