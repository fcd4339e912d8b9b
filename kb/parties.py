"""Case names from captions: each party as a citation names it (Bluebook rule 10.2).

"EVAN MILLER, PETITIONER v. ALABAMA" -> "Miller v. Alabama": roles, descriptions
and later parties are dropped, people keep their surnames, governments their
short names ("State", "People", "United States"), ALL CAPS takes the
spelling the opinion uses, and the result is abbreviated as Bluebook T6 and
T10 say (:func:`kb.names.normalize_case_name`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kb.abbreviations import t6_words
from kb.names import normalize_case_name
from kb.tables import (
    CAPTION_ACRONYMS,
    CAPTION_ORG_WORDS,
    NAME_SMALL_WORDS,
    PERSON_TITLES,
    PRINTED_ABBREVIATIONS,
    SURNAME_PARTICLES,
    T10_STATES,
)

_ORG_WORDS = (
    frozenset(
        w.lower()
        for w in (
            *(v for v in t6_words().values() if len(v) > 2),  # not "S.", "N.": those are initials too
            *(w for w in t6_words() if w[:1].isupper()),
            *CAPTION_ORG_WORDS,
        )
    )
    - PERSON_TITLES
)  # "Lt. Gen. Robert L. Van Antwerp" is a person
_TITLES = PERSON_TITLES
_PARTICLES = SURNAME_PARTICLES
_SMALL_WORDS = NAME_SMALL_WORDS
_ACRONYMS = CAPTION_ACRONYMS
# How a caption describes a party's role in the case; never part of a case name.
_ROLE_WORD = (
    r"(?:(?:cross|counter|third[- ]party)[- ]?)?(?:plaintiffs?|defendants?|petitioners?|respondents?|appellants?"
    r"|appellees?|intervenors?|interveners?|movants?|claimants?|complainants?|relators?|debtors?|garnishees?"
    r"|proponents?|contestants?|objectors?|applicants?|libell?ants?|agency|real\s+part(?:y|ies)\s+in\s+interest"
    r"|minor\s+children|minor\s+child|mother|father|husband|wife)"
)
ROLE = re.compile(rf"(?i:{_ROLE_WORD}(?:\s*(?:[-–,/&]|\band\b)?\s*{_ROLE_WORD}){{0,4}})")
_ROLE_SEGMENT = re.compile(rf"\s*\(?{ROLE.pattern}\)?(?:\s*\({ROLE.pattern}\))?[.,;:]?\s*")
_LEADING_ROLE = re.compile(rf"^{ROLE.pattern}\s*,\s+")
# Where the description of a party starts: everything after it is dropped.
_DESCRIPTOR = re.compile(
    r"(?i:,?\s+(?:et\s+al\b\.?|et\s+ux\b\.?|et\s+vir\b|etc\b\.?|a/k/a/?|aka\b|f/k/a|fka\b|n/k/a|d/b/a|dba\b"
    r"|as\s+(?:next\s+friends?|personal|executor|executrix|administrat|trustee|guardian|parent|successor"
    r"|representative|the\s|an?\s)|individually\b|in\s+(?:his|her|their|its)\s+(?:official|individual)\b"
    r"|by\s+(?:and\s+through|her|his|their)\b|on\s+behalf\s+of\b|formerly\b|doing\s+business\b"
    r"|from\s+the\s+(?:decision|order|judgment|action)\b|wife\s+of\b|husband\s+of\b"
    r"|an?\s+(?:minor|infant|child|corporation|municipal|body|political|professional|limited|foreign|domestic)\b))"
)
_CORPORATE_SUFFIX = re.compile(
    r"(?i:inc|incorporated|ltd|limited|llc|l\.l\.c|llp|l\.l\.p|lp|l\.p|co|corp|n\.a|p\.c|p\.a|pllc|s\.a|s\.p\.a|plc|ag|gmbh|b\.v)\.?"
)
_PERSON_SUFFIX = re.compile(r"(?i:jr|sr|ii|iii|iv|m\.d|d\.o|esq|ph\.d|d\.d\.s|cpa)\.?")
_BUSINESS = re.compile(
    r"(?i:\b(?:co|company|corp|corporation|ass'n|association|bros|brothers|railroad|railway|r\.r|ry)\b\.?)"
)
_TRAILING_ROLE = re.compile(rf"\s+{ROLE.pattern}\.?$")
# Capitalised abbreviations that stay in capitals whatever the caption's case.
_CORPORATE_END = re.compile(r"(?i:\b(?:co|company|corp|corporation|inc|railway|railroad|r\.r|ry|bank|ltd)\.?)$")
# Words that mark an organisation, a government or an office, not a person.
_STATE_NAMES = "|".join(sorted(T10_STATES, key=len, reverse=True))
_GOVERNMENT = re.compile(
    r"^(?i:the\s+)?(?P<who>(?i:people|state|commonwealth))"
    rf"(?:\s+(?i:of)(?:\s+(?i:the\s+state\s+of))?\s+(?i:the\s+)?(?i:{_STATE_NAMES}))?$"
)
_T10 = re.compile(rf"\b({_STATE_NAMES})\b")
_PRINTED = re.compile("|".join(re.escape(k) for k in PRINTED_ABBREVIATIONS) + r"(?=\s|$)")
_IN_RE = re.compile(
    r"^(?i:in\s+re:?|in\s+the\s+matter\s+of|matter\s+of|in\s+the\s+interest\s+of|in\s+interest\s+of"
    r"|petition\s+of|application\s+of|in\s+the\s+petition\s+of)\s+(?:the\s+)?"
)
_EX_PARTE = re.compile(r"^(?i:ex\s+parte)\s+")
# "the Estate of Ann Smith" -> "Estate of Smith": the person inside an in-re frame.
_FRAME = re.compile(
    r"^(?:(?i:the)\s+)?(?:(?i:probate\s+of\s+the)\s+)?(?P<frame>(?i:estate|will|marriage|adoption|guardianship"
    r"|custody|welfare|dependency|conservatorship|paternity|parentage|trust|application|petition|appeal))\s+(?i:of)\s+"
)
_PRIVACY_NAME = re.compile(r"^[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+)?\s[A-Z]\.$")
# A final period that belongs to the last word ("Inc.", "J.W.", "H.") rather than ending the caption line.
_KEPT_PERIOD = re.compile(
    r"(?:\b[A-Z]|Inc|Co|Corp|Ltd|Jr|Sr|Bros|Assn|L\.L\.C|N\.A|P\.C|P\.A|Cnty|Ry|R\.R|Mfg|Nat)\.$", re.I
)
_INITIALS = re.compile(r"^(?:[A-Z]\.\s?){1,4}(?:-[A-Z]\.?)?$")
_FOOTNOTE_GLUE = re.compile(r"(?<=[A-Za-z.])\d{1,2}\b|[†‡*]+")
_STAR_MARK = re.compile(r"\[\*\d{1,4}\]")
_CAPS_WORD = re.compile(r"^[^a-z]*[A-Z][^a-z]*$")


def _trim(text: str) -> str:
    """Strip the punctuation around a caption fragment, keeping an abbreviation's final period."""
    text = text.strip(" ,;:")
    while text.endswith(".") and not _KEPT_PERIOD.search(text):
        text = text[:-1].rstrip(" ,;:")
    return text


