"""Court identity from courts-db: parenthetical strings to court ids and back.

eyecite's ``get_court_by_paren`` scans every courts-db entry with a regex
substitution per call and misses glued or spelled-out forms (``7th Cir.1996``
after the year is split off works, ``D. Kansas`` does not). We index
courts-db's citation strings once per process and look strings up in a dict.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from kb.tables import POSTAL_STATES, T10_STATES

# Court levels for ranking: Supreme Court > circuits > districts > the rest.
LEVEL_SCOTUS, LEVEL_APPELLATE, LEVEL_TRIAL, LEVEL_OTHER = 3, 2, 1, 0

_NON_WORD = re.compile(r"[^\w]")
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
def _spelled_postal(text: str) -> str:
    """A citation string that is a state's postal code ("NY", courts-db's for the New York
    Court of Appeals) as the state's name, which T10 then abbreviates ("N.Y.", Bluebook T1)."""
    return POSTAL_STATES.get(text.lower(), text) if len(text) == 2 and text.isupper() else text


def _abbreviate_states(text: str) -> str:
    return _state_names().sub(lambda m: T10_STATES[m.group(1)], text)


@cache
def _state_names() -> re.Pattern[str]:
    """The T10 state names, compiled when first needed (a ranking that reads only levels never needs them)."""
    return re.compile(r"\b(" + "|".join(sorted(T10_STATES, key=len, reverse=True)) + r")\b")


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
    """Bluebook court abbreviation for a courts-db id (``ca7`` -> ``7th Cir.``; the Supreme Court: ``U.S.``)."""
    if court_id == "scotus":
        return "U.S."
    if court_id:
        court = _index()[1].get(court_id)
        if court and court.get("citation_string"):
            text = _abbreviate_states(_spelled_postal(str(court["citation_string"])))
            # courts-db drops the final period of some strings ("E.D.N.Y").
            return text + "." if re.search(r"\.[A-Z]$", text) else text
    if fallback:
        return _GLUED_ABBREV.sub(" ", fallback.strip().rstrip(","))
    return None


def court_level(court_id: str | None) -> int:
    """How much weight a court's decisions carry, for ranking.

    Read from the table generated from courts-db (``kb/court_levels.py``), so
    that ranking a search does not load courts-db; an id the table lacks is
    looked up in courts-db.
    """
    from kb.court_levels import LEVELS

    if not court_id:
        return LEVEL_OTHER
    level = level_from_id(court_id)
    if level is None:
        level = LEVELS.get(court_id)
    return level_from_courts_db(court_id) if level is None else level


def level_from_id(court_id: str) -> int | None:
    """The level the id alone tells: the Supreme Court and the federal circuits."""
    if court_id == "scotus":
        return LEVEL_SCOTUS
    if re.fullmatch(r"ca\d+|cadc|cafc", court_id):
        return LEVEL_APPELLATE
    return None


def level_from_courts_db(court_id: str) -> int:
    """The level of a court as courts-db describes it."""
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


def courts_by_id() -> dict[str, dict[str, object]]:
    """Every courts-db court by id (built once per process)."""
    return _index()[1]


def state_abbreviation(court_id: str | None) -> str | None:
    """The Bluebook (T10) abbreviation of a state court's state (``wis`` -> ``Wis.``)."""
    court = courts_by_id().get(court_id or "")
    if not court or court.get("system") != "state":
        return None
    return T10_STATES.get(str(court.get("location") or ""))


# --- courts named in captions ------------------------------------------------

# A caption line longer than this is prose, not a court's name; it is never
# looked up (and the memo below stays small).
MAX_COURT_LINE = 160
# Distinct caption lines remembered per process: a corpus repeats a few hundred
# court lines ("United States Court of Appeals For the First Circuit") thousands of times.
COURT_LINE_MEMO = 8192
# Federal umbrella entries whose children (districts, circuits) are courts in their own right.
_UMBRELLA_PARENTS = frozenset({"usdistct", "uscirct"})
_PUNCT = re.compile(r"[^\w&' ]+")
_SPACES = re.compile(r"\s+")
_FOR_COUNTY = re.compile(r"(?i)\s+for\s+[a-z. ]{1,30}?\s+county\s+(?=[a-z ]{4,20}$)")


