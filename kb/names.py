"""Case names: where they stop, how scraping broke them, how Bluebook writes them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from kb.abbreviations import abbreviate_case_name

# Lower-case words that occur inside case names.
CONNECTORS = frozenset(
    [
        "of",
        "the",
        "a",
        "an",
        "and",
        "for",
        "ex",
        "rel.",
        "rel",
        "de",
        "la",
        "del",
        "des",
        "du",
        "van",
        "von",
        "der",
        "y",
        "zur",
        "zu",
        "on",
        "to",
        "&",
        "v.",
        "v",
        "vs.",
        "et",
        "al.",
        "a/k/a",
        "d/b/a",
        "re",
        "in",
        "upon",
        "–",
        "—",
        "-",
    ]
)
# Capitalised words that begin a sentence or a citation clause, never a name.
STOP_WORDS = frozenset(
    [
        "See",
        "Cf.",
        "Cf",
        "But",
        "Accord",
        "Compare",
        "Contra",
        "E.g.",
        "E.g.,",
        "In",
        "As",
        "Under",
        "Because",
        "Although",
        "Here",
        "Thus",
        "Since",
        "While",
        "When",
        "Also",
        "And",
        "Unlike",
        "Like",
        "After",
        "Before",
        "Following",
        "Moreover",
        "Similarly",
        "Likewise",
        "Finally",
        "Indeed",
        "However",
        "Nonetheless",
        "Accordingly",
        "Therefore",
        "Notably",
        "Then",
        "Even",
        "If",
        "Where",
        "Whether",
        "That",
        "This",
        "These",
        "Those",
        "It",
        "Its",
        "Id.",
        "Id",
        "Quoting",
        "Citing",
        "Applying",
        "Relying",
        "Further",
        "Although,",
        "Still",
        "Yet",
        "Only",
    ]
)
SIGNAL_WORDS = frozenset(
    [
        "see",
        "also",
        "cf.",
        "cf",
        "e.g.",
        "e.g.,",
        "e.g",
        "accord",
        "compare",
        "contra",
        "but",
        "generally",
        "quoting",
        "citing",
        "id.",
        "supra",
    ]
)

_SPLIT_HEAD = re.compile(r"^[A-Z][a-z]+$")
_SPLIT_MID = re.compile(r"^[a-z]$")
_SPLIT_TAIL = re.compile(r"^[a-z]+,?$")
_DASH = re.compile(r"(?<=\w)\s+[–—-]\s+(?=\w)|(?<=\w)[–—](?=\w)")
_ACRONYM_PARTY = re.compile(r"^(?:[A-Z]\.){2,}$")
# Bluebook 10.2.1: "In the Matter of X" and "Matter of X" are cited "In re X";
# "Commissioner of Internal Revenue" is cited "Commissioner".
_MATTER_OF = re.compile(r"^(?:In\s+the\s+)?Matter\s+of\s+", re.IGNORECASE)
_CIR = re.compile(r"\bCommissioner of Internal Revenue\b", re.IGNORECASE)
_AND = re.compile(r"(?<=\S)\s+and\s+(?=\S)")
_SPACE_COMMA = re.compile(r"\s+,")


# A capitalised whole word with a period, which ends a sentence ("Court."),
# as opposed to an abbreviation ("Corp.", "Mass.", "Assocs.").
_SENTENCE_END = re.compile(r"[A-Z][a-z]{4,}\.")


@cache
def _abbreviations() -> frozenset[str]:
    """Words that end in a period inside a case name: T6 and T10 abbreviations, without the period."""
    from kb.abbreviations import t6_words, t10_states

    return frozenset(a.rstrip(".") for a in (*t6_words().values(), *t10_states().values())) | {"Assocs", "Servs"}


# A surname that opens with a lower-case particle: "al-Kidd", "el-Masri", "d'Amato", "bin Laden", "van Buren".
_PARTICLE_SURNAME = re.compile(
    r"^(?:al|el|ul|bin|ibn|abu|d|de|da|di|du|la|le|van|von|der|den|dos|das|del|della)[-'’]\w", re.I
)
_STANDALONE_PARTICLES = frozenset(
    [
        "van",
        "von",
        "de",
        "del",
        "della",
        "der",
        "den",
        "da",
        "di",
        "du",
        "la",
        "le",
        "bin",
        "ibn",
        "al",
        "el",
        "dos",
        "das",
    ]
)


def is_particle(token: str, following: str) -> bool:
    """Whether a lower-case ``token`` is part of a surname (``al-Kidd``; ``de`` in ``de la Garza``)."""
    bare = token.rstrip(",")
    if _PARTICLE_SURNAME.match(bare) and bare[:1].islower():
        return True
    return bare in _STANDALONE_PARTICLES and (following[:1].isupper() or following in _STANDALONE_PARTICLES)


def is_stop_token(token: str, following: str) -> bool:
    """Whether a name read backwards from a citation stops before ``token``."""
    bare = token.rstrip(",")
    if not re.search(r"[\w&–—-]", token):
        return True  # a lone "." or "§" ends the previous sentence or cite
    if token.endswith((";", ":")) or token.startswith(("(", "“", '"', "[")):
        return True
    if re.search(r"[)”\"]\W*$", token) or (token.endswith("’") and not token.endswith("s’")):
        return True
    if bare.lower() in SIGNAL_WORDS:
        return True
    if bare in STOP_WORDS and not (bare == "In" and following in ("re", "Re")):
        return True
    if bare == "in" and following not in ("re", "Re"):
        return True  # "overruled Chisolm in State v. Taylor": "in" joins a name only in "In re"
    if bare == "from" and following == "Probate":
        return False  # "Mix's Appeal from Probate"
    if token[:1].islower() and token not in CONNECTORS and bare not in CONNECTORS and not is_particle(token, following):
        return True
    if _SENTENCE_END.fullmatch(bare) and bare[:-1] not in _abbreviations():
        return True  # "the Superior Court. Loomis v. Eaton": a whole word ends the sentence before
    if re.search(r"\d", token) and not re.fullmatch(r"\d+(?:st|nd|rd|th)|\d+,?", token):
        return True
    return bool(token.endswith(".") and token[:1].islower() and token not in CONNECTORS)


def merge_split_tokens(tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Join a word a scraper split around one highlighted letter.

    ``Huss a in`` -> ``Hussain``, ``Elg h arib`` -> ``Elgharib``: a capitalised
    fragment, a lone lower-case letter and a lower-case fragment never occur in
    a case name otherwise.
    """
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(tokens):
        if (
            i + 2 < len(tokens)
            and _SPLIT_HEAD.match(tokens[i][0])
            and _SPLIT_MID.match(tokens[i + 1][0])
            and _SPLIT_TAIL.match(tokens[i + 2][0])
        ):
            text = tokens[i][0] + tokens[i + 1][0] + tokens[i + 2][0]
            out.append((text, tokens[i][1], tokens[i + 2][2]))
            i += 3
            continue
        out.append(tokens[i])
        i += 1
    return out


