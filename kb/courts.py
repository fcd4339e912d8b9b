"""Court identity from courts-db: parenthetical strings to court ids and back.

eyecite's ``get_court_by_paren`` scans every courts-db entry with a regex
substitution per call and misses glued or spelled-out forms (``7th Cir.1996``
after the year is split off works, ``D. Kansas`` does not). We index
courts-db's citation strings once per process and look strings up in a dict.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from kb.tables import T10_STATES

# Court levels for ranking: Supreme Court > circuits > districts > the rest.
LEVEL_SCOTUS, LEVEL_APPELLATE, LEVEL_TRIAL, LEVEL_OTHER = 3, 2, 1, 0

_NON_WORD = re.compile(r"[^\w]")
_STATE_NAMES = re.compile(r"\b(" + "|".join(sorted(T10_STATES, key=len, reverse=True)) + r")\b")
# "N.D.Ill." -> "N.D. Ill.": Bluebook puts a space before a word abbreviation.
_GLUED_ABBREV = re.compile(r"(?<=\.)(?=[A-Z][a-z])")
_DISTRICT = re.compile(r"^(?P<dir>[NSEWCM])?\.?\s?D\.\s*(?P<state>.+)$")


def _key(text: str) -> str:
    return _NON_WORD.sub("", text).lower()


@cache
def _index() -> tuple[dict[str, str], dict[str, dict[str, object]]]:
    """Citation-string index and id index over courts-db, built once."""
    import courts_db

    by_string: dict[str, str] = {}
    by_id: dict[str, dict[str, object]] = {}
    for court in courts_db.courts:
        by_id[court["id"]] = court
        # Index the string as courts-db has it and in T10 form: some entries
        # spell the state out ("D. Maryland") where citations abbreviate it.
        for text in {court["citation_string"], _abbreviate_states(court["citation_string"])}:
            key = _key(text)
            if key and (key not in by_string or court.get("system") == "federal"):
                by_string.setdefault(key, court["id"])
    return by_string, by_id


@lru_cache(maxsize=4096)
def court_id_for(paren_court: str) -> str | None:
    """The courts-db id for the court part of a citation parenthetical.

    Example:
        >>> court_id_for("7th Cir."), court_id_for("N.D.Ill."), court_id_for("D. Kansas")
        ('ca7', 'ilnd', 'ksd')
    """
    text = paren_court.strip().rstrip(",")
    if not text:
        return None
    by_string, by_id = _index()
    # The Supreme Court's own style names circuits "CA5", "CADC", "CAFC".
    m = re.fullmatch(r"CA(\d{1,2}|DC|FC)", text.replace(" ", ""))
    if m:
        return "ca" + m.group(1).lower()
    found = by_string.get(_key(text))
    if found:
        return found
    abbreviated = _abbreviate_states(text)
    found = by_string.get(_key(abbreviated))
    if found:
        return found
    # courts-db lacks citation strings for some districts ("D. Md."); its ids
    # follow a pattern (state postal code + direction + "d"), so try that.
    m = _DISTRICT.match(abbreviated)
    if m:
        state = _state_postal(m.group("state"))
        if state:
            guess = state + (m.group("dir") or "").lower() + "d"
            if guess in by_id:
                return guess
    return None


@lru_cache(maxsize=128)
def _abbreviate_states(text: str) -> str:
    return _STATE_NAMES.sub(lambda m: T10_STATES[m.group(1)], text)


def _state_postal(abbrev: str) -> str | None:
    """Two-letter postal code of a T10 state abbreviation, via courts-db district names."""
    _, by_id = _index()
    wanted = _key(abbrev)
    names = [full for full, short in T10_STATES.items() if _key(short) == wanted]
    if not names:
        return None
    for cid, court in by_id.items():
        if (
            len(cid) == 3
            and cid.endswith("d")
            and court.get("system") == "federal"
            and f"district of {names[0].lower()}" in str(court.get("name", "")).lower()
        ):
            return cid[:2]
    return None


def court_citation(court_id: str | None, fallback: str | None = None) -> str | None:
    """Bluebook court abbreviation for a courts-db id (``ca7`` -> ``7th Cir.``)."""
    if court_id:
        court = _index()[1].get(court_id)
        if court and court.get("citation_string"):
            text = _abbreviate_states(str(court["citation_string"]))
            # courts-db drops the final period of some strings ("E.D.N.Y").
            return text + "." if re.search(r"\.[A-Z]$", text) else text
    if fallback:
        return _GLUED_ABBREV.sub(" ", fallback.strip().rstrip(","))
    return None


def court_level(court_id: str | None) -> int:
    """How much weight a court's decisions carry, for ranking."""
    if not court_id:
        return LEVEL_OTHER
    if court_id == "scotus":
        return LEVEL_SCOTUS
    if re.fullmatch(r"ca\d+|cadc|cafc", court_id):
        return LEVEL_APPELLATE
    court = _index()[1].get(court_id) or {}
    # courts-db marks some federal districts "appellate" (ksd); trust the id shape.
    if court.get("system") == "federal" and re.fullmatch(r"[a-z]{2}[nsewcm]?d", court_id):
        return LEVEL_TRIAL
    kind = court.get("type")
    if kind == "appellate":
        return LEVEL_APPELLATE
    if kind == "trial":
        return LEVEL_TRIAL
    return LEVEL_OTHER


def court_from_text(text: str) -> str | None:
    """Best courts-db id for a court named in a caption ("DISTRICT OF CONNECTICUT")."""
    import courts_db

    try:
        ids = courts_db.find_court(text)
    except Exception:  # courts-db raises on odd input; a caption is optional
        return None
    trial = [i for i in ids if not i.endswith("b")]
    return (trial or ids or [None])[0]


def resolve_court(text: str) -> str:
    """The courts-db id meant by ``text``: an id (``ca7``) or a Bluebook abbreviation (``7th Cir.``).

    Raises:
        OptionError: no court has that id or abbreviation; the message gives
            the valid forms, and the court whose name holds ``text`` when
            there is just one.

    Example:
        >>> resolve_court("7th Cir."), resolve_court("ilnd")
        ('ca7', 'ilnd')
    """
    from kb.errors import OptionError

    wanted = text.strip()
    by_id = _index()[1]
    if wanted.lower() in by_id:
        return wanted.lower()
    found = court_id_for(wanted) if wanted else None
    if found:
        return found
    hint = ""
    if len(wanted) >= 4:
        named = [cid for cid, court in by_id.items() if wanted.lower() in str(court.get("name", "")).lower()]
        # Prefer the courts a search filter is mostly for: the Supreme Court and the circuits.
        top = [cid for cid in named if re.fullmatch(r"scotus|ca\d+|cadc|cafc", cid)]
        federal = top or [cid for cid in named if by_id[cid].get("system") == "federal"] or named
        if len(federal) == 1:
            hint = f" (did you mean {federal[0]}, {court_citation(federal[0])!r}?)"
    raise OptionError(
        f"unknown court {text!r}{hint}; give a courts-db id such as ca7 or scotus,"
        " or a Bluebook abbreviation such as '7th Cir.' or 'N.D. Ill.'"
    )