def _segments(party: str) -> list[str]:
    return [s.strip() for s in party.split(",")]


def _keep_party(party: str) -> str:
    """The party itself: descriptors, roles and later parties dropped (rule 10.2.1(a))."""
    party = _TRAILING_ROLE.sub("", _LEADING_ROLE.sub("", party))
    m = _DESCRIPTOR.search(party)
    if m:
        party = party[: m.start()]
    party = party.split(";")[0]  # "The Arkansas Department ...; Marcus Devine, ..."
    segments = [s for s in _segments(party) if s and not _ROLE_SEGMENT.fullmatch(s)]
    if not segments:
        return ""
    # "Jay Such and Throtonics Corp.": the first of several parties
    first = re.split(r"\s+(?:(?i:and)|&)\s+", segments[0], maxsplit=1)
    if len(first) == 2 and (
        _is_person(first[0])
        or _INITIALS.match(first[0])
        or _two_surnames(*first)
        or (_CORPORATE_END.search(first[0]) and _is_person(first[1]))  # "The Mitre Corporation & Barry M. Horowitz"
    ):
        return first[0]
    kept = [segments[0]]
    for seg in segments[1:]:
        if _CORPORATE_SUFFIX.fullmatch(seg) or _PERSON_SUFFIX.fullmatch(seg):
            kept.append(seg)
        elif _CORPORATE_END.search(seg) and re.search(r"&|\band\b", seg) and not _is_person(kept[0]):
            kept.append(seg)  # "Atchison, Topeka & Santa Fe Ry. Co."
        else:
            break
    # "Stanco Masonry, Incorporated and Amerisure ..."
    last = re.split(r"\s+(?:(?i:and)|&)\s+", kept[-1], maxsplit=1)
    if len(last) == 2 and len(kept) > 1:
        kept[-1] = last[0]
    # "Adams Brush Manufacturing Company, Inc." -> "... Co.": rule 10.2.1(h).
    if len(kept) > 1 and _BUSINESS.search(kept[0]) and _CORPORATE_SUFFIX.fullmatch(kept[-1]):
        kept = kept[:-1]
    return ", ".join(kept)