def _required_literals(pattern: str) -> tuple[str, ...]:
    """Substrings every match of a courts-db regex must contain (lower-cased).

    Walks the top level of the parsed pattern (and groups without
    alternation) collecting runs of literal characters; anything optional,
    repeated or alternated ends a run. A pattern we cannot parse has none,
    so it is always tried.
    """
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_parse  # type: ignore[no-redef]
    constants = sre_parse  # LITERAL, SUBPATTERN and BRANCH live on the parser module too
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:  # courts-db compiles them; a parse failure just disables the filter
        return ()
    runs: list[str] = []

    def walk(items: object, top: bool) -> None:
        current: list[str] = []
        for op, arg in items:  # type: ignore[attr-defined]
            if op is constants.LITERAL:
                current.append(chr(arg))
                continue
            if current:
                runs.append("".join(current).lower())
                current = []
            if top and op is constants.SUBPATTERN and not any(o is constants.BRANCH for o, _ in arg[3]):
                walk(arg[3], False)
        if current:
            runs.append("".join(current).lower())

    walk(parsed, True)
    return tuple(r for r in runs if r.strip())


# Literal runs shorter than this ("u", " s") are too common to index a regex by.
_KEY_LENGTH = 3
# (required literals, pattern, court id, court type); the pattern is compiled when first tried.
_Entry = tuple[tuple[str, ...], str, str, str]


def _courts_db_patterns() -> list[tuple[str, str, str]]:
    """(pattern, court id, court type) of every courts-db regex, in ``courts_db.regexes``' order.

    ``courts_db.regexes`` compiles all ~8,400 of them (about 0.4 s in every
    process); a caption line needs a few dozen, so they are gathered here as
    courts-db gathers them (its regexes, then its name) and compiled on use.
    """
    import courts_db

    out = []
    for court in courts_db.courts:
        for pattern in [*court["regex"], court["name"]]:
            out.append((pattern.replace("\\\\", "\\"), court["id"], court["type"]))
    return out


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A courts-db pattern compiled with courts-db's flags, once per process."""
    return re.compile(pattern, re.I | re.U)


# Where the caption index is kept between processes (built in about 0.3 s, read in a tenth of that).
CAPTION_INDEX_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kb"
# Part of the cached index's name: change it when the way the index is built changes.
CAPTION_INDEX_VERSION = 1


