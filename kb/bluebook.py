"""Format authorities as a brief writer pastes them (Bluebook style)."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Reporters whose citations imply the Supreme Court: no court in the parenthetical.
SCOTUS_REPORTERS = ("U.S.", "S. Ct.", "L. Ed.", "L. Ed. 2d", "U. S.")


def case_citation(
    name: str | None,
    citations: Sequence[str],
    court: str | None,
    year: int | None,
    pin: str | None = None,
    parenthetical: str | None = None,
) -> str:
    """A full case citation.

    Example:
        >>> case_citation("Sharif v. Ashcroft", ["280 F.3d 786"], "7th Cir.", 2002, "787")
        'Sharif v. Ashcroft, 280 F.3d 786, 787 (7th Cir. 2002)'
    """
    parts = []
    for i, cite in enumerate(citations):
        # Westlaw and Lexis pins take "at": "2003 WL 1860517, at *2".
        at = "at " if pin and pin.startswith("*") else ""
        parts.append(cite + (f", {at}{pin}" if i == 0 and pin else ""))
    text = ", ".join(p for p in [name or "", ", ".join(parts)] if p)
    paren_court = "" if (court in (None, "U.S.") or _is_scotus(citations)) else court
    when = " ".join(str(x) for x in (paren_court, year) if x)
    if when:
        text += f" ({when})"
    if parenthetical:
        text += f" ({parenthetical})"
    return text


def _is_scotus(citations: Sequence[str]) -> bool:
    return any(re.match(r"^\d+ (?:U\. ?S\.|S\. Ct\.|L\. Ed\.)", c) for c in citations)


def authority_citation(
    kind: str,
    key: str,
    name: str | None,
    citations: Sequence[str],
    court: str | None,
    year: int | None,
    pin: str | None = None,
    parenthetical: str | None = None,
) -> str:
    """The Bluebook full form of any authority."""
    if kind == "case":
        return case_citation(name, citations or [key], court, year, pin, parenthetical)
    text = key if kind != "other" else (name or key)
    if pin and kind == "other":
        text += f", at {pin}"
    if parenthetical:
        text += f" ({parenthetical})"
    return text


def natural_key(text: str) -> tuple[object, ...]:
    """Sort key that orders ``§ 9`` before ``§ 10``."""
    return tuple(int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", text))
