"""Bluebook abbreviations of case names (T6) and of places (T10), from reporters-db.

reporters-db's ``CASE_NAME_ABBREVIATIONS`` is Bluebook T6 (words in case
names) and its ``STATE_ABBREVIATIONS`` is T10 (states). The few T6 words it
lacks are in :data:`kb.tables.T6_SUPPLEMENT`, with their source.

:func:`abbreviate_case_name` applies them as Bluebook rule 10.2.2 does in
citations: every T6 word, plurals too (``Services`` -> ``Servs.``); a state's
name unless it is the whole party (``Massachusetts v. EPA`` stays, ``Mass. Pub.
Interest Rsch. Grp. v. ...`` does not); ``United States`` likewise.
"""

from __future__ import annotations

import re
from functools import cache

# T6 entries too ambiguous to apply to any word of a name: "No." (Number) and
# "Op." (Opinion) abbreviate words that are almost never in a party's name,
# "St." is Street but also Saint, "Cty." is an older form of "Cnty.".
_SKIPPED = frozenset({"No.", "Op.", "St.", "Cty.", "Advert", "U.S."})
# Directions that T6 abbreviates only as words of a name, never inside a
# state's name (those go by T10 first).
_PARTY_SPLIT = re.compile(r"\s+v\.\s+")


@cache
def t10_states() -> dict[str, str]:
    """State name -> Bluebook T10 abbreviation (``Massachusetts`` -> ``Mass.``): reporters-db's, as :data:`kb.tables.T10_STATES`."""
    from kb.tables import T10_STATES

    return T10_STATES


@cache
def t6_words() -> dict[str, str]:
    """Word -> Bluebook T6 abbreviation, plurals included (``Service``, ``Services`` -> ``Serv.``, ``Servs.``)."""
    import reporters_db

    from kb.tables import T6_SUPPLEMENT, T6_VARIANTS

    words: dict[str, str] = {}
    for abbrev, spelled in reporters_db.CASE_NAME_ABBREVIATIONS.items():
        if abbrev in _SKIPPED:
            continue
        for word in spelled:
            words.setdefault(word, abbrev)
    words.update(T6_SUPPLEMENT)
    words.update(T6_VARIANTS)
    for word, abbrev in list(words.items()):
        # Bluebook T6: plurals add "s" to the abbreviation ("Ass'ns", "Servs.").
        plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
        if word[:1].isupper() and plural not in words and abbrev != "&":
            words[plural] = abbrev[:-1] + "s." if abbrev.endswith(".") else abbrev + "s"
    return words


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = sorted(t6_words(), key=len, reverse=True)
    states = sorted(t10_states(), key=len, reverse=True)
    return (
        re.compile(r"(?<![\w'’])(" + "|".join(re.escape(w) for w in words) + r")(?![\w'’])"),
        re.compile(r"(?<![\w'’])(" + "|".join(re.escape(s) for s in states) + r")(?![\w'’])"),
    )


def abbreviate_case_name(name: str) -> str:
    """Bluebook T6 and T10 abbreviations of a case name, as in a citation.

    Example:
        >>> abbreviate_case_name("Massachusetts Public Interest Research Group v. Secretary of the Commonwealth")
        "Mass. Pub. Interest Rsch. Grp. v. Sec'y of the Commonwealth"
        >>> abbreviate_case_name("Massachusetts v. Environmental Protection Agency")
        "Massachusetts v. Env't Prot. Agency"
    """
    words, states = _patterns()
    t6, t10 = t6_words(), t10_states()
    parties = _PARTY_SPLIT.split(name)
    out = []
    for party in parties:
        bare = re.sub(r"^(?:(?:State|Commonwealth|People) of (?:the )?)+", "", party.split(" ex rel.")[0]).strip(" ,")
        whole_place = bare in t10 or bare in ("United States", "United States of America")
        if not whole_place:
            party = states.sub(lambda m: t10[m.group(1)], party)
            party = re.sub(r"(?<![\w'’])United States(?! of America\b)(?![\w'’])", "U.S.", party)
        out.append(words.sub(lambda m: t6[m.group(1)], party))
    return " v. ".join(out)
