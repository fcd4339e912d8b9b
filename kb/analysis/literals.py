"""Literal strings a regular expression's every match contains: a cheap test before the expensive search.

A pattern whose every match holds "overrul" cannot match a sentence without
it, and ``str.find`` answers that faster than the pattern can. The literals are
read off the parsed pattern, so a table of patterns needs no list of trigger
words kept beside it.
"""

from __future__ import annotations

import re
import sys

if sys.version_info >= (3, 11):
    from re import _parser as _sre_parse
else:  # pragma: no cover
    import sre_parse as _sre_parse


def required_literals(rx: re.Pattern[str]) -> tuple[str, ...]:
    """Literal strings one of which every match of ``rx`` contains, or ``()`` when none can be read off it.

    Read from the parsed pattern: a run of literal characters outside any
    optional part, or one from each alternative of a group. Of those the set
    whose shortest string is longest is kept. A case-insensitive pattern has none.

    Example:
        >>> required_literals(re.compile(r"\\b(?:is|was)\\s+(?:overruled|abrogated)\\b"))
        ('abrogated', 'overruled')
    """
    if rx.flags & re.IGNORECASE:
        return ()
    try:
        found = _literals(_sre_parse.parse(rx.pattern, rx.flags))
    except Exception:  # noqa: BLE001  (a parser of another Python: no prefilter, same results)
        return ()
    return tuple(sorted(found)) if found else ()


def _literals(items) -> frozenset[str] | None:  # type: ignore[no-untyped-def]
    """Literal strings one of which every match of the parsed sequence ``items`` contains; None if unknown."""
    sp = _sre_parse
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is sp.LITERAL:
            run.append(chr(av))
            continue
        if run:
            options.append(frozenset(["".join(run)]))
            run = []
        sub = None
        # CASE 1: a group, unless case-insensitive
        if op is sp.SUBPATTERN and not av[1] & re.IGNORECASE:
            sub = _literals(av[3])
        # CASE 2: alternatives, each of which must hold one
        elif op is sp.BRANCH:
            alternatives = [_literals(alt) for alt in av[1]]
            sub = frozenset().union(*(a for a in alternatives if a)) if all(alternatives) else None
        # CASE 3: a repeat taken at least once
        elif op in (sp.MAX_REPEAT, sp.MIN_REPEAT) and av[0] >= 1:
            sub = _literals(av[2])
        if sub:
            options.append(sub)
    return max(options, key=lambda o: min(map(len, o)), default=None)


def may_match(literals: tuple[str, ...], text: str) -> bool:
    """False only when ``text`` holds none of ``literals`` (so a pattern they were read off cannot match it)."""
    return not literals or any(lit in text for lit in literals)


def occurrences(text: str, literal: str) -> list[int]:
    """Every start of ``literal`` in ``text``, overlapping ones included."""
    out = []
    pos = text.find(literal)
    while pos >= 0:
        out.append(pos)
        pos = text.find(literal, pos + 1)
    return out