# "Louis Ilfeld Co. et al. v. Southern Pac. Co.": Bluebook 10.2.1(a) omits "et al." and "et ux.".
_ET_AL = re.compile(r",?\s+et\s+(?:al|ux|vir)\.?(?=\s+v\.\s|,|$)")


def normalize_case_name(name: str) -> str:
    """Bluebook-normalise a case name as printed.

    Repairs scraping glitches, spaced dashes and stray commas, drops the
    periods of an initialism that is a whole party (``I.N.S.`` -> ``INS``,
    never ``U.S.``), writes "Matter of X" as "In re X" and "and" as "&", and
    applies the Bluebook T6 and T10 abbreviations (:mod:`kb.abbreviations`).

    Example:
        >>> normalize_case_name("Reno v. American-Arab Anti – Discrimination Committee")
        'Reno v. Am.-Arab Anti-Discrimination Comm.'
        >>> normalize_case_name("Huss a in v. I.N.S.")
        'Hussain v. INS'
        >>> normalize_case_name("Louis Ilfeld Co. et al. v. Smith et ux.")
        'Louis Ilfeld Co. v. Smith'
    """
    tokens = [(t, 0, 0) for t in name.split()]
    name = " ".join(t for t, _, _ in merge_split_tokens(tokens))
    name = _DASH.sub("-", name)
    name = _SPACE_COMMA.sub(",", name).strip(" ,;")
    name = _ET_AL.sub("", name)
    parts = re.split(r"\s+v\.\s+", name, maxsplit=1)
    parts = [p.replace(".", "") if _ACRONYM_PARTY.match(p) and p != "U.S." else p for p in parts]
    name = " v. ".join(parts)
    name = _MATTER_OF.sub("In re ", name)
    name = _CIR.sub("Commissioner", name)
    name = _AND.sub(" & ", name)
    return abbreviate_case_name(name)


def best_name(names: Iterable[str | None]) -> str | None:
    """The best-formed of several printed names for one authority.

    A full ``X v. Y`` name beats a one-party short name; among full names the
    longest (most complete) wins, ties going to the most frequent.
    """
    counts: dict[str, int] = {}
    for n in names:
        if n:
            counts[n] = counts.get(n, 0) + 1
    if not counts:
        return None

    def score(n: str) -> tuple[int, int, int]:
        full = " v. " in n or n.lower().startswith(("in re ", "ex parte ", "matter of "))
        return (int(full), len(n), counts[n])

    return max(counts, key=score)


def best_attested(counts: dict[str, int]) -> str | None:
    """The name most printed for one authority across opinions (``counts``: name -> references).

    A full ``X v. Y`` (or ``In re``) name beats a one-party short name; among
    full names the most printed wins, then the longest.
    """
    counts = {n: c for n, c in counts.items() if n}
    if not counts:
        return None

    def score(n: str) -> tuple[int, int, int]:
        full = " v. " in n or n.lower().startswith(("in re ", "ex parte ", "matter of "))
        return (int(full), counts[n], len(n))

    return max(counts, key=score)