def _two_surnames(left: str, right: str) -> bool:
    """ "Shellef and Rubenstein": two parties by surname alone."""
    words = [left, right.split()[0]] if right.split() else [left]
    return (
        len(words) == 2
        and len(left.split()) == 1
        and all(re.fullmatch(r"[A-Z][A-Za-z'’\-]+", w) and w.lower() not in _ORG_WORDS for w in words)
    )


def _is_person(party: str) -> bool:
    words = party.replace(",", " ").split()
    names = [
        w for w in words if not _INITIALS.match(w) and not _PERSON_SUFFIX.fullmatch(w) and w.lower() not in _TITLES
    ]
    if not 1 < len(words) <= 7 or not 0 < len(names) <= 4 or re.search(r"\d", party):
        return False
    return not any(w.lower().strip(".,") in _ORG_WORDS or w.lower() in _ORG_WORDS for w in words)


def _surname(party: str) -> str:
    """An individual's surname: first names, titles and suffixes dropped (rule 10.2.1(g))."""
    words = [w for w in party.replace(",", " ").split() if not _PERSON_SUFFIX.fullmatch(w)]
    while len(words) > 1 and words[0].lower() in _TITLES:
        words = words[1:]
    if not words:
        return party
    joined = " ".join(words)
    if _PRIVACY_NAME.match(joined) or all(_INITIALS.match(w) for w in words):
        return joined.replace(". ", ".").replace(" ", "") if all(_INITIALS.match(w) for w in words) else joined
    if re.search(r"[a-z]", joined):
        # West and CourtListener print the surname in capitals: "Lt. Gen. Robert L. VAN ANTWERP".
        caps = []
        for w in reversed(words):
            if _CAPS_WORD.match(w) and len(re.sub(r"\W", "", w)) > 1 and not _INITIALS.match(w):
                caps.append(w)
            else:
                break
        if caps and len(caps) < len(words):
            return " ".join(reversed(caps))
    i = len(words) - 1
    while i > 0 and words[i - 1].lower() in _PARTICLES:
        i -= 1
    return " ".join(words[i:])


def _title_word(word: str, first: bool, spelling: Mapping[str, str], person: bool = False) -> str:
    bare = word.strip(".,;:()'’\"")
    if not _CAPS_WORD.match(word) or len(bare) < 2:
        return word
    spelt = spelling.get(bare.lower())
    if spelt and not (person and spelt.isupper()):
        return word.replace(bare, spelt)
    if bare.lower() in _SMALL_WORDS and not first:
        return word.lower()
    if bare.lower() in ("inc", "ltd", "co", "corp", "incorporated", "limited", "company"):
        return word.capitalize()  # "INC." -> "Inc."
    if _INITIALS.match(word) or "." in bare or bare in _ACRONYMS or not re.search(r"[AEIOUY]", bare):
        return word if "." in bare or len(bare) <= 5 else word.title()
    if re.fullmatch(r"[IVX]{2,4}\.?,?", word):
        return word  # "Trust II"
    parts = re.split(r"([-'’/])", word.lower())
    out = []
    for p in parts:
        if p[:2] == "mc" and len(p) > 3:
            out.append("Mc" + p[2:].capitalize())
        elif len(p) == 1 and p in "'’/":
            out.append(p)
        else:
            out.append(p.capitalize())
    text = "".join(out)
    # "O'Brien", "D'Angelo": a one-letter prefix before an apostrophe keeps the next capital.
    return re.sub(r"^([A-Z])(['’])([a-z])", lambda m: m.group(1) + m.group(2) + m.group(3).upper(), text)