@cache
def _caption_regexes() -> tuple[dict[str, list[_Entry]], list[_Entry]]:
    """:func:`_build_caption_regexes`, read from :data:`CAPTION_INDEX_CACHE` when built before.

    The file is named by a hash of every courts-db pattern, the Python version
    (whose regex parser finds the literals) and :data:`CAPTION_INDEX_VERSION`,
    so a new courts-db or Python builds a new one. A cache that cannot be read
    or written is simply not used.
    """
    patterns = _courts_db_patterns()
    key = hashlib.sha256(
        json.dumps([CAPTION_INDEX_VERSION, sys.version, patterns], ensure_ascii=False).encode("utf-8")
    ).hexdigest()[:32]
    path = CAPTION_INDEX_CACHE / f"caption-courts-{key}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        index = {gram: [_entry(e) for e in entries] for gram, entries in stored["index"].items()}
        return index, [_entry(e) for e in stored["always"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    index, always = _build_caption_regexes(patterns)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as fh:
            json.dump({"index": index, "always": always}, fh, ensure_ascii=False)
        os.replace(fh.name, path)  # whole or not at all, whatever other processes do meanwhile
    except OSError:
        pass
    return index, always


def _entry(stored: list[Any]) -> _Entry:
    literals, pattern, court_id, kind = stored
    return tuple(literals), pattern, court_id, kind


def _build_caption_regexes(patterns: list[tuple[str, str, str]]) -> tuple[dict[str, list[_Entry]], list[_Entry]]:
    """courts-db's regexes indexed by a trigram each requires.

    ``courts_db.find_court`` runs all of its ~8,400 regexes against every
    string (about 8 ms a call), too slow for the loader, which looks up a few
    caption lines in every file. A regex cannot match a line that lacks one
    of its required literals, so each regex is filed under the rarest
    three-letter piece of its literals; a line's own trigrams then pick out
    the few dozen regexes worth running. Regexes with no literal that long
    (a dozen or so) are always run.

    Returns:
        the trigram index and the list of regexes that are always run.
    """
    entries: list[tuple[set[str], _Entry]] = []
    counts: dict[str, int] = {}
    literals_of: dict[str, tuple[str, ...]] = {}  # courts-db repeats a sixth of its patterns
    for pattern, court_id, kind in patterns:
        literals = literals_of.get(pattern)
        if literals is None:
            literals = literals_of[pattern] = _required_literals(pattern)
        grams = {lit[i : i + _KEY_LENGTH] for lit in literals for i in range(len(lit) - _KEY_LENGTH + 1)}
        for gram in grams:
            counts[gram] = counts.get(gram, 0) + 1
        entries.append((grams, (literals, pattern, court_id, kind)))
    index: dict[str, list[_Entry]] = {}
    always: list[_Entry] = []
    for grams, entry in entries:
        if grams:
            index.setdefault(min(grams, key=lambda g: (counts[g], g)), []).append(entry)
        else:
            always.append(entry)
    return index, always


def prepare_caption_courts() -> None:
    """Build what :func:`court_from_caption` needs, so that processes forked after this share it."""
    _caption_regexes()
    _caption_aliases()
    _index()


def _top_court(court_id: str) -> str:
    """The court a state court's division or district belongs to (``ohctapp8`` -> ``ohioctapp``).

    CourtListener identifies a state court as a whole (``calctapp``, not its
    Second District); federal districts and circuits are courts of their own.
    """
    by_id = _index()[1]
    seen = {court_id}
    while True:
        court = by_id.get(court_id) or {}
        parent = court.get("parent")
        if not parent or parent in seen or parent in _UMBRELLA_PARENTS or court.get("system") == "federal":
            return court_id
        seen.add(str(parent))
        court_id = str(parent)


@lru_cache(maxsize=COURT_LINE_MEMO)
def court_from_caption(line: str) -> str | None:
    """The courts-db id of the court a caption line names, or None.

    The longest courts-db match wins (``Appellate Division`` over ``Supreme
    Court`` in "Supreme Court of the State of New York, Appellate Division"),
    a bankruptcy court only when the line says so, and a state court's
    division rolls up to the court (see :func:`_top_court`).

    Example:
        >>> court_from_caption("United States Court of Appeals For the First Circuit")
        'ca1'
        >>> court_from_caption("COURT OF APPEALS OF OHIO EIGHTH APPELLATE DISTRICT")
        'ohioctapp'
    """
    text = _SPACES.sub(" ", line).strip()
    if not text or len(text) > MAX_COURT_LINE:
        return None
    for alias, court_id in _caption_aliases():
        if alias.search(text):
            return court_id
    plain = _SPACES.sub(" ", _PUNCT.sub(" ", text)).strip()
    # "Supreme Court of the State of South Dakota": courts-db names the state bare
    variants = {text, plain, re.sub(r"(?i)\b(?:the )?state of ", "", plain)}
    # "Court of Appeals for Montgomery County, Ohio": the court of the state, sitting for a county
    variants.add(_FOR_COUNTY.sub(" of ", plain))
    bankruptcy = "bankruptcy" in text.lower()
    best: tuple[int, int, str] | None = None
    index, always = _caption_regexes()
    for variant in variants:
        lowered = variant.lower()
        grams = {lowered[i : i + _KEY_LENGTH] for i in range(len(lowered) - _KEY_LENGTH + 1)}
        candidates = [e for g in grams for e in index.get(g, ())] + always
        for literals, pattern, court_id, kind in candidates:
            if (kind == "bankruptcy") != bankruptcy:
                continue
            if any(lit not in lowered for lit in literals):
                continue
            m = _compiled(pattern).search(variant)
            if m and m.end() > m.start():
                rank = (m.end() - m.start(), -len(court_id), court_id)
                if best is None or rank > best:
                    best = rank
    return _top_court(best[2]) if best else None


@cache
def _caption_aliases() -> tuple[tuple[re.Pattern[str], str], ...]:
    from kb.tables import CAPTION_COURTS

    return tuple((re.compile(p), court_id) for p, court_id in CAPTION_COURTS)


def court_abbreviation(court_id: str | None) -> str | None:
    """Bluebook abbreviation of a court for an opinion's caption (``scotus`` -> ``U.S.``).

    As :func:`court_citation`, except that the Supreme Court, which courts-db
    abbreviates "SCOTUS", is cited by its reporter (Bluebook rule 10.4(a)).
    """
    if court_id == "scotus":
        return "U.S."
    return court_citation(court_id)


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