def case_party(raw: str, spelling: Mapping[str, str] | None = None) -> str | None:
    """One side of a caption as a citation names it (Bluebook rule 10.2).

    Args:
        raw: the party as the caption prints it, roles and descriptions included.
        spelling: lower-cased word -> the spelling the opinion uses in its running
            text, to turn ALL CAPS back into ``DiManno`` rather than ``Dimanno``.

    Returns:
        the party's citation name, or None when nothing name-like is left.

    Example:
        >>> case_party("UNITED STATES OF AMERICA, Appellee,")
        'United States'
        >>> case_party("HUSSEIN AL-RIKABI, Defendant, Appellant.")
        'Al-Rikabi'
    """
    spelling = {} if spelling is None else spelling
    text = _STAR_MARK.sub("", raw)
    text = _FOOTNOTE_GLUE.sub("", text.split("//")[0])
    text = _trim(re.sub(r"\s+", " ", text))
    text = _trim(re.sub(r"\([^()]{0,80}\)", "", text))
    text = _trim(_keep_party(text))
    if not re.search(r"[A-Za-z]{2}|[A-Z]\.", text):
        return None
    gov = _GOVERNMENT.match(text)
    if gov:
        return gov.group("who").title()
    if re.fullmatch(r"(?:the\s+)?united\s+states(?:\s+of\s+america)?|u\.\s?s\.\s?a\.?|usa", text, re.I):
        return "United States"
    if re.fullmatch(r"(?:the\s+)?commissioner\s+of\s+internal\s+revenue(?:\s+service)?", text, re.I):
        return "Comm'r"  # rule 10.2.2
    text = re.sub(r"^(?i:the)\s+", "", text)
    person = _is_person(text) or bool(_PRIVACY_NAME.match(text))
    if person or all(_INITIALS.match(w) for w in text.split()):
        text = _surname(text)
    words = text.split()
    return " ".join(_title_word(w, i == 0, spelling, person) for i, w in enumerate(words))


def in_re_party(raw: str, spelling: Mapping[str, str] | None = None) -> str | None:
    """The subject of an ``In re`` caption, as a citation names it (rule 10.2.1(b)).

    Example:
        >>> in_re_party("William Nelson FINK, Debtor.")
        'Fink'
    """
    m = _FRAME.match(raw.strip())
    if m:
        person = case_party(raw[m.end() :], spelling)
        return f"{m.group('frame').title()} of {person}" if person else None
    return case_party(raw, spelling)


def caption_case_name(left: str, right: str | None = None, spelling: Mapping[str, str] | None = None) -> str | None:
    """The citation name of a case from its caption's two sides (or an ``In re`` side alone).

    Example:
        >>> caption_case_name("EVAN MILLER, PETITIONER", "ALABAMA")
        'Miller v. Alabama'
        >>> caption_case_name("In the Matter of William Nelson FINK, Debtor.")
        'In re Fink'
    """
    left = left.strip()
    m = _IN_RE.match(left) if right is None or not right.strip() else None
    if m:
        subject = in_re_party(left[m.end() :], spelling)
        return bluebook_case_name(f"In re {subject}") if subject else None
    m = _EX_PARTE.match(left) if right is None or not right.strip() else None
    if m:
        subject = case_party(left[m.end() :], spelling)
        return bluebook_case_name(f"Ex parte {subject}") if subject else None
    if right is None:
        return None
    a, b = case_party(left, spelling), case_party(right, spelling)
    if not a or not b:
        return None
    return bluebook_case_name(f"{a} v. {b}")


def publisher_case_name(name: str) -> str:
    """A case name a publisher prints in citation form (``S.S. v Hentel``, ``Matter of X (Y)``).

    Example:
        >>> publisher_case_name("Matter of Hanalise S. (Daniel S.S.)")
        'In re Hanalise S.'
    """
    name = _trim(re.sub(r"\s*\([^()]{0,80}\)", "", name))
    name = re.sub(r"\s+v\.?\s+", " v. ", name)
    name = _IN_RE.sub("In re ", name)
    return bluebook_case_name(name)


def bluebook_case_name(name: str) -> str:
    """:func:`normalize_case_name` plus what a caption needs: "and" as "&", T10 places, printed abbreviations.

    States inside a longer party name are abbreviated (``Cal. Nat'l Bank``);
    a state that is a whole party is not (``Miller v. Alabama``).
    """
    sides = name.split(" v. ", 1)
    out = []
    for side in sides:
        if side not in T10_STATES:
            side = re.sub(r"\s+and\s+", " & ", side)
            side = _T10.sub(lambda m: T10_STATES[m.group(1)], side)
            side = _PRINTED.sub(lambda m: PRINTED_ABBREVIATIONS[m.group(0)], side)
        # Initials that stand for a person ("C.S.S.") keep their periods.
        out.append(side if _INITIALS.match(side) else normalize_case_name(side))
    return " v. ".join(out)


def title_case(text: str, spelling: Mapping[str, str] | None = None) -> str:
    """ALL CAPS words in ``text`` as the opinion spells them, else in title case.

    Example:
        >>> title_case("JOHN C. MINAHAN, Jr.")
        'John C. Minahan, Jr.'
    """
    words = text.split()
    return " ".join(_title_word(w, i == 0, {} if spelling is None else spelling, True) for i, w in enumerate(words))
